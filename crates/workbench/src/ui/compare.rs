//! The compare side view: how each outlet frames the same event. Five tabs over one filter (tag,
//! speaker, claim, article): the tag × article matrix, the claims × articles table, articles side
//! by side, position strips, and "find in other articles" for the selected annotation.
//!
//! Tables come from `model::compare` and are cached per project revision and filter; the
//! similarity index is rebuilt only when an article's text changes.

use std::collections::BTreeSet;
use std::sync::Arc;

use eframe::egui::{self, Color32, CornerRadius, Rect, Sense, Ui, vec2};

use crate::model::compare::{ClaimOrder, ClaimsTable, Filter, Matrix, Strip, speakers, strips};
use crate::model::semantic::{Mode, Query, Ranked, WEIGHT, rank};
use crate::model::similar::Index;
use crate::model::{AnnotationId, ClaimId, DocId, Project, short, truncate};

use super::intent::Intent;
use super::reader::{Reader, tag_chip};
use super::theme;
use super::widgets::checklist;

/// The tabs of the side view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Matrix,
    Claims,
    SideBySide,
    Strips,
    Similar,
    Suggestions,
}

impl Tab {
    const ALL: [Tab; 6] = [Tab::Matrix, Tab::Claims, Tab::SideBySide, Tab::Strips, Tab::Similar, Tab::Suggestions];

    fn label(self) -> &'static str {
        match self {
            Tab::Matrix => "Matrix",
            Tab::Claims => "Claims",
            Tab::SideBySide => "Side by side",
            Tab::Strips => "Positions",
            Tab::Similar => "Find in other articles",
            Tab::Suggestions => "Suggested claims",
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
    /// Find in other articles lists each outlet's best passage only (on by default: one wire
    /// story's four close sentences would otherwise fill the list before any other outlet).
    pub best_per_outlet: bool,
    pub tab: Tab,
    pub filter: Filter,
    tables: Option<Tables>,
    /// The matrix cell whose annotations are listed.
    cell: Option<(usize, usize)>,
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
    index: Option<Index>,
    /// An index being built in the background.
    indexing: Option<std::sync::mpsc::Receiver<Index>>,
    /// The project revision at which indexing stopped without a result (the thread panicked):
    /// said, and not tried again until the project changes.
    index_failed: Option<u64>,
    /// The ranking shown: for which annotation, project revision and generation of vectors.
    similar: Option<(AnnotationId, u64, u64, Vec<Ranked>)>,
    /// Where the index is built (a manual runner in tests).
    pub runner: crate::ui::runner::Runner,
    /// Sentence vectors of the project, kept up to date by the app every frame.
    pub semantic: super::semantic::Semantic,
    /// The suggested-claims tab.
    pub suggestions: super::suggestions::Suggestions,
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
                r
            })
            .collect();
        CompareView {
            analyst: String::new(),
            open: false,
            widened: false,
            best_per_outlet: true,
            forced_fill: false,
            tab: Tab::Matrix,
            filter: Filter::default(),
            tables: None,
            cell: None,
            columns,
            claim: None,
            renaming: None,
            merging: None,
            columns_shown: 2,
            claim_order: ClaimOrder::default(),
            claim_columns_from: 0,
            index: None,
            indexing: None,
            index_failed: None,
            similar: None,
            runner: crate::ui::runner::Runner::default(),
            semantic: super::semantic::Semantic::default(),
            suggestions: super::suggestions::Suggestions::default(),
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
    pub fn cell(&self) -> Option<(usize, usize)> {
        self.cell
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

    /// Scrolls each column to its passage of the chosen claim (centred, so they line up), and
    /// outlines the claim's passages.
    fn align(&mut self, project: &Project) {
        let Some(claim) = self.claim else { return };
        for reader in &mut self.columns {
            let Some(doc) = reader.doc() else { continue };
            let mine: Vec<AnnotationId> =
                project.annotations_of(doc).filter(|a| a.claim == Some(claim)).map(|a| a.id).collect();
            if let Some(first) = mine.first().and_then(|a| project.annotation(*a)) {
                reader.reveal(first.range());
            }
            reader.emphasis = mine;
        }
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
            Tab::SideBySide | Tab::Similar | Tab::Suggestions => {}
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
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Close").clicked() {
                    self.open = false;
                }
                if self.forced_fill {
                    ui.add_enabled(false, egui::Button::new("Beside the reader"))
                        .on_disabled_hover_text("The window is too narrow to show both; widen it, or close this view");
                } else {
                    let label = if self.widened { "Beside the reader" } else { "Fill the window" };
                    if ui.button(label).clicked() {
                        self.widened = !self.widened;
                    }
                }
            });
        });
        ui.horizontal_wrapped(|ui| {
            for tab in Tab::ALL {
                ui.selectable_value(&mut self.tab, tab, tab.label());
            }
        });
        self.filter_bar(ui, project);
        ui.separator();
        // After the tab and filter controls, so a change made this frame shows this frame.
        self.refresh(project);
        match self.tab {
            Tab::Matrix => self.matrix_tab(ui, project, intents),
            Tab::Claims => self.claims_tab(ui, project, selected, intents),
            Tab::SideBySide => self.side_by_side(ui, project, intents),
            Tab::Strips => self.strips_tab(ui, project, intents),
            Tab::Similar => self.similar_tab(ui, shared, selected, intents),
            Tab::Suggestions => {
                let reveal = self.suggestions.ui(ui, shared, &self.semantic, &self.runner, &self.analyst, intents);
                if let Some((doc, range)) = reveal {
                    self.step_aside();
                    intents.push(Intent::Reveal { doc, range });
                }
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

    fn matrix_tab(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
        let Some(m) = self.tables.as_ref().and_then(|t| t.matrix.as_ref()) else { return };
        ui.add(
            egui::Label::new(
                egui::RichText::new(
                    "Annotations per tag and article; shading and % show how much of the article's text the tag covers.",
                )
                .weak(),
            )
            .wrap(),
        );
        ui.horizontal(|ui| {
            csv_buttons(ui, "matrix", intents, || crate::export::tables::matrix_csv(project, m));
        });
        let max = m.max_share().max(f64::EPSILON);
        let mut clicked = None;
        if m.docs.len() <= WIDE_MATRIX_COLUMNS {
            // Columns share the width there is (headings are not cut while there is room).
            let col_w = ((ui.available_width() - 200.0) / m.docs.len().max(1) as f32).clamp(72.0, 220.0);
            egui::ScrollArea::both().id_salt("matrix").max_height(ui.available_height() * 0.6).show(ui, |ui| {
                egui::Grid::new("matrix grid").striped(false).spacing([4.0, 4.0]).show(ui, |ui| {
                    ui.label("");
                    for d in &m.docs {
                        doc_head(ui, project, *d, col_w);
                    }
                    ui.add_sized([70.0, 20.0], egui::Label::new(egui::RichText::new("total").strong()));
                    ui.end_row();
                    for (r, tag) in m.tags.iter().enumerate() {
                        let Some(tag) = project.tag(*tag) else { continue };
                        ui.add_sized([110.0, 24.0], |ui: &mut Ui| tag_chip(ui, &tag.name, tag.colour));
                        for c in 0..m.docs.len() {
                            if cell_button(ui, project, m, (r, c), self.cell == Some((r, c)), max, col_w).clicked() {
                                clicked = Some((r, c));
                            }
                        }
                        total_label(ui, &m.row_totals[r]);
                        ui.end_row();
                    }
                    ui.add_sized([110.0, 24.0], egui::Label::new(egui::RichText::new("total").strong()));
                    for c in &m.col_totals {
                        ui.add_sized([col_w, 24.0], egui::Label::new(format!("{} · {:.0}%", c.count, c.share * 100.0)));
                    }
                    ui.add_sized([70.0, 24.0], egui::Label::new(egui::RichText::new(m.total.to_string()).strong()));
                    ui.end_row();
                });
            });
        } else {
            // Too many articles for columns: articles become rows, and only the rows on screen
            // are built.
            ui.label(egui::RichText::new(format!("{} articles: one row each.", m.docs.len())).weak());
            ui.horizontal(|ui| {
                ui.add_sized([160.0, 20.0], egui::Label::new(""));
                for tag in m.tags.iter().filter_map(|t| project.tag(*t)) {
                    ui.add_sized([96.0, 24.0], |ui: &mut Ui| tag_chip(ui, &tag.name, tag.colour));
                }
            });
            egui::ScrollArea::vertical().id_salt("matrix rows").max_height(ui.available_height() * 0.6).show_rows(
                ui,
                28.0,
                m.docs.len(),
                |ui, range| {
                    for c in range {
                        ui.horizontal(|ui| {
                            doc_head(ui, project, m.docs[c], 160.0);
                            for r in 0..m.tags.len() {
                                if cell_button(ui, project, m, (r, c), self.cell == Some((r, c)), max, 96.0).clicked() {
                                    clicked = Some((r, c));
                                }
                            }
                            total_label(ui, &m.col_totals[c]);
                        });
                    }
                },
            );
        }
        if let Some(c) = clicked {
            self.cell = if self.cell == Some(c) { None } else { Some(c) };
        }
        let Some((r, c)) = self.cell else { return };
        let (Some(row), Some(tag)) = (m.cells.get(r), m.tags.get(r).and_then(|t| project.tag(*t))) else { return };
        let Some(cell) = row.get(c) else { return };
        ui.separator();
        let name = project.document(m.docs[c]).map(crate::model::Document::label).unwrap_or_default();
        ui.label(egui::RichText::new(format!("{} in {name}: {}", tag.name, cell.count)).strong());
        if let Some(a) = annotation_list(ui, project, &cell.annotations, "matrix cell list") {
            self.step_aside();
            intents.push(Intent::Select(Some(a)));
        }
    }

    fn claims_tab(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        // The rows' buttons change this view's state while the table is read: hold it apart.
        let tables = self.tables.take();
        if let Some(claims) = tables.as_ref().and_then(|t| t.claims.as_ref()) {
            self.claims_body(ui, project, claims, selected, intents);
        }
        self.tables = tables;
    }

    fn claims_body(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        claims: &ClaimsTable,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        ui.horizontal_wrapped(|ui| {
            csv_buttons(ui, "claims", intents, || crate::export::tables::claims_csv(project, claims));
            let label = ui.label("Sort by");
            egui::ComboBox::from_id_salt("claims order")
                .selected_text(self.claim_order.label())
                .show_ui(ui, |ui| {
                    for o in ClaimOrder::ALL {
                        ui.selectable_value(&mut self.claim_order, o, o.label());
                    }
                })
                .response
                .labelled_by(label.id);
            let disagreeing = claims.rows.iter().filter(|r| r.disagrees).count();
            ui.label(
                egui::RichText::new(format!("{} claim(s), {disagreeing} framed differently", claims.rows.len())).weak(),
            );
        });
        if claims.rows.is_empty() {
            ui.label(
                "No claims yet. Select an annotation and type a claim under “Claim” in the inspector to make one.",
            );
            return;
        }
        // Only the articles that make some shown claim get a column; past a readable number, the
        // ones that make the most claims (filter by article to choose others).
        let mut claims_made: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for (c, _) in claims.rows.iter().flat_map(|r| r.framings.iter()) {
            *claims_made.entry(*c).or_default() += 1;
        }
        let mut used: Vec<usize> = claims_made.keys().copied().collect();
        if used.len() > MAX_CLAIM_COLUMNS {
            used.sort_by_key(|c| std::cmp::Reverse(claims_made[c]));
            used.truncate(MAX_CLAIM_COLUMNS);
            used.sort_unstable();
        }
        // The claim column stays put; the article columns share the rest, at least
        // CLAIM_CELL_MIN wide, and page sideways when they do not all fit.
        let width = ui.available_width();
        let claim_w = (width * 0.3).clamp(150.0, 260.0);
        let fit = (((width - claim_w - 8.0) / CLAIM_CELL_MIN).floor() as usize).max(1);
        let first = self.claim_columns_from.min(used.len().saturating_sub(fit));
        self.claim_columns_from = first;
        let shown: Vec<usize> = used.iter().copied().skip(first).take(fit).collect();
        let cell_w = ((width - claim_w - 8.0) / shown.len().max(1) as f32).floor();
        if used.len() > shown.len() {
            ui.horizontal(|ui| {
                if ui.add_enabled(first > 0, egui::Button::new("‹")).on_hover_text("Earlier articles").clicked() {
                    self.claim_columns_from = first.saturating_sub(fit);
                }
                ui.label(format!("articles {}–{} of {}", first + 1, first + shown.len(), used.len()));
                if ui
                    .add_enabled(first + shown.len() < used.len(), egui::Button::new("›"))
                    .on_hover_text("Later articles")
                    .clicked()
                {
                    self.claim_columns_from = first + fit;
                }
                if used.len() < claims_made.len() {
                    ui.label(
                        egui::RichText::new(format!(
                            "({} articles make claims; choose others with Articles above)",
                            claims_made.len()
                        ))
                        .weak(),
                    );
                }
            });
        }
        // The header.
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            ui.add_sized([claim_w, 20.0], egui::Label::new(egui::RichText::new("Claim").strong()));
            for &c in &shown {
                let Some(d) = claims.docs.get(c).and_then(|d| project.document(*d)) else { continue };
                ui.add_sized([cell_w, 20.0], egui::Label::new(egui::RichText::new(d.short_name()).strong()).truncate())
                    .on_hover_text(d.label());
            }
        });
        ui.separator();
        let order = claims.order(project, self.claim_order);
        // Four lines: the label gets three, a cell its tags, speakers and two lines of quote.
        let row_h = ui.text_style_height(&egui::TextStyle::Body) * 4.0 + 16.0;
        let mut show = None;
        egui::ScrollArea::vertical().id_salt("claims table").auto_shrink([false, false]).show_rows(
            ui,
            row_h,
            order.len(),
            |ui, range| {
                ui.spacing_mut().item_spacing = vec2(0.0, 2.0);
                for &i in &order[range] {
                    let row = &claims.rows[i];
                    let Some(claim) = project.claim(row.claim) else { continue };
                    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), row_h), Sense::hover());
                    let warn = ui.visuals().warn_fg_color;
                    if row.disagrees {
                        // Seen at a glance: a tinted row with a bar at its edge.
                        ui.painter().rect_filled(rect, 2.0, warn.gamma_multiply(0.10));
                        ui.painter().rect_filled(Rect::from_min_size(rect.min, vec2(4.0, rect.height())), 0.0, warn);
                    }
                    let differing = row.differing();
                    let mut claim_ui =
                        ui.new_child(egui::UiBuilder::new().max_rect(Rect::from_min_size(
                            rect.min + vec2(8.0, 2.0),
                            vec2(claim_w - 12.0, row_h - 4.0),
                        )));
                    self.claim_cell(&mut claim_ui, project, claim, row, selected, intents);
                    for (k, &c) in shown.iter().enumerate() {
                        let cell = Rect::from_min_size(
                            rect.min + vec2(claim_w + k as f32 * cell_w, 2.0),
                            vec2(cell_w - 6.0, row_h - 4.0),
                        );
                        let mut cell_ui = ui.new_child(egui::UiBuilder::new().max_rect(cell));
                        match row.framing(c) {
                            None => {
                                cell_ui.label(egui::RichText::new("—").weak());
                            }
                            Some(f) => {
                                if differing.contains(&c) {
                                    ui.painter().rect_stroke(
                                        cell.expand(1.0),
                                        3.0,
                                        egui::Stroke::new(1.5, warn),
                                        egui::StrokeKind::Inside,
                                    );
                                }
                                if framing_cell(&mut cell_ui, project, claims, c, f, differing.contains(&c)) {
                                    show = f.annotations.first().copied();
                                }
                            }
                        }
                    }
                }
            },
        );
        if let Some(a) = show {
            self.step_aside();
            intents.push(Intent::Select(Some(a)));
        }
    }

    /// Makes room for the reader, where a passage chosen here is read: a view filling the window
    /// goes back beside the reader, or closes when the window is too narrow for both.
    fn step_aside(&mut self) {
        if self.forced_fill {
            self.open = false;
        }
        self.widened = false;
    }

    /// The first cell of a claims row: the label, how many articles make the claim, and one menu
    /// of what can be done with it.
    fn claim_cell(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        claim: &crate::model::Claim,
        row: &crate::model::compare::ClaimRow,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        let (id, label) = (claim.id, claim.label.as_str());
        if let Some((rid, text, focused)) = &mut self.renaming
            && *rid == id
        {
            let field = ui
                .add(egui::TextEdit::singleline(text).desired_width(ui.available_width()))
                .accessible_name("Claim label");
            if !*focused {
                field.request_focus();
                *focused = true;
            }
            // Any way out of the field (Enter, Tab, a click, Esc) keeps what was typed; undo
            // takes it back.
            if field.lost_focus() {
                if text.trim() != label
                    && let Some(c) = project.claim(id)
                    && let Ok(edit) = project.update_claim(id, text, &c.note)
                {
                    intents.push(Intent::Edit { edit, label: "Rename claim".into() });
                }
                self.renaming = None;
            }
            return;
        }
        if self.merging == Some(id) {
            let mut into = None;
            let mut cancel = false;
            egui::ComboBox::from_id_salt(("merge into", id))
                .selected_text("merge into…")
                .width(ui.available_width())
                .show_ui(ui, |ui| {
                    for other in project.claims().iter().filter(|c| c.id != id) {
                        if ui.selectable_label(false, short(&other.label)).clicked() {
                            into = Some(other.id);
                        }
                    }
                    cancel = ui.button("Cancel").clicked();
                });
            if let Some(into) = into
                && let Ok(edit) = project.merge_claims(into, id)
            {
                intents.push(Intent::Edit { edit, label: format!("Merge “{}” into another claim", short(label)) });
                self.merging = None;
            }
            if cancel {
                self.merging = None;
            }
            return;
        }
        let width = ui.available_width();
        ui.horizontal(|ui| {
            ui.set_max_width(width);
            let menu = ui.menu_button("…", |ui| {
                if ui.button("Rename").clicked() {
                    self.renaming = Some((id, label.to_owned(), false));
                    ui.close();
                }
                if ui.button("Show side by side").on_hover_text("Show this claim's passages side by side").clicked() {
                    self.tab = Tab::SideBySide;
                    self.show_claim(project, id);
                    ui.close();
                }
                if let Some(a) = selected.and_then(|a| project.annotation(a))
                    && a.claim != Some(id)
                    && ui
                        .button("Link the selected annotation")
                        .on_hover_text(format!("Link “{}” to this claim", short(&a.quote.exact)))
                        .clicked()
                    && let Ok(edit) = project.link(a.id, Some(id))
                {
                    intents.push(Intent::Edit { edit, label: format!("Link to “{}”", short(label)) });
                    ui.close();
                }
                if ui.button("Merge into…").clicked() {
                    self.merging = Some(id);
                    ui.close();
                }
                if ui.button("Delete").on_hover_text("Delete the claim; its annotations stay, unlinked").clicked()
                    && let Ok(edit) = project.delete_claim(id)
                {
                    intents.push(Intent::Edit { edit, label: format!("Delete claim “{}”", short(label)) });
                    ui.close();
                }
            });
            let _ = menu.response.accessible_name(format!("Actions for claim: {label}"));
            ui.vertical(|ui| {
                ui.add(egui::Label::new(lines(ui, label, 3, true))).on_hover_text(label);
                let n = row.framings.len();
                let mut note = format!("{n} article{}", if n == 1 { "" } else { "s" });
                if row.disagrees {
                    note += " · framed differently";
                }
                let text = egui::RichText::new(note).small();
                ui.label(if row.disagrees { text.color(ui.visuals().warn_fg_color).strong() } else { text.weak() });
            });
        });
    }

    fn side_by_side(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
        let mut realign = false;
        ui.horizontal_wrapped(|ui| {
            ui.label("Claim:");
            let current =
                self.claim.and_then(|c| project.claim(c)).map_or("(choose a claim)".to_owned(), |c| short(&c.label));
            let combo =
                egui::ComboBox::from_id_salt("side claim").selected_text(current).width(280.0).show_ui(ui, |ui| {
                    for c in project.claims() {
                        let docs: BTreeSet<DocId> = project.claim_links(c.id).map(|a| a.doc).collect();
                        if ui
                            .selectable_label(
                                self.claim == Some(c.id),
                                format!("{} ({} articles)", short(&c.label), docs.len()),
                            )
                            .clicked()
                        {
                            self.claim = Some(c.id);
                            realign = true;
                        }
                    }
                });
            let _ = combo.response.accessible_name("Claim shown side by side");
            ui.label("Columns:");
            for n in [2, 3] {
                if ui.selectable_label(self.columns_shown == n, n.to_string()).clicked() && self.columns_shown != n {
                    self.columns_shown = n;
                    realign = true;
                }
            }
        });
        if realign && let Some(c) = self.claim {
            self.show_claim(project, c);
        }
        let shown = self.columns_shown.clamp(2, 3);
        let mut local = Vec::new();
        ui.columns(shown, |cols| {
            for (k, col) in cols.iter_mut().enumerate() {
                let reader = &mut self.columns[k];
                let current = reader
                    .doc()
                    .and_then(|d| project.document(d))
                    .map_or("(choose an article)".to_owned(), |d| truncate(&d.label(), 40));
                let mut pick = None;
                let combo = egui::ComboBox::from_id_salt(("side doc", k))
                    .selected_text(current)
                    .width(col.available_width() - 8.0)
                    .show_ui(col, |ui| {
                        for d in project.documents() {
                            if ui.selectable_label(reader.doc() == Some(d.id), d.label()).clicked() {
                                pick = Some(d.id);
                            }
                        }
                    });
                let _ = combo.response.accessible_name(format!("Article in column {}", k + 1));
                if let Some(d) = pick {
                    reader.show_doc(d);
                    realign = true;
                }
                // A gutter between the columns, and text set from the left: in a justified column
                // a long headline ran on into the next one.
                egui::Frame::new().inner_margin(egui::Margin { left: 0, right: 14, top: 0, bottom: 0 }).show(
                    col,
                    |ui| {
                        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                            reader.ui(ui, project, None, &mut local);
                        });
                    },
                );
            }
        });
        if realign {
            self.align(project);
        }
        // Clicks in the columns select annotations for the inspector; edits go through as usual.
        for i in local {
            match i {
                Intent::SelectInPlace(a) | Intent::Select(a) => intents.push(Intent::SelectInPlace(a)),
                Intent::Edit { .. } | Intent::EditMerging { .. } | Intent::Tag { .. } | Intent::TagKey(_) => {
                    intents.push(i);
                }
                _ => {}
            }
        }
    }

    fn strips_tab(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
        let Some(strips) = self.tables.as_ref().and_then(|t| t.strips.as_ref()) else { return };
        ui.label(egui::RichText::new("Where each tag falls in each article, from its start (left) to its end (right). Click a mark to read it.").weak());
        let row_height = 22.0;
        let mut clicked = None;
        egui::ScrollArea::vertical().id_salt("strips").auto_shrink([false, false]).show_rows(
            ui,
            row_height,
            strips.len(),
            |ui, range| {
                for strip in &strips[range] {
                    let Some(doc) = project.document(strip.doc) else { continue };
                    ui.horizontal(|ui| {
                        ui.add_sized([140.0, row_height], egui::Label::new(doc.short_name()).truncate())
                            .on_hover_text(doc.label());
                        let (bar, response) =
                            ui.allocate_exact_size(vec2(ui.available_width() - 8.0, row_height - 6.0), Sense::click());
                        let painter = ui.painter();
                        painter.rect_filled(bar, CornerRadius::same(2), ui.visuals().faint_bg_color);
                        let mut hovered = None;
                        for m in &strip.marks {
                            let x0 = bar.left() + bar.width() * m.from as f32;
                            let x1 = (bar.left() + bar.width() * m.to as f32).max(x0 + 2.0);
                            let r = Rect::from_x_y_ranges(x0..=x1, bar.y_range());
                            let colour = project.tag(m.tag).map_or(Color32::GRAY, |t| theme::solid(t.colour));
                            painter.rect_filled(r, 0.0, colour);
                            if response.hover_pos().is_some_and(|p| r.expand2(vec2(2.0, 0.0)).contains(p)) {
                                hovered = Some(m.annotation);
                            }
                        }
                        if let Some(a) = hovered.and_then(|a| project.annotation(a)) {
                            let tag = project.tag(a.tag).map(|t| t.name.clone()).unwrap_or_default();
                            let response = response
                                .clone()
                                .on_hover_text_at_pointer(format!("{tag}: “{}”", short(&a.quote.exact)));
                            if response.clicked() {
                                clicked = Some(a.id);
                            }
                        }
                    });
                }
            },
        );
        if let Some(a) = clicked {
            self.step_aside();
            intents.push(Intent::Select(Some(a)));
        }
    }

    fn similar_tab(
        &mut self,
        ui: &mut Ui,
        shared: &Arc<Project>,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        let project: &Project = shared;
        let Some(a) = selected.and_then(|a| project.annotation(a)) else {
            ui.label("Select an annotation: the passages of the other articles that say the most similar things are listed here, best first.");
            return;
        };
        if self.index.as_ref().is_none_or(|i| !i.is_current(project)) {
            // A small project is indexed at once; a large one on another thread (0.6 s for
            // 5 MB of text), while this tab says so.
            let chars: usize = project.documents().iter().map(|d| d.text.as_str().len()).sum();
            if chars < BACKGROUND_INDEX_BYTES {
                self.index = Some(Index::build(project));
            } else {
                let (ready, stopped) = match self.indexing.as_ref().map(std::sync::mpsc::Receiver::try_recv) {
                    Some(Ok(index)) => (Some(index), false),
                    Some(Err(std::sync::mpsc::TryRecvError::Disconnected)) => (None, true),
                    _ => (None, false),
                };
                if stopped {
                    self.indexing = None;
                    self.index_failed = Some(project.revision());
                }
                if self.index_failed == Some(project.revision()) {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        "Could not index the sentences: the background work stopped. It is tried again after the next change.",
                    );
                    return;
                }
                match ready {
                    Some(index) if index.is_current(project) => {
                        self.index = Some(index);
                        self.indexing = None;
                    }
                    _ => {
                        if ready.is_some() || self.indexing.is_none() {
                            let (tx, rx) = std::sync::mpsc::channel();
                            let snapshot = Arc::clone(shared);
                            let ctx = ui.ctx().clone();
                            self.runner.spawn(move || {
                                let _ = tx.send(Index::build(&snapshot));
                                ctx.request_repaint();
                            });
                            self.indexing = Some(rx);
                        }
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(format!("Indexing the sentences of {} articles…", project.documents().len()));
                        });
                        return;
                    }
                }
            }
        }
        let generation = self.semantic.generation();
        if self
            .similar
            .as_ref()
            .is_none_or(|(id, rev, g, _)| *id != a.id || *rev != project.revision() || *g != generation)
            && let Some(index) = &self.index
        {
            let query = Query::for_annotation(project, a, Some(self.semantic.embeddings()));
            let semantic = self.semantic.index_for(project, index);
            // Ranked deeper than shown, so that "best per outlet" still has ten outlets to show.
            let ranked = rank(project, index, semantic, &query, Mode::Hybrid, WEIGHT, 60);
            self.similar = Some((a.id, project.revision(), generation, ranked));
        }
        let Some((_, _, _, ranked)) = &self.similar else { return };
        // The outlet a passage speaks for: its article's outlet, else the article itself.
        let outlet = |d: DocId| {
            project.document(d).map_or_else(String::new, |d| {
                if d.source.trim().is_empty() { format!("article {}", d.id) } else { d.source.trim().to_lowercase() }
            })
        };
        let mut seen = BTreeSet::new();
        let results: Vec<_> =
            ranked.iter().filter(|s| !self.best_per_outlet || seen.insert(outlet(s.doc))).take(10).collect();
        let claim = a.claim.and_then(|c| project.claim(c));
        ui.label(egui::RichText::new(format!("Like “{}”", short(&a.quote.exact))).strong());
        let by_meaning = results.iter().any(|r| r.why.meaning.is_some());
        let how = match self.semantic.activity() {
            Some(activity) if !by_meaning => format!("Ranked by shared words for now. {activity}"),
            _ if by_meaning => "Ranked by shared words and meaning.".to_owned(),
            _ => "Ranked by shared words.".to_owned(),
        };
        ui.label(egui::RichText::new(how).small().weak());
        ui.checkbox(&mut self.best_per_outlet, "Best per outlet")
            .on_hover_text("List only each outlet's closest passage (untick to see all, best first)");
        ui.label(
            egui::RichText::new(match claim {
                Some(c) => format!("Tagging a passage here links it to the claim “{}”.", short(&c.label)),
                None => "Tagging a passage here makes a claim of this annotation and links both to it.".to_owned(),
            })
            .weak(),
        );
        if results.is_empty() {
            ui.label("No passage of the other articles shares words or meaning with it.");
            return;
        }
        let best = results.first().map_or(1.0, |s| s.score.max(f32::EPSILON));
        let mut reveal = None;
        egui::ScrollArea::vertical().id_salt("similar").auto_shrink([false, false]).show(ui, |ui| {
            for (k, s) in results.iter().enumerate() {
                let Some(doc) = project.document(s.doc) else { continue };
                let linked: Vec<&crate::model::Annotation> =
                    project.overlapping(s.doc, s.range.clone()).filter_map(|e| project.annotation(e.id)).collect();
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.add(
                        egui::Label::new(egui::RichText::new(format!("{}. {}", k + 1, doc.label())).strong()).wrap(),
                    );
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new("similarity").small().weak());
                        let (bar, _) = ui.allocate_exact_size(vec2(80.0, 6.0), Sense::hover());
                        ui.painter().rect_filled(bar, 2.0, ui.visuals().faint_bg_color);
                        ui.painter().rect_filled(
                            Rect::from_min_size(bar.min, vec2(bar.width() * s.score / best, bar.height())),
                            2.0,
                            ui.visuals().selection.bg_fill,
                        );
                        // Cut at the frame's edge (a long shared run would widen it); whole on hover.
                        ui.add(egui::Label::new(egui::RichText::new(s.why.summary()).small().weak()).truncate())
                            .on_hover_text(format!(
                                "{}\nScore {:.2}: word score {:.1}{}",
                                s.why.summary(),
                                s.score,
                                s.why.lexical,
                                s.why.meaning.map(|m| format!(", similarity of meaning {m:.2}")).unwrap_or_default()
                            ));
                    });
                    ui.add(egui::Label::new(doc.text.slice(s.range.clone())).wrap());
                    if linked.iter().any(|x| x.claim.is_some() && x.claim == a.claim) {
                        ui.label(egui::RichText::new("already linked to this claim").small().weak());
                    }
                    ui.horizontal_wrapped(|ui| {
                        if ui.small_button("Show").clicked() {
                            reveal = Some((s.doc, s.range.clone()));
                        }
                        for tag in project.tags() {
                            let label = format!("{} + link", tag.name);
                            if ui
                                .small_button(label)
                                .on_hover_text(format!("Tag this passage as {} and link it to the claim", tag.name))
                                .clicked()
                            {
                                let made = crate::model::NewAnnotation {
                                    created: crate::clock::now_rfc3339(),
                                    created_by: self.analyst.clone(),
                                    ..Default::default()
                                };
                                match project.tag_and_link(a.id, s.doc, s.range.clone(), tag.id, &made) {
                                    Ok((_, edit)) => intents
                                        .push(Intent::Edit { edit, label: format!("Tag as {} and link", tag.name) }),
                                    Err(e) => intents.push(Intent::Say(format!("Tag as {}: {e}", tag.name))),
                                }
                            }
                        }
                    });
                });
            }
        });
        if let Some((doc, range)) = reveal {
            self.step_aside();
            intents.push(Intent::Reveal { doc, range });
        }
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

fn total_label(ui: &mut Ui, total: &crate::model::compare::Cell) {
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
    let (Some(tag), Some(cell)) = (project.tag(m.tags[r]), m.cells.get(r).and_then(|row| row.get(c))) else {
        return ui.label("");
    };
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
    ui.add(button).accessible_name(format!("{} in {name}", tag.name)).on_hover_text(format!(
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
    f: &crate::model::compare::Framing,
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
        .response
        .interact(Sense::click());
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
