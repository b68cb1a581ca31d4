//! Exporting 100,000 annotations (1,000 articles, 5.3 MB of text) in each format, to disk.

use std::hint::black_box;

use claimscope::export::{self, Format, Options, Scope, Silent};
use claimscope::model::synthetic;
use criterion::{Criterion, criterion_group, criterion_main};

fn exports(c: &mut Criterion) {
    let p = synthetic::project(1000, 5000, 100_000, 42);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut g = c.benchmark_group("export");
    g.sample_size(10);
    for format in Format::ALL {
        let out = dir.path().join(format!("out-{format}"));
        let target = export::Target::new(&out).overwriting();
        g.bench_function(format!("{format}, 100k annotations, written to disk"), |b| {
            b.iter(|| {
                black_box(
                    export::export(&p, &Scope::default(), format, Options::default(), &target, &Silent)
                        .expect("exports"),
                )
            });
        });
    }
    // A new folder each time (the removal of the last one is not timed): what an analyst waits
    // for when exporting to a folder that does not exist yet.
    let mut n = 0;
    g.bench_function("brat, 100k annotations, written to a new folder", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let out = dir.path().join(format!("fresh-{n}"));
                let t = std::time::Instant::now();
                black_box(
                    export::export(
                        &p,
                        &Scope::default(),
                        Format::Brat,
                        Options::default(),
                        &export::Target::new(&out),
                        &Silent,
                    )
                    .expect("exports"),
                );
                total += t.elapsed();
                let _ = std::fs::remove_dir_all(&out);
            }
            total
        });
    });
    g.bench_function("brat, 100k annotations, built in memory only", |b| {
        b.iter(|| {
            black_box(
                export::render(&p, &Scope::default(), Format::Brat, Options::default(), &Silent).expect("renders"),
            )
        });
    });
    g.finish();
}

criterion_group!(benches, exports);
criterion_main!(benches);
