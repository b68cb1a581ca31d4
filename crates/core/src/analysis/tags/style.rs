//! Rhetoric by how a sentence reads (`crates/core/data/suggest/style.txt`): a sentence's MiniLM
//! vector against example sentences of rhetoric and of plain reports, written for claimscope.
//! Word lists find a technique's words, not its argument: "What kind of leader abandons his own
//! people?" holds no loaded word, and "shots were fired" holds one without arguing anything.
//! Used only where the sentence vectors are there (the embedding cache, the workbench's reading);
//! without them suggestions are the word lists' alone.

use std::ops::Range;

use super::super::semantic::{Embeddings, clean, dot};
use super::super::similar::sentences;
use super::builtin::{Knowledge, UNSET, data_lines, kind, narrowed, trimmed};
use super::{RHETORIC, TagSuggestion};
use crate::model::ids::DocId;
use crate::model::text::Text;

/// A sentence no list speaks for whose style is at least this is suggested as Rhetoric. Chosen
/// on PTC's training articles 0-100 (the style of their top fifth of such sentences) and checked
/// on two other slices (BENCHMARKS.md, "Suggested tags, how a sentence reads").
pub const ADD: f32 = 0.13;
/// A list's Rhetoric suggestion whose sentence reads closer to the reports than to rhetoric
/// (style below this) is dropped.
pub const DROP: f32 = 0.0;
/// How many closest examples of each kind are averaged.
const NEAREST: usize = 5;

/// The example sentences (`style.txt`).
#[derive(Clone, Debug, Default)]
pub struct Style {
    pub rhetoric: Vec<String>,
    pub report: Vec<String>,
}

impl Style {
    /// Reads `kind<TAB>sentence` lines (`rhetoric` or `report`; `#` comments); anything else is
    /// an error naming its line.
    pub fn parse(name: &str, text: &str) -> Result<Style, String> {
        let mut s = Style::default();
        for (n, line) in data_lines(text) {
            let (kind, sentence) = line.split_once('\t').ok_or_else(|| format!("{name}:{n}: no tab after the kind"))?;
            let sentence = clean(sentence);
            if sentence.is_empty() {
                return Err(format!("{name}:{n}: empty sentence"));
            }
            match kind {
                "rhetoric" => s.rhetoric.push(sentence),
                "report" => s.report.push(sentence),
                other => return Err(format!("{name}:{n}: “{other}” is neither rhetoric nor report")),
            }
        }
        Ok(s)
    }

    /// Every example, for the embedding cache to hold.
    pub fn examples(&self) -> impl Iterator<Item = &str> {
        self.rhetoric.iter().chain(&self.report).map(String::as_str)
    }
}

/// The examples with their vectors.
struct Examples<'a> {
    rhetoric: Vec<(&'a str, &'a [f32])>,
    report: Vec<&'a [f32]>,
}

impl<'a> Examples<'a> {
    /// `None` unless `vectors` holds every example (a cache made before the examples changed,
    /// or by another model, is not half used).
    fn of(style: &'a Style, vectors: &'a Embeddings) -> Option<Examples<'a>> {
        let rhetoric: Option<Vec<_>> = style.rhetoric.iter().map(|t| vectors.get(t).map(|v| (t.as_str(), v))).collect();
        let report: Option<Vec<_>> = style.report.iter().map(|t| vectors.get(t)).collect();
        let (rhetoric, report) = (rhetoric?, report?);
        (rhetoric.len() >= NEAREST && report.len() >= NEAREST).then_some(Examples { rhetoric, report })
    }

    /// The style of a sentence's vector (mean cosine of its closest rhetoric examples less that
    /// of its closest report examples) and its closest rhetoric example.
    fn style(&self, v: &[f32]) -> (f32, &'a str) {
        let mut r: Vec<(f32, &str)> = self.rhetoric.iter().map(|(t, e)| (dot(v, e), *t)).collect();
        let mut p: Vec<f32> = self.report.iter().map(|e| dot(v, e)).collect();
        r.sort_by(|a, b| b.0.total_cmp(&a.0));
        p.sort_by(|a, b| b.total_cmp(a));
        let mean = |x: &mut dyn Iterator<Item = f32>| x.take(NEAREST).sum::<f32>() / NEAREST as f32;
        let z = mean(&mut r.iter().map(|x| x.0)) - mean(&mut p.iter().copied());
        (z, r.first().map_or("", |x| x.1))
    }
}

/// Applies the style of each sentence of `text` to the built-in suggestions `out` (tags by name,
/// before they are mapped to the project's): drops the lists' Rhetoric in sentences that read as
/// reports, cuts it to its phrases in sentences that read more like reports than rhetoric, names
/// the style where it reads as rhetoric, and suggests such sentences that no list spoke for.
/// Each sentence is read once and each suggestion finds its sentence by search (every sentence
/// had gone over every suggestion).
pub(super) fn apply(doc: DocId, text: &Text, k: &Knowledge, vectors: &Embeddings, out: &mut Vec<TagSuggestion>) {
    let Some(examples) = Examples::of(&k.style, vectors) else { return };
    // Each sentence with its reading (style, closest rhetoric example), where it has a vector.
    type Read<'e> = (Range<usize>, Option<(f32, &'e str)>);
    let read: Vec<Read<'_>> = sentences(text)
        .into_iter()
        .map(|s| {
            let reading = vectors.get(&clean(text.slice(s.clone()))).map(|v| examples.style(v));
            (s, reading)
        })
        .collect();
    let reason = |z: f32, nearest: &str| format!("{} (style {z:+.3}; closest example: '{nearest}')", kind::STYLE);
    // Sentences where a list's Rhetoric stays: the style names itself there and adds nothing.
    let mut listed = vec![false; read.len()];
    let mut kept = Vec::with_capacity(out.len());
    for mut x in out.drain(..) {
        // The sentence a Rhetoric suggestion starts in (sentences are in order, apart).
        let at = (x.tag == RHETORIC)
            .then(|| read.partition_point(|(s, _)| s.end <= x.range.start))
            .filter(|&i| read.get(i).is_some_and(|(s, _)| s.start <= x.range.start));
        let Some((i, (z, nearest))) = at.and_then(|i| Some((i, read[i].1?))) else {
            kept.push(x);
            continue;
        };
        if z < DROP {
            continue;
        }
        if z < ADD {
            // Read as a report: a loaded or emotive word colours its phrase, not the clause.
            match narrowed(text, &x, k) {
                Some(phrases) => kept.extend(phrases),
                None => kept.push(x),
            }
            continue;
        }
        x.why.push(reason(z, nearest));
        listed[i] = true;
        kept.push(x);
    }
    for ((s, reading), listed) in read.iter().zip(listed) {
        let Some((z, nearest)) = *reading else { continue };
        let range = trimmed(text, s);
        if z < ADD || listed || range.is_empty() {
            continue;
        }
        // Scored from 0.3 at ADD up to 0.7: a reading, weaker evidence than a listed word.
        let score = (0.3 + 4.0 * (z - ADD)).clamp(0.3, 0.7);
        kept.push(TagSuggestion {
            doc,
            range,
            tag: RHETORIC.into(),
            tag_id: UNSET,
            score,
            speaker: None,
            why: vec![reason(z, nearest)],
            cues: vec![(kind::STYLE.into(), score)],
        });
    }
    *out = kept;
    out.sort_by_key(|x| x.range.start);
}

#[cfg(test)]
mod tests {
    use super::super::{Knowledge, Sources, one_article as project, suggest_for};
    use super::*;

    #[test]
    fn the_shipped_examples_read_and_hold_both_kinds() {
        let text = include_str!("../../../data/suggest/style.txt");
        let s = Style::parse("style.txt", text).expect("reads");
        assert_eq!((s.rhetoric.len(), s.report.len()), (20, 20));
        assert_eq!(Knowledge::built_in().style.examples().count(), 40);
        let bad = Style::parse("x", "rhetoric\tfine\nopinion\tno such kind\n").expect_err("refused");
        assert!(bad.contains("x:2"), "{bad}");
        assert!(Style::parse("x", "rhetoric no tab\n").is_err());
    }

    /// Vectors in four dimensions: the rhetoric examples along the first axis, the report ones
    /// along the second, each a little apart.
    fn vectors(sentences: &[(&str, [f32; 4])]) -> Embeddings {
        let mut e = Embeddings::new("test", 4);
        let style = &Knowledge::built_in().style;
        let unit = |v: [f32; 4]| {
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter().map(|x| x / n).collect::<Vec<f32>>()
        };
        for (i, t) in style.rhetoric.iter().enumerate() {
            assert!(e.insert(t, unit([1.0, 0.0, 0.01 * i as f32, 0.0])));
        }
        for (i, t) in style.report.iter().enumerate() {
            assert!(e.insert(t, unit([0.0, 1.0, 0.0, 0.01 * i as f32])));
        }
        for (t, v) in sentences {
            assert!(e.insert(t, unit(*v)));
        }
        e
    }

    const QUESTION: &str = "What kind of man does that to his own family and calls it duty?";
    const REPORT: &str = "The border post run by the regime reopened on Monday after repairs to its gate.";

    #[test]
    fn a_sentence_that_reads_as_rhetoric_is_suggested_and_a_listed_word_in_a_report_is_not() {
        let text = format!("{QUESTION} {REPORT}");
        let (p, d) = project(&text);
        let rhetoric = |s: &[TagSuggestion]| -> Vec<String> {
            s.iter()
                .filter(|x| x.tag == RHETORIC)
                .map(|x| p.document(d).map(|doc| doc.text.slice(x.range.clone()).to_owned()).unwrap_or_default())
                .collect()
        };
        // Without vectors: the word lists alone ("regime" is a loaded word; the question holds
        // none).
        let lists = suggest_for(&p, d, &Sources::built_in());
        assert_eq!(rhetoric(&lists).len(), 1, "{lists:?}");
        assert!(rhetoric(&lists)[0].contains("regime"), "{lists:?}");
        // The question reads like the rhetoric examples, the report like the report ones.
        let e = vectors(&[(QUESTION, [0.9, 0.1, 0.0, 0.0]), (REPORT, [0.1, 0.9, 0.0, 0.0])]);
        let src = Sources { vectors: Some(&e), ..Sources::built_in() };
        let got = suggest_for(&p, d, &src);
        assert_eq!(rhetoric(&got), vec![QUESTION.to_owned()], "{got:?}");
        let q = got.iter().find(|x| x.tag == RHETORIC).expect("the question");
        assert!(q.why[0].starts_with("written like rhetoric (style +"), "{:?}", q.why);
        assert!(q.why[0].contains("closest example: '"), "{:?}", q.why);
        assert!((0.3..=0.7).contains(&q.score), "{}", q.score);
        // Read the other way round: the listed word stays (named as rhetoric too), the question
        // is not suggested.
        let e = vectors(&[(QUESTION, [0.1, 0.9, 0.0, 0.0]), (REPORT, [0.9, 0.1, 0.0, 0.0])]);
        let src = Sources { vectors: Some(&e), ..Sources::built_in() };
        let got = suggest_for(&p, d, &src);
        let r: Vec<&TagSuggestion> = got.iter().filter(|x| x.tag == RHETORIC).collect();
        assert_eq!(r.len(), 1, "{got:?}");
        assert!(
            r[0].why.iter().any(|w| w.contains("loaded words"))
                && r[0].why.iter().any(|w| w.starts_with("written like"))
        );
    }

    /// In a sentence that reads more like a report than rhetoric (style between `DROP` and
    /// `ADD`), loaded words are suggested as the phrases they colour, not as their clause; a
    /// clause whose cues include an argument (casting doubt) is left whole.
    #[test]
    fn in_a_sentence_that_reads_as_a_report_a_loaded_word_is_suggested_as_its_phrase() {
        const MIXED: &str = "Critics called him a brutal dictator, and the army carried out a massacre of \
                             protesters on Monday near the capital.";
        const DOUBTING: &str = "So-called experts blamed the brutal dictator for the storm.";
        const NAMED: &str = "The assassination of General Qassem Soleimani came on a Friday.";
        let text = format!("{MIXED} {DOUBTING} {NAMED}");
        let (p, d) = project(&text);
        let slices = |s: &[TagSuggestion]| -> Vec<String> {
            s.iter()
                .filter(|x| x.tag == RHETORIC)
                .map(|x| p.document(d).map(|doc| doc.text.slice(x.range.clone()).to_owned()).unwrap_or_default())
                .collect()
        };
        // Without vectors: the clauses.
        let lists = slices(&suggest_for(&p, d, &Sources::built_in()));
        assert!(lists.iter().any(|s| s.starts_with("Critics called him a brutal dictator")), "{lists:?}");
        // Style about +0.06: between DROP and ADD.
        let between = [0.52, 0.48, 0.0, 0.0];
        let e = vectors(&[(MIXED, between), (DOUBTING, between), (NAMED, between)]);
        let got = suggest_for(&p, d, &Sources { vectors: Some(&e), ..Sources::built_in() });
        let r = slices(&got);
        assert!(r.contains(&"brutal dictator".to_owned()), "{r:?}");
        assert!(r.contains(&"massacre of protesters".to_owned()), "{r:?}");
        // A name is taken whole, not cut after its second word.
        assert!(r.contains(&"assassination of General Qassem Soleimani".to_owned()), "{r:?}");
        let phrase = got.iter().find(|x| x.tag == RHETORIC && x.range.end - x.range.start == 15).expect("the phrase");
        assert_eq!(phrase.why, vec!["loaded words: 'brutal', 'dictator'".to_owned()]);
        assert!((0.0..=1.0).contains(&phrase.score));
        // "So-called" casts doubt: that clause stays whole.
        assert!(r.iter().any(|s| s.starts_with("So-called experts blamed the brutal dictator")), "{r:?}");
    }

    /// A cache without the examples (made before they were shipped, or by another model) leaves
    /// the lists' suggestions as they are.
    #[test]
    fn without_the_examples_vectors_nothing_changes() {
        let (p, d) = project(&format!("{QUESTION} {REPORT}"));
        let mut e = Embeddings::new("test", 4);
        assert!(e.insert(QUESTION, vec![1.0, 0.0, 0.0, 0.0]));
        assert!(e.insert(REPORT, vec![0.0, 1.0, 0.0, 0.0]));
        let with = suggest_for(&p, d, &Sources { vectors: Some(&e), ..Sources::built_in() });
        assert_eq!(with, suggest_for(&p, d, &Sources::built_in()));
    }
}
