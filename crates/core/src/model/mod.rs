//! The pure core: documents, tags, annotations, claims, edits and undo, anchoring and queries.
//!
//! Nothing here knows about egui or files; the store, importers, exporters and the UI build on it.

pub mod adjudicate;
pub mod agreement;
pub mod anchor;
mod annotation;
mod claim;
pub mod compare;
mod document;
pub mod duplicates;
mod edit;
pub mod hash;
mod history;
mod ids;
pub mod markup;
mod ops;
pub mod par;
mod project;
pub mod record;
pub mod selection;
pub mod semantic;
pub mod similar;
mod span_index;
mod stamp;
pub mod stats;
pub mod suggest;
pub mod synthetic;
mod tag;
pub mod text;
pub mod threeway;
pub mod time;

pub use annotation::{Annotation, AnnotationFields, QUOTE_CONTEXT, TextQuote};
pub use claim::{Claim, ClaimFields};
pub use document::{Document, DocumentFields, QuoteError};
pub use edit::{Edit, EditError};
pub use history::{History, MAX_UNDO};
pub use ids::{AnnotationId, ClaimId, DocId, IdGen, ParseIdError, TagId};
pub use ops::{NewAnnotation, NewDocument};
pub use project::{Item, Problem, Project, ProjectParts, Validation, short, truncate};
pub use record::{Choice, Conflict, Decision, Origin, Side, Subject, Value};
pub use span_index::{SpanEntry, SpanIndex};
pub use stamp::Stamp;
pub use tag::{Colour, DEFAULT_TAGS, PALETTE, ParseColourError, RESERVED_KEYS, TagDef, TagFields, is_tag_key};
pub use text::Text;

#[cfg(test)]
pub(crate) mod tests;
