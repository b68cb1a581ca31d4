//! The workbench's side of semantic search: the sentence vectors of the open project, kept up to
//! date in the background (the cache beside the project read first, then what it lacks run
//! through the model a chunk at a time, then the cache written back), with progress for the
//! status bar. Word search never waits for it: until a passage has a vector it ranks on its words.
//!
//! Work runs on the [`Runner`], so tests step it (one task does a whole pass) instead of racing
//! a thread. The ranking itself is `model::semantic`'s.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use eframe::egui;

use crate::analysis::semantic::{Embeddings, SemanticIndex, Vector, needed};
use crate::analysis::similar::Index;
use crate::model::Project;
// The engine crate supplies the model (behind the core's Encoder trait) and its name and size,
// which say whether a cache on disk is of it before the model is loaded.
use crate::analysis::semantic::{Encoder, encode_chunks};
use crate::engine::{DIM, MODEL_ID, load_encoder};
use crate::store::embeddings::save_cache;

use super::runner::{Runner, catching};

/// What a pass tells the window.
enum Msg {
    /// The cache beside the project (empty when there is none), and why it was not used when
    /// it could not be (it is then rebuilt).
    Cache(Embeddings, Option<String>),
    /// Texts to embed in this pass.
    Total(usize),
    Vectors(Vec<(u64, Vector)>),
    /// The pass is over; `keep` is every text the project needs (the rest may go).
    Done {
        keep: HashSet<u64>,
    },
    /// The model is not there or failed: semantic search is off for this session.
    Off(String),
}

struct Pass {
    rx: Receiver<Msg>,
    cancel: Arc<AtomicBool>,
    revision: u64,
}

/// The model, loaded once on first need, on the runner (about 1 s).
type Model = Arc<OnceLock<Result<Box<dyn Encoder>, String>>>;

/// Sentence vectors of the open project.
pub struct Semantic {
    /// Off until the app turns it on ([`Semantic::start_with`]): a test's workbench never runs
    /// the model behind its back, and one that wants it steps a manual runner.
    enabled: bool,
    runner: Runner,
    /// Shared with background work that reads it (the cache writer, suggested tags); a change
    /// while one holds it copies it once (`Arc::make_mut`).
    embeddings: Arc<Embeddings>,
    /// Bumped whenever `embeddings` changes.
    generation: u64,
    /// The project file whose cache was read (None: not read yet, or an unsaved project).
    cache_of: Option<PathBuf>,
    /// The project revision the last finished pass covered.
    covered: Option<u64>,
    pass: Option<Pass>,
    done: usize,
    total: usize,
    /// Vectors added or dropped since the cache was written.
    unsaved: bool,
    model: Model,
    /// Why semantic search is off, when it is.
    off: Option<String>,
    /// A note for the status bar (a cache that could not be used or saved); shared with the
    /// task that writes the cache.
    note: Arc<std::sync::Mutex<Option<String>>>,
    index: Option<(u64, SemanticIndex)>,
    /// Threads a pass may use for its next chunk: fewer while the analyst works (set by
    /// [`Semantic::set_busy`]), so that reading a large project never takes the window's core.
    threads: Arc<AtomicUsize>,
    /// When the cache was last written during a pass, and whether a write is under way.
    saved_at: Option<Instant>,
    saving: Arc<AtomicBool>,
}

/// How often the cache is written while a pass reads: quitting in the middle of reading a large
/// project loses at most this much of the model's work.
const SAVE_EVERY: Duration = Duration::from_secs(20);

impl Semantic {
    /// Says whether the analyst is working in the window (input in the last moments): a pass
    /// then reads on one core fewer, the window keeping one; on all cores when idle.
    pub fn set_busy(&self, busy: bool) {
        let all = crate::model::par::threads();
        let n = if busy { all.saturating_sub(1).max(1) } else { all };
        self.threads.store(n, Ordering::Relaxed);
    }

    /// Threads the next chunk of a pass will use.
    pub fn threads(&self) -> usize {
        self.threads.load(Ordering::Relaxed)
    }

    /// Turns semantic search on, its work run by `runner`.
    pub fn start_with(&mut self, runner: Runner) {
        self.runner = runner;
        self.enabled = true;
    }

    /// Keeps the vectors up to date with `shared` (saved at `path`): called every frame.
    pub fn update(&mut self, shared: &Arc<Project>, path: Option<&Path>, ctx: &egui::Context) {
        if !self.enabled || self.off.is_some() {
            return;
        }
        self.receive(path);
        let revision = shared.revision();
        let path_changed = path.is_some() && self.cache_of.as_deref() != path;
        match &self.pass {
            Some(p) if p.revision != revision || path_changed => p.cancel.store(true, Ordering::Relaxed),
            None if self.covered != Some(revision) || path_changed => self.start(shared, path, ctx),
            Some(_) | None => {}
        }
    }

    /// A new pass over the project.
    fn start(&mut self, shared: &Arc<Project>, path: Option<&Path>, ctx: &egui::Context) {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let read_cache = path.filter(|p| self.cache_of.as_deref() != Some(*p)).map(Path::to_owned);
        if let Some(p) = path {
            self.cache_of = Some(p.to_owned());
        }
        let have: HashSet<u64> = self.embeddings.keys().collect();
        let project = Arc::clone(shared);
        let (model, stop, repaint) = (Arc::clone(&self.model), Arc::clone(&cancel), ctx.clone());
        let threads = Arc::clone(&self.threads);
        self.done = 0;
        self.total = 0;
        self.saved_at = Some(Instant::now());
        self.pass = Some(Pass { rx, cancel, revision: shared.revision() });
        self.runner.spawn(move || {
            let failed = tx.clone();
            let work = Work { model: &model, cancel: &stop, threads: &threads, tx: &tx, repaint: &repaint };
            if let Err(message) = catching(|| pass(project, read_cache.as_deref(), have, &work)) {
                let _ = failed.send(Msg::Off(format!("the sentence model stopped: {message}")));
            }
            repaint.request_repaint();
        });
    }

    /// Takes what the pass sent.
    fn receive(&mut self, path: Option<&Path>) {
        let Some(pass) = &self.pass else { return };
        let mut finished = false;
        let mut save_now = false;
        loop {
            match pass.rx.try_recv() {
                Ok(Msg::Cache(cache, why)) => {
                    // Vectors made before the cache was read stay; the cache's join them.
                    Arc::make_mut(&mut self.embeddings).merge(cache);
                    self.generation += 1;
                    if let Some(why) = why {
                        self.set_note(why);
                    }
                }
                Ok(Msg::Total(n)) => self.total = n,
                Ok(Msg::Vectors(vs)) => {
                    self.done += vs.len();
                    for (k, v) in vs {
                        Arc::make_mut(&mut self.embeddings).insert_key(k, v);
                    }
                    self.generation += 1;
                    self.unsaved = true;
                    // Written as it goes, so that quitting during a long read keeps the work.
                    save_now |= self.saved_at.is_none_or(|t| t.elapsed() >= SAVE_EVERY);
                }
                Ok(Msg::Done { keep }) => {
                    let before = self.embeddings.len();
                    Arc::make_mut(&mut self.embeddings).retain(&keep);
                    if self.embeddings.len() != before {
                        self.unsaved = true;
                        self.generation += 1;
                    }
                    if !pass.cancel.load(Ordering::Relaxed) {
                        self.covered = Some(pass.revision);
                    }
                    finished = true;
                    break;
                }
                Ok(Msg::Off(why)) => {
                    self.off = Some(why);
                    finished = true;
                    break;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    finished = true;
                    break;
                }
            }
        }
        if finished {
            self.pass = None;
            self.saved_at = None;
        }
        if finished || save_now {
            self.save_cache(path);
        }
    }

    /// Writes the cache on the runner (a large project's is tens of MB) if vectors were added
    /// since it was last written and no write is under way.
    fn save_cache(&mut self, path: Option<&Path>) {
        let Some(p) = path else { return };
        if !self.unsaved || self.saving.swap(true, Ordering::AcqRel) {
            return;
        }
        self.unsaved = false;
        self.saved_at = Some(Instant::now());
        let (cache, p) = (Arc::clone(&self.embeddings), p.to_owned());
        let (note, saving) = (Arc::clone(&self.note), Arc::clone(&self.saving));
        self.runner.spawn(move || {
            if let Err(e) = save_cache(&p, &cache)
                && let Ok(mut n) = note.lock()
            {
                *n = Some(format!("the embedding cache was not saved: {e}"));
            }
            saving.store(false, Ordering::Release);
        });
    }

    fn set_note(&self, note: String) {
        if let Ok(mut n) = self.note.lock() {
            *n = Some(note);
        }
    }

    /// "Reading meaning: 120 of 231 sentences" while a pass embeds; why semantic search is off;
    /// a cache that could not be used or written.
    pub fn activity(&self) -> Option<String> {
        if let Some(why) = &self.off {
            return Some(format!("Meaning search off: {why}"));
        }
        if self.pass.is_some() && self.total > 0 {
            return Some(format!("Reading meaning: {} of {} sentences", self.done.min(self.total), self.total));
        }
        self.note.lock().ok().and_then(|n| n.clone())
    }

    /// Whether a pass is under way (the cache being read or sentences embedded).
    pub fn reading(&self) -> bool {
        self.pass.is_some()
    }

    /// Fraction done of the pass under way.
    pub fn progress(&self) -> Option<f32> {
        (self.pass.is_some() && self.total > 0).then(|| self.done as f32 / self.total as f32)
    }

    /// Changes whenever the vectors do (a key for cached rankings).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn embeddings(&self) -> &Embeddings {
        &self.embeddings
    }

    /// The vectors, for work off the UI thread.
    pub fn shared_embeddings(&self) -> Arc<Embeddings> {
        Arc::clone(&self.embeddings)
    }

    /// The vectors of `index`'s passages, rebuilt when the vectors changed.
    pub fn index_for(&mut self, project: &Project, index: &Index) -> Option<&SemanticIndex> {
        if self.off.is_some() || self.embeddings.is_empty() {
            return None;
        }
        let built = self.index.as_ref().is_some_and(|(g, s)| *g == self.generation && s.is_for(index));
        if !built {
            self.index = Some((self.generation, SemanticIndex::build(project, index, &self.embeddings)));
        }
        self.index.as_ref().map(|(_, s)| s)
    }
}

impl Default for Semantic {
    fn default() -> Self {
        Semantic {
            enabled: false,
            runner: Runner::default(),
            embeddings: Arc::new(Embeddings::new(MODEL_ID, DIM)),
            generation: 0,
            cache_of: None,
            covered: None,
            pass: None,
            done: 0,
            total: 0,
            unsaved: false,
            model: Model::default(),
            off: None,
            note: Arc::default(),
            index: None,
            threads: Arc::new(AtomicUsize::new(crate::model::par::threads())),
            saved_at: None,
            saving: Arc::default(),
        }
    }
}

/// What a pass works with.
struct Work<'a> {
    model: &'a Model,
    cancel: &'a AtomicBool,
    threads: &'a AtomicUsize,
    tx: &'a Sender<Msg>,
    repaint: &'a egui::Context,
}

/// One pass: read the cache, find what lacks a vector, embed it a chunk at a time. The project
/// is let go of as soon as its texts are listed: holding it for the whole pass made the next
/// edit in the window copy the whole project (a shared `Arc` cannot be changed in place).
fn pass(project: Arc<Project>, read_cache: Option<&Path>, mut have: HashSet<u64>, work: &Work<'_>) {
    let Work { model, cancel, threads, tx, repaint } = *work;
    if let Some(path) = read_cache {
        let (cache, why) = crate::store::embeddings::read_cache(path, MODEL_ID, DIM);
        have.extend(cache.keys());
        let _ = tx.send(Msg::Cache(cache, why));
    }
    let needed = needed(&project, |k| have.contains(&k));
    drop(project);
    let _ = tx.send(Msg::Total(needed.missing.len()));
    if !needed.missing.is_empty() {
        let encoder = match model.get_or_init(load_encoder) {
            Ok(e) => e.as_ref(),
            Err(why) => {
                let _ = tx.send(Msg::Off(why.clone()));
                return;
            }
        };
        let sent = encode_chunks(
            encoder,
            &needed.missing,
            || cancel.load(Ordering::Relaxed),
            || threads.load(Ordering::Relaxed),
            |vectors| {
                let _ = tx.send(Msg::Vectors(vectors));
                repaint.request_repaint();
            },
        );
        if let Err(e) = sent {
            let _ = tx.send(Msg::Off(e));
            return;
        }
    }
    let _ = tx.send(Msg::Done { keep: needed.keep });
}
