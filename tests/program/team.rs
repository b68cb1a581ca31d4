//! Two analysts, one article set, under real git: two clones annotate the same article, both
//! commit, and `git merge` runs claimscope's merge driver.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use claimscope::model::{Side, Subject};
use claimscope::store;

const BIN: &str = env!("CARGO_BIN_EXE_claimscope");
const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/soleimani.ron");
const DOC: &str = "US tells UN Security Council the killing of Soleimani was self-defence";

/// Runs a command in `dir` with git's identity and configuration fixed (no global or system
/// config of the machine), returning its output.
fn run(dir: &Path, program: &str, args: &[&str], analyst: &str) -> Output {
    Command::new(program)
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", analyst)
        .env("GIT_AUTHOR_EMAIL", "a@example.org")
        .env("GIT_COMMITTER_NAME", analyst)
        .env("GIT_COMMITTER_EMAIL", "a@example.org")
        .env("CLAIMSCOPE_ANALYST", analyst)
        .output()
        .unwrap_or_else(|e| panic!("could not run {program}: {e}"))
}

fn ok(dir: &Path, program: &str, args: &[&str], analyst: &str) -> String {
    let out = run(dir, program, args, analyst);
    assert!(
        out.status.success(),
        "{program} {args:?} failed in {}:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn git_available() -> bool {
    Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// A shared repository holding the sample project, set up for the driver, and two clones of
/// it, each set up as its analyst would.
fn two_clones(root: &Path) -> (PathBuf, PathBuf) {
    let seed = root.join("seed");
    std::fs::create_dir_all(&seed).expect("mkdir");
    ok(&seed, "git", &["init", "-q", "-b", "main"], "Lead");
    std::fs::copy(SAMPLE, seed.join("project.ron")).expect("copies the sample");
    ok(&seed, BIN, &["git-setup"], "Lead");
    ok(&seed, "git", &["add", "project.ron", ".gitattributes", ".gitignore"], "Lead");
    ok(&seed, "git", &["commit", "-q", "-m", "sample"], "Lead");
    ok(root, "git", &["clone", "-q", "--bare", "seed", "origin.git"], "Lead");
    let (a, b) = (root.join("ana"), root.join("ben"));
    for (dir, who) in [(&a, "Ana"), (&b, "Ben")] {
        ok(root, "git", &["clone", "-q", "origin.git", dir.file_name().and_then(|n| n.to_str()).unwrap_or("x")], who);
        ok(dir, BIN, &["git-setup"], who);
    }
    (a, b)
}

fn annotate(dir: &Path, who: &str, quote: &str, tag: &str, note: &str) {
    ok(dir, BIN, &["annotate", "project.ron", "--doc", DOC, "--quote", quote, "--tag", tag, "--note", note], who);
}

#[test]
fn two_analysts_annotate_one_article_and_git_merges_their_work() {
    if !claimscope::testing::require(git_available(), "git") {
        return;
    }
    let root = tempfile::tempdir().expect("temp dir");
    let (ana, ben) = two_clones(root.path());
    let attributes = std::fs::read_to_string(ana.join(".gitattributes")).expect("committed attributes");
    assert!(attributes.contains("*.ron merge=claimscope"), "{attributes}");
    let ignore = std::fs::read_to_string(ana.join(".gitignore")).expect("committed ignore list");
    assert!(ignore.contains("*.ron.bak") && ignore.contains(".*.ron.lock"), "{ignore}");

    annotate(&ana, "Ana", "vowed to take additional action", "Allegation", "Ana: a threat");
    ok(&ana, "git", &["commit", "-q", "-am", "Ana's reading"], "Ana");
    ok(&ana, "git", &["push", "-q", "origin", "main"], "Ana");

    annotate(&ben, "Ben", "justified under Article 51 of the U.N. Charter", "Legal claim", "Ben: Art. 51");
    ok(&ben, "git", &["commit", "-q", "-am", "Ben's reading"], "Ben");
    // Plain git would conflict here: both took the same new id and raised next_id.
    let out = run(&ben, "git", &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], "Ben");
    assert!(
        out.status.success(),
        "the driver merges cleanly:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ok(&ben, "git", &["status", "--porcelain"], "Ben"), "", "nothing left to resolve");
    ok(&ben, BIN, &["check", "project.ron"], "Ben");

    let merged = store::load(&ben.join("project.ron")).expect("loads").project;
    let sample = store::load(Path::new(SAMPLE)).expect("loads").project;
    assert_eq!(merged.annotation_count(), sample.annotation_count() + 2, "both people's work");
    let by =
        |q: &str| merged.annotations().find(|a| a.quote.exact == q).map(|a| (a.created_by.clone(), a.note.clone()));
    assert_eq!(by("vowed to take additional action"), Some(("Ana".into(), "Ana: a threat".into())));
    assert_eq!(by("justified under Article 51 of the U.N. Charter"), Some(("Ben".into(), "Ben: Art. 51".into())));
    assert!(merged.conflicts().is_empty());
    let ids: std::collections::HashSet<_> = merged.annotations().map(|a| a.id).collect();
    assert_eq!(ids.len(), merged.annotation_count(), "ids unique");

    // Ben pushes the merge; Ana pulls it as a fast-forward and has both.
    ok(&ben, "git", &["push", "-q", "origin", "main"], "Ben");
    ok(&ana, "git", &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], "Ana");
    assert_eq!(store::load(&ana.join("project.ron")).expect("loads").project, merged);
}

#[test]
fn the_same_note_changed_twice_is_a_conflict_git_reports_and_the_file_keeps() {
    if !claimscope::testing::require(git_available(), "git") {
        return;
    }
    let root = tempfile::tempdir().expect("temp dir");
    let (ana, ben) = two_clones(root.path());
    let first = store::load(&ana.join("project.ron")).expect("loads").project.annotations().next().map(|a| a.id);
    let first = first.expect("the sample has annotations");
    for (dir, who, note) in [(&ana, "Ana", "Ana's note"), (&ben, "Ben", "Ben's note")] {
        let path = dir.join("project.ron");
        let mut p = store::load(&path).expect("loads").project;
        let speaker = p.annotation(first).map(|a| a.speaker.clone()).unwrap_or_default();
        let e = p.describe(first, note, &speaker).expect("describes");
        p.apply(e).expect("applies");
        store::save(&p, &path).expect("saves");
        ok(dir, "git", &["commit", "-q", "-am", note], who);
    }
    ok(&ana, "git", &["push", "-q", "origin", "main"], "Ana");
    let out = run(&ben, "git", &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], "Ben");
    assert!(!out.status.success(), "a conflict stops the merge");
    let status = ok(&ben, "git", &["status", "--porcelain"], "Ben");
    assert!(status.contains("UU project.ron"), "git marks it conflicted: {status}");

    // The file is a valid project (no conflict markers): ours kept, theirs recorded.
    let merged = store::load(&ben.join("project.ron")).expect("the result loads").project;
    assert_eq!(merged.annotation(first).map(|a| a.note.as_str()), Some("Ben's note"));
    let c = &merged.conflicts()[0];
    assert_eq!((c.subject, c.field.as_str(), c.kept), (Subject::Annotation(first), "note", Side::Ours));
    assert_eq!(c.theirs.to_string(), "“Ana's note”");
    // Git named the sides (%X, %Y): the Team view says whose change is whose.
    assert_eq!(c.origin.ours_branch, "HEAD");
    assert!(!c.origin.theirs_branch.is_empty() && !c.origin.theirs_branch.starts_with('%'), "{:?}", c.origin);
}

/// Ours cut an article's tail (a footer past its last annotation), theirs added a correction
/// line at its head and was saved by claimscope (so its annotations' offsets moved with the
/// text): the merge places the moved annotations by their quotes and records the text conflict
/// (theirs' moved offsets had fallen past the end of ours' shorter text, and the whole merge was
/// refused, then said "nothing was written" of a file the line merge had rewritten).
#[test]
fn a_cut_tail_and_an_added_head_merge_with_the_text_conflict_recorded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let base = std::fs::read_to_string(SAMPLE).expect("the sample");
    let at = base.find("    (id: 9,").expect("article d9");
    let start = at + base[at..].find("text: r#\"").expect("its text") + "text: r#\"".len();
    let end = start + base[start..].find("\"#),\n").expect("its end");
    let text = &base[start..end];
    // The end of d9's last annotation, in chars.
    let last = base
        .match_indices("doc:9,start:")
        .filter_map(|(i, _)| {
            let rest = &base[i..];
            let e = rest.find("end:")? + 4;
            rest[e..].split(|c: char| !c.is_ascii_digit()).next()?.parse::<usize>().ok()
        })
        .max()
        .expect("d9 has annotations");
    let cut: String = text.chars().take(last + 40).collect();
    std::fs::write(d.join("base.ron"), &base).expect("base");
    std::fs::write(d.join("ours.ron"), format!("{}{cut}{}", &base[..start], &base[end..])).expect("ours");
    let head = "[Correction, 5 January: an earlier version misspelled a name.]\n";
    std::fs::write(d.join("theirs.ron"), format!("{}{head}{text}{}", &base[..start], &base[end..])).expect("theirs");
    ok(d, BIN, &["annotate", "theirs.ron", "--doc", "d9", "--quote", "Correction", "--tag", "Fact"], "B");
    let out = run(d, BIN, &["merge", "base.ron", "ours.ron", "theirs.ron", "-o", "merged.ron"], "A");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "merged with a conflict to settle, not refused: {said}");
    assert!(said.contains("article d9 text"), "{said}");
    let merged = store::load(&d.join("merged.ron")).expect("the merged file opens").project;
    let theirs = store::load(&d.join("theirs.ron")).expect("theirs").project;
    let orphans: Vec<_> = merged.orphans().map(|a| a.id).collect();
    let mut placed = 0;
    for a in theirs.annotations().filter(|a| a.doc.to_string() == "d9") {
        let m = merged.annotation(a.id).expect("every annotation kept");
        if orphans.contains(&a.id) {
            // Theirs' new passage on the line only theirs has: kept, as an orphan, said.
            assert_eq!(a.quote.exact, "Correction");
            continue;
        }
        let t = &merged.document(m.doc).expect("d9").text;
        assert_eq!(t.slice(m.start..m.end), a.quote.exact, "{} placed on its quote", a.id);
        placed += 1;
    }
    assert!(placed >= 10 && orphans.len() == 1, "{placed} placed, orphans {orphans:?}");
}
