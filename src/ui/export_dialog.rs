//! The export dialog: format, scope (articles, tags, claims, speakers) and options. The same
//! choices as `claimscope export`.

use eframe::egui::{self, Id};

use crate::export::{Format, Options, Scope, Selection};
use crate::model::{Project, compare::speakers, short};

use super::widgets::checklist;

/// What the analyst chose; the app asks where to write it next.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub format: Format,
    pub scope: Scope,
    pub options: Options,
}

/// View state of the dialog.
pub struct ExportDialog {
    pub open: bool,
    format: Format,
    scope: Scope,
    options: Options,
    /// Annotations and articles the scope keeps, for (project revision, scope).
    counted: Option<((u64, Scope), (usize, usize))>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            format: Format::Json,
            scope: Scope::default(),
            options: Options::default(),
            counted: None,
        }
    }
}

impl ExportDialog {
    /// Shows the dialog; returns the request when the analyst clicks Export.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Option<Request> {
        if !self.open {
            return None;
        }
        let mut request = None;
        let modal = egui::Modal::new(Id::unique("export dialog")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading("Export annotations");
            ui.label("Format:");
            for f in Format::ALL {
                ui.radio_value(&mut self.format, f, f.label());
            }
            if self.format == Format::Csv {
                ui.checkbox(&mut self.options.bom, "Start with a byte-order mark (for Excel)");
            }
            ui.separator();
            ui.label("Export:");
            ui.horizontal_wrapped(|ui| {
                let s = &mut self.scope;
                checklist(ui, "Articles", &mut s.docs, || {
                    project.documents().iter().map(|d| (d.id, d.label())).collect()
                });
                checklist(ui, "Tags", &mut s.tags, || project.tags().iter().map(|t| (t.id, t.name.clone())).collect());
                checklist(ui, "Claims", &mut s.claims, || {
                    project.claims().iter().map(|c| (c.id, short(&c.label))).collect()
                });
                checklist(ui, "Speakers", &mut s.speakers, || {
                    speakers(project).into_iter().map(|s| (s.clone(), s)).collect()
                });
            });
            let key = (project.revision(), self.scope.clone());
            if self.counted.as_ref().is_none_or(|(k, _)| *k != key) {
                let sel = Selection::of(project, &self.scope);
                self.counted = Some((key, (sel.annotation_count(), sel.documents.len())));
            }
            if let Some((_, (annotations, articles))) = &self.counted {
                ui.label(
                    egui::RichText::new(format!("{annotations} annotation(s) from {articles} article(s).")).weak(),
                );
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button("Export…").clicked() {
                    request = Some(Request { format: self.format, scope: self.scope.clone(), options: self.options });
                    self.open = false;
                }
                if ui.button("Cancel").clicked() {
                    self.open = false;
                }
            });
        });
        if modal.should_close() {
            self.open = false;
        }
        request
    }
}
