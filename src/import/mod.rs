//! Bringing articles into a project, one file per format.

pub mod text;

use std::path::PathBuf;

use crate::store::LineCol;

/// Why an article could not be imported. Each names the file; the path goes last.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read the article ({source}): {}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the article is not UTF-8 text (invalid byte at {at}); convert it to UTF-8 first: {}", path.display())]
    NotUtf8 { path: PathBuf, at: LineCol },
    #[error("the article has no text: {}", path.display())]
    Empty { path: PathBuf },
}

/// An article ready to become a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    pub title: String,
    pub source: String,
    pub url: String,
    pub published: String,
    pub text: String,
}
