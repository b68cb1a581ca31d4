//! The layout holds still: at the window sizes people use (1360x860 by default, 900x600 small),
//! driven for many frames (pointer moves, an annotation selected, typing in the Note field, the
//! compare view opened and closed), no panel changes width between frames and no two overlap.

use claimscope::model::Project;
use claimscope::ui::app::Layout;
use claimscope::ui::runner::Runner;
use claimscope::ui::session::Session;
use claimscope::ui::tag_bar::BUTTONS;
use claimscope::ui::{Intent, Settings, Workbench};
use eframe::egui::{Event, Key, Modifiers, Pos2, Rect, Vec2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn sample() -> Project {
    crate::sample_project()
}

fn harness(size: Vec2) -> Harness<'static, Workbench> {
    let mut w = Workbench::new(Session::unsaved(sample()), Settings { builtin_picker: true, ..Settings::default() });
    w.set_runner(Runner::manual());
    let mut h = Harness::builder().with_size(size).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    h
}

fn rects(l: &Layout) -> Vec<(&'static str, Rect)> {
    [("articles", l.articles), ("inspector", l.inspector), ("compare", l.compare), ("central", l.central)]
        .into_iter()
        .filter_map(|(n, r)| r.map(|r| (n, r)))
        .collect()
}

/// No two panels share more than a separator's width, and every panel is inside the window.
fn assert_no_overlap(l: &Layout, size: Vec2, when: &str) {
    let all = rects(l);
    let window = Rect::from_min_size(Pos2::ZERO, size).expand(1.0);
    for (i, (a, ra)) in all.iter().enumerate() {
        assert!(window.contains_rect(*ra), "{when}: {a} {ra:?} leaves the {size:?} window");
        // The article list and the inspector fold to 30 px strips where the reader needs the
        // room, by design.
        let least = match *a {
            "articles" | "inspector" if ra.width() < 40.0 => 30.0,
            "articles" => 150.0,
            "inspector" => 200.0,
            _ => 300.0,
        };
        assert!(ra.width() >= least - 1.0, "{when}: {a} is squeezed to {} px", ra.width());
        for (b, rb) in &all[i + 1..] {
            let overlap = ra.intersect(*rb);
            assert!(
                overlap.width() <= 2.0 || overlap.height() <= 2.0,
                "{when}: {a} {ra:?} and {b} {rb:?} overlap by {overlap:?}"
            );
        }
    }
}

/// Runs `frames` frames with the pointer moving about, checking that widths stay put.
fn steady(h: &mut Harness<'static, Workbench>, size: Vec2, frames: usize, when: &str) {
    let before = h.state().layout();
    for k in 0..frames {
        let x = 100.0 + (k as f32 * 37.0) % (size.x - 200.0);
        let y = 120.0 + (k as f32 * 23.0) % (size.y - 240.0);
        h.event(Event::PointerMoved(Pos2::new(x, y)));
        h.step();
        let now = h.state().layout();
        for ((n, a), (_, b)) in rects(&before).into_iter().zip(rects(&now)) {
            assert!(
                (a.width() - b.width()).abs() < 0.5,
                "{when}, frame {k}: {n} went from {} to {} px",
                a.width(),
                b.width()
            );
        }
        assert_no_overlap(&now, size, &format!("{when}, frame {k}"));
    }
}

/// The reader (the central panel) keeps room to read in.
fn reader_keeps_its_width(h: &Harness<'static, Workbench>, size: Vec2, when: &str) {
    let central = h.state().layout().central.expect("a central panel");
    assert!(
        central.width() >= claimscope::ui::app::READER_MIN_WIDTH - 1.0,
        "{when}: the reader is {} px wide in a {size:?} window",
        central.width()
    );
}

fn drive(size: Vec2) {
    let mut h = harness(size);
    assert_no_overlap(&h.state().layout(), size, "start");
    reader_keeps_its_width(&h, size, "start");
    steady(&mut h, size, 20, "reading");
    // An annotation selected: the inspector shows its fields.
    let first = h.state().project().annotations().next().expect("annotations").id;
    h.state_mut().push(Intent::Select(Some(first)));
    h.run();
    steady(&mut h, size, 20, "an annotation selected");
    h.get_by_label("Note").click();
    h.run();
    h.get_by_label("Note").type_text("Typed while the layout is watched.");
    h.run();
    steady(&mut h, size, 10, "typing a note");
    h.key_press(Key::Escape);
    h.run();
    // The compare view beside the reader, then closed again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    // Beside the reader at both sizes (at 900 px the list and the inspector fold to strips), so
    // that a passage found there can be read and tagged.
    assert!(h.state().layout().compare.is_some(), "the compare view opens beside the reader, {size:?}");
    reader_keeps_its_width(&h, size, "compare open");
    steady(&mut h, size, 15, "compare open");
    for tab in ["Matrix", "Claims", "Side by side", "Positions", "Find in other articles", "Suggested claims"] {
        h.get_all_by_label(tab).next().expect("the tab").click();
        h.run();
        assert_no_overlap(&h.state().layout(), size, tab);
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    steady(&mut h, size, 5, "compare closed");
    let note = h.state().project().annotation(first).map(|a| a.note.clone()).unwrap_or_default();
    assert!(note.ends_with("Typed while the layout is watched."), "the note was kept: {note}");
}

#[test]
fn the_layout_holds_at_the_default_size() {
    drive(vec2(1360.0, 860.0));
}

#[test]
fn the_layout_holds_in_a_small_window() {
    drive(vec2(900.0, 600.0));
}

#[test]
fn the_tag_editor_shows_whole_names_and_stays_below_the_menu() {
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        let mut h = harness(size);
        h.key_press_modifiers(Modifiers::COMMAND, Key::T);
        h.run();
        let name = h.get_by_label("Name of tag Legal claim").rect();
        let desc = h.get_by_label("Description of tag Legal claim").rect();
        for _ in 0..30 {
            h.event(Event::PointerMoved(Pos2::new(size.x / 2.0, size.y / 2.0)));
            h.step();
        }
        assert_eq!(h.get_by_label("Name of tag Legal claim").rect(), name, "{size:?}: the name field holds still");
        assert_eq!(h.get_by_label("Description of tag Legal claim").rect(), desc, "{size:?}: so does the description");
        assert!(name.width() >= 120.0 && desc.width() >= 160.0, "{size:?}: {name:?} {desc:?}");
        assert!(name.top() > 40.0, "{size:?}: the window stays below the menu bar");
        assert!(desc.right() <= size.x, "{size:?}: and inside the window");
    }
}

/// A codebook of 300 tags: its rows ran past the window's edge, the new tag's field and Done
/// out of reach. The rows scroll inside the window, only those in view are built, and a tag is
/// added from the field below them, at both sizes.
#[test]
fn the_tag_editor_of_a_big_codebook_keeps_its_new_tag_field_in_reach() {
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        let mut p = sample();
        for i in 0..300 {
            let (_, e) = p.new_tag(&format!("Code {i:03}")).expect("a name of its own");
            p.apply(e).expect("adds");
        }
        let mut w = Workbench::new(Session::unsaved(p), Settings { builtin_picker: true, ..Settings::default() });
        w.set_runner(Runner::manual());
        // The tag bar's scroll bar fades in over a few frames.
        let mut h =
            Harness::builder().with_size(size).with_max_steps(16).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::T);
        h.run();
        let rows = (0..300).filter(|i| h.query_by_label(&format!("Name of tag Code {i:03}")).is_some()).count();
        assert!(rows > 0 && rows < 60, "{size:?}: {rows} rows built");
        let field = h.get_by_label("New tag name").rect();
        assert!(field.bottom() <= size.y && field.top() > 40.0, "{size:?}: the field at {field:?}");
        let done = h.get_by_label("Done").rect();
        assert!(done.bottom() <= size.y, "{size:?}: Done at {done:?}");
        h.get_by_label("New tag name").click();
        h.run();
        h.event(Event::Text("Quotation".into()));
        h.key_press(Key::Enter);
        h.run();
        assert!(h.state().project().find_tag("Quotation").is_some(), "{size:?}: added");
        // A tag found by the words of its name, far down the list.
        h.get_by_label("Find a tag:").click();
        h.run();
        h.event(Event::Text("code 250".into()));
        h.run();
        let rows: Vec<usize> =
            (0..300).filter(|i| h.query_by_label(&format!("Name of tag Code {i:03}")).is_some()).collect();
        assert_eq!(rows, vec![250], "{size:?}");
        // Deleting a tag in use asks where its annotations go: that list opens with a field,
        // lists at most as many tags as the tag bar's buttons, and finds one by name (it had
        // listed all 303).
        h.get_by_label("Find a tag:").click();
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.event(Event::Text("fact".into()));
        h.run();
        let facts = h.state().project().annotations().filter(|a| Some(a.tag) == fact(&h)).count();
        assert!(facts > 0, "the sample has Fact annotations");
        h.get_by_label("Delete…").click();
        h.run();
        h.get_by_label("Move the annotations to").click();
        h.run();
        let listed = (0..300).filter(|i| h.query_by_label(&format!("■ Code {i:03}")).is_some()).count();
        assert_eq!(listed, BUTTONS - 3, "{size:?}: the three other built-in tags, then codes");
        h.event(Event::Text("code 123".into()));
        h.key_press(Key::Enter);
        h.run();
        h.get_by_label("Move them and delete the tag").click();
        h.run();
        let p = h.state().project();
        assert!(fact(&h).is_none(), "{size:?}: deleted");
        let moved = p.find_tag("Code 123").map(|t| p.annotations().filter(|a| a.tag == t.id).count());
        assert_eq!(moved, Some(facts), "{size:?}: its annotations moved to the tag found by name");
    }
}

fn fact(h: &Harness<'static, Workbench>) -> Option<claimscope::model::TagId> {
    h.state().project().find_tag("Fact").map(|t| t.id)
}

/// The default window with the compare view open on its claims table: the picture an analyst
/// sees first when comparing outlets.
#[test]
fn snapshot_default_size_with_the_claims_view_open() {
    let mut h = harness(vec2(1360.0, 860.0));
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_all_by_label("Claims").next().expect("the tab").click();
    h.run();
    // Off the text, so no hover card appears in the picture.
    h.event(Event::PointerMoved(Pos2::new(5.0, 845.0)));
    h.run();
    h.snapshot("default_size_claims_view");
}

/// Every filled rect painted this frame with its clip rect, nested shapes flattened.
fn filled_rects(h: &Harness<'static, Workbench>) -> Vec<(Rect, Rect, eframe::egui::Color32)> {
    fn walk(shape: &eframe::egui::Shape, clip: Rect, out: &mut Vec<(Rect, Rect, eframe::egui::Color32)>) {
        match shape {
            eframe::egui::Shape::Rect(r) => out.push((r.rect, clip, r.fill)),
            eframe::egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, clip, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in &h.output().shapes {
        walk(&c.shape, c.clip_rect, &mut out);
    }
    out
}

/// Fault 7 of the first-hour issue: a stray tag-coloured underline under the article header. Every
/// underline the reader paints must sit under highlighted text of its own tag, in every sample
/// article, scrolled from top to bottom, in light and dark, at both window sizes.
#[test]
fn no_underline_is_painted_away_from_its_text() {
    use claimscope::ui::theme;
    for (size, dark) in [(vec2(1360.0, 860.0), false), (vec2(900.0, 600.0), true)] {
        let mut h = harness(size);
        if dark {
            h.state_mut().push(Intent::Run(claimscope::ui::commands::Command::ToggleTheme));
            h.run();
        }
        let project = h.state().project().clone();
        let tags: Vec<_> = project
            .tags()
            .iter()
            .map(|t| (theme::solid(t.colour), theme::highlight(t.colour, theme::page(dark))))
            .collect();
        let mut checked = 0;
        for doc in project.documents() {
            h.state_mut().push(Intent::OpenDocument(doc.id));
            h.run();
            let central = h.state().layout().central.expect("the reader");
            for step in 0..40 {
                let rects = filled_rects(&h);
                for &(r, clip, colour) in &rects {
                    let Some((_, fill)) = tags.iter().find(|(solid, _)| *solid == colour) else { continue };
                    let seen = r.intersect(clip);
                    if r.height() > 2.5 || !central.contains(r.center()) || seen.width() <= 0.0 || seen.height() <= 0.0
                    {
                        continue;
                    }
                    checked += 1;
                    let under_text = rects.iter().any(|&(f, _, c)| {
                        c == *fill
                            && f.left() <= r.left() + 1.0
                            && f.right() >= r.right() - 1.0
                            && (f.top()..=f.bottom() + 1.0).contains(&r.bottom())
                    });
                    assert!(
                        under_text,
                        "{size:?} dark={dark}, '{}' step {step}: underline {r:?} under no highlight",
                        doc.title
                    );
                }
                crate::wheel(&mut h, vec2(0.0, -90.0), Modifiers::NONE);
                h.event(Event::PointerMoved(central.center()));
                h.step();
            }
        }
        assert!(checked > 100, "{size:?}: the test saw underlines ({checked})");
    }
}

/// The compare view opened in a small window keeps its share of the room when the window is
/// widened (egui kept its 320 px beside a reader grown to 900), and gives it back when the
/// window shrinks again; the reader keeps its minimum throughout.
#[test]
fn the_side_view_keeps_its_share_when_the_window_is_resized() {
    let small = vec2(900.0, 600.0);
    let big = vec2(1360.0, 860.0);
    let mut h = harness(small);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    let at_small = h.state().layout().compare.expect("open").width();
    h.set_size(big);
    for _ in 0..4 {
        h.run();
    }
    let l = h.state().layout();
    let at_big = l.compare.expect("open").width();
    assert!(at_big > at_small * 1.3, "the view grew with the window: {at_small} -> {at_big} ({l:?})");
    assert_no_overlap(&l, big, "widened");
    reader_keeps_its_width(&h, big, "widened");
    h.set_size(small);
    for _ in 0..4 {
        h.run();
    }
    let l = h.state().layout();
    assert!((l.compare.expect("open").width() - at_small).abs() < 24.0, "back to its share: {l:?}");
    assert_no_overlap(&l, small, "narrowed again");
    reader_keeps_its_width(&h, small, "narrowed again");
}

/// The compare view opened in the default window, the window made small and then large again:
/// the view comes back to its width (it stayed at the small window's 330 px, and the claims
/// table then showed one article a page).
#[test]
fn the_side_view_comes_back_to_its_width_after_the_window_was_small() {
    let small = vec2(900.0, 600.0);
    let big = vec2(1360.0, 860.0);
    let mut h = harness(big);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    let at_big = h.state().layout().compare.expect("open").width();
    for size in [small, big] {
        h.set_size(size);
        for _ in 0..4 {
            h.run();
        }
    }
    let l = h.state().layout();
    assert!((l.compare.expect("open").width() - at_big).abs() < 24.0, "back to {at_big}: {l:?}");
    assert_no_overlap(&l, big, "widened again");
    reader_keeps_its_width(&h, big, "widened again");
}

/// The selected annotation's actions (Delete, Show in text, Find in other articles) stay whole
/// above the article's list whatever the quote's length and the text's size: at 900x600 a long
/// quote left the row cut under the list, and with the text larger hidden.
#[test]
fn the_inspectors_actions_stay_in_view_with_a_long_quote_and_larger_text() {
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        for zoom in [0, 3] {
            let mut h = harness(size);
            for _ in 0..zoom {
                h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
                h.run();
            }
            let longest = h.state().project().annotations().max_by_key(|a| a.end - a.start).expect("annotated").id;
            h.state_mut().push(Intent::Select(Some(longest)));
            h.run();
            let list = h.get_by_label("In this article").rect();
            let inspector = h.state().layout().inspector.expect("the inspector is open");
            for action in ["Delete", "Show in text"] {
                let r = h.get_all_by_label(action).map(|n| n.rect()).find(|r| inspector.contains_rect(*r));
                let r = r.unwrap_or_else(|| panic!("{size:?} zoom {zoom}: {action} in the inspector"));
                assert!(r.bottom() <= list.top(), "{size:?} zoom {zoom}: {action} {r:?} under the list at {list:?}");
            }
        }
    }
}

/// The matrix beside the reader at 900x600, its cells scrolled sideways: the tags' names stay at
/// the left of the rows (they scrolled away with the cells, leaving numbers without tags).
#[test]
fn the_matrix_keeps_its_tag_names_while_its_cells_scroll_sideways() {
    let size = vec2(900.0, 600.0);
    let mut p = sample();
    for k in 0..3 {
        let (_, e) = p
            .add_document(
                &format!("Extra {k}"),
                &format!("Outlet {k}"),
                "",
                "",
                claimscope::model::Text::new("More text."),
            )
            .expect("ids");
        p.apply(e).expect("adds");
    }
    let mut w = Workbench::new(Session::unsaved(p), Settings { builtin_picker: true, ..Settings::default() });
    w.set_runner(Runner::manual());
    w.compare.open = true;
    w.compare.tab = claimscope::ui::compare::Tab::Matrix;
    let mut h =
        Harness::builder().with_size(size).with_max_steps(16).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    let view = h.state().layout().compare.expect("open");
    let cell =
        h.get_all_by_label_contains("Fact in ").map(|n| n.rect()).find(|r| view.contains_rect(*r)).expect("a cell");
    h.event(Event::PointerMoved(cell.center()));
    for _ in 0..6 {
        crate::wheel(&mut h, vec2(0.0, -400.0), Modifiers::SHIFT);
        h.run();
    }
    let cells: Vec<Rect> = h.get_all_by_label_contains("Fact in ").map(|n| n.rect()).collect();
    assert!(cells.iter().all(|c| c.left() > cell.left() - 600.0), "scrolled: {cells:?}");
    assert!(cells.iter().any(|c| c.left() < cell.left() - 20.0), "the cells moved sideways: {cells:?} from {cell:?}");
    let chip = h
        .get_all_by_label("Fact")
        .map(|n| n.rect())
        .find(|r| view.contains_rect(*r) && r.left() < view.left() + 140.0)
        .expect("the Fact row's name still at the left of the view");
    assert!(chip.width() > 20.0, "{chip:?}");
}

/// The tables' filter shows on the tabs it filters only: on Side by side, Find in other
/// articles and Suggested claims it filtered nothing and took their room at 900x600.
#[test]
fn the_tables_filter_shows_only_on_the_tabs_it_filters() {
    use claimscope::ui::compare::Tab;
    let mut h = harness(vec2(900.0, 600.0));
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    for (tab, filtered) in [
        (Tab::Matrix, true),
        (Tab::Claims, true),
        (Tab::Strips, true),
        (Tab::SideBySide, false),
        (Tab::Similar, false),
        (Tab::Suggestions, false),
    ] {
        h.state_mut().compare.tab = tab;
        h.run();
        assert_eq!(h.query_by_label("Speakers: all").is_some(), filtered, "{tab:?}");
    }
}

/// Every rect outline painted this frame (rect, stroke colour), nested shapes flattened.
fn outlines(h: &Harness<'static, Workbench>) -> Vec<(Rect, eframe::egui::Color32)> {
    fn walk(shape: &eframe::egui::Shape, out: &mut Vec<(Rect, eframe::egui::Color32)>) {
        match shape {
            eframe::egui::Shape::Rect(r) if r.stroke.width > 0.0 => out.push((r.rect, r.stroke.color)),
            eframe::egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in &h.output().shapes {
        walk(&c.shape, &mut out);
    }
    out
}

/// A right click on an article that is not the one open marks its row while the menu is open
/// (the menu's "Delete article…" had stood beside the open article's marked row), and the menu
/// acts on that row's article.
#[test]
fn the_article_lists_menu_marks_its_row_and_acts_on_it() {
    use eframe::egui::accesskit::Role;
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        let mut h = harness(size);
        let other = h.state().project().documents()[1].clone();
        assert_ne!(h.state().reader.doc(), Some(other.id), "{size:?}: another article is open");
        // At 900 the list is a strip until asked for (Alt+A opens it over the text).
        h.key_press_modifiers(Modifiers::ALT, Key::A);
        h.run();
        let row = h.get_by_role_and_label(Role::Button, &other.title).rect();
        let stroke = h.ctx.global_style().visuals.selection.stroke.color;
        let marked = |h: &Harness<'static, Workbench>| {
            outlines(h).iter().any(|(r, c)| {
                *c == stroke
                    && row.shrink(1.0).distance_to_pos(r.center()) < 1.0
                    && (r.width() - row.width()).abs() < 4.0
            })
        };
        assert!(!marked(&h), "{size:?}: no mark before the menu");
        // Pointer over the row first, then pressed and released, each a frame, as a hand does.
        let at = row.center();
        h.event(Event::PointerMoved(at));
        h.step();
        for pressed in [true, false] {
            h.event(Event::PointerButton {
                pos: at,
                button: eframe::egui::PointerButton::Secondary,
                pressed,
                modifiers: Modifiers::NONE,
            });
            h.step();
        }
        h.run();
        assert!(h.query_by_label_contains("Edit details").is_some(), "{size:?}: the menu is open");
        assert!(marked(&h), "{size:?}: the row the menu is for is marked");
        h.get_by_label_contains("Edit details").click();
        h.run();
        assert!(h.state().article_details_open(), "{size:?}");
        assert_eq!(h.get_by_label("Title").value().as_deref(), Some(other.title.as_str()), "{size:?}");
    }
}

/// The matrix at 900x600: its columns run past the panel, and its sideways scroll bar shows
/// that they do (egui's floating bars show only under the pointer: the columns were cut with no
/// sign of more).
#[test]
fn snapshot_the_matrix_at_900x600_shows_its_scroll_bar() {
    let mut h = harness(vec2(900.0, 600.0));
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_all_by_label("Matrix").next().expect("the tab").click();
    h.run();
    h.event(Event::PointerMoved(Pos2::new(5.0, 590.0)));
    h.run();
    h.snapshot("matrix_at_900x600");
}

/// The status bar's message is whole at both sizes: the tags' chips make room for it (at
/// 900x600 four chips cut "Not saved yet: close the open dialog first (Esc), then Ctrl+S
/// saves" in the middle of a word).
#[test]
fn the_status_message_is_whole_at_both_sizes() {
    let mut widths = Vec::new();
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        let mut h = harness(size);
        h.key_press_modifiers(Modifiers::COMMAND, Key::E);
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::S);
        h.run();
        let text = h.state().status().text.clone();
        assert!(text.starts_with("Not saved yet"), "{text}");
        let label = h.get_by_label(&text).rect();
        assert!(label.max.x <= size.x, "{size:?}: {label:?}");
        widths.push(label.width());
        // With room, the tags' chips stay.
        use egui_kittest::kittest::NodeT as _;
        let folded = h
            .query_all_by_label_contains(" tags")
            .any(|n| n.accesskit_node().label().is_some_and(|l| l.starts_with('+')));
        assert!(!folded || size.x < 1000.0, "{size:?}");
    }
    assert!((widths[0] - widths[1]).abs() < 1.0, "the message is cut at 900x600: {widths:?} points wide");
}

/// The compare view opened in a narrow window takes the room a wide one gives once the window
/// grows (a walk: opened at 900x600 and widened to 1360x860, it kept a third of the room, two
/// articles of five in Claims); squeezed and widened again it goes back to its width.
#[test]
fn the_compare_view_takes_its_width_back_when_the_window_grows() {
    let wide = {
        let mut h = harness(vec2(1360.0, 860.0));
        h.key_press_modifiers(Modifiers::COMMAND, Key::K);
        h.run();
        let w = h.state().layout().compare.expect("beside the reader").width();
        for size in [vec2(1000.0, 700.0), vec2(900.0, 600.0), vec2(1200.0, 800.0), vec2(1360.0, 860.0)] {
            h.set_size(size);
            h.run();
        }
        let back = h.state().layout().compare.expect("beside the reader").width();
        assert!((back - w).abs() < 2.0, "squeezed and widened: {w} -> {back}");
        w
    };
    let mut h = harness(vec2(900.0, 600.0));
    h.state_mut().compare.widened = false;
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    for size in [vec2(1100.0, 700.0), vec2(1360.0, 860.0)] {
        h.set_size(size);
        h.run();
    }
    let grown = h.state().layout().compare.expect("beside the reader").width();
    assert!((grown - wide).abs() < 2.0, "opened narrow, then widened: {grown}, opened wide: {wide}");
}

/// Ctrl+S typed fast under a dialog (Ctrl let go in the same frame, as xdotool types it) says
/// why it does not save: the check read the modifiers held as the frame ended (a walk).
#[test]
fn a_fast_ctrl_s_under_a_dialog_says_why_it_does_not_save() {
    use eframe::egui::Event;
    let mut h = harness(vec2(900.0, 600.0));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    for e in [
        Event::Key { key: Key::S, physical_key: None, pressed: true, repeat: false, modifiers: Modifiers::COMMAND },
        Event::Key { key: Key::S, physical_key: None, pressed: false, repeat: false, modifiers: Modifiers::COMMAND },
    ] {
        h.event(e);
    }
    // Ctrl is up by the end of the frame.
    h.event(Event::Key { key: Key::A, physical_key: None, pressed: false, repeat: false, modifiers: Modifiers::NONE });
    h.run();
    assert!(h.state().status().text.starts_with("Not saved yet"), "{:?}", h.state().status().text);
}
