//! Long work off the UI thread: exporting, and reading many files to import. The window stays
//! responsive, shows a progress bar with the file in hand, and can cancel; a cancelled export
//! writes nothing (the output is put in place only when complete).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

use eframe::egui::{self, Id};

use crate::export::{self, ExportError, Format, Options, Progress, Scope, Summary};
use crate::import::{ImportError, ImportFile};
use crate::model::Project;

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
    /// The files read, in the order given; `cancelled` when the analyst stopped it.
    Read {
        files: Vec<(PathBuf, Result<ImportFile, ImportError>)>,
        cancelled: bool,
    },
}

/// A job running on its own thread.
pub struct Job {
    pub title: String,
    shared: Arc<Shared>,
    rx: Receiver<Outcome>,
}

impl Job {
    fn spawn(title: String, ctx: &egui::Context, work: impl FnOnce(&Shared) -> Outcome + Send + 'static) -> Job {
        let shared = Arc::new(Shared::default());
        if let Ok(mut c) = shared.ctx.lock() {
            *c = Some(ctx.clone());
        }
        let (tx, rx) = channel();
        let s = shared.clone();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let outcome = work(&s);
            let _ = tx.send(outcome);
            repaint.request_repaint();
        });
        Job { title, shared, rx }
    }

    /// Exports a snapshot of the project.
    pub fn export(
        ctx: &egui::Context,
        project: Project,
        scope: Scope,
        format: Format,
        options: Options,
        path: PathBuf,
    ) -> Job {
        Job::spawn(format!("Exporting {format}"), ctx, move |progress| {
            Outcome::Exported(export::export(&project, &scope, format, options, &path, progress))
        })
    }

    /// Reads files (articles, annotation files, brat folders) to import.
    pub fn read(ctx: &egui::Context, paths: Vec<PathBuf>) -> Job {
        Job::spawn("Importing".into(), ctx, move |progress| {
            let total = paths.len();
            let mut files = Vec::with_capacity(total);
            for (k, p) in paths.into_iter().enumerate() {
                if progress.cancelled() {
                    return Outcome::Read { files, cancelled: true };
                }
                progress.report(k, total, &p.display().to_string());
                let r = crate::import::read_any(&p, None);
                files.push((p, r));
            }
            Outcome::Read { files, cancelled: false }
        })
    }

    /// The outcome, once the thread is done.
    pub fn poll(&self) -> Option<Outcome> {
        self.rx.try_recv().ok()
    }

    /// Asks the job to stop.
    pub fn cancel(&self) {
        self.shared.cancel.store(true, Ordering::Relaxed);
    }

    /// The progress window.
    pub fn show(&self, ctx: &egui::Context) {
        let done = self.shared.done.load(Ordering::Relaxed);
        let total = self.shared.total.load(Ordering::Relaxed);
        let item = self.shared.item.lock().map(|i| i.clone()).unwrap_or_default();
        let cancelling = self.shared.cancelled();
        egui::Modal::new(Id::unique("job")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading(&self.title);
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
