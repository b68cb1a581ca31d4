//! Undo and redo.

use super::edit::{Edit, EditError};
use super::project::Project;

/// One step the analyst can undo: the edit as made, the edit that undoes it, and what to call it.
#[derive(Clone, Debug)]
struct Entry {
    label: String,
    redo: Edit,
    undo: Edit,
    /// Identifies the project state this step leads to, for the unsaved-changes mark.
    state: u64,
    /// Steps with the same key in a row become one (see [`History::apply_merging`]).
    merge_key: Option<String>,
}

/// The undo and redo stacks of one project.
///
/// Every entry knows the state it leads to, so "unsaved changes" is a comparison of the current
/// state with the saved one, which stays right across undo and redo.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
    next_state: u64,
    saved_state: u64,
    /// The state below the oldest kept step: where undoing everything leads. It moves up when
    /// the oldest step is dropped at the cap, so that the project is not taken for saved then.
    base_state: u64,
}

/// Oldest steps are dropped past this many, to bound memory in long sessions.
pub const MAX_UNDO: usize = 1000;

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies `edit` as one undoable step called `label`. Edits that change nothing leave no step.
    pub fn apply(&mut self, project: &mut Project, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        if edit.is_noop() {
            return Ok(());
        }
        let undo = project.apply(edit.clone())?;
        if undo == edit {
            // An update to the values already there (a field committed twice): nothing to undo.
            return Ok(());
        }
        self.next_state += 1;
        self.undo.push(Entry { label: label.into(), redo: edit, undo, state: self.next_state, merge_key: None });
        if self.undo.len() > MAX_UNDO {
            let dropped = self.undo.remove(0);
            self.base_state = dropped.state;
        }
        self.redo.clear();
        Ok(())
    }

    /// Like [`History::apply`], but a run of steps with the same `key` makes one undo step: a
    /// span nudged ten times with the keyboard is undone in one go. Only for edits that set
    /// values outright (updates), so that the first step's inverse undoes the whole run.
    pub fn apply_merging(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
        key: &str,
    ) -> Result<(), EditError> {
        let merges = self.redo.is_empty() && self.undo.last().is_some_and(|e| e.merge_key.as_deref() == Some(key));
        if !merges {
            self.apply(project, edit, label)?;
            if let Some(e) = self.undo.last_mut() {
                e.merge_key = Some(key.to_owned());
            }
            return Ok(());
        }
        project.apply(edit.clone())?;
        self.next_state += 1;
        if let Some(e) = self.undo.last_mut() {
            e.redo = edit;
            e.state = self.next_state;
        }
        Ok(())
    }

    /// Ends a run of merging steps, so that the next one starts a new undo step.
    pub fn seal(&mut self) {
        if let Some(e) = self.undo.last_mut() {
            e.merge_key = None;
        }
    }

    /// Undoes the newest step; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(entry) = self.undo.pop() else {
            return Ok(None);
        };
        match project.apply(entry.undo.clone()) {
            Ok(redo) => {
                let label = entry.label.clone();
                self.redo.push(Entry { redo, merge_key: None, ..entry });
                Ok(Some(label))
            }
            Err(e) => {
                self.undo.push(entry);
                Err(e)
            }
        }
    }

    /// Redoes the newest undone step; returns its label, or `None` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        let Some(entry) = self.redo.pop() else {
            return Ok(None);
        };
        match project.apply(entry.redo.clone()) {
            Ok(undo) => {
                let label = entry.label.clone();
                self.undo.push(Entry { undo, ..entry });
                Ok(Some(label))
            }
            Err(e) => {
                self.redo.push(entry);
                Err(e)
            }
        }
    }

    /// Label of the step Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    /// Label of the step Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// Number of steps that can be undone.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn current_state(&self) -> u64 {
        self.undo.last().map_or(self.base_state, |e| e.state)
    }

    /// Records that the project as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved_state = self.current_state();
    }

    /// Identifies the project state as it is now (for [`History::mark_saved_at`]).
    pub fn state(&self) -> u64 {
        self.current_state()
    }

    /// Records that the project as it was in `state` has been saved: a save that ran in the
    /// background while more edits were made.
    pub fn mark_saved_at(&mut self, state: u64) {
        self.saved_state = state;
    }

    /// Forgets the saved state (after loading a recovery file, which is not the file on disk).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = u64::MAX;
    }

    /// True when the project differs from what was last saved.
    pub fn is_dirty(&self) -> bool {
        self.current_state() != self.saved_state
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn add(p: &mut Project, h: &mut History, n: usize) {
        for i in 0..n {
            let edit = Edit::Rename(format!("name {i}"));
            h.apply(p, edit, "Rename").expect("applies");
        }
    }

    #[test]
    fn undoing_past_the_cap_leaves_the_project_unsaved() {
        let mut p = Project::new("start");
        let mut h = History::new();
        add(&mut p, &mut h, MAX_UNDO + 1);
        assert_eq!(h.undo_len(), MAX_UNDO);
        while h.can_undo() {
            h.undo(&mut p).expect("undoes");
        }
        // The oldest step was dropped, so undoing all that is kept does not reach the file.
        assert_ne!(p.name(), "start");
        assert!(h.is_dirty(), "the project differs from the saved one");
        // Redoing everything and saving makes it clean; one undo from there is dirty again.
        while h.can_redo() {
            h.redo(&mut p).expect("redoes");
        }
        h.mark_saved();
        assert!(!h.is_dirty());
        h.undo(&mut p).expect("undoes");
        assert!(h.is_dirty());
    }

    #[test]
    fn saved_at_the_cap_then_undo_all_and_redo_all_is_clean_again() {
        let mut p = Project::new("start");
        let mut h = History::new();
        add(&mut p, &mut h, MAX_UNDO);
        h.mark_saved();
        let (_, e) = p.add_document("t", "", "", "", Text::new("x")).expect("ids left");
        h.apply(&mut p, e, "Add").expect("applies");
        assert!(h.is_dirty());
        h.undo(&mut p).expect("undoes");
        assert!(!h.is_dirty(), "back at the saved state");
    }
}
