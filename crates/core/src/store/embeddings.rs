//! The embedding cache beside a project (`project.ron.embeddings`): the sentence vectors the
//! model made, so that reopening a project does not run the model again. It is derived data:
//! a cache that is missing, made by another model, cut short or damaged in any byte is reported
//! and rebuilt, never trusted; it is not needed to open the project and not shared in git.
//!
//! Layout (little-endian): the magic line, format version (u32), model id (u32 length + UTF-8),
//! dimension (u32), entry count (u64), then per entry its text key (u64) and `dim` f32s, and at
//! the end an FNV-1a 64 checksum of every byte before it.

use std::path::{Path, PathBuf};

use crate::analysis::semantic::Embeddings;

use super::save::{SaveError, with_suffix, write_file_atomic};
use super::sidecar::SidecarError;

const MAGIC: &[u8] = b"claimscope embeddings\n";
const VERSION: u32 = 1;
/// Larger than any model claimscope runs; refuses a damaged header before allocating.
const MAX_DIM: u32 = 4096;
/// The largest cache read: about 520,000 sentences of 384 dimensions, nine times the sentences
/// of a 1,000-article project. (At 1 GiB, a cache read whole before it was refused took 1.06 GB.)
const MAX_CACHE: u64 = 768 << 20;

/// The cache file of a project file.
pub fn cache_path(project: &Path) -> PathBuf {
    with_suffix(project, ".embeddings")
}

/// Why a cache was not used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("no embedding cache at {0}")]
    Missing(PathBuf),
    #[error("cannot read the embedding cache {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the embedding cache {path} is not usable ({what} at byte {at}); it will be rebuilt")]
    Damaged { path: PathBuf, what: &'static str, at: usize },
    #[error("the embedding cache {path} was made by another model ({found}); it will be rebuilt")]
    OtherModel { path: PathBuf, found: String },
    #[error("the embedding cache was not read: {0}")]
    Refused(SidecarError),
}

/// The cache's bytes.
pub fn to_bytes(e: &Embeddings) -> Vec<u8> {
    let entries = e.entries();
    let mut out = Vec::with_capacity(64 + entries.len() * (8 + 4 * e.dim()));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(e.model().len() as u32).to_le_bytes());
    out.extend_from_slice(e.model().as_bytes());
    out.extend_from_slice(&(e.dim() as u32).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (key, v) in entries {
        out.extend_from_slice(&key.to_le_bytes());
        for x in v {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    let sum = crate::model::hash::fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Reads a cache's bytes, which must be of `model` (of `dim`).
pub fn from_bytes(bytes: &[u8], path: &Path, model: &str, dim: usize) -> Result<Embeddings, CacheError> {
    let damaged = |what, at| CacheError::Damaged { path: path.to_owned(), what, at };
    if bytes.len() < MAGIC.len() + 8 || !bytes.starts_with(MAGIC) {
        return Err(damaged("not an embedding cache", 0));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    if crate::model::hash::fnv1a(body)
        != u64::from_le_bytes(sum.try_into().map_err(|_| damaged("checksum", body.len()))?)
    {
        return Err(damaged("checksum does not match", body.len()));
    }
    let mut at = MAGIC.len();
    let mut take = |n: usize, what: &'static str| -> Result<&[u8], CacheError> {
        let s = body.get(at..at + n).ok_or(damaged(what, at))?;
        at += n;
        Ok(s)
    };
    let u32_of = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
    if u32_of(take(4, "version")?) != VERSION {
        return Err(damaged("unknown version", MAGIC.len()));
    }
    let len = u32_of(take(4, "model name")?) as usize;
    let found = String::from_utf8_lossy(take(len, "model name")?).into_owned();
    let stored_dim = u32_of(take(4, "dimension")?);
    if found != model || stored_dim as usize != dim {
        return Err(CacheError::OtherModel {
            path: path.to_owned(),
            // The name is the file's: shown short and escaped (a name of escape codes and a
            // forged line reached the terminal and the status bar).
            found: format!(
                "{}, {stored_dim} dimensions",
                crate::model::text::escape_controls(&crate::model::short(&found))
            ),
        });
    }
    if stored_dim == 0 || stored_dim > MAX_DIM {
        return Err(damaged("dimension", at));
    }
    let count_bytes = take(8, "entry count")?;
    let count = u64::from_le_bytes(count_bytes.try_into().map_err(|_| damaged("entry count", 0))?);
    let entry = 8 + 4 * dim;
    let rest = body.len() - (MAGIC.len() + 4 + 4 + len + 4 + 8);
    if count.checked_mul(entry as u64) != Some(rest as u64) {
        return Err(damaged("entry count does not match the length", body.len()));
    }
    let start = body.len() - rest;
    let mut e = Embeddings::new(model, dim);
    for (i, chunk) in body[start..].chunks_exact(entry).enumerate() {
        let key = u64::from_le_bytes(chunk[..8].try_into().map_err(|_| damaged("entry", start + i * entry))?);
        let v: Vec<f32> = chunk[8..].chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        // A checksum proves the file is whole, not that a program made it: a cache whose
        // vectors are not unit length (or not numbers) would give scores past 1, or infinite.
        let norm: f32 = v.iter().map(|x| x * x).sum();
        if !norm.is_finite() || (norm - 1.0).abs() > 1e-3 {
            return Err(damaged("a vector that is not of unit length", start + i * entry));
        }
        if !e.insert_key(key, v) {
            return Err(damaged("a vector that is not finite", start + i * entry));
        }
    }
    Ok(e)
}

/// The cache beside `project`, if it is there, whole and of `model`.
pub fn load_cache(project: &Path, model: &str, dim: usize) -> Result<Embeddings, CacheError> {
    let path = cache_path(project);
    // Only a regular file, opened without following a link or waiting on a FIFO (a cloned
    // folder may hold a link to /dev/zero or a FIFO under this name).
    let bytes = match super::sidecar::read_regular(&path, MAX_CACHE) {
        Ok(b) => b,
        Err(SidecarError::Missing { .. }) => return Err(CacheError::Missing(path)),
        Err(e) => return Err(CacheError::Refused(e)),
    };
    from_bytes(&bytes, &path, model, dim)
}

/// The cache beside `project` to start from: empty when there is none, and empty with the
/// reason when it could not be used (it is then rebuilt).
pub fn read_cache(project: &Path, model: &str, dim: usize) -> (Embeddings, Option<String>) {
    match load_cache(project, model, dim) {
        Ok(e) => (e, None),
        Err(CacheError::Missing(_)) => (Embeddings::new(model, dim), None),
        Err(e) => (Embeddings::new(model, dim), Some(e.to_string())),
    }
}

/// Writes the cache beside `project`, atomically (a reader never sees half a cache).
pub fn save_cache(project: &Path, e: &Embeddings) -> Result<(), SaveError> {
    let path = cache_path(project);
    // A link here would be saved through to its target; a cache is never worth that.
    super::sidecar::check_writable(&path)?;
    write_file_atomic(&path, &to_bytes(e))
}

/// The embeddings of the project saved at `path`: the cache beside it where it is whole and of
/// `encoder`'s model, brought up to date with it and saved back when anything was added. The
/// second value says why the cache was not used or not saved, when that happened.
pub fn embeddings_for(
    path: &Path,
    project: &crate::model::Project,
    encoder: &dyn crate::analysis::semantic::Encoder,
    progress: &dyn crate::progress::Progress,
) -> Result<(Embeddings, Option<String>), String> {
    in_slices(path, project, encoder, progress, SLICE)
}

/// Sentences read between two saves of the cache (~10 s on two cores).
const SLICE: usize = 4096;

/// [`embeddings_for`], the cache saved after every `slice` sentences read: a run stopped
/// (Ctrl+C, a killed process) keeps what it read, and the next goes on from there (a 1 MB
/// project of 126,000 sentences read for minutes and, stopped, had kept nothing).
fn in_slices(
    path: &Path,
    project: &crate::model::Project,
    encoder: &dyn crate::analysis::semantic::Encoder,
    progress: &dyn crate::progress::Progress,
    slice: usize,
) -> Result<(Embeddings, Option<String>), String> {
    let (mut e, mut note) = read_cache(path, encoder.model_id(), encoder.dim());
    let mut left = usize::MAX;
    loop {
        let before = e.len();
        let part = Slice { inner: progress, done: std::sync::atomic::AtomicUsize::new(0), size: slice };
        let added = crate::analysis::semantic::refresh(project, &mut e, encoder, &part)?;
        if (added > 0 || e.len() != before)
            && let Err(err) = save_cache(path, &e)
        {
            note = Some(format!("the embedding cache was not saved: {err}"));
            break;
        }
        // Stopped at the slice's end with sentences left: another slice, so long as this one
        // read some (one that read none would loop for ever).
        if added == 0 || added >= left || progress.cancelled() || !part.full() {
            break;
        }
        left = added;
    }
    Ok((e, note))
}

/// The caller's progress, stopped also once `size` sentences are read.
struct Slice<'a> {
    inner: &'a dyn crate::progress::Progress,
    done: std::sync::atomic::AtomicUsize,
    size: usize,
}

impl Slice<'_> {
    fn full(&self) -> bool {
        self.done.load(std::sync::atomic::Ordering::Relaxed) >= self.size
    }
}

impl crate::progress::Progress for Slice<'_> {
    fn report(&self, done: usize, total: usize, what: &str) {
        self.done.store(done, std::sync::atomic::Ordering::Relaxed);
        self.inner.report(done, total, what);
    }

    fn cancelled(&self) -> bool {
        self.inner.cancelled() || self.full()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An encoder of constant vectors that fails at its `fail_at`-th call (a run stopped there).
    struct Counting {
        calls: std::sync::atomic::AtomicUsize,
        fail_at: usize,
    }

    impl crate::analysis::semantic::Encoder for Counting {
        fn model_id(&self) -> &str {
            "counting"
        }
        fn dim(&self) -> usize {
            3
        }
        fn encode(&self, texts: &[&str], _: usize) -> Result<Vec<Vec<f32>>, String> {
            let n = self.calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n == self.fail_at {
                return Err("stopped".into());
            }
            Ok(texts.iter().map(|_| vec![0.6, 0.8, 0.0]).collect())
        }
    }

    /// A run stopped part-way keeps, in the cache beside the project, what it read by its last
    /// slice, and the next run reads only the rest.
    #[test]
    fn a_stopped_run_keeps_the_slices_it_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        let p = crate::testing::sample_project();
        let silent = crate::progress::Silent;
        let stopped = Counting { calls: 0.into(), fail_at: 4 };
        // Slices of one sentence: each slice reads two chunks (the second is the one whose
        // report fills it).
        assert!(in_slices(&path, &p, &stopped, &silent, 1).is_err(), "stopped");
        let (kept, _) = read_cache(&path, "counting", 3);
        let chunk = crate::analysis::semantic::CHUNK;
        assert_eq!(kept.len(), 2 * chunk, "the first slice's sentences were saved");
        let rest = Counting { calls: 0.into(), fail_at: usize::MAX };
        let (all, note) = in_slices(&path, &p, &rest, &silent, SLICE).expect("reads the rest");
        assert!(note.is_none(), "{note:?}");
        let calls = rest.calls.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(calls, (all.len() - 2 * chunk).div_ceil(chunk), "only the rest was read");
    }

    fn sample() -> Embeddings {
        let mut e = Embeddings::new("m", 3);
        assert!(e.insert("one sentence", vec![0.6, 0.8, 0.0]));
        assert!(e.insert("another", vec![0.0, 0.0, 1.0]));
        e
    }

    #[test]
    fn round_trip() {
        let bytes = to_bytes(&sample());
        assert_eq!(from_bytes(&bytes, Path::new("c"), "m", 3).expect("reads"), sample());
    }

    #[test]
    fn any_damage_is_refused() {
        let bytes = to_bytes(&sample());
        // Every single-byte change and every cut is caught, never read as a cache.
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x41;
            assert!(from_bytes(&b, Path::new("c"), "m", 3).is_err(), "byte {i}");
            assert!(from_bytes(&bytes[..i], Path::new("c"), "m", 3).is_err(), "cut at {i}");
        }
    }

    #[test]
    fn another_model_is_refused() {
        let bytes = to_bytes(&sample());
        assert!(matches!(from_bytes(&bytes, Path::new("c"), "other", 3), Err(CacheError::OtherModel { .. })));
        assert!(matches!(from_bytes(&bytes, Path::new("c"), "m", 4), Err(CacheError::OtherModel { .. })));
        // The model's name is the file's: escape codes and line breaks in it are shown escaped,
        // and a long one short (a forged "claimscope: …" line reached the terminal).
        let forged = format!("\u{1b}]0;PWNED\u{7}\r\nclaimscope: fake message{}", "x".repeat(100_000));
        let mut e = Embeddings::new(&forged, 3);
        e.insert("a", vec![1.0, 0.0, 0.0]);
        let message = from_bytes(&to_bytes(&e), Path::new("c"), "m", 3).expect_err("refused").to_string();
        assert!(!message.chars().any(char::is_control) && message.len() < 1000, "{message:?}");
    }

    #[test]
    fn a_huge_count_in_a_damaged_header_is_refused_without_allocating() {
        let mut bytes = to_bytes(&sample());
        let count_at = MAGIC.len() + 4 + 4 + 1 + 4;
        bytes[count_at..count_at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        let n = bytes.len();
        let sum = crate::model::hash::fnv1a(&bytes[..n - 8]);
        bytes[n - 8..].copy_from_slice(&sum.to_le_bytes());
        assert!(from_bytes(&bytes, Path::new("c"), "m", 3).is_err());
    }

    #[test]
    fn a_whole_cache_of_vectors_that_are_not_unit_length_is_refused() {
        // Made by a program, not damaged: the checksum is right.
        for bad in [vec![3.0, 4.0, 0.0], vec![f32::INFINITY, 0.0, 0.0], vec![0.0, 0.0, 0.0]] {
            let mut e = Embeddings::new("m", 3);
            assert!(e.insert_key(1, bad.clone()) || !bad.iter().all(|x| x.is_finite()));
            let mut bytes = to_bytes(&e);
            if e.is_empty() {
                // insert_key refused the infinity; write it by hand with a right checksum.
                bytes = to_bytes(&sample());
                let at = bytes.len() - 8 - 3 * 4;
                bytes[at..at + 4].copy_from_slice(&f32::INFINITY.to_le_bytes());
                let n = bytes.len();
                let sum = crate::model::hash::fnv1a(&bytes[..n - 8]);
                bytes[n - 8..].copy_from_slice(&sum.to_le_bytes());
            }
            let r = from_bytes(&bytes, Path::new("c"), "m", 3);
            assert!(matches!(r, Err(CacheError::Damaged { .. })), "{bad:?}: {r:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_that_is_a_link_a_device_or_a_fifo_is_not_read_or_written_through() {
        let dir = tempfile::tempdir().expect("temp dir");
        let project = dir.path().join("p.ron");
        let cache = cache_path(&project);
        std::os::unix::fs::symlink("/dev/zero", &cache).expect("symlink");
        assert!(matches!(load_cache(&project, "m", 3), Err(CacheError::Refused(_))));
        // Writing the cache does not write through a link to someone's file.
        let target = dir.path().join("victim");
        std::fs::write(&target, "keep").expect("seed");
        std::fs::remove_file(&cache).expect("unlink");
        std::os::unix::fs::symlink(&target, &cache).expect("symlink");
        assert!(save_cache(&project, &sample()).is_err());
        assert_eq!(std::fs::read_to_string(&target).expect("still there"), "keep");
        std::fs::remove_file(&cache).expect("unlink");
        if crate::testing::mkfifo(&cache) {
            // A FIFO is refused at once, not waited on.
            assert!(matches!(load_cache(&project, "m", 3), Err(CacheError::Refused(_))));
        }
    }
}
