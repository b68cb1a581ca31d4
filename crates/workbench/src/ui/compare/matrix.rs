//! The matrix tab: annotations per tag and article, shaded by the share of the text each tag covers; a cell lists its annotations.

use super::*;

impl CompareView {
    pub(super) fn matrix_tab(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
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
        if m.docs.len() <= WIDE_MATRIX_COLUMNS && m.tags.len() <= MANY_TAGS {
            // Columns share the width there is (headings are not cut while there is room).
            let col_w = ((ui.available_width() - 200.0) / m.docs.len().max(1) as f32).clamp(72.0, 220.0);
            // The tags' names stay at the left while the cells scroll sideways (at 900 px three
            // of seven articles fit, and scrolled, the rows were numbers without their tags):
            // two grids of the same row heights, the cells' in a sideways scroll of their own.
            let rows: Vec<_> = m.tags.iter().enumerate().filter_map(|(r, t)| project.tag(*t).map(|t| (r, t))).collect();
            // The rows take the height there is; a chosen cell's list needs room below them (at
            // 900x600 the rows always stopped at 60%, 280 px short of the view's bottom, with 8 of
            // 14 tags scrolled away: a walk).
            let height = if self.cell.is_some() { ui.available_height() * 0.6 } else { ui.available_height() };
            let shown = egui::ScrollArea::vertical().id_salt("matrix").max_height(height).show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    egui::Grid::new("matrix heads").spacing([4.0, 4.0]).show(ui, |ui| {
                        ui.add_sized([110.0, 20.0], egui::Label::new(""));
                        ui.end_row();
                        for (_, tag) in &rows {
                            ui.add_sized([110.0, 24.0], |ui: &mut Ui| tag_chip(ui, &tag.name, tag.colour));
                            ui.end_row();
                        }
                        ui.add_sized([110.0, 24.0], egui::Label::new(egui::RichText::new("total").strong()));
                        ui.end_row();
                    });
                    // Its bar always shown, and solid: egui's floating bars show only under the
                    // pointer, and the columns past the panel's edge were cut with no sign there
                    // were more.
                    ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
                    egui::ScrollArea::horizontal()
                        .id_salt("matrix cells")
                        .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                        .show(ui, |ui| {
                            egui::Grid::new("matrix grid").striped(false).spacing([4.0, 4.0]).show(ui, |ui| {
                                for d in &m.docs {
                                    doc_head(ui, project, *d, col_w);
                                }
                                ui.add_sized([70.0, 20.0], egui::Label::new(egui::RichText::new("total").strong()));
                                ui.end_row();
                                for &(r, _) in &rows {
                                    for c in 0..m.docs.len() {
                                        let chosen = self.cell == Some((r, c));
                                        if cell_button(ui, project, m, (r, c), chosen, max, col_w).clicked() {
                                            clicked = Some((r, c));
                                        }
                                    }
                                    total_label(ui, &m.row_totals[r]);
                                    ui.end_row();
                                }
                                for c in &m.col_totals {
                                    let total = format!("{} · {:.0}%", c.count, c.share * 100.0);
                                    ui.add_sized([col_w, 24.0], egui::Label::new(total));
                                }
                                let all = egui::RichText::new(m.total.to_string()).strong();
                                ui.add_sized([70.0, 24.0], egui::Label::new(all));
                                ui.end_row();
                            });
                        });
                });
            });
            self.matrix_view = Some(shown.inner_rect);
        } else {
            // Too many articles for columns: articles become rows, and only the rows on screen
            // are built.
            ui.label(egui::RichText::new(format!("{} articles: one row each.", m.docs.len())).weak());
            // Rows are wider than the view beside the reader: they scroll sideways inside it.
            // (Laid out bare, they pushed the view off the window's edge at 900 px, leaving a
            // strip.)
            // The rows take the height there is, less the totals' row; a chosen cell's list
            // needs room below them.
            let height = if self.cell.is_some() {
                ui.available_height() * 0.6
            } else {
                ui.available_height() - HEAD_LINE - 2.0 * ROW
            };
            let mut focused: Option<egui::Rect> = None;
            // A codebook of hundreds: only the tags used in these articles are columns (300
            // columns, most of them zeros, hid the few that were not).
            let cols: Vec<usize> = if m.tags.len() > MANY_TAGS {
                (0..m.tags.len()).filter(|&r| m.row_totals[r].count > 0).collect()
            } else {
                (0..m.tags.len()).collect()
            };
            if cols.len() < m.tags.len() {
                let left = m.tags.len() - cols.len();
                ui.label(egui::RichText::new(format!("{left} tags without annotations here are not shown.")).weak());
            }
            // The articles' heads stay at the left while the cells scroll sideways (they had
            // scrolled out of sight once Tab reached the third tag). The tags' heads carry the
            // sideways scroll bar; each frame the cells take their offset, and a sideways
            // wheel over the cells moves both.
            let mut heads = egui::ScrollArea::horizontal().id_salt("matrix turned");
            if let Some(x) = self.matrix_x.take() {
                heads = heads.horizontal_scroll_offset(x);
            }
            let mut rows_area = egui::ScrollArea::vertical().id_salt("matrix rows").max_height(height);
            if let Some(y) = self.matrix_y.take() {
                rows_area = rows_area.vertical_scroll_offset(y);
            }
            // Rows and heads are laid out in rects of their own: a scroll area in a row takes
            // the whole height left to it otherwise (rows stood far apart).
            let gap = ui.spacing().item_spacing.x;
            let (line, _) = ui.allocate_exact_size(vec2(ui.available_width(), HEAD_LINE), egui::Sense::hover());
            let mut line = ui.new_child(
                egui::UiBuilder::new()
                    .max_rect(egui::Rect::from_min_max(egui::pos2(line.min.x + ROW_HEAD + gap, line.min.y), line.max))
                    .layout(egui::Layout::left_to_right(egui::Align::Min)),
            );
            let top = heads.show(&mut line, |ui| {
                ui.horizontal(|ui| {
                    let shown = columns_in_view(ui, cols.len());
                    for tag in cols[shown.clone()].iter().filter_map(|&r| project.tag(m.tags[r])) {
                        ui.add_sized([96.0, 24.0], |ui: &mut Ui| {
                            crate::ui::reader::tag_chip_within(ui, &tag.name, tag.colour, 96.0)
                        });
                    }
                    skip_past(ui, cols.len() - shown.end);
                    ui.add_sized([70.0, 24.0], egui::Label::new(egui::RichText::new("total").strong()));
                });
            });
            let (across, cells_view) = (top.state.clamped_offset().x, top.inner_rect);
            // The furthest the cells scroll sideways (an offset past it sprang back over many
            // frames).
            let widest = (top.content_size.x - cells_view.width()).max(0.0);
            let shown = rows_area.show_rows(ui, ROW, m.docs.len(), |ui, range| {
                for c in range {
                    // Ids by article, not by place: `show_rows` counts ids from the first row
                    // built, which changes as the rows scroll, and the keyboard's cell was lost
                    // with it (Tab went back to the top).
                    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), ROW), egui::Sense::hover());
                    let mut row = ui.new_child(
                        egui::UiBuilder::new()
                            .max_rect(rect)
                            .scope_id(egui::Id::unique("claimscope matrix row").with(c))
                            .layout(egui::Layout::left_to_right(egui::Align::Center)),
                    );
                    doc_row_head(&mut row, project, m.docs[c]);
                    let mut cells = cells_beside_head(&mut row, rect, across);
                    let shown = columns_in_view(&mut cells, cols.len());
                    for &r in &cols[shown.clone()] {
                        let chosen = self.cell == Some((r, c));
                        // Ids by tag, not by place among the cells built: as the columns in
                        // view change, the keyboard's cell would pass to its neighbour.
                        let b = cells.push_id(r, |ui| cell_button(ui, project, m, (r, c), chosen, max, 96.0)).inner;
                        if b.clicked() {
                            clicked = Some((r, c));
                        }
                        if b.gained_focus() {
                            focused = Some(b.rect);
                        }
                    }
                    skip_past(&mut cells, cols.len() - shown.end);
                    total_label(&mut cells, &m.col_totals[c]);
                }
            });
            // Each tag's total, under its column (the turned matrix had none).
            let (line, _) = ui.allocate_exact_size(vec2(ui.available_width(), ROW), egui::Sense::hover());
            let mut totals = ui.new_child(
                egui::UiBuilder::new().max_rect(line).layout(egui::Layout::left_to_right(egui::Align::Center)),
            );
            totals.add_sized([ROW_HEAD, 20.0], egui::Label::new(egui::RichText::new("total").strong()));
            let mut cells = cells_beside_head(&mut totals, line, across);
            let in_view = columns_in_view(&mut cells, cols.len());
            for t in cols[in_view.clone()].iter().map(|&r| &m.row_totals[r]) {
                cells.add_sized([96.0, 24.0], egui::Label::new(format!("{} · {:.0}%", t.count, t.share * 100.0)));
            }
            skip_past(&mut cells, cols.len() - in_view.end);
            cells.add_sized([70.0, 24.0], egui::Label::new(egui::RichText::new(m.total.to_string()).strong()));
            // A sideways wheel (or Shift and the wheel) over the rows moves the cells and the
            // tags' heads together.
            let wheel = ui.input(|i| i.smooth_scroll_delta.x);
            if wheel != 0.0 && ui.rect_contains_pointer(shown.inner_rect) {
                self.matrix_x = Some((across - wheel).clamp(0.0, widest));
                ui.ctx().request_repaint();
            }
            // A cell reached by Tab past the view's edge: scroll to it next frame (egui's
            // scroll-to-widget did not reach through the scroll areas). Downwards with a row to
            // spare: only the rows on screen are built, and Tab can go on only to a row that is
            // (it stopped at the seventh).
            if let Some(r) = focused {
                let (view, y) = (shown.inner_rect, shown.state.clamped_offset().y);
                let down = (y + r.min.y - ROW - view.min.y, y + r.max.y + ROW - view.min.y);
                let lowest = (shown.content_size.y - view.height()).max(0.0);
                self.matrix_y = crate::ui::widgets::offset_to_show(y, view.height(), down).map(|y| y.min(lowest));
                let (view, x) = (cells_view, across);
                let sideways = (x + r.min.x - view.min.x, x + r.max.x - view.min.x);
                self.matrix_x = crate::ui::widgets::offset_to_show(x, view.width(), sideways).map(|x| x.min(widest));
                if self.matrix_x.is_some() || self.matrix_y.is_some() {
                    ui.ctx().request_repaint();
                }
            }
        }
        if let Some(c) = clicked {
            self.cell = if self.cell == Some(c) { None } else { Some(c) };
        }
        let Some((r, c)) = self.cell else { return };
        let Some(tag) = m.tags.get(r).and_then(|t| project.tag(*t)) else { return };
        let Some(cell) = (c < m.docs.len()).then(|| m.cell(r, c)) else { return };
        ui.separator();
        let name = project.document(m.docs[c]).map(crate::model::Document::label).unwrap_or_default();
        ui.label(egui::RichText::new(format!("{} in {name}: {}", tag.name, cell.count)).strong());
        if let Some(a) = annotation_list(ui, project, &m.annotations(project, r, c), "matrix cell list") {
            self.step_aside();
            intents.push(Intent::Select(Some(a)));
        }
    }
}

/// The cells of a turned matrix's row `line`, right of its head: moved left by the tags' heads'
/// sideways offset `across`, and cut at the view's edge (a cell cut off cannot be clicked
/// there). One rule for the rows and the totals, so that they stay under the tags' heads.
fn cells_beside_head(row: &mut Ui, line: egui::Rect, across: f32) -> Ui {
    let left = line.min.x + ROW_HEAD + row.spacing().item_spacing.x;
    let room = egui::Rect::from_min_max(egui::pos2(left, line.min.y), line.max);
    let mut cells = row.new_child(
        egui::UiBuilder::new()
            .max_rect(room.translate(vec2(-across, 0.0)))
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
    );
    cells.set_clip_rect(room.intersect(row.clip_rect()));
    cells
}

/// More tags than this turn the matrix whatever the number of articles: its grid builds every
/// row, and only the turned matrix builds just the columns in view.
const MANY_TAGS: usize = 100;

/// Width of a column of the turned matrix, its gap included.
fn column_step(ui: &Ui) -> f32 {
    96.0 + ui.spacing().item_spacing.x
}

/// The columns of the turned matrix that `ui` (laid out left to right from its first column,
/// clipped to the view) shows, with one to spare on each side for Tab, and the space of those
/// before them taken; all of them up to [`MANY_TAGS`]. Only these are built: a row of 14,000
/// tags' cells, built whole, took 300 ms a frame.
fn columns_in_view(ui: &mut Ui, n: usize) -> std::ops::Range<usize> {
    // A few are all built: Tab then walks them as laid out (past the view's edge it had gone
    // back a column once the view scrolled to the one it reached).
    if n <= MANY_TAGS {
        return 0..n;
    }
    let step = column_step(ui);
    let (view, at) = (ui.clip_rect(), ui.cursor().min.x);
    let first = (((view.min.x - at) / step).floor().max(0.0) as usize).saturating_sub(1).min(n);
    let last = ((((view.max.x - at) / step).ceil().max(0.0) as usize) + 1).clamp(first, n);
    ui.add_space(first as f32 * step);
    first..last
}

/// Takes the space of the `after` columns past those built, so that what follows (the
/// totals) stands where it would, and the sideways scroll covers every column.
fn skip_past(ui: &mut Ui, after: usize) {
    let step = column_step(ui);
    ui.add_space(after as f32 * step);
}

/// Height of a row of the turned matrix.
const ROW: f32 = 28.0;

/// Height of the tags' heads of the turned matrix, with their sideways scroll bar.
const HEAD_LINE: f32 = 36.0;

/// Width of an article's head in the turned matrix.
const ROW_HEAD: f32 = 200.0;

/// An article's head in the turned matrix: its title, then its outlet. Many rows share an
/// outlet (a download of 49 articles from one paper: every row read "The New York Times").
fn doc_row_head(ui: &mut Ui, project: &Project, d: DocId) {
    let label = project.document(d).map(crate::model::Document::label).unwrap_or_default();
    ui.add_sized([ROW_HEAD, 20.0], egui::Label::new(label.clone()).truncate()).on_hover_text(label);
}
