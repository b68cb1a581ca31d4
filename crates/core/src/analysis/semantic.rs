//! Finding what an annotation says in other words: sentence vectors (made by the model in
//! `crate::semantic`, cached beside the project) searched by dot product, fused with the lexical
//! BM25 ranking of [`super::similar`], and an explanation for every suggestion (the words the
//! passages share, the lexical score, the similarity of meaning).
//!
//! Pure: vectors come in as data. Texts are keyed by a hash of their whitespace-folded text, so a
//! cache made for one project serves another, and an edit re-embeds only the sentences it changed.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use super::clauses;
use super::similar::{self, Index, Scoring, Suggestion};
use crate::model::annotation::Annotation;
use crate::model::ids::DocId;
use crate::model::project::Project;

/// A unit vector (its dot product with another is their cosine).
pub type Vector = Vec<f32>;

/// What turns sentences into unit vectors. The engine crate's ONNX model is one; the ranking,
/// the cache and the workbench see only this trait, so that they build without the model and a
/// test can hand in a stand-in.
pub trait Encoder: Send + Sync {
    /// Names the model in cache files: vectors of another model are never mixed in.
    fn model_id(&self) -> &str;
    /// Length of its vectors.
    fn dim(&self) -> usize;
    /// One unit vector per text, in order, on at most `threads` threads.
    fn encode(&self, texts: &[&str], threads: usize) -> Result<Vec<Vector>, String>;
}

/// Texts encoded between progress reports and cancellation checks.
pub const CHUNK: usize = 64;

/// Runs `texts` through `encoder` [`CHUNK`] at a time, handing each chunk's (key, vector) pairs
/// to `each`, until done or `stop` says so; each chunk on as many threads as `threads` says when
/// it starts.
pub fn encode_chunks(
    encoder: &dyn Encoder,
    texts: &[String],
    stop: impl Fn() -> bool,
    threads: impl Fn() -> usize,
    mut each: impl FnMut(Vec<(u64, Vector)>),
) -> Result<(), String> {
    // Chunks of texts of like length: the batches of one chunk, run side by side, then take
    // about as long as each other.
    let mut by_length: Vec<&str> = texts.iter().map(String::as_str).collect();
    by_length.sort_by_key(|t| t.len());
    for chunk in by_length.chunks(CHUNK) {
        if stop() {
            break;
        }
        let vectors = encoder.encode(chunk, threads())?;
        each(chunk.iter().map(|t| text_key(t)).zip(vectors).collect());
    }
    Ok(())
}

/// Encodes what `embeddings` lacks of `project` ([`needed`]), reporting progress; returns how
/// many texts were encoded. Vectors of texts the project no longer has are dropped.
pub fn refresh(
    project: &Project,
    embeddings: &mut Embeddings,
    encoder: &dyn Encoder,
    progress: &dyn crate::progress::Progress,
) -> Result<usize, String> {
    let needed = needed(project, |k| embeddings.contains_key(k));
    embeddings.retain(&needed.keep);
    let total = needed.missing.len();
    let mut done = 0;
    encode_chunks(
        encoder,
        &needed.missing,
        || progress.cancelled(),
        crate::model::par::threads,
        |vectors| {
            progress.report(done, total, "sentences");
            done += vectors.len();
            for (k, v) in vectors {
                embeddings.insert_key(k, v);
            }
        },
    )?;
    Ok(total)
}

/// `v` scaled to length 1 (left as it is when it is all zeros).
pub fn normalised(mut v: Vec<f32>) -> Vector {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight running sums instead of one: the compiler can then keep them in one vector register
    // (a single sum must be added in order, which forbids that); a query over 55,000 sentences
    // is several times faster. Chunks as arrays (`as_chunks`), not `chunks_exact`: the length of
    // an array is known wherever the loop is compiled, while a chunk iterator's is known only if
    // its methods are inlined, which release builds without LTO did not do here — the loop then
    // ran scalar with bounds checks, and linking 1,000 articles by nearest neighbours (77% of it
    // in this function) took 55-70 s instead of 17 (BENCHMARKS.md).
    let mut acc = [0f32; 8];
    let (ca, ra) = a.as_chunks::<8>();
    let (cb, rb) = b.as_chunks::<8>();
    let tail: f32 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    for (x, y) in ca.iter().zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// A text with its runs of white space folded to one space and its ends trimmed: what is
/// embedded, so that re-flowed text keeps its vectors.
pub fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key of a text in [`Embeddings`]: FNV-1a (64 bits) of its [`clean`] form.
pub fn text_key(text: &str) -> u64 {
    let mut h = crate::model::hash::Fnv1a::new();
    for (k, word) in text.split_whitespace().enumerate() {
        if k > 0 {
            h.write(b" ");
        }
        h.write(word.as_bytes());
    }
    h.finish()
}

/// Vectors of texts by [`text_key`], all made by one model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Embeddings {
    model: String,
    dim: usize,
    /// Shared with the [`SemanticIndex`] built from them, which holds the same vectors rather
    /// than copies (a read project's vectors are ~70 MiB for 1,000 articles; BENCHMARKS.md).
    vectors: HashMap<u64, Arc<[f32]>>,
}

impl Embeddings {
    pub fn new(model: &str, dim: usize) -> Embeddings {
        Embeddings { model: model.to_owned(), dim, vectors: HashMap::new() }
    }

    pub fn model(&self) -> &str {
        &self.model
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    pub fn get(&self, text: &str) -> Option<&[f32]> {
        self.vectors.get(&text_key(text)).map(|v| &**v)
    }

    pub fn contains_key(&self, key: u64) -> bool {
        self.vectors.contains_key(&key)
    }

    /// The keys of the texts with a vector, in no order.
    pub fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.vectors.keys().copied()
    }

    /// Takes `other`'s vectors (which must be of the same model) in.
    pub fn merge(&mut self, other: Embeddings) {
        if other.model == self.model && other.dim == self.dim {
            self.vectors.extend(other.vectors);
        }
    }

    /// Adds the vector of a text; false (and nothing added) when its length is not the model's
    /// or it is not finite.
    pub fn insert_key(&mut self, key: u64, v: Vector) -> bool {
        if v.len() != self.dim || !v.iter().all(|x| x.is_finite()) {
            return false;
        }
        self.vectors.insert(key, v.into());
        true
    }

    pub fn insert(&mut self, text: &str, v: Vector) -> bool {
        self.insert_key(text_key(text), v)
    }

    /// Every (key, vector), by key (a stable order for the cache file).
    pub fn entries(&self) -> Vec<(u64, &[f32])> {
        let mut v: Vec<(u64, &[f32])> = self.vectors.iter().map(|(k, v)| (*k, &**v)).collect();
        v.sort_unstable_by_key(|e| e.0);
        v
    }

    /// Drops the vectors of texts not in `keep` (sentences since edited away).
    pub fn retain(&mut self, keep: &HashSet<u64>) {
        self.vectors.retain(|k, _| keep.contains(k));
    }
}

/// What a project needs embedded: every sentence of its articles and the clauses of its long
/// ones ([`clauses`]), and every annotation's query text ([`query_text`]), each once, cleaned.
pub fn wanted(project: &Project) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut add = |t: String| {
        if !t.is_empty() && seen.insert(text_key(&t)) {
            out.push(t);
        }
    };
    for d in project.documents() {
        for r in similar::sentences(&d.text) {
            for c in clauses::clauses(&d.text, r.clone()) {
                add(clean(d.text.slice(c)));
            }
            add(clean(d.text.slice(r)));
        }
    }
    // The suggested tags' examples of rhetoric and of plain reports (how a sentence reads is
    // its vector against theirs), with the project's texts so that one reading has them all.
    for t in super::tags::Knowledge::built_in().style.examples() {
        add(t.to_owned());
    }
    for a in project.annotations() {
        add(clean(&query_text(project, a)));
        // The quote alone, too: claim suggestions compare annotated spans as they stand.
        add(clean(&a.quote.exact));
    }
    out
}

/// What a pass over a project has to do: the texts without a vector, and the keys of every
/// text the project needs (vectors of any other text may go).
pub struct Needed {
    pub missing: Vec<String>,
    pub keep: HashSet<u64>,
}

/// [`wanted`] against the keys `have` says are embedded.
pub fn needed(project: &Project, have: impl Fn(u64) -> bool) -> Needed {
    let wanted = wanted(project);
    let keep = wanted.iter().map(|t| text_key(t)).collect();
    Needed { missing: wanted.into_iter().filter(|t| !have(text_key(t))).collect(), keep }
}

/// What an annotation's meaning is searched with: the label of its claim, when it is linked to
/// one (the analyst's own summary of what the passage asserts, the best paraphrase there is),
/// then its quote.
pub fn query_text(project: &Project, a: &Annotation) -> String {
    match a.claim.and_then(|c| project.claim(c)) {
        Some(c) if !c.label.trim().is_empty() => format!("{}. {}", c.label.trim(), a.quote.exact),
        _ => a.quote.exact.clone(),
    }
}

/// The lexical query of an annotation: [`similar::query_for`], plus its claim's label.
pub fn lexical_query(project: &Project, a: &Annotation) -> Vec<(String, f32)> {
    let mut q = similar::query_for(a);
    if let Some(c) = a.claim.and_then(|c| project.claim(c)) {
        q.extend(similar::query_for_text(&c.label));
    }
    q
}

/// The vectors of an index's passages, in the index's order, and of the clauses of its long
/// sentences: a passage's similarity to a query is the best of its own and its clauses'.
#[derive(Clone, Debug, Default)]
pub struct SemanticIndex {
    dim: usize,
    /// Each passage's vector, none where the passage is not embedded yet: the `Embeddings`'
    /// own vectors, shared, not copied (a copy held every vector of a project twice).
    passages: Vec<Option<Arc<[f32]>>>,
    /// The clause vectors, and the passage each belongs to.
    clauses: Vec<Arc<[f32]>>,
    owners: Vec<u32>,
    /// The article texts of the lexical index it parallels.
    built_from: Vec<(DocId, u64)>,
}

impl SemanticIndex {
    /// Looks every passage of `index`, and its clauses, up in `embeddings`.
    pub fn build(project: &Project, index: &Index, embeddings: &Embeddings) -> SemanticIndex {
        SemanticIndex::build_with(project, index, embeddings, true)
    }

    /// [`SemanticIndex::build`], with or without the clauses (for the evaluation that measures them).
    pub fn build_with(project: &Project, index: &Index, embeddings: &Embeddings, with_clauses: bool) -> SemanticIndex {
        let dim = embeddings.dim();
        // `insert_key` keeps only vectors of the map's dimension.
        let shared = |text: &str| embeddings.vectors.get(&text_key(text)).cloned();
        let mut passages = vec![None; index.len()];
        let (mut clause_vectors, mut owners) = (Vec::new(), Vec::new());
        for (i, p) in index.passages().iter().enumerate() {
            let Some(d) = project.document(p.doc) else { continue };
            passages[i] = shared(d.text.slice(p.range.clone()));
            if with_clauses {
                for c in clauses::clauses(&d.text, p.range.clone()) {
                    if let Some(v) = shared(d.text.slice(c)) {
                        clause_vectors.push(v);
                        owners.push(i as u32);
                    }
                }
            }
        }
        SemanticIndex { dim, passages, clauses: clause_vectors, owners, built_from: index.built_from().to_vec() }
    }

    /// True when it was built over `index`'s passages (same articles, same texts).
    pub fn is_for(&self, index: &Index) -> bool {
        self.built_from == index.built_from()
    }

    /// Passages with a vector, of all.
    pub fn coverage(&self) -> (usize, usize) {
        (self.passages.iter().filter(|p| p.is_some()).count(), self.passages.len())
    }

    /// The vector of passage `i` (the whole sentence), when it has one.
    pub fn vector(&self, i: usize) -> Option<&[f32]> {
        self.passages.get(i)?.as_deref()
    }

    /// Cosine of `query` with every passage: the best of the passage's own vector and its
    /// clauses' (0 for a passage without a vector).
    pub fn scores(&self, query: &[f32]) -> Vec<f32> {
        if query.len() != self.dim || self.dim == 0 {
            return vec![0.0; self.passages.len()];
        }
        let mut scores: Vec<f32> = self.passages.iter().map(|v| v.as_ref().map_or(0.0, |v| dot(v, query))).collect();
        for (v, &owner) in self.clauses.iter().zip(&self.owners) {
            let c = dot(v, query);
            let s = &mut scores[owner as usize];
            if self.passages[owner as usize].is_some() && c > *s {
                *s = c;
            }
        }
        scores
    }
}

/// Which evidence ranks the passages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Words and phrases in common (BM25).
    Lexical,
    /// Similarity of meaning (sentence vectors).
    Semantic,
    /// Both, fused.
    #[default]
    Hybrid,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Lexical => "lexical",
            Mode::Semantic => "semantic",
            Mode::Hybrid => "hybrid",
        }
    }
}

/// Why a passage was suggested.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Why {
    /// BM25 score (0 when no word is shared).
    pub lexical: f32,
    /// Cosine of the two passages' vectors, when both have one.
    pub meaning: Option<f32>,
    /// Words and phrases of the passage that the query shares, rarest first.
    pub shared: Vec<String>,
}

impl Why {
    /// "shares: self-defence, Security Council; meaning 0.76".
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if !self.shared.is_empty() {
            parts.push(format!("shares: {}", self.shared.join(", ")));
        }
        if let Some(m) = self.meaning {
            parts.push(format!("meaning {m:.2}"));
        }
        if parts.is_empty() { "no shared words".to_owned() } else { parts.join("; ") }
    }
}

/// A suggested passage, with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ranked {
    pub doc: DocId,
    pub range: Range<usize>,
    /// The fused score: higher is closer; comparable within one ranking only.
    pub score: f32,
    pub why: Why,
}

impl Ranked {
    pub fn suggestion(&self) -> Suggestion {
        Suggestion { doc: self.doc, range: self.range.clone(), score: self.score }
    }
}

/// How the two scores are fused: `WEIGHT` × cosine + (1 − `WEIGHT`) × BM25 / the best BM25 of
/// the ranking. Chosen on the sample and the Ever Given set once the lexical half was remade
/// (issue 23; BENCHMARKS.md): at 0.6 the hybrid is at least a plain 0.5/0.5 fusion of BM25 and
/// MiniLM on both, asked both ways (at 0.5 it fell one query short on the Ever Given set).
pub const WEIGHT: f32 = 0.6;

/// A query: its terms, its vector (when the model has embedded it), the article left out.
pub struct Query {
    pub terms: Vec<(String, f32)>,
    pub vector: Option<Vector>,
    pub skip: Option<DocId>,
}

impl Query {
    /// The query for an annotation, its vector looked up in `embeddings`.
    pub fn for_annotation(project: &Project, a: &Annotation, embeddings: Option<&Embeddings>) -> Query {
        Query {
            terms: lexical_query(project, a),
            vector: embeddings.and_then(|e| e.get(&query_text(project, a))).map(<[f32]>::to_vec),
            skip: Some(a.doc),
        }
    }
}

/// The `top` passages for `query` by `mode`. Semantic and hybrid fall back to the lexical
/// ranking while the query has no vector; passages not yet embedded rank on their words alone.
pub fn rank(
    project: &Project,
    index: &Index,
    semantic: Option<&SemanticIndex>,
    query: &Query,
    mode: Mode,
    weight: f32,
    top: usize,
) -> Vec<Ranked> {
    let lexical = index.scores(&query.terms);
    // The lexical mode ranks as plain BM25 over the words as written, and the summed score
    // (folded words, phrases) orders only what that scores alike, or finds nothing for
    // (BENCHMARKS.md, issue 23).
    let plain = (mode == Mode::Lexical).then(|| index.scores_by(&query.terms, Scoring::PlainWords));
    let meaning = match (semantic, &query.vector) {
        (Some(s), Some(v)) if mode != Mode::Lexical => Some(s.scores(v)),
        _ => None,
    };
    let passages = index.passages();
    let keep = |i: usize| Some(passages[i].doc) != query.skip;
    let best = (0..passages.len()).filter(|&i| keep(i)).map(|i| lexical[i]).fold(0f32, f32::max);
    // The similarity of meaning of passage `i`, if it has a vector (a semantic index made from
    // other passages than the word index answers for none, rather than panic).
    let cosine = |i: usize| -> Option<f32> {
        let m = meaning.as_ref()?;
        semantic.filter(|s| s.passages.get(i).is_some_and(Option::is_some))?;
        m.get(i).copied()
    };
    // (passage, score, what orders equal scores).
    let mut scored: Vec<(usize, f32, f32)> = (0..passages.len())
        .filter(|&i| keep(i))
        .filter_map(|i| {
            let words = lexical[i] / best.max(f32::EPSILON);
            let score = match (mode, cosine(i)) {
                (Mode::Lexical, _) => {
                    let first = plain.as_ref().and_then(|p| p.get(i)).copied().unwrap_or(0.0);
                    return (first > 0.0 || lexical[i] > 0.0).then_some((i, first, lexical[i]));
                }
                // No query vector: every passage on its words, all alike.
                (_, None) if meaning.is_none() => lexical[i],
                // A passage not read yet (during a reading pass) has only its words' half of a
                // score, in the same units as the others' (BM25 over the best, times its
                // weight): raw BM25 against cosines would put every unread passage first.
                (_, None) => (1.0 - weight) * words,
                (Mode::Semantic, Some(c)) => c,
                (Mode::Hybrid, Some(c)) => weight * c + (1.0 - weight) * words,
            };
            (score > 0.0).then_some((i, score, 0.0))
        })
        .collect();
    let order = |a: &(usize, f32, f32), b: &(usize, f32, f32)| {
        b.1.total_cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0))
    };
    if scored.len() > top {
        scored.select_nth_unstable_by(top, order);
        scored.truncate(top);
    }
    scored.sort_by(order);
    let query_terms: HashSet<&str> = query.terms.iter().map(|(t, _)| t.as_str()).collect();
    scored
        .into_iter()
        .map(|(i, score, _)| {
            let p = &passages[i];
            let text = project.document(p.doc).map(|d| d.text.slice(p.range.clone())).unwrap_or_default();
            Ranked {
                doc: p.doc,
                range: p.range.clone(),
                score,
                why: Why { lexical: lexical[i], meaning: cosine(i), shared: shared(index, &query_terms, text) },
            }
        })
        .collect()
}

/// Issue 12's evaluation of one mode ([`similar::evaluate`]): every claim-linked annotation's
/// query ranked as "Find in other articles" ranks it, top 10.
pub fn evaluate_mode(
    project: &Project,
    index: &Index,
    semantic: &SemanticIndex,
    embeddings: &Embeddings,
    mode: Mode,
) -> similar::Evaluation {
    similar::evaluate(project, |a| {
        let query = Query::for_annotation(project, a, Some(embeddings));
        rank(project, index, Some(semantic), &query, mode, WEIGHT, 10).iter().map(Ranked::suggestion).collect()
    })
}

/// Most words and phrases an explanation lists.
const SHARED_SHOWN: usize = 6;

/// The words and two-word phrases of `text` whose folded forms are among `terms`, as written in
/// `text`, rarest in the index first; a phrase hides its own words.
pub fn shared(index: &Index, terms: &HashSet<&str>, text: &str) -> Vec<String> {
    let tokens = similar::tokens(text);
    let offset = |s: &str| s.as_ptr() as usize - text.as_ptr() as usize;
    let hit =
        |i: usize| i + 1 < tokens.len() && terms.contains(format!("{} {}", tokens[i].0, tokens[i + 1].0).as_str());
    // (folded key, as written, how many passages have its rarest term)
    let mut found: Vec<(String, String, usize)> = Vec::new();
    let mut in_phrase: HashSet<&str> = HashSet::new();
    let mut i = 0;
    while i < tokens.len() {
        if !hit(i) {
            i += 1;
            continue;
        }
        // Overlapping phrases ("U.N. Security" + "Security Council") make one run, shown as
        // written from its first word's start to its last word's end.
        let mut j = i + 1;
        while hit(j) {
            j += 1;
        }
        let run = &tokens[i..=j];
        let key = run.iter().map(|t| t.0.as_str()).collect::<Vec<_>>().join(" ");
        let rarity = run.windows(2).map(|w| index.passages_with(&format!("{} {}", w[0].0, w[1].0))).min().unwrap_or(0);
        let (from, to) = (offset(run[0].1), offset(run[run.len() - 1].1) + run[run.len() - 1].1.len());
        found.push((key, text.get(from..to).unwrap_or(run[0].1).to_owned(), rarity));
        in_phrase.extend(run.iter().map(|t| t.0.as_str()));
        i = j + 1;
    }
    for (folded, surface) in &tokens {
        if in_phrase.contains(folded.as_str()) {
            continue;
        }
        if terms.contains(folded.as_str()) {
            found.push((folded.clone(), (*surface).to_owned(), index.passages_with(folded)));
        }
    }
    let mut seen = HashSet::new();
    found.retain(|(key, _, _)| seen.insert(key.clone()));
    found.sort_by_key(|f| f.2);
    found.into_iter().take(SHARED_SHOWN).map(|(_, surface, _)| surface).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the engine: a bag of hashed words, normalised. What the core does with
    /// vectors does not depend on where they come from.
    struct Words;

    impl Encoder for Words {
        fn model_id(&self) -> &str {
            "words"
        }
        fn dim(&self) -> usize {
            64
        }
        fn encode(&self, texts: &[&str], _threads: usize) -> Result<Vec<Vector>, String> {
            Ok(texts
                .iter()
                .map(|t| {
                    let mut v = vec![0f32; 64];
                    for w in t.split_whitespace() {
                        v[(text_key(&w.to_lowercase()) % 64) as usize] += 1.0;
                    }
                    normalised(v)
                })
                .collect())
        }
    }

    #[test]
    fn any_encoder_fills_the_embeddings_and_a_second_refresh_encodes_nothing() {
        let p = crate::testing::sample_project();
        let mut e = Embeddings::new("words", 64);
        let silent = crate::progress::Silent;
        let n = refresh(&p, &mut e, &Words, &silent).expect("encodes");
        assert!(n > 100, "every sentence of the sample: {n}");
        assert_eq!(e.len(), n);
        assert_eq!(refresh(&p, &mut e, &Words, &silent).expect("nothing new"), 0);
    }

    #[test]
    fn dot_is_the_plain_sum_of_products_at_every_length() {
        for n in [0usize, 1, 7, 8, 9, 384, 385] {
            let a: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() < 1e-4, "length {n}");
        }
    }

    #[test]
    fn shared_words_are_shown_as_written_overlapping_phrases_as_one() {
        let p = crate::testing::sample_project();
        let index = Index::build(&p);
        let query = similar::query_for_text("a letter to the U.N. Security Council on self-defense");
        let terms: HashSet<&str> = query.iter().map(|(t, _)| t.as_str()).collect();
        let got = shared(&index, &terms, "It wrote to the U.N. Security Council, citing self-defence and Article 51.");
        assert!(got.contains(&"U.N. Security Council".to_owned()), "{got:?}");
        assert!(got.contains(&"self-defence".to_owned()), "{got:?}");
        assert!(!got.iter().any(|g| g == "U.N" || g == "Security"), "no word of a phrase again: {got:?}");
    }

    #[test]
    fn passages_not_read_yet_do_not_outrank_those_read() {
        let mut p = Project::new("p");
        for (t, text) in [
            ("A", "The strike was an act of self-defence under Article 51."),
            ("B", "Officials called the strike self-defence under Article 51 of the Charter."),
            ("C", "Critics said the killing was murder."),
        ] {
            let (_, e) = p.add_document(t, "", "", "", crate::model::Text::new(text)).expect("ids");
            p.apply(e).expect("adds");
        }
        let index = Index::build(&p);
        // Only C's sentence has a vector (a reading pass half done): B shares the most words.
        let mut e = Embeddings::new("m", 2);
        assert!(e.insert("Critics said the killing was murder.", vec![1.0, 0.0]));
        let semantic = SemanticIndex::build(&p, &index, &e);
        let a = p.documents()[0].id;
        let query = Query {
            terms: similar::query_for_text("self-defence under Article 51"),
            vector: Some(vec![0.6, 0.8]),
            skip: Some(a),
        };
        let ranked = rank(&p, &index, Some(&semantic), &query, Mode::Hybrid, WEIGHT, 10);
        let b = ranked.iter().find(|r| p.document(r.doc).is_some_and(|d| d.title == "B")).expect("B ranked");
        assert!(b.score <= 1.0 - WEIGHT + 1e-6, "an unread passage scores its words' half only: {}", b.score);
        assert!(b.why.meaning.is_none());
        // An index that does not match the word index answers without panicking.
        let other = SemanticIndex::default();
        let ranked = rank(&p, &index, Some(&other), &query, Mode::Semantic, WEIGHT, 10);
        assert!(ranked.iter().all(|r| r.why.meaning.is_none()));
    }
}
