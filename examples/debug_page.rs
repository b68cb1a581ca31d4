//! Shows how claimscope reads one saved page: every block of text, the element holding it, and
//! whether it went into the story (`*`), was dropped as furniture inside it (`f`) or left out.
//!
//! ```sh
//! cargo run --release --example debug_page -- page.html[.gz]
//! ```

use std::io::Read;

fn main() {
    let Some(p) = std::env::args().nth(1) else {
        eprintln!("usage: debug_page PAGE");
        std::process::exit(2);
    };
    let mut bytes = Vec::new();
    let read = std::fs::File::open(&p).and_then(|mut f| {
        if p.ends_with(".gz") {
            flate2::read::GzDecoder::new(f).read_to_end(&mut bytes)
        } else {
            f.read_to_end(&mut bytes)
        }
    });
    if let Err(e) = read {
        eprintln!("cannot read {p}: {e}");
        std::process::exit(1);
    }
    match claimscope::import::text::decode(&bytes, std::path::Path::new(&p)) {
        Ok((text, _)) => match claimscope::import::html::explain(&text) {
            Ok(blocks) => {
                for b in blocks {
                    let head: String = b.text.chars().take(80).collect();
                    eprintln!("{} [{}] links {:.2}: {head}", b.mark, b.owner, b.link_density);
                }
            }
            Err(e) => eprintln!("{e}"),
        },
        Err(e) => eprintln!("{e}"),
    }
}
