//! Modal questions and notices: unsaved changes, errors, recovery, shortcuts, about.

use std::path::PathBuf;

use eframe::egui::{self, Id, Ui};

use super::commands::{Command, ReaderKey};

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum After {
    Quit,
    New,
    Open(PathBuf),
}

/// A modal dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    Unsaved(After),
    Error {
        title: String,
        message: String,
    },
    Recovery(PathBuf),
    /// "Open the saved file" chosen in [`Dialog::Recovery`]: asked once more, since the autosave
    /// goes.
    DiscardRecovery(PathBuf),
    /// Another program changed the project file since it was opened.
    ChangedOnDisk(PathBuf),
    /// An export would replace this existing file.
    Replace(PathBuf),
    Shortcuts,
    About,
    /// A question before an edit that takes much with it (see `Intent::Confirm`).
    Confirm {
        heading: String,
        question: String,
        yes: String,
    },
}

/// What the analyst answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Save(After),
    Discard(After),
    Restore(PathBuf),
    DeclineRecovery(PathBuf),
    /// Ask whether to discard the autosave ([`Dialog::DiscardRecovery`]).
    AskDiscardRecovery(PathBuf),
    /// Back to "Restore unsaved work?".
    AskRecovery(PathBuf),
    /// Save over the file another program changed.
    Overwrite(PathBuf),
    /// Save under another name.
    SaveElsewhere,
    /// Replace the existing file with the export.
    Replace(PathBuf),
    /// Drop the changes made here and open the file as it is on disk.
    Reload(PathBuf),
    /// Go on with the edit the dialog asked about.
    Confirmed,
    Close,
}

impl Dialog {
    /// Shows the dialog; returns the answer once given.
    pub fn show(&self, ctx: &egui::Context) -> Option<Answer> {
        let mut answer = None;
        // One modal (and the size egui remembers for it) per kind of dialog: shared, a small
        // report's size stayed with the shortcuts window, which then showed three rows.
        let kind = std::mem::discriminant(self);
        let modal = egui::Modal::new(Id::unique(("dialog", kind))).show(ctx, |ui| {
            // Never wider than the window (with the text larger, 520 points ran past it).
            ui.set_max_width((ctx.content_rect().width() - 48.0).clamp(200.0, 520.0));
            answer = self.body(ui);
        });
        if modal.should_close() && answer.is_none() {
            // Escape or a click outside: the safe choice.
            answer = Some(match self {
                Dialog::Recovery(_) => return None,
                Dialog::DiscardRecovery(path) => Answer::AskRecovery(path.clone()),
                _ => Answer::Close,
            });
        }
        answer
    }

    fn body(&self, ui: &mut Ui) -> Option<Answer> {
        let mut answer = None;
        match self {
            Dialog::Unsaved(after) => {
                ui.heading("Save changes?");
                let what = match after {
                    After::Quit => "before quitting",
                    After::New => "before starting a new project",
                    After::Open(_) => "before opening another project",
                };
                ui.label(format!("The project has changes that are not saved. Save them {what}?"));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if first_choice(ui, "Save").clicked() {
                        answer = Some(Answer::Save(after.clone()));
                    }
                    if ui.button("Discard changes").clicked() {
                        answer = Some(Answer::Discard(after.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        answer = Some(Answer::Close);
                    }
                });
            }
            Dialog::Error { title, message } => {
                ui.heading(title);
                ui.add(egui::Label::new(message).wrap());
                ui.add_space(8.0);
                if first_choice(ui, "OK").clicked() {
                    answer = Some(Answer::Close);
                }
            }
            Dialog::Recovery(path) => {
                ui.heading("Restore unsaved work?");
                ui.label(format!(
                    "An autosaved copy of {} is newer than the file itself: claimscope may have closed without saving. Restore the autosaved copy?",
                    path.display()
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if first_choice(ui, "Restore autosave").clicked() {
                        answer = Some(Answer::Restore(path.clone()));
                    }
                    // Asks first: the autosave is the only copy of that work.
                    if ui.button("Open the saved file…").clicked() {
                        answer = Some(Answer::AskDiscardRecovery(path.clone()));
                    }
                });
            }
            Dialog::DiscardRecovery(path) => {
                ui.heading("Discard the autosaved work?");
                ui.add(
                    egui::Label::new(format!(
                        "The autosaved copy holds work that {} does not. Opening the saved file deletes the copy, and that work with it.",
                        path.display()
                    ))
                    .wrap(),
                );
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    // Enter goes back: discarding is chosen, not fallen into.
                    if first_choice(ui, "Back").clicked() {
                        answer = Some(Answer::AskRecovery(path.clone()));
                    }
                    if ui.button("Discard it and open the saved file").clicked() {
                        answer = Some(Answer::DeclineRecovery(path.clone()));
                    }
                });
            }
            Dialog::ChangedOnDisk(path) => {
                ui.heading("The file changed on disk");
                ui.add(
                    egui::Label::new(format!(
                        "Another program changed {} after claimscope opened it. Saving now would replace those changes with yours.",
                        path.display()
                    ))
                    .wrap(),
                );
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if first_choice(ui, "Save as…").on_hover_text("Keep both: save yours under another name").clicked()
                    {
                        answer = Some(Answer::SaveElsewhere);
                    }
                    if ui.button("Reload from disk").on_hover_text("Drop the changes made here").clicked() {
                        answer = Some(Answer::Reload(path.clone()));
                    }
                    if ui.button("Overwrite").on_hover_text("Replace the file on disk with yours").clicked() {
                        answer = Some(Answer::Overwrite(path.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        answer = Some(Answer::Close);
                    }
                });
            }
            Dialog::Confirm { heading, question, yes } => {
                ui.heading(heading.as_str());
                ui.add(egui::Label::new(question).wrap());
                ui.label(egui::RichText::new("Ctrl+Z brings it back.").weak());
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button(yes).clicked() {
                        answer = Some(Answer::Confirmed);
                    }
                    // Enter keeps everything: a deletion is chosen, not fallen into.
                    if first_choice(ui, "Cancel").clicked() {
                        answer = Some(Answer::Close);
                    }
                });
            }
            Dialog::Replace(path) => {
                ui.heading("Replace the file?");
                ui.add(
                    egui::Label::new(format!("{} already exists. Replace it with the export?", path.display())).wrap(),
                );
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Replace").clicked() {
                        answer = Some(Answer::Replace(path.clone()));
                    }
                    // Enter keeps the file: replacing is chosen, not fallen into.
                    if first_choice(ui, "Cancel").clicked() {
                        answer = Some(Answer::Close);
                    }
                });
            }
            Dialog::Shortcuts => {
                // Taller than a small window: the title and Close stay put, the table scrolls.
                ui.horizontal(|ui| {
                    ui.heading("Keyboard shortcuts");
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.button("Close").on_hover_text("Close (Esc)").clicked() {
                            answer = Some(Answer::Close);
                        }
                    });
                });
                let room = (ui.ctx().content_rect().height() - 120.0).max(120.0);
                // Scrolled by keyboard too (only the mouse wheel moved it): arrows a row,
                // Page Up/Down a page, Home/End to the ends.
                let step = ui.input(|i| {
                    let row = 3.0 * ui.spacing().interact_size.y;
                    if i.key_pressed(egui::Key::ArrowDown) {
                        -row
                    } else if i.key_pressed(egui::Key::ArrowUp) {
                        row
                    } else if i.key_pressed(egui::Key::PageDown) {
                        -0.9 * room
                    } else if i.key_pressed(egui::Key::PageUp) {
                        0.9 * room
                    } else if i.key_pressed(egui::Key::End) {
                        -1e6
                    } else if i.key_pressed(egui::Key::Home) {
                        1e6
                    } else {
                        0.0
                    }
                });
                egui::ScrollArea::vertical()
                    .max_height(room)
                    .min_scrolled_height(room)
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        if step != 0.0 {
                            ui.scroll_with_delta(egui::vec2(0.0, step));
                        }
                        // Each column at most half the width, its text wrapping: with the text larger, rows
                        // that could not wrap ran past both edges of the window.
                        let half = ui.available_width() / 2.0 - 8.0;
                        egui::Grid::new("shortcuts").num_columns(2).striped(true).max_col_width(half).show(ui, |ui| {
                            for c in Command::ALL {
                                let Some(s) = c.shortcut() else { continue };
                                // Every key that does it (Ctrl+Y redoes too, Backspace deletes).
                                let keys: Vec<String> = std::iter::once(&s)
                                    .chain(c.alternatives())
                                    .map(|k| super::commands::shortcut_text(ui.ctx(), k))
                                    .collect();
                                help_row(ui, c.label(), &keys.join(" or "));
                            }
                            help_row(
                                ui,
                                "Tag the selection, or retag the selected annotation",
                                "each tag's key (1 – 4 by default)",
                            );
                            ui.label(egui::RichText::new("In the article text").strong());
                            ui.end_row();
                            for (_, what, keys) in ReaderKey::HELP {
                                help_row(ui, what, keys);
                            }
                            for (what, keys) in [
                                ("Select text", "drag, double-click a word, Shift+click"),
                                ("Next overlapping annotation", "click the same place again"),
                            ] {
                                help_row(ui, what, keys);
                            }
                            ui.label(egui::RichText::new("In the article list").strong());
                            ui.end_row();
                            for (what, keys) in [
                                ("Open the next or previous article", "Down / Up, Home / End"),
                                ("Go to its text", "Enter"),
                                ("Filter the list by title or outlet (Down or Enter: back to the list)", "/"),
                                (
                                    "Delete the open article and its annotations, once asked (Ctrl+Z brings them back)",
                                    "Delete",
                                ),
                            ] {
                                help_row(ui, what, keys);
                            }
                            ui.label(egui::RichText::new("In the speaker and claim fields").strong());
                            ui.end_row();
                            for (what, keys) in [
                                ("Choose among the matches", "Down / Up"),
                                ("Take the match (or create the claim typed) and go back to the text", "Enter"),
                                ("Back to the text", "Esc"),
                            ] {
                                help_row(ui, what, keys);
                            }
                            ui.label(egui::RichText::new("In the side view").strong());
                            ui.end_row();
                            help_row(ui, "The next or previous tab", "Ctrl+PageDown / Ctrl+PageUp");
                            help_row(ui, "Close it (the reader's selection goes first, one Esc each)", "Esc");
                        });
                    });
            }
            Dialog::About => {
                ui.heading(format!("claimscope {}", env!("CARGO_PKG_VERSION")));
                ui.label(env!("CARGO_PKG_DESCRIPTION"));
                ui.label("Offsets are Unicode char offsets, half-open, as in the W3C TextPositionSelector and brat.");
                if ui.button("Close").clicked() {
                    answer = Some(Answer::Close);
                }
            }
        }
        answer
    }
}

/// A row of the shortcuts window: what, and its keys; both wrap within their column.
fn help_row(ui: &mut Ui, what: &str, keys: &str) {
    ui.add(egui::Label::new(what).wrap());
    ui.add(egui::Label::new(egui::RichText::new(keys).monospace()).wrap());
    ui.end_row();
}

/// The button Enter (or Space) presses when the dialog opens: it takes the keyboard while
/// nothing has it (Enter did nothing in any dialog, and "Save changes?" needed Tab then Space).
/// The safe choice: the one that loses nothing.
/// Drawn filled, as a dialog's default button is: egui's focus on a button was not to be
/// seen, and an analyst who pressed Tab to find it, then Enter, chose the other button (in
/// "Restore unsaved work?", the one that discarded the autosave).
fn first_choice(ui: &mut Ui, text: &str) -> egui::Response {
    let fill = ui.visuals().selection.bg_fill;
    let ink = ui.visuals().selection.stroke.color;
    let button = ui.add(egui::Button::new(egui::RichText::new(text).color(ink).strong()).fill(fill));
    if button.ctx.memory(|m| m.focused().is_none()) {
        button.request_focus();
    }
    button
}
