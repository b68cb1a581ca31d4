//! Web pages: the story, not the page. The HTML is parsed by html5ever (through `scraper`), the
//! way browsers parse it; the story is then found the way readability extractors find it:
//! paragraphs are scored by their length and commas, the scores rise to their containers, and the
//! container with the most prose (and the fewest links) is the story. Navigation, share bars,
//! galleries, captions, adverts, teasers, cookie notices, comments and scripts stay out; inline
//! elements never split words; paragraphs, headings, quotes and list items stay paragraphs.
//!
//! Metadata comes from JSON-LD (`NewsArticle` and kin), Open Graph and other `<meta>` tags,
//! `<time datetime>`, the byline and the canonical link.
//!
//! Everything here is linear in the page's size. html5ever itself is not on some pathological
//! inputs (tens of thousands of nested elements, thousands of attributes on one element), so a
//! linear pre-scan ([`guard`]) refuses such pages before parsing.

use std::collections::HashMap;

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::Article;

/// Deepest nesting of elements a page may have (real pages stay under 100).
pub const MAX_DEPTH: usize = 512;
/// Most attributes one element may have (real elements have a few dozen at most).
pub const MAX_ATTRIBUTES: usize = 512;

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "nav",
    "footer",
    "aside",
    "button",
    "iframe",
    "select",
    "textarea",
    "head",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "canvas",
    "object",
    "embed",
    "dialog",
    "menu",
    "input",
    "label",
    "fieldset",
];

/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "body",
    "html",
    "br",
];

/// Class or id words of page furniture (Mozilla Readability's list, with news sites' additions).
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ad-break",
    "adslot",
    "advert",
    "agegate",
    "ai2html",
    "banner",
    "breadcrumb",
    "byline",
    "caption",
    "combx",
    "comment",
    "community",
    "consent",
    "cookie",
    "cover-wrap",
    "credit",
    "disqus",
    "dateline",
    "extra",
    "footer",
    "gallery",
    "gdpr",
    "header",
    "hidden",
    "inline-image",
    "legends",
    "menu",
    "meta",
    "modal",
    "more-stories",
    "most-popular",
    "most-read",
    "newsletter",
    "outbrain",
    "pager",
    "pagination",
    "paywall",
    "popup",
    "promo",
    "read-more",
    "readmore",
    "recirc",
    "recommend",
    "related",
    "remark",
    "replies",
    "rss",
    "share",
    "sharing",
    "shoutbox",
    "sidebar",
    "signup",
    "skyscraper",
    "social",
    "sponsor",
    "subscribe",
    "supplemental",
    "taboola",
    "tags",
    "teaser",
    "toolbar",
    "tooltip",
    "topics",
    "trending",
    "widget",
    "yom-remote",
];

/// Class or id words that keep an element even when it also matches [`UNLIKELY`].
const LIKELY: &[&str] = &["article", "body", "column", "content", "entry", "main", "post", "story", "text", "shadow"];

/// Class or id words that raise or lower a container's score (Readability's class weight).
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
];

/// Lines that are page furniture wherever they stand.
const FURNITURE: &[&str] = &[
    "advertisement",
    "advertising",
    "ad",
    "share",
    "share this article",
    "share this",
    "share on facebook",
    "share on twitter",
    "read more",
    "read more:",
    "related",
    "related articles",
    "related stories",
    "more on this story",
    "sign up",
    "subscribe",
    "newsletter",
    "image",
    "photo",
    "video",
    "getty images",
    "comments",
    "skip to content",
    "skip to main content",
    "story continues below advertisement",
    "continue reading below",
    "article continues below",
    "scroll to continue with content",
    "listen to this article",
    "copy link",
    "print",
    "email",
];

/// Headings of boxes of other stories, in the languages of the news most read.
const RELATED_HEADINGS: &[&str] = &[
    "you may also like",
    "you might also like",
    "you may like",
    "related",
    "related articles",
    "related stories",
    "related posts",
    "recommended",
    "more stories",
    "more from",
    "read more",
    "read next",
    "most read",
    "most popular",
    "você pode gostar",
    "leia também",
    "veja também",
    "te puede interesar",
    "también te puede interesar",
    "lee también",
    "más noticias",
    "noticias relacionadas",
    "lesen sie auch",
    "das könnte sie auch interessieren",
    "mehr zum thema",
    "vous aimerez aussi",
    "à lire aussi",
    "lire aussi",
    "sur le même sujet",
    "leggi anche",
    "potrebbe interessarti",
    "ti potrebbe interessare",
    "lees ook",
    "czytaj też",
    "читайте также",
    "関連記事",
    "相关文章",
    "推荐阅读",
];

/// True when `e` starts with a heading that announces other stories ("You may also like…"):
/// the box is a list of teasers, however much text it holds.
fn is_related_box(e: NodeRef<'_, Node>) -> bool {
    let Some(first) = e.children().find(|c| c.value().is_element()) else { return false };
    let Some(h) = first.value().as_element() else { return false };
    let heading = matches!(h.name(), "h2" | "h3" | "h4" | "h5" | "h6") || class_id(h).contains("title");
    if !heading {
        return false;
    }
    let text: String = first.descendants().filter_map(|n| n.value().as_text().map(|t| t.to_string())).take(8).collect();
    if text.chars().count() > 60 {
        return false;
    }
    let t = text.trim().trim_end_matches(['.', '…', ':', '!', '?']).trim().to_lowercase();
    RELATED_HEADINGS.iter().any(|r| t == *r || (t.starts_with(r) && t.len() < r.len() + 12))
}

/// Refuses a page that would make the HTML parser work more than linearly: nesting deeper than
/// [`MAX_DEPTH`] (elements that close themselves, such as `<p>` and `<li>`, aside) or an element
/// with more than [`MAX_ATTRIBUTES`] attributes. One pass over the bytes.
pub fn guard(src: &str) -> Result<(), String> {
    let b = src.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut depth: usize = 0;
    while i < n {
        let Some(off) = memchr(b'<', &b[i..]) else { break };
        i += off + 1;
        if i >= n {
            break;
        }
        if b[i..].starts_with(b"!--") {
            i = src[i + 3..].find("-->").map_or(n, |k| i + 3 + k + 3);
            continue;
        }
        let closing = b[i] == b'/';
        if closing {
            i += 1;
        }
        let start = i;
        while i < n && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == start {
            continue;
        }
        let name = src[start..i].to_ascii_lowercase();
        // Attributes, up to the end of the tag (quotes may hold `>`).
        let mut attributes = 0;
        let mut quote = 0u8;
        let mut in_name = false;
        while i < n {
            let c = b[i];
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if c == b'"' || c == b'\'' {
                quote = c;
            } else if c == b'>' {
                break;
            } else if c.is_ascii_whitespace() || c == b'/' {
                in_name = false;
            } else if c != b'=' && !in_name {
                in_name = true;
                attributes += 1;
            }
            i += 1;
        }
        if attributes > MAX_ATTRIBUTES {
            return Err(format!("an element has {attributes} attributes (at most {MAX_ATTRIBUTES} are read)"));
        }
        if self_closing(&name) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(format!("elements are nested more than {MAX_DEPTH} deep"));
            }
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title" | "xmp") {
                // Raw text: no tags until the closing one.
                let close = format!("</{name}");
                let rest = &src[i.min(n)..];
                i = find_ascii_ci(rest, &close).map_or(n, |k| i + k);
            }
        }
    }
    Ok(())
}

/// Elements that do not nest: void elements, and those html5ever closes by itself when the next
/// of their kind starts.
fn self_closing(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "rb"
            | "rt"
            | "rp"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
            | "image"
            | "frame"
            | "param"
            | "keygen"
    )
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

/// Case-insensitive search for an ASCII needle.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, nd) = (hay.as_bytes(), needle.as_bytes());
    if nd.is_empty() || h.len() < nd.len() {
        return None;
    }
    let first = nd[0].to_ascii_lowercase();
    let mut i = 0;
    while i + nd.len() <= h.len() {
        if h[i].to_ascii_lowercase() == first && h[i..i + nd.len()].eq_ignore_ascii_case(nd) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// One run of text between block boundaries.
#[derive(Debug)]
struct Block {
    text: String,
    /// The innermost block element holding the text.
    owner: ego_tree::NodeId,
    /// Its tag name.
    tag: String,
    /// Chars of the text inside links.
    link_chars: usize,
    /// Inside a heading.
    heading: bool,
}

impl Block {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    fn link_density(&self) -> f32 {
        let n = self.chars();
        if n == 0 { 0.0 } else { (self.link_chars as f32 / n as f32).min(1.0) }
    }
}

fn attr<'a>(e: &'a scraper::node::Element, name: &str) -> &'a str {
    e.attr(name).unwrap_or("")
}

/// The class and id of an element, lower case, for matching words.
fn class_id(e: &scraper::node::Element) -> String {
    format!("{} {}", attr(e, "class"), attr(e, "id")).to_lowercase()
}

fn has_any(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| hay.contains(w))
}

/// Elements left out with everything in them whatever they hold: scripts, navigation, forms,
/// figures and hidden elements.
fn is_skipped(e: &scraper::node::Element) -> bool {
    if SKIPPED.contains(&e.name()) {
        return true;
    }
    if e.attr("hidden").is_some() || attr(e, "aria-hidden") == "true" {
        return true;
    }
    let style = attr(e, "style").to_ascii_lowercase().replace(' ', "");
    if style.contains("display:none") || style.contains("visibility:hidden") {
        return true;
    }
    matches!(
        attr(e, "role"),
        "navigation" | "complementary" | "banner" | "contentinfo" | "dialog" | "alertdialog" | "menu" | "menubar"
    )
}

/// Elements whose class or id says they are furniture (share bars, related stories, adverts),
/// and forms (a search box or a sign-up; but ASP.NET pages wrap the whole page in one).
fn is_unlikely(e: &scraper::node::Element) -> bool {
    if e.name() == "form" {
        return true;
    }
    if matches!(e.name(), "body" | "html" | "article" | "main" | "table" | "tbody" | "tr" | "td" | "th" | "p" | "a") {
        return false;
    }
    let ci = class_id(e);
    !ci.trim().is_empty() && has_any(&ci, UNLIKELY) && !has_any(&ci, LIKELY)
}

/// Chars of text under each element, leaving out what [`is_skipped`] leaves out. One pass,
/// children before parents.
fn sizes(doc: &Html) -> HashMap<ego_tree::NodeId, usize> {
    let nodes: Vec<NodeRef<'_, Node>> = doc.tree.root().descendants().collect();
    let mut size: HashMap<ego_tree::NodeId, usize> = HashMap::with_capacity(nodes.len());
    for n in nodes.iter().rev() {
        let own = match n.value() {
            Node::Text(t) => t.trim().chars().count(),
            Node::Element(e) if is_skipped(e) => {
                size.insert(n.id(), 0);
                continue;
            }
            _ => size.get(&n.id()).copied().unwrap_or(0),
        };
        size.insert(n.id(), own);
        if let Some(p) = n.parent() {
            *size.entry(p.id()).or_insert(0) += own;
        }
    }
    size
}

/// Collects the blocks of text of the page, in reading order, leaving furniture out. Iterative:
/// deep pages cannot overflow the stack.
///
/// Elements that look like furniture by their class ([`is_unlikely`]) are left out only when
/// they hold a small share of the page's text: a wrapper called `page-ad-margins` around the
/// whole page is no advert.
fn blocks(doc: &Html, sizes: &HashMap<ego_tree::NodeId, usize>) -> Vec<Block> {
    let mut out = Vec::new();
    let root = doc.tree.root();
    let total = sizes.get(&root.id()).copied().unwrap_or(0);
    let small = |id: ego_tree::NodeId| sizes.get(&id).copied().unwrap_or(0) * 5 < total * 2;
    // (node, entering) pairs; a block element is visited again on leaving it.
    let mut stack: Vec<(NodeRef<'_, Node>, bool)> = vec![(root, true)];
    let mut owners: Vec<(ego_tree::NodeId, String)> = vec![(root.id(), "body".into())];
    let mut text = String::new();
    let mut link_chars = 0usize;
    let mut links = 0usize;
    let mut pre = 0usize;
    let mut headings = 0usize;
    let mut space = true;
    let flush = |text: &mut String,
                 link_chars: &mut usize,
                 owners: &[(ego_tree::NodeId, String)],
                 heading: bool,
                 out: &mut Vec<Block>| {
        let t = text.trim();
        if !t.is_empty()
            && let Some((owner, tag)) = owners.last()
        {
            out.push(Block { text: t.to_owned(), owner: *owner, tag: tag.clone(), link_chars: *link_chars, heading });
        }
        text.clear();
        *link_chars = 0;
    };
    while let Some((node, entering)) = stack.pop() {
        match node.value() {
            Node::Text(t) if entering => {
                let t: &str = t;
                let before = text.chars().count();
                if pre > 0 {
                    text.push_str(t);
                    space = t.ends_with(char::is_whitespace);
                } else {
                    for c in t.chars() {
                        if c.is_whitespace() && c != '\u{a0}' {
                            if !space {
                                text.push(' ');
                                space = true;
                            }
                        } else {
                            text.push(if c == '\u{ad}' { continue } else { c });
                            space = false;
                        }
                    }
                }
                if links > 0 {
                    link_chars += text.chars().count() - before;
                }
            }
            Node::Element(e) => {
                let name = e.name();
                let block = BLOCKS.contains(&name);
                if entering {
                    if is_skipped(e)
                        || (is_unlikely(e) && small(node.id()))
                        || (!matches!(name, "body" | "html" | "main") && is_related_box(node))
                    {
                        continue;
                    }
                    if name == "br" {
                        text.push('\n');
                        space = true;
                        continue;
                    }
                    if block {
                        flush(&mut text, &mut link_chars, &owners, headings > 0, &mut out);
                        space = true;
                        owners.push((node.id(), name.to_owned()));
                    }
                    match name {
                        "a" => links += 1,
                        "pre" => pre += 1,
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => headings += 1,
                        _ => {}
                    }
                    if name == "img" {
                        continue;
                    }
                    stack.push((node, false));
                    let children: Vec<_> = node.children().collect();
                    for c in children.into_iter().rev() {
                        stack.push((c, true));
                    }
                } else {
                    match name {
                        "a" => links = links.saturating_sub(1),
                        "pre" => pre = pre.saturating_sub(1),
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                            flush(&mut text, &mut link_chars, &owners, true, &mut out);
                            headings = headings.saturating_sub(1);
                        }
                        _ => {}
                    }
                    if block {
                        flush(&mut text, &mut link_chars, &owners, headings > 0, &mut out);
                        space = true;
                        owners.pop();
                    }
                }
            }
            Node::Document | Node::Fragment if entering => {
                let children: Vec<_> = node.children().collect();
                for c in children.into_iter().rev() {
                    stack.push((c, true));
                }
            }
            _ => {}
        }
    }
    flush(&mut text, &mut link_chars, &owners, false, &mut out);
    out
}

/// Readability's starting score of a container, by its tag and its class and id.
fn base_score(e: &scraper::node::Element) -> f32 {
    let tag = match e.name() {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" | "section" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let ci = class_id(e);
    let mut weight = 0.0;
    if has_any(&ci, NEGATIVE) {
        weight -= 25.0;
    }
    if has_any(&ci, POSITIVE) {
        weight += 25.0;
    }
    if attr(e, "itemprop").contains("articleBody") {
        weight += 50.0;
    }
    tag + weight
}

/// The story's blocks: the best-scoring container's, with the sibling containers that read like
/// more of the story.
fn story(doc: &Html, blocks: &[Block]) -> Vec<usize> {
    let tree = &doc.tree;
    let mut score: HashMap<ego_tree::NodeId, f32> = HashMap::new();
    // Text and link chars of every container's blocks (summed up its ancestors once).
    let mut chars: HashMap<ego_tree::NodeId, (usize, usize)> = HashMap::new();
    for b in blocks {
        let n = b.chars();
        let mut node = tree.get(b.owner);
        while let Some(x) = node {
            let e = chars.entry(x.id()).or_default();
            e.0 += n;
            e.1 += b.link_chars;
            node = x.parent();
        }
        if n < 25 || b.heading {
            continue;
        }
        let commas = b.text.matches([',', '，', '、', '،']).count() as f32;
        let content = 1.0 + commas + (n as f32 / 100.0).floor().min(3.0);
        // The block's owner is its paragraph; the score goes to its container and up.
        let para = tree.get(b.owner);
        let start = if matches!(b.tag.as_str(), "p" | "pre" | "li" | "blockquote" | "dd" | "h1" | "h2" | "h3") {
            para.and_then(|p| p.parent())
        } else {
            para
        };
        let mut node = start;
        for level in 0..5 {
            let Some(x) = node else { break };
            let Node::Element(e) = x.value() else { break };
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            *score.entry(x.id()).or_insert_with(|| base_score(e)) += content / divider;
            node = x.parent();
        }
    }
    let density =
        |id: ego_tree::NodeId| chars.get(&id).map_or(0.0, |&(t, l)| if t == 0 { 0.0 } else { l as f32 / t as f32 });
    let final_score = |id: ego_tree::NodeId| score.get(&id).copied().unwrap_or(0.0) * (1.0 - density(id));
    let Some(mut top) = score.keys().copied().max_by(|a, b| final_score(*a).total_cmp(&final_score(*b))) else {
        return (0..blocks.len()).filter(|&i| blocks[i].link_density() < 0.5).collect();
    };
    // Readability's correction: when several of the best candidates score close to the top one
    // and share an ancestor (a story split into one box per paragraph), that ancestor is the
    // story.
    let mut ranked: Vec<ego_tree::NodeId> = score.keys().copied().collect();
    ranked.sort_by(|a, b| final_score(*b).total_cmp(&final_score(*a)));
    let top_score = final_score(top);
    let close: Vec<ego_tree::NodeId> =
        ranked.iter().skip(1).take(5).copied().filter(|c| final_score(*c) >= top_score * 0.75).collect();
    if close.len() >= 3 {
        let ancestors_of = |id: ego_tree::NodeId| -> Vec<ego_tree::NodeId> {
            tree.get(id).map(|n| n.ancestors().map(|a| a.id()).collect()).unwrap_or_default()
        };
        let lists: Vec<Vec<ego_tree::NodeId>> = close.iter().map(|c| ancestors_of(*c)).collect();
        for a in ancestors_of(top) {
            if tree.get(a).is_some_and(|n| n.value().as_element().is_some_and(|e| e.name() == "body")) {
                break;
            }
            if lists.iter().filter(|l| l.contains(&a)).count() >= 3 {
                top = a;
                break;
            }
        }
    }
    // A parent that holds most of the same prose is the better container (several <div>s of
    // paragraphs side by side in one story).
    let top_score = final_score(top);
    let mut up = tree.get(top).and_then(|n| n.parent());
    for _ in 0..3 {
        let Some(p) = up else { break };
        let own = chars.get(&top).map_or(0, |c| c.0);
        let theirs = chars.get(&p.id()).map_or(0, |c| c.0);
        if final_score(p.id()) >= top_score * 0.75 && theirs <= own * 3 / 2 + 200 {
            top = p.id();
        }
        up = p.parent();
    }
    // Siblings that read like the story too.
    let threshold = (final_score(top) * 0.2).max(10.0);
    let mut kept: Vec<ego_tree::NodeId> = vec![top];
    if let Some(parent) = tree.get(top).and_then(|n| n.parent()) {
        for s in parent.children() {
            if s.id() == top {
                continue;
            }
            let Node::Element(e) = s.value() else { continue };
            if is_skipped(e) || is_unlikely(e) {
                continue;
            }
            let (t, _) = chars.get(&s.id()).copied().unwrap_or_default();
            let ok = final_score(s.id()) >= threshold
                || (e.name() == "p" && t > 80 && density(s.id()) < 0.25)
                || (e.name() == "p" && t > 0 && t <= 80 && density(s.id()) == 0.0 && t > 30);
            if ok {
                kept.push(s.id());
            }
        }
    }
    // A story cut in pieces by adverts or embeds: other containers of the same tag and class as
    // the story's, holding prose of their own.
    if let Some(t) = tree.get(top)
        && let Some(e) = t.value().as_element()
        && !attr(e, "class").trim().is_empty()
    {
        let (name, class) = (e.name(), attr(e, "class"));
        let floor = final_score(top) * 0.25;
        for n in tree.root().descendants() {
            if n.id() == top || kept.contains(&n.id()) {
                continue;
            }
            let Some(x) = n.value().as_element() else { continue };
            if x.name() == name && attr(x, "class") == class && final_score(n.id()) >= floor {
                let nested = n.ancestors().any(|a| a.id() == top) || t.ancestors().any(|a| a.id() == n.id());
                if !nested {
                    kept.push(n.id());
                }
            }
        }
    }
    let inside = |id: ego_tree::NodeId| {
        let mut node = tree.get(id);
        while let Some(x) = node {
            if kept.contains(&x.id()) {
                return true;
            }
            node = x.parent();
        }
        false
    };
    (0..blocks.len()).filter(|&i| inside(blocks[i].owner)).collect()
}

/// True for blocks that are furniture even inside the story.
fn is_furniture(b: &Block) -> bool {
    let t = b.text.trim().trim_end_matches([':', '.', '›', '»', '>']).trim().to_lowercase();
    if FURNITURE.contains(&t.as_str()) {
        return true;
    }
    let n = b.chars();
    // Lists of links (related stories, tags) and lone links ("Read the full report").
    if (b.link_density() > 0.5 && n < 200) || (b.link_density() > 0.8) {
        return true;
    }
    let words = b.text.split_whitespace().count();
    let trimmed = b.text.trim();
    // Labels of boxes ("TRENDING:", "You may also be interested in…").
    if !b.heading && words <= 6 && (trimmed.ends_with(':') || trimmed.ends_with('…') || trimmed.ends_with("...")) {
        return true;
    }
    // Bylines and datelines: a short line with a year or a clock time and no sentence in it.
    let sentence = trimmed.ends_with(['.', '!', '?', '"', '”', '»']);
    let dated = has_year_or_time(trimmed);
    if !b.heading && !sentence && words <= 14 && (dated || trimmed.starts_with("By ")) {
        return true;
    }
    trimmed.contains('©') && words <= 30
}

/// True when `s` holds a year (1900–2099) or a clock time (`9:41`).
fn has_year_or_time(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        let digits = |k: usize| b.get(i..i + k).is_some_and(|w| w.iter().all(u8::is_ascii_digit));
        let alone = |k: usize| !b.get(i + k).is_some_and(u8::is_ascii_digit) && (i == 0 || !b[i - 1].is_ascii_digit());
        (digits(4) && alone(4) && (b[i..i + 2] == *b"19" || b[i..i + 2] == *b"20"))
            || (digits(1)
                && b.get(i + 1) == Some(&b':')
                && b.get(i + 2..i + 4).is_some_and(|w| w.iter().all(u8::is_ascii_digit)))
    })
}

/// Metadata found in the page.
#[derive(Default, Debug)]
struct Meta {
    title: String,
    source: String,
    url: String,
    published: String,
    byline: String,
}

fn first_nonempty(current: &mut String, value: &str) {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if current.is_empty() && !v.is_empty() {
        *current = decoded(&v);
    }
}

/// A value with the character references it still holds decoded: JSON-LD is script text,
/// which the HTML parser leaves as written ("Iran&#8217;s"), and some pages escape their meta
/// values twice (`content="Chelsea &amp;#163;71.6m"` reads as "&#163;71.6m"). Decoded by the
/// same HTML parser (html5ever), so every named reference the standard knows is read; once,
/// so that a value escaped three times keeps its last "&amp;".
fn decoded(v: &str) -> String {
    let has_reference = v.match_indices('&').any(|(k, _)| {
        let rest = &v[k + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
        !name.is_empty() && rest[name.len()..].starts_with(';')
    });
    if !has_reference {
        return v.to_owned();
    }
    Html::parse_fragment(v).root_element().text().collect::<String>()
}

/// Names in a JSON-LD `author` or `publisher` value.
fn names(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a.iter().flat_map(names).collect(),
        serde_json::Value::Object(o) => o.get("name").map(names).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The article objects of a JSON-LD value (`@graph`s and lists walked, not recursed into deeply).
fn ld_articles(v: &serde_json::Value, out: &mut Vec<serde_json::Map<String, serde_json::Value>>) {
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

fn metadata(doc: &Html) -> Meta {
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

/// Prints how a page was read (each block, its container, whether it was kept) to standard
/// error: for tuning the extractor (`cargo run --example debug_page PAGE`).
#[doc(hidden)]
pub fn debug(src: &str) {
    let doc = Html::parse_document(src);
    let blocks = blocks(&doc, &sizes(&doc));
    let chosen = story(&doc, &blocks);
    for (i, b) in blocks.iter().enumerate() {
        let owner =
            doc.tree.get(b.owner).and_then(|n| n.value().as_element().map(|e| format!("{} {}", e.name(), class_id(e))));
        let mark = if !chosen.contains(&i) {
            ' '
        } else if is_furniture(b) {
            'f'
        } else {
            '*'
        };
        eprintln!(
            "{mark} [{}] links {:.2}: {}",
            owner.unwrap_or_default().trim(),
            b.link_density(),
            b.text.chars().take(80).collect::<String>()
        );
    }
}

/// The story's paragraphs (no headline), for measuring extraction alone.
pub fn body(src: &str) -> Result<Vec<String>, String> {
    guard(src)?;
    let doc = Html::parse_document(src);
    Ok(body_of(&doc))
}

fn body_of(doc: &Html) -> Vec<String> {
    let blocks = blocks(doc, &sizes(doc));
    let chosen = story(doc, &blocks);
    chosen.into_iter().map(|i| &blocks[i]).filter(|b| !is_furniture(b)).map(|b| b.text.clone()).collect()
}

/// A page to an article: the headline as the first paragraph (how an outlet frames a story
/// starts there), then the story. An error says why a page cannot be read.
pub fn convert(src: &str) -> Result<Article, String> {
    guard(src)?;
    let doc = Html::parse_document(src);
    let m = metadata(&doc);
    let mut paragraphs = body_of(&doc);
    let title = m.title.replace('\u{a0}', " ");
    if !title.is_empty() && paragraphs.first().is_none_or(|p| p.trim() != title) {
        paragraphs.insert(0, title.clone());
    }
    let published = match m.published.get(..10) {
        Some(d) if is_iso_date(d) => m.published.clone(),
        _ => m.published,
    };
    Ok(Article {
        title: if title.is_empty() { super::text::title_from(&paragraphs.join("\n")) } else { title },
        source: m.source,
        url: m.url,
        published,
        byline: m.byline,
        text: paragraphs.join("\n\n"),
        ..Article::default()
    })
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html><html><head><title>Pentagon confirms | The Independent</title>
<meta property="og:title" content="Qassem Soleimani: Pentagon confirms US has killed leader of Iran&#8217;s Quds Force">
<meta property="og:site_name" content="The Independent"><link rel="canonical" href="https://example.org/a">
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><header>Support us</header>
<article><h1>Pentagon confirms</h1><time datetime="2020-01-02T22:55:00Z">2 January</time>
<p>The Pentagon has <b>confirmed</b> it killed Qassem Soleimani, Iran&rsquo;s most powerful
general, on the orders of Donald Trump, in a drone strike at Baghdad airport.</p><!-- ad --><aside>Read more</aside><p>&ldquo;Decisive defensive action,&rdquo; it said &mdash; a&nbsp;statement, issued late at night, that named the general.<br>Second line</p>
<div class="share-bar"><a href="#">Share on Facebook</a></div>
<figure><img src="a.jpg"><figcaption>Soleimani in 2016. Getty</figcaption></figure>
<form><button>Subscribe</button></form></article><article><p>Another <a href="/x">story teaser</a></p></article>
<footer>© 2020</footer></body></html>"##;

    #[test]
    fn titles_escaped_twice_or_in_json_ld_are_decoded() {
        let page = r#"<html><head><meta property="og:title" content="Chelsea Activate &amp;#163;71.6m Release Clause">
<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"Ana O&#8217;Neil"}}</script></head>
<body><article><p>A club paid the release clause of a player in full on Tuesday, its statement said.</p>
<p>The fee was the largest the club has paid, and the player signed a five-year contract.</p></article></body></html>"#;
        let a = convert(page).expect("reads");
        assert_eq!(a.title, "Chelsea Activate £71.6m Release Clause");
        assert_eq!(a.byline, "Ana O’Neil");
        assert_eq!(decoded("Fish &amp;amp; chips"), "Fish &amp; chips", "decoded once");
    }

    #[test]
    fn readable_text_and_metadata() {
        let a = convert(PAGE).expect("reads");
        assert_eq!(a.title, "Qassem Soleimani: Pentagon confirms US has killed leader of Iran’s Quds Force");
        assert_eq!(a.source, "The Independent");
        assert_eq!(a.published, "2020-01-02T22:55:00Z");
        assert_eq!(a.url, "https://example.org/a");
        assert_eq!(
            a.text,
            "Qassem Soleimani: Pentagon confirms US has killed leader of Iran’s Quds Force\n\nPentagon confirms\n\n2 January\n\nThe Pentagon has confirmed it killed Qassem Soleimani, Iran’s most powerful general, on the orders of Donald Trump, in a drone strike at Baghdad airport.\n\n“Decisive defensive action,” it said — a\u{a0}statement, issued late at night, that named the general.\nSecond line"
        );
    }

    #[test]
    fn inline_elements_never_split_words() {
        let a = convert("<html><body><article><p><span class=dropcap>Z</span>imbabwe's 19<sup>th</sup> <i>long</i> story, with commas, and more words to make it prose.</p></article></body></html>").expect("reads");
        assert!(
            a.text.ends_with("Zimbabwe's 19th long story, with commas, and more words to make it prose."),
            "{}",
            a.text
        );
    }

    #[test]
    fn the_story_is_found_among_teasers_and_without_article_elements() {
        let teaser = "<article class=card><a href=/t><h3>Teaser headline</h3><p>Short teaser.</p></a></article>";
        let story =
            "<p>This is the first paragraph of the real story, long enough, with commas, clauses and facts.</p>"
                .repeat(6);
        let page = format!(
            "<html><body><div class=menu><a href=/>Home</a></div>{}<main><div class=story-body>{story}</div></main>{}</body></html>",
            teaser.repeat(20),
            teaser.repeat(18)
        );
        let text = body(&page).expect("reads").join("\n");
        assert!(text.contains("first paragraph of the real story") && !text.contains("Teaser"), "{text}");
        let plain =
            format!("<html><body><div><a href=/>Home</a> <a href=/n>News</a></div><div>{story}</div></body></html>");
        let text = body(&plain).expect("reads").join("\n");
        assert!(text.contains("real story") && !text.contains("Home"), "{text}");
    }

    #[test]
    fn json_ld_metadata() {
        let page = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":["NewsArticle"],"headline":"The headline","datePublished":"2020-01-08T10:00:00+00:00","author":[{"@type":"Person","name":"Jane Doe"},{"name":"John Roe"}],"publisher":{"@type":"Organization","name":"Wire"}}]}</script>
<meta property="article:publicationdate" content="2021-01-01"></head><body><p>Body text long enough to be a paragraph of the story, with a comma.</p></body></html>"#;
        let a = convert(page).expect("reads");
        assert_eq!(a.title, "The headline");
        assert_eq!(a.published, "2020-01-08T10:00:00+00:00");
        assert_eq!(a.byline, "Jane Doe, John Roe");
        assert_eq!(a.source, "Wire");
    }

    #[test]
    fn pathological_nesting_and_attributes_are_refused_not_parsed() {
        let deep = format!("<html><body>{}x</body></html>", "<div>".repeat(MAX_DEPTH + 10));
        assert!(guard(&deep).is_err_and(|e| e.contains("nested")));
        let lists = format!("<ul>{}", "<li>item <ul>".repeat(MAX_DEPTH + 10));
        assert!(guard(&lists).is_err());
        let attrs = format!(
            "<p {}>t</p>",
            (0..MAX_ATTRIBUTES + 5).map(|i| format!("a{i}=\"x > y\"")).collect::<Vec<_>>().join(" ")
        );
        assert!(guard(&attrs).is_err_and(|e| e.contains("attributes")));
        // Paragraphs and list items close themselves: many are fine.
        let many = format!("<body>{}", "<p>word <li>item ".repeat(20_000));
        assert!(guard(&many).is_ok());
        // A script full of tags is raw text.
        let script = format!("<script>{}</script><p>x</p>", "<div>".repeat(MAX_DEPTH * 2));
        assert!(guard(&script).is_ok());
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_input_converts_without_panicking(s in proptest::collection::vec(proptest::sample::select(vec!["<", "</", "<!--", "-->", ">", "p", "article", "script", "&", "&#", "x41", ";", "amp", "é", "“", "🙂", "\"", "'", "=", " ", "\n", "meta property=og:title content="]), 0..40).prop_map(|v| v.concat())) {
            let _ = convert(&s);
        }
    }

    #[test]
    fn pages_without_article_use_the_body() {
        let a = convert("<html><body><h1>Head</h1><p>One &amp; two</p><p>Bad &bogus; entity</p></body></html>")
            .expect("reads");
        assert_eq!(a.title, "Head");
        assert_eq!(a.text, "Head\n\nOne & two\n\nBad &bogus; entity");
    }
}
