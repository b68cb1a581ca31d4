//! W3C Web Annotation Data Model, as JSON-LD: one AnnotationCollection with every annotation in
//! its first page. Each annotation targets its article with a TextQuoteSelector and a
//! TextPositionSelector (char offsets, as the model defines them); the tag is a TextualBody with
//! purpose `tagging`, the note one with purpose `commenting`. Speaker and claim, which the model
//! has no terms for, are kept under claimscope's own terms, declared in the context.

use serde::Serialize;
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

// Typed, borrowing structs: a hundred thousand annotations serialise several times faster
// than through `serde_json::Value`.
#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector<'a> {
    TextQuoteSelector { exact: &'a str, prefix: &'a str, suffix: &'a str },
    TextPositionSelector { start: usize, end: usize },
}

#[derive(Serialize)]
struct Target<'a> {
    source: String,
    selector: [Selector<'a>; 2],
}

/// Who made an annotation: a `foaf:Person` with a name, as the Web Annotation model allows.
#[derive(Serialize)]
struct Creator<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    created: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Creator<'a>>,
    #[serde(skip_serializing_if = "str::is_empty")]
    modified: &'a str,
    body: Vec<Body<'a>>,
    target: Target<'a>,
    #[serde(skip_serializing_if = "str::is_empty")]
    speaker: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim: Option<String>,
    #[serde(rename = "claimLabel", skip_serializing_if = "Option::is_none")]
    claim_label: Option<&'a str>,
}

fn annotation<'a>(d: &'a Document, a: &'a Annotation, sel: &Selection<'a>) -> Item<'a> {
    let (prefix, suffix) = a.quote.context_in(&d.text, a.range());
    let mut body = vec![Body { kind: "TextualBody", purpose: "tagging", value: sel.tag_name(a), format: None }];
    if !a.note.is_empty() {
        body.push(Body { kind: "TextualBody", purpose: "commenting", value: &a.note, format: Some("text/plain") });
    }
    let claim = a.claim.and_then(|c| sel.project.claim(c));
    Item {
        id: format!("{IRI}annotation:{}", a.id),
        kind: "Annotation",
        motivation: "tagging",
        created: &a.created,
        creator: (!a.created_by.is_empty()).then_some(Creator { kind: "Person", name: &a.created_by }),
        modified: &a.modified,
        body,
        target: Target {
            source: document_iri(d),
            selector: [
                Selector::TextQuoteSelector { exact: &a.quote.exact, prefix, suffix },
                Selector::TextPositionSelector { start: a.start, end: a.end },
            ],
        },
        speaker: &a.speaker,
        claim: claim.map(|c| format!("{IRI}claim:{}", c.id)),
        claim_label: claim.map(|c| c.label.as_str()),
    }
}

#[derive(Serialize)]
struct Page<'a> {
    /// The model says a page MUST have an IRI, and SHOULD say which collection it is part of.
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "partOf")]
    part_of: String,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: Value,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'a str,
    total: usize,
    documents: Vec<Value>,
    first: Page<'a>,
    /// The last page's IRI (every annotation is on the one page).
    last: String,
}

pub fn write(sel: &Selection<'_>, progress: &dyn Progress) -> Result<Vec<u8>, ExportError> {
    let total = sel.documents.len();
    let mut items = Vec::with_capacity(sel.annotation_count());
    let mut documents = Vec::with_capacity(total);
    for (k, (d, anns)) in sel.documents.iter().zip(&sel.annotations).enumerate() {
        tick(progress, k, total, &d.title)?;
        let mut doc = json!({
            "id": document_iri(d),
            "type": "Text",
            "format": "text/plain",
            "title": d.title,
        });
        // What the article does not say is left out, not written as "".
        for (key, value) in [("publisher", &d.source), ("issued", &d.published), ("url", &d.url)] {
            if !value.trim().is_empty()
                && let Some(o) = doc.as_object_mut()
            {
                o.insert(key.to_owned(), Value::String(value.clone()));
            }
        }
        documents.push(doc);
        items.extend(anns.iter().map(|a| annotation(d, a, sel)));
    }
    let id = format!("{IRI}collection:{}", super::slug(sel.project.name(), 60));
    let page = format!("{id}:page:1");
    let collection = Collection {
        context: context(),
        id: id.clone(),
        kind: "AnnotationCollection",
        label: sel.project.name(),
        total: items.len(),
        documents,
        first: Page { id: page.clone(), kind: "AnnotationPage", part_of: id, start_index: 0, items },
        last: page,
    };
    let mut bytes = serde_json::to_vec_pretty(&collection).unwrap_or_default();
    bytes.push(b'\n');
    Ok(bytes)
}
