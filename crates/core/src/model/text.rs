//! Document text addressed by Unicode scalar (char) offsets.
//!
//! Every offset in claimscope is a char offset, half-open `[start, end)`, as in the W3C
//! TextPositionSelector and brat. Rust strings are indexed by bytes, so [`Text`] keeps a sparse
//! table of byte positions that turns a char offset into a byte offset in constant time; the
//! conversion happens here and at the file-format edges, nowhere else.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One checkpoint every this many chars: 1 MB of text costs about 0.5 MB of table on non-ASCII
/// text (ASCII text needs none). Loading and saving look up every quote's place several times,
/// and a lookup scans up to this many chars, so the table is dense.
const STRIDE: usize = 16;

/// An immutable document text with a char-to-byte index.
///
/// The text and its index are shared, so a clone costs two reference counts: a snapshot of a
/// whole project (for saving on another thread, or in an undo step) does not copy the articles.
#[derive(Clone, Default)]
pub struct Text {
    text: std::sync::Arc<str>,
    /// Char count.
    chars: usize,
    /// Byte offset of char `i * STRIDE`; empty when the text is ASCII (then chars are bytes).
    checkpoints: std::sync::Arc<[usize]>,
    /// Differs between texts made separately, so views can key caches on it.
    generation: u64,
}

/// True for the control characters that have no place in an article or a name: C0 controls
/// other than tab and newline (a carriage return is folded to a newline on import), DEL and the
/// C1 controls. XML 1.0 cannot hold most of them, and terminals run some as commands.
pub fn is_unwanted_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// `s` without unwanted control characters (see [`is_unwanted_control`]), and how many went.
pub fn strip_controls(s: &str) -> (String, usize) {
    if !s.chars().any(is_unwanted_control) {
        return (s.to_owned(), 0);
    }
    let mut removed = 0;
    let out = s
        .chars()
        .filter(|&c| {
            let bad = is_unwanted_control(c);
            removed += usize::from(bad);
            !bad
        })
        .collect();
    (out, removed)
}

/// The bytes `s` takes in a project file's quoted string: what RON escapes there (newlines,
/// quotes, and chars Rust does not print, as `\u{200b}`) is longer than the char, up to six
/// times (a note of 1 MB of DEL characters coded 120 times was written as 720 MB).
pub fn written_len(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { 1 } else { c.escape_debug().len().max(c.len_utf8()) }).sum()
}

/// `s` with every control character (newlines and tabs too) written as a visible escape
/// (`\u{1b}`), for printing names on a terminal, where an escape code would otherwise run.
pub fn escape_controls(s: &str) -> String {
    // The bidirectional controls too: an override (U+202E) in a file's value reversed the rest
    // of the line it was printed on.
    let shown = |c: char| {
        c.is_control()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(shown) {
        return s.to_owned();
    }
    s.chars().map(|c| if shown(c) { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Text {
    /// Wraps `text` and builds its index.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        if text.is_ascii() {
            let chars = text.len();
            return Self { text: text.into(), chars, checkpoints: Default::default(), generation: next_generation() };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        for (i, (byte, _)) in text.char_indices().enumerate() {
            if i % STRIDE == 0 {
                checkpoints.push(byte);
            }
            chars = i + 1;
        }
        Self { text: text.into(), chars, checkpoints: checkpoints.into(), generation: next_generation() }
    }

    /// Identifies this text among all texts made in this process (clones share it): a cache
    /// keyed on it is stale exactly when the text was replaced.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The text itself.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of chars (Unicode scalar values).
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// True for the empty text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Byte offset of char offset `c`; `c` is clamped to the text length.
    pub fn byte_of(&self, c: usize) -> usize {
        if c >= self.chars {
            return self.text.len();
        }
        if self.checkpoints.is_empty() {
            return c;
        }
        let base = self.checkpoints[c / STRIDE];
        let rest = c % STRIDE;
        if rest == 0 {
            return base;
        }
        // Count char starts (bytes that are not UTF-8 continuation bytes) instead of decoding
        // each char: this runs for every quote on every load and save.
        let mut seen = 0;
        for (i, &b) in self.text.as_bytes()[base..].iter().enumerate() {
            if (b as i8) >= -0x40 {
                if seen == rest {
                    return base + i;
                }
                seen += 1;
            }
        }
        self.text.len()
    }

    /// Char offset of byte offset `b`; a byte inside a char counts as that char's start.
    pub fn char_of(&self, b: usize) -> usize {
        let b = b.min(self.text.len());
        if self.checkpoints.is_empty() {
            return b;
        }
        // Last checkpoint at or before b.
        let k = self.checkpoints.partition_point(|&cp| cp <= b).saturating_sub(1);
        let base = self.checkpoints[k];
        let mut c = k * STRIDE;
        for (off, _) in self.text[base..].char_indices() {
            if base + off >= b {
                return c;
            }
            c += 1;
        }
        c.min(self.chars)
    }

    /// Byte range of the char range `r` (clamped to the text).
    pub fn byte_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.byte_of(r.start);
        let end = self.byte_of(r.end.max(r.start));
        start..end
    }

    /// The text of char range `r` (clamped to the text).
    pub fn slice(&self, r: Range<usize>) -> &str {
        &self.text[self.byte_range(r)]
    }

    /// The char at char offset `c`, if any.
    pub fn char_at(&self, c: usize) -> Option<char> {
        if c >= self.chars {
            return None;
        }
        self.text[self.byte_of(c)..].chars().next()
    }

    /// Char offsets of every occurrence of `needle`, overlapping ones included, left to right.
    ///
    /// In one pass whatever the text repeats: searching again one char past each hit cost the
    /// text's length times the needle's when both are runs of one letter (a 240 KB project file
    /// took 22 s to open, re-anchoring one such quote). Occurrences can overlap only when the
    /// needle's start is also its end (it has a border); others are found by the standard
    /// library's substring search, which skips ahead, and those by Knuth-Morris-Pratt.
    pub fn find_all(&self, needle: &str) -> Vec<usize> {
        let (hay, pat) = (self.text.as_bytes(), needle.as_bytes());
        if pat.is_empty() || pat.len() > hay.len() {
            return Vec::new();
        }
        // border[i]: the longest proper prefix of `pat[..=i]` that is also its suffix.
        let mut border = vec![0usize; pat.len()];
        let mut k = 0;
        for i in 1..pat.len() {
            while k > 0 && pat[i] != pat[k] {
                k = border[k - 1];
            }
            if pat[i] == pat[k] {
                k += 1;
            }
            border[i] = k;
        }
        // Byte offsets to char offsets, counted from hit to hit (a match of UTF-8 in UTF-8 starts
        // on a char boundary).
        let (mut chars, mut counted) = (0, 0);
        let mut to_char = |start: usize| {
            chars += hay[counted..start].iter().filter(|&&b| !is_continuation(b)).count();
            counted = start;
            chars
        };
        if border[pat.len() - 1] == 0 {
            return self.text.match_indices(needle).map(|(b, _)| to_char(b)).collect();
        }
        let mut out = Vec::new();
        let mut k = 0;
        for (i, &b) in hay.iter().enumerate() {
            while k > 0 && b != pat[k] {
                k = border[k - 1];
            }
            if b == pat[k] {
                k += 1;
            }
            if k == pat.len() {
                out.push(to_char(i + 1 - pat.len()));
                k = border[k - 1];
            }
        }
        out
    }
}

/// A byte inside a UTF-8 sequence, not the first of one.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

impl Text {
    /// Char ranges where `needle` occurs if every run of whitespace matches any run of whitespace
    /// (non-breaking spaces and line breaks included) and straight and curly quotes match each
    /// other: how a quote typed or copied from a browser finds the text it was taken from.
    pub fn find_loose(&self, needle: &str) -> Vec<Range<usize>> {
        #[derive(PartialEq)]
        enum Tok {
            Char(char),
            Space,
        }
        let mut toks: Vec<Tok> = Vec::new();
        for c in needle.trim().chars() {
            if c.is_whitespace() {
                if toks.last() != Some(&Tok::Space) {
                    toks.push(Tok::Space);
                }
            } else {
                toks.push(Tok::Char(fold_quote(c)));
            }
        }
        let Some(Tok::Char(first)) = toks.first() else {
            return Vec::new();
        };
        let hay: Vec<char> = self.text.chars().collect();
        let mut out = Vec::new();
        for i in 0..hay.len() {
            if fold_quote(hay[i]) != *first {
                continue;
            }
            let mut j = i;
            let matched = toks.iter().all(|t| match t {
                Tok::Char(c) => {
                    let ok = hay.get(j).is_some_and(|h| fold_quote(*h) == *c);
                    j += 1;
                    ok
                }
                Tok::Space => {
                    let from = j;
                    while hay.get(j).is_some_and(|h| h.is_whitespace()) {
                        j += 1;
                    }
                    j > from
                }
            });
            if matched {
                out.push(i..j);
            }
        }
        out
    }
}

impl Text {
    /// Char ranges of `needle` ignoring case, compared char by char so that offsets stay char
    /// offsets (lower-casing a whole string can change its length). Non-overlapping.
    pub fn find_caseless(&self, needle: &str) -> Vec<Range<usize>> {
        let pat: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
        if pat.is_empty() {
            return Vec::new();
        }
        let hay: Vec<char> = self.text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        'outer: while i < hay.len() {
            let mut k = 0;
            let mut j = i;
            while k < pat.len() {
                let Some(&h) = hay.get(j) else { break 'outer };
                for lc in h.to_lowercase() {
                    if pat.get(k) != Some(&lc) {
                        i += 1;
                        continue 'outer;
                    }
                    k += 1;
                }
                j += 1;
            }
            out.push(i..j);
            i = j.max(i + 1);
        }
        out
    }
}

/// Straight and typographic quotes as one.
fn fold_quote(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' => '\'',
        '“' | '”' | '„' | '‟' | '″' => '"',
        c => c,
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}
impl Eq for Text {}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::new)
    }
}

/// Number of chars in `s`.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

impl Text {
    /// Char ranges of the paragraphs (lines), without their line breaks. Empty lines give empty
    /// ranges, so the reader can keep the spacing the article has.
    pub fn paragraphs(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut c = 0;
        for ch in self.text.chars() {
            if ch == '\n' {
                out.push(start..c);
                start = c + 1;
            }
            c += 1;
        }
        out.push(start..c);
        out
    }

    /// The chars to delete to remove the non-empty paragraph holding char `at`: the line and the
    /// line breaks after it, or, for the last paragraph, the line breaks before it. `None` when
    /// the text has no line with text.
    pub fn paragraph_cut(&self, at: usize) -> Option<Range<usize>> {
        let paragraphs = self.paragraphs();
        // The line the char is in, or whose end it is (a caret after a line's last char, or at
        // the text's end); on a blank line, the next line with text, else the one before. The
        // start of a last line's cut is such a break: deleting by it had failed ("the span
        // 698..699 does not fit").
        let i = paragraphs
            .iter()
            .position(|p| !p.is_empty() && p.start <= at && at <= p.end)
            .or_else(|| paragraphs.iter().position(|p| !p.is_empty() && p.start > at))
            .or_else(|| paragraphs.iter().rposition(|p| !p.is_empty()))?;
        let line = paragraphs[i].clone();
        let len = self.len_chars();
        // The next non-empty paragraph: the cut runs up to it.
        if let Some(next) = paragraphs[i + 1..].iter().find(|p| !p.is_empty()) {
            return Some(line.start..next.start);
        }
        // The last one: take the breaks before it (back to the previous non-empty line's end).
        let start = paragraphs[..i].iter().rev().find(|p| !p.is_empty()).map_or(0, |p| p.end);
        Some(start..len)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn printed_values_show_their_controls_and_direction_overrides() {
        assert_eq!(super::escape_controls("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(super::escape_controls("12\u{202e}34"), "12\\u{202e}34");
        assert_eq!(super::escape_controls("Reuters · 3 Jan"), "Reuters · 3 Jan");
    }

    #[test]
    fn the_written_length_counts_what_a_project_file_escapes() {
        assert_eq!(super::written_len("abc d"), 5);
        assert_eq!(super::written_len("\u{7f}"), 6);
        assert_eq!(super::written_len("é"), 2);
        assert_eq!(super::written_len("\n"), 2);
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn curly_quotes_are_one_char_each() {
        let t = Text::new("He said “self‑defence” — twice.");
        let start = t.as_str().chars().position(|c| c == '“').unwrap_or(0);
        assert_eq!(t.slice(start..start + 14), "“self‑defence”");
        assert_eq!(t.len_chars(), 31);
        assert_eq!(t.char_at(start), Some('“'));
    }

    #[test]
    fn ascii_fast_path() {
        let t = Text::new("plain ascii");
        assert_eq!(t.byte_of(3), 3);
        assert_eq!(t.char_of(3), 3);
        assert_eq!(t.slice(6..11), "ascii");
        assert_eq!(t.slice(6..100), "ascii");
    }

    /// Every occurrence, as searching from each char would find them, on random texts of a few
    /// letters (one- to four-byte chars), where occurrences overlap and repeat.
    #[test]
    fn find_all_finds_what_a_search_from_every_char_finds() {
        // A small generator of its own: the model uses nothing of the analyses, tests included.
        let mut state: u64 = 7;
        let mut below = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) % n as u64) as usize
        };
        let letters = ['a', 'b', 'é', '🙂'];
        for _ in 0..2000 {
            let (n, m) = (below(30), 1 + below(4));
            let mut word = |n: usize| -> String { (0..n).map(|_| letters[below(letters.len())]).collect() };
            let (text, needle) = (word(n), word(m));
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let naive: Vec<usize> = chars
                .iter()
                .enumerate()
                .filter(|(_, (b, _))| text[*b..].starts_with(&needle))
                .map(|(c, _)| c)
                .collect();
            assert_eq!(Text::new(&text).find_all(&needle), naive, "{text:?} / {needle:?}");
        }
        // A run of one letter against half of it: every position, in one pass.
        let t = Text::new("a".repeat(200_000));
        assert_eq!(t.find_all(&"a".repeat(100_000)).len(), 100_001);
    }

    #[test]
    fn find_all_gives_char_offsets() {
        let t = Text::new("🙂 ab 🙂 ab");
        assert_eq!(t.find_all("ab"), vec![2, 7]);
        assert_eq!(t.find_all("aa"), Vec::<usize>::new());
        assert_eq!(Text::new("aaa").find_all("aa"), vec![0, 1]);
    }

    #[test]
    fn loose_matching_folds_spaces_and_quotes() {
        let t = Text::new("a United Nations\u{a0} assessment that “it” was\nfalse");
        assert_eq!(t.find_loose("United Nations assessment"), vec![2..28]);
        assert_eq!(t.find_loose("that \"it\" was false"), vec![29..48]);
        assert!(t.find_loose("UnitedNations").is_empty());
        assert!(t.find_loose("  ").is_empty());
    }

    #[test]
    fn caseless_find_keeps_char_offsets() {
        let t = Text::new("İstanbul “Self-Defence” and self-defence");
        assert_eq!(t.find_caseless("self-defence"), vec![10..22, 28..40]);
        assert_eq!(t.find_caseless("İST"), vec![0..3]);
        assert!(t.find_caseless("").is_empty());
    }

    proptest! {
        #[test]
        fn char_and_byte_offsets_agree(s in "\\PC{0,300}", pick in 0usize..400) {
            let t = Text::new(s.clone());
            let expected: Vec<usize> = s.char_indices().map(|(b, _)| b).chain([s.len()]).collect();
            prop_assert_eq!(t.len_chars(), expected.len() - 1);
            let c = pick % expected.len();
            prop_assert_eq!(t.byte_of(c), expected[c]);
            prop_assert_eq!(t.char_of(expected[c]), c);
            prop_assert!(s.is_char_boundary(t.byte_of(c)));
        }
    }
}
