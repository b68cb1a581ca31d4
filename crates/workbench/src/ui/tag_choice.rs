//! A drop-down list of the project's tags that stays usable with a codebook of thousands: past
//! [`BUTTONS`] tags it opens with a field that filters the list by the words of a name, shows
//! at most that many, and says how many more there are. An imported codebook of 14,000 codes
//! made every such list (the inspector's tag, the delete prompt's "move them to", the
//! suggestions' tags) a scroll through thousands of rows, each laid out every frame it was open.

use eframe::egui::{self, Ui};

use super::{tag_bar::BUTTONS, theme, widgets};
use crate::model::{Project, TagId};

/// What the analyst did with a [`tag_choice`] this frame.
pub struct TagChoice {
    pub response: egui::Response,
    /// `Some(Some(tag))` when a tag was chosen, `Some(None)` when the list's entry for no tag
    /// (`none_entry`) was; `None` when nothing was chosen.
    pub chosen: Option<Option<TagId>>,
}

/// A drop-down of the project's tags but `skip`, `selected` shown on its button. `none_entry`
/// names an entry for no tag at the head of the list ("all"), or `None` for none.
pub fn tag_choice(
    ui: &mut Ui,
    salt: &str,
    project: &Project,
    selected: Option<TagId>,
    skip: Option<TagId>,
    none_entry: Option<&str>,
) -> TagChoice {
    let id = ui.make_persistent_id(("tag choice", salt));
    let current =
        selected.and_then(|t| project.tag(t)).map_or_else(|| none_entry.unwrap_or("—").to_owned(), |t| t.name.clone());
    let many = project.tags().len() > BUTTONS;
    let mut filter: String = ui.data(|d| d.get_temp(id.with("filter"))).unwrap_or_default();
    let was_open: bool = ui.data(|d| d.get_temp(id.with("open"))).unwrap_or(false);
    let mut chosen = None;
    let combo = egui::ComboBox::from_id_salt(id)
        .selected_text(current)
        // A click in the filter field must not close the list; a choice closes it itself.
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .show_ui(ui, |ui| {
            let mut take_first = false;
            if many {
                let field = ui.add(
                    egui::TextEdit::singleline(&mut filter)
                        .hint_text("Type part of a name…")
                        .desired_width(f32::INFINITY),
                );
                field.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Find a tag"));
                // The keyboard goes to the field as the list opens: typing is how a tag is
                // reached among thousands.
                if !was_open {
                    field.request_focus();
                }
                take_first = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            }
            if let Some(none) = none_entry
                && widgets::choice(ui, selected.is_none(), none).clicked()
            {
                chosen = Some(None);
            }
            let tags: Vec<_> = project.tags().iter().filter(|t| Some(t.id) != skip).collect();
            let shown: Vec<usize> = if many && !filter.trim().is_empty() {
                let names: Vec<String> = tags.iter().map(|t| t.name.clone()).collect();
                widgets::matching(&filter, &names, usize::MAX)
            } else {
                (0..tags.len()).collect()
            };
            let limit = if many { BUTTONS } else { usize::MAX };
            if take_first && let Some(&first) = shown.first() {
                chosen = Some(Some(tags[first].id));
                ui.close();
            }
            for &i in shown.iter().take(limit) {
                let t = tags[i];
                // The colour on the square, the name in the text's own colour: names drawn in
                // a light tag colour (Rhetoric's pink) were hard to read on the list.
                let font = egui::TextStyle::Button.resolve(ui.style());
                let mut text = egui::text::LayoutJob::default();
                let format = |color| egui::TextFormat { font_id: font.clone(), color, ..Default::default() };
                text.append("■ ", 0.0, format(theme::solid(t.colour)));
                text.append(&t.name, 0.0, format(ui.visuals().text_color()));
                if widgets::choice(ui, selected == Some(t.id), text).clicked() {
                    chosen = Some(Some(t.id));
                }
            }
            if shown.is_empty() {
                ui.label(egui::RichText::new("No tag's name holds these words").weak());
            } else if shown.len() > limit {
                let more = shown.len() - limit;
                let hint = if filter.trim().is_empty() { "type part of a name" } else { "type more of the name" };
                // Wrapped: a line of its own ran under the list's scroll bar.
                ui.add(egui::Label::new(egui::RichText::new(format!("{more} more: {hint}")).weak()).wrap());
            }
        });
    let open = combo.inner.is_some();
    if !open || chosen.is_some() {
        filter.clear();
    }
    // Back to the button the list hangs from, so the keyboard goes on from where it was.
    if chosen.is_some() && many {
        combo.response.request_focus();
    }
    ui.data_mut(|d| {
        d.insert_temp(id.with("filter"), filter);
        d.insert_temp(id.with("open"), open && chosen.is_none());
    });
    TagChoice { response: combo.response, chosen }
}
