//! News-database bulk exports, split into articles: Nexis Uni `.docx` downloads and LexisNexis
//! `.txt` downloads (the structures LexisNexisTools documents). Each article keeps its
//! headline, outlet, ISO date and byline; the database's furniture (`Length:`, `Load-Date:`,
//! `End of Document`, copyright lines) stays out of the text.

use super::{Article, Download, Unsplit};

/// Which database a bulk file came from, for the report.
pub const NEXIS_UNI: &str = "Nexis Uni";
pub const LEXISNEXIS: &str = "LexisNexis";

/// The line that closes each article, in the interface languages Nexis Uni offers (the
/// markers follow the interface's language: a German download, "Ende des Dokuments", had come
/// in as one article holding all of them, its count unsaid).
const END_OF_DOCUMENT: &[&str] = &[
    "End of Document",
    "Ende des Dokuments",
    "Fin du document",
    "Fin del documento",
    "Fine del documento",
    "Einde van document",
    "Einde van het document",
    "Fim do documento",
];

/// The line before an article's story, in the same languages.
const BODY: &[&str] = &["Body", "Text", "Corps", "Cuerpo", "Corpo", "Testo", "Tekst", "Hoofdtekst"];

/// The cover list's count line: "Documents (50)", "Dokumente (50)", …
const COVER: &[&str] = &["Documents", "Dokumente", "Documentos", "Documenti", "Documenten", "Dokumenter"];

pub(crate) fn is_end(p: &str) -> bool {
    // With a full stop too: a file edited by hand, or converted, had "End of Document." and two
    // articles came in as one.
    let p = p.trim();
    let p = p.strip_suffix('.').unwrap_or(p).trim_end();
    END_OF_DOCUMENT.iter().any(|e| p.eq_ignore_ascii_case(e))
}

fn is_body(p: &str) -> bool {
    BODY.contains(&p.trim())
}

/// True when the paragraphs of a Word file are a Nexis Uni download: articles closed by "End
/// of Document" (in the interface's language), with a "Body" line, a cover list or their
/// load dates.
pub fn is_nexis_uni(paragraphs: &[String]) -> bool {
    // The English "Body" line, a cover list, or the database's fields: "Text" headings and two
    // "Ende des Dokuments" lines had made a German memo a download, its headings lost.
    let field = |p: &String| {
        nexis_field(p).is_some_and(|(f, v)| ["Load-Date", "Length", "Section"].contains(&f) && is_field_value(&v))
    };
    paragraphs.iter().any(|p| is_end(p))
        && (paragraphs.iter().any(|p| p.trim() == "Body")
            || cover_count(paragraphs).is_some()
            || paragraphs.iter().any(field))
}

/// The labels of a Nexis Uni article's fields (before and after its body): a line that starts
/// with one is the database's, not the story's. Lines such as "Age:" or "Bush:" in a story are
/// not among them.
const NEXIS_UNI_FIELDS: &[&str] = &[
    "Section",
    "Length",
    "Byline",
    "Dateline",
    "Highlight",
    "Distribution",
    "Load-Date",
    "Language",
    "Publication-Type",
    "Subject",
    "Organization",
    "Person",
    "Geographic",
    "Industry",
    "Company",
    "Ticker",
    "Correction-Date",
    "Graphic",
    "Series",
    "Journal-Code",
    "Notes",
    "Document-Type",
    "Edition",
    "Source",
];

fn nexis_field(line: &str) -> Option<(&str, String)> {
    let (k, v) = line.split_once(':')?;
    let k = k.trim();
    NEXIS_UNI_FIELDS.iter().find(|f| f.eq_ignore_ascii_case(k)).map(|f| (*f, v.trim().to_owned()))
}

/// A line of an article's head as the database writes it: one of its fields with a value of
/// its own kind, or the "Body" line (for a PDF, whose lines come without paragraphs).
pub(super) fn is_head_field(line: &str) -> bool {
    is_body(line) || nexis_field(line).is_some_and(|(_, v)| is_field_value(&v))
}

/// "Documents (50)" on the cover list.
fn cover_count(paragraphs: &[String]) -> Option<usize> {
    paragraphs.iter().take(2000).find_map(|p| {
        let (word, n) = p.trim().strip_suffix(')')?.split_once('(')?;
        if !COVER.contains(&word.trim()) {
            return None;
        }
        n.trim().parse().ok()
    })
}

/// Splits the paragraphs of a Nexis Uni download into articles, with the count its cover list
/// states (or, without a cover, its "End of Document" lines) and what could not be read.
pub fn nexis_uni(paragraphs: &[String]) -> Download {
    let ends = paragraphs.iter().filter(|p| is_end(p)).count();
    let bodies = paragraphs.iter().filter(|p| is_body(p)).count();
    let heads = (0..paragraphs.len()).filter(|&k| opens_article(paragraphs, k)).count();
    let mut d = Download::new(NEXIS_UNI, Vec::new());
    // Without a cover list, its "End of Document" lines or its articles' "Body" lines,
    // whichever are more: one end line missing had made two articles one, and the count agreed.
    d.stated = Some(cover_count(paragraphs).unwrap_or(ends.max(heads)));
    let with_body = bodies > 0;
    let chunks: Vec<&[String]> =
        paragraphs.split(|p| is_end(p)).flat_map(|c| if with_body { at_load_dates(c) } else { vec![c] }).collect();
    for (k, chunk) in chunks.iter().enumerate() {
        // After the last "End of Document": nothing but the file's end.
        if k == chunks.len() - 1 && chunk.iter().all(|p| p.trim().is_empty()) {
            continue;
        }
        match nexis_uni_article(chunk, with_body) {
            Some(a) => d.articles.push(a),
            None => {
                let first = chunk.iter().find(|p| !p.trim().is_empty()).cloned().unwrap_or_default();
                if k < chunks.len() - 1 || !first.is_empty() {
                    d.unsplit.push(Unsplit { first_line: first, at: format!("document {} of the file", k + 1) });
                }
            }
        }
    }
    d
}

/// A "Load-Date:" line as the database writes it: a date (read as one, or a few words holding a
/// number and no word in lower case, "06/01/2020"), not a story's line that begins with the
/// word ("Load-Date: May 3, the ship docked." had ended a story).
fn is_load_date(l: &str) -> bool {
    l.trim().split_once(':').is_some_and(|(k, v)| {
        let words: Vec<&str> = v.split_whitespace().collect();
        k.trim().eq_ignore_ascii_case("Load-Date")
            && (iso_date(v).is_some()
                || (words.len() <= 4
                    && v.chars().any(|c| c.is_ascii_digit())
                    && !words.iter().any(|w| w.chars().next().is_some_and(char::is_lowercase))))
    })
}

/// Whether the "Body" line at `k` opens an article: one of the database's fields (Length,
/// Byline, Section…) or its copyright notice is the line before it, as in every article's
/// head. A story's own heading "Text" or "Body" follows the story's paragraphs: counted as an
/// article's, it had said an article was missing from a file that lacked none.
fn opens_article(paragraphs: &[String], k: usize) -> bool {
    is_body(&paragraphs[k])
        && paragraphs[..k]
            .iter()
            .rev()
            .find(|p| !p.trim().is_empty())
            .is_some_and(|p| nexis_field(p).is_some_and(|(f, _)| f != "Load-Date") || is_copyright_notice(p.trim()))
}

/// A chunk between two "End of Document" lines that holds more than one "Body" line is more
/// than one article, an end line missing: cut after each "Load-Date:" line that a later "Body"
/// line follows (an article's last field before its end).
fn at_load_dates(chunk: &[String]) -> Vec<&[String]> {
    let bodies: Vec<usize> = (0..chunk.len()).filter(|&k| opens_article(chunk, k)).collect();
    if bodies.len() < 2 {
        return vec![chunk];
    }
    let mut out = Vec::new();
    let mut from = 0;
    for pair in bodies.windows(2) {
        let load = chunk[pair[0]..pair[1]].iter().rposition(|p| is_load_date(p));
        if let Some(l) = load {
            let cut = pair[0] + l + 1;
            out.push(&chunk[from..cut]);
            from = cut;
        }
    }
    out.push(&chunk[from..]);
    out
}

fn nexis_uni_article(chunk: &[String], with_body: bool) -> Option<Article> {
    let lines: Vec<&str> = chunk.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    // In a file without "Body" lines (one in a language not listed), the story begins after the
    // head's fields ("Length: 120 words"); in one with them, an article without it is not read
    // (its head is damaged) and said.
    let (head_end, body_at) = match lines.iter().position(|p| is_body(p)) {
        Some(b) => (b, b + 1),
        None if with_body => return None,
        None => {
            let meta = |l: &str| nexis_field(l).is_some_and(|(_, v)| is_field_value(&v)) || is_copyright_notice(l);
            let first = lines.iter().take(40).position(|l| meta(l))?;
            let end = first + lines[first..].iter().take_while(|l| meta(l)).count();
            (end, end)
        }
    };
    let head = &lines[..head_end];
    // The head ends with the copyright line and the fields; before them: the headline, the
    // outlet, sometimes a line in parentheses, the date line (not always), "Correction
    // Appended" perhaps. A cover list may come first, in the first article's chunk.
    let meta = head.iter().position(|l| nexis_field(l).is_some() || is_copyright_notice(l)).unwrap_or(head.len());
    let mut top: Vec<&str> = head[..meta].to_vec();
    while top.last().is_some_and(|l| l.eq_ignore_ascii_case("Correction Appended")) {
        top.pop();
    }
    let mut published = String::new();
    if let Some(at) = top.iter().rposition(|l| iso_date(l).is_some())
        && at + 1 == top.len()
    {
        published = iso_date(top[at]).unwrap_or_default();
        top.truncate(at);
    }
    // A line in parentheses between the outlet and the date ("(Green)", "(Sinosphere)").
    if top.len() > 2 && top.last().is_some_and(|l| l.starts_with('(') && l.ends_with(')')) {
        top.pop();
    }
    let source = top.pop().unwrap_or_default().to_owned();
    let title = top.pop().unwrap_or_default().to_owned();
    let fields: Vec<(&str, String)> = head[meta..].iter().filter_map(|l| nexis_field(l)).collect();
    let get = |name: &str| fields.iter().find(|(f, _)| *f == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let text = nexis_uni_body(&lines[body_at..]);
    if text.is_empty() {
        return None;
    }
    let title = if title.is_empty() { super::text::title_from(text[0]) } else { title };
    Some(Article {
        title,
        source,
        published,
        byline: super::factiva::person(&get("Byline")),
        section: get("Section"),
        text: text.join("\n\n"),
        ..Article::default()
    })
}

/// The story of an article's body, without what the database adds: the abstract before "FULL
/// TEXT", picture and graphic captions, "Related Articles" and what follows, corrections, the
/// index terms after "Classification" and the fields from "Load-Date:" on.
fn nexis_uni_body<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let start = lines.iter().position(|l| *l == "FULL TEXT").map_or(0, |k| k + 1);
    let mut out = Vec::new();
    let mut skip_next = false;
    // Looked for once, not at each "Correction" line (a file of such lines was quadratic).
    let correction_date = lines.iter().any(|x| x.contains("Correction-Date:"));
    // The index terms' heading "Classification" ends the story only where the database's
    // fields follow it, and "Load-Date:" only with a date: a story's own line "Load-Date: the
    // day the ship docked, officials said." had ended it, the rest lost unsaid (as it had in
    // LexisNexis text).
    let rest = &lines[start..];
    for (k, &l) in rest.iter().enumerate() {
        if skip_next {
            skip_next = false;
            continue;
        }
        let classification = || {
            l.eq_ignore_ascii_case("Classification")
                && rest[k + 1..].iter().find(|x| !x.trim().is_empty()).is_none_or(|x| nexis_field(x).is_some())
        };
        let label = l.split_once(':').map(|(k, _)| k.trim());
        // "Correction" closes the story only where the correction's own field follows: as a
        // line of the story it had cut off the rest unsaid. (In real Guardian downloads the
        // field is stuck to the end of the correction's text: "…North Atlantic.Correction-Date:
        // September 28, 2005".)
        let correction = || l == "Correction" && correction_date;
        if classification() || l == "Related Articles" || is_load_date(l) || correction() {
            break;
        }
        if l == "Graphic" {
            skip_next = true;
            continue;
        }
        if l == "ABSTRACT"
            || label.is_some_and(|k| ["PHOTO", "PHOTOS", "GRAPHIC", "CHART"].contains(&k))
            || nexis_field(l).is_some_and(|(_, v)| is_index_value(&v))
            || is_copyright_notice(l)
        {
            continue;
        }
        out.push(l);
    }
    out
}

/// Whether a field's value reads as the database's (a few words, a code, index terms with their
/// shares), not as a line of the story that begins with the same word ("Source: a person
/// familiar with the talks said…" was dropped as the field Source).
fn is_field_value(v: &str) -> bool {
    v.split_whitespace().count() <= 8 || v.contains("%)") || !v.chars().any(char::is_lowercase)
}

/// Whether a field's value inside a story reads as the database's: index terms with their
/// shares, or a code in capitals ("ENGLISH"). A short value is not enough there: a fact box's
/// "Language: Persian and Arabic" had been dropped as the field Language.
fn is_index_value(v: &str) -> bool {
    v.contains("%)") || !v.chars().any(char::is_lowercase)
}

/// A copyright notice ("Copyright 2020 The Daily Meridian", "Copyright © …", "© 2020 …"), not a
/// line of the story ("Copyright lawyers said…" was dropped as one).
pub(crate) fn is_copyright_notice(l: &str) -> bool {
    let l = l.trim();
    if l.starts_with('©') {
        return true;
    }
    let Some(rest) = l.strip_prefix("Copyright ").or_else(|| l.strip_prefix("COPYRIGHT ")) else { return false };
    let rest = rest.trim_start();
    rest.starts_with(|c: char| c.is_ascii_digit() || c == '©') || rest.starts_with("(c)") || rest.starts_with("(C)")
}

/// True when a text file is a LexisNexis download: blocks opened by "N of M DOCUMENTS".
pub fn is_lexisnexis(text: &str) -> bool {
    text.lines().take(200).any(|l| documents_line(l).is_some())
}

/// "3 of 37 DOCUMENTS" → Some((3, 37)), in the interface languages LexisNexis had ("1 of 1
/// DOCUMENT", "1 von 2 DOKUMENTEN", "1 van 2 DOCUMENTEN", "1 de 2 DOCUMENTS").
pub(crate) fn documents_line(line: &str) -> Option<(usize, usize)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [n, of, m, docs]
            if ["of", "von", "van", "de", "sur", "di", "av", "af"].contains(&of.to_lowercase().as_str())
                && [
                    "documents",
                    "document",
                    "dokumenter",
                    "dokumente",
                    "dokumenten",
                    "dokument",
                    "documenten",
                    "documentos",
                    "documento",
                    "documenti",
                ]
                .contains(&docs.to_lowercase().as_str()) =>
        {
            Some((n.parse().ok()?, m.parse().ok()?))
        }
        _ => None,
    }
}

/// The count a download of numbered documents ("N of M DOCUMENTS") states, given the numbers
/// of its `blocks` documents and the largest M: a file of a part of a result list ("51 of 100"
/// to "100 of 100") states the numbers from its first to its last, so a number missing between
/// them is an article lost; a file of one document, or of the whole list, states M.
pub(super) fn stated_by_numbers(numbers: &[usize], stated: usize, blocks: usize) -> usize {
    if blocks > 1
        && let Some((first, last, _)) = part_listed(numbers, stated)
    {
        return last.saturating_sub(first).saturating_add(1).max(blocks);
    }
    stated.max(blocks)
}

/// The first and last of the documents' numbers and the list's size, when the file's
/// `blocks` documents are only a part of it (see [`super::Download::listed`]).
pub(super) fn listed(numbers: &[usize], stated: usize, blocks: usize) -> Option<(usize, usize, usize)> {
    let first = numbers.iter().min().copied()?;
    let last = numbers.iter().max().copied()?;
    (stated_by_numbers(numbers, stated, blocks) < stated).then_some((first, last, stated))
}

fn part_listed(numbers: &[usize], stated: usize) -> Option<(usize, usize, usize)> {
    let (first, last) = (numbers.iter().min().copied()?, numbers.iter().max().copied()?);
    // Saturating: "0 of 18446744073709551615" and its last number had wrapped the run to 0.
    let run = last.saturating_sub(first).saturating_add(1);
    (run < stated).then_some((first, last, stated))
}

/// Splits a LexisNexis download into articles, with the count it states (the M of its "N of M
/// DOCUMENTS" lines) and the blocks that could not be read.
pub fn lexisnexis(text: &str) -> Download {
    let mut blocks: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut stated = 0;
    let mut numbers: Vec<usize> = Vec::new();
    for (k, line) in text.lines().enumerate() {
        if let Some((n, m)) = documents_line(line) {
            stated = stated.max(m);
            numbers.push(n);
            blocks.push((k + 1, Vec::new()));
        } else if let Some((_, b)) = blocks.last_mut() {
            b.push(line);
        }
    }
    let mut d = Download::new(LEXISNEXIS, Vec::new());
    // A file of a part of a result list ("51 of 100" to "100 of 100") states the numbers from
    // its first to its last: a number missing between them is an article lost (a file holding
    // "1 of 3" and "3 of 3" had passed as complete).
    d.stated = Some(stated_by_numbers(&numbers, stated, blocks.len()));
    d.listed = listed(&numbers, stated, blocks.len());
    for (line, b) in &blocks {
        match lexisnexis_article(b) {
            Some(a) => d.articles.push(a),
            None => d.unsplit.push(Unsplit {
                first_line: b.iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or_default().to_owned(),
                at: format!("line {line}"),
            }),
        }
    }
    d
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
    // those keys to LOAD-DATE. A document without key lines has its head to the first
    // paragraph after the headline.
    // The head ends at the database's first key; a headline in capitals before a colon
    // ("EXCLUSIVE: Minister quits…", "WATCH: …") had ended it and been dropped as a key. Keys
    // of a language not listed still end it when none of the known ones is there.
    let database_key = |p: &str| {
        upper_key(p).is_some_and(|k| (LEXISNEXIS_KEYS.contains(&k) || is_known_key(k)) && key_value_fits(k, p))
    };
    // Asked once: asked for each line, it made a document of 8,000 lines take 2.4 s (quadratic).
    let known_keys = lines.iter().any(|l| database_key(l.trim()));
    let key_at = |p: &str| if known_keys { database_key(p) } else { upper_key(p).is_some() };
    let first_key = paragraphs.iter().position(|p| key_at(p));
    let head: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).take_while(|l| !key_at(l)).collect();
    // A date line of a day its month lacks ("February 29, 2021") stands where the date does,
    // and is said: it had been glued into the headline, unsaid.
    let date_at = head.iter().position(|l| iso_date(l).is_some() || super::dates::impossible_date(l));
    let published = date_at.and_then(|k| iso_date(head[k])).unwrap_or_default();
    let impossible = date_at.filter(|_| published.is_empty()).map(|k| head[k].to_owned());
    let (source, after): (String, Vec<&str>) = match date_at {
        Some(k) => (k.checked_sub(1).map(|j| head[j].to_owned()).unwrap_or_default(), head[k + 1..].to_vec()),
        None => (head.first().map(|s| (*s).to_owned()).unwrap_or_default(), head.iter().skip(1).copied().collect()),
    };
    // After the date: an edition line perhaps, then the headline (which may run over lines).
    let title = match after.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [first, rest @ ..] if is_edition(first) => rest.join(" "),
        all => all.join(" "),
    };
    let mut title = title;
    let mut source = source;
    let (byline, section, body_from) = match first_key {
        Some(first) => {
            // The run of key lines: the database's keys, and other short KEY: lines. A story
            // may open with a word in capitals and a colon: a one-word dateline ("MUMBAI: Heavy
            // rain flooded…"), a transcript's speaker ("BLITZER: Good evening…"); taken for
            // keys, such paragraphs had been dropped, unsaid.
            // A short line that ends as a sentence does ("BLITZER: Good evening.", "STARR: Hi,
            // Wolf.") is a speaker's turn, not a key: taken for one, it had been dropped.
            // So is one cut off ("BLITZER: Barbara, what are you hearing --"), and one that
            // reads as prose ("ANNOUNCER: This is CNN breaking news"); a database's key holds
            // a value of its kind ("SOURCE: Officials close to the inquiry said…" is the story).
            let is_key = |p: &String| {
                upper_key(p).is_some_and(|k| {
                    if LEXISNEXIS_KEYS.contains(&k) || is_known_key(k) {
                        return key_value_fits(k, p);
                    }
                    // A comma, too, is a turn's ("BLITZER: Barbara Starr, at the Pentagon"):
                    // the keys the database writes have none but those known above.
                    p.split_once(':').is_some_and(|(_, v)| short_value(v) && !reads_as_prose(v) && !v.contains(", "))
                })
            };
            let end = paragraphs[first..].iter().position(|p| !is_key(p)).map_or(paragraphs.len(), |k| k + first);
            let keys = &paragraphs[first..end];
            let get =
                |names: &[&str]| keys.iter().find_map(|p| names.iter().find_map(|n| field(p, n))).unwrap_or_default();
            (get(&["BYLINE", "AUTOR", "AUTEUR", "AUTEUR(S)"]), get(&["SECTION", "RUBRIK", "RUBRIQUE", "RUBRIEK"]), end)
        }
        None => {
            // No key lines: paragraph by paragraph, the outlet, the date line (perhaps), an
            // edition (perhaps), the headline, then the story.
            let mut k = match paragraphs.iter().position(|p| iso_date(p).is_some()) {
                Some(d) => d + 1,
                None => {
                    source = paragraphs.first().cloned().unwrap_or_default();
                    1
                }
            };
            if paragraphs.get(k).is_some_and(|p| is_edition(p)) {
                k += 1;
            }
            title = paragraphs.get(k).cloned().unwrap_or_default();
            (String::new(), String::new(), k + 1)
        }
    };
    // The story runs to LOAD-DATE (or an UPDATE with its date); within it only the database's
    // own lines are left out. "UPDATE: The service said…" had ended a story, and "Copyright
    // lawyers said…" or "Language: the judgment was…" been dropped from one, unsaid.
    let dated = |p: &str, k: &str| field(p, k).is_some_and(|v| iso_date(&v).is_some());
    let text: Vec<&str> = paragraphs[body_from.min(paragraphs.len())..]
        .iter()
        .map(String::as_str)
        // LOAD-DATE as the database writes it (its key in capitals, or a date after it): a story
        // line "Load-date: the day the servers were loaded…" had ended the story.
        .take_while(|p| {
            let load = ["LOAD-DATE", "DATE-CHARGEMENT", "LAADDATUM"]
                .iter()
                .any(|k| is_field(p, k) && (upper_key(p).is_some() || dated(p, k)));
            !load && !dated(p, "UPDATE")
        })
        .filter(|p| {
            let database_key = upper_key(p).is_some_and(|k| is_known_key(k) && k != "UPDATE");
            !is_furniture(p) && !database_key
        })
        .collect();
    if text.is_empty() {
        return None;
    }
    let title = if title.is_empty() { super::text::title_from(text[0]) } else { title };
    let notes = impossible
        .map(|l| format!("its date line “{l}” names a day its month does not have: left undated"))
        .into_iter()
        .collect();
    Some(Article {
        title,
        source,
        published,
        byline: super::factiva::person(&byline),
        section,
        text: text.join("\n\n"),
        notes,
        ..Article::default()
    })
}

/// Keys of the database's own lines, in the languages seen; other capitals before a colon in a
/// story ("PRESIDENT: …" in a transcript) are left in it.
fn is_known_key(k: &str) -> bool {
    [
        "BYLINE",
        "SECTION",
        "LENGTH",
        "DATELINE",
        "HIGHLIGHT",
        "GRAPHIC",
        "LANGUAGE",
        "PUBLICATION-TYPE",
        "LOAD-DATE",
        "CORRECTION-DATE",
        "AUTOR",
        "RUBRIK",
        "LÄNGE",
        "SPRACHE",
        "UPDATE",
        "AUTEUR",
        "RUBRIQUE",
        "LONGUEUR",
        "LANGUE",
        "RUBRIEK",
        "LENGTE",
        "TAAL",
        "SUBJECT",
        "ORGANIZATION",
        "PERSON",
        "GEOGRAPHIC",
        "DOCUMENT-TYPE",
    ]
    .contains(&k)
}

/// An edition line of a LexisNexis header ("Final Edition", "Late Edition - Final").
fn is_edition(line: &str) -> bool {
    let l = line.to_lowercase();
    l.contains("edition") && l.split_whitespace().count() <= 5
}

/// The key of a "KEY: value" line in capitals (BYLINE, SECTION, LENGTH, LÄNGE, DATELINE ...).
/// The keys of a LexisNexis document's head (and their French, German and Dutch forms), which
/// may carry a long value (a HIGHLIGHT's summary).
const LEXISNEXIS_KEYS: &[&str] = &[
    "AUTEUR",
    "AUTEUR(S)",
    "AUTOR",
    "BODY",
    "BYLINE",
    "CORRECTION",
    "CORRECTION-DATE",
    "DATELINE",
    "DISTRIBUTION",
    "EDITION",
    "GRAPHIC",
    "GUESTS",
    "HIGHLIGHT",
    "JOURNAL-CODE",
    "LENGTH",
    "LONGUEUR",
    "LÄNGE",
    "LENGTE",
    "RUBRIEK",
    "RUBRIK",
    "RUBRIQUE",
    "SECTION",
    "SERIES",
    "SHOW",
    "SOURCE",
    "TYPE",
];

/// Whether the value of a database's key line `p` is of the key's kind: an UPDATE's a date,
/// a SOURCE's, TYPE's or SHOW's a few words, not a sentence ("UPDATE: Minister quits over port
/// blast" is a headline, "SOURCE: Officials close to the inquiry said…" a line of the story).
fn key_value_fits(k: &str, p: &str) -> bool {
    let v = p.split_once(':').map_or("", |(_, v)| v.trim());
    match k {
        "UPDATE" => iso_date(v).is_some(),
        "SOURCE" | "TYPE" | "SHOW" => short_value(v),
        _ => true,
    }
}

/// A key's value: a few words that do not end as a sentence, or a cut-off line, does.
fn short_value(v: &str) -> bool {
    let v = v.trim_end();
    v.split_whitespace().count() <= 8 && !v.ends_with(['.', '!', '?', '"', '”', '…']) && !v.ends_with("--")
}

/// Words that read as a sentence: four or more, most of them in lower case.
fn reads_as_prose(v: &str) -> bool {
    let words: Vec<&str> = v.split_whitespace().collect();
    let lower = words.iter().filter(|w| w.chars().next().is_some_and(char::is_lowercase)).count();
    words.len() >= 4 && lower * 2 > words.len()
}

fn upper_key(p: &str) -> Option<&str> {
    let (key, _) = p.split_once(':')?;
    let n = key.chars().count();
    ((3..=20).contains(&n) && key.chars().all(|c| c.is_uppercase() || c == '-')).then_some(key)
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
    is_copyright_notice(l)
        || ["Length", "Section", "Byline", "Language", "Publication-Type", "Load-Date", "Graphic", "Dateline"]
            .iter()
            .any(|k| field(l, k).is_some_and(|v| is_index_value(&v)))
}

pub use super::dates::iso_date;

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of the story that begin as the database's lines do are the story's: they had been
    /// dropped ("Copyright lawyers said…", "Language: the judgment…", "Source: a person…") or
    /// had ended it ("UPDATE: The service said…", a line "Correction"), unsaid.
    const STORY: &[&str] = &[
        "The court ruled on Friday that the service had infringed the labels' rights.",
        "UPDATE: The service said on Saturday it would appeal.",
        "Copyright lawyers said the ruling would change how platforms licence music.",
        "Language: the judgment was unusually blunt, calling the defence fanciful and late.",
        "Source: a person familiar with the talks said the labels had asked for damages.",
        "Correction",
        "Analysts expect the appeal to take two years.",
        // A fact box's lines: short, but the story's ("Language: …" had been dropped as a field).
        "Language: Persian and Arabic",
        "Length: 1,200 km from the Gulf",
    ];

    /// A Word file with "Text" headings and "Ende des Dokuments" lines but none of a download's
    /// fields or cover is not a download; a story line "Load-date: the day…" does not end a
    /// LexisNexis story.
    #[test]
    fn look_alikes_of_the_databases_lines_are_not_taken_for_them() {
        let memo: Vec<String> = [
            "Protokoll vom 4. Januar",
            "Anwesend: Meier, Schulz",
            "Text",
            "Wir sprachen.",
            "Ende des Dokuments",
            "Text",
            "Noch mehr.",
            "Ende des Dokuments",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        assert!(!is_nexis_uni(&memo));
        let text = "                              1 of 1 DOCUMENT\n\n                              The Daily Meridian\n\n                           January 4, 2020 Saturday\n\nServers down\n\nLENGTH: 120 words\n\n\nThe outage began at noon.\n\nLoad-date: the day the servers were loaded was a Monday, staff said.\n\nRepairs took a week.\n\nLOAD-DATE: January 5, 2020\n";
        let d = lexisnexis(text);
        assert_eq!(
            d.articles[0].text,
            "The outage began at noon.\n\nLoad-date: the day the servers were loaded was a Monday, staff said.\n\nRepairs took a week."
        );
    }

    /// A story that opens with a word in capitals and a colon (a one-word dateline, a
    /// transcript's speakers) keeps those paragraphs: they had been taken for the head's keys.
    #[test]
    fn a_lexisnexis_story_opening_with_a_capital_word_and_a_colon_is_whole() {
        let head = "                              1 of 1 DOCUMENT\n\n                           The Times of India\n\n                        January 4, 2020 Saturday\n\nRains lash city\n\nBYLINE: Ana Ruiz\n\nSECTION: CITY\n\nLENGTH: 120 words\n\nDATELINE: MUMBAI\n\n";
        for story in [
            "MUMBAI: Heavy rain flooded the tracks at Kurla on Friday and suburban trains ran an hour late.\n\nOfficials said the drains had not been cleared.",
            "BLITZER: Good evening, we begin tonight with the strike and what it means for the region.\n\nSTARR: Wolf, officials here say the decision was taken late on Thursday night.\n\n(BEGIN VIDEOTAPE)",
        ] {
            let d = lexisnexis(&format!("{head}{story}\n\nLOAD-DATE: January 5, 2020\n\nLANGUAGE: ENGLISH\n"));
            assert_eq!(d.articles.len(), 1);
            let a = &d.articles[0];
            assert_eq!(a.text, story);
            assert_eq!((a.byline.as_str(), a.section.as_str()), ("Ana Ruiz", "CITY"));
        }
    }

    #[test]
    fn lexisnexis_story_lines_that_look_like_keys_stay() {
        let text = format!(
            "                              1 of 1 DOCUMENT\n\n                              The Daily Meridian\n\n                           January 4, 2020 Saturday\n\nCourt rules on music sharing case\n\nBYLINE: Ana Ruiz\n\nSECTION: WORLD; Pg. 3\n\nLENGTH: 120 words\n\n\n{}\n\nUPDATE: January 6, 2020\n\nLOAD-DATE: January 5, 2020\n\nLANGUAGE: ENGLISH\n\nPUBLICATION-TYPE: Newspaper\n\n                   Copyright 2020 The Daily Meridian\n",
            STORY.join("\n\n")
        );
        let d = lexisnexis(&text);
        assert_eq!(d.articles.len(), 1);
        let a = &d.articles[0];
        assert_eq!(a.text, STORY.join("\n\n"));
        assert_eq!((a.title.as_str(), a.section.as_str()), ("Court rules on music sharing case", "WORLD; Pg. 3"));
    }

    /// A headline that begins "Copyright" ("Copyright ruling hits Google") is the headline,
    /// not the copyright notice: the title, outlet and date had all shifted.
    #[test]
    fn a_headline_about_copyright_stays_the_headline() {
        let paragraphs: Vec<String> = [
            "Documents (1)",
            "Copyright ruling hits Google",
            "The Daily Meridian",
            "January 4, 2020 Saturday",
            "Copyright 2020 The Daily Meridian",
            "Length: 120 words",
            "Body",
            "The court ruled against the company.",
            "Load-Date: January 5, 2020",
            "End of Document",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let d = nexis_uni(&paragraphs);
        assert_eq!(d.articles.len(), 1);
        let a = &d.articles[0];
        assert_eq!(
            (a.title.as_str(), a.source.as_str(), a.published.as_str(), a.text.as_str()),
            (
                "Copyright ruling hits Google",
                "The Daily Meridian",
                "2020-01-04",
                "The court ruled against the company."
            )
        );
    }

    /// Without a cover list, an "End of Document" line missing or written with a full stop had
    /// made two articles one, and the count (its end lines) agreed: unsaid.
    #[test]
    fn a_missing_or_dotted_end_line_does_not_join_two_articles() {
        let article = |n: usize, end: &str| -> Vec<String> {
            vec![
                format!("Headline number {n}"),
                "The Daily Meridian".into(),
                format!("January {}, 2020", n + 3),
                "Copyright 2020 The Daily Meridian".into(),
                "Length: 120 words".into(),
                "Body".into(),
                format!("Story {n} continues."),
                format!("Load-Date: January {}, 2020", n + 4),
                end.into(),
            ]
        };
        for (second_end, third_end) in [("", "End of Document"), ("End of Document.", "End of Document.")] {
            let mut paragraphs = article(1, "End of Document");
            paragraphs.extend(article(2, second_end).into_iter().filter(|p| !p.is_empty()));
            paragraphs.extend(article(3, third_end));
            let d = nexis_uni(&paragraphs);
            let titles: Vec<&str> = d.articles.iter().map(|a| a.title.as_str()).collect();
            assert_eq!(titles, ["Headline number 1", "Headline number 2", "Headline number 3"], "{second_end:?}");
            assert_eq!(d.articles[1].text, "Story 2 continues.");
            assert_eq!((d.stated, d.shortfall()), (Some(3), None));
        }
    }

    #[test]
    fn nexis_uni_story_lines_that_look_like_fields_stay() {
        let mut paragraphs: Vec<String> = [
            "Documents (1)",
            "Court rules on music case",
            "The Daily Meridian",
            "January 4, 2020 Saturday",
            "Copyright 2020 The Daily Meridian",
            "Section: WORLD; Pg. 3",
            "Length: 120 words",
            "Byline: Ana Ruiz",
            "Body",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        paragraphs.extend(STORY.iter().map(|s| (*s).to_owned()));
        paragraphs.extend(
            [
                "Classification",
                "Language: ENGLISH",
                "Subject: MUSIC (90%); COURTS (88%)",
                "Load-Date: January 5, 2020",
                "End of Document",
            ]
            .iter()
            .map(|s| (*s).to_owned()),
        );
        let d = nexis_uni(&paragraphs);
        assert_eq!(d.articles.len(), 1);
        assert_eq!(d.articles[0].text, STORY.join("\n\n"));
        // A correction block with its own field still closes the story.
        let at = paragraphs.iter().position(|p| p == "Classification").expect("there");
        paragraphs.splice(
            at..at,
            [
                "Correction".to_owned(),
                "An earlier version misstated a date.".to_owned(),
                "Correction-Date: January 7, 2020".to_owned(),
            ],
        );
        let d = nexis_uni(&paragraphs);
        assert_eq!(d.articles[0].text, STORY[..5].join("\n\n"));
    }

    /// Without a cover list: a story's own "Load-Date: …" line, its "Classification" heading
    /// and its "Text" heading are the story's (tenth round: the first two had ended the story,
    /// the rest lost unsaid; the third was counted as an article's Body line, and an article
    /// was said to be missing from a file that lacked none).
    #[test]
    fn nexis_uni_story_lines_like_its_markers_stay_and_count_no_article() {
        let article = |n: usize, story: &[&str]| -> Vec<String> {
            let mut v: Vec<String> = vec![
                format!("Headline number {n}"),
                "The Daily Meridian".into(),
                format!("January {}, 2020", n + 3),
                "Copyright 2020 The Daily Meridian".into(),
                "Length: 120 words".into(),
                "Byline: Ana Ruiz".into(),
                "Body".into(),
            ];
            v.extend(story.iter().map(|s| (*s).to_owned()));
            v.extend([format!("Load-Date: January {}, 2020", n + 4), "End of Document".into()]);
            v
        };
        let story = [
            "The minister spoke.",
            "Load-Date: the day the ship docked, officials said.",
            "Load-Date: May 3, the ship docked.",
            "Text",
            "Classification",
            "More text.",
        ];
        let mut paragraphs = article(1, &story);
        paragraphs.extend(article(2, &["Story 2."]));
        paragraphs.extend(article(3, &["Story 3."]));
        let d = nexis_uni(&paragraphs);
        assert_eq!(d.articles.len(), 3);
        assert_eq!(d.articles[0].text, story.join("\n\n"));
        assert_eq!((d.stated, d.shortfall()), (Some(3), None));
    }

    /// A download made in another interface language: its markers are in that language
    /// ("Dokumente (3)", "Ende des Dokuments"); three articles had come in as one, unsaid.
    #[test]
    fn nexis_uni_in_other_interface_languages_splits() {
        for (cover, body, end) in [
            ("Dokumente (3)", Some("Text"), "Ende des Dokuments"),
            ("Documents (3)", Some("Corps"), "Fin du document"),
            ("Documentos (3)", None, "Fin del documento"),
        ] {
            let mut paragraphs = vec![cover.to_owned()];
            for i in 1..=3 {
                paragraphs.extend(
                    [
                        &format!("Gericht urteilt {i}"),
                        "Süddeutsche Zeitung",
                        "4. Januar 2020 Samstag",
                        "Copyright 2020 SZ",
                        "Section: POLITIK; S. 3",
                        "Length: 120 words",
                    ]
                    .iter()
                    .map(std::string::ToString::to_string),
                );
                paragraphs.extend(body.map(str::to_owned));
                paragraphs.extend([
                    format!("Erster Absatz des Artikels {i}."),
                    format!("Zweiter Absatz des Artikels {i}."),
                    "Load-Date: January 5, 2020".to_owned(),
                    end.to_owned(),
                ]);
            }
            assert!(is_nexis_uni(&paragraphs), "{end}");
            let d = nexis_uni(&paragraphs);
            assert_eq!((d.articles.len(), d.stated), (3, Some(3)), "{end}: {:?}", d.unsplit);
            assert_eq!(d.articles[1].text, "Erster Absatz des Artikels 2.\n\nZweiter Absatz des Artikels 2.", "{end}");
            assert_eq!(d.articles[1].title, "Gericht urteilt 2", "{end}");
            assert_eq!(d.articles[1].published, "2020-01-04", "{end}");
        }
    }
}
