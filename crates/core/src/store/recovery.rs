//! Recovery files: the autosave beside a project, so that a crash loses little.
//!
//! `NAME.ron.recovery` holds the project as it was at the last autosave. It is written
//! atomically like the project itself, removed on a successful save, and offered for restoring
//! when a project is opened and its recovery file is newer than the project file.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::Project;

use super::format::to_ron;
use super::save::{SaveError, with_suffix, write_file_atomic_like};

/// The recovery file of a project file.
pub fn recovery_path(project: &Path) -> PathBuf {
    with_suffix(project, ".recovery")
}

/// Writes the recovery file of `project_path`.
pub fn write_recovery(project: &Project, project_path: &Path) -> Result<(), SaveError> {
    let text = to_ron(project)?;
    let path = recovery_path(project_path);
    super::save::openable(&text, &path)?;
    super::sidecar::check_writable(&path)?;
    write_file_atomic_like(&path, text.as_bytes(), project_path)
}

/// Removes the recovery file, if any (after a save, or when the analyst declines it).
pub fn discard_recovery(project_path: &Path) {
    let _ = std::fs::remove_file(recovery_path(project_path));
}

/// The recovery file, if there is one newer than the project file (or the project file is gone).
/// Only a regular file: a link there leads anywhere (another project was offered and restored
/// over this one).
pub fn newer_recovery(project_path: &Path) -> Option<PathBuf> {
    let rec = recovery_path(project_path);
    let rec_time = std::fs::symlink_metadata(&rec).ok().filter(std::fs::Metadata::is_file)?.modified().ok()?;
    match modified(project_path) {
        Some(p) if p >= rec_time => None,
        _ => Some(rec),
    }
}

/// The project the recovery file of `project_path` holds, if it is this project's: `current` is
/// the project open from that file. The file is read only if it is a regular file, not a link,
/// of at most [`super::load::MAX_PROJECT`] bytes (a 5 GB sparse one aborted the workbench).
pub fn load_recovery(project_path: &Path, current: &Project) -> Result<super::Loaded, super::LoadError> {
    let rec = recovery_path(project_path);
    let bytes = super::load::read_error(&rec, super::sidecar::read_regular(&rec, super::load::MAX_PROJECT))?;
    let loaded = super::load::load_bytes(&bytes, &rec)?;
    // One from before projects recorded their UUID cannot show whose it is: said as such (it
    // was called "another project", which sent the analyst looking for one).
    if !loaded.uuid_stored {
        return Err(super::LoadError::UnknownProject { path: rec });
    }
    if loaded.project.uuid() != current.uuid() {
        return Err(super::LoadError::OtherProject { path: rec, name: crate::model::short(loaded.project.name()) });
    }
    Ok(loaded)
}

fn modified(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A recovery file that is a link, holds another project, or is larger than any project is
    /// neither offered nor restored (a link to another project's file was restored over this
    /// one and saved; a 5 GB sparse one aborted the workbench).
    #[cfg(unix)]
    #[test]
    fn only_this_projects_own_recovery_file_is_offered_and_restored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        let mine = Project::new("mine");
        crate::store::save(&mine, &path).expect("saves");
        let t = SystemTime::now();
        crate::testing::set_modified(&path, t - std::time::Duration::from_secs(60));
        // Its own: offered and restored.
        write_recovery(&mine, &path).expect("writes");
        assert!(newer_recovery(&path).is_some());
        assert_eq!(load_recovery(&path, &mine).expect("restores").project.name(), "mine");
        // Another project's file, linked: not offered, not read.
        let other = dir.path().join("other.ron");
        crate::store::save(&Project::new("PRIVATE other"), &other).expect("saves");
        std::fs::remove_file(recovery_path(&path)).expect("rm");
        std::os::unix::fs::symlink(&other, recovery_path(&path)).expect("link");
        assert_eq!(newer_recovery(&path), None);
        assert!(load_recovery(&path, &mine).is_err());
        // Another project's copy put there: refused, naming it.
        std::fs::remove_file(recovery_path(&path)).expect("rm");
        std::fs::copy(&other, recovery_path(&path)).expect("copy");
        let e = load_recovery(&path, &mine).expect_err("refused").to_string();
        assert!(e.contains("another project") && e.contains("PRIVATE other"), "{e}");
        // Larger than any project: refused by its size, not read.
        let f = std::fs::File::create(recovery_path(&path)).expect("create");
        f.set_len(super::super::load::MAX_PROJECT + 1).expect("sparse");
        let e = load_recovery(&path, &mine).expect_err("refused").to_string();
        assert!(e.contains("too large"), "{e}");
        // This project's own, from a claimscope that stored no UUID: refused, and said why.
        std::fs::remove_file(recovery_path(&path)).expect("rm");
        let text = to_ron(&mine).expect("ron");
        let line = format!("  uuid: \"{}\",\n", mine.uuid());
        assert!(text.contains(&line), "{text}");
        std::fs::write(recovery_path(&path), text.replace(&line, "")).expect("write");
        let e = load_recovery(&path, &mine).expect_err("refused").to_string();
        assert!(e.contains("older claimscope") && !e.contains("another project"), "{e}");
        assert!(recovery_path(&path).exists(), "left as it is");
    }

    #[test]
    fn recovery_is_offered_only_when_newer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        let p = Project::new("p");
        crate::store::save(&p, &path).expect("saves");
        assert_eq!(newer_recovery(&path), None);
        // Times set, not slept for: a file system with coarse times would make sleeps too short.
        let t = SystemTime::now();
        crate::testing::set_modified(&path, t - std::time::Duration::from_secs(60));
        write_recovery(&p, &path).expect("writes");
        crate::testing::set_modified(&recovery_path(&path), t - std::time::Duration::from_secs(30));
        assert_eq!(newer_recovery(&path), Some(recovery_path(&path)));
        crate::store::save(&p, &path).expect("saves");
        crate::testing::set_modified(&path, t);
        assert_eq!(newer_recovery(&path), None, "a later save makes it stale");
        discard_recovery(&path);
        assert!(!recovery_path(&path).exists());
    }
}
