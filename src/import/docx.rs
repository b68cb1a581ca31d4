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

/// The paragraphs of a Word file, and its document properties.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paragraphs {
    pub paragraphs: Vec<String>,
    pub title: String,
    pub author: String,
    /// ISO date (`YYYY-MM-DD`) the document was created, if it says.
    pub created: String,
}

/// Reads the paragraphs and properties of a Word file.
pub fn paragraphs(zip: &mut Zipped) -> Result<Paragraphs, String> {
    let body = zip.text("word/document.xml")?.ok_or("it has no word/document.xml: not a Word document")?;
    let doc = super::xml::parse(&body, "word/document.xml")?;
    let mut out = Paragraphs::default();
    collect(doc.root(), &mut out.paragraphs);
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
        if is_w(&n, "txbxContent") || is_w(&n, "del") {
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
        } else if is_w(&n, "del") || is_w(&n, "instrText") || is_w(&n, "txbxContent") || is_w(&n, "pPr") {
            continue;
        } else {
            let mut children: Vec<_> = n.children().collect();
            children.reverse();
            stack.extend(children);
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
