//! Atomic saving: the file on disk is always either the old version or the new one, whole.
//!
//! The new text goes to a temporary file in the same folder (so the final rename stays on one
//! file system), is flushed and synced, and is then renamed over the target. The old target is
//! kept as `NAME.ron.bak` by a hard link (no copy) made before the rename. Any failure removes
//! the temporary file and leaves the target as it was.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::Project;

use super::format::to_ron;

/// Why a save failed. The file that was there before is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not turn the project into RON ({0}); nothing was written")]
    Serialize(#[from] ron::Error),
    #[error("could not save ({step}: {source}); the file that was there is unchanged: {}", path.display())]
    Io { path: PathBuf, step: &'static str, source: io::Error },
}

/// Saves `project` to `path` atomically, keeping the previous file as `path.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), SaveError> {
    let text = to_ron(project)?;
    write_atomic(&mut RealDisk, path, text.as_bytes(), true)
}

/// Writes `bytes` to `path` atomically (see the module comment); no backup is kept.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_atomic(&mut RealDisk, path, bytes, false)
}

/// The backup kept beside a project file.
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

/// `path` with `suffix` appended to its file name.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// The file operations a save makes, so that tests can make each one fail in turn.
pub(crate) trait Disk {
    fn write_new(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    fn hard_link(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    fn copy(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove(&mut self, path: &Path) -> io::Result<()>;
    fn sync_dir(&mut self, dir: &Path) -> io::Result<()>;
}

pub(crate) struct RealDisk;

impl Disk for RealDisk {
    fn write_new(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
        f.write_all(bytes)?;
        f.flush()?;
        f.sync_all()
    }
    fn hard_link(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::hard_link(from, to)
    }
    fn copy(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::copy(from, to).map(|_| ())
    }
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
    fn remove(&mut self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
    fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
        // Makes the rename itself durable. Not every platform can open a folder; that is fine.
        match File::open(dir) {
            Ok(d) => d.sync_all().or(Ok(())),
            Err(_) => Ok(()),
        }
    }
}

fn temp_name(path: &Path, what: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{what}-{}-{n}.tmp", std::process::id()))
}

pub(crate) fn write_atomic(disk: &mut dyn Disk, path: &Path, bytes: &[u8], backup: bool) -> Result<(), SaveError> {
    let fail = |step: &'static str| move |source| SaveError::Io { path: path.to_owned(), step, source };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let tmp = temp_name(path, "new");
    if let Err(e) = disk.write_new(&tmp, bytes) {
        let _ = disk.remove(&tmp);
        return Err(fail("writing a temporary file")(e));
    }
    if backup && path.exists() {
        let bak_tmp = temp_name(path, "bak");
        let linked = disk.hard_link(path, &bak_tmp).or_else(|_| disk.copy(path, &bak_tmp));
        let kept = linked.and_then(|()| disk.rename(&bak_tmp, &backup_path(path)));
        if let Err(e) = kept {
            let _ = disk.remove(&bak_tmp);
            let _ = disk.remove(&tmp);
            return Err(fail("keeping the previous version as .bak")(e));
        }
    }
    if let Err(e) = disk.rename(&tmp, path) {
        let _ = disk.remove(&tmp);
        return Err(fail("replacing the file")(e));
    }
    disk.sync_dir(&dir).map_err(fail("syncing the folder"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails the `fail_at`-th operation; a failing write leaves half the bytes behind, as a full
    /// disk does.
    struct Faulty {
        fail_at: usize,
        calls: usize,
    }

    impl Faulty {
        fn step(&mut self) -> io::Result<()> {
            self.calls += 1;
            if self.calls == self.fail_at { Err(io::Error::other("injected failure")) } else { Ok(()) }
        }
    }

    impl Disk for Faulty {
        fn write_new(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            if let Err(e) = self.step() {
                fs::write(path, &bytes[..bytes.len() / 2])?;
                return Err(e);
            }
            RealDisk.write_new(path, bytes)
        }
        fn hard_link(&mut self, from: &Path, to: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.hard_link(from, to)
        }
        fn copy(&mut self, from: &Path, to: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.copy(from, to)
        }
        fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.rename(from, to)
        }
        fn remove(&mut self, path: &Path) -> io::Result<()> {
            RealDisk.remove(path)
        }
        fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
            RealDisk.sync_dir(dir)
        }
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .map(|r| r.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    fn seeded() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        fs::write(&path, "old contents “é”").expect("seed");
        (dir, path)
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_old_file_byte_for_byte() {
        let (dir, path) = seeded();
        let mut clean = Faulty { fail_at: 0, calls: 0 };
        write_atomic(&mut clean, &path, b"new contents", true).expect("saves");
        assert_eq!(fs::read_to_string(&path).expect("saved"), "new contents");
        assert_eq!(fs::read_to_string(backup_path(&path)).expect("backup"), "old contents “é”");
        assert_eq!(entries(dir.path()), vec!["p.ron", "p.ron.bak"]);
        assert!(clean.calls >= 3, "the write, the backup and the rename are separate steps");

        let mut failures = 0;
        for fail_at in 1..=clean.calls {
            let (dir, path) = seeded();
            let mut disk = Faulty { fail_at, calls: 0 };
            let result = write_atomic(&mut disk, &path, b"new contents", true);
            let left = entries(dir.path());
            assert!(left.iter().all(|n| !n.ends_with(".tmp")), "step {fail_at} left {left:?}");
            match result {
                Err(e) => {
                    failures += 1;
                    assert_eq!(fs::read(&path).expect("still there"), "old contents “é”".as_bytes());
                    assert!(e.to_string().contains("unchanged"), "{e}");
                }
                // A failed hard link falls back to a copy; the save then succeeds whole.
                Ok(()) => assert_eq!(fs::read_to_string(&path).expect("saved"), "new contents"),
            }
        }
        assert!(failures >= 3, "{failures} steps failed the save");
    }

    #[test]
    fn first_save_has_no_backup() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("new.ron");
        write_atomic(&mut RealDisk, &path, b"x", true).expect("saves");
        assert_eq!(entries(dir.path()), vec!["new.ron"]);
    }
}
