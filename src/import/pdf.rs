//! PDF files with a text layer (as printed from a browser or a newspaper site): the text of
//! each page by pdf-extract (on lopdf), in the order the page draws it (column by column for
//! the layouts browsers and word processors make), then cleaned the way a reader would read it:
//! the lines of a paragraph joined, words broken at a line-end hyphen joined, running headers,
//! footers and page numbers removed, a paragraph that runs over a page break made whole, and
//! ligatures ("ﬁ") spelled out. The title comes from the document information, else the first
//! line.
//!
//! pdf-extract can panic on malformed files; every call into it runs on a thread of its own whose
//! panic is caught at `join`, so a bad PDF is an error naming the file, never a crash.

use std::collections::{HashMap, HashSet};

use super::Article;

/// Stack for the PDF parser's thread.
const PARSER_STACK: usize = 64 << 20;

/// An article from the bytes of a PDF file.
pub fn convert(bytes: &[u8]) -> Result<Article, String> {
    // On a thread of its own with a large stack: the PDF parser recurses (to a bounded depth,
    // but one that can exceed the 2 MB of a job or test thread), and a panic in it ends that
    // thread only. The stack is reserved, not used, unless a file drives the recursion.
    let gave_up = || "cannot read this PDF: it is malformed (the PDF reader gave up)".to_owned();
    let (title, pages) = std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("pdf".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(s, || read(bytes))
            .map_err(|e| format!("cannot read this PDF: no thread to read it on ({e})"))?
            .join()
            .map_err(|_| gave_up())
    })??;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err("the PDF has no text layer (a scanned document?): run it through OCR first".into());
    }
    let text = clean(&pages);
    let title = if title.trim().is_empty() { text.lines().next().unwrap_or_default().to_owned() } else { title };
    Ok(Article { title: title.trim().to_owned(), text, ..Article::default() })
}

/// The document's title (if it has one) and the text of each page.
fn read(bytes: &[u8]) -> Result<(String, Vec<String>), String> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| format!("it is not a readable PDF ({e})"))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("the PDF is encrypted with a password; save an unprotected copy first".into());
    }
    let title = info_title(&doc).unwrap_or_default();
    let mut pages = Vec::new();
    for &n in doc.get_pages().keys() {
        let mut glyphs = Glyphs::default();
        // A page that cannot be read is left out, not the whole file.
        if pdf_extract::output_doc_page(&doc, &mut glyphs, n).is_ok() {
            pages.push(glyphs.text());
        }
    }
    Ok((title, pages))
}

/// One glyph drawn on a page: where (points from the top left), its advance as the font says
/// (an estimate where the font gives no widths) and its size.
struct Glyph {
    x: f64,
    y: f64,
    advance: f64,
    size: f64,
    text: String,
}

/// Collects the glyphs of a page from pdf-extract, to be read into lines afterwards.
#[derive(Default)]
struct Glyphs {
    /// Height of the page, to measure from its top.
    height: f64,
    glyphs: Vec<Glyph>,
}

impl pdf_extract::OutputDev for Glyphs {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.height = media_box.ury - media_box.lly;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        // The text matrix applied to a square of the font's size: the glyph's size on the page.
        let (vx, vy) = (font_size * (trm.m11 + trm.m21), font_size * (trm.m12 + trm.m22));
        let size = (vx * vy).abs().sqrt();
        let glyph = Glyph { x: trm.m31, y: self.height - trm.m32, advance: width * size, size, text: text.to_owned() };
        self.glyphs.push(glyph);
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

impl Glyphs {
    /// The page's text: a line break where the text moves down a line, a blank line where it
    /// moves further (a new paragraph), and spaces between words. Where the page draws its
    /// spaces (browsers and word processors do), only those and wide gaps count as spaces, so
    /// that a font without width tables (whose advances are estimates) does not split words
    /// ("A ndrew"); elsewhere a gap wider than a thin space is one.
    fn text(&self) -> String {
        let drawn = self.glyphs.iter().filter(|g| g.text == " ").count();
        let draws_spaces = drawn * 30 > self.glyphs.len();
        let mut out = String::new();
        let mut last: Option<&Glyph> = None;
        for g in &self.glyphs {
            if let Some(l) = last {
                let size = g.size.max(l.size).max(1.0);
                let dy = (g.y - l.y).abs();
                // A change of size between lines is a heading and its text: paragraphs apart.
                let resized = (g.size - l.size).abs() > 0.15 * size;
                if dy > size * 1.5 || (resized && dy > size * 0.5) {
                    out.push_str("\n\n");
                } else if dy > size * 0.5 {
                    out.push('\n');
                } else if !out.ends_with(' ') && g.text != " " && !(draws_spaces && after_apostrophe(&l.text, &g.text))
                {
                    let gap = if draws_spaces { g.x - l.x - size * 1.3 } else { g.x - (l.x + l.advance) - size * 0.15 };
                    if gap > 0.0 {
                        out.push(' ');
                    }
                }
            }
            out.push_str(&g.text);
            last = Some(g);
        }
        out
    }
}

/// The Title of the document information dictionary.
fn info_title(doc: &pdf_extract::Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        pdf_extract::Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let title = info.as_dict().ok()?.get(b"Title").ok()?.as_str().ok()?;
    Some(text_string(title))
}

/// A PDF text string: UTF-16BE after a byte-order mark, else PDFDocEncoding (read as Latin-1,
/// which it equals for letters).
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// True for a letter after an apostrophe ("’s", "n’t"): in a page that draws its spaces, the
/// apostrophe often comes from another font whose run is placed apart, and no space is meant.
fn after_apostrophe(before: &str, text: &str) -> bool {
    matches!(before, "’" | "'") && text.chars().next().is_some_and(char::is_lowercase)
}

/// Ligatures spelled out (PDF fonts draw "fi" as one glyph).
fn unligature(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            _ => out.push(c),
        }
    }
    out
}

/// A line's shape for spotting running headers and footers: digits and spaces dropped, so that
/// "Page 3 of 8" and "Page 4 of 8" read the same.
fn shape(line: &str) -> String {
    line.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect::<String>().to_lowercase()
}

/// True for lines that are page furniture wherever they stand: a page number ("3", "3/8",
/// "Page 3 of 8"), an address, or a browser's print stamp ("11/28/26, 9:37 AM Title").
fn is_furniture(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = compact.to_lowercase();
    let page_counter = |s: &str| {
        let s = s.trim_start_matches("page");
        let mut parts = s.split(['/', '|']).flat_map(|p| p.split("of"));
        parts.next().is_some_and(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_digit()))
            && parts.all(|b| !b.is_empty() && b.chars().all(|c| c.is_ascii_digit()))
    };
    if compact.is_empty() || page_counter(&lower) {
        return true;
    }
    // An address alone, or followed by a page counter.
    if lower.starts_with("file:") || lower.starts_with("http://") || lower.starts_with("https://") {
        return !line.trim().contains(' ')
            || line.split_whitespace().last().is_some_and(|w| page_counter(&w.to_lowercase()))
            || page_counter(&lower.rsplit(".html").next().unwrap_or_default().replace(' ', ""));
    }
    // A print stamp: a date and a time at the start ("11/28/26, 9:37 AM").
    let head: String = compact.chars().take(16).collect();
    let stamp = head.chars().filter(|c| *c == '/').count() == 2
        && head.contains(':')
        && (lower.contains("am") || lower.contains("pm"));
    stamp && head.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// The article text from the text of its pages.
fn clean(pages: &[String]) -> String {
    // Paragraphs per page: blank-line separated runs of lines.
    let pages: Vec<Vec<Vec<String>>> = pages
        .iter()
        .map(|p| {
            let text = unligature(p);
            let mut paragraphs = Vec::new();
            let mut current: Vec<String> = Vec::new();
            for line in text.lines().chain(std::iter::once("")) {
                let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
                if line.is_empty() {
                    if !current.is_empty() {
                        paragraphs.push(std::mem::take(&mut current));
                    }
                } else {
                    current.push(line);
                }
            }
            paragraphs
        })
        .collect();
    // Running headers and footers: lines at a page's top or bottom whose shape recurs on at
    // least half of the pages (and on two at least).
    let edge = |page: &Vec<Vec<String>>| -> Vec<String> {
        let n = page.len();
        page.iter()
            .enumerate()
            .filter(|(k, _)| *k < 2 || *k + 2 >= n)
            .flat_map(|(_, p)| p.iter().map(|l| shape(l)))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in &pages {
        for s in edge(page) {
            *counts.entry(s).or_default() += 1;
        }
    }
    let running: HashSet<String> =
        counts.into_iter().filter(|(s, c)| !s.is_empty() && *c >= 2 && *c * 2 >= pages.len()).map(|(s, _)| s).collect();
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut page_start = true;
    for page in pages {
        let n = page.len();
        for (k, lines) in page.into_iter().enumerate() {
            let at_edge = k < 2 || k + 2 >= n;
            let lines: Vec<String> =
                lines.into_iter().filter(|l| !(at_edge && (running.contains(&shape(l)) || is_furniture(l)))).collect();
            if lines.is_empty() {
                continue;
            }
            // A paragraph cut by the page break goes on: the last one did not end a sentence and
            // this one starts in lower case.
            let continues = page_start
                && paragraphs.last().and_then(|p| p.last()).is_some_and(|l| !ends_sentence(l))
                && lines[0].chars().next().is_some_and(char::is_lowercase);
            page_start = false;
            match paragraphs.last_mut() {
                Some(last) if continues => last.extend(lines),
                _ => paragraphs.push(lines),
            }
        }
        page_start = true;
    }
    let words = vocabulary(&paragraphs);
    let hyphenated = hyphenated_words(&paragraphs);
    paragraphs
        .iter()
        .map(|p| join_lines(p, &words, &hyphenated))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '"', '”', '’', ':', ')'])
}

/// The words of the text (lower case), to tell a hyphen that breaks a word from one that
/// belongs to it.
fn vocabulary(paragraphs: &[Vec<String>]) -> HashSet<String> {
    paragraphs
        .iter()
        .flatten()
        .flat_map(|l| l.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The lines of a paragraph as one line. A line ending in a hyphen joins the next line's first
/// word without a space, keeping the hyphen ("self-" + "defence", "re-" + "election"): browsers
/// and most word processors break lines after a word's own hyphen and seldom hyphenate. The
/// hyphen goes only when the text has the joined word elsewhere and never with this hyphen
/// (a word broken to fit, as typesetting programs do).
fn join_lines(lines: &[String], words: &HashSet<String>, hyphenated: &HashSet<String>) -> String {
    let mut out = String::new();
    for line in lines {
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        let mut last = out.chars().rev();
        let broken = last.next() == Some('-') && last.next().is_some_and(char::is_alphanumeric);
        if !(broken && line.chars().next().is_some_and(char::is_alphanumeric)) {
            out.push(' ');
            out.push_str(line);
            continue;
        }
        let stem = &out[..out.len() - 1];
        let head: String = {
            let mut h: Vec<char> = stem.chars().rev().take_while(|c| c.is_alphanumeric()).collect();
            h.reverse();
            h.into_iter().collect()
        };
        let tail: String = line.chars().take_while(|c| c.is_alphanumeric()).collect();
        let joined = format!("{head}{tail}").to_lowercase();
        let with_hyphen = format!("{head}-{tail}").to_lowercase();
        let keep = hyphenated.contains(&with_hyphen) || !words.contains(&joined);
        if !keep {
            out.pop();
        }
        out.push_str(line);
    }
    out
}

/// The hyphenated words written whole on one line ("self-defence"), lower case.
fn hyphenated_words(paragraphs: &[Vec<String>]) -> HashSet<String> {
    paragraphs
        .iter()
        .flatten()
        .flat_map(|l| l.split(|c: char| !(c.is_alphanumeric() || c == '-')))
        .filter(|w| w.contains('-') && !w.starts_with('-') && !w.ends_with('-'))
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_is_recognised() {
        for l in [
            "3",
            "3 /8",
            "Page 3 of 8",
            "1 1 /2 8 /2 6 , 9 :3 7 AM Five reports",
            "file:///tmp/tmp0 ziw8 0 zk. html 2 /8",
        ] {
            assert!(is_furniture(l), "{l}");
        }
        for l in ["In 2020, the UN said so.", "The 3/8 majority", "15-member Security Council"] {
            assert!(!is_furniture(l), "{l}");
        }
    }

    #[test]
    fn pages_are_cleaned_into_paragraphs() {
        let pages = vec![
            "Daily Times — Page 1\n\nThe strike was called self-\ndefence by the ministry, which after its re-\nelection refused to comment on the broad-\ncast.\n\nOfficials said the words were a mistake and that the refusal to\n\n1/2".to_owned(),
            "Daily Times — Page 2\n\nbroadcast them was deliberate, by a 15-\nmember panel and Takht-\nRavanchi.\n\nA ﬁnal paragraph.\n\n2/2".to_owned(),
        ];
        let text = clean(&pages);
        assert_eq!(
            text,
            "The strike was called self-defence by the ministry, which after its re-election refused to comment on the broadcast.\n\nOfficials said the words were a mistake and that the refusal to broadcast them was deliberate, by a 15-member panel and Takht-Ravanchi.\n\nA final paragraph."
        );
    }
}
