//! Painting: highlights in lanes, underlines, the selection, the caret, and the text as paragraphs for screen readers.

use super::*;

impl Reader {
    pub(super) fn paint(&self, ui: &Ui, pass: &Pass<'_>, focused: bool) {
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
            // With snapping on, what a tag key will take (the selection widened to whole
            // words) is shown too, lighter: a keyboard selection is not snapped as it is made,
            // and "ds the Mediterranean." had been shown, "towards the Mediterranean" tagged.
            if self.snap {
                let snapped = crate::model::selection::snap_to_words(&pass.doc.text, sel.clone());
                if snapped != sel && !snapped.is_empty() {
                    let light = ui.visuals().selection.bg_fill.gamma_multiply(0.25);
                    for r in self.range_rects(&snapped, pass) {
                        painter.rect_filled(r, 0.0, light);
                    }
                }
            }
            let fill = ui.visuals().selection.bg_fill.gamma_multiply(if focused { 0.55 } else { 0.35 });
            // Outlined too: over a highlight of a blue tag (Fact) the fill alone was hard to
            // tell from the highlight (a walk).
            let edge =
                egui::Stroke::new(1.0, ui.visuals().selection.bg_fill.gamma_multiply(if focused { 1.0 } else { 0.6 }));
            for r in self.range_rects(&sel, pass) {
                painter.rect_filled(r, 0.0, fill);
                painter.rect_stroke(r, 0.0, edge, egui::StrokeKind::Inside);
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
        // Suggested tags: dashed outlines in the tag's colour, the current one solid and thicker.
        // Suggestions over the same passage (Fact and Allegation on one sentence) are drawn one
        // ring outside the other, so that both read.
        let mut rings: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
        for s in &pass.suggested {
            let r = &s.suggestion.range;
            let ring =
                rings.iter().filter(|(o, _)| o.start < r.end && r.start < o.end).map(|(_, k)| k + 1).max().unwrap_or(0);
            rings.push((r.clone(), ring));
            if r.end <= first || r.start >= last {
                continue;
            }
            let colour = theme::solid(s.colour);
            for rect in self.range_rects(r, pass) {
                let rect = rect.expand(1.5 + 3.0 * ring.min(2) as f32);
                if s.current {
                    painter.rect_stroke(rect, 3.0, Stroke::new(2.5, colour), egui::StrokeKind::Outside);
                } else {
                    let corners =
                        [rect.left_top(), rect.right_top(), rect.right_bottom(), rect.left_bottom(), rect.left_top()];
                    painter.extend(egui::Shape::dashed_line(&corners, Stroke::new(1.5, colour), 5.0, 3.0));
                }
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
                let local = g.pos_from_cursor(self.cursor(c, c - self.paragraphs[i].start));
                let top = pass.origin + vec2(0.0, pass.offsets[i]) + local.min.to_vec2();
                painter.line_segment(
                    [top, top + vec2(0.0, local.height())],
                    Stroke::new(1.5, ui.visuals().text_cursor.stroke.color),
                );
            }
        }
    }

    /// Gives screen readers (and kittest queries) the text of the paragraphs on screen.
    pub(super) fn accessibility(&self, ui: &Ui, pass: &Pass<'_>, reader_id: Id) {
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

/// Galley-relative rects of chars `s..e` of a paragraph, one per row.
pub(super) fn galley_rects(g: &Galley, s: usize, e: usize) -> Vec<Rect> {
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
pub(super) fn assign_lanes(spans: &[SpanEntry]) -> Vec<usize> {
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
