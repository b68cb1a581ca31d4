//! The encoding of a saved web page that is not UTF-8. A browser reads a page in the encoding
//! its `<meta>` declares; claimscope's plain-text rule (UTF-8, else Windows-1252) turned a Polish
//! page declared `windows-1250`, a Chinese one declared `gb2312` and a UTF-8 page with one
//! character cut in half into mojibake from the first accented letter to the last. So a page:
//! 1. with a byte-order mark, UTF-16's zero bytes, or valid UTF-8 (perhaps cut in its last
//!    character): as before ([`super::text::decode`]);
//! 2. else as UTF-8 if that reads it with few errors (each a U+FFFD, counted in the report),
//!    whatever a stale `<meta>` says: a character cut in half by a content system;
//! 3. else in the encoding its first `<meta charset>` or `<meta http-equiv=content-type>`
//!    declares, if that reads it with few errors;
//! 4. else in the encoding chardetng (Firefox's detector of legacy encodings) finds in its bytes
//!    (pages that declare nothing, or declare UTF-8 and are Latin-2 or GBK);
//! 5. else as before (Windows-1252, or an error naming the place).
//!
//! The declaration is looked for in `<meta>` elements only (a `<script charset=…>`, a `<meta`
//! in an attribute's value or in a script's text says nothing about the page) in the first
//! [`HEAD`] bytes: the HTML Standard's prescan reads 1,024, but a
//! browser also switches on a later `<meta>` in the head, and archived pages (the Wayback
//! Machine's) put their own scripts first.

use std::path::Path;

use encoding_rs::Encoding;

use super::ImportError;
use super::text::{decode, normalize_newlines, unambiguous};

/// How far into a page its declaration is looked for.
const HEAD: usize = 16 * 1024;

/// At least this many non-ASCII characters that decode for each byte sequence that fails, for
/// an encoding to be taken (a character cut by a content system, a stray byte of another
/// encoding). Read in the wrong encoding, a page fails on nearly every non-ASCII character: a
/// Latin-1 page read as UTF-8 decodes almost none, since its accented letters are seldom
/// followed by the bytes UTF-8 needs after them.
const DECODED_PER_ERROR: usize = 2;

/// The text of a web page's bytes, and a note for the report when it was not plain UTF-8 (what
/// it was read as, and how many byte sequences became U+FFFD).
pub fn decode_page(bytes: &[u8], path: &Path) -> Result<(String, Option<String>), ImportError> {
    // `leeway`: errors allowed beyond one per two decoded characters (a page that declares
    // UTF-8 and has few non-ASCII characters may still have a cut one).
    let read = |enc: &'static Encoding, how: &str, leeway: usize| -> Option<(String, Option<String>)> {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        // U+FFFD the bytes already held (as UTF-8) are not errors of this reading.
        let held = if enc == encoding_rs::UTF_8 { count(bytes, "\u{FFFD}".as_bytes()) } else { 0 };
        let errors = text.matches('\u{FFFD}').count().saturating_sub(held);
        let decoded = text.chars().filter(|c| !c.is_ascii() && *c != '\u{FFFD}').count();
        if errors * DECODED_PER_ERROR > decoded + leeway * DECODED_PER_ERROR {
            return None;
        }
        let mut note = if enc == encoding_rs::UTF_8 {
            String::new()
        } else {
            format!("not UTF-8: read as {} ({how})", enc.name())
        };
        if errors > 0 {
            if !note.is_empty() {
                note.push_str("; ");
            }
            note.push_str(&format!("{errors} byte sequence(s) that are not {} replaced with U+FFFD", enc.name()));
        }
        Some((normalize_newlines(&text), (!note.is_empty()).then_some(note)))
    };
    let declared = declared(bytes);
    // ISO-2022-JP is seven bits, so valid UTF-8 byte for byte: a page that declares it and
    // holds its escape sequences is read so (it had come in as ASCII, its kanji as "$BF|K\@",
    // the escapes dropped as control characters).
    if declared == Some(encoding_rs::ISO_2022_JP)
        && bytes.contains(&0x1b)
        && encoding_rs::Encoding::for_bom(bytes).is_none()
        && let Some(found) = read(encoding_rs::ISO_2022_JP, "as the page declares", 0)
    {
        return Ok(found);
    }
    if unambiguous(bytes) {
        let (text, assumed) = decode(bytes, path)?;
        return Ok((text, assumed.map(|e| format!("not UTF-8: read as {e}"))));
    }
    // UTF-8 with a few bad sequences is UTF-8 whatever an old `<meta>` says: text in another
    // encoding almost never forms UTF-8's multi-byte sequences, and a single-byte encoding
    // would read it without an error, as mojibake.
    let utf8_declared = declared == Some(encoding_rs::UTF_8);
    if let Some(found) = read(encoding_rs::UTF_8, "", usize::from(utf8_declared)) {
        return Ok(found);
    }
    if let Some(d) = declared.filter(|d| *d != encoding_rs::UTF_8)
        && let Some(found) = read(d, "as the page declares", 0)
    {
        return Ok(found);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guessed = detector.guess(None, chardetng::Utf8Detection::Deny);
    if let Some(found) = read(guessed, "detected", 0) {
        return Ok(found);
    }
    let (text, assumed) = decode(bytes, path)?;
    Ok((text, assumed.map(|e| format!("not UTF-8: read as {e}"))))
}

/// The text of a page whose container labels its charset (an MHTML part's `Content-Type`):
/// UTF-8 when the bytes are (whatever the label says, as for a `<meta>`), else the label's
/// encoding when it reads them with few errors, else as [`decode_page`] reads a page; and a
/// note when it was not plain UTF-8.
pub fn decode_labelled(bytes: &[u8], label: Option<&str>) -> (String, Option<String>) {
    let labelled = label.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    let seven_bit_jp = labelled == Some(encoding_rs::ISO_2022_JP) && bytes.contains(&0x1b);
    if !seven_bit_jp && let Ok(text) = std::str::from_utf8(bytes) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        return (normalize_newlines(text), None);
    }
    if let Some(enc) = labelled.filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE) {
        let (text, _, errors) = enc.decode(bytes);
        if !errors {
            let note = (enc != encoding_rs::UTF_8)
                .then(|| format!("not UTF-8: read as {} (as its part declares)", enc.name()));
            return (normalize_newlines(&text), note);
        }
    }
    match decode_page(bytes, Path::new("part")) {
        Ok(read) => read,
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (normalize_newlines(&text), Some("not UTF-8: read as windows-1252".into()))
        }
    }
}

/// Occurrences of `needle` in `hay`.
fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

/// Position of `needle` in `hay`, ASCII case ignored.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// The encoding the page's first `<meta>` declaring one names (outside comments), as the HTML
/// Standard maps it: a UTF-16 label means UTF-8 (the bytes are ASCII-compatible if we read
/// it), x-user-defined means Windows-1252.
pub fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(HEAD)];
    let mut i = 0;
    while let Some(at) = head[i..].iter().position(|&b| b == b'<') {
        let k = i + at;
        let rest = &head[k..];
        if rest.starts_with(b"<!--") {
            i = find(&rest[4..], b"-->").map_or(head.len(), |e| k + 4 + e + 3);
            continue;
        }
        // A tag: its name, then its attributes to the `>` outside quotes (a `<meta` inside an
        // attribute's value is text, not an element).
        let name_len = rest[1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            i = k + 1;
            continue;
        }
        let name = &rest[1..1 + name_len];
        let end = tag_end(rest, 1 + name_len);
        if name.eq_ignore_ascii_case(b"meta")
            && let Some(enc) = meta_charset(&rest[1 + name_len..end.map_or(rest.len(), |e| e - 1)])
        {
            return Some(match enc {
                e if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
                e if e == encoding_rs::X_USER_DEFINED => encoding_rs::WINDOWS_1252,
                e => e,
            });
        }
        let end = end?;
        i = k + end;
        // The text of a script, a style or a title is not markup: a `<meta` written by a
        // script's `document.write` is not the page's.
        if RAW_TEXT.iter().any(|r| name.eq_ignore_ascii_case(r)) {
            let mut close = b"</".to_vec();
            close.extend_from_slice(name);
            i = find(&head[i..], &close).map_or(head.len(), |e| i + e);
        }
    }
    None
}

/// Elements whose content is text, not markup.
const RAW_TEXT: &[&[u8]] = &[b"script", b"style", b"title", b"textarea", b"xmp", b"noscript", b"iframe"];

/// Past the `>` that ends the tag opening `rest`, reading from `from`: quoted attribute values
/// may hold `>`. `None` when it does not end.
fn tag_end(rest: &[u8], from: usize) -> Option<usize> {
    // A quote opens a value only after `=`, as the tokenizer reads it ("<p don't>" ends at `>`).
    let (mut quote, mut after_equals) = (None, false);
    for (k, &b) in rest.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (None, b'"' | b'\'') if after_equals => quote = Some(b),
            (None, b'>') => return Some(k + 1),
            // Inside a value, or any other byte of the tag.
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            after_equals = quote.is_none() && b == b'=';
        }
    }
    None
}

/// The encoding a `<meta>` element's attributes (the bytes between `<meta` and `>`) declare.
fn meta_charset(tag: &[u8]) -> Option<&'static Encoding> {
    let attrs = attributes(tag);
    let get = |name: &[u8]| attrs.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v);
    if let Some(label) = get(b"charset") {
        return Encoding::for_label(label.trim_ascii());
    }
    if get(b"http-equiv").is_some_and(|v| v.trim_ascii().eq_ignore_ascii_case(b"content-type")) {
        // content="text/html; charset=windows-1250"
        let content = get(b"content")?;
        let at = find(content, b"charset")?;
        let value = content[at + 7..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
        let value = value.strip_prefix(b"\"").or_else(|| value.strip_prefix(b"'")).unwrap_or(value);
        let end = value
            .iter()
            .position(|&b| matches!(b, b';' | b'"' | b'\'') || b.is_ascii_whitespace())
            .unwrap_or(value.len());
        return Encoding::for_label(&value[..end]);
    }
    None
}

/// The attributes of a tag's inside, as (name, value) byte slices; a value may be quoted.
fn attributes(tag: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tag.len() {
        while i < tag.len() && (tag[i].is_ascii_whitespace() || tag[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < tag.len() && !tag[i].is_ascii_whitespace() && !matches!(tag[i], b'=' | b'/') {
            i += 1;
        }
        let name = &tag[start..i];
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value: &[u8] = b"";
        if tag.get(i) == Some(&b'=') {
            i += 1;
            while i < tag.len() && tag[i].is_ascii_whitespace() {
                i += 1;
            }
            if let Some(&q) = tag.get(i).filter(|&&q| q == b'"' || q == b'\'') {
                let end = tag[i + 1..].iter().position(|&b| b == q).map_or(tag.len(), |e| i + 1 + e);
                value = &tag[i + 1..end];
                i = end + 1;
            } else {
                let start = i;
                while i < tag.len() && !tag[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &tag[start..i];
            }
        }
        if name.is_empty() && start == i {
            // Nothing read: a stray character; step over it.
            i += 1;
        } else if !name.is_empty() {
            out.push((name, value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ISO-2022-JP, declared, is read so though its bytes are valid UTF-8; undeclared, or
    /// declared on a page without its escapes, the page is UTF-8 as before.
    #[test]
    fn a_declared_iso_2022_jp_page_is_read_as_declared() {
        let (jp, _, _) = encoding_rs::ISO_2022_JP.encode("日本政府は声明を発表した");
        let bytes = page(r#"<meta charset="iso-2022-jp">"#, &jp);
        let (text, note) = decode_page(&bytes, Path::new("x.html")).expect("reads");
        assert!(text.contains("日本政府は声明を発表した"), "{text}");
        assert!(note.is_some_and(|n| n.contains("ISO-2022-JP")));
        let plain = page(r#"<meta charset="iso-2022-jp">"#, "Plain English".as_bytes());
        assert!(decode_page(&plain, Path::new("x.html")).expect("reads").0.contains("Plain English"));
        let undeclared = page("", &jp);
        assert!(!decode_page(&undeclared, Path::new("x.html")).expect("reads").0.contains("日本"));
    }

    fn page(head: &str, body: &[u8]) -> Vec<u8> {
        let mut b = format!("<html><head>{head}</head><body><p>").into_bytes();
        b.extend_from_slice(body);
        b.extend_from_slice(b"</p></body></html>");
        b
    }

    #[test]
    fn a_page_is_read_in_the_encoding_its_meta_declares() {
        // "Sejm zagłosował za" in windows-1250 (ł is 0xB3 there, superscript three in 1252).
        let (text, note) = decode_page(
            &page(
                r#"<meta http-equiv="Content-Type" content="text/html; charset=Windows-1250" />"#,
                b"Sejm zag\xb3osowa\xb3 za",
            ),
            Path::new("p.html"),
        )
        .expect("reads");
        assert!(text.contains("Sejm zagłosował za"), "{text}");
        assert_eq!(note.as_deref(), Some("not UTF-8: read as windows-1250 (as the page declares)"));
        // A script's charset is not the page's; the meta after it is, even past 1,024 bytes.
        let scripts = r#"<script src="a.js" charset="utf-8"></script>"#.repeat(40);
        let gb = page(
            &format!("{scripts}<meta content=\"text/html; charset=gb2312\" http-equiv=\"Content-Type\"/>"),
            b"\xd6\xd0\xce\xc4",
        );
        let (text, _) = decode_page(&gb, Path::new("p.html")).expect("reads");
        assert!(text.contains("中文"), "{text}");
        // A commented-out declaration is not one.
        assert_eq!(
            declared(b"<!-- <meta charset=koi8-r> --><meta charset='iso-8859-2'>"),
            Some(encoding_rs::ISO_8859_2)
        );
        assert_eq!(declared(b"<meta charset=utf-16le>"), Some(encoding_rs::UTF_8));
        assert_eq!(declared(b"<metadata charset=koi8-r>"), None);
    }

    #[test]
    fn a_utf8_page_with_a_cut_character_stays_utf8_and_says_so() {
        let body = "Fundacji Lux Veritatis: zarzuty, ataki i odpowiedź. ".repeat(20);
        let mut bytes = page("<meta charset=\"UTF-8\">", body.as_bytes());
        // A teaser cut in the middle of "ó" by the site's content system.
        bytes.extend_from_slice(b"<p>papieros\xc3...</p>");
        let (text, note) = decode_page(&bytes, Path::new("p.html")).expect("reads");
        assert!(text.contains("odpowiedź") && text.contains("papieros\u{FFFD}..."), "{text}");
        assert_eq!(note.as_deref(), Some("1 byte sequence(s) that are not UTF-8 replaced with U+FFFD"));
    }

    #[test]
    fn a_page_that_declares_nothing_or_the_wrong_encoding_is_detected() {
        // Russian in windows-1251, no declaration: "Президент заявил, что переговоры продолжатся."
        let russian = "Президент заявил, что переговоры продолжатся в среду. ".repeat(8);
        let (ru, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
        let (text, note) = decode_page(&page("", &ru), Path::new("p.html")).expect("reads");
        assert!(text.contains("Президент заявил"), "{text}");
        assert_eq!(note.as_deref(), Some("not UTF-8: read as windows-1251 (detected)"));
        // Declared UTF-8 but written in ISO-8859-2 (many errors as UTF-8): detected instead.
        let polish = "Ziemniaki na szóstej, surówka na dziesiątej. Jak pomagać? ".repeat(8);
        let (pl, _, _) = encoding_rs::ISO_8859_2.encode(&polish);
        let (text, _) = decode_page(&page("<meta charset=utf-8>", &pl), Path::new("p.html")).expect("reads");
        assert!(text.contains("surówka na dziesiątej"), "{text}");
    }

    /// Cases an attack on this reader found read wrong (a helper session's generated pages).
    #[test]
    fn utf8_with_a_flaw_utf16_without_a_mark_and_metas_that_are_not_elements() {
        let decoded = |bytes: &[u8]| decode_page(bytes, Path::new("p.html")).expect("reads").0;
        // UTF-8 cut in its last character, nothing declared.
        let mut cut = page("", "Ich möchte über Straßen schreiben.".as_bytes());
        cut.extend_from_slice(&"ö".as_bytes()[..1]);
        assert!(decoded(&cut).contains("Ich möchte über Straßen schreiben."));
        // UTF-16LE without a byte-order mark, Chinese.
        let utf16: Vec<u8> =
            "<p>国务院新闻办公室今天举行发布会</p>".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decoded(&utf16).contains("国务院新闻办公室"));
        // UTF-8 with one bad byte: undeclared; declared with few other non-ASCII characters;
        // declared Latin-1 by a stale meta.
        for head in ["", "<meta charset=utf-8>", "<meta charset=iso-8859-1>"] {
            let mut b = page(head, "Sejm zagłosował za „ustawą” o ochronie środowiska.".as_bytes());
            b.extend_from_slice(b"<p>papieros\xc3...</p>");
            let text = decoded(&b);
            assert!(
                text.contains("Sejm zagłosował za „ustawą”") && text.contains("papieros\u{FFFD}"),
                "{head}: {text}"
            );
        }
        let quotes = b"The minister said \xe2\x80\x9cthe talks would go on\xe2\x80\x9d, and \xe2\x80";
        assert!(decoded(&page("<meta charset=utf-8>", quotes)).contains("said “the talks would go on”"));
        // A `<meta` in an attribute's value or written by a script is not the page's.
        let (ru, _, _) = encoding_rs::WINDOWS_1251.encode("Министерство обороны сообщило");
        for head in [
            r#"<div title="<meta charset=koi8-r>"></div><meta charset=windows-1251>"#,
            "<script>document.write('<meta charset=koi8-r>')</script><meta charset=windows-1251>",
        ] {
            assert!(decoded(&page(head, &ru)).contains("Министерство обороны"), "{head}");
        }
    }

    /// The declaration scan reads at most [`HEAD`] bytes, each a bounded number of times (every
    /// unclosed comment or tag ends the scan), so no head makes it slow; none of these declares.
    #[test]
    fn hostile_heads_declare_nothing() {
        for head in [
            "<meta ".repeat(200_000),
            "<meta a=\"".repeat(100_000),
            "<!--".repeat(200_000),
            "<meta charset".repeat(100_000),
            "<".repeat(1_000_000),
            "<meta charset=\"".to_owned() + &"x".repeat(1_000_000),
        ] {
            assert_eq!(declared(head.as_bytes()), None, "{}", &head[..20]);
            let (text, _) = decode_page(&[head.as_bytes(), b"\xff"].concat(), Path::new("p.html")).expect("reads");
            assert!(text.len() >= head.len(), "nothing dropped");
        }
    }
}
