//! The preview of a news database's bulk download before it is imported: what it holds
//! ("37 article(s) from Nexis Uni, 2019-07-01 to 2019-07-04"), one line per article with a
//! checkbox, and Import all / Import the chosen / Cancel.

use std::path::PathBuf;

use eframe::egui::{self, Id};

use crate::import::{ImportError, ImportFile};

/// Files as read by an import job.
pub type ReadFiles = Vec<(PathBuf, Result<ImportFile, ImportError>)>;

/// What the analyst decided.
pub enum Decision {
    /// Import these files (the bulk downloads holding only the chosen articles).
    Import(ReadFiles),
    Cancel,
}

/// An import waiting for the analyst to choose from its bulk downloads.
pub struct BulkPreview {
    files: ReadFiles,
    /// For each file, which of its articles are chosen (empty for files that are not bulk).
    chosen: Vec<Vec<bool>>,
}

impl BulkPreview {
    /// A preview of `files` if any of them is a bulk download; else the files back.
    pub fn of(files: ReadFiles) -> Result<BulkPreview, ReadFiles> {
        if !files.iter().any(|(_, r)| matches!(r, Ok(ImportFile::Articles { .. }))) {
            return Err(files);
        }
        let chosen = files
            .iter()
            .map(|(_, r)| match r {
                Ok(ImportFile::Articles { articles, .. }) => vec![true; articles.len()],
                _ => Vec::new(),
            })
            .collect();
        Ok(BulkPreview { files, chosen })
    }

    /// Shows the preview; returns the decision once made. Esc cancels.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Decision> {
        let mut decision = None;
        egui::Modal::new(Id::unique("bulk preview")).show(ctx, |ui| {
            ui.set_width(620.0);
            ui.heading("Import a news-database download");
            let others = self.chosen.iter().filter(|c| c.is_empty()).count();
            egui::ScrollArea::vertical().max_height(ctx.content_rect().height() * 0.6).show(ui, |ui| {
                for ((path, read), chosen) in self.files.iter().zip(&mut self.chosen) {
                    let Ok(ImportFile::Articles { from, articles }) = read else { continue };
                    let name = path
                        .file_name()
                        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                    ui.label(egui::RichText::new(name).strong());
                    ui.label(crate::import::plan::bulk_summary(from, articles));
                    ui.horizontal(|ui| {
                        if ui.small_button("All").clicked() {
                            chosen.iter_mut().for_each(|c| *c = true);
                        }
                        if ui.small_button("None").clicked() {
                            chosen.iter_mut().for_each(|c| *c = false);
                        }
                    });
                    for (a, c) in articles.iter().zip(chosen.iter_mut()) {
                        let mut line = crate::model::short(&a.title);
                        for extra in [&a.source, &a.published] {
                            if !extra.is_empty() {
                                line.push_str(" · ");
                                line.push_str(extra);
                            }
                        }
                        ui.checkbox(c, line);
                    }
                    ui.separator();
                }
            });
            if others > 0 {
                ui.label(egui::RichText::new(format!("and {others} other file(s), imported as they are")).weak());
            }
            let count: usize = self.chosen.iter().map(|c| c.iter().filter(|x| **x).count()).sum();
            let all: usize = self.chosen.iter().map(Vec::len).sum();
            ui.horizontal(|ui| {
                if ui.button(format!("Import all {all}")).clicked() {
                    self.chosen.iter_mut().flatten().for_each(|c| *c = true);
                    decision = Some(true);
                }
                if ui.add_enabled(count < all, egui::Button::new(format!("Import the {count} chosen"))).clicked() {
                    decision = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    decision = Some(false);
                }
            });
        });
        if decision.is_none() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            decision = Some(false);
        }
        match decision? {
            false => Some(Decision::Cancel),
            true => Some(Decision::Import(self.take_chosen())),
        }
    }

    /// The files as read, every article of them.
    pub fn into_files(self) -> ReadFiles {
        self.files
    }

    /// The files, each bulk download holding only its chosen articles.
    fn take_chosen(&mut self) -> ReadFiles {
        let files = std::mem::take(&mut self.files);
        files
            .into_iter()
            .zip(std::mem::take(&mut self.chosen))
            .map(|((path, read), chosen)| match read {
                Ok(ImportFile::Articles { from, articles }) => {
                    let articles = articles.into_iter().zip(chosen).filter(|(_, c)| *c).map(|(a, _)| a).collect();
                    (path, Ok(ImportFile::Articles { from, articles }))
                }
                other => (path, other),
            })
            .collect()
    }
}
