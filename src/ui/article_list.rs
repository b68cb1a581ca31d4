//! The article list: title, outlet and a bar of tag counts per article, with a filter.

use eframe::egui::{self, Color32, CornerRadius, Rect, Sense, Ui, vec2};

use crate::model::{DocId, Project, stats::TagCounts};

use super::intent::Intent;
use super::theme;

/// View state of the article list.
#[derive(Default)]
pub struct ArticleList {
    pub filter: String,
    /// Counts per tag per article, recomputed when the project changes.
    counts: Option<(u64, TagCounts)>,
}

impl ArticleList {
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, current: Option<DocId>, intents: &mut Vec<Intent>) {
        ui.add_space(4.0);
        ui.heading("Articles");
        ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text("Filter by title or outlet")
                .desired_width(f32::INFINITY)
                .id_salt("article filter"),
        )
        .accessible_name("Filter articles");
        ui.add_space(4.0);
        if self.counts.as_ref().is_none_or(|(rev, _)| *rev != project.revision()) {
            self.counts = Some((project.revision(), TagCounts::of(project)));
        }
        let Some((_, counts)) = &self.counts else { return };
        let needle = self.filter.to_lowercase();
        egui::ScrollArea::vertical().id_salt("article list").auto_shrink([false, false]).show(ui, |ui| {
            for (col, doc) in project.documents().iter().enumerate() {
                if !needle.is_empty()
                    && !doc.title.to_lowercase().contains(&needle)
                    && !doc.source.to_lowercase().contains(&needle)
                {
                    continue;
                }
                let selected = current == Some(doc.id);
                let frame = egui::Frame::new()
                    .inner_margin(egui::Margin::symmetric(6, 4))
                    .corner_radius(CornerRadius::same(4))
                    .fill(if selected {
                        ui.visuals().selection.bg_fill.gamma_multiply(0.5)
                    } else {
                        Color32::TRANSPARENT
                    });
                let inner = frame.show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.add(egui::Label::new(egui::RichText::new(&doc.title).strong()).wrap().selectable(false));
                    let meta = [doc.source.as_str(), doc.published.as_str()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · ");
                    ui.add(egui::Label::new(egui::RichText::new(meta).weak().small()).selectable(false));
                    let (bar, _) = ui.allocate_exact_size(vec2(ui.available_width(), 6.0), Sense::hover());
                    paint_bar(ui, bar, project, counts, col);
                });
                let response =
                    ui.interact(inner.response.rect, ui.scope_id().with(("article", doc.id)), Sense::click());
                response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &doc.title));
                let total = counts.doc_total(col);
                let response = response.on_hover_text(format!("{total} annotation(s)"));
                if response.clicked() {
                    intents.push(Intent::OpenDocument(doc.id));
                }
                response.context_menu(|ui| {
                    if ui.button("Delete article and its annotations").clicked()
                        && let Ok(edit) = project.delete_document(doc.id)
                    {
                        intents.push(Intent::Edit { edit, label: format!("Delete “{}”", doc.title) });
                    }
                });
                ui.add_space(2.0);
            }
        });
    }
}

/// A bar split in proportion to each tag's count in the article.
fn paint_bar(ui: &Ui, bar: Rect, project: &Project, counts: &TagCounts, col: usize) {
    let painter = ui.painter();
    let total = counts.doc_total(col);
    painter.rect_filled(bar, CornerRadius::same(2), ui.visuals().faint_bg_color);
    if total == 0 {
        return;
    }
    let mut x = bar.left();
    for (row, tag) in counts.tags.iter().enumerate() {
        let n = counts.cells[row][col];
        if n == 0 {
            continue;
        }
        let w = bar.width() * n as f32 / total as f32;
        let colour = project.tag(*tag).map_or(Color32::GRAY, |t| theme::solid(t.colour));
        painter.rect_filled(Rect::from_min_size(egui::pos2(x, bar.top()), vec2(w, bar.height())), 0.0, colour);
        x += w;
    }
}
