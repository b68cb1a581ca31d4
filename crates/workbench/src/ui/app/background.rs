//! Work off the window's thread: background jobs and their outcomes, autosave, the window title.

use super::*;

impl Workbench {
    pub(super) fn poll_jobs(&mut self, ctx: &egui::Context) {
        for outcome in self.jobs.poll() {
            self.finished(outcome);
        }
        self.jobs.show(ctx);
    }

    pub(super) fn finished(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Exported(Ok(s)) => match s.too_large_to_import() {
                Some(warning) => self.fail("Exported, but", &warning),
                None => self.say(format!("Exported {} to {}", s.what(), s.path.display())),
            },
            Outcome::Exported(Err(crate::export::ExportError::Cancelled)) => {
                self.say("Export cancelled; nothing was written.");
            }
            Outcome::Exported(Err(e)) => self.fail("Could not export", &e.to_string()),
            Outcome::Read { files, cancelled, previewed: true } => self.imported(files, cancelled),
            Outcome::Read { files, cancelled, previewed: false } => match BulkPreview::of(files) {
                // A bulk download is previewed first: the analyst may want only some of it; a
                // REFI-QDA project that names files outside its archive asks which to read.
                Ok(preview) if !cancelled => self.bulk = Some(preview),
                Ok(preview) => self.imported(preview.into_files(), cancelled),
                Err(files) => self.imported(files, cancelled),
            },
            Outcome::Saved(outcome) => self.saved(outcome),
            Outcome::Autosaved(Ok(())) => {
                let at = now();
                self.say(format!("Autosaved a recovery copy at {} UTC", &at[11..19]));
            }
            Outcome::Autosaved(Err(e)) => self.status = Status::error(format!("Autosave failed: {e}")),
            Outcome::Failed { title, message } => {
                self.after_save = None;
                self.fail(&format!("{title} failed"), &message);
            }
        }
    }

    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let instant = Instant::now();
        if let Some(request) = self.session.autosave_if_due(instant) {
            self.jobs.autosave(ctx, request);
        }
        if let Some(wait) = self.session.autosave_in(instant) {
            ctx.request_repaint_after(wait.max(Duration::from_millis(100)));
        }
    }

    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{}{} — {} — claimscope",
            if self.session.is_dirty() { "● " } else { "" },
            short(self.project().name()),
            self.session.display_name()
        );
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title as last set.
    pub fn title(&self) -> &str {
        &self.title
    }
}
