//! The menu bar: drawn from a snapshot of what the menus show ([`MenuState`]), it hands back
//! the commands chosen as intents, toggles included, and changes nothing itself. Labels and
//! shortcuts come from the command catalogue.

use std::path::PathBuf;

use eframe::egui::{self, Ui};

use super::commands::Command;
use super::intent::Intent;

/// What the menus show this frame.
pub struct MenuState<'a> {
    pub recent: &'a [PathBuf],
    /// Labels of the step Undo and Redo would take.
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
    pub annotation_selected: bool,
    pub article_shown: bool,
    pub compare_open: bool,
    pub team_open: bool,
    pub dark: bool,
    pub snap: bool,
    pub builtin_picker: bool,
    /// The analyst's name as set, and the one used when none is.
    pub analyst: &'a str,
    pub default_analyst: &'a str,
    pub can_zoom_in: bool,
    pub can_zoom_out: bool,
    pub suggestions_shown: bool,
    /// A suggested tag is walked to.
    pub suggestion_current: bool,
}

/// Draws the menu bar; returns what was chosen.
pub fn menu_bar(ui: &mut Ui, state: &MenuState<'_>) -> Vec<Intent> {
    let mut intents = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, Command::New, true, &mut intents);
            item(ui, Command::Open, true, &mut intents);
            ui.menu_button("Open recent", |ui| {
                if state.recent.is_empty() {
                    ui.label(egui::RichText::new("(none yet)").weak());
                }
                for p in state.recent {
                    if ui.button(p.display().to_string()).clicked() {
                        intents.push(Intent::OpenPath(p.clone()));
                    }
                }
            });
            item(ui, Command::Save, true, &mut intents);
            item(ui, Command::SaveAs, true, &mut intents);
            ui.separator();
            item(ui, Command::Import, true, &mut intents);
            item(ui, Command::ImportFolder, true, &mut intents);
            item(ui, Command::PasteArticle, true, &mut intents);
            item(ui, Command::Export, true, &mut intents);
            ui.separator();
            toggle(ui, Command::ToggleBuiltinPicker, state.builtin_picker, &mut intents);
            ui.separator();
            item(ui, Command::Quit, true, &mut intents);
        });
        ui.menu_button("Edit", |ui| {
            for (c, step) in [(Command::Undo, state.undo), (Command::Redo, state.redo)] {
                let label = step.map_or_else(|| c.label().to_owned(), |l| format!("{} {l}", c.label()));
                labelled(ui, c, label, step.is_some(), &mut intents);
            }
            ui.separator();
            item(ui, Command::DeleteAnnotation, state.annotation_selected, &mut intents);
            item(ui, Command::DeleteParagraph, state.article_shown, &mut intents);
            item(ui, Command::NextAnnotation, true, &mut intents);
            item(ui, Command::PreviousAnnotation, true, &mut intents);
            ui.separator();
            item(ui, Command::NextSuggestion, state.article_shown, &mut intents);
            item(ui, Command::PreviousSuggestion, state.article_shown, &mut intents);
            item(ui, Command::AcceptSuggestion, state.suggestion_current, &mut intents);
            ui.separator();
            item(ui, Command::Find, state.article_shown, &mut intents);
            item(ui, Command::ArticleDetails, state.article_shown, &mut intents);
            ui.separator();
            item(ui, Command::EditTags, true, &mut intents);
            ui.separator();
            // Preferences: who is annotating, stamped on each new annotation.
            // Clicking into the field must not close the menu, as a click on an item does.
            let stay =
                egui::containers::menu::MenuConfig::new().close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
            egui::containers::menu::SubMenuButton::new("Your name as analyst").config(stay).ui(ui, |ui| {
                let mut name = state.analyst.to_owned();
                let label = ui.label("Stamped on what you annotate:");
                let field =
                    ui.add(egui::TextEdit::singleline(&mut name).hint_text(state.default_analyst).desired_width(220.0));
                let field = field.labelled_by(label.id);
                if field.changed() {
                    intents.push(Intent::SetAnalyst(name));
                }
            });
        });
        ui.menu_button("View", |ui| {
            toggle(ui, Command::ToggleCompare, state.compare_open, &mut intents);
            toggle(ui, Command::ToggleTagSuggestions, state.suggestions_shown, &mut intents);
            item(ui, Command::FindSimilar, state.annotation_selected, &mut intents);
            ui.separator();
            // Jumps for the keyboard, listed where the analyst looks for them.
            ui.menu_button("Go to", |ui| {
                item(ui, Command::GoArticles, true, &mut intents);
                item(ui, Command::GoText, state.article_shown, &mut intents);
                item(ui, Command::GoNote, state.annotation_selected, &mut intents);
                item(ui, Command::GoSpeaker, state.annotation_selected, &mut intents);
                item(ui, Command::GoClaim, state.annotation_selected, &mut intents);
                item(ui, Command::GoTagByName, state.article_shown, &mut intents);
            });
            ui.separator();
            toggle(ui, Command::ToggleTheme, state.dark, &mut intents);
            toggle(ui, Command::ToggleSnap, state.snap, &mut intents);
            ui.separator();
            item(ui, Command::ZoomIn, state.can_zoom_in, &mut intents);
            item(ui, Command::ZoomOut, state.can_zoom_out, &mut intents);
            item(ui, Command::ZoomReset, true, &mut intents);
        });
        ui.menu_button("Team", |ui| {
            toggle(ui, Command::ToggleTeam, state.team_open, &mut intents);
            item(ui, Command::AgreeWith, true, &mut intents);
            item(ui, Command::Adjudicate, true, &mut intents);
        });
        ui.menu_button("Help", |ui| {
            item(ui, Command::Shortcuts, true, &mut intents);
            item(ui, Command::About, true, &mut intents);
        });
    });
    intents
}

fn item(ui: &mut Ui, c: Command, enabled: bool, intents: &mut Vec<Intent>) {
    labelled(ui, c, c.label().to_owned(), enabled, intents);
}

fn labelled(ui: &mut Ui, c: Command, label: String, enabled: bool, intents: &mut Vec<Intent>) {
    let mut b = egui::Button::new(label);
    if let Some(s) = c.shortcut() {
        b = b.shortcut_text(super::commands::shortcut_text(ui.ctx(), &s));
    }
    if ui.add_enabled(enabled, b).clicked() {
        intents.push(Intent::Run(c));
        // Closed however it was chosen: by Enter from the keyboard the menu stayed open.
        ui.close();
    }
}

/// A checkable entry: shows `on`, and asks for the toggle when clicked (a checkbox; an entry
/// with a shortcut is a highlighted button, so the shortcut shows beside it).
fn toggle(ui: &mut Ui, c: Command, on: bool, intents: &mut Vec<Intent>) {
    let clicked = match c.shortcut() {
        Some(s) => ui
            .add(egui::Button::new(c.label()).selected(on).shortcut_text(super::commands::shortcut_text(ui.ctx(), &s)))
            .clicked(),
        None => {
            let mut shown = on;
            ui.checkbox(&mut shown, c.label()).changed()
        }
    };
    if clicked {
        intents.push(Intent::Run(c));
        ui.close();
    }
}
