//! Files claimscope keeps beside a project (the lock, the embedding cache, the recovery copy,
//! and `.gitignore`/`.gitattributes` in a repository) are read and written here, never through a
//! link and never from anything but a regular file.
//!
//! Why: these names sit in folders other people fill. A cloned repository can commit
//! `.NAME.ron.lock` as a link to `~/.ssh/authorized_keys`, or `NAME.ron.embeddings` as a link to
//! `/dev/zero` or a FIFO. Following the link would let that file write over the target, read
//! until the machine runs out of memory, or block forever. So a sidecar is opened with
//! `O_NOFOLLOW | O_NONBLOCK` (a FIFO opens without waiting for a writer and is then refused as
//! not a regular file), checked with `fstat` on the open handle (no race between a check and
//! the open), and read up to a size that the caller says is plausible.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Why a sidecar was not read or written.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("{} is a symbolic link; claimscope does not read or write through links beside a project (remove the link)", path.display())]
    Link { path: PathBuf },
    #[error("{} is a hard link to another file; claimscope does not write through links beside a project (remove it)", path.display())]
    HardLink { path: PathBuf },
    #[error("{} is not a regular file ({kind}); claimscope does not read or write it (remove it)", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("{} is larger than such a file can be ({size} bytes; at most {max})", path.display())]
    TooLarge { path: PathBuf, size: u64, max: u64 },
    #[error("cannot read {} ({error})", path.display())]
    Missing { path: PathBuf, error: io::Error },
    // "open": the lock is created and written through this too, not only read.
    #[error("cannot open {} ({error})", path.display())]
    Io { path: PathBuf, error: io::Error },
}

impl SidecarError {
    fn io(path: &Path, error: io::Error) -> SidecarError {
        match error.kind() {
            io::ErrorKind::NotFound => SidecarError::Missing { path: path.to_owned(), error },
            _ if is_link(path) => SidecarError::Link { path: path.to_owned() },
            _ => SidecarError::Io { path: path.to_owned(), error },
        }
    }
}

/// True when `path` itself is a symbolic link (not followed).
pub fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Options that open without following a final link and without blocking on a FIFO.
fn no_follow(o: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    o
}

/// Options that open without blocking on a FIFO (links followed: a file the user named).
fn no_block(o: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o
}

/// The bytes of a file the user named (a project, a file to import), following links, if it is
/// a regular file of at most `max` bytes: the check is made on the open handle, so a FIFO or
/// a device put there between a look and the open is still refused, and never waited on.
pub fn read_named(path: &Path, max: u64) -> Result<Vec<u8>, SidecarError> {
    read_open(open_named(path, max)?, path, max)
}

/// Opens a file the user named, following links, if it is a regular file of at most `max`
/// bytes: a FIFO or a device is refused at once, never waited on (see [`read_named`]).
pub fn open_named(path: &Path, max: u64) -> Result<File, SidecarError> {
    let file = no_block(OpenOptions::new().read(true)).open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => SidecarError::Missing { path: path.to_owned(), error: e },
        _ => SidecarError::Io { path: path.to_owned(), error: e },
    })?;
    check_regular(&file, path, max)?;
    Ok(file)
}

fn read_open(file: File, path: &Path, max: u64) -> Result<Vec<u8>, SidecarError> {
    let len = check_regular(&file, path, max)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| SidecarError::Io { path: path.to_owned(), error })?;
    if bytes.len() as u64 > max {
        return Err(SidecarError::TooLarge { path: path.to_owned(), size: bytes.len() as u64, max });
    }
    Ok(bytes)
}

/// Checks that an open handle is a regular file, no larger than `max`.
fn check_regular(file: &File, path: &Path, max: u64) -> Result<u64, SidecarError> {
    let meta = file.metadata().map_err(|error| SidecarError::Io { path: path.to_owned(), error })?;
    if !meta.is_file() {
        return Err(SidecarError::NotAFile { path: path.to_owned(), kind: super::kind_of(&meta) });
    }
    if meta.len() > max {
        return Err(SidecarError::TooLarge { path: path.to_owned(), size: meta.len(), max });
    }
    Ok(meta.len())
}

/// Opens `path` for reading if it is a regular file (not a link, FIFO, device or folder) of at
/// most `max` bytes.
pub fn open_regular(path: &Path, max: u64) -> Result<File, SidecarError> {
    if is_link(path) {
        return Err(SidecarError::Link { path: path.to_owned() });
    }
    let file = no_follow(OpenOptions::new().read(true)).open(path).map_err(|e| SidecarError::io(path, e))?;
    check_regular(&file, path, max)?;
    Ok(file)
}

/// The bytes of `path` if it is a regular file of at most `max` bytes. The read itself stops at
/// `max` too, should the file grow meanwhile.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, SidecarError> {
    let file = open_regular(path, max)?;
    read_open(file, path, max)
}

/// Opens (creating it if missing) a sidecar for reading and writing in place, as the lock
/// does: never through a link, and only a regular file.
pub fn open_read_write(path: &Path) -> Result<File, SidecarError> {
    if is_link(path) {
        return Err(SidecarError::Link { path: path.to_owned() });
    }
    let file = no_follow(OpenOptions::new().read(true).write(true).create(true).truncate(false))
        .open(path)
        .map_err(|e| SidecarError::io(path, e))?;
    check_regular(&file, path, u64::MAX)?;
    // A hard link is a name of another file as much as a symbolic one: a lock file made a hard
    // link to a file elsewhere had that file truncated and overwritten.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if file.metadata().is_ok_and(|m| m.nlink() > 1) {
            return Err(SidecarError::HardLink { path: path.to_owned() });
        }
    }
    Ok(file)
}

/// Refuses to replace `path` when it is a link or something other than a regular file: the
/// check before an atomic write of a sidecar (the rename itself would replace a link, not
/// write through it, but a link there is someone else's doing and worth saying so).
pub fn check_writable(path: &Path) -> Result<(), SidecarError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(SidecarError::Link { path: path.to_owned() }),
        Ok(m) if !m.is_file() => Err(SidecarError::NotAFile { path: path.to_owned(), kind: super::kind_of(&m) }),
        _ => Ok(()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_fifos_and_devices_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("target");
        std::fs::write(&target, "secret").expect("seed");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        assert!(matches!(read_regular(&link, 100), Err(SidecarError::Link { .. })));
        assert!(matches!(open_read_write(&link), Err(SidecarError::Link { .. })));
        assert!(matches!(check_writable(&link), Err(SidecarError::Link { .. })));
        assert_eq!(std::fs::read_to_string(&target).expect("still there"), "secret");

        let zero = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
        assert!(read_regular(&zero, 100).is_err());
        assert!(matches!(read_regular(Path::new("/dev/zero"), 100), Err(SidecarError::NotAFile { .. })));

        let fifo = dir.path().join("fifo");
        if !crate::testing::mkfifo(&fifo) {
            return;
        }
        // Opening a FIFO for reading blocks until a writer comes, unless O_NONBLOCK: this
        // returns at once.
        assert!(matches!(read_regular(&fifo, 100), Err(SidecarError::NotAFile { .. })));
        assert!(matches!(check_writable(&fifo), Err(SidecarError::NotAFile { .. })));

        assert!(matches!(read_regular(&dir.path().join("none"), 100), Err(SidecarError::Missing { .. })));
        assert!(matches!(read_regular(&target, 3), Err(SidecarError::TooLarge { .. })));
        assert_eq!(read_regular(&target, 6).expect("fits"), b"secret");
    }
}
