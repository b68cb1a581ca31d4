//! Edits as values: every change to a project is an [`Edit`], applied by [`Project::apply`],
//! which hands back the edit that undoes it (the shape of helix-core's transactions).

use std::collections::{BTreeMap, BTreeSet};

use super::annotation::{Annotation, AnnotationFields};
use super::claim::{Claim, ClaimFields};
use super::document::{Document, DocumentFields};
use super::ids::{AnnotationId, ClaimId, DocId, TagId};
use super::project::Project;
use super::record::Dismissal;
use super::record::{Conflict, Decision};
use super::tag::{TagDef, TagFields};
use super::text::Text;

/// One change to a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Rename(String),
    /// Adds a document at position `at` in the list (the end when `None`).
    AddDocument {
        doc: Document,
        at: Option<usize>,
    },
    /// Removes a document that no annotation points at.
    RemoveDocument(DocId),
    /// Changes a document's metadata.
    UpdateDocument {
        id: DocId,
        to: DocumentFields,
    },
    /// Replaces a document's text and, in the same step, moves annotations of it to new places
    /// (`moves`); every annotation of the document must fit in the new text afterwards.
    ReplaceText {
        id: DocId,
        text: Text,
        moves: Vec<(AnnotationId, AnnotationFields)>,
    },
    AddTag {
        tag: TagDef,
        at: Option<usize>,
    },
    /// Removes a tag that no annotation uses.
    RemoveTag(TagId),
    UpdateTag {
        id: TagId,
        to: TagFields,
    },
    /// Moves a tag to position `to` in the tag list.
    MoveTag {
        id: TagId,
        to: usize,
    },
    AddClaim {
        claim: Claim,
        at: Option<usize>,
    },
    /// Removes a claim that no annotation links to.
    RemoveClaim(ClaimId),
    UpdateClaim {
        id: ClaimId,
        to: ClaimFields,
    },
    AddAnnotation(Annotation),
    RemoveAnnotation(AnnotationId),
    UpdateAnnotation {
        id: AnnotationId,
        to: AnnotationFields,
    },
    /// Records a merge conflict at position `at` (the end when `None`).
    AddConflict {
        conflict: Conflict,
        at: Option<usize>,
    },
    /// Drops the merge conflict at this position (it was resolved).
    RemoveConflict(usize),
    /// Records an adjudication decision at position `at` (the end when `None`).
    AddDecision {
        decision: Decision,
        at: Option<usize>,
    },
    /// Drops the decision at this position.
    RemoveDecision(usize),
    /// Records a dismissed claim suggestion at position `at` (the end when `None`).
    AddDismissal {
        dismissal: Dismissal,
        at: Option<usize>,
    },
    /// Forgets the dismissal at this position (the suggestion may come back).
    RemoveDismissal(usize),
    /// Several edits as one: all apply, or none does.
    Batch(Vec<Edit>),
}

/// Why an edit was refused. The project is unchanged when `apply` returns one of these.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no document {0}")]
    NoDocument(DocId),
    #[error("there is no tag {0}")]
    NoTag(TagId),
    #[error("there is no claim {0}")]
    NoClaim(ClaimId),
    #[error("there is no annotation {0}")]
    NoAnnotation(AnnotationId),
    #[error("the id {0} is already in use")]
    IdInUse(String),
    #[error("the span {start}..{end} is empty or reversed")]
    EmptySpan { start: usize, end: usize },
    #[error("the span {start}..{end} does not fit in document {doc}, which has {len} chars")]
    OutOfRange { doc: DocId, start: usize, end: usize, len: usize },
    #[error("document {0} still has {1} annotation(s); remove them first")]
    DocumentInUse(DocId, usize),
    #[error("tag “{0}” is still used by {1} annotation(s); retag or remove them first")]
    TagInUse(String, usize),
    #[error("claim “{0}” still has {1} linked annotation(s); unlink them first")]
    ClaimInUse(String, usize),
    #[error("a tag needs a name")]
    EmptyTagName,
    #[error("there is already a tag named “{0}”")]
    TagNameTaken(String),
    #[error("the key “{key}” already applies tag “{tag}”")]
    KeyTaken { key: char, tag: String },
    #[error("a claim needs a label")]
    EmptyClaimLabel,
    #[error(
        "the project has used up its ids (the counter is at its maximum); export it as JSON, make a new project (File ▸ New, or `claimscope new`) and import the export into it, which gives its items new ids (a restore into a file that does not exist yet keeps them)"
    )]
    IdsExhausted,
    #[error("position {0} is past the end of the list")]
    BadPosition(usize),
    #[error("an article needs a title")]
    EmptyTitle,
    #[error("nothing would change")]
    NoChange,
    #[error("that is all the article's text; delete the article instead")]
    WholeText,
    #[error("a claim needs at least two passages")]
    TooFewPassages,
    #[error("that passage already has this tag and is linked to the claim")]
    AlreadyLinked,
    #[error("that passage already has this tag")]
    AlreadyTagged,
}

impl Project {
    /// Applies `edit` and returns the edit that undoes it. On error nothing has changed.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        let mut touched = BTreeSet::new();
        let mut docs_changed = false;
        let result = self.apply_inner(edit, &mut touched, &mut docs_changed);
        if docs_changed {
            self.rebuild_doc_positions();
        }
        self.rebuild_spans(&touched);
        self.revision = super::project::next_revision();
        result
    }

    fn apply_inner(
        &mut self,
        edit: Edit,
        touched: &mut BTreeSet<DocId>,
        docs_changed: &mut bool,
    ) -> Result<Edit, EditError> {
        match edit {
            Edit::Rename(name) => Ok(Edit::Rename(std::mem::replace(&mut self.name, name))),
            Edit::AddDocument { doc, at } => {
                if self.doc_pos.contains_key(&doc.id) {
                    return Err(EditError::IdInUse(doc.id.to_string()));
                }
                let at = position(at, self.documents.len())?;
                let id = doc.id;
                self.ids.observe(id.0);
                self.documents.insert(at, doc);
                // Keep the lookup right for later edits in a batch: one entry at the end (an
                // import), all of them when positions after `at` shift (an undo).
                if at + 1 == self.documents.len() {
                    self.doc_pos.insert(id, at);
                } else {
                    self.rebuild_doc_positions();
                }
                *docs_changed = true;
                touched.insert(id);
                Ok(Edit::RemoveDocument(id))
            }
            Edit::RemoveDocument(id) => {
                let at = self.doc_pos.get(&id).copied().ok_or(EditError::NoDocument(id))?;
                let used = self.annotations.values().filter(|a| a.doc == id).count();
                if used > 0 {
                    return Err(EditError::DocumentInUse(id, used));
                }
                let doc = self.documents.remove(at);
                if at == self.documents.len() {
                    self.doc_pos.remove(&id);
                } else {
                    self.rebuild_doc_positions();
                }
                *docs_changed = true;
                touched.insert(id);
                Ok(Edit::AddDocument { doc, at: Some(at) })
            }
            Edit::UpdateDocument { id, to } => {
                let doc = self.documents.iter_mut().find(|d| d.id == id).ok_or(EditError::NoDocument(id))?;
                let old = doc.fields();
                doc.set_fields(to);
                Ok(Edit::UpdateDocument { id, to: old })
            }
            Edit::ReplaceText { id, text, moves } => {
                self.document(id).ok_or(EditError::NoDocument(id))?;
                let len = text.len_chars();
                let moved: BTreeMap<AnnotationId, &AnnotationFields> = moves.iter().map(|(a, f)| (*a, f)).collect();
                for (&a, f) in &moved {
                    let ann = self.annotations.get(&a).ok_or(EditError::NoAnnotation(a))?;
                    if ann.doc != id {
                        return Err(EditError::NoAnnotation(a));
                    }
                    self.check_fields(id, len, f)?;
                }
                if let Some(a) =
                    self.annotations.values().find(|a| a.doc == id && a.end > len && !moved.contains_key(&a.id))
                {
                    return Err(EditError::OutOfRange { doc: id, start: a.start, end: a.end, len });
                }
                let mut undo_moves = Vec::with_capacity(moves.len());
                for (a, f) in moves {
                    if let Some(ann) = self.annotations.get_mut(&a) {
                        undo_moves.push((a, ann.fields()));
                        ann.set_fields(f);
                    }
                }
                let doc = self.documents.iter_mut().find(|d| d.id == id).ok_or(EditError::NoDocument(id))?;
                let old = std::mem::replace(&mut doc.text, text);
                touched.insert(id);
                Ok(Edit::ReplaceText { id, text: old, moves: undo_moves })
            }
            Edit::AddTag { tag, at } => {
                if self.tag_pos.contains_key(&tag.id) {
                    return Err(EditError::IdInUse(tag.id.to_string()));
                }
                self.check_tag_fields(None, &tag.fields())?;
                let at = position(at, self.tags.len())?;
                self.ids.observe(tag.id.0);
                let id = tag.id;
                let name = tag.name.to_lowercase();
                self.tags.insert(at, tag);
                if at + 1 == self.tags.len() {
                    self.tag_pos.insert(id, at);
                    self.tag_names.insert(name, id);
                } else {
                    self.rebuild_tag_index();
                }
                Ok(Edit::RemoveTag(id))
            }
            Edit::RemoveTag(id) => {
                let at = self.tag_pos.get(&id).copied().ok_or(EditError::NoTag(id))?;
                let used = self.annotations.values().filter(|a| a.tag == id).count();
                if used > 0 {
                    return Err(EditError::TagInUse(self.tags[at].name.clone(), used));
                }
                let tag = self.tags.remove(at);
                if at == self.tags.len() {
                    self.tag_pos.remove(&id);
                    self.tag_names.remove(&tag.name.to_lowercase());
                } else {
                    self.rebuild_tag_index();
                }
                Ok(Edit::AddTag { tag, at: Some(at) })
            }
            Edit::UpdateTag { id, to } => {
                self.check_tag_fields(Some(id), &to)?;
                let at = self.tag_pos.get(&id).copied().ok_or(EditError::NoTag(id))?;
                let tag = &mut self.tags[at];
                let old = tag.fields();
                tag.set_fields(to);
                let new_name = tag.name.to_lowercase();
                self.tag_names.remove(&old.name.to_lowercase());
                self.tag_names.insert(new_name, id);
                Ok(Edit::UpdateTag { id, to: old })
            }
            Edit::MoveTag { id, to } => {
                let from = self.tag_pos.get(&id).copied().ok_or(EditError::NoTag(id))?;
                if to >= self.tags.len() {
                    return Err(EditError::BadPosition(to));
                }
                let tag = self.tags.remove(from);
                self.tags.insert(to, tag);
                self.rebuild_tag_index();
                Ok(Edit::MoveTag { id, to: from })
            }
            Edit::AddClaim { claim, at } => {
                if self.claim_pos.contains_key(&claim.id) {
                    return Err(EditError::IdInUse(claim.id.to_string()));
                }
                if claim.label.trim().is_empty() {
                    return Err(EditError::EmptyClaimLabel);
                }
                let at = position(at, self.claims.len())?;
                self.ids.observe(claim.id.0);
                let id = claim.id;
                self.claims.insert(at, claim);
                if at + 1 == self.claims.len() {
                    self.claim_pos.insert(id, at);
                } else {
                    self.rebuild_claim_index();
                }
                Ok(Edit::RemoveClaim(id))
            }
            Edit::RemoveClaim(id) => {
                let at = self.claim_pos.get(&id).copied().ok_or(EditError::NoClaim(id))?;
                let used = self.annotations.values().filter(|a| a.claim == Some(id)).count();
                if used > 0 {
                    return Err(EditError::ClaimInUse(self.claims[at].label.clone(), used));
                }
                let claim = self.claims.remove(at);
                if at == self.claims.len() {
                    self.claim_pos.remove(&id);
                } else {
                    self.rebuild_claim_index();
                }
                Ok(Edit::AddClaim { claim, at: Some(at) })
            }
            Edit::UpdateClaim { id, to } => {
                if to.label.trim().is_empty() {
                    return Err(EditError::EmptyClaimLabel);
                }
                let at = self.claim_pos.get(&id).copied().ok_or(EditError::NoClaim(id))?;
                let claim = &mut self.claims[at];
                let old = claim.fields();
                claim.set_fields(to);
                Ok(Edit::UpdateClaim { id, to: old })
            }
            Edit::AddAnnotation(a) => {
                if self.annotations.contains_key(&a.id) {
                    return Err(EditError::IdInUse(a.id.to_string()));
                }
                self.check_annotation(a.doc, &a.fields())?;
                self.ids.observe(a.id.0);
                let id = a.id;
                touched.insert(a.doc);
                self.annotations.insert(id, a);
                Ok(Edit::RemoveAnnotation(id))
            }
            Edit::RemoveAnnotation(id) => {
                let a = self.annotations.remove(&id).ok_or(EditError::NoAnnotation(id))?;
                touched.insert(a.doc);
                Ok(Edit::AddAnnotation(a))
            }
            Edit::UpdateAnnotation { id, to } => {
                let doc = self.annotations.get(&id).ok_or(EditError::NoAnnotation(id))?.doc;
                self.check_annotation(doc, &to)?;
                let a = self.annotations.get_mut(&id).ok_or(EditError::NoAnnotation(id))?;
                let old = a.fields();
                a.set_fields(to);
                touched.insert(doc);
                Ok(Edit::UpdateAnnotation { id, to: old })
            }
            Edit::AddConflict { conflict, at } => {
                let at = position(at, self.conflicts.len())?;
                self.conflicts.insert(at, conflict);
                Ok(Edit::RemoveConflict(at))
            }
            Edit::RemoveConflict(at) => {
                if at >= self.conflicts.len() {
                    return Err(EditError::BadPosition(at));
                }
                Ok(Edit::AddConflict { conflict: self.conflicts.remove(at), at: Some(at) })
            }
            Edit::AddDismissal { dismissal, at } => {
                let at = position(at, self.dismissed.len())?;
                self.dismissed.insert(at, dismissal);
                Ok(Edit::RemoveDismissal(at))
            }
            Edit::RemoveDismissal(at) => {
                if at >= self.dismissed.len() {
                    return Err(EditError::BadPosition(at));
                }
                Ok(Edit::AddDismissal { dismissal: self.dismissed.remove(at), at: Some(at) })
            }
            Edit::AddDecision { decision, at } => {
                let at = position(at, self.decisions.len())?;
                self.decisions.insert(at, decision);
                Ok(Edit::RemoveDecision(at))
            }
            Edit::RemoveDecision(at) => {
                if at >= self.decisions.len() {
                    return Err(EditError::BadPosition(at));
                }
                Ok(Edit::AddDecision { decision: self.decisions.remove(at), at: Some(at) })
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for e in edits {
                    match self.apply_inner(e, touched, docs_changed) {
                        Ok(inv) => inverses.push(inv),
                        Err(err) => {
                            // Roll back what this batch did, newest first. Each inverse undoes a
                            // change that just succeeded, so it cannot fail.
                            for inv in inverses.into_iter().rev() {
                                let _ = self.apply_inner(inv, touched, docs_changed);
                            }
                            return Err(err);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }

    fn check_annotation(&self, doc: DocId, f: &AnnotationFields) -> Result<(), EditError> {
        let d = self.document(doc).ok_or(EditError::NoDocument(doc))?;
        self.check_fields(doc, d.text.len_chars(), f)
    }

    /// Checks fields of an annotation of `doc`, whose text has `len` chars.
    fn check_fields(&self, doc: DocId, len: usize, f: &AnnotationFields) -> Result<(), EditError> {
        if f.start >= f.end {
            return Err(EditError::EmptySpan { start: f.start, end: f.end });
        }
        if f.end > len {
            return Err(EditError::OutOfRange { doc, start: f.start, end: f.end, len });
        }
        if self.tag(f.tag).is_none() {
            return Err(EditError::NoTag(f.tag));
        }
        if let Some(c) = f.claim
            && self.claim(c).is_none()
        {
            return Err(EditError::NoClaim(c));
        }
        Ok(())
    }

    fn check_tag_fields(&self, own: Option<TagId>, f: &TagFields) -> Result<(), EditError> {
        if f.name.trim().is_empty() {
            return Err(EditError::EmptyTagName);
        }
        if let Some(&other) = self.tag_names.get(&f.name.to_lowercase())
            && Some(other) != own
        {
            let name = self.tag(other).map(|t| t.name.clone()).unwrap_or_default();
            return Err(EditError::TagNameTaken(name));
        }
        // Only a tag with a key is compared with the others (few have one).
        if let Some(key) = f.key
            && let Some(t) = self.tags.iter().find(|t| Some(t.id) != own && t.key == Some(key))
        {
            return Err(EditError::KeyTaken { key, tag: t.name.clone() });
        }
        Ok(())
    }
}

fn position(at: Option<usize>, len: usize) -> Result<usize, EditError> {
    match at {
        None => Ok(len),
        Some(i) if i <= len => Ok(i),
        Some(i) => Err(EditError::BadPosition(i)),
    }
}

impl Edit {
    /// A batch, or the single edit itself when there is only one.
    pub fn batch(mut edits: Vec<Edit>) -> Edit {
        if edits.len() == 1 { edits.pop().unwrap_or(Edit::Batch(Vec::new())) } else { Edit::Batch(edits) }
    }

    /// True for an edit that changes nothing (an empty batch).
    pub fn is_noop(&self) -> bool {
        matches!(self, Edit::Batch(v) if v.iter().all(Edit::is_noop))
    }
}
