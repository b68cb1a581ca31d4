//! Long work off the UI thread: exporting, reading many files to import, saving and autosaving.
//! The window stays responsive; imports and exports show a progress bar with the file in hand and
//! can cancel (a cancelled export writes nothing: the output is put in place only when complete).
//! A job that panics or vanishes is reported as failed, never left spinning.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

use eframe::egui::{self, Id};

use crate::export::{self, ExportError, Format, Options, Progress, Scope, Summary, Target};
use crate::import::{ImportError, ImportFile};
use crate::model::Project;
use crate::store::SaveError;

use super::runner::{Runner, catching};
use super::session::{AutosaveRequest, SaveOutcome, SaveRequest};

/// Progress shared between a job's thread and the window.
#[derive(Default)]
pub struct Shared {
    done: AtomicUsize,
    total: AtomicUsize,
    item: Mutex<String>,
    cancel: AtomicBool,
    ctx: Mutex<Option<egui::Context>>,
}

impl Progress for Shared {
    fn report(&self, done: usize, total: usize, what: &str) {
        self.done.store(done, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        if let Ok(mut item) = self.item.lock() {
            what.clone_into(&mut item);
        }
        if let Ok(ctx) = self.ctx.lock()
            && let Some(ctx) = ctx.as_ref()
        {
            ctx.request_repaint();
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// How a job ended.
pub enum Outcome {
    Exported(Result<Summary, ExportError>),
    /// The files read, in the order given; `cancelled` when the analyst stopped it;
    /// `previewed` when the analyst already chose from them (files read again with the source
    /// files they allowed), so that they go straight to the import.
    Read {
        files: Vec<(PathBuf, Result<ImportFile, ImportError>)>,
        cancelled: bool,
        previewed: bool,
    },
    /// A save of the project (see [`SaveRequest`]).
    Saved(SaveOutcome),
    Autosaved(Result<(), SaveError>),
    /// The job panicked or vanished without a result; `title` says which job.
    Failed {
        title: String,
        message: String,
    },
}

/// A job running in the background, and how to hear from it.
struct Job {
    title: String,
    shared: Arc<Shared>,
    rx: Receiver<Outcome>,
}

impl Job {
    fn spawn(
        runner: &Runner,
        title: String,
        ctx: &egui::Context,
        work: impl FnOnce(&Shared) -> Outcome + Send + 'static,
    ) -> Job {
        let shared = Arc::new(Shared::default());
        if let Ok(mut c) = shared.ctx.lock() {
            *c = Some(ctx.clone());
        }
        let (tx, rx) = channel();
        let s = shared.clone();
        let repaint = ctx.clone();
        let name = title.clone();
        runner.spawn(move || {
            let outcome = catching(|| work(&s)).unwrap_or_else(|message| Outcome::Failed { title: name, message });
            let _ = tx.send(outcome);
            repaint.request_repaint();
        });
        Job { title, shared, rx }
    }

    /// The outcome, once the work is done; a job whose sender is gone without a word failed.
    fn poll(&self) -> Option<Outcome> {
        match self.rx.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Outcome::Failed {
                title: self.title.clone(),
                message: "the background work stopped without a result".into(),
            }),
        }
    }
}

/// The background work of the workbench: at most one import or export (with a progress window
/// that blocks the rest of the window), one save and one autosave (which do not).
#[derive(Default)]
pub struct Jobs {
    runner: Runner,
    modal: Option<Job>,
    save: Option<Job>,
    autosave: Option<Job>,
}

impl Jobs {
    /// Jobs run by `runner` (a manual one in tests).
    pub fn new(runner: Runner) -> Jobs {
        Jobs { runner, ..Jobs::default() }
    }

    pub fn runner(&self) -> &Runner {
        &self.runner
    }

    /// True while an import or export runs (its progress window is up).
    pub fn busy(&self) -> bool {
        self.modal.is_some()
    }

    /// True while a save runs.
    pub fn saving(&self) -> bool {
        self.save.is_some()
    }

    /// Runs `work` as the import or export of the moment, with the progress window. Refused
    /// (false) while another runs.
    pub fn run_modal(
        &mut self,
        ctx: &egui::Context,
        title: &str,
        work: impl FnOnce(&Shared) -> Outcome + Send + 'static,
    ) -> bool {
        if self.modal.is_some() {
            return false;
        }
        self.modal = Some(Job::spawn(&self.runner, title.to_owned(), ctx, work));
        true
    }

    /// Exports a snapshot of the project. Refused (false) while another import or export runs.
    pub fn export(
        &mut self,
        ctx: &egui::Context,
        project: Arc<Project>,
        scope: Scope,
        format: Format,
        options: Options,
        target: Target,
    ) -> bool {
        if self.modal.is_some() {
            return false;
        }
        self.modal = Some(Job::spawn(&self.runner, format!("Exporting {format}"), ctx, move |progress| {
            Outcome::Exported(export::export(&project, &scope, format, &options, &target, progress))
        }));
        true
    }

    /// Reads files (articles, annotation files, brat folders) to import.
    pub fn read(&mut self, ctx: &egui::Context, paths: Vec<PathBuf>) -> bool {
        if self.modal.is_some() {
            return false;
        }
        self.modal = Some(Job::spawn(&self.runner, "Importing".into(), ctx, move |progress| {
            // Folders are walked for the files they hold (a brat folder is read as one).
            let (paths, _, _) = crate::import::expand(&paths);
            let total = paths.len();
            let mut files = Vec::with_capacity(total);
            for (k, p) in paths.into_iter().enumerate() {
                if progress.cancelled() {
                    crate::import::isolate::release_worker();
                    return Outcome::Read { files, cancelled: true, previewed: false };
                }
                progress.report(k, total, &p.display().to_string());
                let r = crate::import::read_any(&p, None);
                files.push((p, r));
            }
            crate::import::isolate::release_worker();
            Outcome::Read { files, cancelled: false, previewed: false }
        }));
        true
    }

    /// Reads some of the files of an import again, with other options (the source files
    /// outside a REFI-QDA archive that the analyst allowed), keeping the others as read.
    pub fn read_again(
        &mut self,
        ctx: &egui::Context,
        mut files: Vec<(PathBuf, Result<ImportFile, ImportError>)>,
        again: Vec<(usize, crate::import::ReadOptions)>,
    ) -> bool {
        if self.modal.is_some() {
            return false;
        }
        self.modal = Some(Job::spawn(&self.runner, "Importing".into(), ctx, move |progress| {
            let total = again.len();
            for (k, (at, options)) in again.into_iter().enumerate() {
                let Some((path, read)) = files.get_mut(at) else { continue };
                if progress.cancelled() {
                    crate::import::isolate::release_worker();
                    return Outcome::Read { files, cancelled: true, previewed: true };
                }
                progress.report(k, total, &path.display().to_string());
                *read = crate::import::read_with(path, &options);
            }
            crate::import::isolate::release_worker();
            Outcome::Read { files, cancelled: false, previewed: true }
        }));
        true
    }

    /// Saves in the background. Refused (false) while another save runs.
    pub fn save(&mut self, ctx: &egui::Context, request: SaveRequest) -> bool {
        if self.save.is_some() {
            return false;
        }
        self.save = Some(Job::spawn(&self.runner, "Saving".into(), ctx, move |_| Outcome::Saved(request.run())));
        true
    }

    /// Writes a recovery copy in the background (skipped while the last one still runs).
    pub fn autosave(&mut self, ctx: &egui::Context, request: AutosaveRequest) {
        if self.autosave.is_none() {
            self.autosave =
                Some(Job::spawn(&self.runner, "Autosave".into(), ctx, move |_| Outcome::Autosaved(request.run())));
        }
    }

    /// The jobs that ended since the last call.
    pub fn poll(&mut self) -> Vec<Outcome> {
        let mut done = Vec::new();
        for slot in [&mut self.modal, &mut self.save, &mut self.autosave] {
            if let Some(outcome) = slot.as_ref().and_then(Job::poll) {
                *slot = None;
                done.push(outcome);
            }
        }
        done
    }

    /// Asks the import or export to stop.
    pub fn cancel(&self) {
        if let Some(j) = &self.modal {
            j.shared.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// The progress window of a running import or export.
    pub fn show(&self, ctx: &egui::Context) {
        let Some(job) = &self.modal else { return };
        let shared = &job.shared;
        let done = shared.done.load(Ordering::Relaxed);
        let total = shared.total.load(Ordering::Relaxed);
        let item = shared.item.lock().map(|i| i.clone()).unwrap_or_default();
        let cancelling = shared.cancelled();
        egui::Modal::new(Id::unique("job")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading(&job.title);
            let fraction = if total == 0 { 0.0 } else { (done + 1) as f32 / total as f32 };
            ui.add(egui::ProgressBar::new(fraction.min(1.0)).show_percentage());
            ui.add(egui::Label::new(egui::RichText::new(item).small()).truncate());
            if total > 0 {
                ui.label(format!("{} of {total}", (done + 1).min(total)));
            }
            if ui
                .add_enabled(!cancelling, egui::Button::new(if cancelling { "Cancelling…" } else { "Cancel" }))
                .clicked()
            {
                self.cancel();
            }
        });
        // Keep the bar moving even if the worker reports rarely.
        ctx.request_repaint_after(std::time::Duration::from_millis(150));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_that_panics_is_reported_as_failed_and_frees_the_window() {
        let ctx = egui::Context::default();
        let mut jobs = Jobs::new(Runner::manual());
        assert!(jobs.run_modal(&ctx, "Importing", |_| panic!("the reader broke on page 3")));
        assert!(jobs.busy());
        jobs.runner().run_pending();
        let done = jobs.poll();
        assert!(!jobs.busy(), "the progress window goes");
        match done.as_slice() {
            [Outcome::Failed { title, message }] => {
                assert_eq!(title, "Importing");
                assert!(message.contains("page 3"), "{message}");
            }
            _ => panic!("expected one failed job"),
        }
    }

    #[test]
    fn a_job_that_vanishes_without_a_word_is_reported_as_failed() {
        let (tx, rx) = channel();
        drop(tx);
        let job = Job { title: "Exporting csv".into(), shared: Arc::default(), rx };
        assert!(matches!(job.poll(), Some(Outcome::Failed { .. })));
    }
}
