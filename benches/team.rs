//! Two analysts' 100k-annotation projects of one article set: agreement, adjudication and the
//! three-way merge git runs as a driver.

use std::hint::black_box;

use claimscope::analysis::adjudicate::adjudicate;
use claimscope::analysis::{agreement, synthetic, threeway};
use claimscope::model::{Annotation, Project, Quote};
use criterion::{Criterion, criterion_group, criterion_main};

fn big() -> Project {
    synthetic::project(1000, 5000, 100_000, 42)
}

/// The second analyst: the same articles, every 7th annotation retagged, every 11th with its
/// end moved by a few chars, every 13th left out.
fn second(p: &Project) -> Project {
    let mut parts = p.to_parts();
    let tags: Vec<_> = parts.tags.iter().map(|t| t.id).collect();
    let texts: std::collections::HashMap<_, _> = parts.documents.iter().map(|d| (d.id, d.text.clone())).collect();
    let mut kept: Vec<Annotation> = Vec::with_capacity(parts.annotations.len());
    for (i, mut a) in parts.annotations.drain(..).enumerate() {
        if i % 13 == 0 {
            continue;
        }
        if i % 7 == 0 {
            a.tag = tags[(tags.iter().position(|t| *t == a.tag).unwrap_or(0) + 1) % tags.len()];
        }
        if i % 11 == 0
            && let Some(text) = texts.get(&a.doc)
        {
            a.end = (a.end + 3).min(text.len_chars());
            a.quote = Quote::of(text, a.start..a.end);
        }
        kept.push(a);
    }
    parts.annotations = kept;
    match Project::from_parts(parts) {
        Ok((p, _)) => p,
        Err(v) => panic!("invalid: {:?}", v.errors.first()),
    }
}

fn team(c: &mut Criterion) {
    let a = big();
    let b = second(&a);
    let mut g = c.benchmark_group("team");
    g.sample_size(10);
    g.bench_function("agreement of two 100k-annotation projects (alpha, kappa, F1, claims)", |bench| {
        bench.iter(|| black_box(agreement::compare(&a, &b).expect("same texts")));
    });
    g.bench_function("adjudication set-up of the same two (differences listed, agreed result built)", |bench| {
        bench.iter(|| black_box(adjudicate(&a, &b, "result").expect("same texts")));
    });
    // Merge: base = a; ours = b; theirs = a with every 5th note changed.
    let mut theirs = a.to_parts();
    for (i, x) in theirs.annotations.iter_mut().enumerate() {
        if i % 5 == 0 {
            x.note = (format!("checked {i}")).into();
        }
    }
    let (base, ours) = (a.to_parts(), b.to_parts());
    g.bench_function("three-way merge of 100k-annotation projects (parts in memory, then validated)", |bench| {
        bench.iter(|| {
            let m = threeway::merge(&base, &ours, &theirs).ok();
            black_box(m.and_then(|m| Project::from_parts(m.parts).ok()).map(|(p, _)| p.annotation_count()))
        });
    });
    g.finish();
}

criterion_group!(benches, team);
criterion_main!(benches);
