//! One test binary for this crate: each module is one of its test files (a binary per file
//! cost a link of the whole graph each; see BENCHMARKS.md, build times).

extern crate claimscope_workbench as claimscope;

#[path = "../../../../tests/common/mod.rs"]
mod common;

mod semantic;
mod ui;
mod ui_compare;
mod ui_day;
mod ui_exchange;
mod ui_layout;
mod ui_tags;
mod ui_team;
