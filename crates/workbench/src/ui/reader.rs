//! The reader: one article, its highlights, and a selection made by mouse or keyboard.
//!
//! Built for long texts: the article is split into paragraphs, each laid out on its own (egui
//! caches the galleys between frames); only the paragraphs in the viewport are laid out, painted
//! and hit-tested. Heights of paragraphs not yet seen are estimated and corrected when they come
//! into view. Highlights are painted here, under the text, from the project's span index.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use eframe::egui::text::{CCursor, LayoutJob, TextFormat};
use eframe::egui::{
    self, Align, Color32, CornerRadius, FontId, Galley, Id, Key, Modifiers, Pos2, Rect, Sense, Stroke, Ui, accesskit,
    pos2, vec2,
};

use crate::model::{AnnotationId, DocId, Document, Project, SpanEntry, selection};

use super::commands::ReaderKey;
use super::intent::Intent;
use super::theme;

/// Default, smallest and largest body text size, in points.
pub const FONT_SIZE: f32 = 17.0;
pub const MIN_FONT_SIZE: f32 = 10.0;
pub const MAX_FONT_SIZE: f32 = 36.0;

/// Underline lanes drawn for overlapping spans; deeper overlaps share the last lane. They sit in
/// the leading below the text, which the line height leaves free.
const LANES: usize = 3;
const LANE_THICKNESS: f32 = 2.0;
const LANE_STEP: f32 = 2.5;
/// How close (points) the pointer must be to an edge of the selected annotation to drag it.
const HANDLE_GRAB: f32 = 6.0;

/// What a drag in the reader is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Drag {
    Select,
    Start(AnnotationId),
    End(AnnotationId),
}

/// Find in the article.
#[derive(Default)]
pub struct Find {
    pub open: bool,
    pub query: String,
    matches: Vec<Range<usize>>,
    current: Option<usize>,
    /// The query and text the matches were computed for.
    computed_for: Option<(String, u64)>,
    focus_field: bool,
}

impl Find {
    /// Number of matches and the one shown, for the find bar.
    pub fn status(&self) -> (usize, Option<usize>) {
        (self.matches.len(), self.current)
    }
}

/// The reader's view state: which article, where the selection is, what is laid out.
pub struct Reader {
    doc: Option<DocId>,
    text_generation: u64,
    paragraphs: Vec<Range<usize>>,
    /// Laid-out height of each paragraph, for the current width and font.
    heights: Vec<Option<f32>>,
    layout_key: (u32, u32, bool),
    /// Selection anchor and caret (char offsets into the article); equal when nothing is selected.
    anchor: Option<usize>,
    caret: Option<usize>,
    /// Horizontal position kept while moving up and down.
    h_pos: Option<f32>,
    drag: Option<Drag>,
    /// Live edges of an annotation being resized by drag.
    resize_preview: Option<(AnnotationId, Range<usize>)>,
    /// A range to bring into view on the next frame.
    scroll_to: Option<Range<usize>>,
    /// Snap mouse selections to whole words.
    pub snap: bool,
    pub font_size: f32,
    pub find: Find,
    /// Annotations drawn with an outline in their tag colour (the passages of a claim).
    pub emphasis: Vec<AnnotationId>,
    /// Tells this reader's scroll position apart from other readers of the same article.
    pub salt: &'static str,
    /// When the analyst last made a selection here (see [`next_stamp`]): of several readers
    /// (the main one, the side-by-side columns), a tag key tags the newest selection.
    selected_at: u64,
    /// The char the analyst right-clicked, for the context menu.
    context_at: Option<usize>,
    /// Take the keyboard on the next frame (Alt+T, Enter in the article list).
    pub focus_request: bool,
    /// Where each article of this project was left in this run. egui keeps scroll positions
    /// between runs by widget id, and article ids repeat across projects: without this, a
    /// relaunch opened the first article where some other article had been left.
    positions: HashMap<DocId, f32>,
    /// The scroll offset to set on the next frame (an article just opened).
    restore: Option<f32>,
    /// The scroll offset of the last frame.
    offset: f32,
}

/// A number that grows with every selection made in any reader.
fn next_stamp() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            doc: None,
            text_generation: 0,
            paragraphs: Vec::new(),
            heights: Vec::new(),
            layout_key: (0, 0, false),
            anchor: None,
            caret: None,
            h_pos: None,
            drag: None,
            resize_preview: None,
            scroll_to: None,
            snap: true,
            font_size: FONT_SIZE,
            find: Find::default(),
            emphasis: Vec::new(),
            salt: "reader",
            selected_at: 0,
            context_at: None,
            focus_request: false,
            positions: HashMap::new(),
            restore: Some(0.0),
            offset: 0.0,
        }
    }
}

/// What one frame of the reader works with: the project and article, where the paragraphs are
/// (those on screen with their galleys), and how the text is laid out.
struct Pass<'a> {
    project: &'a Project,
    doc: &'a Document,
    selected: Option<AnnotationId>,
    /// Top of each paragraph from the top of the text; the last entry is the total height.
    offsets: Vec<f32>,
    /// Screen position of the text's top left.
    origin: Pos2,
    /// The paragraphs on screen, in order, with their galleys.
    visible: Vec<(usize, Arc<Galley>)>,
    /// Wrap width and colour of the text.
    width: f32,
    colour: Color32,
    dark: bool,
}

impl Pass<'_> {
    /// The selected annotation, if it is in this article.
    fn selected_here(&self) -> Option<&crate::model::Annotation> {
        self.selected.and_then(|a| self.project.annotation(a)).filter(|a| a.doc == self.doc.id)
    }

    fn galley_on_screen(&self, i: usize) -> Option<Arc<Galley>> {
        self.visible.iter().find(|(k, _)| *k == i).map(|(_, g)| g.clone())
    }
}

impl Reader {
    /// The article shown.
    pub fn doc(&self) -> Option<DocId> {
        self.doc
    }

    /// Forgets the article and everything about it, keeping the settings (for another project).
    pub fn reset(&mut self) {
        *self = Reader { snap: self.snap, font_size: self.font_size, salt: self.salt, ..Reader::default() };
    }

    /// Shows `doc`, keeping the selection if it is the same article.
    pub fn show_doc(&mut self, doc: DocId) {
        if self.doc != Some(doc) {
            if let Some(old) = self.doc {
                self.positions.insert(old, self.offset);
            }
            self.restore = Some(self.positions.get(&doc).copied().unwrap_or(0.0));
            self.doc = Some(doc);
            self.anchor = None;
            self.caret = None;
            self.drag = None;
            self.resize_preview = None;
            self.find.computed_for = None;
        }
    }

    /// The selected text range, if any text is selected.
    pub fn selection(&self) -> Option<Range<usize>> {
        let (a, c) = (self.anchor?, self.caret?);
        (a != c).then(|| a.min(c)..a.max(c))
    }

    /// The selection with its article and how recent it is, if text is selected.
    pub fn active_selection(&self) -> Option<(u64, DocId, Range<usize>)> {
        Some((self.selected_at, self.doc?, self.selection()?))
    }

    /// The caret (char offset), if the reader has one.
    pub fn caret(&self) -> Option<usize> {
        self.caret
    }

    /// Selects `r` in the shown article and brings it into view.
    pub fn select_range(&mut self, r: Range<usize>) {
        self.anchor = Some(r.start);
        self.caret = Some(r.end);
        self.scroll_to = Some(r);
        self.selected_at = next_stamp();
    }

    /// Drops the text selection, keeping the caret.
    pub fn clear_selection(&mut self) {
        self.anchor = self.caret;
    }

    /// Brings `r` into view on the next frame.
    pub fn reveal(&mut self, r: Range<usize>) {
        self.scroll_to = Some(r);
    }

    /// Opens the find bar and puts the keyboard in it.
    pub fn open_find(&mut self) {
        self.find.open = true;
        self.find.focus_field = true;
    }

    fn sync_layout(&mut self, doc: &Document, width: f32, dark: bool) {
        if self.text_generation != doc.text.generation() || self.paragraphs.is_empty() {
            self.text_generation = doc.text.generation();
            self.paragraphs = doc.text.paragraphs();
            self.heights = vec![None; self.paragraphs.len()];
            let len = doc.text.len_chars();
            self.anchor = self.anchor.map(|a| a.min(len));
            self.caret = self.caret.map(|c| c.min(len));
        }
        let key = (width.to_bits(), self.font_size.to_bits(), dark);
        if key != self.layout_key {
            self.layout_key = key;
            self.heights.iter_mut().for_each(|h| *h = None);
        }
    }

    fn row_height(&self) -> f32 {
        // Generous leading (WCAG 1.4.12 asks at least 1.5): room for the underline lanes.
        (self.font_size * 1.75).round()
    }

    fn paragraph_gap(&self) -> f32 {
        (self.font_size * 0.55).round()
    }

    fn estimate(&self, chars: usize, width: f32) -> f32 {
        if chars == 0 {
            return self.row_height() * 0.35;
        }
        let per_row = (width / (self.font_size * 0.5)).max(1.0);
        (chars as f32 / per_row).ceil() * self.row_height()
    }

    /// Top of each paragraph from the top of the text, and the total height as the last entry.
    fn offsets(&self, width: f32) -> Vec<f32> {
        let mut y = 0.0;
        let mut out = Vec::with_capacity(self.paragraphs.len() + 1);
        for (i, p) in self.paragraphs.iter().enumerate() {
            out.push(y);
            let h = self.heights[i].unwrap_or_else(|| self.estimate(p.len(), width));
            y += h + if p.is_empty() { 0.0 } else { self.paragraph_gap() };
        }
        out.push(y);
        out
    }

    fn layout(&self, ui: &Ui, doc: &Document, i: usize, width: f32, colour: Color32) -> Arc<Galley> {
        let text = doc.text.slice(self.paragraphs[i].clone()).to_owned();
        let format = TextFormat {
            font_id: FontId::proportional(self.font_size),
            color: colour,
            line_height: Some(self.row_height()),
            ..Default::default()
        };
        let mut job = LayoutJob::single_section(text, format);
        job.wrap.max_width = width;
        ui.painter().layout_job(job)
    }

    /// Draws the reader for `doc` and pushes what the analyst asks for.
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, selected: Option<AnnotationId>, intents: &mut Vec<Intent>) {
        let before = (self.anchor, self.caret);
        self.show(ui, project, selected, intents);
        if (self.anchor, self.caret) != before && self.selection().is_some() {
            self.selected_at = next_stamp();
        }
    }

    fn show(&mut self, ui: &mut Ui, project: &Project, selected: Option<AnnotationId>, intents: &mut Vec<Intent>) {
        let Some(doc) = self.doc.and_then(|d| project.document(d)) else {
            ui.centered_and_justified(|ui| {
                ui.label(if project.documents().is_empty() {
                    "No articles yet. Use File > Import articles… (Ctrl+I) to add some."
                } else {
                    "Choose an article."
                });
            });
            return;
        };
        self.header(ui, doc, intents);
        if self.find.open {
            self.find_bar(ui, doc, intents);
        }
        ui.add_space(4.0);
        // Dragging in the text selects; it must not scroll the page as a touch drag would.
        let wheel_and_bar =
            egui::scroll_area::ScrollSource { mouse_wheel: true, ..egui::scroll_area::ScrollSource::SCROLL_BAR };
        let mut area = egui::ScrollArea::vertical()
            .id_salt((self.salt, doc.id))
            .auto_shrink([false, false])
            .scroll_source(wheel_and_bar);
        if let Some(offset) = self.restore.take() {
            area = area.vertical_scroll_offset(offset);
        }
        let out = area.show_viewport(ui, |ui, viewport| {
            self.body(ui, viewport, (project, doc), selected, intents);
        });
        self.offset = out.state.clamped_offset().y;
    }

    fn header(&self, ui: &mut Ui, doc: &Document, intents: &mut Vec<Intent>) {
        // Left-aligned even in a justified column (side by side): egui would spread the words.
        ui.add(egui::Label::new(egui::RichText::new(&doc.title).heading().strong()).wrap().halign(egui::Align::LEFT));
        ui.horizontal_wrapped(|ui| {
            let date = crate::model::time::display_date(&doc.published);
            let parts: Vec<&str> = [doc.source.as_str(), doc.byline.as_str(), date.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if !parts.is_empty() {
                ui.label(egui::RichText::new(parts.join(" · ")).weak());
            }
            if ui
                .small_button("✏ Details")
                .on_hover_text("Edit the title, outlet, date, byline and address (F2)")
                .clicked()
            {
                intents.push(Intent::EditDetails(doc.id));
            }
            if !doc.url.is_empty() {
                ui.hyperlink_to(egui::RichText::new(&doc.url).small(), &doc.url);
            }
        });
    }

    fn find_bar(&mut self, ui: &mut Ui, doc: &Document, intents: &mut Vec<Intent>) {
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

    /// Lays out what is on screen in `viewport`, then handles the pointer and keys and paints.
    fn body(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        (project, doc): (&Project, &Document),
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        let dark = ui.visuals().dark_mode;
        let page = theme::page(dark);
        let text_colour = Color32::from_rgb(page.text[0], page.text[1], page.text[2]);
        let avail = ui.available_width();
        let width = (self.font_size * 36.0).min(avail - 24.0).max(120.0);
        self.sync_layout(doc, width, dark);
        let left = ((avail - width) / 2.0).max(8.0);

        // Lay out what is visible, correct estimated heights, and repeat until the visible set
        // is stable (at most a few rounds; usually one).
        let mut offsets = self.offsets(width);
        let mut galleys: HashMap<usize, Arc<Galley>> = HashMap::new();
        for _ in 0..4 {
            let range = visible_range(&offsets, viewport.min.y, viewport.max.y);
            let mut changed = false;
            for i in range {
                if galleys.contains_key(&i) {
                    continue;
                }
                let g = self.layout(ui, doc, i, width, text_colour);
                let h = if self.paragraphs[i].is_empty() { self.row_height() * 0.35 } else { g.size().y };
                if self.heights[i] != Some(h) {
                    self.heights[i] = Some(h);
                    changed = true;
                }
                galleys.insert(i, g);
            }
            if !changed {
                break;
            }
            offsets = self.offsets(width);
        }
        // Short articles are laid out whole on their first frame, so the scrollbar is exact.
        if doc.text.len_chars() < 50_000 && self.heights.iter().any(Option::is_none) {
            for i in 0..self.paragraphs.len() {
                if self.heights[i].is_none() {
                    let g = self.layout(ui, doc, i, width, text_colour);
                    self.heights[i] =
                        Some(if self.paragraphs[i].is_empty() { self.row_height() * 0.35 } else { g.size().y });
                }
            }
            offsets = self.offsets(width);
        }
        let total = offsets.last().copied().unwrap_or(0.0) + self.row_height();
        let (rect, response) = ui.allocate_exact_size(vec2(avail, total), Sense::click_and_drag());
        let id = response.id;
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, "Article text"));
        let origin = rect.min + vec2(left, 0.0);
        let mut visible: Vec<(usize, Arc<Galley>)> = visible_range(&offsets, viewport.min.y, viewport.max.y)
            .map(|i| {
                let g = galleys.remove(&i).unwrap_or_else(|| self.layout(ui, doc, i, width, text_colour));
                (i, g)
            })
            .collect();
        visible.sort_by_key(|(i, _)| *i);
        let pass = Pass { project, doc, selected, offsets, origin, visible, width, colour: text_colour, dark };

        self.scroll_into_view(ui, &pass);
        if std::mem::take(&mut self.focus_request) {
            response.request_focus();
        }
        if response.has_focus() && self.caret.is_none() {
            // Keyboard without a click: the caret starts at the selected annotation, else at the
            // top of what is on screen.
            let at = pass.selected_here().map(|a| a.start).or_else(|| {
                let (i, _) = pass
                    .visible
                    .iter()
                    .find(|(i, _)| pass.offsets[*i] >= viewport.min.y && !self.paragraphs[*i].is_empty())?;
                Some(self.paragraphs[*i].start)
            });
            let at = at.or_else(|| pass.visible.first().map(|(i, _)| self.paragraphs[*i].start)).unwrap_or(0);
            self.anchor = Some(at);
            self.caret = Some(at);
        }
        self.pointer(ui, &response, &pass, intents);
        if response.secondary_clicked() {
            self.context_at = response.interact_pointer_pos().and_then(|p| self.char_at(p, &pass));
        }
        let context_at = self.context_at;
        response.context_menu(|ui| context_menu(ui, &pass, context_at, intents));
        if response.has_focus() {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    id,
                    egui::EventFilter { horizontal_arrows: true, vertical_arrows: true, tab: false, escape: true },
                );
            });
            self.keyboard(ui, &pass, intents);
        }
        self.paint(ui, &pass, response.has_focus());
        self.accessibility(ui, &pass, id);
    }

    fn scroll_into_view(&mut self, ui: &mut Ui, pass: &Pass<'_>) {
        let Some(r) = self.scroll_to.take() else { return };
        let i = paragraph_of(&self.paragraphs, r.start);
        let g = self.galley(ui, pass, i);
        let local = r.start.saturating_sub(self.paragraphs[i].start);
        let caret = g.pos_from_cursor(CCursor::new(local));
        let top = pass.origin + vec2(0.0, pass.offsets[i]) + caret.min.to_vec2();
        let target = Rect::from_min_size(top, vec2(1.0, caret.height().max(self.row_height())));
        ui.scroll_to_rect(target.expand2(vec2(0.0, self.row_height() * 2.0)), Some(Align::Center));
    }

    /// The galley of paragraph `i`: the one on screen, else laid out now.
    fn galley(&self, ui: &Ui, pass: &Pass<'_>, i: usize) -> Arc<Galley> {
        pass.galley_on_screen(i).unwrap_or_else(|| self.layout(ui, pass.doc, i, pass.width, pass.colour))
    }

    /// The char offset under `pos`, if `pos` is over the text.
    fn char_at(&self, pos: Pos2, pass: &Pass<'_>) -> Option<usize> {
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
    fn range_rects(&self, r: &Range<usize>, pass: &Pass<'_>) -> Vec<Rect> {
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

    fn pointer(&mut self, ui: &mut Ui, response: &egui::Response, pass: &Pass<'_>, intents: &mut Vec<Intent>) {
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
            let hits = spans.at(c);
            // A click on overlapping spans selects the innermost, and each further click the next.
            let next = match selected.and_then(|s| hits.iter().position(|h| h.id == s)) {
                Some(k) => hits.get((k + 1) % hits.len()),
                None => hits.first(),
            };
            intents.push(Intent::SelectInPlace(next.map(|h| h.id)));
        }
    }

    fn keyboard(&mut self, ui: &mut Ui, pass: &Pass<'_>, intents: &mut Vec<Intent>) {
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
                    let step = |v: usize| if right { (v + 1).min(len) } else { v.saturating_sub(1) };
                    let r = if matches!(action, ReaderKey::AnnotationStart(_)) {
                        step(a.start).min(a.end - 1)..a.end
                    } else {
                        a.start..step(a.end).max(a.start + 1)
                    };
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
                    let (to, h) = self.vertical(ui, pass, caret, down);
                    self.h_pos = Some(h);
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

    /// The caret one row up or down, and the horizontal position to keep.
    fn vertical(&self, ui: &Ui, pass: &Pass<'_>, caret: usize, down: bool) -> (usize, f32) {
        let doc = pass.doc;
        let galley_of = |i: usize| self.galley(ui, pass, i);
        let i = paragraph_of(&self.paragraphs, caret);
        let g = galley_of(i);
        let local = CCursor::new(caret - self.paragraphs[i].start);
        let (moved, h) =
            if down { g.cursor_down_one_row(&local, self.h_pos) } else { g.cursor_up_one_row(&local, self.h_pos) };
        let at_edge = if down {
            g.layout_from_cursor(local).row + 1 >= g.rows.len()
        } else {
            g.layout_from_cursor(local).row == 0
        };
        let h_pos = h.or(self.h_pos).unwrap_or_else(|| g.pos_from_cursor(local).center().x);
        if !at_edge {
            return (self.paragraphs[i].start + moved.index.0, h_pos);
        }
        // Move into the next non-empty paragraph, keeping the horizontal position.
        let mut j = i;
        loop {
            j = if down {
                j + 1
            } else {
                match j.checked_sub(1) {
                    Some(k) => k,
                    None => return (0, h_pos),
                }
            };
            let Some(p) = self.paragraphs.get(j) else { return (doc.text.len_chars(), h_pos) };
            if p.is_empty() {
                continue;
            }
            let g = galley_of(j);
            let row = if down { 0 } else { g.rows.len().saturating_sub(1) };
            let y = g.rows.get(row).map_or(0.0, |r| r.rect().center().y);
            return (p.start + g.cursor_from_pos(vec2(h_pos, y)).index.0.min(p.len()), h_pos);
        }
    }

    fn paint(&self, ui: &Ui, pass: &Pass<'_>, focused: bool) {
        let (project, doc) = (pass.project, pass.doc);
        let painter = ui.painter();
        let page = theme::page(pass.dark);
        let Some(first) = pass.visible.first().map(|(i, _)| self.paragraphs[*i].start) else { return };
        let last = pass.visible.last().map_or(first, |(i, _)| self.paragraphs[*i].end);
        let spans: Vec<SpanEntry> = project.overlapping(doc.id, first..last.max(first + 1)).copied().collect();
        let lanes = assign_lanes(&spans);
        let preview = self.resize_preview.clone();
        let range_of = |e: &SpanEntry| match &preview {
            Some((id, r)) if *id == e.id => r.clone(),
            _ => e.start..e.end,
        };

        // Fills, in reading order, blending where they overlap.
        for e in &spans {
            let Some(tag) = project.annotation(e.id).and_then(|a| project.tag(a.tag)) else { continue };
            let fill = theme::highlight(tag.colour, page);
            for r in self.range_rects(&range_of(e), pass) {
                painter.rect_filled(r, CornerRadius::same(2), fill);
            }
        }
        // Find matches: an outline, so they read apart from highlights.
        if self.find.open && !self.find.matches.is_empty() {
            let lo = self.find.matches.partition_point(|m| m.end <= first);
            for (k, m) in self.find.matches[lo..].iter().enumerate().take_while(|(_, m)| m.start < last) {
                let current = self.find.current == Some(lo + k);
                let colour = if current { Color32::from_rgb(230, 120, 0) } else { Color32::from_rgb(200, 160, 0) };
                for r in self.range_rects(m, pass) {
                    painter.rect_stroke(
                        r,
                        2.0,
                        Stroke::new(if current { 2.5 } else { 1.5 }, colour),
                        egui::StrokeKind::Outside,
                    );
                }
            }
        }
        // The text selection.
        if let Some(sel) = self.selection() {
            let fill = ui.visuals().selection.bg_fill.gamma_multiply(if focused { 0.55 } else { 0.35 });
            for r in self.range_rects(&sel, pass) {
                painter.rect_filled(r, 0.0, fill);
            }
        }
        // The text.
        for (i, g) in &pass.visible {
            let pos = pass.origin + vec2(0.0, pass.offsets[*i]);
            painter.galley(pos, g.clone(), Color32::PLACEHOLDER);
        }
        // One underline lane per overlapping span, in its tag colour, below the text.
        for (e, lane) in spans.iter().zip(&lanes) {
            let Some(tag) = project.annotation(e.id).and_then(|a| project.tag(a.tag)) else { continue };
            let colour = theme::solid(tag.colour);
            for r in self.range_rects(&range_of(e), pass) {
                let y = r.bottom() - 0.5 - (*lane as f32) * LANE_STEP;
                painter.rect_filled(Rect::from_x_y_ranges(r.x_range(), (y - LANE_THICKNESS)..=y), 0.0, colour);
            }
        }
        // Emphasised annotations: an outline in their tag colour.
        for id in &self.emphasis {
            let Some(a) = project.annotation(*id).filter(|a| a.doc == doc.id) else { continue };
            let colour = project.tag(a.tag).map_or(Color32::GRAY, |t| theme::solid(t.colour));
            for rect in self.range_rects(&a.range(), pass) {
                painter.rect_stroke(rect.expand(1.0), 3.0, Stroke::new(2.0, colour), egui::StrokeKind::Outside);
            }
        }
        // The selected annotation: an outline and handles at its ends.
        if let Some(a) = pass.selected_here() {
            let r = match &preview {
                Some((id, r)) if *id == a.id => r.clone(),
                _ => a.range(),
            };
            let rects = self.range_rects(&r, pass);
            let stroke = Stroke::new(2.0, ui.visuals().strong_text_color());
            for rect in &rects {
                painter.rect_stroke(*rect, 2.0, stroke, egui::StrokeKind::Outside);
            }
            if let (Some(f), Some(l)) = (rects.first(), rects.last()) {
                for (x, y) in [(f.left(), f.y_range()), (l.right(), l.y_range())] {
                    painter.line_segment([pos2(x, y.min - 3.0), pos2(x, y.max + 3.0)], Stroke::new(3.0, stroke.color));
                    painter.circle_filled(pos2(x, y.min - 3.0), 3.5, stroke.color);
                }
            }
        }
        // The caret, when the reader has the keyboard and nothing is selected.
        if focused
            && self.selection().is_none()
            && let Some(c) = self.caret
        {
            let i = paragraph_of(&self.paragraphs, c);
            if let Some(g) = pass.galley_on_screen(i) {
                let local = g.pos_from_cursor(CCursor::new(c - self.paragraphs[i].start));
                let top = pass.origin + vec2(0.0, pass.offsets[i]) + local.min.to_vec2();
                painter.line_segment(
                    [top, top + vec2(0.0, local.height())],
                    Stroke::new(1.5, ui.visuals().text_cursor.stroke.color),
                );
            }
        }
    }

    /// Gives screen readers (and kittest queries) the text of the paragraphs on screen.
    fn accessibility(&self, ui: &Ui, pass: &Pass<'_>, reader_id: Id) {
        let doc = pass.doc;
        for (i, g) in &pass.visible {
            let r = &self.paragraphs[*i];
            if r.is_empty() {
                continue;
            }
            let id = reader_id.with(("paragraph", *i));
            let rect = Rect::from_min_size(pass.origin + vec2(0.0, pass.offsets[*i]), g.size());
            let text = doc.text.slice(r.clone()).to_owned();
            ui.ctx().accesskit_node_builder(id, |node| {
                node.set_role(accesskit::Role::Paragraph);
                node.set_label(text);
                node.set_bounds(accesskit::Rect {
                    x0: f64::from(rect.min.x),
                    y0: f64::from(rect.min.y),
                    x1: f64::from(rect.max.x),
                    y1: f64::from(rect.max.y),
                });
            });
        }
    }
}

/// The hover card over a highlight: tag, speaker, claim and note of each span under the pointer.
fn hover_card(ui: &mut Ui, project: &Project, hits: &[SpanEntry]) {
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

/// A small coloured label with a tag's name.
pub fn tag_chip(ui: &mut Ui, name: &str, colour: crate::model::Colour) -> egui::Response {
    let text = egui::RichText::new(name).color(theme::text_on(colour)).strong();
    egui::Frame::new()
        .fill(theme::solid(colour))
        .corner_radius(CornerRadius::same(4))
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| ui.label(text))
        .response
}

/// Paragraphs that intersect `[top, bottom)` given their offsets (last entry: total height).
fn visible_range(offsets: &[f32], top: f32, bottom: f32) -> Range<usize> {
    let n = offsets.len().saturating_sub(1);
    let first = offsets[..n].partition_point(|&o| o <= top).saturating_sub(1);
    let last = offsets[..n].partition_point(|&o| o < bottom);
    first.min(n)..last.min(n).max(first.min(n))
}

/// The text's right-click menu: delete the paragraph clicked (page furniture such as "Skip to main
/// content"), edit the article's details.
fn context_menu(ui: &mut Ui, pass: &Pass<'_>, at: Option<usize>, intents: &mut Vec<Intent>) {
    let (project, doc) = (pass.project, pass.doc);
    if let Some(cut) = at.and_then(|c| doc.text.paragraph_cut(c)) {
        let line =
            doc.text.paragraphs().into_iter().find(|p| p.start >= cut.start && !p.is_empty()).unwrap_or(cut.clone());
        let gone = project.annotations_of(doc.id).filter(|a| a.start >= cut.start && a.end <= cut.end).count();
        let what = crate::model::short(doc.text.slice(line));
        let label = match gone {
            0 => "Delete this paragraph".to_owned(),
            n => format!("Delete this paragraph and its {n} annotation(s)"),
        };
        let whole = cut == (0..doc.text.len_chars());
        let b = ui.add_enabled(!whole, egui::Button::new(label)).on_hover_text(format!("“{what}” (Ctrl+Z undoes)"));
        if b.clicked()
            && let Ok(edit) = project.delete_paragraph(doc.id, cut.start)
        {
            intents.push(Intent::Edit { edit, label: format!("Delete paragraph “{what}”") });
        }
    }
    if ui.add(egui::Button::new("Article details…").shortcut_text("F2")).clicked() {
        intents.push(Intent::EditDetails(doc.id));
    }
}

/// Index of the paragraph holding char offset `c` (the last one for the text end).
fn paragraph_of(paragraphs: &[Range<usize>], c: usize) -> usize {
    paragraphs.partition_point(|p| p.end < c).min(paragraphs.len().saturating_sub(1))
}

/// Galley-relative rects of chars `s..e` of a paragraph, one per row.
fn galley_rects(g: &Galley, s: usize, e: usize) -> Vec<Rect> {
    let a = g.layout_from_cursor(CCursor::new(s));
    let b = g.layout_from_cursor(CCursor { index: e.into(), prefer_next_row: false });
    let mut out = Vec::new();
    for ri in a.row..=b.row.min(g.rows.len().saturating_sub(1)) {
        let row = &g.rows[ri];
        let left = if ri == a.row { row.x_offset(a.column) } else { 0.0 };
        let right = if ri == b.row { row.x_offset(b.column) } else { row.size.x };
        if right > left {
            out.push(Rect::from_min_max(pos2(left, 0.0), pos2(right, row.size.y)).translate(row.pos.to_vec2()));
        }
    }
    out
}

/// Underline lane of each span (sorted by start): the lowest lane free at its start.
fn assign_lanes(spans: &[SpanEntry]) -> Vec<usize> {
    let mut lane_end: Vec<usize> = Vec::new();
    spans
        .iter()
        .map(|s| {
            let lane = lane_end.iter().position(|&end| end <= s.start).unwrap_or(lane_end.len());
            if lane == lane_end.len() {
                lane_end.push(s.end);
            } else {
                lane_end[lane] = s.end;
            }
            lane.min(LANES - 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(start: usize, end: usize, id: u64) -> SpanEntry {
        SpanEntry { start, end, id: AnnotationId(id) }
    }

    #[test]
    fn overlapping_spans_get_separate_lanes() {
        let spans = [e(0, 10, 1), e(2, 5, 2), e(2, 5, 3), e(6, 8, 4), e(11, 12, 5)];
        assert_eq!(assign_lanes(&spans), vec![0, 1, 2, 1, 0]);
    }

    #[test]
    fn visible_range_picks_intersecting_paragraphs() {
        let offsets = [0.0, 10.0, 20.0, 30.0, 40.0];
        assert_eq!(visible_range(&offsets, 12.0, 25.0), 1..3);
        assert_eq!(visible_range(&offsets, 0.0, 5.0), 0..1);
        assert_eq!(visible_range(&offsets, 35.0, 100.0), 3..4);
        assert_eq!(visible_range(&[0.0], 0.0, 10.0), 0..0);
    }

    #[test]
    fn paragraph_lookup_by_char() {
        let ps = vec![0..5, 6..6, 7..12];
        assert_eq!(paragraph_of(&ps, 0), 0);
        assert_eq!(paragraph_of(&ps, 5), 0);
        assert_eq!(paragraph_of(&ps, 6), 1);
        assert_eq!(paragraph_of(&ps, 9), 2);
        assert_eq!(paragraph_of(&ps, 12), 2);
    }
}
