//! Counts per tag per document.

use std::collections::HashMap;

use crate::model::ids::{DocId, TagId};
use crate::model::project::Project;

/// Annotation counts by tag (rows, in tag order) and document (columns, in document order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCounts {
    pub tags: Vec<TagId>,
    pub docs: Vec<DocId>,
    /// `cells[tag][doc]`.
    pub cells: Vec<Vec<usize>>,
}

impl TagCounts {
    /// Counts every annotation of `project`, orphans included (they still belong to their document).
    pub fn of(project: &Project) -> Self {
        let tags: Vec<TagId> = project.tags().iter().map(|t| t.id).collect();
        let docs: Vec<DocId> = project.documents().iter().map(|d| d.id).collect();
        let tag_row: HashMap<TagId, usize> = tags.iter().enumerate().map(|(i, t)| (*t, i)).collect();
        let mut cells = vec![vec![0; docs.len()]; tags.len()];
        for a in project.annotations() {
            if let (Some(&r), Some(c)) = (tag_row.get(&a.tag), project.document_index(a.doc)) {
                cells[r][c] += 1;
            }
        }
        Self { tags, docs, cells }
    }

    /// Total of one tag over all documents.
    pub fn tag_total(&self, row: usize) -> usize {
        self.cells.get(row).map_or(0, |r| r.iter().sum())
    }

    /// Total of one document over all tags.
    pub fn doc_total(&self, col: usize) -> usize {
        self.cells.iter().filter_map(|r| r.get(col)).sum()
    }

    /// Total of everything.
    pub fn total(&self) -> usize {
        self.cells.iter().flatten().sum()
    }
}
