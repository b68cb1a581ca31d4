//! The pure core: documents, tags, annotations, claims, edits that carry their inverse, history,
//! anchoring, queries, and the records team work leaves (conflicts, decisions, dismissals).
//!
//! Nothing here knows about files, egui or the analyses: those ([`crate::analysis`]) build on this
//! module, never the other way (a test in `analysis/mod.rs` checks it).

pub mod anchor;
pub(crate) mod annotation;
pub(crate) mod claim;
pub(crate) mod document;
pub(crate) mod edit;
pub mod hash;
pub(crate) mod history;
pub(crate) mod ids;
pub mod markup;
pub(crate) mod ops;
pub mod par;
pub(crate) mod project;
pub mod record;
pub(crate) mod resolve;
pub mod selection;
pub mod shared;
pub(crate) mod span_index;
pub(crate) mod stamp;
pub(crate) mod tag;
pub mod text;
pub mod time;

pub use annotation::{Annotation, AnnotationFields, QUOTE_CONTEXT, Quote, TextQuote};
pub use claim::{Claim, ClaimFields};
pub use document::{Document, DocumentFields, QuoteError};
pub use edit::{Edit, EditError};
pub use history::{History, MAX_UNDO};
pub use ids::{AnnotationId, ClaimId, DocId, IdGen, ParseIdError, TagId};
pub use ops::{NewAnnotation, NewDocument};
pub use project::{Item, Problem, Project, ProjectParts, Validation, short, truncate};
pub use record::{Choice, Conflict, Decision, Dismissal, Origin, Side, Subject, Value};
pub use resolve::ResolveError;
pub use shared::{Interner, Shared};
pub use span_index::{SpanEntry, SpanIndex};
pub use stamp::Stamp;
pub use tag::{
    Colour, DEFAULT_TAGS, PALETTE, ParseColourError, RESERVED_KEYS, TagDef, TagFields, is_tag_key, next_colour,
};
pub use text::Text;

#[cfg(test)]
pub(crate) mod tests;
