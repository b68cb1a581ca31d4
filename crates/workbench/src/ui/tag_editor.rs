//! The tag set editor: add, rename, recolour, set keys, reorder and delete tags. Every change is
//! an undoable edit; deleting a tag in use asks where its annotations go.

use std::collections::{HashMap, HashSet};

use eframe::egui::{self, Ui};

use crate::model::{Colour, Project, TagDef, TagFields, TagId};

use super::intent::Intent;

/// View state of the tag editor window.
#[derive(Default)]
pub struct TagEditor {
    pub open: bool,
    /// Name, key and description being typed, per tag.
    buffers: HashMap<TagId, (String, String, String)>,
    /// Tags whose buffers the analyst typed into: committed when their field loses focus in any
    /// way (Esc too), never cleared unseen.
    typed: HashSet<TagId>,
    new_name: String,
    /// A tag whose deletion waits for the analyst to say where its annotations go.
    deleting: Option<(TagId, Option<TagId>)>,
    error: Option<String>,
    /// Words a shown tag's name holds (all tags when empty).
    filter: String,
    /// Whether a field had the keyboard at the end of the last frame.
    typing: bool,
    /// Annotations per tag, for the project's revision.
    used: Option<(u64, HashMap<TagId, usize>)>,
    /// Just opened: the keyboard goes into the window (its field for a new tag, or for finding
    /// one), as into every dialog; it had stayed behind, about 50 Tabs away.
    focus_on_open: bool,
}

impl TagEditor {
    /// Opens the window, the keyboard in it, or closes it (Ctrl+T).
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.focus_on_open = self.open;
    }

    pub fn show(&mut self, ctx: &egui::Context, project: &Project, intents: &mut Vec<Intent>) {
        if !self.open {
            return;
        }
        let mut open = true;
        // Esc closes it, unless it is leaving a field that was being typed in (the field's own
        // Esc, which commits what was typed): the first Esc leaves the field, the next closes.
        // Asked of the frame before: egui lets the field go before this frame's widgets run.
        if !self.typing && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            open = false;
        }
        // Below the menu bar, never over it; as wide as the window allows.
        let screen = ctx.content_rect();
        let area = egui::Rect::from_min_max(screen.min + egui::vec2(8.0, 40.0), screen.max - egui::vec2(8.0, 36.0));
        egui::Window::new("Tags")
            .open(&mut open)
            .default_pos(area.min + egui::vec2(40.0, 10.0))
            .default_width((area.width() - 80.0).clamp(420.0, 900.0))
            .constrain_to(area)
            .resizable(true)
            .show(ctx, |ui| {
                self.ui(ui, project, intents);
                ui.separator();
                if ui.button("Done").clicked() {
                    self.open = false;
                }
            });
        self.typing = ctx.egui_wants_keyboard_input();
        if !open {
            self.open = false;
            self.buffers.clear();
            self.typing = false;
        }
    }

    /// Pushes the edit that gives tag `t` the typed name, key and description (or says why the
    /// key cannot be).
    fn commit(&mut self, t: &TagDef, name: &str, key: &str, desc: &str, intents: &mut Vec<Intent>) {
        let key_char = key.trim().chars().next().map(|c| c.to_ascii_lowercase());
        let bad_key = key_char.filter(|c| !crate::model::is_tag_key(*c));
        if let Some(k) = bad_key {
            self.error = Some(format!(
                "“{k}” cannot be a tag key: use a letter or digit that N, P and other shortcuts do not use."
            ));
            // The field shows the key the tag keeps (the refused one had stayed in it).
            if let Some(b) = self.buffers.get_mut(&t.id) {
                b.1 = t.key.map(String::from).unwrap_or_default();
            }
            return;
        }
        let to = TagFields {
            name: name.trim().to_owned(),
            colour: t.colour,
            key: key_char,
            description: desc.trim().to_owned(),
        };
        if to != t.fields() {
            self.error = None;
            intents.push(Intent::Edit {
                edit: crate::model::Edit::UpdateTag { id: t.id, to },
                label: format!("Edit tag {}", t.name),
            });
        }
    }

    fn ui(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
        // Drop buffers of tags that are gone, and refresh unfocused ones (undo may change them).
        let editing = ui.ctx().text_edit_focused();
        self.buffers.retain(|id, _| project.tag(*id).is_some());
        if !editing {
            for t in project.tags() {
                if self.typed.contains(&t.id)
                    && let Some((name, key, desc)) = self.buffers.get(&t.id)
                {
                    let (name, key, desc) = (name.clone(), key.clone(), desc.clone());
                    self.commit(t, &name, &key, &desc, intents);
                }
            }
            self.typed.clear();
            self.buffers.clear();
        }
        let n = project.tags().len();
        // The name and description fields share the width the window has (the other columns are
        // small and fixed), so widening the window shows more of them.
        let width = ui.available_width();
        // Wide enough for long codebook names (they were cut where the rows differ).
        let name_w = (width * 0.3).clamp(120.0, 420.0);
        let desc_w = (width - name_w - 340.0).max(160.0);
        let h = ui.spacing().interact_size.y;
        let colour_w = ui.spacing().interact_size.x;
        const GAP: f32 = 8.0;
        const USED_W: f32 = 48.0;
        // Counted once per change of the project, not per tag per frame (a codebook of 6,000
        // tags over 6,000 annotations counted 36 million a frame).
        if self.used.as_ref().is_none_or(|(r, _)| *r != project.revision()) {
            let mut used: HashMap<TagId, usize> = HashMap::new();
            for a in project.annotations() {
                *used.entry(a.tag).or_default() += 1;
            }
            self.used = Some((project.revision(), used));
        }
        let used_of = |id: TagId| self.used.as_ref().and_then(|(_, u)| u.get(&id).copied()).unwrap_or(0);
        // The heads, then the rows in a scroll area that leaves room for the new tag's field
        // and Done (a codebook of hundreds ran past the window's edge, the field out of reach);
        // only the rows in view are built. Every cell has a fixed width, so the heads stand
        // over their columns.
        if n > 12 {
            ui.horizontal(|ui| {
                let label = ui.label("Find a tag:");
                let find = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.filter)
                            .hint_text("words of its name")
                            .desired_width(220.0),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus_on_open) {
                    find.request_focus();
                }
            });
        }
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = GAP;
            for (head, w) in
                [("Colour", colour_w), ("Name", name_w), ("Key", 28.0), ("Description", desc_w), ("Used", USED_W)]
            {
                ui.add_sized([w, h], egui::Label::new(egui::RichText::new(head).strong()));
            }
        });
        let row_h = h + 6.0;
        // As tall as the screen leaves room for (the window sizes itself to its content, so its
        // own height says nothing before the rows are in it).
        let room = (ui.ctx().content_rect().height() - 300.0).max(3.0 * row_h);
        let used = project.tags().iter().map(|t| used_of(t.id)).collect::<Vec<_>>();
        // The rows shown: every tag, or those whose name holds each word typed in the filter
        // (a codebook of thousands had to be scrolled through).
        let shown: Vec<usize> = if self.filter.trim().is_empty() {
            (0..n).collect()
        } else {
            let words: Vec<String> = self.filter.split_whitespace().map(str::to_lowercase).collect();
            (0..n)
                .filter(|&i| {
                    let name = project.tags()[i].name.to_lowercase();
                    words.iter().all(|w| name.contains(w.as_str()))
                })
                .collect()
        };
        let mut deleting = None;
        egui::ScrollArea::vertical().id_salt("tag rows").max_height(room).auto_shrink([false, true]).show_rows(
            ui,
            row_h,
            shown.len(),
            |ui, range| {
                for (i, t) in shown[range].iter().filter_map(|&i| project.tags().get(i).map(|t| (i, t))) {
                    ui.horizontal(|ui| {
                        ui.spacing_mut().item_spacing.x = GAP;
                        ui.set_min_height(h);
                        let (name, key, desc) = self.buffers.entry(t.id).or_insert_with(|| {
                            (t.name.clone(), t.key.map(String::from).unwrap_or_default(), t.description.clone())
                        });
                        let mut rgb = t.colour.0;
                        let c = ui.color_edit_button_srgb(&mut rgb).on_hover_text("Colour");
                        if c.changed() {
                            let to = TagFields { colour: Colour(rgb), ..t.fields() };
                            intents.push(Intent::EditMerging {
                                edit: crate::model::Edit::UpdateTag { id: t.id, to },
                                label: format!("Recolour {}", t.name),
                                key: format!("colour {}", t.id),
                            });
                        }
                        let name_field = ui
                            .add_sized([name_w, h], egui::TextEdit::singleline(name).id_salt(("tag name", t.id)))
                            .accessible_name(format!("Name of tag {}", t.name));
                        let key_field = ui
                            .add_sized(
                                [28.0, h],
                                egui::TextEdit::singleline(key).char_limit(1).id_salt(("tag key", t.id)),
                            )
                            .accessible_name(format!("Key of tag {}", t.name));
                        let mut desc_field = ui
                            .add_sized([desc_w, h], egui::TextEdit::singleline(desc).id_salt(("tag desc", t.id)))
                            .accessible_name(format!("Description of tag {}", t.name));
                        // The whole description where the field shows only its start.
                        if !desc.is_empty() && !desc_field.has_focus() {
                            desc_field = desc_field.on_hover_text(desc.as_str());
                        }
                        if name_field.changed() || key_field.changed() || desc_field.changed() {
                            self.typed.insert(t.id);
                        }
                        if (name_field.lost_focus() || key_field.lost_focus() || desc_field.lost_focus())
                            && self.typed.remove(&t.id)
                        {
                            let (name, key, desc) = (name.clone(), key.clone(), desc.clone());
                            self.commit(t, &name, &key, &desc, intents);
                            // Read again from the project next frame: what it took, or what it
                            // kept when the edit was refused (a key in use had stayed shown while
                            // Tab went on to the next field).
                            self.buffers.remove(&t.id);
                        }
                        ui.add_sized([USED_W, h], egui::Label::new(used[i].to_string()));
                        if ui.add_enabled(i > 0, egui::Button::new("Up")).on_hover_text("Move up").clicked() {
                            intents.push(Intent::Edit {
                                edit: crate::model::Edit::MoveTag { id: t.id, to: i - 1 },
                                label: "Move tag".into(),
                            });
                        }
                        if ui.add_enabled(i + 1 < n, egui::Button::new("Down")).on_hover_text("Move down").clicked() {
                            intents.push(Intent::Edit {
                                edit: crate::model::Edit::MoveTag { id: t.id, to: i + 1 },
                                label: "Move tag".into(),
                            });
                        }
                        if ui.button("Delete…").clicked() {
                            deleting = Some((t, used[i]));
                        }
                    });
                }
            },
        );
        if let Some((t, used)) = deleting {
            if used == 0 {
                if let Ok(edit) = project.delete_tag(t.id, None) {
                    intents.push(Intent::Edit { edit, label: format!("Delete tag {}", t.name) });
                }
            } else {
                let other = project.tags().iter().find(|o| o.id != t.id).map(|o| o.id);
                self.deleting = Some((t.id, other));
            }
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        self.delete_prompt(ui, project, intents);
        ui.separator();
        ui.horizontal(|ui| {
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.new_name).hint_text("new tag name").id_salt("new tag name"))
                .accessible_name("New tag name");
            if std::mem::take(&mut self.focus_on_open) {
                field.request_focus();
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let can = !self.new_name.trim().is_empty();
            if (ui.add_enabled(can, egui::Button::new("Add tag")).clicked() || (enter && can))
                && let Ok((_, edit)) = project.new_tag(&self.new_name)
            {
                intents.push(Intent::Edit { edit, label: format!("Add tag {}", self.new_name.trim()) });
                self.new_name.clear();
                // Added by Enter, the field keeps the keyboard for the next tag (it had gone,
                // and a second tag took a Tab back).
                if enter {
                    field.request_focus();
                }
            }
        });
    }

    fn delete_prompt(&mut self, ui: &mut Ui, project: &Project, intents: &mut Vec<Intent>) {
        let Some((id, mut reassign)) = self.deleting else { return };
        let Some(tag) = project.tag(id) else {
            self.deleting = None;
            return;
        };
        let used = project.annotations().filter(|a| a.tag == id).count();
        ui.separator();
        ui.label(format!("{used} annotation(s) use “{}”. Where should they go?", tag.name));
        let mut close = false;
        ui.horizontal(|ui| {
            let choice = super::tag_choice::tag_choice(ui, "reassign to", project, reassign, Some(id), None);
            if let Some(Some(tag)) = choice.chosen {
                reassign = Some(tag);
            }
            let _ = choice.response.accessible_name("Move the annotations to");
            if ui.add_enabled(reassign.is_some(), egui::Button::new("Move them and delete the tag")).clicked()
                && let Ok(edit) = project.delete_tag(id, reassign)
            {
                intents.push(Intent::Edit { edit, label: format!("Delete tag {}", tag.name) });
                close = true;
            }
            if ui.button(format!("Delete the tag and its {used} annotation(s)")).clicked()
                && let Ok(edit) = project.delete_tag(id, None)
            {
                intents.push(Intent::Edit { edit, label: format!("Delete tag {} and its annotations", tag.name) });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
        self.deleting = if close { None } else { Some((id, reassign)) };
    }
}
