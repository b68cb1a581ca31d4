//! Articles read in a worker process (`import::isolate`): the same articles, notes and errors
//! as read in this process, for real files of every article format and for the hostile ones;
//! a worker past its deadline or out of its memory is stopped and the file named.

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use claimscope::import::isolate::{self, Limits};
use claimscope::import::{self, ImportError};

/// The tests here share this process's kept worker (one kills it, one releases it): one at a
/// time, so that none sees another's.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn exe() -> &'static Path {
    Path::new(common::binary())
}

/// `rel` under `tests/fixtures` copied into `dir` under its own name (a `.gz` unpacked).
fn copied(dir: &Path, rel: &str) -> PathBuf {
    let src = common::root().join("tests/fixtures").join(rel);
    let mut bytes = std::fs::read(&src).expect("fixture");
    let mut name = src.file_name().expect("name").to_string_lossy().into_owned();
    if let Some(stem) = name.strip_suffix(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice()).read_to_end(&mut out).expect("gunzip");
        (bytes, name) = (out, stem.to_owned());
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// Read here and in a worker, the file gives the same (articles with every field and note, a
/// download's counts and unsplit parts, or the same error naming the same path).
fn same_both_ways(path: &Path) {
    let here = import::read_any(path, None);
    let bytes = std::fs::read(path).expect("read");
    let there = isolate::isolated(exe(), &bytes, path, None, Limits::for_len(bytes.len()));
    let (here, there) = (format!("{here:?}"), format!("{there:?}"));
    assert_eq!(here, there, "{}: read differently in a worker", path.display());
}

#[test]
fn real_files_of_every_article_format_read_in_a_worker_as_here() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        "office/article.docx",
        "office/article.odt",
        "office/article.rtf",
        "office/article.html",
        "office/article.txt",
        "office/nexis-uni.docx",
        "office/nexis.html",
        "mhtml/saved-page.mhtml",
        "bulk/factiva.html",
        "bulk/factiva.rtf",
        "bulk/lexisnexis.txt",
        "downloads/factiva/german-ui.html.gz",
        "downloads/factiva/chinese-ui.html.gz",
        "downloads/factiva-tm/factiva_test.xml",
        "downloads/lexisnexis-tm/lexisnexis_test_fr.html",
        "downloads/nexis-uk/spiegel_2012-02-01_0001.html.gz",
        "downloads/nexis-uni/misc.docx",
        "article-extraction/042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.html.gz",
        "not_utf8.txt",
        "tricky_crlf_bom.txt",
    ];
    for rel in files {
        same_both_ways(&copied(dir.path(), rel));
    }
}

#[test]
fn hostile_files_read_in_a_worker_as_here() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    const N: usize = 100_000;
    let mut all = common::pathological::text(N);
    all.extend(common::pathological::markdown(N));
    all.extend(common::pathological::html(N));
    all.extend(common::pathological::office(N));
    all.extend(common::pathological::rtf(N));
    all.extend(common::pathological::mhtml(N));
    for (name, bytes) in all {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        same_both_ways(&path);
    }
}

/// Names a shell or an argument parser would read, and one that is not UTF-8: the worker is
/// given the name as bytes on its input, never as an argument, and the error names the file.
#[test]
fn odd_names_reach_the_worker_whole() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut names =
        vec!["-x $(touch pwned) '%s' \"q\".md".to_owned(), "--memory 1.html".to_owned(), "a\nb.txt".to_owned()];
    names.push("ünïcode ✓.html".to_owned());
    for name in &names {
        let path = dir.path().join(name);
        std::fs::write(&path, b"  \n").expect("write");
        same_both_ways(&path);
        std::fs::write(&path, "<p>Ein Satz.</p>").expect("write");
        same_both_ways(&path);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let path = dir.path().join(std::ffi::OsStr::from_bytes(b"latin\xE9.txt"));
        std::fs::write(&path, b"").expect("write");
        same_both_ways(&path);
    }
    assert!(!dir.path().join("pwned").exists() && !Path::new("pwned").exists());
}

/// A deadline of zero stops the worker at its first check, whatever it was doing: the error
/// says so and names the file, and nothing waits on the killed worker's pipes.
#[test]
fn a_worker_past_its_deadline_is_stopped_and_the_file_named() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = copied(dir.path(), "office/article.html");
    let bytes = std::fs::read(&path).expect("read");
    // Larger than a pipe's buffer, so that the writer would block on a worker no longer reading.
    let bytes = bytes.repeat(1 + (1 << 20) / bytes.len());
    let limits = Limits { deadline: Duration::ZERO, ..Limits::for_len(bytes.len()) };
    match isolate::isolated(exe(), &bytes, &path, None, limits) {
        Err(e @ ImportError::Invalid { .. }) => {
            let e = e.to_string();
            assert!(e.contains("took longer than 0 s") && e.ends_with(&path.display().to_string()), "{e}");
        }
        other => panic!("expected the worker stopped, got {other:?}"),
    }
}

/// A worker that cannot have the memory a file needs is stopped by its own cap, and the import
/// of that file fails with a message naming it; this process is untouched.
#[test]
fn a_worker_out_of_its_memory_is_stopped_and_the_file_named() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = copied(dir.path(), "office/article.html");
    let bytes = std::fs::read(&path).expect("read");
    let limits = Limits { memory: 1 << 20, ..Limits::for_len(bytes.len()) };
    match isolate::isolated(exe(), &bytes, &path, None, limits) {
        Err(e @ ImportError::Invalid { .. }) => {
            let e = e.to_string();
            assert!(e.contains("needed more than 1 MB of memory") && e.ends_with(&path.display().to_string()), "{e}");
        }
        other => panic!("expected the worker stopped, got {other:?}"),
    }
    // The same file within the usual limits reads.
    assert!(isolate::isolated(exe(), &bytes, &path, None, Limits::for_len(bytes.len())).is_ok());
}

/// A worker is kept for the next file, and ended (and reaped) when an import is done with it.
#[cfg(target_os = "linux")]
#[test]
fn the_kept_worker_is_ended_when_released() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = copied(dir.path(), "office/article.html");
    let bytes = std::fs::read(&path).expect("read");
    let read = |_| isolate::isolated(exe(), &bytes, &path, None, Limits::for_len(bytes.len())).is_ok();
    assert!((0..3).all(read));
    let pid = isolate::kept_worker().expect("a worker kept");
    assert!(Path::new(&format!("/proc/{pid}")).exists());
    isolate::release_worker();
    assert_eq!(isolate::kept_worker(), None);
    assert!(!Path::new(&format!("/proc/{pid}")).exists(), "worker {pid} left behind");
}

/// A worker whose program is gone (killed, or stopped by a signal that did not reach the
/// worker) ends at once, though its input stays open: an orphaned worker read its file on, to
/// its processor-time cap, with nobody to answer.
#[cfg(target_os = "linux")]
#[test]
fn a_worker_whose_program_is_gone_ends() {
    let _one = one_at_a_time();
    // sh starts the worker on an input that stays open for 20 s, says its process id and exits.
    let script = format!(
        "sleep 20 </dev/null 2>/dev/null | '{}' read-worker --memory 1000000000 --parent $$ >/dev/null 2>&1 & echo $!",
        common::binary()
    );
    let out = std::process::Command::new("sh").arg("-c").arg(&script).output().expect("sh runs");
    let pid: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().expect("a process id");
    let gone = || {
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .map_or(true, |s| s.lines().any(|l| l.starts_with("State:") && l.contains('Z')))
    };
    let started = std::time::Instant::now();
    while !gone() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(gone(), "worker {pid} still runs {:?} after its program ended", started.elapsed());
}

/// A REFI-QDA project's Word or OpenDocument source is read in a worker too, within the time
/// the archive has left: read in this process, one source of a 3.6 KB archive took 1 GB, and
/// two of a 4.4 KB one 10.8 s (the archive's deadline was looked at only between sources).
#[test]
fn a_qdpx_rich_source_is_read_in_a_worker_within_the_archive_s_time() {
    let _one = one_at_a_time();
    for (rel, word) in [("office/article.docx", "Soleimani"), ("office/article.odt", "Soleimani")] {
        let bytes = std::fs::read(common::root().join("tests/fixtures").join(rel)).expect("fixture");
        let read = isolate::rich_source_by(exe(), &bytes, 256 << 20, Duration::from_secs(8), usize::MAX).expect(rel);
        assert!(read.text.contains(word), "{rel}: {}", read.text);
        // Its text as the source's own, never split as a download, and as read here.
        let here = import::read_article(&common::root().join("tests/fixtures").join(rel), None).expect(rel);
        assert_eq!(read.text, here.text, "{rel}");
        match isolate::rich_source_by(exe(), &bytes, 256 << 20, Duration::ZERO, usize::MAX) {
            Err(e) => assert!(e.contains("took longer than 0 s"), "{rel}: {e}"),
            Ok(a) => panic!("{rel}: read past its deadline: {}", a.title),
        }
    }
    // The archive's unpacking budget goes with it.
    let bytes = std::fs::read(common::root().join("tests/fixtures/office/article.docx")).expect("fixture");
    match isolate::rich_source_by(exe(), &bytes, 10, Duration::from_secs(8), usize::MAX) {
        Err(e) => assert!(e.contains("unpacks to more than"), "{e}"),
        Ok(_) => panic!("read past the archive's budget"),
    }
    // The text the archive's sources may still bring goes with it too: refused in the worker,
    // before the text is sent back.
    match isolate::rich_source_by(exe(), &bytes, 256 << 20, Duration::from_secs(8), 100) {
        Err(e) => assert!(e.contains("passes what the archive's sources may still bring"), "{e}"),
        Ok(_) => panic!("a text past the archive's allowance was sent back"),
    }
    // What the kept worker's allocator holds from these files must not meet another test's
    // small memory cap.
    isolate::release_worker();
}
