//! claimscope's doors: every file another program made comes in through [`import`], and every
//! file for another program goes out through [`export`]. One file per format; what an import
//! adds to a project is planned here (`import::plan`), not in the workbench or the command line.

// The core's modules under their own names, so that `crate::model::…` reads the same here as it
// did when this was one crate.
pub use claimscope_core::{analysis, clock, model, progress, store, testing};

pub mod export;
pub mod import;
pub mod interchange;
