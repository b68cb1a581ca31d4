//! Claims: one assertion, as each outlet frames it.

use serde::{Deserialize, Serialize};

use super::ids::ClaimId;

/// A named assertion that annotations from several articles link to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: ClaimId,
    pub label: String,
    #[serde(default)]
    pub note: String,
    /// When and by whom it was made, and its label or note last changed (RFC 3339 UTC; names
    /// as on annotations). Empty when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created_by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified_by: String,
}

/// The parts of a [`Claim`] an edit can change.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ClaimFields {
    pub label: String,
    pub note: String,
    pub modified: String,
    pub modified_by: String,
}

impl Claim {
    /// The editable fields, for building an update.
    pub fn fields(&self) -> ClaimFields {
        ClaimFields {
            label: self.label.clone(),
            note: self.note.clone(),
            modified: self.modified.clone(),
            modified_by: self.modified_by.clone(),
        }
    }

    /// A claim with this id, label and note, its authorship unknown.
    pub fn new(id: ClaimId, label: impl Into<String>, note: impl Into<String>) -> Self {
        Claim {
            id,
            label: label.into(),
            note: note.into(),
            created: String::new(),
            created_by: String::new(),
            modified: String::new(),
            modified_by: String::new(),
        }
    }

    pub(crate) fn set_fields(&mut self, f: ClaimFields) {
        self.label = f.label;
        self.note = f.note;
        self.modified = f.modified;
        self.modified_by = f.modified_by;
    }
}
