//! Adjudication: settling the differences between two analysts' work on one article set into
//! one result project.
//!
//! The result starts with every article and tag of both, and every annotation both analysts
//! made alike (same article, span, tag and claim). Each other annotation is part of a
//! [`Difference`]: one analyst marked a passage the other did not, both marked it with other
//! boundaries, another tag, or another claim. The adjudicator takes the left version, the right,
//! both or neither; each decision is one undoable [`Edit`] that adds what was taken and records
//! the [`Decision`] in the result, so that the saved project says who settled what.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::agreement::{AgreeError, overlap_pairs};
use crate::model::annotation::{Annotation, Quote};
use crate::model::claim::Claim;
use crate::model::document::Document;
use crate::model::edit::{Edit, EditError};
use crate::model::ids::{AnnotationId, ClaimId, DocId, TagId};
use crate::model::project::Project;
use crate::model::record::{Choice, Decision};
use crate::model::stamp::Stamp;

/// What kind of difference it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Only the left analyst marked the passage.
    OnlyLeft,
    /// Only the right analyst marked it.
    OnlyRight,
    /// Both marked overlapping passages with other boundaries (the tag may differ too).
    Boundaries,
    /// Both marked the same passage with another tag.
    Tag,
    /// Same passage and tag, linked to another claim (or only one linked it).
    Claim,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::OnlyLeft, Kind::OnlyRight, Kind::Boundaries, Kind::Tag, Kind::Claim];

    pub fn label(self) -> &'static str {
        match self {
            Kind::OnlyLeft => "only left",
            Kind::OnlyRight => "only right",
            Kind::Boundaries => "other boundaries",
            Kind::Tag => "other tag",
            Kind::Claim => "other claim",
        }
    }
}

/// One analyst's annotation in a difference, described by names so that it can be added to the
/// result (whose ids are its own).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Its id in that analyst's project.
    pub id: AnnotationId,
    pub range: Range<usize>,
    pub quote: String,
    pub tag: String,
    pub note: String,
    pub speaker: String,
    /// The claim's label and note, when linked.
    pub claim: Option<(String, String)>,
    pub created: String,
    pub created_by: String,
}

/// A difference between the two analysts, in one article of the result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub kind: Kind,
    /// The article, by its id in the result.
    pub doc: DocId,
    pub left: Option<Version>,
    pub right: Option<Version>,
}

impl Difference {
    /// Names the difference across sessions: the two annotations' ids in their projects.
    pub fn key(&self) -> String {
        let id = |v: &Option<Version>| v.as_ref().map_or_else(|| "-".to_owned(), |v| v.id.to_string());
        format!("left {} / right {}", id(&self.left), id(&self.right))
    }

    /// The difference in words.
    pub fn summary(&self) -> String {
        let v = |v: &Version| {
            let claim =
                v.claim.as_ref().map(|(l, _)| format!(", claim “{}”", crate::model::short(l))).unwrap_or_default();
            format!("{} {}–{} “{}”{claim}", v.tag, v.range.start, v.range.end, crate::model::short(&v.quote))
        };
        match (&self.left, &self.right) {
            (Some(l), Some(r)) => format!("{}: left {}; right {}", self.kind.label(), v(l), v(r)),
            (Some(l), None) => format!("{}: {}", self.kind.label(), v(l)),
            (None, Some(r)) => format!("{}: {}", self.kind.label(), v(r)),
            (None, None) => self.kind.label().to_owned(),
        }
    }

    /// The chars the difference covers in its article (both versions).
    pub fn range(&self) -> Range<usize> {
        let rs: Vec<&Range<usize>> = [&self.left, &self.right].into_iter().flatten().map(|v| &v.range).collect();
        let start = rs.iter().map(|r| r.start).min().unwrap_or(0);
        let end = rs.iter().map(|r| r.end).max().unwrap_or(0);
        start..end
    }
}

/// Why two projects cannot be adjudicated.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AdjudicateError {
    #[error(transparent)]
    Texts(#[from] AgreeError),
    #[error("the result could not be built: {0}")]
    Edit(EditError),
}

impl From<EditError> for AdjudicateError {
    fn from(e: EditError) -> Self {
        AdjudicateError::Edit(e)
    }
}

/// Two analysts' projects laid side by side: the result to start from and the differences.
#[derive(Clone, Debug)]
pub struct Adjudication {
    pub start: Project,
    pub differences: Vec<Difference>,
    /// Annotations both made alike, in the result from the start.
    pub agreed: usize,
    /// Titles of articles only one of the two holds (in the result, with that one's work as
    /// differences).
    pub only_in_one: Vec<String>,
}

impl Adjudication {
    /// The decision recorded in `result` for difference `i`, if any.
    pub fn decision<'a>(&self, result: &'a Project, i: usize) -> Option<&'a Decision> {
        let key = self.differences.get(i)?.key();
        result.decisions().iter().find(|d| d.difference == key)
    }

    /// The decision recorded in `result` for each difference, in order (one pass, for a view
    /// that shows them all).
    pub fn decisions<'a>(&self, result: &'a Project) -> Vec<Option<&'a Decision>> {
        let by_key: HashMap<&str, &Decision> = result.decisions().iter().map(|d| (d.difference.as_str(), d)).collect();
        self.differences.iter().map(|d| by_key.get(d.key().as_str()).copied()).collect()
    }
}

fn version(p: &Project, a: &Annotation) -> Version {
    Version {
        id: a.id,
        range: a.range(),
        quote: a.quote.exact.clone(),
        tag: p.tag(a.tag).map(|t| t.name.clone()).unwrap_or_default(),
        note: a.note.to_string(),
        speaker: a.speaker.to_string(),
        claim: a.claim.and_then(|c| p.claim(c)).map(|c| (c.label.clone(), c.note.clone())),
        created: a.created.to_string(),
        created_by: a.created_by.to_string(),
    }
}

fn same_claim(a: &Version, b: &Version) -> bool {
    let label = |v: &Version| v.claim.as_ref().map(|(l, _)| l.trim().to_lowercase());
    label(a) == label(b)
}

/// Lays `left` and `right` side by side. Articles are matched by identical text; one with the
/// same title and another text is refused, as offsets would not mean the same characters.
pub fn adjudicate(left: &Project, right: &Project, name: &str) -> Result<Adjudication, AdjudicateError> {
    let by_text: HashMap<&str, &Document> = right.documents().iter().map(|d| (d.text.as_str(), d)).collect();
    let mut differ = Vec::new();
    for d in left.documents() {
        if !by_text.contains_key(d.text.as_str())
            && !d.title.trim().is_empty()
            && right.documents().iter().any(|e| e.title.trim() == d.title.trim())
        {
            differ.push(format!("“{}”", d.title));
        }
    }
    if !differ.is_empty() {
        return Err(AgreeError::DifferentTexts(differ).into());
    }

    // The result's articles and tags: the left's, then what only the right has.
    let mut start = Project::new(name);
    let mut edits: Vec<Edit> = start.tags().iter().map(|t| Edit::RemoveTag(t.id)).collect();
    let mut next = start.next_id();
    let mut take = || {
        let id = next;
        next += 1;
        id
    };
    let mut tags: Vec<crate::model::tag::TagDef> = Vec::new();
    for t in left.tags().iter().chain(right.tags()) {
        if !tags.iter().any(|x| x.name.eq_ignore_ascii_case(&t.name)) {
            let key = t.key.filter(|k| !tags.iter().any(|x| x.key == Some(*k)));
            tags.push(crate::model::tag::TagDef { id: TagId(take()), key, ..t.clone() });
        }
    }
    edits.extend(tags.iter().map(|t| Edit::AddTag { tag: t.clone(), at: None }));
    // Article of the result for each side's article.
    let mut doc_of: [HashMap<DocId, DocId>; 2] = [HashMap::new(), HashMap::new()];
    let mut by_result_text: HashMap<String, DocId> = HashMap::new();
    let mut only_in_one = Vec::new();
    for (side, p) in [left, right].into_iter().enumerate() {
        for d in p.documents() {
            if let Some(&id) = by_result_text.get(d.text.as_str()) {
                doc_of[side].insert(d.id, id);
                continue;
            }
            // An article not matched above is one the other analyst does not have.
            if side == 1 || !by_text.contains_key(d.text.as_str()) {
                only_in_one.push(d.title.clone());
            }
            let id = DocId(take());
            by_result_text.insert(d.text.as_str().to_owned(), id);
            doc_of[side].insert(d.id, id);
            edits.push(Edit::AddDocument { doc: Document { id, ..d.clone() }, at: None });
        }
    }

    // Pair the two analysts' annotations, article by article, by overlap.
    let spans = |side: usize, p: &Project| -> Vec<(DocId, Range<u64>, Version)> {
        p.annotations()
            .filter_map(|a| doc_of[side].get(&a.doc).map(|&d| (d, a.start as u64..a.end as u64, version(p, a))))
            .collect()
    };
    let (ls, rs) = (spans(0, left), spans(1, right));
    let keyed = |v: &[(DocId, Range<u64>, Version)]| v.iter().map(|(d, r, _)| (*d, r.clone())).collect::<Vec<_>>();
    let pairs = overlap_pairs(&keyed(&ls), &keyed(&rs));
    let (mut used_l, mut used_r) = (vec![false; ls.len()], vec![false; rs.len()]);
    let mut differences = Vec::new();
    let mut agreed = Vec::new();
    for &(i, j) in &pairs {
        used_l[i] = true;
        used_r[j] = true;
        let (doc, l, r) = (ls[i].0, &ls[i].2, &rs[j].2);
        let kind = if l.range != r.range {
            Kind::Boundaries
        } else if !l.tag.eq_ignore_ascii_case(&r.tag) {
            Kind::Tag
        } else if !same_claim(l, r) {
            Kind::Claim
        } else {
            // Alike: the left's annotation, the right's note added where it says more.
            let mut v = l.clone();
            if !r.note.trim().is_empty() && r.note.trim() != l.note.trim() {
                v.note = if l.note.trim().is_empty() { r.note.clone() } else { format!("{}\n\n{}", l.note, r.note) };
            }
            if v.speaker.trim().is_empty() {
                v.speaker = r.speaker.clone();
            }
            agreed.push((doc, v));
            continue;
        };
        differences.push(Difference { kind, doc, left: Some(l.clone()), right: Some(r.clone()) });
    }
    for (_, (doc, _, v)) in ls.iter().enumerate().filter(|(i, _)| !used_l[*i]) {
        differences.push(Difference { kind: Kind::OnlyLeft, doc: *doc, left: Some(v.clone()), right: None });
    }
    for (_, (doc, _, v)) in rs.iter().enumerate().filter(|(j, _)| !used_r[*j]) {
        differences.push(Difference { kind: Kind::OnlyRight, doc: *doc, left: None, right: Some(v.clone()) });
    }
    // In reading order: article (the left's order, then the articles only the right has), then
    // place. (Collected into a map, a shared article took the right's position.)
    let mut order: HashMap<DocId, usize> = HashMap::new();
    for (k, d) in left.documents().iter().chain(right.documents()).enumerate() {
        if let Some(&r) = doc_of[usize::from(k >= left.documents().len())].get(&d.id) {
            order.entry(r).or_insert(k);
        }
    }
    differences.sort_by_key(|d| (order.get(&d.doc).copied().unwrap_or(usize::MAX), d.range().start, d.kind));

    start.apply(Edit::batch(edits))?;
    let n = agreed.len();
    if n > 0 {
        let edit = add_versions(&start, &agreed.iter().map(|(d, v)| (*d, v)).collect::<Vec<_>>())?;
        start.apply(edit)?;
    }
    Ok(Adjudication { start, differences, agreed: n, only_in_one })
}

/// Adds annotations to `result` as the versions say, with their claims (found by label, or
/// made), as one batch.
fn add_versions(result: &Project, versions: &[(DocId, &Version)]) -> Result<Edit, EditError> {
    let new_claims: Vec<&(String, String)> = {
        let mut seen = HashSet::new();
        versions
            .iter()
            .filter_map(|(_, v)| v.claim.as_ref())
            .filter(|(l, _)| result.find_claim(l).is_none() && seen.insert(l.trim().to_lowercase()))
            .collect()
    };
    let mut ids = result.fresh_ids(versions.len() + new_claims.len())?;
    let mut edits = Vec::new();
    let mut claim_of: HashMap<String, ClaimId> =
        result.claims().iter().map(|c| (c.label.trim().to_lowercase(), c.id)).collect();
    for (label, note) in new_claims {
        let id = ClaimId(ids.next().ok_or(EditError::IdsExhausted)?);
        claim_of.insert(label.trim().to_lowercase(), id);
        edits.push(Edit::AddClaim { claim: Claim::new(id, label.clone(), note.clone()), at: None });
    }
    for (doc, v) in versions {
        let d = result.document(*doc).ok_or(EditError::NoDocument(*doc))?;
        let tag = result.find_tag(&v.tag).map(|t| t.id).ok_or(EditError::NoTag(TagId(0)))?;
        edits.push(Edit::AddAnnotation(Annotation {
            id: AnnotationId(ids.next().ok_or(EditError::IdsExhausted)?),
            doc: *doc,
            start: v.range.start,
            end: v.range.end,
            quote: Quote::of(&d.text, v.range.clone()),
            tag,
            note: v.note.clone().into(),
            speaker: v.speaker.clone().into(),
            claim: v.claim.as_ref().and_then(|(l, _)| claim_of.get(&l.trim().to_lowercase()).copied()),
            created: v.created.clone().into(),
            created_by: v.created_by.clone().into(),
            modified: Default::default(),
            modified_by: Default::default(),
            linked: Default::default(),
            linked_by: Default::default(),
        }));
    }
    Ok(Edit::batch(edits))
}

impl Adjudication {
    /// The edit that settles differences `which` with `choice` in `result`: adds what is taken
    /// and records a decision for each, by `stamp`. Differences already decided are passed
    /// over (undo a decision to take it again).
    pub fn decide(&self, result: &Project, which: &[usize], choice: Choice, stamp: &Stamp) -> Result<Edit, EditError> {
        let mut versions = Vec::new();
        let mut decisions = Vec::new();
        for &i in which {
            let Some(d) = self.differences.get(i) else { continue };
            if self.decision(result, i).is_some() {
                continue;
            }
            let (l, r) = (d.left.as_ref(), d.right.as_ref());
            let taken: Vec<&Version> = match choice {
                Choice::Left => l.into_iter().collect(),
                Choice::Right => r.into_iter().collect(),
                Choice::Both => l.into_iter().chain(r).collect(),
                Choice::Neither => Vec::new(),
            };
            versions.extend(taken.into_iter().map(|v| (d.doc, v)));
            decisions.push(Decision {
                difference: d.key(),
                choice,
                summary: d.summary(),
                at: stamp.at.clone(),
                by: stamp.by.clone(),
            });
        }
        let mut edits = vec![add_versions(result, &versions)?];
        edits.extend(decisions.into_iter().map(|decision| Edit::AddDecision { decision, at: None }));
        Ok(Edit::batch(edits))
    }

    /// The differences of `kind` not yet decided in `result`.
    pub fn undecided(&self, result: &Project, kind: Option<Kind>) -> Vec<usize> {
        undecided_of(&self.differences, &self.decisions(result), kind)
    }
}

/// The differences of `kind` whose decision (same positions) is none.
pub fn undecided_of(differences: &[Difference], decisions: &[Option<&Decision>], kind: Option<Kind>) -> Vec<usize> {
    (0..differences.len())
        .filter(|&i| kind.is_none_or(|k| differences[i].kind == k) && decisions.get(i).is_some_and(Option::is_none))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{History, NewAnnotation, Text};

    fn analyst(marks: &[(Range<usize>, &str, Option<&str>)]) -> Project {
        let mut p = Project::new("x");
        let text = Text::new("Washington said the strike was lawful self-defence. Tehran called it state terrorism.");
        let (doc, e) = p.add_document("A", "Reuters", "", "", text).expect("adds");
        p.apply(e).expect("applies");
        for (r, tag, claim) in marks {
            let tag = p.find_tag(tag).expect("tag").id;
            let claim = match claim {
                Some(l) => match p.find_claim(l) {
                    Some(c) => Some(c.id),
                    None => {
                        let (c, e) = p.new_claim(l, "", &[]).expect("claim");
                        p.apply(e).expect("applies");
                        Some(c)
                    }
                },
                None => None,
            };
            let (_, e) =
                p.annotate(doc, r.clone(), tag, NewAnnotation { claim, ..Default::default() }).expect("annotates");
            p.apply(e).expect("applies");
        }
        p
    }

    #[test]
    fn lists_each_kind_of_difference_and_starts_from_what_both_did_alike() {
        let left = analyst(&[
            (0..10, "Fact", None),
            (16..50, "Legal claim", Some("Lawful")),
            (52..58, "Fact", None),
            (62..85, "Rhetoric", None),
        ]);
        let right = analyst(&[
            (0..10, "Fact", None),
            (16..50, "Legal claim", Some("Self-defence")),
            (52..58, "Allegation", None),
            (69..85, "Rhetoric", None),
            (31..37, "Allegation", None),
        ]);
        let adj = adjudicate(&left, &right, "Result").expect("same texts");
        assert_eq!(adj.agreed, 1);
        assert_eq!(adj.start.annotation_count(), 1);
        let kinds: Vec<Kind> = adj.differences.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, vec![Kind::Claim, Kind::OnlyRight, Kind::Tag, Kind::Boundaries]);
        assert_eq!(adj.start.documents().len(), 1, "one article, matched by text");
        assert_eq!(adj.start.tags().len(), 4);
    }

    #[test]
    fn decisions_add_what_is_taken_record_it_and_undo() {
        let left = analyst(&[(16..50, "Legal claim", Some("Lawful")), (62..85, "Rhetoric", None)]);
        let right = analyst(&[(16..50, "Legal claim", Some("Self-defence")), (69..85, "Rhetoric", None)]);
        let adj = adjudicate(&left, &right, "Result").expect("same texts");
        let mut result = adj.start.clone();
        let mut h = History::new();
        let stamp = Stamp::new("2026-01-01T00:00:00Z", "Lead");
        let e = adj.decide(&result, &[0], Choice::Right, &stamp).expect("decides");
        h.apply(&mut result, e, "right").expect("applies");
        let a = result.annotations().next().expect("taken");
        assert_eq!(result.claim(a.claim.expect("linked")).map(|c| c.label.as_str()), Some("Self-defence"));
        assert_eq!(adj.decision(&result, 0).map(|d| (d.choice, d.by.as_str())), Some((Choice::Right, "Lead")));
        assert_eq!(adj.undecided(&result, None), vec![1]);

        let e =
            adj.decide(&result, &adj.undecided(&result, Some(Kind::Boundaries)), Choice::Both, &stamp).expect("all");
        h.apply(&mut result, e, "both").expect("applies");
        assert_eq!(result.annotation_count(), 3);
        assert_eq!(result.decisions().len(), 2);
        h.undo(&mut result).expect("undo");
        h.undo(&mut result).expect("undo");
        assert_eq!(result, adj.start, "every decision undoes");
    }

    /// Two articles each analyst marked differently, the right analyst's file listing them in
    /// the other order: the differences follow the left's order (they had followed the right's).
    #[test]
    fn differences_are_listed_in_the_left_analysts_article_order() {
        let two = |order: [&str; 2]| {
            let mut p = Project::new("x");
            for title in order {
                let text = Text::new(format!("{title}: Washington said the strike was lawful self-defence."));
                let (doc, e) = p.add_document(title, "Reuters", "", "", text).expect("adds");
                p.apply(e).expect("applies");
                let tag = p.find_tag("Fact").expect("tag").id;
                let (_, e) = p.annotate(doc, 0..1, tag, NewAnnotation::default()).expect("annotates");
                p.apply(e).expect("applies");
            }
            p
        };
        let (left, mut right) = (two(["A", "B"]), two(["B", "A"]));
        // The right analyst tagged both passages otherwise.
        let edits: Vec<Edit> = right
            .annotations()
            .map(|a| right.retag(a.id, right.find_tag("Rhetoric").expect("tag").id).expect("retags"))
            .collect();
        right.apply(Edit::batch(edits)).expect("applies");
        let adj = adjudicate(&left, &right, "Result").expect("same texts");
        let titles: Vec<&str> = adj
            .differences
            .iter()
            .map(|d| adj.start.document(d.doc).map(|x| x.title.as_str()).unwrap_or_default())
            .collect();
        assert_eq!(titles, vec!["A", "B"]);
    }

    #[test]
    fn another_text_under_one_title_is_refused() {
        let left = analyst(&[]);
        let mut right = Project::new("y");
        let (_, e) = right.add_document("A", "Reuters", "", "", Text::new("Another text.")).expect("adds");
        right.apply(e).expect("applies");
        assert!(matches!(adjudicate(&left, &right, "r"), Err(AdjudicateError::Texts(AgreeError::DifferentTexts(_)))));
    }
}
