//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod growth;
pub mod office;
pub mod pathological;
pub mod shingles;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use claimscope::model::{NewAnnotation, Project, Text};

/// The repository root (the workspace's, whichever crate's tests these helpers are part of).
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().find(|d| d.join("Cargo.lock").is_file()).map_or(here.clone(), Path::to_path_buf)
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The claimscope binary, where cargo built it for these tests (the program's own tests).
pub fn binary() -> &'static str {
    match option_env!("CARGO_BIN_EXE_claimscope") {
        Some(exe) => exe,
        None => panic!("only the program's tests (tests/program, tests/doors.rs) run the binary"),
    }
}

/// Runs the claimscope binary with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env(claimscope::clock::FIXED_TIME, "1767225600")
        // A user's shell may hold it (packaging tools set it): it must not fix the time.
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .expect("the claimscope binary runs")
}

/// Standard output and error of a run, as text.
pub fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

pub fn p(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// Texts that break byte-offset code: curly quotes, emoji, right-to-left script, combining marks.
pub const TRICKY: [&str; 3] = [
    "The US said it acted in “self-defence” — citing Article 51. 🇺🇸 Iran called it “state terrorism”.",
    "قال المتحدث إن الضربة كانت دفاعاً عن النفس. Pompeo: “spurious”. Ame\u{301}lie 👩‍👩‍👧",
    "Zarif: “The US’ act of international terrorism … is extremely dangerous.”\n‘Rigorous revenge’",
];

/// A small valid project over [`TRICKY`] with a few annotations and a claim.
pub fn small_project() -> Project {
    let mut p = Project::new("Tricky “test” ✓");
    let mut docs = Vec::new();
    for (i, t) in TRICKY.iter().enumerate() {
        let (id, e) = p
            .add_document(&format!("Doc {i}"), "Outlet", "https://example.org/é", "2020-01-03", Text::new(*t))
            .expect("ids left");
        p.apply(e).expect("adds");
        docs.push(id);
    }
    let fact = p.find_tag("Fact").expect("default").id;
    let rhet = p.find_tag("Rhetoric").expect("default").id;
    let mut anns = Vec::new();
    for (d, needle, tag) in
        [(0, "self-defence", fact), (1, "دفاعاً عن النفس", fact), (2, "international terrorism", rhet)]
    {
        let text = &p.document(docs[d]).expect("doc").text;
        let at = text.find_all(needle)[0];
        let r = at..at + needle.chars().count();
        let extra = NewAnnotation { note: "note “q” 🙂".into(), speaker: "Zarif".into(), ..Default::default() };
        let (id, e) = p.annotate(docs[d], r, tag, extra).expect("valid");
        p.apply(e).expect("adds");
        anns.push(id);
    }
    let (_, e) = p.new_claim("Self-defence", "Article 51", &anns[..2]).expect("valid");
    p.apply(e).expect("adds");
    p
}

/// The real Nexis Uni download `usa-today.docx` (seven articles, a cover list that says so)
/// with the third article's "Body" line spoilt, so that it can no longer be read: written to
/// `dir`, for the tests of what the report says when a count differs.
pub fn nexis_uni_missing_one(dir: &Path) -> PathBuf {
    use std::io::Read as _;
    let src = root().join("tests/fixtures/downloads/nexis-uni/usa-today.docx");
    let bytes = std::fs::read(&src).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..zip.len() {
        let mut part = zip.by_index(k).expect("part");
        let name = part.name().expect("a name").into_owned();
        let mut data = Vec::new();
        part.read_to_end(&mut data).expect("read part");
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).expect("utf-8");
            let mut at = 0;
            for _ in 0..3 {
                at += xml[at..].find(">Body<").expect("a Body line") + 1;
            }
            data = format!("{}>Bod-y<{}", &xml[..at - 1], &xml[at + 5..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
        std::io::Write::write_all(&mut out, &data).expect("write");
    }
    let cut = dir.join("cut.docx");
    std::fs::write(&cut, out.finish().expect("finish").into_inner()).expect("write");
    cut
}
