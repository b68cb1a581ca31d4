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

mod find;
mod keys;
mod paint;
mod pointer;
pub(crate) use pointer::ParagraphAt;

use paint::galley_rects;
use pointer::context_menu;

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

/// A suggested tag the reader draws: a dashed outline in the tag's colour (solid for the one
/// walked to), never a fill, so that it reads apart from annotations.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggested {
    pub suggestion: crate::analysis::tags::TagSuggestion,
    pub colour: crate::model::Colour,
    pub current: bool,
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
    /// Where the text wraps, one char offset is both the end of a row and the start of the
    /// next: the caret at this offset stands at the start of the next row. A row down from a
    /// paragraph's first char landed on the next row's first char, was drawn at the end of the
    /// row above, and the next Down found the same place (stuck).
    next_row_at: Option<usize>,
    drag: Option<Drag>,
    /// Live edges of an annotation being resized by drag.
    resize_preview: Option<(AnnotationId, Range<usize>)>,
    /// A range to bring into view on the next frame.
    scroll_to: Option<Range<usize>>,
    /// The char at the top of the view, as last drawn before the text reflowed.
    top_char: Option<usize>,
    /// How far below the top of its line the view's top was (points): a line half hidden at
    /// the top stays so, or each reflow moved the view up by the hidden part (a walk: a line
    /// or more an open and close of Compare).
    top_dy: f32,
    /// A char to put back at the top of the view on the next frame (after a reflow), with
    /// [`Reader::top_dy`].
    keep_at_top: Option<(usize, f32)>,
    /// The place put back, held while the view stays where it was put (the offset it settled
    /// at, once known): read again from the lines, the top char drifted to a line's start, a
    /// line up for each reflow that broke the lines elsewhere.
    pinned: Option<(usize, f32, Option<f32>)>,
    /// Snap mouse selections to whole words.
    pub snap: bool,
    pub font_size: f32,
    pub find: Find,
    /// Annotations drawn with an outline in their tag colour (the passages of a claim).
    pub emphasis: Vec<AnnotationId>,
    /// Room above and below the text while it shows emphasised passages (a side-by-side
    /// column), so that any passage can be scrolled to the column's middle.
    pub align_room: bool,
    /// Suggested tags of the article shown (set by the app each frame; empty when hidden).
    pub suggested: Vec<Suggested>,
    /// Tells this reader's scroll position apart from other readers of the same article.
    pub salt: &'static str,
    /// When the analyst last made a selection here (see [`next_stamp`]): of several readers
    /// (the main one, the side-by-side columns), a tag key tags the newest selection.
    selected_at: u64,
    /// The char the analyst right-clicked, for the context menu.
    context_at: Option<usize>,
    /// Take the keyboard on the next frame (Alt+T, Enter in the article list).
    pub focus_request: bool,
    /// The text's widget, as last drawn: whether the keyboard is in the text (Enter accepts a
    /// suggestion there, and presses the button that has the keyboard elsewhere).
    text_id: Option<egui::Id>,
    /// The tag bar's field of tags by name is to take the keyboard (Alt+G).
    pub tag_by_name: bool,
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
            next_row_at: None,
            drag: None,
            resize_preview: None,
            scroll_to: None,
            top_char: None,
            top_dy: 0.0,
            keep_at_top: None,
            pinned: None,
            snap: true,
            font_size: FONT_SIZE,
            find: Find::default(),
            emphasis: Vec::new(),
            align_room: false,
            suggested: Vec::new(),
            salt: "reader",
            selected_at: 0,
            context_at: None,
            focus_request: false,
            text_id: None,
            tag_by_name: false,
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
    /// The suggested tags to draw (of this article).
    suggested: Vec<Suggested>,
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
    /// Whether the keyboard is in the text, or nowhere: keys that act on the text (Enter on the
    /// current suggestion) belong to it only then.
    pub fn keyboard_is_free(&self, ctx: &egui::Context) -> bool {
        ctx.memory(egui::Memory::focused).is_none_or(|f| Some(f) == self.text_id)
    }

    /// The char at the top of the view when last drawn.
    pub fn top_char(&self) -> Option<usize> {
        self.top_char
    }

    /// The text's widget id, once drawn (for giving it the keyboard back).
    pub fn text_id(&self) -> Option<egui::Id> {
        self.text_id
    }

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
            // The place kept is the other article's.
            self.top_char = None;
            self.keep_at_top = None;
            self.pinned = None;
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

    /// The galley cursor of `local`, the offset within its paragraph of the article's char
    /// `at`: at the start of the next row where the caret was moved there by row.
    fn cursor(&self, at: usize, local: usize) -> CCursor {
        let mut c = CCursor::new(local);
        c.prefer_next_row = self.next_row_at == Some(at);
        c
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
            // A date kept as typed is said to be one: "3 Jan 2020" as written looked like a
            // date read, though it sorts and exports as text.
            let published = doc.published.trim();
            if !published.is_empty() && date == published {
                ui.label(egui::RichText::new("(date as written)").small().weak().italics()).on_hover_text(
                    "Not a date in ISO form (2020-01-03): kept as typed, it sorts and exports as text. \
                     Details (F2) offers it in ISO form.",
                );
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

    /// Lays out what is on screen in `viewport`, then handles the pointer and keys and paints.
    fn body(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        (project, doc): (&Project, &Document),
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        // A side-by-side column showing a claim keeps half its height of room above and below
        // the text, so that a passage near the article's top or end can be centred beside the
        // others (it stayed where the column's top left it, lines below its neighbour).
        let room = if self.align_room && !self.emphasis.is_empty() { (viewport.height() / 2.0).round() } else { 0.0 };
        let viewport = viewport.translate(vec2(0.0, -room));
        let dark = ui.visuals().dark_mode;
        let page = theme::page(dark);
        let text_colour = Color32::from_rgb(page.text[0], page.text[1], page.text[2]);
        let avail = ui.available_width();
        let width = (self.font_size * 36.0).min(avail - 24.0).max(120.0);
        // The text reflows when the window or the text size changes, and a scroll offset kept in
        // points then shows other words: the selected annotation (or the text selected) is
        // brought back into view (it had gone off screen on a resize or Ctrl+Plus).
        let reflowed = self.layout_key != (0, 0, false)
            && ((f32::from_bits(self.layout_key.0) - width).abs() > 1.0
                || self.layout_key.1 != self.font_size.to_bits());
        if reflowed && self.scroll_to.is_none() {
            let annotation = selected.and_then(|a| project.annotation(a)).filter(|a| a.doc == doc.id);
            // A side-by-side column selects nothing: its claim's passage is what it shows (the
            // view filling the window had left a column at its article's top).
            let emphasised = || {
                self.emphasis
                    .first()
                    .and_then(|a| project.annotation(*a))
                    .filter(|a| a.doc == doc.id)
                    .map(crate::model::Annotation::range)
            };
            self.scroll_to =
                annotation.map(crate::model::Annotation::range).or_else(|| self.selection()).or_else(emphasised);
            // Nothing selected: the words that were at the top stay there (closing the compare
            // view at 900x600 widened the text and showed other paragraphs: a walk).
            if self.scroll_to.is_none() && self.offset > 0.0 {
                self.keep_at_top =
                    self.pinned.map(|(c, dy, _)| (c, dy)).or_else(|| self.top_char.map(|c| (c, self.top_dy)));
            }
        }
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
        // An id of its own, not the next automatic one: a panel opened beside it (Ctrl+K) moved
        // the automatic ids, and the text lost the keyboard (the arrows did nothing until Alt+T).
        let (_, rect) = ui.allocate_space(vec2(avail, total + 2.0 * room));
        let response = ui.interact(rect, ui.make_persistent_id((self.salt, "article text")), Sense::click_and_drag());
        let id = response.id;
        self.text_id = Some(id);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, "Article text"));
        let origin = rect.min + vec2(left, room);
        let mut visible: Vec<(usize, Arc<Galley>)> = visible_range(&offsets, viewport.min.y, viewport.max.y)
            .map(|i| {
                let g = galleys.remove(&i).unwrap_or_else(|| self.layout(ui, doc, i, width, text_colour));
                (i, g)
            })
            .collect();
        visible.sort_by_key(|(i, _)| *i);
        let suggested: Vec<Suggested> = self.suggested.iter().filter(|s| s.suggestion.doc == doc.id).cloned().collect();
        let pass =
            Pass { project, doc, selected, offsets, origin, visible, width, colour: text_colour, dark, suggested };

        self.scroll_into_view(ui, &pass);
        // Read on frames drawn at a settled width only: on the frame of a reflow the old offset
        // shows other words, and the place to keep is the one before.
        // Held while the view stays where it was put back; the first frame after says where.
        self.pinned = match self.pinned {
            Some((c, dy, None)) if !reflowed && self.keep_at_top.is_none() => Some((c, dy, Some(self.offset))),
            Some((_, _, Some(at))) if (at - self.offset).abs() > 0.5 => None,
            other => other,
        };
        if !reflowed && self.keep_at_top.is_none() {
            let view_top = pass.origin.y + viewport.min.y.max(0.0);
            self.top_char = self.char_at(pos2(pass.origin.x + 1.0, view_top + 1.0), &pass);
            self.top_dy = self.top_char.map_or(0.0, |c| view_top - self.char_rect(ui, &pass, c).min.y);
        }
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
        // The suggested tags under the pointer say what they are and why, best first.
        let mut hovered: Vec<&Suggested> = response
            .hover_pos()
            .and_then(|p| self.char_at(p, &pass))
            .map(|c| pass.suggested.iter().filter(|s| s.suggestion.range.contains(&c)).collect())
            .unwrap_or_default();
        hovered.sort_by(|a, b| b.suggestion.score.total_cmp(&a.suggestion.score));
        let response = if hovered.is_empty() {
            response
        } else {
            let tip: Vec<String> = hovered
                .iter()
                .map(|s| {
                    let s = &s.suggestion;
                    let speaker = s.speaker.as_deref().map(|x| format!(" — {x}")).unwrap_or_default();
                    format!("Suggested: {} ({:.2}){speaker}\n{}", s.tag, s.score, s.why.join("\n"))
                })
                .collect();
            response.on_hover_text_at_pointer(format!("{}\n\nRight-click to accept or reject.", tip.join("\n\n")))
        };
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
        if self.scroll_to.is_none()
            && let Some((c, dy)) = self.keep_at_top.take()
        {
            let line = self.char_rect(ui, pass, c);
            ui.scroll_to_rect(Rect::from_min_size(line.min + vec2(0.0, dy), vec2(1.0, 1.0)), Some(Align::Min));
            self.pinned = Some((c, dy, None));
            return;
        }
        let Some(r) = self.scroll_to.take() else { return };
        let i = paragraph_of(&self.paragraphs, r.start);
        let g = self.galley(ui, pass, i);
        let local = r.start.saturating_sub(self.paragraphs[i].start);
        let caret = g.pos_from_cursor(self.cursor(r.start, local));
        let top = pass.origin + vec2(0.0, pass.offsets[i]) + caret.min.to_vec2();
        let target = Rect::from_min_size(top, vec2(1.0, caret.height().max(self.row_height())));
        ui.scroll_to_rect(target.expand2(vec2(0.0, self.row_height() * 2.0)), Some(Align::Center));
    }

    /// The screen rect of the caret before char `c` (its line's height).
    fn char_rect(&self, ui: &Ui, pass: &Pass<'_>, c: usize) -> Rect {
        let i = paragraph_of(&self.paragraphs, c);
        let g = self.galley(ui, pass, i);
        let local = c.saturating_sub(self.paragraphs[i].start);
        let caret = g.pos_from_cursor(self.cursor(c, local));
        caret.translate((pass.origin + vec2(0.0, pass.offsets[i])).to_vec2())
    }

    /// The galley of paragraph `i`: the one on screen, else laid out now.
    fn galley(&self, ui: &Ui, pass: &Pass<'_>, i: usize) -> Arc<Galley> {
        pass.galley_on_screen(i).unwrap_or_else(|| self.layout(ui, pass.doc, i, pass.width, pass.colour))
    }
}

/// A small coloured label with a tag's name.
pub fn tag_chip(ui: &mut Ui, name: &str, colour: crate::model::Colour) -> egui::Response {
    chip_frame(colour).show(ui, |ui| ui.label(chip_text(name, colour))).response
}

/// A tag chip's frame, filled with the tag's colour.
fn chip_frame(colour: crate::model::Colour) -> egui::Frame {
    egui::Frame::new()
        .fill(theme::solid(colour))
        .corner_radius(CornerRadius::same(4))
        .inner_margin(egui::Margin::symmetric(6, 1))
}

/// A tag chip's name, in the colour that reads on the tag's.
fn chip_text(name: &str, colour: crate::model::Colour) -> egui::RichText {
    egui::RichText::new(name).color(theme::text_on(colour)).strong()
}

/// A tag's chip of at most `width` points, its name cut with "…" (whole on hover): a column's
/// head, which must be as wide as the column's cells (long names had pushed each head past its
/// column, so heads stood over the wrong cells).
pub fn tag_chip_within(ui: &mut Ui, name: &str, colour: crate::model::Colour, width: f32) -> egui::Response {
    chip_frame(colour)
        .show(ui, |ui| {
            // Less the frame's margins.
            ui.set_max_width(width - 12.0);
            ui.add(egui::Label::new(chip_text(name, colour)).truncate())
        })
        .response
        .on_hover_text(name)
}

/// Paragraphs that intersect `[top, bottom)` given their offsets (last entry: total height).
fn visible_range(offsets: &[f32], top: f32, bottom: f32) -> Range<usize> {
    let n = offsets.len().saturating_sub(1);
    let first = offsets[..n].partition_point(|&o| o <= top).saturating_sub(1);
    let last = offsets[..n].partition_point(|&o| o < bottom);
    first.min(n)..last.min(n).max(first.min(n))
}

/// Index of the paragraph holding char offset `c` (the last one for the text end).
fn paragraph_of(paragraphs: &[Range<usize>], c: usize) -> usize {
    paragraphs.partition_point(|p| p.end < c).min(paragraphs.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::paint::assign_lanes;
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
