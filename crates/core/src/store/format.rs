//! The project file: one self-contained RON file, versioned, in a fixed order, made to diff and
//! merge well in git. Version 2 (written since issue 13; version 1 files are read and become
//! version 2 at their next save, the `.bak` keeping the old file):
//!
//! ```ron
//! (
//!   format: "claimscope",
//!   version: 2,
//!   name: "Soleimani",
//!   uuid: "0b6f3c5e-…",
//!   next_id: 123,
//!   tags: [
//!     (id:1,name:"Fact",colour:"#0072B2",key:Some('1'),description:"…"),
//!   ],
//!   documents: [
//!     (id: 5, title: "…", source: "Reuters", url: "…", published: "2020-01-08", text: "…
//! …"),
//!   ],
//!   claims: [
//!     (id:80,label:"The strike was self-defence",note:""),
//!   ],
//!   annotations: [
//!     (id:81,doc:5,start:120,end:132,tag:2,quote:"…",context:"9f3a1c07",speaker:"…",claim:Some(80)),
//!   ],
//! )
//! ```
//! One line per tag, claim and annotation (and per article's fields, its text following as a
//! multi-line string), sorted by id: a change to one item is a change to its line, an edit to a
//! text is a line diff, and a three-way merge can go item by item. (Plain git still conflicts
//! where two people both append items, which take the same new ids, and both raise `next_id`.) What can be derived is not
//! stored: an annotation keeps its exact quote and a hash of the 32 chars around it, enough to
//! find its place again if the text changes (the context itself is read from the text on load).
//! Empty fields are left out.

use serde::{Deserialize, Serialize};

use crate::analysis::suggest::Dismissal;
use crate::model::{
    Annotation, AnnotationId, Claim, ClaimId, Conflict, Decision, DocId, Document, Project, ProjectParts, Quote,
    TagDef, TagId, Text, TextQuote,
};

/// The value of the `format` field.
pub const FORMAT: &str = "claimscope";
/// The newest file version this build reads and the one it writes.
pub const VERSION: u64 = 2;

/// Just enough of a file to decide whether and how to read the rest.
#[derive(Deserialize)]
pub(crate) struct Header {
    #[serde(default)]
    pub format: String,
    #[serde(default)]
    pub version: u64,
}

/// A project file as read, its annotations of type `A`: [`FileV1`] or [`FileV2`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct File<A> {
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
    #[serde(default = "Vec::new")]
    pub annotations: Vec<A>,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub decisions: Vec<Decision>,
    #[serde(default)]
    pub dismissed: Vec<Dismissal>,
}

/// A version 1 file: annotations with their whole quote selector.
pub(crate) type FileV1 = File<Annotation>;
/// A version 2 file: one-line annotations.
pub(crate) type FileV2 = File<AnnotationV2>;

impl<A: Send> File<A> {
    /// The stored parts, each annotation made by `annotation` (which sees the articles).
    fn parts(self, annotation: impl Fn(&[Document], A) -> Annotation + Sync) -> ProjectParts {
        let documents = &self.documents;
        let annotations = crate::model::par::par_map(self.annotations, |a| annotation(documents, a));
        ProjectParts {
            name: self.name,
            uuid: self.uuid,
            next_id: self.next_id,
            tags: self.tags,
            claims: self.claims,
            annotations,
            documents: self.documents,
            conflicts: self.conflicts,
            decisions: self.decisions,
            dismissed: self.dismissed,
        }
    }
}

impl FileV1 {
    pub fn into_parts(self) -> ProjectParts {
        self.parts(|_, a| a)
    }
}

fn is_empty<S: AsRef<str>>(s: &S) -> bool {
    s.as_ref().is_empty()
}

/// An annotation as version 2 stores it: on one line, without what the text gives back. Read
/// as [`AnnotationV2`] (owned strings); written borrowing from the project (`&str`).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound(serialize = "S: Serialize + AsRef<str>"))]
pub(crate) struct AnnotationLine<S> {
    pub id: AnnotationId,
    pub doc: DocId,
    pub start: usize,
    pub end: usize,
    pub tag: TagId,
    pub quote: S,
    /// [`context_hash`] of the quote's context when saved.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub context: S,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub note: S,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub speaker: S,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<ClaimId>,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub created: S,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub created_by: S,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub modified: S,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub modified_by: S,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub linked: S,
    #[serde(default, skip_serializing_if = "is_empty")]
    pub linked_by: S,
}

/// A version 2 annotation as read.
pub(crate) type AnnotationV2 = AnnotationLine<String>;

/// A short hash of a quote's context (FNV-1a, 32 bits, hex): enough to tell the occurrences of
/// a quote apart when the text has changed, at 8 bytes instead of 64 chars of context.
pub fn context_hash(prefix: &str, suffix: &str) -> String {
    let h = crate::model::hash::fnv1a_32([prefix.as_bytes(), &[0x1f], suffix.as_bytes()]);
    format!("{h:08x}")
}

impl FileV2 {
    /// The stored parts, each annotation's quote context read from its article: where the
    /// quote still stands at its offsets, the context around it; where it does not (the text
    /// was changed outside claimscope), the context of the occurrence whose context hash
    /// matches, so that re-anchoring prefers it; else none.
    pub fn into_parts(self) -> ProjectParts {
        let positions: std::collections::HashMap<DocId, usize> =
            self.documents.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let budget = std::sync::atomic::AtomicUsize::new(CONTEXT_BUDGET);
        self.parts(|documents, a| {
            let quote = match positions.get(&a.doc).map(|&i| &documents[i].text) {
                Some(text) => context_of(text, &a, &budget),
                None => Quote::bare(a.quote.as_str()),
            };
            Annotation {
                id: a.id,
                doc: a.doc,
                start: a.start,
                end: a.end,
                quote,
                tag: a.tag,
                note: a.note.into(),
                speaker: a.speaker.into(),
                claim: a.claim,
                created: a.created.into(),
                created_by: a.created_by.into(),
                modified: a.modified.into(),
                modified_by: a.modified_by.into(),
                linked: a.linked.into(),
                linked_by: a.linked_by.into(),
            }
        })
    }
}

/// Bytes of text one load may search for the quotes not at their offsets, to find their
/// contexts (~1 s): each such quote searched its whole article, unbounded, so 3,000 of them in
/// a 700,000-char article (a 1 MB file) took 5 s of every load, and a merge loads three files.
/// Past it a quote keeps no context, and re-anchoring (bounded by its own budget) places it.
const CONTEXT_BUDGET: usize = 400_000_000;
/// What one occurrence of a quote costs of [`CONTEXT_BUDGET`]: its context made and hashed
/// (~150 ns, as long as scanning ~60 bytes), counted as more to leave room for the scans.
const PER_OCCURRENCE: usize = 256;

/// The quote of `a` with its context from `text` (see [`FileV2::into_parts`]); searches are
/// paid from `budget` (bytes).
fn context_of(text: &Text, a: &AnnotationV2, budget: &std::sync::atomic::AtomicUsize) -> Quote {
    use std::sync::atomic::Ordering;
    if a.start < a.end && a.end <= text.len_chars() && text.slice(a.start..a.end) == a.quote {
        return Quote::of(text, a.start..a.end);
    }
    let len = text.as_str().len();
    let paid = || budget.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(len)).is_ok();
    if !a.context.is_empty() && !a.quote.is_empty() && paid() {
        let n = a.quote.chars().count();
        let s = text.as_str();
        // Char offsets of each occurrence, counted as the search moves on (linear in the text).
        let (mut chars, mut bytes) = (0usize, 0usize);
        for (at, _) in s.match_indices(a.quote.as_str()) {
            // Each occurrence is paid for too: a two-char quote met 300,000 times in its article
            // cost its context's making and hashing 300,000 times, and 5,000 such quotes (a
            // 0.95 MB file) took 31 s of a load charged by the text's bytes alone.
            if budget
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(PER_OCCURRENCE))
                .is_err()
            {
                break;
            }
            chars += s[bytes..at].chars().count();
            bytes = at;
            let q = TextQuote::of(text, chars..chars + n);
            if context_hash(&q.prefix, &q.suffix) == a.context {
                return Quote::kept(q);
            }
        }
    }
    Quote::bare(a.quote.as_str())
}

/// One line per item: compact RON, strings escaped (a note's line breaks become \n).
fn line(out: &mut String, value: &impl Serialize) -> Result<(), ron::Error> {
    out.push_str("    ");
    ron::ser::to_writer(&mut *out, value)?;
    out.push_str(",\n");
    Ok(())
}

/// The articles: each one's fields on its first line, its text as it is (line breaks kept), so
/// that a change to a text is a line diff.
fn document_lines(project: &Project) -> Result<String, ron::Error> {
    let mut out = String::with_capacity(project.documents().iter().map(|d| d.text.as_str().len() + 256).sum());
    let config = ron::ser::PrettyConfig::new().escape_strings(false).compact_structs(true).struct_names(false);
    for d in project.documents() {
        out.push_str("    ");
        out.push_str(&ron::ser::to_string_pretty(d, config.clone())?);
        out.push_str(",\n");
    }
    Ok(out)
}

/// The lines of these annotations.
fn annotation_lines(project: &Project, anns: &[&Annotation]) -> Result<String, ron::Error> {
    let mut out = String::with_capacity(200 * anns.len());
    let none = Text::default();
    for a in anns {
        let text = project.document(a.doc).map_or(&none, |d| &d.text);
        let (prefix, suffix) = a.quote.context_in(text, a.range());
        let context = context_hash(prefix, suffix);
        let stored = AnnotationLine::<&str> {
            id: a.id,
            doc: a.doc,
            start: a.start,
            end: a.end,
            tag: a.tag,
            quote: &a.quote.exact,
            context: &context,
            note: &a.note,
            speaker: &a.speaker,
            claim: a.claim,
            created: &a.created,
            created_by: &a.created_by,
            modified: &a.modified,
            modified_by: &a.modified_by,
            linked: &a.linked,
            linked_by: &a.linked_by,
        };
        line(&mut out, &stored)?;
    }
    Ok(out)
}

/// The project as the text of a version 2 project file.
pub fn to_ron(project: &Project) -> Result<String, ron::Error> {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(
        project.documents().iter().map(|d| d.text.as_str().len()).sum::<usize>()
            + 200 * project.annotation_count()
            + 4096,
    );
    let _ = write!(
        out,
        "(\n  format: {},\n  version: {VERSION},\n  name: {},\n  uuid: {},\n  next_id: {},\n",
        ron::to_string(FORMAT)?,
        ron::to_string(project.name())?,
        ron::to_string(&project.uuid().to_string())?,
        project.next_id()
    );
    out.push_str("  tags: [\n");
    // Lists keep the project's order (the tag bar's, the article list's, the claims'), which
    // is the order of their ids unless the analyst moved something; annotations go by id.
    for t in project.tags() {
        line(&mut out, t)?;
    }
    // The articles and the annotation lines are written on several threads, each into its
    // own string, joined in order: on 100k annotations serialising is most of a save.
    let anns: Vec<&Annotation> = project.annotations().collect();
    let per = anns.len().div_ceil(crate::model::par::threads()).max(8192);
    let (documents, lines) = std::thread::scope(|s| {
        let handles: Vec<_> = anns.chunks(per).map(|chunk| s.spawn(move || annotation_lines(project, chunk))).collect();
        let documents = document_lines(project);
        let lines: Result<Vec<String>, ron::Error> = handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| Err(ron::Error::Message("a thread writing annotations failed".into())))
            })
            .collect();
        (documents, lines)
    });
    out.push_str("  ],\n  documents: [\n");
    out.push_str(&documents?);
    out.push_str("  ],\n  claims: [\n");
    for c in project.claims() {
        line(&mut out, c)?;
    }
    out.push_str("  ],\n  annotations: [\n");
    for l in lines? {
        out.push_str(&l);
    }
    out.push_str("  ],\n");
    // Written only when there are any, so that a file without them looks as it always has.
    if !project.conflicts().is_empty() {
        out.push_str("  conflicts: [\n");
        for c in project.conflicts() {
            line(&mut out, c)?;
        }
        out.push_str("  ],\n");
    }
    if !project.decisions().is_empty() {
        out.push_str("  decisions: [\n");
        for d in project.decisions() {
            line(&mut out, d)?;
        }
        out.push_str("  ],\n");
    }
    if !project.dismissed().is_empty() {
        out.push_str("  dismissed: [\n");
        for d in project.dismissed() {
            line(&mut out, d)?;
        }
        out.push_str("  ],\n");
    }
    out.push_str(")\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A version 2 annotation of `quote` with the context hash of its place at `at` in `text`,
    /// stored at the wrong offsets (the text was changed outside claimscope).
    fn moved(text: &Text, quote: &str, at: usize) -> AnnotationV2 {
        let n = quote.chars().count();
        let q = TextQuote::of(text, at..at + n);
        let line = format!(
            "(id:9,doc:1,start:0,end:{n},tag:1,quote:{:?},context:\"{}\")",
            quote,
            context_hash(&q.prefix, &q.suffix)
        );
        ron::from_str(&line).expect("a line")
    }

    #[test]
    fn contexts_are_searched_for_within_one_budget() {
        let text = Text::new("one two three two four two five");
        let a = moved(&text, "two", 14);
        // Enough for the text and one occurrence: the search stops at the first, whose context
        // is not the one stored.
        let len = text.as_str().len();
        let budget = AtomicUsize::new(len + PER_OCCURRENCE);
        let q = context_of(&text, &a, &budget).full(&text, 0..3);
        assert_eq!((q.exact.as_str(), q.prefix.as_str(), q.suffix.as_str()), ("two", "", ""));
        // Enough for one search to the second occurrence: its context matches, and it is found.
        let budget = AtomicUsize::new(len + 2 * PER_OCCURRENCE);
        let q = context_of(&text, &a, &budget).full(&text, 0..3);
        assert_eq!((q.prefix.as_str(), q.suffix.as_str()), ("one two three ", " four two five"));
        assert_eq!(budget.load(Ordering::Relaxed), 0);
        // Spent: the quote keeps no context (re-anchoring, with its own budget, places it).
        let q = context_of(&text, &a, &budget).full(&text, 0..3);
        assert_eq!((q.exact.as_str(), q.prefix.as_str(), q.suffix.as_str()), ("two", "", ""));
    }
}
