//! The article details dialog: title, outlet, date, byline, section and address, edited as one
//! undoable step. Imports get these wrong often enough (a PDF titled with the file name its
//! browser printed, a page with no outlet) that the analyst must be able to fix them.

use eframe::egui::{self, Id, Key};

use crate::model::{DocId, DocumentFields, EditError, Project, time};

use super::intent::Intent;

/// View state of the dialog: the article it edits and the fields as typed.
#[derive(Default)]
pub struct ArticleDetails {
    doc: Option<DocId>,
    fields: Option<DocumentFields>,
    /// The first frame: the title takes the keyboard.
    focus_title: bool,
    /// The published date was refused: its field takes the keyboard back (Enter had left the
    /// keyboard nowhere, and what was typed next was lost).
    focus_published: bool,
    error: Option<String>,
    /// Esc was pressed with changes typed: the next Esc throws them away (the first had, without
    /// a word, although a field's Esc elsewhere keeps what was typed).
    warned: bool,
}

impl ArticleDetails {
    /// Opens the dialog on `doc` with its current details.
    pub fn open(&mut self, project: &Project, doc: DocId) {
        let Some(d) = project.document(doc) else { return };
        *self = ArticleDetails { doc: Some(doc), fields: Some(d.fields()), focus_title: true, ..Default::default() };
    }

    pub fn is_open(&self) -> bool {
        self.doc.is_some()
    }

    /// Shows the dialog while open; Save (or Enter in a field) pushes the edit, Cancel drops what
    /// was typed, and so does Esc, pressed twice when something was typed.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project, intents: &mut Vec<Intent>) {
        let (Some(doc), Some(fields)) = (self.doc, self.fields.as_mut()) else { return };
        let Some(current) = project.document(doc) else {
            // The article went (undo, a merge): nothing left to edit.
            *self = ArticleDetails::default();
            return;
        };
        let mut save = false;
        let mut cancel = false;
        let modal = egui::Modal::new(Id::unique("article details")).show(ctx, |ui| {
            ui.set_width(560.0_f32.min(ctx.content_rect().width() - 60.0));
            ui.heading("Article details");
            ui.label(
                egui::RichText::new(format!(
                    "{} chars in {} paragraph(s). To remove a stray paragraph, right-click it in the text.",
                    current.text.len_chars(),
                    current.text.paragraphs().iter().filter(|p| !p.is_empty()).count()
                ))
                .weak(),
            );
            ui.add_space(4.0);
            let width = ui.available_width() - 90.0;
            egui::Grid::new("article details fields").num_columns(2).show(ui, |ui| {
                let rows: [(&str, &mut String, &str); 6] = [
                    ("Title", &mut fields.title, "the headline"),
                    ("Outlet", &mut fields.source, "Reuters, The Guardian…"),
                    ("Published", &mut fields.published, "2020-01-03 or as the page says"),
                    ("Byline", &mut fields.byline, "By Jane Doe"),
                    ("Section", &mut fields.section, "World, Politik…"),
                    ("Address", &mut fields.url, "https://…"),
                ];
                for (label, value, hint) in rows {
                    let l = ui.label(label);
                    let field = ui
                        .add(egui::TextEdit::singleline(value).hint_text(hint).desired_width(width).id_salt(label))
                        .labelled_by(l.id);
                    // The keyboard comes in with the caret at the end: the field keeps its
                    // caret by its id, the same for every article, and F2 then typing had put
                    // the letters mid-word in another article's title ("stranded ZZvessel").
                    let take = (label == "Title" && std::mem::take(&mut self.focus_title))
                        || (label == "Published" && std::mem::take(&mut self.focus_published));
                    if take {
                        field.request_focus();
                        super::widgets::caret_to_end(ui.ctx(), field.id, value);
                    }
                    super::widgets::caret_to_end_on_tab(ui, &field, value);
                    // A message about what was typed goes once it is mended ("not a date"
                    // stayed under the date that replaced it).
                    // An edit after the warning is warned of again: the next Esc had thrown
                    // everything away, the warning gone from sight.
                    if field.changed() {
                        self.error = None;
                        self.warned = false;
                    }
                    if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        save = true;
                    }
                    ui.end_row();
                }
            });
            let shown = time::display_date(&fields.published);
            if let Some(problem) = time::iso_date_problem(&fields.published) {
                // A typing slip in a date written as one ("2022-13-40") had been saved unsaid,
                // and exported as a date.
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Published: “{}” is not a date ({problem})", fields.published.trim()),
                );
            } else if shown != fields.published.trim() {
                ui.label(egui::RichText::new(format!("Shown as “{shown}”")).weak().small());
            } else if let Some(iso) = crate::import::dates::iso_date(&fields.published) {
                // A date as the page wrote it ("4 January 2022") is kept as typed unless the
                // analyst takes its ISO form, which sorts and exports as a date.
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(format!("Read as {iso}.")).weak().small());
                    if ui.small_button(format!("Use {iso}")).clicked() {
                        fields.published = iso;
                        self.error = None;
                        self.warned = false;
                    }
                });
            } else if !fields.published.trim().is_empty() {
                // A date claimscope cannot read ("July 9th 2020") had no word here; the header
                // said "(date as written)" only after saving.
                ui.label(
                    egui::RichText::new(
                        "Not read as a date: kept as written. Write it as 2020-07-09 to sort and export it as a date.",
                    )
                    .weak()
                    .small(),
                );
            }
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                save |= super::widgets::default_button(ui, "Save", true)
                    .on_hover_text("Save the details (Enter); Ctrl+Z undoes")
                    .clicked();
                cancel |= ui.button("Cancel").on_hover_text("Keep the details as they were (Esc)").clicked();
            });
        });
        // Enter with no field or button holding the keyboard saves: after the warning, Esc has
        // taken it from the field, and the warning says Enter saves.
        if ctx.input(|i| i.key_pressed(Key::Enter)) && ctx.memory(|m| m.focused().is_none()) {
            save = true;
        }
        if modal.should_close() {
            if *fields != current.fields() && !self.warned {
                self.warned = true;
                self.error = Some("Not saved yet: Enter saves the changes, Esc again throws them away.".into());
            } else {
                cancel = true;
            }
        }
        if save && let Some(problem) = time::iso_date_problem(&fields.published) {
            self.error = Some(format!("Not saved: the published date is not a date ({problem})."));
            self.focus_published = true;
        } else if save {
            match project.update_document(doc, fields) {
                Ok(edit) => {
                    intents.push(Intent::Edit { edit, label: "Edit article details".into() });
                    *self = ArticleDetails::default();
                }
                Err(EditError::NoChange) => *self = ArticleDetails::default(),
                Err(e) => self.error = Some(format!("Not saved: {e}.")),
            }
        } else if cancel {
            *self = ArticleDetails::default();
        }
    }
}
