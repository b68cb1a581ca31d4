//! Three-way merge of projects by id: what two analysts did to one base, put together.
//!
//! Items (tags, articles, claims, annotations) are matched by id. An item changed on one side
//! takes that side's change; changed on both, it is merged field by field, and a field both
//! changed differently is a [`Conflict`]: the merged project keeps our value and records theirs,
//! so nothing is lost and the analyst settles it later (the workbench lists them). An item one
//! side deleted and the other changed, or still uses, is kept, with a conflict saying so.
//!
//! New items take ids from one counter on each side, so both sides' additions usually collide
//! on the same new ids. Theirs are renumbered past every id in use on either side, and their
//! references (an annotation's article, tag and claim) follow. A tag, article or claim both
//! added (same name, same text, same label) becomes one, and an annotation both added (same
//! article, span, tag and content) is kept once.

use std::collections::{HashMap, HashSet};

use crate::model::annotation::Annotation;
use crate::model::claim::Claim;
use crate::model::document::Document;
use crate::model::edit::EditError;
use crate::model::ids::{AnnotationId, ClaimId, DocId, TagId};
use crate::model::project::ProjectParts;
use crate::model::record::{Conflict, Side, Subject, Value};
use crate::model::tag::TagDef;

/// What a merge did, in numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Items only our side added, and only theirs.
    pub ours_added: usize,
    pub theirs_added: usize,
    /// Their new items given other ids, because ours had taken them.
    pub renumbered: usize,
    /// Their new tags, articles, claims and annotations that ours had added too.
    pub unified: usize,
    /// Items both sides changed, merged field by field without conflict.
    pub merged: usize,
    /// Conflicts recorded by this merge (not counting ones the sides carried already).
    pub conflicts: usize,
}

/// The merged data, to validate with [`Project::from_parts`](super::Project::from_parts).
#[derive(Clone, Debug)]
pub struct Merged {
    pub parts: ProjectParts,
    pub report: MergeReport,
}

/// Merges what `ours` and `theirs` did to `base`; fails when their items would need ids past the
/// largest (renumbered past it, they had wrapped to 0 or been lost, and the merge said it was
/// clean).
pub fn merge(base: &ProjectParts, ours: &ProjectParts, theirs: &ProjectParts) -> Result<Merged, EditError> {
    let mut report = MergeReport::default();
    let theirs = renumber(base, ours, theirs, &mut report)?;
    let mut m = Merger { conflicts: Vec::new(), report };

    let name = m.field(Subject::Project, "name", &base.name, &ours.name, &theirs.name, |s| Value::Text(s.clone()));
    // An item both added is merged from an empty one holding only what made it the same item
    // (their name, text or label as theirs wrote it, so that ours is kept).
    let mut tags = m.items(
        &base.tags,
        &ours.tags,
        &theirs.tags,
        |t| t.id.0,
        |t| Subject::Tag(t.id),
        merge_tag,
        |o, t| TagDef {
            id: o.id,
            name: t.name.clone(),
            colour: neither(o.colour, t.colour),
            key: None,
            description: String::new(),
        },
    );
    let mut documents = m.items(
        &base.documents,
        &ours.documents,
        &theirs.documents,
        |d| d.id.0,
        |d| Subject::Document(d.id),
        merge_doc,
        |o, t| Document {
            id: o.id,
            title: String::new(),
            source: String::new(),
            url: String::new(),
            published: String::new(),
            byline: String::new(),
            section: String::new(),
            text: t.text.clone(),
        },
    );
    let mut claims = m.items(
        &base.claims,
        &ours.claims,
        &theirs.claims,
        |c| c.id.0,
        |c| Subject::Claim(c.id),
        merge_claim,
        |o, t| Claim { label: t.label.clone(), note: String::new(), ..o.clone() },
    );
    // Annotations both added are one already (same place, tag and content: `renumber`).
    let annotations = m.items(
        &base.annotations,
        &ours.annotations,
        &theirs.annotations,
        |a| a.id.0,
        |a| Subject::Annotation(a.id),
        merge_annotation,
        |o, _| o.clone(),
    );

    // What an annotation still uses stays, even where one side deleted it.
    let sides = [ours, &theirs, base];
    // The base as it was: an item the base holds and one side deleted had been said to be
    // "(deleted)" in the base too.
    let restore = |m: &mut Merger, subject: Subject, desc: String, kept: Side, in_base: bool| {
        let was = if in_base { Value::Text(desc.clone()) } else { Value::Absent };
        let (o, t) = match kept {
            Side::Ours => (Value::Text(desc), Value::Absent),
            Side::Theirs => (Value::Absent, Value::Text(desc)),
        };
        m.conflict(Conflict {
            subject,
            field: "exists".into(),
            base: was,
            ours: o,
            theirs: t,
            kept,
            origin: Default::default(),
        });
    };
    // Looked up in sets: an annotation per step, not a scan of every claim for each.
    let mut have: HashSet<u64> = documents
        .iter()
        .map(|d| d.id.0)
        .chain(tags.iter().map(|t| t.id.0))
        .chain(claims.iter().map(|c| c.id.0))
        .collect();
    for a in &annotations {
        if !have.contains(&a.doc.0)
            && let Some((d, side)) = find(&sides, |p| p.documents.iter().find(|d| d.id == a.doc))
        {
            let in_base = base.documents.iter().any(|b| b.id == d.id);
            restore(&mut m, Subject::Document(d.id), d.title.clone(), side, in_base);
            have.insert(d.id.0);
            documents.push(d.clone());
        }
        if !have.contains(&a.tag.0)
            && let Some((t, side)) = find(&sides, |p| p.tags.iter().find(|t| t.id == a.tag))
        {
            let in_base = base.tags.iter().any(|b| b.id == t.id);
            restore(&mut m, Subject::Tag(t.id), t.name.clone(), side, in_base);
            have.insert(t.id.0);
            tags.push(t.clone());
        }
        if let Some(c) = a.claim
            && !have.contains(&c.0)
            && let Some((cl, side)) = find(&sides, |p| p.claims.iter().find(|x| x.id == c))
        {
            let in_base = base.claims.iter().any(|b| b.id == cl.id);
            restore(&mut m, Subject::Claim(cl.id), cl.label.clone(), side, in_base);
            have.insert(cl.id.0);
            claims.push(cl.clone());
        }
    }

    // Tag names and keys must stay unique: a clash made by the merge goes to the later tag.
    let mut names = HashSet::new();
    let mut keys = HashSet::new();
    for t in &mut tags {
        let old = t.name.clone();
        let mut n = 2;
        while !names.insert(t.name.to_lowercase()) {
            t.name = format!("{old} ({n})");
            n += 1;
        }
        if t.name != old {
            let c = Conflict {
                subject: Subject::Tag(t.id),
                field: "name".into(),
                base: Value::Absent,
                ours: Value::Text(old.clone()),
                theirs: Value::Text(old),
                kept: Side::Theirs,
                origin: Default::default(),
            };
            m.conflict(c);
        }
        if let Some(k) = t.key
            && !keys.insert(k)
        {
            t.key = None;
            let c = Conflict {
                subject: Subject::Tag(t.id),
                field: "key".into(),
                base: Value::Absent,
                ours: Value::Key(None),
                theirs: Value::Key(Some(k)),
                kept: Side::Ours,
                origin: Default::default(),
            };
            m.conflict(c);
        }
    }

    // Conflicts and decisions the sides carried stay, once each (looked up in sets: 100,000 on
    // each side searched in lists took 42 s).
    let ours_conflicts: HashSet<&Conflict> = ours.conflicts.iter().collect();
    let mut conflicts = ours.conflicts.clone();
    conflicts.extend(theirs.conflicts.iter().filter(|c| !ours_conflicts.contains(c)).cloned());
    conflicts.extend(stamp_origins(m.conflicts, ours, &theirs));
    let ours_decisions: HashSet<&crate::model::record::Decision> = ours.decisions.iter().collect();
    let mut decisions = ours.decisions.clone();
    decisions.extend(theirs.decisions.iter().filter(|d| !ours_decisions.contains(d)).cloned());
    // A suggestion dismissed on either side stays dismissed.
    let ours_dismissed: HashSet<&str> = ours.dismissed.iter().map(|d| d.key.as_str()).collect();
    let mut dismissed = ours.dismissed.clone();
    dismissed.extend(theirs.dismissed.iter().filter(|d| !ours_dismissed.contains(d.key.as_str())).cloned());

    let next_id = first_free([base, ours, &theirs])?;
    Ok(Merged {
        parts: ProjectParts {
            name,
            uuid: ours.uuid.clone(),
            next_id,
            tags,
            documents,
            claims,
            annotations,
            conflicts,
            decisions,
            dismissed,
        },
        report: m.report,
    })
}

/// A colour that is neither `a` nor `b`, but `a` where they are the same: the empty tag both
/// added tags are merged from has no colour of its own, so two different choices conflict.
fn neither(a: crate::model::Colour, b: crate::model::Colour) -> crate::model::Colour {
    if a == b {
        return a;
    }
    let [r, g, bl] = a.0;
    (0u8..=2)
        .map(|k| crate::model::Colour([r ^ (0x80 >> k), g ^ 0x55, bl ^ (0x2a << k)]))
        .find(|c| *c != a && *c != b)
        .unwrap_or(a)
}

/// The first of `sides` (ours, theirs, base) that has the item, and which side that is.
fn find<'a, T>(
    sides: &[&'a ProjectParts; 3],
    get: impl Fn(&'a ProjectParts) -> Option<&'a T>,
) -> Option<(&'a T, Side)> {
    sides.iter().enumerate().find_map(|(i, p)| get(p).map(|x| (x, if i == 1 { Side::Theirs } else { Side::Ours })))
}

fn ids(p: &ProjectParts) -> impl Iterator<Item = u64> + '_ {
    p.tags
        .iter()
        .map(|t| t.id.0)
        .chain(p.documents.iter().map(|d| d.id.0))
        .chain(p.claims.iter().map(|c| c.id.0))
        .chain(p.annotations.iter().map(|a| a.id.0))
}

fn max_id(p: &ProjectParts) -> u64 {
    ids(p).max().unwrap_or(0)
}

/// The first id no part uses nor has given out.
fn first_free(parts: [&ProjectParts; 3]) -> Result<u64, EditError> {
    let mut next = 1;
    for p in parts {
        next = next.max(p.next_id).max(max_id(p).checked_add(1).ok_or(EditError::IdsExhausted)?);
    }
    Ok(next)
}

/// What makes two annotations one: article, span, tag, claim, note and speaker.
type Sameness<'a> = (DocId, usize, usize, TagId, Option<ClaimId>, &'a str, &'a str);

/// Their side with new ids where ours took the same, and their additions that ours made too
/// mapped onto ours.
/// Who last changed each conflicting annotation or claim on each side, and when, from their
/// stamps (one pass over each side, and only when there are conflicts).
fn stamp_origins(mut conflicts: Vec<Conflict>, ours: &ProjectParts, theirs: &ProjectParts) -> Vec<Conflict> {
    if conflicts.is_empty() {
        return conflicts;
    }
    let wanted: HashSet<Subject> = conflicts.iter().map(|c| c.subject).collect();
    let stamps = |p: &ProjectParts| -> HashMap<Subject, (String, String)> {
        let annotations = p.annotations.iter().map(|a| {
            let by = if a.modified_by.is_empty() { &a.created_by } else { &a.modified_by };
            let at = if a.modified.is_empty() { &a.created } else { &a.modified };
            (Subject::Annotation(a.id), (by.to_string(), at.to_string()))
        });
        let claims = p.claims.iter().map(|c| {
            let by = if c.modified_by.is_empty() { &c.created_by } else { &c.modified_by };
            let at = if c.modified.is_empty() { &c.created } else { &c.modified };
            (Subject::Claim(c.id), (by.clone(), at.clone()))
        });
        annotations.chain(claims).filter(|(s, _)| wanted.contains(s)).collect()
    };
    let (o, t) = (stamps(ours), stamps(theirs));
    for c in &mut conflicts {
        if let Some((by, at)) = o.get(&c.subject) {
            c.origin.ours_by.clone_from(by);
            c.origin.ours_at.clone_from(at);
        }
        if let Some((by, at)) = t.get(&c.subject) {
            c.origin.theirs_by.clone_from(by);
            c.origin.theirs_at.clone_from(at);
        }
    }
    conflicts
}

fn renumber(
    base: &ProjectParts,
    ours: &ProjectParts,
    theirs: &ProjectParts,
    report: &mut MergeReport,
) -> Result<ProjectParts, EditError> {
    let in_base: HashSet<u64> = ids(base).collect();
    let in_ours: HashSet<u64> = ids(ours).collect();
    let mut next = first_free([base, ours, theirs])?;
    // Ids past the largest cannot be given: the merge fails (checked when each is taken).
    let mut used_up = false;
    let mut map: HashMap<u64, u64> = HashMap::new();
    // Their new items that are ours too (mapped, then left out).
    let mut same: HashSet<u64> = HashSet::new();
    // Our items one of theirs was found to be.
    let mut taken: HashSet<u64> = HashSet::new();
    let mut fresh = |id: u64, map: &mut HashMap<u64, u64>, report: &mut MergeReport| {
        if in_ours.contains(&id) {
            map.insert(id, next);
            next = next.checked_add(1).unwrap_or_else(|| {
                used_up = true;
                next
            });
            report.renumbered += 1;
        }
    };
    // An item both added is found first by its own id (both sides made the same one: the
    // same id and the same name), then by its name among the items ours added: two of ours may
    // share a label, and one that was there before is not one both added (theirs made a
    // second on purpose).
    let ours_added = |id: u64| !in_base.contains(&id);
    let tag_by_name: HashMap<String, TagId> =
        ours.tags.iter().filter(|t| ours_added(t.id.0)).map(|t| (t.name.to_lowercase(), t.id)).collect();
    let ours_tag: HashMap<TagId, &str> = ours.tags.iter().map(|t| (t.id, t.name.as_str())).collect();
    for t in theirs.tags.iter().filter(|t| !in_base.contains(&t.id.0)) {
        let own = ours_tag.get(&t.id).filter(|n| n.eq_ignore_ascii_case(&t.name)).map(|_| t.id);
        // One of ours is one of theirs at most: a second of theirs of the same name (their two
        // claims "Same claim" and "same claim") had folded into it, its note lost unsaid.
        match own.as_ref().or_else(|| tag_by_name.get(&t.name.to_lowercase())).filter(|o| taken.insert(o.0)) {
            Some(o) => {
                map.insert(t.id.0, o.0);
                same.insert(t.id.0);
            }
            None => fresh(t.id.0, &mut map, report),
        }
    }
    let doc_by_text: HashMap<&str, DocId> =
        ours.documents.iter().filter(|d| ours_added(d.id.0)).map(|d| (d.text.as_str(), d.id)).collect();
    let ours_doc: HashMap<DocId, &str> = ours.documents.iter().map(|d| (d.id, d.text.as_str())).collect();
    for d in theirs.documents.iter().filter(|d| !in_base.contains(&d.id.0)) {
        let own = ours_doc.get(&d.id).filter(|t| **t == d.text.as_str()).map(|_| d.id);
        match own.as_ref().or_else(|| doc_by_text.get(d.text.as_str())).filter(|o| taken.insert(o.0)) {
            Some(o) => {
                map.insert(d.id.0, o.0);
                same.insert(d.id.0);
            }
            None => fresh(d.id.0, &mut map, report),
        }
    }
    let claim_by_label: HashMap<String, ClaimId> =
        ours.claims.iter().filter(|c| ours_added(c.id.0)).map(|c| (c.label.trim().to_lowercase(), c.id)).collect();
    let ours_claim: HashMap<ClaimId, String> =
        ours.claims.iter().map(|c| (c.id, c.label.trim().to_lowercase())).collect();
    for c in theirs.claims.iter().filter(|c| !in_base.contains(&c.id.0)) {
        let label = c.label.trim().to_lowercase();
        let own = ours_claim.get(&c.id).filter(|l| **l == label).map(|_| c.id);
        match own.as_ref().or_else(|| claim_by_label.get(&label)).filter(|o| taken.insert(o.0)) {
            Some(o) => {
                map.insert(c.id.0, o.0);
                same.insert(c.id.0);
            }
            None => fresh(c.id.0, &mut map, report),
        }
    }
    let remap = |id: u64| map.get(&id).copied().unwrap_or(id);
    let retarget = |a: &Annotation| Annotation {
        doc: DocId(remap(a.doc.0)),
        tag: TagId(remap(a.tag.0)),
        claim: a.claim.map(|c| ClaimId(remap(c.0))),
        ..a.clone()
    };
    // An annotation both added: same place, tag and content once references are mapped.
    let ours_new: HashMap<Sameness<'_>, AnnotationId> = ours
        .annotations
        .iter()
        .filter(|a| !in_base.contains(&a.id.0))
        .map(|a| ((a.doc, a.start, a.end, a.tag, a.claim, a.note.as_str(), a.speaker.as_str()), a.id))
        .collect();
    // Their annotations' new ids (renumbered, or ours where both made it), for the records.
    let mut annotation_map: HashMap<u64, u64> = HashMap::new();
    let mut annotations = Vec::with_capacity(theirs.annotations.len());
    for a in &theirs.annotations {
        let mut a = retarget(a);
        if !in_base.contains(&a.id.0) {
            let key = (a.doc, a.start, a.end, a.tag, a.claim, a.note.as_str(), a.speaker.as_str());
            if let Some(o) = ours_new.get(&key) {
                annotation_map.insert(a.id.0, o.0);
                report.unified += 1;
                continue;
            }
            if in_ours.contains(&a.id.0) {
                annotation_map.insert(a.id.0, next);
                a.id = AnnotationId(next);
                next = next.checked_add(1).unwrap_or_else(|| {
                    used_up = true;
                    next
                });
                report.renumbered += 1;
            }
        }
        annotations.push(a);
    }
    // The conflicts their side carries name its items by id: they follow the renumbering, or
    // they would point at our items that took the same ids. (Decisions name the annotations of
    // the two projects that were adjudicated, not this one's, and dismissals name passages by
    // their text: neither holds an id of this project.)
    let subject = |s: &Subject| match *s {
        Subject::Project => Subject::Project,
        Subject::Tag(t) => Subject::Tag(TagId(remap(t.0))),
        Subject::Document(d) => Subject::Document(DocId(remap(d.0))),
        Subject::Claim(c) => Subject::Claim(ClaimId(remap(c.0))),
        Subject::Annotation(a) => Subject::Annotation(AnnotationId(annotation_map.get(&a.0).copied().unwrap_or(a.0))),
    };
    let value = |v: &Value| match v {
        Value::Tag(t) => Value::Tag(TagId(remap(t.0))),
        Value::Claim(c) => Value::Claim(c.map(|c| ClaimId(remap(c.0)))),
        other => other.clone(),
    };
    let conflicts = theirs
        .conflicts
        .iter()
        .map(|c| Conflict {
            subject: subject(&c.subject),
            base: value(&c.base),
            ours: value(&c.ours),
            theirs: value(&c.theirs),
            ..c.clone()
        })
        .collect();
    report.unified += same.len();
    if used_up {
        return Err(EditError::IdsExhausted);
    }
    // Their items that are ours too stay, under our ids: the merge compares the two.
    Ok(ProjectParts {
        name: theirs.name.clone(),
        uuid: theirs.uuid.clone(),
        next_id: next,
        tags: theirs.tags.iter().map(|t| TagDef { id: TagId(remap(t.id.0)), ..t.clone() }).collect(),
        documents: theirs.documents.iter().map(|d| Document { id: DocId(remap(d.id.0)), ..d.clone() }).collect(),
        claims: theirs.claims.iter().map(|c| Claim { id: ClaimId(remap(c.id.0)), ..c.clone() }).collect(),
        annotations,
        conflicts,
        decisions: theirs.decisions.clone(),
        dismissed: theirs.dismissed.clone(),
    })
}

struct Merger {
    conflicts: Vec<Conflict>,
    report: MergeReport,
}

impl Merger {
    fn conflict(&mut self, c: Conflict) {
        self.report.conflicts += 1;
        self.conflicts.push(c);
    }

    /// One field: the side that changed it wins; both changed it differently is a conflict,
    /// ours kept.
    fn field<T: Clone + PartialEq>(
        &mut self,
        subject: Subject,
        field: &str,
        b: &T,
        o: &T,
        t: &T,
        value: impl Fn(&T) -> Value,
    ) -> T {
        if o == t || t == b {
            o.clone()
        } else if o == b {
            t.clone()
        } else {
            self.conflict(Conflict {
                subject,
                field: field.to_owned(),
                base: value(b),
                ours: value(o),
                theirs: value(t),
                kept: Side::Ours,
                origin: Default::default(),
            });
            o.clone()
        }
    }

    /// One list. The order is ours, unless only theirs reordered it; additions of the other side
    /// go at the end in their order.
    // The list's three sides and what to do with an item of each kind; a struct of closures
    // would only rename them.
    #[allow(clippy::too_many_arguments)]
    fn items<T: Clone + PartialEq>(
        &mut self,
        base: &[T],
        ours: &[T],
        theirs: &[T],
        id: impl Fn(&T) -> u64,
        subject: impl Fn(&T) -> Subject,
        both: impl Fn(&mut Merger, &T, &T, &T) -> T,
        blank: impl Fn(&T, &T) -> T,
    ) -> Vec<T> {
        let b: HashMap<u64, &T> = base.iter().map(|x| (id(x), x)).collect();
        let o: HashMap<u64, &T> = ours.iter().map(|x| (id(x), x)).collect();
        let t: HashMap<u64, &T> = theirs.iter().map(|x| (id(x), x)).collect();
        // A side reordered the list when its order of the base's items is not the base's.
        let reordered = |side: &[T], has: &HashMap<u64, &T>| {
            let now: Vec<u64> = side.iter().map(&id).filter(|i| b.contains_key(i)).collect();
            let was: Vec<u64> = base.iter().map(&id).filter(|i| has.contains_key(i)).collect();
            now != was
        };
        let (first, second) =
            if reordered(theirs, &t) && !reordered(ours, &o) { (theirs, ours) } else { (ours, theirs) };
        let mut order: Vec<u64> = first.iter().map(&id).collect();
        let listed: HashSet<u64> = order.iter().copied().collect();
        order.extend(second.iter().map(&id).filter(|i| !listed.contains(i)));
        let mut out = Vec::with_capacity(order.len());
        for i in order {
            match (b.get(&i), o.get(&i), t.get(&i)) {
                (Some(bx), Some(ox), Some(tx)) => {
                    if ox == tx || *tx == *bx {
                        out.push((*ox).clone());
                    } else if *ox == *bx {
                        out.push((*tx).clone());
                    } else {
                        self.report.merged += 1;
                        out.push(both(self, bx, ox, tx));
                    }
                }
                (Some(bx), Some(ox), None) => {
                    if *ox != *bx {
                        self.deleted_but_changed(subject(ox), Side::Ours);
                        out.push((*ox).clone());
                    }
                }
                (Some(bx), None, Some(tx)) => {
                    if *tx != *bx {
                        self.deleted_but_changed(subject(tx), Side::Theirs);
                        out.push((*tx).clone());
                    }
                }
                // Both added it (the same tag, article or claim): merged as if from an empty
                // one, so that what only one side filled in is kept and what both filled in
                // differently is a conflict (theirs' colour, description, title, outlet, URL and
                // note had been dropped, unsaid).
                (None, Some(ox), Some(tx)) if ox != tx => {
                    self.report.merged += 1;
                    out.push(both(self, &blank(ox, tx), ox, tx));
                }
                (None, Some(ox), _) => {
                    self.report.ours_added += 1;
                    out.push((*ox).clone());
                }
                (None, None, Some(tx)) => {
                    self.report.theirs_added += 1;
                    out.push((*tx).clone());
                }
                (_, None, None) => {}
            }
        }
        out
    }

    fn deleted_but_changed(&mut self, subject: Subject, kept: Side) {
        let (ours, theirs) = match kept {
            Side::Ours => (Value::Text("changed".into()), Value::Absent),
            Side::Theirs => (Value::Absent, Value::Text("changed".into())),
        };
        self.conflict(Conflict {
            subject,
            field: "exists".into(),
            base: Value::Text(String::new()),
            ours,
            theirs,
            kept,
            origin: Default::default(),
        });
    }
}

// Generic: it is passed where a `Fn(&String) -> Value` or a `Fn(&Shared) -> Value` is wanted.
fn text<S: AsRef<str>>(s: &S) -> Value {
    Value::Text(s.as_ref().to_owned())
}

/// The later of two stamps (RFC 3339 UTC compares as text), with its author.
fn later<'a, S: PartialOrd + Clone>(a: (&'a S, &'a S), b: (&'a S, &'a S)) -> (S, S) {
    let (at, by) = if b.0 > a.0 { b } else { a };
    (at.clone(), by.clone())
}

fn merge_annotation(m: &mut Merger, b: &Annotation, o: &Annotation, t: &Annotation) -> Annotation {
    let s = Subject::Annotation(o.id);
    let span = |a: &Annotation| (a.start, a.end, a.quote.clone());
    let (start, end, quote) = m.field(s, "span", &span(b), &span(o), &span(t), |x| Value::Span(x.0, x.1));
    let tag = m.field(s, "tag", &b.tag, &o.tag, &t.tag, |x| Value::Tag(*x));
    let note = m.field(s, "note", &b.note, &o.note, &t.note, text);
    let speaker = m.field(s, "speaker", &b.speaker, &o.speaker, &t.speaker, text);
    let claim = m.field(s, "claim", &b.claim, &o.claim, &t.claim, |x| Value::Claim(*x));
    let (modified, modified_by) = later((&o.modified, &o.modified_by), (&t.modified, &t.modified_by));
    let linker = if claim == o.claim { o } else { t };
    Annotation {
        start,
        end,
        quote,
        tag,
        note,
        speaker,
        claim,
        modified,
        modified_by,
        linked: linker.linked.clone(),
        linked_by: linker.linked_by.clone(),
        ..o.clone()
    }
}

fn merge_tag(m: &mut Merger, b: &TagDef, o: &TagDef, t: &TagDef) -> TagDef {
    let s = Subject::Tag(o.id);
    TagDef {
        id: o.id,
        name: m.field(s, "name", &b.name, &o.name, &t.name, text),
        colour: m.field(s, "colour", &b.colour, &o.colour, &t.colour, |c| Value::Text(c.to_string())),
        key: m.field(s, "key", &b.key, &o.key, &t.key, |k| Value::Key(*k)),
        description: m.field(s, "description", &b.description, &o.description, &t.description, text),
    }
}

fn merge_doc(m: &mut Merger, b: &Document, o: &Document, t: &Document) -> Document {
    let s = Subject::Document(o.id);
    Document {
        id: o.id,
        title: m.field(s, "title", &b.title, &o.title, &t.title, text),
        source: m.field(s, "source", &b.source, &o.source, &t.source, text),
        url: m.field(s, "url", &b.url, &o.url, &t.url, text),
        published: m.field(s, "published", &b.published, &o.published, &t.published, text),
        byline: m.field(s, "byline", &b.byline, &o.byline, &t.byline, text),
        section: m.field(s, "section", &b.section, &o.section, &t.section, text),
        text: m.field(s, "text", &b.text, &o.text, &t.text, |x| Value::Text(x.as_str().to_owned())),
    }
}

fn merge_claim(m: &mut Merger, b: &Claim, o: &Claim, t: &Claim) -> Claim {
    let s = Subject::Claim(o.id);
    let (modified, modified_by) = later((&o.modified, &o.modified_by), (&t.modified, &t.modified_by));
    Claim {
        label: m.field(s, "label", &b.label, &o.label, &t.label, text),
        note: m.field(s, "note", &b.note, &o.note, &t.note, text),
        modified,
        modified_by,
        ..o.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, NewAnnotation, Project, Text};

    /// A base with one article, one annotation linked to one claim.
    fn base() -> (Project, DocId, AnnotationId, ClaimId) {
        let mut p = Project::new("Base");
        let text = Text::new("Washington said the strike was lawful self-defence. Tehran called it terrorism.");
        let (doc, e) = p.add_document("A", "Reuters", "", "", text).expect("adds");
        p.apply(e).expect("applies");
        let tag = p.tags()[0].id;
        let (a, e) = p.annotate(doc, 0..18, tag, NewAnnotation::default()).expect("annotates");
        p.apply(e).expect("applies");
        let (c, e) = p.new_claim("Self-defence", "", &[a]).expect("claims");
        p.apply(e).expect("applies");
        (p, doc, a, c)
    }

    fn run(b: &Project, o: &Project, t: &Project) -> (Project, MergeReport) {
        let m = merge(&b.to_parts(), &o.to_parts(), &t.to_parts()).expect("ids left");
        match Project::from_parts(m.parts) {
            Ok((p, _)) => (p, m.report),
            Err(v) => panic!("merged project invalid: {:?}", v.errors),
        }
    }

    #[test]
    fn a_suggestion_dismissed_on_either_side_stays_dismissed_once() {
        use crate::analysis::suggest::Dismissal;
        let (b, _, _, _) = base();
        let d = |k: &str| Dismissal { key: k.into(), label: format!("group {k}") };
        let mut o = b.clone();
        o.apply(Edit::AddDismissal { dismissal: d("a"), at: None }).expect("applies");
        let mut t = b.clone();
        t.apply(Edit::AddDismissal { dismissal: d("a"), at: None }).expect("applies");
        t.apply(Edit::AddDismissal { dismissal: d("b"), at: None }).expect("applies");
        let (m, _) = run(&b, &o, &t);
        assert_eq!(m.dismissed(), &[d("a"), d("b")]);
    }

    #[test]
    fn both_sides_additions_are_kept_and_their_references_follow_the_renumbering() {
        let (b, doc, _, _) = base();
        let tag = b.tags()[1].id;
        let mut o = b.clone();
        let (oa, e) = o.annotate(doc, 19..28, tag, NewAnnotation::default()).expect("annotates");
        o.apply(e).expect("applies");
        let mut t = b.clone();
        let (ta, e) = t.annotate(doc, 52..58, tag, NewAnnotation::default()).expect("annotates");
        t.apply(e).expect("applies");
        let (_, e) = t.new_claim("Terrorism", "", &[ta]).expect("claims");
        t.apply(e).expect("applies");
        assert_eq!(oa, ta, "both sides took the same new id");

        let (m, report) = run(&b, &o, &t);
        assert_eq!(m.annotation_count(), 3);
        assert_eq!(m.annotation(oa).map(Annotation::range), Some(19..28), "ours keeps its ids");
        let theirs = m.annotations().find(|a| a.range() == (52..58)).expect("theirs kept");
        assert_ne!(theirs.id, oa);
        let claim = theirs.claim.and_then(|c| m.claim(c)).expect("still linked");
        assert_eq!(claim.label, "Terrorism");
        assert!(report.renumbered >= 1 && m.conflicts().is_empty(), "{report:?}");
        assert!(m.next_id() > m.annotations().map(|a| a.id.0).max().unwrap_or(0));
    }

    #[test]
    fn different_fields_of_one_annotation_merge_and_one_field_changed_twice_is_a_conflict() {
        let (b, _, a, _) = base();
        let mut o = b.clone();
        let e = o.describe(a, "ours", "Pompeo").expect("describes");
        let e = e.stamped(&o, &crate::model::Stamp::new("2026-12-01T10:00:00Z", "Ana"));
        o.apply(e).expect("applies");
        let mut t = b.clone();
        let e = t.retag(a, t.tags()[2].id).expect("retags");
        t.apply(e).expect("applies");
        let e = t.describe(a, "theirs", "Pompeo").expect("describes");
        let e = e.stamped(&t, &crate::model::Stamp::new("2026-12-02T11:00:00Z", "Ben"));
        t.apply(e).expect("applies");

        let (m, report) = run(&b, &o, &t);
        let got = m.annotation(a).expect("kept");
        assert_eq!(got.tag, t.tags()[2].id, "their tag");
        assert_eq!(got.speaker, "Pompeo");
        assert_eq!(got.note, "ours", "ours kept in the conflict");
        assert_eq!(report.conflicts, 1);
        let c = &m.conflicts()[0];
        assert_eq!((c.subject, c.field.as_str(), c.kept), (Subject::Annotation(a), "note", Side::Ours));
        assert_eq!((&c.base, &c.theirs), (&Value::Text(String::new()), &Value::Text("theirs".into())));
        // Whose change each side is, from the annotation's stamps.
        assert_eq!(c.origin.describe(Side::Ours), "ours · Ana · 2026-12-01");
        assert_eq!(c.origin.describe(Side::Theirs), "theirs · Ben · 2026-12-02");
    }

    #[test]
    fn deleted_on_one_side_and_changed_on_the_other_is_kept_with_a_conflict() {
        let (b, _, a, _) = base();
        let mut o = b.clone();
        let e = Edit::RemoveAnnotation(a);
        o.apply(e).expect("applies");
        let mut t = b.clone();
        let e = t.describe(a, "checked", "").expect("describes");
        t.apply(e).expect("applies");
        let (m, _) = run(&b, &o, &t);
        assert_eq!(m.annotation(a).map(|x| x.note.as_str()), Some("checked"));
        assert_eq!(m.conflicts()[0].field, "exists");
        assert_eq!(m.conflicts()[0].kept, Side::Theirs);

        // Deleted on one side and untouched on the other: deleted, quietly.
        let (m, _) = run(&b, &o, &b);
        assert!(m.annotation(a).is_none() && m.conflicts().is_empty());
    }

    #[test]
    fn a_tag_both_added_becomes_one_and_a_claim_still_used_is_kept() {
        let (b, doc, a, c) = base();
        let mut o = b.clone();
        let (otag, e) = o.new_tag("Quote").expect("tag");
        o.apply(e).expect("applies");
        let e = o.delete_claim(c).expect("deletes");
        o.apply(e).expect("applies");
        let mut t = b.clone();
        let (ttag, e) = t.new_tag("quote").expect("tag");
        t.apply(e).expect("applies");
        let (_, e) =
            t.annotate(doc, 52..58, ttag, NewAnnotation { claim: Some(c), ..Default::default() }).expect("annotates");
        t.apply(e).expect("applies");
        let (m, _) = run(&b, &o, &t);
        assert_eq!(m.tags().iter().filter(|t| t.name.eq_ignore_ascii_case("quote")).count(), 1);
        let added = m.annotations().find(|z| z.range() == (52..58)).expect("theirs kept");
        assert_eq!(added.tag, otag, "mapped onto our tag");
        assert_eq!(added.claim, Some(c), "the claim they still use is kept");
        assert!(m.claim(c).is_some());
        let kept = m.conflicts().iter().find(|k| k.subject == Subject::Claim(c) && k.field == "exists");
        let kept = kept.expect("the claim kept is a conflict");
        // The base had the claim: it is not said to be deleted there.
        assert_ne!(kept.base, Value::Absent, "{kept:?}");
        assert_eq!(m.annotation(a).and_then(|z| z.claim), None, "our unlinking stands");
    }

    /// A tag, an article and a claim both sides added, each side with other details: what one
    /// side alone filled in is kept, what both filled in differently is a conflict (theirs'
    /// description, colour, note, title and URL had been dropped, the merge said clean).
    #[test]
    fn items_both_added_keep_both_sides_details() {
        let (b, _, _, _) = base();
        let add = |p: &mut Project, desc: &str, colour: [u8; 3], title: &str, url: &str, note: &str| {
            let (tag, e) = p.new_tag("Propaganda").expect("tag");
            p.apply(e).expect("applies");
            let mut f = p.tag(tag).expect("tag").fields();
            f.description = desc.to_owned();
            f.colour = crate::model::Colour(colour);
            let e = p.update_tag(tag, f).expect("updates");
            p.apply(e).expect("applies");
            let (doc, e) = p.add_document(title, "", url, "", Text::new("The same wire story.")).expect("doc");
            p.apply(e).expect("applies");
            let (claim, e) = p.new_claim("Same claim", note, &[]).expect("claim");
            p.apply(e).expect("applies");
            (tag, doc, claim)
        };
        let mut o = b.clone();
        let (tag, doc, claim) = add(&mut o, "", [1, 2, 3], "Ours", "", "our note");
        let mut t = b.clone();
        add(&mut t, "theirs", [9, 9, 9], "Theirs", "https://example.org/x", "their note");
        let (m, report) = run(&b, &o, &t);
        let tg = m.tag(tag).expect("one tag");
        assert_eq!(m.tags().iter().filter(|x| x.name == "Propaganda").count(), 1);
        assert_eq!(tg.description, "theirs", "only theirs described it");
        assert_eq!(tg.colour, crate::model::Colour([1, 2, 3]), "ours kept where both chose");
        let d = m.document(doc).expect("one article");
        assert_eq!(m.documents().iter().filter(|x| x.text.as_str() == "The same wire story.").count(), 1);
        assert_eq!((d.title.as_str(), d.url.as_str()), ("Ours", "https://example.org/x"));
        assert_eq!(m.claim(claim).expect("one claim").note, "our note");
        let field = |s: Subject, f: &str| m.conflicts().iter().any(|k| k.subject == s && k.field == f);
        assert!(field(Subject::Tag(tag), "colour"), "{:?}", m.conflicts());
        assert!(field(Subject::Document(doc), "title"));
        assert!(field(Subject::Claim(claim), "note"));
        assert!(!field(Subject::Tag(tag), "description") && !field(Subject::Document(doc), "url"));
        assert_eq!(report.conflicts, 3);
    }

    /// Two of theirs that are each the same as one of ours (two claims of one label but for its
    /// case) are not both folded into it: the second stays, with its note.
    #[test]
    fn one_of_ours_is_one_of_theirs_at_most() {
        let (b, _, _, _) = base();
        let mut o = b.clone();
        let (_, e) = o.new_claim("Same claim", "ours", &[]).expect("claim");
        o.apply(e).expect("applies");
        let mut t = b.clone();
        for (label, note) in [("Same claim", "their one"), ("same claim", "their two")] {
            let (_, e) = t.new_claim(label, note, &[]).expect("claim");
            t.apply(e).expect("applies");
        }
        let (m, _) = run(&b, &o, &t);
        let notes: Vec<&str> =
            m.claims().iter().filter(|c| c.label.eq_ignore_ascii_case("same claim")).map(|c| c.note.as_str()).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.contains(&"their two"), "{notes:?}");
        assert!(m.conflicts().iter().any(|k| k.field == "note"), "ours and their first differ: {:?}", m.conflicts());
    }

    /// A side's work on `p`: a few random edits through the edit API (annotate, retag, note,
    /// link to a new claim, delete, add a tag), as an analyst's session would make.
    fn session(p: &Project, seed: u64, steps: usize) -> Project {
        let mut rng = crate::analysis::synthetic::Rng(seed | 1);
        let mut p = p.clone();
        for _ in 0..steps {
            let docs: Vec<DocId> = p.documents().iter().map(|d| d.id).collect();
            let tags: Vec<_> = p.tags().iter().map(|t| t.id).collect();
            let anns: Vec<AnnotationId> = p.annotations().map(|a| a.id).collect();
            let edit = match rng.below(6) {
                0 | 1 => {
                    let doc = docs[rng.below(docs.len())];
                    let len = p.document(doc).map_or(1, |d| d.text.len_chars());
                    let start = rng.below(len.saturating_sub(1));
                    let end = (start + 1 + rng.below(20)).min(len);
                    p.annotate(doc, start..end, tags[rng.below(tags.len())], NewAnnotation::default()).map(|(_, e)| e)
                }
                2 if !anns.is_empty() => p.retag(anns[rng.below(anns.len())], tags[rng.below(tags.len())]),
                3 if !anns.is_empty() => p.describe(anns[rng.below(anns.len())], &format!("note {}", rng.below(5)), ""),
                4 if !anns.is_empty() => {
                    let a = anns[rng.below(anns.len())];
                    p.new_claim(&format!("claim {}", rng.below(4)), "", &[a]).map(|(_, e)| e)
                }
                5 if !anns.is_empty() => Ok(Edit::RemoveAnnotation(anns[rng.below(anns.len())])),
                _ => p.new_tag(&format!("tag {}", rng.below(3))).map(|(_, e)| e),
            };
            if let Ok(e) = edit {
                let _ = p.apply(e);
            }
        }
        p
    }

    /// A project's parts in an order that does not depend on how they were made.
    fn normal(p: &Project) -> ProjectParts {
        let mut parts = p.to_parts();
        parts.tags.sort_by_key(|t| t.id);
        parts.documents.sort_by_key(|d| d.id);
        parts.claims.sort_by_key(|c| c.id);
        parts.annotations.sort_by_key(|a| a.id);
        parts.next_id = 0;
        parts
    }

    fn ids_unique(p: &ProjectParts) -> bool {
        let all: Vec<u64> = ids(p).collect();
        all.iter().collect::<HashSet<_>>().len() == all.len()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Merge laws: a side that changed nothing takes the other side's work as it is; both
        /// sides alike give that; ids are unique after any merge, and every conflict names an
        /// item of the result.
        #[test]
        fn merge_laws(seed in 0u64..1_000_000, steps_o in 0usize..12, steps_t in 0usize..12) {
            let (b, _, _, _) = base();
            let b = session(&b, seed ^ 0xB, 6);
            let o = session(&b, seed ^ 0x3, steps_o);
            let t = session(&b, seed ^ 0x7, steps_t);

            let (m, _) = run(&b, &b, &t);
            proptest::prop_assert_eq!(normal(&m), normal(&t.clone().with_uuid(b.uuid())));
            let (m, _) = run(&b, &o, &b);
            proptest::prop_assert_eq!(normal(&m), normal(&o));
            let (m, _) = run(&b, &o, &o);
            proptest::prop_assert_eq!(normal(&m), normal(&o));

            let merged = merge(&b.to_parts(), &o.to_parts(), &t.to_parts()).expect("ids left");
            proptest::prop_assert!(ids_unique(&merged.parts));
            let (m, _) = run(&b, &o, &t);
            for c in m.conflicts() {
                let exists = match c.subject {
                    Subject::Project => true,
                    Subject::Tag(id) => m.tag(id).is_some(),
                    Subject::Document(id) => m.document(id).is_some(),
                    Subject::Claim(id) => m.claim(id).is_some(),
                    Subject::Annotation(id) => m.annotation(id).is_some() || c.field == "exists",
                };
                proptest::prop_assert!(exists, "conflict about a missing item: {:?}", c);
            }
        }
    }

    #[test]
    fn conflicts_carried_from_their_side_follow_the_renumbering() {
        let (b, doc, _, _) = base();
        let tag = b.tags()[1].id;
        // Ours adds an annotation, which takes the next id.
        let mut o = b.clone();
        let (oa, e) = o.annotate(doc, 19..28, tag, NewAnnotation::default()).expect("annotates");
        o.apply(e).expect("applies");
        // Theirs adds one too (the same id) and carries a conflict about it from an earlier merge.
        let mut t = b.clone();
        let (ta, e) = t.annotate(doc, 52..58, tag, NewAnnotation::default()).expect("annotates");
        t.apply(e).expect("applies");
        assert_eq!(oa, ta);
        let mut parts = t.to_parts();
        parts.conflicts.push(Conflict {
            subject: Subject::Annotation(ta),
            field: "note".into(),
            base: Value::Text(String::new()),
            ours: Value::Text("theirs kept".into()),
            theirs: Value::Text("other".into()),
            kept: Side::Ours,
            origin: Default::default(),
        });
        let (t, _) = Project::from_parts(parts).expect("valid");
        let (m, _) = run(&b, &o, &t);
        let c = &m.conflicts()[0];
        let Subject::Annotation(id) = c.subject else { panic!("an annotation's conflict") };
        assert_ne!(id, oa, "it would now name our annotation");
        assert_eq!(m.annotation(id).map(Annotation::range), Some(52..58), "it names theirs, renumbered");
    }
}
