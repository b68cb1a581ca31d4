//! The encoding of a saved web page that is not UTF-8. A browser reads a page in the encoding
//! its `<meta>` declares; claimscope's plain-text rule (UTF-8, else Windows-1252) turned a Polish
//! page declared `windows-1250`, a Chinese one declared `gb2312` and a UTF-8 page with one
//! character cut in half into mojibake from the first accented letter to the last. So a page:
//! 1. with a byte-order mark, or valid UTF-8: as before ([`super::text::decode`]);
//! 2. else in the encoding its first `<meta charset>` or `<meta http-equiv=content-type>`
//!    declares, if that reads the bytes with few errors (each error a U+FFFD, counted in the
//!    report): a page declared UTF-8 with a cut character is still UTF-8;
//! 3. else in the encoding chardetng (Firefox's detector of legacy encodings) finds in its bytes
//!    (pages that declare nothing, or declare UTF-8 and are Latin-2 or GBK);
//! 4. else as before (Windows-1252, or an error naming the place).
//!
//! The declaration is looked for in `<meta>` elements only (a `<script charset=…>` says nothing
//! about the page) in the first [`HEAD`] bytes: the HTML Standard's prescan reads 1,024, but a
//! browser also switches on a later `<meta>` in the head, and archived pages (the Wayback
//! Machine's) put their own scripts first.

use std::path::Path;

use encoding_rs::Encoding;

use super::ImportError;
use super::text::{decode, normalize_newlines};

/// How far into a page its declaration is looked for.
const HEAD: usize = 16 * 1024;

/// At most one byte sequence that fails to decode for this many non-ASCII characters that
/// decode, for an encoding to be taken (a character cut by a content system, a stray byte of
/// another encoding); a page in another encoding fails on nearly every non-ASCII byte.
const DECODED_PER_ERROR: usize = 10;

/// The text of a web page's bytes, and a note for the report when it was not plain UTF-8 (what
/// it was read as, and how many byte sequences became U+FFFD).
pub fn decode_page(bytes: &[u8], path: &Path) -> Result<(String, Option<String>), ImportError> {
    if Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok() {
        let (text, assumed) = decode(bytes, path)?;
        return Ok((text, assumed.map(|e| format!("not UTF-8: read as {e}"))));
    }
    let read = |enc: &'static Encoding, how: &str| -> Option<(String, Option<String>)> {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        // U+FFFD the bytes already held (as UTF-8) are not errors of this reading.
        let held = if enc == encoding_rs::UTF_8 { count(bytes, "\u{FFFD}".as_bytes()) } else { 0 };
        let errors = text.matches('\u{FFFD}').count().saturating_sub(held);
        let decoded = text.chars().filter(|c| !c.is_ascii() && *c != '\u{FFFD}').count();
        if errors * DECODED_PER_ERROR > decoded {
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
    if let Some(declared) = declared(bytes)
        && let Some(found) = read(declared, "as the page declares")
    {
        return Ok(found);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guessed = detector.guess(None, chardetng::Utf8Detection::Deny);
    if let Some(found) = read(guessed, "detected") {
        return Ok(found);
    }
    let (text, assumed) = decode(bytes, path)?;
    Ok((text, assumed.map(|e| format!("not UTF-8: read as {e}"))))
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
        let after = rest.get(5).copied();
        if rest.len() > 5
            && rest[1..5].eq_ignore_ascii_case(b"meta")
            && after.is_some_and(|c| c.is_ascii_whitespace() || c == b'/')
        {
            let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
            if let Some(enc) = meta_charset(&rest[5..end]) {
                return Some(match enc {
                    e if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
                    e if e == encoding_rs::X_USER_DEFINED => encoding_rs::WINDOWS_1252,
                    e => e,
                });
            }
            i = k + end;
            continue;
        }
        i = k + 1;
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
