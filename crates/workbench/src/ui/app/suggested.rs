//! Suggested tags in the workbench's frame: kept up to date while shown, drawn by the reader,
//! walked, accepted and rejected (each an ordinary undoable edit).

use super::*;
use crate::analysis::tags::{self, TagSuggestion};
use crate::ui::reader::Suggested;

/// How the status bar's line about the current suggestion begins (it goes when the walk ends).
pub(super) const SUGGESTED: &str = "Suggested";

impl Workbench {
    /// Brings the open article's suggestions up to date (only while they are shown or listed)
    /// and hands the reader what to draw.
    pub(super) fn suggestions_frame(&mut self) {
        self.compare.reader_doc = self.reader.doc();
        let listed = self.compare.open && self.compare.tab == Tab::Tags;
        let t = &mut self.compare.tags;
        if !t.shown {
            self.reader.suggested.clear();
            self.inspector.suggestion = None;
            if !listed {
                t.current = None;
            }
            return;
        }
        let vectors = self.compare.semantic.shared_embeddings();
        let (generation, reading) = (self.compare.semantic.generation(), self.compare.semantic.reading());
        t.update(self.session.shared(), &vectors, generation, reading, &self.compare.runner, self.reader.doc());
        // Said after what the last action said (and after a suggestion this frame describes):
        // suggestions that went or came with the model retrained on the analyst's decision (an
        // accept could take many away, unexplained).
        let relearnt = t.take_relearnt().map(|(gone, new)| {
            let n = |k: usize| if k == 1 { "1 suggestion".to_owned() } else { format!("{k} suggestions") };
            let what = match (gone, new) {
                (0, k) => format!("{} more here", n(k)),
                (k, 0) => format!("{} fewer here", n(k)),
                (g, k) => format!("{} gone here, {k} new", n(g)),
            };
            format!("Relearnt from your tags: {what}")
        });
        let t = &mut self.compare.tags;
        if t.busy()
            && let Some(ctx) = &self.ctx
        {
            // Draw again to take the result when it comes.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        // Esc ends a walk wherever the keyboard is (the reader takes it only while it has the
        // keyboard): Enter must not accept a suggestion the analyst has turned from.
        let esc =
            self.ctx.as_ref().is_some_and(|c| c.input(|i| i.key_pressed(egui::Key::Escape)) && !c.text_edit_focused());
        if esc && self.compare.tags.end_walk() && self.status.text.starts_with(SUGGESTED) {
            self.status = Status::default();
        }
        let t = &mut self.compare.tags;
        // The caret in a suggestion (no text selected, no annotation selected) makes it the
        // current one, so that Enter and Delete act on the suggestion under the caret.
        let caret = self.reader.caret().filter(|_| self.reader.selection().is_none() && self.selected.is_none());
        if t.by_caret && t.current.as_ref().is_none_or(|c| caret.is_none_or(|k| !c.range.contains(&k))) {
            t.current = None;
            t.by_caret = false;
        }
        let mut under_caret = None;
        if t.current.is_none()
            && let Some(s) = caret.and_then(|k| t.at(k)).cloned()
        {
            t.current = Some(s.clone());
            t.by_caret = true;
            under_caret = Some(s);
        }
        // A line about a suggestion that is current no more goes (after an accept re-scored
        // the rest, "Suggested Allegation 0.52 — Enter accepts…" had stood over nothing).
        if t.current.is_none() && self.status.text.starts_with(SUGGESTED) {
            self.status = Status::default();
        }
        let project = self.session.project();
        let current = t.current.clone();
        self.inspector.suggestion.clone_from(&current);
        self.reader.suggested = t
            .visible()
            .into_iter()
            .filter_map(|s| {
                let colour = project.tag(s.tag_id)?.colour;
                let current = current.as_ref().is_some_and(|c| c.range == s.range && c.tag_id == s.tag_id);
                Some(Suggested { suggestion: s.clone(), colour, current })
            })
            .collect();
        if let Some(s) = self.compare.tags.take_reveal() {
            self.reveal_suggestion(&s);
        } else if let Some(s) = under_caret {
            self.describe_suggestion(&s);
        }
        if let Some(line) = relearnt
            && !self.status.is_error
        {
            self.status = Status::info(if self.status.text.is_empty() {
                line
            } else {
                format!("{} · {line}", self.status.text.trim_end_matches('.'))
            });
        }
    }

    /// Says in the status bar what a suggestion is, the keys for it, and why.
    fn describe_suggestion(&mut self, s: &TagSuggestion) {
        let speaker = s.speaker.as_deref().map(|x| format!(", said by {x}")).unwrap_or_default();
        // "] next" only where there is a next one (the last one said so too). With all
        // articles listed, ] goes on into the next article: said so, from the whole list (the
        // open article's list, of the article before a step into this one, had said "the last
        // in this article" with four below).
        let key = (s.range.start, s.range.end, &s.tag);
        let t = &self.compare.tags;
        let here =
            t.listed_doc() == Some(s.doc) && t.visible().iter().any(|x| (x.range.start, x.range.end, &x.tag) > key);
        let docs: Vec<DocId> = self.project().documents().iter().map(|d| d.id).collect();
        let next = match (here, t.any_after(s, &docs)) {
            (true, _) => "] next",
            (false, Some(true)) => "] next, in another article",
            (false, Some(false)) => "the last of all",
            (false, None) => "the last in this article",
        };
        // The keys first: the reasons may run past the status bar's width (all of them are in
        // the hover card and the side view).
        self.status = Status::about(
            s.doc,
            format!(
                "{SUGGESTED} {} {:.2}{speaker} — Enter accepts, Delete rejects, {next} — {}",
                s.tag,
                s.score,
                s.why.join("; ")
            ),
        );
    }

    /// Shows a suggestion in the reader with what it is and the keys for it.
    fn reveal_suggestion(&mut self, s: &TagSuggestion) {
        self.reader.show_doc(s.doc);
        self.reader.clear_selection();
        self.reader.reveal(s.range.clone());
        self.selected = None;
        self.describe_suggestion(s);
    }

    /// ] and [: the next or previous suggestion of the open article.
    pub(super) fn step_suggestion(&mut self, forward: bool) {
        let t = &mut self.compare.tags;
        if !t.shown {
            t.shown = true;
            self.suggestions_frame();
        }
        let caret = self.reader.caret().unwrap_or(0);
        match self.compare.tags.step(forward, caret) {
            Some(s) => {
                self.suggestions_frame();
                self.reveal_suggestion(&s);
            }
            None => {
                // All articles listed: on to the next (or previous) article that has one.
                let docs: Vec<DocId> = self.project().documents().iter().map(|d| d.id).collect();
                if let Some(doc) = self.reader.doc()
                    && let Some(s) = self.compare.tags.step_across(forward, doc, &docs)
                {
                    self.reveal_suggestion(&s);
                    return;
                }
                let text = if self.compare.tags.visible().is_empty() {
                    "No suggested tags in this article at the thresholds set (Suggested tags in the side view)."
                } else if forward {
                    "No more suggested tags after this one."
                } else {
                    "No suggested tags before this one."
                };
                self.status = match self.reader.doc() {
                    Some(d) => Status::about(d, text),
                    None => Status::info(text),
                };
            }
        }
    }

    /// Accepts suggestions as one undo step; walking goes on from the first.
    pub(super) fn accept_suggestions(&mut self, chosen: &[TagSuggestion]) {
        let made = NewAnnotation { created: now(), created_by: self.analyst(), ..Default::default() };
        let label = match chosen {
            [one] => format!("Accept suggested {}", one.tag),
            many => format!("Accept {} suggested tags", many.len()),
        };
        match tags::accept(self.project(), chosen, &made) {
            Ok((_, edit)) => {
                if self.edit(edit, &label).is_ok()
                    && let Some(first) = chosen.first()
                {
                    self.compare.tags.advance(first.doc, first.range.start);
                }
            }
            Err(e) => self.status = Status::error(format!("{label}: {e}")),
        }
    }

    /// Rejects suggestions as one undo step (kept in the project; they do not come back).
    pub(super) fn reject_suggestions(&mut self, chosen: &[TagSuggestion]) {
        let label = match chosen {
            [one] => format!("Reject suggested {}", one.tag),
            many => format!("Reject {} suggested tags", many.len()),
        };
        match tags::reject(self.project(), chosen) {
            Ok(edit) => {
                if self.edit(edit, &label).is_ok()
                    && let Some(first) = chosen.first()
                {
                    self.compare.tags.advance(first.doc, first.range.start);
                }
            }
            Err(e) => self.status = Status::error(format!("{label}: {e}")),
        }
    }

    /// A suggestion chosen in the list: shown in the reader, current.
    pub(super) fn show_suggestion(&mut self, s: &TagSuggestion) {
        self.compare.tags.shown = true;
        self.compare.tags.current = Some(s.clone());
        self.compare.tags.by_caret = false;
        if self.compare.forced_fill {
            self.compare.open = false;
        }
        self.compare.widened = false;
        self.reveal_suggestion(s);
        self.suggestions_frame();
    }
}
