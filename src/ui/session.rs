//! The open project with its undo history, file and autosave clock. No egui here: the app owns a
//! session and the panels read its project.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::model::{Edit, EditError, History, Project};
use crate::store::{self, FileProblem, LoadError, SaveError, recovery};

/// Autosave this long after the first unsaved change (and again while changes stay unsaved).
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(30);

/// A project being worked on.
pub struct Session {
    project: Project,
    history: History,
    /// Where it is saved; `None` for a project never saved.
    path: Option<PathBuf>,
    last_saved: Option<SystemTime>,
    /// When the oldest change not yet autosaved was made.
    unsaved_since: Option<Instant>,
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

    fn from_project(project: Project, path: Option<PathBuf>) -> Self {
        Session { project, history: History::new(), path, last_saved: None, unsaved_since: None }
    }

    /// Opens a project file; the warnings are the repairs made while loading.
    pub fn open(path: &Path) -> Result<(Self, Vec<FileProblem>), LoadError> {
        let loaded = store::load(path)?;
        Ok((Self::from_project(loaded.project, Some(path.to_owned())), loaded.warnings))
    }

    /// Opens the recovery file of `path` in place of the project file: the project is then
    /// unsaved, and saving writes to `path`.
    pub fn open_recovery(path: &Path) -> Result<(Self, Vec<FileProblem>), LoadError> {
        let loaded = store::load(&recovery::recovery_path(path))?;
        let mut s = Self::from_project(loaded.project, Some(path.to_owned()));
        s.history.mark_unsaved();
        s.unsaved_since = Some(Instant::now());
        Ok((s, loaded.warnings))
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
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
        self.history.apply(&mut self.project, edit, label)?;
        self.touched();
        Ok(())
    }

    /// Applies an edit merged with the previous step of the same key.
    pub fn apply_merging(&mut self, edit: Edit, label: &str, key: &str) -> Result<(), EditError> {
        self.history.apply_merging(&mut self.project, edit, label, key)?;
        self.touched();
        Ok(())
    }

    /// Ends a run of merged steps.
    pub fn seal(&mut self) {
        self.history.seal();
    }

    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let r = self.history.undo(&mut self.project);
        self.touched();
        r
    }

    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let r = self.history.redo(&mut self.project);
        self.touched();
        r
    }

    /// Saves to `path` (which becomes the project's file) and drops the recovery file.
    pub fn save_to(&mut self, path: &Path) -> Result<(), SaveError> {
        store::save(&self.project, path)?;
        if let Some(old) = &self.path
            && old != path
        {
            recovery::discard_recovery(old);
        }
        recovery::discard_recovery(path);
        self.path = Some(path.to_owned());
        self.history.mark_saved();
        self.history.seal();
        self.last_saved = Some(SystemTime::now());
        self.unsaved_since = None;
        Ok(())
    }

    /// Time left before an autosave is due, if there are unsaved changes to autosave.
    pub fn autosave_in(&self, now: Instant) -> Option<Duration> {
        self.path.as_ref()?;
        let since = self.unsaved_since?;
        Some(AUTOSAVE_EVERY.saturating_sub(now.duration_since(since)))
    }

    /// Writes the recovery file if one is due; returns whether it wrote.
    pub fn autosave_if_due(&mut self, now: Instant) -> Result<bool, SaveError> {
        if self.autosave_in(now) != Some(Duration::ZERO) {
            return Ok(false);
        }
        let Some(path) = self.path.clone() else { return Ok(false) };
        // The clock restarts whether or not the write works, so a failing disk is not retried
        // every frame; the error is shown to the analyst.
        self.unsaved_since = Some(now);
        recovery::write_recovery(&self.project, &path)?;
        Ok(true)
    }

    /// The file name to show in the title bar.
    pub fn display_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "not saved yet".to_owned(), |n| n.to_string_lossy().into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

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
        assert!(!s.autosave_if_due(t0).expect("ok"));
        let later = t0 + AUTOSAVE_EVERY + Duration::from_millis(5);
        assert!(s.autosave_if_due(later).expect("writes"));
        assert!(recovery::recovery_path(&path).exists());
        let (r, _) = Session::open_recovery(&path).expect("recovers");
        assert_eq!(r.project(), s.project());
        assert!(r.is_dirty());
        s.save_to(&path).expect("saves");
        assert!(!recovery::recovery_path(&path).exists(), "a save drops the recovery file");
        assert!(!s.is_dirty());
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
