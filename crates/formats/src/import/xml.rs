//! Parsing the XML inside Word, OpenDocument, Nexis Uni and REFI-QDA files, bounded by what the
//! parsed tree will cost rather than by the bytes of the XML.
//!
//! Why: roxmltree keeps a node of ~60 bytes and an attribute of ~70 for every `<a/>` of 4
//! bytes, so a `project.qde` made of tiny elements holds ~19 times its size once parsed (a 400 KB
//! archive unpacked to 400 MB of `<a/>` took 7.6 GB). The nodes and attributes are counted
//! before parsing (`<` and `=` are upper bounds of both) and the parser is told the node limit
//! too. No DTD is allowed, so no entity expansion.

use roxmltree::{Document, ParsingOptions};

/// What one parsed tree may cost, bytes of the XML included.
pub const MAX_TREE: u64 = 512 << 20;
/// Bytes a node costs in the parsed tree (roxmltree's node, rounded up).
const NODE: u64 = 64;
/// Bytes an attribute costs.
const ATTR: u64 = 72;

/// What parsing `xml` would cost in memory, at most.
pub fn tree_cost(xml: &str) -> u64 {
    let (mut opens, mut equals) = (0u64, 0u64);
    for b in xml.bytes() {
        opens += u64::from(b == b'<');
        equals += u64::from(b == b'=');
    }
    // An element and the text after it: at most two nodes per `<`.
    xml.len() as u64 + 2 * opens * NODE + equals * ATTR
}

/// How much checking the parser does for one element's attributes and namespaces, at most:
/// roxmltree compares each attribute with those before it on its element (attributes² per
/// element) and copies the namespaces in scope into every element that declares one, looking
/// each up among those copied so far (in scope² per declaring element). Counted before
/// parsing: an element of 140,000 attributes (a 1 MB code book) took 40 s, and 4,000 nested
/// elements each declaring a prefix (91 KB) took 20 s, in the program's own process.
pub const MAX_CHECKS: u64 = 400_000_000;

/// The checks [`MAX_CHECKS`] bounds, counted on the raw text: each start tag's attributes (its
/// `=` outside quotes) and `xmlns` declarations, with the declarations of the elements open
/// around it. An upper bound: a prefix declared again is counted twice.
#[cfg(test)]
fn checks(xml: &str) -> u64 {
    checks_past(xml, u64::MAX).0
}

/// The same count, and the byte where it first passed `limit` (the start tag that did).
fn checks_past(xml: &str, limit: u64) -> (u64, Option<usize>) {
    let b = xml.as_bytes();
    let (mut total, mut i) = (0u64, 0usize);
    let mut past = None;
    // Declarations of each open element, and their sum.
    let (mut open, mut in_scope): (Vec<u64>, u64) = (Vec::new(), 0);
    let find =
        |from: usize, pat: &[u8]| b[from.min(b.len())..].windows(pat.len()).position(|w| w == pat).map(|k| from + k);
    while let Some(k) = b[i..].iter().position(|&c| c == b'<').map(|k| i + k) {
        let rest = &b[k + 1..];
        if rest.starts_with(b"!--") {
            i = find(k + 4, b"-->").map_or(b.len(), |e| e + 3);
        } else if rest.starts_with(b"![CDATA[") {
            i = find(k + 9, b"]]>").map_or(b.len(), |e| e + 3);
        } else if rest.starts_with(b"/") {
            in_scope -= open.pop().unwrap_or(0);
            i = find(k, b">").map_or(b.len(), |e| e + 1);
        } else if rest.starts_with(b"?") {
            // A processing instruction ends at "?>", not at a ">" inside it (which had let
            // `<?x > <y a=" ?>` hide the next element's attributes from the count).
            i = find(k + 2, b"?>").map_or(b.len(), |e| e + 2);
        } else if rest.starts_with(b"!") {
            i = find(k, b">").map_or(b.len(), |e| e + 1);
        } else {
            // A start tag: to its `>`, quotes kept apart (a value may hold `>` and `=`).
            let (mut attrs, mut declared, mut quote, mut j) = (0u64, 0u64, None, k + 1);
            while j < b.len() {
                let c = b[j];
                match quote {
                    Some(q) if c == q => quote = None,
                    None if c == b'"' || c == b'\'' => quote = Some(c),
                    None if c == b'>' => break,
                    None if c == b'=' => attrs += 1,
                    None if c.is_ascii_whitespace() && b[j + 1..].starts_with(b"xmlns") => {
                        declared += u64::from(matches!(b.get(j + 6), Some(b':' | b'=' | b' ' | b'\t' | b'\n' | b'\r')));
                    }
                    // Inside a quoted value, or a name's char.
                    _ => {}
                }
                j += 1;
            }
            total = total.saturating_add(attrs.saturating_mul(attrs));
            if declared > 0 {
                let scope = in_scope + declared;
                total = total.saturating_add(scope.saturating_mul(scope));
            }
            if j < b.len() && j > 0 && b[j - 1] != b'/' {
                open.push(declared);
                in_scope += declared;
            }
            if total > limit && past.is_none() {
                past = Some(k);
            }
            i = j.saturating_add(1);
        }
        if i >= b.len() {
            break;
        }
    }
    (total, past)
}

/// Line and column (1-based, chars) of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let head = &text[..(0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)];
    let line_start = head.rfind('\n').map_or(0, |n| n + 1);
    (head.matches('\n').count() + 1, head[line_start..].chars().count() + 1)
}

/// Parses `xml` (the part named `part`, for messages) if its tree fits in [`MAX_TREE`].
pub fn parse<'i>(xml: &'i str, part: &str) -> Result<Document<'i>, String> {
    parse_within(xml, part, MAX_TREE)
}

/// The same with another bound.
pub fn parse_within<'i>(xml: &'i str, part: &str, max: u64) -> Result<Document<'i>, String> {
    let cost = tree_cost(xml);
    if cost > max {
        return Err(format!(
            "{part} holds too many elements to read (it would take {} MB of memory; at most {} MB)",
            cost >> 20,
            max >> 20
        ));
    }
    if let (_, Some(at)) = checks_past(xml, MAX_CHECKS) {
        let (line, column) = line_column(xml, at);
        return Err(format!(
            "{part} cannot be read: its elements hold more attributes, or namespace declarations nested deeper, than any document needs (reading them would take minutes); the budget ran out at {line}:{column}"
        ));
    }
    let nodes = u32::try_from(max / NODE).unwrap_or(u32::MAX);
    let options = ParsingOptions { allow_dtd: false, nodes_limit: nodes, ..ParsingOptions::default() };
    Document::parse_with_options(xml, options)
        .map_err(|e| format!("{part} is not valid XML: it is not well-formed ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_elements_are_counted_by_what_they_cost() {
        let xml = format!("<r>{}</r>", "<a/>".repeat(1000));
        assert!(parse(&xml, "p").is_ok());
        let e = parse_within(&xml, "project.qde", 100_000).expect_err("over");
        assert!(e.contains("project.qde holds too many elements"), "{e}");
    }

    #[test]
    fn many_attributes_and_nested_declarations_are_refused_by_the_checks_they_cost() {
        let attrs: String = (0..30_000).map(|i| format!(" a{i}=\"1\"")).collect();
        let xml = format!("<r{attrs}/>");
        assert!(checks(&xml) >= 30_000 * 30_000);
        let e = parse(&xml, "the part").map(|_| ()).expect_err("refused");
        assert!(e.contains("ran out at 1:"), "{e}");
        let e = parse(&xml, "codes.qdc").expect_err("refused");
        assert!(e.contains("codes.qdc cannot be read") && e.contains("more attributes"), "{e}");
        let depth = 2_000;
        let mut xml: String = (0..depth).map(|i| format!("<e xmlns:p{i}=\"urn:{i}\">")).collect();
        xml += &"</e>".repeat(depth);
        assert!(parse(&xml, "project.qde").is_err());
        // Processing instructions holding ">" do not hide what follows them (a helper's bypass).
        let hidden = format!("<?x > <y a=\" ?><r{attrs}/>");
        assert!(parse(&hidden, "codes.qdc").is_err(), "attributes after a PI");
        let mut closes: String = (0..depth).map(|i| format!("<e xmlns:p{i}=\"urn:{i}\"><?x ></e>?>")).collect();
        closes += &"</e>".repeat(depth);
        assert!(parse(&closes, "project.qde").is_err(), "declarations after PIs that look like end tags");
        // What real files hold passes: a root of 40 declarations, children of a few attributes,
        // a value holding `>` and `=`, comments and CDATA.
        let ns: String = (0..40).map(|i| format!(" xmlns:n{i}=\"urn:{i}\"")).collect();
        let body = "<p a=\"x>y=z\" b='1'><!-- <q a=1 b=2> --><![CDATA[ <x y=1> ]]>text</p>".repeat(5_000);
        let xml = format!("<r{ns}>{body}</r>");
        assert!(checks(&xml) < 200_000, "{}", checks(&xml));
        assert!(parse(&xml, "document.xml").is_ok());
    }

    #[test]
    fn a_dtd_is_refused() {
        let xml = "<!DOCTYPE r [<!ENTITY a \"aaaa\">]><r>&a;</r>";
        assert!(parse(xml, "p").is_err());
    }
}

/// `s` with its runs of white space made one space and none at either end, made in one pass:
/// collecting the words first cost 16 bytes a word, 1 GB for a paragraph of 32 million one-letter
/// words in a 3.6 KB archive.
pub fn collapsed(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod collapse_tests {
    #[test]
    fn white_space_runs_become_one_space() {
        assert_eq!(super::collapsed("  a\t\n b  c "), "a b c");
        assert_eq!(super::collapsed(" \u{a0} "), "");
        assert_eq!(super::collapsed("one"), "one");
    }
}
