//! Settling a merge conflict: the edit that keeps the value the project holds or takes the other.

use super::edit::{Edit, EditError};
use super::project::Project;
use super::record::{Subject, Value};
use super::text::Text;

/// Why a conflict could not be resolved the way asked.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ResolveError {
    #[error("there is no conflict {0}")]
    NoConflict(usize),
    #[error("the other value of {field} (“{value}”) cannot be used: {why}")]
    Unusable { field: String, value: String, why: String },
    #[error(transparent)]
    Edit(#[from] EditError),
}

impl Project {
    /// The edit that settles conflict `i`: with `use_other`, the field takes the value the merge
    /// did not keep (an item the other side deleted is deleted); without, the kept value stays.
    /// Either way the conflict leaves the list, in the same undoable step.
    pub fn resolve_conflict(&self, i: usize, use_other: bool) -> Result<Edit, ResolveError> {
        let c = self.conflicts().get(i).ok_or(ResolveError::NoConflict(i))?;
        let done = Edit::RemoveConflict(i);
        if !use_other || c.other() == c.kept_value() {
            return Ok(done);
        }
        let unusable = |why: &str| ResolveError::Unusable {
            field: c.field.clone(),
            value: c.other().to_string(),
            why: why.to_owned(),
        };
        let text = |v: &Value| match v {
            Value::Text(s) => Ok(s.clone()),
            _ => Err(unusable("not text")),
        };
        let change = match (c.subject, c.field.as_str(), c.other()) {
            (subject, "exists", Value::Absent) => match subject {
                Subject::Annotation(id) => Edit::RemoveAnnotation(id),
                Subject::Claim(id) => self.delete_claim(id)?,
                Subject::Tag(id) => self.delete_tag(id, None)?,
                Subject::Document(id) => self.delete_document(id)?,
                Subject::Project => return Err(unusable("the project cannot be deleted")),
            },
            (_, "exists", _) => Edit::Batch(Vec::new()),
            (Subject::Project, "name", v) => Edit::Rename(text(v)?),
            (Subject::Project, _, _) => return Err(unusable("unknown field")),
            (Subject::Annotation(id), field, v) => {
                let a = self.annotation(id).ok_or(EditError::NoAnnotation(id))?;
                match (field, v) {
                    ("span", Value::Span(s, e)) => self.resize(id, *s..*e)?,
                    ("tag", Value::Tag(t)) => self.retag(id, *t)?,
                    ("note", v) => self.describe(id, &text(v)?, &a.speaker)?,
                    ("speaker", v) => self.describe(id, &a.note, &text(v)?)?,
                    ("claim", Value::Claim(k)) => self.link(id, *k)?,
                    _ => return Err(unusable("unknown field")),
                }
            }
            (Subject::Claim(id), field, v) => {
                let cl = self.claim(id).ok_or(EditError::NoClaim(id))?;
                match field {
                    "label" => self.update_claim(id, &text(v)?, &cl.note)?,
                    "note" => self.update_claim(id, &cl.label, &text(v)?)?,
                    _ => return Err(unusable("unknown field")),
                }
            }
            (Subject::Tag(id), field, v) => {
                let mut to = self.tag(id).ok_or(EditError::NoTag(id))?.fields();
                match (field, v) {
                    ("name", v) => to.name = text(v)?,
                    ("colour", v) => to.colour = text(v)?.parse().map_err(|_| unusable("not a colour"))?,
                    ("key", Value::Key(k)) => to.key = *k,
                    ("description", v) => to.description = text(v)?,
                    _ => return Err(unusable("unknown field")),
                }
                self.update_tag(id, to)?
            }
            (Subject::Document(id), field, v) => {
                let d = self.document(id).ok_or(EditError::NoDocument(id))?;
                let mut to = d.fields();
                match field {
                    "text" => self.replace_text(id, Text::new(text(v)?))?,
                    "title" | "source" | "url" | "published" | "byline" => {
                        let value = text(v)?;
                        match field {
                            "title" => to.title = value,
                            "source" => to.source = value,
                            "url" => to.url = value,
                            "published" => to.published = value,
                            _ => to.byline = value,
                        }
                        Edit::UpdateDocument { id, to }
                    }
                    _ => return Err(unusable("unknown field")),
                }
            }
        };
        Ok(Edit::batch(vec![done, change]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::model::{History, NewAnnotation, ProjectParts};

    fn with_conflict(c: impl Fn(AnnotationId) -> Conflict) -> (Project, AnnotationId) {
        let mut p = Project::new("t");
        let (doc, e) = p.add_document("A", "", "", "", Text::new("The strike was lawful.")).expect("adds");
        p.apply(e).expect("applies");
        let tag = p.tags()[0].id;
        let (a, e) = p.annotate(doc, 4..10, tag, NewAnnotation::default()).expect("annotates");
        p.apply(e).expect("applies");
        let mut parts: ProjectParts = p.to_parts();
        parts.conflicts.push(c(a));
        (Project::from_parts(parts).expect("valid").0, a)
    }

    #[test]
    fn using_the_other_value_sets_it_and_drops_the_conflict_in_one_undoable_step() {
        let (mut p, a) = with_conflict(|a| Conflict {
            subject: Subject::Annotation(a),
            field: "note".into(),
            base: Value::Text(String::new()),
            ours: Value::Text(String::new()),
            theirs: Value::Text("theirs".into()),
            kept: Side::Ours,
            origin: Default::default(),
        });
        let before = p.clone();
        let mut h = History::new();
        let e = p.resolve_conflict(0, true).expect("resolves");
        h.apply(&mut p, e, "use theirs").expect("applies");
        assert_eq!(p.annotation(a).map(|x| x.note.as_str()), Some("theirs"));
        assert!(p.conflicts().is_empty());
        h.undo(&mut p).expect("undo");
        assert_eq!(p, before);
        let e = p.resolve_conflict(0, false).expect("keeps");
        h.apply(&mut p, e, "keep").expect("applies");
        assert_eq!((p.annotation(a).map(|x| x.note.as_str()), p.conflicts().len()), (Some(""), 0));
    }

    #[test]
    fn the_other_side_deleted_it_so_using_the_other_deletes_it() {
        let (mut p, a) = with_conflict(|a| Conflict {
            subject: Subject::Annotation(a),
            field: "exists".into(),
            base: Value::Text(String::new()),
            ours: Value::Text("changed".into()),
            theirs: Value::Absent,
            kept: Side::Ours,
            origin: Default::default(),
        });
        let e = p.resolve_conflict(0, true).expect("resolves");
        p.apply(e).expect("applies");
        assert!(p.annotation(a).is_none() && p.conflicts().is_empty());
        assert_eq!(p.resolve_conflict(0, true), Err(ResolveError::NoConflict(0)));
    }
}
