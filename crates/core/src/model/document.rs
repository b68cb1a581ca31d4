//! An article under study.

use serde::{Deserialize, Serialize};

use super::ids::DocId;
use super::text::Text;

/// One imported article: its text and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

    /// "Title (Outlet)" or just the title.
    pub fn label(&self) -> String {
        if self.source.is_empty() { self.title.clone() } else { format!("{} ({})", self.title, self.source) }
    }
}
