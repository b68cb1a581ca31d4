//! Reading W3C Web Annotations (JSON-LD) as annotations to merge: an AnnotationCollection (as
//! claimscope writes it, or with its items in `first.items`), an AnnotationPage, a list, or one
//! Annotation. The tag is the first `tagging` body, the note the `commenting` ones; the position
//! comes from a TextPositionSelector and the quote from a TextQuoteSelector.

use std::path::Path;

use serde_json::Value;

use super::ImportError;
use super::merge::{Incoming, IncomingAnnotation, IncomingClaim, IncomingDoc};
use crate::model::TextQuote;
use crate::store::LineCol;

/// True when the JSON looks like Web Annotation data rather than a claimscope export.
pub fn looks_like(v: &Value) -> bool {
    let ty = v.get("type").and_then(Value::as_str).unwrap_or_default();
    matches!(ty, "AnnotationCollection" | "AnnotationPage" | "Annotation") || v.get("@context").is_some()
}

pub fn parse(bytes: &[u8], path: &Path) -> Result<Value, ImportError> {
    let text = super::text::decode(bytes, path)?.0;
    serde_json::from_str(&text).map_err(|e| ImportError::Json {
        path: path.to_owned(),
        at: LineCol { line: e.line(), col: e.column() },
        message: e.to_string(),
    })
}

fn items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        _ => match v.get("type").and_then(Value::as_str) {
            Some("Annotation") => vec![v],
            _ => v
                .get("items")
                .or_else(|| v.get("first").and_then(|f| f.get("items")))
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
        },
    }
}

fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

fn s(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// The most tags one Web Annotation brings (one annotation of the passage each).
const MAX_TAGS: usize = 16;

/// The annotations of a Web Annotation document.
pub fn to_incoming(v: &Value, path: &Path) -> Result<Incoming, ImportError> {
    let mut inc = Incoming::default();
    for d in as_list(v.get("documents")) {
        inc.documents.push(IncomingDoc {
            key: s(d.get("id")),
            title: s(d.get("title")),
            source: s(d.get("publisher")),
            url: s(d.get("url")),
            published: s(d.get("issued")),
            byline: String::new(),
            section: String::new(),
            text: None,
        });
    }
    let list = items(v);
    if list.is_empty() && !looks_like(v) {
        return Err(ImportError::Invalid { path: path.to_owned(), message: "no Web Annotations found".into() });
    }
    // A collection states how many annotations it has, and may hold only its first page of
    // them: the others were left out without a word.
    let total = v.get("total").and_then(Value::as_u64);
    let next = v.get("first").and_then(|f| f.get("next")).map(|n| s(Some(n)).chars().take(200).collect::<String>());
    if let Some(total) = total.filter(|&t| t != list.len() as u64) {
        let pages = match next.as_deref() {
            Some(n) if !n.is_empty() => format!("; its next page, {n}, is not in this file"),
            _ => String::new(),
        };
        inc.ignored.push(format!("the collection states {total} annotation(s) and holds {}{pages}", list.len()));
    } else if let Some(n) = next.filter(|n| !n.is_empty()) {
        inc.ignored.push(format!("the collection's next page, {n}, is not in this file"));
    }
    let (mut unread_bodies, mut extra_tags) = (0, 0);
    for (k, a) in list.into_iter().enumerate() {
        let target = as_list(a.get("target")).into_iter().next();
        let source = match target.and_then(|t| t.get("source")) {
            Some(Value::String(s)) => s.clone(),
            Some(o) => s(o.get("id")),
            None => target.and_then(Value::as_str).unwrap_or_default().to_owned(),
        };
        let selectors = as_list(target.and_then(|t| t.get("selector")));
        let quote = selectors.iter().find(|x| x.get("type").and_then(Value::as_str) == Some("TextQuoteSelector"));
        let position = selectors.iter().find(|x| x.get("type").and_then(Value::as_str) == Some("TextPositionSelector"));
        let Some(quote) = quote else {
            inc.ignored.push(format!("annotation {} has no TextQuoteSelector", k + 1));
            continue;
        };
        let bodies = as_list(a.get("body"));
        let purpose = |b: &Value, p: &str| {
            as_list(b.get("purpose")).iter().any(|x| x.as_str() == Some(p))
                || (p == "commenting" && b.get("purpose").is_none())
        };
        // Every tagging body is a tag of the passage (a second one was dropped unsaid); the
        // text of a body of another purpose (a reply, a description, a question…) joins the
        // note under its purpose; a body with no text of its own is counted as not read.
        // At most MAX_TAGS tags a passage: each is an annotation holding the note, and 15,000
        // tagging bodies on one annotation with a 400 KB note (a 976 KB file) made 6 GB.
        let mut tags: Vec<String> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        for b in &bodies {
            let value = b.get("value").and_then(Value::as_str).map(str::trim).filter(|v| !v.is_empty());
            if purpose(b, "tagging") {
                match value {
                    Some(v) if tags.len() >= MAX_TAGS && !tags.iter().any(|t| t == v) => extra_tags += 1,
                    Some(v) if !tags.iter().any(|t| t == v) => tags.push(v.to_owned()),
                    Some(_) => {}
                    None => unread_bodies += 1,
                }
            } else if purpose(b, "commenting") {
                notes.extend(value.map(str::to_owned));
            } else {
                match value {
                    Some(v) => {
                        let what = as_list(b.get("purpose")).first().and_then(|p| p.as_str()).unwrap_or("body");
                        notes.push(format!("{}: {v}", crate::model::truncate(what, 40)));
                    }
                    None => unread_bodies += 1,
                }
            }
        }
        if tags.is_empty() {
            tags.push("Imported".into());
        }
        let note = notes.join("\n\n");
        let claim = a.get("claim").map(|c| s(Some(c))).filter(|c| !c.is_empty());
        if let Some(key) = &claim
            && !inc.claims.iter().any(|c| &c.key == key)
        {
            let label = s(a.get("claimLabel"));
            inc.claims.push(IncomingClaim {
                key: key.clone(),
                label: if label.is_empty() { key.clone() } else { label },
                note: String::new(),
            });
        }
        if !inc.documents.iter().any(|d| d.key == source) {
            inc.documents.push(IncomingDoc { key: source.clone(), ..IncomingDoc::default() });
        }
        let exact = s(quote.get("exact"));
        let start = position.and_then(|p| p.get("start")).and_then(Value::as_u64).unwrap_or(0) as usize;
        let end = position
            .and_then(|p| p.get("end"))
            .and_then(Value::as_u64)
            .map_or(start + exact.chars().count(), |e| e as usize);
        let one = IncomingAnnotation {
            doc: source,
            start,
            end,
            quote: TextQuote { exact, prefix: s(quote.get("prefix")), suffix: s(quote.get("suffix")) },
            tag: String::new(),
            note,
            speaker: s(a.get("speaker")),
            claim,
            created: s(a.get("created")),
            // A creator is a name, or an object (a Person) with one.
            created_by: match a.get("creator") {
                Some(Value::Object(o)) => s(o.get("name")),
                Some(Value::Array(list)) => {
                    list.first().and_then(|c| c.get("name")).map(|n| s(Some(n))).unwrap_or_default()
                }
                other => s(other),
            },
        };
        for tag in tags {
            inc.annotations.push(IncomingAnnotation { tag, ..one.clone() });
        }
    }
    if extra_tags > 0 {
        inc.ignored
            .push(format!("{extra_tags} tagging bod(ies) past the {MAX_TAGS} tags one annotation may bring, not read"));
    }
    if unread_bodies > 0 {
        inc.ignored
            .push(format!("{unread_bodies} annotation bod(ies) with no text of their own (a link or a resource)"));
    }
    Ok(inc)
}
