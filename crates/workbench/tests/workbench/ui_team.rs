//! Headless UI tests of the team view: settling merge conflicts and adjudicating two analysts'
//! work in the running workbench, at the window sizes people use.

use claimscope::model::{Choice, Conflict, Project, Side, Subject, Value};
use claimscope::ui::session::Session;
use claimscope::ui::{Settings, Workbench};
use eframe::egui::{Key, Modifiers, Vec2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn sample() -> Project {
    crate::sample_project()
}

fn harness(w: Workbench, size: Vec2) -> Harness<'static, Workbench> {
    let mut h =
        Harness::builder().with_size(size).with_max_steps(64).build_ui_state(|ui, w: &mut Workbench| w.ui(ui), w);
    h.run();
    h
}

/// Every panel inside the window and beside, not under, the others (a table wider than the team
/// view's column had pushed it past the window's edge, under the inspector's strip).
fn fits(h: &Harness<'static, Workbench>, size: Vec2) {
    let l = h.state().layout();
    let all: Vec<_> = [l.articles, l.inspector, l.compare, l.central].into_iter().flatten().collect();
    for (i, a) in all.iter().enumerate() {
        assert!(a.max.x <= size.x + 0.5 && a.max.y <= size.y + 0.5, "{size:?}: {a:?} leaves the window: {l:?}");
        for b in &all[i + 1..] {
            let o = a.intersect(*b);
            assert!(o.width() <= 2.0 || o.height() <= 2.0, "{size:?}: {a:?} and {b:?} overlap: {l:?}");
        }
    }
}

fn bench(p: Project) -> Workbench {
    Workbench::new(Session::unsaved(p), Settings { builtin_picker: true, ..Settings::default() })
}

/// The right analyst: the sample with one annotation retagged, one removed and one added.
fn right_analyst(left: &Project) -> Project {
    let mut p = left.clone();
    let anns: Vec<_> = p.annotations().take(2).cloned().collect();
    let (first, second) = (anns[0].clone(), anns[1].clone());
    let other_tag = p.tags().iter().find(|t| t.id != first.tag).expect("another tag").id;
    let e = p.retag(first.id, other_tag).expect("retags");
    p.apply(e).expect("applies");
    p.apply(claimscope::model::Edit::RemoveAnnotation(second.id)).expect("removes");
    p
}

#[test]
fn adjudicate_take_a_difference_then_undo_it_at_both_sizes() {
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        let left = sample();
        let right = right_analyst(&left);
        let mut w = bench(Project::new("empty"));
        w.start_adjudication(&left, &right, ("ana", "ben")).expect("same texts");
        let mut h = harness(w, size);
        let (adj, _, _) = h.state().team.adjudication.as_ref().expect("under way");
        assert_eq!(adj.differences.len(), 2, "one other tag, one only left");
        assert_eq!(adj.agreed, left.annotation_count() - 2);
        let start = h.state().project().clone();
        assert_eq!(start.annotation_count(), left.annotation_count() - 2);
        // The result exists nowhere yet: unsaved from the start (the status bar said "no
        // changes", and closing the window would have dropped it without asking).
        assert!(h.state().session().is_dirty(), "{size:?}: the result is unsaved");
        assert!(h.query_by_label("unsaved changes").is_some(), "{size:?}: the status bar says so");
        assert!(h.state().team.open);
        let team = h.state().layout().compare.or(h.state().layout().central).expect("drawn");
        assert!(team.width() >= 300.0, "the team view has room at {size:?}: {team:?}");
        fits(&h, size);

        // How far the two agree, beside the differences.
        let figures = claimscope::analysis::agreement::compare(&left, &right).expect("comparable");
        let alpha = format!("{:.3}", figures.alpha.expect("alpha"));
        assert!(h.query_by_label_contains(&format!("alpha {alpha}")).is_some(), "alpha {alpha} shown at {size:?}");

        // The first difference is shown side by side; take the right analyst's version.
        h.get_by_label("Take right").click();
        h.run();
        let p = h.state().project();
        assert_eq!(p.annotation_count(), start.annotation_count() + 1, "{size:?}");
        assert_eq!(p.decisions().len(), 1);
        assert_eq!(p.decisions()[0].choice, Choice::Right);
        assert!(h.state().team.current.is_some());

        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        assert_eq!(h.state().project(), &start, "one undo takes the decision back at {size:?}");

        // "all right" would drop the passage only the left analyst marked: it asks first.
        h.get_by_label("all right").click();
        h.run();
        assert!(h.state().project().decisions().is_empty(), "nothing decided before the analyst agrees");
        assert!(h.query_by_label_contains("drops 1 passage(s) that only ana marked").is_some(), "{size:?}");
        h.get_by_label("Cancel").click();
        h.run();
        assert!(h.state().project().decisions().is_empty());

        // All of one kind at once.
        h.get_by_label("all left").click();
        h.run();
        let p = h.state().project();
        assert_eq!(p.decisions().len(), 2);
        assert_eq!(p.annotation_count(), left.annotation_count(), "both left versions taken");
        assert!(h.state().session().is_dirty(), "the result is unsaved until Save as");
    }
}

#[test]
fn a_merge_conflict_is_listed_and_settled_with_the_other_value() {
    let mut parts = sample().to_parts();
    let a = parts.annotations[0].id;
    parts.conflicts.push(Conflict {
        subject: Subject::Annotation(a),
        field: "note".into(),
        base: Value::Text(String::new()),
        ours: Value::Text(parts.annotations[0].note.to_string()),
        theirs: Value::Text("Ben: checked against the letter".into()),
        kept: Side::Ours,
        origin: claimscope::model::Origin {
            ours_by: "Ana".into(),
            ours_at: "2026-12-01T09:00:00Z".into(),
            theirs_by: "Ben".into(),
            theirs_at: "2026-12-02T10:00:00Z".into(),
            ours_branch: "HEAD".into(),
            theirs_branch: "ben/notes".into(),
        },
    });
    let p = Project::from_parts(parts).expect("valid").0;
    fits(&harness(bench(p.clone()), vec2(900.0, 600.0)), vec2(900.0, 600.0));
    let mut h = harness(bench(p.clone()), vec2(1360.0, 860.0));
    fits(&h, vec2(1360.0, 860.0));
    assert!(h.state().team.open, "conflicts open the team view");
    assert!(h.query_by_label_contains("kept, ours (HEAD) · Ana · 2026-12-01").is_some(), "whose the kept value is");
    assert!(h.query_by_label_contains("other, theirs (ben/notes) · Ben · 2026-12-02").is_some());
    h.get_by_label("Use other").click();
    h.run();
    let now = h.state().project();
    assert_eq!(now.annotation(a).map(|x| x.note.as_str()), Some("Ben: checked against the letter"));
    assert!(now.conflicts().is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().project(), &p, "undo brings the conflict back");
    h.get_by_label("Keep").click();
    h.run();
    assert!(h.state().project().conflicts().is_empty());
    assert!(h.query_by_label_contains("git add").is_some(), "says how to finish the merge");
    assert_eq!(h.state().project().annotation(a), p.annotation(a), "kept as it was");
}

#[test]
fn agreement_with_another_analysts_file_is_shown_per_tag() {
    let left = sample();
    let right = right_analyst(&left);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ben.ron");
    claimscope::store::save(&right, &path).expect("saves");
    let mut w = bench(left.clone());
    w.push(claimscope::ui::Intent::AgreeWith(path));
    let mut h = harness(w, vec2(1360.0, 860.0));
    let (_, other, figures) = h.state().team.agreement.as_ref().expect("shown");
    assert_eq!(other, "ben");
    let figures = figures.as_ref().expect("comparable").clone();
    assert!(figures.alpha.is_some_and(|a| a < 1.0 && a > 0.5));
    assert!(h.state().team.open);
    h.run();
    for tag in ["Fact", "Allegation", "Legal claim", "Rhetoric"] {
        assert!(h.query_all_by_label(tag).count() >= 1 || !figures.f1_by_tag.contains_key(tag), "{tag} has a row");
    }
    let kappa = format!("{:.3}", figures.kappa_exact.expect("kappa"));
    assert!(h.query_all_by_label(&kappa).next().is_some(), "kappa {kappa} shown");
    assert_eq!(h.state().project(), &left, "comparing changes nothing");
}

/// The agreement's tables beside the reader: inside the team view's column at both sizes (a
/// grid's long row labels had pushed the view past the window's edge at 900 px, under the
/// reader), the figures readable.
#[test]
fn the_agreement_fits_beside_the_reader_at_both_sizes() {
    for size in [vec2(1360.0, 860.0), vec2(900.0, 600.0)] {
        let left = sample();
        let right = right_analyst(&left);
        let mut w = bench(left.clone());
        w.show_agreement(&left, &right, ("ana", "ben"));
        let mut h = harness(w, size);
        for _ in 0..5 {
            h.step();
        }
        assert!(h.state().team.open);
        fits(&h, size);
        let team = h.state().layout().compare.expect("beside the reader");
        let figures = claimscope::analysis::agreement::compare(&left, &right).expect("comparable");
        let alpha = format!("{:.3}", figures.alpha.expect("alpha"));
        let shown = h.get_by_label_contains(&format!("alpha {alpha}")).rect();
        assert!(shown.min.x >= team.min.x && shown.max.x <= team.max.x + 0.5, "{size:?}: {shown:?} in {team:?}");
    }
}
