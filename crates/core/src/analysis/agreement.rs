//! Agreement between two analysts who annotated the same articles: Krippendorff's unitizing
//! alpha over the characters, Cohen's kappa on the tags of matched spans, per-tag F1, and claim
//! agreement (do both link the same passages into one claim?).
//!
//! Alpha follows Krippendorff (2004), "Measuring the reliability of qualitative text analysis
//! data", Quality & Quantity 38, and his "Content Analysis" (2004, p. 254), as DKPro Agreement
//! implements it (the library INCEpTION reports with): per category, the observed disagreement
//! is the squared misalignment of the two analysts' segments along the continuum, the expected
//! one what the same units and gaps would give placed at random; the overall alpha uses their
//! means over the categories. The tests check the published worked examples.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use crate::model::{ClaimId, DocId, Document, Project};

/// A span one rater marked: `[begin, begin + len)` of the continuum, with a category.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unit<C> {
    pub begin: u64,
    pub len: u64,
    pub rater: usize,
    pub category: C,
}

/// A unitizing study: raters' units over one continuum `[begin, begin + len)`.
#[derive(Clone, Debug)]
pub struct Study<C> {
    pub begin: u64,
    pub len: u64,
    pub raters: usize,
    units: Vec<Unit<C>>,
}

impl<C: Ord + Clone> Study<C> {
    pub fn new(raters: usize, begin: u64, len: u64) -> Self {
        Study { begin, len, raters, units: Vec::new() }
    }

    pub fn add(&mut self, begin: u64, len: u64, rater: usize, category: C) {
        self.units.push(Unit { begin, len, rater, category });
    }

    pub fn categories(&self) -> BTreeSet<C> {
        self.units.iter().map(|u| u.category.clone()).collect()
    }

    /// The units of `rater` in `category`, in order along the continuum.
    fn of(&self, rater: usize, category: &C) -> Vec<(u64, u64)> {
        let mut v: Vec<(u64, u64)> = self
            .units
            .iter()
            .filter(|u| u.rater == rater && &u.category == category)
            .map(|u| (u.begin, u.len))
            .collect();
        v.sort_unstable();
        v
    }

    /// A rater's segmentation of the continuum for `category`: units and the gaps between them
    /// (`true` for a unit), each `(begin, len)`.
    fn segments(&self, rater: usize, category: &C) -> Vec<(u64, u64, bool)> {
        let end = self.begin + self.len;
        let mut out = Vec::new();
        let mut pos = self.begin;
        for (b, l) in self.of(rater, category) {
            // A unit that starts inside the previous one (overlapping spans of one category)
            // cannot be placed on a segmentation; callers merge such spans first.
            if b < pos {
                continue;
            }
            if b > pos {
                out.push((pos, b - pos, false));
            }
            out.push((b, l, true));
            pos = b + l;
        }
        if pos < end {
            out.push((pos, end - pos, false));
        }
        out
    }

    /// Observed disagreement in `category`, averaged over pairs of raters.
    pub fn observed(&self, category: &C) -> f64 {
        let (r, l) = (self.raters as f64, self.len as f64);
        let mut sum = 0.0;
        for r1 in 0..self.raters {
            for r2 in r1 + 1..self.raters {
                let (a, b) = (self.segments(r1, category), self.segments(r2, category));
                // Walk both segmentations together; each pair of segments that meet counts once.
                let (mut i, mut j) = (0, 0);
                while i < a.len() && j < b.len() {
                    let (x, y) = (a[i], b[j]);
                    sum += distance(x, y);
                    if x.0 + x.1 <= y.0 + y.1 {
                        i += 1;
                    } else {
                        j += 1;
                    }
                }
            }
        }
        2.0 * sum / (r * (r - 1.0) * l * l)
    }

    /// Expected disagreement in `category`.
    pub fn expected(&self, category: &C) -> f64 {
        let (r, l) = (self.raters as f64, self.len as f64);
        let units: Vec<f64> = self.units.iter().filter(|u| &u.category == category).map(|u| u.len as f64).collect();
        let n = units.len() as f64;
        let squared: f64 = units.iter().map(|x| x * (x - 1.0)).sum();
        let mut gaps: Vec<f64> =
            (0..self.raters).flat_map(|k| self.segments(k, category)).filter(|s| !s.2).map(|s| s.1 as f64).collect();
        gaps.sort_unstable_by(|a, b| b.total_cmp(a));
        // Sums of the longest gaps, so that "the gaps a unit fits in" is a search, not a scan:
        // the sum over gaps g >= x of (g - x + 1) is (their sum) - (x - 1) * (their number).
        let prefix: Vec<f64> = std::iter::once(0.0)
            .chain(gaps.iter().scan(0.0, |acc, g| {
                *acc += g;
                Some(*acc)
            }))
            .collect();
        let mut sum = 0.0;
        for &x in &units {
            sum += (n - 1.0) * (2.0 * x * x * x - 3.0 * x * x + x) / 3.0;
            let k = gaps.partition_point(|&g| g >= x);
            let fits = prefix[k] - (x - 1.0) * k as f64;
            sum += fits * x * x;
        }
        sum * (2.0 / l) / (r * l * (r * l - 1.0) - squared)
    }

    /// Alpha in `category`: 1 - observed / expected (0 when they are equal, as DKPro gives).
    pub fn category_alpha(&self, category: &C) -> f64 {
        let (o, e) = (self.observed(category), self.expected(category));
        if o == e { 0.0 } else { 1.0 - o / e }
    }

    /// Alpha over all categories and alpha per category, each disagreement computed once.
    pub fn alphas(&self) -> (f64, BTreeMap<C, f64>) {
        let cats = self.categories();
        if cats.is_empty() {
            return (f64::NAN, BTreeMap::new());
        }
        let k = cats.len() as f64;
        let (mut os, mut es) = (0.0, 0.0);
        let mut each = BTreeMap::new();
        for c in cats {
            let (o, e) = (self.observed(&c), self.expected(&c));
            os += o;
            es += e;
            each.insert(c, if o == e { 0.0 } else { 1.0 - o / e });
        }
        let (o, e) = (os / k, es / k);
        (if o == e { 0.0 } else { 1.0 - o / e }, each)
    }

    /// Alpha over all categories: from the mean observed and mean expected disagreements. NaN
    /// when no one marked anything.
    pub fn alpha(&self) -> f64 {
        let cats = self.categories();
        if cats.is_empty() {
            return f64::NAN;
        }
        let k = cats.len() as f64;
        let o: f64 = cats.iter().map(|c| self.observed(c)).sum::<f64>() / k;
        let e: f64 = cats.iter().map(|c| self.expected(c)).sum::<f64>() / k;
        if o == e { 0.0 } else { 1.0 - o / e }
    }
}

/// The distance between two segments `(begin, len, marked)` of two raters that meet on the
/// continuum (Krippendorff 2004): the squared differences of their ends when both are units
/// that overlap; a unit's squared length when the other rater left a gap that holds it whole.
fn distance(a: (u64, u64, bool), b: (u64, u64, bool)) -> f64 {
    let (b1, l1, b2, l2) = (a.0 as f64, a.1 as f64, b.0 as f64, b.1 as f64);
    let begin = b1 - b2;
    let length = l1 - l2;
    match (a.2, b.2) {
        (true, true) if -l1 < begin && begin < l2 => begin * begin + (begin + length) * (begin + length),
        (true, false) if -length >= begin && begin >= 0.0 => l1 * l1,
        (false, true) if -length <= begin && begin <= 0.0 => l2 * l2,
        _ => 0.0,
    }
}

/// Cohen's kappa for two raters' labels of the same items. NaN when chance agreement is total
/// (every item has one label), as kappa is undefined there.
pub fn cohen_kappa<L: Ord + Clone>(pairs: &[(L, L)]) -> f64 {
    if pairs.is_empty() {
        return f64::NAN;
    }
    let n = pairs.len() as f64;
    let observed = pairs.iter().filter(|(a, b)| a == b).count() as f64 / n;
    let mut left: BTreeMap<&L, f64> = BTreeMap::new();
    let mut right: BTreeMap<&L, f64> = BTreeMap::new();
    for (a, b) in pairs {
        *left.entry(a).or_default() += 1.0;
        *right.entry(b).or_default() += 1.0;
    }
    let expected: f64 = left.iter().map(|(l, x)| x / n * right.get(l).copied().unwrap_or(0.0) / n).sum();
    if expected >= 1.0 {
        return f64::NAN;
    }
    (observed - expected) / (1.0 - expected)
}

/// F1 of two sets.
pub fn f1<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return f64::NAN;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// Merges overlapping ranges (one analyst's spans of one tag), so that each character is
/// counted once. Ranges that only touch stay two units, as Krippendorff defines them: two
/// adjacent passages an analyst marked apart (or the last passage of one article and the first
/// of the next, on the concatenated continuum) are two units, not one.
pub fn merged(mut ranges: Vec<Range<u64>>) -> Vec<Range<u64>> {
    ranges.sort_unstable_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<u64>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The most spans of the other analyst a span is considered for, by overlap.
const MAX_PARTNERS: usize = 64;

/// One-to-one pairs of spans of two analysts that overlap, most overlap first: indices into
/// `a` and `b`. Spans are `(document, range)`; only spans of one document can pair.
///
/// Spans of one range are taken together, and each is considered for its [`MAX_PARTNERS`] best
/// ranges of the other analyst: every overlapping pair had been a candidate, so 12,000
/// annotations of one article that all overlap (a 0.9 MB project) made 144 million of them
/// and took 3.4 GB. Two analysts' annotations rarely overlap more than a few of each other's,
/// and where they do the pairs are still one to one and prefer more overlap.
pub fn overlap_pairs<D: Eq + std::hash::Hash + Copy>(
    a: &[(D, Range<u64>)],
    b: &[(D, Range<u64>)],
) -> Vec<(usize, usize)> {
    // Each side's spans by range: (document, range, members in index order).
    type Groups<D> = Vec<(D, Range<u64>, Vec<usize>)>;
    fn groups<D: Eq + std::hash::Hash + Copy>(spans: &[(D, Range<u64>)]) -> Groups<D> {
        let mut at: HashMap<(D, u64, u64), usize> = HashMap::new();
        let mut out: Groups<D> = Vec::new();
        for (k, (d, r)) in spans.iter().enumerate() {
            let g = *at.entry((*d, r.start, r.end)).or_insert_with(|| {
                out.push((*d, r.clone(), Vec::new()));
                out.len() - 1
            });
            out[g].2.push(k);
        }
        out
    }
    let (ga, gb) = (groups(a), groups(b));
    let mut by_doc: HashMap<D, Vec<usize>> = HashMap::new();
    for (g, (d, _, _)) in gb.iter().enumerate() {
        by_doc.entry(*d).or_default().push(g);
    }
    for v in by_doc.values_mut() {
        v.sort_unstable_by_key(|&g| gb[g].1.start);
    }
    // The longest range of b in each article: one that starts more than that before r cannot
    // reach it, so the scan for r starts there (not at the article's start).
    let longest: HashMap<D, u64> =
        by_doc.iter().map(|(d, gs)| (*d, gs.iter().map(|&g| gb[g].1.end - gb[g].1.start).max().unwrap_or(0))).collect();
    // (overlap, group of a, group of b), ordered as the spans' indices order them.
    let mut candidates: Vec<(u64, usize, usize)> = Vec::new();
    let mut mine: Vec<(u64, usize, usize)> = Vec::new();
    let most_first =
        |x: &(u64, usize, usize), y: &(u64, usize, usize)| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2));
    for (i, (d, r, _)) in ga.iter().enumerate() {
        let Some(gs) = by_doc.get(d) else { continue };
        let reach = r.start.saturating_sub(longest.get(d).copied().unwrap_or(0));
        let from = gs.partition_point(|&g| gb[g].1.start < reach);
        let upto = gs.partition_point(|&g| gb[g].1.start < r.end);
        mine.clear();
        for &g in &gs[from..upto.max(from)] {
            let s = &gb[g].1;
            let overlap = r.end.min(s.end).saturating_sub(r.start.max(s.start));
            if overlap > 0 {
                mine.push((overlap, i, g));
            }
        }
        if mine.len() > MAX_PARTNERS {
            mine.select_nth_unstable_by(MAX_PARTNERS, most_first);
            mine.truncate(MAX_PARTNERS);
        }
        candidates.extend_from_slice(&mine);
    }
    candidates.sort_unstable_by(most_first);
    // How many of each group are paired so far.
    let (mut used_a, mut used_b) = (vec![0usize; ga.len()], vec![0usize; gb.len()]);
    let mut out = Vec::new();
    for (_, i, j) in candidates {
        let (ma, mb) = (&ga[i].2, &gb[j].2);
        while used_a[i] < ma.len() && used_b[j] < mb.len() {
            out.push((ma[used_a[i]], mb[used_b[j]]));
            used_a[i] += 1;
            used_b[j] += 1;
        }
    }
    out.sort_unstable();
    out
}

/// What [`compare`] found for two analysts' projects of one article set.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Agreement {
    /// Articles both projects hold (the same text), by title.
    pub documents: Vec<String>,
    /// Articles only one of the two holds: left out.
    pub only_in_one: Vec<String>,
    /// Krippendorff's unitizing alpha over all shared articles (one continuum), all tags.
    pub alpha: Option<f64>,
    /// The same per tag (by name) and per article (by title).
    pub alpha_by_tag: BTreeMap<String, Option<f64>>,
    pub alpha_by_document: BTreeMap<String, Option<f64>>,
    /// Cohen's kappa on the tags of spans both marked exactly (same start and end), and of
    /// spans paired by overlap (one to one, most overlap first); with the number of pairs.
    pub kappa_exact: Option<f64>,
    pub pairs_exact: usize,
    pub kappa_overlap: Option<f64>,
    pub pairs_overlap: usize,
    /// Per tag: F1 of the two analysts' spans of that tag, exact and overlapping match.
    pub f1_by_tag: BTreeMap<String, (Option<f64>, Option<f64>)>,
    /// Claim agreement: F1 over "these two passages are the same claim" links, passages paired
    /// across the analysts by overlap; with each analyst's number of links.
    pub claim_f1: Option<f64>,
    pub claim_links: (usize, usize),
}

/// Why two projects cannot be compared.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AgreeError {
    #[error(
        "the two projects hold different texts for {}: agreement needs the same texts (re-import the article in one of them)",
        .0.join(", ")
    )]
    DifferentTexts(Vec<String>),
    #[error("the two projects share no article (articles are matched by their text)")]
    NothingShared,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Compares analyst `a`'s project with analyst `b`'s. Articles are matched by identical text;
/// an article that has the same title in both but another text is refused (offsets would not
/// mean the same characters). Tags are matched by name.
pub fn compare(a: &Project, b: &Project) -> Result<Agreement, AgreeError> {
    let by_text: HashMap<&str, &Document> = b.documents().iter().map(|d| (d.text.as_str(), d)).collect();
    let mut shared: Vec<(&Document, &Document)> = Vec::new();
    let mut out = Agreement::default();
    let mut differ = Vec::new();
    for d in a.documents() {
        match by_text.get(d.text.as_str()) {
            Some(e) => shared.push((d, e)),
            None => {
                if b.documents().iter().any(|e| e.title.trim() == d.title.trim() && !d.title.trim().is_empty()) {
                    differ.push(format!("“{}”", d.title));
                } else {
                    out.only_in_one.push(d.title.clone());
                }
            }
        }
    }
    if !differ.is_empty() {
        return Err(AgreeError::DifferentTexts(differ));
    }
    let matched_b: BTreeSet<DocId> = shared.iter().map(|(_, e)| e.id).collect();
    out.only_in_one.extend(b.documents().iter().filter(|e| !matched_b.contains(&e.id)).map(|e| e.title.clone()));
    if shared.is_empty() {
        return Err(AgreeError::NothingShared);
    }
    out.documents = shared.iter().map(|(d, _)| d.title.clone()).collect();

    // Each analyst's spans on the shared articles, as (article index, range, tag name, claim).
    struct Span {
        doc: usize,
        range: Range<u64>,
        tag: String,
        claim: Option<ClaimId>,
    }
    let spans = |p: &Project, pick: &dyn Fn(&(&Document, &Document)) -> DocId| -> Vec<Span> {
        let mut v = Vec::new();
        for (k, pair) in shared.iter().enumerate() {
            let doc = pick(pair);
            let spans = p.spans(doc);
            for id in spans.entries().iter().map(|e| e.id) {
                let Some(x) = p.annotation(id) else { continue };
                let tag = p.tag(x.tag).map(|t| t.name.clone()).unwrap_or_default();
                v.push(Span { doc: k, range: x.start as u64..x.end as u64, tag, claim: x.claim });
            }
        }
        v
    };
    let (sa, sb) = (spans(a, &|p| p.0.id), spans(b, &|p| p.1.id));

    // Alpha: one continuum of all shared articles end to end, and one per article.
    let offsets: Vec<u64> = shared
        .iter()
        .scan(0u64, |at, (d, _)| {
            let here = *at;
            *at += d.text.len_chars() as u64;
            Some(here)
        })
        .collect();
    let total: u64 = shared.iter().map(|(d, _)| d.text.len_chars() as u64).sum();
    // Spans come article by article, so one article's are one slice of each list.
    let slice_of = |list: &'_ [Span], k: usize| -> std::ops::Range<usize> {
        list.partition_point(|x| x.doc < k)..list.partition_point(|x| x.doc <= k)
    };
    let study_of = |lists: [&[Span]; 2], base: &dyn Fn(usize) -> u64, begin: u64, len: u64| {
        let mut s = Study::new(2, begin, len);
        for (rater, list) in lists.into_iter().enumerate() {
            let mut by: BTreeMap<&str, Vec<Range<u64>>> = BTreeMap::new();
            for x in list {
                let o = base(x.doc);
                by.entry(x.tag.as_str()).or_default().push(x.range.start + o..x.range.end + o);
            }
            for (tag, ranges) in by {
                for r in merged(ranges) {
                    s.add(r.start, r.end - r.start, rater, tag.to_owned());
                }
            }
        }
        s
    };
    if total > 0 {
        let (alpha, by_tag) = study_of([&sa, &sb], &|k| offsets[k], 0, total).alphas();
        out.alpha = finite(alpha);
        out.alpha_by_tag = by_tag.into_iter().map(|(tag, a)| (tag, finite(a))).collect();
    }
    for (k, (d, _)) in shared.iter().enumerate() {
        let len = d.text.len_chars() as u64;
        let lists = [&sa[slice_of(&sa, k)], &sb[slice_of(&sb, k)]];
        let value = if len == 0 { None } else { finite(study_of(lists, &|_| 0, 0, len).alpha()) };
        out.alpha_by_document.insert(d.title.clone(), value);
    }

    // Kappa on matched spans.
    let exact: HashMap<(usize, u64, u64), usize> =
        sb.iter().enumerate().map(|(j, x)| ((x.doc, x.range.start, x.range.end), j)).collect();
    let exact_pairs: Vec<(usize, usize)> = sa
        .iter()
        .enumerate()
        .filter_map(|(i, x)| exact.get(&(x.doc, x.range.start, x.range.end)).map(|&j| (i, j)))
        .collect();
    let keyed = |list: &[Span]| list.iter().map(|x| (x.doc, x.range.clone())).collect::<Vec<_>>();
    let overlap = overlap_pairs(&keyed(&sa), &keyed(&sb));
    let labels = |pairs: &[(usize, usize)]| {
        pairs.iter().map(|&(i, j)| (sa[i].tag.clone(), sb[j].tag.clone())).collect::<Vec<_>>()
    };
    out.kappa_exact = finite(cohen_kappa(&labels(&exact_pairs)));
    out.pairs_exact = exact_pairs.len();
    out.kappa_overlap = finite(cohen_kappa(&labels(&overlap)));
    out.pairs_overlap = overlap.len();

    // Per-tag F1.
    let tags: BTreeSet<&str> = sa.iter().chain(&sb).map(|x| x.tag.as_str()).collect();
    for tag in tags {
        let of = |list: &[Span]| -> BTreeSet<(usize, u64, u64)> {
            list.iter().filter(|x| x.tag == tag).map(|x| (x.doc, x.range.start, x.range.end)).collect()
        };
        let exact_f1 = finite(f1(&of(&sa), &of(&sb)));
        let (la, lb): (Vec<_>, Vec<_>) = (
            sa.iter().filter(|x| x.tag == tag).map(|x| (x.doc, x.range.clone())).collect(),
            sb.iter().filter(|x| x.tag == tag).map(|x| (x.doc, x.range.clone())).collect(),
        );
        let matched = overlap_pairs(&la, &lb).len();
        let overlap_f1 = if la.is_empty() && lb.is_empty() {
            None
        } else {
            Some(2.0 * matched as f64 / (la.len() + lb.len()) as f64)
        };
        out.f1_by_tag.insert(tag.to_owned(), (exact_f1, overlap_f1));
    }

    // Claims: passages are a's spans, and b's spans paired with them by overlap (b's unpaired
    // spans are passages of their own); a link is two passages of one claim.
    let mut passage_of_b: Vec<usize> = (0..sb.len()).map(|j| sa.len() + j).collect();
    for &(i, j) in &overlap {
        passage_of_b[j] = i;
    }
    // Links are counted, not listed (a claim of n passages has n(n-1)/2): a's links are pairs
    // within one of a's claims, b's within one of b's, and the links both made are pairs
    // within one cell of the table of (a's claim, b's claim) per passage.
    let pairs = |n: usize| n * n.saturating_sub(1) / 2;
    let count = |claims: &mut dyn Iterator<Item = ClaimId>| -> usize {
        let mut n: HashMap<ClaimId, usize> = HashMap::new();
        for c in claims {
            *n.entry(c).or_default() += 1;
        }
        n.values().map(|&k| pairs(k)).sum()
    };
    let links_a = count(&mut sa.iter().filter_map(|x| x.claim));
    let links_b = count(&mut sb.iter().filter_map(|x| x.claim));
    let mut cells: HashMap<(ClaimId, ClaimId), usize> = HashMap::new();
    for (j, x) in sb.iter().enumerate() {
        let p = passage_of_b[j];
        if let (Some(cb), Some(ca)) = (x.claim, sa.get(p).and_then(|y| y.claim)) {
            *cells.entry((ca, cb)).or_default() += 1;
        }
    }
    let both: usize = cells.values().map(|&k| pairs(k)).sum();
    out.claim_links = (links_a, links_b);
    out.claim_f1 = if links_a + links_b == 0 { None } else { finite(2.0 * both as f64 / (links_a + links_b) as f64) };
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() <= eps
    }

    /// Krippendorff (2004, "Content Analysis", p. 254) as DKPro Agreement's
    /// `Krippendorff2004Test` sets it up: a continuum of 300 from 150, two observers, categories
    /// c and k. Published: alpha 0.8591; for c observed 0.0144, expected 0.0532, alpha 0.7286;
    /// for k observed 0, expected 0.0490, alpha 1.
    #[test]
    fn krippendorff_2004_worked_example() {
        let mut s = Study::new(2, 150, 300);
        for (b, l, r, c) in [
            (225, 70, 0, "c"),
            (370, 30, 0, "c"),
            (220, 80, 1, "c"),
            (355, 20, 1, "c"),
            (400, 20, 1, "c"),
            (180, 60, 0, "k"),
            (300, 50, 0, "k"),
            (180, 60, 1, "k"),
            (300, 50, 1, "k"),
        ] {
            s.add(b, l, r, c);
        }
        assert!(close(s.alpha(), 0.8591, 0.0005), "{}", s.alpha());
        assert!(close(s.observed(&"c"), 0.0144, 0.0001), "{}", s.observed(&"c"));
        assert!(close(s.expected(&"c"), 0.0532, 0.0001), "{}", s.expected(&"c"));
        assert!(close(s.category_alpha(&"c"), 0.7286, 0.0001), "{}", s.category_alpha(&"c"));
        assert!(close(s.observed(&"k"), 0.0, 0.0001));
        assert!(close(s.expected(&"k"), 0.0490, 0.0001), "{}", s.expected(&"k"));
        assert!(close(s.category_alpha(&"k"), 1.0, 0.0001));
    }

    /// DKPro Agreement's `UnitizingAgreementTest`: one rater marks 1..9, the other three
    /// single characters inside it; observed 0.9100, expected 0.5351, alpha -0.7003.
    #[test]
    fn dkpro_unitizing_example() {
        let mut s = Study::new(2, 0, 10);
        for (b, l, r) in [(1, 8, 0), (2, 1, 1), (4, 1, 1), (6, 1, 1)] {
            s.add(b, l, r, "A");
        }
        assert!(close(s.observed(&"A"), 0.9100, 0.0001), "{}", s.observed(&"A"));
        assert!(close(s.expected(&"A"), 0.5351, 0.0001), "{}", s.expected(&"A"));
        assert!(close(s.category_alpha(&"A"), -0.7003, 0.0001), "{}", s.category_alpha(&"A"));
        // One unit from one of three raters: 0. Nothing at all: undefined.
        let mut one = Study::new(3, 0, 20);
        one.add(0, 1, 0, "X");
        assert!(close(one.alpha(), 0.0, 1e-9), "{}", one.alpha());
        assert!(Study::<&str>::new(3, 0, 20).alpha().is_nan());
    }

    /// The distances of DKPro's tests (from Krippendorff 2004's figures).
    #[test]
    fn distances() {
        let d = |b1, l1, c1: bool, b2, l2, c2: bool| distance((b1, l1, c1), (b2, l2, c2));
        assert_eq!(d(225, 70, true, 220, 80, true), 50.0);
        assert_eq!(d(370, 30, true, 355, 20, true), 850.0);
        assert_eq!(d(400, 50, false, 400, 20, true), 400.0);
        assert_eq!(d(5, 6, true, 4, 2, true), 26.0);
        assert_eq!(d(5, 6, true, 6, 4, true), 2.0);
        assert_eq!(d(1, 8, true, 2, 1, true), 37.0);
        assert_eq!(d(1, 8, true, 0, 2, false), 0.0);
    }

    /// Cohen's kappa on Krippendorff's (1995) digitised examples, as DKPro's
    /// `Krippendorff1995Test`: A gives 0.385, C 0.314.
    #[test]
    fn cohen_kappa_published_examples() {
        let a = "001111111100001111110000";
        let b = "000011110000000110000000";
        let pairs: Vec<(char, char)> = a.chars().zip(b.chars()).collect();
        assert!(close(cohen_kappa(&pairs), 0.385, 0.001), "{}", cohen_kappa(&pairs));
        let a = "001111110011001111001100";
        let b = "110011110011110011001100";
        let pairs: Vec<(char, char)> = a.chars().zip(b.chars()).collect();
        assert!(close(cohen_kappa(&pairs), 0.314, 0.001), "{}", cohen_kappa(&pairs));
        assert!(cohen_kappa(&[(1, 1), (1, 1)]).is_nan(), "one label everywhere: undefined");
    }

    #[test]
    fn overlap_pairs_are_one_to_one_and_prefer_more_overlap() {
        let a = vec![(1, 0..10), (1, 20..30), (2, 0..5)];
        let b = vec![(1, 5..12), (1, 0..9), (2, 6..9), (1, 29..40)];
        assert_eq!(overlap_pairs(&a, &b), vec![(0, 1), (1, 3)]);
        assert_eq!(merged(vec![5..8, 0..3, 2..6, 10..12]), vec![0..8, 10..12]);
        assert_eq!(merged(vec![0..5, 5..10]), vec![0..5, 5..10], "touching units stay two");
    }

    /// Every overlapping pair a candidate, most overlap first (how pairs were made before
    /// spans of one range were taken together).
    fn all_pairs(a: &[(u8, Range<u64>)], b: &[(u8, Range<u64>)]) -> Vec<(usize, usize)> {
        let mut c = Vec::new();
        for (i, (d, r)) in a.iter().enumerate() {
            for (j, (e, s)) in b.iter().enumerate() {
                let o = r.end.min(s.end).saturating_sub(r.start.max(s.start));
                if d == e && o > 0 {
                    c.push((o, i, j));
                }
            }
        }
        c.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let (mut ua, mut ub, mut out) = (vec![false; a.len()], vec![false; b.len()], Vec::new());
        for (_, i, j) in c {
            if !ua[i] && !ub[j] {
                (ua[i], ub[j]) = (true, true);
                out.push((i, j));
            }
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn spans_taken_by_range_pair_as_every_pair_did() {
        let mut rng = crate::analysis::synthetic::Rng(7);
        let span = |rng: &mut crate::analysis::synthetic::Rng| {
            let start = rng.below(200) as u64;
            (rng.below(2) as u8, start..start + 1 + rng.below(30) as u64)
        };
        for _ in 0..300 {
            let a: Vec<_> = (0..rng.below(25)).map(|_| span(&mut rng)).collect();
            let b: Vec<_> = (0..rng.below(25)).map(|_| span(&mut rng)).collect();
            let got = overlap_pairs(&a, &b);
            let want = all_pairs(&a, &b);
            // The same number of pairs with the same overlap in all (where ranges repeat, which
            // copy pairs with which may differ).
            let total = |p: &[(usize, usize)]| -> u64 {
                p.iter().map(|&(i, j)| a[i].1.end.min(b[j].1.end).saturating_sub(a[i].1.start.max(b[j].1.start))).sum()
            };
            assert_eq!((got.len(), total(&got)), (want.len(), total(&want)), "{a:?} {b:?}");
        }
    }

    #[test]
    fn two_adjacent_units_are_not_one() {
        // One analyst marks 0..5 and 5..10 apart, the other 0..10 as one: they disagree on the
        // units, so alpha is below 1 (it was 1 while touching units were joined).
        let mut study = Study::new(2, 0, 20);
        for r in merged(vec![0..5, 5..10]) {
            study.add(r.start, r.end - r.start, 0, 'c');
        }
        study.add(0, 10, 1, 'c');
        assert!(study.alpha() < 0.99, "{}", study.alpha());
    }

    use crate::model::{NewAnnotation, Text};

    /// Two analysts' projects over the same two articles: `b` as `a`, with changes.
    fn analysts() -> (Project, Project) {
        let texts = [
            "The United States said the strike was self-defence. Iran called it state terrorism and vowed revenge.",
            "Officials insisted the raid was lawful. Critics said no imminent threat was shown.",
        ];
        let mut a = Project::new("a");
        for (k, t) in texts.iter().enumerate() {
            let (_, e) = a.add_document(&format!("Article {k}"), "", "", "", Text::new(*t)).expect("ids");
            a.apply(e).expect("adds");
        }
        let mut b = Project::new("b");
        for (k, t) in texts.iter().enumerate() {
            let (_, e) = b.add_document(&format!("Article {k}"), "", "", "", Text::new(*t)).expect("ids");
            b.apply(e).expect("adds");
        }
        (a, b)
    }

    fn tag(p: &mut Project, doc: usize, quote: &str, tag: &str, claim: Option<ClaimId>) -> ClaimId {
        let d = &p.documents()[doc];
        let at = d.text.as_str().find(quote).expect("quote");
        let start = d.text.as_str()[..at].chars().count();
        let range = start..start + quote.chars().count();
        let (id, t) = (d.id, p.find_tag(tag).expect("tag").id);
        let claim = claim.unwrap_or_else(|| {
            let (c, e) = p.new_claim(&format!("claim {quote}"), "", &[]).expect("claim");
            p.apply(e).expect("adds");
            c
        });
        let (_, e) =
            p.annotate(id, range, t, NewAnnotation { claim: Some(claim), ..Default::default() }).expect("valid");
        p.apply(e).expect("adds");
        claim
    }

    #[test]
    fn identical_work_agrees_fully_and_differences_lower_each_figure() {
        let (mut a, mut b) = analysts();
        for p in [&mut a, &mut b] {
            let c = tag(p, 0, "the strike was self-defence", "Allegation", None);
            tag(p, 1, "the raid was lawful", "Legal claim", Some(c));
            tag(p, 0, "state terrorism", "Rhetoric", None);
        }
        let same = compare(&a, &b).expect("comparable");
        assert_eq!(same.documents.len(), 2);
        assert_eq!(same.alpha, Some(1.0));
        assert_eq!((same.kappa_exact, same.pairs_exact), (Some(1.0), 3));
        assert_eq!(same.claim_f1, Some(1.0));
        assert_eq!(same.claim_links, (1, 1));
        assert!(same.f1_by_tag.values().all(|f| *f == (Some(1.0), Some(1.0))));

        // The second analyst calls the first passage a legal claim, takes more words for the
        // third, and does not link the raid to the self-defence claim.
        let (_, mut c) = analysts();
        let first = tag(&mut c, 0, "the strike was self-defence", "Legal claim", None);
        tag(&mut c, 1, "the raid was lawful", "Legal claim", None);
        tag(&mut c, 0, "state terrorism and vowed revenge", "Rhetoric", Some(first));
        let differ = compare(&a, &c).expect("comparable");
        let alpha = differ.alpha.expect("alpha");
        assert!(alpha < 0.9 && alpha > -1.0, "{alpha}");
        assert_eq!(differ.pairs_exact, 2, "the third passage's ends differ");
        assert_eq!(differ.pairs_overlap, 3, "but it overlaps");
        assert!(differ.kappa_overlap.expect("kappa") < 1.0);
        assert_eq!(differ.f1_by_tag["Rhetoric"], (Some(0.0), Some(1.0)));
        assert_eq!(differ.f1_by_tag["Allegation"].0, Some(0.0));
        // a links the strike and the raid; c links the strike and the terrorism passage.
        assert_eq!(differ.claim_links, (1, 1));
        assert_eq!(differ.claim_f1, Some(0.0));
    }

    /// Links are counted, not listed; the count must be what listing gives. One analyst puts
    /// three passages in one claim (3 links), the other two of them in one claim and the third
    /// alone (1 link, which the first made too): F1 = 2 * 1 / (3 + 1).
    #[test]
    fn claim_links_are_counted_as_the_pairs_they_make() {
        let (mut a, mut b) = analysts();
        let c = tag(&mut a, 0, "the strike was self-defence", "Allegation", None);
        tag(&mut a, 1, "the raid was lawful", "Legal claim", Some(c));
        tag(&mut a, 0, "state terrorism", "Rhetoric", Some(c));
        let d = tag(&mut b, 0, "the strike was self-defence", "Allegation", None);
        tag(&mut b, 1, "the raid was lawful", "Legal claim", Some(d));
        tag(&mut b, 0, "state terrorism", "Rhetoric", None);
        let r = compare(&a, &b).expect("comparable");
        assert_eq!(r.claim_links, (3, 1));
        assert_eq!(r.claim_f1, Some(0.5));
    }

    #[test]
    fn different_texts_for_one_article_are_refused() {
        let (a, _) = analysts();
        let mut b = Project::new("b");
        let (_, e) = b.add_document("Article 0", "", "", "", Text::new("Another text entirely.")).expect("ids");
        b.apply(e).expect("adds");
        let e = compare(&a, &b).expect_err("refused");
        assert!(e.to_string().contains("“Article 0”"), "{e}");
        assert_eq!(compare(&a, &Project::new("empty")), Err(AgreeError::NothingShared));
    }
}
