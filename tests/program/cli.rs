//! The command line, run as a user runs it.

use crate::common;

use common::{fixture, p, run, text};

use claimscope::store;

#[test]
fn new_import_annotate_check_stats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("work.ron");
    let o = run(&["new", p(&proj), "--name", "Work"]);
    assert!(o.status.success(), "{:?}", text(&o));
    // A second `new` on the same file is refused.
    let o = run(&["new", p(&proj)]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("already exists"));

    let o =
        run(&["import", p(&proj), p(&fixture("tricky_crlf_bom.txt")), "--source", "Wire", "--published", "2020-01-03"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let (out, _) = text(&o);
    assert!(out.starts_with("d5\tBreaking: “self-defence” — or murder?"), "{out}");

    let loaded = store::load(&proj).expect("loads");
    let doc = &loaded.project.documents()[0];
    assert!(!doc.text.as_str().contains('\r'), "CRLF and CR normalised");
    assert!(!doc.text.as_str().starts_with('\u{feff}'), "BOM dropped");
    assert_eq!(doc.source, "Wire");

    // Ambiguous quote: refused with the places listed, then picked by --occurrence.
    let o = run(&["annotate", p(&proj), "--doc", "d5", "--quote", "self-defence", "--tag", "allegation"]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("occurs 2 times"), "{:?}", text(&o));
    let o = run(&[
        "annotate",
        p(&proj),
        "--doc",
        "d5",
        "--quote",
        "self-defence",
        "--occurrence",
        "2",
        "--tag",
        "Allegation",
        "--speaker",
        "US",
        "--note",
        "scare quotes",
        "--claim",
        "Self-defence",
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    let (out, err) = text(&o);
    assert!(err.contains("created claim"), "{err}");
    // Char offsets: the second “self-defence” follows a BOM-less title line, an empty line and
    // curly quotes; a byte offset would be larger.
    let p2 = store::load(&proj).expect("loads").project;
    let t = &p2.documents()[0].text;
    let second = t.find_all("self-defence")[1];
    assert!(out.contains(&format!("{second}..{}", second + 12)), "{out}");
    let a = p2.annotations().next().expect("one annotation");
    assert_eq!(t.slice(a.range()), "self-defence");
    assert_eq!(a.created, "2026-01-01T00:00:00Z");
    assert_eq!(p2.claim(a.claim.expect("linked")).expect("claim").label, "Self-defence");

    // Right-to-left text, by document title, with the claim found by label this time.
    let o = run(&[
        "annotate",
        p(&proj),
        "--doc",
        "Breaking: “self-defence” — or murder?",
        "--quote",
        "الضربة كانت إرهاباً",
        "--tag",
        "t4",
        "--claim",
        "self-defence",
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(!text(&o).1.contains("created claim"));
    // A quote typed with straight quotes and plain spaces finds the curly-quoted text.
    let o = run(&["annotate", p(&proj), "--doc", "d5", "--quote", "'state  terrorism'", "--tag", "Rhetoric"]);
    assert!(o.status.success(), "{:?}", text(&o));

    // Errors: missing quote, unknown tag, unknown document.
    for (args, says) in [
        (vec!["--doc", "d5", "--quote", "not in the text", "--tag", "Fact"], "is not in document d5"),
        (
            vec!["--doc", "d5", "--quote", "murder", "--tag", "Opinion"],
            "no tag “Opinion”; the tags are: Fact, Allegation",
        ),
        (vec!["--doc", "d77", "--quote", "murder", "--tag", "Fact"], "no document “d77”"),
        (vec!["--doc", "d5", "--quote", "murder", "--tag", "Fact", "--occurrence", "3"], "occurs 1 time(s)"),
    ] {
        let mut full = vec!["annotate", p(&proj)];
        full.extend(args);
        let o = run(&full);
        assert!(!o.status.success());
        assert!(text(&o).1.contains(says), "{:?}", text(&o));
    }

    let o = run(&["check", p(&proj)]);
    assert!(o.status.success());
    assert!(text(&o).0.starts_with("ok: 1 documents, 3 annotations, 1 claims, 4 tags, 0 orphan(s)"), "{:?}", text(&o));

    let o = run(&["stats", p(&proj)]);
    let (out, _) = text(&o);
    assert!(out.contains("Allegation") && out.contains("Wire"), "{out}");
    let total_line = out.lines().find(|l| l.starts_with("total")).expect("totals");
    assert!(total_line.trim_end().ends_with(" 3"), "{total_line}");

    let o = run(&["stats", p(&proj), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["annotation_count"], 3);
    assert_eq!(v["documents"][0]["counts"]["Rhetoric"], 2);
    assert_eq!(v["totals"]["Allegation"], 1);
    assert_eq!(v["orphan_count"], 0);
}

#[test]
fn check_lists_every_problem_and_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("bad.ron");
    let good = store::to_ron(&common::small_project()).expect("serialises");
    let bad = good.replacen("doc:5,", "doc:55,", 1).replacen("tag:4,", "tag:44,", 1);
    std::fs::write(&proj, bad).expect("write");
    let o = run(&["check", p(&proj)]);
    assert_eq!(o.status.code(), Some(1));
    let (_, err) = text(&o);
    assert!(err.contains("2 problem(s)") && err.contains("d55") && err.contains("t44"), "{err}");
    assert!(err.contains(p(&proj)), "{err}");
}

#[test]
fn bad_input_files_are_refused_and_the_project_is_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    assert!(run(&["new", p(&proj)]).status.success());
    let before = std::fs::read(&proj).expect("read");
    let png = dir.path().join("photo.txt");
    std::fs::write(&png, [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0]).expect("write");
    let o = run(&["import", p(&proj), p(&fixture("tricky_crlf_bom.txt")), p(&png)]);
    assert!(!o.status.success());
    let (_, err) = text(&o);
    assert!(err.contains("cannot import images") && err.contains("photo.txt"), "{err}");
    assert_eq!(std::fs::read(&proj).expect("read"), before, "nothing is imported when one file is bad");
    let o = run(&["import", p(&proj), p(&dir.path().join("missing.txt"))]);
    assert!(text(&o).1.contains("missing.txt"));
    let o = run(&["import", p(&proj), "a.txt", "b.txt", "--title", "T"]);
    assert!(text(&o).1.contains("one at a time"));
    let o = run(&["check", p(&dir.path().join("nope.ron"))]);
    assert!(!o.status.success() && text(&o).1.contains("nope.ron"));
    std::fs::write(dir.path().join("junk.ron"), [0x89, b'P', b'N', b'G', 0, 0xFF]).expect("write");
    let o = run(&["stats", p(&dir.path().join("junk.ron"))]);
    assert!(!o.status.success() && text(&o).1.contains("not UTF-8"), "{:?}", text(&o));
}

#[test]
fn the_sample_build_script_reproduces_the_sample_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("rebuilt.ron");
    let o = std::process::Command::new("bash")
        .arg(common::root().join("projects/build-sample.sh"))
        .arg(&out)
        .env("CLAIMSCOPE", env!("CARGO_BIN_EXE_claimscope"))
        .output()
        .expect("bash runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let shipped = std::fs::read_to_string(common::root().join("projects/soleimani.ron")).expect("read");
    assert_eq!(std::fs::read_to_string(&out).expect("built"), shipped);
}

#[test]
fn compare_and_similar_on_the_sample() {
    let sample = common::root().join("projects/soleimani.ron");
    let o = run(&["compare", p(&sample)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let (out, _) = text(&o);
    assert!(out.contains("Annotations per tag and article") && out.contains("[outlets disagree]"), "{out}");

    let o = run(&["compare", p(&sample), "--format", "csv", "--table", "matrix"]);
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("valid CSV")).collect();
    assert_eq!(rows.len(), 4 * 5, "one row per tag and article");
    let total: usize = rows.iter().map(|row| row[4].parse::<usize>().expect("a count")).sum();
    assert_eq!(total, 88);

    let o = run(&["compare", p(&sample), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["total"], 88);
    assert!(v["claims"].as_array().is_some_and(|c| c.len() >= 5));

    let o = run(&[
        "similar",
        p(&sample),
        "--doc",
        "d5",
        "--quote",
        "explaining that its actions were in \"self-defense\"",
        "--top",
        "3",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let hits = v.as_array().expect("a list");
    assert_eq!(hits.len(), 3);
    for h in hits {
        assert_eq!(h["outlet"], "Reuters");
        let t = h["text"].as_str().unwrap_or_default().to_lowercase();
        assert!(t.contains("self-defen") || t.contains("article 51"), "{t}");
        // Offsets are char offsets into the article: check them against the text.
        let start = h["start"].as_u64().unwrap_or(0) as usize;
        let end = h["end"].as_u64().unwrap_or(0) as usize;
        let doc = store::load(&sample).expect("loads").project;
        let d = doc.find_document(h["document"].as_str().unwrap_or_default()).expect("document");
        assert_eq!(d.text.slice(start..end), h["text"].as_str().unwrap_or_default());
    }
    let o = run(&["similar", p(&sample), "--doc", "d5", "--quote", "words that are not there"]);
    assert!(!o.status.success() && text(&o).1.contains("is not in document d5"));
}

#[test]
fn agree_reports_alpha_kappa_f1_and_claims() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = common::root().join("projects/soleimani.ron");
    let o = run(&["agree", p(&sample), p(&sample)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let (out, _) = text(&o);
    assert!(out.contains("5 article(s) in both"), "{out}");
    assert!(out.contains("unitizing alpha (characters, all tags): 1.000"), "{out}");
    assert!(out.contains("Claim agreement (F1 over same-claim links): 1.000"), "{out}");

    // A second analyst who tagged one passage otherwise and left one out.
    let second = dir.path().join("second.ron");
    std::fs::copy(&sample, &second).expect("copy");
    let o = run(&[
        "annotate",
        p(&second),
        "--doc",
        "d6",
        "--quote",
        "Article 51",
        "--occurrence",
        "1",
        "--tag",
        "Rhetoric",
    ]);
    assert!(o.status.success(), "{:?}", text(&o));
    let o = run(&["agree", p(&sample), p(&second), "--format", "json"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let alpha = v["alpha"].as_f64().expect("alpha");
    assert!(alpha < 1.0 && alpha > 0.5, "{alpha}");
    assert_eq!(v["documents"].as_array().map(Vec::len), Some(5));

    // Different texts under one title are refused, naming the article.
    let other = dir.path().join("other.ron");
    assert!(run(&["new", p(&other)]).status.success());
    let story = dir.path().join("story.txt");
    std::fs::write(&story, "A different text.\n").expect("write");
    let title = claimscope::store::load(&sample).expect("loads").project.documents()[0].title.clone();
    assert!(run(&["import", p(&other), p(&story), "--title", &title]).status.success());
    let o = run(&["agree", p(&sample), p(&other)]);
    assert!(!o.status.success() && text(&o).1.contains("different texts"), "{:?}", text(&o));
}

/// A folder with one file that cannot be read: the others are imported, the bad one is named,
/// and the exit status says not everything came in.
#[test]
fn a_bad_file_in_a_folder_does_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("downloads");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("a.txt"), "A good story about the strike.\n").expect("write");
    std::fs::write(folder.join("b.txt"), b"\x89PNG\x00\x00\x00").expect("write");
    std::fs::write(folder.join("c.md"), "# Another good story\n\nIts text.\n").expect("write");
    let proj = dir.path().join("p.ron");
    assert!(run(&["new", p(&proj)]).status.success());
    let o = run(&["import", p(&proj), p(&folder)]);
    assert_eq!(o.status.code(), Some(1), "{:?}", text(&o));
    let (out, err) = text(&o);
    assert!(out.contains("A good story") && out.contains("Another good story"), "{out}");
    assert!(err.contains("b.txt") && err.contains("1 of 3 file(s) not imported"), "{err}");
    assert_eq!(store::load(&proj).expect("loads").project.documents().len(), 2);
    // Files named one by one are all or nothing.
    let o = run(&["import", p(&proj), p(&folder.join("b.txt"))]);
    assert!(!o.status.success() && text(&o).1.contains("cannot import images"), "{:?}", text(&o));
}

/// `similar --mode`: each mode ranks and says why; semantic and hybrid make the embedding cache
/// beside the project, and a damaged cache is reported and rebuilt, never read.
#[test]
fn similar_modes_say_why_and_keep_the_cache_beside_the_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &project).expect("copy");
    let cache = dir.path().join("p.ron.embeddings");
    let ask = |mode: &str| {
        let o = run(&[
            "similar",
            p(&project),
            "--doc",
            "d6",
            "--quote",
            "Soleimani’s death",
            "--occurrence",
            "1",
            "--top",
            "3",
            "--mode",
            mode,
            "--format",
            "json",
        ]);
        assert!(o.status.success(), "{:?}", text(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        (v.as_array().expect("a list").clone(), text(&o).1)
    };
    let (lexical, _) = ask("lexical");
    assert!(!cache.exists(), "word search needs no model");
    assert!(lexical.iter().all(|h| h["why"]["meaning"].is_null() && h["mode"] == "lexical"));
    assert!(lexical[0]["why"]["shared"].as_array().is_some_and(|s| !s.is_empty()), "{:?}", lexical[0]);
    let (semantic, _) = ask("semantic");
    assert!(cache.exists(), "the vectors are cached beside the project");
    for h in &semantic {
        let m = h["why"]["meaning"].as_f64().expect("a similarity of meaning");
        assert!((m - h["score"].as_f64().unwrap_or(0.0)).abs() < 1e-6, "semantic ranks by meaning alone");
    }
    let (hybrid, _) = ask("hybrid");
    assert!(hybrid.iter().all(|h| h["why"]["summary"].as_str().is_some_and(|s| s.contains("meaning 0."))));
    // One byte of the cache changed: said on stderr, rebuilt, same answer.
    let mut bytes = std::fs::read(&cache).expect("read");
    let at = bytes.len() / 2;
    bytes[at] ^= 0x55;
    std::fs::write(&cache, &bytes).expect("write");
    let (again, err) = ask("hybrid");
    assert!(err.contains("embedding cache") && err.contains("rebuilt"), "{err}");
    assert_eq!(again, hybrid);
    assert!(claimscope::store::embeddings::load_cache(&project, claimscope::engine::MODEL_ID, 384).is_ok());
}

/// `suggest-claims` lists groups of passages from different articles with their evidence, in a
/// table and as JSON; with the cache beside the project the evidence includes meaning.
#[test]
fn suggest_claims_lists_groups_with_their_evidence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &project).expect("copy");
    let o = run(&["suggest-claims", p(&project), "--top", "5", "--format", "json"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let list = v.as_array().expect("a list");
    assert_eq!(list.len(), 5);
    for s in list {
        let passages = s["passages"].as_array().expect("passages");
        let docs: std::collections::BTreeSet<&str> = passages.iter().filter_map(|x| x["document"].as_str()).collect();
        assert!(docs.len() >= 2 && docs.len() == passages.len(), "one passage per article: {s}");
        assert!(s["why"]["meaning"].is_null(), "no cache beside it: words only");
        assert!(s["why"]["shared"].as_array().is_some_and(|w| !w.is_empty()), "{s}");
    }
    // With the sample's cache beside it, meaning is part of the evidence.
    std::fs::copy(common::root().join("projects/soleimani.ron.embeddings"), dir.path().join("p.ron.embeddings"))
        .expect("copy cache");
    let o = run(&["suggest-claims", p(&project), "--top", "3"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let (out, _) = text(&o);
    assert!(out.starts_with(" 1. ") && out.lines().next().is_some_and(|l| l.contains(" articles, score ")), "{out}");
    assert!(out.contains("meaning 0.") && out.contains("[annotated]") && out.contains("extends “"), "{out}");
    // A damaged project is refused with its name, not a crash.
    std::fs::write(&project, "(name: \"x\", documents: [").expect("write");
    let o = run(&["suggest-claims", p(&project)]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("p.ron"), "{:?}", text(&o));
}

/// A real download of 50 New York Times articles about trade, seven of them near-duplicate
/// copies: no suggested claim gathers most of the download. Linked one pair at a time, copies'
/// shared sentences chained on through each one's next best match elsewhere into groups of 31
/// to 39 articles' unrelated sentences; a group now joins only what it is linked to well.
#[test]
fn suggested_claims_of_a_real_download_stay_groups_of_related_passages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p.ron");
    assert!(run(&["new", p(&project)]).status.success());
    let docx = common::root().join("tests/fixtures/downloads/nexis-uni/nyt1.docx");
    let o = run(&["import", p(&project), p(&docx)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let o = run(&["suggest-claims", p(&project), "--top", "10", "--format", "json"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let sizes: Vec<usize> =
        v.as_array().expect("a list").iter().map(|s| s["passages"].as_array().map_or(0, Vec::len)).collect();
    assert_eq!(sizes.len(), 10, "{sizes:?}");
    assert!(sizes.iter().all(|&n| n <= 25), "a group over half of the 50 articles: {sizes:?}");
}

/// `suggest-tags` now writes the embedding cache beside the project: a link there (to a file
/// outside), a FIFO or a folder is neither followed nor waited on nor replaced; the command
/// says so, naming it, and still suggests, with the vectors it made.
#[test]
fn suggest_tags_writes_no_cache_through_a_link_a_fifo_or_a_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("-x%$(id)'q.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &project).expect("copy");
    let cache = dir.path().join("-x%$(id)'q.ron.embeddings");
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "precious").expect("write");
    type Plant = fn(&std::path::Path, &std::path::Path);
    let plants: [(&str, Plant); 3] = [
        ("symbolic link", |cache, outside| std::os::unix::fs::symlink(outside, cache).expect("link")),
        ("FIFO", |cache, _| assert!(claimscope::testing::mkfifo(cache), "mkfifo")),
        ("folder", |cache, _| std::fs::create_dir(cache).expect("dir")),
    ];
    for (what, plant) in plants {
        plant(&cache, &outside);
        let started = std::time::Instant::now();
        let o = run(&["suggest-tags", p(&project), "--tag", "Rhetoric", "--format", "json"]);
        assert!(o.status.success(), "{what}: {:?}", text(&o));
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "{what}: took {:?}", started.elapsed());
        let (out, err) = text(&o);
        assert!(err.contains("was not saved") && err.contains(".embeddings"), "{what}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        assert!(v["suggestions"].as_array().is_some_and(|s| !s.is_empty()), "{what}: still suggests");
        assert_eq!(std::fs::read_to_string(&outside).expect("read"), "precious", "{what}: nothing written outside");
        let meta = std::fs::symlink_metadata(&cache).expect("still there");
        assert!(!meta.is_file(), "{what}: not replaced by a cache");
        if meta.is_dir() {
            std::fs::remove_dir(&cache).expect("rm");
        } else {
            std::fs::remove_file(&cache).expect("rm");
        }
    }
}

/// `suggest-tags` (issue 24's contract): every suggestion names its document, char offsets whose
/// slice is its quote, one of the project's tags, a score in [0, 1], a speaker or null, and a
/// non-empty why; `--doc`, `--tag` and `--min-score` narrow the list; passages already tagged
/// so are not proposed again.
#[test]
fn suggest_tags_keeps_its_json_contract() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &project).expect("copy");
    let sample = store::load(&project).expect("loads").project;
    let ask = |extra: &[&str]| -> Vec<serde_json::Value> {
        let mut args = vec!["suggest-tags", p(&project), "--format", "json"];
        args.extend_from_slice(extra);
        let o = run(&args);
        assert!(o.status.success(), "{:?}", text(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        v["suggestions"].as_array().expect("a list of suggestions").clone()
    };
    let all = ask(&[]);
    assert!(all.len() >= 20, "{} suggestions on the sample", all.len());
    let tags: Vec<&str> = sample.tags().iter().map(|t| t.name.as_str()).collect();
    let mut seen_tags = std::collections::BTreeSet::new();
    let mut speakers = 0;
    for s in &all {
        let doc = sample.find_document(s["document"].as_str().expect("document")).expect("a document of the project");
        let (start, end) = (s["start"].as_u64().expect("start") as usize, s["end"].as_u64().expect("end") as usize);
        assert!(start < end && end <= doc.text.len_chars(), "{s}");
        assert_eq!(
            s["quote"].as_str(),
            Some(doc.text.slice(start..end)),
            "the quote is the slice at char offsets: {s}"
        );
        let tag = s["tag"].as_str().expect("tag");
        assert!(tags.contains(&tag), "{s}");
        seen_tags.insert(tag.to_owned());
        let score = s["score"].as_f64().expect("score");
        assert!((0.0..=1.0).contains(&score), "{s}");
        assert!(s["speaker"].is_null() || s["speaker"].as_str().is_some_and(|x| !x.is_empty()), "{s}");
        speakers += usize::from(s["speaker"].is_string());
        assert!(
            s["why"].as_array().is_some_and(|w| !w.is_empty() && w.iter().all(serde_json::Value::is_string)),
            "{s}"
        );
        // Not over a passage the analyst already tagged so.
        let tag_id = sample.tags().iter().find(|t| t.name == tag).expect("tag").id;
        assert!(
            !sample.annotations().any(|a| a.doc == doc.id && a.tag == tag_id && a.start < end && start < a.end),
            "{s}"
        );
    }
    assert_eq!(seen_tags.len(), 4, "every built-in tag is proposed somewhere: {seen_tags:?}");
    assert!(speakers >= 5, "reported speech names its speakers");
    let one = ask(&["--doc", "d5", "--tag", "Legal claim", "--min-score", "0.3"]);
    assert!(!one.is_empty() && one.len() < all.len());
    assert!(one.iter().all(|s| s["document"] == "d5" && s["tag"] == "Legal claim" && s["score"].as_f64() >= Some(0.3)));
    // Unknown names are refused, with the name.
    let o = run(&["suggest-tags", p(&project), "--tag", "Opinion"]);
    assert!(!o.status.success() && text(&o).1.contains("Opinion"), "{:?}", text(&o));
    let o = run(&["suggest-tags", p(&project), "--doc", "d99"]);
    assert!(!o.status.success() && text(&o).1.contains("d99"), "{:?}", text(&o));
}

#[test]
fn help_names_every_format_import_reads_and_export_writes() {
    let (out, _) = text(&run(&["import", "--help"]));
    for ext in claimscope::import::IMPORTABLE {
        if ["txt", "md", "html", "pdf", "docx", "odt", "rtf", "mhtml"].contains(&ext) {
            assert!(out.contains(&format!(".{ext}")), "import --help names .{ext}:\n{out}");
        }
    }
    let (out, _) = text(&run(&["export", "--help"]));
    for format in ["json", "csv", "w3c", "brat", "html", "qdpx", "qdc"] {
        assert!(out.contains(format), "export --help names {format}:\n{out}");
    }
}
