//! Claims: one assertion, as each outlet frames it.

use serde::{Deserialize, Serialize};

use super::ids::ClaimId;

/// A named assertion that annotations from several articles link to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub id: ClaimId,
    pub label: String,
    #[serde(default)]
    pub note: String,
}

/// The parts of a [`Claim`] an edit can change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimFields {
    pub label: String,
    pub note: String,
}

impl Claim {
    /// The editable fields, for building an update.
    pub fn fields(&self) -> ClaimFields {
        ClaimFields { label: self.label.clone(), note: self.note.clone() }
    }

    pub(crate) fn set_fields(&mut self, f: ClaimFields) {
        self.label = f.label;
        self.note = f.note;
    }
}
