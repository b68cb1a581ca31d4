//! REFI-QDA interchange, both ways: what QDA programs rely on in claimscope's `.qdpx` (dates and
//! a user on every note, notes where QualCoder reads them, code names that never clash, GUIDs
//! unique to a project and stable across its exports), projects and code books from other
//! programs read in, and claimscope -> .qdpx -> claimscope giving the same project back.

use crate::common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use claimscope::export::{self, Format, Options, Scope, Silent};
use claimscope::import;
use claimscope::model::{NewAnnotation, NewDocument, Project, Text};
use claimscope::store;
use common::{fixture, p, run, text};

fn sample() -> Project {
    store::load(&common::root().join("projects/soleimani.ron")).expect("sample loads").project
}

fn bytes(pr: &Project, format: Format) -> Vec<u8> {
    match export::render(pr, &Scope::default(), format, &Options::default(), &Silent).expect("renders").0 {
        export::Output::File(b) => b,
        export::Output::Folder(_) => panic!("a file was expected"),
    }
}

/// The `project.qde` of a `.qdpx`.
fn qde(qdpx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(qdpx)).expect("a ZIP");
    let mut f = zip.by_name("project.qde").expect("project.qde");
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).expect("utf-8");
    s
}

/// Every value of attribute `name` in `xml`.
fn attrs<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    xml.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &xml[i + key.len()..];
            rest.find('"').map(|e| &rest[..e])
        })
        .collect()
}

/// Imports `files` into `into` as the workbench and the command line do, returning the result
/// and the report lines.
fn import_into(into: &Project, files: &[PathBuf]) -> (Project, Vec<String>) {
    let read: Vec<_> = files.iter().map(|f| (f.clone(), import::read_any(f, None))).collect();
    let plan = import::plan::plan(into, read, &import::plan::Given::default()).expect("plans");
    let mut out = into.clone();
    out.apply(plan.edit.clone()).expect("applies");
    (out, plan.files.iter().map(ToString::to_string).collect())
}

/// A project in a form that leaves out ids (which differ between two projects by design).
#[derive(Debug, PartialEq)]
struct Canon {
    tags: Vec<(String, String, String)>,
    documents: Vec<(String, String, String, String, String, String)>,
    claims: BTreeSet<(String, String)>,
    annotations: BTreeSet<Vec<String>>,
}

fn canon(pr: &Project) -> Canon {
    let title = |d| pr.document(d).map(|d| d.title.clone()).unwrap_or_default();
    Canon {
        tags: pr.tags().iter().map(|t| (t.name.clone(), t.colour.to_string(), t.description.clone())).collect(),
        documents: pr
            .documents()
            .iter()
            .map(|d| {
                (
                    d.title.clone(),
                    d.source.clone(),
                    d.url.clone(),
                    d.published.clone(),
                    d.byline.clone(),
                    d.text.as_str().to_owned(),
                )
            })
            .collect(),
        claims: pr.claims().iter().map(|c| (c.label.clone(), c.note.clone())).collect(),
        annotations: pr
            .annotations()
            .map(|a| {
                vec![
                    title(a.doc),
                    a.start.to_string(),
                    a.end.to_string(),
                    a.quote.exact.clone(),
                    pr.tag(a.tag).map(|t| t.name.clone()).unwrap_or_default(),
                    a.note.to_string(),
                    a.speaker.to_string(),
                    a.claim.and_then(|c| pr.claim(c)).map(|c| c.label.clone()).unwrap_or_default(),
                    a.created.to_string(),
                    a.created_by.to_string(),
                ]
            })
            .collect(),
    }
}

/// A small project with what tends to break interchange: a note, a speaker and a claim named
/// like tags, text beyond the Basic Multilingual Plane before a span, two analysts, a byline.
fn tricky() -> Project {
    let mut pr = Project::new("tricky");
    let text = "🇺🇸 Washington said the raid was lawful self-defence. 𝕏 users called it “Rhetoric”.";
    let (docs, e) = pr
        .add_documents(vec![NewDocument {
            title: "Raid".into(),
            source: "Wire".into(),
            url: "https://example.org/raid".into(),
            published: "2026-01-02".into(),
            byline: "By A. Writer".into(),
            section: "World".into(),
            text: Text::new(text),
        }])
        .expect("ids");
    pr.apply(e).expect("adds");
    let doc = docs[0];
    let (claim, e) = pr.new_claim("Allegation", "", &[]).expect("claim");
    pr.apply(e).expect("adds");
    let fact = pr.find_tag("Fact").expect("tag").id;
    let rhetoric = pr.find_tag("Rhetoric").expect("tag").id;
    let chars: Vec<char> = text.chars().collect();
    let find = |q: &str| {
        let q: Vec<char> = q.chars().collect();
        let s = (0..chars.len()).find(|&i| chars[i..].starts_with(&q)).expect("in the text");
        s..s + q.len()
    };
    for (r, tag, note, speaker, by) in [
        (find("the raid was lawful self-defence"), fact, "Check the letter.", "Rhetoric", "Ana"),
        (find("“Rhetoric”"), rhetoric, "", "", "Ben"),
    ] {
        let extra = NewAnnotation {
            note: note.into(),
            speaker: speaker.into(),
            claim: Some(claim),
            created: "2026-01-05T14:03:00Z".into(),
            created_by: by.into(),
        };
        let (_, e) = pr.annotate(doc, r, tag, extra).expect("valid");
        pr.apply(e).expect("adds");
    }
    pr
}

#[test]
fn notes_carry_dates_and_a_user_and_sit_where_qualcoder_reads_them() {
    let xml = qde(&bytes(&tricky(), Format::Qdpx));
    let users: HashMap<&str, &str> = xml
        .lines()
        .filter(|l| l.trim_start().starts_with("<User "))
        .map(|l| (attrs(l, "guid")[0], attrs(l, "name")[0]))
        .collect();
    assert!(users.values().any(|n| *n == "Ana") && users.values().any(|n| *n == "Ben"), "{users:?}");
    for g in attrs(&xml, "creatingUser").into_iter().chain(attrs(&xml, "modifyingUser")) {
        assert!(users.contains_key(g), "user {g} is one of <Users>");
    }
    let notes: Vec<&str> = xml.lines().filter(|l| l.trim_start().starts_with("<Note ")).collect();
    assert_eq!(notes.len(), 1);
    for n in &notes {
        for a in ["creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime"] {
            assert!(!attrs(n, a).is_empty(), "a note has {a}: {n}");
        }
        let guid = attrs(n, "guid")[0];
        // QualCoder reads a NoteRef directly under the TextSource, and a selection's Description.
        let source = &xml[xml.find("<TextSource").expect("source")..xml.find("</TextSource>").expect("end")];
        let last_selection = source.rfind("</PlainTextSelection>").expect("selections");
        assert!(source[last_selection..].contains(&format!("<NoteRef targetGUID=\"{guid}\"/>")));
    }
    assert!(xml.contains("<Description>Check the letter.</Description>"));
    // Ana's selection is hers.
    let ana = users.iter().find(|(_, n)| **n == "Ana").map(|(g, _)| *g).expect("Ana");
    assert!(xml.contains(&format!("creatingUser=\"{ana}\" creationDateTime=\"2026-01-05T14:03:00Z\"")));
}

#[test]
fn code_names_never_clash() {
    let xml = qde(&bytes(&tricky(), Format::Qdpx));
    let names: Vec<&str> =
        xml.lines().filter(|l| l.trim_start().starts_with("<Code ")).map(|l| attrs(l, "name")[0]).collect();
    let unique: BTreeSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    assert!(names.contains(&"Allegation (claim)") && names.contains(&"Rhetoric (speaker)"), "{names:?}");
}

#[test]
fn guids_are_unique_to_a_project_and_stable_across_its_exports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = tricky();
    // The same content under another identity: another project.
    let b = tricky();
    assert_ne!(a.uuid(), b.uuid());
    let (ga, gb) = (qde(&bytes(&a, Format::Qdpx)), qde(&bytes(&b, Format::Qdpx)));
    let set = |x: &str| attrs(x, "guid").into_iter().map(str::to_owned).collect::<BTreeSet<String>>();
    let (sa, sb) = (set(&ga), set(&gb));
    assert!(sa.len() > 5 && sa.is_disjoint(&sb), "two projects share no GUID");
    // Saved and opened again, the project exports the same GUIDs.
    let path = dir.path().join("a.ron");
    store::save(&a, &path).expect("saves");
    let again = store::load(&path).expect("loads").project;
    assert_eq!(again.uuid(), a.uuid());
    assert_eq!(set(&qde(&bytes(&again, Format::Qdpx))), sa);
    // The sample, unrelated to either, shares none either; and a file from before project
    // identities gets one derived from its content, the same each time it is opened.
    let sample = set(&qde(&bytes(&sample(), Format::Qdpx)));
    assert!(sample.is_disjoint(&sa));
    let old = std::fs::read_to_string(&path).expect("read");
    let old: String = old.lines().filter(|l| !l.trim_start().starts_with("uuid:")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, &old).expect("write");
    let (x, y) = (store::load(&path).expect("loads").project, store::load(&path).expect("loads").project);
    assert_eq!(x.uuid(), y.uuid());
    assert_ne!(x.uuid(), a.uuid());
}

#[test]
fn claimscope_to_qdpx_to_claimscope_gives_the_same_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    for pr in [tricky(), sample()] {
        let file = dir.path().join(format!("{}.qdpx", pr.uuid()));
        std::fs::write(&file, bytes(&pr, Format::Qdpx)).expect("write");
        let (back, report) = import_into(&Project::new(pr.name()), std::slice::from_ref(&file));
        let (want, got) = (canon(&pr), canon(&back));
        assert_eq!(got.tags, want.tags, "{report:?}");
        assert_eq!(got.documents, want.documents);
        assert_eq!(got.claims, want.claims);
        // Work without a recorded author is credited to the analyst who exported it.
        let who = claimscope::clock::analyst();
        let want: BTreeSet<Vec<String>> = want
            .annotations
            .into_iter()
            .map(|mut a| {
                if a[9].is_empty() {
                    a[9].clone_from(&who);
                }
                a
            })
            .collect();
        assert_eq!(got.annotations, want, "{report:?}");
        // Imported twice, nothing is added the second time.
        let (twice, _) = import_into(&back, &[file]);
        assert_eq!(twice.annotation_count(), back.annotation_count());
        assert_eq!(twice.documents().len(), back.documents().len());
    }
}

#[test]
fn positions_count_code_points() {
    // A source whose text has astral characters (two UTF-16 units, four UTF-8 bytes) before the
    // selection: REFI counts code points, as claimscope does.
    let qde = r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="MAXQDA 2022">
  <Users><User guid="11111111-1111-1111-1111-111111111111" name="Coder One"/></Users>
  <CodeBook><Codes>
    <Code guid="22222222-2222-2222-2222-222222222222" name="Frames" isCodable="false">
      <Code guid="33333333-3333-3333-3333-333333333333" name="Security" isCodable="true" color="#C00"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="44444444-4444-4444-4444-444444444444" name="Inline">
      <PlainTextContent>𝕏🇺🇸 The strike was a security necessity.</PlainTextContent>
      <PlainTextSelection guid="55555555-5555-5555-5555-555555555555" startPosition="8" endPosition="14" creatingUser="11111111-1111-1111-1111-111111111111">
        <Description>A memo</Description>
        <Coding guid="66666666-6666-6666-6666-666666666666"><CodeRef targetGUID="33333333-3333-3333-3333-333333333333"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PictureSource guid="77777777-7777-7777-7777-777777777777" name="photo" path="internal://x.png"/>
  </Sources>
</Project>"##;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("maxqda.qdpx");
    std::fs::write(&path, common::office::zip_of(&[("project.qde", qde.to_owned())])).expect("write");
    let (pr, report) = import_into(&Project::new("p"), std::slice::from_ref(&path));
    let a = pr.annotations().next().expect("one annotation");
    assert_eq!(a.quote.exact, "strike", "{report:?}");
    assert_eq!((a.start, a.end), (8, 14));
    assert_eq!(a.note, "A memo");
    assert_eq!(a.created_by, "Coder One");
    let tag = pr.tag(a.tag).expect("tag");
    assert_eq!(tag.name, "Frames / Security");
    assert_eq!(tag.colour.to_string(), "#CC0000");
    assert!(report[0].contains("1 picture source(s)") && report[0].contains("coded by Coder One"), "{report:?}");
}

#[test]
fn the_atlas_ti_sample_imports_with_its_code_hierarchy_and_users() {
    let (pr, report) = import_into(&Project::new("p"), &[fixture("refi/atlas-target-project.qdpx")]);
    let names: Vec<&str> = pr.tags().iter().map(|t| t.name.as_str()).collect();
    for want in ["Commits", "Commits / 2022-05-10T02:05:59Z 19e4dce", "Commits / 2022-02-11T10:39:25Z cdbfd92"] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    // Its users coded nothing in it: none is named as a coder.
    assert!(!report[0].contains("coded by"), "{report:?}");
}

#[test]
fn codebook_round_trip_and_schema() {
    let mut pr = sample();
    let (_, e) = pr.new_tag("Frames / Security").expect("tag");
    pr.apply(e).expect("adds");
    let (_, e) = pr.new_tag("Frames / Law").expect("tag");
    pr.apply(e).expect("adds");
    let dir = tempfile::tempdir().expect("temp dir");
    let qdc = dir.path().join("tags.qdc");
    std::fs::write(&qdc, bytes(&pr, Format::Qdc)).expect("write");
    let xsd = common::root().join("docs/refi-qda/Codebook.xsd");
    let o = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", p(&xsd), p(&qdc)])
        .output()
        .expect("xmllint runs (Debian package libxml2-utils; .ci/run installs it)");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xml = std::fs::read_to_string(&qdc).expect("read");
    assert!(xml.contains("name=\"Frames\" isCodable=\"false\""), "the parent is a group: {xml}");

    // Into a project with no tags of its own: the same tags, colours and descriptions.
    let mut empty = Project::new("e");
    for t in empty.tags().to_vec() {
        let e = empty.delete_tag(t.id, None).expect("removes");
        empty.apply(e).expect("applies");
    }
    let (back, report) = import_into(&empty, &[qdc]);
    let tags = |p: &Project| -> BTreeMap<String, (String, String)> {
        p.tags().iter().map(|t| (t.name.clone(), (t.colour.to_string(), t.description.clone()))).collect()
    };
    assert_eq!(tags(&back), tags(&pr), "{report:?}");
}

#[test]
fn cli_exports_and_imports_refi_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = common::root().join("projects/soleimani.ron");
    let qdpx = dir.path().join("s.qdpx");
    let o = run(&["export", p(&sample), "--format", "qdpx", "-o", p(&qdpx)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let fresh = dir.path().join("fresh.ron");
    assert!(run(&["new", p(&fresh)]).status.success());
    let o = run(&["import", p(&fresh), p(&qdpx)]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(text(&o).0.contains("88 annotation(s) added"), "{:?}", text(&o));
    let back = store::load(&fresh).expect("loads").project;
    assert_eq!(back.documents().len(), 5);
    assert_eq!(back.claims().len(), self::sample().claims().len());
    let bad = dir.path().join("bad.qdpx");
    std::fs::write(&bad, common::office::zip_of(&[("project.qde", "<Project><Sources>".to_owned())])).expect("write");
    let o = run(&["import", p(&fresh), p(&bad)]);
    assert!(text(&o).1.contains("bad.qdpx") && text(&o).1.contains("not well-formed"), "{:?}", text(&o));
}

/// A `.qdpx` written by QualCoder's own exporter (see tests/fixtures/refi/README.md): the
/// sample, exported by claimscope, imported into QualCoder and exported again by it. It comes
/// back as the sample: QualCoder writes one selection per code, its notes as annotations on
/// passages, its texts with a byte-order mark; none of that loses anything.
#[test]
fn a_qualcoder_export_imports_whole() {
    let (pr, report) = import_into(&Project::new("p"), &[fixture("refi/qualcoder-sample.qdpx")]);
    let (want, got) = (canon(&sample()), canon(&pr));
    assert_eq!(got.documents, want.documents, "{report:?}");
    assert_eq!(got.tags, want.tags);
    assert_eq!(
        got.claims.iter().map(|c| &c.0).collect::<Vec<_>>(),
        want.claims.iter().map(|c| &c.0).collect::<Vec<_>>()
    );
    assert_eq!(got.annotations, want.annotations, "{report:?}");
    assert!(report[0].contains("coded by Sample analyst"), "{report:?}");
}

/// Sources that hold no plain text come in through claimscope's own importers: a Word original
/// (`richTextPath`) and a PDF source without a text representation.
#[test]
fn rich_text_and_pdf_sources_are_read_by_the_article_importers() {
    let docx = common::office::article_docx("Word story", &["First paragraph of the story.", "Second one."]);
    let pdf = std::fs::read(fixture("pdf/003-two-column.pdf")).expect("pdf fixture");
    let qde = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="NVivo">
  <Sources>
    <TextSource guid="44444444-4444-4444-4444-444444444444" name="From Word" richTextPath="internal://a.docx"/>
    <PDFSource guid="55555555-5555-5555-5555-555555555555" name="From PDF" path="internal://b.pdf"/>
  </Sources>
</Project>"#;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nvivo.qdpx");
    let parts: [(&str, &[u8]); 3] =
        [("project.qde", qde.as_bytes()), ("sources/a.docx", &docx), ("sources/b.pdf", &pdf)];
    std::fs::write(&path, common::office::zip_with(&parts, zip::CompressionMethod::Deflated)).expect("write");
    let (pr, report) = import_into(&Project::new("p"), &[path]);
    let docs = pr.documents();
    assert_eq!(docs.len(), 2, "{report:?}");
    assert_eq!(docs[0].title, "From Word");
    assert!(
        docs[0].text.as_str().contains("First paragraph of the story.\n\nSecond one."),
        "{}",
        docs[0].text.as_str()
    );
    assert!(docs[1].text.as_str().contains("Soleimani"), "{report:?}");
}

/// The one who exports (the name set in the workbench) is the project's creator in the REFI file
/// and the author of work that records none; work with an author keeps it.
#[test]
fn the_exporter_named_in_the_options_is_credited_with_unattributed_work() {
    let mut pr = tricky();
    let doc = pr.documents()[0].id;
    let tag = pr.tags()[0].id;
    let (_, e) = pr.annotate(doc, 0..3, tag, claimscope::model::NewAnnotation::default()).expect("annotates");
    pr.apply(e).expect("applies");
    let options = Options { exporter: "Lead Analyst".into(), ..Options::default() };
    let out = export::render(&pr, &Scope::default(), Format::Qdpx, &options, &Silent).expect("renders").0;
    let export::Output::File(b) = out else { panic!("a file") };
    let xml = qde(&b);
    let users: HashMap<&str, &str> = xml
        .lines()
        .filter(|l| l.trim_start().starts_with("<User "))
        .map(|l| (attrs(l, "guid")[0], attrs(l, "name")[0]))
        .collect();
    let lead = users.iter().find(|(_, n)| **n == "Lead Analyst").map(|(g, _)| *g).expect("the exporter is a user");
    // The exporter made neither the project nor its articles: neither names a creator.
    let project = xml.lines().find(|l| l.starts_with("<Project ")).expect("project element");
    assert!(attrs(project, "creatingUserGUID").is_empty(), "{project}");
    let source = xml.lines().find(|l| l.trim_start().starts_with("<TextSource ")).expect("a source");
    assert!(attrs(source, "creatingUser").is_empty(), "{source}");
    assert!(attrs(&xml, "creatingUser").contains(&lead), "the unattributed selection is the exporter's");
    assert!(users.values().any(|n| *n == "Ana"), "Ana keeps hers");
    // Read back, the report names as coders only those who coded.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.qdpx");
    std::fs::write(&path, &b).expect("write");
    let (_, report) = import_into(&Project::new("p"), &[path]);
    assert!(report[0].contains("coded by Ana, Ben, Lead Analyst"), "{report:?}");
}

/// QualCoder writes one note reference per source, so its other annotations' notes name no
/// source. Without the coding memos (the same notes claimscope also writes, which carried them
/// before), each of the 22 notes must still reach its passage, or be reported by its text.
#[test]
fn qualcoder_notes_that_name_no_source_are_placed_or_reported() {
    use std::io::Read as _;
    let bytes = std::fs::read(fixture("refi/qualcoder-sample.qdpx")).expect("fixture");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for k in 0..zip.len() {
        let mut part = zip.by_index(k).expect("part");
        let name = part.name().expect("name").into_owned();
        let mut data = Vec::new();
        part.read_to_end(&mut data).expect("read");
        if name == "project.qde" {
            // Drop every selection's <Description> (the memos): the notes alone remain.
            let xml = String::from_utf8(data).expect("utf-8");
            let mut out = String::new();
            let mut rest = xml.as_str();
            let mut in_selection = false;
            while let Some(at) = rest.find('<') {
                out.push_str(&rest[..at]);
                rest = &rest[at..];
                if rest.starts_with("<PlainTextSelection") && !rest.starts_with("<PlainTextSelection guid") {
                    in_selection = true;
                }
                if rest.starts_with("<PlainTextSelection ") {
                    in_selection = !rest[..rest.find('>').unwrap_or(0)].ends_with('/');
                }
                if in_selection && rest.starts_with("<Description>") {
                    let end = rest.find("</Description>").expect("closed") + "</Description>".len();
                    rest = &rest[end..];
                    continue;
                }
                if rest.starts_with("</PlainTextSelection>") {
                    in_selection = false;
                }
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            out.push_str(rest);
            data = out.into_bytes();
        }
        parts.push((name, data));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("qualcoder.qdpx");
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    std::fs::write(&path, common::office::zip_with(&refs, zip::CompressionMethod::Deflated)).expect("write");
    let qde = String::from_utf8(parts.iter().find(|(n, _)| n == "project.qde").expect("qde").1.clone()).expect("utf-8");
    let note_texts: Vec<String> = qde
        .split("<Note ")
        .skip(1)
        .filter_map(|n| n.split("<PlainTextContent>").nth(1).and_then(|c| c.split("</PlainTextContent>").next()))
        .map(|t| t.replace("&#x27;", "'").replace("&apos;", "'").replace("&quot;", "\"").replace("&amp;", "&"))
        .collect();
    assert_eq!(note_texts.len(), 22);
    let (pr, report) = import_into(&Project::new("p"), &[path]);
    let notes: Vec<&str> = pr.annotations().map(|a| a.note.as_str()).collect();
    let placed = note_texts.iter().filter(|t| notes.iter().any(|n| n.contains(t.as_str()))).count();
    let reported = report.iter().any(|r| r.contains("note(s) that could not be placed"));
    assert!(placed == 22 || reported, "{placed} of 22 notes placed, none reported: {report:?}");
    assert_eq!(placed, 22, "{report:?}");
}

/// Names that differ only by a tab or a line break stay apart, and a carriage return in a note
/// stays: an XML reader turns each written as it is in an attribute into a space (so "Loaded
/// word" and "Loaded⇥word" came back as one code), and one in text into a line break.
#[test]
fn names_with_tabs_and_line_breaks_stay_apart_and_notes_keep_carriage_returns() {
    let mut pr = tricky();
    let doc = pr.documents()[0].id;
    let names = ["Loaded word", "Loaded\tword", "Loaded\nword", "Loaded\r\nword"];
    for (i, name) in names.into_iter().enumerate() {
        let (tag, e) = pr.new_tag(name).expect("tag");
        pr.apply(e).expect("adds");
        let extra = NewAnnotation { note: format!("line one\r\nline two {i}\rthree"), ..NewAnnotation::default() };
        let (_, e) = pr.annotate(doc, i * 3..i * 3 + 2, tag, extra).expect("valid");
        pr.apply(e).expect("adds");
    }
    let qdpx = bytes(&pr, Format::Qdpx);
    let xml = qde(&qdpx);
    assert!(xml.contains("name=\"Loaded&#9;word\"") && xml.contains("name=\"Loaded&#10;word\""), "{xml}");
    assert!(!xml.contains('\r'), "{xml}");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("tabs.qdpx");
    std::fs::write(&file, &qdpx).expect("write");
    let (back, report) = import_into(&Project::new("back"), &[file]);
    for name in names {
        let tag = back.tags().iter().find(|t| t.name == name).unwrap_or_else(|| panic!("{name:?}: {report:?}"));
        let notes: Vec<&str> = back.annotations().filter(|a| a.tag == tag.id).map(|a| a.note.as_str()).collect();
        assert_eq!(notes.len(), 1, "{name:?}: {notes:?}");
        assert!(notes[0].starts_with("line one\r\nline two ") && notes[0].ends_with("\rthree"), "{notes:?}");
    }
}

/// Memos about no passage (a source's, a code's, the project's) and a source's description
/// that is a memo were dropped unsaid from a QualCoder project; claimscope keeps memos on
/// annotations only, so each is named in the report.
#[test]
fn memos_about_no_passage_are_named_not_dropped_unsaid() {
    let archive = std::fs::read(fixture("refi/qualcoder-sample.qdpx")).expect("fixture");
    let mut x = qde(&archive);
    let memos = ["DOCUMENT MEMO: by phone", "CODE MEMO: direct quotes only", "PROJECT MEMO: rules v2"];
    let notes: String = memos
        .iter()
        .enumerate()
        .map(|(k, m)| {
            format!(
                "<Note guid=\"1111111{k}-1111-4111-8111-111111111111\"><PlainTextContent>{m}</PlainTextContent></Note>"
            )
        })
        .collect();
    x = x.replacen("<Notes>", &format!("<Notes>{notes}"), 1);
    let at = x.find("<TextSource ").expect("a source");
    let at = at + x[at..].find('>').expect("its tag ends") + 1;
    x.insert_str(at, "<NoteRef targetGUID=\"11111110-1111-4111-8111-111111111111\"/><Description>SOURCE MEMO: retracted on 9 Jan</Description>");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&archive)).expect("a ZIP");
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("a part");
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).expect("reads");
        let name = f.name().expect("a name").into_owned();
        let b = if name == "project.qde" { x.clone().into_bytes() } else { b };
        parts.push((name, b));
    }
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("memos.qdpx");
    std::fs::write(&path, common::office::zip_with(&parts, zip::CompressionMethod::Deflated)).expect("write");
    let (pr, report) = import_into(&Project::new("p"), &[path]);
    let report = report.join("\n");
    for m in memos {
        assert!(report.contains(m), "{m} not named: {report}");
    }
    assert!(report.contains("3 memo(s) about no passage"), "{report}");
    assert!(report.contains("1 source description(s)") && report.contains("SOURCE MEMO: retracted"), "{report}");
    // The rest came in as before.
    assert_eq!(canon(&pr).annotations, canon(&sample()).annotations, "{report}");
}
