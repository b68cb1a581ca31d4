//! The simplest rankings "find in other articles" must beat, computed beside it on the same
//! passages and queries (issue 23): plain BM25 over lower-cased words, the sentence vectors'
//! cosine alone, and a plain 0.5/0.5 fusion of the two. An independent evaluation found
//! claimscope's lexical ranking below plain BM25 and its hybrid below the plain fusion; this
//! module keeps both comparisons measured on every evaluation set (the bench prints them, a test
//! holds them).
//!
//! Plain BM25 is BM25Okapi as the Python package rank_bm25 computes it (k1 1.5, b 0.75, an idf
//! of ln((N − df + 0.5) / (df + 0.5)) with negative ones raised to 0.25 × the mean idf), over
//! words split at anything not alphanumeric and lower-cased: no stemming, no stop words, no
//! phrases.

use std::collections::HashMap;

use serde::Serialize;

use super::semantic::{self, Embeddings, SemanticIndex};
use super::similar::{self, Evaluation, Index, Suggestion};
use crate::model::annotation::Annotation;
use crate::model::ids::{AnnotationId, DocId};
use crate::model::project::Project;

const K1: f32 = 1.5;
const B: f32 = 0.75;
const EPSILON: f32 = 0.25;

/// Plain BM25 over the passages of an [`Index`], in its order.
pub struct PlainBm25 {
    /// Per passage: its words' counts and its length in words.
    bags: Vec<(HashMap<String, f32>, f32)>,
    idf: HashMap<String, f32>,
    average: f32,
}

/// Words as the plain peer sees them: lower-cased runs of letters and digits, as rank_bm25's
/// comparison script splits them; the lexical mode's own words as written are the same split
/// (one function, so the two cannot drift apart).
pub fn plain_words(text: &str) -> Vec<String> {
    super::similar::surface_words(text)
}

impl PlainBm25 {
    pub fn over(project: &Project, index: &Index) -> PlainBm25 {
        let mut bags = Vec::with_capacity(index.len());
        let mut df: HashMap<String, u32> = HashMap::new();
        for p in index.passages() {
            let text = project.document(p.doc).map(|d| d.text.slice(p.range.clone())).unwrap_or_default();
            let words = plain_words(text);
            let mut bag: HashMap<String, f32> = HashMap::new();
            for w in &words {
                *bag.entry(w.clone()).or_default() += 1.0;
            }
            for w in bag.keys() {
                *df.entry(w.clone()).or_default() += 1;
            }
            bags.push((bag, words.len() as f32));
        }
        let n = bags.len() as f32;
        let mut idf: HashMap<String, f32> =
            df.into_iter().map(|(w, d)| (w, (n - d as f32 + 0.5).ln() - (d as f32 + 0.5).ln())).collect();
        // Summed in the words' order, not the map's (whose order changes the sum's last bits).
        let mut values: Vec<(&String, f32)> = idf.iter().map(|(w, v)| (w, *v)).collect();
        values.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mean = values.iter().map(|(_, v)| v).sum::<f32>() / (idf.len().max(1) as f32);
        for v in idf.values_mut() {
            if *v < 0.0 {
                *v = EPSILON * mean;
            }
        }
        let average = bags.iter().map(|b| b.1).sum::<f32>() / n.max(1.0);
        PlainBm25 { bags, idf, average }
    }

    /// Every passage's score for the query text (each query word counted as often as it occurs).
    pub fn scores(&self, query: &str) -> Vec<f32> {
        let words = plain_words(query);
        self.bags
            .iter()
            .map(|(bag, length)| {
                let norm = K1 * (1.0 - B + B * length / self.average.max(f32::EPSILON));
                words
                    .iter()
                    .filter_map(|w| {
                        let tf = *bag.get(w)?;
                        Some(self.idf.get(w).copied().unwrap_or(0.0) * tf * (K1 + 1.0) / (tf + norm))
                    })
                    .sum()
            })
            .collect()
    }
}

/// The plain fusion: 0.5 × cosine + 0.5 × BM25 / the best BM25 among the passages kept.
pub fn plain_fusion(bm25: &[f32], cosine: &[f32], keep: impl Fn(usize) -> bool) -> Vec<f32> {
    let best = (0..bm25.len()).filter(|&i| keep(i)).map(|i| bm25[i]).fold(0f32, f32::max).max(f32::EPSILON);
    bm25.iter().zip(cosine).map(|(b, c)| 0.5 * c + 0.5 * b / best).collect()
}

/// The first `top` passages of `index` by `scores`, leaving out the article `skip` and passages
/// scored 0 or below.
pub fn top_of(index: &Index, scores: &[f32], skip: Option<DocId>, top: usize) -> Vec<Suggestion> {
    let mut order: Vec<usize> = (0..index.len().min(scores.len()))
        .filter(|&i| scores[i] > 0.0 && Some(index.passages()[i].doc) != skip)
        .collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
        .into_iter()
        .take(top)
        .map(|i| Suggestion {
            doc: index.passages()[i].doc,
            range: index.passages()[i].range.clone(),
            score: scores[i],
        })
        .collect()
}

/// How a query is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Asked {
    /// As the workbench asks for a linked annotation: its claim's label and its quote.
    Labelled,
    /// An annotation not linked yet: its quote alone.
    QuoteAlone,
}

/// One ranking's figures on one set.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub ranking: &'static str,
    pub asked: Asked,
    pub figures: Evaluation,
}

/// Every ranking, claimscope's and its peers', on `project`'s claims, asked both ways. The
/// vectors of every passage and query text must be in `embeddings`.
pub fn compare(project: &Project, embeddings: &Embeddings) -> Vec<Row> {
    let index = Index::build(project);
    let meaning = SemanticIndex::build(project, &index, embeddings);
    // The peers read whole sentences, as a plain MiniLM search does.
    let sentences = SemanticIndex::build_with(project, &index, embeddings, false);
    let plain = PlainBm25::over(project, &index);
    let mut rows = Vec::new();
    for asked in [Asked::Labelled, Asked::QuoteAlone] {
        let text = |a: &Annotation| match asked {
            Asked::Labelled => semantic::query_text(project, a),
            Asked::QuoteAlone => a.quote.exact.clone(),
        };
        let query = |a: &Annotation| semantic::Query {
            terms: match asked {
                Asked::Labelled => semantic::lexical_query(project, a),
                Asked::QuoteAlone => similar::query_for(a),
            },
            vector: embeddings.get(&semantic::clean(&text(a))).map(<[f32]>::to_vec),
            skip: Some(a.doc),
        };
        let cosine = |a: &Annotation| {
            embeddings.get(&semantic::clean(&text(a))).map_or_else(|| vec![0.0; index.len()], |v| sentences.scores(v))
        };
        let ours = |mode: semantic::Mode, meaning: &SemanticIndex| {
            similar::evaluate(project, |a| {
                semantic::rank(project, &index, Some(meaning), &query(a), mode, semantic::WEIGHT, 10)
                    .iter()
                    .map(semantic::Ranked::suggestion)
                    .collect()
            })
        };
        // Each query's BM25 and cosine scores, computed once for the three peers that use them.
        let peer_scores: HashMap<AnnotationId, (Vec<f32>, Vec<f32>)> = project
            .annotations()
            .filter(|a| a.claim.is_some())
            .map(|a| (a.id, (plain.scores(&text(a)), cosine(a))))
            .collect();
        let scores_of = |a: &Annotation| peer_scores.get(&a.id).map_or((&[][..], &[][..]), |(b, c)| (&b[..], &c[..]));
        let plain_bm25 = similar::evaluate(project, |a| top_of(&index, scores_of(a).0, Some(a.doc), 10));
        let minilm = similar::evaluate(project, |a| top_of(&index, scores_of(a).1, Some(a.doc), 10));
        let fusion = similar::evaluate(project, |a| {
            let keep = |i: usize| index.passages()[i].doc != a.doc;
            let (bm25, cosine) = scores_of(a);
            top_of(&index, &plain_fusion(bm25, cosine, keep), Some(a.doc), 10)
        });
        for (ranking, figures) in [
            ("plain BM25", plain_bm25),
            ("claimscope lexical", ours(semantic::Mode::Lexical, &meaning)),
            ("MiniLM cosine", minilm),
            ("claimscope semantic (sentences and clauses)", ours(semantic::Mode::Semantic, &meaning)),
            ("plain fusion 0.5/0.5", fusion),
            ("claimscope hybrid, sentences only", ours(semantic::Mode::Hybrid, &sentences)),
            ("claimscope hybrid", ours(semantic::Mode::Hybrid, &meaning)),
        ] {
            rows.push(Row { ranking, asked, figures });
        }
    }
    rows
}

/// The figure of `ranking` asked `asked` in `rows`.
pub fn figure(rows: &[Row], ranking: &str, asked: Asked) -> Option<Evaluation> {
    rows.iter().find(|r| r.ranking == ranking && r.asked == asked).map(|r| r.figures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::text::Text;

    /// BM25Okapi's figures for a three-passage corpus, as rank_bm25 0.2.2 gives them:
    /// `BM25Okapi([["the","ship","blocked","the","canal"], ["the","ship","was","freed"],
    /// ["tugs","pulled","hard"]]).get_scores(["ship","canal"])` is [0.52294259, 0.07094800, 0].
    #[test]
    fn plain_bm25_is_rank_bm25s() {
        let mut p = Project::new("t");
        let (_, e) = p
            .add_document(
                "A",
                "",
                "",
                "",
                Text::new("The ship blocked the canal. The ship was freed. Tugs pulled hard."),
            )
            .expect("adds");
        p.apply(e).expect("applies");
        let index = Index::build(&p);
        assert_eq!(index.len(), 3);
        let s = PlainBm25::over(&p, &index).scores("ship canal");
        let want = [0.522_942_6, 0.070_948_0, 0.0];
        for (got, want) in s.iter().zip(want) {
            assert!((got - want).abs() < 1e-5, "{s:?} against {want}");
        }
    }

    /// The lexical mode ranks as plain BM25 scores (issue 23: an independent evaluation found
    /// claimscope's own lexical ranking below it), "U.S." read as plain BM25 reads it; the
    /// folded words only order passages plain BM25 scores alike, and bring in after them a
    /// passage that shares no word as written ("shipping" for "ships").
    #[test]
    fn the_lexical_mode_ranks_as_plain_bm25() {
        use crate::analysis::semantic::{Mode, Query, rank};
        let mut p = Project::new("t");
        let text = "The U.S. ship blocked the canal. A ship was freed by the U.S. navy. Tugs pulled hard. \
                    Shipping resumed on Monday. The canal stayed shut for days. Ships waited.";
        let (doc, e) = p.add_document("A", "", "", "", Text::new(text)).expect("adds");
        p.apply(e).expect("applies");
        let (other, e) = p.add_document("B", "", "", "", Text::new("Ships stuck.")).expect("adds");
        p.apply(e).expect("applies");
        let index = Index::build(&p);
        let query_text = "U.S. ships blocked the canal";
        let plain = PlainBm25::over(&p, &index).scores(query_text);
        let query = Query { terms: similar::query_for_text(query_text), vector: None, skip: Some(other) };
        let ranked = rank(&p, &index, None, &query, Mode::Lexical, 0.6, 10);
        let by_plain = top_of(&index, &plain, Some(other), 10);
        // Every passage plain BM25 ranks, in its order, with its score.
        assert!(by_plain.len() >= 3, "{by_plain:?}");
        for (r, b) in ranked.iter().zip(&by_plain) {
            assert_eq!((r.doc, &r.range), (b.doc, &b.range), "{ranked:?} against {by_plain:?}");
            assert!((r.score - b.score).abs() < 1e-5, "{ranked:?} against {by_plain:?}");
        }
        // Then what shares only a folded form: "shipping" for "ships".
        let rest: Vec<&str> = ranked[by_plain.len()..]
            .iter()
            .map(|r| p.document(doc).map_or("", |d| d.text.slice(r.range.clone())))
            .collect();
        assert_eq!(rest, ["Shipping resumed on Monday."]);
        assert!(ranked[by_plain.len()..].iter().all(|r| r.score == 0.0 && r.why.lexical > 0.0), "{ranked:?}");
    }
}
