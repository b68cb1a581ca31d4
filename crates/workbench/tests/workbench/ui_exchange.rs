//! Headless UI tests of exporting and importing from the workbench.

use crate::common;

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
fn export_csv_from_the_dialog_to_a_folder_and_name() {
    let sample = crate::sample_project();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("sample export.csv");
    let mut h = harness(sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    // Ctrl+S under the dialog says why it does not save (it did nothing, unsaid).
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.state().status().text.contains("close the open dialog first"), "{:?}", h.state().status());
    let export_at = h.get_by_label("Export").rect();
    h.get_by_label("CSV (one row per annotation)").click();
    h.run();
    // The options appear without moving the Export button.
    assert_eq!(h.get_by_label("Export").rect(), export_at, "the dialog keeps its size");
    h.get_by_label("Start with a byte-order mark (for Excel)").click();
    h.run();
    assert!(h.query_by_label("sample export.csv").is_none());
    // A click beside the dialog does not close it.
    h.event(eframe::egui::Event::PointerMoved(eframe::egui::pos2(5.0, 400.0)));
    h.event(eframe::egui::Event::PointerButton {
        pos: eframe::egui::pos2(5.0, 400.0),
        button: eframe::egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(eframe::egui::Event::PointerButton {
        pos: eframe::egui::pos2(5.0, 400.0),
        button: eframe::egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert!(h.query_by_label("Folder:").is_some(), "still open");
    // Esc in a filter's menu closes the menu, not the dialog (and its choices with it).
    h.get_by_label("Articles: all").click();
    h.run();
    assert!(h.query_by_label("All").is_some(), "the menu is open");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("All").is_none(), "Esc closed the menu");
    assert!(h.query_by_label("Folder:").is_some(), "and left the dialog open");
    for (field, text) in [("Folder:", dir.path().to_str().expect("utf-8")), ("Name:", "sample export.csv")] {
        h.get_by_label(field).click();
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.get_by_label(field).type_text(text);
        h.run();
    }
    // Enter in the name field exports, as the button does.
    h.key_press(Key::Enter);
    h.run();
    wait(&mut h);
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(r.records().count(), sample.annotation_count());
    assert!(h.state().status().text.contains("Exported 88 annotation(s)"), "{:?}", h.state().status());
    // Again to the same name, by Enter alone (nothing holds the keyboard when the dialog
    // opens; Enter had done nothing): it asks before replacing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(matches!(h.state().dialog(), Some(claimscope::ui::dialogs::Dialog::Replace(_))));
    // Esc answers the question only: the export dialog and its settings stay (Esc had closed
    // both). Enter on the question keeps the file (Cancel has the keyboard).
    assert!(h.get_by_label("Cancel").is_focused(), "Cancel is the default of Replace");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().dialog().is_none());
    assert!(h.query_by_label("Export").is_some(), "the export dialog is still open");
    h.get_by_label("Export").click();
    h.run();
    assert!(matches!(h.state().dialog(), Some(claimscope::ui::dialogs::Dialog::Replace(_))));
    h.get_by_label("Replace").click();
    h.run();
    wait(&mut h);
}

/// The export dialog of `project`, open, its folder set to `dir`.
fn export_dialog_into(dir: &std::path::Path, project: Project) -> Harness<'static, Workbench> {
    let mut h = harness(project);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Folder:").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Folder:").type_text(dir.to_str().expect("utf-8"));
    h.run();
    h
}

/// After Enter in the export dialog: it closed, and the one file written in `dir` ends in `ext`.
fn exported_by_enter(h: &mut Harness<'static, Workbench>, dir: &std::path::Path, ext: &str) -> std::path::PathBuf {
    assert!(h.query_by_label("Folder:").is_none(), "Enter exported and closed the dialog");
    wait(h);
    let written: Vec<_> = std::fs::read_dir(dir).expect("dir").filter_map(Result::ok).map(|e| e.path()).collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert_eq!(written[0].extension().and_then(|e| e.to_str()), Some(ext), "{written:?}");
    written[0].clone()
}

/// A format chosen by keyboard (Tab to its radio, Space), then Enter, exports: Enter had only
/// chosen the radio again, and the dialog stayed.
#[test]
fn enter_after_choosing_a_format_by_keyboard_exports() {
    let sample = crate::sample_project();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = export_dialog_into(dir.path(), sample.clone());
    let radio = "CSV (one row per annotation)";
    // Focus walks back from the folder field to the radios, as Shift+Tab does.
    for _ in 0..40 {
        if h.get_by_label(radio).is_focused() {
            break;
        }
        h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
        h.run();
    }
    assert!(h.get_by_label(radio).is_focused(), "Shift+Tab reaches the CSV radio");
    h.key_press(Key::Space);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let written = exported_by_enter(&mut h, dir.path(), "csv");
    let mut r = csv::Reader::from_path(&written).expect("csv");
    assert_eq!(r.records().count(), sample.annotation_count());
}

/// The arrows choose a format as they move through the radios, and Enter on a radio not chosen
/// yet exports that format under its own name (a walk: Tab, Down, Enter had written CSV into
/// "….json", the name left at the format chosen before).
#[test]
fn a_format_chosen_by_the_arrows_or_by_enter_is_written_under_its_own_name() {
    let sample = crate::sample_project();
    for by_arrow in [true, false] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut h = export_dialog_into(dir.path(), sample.clone());
        let (json, csv) = ("claimscope JSON (full fidelity)", "CSV (one row per annotation)");
        if by_arrow {
            h.get_by_label(json).focus();
            h.run();
            h.key_press(Key::ArrowDown);
            h.run();
            assert!(h.get_by_label(csv).is_focused(), "Down moves to the CSV radio");
            let name = h.get_by_label("Name:").value().unwrap_or_default();
            assert!(name.ends_with(".csv"), "and chooses it, the name following: {name}");
        } else {
            h.get_by_label(csv).focus();
            h.run();
        }
        h.key_press(Key::Enter);
        h.run();
        let written = exported_by_enter(&mut h, dir.path(), "csv");
        let head = std::fs::read_to_string(&written).expect("read");
        assert!(head.starts_with("\"id\",") || head.starts_with("id,"), "CSV: {}", &head[..head.len().min(60)]);
    }
}

#[test]
fn choose_in_the_export_dialog_takes_the_picked_folder_and_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = harness(common::small_project());
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Choose…").click();
    h.run();
    assert!(h.state().picker_open());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("File name:").type_text(dir.path().join("chosen.json").to_str().expect("utf-8"));
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(!h.state().picker_open());
    assert_eq!(h.get_by_label("Name:").value().as_deref(), Some("chosen.json"), "the dialog shows the chosen name");
    h.get_by_label("Export").click();
    h.run();
    wait(&mut h);
    assert!(dir.path().join("chosen.json").exists());
}

#[test]
fn import_articles_and_annotations_off_the_ui_thread_as_one_undo_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    let md = dir.path().join("note.md");
    std::fs::write(&md, "# Heading “one”\n\nBody **text** 😀.\n").expect("write");
    let sample = crate::sample_project();
    let json = dir.path().join("sample.json");
    claimscope::export::export(
        &sample,
        &claimscope::export::Scope::default(),
        claimscope::export::Format::Json,
        &claimscope::export::Options::default(),
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
    // The text field has the keyboard when the dialog opens: paste (or type) at once.
    let mut h2 = harness(Project::new("empty"));
    h2.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::V);
    h2.run();
    h2.event(eframe::egui::Event::Paste("Typed at once\nWith a body.".into()));
    h2.run();
    h2.get_by_label("Add article").click();
    h2.run();
    assert_eq!(h2.state().project().documents().first().map(|d| d.title.as_str()), Some("Typed at once"));
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

#[test]
fn the_built_in_picker_works_from_the_keyboard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (p, q) = (dir.path().join("p.ron"), dir.path().join("q.ron"));
    claimscope::store::save(&Project::new("p"), &p).expect("saves");
    claimscope::store::save(&common::small_project(), &q).expect("saves");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    let mut h = harness(Project::new("empty"));
    h.state_mut().open_path(&p);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(h.state().picker_open());
    // The name field has the keyboard at once; the arrows walk the list one entry at a time:
    // sub/, p.ron, q.ron.
    for _ in 0..3 {
        h.key_press(Key::ArrowDown);
        h.run();
    }
    assert_eq!(h.get_by_label("File:").value().as_deref(), Some("q.ron"));
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(h.get_by_label("File:").value().as_deref(), Some("p.ron"));
    h.key_press(Key::ArrowDown);
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().picker_open());
    assert_eq!(h.state().session().path(), Some(q.as_path()), "{:?}", h.state().status());
}

/// Alt+Up goes up one folder (the picker had no key for it: the keyboard reached the button
/// only by Tab), its cursor on the folder it left, so that Down goes on from there.
#[test]
fn the_built_in_picker_goes_up_a_folder_by_alt_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("p.ron");
    claimscope::store::save(&Project::new("p"), &p).expect("saves");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    claimscope::store::save(&Project::new("inside"), &dir.path().join("sub").join("inside.ron")).expect("saves");
    let mut h = harness(Project::new("empty"));
    h.state_mut().open_path(&p);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    // sub/, p.ron: into sub/.
    h.key_press(Key::ArrowDown);
    h.key_press(Key::Enter);
    h.run();
    assert!(h.query_by_label("inside.ron").is_some(), "went into sub/");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowUp);
    h.run();
    assert!(h.query_by_label("inside.ron").is_none(), "went up");
    assert!(h.query_by_label("p.ron").is_some());
    // The cursor is on sub/: Down goes to the entry after it.
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.get_by_label("File:").value().as_deref(), Some("p.ron"));
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().picker_open());
    assert_eq!(h.state().session().path(), Some(p.as_path()), "{:?}", h.state().status());
}

/// The arrows' cursor and Tab's focus are one: Down to a folder, the keyboard moved to another
/// folder's row, Enter goes into that one (it had joined the two, "cannot list …/b/a").
#[test]
fn the_built_in_picker_has_one_cursor_for_arrows_and_tab() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("p.ron");
    claimscope::store::save(&Project::new("p"), &p).expect("saves");
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
    }
    claimscope::store::save(&Project::new("inside"), &dir.path().join("b").join("inside-b.ron")).expect("saves");
    let mut h = harness(Project::new("empty"));
    h.state_mut().open_path(&p);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    h.get_by_label("b/").focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.query_by_label("inside-b.ron").is_some(), "went into b/");
    assert_eq!(h.query_all_by_label_contains("cannot list").count(), 0);
}

/// The next import starts in the folder the last one came from (it started at the project's
/// folder each time).
#[test]
fn the_next_import_starts_where_the_last_one_came_from() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("p.ron");
    claimscope::store::save(&Project::new("p"), &p).expect("saves");
    std::fs::create_dir(dir.path().join("downloads")).expect("mkdir");
    std::fs::write(dir.path().join("downloads").join("a.txt"), "First article.").expect("writes");
    let mut h = harness(Project::new("empty"));
    h.state_mut().open_path(&p);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    // downloads/, p.ron: into downloads/, then its a.txt.
    h.key_press(Key::ArrowDown);
    h.key_press(Key::Enter);
    h.run();
    h.key_press(Key::ArrowDown);
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().picker_open());
    wait(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    assert!(h.query_by_label("a.txt").is_some(), "the picker opens in downloads/");
    assert!(h.query_by_label("downloads/").is_none());
    // And after a restart (the settings kept, the project opened again): it had started at the
    // project's folder.
    let settings = h.state().settings.clone();
    drop(h); // It holds the project's lock.
    let mut w = Workbench::new(Session::unsaved(Project::new("empty")), settings);
    w.set_runner(Runner::manual());
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(64)
        .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    h.state_mut().open_path(&p);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    assert!(h.query_by_label("a.txt").is_some(), "after a restart the picker opens in downloads/");
}

/// The export dialog proposes the folder the project last exported into, after a restart too
/// (a walk: it proposed the project's folder after every start).
#[test]
fn the_export_dialog_proposes_the_folder_of_the_last_export_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("p.ron");
    claimscope::store::save(&crate::sample_project(), &p).expect("saves");
    let out = dir.path().join("exports");
    std::fs::create_dir(&out).expect("mkdir");
    let restart = |settings: Settings| {
        let mut w = Workbench::new(Session::unsaved(Project::new("empty")), settings);
        w.set_runner(Runner::manual());
        let mut h = Harness::builder()
            .with_size(vec2(1400.0, 900.0))
            .with_max_steps(64)
            .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
        h.run();
        h.state_mut().open_path(&p);
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::E);
        h.run();
        h
    };
    let mut h = restart(Settings { builtin_picker: true, ..Settings::default() });
    let folder = |h: &Harness<'static, Workbench>| h.get_by_label("Folder:").value().unwrap_or_default();
    assert_eq!(folder(&h), dir.path().display().to_string(), "the project's folder at first");
    h.get_by_label("Folder:").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Folder:").type_text(out.to_str().expect("utf-8"));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    exported_by_enter(&mut h, &out, "json");
    let settings = h.state().settings.clone();
    drop(h); // It holds the project's lock.
    let h = restart(settings);
    assert_eq!(folder(&h), out.display().to_string(), "the last export's folder after a restart");
    // A remembered folder that is gone leaves the project's.
    let settings = h.state().settings.clone();
    drop(h);
    std::fs::remove_dir_all(&out).expect("rm");
    let h = restart(settings);
    assert_eq!(folder(&h), dir.path().display().to_string());
}

/// Several files are chosen for import by keyboard: Shift+Down adds the files passed over,
/// Ctrl+Space takes the one under the cursor out again (it took Ctrl+click before).
#[test]
fn several_files_are_chosen_for_import_by_keyboard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("p.ron");
    claimscope::store::save(&Project::new("p"), &p).expect("saves");
    for (name, text) in [("a.txt", "First article."), ("b.txt", "Second article."), ("c.txt", "Third article.")] {
        std::fs::write(dir.path().join(name), text).expect("writes");
    }
    let mut h = harness(Project::new("empty"));
    h.state_mut().open_path(&p);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    assert!(h.state().picker_open());
    // a.txt, b.txt, c.txt, p.ron: Down to a.txt, Shift+Down twice, Ctrl+Space takes c.txt out.
    h.key_press(Key::ArrowDown);
    h.run();
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
        h.run();
    }
    assert_eq!(h.get_by_label("File:").value().as_deref(), Some("\"a.txt\" \"b.txt\" \"c.txt\""));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Space);
    h.run();
    assert_eq!(h.get_by_label("File:").value().as_deref(), Some("\"a.txt\" \"b.txt\""));
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().picker_open());
    wait(&mut h);
    let texts: Vec<String> = h.state().project().documents().iter().map(|d| d.text.as_str().to_owned()).collect();
    assert_eq!(texts.len(), 2, "{texts:?} {:?}", h.state().status());
    assert!(texts.iter().any(|t| t.contains("First")) && texts.iter().any(|t| t.contains("Second")), "{texts:?}");
}

#[test]
fn a_bulk_download_is_previewed_and_only_the_chosen_articles_come_in() {
    let mut h = harness(Project::new("Bulk"));
    let file = common::root().join("tests/fixtures/office/nexis-uni.docx");
    h.state_mut().push(Intent::ImportPaths(vec![file]));
    h.run();
    wait(&mut h);
    assert!(h.state().bulk_preview_open(), "the download is previewed first");
    assert!(h.query_by_label("3 article(s) from Nexis Uni, 2020-01-04 to 2020-01-05").is_some());
    assert!(h.state().project().documents().is_empty(), "nothing is added before the analyst says");
    h.snapshot("bulk_preview");
    // Leave out the rapporteur's article; the third repeats the first, and is skipped.
    h.get_by_label("Rapporteur doubts legal basis · Harbour Times · 2020-01-05").click();
    h.run();
    h.get_by_label("Import the 2 chosen").click();
    h.run();
    assert!(!h.state().bulk_preview_open());
    let titles: Vec<String> = h.state().project().documents().iter().map(|d| d.title.clone()).collect();
    assert_eq!(titles, ["Ministry defends strike"]);
    let d = &h.state().project().documents()[0];
    assert_eq!(
        (d.source.as_str(), d.published.as_str(), d.byline.as_str()),
        ("The Daily Meridian", "2020-01-04", "Ana Ruiz")
    );
    // The report says one was left out by the analyst; Enter closes it (OK has the keyboard).
    let said = format!("{:?}", h.state().dialog());
    assert!(said.contains("1 left out by you"), "{said}");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().dialog().is_none());
    // One undo step takes the import back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().project().documents().is_empty());
    // Cancel adds nothing.
    h.state_mut().push(Intent::ImportPaths(vec![common::root().join("tests/fixtures/office/nexis-uni.docx")]));
    h.run();
    wait(&mut h);
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().bulk_preview_open() && h.state().project().documents().is_empty());
    // Enter takes what is chosen: all of it, by keyboard alone.
    h.state_mut().push(Intent::ImportPaths(vec![common::root().join("tests/fixtures/office/nexis-uni.docx")]));
    h.run();
    wait(&mut h);
    assert!(h.state().bulk_preview_open());
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().bulk_preview_open());
    let titles: Vec<String> = h.state().project().documents().iter().map(|d| d.title.clone()).collect();
    assert_eq!(titles, ["Ministry defends strike", "Rapporteur doubts legal basis"], "{:?}", h.state().status());
    // By keyboard alone, one unticked: Tab to its box, Space unticks it, Enter imports the rest
    // (Enter on the box had ticked it again and left the dialog open).
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.state_mut().push(Intent::ImportPaths(vec![common::root().join("tests/fixtures/office/nexis-uni.docx")]));
    h.run();
    wait(&mut h);
    let rapporteur = "Rapporteur doubts legal basis · Harbour Times · 2020-01-05";
    for _ in 0..8 {
        if h.get_by_label(rapporteur).is_focused() {
            break;
        }
        h.key_press(Key::Tab);
        h.run();
    }
    assert!(h.get_by_label(rapporteur).is_focused(), "Tab reaches the article's box");
    h.key_press(Key::Space);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().bulk_preview_open(), "Enter on a box imports");
    let titles: Vec<String> = h.state().project().documents().iter().map(|d| d.title.clone()).collect();
    assert_eq!(titles, ["Ministry defends strike"], "the unticked one stays out");
    // The report says the analyst left it out (a report is shown for it), not that the file
    // held fewer than it listed.
    let said = format!("{} {:?}", h.state().status().text, h.state().dialog());
    assert!(said.contains("1 left out by you"), "{said}");
    assert!(!said.contains("the file lists were read"), "{said}");
}

/// A file dropped on the window, as the windowing layer hands it to egui.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl eframe::egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn files_dropped_on_the_window_are_imported() {
    let mut h = harness(Project::new("Dropped"));
    let dir = tempfile::tempdir().expect("tmp");
    let md = dir.path().join("story.md");
    std::fs::write(&md, "# Dropped story\n\nIts text.\n").expect("write");
    let pdf = common::root().join("tests/fixtures/pdf/003-two-column.pdf");
    for p in [md, pdf] {
        h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(p)));
    }
    h.run();
    wait(&mut h);
    let titles: Vec<String> = h.state().project().documents().iter().map(|d| d.title.clone()).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert_eq!(titles[0], "Dropped story");
    assert!(titles[1].starts_with("“The assassination of Qasem Soleimani"), "{titles:?}");
}

/// A QualCoder project dropped on the window comes in with its coding, as one undo step, and the
/// inspector shows who coded a passage.
#[test]
fn a_qualcoder_project_dropped_on_the_window_is_imported_and_undone_in_one_step() {
    let mut h = harness(Project::new("From QualCoder"));
    let qdpx = common::root().join("tests/fixtures/refi/qualcoder-sample.qdpx");
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(qdpx)));
    h.run();
    wait(&mut h);
    assert_eq!(h.state().project().documents().len(), 5);
    assert_eq!(h.state().project().annotation_count(), 88);
    assert!(h.state().project().claims().len() >= 11);
    let first = h.state().project().annotations().next().expect("annotations").id;
    h.state_mut().push(Intent::Select(Some(first)));
    h.run();
    assert!(h.query_by_label_contains("Sample analyst").is_some(), "the inspector names the coder");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().project().documents().is_empty() && h.state().project().annotation_count() == 0);
}

#[test]
fn a_qdpx_naming_files_outside_its_archive_asks_before_reading_any() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = dir.path().join("private.txt");
    std::fs::write(&secret, "PRIVATE NOTES OF THE ANALYST").expect("write");
    let wanted = dir.path().join("wanted.txt");
    std::fs::write(&wanted, "The source text the project means.").expect("write");
    let source = |k: usize, name: &str, path: &std::path::Path| {
        format!(
            r#"<TextSource guid="00000000-0000-0000-0000-00000000000{k}" name="{name}" plainTextPath="{}"/>"#,
            path.display()
        )
    };
    let xml = format!(
        r#"<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>{}{}</Sources></Project>"#,
        source(1, "secret", &secret),
        source(2, "wanted", &wanted)
    );
    let archive = dir.path().join("stranger.qdpx");
    std::fs::write(&archive, common::office::zip_of(&[("project.qde", xml)])).expect("write");

    let mut h = harness(Project::new("Q"));
    h.state_mut().push(Intent::ImportPaths(vec![archive.clone()]));
    h.run();
    wait(&mut h);
    assert!(h.state().bulk_preview_open(), "the analyst is asked first");
    assert!(h.query_by_label_contains("refers to 2 file(s) outside the archive").is_some());
    assert!(h.state().project().documents().is_empty());
    // Tick only the wanted file; the other stays unticked (the default), and is not read.
    h.get_by_label_contains("wanted.txt").click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    wait(&mut h);
    let texts: Vec<String> = h.state().project().documents().iter().map(|d| d.text.as_str().to_owned()).collect();
    assert_eq!(texts, ["The source text the project means."]);
    // Import with nothing ticked: nothing from outside the archive comes in.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.state_mut().push(Intent::ImportPaths(vec![archive]));
    h.run();
    wait(&mut h);
    h.get_by_label("Import").click();
    h.run();
    assert!(h.state().project().documents().iter().all(|d| !d.text.as_str().contains("PRIVATE")));
}

#[test]
fn the_bulk_preview_says_when_a_download_holds_fewer_articles_than_it_lists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cut = common::nexis_uni_missing_one(dir.path());
    let mut h = harness(Project::new("Bulk"));
    h.state_mut().push(Intent::ImportPaths(vec![cut]));
    h.run();
    wait(&mut h);
    assert!(h.state().bulk_preview_open());
    assert!(h.query_by_label_contains("6 of the 7 article(s) the file lists were read").is_some());
    assert!(h.query_by_label_contains("document 3 of the file").is_some(), "where the missing one was");
}

#[test]
fn the_import_button_counts_every_article_that_will_come_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let txt = dir.path().join("note.txt");
    std::fs::write(&txt, "A plain article\n\nIts one paragraph of text.").expect("write");
    let mut h = harness(Project::new("Bulk"));
    h.state_mut().push(Intent::ImportPaths(vec![common::root().join("tests/fixtures/office/nexis-uni.docx"), txt]));
    h.run();
    wait(&mut h);
    // Three articles in the download and one other file: four come in.
    h.get_by_label("Import all 4 articles").click();
    h.run();
    // The download's third article repeats its first (skipped as a duplicate): 3 added.
    assert_eq!(h.state().project().documents().len(), 3);
}

/// An import opens the new article and lets go of the annotation selected in the old one
/// (it stayed in the inspector, and Delete removed it unseen); one file's report is shown
/// when it says more than a count (a duplicate skipped: the status bar said only "0 article(s)
/// imported.").
#[test]
fn an_import_lets_go_of_the_old_selection_and_says_why_a_file_added_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let txt = dir.path().join("new.txt");
    std::fs::write(&txt, "A new article\n\nThe ministry said the strike was lawful.\n").expect("write");
    let sample = crate::sample_project();
    let first = sample.annotations().next().expect("annotated").id;
    let count = sample.annotation_count();
    let mut h = harness(sample);
    h.state_mut().push(Intent::Select(Some(first)));
    h.run();
    assert_eq!(h.state().selected(), Some(first));
    h.state_mut().push(Intent::ImportPaths(vec![txt.clone()]));
    h.run();
    wait(&mut h);
    let new = h.state().project().documents().last().expect("added").id;
    assert_eq!(h.state().reader.doc(), Some(new), "the new article is shown");
    assert_eq!(h.state().selected(), None, "the old article's annotation is let go");
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().project().annotation_count(), count, "Delete removed nothing unseen");
    assert!(h.state().dialog().is_none(), "an article added, nothing more to say: no report");
    // The same file again: nothing added, and the report says why.
    h.state_mut().push(Intent::ImportPaths(vec![txt]));
    h.run();
    wait(&mut h);
    match h.state().dialog() {
        Some(claimscope::ui::dialogs::Dialog::Error { message, .. }) => {
            assert!(
                message.contains("0 article(s) imported") && message.contains("new.txt: skipped, same text as"),
                "{message}"
            );
        }
        other => panic!("expected the import report, got {other:?}"),
    }
}

/// The export dialog opens on the format last chosen, kept between runs in the settings (it had
/// reopened on JSON after every start); a stored name that is no format leaves JSON.
#[test]
fn the_export_dialog_opens_on_the_format_last_chosen() {
    let open = |format: &str| {
        let settings = Settings { builtin_picker: true, export_format: format.into(), ..Settings::default() };
        let mut w = Workbench::new(Session::unsaved(crate::sample_project()), settings);
        w.set_runner(Runner::manual());
        let mut h = Harness::builder()
            .with_size(vec2(1360.0, 860.0))
            .with_max_steps(64)
            .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::E);
        h.run();
        h
    };
    let mut h = open("csv");
    assert!(h.query_by_label("Start with a byte-order mark (for Excel)").is_some(), "CSV's options: CSV chosen");
    h.get_by_label_contains("HTML").click();
    h.run();
    assert_eq!(h.state().settings.export_format, "html", "kept for the next run");
    let h = open("not a format");
    assert!(h.query_by_label("Start with a byte-order mark (for Excel)").is_none());
    assert_eq!(h.state().settings.export_format, "json");
}

/// The export dialog counts the articles the annotations come from: an article without
/// annotations was counted as one of them (a walk: "from 6 article(s)" where one had none).
#[test]
fn the_export_dialog_counts_only_the_articles_annotations_come_from() {
    let mut p = crate::sample_project();
    let (_, e) = p
        .add_document("Nothing tagged", "Wire", "", "2020-01-04", claimscope::model::Text::new("A text."))
        .expect("ids left");
    p.apply(e).expect("adds");
    let docs = p.documents().len();
    let annotations = p.annotation_count();
    let mut h = harness(p);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    let said =
        format!("{annotations} annotation(s) from {} of the {docs} article(s) chosen; the others have none.", docs - 1);
    assert!(h.query_by_label(&said).is_some(), "{said}");
    let whole = crate::sample_project();
    let mut h = harness(whole.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    let said = format!("{} annotation(s) from {} article(s).", whole.annotation_count(), whole.documents().len());
    assert!(h.query_by_label(&said).is_some(), "{said}");
}
