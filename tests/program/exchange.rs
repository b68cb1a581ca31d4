//! Exports read back, imports merged, and the command line for both. Every test uses text with
//! curly quotes, emoji, right-to-left script and (normalised) CRLF input.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use claimscope::export::{self, Format, Options, Scope, Silent};
use claimscope::import;
use claimscope::model::{NewAnnotation, Project, Text};
use claimscope::store;
use common::{fixture, p, run, text};

/// The small tricky project plus an article imported from a CRLF file, with a span crossing a
/// line break and a note with a line break.
fn project() -> Project {
    let mut pr = common::small_project();
    let article = import::read_article(&fixture("tricky_crlf_bom.txt"), None).expect("reads");
    let (d, e) = pr.add_document(&article.title, "Wire", "", "", Text::new(article.text)).expect("ids left");
    pr.apply(e).expect("adds");
    let t = pr.document(d).expect("doc").text.clone();
    let start = t.find_all("“self-defence” 🇺🇸.")[0];
    let end = t.find_all("الضربة")[0] + 6;
    let rhet = pr.find_tag("Rhetoric").expect("tag").id;
    let extra = NewAnnotation {
        note: "Across a line.\nSecond line of the note.".into(),
        speaker: "Takht-Ravanchi".into(),
        ..Default::default()
    };
    let (_, e) = pr.annotate(d, start..end, rhet, extra).expect("valid");
    pr.apply(e).expect("adds");
    pr
}

fn sample() -> Project {
    store::load(&common::root().join("projects/soleimani.ron")).expect("sample loads").project
}

fn render(pr: &Project, format: Format) -> export::Output {
    export::render(pr, &Scope::default(), format, &Options::default(), &Silent).expect("renders").0
}

fn file(out: export::Output) -> Vec<u8> {
    match out {
        export::Output::File(b) => b,
        export::Output::Folder(_) => panic!("a file was expected"),
    }
}

#[test]
fn json_restores_an_equal_project_and_merges_without_duplicates() {
    // With a record: a conflict still open, a dismissal, a claim's stamps (a restore had lost
    // them, and made the project a new one).
    let recorded = {
        let pr = sample();
        let mut parts = pr.to_parts();
        let a = parts.annotations[0].id;
        parts.conflicts.push(claimscope::model::Conflict {
            subject: claimscope::model::Subject::Annotation(a),
            field: "note".into(),
            base: claimscope::model::Value::Text(String::new()),
            ours: claimscope::model::Value::Text("ours".into()),
            theirs: claimscope::model::Value::Text("theirs".into()),
            kept: claimscope::model::Side::Ours,
            origin: Default::default(),
        });
        parts.dismissed.push(claimscope::model::Dismissal { key: "tag:d1:0-5:t1".into(), label: "Not this".into() });
        parts.claims[0].created_by = "Ana".into();
        parts.claims[0].created = "2026-01-05T14:03:00Z".into();
        Project::from_parts(parts).expect("valid").0
    };
    for pr in [project(), sample(), recorded] {
        let dir = tempfile::tempdir().expect("temp dir");
        let json = dir.path().join("export.json");
        let summary = export::export(
            &pr,
            &Scope::default(),
            Format::Json,
            &Options::default(),
            &export::Target::new(&json),
            &Silent,
        )
        .expect("exports");
        assert_eq!(summary.annotations, pr.annotation_count());
        let restored = dir.path().join("restored.ron");
        // A dry run says what it would restore, as JSON when asked, and writes nothing.
        let o = run(&["import", p(&restored), p(&json), "--dry-run", "--report", "json"]);
        assert!(o.status.success(), "{:?}", text(&o));
        let said: serde_json::Value = serde_json::from_slice(&o.stdout).expect("a JSON report");
        assert_eq!(said["dry_run"], true);
        assert_eq!(said["restored"]["annotations"], pr.annotation_count());
        assert!(!restored.exists(), "a dry run made the project");
        let o = run(&["import", p(&restored), p(&json)]);
        assert!(o.status.success(), "{:?}", text(&o));
        let back = store::load(&restored).expect("loads").project;
        assert_eq!(back, pr);
        assert_eq!(back.next_id(), pr.next_id());
        assert_eq!(back.uuid(), pr.uuid(), "the same project, not a new one");
        assert_eq!(back.claims(), pr.claims(), "with their stamps");
        // Merging it into the project it came from adds nothing.
        let bytes = std::fs::read(&json).expect("read");
        let file = import::json::parse(&bytes, &json).expect("parses");
        let (_, report) = import::merge::merge(&pr, &import::json::to_incoming(&file)).expect("ids left");
        assert_eq!((report.added, report.duplicates), (0, pr.annotation_count()));
    }
}

#[test]
fn json_export_matches_its_schema_shape() {
    let v: serde_json::Value = serde_json::from_slice(&file(render(&project(), Format::Json))).expect("JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("docs/claimscope-export.schema.json")).expect("schema"),
    )
    .expect("schema is JSON");
    // Every required field of the schema is there, and nothing the schema does not list.
    let required = |def: &serde_json::Value| -> Vec<String> {
        def["required"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    for key in required(&schema) {
        assert!(v.get(&key).is_some(), "missing {key}");
    }
    for (list, def) in [("tags", "tag"), ("documents", "document"), ("claims", "claim"), ("annotations", "annotation")]
    {
        let props = schema["$defs"][def]["properties"].as_object().expect("properties");
        for item in v[list].as_array().expect("list") {
            for key in required(&schema["$defs"][def]) {
                assert!(item.get(&key).is_some(), "{list} item lacks {key}");
            }
            for key in item.as_object().expect("object").keys() {
                assert!(props.contains_key(key), "{list} item has {key}, which the schema does not list");
            }
        }
    }
}

#[test]
fn csv_reads_back_with_the_csv_crate_and_offsets_match_the_text() {
    let pr = project();
    let bytes = file(
        export::render(&pr, &Scope::default(), Format::Csv, &Options { bom: true, ..Options::default() }, &Silent)
            .expect("renders")
            .0,
    );
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "the BOM option writes a BOM");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header = r.headers().expect("header").clone();
    assert_eq!(header.iter().collect::<Vec<_>>(), export::csv::COLUMNS.to_vec());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("valid row")).collect();
    assert_eq!(rows.len(), pr.annotation_count());
    for row in &rows {
        let d = pr.find_document(&row[1]).expect("document");
        let (start, end): (usize, usize) = (row[5].parse().expect("start"), row[6].parse().expect("end"));
        assert_eq!(d.text.slice(start..end), &row[7], "quote at its char offsets");
    }
    assert!(rows.iter().any(|r| r[12].contains('\n')), "a note with a line break survives, quoted");
    assert!(rows.iter().any(|r| r[7].contains('🇺') && r[7].contains("الضربة")));
}

#[test]
fn w3c_has_both_selectors_and_merges_back_by_quote() {
    let pr = project();
    let v: serde_json::Value = serde_json::from_slice(&file(render(&pr, Format::W3c))).expect("JSON-LD");
    assert_eq!(v["type"], "AnnotationCollection");
    assert_eq!(v["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    let items = v["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), pr.annotation_count());
    // The embedded page has the IRI the model requires, says what it is part of, and is the last.
    let page = v["first"]["id"].as_str().expect("the page has an id");
    assert_eq!(v["first"]["partOf"], v["id"]);
    assert_eq!(v["last"].as_str(), Some(page));
    // Nothing is written as an empty string: what an article does not say is left out.
    fn no_empty(v: &serde_json::Value, at: &str) {
        match v {
            serde_json::Value::String(s) => assert!(!s.is_empty(), "empty string at {at}"),
            serde_json::Value::Array(a) => a.iter().enumerate().for_each(|(k, x)| no_empty(x, &format!("{at}[{k}]"))),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| no_empty(x, &format!("{at}.{k}"))),
            _ => {}
        }
    }
    no_empty(&v["documents"], "documents");
    for item in items {
        assert_eq!(item["type"], "Annotation");
        let selectors = item["target"]["selector"].as_array().expect("selectors");
        let quote = selectors.iter().find(|s| s["type"] == "TextQuoteSelector").expect("quote selector");
        let pos = selectors.iter().find(|s| s["type"] == "TextPositionSelector").expect("position selector");
        let source = item["target"]["source"].as_str().expect("source");
        let d = pr.documents().iter().find(|d| source.ends_with(&d.id.to_string())).expect("document");
        let (s, e) = (pos["start"].as_u64().unwrap_or(0) as usize, pos["end"].as_u64().unwrap_or(0) as usize);
        assert_eq!(d.text.slice(s..e), quote["exact"].as_str().unwrap_or_default());
        let bodies = item["body"].as_array().expect("bodies");
        assert!(bodies.iter().any(|b| b["purpose"] == "tagging"));
    }
    assert!(items.iter().any(|i| i["speaker"] == "Takht-Ravanchi" && i["body"][1]["purpose"] == "commenting"));
    assert!(items.iter().any(|i| i["claimLabel"] == "Self-defence"));

    // Into a fresh project holding the same articles (titles changed, text shifted), every
    // annotation finds its place again by its quote.
    let mut other = Project::new("other");
    for d in pr.documents() {
        let (_, e) = other
            .add_document(
                &format!("Renamed {}", d.title),
                "",
                "",
                "",
                Text::new(format!("Preface.\n{}", d.text.as_str())),
            )
            .expect("ids left");
        other.apply(e).expect("adds");
    }
    let inc = import::w3c::to_incoming(&v, Path::new("x.jsonld")).expect("reads");
    let (edit, report) = import::merge::merge(&other, &inc).expect("ids left");
    assert_eq!(report.added, pr.annotation_count(), "{report}");
    assert_eq!(report.moved, pr.annotation_count(), "all shifted by the preface");
    other.apply(edit).expect("applies");
    for a in other.annotations() {
        assert!(a.is_anchored_in(&other.document(a.doc).expect("doc").text));
    }
    assert!(other.annotations().any(|a| a.speaker == "Takht-Ravanchi" && a.note.contains('\n')));
    assert!(inc.ignored.is_empty(), "our own collection is whole: {:?}", inc.ignored);
    // A collection that states more annotations than it holds (its other pages elsewhere) is
    // read, and the shortfall said: it had been taken as the whole.
    let mut paged = v.clone();
    paged["total"] = serde_json::json!(pr.annotation_count() + 48);
    paged["first"]["next"] = serde_json::json!("https://example.org/annotations/page/2");
    let inc = import::w3c::to_incoming(&paged, Path::new("x.jsonld")).expect("reads");
    let said = inc.ignored.join("; ");
    assert!(
        said.contains(&format!(
            "states {} annotation(s) and holds {}",
            pr.annotation_count() + 48,
            pr.annotation_count()
        )) && said.contains("https://example.org/annotations/page/2"),
        "{said}"
    );
    // A second tagging body, a reply and a link: each annotation's second tag was dropped and
    // the reply lost, unsaid. Now the second tag is an annotation of the same passage, the
    // reply joins the note under its purpose, and the link is counted as not read.
    let mut more = v.clone();
    let items = more["first"]["items"].as_array_mut().expect("items");
    for a in items.iter_mut() {
        let body = a["body"].as_array_mut().expect("bodies");
        body.push(serde_json::json!({"type": "TextualBody", "purpose": "tagging", "value": "Second look"}));
        body.push(serde_json::json!({"type": "TextualBody", "purpose": "replying", "value": "Agreed."}));
        body.push(
            serde_json::json!({"type": "SpecificResource", "purpose": "linking", "source": "https://example.org/x"}),
        );
    }
    let inc = import::w3c::to_incoming(&more, Path::new("x.jsonld")).expect("reads");
    let n = pr.annotation_count();
    assert_eq!(inc.annotations.len(), 2 * n);
    assert_eq!(inc.annotations.iter().filter(|a| a.tag == "Second look").count(), n);
    assert!(inc.annotations.iter().all(|a| a.note.contains("replying: Agreed.")));
    assert!(inc.ignored.join("; ").contains(&format!("{n} annotation bod(ies) with no text")), "{:?}", inc.ignored);
    // Each tag is an annotation holding the note: 15,000 tagging bodies on one annotation with
    // a 400 KB note (a 976 KB file) made 6 GB. At most 16 are read, the rest counted.
    let mut many = v.clone();
    let first = &mut many["first"]["items"][0];
    let body = first["body"].as_array_mut().expect("bodies");
    body.extend((0..15_000).map(|k| serde_json::json!({"purpose": "tagging", "value": format!("tag {k}")})));
    let inc = import::w3c::to_incoming(&many, Path::new("x.jsonld")).expect("reads");
    assert_eq!(inc.annotations.len(), n - 1 + 16);
    assert!(inc.ignored.join("; ").contains("tagging bod(ies) past the 16 tags"), "{:?}", inc.ignored);
}

#[test]
fn brat_spans_match_their_text_and_cross_line_breaks_as_fragments() {
    let pr = project();
    let export::Output::Folder(files) = render(&pr, Format::Brat) else { panic!("a folder") };
    let conf = String::from_utf8(files["annotation.conf"].clone()).expect("utf-8");
    assert!(conf.contains("[entities]\nFact\nAllegation\nLegal_claim\nRhetoric\n"), "{conf}");
    let mut t_lines = 0;
    let mut crossing = 0;
    for (name, bytes) in &files {
        let Some(stem) = name.strip_suffix(".ann") else { continue };
        let txt = String::from_utf8(files[&format!("{stem}.txt")].clone()).expect("utf-8");
        let t = Text::new(txt);
        for line in String::from_utf8(bytes.clone()).expect("utf-8").lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            if !cols[0].starts_with('T') {
                continue;
            }
            t_lines += 1;
            let (_, offsets) = cols[1].split_once(' ').expect("type and offsets");
            let frags: Vec<(usize, usize)> = offsets
                .split(';')
                .map(|f| {
                    let (s, e) = f.split_once(' ').expect("start end");
                    (s.parse().expect("number"), e.parse().expect("number"))
                })
                .collect();
            if frags.len() > 1 {
                crossing += 1;
            }
            let joined: Vec<&str> = frags.iter().map(|&(s, e)| t.slice(s..e)).collect();
            assert_eq!(joined.join(" "), cols[2], "{name}: {line}");
            assert!(joined.iter().all(|f| !f.contains('\n')), "no fragment crosses a line break");
        }
    }
    assert_eq!(t_lines, pr.annotation_count());
    assert_eq!(crossing, 1, "the span across a line break is written in fragments");

    // The folder merges back into the project: all duplicates. Into a project with the same
    // texts: everything comes back, speaker, note and claim included.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("brat");
    export::export(&pr, &Scope::default(), Format::Brat, &Options::default(), &export::Target::new(&out), &Silent)
        .expect("exports");
    let inc = import::brat::read_folder(&out).expect("reads");
    let (_, report) = import::merge::merge(&pr, &inc).expect("ids left");
    assert_eq!((report.added, report.duplicates), (0, pr.annotation_count()), "{report}");
    let mut bare = Project::new("bare");
    for d in pr.documents() {
        let (_, e) = bare.add_document(&d.title, "", "", "", d.text.clone()).expect("ids left");
        bare.apply(e).expect("adds");
    }
    let (edit, report) = import::merge::merge(&bare, &inc).expect("ids left");
    assert_eq!(report.added, pr.annotation_count(), "{report}");
    bare.apply(edit).expect("applies");
    let crossing = bare.annotations().find(|a| a.speaker == "Takht-Ravanchi").expect("back");
    assert!(crossing.quote.exact.contains('\n'), "the whole span, line break included");
    assert_eq!(crossing.note, "Across a line.\nSecond line of the note.");
    assert!(bare.annotations().any(|a| a.claim.is_some()));
}

#[test]
fn html_report_is_standalone_and_escaped() {
    let mut pr = project();
    let d = pr.documents()[0].id;
    let fact = pr.tags()[0].id;
    let (_, e) = pr
        .annotate(
            d,
            0..3,
            fact,
            NewAnnotation { note: "<script>alert(1)</script> & more".into(), ..Default::default() },
        )
        .expect("valid");
    pr.apply(e).expect("adds");
    let html = String::from_utf8(file(render(&pr, Format::Html))).expect("utf-8");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "nothing to run, and notes are escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
    assert!(!html.contains("src=") && !html.contains("<link"), "no external files");
    assert!(html.contains("Annotations per tag and article") && html.contains("<h2>Claims</h2>"));
    for d in pr.documents() {
        assert!(html.contains(&format!("id=\"{}\"", d.id)), "every article is in the report");
    }
    assert_eq!(html.matches("<mark").count(), html.matches("</mark>").count(), "marks are balanced");
    assert!(html.contains("🇺🇸") && html.contains("الضربة"));
}

/// The sample's articles with no annotation yet (an article set not coded): REFI-QDA's schema
/// wants a user even then (an empty `<Users>` failed it).
fn uncoded() -> Project {
    let mut pr = Project::new("uncoded");
    for d in sample().documents() {
        let (_, e) = pr.add_document(&d.title, &d.source, &d.url, &d.published, d.text.clone()).expect("ids left");
        pr.apply(e).expect("adds");
    }
    pr
}

#[test]
fn qdpx_validates_against_the_refi_qda_schema() {
    for pr in [project(), sample(), uncoded()] {
        let bytes = file(render(&pr, Format::Qdpx));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
        let mut files: BTreeMap<String, String> = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("entry");
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).expect("utf-8");
            files.insert(f.name().expect("a name").into_owned(), s);
        }
        assert_eq!(files.keys().filter(|k| k.starts_with("sources/")).count(), pr.documents().len());
        let dir = tempfile::tempdir().expect("temp dir");
        let qde = dir.path().join("project.qde");
        std::fs::write(&qde, &files["project.qde"]).expect("write");
        let xsd = common::root().join("docs/refi-qda/Project-mrt2019.xsd");
        let o = std::process::Command::new("xmllint")
            .args(["--noout", "--schema", p(&xsd), p(&qde)])
            .output()
            .expect("xmllint runs (Debian package libxml2-utils; .ci/run installs it)");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        // Each selection's positions are char offsets into its source's text.
        let qde_text = &files["project.qde"];
        for d in pr.documents() {
            let guid = export::qdpx::guid(pr.uuid(), &format!("document:{}", d.id));
            assert_eq!(files[&format!("sources/{guid}.txt")], d.text.as_str());
        }
        let Some(a) = pr.annotations().next() else { continue };
        let guid = export::qdpx::guid(pr.uuid(), &format!("annotation:{}", a.id));
        assert!(
            qde_text.contains(&format!("guid=\"{guid}\""))
                && qde_text.contains(&format!("startPosition=\"{}\" endPosition=\"{}\"", a.start, a.end))
        );
    }
}

#[test]
fn scope_filters_and_cancellation() {
    let pr = sample();
    let reuters = pr.find_document("d6").expect("Reuters").id;
    let fact = pr.find_tag("Fact").expect("tag").id;
    let scope = Scope { docs: [reuters].into(), tags: [fact].into(), ..Scope::default() };
    let sel = export::Selection::of(&pr, &scope);
    assert_eq!(sel.documents.len(), 1);
    assert_eq!(sel.annotation_count(), 3);
    let speakers = Scope { speakers: ["Kelly Craft".to_owned()].into(), ..Scope::default() };
    assert!(export::Selection::of(&pr, &speakers).all().all(|(_, a)| a.speaker == "Kelly Craft"));

    struct Cancel;
    impl export::Progress for Cancel {
        fn report(&self, _: usize, _: usize, _: &str) {}
        fn cancelled(&self) -> bool {
            true
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for format in Format::ALL {
        let out = dir.path().join(format!("out.{format}"));
        let r =
            export::export(&pr, &Scope::default(), format, &Options::default(), &export::Target::new(&out), &Cancel);
        assert!(matches!(r, Err(export::ExportError::Cancelled)), "{format}");
        assert!(!out.exists(), "a cancelled {format} export writes nothing");
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0, "no temporary files left");
}

#[test]
fn cli_export_every_format_with_filters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = common::root().join("projects/soleimani.ron");
    for format in Format::ALL {
        let out = dir.path().join(format!("sample-{format}"));
        let o = run(&[
            "export",
            p(&sample),
            "--format",
            &format.to_string(),
            "-o",
            p(&out),
            "--tag",
            "Legal claim",
            "--doc",
            "d6",
        ]);
        assert!(o.status.success(), "{format}: {:?}", text(&o));
        let said = if format == claimscope::export::Format::Qdc {
            "wrote 1 tag(s) as a code book"
        } else {
            "wrote 4 annotation(s) from 1 article(s)"
        };
        assert!(text(&o).0.contains(said), "{format}: {:?}", text(&o));
        assert!(text(&o).1.is_empty(), "no progress output when piped: {:?}", text(&o).1);
        assert!(out.exists());
    }
    let o = run(&["export", p(&sample), "--format", "pdf", "-o", p(&dir.path().join("x"))]);
    assert!(!o.status.success() && text(&o).1.contains("unknown export format"));
    let o =
        run(&["export", p(&sample), "--format", "csv", "-o", p(&dir.path().join("x.csv")), "--claim", "No such claim"]);
    assert!(!o.status.success() && text(&o).1.contains("no claim"));
}

#[test]
fn cli_imports_markdown_html_and_annotation_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let proj = dir.path().join("p.ron");
    assert!(run(&["new", p(&proj)]).status.success());
    let md = dir.path().join("story.md");
    std::fs::write(&md, "---\ntitle: A *Markdown* story\nsource: Wire\n---\n\n# Heading\n\nFirst **bold** para\ncontinues here.\n\n- item one\n").expect("write");
    let html = dir.path().join("page.html");
    std::fs::write(&html, "<html><head><title>Page</title><meta property=\"og:site_name\" content=\"The Outlet\"></head><body><nav>Menu</nav><article><h1>Story “one”</h1><p>Text &amp; more 🙂</p></article></body></html>").expect("write");
    let o = run(&["import", p(&proj), p(&md), p(&html)]);
    assert!(o.status.success(), "{:?}", text(&o));
    let pr = store::load(&proj).expect("loads").project;
    assert_eq!(pr.documents().len(), 2);
    assert_eq!(pr.documents()[0].title, "A *Markdown* story");
    assert_eq!(pr.documents()[0].text.as_str(), "Heading\n\nFirst bold para continues here.\n\nitem one");
    assert_eq!(pr.documents()[1].title, "Story “one”");
    assert_eq!(pr.documents()[1].source, "The Outlet");
    assert_eq!(pr.documents()[1].text.as_str(), "Story “one”\n\nText & more 🙂");

    // Annotations from the sample's W3C export merge into a project that has the articles.
    let sample = common::root().join("projects/soleimani.ron");
    let w3c = dir.path().join("sample.jsonld");
    assert!(run(&["export", p(&sample), "--format", "w3c", "-o", p(&w3c)]).status.success());
    let fresh = dir.path().join("fresh.ron");
    assert!(run(&["new", p(&fresh)]).status.success());
    let mut sources: Vec<_> = std::fs::read_dir(common::root().join("projects/sources"))
        .expect("sources")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    sources.sort();
    let mut args = vec!["import", p(&fresh)];
    args.extend(sources.iter().map(|s| p(s)));
    assert!(run(&args).status.success());
    let o = run(&["import", p(&fresh), p(&w3c)]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(text(&o).0.contains("88 annotation(s) added"), "{:?}", text(&o));
    let merged = store::load(&fresh).expect("loads").project;
    assert_eq!(merged.annotation_count(), 88);
    assert_eq!(merged.claims().len(), sample_claims_linked());
    // Again: everything is a duplicate now.
    let o = run(&["import", p(&fresh), p(&w3c)]);
    assert!(
        text(&o).0.contains("0 annotation(s) added") && text(&o).0.contains("88 duplicate(s) skipped"),
        "{:?}",
        text(&o)
    );
}

fn sample_claims_linked() -> usize {
    let pr = sample();
    pr.claims().iter().filter(|c| pr.claim_links(c.id).next().is_some()).count()
}

/// The project.qde of a .qdpx export.
fn qde(pr: &Project) -> String {
    let bytes = file(render(pr, Format::Qdpx));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    let mut f = zip.by_name("project.qde").expect("project.qde");
    let mut s = String::new();
    std::io::Read::read_to_string(&mut f, &mut s).expect("utf-8");
    s
}

#[test]
fn qdpx_notes_and_codes_are_where_qda_programs_read_them() {
    // A speaker and a claim named like tags: their codes must not take the tags' names.
    let mut pr = sample();
    let d = pr.documents()[0].id;
    let fact = pr.find_tag("Fact").expect("tag").id;
    let text = pr.document(d).expect("doc").text.clone();
    let at = text.find_all("Pompeo")[0];
    let extra = NewAnnotation { note: "Named like a tag.".into(), speaker: "Rhetoric".into(), ..Default::default() };
    let (a, e) = pr.annotate(d, at..at + 6, fact, extra).expect("valid");
    pr.apply(e).expect("adds");
    let (_, e) = pr.new_claim("Allegation", "", &[a]).expect("claim");
    pr.apply(e).expect("adds and links");
    let xml = qde(&pr);
    let doc = roxmltree::Document::parse(&xml).expect("XML");
    let named =
        |n: &str| doc.descendants().filter(|x| x.has_tag_name("Code") && x.attribute("name") == Some(n)).count();
    for tag in ["Fact", "Allegation", "Legal claim", "Rhetoric"] {
        assert_eq!(named(tag), 1, "one code called {tag}");
    }
    assert_eq!(named("Rhetoric (speaker)"), 1);
    assert_eq!(named("Allegation (claim)"), 1);
    // Every note has its dates; each is referenced from its source and its selection's
    // Description holds the text.
    let notes: Vec<_> = doc.descendants().filter(|x| x.has_tag_name("Note")).collect();
    assert!(!notes.is_empty());
    for n in &notes {
        assert!(n.attribute("creationDateTime").is_some() && n.attribute("modifiedDateTime").is_some());
        let guid = n.attribute("guid").expect("guid");
        let under_source = doc.descendants().any(|r| {
            r.has_tag_name("NoteRef")
                && r.attribute("targetGUID") == Some(guid)
                && r.parent().is_some_and(|p| p.has_tag_name("TextSource"))
        });
        assert!(under_source, "note {guid} referenced from its source");
    }
    let selection = doc
        .descendants()
        .find(|x| x.has_tag_name("PlainTextSelection") && x.children().any(|c| c.has_tag_name("Description")))
        .expect("a selection with its note");
    assert!(
        selection
            .children()
            .find(|c| c.has_tag_name("Description"))
            .and_then(|c| c.text())
            .is_some_and(|t| !t.is_empty())
    );
}

#[test]
fn a_code_book_export_says_it_wrote_tags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("tags.qdc");
    let sample = common::root().join("projects/soleimani.ron");
    let o = run(&["export", p(&sample), "--format", "qdc", "-o", p(&out)]);
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(text(&o).0.contains("wrote 4 tag(s) as a code book"), "{:?}", text(&o));
}

/// An export whose ids do not read names the item and field (it named the file only, and an
/// analyst had to search a long file for "d5").
#[test]
fn a_bad_id_in_an_export_is_named_with_where_it_stands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("export.json");
    export::export(
        &sample(),
        &Scope::default(),
        Format::Json,
        &Options::default(),
        &export::Target::new(&json),
        &Silent,
    )
    .expect("exports");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).expect("read")).expect("json");
    v["annotations"][2]["claim"] = "d5".into();
    std::fs::write(&json, serde_json::to_vec(&v).expect("json")).expect("write");
    let o = run(&["import", p(&dir.path().join("restored.ron")), p(&json)]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("“d5” is not a claim id (at annotations[2].claim)"), "{:?}", text(&o));
}

/// A brat folder claimscope exported, with one article's files since deleted: the others came
/// in as if it were whole. The export's list of what it wrote names the missing article.
#[test]
fn a_brat_export_missing_an_article_says_which() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = common::root().join("projects/soleimani.ron");
    let out = dir.path().join("brat");
    assert!(run(&["export", p(&sample), "--format", "brat", "-o", p(&out)]).status.success());
    let gone: Vec<std::path::PathBuf> = std::fs::read_dir(&out)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|f| f.file_name().is_some_and(|n| n.to_string_lossy().starts_with("d7-")))
        .collect();
    assert_eq!(gone.len(), 2, "the article's .ann and .txt");
    gone.iter().for_each(|f| std::fs::remove_file(f).expect("rm"));
    let fresh = dir.path().join("fresh.ron");
    assert!(run(&["new", p(&fresh)]).status.success());
    let o = run(&["import", "--dry-run", p(&fresh), p(&out)]);
    let (said, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(said.contains("1 article(s) the export wrote are missing from the folder: d7-"), "{said}");
}
