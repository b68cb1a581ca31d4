//! Claim suggestions: groups of passages from different articles that seem to assert the same
//! thing, for the analyst to make into a claim with one click, or to dismiss.
//!
//! Two steps, so that the expensive one is done once per article text and vector set:
//! [`Links::build`] finds, for every sentence, its closest sentence in each other article by the
//! same fused score as "Find in other articles" (meaning and shared words), and keeps the pairs
//! that are each other's closest (mutual best) and close enough. [`suggest`] then groups linked
//! sentences greedily, strongest link first, never two sentences of one article in a group
//! (single-linkage clustering with a one-per-article constraint), and reads the project's
//! annotations, claims and dismissals to say what each group would add. It is cheap and runs
//! after every edit.
//!
//! Cost: up to [`EXACT_UP_TO`] sentences `Links::build` compares every sentence with every
//! other (n² dot products). Beyond that, when the sentences have vectors, each is compared with
//! its [`NEIGHBOURS`] nearest by meaning, found in an approximate nearest-neighbour index (HNSW,
//! `instant-distance`): a 1,000-article project (55,000 sentences) is covered, up to
//! [`MAX_WITH_MEANING`] sentences. Without vectors (words alone) the bound is [`MAX_PASSAGES`];
//! beyond either bound the first ones are used and the caller is told.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;

use super::semantic::{Embeddings, SemanticIndex, Why, dot, shared, text_key};
use super::similar::{self, Index, Passage, query_for_text};
use crate::model::annotation::Annotation;
use crate::model::claim::Claim;
use crate::model::edit::{Edit, EditError};
use crate::model::ids::{AnnotationId, ClaimId, DocId, TagId};
use crate::model::ops::NewAnnotation;
use crate::model::project::Project;

pub use crate::model::record::Dismissal;

/// Prefix of a dismissal that keeps two passages apart: the analyst unticked one of them from a
/// suggested claim that held both (negative evidence). The rest of the key is the pair's
/// [`group_key`].
pub const APART: &str = "apart:";

/// Most sentences compared by words alone (pairwise), when there are no vectors.
pub const MAX_PASSAGES: usize = 6000;
/// Sentences compared pairwise; beyond, through the nearest-neighbour index.
pub const EXACT_UP_TO: usize = 6000;
/// Most sentences compared when they have vectors.
pub const MAX_WITH_MEANING: usize = 200_000;
/// Most other articles a sentence keeps its closest passage in, by score (compared pairwise).
pub const MAX_ARTICLES: usize = 128;
/// Nearest neighbours by meaning a sentence is compared with, past [`EXACT_UP_TO`].
pub const NEIGHBOURS: usize = 32;
/// Candidates weighed for each sentence's links while the index is built (the crate's default
/// is 100).
const EF_CONSTRUCTION: usize = 16;
/// Weight of meaning against shared words in a link's score: links are scored on meaning
/// alone (shared words explain them, and score them while no vectors are ready). Measured on two
/// sets with their claims stripped, top 15 (BENCHMARKS.md, issue 12): meaning alone at 0.4 found
/// 7 of the sample's 10 claims (precision 0.47) and 6 of the Ever Given set's 9 (0.75); words
/// scored and meaning gated, best on the sample alone (7 of 10 at 0.60), found 2 of 9 there.
pub const SUGGEST_WEIGHT: f32 = 1.0;
/// Least similarity of meaning of a link, whatever its fused score (0: no gate beyond
/// [`THRESHOLD`]).
pub const MIN_MEANING: f32 = 0.0;
/// Least score of a link (with vectors: the cosine of the two passages, by [`SUGGEST_WEIGHT`]).
pub const THRESHOLD: f32 = 0.4;
/// Sentences with fewer words than this (datelines, bylines, "He declined to comment.") are
/// not suggested: they match too much.
const MIN_WORDS: usize = 6;

/// The settings of [`Links::build_at`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tuning {
    /// Least fused score of a link.
    pub threshold: f32,
    /// Weight of meaning against shared words in the fused score.
    pub weight: f32,
    /// Least similarity of meaning of a link, where both passages have vectors.
    pub min_meaning: f32,
    /// Sentences compared pairwise; beyond, through the nearest-neighbour index.
    pub exact_up_to: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning { threshold: THRESHOLD, weight: SUGGEST_WEIGHT, min_meaning: MIN_MEANING, exact_up_to: EXACT_UP_TO }
    }
}

/// A link between two sentences of different articles, each the other's closest in its article.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Link {
    a: u32,
    b: u32,
    score: f32,
    meaning: Option<f32>,
}

/// A passage's closest passage in one other article: its number, the fused score, the cosine.
type Closest = (u32, f32, Option<f32>);
/// A group being built: its articles, its passages, the links that joined them.
type Group = (BTreeSet<DocId>, Vec<u32>, Vec<Link>);

/// The strong cross-article pairs of a project's passages.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// The passages compared: see [`units`] (those without a word to index are left out).
    index: Index,
    /// What [`units`] gave, to know when the project's passages change.
    units: Vec<Passage>,
    links: Vec<Link>,
    with_meaning: bool,
    /// Passages left out for the bound.
    left_out: usize,
}

/// What suggestions group: every annotated span as the analyst drew it (the claims an analyst
/// has tagged but not linked yet), and every sentence no annotation touches.
pub fn units(project: &Project) -> Vec<Passage> {
    let mut out = Vec::new();
    for d in project.documents() {
        let mut spans: Vec<Passage> = project
            .overlapping(d.id, 0..d.text.len_chars())
            .filter(|e| e.start < e.end)
            .map(|e| Passage { doc: d.id, range: e.start..e.end })
            .collect();
        spans.sort_by_key(|p| (p.range.start, p.range.end));
        spans.dedup();
        for r in similar::sentences(&d.text) {
            if project.overlapping(d.id, r.clone()).next().is_none() {
                spans.push(Passage { doc: d.id, range: r });
            }
        }
        spans.sort_by_key(|p| (p.range.start, p.range.end));
        out.extend(spans);
    }
    out
}

impl Links {
    /// Compares every passage of [`units`] (up to [`MAX_PASSAGES`]) with every passage of the
    /// other articles. Without `embeddings` (or for passages not embedded yet) words alone score.
    pub fn build(project: &Project, embeddings: Option<&Embeddings>) -> Links {
        Links::build_at(project, embeddings, Tuning::default())
    }

    /// [`Links::build`] with other settings (for calibration).
    pub fn build_at(project: &Project, embeddings: Option<&Embeddings>, tuning: Tuning) -> Links {
        let Tuning { threshold, weight, min_meaning, exact_up_to } = tuning;
        let mut all = units(project);
        let limit = if embeddings.is_some_and(|e| !e.is_empty()) { MAX_WITH_MEANING } else { MAX_PASSAGES };
        let left_out = all.len().saturating_sub(limit);
        all.truncate(limit);
        let index = Index::over_weighted(project, all.iter().cloned(), similar::Weights::CONTENT);
        let semantic = embeddings.map(|e| SemanticIndex::build(project, &index, e));
        let semantic = semantic.as_ref();
        let passages = index.passages();
        let n = passages.len();
        let texts: Vec<&str> = passages
            .iter()
            .map(|p| project.document(p.doc).map(|d| d.text.slice(p.range.clone())).unwrap_or_default())
            .collect();
        // Annotated spans are the analyst's own choice; unannotated sentences must be long
        // enough to say something.
        let eligible: Vec<bool> = passages
            .iter()
            .zip(&texts)
            .map(|(p, t)| {
                t.split_whitespace().count() >= MIN_WORDS
                    || project.overlapping(p.doc, p.range.clone()).next().is_some()
            })
            .collect();
        // Articles numbered densely, for per-article bests.
        let mut doc_no: HashMap<DocId, usize> = HashMap::new();
        let docs: Vec<usize> = passages
            .iter()
            .map(|p| {
                let next = doc_no.len();
                *doc_no.entry(p.doc).or_insert(next)
            })
            .collect();
        let rows: Vec<usize> = (0..n).collect();
        let vectors: Vec<Option<&[f32]>> = (0..n).map(|i| semantic.and_then(|s| s.vector(i))).collect();
        // Row i's fused score of passage j, from i's lexical scores.
        let fused = |lexical: &[f32], top: f32, j: usize, meaning: Option<f32>| {
            let words = lexical[j] / top.max(f32::EPSILON);
            match meaning {
                Some(m) => weight * m + (1.0 - weight) * words,
                None => words,
            }
        };
        let lexical_of = |i: usize| {
            let lexical = index.scores(&query_for_text(texts[i]));
            let top = (0..n).filter(|&j| docs[j] != docs[i]).map(|j| lexical[j]).fold(0f32, f32::max);
            (lexical, top)
        };
        let near = (n > exact_up_to && vectors.iter().any(Option::is_some))
            .then(|| Neighbours::build(&vectors, &eligible))
            .flatten();
        // Row i: for each other article, its closest passage to i and the fused score.
        let best: Vec<HashMap<usize, Closest>> = crate::model::par::par_map_ref(&rows, 64, |&i| {
            let mut out: HashMap<usize, Closest> = HashMap::new();
            if !eligible[i] {
                return out;
            }
            let mut keep = |j: usize, score: f32, meaning: Option<f32>| {
                let slot = out.entry(docs[j]).or_insert((j as u32, f32::MIN, None));
                if score > slot.1 {
                    *slot = (j as u32, score, meaning);
                }
            };
            if let Some(near) = &near {
                // Past EXACT_UP_TO: the nearest by meaning only (words score them when weighed).
                let Some(v) = vectors[i] else { return out };
                let words = (weight < 1.0).then(|| lexical_of(i));
                for (j, m) in near.of(v) {
                    if docs[j] == docs[i] || !eligible[j] {
                        continue;
                    }
                    let score = match &words {
                        Some((lexical, top)) => fused(lexical, *top, j, Some(m)),
                        None => m,
                    };
                    keep(j, score, Some(m));
                }
                return out;
            }
            let (lexical, top) = lexical_of(i);
            let vector = vectors[i];
            // Each article's closest, by article number (a map entry per article and row had
            // held 25 million entries, 1.4 GB, for 5,000 articles of one identical passage).
            let mut closest: Vec<Option<Closest>> = vec![None; doc_no.len()];
            for j in 0..n {
                if docs[j] == docs[i] || !eligible[j] {
                    continue;
                }
                let meaning = vector.zip(vectors[j]).map(|(u, v)| dot(u, v));
                let score = fused(&lexical, top, j, meaning);
                let slot = &mut closest[docs[j]];
                if slot.is_none_or(|s| score > s.1) {
                    *slot = Some((j as u32, score, meaning));
                }
            }
            let mut kept: Vec<(usize, Closest)> =
                closest.into_iter().enumerate().filter_map(|(d, c)| Some((d, c?))).collect();
            // The best articles only. Among equals, the articles nearest its own in number
            // (either way round): passages said alike in more articles than this still join
            // them all, each linked to its neighbours (by lowest number, every row kept the
            // same 128 and the rest were left out).
            if kept.len() > MAX_ARTICLES {
                let (own, all) = (docs[i], doc_no.len());
                let apart = |d: usize| {
                    let k = (d + all - own) % all;
                    k.min(all - k)
                };
                kept.select_nth_unstable_by(MAX_ARTICLES, |x, y| {
                    y.1.1.total_cmp(&x.1.1).then(apart(x.0).cmp(&apart(y.0))).then(x.0.cmp(&y.0))
                });
                kept.truncate(MAX_ARTICLES);
            }
            out.extend(kept);
            out
        });
        let mut links = Vec::new();
        for (i, row) in best.iter().enumerate() {
            for &(j, score, meaning) in row.values() {
                let j = j as usize;
                // Each pair once (i < j), and only when j's closest in i's article is i.
                let Some(back) = best[j].get(&docs[i]).filter(|b| b.0 as usize == i) else { continue };
                if j <= i {
                    continue;
                }
                let score = (score + back.1) / 2.0;
                if score >= threshold && meaning.is_none_or(|m| m >= min_meaning) {
                    links.push(Link { a: i as u32, b: j as u32, score, meaning });
                }
            }
        }
        links.sort_by(|x, y| y.score.total_cmp(&x.score).then((x.a, x.b).cmp(&(y.a, y.b))));
        let with_meaning = semantic.is_some_and(|s| s.coverage().0 > 0);
        Links { index, units: all, links, with_meaning, left_out }
    }

    /// True when built over `project`'s passages as they are now.
    pub fn is_for(&self, project: &Project) -> bool {
        let now = units(project);
        self.index.built_from() == project.documents().iter().map(|d| (d.id, d.text.generation())).collect::<Vec<_>>()
            && now.starts_with(&self.units)
            && (self.units.len() == now.len() || self.left_out > 0)
    }

    /// Whether similarity of meaning took part.
    pub fn with_meaning(&self) -> bool {
        self.with_meaning
    }

    /// The linked pairs, as numbers of the passages compared (for comparing two builds).
    pub fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.links.iter().map(|l| (l.a as usize, l.b as usize))
    }

    /// Sentences compared.
    pub fn compared(&self) -> usize {
        self.units.len()
    }

    /// Sentences not compared, beyond [`MAX_PASSAGES`] (or [`MAX_WITH_MEANING`]).
    pub fn left_out(&self) -> usize {
        self.left_out
    }

    pub fn len(&self) -> usize {
        self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

/// A sentence's vector as a point of the nearest-neighbour index.
#[derive(Clone, Copy)]
struct Unit<'a>(&'a [f32]);

impl instant_distance::Point for Unit<'_> {
    /// Vectors are of unit length: 1 − cosine orders them as the cosine does.
    fn distance(&self, other: &Self) -> f32 {
        (1.0 - dot(self.0, other.0)).max(0.0)
    }
}

/// The approximate nearest neighbours by meaning of the sentences with vectors.
struct Neighbours<'a> {
    map: instant_distance::HnswMap<Unit<'a>, usize>,
}

impl<'a> Neighbours<'a> {
    /// Indexes the eligible sentences that have a vector; none when the index's thread pool
    /// cannot be made.
    fn build(vectors: &[Option<&'a [f32]>], eligible: &[bool]) -> Option<Neighbours<'a>> {
        let (points, ids): (Vec<Unit<'a>>, Vec<usize>) = vectors
            .iter()
            .enumerate()
            .filter(|(i, _)| eligible[*i])
            .filter_map(|(i, v)| Some((Unit((*v)?), i)))
            .unzip();
        // One thread, a fixed seed: the same sentences always give the same neighbours.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok()?;
        let builder =
            instant_distance::Builder::default().seed(0x5eed).ef_construction(EF_CONSTRUCTION).ef_search(NEIGHBOURS);
        Some(Neighbours { map: pool.install(|| builder.build(points, ids)) })
    }

    /// The nearest sentences to `v` and their cosine, nearest first.
    fn of(&self, v: &[f32]) -> Vec<(usize, f32)> {
        let mut search = instant_distance::Search::default();
        self.map.search(&Unit(v), &mut search).map(|item| (*item.value, 1.0 - item.distance)).collect()
    }
}

/// A passage of a suggestion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Member {
    pub doc: DocId,
    /// The sentence, in chars.
    pub range: Range<usize>,
    /// An annotation on this sentence that accepting would link (instead of tagging anew).
    pub annotation: Option<AnnotationId>,
    /// The claim that annotation is already linked to.
    pub claim: Option<ClaimId>,
}

/// A proposed claim: passages of different articles, and why they were grouped.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// Stable while the passages' texts stay the same: what a dismissal remembers.
    pub key: String,
    /// A label to start from: the passage most linked to the others, shortened.
    pub label: String,
    pub members: Vec<Member>,
    /// Sum of the links that hold the group together: larger for more articles and closer links.
    pub score: f32,
    /// The strongest link's evidence: shared words and phrases, similarity of meaning.
    pub why: Why,
    /// The existing claim it would extend (some passages are already linked to it); `None`: it
    /// would make a new claim.
    pub claim: Option<ClaimId>,
}

impl Candidate {
    /// Passages not yet annotated: accepting tags them.
    pub fn to_tag(&self) -> usize {
        self.members.iter().filter(|m| m.annotation.is_none()).count()
    }

    /// How many different articles it spans.
    pub fn articles(&self) -> usize {
        self.members.iter().map(|m| m.doc).collect::<BTreeSet<_>>().len()
    }
}

/// Longest suggested label, in chars.
const LABEL_CHARS: usize = 90;

/// The claim suggestions for `project`, best first, at most `top`. Groups already linked to one
/// claim, groups that join passages of two different claims, and dismissed groups are left out.
pub fn suggest(project: &Project, links: &Links, top: usize) -> Vec<Candidate> {
    let index = &links.index;
    let passages = index.passages();
    let text = |i: usize| {
        let p = &passages[i];
        project.document(p.doc).map(|d| d.text.slice(p.range.clone())).unwrap_or_default()
    };
    let dismissed: HashSet<&str> = project.dismissed().iter().map(|d| d.key.as_str()).collect();
    // Pairs the analyst kept apart are never linked again (hashed only when there are some).
    let apart: HashSet<&str> = dismissed.iter().filter_map(|k| k.strip_prefix(APART)).collect();
    let groups = linkage(links, |a, b| {
        !apart.is_empty() && apart.contains(group_key([text(a as usize), text(b as usize)].into_iter()).as_str())
    });
    let mut out: Vec<Candidate> = Vec::new();
    for (mut members, group_links) in groups {
        members.sort_by_key(|&i| (project.document_index(passages[i as usize].doc), passages[i as usize].range.start));
        let key = group_key(members.iter().map(|&i| text(i as usize)));
        if dismissed.contains(key.as_str()) {
            continue;
        }
        let ms: Vec<Member> = members
            .iter()
            .map(|&i| {
                let p = &passages[i as usize];
                let on: Vec<&Annotation> =
                    project.overlapping(p.doc, p.range.clone()).filter_map(|e| project.annotation(e.id)).collect();
                // The annotation the passage is, else a linked one, else the one covering most.
                let pick = on
                    .iter()
                    .max_by_key(|a| {
                        (
                            a.start == p.range.start && a.end == p.range.end,
                            a.claim.is_some(),
                            a.end.min(p.range.end) - a.start.max(p.range.start),
                            std::cmp::Reverse(a.id),
                        )
                    })
                    .copied();
                Member {
                    doc: p.doc,
                    range: p.range.clone(),
                    annotation: pick.map(|a| a.id),
                    claim: pick.and_then(|a| a.claim),
                }
            })
            .collect();
        let claims: BTreeSet<ClaimId> = ms.iter().filter_map(|m| m.claim).collect();
        if claims.len() > 1 || (claims.len() == 1 && ms.iter().all(|m| m.claim.is_some())) {
            continue;
        }
        // The label: the passage with the most links in the group (ties: strongest).
        let mut degree: HashMap<u32, (usize, f32)> = HashMap::new();
        for l in &group_links {
            for x in [l.a, l.b] {
                let e = degree.entry(x).or_default();
                e.0 += 1;
                e.1 += l.score;
            }
        }
        let centre = members
            .iter()
            .copied()
            .max_by(|x, y| {
                let (dx, dy) = (degree.get(x).copied().unwrap_or_default(), degree.get(y).copied().unwrap_or_default());
                dx.0.cmp(&dy.0).then(dx.1.total_cmp(&dy.1)).then(y.cmp(x))
            })
            .unwrap_or(members[0]);
        let strongest = group_links.iter().copied().max_by(|x, y| x.score.total_cmp(&y.score));
        // The words the strongest pair shares; the meaning of the group as a whole (the mean of
        // its links): the strongest pair alone said "meaning 1.00" for any group holding two
        // copies of one sentence, however far the rest strayed.
        let meanings: Vec<f32> = group_links.iter().filter_map(|l| l.meaning).collect();
        let meaning = (!meanings.is_empty()).then(|| meanings.iter().sum::<f32>() / meanings.len() as f32);
        let why = strongest.map_or_else(Why::default, |l| {
            let terms: Vec<(String, f32)> = query_for_text(text(l.a as usize));
            let set: HashSet<&str> = terms.iter().map(|(t, _)| t.as_str()).collect();
            Why { lexical: 0.0, meaning, shared: shared(index, &set, text(l.b as usize)) }
        });
        out.push(Candidate {
            key,
            label: crate::model::truncate(&super::semantic::clean(text(centre as usize)), LABEL_CHARS),
            members: ms,
            score: group_links.iter().map(|l| l.score).sum(),
            why,
            claim: claims.into_iter().next(),
        });
    }
    out.sort_by(|x, y| y.score.total_cmp(&x.score).then_with(|| x.key.cmp(&y.key)));
    out.truncate(top);
    out
}

/// Of the pairs of passages two groups would join, the share that must be linked.
const COHERENCE: f64 = 0.5;

/// Groups by greedy linkage over mutual-best links, strongest first, one passage per article in
/// a group, two groups joining only when they are linked well enough ([`COHERENCE`]).
fn linkage(links: &Links, apart: impl Fn(u32, u32) -> bool) -> Vec<(Vec<u32>, Vec<Link>)> {
    let passages = links.index.passages();
    let n = passages.len();
    // Each passage's group, by the group's key in `groups` (a passage alone: itself). A merge
    // relabels the smaller group's passages, so each is relabelled O(log n) times. (A union-find
    // over hash maps, with each merge's larger group collected into a set and both groups'
    // articles cloned to compare, took 10 s for 6,000 short articles of a few common words.)
    let mut group_of: Vec<u32> = (0..n as u32).collect();
    // Every passage's linked passages, for the coherence of a merge.
    let mut linked: Vec<Vec<u32>> = vec![Vec::new(); n];
    for l in &links.links {
        if let Some(v) = linked.get_mut(l.a as usize) {
            v.push(l.b);
        }
        if let Some(v) = linked.get_mut(l.b as usize) {
            v.push(l.a);
        }
    }
    // Each pair once, however many links name it.
    for v in &mut linked {
        v.sort_unstable();
        v.dedup();
    }
    let group = |group_of: &[u32], x: u32| group_of.get(x as usize).copied().unwrap_or(x);
    let mut groups: HashMap<u32, Group> = HashMap::new();
    for l in &links.links {
        if apart(l.a, l.b) || l.a as usize >= n || l.b as usize >= n {
            continue;
        }
        let (ra, rb) = (group(&group_of, l.a), group(&group_of, l.b));
        if ra == rb {
            if let Some(g) = groups.get_mut(&ra) {
                g.2.push(*l);
            }
            continue;
        }
        // One article at most once in a group.
        let (doc_a, doc_b) = (passages[l.a as usize].doc, passages[l.b as usize].doc);
        let disjoint = match (groups.get(&ra), groups.get(&rb)) {
            (Some(ga), Some(gb)) => ga.0.is_disjoint(&gb.0),
            (Some(ga), None) => !ga.0.contains(&doc_b),
            (None, Some(gb)) => !gb.0.contains(&doc_a),
            (None, None) => doc_a != doc_b,
        };
        if !disjoint {
            continue;
        }
        // Average linkage on the links: two groups join only when enough of their passages'
        // pairs are linked. Single linkage alone chained 34 articles' unrelated sentences into
        // one "claim" through near-duplicate articles (each copy's sentence linked to the next
        // best in some third article).
        let (one_a, one_b) = ([l.a], [l.b]);
        let ma: &[u32] = groups.get(&ra).map_or(&one_a, |g| &g.1);
        let mb: &[u32] = groups.get(&rb).map_or(&one_b, |g| &g.1);
        let pairs = ma.len() * mb.len();
        if pairs > 1 {
            // Counted from the smaller side's links into the larger side.
            let (small, large) = if ma.len() <= mb.len() { (ma, rb) } else { (mb, ra) };
            let joined: usize = small
                .iter()
                .map(|&x| linked[x as usize].iter().filter(|&&y| group(&group_of, y) == large).count())
                .sum();
            if (joined as f64) < COHERENCE * pairs as f64 {
                continue;
            }
        }
        let single = |x: u32, doc: DocId| (BTreeSet::from([doc]), vec![x], Vec::new());
        let ga = groups.remove(&ra).unwrap_or_else(|| single(l.a, doc_a));
        let gb = groups.remove(&rb).unwrap_or_else(|| single(l.b, doc_b));
        // The merged group keeps a's passages first (as it always had), under the key of the
        // larger of the two, whose passages keep their label.
        let (key, relabel) = if ga.1.len() >= gb.1.len() { (ra, &gb.1) } else { (rb, &ga.1) };
        for &x in relabel {
            if let Some(slot) = group_of.get_mut(x as usize) {
                *slot = key;
            }
        }
        let mut g = ga;
        g.0.extend(gb.0);
        g.1.extend(gb.1);
        g.2.extend(gb.2);
        g.2.push(*l);
        groups.insert(key, g);
    }
    groups.into_values().map(|(_, m, l)| (m, l)).collect()
}

/// The key of a group of passages: FNV-1a over their text keys, sorted (so the order the
/// articles are listed in does not matter), in hex.
pub fn group_key<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut keys: Vec<u64> = texts.map(text_key).collect();
    keys.sort_unstable();
    let mut h = crate::model::hash::Fnv1a::new();
    for k in keys {
        h.write(&k.to_le_bytes());
    }
    format!("{:016x}", h.finish())
}

impl Project {
    /// Makes a suggestion into a claim in one edit: a new claim labelled `label` (or the
    /// existing claim it extends), its passages that are not annotated yet tagged with `tag`,
    /// and every passage linked to it. Returns the claim's id.
    pub fn accept_suggestion(
        &self,
        c: &Candidate,
        tag: TagId,
        label: &str,
        made: &NewAnnotation,
    ) -> Result<(ClaimId, Edit), EditError> {
        self.tag(tag).ok_or(EditError::NoTag(tag))?;
        if c.claim.is_none() && label.trim().is_empty() {
            return Err(EditError::EmptyClaimLabel);
        }
        let new_ids = self.fresh_ids(c.to_tag() + 1)?;
        let mut ids = new_ids.clone();
        let claim = match c.claim {
            Some(id) => {
                self.claim(id).ok_or(EditError::NoClaim(id))?;
                id
            }
            None => ClaimId(ids.next().ok_or(EditError::IdsExhausted)?),
        };
        let mut edits = Vec::new();
        if c.claim.is_none() {
            let mut new = Claim::new(claim, label.trim(), "");
            new.created.clone_from(&made.created);
            new.created_by.clone_from(&made.created_by);
            edits.push(Edit::AddClaim { claim: new, at: None });
        }
        for m in &c.members {
            let d = self.document(m.doc).ok_or(EditError::NoDocument(m.doc))?;
            if m.range.start >= m.range.end || m.range.end > d.text.len_chars() {
                return Err(EditError::OutOfRange {
                    doc: m.doc,
                    start: m.range.start,
                    end: m.range.end,
                    len: d.text.len_chars(),
                });
            }
            match m.annotation {
                Some(id) => {
                    let a = self.annotation(id).ok_or(EditError::NoAnnotation(id))?;
                    if a.claim != Some(claim) {
                        let mut to = a.fields();
                        to.claim = Some(claim);
                        edits.push(Edit::UpdateAnnotation { id, to });
                    }
                }
                None => {
                    let id = AnnotationId(ids.next().ok_or(EditError::IdsExhausted)?);
                    edits.push(Edit::AddAnnotation(Annotation {
                        claim: Some(claim),
                        created: made.created.clone().into(),
                        created_by: made.created_by.clone().into(),
                        ..Annotation::over(id, m.doc, &d.text, m.range.clone(), tag)
                    }));
                }
            }
        }
        Ok((claim, Edit::batch(edits)))
    }

    /// [`Project::accept_suggestion`] without the members at `dropped` (indices into
    /// `c.members`), which the analyst unticked: each is remembered as kept apart from every
    /// passage taken (negative evidence), so that no later suggestion links them again. One edit.
    pub fn accept_suggestion_without(
        &self,
        c: &Candidate,
        dropped: &BTreeSet<usize>,
        tag: TagId,
        label: &str,
        made: &NewAnnotation,
    ) -> Result<(ClaimId, Edit), EditError> {
        let kept: Vec<&Member> =
            c.members.iter().enumerate().filter(|(i, _)| !dropped.contains(i)).map(|x| x.1).collect();
        let gone: Vec<&Member> =
            c.members.iter().enumerate().filter(|(i, _)| dropped.contains(i)).map(|x| x.1).collect();
        if kept.len() < 2 {
            return Err(EditError::TooFewPassages);
        }
        let text =
            |m: &Member| self.document(m.doc).map(|d| d.text.slice(m.range.clone()).to_owned()).unwrap_or_default();
        let taken = Candidate { members: kept.iter().map(|m| (*m).clone()).collect(), ..c.clone() };
        let (claim, edit) = self.accept_suggestion(&taken, tag, label, made)?;
        let mut edits = vec![edit];
        for g in &gone {
            let g_text = text(g);
            for k in &kept {
                let k_text = text(k);
                let key = format!("{APART}{}", group_key([g_text.as_str(), k_text.as_str()].into_iter()));
                if self.dismissed().iter().any(|d| d.key == key) {
                    continue;
                }
                let label = format!("apart: {} / {}", crate::model::short(&g_text), crate::model::short(&k_text));
                edits.push(Edit::AddDismissal { dismissal: Dismissal { key, label }, at: None });
            }
        }
        Ok((claim, Edit::batch(edits)))
    }

    /// Records that the analyst does not want this suggestion (undoable).
    pub fn dismiss_suggestion(&self, c: &Candidate) -> Result<Edit, EditError> {
        if self.dismissed().iter().any(|d| d.key == c.key) {
            return Ok(Edit::Batch(Vec::new()));
        }
        Ok(Edit::AddDismissal { dismissal: Dismissal { key: c.key.clone(), label: c.label.clone() }, at: None })
    }
}

/// How well suggestions recover a project's own multi-article claims.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuggestionScore {
    /// Claims with annotations in two or more articles.
    pub claims: usize,
    /// Of those, claims some suggestion matches (two of its passages, from different articles,
    /// on the claim's annotations).
    pub found: usize,
    /// Suggestions looked at.
    pub suggestions: usize,
    /// Of those, suggestions that match some claim.
    pub matching: usize,
}

impl SuggestionScore {
    pub fn recall(&self) -> f64 {
        if self.claims == 0 { 0.0 } else { self.found as f64 / self.claims as f64 }
    }

    pub fn precision(&self) -> f64 {
        if self.suggestions == 0 { 0.0 } else { self.matching as f64 / self.suggestions as f64 }
    }
}

/// Scores `suggestions` (made on a copy of `truth` without its claims) against `truth`'s claims.
pub fn score_suggestions(truth: &Project, suggestions: &[Candidate]) -> SuggestionScore {
    // Per claim: the (article, char) ranges of its annotations.
    let mut by_claim: HashMap<ClaimId, Vec<(DocId, Range<usize>)>> = HashMap::new();
    for a in truth.annotations() {
        if let Some(c) = a.claim {
            by_claim.entry(c).or_default().push((a.doc, a.start..a.end));
        }
    }
    by_claim.retain(|_, spans| spans.iter().map(|s| s.0).collect::<BTreeSet<_>>().len() >= 2);
    let hits = |c: &Candidate, spans: &[(DocId, Range<usize>)]| {
        c.members
            .iter()
            .filter(|m| spans.iter().any(|(d, r)| *d == m.doc && r.start < m.range.end && m.range.start < r.end))
            .map(|m| m.doc)
            .collect::<BTreeSet<_>>()
            .len()
            >= 2
    };
    let found = by_claim.values().filter(|spans| suggestions.iter().any(|c| hits(c, spans))).count();
    let matching = suggestions.iter().filter(|c| by_claim.values().any(|spans| hits(c, spans))).count();
    SuggestionScore { claims: by_claim.len(), found, suggestions: suggestions.len(), matching }
}

/// `project` with every claim link and claim taken away (annotations kept): what an analyst
/// who has tagged but not yet linked would have, for scoring suggestions.
pub fn without_claims(project: &Project) -> Result<Project, EditError> {
    let mut p = project.clone();
    let mut edits = Vec::new();
    for a in p.annotations().filter(|a| a.claim.is_some()) {
        edits.push(p.link(a.id, None)?);
    }
    p.apply(Edit::batch(edits))?;
    let removes: Vec<Edit> = p.claims().iter().map(|c| Edit::RemoveClaim(c.id)).collect();
    p.apply(Edit::batch(removes))?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    /// Past `exact_up_to` sentences links come through the nearest-neighbour index: sentences
    /// given the same meaning in different articles are linked, every one, and no sentence is
    /// left out for the bound. (The real
    /// vectors of the evaluation sets: `crates/core/tests/core/suggested_claims.rs`.)
    #[test]
    fn links_through_nearest_neighbours_find_every_planted_pair() {
        let p = crate::analysis::synthetic::project(40, 4000, 0, 9);
        let all = units(&p);
        // Random vectors (too far apart to link, at 64 dimensions) and planted pairs of
        // sentences of different articles made to mean the same.
        const DIM: usize = 64;
        let mut rng = crate::analysis::synthetic::Rng(5);
        let mut random = || {
            super::super::semantic::normalised(
                (0..DIM).map(|_| (rng.next_u64() % 2001) as f32 / 1000.0 - 1.0).collect(),
            )
        };
        let text =
            |u: &Passage| p.document(u.doc).map(|d| d.text.slice(u.range.clone()).to_owned()).unwrap_or_default();
        let long = |u: &Passage| text(u).split_whitespace().count() >= MIN_WORDS;
        let mut e = Embeddings::new("test", DIM);
        for u in &all {
            e.insert(&text(u), random());
        }
        let mut planted: Vec<(String, String)> = Vec::new();
        let step = all.len() / 21;
        for k in 1..=20 {
            let a = &all[k * step];
            let Some(b) = all[k * step + step / 2..].iter().find(|b| b.doc != a.doc && long(b)) else { continue };
            if !long(a) || planted.iter().any(|(x, y)| [x, y].contains(&&text(b))) {
                continue;
            }
            let shared = random();
            e.insert(&text(a), shared.clone());
            e.insert(&text(b), shared);
            planted.push((text(a), text(b)));
        }
        assert!(planted.len() >= 15, "{}", planted.len());
        let pairs = |l: &Links| -> HashSet<(String, String)> {
            let passages = l.index.passages();
            l.links.iter().map(|k| (text(&passages[k.a as usize]), text(&passages[k.b as usize]))).collect()
        };
        let exact = Links::build(&p, Some(&e));
        let near = Links::build_at(&p, Some(&e), Tuning { exact_up_to: 100, ..Tuning::default() });
        assert!(all.len() > 100 && exact.compared() == all.len() && near.compared() == all.len());
        assert_eq!(near.left_out(), 0);
        // (Random vectors link by chance near the threshold, which an approximate index may
        // miss; on real vectors it finds what every pair finds: the integration test.)
        let (exact, near) = (pairs(&exact), pairs(&near));
        assert!(near.len() <= exact.len() + exact.len() / 20, "{} links, {} exact", near.len(), exact.len());
        for (a, b) in &planted {
            assert!(near.contains(&(a.clone(), b.clone())) || near.contains(&(b.clone(), a.clone())), "{a} / {b}");
        }
    }

    fn project(texts: &[&str]) -> Project {
        let mut p = Project::new("t");
        for (k, t) in texts.iter().enumerate() {
            let (_, e) = p.add_document(&format!("A{k}"), "", "", "", Text::from(*t)).expect("add");
            p.apply(e).expect("apply");
        }
        p
    }

    const A: &str = "The embassy said the ambassador was recalled for urgent consultations in the capital. \
                     Rain fell on the city all day long without a break.";
    const B: &str = "Officials confirmed the ambassador was recalled for urgent consultations on Tuesday. \
                     A local football team won its third match of the season at home.";
    const C: &str = "Markets opened lower as traders weighed the latest inflation figures from Europe. \
                     The ambassador was recalled for urgent consultations, the ministry said.";

    #[test]
    fn groups_one_sentence_per_article_and_accepting_makes_a_claim_undoably() {
        let mut p = project(&[A, B, C]);
        let links = Links::build(&p, None);
        let got = suggest(&p, &links, 10);
        assert_eq!(got.len(), 1, "{got:#?}");
        let c = &got[0];
        assert_eq!(c.articles(), 3);
        assert_eq!(c.members.len(), 3);
        assert!(c.why.shared.iter().any(|s| s.contains("recalled")), "{:?}", c.why);
        let tag = p.tags()[0].id;
        let before = p.clone();
        let (claim, edit) =
            p.accept_suggestion(c, tag, "Ambassador recalled", &NewAnnotation::default()).expect("accept");
        let undo = p.apply(edit).expect("apply");
        assert_eq!(p.claim(claim).map(|c| c.label.as_str()), Some("Ambassador recalled"));
        assert_eq!(p.annotations().filter(|a| a.claim == Some(claim)).count(), 3);
        // Now linked to one claim: no longer suggested.
        let links = Links::build(&p, None);
        assert!(suggest(&p, &links, 10).is_empty());
        p.apply(undo).expect("undo");
        assert_eq!(p, before);
    }

    /// Two copies of one report, a third article that says the same and goes on to something
    /// else, and two copies of a report about that something else: two groups, not one chain
    /// of five articles holding a grounded tanker and traders' fuel costs (a 55-article
    /// download of near-duplicate reports had chained 34 articles' unrelated sentences).
    #[test]
    fn near_duplicate_articles_do_not_chain_unrelated_sentences_into_one_group() {
        const TANKER: &str = "The giant tanker ran aground in the narrow canal on Tuesday morning. \
                              Rain fell on the city all day long without a break.";
        const BOTH: &str = "The giant tanker ran aground in the narrow canal as shipping rates rose in Asian markets. \
                            A local football team won its third match of the season at home.";
        const RATES: &str = "Shipping rates rose in Asian markets while traders weighed fuel costs for the winter. \
                             The museum opened a new wing devoted to medieval maps and globes.";
        let p = project(&[TANKER, TANKER, BOTH, RATES, RATES]);
        let links = Links::build(&p, None);
        let got = suggest(&p, &links, 10);
        let docs: Vec<DocId> = p.documents().iter().map(|d| d.id).collect();
        let holds = |c: &Candidate, d: DocId| c.members.iter().any(|m| m.doc == d);
        assert!(got.iter().any(|c| holds(c, docs[0]) && holds(c, docs[1])), "the copies' shared sentence: {got:#?}");
        for c in &got {
            assert!(
                !(holds(c, docs[0]) && holds(c, docs[3])),
                "the tanker and the traders in one group: {:#?}",
                c.members
            );
        }
    }

    /// A group's meaning is its links' mean, not its strongest pair's: two copies of one
    /// sentence (cosine 1) and a third article's paraphrase (0.8 to each).
    #[test]
    fn a_groups_meaning_is_its_links_mean() {
        const COPY: &str = "The ambassador was recalled for urgent consultations in the capital on Monday.";
        const OTHER: &str = "Officials confirmed the ambassador was recalled for urgent consultations this week.";
        let p = project(&[COPY, COPY, OTHER]);
        let mut e = crate::analysis::semantic::Embeddings::new("test", 2);
        assert!(e.insert(COPY, vec![1.0, 0.0]));
        assert!(e.insert(OTHER, vec![0.8, 0.6]));
        let links = Links::build(&p, Some(&e));
        let got = suggest(&p, &links, 10);
        let g = got.iter().find(|c| c.members.len() == 3).expect("one group of the three");
        let m = g.why.meaning.expect("a meaning");
        assert!((m - (1.0 + 0.8 + 0.8) / 3.0).abs() < 1e-4, "{m}");
    }

    #[test]
    fn a_dismissal_hides_the_group_until_undone_and_a_linked_passage_makes_it_an_extension() {
        let mut p = project(&[A, B, C]);
        let links = Links::build(&p, None);
        let c = suggest(&p, &links, 10).remove(0);
        let undo = p.apply(p.dismiss_suggestion(&c).expect("dismiss")).expect("apply");
        assert_eq!(p.dismissed().len(), 1);
        assert!(suggest(&p, &links, 10).is_empty());
        p.apply(undo).expect("undo");
        assert!(p.dismissed().is_empty());
        // Link the first article's sentence to a claim: the group now extends that claim.
        let tag = p.tags()[0].id;
        let m = &c.members[0];
        let (a, e) = p.annotate(m.doc, m.range.clone(), tag, NewAnnotation::default()).expect("annotate");
        p.apply(e).expect("apply");
        let (claim, e) = p.new_claim("Recalled", "", &[a]).expect("claim");
        p.apply(e).expect("apply");
        let again = suggest(&p, &links, 10);
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].claim, Some(claim));
        assert_eq!(again[0].to_tag(), 2);
        let (same, e) = p.accept_suggestion(&again[0], tag, "", &NewAnnotation::default()).expect("accept");
        assert_eq!(same, claim);
        p.apply(e).expect("apply");
        assert_eq!(p.claims().len(), 1);
        assert_eq!(p.annotations().filter(|x| x.claim == Some(claim)).count(), 3);
    }

    #[test]
    fn an_unticked_passage_stays_out_of_the_claim_and_is_not_suggested_with_it_again() {
        let mut p = project(&[A, B, C]);
        let links = Links::build(&p, None);
        let c = suggest(&p, &links, 10).remove(0);
        assert_eq!(c.members.len(), 3);
        let tag = p.tags()[0].id;
        let before = p.clone();
        let dropped = BTreeSet::from([2]);
        let (claim, edit) = p
            .accept_suggestion_without(&c, &dropped, tag, "Recalled", &NewAnnotation::default())
            .expect("accept two of three");
        let undo = p.apply(edit).expect("apply");
        assert_eq!(p.annotations().filter(|a| a.claim == Some(claim)).count(), 2, "the unticked one stays out");
        assert_eq!(p.dismissed().iter().filter(|d| d.key.starts_with(APART)).count(), 2, "apart from each taken");
        // Without the negative evidence the third passage would be offered to the claim again.
        assert!(suggest(&p, &links, 10).is_empty(), "{:#?}", suggest(&p, &links, 10));
        let mut forgetful = p.clone();
        let forget: Vec<Edit> = (0..2).map(|_| Edit::RemoveDismissal(0)).collect();
        forgetful.apply(Edit::batch(forget)).expect("forgets the evidence");
        let again = suggest(&forgetful, &links, 10);
        assert!(again.iter().any(|s| s.claim == Some(claim)), "control: {again:#?}");
        // One undo takes claim, tags and evidence back; fewer than two ticked is refused.
        p.apply(undo).expect("undo");
        assert_eq!(p, before);
        assert_eq!(
            p.accept_suggestion_without(&c, &BTreeSet::from([0, 1]), tag, "x", &NewAnnotation::default()).map(|r| r.0),
            Err(EditError::TooFewPassages)
        );
    }

    #[test]
    fn the_key_ignores_article_order() {
        assert_eq!(group_key(["a b", "c"].into_iter()), group_key(["c", "a  b"].into_iter()));
        assert_ne!(group_key(["a b", "c"].into_iter()), group_key(["a b", "d"].into_iter()));
    }
}
