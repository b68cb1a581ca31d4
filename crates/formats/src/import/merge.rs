//! Merging annotations from another file (a JSON or W3C export, a brat folder) into the open
//! project, as one undoable edit.
//!
//! Articles are matched by identical text, then by title; an article that matches none is added
//! when the file carries its text. Tags and claims are matched by name and label, and made when
//! missing. Each annotation is re-anchored in its article by its quote (the offsets first, then
//! the quote with its context, then an approximate match); one that cannot be placed is kept as
//! an orphan, never dropped. An annotation identical to one already there (same article, span
//! and tag) is skipped.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::model::anchor::{Anchoring, Budget, anchor_quote_within};
use crate::model::{
    Annotation, AnnotationId, Claim, ClaimId, Colour, DocId, Document, Edit, EditError, IdGen, Project, Quote, TagDef,
    TagId, Text, TextQuote, next_colour, short,
};

/// An article as another file describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncomingDoc {
    /// The file's own name for it (an id, an IRI, a file stem).
    pub key: String,
    pub title: String,
    pub source: String,
    pub url: String,
    pub published: String,
    pub byline: String,
    pub section: String,
    /// The text, when the file carries it.
    pub text: Option<String>,
}

/// A tag as another file describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncomingTag {
    pub name: String,
    pub colour: Option<Colour>,
    pub key: Option<char>,
    pub description: String,
}

/// A claim as another file describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncomingClaim {
    pub key: String,
    pub label: String,
    pub note: String,
}

/// An annotation as another file describes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncomingAnnotation {
    /// Key of its [`IncomingDoc`].
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub quote: TextQuote,
    /// Tag name.
    pub tag: String,
    pub note: String,
    pub speaker: String,
    /// Key of its [`IncomingClaim`].
    pub claim: Option<String>,
    pub created: String,
    pub created_by: String,
}

/// What a file offers for merging.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Incoming {
    pub documents: Vec<IncomingDoc>,
    pub tags: Vec<IncomingTag>,
    pub claims: Vec<IncomingClaim>,
    pub annotations: Vec<IncomingAnnotation>,
    /// Things in the file that claimscope does not read (brat relations, say), for the report.
    pub ignored: Vec<String>,
    /// The people the file names as its coders (REFI-QDA users), for the report; each
    /// annotation keeps its own in `created_by`.
    pub users: Vec<String>,
    /// Source files a REFI-QDA project names outside its archive, read or not.
    pub external: Vec<super::qdpx::ExternalSource>,
}

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub added: usize,
    pub duplicates: usize,
    /// Added on a passage an annotation of the same tag already covers, their note or speaker
    /// differing from it.
    pub beside: usize,
    /// Added, but their quote was not found: kept as orphans.
    pub orphaned: usize,
    /// The quotes of the orphans, shortened, for the report.
    pub orphans: Vec<String>,
    /// Re-anchored to where their quote is now.
    pub moved: usize,
    /// Not added: their article is not in the project and the file does not carry its text.
    pub unplaced: usize,
    pub new_documents: usize,
    pub new_tags: Vec<String>,
    pub new_claims: usize,
    pub ignored: Vec<String>,
    /// The coders the file names.
    pub users: Vec<String>,
    /// Files outside the file imported that were read for it (a REFI-QDA project's sources, when
    /// allowed): each named, since any path could be (`/etc/passwd` had come in as "1 new
    /// article").
    pub outside: Vec<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} annotation(s) added ({} re-anchored, {} kept as orphans), {} duplicate(s) skipped",
            self.added, self.moved, self.orphaned, self.duplicates
        )?;
        if !self.orphans.is_empty() {
            let shown: Vec<String> = self.orphans.iter().take(5).map(|q| format!("“{q}”")).collect();
            let more =
                if self.orphans.len() > 5 { format!(" and {} more", self.orphans.len() - 5) } else { String::new() };
            write!(f, " (orphans: {}{more})", shown.join(", "))?;
        }
        if self.beside > 0 {
            write!(
                f,
                ", {} added beside an annotation of the same passage and tag (their note or speaker differs)",
                self.beside
            )?;
        }
        if self.unplaced > 0 {
            write!(f, ", {} skipped because their article is not in the project", self.unplaced)?;
        }
        if self.new_documents > 0 {
            write!(f, "; {} new article(s)", self.new_documents)?;
        }
        if !self.new_tags.is_empty() {
            // The first twenty named: a file of 15,000 new tags printed a 109 KB line.
            let more = self.new_tags.len().saturating_sub(20);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            write!(f, "; new tag(s): {}{more}", self.new_tags[..self.new_tags.len().min(20)].join(", "))?;
        }
        if self.new_claims > 0 {
            write!(f, "; {} new claim(s)", self.new_claims)?;
        }
        if !self.users.is_empty() {
            write!(f, "; coded by {}", self.users.join(", "))?;
        }
        if !self.outside.is_empty() {
            write!(f, "; read from outside the file: {}", self.outside.join(", "))?;
        }
        if !self.ignored.is_empty() {
            write!(f, "; not read: {}", self.ignored.join("; "))?;
        }
        Ok(())
    }
}

/// The edit that merges `incoming` into `project`, and what it will do. Fails only when the
/// project has no ids left.
pub fn merge(project: &Project, incoming: &Incoming) -> Result<(Edit, Report), EditError> {
    let outside = incoming.external.iter().filter(|e| e.read).map(|e| e.path.display().to_string()).collect();
    let mut report =
        Report { ignored: incoming.ignored.clone(), users: incoming.users.clone(), outside, ..Report::default() };
    let mut ids = IdGen::starting_at(project.next_id());
    let mut exhausted = false;
    let mut take = || {
        ids.take().unwrap_or_else(|| {
            exhausted = true;
            0
        })
    };
    let mut edits = Vec::new();

    // Tags by name.
    let mut tag_of: HashMap<String, TagId> = project.tags().iter().map(|t| (t.name.to_lowercase(), t.id)).collect();
    let mut keys: HashSet<char> = project.tags().iter().filter_map(|t| t.key).collect();
    // Sets, not lists: a code book of 100,000 codes is looked up as many times.
    let mut colours: HashSet<Colour> = project.tags().iter().map(|t| t.colour).collect();
    let mut wanted: Vec<IncomingTag> = incoming.tags.clone();
    let mut named: HashSet<String> = wanted.iter().map(|t| t.name.to_lowercase()).collect();
    for a in &incoming.annotations {
        if named.insert(a.tag.to_lowercase()) {
            wanted.push(IncomingTag { name: a.tag.clone(), ..IncomingTag::default() });
        }
    }
    for t in wanted {
        let name = t.name.trim();
        if name.is_empty() || tag_of.contains_key(&name.to_lowercase()) {
            continue;
        }
        let id = TagId(take());
        let colour = t.colour.filter(|c| !colours.contains(c)).unwrap_or_else(|| {
            let used: Vec<Colour> = colours.iter().copied().collect();
            next_colour(&used)
        });
        colours.insert(colour);
        let key = t
            .key
            .filter(|k| !keys.contains(k) && crate::model::is_tag_key(*k))
            .or_else(|| ('1'..='9').find(|k| !keys.contains(k)));
        if let Some(k) = key {
            keys.insert(k);
        }
        edits.push(Edit::AddTag {
            tag: TagDef { id, name: name.to_owned(), colour, key, description: t.description.clone() },
            at: None,
        });
        tag_of.insert(name.to_lowercase(), id);
        report.new_tags.push(name.to_owned());
    }

    // Claims by label.
    let mut claim_by_label: HashMap<String, ClaimId> =
        project.claims().iter().map(|c| (c.label.trim().to_lowercase(), c.id)).collect();
    let mut claim_of: HashMap<String, ClaimId> = HashMap::new();
    for c in &incoming.claims {
        let label = c.label.trim();
        if label.is_empty() {
            continue;
        }
        let id = match claim_by_label.get(&label.to_lowercase()) {
            Some(id) => *id,
            None => {
                let id = ClaimId(take());
                edits.push(Edit::AddClaim { claim: Claim::new(id, label, c.note.clone()), at: None });
                claim_by_label.insert(label.to_lowercase(), id);
                report.new_claims += 1;
                id
            }
        };
        claim_of.insert(c.key.clone(), id);
    }

    // Articles: same text, else same address, else same title, else new (when the text is there).
    let mut texts: HashMap<DocId, Text> = project.documents().iter().map(|d| (d.id, d.text.clone())).collect();
    let mut doc_of: HashMap<String, DocId> = HashMap::new();
    // The project's articles by text, address and title (the first of each), looked up once
    // per incoming article: a scan of the project for each made 40,000 sources take 41 s.
    let mut doc_by_text: HashMap<&str, DocId> = HashMap::new();
    let mut doc_by_url: HashMap<&str, DocId> = HashMap::new();
    let mut doc_by_title: HashMap<String, DocId> = HashMap::new();
    for x in project.documents() {
        doc_by_text.entry(x.text.as_str()).or_insert(x.id);
        if !x.url.trim().is_empty() {
            doc_by_url.entry(x.url.trim()).or_insert(x.id);
        }
        doc_by_title.entry(x.title.trim().to_lowercase()).or_insert(x.id);
    }
    // The quotes of each incoming article, for the articles matched by their quotes alone.
    let mut quotes_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for a in incoming.annotations.iter().filter(|a| !a.quote.exact.is_empty()) {
        quotes_of.entry(a.doc.as_str()).or_default().push(a.quote.exact.as_str());
    }
    let mut search_left: usize = MAX_SEARCHED;
    let mut searched_out = false;
    for d in &incoming.documents {
        let by_text = d.text.as_ref().and_then(|t| doc_by_text.get(t.as_str()).copied());
        let by_url = || {
            let key = if d.url.is_empty() { d.key.as_str() } else { d.url.as_str() };
            doc_by_url.get(key.trim()).copied()
        };
        let by_title =
            || (!d.title.is_empty()).then(|| doc_by_title.get(&d.title.trim().to_lowercase()).copied()).flatten();
        let found = by_text.or_else(by_url).or_else(by_title);
        let id = match (found, &d.text) {
            (Some(id), _) => id,
            (None, Some(text)) => {
                let id = DocId(take());
                let text = Text::new(text.clone());
                texts.insert(id, text.clone());
                edits.push(Edit::AddDocument {
                    doc: Document {
                        id,
                        title: if d.title.trim().is_empty() {
                            crate::import::text::title_from(text.as_str())
                        } else {
                            d.title.clone()
                        },
                        source: d.source.clone(),
                        url: d.url.clone(),
                        published: d.published.clone(),
                        byline: d.byline.clone(),
                        section: d.section.clone(),
                        text,
                    },
                    at: None,
                });
                report.new_documents += 1;
                id
            }
            (None, None) => {
                // No text, address or title match: an article that holds every one of its quotes
                // (strong evidence it is the same text); otherwise its annotations are skipped
                // and reported, never attached to a guess.
                // The search is paid from one budget for the file: 7,000 such articles against
                // a 1,000-article project took 34 s.
                let quotes: &[&str] = quotes_of.get(d.key.as_str()).map_or(&[], Vec::as_slice);
                let mut holds_all = |x: &&crate::model::Document| {
                    !quotes.is_empty()
                        && quotes.iter().all(|q| match search_left.checked_sub(x.text.as_str().len()) {
                            Some(left) => {
                                search_left = left;
                                x.text.as_str().contains(*q)
                            }
                            None => {
                                searched_out = true;
                                false
                            }
                        })
                };
                match project.documents().iter().find(&mut holds_all) {
                    Some(x) => x.id,
                    None => continue,
                }
            }
        };
        doc_of.insert(d.key.clone(), id);
    }
    if searched_out {
        report.ignored.push(format!(
            "articles without their text not looked for by their quotes past the first {} MB of the project's text searched",
            MAX_SEARCHED >> 20
        ));
    }

    // Annotations.
    // Per passage and tag: the note and speaker of each annotation there (hashed; 0 for none).
    // One that says nothing another there does not is a duplicate; one with a note or speaker
    // of its own is the colleague's word and is added beside it (88 notes had been skipped as
    // duplicates, unsaid).
    let said = |s: &str| if s.trim().is_empty() { 0 } else { crate::model::hash::fnv1a(s.trim().as_bytes()) | 1 };
    type Place = (DocId, usize, usize, TagId);
    let mut seen: HashMap<Place, Vec<(u64, u64)>> = HashMap::new();
    for a in project.annotations() {
        seen.entry((a.doc, a.start, a.end, a.tag)).or_default().push((said(&a.note), said(&a.speaker)));
    }
    // One budget for placing the whole file's quotes (see `anchor::ANCHOR_BUDGET`).
    let mut budget = Budget::default();
    // Bytes of quotes and notes the added annotations hold: a small file can have a long
    // passage quoted thousands of times (10,000 brat spans over one article took 4 GB).
    let mut held = 0usize;
    let mut over = 0usize;
    for a in &incoming.annotations {
        let (Some(&doc), Some(&tag)) = (doc_of.get(&a.doc), tag_of.get(&a.tag.trim().to_lowercase())) else {
            report.unplaced += 1;
            continue;
        };
        let Some(text) = texts.get(&doc) else {
            report.unplaced += 1;
            continue;
        };
        let len = text.len_chars();
        if len == 0 {
            report.unplaced += 1;
            continue;
        }
        // A quote left empty (a brat span in several pieces) is read from the article.
        let fill = a.quote.exact.is_empty() && a.start < a.end && a.end <= len;
        // Each annotation's own copies: its quote, note, speaker, coder and date.
        let cost = if fill { a.end - a.start } else { a.quote.exact.len() }
            + a.note.len()
            + a.speaker.len()
            + a.created_by.len()
            + a.created.len();
        if held.saturating_add(cost) > MAX_HELD {
            over += 1;
            continue;
        }
        let exact = if fill { text.slice(a.start..a.end).to_owned() } else { a.quote.exact.clone() };
        let a = &IncomingAnnotation { quote: TextQuote { exact, ..a.quote.clone() }, ..a.clone() };
        let placed = place(text, a, &mut budget);
        let (range, quote) = match &placed {
            Placed::Offsets(r) | Placed::Moved(r) => (r.clone(), Quote::of(text, r.clone())),
            Placed::Orphan => {
                let end = a.end.clamp(1, len);
                (a.start.min(end - 1)..end, Quote::kept(a.quote.clone()))
            }
        };
        let here = seen.entry((doc, range.start, range.end, tag)).or_default();
        let (note, speaker) = (said(&a.note), said(&a.speaker));
        if here.iter().any(|&(n, s)| (note == 0 || note == n) && (speaker == 0 || speaker == s)) {
            report.duplicates += 1;
            continue;
        }
        if !here.is_empty() {
            report.beside += 1;
        }
        here.push((note, speaker));
        // Counted once it is added, not before the duplicate check (an orphan that was a
        // duplicate was counted as both).
        match placed {
            Placed::Moved(_) => report.moved += 1,
            Placed::Orphan => {
                report.orphaned += 1;
                report.orphans.push(short(&a.quote.exact));
            }
            Placed::Offsets(_) => {}
        }
        held += quote.exact.len() + a.quote.prefix.len() + a.quote.suffix.len() + a.note.len();
        let id = AnnotationId(take());
        edits.push(Edit::AddAnnotation(Annotation {
            id,
            doc,
            start: range.start,
            end: range.end,
            quote,
            tag,
            note: a.note.clone().into(),
            speaker: a.speaker.clone().into(),
            claim: a.claim.as_ref().and_then(|k| claim_of.get(k)).copied(),
            created: a.created.clone().into(),
            created_by: a.created_by.clone().into(),
            modified: Default::default(),
            modified_by: Default::default(),
            linked: Default::default(),
            linked_by: Default::default(),
        }));
        report.added += 1;
    }
    if over > 0 {
        report.ignored.push(format!(
            "{over} annotation(s) not added: the file's annotations quote, note and name more than {} MB of text in all",
            MAX_HELD >> 20
        ));
    }
    if exhausted {
        return Err(EditError::IdsExhausted);
    }
    Ok((Edit::Batch(edits), report))
}

/// Most bytes of quotes and notes one file's annotations may bring: the export of a project of
/// 100,000 annotations holds a few tens of MB of them.
pub const MAX_HELD: usize = 128 << 20;

/// Most bytes of the project's articles searched for the quotes of incoming articles that
/// carry no text, address or title (a W3C file's targets), for one file.
const MAX_SEARCHED: usize = 1 << 30;

/// Where an incoming annotation goes in its article's text.
enum Placed {
    /// At its offsets: the quote is there.
    Offsets(Range<usize>),
    /// Elsewhere: where its quote is (nearest its offsets, context breaking ties), or text close to it.
    Moved(Range<usize>),
    Orphan,
}

/// The quote decides, not the offsets (another tool's offsets may count bytes, or lines, or be
/// stale): the position if the quote matches there; else the exact quote nearest the position,
/// using prefix and suffix; else an approximate match; else an orphan. Offsets past the text
/// are no error: the quote is looked for from the end.
fn place(text: &Text, a: &IncomingAnnotation, budget: &mut Budget) -> Placed {
    let len = text.len_chars();
    let n = a.quote.exact.chars().count();
    if n == 0 {
        return Placed::Orphan;
    }
    if a.start <= len && a.start + n <= len && text.slice(a.start..a.start + n) == a.quote.exact {
        return Placed::Offsets(a.start..a.start + n);
    }
    let hint = a.start.min(len.saturating_sub(n));
    match anchor_quote_within(text, &a.quote.exact, &a.quote.prefix, &a.quote.suffix, hint, budget) {
        Anchoring::Exact => Placed::Moved(hint..hint + n),
        Anchoring::Moved(r) | Anchoring::Fuzzy { range: r, .. } => Placed::Moved(r),
        Anchoring::Orphan => Placed::Orphan,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NewAnnotation;

    fn project() -> Project {
        let mut p = Project::new("p");
        let (d, e) = p
            .add_document("Story", "Wire", "", "", Text::new("The US said it acted in self-defence. Iran disagreed."))
            .expect("ids left");
        p.apply(e).expect("adds");
        let fact = p.tags()[0].id;
        let (_, e) = p.annotate(d, 0..6, fact, NewAnnotation::default()).expect("valid");
        p.apply(e).expect("adds");
        p
    }

    fn incoming_ann(doc: &str, start: usize, exact: &str, tag: &str) -> IncomingAnnotation {
        IncomingAnnotation {
            doc: doc.into(),
            start,
            end: start + exact.chars().count(),
            quote: TextQuote { exact: exact.into(), ..TextQuote::default() },
            tag: tag.into(),
            claim: Some("k1".into()),
            ..IncomingAnnotation::default()
        }
    }

    /// A colleague's annotation on the same passage and tag with a note or speaker of its own is
    /// added beside ours and said; one that says nothing ours does not is a duplicate.
    #[test]
    fn a_colleagues_note_on_the_same_passage_is_kept_beside_ours() {
        let p = project();
        let with = |note: &str, speaker: &str| IncomingAnnotation {
            note: note.into(),
            speaker: speaker.into(),
            claim: None,
            ..incoming_ann("x1", 0, "The US", "Fact")
        };
        let incoming = Incoming {
            documents: vec![IncomingDoc { key: "x1".into(), title: "STORY".into(), ..IncomingDoc::default() }],
            annotations: vec![with("", ""), with("Their reading.", ""), with("Their reading.", ""), with("", "Pompeo")],
            ..Incoming::default()
        };
        let (_, report) = merge(&p, &incoming).expect("ids left");
        assert_eq!((report.added, report.beside, report.duplicates), (2, 2, 2), "{report}");
        assert!(report.to_string().contains("2 added beside an annotation of the same passage and tag"), "{report}");
    }

    #[test]
    fn merges_by_text_and_title_reanchors_skips_duplicates_and_keeps_orphans() {
        let mut p = project();
        let before = p.clone();
        let incoming = Incoming {
            documents: vec![
                IncomingDoc { key: "x1".into(), title: "STORY".into(), ..IncomingDoc::default() },
                IncomingDoc {
                    key: "x2".into(),
                    title: "New one".into(),
                    text: Some("Brand new text.".into()),
                    ..IncomingDoc::default()
                },
                IncomingDoc { key: "x3".into(), title: "Not here".into(), ..IncomingDoc::default() },
            ],
            claims: vec![IncomingClaim { key: "k1".into(), label: "Self-defence".into(), note: String::new() }],
            annotations: vec![
                incoming_ann("x1", 0, "The US", "Fact"), // duplicate of the existing one
                incoming_ann("x1", 3, "self-defence", "Allegation"), // moved: the offsets are stale
                incoming_ann("x1", 0, "words that are gone", "Fact"), // orphan
                incoming_ann("x2", 0, "Brand new", "Opinion"), // new doc, new tag
                incoming_ann("x3", 0, "anything", "Fact"), // no such article, no text
            ],
            ..Incoming::default()
        };
        let (edit, report) = merge(&p, &incoming).expect("ids left");
        assert_eq!(report.added, 3);
        assert_eq!(report.duplicates, 1);
        assert_eq!(report.moved, 1);
        assert_eq!(report.orphaned, 1);
        assert_eq!(report.unplaced, 1);
        assert_eq!(report.new_documents, 1);
        assert_eq!(report.new_tags, vec!["Opinion".to_owned()]);
        assert_eq!(report.new_claims, 1);
        let undo = p.apply(edit).expect("applies as one edit");
        let story = p.documents()[0].id;
        let moved = p.annotations().find(|a| a.quote.exact == "self-defence").expect("re-anchored");
        assert_eq!(p.document(story).map(|d| d.text.slice(moved.range()).to_owned()).as_deref(), Some("self-defence"));
        assert_eq!(p.claim(moved.claim.expect("linked")).map(|c| c.label.as_str()), Some("Self-defence"));
        assert_eq!(p.orphans().count(), 1);
        assert!(report.to_string().contains("3 annotation(s) added"));
        p.apply(undo).expect("undo");
        assert_eq!(p, before);
    }

    #[test]
    fn the_quote_wins_over_wrong_offsets_and_offsets_past_the_text() {
        let p = project();
        let text = "The US said it acted in self-defence. Iran disagreed.";
        let mut wrong = incoming_ann("x1", 0, "self-defence", "Fact");
        // Another tool's offsets: right start, wrong end (a 1-char span "T" at the offsets).
        wrong.start = 0;
        wrong.end = 1;
        let mut past = incoming_ann("x1", 0, "Iran disagreed", "Fact");
        past.start = 500;
        past.end = 514;
        let incoming = Incoming {
            documents: vec![IncomingDoc { key: "x1".into(), title: "Story".into(), ..IncomingDoc::default() }],
            annotations: vec![wrong, past],
            ..Incoming::default()
        };
        let (edit, report) = merge(&p, &incoming).expect("ids left");
        assert_eq!((report.added, report.moved, report.orphaned), (2, 2, 0), "{report}");
        let mut q = p.clone();
        q.apply(edit).expect("applies");
        let d = q.documents()[0].id;
        let quotes: Vec<String> = q
            .annotations()
            .filter(|a| a.tag == q.find_tag("Fact").map(|t| t.id).unwrap_or(a.tag))
            .map(|a| q.document(d).map(|doc| doc.text.slice(a.range()).to_owned()).unwrap_or_default())
            .collect();
        assert!(
            quotes.contains(&"self-defence".to_owned()) && quotes.contains(&"Iran disagreed".to_owned()),
            "{quotes:?} in {text}"
        );
    }

    #[test]
    fn annotations_of_an_unknown_article_are_skipped_not_guessed() {
        let p = project();
        let incoming = Incoming {
            documents: vec![IncomingDoc { key: "https://elsewhere.example/story".into(), ..IncomingDoc::default() }],
            annotations: vec![
                incoming_ann("https://elsewhere.example/story", 0, "The US", "Fact"),
                incoming_ann("https://elsewhere.example/story", 0, "words from another article", "Fact"),
            ],
            ..Incoming::default()
        };
        let (_, report) = merge(&p, &incoming).expect("ids left");
        assert_eq!((report.added, report.unplaced), (0, 2), "{report}");
        assert!(report.to_string().contains("2 skipped because their article is not in the project"));
    }
}
