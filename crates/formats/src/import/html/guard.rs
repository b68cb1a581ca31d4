//! A linear pre-scan that refuses pages html5ever would take quadratic time or deep recursion on (tens of thousands of nested elements, thousands of attributes on one element).

/// Deepest nesting of elements a page may have (real pages stay under 100).
pub const MAX_DEPTH: usize = 512;

/// Most attributes one element may have (real elements have a few dozen at most).
pub const MAX_ATTRIBUTES: usize = 512;

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
        // Attributes, up to the end of the tag, read as the HTML tokenizer reads them: a quote
        // opens a quoted value only right after `=`; elsewhere (`title=don't`, `<a b"c>`) it
        // is an ordinary character. Treating every quote as opening one made real pages (an
        // apostrophe in an unquoted value) run on into their text and count its words as
        // attributes: politico.com, elnuevoherald.com and six more were refused whole.
        let (attributes, end) = attributes_of(b, i);
        i = end;
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
            State::Name if space || c == b'/' => State::AfterName,
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

/// Elements that do not nest: void elements, and those html5ever closes by itself when the next
/// of their kind starts.
pub(super) fn self_closing(name: &str) -> bool {
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
