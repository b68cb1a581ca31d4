//! Working as a team in plain files under git: merging three versions of a project file (the
//! merge driver git runs) and setting a repository up to use it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::model::threeway::{self, MergeReport};
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
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("the merged project is not valid ({0}); nothing was written")]
    Invalid(String),
    #[error("could not write the merged project: {0}")]
    Save(#[from] SaveError),
}

impl MergeError {
    /// True when an input is not a claimscope project at all (another RON file under the same
    /// pattern), so that a line merge is the right thing to do instead.
    pub fn not_a_project(&self) -> bool {
        matches!(self, MergeError::Load(LoadError::NotAProject { .. }))
    }
}

/// Merges what `ours` and `theirs` did to `base` and writes the result to `out` atomically (no
/// `.bak`: under git the output is git's own temporary copy). Conflicts are written into the
/// result, so nothing is lost.
pub fn merge_files(base: &Path, ours: &Path, theirs: &Path, out: &Path) -> Result<FileMerge, MergeError> {
    let b = load(base)?.project;
    let o = load(ours)?.project;
    let t = load(theirs)?.project;
    let m = threeway::merge(&b.to_parts(), &o.to_parts(), &t.to_parts());
    let (merged, v) = Project::from_parts(m.parts)
        .map_err(|v| MergeError::Invalid(v.errors.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ")))?;
    // The merged project is ours under its identity, whatever the other side was.
    let merged = merged.with_uuid(o.uuid());
    let text = to_ron(&merged).map_err(SaveError::from)?;
    write_file_atomic(out, text.as_bytes())?;
    Ok(FileMerge {
        report: m.report,
        conflicts: merged.conflicts().to_vec(),
        warnings: v.warnings.into_iter().map(|p| p.message).collect(),
        merged,
    })
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
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, GitSetupError> {
    Command::new("git").arg("-C").arg(dir).args(args).output().map_err(GitSetupError::NoGit)
}

/// Quotes `s` for the POSIX shell git runs merge drivers with.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
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
    let driver = format!("{} merge %O %A %B -o %A --path %P", shell_quote(&exe.to_string_lossy()));
    for (key, value) in [
        (format!("merge.{DRIVER}.name"), "claimscope: merge project files by id".to_owned()),
        (format!("merge.{DRIVER}.driver"), driver.clone()),
    ] {
        let out = git(&top, &["config", "--local", &key, &value])?;
        if !out.status.success() {
            return Err(GitSetupError::Config(String::from_utf8_lossy(&out.stderr).trim().to_owned()));
        }
    }
    let attributes = top.join(".gitattributes");
    let attributes_added = add_lines(&attributes, &[format!("{pattern} merge={DRIVER}")])?;
    // What claimscope keeps beside a project (the copy before the last save, the autosave, the
    // lock of the open workbench) is each person's own, not the team's.
    let ignore = top.join(".gitignore");
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

/// Adds the `lines` a file lacks at its end; true when it added any.
fn add_lines(path: &Path, lines: &[String]) -> Result<bool, GitSetupError> {
    let old = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => return Err(GitSetupError::Write { path: path.to_owned(), error }),
    };
    let words = |l: &str| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    let missing: Vec<&String> = lines.iter().filter(|l| !old.lines().any(|o| words(o) == words(l))).collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut new = old;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    for l in missing {
        new.push_str(l);
        new.push('\n');
    }
    write_file_atomic(path, new.as_bytes())
        .map_err(|e| GitSetupError::Write { path: path.to_owned(), error: std::io::Error::other(e.to_string()) })?;
    Ok(true)
}

/// A line merge of three text files with `git merge-file`, for files the pattern matches that
/// are not claimscope projects: the result replaces `ours`, with conflict markers where the
/// sides differ. Returns the number of conflicts.
pub fn line_merge(base: &Path, ours: &Path, theirs: &Path) -> Result<i32, GitSetupError> {
    let out = Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .output()
        .map_err(GitSetupError::NoGit)?;
    match out.status.code() {
        Some(n) if n >= 0 => Ok(n),
        _ => Err(GitSetupError::Config(String::from_utf8_lossy(&out.stderr).trim().to_owned())),
    }
}
