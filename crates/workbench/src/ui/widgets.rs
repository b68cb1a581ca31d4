//! Small widgets more than one panel uses.

use std::collections::BTreeSet;

use eframe::egui::{self, Ui};

/// A menu button with a checklist; an empty set means all. `items` is called only while the
/// menu is open, so a list of a thousand articles costs nothing on other frames.
pub fn checklist<K: Ord + Clone>(
    ui: &mut Ui,
    what: &str,
    set: &mut BTreeSet<K>,
    items: impl FnOnce() -> Vec<(K, String)>,
) {
    let title = if set.is_empty() { format!("{what}: all") } else { format!("{what}: {}", set.len()) };
    ui.menu_button(title, |ui| {
        ui.set_max_height(320.0);
        if ui.button("All").clicked() {
            set.clear();
        }
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (k, name) in items() {
                let mut on = set.contains(&k);
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        set.insert(k);
                    } else {
                        set.remove(&k);
                    }
                }
            }
        });
    });
}

/// What a [`completing_field`] did this frame.
pub struct Completed {
    pub response: egui::Response,
    /// The candidate taken (Enter or Tab on a highlighted one, or a click on it); the field's
    /// text has been set to it.
    pub taken: Option<usize>,
    /// Enter was pressed with no candidate highlighted: the analyst means what they typed.
    pub entered: bool,
}

/// The candidates that match what is typed: those that start with it first, then those that
/// contain it, then those that hold each of its words ("frame 19" finds "… frame number 0019"),
/// case aside; at most `limit`.
pub fn matching(typed: &str, candidates: &[String], limit: usize) -> Vec<usize> {
    let needle = typed.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = needle.split_whitespace().collect();
    let lower: Vec<String> = candidates.iter().map(|c| c.to_lowercase()).collect();
    let starts = (0..candidates.len()).filter(|&i| lower[i].starts_with(&needle));
    let contains = (0..candidates.len()).filter(|&i| !lower[i].starts_with(&needle) && lower[i].contains(&needle));
    let every_word = (0..candidates.len())
        .filter(|&i| words.len() > 1 && !lower[i].contains(&needle) && words.iter().all(|w| lower[i].contains(w)));
    starts.chain(contains).chain(every_word).take(limit).collect()
}

/// A one-line field that offers `candidates` matching what is typed in a list below it: ↓ and ↑
/// move through the list, Enter or Tab takes the highlighted one, a click takes any. The first
/// candidate that starts with the typed text is highlighted at once (so "Mike Pom" + Enter gives
/// "Mike Pompeo"); when `prefer_typed` and none starts with it, nothing is, and Enter keeps what
/// was typed (a new claim is not swallowed by an old one that merely contains its words).
pub fn completing_field(
    ui: &mut Ui,
    salt: &str,
    text: &mut String,
    candidates: &[String],
    prefer_typed: bool,
    build: impl FnOnce(egui::TextEdit<'_>) -> egui::TextEdit<'_>,
) -> Completed {
    const SHOWN: usize = 8;
    let matches = matching(text, candidates, SHOWN);
    // Whether the field had the keyboard as the frame began: a click on the list takes it
    // away from the field before the list is drawn, and the click must still count.
    let state_id = egui::Id::unique(("completion", salt));
    let focused_before = ui.memory(egui::Memory::focused).is_some_and(|f| Some(f) == last_field(ui, state_id));
    let exact = matches.len() == 1 && candidates[matches[0]] == text.trim();
    let open = focused_before && !matches.is_empty() && !exact;
    let default = matches
        .first()
        .filter(|&&i| !prefer_typed || candidates[i].to_lowercase().starts_with(&text.trim().to_lowercase()));
    // The highlight the analyst moved with the arrows, kept while the text stays as it was;
    // otherwise the default.
    let mut highlight: Option<usize> = ui
        .data(|d| d.get_temp::<(String, Option<usize>)>(state_id))
        .filter(|(t, _)| t == text)
        .map_or_else(|| default.map(|_| 0), |(_, h)| h);
    let mut moved = false;
    if open {
        let (down, up) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            )
        });
        if down {
            highlight = Some(highlight.map_or(0, |h| (h + 1).min(matches.len() - 1)));
        }
        if up {
            highlight = highlight.and_then(|h| h.checked_sub(1));
        }
        moved = down || up;
    }
    let response = ui.add(build(egui::TextEdit::singleline(text)));
    ui.data_mut(|d| d.insert_temp(state_id.with("field"), response.id));
    let mut taken = None;
    let mut entered = false;
    if response.lost_focus() {
        let (enter, tab) = ui.input(|i| (i.key_pressed(egui::Key::Enter), i.key_pressed(egui::Key::Tab)));
        if open
            && (enter || tab)
            && let Some(h) = highlight
        {
            taken = matches.get(h).copied();
        } else if enter {
            entered = true;
        }
    }
    if open && taken.is_none() {
        // At least as wide as a name: a narrow field's list wrapped every name on two lines.
        let popup = egui::Popup::from_response(&response)
            .open(true)
            .close_behavior(egui::PopupCloseBehavior::IgnoreClicks)
            .width(response.rect.width().max(360.0));
        popup.show(|ui| {
            // Enter keeps what was typed when nothing is highlighted: say so, or the list
            // reads as if Enter took its entry (a helper made a claim "wider" beside
            // "Risk of wider war").
            if prefer_typed && highlight.is_none() && !text.trim().is_empty() {
                ui.label(
                    egui::RichText::new(format!(
                        "Enter: “{}” as a new one · Down picks one below",
                        crate::model::short(text.trim())
                    ))
                    .weak(),
                );
            }
            for (k, &i) in matches.iter().enumerate() {
                if ui.selectable_label(highlight == Some(k), &candidates[i]).clicked() {
                    taken = Some(i);
                }
            }
            // Say that the list is cut, and how to reach the rest.
            if matches.len() == SHOWN {
                let all = matching(text, candidates, usize::MAX).len();
                if all > SHOWN {
                    ui.label(egui::RichText::new(format!("{} more: type more of the name", all - SHOWN)).weak());
                }
            }
        });
    }
    if let Some(i) = taken {
        text.clone_from(&candidates[i]);
    }
    if moved {
        ui.data_mut(|d| d.insert_temp(state_id, (text.clone(), highlight)));
    } else if response.changed() || taken.is_some() {
        ui.data_mut(|d| d.remove::<(String, Option<usize>)>(state_id));
    }
    Completed { response, taken, entered }
}

/// The id of the field a completion list belongs to, as of the last frame.
fn last_field(ui: &Ui, state_id: egui::Id) -> Option<egui::Id> {
    ui.data(|d| d.get_temp::<egui::Id>(state_id.with("field")))
}

/// Lays `content` out in exactly the room `ui` has left, clipped to it, and takes only that
/// room: a row that cannot wrap (a grid's long label, a headline in a horizontal row) is cut at
/// the edge. Without this a side panel grows with its widest row, and at 900 px that pushed it
/// past the window's edge and under the reader, whose minimum width is kept.
pub fn within<R>(ui: &mut Ui, content: impl FnOnce(&mut Ui) -> R) -> R {
    let room = ui.available_rect_before_wrap();
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(room).layout(*ui.layout()));
    child.set_clip_rect(room.intersect(ui.clip_rect()));
    let r = content(&mut child);
    ui.advance_cursor_after_rect(room);
    r
}

/// The scroll offset that brings `span` (start, end in content coordinates) whole into a view
/// `length` long scrolled to `offset`; `None` when it is in view already or the view has not
/// been measured. One rule for every list and table that follows the keyboard.
pub fn offset_to_show(offset: f32, length: f32, (start, end): (f32, f32)) -> Option<f32> {
    if start < offset {
        Some(start.max(0.0))
    } else if end > offset + length && length > 0.0 {
        Some(end - length)
    } else {
        None
    }
}

/// A choice in a drop-down list. Chosen by Enter as by a click, and either way the list closes:
/// egui closes it on a pointer click only, and a list chosen from by keyboard stayed open.
pub fn choice(ui: &mut egui::Ui, selected: bool, text: impl Into<egui::WidgetText>) -> egui::Response {
    let r = ui.selectable_label(selected, text);
    follow_keyboard(&r);
    if r.clicked() {
        ui.close();
    }
    r
}

/// A row of a drop-down list that the arrow keys reach is scrolled into view: the highlight had
/// gone on past the list's last visible row.
fn follow_keyboard(r: &egui::Response) {
    if r.gained_focus() {
        r.scroll_to_me(None);
    }
}

/// [`choice`] that sets `current` to `value`.
pub fn choice_value<V: PartialEq>(
    ui: &mut egui::Ui,
    current: &mut V,
    value: V,
    text: impl Into<egui::WidgetText>,
) -> egui::Response {
    let r = ui.selectable_value(current, value, text);
    follow_keyboard(&r);
    if r.clicked() {
        ui.close();
    }
    r
}

/// `s` between quotation marks, unless it opens with one of its own (a quotation tagged with
/// its marks showed as “"…).
pub fn quoted(s: &str) -> String {
    if s.starts_with(['“', '"', '‘', '\'', '«', '„', '‹', '「']) {
        s.to_owned()
    } else {
        format!("“{s}”")
    }
}

/// The button Enter presses in a dialog, drawn filled so that it can be told from the others
/// (egui's focus ring on a button nobody focused is not to be seen); greyed when not `enabled`.
pub fn default_button(ui: &mut egui::Ui, text: impl Into<String>, enabled: bool) -> egui::Response {
    let (fill, ink) = (ui.visuals().selection.bg_fill, ui.visuals().selection.stroke.color);
    let label = egui::RichText::new(text.into()).strong();
    let button = if enabled { egui::Button::new(label.color(ink)).fill(fill) } else { egui::Button::new(label) };
    ui.add_enabled(enabled, button)
}

/// Puts the caret at the end of a field the keyboard came into by Tab. A field keeps its caret
/// by its id, the same for every annotation or article: Tab into the note put it where it was
/// in another annotation's note, mid-word, unseen, and Enter broke the word.
pub fn caret_to_end_on_tab(ui: &egui::Ui, field: &egui::Response, text: &str) {
    let by_pointer = ui.input(|i| i.pointer.any_down() || i.pointer.any_released());
    if field.gained_focus() && !by_pointer {
        caret_to_end(ui.ctx(), field.id, text);
    }
}

/// Puts the caret of the text field `id` at the end of `text`.
pub fn caret_to_end(ctx: &egui::Context, id: egui::Id, text: &str) {
    let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    let end = egui::text::CCursor::new(text.chars().count());
    state.cursor.set_char_range(Some(egui::text_selection::CCursorRange::one(end)));
    state.store(ctx, id);
}

#[cfg(test)]
mod quoted_tests {
    #[test]
    fn each_word_typed_finds_a_name_that_holds_them_all_after_closer_matches() {
        let names: Vec<String> =
            ["Economy frame number 0019", "Frame 19", "Health frame number 0190"].map(String::from).to_vec();
        assert_eq!(super::matching("frame 19", &names, 10), vec![1, 0, 2]);
        assert_eq!(super::matching("econ 0019", &names, 10), vec![0]);
    }

    #[test]
    fn a_quotation_keeps_its_own_marks() {
        assert_eq!(super::quoted("the strike"), "“the strike”");
        assert_eq!(super::quoted("“We will win,” she said"), "“We will win,” she said");
        assert_eq!(super::quoted("\"spurious\""), "\"spurious\"");
    }
}
