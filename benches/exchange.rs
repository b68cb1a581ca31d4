//! Exporting 100,000 annotations (1,000 articles, 5.3 MB of text) in each format, to disk, and
//! importing them back from a REFI-QDA project.

use std::hint::black_box;

use claimscope::analysis::synthetic;
use claimscope::export::{self, Format, Options, Scope, Silent};
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
                    export::export(&p, &Scope::default(), format, &Options::default(), &target, &Silent)
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
                        &Options::default(),
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
                export::render(&p, &Scope::default(), Format::Brat, &Options::default(), &Silent).expect("renders"),
            )
        });
    });
    g.finish();
}

/// Importing a REFI-QDA project of 100,000 annotations (claimscope's own export of the same
/// generated project) into an empty project: reading the archive, planning the merge and
/// applying it, as File ▸ Import does.
fn qdpx_import(c: &mut Criterion) {
    let p = synthetic::project(1000, 5000, 100_000, 42);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("big.qdpx");
    export::export(&p, &Scope::default(), Format::Qdpx, &Options::default(), &export::Target::new(&file), &Silent)
        .expect("exports");
    let empty = claimscope::model::Project::new("empty");
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.bench_function("qdpx, 100k annotations, read + planned + applied", |b| {
        b.iter(|| {
            let read = vec![(file.clone(), claimscope::import::read_any(&file, None))];
            let plan = claimscope::import::plan::plan(&empty, read, &claimscope::import::plan::Given::default())
                .expect("plans");
            let plan_report: Vec<String> = plan.files.iter().map(ToString::to_string).collect();
            let plan_report = plan_report.join("\n");
            let mut into = empty.clone();
            into.apply(plan.edit).expect("applies");
            // The generator makes 3 annotations that repeat another's span and tag exactly; the
            // merge skips such repeats, and says so.
            assert!(into.annotation_count() >= 99_990, "{plan_report}");
            black_box(into)
        });
    });
    g.finish();
}

criterion_group!(benches, exports, qdpx_import);
criterion_main!(benches);
