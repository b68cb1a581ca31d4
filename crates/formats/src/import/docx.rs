//! Word (.docx) files: the paragraphs of `word/document.xml` in order (headings, list items
//! and table cells each a paragraph), footnotes and endnotes as paragraphs at the end, and the
//! title, author and date from `docProps/core.xml`.
//!
//! Text in deletions (tracked changes), field codes and text boxes is left out: a text box is
//! usually a pull quote that repeats the story.

use roxmltree::Node;

use super::Article;
use super::zipped::Zipped;

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The same vocabulary under ISO/IEC 29500 Strict's namespace (Word's "Strict Open XML
/// Document"): such files had been refused as "no text".
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
/// Markup compatibility (`mc:AlternateContent`).
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The paragraphs of a Word file, and its document properties.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paragraphs {
    pub paragraphs: Vec<String>,
    pub title: String,
    pub author: String,
    /// ISO date (`YYYY-MM-DD`) the document was created, if it says.
    pub created: String,
}

/// Reads the paragraphs and properties of a Word file. The body is read as a stream (never
/// held whole, nor as a tree): a Nexis Uni download's XML is seven times the size of its
/// archive, and its tree five times that again.
pub fn paragraphs(zip: &mut Zipped) -> Result<Paragraphs, String> {
    let body = zip
        .stream("word/document.xml", |r| stream_paragraphs(r, "word/document.xml"))?
        .ok_or("it has no word/document.xml: not a Word document")?;
    let mut out = Paragraphs { paragraphs: body, ..Paragraphs::default() };
    for part in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = zip.text(part)? {
            let notes = super::xml::parse(&xml, part)?;
            // Notes with ids below 1 are the separators Word puts first. Only the notes of the
            // part itself: a note nested inside another (which Word never writes) is read as
            // part of its parent once, not again for every level (a 5.9 KB file of nested
            // notes read that way made 5.9 GB of text).
            for note in notes.root_element().children().filter(|n| is_w(n, "footnote") || is_w(n, "endnote")) {
                let id: i64 = note.attribute((W, "id")).and_then(|v| v.parse().ok()).unwrap_or(0);
                if id >= 1 {
                    collect(note, &mut out.paragraphs);
                }
            }
        }
    }
    if let Some(core) = zip.text("docProps/core.xml")? {
        let props = super::xml::parse(&core, "docProps/core.xml")?;
        let field = |name: &str| {
            props
                .descendants()
                .find(|n| n.tag_name().name() == name)
                .and_then(|n| n.text())
                .map(|t| t.trim().to_owned())
                .unwrap_or_default()
        };
        out.title = field("title");
        out.author = field("creator");
        out.created = field("created").chars().take(10).collect();
    }
    Ok(out)
}

/// An article from a Word file: the title from its properties, else its first paragraph.
pub fn convert(zip: &mut Zipped) -> Result<Article, String> {
    let p = paragraphs(zip)?;
    let title = if p.title.is_empty() { p.paragraphs.first().cloned().unwrap_or_default() } else { p.title };
    Ok(Article { title, byline: p.author, published: p.created, text: p.paragraphs.join("\n\n"), ..Article::default() })
}

/// The paragraphs of a WordprocessingML part read as a stream, as [`collect`] reads a tree:
/// each `w:p` not inside another one, a text box or a deletion is a paragraph; its text is its
/// runs' `w:t`, tabs and breaks as spaces, without deleted text, field codes or text boxes.
fn stream_paragraphs(reader: &mut dyn std::io::BufRead, part: &str) -> Result<Vec<String>, String> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(reader);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut text = String::new();
    // Depths: of paragraphs open, of skipped elements (deletions, field codes, text boxes),
    // and whether a `w:t` is open.
    let (mut in_p, mut skip, mut in_t) = (0usize, 0usize, false);
    // Whether the run open is hidden (`w:vanish` in its properties: text Word does not show or
    // print, such as an editor's note to themselves), and whether paragraph properties are
    // open (a `w:vanish` there hides only the paragraph mark).
    let (mut hidden, mut in_ppr) = (false, false);
    // Depth of tracked changes of formatting (`w:rPrChange`, `w:pPrChange`): they record the
    // properties as they were, so a `w:vanish` there is an old state, not this run's (its
    // visible text had been dropped, unsaid).
    let mut in_change = 0usize;
    // Elements open: a part that ends inside one is cut short, not a document.
    let mut open = 0usize;
    // `w:rt`: a ruby reading (furigana) over Japanese or Chinese text, not the text. A tracked
    // move's old place (`w:moveFrom`; the text stands at `w:moveTo`) and the fallback of an
    // alternate content (`mc:Fallback`; its `mc:Choice` is read): read, both came in twice.
    let skipped = |name: &[u8]| {
        matches!(
            name,
            b"w:del" | b"w:instrText" | b"w:txbxContent" | b"w:delText" | b"w:rt" | b"w:moveFrom" | b"mc:Fallback"
        )
    };
    // Element names by their namespace, as "w:p" and "mc:Fallback" whatever the prefix the
    // file binds to it (a file writing "x:p" for WordprocessingML is valid, and had been refused
    // as having no text), on the root or on any element below it, as the default namespace, or
    // by two prefixes at once (each had been refused as "no text"). Read by the prefixes, not
    // resolved element by element: resolving every name made the reading half as slow again.
    // (A prefix bound anywhere is taken to hold everywhere: Word never rebinds one.)
    // A set: a file binding thousands of prefixes had made each element's lookup a scan of them
    // (62 KB, 20,000 prefixes: stopped at 8 s).
    let mut w_prefixes: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::from([b"w".to_vec()]);
    let mut mc_prefix = b"mc".to_vec();
    let mut declared = false;
    // Names as written are Word's own ("w:", "mc:"): compared as they are, not made canonical.
    let mut fast = true;
    let mut name = Vec::with_capacity(32);
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| format!("{part} is not valid XML: {e}"))?;
        if let Event::Start(e) | Event::Empty(e) = &event
            && e.attributes_raw().windows(5).any(|w| w == b"xmlns")
        {
            for a in e.attributes().flatten() {
                let key = a.key.as_ref();
                let prefix = match key.strip_prefix(b"xmlns") {
                    Some(b"") => &b""[..],
                    Some(rest) => match rest.strip_prefix(b":") {
                        Some(p) => p,
                        None => continue,
                    },
                    None => continue,
                };
                if a.value.as_ref() == W.as_bytes() || a.value.as_ref() == W_STRICT.as_bytes() {
                    if !declared {
                        // The first binding found replaces the assumed "w".
                        w_prefixes.clear();
                    }
                    w_prefixes.insert(prefix.to_vec());
                    declared = true;
                } else if a.value.as_ref() == MC.as_bytes() {
                    mc_prefix = prefix.to_vec();
                } else if prefix == b"w" && !declared {
                    // "w" bound to another namespace: not Word's elements.
                    w_prefixes.clear();
                }
            }
            fast = w_prefixes.len() == 1 && w_prefixes.contains(&b"w"[..]) && mc_prefix == b"mc";
        }
        let raw: &[u8] = match &event {
            Event::Start(e) | Event::Empty(e) => e.name().into_inner(),
            Event::End(e) => e.name().into_inner(),
            _ => b"",
        };
        let canonical = |raw: &[u8], out: &mut Vec<u8>| {
            out.clear();
            let (prefix, local) = match raw.iter().position(|&c| c == b':') {
                Some(k) => (&raw[..k], &raw[k + 1..]),
                None => (&b""[..], raw),
            };
            if w_prefixes.contains(prefix) {
                out.extend_from_slice(b"w:");
            } else if prefix == mc_prefix.as_slice() {
                out.extend_from_slice(b"mc:");
            } else {
                out.extend_from_slice(b"?:");
            }
            out.extend_from_slice(local);
        };

        if !fast {
            canonical(raw, &mut name);
        }
        let name = if fast { raw } else { name.as_slice() };
        match &event {
            Event::Start(e) => {
                open += 1;
                if skipped(name) {
                    skip += 1;
                } else if name == b"w:r" {
                    hidden = false;
                } else if name == b"w:pPr" {
                    in_ppr = true;
                } else if matches!(name, b"w:rPrChange" | b"w:pPrChange") {
                    in_change += 1;
                } else if name == b"w:vanish" && !in_ppr && in_change == 0 {
                    hidden = vanishes(e);
                } else if skip == 0 && name == b"w:p" {
                    in_p += 1;
                } else if name == b"w:t" {
                    in_t = true;
                } else if in_p > 0 && skip == 0 && matches!(name, b"w:tab" | b"w:br" | b"w:cr") {
                    text.push(' ');
                }
            }
            Event::Empty(e) if name == b"w:vanish" && !in_ppr && in_change == 0 => hidden = vanishes(e),
            Event::Empty(_) if name == b"w:vanish" => {}
            Event::Empty(_) if in_p > 0 && skip == 0 && !hidden => match name {
                b"w:tab" | b"w:br" | b"w:cr" => text.push(' '),
                b"w:noBreakHyphen" => text.push('-'),
                _ => {}
            },
            Event::End(_) => {
                open = open.saturating_sub(1);
                if skipped(name) {
                    skip = skip.saturating_sub(1);
                } else if name == b"w:t" {
                    in_t = false;
                } else if name == b"w:r" {
                    hidden = false;
                } else if name == b"w:pPr" {
                    in_ppr = false;
                } else if matches!(name, b"w:rPrChange" | b"w:pPrChange") {
                    in_change = in_change.saturating_sub(1);
                } else if skip == 0 && name == b"w:p" && in_p > 0 {
                    in_p -= 1;
                    if in_p == 0 {
                        let p = super::xml::collapsed(&text);
                        if !p.is_empty() {
                            out.push(p);
                        }
                        text.clear();
                    }
                }
            }
            Event::Text(t) if in_t && in_p > 0 && skip == 0 && !hidden => {
                text.push_str(&t.decode().map_err(|e| format!("{part} is not valid text: {e}"))?);
            }
            Event::GeneralRef(r) if in_t && in_p > 0 && skip == 0 && !hidden => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    match &**r {
                        b"amp" => text.push('&'),
                        b"lt" => text.push('<'),
                        b"gt" => text.push('>'),
                        b"quot" => text.push('"'),
                        b"apos" => text.push('\''),
                        _ => {}
                    }
                }
            }
            Event::Eof if open > 0 => {
                return Err(format!("{part} is not valid XML: it ends inside {open} element(s) left open"));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Whether a `w:vanish` element hides its run: it does unless its value turns it off.
fn vanishes(e: &quick_xml::events::BytesStart<'_>) -> bool {
    let off = e
        .attributes()
        .flatten()
        .any(|a| a.key.local_name().as_ref() == b"val" && matches!(a.value.as_ref(), b"0" | b"false" | b"off"));
    !off
}

/// Whether run `r` is hidden (see [`stream_paragraphs`]).
fn is_hidden_run(r: &Node<'_, '_>) -> bool {
    r.children()
        .filter(|c| is_w(c, "rPr"))
        .flat_map(|p| p.children())
        .any(|v| is_w(&v, "vanish") && !matches!(v.attribute((W, "val")), Some("0" | "false" | "off")))
}

fn is_w(n: &Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

/// Appends the paragraphs under `node`, in document order, skipping empty ones.
fn collect(node: Node<'_, '_>, out: &mut Vec<String>) {
    // An explicit stack: a hostile file's nesting depth never reaches the call stack.
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if is_w(&n, "p") {
            let text = paragraph_text(n);
            if !text.is_empty() {
                out.push(text);
            }
            continue;
        }
        if is_w(&n, "txbxContent") || is_w(&n, "del") || is_w(&n, "moveFrom") || n.tag_name().name() == "Fallback" {
            continue;
        }
        // Children in reverse, so that the first is taken first.
        let children: Vec<_> = n.children().filter(Node::is_element).collect();
        stack.extend(children.into_iter().rev());
    }
}

/// The text of one paragraph: its runs' text, tabs and breaks as spaces, no deleted text or
/// field codes; spaces collapsed.
fn paragraph_text(p: Node<'_, '_>) -> String {
    let mut s = String::new();
    let mut stack: Vec<Node<'_, '_>> = p.children().collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        if !n.is_element() {
            continue;
        }
        if is_w(&n, "t") {
            s.push_str(n.text().unwrap_or(""));
        } else if is_w(&n, "tab") || is_w(&n, "br") || is_w(&n, "cr") {
            s.push(' ');
        } else if is_w(&n, "noBreakHyphen") {
            s.push('-');
        } else if is_w(&n, "del")
            || is_w(&n, "moveFrom")
            || n.tag_name().name() == "Fallback"
            || is_w(&n, "instrText")
            || is_w(&n, "txbxContent")
            || is_w(&n, "pPr")
            || is_w(&n, "rt")
            || (is_w(&n, "r") && is_hidden_run(&n))
        {
            continue;
        } else {
            let mut children: Vec<_> = n.children().collect();
            children.reverse();
            stack.extend(children);
        }
    }
    super::xml::collapsed(&s)
}

#[cfg(test)]
mod tests {
    /// The stream reader and the tree reader give `want` of the part `xml`.
    fn both_readers_give(xml: &str, want: &[String]) {
        let streamed = super::stream_paragraphs(&mut xml.as_bytes(), "word/document.xml").expect("reads");
        assert_eq!(streamed, want);
        let doc = roxmltree::Document::parse(xml).expect("parses");
        let mut tree = Vec::new();
        super::collect(doc.root_element(), &mut tree);
        assert_eq!(tree, want);
    }

    /// Hidden text (`w:vanish`) is not the article's, in either reader; a paragraph mark
    /// hidden, or a run whose vanish is turned off, keeps its text.
    #[test]
    fn hidden_text_is_left_out() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">The minister said the strike was lawful. </w:t></w:r><w:r><w:rPr><w:b/><w:vanish/></w:rPr><w:t>HIDDEN NOTE: source is unreliable.</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve"> Officials gave no evidence.</w:t></w:r></w:p></w:body></w:document>"#;
        let want = vec!["The minister said the strike was lawful. Officials gave no evidence.".to_owned()];
        both_readers_give(xml, &want);
    }

    /// A run whose tracked change of formatting records that it was hidden before is shown now:
    /// its text is kept, in either reader (the stream had dropped it).
    #[test]
    fn a_vanish_recorded_in_a_change_of_formatting_is_not_the_run_s() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">The minister said the strike was lawful. </w:t></w:r><w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="A"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>Officials gave no evidence.</w:t></w:r></w:p></w:body></w:document>"#;
        let want = vec!["The minister said the strike was lawful. Officials gave no evidence.".to_owned()];
        both_readers_give(xml, &want);
    }

    /// WordprocessingML bound to a prefix other than `w:` is read the same (a valid file had been
    /// refused as having no text), in either reader.
    #[test]
    fn any_prefix_bound_to_wordprocessingml_reads() {
        let xml = r#"<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>The minister said</x:t></x:r><x:r><x:rPr><x:vanish/></x:rPr><x:t> HIDDEN</x:t></x:r><x:r><x:tab/><x:t>it was lawful.</x:t></x:r></x:p></x:body></x:document>"#;
        let want = vec!["The minister said it was lawful.".to_owned()];
        both_readers_give(xml, &want);
        // A `w:` prefix bound to another namespace is not WordprocessingML.
        let other = r#"<w:document xmlns:w="urn:other"><w:body><w:p><w:r><w:t>Not Word.</w:t></w:r></w:p></w:body></w:document>"#;
        assert!(super::stream_paragraphs(&mut other.as_bytes(), "word/document.xml").expect("reads").is_empty());
        // As the default namespace, bound below the root, or by two prefixes at once (tenth
        // round: each had been refused as having no text).
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        for xml in [
            format!(
                r#"<document xmlns="{w}"><body><p><r><t>The minister said</t></r><r><tab/><t>it was lawful.</t></r></p></body></document>"#
            ),
            format!(
                r#"<w:document><w:body xmlns:w="{w}"><w:p><w:r><w:t>The minister said</w:t></w:r><w:r><w:tab/><w:t>it was lawful.</w:t></w:r></w:p></w:body></w:document>"#
            ),
            format!(
                r#"<w:document xmlns:w="{w}" xmlns:v="{w}"><w:body><w:p><w:r><w:t>The minister said</w:t></w:r><v:r><v:tab/><v:t>it was lawful.</v:t></v:r></w:p></w:body></w:document>"#
            ),
        ] {
            let read = super::stream_paragraphs(&mut xml.as_bytes(), "word/document.xml").expect("reads");
            assert_eq!(read, want, "{xml}");
        }
        // Strict Open XML's namespace for the same vocabulary.
        let strict = r#"<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>The minister said</w:t></w:r><w:r><w:tab/><w:t>it was lawful.</w:t></w:r></w:p></w:body></w:document>"#;
        let read = super::stream_paragraphs(&mut strict.as_bytes(), "word/document.xml").expect("reads");
        assert_eq!(read, want);
    }

    /// Ruby readings (furigana) over Word text are not the text, in either reader.
    #[test]
    fn ruby_readings_are_left_out() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>こ</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>子</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>どもへの法律</w:t></w:r></w:p></w:body></w:document>"#;
        both_readers_give(xml, &["子どもへの法律".to_owned()]);
    }
}
