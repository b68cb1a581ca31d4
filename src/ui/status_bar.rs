//! The status bar: counts per tag, orphans, when the project was last saved, and messages.

use std::time::SystemTime;

use eframe::egui::{self, Ui};

use crate::model::{Project, time};

use super::reader::tag_chip;

/// A message for the analyst.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Self {
        Status { text: text.into(), is_error: false }
    }
    pub fn error(text: impl Into<String>) -> Self {
        Status { text: text.into(), is_error: true }
    }
}

pub fn ui(ui: &mut Ui, project: &Project, last_saved: Option<SystemTime>, dirty: bool, status: &Status) {
    ui.horizontal(|ui| {
        let mut counts = vec![0usize; project.tags().len()];
        for a in project.annotations() {
            if let Some(i) = project.tags().iter().position(|t| t.id == a.tag) {
                counts[i] += 1;
            }
        }
        for (t, n) in project.tags().iter().zip(counts) {
            tag_chip(ui, &format!("{} {n}", t.name), t.colour);
        }
        let orphans = project.orphans().count();
        if orphans > 0 {
            ui.label(egui::RichText::new(format!("{orphans} orphaned")).color(ui.visuals().warn_fg_color))
                .on_hover_text("Annotations whose quote is no longer in their article. They are listed at the end of each article's list.");
        }
        ui.separator();
        let saved = match (last_saved, dirty) {
            (Some(t), d) => {
                let secs = t.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
                let at = time::rfc3339_utc(secs);
                format!("saved {} UTC{}", &at[11..19], if d { " · unsaved changes" } else { "" })
            }
            (None, true) => "unsaved changes".to_owned(),
            (None, false) => "no changes".to_owned(),
        };
        ui.label(egui::RichText::new(saved).weak());
        if !status.text.is_empty() {
            ui.separator();
            let text = egui::RichText::new(&status.text);
            ui.add(egui::Label::new(if status.is_error { text.color(ui.visuals().error_fg_color) } else { text }).truncate());
        }
    });
}
