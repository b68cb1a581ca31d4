//! The comparison tables and the similarity ranking on a generated project of 1,000 articles
//! (about 5 MB of text) and 100,000 annotations.

use std::hint::black_box;

use claimscope::analysis::compare::{ClaimsTable, Filter, Matrix, strips};
use claimscope::analysis::similar::Index;
use claimscope::analysis::synthetic;
use criterion::{Criterion, criterion_group, criterion_main};

fn tables(c: &mut Criterion) {
    let p = synthetic::project(1000, 5000, 100_000, 42);
    let all = Filter::default();
    let mut g = c.benchmark_group("compare");
    g.sample_size(20);
    g.bench_function("tag x article matrix, 1,000 articles, 100k annotations", |b| {
        b.iter(|| black_box(Matrix::of(&p, &all)));
    });
    g.bench_function("claims x articles table, 1,000 articles, 100k annotations", |b| {
        b.iter(|| black_box(ClaimsTable::of(&p, &all)));
    });
    g.bench_function("position strips, 1,000 articles, 100k annotations", |b| {
        b.iter(|| black_box(strips(&p, &all)));
    });
    g.bench_function("similarity index build (every sentence of 5 MB of text)", |b| {
        b.iter(|| black_box(Index::build(&p)));
    });
    let index = Index::build(&p);
    eprintln!("similarity index: {} passages", index.len());
    let some: Vec<_> = p.annotations().step_by(997).take(50).cloned().collect();
    let mut k = 0;
    g.bench_function("similarity ranking for one annotation (index built)", |b| {
        b.iter(|| {
            k = (k + 1) % some.len();
            black_box(index.similar_to(&some[k], 10))
        });
    });
    g.finish();
}

/// Issue 12's evaluation: recall@3 and MRR@10 of "find in other articles" over every annotation
/// of the sample linked to a claim with passages in other articles (printed; the time is that of
/// ranking all of them).
fn evaluation(c: &mut Criterion) {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/projects/soleimani.ron");
    let p = claimscope::store::load(std::path::Path::new(sample)).expect("the sample loads").project;
    let index = Index::build(&p);
    let lexical = claimscope::analysis::similar::evaluate(&p, |a| index.similar_to(a, 10));
    eprintln!(
        "sample claims, lexical: {} queries, recall@3 {:.3}, MRR@10 {:.3}",
        lexical.queries, lexical.recall_at_3, lexical.mrr_at_10
    );
    c.bench_function("evaluation on the sample's claims, lexical (41 rankings)", |b| {
        b.iter(|| black_box(claimscope::analysis::similar::evaluate(&p, |a| index.similar_to(a, 10))));
    });
}

criterion_group!(benches, tables, evaluation);
criterion_main!(benches);
