//! Tests of edits, undo and queries across the model.

use proptest::prelude::*;

use super::*;

/// Tricky text: curly quotes, dashes, emoji, right-to-left script, combining marks.
pub(crate) const TRICKY: [&str; 4] = [
    "The US said it acted in “self-defence” — citing Article 51. 🇺🇸 Iran called it “state terrorism”.",
    "قال المتحدث إن الضربة كانت \u{202B}دفاعاً عن النفس\u{202C}. Pompeo: “spurious”. Ame\u{301}lie 👩‍👩‍👧",
    "Zarif: “The US’ act of international terrorism … is extremely dangerous.” ‘Rigorous revenge’",
    "Plain ASCII line one.\nLine two, with a tab\there.\n\nA third paragraph.",
];

/// A project with one document per text of [`TRICKY`] and the default tags.
pub(crate) fn sample() -> Project {
    let mut p = Project::new("test");
    for (i, t) in TRICKY.iter().enumerate() {
        let (_, e) = p.add_document(&format!("Doc {i}"), "Outlet", "", "2020-01-03", Text::new(*t)).expect("ids left");
        p.apply(e).expect("adding a document to a fresh project");
    }
    p
}

fn tag(p: &Project, name: &str) -> TagId {
    p.find_tag(name).map(|t| t.id).expect("default tag")
}

#[test]
fn annotate_undo_redo() {
    let mut p = sample();
    let start = p.clone();
    let mut h = History::new();
    let d = p.documents()[0].id;
    let at = p.documents()[0].text.find_all("self-defence")[0];
    let (id, e) = p.annotate(d, at..at + 12, tag(&p, "Allegation"), NewAnnotation::default()).expect("valid");
    h.apply(&mut p, e, "Tag Allegation").expect("applies");
    let a = p.annotation(id).expect("added");
    assert_eq!(a.quote.exact, "self-defence");
    assert_eq!(a.text_quote(&p.documents()[0].text).prefix, "The US said it acted in “");
    assert!(h.is_dirty());
    assert_eq!(h.undo(&mut p), Ok(Some("Tag Allegation".into())));
    assert_eq!(p, start);
    assert!(!h.is_dirty());
    h.redo(&mut p).expect("redo");
    assert!(p.annotation(id).is_some());
    assert_eq!(p.annotations_of(d).count(), 1);
}

#[test]
fn merged_steps_undo_in_one_go() {
    let mut p = sample();
    let d = p.documents()[0].id;
    let (id, e) = p.annotate(d, 4..6, tag(&p, "Fact"), NewAnnotation::default()).expect("valid");
    let mut h = History::new();
    h.apply(&mut p, e, "tag").expect("applies");
    let before = p.clone();
    for end in 7..12 {
        let e = p.resize(id, 4..end).expect("valid");
        h.apply_merging(&mut p, e, "Resize", "resize a").expect("applies");
    }
    assert_eq!(p.annotation(id).map(|a| a.end), Some(11));
    assert_eq!(h.undo_len(), 2);
    h.undo(&mut p).expect("undo");
    assert_eq!(p, before);
    h.redo(&mut p).expect("redo");
    assert_eq!(p.annotation(id).map(|a| a.end), Some(11));
    // A sealed run does not take the next step in.
    h.seal();
    let e = p.resize(id, 4..8).expect("valid");
    h.apply_merging(&mut p, e, "Resize", "resize a").expect("applies");
    assert_eq!(h.undo_len(), 3);
}

#[test]
fn failed_batch_changes_nothing() {
    let mut p = sample();
    let before = p.clone();
    let d = p.documents()[0].id;
    let (_, good) = p.annotate(d, 0..3, tag(&p, "Fact"), NewAnnotation::default()).expect("valid");
    let bad = Edit::RemoveTag(TagId(9999));
    assert_eq!(p.apply(Edit::Batch(vec![good, bad])), Err(EditError::NoTag(TagId(9999))));
    assert_eq!(p, before);
    assert_eq!(p.annotations_of(d).count(), 0);
}

#[test]
fn refuses_bad_spans_and_dangling_ids() {
    let mut p = sample();
    let d = p.documents()[0].id;
    let len = p.documents()[0].text.len_chars();
    let fact = tag(&p, "Fact");
    assert!(matches!(p.annotate(d, 5..5, fact, NewAnnotation::default()), Err(EditError::EmptySpan { .. })));
    assert!(matches!(p.annotate(d, 0..len + 1, fact, NewAnnotation::default()), Err(EditError::OutOfRange { .. })));
    let (_, e) = p.annotate(d, 0..3, TagId(4242), NewAnnotation::default()).expect("built");
    assert_eq!(p.apply(e), Err(EditError::NoTag(TagId(4242))));
    let (_, e) =
        p.annotate(d, 0..3, fact, NewAnnotation { claim: Some(ClaimId(77)), ..Default::default() }).expect("built");
    assert_eq!(p.apply(e), Err(EditError::NoClaim(ClaimId(77))));
}

#[test]
fn ids_are_never_reused_after_undo() {
    let mut p = sample();
    let mut h = History::new();
    let d = p.documents()[0].id;
    let fact = tag(&p, "Fact");
    let (first, e) = p.annotate(d, 0..3, fact, NewAnnotation::default()).expect("valid");
    h.apply(&mut p, e, "a").expect("applies");
    h.undo(&mut p).expect("undo");
    let (second, _) = p.annotate(d, 0..3, fact, NewAnnotation::default()).expect("valid");
    assert_ne!(first, second);
}

#[test]
fn tag_in_use_cannot_be_removed_alone_but_can_be_reassigned() {
    let mut p = sample();
    let d = p.documents()[0].id;
    let (fact, rhet) = (tag(&p, "Fact"), tag(&p, "Rhetoric"));
    let (id, e) = p.annotate(d, 0..3, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("applies");
    assert!(matches!(p.apply(Edit::RemoveTag(fact)), Err(EditError::TagInUse(..))));
    let before = p.clone();
    let e = p.delete_tag(fact, Some(rhet)).expect("built");
    let undo = p.apply(e).expect("applies");
    assert_eq!(p.annotation(id).map(|a| a.tag), Some(rhet));
    assert!(p.tag(fact).is_none());
    p.apply(undo).expect("undo applies");
    assert_eq!(p, before);
    assert_eq!(p.tags()[0].id, fact, "the tag comes back at its old place");
}

#[test]
fn tag_names_and_keys_stay_unique() {
    let mut p = sample();
    let (_, e) = p.new_tag("fact").expect("built");
    assert_eq!(p.apply(e), Err(EditError::TagNameTaken("Fact".into())));
    let (id, e) = p.new_tag("Source").expect("built");
    p.apply(e).expect("applies");
    let t = p.tag(id).expect("added");
    assert_eq!(t.key, Some('5'));
    assert_ne!(t.colour, p.tags()[0].colour);
    let mut to = t.fields();
    to.key = Some('1');
    assert!(matches!(p.apply(Edit::UpdateTag { id, to }), Err(EditError::KeyTaken { key: '1', .. })));
}

/// Every new tag gets a colour of its own, past the seven of the palette too (the eighth took
/// the first's again, two tags one highlight), each far from the others.
#[test]
fn new_tags_past_the_palette_get_colours_of_their_own() {
    use super::tag::{PALETTE, next_colour};
    let mut p = Project::new("p");
    for i in 0..26 {
        let (_, e) = p.new_tag(&format!("Tag {i}")).expect("built");
        p.apply(e).expect("applies");
    }
    let colours: Vec<Colour> = p.tags().iter().map(|t| t.colour).collect();
    assert_eq!(colours.len(), 30);
    assert_eq!(&colours[..7], &PALETTE[..], "the palette first, in its order");
    let distinct: std::collections::HashSet<Colour> = colours.iter().copied().collect();
    assert_eq!(distinct.len(), colours.len(), "{colours:?}");
    // The thirteen a project is likely to have are clearly apart (CIE76; the palette's own two
    // nearest, blue and sky blue, are 26 apart), and not three of them green (a walk: the
    // "redmean" distance used before took three greens).
    use super::tag::{delta_e, lab};
    for (i, a) in colours[..13].iter().enumerate() {
        for b in &colours[i + 1..13] {
            assert!(delta_e(lab(*a), lab(*b)) > 25.0, "{a:?} and {b:?} are too alike");
        }
    }
    let green = |c: &&Colour| {
        let [l, a, b] = lab(**c);
        // Hue angle in CIELAB: greens lie between about 120° and 200°.
        let h = b.atan2(a).to_degrees().rem_euclid(360.0);
        l > 0.0 && (120.0..200.0).contains(&h)
    };
    let greens: Vec<&Colour> = colours[..13].iter().filter(green).collect();
    assert!(greens.len() <= 2, "{greens:?}");
    // The same colours in any order give the same next one.
    let mut reversed = colours.clone();
    reversed.reverse();
    assert_eq!(next_colour(&colours), next_colour(&reversed));
}

#[test]
fn claims_merge_and_delete() {
    let mut p = sample();
    let fact = tag(&p, "Fact");
    let (d0, d1) = (p.documents()[0].id, p.documents()[2].id);
    let (a0, e) = p.annotate(d0, 0..3, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("applies");
    let (a1, e) = p.annotate(d1, 0..5, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("applies");
    let (c0, e) = p.new_claim("self-defence", "Art. 51", &[a0]).expect("built");
    p.apply(e).expect("applies");
    let (c1, e) = p.new_claim("lawful", "US view", &[a1]).expect("built");
    p.apply(e).expect("applies");
    let before = p.clone();
    let undo = p.apply(p.merge_claims(c0, c1).expect("built")).expect("applies");
    assert_eq!(p.claims().len(), 1);
    assert_eq!(p.claim_links(c0).count(), 2);
    assert_eq!(p.claim(c0).map(|c| c.note.as_str()), Some("Art. 51\n\nUS view"));
    p.apply(undo).expect("undo");
    assert_eq!(p, before);
    p.apply(p.delete_claim(c0).expect("built")).expect("applies");
    assert_eq!(p.annotation(a0).and_then(|a| a.claim), None);
    assert!(p.annotation(a0).is_some(), "unlinked annotations stay");
}

#[test]
fn replacing_text_moves_annotations_and_keeps_orphans() {
    let mut p = sample();
    let d = p.documents()[0].id;
    let text = p.documents()[0].text.clone();
    let at = text.find_all("Article 51")[0];
    let fact = tag(&p, "Legal claim");
    let (moved, e) = p.annotate(d, at..at + 10, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("applies");
    let at = text.find_all("state terrorism")[0];
    let (gone, e) = p.annotate(d, at..at + 15, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("applies");
    let before = p.clone();
    let new_text = Text::new("UPDATE: The US cited Article 51 of the Charter.");
    let undo = p.apply(p.replace_text(d, new_text).expect("built")).expect("applies");
    let m = p.annotation(moved).expect("kept");
    assert_eq!(p.documents()[0].text.slice(m.range()), "Article 51");
    assert_eq!(p.orphans().map(|a| a.id).collect::<Vec<_>>(), vec![gone]);
    assert_eq!(p.annotations_of(d).count(), 1);
    // The orphan keeps the context it had in the old text (the new text's is not its own), so
    // that it can still be told apart and found; the moved one reads its new text's.
    let o = p.annotation(gone).expect("kept as an orphan");
    assert!(!o.quote.context_is_the_texts());
    let q = o.text_quote(&p.documents()[0].text);
    assert_eq!((q.exact.as_str(), q.prefix.as_str()), ("state terrorism", " Article 51. 🇺🇸 Iran called it “"));
    assert!(q.suffix.starts_with("”."));
    assert!(m.quote.context_is_the_texts());
    assert_eq!(m.text_quote(&p.documents()[0].text).prefix, "UPDATE: The US cited ");
    p.apply(undo).expect("undo");
    assert_eq!(p, before);
    assert_eq!(p.orphans().count(), 0);
    assert!(p.annotation(gone).is_some_and(|a| a.quote.context_is_the_texts()));
}

/// An annotation's size is most of a large project's memory (issue 23: 100,000 annotations at
/// the first frame): its short texts are one pointer each and its quote keeps no context of
/// its own where the text has it. 320 bytes before.
#[test]
fn an_annotation_stays_small() {
    assert!(std::mem::size_of::<Annotation>() <= 152, "{} bytes", std::mem::size_of::<Annotation>());
    let p = sample();
    let d = p.documents()[0].id;
    let (id, e) = p.annotate(d, 4..10, tag(&p, "Fact"), NewAnnotation::default()).expect("valid");
    let mut p = p;
    p.apply(e).expect("applies");
    assert!(p.annotation(id).is_some_and(|a| a.quote.context_is_the_texts()));
}

#[test]
fn article_details_are_trimmed_one_line_and_need_a_title() {
    let mut p = sample();
    let d = p.documents()[0].id;
    let before = p.clone();
    let mut f = p.document(d).expect("doc").fields();
    f.title = "  The strike \n on Baghdad ".into();
    f.source = " Reuters ".into();
    f.published = "2020-01-03".into();
    let mut h = History::new();
    let e = p.update_document(d, &f).expect("valid details");
    h.apply(&mut p, e, "Edit details").expect("applies");
    let doc = p.document(d).expect("doc");
    assert_eq!((doc.title.as_str(), doc.source.as_str()), ("The strike on Baghdad", "Reuters"));
    assert_eq!(p.update_document(d, &doc.fields()), Err(EditError::NoChange));
    let mut empty = doc.fields();
    empty.title = " \t ".into();
    assert_eq!(p.update_document(d, &empty), Err(EditError::EmptyTitle));
    h.undo(&mut p).expect("undo");
    assert_eq!(p, before);
}

#[test]
fn deleting_a_paragraph_moves_later_annotations_and_undoes_whole() {
    let mut p = Project::new("t");
    let text = "Skip to main content\n\nZarif said “terrorism”.\n\nRead More »\n\nPompeo said “defence”.";
    let (d, e) = p.add_document("t", "", "", "", Text::new(text)).expect("ids");
    p.apply(e).expect("adds");
    let fact = tag(&p, "Fact");
    let at = |p: &Project, s: &str| p.document(d).expect("doc").text.find_all(s)[0];
    let (zarif, e) =
        p.annotate(d, at(&p, "terrorism")..at(&p, "terrorism") + 9, fact, NewAnnotation::default()).expect("ok");
    p.apply(e).expect("tags");
    let (pompeo, e) =
        p.annotate(d, at(&p, "defence")..at(&p, "defence") + 7, fact, NewAnnotation::default()).expect("ok");
    p.apply(e).expect("tags");
    // One annotation inside "Read More »", one across its end into the next paragraph.
    let (inside, e) = p.annotate(d, at(&p, "More")..at(&p, "More") + 4, fact, NewAnnotation::default()).expect("ok");
    p.apply(e).expect("tags");
    let (across, e) = p.annotate(d, at(&p, "»")..at(&p, "Pompeo") + 6, fact, NewAnnotation::default()).expect("ok");
    p.apply(e).expect("tags");
    let before = p.clone();
    let mut h = History::new();
    let e = p.delete_paragraph(d, 0).expect("first paragraph");
    h.apply(&mut p, e, "Delete paragraph").expect("applies");
    let e = p.delete_paragraph(d, at(&p, "Read")).expect("furniture");
    h.apply(&mut p, e, "Delete paragraph").expect("applies");
    let doc = p.document(d).expect("doc");
    assert_eq!(doc.text.as_str(), "Zarif said “terrorism”.\n\nPompeo said “defence”.");
    for (id, quote) in [(zarif, "terrorism"), (pompeo, "defence"), (across, "Pompeo")] {
        let a = p.annotation(id).expect("kept");
        assert_eq!(doc.text.slice(a.start..a.end), quote);
        assert_eq!(a.quote.exact, quote);
    }
    assert!(p.annotation(inside).is_none(), "an annotation inside the paragraph goes with it");
    check_invariants(&p);
    // The last paragraph takes the breaks before it; the only paragraph cannot go.
    let e = p.delete_paragraph(d, at(&p, "Pompeo")).expect("last");
    h.apply(&mut p, e, "Delete paragraph").expect("applies");
    assert_eq!(p.document(d).expect("doc").text.as_str(), "Zarif said “terrorism”.");
    assert_eq!(p.delete_paragraph(d, 0), Err(EditError::WholeText));
    while h.can_undo() {
        h.undo(&mut p).expect("undo");
    }
    assert_eq!(p, before);
}

#[test]
fn deleting_a_document_takes_its_annotations() {
    let mut p = sample();
    let d = p.documents()[1].id;
    let (_, e) = p.annotate(d, 0..4, tag(&p, "Fact"), NewAnnotation::default()).expect("valid");
    p.apply(e).expect("applies");
    assert!(matches!(p.apply(Edit::RemoveDocument(d)), Err(EditError::DocumentInUse(..))));
    let before = p.clone();
    let undo = p.apply(p.delete_document(d).expect("built")).expect("applies");
    assert!(p.document(d).is_none());
    assert_eq!(p.annotation_count(), 0);
    p.apply(undo).expect("undo");
    assert_eq!(p, before);
    assert_eq!(p.documents()[1].id, d);
}

#[test]
fn overlap_query_and_click_order() {
    let (text, spans) = markup::parse("A [Fact:long [x] span] and [Rhetoric:more]").unwrap_or_default();
    assert!(spans.is_empty(), "nested markup is refused, so this parse fails");
    assert!(text.is_empty());
    let mut p = Project::new("t");
    let (d, e) = p.add_document("t", "", "", "", Text::new("A long span with words and more words")).expect("ids left");
    p.apply(e).expect("applies");
    let (fact, rhet) = (tag(&p, "Fact"), tag(&p, "Rhetoric"));
    for (r, t) in [(2..16, fact), (7..11, rhet), (7..11, fact), (27..31, rhet)] {
        let (_, e) = p.annotate(d, r, t, NewAnnotation::default()).expect("valid");
        p.apply(e).expect("applies");
    }
    let hits: Vec<_> = p.overlapping(d, 8..9).map(|s| (s.start, s.end)).collect();
    assert_eq!(hits, vec![(2, 16), (7, 11), (7, 11)]);
    let order: Vec<_> = p.spans(d).at(8).iter().map(|s| s.end - s.start).collect();
    assert_eq!(order, vec![4, 4, 14]);
    let reading: Vec<_> = p.annotations_of(d).map(|a| a.start).collect();
    assert_eq!(reading, vec![2, 7, 7, 27]);
}

#[test]
fn counts_per_tag_per_document() {
    let mut p = sample();
    let fact = tag(&p, "Fact");
    let rhet = tag(&p, "Rhetoric");
    let docs: Vec<DocId> = p.documents().iter().map(|d| d.id).collect();
    for (d, t) in [(docs[0], fact), (docs[0], fact), (docs[0], rhet), (docs[2], rhet)] {
        let (_, e) = p.annotate(d, 0..2, t, NewAnnotation::default()).expect("valid");
        p.apply(e).expect("applies");
    }
    let c = crate::analysis::stats::TagCounts::of(&p);
    assert_eq!(c.count(0, 0), 2);
    assert_eq!(c.count(3, 0), 1);
    assert_eq!(c.count(3, 2), 1);
    assert_eq!(c.tag_total(3), 2);
    assert_eq!(c.doc_total(0), 3);
    assert_eq!(c.total(), 4);
}

/// An abstract step; turned into a concrete edit against the project as it is at that point.
#[derive(Clone, Debug)]
enum Step {
    AddDoc(usize),
    DeleteDoc(usize),
    Annotate { doc: usize, at: usize, len: usize, tag: usize },
    Retag { ann: usize, tag: usize },
    Resize { ann: usize, at: usize, len: usize },
    Describe { ann: usize, note: String },
    RemoveAnn(usize),
    NewClaim { label: String, anns: Vec<usize> },
    Link { ann: usize, claim: Option<usize> },
    Merge(usize, usize),
    DeleteClaim(usize),
    NewTag(String),
    DeleteTag { tag: usize, to: Option<usize> },
    MoveTag { tag: usize, to: usize },
    Recolour { tag: usize, colour: usize },
    Retext { doc: usize, at: usize, cut: usize, insert: String },
    Cut { doc: usize, at: usize, len: usize },
    CutParagraph { doc: usize, at: usize },
    Details { doc: usize, title: String, source: String },
    Rename(String),
    Undo,
    Redo,
}

fn step() -> impl Strategy<Value = Step> {
    let s = "[a-zA-Z “”—🙂ع]{0,12}";
    prop_oneof![
        (0..TRICKY.len()).prop_map(Step::AddDoc),
        any::<usize>().prop_map(Step::DeleteDoc),
        (any::<usize>(), any::<usize>(), 1usize..20, any::<usize>()).prop_map(|(doc, at, len, tag)| Step::Annotate {
            doc,
            at,
            len,
            tag
        }),
        (any::<usize>(), any::<usize>()).prop_map(|(ann, tag)| Step::Retag { ann, tag }),
        (any::<usize>(), any::<usize>(), 1usize..20).prop_map(|(ann, at, len)| Step::Resize { ann, at, len }),
        (any::<usize>(), s).prop_map(|(ann, note)| Step::Describe { ann, note }),
        any::<usize>().prop_map(Step::RemoveAnn),
        (s, proptest::collection::vec(any::<usize>(), 0..3)).prop_map(|(label, anns)| Step::NewClaim { label, anns }),
        (any::<usize>(), proptest::option::of(any::<usize>())).prop_map(|(ann, claim)| Step::Link { ann, claim }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Step::Merge(a, b)),
        any::<usize>().prop_map(Step::DeleteClaim),
        s.prop_map(Step::NewTag),
        (any::<usize>(), proptest::option::of(any::<usize>())).prop_map(|(tag, to)| Step::DeleteTag { tag, to }),
        (any::<usize>(), any::<usize>()).prop_map(|(tag, to)| Step::MoveTag { tag, to }),
        (any::<usize>(), any::<usize>()).prop_map(|(tag, colour)| Step::Recolour { tag, colour }),
        (any::<usize>(), any::<usize>(), 0usize..30, s)
            .prop_map(|(doc, at, cut, insert)| { Step::Retext { doc, at, cut, insert } }),
        (any::<usize>(), any::<usize>(), 1usize..30).prop_map(|(doc, at, len)| Step::Cut { doc, at, len }),
        (any::<usize>(), any::<usize>()).prop_map(|(doc, at)| Step::CutParagraph { doc, at }),
        (any::<usize>(), s, s).prop_map(|(doc, title, source)| Step::Details { doc, title, source }),
        s.prop_map(Step::Rename),
        Just(Step::Undo),
        Just(Step::Redo),
    ]
}

fn pick<T: Copy>(v: &[T], i: usize) -> Option<T> {
    if v.is_empty() { None } else { Some(v[i % v.len()]) }
}

/// The edit a step makes, or `None` when it does not apply to the project as it is.
fn edit_for(p: &Project, s: &Step) -> Option<Result<Edit, EditError>> {
    let docs: Vec<DocId> = p.documents().iter().map(|d| d.id).collect();
    let tags: Vec<TagId> = p.tags().iter().map(|t| t.id).collect();
    let anns: Vec<AnnotationId> = p.annotations().map(|a| a.id).collect();
    let claims: Vec<ClaimId> = p.claims().iter().map(|c| c.id).collect();
    let span = |d: DocId, at: usize, len: usize| {
        let n = p.document(d).map_or(0, |d| d.text.len_chars());
        (n > 0).then(|| {
            let s = at % n;
            s..(s + len).min(n).max(s + 1)
        })
    };
    Some(match s {
        Step::AddDoc(i) => Ok(p.add_document("new", "", "", "", Text::new(TRICKY[*i])).expect("ids left").1),
        Step::DeleteDoc(i) => p.delete_document(pick(&docs, *i)?),
        Step::Annotate { doc, at, len, tag } => {
            let d = pick(&docs, *doc)?;
            p.annotate(d, span(d, *at, *len)?, pick(&tags, *tag)?, NewAnnotation::default()).map(|r| r.1)
        }
        Step::Retag { ann, tag } => p.retag(pick(&anns, *ann)?, pick(&tags, *tag)?),
        Step::Resize { ann, at, len } => {
            let a = pick(&anns, *ann)?;
            let d = p.annotation(a)?.doc;
            p.resize(a, span(d, *at, *len)?)
        }
        Step::Describe { ann, note } => p.describe(pick(&anns, *ann)?, note, "someone"),
        Step::RemoveAnn(i) => Ok(Edit::RemoveAnnotation(pick(&anns, *i)?)),
        Step::NewClaim { label, anns: which } => {
            let linked: Vec<AnnotationId> = which.iter().filter_map(|&i| pick(&anns, i)).collect();
            p.new_claim(label, "", &linked).map(|r| r.1)
        }
        Step::Link { ann, claim } => p.link(pick(&anns, *ann)?, claim.and_then(|c| pick(&claims, c))),
        Step::Merge(a, b) => p.merge_claims(pick(&claims, *a)?, pick(&claims, *b)?),
        Step::DeleteClaim(i) => p.delete_claim(pick(&claims, *i)?),
        Step::NewTag(name) => p.new_tag(name).map(|r| r.1),
        Step::DeleteTag { tag, to } => p.delete_tag(pick(&tags, *tag)?, to.and_then(|t| pick(&tags, t))),
        Step::MoveTag { tag, to } => Ok(Edit::MoveTag { id: pick(&tags, *tag)?, to: to % tags.len().max(1) }),
        Step::Recolour { tag, colour } => p.recolour_tag(pick(&tags, *tag)?, PALETTE[colour % PALETTE.len()]),
        Step::Retext { doc, at, cut, insert } => {
            let d = pick(&docs, *doc)?;
            let t = p.document(d)?.text.clone();
            let at = at % (t.len_chars() + 1);
            let new = format!("{}{insert}{}", t.slice(0..at), t.slice(at + cut..t.len_chars()));
            p.replace_text(d, Text::new(new))
        }
        Step::Cut { doc, at, len } => {
            let d = pick(&docs, *doc)?;
            p.delete_text(d, span(d, *at, *len)?)
        }
        Step::CutParagraph { doc, at } => {
            let d = pick(&docs, *doc)?;
            let n = p.document(d)?.text.len_chars();
            p.delete_paragraph(d, at % n.max(1))
        }
        Step::Details { doc, title, source } => {
            let d = pick(&docs, *doc)?;
            let mut f = p.document(d)?.fields();
            f.title = title.clone();
            f.source = source.clone();
            p.update_document(d, &f)
        }
        Step::Rename(n) => Ok(Edit::Rename(n.clone())),
        Step::Undo | Step::Redo => return None,
    })
}

/// Checks the invariants every project must keep.
fn check_invariants(p: &Project) {
    for a in p.annotations() {
        let d = p.document(a.doc).expect("annotation's document exists");
        assert!(a.start < a.end && a.end <= d.text.len_chars(), "span in range");
        assert!(p.tag(a.tag).is_some(), "annotation's tag exists");
        assert!(a.claim.is_none_or(|c| p.claim(c).is_some()), "annotation's claim exists");
    }
    let indexed: usize =
        p.documents().iter().map(|d| p.spans(d.id).entries().len() + p.spans(d.id).orphans().len()).sum();
    assert_eq!(indexed, p.annotation_count(), "every annotation is indexed once");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn undo_all_gives_back_the_start_and_redo_all_the_end(steps in proptest::collection::vec(step(), 1..40)) {
        let mut p = sample();
        let start = p.clone();
        let mut h = History::new();
        for s in &steps {
            match s {
                Step::Undo => { h.undo(&mut p).expect("undo of a made edit applies"); }
                Step::Redo => { h.redo(&mut p).expect("redo of an undone edit applies"); }
                other => {
                    let Some(Ok(edit)) = edit_for(&p, other) else { continue };
                    let before = p.clone();
                    if h.apply(&mut p, edit, "step").is_err() {
                        prop_assert_eq!(&p, &before, "a refused edit changes nothing");
                    }
                }
            }
            check_invariants(&p);
        }
        let end = p.clone();
        let depth = h.undo_len();
        while h.can_undo() {
            h.undo(&mut p).expect("undo applies");
            check_invariants(&p);
        }
        prop_assert_eq!(&p, &start);
        prop_assert!(!h.is_dirty());
        for _ in 0..depth {
            h.redo(&mut p).expect("redo applies");
        }
        prop_assert_eq!(&p, &end);
    }
}

#[test]
fn tag_and_link_makes_a_claim_named_after_the_whole_quote() {
    let mut p = Project::new("p");
    let text = "The strike was an act of self-defence under Article 51 of the Charter, the letter said at length.";
    let (d, e) = p.add_document("A", "", "", "", Text::new(text)).expect("ids");
    p.apply(e).expect("adds");
    let (e2, e) = p.add_document("B", "", "", "", Text::new("Washington called it self-defence.")).expect("ids");
    let _ = e2;
    p.apply(e).expect("adds");
    let other = p.documents()[1].id;
    let fact = p.tags()[0].id;
    let (src, e) = p.annotate(d, 0..text.chars().count() - 1, fact, NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let before = p.clone();
    let (new, edit) = p
        .tag_and_link(
            src,
            other,
            0..10,
            fact,
            &NewAnnotation { created: "2020-01-01T00:00:00Z".into(), created_by: "Ana".into(), ..Default::default() },
        )
        .expect("valid");
    let undo = p.apply(edit).expect("applies");
    let claim = p.annotation(src).and_then(|a| a.claim).expect("the source is linked");
    assert_eq!(p.annotation(new).and_then(|a| a.claim), Some(claim));
    assert_eq!(p.claim(claim).map(|c| c.label.as_str()), Some(&text[..text.len() - 1]), "not cut short");
    assert_ne!(new.0, claim.0, "fresh ids for each");
    p.apply(undo).expect("undo");
    assert_eq!(p, before);
    // A second passage joins the same claim.
    let (_, edit) = p.tag_and_link(src, other, 11..15, fact, &NewAnnotation::default()).expect("valid");
    p.apply(edit).expect("applies");
    let (third, edit) = p.tag_and_link(src, other, 20..32, fact, &NewAnnotation::default()).expect("valid");
    p.apply(edit).expect("applies");
    assert_eq!(p.annotation(third).and_then(|a| a.claim), p.annotation(src).and_then(|a| a.claim));
    assert_eq!(p.claims().len(), 1);
    // The same passage, tag and claim once more is refused: a second click had made a copy.
    let again = p.tag_and_link(src, other, 20..32, fact, &NewAnnotation::default()).map(|_| ());
    assert_eq!(again, Err(crate::model::EditError::AlreadyLinked));
    let other_tag = p.tags()[1].id;
    assert!(p.tag_and_link(src, other, 20..32, other_tag, &NewAnnotation::default()).is_ok(), "another tag may");
    // An annotation already over a found passage is linked itself, not tagged again over.
    let (found, edit) = p.annotate(other, 0..4, other_tag, NewAnnotation::default()).expect("valid");
    p.apply(edit).expect("applies");
    let claim = p.annotation(src).and_then(|a| a.claim);
    let edit = p.link_found(src, found).expect("valid");
    p.apply(edit).expect("applies");
    assert_eq!(p.annotation(found).and_then(|a| a.claim), claim);
    assert_eq!(p.link_found(src, found).map(|_| ()), Err(crate::model::EditError::AlreadyLinked));
}
