//! Finding where an annotation belongs when its offsets no longer fit its quote.
//!
//! The order follows the W3C selectors and Hypothesis's anchoring: the position first, then the
//! exact quote (context breaks ties, then nearness), then an approximate match near the old place.
//! An annotation that cannot be placed is an orphan: kept and reported, never dropped.

use std::ops::Range;

use super::annotation::Annotation;
use super::text::Text;

/// Where an annotation anchors in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchoring {
    /// The quote is at the stored offsets.
    Exact,
    /// The exact quote was found elsewhere.
    Moved(Range<usize>),
    /// Text close to the quote was found; `errors` chars differ (edit distance).
    Fuzzy { range: Range<usize>, errors: usize },
    /// Nothing close enough.
    Orphan,
}

/// Longest quote matched char by char; longer ones are matched by their two ends.
const MAX_FUZZY_PATTERN: usize = 256;
/// Chars of the head and tail used for long quotes.
const END_PIECE: usize = 64;
/// Chars searched on each side of the old position (plus the quote length).
const FUZZY_WINDOW: usize = 4096;
/// At most this share of the quote's chars may differ (as a fraction 1/N).
const MAX_ERROR_DIVISOR: usize = 4;

/// The work one load, merge or change of a text may spend placing the quotes that are not at
/// their offsets (a couple of seconds), in units: 2 for a byte of text searched for a quote, 4 for
/// a cell of an approximate match, 256 for an occurrence scored by its context. Each search is
/// bounded, but not their number: 2,500 absent quotes of 256 chars in a 788 KB project file took
/// 15.6 s to open, 8,500 quotes of "aa" in a run of 500,000 `a` over a minute, 9,500 absent
/// quotes each scanning a 500,000-char text 19.6 s. Past the budget, a quote not found is an
/// orphan (kept and reported, as any orphan), and one found in many places takes the nearest.
pub const ANCHOR_BUDGET: usize = 2_000_000_000;
/// Units of [`ANCHOR_BUDGET`] per byte of text searched (a quote that overlaps itself is searched
/// a byte at a time, at ~350 MB/s).
const SCANNED: usize = 8;
/// Units of [`ANCHOR_BUDGET`] per cell of an approximate match.
const CELL: usize = 4;
/// Units of [`ANCHOR_BUDGET`] per occurrence of a quote scored by its context.
const HIT: usize = 256;

/// What is left of an [`ANCHOR_BUDGET`]: one for every annotation of one operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    left: usize,
    /// A search was cut for want of budget since [`Budget::take_cut`] was last asked.
    cut: bool,
}

impl Default for Budget {
    fn default() -> Self {
        Budget { left: ANCHOR_BUDGET, cut: false }
    }
}

impl Budget {
    /// Takes `units` from the budget if it has them.
    fn spend(&mut self, units: usize) -> bool {
        match self.left.checked_sub(units) {
            Some(left) => {
                self.left = left;
                true
            }
            None => {
                self.cut = true;
                false
            }
        }
    }

    /// Whether a search was cut for want of budget since last asked: an orphan so made was not
    /// searched for in full, and is said so, not "not found" (its quote may be in the text).
    pub fn take_cut(&mut self) -> bool {
        std::mem::take(&mut self.cut)
    }
}

/// Where `a` belongs in `text`; `was` is the text its offsets were made for (the context of a
/// quote that has none of its own is read there: see [`super::Quote`]).
pub fn reanchor(text: &Text, was: &Text, a: &Annotation) -> Anchoring {
    reanchor_within(text, was, a, &mut Budget::default())
}

/// [`reanchor`], its searches paid from `budget` (shared by one operation's annotations).
pub fn reanchor_within(text: &Text, was: &Text, a: &Annotation, budget: &mut Budget) -> Anchoring {
    let q = a.text_quote(was);
    anchor_quote_within(text, &q.exact, &q.prefix, &q.suffix, a.start, budget)
}

/// Where the quote `exact` (with context) belongs in `text`, given its old start `hint`.
pub fn anchor_quote(text: &Text, exact: &str, prefix: &str, suffix: &str, hint: usize) -> Anchoring {
    anchor_quote_within(text, exact, prefix, suffix, hint, &mut Budget::default())
}

/// [`anchor_quote`], its searches paid from `budget`.
pub fn anchor_quote_within(
    text: &Text,
    exact: &str,
    prefix: &str,
    suffix: &str,
    hint: usize,
    budget: &mut Budget,
) -> Anchoring {
    let len = exact.chars().count();
    if len == 0 {
        return Anchoring::Orphan;
    }
    // The hint may lie past the text's end (offsets of another version of it).
    let hint = hint.min(text.len_chars());
    if hint.saturating_add(len) <= text.len_chars() && text.slice(hint..hint + len) == exact {
        return Anchoring::Exact;
    }
    if !budget.spend(text.as_str().len().saturating_mul(SCANNED)) {
        return Anchoring::Orphan;
    }
    let hits = text.find_all(exact);
    // Scoring an occurrence reads its context: as many chars as the prefix and suffix hold (a
    // context of 500,000 chars at each of 500,000 occurrences took over two minutes to load).
    let per_hit = HIT.saturating_add(prefix.len().saturating_add(suffix.len()).saturating_mul(SCANNED));
    if !budget.spend(hits.len().saturating_mul(per_hit)) {
        // Too many places to weigh by context: the nearest to where it was.
        if let Some(&start) = hits.iter().min_by_key(|&&start| start.abs_diff(hint)) {
            return Anchoring::Moved(start..start + len);
        }
    }
    if let Some(best) = hits.into_iter().max_by_key(|&start| {
        let context = context_score(text, start, start + len, prefix, suffix);
        // Prefer more context; among equals, the nearest to where it was.
        (context, std::cmp::Reverse(start.abs_diff(hint)))
    }) {
        return Anchoring::Moved(best..best + len);
    }
    fuzzy(text, exact, hint, budget)
}

/// Chars of `prefix` and `suffix` that agree with the text around `start..end`.
fn context_score(text: &Text, start: usize, end: usize, prefix: &str, suffix: &str) -> usize {
    let before = text.slice(start.saturating_sub(prefix.chars().count())..start);
    let after = text.slice(end..end + suffix.chars().count());
    let p = prefix.chars().rev().zip(before.chars().rev()).take_while(|(a, b)| a == b).count();
    let s = suffix.chars().zip(after.chars()).take_while(|(a, b)| a == b).count();
    p + s
}

fn fuzzy(text: &Text, exact: &str, hint: usize, budget: &mut Budget) -> Anchoring {
    let pattern: Vec<char> = exact.chars().collect();
    let m = pattern.len();
    let lo = hint.saturating_sub(FUZZY_WINDOW);
    let hi = (hint + m + FUZZY_WINDOW).min(text.len_chars());
    if lo >= hi {
        return Anchoring::Orphan;
    }
    // Paid before the window is even read: past the budget an orphan costs nothing.
    let rows = if m <= MAX_FUZZY_PATTERN { m } else { 2 * END_PIECE };
    if !budget.spend((hi - lo).saturating_mul(rows).saturating_mul(CELL)) {
        return Anchoring::Orphan;
    }
    let window: Vec<char> = text.slice(lo..hi).chars().collect();
    let shift = |r: Range<usize>| r.start + lo..r.end + lo;
    if m <= MAX_FUZZY_PATTERN {
        return match best_approximate(&window, &pattern, m / MAX_ERROR_DIVISOR, hint - lo) {
            Some((r, errors)) => Anchoring::Fuzzy { range: shift(r), errors },
            None => Anchoring::Orphan,
        };
    }
    // A long quote: place its head and its tail, and accept the span between them if its length
    // is plausible. Matching all of it char by char would cost too much.
    let head = &pattern[..END_PIECE];
    let tail = &pattern[m - END_PIECE..];
    let k = END_PIECE / MAX_ERROR_DIVISOR;
    let Some((h, he)) = best_approximate(&window, head, k, hint - lo) else {
        return Anchoring::Orphan;
    };
    let Some((t, te)) = best_approximate(&window, tail, k, (hint - lo) + m - END_PIECE) else {
        return Anchoring::Orphan;
    };
    if t.end <= h.start {
        return Anchoring::Orphan;
    }
    let found = t.end - h.start;
    if found.abs_diff(m) > m / MAX_ERROR_DIVISOR {
        return Anchoring::Orphan;
    }
    Anchoring::Fuzzy { range: shift(h.start..t.end), errors: he + te + found.abs_diff(m) }
}

/// The substring of `text` with the smallest edit distance to `pattern`, if at most `k`; ties go
/// to the match that starts nearest `hint`. Sellers' algorithm, one column at a time, tracking
/// where each alignment started: `O(text × pattern)` time, `O(pattern)` space.
fn best_approximate(text: &[char], pattern: &[char], k: usize, hint: usize) -> Option<(Range<usize>, usize)> {
    let m = pattern.len();
    // cost[i], start[i]: best alignment of pattern[..i] ending at the current text position.
    let mut cost: Vec<usize> = (0..=m).collect();
    let mut start: Vec<usize> = vec![0; m + 1];
    let mut best: Option<(Range<usize>, usize)> = None;
    for (j, &c) in text.iter().enumerate() {
        // Row 0: the match may start anywhere, so the empty prefix costs nothing at j + 1.
        let mut diag_cost = cost[0];
        let mut diag_start = start[0];
        cost[0] = 0;
        start[0] = j + 1;
        for i in 1..=m {
            let (up_cost, up_start) = (cost[i - 1] + 1, start[i - 1]);
            let (left_cost, left_start) = (cost[i] + 1, start[i]);
            let sub = diag_cost + usize::from(pattern[i - 1] != c);
            let (mut nc, mut ns) = (sub, diag_start);
            if up_cost < nc {
                (nc, ns) = (up_cost, up_start);
            }
            if left_cost < nc {
                (nc, ns) = (left_cost, left_start);
            }
            diag_cost = cost[i];
            diag_start = start[i];
            cost[i] = nc;
            start[i] = ns;
        }
        let e = cost[m];
        if e <= k {
            let r = start[m]..j + 1;
            let better = match &best {
                None => true,
                Some((br, be)) => e < *be || (e == *be && r.start.abs_diff(hint) < br.start.abs_diff(hint)),
            };
            if better && !r.is_empty() {
                best = Some((r, e));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::{AnnotationId, DocId, TagId};

    fn ann(text: &Text, start: usize, end: usize) -> Annotation {
        Annotation::over(AnnotationId(1), DocId(1), text, start..end, TagId(1))
    }

    const ORIGINAL: &str = "The US said it acted in self-defence. Iran said the strike was “state terrorism”. \
        Later the US said it acted in self-defence again, citing Article 51.";

    /// Scoring occurrences by a long context is paid by its length: past the budget, the
    /// nearest occurrence is taken without reading the context at each.
    #[test]
    fn scoring_by_context_is_paid_by_the_contexts_length() {
        let text = Text::new(format!("{}b{}", "a".repeat(2_000), "a".repeat(2_000)));
        let long = "a".repeat(1_000);
        // Enough for the search and 4,000 short scorings, not for 4,000 long ones.
        let budget = || Budget { left: text.as_str().len() * SCANNED + 4_001 * (HIT + 2 * SCANNED), cut: false };
        // A short context (one char each side) is scored: the "a" right after the "b".
        // (The old place, 4,001, is past the text: no occurrence stands there.)
        let short = anchor_quote_within(&text, "a", "b", "a", 4_001, &mut budget());
        assert_eq!(short, Anchoring::Moved(2_001..2_002));
        // A long one is not: the nearest to the old place.
        let far = anchor_quote_within(&text, "a", &long, &long, 4_001, &mut budget());
        assert_eq!(far, Anchoring::Moved(4_000..4_001));
    }

    #[test]
    fn exact_at_offsets() {
        let t = Text::new(ORIGINAL);
        let a = ann(&t, 24, 36);
        assert_eq!(reanchor(&t, &t, &a), Anchoring::Exact);
    }

    #[test]
    fn moved_quote_is_found_after_an_insertion() {
        let t = Text::new(ORIGINAL);
        let start = t.find_all("self-defence")[1];
        let a = ann(&t, start, start + 12);
        assert_eq!(t.slice(a.range()), "self-defence");
        let edited = Text::new(format!("BREAKING — {ORIGINAL}"));
        assert_eq!(reanchor(&edited, &t, &a), Anchoring::Moved(start + 11..start + 23));
    }

    #[test]
    fn context_picks_the_right_repeat_even_when_far() {
        let t = Text::new(ORIGINAL);
        let a = ann(&t, 24, 36); // first “self-defence”, context “acted in … . Iran said”
        // Move the first sentence to the end: the old offset now holds something else, and
        // the nearest repeat is the wrong one.
        let edited = Text::new(
            "Iran said the strike was “state terrorism”. Later the US said it acted in self-defence again, \
             citing Article 51. The US said it acted in self-defence. Iran said",
        );
        let Anchoring::Moved(r) = reanchor(&edited, &t, &a) else { panic!("should move") };
        assert_eq!(edited.slice(r.start - 9..r.end + 11), "acted in self-defence. Iran said");
    }

    /// The budget is spent by every search, whatever it finds: a quote searched past it is an
    /// orphan without a search, and one found in more places than the budget can weigh by
    /// context takes the nearest to where it was.
    #[test]
    fn searches_past_the_budget_are_not_made() {
        let t = Text::new("xx self-defence yy self-defence zz");
        let place = |budget: &mut Budget| anchor_quote_within(&t, "self-defence", "", "", 0, budget);
        let found = Anchoring::Moved(3..15);
        // Enough for the scan and the two occurrences.
        let mut b = Budget { left: t.as_str().len() * SCANNED + 2 * HIT, cut: false };
        assert_eq!(place(&mut b), found);
        assert_eq!(b.left, 0);
        // Not enough to scan: an orphan, and nothing spent; the cut is told.
        assert!(!b.take_cut());
        assert_eq!(place(&mut b), Anchoring::Orphan);
        assert!(b.take_cut() && !b.take_cut(), "told once");
        // Enough to scan, not to weigh: the nearest occurrence to the old place.
        let mut b = Budget { left: t.as_str().len() * SCANNED + HIT, cut: false };
        assert_eq!(anchor_quote_within(&t, "self-defence", "yy ", "", 30, &mut b), Anchoring::Moved(19..31));
        // A typo's approximate match is paid too: not found without the cells.
        let typo = "self-defense";
        let mut b = Budget { left: t.as_str().len() * SCANNED, cut: false };
        assert_eq!(anchor_quote_within(&t, typo, "", "", 3, &mut b), Anchoring::Orphan);
        assert!(matches!(anchor_quote_within(&t, typo, "", "", 3, &mut Budget::default()), Anchoring::Fuzzy { .. }));
    }

    #[test]
    fn fuzzy_match_survives_a_typo_fix() {
        let t = Text::new("Pompeo called the report “spurious” and its conclusions false.");
        let a = ann(&t, 18, 35);
        assert_eq!(t.slice(a.range()), "report “spurious”");
        let edited = Text::new("Pompeo called the UN report “specious” and its conclusions false.");
        match reanchor(&edited, &t, &a) {
            Anchoring::Fuzzy { range, errors } => {
                assert_eq!(edited.slice(range), "report “specious”");
                assert!(errors <= 3);
            }
            other => panic!("expected fuzzy, got {other:?}"),
        }
    }

    #[test]
    fn gone_text_is_an_orphan() {
        let t = Text::new(ORIGINAL);
        let a = ann(&t, 24, 36);
        let edited = Text::new("Nothing to see here at all, completely different words.");
        assert_eq!(reanchor(&edited, &t, &a), Anchoring::Orphan);
    }

    #[test]
    fn long_quote_is_matched_by_its_ends() {
        let body: String = (0..40).map(|i| format!("Sentence number {i} says something. ")).collect();
        let t = Text::new(body.clone());
        let a = ann(&t, 36, 36 + 600);
        let edited = Text::new(format!("Intro. {}", body.replacen("number 10", "No. 10", 1)));
        match reanchor(&edited, &t, &a) {
            Anchoring::Fuzzy { range, .. } => {
                assert_eq!(range.start, 36 + 7);
                assert!(range.end.abs_diff(36 + 7 + 600) <= 6);
            }
            other => panic!("expected fuzzy, got {other:?}"),
        }
    }

    #[test]
    fn emoji_and_rtl_offsets_are_chars() {
        let text = "🙂 قال المتحدث إن الضربة كانت دفاعاً عن النفس 🙂";
        let t = Text::new(text);
        let a = ann(&t, 2, 13);
        let edited = Text::new(format!("🙂🙂{text}"));
        assert_eq!(reanchor(&edited, &t, &a), Anchoring::Moved(4..15));
    }
}
