//! Loading and saving a large project (1,000 articles, about 5 MB of text, 100,000 annotations),
//! and the overlap query the reader makes every frame.

use std::hint::black_box;
use std::path::Path;

use claimscope::analysis::synthetic;
use claimscope::store;
use criterion::{Criterion, criterion_group, criterion_main};

fn big() -> claimscope::model::Project {
    synthetic::project(1000, 5000, 100_000, 42)
}

fn load_and_save(c: &mut Criterion) {
    let project = big();
    let text = store::to_ron(&project).expect("serialises");
    eprintln!(
        "project: {} documents, {} annotations, {:.1} MB of article text, {:.1} MB file",
        project.documents().len(),
        project.annotation_count(),
        project.documents().iter().map(|d| d.text.as_str().len()).sum::<usize>() as f64 / 1e6,
        text.len() as f64 / 1e6
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");
    std::fs::write(&path, &text).expect("write");

    let mut g = c.benchmark_group("store");
    g.sample_size(10);
    g.bench_function("load 100k annotations (read, parse, validate)", |b| {
        b.iter(|| black_box(store::load(&path).expect("loads")));
    });
    // The same project as a version 1 file (every annotation on 18 lines, with its context),
    // as files were written before version 2, for comparison.
    let v1 = dir.path().join("v1.ron");
    std::fs::write(&v1, version_1(&project)).expect("write");
    eprintln!("version 1 file: {:.1} MB", std::fs::metadata(&v1).map_or(0, |m| m.len()) as f64 / 1e6);
    g.bench_function("for comparison: load the same from a version 1 file", |b| {
        b.iter(|| black_box(store::load(&v1).expect("loads")));
    });
    g.bench_function("save 100k annotations (serialise, atomic write)", |b| {
        b.iter(|| store::save(black_box(&project), &path).expect("saves"));
    });
    // For scale: the same data through serde_json.
    let parts = project.to_parts();
    let json = serde_json::to_string(&parts).expect("json");
    g.bench_function("for scale: serde_json parse of the same data", |b| {
        b.iter(|| black_box(serde_json::from_str::<claimscope::model::ProjectParts>(&json).expect("parses")));
    });
    g.bench_function("for scale: serde_json write of the same data", |b| {
        b.iter(|| black_box(serde_json::to_string(&parts).expect("writes")));
    });
    g.finish();
    let _ = Path::new("");
}

/// `project` as a version 1 file, written as version 1 wrote it.
fn version_1(project: &claimscope::model::Project) -> String {
    use claimscope::model::{Annotation, Claim, Document, Quote, TagDef};
    #[derive(serde::Serialize)]
    struct V1<'a> {
        format: &'a str,
        version: u64,
        name: &'a str,
        uuid: String,
        next_id: u64,
        tags: &'a [TagDef],
        documents: &'a [Document],
        claims: &'a [Claim],
        annotations: Vec<Annotation>,
    }
    let file = V1 {
        format: "claimscope",
        version: 1,
        name: project.name(),
        uuid: project.uuid().to_string(),
        next_id: project.next_id(),
        tags: project.tags(),
        documents: project.documents(),
        claims: project.claims(),
        // With the context each quote had in its text, as version 1 kept it.
        annotations: project
            .annotations()
            .map(|a| {
                let text = &project.document(a.doc).expect("its article").text;
                Annotation { quote: Quote::kept(a.text_quote(text)), ..a.clone() }
            })
            .collect(),
    };
    let config =
        ron::ser::PrettyConfig::new().indentor("  ").escape_strings(false).compact_structs(false).struct_names(false);
    ron::ser::to_string_pretty(&file, config).expect("serialises")
}

fn overlap_query(c: &mut Criterion) {
    // One 1 MB article with 10,000 annotations: a screenful is about 3,000 chars.
    let p = synthetic::project(1, 1_000_000, 10_000, 9);
    let doc = p.documents()[0].id;
    let len = p.documents()[0].text.len_chars();
    let mut at = 0;
    c.bench_function("overlap query, one screenful (3,000 chars) of a 1 MB article with 10k annotations", |b| {
        b.iter(|| {
            at = (at + 7919) % (len - 3000);
            black_box(p.overlapping(doc, at..at + 3000).count())
        });
    });
}

criterion_group!(benches, load_and_save, overlap_query);
criterion_main!(benches);
