//! Where the panels go: the article list, inspector, compare and team views around the reader, folded to strips and opened over the text where the reader needs the room; the menu bar.

use super::*;

/// The frame of a folded panel: a narrow margin, so that its button fits at any text size.
fn strip_frame(ui: &Ui) -> egui::Frame {
    egui::Frame::side_top_panel(ui.style()).inner_margin(egui::Margin::symmetric(3, 6))
}

impl Workbench {
    /// Lays out the side panels and the reader for this frame and remembers where they went.
    pub(super) fn panels(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
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
                self.compare.ui(ui, self.session.shared(), self.selected, intents);
            });
            layout.central = Some(r.response.rect);
        } else if self.team.open && width < SIDE_VIEW_MIN_WINDOW {
            // Too narrow for the reader beside it: the team view (which shows passages itself)
            // fills.
            let r = egui::CentralPanel::default().show(ui, |ui| self.team.ui(ui, self.session.project(), intents));
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
                    self.articles.ui(ui, self.session.project(), self.reader.doc(), intents);
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
                        self.inspector.ui(
                            ui,
                            (self.session.shared(), self.drawn.then(|| self.jobs.runner())),
                            self.reader.doc(),
                            self.selected,
                            intents,
                        );
                    });
                layout.inspector = Some(r.response.rect);
            }
            if self.compare.open || self.team.open {
                self.scale_side_view(ui, ui.available_width());
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
                        crate::ui::widgets::within(ui, |ui| {
                            self.compare.ui(ui, self.session.shared(), self.selected, intents);
                        });
                    });
                layout.compare = Some(r.response.rect);
            } else if self.team.open {
                let room = ui.available_width();
                let max = (room - READER_MIN_WIDTH).max(COMPARE_MIN_WIDTH);
                let r = egui::Panel::right("team")
                    .default_size((room * 0.5).clamp(COMPARE_MIN_WIDTH, max))
                    .min_size(COMPARE_MIN_WIDTH)
                    .max_size(max)
                    .show(ui, |ui| {
                        crate::ui::widgets::within(ui, |ui| self.team.ui(ui, self.session.project(), intents));
                    });
                layout.compare = Some(r.response.rect);
            }
            let r = egui::CentralPanel::default().frame(egui::Frame::central_panel(ui.style()).fill(page_fill)).show(
                ui,
                |ui| {
                    let can_tag = self.reader.selection().is_some() || self.selected.is_some();
                    let reader = &mut self.reader;
                    let bar = ui.scope(|ui| {
                        tag_bar::ui(
                            ui,
                            self.session.project(),
                            can_tag,
                            (&mut reader.snap, &mut reader.tag_by_name),
                            intents,
                        );
                    });
                    layout.tools[1] = Some(bar.response.rect);
                    ui.separator();
                    self.reader.ui(ui, self.session.project(), self.selected, intents);
                },
            );
            layout.central = Some(r.response.rect);
            // Folded panels open over the text, not beside it: the reader keeps its width.
            if list_folded && self.list_over_text {
                let at = layout.articles.map_or(egui::Rect::NOTHING, |strip| {
                    egui::Rect::from_min_size(strip.right_top(), egui::vec2(OVERLAY_WIDTH, strip.height()))
                });
                self.over_text(ui, "articles over the text", at, layout.articles, intents, |w, ui, intents| {
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
                self.over_text(ui, "inspector over the text", at, layout.inspector, intents, |w, ui, intents| {
                    w.inspector.ui(
                        ui,
                        (w.session.shared(), w.drawn.then(|| w.jobs.runner())),
                        w.reader.doc(),
                        w.selected,
                        intents,
                    );
                });
            }
        }
        self.layout = layout;
    }

    /// When the window is resized, the side view takes the width it would open with in that
    /// room (egui keeps a panel's width in points: opened in a small window and widened, the
    /// view stayed at 320 px beside a reader of 700), or, once the analyst dragged its edge,
    /// their share of the room. The share is the one they chose while the window left it free:
    /// held down to the room a small window leaves, and then scaled, it came back to a large
    /// window at half its width.
    fn scale_side_view(&mut self, ui: &Ui, room: f32) {
        let before = self.side_room.replace(room);
        let resized = before.filter(|b| (b - room).abs() > 1.0 && *b > 0.0);
        let max = (room - READER_MIN_WIDTH).max(COMPARE_MIN_WIDTH);
        let ctx = ui.ctx();
        // The ids egui gives the two panels (see `Panel::id`).
        for (k, id) in ["compare", "team"].map(|name| ui.scope_id().with(name)).into_iter().enumerate() {
            let Some(mut state) = egui::PanelState::load(ctx, id) else { continue };
            let width = state.outer_rect.width();
            match resized {
                Some(_) => {
                    // The analyst's share of the room when they dragged the edge; else the
                    // default's width for this room (a view opened in a narrow window, or
                    // squeezed by one, had kept a third of the room once the window grew).
                    let to = match self.side_share[k] {
                        Some(share) => share * room,
                        None => room - READER_MIN_WIDTH - 20.0,
                    }
                    .clamp(COMPARE_MIN_WIDTH, max);
                    state.outer_rect.set_left(state.outer_rect.right() - to);
                    ctx.data_mut(|d| d.insert_persisted(id, state));
                    self.side_width[k] = Some(to);
                }
                // A width that is not the one set last: the analyst dragged the edge.
                None => match self.side_width[k] {
                    Some(set) if (width - set).abs() > 1.0 && room > 0.0 => {
                        self.side_share[k] = (width < max - 1.0).then_some(width / room);
                        self.side_width[k] = Some(width);
                    }
                    Some(_) => {}
                    None => self.side_width[k] = Some(width),
                },
            }
        }
    }

    /// A folded panel opened over the text at `at`. A click outside it or Esc closes it.
    pub(super) fn over_text(
        &mut self,
        ui: &Ui,
        id: &str,
        at: egui::Rect,
        strip: Option<egui::Rect>,
        intents: &mut Vec<Intent>,
        content: impl FnOnce(&mut Self, &mut Ui, &mut Vec<Intent>),
    ) {
        let ctx = ui.ctx().clone();
        // Behind a modal dialog it answers nothing, as the panels do (see `ui`): the dialog's
        // Esc and clicks had closed it too, and the keyboard given back to its list went nowhere.
        let modal = ctx.memory(|m| m.top_modal_layer().is_some());
        let shown =
            egui::Area::new(egui::Id::unique(id)).order(egui::Order::Foreground).fixed_pos(at.min).show(&ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    // Its contents, not its frame: a disabled frame is drawn see-through, and the
                    // reader's text had shown through the list behind "Delete?".
                    if modal {
                        ui.disable();
                    }
                    ui.set_width(at.width() - 16.0);
                    ui.set_height(at.height() - 16.0);
                    content(self, ui, intents);
                });
            });
        let esc = ctx.input(|i| i.key_pressed(egui::Key::Escape)) && !ctx.text_edit_focused();
        // A click on the strip's button toggles it there; any other click outside closes it.
        let on_strip = ctx.input(|i| i.pointer.interact_pos()).is_some_and(|p| strip.is_some_and(|s| s.contains(p)));
        if !modal && ((shown.response.clicked_elsewhere() && !on_strip) || esc) {
            self.list_over_text = false;
            self.inspector_over_text = false;
        }
    }

    pub(super) fn menu_bar(&mut self, ui: &mut Ui) -> Vec<Intent> {
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
            suggestions_shown: self.compare.tags.shown,
            suggestion_current: self.compare.tags.current.is_some(),
        };
        menu::menu_bar(ui, &state)
    }
}
