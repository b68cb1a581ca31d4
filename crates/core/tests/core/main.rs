//! One test binary for this crate: each module is one of its test files (a binary per file
//! cost a link of the whole graph each; see BENCHMARKS.md, build times).

extern crate claimscope_core as claimscope;

#[path = "../../../../tests/common/mod.rs"]
mod common;

mod sample_project;
mod store_files;
mod suggested_claims;
mod suggested_tags;
