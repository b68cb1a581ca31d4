//! One writer at a time: an advisory lock per project file.
//!
//! The lock is an OS file lock (`flock` on Unix, `LockFileEx` on Windows, through
//! [`std::fs::File::try_lock`]) on a hidden sidecar, `.NAME.lock`, beside the project file (the
//! file a symlink points at, so two links to one project share a lock). The OS drops the lock
//! when its holder exits or is killed, so a crash never leaves a stale lock. The sidecar is never
//! deleted (deleting it would let a waiter lock a file nobody else sees); the holder writes who
//! it is into it, for the message another writer shows.
//!
//! The workbench holds the lock while a project is open; the command line takes it around each
//! read-modify-write, waiting briefly for another command to finish.

use std::fs::{File, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::save::resolve_links;

/// How long a command-line writer waits for another one to finish before giving up.
pub const CLI_WAIT: Duration = Duration::from_secs(20);

/// Holders that keep a project open for long (the workbench) say so; nobody waits for them.
pub const LONG_HOLDER: &str = "the claimscope workbench";

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("the project is being changed by another program ({holder}); close it there or wait, then try again: {}", path.display())]
    Held { path: PathBuf, holder: String },
    #[error("could not lock the project ({error}; lock file {}): {}", lock.display(), path.display())]
    Io { path: PathBuf, lock: PathBuf, error: io::Error },
    /// The lock file is a link or not a regular file: someone else put it there (a cloned
    /// repository can), and writing the holder line through it would change another file.
    /// Part of the message, not a `source`, so that printing the chain does not say it twice.
    #[error("could not lock the project: {0}")]
    Sidecar(super::sidecar::SidecarError),
}

impl From<super::sidecar::SidecarError> for LockError {
    fn from(e: super::sidecar::SidecarError) -> Self {
        LockError::Sidecar(e)
    }
}

/// A held lock; dropping it releases it.
#[derive(Debug)]
pub struct ProjectLock {
    file: File,
    project: PathBuf,
}

/// The sidecar lock file of a project file.
pub fn lock_path(project: &Path) -> PathBuf {
    let target = resolve_links(project);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.lock"))
}

impl ProjectLock {
    /// Takes the lock of `project`, waiting up to `wait` for another holder to let go. `holder`
    /// says who takes it ("claimscope annotate"), for others' messages.
    pub fn acquire(project: &Path, holder: &str, wait: Duration) -> Result<ProjectLock, LockError> {
        let lock = lock_path(project);
        let io_err = |error| LockError::Io { path: project.to_owned(), lock: lock.clone(), error };
        let mut file = super::sidecar::open_read_write(&lock)?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock)
                    if start.elapsed() < wait && !read_holder(&mut file).starts_with(LONG_HOLDER) =>
                {
                    std::thread::sleep(pause.min(wait.saturating_sub(start.elapsed())));
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(LockError::Held { path: project.to_owned(), holder: read_holder(&mut file) });
                }
                Err(TryLockError::Error(e)) => return Err(io_err(e)),
            }
        }
        // Who holds it, for the message another writer shows. Best effort: the lock is what counts.
        let line = format!("{holder}, process {}, since {} UTC\n", std::process::id(), crate::clock::now_rfc3339());
        let _ = file.set_len(0).and_then(|()| file.rewind()).and_then(|()| file.write_all(line.as_bytes()));
        let _ = file.flush();
        Ok(ProjectLock { file, project: project.to_owned() })
    }

    /// The project file this lock guards.
    pub fn project(&self) -> &Path {
        &self.project
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

fn read_holder(file: &mut File) -> String {
    let mut s = String::new();
    let _ = file.rewind().and_then(|()| file.take(512).read_to_string(&mut s));
    let s = crate::model::text::escape_controls(s.trim());
    if s.is_empty() { "another claimscope process".to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_the_holder_named_and_gets_it_once_released() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        std::fs::write(&path, "x").expect("seed");
        let first = ProjectLock::acquire(&path, "claimscope workbench", Duration::ZERO).expect("free");
        let e = ProjectLock::acquire(&path, "claimscope annotate", Duration::from_millis(30)).expect_err("held");
        let m = e.to_string();
        assert!(m.contains("claimscope workbench") && m.contains(&format!("process {}", std::process::id())), "{m}");
        assert!(m.contains("p.ron"), "{m}");
        drop(first);
        let second = ProjectLock::acquire(&path, "claimscope annotate", Duration::ZERO).expect("released");
        assert_eq!(second.project(), path);
        assert!(lock_path(&path).exists(), "the sidecar stays, so waiters never lock a deleted file");
    }

    #[cfg(unix)]
    #[test]
    fn two_links_to_one_project_share_its_lock() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        std::fs::write(&path, "x").expect("seed");
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&path, &link).expect("symlink");
        let _held = ProjectLock::acquire(&path, "one", Duration::ZERO).expect("free");
        assert!(ProjectLock::acquire(&link, "two", Duration::ZERO).is_err());
    }
}
