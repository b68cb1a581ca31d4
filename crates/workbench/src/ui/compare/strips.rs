//! The positions tab: where in each article its annotations sit, as strips.

use super::*;

impl CompareView {
    pub(super) fn strips_tab(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
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
                        // By title, then outlet: a download's 50 rows all read "The New York Times".
                        ui.add_sized([140.0, row_height], egui::Label::new(doc.label()).truncate())
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
}
