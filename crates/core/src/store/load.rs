//! Reading and validating a project file.

use std::path::{Path, PathBuf};

use crate::model::{Item, Problem, Project};

use super::format::{AnnotationV2, FORMAT, FileV1, FileV2, Header, VERSION};
use super::positions::{LineCol, line_col, list_elements};
use super::save::{Fingerprint, resolve_links};

/// A problem found in a file, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileProblem {
    pub at: Option<LineCol>,
    pub message: String,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Why a project file could not be opened. Each names the file; the path goes last.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("could not read the project file ({error}): {}", path.display())]
    Io { path: PathBuf, error: std::io::Error },
    #[error("this is not a project file but {kind}: {}", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("the project file is empty: {}", path.display())]
    Empty { path: PathBuf },
    #[error("the project file is not UTF-8 text (invalid byte at {at}); is it a project file? {}", path.display())]
    NotUtf8 { path: PathBuf, at: LineCol },
    #[error("the project file is not valid RON at {at}: {message}; fix it by hand, or open its .bak copy if there is one: {}", path.display())]
    Syntax { path: PathBuf, at: LineCol, message: String },
    #[error("this is not a claimscope project file (no `format: \"claimscope\"` header): {}", path.display())]
    NotAProject { path: PathBuf },
    #[error(
        "this project was written by a newer claimscope (file format version {version}; this build reads up to version {VERSION}); update claimscope to open it: {}",
        path.display()
    )]
    TooNew { path: PathBuf, version: u64 },
    #[error("{} problem(s) in the project file {}:\n{}", problems.len(), path.display(), list(problems))]
    Invalid { path: PathBuf, problems: Vec<FileProblem> },
    #[error("the project file is too large to open ({} MB; at most {} MB): {}", size >> 20, MAX_PROJECT >> 20, path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("this autosave holds another project (“{name}”), not the one open; it was left as it is: {}", path.display())]
    OtherProject { path: PathBuf, name: String },
    #[error(
        "this autosave was written by an older claimscope, which did not record which project it belongs to, so it is not restored over the one open; it was left as it is (Open… reads it as a project, to compare by hand): {}",
        path.display()
    )]
    UnknownProject { path: PathBuf },
}

/// Largest project file opened (a project of 100,000 annotations is 24 MB; one of several GB,
/// sparse or not, was read whole and aborted the program).
pub const MAX_PROJECT: u64 = 512 << 20;

impl LoadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            LoadError::Io { path, .. }
            | LoadError::NotAFile { path, .. }
            | LoadError::Empty { path }
            | LoadError::NotUtf8 { path, .. }
            | LoadError::Syntax { path, .. }
            | LoadError::NotAProject { path }
            | LoadError::TooNew { path, .. }
            | LoadError::Invalid { path, .. }
            | LoadError::TooLarge { path, .. }
            | LoadError::OtherProject { path, .. }
            | LoadError::UnknownProject { path } => path,
        }
    }
}

fn list(problems: &[FileProblem]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

/// A project read from a file, with the repairs made on the way.
#[derive(Debug)]
pub struct Loaded {
    pub project: Project,
    /// Re-anchored annotations and orphans, with where they are in the file.
    pub warnings: Vec<FileProblem>,
    /// What the file was when read (set by [`load`]), to notice later changes by others.
    pub fingerprint: Option<Fingerprint>,
    /// True when the file stores its project's UUID (a file written before UUIDs has one
    /// derived from its name and articles, which changes as articles do).
    pub uuid_stored: bool,
}

/// Reads and validates the project file at `path`. Only regular files are read: a device or a
/// FIFO is refused at once instead of read until the process is killed.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = read_error(path, super::sidecar::read_named(path, MAX_PROJECT))?;
    let mut loaded = load_bytes(&bytes, path)?;
    loaded.fingerprint = Some(Fingerprint::of_written(&resolve_links(path), &bytes));
    Ok(loaded)
}

/// A project file's bytes as read, or the load error that says why they could not be.
pub(crate) fn read_error(
    path: &Path,
    read: Result<Vec<u8>, super::sidecar::SidecarError>,
) -> Result<Vec<u8>, LoadError> {
    use super::sidecar::SidecarError;
    read.map_err(|e| match e {
        SidecarError::NotAFile { kind, .. } => LoadError::NotAFile { path: path.to_owned(), kind },
        SidecarError::Link { .. } | SidecarError::HardLink { .. } => {
            LoadError::NotAFile { path: path.to_owned(), kind: "a link" }
        }
        SidecarError::TooLarge { size, .. } => LoadError::TooLarge { path: path.to_owned(), size },
        SidecarError::Missing { error, .. } | SidecarError::Io { error, .. } => {
            LoadError::Io { path: path.to_owned(), error }
        }
    })
}

/// Reads and validates project file contents; `path` is used in messages only.
pub fn load_bytes(bytes: &[u8], path: &Path) -> Result<Loaded, LoadError> {
    let path_buf = || path.to_owned();
    let src = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let at = line_col(good, good.len());
            return Err(LoadError::NotUtf8 { path: path_buf(), at });
        }
    };
    load_str(src, path)
}

/// Reads and validates the text of a project file; `path` is used in messages only.
pub fn load_str(src: &str, path: &Path) -> Result<Loaded, LoadError> {
    let path_buf = || path.to_owned();
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    if src.trim().is_empty() {
        return Err(LoadError::Empty { path: path_buf() });
    }
    let syntax = |e: ron::error::SpannedError| LoadError::Syntax {
        path: path_buf(),
        at: LineCol { line: e.span.start.line, col: e.span.start.col },
        message: e.code.to_string(),
    };
    // One parse on the good path, of the version the file's start names; the header alone is
    // read only to explain a failure, so that a file from a newer claimscope says so instead of
    // reporting a field it does not know.
    let explain = |e: ron::error::SpannedError| match ron::from_str::<Header>(src) {
        Ok(h) if h.format != FORMAT => LoadError::NotAProject { path: path_buf() },
        Ok(h) if h.version > VERSION => LoadError::TooNew { path: path_buf(), version: h.version },
        _ => syntax(e),
    };
    let v1 = || ron::from_str::<FileV1>(src).map(|f| (f.format.clone(), f.version, f.into_parts()));
    let v2 = || {
        parse_v2(src).map(|f| {
            let (format, version) = (f.format.clone(), f.version);
            (format, version, f.into_parts())
        })
    };
    // Should the declaration mislead (a hand-edited file with its fields in another order),
    // the other version is tried before the file is called broken.
    let read = match declared_version(src) {
        Some(1) => v1().or_else(|e| v2().map_err(|_| e)),
        _ => v2().or_else(|e| v1().map_err(|_| e)),
    };
    let (format, version, parts) = read.map_err(explain)?;
    if format != FORMAT {
        return Err(LoadError::NotAProject { path: path_buf() });
    }
    if version > VERSION {
        return Err(LoadError::TooNew { path: path_buf(), version });
    }
    if version < 1 {
        return Err(LoadError::Invalid {
            path: path_buf(),
            problems: vec![FileProblem { at: None, message: format!("unknown file format version {version}") }],
        });
    }
    let uuid_stored = uuid::Uuid::parse_str(parts.uuid.trim()).is_ok();
    match Project::from_parts(parts) {
        Ok((project, v)) => Ok(Loaded { project, warnings: locate(src, v.warnings), fingerprint: None, uuid_stored }),
        Err(v) => Err(LoadError::Invalid { path: path_buf(), problems: locate(src, v.errors) }),
    }
}

/// Annotation lines below this many bytes are parsed on one thread.
const PARALLEL_FROM: usize = 1 << 20;

/// Parses a version 2 file. One that claimscope wrote (its annotations one per line between
/// `  annotations: [` and `  ],`) and that is large has its annotation lines parsed on several
/// threads, each a slice of whole lines, while this thread parses the rest: on 100k
/// annotations parsing is most of a load. Anything else, or any failure, is parsed whole, so
/// that errors name their line as always.
fn parse_v2(src: &str) -> Result<FileV2, ron::error::SpannedError> {
    split_v2(src).unwrap_or_else(|| ron::from_str::<FileV2>(src))
}

fn split_v2(src: &str) -> Option<Result<FileV2, ron::error::SpannedError>> {
    const OPEN: &str = "\n  annotations: [\n";
    // The last such line is the list's: article texts (the only multi-line strings) come
    // before it, and annotation lines have their line breaks escaped.
    let body_start = src.rfind(OPEN)? + OPEN.len();
    let body_len = src[body_start..].find("\n  ],")? + 1;
    if body_len < PARALLEL_FROM {
        return None;
    }
    let body = &src[body_start..body_start + body_len];
    let threads = crate::model::par::threads();
    // Slices of whole lines, of about equal size.
    let mut cuts = vec![0];
    for k in 1..threads {
        let at = body_len * k / threads;
        let next = body[at..].find('\n').map_or(body_len, |i| at + i + 1);
        if next > *cuts.last().unwrap_or(&0) && next < body_len {
            cuts.push(next);
        }
    }
    cuts.push(body_len);
    // Each slice is read as a list of its own, so a comma missing where two slices meet would
    // pass unseen (the whole parse refuses it): the line before a cut must end an annotation
    // with a comma, and hold no comment (a comma after "//" passed on two cores and failed on
    // one; a quote holding "//" only sends the file to the whole parse), or the file is
    // parsed whole and the error named.
    let closes = |c: usize| {
        let line = body[..c].trim_end();
        let line = line.rfind('\n').map_or(line, |i| &line[i + 1..]);
        line.ends_with("),") && !line.contains("//") && !line.contains("/*")
    };
    if !cuts[1..cuts.len() - 1].iter().all(|&c| closes(c)) {
        return None;
    }
    // In the list's place, one annotation no file holds (a number drawn for this load): the
    // head must read it back as its only annotation, or the lines found were not the list's
    // (a crafted article text held a line "  annotations: [" and lines like annotations, and
    // was cut to what preceded them).
    let nonce = {
        use std::hash::{BuildHasher, Hasher};
        std::collections::hash_map::RandomState::new().build_hasher().finish()
    };
    let sentinel = format!("    (id:0,doc:0,start:0,end:0,tag:0,quote:\"claimscope split {nonce:016x}\"),\n");
    let head = [&src[..body_start], &sentinel, &src[body_start + body_len..]].concat();
    let parsed = std::thread::scope(|s| {
        let handles: Vec<_> = cuts
            .windows(2)
            .map(|w| {
                let part = &body[w[0]..w[1]];
                s.spawn(move || ron::from_str::<Vec<AnnotationV2>>(&["[\n", part, "]"].concat()).ok())
            })
            .collect();
        let head = ron::from_str::<FileV2>(&head).ok();
        let parts: Option<Vec<Vec<AnnotationV2>>> = handles.into_iter().map(|h| h.join().ok().flatten()).collect();
        head.zip(parts)
    });
    let (mut file, parts) = parsed?;
    let ours = |a: &AnnotationV2| a.id.0 == 0 && a.quote == format!("claimscope split {nonce:016x}");
    if !(file.annotations.len() == 1 && file.annotations.iter().all(ours)) {
        return None;
    }
    file.annotations = parts.into_iter().flatten().collect();
    Some(Ok(file))
}

/// The `version:` a project file's first lines declare, if they do: it decides how the rest is
/// read, without parsing the file twice.
fn declared_version(src: &str) -> Option<u64> {
    let cut = (0..=src.len().min(4096)).rev().find(|&i| src.is_char_boundary(i)).unwrap_or(0);
    let head = &src[..cut];
    let at = head.find("version")?;
    let rest = head[at + "version".len()..].trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Attaches line:column to problems by the position of their item in the file.
fn locate(src: &str, problems: Vec<Problem>) -> Vec<FileProblem> {
    if problems.is_empty() {
        return Vec::new();
    }
    let positions = list_elements(src);
    problems
        .into_iter()
        .map(|p| {
            let at = match p.item {
                Item::Project => None,
                item => item.index().and_then(|i| positions.get(item.list()).and_then(|v| v.get(i)).copied()),
            };
            FileProblem { at, message: p.message }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A comma missing at the line where the slices meet: each slice alone is a good list, so
    /// the split had read the file the whole parse refuses (`check` said "ok" on two cores and
    /// "Expected comma" on four).
    #[test]
    fn a_comma_missing_where_the_slices_meet_is_an_error() {
        let p = crate::analysis::synthetic::project(40, 3_000, 12_000, 7);
        let src = super::super::format::to_ron(&p).expect("written");
        let open = src.rfind("\n  annotations: [\n").expect("the list") + "\n  annotations: [\n".len();
        let body_len = src[open..].find("\n  ],").expect("its end") + 1;
        let threads = crate::model::par::threads();
        // The line where each cut falls loses its comma (the cut is at its end), or has it
        // only in a comment (which passed the first mend of this).
        for lost in [") \n", ") // ,\n", ") /* , */\n"] {
            let mut broken = src[..open].to_owned();
            let body = &src[open..open + body_len];
            let mut at = 0;
            for line in body.split_inclusive('\n') {
                let near_cut = (1..threads.max(2)).any(|k| {
                    let cut = body_len * k / threads.max(2);
                    at <= cut && cut < at + line.len()
                });
                broken += &if near_cut { line.replacen("),\n", lost, 1) } else { line.to_owned() };
                at += line.len();
            }
            broken += &src[open + body_len..];
            assert!(split_v2(&broken).is_none(), "not split: {lost:?}");
            assert!(load_str(&broken, Path::new("broken.ron")).is_err(), "the whole parse names the error: {lost:?}");
        }
    }

    /// A field no version of claimscope writes (misspelt, or another program's) is refused with
    /// its place: it had been read, dropped, and lost at the next save.
    #[test]
    fn a_field_claimscope_does_not_know_is_refused_where_it_is() {
        let p = crate::analysis::synthetic::project(2, 3, 10, 7);
        let src = super::super::format::to_ron(&p).expect("written");
        for (after, field) in
            [("title:", "byline2: \"Jane Roe\", "), ("colour:", "parent: 4, "), ("label:", "evidence: \"keep\", ")]
        {
            let at = src.find(after).unwrap_or_else(|| panic!("{after} in the file"));
            let line = src[..at].lines().count();
            let crafted = format!("{}{field}{}", &src[..at], &src[at..]);
            let said = load_str(&crafted, Path::new("u.ron")).map(|_| ()).expect_err("refused").to_string();
            let name = field.split(':').next().unwrap_or_default();
            assert!(said.contains(&format!("at {line}:")) && said.contains(name), "{said}");
        }
    }

    /// A large file claimscope wrote takes the parallel path, and reads as the whole parse does.
    #[test]
    fn a_large_file_of_ours_is_split_and_reads_the_same() {
        let p = crate::analysis::synthetic::project(40, 3_000, 12_000, 7);
        let src = super::super::format::to_ron(&p).expect("written");
        let split = split_v2(&src).expect("split").expect("parsed");
        let whole = ron::from_str::<FileV2>(&src).expect("parsed");
        assert_eq!(split.annotations.len(), 12_000);
        assert_eq!(split.annotations.len(), whole.annotations.len());
        assert!(split.annotations.iter().zip(&whole.annotations).all(|(a, b)| a.id == b.id && a.quote == b.quote));
        assert_eq!(split.documents.len(), whole.documents.len());
    }

    /// An article's raw string holding a line "  annotations: [" and over 1 MiB of lines like
    /// annotations, the real (empty) list written before the articles: the split had read the
    /// lines as 19,800 annotations and cut the article to what preceded them (the next save
    /// wrote the cut article). The head no longer reads the split's own line back, so the file
    /// is parsed whole.
    #[test]
    fn annotation_lines_inside_an_article_are_not_taken_for_the_list() {
        let lines: String =
            (0..19_800).map(|i| format!("    (id:{},doc:5,start:0,end:5,tag:1,quote:\"Intro\"),\n", 100 + i)).collect();
        let text = format!("Intro line of the article.\n  annotations: [\n{lines}  ],\nEnd of the article.");
        let src = format!(
            "(\n  format: \"claimscope\",\n  version: 2,\n  name: \"split\",\n  uuid: \"3f6f2a4e-8d0b-4c55-9a7e-5b1c2d9e7f11\",\n  next_id: 30000,\n  tags: [\n    (id:1,name:\"Fact\",colour:\"#000000\"),\n  ],\n  claims: [\n  ],\n  annotations: [],\n  documents: [\n    (id:5,title:\"d\",text:r#\"{text}\"#),\n  ],\n)\n"
        );
        assert!(split_v2(&src).is_none(), "not split");
        let loaded = load_str(&src, Path::new("split.ron")).expect("loads");
        assert_eq!(loaded.project.annotation_count(), 0);
        let doc = &loaded.project.documents()[0];
        assert_eq!(doc.text.len_chars(), text.chars().count(), "the article whole");
    }
}
