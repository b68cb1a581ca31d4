//! The tag bar above the reader: one button per tag, which tags the selection (or retags the
//! selected annotation), and the snapping switch.

use eframe::egui::{self, Ui};

use crate::model::Project;

use super::commands::Command;
use super::intent::Intent;
use super::theme;

/// Draws the tag bar. `can_tag` says whether there is a selection or an annotation to tag.
pub fn ui(ui: &mut Ui, project: &Project, can_tag: bool, snap: &mut bool, intents: &mut Vec<Intent>) {
    ui.horizontal_wrapped(|ui| {
        for tag in project.tags() {
            let swatch = egui::RichText::new("■").color(theme::solid(tag.colour));
            let mut button = egui::Button::new((swatch, tag.name.as_str()));
            if let Some(k) = tag.key {
                button = button.shortcut_text(k.to_string());
            }
            let hint = match tag.key {
                Some(k) => format!("Tag the selection as {} (key {k})", tag.name),
                None => format!("Tag the selection as {}", tag.name),
            };
            let response = ui
                .add_enabled(can_tag, button)
                .on_hover_text(hint)
                .on_disabled_hover_text("Select text in the article first (drag, double-click, or Shift+arrows)");
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, can_tag, format!("Tag as {}", tag.name)));
            if response.clicked() {
                intents.push(Intent::TagKey(tag.id));
            }
        }
        ui.separator();
        ui.checkbox(snap, "Snap to words").on_hover_text("Widen mouse selections to whole words and trim spaces");
        if ui.button("Tags…").on_hover_text("Add, rename, recolour and set keys for tags").clicked() {
            intents.push(Intent::Run(Command::EditTags));
        }
    });
}
