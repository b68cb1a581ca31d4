//! Importing: the pathological inputs of `tests/common/pathological.rs` at 1 MB each (every one
//! must import or be refused in under a second), and web-page extraction on the benchmark pages
//! kept as fixtures.

#[path = "../tests/common/office.rs"]
mod office;
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
    all.extend(pathological::rtf(MB));
    all.extend(pathological::mhtml(MB));
    all.extend(pathological::refi(MB));
    all.extend(pathological::downloads(MB));
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

/// A folder of 100 mixed files as an analyst gathers them: 40 saved web pages, 30 PDFs, 29 Word
/// files and one Nexis Uni download of 50 articles, imported into the sample project (read,
/// planned, applied): the budget is 3 s.
fn mixed_folder(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("articles");
    std::fs::create_dir_all(folder.join("web")).expect("mkdir");
    std::fs::create_dir_all(folder.join("pdf")).expect("mkdir");
    std::fs::create_dir_all(folder.join("word")).expect("mkdir");
    let mut pages: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/article-extraction"))
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "gz"))
        .collect();
    pages.sort();
    for k in 0..40 {
        let mut bytes = Vec::new();
        let file = std::fs::File::open(&pages[k % pages.len()]).expect("page");
        flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).expect("gunzip");
        std::fs::write(folder.join(format!("web/page{k:02}.html")), bytes).expect("write");
    }
    let mut pdfs: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/pdf"))
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    pdfs.push(root.join("tests/fixtures/office/article.pdf"));
    pdfs.sort();
    for k in 0..30 {
        std::fs::copy(&pdfs[k % pdfs.len()], folder.join(format!("pdf/print{k:02}.pdf"))).expect("copy");
    }
    let sources: Vec<String> = std::fs::read_dir(root.join("projects/sources"))
        .expect("sources")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| std::fs::read_to_string(p).expect("read"))
        .collect();
    for k in 0..29 {
        let text = &sources[k % sources.len()];
        let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let title = format!("Word article {k}");
        std::fs::write(folder.join(format!("word/doc{k:02}.docx")), office::article_docx(&title, &paragraphs))
            .expect("write");
    }
    let stories: Vec<(String, String, String, String, Vec<String>)> = (0..50)
        .map(|k| {
            let text = &sources[k % sources.len()];
            let paragraphs: Vec<String> =
                text.lines().filter(|l| !l.trim().is_empty()).skip(k % 3).map(str::to_owned).collect();
            (
                format!("Story {k}"),
                "The Daily Meridian".into(),
                format!("January {}, 2020 Saturday", 1 + k % 28),
                "Ana Ruiz".into(),
                paragraphs,
            )
        })
        .collect();
    std::fs::write(folder.join("Files (50).DOCX"), office::nexis_uni(&stories)).expect("write");
    let sample = claimscope::store::load(&root.join("projects/soleimani.ron")).expect("sample").project;
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.bench_function("folder of 100 mixed files (40 HTML, 30 PDF, 29 DOCX, 1 Nexis Uni of 50)", |b| {
        b.iter(|| {
            let (files, _, _) = claimscope::import::expand(std::slice::from_ref(&folder));
            assert_eq!(files.len(), 100);
            let read: Vec<_> = files
                .into_iter()
                .map(|p| {
                    let r = claimscope::import::read_any(&p, None);
                    (p, r)
                })
                .collect();
            let plan = claimscope::import::plan::plan(&sample, read, &claimscope::import::plan::Given::default())
                .expect("plans");
            let mut p = sample.clone();
            p.apply(plan.edit).expect("applies");
            black_box(p.documents().len())
        });
    });
    g.finish();
}

/// Real news-database downloads of about 100 articles (tests/fixtures/downloads/): read, split
/// and planned into an empty project, as an import does. Goal (issue 20): at most 0.3 s each.
fn downloads(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/downloads");
    let mut g = c.benchmark_group("downloads");
    g.sample_size(20);
    for (name, rel) in [
        ("Nexis Uni docx, 100 articles", "nexis-uni/nyt2.docx"),
        ("Factiva html, 100 articles", "factiva/german-ui.html.gz"),
        ("Nexis UK html, 166 articles", "nexis-uk/irish-times_1995-06-12_0001.html.gz"),
    ] {
        let src = root.join(rel);
        let path = match rel.strip_suffix(".gz") {
            Some(stem) => {
                let mut bytes = Vec::new();
                flate2::read::GzDecoder::new(std::fs::File::open(&src).expect("fixture"))
                    .read_to_end(&mut bytes)
                    .expect("gunzip");
                let out = dir.path().join(std::path::Path::new(stem).file_name().expect("name"));
                std::fs::write(&out, bytes).expect("write");
                out
            }
            None => src,
        };
        g.bench_function(name, |b| {
            b.iter(|| {
                let read = vec![(path.clone(), claimscope::import::read_any(&path, None))];
                let plan = claimscope::import::plan::plan(
                    &claimscope::model::Project::new("p"),
                    read,
                    &claimscope::import::plan::Given::default(),
                )
                .expect("plans");
                black_box(plan.added().len())
            });
        });
    }
    g.finish();
}

criterion_group!(benches, pathological, pages, mixed_folder, downloads);
criterion_main!(benches);
