//! What a team's work leaves in a project besides annotations: the conflicts a three-way merge
//! could not settle (kept in the file so nothing is lost, until the analyst resolves them) and
//! the decisions taken when adjudicating two analysts' work (kept as the record of who settled
//! what).

use serde::{Deserialize, Serialize};

use super::ids::{AnnotationId, ClaimId, DocId, TagId};

/// The item a conflict is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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

impl Value {
    /// The value as the analyst knows it, in `project`: a tag by its name and a claim by its
    /// label (the ids are the file's, and "tag t1 / other tag t4" told a person settling a
    /// merge nothing); anything else, or an id the project no longer has, as shown alone.
    pub fn named(&self, project: &super::Project) -> String {
        match self {
            Value::Tag(t) => project.tag(*t).map_or_else(|| self.to_string(), |x| format!("tag {}", x.name)),
            Value::Claim(Some(c)) => {
                project.claim(*c).map_or_else(|| self.to_string(), |x| format!("claim “{}”", super::short(&x.label)))
            }
            _ => self.to_string(),
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The difference's key (see [`crate::analysis::adjudicate::Difference::key`]).
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

/// A suggestion the analyst dismissed: it is not proposed again while its passages read the same.
/// A key starting with [`crate::analysis::suggest::APART`] keeps two passages apart instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dismissal {
    /// The suggestion's key ([`crate::analysis::suggest::Candidate::key`]).
    pub key: String,
    /// What it was about (its first passage, shortened), for the analyst reading the file.
    #[serde(default)]
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A conflict's tag is shown by its name (the Team view and `merge` said "tag t1 / other
    /// tag t4", which told the person settling it nothing); an id the project lacks as before.
    #[test]
    fn a_tag_is_named_by_its_name() {
        let p = crate::model::Project::new("p");
        let fact = p.tags()[0].id;
        assert_eq!(Value::Tag(fact).named(&p), format!("tag {}", p.tags()[0].name));
        assert_eq!(Value::Tag(TagId(999)).named(&p), "tag t999");
        assert_eq!(Value::Claim(None).named(&p), "no claim");
    }
}
