//! Turning what a hand selected into what an analyst meant: word snapping and trimming, all in
//! char offsets.

use std::ops::Range;

use super::text::Text;

/// True for chars that belong to a word (letters, digits, combining marks and joiners, and the
/// apostrophes and hyphens inside words such as “Iran’s” or “self-defence”).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c) || matches!(c, '_' | '\u{200D}' | '\u{FE0F}')
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{610}'..='\u{61A}' | '\u{64B}'..='\u{65F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

/// Inner punctuation that joins word parts when letters stand on both sides.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '‑' | '.')
}

/// Chars trimmed from the ends of a selection: spaces and punctuation, but not quote marks or
/// brackets, which an analyst often means to keep (“self-defence”).
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '-' | '–' | '—' | '…' | '/' | '·')
}

fn word_at_chars(chars: &[char], i: usize) -> bool {
    let Some(&c) = chars.get(i) else { return false };
    if is_word_char(c) {
        return true;
    }
    // A currency sign before a number is the number's ("$14 million" had been tagged "14
    // million", its dollar dropped by the snap).
    if matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₽') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
        return true;
    }
    is_joiner(c)
        && i > 0
        && chars.get(i - 1).is_some_and(|&p| is_word_char(p))
        && chars.get(i + 1).is_some_and(|&n| is_word_char(n))
}

/// The word around char offset `c` (empty at a space or punctuation).
pub fn word_at(text: &Text, c: usize) -> Range<usize> {
    let lo = c.saturating_sub(200);
    let hi = (c + 200).min(text.len_chars());
    let chars: Vec<char> = text.slice(lo..hi).chars().collect();
    let i = c - lo;
    if !word_at_chars(&chars, i) {
        // A click just after a word's last char still means that word.
        if i > 0 && word_at_chars(&chars, i - 1) {
            return word_at(text, c - 1);
        }
        return c..c;
    }
    let mut s = i;
    while s > 0 && word_at_chars(&chars, s - 1) {
        s -= 1;
    }
    let mut e = i;
    while word_at_chars(&chars, e) {
        e += 1;
    }
    lo + s..lo + e
}

/// Widens `r` to whole words at both ends, then trims spaces and punctuation from them.
pub fn snap_to_words(text: &Text, r: Range<usize>) -> Range<usize> {
    let r = r.start.min(r.end)..r.end.max(r.start);
    if r.is_empty() {
        return r;
    }
    let mut start = r.start;
    let w = word_at(text, r.start);
    if !w.is_empty() && w.start < r.start && w.end > r.start {
        start = w.start;
    }
    let mut end = r.end;
    if r.end > 0 {
        let w = word_at(text, r.end - 1);
        if !w.is_empty() && w.end > r.end && w.start < r.end {
            end = w.end;
        }
    }
    trim(text, start..end)
}

/// `r` without spaces and punctuation at its ends (quote marks and brackets stay).
pub fn trim(text: &Text, r: Range<usize>) -> Range<usize> {
    let s: Vec<char> = text.slice(r.clone()).chars().collect();
    let lead = s.iter().take_while(|&&c| is_trimmed(c)).count();
    if lead == s.len() {
        return r.start..r.start;
    }
    let trail = s.iter().rev().take_while(|&&c| is_trimmed(c)).count();
    r.start + lead..r.end - trail
}

/// Char offset of the start of the next word after `c` (for Ctrl+→).
pub fn next_word_start(text: &Text, c: usize) -> usize {
    let len = text.len_chars();
    let chars: Vec<char> = text.slice(c..(c + 400).min(len)).chars().collect();
    let mut i = 0;
    while i < chars.len() && word_at_chars(&chars, i) {
        i += 1;
    }
    while i < chars.len() && !word_at_chars(&chars, i) {
        i += 1;
    }
    (c + i).min(len)
}

/// Char offset of the start of the word before `c` (for Ctrl+←).
pub fn previous_word_start(text: &Text, c: usize) -> usize {
    let lo = c.saturating_sub(400);
    let chars: Vec<char> = text.slice(lo..c).chars().collect();
    let mut i = chars.len();
    while i > 0 && !word_at_chars(&chars, i - 1) {
        i -= 1;
    }
    while i > 0 && word_at_chars(&chars, i - 1) {
        i -= 1;
    }
    lo + i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> Text {
        Text::new(s)
    }

    #[test]
    fn a_currency_sign_before_a_number_is_kept() {
        let text = Text::new("Tolls of $14 million a day, and € 5 more.");
        let at = |s: &str| text.as_str().find(s).map(|b| text.as_str()[..b].chars().count()).expect("there");
        let r = snap_to_words(&text, at("14")..at(" a day"));
        assert_eq!(text.slice(r), "$14 million");
        // Apart from its number, it is punctuation as before.
        let r = snap_to_words(&text, at("€")..at(" more"));
        assert_eq!(text.slice(r), "€ 5");
    }

    #[test]
    fn snaps_to_whole_words_and_trims() {
        let text = t("The US said it acted in “self-defence”, citing Article 51.");
        let pos = |s: &str| text.find_all(s)[0];
        // A drag from inside “acted” to inside “citing”.
        let r = snap_to_words(&text, pos("cted")..pos("ting"));
        assert_eq!(text.slice(r), "acted in “self-defence”, citing");
        // Surrounding spaces and the trailing comma go; the quote marks stay.
        let r = snap_to_words(&text, pos(" “self")..pos(", citing") + 2);
        assert_eq!(text.slice(r), "“self-defence”");
        // Only spaces: nothing.
        assert!(snap_to_words(&text, 3..4).is_empty());
    }

    #[test]
    fn words_include_inner_apostrophes_and_hyphens() {
        let text = t("Iran’s envoy — self-defence, 51.");
        assert_eq!(text.slice(word_at(&text, 2)), "Iran’s");
        let at = text.find_all("defence")[0];
        assert_eq!(text.slice(word_at(&text, at)), "self-defence");
        assert_eq!(word_at(&text, text.find_all("—")[0]), 13..13);
        assert_eq!(text.slice(word_at(&text, 6)), "Iran’s", "just after a word");
    }

    #[test]
    fn combining_marks_and_arabic_are_word_chars() {
        let text = t("Ame\u{301}lie قال المتحدث");
        assert_eq!(text.slice(word_at(&text, 1)), "Ame\u{301}lie");
        assert_eq!(text.slice(word_at(&text, 8)), "قال");
    }

    #[test]
    fn word_jumps() {
        let text = t("one, two  three");
        assert_eq!(next_word_start(&text, 0), 5);
        assert_eq!(next_word_start(&text, 5), 10);
        assert_eq!(next_word_start(&text, 10), 15);
        assert_eq!(previous_word_start(&text, 15), 10);
        assert_eq!(previous_word_start(&text, 10), 5);
        assert_eq!(previous_word_start(&text, 2), 0);
    }

    proptest! {
        #[test]
        fn snapping_stays_in_range_and_never_grows_past_words(s in "\\PC{0,80}", a in 0usize..90, b in 0usize..90) {
            let text = Text::new(s);
            let n = text.len_chars();
            let r = snap_to_words(&text, a.min(n)..b.min(n));
            prop_assert!(r.start <= r.end && r.end <= n);
            if !r.is_empty() {
                let inner = text.slice(r.clone());
                prop_assert!(!inner.starts_with(char::is_whitespace) && !inner.ends_with(char::is_whitespace));
            }
        }
    }
}
