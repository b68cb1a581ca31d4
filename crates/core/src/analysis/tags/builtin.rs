//! The built-in knowledge: spans with a tag from the word lists and patterns in
//! `crates/core/data/suggest/` (each with its rationale in the README there). Works on a
//! project with no tags; knows nothing of the analyst.
//!
//! Spans are as small as the cue marks them: the reported content without "X said", the loaded
//! phrase without its sentence; the sentence otherwise.

use std::ops::Range;
use std::sync::OnceLock;

use super::super::clauses::{Word, clauses, words_of};
use super::super::similar::{is_stop_word, sentences};
use super::style::Style;
use super::{ALLEGATION, FACT, LEGAL, RHETORIC, TagSuggestion};
use crate::model::ids::{DocId, TagId};
use crate::model::text::Text;

/// A phrase of a word list and its weight.
#[derive(Clone, Debug)]
struct Entry {
    words: Vec<String>,
    weight: f32,
    /// Written capitalised in its list ("Hitler", "Nazis"): a name of its own, so it counts
    /// inside a longer name too (see `inside_a_name`).
    name: bool,
}

/// A word list (`phrase<TAB>weight` per line, `#` comments).
#[derive(Clone, Debug, Default)]
pub struct List {
    entries: Vec<Entry>,
}

/// The lines of a data file that hold data (not empty, not a `#` comment), each with its line
/// number counted from 1, trailing spaces trimmed.
pub(super) fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line.trim_end()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

impl List {
    /// Reads a list; a line that is not `phrase<TAB>weight` with a weight in [0, 1] is an error
    /// naming its line.
    pub fn parse(name: &str, text: &str) -> Result<List, String> {
        let mut entries = Vec::new();
        for (n, line) in data_lines(text) {
            let (phrase, weight) =
                line.split_once('\t').ok_or_else(|| format!("{name}:{n}: no tab between phrase and weight"))?;
            let weight: f32 = weight
                .trim()
                .parse()
                .ok()
                .filter(|w: &f32| (0.0..=1.0).contains(w))
                .ok_or_else(|| format!("{name}:{n}: the weight must be a number from 0 to 1"))?;
            let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
            if words.is_empty() {
                return Err(format!("{name}:{n}: empty phrase"));
            }
            let name = phrase.chars().next().is_some_and(char::is_uppercase);
            entries.push(Entry { words, weight, name });
        }
        // Longest phrases first, so that "un charter" is found before "charter".
        entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
        Ok(List { entries })
    }

    /// Every non-overlapping match in `words`, left to right, longest first at each word: (first
    /// word, past the last word, weight).
    fn find(&self, words: &[Word]) -> Vec<Hit> {
        self.matches(words).into_iter().map(|(a, b, e)| (a, b, e.weight)).collect()
    }

    /// `find`, less the matches that are part of a longer capitalised name ("the Supreme
    /// Court", "the Freedom From Religion Foundation", "Jewish Voice for Peace"): there the
    /// list's word names an institution, it is not the writer's colouring. A phrase the list
    /// writes as a name itself ("Hitler") is kept.
    fn find_outside_names(&self, words: &[Word]) -> Vec<Hit> {
        self.matches(words)
            .into_iter()
            .filter(|&(a, b, e)| e.name || !inside_a_name(words, a..b))
            .map(|(a, b, e)| (a, b, e.weight))
            .collect()
    }

    fn matches<'a>(&'a self, words: &[Word]) -> Vec<(usize, usize, &'a Entry)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let hit = self.entries.iter().find(|e| {
                e.words.len() <= words.len() - i
                    && e.words.iter().zip(&words[i..]).all(|(want, w)| {
                        want == &w.lower || (want == "#" && w.lower.chars().all(|c| c.is_ascii_digit()))
                    })
            });
            match hit {
                Some(e) => {
                    out.push((i, i + e.words.len(), e));
                    i += e.words.len();
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The built-in knowledge: the lists of `crates/core/data/suggest/`.
pub struct Knowledge {
    pub reporting: List,
    pub hedges: List,
    pub legal: List,
    pub loaded: List,
    pub exaggeration: List,
    pub doubt: List,
    pub appeals: List,
    /// Strongly valenced words from the VADER lexicon (MIT; see the file's header).
    pub emotive: List,
    /// Example sentences of rhetoric and of plain reports, for how a sentence reads.
    pub style: Style,
}

impl Knowledge {
    /// The lists shipped inside the program (read once).
    pub fn built_in() -> &'static Knowledge {
        static K: OnceLock<Knowledge> = OnceLock::new();
        K.get_or_init(|| {
            let list = |name: &str, text: &str| List::parse(name, text).unwrap_or_default();
            Knowledge {
                reporting: list("reporting.txt", include_str!("../../../data/suggest/reporting.txt")),
                hedges: list("hedges.txt", include_str!("../../../data/suggest/hedges.txt")),
                legal: list("legal.txt", include_str!("../../../data/suggest/legal.txt")),
                loaded: list("loaded.txt", include_str!("../../../data/suggest/loaded.txt")),
                exaggeration: list("exaggeration.txt", include_str!("../../../data/suggest/exaggeration.txt")),
                doubt: list("doubt.txt", include_str!("../../../data/suggest/doubt.txt")),
                appeals: list("appeals.txt", include_str!("../../../data/suggest/appeals.txt")),
                emotive: list("emotive.txt", include_str!("../../../data/suggest/emotive.txt")),
                style: Style::parse("style.txt", include_str!("../../../data/suggest/style.txt")).unwrap_or_default(),
            }
        })
    }
}

fn words_in(text: &Text, sentence: Range<usize>) -> Vec<Word> {
    let chars: Vec<char> = text.slice(sentence.clone()).chars().collect();
    let mut words = words_of(&chars);
    for w in &mut words {
        w.range = sentence.start + w.range.start..sentence.start + w.range.end;
    }
    words
}

const PRONOUNS: &[&str] = &["he", "i", "it", "she", "they"];

/// Capitalised like a name (and not a pronoun or an article).
fn is_name_word(w: &Word) -> bool {
    w.text.chars().next().is_some_and(char::is_uppercase) && !matches!(w.lower.as_str(), "the" | "a" | "an" | "i")
}

/// The likeliest name in `words`: the longest run of name words, the later of equals; days and
/// months are not names. A sentence's first word is capitalised anyway, so a run there counts
/// only from two words ("Tad Devine, a top adviser, said …": "Tad Devine", not "Vermont" later).
fn last_name(text: &Text, words: &[Word]) -> Option<String> {
    let is_name = |w: &Word| is_name_word(w) && !CALENDAR.contains(&w.lower.as_str());
    let mut best: Option<Range<usize>> = None;
    let mut k = 0;
    while k < words.len() {
        if is_name(&words[k]) {
            let start = k;
            while k < words.len() && is_name(&words[k]) {
                k += 1;
            }
            if (start > 0 || k - start >= 2) && best.as_ref().is_none_or(|b| k - start >= b.len()) {
                best = Some(start..k);
            }
        } else {
            k += 1;
        }
    }
    best.map(|r| text.slice(words[r.start].range.start..words[r.end - 1].range.end).to_owned())
}

/// Month and day names.
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words between a speaker and the reporting verb that are not the speaker's ("Trump has
/// repeatedly said", "I don't think").
const BETWEEN: &[&str] = &[
    "again",
    "also",
    "already",
    "are",
    "did",
    "didn't",
    "didn’t",
    "do",
    "does",
    "doesn't",
    "doesn’t",
    "don't",
    "don’t",
    "had",
    "has",
    "have",
    "is",
    "last",
    "later",
    "never",
    "night",
    "not",
    "often",
    "once",
    "previously",
    "privately",
    "publicly",
    "recently",
    "repeatedly",
    "then",
    "today",
    "was",
    "week",
    "were",
    "will",
    "would",
    "yesterday",
];

/// Words a speaker may start with without a capital.
const DETERMINERS: &[&str] = &["a", "an", "her", "his", "its", "one", "our", "some", "the", "their", "two"];

/// The speaker of `words[r]`: as written, or from the previous sentence when a pronoun; none
/// for "I", "we", "you" (a quoted first person names no one) or words that are not a name or a
/// noun phrase.
fn speaker_of(text: &Text, words: &[Word], r: Range<usize>, previous: &[Word]) -> Option<String> {
    let mut r = r.start..r.end.min(words.len());
    // "Qassem Soleimani: Pentagon says …" (a headline): the speaker is after the colon.
    if let Some(w) =
        (r.start + 1..r.end).rev().find(|&w| text.slice(words[w - 1].range.end..words[w].range.start).contains(':'))
    {
        r.start = w;
    }
    while r.end > r.start && BETWEEN.contains(&words[r.end - 1].lower.as_str()) {
        r.end -= 1;
    }
    // "Dana Kirsch, a lawyer who has represented the families of the victims for a decade":
    // of a description too long to be a name, the name it opens with.
    if r.len() > 8 {
        let name = (r.start..r.end).take_while(|&w| is_name_word(&words[w])).count();
        let set_off =
            |w: usize| w < words.len() && text.slice(words[w - 1].range.end..words[w].range.start).contains(',');
        if !(1..=4).contains(&name) || !set_off(r.start + name) {
            return None;
        }
        r.end = r.start + name;
    }
    if r.is_empty() {
        return None;
    }
    let first = &words[r.start];
    if r.len() == 1 && PRONOUNS.contains(&first.lower.as_str()) {
        return if first.lower == "i" { None } else { last_name(text, previous) };
    }
    if matches!(first.lower.as_str(), "we" | "you" | "i") {
        return None;
    }
    if !is_name_word(first) && !DETERMINERS.contains(&first.lower.as_str()) {
        return None;
    }
    // "the ministry", "Secretary of State Mike Pompeo": drop a leading article.
    let start = if matches!(first.lower.as_str(), "the" | "a" | "an") && r.len() > 1 { r.start + 1 } else { r.start };
    Some(text.slice(words[start].range.start..words[r.end - 1].range.end).to_owned())
}

fn span(words: &[Word], r: Range<usize>) -> Option<Range<usize>> {
    (r.start < r.end && r.end <= words.len()).then(|| words[r.start].range.start..words[r.end - 1].range.end)
}

fn phrase(text: &Text, words: &[Word], r: Range<usize>) -> String {
    span(words, r).map(|s| text.slice(s).to_owned()).unwrap_or_default()
}

/// Noisy-or of cue weights: each cue is evidence on its own.
fn combined(weights: impl IntoIterator<Item = f32>) -> f32 {
    (1.0 - weights.into_iter().fold(1.0, |acc, w| acc * (1.0 - w))).min(0.95)
}

/// The kinds of built-in cue: a cue's key is its kind and its words ("loaded words barbaric"),
/// and the learned part tells the analyst a cue by its words.
pub(super) mod kind {
    pub const LOADED: &str = "loaded words";
    pub const EXAGGERATION: &str = "exaggeration";
    pub const DOUBT: &str = "casting doubt";
    pub const APPEALS: &str = "appeal or slogan";
    pub const EMOTIVE: &str = "emotive words";
    pub const VERB: &str = "verb";
    pub const HEDGE: &str = "hedge";
    pub const LEGAL: &str = "legal";
    /// Kinds whose key is the kind alone.
    pub const DETAIL: &str = "checkable detail";
    pub const QUOTATION: &str = "quotation";
    pub const STYLE: &str = "written like rhetoric";
    /// The kinds followed by words.
    pub const WITH_WORDS: [&str; 8] = [LOADED, EXAGGERATION, DOUBT, APPEALS, EMOTIVE, VERB, HEDGE, LEGAL];
}

/// The tag id of a suggestion not yet matched to a project's tag.
pub(super) const UNSET: TagId = TagId(u64::MAX);

/// A match of a list: first word, past the last word, weight.
type Hit = (usize, usize, f32);

/// Reported speech in a sentence, in words.
struct Reported {
    content: Range<usize>,
    /// The speaker's words (may be empty).
    who: Range<usize>,
    /// The reporting verb's match.
    hit: Hit,
    /// Content on the other side of an attribution set off by commas ("Greensboro, Sexton
    /// said, made him question …": "Greensboro").
    before: Option<Range<usize>>,
}

/// Reported speech in a sentence, from the first reporting verb that introduces content in a
/// shape read here ("He praised the plan and said that …": the second).
fn attribution(text: &Text, words: &[Word], k: &Knowledge) -> Option<Reported> {
    k.reporting
        .find(words)
        .into_iter()
        .filter(|h| !in_a_name(words, h.0) && !after_an_article(words, h.0))
        .find_map(|hit| attributed_by(text, words, hit))
}

/// Whether word `i` follows "a", "an" or "the": an adjective then, not a verb of report ("an
/// estimated $14 million", "the alleged attack"; the first had named "Cairo is forgoing an" as
/// a speaker).
fn after_an_article(words: &[Word], i: usize) -> bool {
    i > 0 && matches!(words[i - 1].lower.as_str(), "a" | "an" | "the")
}

/// Whether the sentence of `words` opens with a quotation mark ("“We will…", "''There's…").
fn opens_with_a_quotation(text: &Text, words: &[Word]) -> bool {
    words.first().is_some_and(|w| {
        let before = text.slice(w.range.start.saturating_sub(2)..w.range.start);
        before.ends_with(['“', '"']) || before.ends_with("''") || before.ends_with("``")
    })
}

/// Whether word `i` is part of a name rather than a verb: capitalised after a capitalised word
/// ("the United States", "Consumer Reports") in a sentence not written in title case (a
/// headline's "Pompeo Says Iran …" keeps its verb).
fn in_a_name(words: &[Word], i: usize) -> bool {
    let capital = |w: &Word| w.text.chars().next().is_some_and(char::is_uppercase);
    let title_case = words.iter().filter(|w| capital(w)).count() * 10 > words.len() * 6;
    i > 0 && capital(&words[i]) && capital(&words[i - 1]) && !title_case
}

/// Whether words `r` are part of a longer name: capitalised, not the sentence's first word
/// alone (a capital there says nothing), and next to a capitalised word that is not an
/// article, directly or across "of", "for" or "from", in a sentence not written in title case
/// (a headline's "Evil Regime Falls" keeps its cues).
fn inside_a_name(words: &[Word], r: Range<usize>) -> bool {
    let capital = |w: &Word| w.text.chars().next().is_some_and(char::is_uppercase);
    let title_case = words.iter().filter(|w| capital(w)).count() * 10 > words.len() * 6;
    if title_case || r.is_empty() || !capital(&words[r.start]) {
        return false;
    }
    let joins = |i: usize| matches!(words[i].lower.as_str(), "of" | "for" | "from");
    let name_at = |i: usize| is_name_word(&words[i]);
    let before = r.start > 0 && (name_at(r.start - 1) || (r.start > 1 && joins(r.start - 1) && name_at(r.start - 2)));
    let after =
        r.end < words.len() && (name_at(r.end) || (r.end + 1 < words.len() && joins(r.end) && name_at(r.end + 1)));
    // The first word of a sentence is capitalised anyway: only what follows it can make it a
    // name ("Supreme Court justices said …").
    if r.start == 0 { after } else { before || after }
}

/// Reported speech introduced by one reporting verb's match `hit`.
fn attributed_by(text: &Text, words: &[Word], hit: Hit) -> Option<Reported> {
    let reported = |content: Range<usize>, who: Range<usize>| Some(Reported { content, who, hit, before: None });
    let (i, j, _) = hit;
    let gap_has_comma =
        |w: usize| w > 0 && w < words.len() && text.slice(words[w - 1].range.end..words[w].range.start).contains(',');
    let n = words.len();
    if words[i].lower == "according" {
        // "According to X, content." or "content, according to X."
        if i == 0 {
            let comma = (j + 1..n.min(j + 9)).find(|&w| gap_has_comma(w))?;
            return reported(comma..n, j..comma);
        }
        return reported(0..i, j..n);
    }
    // "content, X said." — a comma a few words before the verb, the verb near the end; after a
    // closing quotation mark the verb may be followed by where it was said ("…,” he said in an
    // interview with Breitbart News).
    // Quotation marks as typed: curly, straight, or two apostrophes (as some archives give them).
    let quote_closed = |w: usize| {
        let gap = text.slice(words[w - 1].range.end..words[w].range.start);
        gap.contains(['”', '"']) || gap.contains("''")
    };
    // "…, said Geert Wilders, founder of the right-wing Dutch Party for Freedom.": with the verb
    // right after the comma and a name after it, the speaker follows, however long their
    // description ("Trump, speaking in Ohio, said the economy …" is not of this shape).
    // A day or month after the verb is when, not who ("…, said Monday that …").
    let named_after = |w: usize| {
        words.get(w).is_some_and(|w| {
            is_name_word(w) && !PRONOUNS.contains(&w.lower.as_str()) && !CALENDAR.contains(&w.lower.as_str())
        })
    };
    // "…, claiming Trump University is a fraud.": a participle after the comma is never that
    // inversion; its content follows it and its speaker is the sentence's subject.
    let participle = words[i].lower.ends_with("ing");
    if participle && gap_has_comma(i) && i >= 2 {
        let content = if words.get(j).is_some_and(|w| w.lower == "that") { j + 1 } else { j };
        let opens_with_a_place = words.get(content).is_some_and(|w| PLACE_WORDS.contains(&w.lower.as_str()));
        if n.saturating_sub(content) < 3 || opens_with_a_place {
            return None;
        }
        return reported(content..n, 0..subject_end(words, i));
    }
    // "“We're going to win this election,” Clinton told reporters as she …", "''There's always
    // resistance,'' said Mr. Schmidt, who bought …": a sentence that opens with a quotation
    // closed just before its speaker and verb reports the quotation, however short it is and
    // however long the sentence goes on after the verb.
    // (Without the comma too: "“The Iowa caucus is a battle of niches” Grubbs said.")
    if i >= 1
        && opens_with_a_quotation(text, words)
        && let Some(close) = (1..=i).find(|&w| quote_closed(w))
        && i - close <= 6
    {
        if close == i {
            let end = (j + 1..n).find(|&w| gap_has_comma(w)).unwrap_or(n);
            return reported(0..close, j..end);
        }
        return reported(0..close, close..i);
    }
    // "“His demeanor is grumpy,” she said, but …": a closed quotation with the attribution set
    // off by commas on both sides is the content, however long the sentence goes on.
    if let Some(comma) = (i.saturating_sub(7).max(1)..=i).rev().find(|&w| gap_has_comma(w))
        && (n - j <= 3
            || (quote_closed(comma) && (n - j <= 10 || (comma < i && gap_has_comma(j))))
            || (comma == i && named_after(j)))
        && (comma >= 4 || (comma >= 2 && quote_closed(comma)))
    {
        // "…,” said Senator Tim Scott, Republican of South Carolina.": the speaker after the verb,
        // up to the next comma.
        if comma == i {
            let end = (j + 1..n).find(|&w| gap_has_comma(w)).unwrap_or(n);
            return reported(0..comma, j..end);
        }
        return reported(0..comma, comma..i);
    }
    // "X said (that) content." — the speaker from the sentence's start, or from the last comma
    // or joining word before the verb ("In a statement on Thursday, Pompeo accused …", "… and
    // the minister said that …"), at most 8 words. When it was said may stand between the verb
    // and the content ("said Monday that …", "said on Tuesday …", "said last week that …").
    let j = after_when(words, j);
    // "He told the AP that his task …": whom it was told to stands before "that".
    let told = matches!(words[i].lower.as_str(), "told" | "tells" | "tell" | "telling");
    let that = |w: &Word| w.lower == "that";
    let content = match words.get(j..(j + 5).min(n)) {
        Some(ahead) if told => ahead.iter().position(that).map_or(j, |k| j + k + 1),
        _ if words.get(j).is_some_and(that) => j + 1,
        _ => j,
    };
    if n.saturating_sub(content) < 4 || i == 0 {
        return None;
    }
    // Where the speaker's words may begin: after a comma or a dash, or a word that joins
    // clauses ("… and the minister said that …", "shortly after her campaign said …").
    let opens = |w: usize| {
        gap_has_comma(w)
            || text.slice(words[w - 1].range.end..words[w].range.start).contains(['—', '–', '-'])
            || matches!(
                words[w - 1].lower.as_str(),
                "and" | "but" | "while" | "as" | "after" | "when" | "because" | "since" | "though" | "although"
            )
    };
    let from = (1..i).rev().find(|&w| opens(w)).unwrap_or(0);
    // "The mayor met the families and said …": a second verb of the sentence's subject, named
    // only when the subject is a name.
    if matches!(words[i - 1].lower.as_str(), "and" | "but") {
        return reported(content..n, 0..subject_end(words, i - 1));
    }
    // "Tad Devine, a top adviser to Sanders, said …": a name before an apposition is the
    // speaker's, with it.
    let named = (from >= 2 && gap_has_comma(from) && DETERMINERS.contains(&words[from].lower.as_str()))
        .then(|| (1..from).rev().find(|&w| opens(w)).unwrap_or(0))
        .filter(|&before| from - before <= 4 && (before..from).all(|w| is_name_word(&words[w])));
    // A speaker of more than eight words is rarely one, but a description set off as an
    // apposition may run longer ("Zeke Emanuel, an oncologist who advised Obama on the health
    // care overhaul, said …"), and so may a subject that opens the sentence ("Several people
    // I've spoken with over the last couple of weeks said …").
    let longest = if named.is_some() {
        16
    } else if from == 0 {
        12
    } else {
        8
    };
    if i - from > longest {
        return None;
    }
    // "Greensboro, Sexton said, made him question …": an attribution set off by commas inside
    // the content; what stands before it is reported too.
    let set_off = from >= 1 && gap_has_comma(from) && gap_has_comma(hit.1) && i - from <= 5 && named.is_none();
    Some(Reported { content: content..n, who: named.unwrap_or(from)..i, hit, before: set_off.then_some(0..from) })
}

/// Past a phrase of when at word `j` ("Monday", "on Tuesday morning", "yesterday", "last
/// week", "earlier this month"), if one stands there; else `j`.
fn after_when(words: &[Word], j: usize) -> usize {
    let is = |k: usize, set: &[&str]| words.get(k).is_some_and(|w| set.contains(&w.lower.as_str()));
    const ALONE: &[&str] = &["yesterday", "today", "tonight", "recently", "earlier", "later", "again"];
    const WHICH: &[&str] = &["last", "this", "next", "earlier", "later"];
    const PERIOD: &[&str] = &["week", "month", "year", "weekend", "morning", "afternoon", "evening", "night"];
    let mut k = j;
    if is(k, &["on"]) && words.get(k + 1).is_some_and(|w| CALENDAR.contains(&w.lower.as_str())) {
        k += 1;
    }
    if words.get(k).is_some_and(|w| CALENDAR.contains(&w.lower.as_str())) {
        k += 1;
        if is(k, PERIOD) {
            k += 1;
        }
    } else if is(k, WHICH)
        && (is(k + 1, PERIOD) || is(k + 1, CALENDAR) || (is(k + 1, &["this", "last"]) && is(k + 2, PERIOD)))
    {
        k += if is(k + 1, &["this", "last"]) { 3 } else { 2 };
    } else if is(k, ALONE) {
        k += 1;
    }
    // Only a phrase of when that something follows: else the words are the content.
    if k > j && words.len() > k { k } else { j }
}

/// Words after a participle that tell where or when ("speaking in Ohio", "…, writing on
/// Twitter"), not what was said.
const PLACE_WORDS: &[&str] = &["in", "at", "on", "to", "with", "from", "after", "before", "during", "outside", "for"];

/// The end of a sentence's subject when it is a name ("The White House issued a statement,
/// saying …" -> "The White House"): the capitalised words it opens with (and "of" between
/// them), when a lowercase word (the verb) follows; else nothing (0), so no speaker is named.
fn subject_end(words: &[Word], before: usize) -> usize {
    let start = usize::from(words.first().is_some_and(|w| DETERMINERS.contains(&w.lower.as_str())));
    let mut end = start;
    while end < before && (is_name_word(&words[end]) || (end > start && words[end].lower == "of")) {
        end += 1;
    }
    let verb_follows = end > start && end < before && !is_name_word(&words[end]);
    if verb_follows && words[end - 1].lower != "of" && !words[end - 1].text.ends_with("'s") { end } else { 0 }
}

/// Suggestions for one sentence of an article.
fn sentence_suggestions(
    doc: DocId,
    text: &Text,
    sentence: Range<usize>,
    previous: &[Word],
    k: &Knowledge,
    out: &mut Vec<TagSuggestion>,
) -> Vec<Word> {
    let words = words_in(text, sentence.clone());
    if words.len() < 3 {
        return words;
    }
    let whole = span(&words, 0..words.len()).unwrap_or(sentence.clone());
    let mut has_allegation = false;
    let hedges = k.hedges.find(&words);
    if let Some(Reported { content, who, hit: (vi, vj, weight), before }) = attribution(text, &words, k)
        && let Some(range) = span(&words, content.clone())
    {
        // "Canada's claims that …": the speaker is Canada, not "Canada's".
        let speaker = speaker_of(text, &words, who.clone(), previous).map(|s| {
            match ["'s", "’s"].iter().find_map(|p| s.strip_suffix(p)) {
                Some(stem) if !stem.is_empty() => stem.to_owned(),
                _ => s,
            }
        });
        let mut why = vec![format!("reporting verb '{}'", phrase(text, &words, vi..vj))];
        if let Some(s) = &speaker {
            why[0].push_str(&format!(", speaker '{s}'"));
        }
        let named = speaker.as_deref().is_some_and(|s| s.chars().next().is_some_and(char::is_uppercase));
        let verb = phrase(text, &words, vi..vj).to_lowercase();
        let mut cues = vec![(format!("{} {verb}", kind::VERB), weight + if named { 0.1 } else { 0.0 })];
        for &(a, b, w) in &hedges {
            why.push(format!("hedge '{}'", phrase(text, &words, a..b)));
            cues.push((format!("{} {}", kind::HEDGE, phrase(text, &words, a..b).to_lowercase()), w));
        }
        let score = combined(cues.iter().map(|c| c.1));
        // "“If …,” Robinson said, “why would …?”": a quotation the attribution splits goes on
        // after it, and its second part is the same speaker's.
        let after = who.end.max(vj);
        let reopens = content.end <= vi && after < words.len() && {
            let gap = text.slice(words[after - 1].range.end..words[after].range.start);
            gap.contains(['“', '"']) || gap.contains("``") || gap.contains("''")
        };
        // "“This is not a hard race,” he said, citing Trump's appeal.", "…, Jealous said,
        // suggesting that …": a participle of reporting after the attribution says more of the
        // same speaker's.
        let participle_after_comma = !reopens
            && after < words.len()
            && words[after].lower.ends_with("ing")
            && text.slice(words[after - 1].range.end..words[after].range.start).contains(',');
        let goes_on = participle_after_comma
            .then(|| k.reporting.find(&words[after..]).into_iter().find(|h| h.0 == 0))
            .flatten()
            .map(|h| {
                let c = after + h.1;
                if words.get(c).is_some_and(|w| w.lower == "that") { c + 1 } else { c }
            })
            .filter(|&c| words.len() - c >= 2 && !PLACE_WORDS.contains(&words[c].lower.as_str()));
        let more = [before, reopens.then_some(after..words.len()), goes_on.map(|c| c..words.len())];
        for part in more.into_iter().flatten() {
            let Some(part) = span(&words, part) else { continue };
            let (speaker, why, cues) = (speaker.clone(), why.clone(), cues.clone());
            out.push(TagSuggestion {
                doc,
                range: part,
                tag: ALLEGATION.into(),
                tag_id: UNSET,
                score,
                speaker,
                why,
                cues,
            });
        }
        out.push(TagSuggestion { doc, range, tag: ALLEGATION.into(), tag_id: UNSET, score, speaker, why, cues });
        has_allegation = true;
    }
    if !has_allegation && !hedges.is_empty() {
        let why = hedges.iter().map(|&(a, b, _)| format!("hedge '{}'", phrase(text, &words, a..b))).collect();
        let cues: Vec<(String, f32)> = hedges
            .iter()
            .map(|&(a, b, w)| (format!("{} {}", kind::HEDGE, phrase(text, &words, a..b).to_lowercase()), w))
            .collect();
        out.push(TagSuggestion {
            doc,
            range: whole.clone(),
            tag: ALLEGATION.into(),
            tag_id: UNSET,
            score: combined(cues.iter().map(|c| c.1)),
            speaker: None,
            why,
            cues,
        });
        has_allegation = true;
    }
    let legal = k.legal.find(&words);
    if !legal.is_empty() {
        // Each phrase named once ("legal vocabulary: 'legal', 'legal'" read as a stutter).
        let mut named = std::collections::HashSet::new();
        let cues: Vec<String> = legal
            .iter()
            .map(|&(a, b, _)| format!("'{}'", phrase(text, &words, a..b)))
            .filter(|c| named.insert(c.to_lowercase()))
            .collect();
        out.push(TagSuggestion {
            doc,
            range: whole.clone(),
            tag: LEGAL.into(),
            tag_id: UNSET,
            score: combined(legal.iter().map(|l| l.2)),
            speaker: None,
            why: vec![format!("legal vocabulary: {}", cues.join(", "))],
            cues: legal
                .iter()
                .map(|&(a, b, w)| (format!("{} {}", kind::LEGAL, phrase(text, &words, a..b).to_lowercase()), w))
                .collect(),
        });
    }
    // Rhetoric is suggested over the clause that holds the cues (the sentence when it is not
    // cut into clauses), naming each cue: a loaded word colours the assertion it sits in, and
    // span-level rhetoric annotations (the PTC corpus) mark phrases and clauses far more often
    // than single words (development figures in BENCHMARKS.md: word spans F1 0.04, clause 0.14).
    let units = {
        let c = clauses(text, sentence.clone());
        if c.is_empty() { vec![whole.clone()] } else { c }
    };
    // Per unit: the lists that spoke with the words each found, and the cues.
    type Found = (Vec<(&'static str, String)>, Vec<(String, f32)>);
    let mut rhetoric: Vec<Found> = vec![(Vec::new(), Vec::new()); units.len()];
    for (list, what) in rhetoric_lists(k) {
        for (a, b, w) in list.find_outside_names(&words) {
            let Some(range) = span(&words, a..b) else { continue };
            let u = units.iter().position(|u| u.start <= range.start && range.start < u.end).unwrap_or(0);
            rhetoric[u].1.push((format!("{what} {}", text.slice(range.clone()).to_lowercase()), w));
            rhetoric[u].0.push((what, text.slice(range).to_owned()));
        }
    }
    for (unit, (found, cues)) in units.iter().zip(rhetoric) {
        let why = rhetoric_reasons(&found);
        if !why.is_empty() {
            let score = combined(cues.iter().map(|c| c.1));
            let range = unit.clone();
            out.push(TagSuggestion {
                doc,
                range,
                tag: RHETORIC.into(),
                tag_id: UNSET,
                score,
                speaker: None,
                why,
                cues,
            });
        }
    }
    // A plain statement with a checkable detail (a number or a date) and no other cue.
    if !has_allegation && legal.is_empty() && words.len() >= 6 {
        let detail = words.iter().find(|w| {
            w.lower.chars().any(|c| c.is_ascii_digit()) || (CALENDAR.contains(&w.lower.as_str()) && is_name_word(w))
        });
        if let Some(d) = detail {
            out.push(TagSuggestion {
                doc,
                range: whole,
                tag: FACT.into(),
                tag_id: UNSET,
                score: 0.35,
                speaker: None,
                why: vec![format!(
                    "states a checkable detail ('{}') without attribution, hedge or legal wording",
                    d.text
                )],
                cues: vec![(kind::DETAIL.into(), 0.35)],
            });
        }
    }
    words
}

/// The Rhetoric lists, in the order their reasons are given.
const RHETORIC_KINDS: [&str; 5] = [kind::LOADED, kind::EXAGGERATION, kind::DOUBT, kind::APPEALS, kind::EMOTIVE];

/// The Rhetoric lists with their kinds (in `RHETORIC_KINDS` order).
fn rhetoric_lists(k: &Knowledge) -> [(&List, &'static str); 5] {
    [
        (&k.loaded, kind::LOADED),
        (&k.exaggeration, kind::EXAGGERATION),
        (&k.doubt, kind::DOUBT),
        (&k.appeals, kind::APPEALS),
        (&k.emotive, kind::EMOTIVE),
    ]
}

/// One reason per list that spoke, naming each of its words once ("emotive words: 'miracle',
/// 'magnificent'"), not a line per word.
fn rhetoric_reasons(found: &[(&'static str, String)]) -> Vec<String> {
    let mut why = Vec::new();
    for what in RHETORIC_KINDS {
        let mut seen = std::collections::HashSet::new();
        let words: Vec<String> = found
            .iter()
            .filter(|(w, t)| *w == what && seen.insert(t.to_lowercase()))
            .map(|(_, t)| format!("'{t}'"))
            .collect();
        if !words.is_empty() {
            why.push(format!("{what}: {}", words.join(", ")));
        }
    }
    why
}

/// The kinds of cue that are single words colouring a phrase (not an argument its clause
/// makes, as doubt and appeals are).
const WORD_CUES: [&str; 3] = [kind::LOADED, kind::EXAGGERATION, kind::EMOTIVE];

/// A Rhetoric suggestion whose cues are all words (loaded, exaggerating, emotive) cut down to
/// the phrases they mark: each cue with up to two content words either side, not across
/// punctuation, "of" bridging to the next word ("a brutal dictator" → "brutal dictator",
/// "firestorm of outrage"); phrases that touch are one. `None` for any other suggestion.
/// Used where the sentence reads as a report: there the word colours its phrase, while in a
/// sentence that reads as rhetoric the annotations of the field (PTC) mark the clause.
pub(super) fn narrowed(text: &Text, x: &TagSuggestion, k: &Knowledge) -> Option<Vec<TagSuggestion>> {
    let word_cue = |c: &str| WORD_CUES.iter().any(|w| c.strip_prefix(w).is_some_and(|rest| rest.starts_with(' ')));
    if x.tag != RHETORIC || x.cues.is_empty() || !x.cues.iter().all(|(c, _)| word_cue(c)) {
        return None;
    }
    let words = words_in(text, x.range.clone());
    // A cue: its match and its list's kind.
    type Cue = (Hit, &'static str);
    let mut hits: Vec<Cue> = Vec::new();
    for (list, what) in rhetoric_lists(k).into_iter().filter(|(_, what)| WORD_CUES.contains(what)) {
        hits.extend(list.find_outside_names(&words).into_iter().map(|h| (h, what)));
    }
    if hits.is_empty() {
        return None;
    }
    hits.sort_by_key(|h| (h.0.0, h.0.1));
    let mut phrases: Vec<(Range<usize>, Vec<Cue>)> = Vec::new();
    for h in hits {
        let r = widened(text, &words, h.0.0..h.0.1);
        match phrases.last_mut() {
            Some(last) if r.start <= last.0.end => {
                last.0.end = last.0.end.max(r.end);
                last.1.push(h);
            }
            _ => phrases.push((r, vec![h])),
        }
    }
    let out = phrases
        .into_iter()
        .filter_map(|(r, hits)| {
            let range = span(&words, r)?;
            let found: Vec<(&'static str, String)> =
                hits.iter().map(|&((a, b, _), what)| (what, phrase(text, &words, a..b))).collect();
            let cues: Vec<(String, f32)> = hits
                .iter()
                .map(|&((a, b, w), what)| (format!("{what} {}", phrase(text, &words, a..b).to_lowercase()), w))
                .collect();
            Some(TagSuggestion {
                doc: x.doc,
                range,
                tag: x.tag.clone(),
                tag_id: x.tag_id,
                score: combined(cues.iter().map(|c| c.1)),
                speaker: None,
                why: rhetoric_reasons(&found),
                cues,
            })
        })
        .collect();
    Some(out)
}

/// Words `r` of `words` with up to two content words either side (see `narrowed`).
fn widened(text: &Text, words: &[Word], r: Range<usize>) -> Range<usize> {
    // Word `i` follows word `i - 1` with nothing but space between.
    let joined = |i: usize| text.slice(words[i - 1].range.end..words[i].range.start).trim().is_empty();
    let content = |i: usize| !is_stop_word(&words[i].lower);
    let (mut a, mut b) = (r.start, r.end);
    let mut n = 0;
    while n < 2 && a > 0 && joined(a) && content(a - 1) {
        a -= 1;
        n += 1;
    }
    n = 0;
    while n < 2 && b < words.len() && joined(b) {
        if content(b) {
            b += 1;
        } else if words[b].lower == "of" && b + 1 < words.len() && joined(b + 1) && content(b + 1) {
            b += 2;
        } else {
            break;
        }
        n += 1;
    }
    // A name is not cut ("assassination of General Qassem" was): a capitalised word that goes
    // on into another takes the rest of the name.
    let name = |i: usize| words[i].text.chars().next().is_some_and(char::is_uppercase);
    let mut more = 0;
    while more < 3 && b > r.end && b < words.len() && joined(b) && name(b - 1) && name(b) {
        b += 1;
        more += 1;
    }
    a..b
}

/// The built-in suggestions for an article's text, in sentence order, with no regard to its
/// annotations; `tag_id` is left unset (the caller maps names to the project's tags).
pub(super) fn raw(doc: DocId, text: &Text, k: &Knowledge) -> Vec<TagSuggestion> {
    let mut out = Vec::new();
    let mut previous = Vec::new();
    // The speaker of the last reported speech, for a quotation that goes on in the next
    // sentence ("“…,” he said. “This is all me.”").
    let mut speaker: Option<String> = None;
    let all = sentences(text);
    let runs = quote_runs(text, &all);
    // Suggestions made for sentences inside a quotation that runs over several sentences, by
    // run: their speaker is the one the run's attribution names, wherever it comes.
    let mut parts: Vec<(usize, usize)> = Vec::new();
    for (n, s) in all.iter().enumerate() {
        let before = out.len();
        previous = sentence_suggestions(doc, text, s.clone(), &previous, k, &mut out);
        let reported = out[before..].iter().find(|x| x.tag == ALLEGATION).map(|x| x.speaker.clone());
        if let Some(who) = reported {
            speaker = who;
            continue;
        }
        let (range, why) = match (quotation(text, s), runs[n]) {
            (Some(range), _) => (range, "a quotation"),
            (None, Some(_)) => (trimmed(text, s), "part of a quotation over several sentences"),
            (None, None) => {
                speaker = None;
                continue;
            }
        };
        if range.is_empty() {
            continue;
        }
        let mut why = vec![why.to_owned()];
        if let Some(who) = &speaker {
            why[0].push_str(&format!(", going on from '{who}'"));
        }
        if let Some(run) = runs[n] {
            parts.push((run, out.len()));
        }
        out.push(TagSuggestion {
            doc,
            range,
            tag: ALLEGATION.into(),
            tag_id: UNSET,
            score: QUOTATION,
            speaker: speaker.clone(),
            why,
            cues: vec![(kind::QUOTATION.into(), QUOTATION)],
        });
    }
    for x in &mut out {
        x.range = quotes_closed(text, x.range.clone());
    }
    // A run's speaker from its own attribution ("“A. B. C,” the minister said.").
    for &(run, i) in &parts {
        if out[i].speaker.is_some() {
            continue;
        }
        let named = out.iter().enumerate().find_map(|(j, x)| {
            let same_run = all.iter().position(|s| s.contains(&x.range.start)).and_then(|m| runs[m]) == Some(run);
            (j != i && same_run && x.tag == ALLEGATION).then(|| x.speaker.clone()).flatten()
        });
        if let Some(who) = named {
            out[i].why[0].push_str(&format!(", said by '{who}'"));
            out[i].speaker = Some(who);
        }
    }
    out
}

/// `r` with the quotation mark it opens closed: a span ends at a word, so "…referred to the
/// report as “spurious" lost its closing mark (a helper's accepted suggestion); the mark right
/// after it (past a full stop or comma) is taken in, and likewise an opening mark right before
/// a span that closes one.
fn quotes_closed(text: &Text, r: Range<usize>) -> Range<usize> {
    let inside = text.slice(r.clone());
    let (opens, closes) = (inside.matches('“').count(), inside.matches('”').count());
    let straight_odd = inside.matches('"').count() % 2 == 1;
    let after: Vec<char> = text.slice(r.end..(r.end + 2).min(text.len_chars())).chars().collect();
    let mut out = r.clone();
    if opens > closes || (straight_odd && closes == opens) {
        let close = |c: &char| *c == '”' || (straight_odd && *c == '"');
        match after.as_slice() {
            [c, ..] if close(c) => out.end += 1,
            [p, c, ..] if matches!(p, '.' | ',' | '!' | '?') && close(c) => out.end += 2,
            _ => {}
        }
    } else if closes > opens && r.start > 0 && text.slice(r.start - 1..r.start) == "“" {
        out.start -= 1;
    }
    out
}

/// For each sentence, the number of the quotation it is part of when that quotation runs over
/// more than one sentence (opened in it or before and closed in it or after).
fn quote_runs(text: &Text, sentences: &[Range<usize>]) -> Vec<Option<usize>> {
    let mut out = vec![None; sentences.len()];
    let mut open: Option<usize> = None;
    let mut runs = 0;
    for (n, s) in sentences.iter().enumerate() {
        let started_open = open.is_some();
        let mut opened_here = false;
        for c in quote_marks(text.slice(s.clone())) {
            match c {
                // A straight mark does not say which way it faces: it opens a quotation when none
                // is open and closes the open one otherwise.
                '“' | '"' if open.is_none() => {
                    open = Some(runs);
                    runs += 1;
                    opened_here = true;
                }
                '”' | '"' => open = None,
                _ => {}
            }
        }
        // Part of a run: it began open, or it ends open (the quotation goes on).
        let run = if started_open {
            open.or(Some(runs - 1))
        } else if opened_here {
            open
        } else {
            None
        };
        out[n] = run;
        // A run that never closes within a paragraph's worth of sentences is a stray mark.
        if open.is_some() && n > 0 && out[n.saturating_sub(6)..n].iter().all(|r| r.is_some() && *r == open) {
            open = None;
        }
    }
    out
}

/// A sentence without the spaces at its ends.
pub(super) fn trimmed(text: &Text, s: &Range<usize>) -> Range<usize> {
    let chars: Vec<char> = text.slice(s.clone()).chars().collect();
    let Some(first) = chars.iter().position(|c| !c.is_whitespace()) else { return s.start..s.start };
    let last = chars.iter().rposition(|c| !c.is_whitespace()).unwrap_or(first);
    s.start + first..s.start + last + 1
}

/// Weight of a sentence that is one quotation, with no reporting verb of its own.
const QUOTATION: f32 = 0.55;

/// The sentence `s` when it is one quotation: it opens with a quotation mark and closes one at
/// its end (a full stop or comma may follow), with no other quotation mark between.
fn quotation(text: &Text, s: &Range<usize>) -> Option<Range<usize>> {
    let chars = quote_marks(text.slice(s.clone()));
    let first = chars.iter().position(|c| !c.is_whitespace())?;
    let last = chars.iter().rposition(|c| !c.is_whitespace())?;
    if !matches!(chars[first], '“' | '"') || last <= first + 8 {
        return None;
    }
    let close = (first + 1..=last).rev().take(3).find(|&i| matches!(chars[i], '”' | '"'))?;
    let inner = &chars[first + 1..close];
    // Two words at least ("“Big time.”" after "…,” O'Donnell said.").
    if inner.iter().any(|c| matches!(c, '“' | '”' | '"')) || !inner.iter().any(|c| c.is_whitespace()) {
        return None;
    }
    Some(s.start + first..s.start + close + 1)
}

/// A text's chars with two apostrophes in a row (an archive's quotation mark, `''He said''`)
/// read as a straight quotation mark followed by a space, so that offsets stay the same.
fn quote_marks(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().collect();
    for k in 1..chars.len() {
        if chars[k - 1] == '\'' && chars[k] == '\'' {
            chars[k - 1] = '"';
            chars[k] = ' ';
        }
    }
    chars
}

#[cfg(test)]
mod tests {
    use super::super::{Sources, one_article as project, suggest_for};
    use super::*;

    #[test]
    fn every_shipped_list_reads_and_has_entries() {
        let k = Knowledge::built_in();
        for (name, l) in [
            ("reporting", &k.reporting),
            ("hedges", &k.hedges),
            ("legal", &k.legal),
            ("loaded", &k.loaded),
            ("exaggeration", &k.exaggeration),
            ("doubt", &k.doubt),
            ("appeals", &k.appeals),
            ("emotive", &k.emotive),
        ] {
            assert!(l.entries.len() >= 10, "{name}");
        }
        for (name, text) in [
            ("reporting.txt", include_str!("../../../data/suggest/reporting.txt")),
            ("hedges.txt", include_str!("../../../data/suggest/hedges.txt")),
            ("legal.txt", include_str!("../../../data/suggest/legal.txt")),
            ("loaded.txt", include_str!("../../../data/suggest/loaded.txt")),
            ("exaggeration.txt", include_str!("../../../data/suggest/exaggeration.txt")),
            ("doubt.txt", include_str!("../../../data/suggest/doubt.txt")),
            ("appeals.txt", include_str!("../../../data/suggest/appeals.txt")),
            ("emotive.txt", include_str!("../../../data/suggest/emotive.txt")),
        ] {
            List::parse(name, text).expect("the shipped list is well formed");
        }
        assert!(List::parse("x", "said 0.5").expect_err("no tab").contains("x:1"));
        assert!(List::parse("x", "# c\nsaid\t2").expect_err("weight above 1").contains("x:2"));
    }

    #[test]
    fn a_participle_after_an_article_is_no_attribution() {
        let k = Knowledge::built_in();
        let text = Text::new("Cairo is forgoing an estimated $14 million a day in tolls.");
        let words = words_in(&text, 0..text.len_chars());
        assert!(attribution(&text, &words, k).is_none());
    }

    #[test]
    fn reported_speech_is_an_allegation_with_its_speaker_and_without_the_attribution() {
        let (p, d) = project(
            "Secretary of State Mike Pompeo claimed that Soleimani was plotting imminent attacks on Americans. \
             The strike was lawful under Article 51 of the Charter, the Pentagon said.",
        );
        let s = suggest_for(&p, d, &Sources::built_in());
        let text = &p.document(d).expect("doc").text;
        let a: Vec<&TagSuggestion> = s.iter().filter(|s| s.tag == ALLEGATION).collect();
        assert_eq!(a.len(), 2, "{s:?}");
        assert_eq!(text.slice(a[0].range.clone()), "Soleimani was plotting imminent attacks on Americans");
        assert_eq!(a[0].speaker.as_deref(), Some("Secretary of State Mike Pompeo"));
        assert!(a[0].why[0].contains("'claimed'") && a[0].why[0].contains("Mike Pompeo"), "{:?}", a[0].why);
        assert_eq!(text.slice(a[1].range.clone()), "The strike was lawful under Article 51 of the Charter");
        assert_eq!(a[1].speaker.as_deref(), Some("Pentagon"));
        assert!(a[0].score > a[1].score, "'claimed' contests more than 'said'");
        let legal = s.iter().find(|s| s.tag == LEGAL).expect("legal vocabulary");
        assert!(legal.why[0].contains("'Article 51'") && legal.why[0].contains("'lawful'"), "{:?}", legal.why);
    }

    /// The Allegations among `s`: each one's quote and speaker.
    fn allegations<'a>(text: &'a Text, s: &'a [TagSuggestion]) -> Vec<(&'a str, Option<&'a str>)> {
        s.iter().filter(|s| s.tag == ALLEGATION).map(|s| (text.slice(s.range.clone()), s.speaker.as_deref())).collect()
    }

    #[test]
    fn a_quotation_over_several_sentences_is_reported_speech_of_the_speaker_it_ends_with() {
        let (p, d) = project(
            "The minister spoke in Tehran. “We will not forget this crime. Those who ordered it will pay. \
             The region is watching,” Foreign Minister Javad Zarif said on Friday. The weather was mild.",
        );
        let s = suggest_for(&p, d, &Sources::built_in());
        let text = &p.document(d).expect("doc").text;
        let a = allegations(text, &s);
        let zarif = Some("Foreign Minister Javad Zarif");
        assert!(a.contains(&("“We will not forget this crime.", zarif)), "{a:?}");
        assert!(a.contains(&("Those who ordered it will pay.", zarif)), "{a:?}");
        assert!(a.iter().any(|(q, who)| q.contains("The region is watching") && *who == zarif), "{a:?}");
        assert!(!a.iter().any(|(q, _)| q.contains("weather")), "{a:?}");
    }

    #[test]
    fn a_speaker_after_the_verb_and_quotation_marks_typed_as_two_apostrophes_are_read() {
        let (p, d) = project(
            "''He is running a parallel policy campaign,'' said Senator Tim Scott, Republican of South Carolina. \
             ''I'm a big fan of Paul. He works hard.'' The weather was mild.",
        );
        let s = suggest_for(&p, d, &Sources::built_in());
        let text = &p.document(d).expect("doc").text;
        let a = allegations(text, &s);
        assert!(
            a.iter().any(|(q, who)| q.contains("parallel policy campaign") && *who == Some("Senator Tim Scott")),
            "{a:?}"
        );
        assert!(a.iter().any(|(q, _)| q.contains("big fan of Paul")), "{a:?}");
        assert!(!a.iter().any(|(q, _)| q.contains("weather")), "{a:?}");
    }

    #[test]
    fn a_split_quotation_and_a_participle_after_a_comma_give_the_reported_content() {
        let (p, d) = project(
            "“If the last three nominees don't want to get on that stage,” Robinson said, “why would \
             corporate brands want to align themselves with Trump?” The attorney general is suing Trump \
             for $40 million, claiming Trump University is a fraud. The White House issued a statement, \
             saying the strike was planned for weeks. Coca-Cola indicated it would give $75,000 to the \
             convention.",
        );
        let s = suggest_for(&p, d, &Sources::built_in());
        let text = &p.document(d).expect("doc").text;
        let a = allegations(text, &s);
        for want in [
            ("If the last three nominees don't want to get on that stage", Some("Robinson")),
            ("why would corporate brands want to align themselves with Trump", Some("Robinson")),
            // The content after the participle, never the name that opens it taken as speaker.
            ("Trump University is a fraud", None),
            ("the strike was planned for weeks", Some("White House")),
            ("it would give $75,000 to the convention", Some("Coca-Cola")),
        ] {
            assert!(a.contains(&want), "{want:?} in {a:?}");
        }
        // A party's convention is not a treaty.
        assert!(!s.iter().any(|s| s.tag == LEGAL && s.why[0].contains("convention")), "{s:?}");
    }

    #[test]
    fn when_it_was_said_an_apposition_and_a_quotation_set_off_by_commas_are_read() {
        let text = Text::new(
            "Tad Devine, a top adviser to Sanders, said Monday that the Vermont senator will arrive at the \
             convention with enough delegates. Officials said on Tuesday the talks would resume in Geneva. \
             Madeleine Kunin spoke to reporters in Vermont. \
             “His normal demeanor is grumpy,” she said, but despite the fractious tone, the two would meet.",
        );
        let s = raw(DocId(1), &text, Knowledge::built_in());
        assert_eq!(
            allegations(&text, &s),
            vec![
                (
                    "the Vermont senator will arrive at the convention with enough delegates",
                    Some("Tad Devine, a top adviser to Sanders")
                ),
                ("the talks would resume in Geneva", Some("Officials")),
                // The pronoun's name from the sentence before: the name it opens with, not the
                // place it ends with.
                ("His normal demeanor is grumpy", Some("Madeleine Kunin")),
            ]
        );
    }

    #[test]
    fn quotations_that_open_a_sentence_attributions_set_off_and_what_follows_them_are_read() {
        let text = Text::new(
            "“Nothing changes,” said a senior aide to the governor, who asked not to be named. \
             “We will win this vote,” Ms. Ortiz told reporters as she left the chamber beside the speaker. \
             The harbour, Okafor said, had been closed for weeks. \
             “The plan is dead,” he said, citing the new figures from the ministry. \
             Dana Kirsch, a lawyer who has represented the families of the victims for a decade, said the \
             settlement was far too small. The mayor met the families and said the city would pay for the repairs. \
             He told the committee that the budget was balanced.",
        );
        let s = raw(DocId(1), &text, Knowledge::built_in());
        let a = allegations(&text, &s);
        for want in [
            ("Nothing changes", Some("senior aide to the governor")),
            ("We will win this vote", Some("Ms. Ortiz")),
            ("The harbour", Some("Okafor")),
            ("had been closed for weeks", Some("Okafor")),
            ("the new figures from the ministry", None),
            ("the settlement was far too small", Some("Dana Kirsch")),
            ("the city would pay for the repairs", None),
            ("the budget was balanced", None),
        ] {
            assert!(a.iter().any(|(q, who)| *q == want.0 && (want.1.is_none() || *who == want.1)), "{want:?} in {a:?}");
        }
        // Never what follows the speaker and verb when the quotation came first.
        assert!(!a.iter().any(|(q, _)| q.contains("left the chamber") || q.contains("asked not to be named")), "{a:?}");
        assert!(!a.iter().any(|(q, _)| q.contains("the committee")), "{a:?}");
        // "The mayor met the families and said …" names no speaker rather than half a clause.
        assert!(!a.iter().any(|(_, who)| who.is_some_and(|w| w.contains("families"))), "{a:?}");
    }

    #[test]
    fn a_headline_names_the_speaker_after_its_colon() {
        let text = Text::new("Qassem Soleimani: Pentagon says strike was defensive and lawful");
        let s = raw(DocId(1), &text, Knowledge::built_in());
        let a = allegations(&text, &s);
        assert!(a.iter().any(|(_, who)| *who == Some("Pentagon")), "{a:?}");
    }

    #[test]
    fn a_span_that_opens_a_quotation_closes_it() {
        let text = Text::new("The minister said the report was “spurious”. Officials said it was \"a lie\".");
        let s = raw(DocId(1), &text, Knowledge::built_in());
        let a = allegations(&text, &s);
        assert!(a.iter().any(|(q, _)| *q == "the report was “spurious”"), "{a:?}");
        assert!(a.iter().any(|(q, _)| *q == "it was \"a lie\""), "{a:?}");
    }

    #[test]
    fn a_finding_is_reported_content_and_a_thing_found_is_not() {
        let text = Text::new(
            "A new poll from Suffolk University found that 40% of voters are not sure they will vote for \
             Clinton. Police found the body of a man in the river near the bridge on Sunday morning.",
        );
        let s = raw(DocId(1), &text, Knowledge::built_in());
        assert_eq!(
            allegations(&text, &s),
            vec![("40% of voters are not sure they will vote for Clinton", Some("new poll from Suffolk University"))]
        );
    }

    #[test]
    fn a_pronoun_speaker_is_found_in_the_sentence_before() {
        let (p, d) = project(
            "Iran's foreign minister Javad Zarif spoke in Tehran on Friday. \
             He said the killing was an act of international terrorism and a violation of sovereignty.",
        );
        let s = suggest_for(&p, d, &Sources::built_in());
        let a = s.iter().find(|s| s.tag == ALLEGATION).expect("an allegation");
        assert_eq!(a.speaker.as_deref(), Some("Javad Zarif"));
    }

    #[test]
    fn a_speaker_after_the_verb_keeps_a_long_description_and_an_apposition_is_not_one() {
        let (p, d) = project(
            "The rejection of the treaty signals the beginning of the end for the union, said Geert \
             Wilders, founder of the right-wing Dutch Party for Freedom and its leader in parliament.",
        );
        let s = suggest_for(&p, d, &Sources::built_in());
        let a = s.iter().find(|s| s.tag == ALLEGATION).expect("an allegation");
        let text = &p.document(d).expect("doc").text;
        assert_eq!(
            text.slice(a.range.clone()),
            "The rejection of the treaty signals the beginning of the end for the union"
        );
        assert_eq!(a.speaker.as_deref(), Some("Geert Wilders"));
        let (p, d) = project("Trump, speaking in Ohio on Monday, said the economy was booming again.");
        let s = suggest_for(&p, d, &Sources::built_in());
        let a = s.iter().find(|s| s.tag == ALLEGATION).expect("an allegation");
        assert_eq!(p.document(d).expect("doc").text.slice(a.range.clone()), "the economy was booming again");
    }

    /// "Canada's claims that …" (a noun cue, as attribution corpora count it): the speaker is
    /// Canada, not "Canada's".
    #[test]
    fn a_possessive_speaker_is_named_without_its_s() {
        let (p, d) =
            project("Canada's claims that the tariffs break the trade pact were heard by the panel on Monday.");
        let s = suggest_for(&p, d, &Sources::built_in());
        let a: Vec<&TagSuggestion> = s.iter().filter(|s| s.tag == ALLEGATION).collect();
        assert!(!a.is_empty(), "{s:?}");
        assert!(a.iter().all(|x| x.speaker.as_deref() != Some("Canada's")), "{s:?}");
        assert!(a.iter().any(|x| x.speaker.as_deref() == Some("Canada")), "{s:?}");
    }

    #[test]
    fn a_verb_form_inside_a_name_is_not_a_reporting_verb_but_a_later_verb_is() {
        let (p, d) = project(
            "Officials in the United States were unhappy with the deal signed in Vienna last week. \
             The United States Navy, which patrols the strait, confirmed that two tankers were seized.",
        );
        let s: Vec<TagSuggestion> =
            suggest_for(&p, d, &Sources::built_in()).into_iter().filter(|s| s.tag == ALLEGATION).collect();
        assert_eq!(s.len(), 1, "{s:?}");
        assert!(p.document(d).expect("doc").text.slice(s[0].range.clone()).starts_with("two tankers"), "{s:?}");
        assert!(s[0].why[0].starts_with("reporting verb 'confirmed'"), "{:?}", s[0].why);
        // A headline in title case keeps its verb.
        let (p, d) = project("Pompeo Says Iran Was Plotting Imminent Attacks On Americans");
        assert!(suggest_for(&p, d, &Sources::built_in()).iter().any(|s| s.tag == ALLEGATION));
    }

    #[test]
    fn a_strongly_valenced_word_is_an_emotive_cue_and_a_plainly_reported_killing_is_not() {
        let (p, d) = project(
            "Voters called the vote a betrayal of everything the party stood for. \
             Two soldiers were killed near the border on Sunday morning.",
        );
        let s = suggest_for(&p, d, &Sources::built_in());
        let rhetoric: Vec<&TagSuggestion> = s.iter().filter(|s| s.tag == RHETORIC).collect();
        assert_eq!(rhetoric.len(), 1, "{s:?}");
        assert_eq!(rhetoric[0].why, vec!["emotive words: 'betrayal'".to_owned()]);
        assert!(rhetoric[0].score < 0.5, "weaker than a hand-picked loaded word: {:?}", rhetoric[0]);
    }

    /// A list's word inside a name names an institution, not the writer's colouring ("Supreme"
    /// and "Freedom" were Rhetoric in every article on the courts or religion); the same word
    /// outside a name, a sentence's first word, and a name the list writes as one still count.
    #[test]
    fn a_cue_inside_a_longer_name_is_not_rhetoric_but_a_name_of_its_own_is() {
        let rhetoric = |text: &str| -> Vec<String> {
            let (p, d) = project(text);
            suggest_for(&p, d, &Sources::built_in())
                .into_iter()
                .filter(|s| s.tag == RHETORIC)
                .flat_map(|s| s.why)
                .collect()
        };
        for plain in [
            "The case was sent back to the Supreme Court on Tuesday by the appeals panel.",
            "A lawyer with the Freedom From Religion Foundation filed the papers on Monday.",
            "Members of Jewish Voice for Peace gathered outside the consulate at noon.",
            "Supreme Court justices heard the first arguments of the term on Monday.",
        ] {
            assert_eq!(rhetoric(plain), Vec::<String>::new(), "{plain}");
        }
        for (coloured, cue) in [
            ("He called it the supreme sacrifice of a generation of young men.", "'supreme'"),
            ("Freedom itself was crushed by the men who seized the capital.", "'freedom'"),
            ("The poster compared the mayor to Adolf Hitler and his followers.", "'Hitler'"),
        ] {
            let why = rhetoric(coloured);
            assert!(why.iter().any(|w| w.to_lowercase().contains(&cue.to_lowercase())), "{coloured}: {why:?}");
        }
    }

    /// Reasons name each list once with its words, each word once (a line per word, and
    /// "legal vocabulary: 'violated', 'violated'", read as stutters).
    #[test]
    fn reasons_name_each_list_once_and_each_word_once() {
        let (p, d) =
            project("The magnificent miracle of the magnificent parade violated the treaty, and violated it again.");
        let s = suggest_for(&p, d, &Sources::built_in());
        let rhetoric = s.iter().find(|s| s.tag == RHETORIC).expect("rhetoric");
        assert_eq!(rhetoric.why, vec!["emotive words: 'magnificent', 'miracle'".to_owned()], "{s:?}");
        let legal = s.iter().find(|s| s.tag == LEGAL).expect("legal");
        assert_eq!(legal.why.iter().filter(|w| w.matches("'violated'").count() > 1).count(), 0, "{:?}", legal.why);
    }

    #[test]
    fn rhetoric_is_the_clause_holding_the_cues_each_named_and_annotated_passages_are_left_out() {
        let (mut p, d) = project(
            "The cowardly assassination was a barbaric act by a terrorist regime on 3 January, and the \
             ministry said on Friday that it would answer the killing with a measured response soon. \
             The weather was mild.",
        );
        let s = suggest_for(&p, d, &Sources::built_in());
        let text = p.document(d).expect("doc").text.clone();
        let rhetoric: Vec<&TagSuggestion> = s.iter().filter(|s| s.tag == RHETORIC).collect();
        assert_eq!(rhetoric.len(), 1, "{s:?}");
        assert_eq!(
            text.slice(rhetoric[0].range.clone()),
            "The cowardly assassination was a barbaric act by a terrorist regime on 3 January"
        );
        for cue in ["'cowardly'", "'assassination'", "'barbaric'", "'terrorist'", "'regime'"] {
            assert!(rhetoric[0].why.iter().any(|w| w.starts_with("loaded words") && w.contains(cue)), "{cue}");
        }
        for x in &s {
            assert!(!x.why.is_empty() && (0.0..=1.0).contains(&x.score), "{x:?}");
        }
        // Tag "barbaric act" as Rhetoric: the clause is no longer suggested as Rhetoric.
        let tag = p.tags().iter().find(|t| t.name == RHETORIC).expect("the default tags").id;
        let at = text.as_str().find("barbaric").expect("in the text");
        let at = text.as_str()[..at].chars().count();
        let (_, e) = p.annotate(d, at..at + 12, tag, Default::default()).expect("annotates");
        p.apply(e).expect("applies");
        let again = suggest_for(&p, d, &Sources::built_in());
        assert!(!again.iter().any(|s| s.tag == RHETORIC), "{again:?}");
    }
}
