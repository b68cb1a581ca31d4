//! The crates are the layers, and their arrows run one way: the core builds without a GUI, a
//! neural network or a foreign file format; the formats without a GUI or a neural network; the
//! engine without a GUI. Checked on `cargo tree` itself, so that a dependency added to the wrong
//! crate fails here, not in a review.

use std::process::Command;

/// The packages `krate` builds with (normal and build dependencies, not its tests').
fn tree(krate: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["tree", "--locked", "--offline", "-p", krate, "-e", "normal,build", "--prefix", "none"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo tree -p {krate}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn refuses(krate: &str, banned: &[&str]) {
    let deps = tree(krate);
    assert!(deps.iter().any(|d| d == krate), "{krate} is in its own tree: {deps:?}");
    let found: Vec<&String> = deps.iter().filter(|d| banned.iter().any(|b| d.starts_with(b))).collect();
    assert!(found.is_empty(), "{krate} must not build {found:?}");
}

const GUI: [&str; 6] = ["egui", "eframe", "winit", "wgpu", "glow", "rfd"];
const ENGINE: [&str; 6] = ["gemm", "pulp", "safetensors", "tract", "tokenizers", "claimscope-engine"];
const FORMATS: [&str; 8] = ["scraper", "html5ever", "hayro", "zip", "roxmltree", "quick-xml", "mailparse", "csv"];

#[test]
fn the_core_builds_without_gui_engine_or_foreign_formats() {
    let banned: Vec<&str> = GUI.iter().chain(&ENGINE).chain(&FORMATS).chain(&["claimscope-formats"]).copied().collect();
    refuses("claimscope-core", &banned);
}

#[test]
fn the_formats_build_without_gui_or_engine() {
    let banned: Vec<&str> = GUI.iter().chain(&ENGINE).copied().collect();
    refuses("claimscope-formats", &banned);
}

#[test]
fn the_engine_builds_without_gui_or_formats() {
    let banned: Vec<&str> = GUI.iter().chain(&FORMATS).chain(&["claimscope-formats"]).copied().collect();
    refuses("claimscope-engine", &banned);
}

/// The engine reads the model's weights converted to safetensors (`models/minilm/README.md`) and
/// computes the encoder itself: an ONNX reader or a graph runtime (tract's ONNX front end was the
/// longest chain of the release build, issue 22) is built only by the conversion tool, outside the
/// workspace.
#[test]
fn no_build_of_claimscope_compiles_an_onnx_reader_or_graph_runtime() {
    refuses("claimscope", &["tract", "prost", "candle"]);
}
