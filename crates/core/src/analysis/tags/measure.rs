//! How far the suggester can be trusted on the analyst's own material: each article predicted
//! from the others (its own tags and rejections unseen), scored against the analyst's tags with
//! the span measure of SemEval-2020 Task 11 (partial overlap: a suggestion covering half of a
//! tagged passage counts half).

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Learned, Sources, candidates};
use crate::model::project::Project;

/// Held-out precision and recall of one tag.
#[derive(Clone, Debug, PartialEq)]
pub struct TagScore {
    pub tag: String,
    /// Passages the analyst tagged, and suggestions made, over all articles.
    pub gold: usize,
    pub predicted: usize,
    pub precision: f64,
    pub recall: f64,
}

impl TagScore {
    /// From the counts and the summed overlaps of [`overlap`] over articles.
    pub(super) fn from_sums(tag: String, gold: usize, predicted: usize, ps: f64, rs: f64) -> TagScore {
        TagScore {
            tag,
            gold,
            predicted,
            precision: if predicted > 0 { ps / predicted as f64 } else { 0.0 },
            recall: if gold > 0 { rs / gold as f64 } else { 0.0 },
        }
    }

    pub fn f1(&self) -> f64 {
        if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        }
    }
}

/// Overlapping or touching spans joined, sorted: the scorer's view of a set of spans (two
/// suggestions over one passage are one prediction, as in the task's scorer).
pub fn merged(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.retain(|r| r.start < r.end);
    spans.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in spans {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Partial-overlap sums of predicted spans against gold ones (both [`merged`]): (Σ over
/// predictions of the share of each covered by gold, Σ over gold of the share covered by
/// predictions). Precision is the first over the number of predictions, recall the second over
/// the number of gold spans.
pub fn overlap(predicted: &[Range<usize>], gold: &[Range<usize>]) -> (f64, f64) {
    let inter = |a: &Range<usize>, b: &Range<usize>| a.end.min(b.end).saturating_sub(a.start.max(b.start)) as f64;
    let p = predicted.iter().map(|s| gold.iter().map(|g| inter(s, g)).sum::<f64>() / s.len() as f64).sum();
    let r = gold.iter().map(|g| predicted.iter().map(|s| inter(s, g)).sum::<f64>() / g.len() as f64).sum();
    (p, r)
}

/// Each article's suggestions with a score of at least `threshold(tag)` against its
/// annotations: per tag of the project that has annotations or suggestions, in the project's
/// order. `warm`: the learned part joins in, learnt afresh for each article from what the
/// analyst did in the others (its own tags and rejections unseen); `src.learned` is not used.
pub fn held_out(project: &Project, src: &Sources<'_>, warm: bool, threshold: &dyn Fn(&str) -> f32) -> Vec<TagScore> {
    // tag -> (gold count, predicted count, precision sum, recall sum)
    let mut acc: BTreeMap<&str, (usize, usize, f64, f64)> = BTreeMap::new();
    for d in project.documents() {
        let mut gold: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
        for a in project.annotations_of(d.id) {
            if let Some(t) = project.tag(a.tag) {
                gold.entry(t.name.as_str()).or_default().push(a.range());
            }
        }
        let mut predicted: BTreeMap<String, Vec<Range<usize>>> = BTreeMap::new();
        let learned = warm.then(|| Learned::train_except(project, src.knowledge, src.vectors, Some(d.id)));
        let src = Sources { learned: learned.as_ref(), ..*src };
        for s in candidates(project, d.id, &src) {
            if s.score >= threshold(&s.tag) {
                predicted.entry(s.tag).or_default().push(s.range);
            }
        }
        for t in project.tags() {
            let g = merged(gold.remove(t.name.as_str()).unwrap_or_default());
            let p = merged(predicted.remove(&t.name).unwrap_or_default());
            let (ps, rs) = overlap(&p, &g);
            let e = acc.entry(t.name.as_str()).or_default();
            *e = (e.0 + g.len(), e.1 + p.len(), e.2 + ps, e.3 + rs);
        }
    }
    project
        .tags()
        .iter()
        .filter_map(|t| {
            let &(gold, predicted, ps, rs) = acc.get(t.name.as_str())?;
            (gold + predicted > 0).then(|| TagScore::from_sums(t.name.clone(), gold, predicted, ps, rs))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn partial_overlap_counts_the_share_covered() {
        // A prediction covering half of a gold span: precision 1 (all of it is gold), recall 0.5.
        assert_eq!(overlap(&[0..5], &[0..10]), (1.0, 0.5));
        // Half of the prediction outside the gold: precision 0.5, recall 1.
        assert_eq!(overlap(&[0..20], &[0..10]), (0.5, 1.0));
        assert_eq!(overlap(&[], &[0..10]), (0.0, 0.0));
        assert_eq!(merged(vec![5..9, 0..3, 2..6, 12..12, 9..10]), vec![0..10]);
    }
}
