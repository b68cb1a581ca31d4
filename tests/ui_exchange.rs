//! Headless UI tests of exporting and importing from the workbench.

mod common;

use claimscope::model::Project;
use claimscope::ui::runner::Runner;
use claimscope::ui::session::Session;
use claimscope::ui::{Intent, Settings, Workbench};
use eframe::egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(p: Project) -> Harness<'static, Workbench> {
    let mut w = Workbench::new(Session::unsaved(p), Settings { builtin_picker: true, ..Settings::default() });
    // Background work runs only when the test says so: no test races a thread.
    w.set_runner(Runner::manual());
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(64)
        .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    h
}

/// Runs the queued background job, then lets the window take its outcome.
fn wait(h: &mut Harness<'static, Workbench>) {
    assert!(h.state().busy(), "a job is running");
    h.state().runner().run_pending();
    h.run();
    assert!(!h.state().busy(), "the job finished");
}

#[test]
fn export_csv_from_the_dialog_through_the_picker() {
    let sample =
        claimscope::store::load_str(claimscope::ui::app::SAMPLE, std::path::Path::new("s")).expect("loads").project;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("sample export.csv");
    let mut h = harness(sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("CSV (one row per annotation)").click();
    h.run();
    h.get_by_label("Start with a byte-order mark (for Excel)").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(h.state().picker_open());
    h.get_by_label("File name:").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("File name:").type_text(out.to_str().expect("utf-8"));
    h.run();
    h.get_by_label("Save").click();
    h.run();
    wait(&mut h);
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(r.records().count(), sample.annotation_count());
    assert!(h.state().status().text.contains("Exported 88 annotation(s)"), "{:?}", h.state().status());
}

#[test]
fn import_articles_and_annotations_off_the_ui_thread_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let md = dir.path().join("note.md");
    std::fs::write(&md, "# Heading “one”\n\nBody **text** 😀.\n").expect("write");
    let sample =
        claimscope::store::load_str(claimscope::ui::app::SAMPLE, std::path::Path::new("s")).expect("loads").project;
    let json = dir.path().join("sample.json");
    claimscope::export::export(
        &sample,
        &claimscope::export::Scope::default(),
        claimscope::export::Format::Json,
        claimscope::export::Options::default(),
        &claimscope::export::Target::new(&json),
        &claimscope::export::Silent,
    )
    .expect("exports");
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{ not json").expect("write");

    let mut h = harness(Project::new("empty"));
    h.state_mut().push(Intent::ImportPaths(vec![md.clone(), json.clone(), bad.clone()]));
    h.run();
    wait(&mut h);
    let p = h.state().project().clone();
    assert_eq!(p.documents().len(), 1 + sample.documents().len(), "the article and the export's articles");
    assert_eq!(p.annotation_count(), sample.annotation_count());
    assert_eq!(p.documents()[0].title, "Heading “one”");
    // The broken file is named in the report; the rest went in.
    match h.state().dialog() {
        Some(claimscope::ui::dialogs::Dialog::Error { message, .. }) => {
            assert!(message.contains("broken.json") && message.contains("88 annotation(s) added"), "{message}");
        }
        other => panic!("expected the import report, got {other:?}"),
    }
    h.get_by_label("OK").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().project().documents().len(), 0, "one undo takes the whole import back");
}

#[test]
fn paste_an_article() {
    let mut h = harness(Project::new("empty"));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    h.run();
    h.get_by_label("Outlet").click();
    h.run();
    h.get_by_label("Outlet").type_text("Wire");
    h.get_by_label("Text").click();
    h.run();
    h.get_by_label("Text").type_text("Pasted headline\r\nAnd a body with “quotes”.");
    h.run();
    h.get_by_label("Add article").click();
    h.run();
    let p = h.state().project();
    assert_eq!(p.documents().len(), 1);
    assert_eq!(p.documents()[0].title, "Pasted headline");
    assert_eq!(p.documents()[0].source, "Wire");
    assert_eq!(p.documents()[0].text.as_str(), "Pasted headline\nAnd a body with “quotes”.");
}

#[test]
fn a_job_that_panics_is_reported_and_the_window_is_usable_again() {
    let mut h = harness(Project::new("empty"));
    let ctx = h.ctx.clone();
    h.state_mut().jobs_mut().run_modal(&ctx, "Importing", |_| panic!("the reader broke"));
    h.run();
    assert!(h.state().busy());
    h.state().runner().run_pending();
    h.run();
    assert!(!h.state().busy(), "the progress window is gone");
    match h.state().dialog() {
        Some(claimscope::ui::dialogs::Dialog::Error { title, message }) => {
            assert!(title.contains("Importing failed") && message.contains("the reader broke"), "{title}: {message}");
        }
        other => panic!("expected the failure to be shown, got {other:?}"),
    }
    h.get_by_label("OK").click();
    h.run();
    // Shortcuts work again: Ctrl+Shift+V opens the paste dialog.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    h.run();
    assert!(h.query_by_label("Add article").is_some());
}
