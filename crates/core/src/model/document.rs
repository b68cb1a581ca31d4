//! An article under study.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::ids::DocId;
use super::text::Text;

/// One imported article: its text and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: DocId,
    pub title: String,
    /// The outlet that published it ("Reuters").
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub url: String,
    /// Free text or an ISO 8601 date, as the analyst found it.
    #[serde(default)]
    pub published: String,
    /// Who wrote it ("By Jane Doe and John Roe"), as the page or file says.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub byline: String,
    /// The outlet's section ("Politik", "Foreign Desk"), as the database says.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
    pub text: Text,
}

/// Why a quote could not be placed in an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteError {
    #[error("the quote “{quote}” is not in document {doc} ({title})")]
    NotFound { quote: String, doc: DocId, title: String },
    #[error("occurrences count from 1")]
    ZeroOccurrence,
    #[error("the quote “{quote}” occurs {n} time(s) in {doc}, not {k}")]
    TooFew { quote: String, doc: DocId, n: usize, k: usize },
    #[error("the quote “{quote}” occurs {n} times in {doc} (at chars {starts}); pass --occurrence N")]
    Ambiguous { quote: String, doc: DocId, n: usize, starts: String },
}

/// A document's metadata, which an edit can change. The text changes only through
/// [`Edit::ReplaceText`](crate::model::Edit::ReplaceText), which moves its annotations with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentFields {
    pub title: String,
    pub source: String,
    pub url: String,
    pub published: String,
    pub byline: String,
    pub section: String,
}

impl Document {
    /// The editable fields, for building an update.
    pub fn fields(&self) -> DocumentFields {
        DocumentFields {
            title: self.title.clone(),
            source: self.source.clone(),
            url: self.url.clone(),
            published: self.published.clone(),
            byline: self.byline.clone(),
            section: self.section.clone(),
        }
    }

    pub(crate) fn set_fields(&mut self, f: DocumentFields) {
        self.title = f.title;
        self.source = f.source;
        self.url = f.url;
        self.published = f.published;
        self.byline = f.byline;
        self.section = f.section;
    }

    /// How the article is named where room is short: its outlet, else its title.
    pub fn short_name(&self) -> &str {
        if self.source.trim().is_empty() { &self.title } else { &self.source }
    }

    /// Where `quote` is in the article: exactly, else with spaces and quote marks folded (typed or
    /// copied quotes often differ in those only); `occurrence` (from 1) picks one of several.
    pub fn find_quote(&self, quote: &str, occurrence: Option<usize>) -> Result<Range<usize>, QuoteError> {
        let len = quote.chars().count();
        let mut hits: Vec<Range<usize>> = self.text.find_all(quote).into_iter().map(|s| s..s + len).collect();
        if hits.is_empty() {
            hits = self.text.find_loose(quote);
        }
        let (doc, q) = (self.id, super::short(quote));
        match (hits.len(), occurrence) {
            (0, _) => Err(QuoteError::NotFound { quote: q, doc, title: self.title.clone() }),
            (_, Some(0)) => Err(QuoteError::ZeroOccurrence),
            (n, Some(k)) if k > n => Err(QuoteError::TooFew { quote: q, doc, n, k }),
            (_, Some(k)) => Ok(hits[k - 1].clone()),
            (1, None) => Ok(hits[0].clone()),
            (n, None) => Err(QuoteError::Ambiguous {
                quote: q,
                doc,
                n,
                starts: hits.iter().map(|r| r.start.to_string()).collect::<Vec<_>>().join(", "),
            }),
        }
    }

    /// "Title (Outlet)" or just the title.
    pub fn label(&self) -> String {
        if self.source.is_empty() { self.title.clone() } else { format!("{} ({})", self.title, self.source) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document {
            id: DocId(3),
            title: "T".into(),
            source: String::new(),
            url: String::new(),
            published: String::new(),
            byline: String::new(),
            section: String::new(),
            text: Text::new(text),
        }
    }

    #[test]
    fn a_quote_is_found_exactly_or_loosely_and_ambiguity_is_said() {
        let d = doc("He said “self-defence”. Then:  \"self-defence\" again.");
        assert_eq!(d.find_quote("Then:", None), Ok(24..29));
        assert!(matches!(d.find_quote("self-defence", None), Err(QuoteError::Ambiguous { n: 2, .. })));
        assert_eq!(d.find_quote("self-defence", Some(2)).map(|r| r.start), Ok(32));
        assert_eq!(d.find_quote("self-defence", Some(0)), Err(QuoteError::ZeroOccurrence));
        assert!(matches!(d.find_quote("self-defence", Some(3)), Err(QuoteError::TooFew { n: 2, k: 3, .. })));
        // Spaces and quote marks folded.
        assert_eq!(d.find_quote("Then: \"self-defence\"", None).map(|r| r.start), Ok(24));
        assert!(matches!(d.find_quote("nowhere", None), Err(QuoteError::NotFound { .. })));
    }
}
