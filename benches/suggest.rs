//! Issue 24: suggested tags.
//!
//! - the learned part trained on a 1,000-annotation project (the sample's five articles copied
//!   twelve times: real news text and real tags), beside scikit-learn fitting tf-idf + logistic
//!   regression per tag on the same passages (`tests/peers/tags_train.py`, when python3 with
//!   scikit-learn is there);
//! - suggestions for one open article with the model and its vectors ready;
//! - the whole of a 100-article project (twenty copies).
//!
//! Random unit vectors stand in for the model's (the cost of the dot products is the same).

use std::hint::black_box;

use claimscope::analysis::semantic::{Embeddings, normalised, wanted};
use claimscope::analysis::synthetic;
use claimscope::analysis::tags::{Knowledge, Learned, Sources, suggest, suggest_for};
use claimscope::engine::{DIM, MODEL_ID};
use claimscope::model::{NewAnnotation, NewDocument, Project};
use criterion::{Criterion, criterion_group, criterion_main};

/// The sample's articles and annotations copied `copies` times.
fn copies(copies: usize) -> Project {
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/soleimani.ron"));
    let sample = claimscope::store::load(path).expect("the sample loads").project;
    let mut p = Project::new("copies");
    for k in 0..copies {
        for d in sample.documents() {
            let new = NewDocument {
                title: format!("{} ({k})", d.title),
                source: d.source.clone(),
                text: d.text.clone(),
                ..NewDocument::default()
            };
            let (ids, e) = p.add_documents(vec![new]).expect("adds");
            p.apply(e).expect("applies");
            for a in sample.annotations_of(d.id) {
                let tag = sample.tag(a.tag).and_then(|t| p.find_tag(&t.name)).expect("default tags").id;
                let extra = NewAnnotation { speaker: a.speaker.to_string(), ..NewAnnotation::default() };
                let (_, e) = p.annotate(ids[0], a.range(), tag, extra).expect("annotates");
                p.apply(e).expect("applies");
            }
        }
    }
    p
}

fn vectors(p: &Project) -> Embeddings {
    let mut rng = synthetic::Rng(11);
    let mut e = Embeddings::new(MODEL_ID, DIM);
    for t in wanted(p) {
        e.insert(&t, normalised((0..DIM).map(|_| (rng.next_u64() % 2001) as f32 / 1000.0 - 1.0).collect()));
    }
    e
}

/// scikit-learn on the same passages: (label, text) lines.
fn peer(p: &Project) {
    let mut lines = Vec::new();
    for a in p.annotations() {
        let tag = p.tag(a.tag).map_or("", |t| t.name.as_str());
        lines.push(format!("{tag}\t{}", a.quote.exact.replace(['\n', '\t'], " ")));
    }
    for d in p.documents() {
        for s in claimscope::analysis::similar::sentences(&d.text) {
            if p.overlapping(d.id, s.clone()).next().is_none() {
                lines.push(format!("\t{}", d.text.slice(s).replace(['\n', '\t'], " ")));
            }
        }
    }
    let list = std::env::temp_dir().join("claimscope-tags-train.tsv");
    if std::fs::write(&list, lines.join("\n")).is_err() {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    match std::process::Command::new("python3").arg(root.join("tests/peers/tags_train.py")).arg(&list).output() {
        Ok(out) if out.status.success() => eprint!("{}", String::from_utf8_lossy(&out.stdout)),
        Ok(out) => eprintln!("scikit-learn peer failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => eprintln!("scikit-learn peer not run: {e}"),
    }
}

fn suggested_tags(c: &mut Criterion) {
    let k = Knowledge::built_in();
    let thousand = copies(12);
    let v = vectors(&thousand);
    eprintln!(
        "{} articles, {} annotations, {} vectors",
        thousand.documents().len(),
        thousand.annotation_count(),
        v.len()
    );
    let best = (0..3)
        .map(|_| {
            let t = std::time::Instant::now();
            black_box(Learned::train(&thousand, k, Some(&v)));
            t.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min);
    eprintln!(
        "claimscope: learned part trained on {} annotations in {best:.3} s (best of 3)",
        thousand.annotation_count()
    );
    peer(&thousand);
    let mut g = c.benchmark_group("suggest");
    g.sample_size(10);
    g.bench_function("train on 1,000 annotations", |b| b.iter(|| black_box(Learned::train(&thousand, k, Some(&v)))));
    let learned = Learned::train(&thousand, k, Some(&v));
    let src = Sources { knowledge: k, learned: Some(&learned), vectors: Some(&v) };
    let doc = thousand.documents()[1].id;
    g.bench_function("one article", |b| b.iter(|| black_box(suggest_for(&thousand, doc, &src))));
    let hundred = copies(20);
    let v = vectors(&hundred);
    let learned = Learned::train(&hundred, k, Some(&v));
    let src = Sources { knowledge: k, learned: Some(&learned), vectors: Some(&v) };
    let t = std::time::Instant::now();
    let n = suggest(&hundred, &src).len();
    eprintln!("{} articles: {n} suggestions in {:.2} s", hundred.documents().len(), t.elapsed().as_secs_f64());
    g.bench_function("100 articles", |b| b.iter(|| black_box(suggest(&hundred, &src))));
    g.finish();
}

criterion_group!(benches, suggested_tags);
criterion_main!(benches);
