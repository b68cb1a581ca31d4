//! What the panels asked for, applied after drawing: intents, the command catalogue's commands, edits through the history, selection and tagging.

use super::*;

/// How the status bar says Esc closed the compare view.
const COMPARE_CLOSED: &str = "Compare closed";

impl Workbench {
    /// Closing the window with unsaved changes asks first.
    pub(super) fn close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            self.commit_typing();
        }
        if ctx.input(|i| i.viewport().close_requested()) && self.session.is_dirty() && !self.quit_confirmed {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(After::Quit));
        }
    }

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some()
            || self.files.picker_open()
            || self.jobs.busy()
            || self.export_dialog.open
            || self.paste_article.open
            || self.details.is_open()
            || self.bulk.is_some()
        {
            // Ctrl+S while a form holds the keyboard did nothing, unsaid; saving from under a
            // form would leave out what is typed in it, so it says what to do.
            // The key's own modifiers, not those held as the frame ends: a fast Ctrl+S (Ctrl let
            // go in the same frame, as xdotool types it) had said nothing (a walk).
            let save = ctx.input(|i| {
                i.events.iter().any(|e| {
                    matches!(e, egui::Event::Key { key: egui::Key::S, pressed: true, modifiers, .. } if modifiers.command)
                })
            });
            if save && self.dialog.is_none() && !self.jobs.busy() {
                self.status = Status::info("Not saved yet: close the open dialog first (Esc), then Ctrl+S saves");
            }
            return;
        }
        let tags: Vec<(TagId, char)> = self.project().tags().iter().filter_map(|t| Some((t.id, t.key?))).collect();
        // Enter accepts the current suggestion only with the keyboard in the text or nowhere: on a
        // focused button (Reject, Make claim, a toggle) it had accepted the suggestion instead of
        // pressing the button.
        let suggesting = self.compare.tags.current.is_some() && self.reader.keyboard_is_free(ctx);
        let pressed = commands::pressed(ctx, &tags, suggesting, self.articles.has_keyboard(ctx));
        self.close_on_escape(ctx);
        if self.tag_editor.open {
            // The Tags window stands over the reader: Delete, Backspace and letter keys pressed in
            // it (outside its fields) went to the article behind, and deleted the annotation
            // selected there, out of sight. Ctrl+T still closes it, and the commands that do
            // not act on the article behind still run (Ctrl+E, Ctrl+S and the rest had done
            // nothing, unsaid).
            let beside = |c: &Command| {
                matches!(
                    c,
                    Command::EditTags
                        | Command::New
                        | Command::Open
                        | Command::Save
                        | Command::SaveAs
                        | Command::Import
                        | Command::Export
                        | Command::Quit
                        | Command::Undo
                        | Command::Redo
                        | Command::ToggleCompare
                        | Command::ToggleTeam
                        | Command::ToggleTheme
                        | Command::ZoomIn
                        | Command::ZoomOut
                        | Command::ZoomReset
                        | Command::Shortcuts
                )
            };
            self.intents.extend(pressed.into_iter().filter(|i| matches!(i, Intent::Run(c) if beside(c))));
            return;
        }
        self.intents.extend(pressed);
    }

    /// Esc closes the compare view, as it closes the dialogs, when it is not for something
    /// nearer: a field being typed in or a popup (egui takes those), the reader's selection or
    /// selected annotation or a suggestion walked to (the reader clears those first, one Esc
    /// each). With the keyboard inside the view itself, or the view filling the window, Esc
    /// closes it whatever the reader holds.
    /// (A walk: Esc did nothing in Compare; only Ctrl+K or Close shut it.)
    fn close_on_escape(&mut self, ctx: &egui::Context) {
        let esc = ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Key { key: egui::Key::Escape, pressed: true, modifiers, .. } if modifiers.is_none())));
        let (focused, typing, popup) = self.keyboard_last_frame;
        if !esc || !self.compare.open || typing || popup || self.tag_editor.open {
            return;
        }
        let in_view = focused
            .and_then(|id| ctx.read_response(id))
            .zip(self.compare_rect())
            .is_some_and(|(r, view)| view.contains_rect(r.rect))
            || (focused.is_none() && self.clicked_in_compare);
        let reader_holds =
            self.reader.selection().is_some() || self.selected.is_some() || self.compare.tags.current.is_some();
        // Filling the window, the view hides the reader and what it holds.
        let fills = self.compare.widened || self.compare.forced_fill;
        if in_view || fills || !reader_holds {
            self.compare.open = false;
            self.say(format!("{COMPARE_CLOSED} (Ctrl+K opens it again)."));
        } else if focused.is_none() {
            // The keyboard nowhere: the reader does not hear this Esc, so what it holds is let go
            // here (it had done nothing, and the view could not be closed by Esc at all).
            self.reader.clear_selection();
            self.select(None);
        }
    }

    pub(super) fn apply_intents(&mut self, ctx: &egui::Context) {
        // Applying can queue more (Save from a question, say); bound the rounds.
        for _ in 0..4 {
            let intents = std::mem::take(&mut self.intents);
            if intents.is_empty() {
                return;
            }
            // What was drawn this frame is out of date: draw again with the result.
            ctx.request_repaint();
            for i in intents {
                self.apply(i, ctx);
            }
        }
    }

    /// Applies one intent.
    pub fn apply(&mut self, intent: Intent, ctx: &egui::Context) {
        match intent {
            Intent::Edit { edit, label } => {
                let _ = self.edit(edit, &label);
            }
            Intent::Confirm { heading, question, yes, edit, label } => {
                // The keyboard goes back where it was once answered (a cancelled deletion had
                // left it nowhere, and the list's keys did nothing until Alt+A).
                self.pending_edit = Some((edit, label, ctx.memory(egui::Memory::focused)));
                self.dialog = Some(Dialog::Confirm { heading, question, yes });
            }
            Intent::EditMerging { edit, label, key } => {
                let edit = edit.stamped(self.project(), &self.stamp());
                if let Err(e) = self.session.apply_merging(edit, &label, &key) {
                    self.status = Status::error(format!("{label}: {e}"));
                }
            }
            Intent::Run(c) => {
                // A command ends a run of merged nudges: two runs of edge moves with a Snap toggle
                // between them had been one undo step.
                if !matches!(c, Command::Undo | Command::Redo) {
                    self.session.seal();
                }
                self.run(c, ctx);
            }
            Intent::Select(id) => self.select(id),
            Intent::SelectInPlace(id) => {
                self.session.seal();
                self.selected = id;
            }
            Intent::OpenDocument(d) => {
                // An article clicked in the list opened over the text: the list has done its job.
                if ctx.input(|i| i.pointer.any_click()) {
                    self.list_over_text = false;
                }
                self.session.seal();
                self.show_article(d);
            }
            Intent::EditDetails(d) => self.details.open(self.session.project(), d),
            Intent::Reveal { doc, range } => {
                self.reader.show_doc(doc);
                self.selected = None;
                self.reader.select_range(range);
            }
            Intent::TagKey(tag) => self.tag_key(tag),
            Intent::Tag { doc, range, tag } => self.tag(doc, range, tag),
            Intent::OpenPath(p) => {
                if self.session.is_dirty() {
                    self.dialog = Some(Dialog::Unsaved(After::Open(p)));
                } else {
                    self.open_path(&p);
                }
            }
            Intent::SaveTo(p) => self.save_to(&p, false),
            Intent::ImportPaths(paths) => {
                if !self.jobs.read(ctx, paths) {
                    self.say("Another import or export is running; try again when it is done.");
                }
            }
            Intent::Say(s) => self.say(s),
            Intent::SetAnalyst(name) => {
                self.settings.analyst = name;
                self.compare.analyst = self.analyst();
            }
            Intent::ResolveConflict { index, use_other } => match self.project().resolve_conflict(index, use_other) {
                Ok(edit) => {
                    let label = if use_other { "Use the other value" } else { "Keep the value" };
                    let _ = self.edit(edit, label);
                }
                Err(e) => self.status = Status::error(format!("Could not settle the conflict: {e}")),
            },
            Intent::Decide { differences, choice } => {
                let Some((adj, _, _)) = &self.team.adjudication else { return };
                match adj.decide(self.session.project(), &differences, choice, &self.stamp()) {
                    Ok(edit) => {
                        let label = match differences.len() {
                            1 => format!("Take {}", choice.label()),
                            n => format!("Take {} for {n} differences", choice.label()),
                        };
                        let _ = self.edit(edit, &label);
                    }
                    Err(e) => self.status = Status::error(format!("Could not decide: {e}")),
                }
            }
            Intent::AgreeWith(path) => match crate::store::load(&path) {
                Ok(other) => {
                    let mine = self.session.path().map_or_else(|| self.project().name().to_owned(), stem);
                    let mine_project = self.session.shared().clone();
                    self.show_agreement(&mine_project, &other.project, (&mine, &stem(&path)));
                }
                Err(e) => self.fail("Could not compare", &e.to_string()),
            },
            Intent::Adjudicate { left, right } => {
                let loaded = crate::store::load(&left).and_then(|l| crate::store::load(&right).map(|r| (l, r)));
                match loaded {
                    Ok((l, r)) => {
                        if let Err(e) = self.start_adjudication(&l.project, &r.project, (&stem(&left), &stem(&right))) {
                            self.fail("Could not adjudicate", &e);
                        }
                    }
                    Err(e) => self.fail("Could not adjudicate", &e.to_string()),
                }
            }
            Intent::AcceptSuggestions(list) => self.accept_suggestions(&list),
            Intent::RejectSuggestions(list) => self.reject_suggestions(&list),
            Intent::ShowSuggestion(s) => self.show_suggestion(&s),
            Intent::SaveText { name, text } => {
                let dir = self.default_folder();
                self.files.ask_to_save(text, &dir, &name, self.settings.builtin_picker, ctx);
            }
        }
    }

    /// Deletes the paragraph that holds the reader's caret (page furniture such as "Skip to main
    /// content"), with its annotations, as one undo step: the keyboard's way to the reader's
    /// right-click "Delete this paragraph".
    fn delete_paragraph_at_caret(&mut self) {
        let (Some(d), Some(at)) = (self.reader.doc(), self.reader.caret()) else {
            self.say("Put the caret in the paragraph to delete (click in it, or Alt+T and the arrows).");
            return;
        };
        let Some(p) =
            self.project().document(d).and_then(|doc| crate::ui::reader::ParagraphAt::of(self.project(), doc, at))
        else {
            return;
        };
        if p.whole {
            self.say("This paragraph is the whole article: delete the article instead (Delete in the article list).");
            return;
        }
        // By the caret, as the paragraph was found (its cut's start is the break before a
        // last paragraph, which had failed).
        match self.project().delete_paragraph(d, at) {
            Ok(edit) => {
                let label = match p.gone {
                    0 => format!("Delete paragraph “{}”", p.what),
                    n => format!("Delete paragraph “{}” and its {n} annotation(s)", p.what),
                };
                let _ = self.edit(edit, &label);
            }
            Err(e) => self.status = Status::error(format!("Delete paragraph: {e}")),
        }
    }

    /// Applies `edit` as one undo step called `label`; a refusal is shown in the status bar and
    /// returned, so that callers go on only when the edit took.
    pub(super) fn edit(&mut self, edit: Edit, label: &str) -> Result<(), EditError> {
        self.session.seal();
        let edit = edit.stamped(self.project(), &self.stamp());
        let before = self.article_order();
        match self.session.apply(edit, label) {
            Ok(()) => {
                self.say(label.to_owned());
                self.drop_stale_selection(&before);
                Ok(())
            }
            Err(e) => {
                self.status = Status::error(format!("{label}: {e}"));
                Err(e)
            }
        }
    }

    /// Ctrl+Z (`redo` false) or Ctrl+Shift+Z, saying what was undone or redone.
    fn undo_or_redo(&mut self, redo: bool) {
        let before = self.article_order();
        // The annotations before, sorted (the project keeps them by id): one that comes back is
        // selected, so the inspector shows what the step restored (a redone tag had come back
        // unselected).
        let had: Vec<AnnotationId> = self.project().annotations().map(|a| a.id).collect();
        let (done, [verb, what, did]) = if redo {
            (self.session.redo(), ["redo", "Redo", "Redid"])
        } else {
            (self.session.undo(), ["undo", "Undo", "Undid"])
        };
        match done {
            Ok(Some(l)) => {
                self.say(format!("{did}: {l}"));
                self.drop_stale_selection(&before);
                if self.project().annotation_count() == had.len() + 1 {
                    let back = self.project().annotations().map(|a| a.id).find(|id| had.binary_search(id).is_err());
                    if back.is_some() {
                        self.select(back);
                    }
                }
            }
            Ok(None) => self.say(format!("Nothing to {verb}.")),
            Err(e) => self.status = Status::error(format!("{what}: {e}")),
        }
    }

    /// The articles in the project's order, before a change, for [`Self::drop_stale_selection`].
    pub(super) fn article_order(&self) -> Vec<DocId> {
        self.project().documents().iter().map(|d| d.id).collect()
    }

    /// After a change (an edit, undo, redo) whose articles were `before`: a selection that went
    /// is let go; the article shown, if it went, gives way to the one after it in the list (or
    /// before it, at the end), not to the first; one article that came back (an undone delete)
    /// is shown. Deleting an article had opened the list's first, and Ctrl+Z brought it back
    /// out of sight.
    pub(super) fn drop_stale_selection(&mut self, before: &[DocId]) {
        if self.selected.is_some_and(|a| self.project().annotation(a).is_none()) {
            self.selected = None;
        }
        let p = self.project();
        // Most edits leave the articles as they were: nothing to look up then.
        let came: Vec<DocId> =
            if p.documents().len() == before.len() && p.documents().iter().map(|d| d.id).eq(before.iter().copied()) {
                Vec::new()
            } else {
                let had: std::collections::HashSet<DocId> = before.iter().copied().collect();
                p.documents().iter().map(|d| d.id).filter(|d| !had.contains(d)).collect()
            };
        if let [one] = came.as_slice()
            && !before.is_empty()
        {
            let one = *one;
            self.show_article(one);
            return;
        }
        if let Some(gone) = self.reader.doc().filter(|d| p.document(*d).is_none()) {
            let at = before.iter().position(|d| *d == gone).unwrap_or(0);
            let next = before[at.min(before.len())..]
                .iter()
                .chain(before[..at.min(before.len())].iter().rev())
                .copied()
                .find(|d| p.document(*d).is_some());
            match next {
                Some(d) => self.show_article(d),
                None => self.show_first_document(),
            }
        }
    }

    pub(super) fn select(&mut self, id: Option<AnnotationId>) {
        self.session.seal();
        self.selected = id;
        // Choosing an annotation (or nothing, Esc) ends a walk through suggestions: Enter and
        // Delete then act on what the inspector shows, never on a suggestion walked to before
        // (Enter had tagged a passage out of view after N moved on to an annotation).
        if self.compare.tags.end_walk() && self.status.text.starts_with(super::suggested::SUGGESTED) {
            self.status = Status::default();
        }
        if let Some(a) = id.and_then(|a| self.project().annotation(a)) {
            let (doc, range) = (a.doc, a.range());
            self.reader.show_doc(doc);
            self.reader.clear_selection();
            self.reader.reveal(range);
        }
    }

    /// A tag's key or button: the newest text selection of any reader (the main one, the
    /// side-by-side columns) is tagged; without one, the selected annotation is retagged.
    pub(super) fn tag_key(&mut self, tag: TagId) {
        let main = self.reader.active_selection();
        let side = self.compare.active_selection();
        let newest = match (main, side) {
            (Some(m), Some(s)) => Some(if s.0 > m.0 { s } else { m }),
            (m, s) => m.or(s),
        };
        if let Some((_, doc, range)) = newest {
            self.tag(doc, range, tag);
            return;
        }
        let Some(name) = self.project().tag(tag).map(|t| t.name.clone()) else { return };
        if let Some(a) = self.selected.and_then(|a| self.project().annotation(a)) {
            if a.tag != tag
                && let Ok(edit) = self.project().retag(a.id, tag)
            {
                let _ = self.edit(edit, &format!("Retag as {name}"));
            }
        } else {
            self.say("Select text in the article first, then press the tag's key.");
        }
    }

    /// Tags `range` of `doc` (trimmed of spaces and punctuation at its ends) with `tag`, and
    /// selects the new annotation.
    pub(super) fn tag(&mut self, doc: DocId, range: std::ops::Range<usize>, tag: TagId) {
        let Some(name) = self.project().tag(tag).map(|t| t.name.clone()) else { return };
        let Some(text) = self.project().document(doc).map(|d| d.text.clone()) else { return };
        // Snap to words holds for keyboard selections as for the mouse ("Thu|rsday" is not a word).
        let range = if self.reader.snap { selection::snap_to_words(&text, range) } else { range };
        let r = selection::trim(&text, range);
        if r.is_empty() {
            self.say("Nothing to tag: the selection holds only spaces and punctuation.");
            return;
        }
        let extra = NewAnnotation { created: now(), created_by: self.analyst(), ..Default::default() };
        match self.project().annotate(doc, r, tag, extra) {
            Ok((id, edit)) => {
                if self.edit(edit, &format!("Tag as {name}")).is_ok() {
                    self.selected = Some(id);
                    if self.reader.doc() == Some(doc) {
                        self.reader.clear_selection();
                    }
                    self.compare.clear_selection(doc);
                }
            }
            Err(e) => self.status = Status::error(format!("Tag as {name}: {e}")),
        }
    }

    /// Commits what is typed in the inspector's note or speaker field, as an edit.
    pub(super) fn commit_typing(&mut self) {
        if let Some((edit, label)) = self.inspector.typed_edit(self.session.project()) {
            let _ = self.edit(edit, label);
        }
    }

    pub(super) fn run(&mut self, c: Command, ctx: &egui::Context) {
        // Leaving the project or writing it takes the typing in a field with it first.
        if matches!(c, Command::New | Command::Open | Command::Quit | Command::Save | Command::SaveAs | Command::Export)
        {
            self.commit_typing();
        }
        match c {
            Command::New => {
                if self.session.is_dirty() {
                    self.dialog = Some(Dialog::Unsaved(After::New));
                } else {
                    self.new_project();
                }
            }
            Command::Open => self.pick(Purpose::Open, ctx),
            Command::Save => match self.session.path().map(Path::to_owned) {
                Some(p) => self.save_to(&p, false),
                None => self.pick(Purpose::SaveAs, ctx),
            },
            Command::SaveAs => self.pick(Purpose::SaveAs, ctx),
            Command::Import => self.pick(Purpose::Import, ctx),
            Command::ImportFolder => self.pick(Purpose::ImportFolder, ctx),
            Command::PasteArticle => self.paste_article.open = true,
            Command::DeleteParagraph => self.delete_paragraph_at_caret(),
            Command::ArticleDetails => {
                if let Some(d) = self.reader.doc() {
                    self.details.open(self.session.project(), d);
                }
            }
            Command::Export => {
                let folder =
                    self.settings.folders_of(self.session.path()).export.unwrap_or_else(|| self.default_folder());
                self.export_dialog.open_in(&folder, self.session.project());
            }
            Command::Quit => {
                if self.session.is_dirty() {
                    self.dialog = Some(Dialog::Unsaved(After::Quit));
                } else {
                    self.quit(ctx);
                }
            }
            Command::Undo => self.undo_or_redo(false),
            Command::Redo => self.undo_or_redo(true),
            Command::DeleteAnnotation => {
                if let Some(a) = self.selected {
                    if self.edit(Edit::RemoveAnnotation(a), "Delete annotation").is_ok() {
                        self.selected = None;
                    }
                } else if let Some(s) = self.compare.tags.current.clone() {
                    // No annotation selected and a suggestion walked to: Delete rejects it.
                    self.reject_suggestions(&[s]);
                }
            }
            // Ctrl+T again closes it, as Ctrl+K closes the compare view.
            Command::EditTags => self.tag_editor.toggle(),
            Command::ToggleCompare => {
                self.compare.open = !self.compare.open;
                if self.compare.open {
                    self.team.open = false;
                    // "Compare closed …" stood while it was open again (a walk).
                    if self.status.text.starts_with(COMPARE_CLOSED) {
                        self.status = Status::default();
                    }
                }
            }
            Command::ToggleTeam => self.team.open = !self.team.open,
            Command::AgreeWith => self.pick(Purpose::AgreeWith, ctx),
            Command::Adjudicate => {
                if self.session.is_dirty() {
                    self.adjudicate_left = None;
                    self.say("Save this project first: adjudication opens its result in place of it.");
                } else {
                    let purpose =
                        if self.adjudicate_left.is_some() { Purpose::AdjudicateRight } else { Purpose::AdjudicateLeft };
                    if purpose == Purpose::AdjudicateLeft {
                        self.say("Choose the left analyst's project, then the right's.");
                    }
                    self.pick(purpose, ctx);
                }
            }
            Command::FindSimilar => {
                self.compare.open = true;
                self.team.open = false;
                self.compare.tab = Tab::Similar;
                if self.selected.is_none() {
                    self.say("Select an annotation to find what the other articles say like it.");
                }
            }
            Command::Find => self.reader.open_find(),
            Command::GoArticles => {
                // Folded, the list opens over the text (beside a side view, where there is room,
                // beside it).
                self.show_list_with_compare = true;
                self.list_over_text = true;
                self.articles.focus_request = true;
            }
            Command::GoText => {
                self.list_over_text = false;
                self.inspector_over_text = false;
                if self.reader.doc().is_some() {
                    self.reader.focus_request = true;
                } else {
                    self.say("No article is open: Alt+A goes to the list.");
                }
            }
            Command::GoTagByName => {
                if self.reader.doc().is_none() {
                    self.say("No article is open: Alt+A goes to the list.");
                } else if self.reader.selection().is_none() && self.selected.is_none() {
                    self.say("Select text first (Shift+arrows), then Alt+G to tag it by name.");
                } else {
                    self.reader.tag_by_name = true;
                }
            }
            Command::GoNote | Command::GoSpeaker | Command::GoClaim => {
                if self.selected.and_then(|a| self.project().annotation(a)).is_some() {
                    self.inspector_over_text = true;
                    self.inspector.focus = Some(match c {
                        Command::GoNote => Field::Note,
                        Command::GoSpeaker => Field::Speaker,
                        _ => Field::Claim,
                    });
                } else {
                    self.say("Select an annotation first: tag a passage, or press N for the next one.");
                }
            }
            Command::ToggleTagSuggestions => {
                let shown = !self.compare.tags.shown;
                self.compare.tags.shown = shown;
                self.say(if shown {
                    "Suggested tags shown: ] and [ walk them, Enter accepts, Delete rejects."
                } else {
                    "Suggested tags hidden."
                });
            }
            // Walking to a suggestion is working in the text: the article list lets the keyboard
            // go (its Delete had offered to delete the article, not reject the suggestion).
            Command::NextSuggestion | Command::PreviousSuggestion => {
                self.articles.release_keyboard(ctx);
                self.step_suggestion(c == Command::NextSuggestion);
            }
            Command::AcceptSuggestion => {
                if self.selected.is_none()
                    && let Some(s) = self.compare.tags.current.clone()
                {
                    self.accept_suggestions(&[s]);
                }
            }
            Command::NextAnnotation => self.step_annotation(true),
            Command::PreviousAnnotation => self.step_annotation(false),
            Command::ToggleTheme => self.settings.dark = !self.settings.dark,
            Command::ZoomIn => self.zoom(self.reader.font_size + 1.0),
            Command::ZoomOut => self.zoom(self.reader.font_size - 1.0),
            Command::ZoomReset => self.zoom(reader::FONT_SIZE),
            Command::ToggleSnap => self.reader.snap = !self.reader.snap,
            Command::ToggleBuiltinPicker => self.settings.builtin_picker = !self.settings.builtin_picker,
            Command::Shortcuts => self.dialog = Some(Dialog::Shortcuts),
            Command::About => self.dialog = Some(Dialog::About),
        }
    }

    pub(super) fn zoom(&mut self, size: f32) {
        self.reader.font_size = size.clamp(reader::MIN_FONT_SIZE, reader::MAX_FONT_SIZE);
        self.settings.font_size = self.reader.font_size;
    }

    /// Selects the next (or previous) annotation of the article in reading order.
    pub(super) fn step_annotation(&mut self, forward: bool) {
        let Some(doc) = self.reader.doc() else { return };
        let entries = self.project().spans(doc).entries();
        if entries.is_empty() {
            self.say("This article has no annotations yet.");
            return;
        }
        let n = entries.len();
        let current = self.selected.and_then(|s| entries.iter().position(|e| e.id == s));
        let caret = self.reader.caret().unwrap_or(0);
        // From the selected annotation, or else from the caret; past either end, wrap around.
        let next = match (current, forward) {
            (Some(i), true) => i + 1,
            (Some(i), false) => i + n - 1,
            (None, true) => self.project().spans(doc).first_at_or_after(caret),
            (None, false) => self.project().spans(doc).first_at_or_after(caret) + n - 1,
        };
        let id = entries[next % n].id;
        if (forward && next >= n) || (!forward && next < n) {
            self.say(if forward { "Wrapped to the first annotation." } else { "Wrapped to the last annotation." });
        }
        self.select(Some(id));
    }
}
