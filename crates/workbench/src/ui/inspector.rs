//! The inspector: the selected annotation's tag, quote, speaker, note and claim, and below it
//! the annotations of the article in reading order.
//!
//! Text fields edit a buffer; the change becomes one undoable edit when the field loses focus
//! (or Enter in a one-line field), not one per keystroke.

use std::collections::{BTreeSet, HashSet};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

use eframe::egui::{self, Ui};

use crate::analysis::duplicates::ShingleCache;
use crate::model::{Annotation, AnnotationId, DocId, Project, TagId, short};

use super::commands::Command;
use super::intent::Intent;
use super::reader::tag_chip;
use super::runner::{Runner, catching};
use super::widgets::completing_field;

/// A field of the inspector the keyboard can jump to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Note,
    Speaker,
    Claim,
}

/// View state of the inspector.
#[derive(Default)]
pub struct Inspector {
    /// Take the keyboard into this field on the next frame (Alt+N, Alt+S, Alt+C).
    pub focus: Option<Field>,
    /// The current suggested tag, shown whole when no annotation is selected: its reasons had
    /// been readable only on hover (the status bar cuts them, at 900 px to a few words).
    pub suggestion: Option<crate::analysis::tags::TagSuggestion>,
    /// The annotation the buffers hold.
    for_id: Option<AnnotationId>,
    note: String,
    speaker: String,
    /// The analyst typed into the note or speaker buffer since it was last loaded or committed.
    /// Such a buffer is committed when its field loses focus by any means (a click elsewhere,
    /// Tab, Esc), never reloaded over.
    typed: bool,
    new_claim: String,
    /// Tags hidden from the list.
    hidden: HashSet<TagId>,
    /// The selected annotation whose row was last scrolled into view, and for how many more
    /// frames its row is kept whole in view: the list's height changes with the selected
    /// annotation's details above it (a longer quote), so one frame's measure left the row cut
    /// by the list's bottom edge.
    scrolled_to: Option<(AnnotationId, u8)>,
    /// The list's scroll offset and height in the last frame.
    view: (f32, f32),
    /// The height of the actions' row in the last frame (it wraps in a narrow panel).
    actions_height: f32,
    /// Rows of the list, for (project revision, article, hidden tags).
    /// The rows shown, and the tags the article uses.
    rows: Option<(RowsKey, Vec<AnnotationId>, BTreeSet<TagId>)>,
    /// Near-duplicates of the shown article, for (project revision, article).
    near: Option<((u64, DocId), NearList)>,
    /// The near-duplicates being found on the runner, for (project revision, article). Every
    /// article's word shingles are compared, which on a 1,000-article project took a fifth of a
    /// second of the window's first frame when done on the UI thread.
    finding: Option<((u64, DocId), Found)>,
    /// Kept between jobs: a text's shingles are remade only when it changes.
    shingles: Arc<Mutex<ShingleCache>>,
}

/// Articles with their share of shared shingles.
type NearList = Vec<(DocId, f64)>;

/// Where a near-duplicates job sends what it found (or why it stopped).
type Found = Receiver<Result<NearList, String>>;

/// What the list's rows depend on: project revision, article, hidden tags.
type RowsKey = (u64, DocId, BTreeSet<TagId>);

/// Height the article's list keeps below the details at least (its heading, filter and three
/// rows), and the share of the panel it keeps where there is more room: at 900x600 a fixed 150
/// had shown two rows, one with the text larger.
const LIST_ROOM: f32 = 150.0;
const LIST_SHARE: f32 = 0.35;

/// The most height the details may take of `all`, the actions' row (`actions`) below them.
fn details_room(all: f32, actions: f32) -> f32 {
    let list = (all * LIST_SHARE).clamp(LIST_ROOM, 2.0 * LIST_ROOM);
    ((all - list).max(all * 0.5).max(160.0) - actions).max(80.0)
}

impl Inspector {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        (shared, runner): (&Arc<Project>, Option<&Runner>),
        doc: Option<DocId>,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        let project: &Project = shared;
        self.sync(project, selected, intents);
        ui.add_space(4.0);
        ui.heading("Annotation");
        // The details take what they need but leave the article's list below a few rows: a
        // long quote with a long note had left it no room, and the row N walked to out of
        // sight. Past that they scroll.
        let all = ui.available_height();
        let shown = selected.filter(|a| project.annotation(*a).is_some());
        // The actions' row is kept out of the scrolled details, so its room comes off theirs.
        let line = ui.spacing().interact_size.y + 2.0 * ui.spacing().item_spacing.y;
        let actions = if shown.is_some() { self.actions_height.max(line) } else { 0.0 };
        let room = details_room(all, actions);
        egui::ScrollArea::vertical()
            // Each annotation's details from their top (N kept the last one's scroll, the tag
            // hidden above).
            .id_salt(("annotation details", shown))
            .max_height(room)
            .auto_shrink([false, true])
            .show(ui, |ui| self.current(ui, project, doc, selected, intents));
        if let Some(a) = shown {
            let top = ui.cursor().top();
            ui.add_space(2.0);
            Self::actions(ui, a, intents);
            self.actions_height = ui.cursor().top() - top + ui.spacing().item_spacing.y;
        }
        ui.separator();
        if let Some(doc) = doc {
            self.near_duplicates(ui, (shared, runner), doc, intents);
            self.list(ui, project, doc, selected, intents);
        }
    }

    /// The selected annotation's details, else the current suggestion, else a hint.
    fn current(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        doc: Option<DocId>,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        match selected.and_then(|a| project.annotation(a)) {
            Some(a) => self.details(ui, project, a, intents),
            None => match &self.suggestion {
                Some(s) if Some(s.doc) == doc => {
                    ui.horizontal_wrapped(|ui| {
                        ui.label("Suggested");
                        if let Some(t) = project.tag(s.tag_id) {
                            tag_chip(ui, &t.name, t.colour);
                        }
                        ui.label(format!("{:.2}", s.score));
                    });
                    if let Some(speaker) = &s.speaker {
                        ui.label(format!("Said by {speaker}"));
                    }
                    ui.label(egui::RichText::new("Why:").strong());
                    for why in &s.why {
                        ui.add(egui::Label::new(format!("• {why}")).wrap());
                    }
                    ui.label(egui::RichText::new("Enter accepts, Delete rejects, ] and [ walk.").weak());
                }
                _ => {
                    // The keys the project's tags have (it said "1–4" whatever they were).
                    let mut keys: Vec<char> = project.tags().iter().filter_map(|t| t.key).collect();
                    keys.sort_unstable();
                    let run = keys.windows(2).all(|w| u32::from(w[1]) == u32::from(w[0]) + 1);
                    let keys = match keys.as_slice() {
                        [] => String::new(),
                        [first, .., last] if run && keys.len() > 2 => format!(" ({first}–{last})"),
                        all => format!(" ({})", all.iter().map(char::to_string).collect::<Vec<_>>().join(", ")),
                    };
                    ui.label(
                        egui::RichText::new(format!(
                            "Select a highlight, or select text in the article and press a tag key{keys} or a tag button."
                        ))
                        .weak(),
                    );
                }
            },
        }
    }

    /// Loads the buffers for a newly selected annotation, first committing what was typed for
    /// the previous one (a click elsewhere must not lose a half-made note).
    fn sync(&mut self, project: &Project, selected: Option<AnnotationId>, intents: &mut Vec<Intent>) {
        if self.for_id == selected {
            return;
        }
        if let Some(old) = self.for_id.and_then(|a| project.annotation(a))
            && (old.note != self.note || old.speaker != self.speaker)
            && let Ok(edit) = project.describe(old.id, &self.note, &self.speaker)
        {
            intents.push(Intent::Edit { edit, label: "Edit note and speaker".into() });
        }
        self.load(project, selected);
    }

    fn load(&mut self, project: &Project, selected: Option<AnnotationId>) {
        self.for_id = selected;
        self.typed = false;
        // A claim half typed for one annotation is not carried to the next (Enter there would
        // have made it for the wrong one).
        self.new_claim.clear();
        let a = selected.and_then(|a| project.annotation(a));
        self.note = a.map(|a| a.note.clone()).unwrap_or_default().to_string();
        self.speaker = a.map(|a| a.speaker.clone()).unwrap_or_default().to_string();
    }

    fn details(&mut self, ui: &mut Ui, project: &Project, a: &Annotation, intents: &mut Vec<Intent>) {
        // Typed text whose field has lost focus is committed (Esc too: it must not throw the
        // typing away); otherwise undo or an edit elsewhere changed the fields: reload them.
        let editing = ui.ctx().text_edit_focused();
        if !editing && (a.note != self.note || a.speaker != self.speaker) {
            if self.typed {
                self.commit(project, a, intents);
            } else {
                self.load(project, Some(a.id));
            }
        }
        let orphan = project.document(a.doc).is_some_and(|d| !a.is_anchored_in(&d.text));
        // Labels above fields, not a grid: a grid sized from the panel's width keeps re-measuring.
        ui.spacing_mut().item_spacing.y = 4.0;
        {
            let label = ui.label("Tag");
            let choice = super::tag_choice::tag_choice(ui, "inspector tag", project, Some(a.tag), None, None);
            if let Some(Some(tag)) = choice.chosen
                && tag != a.tag
                && let Some(t) = project.tag(tag)
                && let Ok(edit) = project.retag(a.id, tag)
            {
                intents.push(Intent::Edit { edit, label: format!("Retag as {}", t.name) });
            }
            let _ = choice.response.labelled_by(label.id).accessible_name("Annotation's tag");

            ui.label("Quote");
            ui.vertical(|ui| {
                ui.add(egui::Label::new(egui::RichText::new(super::widgets::quoted(&a.quote.exact)).italics()).wrap());
                let mut where_ = format!("chars {}–{}", a.start, a.end);
                // Who made it and when (the date is enough here; the export keeps the time).
                let who = |by: &str, at: &str| {
                    let day = at.get(..10).unwrap_or_default();
                    [by, day].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
                };
                let made = who(&a.created_by, &a.created);
                if !made.is_empty() {
                    where_ += &format!(" · {made}");
                }
                let changed = who(&a.modified_by, &a.modified);
                if !changed.is_empty() {
                    where_ += &format!(" · changed: {changed}");
                }
                let linked = who(&a.linked_by, &a.linked);
                if a.claim.is_some() && !linked.is_empty() {
                    where_ += &format!(" · linked: {linked}");
                }
                // One line, whole on hover (the cut label shows itself whole: a hover text of
                // its own had made two): wrapping to two where an annotation had been changed or
                // linked moved every field below by a line as N walked the list.
                ui.add(egui::Label::new(egui::RichText::new(&where_).small().weak()).truncate());
                if orphan {
                    ui.label(
                        egui::RichText::new("Not found in the text (orphan)").small().color(ui.visuals().warn_fg_color),
                    );
                }
            });

            let label = ui.label("Speaker");
            // The field, then its button, left to right, so that Tab reaches them as they read
            // (laid out right to left, Pick had come first). The field takes exactly what the
            // button leaves: a field sized from the width before the button would push the panel
            // wider every frame.
            let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
            ui.allocate_ui_with_layout(row, egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let known: Vec<String> = speakers(project);
                let font = egui::TextStyle::Button.resolve(ui.style());
                let pick_width =
                    ui.painter().layout_no_wrap("Pick".to_owned(), font, egui::Color32::PLACEHOLDER).size().x
                        + 2.0 * ui.spacing().button_padding.x;
                let width = (ui.available_width() - pick_width - ui.spacing().item_spacing.x).max(40.0);
                let done = completing_field(ui, "speaker", &mut self.speaker, &known, false, |f| {
                    f.hint_text("who said it").desired_width(width).id_salt("inspector speaker")
                });
                let field = done.response.labelled_by(label.id);
                if self.focus == Some(Field::Speaker) {
                    self.focus = None;
                    take_keyboard(&field);
                }
                super::widgets::caret_to_end_on_tab(ui, &field, &self.speaker);
                self.typed |= field.changed() || done.taken.is_some();
                if field.lost_focus() && self.typed {
                    self.commit(project, a, intents);
                }
                ui.menu_button("Pick", |ui| {
                    // Filtered by what is being typed, if that matches any; the speaker already
                    // given is not a filter (Pick on a named speaker listed that name alone).
                    let typing = if self.speaker == a.speaker { "" } else { self.speaker.as_str() };
                    let typed = super::widgets::matching(typing, &known, usize::MAX);
                    let shown: Vec<usize> = if typed.is_empty() { (0..known.len()).collect() } else { typed };
                    ui.set_max_height(300.0);
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        for i in shown {
                            // A choice closes the list however it is made (Enter on a name
                            // set the speaker and left the list open).
                            if super::widgets::choice(ui, known[i] == a.speaker, &known[i]).clicked() {
                                self.speaker.clone_from(&known[i]);
                                self.commit(project, a, intents);
                            }
                        }
                    });
                })
                .response
                .on_hover_text("Speakers used in this project");
                back_to_text(ui, &field, done.taken.is_some() || done.entered, intents);
            });

            let label = ui.label("Note");
            let field = ui
                .add(
                    egui::TextEdit::multiline(&mut self.note)
                        .hint_text("why it matters")
                        .desired_rows(3)
                        .desired_width(f32::INFINITY)
                        .id_salt("inspector note"),
                )
                .labelled_by(label.id);
            if self.focus == Some(Field::Note) {
                self.focus = None;
                take_keyboard(&field);
            }
            super::widgets::caret_to_end_on_tab(ui, &field, &self.note);
            self.typed |= field.changed();
            if field.lost_focus() && self.typed {
                self.commit(project, a, intents);
            }
            back_to_text(ui, &field, false, intents);

            let label = ui.label("Claim");
            ui.vertical(|ui| {
                let current = a.claim.and_then(|c| project.claim(c)).map_or("(none)".to_owned(), |c| short(&c.label));
                // Cut to one line: at 900x600 a long label wrapped, its second line cut in half.
                let combo = egui::ComboBox::from_id_salt("inspector claim")
                    .selected_text(current)
                    .truncate()
                    .width(ui.available_width())
                    .show_ui(ui, |ui| {
                        // `choice` closes the list whether or not the choice changes anything.
                        if crate::ui::widgets::choice(ui, a.claim.is_none(), "(none)").clicked()
                            && a.claim.is_some()
                            && let Ok(edit) = project.link(a.id, None)
                        {
                            intents.push(Intent::Edit { edit, label: "Unlink from claim".into() });
                        }
                        for c in project.claims() {
                            let n = project.claim_links(c.id).count();
                            let label = format!("{} ({n})", c.label);
                            if crate::ui::widgets::choice(ui, a.claim == Some(c.id), label).clicked()
                                && a.claim != Some(c.id)
                                && let Ok(edit) = project.link(a.id, Some(c.id))
                            {
                                intents
                                    .push(Intent::Edit { edit, label: format!("Link to “{}”", short(&c.label)) });
                            }
                        }
                    });
                let _ = combo.response.labelled_by(label.id);
                let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
                ui.allocate_ui_with_layout(row, egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let can = !self.new_claim.trim().is_empty();
                    let create = ui
                        .add_enabled(can, egui::Button::new("Create"))
                        .on_hover_text("Create a claim and link this annotation to it")
                        .clicked();
                    // Type to find a claim (Enter links the one highlighted) or to name a new one
                    // (Enter creates it when no claim starts with what is typed).
                    let labels: Vec<String> = project.claims().iter().map(|c| c.label.clone()).collect();
                    let width = ui.available_width();
                    let done = completing_field(ui, "claim", &mut self.new_claim, &labels, true, |f| {
                        f.hint_text("find or create a claim").desired_width(width).id_salt("inspector new claim")
                    });
                    let field = done.response.accessible_name("Find or create a claim");
                    if self.focus == Some(Field::Claim) {
                        self.focus = None;
                        take_keyboard(&field);
                    }
                    if let Some(i) = done.taken {
                        let c = &project.claims()[i];
                        if a.claim != Some(c.id)
                            && let Ok(edit) = project.link(a.id, Some(c.id))
                        {
                            intents.push(Intent::Edit { edit, label: format!("Link to “{}”", short(&c.label)) });
                        }
                        self.new_claim.clear();
                    } else if (create || (done.entered && can))
                        && let Ok((_, edit)) = project.new_claim(&self.new_claim, "", &[a.id])
                    {
                        intents.push(Intent::Edit {
                            edit,
                            label: format!("New claim “{}”", short(self.new_claim.trim())),
                        });
                        self.new_claim.clear();
                    }
                    back_to_text(ui, &field, done.taken.is_some() || done.entered, intents);
                });
            });
        }
    }

    /// The selected annotation's actions, below its details and never scrolled with them: with a
    /// long quote at 900x600 (or the text larger) the row had been cut under the list below.
    fn actions(ui: &mut Ui, a: AnnotationId, intents: &mut Vec<Intent>) {
        ui.horizontal_wrapped(|ui| {
            if ui.button("Delete").on_hover_text("Delete this annotation (Delete)").clicked() {
                intents.push(Intent::Run(Command::DeleteAnnotation));
            }
            if ui.button("Show in text").clicked() {
                intents.push(Intent::Select(Some(a)));
            }
            if ui
                .button("Find in other articles")
                .on_hover_text("Passages of the other articles that say something similar (Ctrl+Shift+F)")
                .clicked()
            {
                intents.push(Intent::Run(Command::FindSimilar));
            }
        });
    }

    /// What is typed in the note or speaker field and not yet committed, as its edit (and the
    /// field counts as committed): a quit, a new or opened project or a save takes it first
    /// (Ctrl+Q while typing a note quit without it and without asking).
    pub fn typed_edit(&mut self, project: &Project) -> Option<(crate::model::Edit, &'static str)> {
        let a = self.for_id.and_then(|a| project.annotation(a))?;
        if !self.typed || (a.note == self.note && a.speaker == self.speaker) {
            return None;
        }
        self.typed = false;
        let label = if a.note != self.note { "Edit note" } else { "Edit speaker" };
        project.describe(a.id, &self.note, self.speaker.trim()).ok().map(|e| (e, label))
    }

    fn commit(&mut self, project: &Project, a: &Annotation, intents: &mut Vec<Intent>) {
        self.typed = false;
        if (a.note != self.note || a.speaker != self.speaker)
            && let Ok(edit) = project.describe(a.id, &self.note, self.speaker.trim())
        {
            let label = if a.note != self.note { "Edit note" } else { "Edit speaker" };
            intents.push(Intent::Edit { edit, label: label.into() });
        }
    }

    /// The articles that tell the same story as `doc` (a wire story in two outlets), each a
    /// link that opens it.
    fn near_duplicates(
        &mut self,
        ui: &mut Ui,
        (shared, runner): (&Arc<Project>, Option<&Runner>),
        doc: DocId,
        intents: &mut Vec<Intent>,
    ) {
        let project: &Project = shared;
        let key = (project.revision(), doc);
        if let Some((k, rx)) = &self.finding {
            match rx.try_recv() {
                Ok(found) => {
                    // A job that failed shows nothing rather than stopping the window.
                    self.near = Some((*k, found.unwrap_or_default()));
                    self.finding = None;
                }
                // A job that never ran (no thread could be started) is not started again each
                // frame: nothing is shown for this revision.
                Err(TryRecvError::Disconnected) => {
                    self.near = Some((*k, Vec::new()));
                    self.finding = None;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        // No runner on the window's first frame: the job starts with the second.
        if let Some(runner) = runner
            && self.near.as_ref().is_none_or(|(k, _)| *k != key)
            && self.finding.is_none()
        {
            let (tx, rx) = std::sync::mpsc::channel();
            let (p, cache, ctx) = (Arc::clone(shared), Arc::clone(&self.shingles), ui.ctx().clone());
            runner.spawn(move || {
                let found = catching(|| cache.lock().map(|mut c| c.near(&p, doc)).unwrap_or_default());
                let _ = tx.send(found);
                ctx.request_repaint();
            });
            self.finding = Some((key, rx));
        }
        // Until the job is done, what was found for this article before (an edit elsewhere
        // rarely changes it).
        let Some(((_, for_doc), near)) = &self.near else { return };
        if near.is_empty() || *for_doc != doc {
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("Same story as").color(ui.visuals().warn_fg_color))
                .on_hover_text("Near-duplicates: at least 90% of this article's word sequences are in these");
            for (d, share) in near {
                let Some(other) = project.document(*d) else { continue };
                let link = ui.link(format!("{} ({:.0}%)", short(&other.label()), share * 100.0));
                if link.clicked() {
                    intents.push(Intent::OpenDocument(*d));
                }
            }
        });
        ui.separator();
    }

    fn list(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        doc: DocId,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        let spans = project.spans(doc);
        ui.horizontal(|ui| {
            ui.heading("In this article");
            ui.label(egui::RichText::new(format!("({})", spans.entries().len() + spans.orphans().len())).weak());
        });
        // The rows shown, cached: an article can have thousands, and only a screenful is drawn.
        let key = (project.revision(), doc, self.hidden.iter().copied().collect::<BTreeSet<_>>());
        if self.rows.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let all = || spans.entries().iter().map(|e| e.id).chain(spans.orphans().iter().copied());
            let ids: Vec<AnnotationId> =
                all().filter(|id| project.annotation(*id).is_some_and(|a| !self.hidden.contains(&a.tag))).collect();
            let used: BTreeSet<TagId> = all().filter_map(|id| project.annotation(id)).map(|a| a.tag).collect();
            self.rows = Some((key, ids, used));
        }
        let Some((_, _, used)) = &self.rows else { return };
        // A chip for each tag of the article (and each hidden one, to show it again): a chip for
        // every tag of a codebook of thousands filled the panel.
        let chips: Vec<_> =
            project.tags().iter().filter(|t| used.contains(&t.id) || self.hidden.contains(&t.id)).collect();
        ui.horizontal_wrapped(|ui| {
            for t in chips {
                let mut shown = !self.hidden.contains(&t.id);
                let text = if shown {
                    egui::RichText::new(&t.name).color(ui.visuals().strong_text_color())
                } else {
                    egui::RichText::new(&t.name).weak().strikethrough()
                };
                if ui.toggle_value(&mut shown, text).on_hover_text("Show or hide this tag in the list").changed() {
                    if shown {
                        self.hidden.remove(&t.id);
                    } else {
                        self.hidden.insert(t.id);
                    }
                }
            }
        });
        let Some((_, rows, _)) = &self.rows else { return };
        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 12.0;
        // Its own scroll per article: one shared by all opened each article scrolled where the last was
        // left, its first rows hidden.
        // (Of this project: egui keeps scrolls across runs, and another project's articles may
        // share these ids.)
        let salt = ("annotation list", project.uuid(), doc);
        let mut area = egui::ScrollArea::vertical().id_salt(salt).auto_shrink([false, false]);
        // Bring a newly selected annotation's row into view, once, scrolling no further than
        // needed: a row already in view stays where it is (the list never opens with its first
        // rows hidden under the filter chips).
        if let Some(sel) = selected
            && self.scrolled_to.is_none_or(|(s, frames)| s != sel || frames > 0)
            && let Some(k) = rows.iter().position(|r| *r == sel)
        {
            let frames = match self.scrolled_to {
                Some((s, frames)) if s == sel => frames - 1,
                _ => 2,
            };
            self.scrolled_to = Some((sel, frames));
            let stride = row_height + ui.spacing().item_spacing.y;
            let (top, bottom) = (k as f32 * stride, k as f32 * stride + row_height);
            let (offset, height) = self.view;
            let to = super::widgets::offset_to_show(offset, height, (top, bottom));
            if let Some(to) = to {
                area = area.vertical_scroll_offset(to);
            }
            // Measured again next frame, with this frame's height, even when the row was in view
            // by the last frame's: the details above change height with the selection (and the
            // actions' row below them), and a row whole in the old height was cut in the new.
            if frames > 0 {
                ui.ctx().request_repaint();
            }
        }
        let out = area.show_rows(ui, row_height, rows.len(), |ui, range| {
            for &id in &rows[range] {
                let Some(a) = project.annotation(id) else { continue };
                let Some(tag) = project.tag(a.tag) else { continue };
                let orphan = spans.orphans().contains(&id);
                let is_selected = selected == Some(id);
                let (rect, response) =
                    ui.allocate_exact_size(egui::vec2(ui.available_width(), row_height), egui::Sense::click());
                if is_selected {
                    ui.painter().rect_filled(rect, 2.0, ui.visuals().selection.bg_fill.gamma_multiply(0.5));
                } else if response.hovered() {
                    ui.painter().rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
                }
                let mut row = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink2(egui::vec2(4.0, 3.0))));
                row.horizontal(|ui| {
                    tag_chip(ui, &tag.name, tag.colour);
                    if !a.speaker.is_empty() {
                        ui.label(egui::RichText::new(&a.speaker).small());
                    }
                    if orphan {
                        ui.label(egui::RichText::new("orphan").small().color(ui.visuals().warn_fg_color));
                    }
                });
                // Cut at the row's edge, and whole (up to 400 chars) on hover: cut to 48 chars
                // first, its hover had shown only those.
                let quote = crate::model::truncate(&a.quote.exact, 400);
                row.add(egui::Label::new(quote).truncate().selectable(false));
                response.widget_info(|| {
                    egui::WidgetInfo::selected(
                        egui::Role::Button,
                        true,
                        is_selected,
                        format!("{}: {}", tag.name, short(&a.quote.exact)),
                    )
                });
                if response.clicked() {
                    intents.push(Intent::Select(Some(id)));
                }
            }
        });
        self.view = (out.state.clamped_offset().y, out.inner_rect.height());
    }
}

/// The speakers of the project's annotations, each once, in order.
fn speakers(project: &Project) -> Vec<String> {
    let known: BTreeSet<&str> = project.annotations().map(|x| x.speaker.as_str()).filter(|s| !s.is_empty()).collect();
    known.into_iter().map(str::to_owned).collect()
}

/// Esc in a field, or `done` (Enter in a one-line field), gives the keyboard back to the text, so
/// that the tagging goes on without the mouse.
fn back_to_text(ui: &Ui, field: &egui::Response, done: bool, intents: &mut Vec<Intent>) {
    if field.lost_focus() && (done || ui.input(|i| i.key_pressed(egui::Key::Escape))) {
        intents.push(Intent::Run(Command::GoText));
    }
}

/// Gives `field` the keyboard and brings it into view: in a short window it may lie below the
/// panel's fold (Alt+C typed into a claim field out of view at 900x600).
fn take_keyboard(field: &egui::Response) {
    field.request_focus();
    field.scroll_to_me(None);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The article's list keeps a share of a taller panel (at 900x600, 510 points, it had kept
    /// 150: two rows), and at least its floor in a short one; the details never less than half.
    #[test]
    fn the_list_keeps_a_share_of_the_panel() {
        let actions = 50.0;
        let list = |all: f32| all - details_room(all, actions) - actions;
        assert!(list(510.0) >= 0.35 * 510.0 - 0.5, "{}", list(510.0));
        assert!((list(800.0) - 0.35 * 800.0).abs() < 0.5, "{}", list(800.0));
        assert!(details_room(330.0, actions) + actions >= 165.0 - 0.5, "half to the details");
        assert!(details_room(2000.0, actions) >= 2000.0 - 2.0 * LIST_ROOM - actions - 0.5);
    }
}
