//! Atomic saving: the file on disk is always either the old version or the new one, whole.
//!
//! The new text goes to a temporary file in the same folder (so the final rename stays on one
//! file system), is flushed and synced, and is then renamed over the target. The old target is
//! kept as `NAME.ron.bak` by a hard link (no copy) made before the rename. Any failure removes
//! the temporary file and leaves the target as it was.
//!
//! A save keeps what the file was: a symlinked path is saved through to the file it points at
//! (the link stays a link), the new file gets the old one's permissions and, where the process
//! may, its owner and group; a read-only file or something that is not a regular file (a folder,
//! a FIFO, a device) is refused. Temporary files left by saves that were killed are removed by
//! the next save.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::Project;

use super::format::to_ron;

/// Why a save failed. The file that was there before is unchanged.
///
/// The OS error is part of the message and deliberately not a `source`, so that a caller that
/// prints the whole chain does not print it twice.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not turn the project into RON ({0}); nothing was written")]
    Serialize(ron::Error),
    #[error("could not save ({step}: {error}); the file that was there is unchanged: {}", path.display())]
    Io { path: PathBuf, step: &'static str, error: io::Error },
    #[error("the file is read-only, so it was not overwritten; make it writable or save under another name: {}", path.display())]
    ReadOnly { path: PathBuf },
    #[error("this is not a regular file ({kind}), so nothing was written to it: {}", path.display())]
    NotAFile { path: PathBuf, kind: &'static str },
    /// A file beside the project that is a link or not a regular file.
    #[error(transparent)]
    Sidecar(#[from] super::sidecar::SidecarError),
    #[error(
        "the project would be {} MB, more than claimscope opens ({} MB), so it was not written; the file that was there is unchanged: {}",
        size >> 20,
        super::load::MAX_PROJECT >> 20,
        path.display()
    )]
    TooLarge { path: PathBuf, size: u64 },
}

/// Refuses a project file claimscope could not open again: written, it would have replaced the
/// last good file with one every later load refuses (a 618 KB `.qdpx` once made 923 MB of it).
pub fn openable(text: &str, path: &Path) -> Result<(), SaveError> {
    openable_size(text.len() as u64, path)
}

fn openable_size(size: u64, path: &Path) -> Result<(), SaveError> {
    if size > super::load::MAX_PROJECT {
        return Err(SaveError::TooLarge { path: path.to_owned(), size });
    }
    Ok(())
}

impl From<ron::Error> for SaveError {
    fn from(e: ron::Error) -> Self {
        SaveError::Serialize(e)
    }
}

/// Saves `project` to `path` atomically, keeping the previous file as `path.bak`; returns what
/// the saved file is, for noticing later whether someone else changed it.
pub fn save(project: &Project, path: &Path) -> Result<Fingerprint, SaveError> {
    let text = to_ron(project)?;
    openable(&text, path)?;
    write_atomic(&mut RealDisk, path, text.as_bytes(), true, None)?;
    Ok(Fingerprint::of_written(&resolve_links(path), text.as_bytes()))
}

/// Writes `bytes` to `path` atomically (see the module comment); no backup is kept.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_atomic(&mut RealDisk, path, bytes, false, None)
}

/// Like [`write_file_atomic`], for a new file that should have the permissions and owner of
/// `like` (a recovery copy beside a private project stays private).
pub fn write_file_atomic_like(path: &Path, bytes: &[u8], like: &Path) -> Result<(), SaveError> {
    write_atomic(&mut RealDisk, path, bytes, false, Some(like))
}

/// A 64-bit hash of a whole file's bytes, for [`Fingerprint`]: foldhash, ~10 times FNV-1a's
/// speed on long input (a 24 MB project: 3.4 ms against 31 ms, paid on every load and save).
/// Held in memory only, so its values may change between versions of the crate.
fn content_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0).hash_one(bytes)
}

/// What a file on disk is: its length, modification time and a hash of its bytes. Compared
/// before a save to notice that another program changed the file since it was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
    pub hash: u64,
}

impl Fingerprint {
    /// The fingerprint of a file whose bytes are in hand (just read or just written).
    pub fn of_written(path: &Path, bytes: &[u8]) -> Fingerprint {
        let meta = fs::metadata(path).ok();
        Fingerprint {
            len: bytes.len() as u64,
            modified: meta.and_then(|m| m.modified().ok()),
            hash: content_hash(bytes),
        }
    }

    /// True when the file at `path` is no longer what this fingerprint describes (changed,
    /// replaced or removed). Cheap when nothing changed: the bytes are hashed only when the
    /// length or time differ (a `touch` alone is not a change).
    pub fn changed(&self, path: &Path) -> bool {
        let path = resolve_links(path);
        let Ok(meta) = fs::metadata(&path) else { return true };
        if meta.len() == self.len && meta.modified().ok() == self.modified {
            return false;
        }
        // Only a regular file as large as ours can be ours; it is opened without waiting (a FIFO
        // put in the project's place hung every save after it).
        if !meta.is_file() || meta.len() != self.len {
            return true;
        }
        match super::sidecar::read_named(&path, self.len) {
            Ok(bytes) => bytes.len() as u64 != self.len || content_hash(&bytes) != self.hash,
            Err(_) => true,
        }
    }
}

/// `path` with symbolic links followed to the file they name (which need not exist yet); at most
/// 40 links, as the OS allows, so a loop of links ends.
pub fn resolve_links(path: &Path) -> PathBuf {
    let mut p = path.to_owned();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match fs::read_link(&p) {
                Ok(target) if target.is_absolute() => p = target,
                Ok(target) => p = p.parent().map_or_else(|| target.clone(), |dir| dir.join(&target)),
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// What kind of thing a non-regular file is, for messages.
pub fn kind_of(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_file() { "a file" } else { "a special file" }
}

/// Removes temporary files that earlier saves of `path` left behind when they were killed
/// (`.NAME.new-PID-N.tmp`, `.NAME.bak-PID-N.tmp`, the same for its recovery copy). Files of a
/// process that is still running are left alone; where the OS cannot tell (no `/proc`), only
/// files over an hour old are removed.
pub fn remove_leftovers(path: &Path) -> usize {
    let path = resolve_links(path);
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else { return 0 };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let own = std::process::id();
    let mut removed = 0;
    for e in entries.filter_map(Result::ok) {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".tmp")) else { continue };
        // `what-PID-N`, where what is `new`, `bak` or `recovery.new`.
        let mut parts = rest.rsplitn(3, '-');
        let (_n, pid) = (parts.next(), parts.next().and_then(|p| p.parse::<u32>().ok()));
        let Some(pid) = pid else { continue };
        if pid == own || !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let stale = if Path::new("/proc/self").exists() {
            !claimscope_alive(pid)
        } else {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > std::time::Duration::from_secs(3600)))
        };
        if stale && fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// True if `pid` is a running claimscope process. Not only "/proc/PID exists": process and
/// thread ids share one small space (32768 by default) and are reused, so a busy machine soon
/// gives a dead writer's id to a thread of some other program, and its temporary file would
/// never be cleaned. A process (not a thread: its thread-group id is itself) named claimscope
/// is the writer still at work, or another claimscope that may be.
fn claimscope_alive(pid: u32) -> bool {
    let proc_dir = Path::new("/proc").join(pid.to_string());
    let Ok(status) = fs::read_to_string(proc_dir.join("status")) else { return false };
    let field =
        |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or_default().to_owned();
    // A PDF worker never saves a project: one that took a dead writer's id is not it.
    let worker = fs::read(proc_dir.join("cmdline")).is_ok_and(|c| c.split(|&b| b == 0).any(|arg| arg == b"pdf-worker"));
    field("Tgid:") == pid.to_string() && field("Name:").starts_with("claimscope") && !worker
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
    /// Writes a new file; with `like`, gives it that file's permissions and owner.
    fn write_new(&mut self, path: &Path, bytes: &[u8], like: Option<&fs::Metadata>) -> io::Result<()>;
    fn hard_link(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    fn copy(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove(&mut self, path: &Path) -> io::Result<()>;
    fn sync_dir(&mut self, dir: &Path) -> io::Result<()>;
}

pub(crate) struct RealDisk;

impl Disk for RealDisk {
    fn write_new(&mut self, path: &Path, bytes: &[u8], like: Option<&fs::Metadata>) -> io::Result<()> {
        let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
        if let Some(meta) = like {
            f.set_permissions(meta.permissions())?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                // Only the owner or root may give a file away; otherwise it stays the saver's.
                let _ = std::os::unix::fs::fchown(&f, Some(meta.uid()), Some(meta.gid()));
            }
        }
        f.write_all(bytes)?;
        f.flush()?;
        f.sync_all()
    }
    fn hard_link(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::hard_link(from, to)
    }
    fn copy(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        // Never through a name someone placed there: a link at the temporary name had the
        // project copied into the file it named (`fs::copy` opens the target as it finds it).
        let mut src = File::open(from)?;
        let mut dst = OpenOptions::new().write(true).create_new(true).open(to)?;
        io::copy(&mut src, &mut dst)?;
        dst.sync_all()
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

/// A temporary name beside `path`, `.NAME.what-PID-Nxrandom.tmp`: the random part (the standard
/// library's per-process hash keys) keeps anyone from placing a file or link at the names a
/// save will use, as the process id alone did not (all 32,768 of them could be planted).
fn temp_name(path: &Path, what: &str) -> PathBuf {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(n);
    let random = h.finish();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{what}-{}-{n}x{random:016x}.tmp", std::process::id()))
}

/// Tries to make a new file at a fresh temporary name, a few names in turn: a name that exists
/// already (someone else's file or link) is passed over, never written through or removed.
fn at_new_name(path: &Path, what: &str, mut make: impl FnMut(&Path) -> io::Result<()>) -> io::Result<PathBuf> {
    let mut last = None;
    for _ in 0..8 {
        let candidate = temp_name(path, what);
        match make(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AlreadyExists)))
}

pub(crate) fn write_atomic(
    disk: &mut dyn Disk,
    path: &Path,
    bytes: &[u8],
    backup: bool,
    like: Option<&Path>,
) -> Result<(), SaveError> {
    // A link is saved through: the file it names is replaced, the link stays.
    let target = resolve_links(path);
    let path = target.as_path();
    let fail = |step: &'static str| move |error| SaveError::Io { path: path.to_owned(), step, error };
    let existing = match fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail("looking at the file")(e)),
    };
    if let Some(m) = &existing {
        if !m.is_file() {
            return Err(SaveError::NotAFile { path: path.to_owned(), kind: kind_of(m) });
        }
        if m.permissions().readonly() {
            return Err(SaveError::ReadOnly { path: path.to_owned() });
        }
    }
    // A folder where the backup goes blocks every save: say so by its name, before writing.
    if backup
        && let Ok(m) = fs::symlink_metadata(backup_path(path))
        && m.is_dir()
    {
        return Err(SaveError::NotAFile { path: backup_path(path), kind: kind_of(&m) });
    }
    let like_meta = existing.or_else(|| like.and_then(|l| fs::metadata(l).ok()));
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    // A file made here and failing partway is removed; a name found taken is not ours to touch.
    let mut made: Option<PathBuf> = None;
    let tmp = at_new_name(path, "new", |t| {
        let r = disk.write_new(t, bytes, like_meta.as_ref());
        if r.as_ref().is_err_and(|e| e.kind() != io::ErrorKind::AlreadyExists) {
            made = Some(t.to_owned());
        }
        r
    });
    let tmp = match tmp {
        Ok(tmp) => tmp,
        Err(e) => {
            if let Some(partial) = made {
                let _ = disk.remove(&partial);
            }
            return Err(fail("writing a temporary file")(e));
        }
    };
    if backup && path.exists() {
        let bak_tmp = at_new_name(path, "bak", |b| match disk.hard_link(path, b) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => disk.copy(path, b),
            r => r,
        });
        let kept = match bak_tmp {
            Ok(b) => match disk.rename(&b, &backup_path(path)) {
                Ok(()) => Ok(b),
                Err(e) => {
                    let _ = disk.remove(&b);
                    Err(e)
                }
            },
            Err(e) => Err(e),
        };
        let bak_tmp = match kept {
            Ok(b) => b,
            Err(e) => {
                let _ = disk.remove(&tmp);
                return Err(fail("keeping the previous version as .bak")(e));
            }
        };
        // When the .bak already is the file (a save killed between its two renames left both
        // names on one inode), rename(2) does nothing and succeeds, and the link stayed: a
        // test that kills saves at random moments found it left behind.
        if bak_tmp.exists() {
            let _ = disk.remove(&bak_tmp);
        }
    }
    if let Err(e) = disk.rename(&tmp, path) {
        let _ = disk.remove(&tmp);
        return Err(fail("replacing the file")(e));
    }
    disk.sync_dir(&dir).map_err(fail("syncing the folder"))?;
    remove_leftovers(path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder where the backup goes is named in the refusal (the message named the project).
    #[test]
    fn a_folder_in_the_backups_place_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        fs::write(&path, b"v1").expect("write");
        fs::create_dir(backup_path(&path)).expect("mkdir");
        let e = write_atomic(&mut RealDisk, &path, b"v2", true, None).expect_err("refused").to_string();
        assert!(e.contains("p.ron.bak"), "{e}");
        assert_eq!(fs::read(&path).expect("there"), b"v1");
    }

    /// A FIFO put in place of the project is "changed", told at once: the check before a save
    /// read it with a blocking read, and every later save waited behind it.
    #[cfg(unix)]
    #[test]
    fn a_fifo_in_the_projects_place_is_changed_without_waiting() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        fs::write(&path, b"project").expect("write");
        let print = Fingerprint::of_written(&path, b"project");
        assert!(!print.changed(&path));
        fs::remove_file(&path).expect("rm");
        if !crate::testing::mkfifo(&path) {
            return;
        }
        assert!(print.changed(&path));
    }

    /// The copy that keeps a `.bak` where no hard link can be made never writes through a link
    /// placed at its temporary name (the project was copied into the file it named), and a save
    /// passes over temporary names that are taken, leaving them as they are.
    #[cfg(unix)]
    #[test]
    fn temporary_names_someone_placed_are_never_written_through_or_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep").expect("write");
        let planted = dir.path().join(".p.ron.bak-1-1.tmp");
        std::os::unix::fs::symlink(&victim, &planted).expect("link");
        let path = dir.path().join("p.ron");
        fs::write(&path, b"project").expect("write");
        let e = RealDisk.copy(&path, &planted).expect_err("not through the link");
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&victim).expect("there"), b"keep");
        // Taken names are passed over, not removed; a fresh one is used.
        let mut tried = Vec::new();
        let got = at_new_name(&path, "bak", |t| {
            tried.push(t.to_owned());
            if tried.len() < 3 { Err(io::Error::from(io::ErrorKind::AlreadyExists)) } else { fs::write(t, b"x") }
        })
        .expect("a name");
        assert_eq!(tried.len(), 3);
        assert_eq!(tried.iter().collect::<std::collections::HashSet<_>>().len(), 3, "three different names");
        assert_eq!(got, tried[2]);
        assert!(fs::symlink_metadata(&planted).is_ok(), "the placed link is left");
        // Two names for one save are not guessable from the process id alone.
        assert_ne!(temp_name(&path, "new"), temp_name(&path, "new"));
        write_atomic(&mut RealDisk, &path, b"v2", true, None).expect("saves");
        assert_eq!(fs::read(&victim).expect("there"), b"keep");
        assert_eq!(fs::read(backup_path(&path)).expect("bak"), b"project");
    }

    /// A save after one killed between its renames (the file and its .bak one inode) leaves no
    /// temporary file.
    #[cfg(unix)]
    #[test]
    fn a_backup_that_is_the_file_itself_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        fs::write(&path, b"v1").expect("write");
        fs::hard_link(&path, backup_path(&path)).expect("link");
        write_atomic(&mut RealDisk, &path, b"v2", true, None).expect("saves");
        let left: Vec<String> = fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        assert_eq!(fs::read(&path).expect("read"), b"v2");
        assert_eq!(fs::read(backup_path(&path)).expect("bak"), b"v1");
    }

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
        fn write_new(&mut self, path: &Path, bytes: &[u8], like: Option<&fs::Metadata>) -> io::Result<()> {
            if let Err(e) = self.step() {
                fs::write(path, &bytes[..bytes.len() / 2])?;
                return Err(e);
            }
            RealDisk.write_new(path, bytes, like)
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
        write_atomic(&mut clean, &path, b"new contents", true, None).expect("saves");
        assert_eq!(fs::read_to_string(&path).expect("saved"), "new contents");
        assert_eq!(fs::read_to_string(backup_path(&path)).expect("backup"), "old contents “é”");
        assert_eq!(entries(dir.path()), vec!["p.ron", "p.ron.bak"]);
        assert!(clean.calls >= 3, "the write, the backup and the rename are separate steps");

        let mut failures = 0;
        for fail_at in 1..=clean.calls {
            let (dir, path) = seeded();
            let mut disk = Faulty { fail_at, calls: 0 };
            let result = write_atomic(&mut disk, &path, b"new contents", true, None);
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

    #[cfg(unix)]
    #[test]
    fn a_save_keeps_the_mode_and_saves_through_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, path) = seeded();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        write_atomic(&mut RealDisk, &path, b"v2", true, None).expect("saves");
        let mode = fs::metadata(&path).expect("there").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "a private project stays private");
        // Through a link: the target changes, the link stays a link.
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&path, &link).expect("symlink");
        write_atomic(&mut RealDisk, &link, b"v3", true, None).expect("saves");
        assert!(fs::symlink_metadata(&link).expect("there").file_type().is_symlink());
        assert_eq!(fs::read(&path).expect("target"), b"v3");
        assert_eq!(fs::read(backup_path(&path)).expect("bak"), b"v2");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_or_a_fifo_is_refused_and_left_alone() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, path) = seeded();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).expect("chmod");
        let e = write_atomic(&mut RealDisk, &path, b"v2", true, None).expect_err("read-only");
        assert!(matches!(e, SaveError::ReadOnly { .. }), "{e}");
        assert_eq!(fs::read_to_string(&path).expect("there"), "old contents “é”");
        let e = write_atomic(&mut RealDisk, dir.path(), b"v2", false, None).expect_err("a folder");
        assert!(e.to_string().contains("a folder"), "{e}");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
        if made {
            let e = write_atomic(&mut RealDisk, &fifo, b"v2", false, None).expect_err("a FIFO");
            assert!(e.to_string().contains("FIFO"), "{e}");
            let t = fs::symlink_metadata(&fifo).expect("still there").file_type();
            assert!(std::os::unix::fs::FileTypeExt::is_fifo(&t));
        }
    }

    #[test]
    fn leftovers_of_dead_processes_are_removed_by_the_next_save() {
        let (dir, path) = seeded();
        // A process id that is not running (pid_max on Linux is at most 2^22).
        let dead = dir.path().join(".p.ron.new-4194303-7.tmp");
        let dead_bak = dir.path().join(".p.ron.bak-4194303-8.tmp");
        let dead_rec = dir.path().join(".p.ron.recovery.new-4194303-9.tmp");
        let other = dir.path().join(".q.ron.new-4194303-1.tmp");
        let own = dir.path().join(format!(".p.ron.new-{}-99.tmp", std::process::id()));
        for f in [&dead, &dead_bak, &dead_rec, &other, &own] {
            fs::write(f, "x").expect("seed");
        }
        write_atomic(&mut RealDisk, &path, b"v2", true, None).expect("saves");
        if crate::testing::require(Path::new("/proc/self").exists(), "/proc") {
            assert!(!dead.exists() && !dead_bak.exists() && !dead_rec.exists(), "{:?}", entries(dir.path()));
        }
        assert!(other.exists(), "another file's temporaries are not ours to remove");
        assert!(own.exists(), "a save in progress in this process is left alone");
    }

    #[test]
    fn a_dead_writers_id_taken_by_another_program_does_not_keep_its_leftover() {
        let (dir, path) = seeded();
        // A live process that is not claimscope holds the id the dead writer had.
        if !crate::testing::require(crate::testing::has_tool("sleep"), "the sleep tool") {
            return;
        }
        let Ok(mut other) = std::process::Command::new("sleep").arg("30").spawn() else { return };
        let left = dir.path().join(format!(".p.ron.new-{}-3.tmp", other.id()));
        fs::write(&left, "x").expect("seed");
        write_atomic(&mut RealDisk, &path, b"v2", true, None).expect("saves");
        let _ = other.kill();
        let _ = other.wait();
        if crate::testing::require(Path::new("/proc/self").exists(), "/proc") {
            assert!(!left.exists(), "{:?}", entries(dir.path()));
        }
    }

    #[test]
    fn a_fingerprint_notices_a_change_but_not_a_touch() {
        let (_dir, path) = seeded();
        let bytes = fs::read(&path).expect("read");
        let fp = Fingerprint::of_written(&path, &bytes);
        assert!(!fp.changed(&path));
        // Same bytes, new time: not a change.
        fs::write(&path, &bytes).expect("rewrite");
        assert!(!fp.changed(&path));
        fs::write(&path, "old contents “e”!").expect("change");
        assert!(fp.changed(&path));
        fs::remove_file(&path).expect("rm");
        assert!(fp.changed(&path));
    }

    #[test]
    fn first_save_has_no_backup() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("new.ron");
        write_atomic(&mut RealDisk, &path, b"x", true, None).expect("saves");
        assert_eq!(entries(dir.path()), vec!["new.ron"]);
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    #[test]
    fn a_project_larger_than_claimscope_opens_is_not_written() {
        let path = Path::new("big.ron");
        assert!(openable_size(super::super::load::MAX_PROJECT, path).is_ok());
        let e = openable_size(super::super::load::MAX_PROJECT + 1, path).expect_err("refused");
        let said = e.to_string();
        assert!(said.contains("more than claimscope opens (512 MB)") && said.contains("unchanged"), "{said}");
    }
}
