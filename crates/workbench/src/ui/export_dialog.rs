//! The export dialog: format, scope (articles, tags, claims, speakers), options and where the
//! export goes (a folder and a name, typed or chosen). The same choices as `claimscope export`.
//!
//! The dialog keeps its size whatever the format (an option row is always there), so the Export
//! button never moves under the pointer; it closes only on Export, Cancel or Esc, never on a
//! click beside it (a missed click must not throw away a typed path).

use std::path::{Path, PathBuf};

use eframe::egui::{self, Id};

use crate::analysis::compare::speakers;
use crate::export::{Format, Options, Scope, Selection, slug};
use crate::model::{Project, short};

use super::widgets::checklist;

/// What the analyst chose.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub format: Format,
    pub scope: Scope,
    pub options: Options,
}

/// What the dialog asks of the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Write the export to `path`.
    Export(Request, PathBuf),
    /// Let the analyst choose the folder and name in a file dialog, starting here.
    Choose { format: Format, folder: PathBuf, name: String },
}

/// Annotations, the articles holding some, the articles chosen (for one revision and scope).
type Counted = (usize, usize, usize);

/// View state of the dialog.
pub struct ExportDialog {
    pub open: bool,
    format: Format,
    scope: Scope,
    options: Options,
    folder: String,
    name: String,
    /// The analyst typed or chose the name: a change of format no longer renames it.
    name_chosen: bool,
    /// An arrow was pressed on a format's radio last frame: the radio that has the focus this
    /// frame (egui moves it between frames) is chosen.
    arrowed: bool,
    /// Annotations and articles the scope keeps, for (project revision, scope).
    counted: Option<((u64, Scope), Counted)>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            format: Format::Json,
            scope: Scope::default(),
            options: Options::default(),
            folder: String::new(),
            name: String::new(),
            name_chosen: false,
            arrowed: false,
            counted: None,
        }
    }
}

/// A name the analyst typed, its extension changed from `from`'s to `to`'s where it has the
/// first (a name without it is theirs to keep as it is).
fn with_extension_of(name: &str, from: Format, to: Format) -> String {
    let base = if from.is_folder() { Some(name) } else { name.strip_suffix(&format!(".{}", from.extension())) };
    match base {
        Some(base) if to.is_folder() => base.to_owned(),
        Some(base) => format!("{base}.{}", to.extension()),
        None => name.to_owned(),
    }
}

/// The name an export of `project` in `format` gets unless the analyst says otherwise.
pub fn default_name(project: &Project, format: Format) -> String {
    let base = match slug(project.name(), 40) {
        s if s.is_empty() => "export".to_owned(),
        s => s,
    };
    match format {
        Format::Brat => format!("{base}-brat"),
        f => format!("{base}.{}", f.extension()),
    }
}

impl ExportDialog {
    /// A closed dialog that offers `format` first (the one last chosen, kept between runs).
    pub fn with_format(format: Format) -> Self {
        ExportDialog { format, ..ExportDialog::default() }
    }

    /// The format chosen.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Opens the dialog, proposing `folder` (the project's) unless one was chosen before.
    pub fn open_in(&mut self, folder: &Path, project: &Project) {
        self.open = true;
        if self.folder.is_empty() {
            self.folder = folder.display().to_string();
        }
        if !self.name_chosen || self.name.is_empty() {
            self.name = default_name(project, self.format);
            self.name_chosen = false;
        }
    }

    /// Takes the folder and name chosen in a file dialog.
    pub fn set_destination(&mut self, path: &Path) {
        if let Some(dir) = path.parent() {
            self.folder = dir.display().to_string();
        }
        if let Some(name) = path.file_name() {
            self.name = name.to_string_lossy().into_owned();
            self.name_chosen = true;
        }
    }

    /// Where the export goes, as typed: the name alone, or joined to the folder.
    fn destination(&self) -> Option<PathBuf> {
        let name = self.name.trim();
        if name.is_empty() {
            return None;
        }
        let named = Path::new(name);
        Some(if named.is_absolute() { named.to_owned() } else { Path::new(self.folder.trim()).join(named) })
    }

    /// Shows the dialog; returns what the analyst asked for.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Option<Outcome> {
        if !self.open {
            return None;
        }
        let mut outcome = None;
        let before = self.format;
        // A menu open at the frame's start takes this frame's Esc (it closed the whole dialog,
        // and the choices made in it, from a filter's list).
        let menu_open = egui::Popup::is_any_open(ctx);
        // Enter in the folder or name field exports, as the button does.
        // Enter with nothing holding the keyboard exports too (it did nothing, and no button
        // showed itself the default).
        let mut enter =
            !menu_open && ctx.memory(|m| m.focused().is_none()) && ctx.input(|i| i.key_pressed(egui::Key::Enter));
        egui::Modal::new(Id::unique("export dialog")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading("Export annotations");
            ui.label("Format:");
            let arrowed = std::mem::take(&mut self.arrowed);
            let arrow = ui.input(|i| i.key_pressed(egui::Key::ArrowDown) || i.key_pressed(egui::Key::ArrowUp));
            for f in Format::ALL {
                let radio = ui.radio_value(&mut self.format, f, f.label());
                // The arrows choose as they move, as in a desktop dialog's radio group (they had
                // moved a focus ring only, and Enter exported the format left chosen).
                if radio.has_focus() && arrowed {
                    self.format = f;
                }
                self.arrowed |= radio.has_focus() && arrow;
                // Enter on the format just chosen by keyboard exports, as in a desktop dialog
                // (Space chooses); it had only chosen the radio again.
                enter |= radio.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            }
            // The name follows the format before anything below uses it: Enter on a radio not
            // chosen yet chooses it and exports in the same frame, and had written CSV into
            // "p.json".
            if self.format != before {
                self.name = if self.name_chosen {
                    with_extension_of(&self.name, before, self.format)
                } else {
                    default_name(project, self.format)
                };
            }
            // One row of options for every format, so the dialog keeps its size.
            ui.horizontal_wrapped(|ui| {
                ui.set_min_height(2.0 * ui.spacing().interact_size.y);
                if self.format == Format::Csv {
                    ui.checkbox(&mut self.options.bom, "Start with a byte-order mark (for Excel)");
                    ui.checkbox(&mut self.options.raw_csv, "Cells as they are (no formula guard)").on_hover_text(
                        "Cells starting with = + - @ get a leading ' so that spreadsheets do not run them. Turn that off for tools that read the file as data.",
                    );
                } else {
                    ui.label(egui::RichText::new("No options for this format.").weak());
                }
            });
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
                let holding = sel.annotations.iter().filter(|a| !a.is_empty()).count();
                self.counted = Some((key, (sel.annotation_count(), holding, sel.documents.len())));
            }
            if let Some((_, (annotations, holding, articles))) = self.counted {
                // Articles without annotations were counted as their source (a walk: "from 6
                // article(s)" where one of the six had none).
                let line = if holding == articles {
                    format!("{annotations} annotation(s) from {articles} article(s).")
                } else {
                    format!("{annotations} annotation(s) from {holding} of the {articles} article(s) chosen; the others have none.")
                };
                ui.label(egui::RichText::new(line).weak());
            }
            ui.separator();
            egui::Grid::new("export destination").num_columns(3).spacing([8.0, 6.0]).show(ui, |ui| {
                let l = ui.label("Folder:");
                let folder = ui
                    .add_sized([380.0, ui.spacing().interact_size.y], egui::TextEdit::singleline(&mut self.folder))
                    .labelled_by(l.id);
                enter |= folder.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Choose…").on_hover_text("Choose the folder and name in a file dialog").clicked() {
                    outcome = Some(Outcome::Choose {
                        format: self.format,
                        folder: PathBuf::from(self.folder.trim()),
                        name: self.name.trim().to_owned(),
                    });
                }
                ui.end_row();
                let l = ui.label(if self.format.is_folder() { "Folder name:" } else { "Name:" });
                let field = ui
                    .add_sized([380.0, ui.spacing().interact_size.y], egui::TextEdit::singleline(&mut self.name))
                    .labelled_by(l.id);
                if field.changed() {
                    self.name_chosen = true;
                }
                enter |= field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.end_row();
            });
            ui.separator();
            ui.horizontal(|ui| {
                let target = self.destination();
                if (super::widgets::default_button(ui, "Export", target.is_some()).clicked() || enter)
                    && let Some(path) = target
                {
                    let request = Request { format: self.format, scope: self.scope.clone(), options: self.options.clone() };
                    outcome = Some(Outcome::Export(request, path));
                    self.open = false;
                }
                if ui.button("Cancel").clicked() {
                    self.open = false;
                }
            });
        });
        // Esc closes; a click beside the dialog does not.
        if !menu_open && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.open = false;
        }
        outcome
    }
}
