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

/// The frame of a folded panel: a narrow margin, so that its button fits at any text size.
fn strip_frame(ui: &Ui) -> egui::Frame {
    egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::symmetric(3, 6))
}

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
}

/// The whole application state.
pub struct Workbench {
    session: Session,
    /// Who works here when no name is set in the preferences (read once from the system).
    default_analyst: String,
    pub reader: Reader,
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
    paste_article: PasteArticle,
    details: ArticleDetails,
    /// An import waiting for the analyst to choose from its bulk downloads.
    bulk: Option<BulkPreview>,
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
    /// A workbench on `session`.
    pub fn new(session: Session, settings: Settings) -> Self {
        let mut reader = Reader::default();
        reader.snap = settings.snap;
        reader.font_size = settings.font_size;
        let mut w = Workbench {
            session,
            default_analyst: crate::clock::analyst(),
            reader,
            articles: ArticleList::default(),
            inspector: Inspector::default(),
            compare: CompareView::default(),
            team: TeamView::default(),
            adjudicate_left: None,
            export_dialog: ExportDialog::default(),
            pending_export: None,
            paste_article: PasteArticle::default(),
            details: ArticleDetails::default(),
            bulk: None,
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

    fn show_first_document(&mut self) {
        if let Some(d) = self.project().documents().first() {
            self.reader.show_doc(d.id);
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
        self.compare.semantic.update(self.session.shared(), self.session.path(), &ctx);
        let activity = self.compare.semantic.activity().map(|a| (a, self.compare.semantic.progress()));

        let mut intents = std::mem::take(&mut self.intents);
        egui::Panel::top("menu bar").show(ui, |ui| intents.extend(self.menu_bar(ui)));
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
        // The reader keeps READER_MIN_WIDTH: in a narrow window, or beside the compare or team
        // view, the article list folds to a strip (its button or Alt+A opens it over the text),
        // and where even that is not enough the inspector folds too. The compare view fills the
        // window when asked, or when the window cannot hold it beside a reader.
        let width = ui.available_width();
        // The team view and the compare view share the place beside the reader.
        if self.team.open {
            self.compare.open = false;
        }
        let side_view = self.compare.open || self.team.open;
        let fill_window = self.compare.open && (self.compare.widened || width < SIDE_VIEW_MIN_WINDOW);
        self.compare.forced_fill = self.compare.open && !self.compare.widened && fill_window;
        let page = theme::page(self.settings.dark);
        let page_fill = egui::Color32::from_rgb(page.background[0], page.background[1], page.background[2]);
        let mut layout = Layout::default();
        if fill_window {
            let r = egui::CentralPanel::default().show(ui, |ui| {
                self.compare.ui(ui, self.session.shared(), self.selected, &mut intents);
            });
            layout.central = Some(r.response.rect);
        } else if self.team.open && width < SIDE_VIEW_MIN_WINDOW {
            // Too narrow for the reader beside it: the team view (which shows passages itself)
            // fills.
            let r = egui::CentralPanel::default().show(ui, |ui| self.team.ui(ui, self.session.project(), &mut intents));
            layout.central = Some(r.response.rect);
        } else {
            let list_room = width >= LIST_MIN_WINDOW && (!side_view || width >= LIST_BESIDE_VIEW_MIN_WINDOW);
            let list_folded = if side_view { !(self.show_list_with_compare && list_room) } else { !list_room };
            let inspector_folded = side_view && width < INSPECTOR_BESIDE_VIEW_MIN_WINDOW;
            if !list_folded {
                self.list_over_text = false;
            }
            if list_folded {
                let r = egui::Panel::left("articles folded")
                    .exact_size(STRIP)
                    .resizable(false)
                    .frame(strip_frame(ui))
                    .show(ui, |ui| {
                        let b = ui
                            .selectable_label(self.list_over_text, "»")
                            .on_hover_text("Show the article list (Alt+A)");
                        if b.clicked() {
                            if side_view && list_room {
                                self.show_list_with_compare = true;
                            } else {
                                self.list_over_text = !self.list_over_text;
                            }
                        }
                    });
                layout.articles = Some(r.response.rect);
            } else {
                let r = egui::Panel::left("articles").default_size(250.0).min_size(160.0).show(ui, |ui| {
                    if side_view && ui.small_button("« Hide the list").clicked() {
                        self.show_list_with_compare = false;
                    }
                    self.articles.ui(ui, self.session.project(), self.reader.doc(), &mut intents);
                });
                layout.articles = Some(r.response.rect);
            }
            if inspector_folded {
                let r = egui::Panel::right("inspector folded")
                    .exact_size(STRIP)
                    .resizable(false)
                    .frame(strip_frame(ui))
                    .show(ui, |ui| {
                        let b = ui
                            .selectable_label(self.inspector_over_text, "«")
                            .on_hover_text("Show the annotation's details (Alt+N, Alt+S, Alt+C)");
                        if b.clicked() {
                            self.inspector_over_text = !self.inspector_over_text;
                        }
                    });
                layout.inspector = Some(r.response.rect);
            } else {
                self.inspector_over_text = false;
                // Never so wide that the reader drops under its minimum.
                let max = (width - layout.articles.map_or(0.0, |r| r.width()) - READER_MIN_WIDTH).max(220.0);
                let r = egui::Panel::right("inspector")
                    .default_size(320.0_f32.min(max))
                    .min_size(220.0)
                    .max_size(max)
                    .show(ui, |ui| {
                        self.inspector.ui(ui, self.session.project(), self.reader.doc(), self.selected, &mut intents);
                    });
                layout.inspector = Some(r.response.rect);
            }
            if self.compare.open {
                // Leave the reader room to read in.
                let room = ui.available_width();
                let max = (room - READER_MIN_WIDTH).max(COMPARE_MIN_WIDTH);
                let r = egui::Panel::right("compare")
                    .default_size((room - READER_MIN_WIDTH - 20.0).clamp(COMPARE_MIN_WIDTH, max))
                    .min_size(COMPARE_MIN_WIDTH)
                    .max_size(max)
                    .show(ui, |ui| {
                        self.compare.ui(ui, self.session.shared(), self.selected, &mut intents);
                    });
                layout.compare = Some(r.response.rect);
            } else if self.team.open {
                let room = ui.available_width();
                let max = (room - READER_MIN_WIDTH).max(COMPARE_MIN_WIDTH);
                let r = egui::Panel::right("team")
                    .default_size((room * 0.5).clamp(COMPARE_MIN_WIDTH, max))
                    .min_size(COMPARE_MIN_WIDTH)
                    .max_size(max)
                    .show(ui, |ui| self.team.ui(ui, self.session.project(), &mut intents));
                layout.compare = Some(r.response.rect);
            }
            let r = egui::CentralPanel::default().frame(egui::Frame::central_panel(ui.style()).fill(page_fill)).show(
                ui,
                |ui| {
                    let can_tag = self.reader.selection().is_some() || self.selected.is_some();
                    tag_bar::ui(ui, self.session.project(), can_tag, &mut self.reader.snap, &mut intents);
                    ui.separator();
                    self.reader.ui(ui, self.session.project(), self.selected, &mut intents);
                },
            );
            layout.central = Some(r.response.rect);
            // Folded panels open over the text, not beside it: the reader keeps its width.
            if list_folded && self.list_over_text {
                let at = layout.articles.map_or(egui::Rect::NOTHING, |strip| {
                    egui::Rect::from_min_size(strip.right_top(), egui::vec2(OVERLAY_WIDTH, strip.height()))
                });
                self.over_text(ui, "articles over the text", at, layout.articles, &mut intents, |w, ui, intents| {
                    w.articles.ui(ui, w.session.project(), w.reader.doc(), intents);
                });
            }
            if inspector_folded && self.inspector_over_text {
                let at = layout.inspector.map_or(egui::Rect::NOTHING, |strip| {
                    egui::Rect::from_min_max(
                        strip.left_top() - egui::vec2(OVERLAY_WIDTH + 40.0, 0.0),
                        strip.left_bottom(),
                    )
                });
                self.over_text(ui, "inspector over the text", at, layout.inspector, &mut intents, |w, ui, intents| {
                    w.inspector.ui(ui, w.session.project(), w.reader.doc(), w.selected, intents);
                });
            }
        }
        self.layout = layout;
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
        self.autosave(&ctx);
        self.update_title(&ctx);
    }

    /// A folded panel opened over the text at `at`. A click outside it or Esc closes it.
    fn over_text(
        &mut self,
        ui: &Ui,
        id: &str,
        at: egui::Rect,
        strip: Option<egui::Rect>,
        intents: &mut Vec<Intent>,
        content: impl FnOnce(&mut Self, &mut Ui, &mut Vec<Intent>),
    ) {
        let ctx = ui.ctx().clone();
        let shown =
            egui::Area::new(egui::Id::unique(id)).order(egui::Order::Foreground).fixed_pos(at.min).show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(at.width() - 16.0);
                    ui.set_height(at.height() - 16.0);
                    content(self, ui, intents);
                });
            });
        let esc = ctx.input(|i| i.key_pressed(egui::Key::Escape)) && !ctx.text_edit_focused();
        // A click on the strip's button toggles it there; any other click outside closes it.
        let on_strip = ctx.input(|i| i.pointer.interact_pos()).is_some_and(|p| strip.is_some_and(|s| s.contains(p)));
        if (shown.response.clicked_elsewhere() && !on_strip) || esc {
            self.list_over_text = false;
            self.inspector_over_text = false;
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui) -> Vec<Intent> {
        let h = self.session.history();
        let state = MenuState {
            recent: &self.settings.recent,
            undo: h.undo_label(),
            redo: h.redo_label(),
            annotation_selected: self.selected.is_some(),
            article_shown: self.reader.doc().is_some(),
            compare_open: self.compare.open,
            team_open: self.team.open,
            dark: self.settings.dark,
            snap: self.reader.snap,
            builtin_picker: self.settings.builtin_picker,
            analyst: &self.settings.analyst,
            default_analyst: &self.default_analyst,
            can_zoom_in: self.reader.font_size < reader::MAX_FONT_SIZE,
            can_zoom_out: self.reader.font_size > reader::MIN_FONT_SIZE,
        };
        menu::menu_bar(ui, &state)
    }

    /// Closing the window with unsaved changes asks first.
    fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.session.is_dirty() && !self.quit_confirmed {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(After::Quit));
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some()
            || self.files.picker_open()
            || self.jobs.busy()
            || self.export_dialog.open
            || self.paste_article.open
            || self.details.is_open()
            || self.bulk.is_some()
        {
            return;
        }
        let tags: Vec<(TagId, char)> = self.project().tags().iter().filter_map(|t| Some((t.id, t.key?))).collect();
        let pressed = commands::pressed(ctx, &tags);
        self.intents.extend(pressed);
    }

    fn apply_intents(&mut self, ctx: &egui::Context) {
        // Applying can queue more (Save from a question, say); bound the rounds.
        for _ in 0..4 {
            let intents = std::mem::take(&mut self.intents);
            if intents.is_empty() {
                return;
            }
            // What was drawn this frame is out of date: draw again with the result.
            ctx.request_repaint();
            for i in intents {
                self.apply(i, ctx);
            }
        }
    }

    /// Applies one intent.
    pub fn apply(&mut self, intent: Intent, ctx: &egui::Context) {
        match intent {
            Intent::Edit { edit, label } => {
                let _ = self.edit(edit, &label);
            }
            Intent::EditMerging { edit, label, key } => {
                let edit = edit.stamped(self.project(), &self.stamp());
                if let Err(e) = self.session.apply_merging(edit, &label, &key) {
                    self.status = Status::error(format!("{label}: {e}"));
                }
            }
            Intent::Run(c) => self.run(c, ctx),
            Intent::Select(id) => self.select(id),
            Intent::SelectInPlace(id) => {
                self.session.seal();
                self.selected = id;
            }
            Intent::OpenDocument(d) => {
                // An article clicked in the list opened over the text: the list has done its job.
                if ctx.input(|i| i.pointer.any_click()) {
                    self.list_over_text = false;
                }
                self.session.seal();
                self.reader.show_doc(d);
                if self.selected.and_then(|a| self.project().annotation(a)).is_some_and(|a| a.doc != d) {
                    self.selected = None;
                }
            }
            Intent::EditDetails(d) => self.details.open(self.session.project(), d),
            Intent::Reveal { doc, range } => {
                self.reader.show_doc(doc);
                self.selected = None;
                self.reader.select_range(range);
            }
            Intent::TagKey(tag) => self.tag_key(tag),
            Intent::Tag { doc, range, tag } => self.tag(doc, range, tag),
            Intent::OpenPath(p) => {
                if self.session.is_dirty() {
                    self.dialog = Some(Dialog::Unsaved(After::Open(p)));
                } else {
                    self.open_path(&p);
                }
            }
            Intent::SaveTo(p) => self.save_to(&p, false),
            Intent::ImportPaths(paths) => {
                if !self.jobs.read(ctx, paths) {
                    self.say("Another import or export is running; try again when it is done.");
                }
            }
            Intent::Say(s) => self.say(s),
            Intent::SetAnalyst(name) => {
                self.settings.analyst = name;
                self.compare.analyst = self.analyst();
            }
            Intent::ResolveConflict { index, use_other } => match self.project().resolve_conflict(index, use_other) {
                Ok(edit) => {
                    let label = if use_other { "Use the other value" } else { "Keep the value" };
                    let _ = self.edit(edit, label);
                }
                Err(e) => self.status = Status::error(format!("Could not settle the conflict: {e}")),
            },
            Intent::Decide { differences, choice } => {
                let Some((adj, _, _)) = &self.team.adjudication else { return };
                match adj.decide(self.session.project(), &differences, choice, &self.stamp()) {
                    Ok(edit) => {
                        let label = match differences.len() {
                            1 => format!("Take {}", choice.label()),
                            n => format!("Take {} for {n} differences", choice.label()),
                        };
                        let _ = self.edit(edit, &label);
                    }
                    Err(e) => self.status = Status::error(format!("Could not decide: {e}")),
                }
            }
            Intent::AgreeWith(path) => match crate::store::load(&path) {
                Ok(other) => {
                    let mine = self.session.path().map_or_else(|| self.project().name().to_owned(), stem);
                    let mine_project = self.session.shared().clone();
                    self.show_agreement(&mine_project, &other.project, (&mine, &stem(&path)));
                }
                Err(e) => self.fail("Could not compare", &e.to_string()),
            },
            Intent::Adjudicate { left, right } => {
                let loaded = crate::store::load(&left).and_then(|l| crate::store::load(&right).map(|r| (l, r)));
                match loaded {
                    Ok((l, r)) => {
                        if let Err(e) = self.start_adjudication(&l.project, &r.project, (&stem(&left), &stem(&right))) {
                            self.fail("Could not adjudicate", &e);
                        }
                    }
                    Err(e) => self.fail("Could not adjudicate", &e.to_string()),
                }
            }
            Intent::SaveText { name, text } => {
                let dir = self.default_folder();
                self.files.ask_to_save(text, &dir, &name, self.settings.builtin_picker, ctx);
            }
        }
    }

    /// Applies `edit` as one undo step called `label`; a refusal is shown in the status bar and
    /// returned, so that callers go on only when the edit took.
    fn edit(&mut self, edit: Edit, label: &str) -> Result<(), EditError> {
        self.session.seal();
        let edit = edit.stamped(self.project(), &self.stamp());
        match self.session.apply(edit, label) {
            Ok(()) => {
                self.say(label.to_owned());
                self.drop_stale_selection();
                Ok(())
            }
            Err(e) => {
                self.status = Status::error(format!("{label}: {e}"));
                Err(e)
            }
        }
    }

    fn drop_stale_selection(&mut self) {
        if self.selected.is_some_and(|a| self.project().annotation(a).is_none()) {
            self.selected = None;
        }
        if self.reader.doc().is_some_and(|d| self.project().document(d).is_none()) {
            self.show_first_document();
        }
    }

    fn select(&mut self, id: Option<AnnotationId>) {
        self.session.seal();
        self.selected = id;
        if let Some(a) = id.and_then(|a| self.project().annotation(a)) {
            let (doc, range) = (a.doc, a.range());
            self.reader.show_doc(doc);
            self.reader.clear_selection();
            self.reader.reveal(range);
        }
    }

    /// A tag's key or button: the newest text selection of any reader (the main one, the
    /// side-by-side columns) is tagged; without one, the selected annotation is retagged.
    fn tag_key(&mut self, tag: TagId) {
        let main = self.reader.active_selection();
        let side = self.compare.active_selection();
        let newest = match (main, side) {
            (Some(m), Some(s)) => Some(if s.0 > m.0 { s } else { m }),
            (m, s) => m.or(s),
        };
        if let Some((_, doc, range)) = newest {
            self.tag(doc, range, tag);
            return;
        }
        let Some(name) = self.project().tag(tag).map(|t| t.name.clone()) else { return };
        if let Some(a) = self.selected.and_then(|a| self.project().annotation(a)) {
            if a.tag != tag
                && let Ok(edit) = self.project().retag(a.id, tag)
            {
                let _ = self.edit(edit, &format!("Retag as {name}"));
            }
        } else {
            self.say("Select text in the article first, then press the tag's key.");
        }
    }

    /// Tags `range` of `doc` (trimmed of spaces and punctuation at its ends) with `tag`, and
    /// selects the new annotation.
    fn tag(&mut self, doc: DocId, range: std::ops::Range<usize>, tag: TagId) {
        let Some(name) = self.project().tag(tag).map(|t| t.name.clone()) else { return };
        let Some(text) = self.project().document(doc).map(|d| d.text.clone()) else { return };
        // Snap to words holds for keyboard selections as for the mouse ("Thu|rsday" is not a word).
        let range = if self.reader.snap { selection::snap_to_words(&text, range) } else { range };
        let r = selection::trim(&text, range);
        if r.is_empty() {
            self.say("Nothing to tag: the selection holds only spaces and punctuation.");
            return;
        }
        let extra = NewAnnotation { created: now(), created_by: self.analyst(), ..Default::default() };
        match self.project().annotate(doc, r, tag, extra) {
            Ok((id, edit)) => {
                if self.edit(edit, &format!("Tag as {name}")).is_ok() {
                    self.selected = Some(id);
                    if self.reader.doc() == Some(doc) {
                        self.reader.clear_selection();
                    }
                    self.compare.clear_selection(doc);
                }
            }
            Err(e) => self.status = Status::error(format!("Tag as {name}: {e}")),
        }
    }

    fn run(&mut self, c: Command, ctx: &egui::Context) {
        match c {
            Command::New => {
                if self.session.is_dirty() {
                    self.dialog = Some(Dialog::Unsaved(After::New));
                } else {
                    self.new_project();
                }
            }
            Command::Open => self.pick(Purpose::Open, ctx),
            Command::Save => match self.session.path().map(Path::to_owned) {
                Some(p) => self.save_to(&p, false),
                None => self.pick(Purpose::SaveAs, ctx),
            },
            Command::SaveAs => self.pick(Purpose::SaveAs, ctx),
            Command::Import => self.pick(Purpose::Import, ctx),
            Command::ImportFolder => self.pick(Purpose::ImportFolder, ctx),
            Command::PasteArticle => self.paste_article.open = true,
            Command::ArticleDetails => {
                if let Some(d) = self.reader.doc() {
                    self.details.open(self.session.project(), d);
                }
            }
            Command::Export => {
                let folder = self.default_folder();
                self.export_dialog.open_in(&folder, self.session.project());
            }
            Command::Quit => {
                if self.session.is_dirty() {
                    self.dialog = Some(Dialog::Unsaved(After::Quit));
                } else {
                    self.quit(ctx);
                }
            }
            Command::Undo => match self.session.undo() {
                Ok(Some(l)) => {
                    self.say(format!("Undid: {l}"));
                    self.drop_stale_selection();
                }
                Ok(None) => self.say("Nothing to undo."),
                Err(e) => self.status = Status::error(format!("Undo: {e}")),
            },
            Command::Redo => match self.session.redo() {
                Ok(Some(l)) => {
                    self.say(format!("Redid: {l}"));
                    self.drop_stale_selection();
                }
                Ok(None) => self.say("Nothing to redo."),
                Err(e) => self.status = Status::error(format!("Redo: {e}")),
            },
            Command::DeleteAnnotation => {
                if let Some(a) = self.selected
                    && self.edit(Edit::RemoveAnnotation(a), "Delete annotation").is_ok()
                {
                    self.selected = None;
                }
            }
            Command::EditTags => self.tag_editor.open = true,
            Command::ToggleCompare => {
                self.compare.open = !self.compare.open;
                if self.compare.open {
                    self.team.open = false;
                }
            }
            Command::ToggleTeam => self.team.open = !self.team.open,
            Command::AgreeWith => self.pick(Purpose::AgreeWith, ctx),
            Command::Adjudicate => {
                if self.session.is_dirty() {
                    self.adjudicate_left = None;
                    self.say("Save this project first: adjudication opens its result in place of it.");
                } else {
                    let purpose =
                        if self.adjudicate_left.is_some() { Purpose::AdjudicateRight } else { Purpose::AdjudicateLeft };
                    if purpose == Purpose::AdjudicateLeft {
                        self.say("Choose the left analyst's project, then the right's.");
                    }
                    self.pick(purpose, ctx);
                }
            }
            Command::FindSimilar => {
                self.compare.open = true;
                self.team.open = false;
                self.compare.tab = Tab::Similar;
                if self.selected.is_none() {
                    self.say("Select an annotation to find what the other articles say like it.");
                }
            }
            Command::Find => self.reader.open_find(),
            Command::GoArticles => {
                // Folded, the list opens over the text (beside a side view, where there is room,
                // beside it).
                self.show_list_with_compare = true;
                self.list_over_text = true;
                self.articles.focus_request = true;
            }
            Command::GoText => {
                self.list_over_text = false;
                self.inspector_over_text = false;
                if self.reader.doc().is_some() {
                    self.reader.focus_request = true;
                } else {
                    self.say("No article is open: Alt+A goes to the list.");
                }
            }
            Command::GoNote | Command::GoSpeaker | Command::GoClaim => {
                if self.selected.and_then(|a| self.project().annotation(a)).is_some() {
                    self.inspector_over_text = true;
                    self.inspector.focus = Some(match c {
                        Command::GoNote => Field::Note,
                        Command::GoSpeaker => Field::Speaker,
                        _ => Field::Claim,
                    });
                } else {
                    self.say("Select an annotation first: tag a passage, or press N for the next one.");
                }
            }
            Command::NextAnnotation => self.step_annotation(true),
            Command::PreviousAnnotation => self.step_annotation(false),
            Command::ToggleTheme => self.settings.dark = !self.settings.dark,
            Command::ZoomIn => self.zoom(self.reader.font_size + 1.0),
            Command::ZoomOut => self.zoom(self.reader.font_size - 1.0),
            Command::ZoomReset => self.zoom(reader::FONT_SIZE),
            Command::ToggleSnap => self.reader.snap = !self.reader.snap,
            Command::ToggleBuiltinPicker => self.settings.builtin_picker = !self.settings.builtin_picker,
            Command::Shortcuts => self.dialog = Some(Dialog::Shortcuts),
            Command::About => self.dialog = Some(Dialog::About),
        }
    }

    fn zoom(&mut self, size: f32) {
        self.reader.font_size = size.clamp(reader::MIN_FONT_SIZE, reader::MAX_FONT_SIZE);
        self.settings.font_size = self.reader.font_size;
    }

    /// Selects the next (or previous) annotation of the article in reading order.
    fn step_annotation(&mut self, forward: bool) {
        let Some(doc) = self.reader.doc() else { return };
        let entries = self.project().spans(doc).entries();
        if entries.is_empty() {
            self.say("This article has no annotations yet.");
            return;
        }
        let n = entries.len();
        let current = self.selected.and_then(|s| entries.iter().position(|e| e.id == s));
        let caret = self.reader.caret().unwrap_or(0);
        // From the selected annotation, or else from the caret; past either end, wrap around.
        let next = match (current, forward) {
            (Some(i), true) => i + 1,
            (Some(i), false) => i + n - 1,
            (None, true) => self.project().spans(doc).first_at_or_after(caret),
            (None, false) => self.project().spans(doc).first_at_or_after(caret) + n - 1,
        };
        let id = entries[next % n].id;
        if (forward && next >= n) || (!forward && next < n) {
            self.say(if forward { "Wrapped to the first annotation." } else { "Wrapped to the last annotation." });
        }
        self.select(Some(id));
    }

    /// After another project took the session's place: an adjudication belonged to the one
    /// before; conflicts a merge left in this one are shown at once.
    fn session_changed(&mut self) {
        self.team.adjudication = None;
        self.team.agreement = None;
        self.team.current = None;
        let n = self.project().conflicts().len();
        if n > 0 {
            self.team.open = true;
            self.compare.open = false;
            self.say(format!("{n} merge conflict(s) to settle: see the Team view."));
        }
    }

    /// Shows in the team view how far `left` and `right` agree (overall, per tag, per article).
    pub fn show_agreement(&mut self, left: &Project, right: &Project, names: (&str, &str)) {
        let result = crate::model::agreement::compare(left, right).map_err(|e| e.to_string());
        if let Err(e) = &result {
            self.status = Status::error(format!("Agreement: {e}"));
        }
        self.team.agreement = Some((names.0.to_owned(), names.1.to_owned(), result));
        self.team.open = true;
        self.compare.open = false;
    }

    /// Starts adjudicating `left` against `right`: the result (what both did alike) becomes the
    /// open project, unsaved, and the team view lists the differences. Refused while the open
    /// project has unsaved changes.
    pub fn start_adjudication(&mut self, left: &Project, right: &Project, names: (&str, &str)) -> Result<(), String> {
        if self.session.is_dirty() {
            return Err("Save this project first: adjudication opens its result in place of it.".into());
        }
        let name = format!("Adjudication of {} and {}", names.0, names.1);
        let adj = crate::model::adjudicate::adjudicate(left, right, &name).map_err(|e| e.to_string())?;
        self.session = Session::unsaved(adj.start.clone());
        self.selected = None;
        self.reader.reset();
        self.show_first_document();
        self.session_changed();
        let n = adj.differences.len();
        self.say(format!("{} alike, {n} difference(s) to decide. Save the result with Save as.", adj.agreed));
        self.team.current = (n > 0).then_some(0);
        if let Some(d) = adj.differences.first() {
            self.reader.show_doc(d.doc);
            self.reader.reveal(d.range());
        }
        self.team.adjudication = Some((adj, names.0.to_owned(), names.1.to_owned()));
        self.show_agreement(left, right, names);
        self.team.open = true;
        self.compare.open = false;
        Ok(())
    }

    fn new_project(&mut self) {
        self.session = Session::untitled();
        self.session_changed();
        self.selected = None;
        self.reader.reset();
        self.say("New project. Import articles with File > Import articles… (Ctrl+I).");
    }

    fn quit(&mut self, ctx: &egui::Context) {
        self.quit_confirmed = true;
        ctx.send_viewport_cmd(ViewportCommand::Close);
    }

    /// Opens a project file, offering its autosave if that is newer. On failure the current
    /// project stays open and the error names the file and the place.
    pub fn open_path(&mut self, path: &Path) {
        match Session::open(path) {
            Ok((session, warnings)) => {
                self.session = session;
                self.selected = None;
                self.reader.reset();
                self.show_first_document();
                self.remember(path);
                self.say(format!("Opened {}", path.display()));
                self.session_changed();
                if !warnings.is_empty() {
                    let list: Vec<String> = warnings.iter().map(ToString::to_string).collect();
                    self.dialog = Some(Dialog::Error {
                        title: "Opened with repairs".into(),
                        message: format!(
                            "{} annotation(s) did not match their text and were re-anchored or kept as orphans:\n{}\n{}",
                            warnings.len(),
                            list.join("\n"),
                            path.display()
                        ),
                    });
                }
                if recovery::newer_recovery(path).is_some() {
                    self.dialog = Some(Dialog::Recovery(path.to_owned()));
                }
            }
            Err(e) => self.fail("Could not open the project", &e.to_string()),
        }
    }

    fn remember(&mut self, path: &Path) {
        let p = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.settings.recent.retain(|r| r != &p);
        self.settings.recent.insert(0, p);
        self.settings.recent.truncate(RECENT);
    }

    /// Starts saving to `path` in the background; [`Self::saved`] hears how it went. With
    /// `overwrite`, a file another program changed is replaced anyway (the analyst said so).
    fn save_to(&mut self, path: &Path, overwrite: bool) {
        if self.jobs.saving() {
            self.say("A save is already running; it will finish in a moment.");
            return;
        }
        let Some(ctx) = self.ctx.clone() else { return };
        match self.session.save_request(path, overwrite) {
            Ok(request) => {
                self.jobs.save(&ctx, request);
                self.say(format!("Saving {}…", path.display()));
            }
            Err(e) => {
                self.after_save = None;
                self.fail("Could not save", &e.to_string());
            }
        }
    }

    /// How a background save ended.
    fn saved(&mut self, outcome: SaveOutcome) {
        match self.session.finish_save(outcome) {
            Ok(()) => {
                if let Some(path) = self.session.path().map(Path::to_owned) {
                    self.remember(&path);
                    self.say(format!("Saved {}", path.display()));
                }
                if let Some(after) = self.after_save.take() {
                    self.continue_with(after);
                }
            }
            Err(SaveOutcome::ChangedOnDisk { path }) => {
                self.dialog = Some(Dialog::ChangedOnDisk(path));
            }
            Err(other) => {
                self.after_save = None;
                self.fail("Could not save", &other.to_string());
            }
        }
    }

    fn continue_with(&mut self, after: After) {
        match after {
            After::Quit => {
                self.quit_confirmed = true;
                self.intents.push(Intent::Run(Command::Quit));
            }
            After::New => self.new_project(),
            After::Open(p) => self.open_path(&p),
        }
    }

    fn answer(&mut self, answer: Answer, ctx: &egui::Context) {
        match answer {
            Answer::Save(after) => match self.session.path().map(Path::to_owned) {
                Some(p) => {
                    self.after_save = Some(after);
                    self.save_to(&p, false);
                }
                None => {
                    self.after_save = Some(after);
                    self.pick(Purpose::SaveAs, ctx);
                }
            },
            Answer::Discard(After::Quit) => self.quit(ctx),
            Answer::Discard(after) => {
                // Nothing of the discarded project may be autosaved over the file afterwards.
                if let Some(p) = self.session.path() {
                    recovery::discard_recovery(p);
                }
                self.continue_with(after);
            }
            Answer::Restore(_) => match self.session.restore_recovery() {
                Ok(_) => {
                    self.selected = None;
                    self.show_first_document();
                    self.say("Restored the autosaved copy. Save to keep it.");
                }
                Err(e) => self.fail("Could not restore the autosave", &e.to_string()),
            },
            Answer::Overwrite(path) => self.save_to(&path, true),
            Answer::Replace(path) => {
                if let Some(r) = self.pending_export.take() {
                    self.start_export(r, path, true);
                }
            }
            Answer::SaveElsewhere => self.pick(Purpose::SaveAs, ctx),
            Answer::Reload(path) => {
                // The analyst chose the file on disk over the changes made here.
                self.after_save = None;
                self.session = Session::untitled();
                self.open_path(&path);
            }
            Answer::DeclineRecovery(path) => {
                recovery::discard_recovery(&path);
                self.say("Opened the saved file; the autosave was discarded.");
            }
            Answer::Close => {
                if self.quit_confirmed {
                    return;
                }
                self.after_save = None;
                self.pending_export = None;
            }
        }
    }

    /// Asks for files: the system dialog on a thread, or the built-in picker where there is none.
    fn pick(&mut self, purpose: Purpose, ctx: &egui::Context) {
        let name = match purpose {
            Purpose::SaveAs => self
                .session
                .path()
                .and_then(Path::file_name)
                .map_or_else(|| format!("{}.ron", self.project().name()), |n| n.to_string_lossy().into_owned()),
            _ => String::new(),
        };
        self.pick_named(purpose, &name, ctx);
    }

    /// The folder file dialogs start in: the project's, else the working folder.
    fn default_folder(&self) -> PathBuf {
        self.session
            .path()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_owned)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Same as [`Self::pick`], suggesting the file name `name` when saving.
    fn pick_named(&mut self, purpose: Purpose, name: &str, ctx: &egui::Context) {
        let dir = self.default_folder();
        self.pick_in(purpose, &dir, name, ctx);
    }

    /// Same as [`Self::pick_named`], starting in `dir` (the default folder if `dir` is none).
    fn pick_in(&mut self, purpose: Purpose, dir: &Path, name: &str, ctx: &egui::Context) {
        let dir = if dir.is_dir() { dir.to_owned() } else { self.default_folder() };
        self.files.ask(purpose, &dir, name, self.settings.builtin_picker, ctx);
    }

    /// Acts on what the analyst chose in a file dialog.
    fn chosen(&mut self, chosen: Chosen, intents: &mut Vec<Intent>) {
        let (purpose, files, text) = match chosen {
            Chosen::Files { purpose, files, text } => (purpose, files, text),
            Chosen::Cancelled => {
                self.after_save = None;
                self.pending_export = None;
                self.adjudicate_left = None;
                return;
            }
            Chosen::NoSystemDialog => {
                self.say("The system file dialog is not available here; using the built-in file picker.");
                return;
            }
        };
        let first = files.first().cloned();
        match (purpose, first) {
            (Purpose::SaveTable, Some(p)) => {
                let text = text.unwrap_or_default();
                match crate::store::write_file_atomic(&p, text.as_bytes()) {
                    Ok(()) => self.say(format!("Saved {}", p.display())),
                    Err(e) => self.fail("Could not save the table", &e.to_string()),
                }
            }
            (Purpose::Open, Some(p)) => intents.push(Intent::OpenPath(p)),
            (Purpose::SaveAs, Some(p)) => intents.push(Intent::SaveTo(p)),
            (Purpose::Import | Purpose::ImportFolder, Some(_)) => intents.push(Intent::ImportPaths(files)),
            (Purpose::Export(_), Some(p)) => self.export_dialog.set_destination(&p),
            (Purpose::AgreeWith, Some(p)) => intents.push(Intent::AgreeWith(p)),
            (Purpose::AdjudicateLeft, Some(p)) => {
                self.adjudicate_left = Some(p);
                intents.push(Intent::Run(Command::Adjudicate));
            }
            (Purpose::AdjudicateRight, Some(right)) => {
                if let Some(left) = self.adjudicate_left.take() {
                    intents.push(Intent::Adjudicate { left, right });
                }
            }
            (_, None) => self.after_save = None,
        }
    }

    /// Applies what an import job read, through the same plan as the command line: articles
    /// added and annotations merged as one undoable step, and a report naming each file.
    fn imported(&mut self, files: Vec<(PathBuf, Result<import::ImportFile, import::ImportError>)>, cancelled: bool) {
        let plan = match import::plan::plan(self.project(), files, &import::plan::Given::default()) {
            Ok(plan) => plan,
            Err(e) => {
                self.fail("Could not import", &e.to_string());
                return;
            }
        };
        let added = plan.added();
        if !plan.edit.is_noop() {
            let n = plan.files.len() - plan.refused();
            if self.edit(plan.edit.clone(), &format!("Import {n} file(s)")).is_err() {
                return;
            }
            if let Some(d) = added.first().copied() {
                self.reader.show_doc(d);
            }
        }
        let mut message = Vec::new();
        if cancelled {
            message.push("The import was cancelled; the files read before that were imported.".to_owned());
        }
        message.push(format!("{} article(s) imported.", added.len()));
        message.extend(plan.files.iter().map(ToString::to_string));
        let refused = plan.refused();
        if refused > 0 || plan.files.len() > 1 || cancelled {
            self.dialog = Some(Dialog::Error { title: "Import".into(), message: message.join("\n") });
        }
        let summary = if refused > 0 {
            format!("{} article(s) imported; {refused} file(s) not imported.", added.len())
        } else {
            message.get(usize::from(cancelled)).cloned().unwrap_or_default()
        };
        self.status = if refused == 0 { Status::info(summary) } else { Status::error(summary) };
    }

    /// Starts an export to `path`; an existing file there is replaced only once the analyst
    /// confirms (`overwrite`), and the project file itself never.
    fn start_export(&mut self, mut r: ExportRequest, path: PathBuf, overwrite: bool) {
        let Some(ctx) = self.ctx.clone() else { return };
        // Work that records no author is credited to whoever exports: the name set here.
        r.options.exporter = self.analyst();
        let mut target = crate::export::Target::new(path).protecting(self.session.path());
        target.overwrite = overwrite;
        match crate::export::check_target(r.format, &target) {
            Ok(()) => {}
            Err(crate::export::ExportError::Exists { path }) => {
                self.pending_export = Some(r);
                self.dialog = Some(Dialog::Replace(path));
                return;
            }
            Err(e) => {
                self.fail("Could not export", &e.to_string());
                return;
            }
        }
        if !self.jobs.export(&ctx, Arc::clone(self.session.shared()), r.scope, r.format, r.options, target) {
            self.say("Another export or import is running; try again when it is done.");
        }
    }

    fn poll_jobs(&mut self, ctx: &egui::Context) {
        for outcome in self.jobs.poll() {
            self.finished(outcome);
        }
        self.jobs.show(ctx);
    }

    fn finished(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Exported(Ok(s)) => {
                self.say(format!("Exported {} to {}", s.what(), s.path.display()));
            }
            Outcome::Exported(Err(crate::export::ExportError::Cancelled)) => {
                self.say("Export cancelled; nothing was written.");
            }
            Outcome::Exported(Err(e)) => self.fail("Could not export", &e.to_string()),
            Outcome::Read { files, cancelled, previewed: true } => self.imported(files, cancelled),
            Outcome::Read { files, cancelled, previewed: false } => match BulkPreview::of(files) {
                // A bulk download is previewed first: the analyst may want only some of it; a
                // REFI-QDA project that names files outside its archive asks which to read.
                Ok(preview) if !cancelled => self.bulk = Some(preview),
                Ok(preview) => self.imported(preview.into_files(), cancelled),
                Err(files) => self.imported(files, cancelled),
            },
            Outcome::Saved(outcome) => self.saved(outcome),
            Outcome::Autosaved(Ok(())) => {
                let at = now();
                self.say(format!("Autosaved a recovery copy at {} UTC", &at[11..19]));
            }
            Outcome::Autosaved(Err(e)) => self.status = Status::error(format!("Autosave failed: {e}")),
            Outcome::Failed { title, message } => {
                self.after_save = None;
                self.fail(&format!("{title} failed"), &message);
            }
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let instant = Instant::now();
        if let Some(request) = self.session.autosave_if_due(instant) {
            self.jobs.autosave(ctx, request);
        }
        if let Some(wait) = self.session.autosave_in(instant) {
            ctx.request_repaint_after(wait.max(Duration::from_millis(100)));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{}{} — {} — claimscope",
            if self.session.is_dirty() { "● " } else { "" },
            short(self.project().name()),
            self.session.display_name()
        );
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title as last set.
    pub fn title(&self) -> &str {
        &self.title
    }
}

/// The sample project, built in so a first run has something to open anywhere.
pub const SAMPLE: &str = include_str!("../../../../projects/soleimani.ron");

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
            let rss = super::resident_kib().map_or_else(|| "unknown".to_owned(), |k| format!("{} MiB", k / 1024));
            eprintln!("first frame after {:.0} ms; resident memory {rss}", started.elapsed().as_secs_f64() * 1000.0);
            ui.ctx().send_viewport_cmd(ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.bench.settings);
    }
}
