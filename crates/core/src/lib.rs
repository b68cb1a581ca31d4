//! claimscope's core: the model of a close reading and its project file.
//!
//! [`model`] is pure data and the analyses on it (no file I/O): articles, tagged spans, claims,
//! edits that carry their inverse, history, and beside them agreement, three-way merge,
//! adjudication, similarity and suggestions. [`store`] is the versioned RON project file:
//! validated load, atomic save, lock, recovery, and the files kept beside a project. Nothing
//! here knows a GUI, a neural network or a foreign file format: `tests/layers.rs` (workspace
//! root) checks that `cargo tree` of this crate stays so.

pub mod analysis;
pub mod clock;
pub mod model;
pub mod progress;
pub mod store;
#[doc(hidden)]
pub mod testing;
