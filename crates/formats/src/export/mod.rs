//! Writing annotation sets in the formats analysts and tools use, one file per format.
//!
//! Every export works on a [`Selection`]: the articles and annotations a [`Scope`] keeps. The
//! output is built in memory and written at the end, atomically (a temporary file or folder
//! renamed into place), so that a cancelled or failed export leaves no half-written output.
//! Offsets are always char offsets into the exported text.
//!
//! An export never destroys (see [`Target`]): it does not write over the project it comes from,
//! its backup, any claimscope project, or anything that is not a regular file; an existing file
//! is replaced only when the caller says so; a brat export writes a new folder, an empty one, or
//! one holding a previous claimscope brat export, and then replaces only what that export wrote.

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

use crate::analysis::compare::Filter;
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
    /// The tags alone, as a REFI-QDA code book.
    Qdc,
}

impl Format {
    pub const ALL: [Format; 7] =
        [Format::Json, Format::Csv, Format::W3c, Format::Brat, Format::Html, Format::Qdpx, Format::Qdc];

    /// What it is, for menus.
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "claimscope JSON (full fidelity)",
            Format::Csv => "CSV (one row per annotation)",
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Brat => "brat standoff (folder)",
            Format::Html => "HTML report",
            Format::Qdpx => "REFI-QDA project (.qdpx)",
            Format::Qdc => "REFI-QDA code book of the tags (.qdc)",
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
            Format::Qdc => "qdc",
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
            Format::Qdc => "qdc",
        })
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.to_string().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown export format “{s}”; use one of json, csv, w3c, brat, html, qdpx, qdc"))
    }
}

/// Options some formats take.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Who exports: REFI-QDA names them the project's creator and credits them with work that
    /// records no author. Empty for the system's user (see [`crate::clock::analyst`]); the
    /// workbench passes the name set in its preferences.
    pub exporter: String,
    /// CSV: start with a byte-order mark, so that Excel reads the file as UTF-8.
    pub bom: bool,
    /// CSV: write cells as they are, without the guard against spreadsheet formulas (see
    /// [`csv::guard`]).
    pub raw_csv: bool,
}

/// Where an export goes, and what it may replace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// Replace an existing file (the analyst confirmed, or `--force`).
    pub overwrite: bool,
    /// The project file being exported: never written over, nor its `.bak`.
    pub project: Option<PathBuf>,
}

impl Target {
    /// A target that replaces nothing.
    pub fn new(path: impl Into<PathBuf>) -> Target {
        Target { path: path.into(), overwrite: false, project: None }
    }

    /// The same, allowed to replace an existing regular file.
    pub fn overwriting(self) -> Target {
        Target { overwrite: true, ..self }
    }

    /// The same, protecting the project file `project`.
    pub fn protecting(self, project: Option<&Path>) -> Target {
        Target { project: project.map(Path::to_owned), ..self }
    }
}

/// The marker a brat export leaves in its folder: the names of the files it wrote, one a line.
pub const BRAT_MARKER: &str = ".claimscope-brat";

// Long work reports to a `Progress`; the trait is the core's, as the embedding engine reports
// through it too.
pub use claimscope_core::progress::{Progress, Silent};

/// Why an export failed. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("could not write the export ({error}): {}", path.display())]
    Io { path: PathBuf, error: std::io::Error },
    #[error("a file is already there; pass --force (or confirm) to replace it: {}", path.display())]
    Exists { path: PathBuf },
    #[error("{why}, so nothing was written: {}", path.display())]
    Refused { path: PathBuf, why: String },
    #[error("could not build the archive ({0})")]
    Zip(String),
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub documents: usize,
    pub annotations: usize,
    /// Tags written (a code book holds only tags).
    pub tags: usize,
    pub format: Format,
    pub path: PathBuf,
}

impl Summary {
    /// A warning when the file written is larger than an import reads ([`crate::import::MAX_MB`]),
    /// for the formats that come back in: a backup made so could not be restored, unsaid.
    pub fn too_large_to_import(&self) -> Option<String> {
        if !matches!(self.format, Format::Json | Format::W3c | Format::Qdpx) {
            return None;
        }
        let size = std::fs::metadata(&self.path).ok()?.len();
        (size > crate::import::MAX_MB * 1_000_000).then(|| {
            format!(
                "the export is {} MB, more than claimscope imports ({} MB): it cannot be read back; keep the project file itself as the backup",
                size / 1_000_000,
                crate::import::MAX_MB
            )
        })
    }

    /// What was written, in words: "88 annotation(s) from 5 article(s)", or for a code book
    /// "4 tag(s) as a code book" (a code book holds no annotation).
    pub fn what(&self) -> String {
        match self.format {
            Format::Qdc => format!("{} tag(s) as a code book", self.tags),
            _ => format!("{} annotation(s) from {} article(s)", self.annotations, self.documents),
        }
    }
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
    options: &Options,
    progress: &dyn Progress,
) -> Result<(Output, usize, usize), ExportError> {
    let sel = Selection::of(project, scope);
    // A code book holds the tags: its count is theirs.
    let counts = match format {
        Format::Qdc => (0, sel.tags.len()),
        _ => (sel.documents.len(), sel.annotation_count()),
    };
    let out = match format {
        Format::Json => Output::File(json::write(&sel, progress)?),
        Format::Csv => Output::File(csv::write(&sel, options, progress)?),
        Format::W3c => Output::File(w3c::write(&sel, progress)?),
        Format::Brat => Output::Folder(brat::write(&sel, progress)?),
        Format::Html => Output::File(html::write(&sel, progress)?),
        Format::Qdpx => Output::File(qdpx::write(&sel, &options.exporter, progress)?),
        Format::Qdc => Output::File(qdpx::codebook(&sel).into_bytes()),
    };
    if progress.cancelled() {
        return Err(ExportError::Cancelled);
    }
    Ok((out, counts.0, counts.1))
}

/// Exports `project` under `scope` to `target` (a folder for brat), atomically. The target is
/// checked before anything is built and again before writing.
pub fn export(
    project: &Project,
    scope: &Scope,
    format: Format,
    options: &Options,
    target: &Target,
    progress: &dyn Progress,
) -> Result<Summary, ExportError> {
    check_target(format, target)?;
    let (out, documents, annotations) = render(project, scope, format, options, progress)?;
    let path = target.path.as_path();
    match out {
        Output::File(bytes) => {
            check_target(format, target)?;
            write_file_atomic(path, &bytes)?;
        }
        Output::Folder(files) => write_folder(path, &files)?,
    }
    let (annotations, tags) = if format == Format::Qdc { (0, annotations) } else { (annotations, 0) };
    Ok(Summary { documents, annotations, tags, format, path: path.to_owned() })
}

/// True when `a` and `b` name the same file (through links, `..` and hard links).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// True when the file starts like a claimscope project file.
fn is_project_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 256];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    head.contains(&format!("format: \"{}\"", crate::store::FORMAT))
}

/// Whether an export of `format` may write to `target`; the error says why not.
pub fn check_target(format: Format, target: &Target) -> Result<(), ExportError> {
    let path = target.path.as_path();
    let refuse = |why: &str| Err(ExportError::Refused { path: path.to_owned(), why: why.to_owned() });
    if let Some(project) = &target.project
        && (same_file(path, project) || same_file(path, &crate::store::backup_path(project)))
    {
        return refuse("that is the project file itself (or its backup)");
    }
    if format.is_folder() {
        return check_folder(path);
    }
    // Looked at itself, not followed: a link there (dangling or not) had the export written into
    // the file it named, outside the folder the analyst chose.
    let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(()) };
    if meta.file_type().is_symlink() {
        return refuse("that is a link; give the file itself");
    }
    if !meta.is_file() {
        return refuse(&format!("that is {}, not a file", crate::store::kind_of(&meta)));
    }
    if is_project_file(path) {
        return refuse("that is a claimscope project file; export to another name");
    }
    if !target.overwrite {
        return Err(ExportError::Exists { path: path.to_owned() });
    }
    Ok(())
}

/// What a brat export may do with the folder at `path`: create it; fill it when empty; replace a
/// previous claimscope brat export in it. Anything else (a file, a link, a folder of other
/// files) is refused: nothing is ever deleted that this program did not write.
fn check_folder(path: &Path) -> Result<(), ExportError> {
    let refuse = |why: &str| Err(ExportError::Refused { path: path.to_owned(), why: why.to_owned() });
    let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(()) };
    if meta.file_type().is_symlink() {
        return refuse("that is a link; give the folder itself");
    }
    if !meta.is_dir() {
        return refuse("a brat export is a folder, and a file is there; choose a new folder name");
    }
    let io = |error| ExportError::Io { path: path.to_owned(), error };
    let mut entries = std::fs::read_dir(path).map_err(io)?;
    if entries.next().is_none() || path.join(BRAT_MARKER).is_file() {
        return Ok(());
    }
    refuse("the folder holds files that are not a claimscope brat export; choose an empty or new folder")
}

/// The names a previous brat export in `dir` wrote (plain names only: a marker edited to name
/// `../x` or `/etc/x` names nothing).
fn previous_export(dir: &Path) -> Vec<String> {
    let marker = std::fs::read_to_string(dir.join(BRAT_MARKER)).unwrap_or_default();
    marker
        .lines()
        .map(str::trim)
        .filter(|n| !n.is_empty() && !n.starts_with('#') && *n != "." && *n != ".." && !n.contains(['/', '\\']))
        .map(str::to_owned)
        .collect()
}

/// Writes a brat export: into a new folder (built beside it, then renamed into place), or into
/// an empty folder or one with a previous export, where it replaces only the previous export's
/// files.
fn write_folder(path: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), ExportError> {
    check_folder(path)?;
    let mut files = files.clone();
    let mut marker =
        String::from("# Files written by a claimscope brat export; the next export into this folder replaces them.\n");
    for n in files.keys() {
        marker.push_str(n);
        marker.push('\n');
    }
    files.insert(BRAT_MARKER.to_owned(), marker.into_bytes());
    if std::fs::symlink_metadata(path).is_err() {
        return write_new_folder(path, &files);
    }
    let old = previous_export(path);
    write_files(path, &files)?;
    for name in old.iter().filter(|n| !files.contains_key(*n) && brat_written(n)) {
        let p = path.join(name);
        // Only regular files of the names a brat export writes, with no other name (the marker
        // is a file anyone can edit: one naming `thesis.docx` had it deleted); never a link.
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file() && single_name(&m)) {
            std::fs::remove_file(&p).map_err(|error| ExportError::Io { path: p.clone(), error })?;
        }
    }
    Ok(())
}

/// A name a brat export writes: `d5-….txt` / `.ann` (an article's id first), or its
/// configuration and claims.
fn brat_written(name: &str) -> bool {
    let article = name
        .strip_suffix(".txt")
        .or_else(|| name.strip_suffix(".ann"))
        .and_then(|stem| stem.strip_prefix('d'))
        .is_some_and(|rest| {
            rest.split('-').next().is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        });
    article || matches!(name, "annotation.conf" | "visual.conf" | "claims.tsv")
}

/// A file with no other name (no hard link elsewhere).
fn single_name(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() == 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// Writes `files` into `dir`, several at a time (thousands of small files: the time goes into
/// system calls, which threads overlap). An existing file of the same name is replaced only if
/// it is a regular file (a link there is refused, not followed).
fn write_files(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), ExportError> {
    for name in files.keys() {
        let p = dir.join(name);
        if let Ok(m) = std::fs::symlink_metadata(&p)
            && !m.is_file()
        {
            return Err(ExportError::Refused { path: p, why: "something other than a file is in the way".into() });
        }
    }
    let list: Vec<(&String, &Vec<u8>)> = files.iter().collect();
    let chunk = list.len().div_ceil(4).max(1);
    let written = std::thread::scope(|s| {
        let handles: Vec<_> = list
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().try_for_each(|(n, bytes)| replace_file(dir, n, bytes))))
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join().unwrap_or_else(|_| Err((dir.to_owned(), std::io::Error::other("a writer thread failed"))))
        })
    });
    written.map_err(|(path, error)| ExportError::Io { path, error })
}

/// Writes `name` in `dir` as a new file, then renames it over the old one: a hard link there is
/// replaced, not written through (a planted `annotation.conf` linked to a file outside had
/// that file overwritten), and a disk that fills keeps the old file whole (a re-export on a
/// full disk left an article's text cut short).
fn replace_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), (PathBuf, std::io::Error)> {
    use std::hash::{BuildHasher, Hasher};
    use std::io::Write;
    let target = dir.join(name);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write(name.as_bytes());
    let tmp = dir.join(format!(".{name}.new-{}-{:016x}", std::process::id(), h.finish()));
    // A name taken by someone else is not ours to remove: the error says so.
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(|e| (tmp.clone(), e))?;
    let written = f.write_all(bytes).and_then(|()| f.flush());
    drop(f);
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &target)) {
        let _ = std::fs::remove_file(&tmp);
        return Err((target, e));
    }
    Ok(())
}

/// Writes `files` into a new folder beside `path`, then renames it into place.
fn write_new_folder(path: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), ExportError> {
    let io = |p: &Path| {
        let p = p.to_owned();
        move |error| ExportError::Io { path: p, error }
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    let tmp = path.with_file_name(format!(".{name}.new-{}", std::process::id()));
    if std::fs::symlink_metadata(&tmp).is_ok_and(|m| m.is_dir()) {
        // Our own leftover from a killed export of this process id: only export files in it.
        let _ = std::fs::remove_dir_all(&tmp);
    }
    std::fs::create_dir(&tmp).map_err(io(&tmp))?;
    if let Err(e) = write_files(&tmp, files) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io(path)(e));
    }
    Ok(())
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

#[cfg(test)]
mod size_tests {
    use super::*;

    /// An export larger than an import reads says so (a 300 MB JSON export of a project that
    /// opens was refused at its restore, and nothing had warned when it was made).
    #[test]
    fn an_export_too_large_to_read_back_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.json");
        let file = std::fs::File::create(&path).expect("create");
        let summary = |format, size: u64| {
            file.set_len(size).expect("sparse");
            Summary { documents: 1, annotations: 1, tags: 1, format, path: path.clone() }.too_large_to_import()
        };
        let over = crate::import::MAX_MB * 1_000_000 + 1;
        assert!(summary(Format::Json, over).is_some_and(|w| w.contains("cannot be read back")));
        assert!(summary(Format::Json, over - 1).is_none());
        assert!(summary(Format::Html, over).is_none(), "a report is not read back");
    }
}
