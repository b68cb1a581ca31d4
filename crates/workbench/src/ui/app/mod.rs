//! The workbench: owns the session and the view state, draws the frame, and applies the intents
//! the panels push once drawing is done.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui::{self, Ui, ViewportCommand};
use serde::{Deserialize, Serialize};

use crate::clock::now_rfc3339 as now;
use crate::import;
use crate::model::{AnnotationId, DocId, Edit, EditError, NewAnnotation, Project, Stamp, TagId, selection, short};
use crate::store::recovery;

use super::article_details::ArticleDetails;
use super::article_list::ArticleList;
use super::bulk_preview::{BulkPreview, Decision};
use super::commands::{self, Command};
use super::compare::{CompareView, Tab};
use super::dialogs::{After, Answer, Dialog};
use super::export_dialog::{ExportDialog, Outcome as ExportOutcome, Request as ExportRequest};
use super::file_picker::Purpose;
use super::files::{Chosen, FileDialogs};
use super::inspector::{Field, Inspector};
use super::intent::Intent;
use super::jobs::{Jobs, Outcome};
use super::menu::{self, MenuState};
use super::paste_article::PasteArticle;
use super::reader::{self, Reader};
use super::runner::Runner;
use super::session::SaveOutcome;
use super::session::Session;
use super::status_bar::{Status, StatusBar};
use super::tag_bar;
use super::tag_editor::TagEditor;
use super::team::TeamView;
use super::theme;

mod background;
mod files;
mod intents;
mod layout;
mod suggested;

/// A file's name without its folder and extension, to name an analyst's project by.
fn stem(p: &Path) -> String {
    p.file_stem().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Key of the settings in eframe's storage.
pub const SETTINGS_KEY: &str = "claimscope/settings";
/// Recent projects kept in the File menu.
const RECENT: usize = 10;
/// The reader never gets narrower than this (panels fold or open over the text instead).
pub const READER_MIN_WIDTH: f32 = 500.0;
/// A folded panel: a strip with the button that opens it.
const STRIP: f32 = 30.0;
/// A folded panel opened over the text.
const OVERLAY_WIDTH: f32 = 280.0;
/// Narrowest window with room for the article list beside the reader and inspector.
const LIST_MIN_WINDOW: f32 = 250.0 + 320.0 + READER_MIN_WIDTH;
/// Narrowest window in which the compare or team view sits beside the reader (both other panels
/// folded); below it, it fills the window.
const SIDE_VIEW_MIN_WINDOW: f32 = 2.0 * STRIP + READER_MIN_WIDTH + COMPARE_MIN_WIDTH;
/// Narrowest window in which the inspector stays open beside the compare or team view: the view
/// then still has room for the sample's five outlets (640 px).
const INSPECTOR_BESIDE_VIEW_MIN_WINDOW: f32 = STRIP + 320.0 + READER_MIN_WIDTH + 640.0;
/// Narrowest window in which the article list may open beside the compare or team view.
const LIST_BESIDE_VIEW_MIN_WINDOW: f32 = 250.0 + 320.0 + READER_MIN_WIDTH + COMPARE_MIN_WIDTH;
/// Nor the compare view.
const COMPARE_MIN_WIDTH: f32 = 320.0;

/// What the workbench remembers between runs (panel sizes are remembered by egui itself).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub dark: bool,
    pub font_size: f32,
    pub snap: bool,
    /// Most recent first; the first is opened on the next run.
    pub recent: Vec<PathBuf>,
    /// Always use the built-in file picker.
    pub builtin_picker: bool,
    /// The analyst's name, stamped on what they annotate; empty for the default (the
    /// operating system's user, see [`crate::clock::analyst`]).
    pub analyst: String,
    /// Suggested tags drawn in the reader.
    pub suggest_tags: bool,
    /// Each tag's threshold for suggestions, by name (the default where unset), for projects
    /// not saved yet and projects with none of their own.
    pub tag_thresholds: std::collections::BTreeMap<String, f32>,
    /// The thresholds set for each project, by its file: a project's suggesters earn their own
    /// trust (a threshold lowered in one project applied to every other).
    pub project_thresholds: std::collections::BTreeMap<PathBuf, std::collections::BTreeMap<String, f32>>,
    /// The article last read in each project, by its file: opened again there (a project
    /// reopened, or its autosave restored, showed its first article).
    pub last_article: std::collections::BTreeMap<PathBuf, DocId>,
    /// The export format last chosen (its command-line name), offered first next time (the
    /// dialog had reopened on JSON after every start).
    pub export_format: String,
    /// The folders each project last imported from and exported into, by its file: the file
    /// dialogs start there again after a restart (they started at the project's folder).
    pub folders: std::collections::BTreeMap<PathBuf, Folders>,
}

/// The folders one project last imported from and exported into.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Folders {
    pub import: Option<PathBuf>,
    pub export: Option<PathBuf>,
}

/// The most projects whose thresholds, and last article read, are remembered.
const REMEMBERED_THRESHOLDS: usize = 100;

impl Settings {
    /// The thresholds of the project at `path` (none: not saved yet).
    pub fn thresholds_for(&self, path: Option<&Path>) -> &std::collections::BTreeMap<String, f32> {
        path.and_then(|p| self.project_thresholds.get(p)).unwrap_or(&self.tag_thresholds)
    }

    /// Keeps `thresholds` for the project at `path`.
    fn set_thresholds(&mut self, path: Option<&Path>, thresholds: std::collections::BTreeMap<String, f32>) {
        let Some(path) = path else {
            self.tag_thresholds = thresholds;
            return;
        };
        self.project_thresholds.insert(path.to_owned(), thresholds);
        keep_bounded(&mut self.project_thresholds, path);
    }

    /// The folders remembered for the project at `path` that still exist.
    pub fn folders_of(&self, path: Option<&Path>) -> Folders {
        let f = path.and_then(|p| self.folders.get(p)).cloned().unwrap_or_default();
        let there = |d: Option<PathBuf>| d.filter(|d| d.is_dir());
        Folders { import: there(f.import), export: there(f.export) }
    }

    /// Keeps the folder the project at `path` last imported from (`export`: exported into).
    fn remember_folder(&mut self, path: &Path, folder: &Path, export: bool) {
        let f = self.folders.entry(path.to_owned()).or_default();
        let slot = if export { &mut f.export } else { &mut f.import };
        if slot.as_deref() == Some(folder) {
            return;
        }
        *slot = Some(folder.to_owned());
        keep_bounded(&mut self.folders, path);
    }

    /// Keeps `doc` as the article last read in the project at `path`.
    fn remember_article(&mut self, path: &Path, doc: DocId) {
        if self.last_article.get(path) == Some(&doc) {
            return;
        }
        self.last_article.insert(path.to_owned(), doc);
        keep_bounded(&mut self.last_article, path);
    }
}

/// Keeps what is remembered per project to [`REMEMBERED_THRESHOLDS`] projects, `path` among
/// them: those whose files are gone go first, then the first in order, in one pass (the
/// settings are someone's file: a megabyte of them holds tens of thousands; one search per
/// removal was quadratic).
fn keep_bounded<V>(map: &mut std::collections::BTreeMap<PathBuf, V>, path: &Path) {
    if map.len() > REMEMBERED_THRESHOLDS {
        map.retain(|p, _| p == path || p.exists());
    }
    let over = map.len().saturating_sub(REMEMBERED_THRESHOLDS);
    let first: Vec<PathBuf> = map.keys().filter(|p| *p != path).take(over).cloned().collect();
    for p in first {
        map.remove(&p);
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            dark: false,
            font_size: reader::FONT_SIZE,
            snap: true,
            recent: Vec::new(),
            builtin_picker: false,
            analyst: String::new(),
            suggest_tags: false,
            tag_thresholds: std::collections::BTreeMap::new(),
            project_thresholds: std::collections::BTreeMap::new(),
            last_article: std::collections::BTreeMap::new(),
            export_format: String::new(),
            folders: std::collections::BTreeMap::new(),
        }
    }
}

/// Where the panels were drawn in the last frame (tests check that they keep their sizes and
/// never overlap).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Layout {
    pub articles: Option<egui::Rect>,
    pub inspector: Option<egui::Rect>,
    pub compare: Option<egui::Rect>,
    /// The reader's area (or the compare view's, when it fills the window).
    pub central: Option<egui::Rect>,
    /// The menu bar and the tag bar: tools a click on which leaves the keyboard in the text.
    pub tools: [Option<egui::Rect>; 2],
}

/// The whole application state.
pub struct Workbench {
    session: Session,
    /// Who works here when no name is set in the preferences (read once from the system).
    default_analyst: String,
    pub reader: Reader,
    /// The room beside the reader for the side views in the last frame (see
    /// `scale_side_view`).
    side_room: Option<f32>,
    /// The share of that room each side view (compare, team) was given while the window did
    /// not hold it down, kept across a window made small and large again.
    side_share: [Option<f32>; 2],
    /// The side views' widths as last set or seen, to tell the analyst's drag from a resize.
    side_width: [Option<f32>; 2],
    articles: ArticleList,
    inspector: Inspector,
    pub compare: CompareView,
    /// Merge conflicts and adjudication.
    pub team: TeamView,
    /// The left project of an adjudication, chosen; the right is being asked for.
    adjudicate_left: Option<PathBuf>,
    export_dialog: ExportDialog,
    /// An export waiting for the analyst to say where it goes.
    pending_export: Option<ExportRequest>,
    /// The edit a `Dialog::Confirm` asks about.
    pending_edit: Option<(crate::model::Edit, String, Option<egui::Id>)>,
    /// Where the keyboard goes back once a dialog is gone (focus asked for while the dialog's
    /// layer still holds it is dropped).
    refocus: Option<egui::Id>,
    /// A form (export, article details, a pasted article) was open at the end of the last frame,
    /// and where the keyboard was before it opened: it goes back there when the form closes (the
    /// text had been left without it, the arrows doing nothing until Alt+T).
    form_open: bool,
    focus_before_form: Option<egui::Id>,
    paste_article: PasteArticle,
    details: ArticleDetails,
    /// An import waiting for the analyst to choose from its bulk downloads.
    bulk: Option<BulkPreview>,
    /// A first frame was drawn. Background work (reading meaning, near-duplicates) starts
    /// from the second: on two cores it slowed the first by a fifth on a 1,000-article project.
    drawn: bool,
    /// The project file the suggestion thresholds shown belong to.
    thresholds_for: Option<PathBuf>,
    /// When the analyst last gave the window any input (background reading yields a core).
    last_input: Instant,
    jobs: Jobs,
    status_bar: StatusBar,
    tag_editor: TagEditor,
    files: FileDialogs,
    dialog: Option<Dialog>,
    selected: Option<AnnotationId>,
    status: Status,
    pub settings: Settings,
    /// Set once the analyst has agreed to close, so the next close request goes through.
    quit_confirmed: bool,
    /// What to do after a Save as started from the unsaved-changes question.
    after_save: Option<After>,
    title: String,
    intents: Vec<Intent>,
    /// The egui context of the last frame, for starting background jobs from intents.
    ctx: Option<egui::Context>,
    layout: Layout,
    /// Where the keyboard was before the pointer went down (see `keep_keyboard_in_the_text`).
    keyboard_before_click: Option<egui::Id>,
    /// The last click was in the compare view.
    clicked_in_compare: bool,
    /// Where the keyboard was at the end of the last frame, whether it was typing, and whether
    /// a popup was open: egui drops the focus as Esc comes in, and Esc closes the compare view
    /// only when it was not for a field, a popup or the reader's selection (`close_on_escape`).
    keyboard_last_frame: (Option<egui::Id>, bool, bool),
    /// Keep the article list open beside the compare view (it folds by default, for room).
    show_list_with_compare: bool,
    /// The folded article list, opened over the text.
    list_over_text: bool,
    /// The folded inspector, opened over the text.
    inspector_over_text: bool,
    /// The text scale last applied to the whole UI (see [`theme::scale_text`]).
    text_scale: f32,
}

impl Workbench {
    /// Keeps the suggestion thresholds with the project they were set for, and takes the next
    /// project's own when another is opened (or this one saved under a new name).
    /// Runs every frame: allocates only when the project or its thresholds changed.
    fn keep_thresholds(&mut self) {
        let path = self.session.path();
        if path != self.thresholds_for.as_deref() {
            self.compare.tags.thresholds = self.settings.thresholds_for(path).clone();
            self.thresholds_for = path.map(Path::to_path_buf);
        } else if *self.settings.thresholds_for(path) != self.compare.tags.thresholds {
            self.settings.set_thresholds(path, self.compare.tags.thresholds.clone());
        }
    }

    /// A workbench on `session`.
    pub fn new(session: Session, mut settings: Settings) -> Self {
        let mut reader = Reader::default();
        reader.snap = settings.snap;
        // Stored settings are someone's file: a font size of 1e30 or infinity panicked the
        // renderer at every start, 20,000 took 1.9 GB.
        reader.font_size = if settings.font_size.is_finite() {
            settings.font_size.clamp(reader::MIN_FONT_SIZE, reader::MAX_FONT_SIZE)
        } else {
            reader::FONT_SIZE
        };
        settings.font_size = reader.font_size;
        let mut compare = CompareView::default();
        compare.tags.shown = settings.suggest_tags;
        compare.tags.thresholds = settings.thresholds_for(session.path()).clone();
        let thresholds_for = session.path().map(Path::to_path_buf);
        let mut w = Workbench {
            session,
            default_analyst: crate::clock::analyst(),
            reader,
            side_room: None,
            side_share: [None; 2],
            side_width: [None; 2],
            articles: ArticleList::default(),
            inspector: Inspector::default(),
            compare,
            team: TeamView::default(),
            adjudicate_left: None,
            // A stored name that is no format (someone's settings file) leaves the default.
            export_dialog: settings
                .export_format
                .parse()
                .map_or_else(|_| ExportDialog::default(), ExportDialog::with_format),
            pending_export: None,
            pending_edit: None,
            refocus: None,
            form_open: false,
            focus_before_form: None,
            paste_article: PasteArticle::default(),
            details: ArticleDetails::default(),
            bulk: None,
            drawn: false,
            thresholds_for,
            last_input: Instant::now(),
            jobs: Jobs::default(),
            status_bar: StatusBar::default(),
            tag_editor: TagEditor::default(),
            files: FileDialogs::default(),
            dialog: None,
            selected: None,
            status: Status::default(),
            settings,
            quit_confirmed: false,
            after_save: None,
            title: String::new(),
            intents: Vec::new(),
            ctx: None,
            layout: Layout::default(),
            keyboard_last_frame: (None, false, false),
            keyboard_before_click: None,
            clicked_in_compare: false,
            show_list_with_compare: false,
            list_over_text: false,
            inspector_over_text: false,
            text_scale: 0.0,
        };
        w.compare.analyst = w.analyst();
        w.show_first_document();
        w.session_changed();
        w
    }

    /// The workbench as it starts: on `path`, else the last project, else the sample project.
    pub fn open_initial(path: Option<PathBuf>, settings: Settings) -> Self {
        let candidate = path.or_else(|| settings.recent.first().filter(|p| p.exists()).cloned()).or_else(sample_path);
        let mut w = Workbench::new(Session::untitled(), settings);
        match candidate {
            Some(p) => w.open_path(&p),
            None => {
                // No file to open (an installed binary away from its sources): the sample, unsaved.
                match crate::store::load_str(SAMPLE, Path::new("soleimani.ron")) {
                    Ok(l) => {
                        w.session = Session::unsaved(l.project);
                        w.show_first_document();
                    }
                    Err(e) => w.fail("Could not open the sample project", &e.to_string()),
                }
            }
        }
        w
    }

    pub fn project(&self) -> &Project {
        self.session.project()
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn selected(&self) -> Option<AnnotationId> {
        self.selected
    }

    /// Whether the article details dialog (F2) is open.
    pub fn article_details_open(&self) -> bool {
        self.details.is_open()
    }

    /// Where the panels were drawn in the last frame.
    /// The name stamped on new annotations: the one set in the preferences, else the system's.
    pub fn analyst(&self) -> String {
        let set = self.settings.analyst.trim();
        if set.is_empty() { self.default_analyst.clone() } else { set.to_owned() }
    }

    /// The analyst and the time, for the edits made now.
    fn stamp(&self) -> Stamp {
        Stamp::new(now(), self.analyst())
    }

    pub fn layout(&self) -> Layout {
        self.layout
    }

    pub fn dialog(&self) -> Option<&Dialog> {
        self.dialog.as_ref()
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// True while an export or import runs in the background.
    pub fn busy(&self) -> bool {
        self.jobs.busy()
    }

    /// True while a save runs in the background.
    pub fn saving(&self) -> bool {
        self.jobs.saving()
    }

    /// Runs background work with `runner` (tests pass [`Runner::manual`] to step it).
    pub fn set_runner(&mut self, runner: Runner) {
        self.compare.runner = runner.clone();
        self.jobs = Jobs::new(runner);
    }

    /// Turns on semantic search (sentence vectors made in the background by `runner`). The app
    /// does at start; a test that wants it passes a manual runner and steps it.
    pub fn search_meaning(&mut self, runner: Runner) {
        self.compare.semantic.start_with(runner);
    }

    /// The runner of the background work.
    pub fn runner(&self) -> &Runner {
        self.jobs.runner()
    }

    /// The background jobs (tests start failing ones through this).
    pub fn jobs_mut(&mut self) -> &mut Jobs {
        &mut self.jobs
    }

    /// True while a bulk download's preview waits for the analyst.
    pub fn bulk_preview_open(&self) -> bool {
        self.bulk.is_some()
    }

    /// True while the built-in file picker is open.
    pub fn picker_open(&self) -> bool {
        self.files.picker_open()
    }

    /// Queues an intent, as a panel would (tests and the command line use this).
    pub fn push(&mut self, intent: Intent) {
        self.intents.push(intent);
    }

    /// Shows the article last read in this project (remembered between runs), else the first.
    fn show_first_document(&mut self) {
        let remembered = self
            .session
            .path()
            .and_then(|p| self.settings.last_article.get(p))
            .copied()
            .filter(|d| self.project().document(*d).is_some());
        if let Some(d) = remembered.or_else(|| self.project().documents().first().map(|d| d.id)) {
            self.show_article(d);
        }
    }

    /// Shows `doc` in the reader. A selected annotation of another article is let go: it stayed
    /// selected in the inspector over an article it is not in, and Delete removed it unseen
    /// (found walking the workbench: an import opened the new article over the old selection).
    pub(super) fn show_article(&mut self, doc: DocId) {
        self.reader.show_doc(doc);
        if self.status.about.is_some_and(|d| d != doc) {
            self.status = Status::default();
        }
        if self.selected.and_then(|a| self.project().annotation(a)).is_some_and(|a| a.doc != doc) {
            self.selected = None;
        }
    }

    fn say(&mut self, text: impl Into<String>) {
        self.status = Status::info(text);
    }

    fn fail(&mut self, title: &str, message: &str) {
        self.status = Status::error(format!("{title}: {message}"));
        self.dialog = Some(Dialog::Error { title: title.to_owned(), message: message.to_owned() });
    }

    /// Draws one frame and applies what it asked for.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.ctx = Some(ctx.clone());
        ctx.set_theme(if self.settings.dark { egui::Theme::Dark } else { egui::Theme::Light });
        let scale = self.reader.font_size / reader::FONT_SIZE;
        if scale != self.text_scale {
            theme::scale_text(&ctx, scale);
            self.text_scale = scale;
        }
        // The article being read, kept for the next time this project opens.
        if let (Some(path), Some(doc)) = (self.session.path(), self.reader.doc())
            && self.settings.last_article.get(path) != Some(&doc)
        {
            let path = path.to_owned();
            self.settings.remember_article(&path, doc);
        }
        self.close_request(&ctx);
        self.shortcuts(&ctx);
        // Files and folders dropped on the window are imported, as if chosen in File > Import.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_owned()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if !dropped.is_empty() {
            self.intents.push(Intent::ImportPaths(dropped));
        }

        // Sentence vectors follow the project in the background (semantic search).
        // While the analyst works (input in the last 3 s) meaning is read on one core fewer.
        if ctx.input(|i| !i.events.is_empty() || i.pointer.is_moving()) {
            self.last_input = Instant::now();
        }
        self.compare.semantic.set_busy(self.last_input.elapsed() < Duration::from_secs(3));
        if self.drawn {
            self.compare.semantic.update(self.session.shared(), self.session.path(), &ctx);
        } else {
            ctx.request_repaint();
        }
        let activity = self.compare.semantic.activity().map(|a| (a, self.compare.semantic.progress()));

        self.suggestions_frame();
        let mut intents = std::mem::take(&mut self.intents);
        // Behind a modal dialog nothing answers the pointer: a tooltip open as the dialog came
        // (the inspector's line of who made an annotation, under the pointer as F2 was pressed)
        // stayed over it, covering its fields.
        if !self.form_open {
            self.focus_before_form = ctx.memory(egui::Memory::focused);
        }
        if ctx.memory(|m| m.top_modal_layer().is_some()) {
            ui.disable();
        } else if let Some(id) = self.refocus.take() {
            ctx.memory_mut(|m| m.request_focus(id));
        }
        let menu = egui::Panel::top("menu bar").show(ui, |ui| self.menu_bar(ui));
        let menu_command = !menu.inner.is_empty();
        intents.extend(menu.inner);
        egui::Panel::bottom("status bar").show(ui, |ui| {
            self.status_bar.ui(
                ui,
                self.session.project(),
                self.session.last_saved(),
                self.session.is_dirty(),
                &self.status,
                activity.as_ref(),
            );
        });
        self.panels(ui, &mut intents);
        self.tag_editor.show(&ctx, self.session.project(), &mut intents);
        match self.export_dialog.show(&ctx, self.session.project()) {
            Some(ExportOutcome::Export(request, path)) => self.start_export(request, path, false),
            Some(ExportOutcome::Choose { format, folder, name }) => {
                self.pick_in(Purpose::Export(format), &folder, &name, &ctx);
            }
            None => {}
        }
        if let Some(doc) = self.paste_article.show(&ctx) {
            match self.project().add_documents(vec![doc]) {
                Ok((_, edit)) => intents.push(Intent::Edit { edit, label: "New article from text".into() }),
                Err(e) => self.fail("Could not add the article", &e.to_string()),
            }
        }
        self.details.show(&ctx, self.session.project(), &mut intents);
        let form_open = self.export_dialog.open || self.details.is_open() || self.paste_article.open;
        if self.form_open && !form_open && self.refocus.is_none() {
            self.refocus = self.focus_before_form.take();
        }
        self.form_open = form_open;
        self.poll_jobs(&ctx);
        if let Some(b) = &mut self.bulk
            && let Some(decision) = b.show(&ctx)
        {
            self.bulk = None;
            match decision {
                Decision::Import(files) => self.imported(files, false),
                Decision::ReadAgain { files, again } => {
                    self.jobs.read_again(&ctx, files, again);
                }
                Decision::Cancel => self.say("Import cancelled; nothing was added."),
            }
        }
        if let Some(chosen) = self.files.show(&ctx) {
            self.chosen(chosen, &mut intents);
        }
        if let Some(d) = &self.dialog
            && let Some(answer) = d.show(&ctx)
        {
            self.dialog = None;
            self.answer(answer, &ctx);
        }
        self.intents.extend(intents);
        self.apply_intents(&ctx);
        self.settings.snap = self.reader.snap;
        self.settings.suggest_tags = self.compare.tags.shown;
        if self.settings.export_format != self.export_dialog.format().to_string() {
            self.settings.export_format = self.export_dialog.format().to_string();
        }
        self.keep_thresholds();
        self.autosave(&ctx);
        self.update_title(&ctx);
        self.keep_keyboard_in_the_text(&ctx, menu_command, menu.response.rect);
        self.keyboard_last_frame =
            (ctx.memory(egui::Memory::focused), ctx.text_edit_focused(), egui::Popup::is_any_open(&ctx));
        self.drawn = true;
    }
}

impl Workbench {
    /// Where the compare view was drawn in the last frame: beside the reader, or filling.
    fn compare_rect(&self) -> Option<egui::Rect> {
        self.layout.compare.or(self.layout.central.filter(|_| self.compare.widened || self.compare.forced_fill))
    }

    /// A click on a tool (a tag button, Snap to words, a menu command) leaves the keyboard in
    /// the text when it was there, as a toolbar does in any editor: egui gave the clicked
    /// button the keyboard, and the reader's keys (Shift+arrows, Esc, the tags' keys) went
    /// nowhere until Alt+T (a walk). A click that opens a dialog or a field leaves it to them.
    fn keep_keyboard_in_the_text(&mut self, ctx: &egui::Context, menu_command: bool, menu_bar: egui::Rect) {
        let (down, clicked, at) =
            ctx.input(|i| (i.pointer.any_down(), i.pointer.any_click(), i.pointer.interact_pos()));
        let text = self.reader.text_id();
        if clicked {
            // A click in the compare view is work there (a tab clicked takes no keyboard in
            // egui): Esc then closes the view at once.
            self.clicked_in_compare =
                self.compare.open && at.is_some_and(|p| self.compare_rect().is_some_and(|r| r.contains(p)));
        }
        if clicked && text.is_some() {
            let mut tools = self.layout.tools;
            tools[0] = Some(menu_bar);
            let on_tool = at.is_some_and(|p| tools.iter().flatten().any(|r| r.contains(p)));
            let now = ctx.memory(egui::Memory::focused);
            let opened = self.dialog.is_some()
                || self.form_open
                || self.tag_editor.open
                || self.files.picker_open()
                || self.bulk.is_some()
                || ctx.text_edit_focused()
                || egui::Popup::is_any_open(ctx);
            // From the text, a tool leaves the keyboard there. From a field (the inspector's
            // Speaker, say), a tool that takes no keyboard of its own brings it to the text, whose
            // selection the tool acted on: after a tag button clicked from the Speaker field the
            // keyboard had gone nowhere (a walk).
            let back = if self.keyboard_before_click == text {
                (on_tool || menu_command) && now != text
            } else {
                on_tool && now.is_none()
            };
            if back && !opened {
                self.refocus = text;
                ctx.request_repaint();
                return;
            }
        }
        // Not while a menu is open: its command is the click that counts.
        if !down && !egui::Popup::is_any_open(ctx) {
            self.keyboard_before_click = ctx.memory(egui::Memory::focused);
        }
    }
}

/// The sample project, built in so a first run has something to open anywhere.
pub const SAMPLE: &str = include_str!("../../../../../projects/soleimani.ron");

/// `projects/soleimani.ron` in the working folder or in the source tree, if present.
fn sample_path() -> Option<PathBuf> {
    [
        PathBuf::from("projects/soleimani.ron"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../projects/soleimani.ron"),
    ]
    .into_iter()
    .find(|p| p.exists())
}

/// The eframe application around the workbench.
pub struct App {
    pub bench: Workbench,
    /// When the process started, if the start-up probe is on (see [`super::STARTUP_PROBE`]).
    pub probe: Option<Instant>,
    pub probed: bool,
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.bench.ui(ui);
        if let Some(started) = self.probe {
            // The first frame is on the screen once a second one starts.
            if !std::mem::replace(&mut self.probed, true) {
                ui.ctx().request_repaint();
                return;
            }
            self.probe = None;
            let rss = super::resident_kib().map_or_else(
                || "unknown".to_owned(),
                |[all, own, files]| {
                    format!("{} MiB ({} MiB its own, {} MiB mapped files)", all / 1024, own / 1024, files / 1024)
                },
            );
            eprintln!("first frame after {:.0} ms; resident memory {rss}", started.elapsed().as_secs_f64() * 1000.0);
            ui.ctx().send_viewport_cmd(ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.bench.settings);
    }
}
