//! Bringing articles and annotations into a project, one file per format.

pub mod brat;
pub mod html;
pub mod json;
pub mod markdown;
pub mod merge;
pub mod text;
pub mod w3c;

use std::path::{Path, PathBuf};

use crate::store::LineCol;

/// Why something could not be imported. Each names the file; the path goes last.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read ({source}): {}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the file is not UTF-8 text (invalid byte at {at}); convert it to UTF-8 first: {}", path.display())]
    NotUtf8 { path: PathBuf, at: LineCol },
    #[error("the file has no text: {}", path.display())]
    Empty { path: PathBuf },
    #[error("the file is not valid JSON at {at}: {message}: {}", path.display())]
    Json { path: PathBuf, at: LineCol, message: String },
    #[error("{message}: {}", path.display())]
    Invalid { path: PathBuf, message: String },
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

/// Kinds of article file, by name ending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleKind {
    Text,
    Markdown,
    Html,
}

impl ArticleKind {
    /// The kind of an article file, if its name says.
    pub fn of(path: &Path) -> Option<ArticleKind> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(ArticleKind::Text),
            "md" | "markdown" => Some(ArticleKind::Markdown),
            "html" | "htm" | "xhtml" => Some(ArticleKind::Html),
            _ => None,
        }
    }
}

/// What one file (or brat folder) given to an import holds.
#[derive(Clone, Debug)]
pub enum ImportFile {
    Article(Article),
    Annotations(merge::Incoming),
    /// A whole claimscope JSON export.
    Export(crate::export::json::ExportFile),
}

/// Reads any importable file: a brat folder, a claimscope or W3C JSON file, or an article.
pub fn read_any(path: &Path, title: Option<&str>) -> Result<ImportFile, ImportError> {
    if path.is_dir() {
        return Ok(ImportFile::Annotations(brat::read_folder(path)?));
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if ext == "json" || ext == "jsonld" {
        let bytes = std::fs::read(path).map_err(|source| ImportError::Io { path: path.to_owned(), source })?;
        let value = w3c::parse(&bytes, path)?;
        if value.get("format").and_then(|f| f.as_str()) == Some(crate::export::json::FORMAT) {
            return Ok(ImportFile::Export(json::parse(&bytes, path)?));
        }
        return Ok(ImportFile::Annotations(w3c::to_incoming(&value, path)?));
    }
    Ok(ImportFile::Article(read_article(path, title)?))
}

/// Reads an article file with `convert` (markup to article).
fn read_converted(path: &Path, title: Option<&str>, convert: fn(&str) -> Article) -> Result<Article, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io { path: path.to_owned(), source })?;
    from_bytes_converted(&bytes, path, title, convert)
}

/// An article from file contents through `convert`; `title`, when given, wins.
fn from_bytes_converted(
    bytes: &[u8],
    path: &Path,
    title: Option<&str>,
    convert: fn(&str) -> Article,
) -> Result<Article, ImportError> {
    let src = text::decode(bytes, path)?;
    let mut article = convert(&src);
    if let Some(t) = title {
        article.title = t.trim().to_owned();
    }
    if article.text.trim().is_empty() {
        return Err(ImportError::Empty { path: path.to_owned() });
    }
    Ok(article)
}

/// Reads an article file of any supported kind (plain text for unknown endings).
pub fn read_article(path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
    match ArticleKind::of(path) {
        Some(ArticleKind::Markdown) => markdown::read(path, title),
        Some(ArticleKind::Html) => html::read(path, title),
        _ => text::read(path, title),
    }
}
