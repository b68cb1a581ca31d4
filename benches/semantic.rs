//! Issue 12: semantic search and claim suggestions.
//!
//! - every ranking mode evaluated on the sample's claims (figures printed, time of all 41 rankings);
//! - reading the sample's meaning: the model run over every sentence and query it needs;
//! - one query on a generated project of 1,000 articles with the index built (random unit
//!   vectors stand in for the model's: the cost of the dot products is the same);
//! - claim suggestions on the sample, and the links on the largest project they compare.

use std::hint::black_box;

use claimscope::analysis::semantic::{Embeddings, Mode, Query, SemanticIndex, WEIGHT, evaluate_mode, normalised, rank};
use claimscope::analysis::similar::{Index, evaluate, query_for_text};
use claimscope::analysis::suggest::{Links, score_suggestions, suggest, without_claims};
use claimscope::analysis::synthetic;
use claimscope::engine::{DIM, Embedder, MODEL_ID};
use claimscope::model::Project;
use criterion::{Criterion, criterion_group, criterion_main};

fn sample() -> (Project, Embeddings) {
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/projects/soleimani.ron"));
    let p = claimscope::store::load(path).expect("the sample loads").project;
    let cache = claimscope::store::embeddings::load_cache(path, MODEL_ID, DIM).expect("the sample's cache");
    (p, cache)
}

fn random_unit(rng: &mut synthetic::Rng) -> Vec<f32> {
    normalised((0..DIM).map(|_| (rng.next_u64() % 2001) as f32 / 1000.0 - 1.0).collect())
}

fn modes(c: &mut Criterion) {
    let (p, cache) = sample();
    let index = Index::build(&p);
    let semantic = SemanticIndex::build(&p, &index, &cache);
    let run = |mode: Mode| evaluate_mode(&p, &index, &semantic, &cache, mode);
    let plain = evaluate(&p, |a| index.similar_to(a, 10));
    eprintln!("plain lexical (before issue 12): recall@3 {:.3}, MRR@10 {:.3}", plain.recall_at_3, plain.mrr_at_10);
    for mode in [Mode::Lexical, Mode::Semantic, Mode::Hybrid] {
        let e = run(mode);
        eprintln!("{}: {} queries, recall@3 {:.3}, MRR@10 {:.3}", mode.name(), e.queries, e.recall_at_3, e.mrr_at_10);
    }
    let mut g = c.benchmark_group("semantic");
    g.sample_size(20);
    for mode in [Mode::Lexical, Mode::Semantic, Mode::Hybrid] {
        g.bench_function(format!("evaluation on the sample's claims, {} (41 rankings)", mode.name()), |b| {
            b.iter(|| black_box(run(mode)));
        });
    }
    g.finish();
}

/// Issue 23: claimscope's rankings beside plain BM25, MiniLM alone and a plain 0.5/0.5 fusion,
/// on every evaluation set (the held-out one never used to choose anything), asked both ways.
fn peers(_: &mut Criterion) {
    for (name, file) in [
        ("sample", "projects/soleimani.ron"),
        ("Ever Given", "tests/fixtures/evergiven/evergiven.ron"),
        ("held out (Beirut)", "tests/fixtures/heldout/heldout.ron"),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let p = claimscope::store::load(&path).expect("the set loads").project;
        let cache = claimscope::store::embeddings::load_cache(&path, MODEL_ID, DIM).expect("its cache");
        eprintln!("{name}:");
        for row in claimscope::analysis::peers::compare(&p, &cache) {
            eprintln!(
                "  {:?} {:45} recall@3 {:.3}  MRR@10 {:.3}  ({} queries)",
                row.asked, row.ranking, row.figures.recall_at_3, row.figures.mrr_at_10, row.figures.queries
            );
        }
    }
}

fn reading(c: &mut Criterion) {
    let (p, _) = sample();
    let texts = claimscope::analysis::semantic::wanted(&p);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut g = c.benchmark_group("semantic");
    g.sample_size(10);
    g.bench_function("load the model", |b| b.iter(|| black_box(Embedder::load().expect("the model loads"))));
    let embedder = Embedder::load().expect("the model loads");
    eprintln!("the sample needs {} texts embedded", refs.len());
    speed_beside_onnxruntime(&embedder, &texts);
    g.bench_function(format!("embed the sample ({} sentences and queries)", refs.len()), |b| {
        b.iter(|| black_box(embedder.embed(&refs).expect("embeds")));
    });
    g.bench_function(
        format!("embed the sample as the workbench does (chunks of {})", claimscope::engine::CHUNK),
        |b| {
            b.iter(|| {
                let mut n = 0;
                claimscope::engine::embed_chunks(&embedder, &texts, || false, |v| n += v.len()).expect("embeds");
                black_box(n)
            });
        },
    );
    g.finish();
}

/// Issue 23: sentences per second, claimscope's engine and onnxruntime on the same model and the
/// same texts in one run (best of three each; `tests/peers/embed_speed.py`, when python3 with
/// onnxruntime, tokenizers and numpy is there).
fn speed_beside_onnxruntime(embedder: &Embedder, texts: &[String]) {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let _ = embedder.embed(&refs).expect("embeds");
    let best = (0..3)
        .map(|_| {
            let t = std::time::Instant::now();
            black_box(embedder.embed(&refs).expect("embeds"));
            t.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min);
    eprintln!(
        "claimscope: {} texts in {best:.3} s = {:.1} sentences/s (best of 3, {} threads)",
        refs.len(),
        refs.len() as f64 / best,
        claimscope::model::par::threads()
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let list = std::env::temp_dir().join("claimscope-embed-speed-texts.txt");
    let body: Vec<String> = texts.iter().map(|t| t.replace('\n', " ")).collect();
    if std::fs::write(&list, body.join("\n")).is_err() {
        return;
    }
    let peer = std::process::Command::new("python3")
        .arg(root.join("tests/peers/embed_speed.py"))
        .arg(root.join("models/minilm"))
        .arg(&list)
        .args(["--threads", &claimscope::model::par::threads().to_string()])
        .output();
    match peer {
        Ok(out) if out.status.success() => eprint!("{}", String::from_utf8_lossy(&out.stdout)),
        Ok(out) => eprintln!("onnxruntime peer failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => eprintln!("onnxruntime peer not run: {e}"),
    }
}

fn thousand(c: &mut Criterion) {
    let p = synthetic::project(1000, 5000, 0, 42);
    let index = Index::build(&p);
    let mut rng = synthetic::Rng(7);
    let mut embeddings = Embeddings::new(MODEL_ID, DIM);
    for s in index.passages() {
        let text = p.document(s.doc).map(|d| d.text.slice(s.range.clone()).to_owned()).unwrap_or_default();
        embeddings.insert(&text, random_unit(&mut rng));
    }
    let semantic = SemanticIndex::build(&p, &index, &embeddings);
    eprintln!("1,000 articles: {} sentences, {} with vectors", index.len(), semantic.coverage().0);
    let queries: Vec<Query> = index
        .passages()
        .iter()
        .step_by(997)
        .take(50)
        .map(|s| {
            let text = p.document(s.doc).map(|d| d.text.slice(s.range.clone()).to_owned()).unwrap_or_default();
            Query { terms: query_for_text(&text), vector: Some(random_unit(&mut rng)), skip: Some(s.doc) }
        })
        .collect();
    let mut g = c.benchmark_group("semantic");
    g.sample_size(20);
    for mode in [Mode::Lexical, Mode::Semantic, Mode::Hybrid] {
        let mut k = 0;
        g.bench_function(format!("one query, 1,000 articles, index built, {}", mode.name()), |b| {
            b.iter(|| {
                k = (k + 1) % queries.len();
                black_box(rank(&p, &index, Some(&semantic), &queries[k], mode, WEIGHT, 10))
            });
        });
    }
    g.finish();
}

/// Resident memory of this process in MiB (Linux's /proc/self/statm; None elsewhere).
fn resident_mib() -> Option<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / (1024.0 * 1024.0))
}

/// Issue 23: what each index of a 1,000-article project holds in memory, as the growth of this
/// process's resident memory while it is built (printed; allocator slack included, so a few
/// MiB either way). The project with 100,000 annotations against the same without them gives
/// the annotations with their span indexes; the texts carry their char-to-byte checkpoints. Run
/// first, in a fresh process, so that no freed memory is reused.
fn index_sizes(_c: &mut Criterion) {
    let Some(start) = resident_mib() else { return };
    let step = |what: &str, before: f64| -> f64 {
        let now = resident_mib().unwrap_or(before);
        eprintln!("memory: {what}: +{:.1} MiB", now - before);
        now
    };
    let bare = synthetic::project(1000, 5000, 0, 42);
    let at = step("1,000 articles' texts with their char indexes (no annotations)", start);
    let annotated = synthetic::project(1000, 5000, 100_000, 42);
    let at = step("the same articles again, with 100,000 annotations and their span indexes", at);
    let index = Index::build(&annotated);
    let at = step(&format!("the word index ({} sentences)", index.len()), at);
    let mut rng = synthetic::Rng(7);
    let mut embeddings = Embeddings::new(MODEL_ID, DIM);
    for s in index.passages() {
        let text = annotated.document(s.doc).map(|d| d.text.slice(s.range.clone()).to_owned()).unwrap_or_default();
        embeddings.insert(&text, random_unit(&mut rng));
    }
    let at = step(&format!("the sentence vectors ({} of {DIM} f32)", embeddings.len()), at);
    let semantic = SemanticIndex::build(&annotated, &index, &embeddings);
    step("the semantic index over them", at);
    black_box((bare, semantic));
}

fn suggestions(c: &mut Criterion) {
    let (truth, cache) = sample();
    let bare = without_claims(&truth).expect("claims come off");
    let links = Links::build(&bare, Some(&cache));
    let s = score_suggestions(&truth, &suggest(&bare, &links, 15));
    eprintln!(
        "suggestions, top 15: {} of {} multi-article claims found (recall {:.2}), {} of {} suggestions match one (precision {:.2})",
        s.found,
        s.claims,
        s.recall(),
        s.matching,
        s.suggestions,
        s.precision()
    );
    let mut g = c.benchmark_group("suggest");
    g.sample_size(20);
    g.bench_function("links on the sample (every passage against every other)", |b| {
        b.iter(|| black_box(Links::build(&bare, Some(&cache))));
    });
    g.bench_function("groups on the sample, links built", |b| b.iter(|| black_box(suggest(&bare, &links, 20))));
    // 1,000 articles: words alone are cut at MAX_PASSAGES; with vectors every sentence is
    // linked through the nearest-neighbour index (issue 23: goal ≤ 30 s).
    let big = synthetic::project(1000, 5000, 0, 42);
    g.sample_size(10);
    g.bench_function("links on 1,000 articles (the first MAX_PASSAGES passages, words only)", |b| {
        b.iter(|| black_box(Links::build(&big, None)));
    });
    // With a vector for every passage (random unit vectors: the same dot products).
    let mut rng = synthetic::Rng(11);
    let mut vectors = Embeddings::new(MODEL_ID, DIM);
    for u in claimscope::analysis::suggest::units(&big) {
        if let Some(d) = big.document(u.doc) {
            vectors.insert(d.text.slice(u.range), random_unit(&mut rng));
        }
    }
    let t = std::time::Instant::now();
    let links = Links::build(&big, Some(&vectors));
    eprintln!(
        "1,000 articles with vectors: {} sentences compared, {} left out, {} links in {:.1} s",
        links.compared(),
        links.left_out(),
        links.len(),
        t.elapsed().as_secs_f64()
    );
    g.bench_function("links on 1,000 articles (every passage, with vectors: nearest neighbours)", |b| {
        b.iter(|| black_box(Links::build(&big, Some(&vectors))));
    });
    g.finish();
}

criterion_group!(benches, index_sizes, peers, modes, thousand, suggestions, reading);
criterion_main!(benches);
