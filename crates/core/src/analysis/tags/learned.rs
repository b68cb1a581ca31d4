//! The learned part of tag suggestions: the analyst's own annotations (positive examples of
//! their tag), rejected suggestions (counter-examples of theirs) and the untagged sentences of
//! the articles the analyst has worked on (examples of "no tag"), compared with a candidate by
//! nearest neighbours.
//!
//! Why nearest neighbours and not a trained classifier: a project holds tens to a few thousand
//! examples, "training" is indexing (milliseconds, so it is rebuilt after every edit rather than
//! stored), it needs no tuning per project, and every score has a reason the analyst can check:
//! the passages it resembles ("like 6 passages you tagged Rhetoric (nearest: '…')").
//!
//! Similarity mixes the passages' words (tf-idf over words and word pairs, idf from the
//! project's sentences) and, when the embedding cache has both vectors, their MiniLM cosine.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::super::clauses::{self, clauses};
use super::super::semantic::{Embeddings, clean, dot};
use super::super::similar::{is_stop_word, sentences};
use super::builtin::{self, Knowledge};
use super::{REJECTED, TagSuggestion, parse_rejection};
use crate::model::hash::fnv1a;
use crate::model::ids::{DocId, TagId};
use crate::model::project::Project;
use crate::model::text::Text;

/// The built-in weight of a cue counts as this many suggestions of the analyst's record.
const PRIOR: f32 = 3.0;
/// A tag is learned once the analyst has tagged this many passages with it.
pub const MIN_EXAMPLES: usize = 3;
/// At most this many tags are learned, those the analyst tagged most: each model is trained
/// (with its calibration, several more) and asked of every sentence, and a codebook of 700
/// tags tagged three times each took 20 s to suggest for (a 372 KB project). The rest go by
/// the word lists and the phrases the analyst tagged.
pub const MAX_MODELS: usize = 64;
/// Tags proposed for the same words found again, at most.
const PHRASE_TAGS: usize = 3;
/// Passages proposed in one article for the phrases found again, at most (the rest are the same
/// few phrases again and again).
const MAX_PHRASES_FOUND: usize = 2_000;
/// Neighbours consulted for the reasons.
const K: usize = 7;
/// Weight of the words when both passages have a vector (the rest is their meaning).
const WORDS: f32 = 0.5;
/// Neighbours less similar than this are not evidence.
const MIN_SIMILARITY: f32 = 0.08;
/// Weight of the learned model against the built-in score when both speak.
const BLEND: f32 = 0.5;
/// A sentence the built-in lists pass over is proposed when the tag's model gives it at least
/// this probability, or more where predicting part of the analyst's articles from the others
/// shows it must ([`Linear::calibrated`]).
const PROPOSE: f32 = 0.5;
/// The most parts the annotated articles are cut into to calibrate the proposing threshold,
/// each predicted by a model of the others (two on a project of fewer than eight annotated
/// articles). Four rather than two where there are enough: the models checked are then closer
/// to the one that proposes (trained on three quarters of the articles, not half); on PolNeAR's
/// training articles warm F1 0.689 -> 0.700 (100 articles) and 0.676 -> 0.677 (200 others),
/// with two more fits per tag. On our four- and five-article sets, parts of one article chose
/// worse (Ever Given's Allegation 0.68 -> 0.63).
const FOLDS: usize = 4;
/// Held-out passages of a tag from which the calibration tries thresholds 0.01 apart (else 0.05).
const FINE_FROM: usize = 100;
/// The held-out precision below which the calibration does not let a tag's proposals go.
const PRECISION_FLOOR: f64 = 0.7;
/// A threshold above any probability: the model proposes nothing on its own.
const NEVER: f32 = 1.01;
/// A candidate this similar to a passage the analyst rejected for the tag is not proposed.
const SAME_AS_REJECTED: f32 = 0.9;
/// Untagged sentences taken per annotation of an article, as "no tag" examples: enough to say
/// what the analyst passes over without drowning the few tagged passages.
const PLAIN_PER_ANNOTATION: usize = 3;
/// The longest passage, in words, that is looked for again as a phrase the analyst tagged.
const PHRASE_WORDS: usize = 4;
/// A phrase the analyst tagged is proposed where it occurs again when they tagged it at least
/// this share of the times it occurs in their annotated articles (counted as tagged / (seen + 1):
/// tagged once where it occurs once, 0.5; once of three times, 0.25, still proposed: the others
/// may be where the analyst has not read yet). PTC warm F1 at 0.2 / 0.3 / 0.45: 0.338 / 0.338 /
/// 0.339, 0.273 / 0.274 / 0.272, 0.351 / 0.352 / 0.348 (BENCHMARKS.md).
const PHRASE_SHARE: f32 = 0.2;

/// Training of the per-tag models: passes over the examples, step, L2 penalty, and the most a
/// tagged example may weigh against an untagged one (tags are rare; the weight balances them).
const EPOCHS: usize = 30;
const STEP: f32 = 2.0;
const L2: f32 = 1e-4;
const MAX_BALANCE: f32 = 10.0;

/// Sparse tf-idf vector: (hashed term, weight), sorted by term, unit length.
type Sparse = Vec<(u32, f32)>;

#[derive(Clone, Debug, PartialEq)]
enum Label {
    /// Tagged by the analyst (the tag's name).
    Tagged(String),
    /// Suggested with this tag and rejected.
    Rejected(String),
    /// Left untagged in an article the analyst annotated.
    Plain,
    /// A built-in suggestion of this tag in an article the analyst annotated, that the analyst's
    /// tags of it cover (at least half of it), or do not: what the lists get right and wrong
    /// by this analyst's reading.
    Hit(String),
    Miss(String),
}

impl Label {
    /// Whether the example is one of tag `tag` (`Some(true)`), one against it (`Some(false)`),
    /// or says nothing of it.
    fn of(&self, tag: &str) -> Option<bool> {
        // A passage tagged otherwise says nothing of this tag: passages carry several tags (an
        // allegation inside a sentence about casualties).
        match self {
            Label::Tagged(t) | Label::Hit(t) | Label::Miss(t) | Label::Rejected(t) if t != tag => None,
            Label::Tagged(_) | Label::Hit(_) => Some(true),
            Label::Rejected(_) | Label::Plain | Label::Miss(_) => Some(false),
        }
    }
}

#[derive(Clone, Debug)]
struct Example {
    /// The article it comes from.
    doc: DocId,
    label: Label,
    quote: String,
    words: Sparse,
    meaning: Option<Vec<f32>>,
}

/// A tag's model: logistic regression over a passage's words (tf-idf) and its MiniLM vector.
#[derive(Clone, Debug, Default)]
struct Linear {
    words: HashMap<u32, f32>,
    meaning: Vec<f32>,
    bias: f32,
    /// The probability from which the model proposes a sentence no cue speaks for.
    propose: f32,
}

impl Linear {
    fn margin(&self, words: &Sparse, meaning: Option<&[f32]>) -> f32 {
        let w: f32 = words.iter().map(|(t, x)| self.words.get(t).copied().unwrap_or(0.0) * x).sum();
        let m = match meaning {
            Some(v) if v.len() == self.meaning.len() => dot(v, &self.meaning),
            _ => 0.0,
        };
        self.bias + w + m
    }

    fn p(&self, words: &Sparse, meaning: Option<&[f32]>) -> f32 {
        1.0 / (1.0 + (-self.margin(words, meaning)).exp())
    }

    /// Trained by stochastic gradient descent on the examples that say something of `tag`, in a
    /// fixed shuffled order (the same project always gives the same model).
    fn train<'e>(examples: impl IntoIterator<Item = &'e Example>, tag: &str, dim: usize) -> Linear {
        let data: Vec<(&Example, bool)> = examples.into_iter().filter_map(|e| Some((e, e.label.of(tag)?))).collect();
        let pos = data.iter().filter(|d| d.1).count().max(1) as f32;
        let neg = data.iter().filter(|d| !d.1).count() as f32;
        let balance = (neg / pos).clamp(1.0, MAX_BALANCE);
        let mut m = Linear { meaning: vec![0.0; dim], propose: PROPOSE, ..Linear::default() };
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for epoch in 0..EPOCHS {
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                order.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            let step = STEP / (1.0 + epoch as f32 * 0.2);
            for &i in &order {
                let (e, y) = data[i];
                let meaning = e.meaning.as_deref().filter(|v| v.len() == dim);
                let g = (m.p(&e.words, meaning) - if y { 1.0 } else { 0.0 }) * if y { balance } else { 1.0 };
                for (t, x) in &e.words {
                    let w = m.words.entry(*t).or_default();
                    *w -= step * (g * x + L2 * *w);
                }
                if let Some(v) = meaning {
                    for (w, x) in m.meaning.iter_mut().zip(v) {
                        *w -= step * (g * x + L2 * *w);
                    }
                }
                m.bias -= step * g;
            }
        }
        m
    }
}

/// The analyst's examples and the models learnt from them, for [`Learned::apply`].
#[derive(Clone, Debug, Default)]
pub struct Learned {
    /// How often each built-in cue led to a passage the analyst tagged so: (tag, cue) ->
    /// (hits, suggestions).
    cues: HashMap<(String, String), (u32, u32)>,
    idf: HashMap<u32, f32>,
    /// idf of a term no sentence has.
    rare: f32,
    /// A word for each single-word term, to name the words a model leans on.
    names: HashMap<u32, String>,
    examples: Vec<Example>,
    /// Per tag with at least [`MIN_EXAMPLES`] passages.
    models: HashMap<String, Linear>,
    /// Short passages the analyst tagged with a record good enough to be found again
    /// ([`PHRASE_SHARE`]), and their index by words: made once with the model, not for each
    /// article suggested.
    phrases: Vec<Phrase>,
    phrase_index: HashMap<String, Vec<usize>>,
    /// Tags tagged often enough to learn but past [`MAX_MODELS`].
    unlearned: usize,
}

/// A short passage the analyst tagged ("milquetoast", "fearsome renegade"), looked for wherever
/// it occurs again (INCEpTION's string-matching recommender), with its record: how many of its
/// occurrences in the articles the analyst annotated they tagged so.
#[derive(Clone, Debug)]
struct Phrase {
    tag: String,
    /// Its words, lower-cased.
    words: Vec<String>,
    /// As the analyst tagged it first.
    shown: String,
    tagged: u32,
    seen: u32,
}

impl Phrase {
    fn share(&self) -> f32 {
        self.tagged as f32 / (self.seen.max(self.tagged) as f32 + 1.0)
    }
}

/// A text's words (as the clause cutter splits them) with their char ranges.
fn words_with_ranges(text: &str) -> Vec<clauses::Word> {
    let chars: Vec<char> = text.chars().collect();
    clauses::words_of(&chars)
}

/// The phrases by their words joined with spaces, for [`occurrences`].
fn phrase_index(phrases: &[Phrase]) -> HashMap<String, Vec<usize>> {
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (k, p) in phrases.iter().enumerate() {
        index.entry(p.words.join(" ")).or_default().push(k);
    }
    index
}

/// Where the phrases of `index` occur in `words`: (first word, index of the phrase). One lookup
/// per word and length, whatever the number of phrases: phrases sharing a first word had each
/// been compared at every occurrence of it (a project of thousands of "assassination of …"
/// costs as many comparisons at each "assassination").
/// Which spans already have a suggestion of a tag, asked sentence after sentence and tag after
/// tag: each question had scanned every suggestion made so far (700 learned tags over 2,000
/// sentences ran past 8 minutes).
struct Covered {
    /// Per tag: the suggestions there were at the start, by start, with the largest end of
    /// each and those before it (any range starting before `b` that ends after `a` overlaps).
    before: HashMap<TagId, (Vec<usize>, Vec<usize>)>,
    /// Per tag: the spans added since, start to end; none overlaps another (each is added only
    /// where nothing covers it), so the one starting last before `b` is the only one to ask.
    added: HashMap<TagId, std::collections::BTreeMap<usize, usize>>,
}

impl Covered {
    fn of(out: &[TagSuggestion]) -> Covered {
        let mut by_tag: HashMap<TagId, Vec<(usize, usize)>> = HashMap::new();
        for s in out {
            by_tag.entry(s.tag_id).or_default().push((s.range.start, s.range.end));
        }
        let before = by_tag
            .into_iter()
            .map(|(t, mut spans)| {
                spans.sort_unstable();
                let starts = spans.iter().map(|s| s.0).collect();
                let mut most = 0;
                let ends = spans
                    .iter()
                    .map(|s| {
                        most = most.max(s.1);
                        most
                    })
                    .collect();
                (t, (starts, ends))
            })
            .collect();
        Covered { before, added: HashMap::new() }
    }

    /// Whether a suggestion of `tag` overlaps `r`.
    fn covers(&self, tag: TagId, r: &Range<usize>) -> bool {
        let before = self.before.get(&tag).is_some_and(|(starts, ends)| {
            let n = starts.partition_point(|&s| s < r.end);
            n > 0 && ends[n - 1] > r.start
        });
        before || self.added.get(&tag).is_some_and(|m| m.range(..r.end).next_back().is_some_and(|(_, &e)| e > r.start))
    }

    fn add(&mut self, tag: TagId, r: &Range<usize>) {
        self.added.entry(tag).or_default().insert(r.start, r.end);
    }
}

fn occurrences(words: &[clauses::Word], index: &HashMap<String, Vec<usize>>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut key = String::new();
    for i in 0..words.len() {
        key.clear();
        // The longest first: where phrases nest, the fuller one is proposed.
        let mut here = Vec::new();
        for (n, w) in words[i..].iter().take(PHRASE_WORDS).enumerate() {
            if n > 0 {
                key.push(' ');
            }
            key.push_str(&w.lower);
            if let Some(found) = index.get(key.as_str()) {
                here.extend(found.iter().map(|&k| (i, k)));
            }
        }
        out.extend(here.into_iter().rev());
    }
    out
}

/// The sentences a model may propose on its own (of four words or more), with their text: one
/// rule for proposing and for calibrating the threshold.
fn proposable(text: &Text) -> impl Iterator<Item = (Range<usize>, &str)> {
    sentences(text).into_iter().map(|s| (s.clone(), text.slice(s))).filter(|(_, q)| q.split_whitespace().count() >= 4)
}

/// Of [`PROPOSE`] and up in steps of `step`, and [`NEVER`], the threshold whose held-out
/// `score` (F1, precision) is clearly best in F1 among those that keep precision at the floor.
/// Proposals may not pull the tag's precision below [`PRECISION_FLOOR`] (or below what the cued
/// suggestions reach alone, [`NEVER`], when that is lower): an analyst stops reading
/// suggestions that are wrong a third of the time, whatever recall they buy. On PolNeAR's
/// training articles (20 tagged, 200 others) the F1-best threshold gave warm precision
/// 0.59-0.61 at F1 0.68-0.69; with the floor 0.76-0.80 at F1 0.665-0.666 (cold 0.649-0.659);
/// in steps of 0.01 rather than 0.05, 0.74-0.75 at F1 0.673-0.680.
fn threshold_by(step: f32, score: impl Fn(f32) -> (f64, f64)) -> f32 {
    let floor = PRECISION_FLOOR.min(score(NEVER).1);
    // The lowest threshold first: a higher one, or never proposing, must do clearly better to
    // be taken (with no evidence either way the model proposes).
    let mut best: Option<(f64, f32)> = None;
    let steps = ((0.99 - PROPOSE) / step).round() as u16;
    for t in (0..=steps).map(|k| PROPOSE + step * f32::from(k)).chain([NEVER]) {
        let (f1, precision) = score(t);
        if precision + 1e-9 < floor {
            continue;
        }
        if best.is_none_or(|b| f1 > b.0 + 0.005) {
            best = Some((f1, t));
        }
    }
    best.map_or(NEVER, |b| b.1)
}

/// A passage's words, lower-cased.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn hash(s: &str) -> u32 {
    fnv1a(s.as_bytes()) as u32
}

/// A passage's words as hashed terms: lower-cased words and adjacent word pairs.
fn terms(text: &str) -> Vec<u32> {
    let words = words_of(text);
    let mut out: Vec<u32> = words.iter().map(|w| hash(w)).collect();
    out.extend(words.windows(2).map(|p| hash(&format!("{} {}", p[0], p[1]))));
    out
}

fn sparse_dot(a: &Sparse, b: &Sparse) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

// Models trained on this thread, for the tests of how many a measure needs.
#[cfg(test)]
thread_local! {
    pub(super) static TRAINED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl Learned {
    /// Learns from a project's annotations, rejections and untagged sentences; `vectors` (the
    /// embedding cache) adds meaning where it holds the passage.
    pub fn train(project: &Project, knowledge: &Knowledge, vectors: Option<&Embeddings>) -> Learned {
        Self::train_except(project, knowledge, vectors, &HashSet::new())
    }

    /// [`Learned::train`] without what the analyst did in the articles `except` (their tags,
    /// rejections and untagged sentences): to predict those articles as if unseen.
    pub fn train_except(
        project: &Project,
        knowledge: &Knowledge,
        vectors: Option<&Embeddings>,
        except: &HashSet<DocId>,
    ) -> Learned {
        #[cfg(test)]
        TRAINED.with(|n| n.set(n.get() + 1));
        let mut df: HashMap<u32, u32> = HashMap::new();
        let mut n = 0usize;
        let mut plains = Vec::new();
        let mut names = HashMap::new();
        for d in project.documents() {
            let mut untagged = Vec::new();
            for s in sentences(&d.text) {
                n += 1;
                let quote = d.text.slice(s.clone());
                for w in words_of(quote) {
                    names.entry(hash(&w)).or_insert(w);
                }
                let mut t = terms(quote);
                t.sort_unstable();
                t.dedup();
                for term in t {
                    *df.entry(term).or_default() += 1;
                }
                if project.overlapping(d.id, s.clone()).next().is_none() {
                    untagged.push(s);
                }
            }
            let tagged = project.annotations_of(d.id).count();
            if !except.contains(&d.id) && tagged > 0 && !untagged.is_empty() {
                // Evenly spread over the article, so the examples are not all from its start.
                let take = (tagged * PLAIN_PER_ANNOTATION).min(untagged.len());
                for i in 0..take {
                    plains.push((d.id, d.text.slice(untagged[i * untagged.len() / take].clone()).to_owned()));
                }
            }
        }
        let n = n.max(1) as f32;
        let idf: HashMap<u32, f32> = df.into_iter().map(|(t, c)| (t, (1.0 + n / c as f32).ln())).collect();
        let mut l = Learned { idf, rare: (1.0 + n).ln(), names, ..Learned::default() };
        let meaning = |text: &str| vectors.and_then(|v| v.get(&clean(text))).map(<[f32]>::to_vec);
        for a in project.annotations().filter(|a| !except.contains(&a.doc)) {
            let Some(tag) = project.tag(a.tag) else { continue };
            l.push(a.doc, Label::Tagged(tag.name.clone()), &a.quote.exact, meaning(&a.quote.exact));
        }
        l.phrases = Self::phrases(project, except);
        l.phrases.retain(|p| p.share() >= PHRASE_SHARE);
        l.phrase_index = phrase_index(&l.phrases);
        for d in project.dismissed().iter().filter(|d| d.key.starts_with(REJECTED)) {
            let Some((doc, tag)) = parse_rejection(&d.key) else { continue };
            let Some(tag) = project.tag(tag).filter(|_| !except.contains(&doc)) else { continue };
            l.push(doc, Label::Rejected(tag.name.clone()), &d.label, meaning(&d.label));
        }
        for (doc, text) in plains {
            let m = meaning(&text);
            l.push(doc, Label::Plain, &text, m);
        }
        // The built-in suggestions of each article the analyst annotated, for the cues' records
        // and the models' calibration.
        let mut raws: Vec<(DocId, Vec<TagSuggestion>)> = Vec::new();
        for d in project.documents() {
            if except.contains(&d.id) || project.annotations_of(d.id).next().is_none() {
                continue;
            }
            let raw = builtin::raw(d.id, &d.text, knowledge);
            for s in &raw {
                let Some(tag) = project.tags().iter().find(|t| t.name.eq_ignore_ascii_case(&s.tag)) else { continue };
                let covered: Vec<Range<usize>> = project
                    .annotations_of(d.id)
                    .filter(|a| a.tag == tag.id && a.start < s.range.end && s.range.start < a.end)
                    .map(|a| a.start.max(s.range.start)..a.end.min(s.range.end))
                    .collect();
                let share = super::merged(covered).iter().map(ExactSizeIterator::len).sum::<usize>() as f32
                    / s.range.len().max(1) as f32;
                let hit = share >= 0.5;
                for (cue, _) in &s.cues {
                    let r = l.cues.entry((tag.name.clone(), cue.clone())).or_default();
                    *r = (r.0 + u32::from(hit), r.1 + 1);
                }
                let label = if hit { Label::Hit(tag.name.clone()) } else { Label::Miss(tag.name.clone()) };
                let quote = d.text.slice(s.range.clone());
                l.push(d.id, label, quote, Self::meaning_of(&d.text, &s.range, vectors).map(<[f32]>::to_vec));
            }
            raws.push((d.id, raw));
        }
        let dim = vectors.map_or(0, Embeddings::dim);
        let mut learnable: Vec<(usize, &crate::model::TagDef)> =
            project.tags().iter().map(|t| (l.tagged(&t.name), t)).filter(|(n, _)| *n >= MIN_EXAMPLES).collect();
        // The most tagged first; among equals, the codebook's order (a stable sort).
        learnable.sort_by_key(|x| std::cmp::Reverse(x.0));
        l.unlearned = learnable.len().saturating_sub(MAX_MODELS);
        for (_, t) in learnable.into_iter().take(MAX_MODELS) {
            let mut model = Linear::train(&l.examples, &t.name, dim);
            model.propose = l.calibrated(project, (t.id, &t.name), &raws, vectors, dim);
            l.models.insert(t.name.clone(), model);
        }
        l
    }

    /// The probability from which the model of `tag` proposes a sentence no cue speaks for,
    /// chosen by [`threshold_by`] from how the tag's suggestions (cued and proposed) found the
    /// analyst's passages (partial overlap, as [`held_out`] reports it) in each of [`FOLDS`]
    /// parts of the annotated articles, predicted by a model of the others. No fixed threshold
    /// fits every project: on PolNeAR's training articles (20 tagged, 1,000 passages) the model
    /// gave 0.5 or more to many sentences that were not the analyst's Allegations (right for a
    /// fifth of their length: precision 0.81 -> 0.53), while on a five-article project it is
    /// rarely that sure of anything and 0.5 serves best.
    ///
    /// [`held_out`]: super::held_out
    fn calibrated(
        &self,
        project: &Project,
        (tag, name): (crate::model::ids::TagId, &str),
        raws: &[(DocId, Vec<TagSuggestion>)],
        vectors: Option<&Embeddings>,
        dim: usize,
    ) -> f32 {
        if raws.len() < 2 {
            return PROPOSE;
        }
        // Per held-out article: the cued spans, the model's sentences (probability, span), and
        // the analyst's passages of the tag.
        type Held = (Vec<Range<usize>>, Vec<(f32, Range<usize>)>, Vec<Range<usize>>);
        let mut held_out: Vec<Held> = Vec::new();
        // Parts of at least two articles: a part of one is too small a sample to choose by.
        let folds = (raws.len() / 2).clamp(2, FOLDS);
        for fold in 0..folds {
            let held: HashSet<DocId> = raws.iter().skip(fold).step_by(folds).map(|r| r.0).collect();
            let known: Vec<&Example> = self.examples.iter().filter(|e| !held.contains(&e.doc)).collect();
            // A part with no passage of the tag, or none against it, teaches nothing to check.
            let said: Vec<bool> = known.iter().filter_map(|e| e.label.of(name)).collect();
            if !said.contains(&true) || !said.contains(&false) {
                continue;
            }
            let model = Linear::train(known, name, dim);
            for (doc, raw) in raws.iter().filter(|r| held.contains(&r.0)) {
                let Some(d) = project.document(*doc) else { continue };
                let cued: Vec<Range<usize>> =
                    raw.iter().filter(|s| s.tag.eq_ignore_ascii_case(name)).map(|s| s.range.clone()).collect();
                let mut proposed = Vec::new();
                for (sentence, quote) in proposable(&d.text) {
                    if cued.iter().any(|c| c.start < sentence.end && sentence.start < c.end) {
                        continue;
                    }
                    let p = model.p(&self.sparse(quote), vectors.and_then(|v| v.get(&clean(quote))));
                    if p >= PROPOSE {
                        proposed.push((p, sentence));
                    }
                }
                let gold = project.annotations_of(*doc).filter(|a| a.tag == tag).map(|a| a.start..a.end).collect();
                held_out.push((super::merged(cued), proposed, super::merged(gold)));
            }
        }
        let score = |t: f32| {
            let (mut ps, mut np, mut rs, mut ng) = (0.0, 0, 0.0, 0);
            for (cued, proposed, gold) in &held_out {
                let mut spans = cued.clone();
                spans.extend(proposed.iter().filter(|x| x.0 >= t).map(|x| x.1.clone()));
                let spans = super::merged(spans);
                let (x, y) = super::overlap(&spans, gold);
                (ps, np, rs, ng) = (ps + x, np + spans.len(), rs + y, ng + gold.len());
            }
            let s = super::TagScore::from_sums(name.to_owned(), ng, np, ps, rs);
            (s.f1(), s.precision)
        };
        // Fine steps only where the held-out passages are many enough to tell them apart: on
        // our four- and five-article sets (10-18 passages a tag) they chose by noise (Ever
        // Given's Fact 0.633 -> 0.611).
        let passages: usize = held_out.iter().map(|h| h.2.len()).sum();
        threshold_by(if passages >= FINE_FROM { 0.01 } else { 0.05 }, score)
    }

    /// The short passages the analyst tagged (but in the articles `except`) and never rejected
    /// for the tag, each with how often it occurs in the articles they annotated.
    fn phrases(project: &Project, except: &HashSet<DocId>) -> Vec<Phrase> {
        let mut found: HashMap<(String, Vec<String>), Phrase> = HashMap::new();
        for a in project.annotations().filter(|a| !except.contains(&a.doc)) {
            let Some(tag) = project.tag(a.tag) else { continue };
            let words: Vec<String> = words_with_ranges(&a.quote.exact).into_iter().map(|w| w.lower).collect();
            // A word or phrase that says something: not "the", not a stray letter.
            let telling = words.iter().any(|w| !is_stop_word(w) && w.chars().count() >= 3);
            if words.is_empty() || words.len() > PHRASE_WORDS || !telling {
                continue;
            }
            let shown = a.quote.exact.trim().to_owned();
            let p = found.entry((tag.name.clone(), words.clone())).or_insert(Phrase {
                tag: tag.name.clone(),
                words,
                shown,
                tagged: 0,
                seen: 0,
            });
            p.tagged += 1;
        }
        // A phrase the analyst rejected for its tag anywhere is not looked for again: the string
        // alone does not tell this tag for them.
        for d in project.dismissed().iter().filter(|d| d.key.starts_with(REJECTED)) {
            let Some((doc, tag)) = parse_rejection(&d.key) else { continue };
            let Some(tag) = project.tag(tag).filter(|_| !except.contains(&doc)) else { continue };
            let words: Vec<String> = words_with_ranges(&d.label).into_iter().map(|w| w.lower).collect();
            found.remove(&(tag.name.clone(), words));
        }
        let mut phrases: Vec<Phrase> = found.into_values().collect();
        // At most PHRASE_TAGS tags for the same words, those the analyst gave them most: one
        // word given 200 tags, met 4,000 times in another article, made 800,000 suggestions
        // (3.3 GB). Cut before they are counted: counting each was as many lookups.
        phrases.sort_by(|a, b| {
            (&a.words, std::cmp::Reverse(a.tagged), &a.tag).cmp(&(&b.words, std::cmp::Reverse(b.tagged), &b.tag))
        });
        let mut kept = 0;
        let mut last: Option<Vec<String>> = None;
        phrases.retain(|p| {
            if last.as_ref() != Some(&p.words) {
                last = Some(p.words.clone());
                kept = 0;
            }
            kept += 1;
            kept <= PHRASE_TAGS
        });
        // Counted per tag's phrase: one occurrence of "regime" counts for each tag it was given.
        let mut seen = vec![0u32; phrases.len()];
        let index = phrase_index(&phrases);
        for d in project.documents() {
            if except.contains(&d.id) || project.annotations_of(d.id).next().is_none() {
                continue;
            }
            let words = words_with_ranges(d.text.as_str());
            for (_, k) in occurrences(&words, &index) {
                seen[k] += 1;
            }
        }
        for (p, n) in phrases.iter_mut().zip(seen) {
            p.seen = n;
        }
        // In a fixed order: suggestions and their reasons the same from run to run.
        phrases.sort_by(|a, b| (&a.tag, &a.words).cmp(&(&b.tag, &b.words)));
        phrases
    }

    fn push(&mut self, doc: DocId, label: Label, quote: &str, meaning: Option<Vec<f32>>) {
        let words = self.sparse(quote);
        if !words.is_empty() {
            self.examples.push(Example { doc, label, quote: clean(quote), words, meaning });
        }
    }

    fn sparse(&self, text: &str) -> Sparse {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for t in terms(text) {
            *tf.entry(t).or_default() += 1.0;
        }
        let mut v: Sparse =
            tf.into_iter().map(|(t, c)| (t, (1.0 + c.ln()) * self.idf.get(&t).copied().unwrap_or(self.rare))).collect();
        // Sorted before the norm is summed: in the map's order the sum's last bits changed from
        // run to run, and with them a score right at a threshold.
        v.sort_unstable_by_key(|(t, _)| *t);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        v
    }

    /// Examples in all (tagged, rejected, untagged, built-in suggestions judged).
    pub fn len(&self) -> usize {
        self.examples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// Passages tagged `tag`.
    pub fn tagged(&self, tag: &str) -> usize {
        self.examples.iter().filter(|e| matches!(&e.label, Label::Tagged(t) if t == tag)).count()
    }

    /// Tags tagged often enough to learn that have no model: past the [`MAX_MODELS`] most tagged.
    pub fn unlearned(&self) -> usize {
        self.unlearned
    }

    /// Tags with a model (at least [`MIN_EXAMPLES`] passages).
    pub fn learned_tags(&self) -> impl Iterator<Item = &str> + '_ {
        self.models.keys().map(String::as_str)
    }

    /// The [`K`] nearest examples tagged `tag` or rejected for it, nearest first.
    fn neighbours(&self, words: &Sparse, meaning: Option<&[f32]>, tag: &str) -> Vec<(f32, &Example)> {
        let mut near: Vec<(f32, &Example)> = self
            .examples
            .iter()
            .filter(|e| matches!(&e.label, Label::Tagged(t) | Label::Rejected(t) if t == tag))
            .map(|e| {
                let w = sparse_dot(words, &e.words);
                let sim = match (meaning, &e.meaning) {
                    (Some(a), Some(b)) if a.len() == b.len() => WORDS * w + (1.0 - WORDS) * dot(a, b),
                    _ => w,
                };
                (sim, e)
            })
            .filter(|(s, _)| *s >= MIN_SIMILARITY)
            .collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0));
        near.truncate(K);
        near
    }

    /// Whether a passage is most like one the analyst rejected for `tag`, and nearly the same.
    fn like_rejected(&self, words: &Sparse, meaning: Option<&[f32]>, tag: &str) -> bool {
        self.neighbours(words, meaning, tag)
            .first()
            .is_some_and(|(sim, e)| *sim >= SAME_AS_REJECTED && matches!(e.label, Label::Rejected(_)))
    }

    /// A cue's record: (hits, suggestions).
    fn cue_record(&self, tag: &str, cue: &str) -> (u32, u32) {
        self.cues.get(&(tag.to_owned(), cue.to_owned())).copied().unwrap_or((0, 0))
    }

    /// Replaces each cue's built-in weight by its record with this analyst (the built-in
    /// weight counting as [`PRIOR`] suggestions), and says so for the cue with the longest record.
    fn reweigh(&self, s: &mut TagSuggestion) {
        let mut told: Option<(u32, u32, &str)> = None;
        let weights: Vec<f32> = s
            .cues
            .iter()
            .map(|(cue, w)| {
                let (hits, n) = self.cue_record(&s.tag, cue);
                if n > 0 && told.is_none_or(|t| n > t.1) {
                    told = Some((hits, n, cue));
                }
                (hits as f32 + PRIOR * w) / (n as f32 + PRIOR)
            })
            .collect();
        if let Some((hits, n, cue)) = told {
            s.score = (1.0 - weights.iter().fold(1.0, |acc, w| acc * (1.0 - w))).min(0.95);
            let cue = cue_shown(cue);
            let times = if n == 1 { "time" } else { "times" };
            // Said as evidence for or against, as the record is.
            let against = (hits as f32) < 0.5 * n as f32;
            let (lead, only) = if against { ("yet ", "only ") } else { ("", "") };
            s.why.push(format!("{lead}{cue} marked a passage you tagged {} {only}{hits} of {n} {times}", s.tag));
        }
    }

    /// The vector of the smallest unit the cache holds that contains `span`: its clause, else
    /// its sentence.
    fn meaning_of<'v>(text: &Text, span: &Range<usize>, vectors: Option<&'v Embeddings>) -> Option<&'v [f32]> {
        let v = vectors?;
        let sentence = sentences(text).into_iter().find(|s| s.start <= span.start && span.start < s.end)?;
        clauses(text, sentence.clone())
            .into_iter()
            .filter(|c| c.start <= span.start && span.end <= c.end)
            .chain(std::iter::once(sentence))
            .find_map(|u| v.get(&clean(text.slice(u))))
    }

    /// Why the model of `tag` says what it says of a passage: the words it leans on most, and
    /// the nearest passages the analyst tagged so (or rejected).
    fn reason(&self, tag: &str, model: &Linear, words: &Sparse, meaning: Option<&[f32]>, p: f32) -> String {
        // Words that mark the tag for this analyst: leaning its way in this passage, and not
        // common (in fewer than 40% of the sentences: not "the", "in").
        let telling = (1.0f32 + 2.5).ln();
        let mut lean: Vec<(f32, &str)> = words
            .iter()
            .filter(|(t, _)| self.idf.get(t).is_some_and(|idf| *idf > telling))
            .filter_map(|(t, x)| Some((model.words.get(t)? * x, self.names.get(t)?.as_str())))
            .filter(|(c, w)| *c > 0.05 && w.chars().count() > 2)
            .collect();
        lean.sort_by(|a, b| b.0.total_cmp(&a.0));
        let near = self.neighbours(words, meaning, tag);
        let like: Vec<&Example> = near.iter().map(|n| n.1).filter(|e| matches!(e.label, Label::Tagged(_))).collect();
        let short = |s: &str| crate::model::project::truncate(s, 80);
        let n = self.tagged(tag);
        // Below one half the model speaks against the tag: said so first, not read as support.
        let mut out = if p >= 0.5 {
            format!("like your {n} {tag} passages ({:.0}%)", p * 100.0)
        } else {
            format!("against it: only {:.0}% like your {n} {tag} passages", p * 100.0)
        };
        if p >= 0.5 && !lean.is_empty() {
            let w: Vec<String> = lean.iter().take(3).map(|(_, w)| format!("'{w}'")).collect();
            out.push_str(&format!("; words {}", w.join(", ")));
        }
        if let Some(e) = like.first() {
            out.push_str(&format!("; nearest: '{}'", short(&e.quote)));
        } else if let Some((_, r)) = near.first() {
            out.push_str(&format!("; like a passage you rejected as {tag}: '{}'", short(&r.quote)));
        }
        out
    }

    /// Rescores the built-in suggestions `out` for article `doc` by what the analyst did, and
    /// adds the sentences the analyst's models alone suggest.
    pub(super) fn apply(
        &self,
        project: &Project,
        text: &Text,
        doc: DocId,
        vectors: Option<&Embeddings>,
        out: &mut Vec<TagSuggestion>,
    ) {
        let rejections: HashSet<&str> = self
            .examples
            .iter()
            .filter_map(|e| match &e.label {
                Label::Rejected(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        out.retain_mut(|s| {
            self.reweigh(s);
            let model = self.models.get(&s.tag);
            if model.is_none() && !rejections.contains(s.tag.as_str()) {
                return true;
            }
            let words = self.sparse(text.slice(s.range.clone()));
            let meaning = Self::meaning_of(text, &s.range, vectors);
            // A passage like one the analyst rejected for this tag (the same words in another
            // article) is not proposed again, whether or not the tag has a model yet.
            if self.like_rejected(&words, meaning, &s.tag) {
                return false;
            }
            let Some(model) = model else { return true };
            let p = model.p(&words, meaning);
            s.score = (1.0 - BLEND) * s.score + BLEND * p;
            s.why.push(self.reason(&s.tag, model, &words, meaning, p));
            true
        });
        let learned: Vec<(&str, crate::model::ids::TagId, &Linear)> =
            project.tags().iter().filter_map(|t| Some((t.name.as_str(), t.id, self.models.get(&t.name)?))).collect();
        let mut covered = Covered::of(out);
        for (sentence, quote) in proposable(text) {
            let words = self.sparse(quote);
            let meaning = vectors.and_then(|v| v.get(&clean(quote)));
            for &(name, id, model) in &learned {
                if covered.covers(id, &sentence) {
                    continue;
                }
                let p = model.p(&words, meaning);
                if p < model.propose || self.like_rejected(&words, meaning, name) {
                    continue;
                }
                covered.add(id, &sentence);
                out.push(TagSuggestion {
                    doc,
                    range: sentence.clone(),
                    tag: name.to_owned(),
                    tag_id: id,
                    score: p.min(0.95),
                    speaker: None,
                    why: vec![self.reason(name, model, &words, meaning, p)],
                    cues: Vec::new(),
                });
            }
        }
        self.find_phrases(project, text, doc, out);
    }

    /// Proposes the short passages the analyst tagged wherever they occur in `text` and no
    /// suggestion of their tag covers them already.
    fn find_phrases(&self, project: &Project, text: &Text, doc: DocId, out: &mut Vec<TagSuggestion>) {
        if self.phrases.is_empty() {
            return;
        }
        let words = words_with_ranges(text.as_str());
        let mut found = Vec::new();
        let mut covered = Covered::of(out);
        let tags: HashMap<&str, &crate::model::TagDef> = project.tags().iter().map(|t| (t.name.as_str(), t)).collect();
        for (i, k) in occurrences(&words, &self.phrase_index) {
            let p = &self.phrases[k];
            let Some(tag) = tags.get(p.tag.as_str()) else { continue };
            let range = words[i].range.start..words[i + p.words.len() - 1].range.end;
            if covered.covers(tag.id, &range) {
                continue;
            }
            if found.len() >= MAX_PHRASES_FOUND {
                break;
            }
            covered.add(tag.id, &range);
            let times = if p.seen == 1 { "time" } else { "times" };
            found.push(TagSuggestion {
                doc,
                range,
                tag: tag.name.clone(),
                tag_id: tag.id,
                score: p.share().min(0.95),
                speaker: None,
                why: vec![format!(
                    "you tagged '{}' as {} {} of the {} {times} it occurs in the articles you annotated",
                    p.shown,
                    tag.name,
                    p.tagged,
                    p.seen.max(p.tagged)
                )],
                cues: Vec::new(),
            });
        }
        out.extend(found);
        out.sort_by_key(|s| s.range.start);
    }
}

/// A built-in cue as the analyst reads it: the word or phrase itself, not the key it is
/// recorded under ("loaded words assassination" had shown as "'words assassination'").
fn cue_shown(cue: &str) -> String {
    use super::builtin::kind;
    match cue {
        kind::DETAIL => "a checkable detail".to_owned(),
        kind::QUOTATION => "a quotation".to_owned(),
        kind::STYLE => "reading like rhetoric".to_owned(),
        _ => {
            let words = kind::WITH_WORDS.iter().find_map(|k| cue.strip_prefix(k)?.strip_prefix(' '));
            format!("'{}'", words.unwrap_or(cue))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Sources, reject, suggest_for};
    use super::*;
    use crate::model::ops::NewAnnotation;
    use proptest::prelude::*;

    proptest! {
        /// `Covered` answers as scanning every suggestion did, as spans are added.
        #[test]
        fn covered_answers_as_a_scan_does(
            first in proptest::collection::vec((0u64..3, 0usize..200, 1usize..40), 0..40),
            asked in proptest::collection::vec((0u64..3, 0usize..200, 1usize..40), 0..80),
        ) {
            // A suggestion of tag `t` over `r`: only its tag and span matter here.
            let made = |t: u64, r: std::ops::Range<usize>| TagSuggestion {
                doc: DocId(1),
                range: r,
                tag: String::new(),
                tag_id: TagId(t),
                score: 0.5,
                speaker: None,
                why: Vec::new(),
                cues: Vec::new(),
            };
            let mut out: Vec<TagSuggestion> = first.iter().map(|&(t, a, n)| made(t, a..a + n)).collect();
            let mut covered = Covered::of(&out);
            for (t, a, n) in asked {
                let r = a..a + n;
                let scan = out.iter().any(|s| s.tag_id == TagId(t) && s.range.start < r.end && r.start < s.range.end);
                prop_assert_eq!(covered.covers(TagId(t), &r), scan, "{:?} of {}", r, t);
                if !scan {
                    covered.add(TagId(t), &r);
                    out.push(made(t, r));
                }
            }
        }
    }

    /// A cue's record is told by the word the analyst saw, not the key it is kept under.
    #[test]
    fn cues_are_told_by_their_words() {
        assert_eq!(cue_shown("loaded words assassination"), "'assassination'");
        assert_eq!(cue_shown("emotive words enemy"), "'enemy'");
        assert_eq!(cue_shown("appeal or slogan our country"), "'our country'");
        assert_eq!(cue_shown("verb claimed"), "'claimed'");
        assert_eq!(cue_shown("legal international law"), "'international law'");
        assert_eq!(cue_shown("checkable detail"), "a checkable detail");
        assert_eq!(cue_shown("written like rhetoric"), "reading like rhetoric");
    }

    /// Held-out (F1, precision) per threshold: proposing more buys recall at precision's cost.
    fn curve(points: &[(f32, f64, f64)]) -> impl Fn(f32) -> (f64, f64) + '_ {
        |t| points.iter().rev().find(|p| t >= p.0 - 1e-6).map_or((0.0, 0.0), |p| (p.1, p.2))
    }

    #[test]
    fn the_threshold_is_the_best_f1_that_keeps_precision_at_the_floor() {
        // The F1-best threshold (0.5) would take precision to 0.55; 0.85 keeps it above 0.7.
        let t =
            threshold_by(0.05, curve(&[(0.5, 0.69, 0.55), (0.85, 0.68, 0.72), (0.9, 0.66, 0.8), (NEVER, 0.65, 0.82)]));
        assert!((t - 0.85).abs() < 1e-6, "{t}");
        // No threshold keeps it: the model proposes nothing on its own.
        let t = threshold_by(0.05, curve(&[(0.5, 0.7, 0.5), (0.9, 0.68, 0.6), (NEVER, 0.6, 0.8)]));
        assert!((t - NEVER).abs() < 1e-6, "{t}");
        // Cued suggestions alone below the floor: proposals may not lower it further, and
        // among those that keep it the clearly best F1 wins, the lowest threshold on a tie.
        let t =
            threshold_by(0.05, curve(&[(0.5, 0.4, 0.25), (0.7, 0.45, 0.31), (0.75, 0.452, 0.33), (NEVER, 0.3, 0.3)]));
        assert!((t - 0.7).abs() < 1e-6, "{t}");
        // Fine steps find the threshold between two coarse ones that keeps precision.
        let between = [(0.5, 0.69, 0.55), (0.87, 0.685, 0.71), (0.9, 0.66, 0.8), (NEVER, 0.65, 0.82)];
        assert!((threshold_by(0.05, curve(&between)) - 0.9).abs() < 1e-6);
        assert!((threshold_by(0.01, curve(&between)) - 0.87).abs() < 1e-4);
        // No evidence at all (nothing held out): the default.
        assert!((threshold_by(0.05, |_| (0.0, 0.0)) - PROPOSE).abs() < 1e-6);
    }

    #[test]
    fn a_rejection_is_learnt_as_a_counter_example_in_other_articles() {
        let mut p = Project::new("t");
        let text = "Officials called the cowardly attack a barbaric crime against the people of the city.";
        let mut docs = Vec::new();
        for t in [text, "Markets were calm on Monday.", text] {
            let (id, e) = p.add_document("A", "", "", "", Text::new(t)).expect("adds");
            p.apply(e).expect("applies");
            docs.push(id);
        }
        let src = Sources::built_in();
        let first = suggest_for(&p, docs[0], &src);
        let rhetoric: Vec<TagSuggestion> = first.iter().filter(|s| s.tag == super::super::RHETORIC).cloned().collect();
        assert!(!rhetoric.is_empty(), "{first:?}");
        let e = reject(&p, &rhetoric).expect("rejects");
        p.apply(e).expect("applies");
        // Cold, only the rejected article's passage goes; the same words elsewhere are still
        // suggested. Learnt, they are not: the rejection is a counter-example.
        assert!(suggest_for(&p, docs[2], &src).iter().any(|s| s.tag == super::super::RHETORIC));
        let l = Learned::train(&p, Knowledge::built_in(), None);
        let learnt = Sources { learned: Some(&l), ..Sources::built_in() };
        assert!(!suggest_for(&p, docs[2], &learnt).iter().any(|s| s.tag == super::super::RHETORIC));
    }

    /// Phrases are found at every place they start, overlapping and nested ones too.
    #[test]
    fn phrases_are_found_where_they_start_nested_or_overlapping() {
        let phrase = |w: &str| Phrase {
            tag: "Fact".into(),
            words: w.split(' ').map(str::to_owned).collect(),
            shown: w.into(),
            tagged: 1,
            seen: 1,
        };
        let phrases = [phrase("united nations"), phrase("united nations security council"), phrase("nations")];
        let words = words_with_ranges("The United Nations Security Council met; nations agreed. United");
        let mut got = occurrences(&words, &phrase_index(&phrases));
        got.sort_unstable();
        assert_eq!(got, vec![(1, 0), (1, 1), (2, 2), (6, 2)]);
    }

    /// A short passage the analyst tagged is found again in other articles, with its record as
    /// the reason; one they tagged only once of many times is not; "the" is never a phrase;
    /// a rejected occurrence is not proposed again elsewhere.
    #[test]
    fn a_phrase_the_analyst_tagged_is_found_again_with_its_record() {
        let mut p = Project::new("t");
        let texts = [
            "Critics mocked the milquetoast approach of the envoy. The plan was new. The plan was new. \
             The plan was new. The plan was new. The plan was new.",
            "The milquetoast approach was dropped on Monday. Talks resumed in Doha.",
            "A plan was adopted. The talks went on all week.",
            "The plan was new. The plan was new. The talks went on.",
        ];
        let mut docs = Vec::new();
        for t in texts {
            let (id, e) = p.add_document("A", "", "", "", Text::new(t)).expect("adds");
            p.apply(e).expect("applies");
            docs.push(id);
        }
        let rhetoric = p.tags().iter().find(|t| t.name == super::super::RHETORIC).expect("Rhetoric").id;
        let fact = p.tags().iter().find(|t| t.name == super::super::FACT).expect("Fact").id;
        let at = |p: &Project, d: DocId, what: &str| {
            let text = p.document(d).expect("doc").text.as_str().to_owned();
            let b = text.find(what).expect("in the text");
            let start = text[..b].chars().count();
            start..start + what.chars().count()
        };
        // "milquetoast approach" tagged Rhetoric in the first article; "plan was new" Fact at
        // one of its five occurrences there; "the" Fact.
        for (d, what, tag) in
            [(docs[0], "milquetoast approach", rhetoric), (docs[0], "plan was new", fact), (docs[0], "The", fact)]
        {
            let r = at(&p, d, what);
            let (_, e) = p.annotate(d, r, tag, NewAnnotation::default()).expect("annotates");
            p.apply(e).expect("applies");
        }
        let l = Learned::train(&p, Knowledge::built_in(), None);
        let src = Sources { learned: Some(&l), ..Sources::built_in() };
        let got = suggest_for(&p, docs[1], &src);
        let text = &p.document(docs[1]).expect("doc").text;
        let found: Vec<&TagSuggestion> = got
            .iter()
            .filter(|s| s.tag == super::super::RHETORIC && text.slice(s.range.clone()) == "milquetoast approach")
            .collect();
        assert_eq!(found.len(), 1, "{got:?}");
        assert_eq!(
            found[0].why,
            vec![
                "you tagged 'milquetoast approach' as Rhetoric 1 of the 1 time it occurs in the articles you annotated"
                    .to_owned()
            ]
        );
        assert!((0.0..=1.0).contains(&found[0].score));
        // Tagged once of five: not proposed in the fourth article; "the" nowhere.
        let fourth = suggest_for(&p, docs[3], &src);
        let t4 = &p.document(docs[3]).expect("doc").text;
        assert!(!fourth.iter().any(|s| s.why.iter().any(|w| w.starts_with("you tagged"))), "{fourth:?}");
        assert!(!fourth.iter().any(|s| t4.slice(s.range.clone()).eq_ignore_ascii_case("the")), "{fourth:?}");
        // Rejected in the second article, it is not proposed in a third.
        let e = reject(&p, &[found[0].clone()]).expect("rejects");
        p.apply(e).expect("applies");
        let (third, e) =
            p.add_document("A", "", "", "", Text::new("Again the milquetoast approach won.")).expect("adds");
        p.apply(e).expect("applies");
        let l = Learned::train(&p, Knowledge::built_in(), None);
        let src = Sources { learned: Some(&l), ..Sources::built_in() };
        let again = suggest_for(&p, third, &src);
        assert!(!again.iter().any(|s| s.why.iter().any(|w| w.starts_with("you tagged"))), "{again:?}");
    }

    /// One word given many tags and met thousands of times in another article: the tags found
    /// again for it, and the passages proposed in one article, are bounded (200 tags × 4,000
    /// occurrences had made 800,000 suggestions, 3.3 GB).
    #[test]
    fn phrases_found_again_are_bounded() {
        let mut p = Project::new("t");
        let (a, e) = p.add_document("A", "", "", "", Text::new("The zork came. Another zork went.")).expect("adds");
        p.apply(e).expect("applies");
        let (b, e) = p.add_document("B", "", "", "", Text::new("zork ".repeat(3_000))).expect("adds");
        p.apply(e).expect("applies");
        for t in 0..20 {
            let (tag, e) = p.new_tag(&format!("Code {t}")).expect("tag");
            p.apply(e).expect("applies");
            for at in [4..8, 23..27] {
                let (_, e) = p.annotate(a, at, tag, NewAnnotation::default()).expect("annotates");
                p.apply(e).expect("applies");
            }
        }
        let l = Learned::train(&p, Knowledge::built_in(), None);
        let src = Sources { learned: Some(&l), ..Sources::built_in() };
        let s = suggest_for(&p, b, &src);
        let phrases: Vec<_> = s.iter().filter(|x| x.why.iter().any(|w| w.starts_with("you tagged"))).collect();
        assert!(!phrases.is_empty(), "the word is found again");
        assert!(phrases.len() <= MAX_PHRASES_FOUND, "{}", phrases.len());
        let tags: HashSet<&str> = phrases.iter().map(|x| x.tag.as_str()).collect();
        assert!(tags.len() <= PHRASE_TAGS, "{tags:?}");
    }

    /// A codebook of many tags, each tagged often enough: only the most tagged are learned (700
    /// tags took 20 s to suggest for), and how many are not is said.
    #[test]
    fn at_most_max_models_tags_are_learned_the_most_tagged_first() {
        let mut p = Project::new("t");
        let n = MAX_MODELS + 3;
        let text: String = (0..3 * n + 2).map(|k| format!("Sentence number {k} says something here. ")).collect();
        let (d, e) = p.add_document("A", "", "", "", Text::new(text.clone())).expect("adds");
        p.apply(e).expect("applies");
        let starts: Vec<usize> = text.match_indices("Sentence").map(|(i, _)| text[..i].chars().count()).collect();
        let mut k = 0;
        let mut last = None;
        for t in 0..n {
            let (tag, e) = p.new_tag(&format!("Code {t}")).expect("new tag");
            p.apply(e).expect("applies");
            // The last tag is tagged most: five times.
            for _ in 0..if t + 1 == n { 5 } else { 3 } {
                let (_, e) = p.annotate(d, starts[k]..starts[k] + 8, tag, NewAnnotation::default()).expect("annotates");
                p.apply(e).expect("applies");
                k = (k + 1) % starts.len();
            }
            last = Some(format!("Code {t}"));
        }
        let l = Learned::train(&p, Knowledge::built_in(), None);
        assert_eq!(l.learned_tags().count(), MAX_MODELS);
        assert_eq!(l.unlearned(), 3);
        let last = last.expect("tags");
        assert!(l.learned_tags().any(|t| t == last), "the most tagged is learned");
        assert!(l.learned_tags().any(|t| t == "Code 0") && !l.learned_tags().any(|t| t == format!("Code {}", n - 2)));
    }

    #[test]
    fn sentences_like_the_analysts_tags_are_proposed_with_the_words_and_nearest_as_reason() {
        let mut p = Project::new("t");
        // Proposals without a cue need the model's confidence (PROPOSE): the analyst has tagged
        // the ceasefire sentence in six articles.
        let texts = [
            "The ceasefire was agreed by both sides on Monday evening. Markets rose sharply in Asia. \
             The ship carried grain and oil to the port.",
            "The ceasefire was agreed in Doha after long talks. Weather was mild in the capital. \
             The envoy flew home later.",
            "A ceasefire was agreed after two weeks of shelling. Football fans gathered downtown. \
             Prices of bread climbed again.",
            "The ceasefire was agreed at the border crossing. Schools reopened in the north. \
             A new bridge opened to traffic.",
            "A ceasefire was agreed between the two armies. Rain fell over the hills. \
             The museum extended its hours.",
            "The ceasefire was agreed before dawn on Friday. Shops stayed open late. \
             The choir sang in the old church.",
            "The ceasefire was agreed late on Sunday. Trains ran on time across the region. \
             The harvest was early this year.",
        ];
        let mut docs = Vec::new();
        for t in texts {
            let (id, e) = p.add_document("A", "", "", "", Text::new(t)).expect("adds");
            p.apply(e).expect("applies");
            docs.push(id);
        }
        let tag = p.tags().iter().find(|t| t.name == super::super::FACT).expect("Fact").id;
        for &d in &docs[..6] {
            let text = p.document(d).expect("doc").text.clone();
            let end = text.as_str().find('.').expect("a full stop");
            let (_, e) = p
                .annotate(d, 0..text.as_str()[..end].chars().count(), tag, NewAnnotation::default())
                .expect("annotates");
            p.apply(e).expect("applies");
        }
        let l = Learned::train(&p, Knowledge::built_in(), None);
        assert_eq!(l.tagged(super::super::FACT), 6);
        let src = Sources { learned: Some(&l), ..Sources::built_in() };
        let s = suggest_for(&p, docs[6], &src);
        let text = &p.document(docs[6]).expect("doc").text;
        let fact = s
            .iter()
            .find(|s| s.tag == super::super::FACT && s.why.iter().any(|w| w.starts_with("like your 6 Fact passages")));
        let fact = fact.unwrap_or_else(|| panic!("the ceasefire sentence, from the analyst's tags: {s:?}"));
        assert!(text.slice(fact.range.clone()).contains("ceasefire"), "{fact:?}");
        assert!(
            fact.why.iter().any(|w| w.contains("nearest: '") && w.contains("easefire was agreed")),
            "{:?}",
            fact.why
        );
        assert!(fact.why.iter().any(|w| w.contains("words '") && w.contains("'ceasefire'")), "{:?}", fact.why);
        assert!(!s.iter().any(|x| x.tag == super::super::FACT && text.slice(x.range.clone()).contains("Trains")));
        // Cold, the same sentence is not proposed as Fact from the lists alone.
        assert!(
            !suggest_for(&p, docs[6], &Sources::built_in())
                .iter()
                .any(|x| x.why.iter().any(|w| w.contains("your 6 Fact passages")))
        );
    }
}
