//! The ScrapingHub article-extraction benchmark's metric (its `evaluate.py`), for measuring
//! extracted text against a known text: tokens are runs of word characters, shingles are four
//! tokens in a row, and each text pair gives true and false positives and negatives over its
//! shingles, normalised so that long texts do not weigh more.

use std::collections::HashMap;

fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()).collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let t = tokens(text);
    let mut out = HashMap::new();
    let n = 4;
    for i in 0..t.len().saturating_sub(n - 1).max(1) {
        let s: Vec<&str> = t[i..(i + n).min(t.len())].to_vec();
        if !s.is_empty() {
            *out.entry(s).or_insert(0) += 1;
        }
    }
    out
}

/// Normalised (true positives, false positives, false negatives) of `pred` against `truth`.
pub fn matching(truth: &str, pred: &str) -> (f64, f64, f64) {
    let (t, p) = (shingles(truth), shingles(pred));
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for key in t.keys().chain(p.keys().filter(|k| !t.contains_key(*k))) {
        let (a, b) = (*t.get(key).unwrap_or(&0) as f64, *p.get(key).unwrap_or(&0) as f64);
        tp += a.min(b);
        fp += (b - a).max(0.0);
        fn_ += (a - b).max(0.0);
    }
    let s = tp + fp + fn_;
    if s > 0.0 { (tp / s, fp / s, fn_ / s) } else { (0.0, 0.0, 0.0) }
}

/// Precision and recall averaged over pages, and their F1, as `evaluate.py` reports them.
pub fn scores(pairs: &[(f64, f64, f64)]) -> (f64, f64, f64) {
    let precision = |&(tp, fp, fn_): &(f64, f64, f64)| {
        if fp == 0.0 && fn_ == 0.0 {
            Some(1.0)
        } else if tp + fp > 0.0 {
            Some(tp / (tp + fp))
        } else {
            None
        }
    };
    let recall = |&(tp, fp, fn_): &(f64, f64, f64)| {
        if fp == 0.0 && fn_ == 0.0 {
            Some(1.0)
        } else if tp + fn_ > 0.0 {
            Some(tp / (tp + fn_))
        } else {
            None
        }
    };
    let mean = |v: Vec<f64>| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let p = mean(pairs.iter().filter_map(precision).collect());
    let r = mean(pairs.iter().filter_map(recall).collect());
    (2.0 * p * r / (p + r).max(f64::MIN_POSITIVE), p, r)
}
