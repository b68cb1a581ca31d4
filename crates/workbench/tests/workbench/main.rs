//! One test binary for this crate: each module is one of its test files (a binary per file
//! cost a link of the whole graph each; see BENCHMARKS.md, build times).

extern crate claimscope_workbench as claimscope;

#[path = "../../../../tests/common/mod.rs"]
mod common;

mod semantic;
mod ui;
mod ui_compare;
mod ui_day;
mod ui_exchange;
mod ui_layout;
mod ui_tags;
mod ui_team;

/// The sample project the workbench opens at first.
fn sample_project() -> claimscope::model::Project {
    claimscope::store::load_str(claimscope::ui::app::SAMPLE, std::path::Path::new("sample")).expect("loads").project
}

/// One turn of the mouse wheel, `delta` points, with `modifiers` held, where the pointer is.
fn wheel(
    h: &mut egui_kittest::Harness<'_, claimscope::ui::Workbench>,
    delta: eframe::egui::Vec2,
    modifiers: eframe::egui::Modifiers,
) {
    h.event(eframe::egui::Event::MouseWheel {
        unit: eframe::egui::MouseWheelUnit::Point,
        delta,
        phase: eframe::egui::TouchPhase::Move,
        modifiers,
        source: eframe::egui::MouseWheelSource::Wheel,
    });
}
