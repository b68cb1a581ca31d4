//! The status bar: counts per tag, orphans, when the project was last saved, and messages.

use std::time::SystemTime;

use eframe::egui::{self, Ui};

use crate::analysis::stats::TagCounts;
use crate::model::{Project, time};

use super::reader::tag_chip;

/// A message for the analyst.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
    /// The article the message is about, when it is about one (a suggested tag in it): it
    /// goes when another article is shown, instead of standing beside that one.
    pub about: Option<crate::model::DocId>,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Self {
        Status { text: text.into(), is_error: false, about: None }
    }
    pub fn error(text: impl Into<String>) -> Self {
        Status { text: text.into(), is_error: true, about: None }
    }
    /// A message about article `doc`.
    pub fn about(doc: crate::model::DocId, text: impl Into<String>) -> Self {
        Status { text: text.into(), is_error: false, about: Some(doc) }
    }
}

/// View state of the status bar: counts per tag, recomputed when the project changes.
#[derive(Default)]
pub struct StatusBar {
    counts: Option<(u64, TagCounts)>,
}

impl StatusBar {
    /// `activity`: background work to show (what, fraction done).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        last_saved: Option<SystemTime>,
        dirty: bool,
        status: &Status,
        activity: Option<&(String, Option<f32>)>,
    ) {
        if self.counts.as_ref().is_none_or(|(rev, _)| *rev != project.revision()) {
            self.counts = Some((project.revision(), TagCounts::of(project)));
        }
        if let Some((_, counts)) = &self.counts {
            bar(ui, project, counts, last_saved, dirty, status, activity);
        }
    }
}

fn bar(
    ui: &mut Ui,
    project: &Project,
    counts: &TagCounts,
    last_saved: Option<SystemTime>,
    dirty: bool,
    status: &Status,
    activity: Option<&(String, Option<f32>)>,
) {
    let saved = match (last_saved, dirty) {
        (Some(t), d) => {
            let secs = t.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
            let at = time::rfc3339_utc(secs);
            format!("saved {} UTC{}", &at[11..19], if d { " · unsaved changes" } else { "" })
        }
        (None, true) => "unsaved changes".to_owned(),
        (None, false) => "no changes".to_owned(),
    };
    ui.horizontal(|ui| {
        // The tags' counts while there is room: a project of thousands of tags laid out a chip
        // each, every frame, far past the window's edge.
        let tags = project.tags();
        // Room kept for what matters more: whether the work is saved, what runs, and the last
        // message, whole (a codebook's chips had pushed the save state out of the bar, and at
        // 900x600 four chips cut the message: "Not saved yet: close the open dialog fi…").
        let font = egui::TextStyle::Body.resolve(ui.style());
        let painter = ui.painter().clone();
        let width = |t: &str| painter.layout_no_wrap(t.to_owned(), font.clone(), egui::Color32::PLACEHOLDER).size().x;
        let gap = ui.spacing().item_spacing.x * 2.0 + 8.0;
        let right = width(&saved)
            + activity.map_or(0.0, |(what, done)| width(what) + gap + if done.is_some() { 60.0 + gap } else { 0.0 })
            + if status.text.is_empty() { 0.0 } else { width(&status.text) + gap }
            + gap
            + 80.0;
        let room = ui.available_width();
        // A message longer than the bar is cut anyway (the inspector or its hover shows it
        // whole): then the chips keep 30% of it rather than fold for nothing.
        let keep = right.max(360.0).max(room * 0.45).min(room * 0.7);
        for (row, t) in tags.iter().enumerate() {
            let chip = format!("{} {}", crate::model::truncate(&t.name, 16), counts.tag_total(row));
            // The chip's own width counts (its name is bold, its frame 6 points either side):
            // the room was looked at before it, and a chip that fit there ate into the message.
            let after = ui.available_width() - width(&chip) * 1.1 - 12.0 - ui.spacing().item_spacing.x;
            if after < keep && (row + 1 < tags.len() || after < keep - 60.0) {
                ui.label(egui::RichText::new(format!("+{} tags", tags.len() - row)).weak())
                    .on_hover_text("The tags' counts are in the article list's bars and in Compare.");
                break;
            }
            // Cut: a long name's chip took the room kept for the save state.
            tag_chip(ui, &chip, t.colour);
        }
        let orphans = project.orphans().count();
        if orphans > 0 {
            ui.label(egui::RichText::new(format!("{orphans} orphaned")).color(ui.visuals().warn_fg_color))
                .on_hover_text("Annotations whose quote is no longer in their article. They are listed at the end of each article's list.");
        }
        ui.separator();
        ui.label(egui::RichText::new(saved).weak());
        if let Some((what, done)) = activity {
            ui.separator();
            if let Some(done) = done {
                ui.add(egui::ProgressBar::new(*done).desired_width(60.0));
            }
            ui.label(egui::RichText::new(what).weak()).on_hover_text(
                "Semantic search reads each sentence's meaning in the background; until it is done, “Find in other articles” ranks by shared words.",
            );
        }
        if !status.text.is_empty() {
            ui.separator();
            let text = egui::RichText::new(&status.text);
            ui.add(egui::Label::new(if status.is_error { text.color(ui.visuals().error_fg_color) } else { text }).truncate());
        }
    });
}
