//! Suggested tags (issue 24): spans of an article with a tag, a score, the speaker of reported
//! speech and the reasons, from two sources combined:
//! - [`builtin`]: the word lists and patterns shipped in `crates/core/data/suggest/` (attribution,
//!   hedges, legal vocabulary, loaded words, exaggeration); works on a project with no tags.
//! - [`learned`]: the analyst's own tags and rejections, as nearest neighbours over a passage's
//!   words and, when the embedding cache has them, its MiniLM vector. It rescores what the lists
//!   propose and proposes sentences like the ones the analyst tagged, with any tag (custom ones
//!   too) once it has [`MIN_EXAMPLES`] of it.
//!
//! Pure and offline: nothing leaves the machine, and the learned part is rebuilt from the project
//! (its annotations and rejections are the training data; there is nothing else to store).
//!
//! A suggestion overlapping an annotation of the same tag is left out (the analyst has decided
//! that passage), as is one the analyst rejected (a [`Dismissal`] keyed by [`rejection_key`],
//! kept in the project so that it survives saving, merging and undo), and a tag the project does
//! not have.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;

use super::semantic::{Embeddings, clean};
use crate::model::annotation::Annotation;
use crate::model::edit::{Edit, EditError};
use crate::model::hash::fnv1a;
use crate::model::ids::{AnnotationId, DocId, TagId};
use crate::model::ops::NewAnnotation;
use crate::model::project::Project;
use crate::model::record::Dismissal;

mod builtin;
mod learned;
mod measure;
mod style;

pub use builtin::{Knowledge, List};
pub use learned::{Learned, MAX_MODELS, MIN_EXAMPLES};
pub use measure::{FOLDS, TagScore, held_out, merged, overlap};
pub use style::Style;

/// One proposed tag.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TagSuggestion {
    pub doc: DocId,
    /// Char range in the article's text, half-open.
    pub range: Range<usize>,
    /// The tag's name as the project spells it.
    pub tag: String,
    /// The project's tag.
    #[serde(skip)]
    pub tag_id: TagId,
    /// In [0, 1]: how strongly the cues and the analyst's own tags suggest the tag.
    pub score: f32,
    /// Who is reported as saying it, when the span is reported speech.
    pub speaker: Option<String>,
    /// Why, in words; never empty.
    pub why: Vec<String>,
    /// The built-in cues behind it ("verb claimed", "loaded words barbaric") with their
    /// weights: what the learned part keeps a record of per analyst.
    #[serde(skip)]
    pub cues: Vec<(String, f32)>,
}

/// The tags the built-in knowledge proposes.
pub const FACT: &str = "Fact";
pub const ALLEGATION: &str = "Allegation";
pub const LEGAL: &str = "Legal claim";
pub const RHETORIC: &str = "Rhetoric";

/// Keys of rejected tag suggestions start with this (claim suggestions' keys never do).
pub const REJECTED: &str = "tag:";

/// The key a rejection of tag `tag` for `quote` in article `doc` is kept under: the passage's
/// words, not its offsets, so that the rejection holds while the passage reads the same.
pub fn rejection_key(doc: DocId, tag: TagId, quote: &str) -> String {
    format!("{REJECTED}{doc}:{tag}:{:016x}", fnv1a(clean(quote).as_bytes()))
}

/// The article and tag of a rejection key.
fn parse_rejection(key: &str) -> Option<(DocId, TagId)> {
    let mut parts = key.strip_prefix(REJECTED)?.split(':');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// What suggestions are drawn from.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub knowledge: &'a Knowledge,
    /// The analyst's tags and rejections; none: the built-in knowledge alone ("cold").
    pub learned: Option<&'a Learned>,
    /// Sentence vectors (the embedding cache), for the learned part's similarity of meaning.
    pub vectors: Option<&'a Embeddings>,
}

impl Sources<'static> {
    /// The built-in knowledge alone.
    pub fn built_in() -> Sources<'static> {
        Sources { knowledge: Knowledge::built_in(), learned: None, vectors: None }
    }
}

/// Every suggestion for article `doc` before the analyst's decisions are taken out: the
/// built-in ones (mapped to the project's tags, rescored by the learned part) and the learned
/// part's own.
fn candidates(project: &Project, doc: DocId, src: &Sources<'_>) -> Vec<TagSuggestion> {
    let Some(d) = project.document(doc) else { return Vec::new() };
    let mut out = builtin::raw(doc, &d.text, src.knowledge);
    // How each sentence reads, where the sentence vectors are there.
    if let Some(v) = src.vectors {
        style::apply(doc, &d.text, src.knowledge, v, &mut out);
    }
    let tag_named = |name: &str| project.tags().iter().find(|t| t.name.eq_ignore_ascii_case(name));
    out.retain_mut(|s| {
        let Some(tag) = tag_named(&s.tag) else { return false };
        s.tag = tag.name.clone();
        s.tag_id = tag.id;
        true
    });
    if let Some(l) = src.learned {
        l.apply(project, &d.text, doc, src.vectors, &mut out);
    }
    out
}

/// Whether the analyst has decided a suggestion: the passage tagged so, or the suggestion
/// rejected (or it no longer fits its article's text). Built once per project state.
pub fn decided(project: &Project) -> impl Fn(&TagSuggestion) -> bool + '_ {
    let rejected: HashSet<&str> =
        project.dismissed().iter().map(|x| x.key.as_str()).filter(|k| k.starts_with(REJECTED)).collect();
    move |s: &TagSuggestion| {
        let Some(d) = project.document(s.doc) else { return true };
        if s.range.end > d.text.len_chars() {
            return true;
        }
        let tagged = project.overlapping(s.doc, s.range.clone()).any(|e| {
            project
                .annotation(e.id)
                .is_some_and(|a| a.tag == s.tag_id && a.start < s.range.end && s.range.start < a.end)
        });
        tagged || rejected.contains(rejection_key(s.doc, s.tag_id, d.text.slice(s.range.clone())).as_str())
    }
}

/// The suggestions for article `doc` (none for an unknown article), in text order: passages
/// already annotated with the suggested tag, and rejected suggestions, left out.
pub fn suggest_for(project: &Project, doc: DocId, src: &Sources<'_>) -> Vec<TagSuggestion> {
    let decided = decided(project);
    let mut out = candidates(project, doc, src);
    out.retain(|s| !decided(s));
    full_names(project, doc, &mut out);
    out.sort_by(|a, b| (a.range.start, a.range.end, &a.tag).cmp(&(b.range.start, b.range.end, &b.tag)));
    out
}

/// A speaker named by the last words of a fuller name the article's annotations give
/// ("Pompeo" beside "Mike Pompeo") is given that name when only one such name is there:
/// accepted, "Pompeo" and "Mike Pompeo" had been two speakers of one article in its exports and
/// filters.
fn full_names(project: &Project, doc: DocId, out: &mut [TagSuggestion]) {
    // The analyst's names only: other suggestions' names are guesses too ("Clinton" beside a
    // suggested "Bill Clinton" may be Hillary; on PolNeAR that lost 7 speakers in 1,157).
    let mut here: Vec<&str> =
        project.annotations_of(doc).map(|a| a.speaker.as_str()).filter(|s| !s.trim().is_empty()).collect();
    here.sort_unstable();
    here.dedup();
    let mut everywhere: Option<std::collections::HashSet<&str>> = None;
    for s in out.iter_mut() {
        let name = s.speaker.as_deref().filter(|x| !x.trim().is_empty()).and_then(|short| {
            let ends =
                |k: &&&str| k.len() > short.len() && k.ends_with(short) && k[..k.len() - short.len()].ends_with(' ');
            match here.iter().filter(ends).collect::<Vec<_>>().as_slice() {
                [one] => Some((**one).to_owned()),
                _ => None,
            }
        });
        if name.is_some() {
            s.speaker = name;
            continue;
        }
        // The other way: a name with a title or role before one the analyst gave anywhere in
        // the project ("Iranian President Hassan Rouhani" beside "Hassan Rouhani") takes theirs;
        // accepted, it had been a second speaker in the Pick list and the filters. Names of two
        // words or more only: "Bill Clinton" does not become the analyst's "Clinton".
        let Some(long) = s.speaker.as_deref() else { continue };
        let words: Vec<&str> = long.split_whitespace().collect();
        if words.len() < 3 {
            continue;
        }
        let known = everywhere.get_or_insert_with(|| {
            project
                .annotations()
                .map(|a| a.speaker.trim())
                .filter(|n| n.split_whitespace().count() >= 2)
                .collect::<std::collections::HashSet<&str>>()
        });
        // The longest tail first.
        if let Some(tail) = (1..words.len() - 1).map(|k| words[k..].join(" ")).find(|t| known.contains(t.as_str())) {
            s.speaker = Some(tail);
        }
    }
}

/// Who the passage `range` of article `doc` reports, as the built-in attribution reads it (the
/// speaker of the suggestion that overlaps it most), with the names the analyst gave: for a
/// passage tagged from elsewhere ("+ link" in *Find in other articles*), which had come in
/// with no speaker.
pub fn speaker_of(project: &Project, doc: DocId, range: Range<usize>) -> Option<String> {
    let mut out = candidates(project, doc, &Sources::built_in());
    full_names(project, doc, &mut out);
    out.into_iter()
        .filter_map(|s| {
            let overlap = s.range.end.min(range.end).saturating_sub(s.range.start.max(range.start));
            Some((overlap, s.speaker?)).filter(|(o, sp)| *o > 0 && !sp.trim().is_empty())
        })
        .max_by_key(|(o, _)| *o)
        .map(|(_, sp)| sp)
}

/// [`suggest_for`] every article, in the project's order.
pub fn suggest(project: &Project, src: &Sources<'_>) -> Vec<TagSuggestion> {
    project.documents().iter().flat_map(|d| suggest_for(project, d.id, src)).collect()
}

/// Accepts suggestions: each becomes an annotation of its tag with its speaker, all in one edit
/// (one undo step). Returns the new annotations' ids. A suggestion given twice is taken once.
pub fn accept(
    project: &Project,
    chosen: &[TagSuggestion],
    made: &NewAnnotation,
) -> Result<(Vec<AnnotationId>, Edit), EditError> {
    // A passage that has the tag already is not tagged again: a list drawn before the last
    // accept was worked out anew offered the same suggestions for a moment, and a second click
    // of "Accept all" (or a double click of Accept) made every annotation twice.
    let tagged = |s: &TagSuggestion| {
        project.overlapping(s.doc, s.range.clone()).any(|e| {
            (e.start, e.end) == (s.range.start, s.range.end)
                && project.annotation(e.id).is_some_and(|a| a.tag == s.tag_id)
        })
    };
    let mut seen = HashSet::new();
    let asked = chosen.len();
    let chosen: Vec<&TagSuggestion> =
        chosen.iter().filter(|s| !tagged(s) && seen.insert((s.doc, s.range.clone(), s.tag_id))).collect();
    if chosen.is_empty() && asked > 0 {
        return Err(EditError::AlreadyTagged);
    }
    let ids = project.fresh_ids(chosen.len())?;
    let mut added = Vec::new();
    let mut edits = Vec::new();
    for (s, id) in chosen.into_iter().zip(ids) {
        let d = project.document(s.doc).ok_or(EditError::NoDocument(s.doc))?;
        project.tag(s.tag_id).ok_or(EditError::NoTag(s.tag_id))?;
        if s.range.start >= s.range.end {
            return Err(EditError::EmptySpan { start: s.range.start, end: s.range.end });
        }
        if s.range.end > d.text.len_chars() {
            let len = d.text.len_chars();
            return Err(EditError::OutOfRange { doc: s.doc, start: s.range.start, end: s.range.end, len });
        }
        let id = AnnotationId(id);
        edits.push(Edit::AddAnnotation(Annotation {
            speaker: s.speaker.clone().unwrap_or_default().into(),
            note: made.note.clone().into(),
            created: made.created.clone().into(),
            created_by: made.created_by.clone().into(),
            ..Annotation::over(id, s.doc, &d.text, s.range.clone(), s.tag_id)
        }));
        added.push(id);
    }
    Ok((added, Edit::batch(edits)))
}

/// Rejects suggestions: each is remembered in the project (so it is not proposed again, and the
/// learned part takes it as a counter-example), in one edit. Already rejected ones are skipped.
pub fn reject(project: &Project, chosen: &[TagSuggestion]) -> Result<Edit, EditError> {
    let mut keys: HashSet<String> = project.dismissed().iter().map(|d| d.key.clone()).collect();
    let mut edits = Vec::new();
    for s in chosen {
        let d = project.document(s.doc).ok_or(EditError::NoDocument(s.doc))?;
        if s.range.end > d.text.len_chars() || s.range.start >= s.range.end {
            let len = d.text.len_chars();
            return Err(EditError::OutOfRange { doc: s.doc, start: s.range.start, end: s.range.end, len });
        }
        let quote = d.text.slice(s.range.clone());
        let key = rejection_key(s.doc, s.tag_id, quote);
        if keys.insert(key.clone()) {
            edits.push(Edit::AddDismissal { dismissal: Dismissal { key, label: clean(quote) }, at: None });
        }
    }
    Ok(Edit::batch(edits))
}

/// A project of one article with `text`, for the tests of this module's parts.
#[cfg(test)]
fn one_article(text: &str) -> (Project, DocId) {
    let mut p = Project::new("t");
    let (id, e) = p.add_document("A", "", "", "", crate::model::text::Text::new(text)).expect("adds");
    p.apply(e).expect("applies");
    (p, id)
}

#[cfg(test)]
mod tests {
    use super::one_article as project;
    use super::*;

    #[test]
    fn a_speaker_named_by_a_last_name_takes_the_full_name_the_article_gives() {
        let (mut p, d) = project(
            "Pompeo said the strike was lawful and necessary. Iran's foreign minister called it \
             an act of terrorism. Pompeo said the report was spurious and wrong.",
        );
        let fact = p.find_tag("Fact").expect("tag").id;
        let extra = NewAnnotation { speaker: "Mike Pompeo".into(), ..NewAnnotation::default() };
        let (_, e) = p.annotate(d, 0..6, fact, extra).expect("valid");
        p.apply(e).expect("adds");
        let s = suggest_for(&p, d, &Sources::built_in());
        let speakers: Vec<_> = s.iter().filter_map(|s| s.speaker.as_deref()).collect();
        assert!(speakers.contains(&"Mike Pompeo"), "{speakers:?}");
        assert!(!speakers.contains(&"Pompeo"), "{speakers:?}");
    }

    #[test]
    fn the_speaker_of_a_passage_is_read_from_its_attribution() {
        let text = "Pompeo said the strike was lawful and necessary. The weather was mild.";
        let (p, d) = project(text);
        let first = 0..text.find('.').expect("a full stop");
        assert_eq!(speaker_of(&p, d, first).as_deref(), Some("Pompeo"));
        let second = text.find("The weather").expect("there");
        assert_eq!(speaker_of(&p, d, second..text.len()), None);
    }

    #[test]
    fn a_speaker_named_with_a_title_takes_the_name_the_analyst_gave() {
        let (mut p, d) = project(
            "Iranian President Hassan Rouhani said the killing would be avenged. Bill Clinton said              nothing of it. Later in the day the markets fell.",
        );
        let fact = p.find_tag("Fact").expect("tag").id;
        for (at, name) in [(0..7, "Hassan Rouhani"), (60..64, "Clinton")] {
            let extra = NewAnnotation { speaker: name.into(), ..NewAnnotation::default() };
            let (_, e) = p.annotate(d, at, fact, extra).expect("valid");
            p.apply(e).expect("adds");
        }
        let s = suggest_for(&p, d, &Sources::built_in());
        let speakers: Vec<_> = s.iter().filter_map(|s| s.speaker.as_deref()).collect();
        assert!(speakers.contains(&"Hassan Rouhani"), "{speakers:?}");
        assert!(!speakers.iter().any(|n| n.contains("President")), "{speakers:?}");
        assert!(!speakers.contains(&"Clinton") || speakers.contains(&"Bill Clinton"), "{speakers:?}");
    }

    #[test]
    fn accepting_makes_undoable_annotations_with_their_speaker_and_rejecting_is_remembered() {
        let (mut p, d) = project(
            "Secretary of State Mike Pompeo claimed that Soleimani was plotting imminent attacks on Americans. \
             The cowardly assassination was a barbaric act. The strike violated international law.",
        );
        let src = Sources::built_in();
        let s = suggest_for(&p, d, &src);
        let allegation = s.iter().find(|s| s.tag == ALLEGATION).expect("an allegation").clone();
        let (ids, e) =
            accept(&p, &[allegation.clone(), allegation.clone()], &NewAnnotation::default()).expect("accepts");
        assert_eq!(ids.len(), 1, "the same suggestion twice is taken once");
        let undo = p.apply(e).expect("applies");
        let a = p.annotation(ids[0]).expect("annotated");
        assert_eq!(
            (a.range(), a.tag, a.speaker.as_str()),
            (allegation.range.clone(), allegation.tag_id, "Secretary of State Mike Pompeo")
        );
        assert!(!suggest_for(&p, d, &src).iter().any(|x| x.tag == ALLEGATION), "tagged now");
        // Accepted again from a list drawn before (a second click of Accept all): not twice.
        assert_eq!(
            accept(&p, std::slice::from_ref(&allegation), &NewAnnotation::default()).err(),
            Some(EditError::AlreadyTagged)
        );
        let other = s.iter().find(|s| s.tag != ALLEGATION).expect("another").clone();
        let (again, _) = accept(&p, &[allegation.clone(), other], &NewAnnotation::default()).expect("the other");
        assert_eq!(again.len(), 1, "only the one not tagged yet");
        p.apply(undo).expect("undoes");
        assert!(p.annotation(ids[0]).is_none());

        // Reject two suggestions in one step: they stay away, the others stay.
        let two: Vec<TagSuggestion> = s.iter().filter(|s| s.tag != ALLEGATION).take(2).cloned().collect();
        assert_eq!(two.len(), 2, "{s:?}");
        let e = reject(&p, &two).expect("rejects");
        let undo = p.apply(e).expect("applies");
        let left = suggest_for(&p, d, &src);
        assert_eq!(left.len(), s.len() - 2);
        assert!(!left.iter().any(|x| two.contains(x)));
        assert!(reject(&p, &two).expect("again").is_noop(), "already rejected");
        let rhetoric = two;
        let (doc, tag) = parse_rejection(&p.dismissed()[0].key).expect("a rejection key");
        assert_eq!((doc, tag), (d, rhetoric[0].tag_id));
        p.apply(undo).expect("undoes");
        assert_eq!(suggest_for(&p, d, &src), s);
    }

    #[test]
    fn a_suggestion_out_of_its_article_is_an_error_not_a_panic() {
        let (p, d) = project("Short text here.");
        let bad = TagSuggestion {
            doc: d,
            range: 5..500,
            tag: FACT.into(),
            tag_id: p.tags()[0].id,
            score: 0.5,
            speaker: None,
            why: vec!["x".into()],
            cues: Vec::new(),
        };
        assert!(accept(&p, std::slice::from_ref(&bad), &NewAnnotation::default()).is_err());
        assert!(reject(&p, std::slice::from_ref(&bad)).is_err());
        let gone = TagSuggestion { doc: DocId(999), range: 0..3, ..bad };
        assert!(accept(&p, &[gone], &NewAnnotation::default()).is_err());
    }
}
