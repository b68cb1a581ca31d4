//! The find bar: text in this article, match by match.

use super::*;

impl Reader {
    pub(super) fn find_bar(&mut self, ui: &mut Ui, doc: &Document, intents: &mut Vec<Intent>) {
        let key = (self.find.query.clone(), doc.text.generation());
        if self.find.computed_for.as_ref() != Some(&key) {
            self.find.matches = doc.text.find_caseless(&self.find.query);
            self.find.current = None;
            self.find.computed_for = Some(key);
        }
        let mut go: Option<bool> = None;
        ui.horizontal(|ui| {
            let label = ui.label("Find:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.find.query)
                        .desired_width(220.0)
                        .hint_text("text in this article")
                        .id_salt("find field"),
                )
                .labelled_by(label.id);
            if self.find.focus_field {
                field.request_focus();
                self.find.focus_field = false;
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                go = Some(!ui.input(|i| i.modifiers.shift));
                field.request_focus();
            }
            if ui.button("Previous").on_hover_text("Previous match (Shift+Enter)").clicked() {
                go = Some(false);
            }
            if ui.button("Next").on_hover_text("Next match (Enter)").clicked() {
                go = Some(true);
            }
            let (n, cur) = self.find.status();
            ui.label(match (n, cur) {
                (0, _) if self.find.query.is_empty() => String::new(),
                (0, _) => "no matches".to_owned(),
                (n, Some(c)) => format!("{} of {n}", c + 1),
                (n, None) => format!("{n} matches"),
            });
            // egui takes the focus from a text field on Esc before we see the key, so a field
            // that has just lost it counts too.
            let esc = (field.has_focus() || field.lost_focus()) && ui.input(|i| i.key_pressed(Key::Escape));
            if ui.button("Close").on_hover_text("Close (Esc)").clicked() || esc {
                self.find.open = false;
                // The text takes the keyboard, its caret at the match: Shift+arrows go on from
                // it (the keyboard had been left with nothing until Alt+T); after this frame,
                // whose Esc is the find bar's and must not clear the match.
                intents.push(Intent::Run(crate::ui::commands::Command::GoText));
                ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape));
            }
        });
        if let Some(forward) = go
            && !self.find.matches.is_empty()
        {
            let n = self.find.matches.len();
            let from = self.caret.unwrap_or(0);
            let next = match (self.find.current, forward) {
                (Some(c), true) => (c + 1) % n,
                (Some(c), false) => (c + n - 1) % n,
                (None, true) => self.find.matches.iter().position(|m| m.start >= from).unwrap_or(0),
                (None, false) => self.find.matches.iter().rposition(|m| m.start < from).unwrap_or(n - 1),
            };
            self.find.current = Some(next);
            let r = self.find.matches[next].clone();
            intents.push(Intent::Select(None));
            self.select_range(r);
        }
    }
}
