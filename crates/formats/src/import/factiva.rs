//! Factiva exports, split into articles, in every interface language.
//!
//! - The web page Factiva's "Article format" makes (2010s–2020s; saved from the browser): each
//!   article a `div` of class `article xxArticle`, its headline in `#hd`, its author in
//!   `div.author`, a run of `div`s (section before the headline; after it word count, date,
//!   source name, source code, edition and page, language, copyright), the text in
//!   `p.articleParagraph`, and a closing `Document CODE` line (`Dokument`, `文件`, …). Read by
//!   its elements, so the author is never taken for the headline.
//! - The older page whose articles are tables of coded rows (`HD`, `BY`, `SN`, `PD`, `LP`, `TD`,
//!   `AN`, …).
//! - The RTF export, and any page without those elements, line by line (the structure
//!   tm.plugin.factiva documents): headline, byline, "N words", date, time, source, source
//!   code, page, language, copyright, the text, "Document CODE".
//!
//! The count the file states is its `Document CODE` lines: each article has one.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};

use super::dates::iso_date;
use super::{Article, Download, Unsplit};

pub const FACTIVA: &str = "Factiva";

/// "Document" in the interface languages Factiva has.
const DOCUMENT: [&str; 10] =
    ["Document", "Dokument", "Documento", "Documenten", "文件", "文档", "文檔", "ドキュメント", "문서", "Документ"];

/// "words" after a word count, in those languages.
const WORDS: [&str; 14] = [
    "words", "Wörter", "mots", "palabras", "parole", "palavras", "woorden", "ord", "słów", "字", "語", "단어", "слов",
    "sanaa",
];

/// The code of a "Document DMER000020200104eg140000b" line, the line that closes an article.
fn document_code(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(word), Some(code), None)
            if DOCUMENT.contains(&word)
                && (16..=40).contains(&code.len())
                && code.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            Some(code)
        }
        _ => None,
    }
}

fn is_document_line(line: &str) -> bool {
    document_code(line).is_some()
}

/// A cheap look at a web page's source before parsing it: does it have a "Document CODE"
/// line's words, in any interface language?
pub fn may_be_export(src: &str) -> bool {
    DOCUMENT.iter().any(|word| {
        src.match_indices(&format!("{word} ")).any(|(k, m)| {
            let code: String = src[k + m.len()..].chars().take_while(char::is_ascii_alphanumeric).collect();
            (16..=40).contains(&code.len())
        })
    })
}

/// "523 words", "1,204 words", "877 Wörter", "8165 字".
fn is_word_count(line: &str) -> bool {
    let mut words = line.split_whitespace();
    matches!((words.next(), words.next(), words.next()), (Some(n), Some(w), None)
        if WORDS.contains(&w) && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
}

/// True when `lines` are a Factiva export: articles closed by "Document CODE", with word counts.
pub fn is_factiva(lines: &[String]) -> bool {
    lines.iter().any(|l| is_document_line(l)) && lines.iter().any(|l| is_word_count(l))
}

/// Splits the lines (paragraphs) of a Factiva export (RTF, or a page without article boxes)
/// into articles, with the count it states (its "Document CODE" lines) and each one not read by
/// its code: an article without a word count or text had gone unsaid, the report counting
/// only those read.
pub fn split(lines: &[String]) -> Download {
    let mut d = Download::new(FACTIVA, Vec::new());
    let stated = lines.iter().filter(|l| is_document_line(l)).count();
    let mut codes = lines.iter().filter_map(|l| document_code(l));
    for (k, chunk) in lines.split(|l| is_document_line(l)).enumerate() {
        // Each chunk but the last ends at its code; after the last code, the file's end.
        let code = if k < stated { codes.next() } else { None };
        match article(chunk, k > 0) {
            Some(a) => d.articles.push(a),
            None if code.is_some() || chunk.iter().any(|l| is_word_count(l)) => {
                let first = chunk.iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or_default();
                let first = code.map_or_else(
                    || first.chars().take(80).collect(),
                    |c| format!("{} (Document {c})", first.chars().take(80).collect::<String>()),
                );
                d.unsplit.push(Unsplit { first_line: first, at: format!("document {} of {stated}", k + 1) });
            }
            None => {}
        }
    }
    d.stated = Some(stated.max(d.articles.len()));
    d
}

/// A person's name as a bare byline: two to four words, each capitalised, of letters (and
/// hyphens, dots, apostrophes) only. The first article of a file has no Document line before
/// it, so its bare byline is known only this way (it had been taken for the headline).
fn looks_like_a_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
        })
}

/// A line of Factiva's search summary at an export's head: its heading, or "Key: value" with a
/// key of a word or two ("Text: soleimani", "Date: 01/01/2020 to 01/07/2020").
fn is_summary_line(line: &str) -> bool {
    line == "Search Summary"
        || line.split_once(':').is_some_and(|(k, _)| {
            let words = k.split_whitespace().count();
            (1..=2).contains(&words) && k.chars().next().is_some_and(char::is_uppercase)
        })
}

fn article(lines: &[String], after_code: bool) -> Option<Article> {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    let count_at = lines.iter().position(|l| is_word_count(l))?;
    // Before the word count: the headline, then the byline if there is one. A byline is known
    // by its "By", "BY", "Von", "Par"… (see `person`); right after an earlier article's
    // Document line the head is the headline and a byline alone, so a bare name is one too ("BY
    // ANA RUIZ", "Von …" or a bare name had been taken for the headline, which was lost). In the
    // first part, a cover page may come before.
    // The first article's bare byline is read after Factiva's search summary too ("Search
    // Summary", "Text: …", "Date: …"), as its own export writes it (it had been taken for the
    // headline there, the headline lost).
    let head = &lines[..count_at];
    let (title, byline) = match head {
        [] => return None,
        [.., title, byline] if person(byline) != *byline => ((*title).to_owned(), person(byline)),
        [title, byline] if after_code || looks_like_a_name(byline) => ((*title).to_owned(), (*byline).to_owned()),
        [cover @ .., title, byline]
            if !after_code
                && cover.iter().all(|l| is_summary_line(l))
                && !is_summary_line(title)
                && looks_like_a_name(byline) =>
        {
            ((*title).to_owned(), (*byline).to_owned())
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
    [
        "English",
        "French",
        "German",
        "Spanish",
        "Italian",
        "Portuguese",
        "Dutch",
        "Arabic",
        "Russian",
        "Chinese",
        "Korean",
        "Japanese",
        "Deutsch",
        "Englisch",
        "Französisch",
        "Français",
        "Anglais",
        "Allemand",
        "Español",
        "Inglés",
        "Nederlands",
        "Engels",
        "Italiano",
        "英文",
        "德文",
        "日文",
        "中文",
        "法文",
    ]
    .contains(&line)
}

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// The text of an element, its white space collapsed (the page breaks lines mid-sentence).
fn text_of(e: ElementRef<'_>) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a box without the blocks inside it (`div`, `p`, `pre`, `table`): those are read
/// as the boxes they are. An unclosed tag in a headline's, byline's or `pre` box had put the
/// rest of the article inside it, and the byline had read "Ana Ruiz312 words4 January 2020…",
/// the Document line in the text.
fn own_text(e: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut stack: Vec<_> = e.children().collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        match n.value() {
            scraper::Node::Text(t) => out.push_str(t),
            scraper::Node::Element(el) if !matches!(el.name(), "div" | "p" | "pre" | "table") => {
                let at = stack.len();
                stack.extend(n.children());
                stack[at..].reverse();
            }
            _ => {}
        }
    }
    out
}

/// [`own_text`], its white space collapsed.
fn own_text_collapsed(e: ElementRef<'_>) -> String {
    own_text(e).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A byline without the outlet's "By" or "Von" in front.
pub(crate) fn person(byline: &str) -> String {
    let b = byline.trim();
    // "From": the Guardian's ("From MICHAEL WHITE and MARTIN WALKER").
    for prefix in
        ["By ", "BY ", "by ", "From ", "FROM ", "Von ", "VON ", "von ", "Par ", "PAR ", "Por ", "POR ", "Door ", "Di "]
    {
        if let Some(rest) = b.strip_prefix(prefix) {
            return rest.trim().to_owned();
        }
    }
    b.to_owned()
}

/// The articles of a Factiva web page read by its elements, or `None` when it has none of
/// Factiva's article elements (then it is read line by line).
pub fn html(src: &str) -> Option<Download> {
    let doc = Html::parse_document(src);
    let articles_sel = selector("div")?;
    // `class="article enArticle"`: the language's article box, not its outer wrapper.
    let is_box = |d: &ElementRef<'_>| {
        let mut classes = d.value().attr("class").unwrap_or_default().split_whitespace();
        matches!((classes.next(), classes.next(), classes.next()), (Some("article"), Some(lang), None)
            if lang.ends_with("Article"))
    };
    // The article boxes: the outermost, and a box nested in another that has a headline of its
    // own (an unclosed <div> in one article puts the next article's box inside it, and the two
    // came in as one, under the second's headline). Each is read without the boxes inside it,
    // so no paragraph is read twice: a page of 350 boxes nested without headlines had made
    // each an article of every paragraph below it (340 MB of project, 100 s and 1 GB); they are
    // one article now.
    let all: Vec<ElementRef<'_>> = doc.select(&articles_sel).filter(|d| is_box(d)).collect();
    let headed: HashSet<NodeId> = selector("div#hd")
        .map(|hd| {
            doc.select(&hd)
                .filter_map(|h| h.ancestors().filter_map(ElementRef::wrap).find(|a| is_box(a)).map(|b| b.id()))
                .collect()
        })
        .unwrap_or_default();
    let outermost = |d: &ElementRef<'_>| !d.ancestors().filter_map(ElementRef::wrap).any(|a| is_box(&a));
    let boxes: Vec<ElementRef<'_>> = all.into_iter().filter(|d| outermost(d) || headed.contains(&d.id())).collect();
    if boxes.is_empty() {
        return None;
    }
    let apart: HashSet<NodeId> = boxes.iter().map(|b| b.id()).collect();
    // Every "Document CODE" line of the page: one per article, what the file states.
    let p_sel = selector("p, td")?;
    let codes: Vec<String> = doc.select(&p_sel).filter_map(|p| document_code(&text_of(p)).map(str::to_owned)).collect();
    let mut download = Download::new(FACTIVA, Vec::new());
    let mut read_codes = Vec::new();
    // Whether the last article box ends without its "Document CODE" line while others have
    // theirs: the page ends inside it, cut short.
    let mut cut = false;
    for (k, b) in boxes.iter().enumerate() {
        let (article, code) =
            if outermost(b) && has_index_rows(*b) { table_article(*b) } else { div_article(*b, &apart) };
        cut = k + 1 == boxes.len() && code.is_none() && !codes.is_empty();
        match article {
            Some(mut a) => {
                if cut {
                    a.notes.push(
                        "the page ends inside this article (its Document line is missing): its text may be cut short, and articles after it lost".into(),
                    );
                }
                download.articles.push(a);
                read_codes.extend(code);
            }
            None => download.unsplit.push(Unsplit {
                first_line: text_of(*b).chars().take(80).collect(),
                at: format!("article {} of the page", k + 1),
            }),
        }
    }
    let mut stated = codes.len();
    // Codes no article box holds: a part of the page not split.
    for (k, c) in codes.iter().enumerate() {
        if !read_codes.contains(c) && download.unsplit.len() < 1000 {
            download
                .unsplit
                .push(Unsplit { first_line: format!("Document {c}"), at: format!("document {} of {stated}", k + 1) });
        }
    }
    if stated == 0 {
        stated = boxes.len();
    }
    download.unsplit.dedup_by(|a, b| a.first_line == b.first_line);
    // A page cut inside its last article states one code fewer than it holds articles: "56 of
    // the 55 article(s) the file lists" read as nonsense. What followed the cut is not known.
    download.stated = Some(if cut { stated.max(download.articles.len()) } else { stated });
    if cut {
        download.unsplit.push(Unsplit {
            first_line: "the rest of the page: it ends inside an article, cut short".into(),
            at: format!("after article {} of the page", boxes.len()),
        });
    }
    Some(download)
}

/// True for the older layout: a table of rows whose first cell holds a code.
fn has_index_rows(b: ElementRef<'_>) -> bool {
    selector("td.index").is_some_and(|s| b.select(&s).next().is_some())
}

/// The elements inside `b`, in document order, but those inside another of the boxes `apart`.
fn own_elements<'a>(b: ElementRef<'a>, apart: &HashSet<NodeId>) -> Vec<ElementRef<'a>> {
    let mut out = Vec::new();
    let mut stack: Vec<ElementRef<'a>> = b.children().filter_map(ElementRef::wrap).collect();
    stack.reverse();
    while let Some(e) = stack.pop() {
        if apart.contains(&e.id()) {
            continue;
        }
        out.push(e);
        let at = stack.len();
        stack.extend(e.children().filter_map(ElementRef::wrap));
        stack[at..].reverse();
    }
    out
}

/// An article of the current template (see the module comment), and its code.
fn div_article(b: ElementRef<'_>, apart: &HashSet<NodeId>) -> (Option<Article>, Option<String>) {
    let mut title = String::new();
    let mut byline = String::new();
    let mut section = String::new();
    let mut header: Vec<String> = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut code = None;
    let mut seen_headline = false;
    for e in own_elements(b, apart) {
        let v = e.value();
        let class = v.attr("class").unwrap_or_default();
        match v.name() {
            "div" if v.id() == Some("hd") => {
                title = own_text_collapsed(e);
                // The German interface numbers its headlines ("1) …").
                let counted = class.contains("counted")
                    || e.children()
                        .filter_map(ElementRef::wrap)
                        .any(|s| s.value().attr("class").unwrap_or_default().contains("counted"));
                if counted
                    && let Some((n, rest)) = title.split_once(") ")
                    && n.chars().all(|c| c.is_ascii_digit())
                {
                    title = rest.to_owned();
                }
                seen_headline = true;
            }
            "div" if v.classes().any(|c| c == "author") => byline = person(&own_text_collapsed(e)),
            // Plain header divs hold only text (the article's own div holds the rest).
            "div"
                if v.classes().next().is_none()
                    && e.children()
                        .filter_map(ElementRef::wrap)
                        .all(|c| c.value().name() != "div" && c.value().name() != "p") =>
            {
                let t = text_of(e);
                if t.is_empty() {
                    continue;
                }
                if seen_headline {
                    header.push(t);
                } else if section.is_empty() {
                    section = t;
                }
            }
            "p" if class.contains("articleParagraph") => {
                let t = text_of(e);
                if !t.is_empty() {
                    paragraphs.push(t);
                }
            }
            "pre" if class.contains("articlePre") => {
                let t = own_text(e);
                let t = t.trim();
                if !t.is_empty() {
                    paragraphs.push(t.to_owned());
                }
            }
            "p" => {
                if let Some(c) = document_code(&text_of(e)) {
                    code = Some(c.to_owned());
                }
            }
            _ => {}
        }
    }
    // After the headline: perhaps a credit, the word count, the date, the source.
    let wc = header.iter().position(|h| is_word_count(h));
    let (published, source) = match wc {
        Some(k) => {
            // A time of day may stand on its own after the date.
            let time = header.get(k + 2).is_some_and(|t| {
                t.len() <= 8 && t.contains(':') && t.chars().all(|c| c.is_ascii_digit() || c == ':' || c == ' ')
            });
            let source_at = if time { k + 3 } else { k + 2 };
            (
                header.get(k + 1).and_then(|d| iso_date(d)).unwrap_or_default(),
                header.get(source_at).cloned().unwrap_or_default(),
            )
        }
        None => (String::new(), String::new()),
    };
    // A byline some pages give as a plain line before the word count ("By Ana Ruiz").
    if byline.is_empty()
        && let Some(b) = header[..wc.unwrap_or(0)].iter().find(|h| person(h) != h.trim())
    {
        byline = person(b);
    }
    if paragraphs.is_empty() {
        return (None, code);
    }
    if title.is_empty() {
        title = paragraphs[0].clone();
    }
    let article =
        Article { title, source, published, byline, section, text: paragraphs.join("\n\n"), ..Article::default() };
    (Some(article), code)
}

/// An article of the older layout: rows of a code and its value.
fn table_article(b: ElementRef<'_>) -> (Option<Article>, Option<String>) {
    let (Some(rows), Some(cells), Some(paras)) = (selector("tr"), selector("td"), selector("p")) else {
        return (None, None);
    };
    let mut a = Article::default();
    let mut paragraphs = Vec::new();
    let mut code = None;
    for row in b.select(&rows) {
        let tds: Vec<ElementRef<'_>> = row.select(&cells).collect();
        let [key, value, ..] = tds.as_slice() else { continue };
        let value_text = text_of(*value);
        match text_of(*key).trim() {
            "HD" => a.title = value_text,
            "BY" => a.byline = person(&value_text),
            "SN" => a.source = value_text,
            "SE" => a.section = value_text,
            "PD" => a.published = iso_date(&value_text).unwrap_or_default(),
            "LP" | "TD" => {
                let ps: Vec<String> = value.select(&paras).map(text_of).filter(|t| !t.is_empty()).collect();
                if ps.is_empty() {
                    paragraphs.push(value_text);
                } else {
                    paragraphs.extend(ps);
                }
            }
            "AN" => code = document_code(&value_text).map(str::to_owned),
            _ => {}
        }
    }
    paragraphs.retain(|p| !p.is_empty());
    if paragraphs.is_empty() {
        return (None, code);
    }
    if a.title.is_empty() {
        a.title = paragraphs[0].clone();
    }
    a.text = paragraphs.join("\n\n");
    (Some(a), code)
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
        let list = split(&export).articles;
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

    /// Bylines as Factiva's outlets write them: in capitals, in German or French, or a bare
    /// name; the headline stays the title (each had been taken for it, the headline lost).
    #[test]
    fn bylines_in_other_forms_leave_the_headline() {
        let head = "Earlier story\n20 words\n3 January 2020\nThe Daily Meridian\nEnglish\nIt happened.\nDocument DMER000020200103eg130000a\n";
        for (byline, name) in [
            ("By Ana Ruiz", "Ana Ruiz"),
            ("BY ANA RUIZ", "ANA RUIZ"),
            ("Von Ana Ruiz", "Ana Ruiz"),
            ("From ANA RUIZ in Geneva", "ANA RUIZ in Geneva"),
            ("Ana Ruiz", "Ana Ruiz"),
        ] {
            let export = lines(&format!(
                "{head}Ministry defends strike\n{byline}\n312 words\n4 January 2020\nThe Daily Meridian\nEnglish\n(c) 2020 The Daily Meridian.\nThe ministry called it self-defence.\nDocument DMER000020200104eg140000b"
            ));
            let list = split(&export).articles;
            assert_eq!(list.len(), 2, "{byline}");
            assert_eq!(
                (list[1].title.as_str(), list[1].byline.as_str()),
                ("Ministry defends strike", name),
                "{byline}"
            );
            assert_eq!(list[1].text, "The ministry called it self-defence.");
        }
        // The first article of the file, with no Document line before it: a bare name is its
        // byline too, a headline of one word or with small words is not.
        for (head, title, byline) in [
            ("Ministry defends strike\nAna Ruiz", "Ministry defends strike", "Ana Ruiz"),
            ("Ministry defends strike\nJean-Luc O'Neill", "Ministry defends strike", "Jean-Luc O'Neill"),
            ("Cover page\nMinistry defends the strike", "Ministry defends the strike", ""),
            // After the search summary Factiva writes (tenth round: the name had been taken for
            // the headline); a summary's last line is not a headline.
            (
                "Search Summary\nText: strike\nDate: 01/01/2020 to 01/07/2020\nMinistry defends strike\nAna Ruiz",
                "Ministry defends strike",
                "Ana Ruiz",
            ),
            ("Search Summary\nResults Found: 5\nMinistry Defends Strike", "Ministry Defends Strike", ""),
            ("Cover page\nStrike", "Strike", ""),
        ] {
            let export = lines(&format!(
                "{head}\n312 words\n4 January 2020\nThe Daily Meridian\nEnglish\n(c) 2020 The Daily Meridian.\nThe ministry called it self-defence.\nDocument DMER000020200104eg140000b"
            ));
            let list = split(&export).articles;
            assert_eq!((list[0].title.as_str(), list[0].byline.as_str()), (title, byline), "{head}");
        }
    }

    /// Article boxes nested in one another (Factiva never nests them) are one article, not one
    /// per box each holding every paragraph below it (350 boxes of 1 MB: 100 s, 1 GB).
    #[test]
    fn nested_article_boxes_are_one_article() {
        let depth = 200;
        let mut page = String::from("<html><body><p>Document ABCDEFGHIJKLMNOP1234</p>");
        for k in 0..depth {
            page.push_str(&format!("<div class=\"article enArticle\"><p class=\"articleParagraph\">Level {k}.</p>"));
        }
        page.push_str(&"</div>".repeat(depth));
        page.push_str("</body></html>");
        let d = html(&page).expect("read as Factiva's page");
        assert!(d.articles.len() <= 1, "{} articles", d.articles.len());
    }

    /// A box nested in another with a headline of its own is an article of its own: an
    /// unclosed <div> in the first article put the second's box inside it, and the two came in
    /// as one, under the second's headline with the first's outlet.
    #[test]
    fn a_box_nested_by_an_unclosed_div_is_its_own_article() {
        let article = |hd: &str, outlet: &str, text: &str, code: &str, open: &str| {
            format!(
                "<div class=\"article enArticle\"><div id=\"hd\">{hd}</div><div>312 words</div><div>4 January 2020</div><div>{outlet}</div><div>English</div>{open}<p class=\"articleParagraph\">{text}</p><p>Document {code}</p>"
            )
        };
        let page = format!(
            "<html><body>{}{}</div></div></body></html>",
            article(
                "Ministry defends strike",
                "The Daily Meridian",
                "The ministry spoke.",
                "DMER000020200104eg140000b",
                "<div>"
            ),
            article(
                "Rapporteur doubts legal basis",
                "Harbour Times",
                "A rapporteur spoke.",
                "HBRT000020200105eg150000c",
                ""
            )
        );
        let d = html(&page).expect("read as Factiva's page");
        let read: Vec<(&str, &str, &str)> =
            d.articles.iter().map(|a| (a.title.as_str(), a.source.as_str(), a.text.as_str())).collect();
        assert_eq!(
            read,
            [
                ("Ministry defends strike", "The Daily Meridian", "The ministry spoke."),
                ("Rapporteur doubts legal basis", "Harbour Times", "A rapporteur spoke.")
            ]
        );
        assert_eq!((d.stated, d.shortfall()), (Some(2), None));
    }

    /// An unclosed tag in the headline's or byline's box, or in a `pre` of text, puts the rest
    /// of the article inside it: the box keeps its own text (tenth round: the byline read "Ana
    /// Ruiz312 words4 January 2020…", the title likewise, and the Document line stood in the
    /// text).
    #[test]
    fn an_unclosed_tag_in_a_headline_byline_or_pre_keeps_the_box_s_own_text() {
        let page = |hd: &str, author: &str, pre: &str| {
            format!(
                "<html><body><div class=\"article enArticle\"><div id=\"hd\">Ministry defends strike{hd}</div><div class=\"author\">By Ana Ruiz{author}</div><div>312 words</div><div>4 January 2020</div><div>The Daily Meridian</div><div>English</div><pre class=\"articlePre\">The ministry spoke.{pre}</pre><p class=\"articleParagraph\">It gave no figures.</p><p>Document DMER000020200104eg140000b</p></div></body></html>"
            )
        };
        for (hd, author, pre) in [("<div>", "", ""), ("", "<div>", ""), ("", "", "<div>")] {
            let d = html(&page(hd, author, pre)).expect("read as Factiva's page");
            assert_eq!(d.articles.len(), 1, "{hd}{author}{pre}");
            let a = &d.articles[0];
            assert_eq!(
                (a.title.as_str(), a.byline.as_str(), a.source.as_str()),
                ("Ministry defends strike", "Ana Ruiz", "The Daily Meridian"),
                "{hd}{author}{pre}"
            );
            assert!(a.text.starts_with("The ministry spoke."), "{hd}{author}{pre}: {}", a.text);
            assert!(!a.text.contains("Document DMER"), "{hd}{author}{pre}: {}", a.text);
        }
    }

    /// An article of an RTF export with no text, or no word count, is said by its code: the
    /// report had counted only those read ("1 article(s) from Factiva" of three).
    #[test]
    fn articles_not_read_are_said_with_their_codes() {
        let export = lines(
            "Ministry defends strike\n312 words\n4 January 2020\nThe Daily Meridian\nDMER\nEnglish\n(c) 2020 The Daily Meridian.\nThe ministry called it self-defence.\nDocument DMER000020200104eg140000b\nRapporteur doubts legal basis\n98 words\n5 January 2020\nHarbour Times\nHBRT\nEnglish\nCopyright 2020 Harbour Times\nDocument HBRT000020200105eg150000c\nMinister resigns\n6 January 2020\nHarbour Times\nEnglish\nThe minister resigned.\nDocument HBRT000020200106eg160000d\n",
        );
        let d = split(&export);
        assert_eq!((d.articles.len(), d.stated), (1, Some(3)));
        assert_eq!(d.unsplit.len(), 2, "{:?}", d.unsplit);
        assert!(d.unsplit[0].first_line.contains("HBRT000020200105eg150000c") && d.unsplit[0].at == "document 2 of 3");
        assert!(d.unsplit[1].first_line.starts_with("Minister resigns") && d.unsplit[1].at == "document 3 of 3");
        assert!(d.shortfall().is_some());
    }
}
