//! A small markup for writing span fixtures readably:
//! `"The US said it acted in [Allegation:self-defence]."` is the text
//! `"The US said it acted in self-defence."` with one Allegation span over `self-defence`.
//!
//! `\[`, `\]` and `\\` stand for the literal characters. Spans do not nest.

use std::ops::Range;

/// A span read from markup: char range into the plain text, and the tag name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkedSpan {
    pub range: Range<usize>,
    pub tag: String,
}

/// Why markup could not be read; `at` is a char offset into the markup.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what} at char {at} of the markup")]
pub struct MarkupError {
    pub at: usize,
    pub what: &'static str,
}

/// Splits markup into plain text and spans (char offsets into the plain text).
pub fn parse(markup: &str) -> Result<(String, Vec<MarkedSpan>), MarkupError> {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut spans = Vec::new();
    // (tag, start) of the span being read; `tag` is `None` while the tag name is read.
    let mut open: Option<(Option<String>, usize, String)> = None;
    let mut it = markup.chars().enumerate();
    while let Some((at, c)) = it.next() {
        let literal = if c == '\\' {
            match it.next() {
                Some((_, e @ ('[' | ']' | '\\'))) => Some(e),
                _ => {
                    return Err(MarkupError { at, what: "a backslash that escapes nothing" });
                }
            }
        } else {
            None
        };
        match (literal, c, &mut open) {
            (None, '[', None) => open = Some((None, chars, String::new())),
            (None, '[', Some(_)) => {
                return Err(MarkupError { at, what: "a span inside a span" });
            }
            (None, ':', Some((tag @ None, start, name))) => {
                *tag = Some(std::mem::take(name));
                *start = chars;
            }
            (None, ']', Some((Some(tag), start, _))) => {
                if *start == chars {
                    return Err(MarkupError { at, what: "an empty span" });
                }
                spans.push(MarkedSpan { range: *start..chars, tag: std::mem::take(tag) });
                open = None;
            }
            (None, ']', _) => {
                return Err(MarkupError { at, what: "a “]” with no “[Tag:” before it" });
            }
            (_, _, Some((None, _, name))) => name.push(literal.unwrap_or(c)),
            (l, _, _) => {
                text.push(l.unwrap_or(c));
                chars += 1;
            }
        }
    }
    if open.is_some() {
        return Err(MarkupError { at: markup.chars().count(), what: "a span that is never closed" });
    }
    Ok((text, spans))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_spans_with_char_offsets() {
        let (text, spans) = parse("“[Allegation:self-defence]” said 🙂 [Fact:Pompeo]").unwrap_or_default();
        assert_eq!(text, "“self-defence” said 🙂 Pompeo");
        assert_eq!(spans[0], MarkedSpan { range: 1..13, tag: "Allegation".into() });
        assert_eq!(spans[1], MarkedSpan { range: 22..28, tag: "Fact".into() });
    }

    #[test]
    fn escapes_and_errors() {
        assert_eq!(parse(r"a \[b\] c").map(|r| r.0), Ok("a [b] c".to_owned()));
        assert!(parse("[Fact:a").is_err());
        assert!(parse("a]").is_err());
        assert!(parse("[Fact:]").is_err());
        assert!(parse("[Fact:[Rhetoric:x]]").is_err());
        assert!(parse(r"\x").is_err());
    }
}
