//! The claims tab: a row per claim, a column per article; each cell how that article frames the claim (tags, speakers, quote), differences marked; rename, merge, delete a claim from its row.

use super::*;

impl CompareView {
    pub(super) fn claims_tab(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        // The rows' buttons change this view's state while the table is read: hold it apart.
        let tables = self.tables.take();
        if let Some(claims) = tables.as_ref().and_then(|t| t.claims.as_ref()) {
            self.claims_body(ui, project, claims, selected, intents);
        }
        self.tables = tables;
    }

    pub(super) fn claims_body(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        claims: &ClaimsTable,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        ui.horizontal_wrapped(|ui| {
            csv_buttons(ui, "claims", intents, || crate::export::tables::claims_csv(project, claims));
            let label = ui.label("Sort by");
            egui::ComboBox::from_id_salt("claims order")
                .selected_text(self.claim_order.label())
                .show_ui(ui, |ui| {
                    for o in ClaimOrder::ALL {
                        crate::ui::widgets::choice_value(ui, &mut self.claim_order, o, o.label());
                    }
                })
                .response
                .labelled_by(label.id);
            let disagreeing = claims.rows.iter().filter(|r| r.disagrees).count();
            // Kept on one line: it goes to the next row whole where the row is full (it had
            // broken after "framed").
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!("{} claim(s), {disagreeing} framed differently", claims.rows.len()))
                        .weak(),
                )
                .extend(),
            );
        });
        if claims.rows.is_empty() {
            ui.label(
                "No claims yet. Select an annotation and type a claim under “Claim” in the inspector to make one.",
            );
            return;
        }
        // Only the articles that make some shown claim get a column; past a readable number, the
        // ones that make the most claims (filter by article to choose others).
        let mut claims_made: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        for (c, _) in claims.rows.iter().flat_map(|r| r.framings.iter()) {
            *claims_made.entry(*c).or_default() += 1;
        }
        let mut used: Vec<usize> = claims_made.keys().copied().collect();
        if used.len() > MAX_CLAIM_COLUMNS {
            used.sort_by_key(|c| std::cmp::Reverse(claims_made[c]));
            used.truncate(MAX_CLAIM_COLUMNS);
            used.sort_unstable();
        }
        // The claim column stays put; the article columns share the rest, at least
        // CLAIM_CELL_MIN wide, and page sideways when they do not all fit.
        let width = ui.available_width();
        // In a narrow side view the claim column yields room down to 110 px, so that two
        // outlets stand side by side (at 900x600 it kept 150 of 320 px and left one: a walk).
        let claim_w = (width * 0.3).clamp(110.0, 260.0);
        let fit = (((width - claim_w - 8.0) / CLAIM_CELL_MIN).floor() as usize).max(1);
        let first = self.claim_columns_from.min(used.len().saturating_sub(fit));
        self.claim_columns_from = first;
        let shown: Vec<usize> = used.iter().copied().skip(first).take(fit).collect();
        let cell_w = ((width - claim_w - 8.0) / shown.len().max(1) as f32).floor();
        if used.len() > shown.len() {
            ui.horizontal(|ui| {
                if ui.add_enabled(first > 0, egui::Button::new("‹")).on_hover_text("Earlier articles").clicked() {
                    self.claim_columns_from = first.saturating_sub(fit);
                }
                ui.label(format!("articles {}–{} of {}", first + 1, first + shown.len(), used.len()));
                if ui
                    .add_enabled(first + shown.len() < used.len(), egui::Button::new("›"))
                    .on_hover_text("Later articles")
                    .clicked()
                {
                    self.claim_columns_from = first + fit;
                }
                if used.len() < claims_made.len() {
                    ui.label(
                        egui::RichText::new(format!(
                            "({} articles make claims; choose others with Articles above)",
                            claims_made.len()
                        ))
                        .weak(),
                    );
                }
            });
        }
        // The header.
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            ui.add_sized([claim_w, 20.0], egui::Label::new(egui::RichText::new("Claim").strong()));
            for &c in &shown {
                let Some(d) = claims.docs.get(c).and_then(|d| project.document(*d)) else { continue };
                // A gap after each name: two names cut short ran into each other
                // ("Opinion (Irania…Chinese foreig…").
                const GAP: f32 = 8.0;
                ui.add_sized(
                    [cell_w - GAP, 20.0],
                    egui::Label::new(egui::RichText::new(d.short_name()).strong()).truncate(),
                )
                .on_hover_text(d.label());
                ui.add_space(GAP);
            }
        });
        ui.separator();
        let order = claims.order(project, self.claim_order);
        // Four lines: the label gets three, a cell its tags, speakers and two lines of quote.
        let row_h = ui.text_style_height(&egui::TextStyle::Body) * 4.0 + 16.0;
        let mut show = None;
        egui::ScrollArea::vertical().id_salt("claims table").auto_shrink([false, false]).show_rows(
            ui,
            row_h,
            order.len(),
            |ui, range| {
                ui.spacing_mut().item_spacing = vec2(0.0, 2.0);
                for &i in &order[range] {
                    let row = &claims.rows[i];
                    let Some(claim) = project.claim(row.claim) else { continue };
                    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), row_h), Sense::hover());
                    let warn = ui.visuals().warn_fg_color;
                    if row.disagrees {
                        // Seen at a glance: a tinted row with a bar at its edge.
                        ui.painter().rect_filled(rect, 2.0, warn.gamma_multiply(0.10));
                        ui.painter().rect_filled(Rect::from_min_size(rect.min, vec2(4.0, rect.height())), 0.0, warn);
                    }
                    let differing = row.differing();
                    // Each row's and cell's widgets get ids of their own claim and column: made
                    // from the table's running id, every row's "…" menu had one id, so Tab
                    // reached only the first row's and then left the table.
                    let mut claim_ui =
                        ui.new_child(egui::UiBuilder::new().id_salt(("claim row", row.claim)).max_rect(
                            Rect::from_min_size(rect.min + vec2(8.0, 2.0), vec2(claim_w - 12.0, row_h - 4.0)),
                        ));
                    self.claim_cell(&mut claim_ui, project, claim, row, selected, intents);
                    for (k, &c) in shown.iter().enumerate() {
                        let cell = Rect::from_min_size(
                            rect.min + vec2(claim_w + k as f32 * cell_w, 2.0),
                            vec2(cell_w - 6.0, row_h - 4.0),
                        );
                        let mut cell_ui =
                            ui.new_child(egui::UiBuilder::new().id_salt(("claim cell", row.claim, c)).max_rect(cell));
                        match row.framing(c) {
                            None => {
                                cell_ui.label(egui::RichText::new("—").weak());
                            }
                            Some(f) => {
                                if differing.contains(&c) {
                                    ui.painter().rect_stroke(
                                        cell.expand(1.0),
                                        3.0,
                                        egui::Stroke::new(1.5, warn),
                                        egui::StrokeKind::Inside,
                                    );
                                }
                                if framing_cell(&mut cell_ui, project, claims, c, f, differing.contains(&c)) {
                                    show = f.annotations.first().copied();
                                }
                            }
                        }
                    }
                }
            },
        );
        if let Some(a) = show {
            self.step_aside();
            intents.push(Intent::Select(Some(a)));
        }
    }

    /// The first cell of a claims row: the label, how many articles make the claim, and one menu
    /// of what can be done with it.
    pub(super) fn claim_cell(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        claim: &crate::model::Claim,
        row: &crate::analysis::compare::ClaimRow,
        selected: Option<AnnotationId>,
        intents: &mut Vec<Intent>,
    ) {
        let (id, label) = (claim.id, claim.label.as_str());
        if let Some((rid, text, focused)) = &mut self.renaming
            && *rid == id
        {
            let field = ui
                .add(egui::TextEdit::singleline(text).desired_width(ui.available_width()))
                .accessible_name("Claim label");
            if !*focused {
                field.request_focus();
                *focused = true;
            }
            // Any way out of the field (Enter, Tab, a click, Esc) keeps what was typed; undo
            // takes it back.
            if field.lost_focus() {
                if text.trim() != label
                    && let Some(c) = project.claim(id)
                    && let Ok(edit) = project.update_claim(id, text, &c.note)
                {
                    intents.push(Intent::Edit { edit, label: "Rename claim".into() });
                }
                self.renaming = None;
            }
            return;
        }
        if self.merging == Some(id) {
            let mut into = None;
            let mut cancel = false;
            egui::ComboBox::from_id_salt(("merge into", id))
                .selected_text("merge into…")
                .width(ui.available_width())
                .show_ui(ui, |ui| {
                    for other in project.claims().iter().filter(|c| c.id != id) {
                        if crate::ui::widgets::choice(ui, false, short(&other.label)).clicked() {
                            into = Some(other.id);
                        }
                    }
                    cancel = ui.button("Cancel").clicked();
                });
            if let Some(into) = into
                && let Ok(edit) = project.merge_claims(into, id)
            {
                intents.push(Intent::Edit { edit, label: format!("Merge “{}” into another claim", short(label)) });
                self.merging = None;
            }
            if cancel {
                self.merging = None;
            }
            return;
        }
        let width = ui.available_width();
        ui.horizontal(|ui| {
            ui.set_max_width(width);
            let menu = ui.menu_button("…", |ui| {
                if ui.button("Rename").clicked() {
                    self.renaming = Some((id, label.to_owned(), false));
                    ui.close();
                }
                if ui.button("Show side by side").on_hover_text("Show this claim's passages side by side").clicked() {
                    self.tab = Tab::SideBySide;
                    self.show_claim(project, id);
                    ui.close();
                }
                if let Some(a) = selected.and_then(|a| project.annotation(a))
                    && a.claim != Some(id)
                    && ui
                        .button("Link the selected annotation")
                        .on_hover_text(format!("Link “{}” to this claim", short(&a.quote.exact)))
                        .clicked()
                    && let Ok(edit) = project.link(a.id, Some(id))
                {
                    let link = format!("Link to “{}”", short(label));
                    // Out of another claim, asked first, as "Move it to this claim" is (it had
                    // moved the passage between claims unasked).
                    intents.push(match a.claim.and_then(|c| project.claim(c)) {
                        Some(from) => {
                            let left = project.claim_links(from.id).count().saturating_sub(1);
                            Intent::Confirm {
                                heading: "Move?".into(),
                                question: format!(
                                    "Move “{}” out of the claim “{}” (it keeps {left} passage(s)) into the claim “{}”?",
                                    short(&a.quote.exact),
                                    short(&from.label),
                                    short(label)
                                ),
                                yes: "Move it".into(),
                                edit,
                                label: link,
                            }
                        }
                        None => Intent::Edit { edit, label: link },
                    });
                    ui.close();
                }
                if ui.button("Merge into…").clicked() {
                    self.merging = Some(id);
                    ui.close();
                }
                if ui.button("Delete…").on_hover_text("Delete the claim; its annotations stay, unlinked").clicked()
                    && let Ok(edit) = project.delete_claim(id)
                {
                    let label = format!("Delete claim “{}”", short(label));
                    let n = project.claim_links(id).count();
                    // A claim holds the links the analyst made across articles: asked first when
                    // it has any (a click in the row's menu had undone them unasked).
                    intents.push(if n == 0 {
                        Intent::Edit { edit, label }
                    } else {
                        Intent::Confirm {
                            heading: "Delete?".into(),
                            question: format!(
                                "{label}? Its {n} annotation(s) stay, but are no longer linked to each other."
                            ),
                            yes: format!("Delete the claim and unlink {n}"),
                            edit,
                            label,
                        }
                    });
                    ui.close();
                }
            });
            if menu.response.gained_focus() {
                let row = ui.max_rect();
                ui.scroll_to_rect(row.expand2(egui::vec2(0.0, row.height())), None);
            }
            let _ = menu.response.accessible_name(format!("Actions for claim: {label}"));
            ui.vertical(|ui| {
                ui.add(egui::Label::new(lines(ui, label, 3, true))).on_hover_text(label);
                let n = row.framings.len();
                let mut note = format!("{n} article{}", if n == 1 { "" } else { "s" });
                if row.disagrees {
                    note += " · framed differently";
                }
                let text = egui::RichText::new(note).small();
                ui.label(if row.disagrees { text.color(ui.visuals().warn_fg_color).strong() } else { text.weak() });
            });
        });
    }
}
