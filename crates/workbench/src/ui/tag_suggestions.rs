//! Suggested tags in the workbench (issue 24): the open article's suggestions drawn in the
//! reader (dashed, never saved until accepted), walked, accepted and rejected by keyboard or
//! mouse, and the "Suggested tags" tab of the side view listing them per article or for the
//! whole project, filtered by tag and score, with the suggester's held-out precision and recall
//! beside each tag's threshold.
//!
//! The learned part is trained on the runner after edits (and when the sentence vectors
//! change), from a shared copy of the project; suggestions for the open article are made on the
//! UI thread from the latest model (milliseconds), the whole project's and the held-out scores
//! on the runner. Nothing runs while suggestions are hidden and the tab is closed.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use eframe::egui::{self, Ui};

use crate::analysis::semantic::Embeddings;
use crate::analysis::tags::{
    Knowledge, Learned, Sources, TagScore, TagSuggestion, decided, held_out, suggest, suggest_for,
};
use crate::model::{DocId, Project, truncate};

use super::intent::Intent;
use super::reader::tag_chip;
use super::runner::{Runner, catching};

/// A tag's threshold until the analyst sets one: low, so that what the lists and the analyst's
/// tags suggest is seen; the held-out figures beside it say where to raise it.
pub const DEFAULT_THRESHOLD: f32 = 0.3;
/// Suggestions listed at once in the tab (the rest are counted).
const LISTED: usize = 200;

/// Project revision and vector generation something was made for.
type Key = (u64, u64);
/// Each tag's threshold, as the held-out scores were measured at.
type Thresholds = Vec<(String, f32)>;

/// What the tab lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Article,
    Project,
}

/// A background result and what it was made for.
struct Job<T> {
    key: Key,
    rx: Receiver<Result<T, String>>,
}

/// State of suggested tags.
#[derive(Default)]
pub struct TagSuggestions {
    /// Drawn in the reader (Ctrl+G).
    pub shown: bool,
    /// Per tag name; [`DEFAULT_THRESHOLD`] where unset.
    pub thresholds: BTreeMap<String, f32>,
    pub scope: Scope,
    /// Only this tag in the list.
    pub filter: Option<String>,
    /// The model and what it was trained on.
    learned: Option<(Key, Arc<Learned>)>,
    training: Option<Job<Learned>>,
    /// A key whose training stopped without a result: not tried again until the key changes.
    failed: Option<Key>,
    /// The open article's suggestions: article, key, the model's key, list.
    article: Option<(DocId, Key, Option<Key>, Vec<TagSuggestion>)>,
    /// The whole project's.
    everything: Option<(Key, Option<Key>, Vec<TagSuggestion>)>,
    everything_job: Option<Job<Vec<TagSuggestion>>>,
    /// Held-out scores per tag, for a key and the thresholds they were measured at.
    scores: Option<(Key, Thresholds, Vec<TagScore>)>,
    scores_job: Option<(Thresholds, Job<Vec<TagScore>>)>,
    /// The suggestion walked to (keys), or the one the caret is in, shown with a solid outline;
    /// Enter accepts it.
    pub current: Option<TagSuggestion>,
    /// `current` is there because the caret is in it (it goes when the caret leaves).
    pub by_caret: bool,
    /// After accepting or rejecting, walk on from here when the list is made again.
    advance_from: Option<(DocId, usize)>,
    /// A suggestion to bring into view (taken by the app).
    reveal: Option<TagSuggestion>,
    /// The tags the project uses, for its revision (which thresholds are listed).
    used: Option<(u64, std::collections::HashSet<crate::model::TagId>)>,
    /// The side list scrolls to the current suggestion when next drawn (a walk moved it: at
    /// 900x600 the list had stayed where it was, the current card out of sight).
    list_to_current: bool,
    /// The card whose button of this name takes the keyboard when the list is next drawn (the
    /// card at the same place, or the last): an Accept or Reject pressed by keyboard takes its
    /// card away, and the keyboard had gone back to the menu bar.
    refocus: Option<(usize, &'static str)>,
    /// The list shown is one kept while the model retrains (it had been made by a model).
    kept: bool,
    /// What the retrained model changed in the open article's shown suggestions: (gone, new),
    /// taken by the app to say it (an accept could drop many others, unexplained).
    relearnt: Option<(usize, usize)>,
}

impl TagSuggestions {
    /// The threshold of `tag`.
    pub fn threshold(&self, tag: &str) -> f32 {
        self.thresholds.get(tag).copied().unwrap_or(DEFAULT_THRESHOLD)
    }

    /// Brings the model and the open article's suggestions up to date; call each frame while
    /// suggestions are shown or listed. `doc` is the open article; `reading`: the sentence
    /// vectors are being read or made.
    ///
    /// Suggestions are only ever made with a model trained on the project as it is: after an
    /// edit, the list shown is the last one with what the analyst has since tagged or rejected
    /// taken out, until the new model is there (a model of the project before an undo would
    /// give reasons from annotations that no longer exist). While vectors are being read, new
    /// vectors alone do not retrain (that would change the suggestions under the analyst's eyes
    /// at every chunk); the end of the reading does, once.
    #[allow(clippy::too_many_arguments)]
    pub fn update(
        &mut self,
        shared: &Arc<Project>,
        vectors: &Arc<Embeddings>,
        generation: u64,
        reading: bool,
        runner: &Runner,
        doc: Option<DocId>,
    ) {
        let project: &Project = shared;
        self.receive();
        let revision = project.revision();
        let trained = self.learned.as_ref().map(|(k, _)| *k);
        let wanted = match trained {
            Some((_, g)) if reading => (revision, g),
            _ => (revision, generation),
        };
        // Not before the vectors cache of a project just opened is in: the first suggestions
        // would change as soon as it is.
        let waiting_for_cache = reading && generation == 0 && trained.is_none();
        if trained != Some(wanted) && self.training.is_none() && self.failed != Some(wanted) && !waiting_for_cache {
            let (tx, rx) = std::sync::mpsc::channel();
            let (p, v) = (Arc::clone(shared), Arc::clone(vectors));
            runner.spawn(move || {
                let vectors = (!v.is_empty()).then_some(&*v);
                let _ = tx.send(catching(|| Learned::train(&p, Knowledge::built_in(), vectors)));
            });
            self.training = Some(Job { key: wanted, rx });
        }
        let Some(doc) = doc.filter(|d| project.document(*d).is_some()) else {
            self.article = None;
            return;
        };
        let model = self.learned.as_ref().map(|(k, _)| *k).filter(|(r, _)| *r == revision);
        let key = (revision, generation);
        let fresh =
            self.article.as_ref().is_some_and(|(d, k, m, _)| *d == doc && k.0 == key.0 && m.is_some() && *m == model);
        if fresh {
            return;
        }
        match model {
            Some(_) => {
                let src = self.sources(vectors);
                let list = suggest_for(project, doc, &src);
                if std::mem::take(&mut self.kept)
                    && let Some((d, _, None, before)) = &self.article
                    && *d == doc
                {
                    let shown =
                        |l: &[TagSuggestion]| -> std::collections::HashSet<(usize, usize, crate::model::TagId)> {
                            l.iter()
                                .filter(|s| s.score >= self.threshold(&s.tag))
                                .map(|s| (s.range.start, s.range.end, s.tag_id))
                                .collect()
                        };
                    let (was, is) = (shown(before), shown(&list));
                    let (gone, new) = (was.difference(&is).count(), is.difference(&was).count());
                    if gone + new > 0 {
                        self.relearnt = Some((gone, new));
                    }
                }
                self.article = Some((doc, key, model, list));
            }
            None => {
                // The model is being trained for this revision: keep what was shown, without
                // what has since been decided.
                match &mut self.article {
                    Some((d, k, m, list)) if *d == doc && k.0 != revision => {
                        let decided = decided(project);
                        list.retain(|s| !decided(s));
                        *k = key;
                        self.kept |= m.take().is_some();
                    }
                    Some((d, _, _, _)) if *d == doc => {}
                    _ => self.article = Some((doc, key, None, Vec::new())),
                }
                // After an accept or a reject, the next one in what is kept is current (drawn
                // so, Enter accepts it) while the model is retrained; the fresh list decides
                // again (`advance_from` is kept for it).
                if let Some((d, at)) = self.advance_from
                    && d == doc
                    && self.current.is_none()
                {
                    self.current = self.visible().into_iter().find(|s| s.range.start >= at).cloned();
                    self.reveal = self.current.clone();
                }
                return;
            }
        }
        if let Some((d, at)) = self.advance_from.take() {
            if d == doc {
                let next = self.visible().into_iter().find(|s| s.range.start >= at).cloned();
                // Shown once already if the list kept while retraining had it first.
                if next != self.current {
                    self.reveal = next.clone();
                }
                // None after it: the place is kept, so that ] says so rather than starting
                // again at the article's first.
                if next.is_none() {
                    self.advance_from = Some((d, at));
                }
                self.current = next;
            }
        } else if let Some(c) = &self.current {
            // The current suggestion stays current while it is still suggested.
            let still = self.visible().into_iter().find(|s| s.range == c.range && s.tag_id == c.tag_id).cloned();
            self.current = still;
        }
    }

    /// What the retrained model changed in the open article's suggestions, once: (gone, new).
    pub fn take_relearnt(&mut self) -> Option<(usize, usize)> {
        self.relearnt.take()
    }

    /// Whether background work is under way (the window then keeps drawing to take its result).
    pub fn busy(&self) -> bool {
        self.training.is_some() || self.everything_job.is_some() || self.scores_job.is_some()
    }

    fn sources<'a>(&'a self, vectors: &'a Embeddings) -> Sources<'a> {
        Sources {
            knowledge: Knowledge::built_in(),
            learned: self.learned.as_ref().map(|(_, l)| &**l),
            vectors: (!vectors.is_empty()).then_some(vectors),
        }
    }

    /// Takes what background work finished.
    fn receive(&mut self) {
        if let Some(job) = &self.training {
            match job.rx.try_recv() {
                Ok(Ok(l)) => {
                    self.learned = Some((job.key, Arc::new(l)));
                    self.training = None;
                }
                Ok(Err(_)) | Err(TryRecvError::Disconnected) => {
                    self.failed = Some(job.key);
                    self.training = None;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(job) = &self.everything_job {
            match job.rx.try_recv() {
                Ok(r) => {
                    let model = self.learned.as_ref().map(|(k, _)| *k);
                    self.everything = Some((job.key, model, r.unwrap_or_default()));
                    self.everything_job = None;
                }
                Err(TryRecvError::Disconnected) => self.everything_job = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some((at, job)) = &self.scores_job {
            match job.rx.try_recv() {
                Ok(r) => {
                    self.scores = Some((job.key, at.clone(), r.unwrap_or_default()));
                    self.scores_job = None;
                }
                Err(TryRecvError::Disconnected) => self.scores_job = None,
                Err(TryRecvError::Empty) => {}
            }
        }
    }

    /// Whether the model is being trained.
    pub fn learning(&self) -> bool {
        self.training.is_some()
    }

    /// The open article's suggestions at or above their tag's threshold, in text order.
    pub fn visible(&self) -> Vec<&TagSuggestion> {
        self.article
            .as_ref()
            .map_or_else(Vec::new, |(_, _, _, l)| l.iter().filter(|s| s.score >= self.threshold(&s.tag)).collect())
    }

    /// The next (or previous) visible suggestion after the current one, or after `caret`.
    pub fn step(&mut self, forward: bool, caret: usize) -> Option<TagSuggestion> {
        // Right after an accept or a reject with nothing current (the last one went): on from
        // where it was, not from the caret (at the article's top, ] went back to the first).
        let open = self.article.as_ref().map(|a| a.0);
        let caret = match self.advance_from {
            Some((d, at)) if self.current.is_none() && Some(d) == open => at,
            _ => caret,
        };
        // The caret standing at a suggestion's start (an article just opened, the caret at its
        // first char) made that suggestion current without anything showing it: walking forward
        // from the caret reaches it first, as from anywhere else before it.
        let unreached = forward && self.by_caret && self.current.as_ref().is_some_and(|c| caret <= c.range.start);
        let from = self.current.as_ref().filter(|_| !unreached).map(|c| (c.range.start, c.range.end, c.tag.clone()));
        let list = self.visible();
        let found = if forward {
            match &from {
                Some(f) => list.iter().find(|s| (s.range.start, s.range.end, s.tag.clone()) > *f),
                None => list.iter().find(|s| s.range.start >= caret),
            }
        } else {
            match &from {
                Some(f) => list.iter().rev().find(|s| (s.range.start, s.range.end, s.tag.clone()) < *f),
                None => list.iter().rev().find(|s| s.range.start < caret),
            }
        }
        .map(|s| (*s).clone());
        if found.is_some() {
            self.current = found.clone();
            self.by_caret = false;
            self.list_to_current = true;
            // A walk after an accept overrides where the accept would have gone on from.
            self.advance_from = None;
        }
        found
    }

    /// The article whose suggestions [`Self::visible`] holds.
    pub fn listed_doc(&self) -> Option<DocId> {
        self.article.as_ref().map(|a| a.0)
    }

    /// With all articles listed, whether any suggestion of the whole project's list comes after
    /// `s` (in the order `docs`, then in the text); `None` when only the open article is listed.
    pub fn any_after(&self, s: &TagSuggestion, docs: &[DocId]) -> Option<bool> {
        if self.scope != Scope::Project {
            return None;
        }
        let (_, _, all) = self.everything.as_ref()?;
        let place = |d: DocId| docs.iter().position(|x| *x == d);
        let at = (place(s.doc)?, s.range.start, s.range.end, &s.tag);
        Some(
            all.iter()
                .filter(|x| x.score >= self.threshold(&x.tag))
                .any(|x| place(x.doc).is_some_and(|p| (p, x.range.start, x.range.end, &x.tag) > at)),
        )
    }

    /// With all articles listed, the first suggestion of the next article after `doc` that has
    /// one (or the last of the previous), in the order `docs`, and makes it current: ] and [ had
    /// stopped at the open article's last, the rest of the list out of reach but by Tab.
    pub fn step_across(&mut self, forward: bool, doc: DocId, docs: &[DocId]) -> Option<TagSuggestion> {
        if self.scope != Scope::Project {
            return None;
        }
        let (_, _, all) = self.everything.as_ref()?;
        let at = docs.iter().position(|d| *d == doc)?;
        let place = |s: &TagSuggestion| docs.iter().position(|d| *d == s.doc);
        let shown = all.iter().filter(|s| s.score >= self.threshold(&s.tag));
        let found = if forward {
            shown
                .filter_map(|s| Some((place(s)?, s)))
                .filter(|(k, _)| *k > at)
                .min_by(|(k, a), (j, b)| (k, a.range.start, a.range.end).cmp(&(j, b.range.start, b.range.end)))
        } else {
            shown
                .filter_map(|s| Some((place(s)?, s)))
                .filter(|(k, _)| *k < at)
                .max_by(|(k, a), (j, b)| (k, a.range.start, a.range.end).cmp(&(j, b.range.start, b.range.end)))
        }
        .map(|(_, s)| s.clone())?;
        self.current = Some(found.clone());
        self.by_caret = false;
        self.list_to_current = true;
        self.advance_from = None;
        Some(found)
    }

    /// After the current suggestion was accepted or rejected: the next one becomes current once
    /// the list is made again.
    pub fn advance(&mut self, doc: DocId, from: usize) {
        self.current = None;
        self.by_caret = false;
        self.advance_from = Some((doc, from));
    }

    /// Ends a walk: the suggestion walked to is no longer current (one under the caret becomes
    /// current again while the caret is in it). Whether one was.
    pub fn end_walk(&mut self) -> bool {
        let walked = self.current.is_some() && !self.by_caret;
        if walked {
            self.current = None;
        }
        self.advance_from = None;
        walked
    }

    /// A suggestion to bring into view, once.
    pub fn take_reveal(&mut self) -> Option<TagSuggestion> {
        self.reveal.take()
    }

    /// The suggestion at char `at` of the open article (the shortest, if several).
    pub fn at(&self, at: usize) -> Option<&TagSuggestion> {
        self.visible().into_iter().filter(|s| s.range.contains(&at)).min_by_key(|s| s.range.len())
    }

    /// The "Suggested tags" tab: one scrolling column (thresholds, then the list), so that it
    /// fits a short window beside the reader.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        shared: &Arc<Project>,
        vectors: (&Arc<Embeddings>, u64, bool),
        runner: &Runner,
        doc: Option<DocId>,
        intents: &mut Vec<Intent>,
    ) {
        egui::ScrollArea::vertical().id_salt("suggested tags").auto_shrink([false, false]).show(ui, |ui| {
            self.body(ui, shared, vectors, runner, doc, intents);
        });
    }

    fn body(
        &mut self,
        ui: &mut Ui,
        shared: &Arc<Project>,
        (vectors, generation, reading): (&Arc<Embeddings>, u64, bool),
        runner: &Runner,
        doc: Option<DocId>,
        intents: &mut Vec<Intent>,
    ) {
        let project: &Project = shared;
        self.update(shared, vectors, generation, reading, runner, doc);
        if self.busy() {
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
        }
        let key = (project.revision(), generation);
        ui.label(
            "Tags claimscope proposes, from its word lists and from your own tags and rejections, \
             worked out on this computer. Nothing is saved until you accept it.",
        );
        ui.horizontal_wrapped(|ui| {
            ui.checkbox(&mut self.shown, "Show in the reader").on_hover_text(
                "Dashed outlines in the tag's colour (Ctrl+G). ] and [ walk them, Enter accepts, Delete rejects",
            );
        });
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.scope, Scope::Article, "This article");
            ui.selectable_value(&mut self.scope, Scope::Project, "All articles");
            if self.training.is_some() {
                ui.spinner();
                ui.label(egui::RichText::new("learning from your tags…").small().weak());
            }
        });
        // Thresholds and how far each tag can be trusted, each article predicted from the others.
        let thresholds: Thresholds = project.tags().iter().map(|t| (t.name.clone(), self.threshold(&t.name))).collect();
        let measured = self.scores.as_ref().is_some_and(|(k, at, _)| *k == key && *at == thresholds);
        if !measured && self.scores_job.as_ref().is_none_or(|(at, j)| j.key != key || *at != thresholds) {
            let (tx, rx) = std::sync::mpsc::channel();
            let (p, v, at) = (Arc::clone(shared), Arc::clone(vectors), thresholds.clone());
            runner.spawn(move || {
                let vectors = (!v.is_empty()).then_some(&*v);
                let src = Sources { knowledge: Knowledge::built_in(), learned: None, vectors };
                let threshold = |tag: &str| at.iter().find(|(t, _)| t == tag).map_or(DEFAULT_THRESHOLD, |x| x.1);
                let _ = tx.send(catching(|| held_out(&p, &src, true, &threshold)));
            });
            self.scores_job = Some((thresholds.clone(), Job { key, rx }));
        }
        let scores = self.scores.as_ref().map(|(_, _, s)| s.clone()).unwrap_or_default();
        // One tag a row: chip and threshold, then the figures, wrapped to the panel's width (the
        // view may be a 320-point column beside the reader).
        let scores: std::collections::HashMap<&str, &TagScore> = scores.iter().map(|s| (s.tag.as_str(), s)).collect();
        // Rows out of view are not built, only their room kept (a project of 14,000 tags built
        // them all and looked each one's figures up in a list: 600 ms a frame).
        let row_id = ui.scope_id().with("threshold row height");
        let mut row_height: f32 = ui.data(|d| d.get_temp(row_id)).unwrap_or(40.0);
        // A row for each tag that can be suggested or measured: the built-in four, those the
        // analyst tagged (the learned part's), and any with a threshold set. A codebook's
        // hundreds of unused tags put hundreds of "nothing tagged yet" rows before the
        // suggestions.
        // The tags in use, found once per change of the project (not every frame).
        if self.used.as_ref().is_none_or(|(r, _)| *r != project.revision()) {
            self.used = Some((project.revision(), project.annotations().map(|a| a.tag).collect()));
        }
        let no_tags = std::collections::HashSet::new();
        let used = self.used.as_ref().map_or(&no_tags, |(_, u)| u);
        let built_in = |name: &str| {
            [
                crate::analysis::tags::FACT,
                crate::analysis::tags::ALLEGATION,
                crate::analysis::tags::LEGAL,
                crate::analysis::tags::RHETORIC,
            ]
            .iter()
            .any(|k| k.eq_ignore_ascii_case(name))
        };
        let rows: Vec<&crate::model::TagDef> = project
            .tags()
            .iter()
            .filter(|t| {
                used.contains(&t.id)
                    || built_in(&t.name)
                    || scores.contains_key(t.name.as_str())
                    || self.thresholds.contains_key(&t.name)
            })
            .collect();
        if let Some(n) = self.learned.as_ref().map(|(_, l)| l.unlearned()).filter(|&n| n > 0) {
            ui.label(
                egui::RichText::new(format!(
                    "Learnt for the {} tags you used most; {n} more go by the word lists and the phrases you tagged.",
                    crate::analysis::tags::MAX_MODELS
                ))
                .small()
                .weak(),
            );
        }
        let unlisted = project.tags().len() - rows.len();
        for t in rows {
            let top = ui.cursor().min;
            if !ui.is_rect_visible(egui::Rect::from_min_size(top, egui::vec2(ui.available_width(), row_height))) {
                ui.add_space(row_height);
                continue;
            }
            ui.horizontal(|ui| {
                // The chips in a column of one width, so that the sliders line up.
                let size = egui::vec2(110.0, ui.spacing().interact_size.y);
                ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.set_min_width(size.x);
                    tag_chip(ui, &t.name, t.colour);
                });
                let mut v = self.threshold(&t.name);
                ui.spacing_mut().slider_width = 120.0;
                // Steps of 0.01: a typed 0.36 had become 0.35.
                let slider =
                    ui.add(egui::Slider::new(&mut v, 0.0..=1.0).step_by(0.01).fixed_decimals(2)).on_hover_text(
                        "Suggestions of this tag scored below this are not shown (arrows move it once clicked)",
                    );
                // A click gives it the keyboard, so that the arrows move it from there.
                if slider.clicked() || slider.drag_started() {
                    slider.request_focus();
                }
                if slider.changed() {
                    self.thresholds.insert(t.name.clone(), v);
                }
            });
            let figures = match scores.get(t.name.as_str()) {
                // Figures of an earlier revision are said to be so while they are remade: after an
                // undo they named a passage count that was no longer the project's (a walk).
                Some(s) if s.gold > 0 && !measured => format!(
                    "held out: precision {:.2}, recall {:.2} on your {} passages before your last change; measuring again…",
                    s.precision, s.recall, s.gold
                ),
                Some(s) if s.gold > 0 => format!(
                    "held out: precision {:.2}, recall {:.2} on your {} passages",
                    s.precision, s.recall, s.gold
                ),
                Some(_) | None if measured => "nothing tagged yet".to_owned(),
                _ => "measuring…".to_owned(),
            };
            ui.add(egui::Label::new(egui::RichText::new(figures).small().weak()).wrap()).on_hover_text(
                "Each article suggested as if you had not tagged it, learning from the others, and compared \
                 with your tags (partial overlap counts in part)",
            );
            row_height = ui.cursor().min.y - top.y;
        }
        ui.data_mut(|d| d.insert_temp(row_id, row_height));
        if unlisted > 0 {
            ui.label(
                egui::RichText::new(format!(
                    "{unlisted} tags you have not used are not listed: nothing is suggested for them."
                ))
                .small()
                .weak(),
            );
        }
        ui.horizontal(|ui| {
            let label = ui.label("Tag");
            let selected = self.filter.as_deref().and_then(|n| project.find_tag(n)).map(|t| t.id);
            // A filter by a tag since renamed or deleted would hide every row under "all".
            if selected.is_none() {
                self.filter = None;
            }
            let choice =
                crate::ui::tag_choice::tag_choice(ui, "suggested tags filter", project, selected, None, Some("all"));
            match choice.chosen {
                Some(Some(tag)) => self.filter = project.tag(tag).map(|t| t.name.clone()),
                Some(None) => self.filter = None,
                None => {}
            }
            let _ = choice.response.labelled_by(label.id).accessible_name("Suggestions of the tag");
        });
        // References, not copies: the panel is drawn every frame, and a project's list can hold
        // thousands of suggestions; one is cloned only when an intent takes it.
        let mut to_current = std::mem::take(&mut self.list_to_current);
        let refocus = self.refocus.take();
        // The list shown is of an earlier state of the project while the new one is worked out
        // (after an undo of "Accept all" it said "No suggestions" for seconds): said so.
        let mut updating = self.training.is_some();
        let list: Vec<&TagSuggestion> = match self.scope {
            Scope::Article => self.visible(),
            Scope::Project => {
                let model = self.learned.as_ref().map(|(k, _)| *k).filter(|(r, _)| *r == key.0);
                let fresh = self.everything.as_ref().is_some_and(|(k, m, _)| k.0 == key.0 && *m == model);
                updating |= !fresh;
                if !fresh && model.is_some() && self.everything_job.as_ref().is_none_or(|j| j.key != key) {
                    let (tx, rx) = std::sync::mpsc::channel();
                    let (p, v, l) =
                        (Arc::clone(shared), Arc::clone(vectors), self.learned.as_ref().map(|(_, l)| Arc::clone(l)));
                    runner.spawn(move || {
                        let vectors = (!v.is_empty()).then_some(&*v);
                        let src = Sources { knowledge: Knowledge::built_in(), learned: l.as_deref(), vectors };
                        let _ = tx.send(catching(|| suggest(&p, &src)));
                    });
                    self.everything_job = Some(Job { key, rx });
                }
                match &self.everything {
                    Some((_, _, all)) => all.iter().filter(|s| s.score >= self.threshold(&s.tag)).collect(),
                    None => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(format!("Suggesting for {} articles…", project.documents().len()));
                        });
                        return;
                    }
                }
            }
        };
        let list: Vec<&TagSuggestion> =
            list.into_iter().filter(|s| self.filter.as_ref().is_none_or(|f| *f == s.tag)).collect();
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{} suggestion{}", list.len(), if list.len() == 1 { "" } else { "s" }));
            if updating {
                ui.spinner();
                ui.label(egui::RichText::new("updating…").small().weak());
            }
            let all = ui
                .add_enabled(!list.is_empty(), egui::Button::new(format!("Accept all {}", list.len())))
                .on_hover_text("Tag every passage listed, in one step (Ctrl+Z undoes it)");
            if all.clicked() {
                intents.push(Intent::AcceptSuggestions(list.iter().map(|s| (*s).clone()).collect()));
            }
        });
        ui.separator();
        if list.is_empty() {
            ui.label(match self.scope {
                Scope::Article if doc.is_none() => "Open an article to see its suggestions.",
                _ if updating => "Working the suggestions out again for your last change…",
                _ => "No suggestions at these thresholds.",
            });
            return;
        }
        let current = self.current.clone();
        let mut new_refocus = None;
        let mut applied = false;
        let refocus_at = refocus.map_or(usize::MAX, |r| r.0.min(list.len().min(LISTED).saturating_sub(1)));
        {
            for (k, s) in list.iter().take(LISTED).enumerate() {
                let Some(tag) = project.tag(s.tag_id) else { continue };
                let text =
                    project.document(s.doc).map(|d| d.text.slice(s.range.clone()).to_owned()).unwrap_or_default();
                let is_current =
                    current.as_ref().is_some_and(|c| c.doc == s.doc && c.range == s.range && c.tag_id == s.tag_id);
                let frame = egui::Frame::group(ui.style());
                let frame = if is_current {
                    frame.stroke(egui::Stroke::new(2.0, super::theme::solid(tag.colour)))
                } else {
                    frame
                };
                // Each card's widgets named by its place in the list, whatever is drawn above
                // (a spinner while learning had renumbered them, and the keyboard on a card's
                // button was lost).
                let card = ui
                    .push_id(("suggestion card", k), |ui| {
                        frame.show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            ui.horizontal_wrapped(|ui| {
                                tag_chip(ui, &tag.name, tag.colour);
                                ui.label(format!("{:.2}", s.score));
                                if let Some(sp) = &s.speaker {
                                    ui.label(egui::RichText::new(format!("— {sp}")).italics());
                                }
                                if self.scope == Scope::Project
                                    && let Some(d) = project.document(s.doc)
                                {
                                    ui.label(egui::RichText::new(d.label()).small().weak());
                                }
                            });
                            let quote = ui
                                .add(
                                    egui::Label::new(crate::ui::widgets::quoted(&truncate(&text, 240)))
                                        .sense(egui::Sense::click()),
                                )
                                .on_hover_text("Show it in the reader");
                            if quote.clicked() {
                                intents.push(Intent::ShowSuggestion((*s).clone()));
                            }
                            ui.label(egui::RichText::new(s.why.join("; ")).small().weak());
                            ui.horizontal(|ui| {
                                let accept = ui
                                    .button("Accept")
                                    .on_hover_text("Tag it so, with its speaker (Enter when it is current)");
                                let reject = ui.button("Reject").on_hover_text(
                                    "Not this tag: never suggested again, and learnt from (Delete when it is current)",
                                );
                                let here = k == refocus_at;
                                for (name, b) in [("Accept", &accept), ("Reject", &reject)] {
                                    if here && refocus.is_some_and(|r| r.1 == name) {
                                        b.request_focus();
                                        applied = true;
                                    }
                                    if b.clicked() && b.has_focus() {
                                        new_refocus = Some((k, name));
                                    }
                                }
                                if accept.clicked() {
                                    intents.push(Intent::AcceptSuggestions(vec![(*s).clone()]));
                                }
                                if reject.clicked() {
                                    intents.push(Intent::RejectSuggestions(vec![(*s).clone()]));
                                }
                            })
                            .response
                            .on_hover_text(format!("Suggestion {}", k + 1));
                        })
                    })
                    .inner;
                if is_current && std::mem::take(&mut to_current) {
                    card.response.scroll_to_me(Some(egui::Align::Center));
                }
            }
            if list.len() > LISTED {
                ui.label(format!("{} more; raise the thresholds or pick a tag to see them.", list.len() - LISTED));
            }
        }
        // Kept while the list is being made again, so that it lands once the cards are back.
        self.refocus = new_refocus.or(refocus.filter(|_| !applied && self.busy()));
    }
}
