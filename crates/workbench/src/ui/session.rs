//! The open project with its undo history, file, lock and autosave clock. No egui here: the app
//! owns a session and the panels read its project.
//!
//! Saving happens in two halves so that it can run off the UI thread: [`Session::save_request`]
//! takes a snapshot (the project is behind an `Arc`, so the snapshot costs a reference count;
//! an edit made while the save runs copies the project once, see [`Arc::make_mut`]),
//! [`SaveRequest::run`] writes it wherever it runs, and [`Session::finish_save`] records the
//! outcome. The same for the autosave's recovery copy.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::model::{Edit, EditError, History, Project};
use crate::store::{self, FileProblem, Fingerprint, LoadError, LockError, ProjectLock, SaveError, recovery};

/// Autosave this long after the first unsaved change (and again while changes stay unsaved).
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);

/// Who holds a project's lock, in messages to other writers (who then do not wait).
const HOLDER: &str = store::lock::LONG_HOLDER;

/// Why a project could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Locked(#[from] LockError),
}

/// A project being worked on.
pub struct Session {
    project: Arc<Project>,
    history: History,
    /// Where it is saved; `None` for a project never saved.
    path: Option<PathBuf>,
    /// Held while the project is open, so that no other claimscope writes the file meanwhile.
    lock: Option<ProjectLock>,
    /// What the file was when last read or written, to notice changes made by other programs.
    fingerprint: Option<Fingerprint>,
    last_saved: Option<SystemTime>,
    /// When the oldest change not yet autosaved was made.
    unsaved_since: Option<Instant>,
}

/// A save to run anywhere (another thread, or at once); see the module comment.
pub struct SaveRequest {
    project: Arc<Project>,
    pub path: PathBuf,
    /// The history state the snapshot is, so that edits made meanwhile stay unsaved.
    state: u64,
    /// The file as this session last knew it; a different file on disk is not overwritten
    /// unless `overwrite` is set.
    expected: Option<Fingerprint>,
    overwrite: bool,
    /// The lock of a new path (Save as), taken before the save starts.
    lock: Option<ProjectLock>,
}

/// How a save ended.
pub enum SaveOutcome {
    Saved {
        path: PathBuf,
        state: u64,
        fingerprint: Fingerprint,
        lock: Option<ProjectLock>,
    },
    /// Another program changed the file since it was read; nothing was written.
    ChangedOnDisk {
        path: PathBuf,
    },
    Failed(SaveError),
}

impl SaveRequest {
    /// Writes the snapshot (checking first that nobody else changed the file).
    pub fn run(self) -> SaveOutcome {
        if !self.overwrite && self.expected.is_some_and(|fp| fp.changed(&self.path)) {
            return SaveOutcome::ChangedOnDisk { path: self.path };
        }
        match store::save(&self.project, &self.path) {
            Ok(fingerprint) => SaveOutcome::Saved { path: self.path, state: self.state, fingerprint, lock: self.lock },
            Err(e) => SaveOutcome::Failed(e),
        }
    }
}

/// A recovery copy to write anywhere.
pub struct AutosaveRequest {
    project: Arc<Project>,
    path: PathBuf,
}

impl AutosaveRequest {
    pub fn run(self) -> Result<(), SaveError> {
        recovery::write_recovery(&self.project, &self.path)
    }
}

impl Session {
    /// A new project that has no file yet.
    pub fn untitled() -> Self {
        Self::from_project(Project::new("Untitled"), None)
    }

    /// A project not saved anywhere yet (the built-in sample, or one made in memory).
    pub fn unsaved(project: Project) -> Self {
        Self::from_project(project, None)
    }

    /// A project made from others and not saved anywhere (an adjudication's result): unsaved
    /// from the start, so that the status bar says so and closing asks before it is lost.
    pub fn never_saved(project: Project) -> Self {
        let mut s = Self::from_project(project, None);
        s.history.mark_unsaved();
        s.touched();
        s
    }

    fn from_project(project: Project, path: Option<PathBuf>) -> Self {
        Session {
            project: Arc::new(project),
            history: History::new(),
            path,
            lock: None,
            fingerprint: None,
            last_saved: None,
            unsaved_since: None,
        }
    }

    /// Opens a project file and locks it; the warnings are the repairs made while loading. A
    /// project another claimscope has open is refused, naming that process. Where no lock file
    /// can be made (a read-only folder), the project opens unlocked: it cannot be saved there
    /// either.
    pub fn open(path: &Path) -> Result<(Self, Vec<FileProblem>), OpenError> {
        let (lock, unlocked) = match ProjectLock::acquire(path, HOLDER, Duration::ZERO) {
            Ok(l) => (Some(l), None),
            Err(e @ LockError::Held { .. }) => return Err(e.into()),
            // Opened, but the analyst is told: nothing stops another program writing it too.
            Err(e @ (LockError::Io { .. } | LockError::Sidecar(_))) => (None, Some(e.to_string())),
        };
        let mut loaded = store::load(path)?;
        if let Some(why) = unlocked {
            loaded.warnings.insert(
                0,
                FileProblem {
                    at: None,
                    message: format!(
                        "opened without a lock, so another claimscope could change it at the same time ({why})"
                    ),
                },
            );
        }
        // Leftovers of saves that were killed: this process now holds the lock.
        if lock.is_some() {
            store::remove_leftovers(path);
        }
        let mut s = Self::from_project(loaded.project, Some(path.to_owned()));
        s.lock = lock;
        s.fingerprint = loaded.fingerprint;
        Ok((s, loaded.warnings))
    }

    /// Replaces the project with its recovery copy, if that copy is of this project: the project
    /// is then unsaved, and saving writes to its file as before.
    pub fn restore_recovery(&mut self) -> Result<Vec<FileProblem>, LoadError> {
        let Some(path) = self.path.clone() else { return Ok(Vec::new()) };
        let loaded = recovery::load_recovery(&path, &self.project)?;
        self.project = Arc::new(loaded.project);
        self.history = History::new();
        self.history.mark_unsaved();
        self.unsaved_since = Some(Instant::now());
        Ok(loaded.warnings)
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project, shared with background work (an export, an index) without a copy; an
    /// edit made meanwhile copies it once (see [`Arc::make_mut`]).
    pub fn shared(&self) -> &Arc<Project> {
        &self.project
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True when this session holds its file's lock.
    pub fn is_locked(&self) -> bool {
        self.lock.is_some()
    }

    pub fn last_saved(&self) -> Option<SystemTime> {
        self.last_saved
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    fn touched(&mut self) {
        if self.is_dirty() {
            self.unsaved_since.get_or_insert_with(Instant::now);
        } else {
            self.unsaved_since = None;
        }
    }

    /// Applies an edit as one undo step.
    pub fn apply(&mut self, edit: Edit, label: &str) -> Result<(), EditError> {
        self.history.apply(Arc::make_mut(&mut self.project), edit, label)?;
        self.touched();
        Ok(())
    }

    /// Applies an edit merged with the previous step of the same key.
    pub fn apply_merging(&mut self, edit: Edit, label: &str, key: &str) -> Result<(), EditError> {
        self.history.apply_merging(Arc::make_mut(&mut self.project), edit, label, key)?;
        self.touched();
        Ok(())
    }

    /// Ends a run of merged steps.
    pub fn seal(&mut self) {
        self.history.seal();
    }

    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let r = self.history.undo(Arc::make_mut(&mut self.project));
        self.touched();
        r
    }

    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let r = self.history.redo(Arc::make_mut(&mut self.project));
        self.touched();
        r
    }

    /// A save of the project as it is now to `path`. Saving to another file than the project's
    /// takes that file's lock first (refused when another claimscope has it open). With
    /// `overwrite`, a file changed on disk by another program is replaced anyway.
    pub fn save_request(&self, path: &Path, overwrite: bool) -> Result<SaveRequest, LockError> {
        let same = self.path.as_deref() == Some(path);
        let lock = if same && self.lock.is_some() {
            None
        } else {
            match ProjectLock::acquire(path, HOLDER, Duration::ZERO) {
                Ok(l) => Some(l),
                Err(e @ LockError::Held { .. }) => return Err(e),
                // No lock file possible (or it is a link, not followed): the save itself will
                // say why it cannot write there, if it cannot.
                Err(LockError::Io { .. } | LockError::Sidecar(_)) => None,
            }
        };
        Ok(SaveRequest {
            project: Arc::clone(&self.project),
            path: path.to_owned(),
            state: self.history.state(),
            expected: if same { self.fingerprint } else { None },
            overwrite,
            lock,
        })
    }

    /// Records how a save ended. Returns the error, or the path changed on disk, for the caller
    /// to show.
    pub fn finish_save(&mut self, outcome: SaveOutcome) -> Result<(), SaveOutcome> {
        let SaveOutcome::Saved { path, state, fingerprint, lock } = outcome else { return Err(outcome) };
        if let Some(old) = &self.path
            && old != &path
        {
            recovery::discard_recovery(old);
        }
        recovery::discard_recovery(&path);
        if self.path.as_deref() != Some(path.as_path()) || lock.is_some() {
            self.lock = lock;
        }
        self.path = Some(path);
        self.fingerprint = Some(fingerprint);
        self.history.mark_saved_at(state);
        self.history.seal();
        self.last_saved = Some(SystemTime::now());
        self.touched();
        Ok(())
    }

    /// Saves to `path` at once, on this thread (the command line and tests; the workbench runs
    /// [`SaveRequest::run`] in the background).
    pub fn save_to(&mut self, path: &Path) -> Result<(), SaveOutcome> {
        let request = self.save_request(path, false).map_err(|e| {
            SaveOutcome::Failed(SaveError::Io {
                path: path.to_owned(),
                step: "locking",
                error: std::io::Error::other(e.to_string()),
            })
        })?;
        self.finish_save(request.run())
    }

    /// Time left before an autosave is due, if there are unsaved changes to autosave.
    pub fn autosave_in(&self, now: Instant) -> Option<Duration> {
        self.path.as_ref()?;
        let since = self.unsaved_since?;
        Some(AUTOSAVE_EVERY.saturating_sub(now.duration_since(since)))
    }

    /// The recovery copy to write, if one is due. The clock restarts whether or not the write
    /// works, so a failing disk is not retried every frame.
    pub fn autosave_if_due(&mut self, now: Instant) -> Option<AutosaveRequest> {
        if self.autosave_in(now) != Some(Duration::ZERO) {
            return None;
        }
        let path = self.path.clone()?;
        self.unsaved_since = Some(now);
        Some(AutosaveRequest { project: Arc::clone(&self.project), path })
    }

    /// The file name to show in the title bar.
    pub fn display_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "not saved yet".to_owned(), |n| n.to_string_lossy().into_owned())
    }
}

impl std::fmt::Display for SaveOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveOutcome::Saved { path, .. } => write!(f, "saved {}", path.display()),
            SaveOutcome::ChangedOnDisk { path } => write!(
                f,
                "another program changed the file since it was opened, so it was not overwritten: {}",
                path.display()
            ),
            SaveOutcome::Failed(e) => write!(f, "{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    #[cfg(unix)]
    #[test]
    fn a_project_opened_without_its_lock_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        crate::store::save(&Project::new("p"), &path).expect("saves");
        // A lock file that is a link (a cloned folder can hold one): not followed, and the
        // project opens unlocked with a warning instead of silently.
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").expect("seed");
        std::os::unix::fs::symlink(&victim, dir.path().join(".p.ron.lock")).expect("symlink");
        let (s, warnings) = Session::open(&path).expect("opens");
        assert!(s.lock.is_none());
        assert!(warnings.iter().any(|w| w.message.contains("opened without a lock")), "{warnings:?}");
        assert_eq!(std::fs::read_to_string(&victim).expect("there"), "keep");
    }

    fn edited(s: &mut Session) {
        let (_, e) = s.project().add_document("t", "", "", "", Text::new("text")).expect("ids left");
        s.apply(e, "Add").expect("applies");
    }

    #[test]
    fn autosave_after_thirty_seconds_of_unsaved_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        store::save(&Project::new("p"), &path).expect("saves");
        let (mut s, _) = Session::open(&path).expect("opens");
        let t0 = Instant::now();
        assert_eq!(s.autosave_in(t0), None, "nothing to autosave");
        edited(&mut s);
        assert!(s.autosave_in(t0).is_some_and(|d| d > Duration::from_secs(29)));
        assert!(s.autosave_if_due(t0).is_none());
        let later = t0 + AUTOSAVE_EVERY + Duration::from_millis(5);
        s.autosave_if_due(later).expect("due").run().expect("writes");
        assert!(recovery::recovery_path(&path).exists());
        let edited_project = s.project().clone();
        drop(s);
        let (mut r, _) = Session::open(&path).expect("opens");
        r.restore_recovery().expect("recovers");
        assert_eq!(r.project(), &edited_project);
        assert!(r.is_dirty());
        let mut s = r;
        assert!(s.save_to(&path).is_ok());
        assert!(!recovery::recovery_path(&path).exists(), "a save drops the recovery file");
        assert!(!s.is_dirty());
    }

    #[test]
    fn a_second_session_on_one_file_is_refused_naming_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        store::save(&Project::new("p"), &path).expect("saves");
        let (first, _) = Session::open(&path).expect("opens");
        assert!(first.is_locked());
        let Err(e) = Session::open(&path) else { panic!("a second writer must be refused") };
        assert!(e.to_string().contains("claimscope workbench"), "{e}");
        drop(first);
        assert!(Session::open(&path).is_ok(), "closing the first releases the file");
    }

    #[test]
    fn a_file_changed_by_another_program_is_not_overwritten_unless_asked() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        store::save(&Project::new("p"), &path).expect("saves");
        let (mut s, _) = Session::open(&path).expect("opens");
        edited(&mut s);
        let theirs = "(format: \"claimscope\", version: 1, name: \"changed elsewhere\")\n";
        std::fs::write(&path, theirs).expect("another program writes");
        match s.save_request(&path, false).expect("locked by us").run() {
            SaveOutcome::ChangedOnDisk { .. } => {}
            other => panic!("expected a conflict, got: {other}"),
        }
        assert_eq!(std::fs::read_to_string(&path).expect("there"), theirs, "their file is untouched");
        assert!(s.is_dirty());
        let outcome = s.save_request(&path, true).expect("locked by us").run();
        assert!(s.finish_save(outcome).is_ok());
        assert!(!s.is_dirty());
        assert_eq!(store::load(&path).expect("loads").project, *s.project());
    }

    #[test]
    fn edits_made_while_a_save_runs_stay_unsaved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("p.ron");
        let mut s = Session::untitled();
        edited(&mut s);
        let request = s.save_request(&path, false).expect("lock");
        edited(&mut s); // made while the save runs elsewhere
        assert!(s.finish_save(request.run()).is_ok());
        assert!(s.is_dirty(), "the second edit is not in the file");
        assert_eq!(store::load(&path).expect("loads").project.documents().len(), 1);
    }

    #[test]
    fn undo_back_to_the_saved_state_is_clean() {
        let mut s = Session::untitled();
        edited(&mut s);
        assert!(s.is_dirty());
        s.undo().expect("undo");
        assert!(!s.is_dirty());
        assert_eq!(s.autosave_in(Instant::now()), None);
    }
}
