//! Factiva exports (`.rtf` and `.html`), split into articles. Each article is, line by line
//! (the structure tm.plugin.factiva documents): headline, byline (optional), "N words", date,
//! time (optional), source, source code, page (optional), language, copyright, then the lead
//! paragraph and the text, closed by "Document CODE".

use super::Article;
use super::nexis::iso_date;

pub const FACTIVA: &str = "Factiva";

/// "Document DMER000020200104eg140000b": the line that closes an article.
fn is_document_line(line: &str) -> bool {
    let mut words = line.split_whitespace();
    matches!((words.next(), words.next(), words.next()), (Some("Document"), Some(code), None)
        if code.len() >= 16 && code.len() <= 40 && code.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A cheap look at a web page's source before parsing it again for its lines: does it have a
/// "Document CODE" line's words?
pub fn may_be_export(src: &str) -> bool {
    src.match_indices("Document ").any(|(k, m)| {
        let code: String = src[k + m.len()..].chars().take_while(char::is_ascii_alphanumeric).collect();
        (16..=40).contains(&code.len())
    })
}

/// "523 words", "1,204 words".
fn is_word_count(line: &str) -> bool {
    let mut words = line.split_whitespace();
    matches!((words.next(), words.next(), words.next()), (Some(n), Some("words"), None)
        if n.chars().all(|c| c.is_ascii_digit() || c == ','))
}

/// True when `lines` are a Factiva export: articles closed by "Document CODE", with word counts.
pub fn is_factiva(lines: &[String]) -> bool {
    lines.iter().any(|l| is_document_line(l)) && lines.iter().any(|l| is_word_count(l))
}

/// Splits the lines (paragraphs) of a Factiva export into articles.
pub fn split(lines: &[String]) -> Vec<Article> {
    lines.split(|l| is_document_line(l)).filter_map(article).collect()
}

fn article(lines: &[String]) -> Option<Article> {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let count_at = lines.iter().position(|l| is_word_count(l))?;
    // Before the word count: the headline, then the byline if there is one (a cover page or an
    // earlier article's trailing lines come before and are left out).
    let head = &lines[..count_at];
    let (title, byline) = match head {
        [] => return None,
        [.., title, byline] if byline.starts_with("By ") || byline.starts_with("by ") => {
            ((*title).to_owned(), byline.trim_start_matches("By ").trim_start_matches("by ").to_owned())
        }
        [.., title] => ((*title).to_owned(), String::new()),
    };
    let mut k = count_at + 1;
    let mut published = String::new();
    if let Some(d) = lines.get(k).and_then(|l| iso_date(l)) {
        published = d;
        k += 1;
    }
    // A time of day.
    if lines.get(k).is_some_and(|l| {
        l.len() <= 8 && l.contains(':') && l.chars().all(|c| c.is_ascii_digit() || c == ':' || c == ' ')
    }) {
        k += 1;
    }
    let source = lines.get(k).map(|l| (*l).to_owned()).unwrap_or_default();
    k += 1;
    // The source code, a page, the language and the copyright line, in whatever mix the
    // export has; the text begins after the copyright line (or after the language).
    let rest = &lines[k.min(lines.len())..];
    let start = rest
        .iter()
        .take(6)
        .position(|l| is_copyright(l))
        .map(|c| c + 1)
        .or_else(|| rest.iter().take(5).position(|l| is_language(l)).map(|c| c + 1))
        .unwrap_or(0);
    let text: Vec<&str> = rest[start..].to_vec();
    if text.is_empty() {
        return None;
    }
    Some(Article { title, source, published, byline, text: text.join("\n\n"), ..Article::default() })
}

fn is_copyright(line: &str) -> bool {
    let l = line.to_lowercase();
    l.starts_with("(c)") || l.starts_with('©') || l.starts_with("copyright")
}

fn is_language(line: &str) -> bool {
    ["English", "French", "German", "Spanish", "Italian", "Portuguese", "Dutch", "Arabic", "Russian", "Chinese"]
        .contains(&line)
}

/// The text blocks of a Factiva HTML export in order: each paragraph and each innermost `div`
/// a line.
pub fn html_lines(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.root_element().descendants() {
        let Some(el) = scraper::ElementRef::wrap(node) else { continue };
        let name = el.value().name();
        let blocky = |n: &str| matches!(n, "div" | "p" | "td" | "h1" | "h2" | "h3" | "li");
        if !blocky(name) {
            continue;
        }
        // Innermost blocks only: a div around paragraphs is not a line of its own.
        if el.descendants().skip(1).filter_map(scraper::ElementRef::wrap).any(|c| blocky(c.value().name())) {
            continue;
        }
        let text = el.text().collect::<Vec<_>>().join("").split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            out.push(text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_owned).collect()
    }

    #[test]
    fn an_export_splits_at_its_document_lines() {
        let export = lines(
            "Ministry defends strike\nBy Ana Ruiz\n312 words\n4 January 2020\n10:05\nThe Daily Meridian\nDMER\nEnglish\n(c) 2020 The Daily Meridian. All rights reserved.\nThe ministry called the strike self-defence.\nOfficials gave no evidence.\nDocument DMER000020200104eg140000b\nRapporteur doubts legal basis\n98 words\n5 January 2020\nHarbour Times\nHBRT\nPage 4\nEnglish\nCopyright 2020 Harbour Times\nA rapporteur said it was unlawful.\nDocument HBRT000020200105eg150000c",
        );
        assert!(is_factiva(&export));
        let list = split(&export);
        assert_eq!(list.len(), 2);
        assert_eq!(
            (list[0].title.as_str(), list[0].byline.as_str(), list[0].published.as_str(), list[0].source.as_str()),
            ("Ministry defends strike", "Ana Ruiz", "2020-01-04", "The Daily Meridian")
        );
        assert_eq!(list[0].text, "The ministry called the strike self-defence.\n\nOfficials gave no evidence.");
        assert_eq!(
            (list[1].source.as_str(), list[1].text.as_str()),
            ("Harbour Times", "A rapporteur said it was unlawful.")
        );
    }
}
