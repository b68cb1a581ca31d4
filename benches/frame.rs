//! Whole frames of the workbench, headless: egui's `Context::run_ui` plus tessellation, no GPU.

use std::hint::black_box;

use claimscope::analysis::synthetic;
use claimscope::model::{DocId, NewAnnotation, Project, Text};
use claimscope::ui::reader::Reader;
use claimscope::ui::session::Session;
use claimscope::ui::{Settings, Workbench};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, vec2};

fn input() -> RawInput {
    RawInput { screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1360.0, 860.0))), ..Default::default() }
}

/// One frame: run the UI, then tessellate what it painted. Returns the primitive count.
fn frame(ctx: &egui::Context, ui: &mut impl FnMut(&mut egui::Ui)) -> usize {
    let out = ctx.run_ui(input(), |u| ui(u));
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

/// Vertices one frame draws: proof that a frame really shows text.
fn vertices(ctx: &egui::Context, ui: &mut impl FnMut(&mut egui::Ui)) -> usize {
    let out = ctx.run_ui(input(), |u| ui(u));
    ctx.tessellate(out.shapes, out.pixels_per_point)
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum()
}

fn workbench_on(project: Project, doc: DocId) -> Workbench {
    let mut w = Workbench::new(Session::unsaved(project), Settings::default());
    w.reader.show_doc(doc);
    w
}

/// A project with one 1 MB article and `annotations` annotations on it.
fn megabyte(annotations: usize) -> Project {
    let generated = synthetic::project(1, 1_000_000, annotations, 5);
    if annotations > 0 {
        return generated;
    }
    let mut p = Project::new("1 MB");
    let text = generated.documents()[0].text.clone();
    let (_, e) = p.add_document("1 MB", "", "", "", text).expect("ids left");
    let _ = p.apply(e);
    p
}

fn frames(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame");

    // The longest sample article.
    let sample = claimscope::store::load_str(claimscope::ui::app::SAMPLE, std::path::Path::new("sample"))
        .expect("the sample loads")
        .project;
    let longest = sample.documents().iter().max_by_key(|d| d.text.len_chars()).map(|d| d.id).expect("documents");
    let ctx = egui::Context::default();
    let mut w = workbench_on(sample, longest);
    for _ in 0..3 {
        frame(&ctx, &mut |ui| w.ui(ui));
    }
    g.bench_function("workbench, longest sample article (6 KB, 18 annotations)", |b| {
        b.iter(|| black_box(frame(&ctx, &mut |ui| w.ui(ui))));
    });

    // A 1 MB article with 10,000 annotations.
    let big = megabyte(10_000);
    let doc = big.documents()[0].id;
    let ctx = egui::Context::default();
    let mut w = workbench_on(big, doc);
    for _ in 0..3 {
        frame(&ctx, &mut |ui| w.ui(ui));
    }
    g.bench_function("workbench, 1 MB article with 10,000 annotations", |b| {
        b.iter(|| black_box(frame(&ctx, &mut |ui| w.ui(ui))));
    });

    // A project of 1,000 articles and 100,000 annotations, with the side view open.
    let many = synthetic::project(1000, 5000, 100_000, 42);
    let doc = many.documents()[0].id;
    let ctx = egui::Context::default();
    let mut w = workbench_on(many, doc);
    w.compare.open = true;
    for _ in 0..3 {
        frame(&ctx, &mut |ui| w.ui(ui));
    }
    g.bench_function("workbench, 1,000 articles and 100k annotations, side view open", |b| {
        b.iter(|| black_box(frame(&ctx, &mut |ui| w.ui(ui))));
    });

    // The reader with no annotations against plain egui labels of the same text.
    let plain = megabyte(0);
    let doc = plain.documents()[0].id;
    let text = plain.documents()[0].text.as_str().to_owned();
    let ctx = egui::Context::default();
    let mut reader = Reader::default();
    reader.show_doc(doc);
    let mut intents = Vec::new();
    let mut run_reader = |ui: &mut egui::Ui| {
        egui::CentralPanel::default().show(ui, |ui| reader.ui(ui, &plain, None, &mut intents));
    };
    for _ in 0..3 {
        frame(&ctx, &mut run_reader);
    }
    // Both sides must draw text, or the comparison means nothing.
    let reader_vertices = vertices(&ctx, &mut run_reader);
    assert!(reader_vertices > 4_000, "the reader draws a screenful of text ({reader_vertices} vertices)");
    g.bench_function("reader alone, 1 MB article, no annotations", |b| {
        b.iter(|| black_box(frame(&ctx, &mut run_reader)));
    });
    let paragraphs: Vec<&str> = text.split('\n').collect();
    let ctx = egui::Context::default();
    let mut run_plain = |ui: &mut egui::Ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for p in &paragraphs {
                    ui.label(*p);
                }
            });
        });
    };
    for _ in 0..3 {
        frame(&ctx, &mut run_plain);
    }
    let plain_vertices = vertices(&ctx, &mut run_plain);
    eprintln!("vertices drawn: reader {reader_vertices}, plain labels {plain_vertices}");
    g.bench_function("plain egui labels in a ScrollArea, same 1 MB text", |b| {
        b.iter(|| black_box(frame(&ctx, &mut run_plain)));
    });
    g.finish();
}

/// The first frame after switching to a 1 MB article: what the analyst waits for.
fn switching(c: &mut Criterion) {
    let mut big = megabyte(10_000);
    let (small, e) = big.add_document("small", "", "", "", Text::new("A short article.")).expect("ids left");
    let _ = big.apply(e);
    let fact = big.tags()[0].id;
    if let Ok((_, e)) = big.annotate(small, 0..7, fact, NewAnnotation::default()) {
        let _ = big.apply(e);
    }
    let doc = big.documents()[0].id;
    let mut g = c.benchmark_group("switch");
    g.sample_size(20);
    g.bench_function("first frame after switching to a 1 MB article (cold layout cache)", |b| {
        b.iter_batched(
            || {
                let ctx = egui::Context::default();
                let mut w = workbench_on(big.clone(), small);
                frame(&ctx, &mut |ui| w.ui(ui));
                (ctx, w)
            },
            |(ctx, mut w)| {
                w.reader.show_doc(doc);
                black_box(frame(&ctx, &mut |ui| w.ui(ui)))
            },
            BatchSize::PerIteration,
        );
    });
    g.finish();
}

/// The longest frame while a project of 100k annotations is saved (in the background): the
/// figure criterion reports for each sample is that longest frame, not the save.
fn saving(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");
    let project = synthetic::project(1000, 5000, 100_000, 42);
    claimscope::store::save(&project, &path).expect("saves");
    let doc = project.documents()[0].id;
    let ctx = egui::Context::default();
    let (session, _) = Session::open(&path).expect("opens");
    let mut w = Workbench::new(session, Settings::default());
    w.reader.show_doc(doc);
    for _ in 0..3 {
        frame(&ctx, &mut |ui| w.ui(ui));
    }
    let mut g = c.benchmark_group("save");
    g.sample_size(10);
    let mut longest_frames = Vec::new();
    g.bench_function("longest frame while saving 100k annotations", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                w.push(claimscope::ui::Intent::Run(claimscope::ui::commands::Command::Save));
                let mut longest = std::time::Duration::ZERO;
                let mut frames = 0;
                loop {
                    let t = std::time::Instant::now();
                    frame(&ctx, &mut |ui| w.ui(ui));
                    longest = longest.max(t.elapsed());
                    frames += 1;
                    if !w.saving() && frames > 1 {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(4));
                }
                longest_frames.push((longest, frames));
                total += longest;
            }
            total
        });
    });
    g.finish();
    longest_frames.sort();
    let ms: Vec<String> =
        longest_frames.iter().map(|(d, n)| format!("{:.1} ms/{n}", d.as_secs_f64() * 1000.0)).collect();
    eprintln!("longest frame of each save (of so many frames drawn while it ran): {}", ms.join(", "));
}

criterion_group!(benches, frames, switching, saving);
criterion_main!(benches);
