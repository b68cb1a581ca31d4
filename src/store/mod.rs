//! The project file on disk: the versioned RON format, loading with validation, atomic saving,
//! and recovery files for autosave.

mod format;
mod load;
pub mod positions;
pub mod recovery;
mod save;

pub use format::{FORMAT, VERSION, to_ron};
pub use load::{FileProblem, LoadError, Loaded, load, load_bytes, load_str};
pub use positions::LineCol;
pub use save::{SaveError, backup_path, save, with_suffix, write_file_atomic};
