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
    super::sidecar::check_writable(&path)?;
    write_file_atomic_like(&path, text.as_bytes(), project_path)
}

/// Removes the recovery file, if any (after a save, or when the analyst declines it).
pub fn discard_recovery(project_path: &Path) {
    let _ = std::fs::remove_file(recovery_path(project_path));
}

/// The recovery file, if there is one newer than the project file (or the project file is gone).
pub fn newer_recovery(project_path: &Path) -> Option<PathBuf> {
    let rec = recovery_path(project_path);
    let rec_time = modified(&rec)?;
    match modified(project_path) {
        Some(p) if p >= rec_time => None,
        _ => Some(rec),
    }
}

fn modified(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

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
