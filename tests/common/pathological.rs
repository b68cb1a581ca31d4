//! Generators of pathological inputs, one set per importer: what a hostile or broken file can
//! look like. Each returns (name, bytes) of about `n` bytes. The tests import them at a modest
//! size (no panic, imported or refused with a message); `benches/import.rs` imports them at
//! 1 MB and measures time.

/// `piece` repeated to about `n` bytes, between `head` and `tail`.
fn fill(head: &str, piece: &str, tail: &str, n: usize) -> Vec<u8> {
    let count = n.saturating_sub(head.len() + tail.len()) / piece.len().max(1);
    let mut s = String::with_capacity(n);
    s.push_str(head);
    for _ in 0..count {
        s.push_str(piece);
    }
    s.push_str(tail);
    s.into_bytes()
}

/// Plain text.
pub fn text(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("controls.txt", fill("Title\n", "\u{0}\u{1b}[31m\u{7}", "", n)),
        ("one-line.txt", fill("", "word ", "", n)),
        ("carriage-returns.txt", fill("x", "\r", "y", n)),
        ("invalid-utf8.txt", fill("", "\u{a0}", "", n).into_iter().map(|b| if b == 0xC2 { 0xFF } else { b }).collect()),
    ]
}

/// Markdown.
pub fn markdown(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    let half = n / 2;
    let mut links = fill("", "[", "", half);
    links.extend(fill("x", "](y)", "", half));
    vec![
        ("nested-links.md", links),
        ("open-angles.md", fill("", "<", "", n)),
        ("emphasis.md", fill("", "*_", "", n)),
        ("quotes.md", fill("", ">", "x", n)),
        ("lists.md", fill("", "- ", "x", n)),
        ("backticks.md", fill("", "`", "", n)),
        ("link-defs.md", fill("", "[a]: <", "", n)),
    ]
}

/// Web pages.
pub fn html(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("ampersands.html", fill("<html><body><p>", "&", "</p></body></html>", n)),
        ("entities.html", fill("<p>", "&#0;&#x1b;&bogus", "</p>", n)),
        ("scripts.html", fill("<html><body>", "<script>x</script>", "<p>text</p></body></html>", n)),
        ("nested-divs.html", fill("<html><body>", "<div>", "x</body></html>", n)),
        ("nested-lists.html", fill("<ul>", "<li>item <ul>", "", n)),
        ("attributes.html", fill("<p ", "a=\"x\" ", ">t</p>", n)),
        ("comments.html", fill("<body>", "<!--", "", n)),
        ("formatting.html", fill("<p>", "<b><i>", "x</p>", n)),
        ("tables.html", fill("<body>", "<table><tr><td>", "x", n)),
        ("anchors.html", fill("<body>", "<a href=x>", "text", n)),
        ("paragraphs.html", fill("<body>", "<p>word, word ", "", n)),
        ("open-angles.html", fill("<p>", "<", "</p>", n)),
        ("json-ld.html", fill("<script type=\"application/ld+json\">", "[", "</script><p>x</p>", n)),
    ]
}

/// claimscope JSON and W3C JSON-LD.
pub fn json(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("deep.json", fill("", "[", "", n)),
        ("deep-objects.jsonld", fill("", "{\"a\":", "", n)),
        ("long-string.jsonld", fill("{\"type\":\"AnnotationCollection\",\"items\":[\"", "x", "\"]}", n)),
        (
            "many-items.jsonld",
            fill(
                "{\"type\":\"AnnotationCollection\",\"items\":[",
                "{\"type\":\"Annotation\",\"target\":{\"source\":\"s\",\"selector\":[{\"type\":\"TextQuoteSelector\",\"exact\":\"ab\"}]}},",
                "{}]}",
                n,
            ),
        ),
    ]
}

/// brat `.ann` files (each imported with a small `.txt` beside it).
pub fn brat(n: usize) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("many.ann", fill("", "T1\tFact 0 1\tx\n", "", n)),
        ("fragments.ann", fill("T1\tFact ", "0 1;", "0 1\tx\n", n)),
        ("notes.ann", fill("", "#1\tAnnotatorNotes T1\tnote\n", "", n)),
        ("junk.ann", fill("", "\t\t;;  \n", "", n)),
    ]
}
