//! A linear pre-scan that refuses pages html5ever would take quadratic time or deep recursion on
//! (tens of thousands of nested elements, thousands of attributes on one element).
//!
//! It keeps the stack of open elements roughly as html5ever's tree builder keeps it, erring
//! towards more depth, never less: a page that html5ever would nest deeply must not get through
//! because the scan thought an element closed (an unmatched `</x>`, a `<rt>` outside a ruby,
//! a `<td>` inside an `<svg>`, a comment closed by `<!-->`, a `<title>` in an SVG that is no raw
//! text, a custom element named `<p-x>`: each let 100,000 nested elements through the first
//! version of this scan, and the import ran for minutes).

/// Deepest nesting of elements a page may have (real pages stay under 100).
pub const MAX_DEPTH: usize = 512;

/// Most attributes one element may have (real elements have a few dozen at most).
pub const MAX_ATTRIBUTES: usize = 512;

/// Elements that never hold others.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is text up to their end tag (with scripting on, as html5ever parses
/// by default: `<noscript>` too).
const RAW_TEXT: &[&str] = &["iframe", "noembed", "noframes", "noscript", "script", "style", "textarea", "title", "xmp"];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
];

/// Where a search for an open element stops (the tree builder's default scope).
const SCOPE: &[&str] = &["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"];

/// The default scope and `button`: where the search for an open `<p>` stops.
const BUTTON_SCOPE: &[&str] =
    &["applet", "button", "caption", "html", "table", "td", "th", "marquee", "object", "template"];

/// The tree builder's special elements other than `address`, `div` and `p`: an `<li>` (`<dd>`,
/// `<dt>`) closes an earlier one only if none of these stands between them.
const SPECIAL: &[&str] = &[
    "applet",
    "dialog",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// Start tags that leave SVG or MathML content for HTML again.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// Elements inside SVG or MathML whose content is HTML again.
const INTEGRATION: &[&str] = &["foreignobject", "desc", "title", "annotation-xml", "mi", "mo", "mn", "ms", "mtext"];

/// Refuses a page that would make the HTML parser work more than linearly: nesting deeper than
/// [`MAX_DEPTH`] or an element with more than [`MAX_ATTRIBUTES`] attributes. One pass over the
/// bytes; each tag looks at most [`MAX_DEPTH`] open elements.
pub fn guard(src: &str) -> Result<(), String> {
    let b = src.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut open: Vec<String> = Vec::new();
    let mut active = Active::default();
    while i < n {
        let off = memchr(b'<', &b[i..]).unwrap_or(n - i);
        // Text before the tag: the tree builder first reopens the formatting elements still
        // active but closed by a block's end (`<font color=c1><p>x<font color=c2><p>x…`:
        // each text reopens every one, so N such elements cost N² and nest N deep).
        if off > 0 && b[i..i + off].iter().any(|c| !c.is_ascii_whitespace()) && !foreign(&open) {
            active.reconstruct(&mut open)?;
        }
        if i + off >= n {
            break;
        }
        i += off + 1;
        if i >= n {
            break;
        }
        if b[i..].starts_with(b"!--") {
            i = comment_end(b, i + 3);
            continue;
        }
        let closing = b[i] == b'/';
        if closing {
            i += 1;
        }
        // A tag name starts with an ASCII letter and runs to a space, `/` or `>`, as the
        // tokenizer reads it: `<p-x>` and `<lié>` are elements of their own, not `<p>`, `<li>`.
        if i >= n || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < n && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = String::from_utf8_lossy(&b[start..i]).to_ascii_lowercase();
        let (attributes, end) = attributes_of(b, i);
        let self_closed = end > 0 && b.get(end - 1) == Some(&b'/');
        // Past its `>`: what follows is text (the `>` itself is none).
        i = (end + 1).min(n);
        if attributes > MAX_ATTRIBUTES {
            return Err(format!("an element has {attributes} attributes (at most {MAX_ATTRIBUTES} are read)"));
        }
        if closing {
            close(&mut open, &name, &mut active);
            continue;
        }
        if foreign(&open) {
            if BREAKOUT.contains(&name.as_str()) && (name != "font" || font_breaks_out(&b[start..end.min(n)])) {
                // Back to HTML: out of the SVG or MathML element.
                if let Some(k) = open.iter().rposition(|e| e == "svg" || e == "math") {
                    open.truncate(k);
                }
            } else {
                if !self_closed {
                    open.push(name);
                }
                if open.len() > MAX_DEPTH {
                    return Err(format!("elements are nested more than {MAX_DEPTH} deep"));
                }
                continue;
            }
        }
        if VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "plaintext" {
            // The rest of the page is text.
            return Ok(());
        }
        // Start tags the tree builder ignores in a page's body: a second `<html>`, `<body>` or
        // `<head>`, a `<form>` in a form, table parts outside a table.
        let table_part =
            matches!(name.as_str(), "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" | "colgroup" | "col");
        // In a `<select>`, only its options, another select and a few tags that end it count.
        active.select_seen |= name == "select";
        if active.select_seen
            && in_select(&open)
            && !matches!(
                name.as_str(),
                "option" | "optgroup" | "select" | "input" | "keygen" | "textarea" | "script" | "template" | "hr"
            )
        {
            continue;
        }
        // (`<frameset>` is not ignored: in a frameset page they nest.)
        if name == "html" && open.iter().any(|e| e == "html")
            || matches!(name.as_str(), "body" | "head") && open.iter().any(|e| e == "body")
            || name == "form" && open.iter().any(|e| e == "form")
            || table_part && in_scope(&open, &["table"], &["html", "template"]).is_none()
        {
            continue;
        }
        // An `<a>` (`<nobr>`) while one is active ends it first: out of the list, unless the
        // adoption agency keeps a copy of it open (a special element inside it).
        if matches!(name.as_str(), "a" | "nobr")
            && let Some(k) = active.last(&name)
        {
            let kept = in_scope(&open, &[&name], SCOPE).is_some_and(|j| open[j + 1..].iter().any(|e| is_special(e)));
            if !kept {
                active.entries.remove(k);
            }
        }
        // A cell, row or table closed by this start tag clears its markers' formatting (only
        // these start tags close a cell: the others stop at it).
        let closes_cells =
            matches!(name.as_str(), "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "table" | "caption");
        let cells = if closes_cells { cells_from(&open, 0) } else { 0 };
        implied_close(&mut open, &name);
        if closes_cells {
            for _ in 0..cells.saturating_sub(cells_from(&open, 0)) {
                active.closed("td");
            }
        }
        if FORMATTING.contains(&name.as_str()) {
            active.reconstruct(&mut open)?;
            // Its place in the stack: pushed just below.
            active.push(&name, &b[start..end.min(n)], open.len());
        } else if matches!(name.as_str(), "td" | "th" | "caption" | "applet" | "object" | "marquee" | "template") {
            active.marker();
        } else if !is_special(&name) {
            // Elements of no special kind (`<span>`, a custom element) are put where the
            // formatting is reopened; blocks (`<p>`, `<div>`) are not: text in them reopens it.
            active.reconstruct(&mut open)?;
        }
        // In a `<select>` or `<frameset>` html5ever ignores these start tags: what follows is
        // no raw text.
        if RAW_TEXT.contains(&name.as_str()) && !open.iter().any(|e| e == "select" || e == "frameset") {
            let close = format!("</{name}");
            i = find_ascii_ci(&src[i.min(n)..], &close).map_or(n, |k| i + k);
            continue;
        }
        open.push(name);
        if open.len() > MAX_DEPTH {
            return Err(format!("elements are nested more than {MAX_DEPTH} deep"));
        }
    }
    Ok(())
}

/// Most formatting elements the tree builder may reopen in one page (each a new element; the
/// elements of a whole 1 MB page are a few hundred thousand).
const MAX_REOPENED: usize = 1_000_000;

/// The tree builder's list of active formatting elements, as far as the scan needs it: each
/// entry's name, its tag's attributes (three alike at most, the "Noah's Ark" rule: distinct
/// attributes defeat it), and where it stood in the stack; `None` is a marker (a table cell, a
/// caption), past which nothing is reopened.
#[derive(Default)]
struct Active {
    entries: Vec<Option<(String, u64, usize)>>,
    reopened: usize,
    /// Whether a `<select>` was opened: only then is the stack searched for one at each tag.
    select_seen: bool,
}

impl Active {
    fn push(&mut self, name: &str, tag: &[u8], at: usize) {
        let key = crate::model::hash::fnv1a(tag);
        let since = self.entries.iter().rposition(Option::is_none).map_or(0, |k| k + 1);
        let alike: Vec<usize> = (since..self.entries.len())
            .filter(|&k| self.entries[k].as_ref().is_some_and(|(n, h, _)| n == name && *h == key))
            .collect();
        if alike.len() >= 3 {
            self.entries.remove(alike[0]);
        }
        self.entries.push(Some((name.to_owned(), key, at)));
    }

    /// The last entry of `name` after the last marker.
    fn last(&self, name: &str) -> Option<usize> {
        let since = self.entries.iter().rposition(Option::is_none).map_or(0, |k| k + 1);
        (since..self.entries.len()).rev().find(|&k| self.entries[k].as_ref().is_some_and(|e| e.0 == name))
    }

    fn marker(&mut self) {
        self.entries.push(None);
    }

    /// A cell's, caption's or table's end tag clears the list back to its marker.
    fn closed(&mut self, name: &str) {
        if matches!(name, "td" | "th" | "caption" | "applet" | "object" | "marquee" | "template" | "table") {
            while let Some(e) = self.entries.pop() {
                if e.is_none() {
                    break;
                }
            }
        }
    }

    /// Reopens, as the tree builder does before text and most start tags, every entry after the
    /// last marker whose element is no longer open; refuses a page that would reopen more than
    /// [`MAX_REOPENED`] or nest past [`MAX_DEPTH`].
    fn reconstruct(&mut self, open: &mut Vec<String>) -> Result<(), String> {
        let since = self.entries.iter().rposition(Option::is_none).map_or(0, |k| k + 1);
        for k in since..self.entries.len() {
            let Some((name, _, at)) = self.entries[k].as_mut() else { continue };
            if open.get(*at).is_some_and(|e| e == name) {
                continue;
            }
            open.push(name.clone());
            *at = open.len() - 1;
            self.reopened += 1;
            if self.reopened > MAX_REOPENED {
                return Err(format!("its formatting elements would be reopened more than {MAX_REOPENED} times"));
            }
            if open.len() > MAX_DEPTH {
                return Err(format!("elements are nested more than {MAX_DEPTH} deep"));
            }
        }
        Ok(())
    }
}

/// Where a comment that starts at `j` (after `<!--`) ends: `<!-->` and `<!--->` end at once,
/// and `--!>` ends one as `-->` does.
fn comment_end(b: &[u8], j: usize) -> usize {
    let rest = &b[j.min(b.len())..];
    if rest.starts_with(b">") {
        return j + 1;
    }
    if rest.starts_with(b"->") {
        return j + 2;
    }
    let mut k = 0;
    while k + 3 <= rest.len() {
        if rest[k..].starts_with(b"-->") {
            return j + k + 3;
        }
        if rest[k..].starts_with(b"--!>") {
            return j + k + 4;
        }
        k += 1;
    }
    b.len()
}

/// Whether the current node is inside SVG or MathML (and not in an element of theirs whose
/// content is HTML).
fn foreign(open: &[String]) -> bool {
    for e in open.iter().rev() {
        if e == "svg" || e == "math" {
            return true;
        }
        if INTEGRATION.contains(&e.as_str()) {
            return false;
        }
    }
    false
}

/// The index of the innermost open `name` before any of `boundary`, if any.
fn in_scope(open: &[String], name: &[&str], boundary: &[&str]) -> Option<usize> {
    for (k, e) in open.iter().enumerate().rev() {
        if name.contains(&e.as_str()) {
            return Some(k);
        }
        if boundary.contains(&e.as_str()) {
            return None;
        }
    }
    None
}

/// The elements a start tag `name` closes, as the tree builder closes them.
fn implied_close(open: &mut Vec<String>, name: &str) {
    if CLOSES_P.contains(&name)
        && let Some(k) = in_scope(open, &["p"], BUTTON_SCOPE)
    {
        open.truncate(k);
    }
    let same: &[&str] = match name {
        "li" => &["li"],
        "dd" | "dt" => &["dd", "dt"],
        _ => &[],
    };
    if !same.is_empty() {
        // The nearest earlier item, unless a special element other than address, div and p
        // stands between.
        for k in (0..open.len()).rev() {
            let e = open[k].as_str();
            if same.contains(&e) {
                open.truncate(k);
                break;
            }
            if is_special(e) && !matches!(e, "address" | "div" | "p") {
                break;
            }
        }
    }
    match name {
        "option" | "optgroup" => {
            if open.last().is_some_and(|e| e == "option") {
                open.pop();
            }
            if name == "optgroup" && open.last().is_some_and(|e| e == "optgroup") && open.iter().any(|e| e == "select")
            {
                open.pop();
            }
        }
        "rb" | "rtc" | "rt" | "rp" if in_scope(open, &["ruby"], SCOPE).is_some() => {
            let implied: &[&str] =
                if matches!(name, "rt" | "rp") { &["rb", "rp", "rt"] } else { &["rb", "rp", "rt", "rtc"] };
            while open.last().is_some_and(|e| implied.contains(&e.as_str())) {
                open.pop();
            }
        }
        "td" | "th" => {
            if let Some(k) = in_scope(open, &["td", "th"], &["html", "table", "template"]) {
                open.truncate(k);
            }
        }
        "tr" => {
            if let Some(k) = in_scope(open, &["tr"], &["html", "table", "template"]) {
                open.truncate(k);
            }
        }
        "tbody" | "thead" | "tfoot" => {
            if let Some(k) = in_scope(open, &["tbody", "thead", "tfoot"], &["html", "table", "template"]) {
                open.truncate(k);
            }
        }
        "table" => {
            // A table started directly in a table (not in one of its cells) ends the first.
            if let Some(k) = in_scope(open, &["table"], &["td", "th", "caption", "html", "template"]) {
                open.truncate(k);
            }
        }
        // A heading started in a heading ends it.
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            if open.last().is_some_and(|e| matches!(e.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")) =>
        {
            open.pop();
        }
        // An `<a>` in an open `<a>` ends it by the adoption agency, which keeps the elements
        // opened inside it open when one of them is special (`<a><div><a><div>…` nests).
        "a" | "nobr" => {
            if let Some(k) = in_scope(open, &[name], SCOPE)
                && !open[k + 1..].iter().any(|e| is_special(e))
            {
                open.truncate(k);
            }
        }
        _ => {}
    }
}

/// Elements the adoption agency closes (and reopens).
const FORMATTING: &[&str] =
    &["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];

/// The tree builder's special elements, all of them. A set: end tags walk the stack asking this
/// of each element, and a list's search made 240,000 `</q>` under 505 open `<span>` take 10 s.
fn is_special(name: &str) -> bool {
    static SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| SPECIAL.iter().copied().chain(["address", "div", "p"]).collect());
    SET.contains(name)
}

/// How many table cells and captions are among `open[k..]`: each a marker in the list of active
/// formatting elements, cleared when the cell is closed, however it is closed.
fn cells_from(open: &[String], k: usize) -> usize {
    open.get(k..).map_or(0, |rest| rest.iter().filter(|e| matches!(e.as_str(), "td" | "th" | "caption")).count())
}

/// Whether a `<select>` is the element being filled: the tree builder then ignores most tags.
fn in_select(open: &[String]) -> bool {
    open.iter().rposition(|e| e == "select").is_some_and(|k| !open[k + 1..].iter().any(|e| e == "template"))
}

/// Whether a `<font>` tag in SVG or MathML leaves it: only with a color, face or size attribute.
fn font_breaks_out(tag: &[u8]) -> bool {
    let text = String::from_utf8_lossy(tag).to_ascii_lowercase();
    text.split(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .skip(1)
        .any(|a| matches!(a.split('=').next(), Some("color" | "face" | "size")))
}

/// An end tag: closes the innermost open element of its name when the tree builder would
/// (within its scope); an end tag that matches nothing open changes nothing.
fn close(open: &mut Vec<String>, name: &str, active: &mut Active) {
    if foreign(open) {
        // From the current node down to the nearest integration point, where HTML content
        // begins (the tree builder stops at the first HTML element, which lies above it).
        for k in (0..open.len()).rev() {
            if open[k] == name {
                open.truncate(k);
                return;
            }
            if INTEGRATION.contains(&open[k].as_str()) {
                return;
            }
        }
        return;
    }
    // In a `<select>` every end tag but its own, its options' and a template's is ignored.
    if active.select_seen && in_select(open) && !matches!(name, "select" | "option" | "optgroup" | "template") {
        return;
    }
    let table = matches!(name, "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "table" | "caption");
    if matches!(name, "applet" | "object" | "marquee" | "template") {
        active.closed(name);
    }
    // The end tags of a second `<html>`, `<body>`, `<head>` in the body: ignored.
    if matches!(name, "html" | "body" | "head" | "frameset") {
        return;
    }
    if !table && FORMATTING.contains(&name) {
        // The adoption agency. With a special element opened inside the formatting one (`<b><div>
        // </b>`), the tree builder takes the formatting element out of the stack, leaving what
        // was opened inside it open (the copy it puts in the special element is closed again
        // by the agency's next round); else it closes up to it. Either way it leaves the list.
        // Out of scope (a table opened inside it), the end tag is ignored and the element
        // stays active. The agency runs at most eight rounds, one per special element inside:
        // past that a copy stays open and active (kept on top here, erring towards depth).
        let entry = active.last(name);
        let in_stack = open.iter().rposition(|e| e == name);
        match (in_scope(open, &[name], SCOPE), in_stack) {
            (None, Some(_)) => {}
            (Some(k), _) => {
                let specials = open[k + 1..].iter().filter(|e| is_special(e)).count();
                if specials >= 8 {
                    open.remove(k);
                    open.push(name.to_owned());
                    if let Some(Some(e)) = entry.map(|j| &mut active.entries[j]) {
                        e.2 = open.len() - 1;
                    }
                } else {
                    if specials > 0 {
                        open.remove(k);
                    } else {
                        open.truncate(k);
                    }
                    if let Some(j) = entry {
                        active.entries.remove(j);
                    }
                }
            }
            (None, None) => {
                if let Some(j) = entry {
                    active.entries.remove(j);
                }
            }
        }
        return;
    }
    // `</form>` takes the form out of the stack, leaving what was opened in it open.
    if name == "form" {
        if let Some(k) = in_scope(open, &["form"], SCOPE) {
            open.remove(k);
        }
        return;
    }
    // Any heading's end tag closes the open heading, whatever its level.
    if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
        if let Some(k) = in_scope(open, &["h1", "h2", "h3", "h4", "h5", "h6"], SCOPE) {
            open.truncate(k);
        }
        return;
    }
    if !table && !is_special(name) {
        // "Any other end tag" (`</span>`, `</label>`, a custom element's): closes the innermost
        // element of its name unless a special element is open inside it, and then is ignored
        // (`<span><div></span>` leaves both open).
        for k in (0..open.len()).rev() {
            if open[k] == name {
                open.truncate(k);
                return;
            }
            if is_special(&open[k]) {
                return;
            }
        }
        return;
    }
    // `</li>` looks for its item in list-item scope: an `<ul>` or `<ol>` opened inside it hides it.
    let list_item: [&str; 11] =
        ["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "ol", "ul"];
    let boundary: &[&str] = if table {
        &["html", "table", "template"]
    } else if name == "li" {
        &list_item
    } else {
        SCOPE
    };
    let found = if name == "table" {
        open.iter()
            .rposition(|e| e == "table")
            .filter(|&k| !open[k + 1..].iter().any(|e| e == "html" || e == "template"))
    } else {
        in_scope(open, &[name], boundary)
    };
    if let Some(k) = found {
        // The cells closed with it clear their markers' formatting.
        for _ in 0..cells_from(open, k) {
            active.closed("td");
        }
        open.truncate(k);
    }
}

/// The attributes of a tag whose name ends at `i`, and where the tag ends (its `>`, or the end
/// of the page), by the states of the HTML tokenizer (before/in a name, after `=`, quoted or
/// unquoted value).
fn attributes_of(b: &[u8], mut i: usize) -> (usize, usize) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Between,
        Name,
        AfterName,
        BeforeValue,
        Quoted(u8),
        Unquoted,
    }
    let mut state = State::Between;
    let mut attributes = 0;
    while i < b.len() {
        let c = b[i];
        let space = c.is_ascii_whitespace();
        state = match state {
            State::Quoted(q) => {
                if c == q {
                    State::Between
                } else {
                    state
                }
            }
            _ if c == b'>' => return (attributes, i),
            State::Between | State::AfterName if space || c == b'/' => State::Between,
            State::AfterName if c == b'=' => State::BeforeValue,
            State::Between | State::AfterName => {
                attributes += 1;
                State::Name
            }
            // `/` after a name is the self-closing state: what follows starts a new attribute
            // (`<p a/=0/=1>` has three), it is never a value.
            State::Name if c == b'/' => State::Between,
            State::Name if space => State::AfterName,
            State::Name if c == b'=' => State::BeforeValue,
            State::Name => State::Name,
            State::BeforeValue if space => State::BeforeValue,
            State::BeforeValue if c == b'"' || c == b'\'' => State::Quoted(c),
            State::BeforeValue | State::Unquoted if !space => State::Unquoted,
            State::Unquoted | State::BeforeValue => State::Between,
        };
        i += 1;
    }
    (attributes, i)
}

pub(super) fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

/// Case-insensitive search for an ASCII needle.
pub(super) fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
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
