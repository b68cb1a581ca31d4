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
