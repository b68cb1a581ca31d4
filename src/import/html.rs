//! HTML articles: the readable text of the page. Scripts, styles, navigation, headers, footers,
//! forms and asides are dropped; where the page marks its story with `<article>` (or `<main>`)
//! only that is kept. Block elements become paragraphs. Title, outlet, date and address come
//! from the page's metadata (Open Graph, `<time>`, `<title>`, canonical link) when present.

use super::Article;
use super::text::title_from;

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form", "button", "iframe",
    "select", "head", "figure",
];

/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
    "main",
    "pre",
    "ul",
    "ol",
    "table",
    "hr",
    "dd",
    "dt",
    "figcaption",
];

/// One piece of a page.
#[derive(Debug, PartialEq)]
enum Token {
    Open { name: String, attrs: Vec<(String, String)> },
    Close(String),
    Text(String),
}

fn tokens(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut rest = src;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
            continue;
        }
        if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            let Some(end) = tag_end(rest) else {
                out.push(Token::Text(rest.to_owned()));
                break;
            };
            let inner = &rest[1..end];
            rest = &rest[end + 1..];
            if let Some(name) = inner.strip_prefix('/') {
                out.push(Token::Close(name.trim().to_ascii_lowercase()));
                continue;
            }
            let inner = inner.trim_end_matches('/');
            let name_len = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
            let name = inner[..name_len].to_ascii_lowercase();
            let attrs = attributes(&inner[name_len..]);
            // Raw text elements: their content is not markup.
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                let end = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
                rest = &rest[end..];
                rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
                continue;
            }
            out.push(Token::Open { name, attrs });
            continue;
        }
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let end = rest[first..].find('<').map_or(rest.len(), |i| i + first);
        out.push(Token::Text(rest[..end].to_owned()));
        rest = &rest[end..];
    }
    out
}

/// Index of the `>` that ends the tag at the start of `s`, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect::<String>().to_ascii_lowercase();
        if name.is_empty() {
            i += 1;
            continue;
        }
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if chars.get(i) == Some(&'=') {
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if let Some(&q) = chars.get(i).filter(|c| **c == '"' || **c == '\'') {
                i += 1;
                let vs = i;
                while i < chars.len() && chars[i] != q {
                    i += 1;
                }
                value = chars[vs..i].iter().collect();
                i += 1;
            } else {
                let vs = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                value = chars[vs..i].iter().collect();
            }
        }
        out.push((name, entities(&value)));
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// Character references decoded (named ones for the characters news text uses).
pub fn entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse().ok().and_then(char::from_u32)
            } else {
                named(name)
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "deg" => '°',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "shy" => '\u{ad}',
        _ => return None,
    })
}

/// A page to an article.
pub fn convert(src: &str) -> Article {
    let toks = tokens(src);
    let mut article = Article::default();
    let mut page_title = String::new();
    let mut h1 = String::new();
    // Metadata.
    let mut in_title = false;
    for t in &toks {
        match t {
            Token::Open { name, attrs } if name == "meta" => {
                let key =
                    attr(attrs, "property").or_else(|| attr(attrs, "name")).unwrap_or_default().to_ascii_lowercase();
                let content = attr(attrs, "content").unwrap_or_default().trim().to_owned();
                match key.as_str() {
                    "og:title" | "twitter:title" if article.title.is_empty() => article.title = content,
                    "og:site_name" | "publisher" if article.source.is_empty() => article.source = content,
                    "article:published_time" | "date" | "pubdate" | "dc.date" if article.published.is_empty() => {
                        article.published = content;
                    }
                    "og:url" if article.url.is_empty() => article.url = content,
                    _ => {}
                }
            }
            Token::Open { name, attrs } if name == "link" && attr(attrs, "rel") == Some("canonical") => {
                if let Some(h) = attr(attrs, "href") {
                    article.url = h.to_owned();
                }
            }
            Token::Open { name, attrs } if name == "time" && article.published.is_empty() => {
                if let Some(d) = attr(attrs, "datetime") {
                    article.published = d.to_owned();
                }
            }
            Token::Open { name, .. } if name == "title" => in_title = true,
            Token::Close(name) if name == "title" => in_title = false,
            Token::Text(s) if in_title => page_title.push_str(&entities(s)),
            _ => {}
        }
    }
    // The story: inside <article>, else <main>, else the body.
    let scope = ["article", "main", "body"]
        .into_iter()
        .find(|want| toks.iter().any(|t| matches!(t, Token::Open { name, .. } if name == want)));
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut skip_depth = 0usize;
    let mut inside = scope.is_none();
    let mut scope_depth = 0usize;
    let mut pre = 0usize;
    let mut in_h1 = false;
    // Later <article>s are often teasers; the first one is the story.
    let mut finished = false;
    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        let p = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !p.is_empty() {
            paragraphs.push(p);
        }
        current.clear();
    };
    for t in &toks {
        match t {
            Token::Open { name, .. } => {
                if Some(name.as_str()) == scope && !finished {
                    inside = true;
                    scope_depth += 1;
                }
                if SKIPPED.contains(&name.as_str()) && !is_void(name) {
                    skip_depth += 1;
                }
                if name == "pre" {
                    pre += 1;
                }
                if name == "h1" {
                    in_h1 = true;
                }
                if inside && skip_depth == 0 && BLOCKS.contains(&name.as_str()) {
                    flush(&mut current, &mut paragraphs);
                }
            }
            Token::Close(name) => {
                if inside && skip_depth == 0 && BLOCKS.contains(&name.as_str()) {
                    flush(&mut current, &mut paragraphs);
                }
                if SKIPPED.contains(&name.as_str()) {
                    skip_depth = skip_depth.saturating_sub(1);
                }
                if name == "pre" {
                    pre = pre.saturating_sub(1);
                }
                if name == "h1" {
                    in_h1 = false;
                }
                if Some(name.as_str()) == scope && inside {
                    scope_depth = scope_depth.saturating_sub(1);
                    if scope_depth == 0 && scope != Some("body") {
                        flush(&mut current, &mut paragraphs);
                        inside = false;
                        finished = true;
                    }
                }
            }
            Token::Text(s) if inside && skip_depth == 0 => {
                let text = entities(s);
                if in_h1 && h1.is_empty() {
                    h1 = text.split_whitespace().collect::<Vec<_>>().join(" ");
                }
                if pre > 0 {
                    for (k, line) in text.split('\n').enumerate() {
                        if k > 0 {
                            flush(&mut current, &mut paragraphs);
                        }
                        current.push_str(line);
                    }
                } else {
                    current.push_str(&text);
                    current.push(' ');
                }
            }
            Token::Text(_) => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    article.text = paragraphs.join("\n\n");
    if article.title.is_empty() {
        article.title = if !h1.is_empty() {
            h1
        } else if !page_title.trim().is_empty() {
            page_title.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            title_from(&article.text)
        };
    }
    article.title = article.title.replace('\u{a0}', " ");
    article
}

fn is_void(name: &str) -> bool {
    matches!(name, "br" | "hr" | "img" | "meta" | "link" | "input")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Pentagon confirms | The Independent</title>
<meta property="og:title" content="Qassem Soleimani: Pentagon confirms US has killed leader of Iran&#8217;s Quds Force">
<meta property="og:site_name" content="The Independent"><link rel="canonical" href="https://example.org/a">
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><header>Support us</header>
<article><h1>Pentagon confirms</h1><time datetime="2020-01-02T22:55:00Z">2 January</time>
<p>The Pentagon has <b>confirmed</b> it killed Qassem Soleimani, Iran&rsquo;s most powerful
general.</p><!-- ad --><aside>Read more</aside><p>&ldquo;Decisive defensive action,&rdquo; it said &mdash; a&nbsp;statement.<br>Second line</p>
<form><button>Subscribe</button></form></article><article><p>Another story teaser</p></article>
<footer>© 2020</footer></body></html>"#;

    #[test]
    fn readable_text_and_metadata() {
        let a = convert(PAGE);
        assert_eq!(a.title, "Qassem Soleimani: Pentagon confirms US has killed leader of Iran’s Quds Force");
        assert_eq!(a.source, "The Independent");
        assert_eq!(a.published, "2020-01-02T22:55:00Z");
        assert_eq!(a.url, "https://example.org/a");
        assert_eq!(
            a.text,
            "Pentagon confirms\n\n2 January\n\nThe Pentagon has confirmed it killed Qassem Soleimani, Iran’s most powerful general.\n\n“Decisive defensive action,” it said — a statement.\n\nSecond line"
        );
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_input_converts_without_panicking(s in proptest::collection::vec(proptest::sample::select(vec!["<", "</", "<!--", "-->", ">", "p", "article", "script", "&", "&#", "x41", ";", "amp", "é", "“", "🙂", "\"", "'", "=", " ", "\n", "meta property=og:title content="]), 0..40).prop_map(|v| v.concat())) {
            let _ = convert(&s);
            let _ = entities(&s);
        }
    }

    #[test]
    fn pages_without_article_use_the_body() {
        let a = convert("<html><body><h1>Head</h1><p>One &amp; two</p><p>Bad &bogus; entity</p></body></html>");
        assert_eq!(a.title, "Head");
        assert_eq!(a.text, "Head\n\nOne & two\n\nBad &bogus; entity");
    }
}
