//! Comparison tables: how each article uses the tags, how each outlet frames each claim, and
//! where in each article the tags fall. Computed from a project and a filter; the side view and
//! `claimscope compare` show them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;

use crate::model::annotation::Annotation;
use crate::model::ids::{AnnotationId, ClaimId, DocId, TagId};
use crate::model::project::Project;

/// Which annotations and articles a table covers. An empty set means "all".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    pub tags: BTreeSet<TagId>,
    pub speakers: BTreeSet<String>,
    pub claims: BTreeSet<ClaimId>,
    pub docs: BTreeSet<DocId>,
}

impl Filter {
    /// True when nothing is filtered out.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.speakers.is_empty() && self.claims.is_empty() && self.docs.is_empty()
    }

    /// Does the annotation pass?
    pub fn keeps(&self, a: &Annotation) -> bool {
        (self.tags.is_empty() || self.tags.contains(&a.tag))
            && (self.speakers.is_empty() || self.speakers.contains(a.speaker.as_str()))
            && (self.claims.is_empty() || a.claim.is_some_and(|c| self.claims.contains(&c)))
            && (self.docs.is_empty() || self.docs.contains(&a.doc))
    }

    /// Does the article pass?
    pub fn keeps_doc(&self, d: DocId) -> bool {
        self.docs.is_empty() || self.docs.contains(&d)
    }

    /// Does the tag pass?
    pub fn keeps_tag(&self, t: TagId) -> bool {
        self.tags.is_empty() || self.tags.contains(&t)
    }
}

/// One cell of the tag × article matrix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Cell {
    pub count: usize,
    /// Chars of the article covered by the tag's spans (overlaps counted once).
    pub chars: usize,
    /// `chars` over the article's length, 0 to 1.
    pub share: f64,
}

impl Cell {
    /// A cell of no annotation.
    pub const EMPTY: Cell = Cell { count: 0, chars: 0, share: 0.0 };
}

/// A table of more cells than this is written as its filled cells only, in every format (the
/// command line's tables, the HTML report, `stats`): a project of 4,500 tags and articles (0.9
/// MB) made 20 million cells, and `compare`'s CSV took 21 s and 8.9 GB, its JSON 67 s and 24 GB.
pub const MAX_CELLS: usize = 20_000;

/// Tags as rows, articles as columns. Only the filled cells are held: a project of 14,000 tags
/// and 14,000 articles fits in 1 MB and makes 196 million cells, of which it fills 14,000 (held
/// whole, they took 4.7 GB).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matrix {
    pub tags: Vec<TagId>,
    pub docs: Vec<DocId>,
    /// Per row, the cells that hold an annotation, as (column, cell), by column.
    rows: Vec<Vec<(usize, Cell)>>,
    /// Per tag: count and share of all text (of the shown articles) covered.
    pub row_totals: Vec<Cell>,
    /// Per article: count and share of the article covered by any shown tag.
    pub col_totals: Vec<Cell>,
    pub total: usize,
    /// What it was made under, for a cell's annotations ([`Matrix::annotations`]): a cell
    /// holding its list cost every cell 24 bytes more.
    filter: Filter,
}

impl Matrix {
    /// The matrix of `project` under `filter`. Orphaned annotations are left out: they have no
    /// place in their text.
    pub fn of(project: &Project, filter: &Filter) -> Self {
        let tags: Vec<TagId> = project.tags().iter().map(|t| t.id).filter(|t| filter.keeps_tag(*t)).collect();
        let docs: Vec<DocId> = project.documents().iter().map(|d| d.id).filter(|d| filter.keeps_doc(*d)).collect();
        let row_of: HashMap<TagId, usize> = tags.iter().enumerate().map(|(i, t)| (*t, i)).collect();
        let mut rows: Vec<Vec<(usize, Cell)>> = vec![Vec::new(); tags.len()];
        let mut col_totals = Vec::with_capacity(docs.len());
        let mut all_chars = 0;
        for (col, &d) in docs.iter().enumerate() {
            let len = project.document(d).map_or(0, |d| d.text.len_chars());
            all_chars += len;
            // (row, span) of the article's kept annotations, by row and then in reading order
            // (the index gives reading order; the sort is stable). Work by what the article
            // holds, not by the number of tags.
            let mut spans: Vec<(usize, Range<usize>)> = project
                .annotations_of(d)
                .filter(|a| filter.keeps(a))
                .filter_map(|a| row_of.get(&a.tag).map(|&row| (row, a.range())))
                .collect();
            let mut any: Vec<Range<usize>> = spans.iter().map(|(_, r)| r.clone()).collect();
            any.sort_by_key(|r| r.start);
            spans.sort_by_key(|(row, _)| *row);
            for group in spans.chunk_by(|a, b| a.0 == b.0) {
                let ranges: Vec<Range<usize>> = group.iter().map(|(_, r)| r.clone()).collect();
                let chars = union_len(&ranges);
                rows[group[0].0].push((col, Cell { count: group.len(), chars, share: share(chars, len) }));
            }
            let chars = union_len(&any);
            col_totals.push(Cell { count: spans.len(), chars, share: share(chars, len) });
        }
        let row_totals = rows
            .iter()
            .map(|row| {
                let count = row.iter().map(|(_, c)| c.count).sum();
                let chars = row.iter().map(|(_, c)| c.chars).sum();
                Cell { count, chars, share: share(chars, all_chars) }
            })
            .collect();
        let total = col_totals.iter().map(|c| c.count).sum();
        Matrix { tags, docs, rows, row_totals, col_totals, total, filter: filter.clone() }
    }

    /// Cell (`row`, `col`); an empty one where nothing is (or the place is outside the matrix).
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        let Some(cells) = self.rows.get(row) else { return &Cell::EMPTY };
        cells.binary_search_by_key(&col, |(c, _)| *c).map_or(&Cell::EMPTY, |i| &cells[i].1)
    }

    /// The filled cells of `row`, as (column, cell), by column.
    pub fn filled(&self, row: usize) -> &[(usize, Cell)] {
        self.rows.get(row).map_or(&[], Vec::as_slice)
    }

    /// Whether the matrix has more cells than [`MAX_CELLS`], so that tables list its filled
    /// cells only.
    pub fn too_many_cells(&self) -> bool {
        self.tags.len().saturating_mul(self.docs.len()) > MAX_CELLS
    }

    /// The annotations of cell (`row`, `col`) in `project` (the one it was made of), in reading
    /// order.
    pub fn annotations(&self, project: &Project, row: usize, col: usize) -> Vec<AnnotationId> {
        let (Some(&tag), Some(&doc)) = (self.tags.get(row), self.docs.get(col)) else { return Vec::new() };
        project.annotations_of(doc).filter(|a| a.tag == tag && self.filter.keeps(a)).map(|a| a.id).collect()
    }

    /// The largest share in any cell, for scaling the shading.
    pub fn max_share(&self) -> f64 {
        self.rows.iter().flatten().map(|(_, c)| c.share).fold(0.0, f64::max)
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// Length of the union of ranges sorted by start.
fn union_len(sorted: &[Range<usize>]) -> usize {
    let mut total = 0;
    let mut current: Option<Range<usize>> = None;
    for r in sorted {
        match &mut current {
            Some(c) if r.start <= c.end => c.end = c.end.max(r.end),
            _ => {
                if let Some(c) = current.take() {
                    total += c.len();
                }
                current = Some(r.clone());
            }
        }
    }
    total + current.map_or(0, |c| c.len())
}

/// How one article frames one claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Framing {
    /// The linked annotations of this article, in reading order.
    pub annotations: Vec<AnnotationId>,
    /// The tag used most (ties: the one first in the tag list).
    pub main_tag: TagId,
    /// Every tag used, in tag-list order.
    pub tags: Vec<TagId>,
    /// Speakers named, in reading order, without repeats.
    pub speakers: Vec<String>,
    /// The first linked quote of the main tag.
    pub quote: String,
}

/// One row of the claims table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    pub claim: ClaimId,
    /// The articles that make the claim, as (column, framing), by column. Sparse: a project of a
    /// thousand articles has few that make any one claim.
    pub framings: Vec<(usize, Framing)>,
    /// True when the articles that make the claim frame it with different main tags (one
    /// reports it as Fact, another as Allegation).
    pub disagrees: bool,
}

/// Claims as rows, articles as columns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClaimsTable {
    pub docs: Vec<DocId>,
    pub rows: Vec<ClaimRow>,
}

impl ClaimRow {
    /// How the article in column `col` frames the claim, if it makes it.
    pub fn framing(&self, col: usize) -> Option<&Framing> {
        self.framings.binary_search_by_key(&col, |(c, _)| *c).ok().map(|i| &self.framings[i].1)
    }

    /// The main tag most articles give the claim, when one tag has more articles than any other.
    pub fn majority_tag(&self) -> Option<TagId> {
        let mut counts: BTreeMap<TagId, usize> = BTreeMap::new();
        for (_, f) in &self.framings {
            *counts.entry(f.main_tag).or_default() += 1;
        }
        let best = counts.values().copied().max()?;
        let mut top = counts.iter().filter(|(_, n)| **n == best);
        let (tag, _) = top.next()?;
        if top.next().is_some() { None } else { Some(*tag) }
    }

    /// The columns whose framing differs from the others': every column whose main tag is not
    /// the majority's, or every column when there is no majority (one Fact, one Allegation).
    pub fn differing(&self) -> Vec<usize> {
        if !self.disagrees {
            return Vec::new();
        }
        let majority = self.majority_tag();
        self.framings.iter().filter(|(_, f)| majority != Some(f.main_tag)).map(|(c, _)| *c).collect()
    }
}

/// Orders of the claims table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClaimOrder {
    /// As the claims are listed in the project.
    #[default]
    Project,
    /// By label, A to Z.
    Label,
    /// Claims made by most articles first.
    Outlets,
    /// Claims the articles frame differently first, then by number of articles.
    Disagreement,
}

impl ClaimOrder {
    pub const ALL: [ClaimOrder; 4] =
        [ClaimOrder::Project, ClaimOrder::Label, ClaimOrder::Outlets, ClaimOrder::Disagreement];

    pub fn label(self) -> &'static str {
        match self {
            ClaimOrder::Project => "as made",
            ClaimOrder::Label => "claim, A–Z",
            ClaimOrder::Outlets => "most articles",
            ClaimOrder::Disagreement => "disagreement",
        }
    }
}

impl ClaimsTable {
    /// The rows' indexes in `order` (labels compared without case).
    pub fn order(&self, project: &Project, order: ClaimOrder) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..self.rows.len()).collect();
        let label = |i: usize| project.claim(self.rows[i].claim).map(|c| c.label.to_lowercase()).unwrap_or_default();
        match order {
            ClaimOrder::Project => {}
            ClaimOrder::Label => rows.sort_by_cached_key(|&i| label(i)),
            ClaimOrder::Outlets => rows.sort_by_key(|&i| std::cmp::Reverse(self.rows[i].framings.len())),
            ClaimOrder::Disagreement => rows.sort_by_key(|&i| {
                (std::cmp::Reverse(self.rows[i].disagrees), std::cmp::Reverse(self.rows[i].framings.len()))
            }),
        }
        rows
    }

    /// The claims table of `project` under `filter` (a tag or speaker filter drops the
    /// annotations it does not keep; a claim with nothing left is not shown).
    pub fn of(project: &Project, filter: &Filter) -> Self {
        let docs: Vec<DocId> = project.documents().iter().map(|d| d.id).filter(|d| filter.keeps_doc(*d)).collect();
        let col_of: HashMap<DocId, usize> = docs.iter().enumerate().map(|(i, d)| (*d, i)).collect();
        let tag_order: HashMap<TagId, usize> = project.tags().iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        // Linked annotations per claim and column; one pass over the annotations.
        let orphans: HashSet<AnnotationId> = project.orphans().map(|a| a.id).collect();
        let mut linked: BTreeMap<ClaimId, BTreeMap<usize, Vec<&Annotation>>> = BTreeMap::new();
        for a in project.annotations().filter(|a| a.claim.is_some() && filter.keeps(a)) {
            let (Some(c), Some(&col)) = (a.claim, col_of.get(&a.doc)) else { continue };
            if orphans.contains(&a.id) {
                continue;
            }
            linked.entry(c).or_default().entry(col).or_default().push(a);
        }
        let rows = project
            .claims()
            .iter()
            .filter(|c| filter.claims.is_empty() || filter.claims.contains(&c.id))
            .filter_map(|c| {
                let cols = linked.remove(&c.id)?;
                let framings: Vec<(usize, Framing)> = cols
                    .into_iter()
                    .filter_map(|(col, mut anns)| {
                        anns.sort_by_key(|a| (a.start, a.end, a.id));
                        framing(&anns, &tag_order).map(|f| (col, f))
                    })
                    .collect();
                let mains: BTreeSet<TagId> = framings.iter().map(|(_, f)| f.main_tag).collect();
                Some(ClaimRow { claim: c.id, disagrees: mains.len() > 1, framings })
            })
            .collect();
        ClaimsTable { docs, rows }
    }
}

fn framing(anns: &[&Annotation], tag_order: &HashMap<TagId, usize>) -> Option<Framing> {
    let first = anns.first()?;
    let order = |t: &TagId| tag_order.get(t).copied().unwrap_or(usize::MAX);
    // (tag, count) in tag-list order: a handful of tags, so a vector beats a map.
    let mut counts: Vec<(TagId, usize)> = Vec::new();
    for a in anns {
        match counts.iter_mut().find(|(t, _)| *t == a.tag) {
            Some((_, n)) => *n += 1,
            None => counts.push((a.tag, 1)),
        }
    }
    counts.sort_by_key(|(t, _)| order(t));
    let main_tag = counts.iter().rev().max_by_key(|(_, n)| *n).map_or(first.tag, |(t, _)| *t);
    let tags: Vec<TagId> = counts.iter().map(|(t, _)| *t).collect();
    let mut speakers: Vec<String> = Vec::new();
    for a in anns {
        if !a.speaker.is_empty() && !speakers.iter().any(|s| *s == a.speaker) {
            speakers.push(a.speaker.to_string());
        }
    }
    // The quote of the first passage of the main tag: a cell shows the two together, and the
    // first passage of all could be another tag's (an Allegation's words under "Fact").
    let quote = anns.iter().find(|a| a.tag == main_tag).unwrap_or(first).quote.exact.clone();
    Some(Framing { annotations: anns.iter().map(|a| a.id).collect(), main_tag, tags, speakers, quote })
}

/// One mark on a position strip.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    pub annotation: AnnotationId,
    pub tag: TagId,
    /// Start and end as fractions of the article's length, 0 to 1.
    pub from: f64,
    pub to: f64,
}

/// One article's strip: where its (kept) annotations fall.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Strip {
    pub doc: DocId,
    pub marks: Vec<Mark>,
}

/// Position strips of the articles the filter keeps.
pub fn strips(project: &Project, filter: &Filter) -> Vec<Strip> {
    project
        .documents()
        .iter()
        .filter(|d| filter.keeps_doc(d.id))
        .map(|d| {
            let len = d.text.len_chars().max(1) as f64;
            let marks = project
                .annotations_of(d.id)
                .filter(|a| filter.keeps(a))
                .map(|a| Mark { annotation: a.id, tag: a.tag, from: a.start as f64 / len, to: a.end as f64 / len })
                .collect();
            Strip { doc: d.id, marks }
        })
        .collect()
}

/// Every speaker named in the project, sorted.
pub fn speakers(project: &Project) -> BTreeSet<String> {
    project.annotations().filter(|a| !a.speaker.is_empty()).map(|a| a.speaker.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::markup;
    use crate::model::{NewAnnotation, Text};

    /// A project from markup texts (one per article), with claims linked by `claim_of`.
    fn build(texts: &[(&str, &str)], links: &[(usize, usize, &str)]) -> Project {
        let mut p = Project::new("t");
        let mut anns = Vec::new();
        for (title, m) in texts {
            let (text, spans) = markup::parse(m).expect("valid markup");
            let (d, e) = p.add_document(title, title, "", "", Text::new(text)).expect("ids left");
            p.apply(e).expect("adds");
            let mut doc_anns = Vec::new();
            for s in spans {
                let tag = p.find_tag(&s.tag).expect("tag").id;
                let (id, e) = p.annotate(d, s.range, tag, NewAnnotation::default()).expect("valid");
                p.apply(e).expect("adds");
                doc_anns.push(id);
            }
            anns.push(doc_anns);
        }
        for &(doc, k, label) in links {
            let id = anns[doc][k];
            let edit = match p.find_claim(label) {
                Some(c) => p.link(id, Some(c.id)).expect("valid"),
                None => p.new_claim(label, "", &[id]).expect("valid").1,
            };
            p.apply(edit).expect("applies");
        }
        p
    }

    #[test]
    fn matrix_counts_and_coverage_with_overlaps_counted_once() {
        // 20 chars; Fact covers 0..10 and 5..15 (union 15); Rhetoric covers 16..20.
        let p = build(&[("A", "[Fact:01234][Fact:56789]abcde [Rhetoric:wxyz]"), ("B", "nothing here")], &[]);
        let mut p = p;
        // A second, overlapping Fact span.
        let d = p.documents()[0].id;
        let fact = p.find_tag("Fact").expect("tag").id;
        let (_, e) = p.annotate(d, 5..15, fact, NewAnnotation::default()).expect("valid");
        p.apply(e).expect("adds");
        let m = Matrix::of(&p, &Filter::default());
        assert_eq!(m.tags.len(), 4);
        assert_eq!(m.docs.len(), 2);
        let fact_row = 0;
        let rhet_row = 3;
        assert_eq!(m.cell(fact_row, 0).count, 3);
        assert_eq!(m.cell(fact_row, 0).chars, 15);
        assert!((m.cell(fact_row, 0).share - 15.0 / 20.0).abs() < 1e-9);
        assert_eq!(m.cell(rhet_row, 0).count, 1);
        assert_eq!(m.cell(rhet_row, 0).chars, 4);
        assert_eq!(m.cell(fact_row, 1).count, 0);
        assert_eq!(m.col_totals[0].count, 4);
        assert_eq!(m.col_totals[0].chars, 19);
        assert_eq!(m.row_totals[fact_row].count, 3);
        assert!((m.row_totals[fact_row].share - 15.0 / 32.0).abs() < 1e-9);
        assert_eq!(m.total, 4);
        assert!((m.max_share() - 0.75).abs() < 1e-9);
    }

    #[test]
    fn matrix_filters() {
        let p = build(&[("A", "[Fact:aa] [Allegation:bb] [Fact:cc]"), ("B", "[Fact:dd]")], &[]);
        let fact = p.find_tag("Fact").expect("tag").id;
        let b = p.documents()[1].id;
        let f = Filter { tags: BTreeSet::from([fact]), docs: BTreeSet::from([b]), ..Filter::default() };
        let m = Matrix::of(&p, &f);
        assert_eq!((m.tags.len(), m.docs.len()), (1, 1));
        assert_eq!(m.cell(0, 0).count, 1);
        assert_eq!(m.total, 1);
    }

    #[test]
    fn claims_table_shows_framings_and_marks_disagreement() {
        let p = build(
            &[
                ("MEE", "Washington [Allegation:accused Soleimani] of attacks. [Legal claim:It was unlawful]."),
                ("IND", "[Fact:He was responsible for the deaths] of troops."),
                ("REU", "The strike [Legal claim:was unlawful under law], said [Rhetoric:critics]."),
            ],
            &[(0, 0, "Behind attacks"), (1, 0, "Behind attacks"), (0, 1, "Unlawful"), (2, 0, "Unlawful")],
        );
        let t = ClaimsTable::of(&p, &Filter::default());
        assert_eq!(t.docs.len(), 3);
        assert_eq!(t.rows.len(), 2);
        let behind = &t.rows[0];
        assert!(behind.disagrees, "Allegation in one, Fact in another");
        let mee = behind.framing(0).expect("MEE frames it");
        assert_eq!(p.tag(mee.main_tag).map(|t| t.name.as_str()), Some("Allegation"));
        assert_eq!(mee.quote, "accused Soleimani");
        assert!(behind.framing(2).is_none(), "Reuters does not make this claim");
        let unlawful = &t.rows[1];
        assert!(!unlawful.disagrees, "both say Legal claim");
        // Filtering by tag can remove a claim's disagreement.
        let alleg = p.find_tag("Allegation").expect("tag").id;
        let only = ClaimsTable::of(&p, &Filter { tags: BTreeSet::from([alleg]), ..Filter::default() });
        assert_eq!(only.rows.len(), 1);
        assert!(!only.rows[0].disagrees);
    }

    #[test]
    fn main_tag_is_the_most_used_then_the_first_listed() {
        let p = build(
            &[("A", "[Rhetoric:a] [Fact:b] [Rhetoric:c]"), ("B", "[Allegation:d] [Fact:e]")],
            &[(0, 0, "C"), (0, 1, "C"), (0, 2, "C"), (1, 0, "C"), (1, 1, "C")],
        );
        let t = ClaimsTable::of(&p, &Filter::default());
        let name = |f: Option<&Framing>| f.and_then(|f| p.tag(f.main_tag)).map(|t| t.name.clone());
        assert_eq!(name(t.rows[0].framing(0)).as_deref(), Some("Rhetoric"));
        assert_eq!(name(t.rows[0].framing(1)).as_deref(), Some("Fact"), "a tie goes to the tag listed first");
        // The quote shown beside the main tag is one of that tag's passages, not the first of all.
        assert_eq!(t.rows[0].framing(1).map(|f| f.quote.as_str()), Some("e"), "Fact's passage, not Allegation's");
        assert_eq!(t.rows[0].framing(0).map(|f| f.quote.as_str()), Some("a"));
    }

    #[test]
    fn strips_place_marks_by_relative_position() {
        let p = build(&[("A", "0123456789[Fact:abcdefghij]")], &[]);
        let s = strips(&p, &Filter::default());
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].marks.len(), 1);
        assert!((s[0].marks[0].from - 0.5).abs() < 1e-9 && (s[0].marks[0].to - 1.0).abs() < 1e-9);
    }

    #[test]
    fn union_of_ranges() {
        assert_eq!(union_len(&[0..5, 3..8, 10..12, 11..11, 20..21]), 11);
        assert_eq!(union_len(&[]), 0);
    }
}
