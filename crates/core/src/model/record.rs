//! What a team's work leaves in a project besides annotations: the conflicts a three-way merge
//! could not settle (kept in the file so nothing is lost, until the analyst resolves them) and
//! the decisions taken when adjudicating two analysts' work (kept as the record of who settled
//! what).

use serde::{Deserialize, Serialize};

use super::edit::{Edit, EditError};
use super::ids::{AnnotationId, ClaimId, DocId, TagId};
use super::project::Project;
use super::text::Text;

/// The item a conflict is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Subject {
    Project,
    Tag(TagId),
    Document(DocId),
    Claim(ClaimId),
    Annotation(AnnotationId),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Project => f.write_str("the project"),
            Subject::Tag(id) => write!(f, "tag {id}"),
            Subject::Document(id) => write!(f, "article {id}"),
            Subject::Claim(id) => write!(f, "claim {id}"),
            Subject::Annotation(id) => write!(f, "annotation {id}"),
        }
    }
}

/// A value of one field on one side of a merge.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Value {
    /// The item does not exist on that side (deleted, or never made).
    Absent,
    Text(String),
    /// A span, `[start, end)` in chars.
    Span(usize, usize),
    Tag(TagId),
    Claim(Option<ClaimId>),
    Key(Option<char>),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Absent => f.write_str("(deleted)"),
            Value::Text(s) if s.is_empty() => f.write_str("(empty)"),
            Value::Text(s) => write!(f, "“{}”", super::short(s)),
            Value::Span(s, e) => write!(f, "chars {s}–{e}"),
            Value::Tag(t) => write!(f, "tag {t}"),
            Value::Claim(Some(c)) => write!(f, "claim {c}"),
            Value::Claim(None) => f.write_str("no claim"),
            Value::Key(Some(k)) => write!(f, "key {k}"),
            Value::Key(None) => f.write_str("no key"),
        }
    }
}

/// Which side's value the merged project holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    Ours,
    Theirs,
}

/// A field both sides changed differently (or an item one side deleted and the other changed
/// or still uses). The merged project holds the `kept` side's value; the other is here, so that
/// the analyst can take it instead.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Conflict {
    pub subject: Subject,
    /// The field's name (`note`, `tag`, `span`, `label`, `text`, …), or `exists` when one side
    /// deleted the item.
    pub field: String,
    pub base: Value,
    pub ours: Value,
    pub theirs: Value,
    pub kept: Side,
    /// Who made each side's change, when, and on which branch, where known (older files and
    /// merges of items without stamps leave it empty).
    #[serde(default, skip_serializing_if = "Origin::is_empty")]
    pub origin: Origin,
}

/// Where the two sides of a conflict came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Origin {
    /// The analyst who last changed the item on our side, and when (RFC 3339).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ours_by: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ours_at: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub theirs_by: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub theirs_at: String,
    /// The branches merged, as git names them (`main`, `ana/strike`), if the driver was told.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ours_branch: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub theirs_branch: String,
}

impl Origin {
    pub fn is_empty(&self) -> bool {
        *self == Origin::default()
    }

    /// "ours (main) · Agnes · 2026-12-01" for the side `side`, as much as is known.
    pub fn describe(&self, side: Side) -> String {
        let (name, branch, by, at) = match side {
            Side::Ours => ("ours", &self.ours_branch, &self.ours_by, &self.ours_at),
            Side::Theirs => ("theirs", &self.theirs_branch, &self.theirs_by, &self.theirs_at),
        };
        let mut parts = vec![if branch.is_empty() { name.to_owned() } else { format!("{name} ({branch})") }];
        if !by.is_empty() {
            parts.push(by.clone());
        }
        if let Some(day) = at.get(..10) {
            parts.push(day.to_owned());
        }
        parts.join(" · ")
    }
}

impl Conflict {
    /// The value the merged project does not hold.
    pub fn other(&self) -> &Value {
        match self.kept {
            Side::Ours => &self.theirs,
            Side::Theirs => &self.ours,
        }
    }

    /// The value it holds.
    pub fn kept_value(&self) -> &Value {
        match self.kept {
            Side::Ours => &self.ours,
            Side::Theirs => &self.theirs,
        }
    }
}

/// What an adjudicator chose for one difference between two analysts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Choice {
    Left,
    Right,
    Both,
    Neither,
}

impl Choice {
    pub fn label(self) -> &'static str {
        match self {
            Choice::Left => "left",
            Choice::Right => "right",
            Choice::Both => "both",
            Choice::Neither => "neither",
        }
    }
}

/// One adjudication decision, as recorded in the result.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Decision {
    /// The difference's key (see [`crate::model::adjudicate::Difference::key`]).
    pub difference: String,
    pub choice: Choice,
    /// What the difference was, in words, for whoever reads the record.
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub at: String,
    #[serde(default)]
    pub by: String,
}

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
