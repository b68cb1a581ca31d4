//! The keyboard in the text: the caret, selection by char, word, row and paragraph, moving the selected annotation's edges (keys from `ReaderKey`).

use super::*;

impl Reader {
    pub(super) fn keyboard(&mut self, ui: &mut Ui, pass: &Pass<'_>, intents: &mut Vec<Intent>) {
        let (project, doc) = (pass.project, pass.doc);
        let len = doc.text.len_chars();
        let presses: Vec<(Key, Modifiers)> = ui.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::Key { key, pressed: true, modifiers, .. } => Some((*key, *modifiers)),
                    _ => None,
                })
                .collect()
        });
        for (key, m) in presses {
            let caret = self.caret.unwrap_or(0).min(len);
            let edges = self.selection().is_none() && pass.selected_here().is_some();
            let Some((action, extend)) = ReaderKey::of(key, m, edges) else { continue };
            let target = match action {
                ReaderKey::AnnotationEnd(right) | ReaderKey::AnnotationStart(right) => {
                    let Some(a) = pass.selected_here() else { continue };
                    // By a word with snapping on, as a tag takes whole words then (one char at a
                    // time, an edge took dozens of presses and left "th towards the…"); by a
                    // char with it off, for the odd span that is not whole words.
                    let step = |v: usize| if right { (v + 1).min(len) } else { v.saturating_sub(1) };
                    let start = matches!(action, ReaderKey::AnnotationStart(_));
                    let r = match (start, self.snap) {
                        (true, true) => {
                            let to = if right {
                                selection::next_word_start(&doc.text, a.start)
                            } else {
                                selection::previous_word_start(&doc.text, a.start)
                            };
                            to.min(a.end - 1)..a.end
                        }
                        (true, false) => step(a.start).min(a.end - 1)..a.end,
                        (false, true) => a.start..word_end(&doc.text, a.end, right).max(a.start + 1),
                        (false, false) => a.start..step(a.end).max(a.start + 1),
                    };
                    // Widening, an edge stops at its paragraph: Shift+Right at a paragraph's last
                    // word had taken the line break, or with snapping the next paragraph's first
                    // word (a walk). Spans across paragraphs are made by selecting them.
                    let outward = if start { r.start..a.start } else { a.end..r.end };
                    if !outward.is_empty() && doc.text.slice(outward).contains('\n') {
                        intents.push(Intent::Say(
                            "An edge stops at its paragraph: select across paragraphs to tag across them".into(),
                        ));
                        continue;
                    }
                    if r != a.range()
                        && let Ok(edit) = project.resize(a.id, r.clone())
                    {
                        intents.push(Intent::EditMerging {
                            edit,
                            label: "Resize annotation".into(),
                            key: format!("resize {}", a.id),
                        });
                        self.scroll_to = Some(r);
                    }
                    continue;
                }
                ReaderKey::Word(false) => selection::previous_word_start(&doc.text, caret),
                ReaderKey::Word(true) => selection::next_word_start(&doc.text, caret),
                // Left and Right collapse a selection to its edge.
                ReaderKey::Char(right) if !extend && self.selection().is_some() => {
                    self.selection().map_or(caret, |s| if right { s.end } else { s.start })
                }
                ReaderKey::Char(false) => caret.saturating_sub(1),
                ReaderKey::Char(true) => (caret + 1).min(len),
                ReaderKey::Row(down) => {
                    let (to, h, next_row) = self.vertical(ui, pass, caret, down);
                    self.h_pos = Some(h);
                    self.next_row_at = next_row.then_some(to);
                    to
                }
                ReaderKey::Article(end) => {
                    if end {
                        len
                    } else {
                        0
                    }
                }
                ReaderKey::Paragraph(end) => {
                    let p = &self.paragraphs[paragraph_of(&self.paragraphs, caret)];
                    if end { p.end } else { p.start }
                }
                ReaderKey::SelectAll => {
                    self.anchor = Some(0);
                    self.caret = Some(len);
                    continue;
                }
                ReaderKey::Copy => {
                    if let Some(s) = self.selection() {
                        ui.ctx().copy_text(doc.text.slice(s).to_owned());
                    } else if let Some(a) = pass.selected.and_then(|a| project.annotation(a)) {
                        ui.ctx().copy_text(a.quote.exact.clone());
                    }
                    continue;
                }
                ReaderKey::Clear => {
                    if self.selection().is_some() {
                        self.clear_selection();
                    } else {
                        intents.push(Intent::Select(None));
                    }
                    continue;
                }
            };
            if !matches!(action, ReaderKey::Row(_)) {
                self.h_pos = None;
                self.next_row_at = None;
            }
            if extend {
                if self.anchor.is_none() || self.selection().is_none() {
                    self.anchor = Some(caret);
                }
                if pass.selected.is_some() {
                    intents.push(Intent::Select(None));
                }
            } else {
                self.anchor = Some(target);
            }
            self.caret = Some(target);
            self.scroll_to = Some(target..target);
        }
    }

    /// The caret one row up or down, the horizontal position to keep, and whether the new
    /// caret stands at the start of a row where the text wraps (see `next_row_at`).
    pub(super) fn vertical(&self, ui: &Ui, pass: &Pass<'_>, caret: usize, down: bool) -> (usize, f32, bool) {
        let doc = pass.doc;
        let galley_of = |i: usize| self.galley(ui, pass, i);
        let i = paragraph_of(&self.paragraphs, caret);
        let g = galley_of(i);
        let local = self.cursor(caret, caret - self.paragraphs[i].start);
        let (moved, h) =
            if down { g.cursor_down_one_row(&local, self.h_pos) } else { g.cursor_up_one_row(&local, self.h_pos) };
        let at_edge = if down {
            g.layout_from_cursor(local).row + 1 >= g.rows.len()
        } else {
            g.layout_from_cursor(local).row == 0
        };
        let h_pos = h.or(self.h_pos).unwrap_or_else(|| g.pos_from_cursor(local).center().x);
        if !at_edge {
            return (self.paragraphs[i].start + moved.index.0, h_pos, moved.prefer_next_row);
        }
        // Move into the next non-empty paragraph, keeping the horizontal position.
        let mut j = i;
        loop {
            j = if down {
                j + 1
            } else {
                match j.checked_sub(1) {
                    Some(k) => k,
                    None => return (0, h_pos, false),
                }
            };
            let Some(p) = self.paragraphs.get(j) else { return (doc.text.len_chars(), h_pos, false) };
            if p.is_empty() {
                continue;
            }
            let g = galley_of(j);
            let row = if down { 0 } else { g.rows.len().saturating_sub(1) };
            let y = g.rows.get(row).map_or(0.0, |r| r.rect().center().y);
            let c = g.cursor_from_pos(vec2(h_pos, y));
            return (p.start + c.index.0.min(p.len()), h_pos, c.prefer_next_row);
        }
    }
}

/// The end of the word after char `c` (`right`: the one holding `c`, or the next), or of the
/// word before the one that ends at `c`: an annotation's end moved by a word.
fn word_end(text: &crate::model::Text, c: usize, right: bool) -> usize {
    if right {
        let len = text.len_chars();
        let in_word = text.slice(c..(c + 1).min(len)).chars().next().is_some_and(selection::is_word_char);
        let s = if in_word { c } else { selection::next_word_start(text, c) };
        selection::word_at(text, s).end.max(c)
    } else {
        let s = selection::previous_word_start(text, c);
        let p = selection::previous_word_start(text, s);
        if p == s { s } else { selection::word_at(text, p).end }
    }
}
