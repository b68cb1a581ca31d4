//! One test binary for this crate: each module is one of its test files (a binary per file
//! cost a link of the whole graph each; see BENCHMARKS.md, build times).

#[path = "../../tests/common/mod.rs"]
mod common;

mod cli;
mod downloads;
mod exchange;
mod hostile;
mod isolation;
mod layers;
mod office_import;
mod refi_qda;
mod team;
mod trust;
