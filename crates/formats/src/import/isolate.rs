//! Articles from files someone else made are read in a process of their own (claimscope
//! itself, `claimscope read-worker`), its address space capped and killed at a deadline.
//!
//! Why, when every reader already bounds itself: those bounds are models of the libraries they
//! guard. The web-page guard models html5ever's tree builder (its open elements, the active
//! formatting elements it reopens before every text, the adoption agency), and each of three
//! attacks on it found shapes it had not modelled, each a 1 MB page that took a minute or
//! aborted the program out of memory. A process that cannot take more than its share of memory
//! and is stopped at a deadline holds whatever a model misses: the import of that one file fails
//! with a message naming it, and the workbench, its open project and the other files of the
//! import carry on. The readers' own bounds stay: they give the clear message first.
//!
//! The worker is given the file's bytes and its name (for its kind, and the title a download
//! read whole takes from it), never its folder: it has nothing else to open. PDFs keep their own
//! worker (`pdf.rs`), whose reader stops itself at its deadline with the pages read so far.
//! Annotation files (REFI-QDA, JSON, W3C, brat) are read in this process: what they hold becomes
//! edits of the open project, checked against it.
//!
//! In library use (tests, benchmarks) nothing is isolated unless [`use_worker`] names the
//! program: a worker found by looking beside the test binary could be a stale build.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{Article, Download, ImportError, ImportFile, MAX_MB, Unsplit};
use crate::store::LineCol;

/// The worker's address space for a file of up to 1 MB (the program itself maps ~60 MB of it);
/// a larger file adds eight times its size.
pub const WORKER_MEMORY: u64 = 1 << 30;

/// What a worker may take: memory (its address space) and time (from its start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub memory: u64,
    pub deadline: Duration,
}

impl Limits {
    /// The limits for reading a file of `len` bytes: 1 GB and 9 s for 1 MB.
    pub fn for_len(len: usize) -> Limits {
        Limits { memory: WORKER_MEMORY + 8 * len as u64, deadline: deadline_for(len) }
    }
}

/// How long reading a file of `len` bytes may take: 8 s, and a second more per MB.
pub fn deadline_for(len: usize) -> Duration {
    Duration::from_secs(8 + (len / 1_000_000) as u64)
}

/// The program that reads files in processes of their own, once named.
static WORKER: OnceLock<PathBuf> = OnceLock::new();
/// True in a worker: what it reads, it reads itself.
static INSIDE: AtomicBool = AtomicBool::new(false);

/// Names the program that reads files in processes of their own (the claimscope binary, which
/// does this for itself at start).
pub fn use_worker(exe: PathBuf) {
    let _ = WORKER.set(exe);
}

/// The worker program, unless this process is a worker or none was named.
pub fn worker() -> Option<&'static Path> {
    if INSIDE.load(Ordering::Relaxed) { None } else { WORKER.get().map(PathBuf::as_path) }
}

/// True in a worker process.
pub(crate) fn inside() -> bool {
    INSIDE.load(Ordering::Relaxed)
}

/// Why a worker gave no answer.
#[derive(Debug)]
pub(crate) enum Stopped {
    /// It could not be started (the program moved; no processes left).
    NotStarted,
    /// It was still reading at its deadline, and was killed.
    Deadline(Duration),
    /// It ended without answering: out of its memory, killed, or failed.
    Failed(ExitStatus),
}

/// Runs `exe args…` with `input` on its standard input and returns what it wrote on its
/// standard output (at most `max_answer` bytes), killing it at `deadline`. The deadline is
/// checked before the process is asked whether it ended, so a deadline of zero always stops it.
pub(crate) fn run(
    exe: &Path,
    args: &[&str],
    input: &[&[u8]],
    deadline: Duration,
    max_answer: u64,
) -> Result<Vec<u8>, Stopped> {
    let spawned =
        Command::new(exe).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn();
    let Ok(mut child) = spawned else { return Err(Stopped::NotStarted) };
    let started = Instant::now();
    let (stdin, stdout) = (child.stdin.take(), child.stdout.take());
    std::thread::scope(|s| {
        // Writing and reading on threads of their own: a worker that stops reading (killed, or
        // answering before it read everything) must not block this one on a full pipe.
        let writer = s.spawn(move || {
            if let Some(mut w) = stdin {
                for part in input {
                    if w.write_all(part).is_err() {
                        break;
                    }
                }
            }
        });
        // The answer is complete when the worker closes its output, as it does by ending: the
        // reader says so at once (no polling, which cost a millisecond or two a file).
        let (done, answered) = std::sync::mpsc::channel();
        let reader = s.spawn(move || {
            let mut out = Vec::new();
            if let Some(r) = stdout {
                let _ = r.take(max_answer).read_to_end(&mut out);
            }
            let _ = done.send(());
            out
        });
        let left = |started: Instant| deadline.checked_sub(started.elapsed()).filter(|d| !d.is_zero());
        let closed = left(started).is_some_and(|left| answered.recv_timeout(left).is_ok());
        let status = loop {
            if !closed || left(started).is_none() {
                let _ = child.kill();
                let _ = child.wait();
                break Err(Stopped::Deadline(deadline));
            }
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) => std::thread::sleep(Duration::from_millis(1)),
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(Stopped::NotStarted);
                }
            }
        };
        let _ = writer.join();
        let out = reader.join().unwrap_or_default();
        match status {
            Ok(st) if st.success() => Ok(out),
            Ok(st) => Err(Stopped::Failed(st)),
            Err(stopped) => Err(stopped),
        }
    })
}

/// Processor seconds a worker may use in all: more than the deadline of the largest file read
/// (208 s for 200 MB) plus what a kept worker is given before it is retired ([`MAX_BUSY`]). It
/// bounds an orphaned worker, should the program that started it die; the deadline bounds the rest.
const MAX_CPU: u64 = 240;

/// Caps this process's address space and processor time (a worker's own, first thing).
pub(crate) fn limit_self(memory: u64) {
    #[cfg(unix)]
    {
        let _ = rlimit::setrlimit(rlimit::Resource::AS, memory, memory);
        let _ = rlimit::setrlimit(rlimit::Resource::CPU, MAX_CPU, MAX_CPU);
    }
    #[cfg(not(unix))]
    let _ = memory;
}

/// What the read worker is asked for one file (a frame of its own; the file's bytes follow in
/// the next).
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    /// The file's name (not its folder), as bytes: it need not be UTF-8.
    name: Vec<u8>,
    title: Option<String>,
    /// The address space the worker may use while it reads this file.
    memory: u64,
    /// Set for a REFI-QDA project's Word or OpenDocument source: read as that document's text
    /// (never as a download), unpacking at most this many bytes.
    #[serde(default)]
    source: Option<u64>,
    /// For such a source, the most text it may bring back (bytes).
    #[serde(default)]
    text_left: Option<u64>,
}

/// The read worker's answer.
#[derive(Debug, Serialize, Deserialize)]
enum Answer {
    Article(Article),
    Articles {
        from: String,
        articles: Vec<Article>,
        stated: Option<usize>,
        unsplit: Vec<Unsplit>,
        #[serde(default)]
        listed: Option<(usize, usize, usize)>,
    },
    Failed(Failure),
}

/// An [`ImportError`] without its path (the worker knows only the file's name).
#[derive(Debug, Serialize, Deserialize)]
enum Failure {
    NotUtf8 { line: usize, col: usize },
    Empty,
    Invalid(String),
    Unsupported(String),
}

/// The databases a download can come from, by name (a download names its own as `&'static str`).
const DATABASES: [&str; 4] =
    [super::factiva::FACTIVA, super::nexis::NEXIS_UNI, super::nexis::LEXISNEXIS, super::lexis_html::NEXIS_UK];

impl Answer {
    fn of(read: Result<ImportFile, ImportError>) -> Answer {
        match read {
            Ok(ImportFile::Article(a)) => Answer::Article(a),
            Ok(ImportFile::Articles(d)) => Answer::Articles {
                from: d.from.to_owned(),
                articles: d.articles,
                stated: d.stated,
                unsplit: d.unsplit,
                listed: d.listed,
            },
            // The article readers make neither; said rather than lost, should one ever do.
            Ok(ImportFile::Annotations(_) | ImportFile::Export(_)) => {
                Answer::Failed(Failure::Invalid("this file holds annotations, not articles".into()))
            }
            Err(ImportError::NotUtf8 { at, .. }) => Answer::Failed(Failure::NotUtf8 { line: at.line, col: at.col }),
            Err(ImportError::Empty { .. }) => Answer::Failed(Failure::Empty),
            Err(ImportError::Unsupported { what, .. }) => Answer::Failed(Failure::Unsupported(what)),
            Err(ImportError::Invalid { message, .. }) => Answer::Failed(Failure::Invalid(message)),
            Err(
                e @ (ImportError::Io { .. }
                | ImportError::Json { .. }
                | ImportError::NotAFile { .. }
                | ImportError::TooLarge { .. }),
            ) => Answer::Failed(Failure::Invalid(without_path(&e))),
        }
    }

    fn into_file(self, path: &Path) -> Result<ImportFile, ImportError> {
        let path = path.to_owned();
        match self {
            Answer::Article(a) => Ok(ImportFile::Article(a)),
            Answer::Articles { from, articles, stated, unsplit, listed } => {
                let from = DATABASES.into_iter().find(|d| *d == from).unwrap_or("a news database");
                Ok(ImportFile::Articles(Download { from, articles, stated, unsplit, left_out: 0, listed }))
            }
            Answer::Failed(Failure::NotUtf8 { line, col }) => {
                Err(ImportError::NotUtf8 { path, at: LineCol { line, col } })
            }
            Answer::Failed(Failure::Empty) => Err(ImportError::Empty { path }),
            Answer::Failed(Failure::Invalid(message)) => Err(ImportError::Invalid { path, message }),
            Answer::Failed(Failure::Unsupported(what)) => Err(ImportError::Unsupported { path, what }),
        }
    }
}

/// An error's message without the path it ends with.
fn without_path(e: &ImportError) -> String {
    let s = e.to_string();
    match s.rfind(": ") {
        Some(at) => s[..at].to_owned(),
        None => s,
    }
}

/// The articles of a file (its bytes already read): in a worker when one is named, else here.
pub fn articles(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<ImportFile, ImportError> {
    match worker() {
        // A PDF has its own worker, whose reader keeps the pages read by its deadline.
        Some(exe) if !bytes.starts_with(b"%PDF") => isolated(exe, bytes, path, title, Limits::for_len(bytes.len())),
        _ => super::articles(bytes, path, title),
    }
}

/// The most address space any read worker may be given: the limit for the largest file read.
const MAX_WORKER_MEMORY: u64 = WORKER_MEMORY + 8 * MAX_MB * 1_000_000;
/// A kept worker is retired after this many files, or after one larger than 1 MB, so that what
/// its allocator keeps of earlier files never counts much against a later file's memory.
const MAX_SERVED: usize = 256;
/// A kept worker is retired once it has spent this long on files, so that its processor time
/// stays below [`MAX_CPU`] whatever file comes next.
const MAX_BUSY: Duration = Duration::from_secs(30);

/// A read worker kept for the next file: starting one costs ~4-5 ms (the program is large),
/// more than reading a small article, and a folder of a thousand pages is common.
struct Kept {
    child: Child,
    stdin: ChildStdin,
    /// Its answers, one per file asked, read by a thread of their own; `None` once it ended.
    answers: Receiver<Option<Vec<u8>>>,
    served: usize,
    /// Time spent on the files it read.
    busy: Duration,
}

impl Kept {
    fn start(exe: &Path) -> Option<Kept> {
        let mut child = Command::new(exe)
            .args([
                "read-worker",
                "--memory",
                &MAX_WORKER_MEMORY.to_string(),
                "--parent",
                &std::process::id().to_string(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let (tx, answers) = std::sync::mpsc::channel();
        let reading = match (child.stdin.take(), child.stdout.take()) {
            (Some(stdin), Some(mut stdout)) => std::thread::Builder::new()
                .name("read worker answers".into())
                .spawn(move || {
                    loop {
                        let answer = read_frame(&mut stdout, MAX_WORKER_MEMORY);
                        let end = answer.is_none();
                        if tx.send(answer).is_err() || end {
                            break;
                        }
                    }
                })
                .ok()
                .map(|_| stdin),
            _ => None,
        };
        match reading {
            Some(stdin) => Some(Kept { child, stdin, answers, served: 0, busy: Duration::ZERO }),
            // Started but cannot be talked to: ended, not left behind.
            None => {
                let _ = child.kill();
                let _ = child.wait();
                None
            }
        }
    }

    /// Ends the worker (it reads the end of its input and exits) and reaps it.
    fn retire(self) {
        let Kept { mut child, stdin, .. } = self;
        drop(stdin);
        let _ = child.wait();
    }

    fn kill(mut self) -> Option<ExitStatus> {
        let _ = self.child.kill();
        self.child.wait().ok()
    }
}

static KEPT: Mutex<Option<Kept>> = Mutex::new(None);

/// The process id of the worker kept for the next file, if one is (tests, diagnostics).
pub fn kept_worker() -> Option<u32> {
    KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref().map(|w| w.child.id())
}

/// Ends the worker kept for the next file, if any: an import calls this when its files are read,
/// so that no idle worker (and what its allocator kept) outlives it in the workbench.
pub fn release_worker() {
    let kept = KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    if let Some(w) = kept {
        w.retire();
    }
}

/// One frame of the worker protocol: its length (8 bytes, little-endian), then its bytes.
fn write_frame(w: &mut impl Write, parts: &[&[u8]]) -> std::io::Result<()> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    w.write_all(&(len as u64).to_le_bytes())?;
    for part in parts {
        w.write_all(part)?;
    }
    w.flush()
}

/// Reads one frame of at most `max` bytes; `None` at the end of the input or past `max`.
fn read_frame(r: &mut impl Read, max: u64) -> Option<Vec<u8>> {
    let mut len = [0u8; 8];
    r.read_exact(&mut len).ok()?;
    let len = u64::from_le_bytes(len);
    if len > max {
        return None;
    }
    let mut out = Vec::new();
    r.take(len).read_to_end(&mut out).ok()?;
    (out.len() as u64 == len).then_some(out)
}

/// How asking a worker for one file ended.
enum Asked {
    Answer(Vec<u8>),
    Stopped(Stopped),
}

/// Asks `worker` for one file, waiting at most `deadline`; a worker that answered is returned
/// for the next file, one that did not is killed.
fn ask(mut worker: Kept, request: &[u8], bytes: &[u8], deadline: Duration) -> (Asked, Option<Kept>) {
    let started = Instant::now();
    let Kept { child, stdin, answers, .. } = &mut worker;
    let got = std::thread::scope(|s| {
        // Written on a thread of its own: a worker that stops reading (stuck, or ended) must
        // not block this one on a full pipe past the deadline.
        let writer = s.spawn(move || write_frame(stdin, &[request]).and_then(|()| write_frame(stdin, &[bytes])));
        let got = answers.recv_timeout(deadline.saturating_sub(started.elapsed()));
        if got.is_err() {
            // Unblocks the writer (its pipe breaks) before it is joined.
            let _ = child.kill();
        }
        let _ = writer.join();
        got
    });
    match got {
        Ok(Some(answer)) if !deadline.is_zero() => {
            worker.served += 1;
            worker.busy += started.elapsed();
            (Asked::Answer(answer), Some(worker))
        }
        Ok(Some(_)) | Err(_) => {
            worker.kill();
            (Asked::Stopped(Stopped::Deadline(deadline)), None)
        }
        // It ended without answering (out of memory, or failed): say how.
        Ok(None) => {
            let status = worker.kill();
            (Asked::Stopped(status.map_or(Stopped::NotStarted, Stopped::Failed)), None)
        }
    }
}

/// [`articles`] in a read worker run by `exe`, within `limits`. A worker is kept for the next
/// file; one that read earlier files and then ran out of memory is given a second try in a new
/// one, so that what it kept of them never refuses a file that fits.
pub fn isolated(
    exe: &Path,
    bytes: &[u8],
    path: &Path,
    title: Option<&str>,
    limits: Limits,
) -> Result<ImportFile, ImportError> {
    let name = path.file_name().map(name_bytes).unwrap_or_default();
    let request =
        Request { name, title: title.map(str::to_owned), memory: limits.memory, source: None, text_left: None };
    match asked(exe, request, bytes, limits.deadline) {
        Ok(answer) => {
            let answer: Answer = serde_json::from_slice(&answer)
                .map_err(|e| invalid(path, format!("cannot read this file: the reader's answer is damaged ({e})")))?;
            answer.into_file(path)
        }
        // No process to start: read here, as in library use.
        Err(None) => super::articles(bytes, path, title),
        Err(Some(why)) => Err(invalid(path, why)),
    }
}

/// The text of a Word or OpenDocument file that a REFI-QDA project holds as a source (never
/// split as a news download), in a read worker when one is named: the archive's own reading
/// had no bound on what one source costs (a 3.6 KB archive's Word source took 1 GB), so it is
/// bounded as a file imported alone is, within `deadline` and what `budget` has left to unpack.
pub(crate) fn rich_source(
    bytes: &[u8],
    budget: &super::zipped::Budget,
    deadline: Duration,
    text_left: usize,
) -> Result<Article, String> {
    match worker() {
        Some(exe) => {
            let a = rich_source_by(exe, bytes, budget.left(), deadline, text_left)?;
            // What the worker unpacked is not known here; its text at least was.
            budget.take(a.text.len() as u64);
            Ok(a)
        }
        None => rich_source_here(bytes, budget, text_left),
    }
}

/// [`rich_source`] in a read worker run by `exe`, unpacking at most `unpack` bytes.
pub fn rich_source_by(
    exe: &Path,
    bytes: &[u8],
    unpack: u64,
    deadline: Duration,
    text_left: usize,
) -> Result<Article, String> {
    let limits = Limits::for_len(bytes.len());
    let request = Request {
        name: b"source".to_vec(),
        title: None,
        memory: limits.memory,
        source: Some(unpack),
        text_left: Some(text_left as u64),
    };
    match asked(exe, request, bytes, deadline.min(limits.deadline)) {
        Ok(answer) => match serde_json::from_slice::<Answer>(&answer) {
            Ok(Answer::Article(a)) => Ok(a),
            Ok(Answer::Failed(Failure::Invalid(why) | Failure::Unsupported(why))) => Err(why),
            Ok(_) => Err("its reader gave no text".into()),
            Err(e) => Err(format!("the reader's answer is damaged ({e})")),
        },
        Err(None) => rich_source_here(bytes, &super::zipped::Budget::of_left(unpack), text_left),
        Err(Some(why)) => Err(why),
    }
}

/// [`rich_source`] in this process; a text longer than `text_left` bytes is refused here,
/// before it is sent anywhere.
fn rich_source_here(bytes: &[u8], budget: &super::zipped::Budget, text_left: usize) -> Result<Article, String> {
    let mut inner = super::zipped::Zipped::within(bytes, budget)?;
    let article = if inner.has("word/document.xml") {
        super::docx::convert(&mut inner)?
    } else if inner.has("content.xml") {
        super::odt::convert(&mut inner)?
    } else {
        return Err("it is neither a Word, an OpenDocument nor a PDF file".into());
    };
    if article.text.len() > text_left {
        return Err(format!(
            "its text ({} MB) passes what the archive's sources may still bring ({} MB)",
            article.text.len() >> 20,
            text_left >> 20
        ));
    }
    Ok(article)
}

/// Asks a read worker run by `exe` (the one kept, or a new one) to read `bytes`, within
/// `deadline`: its answer, or why there is none (`None`: no worker could be started).
fn asked(exe: &Path, mut request: Request, bytes: &[u8], deadline: Duration) -> Result<Vec<u8>, Option<String>> {
    let memory = request.memory.min(MAX_WORKER_MEMORY);
    request.memory = memory;
    let request = serde_json::to_vec(&request).map_err(|e| Some(format!("cannot ask the reader ({e})")))?;
    let mut kept = KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut fresh_tries = 0;
    loop {
        let worker = match kept.take() {
            Some(w) => w,
            None => match Kept::start(exe) {
                Some(w) => w,
                None => return Err(None),
            },
        };
        let had_served = worker.served > 0;
        fresh_tries += usize::from(!had_served);
        let (asked, back) = ask(worker, &request, bytes, deadline);
        match back {
            Some(w) if w.served < MAX_SERVED && w.busy < MAX_BUSY && bytes.len() <= 1_000_000 => *kept = Some(w),
            Some(w) => w.retire(),
            None => {}
        }
        match asked {
            Asked::Answer(answer) => return Ok(answer),
            Asked::Stopped(Stopped::Failed(_)) if had_served && fresh_tries == 0 => continue,
            Asked::Stopped(Stopped::NotStarted) if fresh_tries < 2 => continue,
            Asked::Stopped(Stopped::NotStarted) => return Err(None),
            Asked::Stopped(Stopped::Deadline(d)) => {
                return Err(Some(format!(
                    "cannot read this file: reading it took longer than {} s, so it was stopped",
                    d.as_secs()
                )));
            }
            Asked::Stopped(Stopped::Failed(status)) => {
                return Err(Some(format!(
                    "cannot read this file: reading it needed more than {} MB of memory or failed ({status}), so it was stopped",
                    memory >> 20
                )));
            }
        }
    }
}

fn invalid(path: &Path, message: String) -> ImportError {
    ImportError::Invalid { path: path.to_owned(), message }
}

#[cfg(unix)]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    name.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
fn name_path(name: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(name))
}

#[cfg(not(unix))]
fn name_path(name: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&name).into_owned())
}

/// The read worker's side (`claimscope read-worker --memory N --parent PID`): caps its address
/// space at N, ends when process PID (the program that started it) is gone,
/// then reads files until its input ends: for each, a [`Request`] frame and a frame of the
/// file's bytes on standard input, answered with an [`Answer`] frame (JSON) on standard output.
/// Each file is read within its request's memory. A panic in a reader is an answer naming it,
/// never a backtrace; running out of memory ends the worker, and its starter says so.
pub fn worker_main(memory: u64, parent: Option<u32>) -> i32 {
    INSIDE.store(true, Ordering::Relaxed);
    limit_self(memory);
    watch_parent(parent);
    std::panic::set_hook(Box::new(|_| {}));
    let (mut input, mut output) = (std::io::stdin().lock(), std::io::stdout().lock());
    loop {
        // A request names the file and its title (a title given on the command line can be long).
        let Some(request) = read_frame(&mut input, 16 << 20) else { return 0 };
        let Ok(request) = serde_json::from_slice::<Request>(&request) else { return 2 };
        limit_memory(request.memory.min(memory), memory);
        let Some(bytes) = read_frame(&mut input, MAX_MB * 1_000_000) else { return 2 };
        let path = name_path(request.name);
        let read = std::panic::catch_unwind(|| match request.source {
            Some(left) => match rich_source_here(
                &bytes,
                &super::zipped::Budget::of_left(left),
                request.text_left.map_or(usize::MAX, |t| usize::try_from(t).unwrap_or(usize::MAX)),
            ) {
                Ok(article) => Answer::Article(article),
                Err(why) => Answer::Failed(Failure::Invalid(why)),
            },
            None => Answer::of(super::articles(&bytes, &path, request.title.as_deref())),
        });
        drop(bytes);
        let answer = match read {
            Ok(answer) => answer,
            Err(_) => Answer::Failed(Failure::Invalid(
                "cannot read this file: its reader failed on it (a fault in claimscope; please report it with the file)"
                    .into(),
            )),
        };
        let Ok(answer) = serde_json::to_vec(&answer) else { return 2 };
        if write_frame(&mut output, &[&answer]).is_err() {
            return 2;
        }
    }
}

/// Ends this worker as soon as the program that started it is gone (killed, or stopped by a
/// signal that did not reach the worker): an orphaned worker read its file to the end, or to
/// its processor-time cap, with nobody to answer.
/// `parent` is the process id of the program that started it, when it says (it may be gone
/// before the worker looks).
pub(crate) fn watch_parent(parent: Option<u32>) {
    #[cfg(unix)]
    {
        let parent = parent.unwrap_or_else(std::os::unix::process::parent_id);
        let _ = std::thread::Builder::new().name("parent watch".into()).spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(50));
                if std::os::unix::process::parent_id() != parent {
                    std::process::exit(3);
                }
            }
        });
    }
}

/// Sets this process's address space to `soft`, below the `hard` cap it started with.
fn limit_memory(soft: u64, hard: u64) {
    #[cfg(unix)]
    let _ = rlimit::setrlimit(rlimit::Resource::AS, soft, hard);
    #[cfg(not(unix))]
    let _ = (soft, hard);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_keeps_every_field_of_a_download_and_of_an_error() {
        let article = Article {
            title: "T".into(),
            source: "S".into(),
            url: "u".into(),
            published: "2020-01-02".into(),
            byline: "B".into(),
            section: "Sec".into(),
            text: "x".into(),
            notes: vec!["n".into()],
        };
        let download = Download {
            from: super::super::factiva::FACTIVA,
            articles: vec![article.clone()],
            stated: Some(2),
            unsplit: vec![Unsplit { first_line: "f".into(), at: "document 2 of 2".into() }],
            left_out: 0,
            listed: Some((1, 2, 5)),
        };
        let path = Path::new("/x/y.html");
        let wire =
            |r| serde_json::from_slice::<Answer>(&serde_json::to_vec(&Answer::of(r)).expect("json")).expect("back");
        match wire(Ok(ImportFile::Articles(download.clone()))).into_file(path) {
            Ok(ImportFile::Articles(d)) => assert_eq!(d, download),
            other => panic!("{other:?}"),
        }
        match wire(Ok(ImportFile::Article(article.clone()))).into_file(path) {
            Ok(ImportFile::Article(a)) => assert_eq!(a, article),
            other => panic!("{other:?}"),
        }
        let e = ImportError::NotUtf8 { path: "n".into(), at: LineCol { line: 3, col: 4 } };
        let back = wire(Err(e)).into_file(path).expect_err("an error");
        assert!(
            matches!(&back, ImportError::NotUtf8 { at, path: p } if at.line == 3 && at.col == 4 && p == path),
            "{back:?}"
        );
        let e = ImportError::TooLarge { path: "n".into(), size: 300 };
        let back = wire(Err(e)).into_file(path).expect_err("an error").to_string();
        assert!(back.starts_with("the file is too large to import (300 MB") && back.ends_with(": /x/y.html"), "{back}");
    }
}
