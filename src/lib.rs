//! claimscope: a workbench for close reading of the news.
//!
//! This crate is the program: `main.rs` starts the workbench or runs a subcommand of the command
//! line (`cli.rs`). The library re-exports the layers, each its own crate, from the inside out:
//! [`model`] and [`store`] (`claimscope-core`), [`import`] and [`export`]
//! (`claimscope-formats`), [`semantic`] (`claimscope-engine`), [`ui`] (`claimscope-workbench`).

pub use claimscope_workbench::{analysis, clock, engine, export, import, model, progress, store, testing, ui};
