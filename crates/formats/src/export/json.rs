//! claimscope's own JSON export: every field, versioned, documented by the JSON Schema in
//! `docs/claimscope-export.schema.json`. `claimscope import` reads it back.

use serde::{Deserialize, Serialize};

use super::{ExportError, Progress, Selection, tick};
use crate::model::{Annotation, Document};

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

fn document(d: &Document) -> JsonDocument {
    JsonDocument {
        id: d.id.to_string(),
        title: d.title.clone(),
        source: d.source.clone(),
        url: d.url.clone(),
        published: d.published.clone(),
        byline: d.byline.clone(),
        section: d.section.clone(),
        text: d.text.as_str().to_owned(),
    }
}

fn annotation(a: &Annotation) -> JsonAnnotation {
    JsonAnnotation {
        id: a.id.to_string(),
        document: a.doc.to_string(),
        start: a.start,
        end: a.end,
        quote: JsonQuote {
            exact: a.quote.exact.clone(),
            prefix: a.quote.prefix.clone(),
            suffix: a.quote.suffix.clone(),
        },
        tag: a.tag.to_string(),
        note: a.note.clone(),
        speaker: a.speaker.clone(),
        claim: a.claim.map(|c| c.to_string()),
        created: a.created.clone(),
        created_by: a.created_by.clone(),
        modified: a.modified.clone(),
        modified_by: a.modified_by.clone(),
        linked: a.linked.clone(),
        linked_by: a.linked_by.clone(),
    }
}

/// The export of `sel`, as pretty JSON.
pub fn write(sel: &Selection<'_>, progress: &dyn Progress) -> Result<Vec<u8>, ExportError> {
    let total = sel.documents.len();
    let mut documents = Vec::with_capacity(total);
    let mut annotations = Vec::with_capacity(sel.annotation_count());
    for (k, (d, anns)) in sel.documents.iter().zip(&sel.annotations).enumerate() {
        tick(progress, k, total, &d.title)?;
        documents.push(document(d));
        annotations.extend(anns.iter().map(|a| annotation(a)));
    }
    // Annotations in id order, as the project keeps them, so a full export restores exactly.
    annotations.sort_by_key(|a| a.id[1..].parse::<u64>().unwrap_or(u64::MAX));
    let file = ExportFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        project: sel.project.name().to_owned(),
        exported: crate::clock::now_rfc3339(),
        next_id: sel.project.next_id(),
        tags: sel
            .tags
            .iter()
            .map(|t| JsonTag {
                id: t.id.to_string(),
                name: t.name.clone(),
                colour: t.colour.to_string(),
                key: t.key.map(String::from),
                description: t.description.clone(),
            })
            .collect(),
        documents,
        claims: sel
            .claims
            .iter()
            .map(|c| JsonClaim { id: c.id.to_string(), label: c.label.clone(), note: c.note.clone() })
            .collect(),
        annotations,
    };
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    Ok(bytes)
}
