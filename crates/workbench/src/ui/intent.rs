//! What panels ask the app to do. Panels draw from `&Project` and push intents; the app applies
//! them after drawing (the shape of rerun's `SystemCommand`s).

use std::ops::Range;
use std::path::PathBuf;

use crate::analysis::tags::TagSuggestion;
use crate::model::{AnnotationId, Choice, DocId, Edit, TagId};

use super::commands::Command;

/// A request from a panel.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// Apply an edit as one undo step.
    Edit { edit: Edit, label: String },
    /// Ask first, then apply an edit as one undo step: for edits that take much with them (an
    /// article and its annotations, a claim and its links), which one key or click had made
    /// with nothing but a status line cut short to say so.
    /// `heading` names the act ("Delete?", "Move?"): a move asked under "Delete?" read as a
    /// deletion.
    Confirm { heading: String, question: String, yes: String, edit: Edit, label: String },
    /// Apply an edit, merged with the previous one of the same key (keyboard nudges).
    EditMerging { edit: Edit, label: String, key: String },
    /// Run a command from the catalogue.
    Run(Command),
    /// Select an annotation (or none) and bring it into view.
    Select(Option<AnnotationId>),
    /// Select an annotation where the analyst clicked it: no scrolling.
    SelectInPlace(Option<AnnotationId>),
    /// Show a document in the reader.
    OpenDocument(DocId),
    /// Open the details dialog of an article (title, outlet, date…).
    EditDetails(DocId),
    /// Show a place in a document, selecting the text there.
    Reveal { doc: DocId, range: Range<usize> },
    /// A tag's key or button: tag the newest selection in any reader, or retag the selected
    /// annotation.
    TagKey(TagId),
    /// Tag this passage of this article.
    Tag { doc: DocId, range: Range<usize>, tag: TagId },
    /// Open a project file (asks about unsaved changes first).
    OpenPath(PathBuf),
    /// Save the project to this file.
    SaveTo(PathBuf),
    /// Import these article files.
    ImportPaths(Vec<PathBuf>),
    /// Show a message in the status bar.
    Say(String),
    /// Set the analyst's name in the preferences (empty: the system's user).
    SetAnalyst(String),
    /// Settle merge conflict `index`: keep the value the project holds, or use the other.
    ResolveConflict { index: usize, use_other: bool },
    /// Settle these differences of the adjudication under way (by index) with `choice`.
    Decide { differences: Vec<usize>, choice: Choice },
    /// Compare the open project with another analyst's project file.
    AgreeWith(PathBuf),
    /// Start adjudicating these two analysts' project files.
    Adjudicate { left: PathBuf, right: PathBuf },
    /// Accept these suggested tags, as one undo step.
    AcceptSuggestions(Vec<TagSuggestion>),
    /// Reject these suggested tags, as one undo step (remembered in the project).
    RejectSuggestions(Vec<TagSuggestion>),
    /// Show a suggested tag in the reader and make it the current one.
    ShowSuggestion(TagSuggestion),
    /// Save this text (a table as CSV) to a file the analyst chooses; `name` is the suggestion.
    SaveText { name: String, text: String },
}
