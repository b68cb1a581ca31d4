//! Passages at the size of a claim: a long sentence is also read clause by clause (issue 23).
//!
//! News sentences often carry two assertions and their attribution ("The strike was legal under
//! Article 51, the Pentagon said, but Iran called it a crime and vowed revenge."). One vector for
//! the whole sentence sits between its claims, so a paraphrase of one of them ranks it low. The
//! sentence stays the unit shown and annotated; its clauses are extra keys it is found by: a hit
//! on a clause ranks the sentence.
//!
//! Cuts, each kept only when both sides are at least [`MIN_WORDS`] words:
//! - after `;`, `:` and a dash between words (—, –, or a spaced hyphen);
//! - at a comma followed by a coordinating or subordinating word (and, but, while, whereas,
//!   although, though, because, after, before, as, which, who, when) — the word starts the clause;
//! - around reporting structure: "…, X said." (the attribution is dropped), "X said (that) …"
//!   and "according to X, …" (the reported content is its own clause);
//! - a quotation inside the sentence (“…”) is a clause of its own.
//!
//! Only sentences of at least [`LONG_SENTENCE`] words are split; shorter ones are one claim
//! already.

use std::ops::Range;

use crate::model::text::Text;

/// Sentences of at least this many words are also read clause by clause.
pub const LONG_SENTENCE: usize = 18;

/// A clause has at least this many words.
pub const MIN_WORDS: usize = 4;

/// Words that start a clause after a comma.
const JOINERS: &[&str] = &[
    "after", "although", "and", "as", "because", "before", "but", "though", "when", "whereas", "which", "while", "who",
];

/// Reporting verbs: "X said that …", "…, X said".
const REPORTING: &[&str] = &[
    "accused",
    "added",
    "admitted",
    "alleged",
    "announced",
    "argued",
    "asserted",
    "claimed",
    "declared",
    "denied",
    "insisted",
    "maintained",
    "noted",
    "reported",
    "said",
    "says",
    "stated",
    "suggested",
    "told",
    "warned",
    "wrote",
];

/// A word of a sentence: its chars' range (relative to the chars given), as written and
/// lower-cased. Letters and digits, with inner hyphens, apostrophes and full stops ("U.S.",
/// "don't", "well-known"); the one word splitter the clause cutter and the tag suggester share.
pub(crate) struct Word {
    pub(crate) range: Range<usize>,
    pub(crate) text: String,
    pub(crate) lower: String,
}

pub(crate) fn words_of(chars: &[char]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '\'' | '’' | '-' | '.')) {
                i += 1;
            }
            // A full stop or apostrophe at the end is punctuation, not the word's.
            let mut end = i;
            while end > start + 1 && matches!(chars[end - 1], '\'' | '’' | '-' | '.') {
                end -= 1;
            }
            let text: String = chars[start..end].iter().collect();
            out.push(Word { range: start..end, lower: text.to_lowercase(), text });
        } else {
            i += 1;
        }
    }
    out
}

/// The clauses of the sentence `sentence` (a char range of `text`), as char ranges of `text`;
/// empty when the sentence is short or has no cut that leaves two clauses of [`MIN_WORDS`].
pub fn clauses(text: &Text, sentence: Range<usize>) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.slice(sentence.clone()).chars().collect();
    clauses_of(&chars).into_iter().map(|r| sentence.start + r.start..sentence.start + r.end).collect()
}

/// [`clauses`] of a sentence's chars, as ranges of them.
pub fn clauses_of(chars: &[char]) -> Vec<Range<usize>> {
    let words = words_of(chars);
    if words.len() < LONG_SENTENCE {
        return Vec::new();
    }
    // Cut points, as word numbers: a clause starts at each.
    let between = |w: usize| &chars[words[w - 1].range.end..words[w].range.start];
    let mut cuts: Vec<usize> = (1..words.len())
        .filter(|&w| {
            let gap = between(w);
            let has = |c: char| gap.contains(&c);
            let spaced_hyphen = gap.windows(3).any(|g| g[0].is_whitespace() && g[1] == '-' && g[2].is_whitespace());
            // Clause punctuation; a comma before a joining word; a quotation opening or closing.
            has(';')
                || has(':')
                || has('—')
                || has('–')
                || spaced_hyphen
                || (has(',') && JOINERS.contains(&words[w].lower.as_str()))
                || gap.iter().any(|c| matches!(c, '“' | '"' | '”'))
        })
        .collect();
    // "X said (that) …": the content after the verb, when the verb comes early; the speaker
    // and verb before it are attribution, not a clause.
    let mut lead = None;
    for (w, word) in words.iter().enumerate().take(10) {
        if REPORTING.contains(&word.lower.as_str()) && w + 1 < words.len() {
            let next = if words[w + 1].lower == "that" { w + 2 } else { w + 1 };
            if next < words.len() && !between(w + 1).contains(&',') {
                cuts.push(next);
                lead = Some(next);
            }
            break;
        }
    }
    // "…, the ministry said.": the attribution at the end is cut off (and dropped below).
    let tail = (words.len().saturating_sub(6).max(1)..words.len())
        .find(|&w| between(w).contains(&','))
        .filter(|&w| words[w..].iter().any(|x| REPORTING.contains(&x.lower.as_str())));
    cuts.extend(tail);
    // "according to X, …": the content after the comma.
    if words.len() > 2
        && words[0].lower == "according"
        && words[1].lower == "to"
        && let Some(w) = (2..words.len().min(10)).find(|&w| between(w).contains(&','))
    {
        cuts.push(w);
        lead = Some(w);
    }
    cuts.sort_unstable();
    cuts.dedup();
    // Clauses as word ranges; an attribution tail (", the Pentagon said.") is dropped.
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for &c in cuts.iter().chain(std::iter::once(&words.len())) {
        if c > start {
            spans.push(start..c);
            start = c;
        }
    }
    let attribution = |s: &Range<usize>| Some(s.start) == tail || (s.start == 0 && Some(s.end) == lead);
    spans.retain(|s| !attribution(s));
    // Short pieces join the clause before them (or after, for the first).
    let mut merged: Vec<Range<usize>> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.len() < MIN_WORDS || last.len() < MIN_WORDS => {
                if last.end == s.start {
                    last.end = s.end;
                } else if s.len() >= MIN_WORDS {
                    merged.push(s);
                }
            }
            _ => merged.push(s),
        }
    }
    // A clause cut before a quotation may end on its joiner ("… and “a dangerous …”").
    for s in &mut merged {
        if s.len() > MIN_WORDS && JOINERS.contains(&words[s.end - 1].lower.as_str()) {
            s.end -= 1;
        }
    }
    merged.retain(|s| s.len() >= MIN_WORDS);
    if merged.len() < 2 && !(merged.len() == 1 && merged[0].len() < words.len()) {
        return Vec::new();
    }
    merged.into_iter().map(|s| words[s.start].range.start..words[s.end - 1].range.end).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        clauses_of(&chars).into_iter().map(|r| chars[r].iter().collect()).collect()
    }

    #[test]
    fn lists_are_sorted() {
        assert!(JOINERS.windows(2).all(|w| w[0] < w[1]));
        assert!(REPORTING.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_short_sentence_is_one_claim() {
        assert!(split("The ship was refloated on Monday after days of dredging.").is_empty());
    }

    #[test]
    fn two_assertions_and_an_attribution() {
        let s = split(
            "The strike was lawful self-defence under Article 51 of the Charter; Iran called it a \
             crime and vowed a harsh revenge against the forces responsible, the ministry said.",
        );
        assert_eq!(
            s,
            vec![
                "The strike was lawful self-defence under Article 51 of the Charter",
                "Iran called it a crime and vowed a harsh revenge against the forces responsible"
            ]
        );
    }

    #[test]
    fn reported_content_without_its_speaker() {
        let s = split(
            "The Pentagon said that the general was developing plans to attack American diplomats \
             and service members in Iraq and throughout the region.",
        );
        assert_eq!(
            s,
            vec![
                "the general was developing plans to attack American diplomats and service members in Iraq and throughout the region"
            ]
        );
        let s = split(
            "According to the ministry, more than three hundred ships were left waiting at both ends \
             of the canal for most of the week.",
        );
        assert_eq!(
            s,
            vec!["more than three hundred ships were left waiting at both ends of the canal for most of the week"]
        );
    }

    #[test]
    fn commas_with_joiners_and_quotations() {
        let s = split(
            "Trump ordered the strike on Thursday night, but officials in Baghdad described it as a \
             violation of Iraqi sovereignty and “a dangerous escalation that will ignite a war”.",
        );
        assert_eq!(
            s,
            vec![
                "Trump ordered the strike on Thursday night",
                "but officials in Baghdad described it as a violation of Iraqi sovereignty",
                "a dangerous escalation that will ignite a war"
            ]
        );
    }

    #[test]
    fn offsets_are_chars_of_the_text() {
        let t = Text::new(
            "Zürich — so said the minister, who had warned the parliament about the dangers of the plan for weeks; nobody listened to him then.",
        );
        let r = 0..t.len_chars();
        for c in clauses(&t, r) {
            let s = t.slice(c.clone());
            assert!(!s.starts_with(' ') && !s.ends_with(' '), "{s:?}");
        }
    }
}
