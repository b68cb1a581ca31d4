//! The comparison tables and the similarity ranking on a generated project of 1,000 articles
//! (about 5 MB of text) and 100,000 annotations.

use std::hint::black_box;

use claimscope::model::compare::{ClaimsTable, Filter, Matrix, strips};
use claimscope::model::similar::Index;
use claimscope::model::synthetic;
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
            black_box(index.similar_to(&p, &some[k], 10))
        });
    });
    g.finish();
}

criterion_group!(benches, tables);
criterion_main!(benches);
