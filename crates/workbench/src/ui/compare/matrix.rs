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
            // Rows are wider than the view beside the reader: they scroll sideways inside it.
            // (Laid out bare, they pushed the view off the window's edge at 900 px, leaving a
            // strip.)
            let height = ui.available_height() * 0.6;
            let mut focused: Option<egui::Rect> = None;
            let mut sideways = egui::ScrollArea::horizontal().id_salt("matrix turned");
            if let Some(x) = self.matrix_x.take() {
                sideways = sideways.horizontal_scroll_offset(x);
            }
            let mut rows_area = egui::ScrollArea::vertical().id_salt("matrix rows").max_height(height);
            if let Some(y) = self.matrix_y.take() {
                rows_area = rows_area.vertical_scroll_offset(y);
            }
            let shown = sideways.show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add_sized([ROW_HEAD, 20.0], egui::Label::new(""));
                    for tag in m.tags.iter().filter_map(|t| project.tag(*t)) {
                        ui.add_sized([96.0, 24.0], |ui: &mut Ui| tag_chip(ui, &tag.name, tag.colour));
                    }
                    ui.add_sized([70.0, 24.0], egui::Label::new(egui::RichText::new("total").strong()));
                });
                rows_area.show_rows(ui, ROW, m.docs.len(), |ui, range| {
                    for c in range {
                        ui.horizontal(|ui| {
                            // Exactly the height `show_rows` counts with: shorter rows left
                            // the last ones unbuilt though there was room for them.
                            ui.set_min_height(ROW);
                            doc_row_head(ui, project, m.docs[c]);
                            for r in 0..m.tags.len() {
                                let chosen = self.cell == Some((r, c));
                                let b = cell_button(ui, project, m, (r, c), chosen, max, 96.0);
                                if b.clicked() {
                                    clicked = Some((r, c));
                                }
                                if b.gained_focus() {
                                    focused = Some(b.rect);
                                }
                            }
                            total_label(ui, &m.col_totals[c]);
                        });
                    }
                })
            });
            // A cell reached by Tab past the view's edge: scroll to it next frame (egui's
            // scroll-to-widget did not reach through the two scroll areas). Downwards with a
            // row to spare: only the rows on screen are built, and Tab can go on only to a row
            // that is (it stopped at the seventh).
            if let Some(r) = focused {
                let rows = &shown.inner;
                let (view, y) = (rows.inner_rect, rows.state.clamped_offset().y);
                let down = (y + r.min.y - ROW - view.min.y, y + r.max.y + ROW - view.min.y);
                self.matrix_y = crate::ui::widgets::offset_to_show(y, view.height(), down);
                let (view, x) = (shown.inner_rect, shown.state.clamped_offset().x);
                let across = (x + r.min.x - view.min.x, x + r.max.x - view.min.x);
                self.matrix_x = crate::ui::widgets::offset_to_show(x, view.width(), across);
                if self.matrix_x.is_some() || self.matrix_y.is_some() {
                    ui.ctx().request_repaint();
                }
            }
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
}

/// Height of a row of the turned matrix.
const ROW: f32 = 28.0;

/// Width of an article's head in the turned matrix.
const ROW_HEAD: f32 = 200.0;

/// An article's head in the turned matrix: its title, then its outlet. Many rows share an
/// outlet (a download of 49 articles from one paper: every row read "The New York Times").
fn doc_row_head(ui: &mut Ui, project: &Project, d: DocId) {
    let label = project.document(d).map(crate::model::Document::label).unwrap_or_default();
    ui.add_sized([ROW_HEAD, 20.0], egui::Label::new(label.clone()).truncate()).on_hover_text(label);
}
