//! Importing: the pathological inputs of `tests/common/pathological.rs` at 1 MB each (every one
//! must import or be refused in under a second), and web-page extraction on the benchmark pages
//! kept as fixtures.

#[path = "../tests/common/pathological.rs"]
mod pathological;

use std::hint::black_box;
use std::io::Read;

use criterion::{Criterion, criterion_group, criterion_main};

const MB: usize = 1_000_000;

fn pathological(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut g = c.benchmark_group("pathological 1 MB");
    g.sample_size(10);
    let mut all = pathological::text(MB);
    all.extend(pathological::markdown(MB));
    all.extend(pathological::html(MB));
    all.extend(pathological::json(MB));
    all.extend(pathological::pdf(MB));
    all.extend(pathological::office(MB));
    for (name, bytes) in all {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        g.bench_function(name, |b| b.iter(|| black_box(claimscope::import::read_any(&path, None).is_ok())));
    }
    let folder = dir.path().join("brat");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(folder.join("doc.txt"), "xy").expect("write");
    for (name, bytes) in pathological::brat(MB) {
        let sub = folder.join(name.trim_end_matches(".ann"));
        std::fs::create_dir(&sub).expect("mkdir");
        std::fs::write(sub.join("doc.txt"), "xy").expect("write");
        std::fs::write(sub.join("doc.ann"), &bytes).expect("write");
        g.bench_function(format!("brat {name}"), |b| {
            b.iter(|| black_box(claimscope::import::read_any(&sub, None).is_ok()));
        });
    }
    g.finish();
}

fn pages(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/article-extraction");
    let mut pages = Vec::new();
    for e in std::fs::read_dir(&dir).expect("fixtures").filter_map(Result::ok) {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "gz") {
            let mut bytes = Vec::new();
            let file = std::fs::File::open(&p).expect("page");
            flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).expect("gunzip");
            let (html, _) = claimscope::import::text::decode(&bytes, &p).expect("decodes");
            pages.push(html);
        }
    }
    pages.sort_by_key(String::len);
    let median = pages[pages.len() / 2].clone();
    let largest = pages[pages.len() - 1].clone();
    let mut g = c.benchmark_group("web page");
    g.bench_function(format!("median benchmark page ({} KB)", median.len() / 1000), |b| {
        b.iter(|| black_box(claimscope::import::html::convert(&median).is_ok()));
    });
    g.bench_function(format!("largest benchmark page ({} KB)", largest.len() / 1000), |b| {
        b.iter(|| black_box(claimscope::import::html::convert(&largest).is_ok()));
    });
    g.finish();
}

criterion_group!(benches, pathological, pages);
criterion_main!(benches);
