//! Trust, second round: files someone else made (a `.qdpx`, an office file, a PDF, a saved page,
//! the sidecars beside a project, names git passes to the merge driver) cannot read a file they
//! were not given, exhaust memory, abort, hang, or write through a link. Every hostile input is
//! made here, small; each test is named after what it once did.
//!
//! Memory is measured by an instrumented allocator (peakmem-alloc) around the whole test
//! binary; the process's address space is capped (rlimit), so that a regression fails here
//! rather than exhausting the machine. Cases that measure memory take a lock, so that their
//! peaks are their own.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use claimscope::analysis::synthetic::Rng;
use claimscope::import::{self, ImportFile, ReadOptions, qdpx::External};
use claimscope::store;
use common::{p, run, text};
use peakmem_alloc::{INSTRUMENTED_SYSTEM, PeakMemAlloc, PeakMemAllocTrait};

#[global_allocator]
static GLOBAL: &PeakMemAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

/// The goal: no input of at most 1 MB costs more than this.
const GOAL: usize = 1 << 30;
/// The address space the test process may use at most (its threads' stacks and the
/// allocator's arenas are reserved from it too).
const CAP: u64 = 12 << 30;

/// One measured case at a time.
static MEASURED: Mutex<()> = Mutex::new(());

/// Runs `f` (named `case`) on a thread of its own with `stack` bytes of stack, and returns its
/// result and the most memory it held at once. A case that does not finish within a minute has
/// hung: the test fails (a minute, not a budget: budgets are the benchmarks'; this only tells
/// a hang from slowness).
fn measured<T: Send + 'static>(case: &str, stack: usize, f: impl FnOnce() -> T + Send + 'static) -> (T, usize) {
    let _one = MEASURED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    #[cfg(unix)]
    let _ = rlimit::setrlimit(rlimit::Resource::AS, CAP, rlimit::INFINITY);
    GLOBAL.reset_peak_memory();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = tx.send(r);
        })
        .expect("a thread");
    let r = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => panic!("{case}: panicked"),
        Err(_) => panic!("{case}: did not finish within a minute (hung)"),
    };
    let peak = GLOBAL.get_peak_memory();
    assert!(peak <= GOAL, "{case}: held {} MB at once (goal: at most {} MB)", peak >> 20, GOAL >> 20);
    (r, peak)
}

const JOB_STACK: usize = 8 << 20;

/// Runs `f` (a test's making of its input) while no case is measured: the peak is the whole
/// process's, and a large input made beside another test's measure counted in its peak.
fn prepared<T>(f: impl FnOnce() -> T) -> T {
    let _one = MEASURED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    f()
}

/// Writes `bytes` to `name` in `dir`.
fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn read(path: &Path, external: External) -> Result<ImportFile, String> {
    import::read_with(path, &ReadOptions { external, ..ReadOptions::default() }).map_err(|e| e.to_string())
}

/// The texts of the articles a file brought.
fn texts(file: &ImportFile) -> Vec<String> {
    match file {
        ImportFile::Annotations(inc) => inc.documents.iter().filter_map(|d| d.text.clone()).collect(),
        ImportFile::Article(a) => vec![a.text.clone()],
        ImportFile::Articles(d) => d.articles.iter().map(|a| a.text.clone()).collect(),
        ImportFile::Export(_) => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// REFI-QDA

/// A `.qdpx` whose project names `sources` (name, the attribute and its value) and holds
/// `parts` besides `project.qde`.
fn qdpx(sources: &[(&str, &str, String)], parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x" basePath="/"><Sources>"#,
    );
    for (k, (name, attr, value)) in sources.iter().enumerate() {
        let value = value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
        xml += &format!(
            r#"<TextSource guid="00000000-0000-0000-0000-{k:012}" name="{name}" {attr}="{value}"></TextSource>"#
        );
    }
    xml += "</Sources></Project>";
    let mut all: Vec<(&str, &[u8])> = vec![("project.qde", xml.as_bytes())];
    all.extend_from_slice(parts);
    common::office::zip_with(&all, zip::CompressionMethod::Deflated)
}

#[test]
fn a_qdpx_reads_no_file_outside_its_archive_unless_the_analyst_allows_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir(&home).expect("mkdir");
    let secret = write(&home, "id_rsa", b"PRIVATE KEY MATERIAL");
    let beside = write(dir.path(), "beside.txt", b"a source kept beside the archive");
    let secret_s = secret.display().to_string();
    let sources = vec![
        ("bare", "plainTextPath", secret_s.clone()),
        ("absolute", "plainTextPath", format!("absolute://{secret_s}")),
        ("file", "plainTextPath", format!("file://{secret_s}")),
        ("up", "plainTextPath", "relative://../../../../../../../../etc/hostname".to_owned()),
        ("beside", "plainTextPath", "relative://beside.txt".to_owned()),
        ("proc", "plainTextPath", "/proc/version".to_owned()),
        ("inside", "plainTextPath", "internal://inside.txt".to_owned()),
    ];
    let archive = write(dir.path(), "stranger.qdpx", &qdpx(&sources, &[("sources/inside.txt", b"inside the archive")]));

    // By default: only what is inside the archive; every other file is listed, none read.
    let file = read(&archive, External::None).expect("reads");
    let got = texts(&file);
    assert_eq!(got, vec!["inside the archive".to_owned()], "only the archive's own text");
    let ImportFile::Annotations(inc) = &file else { panic!("annotations") };
    assert_eq!(inc.external.len(), 6, "{:?}", inc.external);
    assert!(inc.external.iter().all(|e| !e.read));
    assert!(inc.ignored.iter().any(|i| i.contains("refers to 6 file(s) outside the archive")), "{:?}", inc.ignored);

    // Allowed: a regular file in its folder, and one beside the archive; never /proc, never a
    // `relative://` that climbs out of the archive's folder.
    let file = read(&archive, External::All).expect("reads");
    let got = texts(&file);
    assert!(got.contains(&"PRIVATE KEY MATERIAL".to_owned()), "allowed, it is read");
    assert!(got.contains(&"a source kept beside the archive".to_owned()));
    assert!(!got.iter().any(|t| t.contains("Linux version")), "/proc is never read");
    let ImportFile::Annotations(inc) = &file else { panic!("annotations") };
    let refused: Vec<&str> = inc.external.iter().filter(|e| !e.read).map(|e| e.source.as_str()).collect();
    assert!(refused.contains(&"proc") && refused.contains(&"up"), "{:?}", inc.external);

    // Allowed one by one: only the ticked file.
    let file = read(&archive, External::Only(vec![beside.clone()])).expect("reads");
    let got = texts(&file);
    assert!(got.contains(&"a source kept beside the archive".to_owned()));
    assert!(!got.iter().any(|t| t.contains("PRIVATE")));

    // The command line: listed, not read, unless --external-sources.
    let proj = dir.path().join("p.ron");
    assert!(run(&["new", p(&proj)]).status.success());
    let o = run(&["import", p(&proj), p(&archive), "--dry-run"]);
    assert!(text(&o).0.contains("refers to 6 file(s) outside the archive"), "{:?}", text(&o));
    let o = run(&["import", p(&proj), p(&archive)]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(!std::fs::read_to_string(&proj).expect("saved").contains("PRIVATE"));
    // Allowed, every file read from outside is named in the report (it had said "3 new
    // article(s)" of a key and /etc/passwd).
    let o = run(&["import", p(&proj), p(&archive), "--external-sources"]);
    let out = text(&o).0;
    assert!(o.status.success() && out.contains("read from outside the file: "), "{out}");
    assert!(out.contains(&secret_s) && out.contains("beside.txt"), "{out}");
}

#[cfg(unix)]
#[test]
fn allowed_or_not_a_qdpx_never_reads_a_link_out_of_its_folder_a_fifo_or_a_device() {
    let dir = tempfile::tempdir().expect("temp dir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    let secret = write(dir.path(), "secret.txt", b"SECRET");
    std::os::unix::fs::symlink(&secret, docs.join("linked.txt")).expect("symlink");
    let fifo = docs.join("fifo.txt");
    let have_fifo = claimscope::testing::mkfifo(&fifo);
    let sources = vec![
        ("linked", "plainTextPath", docs.join("linked.txt").display().to_string()),
        ("fifo", "plainTextPath", fifo.display().to_string()),
        ("zero", "plainTextPath", "/dev/zero".to_owned()),
        ("linked-beside", "plainTextPath", "relative://docs/linked.txt".to_owned()),
    ];
    let archive = write(dir.path(), "x.qdpx", &qdpx(&sources, &[]));
    let (file, _) = measured("links, fifo, device", JOB_STACK, move || read(&archive, External::All));
    let file = file.expect("reads what it can");
    assert!(texts(&file).iter().all(|t| !t.contains("SECRET")), "a link out of its folder is not followed");
    let ImportFile::Annotations(inc) = &file else { panic!("annotations") };
    assert!(inc.external.iter().all(|e| !e.read), "{:?}", inc.external);
    if have_fifo {
        let why = inc.external.iter().find(|e| e.source == "fifo").and_then(|e| e.refused.clone()).unwrap_or_default();
        assert!(why.contains("FIFO") || why.contains("not a regular file"), "{why}");
    }
}

/// Notes about a passage no source refers to, in an archive of many sources: each note was
/// matched against every source (a 195 KB archive of 200,000 sources and 50,000 notes ran for
/// over a minute). Now looked up by span; the notes are reported, not placed.
#[test]
fn loose_notes_in_an_archive_of_many_sources_cost_one_lookup_each() {
    let dir = tempfile::tempdir().expect("temp dir");
    let n = 50_000;
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"><Notes>"#,
    );
    for i in 0..n {
        xml += &format!(
            r#"<Note guid="00000000-0000-0000-0001-{i:012}"><PlainTextContent>t</PlainTextContent><PlainTextSelection startPosition="0" endPosition="1"/></Note>"#
        );
    }
    xml += "</Notes><Sources>";
    for i in 0..n {
        xml += &format!(
            r#"<TextSource guid="00000000-0000-0000-0002-{i:012}" name="s"><PlainTextContent>xy</PlainTextContent></TextSource>"#
        );
    }
    xml += "</Sources></Project>";
    let archive = common::office::zip_with(&[("project.qde", xml.as_bytes())], zip::CompressionMethod::Deflated);
    let path = write(dir.path(), "loose.qdpx", &archive);
    let (file, _) = measured("loose notes", 8 << 20, move || read(&path, External::None));
    let ImportFile::Annotations(inc) = file.expect("reads") else { panic!("annotations") };
    assert!(
        inc.ignored.iter().any(|m| m.contains(&format!("{n} note(s) that could not be placed"))),
        "{:?}",
        inc.ignored
    );
}

/// Ten thousand brat spans over one long article, each quoting most of it (a 640 KB folder
/// took 4 GB and aborted): the quotes and notes a file's annotations bring are bounded; those
/// past the bound are not added, and the report says how many.
#[test]
fn annotations_quoting_a_long_article_again_and_again_stay_within_one_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("brat");
    std::fs::create_dir(&folder).expect("mkdir");
    let len = 150_000;
    write(&folder, "n.txt", "x".repeat(len).as_bytes());
    let ann: String = (0..10_000).map(|i| format!("T{i}\tFact 0 1;1 {}\tx\n", len - i)).collect();
    write(&folder, "n.ann", ann.as_bytes());
    let (report, _) = measured("brat amplification", 8 << 20, move || {
        let project = claimscope::model::Project::new("p");
        let ImportFile::Annotations(inc) = import::read_any(&folder, None).expect("reads") else {
            panic!("annotations")
        };
        import::merge::merge(&project, &inc).map(|(_, report)| report).map_err(|e| e.to_string())
    });
    let report = report.expect("merges");
    assert!(report.added > 0 && report.added < 10_000, "{report}");
    assert!(report.ignored.iter().any(|m| m.contains("not added: the file's annotations quote")), "{report}");
}

/// One id given to two spans (brat itself refuses such a file) had both read, the notes and
/// attributes naming it given to the last; a speaker given twice to one span kept the last,
/// unsaid. The first is refused with its line, the second said.
#[test]
fn a_brat_id_given_twice_is_refused_and_an_attribute_given_twice_said() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("brat");
    std::fs::create_dir(&folder).expect("mkdir");
    write(&folder, "a.txt", b"The minister said it was lawful.");
    write(&folder, "a.ann", b"T1\tFact 0 12\tThe minister\nT1\tFact 13 17\tsaid\n");
    let said = read(&folder, External::None).map(|_| ()).expect_err("refused");
    assert!(said.contains("line 2: the id T1 is given again (first at line 1)"), "{said}");
    write(&folder, "a.ann", b"T1\tFact 0 12\tThe minister\nA1\tSpeaker T1 Ann\nA2\tSpeaker T1 Bo\n");
    let Ok(ImportFile::Annotations(inc)) = read(&folder, External::None) else { panic!("annotations") };
    assert_eq!(inc.annotations[0].speaker, "Bo");
    let said = inc.ignored.join("; ");
    assert!(
        said.contains(
            "1 claim or speaker attribute(s) given again to a span that had one, the last kept (first at line 3"
        ),
        "{said}"
    );
}

/// A brat file of 70,000 A lines naming a claim each for one span (1 MB): each line searched
/// the list of claims made so far (7.4 s, quadratic), and all 70,000 became claims though the
/// span links to one, the last. The claims are the ones the annotations name, found in a set.
#[test]
fn a_brat_file_naming_thousands_of_claims_for_one_span_makes_the_one_it_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("brat");
    std::fs::create_dir(&folder).expect("mkdir");
    write(&folder, "a.txt", "x".repeat(100).as_bytes());
    let mut ann = String::from("T\tFact 0 1\tx\nT2\tFact 1 2\tx\nA\tClaim T2 second\n");
    ann.extend((0..70_000).map(|i| format!("A\tClaim T k{i}\n")));
    write(&folder, "a.ann", ann.as_bytes());
    let (inc, _) = measured("brat claims", JOB_STACK, move || match import::read_any(&folder, None) {
        Ok(ImportFile::Annotations(inc)) => inc,
        _ => panic!("annotations"),
    });
    let keys: Vec<&str> = inc.claims.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["k69999", "second"], "the claims the spans link to, in the order of the spans");
    let report = import::merge::merge(&claimscope::model::Project::new("p"), &inc).expect("merges").1;
    assert_eq!(report.new_claims, 2, "{report}");
}

/// One article of 36 MB of short words (a 106 KB Word file gives it): comparing it with the
/// others for near-duplicates held a `String` per word, 1 GB. Its first words are compared now.
#[test]
fn a_huge_article_is_compared_for_near_duplicates_in_bounded_memory() {
    let text: String = (0..12_000_000).map(|i| ["a ", "b ", "c "][i % 3]).collect();
    let held = text.len();
    let (n, peak) = measured("shingles", 8 << 20, move || claimscope::analysis::duplicates::shingles(&text).len());
    assert!(n > 0);
    assert!(peak < held + (64 << 20), "{} MB held for the shingles of a {} MB text", (peak - held) >> 20, held >> 20);
}

/// A brat folder's files are read without following links: `doc.txt` -> `/etc/passwd` (or
/// `/proc/self/environ`, the process's secrets) was imported as an article and saved.
#[cfg(unix)]
#[test]
fn a_brat_folder_reads_no_link_out_of_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = write(dir.path(), "secret.txt", b"PRIVATE KEY MATERIAL");
    let folder = dir.path().join("brat");
    std::fs::create_dir(&folder).expect("mkdir");
    std::os::unix::fs::symlink(&secret, folder.join("n.txt")).expect("symlink");
    write(&folder, "n.ann", b"T1\tFact 0 4\tPRIV\n");
    match import::read_any(&folder, None) {
        Err(e) => assert!(e.to_string().contains("a link") && e.to_string().contains("n.txt"), "{e}"),
        Ok(file) => panic!("read through the link: {:?}", texts(&file)),
    }
    // The same folder with the text itself reads.
    std::fs::remove_file(folder.join("n.txt")).expect("rm");
    write(&folder, "n.txt", b"PRIV and more");
    assert!(import::read_any(&folder, None).is_ok());
}

#[test]
fn a_qdpx_naming_one_docx_a_hundred_times_stays_within_one_budget() {
    // One .docx of ~10 MB of text that deflates to ~100 KB, named by 100 sources.
    let para = common::office::w_p("", &["word ".repeat(2000).as_str()]);
    let body = para.repeat(1000);
    let docx = common::office::docx(&body, None, None);
    assert!(docx.len() < 1_000_000, "{}", docx.len());
    let sources: Vec<(&str, &str, String)> =
        (0..100).map(|_| ("copy", "richTextPath", "internal://big.docx".to_owned())).collect();
    let bytes = qdpx(&sources, &[("sources/big.docx", &docx)]);
    assert!(bytes.len() < 1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = write(dir.path(), "bomb.qdpx", &bytes);
    let (file, peak) = measured("qdpx docx x100", JOB_STACK, move || read(&archive, External::None));
    let file = file.expect("reads");
    let total: usize = texts(&file).iter().map(String::len).sum();
    assert!(total <= 64 << 20, "the text brought in is bounded: {total} bytes");
    assert!(peak < 512 << 20, "{} MB", peak >> 20);
}

#[test]
fn a_qde_of_tiny_elements_is_refused_by_what_its_tree_would_cost() {
    // `<a/>` 30 million times: 120 MB of XML, a few hundred KB zipped.
    let mut xml = String::from(r#"<Project xmlns="urn:QDA-XML:project:1.0" name="x">"#);
    xml += &"<a/>".repeat(30_000_000);
    xml += "</Project>";
    let bytes = common::office::zip_with(&[("project.qde", xml.as_bytes())], zip::CompressionMethod::Deflated);
    drop(xml);
    assert!(bytes.len() < 1_000_000, "{}", bytes.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = write(dir.path(), "tiny.qdpx", &bytes);
    let (r, _) = measured("tiny elements", JOB_STACK, move || read(&archive, External::None));
    let e = r.expect_err("refused");
    assert!(e.contains("too many elements") || e.contains("unpacks to more than"), "{e}");
}

/// roxmltree compares each attribute with those before it on its element and copies the
/// namespaces in scope into each element declaring one: a code book of one element with
/// 140,000 attributes took 40 s, 4,000 nested elements each declaring a prefix 20 s, in the
/// program's own process. Both are refused before parsing, in a code book and in a project.
#[test]
fn xml_of_many_attributes_or_nested_declarations_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let attrs: String = (0..60_000).map(|i| format!(" a{i}=\"1\"")).collect();
    let wide = format!(r#"<CodeBook xmlns="urn:QDA-XML:codebook:1.0"{attrs}><Codes/></CodeBook>"#);
    let mut deep = String::from(r#"<CodeBook xmlns="urn:QDA-XML:codebook:1.0">"#);
    deep += &(0..4_000).map(|i| format!("<Codes xmlns:p{i}=\"urn:{i}\">")).collect::<String>();
    deep += &"</Codes>".repeat(4_000);
    deep += "</CodeBook>";
    for (name, xml) in [("wide.qdc", wide), ("deep.qdc", deep)] {
        assert!(xml.len() <= 1 << 20);
        let qdc = write(dir.path(), name, xml.as_bytes());
        let project = project_xml(&xml);
        let qdpx = write(dir.path(), &name.replace(".qdc", ".qdpx"), &project);
        for path in [qdc, qdpx] {
            let started = std::time::Instant::now();
            let (r, _) = measured(name, JOB_STACK, move || read(&path, External::None));
            let e = r.expect_err("refused");
            assert!(e.contains("cannot be read"), "{name}: {e}");
            // Not a budget (those are the benchmarks'): minutes against a moment.
            assert!(started.elapsed() < Duration::from_secs(5), "{name}: {:?}", started.elapsed());
        }
    }
}

/// A `.qdpx` whose `project.qde` is `xml` with the code book's root renamed.
fn project_xml(xml: &str) -> Vec<u8> {
    let qde = xml
        .replacen(
            "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"",
            "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"",
            1,
        )
        .replace("</CodeBook>", "</Project>");
    common::office::zip_with(&[("project.qde", qde.as_bytes())], zip::CompressionMethod::Deflated)
}

#[test]
fn many_note_references_and_codings_on_one_selection_cost_as_many_steps() {
    // 100,000 note references on one selection took 18.8 s (a list searched for each).
    let n = 100_000;
    let mut notes = String::new();
    let mut refs = String::new();
    for k in 0..n {
        notes += &format!(r#"<Note guid="n{k}"><PlainTextContent>note {k}</PlainTextContent></Note>"#);
        refs += &format!(r#"<NoteRef targetGUID="n{k}"/>"#);
    }
    let xml = format!(
        r#"<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook><Codes><Code guid="c1" name="Fact" isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="s1" name="s"><PlainTextContent>Some text here.</PlainTextContent><PlainTextSelection guid="p1" startPosition="0" endPosition="4">{refs}<Coding guid="k1"><CodeRef targetGUID="c1"/></Coding></PlainTextSelection></TextSource></Sources><Notes>{notes}</Notes></Project>"#
    );
    let bytes = common::office::zip_with(&[("project.qde", xml.as_bytes())], zip::CompressionMethod::Deflated);
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = write(dir.path(), "notes.qdpx", &bytes);
    let (file, _) = measured("100k note refs", JOB_STACK, move || read(&archive, External::None));
    let ImportFile::Annotations(inc) = file.expect("reads") else { panic!("annotations") };
    assert_eq!(inc.annotations.len(), 1);
    assert_eq!(inc.annotations[0].note.matches("note ").count(), n);
}

// ---------------------------------------------------------------------------------------------
// Office files

#[test]
fn footnotes_nested_in_footnotes_are_read_once() {
    // 5.9 KB of nested footnotes made 5.9 GB of text when every level took all below it.
    let depth = 3000;
    let mut f = String::new();
    for k in 0..depth {
        f += &format!(r#"<w:footnote w:id="{}"><w:p><w:r><w:t>n{k}</w:t></w:r></w:p>"#, k + 1);
    }
    f += &"</w:footnote>".repeat(depth);
    let docx = common::office::docx(&common::office::w_p("", &["Body."]), Some(&f), None);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "nested.docx", &docx);
    let (r, _) = measured("nested footnotes", JOB_STACK, move || import::read_any(&path, None).map(|f| texts(&f)));
    let text = r.expect("reads").concat();
    assert!(text.len() < 100_000, "{} bytes of text", text.len());
    assert!(text.contains("n0") && text.contains(&format!("n{}", depth - 1)));
}

#[test]
fn paragraphs_nested_in_an_odt_note_are_read_once() {
    let depth = 3000;
    let t = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    let mut note = String::new();
    for k in 0..depth {
        note += &format!("<text:p>p{k} ");
    }
    note += &"</text:p>".repeat(depth);
    let content = format!(
        r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="{t}"><office:body><office:text><text:p>Body<text:note><text:note-body>{note}</text:note-body></text:note></text:p></office:text></office:body></office:document-content>"#
    );
    let odt = common::office::zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".into()),
        ("content.xml", content),
    ]);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "nested.odt", &odt);
    let (r, _) = measured("nested odt note", JOB_STACK, move || import::read_any(&path, None).map(|f| texts(&f)));
    let text = r.expect("reads").concat();
    assert!(text.len() < 100_000, "{} bytes of text", text.len());
}

// ---------------------------------------------------------------------------------------------
// Saved pages

/// An MHTML file whose multipart parts nest `depth` deep around one page.
fn nested_mhtml(depth: usize) -> Vec<u8> {
    nested_mhtml_with(depth, |k| format!("=_{k}_="))
}

/// The same with boundaries named by `boundary` (for level k).
fn nested_mhtml_with(depth: usize, boundary: impl Fn(usize) -> String) -> Vec<u8> {
    let mut s = String::from("MIME-Version: 1.0\r\n");
    for k in 0..depth {
        let b = boundary(k);
        s += &format!("Content-Type: multipart/related; boundary=\"{b}\"\r\n\r\n--{b}\r\n");
    }
    s += "Content-Type: text/html\r\n\r\n<html><body><p>The page at the bottom.</p></body></html>\r\n";
    for k in (0..depth).rev() {
        s += &format!("--{}--\r\n", boundary(k));
    }
    s.into_bytes()
}

#[test]
fn mime_parts_nested_fifty_thousand_deep_do_not_abort_on_a_small_stack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let deep = write(dir.path(), "deep.mhtml", &nested_mhtml(50_000));
    let shallow = write(dir.path(), "shallow.mhtml", &nested_mhtml(2));
    // 256 KB of stack: the reader must not recurse with the nesting at all.
    let (r, _) = measured("nested mime", 256 << 10, move || {
        (import::read_any(&deep, None).map(|_| ()).map_err(|e| e.to_string()), import::read_any(&shallow, None).is_ok())
    });
    let e = r.0.expect_err("refused");
    assert!(e.contains("nest more than") && e.contains("deep.mhtml"), "{e}");
    assert!(r.1, "a page saved with two levels reads");
    // Boundaries that begin one another ("b1", "b10", "b100"): each level's parts are cut at its
    // own boundary only (it was cut at every longer one, and the page was said to hold none).
    let prefixed = write(dir.path(), "prefixed.mhtml", &nested_mhtml_with(20_000, |k| format!("b{k}")));
    let shallow = write(dir.path(), "b-shallow.mhtml", &nested_mhtml_with(12, |k| format!("b{k}")));
    let (r, _) = measured("prefixed mime", 256 << 10, move || {
        (
            import::read_any(&prefixed, None).map(|_| ()).map_err(|e| e.to_string()),
            import::read_any(&shallow, None).is_ok(),
        )
    });
    let e = r.0.expect_err("refused");
    assert!(e.contains("nest more than"), "{e}");
    assert!(r.1, "twelve levels of b0 … b11 read");
}

/// A page that looks like a Factiva or Nexis UK download goes to those readers, which parse it
/// with html5ever too: the page guard runs before them (they once parsed first; a helper's 500
/// KB Factiva-looking page of nested `<div>`s ran over a minute).
#[test]
fn a_page_that_looks_like_a_news_download_is_guarded_before_its_reader_parses_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let deep = "<div>".repeat(2_000);
    let pages = [
        ("factiva.html", format!("<html><body><p>Document ABCDEFGHIJKLMNOP1234</p>{deep}</body></html>")),
        (
            "nexis.html",
            format!("<html><body><!-- <DOCFULL> -->{deep}<!-- Hide XML section from browser --></body></html>"),
        ),
    ];
    for (name, page) in pages {
        let path = write(dir.path(), name, page.as_bytes());
        let e = import::read_any(&path, None).map(|_| ()).expect_err("refused");
        let e = e.to_string();
        assert!(e.contains("nested more than") && e.contains(name), "{e}");
    }
    // The guard passes a page whose nesting is a script's text; a document cut out of it at a
    // marker inside that script is markup, and is guarded on its own (an attack's idea: the
    // cut read 2,000 nested elements past the page's guard).
    let page = format!(
        "<html><body><!-- <DOCFULL> --><p>One story, whole.</p><!-- Hide XML section from browser -->\
         <script>var s = '<DOCFULL> -->{deep}';</script><!-- Hide XML section from browser --></body></html>"
    );
    assert!(claimscope::import::html::guard(&page).is_ok(), "the page itself passes");
    let d = claimscope::import::lexis_html::read(&page);
    let cut = d.unsplit.iter().map(|u| u.first_line.as_str()).collect::<Vec<_>>().join(" | ");
    assert!(cut.contains("nested more than"), "the cut-out document is named as not read: {cut}");
    let path = write(dir.path(), "nexis-script.html", page.as_bytes());
    import::read_any(&path, None).expect("imported whole, with a note");
}

/// A `<title>` nothing closes is closed at its first line and the page read again: the repaired
/// page passes the same guard (2,000 nested elements behind the title are refused, not parsed),
/// and a megabyte of end tags that only look like the title's is read in one pass.
#[test]
fn a_title_never_closed_is_repaired_behind_the_same_guard_and_in_one_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let deep = format!("<html><head><title>A headline\n{}<p>Hidden story.</p>", "<div>".repeat(2_000));
    assert!(claimscope::import::html::guard(&deep).is_ok(), "as a browser reads it, all title text");
    let path = write(dir.path(), "deep-title.html", deep.as_bytes());
    let (r, _) = measured("deep behind a title", JOB_STACK, move || import::read_any(&path, None).map(|f| texts(&f)));
    // Read as a browser reads it (the markup is the title's text), not parsed past the guard.
    if let Ok(texts) = r {
        assert!(texts.iter().all(|t| !t.contains("Hidden story") || t.contains("<div><div>")), "{texts:?}");
    }
    let many = format!("<html><head><title>A headline\n{}", "</titlex>".repeat(110_000));
    let path = write(dir.path(), "many.html", many.as_bytes());
    let (r, peak) = measured("end tags like a title's", JOB_STACK, move || import::read_any(&path, None).map(|_| ()));
    let _ = r;
    assert!(peak < 64 << 20, "held {} MB", peak >> 20);
}

// ---------------------------------------------------------------------------------------------
// Project files someone else wrote (a colleague's, through git)

/// A version 2 project file with one article `text` and the annotations `lines` (each
/// `(id:…,doc:2,…)`).
fn project_file(text: &str, lines: &[String]) -> String {
    format!(
        "(\n  format: \"claimscope\",\n  version: 2,\n  name: \"p\",\n  uuid: \"3f6f2a4e-8d0b-4c55-9a7e-5b1c2d9e7f10\",\n  next_id: 1000000,\n  tags: [\n    (id:1,name:\"Fact\",colour:\"#0072B2\"),\n  ],\n  documents: [\n    (id: 2, title: \"t\", source: \"\", url: \"\", published: \"\", text: r#\"{text}\"#),\n  ],\n  annotations: [\n{}\n  ],\n)\n",
        lines.join("\n")
    )
}

/// A project file of `n` tags, `n` articles and `n` annotations (each tag used once), in RON.
fn tags_by_articles(n: usize) -> String {
    let tags: String = (0..n).map(|i| format!("    (id:{},name:\"t{i}\",colour:\"#000000\"),\n", i + 1)).collect();
    let base = n + 1;
    let docs: String = (0..n)
        .map(|d| format!("    (id:{},title:\"d{d}\",source:\"s\",url:\"\",published:\"\",text:\"xxxxx\"),\n", base + d))
        .collect();
    let anns: String = (0..n)
        .map(|i| format!("    (id:{},doc:{},start:0,end:1,tag:{},quote:\"x\"),\n", 2 * n + 1 + i, base + i, i + 1))
        .collect();
    format!(
        "(\n  format: \"claimscope\",\n  version: 2,\n  name: \"g\",\n  uuid: \"3f6f2a4e-8d0b-4c55-9a7e-5b1c2d9e7f11\",\n  next_id: {},\n  tags: [\n{tags}  ],\n  documents: [\n{docs}  ],\n  annotations: [\n{anns}  ],\n)\n",
        3 * n + 1
    )
}

/// `stats --format json` named every tag in every article's counts: built as one JSON value, a
/// 0.9 MB project of 4,500 tags and articles needed over 4 GB and aborted; written as it was
/// made, 14,000 of each (1 MB) wrote gigabytes. Past `MAX_CELLS` an article's counts name the
/// tags it uses, and the JSON says that zero counts are left out.
#[test]
fn the_stats_of_thousands_of_tags_by_thousands_of_articles_name_the_counts_that_are_not_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "g.ron", tags_by_articles(3_000).as_bytes());
    assert!(std::fs::metadata(&path).expect("there").len() <= 1 << 20);
    let (r, peak) = measured("stats json", JOB_STACK, move || {
        let p = store::load(&path).map_err(|e| e.to_string())?.project;
        let counts = claimscope::analysis::stats::TagCounts::of(&p);
        serde_json::to_vec(&claimscope::analysis::stats::json(&p, &counts)).map_err(|e| e.to_string())
    });
    let written = r.expect("written");
    assert!(written.len() < 1 << 20, "{} bytes", written.len());
    let v: serde_json::Value = serde_json::from_slice(&written).expect("JSON");
    assert_eq!(v["zero_counts_left_out"], true);
    let docs = v["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 3_000);
    assert_eq!(docs[7]["counts"], serde_json::json!({"t7": 1}), "its own tag, once");
    assert_eq!(v["totals"]["t7"], 1);
    assert_eq!(v["total"], 3_000);
    assert!(peak < 256 << 20, "{} MB held", peak >> 20);
}

/// The tag × article tables of thousands of tags and articles: written whole, `compare`'s CSV
/// took 21 s and 8.9 GB, its JSON 67 s and 24 GB, the HTML report 79 s and 533 MB of output
/// (each cell held a list, and the report looked for the largest share once per row). Past
/// `MAX_CELLS` every format writes the cells that hold something.
#[test]
fn the_tables_of_thousands_of_tags_by_thousands_of_articles_list_the_cells_that_hold_something() {
    use claimscope::analysis::compare::{ClaimsTable, Filter, Matrix};
    use claimscope::export::{self, tables};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "g.ron", tags_by_articles(3_000).as_bytes());
    let (r, _) = measured("tables", JOB_STACK, move || {
        let p = store::load(&path).map_err(|e| e.to_string())?.project;
        let f = Filter::default();
        let (m, t) = (Matrix::of(&p, &f), ClaimsTable::of(&p, &f));
        assert!(tables::only_filled(&m));
        let sizes = [
            tables::matrix_csv(&p, &m).len(),
            serde_json::to_string(&tables::json(&p, &m, &t)).map_err(|e| e.to_string())?.len(),
            tables::matrix_text(&p, &m).len(),
        ];
        let html = export::render(
            &p,
            &export::Scope::default(),
            export::Format::Html,
            &export::Options::default(),
            &export::Silent,
        )
        .map_err(|e| e.to_string())?;
        let export::Output::File(html) = html.0 else { return Err("one file".into()) };
        Ok::<_, String>((sizes, html.len()))
    });
    let (sizes, html) = r.expect("written");
    // 3,000 filled cells of 9 million: lines, not a table.
    for n in sizes {
        assert!(n < 2_000_000, "{sizes:?}");
    }
    assert!(html < 4_000_000, "{html}");
}

/// The workbench counts tags by article for its list and status bar, and measures the suggester
/// on the analyst's own tags in the background: held whole, the counts of 14,000 tags by
/// 14,000 articles (a 1 MB project) took 1.6 GB, and the held-out measure trained one model
/// per annotated article and summed every tag for every article (an hour for 6,000). Counts
/// hold what is not zero; the measure trains at most `FOLDS` + 1 models and sums the tags an
/// article has or is given.
#[test]
fn the_counts_and_trust_figures_of_thousands_of_tags_by_thousands_of_articles_are_bounded() {
    use claimscope::analysis::tags::{Sources, held_out};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "g.ron", tags_by_articles(3_000).as_bytes());
    let (r, _) = measured("counts and held out", JOB_STACK, move || {
        let p = store::load(&path).map_err(|e| e.to_string())?.project;
        let counts = claimscope::analysis::stats::TagCounts::of(&p);
        let m = claimscope::analysis::compare::Matrix::of(&p, &Default::default());
        let figures = held_out(&p, &Sources::built_in(), true, &|_| 0.3);
        Ok::<_, String>((counts.total(), counts.count(5, 5), m.cell(7, 7).count, m.max_share(), figures.len()))
    });
    let (total, own, cell, max, _) = r.expect("measured");
    assert_eq!((total, own, cell), (3_000, 1, 1), "each article holds one annotation of its own tag");
    assert!((max - 0.2).abs() < 1e-9, "one char of five");
}

/// Agreement pairs the two analysts' spans that overlap: 12,000 annotations of one short article
/// that all overlap each other (0.9 MB) made every pair a candidate, 144 million of them, and
/// took 20 s and 3.4 GB. Spans of one range are paired together; the figures are the same.
#[test]
fn agreement_over_thousands_of_spans_that_all_overlap_is_bounded() {
    let n = 12_000;
    let anns: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "    (id:{},doc:2,start:{},end:{},tag:1,quote:\"{}\"),",
                10 + i,
                i % 11,
                i % 11 + 20,
                "a".repeat(20)
            )
        })
        .collect();
    let text = project_file(&"a".repeat(30), &anns);
    assert!(text.len() <= 1 << 20, "{}", text.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "overlap.ron", text.as_bytes());
    let (r, peak) = measured("agreement", JOB_STACK, move || {
        let p = store::load(&path).map_err(|e| e.to_string())?.project;
        claimscope::analysis::agreement::compare(&p, &p).map_err(|e| e.to_string())
    });
    let agreed = r.expect("compared");
    assert_eq!(agreed.pairs_overlap, n, "each span paired with its own copy");
    assert!(peak < 256 << 20, "{} MB held", peak >> 20);
}

/// Claim suggestions compare passages of different articles pairwise below 6,000 passages and
/// kept each row's closest passage in every other article: 5,000 articles holding one identical
/// annotation (0.6 MB) held 25 million entries, 1.4 GB, for 18 s. Each row keeps its best 128.
#[test]
fn claim_suggestions_over_thousands_of_articles_saying_one_thing_are_bounded() {
    use claimscope::analysis::suggest::{Links, suggest};
    // 3,000 here (held ~0.5 GB before).
    let n = 3_000;
    let docs: String = (0..n)
        .map(|d| format!("    (id:{},title:\"d{d}\",source:\"s{d}\",url:\"\",published:\"\",text:\"x\"),\n", 10 + d))
        .collect();
    let anns: String =
        (0..n).map(|i| format!("    (id:{},doc:{},start:0,end:1,tag:1,quote:\"x\"),\n", 10 + n + i, 10 + i)).collect();
    let text = format!(
        "(\n  format: \"claimscope\",\n  version: 2,\n  name: \"g\",\n  uuid: \"3f6f2a4e-8d0b-4c55-9a7e-5b1c2d9e7f12\",\n  next_id: {},\n  tags: [\n    (id:1,name:\"Fact\",colour:\"#0072B2\"),\n  ],\n  documents: [\n{docs}  ],\n  annotations: [\n{anns}  ],\n)\n",
        10 + 2 * n
    );
    assert!(text.len() <= 1 << 20, "{}", text.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "same.ron", text.as_bytes());
    let (r, peak) = measured("claim suggestions", JOB_STACK, move || {
        let p = store::load(&path).map_err(|e| e.to_string())?.project;
        let links = Links::build(&p, None);
        Ok::<_, String>(suggest(&p, &links, 10).len())
    });
    assert!(r.expect("suggested") > 0, "the identical passages are suggested as a claim");
    assert!(peak < 256 << 20, "{} MB held", peak >> 20);
}

/// A project file larger than any project (a sparse file of 600 MB here; one of 5 GB aborted
/// the program, and the workbench at every start while its recent list named it) is refused by
/// its size, not read.
#[cfg(unix)]
#[test]
fn a_project_file_larger_than_any_project_is_refused_by_its_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.ron");
    std::fs::File::create(&path).expect("create").set_len(600 << 20).expect("sparse");
    let (r, peak) =
        measured("huge project", 8 << 20, move || store::load(&path).map(|_| ()).map_err(|e| e.to_string()));
    let e = r.expect_err("refused");
    assert!(e.contains("too large"), "{e}");
    // Far under the file's 600 MB: read, it would be all of them. (The peak is the process's,
    // and a test that makes a large input outside any measure may add to it: 114 MB was seen
    // once the suite ran under load, with a bound of 64.)
    assert!(peak < 300 << 20, "{} MB read", peak >> 20);
}

/// A quote of half a run of one letter, not at its offsets: every char of the run starts an
/// occurrence, and searching again past each one cost the run's length times the quote's (a
/// 240 KB file took 22 s to open, 900 KB over a minute).
#[test]
fn a_quote_that_occurs_everywhere_in_a_run_of_one_letter_is_placed_in_one_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let t = 200_000;
    let text = format!("{}b", "a".repeat(t));
    let line =
        format!("    (id:10,doc:2,start:{},end:{},tag:1,quote:\"{}\",context:\"\"),", t - 1, t, "a".repeat(t / 2));
    let path = write(dir.path(), "run.ron", project_file(&text, &[line]).as_bytes());
    let (loaded, _) = measured("run", 8 << 20, move || store::load(&path).map_err(|e| e.to_string()));
    let loaded = loaded.expect("loads");
    let a = loaded.project.annotations().next().expect("kept");
    assert_eq!(a.end - a.start, t / 2, "placed on the quote");
}

/// Thousands of quotes that occur at every char of their article, none at its offsets: each
/// occurrence was scored by its context (8,500 quotes of "aa" in a run of 500,000 `a` ran for
/// over a minute); now only as many as the budget weighs, the rest placed nearest.
#[test]
fn thousands_of_quotes_that_occur_everywhere_are_placed_within_one_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    let t = 100_000;
    let text = format!("{}b", "a".repeat(t));
    let lines: Vec<String> = (0..3000)
        .map(|i| format!("    (id:{},doc:2,start:{},end:{},tag:1,quote:\"aa\",context:\"\"),", 10 + i, t - 1, t + 1))
        .collect();
    let path = write(dir.path(), "everywhere.ron", project_file(&text, &lines).as_bytes());
    let (loaded, _) = measured("everywhere", 8 << 20, move || store::load(&path).map_err(|e| e.to_string()));
    let loaded = loaded.expect("loads");
    assert_eq!(loaded.project.annotations().count(), 3000, "none dropped");
}

/// The same with a context stored (one that matches nowhere): each occurrence's context was
/// made and hashed, charged by the text's bytes alone, so 5,000 quotes of "aa" in a run of
/// 600,000 `a` (a 0.95 MB file) took 31 s of every load. Each occurrence is paid for now.
#[test]
fn quotes_with_a_context_that_occur_everywhere_are_searched_within_one_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    let t = 600_000;
    let text = format!("b{}", "a".repeat(t));
    let lines: Vec<String> = (0..5000)
        .map(|i| format!("    (id:{},doc:2,start:0,end:2,tag:1,quote:\"aa\",context:\"ffffffff\"),", 10 + i))
        .collect();
    let path = write(dir.path(), "contexts.ron", project_file(&text, &lines).as_bytes());
    assert!(std::fs::metadata(&path).expect("there").len() < 1 << 20);
    let started = std::time::Instant::now();
    let (loaded, _) = measured("contexts", 8 << 20, move || store::load(&path).map_err(|e| e.to_string()));
    let loaded = loaded.expect("loads");
    assert_eq!(loaded.project.annotations().count(), 5000, "none dropped");
    // Those the budget did not reach are said to be so, not "not found" (the quote is there).
    let said: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
    assert!(said.iter().any(|w| w.contains("not searched for in full")), "{:?}", said.first());
    // Not a budget (the benchmarks keep those): a debug build took minutes unbounded.
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
}

/// Thousands of quotes of 256 chars that are nowhere in their article: each approximate search
/// is bounded, and so is their sum (a 788 KB file took 15.6 s). Every annotation is kept.
#[test]
fn many_quotes_found_nowhere_are_kept_as_orphans_within_one_search_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rng = Rng(0x5EED);
    let letters: Vec<char> = "abcdefghij ".chars().collect();
    let text: String = (0..9000).map(|_| letters[rng.below(letters.len())]).collect();
    let lines: Vec<String> = (0..2500)
        .map(|i| {
            let quote: String = (0..256).map(|_| ['x', 'y', 'z'][rng.below(3)]).collect();
            let start = rng.below(8000);
            format!("    (id:{},doc:2,start:{start},end:{},tag:1,quote:\"{quote}\",context:\"\"),", 10 + i, start + 256)
        })
        .collect();
    let path = write(dir.path(), "orphans.ron", project_file(&text, &lines).as_bytes());
    assert!(std::fs::metadata(&path).expect("there").len() < 1_000_000);
    let started = std::time::Instant::now();
    let (loaded, _) = measured("orphans", 8 << 20, move || store::load(&path).map_err(|e| e.to_string()));
    let loaded = loaded.expect("loads");
    assert_eq!(loaded.project.annotations().count(), 2500, "none dropped");
    // Not a budget (the benchmarks keep those): the unbounded search took minutes in a debug build.
    assert!(started.elapsed() < Duration::from_secs(60));
}

/// An annotation that fails a check (an unknown tag) still takes its id: a second one with the
/// same id is reported too, so that `check` lists every problem.
#[test]
fn a_duplicate_of_an_annotation_that_fails_another_check_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lines = [
        "    (id:7,doc:2,start:0,end:3,tag:99,quote:\"abc\",context:\"\"),".to_owned(),
        "    (id:7,doc:2,start:0,end:3,tag:1,quote:\"abc\",context:\"\"),".to_owned(),
    ];
    let path = write(dir.path(), "dup.ron", project_file("abc def", &lines).as_bytes());
    let e = store::load(&path).map(|_| ()).expect_err("refused").to_string();
    assert!(e.contains("tag t99") && e.contains("duplicate annotation id a7"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Sidecars and the lock

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_link_is_not_written_through() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &proj).expect("copy");
    let victim = write(dir.path(), "authorized_keys", b"ssh-ed25519 AAAA keep\n");
    std::os::unix::fs::symlink(&victim, dir.path().join(".p.ron.lock")).expect("symlink");
    let o = run(&["annotate", p(&proj), "--doc", "d5", "--quote", "Soleimani", "--occurrence", "1", "--tag", "Fact"]);
    assert!(!o.status.success(), "refused: {:?}", text(&o));
    assert!(text(&o).1.contains("symbolic link"), "{:?}", text(&o));
    assert_eq!(std::fs::read(&victim).expect("there"), b"ssh-ed25519 AAAA keep\n");
}

#[cfg(unix)]
#[test]
fn git_setup_does_not_append_through_committed_links() {
    if !claimscope::testing::require(claimscope::testing::has_tool("git"), "git") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).expect("mkdir");
    assert!(std::process::Command::new("git").args(["init", "-q"]).current_dir(&repo).status().expect("git").success());
    let bashrc = write(dir.path(), "bashrc", b"# mine\n");
    std::os::unix::fs::symlink(&bashrc, repo.join(".gitattributes")).expect("symlink");
    let o = run(&["git-setup", p(&repo)]);
    assert!(!o.status.success(), "{:?}", text(&o));
    assert!(text(&o).1.contains("symbolic link") && text(&o).1.contains("nothing was changed"), "{:?}", text(&o));
    assert_eq!(std::fs::read(&bashrc).expect("there"), b"# mine\n");
    // And nothing was: the driver is not in the config either (it had been, said unchanged).
    let config = std::fs::read_to_string(repo.join(".git/config")).expect("config");
    assert!(!config.contains("claimscope"), "{config}");
    // A .gitignore that is not UTF-8 keeps its bytes (it had been rewritten with U+FFFD, and the
    // file it named no longer ignored).
    std::fs::remove_file(repo.join(".gitattributes")).expect("rm");
    std::fs::write(repo.join(".gitignore"), b"caf\xe9-notes.txt\n").expect("write");
    let o = run(&["git-setup", p(&repo)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let ignore = std::fs::read(repo.join(".gitignore")).expect("there");
    assert!(ignore.starts_with(b"caf\xe9-notes.txt\n") && ignore.ends_with(b".embeddings\n"), "{ignore:?}");
    // The driver line it prints names the program: a program's path with an escape code and a
    // line break is printed escaped (it had set the terminal's title and forged a line).
    let odd = dir.path().join("bin\x1b]0;t\x07\nclaimscope: x");
    std::fs::create_dir(&odd).expect("mkdir");
    let exe = odd.join("claimscope");
    std::fs::copy(env!("CARGO_BIN_EXE_claimscope"), &exe).expect("copy");
    let o = std::process::Command::new(&exe).args(["git-setup", p(&repo)]).output().expect("runs");
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out:?} {err:?}");
    assert!(!out.contains('\x1b') && !out.contains("\nclaimscope: x"), "{out:?}");
}

#[test]
fn a_dry_run_takes_no_lock_and_works_in_a_folder_it_cannot_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &proj).expect("copy");
    let article = write(dir.path(), "a.txt", b"A title\n\nSome text of an article.");
    let o = run(&["import", p(&proj), p(&article), "--dry-run"]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(!dir.path().join(".p.ron.lock").exists(), "no lock file made");
}

#[test]
fn a_time_stamp_is_not_frozen_by_source_date_epoch_in_the_users_shell() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &proj).expect("copy");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(["annotate", p(&proj), "--doc", "d5", "--quote", "Soleimani", "--occurrence", "1", "--tag", "Fact"])
        .env("SOURCE_DATE_EPOCH", "0")
        .env_remove(claimscope::clock::FIXED_TIME)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{:?}", text(&o));
    let saved = std::fs::read_to_string(&proj).expect("saved");
    assert!(!saved.contains("1970-01-01"), "the edit was stamped 1970");
}

// ---------------------------------------------------------------------------------------------
// The merge driver

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "A")
        .env("GIT_AUTHOR_EMAIL", "a@example.org")
        .env("GIT_COMMITTER_NAME", "A")
        .env("GIT_COMMITTER_EMAIL", "a@example.org")
        .output()
        .expect("git runs")
}

fn ok(dir: &Path, args: &[&str]) {
    let o = git(dir, args);
    assert!(o.status.success(), "git {args:?}: {:?}", text(&o));
}

/// A repository set up for the driver by a claimscope at `exe`, holding the sample project as
/// `name`, with a branch `theirs` and `main` that each annotate it differently. Returns what
/// `git merge theirs` printed and the folder.
fn merge_named(root: &Path, exe: &Path, name: &str) -> (std::process::Output, PathBuf) {
    let repo = root.join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    ok(&repo, &["init", "-q", "-b", "main"]);
    let o = std::process::Command::new(exe).args(["git-setup", "."]).current_dir(&repo).output().expect("runs");
    assert!(o.status.success(), "{:?}", text(&o));
    std::fs::copy(common::root().join("projects/soleimani.ron"), repo.join(name)).expect("copy");
    ok(&repo, &["add", "--", name, ".gitattributes", ".gitignore"]);
    ok(&repo, &["commit", "-q", "-m", "base"]);
    // A branch name git allows that a shell would run if the driver line spliced it in bare (%Y).
    let branch = "theirs;touch${IFS}pwned;$(touch${IFS}pwned)";
    ok(&repo, &["checkout", "-q", "-b", branch]);
    let annotate = |quote: &str| {
        let file = repo.join(name);
        let o = run(&["annotate", p(&file), "--doc", "d5", "--quote", quote, "--occurrence", "1", "--tag", "Fact"]);
        assert!(o.status.success(), "{:?}", text(&o));
    };
    annotate("Kataeb Hezbollah");
    ok(&repo, &["commit", "-q", "-am", "theirs"]);
    ok(&repo, &["checkout", "-q", "main"]);
    annotate("drone strike");
    ok(&repo, &["commit", "-q", "-am", "ours"]);
    (git(&repo, &["merge", "-q", "--no-edit", branch]), repo)
}

/// Both annotations are in the merged file.
fn both_kept(repo: &Path, name: &str) -> bool {
    let p = claimscope::store::load(&repo.join(name)).expect("the merged project loads").project;
    let quotes: Vec<String> = p.annotations().map(|a| a.quote.exact.clone()).collect();
    quotes.iter().any(|q| q == "Kataeb Hezbollah") && quotes.iter().any(|q| q == "drone strike")
}

#[test]
fn the_merge_driver_takes_any_name_git_passes_and_runs_nothing_it_holds() {
    if !claimscope::testing::require(claimscope::testing::has_tool("git"), "git") {
        return;
    }
    let mut rng = Rng(0x00D8_1FE5);
    for round in 0..3 {
        let name = hostile_name(&mut rng);
        let root = tempfile::tempdir().expect("temp dir");
        let exe = PathBuf::from(env!("CARGO_BIN_EXE_claimscope"));
        let (o, repo) = merge_named(root.path(), &exe, &name);
        assert!(o.status.success(), "round {round}, {name:?}: {:?}", text(&o));
        assert!(both_kept(&repo, &name), "round {round}, {name:?}");
        assert!(!root.path().join("pwned").exists() && !repo.join("pwned").exists(), "{name:?} ran a command");
    }
}

#[cfg(unix)]
#[test]
fn a_percent_in_claimscopes_own_path_cannot_splice_in_a_file_name() {
    if !claimscope::testing::require(claimscope::testing::has_tool("git"), "git") {
        return;
    }
    let root = tempfile::tempdir().expect("temp dir");
    // claimscope installed in a folder whose name holds %P and quotes: git expands %P in the
    // driver line before the shell sees it.
    let bin = root.path().join("bin %P 'q'");
    std::fs::create_dir(&bin).expect("mkdir");
    let exe = bin.join("claimscope");
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_claimscope"), &exe).expect("link the binary");
    let name = "$(touch pwned).ron";
    let (o, repo) = merge_named(root.path(), &exe, name);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(both_kept(&repo, name));
    assert!(!repo.join("pwned").exists(), "the file name ran as a command");
}

/// A file name built of what breaks command lines: a leading `-`, `%` and git's own `%P`,
/// `$()`, backticks, quotes, spaces.
fn hostile_name(rng: &mut Rng) -> String {
    const PIECES: [&str; 10] =
        ["-", "%P", "%%", "$(touch pwned)", "`touch pwned`", "'", "\"", " ", "a b", ";touch pwned;"];
    let mut name = String::new();
    if rng.below(2) == 0 {
        name.push('-');
    }
    for _ in 0..2 + rng.below(3) {
        name += PIECES[rng.below(PIECES.len())];
    }
    name + "notes.ron"
}

// ---------------------------------------------------------------------------------------------
// Exports: what claimscope writes, to paths that may hold someone else's links

/// A sample project saved in `dir` as `p.ron`, with a note that holds a carriage return and a tab.
fn exportable(dir: &Path) -> PathBuf {
    let mut p = common::small_project();
    let a = p.annotations().next().expect("one");
    let (id, speaker) = (a.id, a.speaker.clone());
    let e = p.describe(id, "first\rsecond\tthird", &speaker).expect("valid");
    p.apply(e).expect("applies");
    let path = dir.join("p.ron");
    store::save(&p, &path).expect("saves");
    path
}

/// A single-file export to a link, dangling or not, with or without --force, is refused: it had
/// the export written into the file the link named, outside the folder. `new` likewise.
#[cfg(unix)]
#[test]
fn an_export_or_a_new_project_is_never_written_through_a_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = exportable(dir.path());
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let dangling = dir.path().join("report.html");
    std::os::unix::fs::symlink(elsewhere.join("planted.desktop"), &dangling).expect("link");
    let o = run(&["export", p(&proj), "--format", "html", "-o", p(&dangling)]);
    assert!(!o.status.success() && text(&o).1.contains("link"), "{:?}", text(&o));
    assert!(!elsewhere.join("planted.desktop").exists());
    let victim = write(&elsewhere, "outside.txt", b"keep");
    let linked = dir.path().join("out.csv");
    std::os::unix::fs::symlink(&victim, &linked).expect("link");
    let o = run(&["export", p(&proj), "--format", "csv", "-o", p(&linked), "--force"]);
    assert!(!o.status.success(), "{:?}", text(&o));
    assert_eq!(std::fs::read(&victim).expect("there"), b"keep");
    let new = dir.path().join("new.ron");
    std::os::unix::fs::symlink(elsewhere.join("made.ron"), &new).expect("link");
    assert!(!run(&["new", p(&new)]).status.success());
    assert!(!elsewhere.join("made.ron").exists());
}

/// A brat export into a folder someone prepared: a hard link at a name it writes is replaced,
/// not written through; a file the marker names that a brat export never writes is not deleted;
/// a note with a carriage return and a tab still gives lines the brat reader takes back.
#[cfg(unix)]
#[test]
fn a_brat_export_writes_through_no_hard_link_and_deletes_only_its_own_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = exportable(dir.path());
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).expect("mkdir");
    let victim = write(dir.path(), "victim.txt", b"keep");
    std::fs::hard_link(&victim, shared.join("annotation.conf")).expect("hard link");
    write(&shared, "thesis.docx", b"the analyst's own");
    write(&shared, ".claimscope-brat", b"thesis.docx\nannotation.conf\n");
    let o = run(&["export", p(&proj), "--format", "brat", "-o", p(&shared)]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert_eq!(std::fs::read(&victim).expect("there"), b"keep", "written through the hard link");
    assert!(shared.join("thesis.docx").exists(), "a file the export never wrote was deleted");
    match import::read_any(&shared, None) {
        Ok(ImportFile::Annotations(inc)) => {
            assert!(inc.annotations.iter().any(|a| a.note.contains("first") && a.note.contains("third")));
        }
        other => panic!("the export does not read back: {:?}", other.map(|_| ())),
    }
}

/// Two tags whose names differ only where brat allows no character come back as two tags, each
/// with its name (both had come back as the second).
#[test]
fn tags_brat_cannot_tell_apart_come_back_apart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut project = claimscope::model::Project::new("p");
    let (d, e) = project
        .add_document("Story", "Wire", "", "", claimscope::model::Text::new("The minister said the strike was lawful."))
        .expect("ids left");
    project.apply(e).expect("adds");
    for (name, r) in [("Legal claim", 4..12), ("Legal/claim", 27..39)] {
        let tag = match project.find_tag(name) {
            Some(t) => t.id,
            None => {
                let (tag, e) = project.new_tag(name).expect("new");
                project.apply(e).expect("adds");
                tag
            }
        };
        let (_, e) = project.annotate(d, r, tag, Default::default()).expect("valid");
        project.apply(e).expect("adds");
    }
    let proj = dir.path().join("p.ron");
    store::save(&project, &proj).expect("saves");
    let out = dir.path().join("brat");
    assert!(run(&["export", p(&proj), "--format", "brat", "-o", p(&out)]).status.success());
    let Ok(ImportFile::Annotations(inc)) = import::read_any(&out, None) else { panic!("reads back") };
    let mut tags: Vec<&str> = inc.annotations.iter().map(|a| a.tag.as_str()).collect();
    tags.sort_unstable();
    assert_eq!(tags, ["Legal claim", "Legal/claim"]);
}

/// Hundreds of highlights nested over one article: each cut reopened every one of them (4,000
/// spans wrote a 1.6 GB report); now at most a few are drawn one inside another.
#[test]
fn an_html_report_of_deeply_nested_highlights_stays_small() {
    let dir = tempfile::tempdir().expect("temp dir");
    let len = 1000;
    let article = "a".repeat(len);
    let lines: Vec<String> = (0..500)
        .map(|i| {
            format!(
                "    (id:{},doc:2,start:{i},end:{},tag:1,quote:\"{}\",context:\"\"),",
                10 + i,
                len - i,
                "a".repeat(len - 2 * i)
            )
        })
        .collect();
    let proj = write(dir.path(), "nested.ron", project_file(&article, &lines).as_bytes());
    let out = dir.path().join("r.html");
    let o = run(&["export", p(&proj), "--format", "html", "-o", p(&out)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let size = std::fs::metadata(&out).expect("written").len();
    assert!(size < 10 << 20, "a {} MB report", size >> 20);
    let html = std::fs::read_to_string(&out).expect("read");
    assert!(html.contains("<sup>500</sup>") && html.contains("<sup>1</sup>"), "every note number shows");
}

/// Runs the binary with `args`, killed after a minute (a hang fails the test, not the run).
fn run_bounded(args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let started = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("claimscope {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// The merge driver given a FIFO or a device as one of its three files (inputs that are not
/// projects): it refused at once, and it waited on a FIFO for ever and read /dev/zero until
/// memory ran out ("could not write /dev/zero: out of memory").
#[cfg(unix)]
#[test]
fn the_merge_driver_waits_on_no_fifo_and_reads_no_device() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = write(dir.path(), "a.txt", b"one line\n");
    let fifo = dir.path().join("fifo");
    if !claimscope::testing::mkfifo(&fifo) {
        return;
    }
    let out = dir.path().join("out.txt");
    for (base, ours, theirs) in [(&fifo, &a, &a), (&a, &fifo, &a), (&a, &a, &fifo)] {
        let o = run_bounded(&["merge", p(base), p(ours), p(theirs), "-o", p(&out), "--force"]);
        assert!(!o.status.success(), "{:?}", text(&o));
        assert!(text(&o).1.contains("not a regular file") || text(&o).1.contains("FIFO"), "{:?}", text(&o));
    }
    let zero = Path::new("/dev/zero");
    let o = run_bounded(&["merge", p(&a), p(zero), p(&a), "-o", p(&out), "--force"]);
    assert!(!o.status.success(), "{:?}", text(&o));
    assert!(!text(&o).1.contains("out of memory") && text(&o).1.contains("/dev/zero"), "{:?}", text(&o));
}

/// A file whose name holds escape sequences and a line break, refused in a folder import: its
/// report line named it escaped at the start and raw at the end (the error's own path), so the
/// sequences reached the terminal.
#[cfg(unix)]
#[test]
fn a_refused_files_name_is_printed_escaped_wherever_it_appears() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    assert!(run(&["new", p(&proj)]).status.success());
    let folder = dir.path().join("in");
    std::fs::create_dir(&folder).expect("mkdir");
    write(&folder, "good.txt", b"A title\n\nSome text of an article.");
    write(&folder, "x\u{1b}]0;PWNED\u{7}\u{1b}[31m\nred.txt", b"   \n");
    let o = run(&["import", p(&proj), p(&folder)]);
    let (out, err) = text(&o);
    for s in [&out, &err] {
        assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'), "{s:?}");
    }
    assert!(out.contains("red.txt") || err.contains("red.txt"), "{out:?} {err:?}");
    // A tag a file brings, named with escape codes, in the report's line for that file.
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).expect("mkdir");
    write(&brat, "n.txt", b"Some text of an article.");
    write(&brat, "n.ann", b"T1\tFa\x1b]0;PWNED\x07ct 0 4\tSome\n");
    let o = run(&["import", p(&proj), p(&brat), "--dry-run"]);
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out:?} {err:?}");
    assert!(!out.contains('\u{1b}') && !err.contains('\u{1b}') && out.contains("PWNED"), "{out:?} {err:?}");
}

/// The name git passes as `--path` is printed escaped: a name holding escape sequences
/// recoloured (or retitled) the terminal.
#[test]
fn the_merge_drivers_path_is_printed_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = write(dir.path(), "a.txt", b"one line\n");
    let out = dir.path().join("out.txt");
    let o = run_bounded(&["merge", p(&a), p(&a), p(&a), "-o", p(&out), "--path", "x\u{1b}[31mRED\nline"]);
    let err = text(&o).1;
    assert!(!err.contains('\u{1b}') && err.contains("RED"), "{err:?}");
}

/// A lock file that is a hard link to a file elsewhere is not written: the lock opened without
/// following symbolic links, but a hard link is a name of the other file all the same.
#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_hard_link_is_not_written_through() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &proj).expect("copy");
    let victim = write(dir.path(), "precious.txt", b"keep me\n");
    std::fs::hard_link(&victim, dir.path().join(".p.ron.lock")).expect("hard link");
    let o = run(&["annotate", p(&proj), "--doc", "d5", "--quote", "Soleimani", "--occurrence", "1", "--tag", "Fact"]);
    assert!(!o.status.success(), "refused: {:?}", text(&o));
    assert_eq!(std::fs::read(&victim).expect("there"), b"keep me\n");
}

#[cfg(unix)]
#[test]
fn an_error_is_said_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &proj).expect("copy");
    let fifo = dir.path().join("out.ron");
    if !claimscope::testing::mkfifo(&fifo) {
        return;
    }
    let o = run(&["merge", p(&proj), p(&proj), p(&proj), "-o", p(&fifo), "--force"]);
    let err = text(&o).1;
    assert_eq!(err.matches("not a regular file").count(), 1, "{err}");
}

#[test]
fn merging_two_different_projects_is_refused_unless_forced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    assert!(run(&["new", p(&a)]).status.success());
    std::fs::copy(common::root().join("projects/soleimani.ron"), &b).expect("copy");
    let out = dir.path().join("out.ron");
    let o = run(&["merge", p(&a), p(&a), p(&b), "-o", p(&out)]);
    assert_eq!(o.status.code(), Some(2), "{:?}", text(&o));
    assert!(text(&o).1.contains("two different projects"), "{:?}", text(&o));
    assert!(!out.exists(), "nothing written");
    let o = run(&["merge", p(&a), p(&a), p(&b), "-o", p(&out), "--force"]);
    assert!(o.status.code() != Some(2) && out.exists(), "{:?}", text(&o));
}

#[test]
fn files_under_the_pattern_that_are_not_projects_are_merged_line_by_line() {
    if !claimscope::testing::require(claimscope::testing::has_tool("git"), "git") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for (ext, base, ours, theirs) in [
        ("txt", "one\ntwo\nthree\n", "one\ntwo\nthree\nours\n", "theirs\none\ntwo\nthree\n"),
        (
            "json",
            "{\n\"a\": 1,\n\"x\": 0,\n\"y\": 0,\n\"b\": 2\n}\n",
            "{\n\"a\": 10,\n\"x\": 0,\n\"y\": 0,\n\"b\": 2\n}\n",
            "{\n\"a\": 1,\n\"x\": 0,\n\"y\": 0,\n\"b\": 20\n}\n",
        ),
    ] {
        let [b, o, t] = [("base", base), ("ours", ours), ("theirs", theirs)].map(|(n, c)| {
            let f = dir.path().join(format!("{n}.{ext}"));
            std::fs::write(&f, c).expect("write");
            f
        });
        let r = run(&["merge", p(&b), p(&o), p(&t), "-o", p(&o), "--path=notes.ron"]);
        assert!(r.status.success(), "{ext}: {:?}", text(&r));
        let merged = std::fs::read_to_string(&o).expect("read");
        assert!(merged.contains("ours") || merged.contains("10"), "{ext}: {merged}");
        assert!(merged.contains("theirs") || merged.contains("20"), "{ext}: {merged}");
    }
}

// ---------------------------------------------------------------------------------------------
// PDF

use common::growth::{HELVETICA, PdfBuilder, pdf_page};

/// Reads a PDF as the importer does (in the worker process), measured.
fn read_pdf(case: &str, bytes: &[u8]) -> Result<import::Article, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), &format!("{case}.pdf"), bytes);
    let (r, _) = measured(case, JOB_STACK, move || import::read_article(&path, None).map_err(|e| e.to_string()));
    r
}

#[test]
fn a_pdf_form_that_draws_itself_is_read_once_not_recursed() {
    let mut b = PdfBuilder::default();
    let form = b.reserve();
    let content = "BT /F1 12 Tf 72 700 Td (Drawn once.) Tj ET /X0 Do";
    let data = content.as_bytes();
    b.set(
        form,
        &format!(
            "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << {HELVETICA} /XObject << /X0 {form} 0 R >> >> /Length {} >>\nstream\n{content}\nendstream",
            data.len()
        ),
    );
    let root = pdf_page(&mut b, b"/X0 Do", false, &format!("{HELVETICA} /XObject << /X0 {form} 0 R >>"));
    let a = read_pdf("self-drawing", &b.finish(root, None)).expect("reads");
    assert!(a.text.contains("Drawn once."), "{}", a.text);
}

#[test]
fn a_page_tree_that_points_to_itself_does_not_hang() {
    let mut b = PdfBuilder::default();
    let catalog = b.reserve();
    let pages = b.reserve();
    let contents = b.stream(b"BT /F1 12 Tf 72 700 Td (The only page.) Tj ET", "", false);
    let page = b.reserve();
    // The page is its own parent; the page tree lists itself among its kids.
    b.set(
        page,
        &format!("<< /Type /Page /Parent {page} 0 R /MediaBox [0 0 612 792] /Resources << {HELVETICA} >> /Contents {contents} 0 R >>"),
    );
    b.set(pages, &format!("<< /Type /Pages /Kids [{page} 0 R {pages} 0 R] /Count 2 >>"));
    b.set(catalog, &format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    let a = read_pdf("looping-tree", &b.finish(catalog, None)).expect("reads");
    assert!(a.text.contains("The only page."), "{}", a.text);
}

#[test]
fn a_to_unicode_range_over_every_code_costs_nothing() {
    let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def \
        1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0041> endbfrange \
        endcmap CMapName currentdict /CMap defineresource pop end end";
    let mut b = PdfBuilder::default();
    let to_unicode = b.stream(cmap.as_bytes(), "", false);
    let font = format!(
        "/Font << /F1 << /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-H /ToUnicode {to_unicode} 0 R \
         /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Helvetica /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] >> >>"
    );
    let root = pdf_page(&mut b, b"BT /F1 12 Tf 72 700 Td <000000010002> Tj ET", false, &font);
    let a = read_pdf("bfrange", &b.finish(root, None)).expect("reads");
    assert!(a.text.contains("ABC"), "{}", a.text);
}

#[test]
fn a_content_stream_that_inflates_to_a_hundred_megabytes_is_bounded() {
    // ~100 MB of `q Q ` in ~100 KB; made while no case is measured (made beside another, it
    // counted in that one's peak).
    let bytes = prepared(|| {
        let mut content = b"q Q ".repeat(25_000_000);
        content.extend_from_slice(b"BT /F1 12 Tf 72 700 Td (After the bomb.) Tj ET");
        let mut b = PdfBuilder::default();
        let root = pdf_page(&mut b, &content, true, HELVETICA);
        drop(content);
        b.finish(root, None)
    });
    assert!(bytes.len() < 1_000_000, "{}", bytes.len());
    match read_pdf("q-bomb", &bytes) {
        Ok(a) => assert!(a.text.contains("After the bomb."), "{}", a.text),
        Err(e) => assert!(e.contains("took longer") || e.contains("memory"), "{e}"),
    }
}

#[test]
fn one_glyph_run_of_a_hundred_million_glyphs_is_stopped_by_the_workers_memory_cap() {
    // One `Tj` of 100 MB: the reader builds the whole run before any check can see it. In the
    // worker process the address space is capped, so it is stopped and said; this process
    // holds only the file (made while no case is measured).
    let bytes = prepared(|| {
        let mut content = b"BT /F1 12 Tf 72 700 Td (".to_vec();
        content.extend(std::iter::repeat_n(b'A', 100_000_000));
        content.extend_from_slice(b") Tj ET");
        let mut b = PdfBuilder::default();
        let root = pdf_page(&mut b, &content, true, HELVETICA);
        drop(content);
        b.finish(root, None)
    });
    assert!(bytes.len() < 1_000_000, "{}", bytes.len());
    let e = read_pdf("glyph-bomb", &bytes).expect_err("stopped");
    assert!(e.contains("memory") || e.contains("took longer"), "{e}");
}

#[test]
fn a_form_drawn_a_billion_times_is_stopped_at_the_glyph_bound() {
    // F0 draws F1 ten times, ... F8 draws ten glyphs: 10^9 glyphs from a few hundred bytes.
    let mut b = PdfBuilder::default();
    let forms: Vec<usize> = (0..9).map(|_| b.reserve()).collect();
    for (k, &f) in forms.iter().enumerate() {
        let (content, xobj) = match forms.get(k + 1) {
            Some(&next) => ("/N Do ".repeat(10), format!("/XObject << /N {next} 0 R >>")),
            None => ("BT /F1 12 Tf 72 700 Td (XXXXXXXXXX) Tj ET".to_owned(), String::new()),
        };
        b.set(
            f,
            &format!(
                "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << {HELVETICA} {xobj} >> /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
        );
    }
    let root = pdf_page(&mut b, b"/F0 Do", false, &format!("/XObject << /F0 {} 0 R >>", forms[0]));
    match read_pdf("fan-out", &b.finish(root, None)) {
        Ok(a) => {
            assert!(a.notes.iter().any(|n| n.contains("stopped at page 1")), "{:?}", a.notes);
            assert!(a.text.len() <= 2 * claimscope::import::pdf::MAX_GLYPHS, "{}", a.text.len());
        }
        Err(e) => assert!(e.contains("took longer"), "{e}"),
    }
}

/// The PDFs among a `.qdpx`'s sources share the time one file is given: each had its own, so a
/// 3 KB archive naming one slow PDF five times took 40 s.
#[test]
fn the_pdfs_of_a_qdpx_share_one_deadline() {
    // Six levels of forms each drawing the next a hundred times, the last a hundred
    // rectangles: 10^14 paths and no glyph, so only the deadline stops it.
    let mut b = PdfBuilder::default();
    let forms: Vec<usize> = (0..6).map(|_| b.reserve()).collect();
    for (k, &f) in forms.iter().enumerate() {
        let (content, xobj) = match forms.get(k + 1) {
            Some(&next) => ("/N Do\n".repeat(100), format!("/XObject << /N {next} 0 R >>")),
            None => ("0 0 1 1 re f\n".repeat(100), String::new()),
        };
        b.set(
            f,
            &format!(
                "<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << {xobj} >> /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
        );
    }
    let page = format!("{HELVETICA} /XObject << /F0 {} 0 R >>", forms[0]);
    let root = pdf_page(&mut b, b"BT /F1 12 Tf 72 700 Td (Slow.) Tj ET q /F0 Do Q", false, &page);
    let pdf = b.finish(root, None);
    let names: Vec<String> = (0..4).map(|k| format!("sources/slow{k}.pdf")).collect();
    let sources: Vec<(&str, &str, String)> =
        (0..4).map(|k| ("slow", "path", format!("internal://slow{k}.pdf"))).collect();
    let parts: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), pdf.as_slice())).collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = write(dir.path(), "slow.qdpx", &qdpx(&sources, &parts));
    let started = std::time::Instant::now();
    let (r, _) = measured("slow pdfs", JOB_STACK, move || read(&archive, External::None));
    let took = started.elapsed();
    // Not a budget (the benchmarks hold those): the time of one file, against four.
    let one = claimscope::import::isolate::deadline_for(1_000);
    assert!(took < one + Duration::from_secs(4), "{took:?}");
    if let Ok(file) = r {
        let n = texts(&file).len();
        assert!(n <= 1, "at most the first slow PDF read, {n} were");
    }
}

/// Word sources of a `.qdpx` are read in the program's own process: one docx named by 200
/// spellings of its path ("internal://a.docx", "internal:///a.docx", …) was read 200 times (a
/// 3.9 KB archive, 150 s). One path is read once, and the rich sources share the archive's time.
#[test]
fn one_word_source_named_many_ways_is_read_once() {
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let nested: String =
        (0..1_000).map(|i| format!("<e xmlns:p{i}=\"u\">")).collect::<String>() + &"</e>".repeat(1_000);
    let docx = common::office::zip_of(&[
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>Hello there.</w:t></w:r></w:p></w:body></w:document>"#
            ),
        ),
        ("word/footnotes.xml", format!(r#"<?xml version="1.0"?><w:footnotes xmlns:w="{w}">{nested}</w:footnotes>"#)),
    ]);
    let sources: Vec<(&str, &str, String)> =
        (0..200).map(|k| ("doc", "richTextPath", format!("internal://{}a.docx", "/".repeat(k)))).collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = write(dir.path(), "many.qdpx", &qdpx(&sources, &[("a.docx", docx.as_slice())]));
    let started = std::time::Instant::now();
    let (r, _) = measured("many spellings", JOB_STACK, move || read(&archive, External::None));
    let took = started.elapsed();
    r.expect("reads");
    // Not a budget: a moment (4 s in a debug build) against minutes (150 s read 200 times);
    // 15 s was passed once on two cores shared with a CI run and the other tests.
    assert!(took < Duration::from_secs(45), "{took:?}");
}

/// A Type 3 font drawing `names` (its glyphs' names, by code from 1), with no Unicode map.
fn type3_font(b: &mut PdfBuilder, names: &[&str]) -> String {
    let glyph = b.stream(b"500 0 0 0 500 700 d1 0 0 500 700 re f", "", false);
    let procs: String = names.iter().map(|n| format!("/{n} {glyph} 0 R ")).collect();
    let diffs: String = names.iter().map(|n| format!("/{n} ")).collect();
    format!(
        "/Font << /F3 << /Type /Font /Subtype /Type3 /FontBBox [0 0 500 700] /FontMatrix [0.001 0 0 0.001 0 0] \
         /CharProcs << {procs}>> /Encoding << /Type /Encoding /Differences [1 {diffs}] >> /FirstChar 1 /LastChar {} \
         /Widths [{}] /Resources << >> >> >>",
        names.len(),
        vec!["500"; names.len()].join(" ")
    )
}

#[test]
fn a_font_without_a_unicode_map_reads_by_its_glyph_names_and_counts_what_it_cannot() {
    // Glyph names from the Adobe glyph list: read as the letters they name.
    let mut b = PdfBuilder::default();
    let font = type3_font(&mut b, &["H", "e", "l", "o", "space", "W", "r", "d"]);
    // codes: H=1 e=2 l=3 o=4 space=5 W=6 r=7 d=8
    let root = pdf_page(&mut b, b"BT /F3 12 Tf 72 700 Td <0102030304050604070308> Tj ET", false, &font);
    let a = read_pdf("type3-agl", &b.finish(root, None)).expect("reads");
    assert!(a.text.contains("Hello World"), "{}", a.text);

    // Names of the font's own (as pdfTeX's fonts may have): one page of those, one page of
    // text in a standard font. The other page is read; the unknown glyphs become U+FFFD and
    // are counted in the report.
    let mut b = PdfBuilder::default();
    let odd = type3_font(&mut b, &["g12", "g13"]);
    let catalog = b.reserve();
    let pages = b.reserve();
    let c1 = b.stream(b"BT /F3 12 Tf 72 700 Td <0102> Tj ET", "", false);
    let text = "The readable page of the book, in a font that says what it draws.";
    let c2 = b.stream(format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET").as_bytes(), "", false);
    let p1 = b.add(&format!(
        "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Resources << {odd} >> /Contents {c1} 0 R >>"
    ));
    let p2 = b.add(&format!(
        "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Resources << {HELVETICA} >> /Contents {c2} 0 R >>"
    ));
    b.set(pages, &format!("<< /Type /Pages /Kids [{p1} 0 R {p2} 0 R] /Count 2 >>"));
    b.set(catalog, &format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    let a = read_pdf("unmapped-font", &b.finish(catalog, None)).expect("reads");
    assert!(a.text.contains(text), "{}", a.text);
    assert!(a.text.contains('\u{FFFD}'));
    assert!(a.notes.iter().any(|n| n.contains("2 glyph(s) that no font maps to a character")), "{:?}", a.notes);
}

#[test]
fn a_pdf_whose_pages_are_all_alike_keeps_its_text_and_a_file_name_is_no_title() {
    let mut b = PdfBuilder::default();
    let catalog = b.reserve();
    let pages = b.reserve();
    let line = "The same notice printed on every page of the file.";
    let content = b.stream(format!("BT /F1 12 Tf 72 700 Td ({line}) Tj ET").as_bytes(), "", false);
    let kids: Vec<String> = (0..3)
        .map(|_| {
            let p = b.add(&format!(
                "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 612 792] /Resources << {HELVETICA} >> /Contents {content} 0 R >>"
            ));
            format!("{p} 0 R")
        })
        .collect();
    b.set(pages, &format!("<< /Type /Pages /Kids [{}] /Count 3 >>", kids.join(" ")));
    b.set(catalog, &format!("<< /Type /Catalog /Pages {pages} 0 R >>"));
    let a = read_pdf("alike", &b.finish(catalog, Some("expected.html"))).expect("not 'the file has no text'");
    assert!(a.text.contains(line), "{}", a.text);
    assert_eq!(a.title, line, "a file name in the document information is not a title");
}

#[test]
fn a_pdf_panic_prints_no_backtrace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    assert!(run(&["new", p(&proj)]).status.success());
    // Truncated in its cross-reference table and objects: the reader gives up.
    let mut b = PdfBuilder::default();
    let root = pdf_page(&mut b, b"BT /F1 12 Tf 72 700 Td (x) Tj ET", false, HELVETICA);
    let mut bytes = b.finish(root, None);
    bytes.truncate(bytes.len() / 2);
    let f = write(dir.path(), "broken.pdf", &bytes);
    let o = run(&["import", p(&proj), p(&f)]);
    let err = text(&o).1;
    assert!(!err.contains("panicked") && !err.contains("backtrace") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert!(err.contains("broken.pdf"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Seeded generators: each class of attack, in shapes and sizes drawn from a seed. A failure
// names the seed's round and the case; the same seed makes the same files again.

/// One hostile file of the class `class`: its name and bytes.
fn adversary(class: usize, rng: &mut Rng) -> (String, Vec<u8>) {
    let depth = 1_000 + rng.below(40_000);
    match (class, rng.below(4)) {
        // Bombs: a small file that expands.
        (0, 0) => {
            let para = common::office::w_p("", &["word ".repeat(1000 + rng.below(4000)).as_str()]);
            let docx = common::office::docx(&para.repeat(200 + rng.below(800)), None, None);
            let copies = 10 + rng.below(200);
            let sources: Vec<(&str, &str, String)> =
                (0..copies).map(|_| ("copy", "richTextPath", "internal://d.docx".to_owned())).collect();
            ("bomb-qdpx.qdpx".into(), qdpx(&sources, &[("sources/d.docx", &docx)]))
        }
        (0, 1) => {
            let mut content = b"q Q ".repeat(1_000_000 + rng.below(20_000_000));
            content.extend_from_slice(b"BT /F1 12 Tf 72 700 Td (end) Tj ET");
            let mut b = PdfBuilder::default();
            let root = pdf_page(&mut b, &content, true, HELVETICA);
            ("bomb-pdf.pdf".into(), b.finish(root, None))
        }
        (0, 2) => {
            let xml = format!("<Project xmlns=\"urn:QDA-XML:project:1.0\">{}</Project>", "<a/>".repeat(depth * 500));
            let z = common::office::zip_with(&[("project.qde", xml.as_bytes())], zip::CompressionMethod::Deflated);
            ("bomb-qde.qdpx".into(), z)
        }
        (0, _) => {
            let body = "<p>".to_owned() + &"x".repeat(1 << 20) + "</p>";
            let z = common::office::docx(&body.repeat(1 + rng.below(60)), None, None);
            ("bomb-docx.docx".into(), z)
        }
        // Recursion: nesting far deeper than any real file.
        (1, 0) => {
            let mut f = String::new();
            for k in 0..depth.min(8_000) {
                f += &format!(r#"<w:footnote w:id="{}"><w:p><w:r><w:t>n{k}</w:t></w:r></w:p>"#, k + 1);
            }
            f += &"</w:footnote>".repeat(depth.min(8_000));
            ("deep-notes.docx".into(), common::office::docx(&common::office::w_p("", &["Body."]), Some(&f), None))
        }
        (1, 1) => ("deep-parts.mhtml".into(), nested_mhtml(depth)),
        (1, 2) => {
            let mut content = b"BT /F1 12 Tf 72 700 Td (start) Tj ET ".to_vec();
            content.extend(std::iter::repeat_n(b'[', depth * 5));
            let mut b = PdfBuilder::default();
            let root = pdf_page(&mut b, &content, false, HELVETICA);
            ("deep-arrays.pdf".into(), b.finish(root, None))
        }
        (1, _) => {
            let mut xml = String::from("<CodeBook><Codes>");
            for k in 0..depth / 2 {
                xml += &format!("<Code guid=\"{k}\" name=\"c\">");
            }
            xml += &"</Code>".repeat(depth / 2);
            xml += "</Codes></CodeBook>";
            ("deep-codes.qdc".into(), xml.into_bytes())
        }
        // Loops: structures that refer to themselves.
        (_, 0) => {
            let mut b = PdfBuilder::default();
            let forms: Vec<usize> = (0..1 + rng.below(4)).map(|_| b.reserve()).collect();
            for (k, &f) in forms.iter().enumerate() {
                let next = forms[(k + 1) % forms.len()];
                let content = "BT /F1 12 Tf 72 700 Td (in a loop) Tj ET /N Do";
                b.set(
                    f,
                    &format!(
                        "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << {HELVETICA} /XObject << /N {next} 0 R >> >> /Length {} >>\nstream\n{content}\nendstream",
                        content.len()
                    ),
                );
            }
            let root = pdf_page(&mut b, b"/N Do", false, &format!("/XObject << /N {} 0 R >>", forms[0]));
            ("loop-forms.pdf".into(), b.finish(root, None))
        }
        (_, 1) => {
            let mut b = PdfBuilder::default();
            let catalog = b.reserve();
            let nodes: Vec<usize> = (0..1 + rng.below(4)).map(|_| b.reserve()).collect();
            for (k, &n) in nodes.iter().enumerate() {
                let next = nodes[(k + 1) % nodes.len()];
                b.set(n, &format!("<< /Type /Pages /Parent {next} 0 R /Kids [{next} 0 R] /Count 1 >>"));
            }
            b.set(catalog, &format!("<< /Type /Catalog /Pages {} 0 R >>", nodes[0]));
            ("loop-tree.pdf".into(), b.finish(catalog, None))
        }
        (_, 2) => {
            // A source whose rich text is the archive itself.
            let inner = qdpx(&[("self", "richTextPath", "internal://self.qdpx".to_owned())], &[]);
            let sources = [("self", "richTextPath", "internal://self.qdpx".to_owned())];
            ("loop-qdpx.qdpx".into(), qdpx(&sources, &[("sources/self.qdpx", &inner)]))
        }
        (_, _) => {
            // A note that refers to itself and a selection that refers to it again and again.
            let refs = r#"<NoteRef targetGUID="n"/>"#.repeat(depth);
            let xml = format!(
                r#"<Project xmlns="urn:QDA-XML:project:1.0"><CodeBook><Codes><Code guid="c" name="F" isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="t" name="s"><PlainTextContent>abcdef</PlainTextContent><PlainTextSelection guid="p" startPosition="0" endPosition="3">{refs}<Coding guid="k"><CodeRef targetGUID="c"/></Coding></PlainTextSelection></TextSource></Sources><Notes><Note guid="n"><PlainTextContent>itself</PlainTextContent><NoteRef targetGUID="n"/></Note></Notes></Project>"#
            );
            let z = common::office::zip_with(&[("project.qde", xml.as_bytes())], zip::CompressionMethod::Deflated);
            ("loop-notes.qdpx".into(), z)
        }
    }
}

#[test]
fn seeded_bombs_recursions_and_loops_are_read_or_refused_within_bounds() {
    let mut rng = Rng(0x00B0_4B5E);
    let dir = tempfile::tempdir().expect("temp dir");
    for round in 0..12 {
        let class = round % 3;
        let (name, bytes) = adversary(class, &mut rng);
        assert!(bytes.len() <= 1_000_000, "round {round} {name}: {} bytes", bytes.len());
        let path = write(dir.path(), &name, &bytes);
        let case = format!("round {round}, {name}");
        // On a thread with a job's stack; an error must name the file.
        let (r, _) =
            measured(&case, JOB_STACK, move || import::read_any(&path, None).map(|_| ()).map_err(|e| e.to_string()));
        if let Err(e) = r {
            assert!(e.contains(&name), "{case}: the error does not name the file: {e}");
        }
    }
}

#[cfg(unix)]
#[test]
fn seeded_sidecar_links_are_never_written_through() {
    let mut rng = Rng(0x51DE_CA25);
    for round in 0..10 {
        let dir = tempfile::tempdir().expect("temp dir");
        let proj = dir.path().join("p.ron");
        std::fs::copy(common::root().join("projects/soleimani.ron"), &proj).expect("copy");
        let victim = write(dir.path(), "victim", b"someone's file\n");
        let kind = rng.below(4);
        let sidecar = match kind {
            0 => dir.path().join(".p.ron.lock"),
            1 => claimscope::store::embeddings::cache_path(&proj),
            2 => claimscope::store::recovery::recovery_path(&proj),
            _ => dir.path().join(if rng.below(2) == 0 { ".gitignore" } else { ".gitattributes" }),
        };
        // A link straight to the victim, or through a second link.
        if rng.below(2) == 0 {
            std::os::unix::fs::symlink(&victim, &sidecar).expect("symlink");
        } else {
            let hop = dir.path().join("hop");
            std::os::unix::fs::symlink(&victim, &hop).expect("symlink");
            std::os::unix::fs::symlink(&hop, &sidecar).expect("symlink");
        }
        let p = claimscope::store::load(&proj).expect("loads").project;
        let refused = match kind {
            0 => !run(&[
                "annotate",
                common::p(&proj),
                "--doc",
                "d5",
                "--quote",
                "Pompeo",
                "--occurrence",
                "1",
                "--tag",
                "Fact",
            ])
            .status
            .success(),
            1 => {
                let mut e = claimscope::analysis::semantic::Embeddings::new("m", 2);
                assert!(e.insert("x", vec![1.0, 0.0]));
                claimscope::store::embeddings::save_cache(&proj, &e).is_err()
            }
            2 => claimscope::store::recovery::write_recovery(&p, &proj).is_err(),
            _ => {
                if !claimscope::testing::require(claimscope::testing::has_tool("git"), "git") {
                    continue;
                }
                assert!(git(dir.path(), &["init", "-q"]).status.success());
                !run(&["git-setup", common::p(dir.path())]).status.success()
            }
        };
        assert!(refused, "round {round}, sidecar {}: not refused", sidecar.display());
        assert_eq!(std::fs::read(&victim).expect("there"), b"someone's file\n", "round {round}: written through");
    }
}

// ---------------------------------------------------------------------------------------------
// Names copied per passage (fourth attack)

/// A `.qdpx` of one `project.qde`.
fn qde_archive(qde: &str) -> Vec<u8> {
    common::office::zip_with(&[("project.qde", qde.as_bytes())], zip::CompressionMethod::Deflated)
}

/// Each code held a copy of every ancestor's name, twice: 60 nested codes of 14,000-char names
/// with 20,000 empty codes under the deepest (a 1.7 KB `.qdpx`, a 982 KB `.qdc`) took over 4
/// GB and aborted. Names and paths are cut at `MAX_FIELD` chars, and a code holds its path.
#[test]
fn a_deep_code_book_of_long_names_is_read_in_little_memory() {
    let (qdc, archive) = prepared(|| {
        let chain: String = (0..60)
            .map(|i| {
                format!("<Code name=\"{}\" isCodable=\"true\">", char::from(b'A' + i % 26).to_string().repeat(14_000))
            })
            .collect();
        let body = format!("{chain}{}{}", "<Code/>".repeat(20_000), "</Code>".repeat(60));
        let qdc = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>{body}</Codes></CodeBook>"
        );
        let qde = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><CodeBook><Codes>{body}</Codes></CodeBook></Project>"
        );
        (qdc, qde_archive(&qde))
    });
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(qdc.len() <= 1 << 20 && archive.len() < 4_096, "{} {}", qdc.len(), archive.len());
    for path in [write(dir.path(), "deep.qdc", qdc.as_bytes()), write(dir.path(), "deep.qdpx", &archive)] {
        let (r, peak) = measured("deep code book", JOB_STACK, move || read(&path, External::None));
        let Ok(ImportFile::Annotations(inc)) = r else { panic!("read: {:?}", r.map(|_| ())) };
        assert_eq!(inc.tags.len(), 20_060);
        assert!(inc.tags.iter().all(|t| t.name.chars().count() <= import::MAX_FIELD), "names cut");
        assert!(peak < 256 << 20, "{} MB held", peak >> 20);
    }
}

/// A memo of 1 MB of DEL characters (XML lets them through) on one selection of 120 codes (a
/// 3 KB archive): each written as `\u{7f}`, six bytes for one, the import held 1.66 GB and
/// wrote 686 MB. And 1,030 one-char selections of 500 codes each (179 KB): 514,678 annotations,
/// 1.15 GB. Memos and names lose the controls as articles do (the report says how many), the
/// budget counts what is written, and each coding a share for the annotation itself.
#[test]
fn escaped_memos_and_dense_codings_stay_within_the_budget() {
    let (del, dense) = prepared(|| {
        let codes: String =
            (0..500).map(|i| format!("<Code guid=\"c{i}\" name=\"c{i}\" isCodable=\"true\"/>")).collect();
        let coded = |n: usize| -> String {
            (0..n).map(|i| format!("<Coding><CodeRef targetGUID=\"c{i}\"/></Coding>")).collect()
        };
        let project = |sels: &str, text: &str| {
            qde_archive(&format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><CodeBook><Codes>{codes}</Codes></CodeBook><Sources><TextSource guid=\"b\" name=\"src\"><PlainTextContent>{text}</PlainTextContent>{sels}</TextSource></Sources></Project>"
            ))
        };
        let del = project(
            &format!(
                "<PlainTextSelection startPosition=\"0\" endPosition=\"5\"><Description>{}</Description>{}</PlainTextSelection>",
                "\u{7f}".repeat(1 << 20),
                coded(120)
            ),
            "some words of text",
        );
        let all = coded(500);
        let sels: String = (0..1_030)
            .map(|s| {
                format!(
                    "<PlainTextSelection startPosition=\"{s}\" endPosition=\"{}\">{all}</PlainTextSelection>",
                    s + 1
                )
            })
            .collect();
        (del, project(&sels, &"abcdefghij".repeat(110)))
    });
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, archive) in [("del.qdpx", del), ("dense.qdpx", dense)] {
        assert!(archive.len() < 1 << 20, "{name}: {}", archive.len());
        let path = write(dir.path(), name, &archive);
        let (r, peak) = measured(name, JOB_STACK, move || {
            let Ok(ImportFile::Annotations(inc)) = read(&path, External::None) else { panic!("annotations") };
            let (edit, report) = import::merge::merge(&claimscope::model::Project::new("p"), &inc).expect("merges");
            let mut p = claimscope::model::Project::new("p");
            p.apply(edit).expect("applies");
            (report.to_string(), claimscope::store::to_ron(&p).expect("written").len())
        });
        let (report, written) = r;
        assert!(peak < 768 << 20, "{name}: {} MB held", peak >> 20);
        assert!(written < 256 << 20, "{name}: a {} MB project", written >> 20);
        if name == "dense.qdpx" {
            assert!(report.contains("coding(s) not read"), "{report}");
        } else {
            // What was left out is said, not dropped unseen.
            assert!(report.contains(&format!("{} control character(s)", 1 << 20)), "{report}");
        }
    }
}

/// Selections whose positions are not a span of their text: 0 to 2^64 had become the whole
/// article unsaid, and reversed, empty or unreadable ones were counted as "without a code"
/// though coded. They are said with their place; a position with spaces around it is read.
#[test]
fn selections_outside_their_text_are_said_not_clamped() {
    let sels: String = [("0", "18446744073709551615"), ("10", "5"), ("-1", "5"), ("5", "5"), ("x", "9"), (" 3", "9 ")]
        .iter()
        .map(|(a, b)| {
            format!("<PlainTextSelection startPosition=\"{a}\" endPosition=\"{b}\"><Coding><CodeRef targetGUID=\"c\"/></Coding></PlainTextSelection>")
        })
        .collect();
    let qde = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><CodeBook><Codes><Code guid=\"c\" name=\"Fact\" isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource guid=\"s1\" name=\"story\"><PlainTextContent>abcdefghijklmnopqrstuvwxyz</PlainTextContent>{sels}</TextSource></Sources></Project>"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "odd.qdpx", &qde_archive(&qde));
    let Ok(ImportFile::Annotations(inc)) = read(&path, External::None) else { panic!("annotations") };
    let spans: Vec<(usize, usize)> = inc.annotations.iter().map(|a| (a.start, a.end)).collect();
    assert_eq!(spans, [(3, 9)], "only the one span of the text");
    let said = inc.ignored.join("; ");
    assert!(said.contains("5 selection(s) not a span of their text"), "{said}");
    assert!(said.contains("past the end of the text (0–18446744073709551615 in “story”, 26 chars)"), "{said}");
    assert!(!said.contains("without a code"), "{said}");
}

/// A coder's, a speaker's and two codes' names of 1,000 chars (cut to that as read), named by
/// each of 100,000 selections: each passage held its own copy of every name and each coding
/// copied them again outside the budget of what an import holds (230,000 such selections, a
/// 618 KB archive, took 4.5 GB and wrote a 923 MB project claimscope then refused to open).
/// The names are shared while read, and what each coding copies is counted in the budget.
#[test]
fn names_every_selection_refers_to_are_shared_and_counted() {
    let archive = prepared(|| {
        let name = |c: char| c.to_string().repeat(1_000);
        let selections: String = (0..100_000)
            .map(|k| {
                format!(
                    "<PlainTextSelection startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"u\"><Coding><CodeRef targetGUID=\"a\"/></Coding><Coding><CodeRef targetGUID=\"b\"/></Coding><Coding><CodeRef targetGUID=\"s\"/></Coding></PlainTextSelection>",
                    k / 2,
                    k / 2 + 1 + k % 2
                )
            })
            .collect();
        let qde = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><Users><User guid=\"u\" name=\"{}\"/></Users><CodeBook><Codes><Code guid=\"a\" name=\"{}\" isCodable=\"true\"/><Code guid=\"b\" name=\"{}\" isCodable=\"true\"/><Code guid=\"g\" name=\"Speakers\" isCodable=\"false\"><Code guid=\"s\" name=\"{}\" isCodable=\"true\"/></Code></Codes></CodeBook><Sources><TextSource guid=\"s1\" name=\"s1\"><PlainTextContent>{}</PlainTextContent>{selections}</TextSource></Sources></Project>",
            name('N'),
            name('T'),
            name('U'),
            name('S'),
            "ab".repeat(25_010)
        );
        qde_archive(&qde)
    });
    assert!(archive.len() < 1 << 20, "{}", archive.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "names.qdpx", &archive);
    let (report, peak) = measured("names per coding", JOB_STACK, move || {
        let Ok(ImportFile::Annotations(inc)) = read(&path, External::None) else { panic!("annotations") };
        import::merge::merge(&claimscope::model::Project::new("p"), &inc).map(|(_, r)| r).map_err(|e| e.to_string())
    });
    let report = report.expect("merges");
    assert!(report.added > 10_000, "{report}");
    assert!(report.ignored.iter().any(|m| m.contains("coding(s) not read")), "{report}");
    assert!(peak < 512 << 20, "{} MB held", peak >> 20);
}

/// A coder's, a code's or a speaker code's name, 1 MB long, held by each of 5,000 coded
/// passages (a 5 KB `.qdpx`), or a 400,000-char date held by each of a selection's 5,000 codes:
/// over 4 GB and an abort. Cut while read.
#[test]
fn long_names_on_thousands_of_passages_are_cut_while_read() {
    let big = "A".repeat(1 << 20);
    for kind in ["user", "tag", "speaker", "date"] {
        let archive = prepared(|| {
            let users =
                format!("<Users><User guid=\"u1\" name=\"{}\"/></Users>", if kind == "user" { &big } else { "ann" });
            let mut codes = format!(
                "<Code guid=\"c1\" name=\"{}\" isCodable=\"true\"/>",
                if kind == "tag" { &big } else { "Fact" }
            );
            if kind == "speaker" {
                codes += &format!(
                    "<Code guid=\"g1\" name=\"Speakers\" isCodable=\"false\"><Code guid=\"s1\" name=\"{big}\" isCodable=\"true\"/></Code>"
                );
            }
            let selections = if kind == "date" {
                // One selection of a long date, coded with 5,000 codes.
                codes += &(0..5_000)
                    .map(|k| format!("<Code guid=\"k{k}\" name=\"k{k}\" isCodable=\"true\"/>"))
                    .collect::<String>();
                let codings: String =
                    (0..5_000).map(|k| format!("<Coding><CodeRef targetGUID=\"k{k}\"/></Coding>")).collect();
                format!(
                    "<PlainTextSelection startPosition=\"0\" endPosition=\"1\" creatingUser=\"u1\" creationDateTime=\"{}\">{codings}</PlainTextSelection>",
                    "2".repeat(400_000)
                )
            } else {
                let spoke = if kind == "speaker" { "<Coding><CodeRef targetGUID=\"s1\"/></Coding>" } else { "" };
                format!("<PlainTextSelection startPosition=\"0\" endPosition=\"1\" creatingUser=\"u1\"><Coding><CodeRef targetGUID=\"c1\"/></Coding>{spoke}</PlainTextSelection>").repeat(5_000)
            };
            let qde = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">{users}<CodeBook><Codes>{codes}</Codes></CodeBook><Sources><TextSource guid=\"d1\" name=\"doc\"><PlainTextContent>x y z</PlainTextContent>{selections}</TextSource></Sources></Project>"
            );
            qde_archive(&qde)
        });
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(archive.len() < 64 << 10, "{kind}: {}", archive.len());
        let path = write(dir.path(), "names.qdpx", &archive);
        let (r, peak) = measured("names per passage", JOB_STACK, move || read(&path, External::None));
        let Ok(ImportFile::Annotations(inc)) = r else { panic!("{kind}: {:?}", r.map(|_| ())) };
        assert!(!inc.annotations.is_empty(), "{kind}");
        assert!(peak < 512 << 20, "{kind}: {} MB held", peak >> 20);
    }
}

/// brat: a type's label in `visual.conf` (900 KB) held by each of 5,000 annotations of it.
#[test]
fn a_long_brat_label_is_cut_while_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("brat");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(folder.join("visual.conf"), format!("[labels]\nF | {}\n", "L".repeat(900_000))).expect("conf");
    std::fs::write(folder.join("a.txt"), "x\n".repeat(5_000)).expect("text");
    let ann: String = (0..5_000).map(|i| format!("T{i}\tF {} {}\tx\n", 2 * i, 2 * i + 1)).collect();
    std::fs::write(folder.join("a.ann"), ann).expect("ann");
    let (r, peak) = measured("brat label", JOB_STACK, move || read(&folder, External::None));
    let Ok(ImportFile::Annotations(inc)) = r else { panic!("{:?}", r.map(|_| ())) };
    assert_eq!(inc.annotations.len(), 5_000);
    assert!(inc.annotations.iter().all(|a| a.tag.chars().count() <= import::MAX_FIELD));
    assert!(peak < 256 << 20, "{} MB held", peak >> 20);
}

/// A claimscope export merged into a project: each annotation took its tag's name, found by a
/// search of the tags (a 500,000-char name on 5,000 annotations, 0.9 MB: 2.5 GB). Names are cut
/// as every import cuts a field, and looked up once.
#[test]
fn a_long_tag_name_in_an_export_is_cut_once_for_all_its_annotations() {
    let anns: Vec<String> = (0..5_000)
        .map(|i| format!("{{\"id\":\"a{i}\",\"document\":\"d1\",\"start\":{},\"end\":{},\"quote\":{{\"exact\":\"x\"}},\"tag\":\"t1\"}}", i % 1000, i % 1000 + 1))
        .collect();
    let json = format!(
        "{{\"format\":\"claimscope-export\",\"version\":1,\"project\":\"p\",\"next_id\":6000,\"tags\":[{{\"id\":\"t1\",\"name\":\"{}\",\"colour\":\"#000000\"}}],\"documents\":[{{\"id\":\"d1\",\"title\":\"D\",\"text\":\"{}\"}}],\"claims\":[],\"annotations\":[{}]}}",
        "N".repeat(500_000),
        "x".repeat(1000),
        anns.join(",")
    );
    assert!(json.len() <= 1 << 20, "{}", json.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "export.json", json.as_bytes());
    let (r, peak) = measured("export tag names", JOB_STACK, move || {
        let Ok(ImportFile::Export(file)) = read(&path, External::None) else { return Err("an export".to_owned()) };
        Ok(import::json::to_incoming(&file))
    });
    let inc = r.expect("read");
    assert_eq!(inc.annotations.len(), 5_000);
    assert!(inc.annotations.iter().all(|a| a.tag.chars().count() <= import::MAX_FIELD && a.tag == inc.tags[0].name));
    assert!(peak < 256 << 20, "{} MB held", peak >> 20);
}

/// Paths cut at `MAX_FIELD` at their end made "long parent / Alpha" and "long parent / Beta"
/// one tag: the code's own name is kept, the ancestors' part cut from its start, and a cut path
/// given twice is numbered. A source's GUID of a million chars, copied into each of 5,000
/// passages, aborted at 4 GB: a GUID stands in by its hash past 64 chars.
#[test]
fn codes_under_a_long_parent_stay_apart_and_a_long_guid_costs_nothing() {
    let parent = "P".repeat(1_000);
    let qdc = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes><Code guid=\"p\" name=\"{parent}\" isCodable=\"true\"><Code guid=\"a\" name=\"Alpha\" isCodable=\"true\"/><Code guid=\"b\" name=\"Beta\" isCodable=\"true\"/><Code guid=\"c\" name=\"{parent}\" isCodable=\"true\"/><Code guid=\"d\" name=\"{parent}\" isCodable=\"true\"/></Code></Codes></CodeBook>"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "long.qdc", qdc.as_bytes());
    let Ok(ImportFile::Annotations(inc)) = read(&path, External::None) else { panic!("read") };
    let names: std::collections::HashSet<&str> = inc.tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), 5, "five codes, five tags");
    assert!(
        inc.tags.iter().any(|t| t.name.ends_with(" / Alpha")) && inc.tags.iter().any(|t| t.name.ends_with(" / Beta"))
    );
    assert!(inc.tags.iter().all(|t| t.name.chars().count() <= import::MAX_FIELD));

    let archive = prepared(|| {
        let guid = "g".repeat(1_000_000);
        let sel = "<PlainTextSelection startPosition=\"0\" endPosition=\"1\"><Coding><CodeRef targetGUID=\"c1\"/></Coding></PlainTextSelection>".repeat(5_000);
        qde_archive(&format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><CodeBook><Codes><Code guid=\"c1\" name=\"Fact\" isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource guid=\"{guid}\" name=\"doc\"><PlainTextContent>x y z</PlainTextContent>{sel}</TextSource></Sources></Project>"
        ))
    });
    assert!(archive.len() < 16 << 10, "{}", archive.len());
    let path = write(dir.path(), "guid.qdpx", &archive);
    let (r, peak) = measured("long guid", JOB_STACK, move || read(&path, External::None));
    let Ok(ImportFile::Annotations(inc)) = r else { panic!("{:?}", r.map(|_| ())) };
    assert_eq!(inc.documents.len(), 1);
    assert!(!inc.annotations.is_empty() && inc.annotations.iter().all(|a| a.doc == inc.documents[0].key));
    assert!(peak < 256 << 20, "{} MB held", peak >> 20);
}

/// A JSON export with an id given twice: merged into a project, two tags of one id put all 18
/// Fact annotations under Allegation, and two articles of one id put 17 on the wrong article,
/// said as "88 added". Refused now, as a restore refused it, naming both places.
#[test]
fn a_json_export_with_an_id_given_twice_is_refused_before_it_is_merged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p.ron");
    std::fs::copy(common::root().join("projects/soleimani.ron"), &project).expect("copy");
    let out = dir.path().join("x.json");
    let o = run(&["export", p(&project), "--format", "json", "--output", p(&out)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let export: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).expect("read")).expect("json");
    let before = std::fs::read(&project).expect("read");
    // "1" and "t01" are the tag t1 as the restore reads ids: the same id, spelled otherwise.
    for (list, field, what, same) in [
        ("tags", "t1", "tag", "t1"),
        ("tags", "01", "tag", "t1"),
        ("documents", "d5", "document", "d5"),
        ("claims", "c10", "claim", "c10"),
    ] {
        let mut bad = export.clone();
        let items = bad[list].as_array_mut().expect("a list");
        let second = items.iter().position(|i| i["id"] != same).expect("another");
        items[second]["id"] = serde_json::Value::String(field.into());
        let path = write(dir.path(), &format!("bad-{list}-{field}.json"), &serde_json::to_vec(&bad).expect("json"));
        match read(&path, External::None) {
            Err(e) => assert!(e.contains(&format!("duplicate {what} id {field}")) && e.contains(list), "{e}"),
            Ok(_) => panic!("{list}: an export with an id given twice was read"),
        }
        let o = run(&["import", p(&project), p(&path)]);
        assert!(!o.status.success(), "{list}: {:?}", text(&o));
        assert_eq!(std::fs::read(&project).expect("read"), before, "{list}: the project was changed");
    }
}

/// A Markdown file whose only text is an HTML block nested past the page guard's limit was
/// refused as "the file has no text": the reader's note on what it left out is the reason.
#[test]
fn a_file_left_without_text_by_a_guard_says_which() {
    let dir = tempfile::tempdir().expect("temp dir");
    let md = format!("{}Hidden text{}", "<div>".repeat(600), "</div>".repeat(600));
    let path = write(dir.path(), "deep.md", md.as_bytes());
    match read(&path, External::None) {
        Err(e) => assert!(e.contains("HTML block(s) left out") && e.contains("nested"), "{e}"),
        Ok(f) => panic!("read: {:?}", texts(&f)),
    }
}
