//! Who changed what, when: the analyst's name and the time are stamped on the edits they make,
//! so that a merged or adjudicated project still says whose work each part is.
//!
//! Builders stay free of clocks and names (they are `&self -> Edit`); the caller that applies an
//! edit for a person stamps it once, with [`Edit::stamped`].

use super::edit::Edit;
use super::project::Project;

/// A person and a moment: RFC 3339 UTC time and the analyst's name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamp {
    pub at: String,
    pub by: String,
}

impl Stamp {
    pub fn new(at: impl Into<String>, by: impl Into<String>) -> Self {
        Stamp { at: at.into(), by: by.into() }
    }
}

impl Edit {
    /// This edit with `stamp` as the author of what it changes: a new annotation or claim without
    /// an author gets it as its maker; an update that changes an annotation's or a claim's content
    /// records it as the last change; a new claim link records who linked. An update that changes
    /// nothing keeps the stamps it has, so that it stays a no-op (see [`History::apply`]).
    ///
    /// [`History::apply`]: super::History::apply
    pub fn stamped(self, project: &Project, stamp: &Stamp) -> Edit {
        match self {
            Edit::AddAnnotation(mut a) => {
                if a.created.is_empty() && a.created_by.is_empty() {
                    a.created = stamp.at.as_str().into();
                    a.created_by = stamp.by.as_str().into();
                }
                if a.claim.is_some() && a.linked_by.is_empty() {
                    a.linked = stamp.at.as_str().into();
                    a.linked_by = stamp.by.as_str().into();
                }
                Edit::AddAnnotation(a)
            }
            Edit::UpdateAnnotation { id, mut to } => {
                if let Some(old) = project.annotation(id).map(super::annotation::Annotation::fields)
                    && !old.same_content(&to)
                {
                    to.modified = stamp.at.as_str().into();
                    to.modified_by = stamp.by.as_str().into();
                    if to.claim != old.claim {
                        // A new link is this person's; no claim, no link author.
                        let linked = to.claim.is_some();
                        to.linked = if linked { stamp.at.as_str().into() } else { Default::default() };
                        to.linked_by = if linked { stamp.by.as_str().into() } else { Default::default() };
                    }
                }
                Edit::UpdateAnnotation { id, to }
            }
            Edit::AddClaim { mut claim, at } => {
                if claim.created.is_empty() && claim.created_by.is_empty() {
                    claim.created = stamp.at.clone();
                    claim.created_by = stamp.by.clone();
                }
                Edit::AddClaim { claim, at }
            }
            Edit::UpdateClaim { id, mut to } => {
                if let Some(old) = project.claim(id)
                    && (old.label != to.label || old.note != to.note)
                {
                    to.modified = stamp.at.clone();
                    to.modified_by = stamp.by.clone();
                }
                Edit::UpdateClaim { id, to }
            }
            Edit::Batch(edits) => Edit::Batch(edits.into_iter().map(|e| e.stamped(project, stamp)).collect()),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{History, NewAnnotation, Text};

    fn project() -> (Project, crate::model::DocId, crate::model::TagId) {
        let mut p = Project::new("t");
        let (doc, e) = p.add_document("A", "X", "", "", Text::new("The strike was lawful self-defence.")).expect("ok");
        p.apply(e).expect("ok");
        let tag = p.tags()[0].id;
        (p, doc, tag)
    }

    #[test]
    fn stamps_the_maker_the_change_and_the_link_and_undo_takes_them_back() {
        let (mut p, doc, tag) = project();
        let mut h = History::new();
        let ana = Stamp::new("2026-01-01T10:00:00Z", "Ana");
        let ben = Stamp::new("2026-01-02T10:00:00Z", "Ben");
        let (id, e) = p.annotate(doc, 0..10, tag, NewAnnotation::default()).expect("ok");
        let e = e.stamped(&p, &ana);
        h.apply(&mut p, e, "tag").expect("ok");
        let a = p.annotation(id).expect("ok");
        assert_eq!((a.created_by.as_str(), a.created.as_str()), ("Ana", "2026-01-01T10:00:00Z"));
        assert!(a.modified_by.is_empty() && a.linked_by.is_empty());

        let before = p.clone();
        let e = p.describe(id, "a note", "").expect("ok").stamped(&p, &ben);
        h.apply(&mut p, e, "note").expect("ok");
        let a = p.annotation(id).expect("ok");
        assert_eq!((a.modified_by.as_str(), a.modified.as_str()), ("Ben", "2026-01-02T10:00:00Z"));
        assert_eq!(a.created_by, "Ana", "the maker stays");

        let (claim, e) = p.new_claim("Lawful", "", &[id]).expect("ok");
        let e = e.stamped(&p, &ana);
        h.apply(&mut p, e, "claim").expect("ok");
        let a = p.annotation(id).expect("ok");
        assert_eq!(a.linked_by, "Ana");
        assert_eq!(p.claim(claim).expect("ok").created_by, "Ana");
        let e = p.update_claim(claim, "Lawful defence", "").expect("ok").stamped(&p, &ben);
        h.apply(&mut p, e, "rename").expect("ok");
        assert_eq!(p.claim(claim).expect("ok").modified_by, "Ben");
        let e = p.link(id, None).expect("ok").stamped(&p, &ben);
        h.apply(&mut p, e, "unlink").expect("ok");
        assert!(p.annotation(id).expect("ok").linked_by.is_empty(), "no claim, no link author");

        for _ in 0..4 {
            h.undo(&mut p).expect("ok");
        }
        assert_eq!(p, before, "undo restores the stamps too");
    }

    #[test]
    fn an_update_that_changes_nothing_stays_a_noop() {
        let (mut p, doc, tag) = project();
        let (id, e) = p.annotate(doc, 0..10, tag, NewAnnotation::default()).expect("ok");
        p.apply(e).expect("ok");
        let mut h = History::new();
        let e = p.describe(id, "", "").expect("ok").stamped(&p, &Stamp::new("2026-01-01T10:00:00Z", "Ana"));
        h.apply(&mut p, e, "same").expect("ok");
        assert!(!h.can_undo(), "no step for an update that changes nothing");
        assert!(p.annotation(id).expect("ok").modified_by.is_empty());
    }
}
