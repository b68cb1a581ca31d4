//! Nexis UK / LexisNexis Academic HTML downloads (the older web interface's "Download" of a
//! result list), split into articles, with the labels of any interface language.
//!
//! Each document sits between `<DOCFULL> -->` and `<!-- Hide XML section from browser` (the
//! `<DOC>` markup is hidden in comments), as a run of blocks (`DIV`s): "N of M DOCUMENTS", the
//! outlet, the date line (with its edition), the headline (not always), labelled fields
//! (`BYLINE:`, `AUTOR:`, `AUTEUR:`, `SECTION:`, `RUBRIK:`, `LENGTH:`, …), the body, more
//! fields (`LOAD-DATE:`, `LANGUAGE:`, …) and the copyright line. Class names differ from file
//! to file; the roles are read from the text. The documents a file holds are what it states;
//! one that cannot be read (the database's "We are sorry but there is an error in this
//! document") is reported, not dropped in silence.

use scraper::{ElementRef, Html, Node};

use super::{Article, Download, Unsplit};

pub const NEXIS_UK: &str = "Nexis UK / LexisNexis Academic";

/// Where a document's live HTML starts and ends.
const OPEN: &str = "<DOCFULL> -->";
const CLOSE: &str = "<!-- Hide XML section from browser";

/// True when a page's source is such a download.
pub fn is_download(src: &str) -> bool {
    find_ci(src, OPEN).is_some() && find_ci(src, CLOSE).is_some()
}

/// The position of `needle` in `hay`, whatever the case of its letters (the markers are upper
/// case in files the service wrote, lower case in files a browser saved again).
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes().windows(n).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The labels of fields, in the interface languages seen (English, German, French): a block
/// that starts with one is a field, not part of the story.
const LABELS: &[&str] = &[
    "BYLINE",
    "AUTHOR",
    "AUTOR",
    "AUTEUR",
    "SECTION",
    "RUBRIK",
    "RUBRIQUE",
    "LENGTH",
    "LÄNGE",
    "LONGUEUR",
    "DATELINE",
    "HIGHLIGHT",
    "ENCART",
    "LOAD-DATE",
    "UPDATE",
    "DATE-CHARGEMENT",
    "LANGUAGE",
    "SPRACHE",
    "LANGUE",
    "PUBLICATION-TYPE",
    "TYPE-PUBLICATION",
    "GRAPHIC",
    "GRAFIK",
    "CORRECTION-DATE",
    "CORRECTION",
    "DISTRIBUTION",
    "ZEITUNGS-CODE",
    "SUJET",
    "LOCALISATION-GEO",
    "SOCIETE",
    "SYMBOLE-BOURSIER",
    "SECTEUR-ACTIVITE",
    "ORGANISATION",
    "SUBJECT",
    "ORGANIZATION",
    "PERSON",
    "GEOGRAPHIC",
    "INDUSTRY",
    "COMPANY",
    "TICKER",
    "CITY",
    "STATE",
    "COUNTRY",
    "TYPE",
    "NOTES",
    "SERIES",
    "JOURNAL-CODE",
    "ACC-NO",
    "DOCUMENT-TYPE",
    "EDITION",
    "PHOTO",
    "SOURCE",
    "QUELLE",
    "SCHLAGWORT",
    "GEOGRAFISCH",
    "PERSONEN",
    "FIRMA",
    "BRANCHE",
    "LAND",
    "BILD",
];

/// What a field block is: its label and value. The database writes its labels in capitals
/// ("BYLINE:", "RUBRIK:"); a headline "Update: talks collapse in Geneva" or a story opening
/// "Source: a person close to the minister said…" is not one (both had been dropped, the story
/// whole).
fn field(block: &str) -> Option<(String, String)> {
    let (label, value) = block.split_once(':')?;
    let label = label.trim();
    if label.chars().any(char::is_lowercase) {
        return None;
    }
    LABELS.contains(&label).then(|| (label.to_owned(), value.trim().to_owned()))
}

/// The text of an element with line breaks where it has `<BR>`s and paragraphs, no style or
/// script text, white space collapsed within lines.
fn block_text(e: ElementRef<'_>) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    let mut stack: Vec<ego_tree::NodeRef<'_, Node>> = e.children().collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        match n.value() {
            Node::Text(t) => lines.last_mut().map(|l| l.push_str(t)).unwrap_or_default(),
            Node::Element(el) => {
                let name = el.name();
                if name.eq_ignore_ascii_case("style") || name.eq_ignore_ascii_case("script") {
                    continue;
                }
                if name.eq_ignore_ascii_case("br") || name.eq_ignore_ascii_case("p") || name.eq_ignore_ascii_case("tr")
                {
                    lines.push(String::new());
                }
                // Cells side by side stay apart ("Arsenal 3", not "Arsenal3").
                if name.eq_ignore_ascii_case("td") || name.eq_ignore_ascii_case("th") {
                    lines.last_mut().map(|l| l.push(' ')).unwrap_or_default();
                }
                let mut children: Vec<_> = n.children().collect();
                children.reverse();
                stack.extend(children);
            }
            _ => {}
        }
    }
    lines.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect()
}

/// A table's rows, each its cells' text joined by " | ".
fn table_text(t: ElementRef<'_>) -> Vec<String> {
    let is = |e: &ElementRef<'_>, name: &str| e.value().name().eq_ignore_ascii_case(name);
    // The rows of this table, not of a table inside one of its cells: that one is read once,
    // in its cell (its rows had been read again after the outer row, and nested 126 deep a
    // 1 MB page made a 125 MB article).
    t.descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| is(e, "tr"))
        .filter(|row| {
            row.ancestors().filter_map(ElementRef::wrap).find(|a| is(a, "table")).map(|a| a.id()) == Some(t.id())
        })
        .map(|row| {
            row.children()
                .filter_map(ElementRef::wrap)
                .map(|cell| block_text(cell).join(" "))
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// "3 of 37 DOCUMENTS", "1 of 1 DOCUMENT" (a download of one document says it in the
/// singular, and had not been read as a download), as the text download writes it.
fn documents_line(line: &str) -> bool {
    super::nexis::documents_line(line).is_some()
}

fn is_copyright(line: &str) -> bool {
    let l = line.trim_start().to_lowercase();
    l.starts_with("copyright") || l.starts_with("copy ") || l.starts_with('©') || l.starts_with("(c) ")
}

/// Reads a download.
pub fn read(src: &str) -> Download {
    let mut d = Download::new(NEXIS_UK, Vec::new());
    let mut rest = src;
    let mut k = 0;
    let (mut numbers, mut stated) = (Vec::new(), 0);
    // Whether the file ends inside a document (no end marker after it): cut short.
    let mut cut = false;
    while let Some(open) = find_ci(rest, OPEN) {
        let from = open + OPEN.len();
        let closed = find_ci(&rest[from..], CLOSE);
        cut = closed.is_none();
        let end = closed.map_or(rest.len(), |e| from + e);
        k += 1;
        let chunk = &rest[from..end];
        if let Some((n, m)) = numbered(chunk) {
            numbers.push(n);
            stated = stated.max(m);
        }
        match document(chunk) {
            Ok(mut a) => {
                if cut {
                    a.notes.push("the file ends inside this document: its text may be cut short".into());
                }
                d.articles.push(a);
            }
            Err(first_line) => d.unsplit.push(Unsplit { first_line, at: format!("document {k} of the file") }),
        }
        rest = &rest[end..];
    }
    // The count the documents' "N of M" lines state, not only the documents found: a file cut
    // short or missing documents between others had passed as complete. A run of numbers
    // short of M is a part of a result list chosen for download, unless the file was cut:
    // then the documents after the cut are lost, and M is the count (a file cut inside
    // document 254 of 262 had passed as "254 of 254").
    d.stated = Some(match numbers.is_empty() {
        true => k,
        false if cut => stated.max(k),
        false => super::nexis::stated_by_numbers(&numbers, stated, k),
    });
    if !cut {
        d.listed = super::nexis::listed(&numbers, stated, k);
    }
    d
}

/// The "N of M" of a document's "N of M DOCUMENTS" line, read from its markup: the text
/// before the first "DOCUMENT(S)" back to the tag that holds it.
fn numbered(chunk: &str) -> Option<(usize, usize)> {
    let mut rest = chunk;
    while let Some(at) = find_ci(rest, "document") {
        // A short look back (a page of "documents" with no tag before them cost a scan back to
        // its start at each).
        let mut from = at.saturating_sub(64);
        while !rest.is_char_boundary(from) {
            from += 1;
        }
        let before = &rest[from..at];
        let text = before.rfind('>').map_or(before, |i| &before[i + 1..]);
        let w: Vec<&str> = text.split_whitespace().collect();
        if let [.., n, of, m] = w.as_slice()
            && of.eq_ignore_ascii_case("of")
            && let (Ok(n), Ok(m)) = (n.parse(), m.parse())
        {
            return Some((n, m));
        }
        rest = &rest[at + "document".len()..];
    }
    None
}

/// One document's article, or its first line when it is not one.
fn document(chunk: &str) -> Result<Article, String> {
    // The page passed the guard, but a piece cut out of it may not: cut inside a script or a
    // textarea, what was their text is markup to the parser now.
    if let Err(why) = super::html::guard(chunk) {
        return Err(format!("(not read: {why})"));
    }
    let html = Html::parse_fragment(chunk);
    // Top-level blocks: the DIVs and TABLEs not inside another DIV or TABLE (a story may be a
    // table, each row a line of its cells).
    let block = |name: &str| name.eq_ignore_ascii_case("div") || name.eq_ignore_ascii_case("table");
    let blocks: Vec<Vec<String>> = html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| {
            block(e.value().name()) && !e.ancestors().filter_map(ElementRef::wrap).any(|a| block(a.value().name()))
        })
        .map(|e| if e.value().name().eq_ignore_ascii_case("table") { table_text(e) } else { block_text(e) })
        .filter(|b| !b.is_empty())
        .collect();
    let first_line = || blocks.first().and_then(|b| b.first()).cloned().unwrap_or_default();
    let Some(start) = blocks.iter().position(|b| b.iter().any(|l| documents_line(l))) else {
        return Err(first_line());
    };
    let mut i = start + 1;
    let source = blocks.get(i).map(|b| b.join(" ")).unwrap_or_default();
    i += 1;
    // The date line (its edition may follow on the next line of the block).
    let mut published = String::new();
    if let Some(b) = blocks.get(i)
        && let Some(dl) = b.first().and_then(|l| super::dates::date_line(l))
    {
        published = dl.iso;
        i += 1;
    }
    let mut title = String::new();
    let mut a = Article { source, published, ..Article::default() };
    let mut body: Vec<String> = Vec::new();
    for (n, b) in blocks.iter().enumerate().skip(i) {
        let whole = b.join(" ");
        // A field is a line or two; a block of more is the story, whatever its first word.
        if let Some((label, value)) = field(&whole).filter(|_| b.len() <= 2) {
            match label.as_str() {
                "BYLINE" | "AUTHOR" | "AUTOR" | "AUTEUR" => a.byline = super::factiva::person(&value),
                "SECTION" | "RUBRIK" | "RUBRIQUE" => a.section = value,
                _ => {}
            }
            continue;
        }
        if is_copyright(&whole) && n + 1 >= blocks.len().saturating_sub(1) {
            continue;
        }
        // The headline: the first block after the date that is not a field, when a field or
        // the body follows it (a document may have none).
        if title.is_empty() && body.is_empty() && n == i && b.len() <= 3 && blocks.len() > n + 1 {
            title = b.join(" ");
            continue;
        }
        body.extend(b.iter().cloned());
    }
    if body.is_empty() {
        return Err(first_line());
    }
    a.title = if title.is_empty() { super::text::title_from(&body[0]) } else { title };
    a.text = body.join("\n\n");
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks that open with a label's word but not as the database writes it (in capitals) are
    /// the headline and the story: "Update: …" had been dropped as a field, and a story opening
    /// "Source: …" lost whole.
    /// A download of one document says "1 of 1 DOCUMENT", in the singular: it had been read as
    /// one page, titled by the file's name, with no outlet or date.
    #[test]
    fn a_download_of_one_document_is_read_as_one() {
        let page = "<html><body><!-- <DOCFULL> --><div>1 of 1 DOCUMENT</div><div>The Guardian (London)</div><div>January 31, 1986 Friday</div><div>Talks collapse in Geneva</div><div>BYLINE: Ana Ruiz</div><div>LENGTH: 120 words</div><div><p>The delegations left on Friday.</p></div><div>LOAD-DATE: February 1, 1986</div><!-- Hide XML section from browser --></body></html>";
        let d = read(page);
        assert_eq!((d.articles.len(), d.stated), (1, Some(1)), "{:?}", d.unsplit);
        let a = &d.articles[0];
        assert_eq!(
            (a.title.as_str(), a.source.as_str(), a.published.as_str(), a.byline.as_str()),
            ("Talks collapse in Geneva", "The Guardian (London)", "1986-01-31", "Ana Ruiz")
        );
    }

    #[test]
    fn words_of_labels_in_a_headline_or_a_story_are_not_fields() {
        let page = "<html><body><!-- <DOCFULL> --><div>1 of 1 DOCUMENTS</div><div>The Guardian (London)</div><div>January 31, 1986 Friday</div><div>Update: talks collapse in Geneva</div><div>BYLINE: Ana Ruiz</div><div>SECTION: WORLD</div><div>LENGTH: 120 words</div><div><p>Source: a person close to the minister said the talks had failed.</p><p>The delegations left on Friday.</p></div><div>LOAD-DATE: February 1, 1986</div><!-- Hide XML section from browser --></body></html>";
        let d = read(page);
        assert_eq!(d.articles.len(), 1, "{:?}", d.unsplit);
        let a = &d.articles[0];
        assert_eq!(
            (a.title.as_str(), a.byline.as_str(), a.section.as_str()),
            ("Update: talks collapse in Geneva", "Ana Ruiz", "WORLD")
        );
        assert_eq!(
            a.text,
            "Source: a person close to the minister said the talks had failed.\n\nThe delegations left on Friday."
        );
    }

    /// A table in a table's cell is read once, in its cell, its cells apart; nested deep, the
    /// text grows with the page, not with the page times its depth.
    #[test]
    fn a_table_inside_a_table_is_read_once() {
        let page = "<table><tr><td>Group A</td><td><table><tr><td>Arsenal</td><td>3</td></tr><tr><td>Chelsea</td><td>1</td></tr></table></td></tr></table>";
        let html = Html::parse_fragment(page);
        let table = html.root_element().children().filter_map(ElementRef::wrap).next().expect("a table");
        assert_eq!(table_text(table), ["Group A | Arsenal 3 Chelsea 1"]);
        let depth = 100;
        let mut deep = String::new();
        for k in 0..depth {
            deep.push_str(&format!("<table><tr><td>level {k}</td><td>"));
        }
        deep.push_str(&"</td></tr></table>".repeat(depth));
        let html = Html::parse_fragment(&deep);
        let table = html.root_element().children().filter_map(ElementRef::wrap).next().expect("a table");
        let text: usize = table_text(table).iter().map(String::len).sum();
        assert!(text < 20 * depth, "{text} bytes of text from {} of page", deep.len());
    }
}
