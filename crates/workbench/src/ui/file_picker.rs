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
    /// Choose a folder to import: its articles, or a brat collection.
    ImportFolder,
    /// Save a table (CSV).
    SaveTable,
    /// Where to write an export (a folder name for brat).
    Export(crate::export::Format),
    /// The two analysts' projects to adjudicate, one after the other.
    AdjudicateLeft,
    AdjudicateRight,
    /// Another analyst's project, to compare the open one with.
    AgreeWith,
}

impl Purpose {
    pub fn title(self) -> &'static str {
        match self {
            Purpose::Open => "Open project",
            Purpose::SaveAs => "Save project as",
            Purpose::Import => "Import articles or annotations",
            Purpose::ImportFolder => "Import a folder (articles or brat)",
            Purpose::SaveTable => "Save table",
            Purpose::Export(_) => "Export to",
            Purpose::AdjudicateLeft => "Left analyst's project",
            Purpose::AdjudicateRight => "Right analyst's project",
            Purpose::AgreeWith => "The other analyst's project",
        }
    }

    /// File name endings shown (others are hidden, folders always shown).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Purpose::Open
            | Purpose::SaveAs
            | Purpose::AdjudicateLeft
            | Purpose::AdjudicateRight
            | Purpose::AgreeWith => &["ron"],
            // A folder's importable files are listed (greyed) so the analyst sees what will come in.
            Purpose::Import | Purpose::ImportFolder => &crate::import::IMPORTABLE,
            Purpose::Export(crate::export::Format::Brat) => &[],
            Purpose::SaveTable | Purpose::Export(crate::export::Format::Csv) => &["csv"],
            Purpose::Export(crate::export::Format::Json) => &["json"],
            Purpose::Export(crate::export::Format::W3c) => &["jsonld"],
            Purpose::Export(crate::export::Format::Html) => &["html"],
            Purpose::Export(crate::export::Format::Qdpx) => &["qdpx"],
            Purpose::Export(crate::export::Format::Qdc) => &["qdc"],
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
    /// The entry the arrow keys are on.
    cursor: Option<usize>,
    /// The name field has been given the keyboard once (on open).
    focused: bool,
    /// The cursor moved: scroll its row into view.
    scroll_to_cursor: bool,
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
            cursor: None,
            focused: false,
            scroll_to_cursor: false,
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
        self.cursor = None;
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
                // Folders first; names as people read them ("a2" before "a10"), as they import.
                v.sort_by(|a, b| {
                    b.1.cmp(&a.1).then_with(|| crate::import::natural_order(&a.0.to_lowercase(), &b.0.to_lowercase()))
                });
                v
            })
            .map_err(|e| format!("cannot list {}: {e}", self.dir.display()));
    }

    /// Shows the picker as a modal; returns the choice once made.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Picked> {
        self.refresh();
        let mut result = None;
        egui::Modal::new(egui::Id::unique("file picker")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(self.purpose.title());
            result = self.body(ui);
        });
        // Esc cancels; a click beside the picker does not (it would lose a typed path).
        if result.is_none() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            result = Some(Picked::Cancelled);
        }
        result
    }

    /// Up and Down move through the listing one entry at a time (consumed here, so egui does
    /// not move the focus between widgets instead); the name follows a file under the cursor.
    /// Where several files may be chosen (Import), Shift with Up or Down adds the files passed
    /// over to the choice, and Ctrl+Space adds or takes out the file under the cursor: the
    /// keyboard's Ctrl+click (several files could be chosen with the mouse only).
    ///
    /// Alt+Up goes up one folder, as in GTK's chooser and the system file managers; first, for a
    /// plain Up matches Alt+Up too (egui ignores Alt in a pattern without it), and before the
    /// listing is looked at, so that it also leaves an empty or unreadable folder.
    fn keys(&mut self, ui: &mut Ui) {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::ALT, egui::Key::ArrowUp)) {
            self.go_up();
            return;
        }
        let Ok(entries) = &self.listing else { return };
        if entries.is_empty() {
            return;
        }
        let several = self.purpose == Purpose::Import;
        // Shift first: a plain arrow's match ignores Shift, and would take it.
        let (extend_down, extend_up, down, up, toggle) = ui.input_mut(|i| {
            (
                several && i.consume_key(egui::Modifiers::SHIFT, egui::Key::ArrowDown),
                several && i.consume_key(egui::Modifiers::SHIFT, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                several && i.consume_key(egui::Modifiers::COMMAND, egui::Key::Space),
            )
        });
        let file_at = |k: usize| entries.get(k).filter(|(_, is_dir)| !is_dir).map(|(n, _)| n.clone());
        if toggle {
            if let Some(name) = self.cursor.and_then(file_at) {
                let path = self.dir.join(&name);
                if !self.chosen.remove(&path) {
                    self.chosen.insert(path);
                }
                self.name = self.chosen_names();
            }
            return;
        }
        if !(down || up || extend_down || extend_up) {
            return;
        }
        let last = entries.len() - 1;
        let forward = down || extend_down;
        let k = match (self.cursor, forward) {
            (None, true) => 0,
            (None, false) => last,
            (Some(k), true) => (k + 1).min(last),
            (Some(k), false) => k.saturating_sub(1),
        };
        let extend = extend_down || extend_up;
        let from = self.cursor;
        self.cursor = Some(k);
        self.scroll_to_cursor = true;
        if extend {
            // The file the extension starts from is chosen too.
            for j in from.into_iter().chain([k]) {
                if let Some(name) = file_at(j) {
                    self.chosen.insert(self.dir.join(name));
                }
            }
            self.name = self.chosen_names();
        } else if let Some(name) = file_at(k) {
            self.chosen = BTreeSet::from([self.dir.join(&name)]);
            self.name = name;
        }
    }

    /// To the folder above, with the cursor on the folder it came from (as a file manager
    /// does), so that Down or Up goes on from there.
    fn go_up(&mut self) {
        let Some(parent) = self.dir.parent().map(Path::to_owned) else { return };
        let came_from = self.dir.file_name().map(|n| n.to_string_lossy().into_owned());
        self.dir = parent;
        self.chosen.clear();
        self.refresh();
        if let (Ok(entries), Some(name)) = (&self.listing, came_from) {
            self.cursor = entries.iter().position(|(n, is_dir)| *is_dir && *n == name);
            self.scroll_to_cursor = self.cursor.is_some();
        }
    }

    /// The chosen files' names for the name field: the name alone for one, each quoted for
    /// several (as GTK's file chooser shows them).
    fn chosen_names(&self) -> String {
        let names: Vec<String> =
            self.chosen.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
        match names.as_slice() {
            [one] => one.clone(),
            _ => names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(" "),
        }
    }

    fn body(&mut self, ui: &mut Ui) -> Option<Picked> {
        let mut result = None;
        self.keys(ui);
        ui.horizontal(|ui| {
            if ui.button("Up one folder").on_hover_text("Alt+Up").clicked() {
                self.go_up();
            }
            ui.label(egui::RichText::new(self.dir.display().to_string()).monospace());
        });
        ui.separator();
        let mut go_into = None;
        let mut chosen_by_click = false;
        egui::ScrollArea::vertical().max_height(320.0).auto_shrink([false, false]).show(ui, |ui| match &self.listing {
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Ok(entries) if entries.is_empty() => {
                let what = match self.purpose {
                    Purpose::ImportFolder | Purpose::Import => "No folders or importable files here.",
                    _ => "No matching files here.",
                };
                ui.label(egui::RichText::new(what).weak());
            }
            Ok(entries) => {
                if self.purpose == Purpose::ImportFolder {
                    let files = entries.iter().filter(|(_, d)| !*d).count();
                    ui.label(
                        egui::RichText::new(format!(
                            "{files} importable file(s) here; Import this folder takes them all (with its sub-folders)."
                        ))
                        .weak(),
                    );
                }
                for (k, (name, is_dir)) in entries.iter().enumerate() {
                    let path = self.dir.join(name);
                    let at_cursor = self.cursor == Some(k);
                    if *is_dir {
                        let r = ui.selectable_label(at_cursor, format!("{name}/"));
                        if at_cursor && self.scroll_to_cursor {
                            r.scroll_to_me(None);
                        }
                        // One cursor: the row Tab reaches is the cursor too (Enter had joined
                        // the arrows' folder to Tab's, a folder that does not exist).
                        if r.gained_focus() {
                            self.cursor = Some(k);
                        }
                        if r.clicked() {
                            go_into = Some(path);
                        }
                    } else if self.purpose == Purpose::ImportFolder {
                        // Shown, not chosen: it is the folder that is imported.
                        ui.add_enabled(false, egui::Button::selectable(false, name.as_str()));
                    } else {
                        let on = self.chosen.contains(&path);
                        // Chosen is filled; the cursor is outlined (a file taken out of the
                        // choice under the cursor had still looked chosen).
                        let r = ui.selectable_label(on, name.as_str());
                        if at_cursor {
                            ui.painter().rect_stroke(
                                r.rect,
                                egui::CornerRadius::same(4),
                                ui.visuals().selection.stroke,
                                egui::StrokeKind::Inside,
                            );
                        }
                        if at_cursor && self.scroll_to_cursor {
                            r.scroll_to_me(None);
                        }
                        if r.gained_focus() {
                            self.cursor = Some(k);
                        }
                        if r.clicked() {
                            if self.purpose == Purpose::Import && ui.input(|i| i.modifiers.command) {
                                if !self.chosen.remove(&path) {
                                    self.chosen.insert(path.clone());
                                }
                                chosen_by_click = true;
                            } else {
                                self.chosen = BTreeSet::from([path.clone()]);
                                self.name = name.clone();
                            }
                            self.cursor = Some(k);
                        }
                        if r.double_clicked() {
                            result = Some(Picked::Files(self.purpose, vec![path]));
                        }
                    }
                }
            }
        });
        self.scroll_to_cursor = false;
        if chosen_by_click {
            self.name = self.chosen_names();
        }
        // A folder entered by its row (a click, or Enter on the row with the keyboard) takes
        // this frame's Enter: the Enter below had gone into the cursor's folder from there too.
        let went_in = go_into.is_some();
        if let Some(p) = go_into {
            self.dir = p;
            self.chosen.clear();
            self.cursor = None;
        }
        ui.separator();
        // A folder is chosen by going into it: no name to type.
        let name_field = self.purpose != Purpose::ImportFolder;
        if name_field {
            ui.horizontal(|ui| {
                let label = ui.label(if self.saves() { "File name:" } else { "File:" });
                let field = ui
                    .add(egui::TextEdit::singleline(&mut self.name).desired_width(360.0).id_salt("picker name"))
                    .labelled_by(label.id);
                // The keyboard starts in the name: type a name or a path, or arrow through the list.
                if !self.focused {
                    field.request_focus();
                    self.focused = true;
                }
                if field.changed() {
                    self.chosen.clear();
                    self.cursor = None;
                }
            });
        }
        if self.purpose == Purpose::Import {
            ui.label(
                egui::RichText::new("Ctrl+click, Shift+Down or Ctrl+Space to choose several files.").small().weak(),
            );
        }
        ui.horizontal(|ui| {
            let ok = match self.purpose {
                Purpose::SaveAs | Purpose::SaveTable | Purpose::Export(_) => "Save",
                Purpose::Open | Purpose::AdjudicateLeft | Purpose::AdjudicateRight | Purpose::AgreeWith => "Open",
                Purpose::Import => "Import",
                Purpose::ImportFolder => "Import this folder",
            };
            let enter = !went_in && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if super::widgets::default_button(ui, ok, true).clicked() || enter {
                // Enter on a folder under the cursor goes into it.
                let folder = match (&self.listing, self.cursor) {
                    (Ok(entries), Some(k)) => entries.get(k).filter(|(_, d)| *d).map(|(n, _)| self.dir.join(n)),
                    _ => None,
                };
                match folder {
                    Some(f) => {
                        self.dir = f;
                        self.chosen.clear();
                    }
                    None if self.purpose == Purpose::ImportFolder => {
                        result = Some(Picked::Files(self.purpose, vec![self.dir.clone()]));
                    }
                    None => result = self.accept(),
                }
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
