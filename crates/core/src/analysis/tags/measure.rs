//! How far the suggester can be trusted on the analyst's own material: each article predicted
//! from the others (its own tags and rejections unseen), scored against the analyst's tags with
//! the span measure of SemEval-2020 Task 11 (partial overlap: a suggestion covering half of a
//! tagged passage counts half).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;

use super::{Learned, Sources, candidates};
use crate::model::ids::DocId;
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

/// The most models [`held_out`] trains for a project (a fold of articles unseen by each).
pub const FOLDS: usize = 20;

/// Each article's suggestions with a score of at least `threshold(tag)` against its
/// annotations: per tag of the project that has annotations or suggestions, in the project's
/// order. `warm`: the learned part joins in, learnt afresh without what the analyst did in the
/// article (its own tags and rejections unseen: each article on its own up to [`FOLDS`] taught
/// articles, in [`FOLDS`] folds past that); `src.learned` is not used.
pub fn held_out(project: &Project, src: &Sources<'_>, warm: bool, threshold: &dyn Fn(&str) -> f32) -> Vec<TagScore> {
    // tag -> (gold count, predicted count, precision sum, recall sum)
    let mut acc: BTreeMap<String, (usize, usize, f64, f64)> = BTreeMap::new();
    // The articles that teach the learned part (their tags or rejections), in the project's
    // order, in folds: each fold's articles are predicted by a model of the others. Any other
    // article is predicted by the model of the whole project, which is the model without it.
    // One article a fold up to [`FOLDS`] of them; past that, every FOLDS-th article in one
    // fold: a model per article of 6,000 (a 0.8 MB project) would have taken an hour.
    let teaching: HashSet<DocId> = project
        .annotations()
        .map(|a| a.doc)
        .chain(project.dismissed().iter().filter_map(|d| super::parse_rejection(&d.key)).map(|(doc, _)| doc))
        .collect();
    let teaching: Vec<DocId> = project.documents().iter().map(|d| d.id).filter(|d| teaching.contains(d)).collect();
    let folds = teaching.len().min(FOLDS);
    // Each fold's articles, then the rest; one model held at a time (a model of a 100,000-
    // annotation project holds its passages' vectors).
    let mut groups: Vec<(bool, Vec<DocId>)> =
        (0..folds).map(|f| (true, teaching.iter().skip(f).step_by(folds).copied().collect())).collect();
    let taught: HashSet<DocId> = teaching.iter().copied().collect();
    groups.push((false, project.documents().iter().map(|d| d.id).filter(|d| !taught.contains(d)).collect()));
    for (held, docs) in groups.into_iter().filter(|(_, docs)| !docs.is_empty()) {
        let unseen: HashSet<DocId> = if held { docs.iter().copied().collect() } else { HashSet::new() };
        let model = warm.then(|| Learned::train_except(project, src.knowledge, src.vectors, &unseen));
        for d in docs.iter().filter_map(|d| project.document(*d)) {
            score_article(project, d.id, &Sources { learned: model.as_ref(), ..*src }, threshold, &mut acc);
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

/// One article's suggestions against its annotations, added to `acc` (tag -> gold count,
/// predicted count, precision sum, recall sum).
fn score_article(
    project: &Project,
    doc: DocId,
    src: &Sources<'_>,
    threshold: &dyn Fn(&str) -> f32,
    acc: &mut BTreeMap<String, (usize, usize, f64, f64)>,
) {
    let mut gold: BTreeMap<&str, Vec<Range<usize>>> = BTreeMap::new();
    for a in project.annotations_of(doc) {
        if let Some(t) = project.tag(a.tag) {
            gold.entry(t.name.as_str()).or_default().push(a.range());
        }
    }
    let mut predicted: BTreeMap<String, Vec<Range<usize>>> = BTreeMap::new();
    for s in candidates(project, doc, src) {
        if s.score >= threshold(&s.tag) {
            predicted.entry(s.tag).or_default().push(s.range);
        }
    }
    // The tags the article has or was given, not every tag: the others add nothing, and a
    // project of thousands of tags and articles made millions of empty sums.
    let tags: BTreeSet<String> = gold.keys().map(|t| (*t).to_owned()).chain(predicted.keys().cloned()).collect();
    for t in tags {
        let g = merged(gold.remove(t.as_str()).unwrap_or_default());
        let p = merged(predicted.remove(&t).unwrap_or_default());
        let (ps, rs) = overlap(&p, &g);
        let e = acc.entry(t).or_default();
        *e = (e.0 + g.len(), e.1 + p.len(), e.2 + ps, e.3 + rs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each taught article predicted by a model without it: a model of its own up to `FOLDS`
    /// of them, folds of them past that (a model per article of thousands never ended), and one
    /// model of the whole project for the articles that teach nothing.
    #[test]
    fn the_held_out_measure_trains_at_most_a_model_per_fold() {
        use crate::model::{NewAnnotation, Text};
        let trained = |articles: usize, taught: usize| {
            let mut p = Project::new("t");
            let fact = p.find_tag("Fact").expect("tag").id;
            for i in 0..articles {
                let text = Text::new(format!("The port of article {i} was closed on Monday. Nobody said why."));
                let (d, e) = p.add_document(&format!("a{i}"), "", "", "", text).expect("ids left");
                p.apply(e).expect("adds");
                if i < taught {
                    let (_, e) = p.annotate(d, 0..41, fact, NewAnnotation::default()).expect("valid");
                    p.apply(e).expect("adds");
                }
            }
            super::super::learned::TRAINED.with(|n| n.set(0));
            let scores = held_out(&p, &Sources::built_in(), true, &|_| 0.3);
            assert!(scores.iter().any(|s| s.tag == "Fact" && s.gold == taught), "{scores:?}");
            super::super::learned::TRAINED.with(std::cell::Cell::get)
        };
        assert_eq!(trained(8, 5), 5 + 1, "one model per taught article, one for the rest");
        assert_eq!(trained(FOLDS + 15, FOLDS + 10), FOLDS + 1, "folds past FOLDS taught articles");
        assert_eq!(trained(3, 3), 3, "no model for an empty rest");
    }

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
