//! W3C Web Annotation Data Model, as JSON-LD: one AnnotationCollection with every annotation in
//! its first page. Each annotation targets its article with a TextQuoteSelector and a
//! TextPositionSelector (char offsets, as the model defines them); the tag is a TextualBody with
//! purpose `tagging`, the note one with purpose `commenting`. Speaker and claim, which the model
//! has no terms for, are kept under claimscope's own terms, declared in the context.

use serde_json::{Value, json};

use super::{ExportError, Progress, Selection, tick};
use crate::model::{Annotation, Document};

/// Prefix of the IRIs claimscope gives its objects.
pub const IRI: &str = "urn:claimscope:";

/// The JSON-LD context: the Web Annotation context plus claimscope's terms.
pub fn context() -> Value {
    json!([
        "http://www.w3.org/ns/anno.jsonld",
        {
            "claimscope": "urn:claimscope:vocab#",
            "speaker": "claimscope:speaker",
            "claim": {"@id": "claimscope:claim", "@type": "@id"},
            "claimLabel": "claimscope:claimLabel",
            "documents": "claimscope:documents",
            "title": "http://purl.org/dc/terms/title",
            "publisher": "http://purl.org/dc/terms/publisher",
            "issued": "http://purl.org/dc/terms/issued",
            "url": "http://schema.org/url"
        }
    ])
}

/// The IRI of a document.
pub fn document_iri(d: &Document) -> String {
    format!("{IRI}document:{}", d.id)
}

fn annotation(d: &Document, a: &Annotation, sel: &Selection<'_>) -> Value {
    let mut body = vec![json!({"type": "TextualBody", "purpose": "tagging", "value": sel.tag_name(a)})];
    if !a.note.is_empty() {
        body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": a.note, "format": "text/plain"}));
    }
    let mut v = json!({
        "id": format!("{IRI}annotation:{}", a.id),
        "type": "Annotation",
        "motivation": "tagging",
        "body": body,
        "target": {
            "source": document_iri(d),
            "selector": [
                {"type": "TextQuoteSelector", "exact": a.quote.exact, "prefix": a.quote.prefix, "suffix": a.quote.suffix},
                {"type": "TextPositionSelector", "start": a.start, "end": a.end}
            ]
        }
    });
    if !a.created.is_empty() {
        v["created"] = json!(a.created);
    }
    if !a.speaker.is_empty() {
        v["speaker"] = json!(a.speaker);
    }
    if let Some(c) = a.claim.and_then(|c| sel.project.claim(c)) {
        v["claim"] = json!(format!("{IRI}claim:{}", c.id));
        v["claimLabel"] = json!(c.label);
    }
    v
}

pub fn write(sel: &Selection<'_>, progress: &dyn Progress) -> Result<Vec<u8>, ExportError> {
    let total = sel.documents.len();
    let mut items = Vec::with_capacity(sel.annotation_count());
    let mut documents = Vec::with_capacity(total);
    for (k, (d, anns)) in sel.documents.iter().zip(&sel.annotations).enumerate() {
        tick(progress, k, total, &d.title)?;
        documents.push(json!({
            "id": document_iri(d),
            "type": "Text",
            "format": "text/plain",
            "title": d.title,
            "publisher": d.source,
            "issued": d.published,
            "url": d.url,
        }));
        items.extend(anns.iter().map(|a| annotation(d, a, sel)));
    }
    let collection = json!({
        "@context": context(),
        "id": format!("{IRI}collection:{}", super::slug(sel.project.name(), 60)),
        "type": "AnnotationCollection",
        "label": sel.project.name(),
        "total": items.len(),
        "documents": documents,
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}
    });
    let mut bytes = serde_json::to_vec_pretty(&collection).unwrap_or_default();
    bytes.push(b'\n');
    Ok(bytes)
}
