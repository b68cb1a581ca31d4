//! Writes a generated project (the one the benchmarks use) to a file, for measuring the
//! workbench on a large project: `cargo run --release --example generate_project -- big.ron 1000 100000`.

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "generated.ron".to_owned()));
    let docs: usize = args.next().map_or(Ok(1000), |s| s.parse())?;
    let annotations: usize = args.next().map_or(Ok(100_000), |s| s.parse())?;
    let project = claimscope::analysis::synthetic::project(docs, 5000, annotations, 42);
    claimscope::store::save(&project, &out)?;
    println!("wrote {} ({docs} articles, {annotations} annotations)", out.display());
    Ok(())
}
