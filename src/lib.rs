//! claimscope: a workbench for close reading of the news.
//!
//! The layers, from the inside out: [`model`] (pure data, edits, undo, anchoring, queries),
//! [`store`] (the project file), [`import`] and [`export`] (other formats), and the egui
//! workbench in `ui`. The binary in `main.rs` is a thin command line over these.

pub mod clock;
pub mod export;
pub mod import;
pub mod model;
pub mod semantic;
pub mod store;
#[doc(hidden)]
pub mod testing;
pub mod ui;
