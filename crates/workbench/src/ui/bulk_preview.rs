//! The preview of an import before anything is added: a news database's bulk download (what it
//! holds, "37 article(s) from Nexis Uni, 2019-07-01 to 2019-07-04", one line per article with a
//! checkbox), and a REFI-QDA project that names source files outside its archive (one line per
//! file, unticked: only what the analyst ticks is read). Import all / Import the chosen / Cancel.

use std::path::PathBuf;

use eframe::egui::{self, Id};

use crate::import::{ImportError, ImportFile};

/// Files as read by an import job.
pub type ReadFiles = Vec<(PathBuf, Result<ImportFile, ImportError>)>;

/// What the analyst decided.
pub enum Decision {
    /// Import these files (the bulk downloads holding only the chosen articles).
    Import(ReadFiles),
    /// Read these files again (by their place in `files`) with these options, then import.
    ReadAgain {
        files: ReadFiles,
        again: Vec<(usize, crate::import::ReadOptions)>,
    },
    Cancel,
}

/// An import waiting for the analyst to choose from its bulk downloads.
pub struct BulkPreview {
    files: ReadFiles,
    /// For each file, which of its articles are chosen (empty for files that are not bulk).
    chosen: Vec<Vec<bool>>,
    /// For each file, which of the source files it names outside its archive are to be read
    /// (empty for files that name none it did not read).
    outside: Vec<Vec<bool>>,
    /// The article boxes drawn in the last frame: Enter on one imports (Space ticks it), where
    /// it had ticked the box again and left the dialog open.
    boxes: std::collections::HashSet<Id>,
}

/// The source files a REFI-QDA project names outside its archive that were not read.
fn outside_of(read: &Result<ImportFile, ImportError>) -> Vec<&crate::import::qdpx::ExternalSource> {
    match read {
        Ok(ImportFile::Annotations(inc)) => inc.external.iter().filter(|e| !e.read).collect(),
        _ => Vec::new(),
    }
}

impl BulkPreview {
    /// A preview of `files` if any of them is a bulk download; else the files back.
    pub fn of(files: ReadFiles) -> Result<BulkPreview, ReadFiles> {
        let bulk = files.iter().any(|(_, r)| matches!(r, Ok(ImportFile::Articles { .. })));
        if !bulk && files.iter().all(|(_, r)| outside_of(r).is_empty()) {
            return Err(files);
        }
        let outside = files.iter().map(|(_, r)| vec![false; outside_of(r).len()]).collect();
        let chosen = files
            .iter()
            .map(|(_, r)| match r {
                Ok(ImportFile::Articles(d)) => vec![true; d.articles.len()],
                _ => Vec::new(),
            })
            .collect();
        Ok(BulkPreview { files, chosen, outside, boxes: std::collections::HashSet::new() })
    }

    /// Shows the preview; returns the decision once made. Esc cancels.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Decision> {
        let mut decision = None;
        // Enter imports what is chosen (all, unless the analyst unticked some), as the file
        // picker before it takes Enter: a download comes in without the mouse. Also from an
        // article's box (taken before the box sees it); not while a button has the keyboard
        // (Enter there is that button's own).
        let any = self.chosen.iter().flatten().any(|c| *c)
            || self.files.iter().any(|(_, r)| matches!(r, Ok(ImportFile::Article(_))));
        let focused = ctx.memory(egui::Memory::focused);
        if any
            && focused.is_none_or(|f| self.boxes.contains(&f))
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter))
        {
            decision = Some(true);
        }
        let mut boxes = std::collections::HashSet::new();
        egui::Modal::new(Id::unique("bulk preview")).show(ctx, |ui| {
            ui.set_width(620.0);
            let bulk = self.chosen.iter().any(|c| !c.is_empty());
            ui.heading(if bulk { "Import a news-database download" } else { "Import a REFI-QDA project" });
            let others = self.chosen.iter().zip(&self.outside).filter(|(c, o)| c.is_empty() && o.is_empty()).count();
            egui::ScrollArea::vertical().max_height(ctx.content_rect().height() * 0.6).show(ui, |ui| {
                for ((path, read), ticks) in self.files.iter().zip(&mut self.outside) {
                    let listed = outside_of(read);
                    if listed.is_empty() {
                        continue;
                    }
                    let name = path
                        .file_name()
                        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                    ui.label(egui::RichText::new(name).strong());
                    ui.label(format!(
                        "refers to {} file(s) outside the archive. Only what is inside the archive is read \
                         unless you tick a file here: read only files you expect this project to use.",
                        listed.len()
                    ));
                    for (e, tick) in listed.iter().zip(ticks.iter_mut()) {
                        let line = format!("{} (source “{}”)", e.path.display(), crate::model::short(&e.source));
                        let r = ui.checkbox(tick, line);
                        boxes.insert(r.id);
                    }
                    ui.separator();
                }
                for ((path, read), chosen) in self.files.iter().zip(&mut self.chosen) {
                    let Ok(ImportFile::Articles(download)) = read else { continue };
                    let (from, articles) = (download.from, &download.articles);
                    let name = path
                        .file_name()
                        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                    ui.label(egui::RichText::new(name).strong());
                    ui.label(crate::import::plan::bulk_summary(from, articles));
                    // A count that differs from the file's own is never passed over in silence.
                    if let Some(short) = download.shortfall() {
                        ui.colored_label(ui.visuals().warn_fg_color, short);
                    }
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
                        let r = ui.checkbox(c, line);
                        // Tabbing down the list keeps the box with the keyboard in view.
                        if r.gained_focus() {
                            r.scroll_to_me(None);
                        }
                        boxes.insert(r.id);
                    }
                    ui.separator();
                }
            });
            if others > 0 {
                ui.label(egui::RichText::new(format!("and {others} other file(s), imported as they are")).weak());
            }
            // The other files come in too: each of their articles counts in the button's number.
            let other_articles = self.files.iter().filter(|(_, r)| matches!(r, Ok(ImportFile::Article(_)))).count();
            let count: usize =
                self.chosen.iter().map(|c| c.iter().filter(|x| **x).count()).sum::<usize>() + other_articles;
            let all: usize = self.chosen.iter().map(Vec::len).sum::<usize>() + other_articles;
            ui.horizontal(|ui| {
                // Filled: the button Enter presses (what is chosen: all, unless some are unticked).
                if !bulk {
                    if super::widgets::default_button(ui, "Import", true).clicked() {
                        decision = Some(true);
                    }
                } else if if count < all {
                    ui.button(format!("Import all {all} articles")).clicked()
                } else {
                    super::widgets::default_button(ui, format!("Import all {all} articles"), true).clicked()
                } {
                    self.chosen.iter_mut().flatten().for_each(|c| *c = true);
                    decision = Some(true);
                }
                if bulk
                    && if count < all {
                        super::widgets::default_button(ui, format!("Import the {count} chosen"), true).clicked()
                    } else {
                        ui.add_enabled(false, egui::Button::new(format!("Import the {count} chosen"))).clicked()
                    }
                {
                    decision = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    decision = Some(false);
                }
            });
        });
        self.boxes = boxes;
        if decision.is_none() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            decision = Some(false);
        }
        match decision? {
            false => Some(Decision::Cancel),
            true => {
                let again = self.allowed();
                let files = self.take_chosen();
                Some(if again.is_empty() { Decision::Import(files) } else { Decision::ReadAgain { files, again } })
            }
        }
    }

    /// The files to read again with the source files outside their archive that were ticked.
    fn allowed(&self) -> Vec<(usize, crate::import::ReadOptions)> {
        let mut again = Vec::new();
        for (k, ((_, read), ticks)) in self.files.iter().zip(&self.outside).enumerate() {
            let paths: Vec<PathBuf> =
                outside_of(read).iter().zip(ticks).filter(|(_, t)| **t).map(|(e, _)| e.path.clone()).collect();
            if !paths.is_empty() {
                let external = crate::import::qdpx::External::Only(paths);
                again.push((k, crate::import::ReadOptions { external, ..crate::import::ReadOptions::default() }));
            }
        }
        again
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
                Ok(ImportFile::Articles(mut d)) => {
                    d.left_out += chosen.iter().filter(|c| !**c).count();
                    d.articles = d.articles.into_iter().zip(chosen).filter(|(_, c)| *c).map(|(a, _)| a).collect();
                    (path, Ok(ImportFile::Articles(d)))
                }
                other => (path, other),
            })
            .collect()
    }
}
