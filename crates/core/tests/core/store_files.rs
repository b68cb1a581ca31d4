//! The project file: round trips, a corpus of broken files, and saves that fail.

use crate::common;

use std::path::Path;

use claimscope::model::{Project, Text};
use claimscope::store::{self, LoadError};
use proptest::prelude::*;

fn good_ron() -> String {
    store::to_ron(&common::small_project()).expect("serialises")
}

fn load(src: &str) -> Result<store::Loaded, LoadError> {
    store::load_str(src, Path::new("/projects/broken.ron"))
}

fn error_of(src: &str) -> String {
    match load(src) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(e) => {
            let m = e.to_string();
            assert!(m.ends_with("/projects/broken.ron") || m.contains("/projects/broken.ron:"), "names the file: {m}");
            m
        }
    }
}

#[test]
fn save_then_load_gives_an_equal_project() {
    let p = common::small_project();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.ron");
    store::save(&p, &path).expect("saves");
    let back = store::load(&path).expect("loads");
    assert!(back.warnings.is_empty());
    assert_eq!(back.project, p);
    assert_eq!(back.project.next_id(), p.next_id());
    // Saving again keeps the old version as .bak.
    store::save(&back.project, &path).expect("saves again");
    assert_eq!(std::fs::read(store::backup_path(&path)).expect("backup"), std::fs::read(&path).expect("file"));
}

#[test]
fn the_file_is_readable_ron_with_a_header_and_multiline_texts() {
    let src = good_ron();
    assert!(src.starts_with("(\n  format: \"claimscope\",\n  version: 2,\n"), "{}", &src[..80]);
    assert!(
        src.contains("international terrorism … is extremely dangerous.”\n‘Rigorous revenge’"),
        "texts are written with real line breaks"
    );
}

#[test]
fn truncated_files_give_an_error_never_a_panic() {
    let src = good_ron();
    let mut cut = 0;
    let mut checked = 0;
    while cut < src.len() {
        if src.is_char_boundary(cut) {
            let m = error_of(&src[..cut]);
            assert!(!m.is_empty());
            checked += 1;
        }
        cut += 7;
    }
    assert!(checked > 100);
}

#[test]
fn syntax_errors_name_line_and_column() {
    let src = good_ron().replacen("next_id:", "next_id", 1);
    let m = error_of(&src);
    assert!(m.contains("not valid RON at 6:"), "{m}");
}

#[test]
fn empty_random_and_non_utf8_files() {
    assert!(error_of("").contains("empty"));
    assert!(error_of("  \n\t").contains("empty"));
    let bytes = [b"(\n  format: \"claimscope\",\n  name: \"a".as_slice(), &[0xFF, 0xFE], b"\")"].concat();
    let e = store::load_bytes(&bytes, Path::new("/projects/broken.ron")).expect_err("refused").to_string();
    assert!(e.contains("not UTF-8") && e.contains("3:11"), "{e}");
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..200 {
        let junk: Vec<u8> = (0..256)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed.to_le_bytes()[0]
            })
            .collect();
        let _ = store::load_bytes(&junk, Path::new("/projects/broken.ron")).expect_err("junk is refused");
    }
    assert!(error_of("(name: \"x\")").contains("not a claimscope project"));
    assert!(error_of("[1, 2, 3]").contains("not valid RON") || error_of("[1, 2, 3]").contains("not a claimscope"));
}

#[test]
fn versions() {
    let src = good_ron();
    let m = error_of(&src.replacen("version: 2,", "version: 7,", 1));
    assert!(m.contains("newer claimscope") && m.contains("version 7"), "{m}");
    let m = error_of(&src.replacen("version: 2,", "version: 0,", 1));
    assert!(m.contains("version 0"), "{m}");
    let m = error_of(&src.replacen("version: 2,", "", 1));
    assert!(m.contains("version 0"), "{m}");
}

#[test]
fn dangling_and_duplicate_ids_are_listed_with_positions() {
    let p = common::small_project();
    let mut parts = p.to_parts();
    parts.annotations[0].doc = claimscope::model::DocId(999);
    parts.annotations[1].tag = claimscope::model::TagId(998);
    parts.annotations[2].claim = Some(claimscope::model::ClaimId(997));
    let dup = parts.documents[0].clone();
    parts.documents.push(dup);
    let src = ron_of(&parts);
    let m = error_of(&src);
    assert!(m.contains("4 problem(s)"), "{m}");
    assert!(m.contains("document d999, which does not exist"), "{m}");
    assert!(m.contains("tag t998, which does not exist"), "{m}");
    assert!(m.contains("claim c997, which does not exist"), "{m}");
    assert!(m.contains("duplicate document id"), "{m}");
    // Each problem points at its element: find the line of the first annotation.
    let line = src.lines().position(|l| l.contains("doc: 999")).expect("present") + 1;
    let first_annotation_line =
        (1..line).rev().find(|&l| src.lines().nth(l - 1).is_some_and(|t| t.trim() == "(")).expect("opening");
    assert!(m.contains(&format!("{first_annotation_line}:5: annotation")), "{m}");
}

#[test]
fn offsets_out_of_range_and_empty_spans() {
    let mut parts = common::small_project().to_parts();
    parts.annotations[0].end = 10_000;
    parts.annotations[0].quote.exact = "words this article never had".into();
    parts.annotations[1].start = parts.annotations[1].end;
    let m = error_of(&ron_of(&parts));
    assert!(m.contains("past the end of document"), "{m}");
    assert!(m.contains("empty or reversed span"), "{m}");
}

/// Offsets past the text's end whose quote is in the text (another version's offsets: a merge
/// took them onto a shorter text) are placed by the quote, with a warning; offsets as large as
/// a u64 holds too.
#[test]
fn offsets_past_the_end_with_their_quote_in_the_text_are_placed_by_it() {
    let mut parts = common::small_project().to_parts();
    let want = (parts.annotations[0].start, parts.annotations[0].end);
    let id = parts.annotations[0].id;
    parts.annotations[0].start += 9_000;
    parts.annotations[0].end += 9_000;
    parts.annotations[1].start = usize::MAX - 1;
    parts.annotations[1].end = usize::MAX;
    let second = (parts.annotations[1].id, parts.annotations[1].quote.exact.clone());
    let loaded = load(&ron_of(&parts)).expect("loads");
    let a = loaded.project.annotation(id).expect("kept");
    assert_eq!((a.start, a.end), want);
    assert!(loaded.warnings.iter().any(|w| w.message.contains("was not at")), "{:?}", loaded.warnings);
    let b = loaded.project.annotation(second.0).expect("kept");
    assert_eq!(loaded.project.document(b.doc).map(|d| d.text.slice(b.start..b.end).to_owned()), Some(second.1));
}

#[test]
fn quotes_that_moved_are_reanchored_with_a_warning_and_lost_ones_kept_as_orphans() {
    let mut parts = common::small_project().to_parts();
    let moved_id = parts.annotations[0].id;
    // The text gains a sentence before the quote.
    let d0 = parts.documents.iter_mut().find(|d| d.id == parts.annotations[0].doc).expect("doc");
    d0.text = Text::new(format!("Update: 🙂 a new first sentence. {}", d0.text.as_str()));
    // The quote of the second annotation is gone from its text.
    let orphan_id = parts.annotations[1].id;
    parts.annotations[1].quote.exact = "words that are nowhere in the article".into();
    let loaded = load(&ron_of(&parts)).expect("loads with warnings");
    let p = loaded.project;
    let a = p.annotation(moved_id).expect("kept");
    assert_eq!(p.document(a.doc).expect("doc").text.slice(a.range()), "self-defence");
    assert_eq!(p.orphans().map(|a| a.id).collect::<Vec<_>>(), vec![orphan_id]);
    assert_eq!(loaded.warnings.len(), 2, "{:?}", loaded.warnings);
    assert!(loaded.warnings.iter().all(|w| w.at.is_some()));
    assert!(loaded.warnings[1].message.contains("orphan"));
}

#[test]
fn unknown_fields_are_refused_rather_than_dropped() {
    let src = good_ron().replacen("  name:", "  colour_scheme: \"dark\",\n  name:", 1);
    let m = error_of(&src);
    assert!(m.contains("colour_scheme"), "{m}");
}

#[test]
fn a_failed_save_leaves_the_old_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The target is a folder: refused before anything is written; the folder and its content stay.
    let target = dir.path().join("taken.ron");
    std::fs::create_dir(&target).expect("mkdir");
    std::fs::write(target.join("inside.txt"), "keep").expect("seed");
    let e = store::save(&common::small_project(), &target).expect_err("cannot replace a folder");
    assert!(e.to_string().contains("a folder") && e.to_string().contains("nothing was written"), "{e}");
    assert_eq!(std::fs::read_to_string(target.join("inside.txt")).expect("kept"), "keep");
    let left: Vec<_> =
        std::fs::read_dir(dir.path()).expect("list").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind: {left:?}");
    // A folder that does not exist.
    let e = store::save(&common::small_project(), &dir.path().join("missing/p.ron")).expect_err("no folder");
    assert!(e.to_string().contains("missing/p.ron"), "{e}");
}

fn ron_of(parts: &claimscope::model::ProjectParts) -> String {
    // Write the parts without validating them, as a hand edit might leave them.
    #[derive(serde::Serialize)]
    struct File<'a> {
        format: &'a str,
        version: u64,
        #[serde(flatten)]
        parts: &'a claimscope::model::ProjectParts,
    }
    let cfg = ron::ser::PrettyConfig::new().indentor("  ").escape_strings(false);
    let text = ron::ser::to_string_pretty(&File { format: "claimscope", version: 1, parts }, cfg).expect("serialises");
    // serde's flatten makes a map; turn `{"format": ...}` into RON struct syntax.
    text_to_struct(&text)
}

/// `{ "key": value, ... }` at the top level becomes `( key: value, ... )`.
fn text_to_struct(map: &str) -> String {
    let body = map.trim().trim_start_matches('{').trim_end_matches('}');
    let mut out = String::from("(");
    for line in body.lines() {
        if let Some((key, value)) = line.strip_prefix("  \"").and_then(|rest| rest.split_once("\": ")) {
            out += &format!("\n  {key}: {value}");
            continue;
        }
        out += "\n";
        out += line;
    }
    out + "\n)"
}

fn project_strategy() -> impl Strategy<Value = Project> {
    let text = prop_oneof!["\\PC{1,120}", "[a-z “”‘’—…🙂🇺🇸\u{5d0}-\u{5ea}\u{627}-\u{64a}\u{301}\n\t\"#\\\\r]{1,120}",];
    (
        proptest::collection::vec(text, 1..4),
        proptest::collection::vec((any::<usize>(), any::<usize>(), 1usize..12, "\\PC{0,20}"), 0..12),
    )
        .prop_map(|(texts, anns)| {
            let mut p = Project::new("prop");
            let mut docs = Vec::new();
            for t in texts {
                let (id, e) = p.add_document("t “x”", "s", "", "", Text::new(t)).expect("ids left");
                p.apply(e).expect("adds");
                docs.push(id);
            }
            let fact = p.tags()[0].id;
            for (d, at, len, note) in anns {
                let d = docs[d % docs.len()];
                let n = p.document(d).expect("doc").text.len_chars();
                let s = at % n;
                let extra = claimscope::model::NewAnnotation { note, ..Default::default() };
                if let Ok((_, e)) = p.annotate(d, s..(s + len).min(n).max(s + 1), fact, extra) {
                    p.apply(e).expect("adds");
                }
            }
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn ron_round_trip_is_identity(p in project_strategy()) {
        let src = store::to_ron(&p).expect("serialises");
        let back = load(&src).unwrap_or_else(|e| panic!("{e}\n{src}"));
        prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        prop_assert_eq!(&back.project, &p);
        prop_assert_eq!(back.project.next_id(), p.next_id());
        prop_assert_eq!(store::to_ron(&back.project).expect("serialises"), src);
    }
}

/// Version 2 keeps one line per tag, claim and annotation (so that two people's additions merge
/// in git), leaves out empty fields and the quote's context, and reads back equal.
#[test]
fn version_2_is_one_line_per_item_and_reads_back_equal() {
    let sample = common::root().join("projects/soleimani.ron");
    let src = std::fs::read_to_string(&sample).expect("read");
    assert!(src.contains("\n  version: 2,\n"));
    let project = store::load(&sample).expect("loads").project;
    let lines: Vec<&str> =
        src.lines().filter(|l| l.trim_start().starts_with("(id:") && l.contains(",quote:")).collect();
    assert_eq!(lines.len(), project.annotation_count(), "one line per annotation");
    assert!(lines.iter().all(|l| l.ends_with("),") && !l.contains("prefix") && !l.contains("note:\"\"")));
    let ids: Vec<u64> = lines
        .iter()
        .map(|l| l.trim_start()["(id:".len()..].split(',').next().and_then(|n| n.parse().ok()).expect("an id"))
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted by id");
    assert_eq!(store::to_ron(&project).expect("serialises"), src, "written back byte for byte");
}

/// A version 1 file (the sample as it was shipped before) opens as the same project, and is
/// written as version 2 at its next save, the `.bak` keeping the version 1 file.
#[test]
fn version_1_files_open_and_are_migrated_on_save() {
    let v1 = std::fs::read_to_string(common::fixture("sample-v1.ron")).expect("read");
    assert!(v1.contains("\n  version: 1,\n"));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.ron");
    std::fs::write(&path, &v1).expect("write");
    let old = store::load(&path).expect("loads").project;
    let now = store::load(&common::root().join("projects/soleimani.ron")).expect("loads").project;
    assert_eq!(old, now);
    assert_eq!(old.uuid(), now.uuid());
    store::save(&old, &path).expect("saves");
    assert!(std::fs::read_to_string(&path).expect("read").contains("\n  version: 2,\n"));
    assert_eq!(std::fs::read_to_string(store::backup_path(&path)).expect("backup"), v1);
    assert_eq!(store::load(&path).expect("loads").project, old);
}

/// Where the text changed outside claimscope and a quote now occurs twice, the stored context
/// hash picks the occurrence the annotation was on.
#[test]
fn the_context_hash_finds_the_right_occurrence_after_an_outside_edit() {
    let mut p = Project::new("p");
    let text = "First the ministry said the strike was lawful. Then the army said the strike was lawful too.";
    let (d, e) = p.add_document("A", "", "", "", Text::new(text)).expect("ids");
    p.apply(e).expect("adds");
    let second = text.rfind("the strike was lawful").expect("second");
    let start = text[..second].chars().count();
    let fact = p.find_tag("Fact").expect("tag").id;
    let (_, e) = p.annotate(d, start..start + 21, fact, claimscope::model::NewAnnotation::default()).expect("valid");
    p.apply(e).expect("adds");
    let src = store::to_ron(&p).expect("serialises");
    // Someone adds a sentence at the start in an editor: the offsets now point elsewhere.
    let edited = src.replacen("First the ministry", "Late on Friday, officials spoke. First the ministry", 1);
    let back = load(&edited).expect("loads").project;
    let a = back.annotations().next().expect("annotation");
    let new_text = back.documents()[0].text.as_str();
    let want = new_text.rfind("the strike was lawful").expect("second");
    assert_eq!(a.start, new_text[..want].chars().count(), "the army's sentence, not the ministry's");
}

/// Who made, changed and linked an annotation, and who made and renamed a claim, survive a
/// save and a load (each on the item's one line).
#[test]
fn authorship_and_times_survive_a_save() {
    use claimscope::model::{History, NewAnnotation, Stamp};
    let mut p = common::small_project();
    let mut h = History::new();
    let doc = p.documents()[0].id;
    let tag = p.tags()[0].id;
    let ana = Stamp::new("2026-03-01T09:00:00Z", "Ana");
    let ben = Stamp::new("2026-03-02T09:00:00Z", "Ben");
    let (id, e) = p.annotate(doc, 0..4, tag, NewAnnotation::default()).expect("annotates");
    let e = e.stamped(&p, &ana);
    h.apply(&mut p, e, "tag").expect("applies");
    let (claim, e) = p.new_claim("Said first", "", &[id]).expect("claims");
    let e = e.stamped(&p, &ben);
    h.apply(&mut p, e, "claim").expect("applies");
    let e = p.describe(id, "checked", "").expect("describes").stamped(&p, &ben);
    h.apply(&mut p, e, "note").expect("applies");
    let e = p.update_claim(claim, "Said first, twice", "").expect("renames").stamped(&p, &ana);
    h.apply(&mut p, e, "rename").expect("applies");

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.ron");
    store::save(&p, &path).expect("saves");
    let text = std::fs::read_to_string(&path).expect("reads");
    let line = text.lines().find(|l| l.contains(&format!("(id:{},", id.0))).expect("the annotation's line");
    assert!(
        line.contains("created_by:\"Ana\"")
            && line.contains("modified_by:\"Ben\"")
            && line.contains("linked_by:\"Ben\""),
        "{line}"
    );
    let back = store::load(&path).expect("loads").project;
    assert_eq!(back, p);
    let a = back.annotation(id).expect("kept");
    assert_eq!((a.modified.as_str(), a.linked.as_str()), ("2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z"));
    let c = back.claim(claim).expect("kept");
    assert_eq!((c.created_by.as_str(), c.modified_by.as_str()), ("Ben", "Ana"));
}

/// A large file has its annotation lines parsed on several threads and written on several: the
/// result must be the project a single parse gives, the file the same bytes, and an error in
/// one line must still be reported at that line (the whole file is then parsed again as one).
#[test]
fn a_large_file_parsed_in_slices_loads_the_same_and_errors_keep_their_line() {
    let p = claimscope::analysis::synthetic::project(40, 3000, 9000, 7);
    let text = store::to_ron(&p).expect("serialises");
    let body = text.rfind("\n  annotations: [\n").expect("the list");
    assert!(text.len() - body > 1 << 20, "large enough to be parsed in slices");
    let back = load(&text).expect("loads").project;
    assert_eq!(back, p);
    assert_eq!(store::to_ron(&back).expect("serialises"), text, "written the same, thread or not");

    let lines: Vec<&str> = text.lines().collect();
    let n = lines.iter().position(|l| l.starts_with("  annotations: [")).expect("list") + 4500;
    let broken: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| if i == n { l.replacen(",tag:", ",tga:", 1) } else { (*l).to_owned() })
        .collect::<Vec<_>>()
        .join("\n");
    let m = error_of(&broken);
    assert!(m.contains(&format!("at {}:", n + 1)), "names line {}: {m}", n + 1);
}

/// Merge conflicts and adjudication decisions are part of the project: a save keeps them, one
/// line each, after the annotations; a project without them looks as before.
#[test]
fn conflicts_and_decisions_survive_a_save() {
    use claimscope::model::{Choice, Conflict, Decision, Side, Subject, Value};
    let plain = store::to_ron(&common::small_project()).expect("serialises");
    assert!(!plain.contains("conflicts:") && !plain.contains("decisions:"));
    let mut parts = common::small_project().to_parts();
    let a = parts.annotations[0].id;
    parts.conflicts.push(Conflict {
        subject: Subject::Annotation(a),
        field: "note".into(),
        base: Value::Text(String::new()),
        ours: Value::Text("ours\nline two".into()),
        theirs: Value::Text("theirs".into()),
        kept: Side::Ours,
        origin: Default::default(),
    });
    parts.decisions.push(Decision {
        difference: "left a12 / right a40".into(),
        choice: Choice::Both,
        summary: "other tag: …".into(),
        at: "2026-03-01T09:00:00Z".into(),
        by: "Lead".into(),
    });
    let p = Project::from_parts(parts).expect("valid").0;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.ron");
    store::save(&p, &path).expect("saves");
    let text = std::fs::read_to_string(&path).expect("reads");
    assert_eq!(text.lines().filter(|l| l.contains("subject:Annotation(")).count(), 1, "one line");
    assert_eq!(text.lines().filter(|l| l.contains("difference:")).count(), 1, "one line");
    let back = store::load(&path).expect("loads").project;
    assert_eq!(back, p);
    assert_eq!(back.conflicts().len(), 1);
    assert_eq!(back.decisions()[0].by, "Lead");
}
