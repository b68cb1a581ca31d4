//! Work that grows with its input, each measured at 1x and 10x (issue 19): linear work takes
//! ten times as long at 10x, quadratic work a hundred. The inputs are made by
//! `tests/common/growth.rs`.

#[path = "../tests/common/growth.rs"]
#[allow(dead_code)]
mod growth;
#[path = "../tests/common/office.rs"]
#[allow(dead_code)]
mod office;

use std::hint::black_box;

use claimscope::model::record::{Conflict, Side, Subject, Value};
use claimscope::model::{AnnotationId, Project};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn imports(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut g = c.benchmark_group("growth");
    g.sample_size(10);
    type Make = fn(usize) -> Vec<u8>;
    let cases: [(&str, Make, &str, usize); 5] = [
        ("qdpx codes", growth::qdpx_codes, "qdpx", 10_000),
        ("qdpx sources", growth::qdpx_sources, "qdpx", 4_000),
        ("qdpx note refs", growth::qdpx_note_refs, "qdpx", 10_000),
        ("mhtml parts", growth::mhtml_parts, "mhtml", 10_000),
        ("pdf pages", growth::pdf_pages, "pdf", 1_000),
    ];
    for (name, make, ext, n) in cases {
        for scale in [n, 10 * n] {
            let path = dir.path().join(format!("{}-{scale}.{ext}", name.replace(' ', "-")));
            std::fs::write(&path, make(scale)).expect("write");
            // Reading and planning the import into an empty project, as the command line does.
            g.bench_with_input(BenchmarkId::new(name, scale), &path, |b, path| {
                b.iter(|| {
                    let read = vec![(path.clone(), claimscope::import::read_any(path, None))];
                    let p = Project::new("g");
                    black_box(claimscope::import::plan::plan(&p, read, &Default::default()).is_ok())
                });
            });
        }
    }
    for files in [800, 8_000] {
        let folder = dir.path().join(format!("txt-{files}"));
        std::fs::create_dir(&folder).expect("mkdir");
        growth::txt_folder(&folder, files);
        g.bench_with_input(BenchmarkId::new("txt folder", files), &folder, |b, folder| {
            b.iter(|| {
                let (paths, _, _) = claimscope::import::expand(std::slice::from_ref(folder));
                let read: Vec<_> = paths
                    .into_iter()
                    .map(|p| {
                        let r = claimscope::import::read_any(&p, None);
                        (p, r)
                    })
                    .collect();
                let p = Project::new("g");
                black_box(claimscope::import::plan::plan(&p, read, &Default::default()).is_ok())
            });
        });
    }
    g.finish();
}

/// Two sides that each carry `n` conflicts of their own (from earlier merges) and change
/// every annotation's note differently (`n` new conflicts).
fn sides(n: usize) -> (Project, Project, Project) {
    let base = claimscope::analysis::synthetic::project(20, 20_000, n, 11);
    let side = |who: &str| {
        let mut parts = base.to_parts();
        for (k, a) in parts.annotations.iter_mut().enumerate() {
            a.note = (format!("{who} {k}")).into();
        }
        parts.conflicts = (0..n)
            .map(|k| Conflict {
                subject: Subject::Annotation(AnnotationId(k as u64 + 1)),
                field: "note".into(),
                base: Value::Text(String::new()),
                ours: Value::Text(format!("{who} kept {k}")),
                theirs: Value::Text(format!("{who} other {k}")),
                kept: Side::Ours,
                origin: Default::default(),
            })
            .collect();
        Project::from_parts(parts).expect("valid").0
    };
    (base.clone(), side("ours"), side("theirs"))
}

fn team(c: &mut Criterion) {
    let mut g = c.benchmark_group("growth");
    g.sample_size(10);
    for n in [10_000, 100_000] {
        let (b, o, t) = sides(n);
        let (b, o, t) = (b.to_parts(), o.to_parts(), t.to_parts());
        g.bench_with_input(BenchmarkId::new("merge with conflicts", n), &n, |bench, _| {
            bench.iter(|| black_box(claimscope::analysis::threeway::merge(&b, &o, &t).map(|m| m.report.conflicts)));
        });
    }
    // Claim groups over many short articles of a few common words (2 sentences of 8 words
    // from 20): every passage links to many, and groups grow large.
    for articles in [600, 6_000] {
        let p = few_words(articles);
        g.bench_with_input(BenchmarkId::new("claim groups, few words", articles), &p, |bench, p| {
            use claimscope::analysis::suggest::{Links, suggest};
            bench.iter(|| black_box(suggest(p, &Links::build(p, None), 20).len()));
        });
    }
    for articles in [100, 1_000] {
        let p = claimscope::analysis::synthetic::project(articles, 8_000, 0, 3);
        g.bench_with_input(BenchmarkId::new("word index", articles), &p, |bench, p| {
            bench.iter(|| black_box(claimscope::analysis::similar::Index::build(p).len()));
        });
    }
    g.finish();
}

/// `articles` articles of two sentences of eight words drawn from twenty (a fixed sequence).
fn few_words(articles: usize) -> Project {
    const WORDS: [&str; 20] = [
        "minister",
        "strike",
        "army",
        "court",
        "ruling",
        "attack",
        "border",
        "talks",
        "police",
        "protest",
        "budget",
        "vote",
        "election",
        "leader",
        "report",
        "inquiry",
        "treaty",
        "sanctions",
        "envoy",
        "summit",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        WORDS[(state % WORDS.len() as u64) as usize]
    };
    let mut p = Project::new("few words");
    for k in 0..articles {
        let sentence = |next: &mut dyn FnMut() -> &'static str| {
            let words: Vec<&str> = (0..8).map(|_| next()).collect();
            format!("The {}.", words.join(" "))
        };
        let text = format!("{} {}", sentence(&mut next), sentence(&mut next));
        let (_, e) =
            p.add_document(&format!("Article {k}"), "", "", "", claimscope::model::Text::new(text)).expect("ids left");
        p.apply(e).expect("adds");
    }
    p
}

criterion_group!(benches, imports, team);
criterion_main!(benches);
