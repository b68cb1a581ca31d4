//! The tag bar above the reader: one button per tag, which tags the selection (or retags the
//! selected annotation), and the snapping switch.

use eframe::egui::{self, Ui};

use crate::model::Project;

use super::commands::Command;
use super::intent::Intent;
use super::theme;

/// Draws the tag bar. `can_tag` says whether there is a selection or an annotation to tag;
/// `snap` is the snapping switch, `focus` asks the field of tags by name to take the keyboard.
pub fn ui(
    ui: &mut Ui,
    project: &Project,
    can_tag: bool,
    (snap, focus): (&mut bool, &mut bool),
    intents: &mut Vec<Intent>,
) {
    let many = project.tags().len() > BUTTONS;
    let settings = |ui: &mut Ui, snap: &mut bool, intents: &mut Vec<Intent>| {
        ui.checkbox(snap, "Snap to words").on_hover_text("Widen mouse selections to whole words and trim spaces");
        if ui.button("Tags…").on_hover_text("Add, rename, recolour and set keys for tags").clicked() {
            intents.push(Intent::Run(Command::EditTags));
        }
    };
    // The buttons take a few rows at most and scroll inside them: 40 buttons of long names
    // wrapped over 470 of a 600-point window, leaving the article a strip.
    let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let rows = if ui.ctx().content_rect().height() < 700.0 { 2.0 } else { 3.0 };
    // The field of tags by name: always past the buttons' number; else while Alt+G asks for it
    // (a tag past key 9 had no keyboard route but Tab through the inspector, a walk).
    let asked = *focus || ui.data(|d| d.get_temp::<bool>(field_id().with("shown"))).unwrap_or(false);
    // The settings on a line of their own when the buttons would fill the rows shown: at the
    // end of the last row they were scrolled out of sight (13 tags at 900x600, a walk).
    let crowded = !many && {
        let font = egui::TextStyle::Button.resolve(ui.style());
        let painter = ui.painter();
        let width = |t: &str| painter.layout_no_wrap(t.to_owned(), font.clone(), egui::Color32::PLACEHOLDER).size().x;
        let pad = 2.0 * ui.spacing().button_padding.x + ui.spacing().item_spacing.x;
        let buttons: f32 = project.tags().iter().map(|t| width(&t.name) + width("■ 9") + 8.0 + pad).sum();
        let settings = width("Snap to words") + width("Tags…") + ui.spacing().icon_width + 2.0 * pad + 12.0;
        // Wrapping leaves the end of each row empty: a button's worth, give or take.
        buttons + settings > (ui.available_width() - 60.0).max(0.0) * rows
    };
    if many || asked || crowded {
        // On a line of their own: the field has its width there (at the end of a wrapped row
        // its hint was cut).
        ui.horizontal(|ui| {
            if many || asked {
                other_tag(ui, project, can_tag, focus, intents);
                ui.separator();
            }
            settings(ui, snap, intents);
        });
    }
    // Scrolled per project (egui keeps a scroll area's place by its id, between runs too: a
    // codebook opened scrolled to where another project's had been left, its keyed tags out of
    // view).
    let salt = ("tag bar", project.uuid());
    egui::ScrollArea::vertical().id_salt(salt).max_height(rows * row).auto_shrink([false, true]).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            for tag in project.tags().iter().take(BUTTONS) {
                let swatch = egui::RichText::new("■").color(theme::solid(tag.colour));
                let mut button = egui::Button::new((swatch, tag.name.as_str()));
                if let Some(k) = tag.key {
                    button = button.shortcut_text(k.to_string());
                }
                let hint = match tag.key {
                    Some(k) => format!("Tag the selection as {} (key {k})", tag.name),
                    None => format!("Tag the selection as {}", tag.name),
                };
                let response = ui
                    .add_enabled(can_tag, button)
                    .on_hover_text(hint)
                    .on_disabled_hover_text("Select text in the article first (drag, double-click, or Shift+arrows)");
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, can_tag, format!("Tag as {}", tag.name))
                });
                if response.clicked() {
                    intents.push(Intent::TagKey(tag.id));
                }
            }
            if !(many || asked || crowded) {
                ui.separator();
                settings(ui, snap, intents);
            }
        });
    });
}

/// Tags shown as buttons; the others are reached by name in a field beside them. An imported
/// codebook of hundreds of codes wrapped over the whole reader, and one of 14,000 (a 1 MB
/// project) took 300 ms a frame to lay out.
pub const BUTTONS: usize = 40;

/// A field that tags the selection with any tag by name, completing as it is typed.
/// The id of the field of tags by name (its text and whether it is shown are kept under it).
fn field_id() -> egui::Id {
    egui::Id::unique("claimscope other tag")
}

fn other_tag(ui: &mut Ui, project: &Project, can_tag: bool, focus: &mut bool, intents: &mut Vec<Intent>) {
    let id = field_id();
    let mut typed: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    // The names, made once per change of the project (not every frame for every tag).
    let names_id = id.with("names");
    let names: std::sync::Arc<Vec<String>> =
        match ui.data(|d| d.get_temp::<(u64, std::sync::Arc<Vec<String>>)>(names_id)) {
            Some((r, names)) if r == project.revision() => names,
            _ => {
                let names = std::sync::Arc::new(project.tags().iter().map(|t| t.name.clone()).collect::<Vec<_>>());
                ui.data_mut(|d| d.insert_temp(names_id, (project.revision(), std::sync::Arc::clone(&names))));
                names
            }
        };
    let hidden = project.tags().len().saturating_sub(BUTTONS);
    let done = ui
        .add_enabled_ui(can_tag, |ui| {
            super::widgets::completing_field(ui, "other tag", &mut typed, &names, false, |f| {
                f.hint_text("Other tag… (Alt+G)").desired_width(170.0)
            })
        })
        .inner;
    let _ = done.response.clone().on_hover_text(if hidden > 0 {
        format!(
            "{hidden} more tags than the buttons show: type a name (Down picks among those that match), Enter tags the selection"
        )
    } else {
        "Type a tag's name (Down picks among those that match), Enter tags the selection".to_owned()
    });
    done.response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, can_tag, "Tag as (by name)"));
    let chosen = match done.taken {
        Some(i) => project.tags().get(i),
        None if done.entered => project.find_tag(typed.trim()),
        None => None,
    };
    let asked = std::mem::take(focus);
    if asked {
        done.response.request_focus();
    }
    // Shown while asked for or typed in (with few tags it goes once it lets the keyboard go).
    let shown = asked || done.response.has_focus();
    ui.data_mut(|d| d.insert_temp(id.with("shown"), shown));
    if let Some(tag) = chosen {
        intents.push(Intent::TagKey(tag.id));
        typed.clear();
    } else if done.entered && !typed.trim().is_empty() {
        // A name no tag has: said, and the field keeps the keyboard to mend it (it had let go
        // of the keyboard, leaving it nowhere, and said nothing).
        intents.push(Intent::Say(format!(
            "No tag is named “{}”: type part of a name and pick one with Down",
            crate::model::short(typed.trim())
        )));
        done.response.request_focus();
    }
    // Back to the text, whose keys go on from the tagged passage: after a tag is taken, or on
    // Esc (the keyboard was left with nothing, and the next digit retagged unseen). Esc clears
    // what was typed (it had stayed, and the next Alt+G typed after it).
    let esc = done.response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape));
    if esc {
        typed.clear();
    }
    if chosen.is_some() || esc {
        done.response.surrender_focus();
        intents.push(Intent::Run(Command::GoText));
    }
    ui.data_mut(|d| d.insert_temp(id, typed));
}
