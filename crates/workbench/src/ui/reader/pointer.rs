//! The mouse in the text: hover cards, clicks that select and cycle overlapping annotations, drags that select text or move an annotation's edges, the right-click menu.

use super::*;

impl Reader {
    /// The char offset under `pos`, if `pos` is over the text.
    pub(super) fn char_at(&self, pos: Pos2, pass: &Pass<'_>) -> Option<usize> {
        let y = pos.y - pass.origin.y;
        let (first, _) = pass.visible.first()?;
        let (last, _) = pass.visible.last()?;
        let i = (pass.offsets.partition_point(|&o| o <= y).saturating_sub(1)).clamp(*first, *last);
        let (_, g) = pass.visible.iter().find(|(k, _)| *k == i)?;
        let local = pos - (pass.origin + vec2(0.0, pass.offsets[i]));
        let c = g.cursor_from_pos(local);
        Some(self.paragraphs[i].start + c.index.0.min(self.paragraphs[i].len()))
    }

    /// Screen rects of char range `r` in the visible paragraphs, one per row touched.
    pub(super) fn range_rects(&self, r: &Range<usize>, pass: &Pass<'_>) -> Vec<Rect> {
        let mut out = Vec::new();
        for (i, g) in &pass.visible {
            let p = &self.paragraphs[*i];
            let (s, e) = (r.start.max(p.start), r.end.min(p.end));
            if s >= e {
                continue;
            }
            let base = pass.origin + vec2(0.0, pass.offsets[*i]);
            for rect in galley_rects(g, s - p.start, e - p.start) {
                out.push(rect.translate(base.to_vec2()));
            }
        }
        out
    }

    pub(super) fn pointer(
        &mut self,
        ui: &mut Ui,
        response: &egui::Response,
        pass: &Pass<'_>,
        intents: &mut Vec<Intent>,
    ) {
        let (project, doc, selected) = (pass.project, pass.doc, pass.selected);
        let Some(pos) = response.interact_pointer_pos().or(response.hover_pos()) else { return };
        let at = self.char_at(pos, pass);
        let spans = project.spans(doc.id);

        // Cursor feedback: a resize arrow on the edges of the selected annotation, text elsewhere.
        let edge = pass.selected_here().and_then(|a| {
            let rects = self.range_rects(&a.range(), pass);
            let (first, last) = (rects.first()?, rects.last()?);
            if (pos.x - first.left()).abs() < HANDLE_GRAB && first.y_range().contains(pos.y) {
                Some(Drag::Start(a.id))
            } else if (pos.x - last.right()).abs() < HANDLE_GRAB && last.y_range().contains(pos.y) {
                Some(Drag::End(a.id))
            } else {
                None
            }
        });
        if response.hovered() {
            ui.ctx().set_cursor_icon(if edge.is_some() {
                egui::CursorIcon::ResizeHorizontal
            } else {
                egui::CursorIcon::Text
            });
            if let Some(c) = at {
                let hits = spans.at(c);
                if !hits.is_empty() && self.drag.is_none() {
                    response.clone().on_hover_ui_at_pointer(|ui| hover_card(ui, project, &hits));
                }
            }
        }

        if response.drag_started() {
            response.request_focus();
            // egui reports a drag once the pointer has moved a little: anchor where it was pressed.
            let origin = ui.input(|i| i.pointer.press_origin()).unwrap_or(pos);
            let at = self.char_at(origin, pass).or(at);
            self.drag = Some(edge.unwrap_or(Drag::Select));
            if let (Some(Drag::Select), Some(c)) = (self.drag, at) {
                if ui.input(|i| i.modifiers.shift) && self.caret.is_some() {
                    self.caret = Some(c);
                } else {
                    self.anchor = Some(c);
                    self.caret = Some(c);
                }
            }
        }
        if response.dragged()
            && let Some(c) = at
        {
            match self.drag {
                Some(Drag::Select) => self.caret = Some(c),
                Some(Drag::Start(a)) | Some(Drag::End(a)) => {
                    if let Some(ann) = project.annotation(a) {
                        let r = match self.drag {
                            Some(Drag::Start(_)) => c.min(ann.end - 1)..ann.end,
                            _ => ann.start..c.max(ann.start + 1),
                        };
                        self.resize_preview = Some((a, r));
                    }
                }
                None => {}
            }
            // Drag past the top or bottom edge to scroll.
            let clip = ui.clip_rect();
            let dy = if pos.y < clip.top() + 20.0 {
                -(clip.top() + 20.0 - pos.y).min(40.0)
            } else if pos.y > clip.bottom() - 20.0 {
                (pos.y - clip.bottom() + 20.0).min(40.0)
            } else {
                0.0
            };
            if dy != 0.0 {
                ui.scroll_with_delta(vec2(0.0, -dy));
                ui.ctx().request_repaint();
            }
        }
        if response.drag_stopped() {
            match self.drag.take() {
                Some(Drag::Select) => {
                    if let Some(sel) = self.selection() {
                        let snapped = if self.snap { selection::snap_to_words(&doc.text, sel.clone()) } else { sel };
                        if snapped.is_empty() {
                            self.clear_selection();
                        } else {
                            self.anchor = Some(snapped.start);
                            self.caret = Some(snapped.end);
                            intents.push(Intent::Select(None));
                        }
                    }
                }
                Some(Drag::Start(a)) | Some(Drag::End(a)) => {
                    if let Some((id, r)) = self.resize_preview.take()
                        && id == a
                        && project.annotation(a).is_some_and(|x| x.range() != r)
                        && let Ok(edit) = project.resize(a, r)
                    {
                        intents.push(Intent::Edit { edit, label: "Resize annotation".into() });
                    }
                }
                None => {}
            }
        }

        if response.double_clicked()
            && let Some(c) = at
        {
            let w = selection::word_at(&doc.text, c);
            if !w.is_empty() {
                self.anchor = Some(w.start);
                self.caret = Some(w.end);
                intents.push(Intent::Select(None));
            }
        } else if response.clicked()
            && let Some(c) = at
        {
            response.request_focus();
            if ui.input(|i| i.modifiers.shift) && self.anchor.is_some() {
                self.caret = Some(c);
                if self.snap
                    && let Some(sel) = self.selection()
                {
                    let s = selection::snap_to_words(&doc.text, sel);
                    if !s.is_empty() {
                        let forward = self.caret >= self.anchor;
                        (self.anchor, self.caret) =
                            if forward { (Some(s.start), Some(s.end)) } else { (Some(s.end), Some(s.start)) };
                    }
                }
                intents.push(Intent::Select(None));
                return;
            }
            self.anchor = Some(c);
            self.caret = Some(c);
            self.h_pos = None;
            self.next_row_at = None;
            let hits = spans.at(c);
            // A click on overlapping spans selects the innermost, and each further click the next.
            let next = match selected.and_then(|s| hits.iter().position(|h| h.id == s)) {
                Some(k) => hits.get((k + 1) % hits.len()),
                None => hits.first(),
            };
            intents.push(Intent::SelectInPlace(next.map(|h| h.id)));
        }
    }
}

/// The hover card over a highlight: tag, speaker, claim and note of each span under the pointer.
pub(super) fn hover_card(ui: &mut Ui, project: &Project, hits: &[SpanEntry]) {
    ui.set_max_width(360.0);
    for (k, h) in hits.iter().enumerate() {
        let Some(a) = project.annotation(h.id) else { continue };
        if k > 0 {
            ui.separator();
        }
        if let Some(tag) = project.tag(a.tag) {
            tag_chip(ui, &tag.name, tag.colour);
        }
        if !a.speaker.is_empty() {
            ui.label(format!("Speaker: {}", a.speaker));
        }
        if let Some(c) = a.claim.and_then(|c| project.claim(c)) {
            ui.label(format!("Claim: {}", c.label));
        }
        if !a.note.is_empty() {
            ui.label(egui::RichText::new(&a.note).italics());
        }
    }
}

/// The text's right-click menu: accept or reject the suggested tags there, edit the article's
/// details, delete the paragraph clicked (page furniture such as "Skip to main content").
pub(super) fn context_menu(ui: &mut Ui, pass: &Pass<'_>, at: Option<usize>, intents: &mut Vec<Intent>) {
    let (project, doc) = (pass.project, pass.doc);
    // Suggested tags at the place clicked.
    let here: Vec<&Suggested> =
        pass.suggested.iter().filter(|s| at.is_some_and(|c| s.suggestion.range.contains(&c))).collect();
    for s in &here {
        let s = &s.suggestion;
        if ui.button(format!("Accept suggested {} ({:.2})", s.tag, s.score)).on_hover_text(s.why.join("\n")).clicked() {
            intents.push(Intent::AcceptSuggestions(vec![s.clone()]));
        }
        if ui.button(format!("Reject suggested {}", s.tag)).clicked() {
            intents.push(Intent::RejectSuggestions(vec![s.clone()]));
        }
    }
    if !here.is_empty() {
        ui.separator();
    }
    if ui.add(egui::Button::new("Article details…").shortcut_text("F2")).clicked() {
        intents.push(Intent::EditDetails(doc.id));
    }
    // The one item that deletes text, last and apart.
    if let Some((c, p)) = at.and_then(|c| Some((c, ParagraphAt::of(project, doc, c)?))) {
        ui.separator();
        let label = match p.gone {
            0 => "Delete this paragraph".to_owned(),
            n => format!("Delete this paragraph and its {n} annotation(s)"),
        };
        let b =
            ui.add_enabled(!p.whole, egui::Button::new(label)).on_hover_text(format!("“{}” (Ctrl+Z undoes)", p.what));
        if b.clicked()
            && let Ok(edit) = project.delete_paragraph(doc.id, c)
        {
            intents.push(Intent::Edit { edit, label: format!("Delete paragraph “{}”", p.what) });
        }
    }
}

/// The paragraph (with the blank lines after it) that holds char `at` of an article, as its
/// deletion is offered: by the right-click menu and by Ctrl+Shift+Delete at the caret.
pub(crate) struct ParagraphAt {
    /// It is the whole article (not deleted: the article is).
    pub whole: bool,
    /// Its first line, shortened, to name it.
    pub what: String,
    /// The annotations that go with it.
    pub gone: usize,
}

impl ParagraphAt {
    pub(crate) fn of(project: &Project, doc: &Document, at: usize) -> Option<ParagraphAt> {
        let cut = doc.text.paragraph_cut(at)?;
        let line =
            doc.text.paragraphs().into_iter().find(|p| p.start >= cut.start && !p.is_empty()).unwrap_or(cut.clone());
        let what = crate::model::short(doc.text.slice(line));
        let gone = project.annotations_of(doc.id).filter(|a| a.start >= cut.start && a.end <= cut.end).count();
        let whole = cut == (0..doc.text.len_chars());
        Some(ParagraphAt { whole, what, gone })
    }
}
