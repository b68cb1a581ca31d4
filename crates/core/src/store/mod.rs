//! The project file on disk: the versioned RON format, loading with validation, atomic saving,
//! and recovery files for autosave.

pub mod embeddings;
mod format;
mod load;
pub mod lock;
pub mod positions;
pub mod recovery;
mod save;
pub mod sidecar;
pub mod team;

pub use format::{FORMAT, VERSION, to_ron};
pub use load::{FileProblem, LoadError, Loaded, load, load_bytes, load_str};
pub use lock::{LockError, ProjectLock, lock_path};
pub use positions::LineCol;
pub use save::{
    Fingerprint, SaveError, backup_path, kind_of, remove_leftovers, resolve_links, save, with_suffix,
    write_file_atomic, write_file_atomic_like,
};
