//! Generators of pathological inputs, one set per importer: what a hostile or broken file can
//! look like. Each returns (name, bytes) of about `n` bytes. The tests import them at a modest
//! size (no panic, imported or refused with a message); `benches/import.rs` imports them at
//! 1 MB and measures time.

/// `piece` repeated to about `n` bytes, between `head` and `tail`.
fn fill(head: &str, piece: &str, tail: &str, n: usize) -> Vec<u8> {
    let count = n.saturating_sub(head.len() + tail.len()) / piece.len().max(1);
    let mut s = String::with_capacity(n);
    s.push_str(head);
    for _ in 0..count {
        s.push_str(piece);
    }
    s.push_str(tail);
    s.into_bytes()
}

/// Plain text.
pub fn text(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("controls.txt", fill("Title\n", "\u{0}\u{1b}[31m\u{7}", "", n)),
        ("one-line.txt", fill("", "word ", "", n)),
        ("carriage-returns.txt", fill("x", "\r", "y", n)),
        ("invalid-utf8.txt", fill("", "\u{a0}", "", n).into_iter().map(|b| if b == 0xC2 { 0xFF } else { b }).collect()),
    ]
}

/// Markdown.
pub fn markdown(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    let half = n / 2;
    let mut links = fill("", "[", "", half);
    links.extend(fill("x", "](y)", "", half));
    vec![
        ("nested-links.md", links),
        ("open-angles.md", fill("", "<", "", n)),
        ("emphasis.md", fill("", "*_", "", n)),
        ("quotes.md", fill("", ">", "x", n)),
        ("lists.md", fill("", "- ", "x", n)),
        ("backticks.md", fill("", "`", "", n)),
        ("link-defs.md", fill("", "[a]: <", "", n)),
        // HTML blocks are read by the page reader's parser: nested, and many small ones.
        ("html-block-nested.md", fill("<div>", "<div>", "", n)),
        ("html-blocks.md", fill("", "<div>x</div>\n\n", "", n)),
    ]
}

/// Web pages.
pub fn html(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("ampersands.html", fill("<html><body><p>", "&", "</p></body></html>", n)),
        ("entities.html", fill("<p>", "&#0;&#x1b;&bogus", "</p>", n)),
        ("scripts.html", fill("<html><body>", "<script>x</script>", "<p>text</p></body></html>", n)),
        ("nested-divs.html", fill("<html><body>", "<div>", "x</body></html>", n)),
        ("nested-lists.html", fill("<ul>", "<li>item <ul>", "", n)),
        ("attributes.html", fill("<p ", "a=\"x\" ", ">t</p>", n)),
        ("comments.html", fill("<body>", "<!--", "", n)),
        ("formatting.html", fill("<p>", "<b><i>", "x</p>", n)),
        ("tables.html", fill("<body>", "<table><tr><td>", "x", n)),
        ("anchors.html", fill("<body>", "<a href=x>", "text", n)),
        ("paragraphs.html", fill("<body>", "<p>word, word ", "", n)),
        ("open-angles.html", fill("<p>", "<", "</p>", n)),
        ("json-ld.html", fill("<script type=\"application/ld+json\">", "[", "</script><p>x</p>", n)),
        // Many inline elements in one paragraph, classed like furniture or not, and ruby
        // readings: each once cost a pass over its siblings (quadratic; 180 KB took 11 s).
        ("inline-spans.html", fill("<article><p>", "<span>word </span>", "</p></article>", n)),
        (
            "furniture-spans.html",
            fill("<p>Prose of the paragraph, long enough to be prose. ", "<span class=share>x</span> ", "</p>", n),
        ),
        ("ruby-readings.html", fill("<p><ruby>漢", "<rt>か", "</ruby></p>", n)),
        ("images.html", fill("<div>", "<img src=x>", "</div>", n)),
        // One linked block of many text nodes: each once counted the whole block again
        // (quadratic: 4 s for 1 MB). And the same markup in a title, decoded as text only.
        ("text-nodes.html", fill("<p><a href=/x>", "x<br>", "</a></p>", n)),
        ("title-markup.html", fill("<head><meta property=og:title content=\"", "&lt;div&gt;", "&amp;amp;\">", n)),
        // End tags the tree builder ignores, each leaving a block open (the guard once let
        // them through: 25 s for 1 MB).
        ("ignored-end-tags.html", fill("<body><p>x</p>", "<span><div></span>", "", n)),
        // Formatting elements a block closes, each reopened before every later text (a second
        // attack: 2.3 GB for 100 KB, an out-of-memory abort at 1 MB).
        ("reopened-formatting.html", {
            let mut b = Vec::with_capacity(n);
            let mut i = 0;
            while b.len() < n {
                b.extend_from_slice(format!("<font color=c{i}><p>x").as_bytes());
                i += 1;
            }
            b.truncate(n);
            b
        }),
        // Not UTF-8, so the encoding is looked for: metas without an end, then bytes of no
        // encoding in particular.
        ("meta-charsets.html", {
            let mut b = fill("<head>", "<meta charset=", "", n / 2);
            b.extend((0..n / 2).map(|i| 0x80 + (i % 128) as u8));
            b
        }),
    ]
}

/// claimscope JSON and W3C JSON-LD.
pub fn json(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("deep.json", fill("", "[", "", n)),
        ("deep-objects.jsonld", fill("", "{\"a\":", "", n)),
        ("long-string.jsonld", fill("{\"type\":\"AnnotationCollection\",\"items\":[\"", "x", "\"]}", n)),
        (
            "many-items.jsonld",
            fill(
                "{\"type\":\"AnnotationCollection\",\"items\":[",
                "{\"type\":\"Annotation\",\"target\":{\"source\":\"s\",\"selector\":[{\"type\":\"TextQuoteSelector\",\"exact\":\"ab\"}]}},",
                "{}]}",
                n,
            ),
        ),
    ]
}

/// brat `.ann` files (each imported with a small `.txt` beside it).
pub fn brat(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("many.ann", fill("", "T1\tFact 0 1\tx\n", "", n)),
        ("fragments.ann", fill("T1\tFact ", "0 1;", "0 1\tx\n", n)),
        ("notes.ann", fill("", "#1\tAnnotatorNotes T1\tnote\n", "", n)),
        ("junk.ann", fill("", "\t\t;;  \n", "", n)),
    ]
}

/// A PDF of `objects` (object 1 the catalogue), with a correct cross-reference table.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (k, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", k + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A one-page PDF whose page draws `content`, with `extra` as object 5.
pub fn pdf_page(content: &[u8], extra: &[u8]) -> Vec<u8> {
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend(content);
    stream.extend(b"\nendstream");
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        stream,
        extra.to_vec(),
    ])
}

/// PDFs.
pub fn pdf(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    vec![
        ("deep-arrays.pdf", pdf_page(b"", &fill("", "[", "", n))),
        ("deep-dicts.pdf", pdf_page(b"", &fill("", "<< /A ", "", n))),
        ("many-glyphs.pdf", pdf_page(&fill("BT /F1 12 Tf 72 700 Td ", "(word ) Tj ", "ET", n), font)),
        ("many-lines.pdf", pdf_page(&fill("BT /F1 12 Tf ", "0 -14 Td (a line) Tj ", "ET", n), font)),
        ("saved-states.pdf", pdf_page(&fill("", "q ", "", n / 3), font)),
        ("no-font.pdf", pdf_page(&fill("BT /F9 12 Tf ", "(x) Tj ", "ET", n), font)),
        ("garbage.pdf", fill("%PDF-1.7\n", "\u{0}\u{ff}obj<<", "", n)),
    ]
}

/// Word and OpenDocument files (zip archives of XML).
pub fn office(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    let zip = |parts: &[(&str, Vec<u8>)]| {
        let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, c)| (*n, c.as_slice())).collect();
        super::office::zip_with(&parts, zip::CompressionMethod::Deflated)
    };
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    vec![
        // Megabytes of XML that pack into little: nesting, and many paragraphs.
        (
            "nested.docx",
            zip(&[("word/document.xml", fill(&format!("<w:document {w}><w:body>"), "<w:sdt>", "", n * 8))]),
        ),
        (
            "paragraphs.docx",
            zip(&[(
                "word/document.xml",
                fill(
                    &format!("<w:document {w}><w:body>"),
                    "<w:p><w:r><w:t>A line.</w:t></w:r></w:p>",
                    "</w:body></w:document>",
                    n * 8,
                ),
            )]),
        ),
        (
            "entities.odt",
            zip(&[("content.xml", fill("<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]><x>", "&a;", "</x>", n))]),
        ),
        // The Word namespace bound to thousands of prefixes, and elements of them all.
        (
            "many-prefixes.docx",
            zip(&[("word/document.xml", {
                let binds: String = (0..n / 60)
                    .map(|k| format!(" xmlns:p{k}=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""))
                    .collect();
                fill(&format!("<w:document {w}{binds}><w:body>"), "<p7:p/><p9:r/>", "</w:body></w:document>", n * 8)
            })]),
        ),
        (
            "many-parts.docx",
            zip(&(0..n / 100)
                .map(|k| (["p", &k.to_string()].concat().leak() as &str, b"x".to_vec()))
                .collect::<Vec<_>>()),
        ),
    ]
}

/// REFI-QDA projects and code books.
pub fn refi(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    let qdpx =
        |qde: Vec<u8>| super::office::zip_with(&[("project.qde", qde.as_slice())], zip::CompressionMethod::Deflated);
    let project = "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">";
    let code = "<Code guid=\"00000000-0000-0000-0000-000000000001\" name=\"c\" isCodable=\"true\">";
    vec![
        // Codes nested some ten thousand deep.
        ("deep-codes.qdpx", qdpx(fill(&format!("{project}<CodeBook><Codes>"), code, "", n))),
        ("deep-codes.qdc", fill("<CodeBook><Codes>", code, "", n)),
        // A one-letter text with thousands of selections over all of it, each coded.
        (
            "many-selections.qdpx",
            qdpx(fill(
                &format!(
                    "{project}<CodeBook><Codes>{code}</Code></Codes></CodeBook><Sources><TextSource guid=\"00000000-0000-0000-0000-000000000002\" name=\"s\"><PlainTextContent>a</PlainTextContent>"
                ),
                "<PlainTextSelection guid=\"00000000-0000-0000-0000-000000000003\" startPosition=\"0\" endPosition=\"99999999999\"><Coding guid=\"00000000-0000-0000-0000-000000000004\"><CodeRef targetGUID=\"00000000-0000-0000-0000-000000000001\"/></Coding></PlainTextSelection>",
                "</TextSource></Sources></Project>",
                n,
            )),
        ),
        // Many sources pointing at files that are not there.
        (
            "missing-sources.qdpx",
            qdpx(fill(
                &format!("{project}<Sources>"),
                "<TextSource guid=\"00000000-0000-0000-0000-000000000002\" plainTextPath=\"internal://x.txt\"/>",
                "</Sources></Project>",
                n,
            )),
        ),
    ]
}

/// RTF.
pub fn rtf(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("deep-groups.rtf", fill("{\\rtf1 ", "{", "", n)),
        ("closing-groups.rtf", fill("{\\rtf1 ", "}", "", n)),
        ("unicode-escapes.rtf", fill("{\\rtf1\\uc9 ", "\\u8212\\'41", "}", n)),
        (
            "long-control-words.rtf",
            fill("{\\rtf1 ", "\\aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa123456789012345678901234567890 ", "}", n),
        ),
        ("paragraphs.rtf", fill("{\\rtf1 ", "a\\par ", "}", n)),
        ("factiva-lines.rtf", fill("{\\rtf1 ", "1 words\\par Document AAAAAAAAAAAAAAAAAAAA\\par ", "}", n)),
    ]
}

/// Web pages saved as one file (MIME).
pub fn mhtml(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        // Multiparts nested in multiparts, each with its own boundary.
        (
            "nested-parts.mhtml",
            fill("MIME-Version: 1.0\r\n", "Content-Type: multipart/related; boundary=b\r\n\r\n--b\r\n", "", n),
        ),
        (
            "many-parts.mhtml",
            fill(
                "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n",
                "--b\r\nContent-Type: image/png\r\n\r\nx\r\n",
                "--b--\r\n",
                n,
            ),
        ),
        ("long-header.mhtml", fill("MIME-Version: 1.0\r\nSubject: ", "a", "\r\n\r\n", n)),
        ("folded-header.mhtml", fill("MIME-Version: 1.0\r\nSubject: a", "\r\n b", "\r\n\r\n", n)),
        (
            "qp-soft-breaks.mhtml",
            fill(
                "MIME-Version: 1.0\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>",
                "a=\r\n",
                "</p>",
                n,
            ),
        ),
    ]
}

/// News-database downloads: their own lines (counts, keys, dates, article boxes, `Body` and
/// `End of Document`) repeated past any real file, where a reader that cuts, counts or nests
/// by them could go quadratic, deep or wrong.
pub fn downloads(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let para = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let docx = |head: &str, lines: &[&str], n: usize| {
        let head = format!("<w:document {w}><w:body>{}", para(head));
        let piece: String = lines.iter().map(|l| para(l)).collect();
        let xml = fill(&head, &piece, "</w:body></w:document>", n);
        super::office::zip_with(&[("word/document.xml", &xml)], zip::CompressionMethod::Deflated)
    };
    let odt = |lines: &[&str], n: usize| {
        let piece: String = lines.iter().map(|l| format!("<text:p>{l}</text:p>")).collect();
        let xml = fill(
            "<office:document-content xmlns:office=\"o\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">",
            &piece,
            "</office:document-content>",
            n,
        );
        super::office::zip_with(&[("content.xml", &xml)], zip::CompressionMethod::Deflated)
    };
    let lexis_head = "\r\n                1 of 1 DOCUMENT\r\n\r\n                The Outlet\r\n\r\n                January 4, 2020\r\n\r\nHeadline\r\n\r\n";
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    let lexis_documents = {
        // Many short documents, each numbered against a count far larger than the file holds.
        let mut s = String::with_capacity(n);
        let mut k = 1;
        while s.len() < n {
            s += &format!(
                "\r\n        {k} of 999999999 DOCUMENTS\r\n\r\n        Outlet {k}\r\n\r\n        January 4, 2020\r\n\r\nHeadline {k}\r\n\r\nLENGTH: 3 words\r\n\r\nText {k}.\r\n"
            );
            k += 1;
        }
        s.into_bytes()
    };
    vec![
        ("lexis-documents.txt", lexis_documents),
        ("lexis-counts.txt", fill("", "1 of 999999999 DOCUMENTS\r\n", "", n)),
        // A transcript of turns ("KEY: a sentence.") and a head of keys, all of one kind.
        ("lexis-turns.txt", fill(lexis_head, "BLITZER: Good evening.\r\n", "", n)),
        ("lexis-keys.txt", fill(lexis_head, "SECTION: NEWS\r\n", "", n)),
        (
            "lexis-dates.txt",
            fill(lexis_head, "January 31-February 6, 2020; 30 December 2019 - 5 January 2020\r\n", "", n),
        ),
        // Article boxes never closed, each inside the last, each with a headline of its own.
        (
            "factiva-boxes.html",
            fill(
                "<html><body>",
                "<div class=\"article enArticle\"><div id=\"hd\">Headline</div><div>3 words</div><div>4 January 2020</div><div>Outlet</div><p class=\"articleParagraph\">Text.</p><p>Document ABCDEFGHIJKLMNOP1234</p>",
                "</body></html>",
                n,
            ),
        ),
        (
            "factiva-bylines.rtf",
            fill(
                "{\\rtf1 ",
                "Headline\\par Ana Ruiz\\par 3 words\\par 4 January 2020\\par Outlet\\par Text.\\par Document ABCDEFGHIJKLMNOP1234\\par ",
                "}",
                n,
            ),
        ),
        // Nexis Uni: `Body` lines and never an `End of Document`, or only ends.
        (
            "nexis-bodies.docx",
            docx(
                "Documents (999999)",
                &["Headline", "Outlet", "January 4, 2020", "Body", "Text.", "Load-Date: January 5, 2020"],
                n * 4,
            ),
        ),
        ("nexis-ends.docx", docx("Documents (999999)", &["End of Document."], n * 4)),
        // Lines that close a story only where a field follows them somewhere.
        ("nexis-corrections.docx", docx("Documents (1)", &["Headline", "Body", "Correction"], n * 4)),
        ("lexis-story.txt", fill(lexis_head, "Some words of an article go here and on.\r\n", "", n)),
        ("nexis-ends.odt", odt(&["Headline", "Body", "Text.", "End of Document"], n * 4)),
        // A download saved as PDF: every line a count or a date, where a printed page's running
        // headers would be.
        (
            "download-lines.pdf",
            pdf_page(
                &fill("BT /F1 12 Tf ", "0 -14 Td (1 of 9 DOCUMENTS) Tj 0 -14 Td (January 4, 2020) Tj ", "ET", n),
                font,
            ),
        ),
    ]
}
