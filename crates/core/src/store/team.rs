//! Working as a team in plain files under git: merging three versions of a project file (the
//! merge driver git runs) and setting a repository up to use it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::analysis::threeway::{self, MergeReport};
use crate::model::{Conflict, Project};

use super::load::{LoadError, load};
use super::save::{SaveError, write_file_atomic};
use super::to_ron;

/// What [`merge_files`] did.
#[derive(Debug)]
pub struct FileMerge {
    pub report: MergeReport,
    /// Every conflict the result holds (carried over or new), to settle in the workbench.
    pub conflicts: Vec<Conflict>,
    /// Repairs made on validating the result (annotations re-anchored after a text changed on
    /// the other side).
    pub warnings: Vec<String>,
    pub merged: Project,
}

/// Why a merge could not be made. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Which of the three could not be read: the load error names the file, but not which side
    /// it is (a broken THEIRS had read as ours' error).
    #[error("{side} cannot be read: {error}")]
    Load { side: &'static str, error: LoadError },
    #[error("the merged project is not valid ({0}); nothing was written")]
    Invalid(String),
    /// The save's error is part of the message, not a `source`, so that printing the chain
    /// does not say it twice.
    #[error("could not write the merged project: {0}")]
    Save(SaveError),
    #[error(
        "ours and theirs are two different projects (ours {ours}, theirs {theirs}), not two versions of one; \
         merging them would replace one with the other. Nothing was written; pass --force to merge them anyway"
    )]
    Unrelated { ours: uuid::Uuid, theirs: uuid::Uuid },
}

impl MergeError {
    /// True when an input is not a claimscope project at all (another RON file under the same
    /// pattern), so that a line merge is the right thing to do instead.
    pub fn not_a_project(&self) -> bool {
        matches!(self, MergeError::Load { error: LoadError::NotAProject { .. }, .. })
    }
}

/// True when `bytes` start like a claimscope project file (its `format: "claimscope"` field
/// within the first lines), whether or not the rest is valid: what decides between a merge by
/// id and a merge line by line.
pub fn looks_like_project(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let head: String = head.chars().filter(|c| !c.is_whitespace()).collect();
    head.contains(&format!("format:\"{}\"", super::FORMAT))
}

/// Merges what `ours` and `theirs` did to `base` and writes the result to `out` atomically (no
/// `.bak`: under git the output is git's own temporary copy). Conflicts are written into the
/// result, so nothing is lost. Two projects that are not versions of one (their stored UUIDs
/// differ) are refused unless `force`: a merge by id would put one's items in place of the
/// other's. An empty `base` (git's for a file both sides added) is an empty project.
/// The names git gives the two sides of a merge (`%X`, `%Y`): empty where unknown, and where an
/// older git passed the placeholder itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Branches {
    pub ours: String,
    pub theirs: String,
}

impl Branches {
    pub fn new(ours: Option<&str>, theirs: Option<&str>) -> Self {
        let name = |s: Option<&str>| s.filter(|s| !s.starts_with('%')).unwrap_or_default().trim().to_owned();
        Branches { ours: name(ours), theirs: name(theirs) }
    }
}

pub fn merge_files(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    out: &Path,
    force: bool,
    branches: &Branches,
) -> Result<FileMerge, MergeError> {
    let side = |side: &'static str| move |error| MergeError::Load { side, error };
    let ours_loaded = load(ours).map_err(side("ours"))?;
    let theirs_loaded = load(theirs).map_err(side("theirs"))?;
    let (o, t) = (&ours_loaded.project, &theirs_loaded.project);
    if !force && ours_loaded.uuid_stored && theirs_loaded.uuid_stored && o.uuid() != t.uuid() {
        return Err(MergeError::Unrelated { ours: o.uuid(), theirs: t.uuid() });
    }
    let base_is_empty = std::fs::metadata(base).is_ok_and(|m| m.is_file() && m.len() == 0);
    let b = if base_is_empty {
        Project::new(o.name()).with_uuid(o.uuid())
    } else {
        load(base).map_err(side("the base"))?.project
    };
    let mut m = threeway::merge(&b.to_parts(), &o.to_parts(), &t.to_parts())
        .map_err(|e| MergeError::Invalid(format!("{e}: their new items need ids past the largest")))?;
    // The conflicts this merge made (not those either side carried) name the branches.
    let carried: std::collections::HashSet<&crate::model::Conflict> =
        o.conflicts().iter().chain(t.conflicts()).collect();
    for c in &mut m.parts.conflicts {
        if !carried.contains(&*c) {
            c.origin.ours_branch.clone_from(&branches.ours);
            c.origin.theirs_branch.clone_from(&branches.theirs);
        }
    }
    let (merged, v) = Project::from_parts(m.parts)
        .map_err(|v| MergeError::Invalid(v.errors.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ")))?;
    // The merged project is ours under its identity, whatever the other side was.
    let merged = merged.with_uuid(o.uuid());
    let text = to_ron(&merged).map_err(SaveError::from)?;
    super::save::openable(&text, out)?;
    write_file_atomic(out, text.as_bytes())?;
    Ok(FileMerge {
        report: m.report,
        conflicts: merged.conflicts().to_vec(),
        warnings: v.warnings.into_iter().map(|p| p.message).collect(),
        merged,
    })
}

impl From<SaveError> for MergeError {
    fn from(e: SaveError) -> Self {
        MergeError::Save(e)
    }
}

/// The name the merge driver has in git's configuration and in `.gitattributes`.
pub const DRIVER: &str = "claimscope";

/// What [`git_setup`] changed.
#[derive(Debug)]
pub struct GitSetup {
    /// The repository's top folder.
    pub top: PathBuf,
    pub attributes: PathBuf,
    /// False when `.gitattributes` already had the line.
    pub attributes_added: bool,
    /// `.gitignore`, which now leaves out the `.bak`, recovery and lock files beside projects.
    pub ignore: PathBuf,
    /// The driver command written to the repository's git config.
    pub driver: String,
}

/// Why a repository could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum GitSetupError {
    #[error("could not run git ({0}); is git installed and on the PATH?")]
    NoGit(std::io::Error),
    #[error("{} is not in a git repository: {why}", dir.display())]
    NotARepo { dir: PathBuf, why: String },
    #[error("git config failed: {0}")]
    Config(String),
    #[error("could not write {}: {error}", path.display())]
    Write { path: PathBuf, error: std::io::Error },
    #[error("nothing was changed: {0}")]
    Refused(super::sidecar::SidecarError),
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, GitSetupError> {
    Command::new("git").arg("-C").arg(dir).args(args).output().map_err(GitSetupError::NoGit)
}

/// Quotes `s` for the POSIX shell git runs merge drivers with.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The driver command for git's config. Two things make it safe whatever the names:
/// - git expands `%O %A %B %P` anywhere in the line, also inside the program's own path, before
///   the shell runs it; a `%` in the path is written `%%` (git's escape), so that a path holding
///   `%P` cannot splice in the name of a file the other side committed;
/// - git quotes `%P` for the shell, but a name starting with `-` would still read as an option:
///   `--path=%P` keeps it a value.
pub fn driver_line(exe: &Path) -> String {
    let exe = shell_quote(&exe.to_string_lossy()).replace('%', "%%");
    format!("{exe} merge %O %A %B -o %A --path=%P --ours-name=%X --theirs-name=%Y")
}

/// Sets up the repository at `dir` to merge files matching `pattern` with `exe merge`: a line in
/// the top folder's `.gitattributes` (kept if there; commit it so that everyone's clones use
/// it) and the driver in the repository's own git config (each clone runs this once, as git
/// does not copy configuration).
pub fn git_setup(dir: &Path, pattern: &str, exe: &Path) -> Result<GitSetup, GitSetupError> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])?;
    if !out.status.success() {
        return Err(GitSetupError::NotARepo {
            dir: dir.to_owned(),
            why: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    let top = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let driver = driver_line(exe);
    let attributes = top.join(".gitattributes");
    let ignore = top.join(".gitignore");
    // Both files checked before anything is changed: with `.gitattributes` a link, the config
    // had been written and the refusal then said "nothing was changed".
    for path in [&attributes, &ignore] {
        readable_or_missing(path)?;
        super::sidecar::check_writable(path).map_err(GitSetupError::Refused)?;
    }
    for (key, value) in [
        (format!("merge.{DRIVER}.name"), "claimscope: merge project files by id".to_owned()),
        (format!("merge.{DRIVER}.driver"), driver.clone()),
    ] {
        let out = git(&top, &["config", "--local", &key, &value])?;
        if !out.status.success() {
            return Err(GitSetupError::Config(String::from_utf8_lossy(&out.stderr).trim().to_owned()));
        }
    }
    let attributes_added = add_lines(&attributes, &[format!("{pattern} merge={DRIVER}")])?;
    // What claimscope keeps beside a project (the copy before the last save, the autosave, the
    // lock of the open workbench) is each person's own, not the team's.
    add_lines(
        &ignore,
        &[
            format!("{pattern}.bak"),
            format!("{pattern}.recovery"),
            format!(".{pattern}.lock"),
            format!("{pattern}.embeddings"),
        ],
    )?;
    Ok(GitSetup { top, attributes, attributes_added, ignore, driver })
}

/// The bytes of `path`, empty when there is none; a link, a FIFO or a device is refused (a
/// clone can commit `.gitignore` as a link to `~/.bashrc`: never read or write through one).
fn readable_or_missing(path: &Path) -> Result<Vec<u8>, GitSetupError> {
    match super::sidecar::read_regular(path, 16 << 20) {
        Ok(b) => Ok(b),
        Err(super::sidecar::SidecarError::Missing { .. }) => Ok(Vec::new()),
        Err(e) => Err(GitSetupError::Refused(e)),
    }
}

/// Adds the `lines` a file lacks at its end; true when it added any. The file's own bytes are
/// kept as they are (read as UTF-8 with replacement, a name in Latin-1 had been rewritten with
/// U+FFFD, and the file it named no longer ignored).
fn add_lines(path: &Path, lines: &[String]) -> Result<bool, GitSetupError> {
    let old = readable_or_missing(path)?;
    super::sidecar::check_writable(path).map_err(GitSetupError::Refused)?;
    let words =
        |l: &[u8]| l.split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()).map(<[u8]>::to_vec).collect::<Vec<_>>();
    let missing: Vec<&String> =
        lines.iter().filter(|l| !old.split(|&b| b == b'\n').any(|o| words(o) == words(l.as_bytes()))).collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut new = old;
    if !new.is_empty() && !new.ends_with(b"\n") {
        new.push(b'\n');
    }
    for l in missing {
        new.extend_from_slice(l.as_bytes());
        new.push(b'\n');
    }
    write_file_atomic(path, &new)
        .map_err(|e| GitSetupError::Write { path: path.to_owned(), error: std::io::Error::other(e.to_string()) })?;
    Ok(true)
}

/// Largest file merged line by line (git's own merge of text files holds all three in memory).
const MAX_LINE_MERGED: u64 = 1 << 30;

/// A line merge of three text files with `git merge-file`, for files the pattern matches that
/// are not claimscope projects (and for projects that cannot be merged by id, so that theirs is
/// kept in the file as conflict markers rather than lost): the result goes to `out` (a copy of
/// `ours` first, unless it is `ours`), with conflict markers where the sides differ. Returns the
/// number of conflicts.
pub fn line_merge(base: &Path, ours: &Path, theirs: &Path, out: &Path) -> Result<i32, GitSetupError> {
    // Three regular files, or nothing is done: git merge-file would wait on a FIFO for ever, and
    // a device (/dev/zero) read whole took all memory.
    for p in [base, ours, theirs] {
        super::sidecar::open_named(p, MAX_LINE_MERGED).map_err(GitSetupError::Refused)?;
    }
    if out != ours {
        let bytes = super::sidecar::read_named(ours, MAX_LINE_MERGED).map_err(GitSetupError::Refused)?;
        write_file_atomic(out, &bytes)
            .map_err(|e| GitSetupError::Write { path: out.to_owned(), error: std::io::Error::other(e.to_string()) })?;
    }
    let out = Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs", "--"])
        .arg(out)
        .arg(base)
        .arg(theirs)
        .output()
        .map_err(GitSetupError::NoGit)?;
    match out.status.code() {
        Some(n) if n >= 0 => Ok(n),
        _ => Err(GitSetupError::Config(String::from_utf8_lossy(&out.stderr).trim().to_owned())),
    }
}
