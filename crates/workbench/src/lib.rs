//! claimscope's desktop workbench (egui). `ui::app` owns the state and runs the frame; each
//! panel is a view type in its own file that draws from `&Project` and pushes intents.

pub use claimscope_core::{analysis, clock, model, progress, store, testing};
pub use claimscope_engine as engine;
pub use claimscope_formats::{export, import};

pub mod ui;
