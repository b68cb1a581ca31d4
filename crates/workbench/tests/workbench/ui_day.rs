//! An analyst's working day, driven headless at both window sizes: article details edited and
//! undone, a stray paragraph deleted, the shortcuts window, the whole cycle by keyboard.

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
    let mut h =
        Harness::builder().with_size(size).with_max_steps(16).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
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

/// F2 gives the title field the keyboard with the caret at its end: the field keeps its caret
/// by its id, and typing had landed where the caret was left last time, mid-word (a walk:
/// "stranded ZZvessel").
#[test]
fn f2_puts_the_caret_at_the_end_of_the_title() {
    let mut h = harness(project(), SIZES[0]);
    press(&mut h, Modifiers::ALT, Key::T);
    assert!(h.get_by_label("Article text").is_focused());
    press(&mut h, Modifiers::NONE, Key::F2);
    press(&mut h, Modifiers::NONE, Key::Home);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    type_text(&mut h, "X");
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.state().article_details_open());
    press(&mut h, Modifiers::NONE, Key::F2);
    type_text(&mut h, "ZZ");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().project().documents()[0].title, "expected.htmlZZ");
    // The keyboard is back in the text, as before F2 (a walk: the arrows did nothing until
    // Alt+T after the details, or the export dialog, closed).
    h.run();
    assert!(h.get_by_label("Article text").is_focused(), "the text has the keyboard again");
    press(&mut h, Modifiers::COMMAND, Key::E);
    assert!(h.query_by_label("Folder:").is_some());
    press(&mut h, Modifiers::NONE, Key::Escape);
    h.run();
    assert!(h.get_by_label("Article text").is_focused(), "and after the export dialog");
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
        // Behind the dialog nothing answers the pointer (a tooltip open as it came stayed over
        // its fields).
        use egui_kittest::kittest::NodeT as _;
        let tags = h.get_by_role_and_label(Role::Button, "Tags…");
        assert!(tags.accesskit_node().is_disabled(), "{size:?}: the tag bar behind the dialog");
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
            h.query_all_by_label("Zarif calls the strike terrorism").next().is_some(),
            "the header shows the new title"
        );
        press(&mut h, Modifiers::COMMAND, Key::Z);
        let doc = &h.state().project().documents()[0];
        assert_eq!((doc.title.as_str(), doc.source.as_str()), ("expected.html", ""), "one undo step, {size:?}");
        assert!(!h.state().session().is_dirty());
        let before_date = doc.published.clone();

        // A date written as ISO that is no date is refused, said; a date as a page writes it
        // is offered in ISO form, and kept as typed unless taken.
        press(&mut h, Modifiers::NONE, Key::F2);
        h.get_by_label("Published").click();
        h.run();
        press(&mut h, Modifiers::COMMAND, Key::A);
        type_text(&mut h, "2022-13-40");
        assert!(h.query_by_label_contains("is not a date (there is no month 13)").is_some(), "{size:?}");
        press(&mut h, Modifiers::NONE, Key::Enter);
        assert!(h.state().article_details_open(), "{size:?}: not saved");
        assert_eq!(h.state().project().documents()[0].published, before_date, "{size:?}");
        // The keyboard is still in the date's field; the message goes once the date is mended.
        assert!(h.get_by_label("Published").is_focused(), "{size:?}");
        // A date claimscope cannot read is said to be kept as written, before it is saved.
        press(&mut h, Modifiers::COMMAND, Key::A);
        type_text(&mut h, "the ninth of July 2020");
        assert!(h.query_by_label_contains("Not read as a date").is_some(), "{size:?}");
        press(&mut h, Modifiers::COMMAND, Key::A);
        type_text(&mut h, "4 January 2022");
        assert!(h.query_by_label_contains("Not read as a date").is_none(), "{size:?}");
        h.get_by_label("Use 2022-01-04").click();
        h.run();
        assert!(h.query_by_label_contains("no month 13").is_none(), "{size:?}: the old message went");
        h.get_by_role_and_label(Role::Button, "Save").click();
        h.run();
        assert_eq!(h.state().project().documents()[0].published, "2022-01-04", "{size:?}");
        assert!(h.query_by_label("(date as written)").is_none(), "{size:?}: an ISO date is read");
        press(&mut h, Modifiers::COMMAND, Key::Z);
        // A date kept as typed is said to be one in the header.
        press(&mut h, Modifiers::NONE, Key::F2);
        h.get_by_label("Published").click();
        h.run();
        press(&mut h, Modifiers::COMMAND, Key::A);
        type_text(&mut h, "3 Jan 2020");
        h.get_by_role_and_label(Role::Button, "Save").click();
        h.run();
        assert_eq!(h.state().project().documents()[0].published, "3 Jan 2020", "{size:?}");
        assert!(h.query_by_label("(date as written)").is_some(), "{size:?}");
        press(&mut h, Modifiers::COMMAND, Key::Z);

        // Esc with something typed asks first (it threw the typing away at once); Enter then
        // saves it.
        press(&mut h, Modifiers::NONE, Key::F2);
        type_text(&mut h, " kept");
        press(&mut h, Modifiers::NONE, Key::Escape);
        assert!(h.state().article_details_open(), "{size:?}: the first Esc keeps the dialog");
        assert!(h.query_all_by_label_contains("Esc again throws them away").next().is_some(), "{size:?}");
        // Enter saves, as the warning says, though Esc took the keyboard from the field.
        press(&mut h, Modifiers::NONE, Key::Enter);
        assert_eq!(h.state().project().documents()[0].title, "expected.html kept", "{size:?}");
        press(&mut h, Modifiers::COMMAND, Key::Z);
        // Esc twice drops what was typed; an emptied title is refused with a message. An edit
        // after the warning is warned of again (the next Esc had dropped it all, unwarned).
        press(&mut h, Modifiers::NONE, Key::F2);
        type_text(&mut h, " changed");
        press(&mut h, Modifiers::NONE, Key::Escape);
        h.get_by_label("Title").click();
        h.run();
        type_text(&mut h, " more");
        press(&mut h, Modifiers::NONE, Key::Escape);
        assert!(h.state().article_details_open(), "{size:?}: warned again after the new edit");
        assert!(h.query_all_by_label_contains("Esc again throws them away").next().is_some(), "{size:?}");
        press(&mut h, Modifiers::NONE, Key::Escape);
        assert!(!h.state().article_details_open(), "{size:?}: the second Esc closes it");
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

const ARTICLE_B: &str = "On Thursday, Pompeo said the strike was lawful and defensive.";

/// Two articles, one tagged with a speaker and a claim the keyboard cycle can complete to.
fn two_articles() -> Project {
    let mut p = Project::new("Keys");
    let (a, e) = p.add_document("First", "Wire", "", "2020-01-03", Text::new(BODY)).expect("ids");
    p.apply(e).expect("adds");
    let (_, e) = p.add_document("Second", "Daily", "", "2020-01-04", Text::new(ARTICLE_B)).expect("ids");
    p.apply(e).expect("adds");
    let fact = p.find_tag("Fact").expect("tag").id;
    let extra = NewAnnotation { speaker: "Mike Pompeo".into(), ..NewAnnotation::default() };
    let (id, e) = p.annotate(a, 0..5, fact, extra).expect("valid");
    p.apply(e).expect("adds");
    let (_, e) = p.new_claim("Strike was self-defence", "", &[id]).expect("valid");
    p.apply(e).expect("adds");
    p
}

#[test]
fn the_whole_cycle_by_keyboard_from_a_freshly_opened_project() {
    for size in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("keys.ron");
        claimscope::store::save(&two_articles(), &path).expect("saves");
        let mut w = Workbench::new(Session::untitled(), Settings { builtin_picker: true, ..Settings::default() });
        w.set_runner(Runner::manual());
        w.push(Intent::OpenPath(path.clone()));
        let mut h = Harness::builder().with_size(size).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
        h.run();
        assert_eq!(h.state().project().documents().len(), 2);

        // To the list, down to the second article, Enter into its text.
        press(&mut h, Modifiers::ALT, Key::A);
        assert!(h.get_by_role_and_label(Role::List, "Articles").is_focused(), "the list has the keyboard");
        press(&mut h, Modifiers::NONE, Key::ArrowDown);
        let second = h.state().project().documents()[1].id;
        assert_eq!(h.state().reader.doc(), Some(second), "↓ opens the next article, {size:?}");
        press(&mut h, Modifiers::NONE, Key::Enter);
        assert_eq!(h.state().reader.caret(), Some(0), "the caret starts at the top, {size:?}");

        // Select "On Thu|" by word and char: the tag snaps to whole words.
        press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight);
        for _ in 0..3 {
            press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
        }
        assert_eq!(h.state().reader.selection(), Some(0..6));
        press(&mut h, Modifiers::NONE, Key::Num2);
        let p = h.state().project();
        let a = p.annotations().find(|a| a.doc == second).expect("tagged");
        assert_eq!(a.quote.exact, "On Thursday", "snapped to words, {size:?}");
        let id = a.id;
        assert_eq!(h.state().selected(), Some(id));

        // Note, then Esc back to the text.
        press(&mut h, Modifiers::ALT, Key::N);
        type_text(&mut h, "Names the day");
        press(&mut h, Modifiers::NONE, Key::Escape);
        assert_eq!(h.state().project().annotation(id).map(|a| a.note.as_str()), Some("Names the day"));
        assert!(h.get_by_role_and_label(Role::Document, "Article text").is_focused(), "Esc gives the text back");

        // Speaker: "Mike Pom" + Enter completes to the project's speaker.
        press(&mut h, Modifiers::ALT, Key::S);
        type_text(&mut h, "Mike Pom");
        press(&mut h, Modifiers::NONE, Key::Enter);
        assert_eq!(h.state().project().annotation(id).map(|a| a.speaker.as_str()), Some("Mike Pompeo"), "{size:?}");
        assert!(h.get_by_role_and_label(Role::Document, "Article text").is_focused(), "Enter gives the text back");

        // Claim: "Strike" + Enter links the claim that starts so.
        press(&mut h, Modifiers::ALT, Key::C);
        type_text(&mut h, "strike");
        press(&mut h, Modifiers::NONE, Key::Enter);
        let p = h.state().project();
        let claim = p.annotation(id).and_then(|a| a.claim).and_then(|c| p.claim(c)).map(|c| c.label.clone());
        assert_eq!(claim.as_deref(), Some("Strike was self-defence"), "{size:?}");
        assert_eq!(p.claims().len(), 1, "linked, not created");

        // On through the text: Ctrl+End, select back a word, tag, and a new claim typed whole.
        press(&mut h, Modifiers::COMMAND, Key::End);
        press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowLeft);
        press(&mut h, Modifiers::NONE, Key::Num1);
        let p = h.state().project();
        let b = p.annotations().find(|a| a.doc == second && a.id != id).expect("second tag").id;
        assert_eq!(p.annotation(b).map(|a| a.quote.exact.as_str()), Some("defensive"));
        press(&mut h, Modifiers::ALT, Key::C);
        type_text(&mut h, "Lawful by US account");
        press(&mut h, Modifiers::NONE, Key::Enter);
        let p = h.state().project();
        assert_eq!(p.claims().len(), 2, "a claim no label starts with is created, {size:?}");
        assert!(p.annotation(b).and_then(|a| a.claim).is_some());
        // A claim that only contains the typed words is listed, and the list says that Enter
        // would make a new one; ↓ and Enter take the listed one.
        press(&mut h, Modifiers::ALT, Key::C);
        type_text(&mut h, "self-def");
        assert!(h.query_by_label("Enter: “self-def” as a new one · Down picks one below").is_some(), "{size:?}");
        press(&mut h, Modifiers::NONE, Key::ArrowDown);
        press(&mut h, Modifiers::NONE, Key::Enter);
        let p = h.state().project();
        let label = p.annotation(b).and_then(|a| a.claim).and_then(|c| p.claim(c)).map(|c| c.label.clone());
        assert_eq!(label.as_deref(), Some("Strike was self-defence"), "{size:?}");
        assert_eq!(p.claims().len(), 2, "linked, not created");

        // Save and check the file.
        press(&mut h, Modifiers::COMMAND, Key::S);
        h.state().runner().run_pending();
        h.run();
        assert!(!h.state().session().is_dirty(), "saved, {size:?}");
        let saved = claimscope::store::load(&path).expect("loads").project;
        assert_eq!(saved.annotation_count(), 3);
        let a = saved.annotation(id).expect("saved annotation");
        assert_eq!((a.note.as_str(), a.speaker.as_str()), ("Names the day", "Mike Pompeo"));
    }
}

#[test]
fn the_shortcuts_window_fits_and_scrolls_at_both_sizes() {
    for size in SIZES {
        let mut h = harness(project(), size);
        press(&mut h, Modifiers::NONE, Key::F1);
        let title = h.query_all_by_label("Keyboard shortcuts").next().expect("the title").rect();
        inside(size, title, "the title");
        inside(size, h.get_by_role_and_label(Role::Button, "Close").rect(), "Close");
        // The first row is on screen; the last comes into view by scrolling.
        inside(size, h.get_by_label("New project").rect(), "the first row");
        let last = "The next or previous tab";
        let screen = egui::Rect::from_min_size(Pos2::ZERO, size);
        let first_seen = h.get_by_label(last).rect();
        if !screen.contains_rect(first_seen) {
            let over = h.get_by_label("New project").rect().center();
            for _ in 0..40 {
                h.event(Event::PointerMoved(over));
                crate::wheel(&mut h, vec2(0.0, -120.0), Modifiers::NONE);
                h.run();
            }
        }
        inside(size, h.get_by_label(last).rect(), "the last row after scrolling");
        // By keyboard: Home goes back to the top, End to the bottom.
        press(&mut h, Modifiers::NONE, Key::Home);
        inside(size, h.get_by_label("New project").rect(), "the first row after Home");
        press(&mut h, Modifiers::NONE, Key::End);
        inside(size, h.get_by_label(last).rect(), "the last row after End");
        // Every key is listed, the alternatives too.
        assert!(h.query_all_by_label_contains("Ctrl+Y").next().is_some(), "redo's Ctrl+Y is listed");
        assert!(h.query_all_by_label_contains("Backspace").next().is_some(), "Backspace is listed");
        // The bracket keys as their caps read, not egui's names for them.
        assert!(h.query_all_by_label_contains("] or ").next().is_some(), "] is listed as ]");
        assert!(h.query_all_by_label_contains("CloseBracket").next().is_none(), "no key named CloseBracket");
        h.get_by_role_and_label(Role::Button, "Close").click();
        h.run();
        assert!(h.state().dialog().is_none());
    }
}

/// With the text four steps larger in the small window the shortcuts window still fits: its
/// rows wrap or scroll inside it (they had run past both edges of the window).
#[test]
fn the_shortcuts_window_fits_the_small_window_with_larger_text() {
    let size = vec2(900.0, 600.0);
    let mut h = harness(project(), size);
    for _ in 0..4 {
        press(&mut h, Modifiers::COMMAND, Key::Plus);
    }
    press(&mut h, Modifiers::NONE, Key::F1);
    for _ in 0..3 {
        h.run();
    }
    inside(size, h.query_all_by_label("Keyboard shortcuts").next().expect("the title").rect(), "the title");
    inside(size, h.get_by_role_and_label(Role::Button, "Close").rect(), "Close");
    let first = h.get_by_label("New project").rect();
    assert!(first.min.x >= 0.0, "the first row starts inside the window: {first:?}");
    // The keys of the first row are on screen beside its name.
    let keys = h.query_all_by_label_contains("Ctrl+N").next().expect("New project's keys").rect();
    inside(size, keys, "New project's keys");
}

#[test]
fn in_a_small_window_the_list_opens_over_the_text_and_side_views_sit_beside_the_reader() {
    let size = vec2(900.0, 600.0);
    let mut h = harness(two_articles(), size);
    let central = h.state().layout().central.expect("reader");
    assert!(central.width() >= 500.0, "the reader is {} px", central.width());
    assert!(h.query_by_role_and_label(Role::List, "Articles").is_none(), "the list is folded to a strip");
    h.get_by_label("»").click();
    h.run();
    assert!(h.query_by_role_and_label(Role::List, "Articles").is_some(), "» opens it");
    assert_eq!(h.state().layout().central, Some(central), "over the text: the reader keeps its width");
    h.get_by_role_and_label(Role::Button, "Second").click();
    h.run();
    assert_eq!(h.state().reader.doc(), Some(h.state().project().documents()[1].id));
    assert!(h.query_by_role_and_label(Role::List, "Articles").is_none(), "choosing an article closes it");
    for keys in [Key::K, Key::T] {
        let m = if keys == Key::T { Modifiers::COMMAND | Modifiers::SHIFT } else { Modifiers::COMMAND };
        press(&mut h, m, keys);
        let l = h.state().layout();
        assert!(l.compare.is_some(), "{keys:?}: the view sits beside the reader");
        assert!(l.compare.is_some_and(|c| c.width() >= 300.0), "{keys:?}: the view is {:?}", l.compare);
        assert!(l.central.is_some_and(|c| c.width() >= 499.0), "{keys:?}: reader {:?}", l.central);
        press(&mut h, m, keys);
    }
}

#[test]
fn larger_text_scales_the_whole_workbench_not_only_the_reader() {
    for size in SIZES {
        let mut h = harness(two_articles(), size);
        let sizes = |h: &Harness<'_, Workbench>| {
            let style = h.ctx.global_style();
            let of = |t: egui::TextStyle| style.text_styles.get(&t).map_or(0.0, |f| f.size);
            (of(egui::TextStyle::Small), of(egui::TextStyle::Body), of(egui::TextStyle::Heading))
        };
        let before = sizes(&h);
        assert!(before.0 >= 11.0, "small text is legible at the default size: {before:?}");
        let meta = |h: &Harness<'_, Workbench>| {
            h.query_all_by_label_contains("3 Jan 2020").next().map_or(0.0, |n| n.rect().width())
        };
        let meta_before = meta(&h);
        for _ in 0..4 {
            press(&mut h, Modifiers::COMMAND, Key::Equals);
        }
        let after = sizes(&h);
        assert!(after.0 > before.0 && after.1 > before.1 && after.2 > before.2, "{before:?} -> {after:?}");
        assert!(meta(&h) > meta_before, "the article's outlet and date grow too, {size:?}");
        press(&mut h, Modifiers::COMMAND, Key::Num0);
        assert_eq!(sizes(&h), before);
    }
}

#[test]
fn the_built_in_picker_imports_a_folder_of_articles_and_says_what_it_holds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("day.ron");
    claimscope::store::save(&two_articles(), &path).expect("saves");
    let folder = dir.path().join("downloads");
    std::fs::create_dir(&folder).expect("folder");
    for (name, text) in [
        ("one.txt", "First headline\n\nFirst body."),
        ("two.txt", "Second headline\n\nSecond body."),
        ("three.html", "<html><head><title>Third</title></head><body><h1>Third</h1><p>Body.</p></body></html>"),
    ] {
        std::fs::write(folder.join(name), text).expect("writes");
    }
    let (session, _) = Session::open(&path).expect("opens");
    let mut w = Workbench::new(session, Settings { builtin_picker: true, ..Settings::default() });
    w.set_runner(Runner::manual());
    w.push(Intent::Run(claimscope::ui::commands::Command::ImportFolder));
    let mut h = Harness::builder().with_size(vec2(900.0, 600.0)).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    assert!(h.query_by_label("Import a folder (articles or brat)").is_some(), "titled as the menu says");
    h.get_by_label("downloads/").click();
    h.run();
    assert!(h.query_by_label_contains("No matching files").is_none());
    assert!(h.query_by_label_contains("3 importable file(s) here").is_some(), "says what will come in");
    assert_eq!(h.query_all_by_label("Import this folder").count(), 1, "one button");
    assert!(h.query_by_label("File:").is_none(), "no name field");
    h.get_by_label("Import this folder").click();
    h.run();
    for _ in 0..4 {
        h.state().runner().run_pending();
        h.run();
    }
    assert_eq!(h.state().project().documents().len(), 5, "the folder's three articles came in");
}

/// A project of two long articles (ids 1 and 2 in every project made so).
fn long_articles(name: &str) -> Project {
    let mut p = Project::new(name);
    for title in ["Long one", "Long two"] {
        let text: Vec<String> = (0..120).map(|i| format!("{title}, paragraph {i}: words to scroll past.")).collect();
        let (_, e) = p.add_document(title, "Wire", "", "", Text::new(text.join("\n\n"))).expect("ids");
        p.apply(e).expect("adds");
    }
    p
}

fn scroll_reader(h: &mut Harness<'_, Workbench>, by: f32) {
    let c = h.state().layout().central.expect("reader").center();
    for _ in 0..10 {
        h.event(Event::PointerMoved(c));
        crate::wheel(h, vec2(0.0, -by / 10.0), Modifiers::NONE);
        h.run();
    }
}

fn top_paragraph(h: &Harness<'_, Workbench>, title: &str) -> usize {
    let top = h.state().layout().central.expect("reader").top() + 80.0;
    (0..120)
        .find(|i| {
            h.query_by_role_and_label(Role::Paragraph, &format!("{title}, paragraph {i}: words to scroll past."))
                .is_some_and(|n| n.rect().bottom() > top)
        })
        .unwrap_or(usize::MAX)
}

#[test]
fn an_article_opens_at_its_top_or_where_it_was_left_in_this_run_never_where_another_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
    claimscope::store::save(&long_articles("A"), &a).expect("saves");
    claimscope::store::save(&long_articles("B"), &b).expect("saves");
    let mut w = Workbench::new(Session::untitled(), Settings { builtin_picker: true, ..Settings::default() });
    w.set_runner(Runner::manual());
    w.push(Intent::OpenPath(a));
    let mut h = Harness::builder().with_size(vec2(1360.0, 860.0)).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    assert_eq!(top_paragraph(&h, "Long one"), 0);
    scroll_reader(&mut h, 2000.0);
    let left_at = top_paragraph(&h, "Long one");
    assert!(left_at > 10, "scrolled down to paragraph {left_at}");
    // Another article, then back: where it was left.
    let second = h.state().project().documents()[1].id;
    h.state_mut().push(Intent::OpenDocument(second));
    h.run();
    assert_eq!(top_paragraph(&h, "Long two"), 0, "a new article opens at its top");
    let first = h.state().project().documents()[0].id;
    h.state_mut().push(Intent::OpenDocument(first));
    h.run();
    assert_eq!(top_paragraph(&h, "Long one"), left_at, "back where it was left");
    // Another project whose first article has the same id: at its top.
    h.state_mut().push(Intent::OpenPath(b));
    h.run();
    assert_eq!(h.state().project().name(), "B");
    assert_eq!(top_paragraph(&h, "Long one"), 0, "not where project A's article was left");
}

/// Down walks a wrapped paragraph row by row from its first char: where the text wraps, the
/// caret at a row's first char had been drawn at the end of the row above, and every later
/// Down found the same place (found walking the workbench by keyboard). Up walks back.
#[test]
fn down_and_up_walk_a_wrapped_paragraph_row_by_row_from_its_start() {
    for size in SIZES {
        let long = "The minister said the strike was lawful and defensive, that it answered an imminent threat, and that the government would report it to the Security Council under Article 51 as the law requires of every state. "
            .repeat(4);
        let mut p = Project::new("Rows");
        let (_, e) = p.add_document("Rows", "Wire", "", "2020-01-03", Text::new(long.trim())).expect("ids");
        p.apply(e).expect("adds");
        let mut h = harness(p, size);
        press(&mut h, Modifiers::ALT, Key::A);
        press(&mut h, Modifiers::NONE, Key::Enter);
        assert_eq!(h.state().reader.caret(), Some(0), "{size:?}");
        let mut carets = vec![0];
        for _ in 0..4 {
            press(&mut h, Modifiers::NONE, Key::ArrowDown);
            carets.push(h.state().reader.caret().expect("a caret"));
        }
        assert!(carets.windows(2).all(|w| w[1] > w[0]), "each Down goes a row further: {carets:?}, {size:?}");
        for want in carets.iter().rev().skip(1) {
            press(&mut h, Modifiers::NONE, Key::ArrowUp);
            assert_eq!(h.state().reader.caret(), Some(*want), "Up retraces the rows: {carets:?}, {size:?}");
        }
    }
}

/// Past the matrix's column limit its rows (one per article) are wider than the view beside the
/// reader: they scroll inside it, and the view keeps its place at 900x600 (it had been pushed
/// off the window's edge, a strip left). Each row names its article, not only its outlet; the
/// totals have a heading; a cell reached by Tab is scrolled into the view (Tab went on to cells
/// past its edge).
#[test]
fn a_matrix_of_many_articles_scrolls_inside_the_view_and_names_each_article() {
    for size in SIZES {
        let mut p = Project::new("Many");
        for i in 0..20 {
            let text = format!("Article {i}: the ministry said the strike was lawful and defensive.");
            let (d, e) = p
                .add_document(&format!("Story number {i}"), "The Daily", "", "2020-01-03", Text::new(text))
                .expect("ids");
            p.apply(e).expect("adds");
            let fact = p.find_tag("Fact").expect("tag").id;
            let (_, e) = p.annotate(d, 0..7, fact, NewAnnotation::default()).expect("valid");
            p.apply(e).expect("adds");
        }
        let mut h = harness(p, size);
        press(&mut h, Modifiers::COMMAND, Key::K);
        for _ in 0..4 {
            h.run();
        }
        let l = h.state().layout();
        let c = l.compare.expect("the view is open beside the reader or over the window");
        inside(size, c, "the compare view");
        assert!(c.width() >= 300.0, "the view is {c:?} at {size:?}");
        assert!(
            h.query_all_by_label_contains("Story number 3 (The Daily)").next().is_some(),
            "rows name their article"
        );
        // The rows take the view's height (they stopped at 60% of it), and each tag's total is
        // under them.
        let lowest = h
            .query_all_by_label_contains("Fact in Story number")
            .map(|n| n.rect())
            .filter(|r| r.max.y <= c.max.y)
            .map(|r| r.max.y)
            .fold(0.0, f32::max);
        assert!(c.max.y - lowest < 120.0, "{size:?}: the last row ends at {lowest} in {c:?}");
        assert!(h.query_all_by_label_contains("20 · ").next().is_some(), "{size:?}: Fact's total");
        // The rows' totals have their heading, as the columns' do.
        assert!(h.query_all_by_label("total").next().is_some(), "{size:?}: the total column has a heading");
        // Tab walks the cells; the one with the keyboard is scrolled into the view.
        let mut cells = 0;
        let mut deepest = 0;
        // Whether a cell of the last tag's column (past the view's edge at 900 px) was reached.
        let mut last_tag = false;
        for k in 0..150 {
            press(&mut h, Modifiers::NONE, Key::Tab);
            // A matrix cell is named "Tag in Article".
            use egui_kittest::kittest::NodeT;
            let focused = h
                .query_all(egui_kittest::kittest::By::new())
                .find(|n| n.is_focused() && n.accesskit_node().label().is_some_and(|l| l.contains(" in Story number")))
                .map(|n| n.rect());
            let label = h
                .query_all(egui_kittest::kittest::By::new())
                .find(egui_kittest::Node::is_focused)
                .and_then(|n| n.accesskit_node().label());
            let row = label
                .as_deref()
                .and_then(|l| l.split("Story number ").nth(1).and_then(|t| t.split(' ').next()?.parse::<usize>().ok()));
            deepest = deepest.max(row.unwrap_or(0));
            if let Some(r) = focused {
                cells += 1;
                assert!(
                    r.max.x <= c.max.x + 0.5 && r.max.y <= c.max.y + 0.5,
                    "Tab {k}: {r:?} outside {c:?} at {size:?}"
                );
                // The row's article stays named at the left, however far right the cell is (the
                // heads scrolled out of sight with the cells).
                let n = row.expect("a cell's row");
                let head = h
                    .query_all_by_label(&format!("Story number {n} (The Daily)"))
                    .next()
                    .map(|x| x.rect())
                    .expect("the row's head");
                assert!(
                    head.min.x >= c.min.x - 0.5 && head.min.x + 40.0 <= r.min.x && (head.min.y - r.min.y).abs() < 8.0,
                    "Tab {k}: the head {head:?} of the row of {r:?} is out of {c:?} or beside another row at {size:?}"
                );
                last_tag |= label.as_deref().is_some_and(|l| l.starts_with("Rhetoric in"));
            }
        }
        assert!(cells >= 4, "{size:?}: Tab reached {cells} cells");
        // A clicked cell has the keyboard: Tab goes on to the next cell of its row (it went on
        // from the menu bar).
        // A cell in the view, right of its row's head (the heads are 200 points wide; the cells
        // scrolled out to the left are under them, clipped), whose tag is not the last.
        const TAGS: [&str; 4] = ["Fact", "Allegation", "Legal claim", "Rhetoric"];
        let heads_end = (0..20)
            .filter_map(|n| h.query_all_by_label(&format!("Story number {n} (The Daily)")).next().map(|n| n.rect()))
            .map(|r| r.min.x + 200.0)
            .fold(0.0, f32::max);
        assert!(heads_end > 0.0, "{size:?}: the rows' heads");
        let (k, shown) = TAGS[..3]
            .iter()
            .enumerate()
            .find_map(|(k, t)| {
                h.query_all_by_label_contains(&format!("{t} in Story number"))
                    .find(|n| c.contains_rect(n.rect()) && n.rect().min.x >= heads_end)
                    .and_then(|n| n.accesskit_node().label())
                    .map(|l| (k, l))
            })
            .expect("a cell in the view");
        h.get_by_label(&shown).click();
        h.run();
        press(&mut h, Modifiers::NONE, Key::Tab);
        use egui_kittest::kittest::NodeT as _;
        let next = h
            .query_all(egui_kittest::kittest::By::new())
            .find(egui_kittest::Node::is_focused)
            .and_then(|n| n.accesskit_node().label());
        assert_eq!(next, Some(shown.replacen(TAGS[k], TAGS[k + 1], 1)), "{size:?}");
        press(&mut h, Modifiers::NONE, Key::Escape);
        assert!(last_tag, "{size:?}: Tab never reached the last tag's cells");
        // Every row is reached, not only those built at first (only rows on screen are).
        assert_eq!(deepest, 19, "{size:?}: Tab reached rows up to {deepest} of 0-19");
        // Esc with the keyboard in the view closed it.
        assert!(!h.state().compare.open, "{size:?}");
        // So do the Positions strips (every row read the outlet's name).
        h.state_mut().compare.open = true;
        h.state_mut().compare.tab = claimscope::ui::compare::Tab::Strips;
        h.run();
        assert!(
            h.query_all_by_label_contains("Story number 4 (The Daily)").next().is_some(),
            "strips name their article"
        );
    }
}

/// N walks the article's annotations; the inspector's list keeps the selected row whole in view
/// (it was left cut by the list's bottom edge).
#[test]
fn walking_annotations_keeps_the_selected_row_whole_in_the_inspectors_list() {
    let sample = crate::sample_project();
    let size = SIZES[0];
    let reuters = sample.documents().iter().find(|d| d.source == "Reuters").expect("Reuters").id;
    let mut h = harness(sample, size);
    h.state_mut().push(Intent::OpenDocument(reuters));
    h.run();
    for k in 0..12 {
        press(&mut h, Modifiers::NONE, Key::N);
        selected_row_in_view(&h, size, &format!("row {k}"));
    }
}

/// Each article's list of annotations keeps its own scroll: one shared by all opened the next
/// article scrolled where the last was left, its first rows hidden above the list's top.
#[test]
fn another_article_opens_its_annotation_list_at_its_first_row() {
    let sample = crate::sample_project();
    let size = SIZES[1];
    let reuters = sample.documents().iter().find(|d| d.source == "Reuters").expect("Reuters").id;
    let other = sample.documents().iter().find(|d| d.id != reuters).expect("another").clone();
    let first = sample.spans(other.id).entries().first().expect("annotated").id;
    let mut h = harness(sample, size);
    h.state_mut().push(Intent::OpenDocument(reuters));
    h.run();
    for _ in 0..12 {
        press(&mut h, Modifiers::NONE, Key::N);
    }
    h.state_mut().push(Intent::Select(None));
    h.state_mut().push(Intent::OpenDocument(other.id));
    h.run();
    let p = h.state().project();
    let a = p.annotation(first).expect("there");
    let label = format!("{}: {}", p.tag(a.tag).expect("tag").name, claimscope::model::short(&a.quote.exact));
    let row = h.get_by_label(&label).rect();
    let heading = h.get_by_label("In this article").rect();
    assert!(row.top() > heading.bottom(), "the first row {row:?} below the heading {heading:?}, not scrolled away");
    press(&mut h, Modifiers::NONE, Key::N);
    selected_row_in_view(&h, size, "the first N in the other article");
}

/// The selected annotation's row in the inspector's list lies whole above the status bar.
fn selected_row_in_view(h: &Harness<'static, Workbench>, size: Vec2, when: &str) {
    let bar = h.query_all_by_label_contains("Fact ").last().map(|n| n.rect().top()).unwrap_or(size.y);
    let id = h.state().selected().expect("selected");
    let p = h.state().project();
    let a = p.annotation(id).expect("there");
    let label = format!("{}: {}", p.tag(a.tag).expect("tag").name, claimscope::model::short(&a.quote.exact));
    let row = h.get_by_label(&label).rect();
    assert!(row.bottom() <= bar + 0.5 && row.top() >= 0.0, "{size:?} {when} at {row:?}, the status bar at {bar}");
}

/// An annotation with a long quote and a long note: its details scroll within the upper part of
/// the inspector, so the list below keeps room and N still shows the selected row whole (the
/// details had taken the panel's height and left the row out of sight).
#[test]
fn tall_details_leave_the_inspectors_list_room_for_the_selected_row() {
    let mut sample = crate::sample_project();
    let reuters = sample.documents().iter().find(|d| d.source == "Reuters").expect("Reuters").id;
    let note = "Checked against the ministry's statement of 3 January, the letter to the Security Council \
                and two other reports.\nThe wording differs in each: see the claims view.\n\
                Ask the second analyst whether this is an allegation or a legal claim.\nFollow up.";
    let ids: Vec<_> = sample.annotations_of(reuters).map(|a| a.id).collect();
    for id in &ids {
        let e = sample.describe(*id, note, "A speaker with a long name, a title and an office").expect("describes");
        sample.apply(e).expect("applies");
    }
    for size in SIZES {
        let mut h = harness(sample.clone(), size);
        h.state_mut().push(Intent::OpenDocument(reuters));
        h.run();
        for k in 0..ids.len().min(8) {
            press(&mut h, Modifiers::NONE, Key::N);
            selected_row_in_view(&h, size, &format!("row {k}"));
        }
        // The note can still be reached and edited.
        assert!(h.query_by_label("Note").is_some(), "{size:?}");
        // Scrolled down in one annotation's details, N shows the next one's from their top
        // (the scroll was kept, the tag hidden above). At 900x600, where they scroll.
        if size != SIZES[1] {
            continue;
        }
        let tag = h.get_by_label("Annotation's tag").rect();
        h.event(Event::PointerMoved(tag.center()));
        for _ in 0..5 {
            crate::wheel(&mut h, vec2(0.0, -200.0), Modifiers::NONE);
            h.run();
        }
        let scrolled = h.get_by_label("Annotation's tag").rect();
        assert!(scrolled.top() < tag.top() - 20.0, "{size:?}: the details scrolled ({tag:?} -> {scrolled:?})");
        press(&mut h, Modifiers::NONE, Key::N);
        let next = h.get_by_label("Annotation's tag").rect();
        assert!((next.top() - tag.top()).abs() < 2.0, "{size:?}: the next from its top ({tag:?}, {next:?})");
    }
}

/// The shortcuts window keeps its own size after a small dialog was shown (all dialogs shared
/// one modal, and the report's size stayed with it: three rows of shortcuts).
#[test]
fn the_shortcuts_window_is_tall_after_a_small_dialog() {
    let size = SIZES[0];
    let mut h = harness(project(), size);
    h.state_mut().push(Intent::ImportPaths(vec![std::path::PathBuf::from("/nonexistent/missing.txt")]));
    h.run();
    h.state().runner().run_pending();
    h.run();
    assert!(h.state().dialog().is_some(), "the import's report");
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::NONE, Key::F1);
    press(&mut h, Modifiers::NONE, Key::End);
    let title = h.query_all_by_label("Keyboard shortcuts").next().expect("the title").rect();
    let last = h.get_by_label("The next or previous tab").rect();
    inside(size, last, "the last row");
    assert!(last.top() - title.bottom() > 300.0, "the list shows more than a few rows: {title:?} {last:?}");
}

/// The shortcuts window opens tall in its first frames: in the app, which draws no frame more
/// until something happens, it had stayed 400 points tall at 1360x860 (the list's least height
/// while it was measured).
#[test]
fn the_shortcuts_window_opens_tall_in_its_first_frame() {
    let size = SIZES[0];
    let mut h = harness(project(), size);
    h.key_press(Key::F1);
    h.step();
    h.step();
    // Centred in the window: a tall one has its Close button near the top (a 400-point one
    // had it at 248 of 860).
    let close = h.get_by_role_and_label(Role::Button, "Close").rect();
    assert!(close.top() < 0.15 * size.y, "Close at {close:?} in a {size:?} window");
}

/// A menu entry chosen by keyboard (focus, Enter) closes its menu, as a click does (Team ▸
/// Team view stayed open over the window until Esc).
#[test]
fn a_menu_entry_chosen_by_keyboard_closes_its_menu() {
    let mut h = harness(project(), SIZES[0]);
    h.get_by_label("Team").click();
    h.run();
    let entry = "Team view: merge conflicts and adjudication";
    h.get_by_label_contains(entry).focus();
    h.run();
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.query_by_label_contains(entry).is_none(), "the menu closed");
    assert!(h.state().layout().compare.is_some(), "and the team view opened");
}

/// The Positions strips by keyboard: Tab reaches a strip, Left and Right choose among its marks
/// (named for screen readers), Enter selects the chosen mark's annotation (the marks could be
/// reached by the mouse only).
#[test]
fn positions_marks_are_chosen_and_read_by_keyboard() {
    use egui_kittest::kittest::NodeT;
    for size in SIZES {
        let sample = crate::sample_project();
        let mut h = harness(sample, size);
        press(&mut h, Modifiers::COMMAND, Key::K);
        h.state_mut().compare.tab = claimscope::ui::compare::Tab::Strips;
        h.run();
        let focused_strip = |h: &Harness<'static, Workbench>| {
            h.query_all(egui_kittest::kittest::By::new())
                .find(|n| n.is_focused() && n.accesskit_node().label().is_some_and(|l| l.starts_with("Positions in ")))
                .and_then(|n| n.accesskit_node().label())
        };
        let mut reached = None;
        for _ in 0..60 {
            press(&mut h, Modifiers::NONE, Key::Tab);
            if let Some(l) = focused_strip(&h) {
                reached = Some(l);
                break;
            }
        }
        let first = reached.unwrap_or_else(|| panic!("{size:?}: Tab never reached a strip"));
        assert!(first.contains(": mark 1 of "), "{first}");
        press(&mut h, Modifiers::NONE, Key::ArrowRight);
        let second = focused_strip(&h).expect("the strip keeps the keyboard");
        assert!(second.contains(": mark 2 of "), "{size:?}: Right chose the next mark: {second}");
        press(&mut h, Modifiers::NONE, Key::Enter);
        let id = h.state().selected().expect("Enter selected the mark's annotation");
        let p = h.state().project();
        let a = p.annotation(id).expect("there");
        assert!(second.contains(&claimscope::model::short(&a.quote.exact)), "{second} vs {:?}", a.quote.exact);
    }
}

/// In the article list, / goes to its filter (it had no key); what is typed filters the list,
/// and Down comes back to the list, whose Down then opens the first article left.
#[test]
fn slash_in_the_article_list_filters_it_by_keyboard() {
    for size in SIZES {
        let mut h = harness(two_articles(), size);
        let second = h.state().project().documents()[1].clone();
        press(&mut h, Modifiers::ALT, Key::A);
        press(&mut h, Modifiers::NONE, Key::Slash);
        assert!(h.get_by_label("Filter articles").is_focused(), "{size:?}: / goes to the filter");
        type_text(&mut h, &second.title[..4]);
        press(&mut h, Modifiers::NONE, Key::ArrowDown);
        assert!(h.get_by_role_and_label(Role::List, "Articles").is_focused(), "{size:?}: back in the list");
        press(&mut h, Modifiers::NONE, Key::Home);
        assert_eq!(h.state().reader.doc(), Some(second.id), "{size:?}: the filtered list's first");
        // A filter nothing matches says so (the list had stood blank).
        press(&mut h, Modifiers::NONE, Key::Slash);
        type_text(&mut h, "zzqx");
        assert!(h.query_by_label_contains("No article's title or outlet contains").is_some(), "{size:?}");
    }
}

/// Delete in the article list deletes the open article with its annotations, once asked (one
/// key had done it unasked), one undo step bringing both back (only the row's context menu, by
/// mouse, could).
#[test]
fn delete_in_the_article_list_deletes_the_open_article_undoably() {
    for size in SIZES {
        let mut h = harness(two_articles(), size);
        let before = h.state().project().clone();
        let first = before.documents()[0].id;
        press(&mut h, Modifiers::ALT, Key::A);
        assert!(h.get_by_role_and_label(Role::List, "Articles").is_focused(), "the list has the keyboard");
        assert_eq!(h.state().reader.doc(), Some(first));
        press(&mut h, Modifiers::NONE, Key::Delete);
        // Asked first, Enter keeping it (Cancel is the first choice); then deleted.
        assert!(
            matches!(h.state().dialog(), Some(claimscope::ui::dialogs::Dialog::Confirm { question, .. }) if question.contains("and its 1 annotation(s)")),
            "{size:?}: {:?}",
            h.state().dialog()
        );
        press(&mut h, Modifiers::NONE, Key::Enter);
        assert!(h.state().dialog().is_none());
        assert_eq!(h.state().project(), &before, "{size:?}: Enter cancels");
        // The keyboard is back in the list: Delete asks again; Esc cancels too, and leaves the
        // list open (at 900 it is over the text, and the dialog's Esc had closed it).
        assert!(h.get_by_role_and_label(Role::List, "Articles").is_focused(), "{size:?}: back in the list");
        press(&mut h, Modifiers::NONE, Key::Delete);
        press(&mut h, Modifiers::NONE, Key::Escape);
        assert!(h.state().dialog().is_none() && h.state().project() == &before, "{size:?}: Esc cancels");
        assert!(h.get_by_role_and_label(Role::List, "Articles").is_focused(), "{size:?}: back in the list after Esc");
        press(&mut h, Modifiers::NONE, Key::Delete);
        h.get_by_label("Delete the article and its 1 annotation(s)").click();
        h.run();
        let p = h.state().project();
        assert_eq!(p.documents().len(), 1, "{size:?}");
        assert!(p.document(first).is_none());
        assert_eq!(p.annotation_count(), 0, "its annotation went with it");
        press(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(h.state().project(), &before, "{size:?}: one undo brings both back");
    }
}

/// A stray paragraph (page furniture) is deleted by keyboard: the caret in it, Ctrl+Shift+Delete;
/// Ctrl+Z brings it back (it took the right-click menu).
#[test]
fn the_paragraph_at_the_caret_is_deleted_by_keyboard_and_undone() {
    for size in SIZES {
        let mut h = harness(project(), size);
        let before = h.state().project().documents()[0].text.as_str().to_owned();
        assert!(before.starts_with(FURNITURE));
        press(&mut h, Modifiers::ALT, Key::A);
        press(&mut h, Modifiers::NONE, Key::Enter);
        assert_eq!(h.state().reader.caret(), Some(0), "{size:?}");
        press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Delete);
        let after = h.state().project().documents()[0].text.as_str().to_owned();
        assert!(after.starts_with(BODY), "{size:?}: {after:?} ({:?})", h.state().status());
        assert!(!after.contains(FURNITURE));
        press(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(h.state().project().documents()[0].text.as_str(), before, "{size:?}: undone");
        // The last paragraph, the caret at the article's end (nothing happened) or in it (a
        // walk: "the span 698..699 does not fit", the cut's start being the break before it).
        for keys in [&[Key::End][..], &[Key::End, Key::ArrowLeft, Key::ArrowLeft]] {
            press(&mut h, Modifiers::COMMAND, keys[0]);
            for &k in &keys[1..] {
                press(&mut h, Modifiers::NONE, k);
            }
            press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Delete);
            let after = h.state().project().documents()[0].text.as_str().to_owned();
            assert_eq!(
                after,
                before[..before.len() - LAST.len()].trim_end(),
                "{size:?} {keys:?}: {:?}",
                h.state().status()
            );
            press(&mut h, Modifiers::COMMAND, Key::Z);
            assert_eq!(h.state().project().documents()[0].text.as_str(), before, "{size:?}: undone");
        }
    }
}

/// At 900x600 a long note pushes the claim field below the fold of the annotation's details;
/// Alt+C brings it into view as it gives it the keyboard (it typed into a field out of sight).
#[test]
fn alt_c_brings_the_claim_field_into_view_under_a_long_note() {
    let size = vec2(900.0, 600.0);
    let mut p = two_articles();
    let first = p.documents()[0].id;
    let a = p.annotations().find(|a| a.doc == first).expect("tagged").id;
    let note = (1..=14).map(|k| format!("Line {k} of a long note about this passage.")).collect::<Vec<_>>().join("\n");
    let e = p.describe(a, &note, "Mike Pompeo").expect("valid");
    p.apply(e).expect("applies");
    let mut h = harness(p, size);
    h.state_mut().push(Intent::Select(Some(a)));
    h.run();
    press(&mut h, Modifiers::ALT, Key::C);
    h.run();
    let field = h.get_by_label("Find or create a claim");
    assert!(field.is_focused());
    inside(size, field.rect(), "the claim field");
    // Within the details' scrolled view: above the annotation list's heading below it.
    let list = h.query_all_by_label_contains("In this article").next().expect("the list's heading").rect().min.y;
    assert!(field.rect().max.y <= list, "{:?} under the list's heading at {list}", field.rect());
}

/// Deleting the article shown opens the one after it in the list (it opened the first), and
/// undoing the delete shows the article again (it came back out of sight).
#[test]
fn deleting_an_article_opens_the_next_and_undo_shows_it_again() {
    let mut p = two_articles();
    let (third, e) = p.add_document("Third", "Post", "", "2020-01-05", Text::new(LAST)).expect("ids");
    p.apply(e).expect("adds");
    let second = p.documents()[1].id;
    let mut h = harness(p, vec2(900.0, 600.0));
    h.state_mut().push(Intent::OpenDocument(second));
    h.run();
    let edit = h.state().project().delete_document(second).expect("valid");
    h.state_mut().push(Intent::Edit { edit, label: "Delete “Second”".into() });
    h.run();
    assert_eq!(h.state().reader.doc(), Some(third), "the next article, not the first");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().reader.doc(), Some(second), "the article undo brought back is shown");
}

/// Walking from an annotation never changed to one changed and linked by a long-named analyst
/// keeps the inspector's fields in place (the line of who made and changed it wrapped, and the
/// fields below moved by a line).
#[test]
fn the_inspector_keeps_its_fields_in_place_from_annotation_to_annotation() {
    let size = vec2(900.0, 600.0);
    let mut p = two_articles();
    let first = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    let (plain, e) = p.annotate(first, 6..10, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let busy = p.annotations().find(|a| a.doc == first && a.id != plain).expect("the other").id;
    let stamp = claimscope::model::Stamp::new("2026-12-07T01:00:00Z", "Analyst With A Rather Long Name");
    let e = p.describe(busy, "n", "Mike Pompeo").expect("valid").stamped(&p, &stamp);
    p.apply(e).expect("applies");
    let mut h = harness(p, size);
    let mut at = Vec::new();
    for a in [plain, busy, plain] {
        h.state_mut().push(Intent::Select(Some(a)));
        h.run();
        at.push(h.get_by_label("Speaker").rect().min.y);
    }
    assert!(at.iter().all(|y| (y - at[0]).abs() < 0.5), "the Speaker label moved: {at:?}");
}

/// A note being typed is committed before a quit or a new project (Ctrl+Q while typing quit at
/// once and the note was lost), so the unsaved-changes question is asked; and a claim half typed
/// for one annotation is not left in the field for the next.
#[test]
fn typing_in_a_field_is_kept_when_quitting_and_a_half_typed_claim_stays_with_its_annotation() {
    let p = two_articles();
    let first = p.documents()[0].id;
    let a = p.annotations().find(|x| x.doc == first).expect("tagged").id;
    for (mods, key, after) in [
        (Modifiers::COMMAND, Key::Q, claimscope::ui::dialogs::After::Quit),
        (Modifiers::COMMAND, Key::N, claimscope::ui::dialogs::After::New),
    ] {
        let mut h = harness(p.clone(), vec2(900.0, 600.0));
        h.state_mut().push(Intent::Select(Some(a)));
        h.run();
        press(&mut h, Modifiers::ALT, Key::N);
        type_text(&mut h, "typed, not yet committed");
        press(&mut h, mods, key);
        assert_eq!(h.state().project().annotation(a).map(|x| x.note.as_str()), Some("typed, not yet committed"));
        assert_eq!(h.state().dialog(), Some(&claimscope::ui::dialogs::Dialog::Unsaved(after)), "asked first");
    }
    let mut h = harness(p.clone(), vec2(1360.0, 860.0));
    h.state_mut().push(Intent::Select(Some(a)));
    h.run();
    press(&mut h, Modifiers::ALT, Key::C);
    type_text(&mut h, "unl");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.get_by_label("Find or create a claim").value().as_deref(), Some("unl"));
    h.state_mut().push(Intent::Select(None));
    h.run();
    h.state_mut().push(Intent::Select(Some(a)));
    h.run();
    let left = h.get_by_label("Find or create a claim").value().unwrap_or_default();
    assert_eq!(left, "", "the half-typed claim went with the selection");
}

/// A row of the inspector's list holds its quote whole (up to 400 chars), cut at the row's edge
/// and shown whole on hover: it held 48 chars, and its hover showed only those.
#[test]
fn the_inspectors_rows_hold_their_whole_quote_for_the_hover() {
    let sample = crate::sample_project();
    let reuters = sample.documents().iter().find(|d| d.source == "Reuters").expect("Reuters").id;
    let long =
        sample.annotations_of(reuters).find(|a| a.quote.exact.chars().count() > 80).expect("a long quote").clone();
    let mut h = harness(sample, SIZES[0]);
    h.state_mut().push(Intent::OpenDocument(reuters));
    h.run();
    assert!(h.query_by_label(&long.quote.exact).is_some(), "the row's label is the whole quote");
}

/// The selected annotation stays in view when the text reflows: the window made smaller or
/// larger, or the text larger (a scroll offset kept in points showed other words, the selected
/// passage off screen).
#[test]
fn the_selected_annotation_stays_in_view_when_the_text_reflows() {
    let mut p = long_articles("Reflow");
    let doc = p.documents()[0].id;
    let fact = p.find_tag("Fact").expect("tag").id;
    let text = p.documents()[0].text.clone();
    let at = text.as_str().find("paragraph 90:").expect("there");
    let start = text.as_str()[..at].chars().count();
    let (id, e) = p.annotate(doc, start..start + 12, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let mut h = harness(p, SIZES[0]);
    h.state_mut().push(Intent::Select(Some(id)));
    h.run();
    let in_view = |h: &Harness<'_, Workbench>, when: &str| {
        let reader = h.state().layout().central.expect("reader");
        let para = h.get_by_role_and_label(Role::Paragraph, "Long one, paragraph 90: words to scroll past.").rect();
        assert!(reader.contains_rect(para), "{when}: the selected passage {para:?} out of the reader {reader:?}");
    };
    in_view(&h, "selected");
    for (size, zoom) in [(SIZES[1], 0), (SIZES[0], 0), (SIZES[1], 3)] {
        h.set_size(size);
        for _ in 0..zoom {
            h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        }
        for _ in 0..4 {
            h.run();
        }
        in_view(&h, &format!("{size:?}, {zoom} steps larger"));
    }
}

/// Behind "Delete?" the article list opened over the text at 900x600 is drawn whole, its
/// contents greyed but its frame opaque (disabled whole, it was see-through, and the reader's
/// text showed through it).
#[test]
fn a_list_over_the_text_behind_a_dialog_is_not_see_through() {
    let mut h = harness(two_articles(), vec2(900.0, 600.0));
    press(&mut h, Modifiers::ALT, Key::A);
    assert!(h.get_by_role_and_label(Role::List, "Articles").is_focused(), "the list has the keyboard");
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(matches!(h.state().dialog(), Some(claimscope::ui::dialogs::Dialog::Confirm { .. })));
    let list = h.get_by_role_and_label(Role::List, "Articles").rect();
    let fill = h.ctx.global_style().visuals.window_fill;
    // The popup's frame: a filled rect around the list, in the window colour, opaque.
    fn walk(shape: &egui::Shape, list: egui::Rect, out: &mut Vec<egui::Color32>) {
        match shape {
            egui::Shape::Rect(r) if r.rect.contains_rect(list.shrink(2.0)) && r.rect.width() < 600.0 => {
                out.push(r.fill);
            }
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, list, out)),
            _ => {}
        }
    }
    let mut frames = Vec::new();
    for c in &h.output().shapes {
        walk(&c.shape, list, &mut frames);
    }
    assert!(frames.contains(&fill), "an opaque frame under the list: {frames:?} (window fill {fill:?})");
}

/// The first click on a menu after Esc closed the article details opens it (a walk: the first
/// click on File after F2 and Esc was lost).
#[test]
fn the_first_click_on_file_after_esc_closed_the_details_opens_the_menu() {
    for size in SIZES {
        let mut h = harness(project(), size);
        press(&mut h, Modifiers::ALT, Key::T);
        press(&mut h, Modifiers::NONE, Key::F2);
        assert!(h.state().article_details_open());
        press(&mut h, Modifiers::NONE, Key::Escape);
        assert!(!h.state().article_details_open(), "{size:?}");
        // A pointer's click, as the walker's (an accessibility click takes another path).
        let at = h.get_by_label("File").rect().center();
        h.event(Event::PointerMoved(at));
        h.run();
        for pressed in [true, false] {
            h.event(Event::PointerButton {
                pos: at,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
            h.run();
        }
        assert!(h.query_by_label_contains("Save as").is_some(), "{size:?}: the File menu opened at the first click");
    }
}
