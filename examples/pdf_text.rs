//! Prints what the PDF import makes of a file, for checking a PDF by eye:
//! `cargo run --example pdf_text -- FILE.pdf`.

fn main() -> anyhow::Result<()> {
    // As small a stack as a test thread's, to find what recursion a file drives.
    let small = std::env::var("SMALL_STACK").is_ok();
    if small {
        return std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(run)?
            .join()
            .map_err(|_| anyhow::anyhow!("panicked"))?;
    }
    run()
}

fn run() -> anyhow::Result<()> {
    for path in std::env::args().skip(1) {
        let start = std::time::Instant::now();
        let a = claimscope::import::read_article(std::path::Path::new(&path), None)?;
        eprintln!("{path}: “{}”, {} chars in {:?}", a.title, a.text.chars().count(), start.elapsed());
        println!("{}", a.text);
    }
    Ok(())
}
