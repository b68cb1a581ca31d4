//! Headless UI tests of suggested tags (issue 24): walked, accepted, rejected and undone by
//! keyboard; the side list's filter, thresholds, held-out figures and bulk accept; rejections
//! kept across save and reopen. At 1360x860 and 900x600.

use claimscope::analysis::tags::{REJECTED, Sources, suggest_for};
use claimscope::ui::compare::Tab;
use claimscope::ui::runner::Runner;
use claimscope::ui::session::Session;
use claimscope::ui::{Settings, Workbench};
use eframe::egui::{Key, Modifiers, Vec2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SIZES: [Vec2; 2] = [vec2(1360.0, 860.0), vec2(900.0, 600.0)];

/// The sample saved in a fresh folder, opened with suggestions shown and a manual runner.
fn opened(dir: &std::path::Path, size: Vec2) -> (Harness<'static, Workbench>, Runner, std::path::PathBuf) {
    let path = dir.join("sample.ron");
    let sample = crate::sample_project();
    claimscope::store::save(&sample, &path).expect("saved");
    let (session, _) = Session::open(&path).expect("opens");
    let mut w = Workbench::new(session, Settings { suggest_tags: true, builtin_picker: true, ..Settings::default() });
    let runner = Runner::manual();
    w.set_runner(runner.clone());
    let mut h =
        Harness::builder().with_size(size).with_max_steps(64).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    // The learned part trains on the runner: let it.
    runner.run_pending();
    h.run();
    (h, runner, path)
}

/// Draws a few frames, letting the background work they start (training, held-out scores,
/// saving) run in between, until the window settles.
fn settle(h: &mut Harness<'static, Workbench>, runner: &Runner) {
    for _ in 0..3 {
        h.run_steps(2);
        runner.run_pending();
    }
    h.run();
}

#[test]
fn suggestions_are_walked_accepted_rejected_and_undone_by_keyboard_and_rejections_survive_reopening() {
    for size in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut h, runner, path) = opened(dir.path(), size);
        let doc = h.state().reader.doc().expect("an article is open");
        assert!(!h.state().reader.suggested.is_empty(), "{size:?}: suggestions are drawn in the reader");
        assert!(h.state().reader.suggested.iter().all(|s| !s.current && s.suggestion.doc == doc));
        // ] walks to the first suggestion: current, drawn so, its reasons in the status bar.
        h.key_press(Key::CloseBracket);
        h.run();
        let first = h.state().compare.tags.current.clone().expect("a current suggestion");
        assert_eq!(h.state().reader.suggested.iter().filter(|s| s.current).count(), 1);
        assert!(h.state().status().text.contains(&format!("Suggested {}", first.tag)), "{}", h.state().status().text);
        assert!(h.state().status().text.contains(&first.why[0]));
        // Every reason whole in the inspector, not only on hover (the status bar cuts them).
        for why in &first.why {
            assert!(h.query_by_label(&format!("• {why}")).is_some(), "{size:?}: the reason {why:?} in the inspector");
        }
        // ] again moves on, [ comes back.
        h.key_press(Key::CloseBracket);
        h.run();
        let second = h.state().compare.tags.current.clone().expect("the next one");
        assert!((second.range.start, second.range.end) >= (first.range.start, first.range.end) && second != first);
        h.key_press(Key::OpenBracket);
        h.run();
        assert_eq!(h.state().compare.tags.current.as_ref(), Some(&first));

        // Enter accepts: an ordinary annotation with its tag and speaker; walking goes on.
        let before = h.state().project().annotation_count();
        h.key_press(Key::Enter);
        settle(&mut h, &runner);
        let p = h.state().project();
        assert_eq!(p.annotation_count(), before + 1, "{size:?}");
        let made = p
            .annotations_of(doc)
            .find(|a| a.range() == first.range && a.tag == first.tag_id)
            .expect("the accepted suggestion is an annotation");
        assert_eq!(made.speaker, first.speaker.clone().unwrap_or_default());
        assert!(!h.state().reader.suggested.iter().any(|s| s.suggestion == first), "no longer suggested");
        let next = h.state().compare.tags.current.clone().expect("walking went on to the next suggestion");
        assert!(next.range.start >= first.range.start);
        // Ctrl+Z undoes it.
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        assert_eq!(h.state().project().annotation_count(), before);

        // Delete rejects the current one (no annotation is selected): remembered in the project.
        h.key_press(Key::CloseBracket);
        h.run();
        let rejected = h.state().compare.tags.current.clone().expect("a current suggestion");
        assert_eq!(h.state().selected(), None);
        h.key_press(Key::Delete);
        settle(&mut h, &runner);
        let p = h.state().project();
        assert_eq!(p.annotation_count(), before, "Delete did not delete an annotation");
        assert_eq!(p.dismissed().iter().filter(|d| d.key.starts_with(REJECTED)).count(), 1);
        assert!(
            !h.state()
                .reader
                .suggested
                .iter()
                .any(|s| s.suggestion.range == rejected.range && s.suggestion.tag_id == rejected.tag_id)
        );
        // Saved and opened again, it stays rejected.
        h.key_press_modifiers(Modifiers::COMMAND, Key::S);
        settle(&mut h, &runner);
        // (Read as the next session would; this one still holds the file's lock.)
        let reopened = claimscope::store::load(&path).expect("reads again").project;
        let p = &reopened;
        assert_eq!(p.dismissed().iter().filter(|d| d.key.starts_with(REJECTED)).count(), 1, "{size:?}");
        assert!(
            !suggest_for(p, doc, &Sources::built_in())
                .iter()
                .any(|s| s.range == rejected.range && s.tag_id == rejected.tag_id),
            "a rejected suggestion does not come back after reopening"
        );
        // The caret in a suggestion makes it the one Enter accepts.
        let target = h.state().reader.suggested.iter().map(|s| s.suggestion.clone()).find(|s| s.range.len() > 2);
        let target = target.expect("a suggestion to put the caret in");
        h.state_mut().compare.tags.current = None;
        h.state_mut().reader.select_range(target.range.start + 1..target.range.start + 1);
        settle(&mut h, &runner);
        assert_eq!(h.state().compare.tags.current.as_ref().map(|c| c.range.clone()), Some(target.range.clone()));
        let before = h.state().project().annotation_count();
        h.key_press(Key::Enter);
        settle(&mut h, &runner);
        assert_eq!(
            h.state().project().annotation_count(),
            before + 1,
            "{size:?}: Enter accepts the one under the caret"
        );
        assert!(h.state().project().annotations_of(doc).any(|a| a.range() == target.range && a.tag == target.tag_id));
        // Ctrl+G hides them all.
        h.key_press_modifiers(Modifiers::COMMAND, Key::G);
        h.run();
        assert!(h.state().reader.suggested.is_empty() && !h.state().compare.tags.shown);
    }
}

#[test]
fn the_side_list_filters_shows_held_out_figures_and_accepts_a_filtered_set_in_one_undo_step() {
    for size in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut h, runner, _) = opened(dir.path(), size);
        h.state_mut().compare.open = true;
        h.state_mut().compare.tab = Tab::Tags;
        settle(&mut h, &runner);
        // The tab fits its column: nothing past the window, the reader keeps its width.
        let l = h.state().layout();
        for r in [l.articles, l.inspector, l.compare, l.central].into_iter().flatten() {
            assert!(r.max.x <= size.x + 0.5 && r.max.y <= size.y + 0.5, "{size:?}: {r:?} leaves the window: {l:?}");
        }
        assert!(l.central.is_some_and(|c| c.width() >= claimscope::ui::app::READER_MIN_WIDTH), "{size:?}: {l:?}");
        // Each tag's held-out precision and recall beside its threshold.
        let figures = h.query_all_by_label_contains("precision").count();
        assert_eq!(figures, 4, "{size:?}: held-out figures beside each of the sample's tags");
        // Only Allegation, at a threshold of 0.2: every listed suggestion passes both.
        h.state_mut().compare.tags.filter = Some("Allegation".into());
        h.state_mut().compare.tags.thresholds.insert("Allegation".into(), 0.2);
        settle(&mut h, &runner);
        let listed: Vec<_> =
            h.state().compare.tags.visible().into_iter().filter(|s| s.tag == "Allegation").cloned().collect();
        assert!(!listed.is_empty(), "{size:?}");
        let before = h.state().project().annotation_count();
        let label = format!("Accept all {}", listed.len());
        h.get_by_label(&label).click();
        settle(&mut h, &runner);
        let p = h.state().project();
        assert_eq!(p.annotation_count(), before + listed.len(), "{size:?}");
        let allegation = p.tags().iter().find(|t| t.name == "Allegation").expect("tag").id;
        for s in &listed {
            assert!(p.annotations_of(s.doc).any(|a| a.range() == s.range && a.tag == allegation), "{s:?}");
        }
        let allegations =
            |h: &Harness<'static, Workbench>| h.state().project().annotations().filter(|a| a.tag == allegation).count();
        let accepted = allegations(&h);
        let on = |n: usize| format!("on your {n} passages");
        assert!(h.query_by_label_contains(&on(accepted)).is_some(), "{size:?}: the figures count the accepted");
        // One undo step takes them all back. Until the suggestions are worked out again the
        // list says so (it said "No suggestions" for seconds, with the dashes back in the text),
        // and so do the held-out figures (they named the undone count as the project's).
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run_steps(3);
        assert!(h.query_by_label("No suggestions at these thresholds.").is_none(), "{size:?}");
        assert!(h.query_by_label("updating…").is_some(), "{size:?}: the list says it is being remade");
        let stale = format!("{} before your last change; measuring again…", on(accepted));
        assert!(h.query_by_label_contains(&stale).is_some(), "{size:?}: the old figures are said to be old");
        settle(&mut h, &runner);
        assert!(h.query_by_label("updating…").is_none(), "{size:?}");
        assert_eq!(h.state().project().annotation_count(), before);
        assert!(h.query_by_label_contains("measuring again").is_none(), "{size:?}");
        use egui_kittest::kittest::NodeT as _;
        let restored = format!("{} passages", allegations(&h));
        assert!(
            h.query_all_by_label_contains("held out").any(|n| n
                .accesskit_node()
                .label()
                .or_else(|| n.value())
                .is_some_and(|l| l.ends_with(&restored))),
            "{size:?}: the figures count the project as it is again"
        );
        // A click on a listed passage shows it in the reader as the current suggestion.
        let quote = {
            let s = &listed[0];
            let text = h.state().project().document(s.doc).expect("doc").text.slice(s.range.clone()).to_owned();
            claimscope::model::truncate(&text, 40)
        };
        // The list shows it in quotation marks (the reader's paragraph holds it too).
        let prefix: String = std::iter::once('“').chain(quote.chars().take(30)).collect();
        // In the small window it is below the fold: scrolled to, as the analyst would.
        h.get_by_label_contains(&prefix).scroll_to_me();
        h.run();
        h.get_by_label_contains(&prefix).click();
        settle(&mut h, &runner);
        assert_eq!(h.state().compare.tags.current.as_ref().map(|c| c.range.clone()), Some(listed[0].range.clone()));
        assert_eq!(h.state().reader.doc(), Some(listed[0].doc));
    }
}

/// Walking to a suggestion from the article list (Alt+A, then `]`) lets Delete reject it, as
/// the keys say: the list had kept the keyboard, and Delete offered to delete the article.
#[test]
fn delete_rejects_a_suggestion_walked_to_from_the_article_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, runner, _) = opened(dir.path(), vec2(1360.0, 860.0));
    h.key_press_modifiers(Modifiers::ALT, Key::A);
    h.run();
    h.key_press(Key::CloseBracket);
    settle(&mut h, &runner);
    assert!(h.state().compare.tags.current.is_some(), "a current suggestion");
    let docs = h.state().project().documents().len();
    h.key_press(Key::Delete);
    settle(&mut h, &runner);
    assert_eq!(h.query_all_by_label_contains("Delete the article").count(), 0, "no question about the article");
    let p = h.state().project();
    assert_eq!(p.documents().len(), docs);
    assert_eq!(p.dismissed().iter().filter(|d| d.key.starts_with(REJECTED)).count(), 1, "rejected");
}

/// "Accept all" clicked twice on the list of every article, the second time while the list is
/// worked out anew (it still offers the passages just tagged): each is tagged once (every
/// annotation had been made twice).
#[test]
fn accept_all_clicked_twice_tags_each_passage_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, runner, _) = opened(dir.path(), vec2(1360.0, 860.0));
    h.state_mut().compare.open = true;
    h.state_mut().compare.tab = Tab::Tags;
    h.state_mut().compare.tags.scope = claimscope::ui::tag_suggestions::Scope::Project;
    h.state_mut().compare.tags.filter = Some("Allegation".into());
    h.state_mut().compare.tags.thresholds.insert("Allegation".into(), 0.2);
    settle(&mut h, &runner);
    use egui_kittest::kittest::NodeT as _;
    let label = h
        .query_all_by_label_contains("Accept all ")
        .filter_map(|n| n.accesskit_node().label())
        .next()
        .expect("an Accept all button");
    let n: usize = label.trim_start_matches("Accept all ").parse().expect("a count");
    assert!(n > 0, "{label}");
    let before = h.state().project().annotation_count();
    h.get_by_label(&label).click();
    h.run_steps(2);
    assert!(h.query_by_label(&label).is_some(), "the list drawn before is still offered");
    h.get_by_label(&label).click();
    settle(&mut h, &runner);
    assert_eq!(h.state().project().annotation_count(), before + n, "each passage tagged once");
    // One undo takes the one acceptance back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h, &runner);
    assert_eq!(h.state().project().annotation_count(), before);
}

/// What suggestions look like in the reader: dashed outlines in the tag's colour beside the
/// filled annotations, the one walked to solid.
#[test]
fn snapshot_suggested_tags_in_the_reader() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, runner, _) = opened(dir.path(), vec2(1360.0, 860.0));
    h.key_press(Key::CloseBracket);
    settle(&mut h, &runner);
    assert!(h.state().reader.suggested.iter().any(|s| s.current));
    // Off the text, so no hover card appears in the picture.
    h.event(eframe::egui::Event::PointerMoved(eframe::egui::Pos2::new(5.0, 845.0)));
    h.run();
    h.snapshot("suggested_tags_in_the_reader");
}

/// The caret at a suggestion's start makes it current without showing it: the first ] goes to
/// it, the next ] on. After Enter accepts, the next suggestion is current and drawn so at once,
/// not only once the model has been trained again.
#[test]
fn the_first_walk_reaches_the_suggestion_at_the_caret_and_an_accept_goes_on_to_a_drawn_current_one() {
    for size in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut h, runner, _) = opened(dir.path(), size);
        let suggested: Vec<_> = h.state().reader.suggested.iter().map(|s| s.suggestion.clone()).collect();
        let target = suggested.get(1).cloned().expect("two suggestions in the article");
        h.state_mut().reader.select_range(target.range.start..target.range.start);
        settle(&mut h, &runner);
        assert_eq!(h.state().compare.tags.current.as_ref(), Some(&target), "{size:?}: the caret made it current");
        h.key_press(Key::CloseBracket);
        h.run();
        assert_eq!(h.state().compare.tags.current.as_ref(), Some(&target), "{size:?}: the first ] shows it");
        assert!(h.state().status().text.contains(&format!("Suggested {}", target.tag)), "{}", h.state().status().text);
        h.key_press(Key::CloseBracket);
        h.run();
        let next = h.state().compare.tags.current.clone().expect("the next one");
        assert_ne!(next, target, "{size:?}: the second ] moves on");

        // Enter accepts; before the runner retrains the model, the next one is already current
        // and drawn as the current one.
        h.key_press(Key::Enter);
        h.run();
        assert!(runner.pending() > 0, "the model is being trained again");
        let current = h.state().compare.tags.current.clone().expect("walking went on at once");
        assert!(current.range.start >= next.range.start && current != next, "{size:?}");
        let drawn: Vec<_> = h.state().reader.suggested.iter().filter(|s| s.current).collect();
        assert_eq!(drawn.len(), 1, "{size:?}: the current one is drawn solid before the retraining");
        assert_eq!(drawn[0].suggestion, current);
        // Once retrained, it stays current if still suggested.
        settle(&mut h, &runner);
        let after = h.state().compare.tags.current.clone().expect("still a current one");
        assert!(after.range.start >= next.range.start, "{size:?}");
        assert_eq!(h.state().reader.suggested.iter().filter(|s| s.current).count(), 1);
        // Another article shown: the message about this one's suggestion goes with it.
        h.key_press(Key::OpenBracket);
        h.run();
        assert!(h.state().status().text.starts_with("Suggested "), "{}", h.state().status().text);
        let doc = h.state().reader.doc();
        let other = h.state().project().documents().iter().map(|d| d.id).find(|d| Some(*d) != doc).expect("another");
        h.state_mut().push(claimscope::ui::Intent::OpenDocument(other));
        h.run();
        assert!(!h.state().status().text.contains("Suggested "), "{size:?}: {}", h.state().status().text);
        // A suggestion that is current no more (an accept re-scored the rest and it went) is
        // not offered on in the status bar (a walk: "Suggested Allegation 0.52 — Enter
        // accepts…" stood over nothing).
        h.state_mut().push(claimscope::ui::Intent::OpenDocument(doc.expect("the first article")));
        h.run();
        h.key_press(Key::CloseBracket);
        h.run();
        assert!(h.state().status().text.starts_with("Suggested "), "{}", h.state().status().text);
        h.state_mut().compare.tags.current = None;
        h.run();
        assert!(!h.state().status().text.starts_with("Suggested "), "{size:?}: {}", h.state().status().text);
    }
}

/// A threshold's slider takes the keyboard when clicked and moves in hundredths (a typed 0.36
/// became 0.35, and the arrows did nothing after a click).
#[test]
fn a_clicked_threshold_slider_moves_by_the_arrows_in_hundredths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, runner, _) = opened(dir.path(), vec2(1360.0, 860.0));
    h.state_mut().compare.open = true;
    h.state_mut().compare.tab = Tab::Tags;
    settle(&mut h, &runner);
    let first = h.state().project().tags()[0].name.clone();
    let slider = h.query_all_by_role(eframe::egui::accesskit::Role::Slider).next().expect("a slider");
    // The click sets the value where it lands, and gives the slider the keyboard.
    slider.click();
    h.run();
    let before = h.state().compare.tags.threshold(&first);
    h.key_press(Key::ArrowRight);
    h.run();
    let after = h.state().compare.tags.threshold(&first);
    assert!((after - before - 0.01).abs() < 1e-4, "{before} -> {after}");
}

/// A walk through suggestions ends when the analyst moves to an annotation or presses Esc:
/// Enter and Delete then act on what the inspector shows (a helper saw Enter tag a passage out
/// of view after N had moved on to an annotation, and Delete delete that annotation).
#[test]
fn moving_to_an_annotation_or_esc_ends_a_walk_so_enter_never_accepts_a_suggestion_out_of_view() {
    for size in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut h, runner, _) = opened(dir.path(), size);
        h.key_press(Key::CloseBracket);
        h.run();
        assert!(h.state().compare.tags.current.is_some(), "{size:?}: ] walked to one");
        let before = h.state().project().annotation_count();
        // N: the next annotation, shown in the inspector.
        h.key_press(Key::N);
        h.run();
        let shown = h.state().selected().expect("an annotation selected");
        assert_eq!(h.state().compare.tags.current, None, "{size:?}: the walk ended");
        assert!(!h.state().status().text.contains("Enter accepts"), "{size:?}: {}", h.state().status().text);
        h.key_press(Key::Enter);
        settle(&mut h, &runner);
        assert_eq!(h.state().project().annotation_count(), before, "{size:?}: Enter accepted nothing");
        assert_eq!(h.state().selected(), Some(shown));

        // ] then Esc: nothing is current; Enter accepts nothing.
        h.key_press(Key::Escape);
        h.run();
        h.key_press(Key::CloseBracket);
        h.run();
        assert!(h.state().compare.tags.current.is_some());
        h.key_press(Key::Escape);
        h.run();
        assert_eq!(h.state().compare.tags.current, None, "{size:?}: Esc ended the walk");
        h.key_press(Key::Enter);
        settle(&mut h, &runner);
        assert_eq!(h.state().project().annotation_count(), before, "{size:?}: Enter after Esc accepted nothing");
    }
}

/// Suggestion thresholds belong to their project: lowered in one, they are not in another
/// opened after it, and they come back with the first (a helper saw Rhetoric at 0 in every
/// project after lowering it in one).
#[test]
fn suggestion_thresholds_are_kept_per_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, _runner, first) = opened(dir.path(), vec2(1360.0, 860.0));
    let second = dir.path().join("second.ron");
    claimscope::store::save(&claimscope::model::Project::new("second"), &second).expect("saved");
    h.state_mut().compare.tags.thresholds.insert("Rhetoric".into(), 0.0);
    h.run();
    h.state_mut().open_path(&second);
    h.run();
    assert_eq!(h.state().compare.tags.threshold("Rhetoric"), claimscope::ui::tag_suggestions::DEFAULT_THRESHOLD);
    h.state_mut().open_path(&first);
    h.run();
    assert_eq!(h.state().compare.tags.threshold("Rhetoric"), 0.0);
    let kept = h.state().settings.project_thresholds.get(&first).and_then(|t| t.get("Rhetoric")).copied();
    assert_eq!(kept, Some(0.0), "kept in the settings, by project file");
}

/// The remembered thresholds come from the settings file, which is someone's file: 20,000
/// projects (names holding -, %, $() and quotes, thresholds that are not numbers) are cut to
/// the most kept when a threshold is next set, those whose files are gone first, the open
/// project's kept.
#[test]
fn remembered_thresholds_from_a_hostile_settings_file_are_cut_to_the_most_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.ron");
    claimscope::store::save(&claimscope::model::Project::new("p"), &path).expect("saved");
    let mut settings = Settings { builtin_picker: true, ..Settings::default() };
    for k in 0..20_000 {
        let name = format!("/nowhere/-{k} %s $(touch x) \"q'.ron");
        settings.project_thresholds.insert(name.into(), [("Rhetoric".to_owned(), f32::NAN)].into());
    }
    // And 300 whose files are there: past the files gone, the first in order go.
    for k in 0..300 {
        let there = dir.path().join(format!("-{k} %s $(touch x) \"q'.ron"));
        std::fs::write(&there, "").expect("writes");
        settings.project_thresholds.insert(there, [("Rhetoric".to_owned(), 0.1)].into());
    }
    let (session, _) = Session::open(&path).expect("opens");
    let mut w = Workbench::new(session, settings);
    w.set_runner(Runner::manual());
    let mut h = Harness::builder()
        .with_size(vec2(1360.0, 860.0))
        .with_max_steps(64)
        .build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    h.state_mut().compare.tags.thresholds.insert("Fact".into(), 0.5);
    h.run();
    let kept = &h.state().settings.project_thresholds;
    assert_eq!(kept.len(), 100, "{} kept", kept.len());
    assert!(kept.keys().all(|p| p.exists()), "those whose files are gone go first");
    assert_eq!(kept.get(&path).and_then(|t| t.get("Fact")).copied(), Some(0.5));
}

/// Rejecting the last suggestion of an article leaves none current; ] then says there are no
/// more after it (it went back to the article's first, from the caret at the top: a helper read
/// that as a walk that skipped).
#[test]
fn after_rejecting_the_last_suggestion_the_walk_does_not_start_again_at_the_top() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, runner, _) = opened(dir.path(), vec2(900.0, 600.0));
    let last = h.state().reader.suggested.iter().map(|s| s.suggestion.clone()).next_back().expect("suggestions");
    // Walked to, the last one says it is the last (it offered "] next").
    let n = h.state().reader.suggested.len();
    for _ in 0..n {
        h.key_press(Key::CloseBracket);
        h.run();
    }
    assert_eq!(h.state().compare.tags.current.as_ref(), Some(&last));
    assert!(h.state().status().text.contains("the last in this article"), "{}", h.state().status().text);
    h.state_mut().reader.select_range(last.range.start..last.range.start);
    settle(&mut h, &runner);
    h.state_mut().reader.select_range(0..0);
    h.key_press(Key::Escape);
    h.run();
    h.state_mut().compare.tags.current = Some(last.clone());
    h.state_mut().compare.tags.by_caret = false;
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().compare.tags.current, None, "nothing after the last");
    // The model retrained on the project with the rejection, as it is in the window at once.
    settle(&mut h, &runner);
    h.key_press(Key::CloseBracket);
    h.run();
    assert_eq!(h.state().compare.tags.current, None, "] did not go back to the first");
    assert!(h.state().status().text.contains("No more suggested tags after this one"), "{}", h.state().status().text);
    settle(&mut h, &runner);
}

/// Walking with ] brings the current suggestion's card into view in the side list (at 900x600
/// the list had stayed at its top, the current card out of sight below the thresholds).
#[test]
fn walking_scrolls_the_side_list_to_the_current_suggestion() {
    for size in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut h, runner, _) = opened(dir.path(), size);
        h.state_mut().compare.open = true;
        h.state_mut().compare.tab = Tab::Tags;
        settle(&mut h, &runner);
        let n = h.state().compare.tags.visible().len();
        assert!(n >= 4, "{size:?}: {n} suggestions");
        for k in 0..n.min(6) {
            h.key_press(Key::CloseBracket);
            settle(&mut h, &runner);
            let current = h.state().compare.tags.current.clone().expect("current");
            let text =
                h.state().project().document(current.doc).expect("doc").text.slice(current.range.clone()).to_owned();
            let prefix: String =
                std::iter::once('“').chain(claimscope::model::truncate(&text, 40).chars().take(30)).collect();
            let card = h.get_by_label_contains(&prefix).rect();
            let panel = h.state().layout().compare.expect("the side view");
            assert!(
                card.min.y >= panel.min.y - 0.5 && card.max.y <= panel.max.y + 0.5,
                "{size:?}, step {k}: the current card {card:?} is out of the side view {panel:?}"
            );
        }
    }
}

/// Accept or Reject pressed by keyboard in the side list leaves the keyboard on the same button
/// of the card that takes its place (the card went, and the keyboard back to the menu bar).
#[test]
fn accept_and_reject_by_keyboard_keep_the_keyboard_in_the_list() {
    for size in SIZES {
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut h, runner, _) = opened(dir.path(), size);
        h.state_mut().compare.open = true;
        h.state_mut().compare.tab = Tab::Tags;
        settle(&mut h, &runner);
        let n = h.state().compare.tags.visible().len();
        assert!(n >= 3, "{size:?}");
        for (button, k) in [("Reject", 1), ("Accept", 2)] {
            let before = h.state().compare.tags.visible().len();
            h.get_all_by_label(button).next().expect("a card").focus();
            h.run();
            h.key_press(Key::Enter);
            settle(&mut h, &runner);
            assert_eq!(h.state().compare.tags.visible().len(), before - 1, "{size:?}: {button} {k}");
            assert!(h.query_all_by_label(button).any(|b| b.is_focused()), "{size:?}: {button} has the keyboard");
        }
    }
}

/// With a suggestion current, Enter on a focused button presses the button: on Reject it had
/// accepted the current suggestion instead (Make claim and the scope toggle the same). Enter in
/// the text still accepts it.
#[test]
fn enter_on_a_focused_button_presses_it_while_a_suggestion_is_current() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, runner, _) = opened(dir.path(), vec2(1360.0, 860.0));
    h.state_mut().compare.open = true;
    h.state_mut().compare.tab = Tab::Tags;
    settle(&mut h, &runner);
    h.key_press(Key::CloseBracket);
    settle(&mut h, &runner);
    assert!(h.state().compare.tags.current.is_some(), "a current suggestion");
    let annotations = h.state().project().annotation_count();
    h.get_all_by_label("Reject").next().expect("a card").focus();
    h.run();
    h.key_press(Key::Enter);
    settle(&mut h, &runner);
    let p = h.state().project();
    assert_eq!(p.annotation_count(), annotations, "nothing accepted");
    assert_eq!(p.dismissed().iter().filter(|d| d.key.starts_with(REJECTED)).count(), 1, "the card rejected");
    // In the text, Enter accepts the current one.
    h.state_mut().reader.focus_request = true;
    h.run();
    h.key_press(Key::CloseBracket);
    settle(&mut h, &runner);
    assert!(h.state().compare.tags.current.is_some(), "a current suggestion");
    h.key_press(Key::Enter);
    settle(&mut h, &runner);
    assert_eq!(h.state().project().annotation_count(), annotations + 1, "accepted from the text");
}

/// With all articles listed, ] past the open article's last suggestion goes on to the next
/// article's first, and [ back (a walk: "No suggested tags in this article" with three listed
/// in others, reachable only by some thirty Tabs).
#[test]
fn with_all_articles_listed_the_brackets_walk_into_the_other_articles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, runner, _) = opened(dir.path(), vec2(1360.0, 860.0));
    h.state_mut().compare.open = true;
    h.state_mut().compare.tab = Tab::Tags;
    h.state_mut().compare.tags.scope = claimscope::ui::tag_suggestions::Scope::Project;
    settle(&mut h, &runner);
    let first_doc = h.state().reader.doc().expect("an article");
    // The caret at the article's end: nothing after it here.
    let end = h.state().project().document(first_doc).expect("there").text.len_chars();
    h.state_mut().reader.select_range(end..end);
    settle(&mut h, &runner);
    h.key_press(Key::CloseBracket);
    h.run();
    let current = h.state().compare.tags.current.clone().expect("a suggestion in another article");
    assert_ne!(current.doc, first_doc);
    // What comes next is said from the whole list (the article before's list had said "the
    // last in this article" with more below).
    let said = h.state().status().text.clone();
    assert!(!said.contains("the last in this article"), "{said}");
    assert!(said.contains("] next") || said.contains("the last of all"), "{said}");
    assert_eq!(h.state().reader.doc(), Some(current.doc), "its article is shown");
    settle(&mut h, &runner);
    assert_eq!(h.state().compare.tags.current.as_ref(), Some(&current), "and it stays current there");
    assert!(h.state().status().text.starts_with("Suggested "), "{}", h.state().status().text);
}

/// With all articles listed, [ from an article's start goes back to the previous article's
/// last suggestion, and the status says ] goes on (into the next article): it had said "the
/// last in this article", worked out from the list of the article it came from.
#[test]
fn with_all_articles_listed_the_status_says_what_comes_next_from_the_whole_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, runner, _) = opened(dir.path(), vec2(1360.0, 860.0));
    h.state_mut().compare.open = true;
    h.state_mut().compare.tab = Tab::Tags;
    h.state_mut().compare.tags.scope = claimscope::ui::tag_suggestions::Scope::Project;
    let docs: Vec<_> = h.state().project().documents().iter().map(|d| d.id).collect();
    let last = *docs.last().expect("articles");
    h.state_mut().push(claimscope::ui::Intent::OpenDocument(last));
    settle(&mut h, &runner);
    h.state_mut().reader.select_range(0..0);
    settle(&mut h, &runner);
    h.key_press(Key::OpenBracket);
    h.run();
    let current = h.state().compare.tags.current.clone().expect("a suggestion in an article before");
    assert_ne!(current.doc, last);
    let said = h.state().status().text.clone();
    assert!(said.contains("] next"), "{said}");
}

/// When the model retrained on an accept changes what else is suggested in the article, the
/// status bar says how many went and came (a walk: one accept took many suggestions away, and
/// nothing said why); when it changes nothing, it says nothing.
#[test]
fn what_the_retrained_model_changed_is_said() {
    use std::collections::HashSet;
    type Shown = HashSet<(usize, usize, claimscope::model::TagId)>;
    let shown = |h: &Harness<'static, Workbench>| -> Shown {
        let s = &h.state().reader.suggested;
        s.iter().map(|s| (s.suggestion.range.start, s.suggestion.range.end, s.suggestion.tag_id)).collect()
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut h, runner, _) = opened(dir.path(), SIZES[0]);
    let mut changed = 0;
    for _ in 0..8 {
        h.key_press(Key::CloseBracket);
        h.run();
        let Some(current) = h.state().compare.tags.current.clone() else { break };
        let mut before = shown(&h);
        before.remove(&(current.range.start, current.range.end, current.tag_id));
        h.key_press(Key::Enter);
        h.run();
        assert!(h.state().compare.tags.learning(), "the model retrains");
        assert!(!h.state().status().text.contains("Relearnt"), "{}", h.state().status().text);
        runner.run_pending();
        h.run();
        let after = shown(&h);
        let (gone, new) = (before.difference(&after).count(), after.difference(&before).count());
        let status = h.state().status().text.clone();
        if gone + new == 0 {
            assert!(!status.contains("Relearnt"), "{status}");
            continue;
        }
        changed += 1;
        let said = format!("{} suggestion", if gone == 0 { new } else { gone });
        assert!(
            status.contains("Relearnt from your tags") && status.contains(&said),
            "{status} ({gone} gone, {new} new)"
        );
        if new > 0 && gone > 0 {
            assert!(status.contains(&format!("{new} new")), "{status}");
        }
    }
    // A word the analyst tags where it occurs twice: the retrained model proposes its other
    // occurrence (the analyst's phrases found again), and says so.
    let doc = h.state().reader.doc().expect("an article is open");
    let p = h.state().project().clone();
    let text = p.document(doc).expect("there").text.as_str().to_owned();
    let chars: Vec<char> = text.chars().collect();
    let mut words: std::collections::BTreeMap<String, Vec<std::ops::Range<usize>>> = Default::default();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            if w.len() >= 7 && w.chars().all(char::is_lowercase) {
                words.entry(w).or_default().push(start..i);
            }
        }
        i += 1;
    }
    let free = |r: &std::ops::Range<usize>| p.annotations_of(doc).all(|a| a.end <= r.start || a.start >= r.end);
    let (word, at) = words
        .iter()
        .find(|(_, rs)| rs.len() == 2 && rs.iter().all(free))
        .map(|(w, rs)| (w.clone(), rs.clone()))
        .expect("a word twice in the article");
    let rhetoric = p.find_tag("Rhetoric").expect("tag").id;
    let (_, edit) =
        p.annotate(doc, at[0].clone(), rhetoric, claimscope::model::NewAnnotation::default()).expect("valid");
    let before = shown(&h);
    h.state_mut().push(claimscope::ui::Intent::Edit { edit, label: "Tag".into() });
    h.run();
    runner.run_pending();
    h.run();
    let after = shown(&h);
    assert!(after.contains(&(at[1].start, at[1].end, rhetoric)), "{word:?} at {:?} is proposed: {after:?}", at[1]);
    let new = after.difference(&before).count();
    let status = h.state().status().text.clone();
    assert!(status.contains("Relearnt from your tags"), "{status}");
    assert!(
        status.contains(&format!("{new} suggestion")) || status.contains(&format!("{new} new")),
        "{status} ({new} new)"
    );
    let _ = changed;
}
