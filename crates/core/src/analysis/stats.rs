//! Counts per tag per document.

use std::collections::HashMap;

use crate::model::ids::{DocId, TagId};
use crate::model::project::Project;

/// Annotation counts by tag (rows, in tag order) and document (columns, in document order).
/// Only the counts that are not zero are held: a project of 14,000 tags and 14,000 articles
/// fits in 1 MB, and its 196 million cells held whole took 1.6 GB (the workbench counts them
/// for the article list and the status bar).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCounts {
    pub tags: Vec<TagId>,
    pub docs: Vec<DocId>,
    /// Per document, (row, count) of the tags it uses, by row.
    by_doc: Vec<Vec<(usize, usize)>>,
    tag_totals: Vec<usize>,
}

impl TagCounts {
    /// Counts every annotation of `project`, orphans included (they still belong to their document).
    pub fn of(project: &Project) -> Self {
        let tags: Vec<TagId> = project.tags().iter().map(|t| t.id).collect();
        let docs: Vec<DocId> = project.documents().iter().map(|d| d.id).collect();
        let tag_row: HashMap<TagId, usize> = tags.iter().enumerate().map(|(i, t)| (*t, i)).collect();
        // Each document's rows, one pass over the annotations (orphans are not in the span index).
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
        for a in project.annotations() {
            if let (Some(&r), Some(c)) = (tag_row.get(&a.tag), project.document_index(a.doc)) {
                rows[c].push(r);
            }
        }
        let mut tag_totals = vec![0; tags.len()];
        let by_doc = rows
            .into_iter()
            .map(|mut rows| {
                rows.sort_unstable();
                let counts: Vec<(usize, usize)> = rows.chunk_by(|a, b| a == b).map(|g| (g[0], g.len())).collect();
                for &(row, n) in &counts {
                    tag_totals[row] += n;
                }
                counts
            })
            .collect();
        Self { tags, docs, by_doc, tag_totals }
    }

    /// The count of tag `row` in document `col` (0 outside the table).
    pub fn count(&self, row: usize, col: usize) -> usize {
        let Some(counts) = self.by_doc.get(col) else { return 0 };
        counts.binary_search_by_key(&row, |(r, _)| *r).map_or(0, |i| counts[i].1)
    }

    /// The counts of document `col` that are not zero, as (row, count), by row.
    pub fn of_doc(&self, col: usize) -> &[(usize, usize)] {
        self.by_doc.get(col).map_or(&[], Vec::as_slice)
    }

    /// Whether the table has more cells than [`MAX_CELLS`](super::compare::MAX_CELLS), so that it
    /// is written as its counts that are not zero.
    pub fn too_many_cells(&self) -> bool {
        self.tags.len().saturating_mul(self.docs.len()) > super::compare::MAX_CELLS
    }

    /// Total of one tag over all documents.
    pub fn tag_total(&self, row: usize) -> usize {
        self.tag_totals.get(row).copied().unwrap_or(0)
    }

    /// Total of one document over all tags.
    pub fn doc_total(&self, col: usize) -> usize {
        self.of_doc(col).iter().map(|(_, n)| n).sum()
    }

    /// Total of everything.
    pub fn total(&self) -> usize {
        self.tag_totals.iter().sum()
    }
}

/// The counts as the command line's JSON (`claimscope stats --format json`), written as it is
/// made: a document's counts name every tag, so the whole as one `serde_json::Value` held tags ×
/// articles map entries (a 0.9 MB project of 4,500 tags and articles needed over 4 GB and
/// aborted). Past [`MAX_CELLS`](super::compare::MAX_CELLS) a document's counts name the tags it
/// uses only, and `zero_counts_left_out` says so.
pub fn json<'a>(p: &'a Project, c: &'a TagCounts) -> impl serde::Serialize + 'a {
    use serde::ser::{Serialize, SerializeStruct, Serializer};
    struct Stats<'a> {
        p: &'a Project,
        c: &'a TagCounts,
        names: Vec<String>,
    }
    /// A map written from an iterator, never held.
    struct Lazy<F>(F);
    impl<F, I, K, V> Serialize for Lazy<F>
    where
        F: Fn() -> I,
        I: Iterator<Item = (K, V)>,
        K: Serialize,
        V: Serialize,
    {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map((self.0)())
        }
    }
    struct Docs<'a>(&'a Stats<'a>);
    impl Serialize for Docs<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let Stats { p, c, names } = self.0;
            s.collect_seq(c.docs.iter().enumerate().map(|(col, d)| Doc { p, c, names, col, id: *d }))
        }
    }
    struct Doc<'a> {
        p: &'a Project,
        c: &'a TagCounts,
        names: &'a [String],
        col: usize,
        id: DocId,
    }
    impl Serialize for Doc<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let doc = self.p.document(self.id);
            let mut st = s.serialize_struct("Document", 5)?;
            st.serialize_field("id", &self.id.to_string())?;
            st.serialize_field("title", &doc.map(|d| d.title.as_str()))?;
            st.serialize_field("source", &doc.map(|d| d.source.as_str()))?;
            let (c, col) = (self.c, self.col);
            if c.too_many_cells() {
                st.serialize_field("counts", &Lazy(|| c.of_doc(col).iter().map(|&(row, n)| (&self.names[row], n))))?;
            } else {
                st.serialize_field(
                    "counts",
                    &Lazy(|| self.names.iter().enumerate().map(move |(row, n)| (n, c.count(row, col)))),
                )?;
            }
            st.serialize_field("total", &c.doc_total(col))?;
            st.end()
        }
    }
    impl Serialize for Stats<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let (p, c) = (self.p, self.c);
            let mut st = s.serialize_struct("Stats", 10)?;
            st.serialize_field("project", p.name())?;
            #[derive(serde::Serialize)]
            struct Tag<'a> {
                id: String,
                name: &'a str,
            }
            let tags: Vec<Tag> =
                c.tags.iter().zip(&self.names).map(|(id, n)| Tag { id: id.to_string(), name: n }).collect();
            st.serialize_field("tags", &tags)?;
            st.serialize_field("documents", &Docs(self))?;
            st.serialize_field(
                "totals",
                &Lazy(|| self.names.iter().enumerate().map(|(row, n)| (n, c.tag_total(row)))),
            )?;
            st.serialize_field("total", &c.total())?;
            st.serialize_field("zero_counts_left_out", &c.too_many_cells())?;
            st.serialize_field("document_count", &p.documents().len())?;
            st.serialize_field("annotation_count", &p.annotation_count())?;
            st.serialize_field("claim_count", &p.claims().len())?;
            st.serialize_field("orphan_count", &p.orphans().count())?;
            st.end()
        }
    }
    let names = c.tags.iter().map(|t| p.tag(*t).map(|t| t.name.clone()).unwrap_or_default()).collect();
    Stats { p, c, names }
}
