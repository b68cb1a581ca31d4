//! Builders for the edits the app and the command line make. Each returns an [`Edit`] value
//! (often a batch) to hand to [`Project::apply`] or a [`History`](super::History); none changes
//! the project itself.

use std::ops::Range;

use super::anchor::{self, Anchoring};
use super::annotation::{Annotation, Quote};
use super::claim::{Claim, ClaimFields};
use super::document::{Document, DocumentFields};
use super::edit::{Edit, EditError};
use super::ids::{AnnotationId, ClaimId, DocId, TagId};
use super::project::Project;
use super::tag::{Colour, TagDef, TagFields, next_colour};
use super::text::Text;

/// What a new annotation says, apart from where it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewAnnotation {
    pub note: String,
    pub speaker: String,
    pub claim: Option<ClaimId>,
    /// RFC 3339 UTC time of creation.
    pub created: String,
    /// The analyst who makes it.
    pub created_by: String,
}

/// A document to add; the id is given when it is added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewDocument {
    pub title: String,
    pub source: String,
    pub url: String,
    pub published: String,
    pub byline: String,
    /// The outlet's section, when known.
    pub section: String,
    pub text: Text,
}

impl Project {
    /// Adds an annotation of `tag` over char range `r` of `doc`.
    pub fn annotate(
        &self,
        doc: DocId,
        r: Range<usize>,
        tag: TagId,
        extra: NewAnnotation,
    ) -> Result<(AnnotationId, Edit), EditError> {
        let d = self.document(doc).ok_or(EditError::NoDocument(doc))?;
        if r.start >= r.end {
            return Err(EditError::EmptySpan { start: r.start, end: r.end });
        }
        if r.end > d.text.len_chars() {
            return Err(EditError::OutOfRange { doc, start: r.start, end: r.end, len: d.text.len_chars() });
        }
        let id = AnnotationId(self.fresh_id()?);
        let a = Annotation {
            note: extra.note.into(),
            speaker: extra.speaker.into(),
            claim: extra.claim,
            created: extra.created.into(),
            created_by: extra.created_by.into(),
            ..Annotation::over(id, doc, &d.text, r, tag)
        };
        Ok((id, Edit::AddAnnotation(a)))
    }

    /// Tags `range` of `doc` with `tag` and links it to the claim of annotation `source`, in one
    /// edit; a source with no claim yet gets one, named after its quote, and both are linked.
    /// Returns the new annotation's id.
    pub fn tag_and_link(
        &self,
        source: AnnotationId,
        doc: DocId,
        range: Range<usize>,
        tag: TagId,
        made: &NewAnnotation,
    ) -> Result<(AnnotationId, Edit), EditError> {
        let a = self.annotation(source).ok_or(EditError::NoAnnotation(source))?;
        let d = self.document(doc).ok_or(EditError::NoDocument(doc))?;
        if range.start >= range.end {
            return Err(EditError::EmptySpan { start: range.start, end: range.end });
        }
        if range.end > d.text.len_chars() {
            return Err(EditError::OutOfRange { doc, start: range.start, end: range.end, len: d.text.len_chars() });
        }
        self.tag(tag).ok_or(EditError::NoTag(tag))?;
        // The same passage, tag and claim again would be a copy the counts take twice (a second
        // click on "Fact + link" made one).
        if a.claim.is_some()
            && self
                .overlapping(doc, range.clone())
                .filter_map(|e| self.annotation(e.id))
                .any(|x| (x.start, x.end, x.tag, x.claim) == (range.start, range.end, tag, a.claim))
        {
            return Err(EditError::AlreadyLinked);
        }
        let ids = self.fresh_ids(2)?;
        let (new_id, claim_id) = (AnnotationId(ids.start), ClaimId(ids.start + 1));
        let claim = a.claim.unwrap_or(claim_id);
        let added = Annotation {
            claim: Some(claim),
            created: made.created.clone().into(),
            created_by: made.created_by.clone().into(),
            note: made.note.clone().into(),
            speaker: made.speaker.clone().into(),
            ..Annotation::over(new_id, doc, &d.text, range, tag)
        };
        if a.claim.is_some() {
            return Ok((new_id, Edit::AddAnnotation(added)));
        }
        // The claim is named after the whole passage it started from (the analyst renames it).
        let label = a.quote.exact.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut to_source = a.fields();
        to_source.claim = Some(claim);
        Ok((
            new_id,
            Edit::batch(vec![
                Edit::AddClaim { claim: Claim::new(claim, label, ""), at: None },
                Edit::UpdateAnnotation { id: a.id, to: to_source },
                Edit::AddAnnotation(added),
            ]),
        ))
    }

    /// Links `found`, an annotation already over a passage found in another article, to the
    /// claim of `source` (a claim made of both, named as [`Project::tag_and_link`] names it,
    /// when `source` has none): tagging the passage again had made a second annotation over
    /// the first.
    pub fn link_found(&self, source: AnnotationId, found: AnnotationId) -> Result<Edit, EditError> {
        let a = self.annotation(source).ok_or(EditError::NoAnnotation(source))?;
        let f = self.annotation(found).ok_or(EditError::NoAnnotation(found))?;
        match a.claim {
            Some(_) if f.claim == a.claim => Err(EditError::AlreadyLinked),
            Some(claim) => self.link(found, Some(claim)),
            None => {
                let label = a.quote.exact.split_whitespace().collect::<Vec<_>>().join(" ");
                self.new_claim(&label, "", &[source, found]).map(|(_, edit)| edit)
            }
        }
    }

    /// Changes the tag of an annotation.
    pub fn retag(&self, id: AnnotationId, tag: TagId) -> Result<Edit, EditError> {
        let mut to = self.annotation(id).ok_or(EditError::NoAnnotation(id))?.fields();
        to.tag = tag;
        Ok(Edit::UpdateAnnotation { id, to })
    }

    /// Moves an annotation's edges to `r`, with a fresh quote.
    pub fn resize(&self, id: AnnotationId, r: Range<usize>) -> Result<Edit, EditError> {
        let a = self.annotation(id).ok_or(EditError::NoAnnotation(id))?;
        let d = self.document(a.doc).ok_or(EditError::NoDocument(a.doc))?;
        let mut to = a.fields();
        to.quote = Quote::of(&d.text, r.clone());
        to.start = r.start;
        to.end = r.end;
        Ok(Edit::UpdateAnnotation { id, to })
    }

    /// Sets the note and speaker of an annotation.
    pub fn describe(&self, id: AnnotationId, note: &str, speaker: &str) -> Result<Edit, EditError> {
        let mut to = self.annotation(id).ok_or(EditError::NoAnnotation(id))?.fields();
        to.note = note.to_owned().into();
        to.speaker = speaker.to_owned().into();
        Ok(Edit::UpdateAnnotation { id, to })
    }

    /// Links an annotation to a claim, or unlinks it (`None`).
    pub fn link(&self, id: AnnotationId, claim: Option<ClaimId>) -> Result<Edit, EditError> {
        let mut to = self.annotation(id).ok_or(EditError::NoAnnotation(id))?.fields();
        to.claim = claim;
        Ok(Edit::UpdateAnnotation { id, to })
    }

    /// Makes a new claim, and links the given annotations to it.
    pub fn new_claim(&self, label: &str, note: &str, link: &[AnnotationId]) -> Result<(ClaimId, Edit), EditError> {
        if label.trim().is_empty() {
            return Err(EditError::EmptyClaimLabel);
        }
        let id = ClaimId(self.fresh_id()?);
        let mut edits = vec![Edit::AddClaim { claim: Claim::new(id, label.trim(), note), at: None }];
        for &a in link {
            let mut to = self.annotation(a).ok_or(EditError::NoAnnotation(a))?.fields();
            to.claim = Some(id);
            edits.push(Edit::UpdateAnnotation { id: a, to });
        }
        Ok((id, Edit::batch(edits)))
    }

    /// Renames a claim or changes its note.
    pub fn update_claim(&self, id: ClaimId, label: &str, note: &str) -> Result<Edit, EditError> {
        self.claim(id).ok_or(EditError::NoClaim(id))?;
        Ok(Edit::UpdateClaim {
            id,
            to: ClaimFields {
                label: label.trim().to_owned(),
                note: note.to_owned(),
                ..self.claim(id).map(Claim::fields).unwrap_or_default()
            },
        })
    }

    /// Deletes a claim, unlinking its annotations (which stay).
    pub fn delete_claim(&self, id: ClaimId) -> Result<Edit, EditError> {
        self.claim(id).ok_or(EditError::NoClaim(id))?;
        let mut edits: Vec<Edit> = self
            .claim_links(id)
            .map(|a| {
                let mut to = a.fields();
                to.claim = None;
                Edit::UpdateAnnotation { id: a.id, to }
            })
            .collect();
        edits.push(Edit::RemoveClaim(id));
        Ok(Edit::batch(edits))
    }

    /// Moves every link of `from` to `into` and deletes `from`; the notes are joined.
    pub fn merge_claims(&self, into: ClaimId, from: ClaimId) -> Result<Edit, EditError> {
        let keep = self.claim(into).ok_or(EditError::NoClaim(into))?;
        let gone = self.claim(from).ok_or(EditError::NoClaim(from))?;
        if into == from {
            return Ok(Edit::Batch(Vec::new()));
        }
        let mut edits: Vec<Edit> = self
            .claim_links(from)
            .map(|a| {
                let mut to = a.fields();
                to.claim = Some(into);
                Edit::UpdateAnnotation { id: a.id, to }
            })
            .collect();
        edits.push(Edit::RemoveClaim(from));
        let note = match (keep.note.trim(), gone.note.trim()) {
            (a, "") => a.to_owned(),
            ("", b) => b.to_owned(),
            (a, b) => format!("{a}\n\n{b}"),
        };
        if note != keep.note {
            edits.push(Edit::UpdateClaim { id: into, to: ClaimFields { note, ..keep.fields() } });
        }
        Ok(Edit::batch(edits))
    }

    /// A new tag with the next unused palette colour and digit key.
    pub fn new_tag(&self, name: &str) -> Result<(TagId, Edit), EditError> {
        let id = TagId(self.fresh_id()?);
        let used: Vec<Colour> = self.tags().iter().map(|t| t.colour).collect();
        let colour = next_colour(&used);
        let key = ('1'..='9').find(|k| self.tag_for_key(*k).is_none());
        let tag = TagDef { id, name: name.trim().to_owned(), colour, key, description: String::new() };
        Ok((id, Edit::AddTag { tag, at: None }))
    }

    /// Changes a tag's name, colour, key and description.
    pub fn update_tag(&self, id: TagId, to: TagFields) -> Result<Edit, EditError> {
        self.tag(id).ok_or(EditError::NoTag(id))?;
        Ok(Edit::UpdateTag { id, to })
    }

    /// Recolours a tag.
    pub fn recolour_tag(&self, id: TagId, colour: Colour) -> Result<Edit, EditError> {
        let mut to = self.tag(id).ok_or(EditError::NoTag(id))?.fields();
        to.colour = colour;
        Ok(Edit::UpdateTag { id, to })
    }

    /// Deletes a tag. Its annotations move to `reassign`, or are deleted with it when `None`.
    pub fn delete_tag(&self, id: TagId, reassign: Option<TagId>) -> Result<Edit, EditError> {
        self.tag(id).ok_or(EditError::NoTag(id))?;
        if let Some(to) = reassign {
            self.tag(to).ok_or(EditError::NoTag(to))?;
        }
        let mut edits: Vec<Edit> = self
            .annotations()
            .filter(|a| a.tag == id)
            .map(|a| match reassign {
                Some(tag) if tag != id => {
                    let mut to = a.fields();
                    to.tag = tag;
                    Edit::UpdateAnnotation { id: a.id, to }
                }
                _ => Edit::RemoveAnnotation(a.id),
            })
            .collect();
        edits.push(Edit::RemoveTag(id));
        Ok(Edit::batch(edits))
    }

    /// Adds a document at the end of the list.
    pub fn add_document(
        &self,
        title: &str,
        source: &str,
        url: &str,
        published: &str,
        text: Text,
    ) -> Result<(DocId, Edit), EditError> {
        let new = NewDocument {
            title: title.to_owned(),
            source: source.to_owned(),
            url: url.to_owned(),
            published: published.to_owned(),
            byline: String::new(),
            section: String::new(),
            text,
        };
        let (ids, edit) = self.add_documents(vec![new])?;
        Ok((ids[0], edit))
    }

    /// Adds documents at the end of the list, as one edit.
    pub fn add_documents(&self, docs: Vec<NewDocument>) -> Result<(Vec<DocId>, Edit), EditError> {
        let ids: Vec<DocId> = self.fresh_ids(docs.len())?.map(DocId).collect();
        let edits = docs
            .into_iter()
            .zip(&ids)
            .map(|(d, &id)| Edit::AddDocument {
                doc: Document {
                    id,
                    title: d.title,
                    source: d.source,
                    url: d.url,
                    published: d.published,
                    byline: d.byline,
                    section: d.section,
                    text: d.text,
                },
                at: None,
            })
            .collect();
        Ok((ids, Edit::batch(edits)))
    }

    /// Deletes a document and its annotations.
    pub fn delete_document(&self, id: DocId) -> Result<Edit, EditError> {
        self.document(id).ok_or(EditError::NoDocument(id))?;
        let mut edits: Vec<Edit> =
            self.annotations().filter(|a| a.doc == id).map(|a| Edit::RemoveAnnotation(a.id)).collect();
        edits.push(Edit::RemoveDocument(id));
        Ok(Edit::batch(edits))
    }

    /// Changes an article's details (title, outlet, date, byline, address, section). Fields are
    /// trimmed and line breaks become spaces, since every export writes them on one line; the title
    /// may not be empty, since lists and exports name the article by it.
    pub fn update_document(&self, id: DocId, to: &DocumentFields) -> Result<Edit, EditError> {
        let doc = self.document(id).ok_or(EditError::NoDocument(id))?;
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let to = DocumentFields {
            title: one_line(&to.title),
            source: one_line(&to.source),
            url: to.url.trim().to_owned(),
            published: one_line(&to.published),
            byline: one_line(&to.byline),
            section: one_line(&to.section),
        };
        if to.title.is_empty() {
            return Err(EditError::EmptyTitle);
        }
        if to == doc.fields() {
            return Err(EditError::NoChange);
        }
        Ok(Edit::UpdateDocument { id, to })
    }

    /// Deletes `range` of an article's text (page furniture such as "Skip to main content").
    /// Annotations after it move back; those inside it go; those it cuts keep what is left, their
    /// quotes taken afresh. One edit, so one undo restores text and annotations alike.
    pub fn delete_text(&self, id: DocId, range: Range<usize>) -> Result<Edit, EditError> {
        let doc = self.document(id).ok_or(EditError::NoDocument(id))?;
        let len = doc.text.len_chars();
        if range.start >= range.end {
            return Err(EditError::EmptySpan { start: range.start, end: range.end });
        }
        if range.end > len {
            return Err(EditError::OutOfRange { doc: id, start: range.start, end: range.end, len });
        }
        let cut = range.end - range.start;
        let old = doc.text.as_str();
        let bytes = doc.text.byte_range(range.clone());
        let text = Text::new(format!("{}{}", &old[..bytes.start], &old[bytes.end..]));
        // Where an old offset lands once the range is gone.
        let map = |c: usize| {
            if c <= range.start {
                c
            } else if c >= range.end {
                c - cut
            } else {
                range.start
            }
        };
        let mut edits = Vec::new();
        let mut moves = Vec::new();
        for a in self.annotations().filter(|a| a.doc == id) {
            let (start, end) = (map(a.start), map(a.end));
            if start >= end {
                edits.push(Edit::RemoveAnnotation(a.id));
                continue;
            }
            if (start, end) == (a.start, a.end) {
                continue;
            }
            let mut to = a.fields();
            to.start = start;
            to.end = end;
            to.quote = Quote::of(&text, start..end);
            moves.push((a.id, to));
        }
        edits.push(Edit::ReplaceText { id, text, moves });
        Ok(Edit::batch(edits))
    }

    /// Deletes the paragraph (line) that holds char `at`, with the blank lines that separate it
    /// from the next, so that the spacing around it stays as it was. See [`Project::delete_text`].
    pub fn delete_paragraph(&self, id: DocId, at: usize) -> Result<Edit, EditError> {
        let doc = self.document(id).ok_or(EditError::NoDocument(id))?;
        let range = doc.text.paragraph_cut(at).ok_or(EditError::OutOfRange {
            doc: id,
            start: at,
            end: at + 1,
            len: doc.text.len_chars(),
        })?;
        if range == (0..doc.text.len_chars()) {
            return Err(EditError::WholeText);
        }
        self.delete_text(id, range)
    }

    /// Replaces a document's text and re-anchors its annotations by their quotes. Annotations that
    /// cannot be placed stay as orphans, their offsets clamped into the new text; if the new text
    /// is empty they are removed with it.
    pub fn replace_text(&self, id: DocId, text: Text) -> Result<Edit, EditError> {
        let was = &self.document(id).ok_or(EditError::NoDocument(id))?.text;
        let len = text.len_chars();
        let mut moves = Vec::new();
        let mut removals = Vec::new();
        let mut budget = anchor::Budget::default();
        for a in self.annotations().filter(|a| a.doc == id) {
            let mut to = a.fields();
            match anchor::reanchor_within(&text, was, a, &mut budget) {
                Anchoring::Exact => continue,
                Anchoring::Moved(r) | Anchoring::Fuzzy { range: r, .. } => {
                    to.quote = Quote::of(&text, r.clone());
                    to.start = r.start;
                    to.end = r.end;
                }
                Anchoring::Orphan if len == 0 => {
                    removals.push(Edit::RemoveAnnotation(a.id));
                    continue;
                }
                Anchoring::Orphan => {
                    // Keep the old quote, so that the orphan can still be found by hand, with
                    // the context it had: the new text's is not its own.
                    to.quote = a.quote.with_context_from(was, a.range());
                    to.end = a.end.clamp(1, len);
                    to.start = a.start.min(to.end - 1);
                }
            }
            moves.push((a.id, to));
        }
        removals.push(Edit::ReplaceText { id, text, moves });
        Ok(Edit::batch(removals))
    }
}
