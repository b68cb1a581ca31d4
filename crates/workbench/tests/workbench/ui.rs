//! Headless UI tests: the real workbench driven by egui_kittest (clicks, drags, keys) with
//! assertions on the project it edits.

use claimscope::model::{AnnotationId, NewAnnotation, Project, Text};
use claimscope::ui::dialogs::{After, Dialog};
use claimscope::ui::runner::Runner;
use claimscope::ui::session::Session;
use claimscope::ui::{Intent, Settings, Workbench};
use eframe::egui::{
    self, Event, Key, Modifiers, PointerButton, Pos2, ViewportCommand, ViewportEvent, ViewportId, accesskit::Role, vec2,
};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const LINE1: &str = "The US said it acted in self-defence under Article 51 of the UN Charter.";
const LINE2: &str = "Iran called it “state terrorism” — a war crime 😀 and vowed revenge.";

fn project() -> Project {
    let mut p = Project::new("UI test");
    let (_, e) = p
        .add_document("Two sides", "Wire", "", "2020-01-03", Text::new(format!("{LINE1}\n\n{LINE2}")))
        .expect("ids left");
    p.apply(e).expect("adds");
    p
}

fn bench(p: Project) -> Workbench {
    let mut w = Workbench::new(Session::unsaved(p), Settings { builtin_picker: true, ..Settings::default() });
    // Background work (saves) runs only when the test says so: no test races a thread.
    w.set_runner(Runner::manual());
    w
}

/// Runs the queued background work and lets the window take its outcome.
fn settle(h: &mut Harness<'_, Workbench>) {
    h.state().runner().run_pending();
    h.run();
}

fn harness(w: Workbench) -> Harness<'static, Workbench> {
    let mut h = Harness::builder().with_size(vec2(1280.0, 800.0)).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    h
}

/// Where a paragraph of the reader is on screen (from the accessibility tree).
fn paragraph(h: &Harness<'_, Workbench>, text: &str) -> egui::Rect {
    h.get_by_role_and_label(Role::Paragraph, text).rect()
}

fn press(h: &mut Harness<'_, Workbench>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn click_at(h: &mut Harness<'_, Workbench>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    h.step();
    for pressed in [true, false] {
        h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed, modifiers: Modifiers::NONE });
        h.step();
    }
    h.run();
}

fn drag(h: &mut Harness<'_, Workbench>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.step();
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for k in 1..=8 {
        h.event(Event::PointerMoved(from + (to - from) * (k as f32 / 8.0)));
        h.step();
    }
    h.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
}

/// Puts the caret at the start of `line` and selects `words` words with Ctrl+Shift+→.
fn select_words(h: &mut Harness<'_, Workbench>, line: &str, words: usize) {
    let r = paragraph(h, line);
    click_at(h, r.left_top() + vec2(1.0, 8.0));
    for _ in 0..words {
        press(h, Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight);
    }
}

#[test]
fn the_reader_gives_its_text_to_screen_readers() {
    let h = harness(bench(project()));
    h.get_by_role_and_label(Role::Paragraph, LINE1);
    h.get_by_role_and_label(Role::Paragraph, LINE2);
    h.get_by_role_and_label(Role::Button, "Tag as Allegation");
}

#[test]
fn select_with_the_keyboard_press_2_then_undo_and_redo() {
    let mut h = harness(bench(project()));
    select_words(&mut h, LINE1, 3);
    assert_eq!(h.state().reader.selection(), Some(0..12));
    press(&mut h, Modifiers::NONE, Key::Num2);
    let p = h.state().project();
    assert_eq!(p.annotation_count(), 1);
    let a = p.annotations().next().expect("one");
    assert_eq!(p.tag(a.tag).map(|t| t.name.as_str()), Some("Allegation"));
    assert_eq!(a.quote.exact, "The US said", "trailing space trimmed");
    assert_eq!((a.start, a.end), (0, 11));
    assert_eq!(h.state().selected(), Some(a.id), "the new annotation is selected");
    assert!(h.state().session().is_dirty());

    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().annotation_count(), 0);
    assert!(!h.state().session().is_dirty());
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(h.state().project().annotation_count(), 1);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(h.state().project().annotation_count(), 1, "Ctrl+Y redoes too");
}

#[test]
fn a_mouse_drag_snaps_to_whole_words_and_a_tag_button_tags_it() {
    let mut h = harness(bench(project()));
    let r = paragraph(&h, LINE1);
    // From inside “The” to the middle of the first row: edges fall inside words.
    drag(&mut h, r.left_top() + vec2(6.0, 8.0), r.left_top() + vec2(r.width() * 0.5, 8.0));
    let sel = h.state().reader.selection().expect("a selection");
    let text = &h.state().project().documents()[0].text;
    let quote = text.slice(sel.clone()).to_owned();
    assert_eq!(sel.start, 0, "snapped back to the start of “The”");
    assert!(LINE1.starts_with(&quote) && quote.len() > 10, "{quote}");
    let next = text.char_at(sel.end);
    assert!(next.is_none_or(|c| !c.is_alphanumeric()), "ends at a word end: {quote:?} then {next:?}");
    h.get_by_role_and_label(Role::Button, "Tag as Legal claim").click();
    h.run();
    let p = h.state().project();
    let a = p.annotations().next().expect("tagged");
    assert_eq!(a.quote.exact, quote.trim_end());
    assert_eq!(p.tag(a.tag).map(|t| t.name.as_str()), Some("Legal claim"));
}

#[test]
fn clicking_a_highlight_selects_it_overlaps_cycle_and_delete_removes() {
    let mut p = project();
    let d = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    let rhet = p.find_tag("Rhetoric").expect("tag").id;
    let (outer, e) = p.annotate(d, 0..23, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let (inner, e) = p.annotate(d, 0..6, rhet, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let mut h = harness(bench(p));
    let r = paragraph(&h, LINE1);
    let on_the = r.left_top() + vec2(8.0, 10.0);
    click_at(&mut h, on_the);
    assert_eq!(h.state().selected(), Some(inner), "the innermost span first");
    click_at(&mut h, on_the);
    assert_eq!(h.state().selected(), Some(outer), "a second click cycles to the next");
    press(&mut h, Modifiers::NONE, Key::Delete);
    let p = h.state().project();
    assert!(p.annotation(outer).is_none());
    assert!(p.annotation(inner).is_some());
    assert_eq!(h.state().selected(), None);
    // With an annotation selected and no text selected, a tag key retags it.
    click_at(&mut h, on_the);
    assert_eq!(h.state().selected(), Some(inner));
    press(&mut h, Modifiers::NONE, Key::Num1);
    assert_eq!(h.state().project().annotation(inner).map(|a| a.tag), Some(fact));
}

/// The test article with a Fact annotation over `range`, selected, and the keyboard in the
/// text (its line clicked, then the annotation selected again).
fn annotation_selected_in_the_text(range: std::ops::Range<usize>) -> (Harness<'static, Workbench>, AnnotationId) {
    let mut p = project();
    let d = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    let (id, e) = p.annotate(d, range, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let mut w = bench(p);
    w.push(Intent::Select(Some(id)));
    let mut h = harness(w);
    let r = paragraph(&h, LINE1);
    click_at(&mut h, r.left_top() + vec2(r.width() * 0.8, 8.0));
    h.state_mut().push(Intent::Select(Some(id)));
    h.run();
    (h, id)
}

#[test]
fn shift_arrows_move_the_edges_of_the_selected_annotation_as_one_undo_step() {
    let (mut h, id) = annotation_selected_in_the_text(4..6);
    // Snapping off: a char at a time.
    h.state_mut().reader.snap = false;
    for _ in 0..5 {
        press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    }
    press(&mut h, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowLeft);
    let a = h.state().project().annotation(id).expect("still there").clone();
    assert_eq!((a.start, a.end), (3, 11));
    assert_eq!(a.quote.exact, " US said");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let a = h.state().project().annotation(id).expect("still there");
    assert_eq!((a.start, a.end), (4, 6), "one undo step takes back the whole run of nudges");
    // Snapping on: a word at a time (a walk: an edge took dozens of presses, and left "th
    // towards…" where a tag would have taken whole words).
    h.state_mut().reader.snap = true;
    for _ in 0..2 {
        press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    }
    press(&mut h, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowLeft);
    assert_eq!(h.state().project().annotation(id).expect("there").quote.exact, "The US said it");
    press(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    press(&mut h, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowRight);
    assert_eq!(h.state().project().annotation(id).expect("there").quote.exact, "US said");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().annotation(id).expect("there").range(), 4..6);
}

/// A run of edge nudges ends when the analyst does something else: two runs with a Snap toggle
/// between them were one undo step (a walk), and Ctrl+Z took back both.
#[test]
fn a_command_between_two_runs_of_nudges_makes_them_two_undo_steps() {
    use claimscope::ui::commands::Command;
    let (mut h, id) = annotation_selected_in_the_text(4..6);
    h.state_mut().reader.snap = false;
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(h.state().project().annotation(id).expect("there").range(), 4..7);
    h.state_mut().push(Intent::Run(Command::ToggleSnap));
    h.run();
    assert!(h.state().reader.snap);
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    assert_ne!(h.state().project().annotation(id).expect("there").range(), 4..7);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().annotation(id).expect("there").range(), 4..7, "only the second run undone");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().annotation(id).expect("there").range(), 4..6);
}

/// A click on a tool (Snap to words, a tag button, a menu command) leaves the keyboard in the
/// text: the clicked button had taken it, and Shift+arrows and Esc went nowhere (a walk).
#[test]
fn a_click_on_a_tool_leaves_the_keyboard_in_the_text() {
    let (mut h, id) = annotation_selected_in_the_text(4..6);
    let text = || "Article text";
    assert!(h.get_by_label(text()).is_focused(), "the text has the keyboard");
    h.state_mut().reader.snap = false;
    h.run();
    // The Snap box in the tag bar.
    h.get_by_label("Snap to words").click();
    h.run();
    assert!(h.state().reader.snap);
    assert!(h.get_by_label(text()).is_focused(), "the keyboard is still in the text");
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    assert_ne!(h.state().project().annotation(id).expect("there").range(), 4..6, "Shift+Right moved the edge");
    // A tag button retags the selected annotation, the keyboard stays.
    h.get_by_label("Tag as Rhetoric").click();
    h.run();
    assert!(h.get_by_label(text()).is_focused(), "the keyboard is still in the text after a tag button");
    // A menu command (View ▸ Snap selection to words).
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Snap selection to words").click();
    h.run();
    assert!(!h.state().reader.snap);
    assert!(h.get_by_label(text()).is_focused(), "the keyboard is still in the text after a menu command");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().selected(), None, "Esc reaches the text");
}

/// A tag button clicked while the keyboard is in an inspector's field brings the keyboard to the
/// text the tag acted on: it had gone nowhere (a walk), and Esc and the arrows did nothing.
#[test]
fn a_tag_button_clicked_from_the_speaker_field_brings_the_keyboard_to_the_text() {
    let (mut h, id) = annotation_selected_in_the_text(4..6);
    h.get_by_label("Speaker").click();
    h.run();
    h.get_by_label("Speaker").type_text("Zarif");
    h.run();
    assert!(h.get_by_label("Speaker").is_focused());
    h.get_by_label("Tag as Rhetoric").click();
    h.run();
    let p = h.state().project();
    let a = p.annotation(id).expect("there");
    assert_eq!(p.tag(a.tag).map(|t| t.name.as_str()), Some("Rhetoric"));
    assert_eq!(a.speaker, "Zarif", "the typed speaker kept");
    assert!(h.get_by_label("Article text").is_focused(), "the keyboard is in the text");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().selected(), None, "Esc reaches the text");
}

/// Widening by the keyboard, an annotation's edge stops at its paragraph: Shift+Right at the
/// paragraph's last word had taken the line break (snapping off) or the next paragraph's first
/// word (snapping on), a walk. Alt+Shift+Left at the next paragraph's first word likewise.
#[test]
fn an_edge_widened_by_the_keyboard_stops_at_its_paragraph() {
    let len1 = LINE1.chars().count();
    let mut p = project();
    let d = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    let (id, e) = p.annotate(d, len1 - 8..len1, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let second = len1 + 2;
    let (other, e) = p.annotate(d, second..second + 4, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let mut h = harness(bench(p));
    let r = paragraph(&h, LINE1);
    click_at(&mut h, r.left_top() + vec2(r.width() * 0.3, 8.0));
    for snap in [false, true] {
        h.state_mut().reader.snap = snap;
        h.state_mut().push(Intent::Select(Some(id)));
        h.run();
        press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
        assert_eq!(h.state().project().annotation(id).expect("there").range(), len1 - 8..len1, "snap {snap}");
        assert!(h.state().status().text.contains("stops at its paragraph"), "{:?}", h.state().status().text);
        h.state_mut().push(Intent::Select(Some(other)));
        h.run();
        press(&mut h, Modifiers::SHIFT | Modifiers::ALT, Key::ArrowLeft);
        assert_eq!(h.state().project().annotation(other).expect("there").range(), second..second + 4, "snap {snap}");
        // Inward it still moves.
        press(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
        assert_ne!(h.state().project().annotation(other).expect("there").range(), second..second + 4, "snap {snap}");
        press(&mut h, Modifiers::COMMAND, Key::Z);
    }
}

#[test]
fn typing_a_note_is_one_undo_step() {
    let mut p = project();
    let d = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    let (id, e) = p.annotate(d, 0..6, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let mut w = bench(p);
    w.push(Intent::Select(Some(id)));
    let mut h = harness(w);
    let note = h.get_by_label("Note");
    note.click();
    h.run();
    for word in ["Reported ", "as ", "fact."] {
        h.get_by_label("Note").type_text(word);
        h.run();
    }
    assert_eq!(
        h.state().project().annotation(id).map(|a| a.note.as_str()),
        Some(""),
        "nothing is applied while typing"
    );
    // Leaving the field commits it.
    let r = paragraph(&h, LINE2);
    click_at(&mut h, r.center());
    assert_eq!(h.state().project().annotation(id).map(|a| a.note.as_str()), Some("Reported as fact."));
    h.state_mut().push(Intent::Run(claimscope::ui::commands::Command::Undo));
    h.run();
    assert_eq!(h.state().project().annotation(id).map(|a| a.note.as_str()), Some(""));
}

/// Tab into the note puts the caret at its end: the field kept the caret where it had been in
/// another annotation's note, and what was typed went mid-word.
#[test]
fn tab_into_the_note_puts_the_caret_at_its_end() {
    let mut p = project();
    let d = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    let note = |s: &str| NewAnnotation { note: s.to_owned(), ..NewAnnotation::default() };
    let (first, e) = p.annotate(d, 0..6, fact, note("alpha beta gamma")).expect("valid");
    p.apply(e).expect("adds");
    let (second, e) = p.annotate(d, 8..12, fact, note("delta")).expect("valid");
    p.apply(e).expect("adds");
    let mut w = bench(p);
    w.push(Intent::Select(Some(first)));
    let mut h = harness(w);
    // The caret left at the start of the first note.
    h.get_by_label("Note").click();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::Home);
    press(&mut h, Modifiers::NONE, Key::Escape);
    h.state_mut().push(Intent::Select(Some(second)));
    h.run();
    // From the speaker, past Pick, to the note.
    press(&mut h, Modifiers::ALT, Key::S);
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert!(h.get_by_label("Note").is_focused(), "Tab went from the speaker to the note");
    h.get_by_label("Note").type_text(" epsilon");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().project().annotation(second).map(|a| a.note.as_str()), Some("delta epsilon"));
}

#[test]
fn esc_in_the_note_field_keeps_what_was_typed() {
    let mut p = project();
    let d = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    let (id, e) = p.annotate(d, 0..6, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let mut w = bench(p);
    w.push(Intent::Select(Some(id)));
    let mut h = harness(w);
    for (field, text) in [("Note", "Typed, then Esc."), ("Speaker", "Pentagon")] {
        h.get_by_label(field).click();
        h.run();
        h.get_by_label(field).type_text(text);
        h.run();
        press(&mut h, Modifiers::NONE, Key::Escape);
        h.run();
    }
    let a = h.state().project().annotation(id).expect("there");
    assert_eq!((a.note.as_str(), a.speaker.as_str()), ("Typed, then Esc.", "Pentagon"));
    // Each commit is one undo step, and undo puts the field back.
    assert_eq!(h.state().session().history().undo_len(), 2);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().annotation(id).map(|a| a.note.as_str()), Some(""));
    assert!(h.query_by_label("Typed, then Esc.").is_none(), "the field shows the undone value");
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut h = harness(bench(project()));
    select_words(&mut h, LINE1, 2);
    press(&mut h, Modifiers::NONE, Key::Num4);
    assert!(h.state().session().is_dirty());
    h.input_mut().viewports.entry(ViewportId::ROOT).or_default().events.push(ViewportEvent::Close);
    h.step();
    let cancelled = h
        .output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&ViewportCommand::CancelClose));
    assert!(cancelled, "the close is held back");
    h.run();
    assert_eq!(h.state().dialog(), Some(&Dialog::Unsaved(After::Quit)));
    // The safe answer has the keyboard: Enter (it did nothing) would save, never discard.
    assert!(h.get_by_label("Save").is_focused(), "Save is the default");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().dialog(), None);
    assert_eq!(h.state().project().annotation_count(), 1, "nothing lost");
    // Asking again and discarding closes the window.
    h.state_mut().push(Intent::Run(claimscope::ui::commands::Command::Quit));
    h.run();
    h.get_by_label("Discard changes").click();
    h.step();
    let closed =
        h.output().viewport_output.get(&ViewportId::ROOT).is_some_and(|v| v.commands.contains(&ViewportCommand::Close));
    assert!(closed);
}

#[test]
fn save_as_through_the_built_in_picker_and_reopen_gives_an_equal_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("saved project.ron");
    let mut h = harness(bench(project()));
    select_words(&mut h, LINE2, 2);
    press(&mut h, Modifiers::NONE, Key::Num3);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert!(h.state().picker_open());
    let field = h.get_by_label("File name:");
    field.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("File name:").type_text(path.to_str().expect("utf-8"));
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(!h.state().picker_open());
    assert!(h.state().saving(), "the save runs in the background");
    settle(&mut h);
    assert!(!h.state().session().is_dirty(), "{:?}", h.state().status());
    assert_eq!(h.state().session().path(), Some(path.as_path()));
    let back = claimscope::store::load(&path).expect("loads").project;
    assert_eq!(&back, h.state().project());
    assert!(h.state().title().contains("saved project.ron") && !h.state().title().starts_with('●'));

    // While it is open here, another window may not open it to write.
    let mut w = Workbench::new(Session::untitled(), Settings::default());
    w.open_path(&path);
    assert!(w.project().documents().is_empty());
    assert!(matches!(w.dialog(), Some(Dialog::Error { message, .. }) if message.contains("claimscope workbench")));
    // Closed there, a fresh workbench opens it and shows the same annotation.
    drop(h);
    let mut w = Workbench::new(Session::untitled(), Settings::default());
    w.open_path(&path);
    assert_eq!(w.project(), &back);
}

#[test]
fn a_broken_file_shows_its_error_and_the_app_stays_usable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("broken.ron");
    std::fs::write(
        &bad,
        "(\n  format: \"claimscope\",\n  version: 1,\n  name: \"x\",\n  tags: [ (id: 1, name: \"Fact\" ]\n)",
    )
    .expect("write");
    let mut h = harness(bench(project()));
    h.state_mut().push(Intent::OpenPath(bad.clone()));
    h.run();
    match h.state().dialog() {
        Some(Dialog::Error { message, .. }) => {
            assert!(message.contains("5:") && message.contains("broken.ron"), "{message}");
        }
        other => panic!("expected an error dialog, got {other:?}"),
    }
    assert_eq!(h.state().project().name(), "UI test", "the open project stays");
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(h.state().dialog(), None);
}

#[test]
fn find_next_and_next_annotation() {
    let mut p = project();
    let d = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    for r in [0..3, 24..36, 77..81] {
        let (_, e) = p.annotate(d, r, fact, NewAnnotation::default()).expect("valid");
        p.apply(e).expect("adds");
    }
    let mut h = harness(bench(p));
    press(&mut h, Modifiers::COMMAND, Key::F);
    h.get_by_label("Find:").type_text("IT");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let sel = h.state().reader.selection().expect("first match selected");
    assert_eq!(h.state().project().documents()[0].text.slice(sel.clone()).to_lowercase(), "it");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().reader.find.open, "Esc closes the find bar, also after Enter");
    // The text has the keyboard, at the match: Shift+→ widens it (the keys had gone nowhere).
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    let wider = h.state().reader.selection().expect("still a selection");
    assert_eq!((wider.start, wider.end), (sel.start, sel.end + 1), "widened from the match");
    // N and P walk the annotations in reading order (outside text fields).
    let r = paragraph(&h, LINE1);
    click_at(&mut h, r.left_top() + vec2(r.width() * 0.9, 8.0));
    let ids: Vec<_> = h.state().project().annotations().map(|a| a.id).collect();
    press(&mut h, Modifiers::NONE, Key::N);
    let first = h.state().selected();
    press(&mut h, Modifiers::NONE, Key::N);
    let second = h.state().selected();
    press(&mut h, Modifiers::NONE, Key::P);
    assert!(first.is_some() && second.is_some() && first != second, "{ids:?}");
    assert_eq!(h.state().selected(), first);
}

#[test]
fn an_idle_workbench_asks_for_no_repaint() {
    let mut h = harness(bench(project()));
    h.step();
    let delay = h.output().viewport_output.get(&ViewportId::ROOT).map(|v| v.repaint_delay);
    assert_eq!(delay, Some(std::time::Duration::MAX), "nothing moves, so nothing is redrawn");
}

#[test]
fn idle_with_an_annotation_selected_and_the_inspector_open_asks_for_no_repaint() {
    let (p, selected) = overlapping();
    let mut h = harness(bench(p));
    h.state_mut().push(Intent::Select(Some(selected)));
    h.run();
    assert_eq!(h.state().selected(), Some(selected));
    // The pointer rests over the text, as a reader's hand does.
    let r = paragraph(&h, LINE1);
    h.event(Event::PointerMoved(r.center()));
    h.run();
    h.step();
    let delay = h.output().viewport_output.get(&ViewportId::ROOT).map(|v| v.repaint_delay);
    assert_eq!(delay, Some(std::time::Duration::MAX), "an open inspector is not redrawn while nothing changes");
}

#[test]
fn the_inspector_list_opens_with_its_first_row_in_view() {
    // Enough rows that the list scrolls.
    let (mut p, _) = overlapping();
    let d = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    for k in 0..12 {
        let (_, e) = p.annotate(d, 108 + k * 2..109 + k * 2, fact, NewAnnotation::default()).expect("valid");
        p.apply(e).expect("adds");
    }
    let third = p.spans(d).entries()[2].id;
    let mut h = harness(bench(p));
    h.state_mut().push(Intent::Select(Some(third)));
    h.run();
    let inspector = h.state().layout().inspector.expect("inspector shown");
    // The bottom of the filter chips: the tag toggles inside the inspector (a row's chip of its
    // tag is a label, not a button).
    let chips = h
        .get_all_by_role_and_label(Role::Button, "Rhetoric")
        .map(|n| n.rect())
        .filter(|r| inspector.contains(r.center()))
        .fold(f32::MIN, |b, r| b.max(r.bottom()));
    let rows: Vec<egui::Rect> = h.get_all_by_label_contains("Allegation: ").map(|n| n.rect()).collect();
    assert_eq!(rows.len(), 1, "the first row (an Allegation) is drawn");
    assert!(rows[0].top() >= chips, "first row at {} hides under the chips ending at {chips}", rows[0].top());
    // A row out of view is brought into it when its annotation is selected (N walks there).
    let last = h.state().project().spans(d).entries().last().expect("rows").id;
    h.state_mut().push(Intent::Select(Some(last)));
    h.run();
    let quote = h.state().project().annotation(last).expect("exists").quote.exact.clone();
    let row = h.get_by_label(&format!("Fact: {quote}")).rect();
    assert!(row.top() >= chips && row.bottom() <= inspector.bottom(), "{row:?} in view below {chips}");
}

/// A project whose spans overlap three deep, to show blending and underline lanes.
fn overlapping() -> (Project, claimscope::model::AnnotationId) {
    let mut p = project();
    let d = p.documents()[0].id;
    let tag = |p: &Project, n: &str| p.find_tag(n).expect("default tag").id;
    let spans = [(0..35, "Allegation"), (15..53, "Legal claim"), (24..36, "Rhetoric"), (89..106, "Fact")];
    let mut last = None;
    for (r, t) in spans {
        let (id, e) = p.annotate(d, r, tag(&p, t), NewAnnotation::default()).expect("valid");
        p.apply(e).expect("adds");
        last = Some(id);
    }
    (p, last.expect("added"))
}

fn snapshot_harness(dark: bool) -> Harness<'static, Workbench> {
    let (p, selected) = overlapping();
    let mut w = Workbench::new(Session::unsaved(p), Settings { dark, ..Settings::default() });
    w.push(Intent::Select(Some(selected)));
    let mut h = Harness::builder()
        .with_size(vec2(1100.0, 420.0))
        .with_theme(if dark { egui::Theme::Dark } else { egui::Theme::Light })
        .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    h
}

#[test]
fn snapshot_overlapping_highlights_light() {
    snapshot_harness(false).snapshot("overlapping_highlights_light");
}

#[test]
fn snapshot_overlapping_highlights_dark() {
    snapshot_harness(true).snapshot("overlapping_highlights_dark");
}

/// A keyboard selection that starts mid-word shows, lighter, what a tag key will take with
/// snapping on: the whole words (a walk: "ds the Mediterranean." was shown, "towards the
/// Mediterranean" tagged). A picture, since what is shown is the point.
#[test]
fn snapshot_a_keyboard_selection_shows_what_snapping_takes() {
    let mut p = Project::new("Snap");
    let (_, e) = p
        .add_document(
            "Convoy",
            "Wire",
            "",
            "2020-01-03",
            Text::new("The convoy turned towards the Mediterranean at dawn."),
        )
        .expect("ids left");
    p.apply(e).expect("adds");
    let mut h =
        Harness::builder().with_size(vec2(900.0, 300.0)).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), bench(p));
    h.run();
    h.key_press_modifiers(Modifiers::ALT, egui::Key::T);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Home);
    h.run();
    // Into "towards" by four chars, then to the line's end.
    for _ in 0..22 {
        h.key_press(egui::Key::ArrowRight);
    }
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, egui::Key::End);
    h.run();
    assert_eq!(h.state().reader.selection(), Some(22..52));
    h.snapshot("keyboard_selection_snapped");
    // And the tag takes the words shown.
    h.key_press(egui::Key::Num1);
    h.run();
    let a = h.state().project().annotations().next().expect("tagged");
    assert_eq!(a.quote.exact, "towards the Mediterranean at dawn");
}

/// The inspector's hint names the keys the project's tags have (it said "1–4" with a fifth).
#[test]
fn the_inspector_s_hint_names_the_tags_keys() {
    let mut p = project();
    let (_, e) = p.new_tag("Speculation").expect("a fifth tag");
    p.apply(e).expect("adds");
    let h =
        Harness::builder().with_size(vec2(1280.0, 800.0)).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), bench(p));
    assert!(h.query_by_label_contains("press a tag key (1–5)").is_some());
}

#[test]
fn double_click_selects_a_word_and_shift_click_extends() {
    // Frames a sixtieth of a second apart, so two clicks count as a double click.
    let mut h = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), bench(project()));
    h.run();
    let r = paragraph(&h, LINE1);
    // “US” is the second word; aim a little into the row, after “The ”.
    let at = r.left_top() + vec2(r.width() * 0.07, 10.0);
    h.event(Event::PointerMoved(at));
    h.step();
    for pressed in [true, false, true, false] {
        h.event(Event::PointerButton { pos: at, button: PointerButton::Primary, pressed, modifiers: Modifiers::NONE });
        h.step();
    }
    h.run();
    let sel = h.state().reader.selection().expect("a word");
    let text = h.state().project().documents()[0].text.clone();
    let word = text.slice(sel.clone()).to_owned();
    assert!(LINE1.split(' ').any(|w| w == word), "a whole word: {word:?}");
    // Shift+click further on extends the selection to whole words there.
    let further = r.left_top() + vec2(r.width() * 0.45, 10.0);
    h.event(Event::PointerMoved(further));
    h.step();
    for pressed in [true, false] {
        let e =
            Event::PointerButton { pos: further, button: PointerButton::Primary, pressed, modifiers: Modifiers::SHIFT };
        h.event_modifiers(e, Modifiers::SHIFT);
        h.step();
    }
    h.run();
    let extended = h.state().reader.selection().expect("extended");
    assert_eq!(extended.start, sel.start);
    assert!(extended.end > sel.end + 5);
    assert!(text.char_at(extended.end).is_none_or(|c| !c.is_alphanumeric()), "ends at a word end");
}

#[test]
fn esc_in_the_tag_editor_keeps_the_typed_name() {
    let mut h = harness(bench(project()));
    press(&mut h, Modifiers::COMMAND, Key::T);
    h.get_by_label("Name of tag Fact").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Name of tag Fact").type_text("Checked fact");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().project().find_tag("Checked fact").is_some(), "Esc commits like clicking away");
    assert!(h.query_by_label("New tag name").is_some(), "the first Esc leaves the field, the editor stays");
    // The next Esc closes the editor (it could be left only by its button, some 60 Tabs
    // away), and Ctrl+T toggles it.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.query_by_label("New tag name").is_none(), "the second Esc closes it");
    press(&mut h, Modifiers::COMMAND, Key::T);
    assert!(h.query_by_label("New tag name").is_some(), "Ctrl+T opens it");
    press(&mut h, Modifiers::COMMAND, Key::T);
    assert!(h.query_by_label("New tag name").is_none(), "Ctrl+T again closes it");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().project().find_tag("Fact").is_some(), "and undo takes it back");
}

/// With the Tags window open, Ctrl+E (and the other commands that do not act on the article
/// behind) still run: they had done nothing, unsaid.
#[test]
fn commands_beside_the_article_run_with_the_tags_window_open() {
    let mut h = harness(bench(project()));
    press(&mut h, Modifiers::COMMAND, Key::T);
    assert!(h.query_by_label("New tag name").is_some(), "the Tags window is open");
    press(&mut h, Modifiers::COMMAND, Key::E);
    assert!(h.query_by_label("Folder:").is_some(), "Ctrl+E opened the export dialog");
}

/// Ctrl+T puts the keyboard in the Tags window, in its field for a new tag: it had stayed in
/// the window behind, some 50 Tabs from the window's first control.
#[test]
fn the_tags_window_takes_the_keyboard_when_opened() {
    let mut h = harness(bench(project()));
    press(&mut h, Modifiers::COMMAND, Key::T);
    assert!(h.get_by_label("New tag name").is_focused(), "the keyboard is in the window");
    h.get_by_label("New tag name").type_text("Quote");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.state().project().find_tag("Quote").is_some(), "typed and added without a click");
    // The field keeps the keyboard for the next (a walk: a second tag took a Tab back).
    assert!(h.get_by_label("New tag name").is_focused(), "still in the field");
    h.get_by_label("New tag name").type_text("Hearsay");
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.state().project().find_tag("Hearsay").is_some());
}

/// Redo (and an undone deletion) selects the annotation it brings back, so the inspector shows
/// it (a redone tag had come back unselected).
#[test]
fn undo_and_redo_select_the_annotation_they_bring_back() {
    let mut h = harness(bench(project()));
    select_words(&mut h, LINE2, 1);
    press(&mut h, Modifiers::NONE, Key::Num1);
    let id = h.state().selected().expect("the new annotation is selected");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!((h.state().project().annotation_count(), h.state().selected()), (0, None));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(h.state().selected(), Some(id), "redo selects it");
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!((h.state().project().annotation_count(), h.state().selected()), (0, None));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().selected(), Some(id), "an undone deletion selects it");
}

/// Keys pressed in the Tags window, outside its fields, stay there: Delete had deleted the
/// annotation selected in the article behind it, out of sight.
#[test]
fn keys_in_the_tag_editor_do_not_reach_the_article_behind() {
    let mut h = harness(bench(project()));
    select_words(&mut h, LINE2, 1);
    press(&mut h, Modifiers::NONE, Key::Num1);
    assert_eq!(h.state().project().annotation_count(), 1);
    assert!(h.state().selected().is_some(), "the new annotation is selected");
    press(&mut h, Modifiers::COMMAND, Key::T);
    assert!(h.query_by_label("New tag name").is_some());
    for key in [Key::Delete, Key::Backspace, Key::N] {
        press(&mut h, Modifiers::NONE, key);
    }
    assert_eq!(h.state().project().annotation_count(), 1, "nothing deleted behind the window");
    press(&mut h, Modifiers::COMMAND, Key::T);
    assert!(h.query_by_label("New tag name").is_none(), "Ctrl+T still closes it");
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!(h.state().project().annotation_count(), 0, "with the window closed, Delete deletes");
}

#[test]
fn the_tag_editor_adds_and_deletes_tags_undoably() {
    let mut h = harness(bench(project()));
    press(&mut h, Modifiers::COMMAND, Key::T);
    h.get_by_label("New tag name").click();
    h.run();
    h.get_by_label("New tag name").type_text("Source");
    h.run();
    h.get_by_label("Add tag").click();
    h.run();
    let p = h.state().project();
    let source = p.find_tag("Source").expect("added");
    assert_eq!(source.key, Some('5'));
    let id = source.id;
    // Tag something with it through its new key, then delete the tag moving its annotation.
    h.get_by_label("Done").click();
    h.run();
    select_words(&mut h, LINE2, 1);
    press(&mut h, Modifiers::NONE, Key::Num5);
    assert_eq!(h.state().project().annotations().next().map(|a| a.tag), Some(id));
    let before = h.state().project().clone();
    let fact = before.find_tag("Fact").expect("tag").id;
    let edit = before.delete_tag(id, Some(fact)).expect("valid");
    h.state_mut().push(Intent::Edit { edit, label: "Delete tag".into() });
    h.run();
    assert!(h.state().project().find_tag("Source").is_none());
    assert_eq!(h.state().project().annotations().next().map(|a| a.tag), Some(fact));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &before);
}

/// The test project saved at `path`, opened from it, with its first two words tagged Fact:
/// unsaved work on a file.
fn saved_opened_and_tagged(path: &std::path::Path) -> Harness<'static, Workbench> {
    claimscope::store::save(&project(), path).expect("saves");
    let mut w = bench(project());
    w.open_path(path);
    let mut h = harness(w);
    select_words(&mut h, LINE1, 2);
    press(&mut h, Modifiers::NONE, Key::Num1);
    h
}

/// Work discarded on quitting was offered back the next time the project opened (its autosave
/// stayed), and a Tab and Enter restored it.
#[test]
fn work_discarded_on_quitting_is_not_offered_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("work.ron");
    let mut h = saved_opened_and_tagged(&path);
    assert!(h.state().session().is_dirty());
    // What the autosave would have written by now.
    claimscope::store::recovery::write_recovery(h.state().project(), &path).expect("writes");
    press(&mut h, Modifiers::COMMAND, Key::Q);
    h.get_by_label("Discard changes").click();
    h.step();
    assert!(!claimscope::store::recovery::recovery_path(&path).exists(), "the autosave went with the work");
    assert_eq!(claimscope::store::load(&path).expect("loads").project.annotation_count(), 0, "the file as saved");
}

/// A saved project with an autosave newer than it, holding one annotation more: (the folder,
/// the file, the project saved, the project autosaved).
fn autosaved() -> (tempfile::TempDir, std::path::PathBuf, Project, Project) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("work.ron");
    let saved = project();
    claimscope::store::save(&saved, &path).expect("saves");
    let mut changed = saved.clone();
    let d = changed.documents()[0].id;
    let fact = changed.find_tag("Fact").expect("tag").id;
    let (_, e) = changed.annotate(d, 0..3, fact, NewAnnotation::default()).expect("valid");
    changed.apply(e).expect("adds");
    claimscope::store::recovery::write_recovery(&changed, &path).expect("writes");
    // Times set, not slept for: a file system with coarse times would make a sleep too short.
    let t = std::time::SystemTime::now();
    claimscope::testing::set_modified(&path, t - std::time::Duration::from_secs(60));
    claimscope::testing::set_modified(&claimscope::store::recovery::recovery_path(&path), t);
    (dir, path, saved, changed)
}

#[test]
fn a_newer_autosave_is_offered_when_the_project_opens() {
    let (_dir, path, _, changed) = autosaved();

    let mut w = bench(project());
    w.open_path(&path);
    assert_eq!(w.dialog(), Some(&Dialog::Recovery(path.clone())));
    let mut h = harness(w);
    // Restoring is the default, marked so; declining asks first, Enter going back (Tab, Enter
    // had deleted the autosave unasked).
    assert!(h.get_by_label("Restore autosave").is_focused());
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().dialog(), Some(&Dialog::DiscardRecovery(path.clone())));
    assert!(claimscope::store::recovery::recovery_path(&path).exists(), "asked, not deleted");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().dialog(), Some(&Dialog::Recovery(path.clone())), "Enter goes back");
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Enter);
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().dialog(), Some(&Dialog::Recovery(path.clone())), "Esc goes back too");
    assert!(claimscope::store::recovery::recovery_path(&path).exists());
    h.get_by_label("Restore autosave").click();
    h.run();
    assert_eq!(h.state().project(), &changed);
    assert!(h.state().session().is_dirty(), "restored work is not saved yet");
    press(&mut h, Modifiers::COMMAND, Key::S);
    settle(&mut h);
    assert!(!h.state().session().is_dirty());
    assert_eq!(claimscope::store::load(&path).expect("loads").project, changed);
    assert!(!claimscope::store::recovery::recovery_path(&path).exists());
}

/// Declining the autosave, asked and confirmed, opens the saved file and deletes the copy.
#[test]
fn a_declined_autosave_goes_only_once_confirmed() {
    let (_dir, path, saved, _) = autosaved();
    let mut w = bench(project());
    w.open_path(&path);
    let mut h = harness(w);
    h.get_by_label("Open the saved file…").click();
    h.run();
    assert!(claimscope::store::recovery::recovery_path(&path).exists(), "asked first");
    h.get_by_label("Discard it and open the saved file").click();
    h.run();
    assert!(h.state().dialog().is_none());
    assert!(!claimscope::store::recovery::recovery_path(&path).exists());
    assert_eq!(h.state().project(), &saved);
}

#[test]
fn help_and_about_screens_render() {
    let mut h = harness(bench(project()));
    press(&mut h, Modifiers::NONE, Key::F1);
    assert_eq!(h.state().dialog(), Some(&Dialog::Shortcuts));
    h.get_by_label_contains("Next annotation");
    h.get_by_label("Close").click();
    h.run();
    h.state_mut().push(Intent::Run(claimscope::ui::commands::Command::About));
    h.run();
    assert_eq!(h.state().dialog(), Some(&Dialog::About));
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_without_asking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("shared.ron");
    let mut h = saved_opened_and_tagged(&path);
    // Another program (a text editor, git) rewrites the file meanwhile.
    let mut theirs = project();
    let (_, e) = theirs.add_document("Theirs", "", "", "", claimscope::model::Text::new("Their text.")).expect("ids");
    theirs.apply(e).expect("adds");
    claimscope::store::save(&theirs, &path).expect("saves");
    let on_disk = std::fs::read(&path).expect("read");
    press(&mut h, Modifiers::COMMAND, Key::S);
    settle(&mut h);
    assert_eq!(h.state().dialog(), Some(&Dialog::ChangedOnDisk(path.clone())));
    assert_eq!(std::fs::read(&path).expect("read"), on_disk, "their file is untouched");
    assert!(h.state().session().is_dirty());
    h.get_by_label("Overwrite").click();
    h.run();
    settle(&mut h);
    assert!(!h.state().session().is_dirty(), "{:?}", h.state().status());
    assert_eq!(&claimscope::store::load(&path).expect("loads").project, h.state().project());
}

/// The window's first frame is drawn before any background work starts: on a machine of two
/// cores, reading meaning and comparing articles beside it made the first frame of a
/// 1,000-article project a fifth slower.
#[test]
fn background_work_starts_only_after_the_first_frame() {
    let mut w = bench(project());
    let meaning = Runner::manual();
    w.search_meaning(meaning.clone());
    // Frames drawn one at a time (a harness draws several as it is built).
    let ctx = egui::Context::default();
    let frame = |w: &mut Workbench| {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            ..Default::default()
        };
        // No painter takes the fonts' texture here.
        ctx.run_ui(input, |ui| w.ui(ui)).textures_delta.clear();
    };
    frame(&mut w);
    assert_eq!((meaning.pending(), w.runner().pending()), (0, 0), "nothing queued by the first frame");
    frame(&mut w);
    assert_eq!(meaning.pending(), 1, "the reading pass, from the second frame");
    assert_eq!(w.runner().pending(), 1, "the inspector's near-duplicates, from the second frame");
    frame(&mut w);
    assert_eq!((meaning.pending(), w.runner().pending()), (1, 1), "each once, not once a frame");
    // Near-duplicates work that dies is not started again every frame.
    assert_eq!(w.runner().drop_pending(), 1);
    for _ in 0..3 {
        frame(&mut w);
    }
    assert_eq!(w.runner().pending(), 0);
}

#[test]
fn the_inspector_links_an_article_to_its_near_duplicates() {
    let story = "The foreign ministry said on Friday that the strike near the airport was an act of self-defence \
        under Article 51 of the Charter. Officials declined to say what evidence of an imminent attack they had seen, \
        and the opposition demanded that the government publish its legal advice before parliament meets again.";
    let mut p = Project::new("Near");
    let mut ids = Vec::new();
    for (title, source, text) in
        [("Wire copy", "Agency", story.to_owned()), ("Paper copy", "Daily", format!("{story}\n\nA line of its own."))]
    {
        let (id, e) = p.add_document(title, source, "", "", Text::new(text)).expect("ids");
        p.apply(e).expect("adds");
        ids.push(id);
    }
    let mut h = harness(bench(p));
    assert_eq!(h.state().reader.doc(), Some(ids[0]));
    // Found on the runner, off the window's thread: nothing until it has run.
    assert!(h.query_by_label_contains("Paper copy (Daily) (").is_none());
    settle(&mut h);
    h.get_by_label_contains("Paper copy (Daily) (").click();
    h.run();
    assert_eq!(h.state().reader.doc(), Some(ids[1]), "the link opens the other article");
    settle(&mut h);
    assert!(h.query_by_label_contains("Wire copy (Agency) (").is_some(), "and it links back");
}

/// The analyst's name, set in Edit ▸ Your name as analyst, is stamped on what they tag and kept
/// in the settings for the next run.
#[test]
fn the_analyst_name_set_in_the_menu_is_stamped_on_new_annotations() {
    let p = project();
    let d = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    let mut h = harness(bench(p));
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Your name as analyst").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Stamped on what you annotate:").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Stamped on what you annotate:").type_text("Rosa Parks");
    h.run();
    assert_eq!(h.state().settings.analyst, "Rosa Parks");
    h.key_press(Key::Escape);
    h.run();
    h.state_mut().push(Intent::Tag { doc: d, range: 0..6, tag: fact });
    h.run();
    let a = h.state().project().annotations().next().expect("tagged");
    assert_eq!(a.created_by, "Rosa Parks");
    assert!(!a.created.is_empty());
}

/// The tag counts of the status bar and the bars of the article list belong to the project
/// shown: after opening another project, and after starting a new one, not the last one's.
#[test]
fn counts_and_bars_follow_the_project_after_open_and_new() {
    let sample = crate::sample_project();
    let dir = tempfile::tempdir().expect("temp dir");
    let empty_path = dir.path().join("empty.ron");
    // Another project with articles and no annotations, loaded fresh.
    let mut other = Project::new("Other");
    let (_, e) = other.add_document("An article", "Wire", "", "", Text::new("Some text of an article.")).expect("ids");
    other.apply(e).expect("adds");
    claimscope::store::save(&other, &empty_path).expect("saves");
    let fact_of = |h: &Harness<'_, Workbench>| {
        use egui_kittest::kittest::NodeT as _;
        h.query_all_by_label_contains("Fact ")
            .map(|n| n.accesskit_node().label().or_else(|| n.value()).unwrap_or_default())
            .collect::<Vec<String>>()
    };
    let mut h = harness(bench(sample));
    let before = fact_of(&h);
    assert!(before.iter().any(|l| l.starts_with("Fact ") && l != "Fact 0"), "the sample's counts: {before:?}");
    h.state_mut().open_path(&empty_path);
    h.run();
    assert_eq!(h.state().project().annotation_count(), 0);
    let labels = fact_of(&h);
    assert!(labels.iter().any(|l| l == "Fact 0") && !labels.iter().any(|l| before.contains(l)), "{labels:?}");
    // And after a new project.
    h.state_mut().push(Intent::Run(claimscope::ui::commands::Command::New));
    h.run();
    let labels = fact_of(&h);
    assert!(labels.iter().any(|l| l == "Fact 0"), "{labels:?}");
}

/// Stored settings are a file someone else can write: a font size of infinity or 1e30 panicked
/// the renderer at every start (20,000 took 1.9 GB). The workbench draws with its nearest sane
/// size, and saves that.
#[test]
fn a_font_size_from_a_hostile_settings_file_is_kept_in_bounds() {
    for size in [f32::INFINITY, f32::NAN, 1e30, 20_000.0, -5.0] {
        let mut w = Workbench::new(
            Session::unsaved(Project::new("p")),
            Settings { font_size: size, builtin_picker: true, ..Settings::default() },
        );
        w.set_runner(Runner::manual());
        let mut h = harness(w);
        for _ in 0..3 {
            h.run();
        }
        let kept = h.state().settings.font_size;
        assert!((10.0..=36.0).contains(&kept), "{size} kept as {kept}");
    }
}

/// eframe's settings file is read and written as found: through a link, waiting on a FIFO, whole
/// whatever its size. Such a file is renamed aside before eframe opens it (a link is renamed
/// itself, its target untouched); a plain small file is left for eframe.
#[cfg(unix)]
#[test]
fn an_unsafe_settings_file_is_set_aside_before_eframe_reads_it() {
    use claimscope::ui::set_aside_unsafe_settings;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("app.ron");
    std::fs::write(&path, "(font_size: 16.0)").expect("write");
    assert_eq!(set_aside_unsafe_settings(&path), None);
    assert!(path.exists());
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "keep").expect("write");
    std::fs::remove_file(&path).expect("rm");
    std::os::unix::fs::symlink(&victim, &path).expect("link");
    assert!(set_aside_unsafe_settings(&path).is_some_and(|w| w.contains("a link")));
    assert!(std::fs::symlink_metadata(&path).is_err(), "the link is gone from eframe's way");
    assert_eq!(std::fs::read_to_string(&victim).expect("there"), "keep");
    let big = std::fs::File::create(&path).expect("create");
    big.set_len(2 << 30).expect("sparse");
    assert!(set_aside_unsafe_settings(&path).is_some_and(|w| w.contains("too large")));
    if claimscope::testing::mkfifo(&path) {
        assert!(set_aside_unsafe_settings(&path).is_some());
        assert!(std::fs::symlink_metadata(&path).is_err());
    }
}

/// With a dozen tags (past key 9), Alt+G tags the selection with a keyless one by name, and the
/// Snap box and Tags… stay in sight at both sizes (a walk: at 900x600 they had scrolled out of
/// the tag bar's rows, and a tag past key 9 had no keyboard route but Tab through the
/// inspector).
#[test]
fn with_a_dozen_tags_alt_g_tags_by_name_and_the_settings_stay_in_sight() {
    let dozen = || {
        let mut p = project();
        for name in [
            "Statistic",
            "Direct quote",
            "Context given",
            "Framing device",
            "Omission",
            "Speculation",
            "Background information",
            "Headline framing",
            "Correction notice",
            "Anonymous source",
            "Official statement",
            "Eyewitness account",
        ] {
            let (_, e) = p.new_tag(name).expect("its own name");
            p.apply(e).expect("adds");
        }
        assert!(p.find_tag("Speculation").is_some_and(|t| t.key.is_none()), "past key 9");
        Harness::builder()
            .with_size(vec2(1.0, 1.0))
            .with_max_steps(16)
            .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), bench(p))
    };
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        let mut h = dozen();
        h.set_size(size);
        h.run();
        let window = eframe::egui::Rect::from_min_size(Pos2::ZERO, size);
        for setting in ["Snap to words", "Tags…"] {
            let r = h.get_by_label(setting).rect();
            // In the window, and in the rows the tag bar shows (two at 900x600, three at
            // 1360x860; the rest scroll out of sight).
            assert!(window.contains_rect(r), "{size:?}: {setting} at {r:?}");
            let first = h.get_by_label("Tag as Fact").rect();
            let rows = if size.y < 700.0 { 2.0 } else { 3.0 };
            let shown = first.min.y + rows * (first.height() + 4.0);
            assert!(r.max.y <= shown, "{size:?}: {setting} at {r:?}, below the rows shown ({shown})");
        }
    }
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        let mut h = dozen();
        h.set_size(size);
        h.run();
        select_words(&mut h, LINE1, 3);
        press(&mut h, Modifiers::ALT, Key::G);
        assert!(h.get_by_label("Tag as (by name)").is_focused(), "{size:?}: the field has the keyboard");
        h.event(Event::Text("specu".into()));
        h.key_press(Key::Enter);
        h.run();
        let p = h.state().project();
        let a = p.annotations().next().expect("tagged");
        assert_eq!(p.tag(a.tag).map(|t| t.name.as_str()), Some("Speculation"), "{size:?}");
        h.run();
        assert!(h.query_by_label("Tag as (by name)").is_none(), "{size:?}: the field goes once done");
    }
}

/// An imported codebook of hundreds of codes wrapped its buttons over the whole reader (and one
/// of 14,000 took 300 ms a frame); 40 buttons of long names still took 470 of 600 points. The bar
/// shows the first `BUTTONS` tags in a few rows that scroll, and a field before them (Alt+G)
/// tags the selection with any other by name, completing as it is typed; then the keyboard is
/// back in the text (it had been left with nothing, and the next digit retagged unseen). At both
/// sizes, the reader's text stays in view.
#[test]
fn a_codebook_of_hundreds_of_tags_leaves_the_reader_in_view_and_tags_by_name() {
    use claimscope::ui::tag_bar::BUTTONS;
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        let mut p = project();
        for i in 0..300 {
            let (_, e) = p.new_tag(&format!("Code {i:03} media and delta of the long names")).expect("its own name");
            p.apply(e).expect("adds");
        }
        // The tag bar's scroll bar fades in over a few frames.
        let mut h = Harness::builder()
            .with_size(size)
            .with_max_steps(16)
            .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), bench(p));
        h.run();
        let tag_buttons = h.query_all_by_label_contains("Tag as Code").count();
        assert_eq!(tag_buttons, BUTTONS - 4, "{size:?}: the four built-in tags, then codes");
        let line = paragraph(&h, LINE1);
        assert!(line.min.y < size.y * 0.45, "{size:?}: the reader's first line at {line:?}");
        // The article list's filter chips: the article's tags, not the codebook's.
        assert!(
            h.query_all_by_label("Code 100 media and delta of the long names").next().is_none(),
            "{size:?}: a chip for a tag the article lacks"
        );
        select_words(&mut h, LINE1, 3);
        press(&mut h, Modifiers::ALT, Key::G);
        h.event(Event::Text("code 27".into()));
        h.run();
        // Codes 270-279 start so, and others hold both words: eight are listed, and the list
        // says what it leaves out.
        assert!(h.query_by_label_contains("more: type more of the name").is_some(), "{size:?}");
        h.key_press(Key::Enter);
        h.run();
        let p = h.state().project();
        let a = p.annotations().next().expect("tagged");
        let name = p.tag(a.tag).map(|t| t.name.as_str());
        assert_eq!(name, Some("Code 270 media and delta of the long names"), "{size:?}: the first that starts so");
        let (tagged, a_tag) = (a.id, a.tag);
        assert_eq!(a.quote.exact, "The US said");
        // The keyboard is back in the text.
        use egui_kittest::kittest::NodeT as _;
        let focused = h
            .query_all(egui_kittest::kittest::By::new())
            .find(egui_kittest::Node::is_focused)
            .and_then(|n| n.accesskit_node().label());
        assert_eq!(focused.as_deref(), Some("Article text"), "{size:?}");
        // A name no tag has is said, and the field keeps the keyboard; Esc clears it.
        press(&mut h, Modifiers::ALT, Key::G);
        h.event(Event::Text("zzz".into()));
        h.key_press(Key::Enter);
        h.run();
        assert!(h.state().status().text.contains("No tag is named “zzz”"), "{size:?}: {}", h.state().status().text);
        assert_eq!(h.state().project().annotations().next().map(|a| (a.id, a.tag)), Some((tagged, a_tag)), "{size:?}");
        h.key_press(Key::Escape);
        h.run();
        press(&mut h, Modifiers::ALT, Key::G);
        h.event(Event::Text("code 271".into()));
        h.key_press(Key::Enter);
        h.run();
        let retagged = h.state().project().annotations().next().and_then(|a| h.state().project().tag(a.tag));
        assert!(retagged.is_some_and(|t| t.name.starts_with("Code 271")), "{size:?}: typed anew, not after “zzz”");
        // The inspector's list of tags opens with a field: it lists at most as many as the tag
        // bar's buttons (it had listed all 304), says how many more, and finds one by name.
        h.get_by_label("Annotation's tag").click();
        h.run();
        let listed = (0..300)
            .filter(|i| h.query_by_label(&format!("■ Code {i:03} media and delta of the long names")).is_some());
        assert_eq!(listed.count(), BUTTONS - 4, "{size:?}: the four built-in tags, then codes");
        assert!(h.query_by_label("264 more: type part of a name").is_some(), "{size:?}");
        h.event(Event::Text("code 123".into()));
        h.run();
        let listed: Vec<_> = (0..300)
            .filter(|i| h.query_by_label(&format!("■ Code {i:03} media and delta of the long names")).is_some())
            .collect();
        assert_eq!(listed, vec![123], "{size:?}");
        h.key_press(Key::Enter);
        h.run();
        let retagged = h.state().project().annotations().next().and_then(|a| h.state().project().tag(a.tag));
        assert!(retagged.is_some_and(|t| t.name.starts_with("Code 123")), "{size:?}: the one found by name");
        assert!(h.query_by_label_contains("more: type").is_none(), "{size:?}: the list closed");
    }
}

/// A project reopened (or its autosave restored) showed its first article, not the one being
/// read: the article is remembered per project file and opened again.
#[test]
fn a_reopened_project_shows_the_article_last_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("work.ron");
    let mut p = project();
    for title in ["Second", "Third"] {
        let (_, e) = p.add_document(title, "Wire", "", "", Text::new(format!("{title} article."))).expect("ids");
        p.apply(e).expect("adds");
    }
    let third = p.documents()[2].id;
    claimscope::store::save(&p, &path).expect("saves");
    let mut w = bench(project());
    w.open_path(&path);
    assert_eq!(w.reader.doc(), Some(p.documents()[0].id), "the first, the first time");
    let mut h = harness(w);
    h.state_mut().push(Intent::OpenDocument(third));
    h.run();
    let settings = h.state().settings.clone();
    assert_eq!(settings.last_article.get(&path), Some(&third));
    // Closed (its lock let go), then opened again.
    drop(h);
    let mut again = Workbench::new(Session::untitled(), settings);
    again.set_runner(Runner::manual());
    again.open_path(&path);
    assert_eq!(again.reader.doc(), Some(third), "the article last read");
}

/// The tag bar's rows scroll inside it; egui keeps a scroll area's place by its id, so another
/// project opened with its bar scrolled to where the first one's was left (its keyed tags out of
/// view). The place is the project's own.
#[test]
fn another_project_opens_with_its_tag_bar_at_the_top() {
    let dir = tempfile::tempdir().expect("temp dir");
    let codebook = |name: &str| {
        let mut p = Project::new(name);
        let (_, e) = p.add_document("One", "Wire", "", "", Text::new(LINE1.to_owned())).expect("ids");
        p.apply(e).expect("adds");
        for i in 0..300 {
            let (_, e) = p.new_tag(&format!("Code {i:03} media and delta of the long names")).expect("its own name");
            p.apply(e).expect("adds");
        }
        let path = dir.path().join(format!("{name}.ron"));
        claimscope::store::save(&p, &path).expect("saves");
        path
    };
    let (a, b) = (codebook("a"), codebook("b"));
    let mut w = bench(project());
    w.open_path(&a);
    let mut h = Harness::builder()
        .with_size(vec2(900.0, 600.0))
        .with_max_steps(16)
        .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    let top = h.get_by_label("Tag as Fact").rect();
    for _ in 0..10 {
        h.event(Event::PointerMoved(top.center()));
        crate::wheel(&mut h, vec2(0.0, -120.0), Modifiers::NONE);
        h.run();
    }
    assert!(h.get_by_label("Tag as Fact").rect().top() < top.top() - 20.0, "the bar scrolled");
    h.state_mut().open_path(&b);
    h.run();
    assert_eq!(h.get_by_label("Tag as Fact").rect().top(), top.top(), "the other project's bar at its top");
}
