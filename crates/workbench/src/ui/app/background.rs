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
                if let Some(line) = after_autosave(&self.status, &at[11..19]) {
                    self.status = line;
                }
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

/// How an autosave's line begins.
const AUTOSAVED: &str = "Autosaved";

/// What the status bar says after an autosave at `at` (hh:mm:ss): the time, unless it holds
/// another message, which the autosave had replaced within seconds (a walk: "Relearnt from
/// your tags…" lasted 3 s). Recovery copies are said in the title bar's dot and on opening.
fn after_autosave(status: &Status, at: &str) -> Option<Status> {
    (status.text.is_empty() || status.text.starts_with(AUTOSAVED))
        .then(|| Status::info(format!("{AUTOSAVED} a recovery copy at {at} UTC")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_autosave_says_its_time_only_over_nothing_or_its_own_line() {
        assert_eq!(
            after_autosave(&Status::default(), "10:00:00").map(|s| s.text).as_deref(),
            Some("Autosaved a recovery copy at 10:00:00 UTC")
        );
        let own = Status::info("Autosaved a recovery copy at 09:59:30 UTC");
        assert_eq!(
            after_autosave(&own, "10:00:00").map(|s| s.text).as_deref(),
            Some("Autosaved a recovery copy at 10:00:00 UTC")
        );
        for kept in [
            Status::info("Relearnt from your tags: 1 suggestion more here"),
            Status::error("Could not export: disk full"),
        ] {
            assert_eq!(after_autosave(&kept, "10:00:00"), None, "{kept:?}");
        }
    }
}
