//! A new article from text pasted in (from a browser, an email, a PDF reader).

use eframe::egui::{self, Id};

use crate::import::text::{normalize_newlines, title_from};
use crate::model::{NewDocument, Text};

/// View state of the dialog.
#[derive(Default)]
pub struct PasteArticle {
    pub open: bool,
    title: String,
    source: String,
    published: String,
    url: String,
    text: String,
    /// Whether the text field was given the keyboard when the dialog opened (typing or Ctrl+V
    /// went nowhere before).
    focused: bool,
}

impl PasteArticle {
    /// Shows the dialog; returns the article to add when the analyst clicks Add.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<NewDocument> {
        if !self.open {
            self.focused = false;
            return None;
        }
        let mut edit = None;
        let modal = egui::Modal::new(Id::unique("paste article")).show(ctx, |ui| {
            ui.set_width(640.0);
            ui.heading("New article from text");
            ui.label(
                egui::RichText::new("Paste the article's text (Ctrl+V) below. The title defaults to its first line.")
                    .weak(),
            );
            egui::Grid::new("paste fields").num_columns(2).show(ui, |ui| {
                for (label, value) in [
                    ("Title", &mut self.title),
                    ("Outlet", &mut self.source),
                    ("Published", &mut self.published),
                    ("Address", &mut self.url),
                ] {
                    let l = ui.label(label);
                    ui.add(egui::TextEdit::singleline(value).desired_width(480.0)).labelled_by(l.id);
                    ui.end_row();
                }
            });
            let l = ui.label("Text");
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                let r = ui
                    .add(egui::TextEdit::multiline(&mut self.text).desired_rows(14).desired_width(f32::INFINITY))
                    .labelled_by(l.id);
                if !self.focused {
                    r.request_focus();
                    self.focused = true;
                }
            });
            ui.horizontal(|ui| {
                // Pasted text may carry control characters (from a PDF reader, a terminal): out.
                let text =
                    crate::model::text::strip_controls(&normalize_newlines(self.text.trim_matches('\u{feff}'))).0;
                let ok = !text.trim().is_empty();
                if ui.add_enabled(ok, egui::Button::new("Add article")).clicked() {
                    let title =
                        if self.title.trim().is_empty() { title_from(&text) } else { self.title.trim().to_owned() };
                    edit = Some(NewDocument {
                        title,
                        source: self.source.trim().to_owned(),
                        url: self.url.trim().to_owned(),
                        published: self.published.trim().to_owned(),
                        byline: String::new(),
                        section: String::new(),
                        text: Text::new(text),
                    });
                    *self = PasteArticle::default();
                }
                if ui.button("Cancel").clicked() {
                    self.open = false;
                }
            });
        });
        if modal.should_close() {
            self.open = false;
        }
        edit
    }
}
