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
    fn a_dtd_is_refused() {
        let xml = "<!DOCTYPE r [<!ENTITY a \"aaaa\">]><r>&a;</r>";
        assert!(parse(xml, "p").is_err());
    }
}
