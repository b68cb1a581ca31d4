//! News-database bulk exports, split into articles: Nexis Uni `.docx` downloads and LexisNexis
//! `.txt` downloads (the structures LexisNexisTools documents). Each article keeps its
//! headline, outlet, ISO date and byline; the database's furniture (`Length:`, `Load-Date:`,
//! `End of Document`, copyright lines) stays out of the text.

use super::Article;

/// Which database a bulk file came from, for the report.
pub const NEXIS_UNI: &str = "Nexis Uni";
pub const LEXISNEXIS: &str = "LexisNexis";

/// True when the paragraphs of a Word file are a Nexis Uni download: articles closed by
/// "End of Document", each with a "Body" line.
pub fn is_nexis_uni(paragraphs: &[String]) -> bool {
    paragraphs.iter().any(|p| p == "End of Document") && paragraphs.iter().any(|p| p == "Body")
}

/// Splits the paragraphs of a Nexis Uni download into articles.
pub fn split_nexis_uni(paragraphs: &[String]) -> Vec<Article> {
    let mut out = Vec::new();
    for chunk in paragraphs.split(|p| p == "End of Document") {
        let Some(body_at) = chunk.iter().position(|p| p == "Body") else { continue };
        let (head, rest) = chunk.split_at(body_at);
        // The date line is the last line of the head that reads as a date; the outlet is the line
        // before it and the headline the one before that (a cover list may come earlier).
        let Some(date_at) = head.iter().rposition(|l| iso_date(l).is_some()) else { continue };
        let published = iso_date(&head[date_at]).unwrap_or_default();
        let source = date_at.checked_sub(1).map(|k| head[k].clone()).unwrap_or_default();
        let title = date_at.checked_sub(2).map(|k| head[k].clone()).unwrap_or_default();
        let byline = head.iter().find_map(|l| field(l, "Byline")).unwrap_or_default();
        let text: Vec<&str> = rest[1..]
            .iter()
            .map(String::as_str)
            // The body ends where the database's index terms begin ("Classification", alone on
            // its line in current downloads) or at the load date.
            .take_while(|l| {
                !is_field(l, "Load-Date")
                    && !l.trim().eq_ignore_ascii_case("Classification")
                    && !is_field(l, "Classification")
            })
            .filter(|l| !is_furniture(l))
            .collect();
        if text.is_empty() {
            continue;
        }
        out.push(Article { title, source, published, byline, text: text.join("\n\n"), ..Article::default() });
    }
    out
}

/// True when a text file is a LexisNexis download: blocks opened by "N of M DOCUMENTS".
pub fn is_lexisnexis(text: &str) -> bool {
    text.lines().take(200).any(|l| documents_line(l).is_some())
}

/// "3 of 37 DOCUMENTS" → Some(3).
fn documents_line(line: &str) -> Option<usize> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [n, "of", m, docs] if docs.eq_ignore_ascii_case("documents") && m.parse::<usize>().is_ok() => n.parse().ok(),
        _ => None,
    }
}

/// Splits a LexisNexis download into articles.
pub fn split_lexisnexis(text: &str) -> Vec<Article> {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    for line in text.lines() {
        if documents_line(line).is_some() {
            blocks.push(Vec::new());
        } else if let Some(b) = blocks.last_mut() {
            b.push(line);
        }
    }
    blocks.iter().filter_map(|b| lexisnexis_article(b)).collect()
}

fn lexisnexis_article(lines: &[&str]) -> Option<Article> {
    // Paragraphs: runs of non-blank lines, joined.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for l in lines.iter().chain(std::iter::once(&"")) {
        if l.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.iter().map(|s| s.trim()).collect::<Vec<_>>().join(" "));
                current.clear();
            }
        } else {
            current.push(l);
        }
    }
    // The head runs to the first KEY: line (BYLINE, SECTION, LENGTH ...), read line by line
    // (the date line and the edition line stand together); the body from after the last of
    // those keys to LOAD-DATE.
    let first_key = paragraphs.iter().position(|p| upper_key(p).is_some())?;
    let head: Vec<&str> =
        lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).take_while(|l| upper_key(l).is_none()).collect();
    let date_at = head.iter().position(|l| iso_date(l).is_some())?;
    let published = iso_date(head[date_at]).unwrap_or_default();
    let source = date_at.checked_sub(1).map(|k| head[k].to_owned()).unwrap_or_default();
    // After the date: an edition line perhaps, then the headline (which may run over lines).
    let after: Vec<&str> = head[date_at + 1..].to_vec();
    let title = match after.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [first, rest @ ..] if is_edition(first) => rest.join(" "),
        all => all.join(" "),
    };
    let keys_end =
        paragraphs[first_key..].iter().position(|p| upper_key(p).is_none()).map_or(paragraphs.len(), |k| k + first_key);
    let byline = paragraphs[first_key..keys_end].iter().find_map(|p| field(p, "BYLINE")).unwrap_or_default();
    let text: Vec<&str> = paragraphs[keys_end..]
        .iter()
        .map(String::as_str)
        .take_while(|p| !is_field(p, "LOAD-DATE"))
        .filter(|p| !is_furniture(p))
        .collect();
    if text.is_empty() {
        return None;
    }
    Some(Article { title, source, published, byline, text: text.join("\n\n"), ..Article::default() })
}

/// An edition line of a LexisNexis header ("Final Edition", "Late Edition - Final").
fn is_edition(line: &str) -> bool {
    let l = line.to_lowercase();
    l.contains("edition") && l.split_whitespace().count() <= 5
}

/// The key of a "KEY: value" line in capitals (BYLINE, SECTION, LENGTH, DATELINE ...).
fn upper_key(p: &str) -> Option<&str> {
    let (key, _) = p.split_once(':')?;
    (key.len() >= 3 && key.len() <= 20 && key.chars().all(|c| c.is_ascii_uppercase() || c == '-')).then_some(key)
}

/// The value of a "Key: value" line.
fn field(line: &str, key: &str) -> Option<String> {
    let (k, v) = line.split_once(':')?;
    (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().to_owned())
}

fn is_field(line: &str, key: &str) -> bool {
    field(line, key).is_some()
}

/// Lines a database adds that are not the article's.
fn is_furniture(line: &str) -> bool {
    let l = line.trim();
    l.starts_with("Copyright ")
        || l.starts_with("©")
        || ["Length", "Section", "Byline", "Language", "Publication-Type", "Load-Date", "Graphic", "Dateline"]
            .iter()
            .any(|k| is_field(l, k))
}

pub use super::dates::iso_date;
