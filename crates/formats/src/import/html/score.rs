//! Readability scoring: the page cut into text blocks, each scored by its length, commas and links; scores rise to containers; the container with the most prose is the story.

use super::*;

/// True when `e` starts with a heading that announces other stories ("You may also like…"):
/// the box is a list of teasers, however much text it holds.
pub(super) fn is_related_box(e: NodeRef<'_, Node>) -> bool {
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

/// One run of text between block boundaries.
#[derive(Debug)]
pub(super) struct Block {
    pub(super) text: String,
    /// The innermost block element holding the text.
    pub(super) owner: ego_tree::NodeId,
    /// Its tag name.
    pub(super) tag: String,
    /// Chars of the text inside links.
    pub(super) link_chars: usize,
    /// Inside a heading.
    pub(super) heading: bool,
}

impl Block {
    pub(super) fn chars(&self) -> usize {
        self.text.chars().count()
    }

    pub(super) fn link_density(&self) -> f32 {
        let n = self.chars();
        if n == 0 { 0.0 } else { (self.link_chars as f32 / n as f32).min(1.0) }
    }
}

pub(super) fn attr<'a>(e: &'a scraper::node::Element, name: &str) -> &'a str {
    e.attr(name).unwrap_or("")
}

/// The class and id of an element, lower case, for matching words.
pub(super) fn class_id(e: &scraper::node::Element) -> String {
    format!("{} {}", attr(e, "class"), attr(e, "id")).to_lowercase()
}

pub(super) fn has_any(hay: &str, words: &[&str]) -> bool {
    words.iter().any(|w| hay.contains(w))
}

/// Elements left out with everything in them whatever they hold: scripts, navigation, forms,
/// figures and hidden elements.
pub(super) fn is_skipped(e: &scraper::node::Element) -> bool {
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
pub(super) fn is_unlikely(e: &scraper::node::Element) -> bool {
    if e.name() == "form" {
        return true;
    }
    let ci = class_id(e);
    // An `<article>` is a story's own element, so its class is not held against it, unless the
    // class names a dialog over the page: zdf.de's login panels are `<article
    // class="password-message-modal dark-modal">`, and on a video page they outweighed the
    // clip's description.
    if e.name() == "article" && names_a_dialog(&ci) {
        return true;
    }
    // A paragraph's class is not held against it, but for a photo's caption or credit
    // (hss.de's `p.media__caption--source`: an address under a photo).
    if e.name() == "p" && (ci.contains("caption") || ci.contains("credit")) {
        return true;
    }
    if matches!(e.name(), "body" | "html" | "article" | "main" | "table" | "tbody" | "tr" | "td" | "th" | "p" | "a") {
        return false;
    }
    !ci.trim().is_empty() && has_any(&ci, UNLIKELY) && !has_any(&ci, LIKELY)
}

/// A page landmark left out as furniture: a footer, a navigation, or an element in the role of
/// the site's banner, footer or side column.
fn is_landmark(e: &scraper::node::Element) -> bool {
    matches!(e.name(), "footer" | "nav")
        || matches!(attr(e, "role"), "banner" | "contentinfo" | "complementary" | "navigation")
}

/// Whether class and id name readers' comments or the form to write one: one of their words,
/// split at anything not a letter or digit, starts with "comment" ("comments", "commentbody",
/// "commentlist"; but not "commentary", an opinion piece's class, nor "commentator"), or is
/// "respond" (WordPress's reply form). Not when they also name a story, an article or a live
/// ticker's entries (sports.fr's `live-match-comment`: the match reported minute by minute).
fn names_comments(class_id: &str) -> bool {
    let words = || class_id.split(|c: char| !c.is_alphanumeric());
    words().any(|w| {
        (w.starts_with("comment") && !w.starts_with("commentar") && !w.starts_with("commentator")) || w == "respond"
    }) && !words().any(|w| matches!(w, "article" | "story" | "main") || w.starts_with("live"))
}

/// Whether class and id name a dialog laid over the page: one of their words, split at anything
/// not a letter or digit, is "modal", "popup", "lightbox" or "dialog" ("dark-modal" does;
/// "modalities" does not).
fn names_a_dialog(class_id: &str) -> bool {
    class_id.split(|c: char| !c.is_alphanumeric()).any(|w| matches!(w, "modal" | "popup" | "lightbox" | "dialog"))
}

/// Chars of text under each element, leaving out what [`is_skipped`] leaves out. One pass,
/// children before parents.
pub(super) fn sizes(doc: &Html) -> HashMap<ego_tree::NodeId, usize> {
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

/// Whether a box classed like furniture holds a post the story quotes (nj.com's
/// `div.social-media-embed > blockquote.twitter-tweet`: a politician's tweet is what the outlet
/// reports). Only its first elements are looked at: a consent placeholder or a share bar holds
/// none.
fn quotes_a_post(node: NodeRef<'_, Node>) -> bool {
    node.descendants().take(64).any(|d| {
        d.value().as_element().is_some_and(|e| e.name() == "blockquote" && attr(e, "class").contains("twitter-tweet"))
    })
}

/// An `<a name=…>` with no address: a place to jump to, not a link (an `<a>` with neither is
/// usually a script's link, and counts as one).
fn is_bookmark(e: &scraper::node::Element) -> bool {
    e.attr("href").is_none() && e.attr("name").is_some()
}

/// Chars of a run of text between blank lines for it to score as a paragraph of its own.
const PARAGRAPH: usize = 80;

/// Chars of text a paragraph holds beside an inline element for that element to be part of
/// its prose.
const PROSE_BESIDE: usize = 40;

/// Collects the blocks of text of the page, in reading order, leaving furniture out. Iterative:
/// deep pages cannot overflow the stack.
///
/// Elements that look like furniture by their class ([`is_unlikely`]) are left out only when
/// they hold a small share of the page's text: a wrapper called `page-ad-margins` around the
/// whole page is no advert. With `strip_unlikely` off (the second reading of a page whose story
/// came out too short) they are kept, and so are `<aside>` elements. Such an element inside a
/// paragraph of prose, or holding a post the story quotes, is kept either way.
pub(super) fn blocks(doc: &Html, sizes: &HashMap<ego_tree::NodeId, usize>, strip_unlikely: bool) -> Vec<Block> {
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
    // Read again, the elements that hold a `<main>` or an `<article>` (walked up from each, so
    // the set costs one pass however deep the page).
    let mut holders: std::collections::HashSet<ego_tree::NodeId> = std::collections::HashSet::new();
    // The elements that hold the one the page marks as the story's body (schema.org's
    // `itemprop="articleBody"`): that mark outweighs a wrapper's class. infoworld.com wrapped
    // its whole story in `div.share_wrapper`, which the rest of the page outweighed.
    let mut body_holders: std::collections::HashSet<ego_tree::NodeId> = std::collections::HashSet::new();
    // The elements that hold the page's first `<h1>`, its headline.
    let mut headline_holders: std::collections::HashSet<ego_tree::NodeId> = std::collections::HashSet::new();
    for n in root.descendants() {
        let Some(e) = n.value().as_element() else { continue };
        let set = if attr(e, "itemprop").to_ascii_lowercase().contains("articlebody") {
            &mut body_holders
        } else if e.name() == "h1" && headline_holders.is_empty() {
            &mut headline_holders
        } else {
            continue;
        };
        for a in n.ancestors() {
            if !set.insert(a.id()) {
                break;
            }
        }
    }
    // Readers' comments under the story are furniture however much of the page they hold (a
    // blog post with 150 comments: the section holding most of the page's text was kept, and
    // the comments came in with the post), unless the section holds the headline or the marked
    // body; on a page with no headline, unless it holds nearly all the page (a wrapper around
    // it). A photo post of one line under 40 comments is the line.
    // Asked of any element, not only of those `is_unlikely` names: comment markup is classed
    // `comments-body`, `comment-content`, whose second word keeps a story's container.
    let comments = |id: ego_tree::NodeId, e: &scraper::node::Element| {
        !matches!(e.name(), "body" | "html" | "main" | "article")
            && names_comments(&class_id(e))
            && !headline_holders.contains(&id)
            && !body_holders.contains(&id)
            && (!headline_holders.is_empty() || sizes.get(&id).copied().unwrap_or(0) * 10 < total * 9)
    };
    if !strip_unlikely {
        for n in root.descendants() {
            let holds = n.value().as_element().is_some_and(|e| {
                matches!(e.name(), "main" | "article") || matches!(attr(e, "role"), "main" | "article")
            });
            if holds {
                for a in n.ancestors() {
                    if !holders.insert(a.id()) {
                        break;
                    }
                }
            }
        }
    }
    // Per paragraph: whether it holds prose beside its furniture-classed inline elements.
    let mut prose: HashMap<ego_tree::NodeId, bool> = HashMap::new();
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
                // Where this node's text starts, in bytes: counting the block's chars again
                // for each of its text nodes made a block of 200,000 of them quadratic.
                let before = text.len();
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
                    link_chars += text[before..].chars().count();
                }
            }
            Node::Element(e) => {
                let name = e.name();
                let block = BLOCKS.contains(&name);
                if entering {
                    // Read again (`strip_unlikely` off), an `<aside>` may hold the story: rnz.de's
                    // unclosed share box swallows the article that follows it.
                    // So may a header, footer or navigation landmark that holds the page's
                    // `<main>` or `<article>`: diaadia.com.pa's unclosed `<header
                    // role="banner">` swallowed the whole page, story and all.
                    let skipped = is_skipped(e)
                        && (strip_unlikely || !(name == "aside" || (is_landmark(e) && holders.contains(&node.id()))));
                    // An inline element in a paragraph of prose is part of its sentence whatever
                    // its class says: the Japan Times' `<p><span class="dateline">KOBE – </span>A
                    // total of…` lost its dateline. Prose is text of the paragraph's own beside
                    // such elements: a photo's `<span class="caption">` and `<span
                    // class="credits">` alone in a paragraph are furniture still.
                    // Asked only of an element that looks like furniture, and each paragraph's
                    // answer kept: asked of every inline element, summing its siblings made N
                    // spans in one paragraph cost N² (a 180 KB page took 11 s).
                    let mut in_prose = || {
                        !block
                            && node.parent().is_some_and(|p| {
                                p.value().as_element().is_some_and(|pe| pe.name() == "p")
                                    && *prose.entry(p.id()).or_insert_with(|| {
                                        let size = |id| sizes.get(&id).copied().unwrap_or(0);
                                        let furniture: usize = p
                                            .children()
                                            .filter(|c| c.value().as_element().is_some_and(is_unlikely))
                                            .map(|c| size(c.id()))
                                            .sum();
                                        size(p.id()).saturating_sub(furniture) >= PROSE_BESIDE
                                    })
                            })
                    };
                    // A dialog is furniture in the second reading too: it is never the story
                    // that came out too short. Nor are readers' comments (a photo post of one
                    // line came in as its comments).
                    let dialog = name == "article" && names_a_dialog(&class_id(e));
                    if skipped
                        || ((((strip_unlikely || dialog) && is_unlikely(e) && small(node.id()))
                            || comments(node.id(), e))
                            && !body_holders.contains(&node.id())
                            && !in_prose()
                            && !quotes_a_post(node))
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
                    // An `<a name=…>` without an address is a bookmark, not a link: ndr.de's
                    // podcast transcripts wrap whole paragraphs in one.
                    let link = name == "a" && !is_bookmark(e);
                    match name {
                        "a" if link => links += 1,
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
                        "a" if !is_bookmark(e) => links = links.saturating_sub(1),
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
pub(super) fn base_score(e: &scraper::node::Element) -> f32 {
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
pub(super) fn story(doc: &Html, blocks: &[Block]) -> Vec<usize> {
    let tree = &doc.tree;
    let mut score: HashMap<ego_tree::NodeId, f32> = HashMap::new();
    // The `<article>` that holds the page's headline (its first `<h1>`).
    let headline_article = tree
        .root()
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "h1"))
        .and_then(|h| h.ancestors().find(|a| a.value().as_element().is_some_and(|e| e.name() == "article")))
        .map(|a| a.id());
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
    }
    // A class that reads like a story's ("text", "content") raises a table cell that holds
    // prose, not a line: a cell classed `standardtextsmall` holding a copyright line outscored
    // the story beside it (Fairfax's regional papers, 2008), unless the page holds little else.
    // (Asked of every container, the rule moved 58 pages of trafilatura's set, recall -0.004.)
    let page = chars.get(&tree.root().id()).map_or(0, |c| c.0);
    let initial = |id: ego_tree::NodeId, e: &scraper::node::Element| {
        let base = base_score(e);
        let own = chars.get(&id).map_or(0, |c| c.0);
        if e.name() == "td" && own < 2 * PARAGRAPH && own * 4 < page && has_any(&class_id(e), POSITIVE) {
            base - 25.0
        } else {
            base
        }
    };
    for b in blocks {
        let n = b.chars();
        if n < 25 || b.heading {
            continue;
        }
        // Paragraphs set apart by blank lines (`<br><br>`) inside one element score as the
        // paragraphs they are, as Readability's `replaceBrs` makes them: bund-naturschutz.de
        // sets a whole press release as one `<p>` of such paragraphs, which scored as one.
        // Only parts long as a paragraph count on their own (a box of short lines set apart by
        // blank lines is not prose).
        let weigh = |part: &str| {
            let commas = part.matches([',', '，', '、', '،']).count() as f32;
            1.0 + commas + (part.chars().count() as f32 / 100.0).floor().min(3.0)
        };
        let parts: Vec<&str> = b.text.split("\n\n").map(str::trim).filter(|p| p.chars().count() >= PARAGRAPH).collect();
        let content: f32 = if parts.len() >= 2 { parts.iter().map(|p| weigh(p)).sum() } else { weigh(&b.text) };
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
            *score.entry(x.id()).or_insert_with(|| initial(x.id(), e)) += content / divider;
            node = x.parent();
        }
    }
    let density =
        |id: ego_tree::NodeId| chars.get(&id).map_or(0.0, |&(t, l)| if t == 0 { 0.0 } else { l as f32 / t as f32 });
    let final_score = |id: ego_tree::NodeId| score.get(&id).copied().unwrap_or(0.0) * (1.0 - density(id));
    // Best first; of equal scores the first in the page, as Readability does (in the map's
    // order, the same page came in with its paywall box one time and its story the next).
    let mut ranked: Vec<ego_tree::NodeId> = score.keys().copied().collect();
    ranked.sort_by(|a, b| final_score(*b).total_cmp(&final_score(*a)).then(a.cmp(b)));
    let Some(mut top) = ranked.first().copied() else {
        return (0..blocks.len()).filter(|&i| blocks[i].link_density() < 0.5).collect();
    };
    // The `<article>` holding the headline is the story's own element: when the best container
    // lies outside it, the article competes as if classed like a story (+25).
    // dazeddigital.com's story, four paragraphs in an unclassed `<article>`, lost to a
    // magazine's blurb in a `div.content` beside it. (Given to the article from the start, the
    // bonus took a story's author box and "previous post" links in with it.)
    if let Some(article) = headline_article
        && score.contains_key(&article)
    {
        let related = |a: ego_tree::NodeId, b: ego_tree::NodeId| {
            a == b || tree.get(a).is_some_and(|n| n.ancestors().any(|x| x.id() == b))
        };
        if !related(top, article)
            && !related(article, top)
            && (score[&article] + 25.0) * (1.0 - density(article)) > final_score(top)
        {
            top = article;
        }
    }
    // Readability's correction: when several of the best candidates score close to the top one
    // and share an ancestor (a story split into one box per paragraph), that ancestor is the
    // story.
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
    // the story's, holding prose of their own. When the story's container has no class, its
    // wrapper's (an ancestor holding little else) names the pieces: nationalgeographic.co.uk
    // sets each run of paragraphs as `div.paragraph > div > p`.
    let anchor = std::iter::successors(tree.get(top), ego_tree::NodeRef::parent)
        .take(3)
        .take_while(|n| {
            let own = chars.get(&top).map_or(0, |c| c.0);
            chars.get(&n.id()).map_or(0, |c| c.0) <= own + own / 10 + 50
        })
        .find(|n| n.value().as_element().is_some_and(|e| !attr(e, "class").trim().is_empty()));
    if let Some(t) = anchor
        && let Some(e) = t.value().as_element()
    {
        let top = t.id();
        let (name, class) = (e.name(), attr(e, "class"));
        let floor = final_score(top) * 0.25;
        // A piece in the same `<article>` as the story's (its parent or grandparent) needs
        // less: spektrum.de's story is two `div.columns` in two rows of one `article`, parted
        // by an advert, and its first piece (the lead and two sections) scored under a quarter
        // of the second. (Only an `<article>`: on a blog's front page every post's text sits
        // in one wrapper, each post in an `<article>` of its own.)
        let wrappers: Vec<ego_tree::NodeId> = t
            .ancestors()
            .take(2)
            .filter(|a| a.value().as_element().is_some_and(|e| e.name() == "article"))
            .map(|a| a.id())
            .collect();
        let near_floor = (final_score(top) * 0.05).max(10.0);
        for n in tree.root().descendants() {
            if n.id() == top || kept.contains(&n.id()) {
                continue;
            }
            let Some(x) = n.value().as_element() else { continue };
            let floor = if n.ancestors().take(2).any(|a| wrappers.contains(&a.id())) { near_floor } else { floor };
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
    let mut chosen: Vec<usize> = (0..blocks.len()).filter(|&i| inside(blocks[i].owner)).collect();
    // The standfirst: news sites set the lead paragraph that frames the story above it, outside
    // the story's container (faz.net's `p.atc-introtext`). A prose block named as a lead, among
    // the few just before the story and in the same part of the page, belongs to it.
    if let Some(&first) = chosen.first() {
        let near: Vec<ego_tree::NodeId> =
            tree.get(top).map(|n| n.ancestors().take(4).map(|a| a.id()).collect()).unwrap_or_default();
        let leads: Vec<usize> = (first.saturating_sub(6)..first)
            .filter(|&i| {
                let b = &blocks[i];
                let Some(owner) = tree.get(b.owner) else { return false };
                let named = std::iter::once(owner)
                    .chain(owner.ancestors().take(1))
                    .any(|n| n.value().as_element().is_some_and(|e| names_a_lead(&class_id(e))));
                // Or a subtitle set as a heading right under the headline, long as a sentence
                // ("<h1>…</h1><h2>In den Vereinigten Staaten trommeln Aktivisten …</h2>").
                let subtitle = b.heading
                    && i > 0
                    && blocks[i - 1].tag == "h1"
                    && b.chars() >= 60
                    && b.text.split_whitespace().count() >= 8;
                // Or a paragraph of prose, sentences and no link, within three blocks under the
                // headline, in a container named nothing (elfaro.net). Trafilatura keeps such
                // leads; on its set +10 snippets, -1 (a disclaimer line), ScrapingHub -0.0003
                // (a fact-check's quoted claim under a headline).
                let under_headline = b.tag == "p"
                    && (i.saturating_sub(3)..i).any(|j| blocks[j].tag == "h1")
                    && b.chars() >= 100
                    && b.link_density() == 0.0
                    && b.text.trim_end().ends_with(['.', '!', '?', '"', '”', '»']);
                ((named && !b.heading) || subtitle || under_headline)
                    && b.chars() >= 40
                    && b.link_density() < 0.2
                    && owner.ancestors().any(|a| near.contains(&a.id()))
            })
            .collect();
        chosen.splice(0..0, leads);
    }
    // An introduction the page names as such (`div.article-intro`), opening under the headline,
    // with a box or a list between it and the story (thebalance.com's and its sister sites'
    // comparison lists): its paragraphs of prose open the story, however far above it.
    if let Some(&first) = chosen.first()
        && let Some(h1) = blocks[..first].iter().rposition(|b| b.tag == "h1")
    {
        let intro = (h1 + 1..(h1 + 4).min(first)).find_map(|i| {
            let owner = tree.get(blocks[i].owner)?;
            owner.ancestors().take(2).find(|a| {
                a.value().as_element().is_some_and(|e| {
                    class_id(e)
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .any(|t| t.starts_with("intro") || t.ends_with("intro"))
                })
            })
        });
        if let Some(intro) = intro {
            let within =
                |i: usize| tree.get(blocks[i].owner).is_some_and(|o| o.ancestors().any(|a| a.id() == intro.id()));
            let mut added: Vec<usize> = (h1 + 1..first)
                .filter(|&i| {
                    let b = &blocks[i];
                    within(i)
                        && !b.heading
                        && b.chars() >= 40
                        && b.link_density() < 0.2
                        && b.text.trim_end().ends_with(['.', '!', '?', '"', '”', '»'])
                })
                .filter(|i| !chosen.contains(i))
                .collect();
            if !added.is_empty() {
                added.extend(chosen);
                added.sort_unstable();
                chosen = added;
            }
        }
    }
    chosen
}

/// Whether a class or id names a lead paragraph ("atc-introtext", "article__lead",
/// "standfirst", "dek"), not a leaderboard advert.
fn names_a_lead(ci: &str) -> bool {
    ci.split(|c: char| !c.is_ascii_alphanumeric()).any(|t| {
        !t.contains("board")
            && (t.starts_with("intro")
                || [
                    "lead",
                    "lede",
                    "standfirst",
                    "dek",
                    "deck",
                    "summary",
                    "abstract",
                    "excerpt",
                    "subline",
                    // German, French and Spanish newsrooms' words for it.
                    "vorspann",
                    "anriss",
                    "chapo",
                    "chapeau",
                    "entradilla",
                    "sumario",
                ]
                .iter()
                .any(|w| t.ends_with(w) || t.strip_prefix(w) == Some("text")))
    })
}

/// True for blocks that are furniture even inside the story.
pub(super) fn is_furniture(b: &Block) -> bool {
    let t = b.text.trim().trim_end_matches([':', '.', '›', '»', '>']).trim().to_lowercase();
    if FURNITURE.contains(&t.as_str()) {
        return true;
    }
    let n = b.chars();
    let words = b.text.split_whitespace().count();
    let trimmed = b.text.trim();
    // Lists of links (related stories, tags) and lone links ("Read the full report"); a
    // sentence of the story with a linked phrase in it is not one (nbcdfw.com: "The suspect,
    // Michael Webb, <a>was convicted and sentenced to life in federal prison</a> last Thursday.").
    // Six words or more outside the link: "Czytaj też: <a>headline.</a>" stays a teaser.
    let unlinked = words as f32 * (1.0 - b.link_density());
    let sentence_of_prose = unlinked >= 6.0 && trimmed.ends_with(['.', '!', '?', '"', '”']);
    if (b.link_density() > 0.5 && n < 200 && !sentence_of_prose) || (b.link_density() > 0.8) {
        return true;
    }
    // A permanent link's line ("Permalien https://p.dw.com/p/RPYx", "Permalink:").
    if words <= 3 && ["permalink", "permalien", "kurzlink", "short link", "short url"].iter().any(|w| t.starts_with(w))
    {
        return true;
    }
    // Reading time ("4 Min Read", "Lesezeit: 3 Minuten", "Temps de lecture : 2 min").
    if words <= 6
        && ["min read", "minute read", "lesezeit", "temps de lecture", "tiempo de lectura", "leestijd"]
            .iter()
            .any(|w| t.contains(w))
    {
        return true;
    }
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
pub(super) fn has_year_or_time(s: &str) -> bool {
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
