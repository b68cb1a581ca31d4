//! Hostile and broken input: a seeded mutation test over the project loader and every importer,
//! the pathological inputs of `common/pathological.rs`, and saves killed at random moments.
//! Everything is seeded: a failure names the seed and case, and runs the same again.

use crate::common;

use std::path::{Path, PathBuf};

use claimscope::import::{self, ImportError};
use claimscope::store;

use claimscope::analysis::synthetic::Rng;

/// Pieces worth splicing into text formats: delimiters, escapes, controls, odd Unicode.
const TOKENS: &[&str] = &[
    "<",
    ">",
    "</",
    "<div>",
    "<p>",
    "&",
    "&#0;",
    "&amp",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "\"",
    "\\",
    "\\u{0}",
    "\n",
    "\r",
    "\u{0}",
    "\u{1b}",
    "\u{feff}",
    "é",
    "🙂",
    "\u{301}",
    ":",
    ",",
    "#",
    "*",
    "`",
    "---\n",
    "T1\t",
    ";",
    "\t",
    "9999999999",
    "-1",
    "null",
    "r#\"",
    "\"#",
];

/// A mutant of `seed`: a few random byte edits, token splices, deletions and duplications.
fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next_u64() as u8;
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                b.splice(at..at, t.iter().copied());
            }
            2 if !b.is_empty() => {
                let len = rng.below(64).min(b.len() - at.min(b.len()));
                b.drain(at.min(b.len())..at.min(b.len()) + len);
            }
            3 if !b.is_empty() => {
                let from = rng.below(b.len());
                let len = rng.below(256).min(b.len() - from);
                let piece: Vec<u8> = b[from..from + len].to_vec();
                b.splice(at..at, piece);
            }
            4 => b.truncate(at),
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                for _ in 0..rng.below(50) {
                    b.splice(at..at, t.iter().copied());
                }
            }
        }
    }
    b
}

/// Runs `f` on `bytes` written to `path`; a panic fails the test naming the case, and an error
/// must name the file.
fn check(case: &str, path: &Path, bytes: &[u8], f: &dyn Fn(&Path) -> Result<(), String>) {
    std::fs::write(path, bytes).expect("write");
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(path)));
    match r {
        Err(_) => {
            let keep = std::env::temp_dir().join(format!("claimscope-fuzz-{case}"));
            let _ = std::fs::write(&keep, bytes);
            panic!("{case} panicked; the input is kept at {}", keep.display());
        }
        Ok(Err(message)) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            assert!(message.contains(&name), "{case}: the error does not name the file: {message}");
        }
        Ok(Ok(())) => {}
    }
}

fn import_file(path: &Path) -> Result<(), String> {
    match import::read_any(path, None) {
        Ok(_) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

fn load_file(path: &Path) -> Result<(), String> {
    store::load(path).map(|_| ()).map_err(|e| e.to_string())
}

/// A zip archive of `parts`, stored without compression.
fn stored_zip(parts: &[(&str, &str)]) -> Vec<u8> {
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, c)| (*n, c.as_bytes())).collect();
    common::office::zip_with(&parts, zip::CompressionMethod::Stored)
}

/// The seeds: one good file per format.
fn seeds(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let sample = common::root().join("projects/soleimani.ron");
    let p = store::load(&sample).expect("sample loads").project;
    let render = |format| match claimscope::export::render(
        &p,
        &claimscope::export::Scope::default(),
        format,
        &claimscope::export::Options::default(),
        &claimscope::export::Silent,
    )
    .expect("renders")
    .0
    {
        claimscope::export::Output::File(b) => b,
        claimscope::export::Output::Folder(_) => Vec::new(),
    };
    let one_doc: Vec<u8> = {
        let mut s = claimscope::export::Scope::default();
        s.docs.insert(p.documents()[0].id);
        match claimscope::export::render(
            &p,
            &s,
            claimscope::export::Format::Brat,
            &claimscope::export::Options::default(),
            &claimscope::export::Silent,
        )
        .expect("renders")
        .0
        {
            claimscope::export::Output::Folder(files) => {
                let (txt, ann): (Vec<_>, Vec<_>) = files.iter().partition(|(n, _)| n.ends_with(".txt"));
                if let Some((name, bytes)) = txt.first() {
                    std::fs::write(dir.join("brat").join("doc.txt"), bytes).expect("write");
                    let _ = name;
                }
                ann.into_iter().find(|(n, _)| n.ends_with(".ann")).map(|(_, b)| b.clone()).unwrap_or_default()
            }
            claimscope::export::Output::File(_) => Vec::new(),
        }
    };
    vec![
        ("project.ron", std::fs::read(&sample).expect("read")),
        ("article.txt", std::fs::read(common::root().join("projects/sources/000_a26a5273624055fc.txt")).expect("read")),
        ("article.md", b"---\ntitle: \"T\"\n---\n# Head\n\nBody *em* [link](x \"t\").\n\n> quote\n\n- a\n- b\n".to_vec()),
        (
            "page.html",
            b"<html><head><title>T</title><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\"}</script></head><body><nav>Menu</nav><article><h1>H</h1><p>First paragraph, with a comma, long enough to count as prose.</p><p>Second &amp; last &mdash; paragraph.</p></article></body></html>".to_vec(),
        ),
        // Stored, not deflated, so that mutations reach the XML inside as well as the zip.
        (
            "story.docx",
            stored_zip(&[
                ("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Headline</w:t></w:r></w:p><w:p><w:r><w:t>First </w:t></w:r><w:r><w:tab/><w:t>paragraph.</w:t></w:r></w:p><w:p><w:r><w:t>Body</w:t></w:r></w:p><w:p><w:r><w:t>End of Document</w:t></w:r></w:p></w:body></w:document>"),
                ("docProps/core.xml", "<cp:coreProperties xmlns:cp=\"x\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>T</dc:title></cp:coreProperties>"),
            ]),
        ),
        (
            "speech.odt",
            stored_zip(&[(
                "content.xml",
                "<office:document-content xmlns:office=\"o\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><text:h>Head</text:h><text:p>Body <text:s text:c=\"3\"/>text<text:note><text:note-body><text:p>Note.</text:p></text:note-body></text:note></text:p></office:document-content>",
            )]),
        ),
        ("printed.pdf", std::fs::read(common::root().join("tests/fixtures/pdf/001-one-column.pdf")).expect("read")),
        ("saved.mhtml", std::fs::read(common::root().join("tests/fixtures/mhtml/saved-page.mhtml")).expect("read")),
        ("factiva.rtf", std::fs::read(common::root().join("tests/fixtures/bulk/factiva.rtf")).expect("read")),
        ("factiva.html", std::fs::read(common::root().join("tests/fixtures/bulk/factiva.html")).expect("read")),
        ("lexisnexis.txt", std::fs::read(common::root().join("tests/fixtures/bulk/lexisnexis.txt")).expect("read")),
        ("export.json", render(claimscope::export::Format::Json)),
        ("export.jsonld", render(claimscope::export::Format::W3c)),
        ("doc.ann", one_doc),
    ]
}

#[test]
fn mutated_files_give_errors_that_name_them_never_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("brat")).expect("mkdir");
    let seeds = seeds(dir.path());
    // Mutants per seed: enough to reach the corners, bounded so the whole test takes seconds.
    const MUTANTS: usize = 120;
    let mut rng = Rng(0x00C1_A135_C0BE);
    for (name, seed) in &seeds {
        for k in 0..MUTANTS {
            let bytes = mutate(seed, &mut rng);
            let case = format!("{name}-{k}");
            if *name == "doc.ann" {
                let folder = dir.path().join("brat");
                let ann = folder.join("doc.ann");
                check(&case, &ann, &bytes, &|_| import_file(&folder).map_err(|e| format!("{e} (doc.ann)")));
            } else if *name == "project.ron" {
                check(&case, &dir.path().join(name), &bytes, &load_file);
            } else {
                check(&case, &dir.path().join(name), &bytes, &import_file);
            }
        }
    }
}

/// Every pathological input is imported or refused with a message naming it; none panics or
/// overflows the stack. (Their time at 1 MB is measured by `benches/import.rs`.)
#[test]
fn pathological_inputs_are_imported_or_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A quarter of a megabyte each: large enough to overflow a recursive parser's stack or show
    // a quadratic step, small enough for a debug build.
    const N: usize = 250_000;
    let mut all = common::pathological::text(N);
    all.extend(common::pathological::markdown(N));
    all.extend(common::pathological::html(N));
    all.extend(common::pathological::json(N));
    all.extend(common::pathological::pdf(N));
    all.extend(common::pathological::office(N));
    all.extend(common::pathological::rtf(N));
    all.extend(common::pathological::mhtml(N));
    all.extend(common::pathological::refi(N));
    all.extend(common::pathological::downloads(N));
    for (name, bytes) in all {
        check(name, &dir.path().join(name), &bytes, &import_file);
    }
    let folder = dir.path().join("brat");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("doc.txt"), "xy").expect("write");
    for (name, bytes) in common::pathological::brat(N) {
        let _ = std::fs::remove_file(folder.join("doc.ann"));
        std::fs::write(folder.join("doc.ann"), &bytes).expect("write");
        let r = std::panic::catch_unwind(|| import::read_any(&folder, None));
        assert!(r.is_ok(), "{name} panicked");
    }
    // Deep nesting is refused with the reason, not parsed into a stack overflow: plain, and
    // made by end tags the tree builder ignores.
    for case in ["nested-divs.html", "ignored-end-tags.html", "reopened-formatting.html"] {
        let deep = dir.path().join("deep.html");
        std::fs::write(&deep, common::pathological::html(N).into_iter().find(|(n, _)| *n == case).expect("case").1)
            .expect("write");
        match import::read_any(&deep, None) {
            Err(ImportError::Invalid { message, .. }) => assert!(message.contains("nested"), "{case}: {message}"),
            other => panic!("{case}: expected a refusal, got {:?}", other.map(|_| ())),
        }
    }
}

/// Kills a `claimscope annotate` at 30 random moments of its save of a large project: the
/// project file and its `.bak` always load, and the next save leaves no temporary file behind.
#[test]
fn saves_killed_at_random_moments_leave_loadable_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");
    let p = claimscope::analysis::synthetic::project(20, 3000, 2000, 7);
    store::save(&p, &path).expect("saves");
    let doc = p.documents()[0].id.to_string();
    let quote: String = p.documents()[0].text.as_str().split_whitespace().nth(3).unwrap_or("the").to_owned();
    let mut rng = Rng(0x5A7E_D1E5);
    // How long one whole run takes here, to spread the kills over it.
    let t = std::time::Instant::now();
    let whole = annotate(&path, &doc, &quote).wait().expect("runs");
    assert!(whole.success());
    let span = t.elapsed().as_micros().max(1000) as u64;
    for round in 0..30 {
        let mut child = annotate(&path, &doc, &quote);
        std::thread::sleep(std::time::Duration::from_micros(rng.next_u64() % span));
        let _ = child.kill();
        let _ = child.wait();
        assert!(store::load(&path).is_ok(), "round {round}: the project does not load");
        let bak = store::backup_path(&path);
        if bak.exists() {
            assert!(store::load(&bak).is_ok(), "round {round}: the backup does not load");
        }
    }
    assert!(annotate(&path, &doc, &quote).wait().expect("runs").success());
    if claimscope::testing::require(Path::new("/proc/self").exists(), "/proc") {
        let temps: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
            .collect();
        // Name what holds the id of a file left behind (a live claimscope that may be saving).
        let holders: Vec<String> = temps
            .iter()
            .filter_map(|t| t.file_name()?.to_str()?.rsplit('-').nth(1).map(str::to_owned))
            .map(|pid| {
                let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
                format!("{pid}: {} {:?}", status.lines().next().unwrap_or("(gone)"), String::from_utf8_lossy(&cmd))
            })
            .collect();
        assert!(temps.is_empty(), "left behind: {temps:?}; held by {holders:?}");
    }
}

fn annotate(path: &Path, doc: &str, quote: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(["annotate", common::p(path), "--doc", doc, "--quote", quote, "--occurrence", "1", "--tag", "Fact"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns")
}
