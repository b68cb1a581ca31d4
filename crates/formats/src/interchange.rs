//! claimscope's own JSON interchange file (`claimscope-export`, documented in
//! docs/claimscope-export.schema.json): the types both its writer (`export::json`) and its reader
//! (`import::json`) use, so that neither reaches into the other.

use serde::{Deserialize, Serialize};

/// The value of the `format` field.
pub const FORMAT: &str = "claimscope-export";
/// The version this build writes and the newest it reads.
pub const VERSION: u64 = 1;

/// The export file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportFile {
    pub format: String,
    pub version: u64,
    pub project: String,
    /// When it was written, RFC 3339 UTC.
    #[serde(default)]
    pub exported: String,
    /// The project's id counter, so that a restored project hands out the same new ids.
    #[serde(default)]
    pub next_id: u64,
    pub tags: Vec<JsonTag>,
    pub documents: Vec<JsonDocument>,
    pub claims: Vec<JsonClaim>,
    pub annotations: Vec<JsonAnnotation>,
    /// The project's identity (REFI-QDA GUIDs derive from it), so that a restored project is the
    /// same project (a restore had made a new one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uuid: String,
    /// The record of a whole-project export, as in the project file: the merge conflicts still
    /// open, the analysts' decisions, and the suggestions dismissed (rejected tag suggestions
    /// among them). A restore had lost them, unsaid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<crate::model::Conflict>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<crate::model::Decision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<crate::model::Dismissal>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonTag {
    pub id: String,
    pub name: String,
    pub colour: String,
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonDocument {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub published: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub byline: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonClaim {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub note: String,
    /// Who made it and when, who last changed it and when, as on annotations.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created_by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonQuote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonAnnotation {
    pub id: String,
    pub document: String,
    /// Char offset of the first char (inclusive).
    pub start: usize,
    /// Char offset after the last char (exclusive).
    pub end: usize,
    pub quote: JsonQuote,
    pub tag: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub speaker: String,
    #[serde(default)]
    pub claim: Option<String>,
    #[serde(default)]
    pub created: String,
    /// Who made it (the analyst's name); left out when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created_by: String,
    /// When and by whom it last changed, and was linked to its claim; left out when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified_by: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub linked: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub linked_by: String,
}
