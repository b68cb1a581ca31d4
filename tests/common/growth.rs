//! Inputs that grow by one count (codes, sources, note references, files, pages, parts,
//! conflicts, articles), made at any scale: `benches/growth.rs` reads each at 1x and 10x, where
//! linear work takes ten times as long and quadratic work a hundred.

use std::path::Path;

/// A `.qdpx` whose project has `codes` codes, one coded selection of each on one source.
pub fn qdpx_codes(codes: usize) -> Vec<u8> {
    let mut book = String::new();
    let mut sels = String::new();
    for k in 0..codes {
        book += &format!(r#"<Code guid="c{k}" name="code {k}" isCodable="true"/>"#);
        sels += &format!(
            r#"<PlainTextSelection guid="s{k}" startPosition="0" endPosition="4"><Coding guid="k{k}"><CodeRef targetGUID="c{k}"/></Coding></PlainTextSelection>"#
        );
    }
    qde(&format!(
        r#"<CodeBook><Codes>{book}</Codes></CodeBook><Sources><TextSource guid="t" name="s"><PlainTextContent>Some text of a source.</PlainTextContent>{sels}</TextSource></Sources>"#
    ))
}

/// A `.qdpx` with `sources` text sources, each coded once.
pub fn qdpx_sources(sources: usize) -> Vec<u8> {
    let mut s = String::new();
    for k in 0..sources {
        s += &format!(
            r#"<TextSource guid="t{k}" name="source {k}"><PlainTextContent>Source {k} says something of its own, number {k}.</PlainTextContent><PlainTextSelection guid="s{k}" startPosition="0" endPosition="6"><Coding guid="k{k}"><CodeRef targetGUID="c"/></Coding></PlainTextSelection></TextSource>"#
        );
    }
    qde(&format!(
        r#"<CodeBook><Codes><Code guid="c" name="Fact" isCodable="true"/></Codes></CodeBook><Sources>{s}</Sources>"#
    ))
}

/// A `.qdpx` with one selection that refers to `notes` notes.
pub fn qdpx_note_refs(notes: usize) -> Vec<u8> {
    let mut all = String::new();
    let mut refs = String::new();
    for k in 0..notes {
        all += &format!(r#"<Note guid="n{k}"><PlainTextContent>note {k}</PlainTextContent></Note>"#);
        refs += &format!(r#"<NoteRef targetGUID="n{k}"/>"#);
    }
    qde(&format!(
        r#"<CodeBook><Codes><Code guid="c" name="Fact" isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="t" name="s"><PlainTextContent>Some text here.</PlainTextContent><PlainTextSelection guid="p" startPosition="0" endPosition="4">{refs}<Coding guid="k"><CodeRef targetGUID="c"/></Coding></PlainTextSelection></TextSource></Sources><Notes>{all}</Notes>"#
    ))
}

fn qde(inner: &str) -> Vec<u8> {
    let xml = format!(r#"<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="g">{inner}</Project>"#);
    super::office::zip_with(&[("project.qde", xml.as_bytes())], zip::CompressionMethod::Deflated)
}

/// `files` small articles in `dir`, all with one line in common (a site's boilerplate).
pub fn txt_folder(dir: &Path, files: usize) {
    for k in 0..files {
        let text = format!(
            "Article {k}\n\nSkip to main content. Subscribe to our newsletter for the latest news.\n\nThis is story number {k}, about event {} in town {}, told in its own words.\n",
            k * 7 + 3,
            k % 97
        );
        std::fs::write(dir.join(format!("a{k:06}.txt")), text).expect("write");
    }
}

/// A saved page (MHTML) with the page and `parts` resources beside it.
pub fn mhtml_parts(parts: usize) -> Vec<u8> {
    let mut s = String::from(
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"=_b_=\"\r\n\r\n--=_b_=\r\nContent-Type: text/html\r\n\r\n<html><body><p>The story of the page.</p></body></html>\r\n",
    );
    for k in 0..parts {
        s += &format!(
            "--=_b_=\r\nContent-Type: image/png\r\nContent-Location: https://example.org/{k}.png\r\n\r\nAAAA\r\n"
        );
    }
    s += "--=_b_=--\r\n";
    s.into_bytes()
}

/// A PDF of `pages` pages, each with one line of text.
pub fn pdf_pages(pages: usize) -> Vec<u8> {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    let mut kids = Vec::new();
    for k in 0..pages {
        let content = format!("BT /F1 12 Tf 72 720 Td (Page {k} holds one line of text.) Tj ET");
        let content_id = objects.len() + 2;
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ));
        kids.push(format!("{} 0 R", objects.len()));
        objects.push(format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()));
    }
    objects[1] = format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" "));
    pdf(&objects)
}

/// A PDF file of `objects` (numbered from 1), with a correct cross-reference table.
pub fn pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (k, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", k + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A PDF made object by object (numbered from 1 in the order added), for hostile and odd
/// files: forms that draw themselves, page trees that loop, fonts without Unicode maps.
#[derive(Default)]
pub struct PdfBuilder {
    objects: Vec<Vec<u8>>,
}

impl PdfBuilder {
    /// Reserves the next object's number (to refer to it before it is written).
    pub fn reserve(&mut self) -> usize {
        self.objects.push(Vec::new());
        self.objects.len()
    }

    /// Sets object `n` to `body`.
    pub fn set(&mut self, n: usize, body: &str) {
        self.objects[n - 1] = body.as_bytes().to_vec();
    }

    pub fn add(&mut self, body: &str) -> usize {
        let n = self.reserve();
        self.set(n, body);
        n
    }

    /// A stream object of `data` (with `extra` dictionary entries), deflated when `deflate`.
    pub fn stream(&mut self, data: &[u8], extra: &str, deflate: bool) -> usize {
        let (data, filter) = if deflate {
            use std::io::Write as _;
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
            e.write_all(data).expect("deflates");
            (e.finish().expect("deflates"), " /Filter /FlateDecode")
        } else {
            (data.to_vec(), "")
        };
        let mut body = format!("<< /Length {}{filter} {extra} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(&data);
        body.extend_from_slice(b"\nendstream");
        let n = self.reserve();
        self.objects[n - 1] = body;
        n
    }

    /// The file, with `root` as its catalog and an optional Title.
    pub fn finish(&self, root: usize, title: Option<&str>) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (k, o) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", k + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let info = title.map(|t| {
            offsets.push(out.len());
            let n = offsets.len();
            out.extend_from_slice(format!("{n} 0 obj\n<< /Title ({t}) >>\nendobj\n").as_bytes());
            n
        });
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
        for o in &offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        let info = info.map(|n| format!(" /Info {n} 0 R")).unwrap_or_default();
        out.extend_from_slice(
            format!("trailer\n<< /Size {} /Root {root} 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1)
                .as_bytes(),
        );
        out
    }
}

/// A one-page PDF whose page draws `content` with `resources` (a dictionary's inside).
pub fn pdf_page(b: &mut PdfBuilder, content: &[u8], deflate: bool, resources: &str) -> usize {
    let catalog = b.reserve();
    let pages = b.reserve();
    let contents = b.stream(content, "", deflate);
    let page = b.add(&format!(
        "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Resources << {resources} >> /Contents {contents} 0 R >>"
    ));
    b.set(pages, &format!("<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>"));
    b.set(catalog, &format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    catalog
}

/// Helvetica as font /F1.
pub const HELVETICA: &str = "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>";
