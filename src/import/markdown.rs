//! Markdown articles: markup removed, paragraphs kept. Lines of one paragraph are joined (a hard
//! wrap is not a paragraph break); headings, list items and quotes become paragraphs of their
//! own. A YAML front matter block gives title, outlet and date when it has them.

use std::path::Path;

use super::text::title_from;
use super::{Article, ImportError};

pub fn read(path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
    super::read_converted(path, title, convert)
}

pub fn from_bytes(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
    super::from_bytes_converted(bytes, path, title, convert)
}

/// Markdown to an article: plain text, with title and metadata where found.
pub fn convert(src: &str) -> Article {
    let mut article = Article::default();
    let mut lines: Vec<&str> = src.lines().collect();
    // Front matter.
    if lines.first().is_some_and(|l| l.trim() == "---")
        && let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---" || l.trim() == "...")
    {
        for l in &lines[1..=end] {
            if let Some((k, v)) = l.split_once(':') {
                let v = v.trim().trim_matches(|c| c == '"' || c == '\'').to_owned();
                match k.trim().to_lowercase().as_str() {
                    "title" => article.title = v,
                    "source" | "outlet" | "publisher" | "site" => article.source = v,
                    "date" | "published" => article.published = v,
                    "url" | "link" | "canonical" => article.url = v,
                    _ => {}
                }
            }
        }
        lines.drain(..=end + 1);
    }
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut in_fence = false;
    let flush = |current: &mut Vec<String>, paragraphs: &mut Vec<String>| {
        if !current.is_empty() {
            paragraphs.push(current.join(" "));
            current.clear();
        }
    };
    for raw in lines {
        let line = raw.trim_end();
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut current, &mut paragraphs);
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            paragraphs.push(line.to_owned());
            continue;
        }
        if t.is_empty() {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        // Link reference definitions and rules carry no text.
        if is_rule(t) || (t.starts_with('[') && t.contains("]:")) {
            flush(&mut current, &mut paragraphs);
            continue;
        }
        let (block, body) = block_marker(t);
        if block {
            flush(&mut current, &mut paragraphs);
            let text = inline(body);
            if t.starts_with('#') && article.title.is_empty() {
                article.title = text.clone();
            }
            if !text.is_empty() {
                paragraphs.push(text);
            }
            continue;
        }
        // Setext headings underline the previous line.
        if (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-')) && !current.is_empty() {
            if article.title.is_empty() {
                article.title = current.join(" ");
            }
            flush(&mut current, &mut paragraphs);
            continue;
        }
        current.push(inline(t));
    }
    flush(&mut current, &mut paragraphs);
    article.text = paragraphs.join("\n\n");
    if article.title.is_empty() {
        article.title = title_from(&article.text);
    }
    article
}

fn is_rule(t: &str) -> bool {
    let chars: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3
        && (chars.iter().all(|&c| c == '-') || chars.iter().all(|&c| c == '*') || chars.iter().all(|&c| c == '_'))
}

/// Headings, list items and block quotes: their text, and whether the line was one.
fn block_marker(t: &str) -> (bool, &str) {
    if let Some(rest) = t.strip_prefix('#') {
        return (true, rest.trim_start_matches('#').trim().trim_end_matches('#').trim());
    }
    if let Some(rest) = t.strip_prefix("> ").or_else(|| t.strip_prefix('>')) {
        return (true, rest.trim());
    }
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return (true, rest.trim());
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return (true, r.trim());
        }
    }
    (false, t)
}

/// Inline markup removed: emphasis, code, links, images, HTML tags, escapes.
fn inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            // A link keeps its text, an image its alt text.
            '[' | '!' if c == '[' || chars.get(i + 1) == Some(&'[') => {
                let open = if c == '!' { i + 1 } else { i };
                match link_end(&chars, open) {
                    Some((text, end)) => {
                        out.push_str(&inline(&text));
                        i = end;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '<' => {
                // An autolink keeps its address; an HTML tag goes.
                match chars[i..].iter().position(|&x| x == '>') {
                    Some(len) => {
                        let inner: String = chars[i + 1..i + len].iter().collect();
                        if inner.starts_with("http://") || inner.starts_with("https://") || inner.contains('@') {
                            out.push_str(&inner);
                        }
                        i += len + 1;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '`' => i += 1,
            '*' | '_' => {
                // Emphasis markers touch a word on one side; an underscore inside a word stays.
                let prev = i.checked_sub(1).and_then(|k| chars.get(k)).copied();
                let next = chars.get(i + 1).copied();
                let inside_word =
                    c == '_' && prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
                let lone = prev.is_none_or(char::is_whitespace) && next.is_none_or(char::is_whitespace);
                if inside_word || lone {
                    out.push(c);
                }
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For `[text](url)` or `[text][ref]` starting at `open`: the text and the index after the link.
fn link_end(chars: &[char], open: usize) -> Option<(String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (k, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let text: String = chars[open + 1..close].iter().collect();
    match chars.get(close + 1) {
        Some('(') => {
            let end = chars[close + 1..].iter().position(|&c| c == ')')? + close + 1;
            Some((text, end + 1))
        }
        Some('[') => {
            let end = chars[close + 1..].iter().position(|&c| c == ']')? + close + 1;
            Some((text, end + 1))
        }
        _ => Some((text, close + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_paragraphs_stay() {
        let md = "---\ntitle: \"US letter to the UN\"\nsource: Reuters\ndate: 2020-01-08\n---\n\n# The **US** letter\n\nThe United States told the *United Nations* that the\nkilling was [self-defence](https://example.org \"x\").\n\n> “We are ready,” she wrote.\n\n- first_point\n- `code` and ![photo](a.png)\n\n---\n\n[ref]: https://example.org\n";
        let a = convert(md);
        assert_eq!(a.title, "US letter to the UN");
        assert_eq!(a.source, "Reuters");
        assert_eq!(a.published, "2020-01-08");
        assert_eq!(
            a.text,
            "The US letter\n\nThe United States told the United Nations that the killing was self-defence.\n\n“We are ready,” she wrote.\n\nfirst_point\n\ncode and photo"
        );
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_input_converts_without_panicking(s in proptest::collection::vec(proptest::sample::select(vec!["#", ">", "*", "_", "`", "!", "[", "]", "(", ")", "<", ">", "=", "-", "ab", "é", "“", "🙂", " ", "\n", "---\n", "1. ", "\\"]), 0..40).prop_map(|v| v.concat())) {
            let _ = convert(&s);
        }
    }

    #[test]
    fn title_from_heading_when_no_front_matter() {
        let a = convert("Qassem Soleimani: killed\n=====\n\nBody text, 2 * 3 = 6.");
        assert_eq!(a.title, "Qassem Soleimani: killed");
        assert_eq!(a.text, "Qassem Soleimani: killed\n\nBody text, 2 * 3 = 6.");
    }
}
