//! PDF files with a text layer (as printed from a browser or a newspaper site, or typeset): the
//! glyphs of each page as hayro interprets them (its fonts, encodings and Unicode maps, the
//! Adobe glyph list for fonts without a map), in the order the page draws them (column by column
//! for the layouts browsers and word processors make), then cleaned the way a reader would read
//! it: the lines of a paragraph joined, words broken at a line-end hyphen joined, running
//! headers, footers and page numbers removed, a paragraph that runs over a page break made
//! whole, and ligatures ("ﬁ") spelled out. The title comes from the document information,
//! unless it is a file name; else the first line.
//!
//! A PDF is the most hostile file claimscope reads: a small one can expand a stream to
//! gigabytes, draw one form a billion times, or build a glyph run of a hundred million glyphs
//! before any check can see it. So the pages are read in a separate process (claimscope itself,
//! `claimscope pdf-worker`), with its address space capped at [`WORKER_MEMORY`] and killed
//! after a deadline; what it sends back is the text. Inside it (and in this process when no
//! worker program is found, as in library use) the reading is bounded too: at most
//! [`MAX_GLYPHS`] glyphs, [`MAX_TEXT`] bytes of text, and the deadline, each checked as glyphs
//! are drawn. A glyph no font maps to a character becomes U+FFFD and is counted; a page that
//! cannot be read is skipped and named; a backtrace is never printed.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use hayro_interpret::font::{Glyph as HGlyph, GlyphRun};
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{Affine, BezPath, Point, Rect};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps, InterpreterCache,
    InterpreterSettings, RenderContent, SoftMask, interpret_page,
};
use hayro_syntax::{LoadPdfError, Pdf};
use serde::{Deserialize, Serialize};

use super::Article;

/// Most glyphs read from one document (a dense page has 5,000): past it, reading stops.
pub const MAX_GLYPHS: usize = 4_000_000;
/// Most bytes of text kept from one document.
pub const MAX_TEXT: usize = 32 << 20;
/// The worker's address space: reading one PDF never takes more memory than this.
pub const WORKER_MEMORY: u64 = super::isolate::WORKER_MEMORY;
/// Stack of the thread that interprets pages (reserved, not used, unless a file nests deep).
const PARSER_STACK: usize = 64 << 20;

pub use super::isolate::deadline_for;

/// What reading the pages of a PDF gave.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    /// The Title of the document information, as written.
    pub title: String,
    /// The text of each page read, in page order.
    pub pages: Vec<String>,
    /// Glyphs drawn, and those no font maps to a character (read as U+FFFD).
    pub glyphs: usize,
    pub unmapped: usize,
    /// Glyphs of fonts without a Unicode map read from their codes.
    #[serde(default)]
    pub by_code: usize,
    /// Pages that could not be read, and why ("page 3: …").
    pub skipped: Vec<String>,
    /// Why reading stopped before the last page, if it did.
    pub stopped: Option<String>,
}

/// The program that reads PDFs in a process of its own, when none was named, once found.
static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();

/// The claimscope binary: the running program when it is one, else a `claimscope` beside it or
/// one folder up (where cargo puts the binary for the tests and benchmarks it builds).
fn find_worker() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let name = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if name(&exe) == "claimscope" {
        return Some(exe);
    }
    let file = format!("claimscope{}", std::env::consts::EXE_SUFFIX);
    let dir = exe.parent()?;
    [dir.join(&file), dir.parent()?.join(&file)].into_iter().find(|p| p.is_file())
}

/// The program to read PDFs in: the one named ([`super::isolate::use_worker`]), else one found;
/// none inside a worker, which reads the PDF itself (it is capped already).
fn worker() -> Option<&'static Path> {
    if super::isolate::inside() {
        return None;
    }
    super::isolate::worker().or_else(|| FOUND.get_or_init(find_worker).as_deref())
}

/// An article from the bytes of a PDF file.
pub fn convert(bytes: &[u8]) -> Result<Article, String> {
    convert_within(bytes, deadline_for(bytes.len()))
}

/// The same, reading for at most `time` (the pages read by then are kept).
pub fn convert_within(bytes: &[u8], time: Duration) -> Result<Article, String> {
    let read = match worker() {
        Some(exe) => isolated(exe, bytes, time)?,
        None => in_thread(bytes, time)?,
    };
    article(read)
}

/// The article from what was read: pages cleaned, title chosen, and notes for the report.
fn article(read: Extracted) -> Result<Article, String> {
    if read.glyphs == 0 || read.pages.iter().all(|p| p.trim().is_empty()) {
        return Err(match read.skipped.first() {
            Some(why) if read.pages.is_empty() => format!("cannot read this PDF: {why}"),
            _ => "the PDF has no text layer (a scanned document?): run it through OCR first".into(),
        });
    }
    if read.unmapped * 2 > read.glyphs {
        return Err(format!(
            "cannot read the text of this PDF: its fonts do not say which characters {} of its {} glyphs are; run it through OCR",
            read.unmapped, read.glyphs
        ));
    }
    let text = clean(&read.pages);
    let title = read.title.trim();
    let title = if title.is_empty() || super::text::is_file_name(title) {
        text.lines().next().unwrap_or_default()
    } else {
        title
    };
    let mut notes = Vec::new();
    if read.unmapped > 0 {
        notes.push(format!("{} glyph(s) that no font maps to a character, read as �", read.unmapped));
    }
    if read.by_code > 0 {
        notes.push(format!(
            "{} glyph(s) of fonts without a Unicode map read from their character codes (TeX's bitmap fonts)",
            read.by_code
        ));
    }
    if !read.skipped.is_empty() {
        let shown: Vec<&str> = read.skipped.iter().take(3).map(String::as_str).collect();
        let more = read.skipped.len().saturating_sub(3);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        notes.push(format!("{} page(s) not read ({}{more})", read.skipped.len(), shown.join("; ")));
    }
    notes.extend(read.stopped);
    Ok(Article { title: crate::model::truncate(title.trim(), 300), text, notes, ..Article::default() })
}

/// Reads in a worker process, killed two seconds after the reader's own deadline (by which it
/// stops itself with the pages read so far); its memory is capped by the worker itself.
fn isolated(exe: &Path, bytes: &[u8], time: Duration) -> Result<Extracted, String> {
    use super::isolate::{Stopped, run};
    let deadline = time + Duration::from_secs(2);
    let parent = std::process::id().to_string();
    let millis = time.as_millis().to_string();
    let args = ["pdf-worker", "--parent", &parent, "--millis", &millis];
    let out = match run(exe, &args, &[bytes], deadline, 2 * MAX_TEXT as u64 + (1 << 20)) {
        Ok(out) => out,
        // No worker to start (the program moved, no processes left): read here, bounded as in one.
        Err(Stopped::NotStarted) => return in_thread(bytes, time),
        Err(Stopped::Deadline(d)) => {
            return Err(format!(
                "cannot read this PDF: reading it took longer than {} s, so it was stopped",
                d.as_secs()
            ));
        }
        Err(Stopped::Failed(status)) => {
            return Err(format!(
                "cannot read this PDF: reading it needed more than {} MB of memory or failed ({status}), so it was stopped",
                WORKER_MEMORY >> 20
            ));
        }
    };
    let answer: Result<Extracted, String> = serde_json::from_slice(&out)
        .map_err(|e| format!("cannot read this PDF: the reader's answer is damaged ({e})"))?;
    answer
}

/// The worker's side (`claimscope pdf-worker`): caps its own memory and time, reads a PDF on
/// standard input, answers with [`Extracted`] as JSON (or the reason it could not) on standard
/// output. Panics are silent: the answer says what failed.
/// `millis`: how long it may read (the pages read by then are answered), else as long as a
/// file of its size is given.
pub fn worker_main(parent: Option<u32>, millis: Option<u64>) -> i32 {
    super::isolate::limit_self(WORKER_MEMORY);
    super::isolate::watch_parent(parent);
    std::panic::set_hook(Box::new(|_| {}));
    let mut bytes = Vec::new();
    if std::io::stdin().take(super::MAX_MB * 1_000_000 + 1).read_to_end(&mut bytes).is_err() {
        return 2;
    }
    let time =
        millis.map_or_else(|| deadline_for(bytes.len()), |m| Duration::from_millis(m).min(deadline_for(bytes.len())));
    let answer = read_within(&bytes, time);
    match serde_json::to_writer(std::io::stdout().lock(), &answer) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

/// Reads here, on a thread of its own with a large stack; a panic the reader did not catch is
/// an error naming no backtrace.
fn in_thread(bytes: &[u8], time: Duration) -> Result<Extracted, String> {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("pdf".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(s, || read_within(bytes, time))
            .map_err(|e| format!("cannot read this PDF: no thread to read it on ({e})"))?
            .join()
            .map_err(|_| "cannot read this PDF: it is malformed (the PDF reader gave up)".to_owned())?
    })
}

/// Why interpretation was cut short from inside the device.
struct Stop(&'static str);

/// One glyph drawn on a page: where (points from the page's top left), its advance as the font
/// says (an estimate where it gives none) and its size.
#[derive(Clone, Debug)]
struct Glyph {
    x: f64,
    y: f64,
    advance: f64,
    size: f64,
    text: String,
}

/// Collects the glyphs of a page, stopping the interpretation (by a panic its caller catches)
/// when the document's glyphs or its time run out.
struct Collector {
    /// Top of the page, to measure from.
    top: f64,
    glyphs: Vec<Glyph>,
    drawn: usize,
    unmapped: usize,
    by_code: usize,
    /// Glyphs the document may still draw.
    left: usize,
    deadline: Instant,
}

impl Collector {
    fn check(&self) {
        if self.left == 0 {
            std::panic::panic_any(Stop("it draws more glyphs than any article has"));
        }
        if Instant::now() > self.deadline {
            std::panic::panic_any(Stop("reading it takes too long"));
        }
    }
}

/// The character a Type 3 glyph with no Unicode map stands for, read from its code, as poppler
/// reads such fonts: TeX's bitmap fonts (pdfTeX with `fontenc` T1 and no Type 1 fonts for it)
/// name their glyphs `/a97` and place them at the codes of the T1 (Cork) encoding, ASCII for
/// letters, digits and most punctuation. Only Type 3: an outline font's codes mean nothing
/// without its encoding.
fn by_code(g: &HGlyph<'_>) -> Option<&'static str> {
    const ASCII: &str =
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    let HGlyph::Type3(_) = g else { return None };
    let code = g.char_code();
    Some(match code {
        0x20..=0x7E => {
            let at = (code - 0x20) as usize;
            &ASCII[at..at + 1]
        }
        0x10 => "“",
        0x11 => "”",
        0x15 => "–",
        0x16 => "—",
        0x1B => "ff",
        0x1C => "fi",
        0x1D => "fl",
        0x1E => "ffi",
        0x1F => "ffl",
        _ => return None,
    })
}

/// The length of `a`'s linear part applied to (x, y).
fn length(a: Affine, x: f64, y: f64) -> f64 {
    (a * Point::new(x, y) - a * Point::ZERO).hypot()
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {
        self.check();
    }
    fn push_clip_path(&mut self, _: &ClipPath) {
        self.check();
    }
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        for g in run.glyphs() {
            self.drawn += 1;
            self.left = self.left.saturating_sub(1);
            if self.left == 0 {
                self.check();
            }
            // Glyph space (1000 units to the em) to the page.
            let full: Affine = props.transform * g.transform();
            let origin = full * Point::ZERO;
            let size = length(full, 0.0, 1000.0);
            let text = match g.as_unicode() {
                Some(BfString::Char(c)) => c.to_string(),
                Some(BfString::String(s)) => s,
                None => match by_code(g) {
                    Some(s) => {
                        self.by_code += 1;
                        s.to_owned()
                    }
                    None => {
                        self.unmapped += 1;
                        '\u{FFFD}'.to_string()
                    }
                },
            };
            let units = match &**g {
                HGlyph::Outline(o) => o.advance_width(),
                HGlyph::Type3(t) => t.advance_width(),
            };
            let advance = units.map_or(size * 0.5, |a| length(full, f64::from(a), 0.0));
            self.glyphs.push(Glyph { x: origin.x, y: self.top - origin.y, advance, size, text });
        }
        self.check();
    }
    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {}
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// Reads every page that can be read, within the glyph and text bounds, for at most `time`.
pub fn read_within(bytes: &[u8], time: Duration) -> Result<Extracted, String> {
    let started = Instant::now();
    let deadline = started + time;
    let pdf = match std::panic::catch_unwind(|| Pdf::new(bytes.to_vec())) {
        Ok(Ok(pdf)) => pdf,
        Ok(Err(LoadPdfError::Decryption(_))) => {
            return Err("the PDF is encrypted with a password; save an unprotected copy first".into());
        }
        Ok(Err(_)) | Err(_) => return Err("it is not a readable PDF (its structure cannot be parsed)".into()),
    };
    let mut out = Extracted {
        title: pdf.metadata().title.as_deref().map(text_string).unwrap_or_default(),
        ..Extracted::default()
    };
    // The page's text only: annotations (form fields, comments) are not the article.
    let settings = InterpreterSettings { render_content: RenderContent::PAGE, ..InterpreterSettings::default() };
    let mut cache = InterpreterCache::new();
    let mut text_bytes = 0;
    for (k, page) in pdf.pages().iter().enumerate() {
        if out.glyphs >= MAX_GLYPHS || text_bytes >= MAX_TEXT {
            out.stopped = Some(format!("stopped at page {}: the document holds more text than an article", k + 1));
            break;
        }
        let crop = page.intersected_crop_box();
        let mut device = Collector {
            top: crop.y1,
            glyphs: Vec::new(),
            drawn: 0,
            unmapped: 0,
            by_code: 0,
            left: MAX_GLYPHS - out.glyphs,
            deadline,
        };
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let bbox = Rect::new(crop.x0, crop.y0, crop.x1, crop.y1);
            let mut context = Context::new(Affine::IDENTITY, bbox, &cache, pdf.xref(), settings.clone());
            interpret_page(page, &mut context, &mut device);
        }));
        out.glyphs += device.drawn;
        out.unmapped += device.unmapped;
        out.by_code += device.by_code;
        match ran {
            Ok(()) => {}
            Err(why) => {
                // A page that failed may have left the cache half made.
                cache = InterpreterCache::new();
                match why.downcast_ref::<Stop>() {
                    Some(Stop(reason)) => {
                        out.stopped = Some(format!("stopped at page {}: {reason}", k + 1));
                    }
                    None => {
                        out.skipped.push(format!("page {}: the PDF reader could not interpret it", k + 1));
                        continue;
                    }
                }
            }
        }
        let text = page_text(&device.glyphs);
        text_bytes += text.len();
        out.pages.push(text);
        if out.stopped.is_some() {
            break;
        }
    }
    Ok(out)
}

/// The text of a page from its glyphs: a line break where the text moves down a line, a blank
/// line where it moves further (a new paragraph), and spaces between words. Where the page
/// draws its spaces (browsers and word processors do), only those and wide gaps count as
/// spaces, so that a font whose widths are estimates does not split words ("A ndrew");
/// elsewhere (typeset PDFs place words apart and draw no spaces) a gap wider than a thin space
/// is one.
fn page_text(glyphs: &[Glyph]) -> String {
    let drawn = glyphs.iter().filter(|g| g.text == " ").count();
    let draws_spaces = drawn * 30 > glyphs.len();
    let mut out = String::new();
    let mut last: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(l) = last {
            let size = g.size.max(l.size).max(1.0);
            let dy = (g.y - l.y).abs();
            // A change of size between lines is a heading and its text: paragraphs apart.
            let resized = (g.size - l.size).abs() > 0.15 * size;
            if dy > size * 1.5 || (resized && dy > size * 0.5) {
                out.push_str("\n\n");
            } else if dy > size * 0.5 {
                out.push('\n');
            } else if !out.ends_with(' ') && g.text != " " && !(draws_spaces && after_apostrophe(&l.text, &g.text)) {
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

/// A PDF text string: UTF-16BE after a byte-order mark, UTF-8 after its mark, else
/// PDFDocEncoding (read as Latin-1, which it equals for letters).
fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
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

/// The article text from the text of its pages. Furniture removal never takes the whole text:
/// when every line repeats on every page (a document of identical pages), the rule for running
/// headers and footers is not applied.
fn clean(pages: &[String]) -> String {
    let text = clean_with(pages, true);
    if text.trim().is_empty() { clean_with(pages, false) } else { text }
}

fn clean_with(pages: &[String], running_headers: bool) -> String {
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
    let running: HashSet<String> = counts
        .into_iter()
        .filter(|(s, c)| running_headers && !s.is_empty() && *c >= 2 && *c * 2 >= pages.len())
        .map(|(s, _)| s)
        .collect();
    // A news database's download: its articles' heads are read as such only there (a printed
    // page's masthead and date on every page are running headers).
    let download =
        pages.iter().flatten().flatten().any(|l| {
            super::nexis::is_end(l) || super::nexis::documents_line(l).is_some() || l.starts_with("Load-Date:")
        });
    // The lines that may be an article's head: the first few of the file and the first few
    // after each "N of M DOCUMENTS" or "End of Document" line, across a page break. A date (and
    // the outlet before it) at a page's edge is a head's only there; elsewhere it is a running
    // header's or footer's (the print date of a Nexis Uni PDF had stood in the stories at each
    // page break, and a footer in the first article).
    const HEAD: usize = 10;
    let mut zone: HashSet<(usize, usize, usize)> = HashSet::new();
    let mut left = HEAD;
    // Only a download has heads to keep: a printed page's lines are not walked for them.
    for (p, page) in pages.iter().enumerate().filter(|_| download) {
        for (k, para) in page.iter().enumerate() {
            for (i, l) in para.iter().enumerate() {
                if super::nexis::is_end(l) || super::nexis::documents_line(l).is_some() {
                    left = HEAD;
                } else if left > 0 {
                    zone.insert((p, k, i));
                    left -= 1;
                }
            }
        }
    }
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut page_start = true;
    for (page_at, page) in pages.into_iter().enumerate() {
        let n = page.len();
        for k in 0..n {
            let head = |i: usize| download && zone.contains(&(page_at, k, i));
            let at_edge = k < 2 || k + 2 >= n;
            // The line after line `i` of this paragraph on the page, if any.
            let next = |i: usize| page[k].get(i + 1).or_else(|| page.get(k + 1).and_then(|p| p.first()));
            // A news database's own lines recur at the pages' edges because each article begins
            // or ends there, not because they run on every page: a download saved as PDF lost
            // its "End of Document", "Load-Date:" and "N of M DOCUMENTS" lines and came in as
            // one article; an outlet (the line before a date line) that heads every article on
            // a page of its own became the headline.
            let kept = |i: usize, l: &str| {
                let l = l.trim_start();
                super::nexis::is_end(l)
                    || l.starts_with("Load-Date:")
                    || l.starts_with("LOAD-DATE:")
                    || super::nexis::documents_line(l).is_some()
                    || (head(i) && super::dates::date_line(l).is_some())
                    || (head(i) && next(i).is_some_and(|n| super::dates::date_line(n).is_some()))
            };
            let lines: Vec<String> = page[k]
                .iter()
                .enumerate()
                .filter(|(i, l)| !at_edge || !(running.contains(&shape(l)) || is_furniture(l)) || kept(*i, l))
                .map(|(_, l)| l.clone())
                .collect();
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
    // A date line, a copyright notice, the database's fields ("Length: 620 words", "Byline:
    // …") and its "Body" line are paragraphs of their own: a download's head set in
    // single-spaced lines had been joined into one "outlet", and its byline lost.
    let alone = |l: &str| {
        super::dates::date_line(l).is_some() || super::nexis::is_copyright_notice(l) || super::nexis::is_head_field(l)
    };
    let paragraphs: Vec<Vec<String>> = paragraphs
        .into_iter()
        .flat_map(|p| {
            if !download || p.len() < 2 || !p.iter().any(|l| alone(l)) {
                return vec![p];
            }
            let mut out: Vec<Vec<String>> = vec![Vec::new()];
            for l in p {
                if alone(&l) {
                    out.push(vec![l]);
                    out.push(Vec::new());
                } else if let Some(last) = out.last_mut() {
                    last.push(l);
                }
            }
            out.retain(|p| !p.is_empty());
            out
        })
        .collect();
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

    /// A Nexis Uni download saved as PDF: each article ends at a page's foot with its
    /// "Load-Date:" and "End of Document" lines, the same on every page, and they stay (taken for
    /// running footers, the download came in as one article); a true running footer still goes.
    #[test]
    fn a_news_database_s_closing_lines_are_not_running_footers() {
        let page = |k: usize| {
            format!(
                "The Daily Meridian\n\nHeadline number {k}\n\nFirst paragraph of article {k}.\n\nLoad-Date: January 5, 2020\n\nEnd of Document\n\nPage {k} of 3"
            )
        };
        let pages: Vec<String> = (1..=3).map(page).collect();
        let text = clean(&pages);
        assert_eq!(text.matches("End of Document").count(), 3, "{text}");
        assert_eq!(text.matches("Load-Date:").count(), 3, "{text}");
        assert!(!text.contains("Page 1 of 3"), "{text}");
    }

    /// A LexisNexis download saved as PDF, a document a page: its "N of 3 DOCUMENTS" lines and
    /// its outlet (the line before a date line) head every page and stay (taken for running
    /// headers, the download came in as one article titled by its first date line). A Nexis
    /// Uni head set in single-spaced lines is split, its date line and copyright apart (they
    /// had been joined into one outlet).
    #[test]
    fn a_download_s_head_lines_are_not_running_headers_or_one_paragraph() {
        let page = |k: usize| {
            format!(
                "{k} of 3 DOCUMENTS\n\nThe Daily Meridian\n\nJanuary {}, 2020 Saturday\n\nHeadline number {k}\n\nLENGTH: 40 words\n\nStory {k} says the inquiry continues.\n\nLOAD-DATE: January 9, 2020\n\nPage {k} of 3",
                k + 3
            )
        };
        let text = clean(&(1..=3).map(page).collect::<Vec<_>>());
        let d = super::super::download_in(&text).expect("a download");
        let titles: Vec<&str> = d.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Headline number 1", "Headline number 2", "Headline number 3"], "{text}");
        assert_eq!(d.articles[2].source, "The Daily Meridian");
        let headlines = ["Port blast inquiry opens", "Minister resigns over port", "Families demand answers"];
        let page = |k: usize| {
            format!(
                "{}\n\nThe Daily Meridian\nJanuary {}, 2020 Saturday\nCopyright 2020 The Daily Meridian\n\nLength: 40 words\n\nBody\n\nStory {k} says the inquiry continues.\n\nLoad-Date: January 9, 2020\n\nEnd of Document",
                headlines[k - 1],
                k + 3
            )
        };
        let text = clean(&(1..=3).map(page).collect::<Vec<_>>());
        let d = super::super::download_in(&text).expect("a download");
        let heads: Vec<(&str, &str, &str)> =
            d.articles.iter().map(|a| (a.title.as_str(), a.source.as_str(), a.published.as_str())).collect();
        assert_eq!(heads[1], ("Minister resigns over port", "The Daily Meridian", "2020-01-05"), "{text}");
        assert_eq!(heads.len(), 3);
    }

    /// A Nexis Uni download saved as PDF whose articles run over pages under a running header
    /// with the print date: the header goes from the stories (tenth round: kept as a
    /// download's date line, it stood in every article at each page break); the head's
    /// single-spaced fields are lines of their own (the byline had been joined to the length
    /// and lost).
    #[test]
    fn a_download_s_running_header_date_goes_and_its_fields_stand_apart() {
        let header = "Nexis Uni\nJanuary 7, 2020";
        let head = |k: usize, outlet: &str| {
            format!(
                "Headline number {k}\n\n{outlet}\nJanuary {}, 2020 Saturday\nCopyright 2020 {outlet}\nLength: 40 words\nByline: Reporter {k}\n\nBody",
                k + 3
            )
        };
        // Each paragraph its own words: lines of one shape at every page's edge are running.
        let words = ["harbour", "inquiry", "minister", "cargo", "families", "customs", "court", "warehouse"];
        let story = |k: usize, from: usize, to: usize| {
            (from..to)
                .map(|p| {
                    format!(
                        "Paragraph on the {} ({}) of the {} story.",
                        words[p],
                        "x".repeat(p + 1),
                        ["first", "second"][k - 1]
                    )
                })
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        let tail = "Load-Date: January 9, 2020\n\nEnd of Document";
        // A footer with the print time on every page too (it had stood in the first article).
        let footer = "Tuesday, January 7, 2020 10:32 AM";
        let pages = [
            format!("{header}\n\nDocuments (2)\n\n{}\n\n{}\n\n{footer}", head(1, "The Daily Meridian"), story(1, 0, 4)),
            format!(
                "{header}\n\n{}\n\n{tail}\n\n{}\n\n{}\n\n{footer}",
                story(1, 4, 8),
                head(2, "Harbour Times"),
                story(2, 0, 3)
            ),
            format!("{header}\n\n{}\n\n{tail}\n\n{footer}", story(2, 3, 8)),
        ];
        let text = clean(&pages);
        let d = super::super::download_in(&text).expect("a download");
        let read: Vec<(&str, &str, &str, &str)> = d
            .articles
            .iter()
            .map(|a| (a.title.as_str(), a.source.as_str(), a.published.as_str(), a.byline.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("Headline number 1", "The Daily Meridian", "2020-01-04", "Reporter 1"),
                ("Headline number 2", "Harbour Times", "2020-01-05", "Reporter 2")
            ],
            "{text}"
        );
        for a in &d.articles {
            assert!(!a.text.contains("Nexis Uni") && !a.text.contains("January 7"), "{}\n=====\n{text}", a.text);
            assert_eq!(a.text.matches("Paragraph").count(), 8, "{}\n=====\n{text}", a.text);
        }
    }

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
