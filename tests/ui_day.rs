//! An analyst's working day, driven headless at both window sizes: article details edited and
//! undone, a stray paragraph deleted, the shortcuts window, the whole cycle by keyboard.

mod common;

use claimscope::model::{NewAnnotation, Project, Text};
use claimscope::ui::runner::Runner;
use claimscope::ui::session::Session;
use claimscope::ui::{Intent, Settings, Workbench};
use eframe::egui::{self, Event, Key, Modifiers, PointerButton, Pos2, Vec2, accesskit::Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SIZES: [Vec2; 2] = [vec2(1360.0, 860.0), vec2(900.0, 600.0)];

const FURNITURE: &str = "Skip to main content";
const BODY: &str = "Zarif said the strike was “an act of international terrorism”.";
const MORE: &str = "Read More »";
const LAST: &str = "Pompeo said the United States acted in self-defence.";

fn project() -> Project {
    let mut p = Project::new("Day");
    let text = format!("{FURNITURE}\n\n{BODY}\n\n{MORE}\n\n{LAST}");
    let (_, e) =
        p.add_document("expected.html", "", "", "2019-11-19T11:00:09.000Z", Text::new(text)).expect("ids left");
    p.apply(e).expect("adds");
    p
}

fn harness(p: Project, size: Vec2) -> Harness<'static, Workbench> {
    let mut w = Workbench::new(Session::unsaved(p), Settings { builtin_picker: true, ..Settings::default() });
    w.set_runner(Runner::manual());
    let mut h = Harness::builder().with_size(size).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    h
}

fn press(h: &mut Harness<'_, Workbench>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn type_text(h: &mut Harness<'_, Workbench>, text: &str) {
    h.event(Event::Text(text.to_owned()));
    h.run();
}

fn inside(size: Vec2, r: egui::Rect, what: &str) {
    let screen = egui::Rect::from_min_size(Pos2::ZERO, size);
    assert!(screen.contains_rect(r), "{what} at {r:?} is not inside the {size:?} window");
}

#[test]
fn f2_edits_an_articles_details_in_one_undo_step_at_both_sizes() {
    for size in SIZES {
        let mut h = harness(project(), size);
        assert!(
            h.query_all_by_label_contains("19 Nov 2019, 11:00 UTC").next().is_some(),
            "the date reads as a date, not 2019-11-19T11:00:09.000Z"
        );
        press(&mut h, Modifiers::NONE, Key::F2);
        // The title field has the keyboard: replace it, Tab to the outlet, Enter saves.
        press(&mut h, Modifiers::COMMAND, Key::A);
        type_text(&mut h, "Zarif calls the strike terrorism");
        press(&mut h, Modifiers::NONE, Key::Tab);
        type_text(&mut h, "IRNA");
        inside(size, h.get_by_role_and_label(Role::Button, "Save").rect(), "Save");
        inside(size, h.get_by_role_and_label(Role::Button, "Cancel").rect(), "Cancel");
        press(&mut h, Modifiers::NONE, Key::Enter);
        let doc = &h.state().project().documents()[0];
        assert_eq!((doc.title.as_str(), doc.source.as_str()), ("Zarif calls the strike terrorism", "IRNA"), "{size:?}");
        assert!(h.state().session().is_dirty());
        assert!(
            h.query_all_by_label("Zarif calls the strike terrorism").count() >= 2,
            "the header and the list show the new title"
        );
        press(&mut h, Modifiers::COMMAND, Key::Z);
        let doc = &h.state().project().documents()[0];
        assert_eq!((doc.title.as_str(), doc.source.as_str()), ("expected.html", ""), "one undo step, {size:?}");
        assert!(!h.state().session().is_dirty());

        // Esc drops what was typed; an emptied title is refused with a message.
        press(&mut h, Modifiers::NONE, Key::F2);
        type_text(&mut h, " changed");
        press(&mut h, Modifiers::NONE, Key::Escape);
        assert_eq!(h.state().project().documents()[0].title, "expected.html");
        let d = h.state().project().documents()[0].id;
        h.state_mut().push(Intent::EditDetails(d));
        h.run();
        press(&mut h, Modifiers::COMMAND, Key::A);
        press(&mut h, Modifiers::NONE, Key::Backspace);
        h.get_by_role_and_label(Role::Button, "Save").click();
        h.run();
        assert!(h.query_all_by_label_contains("an article needs a title").next().is_some(), "the refusal is said");
        assert_eq!(h.state().project().documents()[0].title, "expected.html");
    }
}

fn right_click(h: &mut Harness<'_, Workbench>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    h.step();
    for pressed in [true, false] {
        h.event(Event::PointerButton { pos, button: PointerButton::Secondary, pressed, modifiers: Modifiers::NONE });
        h.step();
    }
    h.run();
}

#[test]
fn right_click_deletes_a_stray_paragraph_and_annotations_follow() {
    for size in SIZES {
        let mut p = project();
        let d = p.documents()[0].id;
        let fact = p.find_tag("Fact").expect("tag").id;
        let at = p.documents()[0].text.find_all("terrorism")[0];
        let (id, e) = p.annotate(d, at..at + 9, fact, NewAnnotation::default()).expect("valid");
        p.apply(e).expect("adds");
        let mut h = harness(p, size);
        for line in [FURNITURE, MORE] {
            let r = h.get_by_role_and_label(Role::Paragraph, line).rect();
            right_click(&mut h, r.left_top() + vec2(4.0, 6.0));
            h.get_by_role_and_label(Role::Button, "Delete this paragraph").click();
            h.run();
        }
        let p = h.state().project();
        assert_eq!(p.documents()[0].text.as_str(), format!("{BODY}\n\n{LAST}"), "{size:?}");
        let a = p.annotation(id).expect("kept");
        assert_eq!(p.documents()[0].text.slice(a.start..a.end), "terrorism", "re-anchored, {size:?}");
        assert!(h.query_by_role_and_label(Role::Paragraph, FURNITURE).is_none());
        press(&mut h, Modifiers::COMMAND, Key::Z);
        press(&mut h, Modifiers::COMMAND, Key::Z);
        let p = h.state().project();
        let a = p.annotation(id).expect("back");
        assert_eq!(p.documents()[0].text.as_str(), project().documents()[0].text.as_str(), "two undos, {size:?}");
        assert_eq!(p.documents()[0].text.slice(a.start..a.end), "terrorism");
    }
}
