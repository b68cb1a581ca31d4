//! The compare side view: how each outlet frames the same event. Five tabs over one filter (tag,
//! speaker, claim, article): the tag × article matrix, the claims × articles table, articles side
//! by side, position strips, and "find in other articles" for the selected annotation.
//!
//! Tables come from `model::compare` and are cached per project revision and filter; the
//! similarity index is rebuilt only when an article's text changes.

use std::collections::BTreeSet;
use std::sync::Arc;

use eframe::egui::{self, Color32, CornerRadius, Rect, Sense, Ui, vec2};

use crate::analysis::compare::{ClaimOrder, ClaimsTable, Filter, Matrix, Strip, speakers, strips};
use crate::analysis::semantic::{Mode, Query, Ranked, WEIGHT, rank};
use crate::analysis::similar::Index;
use crate::model::{AnnotationId, ClaimId, DocId, Project, short, truncate};

use super::intent::Intent;
use super::reader::{Reader, tag_chip};
use super::theme;
use super::widgets::checklist;

mod claims;
mod matrix;
mod side_by_side;
pub mod similar;
mod strips;

/// The tabs of the side view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Matrix,
    Claims,
    SideBySide,
    Strips,
    Similar,
    Suggestions,
    Tags,
}

impl Tab {
    const ALL: [Tab; 7] =
        [Tab::Matrix, Tab::Claims, Tab::SideBySide, Tab::Strips, Tab::Similar, Tab::Suggestions, Tab::Tags];

    fn label(self) -> &'static str {
        match self {
            Tab::Matrix => "Matrix",
            Tab::Claims => "Claims",
            Tab::SideBySide => "Side by side",
            Tab::Strips => "Positions",
            Tab::Similar => "Find in other articles",
            Tab::Suggestions => "Suggested claims",
            Tab::Tags => "Suggested tags",
        }
    }
}

/// The tables for one project revision and filter, each computed when its tab first shows it.
struct Tables {
    revision: u64,
    filter: Filter,
    matrix: Option<Matrix>,
    claims: Option<ClaimsTable>,
    strips: Option<Vec<Strip>>,
}

/// View state of the side view.
pub struct CompareView {
    /// Who tags passages from here (set by the app from the preferences).
    pub analyst: String,
    pub open: bool,
    /// Fill the window instead of sitting beside the reader.
    pub widened: bool,
    /// Filling the window because it is too narrow to sit beside the reader (set by the app).
    pub forced_fill: bool,
    pub tab: Tab,
    pub filter: Filter,
    tables: Option<Tables>,
    /// The matrix cell whose annotations are listed.
    cell: Option<(usize, usize)>,
    /// Where the turned matrix is to scroll sideways next frame: a cell reached by Tab past
    /// the view's edge is brought into it.
    matrix_x: Option<f32>,
    /// And downwards.
    matrix_y: Option<f32>,
    /// Where the matrix's rows were shown last frame (the part of them in view).
    matrix_view: Option<egui::Rect>,
    /// The Positions mark chosen by keyboard: article and mark.
    strip_mark: Option<(DocId, usize)>,
    /// Articles shown side by side (two or three), each with its own reader.
    columns: Vec<Reader>,
    /// The claim whose passages the side-by-side columns show.
    pub claim: Option<ClaimId>,
    /// A claim being renamed: its id, the label typed so far, and whether the field has had focus.
    renaming: Option<(ClaimId, String, bool)>,
    merging: Option<ClaimId>,
    /// Columns shown side by side: 2 or 3.
    columns_shown: usize,
    /// How the claims table is sorted.
    pub claim_order: ClaimOrder,
    /// The first article column the claims table shows (it pages sideways).
    claim_columns_from: usize,
    /// Where the index is built (a manual runner in tests).
    pub runner: crate::ui::runner::Runner,
    /// Sentence vectors of the project, kept up to date by the app every frame.
    pub semantic: super::meaning::Semantic,
    /// The "Find in other articles" tab.
    pub similar: similar::Similar,
    /// The suggested-claims tab.
    pub suggestions: super::suggestions::Suggestions,
    /// Suggested tags: the tab, and what the reader draws.
    pub tags: super::tag_suggestions::TagSuggestions,
    /// The article the main reader shows (set by the app every frame).
    pub reader_doc: Option<DocId>,
}

/// Projects with more article text than this are indexed on another thread.
const BACKGROUND_INDEX_BYTES: usize = 500_000;

impl Default for CompareView {
    fn default() -> Self {
        let columns = ["side by side 1", "side by side 2", "side by side 3"]
            .into_iter()
            .map(|salt| {
                let mut r = Reader::default();
                r.salt = salt;
                r.font_size = 14.0;
                r.align_room = true;
                r
            })
            .collect();
        CompareView {
            analyst: String::new(),
            open: false,
            widened: false,
            forced_fill: false,
            tab: Tab::Matrix,
            filter: Filter::default(),
            tables: None,
            cell: None,
            matrix_x: None,
            matrix_y: None,
            matrix_view: None,
            strip_mark: None,
            columns,
            claim: None,
            renaming: None,
            merging: None,
            columns_shown: 2,
            claim_order: ClaimOrder::default(),
            claim_columns_from: 0,
            runner: crate::ui::runner::Runner::default(),
            semantic: super::meaning::Semantic::default(),
            similar: similar::Similar::default(),
            suggestions: super::suggestions::Suggestions::default(),
            tags: super::tag_suggestions::TagSuggestions::default(),
            reader_doc: None,
        }
    }
}

impl CompareView {
    /// The newest text selection in the side-by-side columns (when they show), with its article.
    pub fn active_selection(&self) -> Option<(u64, DocId, std::ops::Range<usize>)> {
        if !self.open || self.tab != Tab::SideBySide {
            return None;
        }
        self.columns.iter().take(self.columns_shown).filter_map(Reader::active_selection).max_by_key(|(at, _, _)| *at)
    }

    /// Drops the text selection of the column showing `doc`.
    pub fn clear_selection(&mut self, doc: DocId) {
        for r in self.columns.iter_mut().filter(|r| r.doc() == Some(doc)) {
            r.clear_selection();
        }
    }

    /// The matrix as shown (for tests and copying).
    pub fn matrix(&self) -> Option<&Matrix> {
        self.tables.as_ref().and_then(|t| t.matrix.as_ref())
    }

    /// The annotations listed for the chosen matrix cell.
    /// Where the matrix's rows were in view when last drawn.
    pub fn matrix_view(&self) -> Option<egui::Rect> {
        self.matrix_view
    }

    pub fn cell(&self) -> Option<(usize, usize)> {
        self.cell
    }

    /// The article side-by-side column `k` shows.
    pub fn column_doc(&self, k: usize) -> Option<DocId> {
        self.columns.get(k).and_then(Reader::doc)
    }

    /// Shows the passages of `claim` side by side, aligned.
    pub fn show_claim(&mut self, project: &Project, claim: ClaimId) {
        self.claim = Some(claim);
        let docs: Vec<DocId> = {
            let mut seen = Vec::new();
            for a in project.claim_links(claim) {
                if !seen.contains(&a.doc) {
                    seen.push(a.doc);
                }
            }
            seen
        };
        for (k, reader) in self.columns.iter_mut().enumerate() {
            if let Some(&d) = docs.get(k) {
                reader.show_doc(d);
            }
        }
        self.align(project);
    }

    /// Drops tables made for another revision or filter, and makes the one the tab shows.
    fn refresh(&mut self, project: &Project) {
        let stale = self.tables.as_ref().is_none_or(|t| t.revision != project.revision() || t.filter != self.filter);
        if stale {
            self.tables = Some(Tables {
                revision: project.revision(),
                filter: self.filter.clone(),
                matrix: None,
                claims: None,
                strips: None,
            });
        }
        let Some(t) = &mut self.tables else { return };
        let f = &self.filter;
        match self.tab {
            Tab::Matrix => {
                t.matrix.get_or_insert_with(|| Matrix::of(project, f));
            }
            Tab::Claims => {
                t.claims.get_or_insert_with(|| ClaimsTable::of(project, f));
            }
            Tab::Strips => {
                t.strips.get_or_insert_with(|| strips(project, f));
            }
            Tab::SideBySide | Tab::Similar | Tab::Suggestions | Tab::Tags => {}
        }
    }

    /// Draws the view. The project comes shared, so that indexing it in the background holds
    /// no second copy.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        shared: &Arc<Project>,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        let project: &Project = shared;
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading("Compare");
            // At the right edge, laid out left to right so that Tab reaches them in the order they
            // read (right to left, Close had come before "Fill the window").
            let label = if self.widened || self.forced_fill { "Beside the reader" } else { "Fill the window" };
            let width = |text: &str| {
                let font = egui::TextStyle::Button.resolve(ui.style());
                ui.painter().layout_no_wrap(text.to_owned(), font, egui::Color32::PLACEHOLDER).size().x
                    + 2.0 * ui.spacing().button_padding.x
            };
            let need = width(label) + width("Close") + ui.spacing().item_spacing.x;
            ui.add_space((ui.available_width() - need).max(0.0));
            if self.forced_fill {
                ui.add_enabled(false, egui::Button::new(label))
                    .on_disabled_hover_text("The window is too narrow to show both; widen it, or close this view");
            } else if ui.button(label).clicked() {
                self.widened = !self.widened;
            }
            if ui.button("Close").clicked() {
                self.open = false;
            }
        });
        // Ctrl+PageDown and Ctrl+PageUp go to the next and the previous tab, as in a browser (by
        // Tab alone the tabs were eleven presses away, past the menus).
        let (next, previous) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::PageDown),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::PageUp),
            )
        });
        if next || previous {
            let at = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
            let n = Tab::ALL.len();
            self.tab = Tab::ALL[if next { (at + 1) % n } else { (at + n - 1) % n }];
        }
        ui.horizontal_wrapped(|ui| {
            for tab in Tab::ALL {
                ui.selectable_value(&mut self.tab, tab, tab.label())
                    .on_hover_text("Ctrl+PageDown / Ctrl+PageUp: the next / previous tab");
            }
        });
        // The filter is the tables' (the other tabs have none, and it took their room: at
        // 900x600 Find in other articles showed a result and a half).
        if matches!(self.tab, Tab::Matrix | Tab::Claims | Tab::Strips) {
            self.filter_bar(ui, project);
        }
        ui.separator();
        // After the tab and filter controls, so a change made this frame shows this frame.
        self.refresh(project);
        match self.tab {
            Tab::Matrix => self.matrix_tab(ui, project, intents),
            Tab::Claims => self.claims_tab(ui, project, selected, intents),
            Tab::SideBySide => self.side_by_side(ui, project, intents),
            Tab::Strips => self.strips_tab(ui, project, intents),
            Tab::Similar => {
                let context = (&mut self.semantic, &self.runner, self.analyst.as_str());
                if let Some((doc, range)) = self.similar.ui(ui, shared, selected, context, intents) {
                    self.step_aside();
                    intents.push(show_passage(shared, doc, range));
                }
            }
            Tab::Suggestions => {
                let reveal = self.suggestions.ui(ui, shared, &self.semantic, &self.runner, &self.analyst, intents);
                if let Some((doc, range)) = reveal {
                    self.step_aside();
                    intents.push(show_passage(shared, doc, range));
                }
            }
            Tab::Tags => {
                let vectors = (&self.semantic.shared_embeddings(), self.semantic.generation(), self.semantic.reading());
                self.tags.ui(ui, shared, vectors, &self.runner, self.reader_doc, intents);
            }
        }
    }

    fn filter_bar(&mut self, ui: &mut Ui, project: &Project) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Show:");
            let f = &mut self.filter;
            checklist(ui, "Tags", &mut f.tags, || project.tags().iter().map(|t| (t.id, t.name.clone())).collect());
            checklist(ui, "Speakers", &mut f.speakers, || {
                speakers(project).into_iter().map(|s| (s.clone(), s)).collect()
            });
            checklist(ui, "Claims", &mut f.claims, || {
                project.claims().iter().map(|c| (c.id, short(&c.label))).collect()
            });
            checklist(ui, "Articles", &mut f.docs, || project.documents().iter().map(|d| (d.id, d.label())).collect());
            if !f.is_empty() && ui.button("Show all").clicked() {
                *f = Filter::default();
            }
        });
    }

    /// Makes room for the reader, where a passage chosen here is read: a view filling the window
    /// goes back beside the reader, or closes when the window is too narrow for both.
    fn step_aside(&mut self) {
        if self.forced_fill {
            self.open = false;
        }
        self.widened = false;
    }
}

/// Shows a passage in the reader: an annotation of exactly that passage is selected, so the
/// inspector shows its tag, speaker and claim (the article had opened with nothing selected);
/// otherwise the text is.
fn show_passage(project: &Project, doc: DocId, range: std::ops::Range<usize>) -> Intent {
    match project.annotations_of(doc).find(|a| a.range() == range) {
        Some(a) => Intent::Select(Some(a.id)),
        None => Intent::Reveal { doc, range },
    }
}

/// Most article columns the claims table shows at once.
const MAX_CLAIM_COLUMNS: usize = 24;
/// Narrowest article column of the claims table: five fit beside the reader at 1360 px.
const CLAIM_CELL_MIN: f32 = 88.0;

/// Above this many articles the matrix turns: articles as rows.
const WIDE_MATRIX_COLUMNS: usize = 12;

/// An article's short name as a column or row head.
fn doc_head(ui: &mut Ui, project: &Project, d: DocId, width: f32) {
    let doc = project.document(d);
    let name = doc.map(|d| d.short_name().to_owned()).unwrap_or_default();
    ui.add_sized([width, 20.0], egui::Label::new(egui::RichText::new(name).strong()).truncate())
        .on_hover_text(doc.map(crate::model::Document::label).unwrap_or_default());
}

fn total_label(ui: &mut Ui, total: &crate::analysis::compare::Cell) {
    ui.add_sized([70.0, 24.0], egui::Label::new(format!("{} · {:.0}%", total.count, total.share * 100.0)));
}

/// One matrix cell: count and share, shaded by share relative to the largest.
fn cell_button(
    ui: &mut Ui,
    project: &Project,
    m: &Matrix,
    (r, c): (usize, usize),
    chosen: bool,
    max: f64,
    width: f32,
) -> egui::Response {
    let (Some(tag), true) = (m.tags.get(r).and_then(|t| project.tag(*t)), c < m.docs.len()) else {
        return ui.label("");
    };
    let cell = m.cell(r, c);
    let intensity = (cell.share / max) as f32;
    let [red, green, blue] = tag.colour.0;
    let fill = Color32::from_rgba_unmultiplied(red, green, blue, (intensity * 200.0) as u8);
    let text = format!("{} · {:.0}%", cell.count, cell.share * 100.0);
    let colour = if intensity > 0.6 { theme::text_on(tag.colour) } else { ui.visuals().text_color() };
    let button = egui::Button::new(egui::RichText::new(text).color(colour))
        .fill(fill)
        .selected(chosen)
        .min_size(vec2(width, 24.0));
    let name = project.document(m.docs[c]).map(crate::model::Document::label).unwrap_or_default();
    let r = ui.add(button);
    // A clicked cell takes the keyboard, so that Tab goes on from it (it went on from the menu).
    if r.clicked() {
        r.request_focus();
    }
    r.accessible_name(format!("{} in {name}", tag.name)).on_hover_text(format!(
        "{}: {} annotation(s) in {name}, covering {} chars ({:.1}% of the text)",
        tag.name,
        cell.count,
        cell.chars,
        cell.share * 100.0
    ))
}

/// A clickable list of annotations (quote, speaker); returns the one clicked, to read.
fn annotation_list(ui: &mut Ui, project: &Project, ids: &[AnnotationId], salt: &str) -> Option<AnnotationId> {
    let mut clicked = None;
    egui::ScrollArea::vertical().id_salt(salt).auto_shrink([false, true]).show(ui, |ui| {
        for id in ids {
            let Some(a) = project.annotation(*id) else { continue };
            let speaker = if a.speaker.is_empty() { String::new() } else { format!(" ({})", a.speaker) };
            let text = format!("“{}”{speaker}", short(&a.quote.exact));
            if ui.selectable_label(false, text).on_hover_text("Show it in the reader").clicked() {
                clicked = Some(*id);
            }
        }
    });
    clicked
}

/// "Copy as CSV" and "Save as CSV…" for the table called `what` (the file is `what.csv`); the
/// CSV is made only when asked for.
fn csv_buttons(ui: &mut Ui, what: &str, intents: &mut Vec<Intent>, csv: impl Fn() -> String) {
    if ui.button("Copy as CSV").clicked() {
        ui.ctx().copy_text(csv());
        intents.push(Intent::Say(format!("Copied the {what} table as CSV.")));
    }
    if ui.button("Save as CSV…").clicked() {
        intents.push(Intent::SaveText { name: format!("{what}.csv"), text: csv() });
    }
}

/// One cell of the claims table: the tags, the speakers and one line of the quote; the whole
/// passage on hover. Returns true when clicked (to read the passage).
fn framing_cell(
    ui: &mut Ui,
    project: &Project,
    claims: &ClaimsTable,
    col: usize,
    f: &crate::analysis::compare::Framing,
    differs: bool,
) -> bool {
    let response = ui
        .scope(|ui| {
            ui.spacing_mut().item_spacing = vec2(3.0, 1.0);
            ui.horizontal(|ui| {
                if differs {
                    ui.label(egui::RichText::new("≠").strong().color(ui.visuals().warn_fg_color))
                        .on_hover_text("Framed differently from the other articles");
                }
                // The main tag; another tag its passages carry is named ("+ Fact"), more are
                // counted as tags, not passages ("+2 tags").
                if let Some(tag) = project.tag(f.main_tag) {
                    tag_chip(ui, &tag.name, tag.colour);
                }
                let others: Vec<&crate::model::TagDef> =
                    f.tags.iter().filter(|t| **t != f.main_tag).filter_map(|t| project.tag(*t)).collect();
                match others.as_slice() {
                    [] => {}
                    [one] => {
                        // Cut to the cell: a long tag name must not run into the next column.
                        let text =
                            egui::RichText::new(format!("+ {}", one.name)).small().color(theme::solid(one.colour));
                        ui.add(egui::Label::new(text).truncate()).on_hover_text(format!("Also tagged {}", one.name));
                    }
                    more => {
                        let names: Vec<&str> = more.iter().map(|t| t.name.as_str()).collect();
                        ui.add(
                            egui::Label::new(egui::RichText::new(format!("+{} tags", more.len())).small()).truncate(),
                        )
                        .on_hover_text(format!("Also tagged {}", names.join(", ")));
                    }
                }
            });
            let speakers = if f.speakers.is_empty() { "—".to_owned() } else { f.speakers.join(", ") };
            ui.add(egui::Label::new(egui::RichText::new(speakers).small()).truncate());
            let mut quote = lines(ui, &format!("“{}”", f.quote), 2, false);
            if let Some(s) = quote.sections.first_mut() {
                s.format.italics = true;
            }
            ui.add(egui::Label::new(quote));
        })
        .response;
    // Made a widget of its own id, in the cell's: the scope's response made clickable took the
    // keyboard on Tab, then lost it the next frame (its id is not the one seen again), so Tab
    // left the claims table after its first row.
    let response = ui.interact(response.rect, ui.scope_id().with(("framing", col)), Sense::click());
    // The keyboard's place is drawn, and brought into view: Tab into a cell showed nothing, and
    // into a row below the table's edge left the table where it was.
    if response.has_focus() {
        ui.painter().rect_stroke(
            response.rect.expand(2.0),
            3.0,
            ui.visuals().selection.stroke,
            egui::StrokeKind::Outside,
        );
    }
    // With the rows around it: the table draws only the rows in view, and Tab goes on only to
    // a row that is drawn (brought just into view, the last row stayed out of Tab's reach).
    if response.gained_focus() {
        let cell = ui.max_rect();
        ui.scroll_to_rect(cell.expand2(egui::vec2(0.0, cell.height())), None);
    }
    let outlet =
        claims.docs.get(col).and_then(|d| project.document(*d)).map(crate::model::Document::label).unwrap_or_default();
    let passage = f
        .annotations
        .first()
        .and_then(|a| project.annotation(*a))
        .map_or_else(|| f.quote.clone(), |a| a.quote.exact.clone());
    let response = response.on_hover_ui(|ui| {
        ui.set_max_width(420.0);
        ui.label(egui::RichText::new(&outlet).strong());
        ui.horizontal_wrapped(|ui| {
            for tag in f.tags.iter().filter_map(|t| project.tag(*t)) {
                tag_chip(ui, &tag.name, tag.colour);
            }
        });
        ui.label(format!("“{passage}”"));
        ui.label(egui::RichText::new("Click to read it in the article").weak());
    });
    let _ = response.clone().accessible_name(format!("{outlet}: {}", short(&f.quote)));
    response.clicked()
}

/// `text` wrapped to the width there is, at most `rows` lines, the rest cut with an ellipsis.
fn lines(ui: &Ui, text: &str, rows: usize, strong: bool) -> egui::text::LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let colour = if strong { ui.visuals().strong_text_color() } else { ui.visuals().text_color() };
    let mut job = egui::text::LayoutJob::simple(text.to_owned(), font, colour, ui.available_width());
    job.wrap.max_rows = rows;
    job.wrap.break_anywhere = false;
    job.wrap.overflow_character = Some('…');
    job
}
