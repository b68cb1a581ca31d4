//! The side-by-side tab: one claim's passages in two or three articles, each in its own reader, aligned on the passage.

use super::*;

impl CompareView {
    pub(super) fn side_by_side(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
        let mut realign = false;
        // Opened with nothing chosen, the columns show the article being read and the next one
        // (two empty columns saying "choose an article" had been the first sight of this tab).
        if self.claim.is_none() && self.columns.iter().all(|c| c.doc().is_none()) {
            let docs = project.documents();
            let first = self.reader_doc.and_then(|d| docs.iter().position(|x| x.id == d)).unwrap_or(0);
            for (k, column) in self.columns.iter_mut().enumerate().take(docs.len().min(2)) {
                column.show_doc(docs[(first + k) % docs.len()].id);
            }
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Claim:");
            let current =
                self.claim.and_then(|c| project.claim(c)).map_or("(choose a claim)".to_owned(), |c| short(&c.label));
            let combo =
                egui::ComboBox::from_id_salt("side claim").selected_text(current).width(280.0).show_ui(ui, |ui| {
                    for c in project.claims() {
                        let docs: BTreeSet<DocId> = project.claim_links(c.id).map(|a| a.doc).collect();
                        if crate::ui::widgets::choice(
                            ui,
                            self.claim == Some(c.id),
                            format!(
                                "{} ({} article{})",
                                short(&c.label),
                                docs.len(),
                                if docs.len() == 1 { "" } else { "s" }
                            ),
                        )
                        .clicked()
                        {
                            self.claim = Some(c.id);
                            realign = true;
                        }
                    }
                });
            let _ = combo.response.accessible_name("Claim shown side by side");
            ui.label("Columns:");
            for n in [2, 3] {
                if ui.selectable_label(self.columns_shown == n, n.to_string()).clicked() && self.columns_shown != n {
                    self.columns_shown = n;
                    realign = true;
                }
            }
        });
        if realign && let Some(c) = self.claim {
            self.show_claim(project, c);
        }
        let shown = self.columns_shown.clamp(2, 3);
        let mut local = Vec::new();
        ui.columns(shown, |cols| {
            for (k, col) in cols.iter_mut().enumerate() {
                let reader = &mut self.columns[k];
                let current = reader
                    .doc()
                    .and_then(|d| project.document(d))
                    .map_or("(choose an article)".to_owned(), |d| truncate(&d.label(), 40));
                let mut pick = None;
                let combo = egui::ComboBox::from_id_salt(("side doc", k))
                    .selected_text(current)
                    .width(col.available_width() - 8.0)
                    .show_ui(col, |ui| {
                        for d in project.documents() {
                            if crate::ui::widgets::choice(ui, reader.doc() == Some(d.id), d.label()).clicked() {
                                pick = Some(d.id);
                            }
                        }
                    });
                let _ = combo.response.accessible_name(format!("Article in column {}", k + 1));
                if let Some(d) = pick {
                    reader.show_doc(d);
                    realign = true;
                }
                // A gutter between the columns, and text set from the left: in a justified column
                // a long headline ran on into the next one.
                egui::Frame::new().inner_margin(egui::Margin { left: 0, right: 14, top: 0, bottom: 0 }).show(
                    col,
                    |ui| {
                        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                            reader.ui(ui, project, None, &mut local);
                        });
                    },
                );
            }
        });
        if realign {
            self.align(project);
        }
        // Clicks in the columns select annotations for the inspector; edits go through as usual,
        // and so does a column's "Details" (it had been dropped here: the button did nothing).
        for i in local {
            match i {
                Intent::SelectInPlace(a) | Intent::Select(a) => intents.push(Intent::SelectInPlace(a)),
                Intent::Edit { .. }
                | Intent::EditMerging { .. }
                | Intent::Tag { .. }
                | Intent::TagKey(_)
                | Intent::EditDetails(_) => {
                    intents.push(i);
                }
                _ => {}
            }
        }
    }

    /// Scrolls each column to its passage of the chosen claim (centred, so they line up), and
    /// outlines the claim's passages.
    pub(super) fn align(&mut self, project: &Project) {
        let Some(claim) = self.claim else { return };
        for reader in &mut self.columns {
            let Some(doc) = reader.doc() else { continue };
            let mine: Vec<AnnotationId> =
                project.annotations_of(doc).filter(|a| a.claim == Some(claim)).map(|a| a.id).collect();
            if let Some(first) = mine.first().and_then(|a| project.annotation(*a)) {
                reader.reveal(first.range());
            }
            reader.emphasis = mine;
        }
    }
}
