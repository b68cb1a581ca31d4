//! The built-in file picker, used where the system's file dialog is not available (no desktop
//! portal and no zenity: rfd then returns at once with nothing), so that opening, saving and
//! importing always work.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use eframe::egui::{self, Ui};

/// What the picker is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Open,
    SaveAs,
    Import,
    /// Choose a brat folder to import.
    ImportFolder,
    /// Save a table (CSV).
    SaveTable,
    /// Where to write an export (a folder name for brat).
    Export(crate::export::Format),
}

impl Purpose {
    fn title(self) -> &'static str {
        match self {
            Purpose::Open => "Open project",
            Purpose::SaveAs => "Save project as",
            Purpose::Import => "Import articles or annotations",
            Purpose::ImportFolder => "Import a brat folder",
            Purpose::SaveTable => "Save table",
            Purpose::Export(_) => "Export to",
        }
    }

    /// File name endings shown (others are hidden, folders always shown).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Purpose::Open | Purpose::SaveAs => &["ron"],
            Purpose::Import => &["txt", "text", "md", "markdown", "html", "htm", "json", "jsonld"],
            Purpose::ImportFolder | Purpose::Export(crate::export::Format::Brat) => &[],
            Purpose::SaveTable | Purpose::Export(crate::export::Format::Csv) => &["csv"],
            Purpose::Export(crate::export::Format::Json) => &["json"],
            Purpose::Export(crate::export::Format::W3c) => &["jsonld"],
            Purpose::Export(crate::export::Format::Html) => &["html"],
            Purpose::Export(crate::export::Format::Qdpx) => &["qdpx"],
        }
    }
}

/// What the analyst chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Files(Purpose, Vec<PathBuf>),
    Cancelled,
}

/// View state of an open picker.
pub struct FilePicker {
    pub purpose: Purpose,
    dir: PathBuf,
    /// Typed path or file name (for Save as, or to jump to a folder).
    name: String,
    chosen: BTreeSet<PathBuf>,
    listing: Result<Vec<(String, bool)>, String>,
    listed: Option<PathBuf>,
}

impl FilePicker {
    pub fn new(purpose: Purpose, start: &Path, name: &str) -> Self {
        let dir = if start.is_dir() {
            start.to_owned()
        } else {
            std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
        };
        FilePicker {
            purpose,
            dir,
            name: name.to_owned(),
            chosen: BTreeSet::new(),
            listing: Ok(Vec::new()),
            listed: None,
        }
    }

    fn saves(&self) -> bool {
        matches!(self.purpose, Purpose::SaveAs | Purpose::SaveTable | Purpose::Export(_))
    }

    fn refresh(&mut self) {
        if self.listed.as_ref() == Some(&self.dir) {
            return;
        }
        self.listed = Some(self.dir.clone());
        let exts = self.purpose.extensions();
        self.listing = std::fs::read_dir(&self.dir)
            .map(|rd| {
                let mut v: Vec<(String, bool)> = rd
                    .filter_map(Result::ok)
                    .filter_map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                        let shown = !name.starts_with('.')
                            && (is_dir || exts.iter().any(|x| name.to_lowercase().ends_with(&format!(".{x}"))));
                        shown.then_some((name, is_dir))
                    })
                    .collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase())));
                v
            })
            .map_err(|e| format!("cannot list {}: {e}", self.dir.display()));
    }

    /// Shows the picker as a modal; returns the choice once made.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Picked> {
        self.refresh();
        let mut result = None;
        let modal = egui::Modal::new(egui::Id::unique("file picker")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(self.purpose.title());
            result = self.body(ui);
        });
        if modal.should_close() && result.is_none() {
            result = Some(Picked::Cancelled);
        }
        result
    }

    fn body(&mut self, ui: &mut Ui) -> Option<Picked> {
        let mut result = None;
        ui.horizontal(|ui| {
            if ui.button("Up one folder").clicked()
                && let Some(p) = self.dir.parent()
            {
                self.dir = p.to_owned();
            }
            ui.label(egui::RichText::new(self.dir.display().to_string()).monospace());
        });
        ui.separator();
        let mut go_into = None;
        egui::ScrollArea::vertical().max_height(320.0).auto_shrink([false, false]).show(ui, |ui| match &self.listing {
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Ok(entries) if entries.is_empty() => {
                ui.label(egui::RichText::new("No matching files here.").weak());
            }
            Ok(entries) => {
                for (name, is_dir) in entries {
                    let path = self.dir.join(name);
                    if *is_dir {
                        if ui.selectable_label(false, format!("{name}/")).clicked() {
                            go_into = Some(path);
                        }
                    } else {
                        let on = self.chosen.contains(&path);
                        let r = ui.selectable_label(on, name.as_str());
                        if r.clicked() {
                            if self.purpose == Purpose::Import && ui.input(|i| i.modifiers.command) {
                                if !self.chosen.remove(&path) {
                                    self.chosen.insert(path.clone());
                                }
                            } else {
                                self.chosen = BTreeSet::from([path.clone()]);
                            }
                            self.name = name.clone();
                        }
                        if r.double_clicked() {
                            result = Some(Picked::Files(self.purpose, vec![path]));
                        }
                    }
                }
            }
        });
        if let Some(p) = go_into {
            self.dir = p;
            self.chosen.clear();
        }
        ui.separator();
        ui.horizontal(|ui| {
            let label = ui.label(if self.saves() { "File name:" } else { "File:" });
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.name).desired_width(360.0).id_salt("picker name"))
                .labelled_by(label.id);
            if field.changed() {
                self.chosen.clear();
            }
        });
        if self.purpose == Purpose::Import {
            ui.label(egui::RichText::new("Ctrl+click to choose several files.").small().weak());
        }
        ui.horizontal(|ui| {
            let ok = match self.purpose {
                Purpose::SaveAs | Purpose::SaveTable | Purpose::Export(_) => "Save",
                Purpose::Open => "Open",
                Purpose::Import => "Import",
                Purpose::ImportFolder => "Import this folder",
            };
            if self.purpose == Purpose::ImportFolder && ui.button(ok).clicked() {
                result = Some(Picked::Files(self.purpose, vec![self.dir.clone()]));
                return;
            }
            if ui.button(ok).clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                result = self.accept();
            }
            if ui.button("Cancel").clicked() {
                result = Some(Picked::Cancelled);
            }
        });
        result
    }

    fn accept(&mut self) -> Option<Picked> {
        if !self.chosen.is_empty() {
            return Some(Picked::Files(self.purpose, self.chosen.iter().cloned().collect()));
        }
        let typed = self.name.trim();
        if typed.is_empty() {
            return None;
        }
        let mut path = if Path::new(typed).is_absolute() { PathBuf::from(typed) } else { self.dir.join(typed) };
        if path.is_dir() {
            self.dir = path;
            self.name.clear();
            return None;
        }
        if self.saves()
            && path.extension().is_none()
            && let Some(ext) = self.purpose.extensions().first()
        {
            path.set_extension(ext);
        }
        Some(Picked::Files(self.purpose, vec![path]))
    }
}
