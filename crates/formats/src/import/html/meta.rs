//! The article's metadata: JSON-LD (NewsArticle and kin), Open Graph and other meta tags, time datetime, the byline, the canonical link.

use super::*;

/// Metadata found in the page.
#[derive(Default, Debug)]
pub(super) struct Meta {
    pub(super) title: String,
    pub(super) source: String,
    pub(super) url: String,
    pub(super) published: String,
    pub(super) byline: String,
}

pub(super) fn first_nonempty(current: &mut String, value: &str) {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if current.is_empty() && !v.is_empty() {
        *current = decoded(&v);
    }
}

/// A value with the character references it still holds decoded: JSON-LD is script text,
/// which the HTML parser leaves as written ("Iran&#8217;s"), and some pages escape their meta
/// values twice (`content="Chelsea &amp;#163;71.6m"` reads as "&#163;71.6m"). Decoded by the
/// same HTML parser (html5ever), so every named reference the standard knows is read; once,
/// so that a value escaped three times keeps its last "&amp;". As text only: every `<` is
/// escaped first, so no tag, comment or nesting in the value is parsed (an attack put 85,000
/// nested `<div>`s in an `og:title`, past the page's guard, and the title lost everything
/// after a `<!--` or between `x<y` and `>`).
pub(super) fn decoded(v: &str) -> String {
    let has_reference = v.match_indices('&').any(|(k, _)| {
        let rest = &v[k + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
        !name.is_empty() && rest[name.len()..].starts_with(';')
    });
    if !has_reference {
        return v.to_owned();
    }
    Html::parse_fragment(&v.replace('<', "&lt;")).root_element().text().collect::<String>()
}

/// Names in a JSON-LD `author` or `publisher` value.
pub(super) fn names(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a.iter().flat_map(names).collect(),
        serde_json::Value::Object(o) => o.get("name").map(names).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The article objects of a JSON-LD value (`@graph`s and lists walked, not recursed into deeply).
pub(super) fn ld_articles(v: &serde_json::Value, out: &mut Vec<serde_json::Map<String, serde_json::Value>>) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Array(a) => stack.extend(a.iter()),
            serde_json::Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                let types: Vec<&str> = match o.get("@type") {
                    Some(serde_json::Value::String(s)) => vec![s.as_str()],
                    Some(serde_json::Value::Array(a)) => a.iter().filter_map(|x| x.as_str()).collect(),
                    _ => Vec::new(),
                };
                if types.iter().any(|t| t.ends_with("Article") || *t == "BlogPosting" || *t == "Report") {
                    out.push(o.clone());
                }
            }
            _ => {}
        }
    }
}

pub(super) fn metadata(doc: &Html) -> Meta {
    let mut m = Meta::default();
    let sel = |s: &str| scraper::Selector::parse(s).ok();
    // JSON-LD first: the publisher's own statement of what the page is.
    if let Some(s) = sel("script[type='application/ld+json']") {
        let mut articles = Vec::new();
        for el in doc.select(&s) {
            let raw: String = el.text().collect();
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(raw.trim()) {
                ld_articles(&v, &mut articles);
            }
        }
        for a in &articles {
            let s = |k: &str| a.get(k).and_then(|v| v.as_str()).unwrap_or_default();
            first_nonempty(&mut m.title, s("headline"));
            first_nonempty(&mut m.published, s("datePublished"));
            first_nonempty(&mut m.byline, &a.get("author").map(names).unwrap_or_default().join(", "));
            first_nonempty(&mut m.source, &a.get("publisher").map(names).unwrap_or_default().join(", "));
            first_nonempty(&mut m.url, s("url"));
        }
    }
    if let Some(s) = sel("meta") {
        for el in doc.select(&s) {
            let e = el.value();
            let key = [attr(e, "property"), attr(e, "name"), attr(e, "itemprop")]
                .into_iter()
                .find(|k| !k.is_empty())
                .unwrap_or_default()
                .to_ascii_lowercase();
            let content = attr(e, "content");
            match key.as_str() {
                "og:title" | "twitter:title" | "dc.title" | "headline" => first_nonempty(&mut m.title, content),
                "og:site_name" | "application-name" | "publisher" | "dc.publisher" => {
                    first_nonempty(&mut m.source, content);
                }
                "article:published_time"
                | "article:published"
                | "article:publicationdate"
                | "article.published"
                | "og:article:published_time"
                | "datepublished"
                | "pubdate"
                | "publishdate"
                | "publish-date"
                | "publish_date"
                | "publication_date"
                | "date"
                | "dc.date"
                | "dc.date.issued"
                | "dcterms.date"
                | "dcterms.created"
                | "sailthru.date"
                | "parsely-pub-date"
                | "originalpublicationdate"
                | "cxenseparse:recs:publishtime" => first_nonempty(&mut m.published, content),
                "author" | "article:author" | "byl" | "dc.creator" | "parsely-author" | "sailthru.author"
                    if !content.starts_with("http") =>
                {
                    first_nonempty(&mut m.byline, content.trim_start_matches("By ").trim_start_matches("by "));
                }
                "og:url" => first_nonempty(&mut m.url, content),
                _ => {}
            }
        }
    }
    if let Some(s) = sel("link[rel='canonical']")
        && let Some(el) = doc.select(&s).next()
    {
        let href = attr(el.value(), "href");
        if href.starts_with("http") {
            m.url = href.to_owned();
        }
    }
    if m.published.is_empty()
        && let Some(s) = sel("time[datetime]")
        && let Some(el) = doc.select(&s).next()
    {
        first_nonempty(&mut m.published, attr(el.value(), "datetime"));
    }
    if m.byline.is_empty()
        && let Some(s) = sel("[rel='author'], [itemprop='author'], .byline, .author-name, .author")
        && let Some(el) = doc.select(&s).next()
    {
        let t: String = el.text().collect::<Vec<_>>().join(" ");
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.chars().count() < 120 {
            first_nonempty(&mut m.byline, t.trim_start_matches("By ").trim_start_matches("by "));
        }
    }
    if m.title.is_empty()
        && let Some(s) = sel("h1")
        && let Some(el) = doc.select(&s).next()
    {
        first_nonempty(&mut m.title, &el.text().collect::<String>());
    }
    if m.title.is_empty()
        && let Some(s) = sel("title")
        && let Some(el) = doc.select(&s).next()
    {
        first_nonempty(&mut m.title, &el.text().collect::<String>());
    }
    m
}

pub(super) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
