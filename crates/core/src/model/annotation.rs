//! Annotations: a tagged span of one document.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::ids::{AnnotationId, ClaimId, DocId, TagId};
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
        let end = r.end.min(text.len_chars());
        let start = r.start.min(end);
        TextQuote {
            exact: text.slice(start..end).to_owned(),
            prefix: text.slice(start.saturating_sub(QUOTE_CONTEXT)..start).to_owned(),
            suffix: text.slice(end..end + QUOTE_CONTEXT).to_owned(),
        }
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
    pub quote: TextQuote,
    pub tag: TagId,
    #[serde(default)]
    pub note: String,
    /// Who the statement is attributed to, if anyone.
    #[serde(default)]
    pub speaker: String,
    #[serde(default)]
    pub claim: Option<ClaimId>,
    /// When it was made, RFC 3339 UTC (`2026-01-05T14:03:00Z`).
    #[serde(default)]
    pub created: String,
    /// Who made it: the analyst's name (preferences; the OS user by default), or the coder an
    /// imported file names. Empty when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created_by: String,
    /// When and by whom any of its fields (span, tag, note, speaker, claim) last changed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified_by: String,
    /// When and by whom it was linked to its claim; empty when it has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub linked: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub linked_by: String,
}

/// The parts of an [`Annotation`] an edit can change (not its id or document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotationFields {
    pub start: usize,
    pub end: usize,
    pub quote: TextQuote,
    pub tag: TagId,
    pub note: String,
    pub speaker: String,
    pub claim: Option<ClaimId>,
    pub modified: String,
    pub modified_by: String,
    pub linked: String,
    pub linked_by: String,
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
            quote: TextQuote::of(text, range),
            tag,
            note: String::new(),
            speaker: String::new(),
            claim: None,
            created: String::new(),
            created_by: String::new(),
            modified: String::new(),
            modified_by: String::new(),
            linked: String::new(),
            linked_by: String::new(),
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
