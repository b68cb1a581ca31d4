//! Reading claimscope's JSON export: whole (into a new project, ids kept) or as annotations to
//! merge into an open project.

use std::path::Path;

use super::ImportError;
use super::merge::{Incoming, IncomingAnnotation, IncomingClaim, IncomingDoc, IncomingTag};
use crate::interchange::{ExportFile, FORMAT, VERSION};
use crate::model::{
    Annotation, AnnotationId, Claim, ClaimId, Colour, DocId, Document, ProjectParts, Quote, TagDef, TagId, Text,
    TextQuote,
};
use crate::store::LineCol;

/// Parses an export file.
pub fn parse(bytes: &[u8], path: &Path) -> Result<ExportFile, ImportError> {
    let text = super::text::decode(bytes, path)?.0;
    let file: ExportFile = serde_json::from_str(&text).map_err(|e| ImportError::Json {
        path: path.to_owned(),
        at: LineCol { line: e.line(), col: e.column() },
        message: e.to_string(),
    })?;
    if file.format != FORMAT {
        return Err(ImportError::Invalid {
            path: path.to_owned(),
            message: format!("this is not a claimscope JSON export (format “{}”)", file.format),
        });
    }
    if file.version > VERSION {
        return Err(ImportError::Invalid {
            path: path.to_owned(),
            message: format!(
                "this export was written by a newer claimscope (version {}; this build reads up to {VERSION})",
                file.version
            ),
        });
    }
    // Ids name what annotations point at: two tags of one id made a merge put every Fact
    // annotation under Allegation, two articles of one id put them on the wrong article,
    // and nothing was said (a restore refused them; a merge must as well).
    if let Some(message) = duplicate_id(&file) {
        return Err(ImportError::Invalid { path: path.to_owned(), message });
    }
    Ok(file)
}

/// The first id given twice among the export's tags, articles, claims or annotations, said.
/// Ids are compared as the restore reads them ("t1", "1" and "t01" are one tag), else as written.
fn duplicate_id(file: &ExportFile) -> Option<String> {
    fn first<'a, I: std::str::FromStr + std::fmt::Display>(
        ids: impl Iterator<Item = &'a str>,
        what: &str,
        at: &str,
    ) -> Option<String> {
        let mut seen = std::collections::HashMap::new();
        for (k, id) in ids.enumerate() {
            let key = id.parse::<I>().map_or_else(|_| id.to_owned(), |i| i.to_string());
            if let Some(before) = seen.insert(key, k) {
                return Some(format!("duplicate {what} id {id} ({at}[{before}] and {at}[{k}])"));
            }
        }
        None
    }
    use crate::model::{AnnotationId, ClaimId, DocId, TagId};
    first::<TagId>(file.tags.iter().map(|t| t.id.as_str()), "tag", "tags")
        .or_else(|| first::<DocId>(file.documents.iter().map(|d| d.id.as_str()), "document", "documents"))
        .or_else(|| first::<ClaimId>(file.claims.iter().map(|c| c.id.as_str()), "claim", "claims"))
        .or_else(|| first::<AnnotationId>(file.annotations.iter().map(|a| a.id.as_str()), "annotation", "annotations"))
}

/// The id `s` of a `what`, read at `at` (where in the file, for the message: "annotations[3].claim").
fn id<T: std::str::FromStr>(s: &str, what: &str, at: &str, path: &Path) -> Result<T, ImportError> {
    s.parse().map_err(|_| ImportError::Invalid {
        path: path.to_owned(),
        message: format!("“{s}” is not a {what} id (at {at})"),
    })
}

/// The project the export holds, ids and all (validate it with `Project::from_parts`).
pub fn to_parts(file: &ExportFile, path: &Path) -> Result<ProjectParts, ImportError> {
    let bad = |message: String| ImportError::Invalid { path: path.to_owned(), message };
    let tags = file
        .tags
        .iter()
        .enumerate()
        .map(|(k, t)| {
            Ok(TagDef {
                id: id::<TagId>(&t.id, "tag", &format!("tags[{k}].id"), path)?,
                name: t.name.clone(),
                colour: t.colour.parse::<Colour>().map_err(|e| bad(format!("{e} (at tags[{k}].colour)")))?,
                key: t.key.as_deref().and_then(|k| k.chars().next()),
                description: t.description.clone(),
            })
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    let documents = file
        .documents
        .iter()
        .enumerate()
        .map(|(k, d)| {
            Ok(Document {
                id: id::<DocId>(&d.id, "document", &format!("documents[{k}].id"), path)?,
                title: d.title.clone(),
                source: d.source.clone(),
                url: d.url.clone(),
                published: d.published.clone(),
                byline: d.byline.clone(),
                section: d.section.clone(),
                text: Text::new(d.text.clone()),
            })
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    let claims = file
        .claims
        .iter()
        .enumerate()
        .map(|(k, c)| {
            Ok(Claim {
                created: c.created.clone(),
                created_by: c.created_by.clone(),
                modified: c.modified.clone(),
                modified_by: c.modified_by.clone(),
                ..Claim::new(
                    id::<ClaimId>(&c.id, "claim", &format!("claims[{k}].id"), path)?,
                    c.label.clone(),
                    c.note.clone(),
                )
            })
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    let annotations = file
        .annotations
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let at = |field: &str| format!("annotations[{k}].{field}");
            Ok(Annotation {
                id: id::<AnnotationId>(&a.id, "annotation", &at("id"), path)?,
                doc: id::<DocId>(&a.document, "document", &at("document"), path)?,
                start: a.start,
                end: a.end,
                quote: Quote::kept(TextQuote {
                    exact: a.quote.exact.clone(),
                    prefix: a.quote.prefix.clone(),
                    suffix: a.quote.suffix.clone(),
                }),
                tag: id::<TagId>(&a.tag, "tag", &at("tag"), path)?,
                note: a.note.clone().into(),
                speaker: a.speaker.clone().into(),
                claim: a.claim.as_deref().map(|c| id::<ClaimId>(c, "claim", &at("claim"), path)).transpose()?,
                created: a.created.clone().into(),
                created_by: a.created_by.clone().into(),
                modified: a.modified.clone().into(),
                modified_by: a.modified_by.clone().into(),
                linked: a.linked.clone().into(),
                linked_by: a.linked_by.clone().into(),
            })
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    Ok(ProjectParts {
        name: file.project.clone(),
        uuid: file.uuid.clone(),
        next_id: file.next_id,
        tags,
        documents,
        claims,
        annotations,
        conflicts: file.conflicts.clone(),
        decisions: file.decisions.clone(),
        dismissed: file.dismissed.clone(),
    })
}

/// The export as annotations to merge into another project.
pub fn to_incoming(file: &ExportFile) -> Incoming {
    // Names cut as every import cuts a field, looked up once: each annotation holds its tag's
    // name (a 500,000-char name on 5,000 annotations, a 0.9 MB file, took 2.5 GB).
    let name = |n: &str| crate::model::truncate(n, super::MAX_FIELD);
    let names: std::collections::HashMap<&str, String> =
        file.tags.iter().map(|t| (t.id.as_str(), name(&t.name))).collect();
    let tag_name = |id: &str| names.get(id).cloned().unwrap_or_default();
    Incoming {
        documents: file
            .documents
            .iter()
            .map(|d| IncomingDoc {
                key: d.id.clone(),
                title: d.title.clone(),
                source: d.source.clone(),
                url: d.url.clone(),
                published: d.published.clone(),
                byline: d.byline.clone(),
                section: d.section.clone(),
                text: Some(d.text.clone()),
            })
            .collect(),
        tags: file
            .tags
            .iter()
            .map(|t| IncomingTag {
                name: name(&t.name),
                colour: t.colour.parse().ok(),
                key: t.key.as_deref().and_then(|k| k.chars().next()),
                description: t.description.clone(),
            })
            .collect(),
        claims: file
            .claims
            .iter()
            .map(|c| IncomingClaim { key: c.id.clone(), label: c.label.clone(), note: c.note.clone() })
            .collect(),
        annotations: file
            .annotations
            .iter()
            .map(|a| IncomingAnnotation {
                doc: a.document.clone(),
                start: a.start,
                end: a.end,
                quote: TextQuote {
                    exact: a.quote.exact.clone(),
                    prefix: a.quote.prefix.clone(),
                    suffix: a.quote.suffix.clone(),
                },
                tag: tag_name(&a.tag),
                note: a.note.clone(),
                speaker: a.speaker.clone(),
                claim: a.claim.clone(),
                created: a.created.clone(),
                created_by: a.created_by.clone(),
            })
            .collect(),
        ignored: Vec::new(),
        users: Vec::new(),
        external: Vec::new(),
    }
}
