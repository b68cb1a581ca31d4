//! The positions tab: where in each article its annotations sit, as strips.

use super::*;

impl CompareView {
    pub(super) fn strips_tab(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
        let Some(strips) = self.tables.as_ref().and_then(|t| t.strips.as_ref()) else { return };
        ui.label(egui::RichText::new("Where each tag falls in each article, from its start (left) to its end (right). Click a mark to read it; by keyboard, Tab to a strip, Left and Right choose a mark, Enter reads it.").weak());
        let row_height = 22.0;
        let mut clicked = None;
        // The mark chosen by keyboard in the strip that has the keyboard.
        let mut chosen = self.strip_mark;
        let by_outlet = unique_outlets(project, strips.iter().map(|s| s.doc));
        let reading = self.reader_doc;
        egui::ScrollArea::vertical().id_salt("strips").auto_shrink([false, false]).show_rows(
            ui,
            row_height,
            strips.len(),
            |ui, range| {
                for strip in &strips[range] {
                    let Some(doc) = project.document(strip.doc) else { continue };
                    ui.horizontal(|ui| {
                        // By outlet where the article's is its own (titles of one event often
                        // open alike: three rows read "Qassem Soleimani: …"), else by title then
                        // outlet (a download's 50 rows would all read "The New York Times"),
                        // row by row: one article without an outlet had named every row by its
                        // title. The article being read in bold; names from the left edge.
                        let own = by_outlet.contains(&doc.source.trim().to_lowercase());
                        let name = if own { doc.short_name().to_owned() } else { doc.label() };
                        let name = egui::RichText::new(name);
                        let name = if reading == Some(doc.id) { name.strong() } else { name };
                        ui.allocate_ui_with_layout(
                            vec2(140.0, row_height),
                            egui::Layout::left_to_right(egui::Align::Center),
                            |ui| {
                                ui.set_min_size(vec2(140.0, row_height));
                                ui.add(egui::Label::new(name).truncate()).on_hover_text(doc.label());
                            },
                        );
                        let (bar, response) =
                            ui.allocate_exact_size(vec2(ui.available_width() - 8.0, row_height - 6.0), Sense::click());
                        // Marks were reachable by the mouse only: the strip takes the keyboard
                        // (Tab), Left and Right choose among its marks, Enter reads the chosen.
                        let focused = response.has_focus() && !strip.marks.is_empty();
                        let mut current = None;
                        if focused {
                            ui.memory_mut(|m| {
                                m.set_focus_lock_filter(
                                    response.id,
                                    egui::EventFilter { horizontal_arrows: true, ..Default::default() },
                                );
                            });
                            let last = strip.marks.len() - 1;
                            let at = chosen.filter(|(d, _)| *d == strip.doc).map_or(0, |(_, i)| i.min(last));
                            let (left, right, enter) = ui.input(|i| {
                                (
                                    i.key_pressed(egui::Key::ArrowLeft),
                                    i.key_pressed(egui::Key::ArrowRight),
                                    i.key_pressed(egui::Key::Enter),
                                )
                            });
                            let at = if right {
                                (at + 1).min(last)
                            } else if left {
                                at.saturating_sub(1)
                            } else {
                                at
                            };
                            chosen = Some((strip.doc, at));
                            current = Some(at);
                            if enter {
                                clicked = Some(strip.marks[at].annotation);
                            }
                        }
                        let painter = ui.painter();
                        painter.rect_filled(bar, CornerRadius::same(2), ui.visuals().faint_bg_color);
                        let mut hovered = None;
                        for (i, m) in strip.marks.iter().enumerate() {
                            let x0 = bar.left() + bar.width() * m.from as f32;
                            let x1 = (bar.left() + bar.width() * m.to as f32).max(x0 + 2.0);
                            let r = Rect::from_x_y_ranges(x0..=x1, bar.y_range());
                            let colour = project.tag(m.tag).map_or(Color32::GRAY, |t| theme::solid(t.colour));
                            painter.rect_filled(r, 0.0, colour);
                            if current == Some(i) {
                                let ring = egui::Stroke::new(2.0, ui.visuals().strong_text_color());
                                painter.rect_stroke(r.expand(2.0), 1.0, ring, egui::StrokeKind::Outside);
                            }
                            if response.hover_pos().is_some_and(|p| r.expand2(vec2(2.0, 0.0)).contains(p)) {
                                hovered = Some(m.annotation);
                            }
                        }
                        // What the strip and its chosen mark are, for screen readers and tests.
                        let described = current.and_then(|i| project.annotation(strip.marks[i].annotation)).map(|a| {
                            let tag = project.tag(a.tag).map(|t| t.name.clone()).unwrap_or_default();
                            format!(
                                ": mark {} of {}, {tag} “{}”",
                                current.unwrap_or(0) + 1,
                                strip.marks.len(),
                                short(&a.quote.exact)
                            )
                        });
                        let name = format!("Positions in {}{}", doc.label(), described.clone().unwrap_or_default());
                        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, &name));
                        if let Some(d) = &described {
                            response.clone().on_hover_text(d.trim_start_matches(": ").to_owned());
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
        self.strip_mark = chosen;
        if let Some(a) = clicked {
            self.step_aside();
            intents.push(Intent::Select(Some(a)));
        }
    }
}

/// The outlets (lower-cased) that name one article each among `docs`: those articles' rows
/// are named by outlet, the others by title.
pub(super) fn unique_outlets(
    project: &Project,
    docs: impl Iterator<Item = DocId>,
) -> std::collections::HashSet<String> {
    let mut count: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in docs.filter_map(|d| project.document(d)) {
        let outlet = d.source.trim().to_lowercase();
        if !outlet.is_empty() {
            *count.entry(outlet).or_default() += 1;
        }
    }
    count.into_iter().filter(|(_, n)| *n == 1).map(|(o, _)| o).collect()
}
