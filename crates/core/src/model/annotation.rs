//! Annotations: a tagged span of one document.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::ids::{AnnotationId, ClaimId, DocId, TagId};
use super::shared::{Interner, Shared};
use super::text::Text;

/// Chars of context kept on each side of a quote, enough to tell repeated phrases apart.
pub const QUOTE_CONTEXT: usize = 32;

/// A W3C TextQuoteSelector: the quoted text with a little context on each side.
///
/// It lets an annotation find its place again when the offsets no longer fit the text
/// (see [`crate::model::anchor`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextQuote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

impl TextQuote {
    /// The quote of char range `r` of `text`, with [`QUOTE_CONTEXT`] chars of context.
    pub fn of(text: &Text, r: Range<usize>) -> Self {
        // The context is cut where an annotation's quote reads it from the text (`Quote`).
        Quote::of(text, r.clone()).full(text, r)
    }
}

/// The quote an annotation holds: its exact text, and its context only where the annotation
/// does not stand on it in its article (an orphan, or a quote read from a file before it is
/// placed).
///
/// Where the annotation stands on its quote, the context is the text around it, read when it is
/// wanted ([`Annotation::text_quote`]): kept in each annotation it cost two strings of 32 chars,
/// a third of the memory of a project of 100,000 annotations. When a text changes, the edit
/// that changes it gives the annotations that lose their place their context from the old text
/// ([`Quote::with_context_from`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Quote {
    pub exact: String,
    /// Prefix and suffix; none where they are the text's (see above).
    context: Option<Box<(String, String)>>,
}

impl Quote {
    /// The quote of char range `r` of `text`, its context the text's.
    pub fn of(text: &Text, r: Range<usize>) -> Quote {
        let end = r.end.min(text.len_chars());
        Quote { exact: text.slice(r.start.min(end)..end).to_owned(), context: None }
    }

    /// A quote with a context of its own (a quote not placed, or placed where its context is
    /// not known yet: [`Project::from_parts`] drops the context of those it finds in place).
    ///
    /// [`Project::from_parts`]: super::Project::from_parts
    pub fn kept(q: TextQuote) -> Quote {
        Quote { exact: q.exact, context: Some(Box::new((q.prefix, q.suffix))) }
    }

    /// The exact text alone, with no context at all (not even the text's).
    pub fn bare(exact: impl Into<String>) -> Quote {
        Quote::kept(TextQuote { exact: exact.into(), ..TextQuote::default() })
    }

    /// This quote with its context read from `text` at `r` if it has none of its own: for an
    /// annotation about to lose its place when its text changes.
    pub fn with_context_from(&self, text: &Text, r: Range<usize>) -> Quote {
        match self.context {
            Some(_) => self.clone(),
            None => Quote::kept(self.full(text, r)),
        }
    }

    /// Its context is the text's (see [`Quote`]).
    pub fn context_is_the_texts(&self) -> bool {
        self.context.is_none()
    }

    /// Forgets its own context: the annotation stands on it and the text gives it back.
    pub(crate) fn settle(&mut self) {
        self.context = None;
    }

    /// Its prefix and suffix: its own, or the text's around char range `r` of `text`.
    pub fn context_in<'a>(&'a self, text: &'a Text, r: Range<usize>) -> (&'a str, &'a str) {
        match &self.context {
            Some(c) => (&c.0, &c.1),
            None => {
                let end = r.end.min(text.len_chars());
                let start = r.start.min(end);
                (text.slice(start.saturating_sub(QUOTE_CONTEXT)..start), text.slice(end..end + QUOTE_CONTEXT))
            }
        }
    }

    /// The whole selector: its own context, or the text's around char range `r` of `text`.
    pub fn full(&self, text: &Text, r: Range<usize>) -> TextQuote {
        let (prefix, suffix) = self.context_in(text, r);
        TextQuote { exact: self.exact.clone(), prefix: prefix.to_owned(), suffix: suffix.to_owned() }
    }
}

// As the W3C selector it stands for: a quote whose context is the text's is written without it
// (only version 1 files, and the tests, write annotations this way; see `store::format`).
impl Serialize for Quote {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (prefix, suffix) = self.context.as_deref().map_or(("", ""), |c| (c.0.as_str(), c.1.as_str()));
        #[derive(Serialize)]
        struct Selector<'a> {
            exact: &'a str,
            prefix: &'a str,
            suffix: &'a str,
        }
        Selector { exact: &self.exact, prefix, suffix }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Quote {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Quote, D::Error> {
        TextQuote::deserialize(deserializer).map(Quote::kept)
    }
}

/// One tagged span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub id: AnnotationId,
    pub doc: DocId,
    /// Char offset of the first char (inclusive).
    pub start: usize,
    /// Char offset after the last char (exclusive).
    pub end: usize,
    pub quote: Quote,
    pub tag: TagId,
    #[serde(default)]
    pub note: Shared,
    /// Who the statement is attributed to, if anyone.
    #[serde(default)]
    pub speaker: Shared,
    #[serde(default)]
    pub claim: Option<ClaimId>,
    /// When it was made, RFC 3339 UTC (`2026-01-05T14:03:00Z`).
    #[serde(default)]
    pub created: Shared,
    /// Who made it: the analyst's name (preferences; the OS user by default), or the coder an
    /// imported file names. Empty when unknown.
    #[serde(default, skip_serializing_if = "Shared::is_empty")]
    pub created_by: Shared,
    /// When and by whom any of its fields (span, tag, note, speaker, claim) last changed.
    #[serde(default, skip_serializing_if = "Shared::is_empty")]
    pub modified: Shared,
    #[serde(default, skip_serializing_if = "Shared::is_empty")]
    pub modified_by: Shared,
    /// When and by whom it was linked to its claim; empty when it has none.
    #[serde(default, skip_serializing_if = "Shared::is_empty")]
    pub linked: Shared,
    #[serde(default, skip_serializing_if = "Shared::is_empty")]
    pub linked_by: Shared,
}

/// The parts of an [`Annotation`] an edit can change (not its id or document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotationFields {
    pub start: usize,
    pub end: usize,
    pub quote: Quote,
    pub tag: TagId,
    pub note: Shared,
    pub speaker: Shared,
    pub claim: Option<ClaimId>,
    pub modified: Shared,
    pub modified_by: Shared,
    pub linked: Shared,
    pub linked_by: Shared,
}

impl AnnotationFields {
    /// True when the two say the same, whoever changed them when.
    pub fn same_content(&self, other: &AnnotationFields) -> bool {
        (self.start, self.end, &self.quote, self.tag, &self.note, &self.speaker, self.claim)
            == (other.start, other.end, &other.quote, other.tag, &other.note, &other.speaker, other.claim)
    }
}

impl Annotation {
    /// A new annotation of `tag` over `range` of `text` (the text of article `doc`), its quote
    /// read from the text; no note, speaker, claim or stamps yet (set them with `..` update).
    pub fn over(id: AnnotationId, doc: DocId, text: &Text, range: Range<usize>, tag: TagId) -> Annotation {
        Annotation {
            id,
            doc,
            start: range.start,
            end: range.end,
            quote: Quote::of(text, range),
            tag,
            note: Shared::EMPTY,
            speaker: Shared::EMPTY,
            claim: None,
            created: Shared::EMPTY,
            created_by: Shared::EMPTY,
            modified: Shared::EMPTY,
            modified_by: Shared::EMPTY,
            linked: Shared::EMPTY,
            linked_by: Shared::EMPTY,
        }
    }

    /// Its short texts shared with the equal ones `interner` has seen (see [`Interner`]).
    pub fn intern(&mut self, interner: &mut Interner) {
        for s in [
            &mut self.note,
            &mut self.speaker,
            &mut self.created,
            &mut self.created_by,
            &mut self.modified,
            &mut self.modified_by,
            &mut self.linked,
            &mut self.linked_by,
        ] {
            interner.intern(s);
        }
    }

    /// The char range it covers.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The editable fields, for building an update.
    pub fn fields(&self) -> AnnotationFields {
        AnnotationFields {
            start: self.start,
            end: self.end,
            quote: self.quote.clone(),
            tag: self.tag,
            note: self.note.clone(),
            speaker: self.speaker.clone(),
            claim: self.claim,
            modified: self.modified.clone(),
            modified_by: self.modified_by.clone(),
            linked: self.linked.clone(),
            linked_by: self.linked_by.clone(),
        }
    }

    pub(crate) fn set_fields(&mut self, f: AnnotationFields) {
        self.start = f.start;
        self.end = f.end;
        self.quote = f.quote;
        self.tag = f.tag;
        self.note = f.note;
        self.speaker = f.speaker;
        self.claim = f.claim;
        self.modified = f.modified;
        self.modified_by = f.modified_by;
        self.linked = f.linked;
        self.linked_by = f.linked_by;
    }

    /// Its quote with its context: its own, or that of `text` (its article's) around it.
    pub fn text_quote(&self, text: &Text) -> TextQuote {
        self.quote.full(text, self.range())
    }

    /// True when the text at its offsets is its quote.
    pub fn is_anchored_in(&self, text: &Text) -> bool {
        self.start < self.end && self.end <= text.len_chars() && text.slice(self.range()) == self.quote.exact
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_takes_context_by_chars() {
        let text = Text::new("« Il a dit “légitime défense” », a répété le porte‑parole.");
        let start = text.find_all("légitime")[0];
        assert_eq!(start, 12);
        let q = TextQuote::of(&text, start..start + 16);
        assert_eq!(q.exact, "légitime défense");
        assert_eq!(q.prefix, "« Il a dit “");
        assert!(q.suffix.starts_with("” »"));
    }

    #[test]
    fn quote_clamps_out_of_range() {
        let text = Text::new("short");
        let q = TextQuote::of(&text, 3..99);
        assert_eq!(q.exact, "rt");
        assert_eq!(q.suffix, "");
    }
}
