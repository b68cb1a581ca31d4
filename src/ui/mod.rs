//! The egui workbench. `app.rs` owns the state and runs the frame; each panel is a small view
//! type in its own file that draws from `&Project` and pushes [`Intent`]s.

pub mod app;
mod article_list;
pub mod commands;
pub mod compare;
pub mod dialogs;
mod export_dialog;
mod file_picker;
mod inspector;
pub mod intent;
pub mod jobs;
mod paste_article;
pub mod reader;
pub mod runner;
pub mod session;
mod status_bar;
mod tag_bar;
mod tag_editor;
pub mod theme;
mod widgets;

use std::path::PathBuf;

pub use app::{App, Settings, Workbench};
pub use intent::Intent;

/// The window icon.
const ICON: &[u8] = include_bytes!("../../icons/claimscope.png");

/// Opens the workbench window on `project` (or the last or sample project) and runs until it closes.
pub fn run(project: Option<PathBuf>, compare: bool) -> eframe::Result {
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title("claimscope")
        .with_app_id("claimscope")
        .with_inner_size([1360.0, 860.0])
        .with_min_inner_size([760.0, 480.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions { viewport, persist_window: true, ..Default::default() };
    eframe::run_native(
        "claimscope",
        options,
        Box::new(move |cc| {
            let settings: Settings =
                cc.storage.and_then(|s| eframe::get_value(s, app::SETTINGS_KEY)).unwrap_or_default();
            let mut bench = Workbench::open_initial(project, settings);
            bench.compare.open = compare;
            Ok(Box::new(App { bench }))
        }),
    )
}
