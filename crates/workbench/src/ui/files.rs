//! The file-dialog flow: asks the system's file dialog (on its own thread, so the window keeps
//! drawing) or, where there is none, the built-in picker, and hands back what the analyst chose.
//!
//! It owns everything about a question in flight: the dialog thread, the built-in picker, the
//! suggested name (asked again in the built-in picker when the system dialog turns out to be
//! missing) and the text waiting to be written to the chosen file (a table saved as CSV). The
//! workbench asks with [`FileDialogs::ask`] and acts on the [`Chosen`] that [`FileDialogs::show`]
//! returns; neither reaches into the other.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use eframe::egui;

use super::file_picker::{FilePicker, Picked, Purpose};

/// A system dialog that answers faster than this with nothing was never shown.
const NO_DIALOG: Duration = Duration::from_millis(400);

/// What the analyst chose, with what was waiting for the choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// Files (or a folder) for `purpose`; `text` is what was to be written there, if anything.
    Files { purpose: Purpose, files: Vec<PathBuf>, text: Option<String> },
    /// The analyst cancelled the question.
    Cancelled,
    /// There is no system file dialog here: the built-in picker asks instead, from now on.
    NoSystemDialog,
}

/// A system dialog running on its own thread.
type Native = Receiver<(Purpose, Option<Vec<PathBuf>>, Duration)>;

/// The question in flight, if any, and how to ask.
pub struct FileDialogs {
    picker: Option<FilePicker>,
    native: Option<Native>,
    /// False once the system dialog proved missing.
    native_works: bool,
    /// The question asked last: purpose, folder and suggested name (asked again in the
    /// built-in picker if the system dialog proves missing).
    last: Option<(Purpose, PathBuf, String)>,
    /// Text to be written to the chosen file.
    text: Option<String>,
    /// The folder articles were last imported from, in this run: the next import starts there
    /// (it started at the project's folder each time, the analyst's downloads folder a walk away).
    import_dir: Option<PathBuf>,
}

impl Default for FileDialogs {
    fn default() -> Self {
        FileDialogs { picker: None, native: None, native_works: true, last: None, text: None, import_dir: None }
    }
}

impl FileDialogs {
    /// Asks for files for `purpose`, starting in `dir` and suggesting `name` when saving.
    /// `builtin` asks with the built-in picker even where a system dialog exists.
    pub fn ask(&mut self, purpose: Purpose, dir: &Path, name: &str, builtin: bool, ctx: &egui::Context) {
        self.last = Some((purpose, dir.to_owned(), name.to_owned()));
        if builtin || !self.native_works {
            self.picker = Some(FilePicker::new(purpose, dir, name));
            return;
        }
        let (tx, rx) = channel();
        let exts: Vec<String> = purpose.extensions().iter().map(|s| (*s).to_owned()).collect();
        let filter = match purpose {
            Purpose::Import => "Articles and annotation files",
            Purpose::SaveTable => "CSV tables",
            Purpose::Export(f) => f.label(),
            _ => "claimscope projects",
        };
        let dialog = rfd::FileDialog::new().set_directory(dir).add_filter(filter, &exts);
        let name = name.to_owned();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let start = Instant::now();
            let chosen = match purpose {
                Purpose::Open | Purpose::AdjudicateLeft | Purpose::AdjudicateRight | Purpose::AgreeWith => {
                    dialog.set_title(purpose.title()).pick_file().map(|p| vec![p])
                }
                Purpose::SaveAs | Purpose::SaveTable | Purpose::Export(_) => {
                    dialog.set_file_name(name).save_file().map(|p| vec![p])
                }
                Purpose::Import => dialog.pick_files(),
                Purpose::ImportFolder => dialog.pick_folder().map(|p| vec![p]),
            };
            let _ = tx.send((purpose, chosen, start.elapsed()));
            repaint.request_repaint();
        });
        self.native = Some(rx);
    }

    /// Same as [`Self::ask`] for saving `text` to the file chosen (a table as CSV).
    pub fn ask_to_save(&mut self, text: String, dir: &Path, name: &str, builtin: bool, ctx: &egui::Context) {
        self.text = Some(text);
        self.ask(Purpose::SaveTable, dir, name, builtin, ctx);
    }

    /// True while the built-in picker is open.
    pub fn picker_open(&self) -> bool {
        self.picker.is_some()
    }

    /// Draws the built-in picker and takes the system dialog's answer; returns the outcome
    /// once there is one.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Chosen> {
        if self.native.is_some() {
            // The dialog's thread asks for a repaint when it answers; this is a fallback.
            ctx.request_repaint_after(Duration::from_millis(200));
        }
        if let Some(chosen) = self.poll_native(ctx) {
            return Some(chosen);
        }
        let picked = self.picker.as_mut()?.show(ctx)?;
        self.picker = None;
        Some(self.chosen(picked))
    }

    fn poll_native(&mut self, ctx: &egui::Context) -> Option<Chosen> {
        let got = self.native.as_ref()?.try_recv();
        match got {
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.native = None;
                Some(self.chosen(Picked::Cancelled))
            }
            Ok((purpose, chosen, took)) => {
                self.native = None;
                match chosen {
                    Some(files) => Some(self.chosen(Picked::Files(purpose, files))),
                    None if took < NO_DIALOG => {
                        // No portal and no zenity: rfd gave up at once. Ask the same question
                        // in the built-in picker, and use it from now on.
                        self.native_works = false;
                        if let Some((purpose, dir, name)) = self.last.clone() {
                            self.ask(purpose, &dir, &name, true, ctx);
                        }
                        Some(Chosen::NoSystemDialog)
                    }
                    None => Some(self.chosen(Picked::Cancelled)),
                }
            }
        }
    }

    /// Where an import asked now starts: the folder of the last import, while it is there.
    pub fn import_dir(&self) -> Option<&Path> {
        self.import_dir.as_deref().filter(|d| d.is_dir())
    }

    fn chosen(&mut self, picked: Picked) -> Chosen {
        let text = self.text.take();
        if let Picked::Files(Purpose::Import | Purpose::ImportFolder, files) = &picked
            && let Some(parent) = files.first().and_then(|f| f.parent())
        {
            self.import_dir = Some(parent.to_owned());
        }
        match picked {
            Picked::Files(purpose, files) => Chosen::Files { purpose, files, text },
            Picked::Cancelled => Chosen::Cancelled,
        }
    }
}
