//! Writing annotation sets in the formats analysts and tools use, one file per format.
//!
//! Every export works on a [`Selection`]: the articles and annotations a [`Scope`] keeps. The
//! output is built in memory and written at the end, atomically (a temporary file or folder
//! renamed into place), so that a cancelled or failed export leaves no half-written output.
//! Offsets are always char offsets into the exported text.

pub mod brat;
pub mod csv;
pub mod html;
pub mod json;
pub mod qdpx;
pub mod tables;
pub mod w3c;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::model::compare::Filter;
use crate::model::{Annotation, Claim, Document, Project, TagDef};
use crate::store::{SaveError, write_file_atomic};

/// Which articles and annotations an export covers: the same filter as the side view (an empty
/// set means all).
pub type Scope = Filter;

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Csv,
    W3c,
    Brat,
    Html,
    Qdpx,
}

impl Format {
    pub const ALL: [Format; 6] = [Format::Json, Format::Csv, Format::W3c, Format::Brat, Format::Html, Format::Qdpx];

    /// What it is, for menus.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "claimscope JSON (full fidelity)",
            Format::Csv => "CSV (one row per annotation)",
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Brat => "brat standoff (folder)",
            Format::Html => "HTML report",
            Format::Qdpx => "REFI-QDA project (.qdpx)",
        }
    }

    /// File name ending of the output (a brat export is a folder).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::W3c => "jsonld",
            Format::Brat => "",
            Format::Html => "html",
            Format::Qdpx => "qdpx",
        }
    }

    pub fn is_folder(self) -> bool {
        self == Format::Brat
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::W3c => "w3c",
            Format::Brat => "brat",
            Format::Html => "html",
            Format::Qdpx => "qdpx",
        })
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.to_string().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown export format “{s}”; use one of json, csv, w3c, brat, html, qdpx"))
    }
}

/// Options some formats take.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// CSV: start with a byte-order mark, so that Excel reads the file as UTF-8.
    pub bom: bool,
}

/// Told how far an export has got; asked whether to go on.
pub trait Progress: Sync {
    fn report(&self, done: usize, total: usize, what: &str);
    fn cancelled(&self) -> bool {
        false
    }
}

/// Progress nobody watches.
pub struct Silent;

impl Progress for Silent {
    fn report(&self, _: usize, _: usize, _: &str) {}
}

/// Why an export failed. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    #[error("{0}")]
    Save(#[from] SaveError),
    #[error("could not write the export ({source}): {}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("could not build the archive ({0})")]
    Zip(String),
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    pub annotations: usize,
    pub path: PathBuf,
}

/// The articles and annotations an export covers, with the tags and claims they use.
pub struct Selection<'a> {
    pub project: &'a Project,
    pub documents: Vec<&'a Document>,
    /// Per document (same order), its kept annotations in reading order (orphans last).
    pub annotations: Vec<Vec<&'a Annotation>>,
    pub tags: Vec<&'a TagDef>,
    pub claims: Vec<&'a Claim>,
}

impl<'a> Selection<'a> {
    pub fn of(project: &'a Project, scope: &Scope) -> Self {
        let documents: Vec<&Document> = project.documents().iter().filter(|d| scope.keeps_doc(d.id)).collect();
        let annotations: Vec<Vec<&Annotation>> = documents
            .iter()
            .map(|d| {
                let spans = project.spans(d.id);
                spans
                    .entries()
                    .iter()
                    .map(|e| e.id)
                    .chain(spans.orphans().iter().copied())
                    .filter_map(|id| project.annotation(id))
                    .filter(|a| scope.keeps(a))
                    .collect()
            })
            .collect();
        let tags = project.tags().iter().filter(|t| scope.keeps_tag(t.id)).collect();
        let used: std::collections::BTreeSet<_> = annotations.iter().flatten().filter_map(|a| a.claim).collect();
        let claims = project
            .claims()
            .iter()
            .filter(|c| used.contains(&c.id) || (scope.is_empty() && project.claim_links(c.id).next().is_none()))
            .collect();
        Selection { project, documents, annotations, tags, claims }
    }

    /// Number of annotations kept.
    pub fn annotation_count(&self) -> usize {
        self.annotations.iter().map(Vec::len).sum()
    }

    /// The kept annotations with their document, document by document.
    pub fn all(&self) -> impl Iterator<Item = (&'a Document, &'a Annotation)> + '_ {
        self.documents.iter().zip(&self.annotations).flat_map(|(d, anns)| anns.iter().map(move |a| (*d, *a)))
    }

    pub fn tag_name(&self, a: &Annotation) -> &'a str {
        self.project.tag(a.tag).map_or("", |t| t.name.as_str())
    }

    pub fn claim_label(&self, a: &Annotation) -> &'a str {
        a.claim.and_then(|c| self.project.claim(c)).map_or("", |c| c.label.as_str())
    }
}

/// The files an export produces: one file, or a folder of named files.
pub enum Output {
    File(Vec<u8>),
    Folder(BTreeMap<String, Vec<u8>>),
}

/// Builds the export of `project` under `scope` in memory.
pub fn render(
    project: &Project,
    scope: &Scope,
    format: Format,
    options: Options,
    progress: &dyn Progress,
) -> Result<(Output, usize, usize), ExportError> {
    let sel = Selection::of(project, scope);
    let counts = (sel.documents.len(), sel.annotation_count());
    let out = match format {
        Format::Json => Output::File(json::write(&sel, progress)?),
        Format::Csv => Output::File(csv::write(&sel, options.bom, progress)?),
        Format::W3c => Output::File(w3c::write(&sel, progress)?),
        Format::Brat => Output::Folder(brat::write(&sel, progress)?),
        Format::Html => Output::File(html::write(&sel, progress)?),
        Format::Qdpx => Output::File(qdpx::write(&sel, progress)?),
    };
    if progress.cancelled() {
        return Err(ExportError::Cancelled);
    }
    Ok((out, counts.0, counts.1))
}

/// Exports `project` under `scope` to `path` (a folder for brat), atomically.
pub fn export(
    project: &Project,
    scope: &Scope,
    format: Format,
    options: Options,
    path: &Path,
    progress: &dyn Progress,
) -> Result<Summary, ExportError> {
    let (out, documents, annotations) = render(project, scope, format, options, progress)?;
    match out {
        Output::File(bytes) => write_file_atomic(path, &bytes)?,
        Output::Folder(files) => write_folder_atomic(path, &files)?,
    }
    Ok(Summary { documents, annotations, path: path.to_owned() })
}

/// Writes `files` into a new folder beside `path`, then swaps it into place; an existing folder
/// at `path` is replaced only once the new one is complete.
fn write_folder_atomic(path: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), ExportError> {
    let io = |p: &Path| {
        let p = p.to_owned();
        move |source| ExportError::Io { path: p, source }
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    let tmp = path.with_file_name(format!(".{name}.new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    // Thousands of small files: the time goes into system calls, which threads overlap.
    let list: Vec<(&String, &Vec<u8>)> = files.iter().collect();
    let chunk = list.len().div_ceil(4).max(1);
    let written = std::thread::scope(|s| {
        let handles: Vec<_> = list
            .chunks(chunk)
            .map(|part| {
                let tmp = &tmp;
                s.spawn(move || {
                    part.iter()
                        .try_for_each(|(n, bytes)| std::fs::write(tmp.join(n), bytes).map_err(|e| (tmp.join(n), e)))
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join().unwrap_or_else(|_| Err((tmp.clone(), std::io::Error::other("a writer thread failed"))))
        })
    });
    if let Err((p, e)) = written {
        let e = ExportError::Io { path: p, source: e };
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = path.with_file_name(format!(".{name}.old-{}", std::process::id()));
    let had_old = path.exists();
    if had_old && let Err(e) = std::fs::rename(path, &old) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io(path)(e));
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        if had_old {
            let _ = std::fs::rename(&old, path);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io(path)(e));
    }
    if had_old {
        remove_dir_parallel(&old);
    }
    Ok(())
}

/// Removes a folder of many files, several at a time.
fn remove_dir_parallel(dir: &Path) {
    let entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    let chunk = entries.len().div_ceil(4).max(1);
    std::thread::scope(|s| {
        for part in entries.chunks(chunk) {
            s.spawn(move || {
                for p in part {
                    if p.is_dir() {
                        let _ = std::fs::remove_dir_all(p);
                    } else {
                        let _ = std::fs::remove_file(p);
                    }
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Checks for cancellation and reports progress every so many documents.
pub(crate) fn tick(progress: &dyn Progress, done: usize, total: usize, what: &str) -> Result<(), ExportError> {
    if progress.cancelled() {
        return Err(ExportError::Cancelled);
    }
    progress.report(done, total, what);
    Ok(())
}

/// A file-name-safe, readable slug of `s`, at most `max` chars.
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}
