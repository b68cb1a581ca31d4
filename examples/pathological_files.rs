//! Writes the pathological inputs of `tests/common/pathological.rs` at a given size into a
//! folder, to measure a whole `claimscope import` of each (time and memory) from the shell; see
//! BENCHMARKS.md.
//!
//! ```sh
//! cargo run --release --example pathological_files -- OUT_FOLDER [BYTES]
//! ```

#[path = "../tests/common/office.rs"]
#[allow(dead_code)]
mod office;
#[path = "../tests/common/pathological.rs"]
mod pathological;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: pathological_files OUT_FOLDER [BYTES]");
        std::process::exit(2);
    };
    let n = args.next().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let out = std::path::PathBuf::from(out);
    let mut all = pathological::text(n);
    all.extend(pathological::markdown(n));
    all.extend(pathological::html(n));
    all.extend(pathological::json(n));
    all.extend(pathological::pdf(n));
    all.extend(pathological::office(n));
    all.extend(pathological::rtf(n));
    all.extend(pathological::mhtml(n));
    all.extend(pathological::refi(n));
    all.extend(pathological::downloads(n));
    for (name, bytes) in all {
        if let Err(e) = std::fs::create_dir_all(&out).and_then(|()| std::fs::write(out.join(name), bytes)) {
            eprintln!("{name}: {e}");
            std::process::exit(1);
        }
    }
    for (name, bytes) in pathological::brat(n) {
        let dir = out.join(format!("brat-{}", name.trim_end_matches(".ann")));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join("doc.txt"), "xy"))
            .and_then(|()| std::fs::write(dir.join("doc.ann"), bytes));
        if let Err(e) = written {
            eprintln!("{name}: {e}");
            std::process::exit(1);
        }
    }
}
