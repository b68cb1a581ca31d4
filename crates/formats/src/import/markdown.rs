//! Markdown articles: markup removed, paragraphs kept. Lines of one paragraph are joined (a hard
//! wrap is not a paragraph break); headings, list items, table cells and quotes become paragraphs
//! of their own; footnotes go to the end. A YAML front matter block gives title, outlet, date
//! and author when it has them. Parsing is pulldown-cmark's.

use super::Article;
use super::text::title_from;

/// Markdown to an article: plain text, with title and metadata where found. Parsed by
/// pulldown-cmark (CommonMark, linear in its input).
pub fn convert(src: &str) -> Article {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    let mut article = Article::default();
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_metadata = false;
    let mut in_footnote = 0usize;
    let mut heading: Option<String> = None;
    // An HTML block's markup, gathered to its end, and the blocks whose text could not be read.
    let mut html_block: Option<String> = None;
    let mut unread: Vec<String> = Vec::new();
    let flush = |current: &mut String, to: &mut Vec<String>| {
        let t = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            to.push(t);
        }
        current.clear();
    };
    for event in Parser::new_ext(src, opts) {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(t) if in_metadata => front_matter(&t, &mut article),
            Event::Start(Tag::FootnoteDefinition(_)) => {
                flush(&mut current, &mut paragraphs);
                in_footnote += 1;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                flush(&mut current, &mut notes);
                in_footnote = in_footnote.saturating_sub(1);
            }
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut current, &mut paragraphs);
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take()
                    && article.title.is_empty()
                {
                    article.title = h.split_whitespace().collect::<Vec<_>>().join(" ");
                }
                flush(&mut current, &mut paragraphs);
            }
            Event::Start(Tag::CodeBlock(_)) => flush(&mut current, &mut paragraphs),
            Event::End(TagEnd::CodeBlock) => {
                let code = current.trim_end_matches('\n').to_owned();
                if !code.trim().is_empty() {
                    paragraphs.push(code);
                }
                current.clear();
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_) | TagEnd::TableHead,
            )
            | Event::Start(Tag::Item | Tag::Table(_)) => {
                let to = if in_footnote > 0 { &mut notes } else { &mut paragraphs };
                flush(&mut current, to);
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                current.push_str(&t);
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                current.push(' ');
                if let Some(h) = heading.as_mut() {
                    h.push(' ');
                }
            }
            Event::FootnoteReference(label) => {
                current.push_str(&format!("[{label}]"));
            }
            // An HTML block's text is the article's (`<div>Important text…</div>` was lost
            // without a word); its markup is read by the page reader's parser, guarded.
            Event::Start(Tag::HtmlBlock) => {
                flush(&mut current, &mut paragraphs);
                html_block = Some(String::new());
            }
            Event::Html(t) => {
                if let Some(b) = html_block.as_mut() {
                    b.push_str(&t);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let markup = html_block.take().unwrap_or_default();
                // A comment, style or script block never closed runs to the end of the file,
                // as CommonMark reads it: said, since the rest of the file is not read.
                let low = markup.to_ascii_lowercase();
                let unclosed = [
                    ("<!--", "-->"),
                    ("<style", "</style"),
                    ("<script", "</script"),
                    ("<pre", "</pre"),
                    ("<textarea", "</textarea"),
                ]
                .iter()
                .find(|(open, close)| low.trim_start().starts_with(open) && !low.contains(close));
                if let Some((open, _)) = unclosed {
                    article.notes.push(format!(
                        "an HTML block opened with {open} and never closed: the {} character(s) after it are not read",
                        markup.chars().count()
                    ));
                }
                match super::html::fragment_paragraphs(&markup) {
                    Ok(found) => {
                        let to = if in_footnote > 0 { &mut notes } else { &mut paragraphs };
                        to.extend(found);
                    }
                    Err(why) => unread.push(why),
                }
            }
            // Inline HTML (its tags; the text between them comes as text), rules, task
            // markers: no text of the article.
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    paragraphs.extend(notes);
    article.text = paragraphs.join("\n\n");
    if let Some(why) = unread.first() {
        article.notes.push(format!("{} HTML block(s) left out: {why}", unread.len()));
    }
    if article.title.is_empty() {
        article.title = title_from(&article.text);
    }
    article
}

/// Title, outlet, date and address from a YAML front matter block (simple `key: value` lines).
fn front_matter(block: &str, article: &mut Article) {
    for l in block.lines() {
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'').to_owned();
            match k.trim().to_lowercase().as_str() {
                "title" => article.title = v,
                "source" | "outlet" | "publisher" | "site" => article.source = v,
                "date" | "published" => article.published = v,
                "url" | "link" | "canonical" => article.url = v,
                "author" | "byline" | "authors" => article.byline = v,
                _ => {}
            }
        }
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

    /// An HTML block's text is the article's, a paragraph per block element, its scripts left
    /// out; a block nested past the page guard's limit is left out with a note, not parsed.
    #[test]
    fn html_blocks_keep_their_text() {
        // The author's asides, figures and text areas are text; an unclosed comment is noted.
        let a = convert(
            "One.\n\n<aside>An aside.</aside>\n\n<figure><figcaption>A caption.</figcaption></figure>\n\n<textarea>Typed.</textarea>\n\nTwo.\n\n<!-- never closed\n\nThree.",
        );
        assert_eq!(a.text, "One.\n\nAn aside.\n\nA caption.\n\nTyped.\n\nTwo.");
        assert!(
            a.notes.iter().any(|n| n.starts_with("an HTML block opened with <!-- and never closed")),
            "{:?}",
            a.notes
        );
        let a = convert(
            "Para one.\n\n<div>Important <b>text</b> of the story.<p>And more.</p><script>var x=1;</script></div>\n\nPara two.",
        );
        assert_eq!(a.text, "Para one.\n\nImportant text of the story.\n\nAnd more.\n\nPara two.");
        assert!(a.notes.is_empty(), "{:?}", a.notes);
        let deep = format!("Para one.\n\n<div>{}x{}\n\nPara two.", "<div>".repeat(10_000), "</div>".repeat(10_000));
        let a = convert(&deep);
        assert_eq!(a.text, "Para one.\n\nPara two.");
        assert!(
            a.notes.iter().any(|n| n.starts_with("1 HTML block(s) left out") && n.contains("nested")),
            "{:?}",
            a.notes
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
