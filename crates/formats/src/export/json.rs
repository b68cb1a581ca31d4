//! claimscope's own JSON export: every field, versioned, documented by the JSON Schema in
//! `docs/claimscope-export.schema.json`. `claimscope import` reads it back.

use super::{ExportError, Progress, Selection, tick};
use crate::model::{Annotation, Document};

pub use crate::interchange::*;

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

fn annotation(d: &Document, a: &Annotation) -> JsonAnnotation {
    let (prefix, suffix) = a.quote.context_in(&d.text, a.range());
    JsonAnnotation {
        id: a.id.to_string(),
        document: a.doc.to_string(),
        start: a.start,
        end: a.end,
        quote: JsonQuote { exact: a.quote.exact.clone(), prefix: prefix.to_owned(), suffix: suffix.to_owned() },
        tag: a.tag.to_string(),
        note: a.note.to_string(),
        speaker: a.speaker.to_string(),
        claim: a.claim.map(|c| c.to_string()),
        created: a.created.to_string(),
        created_by: a.created_by.to_string(),
        modified: a.modified.to_string(),
        modified_by: a.modified_by.to_string(),
        linked: a.linked.to_string(),
        linked_by: a.linked_by.to_string(),
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
        annotations.extend(anns.iter().map(|a| annotation(d, a)));
    }
    // The project's record (conflicts, decisions, dismissals) names its items by id: it goes with
    // an export of the whole project only.
    let p = sel.project;
    let whole = sel.documents.len() == p.documents().len()
        && sel.tags.len() == p.tags().len()
        && sel.claims.len() == p.claims().len()
        && annotations.len() == p.annotation_count();
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
            .map(|c| JsonClaim {
                id: c.id.to_string(),
                label: c.label.clone(),
                note: c.note.clone(),
                created: c.created.clone(),
                created_by: c.created_by.clone(),
                modified: c.modified.clone(),
                modified_by: c.modified_by.clone(),
            })
            .collect(),
        annotations,
        uuid: sel.project.uuid().to_string(),
        conflicts: if whole { sel.project.conflicts().to_vec() } else { Vec::new() },
        decisions: if whole { sel.project.decisions().to_vec() } else { Vec::new() },
        dismissed: if whole { sel.project.dismissed().to_vec() } else { Vec::new() },
    };
    let mut bytes = serde_json::to_vec_pretty(&file).unwrap_or_default();
    bytes.push(b'\n');
    Ok(bytes)
}
