//! Factiva's XML export (PPS 2.0: `PPSResponse` / `ppsarticleResultSet` / `article`), split into
//! articles: headline, byline, source, date, section, the lead paragraph and the text. The
//! result set states its count (`count="20"`), compared with the articles read.

use roxmltree::Node;

use super::{Article, Download, Unsplit};

/// True when `xml` (its first bytes) is a Factiva XML export.
pub fn is_factiva_xml(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    head.contains("<PPSResponse") || head.contains("<ppsarticleResultSet") || head.contains("global.factiva.com/pps")
}

fn elements<'a, 'i>(n: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.descendants().filter(move |d| d.is_element() && d.tag_name().name() == name)
}

/// The text of an element, its white space collapsed.
fn text(n: Node<'_, '_>) -> String {
    n.descendants()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first descendant `name` of `n`, as text.
fn field(n: Node<'_, '_>, name: &'static str) -> String {
    elements(n, name).next().map(text).unwrap_or_default()
}

/// The paragraphs of a text element: its `paragraph` children, or its own text.
fn paragraphs(n: Node<'_, '_>) -> Vec<String> {
    let ps: Vec<String> = n
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "paragraph")
        .map(text)
        .filter(|t| !t.is_empty())
        .collect();
    if ps.is_empty() {
        let t = text(n);
        if t.is_empty() { Vec::new() } else { vec![t] }
    } else {
        ps
    }
}

/// Reads a Factiva XML export.
pub fn read(xml: &str) -> Result<Download, String> {
    let doc = super::xml::parse(xml.strip_prefix('\u{feff}').unwrap_or(xml), "the Factiva XML export")?;
    let mut d = Download::new(super::factiva::FACTIVA, Vec::new());
    d.stated = elements(doc.root(), "ppsarticleResultSet")
        .next()
        .and_then(|s| s.attribute("count"))
        .and_then(|c| c.trim().parse().ok());
    for (k, a) in elements(doc.root(), "article").enumerate() {
        let title = elements(a, "headline").next().map(|h| paragraphs(h).join(" ")).unwrap_or_default();
        let mut body: Vec<String> = Vec::new();
        for part in ["leadParagraph", "tailParagraphs"] {
            if let Some(p) = elements(a, part).next() {
                body.extend(paragraphs(p));
            }
        }
        if body.is_empty() {
            d.unsplit.push(Unsplit {
                first_line: if title.is_empty() { field(a, "accessionNo") } else { title },
                at: format!("article {} of the file", k + 1),
            });
            continue;
        }
        let date = elements(a, "publicationDate")
            .next()
            .map(|p| field(p, "dateTime").chars().chain(field(p, "date").chars()).take(10).collect::<String>())
            .unwrap_or_default();
        let byline = field(a, "byline");
        d.articles.push(Article {
            title: if title.is_empty() { body[0].clone() } else { title },
            source: field(a, "sourceName"),
            published: date,
            byline: super::factiva::person(&byline),
            section: field(a, "sectionName"),
            text: body.join("\n\n"),
            ..Article::default()
        });
    }
    Ok(d)
}
