//! The project file: one self-contained RON file, versioned, pretty and in a fixed order so that
//! it diffs well in git.
//!
//! ```ron
//! (
//!     format: "claimscope",
//!     version: 1,
//!     name: "Soleimani",
//!     uuid: "0b6f3c5e-…",
//!     next_id: 123,
//!     tags: [(id: 1, name: "Fact", colour: "#0072B2", key: Some('1'), description: "…")],
//!     documents: [(id: 5, title: "…", source: "Reuters", url: "…", published: "2020-01-08", text: "…")],
//!     claims: [(id: 80, label: "The strike was self-defence", note: "")],
//!     annotations: [(id: 81, doc: 5, start: 120, end: 132, quote: (exact: "…", prefix: "…", suffix: "…"), tag: 2, …)],
//! )
//! ```
//! Article texts are written as multi-line strings, so an edit to a text shows as a line diff.

use serde::{Deserialize, Serialize};

use crate::model::{Annotation, Claim, Document, Project, ProjectParts, TagDef};

/// The value of the `format` field.
pub const FORMAT: &str = "claimscope";
/// The newest file version this build reads and the one it writes.
pub const VERSION: u64 = 1;

/// Just enough of a file to decide whether and how to read the rest.
#[derive(Deserialize)]
pub(crate) struct Header {
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub version: u64,
}

/// A version 1 file, as read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileV1 {
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub version: u64,
    pub name: String,
    #[serde(default)]
    pub uuid: String,
    #[serde(default)]
    pub next_id: u64,
    #[serde(default)]
    pub tags: Vec<TagDef>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
}

impl FileV1 {
    pub fn into_parts(self) -> ProjectParts {
        ProjectParts {
            name: self.name,
            uuid: self.uuid,
            next_id: self.next_id,
            tags: self.tags,
            documents: self.documents,
            claims: self.claims,
            annotations: self.annotations,
        }
    }
}

/// A version 1 file, as written: borrows from the project rather than cloning its texts.
#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u64,
    name: &'a str,
    uuid: String,
    next_id: u64,
    tags: &'a [TagDef],
    documents: &'a [Document],
    claims: &'a [Claim],
    annotations: Vec<&'a Annotation>,
}

/// The project as the text of a project file.
pub fn to_ron(project: &Project) -> Result<String, ron::Error> {
    let file = FileOut {
        format: FORMAT,
        version: VERSION,
        name: project.name(),
        uuid: project.uuid().to_string(),
        next_id: project.next_id(),
        tags: project.tags(),
        documents: project.documents(),
        claims: project.claims(),
        annotations: project.annotations().collect(),
    };
    let config =
        ron::ser::PrettyConfig::new().indentor("  ").escape_strings(false).compact_structs(false).struct_names(false);
    let mut text = ron::ser::to_string_pretty(&file, config)?;
    text.push('\n');
    Ok(text)
}
