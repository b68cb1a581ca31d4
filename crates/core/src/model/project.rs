//! The project: everything an analyst has read and marked, in one value.
//!
//! Fields are private to the model: the only way to change a project is
//! [`Project::apply`](crate::model::Project::apply), which returns the edit that undoes the change.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::anchor::{self, Anchoring};
use super::annotation::{Annotation, Quote};
use super::claim::Claim;
use super::document::Document;
use super::ids::{AnnotationId, ClaimId, DocId, IdGen, TagId};
use super::record::Dismissal;
use super::record::{Conflict, Decision};
use super::span_index::{SpanEntry, SpanIndex};
use super::tag::{DEFAULT_TAGS, PALETTE, TagDef};

/// A project's data as it is stored, before validation. [`Project::from_parts`] checks it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectParts {
    pub name: String,
    /// The project's identity (a UUID), kept across saves and exports: REFI-QDA GUIDs are
    /// derived from it, so two projects never share one. Empty in files written before it
    /// existed; one is then derived from the content (see [`Project::from_parts`]).
    #[serde(default)]
    pub uuid: String,
    /// The next id to hand out; raised on load past every id in use.
    #[serde(default)]
    pub next_id: u64,
    #[serde(default)]
    pub tags: Vec<TagDef>,
    #[serde(default)]
    pub documents: Vec<Document>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    /// What a three-way merge could not settle, until resolved.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// Adjudication decisions taken in making this project.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// Claim suggestions the analyst dismissed.
    #[serde(default)]
    pub dismissed: Vec<Dismissal>,
}

/// Which stored item a [`Problem`] is about: its list and its position in that list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Project,
    Tag(usize),
    Document(usize),
    Claim(usize),
    Annotation(usize),
}

impl Item {
    /// The list's field name in the project file.
    pub fn list(self) -> &'static str {
        match self {
            Item::Project => "project",
            Item::Tag(_) => "tags",
            Item::Document(_) => "documents",
            Item::Claim(_) => "claims",
            Item::Annotation(_) => "annotations",
        }
    }

    /// Position in its list.
    pub fn index(self) -> Option<usize> {
        match self {
            Item::Project => None,
            Item::Tag(i) | Item::Document(i) | Item::Claim(i) | Item::Annotation(i) => Some(i),
        }
    }
}

/// Something wrong (or worth a warning) in stored project data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub item: Item,
    pub message: String,
}

/// What [`Project::from_parts`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validation {
    /// Problems that make the data unusable.
    pub errors: Vec<Problem>,
    /// Repairs made (re-anchored spans) and orphans kept.
    pub warnings: Vec<Problem>,
}

/// A revision number no project has had before in this process: every project built and every
/// edit applied takes the next. Views cache what they show by revision, so that opening
/// another project (whose own count would also start low) never shows the last one's counts.
pub(in crate::model) fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A validated project.
#[derive(Clone, Debug)]
pub struct Project {
    pub(in crate::model) name: String,
    pub(in crate::model) uuid: uuid::Uuid,
    pub(in crate::model) ids: IdGen,
    pub(in crate::model) tags: Vec<TagDef>,
    pub(in crate::model) documents: Vec<Document>,
    pub(in crate::model) claims: Vec<Claim>,
    pub(in crate::model) annotations: BTreeMap<AnnotationId, Annotation>,
    pub(in crate::model) conflicts: Vec<Conflict>,
    pub(in crate::model) decisions: Vec<Decision>,
    pub(in crate::model) dismissed: Vec<Dismissal>,
    // Derived from the above, kept by `apply`; never stored. Lookups by id and tag name are
    // maps, so that an import of 100,000 codes or 40,000 sources costs as many steps.
    pub(in crate::model) doc_pos: HashMap<DocId, usize>,
    pub(in crate::model) tag_pos: HashMap<TagId, usize>,
    /// Tags by their name in lower case.
    pub(in crate::model) tag_names: HashMap<String, TagId>,
    pub(in crate::model) claim_pos: HashMap<ClaimId, usize>,
    pub(in crate::model) spans: HashMap<DocId, SpanIndex>,
    pub(in crate::model) revision: u64,
}

/// Equality of content. The id counter is left out on purpose: undo must give back the project
/// as it was, but must not lower the counter, or an id could be handed out twice. The UUID is
/// identity, not content: a project read back from an export equals the one exported.
impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.tags == other.tags
            && self.documents == other.documents
            && self.claims == other.claims
            && self.annotations == other.annotations
            && self.conflicts == other.conflicts
            && self.decisions == other.decisions
            && self.dismissed == other.dismissed
    }
}
impl Eq for Project {}

impl Default for Project {
    fn default() -> Self {
        Self::new("Untitled")
    }
}

impl Project {
    /// An empty project with the default tag set.
    pub fn new(name: impl Into<String>) -> Self {
        let mut ids = IdGen::default();
        let tags = DEFAULT_TAGS
            .iter()
            .zip(PALETTE)
            .map(|(&(name, key, description), colour)| TagDef {
                id: TagId(ids.take().expect("a new counter has ids to spare")),
                name: name.to_owned(),
                colour,
                key: Some(key),
                description: description.to_owned(),
            })
            .collect();
        let mut p = Self::assemble(name.into(), ids, tags, Vec::new(), Vec::new(), BTreeMap::new());
        // Random (version 4): a new project is a new identity.
        p.uuid = uuid::Uuid::new_v4();
        p
    }

    /// The same project under another identity (a copy that must not pass for the original in
    /// exports, or a fixed identity for tests).
    pub fn with_uuid(mut self, uuid: uuid::Uuid) -> Self {
        self.uuid = uuid;
        self
    }

    fn assemble(
        name: String,
        ids: IdGen,
        tags: Vec<TagDef>,
        documents: Vec<Document>,
        claims: Vec<Claim>,
        annotations: BTreeMap<AnnotationId, Annotation>,
    ) -> Self {
        Self::assemble_placed((name, ids, tags, documents, claims, annotations), &|a, t| a.is_anchored_in(t))
    }

    /// [`Project::assemble`], told which annotations stand on their quotes (`anchored`).
    #[allow(clippy::type_complexity)]
    fn assemble_placed(
        (name, ids, tags, documents, claims, annotations): (
            String,
            IdGen,
            Vec<TagDef>,
            Vec<Document>,
            Vec<Claim>,
            BTreeMap<AnnotationId, Annotation>,
        ),
        anchored: &dyn Fn(&Annotation, &super::text::Text) -> bool,
    ) -> Self {
        let mut p = Project {
            name,
            uuid: uuid::Uuid::nil(),
            ids,
            tags,
            documents,
            claims,
            annotations,
            conflicts: Vec::new(),
            decisions: Vec::new(),
            dismissed: Vec::new(),
            doc_pos: HashMap::new(),
            tag_pos: HashMap::new(),
            tag_names: HashMap::new(),
            claim_pos: HashMap::new(),
            spans: HashMap::new(),
            revision: next_revision(),
        };
        p.rebuild_doc_positions();
        p.rebuild_tag_index();
        p.rebuild_claim_index();
        let all: BTreeSet<DocId> = p.documents.iter().map(|d| d.id).collect();
        p.rebuild_spans_with(&all, anchored);
        p
    }

    /// Validates stored data. Re-anchors annotations whose quote no longer matches the text at
    /// their offsets, and keeps the ones that cannot be found as orphans, with a warning for each.
    pub fn from_parts(parts: ProjectParts) -> Result<(Project, Validation), Validation> {
        let mut v = Validation::default();
        let mut ids = IdGen::starting_at(parts.next_id);

        let mut seen = HashSet::new();
        for (i, t) in parts.tags.iter().enumerate() {
            ids.observe(t.id.0);
            if !seen.insert(t.id) {
                v.errors.push(err(Item::Tag(i), format!("duplicate tag id {}", t.id)));
            }
            if t.name.trim().is_empty() {
                v.errors.push(err(Item::Tag(i), format!("tag {} has an empty name", t.id)));
            }
        }
        let mut names = HashMap::new();
        let mut keys = HashMap::new();
        for (i, t) in parts.tags.iter().enumerate() {
            if let Some(prev) = names.insert(t.name.to_lowercase(), t.id) {
                v.errors.push(err(Item::Tag(i), format!("tags {prev} and {} are both named “{}”", t.id, t.name)));
            }
            if let Some(k) = t.key
                && let Some(prev) = keys.insert(k, t.id)
            {
                v.errors.push(err(Item::Tag(i), format!("tags {prev} and {} both use the key “{k}”", t.id)));
            }
        }
        let mut seen = HashSet::new();
        for (i, d) in parts.documents.iter().enumerate() {
            ids.observe(d.id.0);
            if !seen.insert(d.id) {
                v.errors.push(err(Item::Document(i), format!("duplicate document id {}", d.id)));
            }
        }
        let mut seen = HashSet::new();
        for (i, c) in parts.claims.iter().enumerate() {
            ids.observe(c.id.0);
            if !seen.insert(c.id) {
                v.errors.push(err(Item::Claim(i), format!("duplicate claim id {}", c.id)));
            }
        }

        let tag_ids: HashSet<TagId> = parts.tags.iter().map(|t| t.id).collect();
        let claim_ids: HashSet<ClaimId> = parts.claims.iter().map(|c| c.id).collect();
        let docs: HashMap<DocId, &Document> = parts.documents.iter().map(|d| (d.id, d)).collect();
        // Whether each annotation stands exactly where its offsets say (nearly all do), checked
        // on several threads: on a large project this is a good part of a load.
        let in_place = super::par::par_map_ref(&parts.annotations, 8192, |a| {
            docs.get(&a.doc).is_some_and(|d| a.is_anchored_in(&d.text))
        });
        // Gathered in a list and made a map at once: a map built one insertion at a time in
        // ascending order leaves its nodes 6 of 11 full, and 100,000 annotations took 58 MiB of
        // nodes where built at once they take 32 (issue 23: a large project's first frame).
        let mut annotations = Vec::with_capacity(parts.annotations.len());
        let mut orphans = HashSet::new();
        // Every id seen, those of annotations that fail another check too: a duplicate of one of
        // them went unreported.
        let mut seen_ids = HashSet::new();
        // One budget for placing the quotes of the whole load (see `anchor::ANCHOR_BUDGET`).
        let mut budget = anchor::Budget::default();
        // The few speakers, coders and times thousands of annotations repeat, held once each.
        let mut interner = super::shared::Interner::new();
        for (i, mut a) in parts.annotations.into_iter().enumerate() {
            a.intern(&mut interner);
            let item = Item::Annotation(i);
            ids.observe(a.id.0);
            let mut ok = true;
            let mut fail = |m: String| {
                v.errors.push(err(item, m));
                ok = false;
            };
            let doc = docs.get(&a.doc);
            if doc.is_none() {
                fail(format!("annotation {} points at document {}, which does not exist", a.id, a.doc));
            }
            if !tag_ids.contains(&a.tag) {
                fail(format!("annotation {} points at tag {}, which does not exist", a.id, a.tag));
            }
            if let Some(c) = a.claim
                && !claim_ids.contains(&c)
            {
                fail(format!("annotation {} points at claim {c}, which does not exist", a.id));
            }
            if a.start >= a.end {
                fail(format!("annotation {} has an empty or reversed span {}..{}", a.id, a.start, a.end));
            }
            // Past its text's end, an annotation is placed by its quote like one whose quote
            // moved, and refused only when the quote is not found (a merge took one side's
            // offsets, moved by a line added at the top, onto the other side's shorter text, and
            // refused the whole merge).
            let past_end = doc.map(|d| d.text.len_chars()).filter(|&len| a.end > len);
            if !seen_ids.insert(a.id) {
                fail(format!("duplicate annotation id {}", a.id));
            }
            if !ok {
                continue;
            }
            let Some(doc) = doc else { continue };
            if in_place[i] {
                // It stands on its quote: the text gives its context back (see `Quote`).
                a.quote.settle();
                annotations.push((a.id, a));
                continue;
            }
            budget.take_cut();
            match anchor::reanchor_within(&doc.text, &doc.text, &a, &mut budget) {
                Anchoring::Exact => {}
                Anchoring::Moved(r) => {
                    v.warnings.push(err(
                        item,
                        format!(
                            "annotation {}: quote “{}” was not at {}..{}; found it at {}..{}",
                            a.id,
                            short(&a.quote.exact),
                            a.start,
                            a.end,
                            r.start,
                            r.end
                        ),
                    ));
                    a.quote = Quote::of(&doc.text, r.clone());
                    a.start = r.start;
                    a.end = r.end;
                }
                Anchoring::Fuzzy { range: r, errors } => {
                    v.warnings.push(err(
                        item,
                        format!(
                            "annotation {}: quote “{}” not found as written; anchored to the closest text at {}..{} ({errors} chars differ)",
                            a.id,
                            short(&a.quote.exact),
                            r.start,
                            r.end
                        ),
                    ));
                    a.quote = Quote::of(&doc.text, r.clone());
                    a.start = r.start;
                    a.end = r.end;
                }
                Anchoring::Orphan if past_end.is_some() => {
                    v.errors.push(err(
                        item,
                        format!(
                            "annotation {} ends at char {}, past the end of document {} ({} chars), and its quote “{}” is not in it",
                            a.id,
                            a.end,
                            a.doc,
                            past_end.unwrap_or_default(),
                            short(&a.quote.exact)
                        ),
                    ));
                    continue;
                }
                Anchoring::Orphan => {
                    orphans.insert(a.id);
                    let why = if budget.take_cut() {
                        "not searched for in full (the load's budget for placing quotes was spent)"
                    } else {
                        "not found"
                    };
                    v.warnings.push(err(
                        item,
                        format!(
                            "annotation {}: quote “{}” {why} in document {}; kept as an orphan",
                            a.id,
                            short(&a.quote.exact),
                            a.doc
                        ),
                    ));
                }
            }
            annotations.push((a.id, a));
        }

        if !v.errors.is_empty() {
            return Err(v);
        }
        // Ids are unique here (a duplicate is an error above); `from_iter` sorts, then builds
        // full nodes.
        let annotations: BTreeMap<AnnotationId, Annotation> = annotations.into_iter().collect();
        let stored = parts.uuid.trim();
        let uuid = match uuid::Uuid::parse_str(stored) {
            Ok(u) if !u.is_nil() => Some(u),
            _ if stored.is_empty() => None,
            _ => {
                v.warnings.push(err(
                    Item::Project,
                    format!("project uuid “{}” is not a UUID; a new one is derived", short(stored)),
                ));
                None
            }
        };
        let uuid = uuid.unwrap_or_else(|| derived_uuid(&parts.name, &parts.documents));
        let mut p = Project::assemble_placed(
            (parts.name, ids, parts.tags, parts.documents, parts.claims, annotations),
            // Every annotation was just placed: all but the orphans stand on their quotes.
            &|a: &Annotation, _: &super::text::Text| a.start < a.end && !orphans.contains(&a.id),
        );
        p.uuid = uuid;
        p.conflicts = parts.conflicts;
        p.decisions = parts.decisions;
        p.dismissed = parts.dismissed;
        Ok((p, v))
    }

    /// The data to store; [`Project::from_parts`] of it gives back an equal project.
    pub fn to_parts(&self) -> ProjectParts {
        ProjectParts {
            name: self.name.clone(),
            uuid: self.uuid.to_string(),
            next_id: self.ids.peek(),
            tags: self.tags.clone(),
            documents: self.documents.clone(),
            claims: self.claims.clone(),
            annotations: self.annotations.values().cloned().collect(),
            conflicts: self.conflicts.clone(),
            decisions: self.decisions.clone(),
            dismissed: self.dismissed.clone(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The project's identity: stored in its file, the same across saves and exports.
    pub fn uuid(&self) -> uuid::Uuid {
        self.uuid
    }

    /// The number the next new object's id will carry.
    pub fn next_id(&self) -> u64 {
        self.ids.peek()
    }

    /// `n` fresh id numbers, for building an edit that adds several objects at once; an error
    /// when the project has used up its ids (they never wrap).
    pub fn fresh_ids(&self, n: usize) -> Result<std::ops::Range<u64>, super::EditError> {
        self.ids.available(n).ok_or(super::EditError::IdsExhausted)
    }

    /// One fresh id number (see [`Project::fresh_ids`]).
    pub fn fresh_id(&self) -> Result<u64, super::EditError> {
        self.fresh_ids(1).map(|r| r.start)
    }

    /// Counts every applied edit; caches keyed by it know when to recompute.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn tags(&self) -> &[TagDef] {
        &self.tags
    }

    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }

    /// What a three-way merge left for the analyst to settle.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The adjudication decisions recorded in this project.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// The claim suggestions the analyst dismissed.
    pub fn dismissed(&self) -> &[Dismissal] {
        &self.dismissed
    }

    /// All annotations, in id order.
    pub fn annotations(&self) -> impl ExactSizeIterator<Item = &Annotation> + '_ {
        self.annotations.values()
    }

    pub fn annotation_count(&self) -> usize {
        self.annotations.len()
    }

    pub fn tag(&self, id: TagId) -> Option<&TagDef> {
        self.tag_pos.get(&id).and_then(|&i| self.tags.get(i))
    }

    pub fn document(&self, id: DocId) -> Option<&Document> {
        self.doc_pos.get(&id).and_then(|&i| self.documents.get(i))
    }

    /// Position of a document in the document list.
    pub fn document_index(&self, id: DocId) -> Option<usize> {
        self.doc_pos.get(&id).copied()
    }

    pub fn claim(&self, id: ClaimId) -> Option<&Claim> {
        self.claim_pos.get(&id).and_then(|&i| self.claims.get(i))
    }

    pub fn annotation(&self, id: AnnotationId) -> Option<&Annotation> {
        self.annotations.get(&id)
    }

    /// The tag with this name (case-insensitive) or id (`t3` or `3`).
    pub fn find_tag(&self, name_or_id: &str) -> Option<&TagDef> {
        let key = name_or_id.trim();
        self.tag_names
            .get(&key.to_lowercase())
            .and_then(|&id| self.tag(id))
            .or_else(|| key.parse().ok().and_then(|id| self.tag(id)))
    }

    /// The tag applied by `key`.
    pub fn tag_for_key(&self, key: char) -> Option<&TagDef> {
        self.tags.iter().find(|t| t.key == Some(key))
    }

    /// The document with this id (`d3` or `3`) or title (case-insensitive).
    pub fn find_document(&self, title_or_id: &str) -> Option<&Document> {
        let key = title_or_id.trim();
        key.parse()
            .ok()
            .and_then(|id| self.document(id))
            .or_else(|| self.documents.iter().find(|d| d.title.to_lowercase() == key.to_lowercase()))
    }

    /// The claim with this label (case-insensitive) or id (`c3` or `3`).
    pub fn find_claim(&self, label_or_id: &str) -> Option<&Claim> {
        let key = label_or_id.trim();
        self.claims
            .iter()
            .find(|c| c.label.to_lowercase() == key.to_lowercase())
            .or_else(|| key.parse().ok().and_then(|id| self.claim(id)))
    }

    /// The span index of a document (empty for an unknown document).
    pub fn spans(&self, doc: DocId) -> &SpanIndex {
        static EMPTY: std::sync::OnceLock<SpanIndex> = std::sync::OnceLock::new();
        self.spans.get(&doc).unwrap_or_else(|| EMPTY.get_or_init(SpanIndex::default))
    }

    /// Anchored annotations of a document in reading order.
    pub fn annotations_of(&self, doc: DocId) -> impl Iterator<Item = &Annotation> + '_ {
        self.spans(doc).entries().iter().filter_map(|e| self.annotations.get(&e.id))
    }

    /// Anchored annotations of a document that share a char with `r`, in reading order.
    pub fn overlapping(&self, doc: DocId, r: Range<usize>) -> impl Iterator<Item = &SpanEntry> + '_ {
        self.spans(doc).overlapping(r)
    }

    /// Annotations whose quote could not be found in their document's text.
    pub fn orphans(&self) -> impl Iterator<Item = &Annotation> + '_ {
        self.documents.iter().flat_map(|d| self.spans(d.id).orphans()).filter_map(|id| self.annotations.get(id))
    }

    /// Number of annotations linked to each claim.
    pub fn claim_links(&self, claim: ClaimId) -> impl Iterator<Item = &Annotation> + '_ {
        self.annotations.values().filter(move |a| a.claim == Some(claim))
    }

    pub(in crate::model) fn rebuild_doc_positions(&mut self) {
        self.doc_pos = self.documents.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    }

    pub(in crate::model) fn rebuild_tag_index(&mut self) {
        self.tag_pos = self.tags.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        self.tag_names = self.tags.iter().map(|t| (t.name.to_lowercase(), t.id)).collect();
    }

    pub(in crate::model) fn rebuild_claim_index(&mut self) {
        self.claim_pos = self.claims.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    }

    /// Rebuilds the span indexes of `docs` (dropping those of removed documents).
    pub(in crate::model) fn rebuild_spans(&mut self, docs: &BTreeSet<DocId>) {
        self.rebuild_spans_with(docs, &|a, t| a.is_anchored_in(t));
    }

    /// [`Project::rebuild_spans`], told which annotations stand on their quotes.
    fn rebuild_spans_with(
        &mut self,
        docs: &BTreeSet<DocId>,
        anchored: &dyn Fn(&Annotation, &super::text::Text) -> bool,
    ) {
        if docs.is_empty() {
            return;
        }
        let mut parts: HashMap<DocId, (Vec<SpanEntry>, Vec<AnnotationId>)> =
            docs.iter().map(|&d| (d, Default::default())).collect();
        // One pass over all annotations beats one per document when a batch touched many.
        for a in self.annotations.values() {
            let Some((entries, orphans)) = parts.get_mut(&a.doc) else {
                continue;
            };
            let Some(doc) = self.doc_pos.get(&a.doc).and_then(|&i| self.documents.get(i)) else {
                continue;
            };
            if anchored(a, &doc.text) {
                entries.push(SpanEntry { start: a.start, end: a.end, id: a.id });
            } else {
                orphans.push(a.id);
            }
        }
        for (d, (entries, orphans)) in parts {
            if self.doc_pos.contains_key(&d) {
                self.spans.insert(d, SpanIndex::new(entries, orphans));
            } else {
                self.spans.remove(&d);
            }
        }
    }
}

/// The namespace of the UUIDs claimscope derives (version 5, SHA-1 of a name in it).
pub const UUID_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6c61_696d_7363_6f70_8e1d_2b7a_4f0c_9a31);

/// An identity for a project stored before projects had one: derived from what makes it this
/// project (its name, and each article's id, title, length and opening), so that it is the same
/// every time the file is opened until it is saved with it, and two unrelated projects differ.
fn derived_uuid(name: &str, documents: &[Document]) -> uuid::Uuid {
    let mut key = format!("project:{name}");
    for d in documents {
        let opening: String = d.text.as_str().chars().take(256).collect();
        // Unit separators keep "a" + "bc" apart from "ab" + "c".
        key.push_str(&format!("\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{opening}", d.id, d.title, d.text.len_chars()));
    }
    uuid::Uuid::new_v5(&UUID_NAMESPACE, key.as_bytes())
}

fn err(item: Item, message: String) -> Problem {
    Problem { item, message }
}

/// A quote cut to a readable length for messages.
pub fn short(s: &str) -> String {
    truncate(s, 48)
}

/// `s` cut to at most `max` chars, the cut marked with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    // Looks no further than `max` chars: a title may be a whole file.
    if s.chars().nth(max).is_none() {
        s.to_owned()
    } else {
        let head: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{head}…")
    }
}
