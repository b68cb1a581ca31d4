//! Runs claimscope's web-page extraction over a folder of saved pages (`.html` or `.html.gz`)
//! and writes the bodies as JSON in the form the ScrapingHub article-extraction benchmark's
//! `evaluate.py` reads (`{"<page id>": {"articleBody": "..."}}`), with the time per page on
//! standard error. See BENCHMARKS.md for the commands.
//!
//! ```sh
//! cargo run --release --example extract_pages -- BENCHMARK/html > BENCHMARK/output/claimscope.json
//! ```

use std::io::Read;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: extract_pages FOLDER");
        std::process::exit(2);
    };
    let mut entries: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("cannot read {dir}: {e}");
            std::process::exit(1);
        }
    };
    entries.sort();
    let mut out = serde_json::Map::new();
    let mut times = Vec::new();
    let mut failed = 0;
    for p in entries {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let Some(key) = name.strip_suffix(".html.gz").or_else(|| name.strip_suffix(".html")) else { continue };
        let mut bytes = Vec::new();
        let read = std::fs::File::open(&p).and_then(|mut f| {
            if name.ends_with(".gz") {
                flate2::read::GzDecoder::new(f).read_to_end(&mut bytes)
            } else {
                f.read_to_end(&mut bytes)
            }
        });
        if let Err(e) = read {
            eprintln!("{name}: {e}");
            continue;
        }
        let t = std::time::Instant::now();
        let (text, _) = claimscope::import::charset::decode_page(&bytes, &p).unwrap_or_default();
        let body = claimscope::import::html::body(&text);
        times.push(t.elapsed());
        let body = body.unwrap_or_else(|e| {
            eprintln!("{name}: {e}");
            Vec::new()
        });
        if body.is_empty() {
            failed += 1;
            eprintln!("{name}: no text");
        }
        // Composed (NFC) as an import composes it.
        let body = body.join("\n");
        let body = claimscope::import::composed_form(&body).unwrap_or(body);
        out.insert(key.to_owned(), serde_json::json!({ "articleBody": body }));
    }
    times.sort();
    if let (Some(median), Some(max)) = (times.get(times.len() / 2), times.last()) {
        let total: std::time::Duration = times.iter().sum();
        eprintln!("{} pages, {failed} without text; median {median:?}, max {max:?}, total {total:?}", times.len());
    }
    println!("{}", serde_json::Value::Object(out));
}
