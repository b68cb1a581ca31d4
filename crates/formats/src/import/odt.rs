//! OpenDocument text (.odt) files: the paragraphs and headings of `content.xml` in order (list
//! items and table cells each a paragraph), notes as paragraphs at the end, and the title,
//! author and date from `meta.xml`.

use roxmltree::Node;

use super::Article;
use super::zipped::Zipped;

const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

fn is_text(n: &Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(TEXT)
}

/// What is not the article's text: the text tracked changes deleted (kept in
/// `text:tracked-changes`, with who deleted it and when) and reviewers' comments
/// (`office:annotation`, with their author and date), which had come in as the title and
/// spliced into sentences.
fn is_aside(n: &Node<'_, '_>) -> bool {
    is_text(n, "tracked-changes")
        || (n.is_element()
            && n.tag_name().namespace() == Some(OFFICE)
            && matches!(n.tag_name().name(), "annotation" | "annotation-end"))
}

/// An article from an OpenDocument text file.
pub fn convert(zip: &mut Zipped) -> Result<Article, String> {
    let content = zip.text("content.xml")?.ok_or("it has no content.xml: not an OpenDocument file")?;
    let doc = super::xml::parse(&content, "content.xml")?;
    let mut paragraphs = Vec::new();
    let mut notes = Vec::new();
    let mut stack = vec![doc.root()];
    while let Some(n) = stack.pop() {
        if is_aside(&n) {
            continue;
        }
        if is_text(&n, "p") || is_text(&n, "h") {
            let text = paragraph_text(n, Some(&mut notes));
            if !text.is_empty() {
                paragraphs.push(text);
            }
            continue;
        }
        let children: Vec<_> = n.children().filter(Node::is_element).collect();
        stack.extend(children.into_iter().rev());
    }
    paragraphs.extend(notes);
    let mut article = Article { text: paragraphs.join("\n\n"), ..Article::default() };
    if let Some(meta) = zip.text("meta.xml")? {
        let meta = super::xml::parse(&meta, "meta.xml")?;
        let field = |name: &str| {
            meta.descendants()
                .find(|n| n.is_element() && n.tag_name().name() == name)
                .and_then(|n| n.text())
                .map(|t| t.trim().to_owned())
                .unwrap_or_default()
        };
        article.title = field("title");
        article.byline =
            [field("initial-creator"), field("creator")].into_iter().find(|s| !s.is_empty()).unwrap_or_default();
        article.published = [field("creation-date"), field("date")]
            .into_iter()
            .find(|s| !s.is_empty())
            .map(|d| d.chars().take(10).collect())
            .unwrap_or_default();
    }
    if article.title.is_empty() {
        article.title = paragraphs.first().cloned().unwrap_or_default();
    }
    Ok(article)
}

/// The text of a paragraph or heading; its notes' bodies go to `notes` (they are read at the
/// end of the article, as a printed footnote is). Notes inside notes (`notes` is `None`) are
/// left out, so a hostile nesting never recurses deeper than one level.
fn paragraph_text(p: Node<'_, '_>, mut notes: Option<&mut Vec<String>>) -> String {
    let mut s = String::new();
    let mut stack: Vec<Node<'_, '_>> = p.children().collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        if n.is_text() {
            s.push_str(n.text().unwrap_or(""));
        } else if is_text(&n, "s") {
            let count: usize = n.attribute((TEXT, "c")).and_then(|c| c.parse().ok()).unwrap_or(1);
            s.push_str(&" ".repeat(count.min(8)));
        } else if is_text(&n, "tab") || is_text(&n, "line-break") {
            s.push(' ');
        } else if is_text(&n, "ruby-text") || is_aside(&n) {
            // A ruby reading (furigana) over Japanese or Chinese text, a comment: not the text.
            continue;
        } else if is_text(&n, "note") {
            let Some(notes) = notes.as_deref_mut() else { continue };
            for body in n.children().filter(|c| is_text(c, "note-body")) {
                // The outermost paragraphs of the note only: a paragraph's text holds the
                // paragraphs nested in it, so taking each nested one again made every level
                // repeat all below it (1.8 KB of nesting took over 10 GB).
                let mut inner: Vec<Node<'_, '_>> = body.children().filter(Node::is_element).collect();
                inner.reverse();
                while let Some(q) = inner.pop() {
                    if is_text(&q, "p") || is_text(&q, "h") {
                        let t = paragraph_text(q, None);
                        if !t.is_empty() {
                            notes.push(t);
                        }
                    } else {
                        let mut children: Vec<_> = q.children().filter(Node::is_element).collect();
                        children.reverse();
                        inner.extend(children);
                    }
                }
            }
        } else if n.is_element() {
            let mut children: Vec<_> = n.children().collect();
            children.reverse();
            stack.extend(children);
        }
    }
    super::xml::collapsed(&s)
}

#[cfg(test)]
mod tests {
    /// Text deleted under tracked changes and a reviewer's comment are not the article's text.
    #[test]
    fn deletions_and_comments_are_left_out() {
        let xml = r#"<office:text xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>Jones</dc:creator></office:change-info><text:p>DELETED: the minister lied.</text:p></text:deletion></text:changed-region></text:tracked-changes><text:p><text:change text:change-id="c1"/>The opposition <office:annotation><dc:creator>Reviewer Jones</dc:creator><dc:date>2020-01-05T09:00:00</dc:date><text:p>check this quote</text:p></office:annotation>demanded an inquiry.</text:p></office:text>"#;
        let doc = roxmltree::Document::parse(xml).expect("parses");
        let mut paragraphs = Vec::new();
        for n in doc.root_element().children().filter(|n| n.is_element() && !super::is_aside(n)) {
            paragraphs.push(super::paragraph_text(n, None));
        }
        assert_eq!(paragraphs, ["The opposition demanded an inquiry."]);
    }

    /// Ruby readings (furigana) are not the text.
    #[test]
    fn ruby_readings_are_left_out() {
        let xml = r#"<text:p xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><text:ruby><text:ruby-base>子</text:ruby-base><text:ruby-text>こ</text:ruby-text></text:ruby>どもへの法律</text:p>"#;
        let doc = roxmltree::Document::parse(xml).expect("parses");
        assert_eq!(super::paragraph_text(doc.root_element(), None), "子どもへの法律");
    }
}
