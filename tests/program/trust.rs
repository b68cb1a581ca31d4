//! Trust at the edges: what the command line must never do to an analyst's files, however it is
//! called. Each test is named after what broke before it was fixed.

use crate::common;

use std::path::{Path, PathBuf};

use common::{p, run, text};

use claimscope::store;

/// A folder holding the sample project, as an analyst's work folder would.
fn work() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &proj).expect("copy sample");
    (dir, proj)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_brat_export_into_the_work_folder_deletes_nothing() {
    let (dir, proj) = work();
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    let before = files_in(dir.path());
    let o = run(&["export", p(&proj), "--format", "brat", "-o", p(dir.path())]);
    assert!(!o.status.success(), "{:?}", text(&o));
    assert!(text(&o).1.contains("not a claimscope brat export"), "{:?}", text(&o));
    assert_eq!(files_in(dir.path()), before);
    assert!(store::load(&proj).is_ok());
}

#[cfg(unix)]
#[test]
fn a_brat_export_to_a_link_does_not_empty_its_target() {
    let (dir, proj) = work();
    let target = dir.path().join("elsewhere");
    std::fs::create_dir(&target).expect("mkdir");
    std::fs::write(target.join("keep.txt"), "keep").expect("write");
    let link = dir.path().join("out");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let o = run(&["export", p(&proj), "--format", "brat", "-o", p(&link)]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("link"), "{:?}", text(&o));
    assert_eq!(files_in(&target), vec!["keep.txt"]);
    // A file where the folder would go is refused too, not moved aside.
    let file = dir.path().join("taken");
    std::fs::write(&file, "x").expect("write");
    assert!(!run(&["export", p(&proj), "--format", "brat", "-o", p(&file)]).status.success());
    assert_eq!(std::fs::read_to_string(&file).expect("still there"), "x");
    assert!(!files_in(dir.path()).iter().any(|n| n.starts_with(".taken")), "{:?}", files_in(dir.path()));
}

#[test]
fn a_second_brat_export_replaces_only_what_the_first_wrote() {
    let (dir, proj) = work();
    let out = dir.path().join("brat");
    assert!(run(&["export", p(&proj), "--format", "brat", "-o", p(&out)]).status.success());
    let first = files_in(&out);
    assert!(first.contains(&".claimscope-brat".to_owned()) && first.len() > 5, "{first:?}");
    std::fs::write(out.join("my-notes.txt"), "mine").expect("write");
    // Fewer articles the second time: the files of the others go, the analyst's file stays.
    let o = run(&["export", p(&proj), "--format", "brat", "-o", p(&out), "--doc", "d5"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let second = files_in(&out);
    assert!(second.contains(&"my-notes.txt".to_owned()));
    assert_eq!(second.iter().filter(|n| n.ends_with(".ann")).count(), 1, "{second:?}");
    // An empty folder takes an export.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    assert!(run(&["export", p(&proj), "--format", "brat", "-o", p(&empty)]).status.success());
}

#[test]
fn a_single_file_export_never_replaces_the_project_and_asks_before_replacing_a_file() {
    let (dir, proj) = work();
    let before = std::fs::read(&proj).expect("read");
    for extra in [&[][..], &["--force"][..]] {
        let mut args = vec!["export", p(&proj), "--format", "csv", "-o", p(&proj)];
        args.extend(extra);
        let o = run(&args);
        assert!(!o.status.success(), "{:?}", text(&o));
        assert!(text(&o).1.contains("project file"), "{:?}", text(&o));
    }
    assert_eq!(std::fs::read(&proj).expect("read"), before);
    // Nor its backup, nor another project.
    std::fs::copy(&proj, store::backup_path(&proj)).expect("bak");
    let bak = store::backup_path(&proj);
    assert!(!run(&["export", p(&proj), "--format", "json", "-o", p(&bak), "--force"]).status.success());
    let other = dir.path().join("other.ron");
    std::fs::copy(&proj, &other).expect("copy");
    assert!(!run(&["export", p(&proj), "--format", "json", "-o", p(&other), "--force"]).status.success());
    // An existing ordinary file: refused, then replaced with --force.
    let csv = dir.path().join("out.csv");
    std::fs::write(&csv, "old").expect("write");
    let o = run(&["export", p(&proj), "--format", "csv", "-o", p(&csv)]);
    assert!(!o.status.success() && text(&o).1.contains("--force"), "{:?}", text(&o));
    assert_eq!(std::fs::read_to_string(&csv).expect("read"), "old");
    assert!(run(&["export", p(&proj), "--format", "csv", "-o", p(&csv), "--force"]).status.success());
    assert!(std::fs::read_to_string(&csv).expect("read").starts_with("\"id\",\"document\","));
}

#[cfg(unix)]
#[test]
fn an_export_never_replaces_a_fifo_or_a_device() {
    let (dir, proj) = work();
    let fifo = dir.path().join("pipe");
    if !claimscope::testing::mkfifo(&fifo) {
        return;
    }
    let o = run(&["export", p(&proj), "--format", "csv", "-o", p(&fifo), "--force"]);
    assert!(!o.status.success() && text(&o).1.contains("FIFO"), "{:?}", text(&o));
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&std::fs::symlink_metadata(&fifo).expect("there").file_type()));
    let o = run(&["export", p(&proj), "--format", "csv", "-o", "/dev/null", "--force"]);
    assert!(!o.status.success() && text(&o).1.contains("device"), "{:?}", text(&o));
}

#[test]
fn twenty_concurrent_annotations_all_survive() {
    let (_dir, proj) = work();
    let before = store::load(&proj).expect("loads").project.annotation_count();
    let words = [
        "Soleimani",
        "Pentagon",
        "Baghdad",
        "Iran",
        "Trump",
        "drone",
        "airport",
        "Iraq",
        "killed",
        "strike",
        "general",
        "commander",
        "Quds",
        "Force",
        "United",
        "States",
        "Tehran",
        "attack",
        "said",
        "US",
    ];
    let children: Vec<_> = words
        .iter()
        .map(|w| {
            std::process::Command::new(env!("CARGO_BIN_EXE_claimscope"))
                .args(["annotate", p(&proj), "--doc", "d5", "--quote", w, "--occurrence", "1", "--tag", "Fact"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawns")
        })
        .collect();
    let mut ok = 0;
    for c in children {
        let o = c.wait_with_output().expect("runs");
        let err = String::from_utf8_lossy(&o.stderr);
        if o.status.success() {
            ok += 1;
        } else {
            // A refusal must say why; a quote that is not in the article is the only other reason.
            assert!(err.contains("being changed by another") || err.contains("not in document"), "{err}");
        }
    }
    let after = store::load(&proj).expect("loads").project.annotation_count();
    assert_eq!(after, before + ok, "every 'ok' is in the file");
    assert!(ok >= 15, "most quotes are in the Reuters article: {ok}");
}

#[test]
fn a_project_open_in_the_workbench_is_not_written_by_the_command_line() {
    let (_dir, proj) = work();
    let before = std::fs::read(&proj).expect("read");
    let (session, _) = claimscope::ui::session::Session::open(&proj).expect("opens");
    let o = run(&["annotate", p(&proj), "--doc", "d5", "--quote", "Soleimani", "--occurrence", "1", "--tag", "Fact"]);
    assert!(!o.status.success());
    let (_, err) = text(&o);
    assert!(err.contains("claimscope workbench") && err.contains("process"), "{err}");
    assert_eq!(std::fs::read(&proj).expect("read"), before);
    drop(session);
    let o = run(&["annotate", p(&proj), "--doc", "d5", "--quote", "Soleimani", "--occurrence", "1", "--tag", "Fact"]);
    assert!(o.status.success(), "{:?}", text(&o));
}

#[cfg(unix)]
#[test]
fn saving_keeps_the_mode_follows_links_and_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, proj) = work();
    std::fs::set_permissions(&proj, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let annotate = |path: &Path| {
        run(&["annotate", p(path), "--doc", "d5", "--quote", "Soleimani", "--occurrence", "1", "--tag", "Fact"])
    };
    assert!(annotate(&proj).status.success());
    assert_eq!(std::fs::metadata(&proj).expect("there").permissions().mode() & 0o777, 0o600);
    // Through a link: the link stays, its target gets the change.
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&proj, &link).expect("symlink");
    let n = store::load(&proj).expect("loads").project.annotation_count();
    assert!(annotate(&link).status.success());
    assert!(std::fs::symlink_metadata(&link).expect("there").file_type().is_symlink());
    assert_eq!(store::load(&proj).expect("loads").project.annotation_count(), n + 1);
    // Read-only: refused with a message, left as it was.
    std::fs::set_permissions(&proj, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let before = std::fs::read(&proj).expect("read");
    let o = annotate(&proj);
    assert!(!o.status.success() && text(&o).1.contains("read-only"), "{:?}", text(&o));
    assert_eq!(std::fs::read(&proj).expect("read"), before);
}

#[test]
fn leftovers_of_killed_saves_are_removed_by_the_next_save() {
    let (dir, proj) = work();
    let stale = [".p.ron.new-4194301-0.tmp", ".p.ron.bak-4194301-1.tmp"];
    for name in stale {
        std::fs::write(dir.path().join(name), "half a file").expect("write");
    }
    let o = run(&["annotate", p(&proj), "--doc", "d5", "--quote", "Soleimani", "--occurrence", "1", "--tag", "Fact"]);
    assert!(o.status.success(), "{:?}", text(&o));
    if claimscope::testing::require(Path::new("/proc/self").exists(), "/proc") {
        let left = files_in(dir.path());
        assert!(!left.iter().any(|n| n.ends_with(".tmp")), "{left:?}");
    }
}

#[test]
fn an_exhausted_id_counter_gives_a_clear_error_instead_of_wrapping() {
    let (_dir, proj) = work();
    let src = std::fs::read_to_string(&proj).expect("read");
    let start = src.find("next_id: ").expect("has next_id");
    let end = start + src[start..].find(',').expect("comma");
    let src = format!("{}next_id: {}{}", &src[..start], u64::MAX, &src[end..]);
    std::fs::write(&proj, src).expect("write");
    let o = run(&["annotate", p(&proj), "--doc", "d5", "--quote", "Soleimani", "--occurrence", "1", "--tag", "Fact"]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("used up its ids"), "{:?}", text(&o));
    // The way out it names works: the JSON export imported into a new project gets new ids.
    let dir = proj.parent().expect("its folder");
    let (json, fresh) = (dir.join("out.json"), dir.join("fresh.ron"));
    assert!(run(&["export", p(&proj), "--format", "json", "-o", p(&json)]).status.success());
    assert!(run(&["new", p(&fresh)]).status.success());
    let o = run(&["import", p(&fresh), p(&json)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let doc = claimscope::store::load(&fresh).expect("loads").project.documents()[0].id.to_string();
    let o = run(&["annotate", p(&fresh), "--doc", &doc, "--quote", "Soleimani", "--occurrence", "1", "--tag", "Fact"]);
    assert!(o.status.success(), "{:?}", text(&o));
}

#[test]
fn files_it_cannot_read_are_refused_with_the_right_reason_once() {
    let (dir, proj) = work();
    let before = std::fs::read(&proj).expect("read");
    let cases: [(&str, &[u8], &str); 4] = [
        ("report.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", "not a readable PDF"),
        ("data.csv", b"a,b\n1,2\n", "cannot import .csv files"),
        ("other.ron", b"(format: \"claimscope\")", "cannot import project files"),
        ("letter.docx", b"PK\x03\x04\x14\x00\x06\x00", "not a readable zip archive"),
    ];
    for (name, bytes, says) in cases {
        let f = dir.path().join(name);
        std::fs::write(&f, bytes).expect("write");
        let o = run(&["import", p(&proj), p(&f)]);
        assert!(!o.status.success(), "{name}");
        let (_, err) = text(&o);
        assert!(err.contains(says) && err.contains(name), "{name}: {err}");
    }
    assert_eq!(std::fs::read(&proj).expect("read"), before);
    // A device is refused at once instead of read until killed.
    let o = run(&["check", "/dev/zero"]);
    assert!(!o.status.success() && text(&o).1.contains("device"), "{:?}", text(&o));
    let o = run(&["import", p(&proj), "/dev/zero"]);
    assert!(!o.status.success() && text(&o).1.contains("device"), "{:?}", text(&o));
    // An OS error is said once.
    let o = run(&["check", p(&dir.path().join("missing.ron"))]);
    let err = text(&o).1;
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
}

#[test]
fn control_characters_are_stripped_on_import_and_escaped_on_the_terminal() {
    let (dir, proj) = work();
    let f = dir.path().join("evil.txt");
    std::fs::write(&f, "Title \x1b]0;pwned\x07 here\nBody with a NUL\x00 byte.").expect("write");
    let o = run(&["import", p(&proj), p(&f)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let (out, err) = text(&o);
    assert!(!out.contains('\x1b') && !err.contains('\x1b'), "{out:?} {err:?}");
    assert!(err.contains("3 control character(s) removed"), "{err}");
    let project = store::load(&proj).expect("loads").project;
    let d = project.documents().last().expect("added");
    assert!(!d.text.as_str().chars().any(|c| c.is_control() && c != '\n'), "{:?}", d.text.as_str());
    // A title with an escape code already in a file (written by hand) prints escaped.
    let src = std::fs::read_to_string(&proj).expect("read").replacen("title: \"", "title: \"\\u{1b}[2J", 1);
    std::fs::write(&proj, src).expect("write");
    for args in [&["stats", p(&proj)][..], &["compare", p(&proj)][..]] {
        let o = run(args);
        assert!(o.status.success(), "{:?}", text(&o));
        assert!(!text(&o).0.contains('\x1b'), "{args:?}");
    }
    // And the .qdpx export stays well-formed XML.
    let q = dir.path().join("p.qdpx");
    assert!(run(&["export", p(&proj), "--format", "qdpx", "-o", p(&q)]).status.success());
    // An error naming a file whose name holds an escape code prints it escaped (found by an
    // attack: a failing import wrote the raw ESC to the terminal).
    let bad = dir.path().join("\x1b[31mred.html");
    std::fs::write(&bad, "").expect("write");
    let o = run(&["import", p(&proj), p(&bad)]);
    assert!(!o.status.success());
    let err = text(&o).1;
    assert!(!err.contains('\x1b') && err.contains("red.html"), "{err:?}");
    // A project whose own name holds an escape code and a line break: check, export and new
    // had printed it raw (the terminal's title set, a "claimscope: …" line forged).
    let evil = dir.path().join("x\x1b]0;PWNED\x07\nclaimscope: fake.ron");
    std::fs::copy(&proj, &evil).expect("copy");
    let csv = dir.path().join("x\x1b.csv");
    let fresh = dir.path().join("y\x1b]0;t\x07\nclaimscope: new.ron");
    for args in [
        &["check", p(&evil)][..],
        &["export", p(&evil), "--format", "csv", "-o", p(&csv)][..],
        &["new", p(&fresh)][..],
        &["new", p(&fresh)][..],
    ] {
        let o = run(args);
        let (out, err) = text(&o);
        assert!(!out.contains('\x1b') && !err.contains('\x1b'), "{args:?}: {out:?} {err:?}");
        assert!(!out.contains("\nclaimscope: ") && !err.contains("\nclaimscope: "), "{args:?}: {out:?} {err:?}");
    }
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised_unless_raw() {
    let (dir, proj) = work();
    let f = dir.path().join("formula.txt");
    std::fs::write(&f, "=HYPERLINK(\"http://x\",\"click\")\n+1 and -2 and @SUM(A1)").expect("write");
    assert!(run(&["import", p(&proj), p(&f), "--source", "=cmd|' /C calc'!A0"]).status.success());
    let doc = store::load(&proj).expect("loads").project.documents().last().expect("doc").id.to_string();
    let o = run(&["annotate", p(&proj), "--doc", &doc, "--quote", "=HYPERLINK", "--tag", "Rhetoric"]);
    assert!(o.status.success(), "{:?}", text(&o));
    let out = dir.path().join("a.csv");
    assert!(run(&["export", p(&proj), "--format", "csv", "-o", p(&out), "--doc", &doc]).status.success());
    let mut r = csv::Reader::from_path(&out).expect("reads");
    let row = r.records().next().expect("a row").expect("valid");
    assert_eq!(&row[3], "'=cmd|' /C calc'!A0");
    assert!(row[7].starts_with("'=HYPERLINK"), "{:?}", &row[7]);
    let raw = dir.path().join("raw.csv");
    assert!(run(&["export", p(&proj), "--format", "csv", "-o", p(&raw), "--doc", &doc, "--raw-csv"]).status.success());
    let mut r = csv::Reader::from_path(&raw).expect("reads");
    let row = r.records().next().expect("a row").expect("valid");
    assert!(row[7].starts_with("=HYPERLINK"));
    // compare --format csv is guarded too.
    let o = run(&["compare", p(&proj), "--format", "csv", "--table", "matrix"]);
    assert!(text(&o).0.contains("'=cmd"), "{}", text(&o).0);
}

#[test]
fn the_html_report_keeps_no_script_links() {
    let (dir, proj) = work();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "A short article.").expect("write");
    assert!(run(&["import", p(&proj), p(&f), "--url", "javascript:alert(1)"]).status.success());
    let g = dir.path().join("b.txt");
    std::fs::write(&g, "Another short article.").expect("write");
    assert!(run(&["import", p(&proj), p(&g), "--url", "https://example.org/story"]).status.success());
    let out = dir.path().join("r.html");
    assert!(run(&["export", p(&proj), "--format", "html", "-o", p(&out)]).status.success());
    let html = std::fs::read_to_string(&out).expect("read");
    assert!(html.contains("javascript:alert(1)"), "the address is shown");
    assert!(!html.contains("href=\"javascript:"), "but is no link");
    assert!(html.contains("href=\"https://"), "web addresses stay links");
}

#[test]
fn brat_configuration_survives_names_with_newlines_and_bars() {
    let (dir, proj) = work();
    let src = std::fs::read_to_string(&proj)
        .expect("read")
        .replacen("name: \"Rhetoric\"", "name: \"Rhet\\noric | spin\"", 1)
        .replacen("speaker: \"", "speaker: \"A|B, C: \\u{7}", 1);
    std::fs::write(&proj, src).expect("write");
    let out = dir.path().join("brat");
    let o = run(&["export", p(&proj), "--format", "brat", "-o", p(&out)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let visual = std::fs::read_to_string(out.join("visual.conf")).expect("read");
    for line in visual.lines().filter(|l| l.contains(" | ")) {
        assert_eq!(line.matches('|').count(), 1, "{line}");
    }
    let conf = std::fs::read_to_string(out.join("annotation.conf")).expect("read");
    let speakers = conf.lines().find(|l| l.starts_with("Speaker")).expect("speakers");
    let values = speakers.split("Value:").nth(1).expect("values");
    assert!(values.split('|').all(|v| !v.contains([',', ':', '\x07'])), "{speakers}");
    // And it reads back.
    let fresh = dir.path().join("fresh.ron");
    std::fs::copy(&proj, &fresh).expect("copy");
    assert!(run(&["import", p(&fresh), p(&out)]).status.success());
}

/// `merge` and a restore from an export wrote through a link at the output's name (a dangling
/// one needed no --force; one to another file was overwritten with --force and no .bak), as
/// `new` and `export` never did.
#[cfg(unix)]
#[test]
fn merge_and_a_restore_never_write_through_a_link() {
    let (dir, proj) = work();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).expect("mkdir");
    let victim = outside.join("victim.txt");
    std::fs::write(&victim, "precious").expect("write");
    let dangling = dir.path().join("merged.ron");
    std::os::unix::fs::symlink(outside.join("made.ron"), &dangling).expect("symlink");
    let to_victim = dir.path().join("forced.ron");
    std::os::unix::fs::symlink(&victim, &to_victim).expect("symlink");
    for (out, force) in [(&dangling, false), (&to_victim, true)] {
        let mut args = vec!["merge", p(&proj), p(&proj), p(&proj), "-o", p(out)];
        if force {
            args.push("--force");
        }
        let o = run(&args);
        assert!(!o.status.success(), "{:?}", text(&o));
        assert!(text(&o).1.contains("is a link"), "{:?}", text(&o));
    }
    // The line-by-line path (none of the three a project) too.
    let b = dir.path().join("b.txt");
    std::fs::write(&b, "a\nb\n").expect("write");
    let lines = dir.path().join("lines.txt");
    std::os::unix::fs::symlink(outside.join("lines.txt"), &lines).expect("symlink");
    assert!(!run(&["merge", p(&b), p(&b), p(&b), "-o", p(&lines)]).status.success());
    // A restore into a project name that is a dangling link.
    let export = dir.path().join("e.json");
    assert!(run(&["export", p(&proj), "--format", "json", "-o", p(&export)]).status.success());
    let restored = dir.path().join("restored.ron");
    std::os::unix::fs::symlink(outside.join("restored.ron"), &restored).expect("symlink");
    let o = run(&["import", p(&restored), p(&export)]);
    assert!(!o.status.success() && text(&o).1.contains("is a link"), "{:?}", text(&o));
    let mut left: Vec<String> = std::fs::read_dir(&outside)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, vec!["victim.txt"], "nothing made where the links point");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
}

/// A folder more than 32 levels down is not walked, and the import says so (it said only "no
/// files to import").
#[test]
fn folders_too_deep_to_walk_are_named_as_such() {
    let (dir, proj) = work();
    let top = dir.path().join("deep");
    let mut d = top.clone();
    for _ in 0..40 {
        d = d.join("d");
    }
    std::fs::create_dir_all(&d).expect("mkdir");
    std::fs::write(d.join("a.txt"), "An article far down.").expect("write");
    let o = run(&["import", p(&proj), p(&top)]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("1 folder(s) more than 32 levels down not walked"), "{:?}", text(&o));
}

/// Both sides added items at the top of the id range: theirs were renumbered past the largest
/// id, wrapped to 0 (or were lost), and the merge said it was clean. It is refused, nothing
/// written, and says why.
#[test]
fn a_merge_whose_items_need_ids_past_the_largest_is_refused() {
    const M: u64 = u64::MAX;
    let project = |tags: &str, docs: &str, anns: &str| {
        format!(
            "(\n  format: \"claimscope\",\n  version: 2,\n  name: \"g\",\n  uuid: \"3f6f2a4e-8d0b-4c55-9a7e-5b1c2d9e7f11\",\n  next_id: {M},\n  tags: [\n{tags}  ],\n  documents: [\n{docs}  ],\n  claims: [\n  ],\n  annotations: [\n{anns}  ],\n)\n"
        )
    };
    let tag = |id: u64, name: &str| format!("    (id:{id},name:\"{name}\",colour:\"#000000\"),\n");
    let base = tag(M - 5, "A");
    let side = |who: &str| {
        project(
            &format!("{base}{}", tag(M - 2, &format!("{who} tag"))),
            &format!("    (id:{},title:\"{who}\",text:\"{who} article\"),\n", M - 1),
            &format!("    (id:{M},doc:{},start:0,end:3,tag:{},quote:\"{}\"),\n", M - 1, M - 2, &who[..3]),
        )
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("written");
        path
    };
    let (b, o, t) = (
        write("base.ron", &project(&base, "", "")),
        write("ours.ron", &side("ours")),
        write("theirs.ron", &side("theirs")),
    );
    for f in [&b, &o, &t] {
        assert!(run(&["check", p(f)]).status.success(), "{} is a valid project", f.display());
    }
    let out = dir.path().join("out.ron");
    let r = run(&["merge", p(&b), p(&o), p(&t), "-o", p(&out)]);
    assert!(!r.status.success(), "refused");
    let (_, err) = text(&r);
    assert!(err.contains("used up its ids"), "{err}");
    assert!(!out.exists(), "nothing written");
}

/// A merge whose THEIRS is broken says it is theirs (tenth round: the message read as ours'
/// error, and advised a `.bak` copy of theirs that no one had made).
#[test]
fn a_merge_with_a_broken_side_names_that_side() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = std::fs::read_to_string(crate::common::root().join("projects/soleimani.ron")).expect("the sample");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("written");
        path
    };
    let (b, o) = (write("base.ron", &sample), write("ours.ron", &sample));
    let t = write("theirs_bad.ron", &sample.replacen("(\n", "(\n  format: \"claimscope\",\n  {{\n", 1));
    let r = run(&["merge", p(&b), p(&o), p(&t), "-o", p(&o)]);
    assert!(!r.status.success());
    let (_, err) = text(&r);
    assert!(err.contains("theirs cannot be read"), "{err}");
    assert!(err.contains("theirs_bad.ron"), "{err}");
    assert!(!err.contains("open the .bak copy:"), "{err}");
}
