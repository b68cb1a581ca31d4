//! The article list: title, outlet and a bar of tag counts per article, with a filter.

use eframe::egui::{self, Color32, CornerRadius, Rect, Sense, Ui, vec2};

use crate::analysis::stats::TagCounts;
use crate::model::{DocId, Project};

use super::commands::Command;
use super::intent::Intent;
use super::theme;

/// View state of the article list.
#[derive(Default)]
pub struct ArticleList {
    pub filter: String,
    /// Counts per tag per article, recomputed when the project changes.
    counts: Option<(u64, TagCounts)>,
    /// Take the keyboard on the next frame (Alt+A).
    pub focus_request: bool,
    /// The article moved to by keyboard, to scroll its row into view once.
    scroll_to: Option<DocId>,
    /// The list's scroll offset and height in the last frame.
    view: (f32, f32),
    /// The id that holds the list's keyboard focus, once drawn.
    keys_id: Option<egui::Id>,
}

impl ArticleList {
    /// Whether the list has the keyboard now (Delete is then its own). egui lets go of the
    /// focus of a widget not drawn, so a folded list never has it.
    pub fn has_keyboard(&self, ctx: &egui::Context) -> bool {
        self.keys_id.is_some_and(|id| ctx.memory(|m| m.has_focus(id)))
    }

    /// Lets the keyboard go, if the list has it.
    pub fn release_keyboard(&self, ctx: &egui::Context) {
        if let Some(id) = self.keys_id {
            ctx.memory_mut(|m| m.surrender_focus(id));
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, project: &Project, current: Option<DocId>, intents: &mut Vec<Intent>) {
        ui.add_space(4.0);
        ui.heading("Articles");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("Filter by title or outlet (/)")
                    .desired_width(f32::INFINITY)
                    .id_salt("article filter"),
            )
            .accessible_name("Filter articles");
        ui.add_space(4.0);
        // The list as one keyboard stop (its rows are not Tab stops: a project can hold a
        // thousand): ↑ ↓ Home End move through the articles, Enter goes to the text, Delete
        // deletes the open one, / goes to the filter (it had no key); from the filter, ↓ or
        // Enter comes back to the list.
        let keys_id = ui.make_persistent_id("article list keys");
        let focused = ui.memory(|m| m.has_focus(keys_id));
        if focused && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Slash)) {
            field.request_focus();
        } else if field.has_focus() && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown)) {
            ui.memory_mut(|m| m.request_focus(keys_id));
        } else if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            ui.memory_mut(|m| m.request_focus(keys_id));
        }
        self.keys_id = Some(keys_id);
        if focused {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    keys_id,
                    egui::EventFilter { vertical_arrows: true, horizontal_arrows: false, tab: false, escape: false },
                );
            });
        }
        if self.counts.as_ref().is_none_or(|(rev, _)| *rev != project.revision()) {
            self.counts = Some((project.revision(), TagCounts::of(project)));
        }
        let Some((_, counts)) = &self.counts else { return };
        let needle = self.filter.to_lowercase();
        let shown: Vec<usize> = project
            .documents()
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                needle.is_empty()
                    || d.title.to_lowercase().contains(&needle)
                    || d.source.to_lowercase().contains(&needle)
            })
            .map(|(i, _)| i)
            .collect();
        if focused && !shown.is_empty() {
            let at = current.and_then(|c| shown.iter().position(|&i| project.documents()[i].id == c));
            let (up, down, home, end, enter, delete) = ui.input_mut(|i| {
                let none = egui::Modifiers::NONE;
                (
                    i.consume_key(none, egui::Key::ArrowUp),
                    i.consume_key(none, egui::Key::ArrowDown),
                    i.consume_key(none, egui::Key::Home),
                    i.consume_key(none, egui::Key::End),
                    i.consume_key(none, egui::Key::Enter),
                    i.consume_key(none, egui::Key::Delete),
                )
            });
            // Delete removes the open article with its annotations, as the row's context menu
            // does (one undo step brings both back); it had needed the mouse.
            if delete && let Some(doc) = at.map(|k| &project.documents()[shown[k]]) {
                ask_to_delete(project, doc, intents);
            }
            let last = shown.len() - 1;
            let to = match at {
                _ if home => Some(0),
                _ if end => Some(last),
                Some(k) if down => Some((k + 1).min(last)),
                Some(k) if up => Some(k.saturating_sub(1)),
                None if up || down => Some(0),
                _ => None,
            };
            if let Some(k) = to.filter(|&k| Some(k) != at) {
                let id = project.documents()[shown[k]].id;
                self.scroll_to = Some(id);
                intents.push(Intent::OpenDocument(id));
            }
            if enter {
                intents.push(Intent::Run(Command::GoText));
            }
        }
        // An empty list says why (it had stood blank, as if the project had no articles).
        if shown.is_empty() && !needle.is_empty() {
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "No article's title or outlet contains “{}”.",
                        crate::model::short(self.filter.trim())
                    ))
                    .weak(),
                )
                .wrap(),
            );
        }
        // Fixed-height rows, so that only the rows on screen are built: a project can hold a
        // thousand articles.
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let row_height = line * 2.0 + 18.0;
        let mut area = egui::ScrollArea::vertical().id_salt("article list").auto_shrink([false, false]);
        if let Some(to) = self.scroll_to.take()
            && let Some(k) = shown.iter().position(|&i| project.documents()[i].id == to)
        {
            let stride = row_height + ui.spacing().item_spacing.y;
            let (top, bottom) = (k as f32 * stride, k as f32 * stride + row_height);
            let (offset, height) = self.view;
            if let Some(to) = super::widgets::offset_to_show(offset, height, (top, bottom)) {
                area = area.vertical_scroll_offset(to);
            }
        }
        let top = ui.cursor().min;
        let keys = ui.interact(
            egui::Rect::from_min_size(top, vec2(ui.available_width(), ui.available_height())),
            keys_id,
            Sense::FOCUSABLE,
        );
        keys.widget_info(|| egui::WidgetInfo::labeled(egui::Role::List, true, "Articles"));
        if std::mem::take(&mut self.focus_request) {
            keys.request_focus();
        }
        let out = area.show_rows(ui, row_height, shown.len(), |ui, range| {
            for &col in &shown[range] {
                let doc = &project.documents()[col];
                let selected = current == Some(doc.id);
                // Clickable but not a Tab stop: the list is one (see above).
                let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), row_height), Sense::CLICK);
                // The row a context menu is open for stays marked, so that "Delete article…"
                // plainly names this one and not the article open in the reader.
                let menu_open = response.context_menu_opened();
                if selected {
                    ui.painter().rect_filled(
                        rect,
                        CornerRadius::same(4),
                        ui.visuals().selection.bg_fill.gamma_multiply(0.5),
                    );
                    if focused {
                        // Where the keyboard is: the row it moves, outlined.
                        ui.painter().rect_stroke(
                            rect.shrink(1.0),
                            CornerRadius::same(4),
                            ui.visuals().selection.stroke,
                            egui::StrokeKind::Inside,
                        );
                    }
                } else if response.hovered() || menu_open {
                    ui.painter().rect_filled(rect, CornerRadius::same(4), ui.visuals().widgets.hovered.weak_bg_fill);
                }
                if menu_open && !(selected && focused) {
                    ui.painter().rect_stroke(
                        rect.shrink(1.0),
                        CornerRadius::same(4),
                        ui.visuals().selection.stroke,
                        egui::StrokeKind::Inside,
                    );
                }
                let mut row = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink2(vec2(6.0, 3.0))));
                row.add(egui::Label::new(egui::RichText::new(&doc.title).strong()).truncate().selectable(false));
                let date = crate::model::time::display_date(&doc.published);
                let meta = [doc.source.as_str(), date.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ");
                row.add(egui::Label::new(egui::RichText::new(meta).weak().small()).truncate().selectable(false));
                let (bar, _) = row.allocate_exact_size(vec2(row.available_width(), 6.0), Sense::hover());
                paint_bar(ui, bar, project, counts, col);
                response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &doc.title));
                let total = counts.doc_total(col);
                let response = response.on_hover_text(format!("{}\n{total} annotation(s)", doc.label()));
                if response.clicked() {
                    ui.memory_mut(|m| m.request_focus(keys_id));
                    intents.push(Intent::OpenDocument(doc.id));
                }
                response.context_menu(|ui| {
                    if ui.add(egui::Button::new("Edit details…").shortcut_text("F2")).clicked() {
                        intents.push(Intent::EditDetails(doc.id));
                    }
                    if ui.button("Delete article and its annotations…").clicked() {
                        ask_to_delete(project, doc, intents);
                    }
                });
            }
        });
        self.view = (out.state.clamped_offset().y, out.inner_rect.height());
        if focused {
            ui.painter().rect_stroke(
                out.inner_rect,
                CornerRadius::same(2),
                egui::Stroke::new(1.0, ui.visuals().selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
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
    for &(row, n) in counts.of_doc(col) {
        let Some(tag) = counts.tags.get(row) else { continue };
        let w = bar.width() * n as f32 / total as f32;
        let colour = project.tag(*tag).map_or(Color32::GRAY, |t| theme::solid(t.colour));
        painter.rect_filled(Rect::from_min_size(egui::pos2(x, bar.top()), vec2(w, bar.height())), 0.0, colour);
        x += w;
    }
}

/// Asks before deleting an article: its text and annotations go with it (one key had done it,
/// said only in a status line cut short).
fn ask_to_delete(project: &Project, doc: &crate::model::Document, intents: &mut Vec<Intent>) {
    let Ok(edit) = project.delete_document(doc.id) else { return };
    let n = project.annotations_of(doc.id).count();
    intents.push(Intent::Confirm {
        heading: "Delete?".into(),
        question: format!("Delete the article “{}” and its {n} annotation(s)?", crate::model::short(&doc.title)),
        yes: format!("Delete the article and its {n} annotation(s)"),
        edit,
        label: format!("Delete “{}”", crate::model::short(&doc.title)),
    });
}
