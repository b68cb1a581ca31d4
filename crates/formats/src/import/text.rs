//! Plain-text articles.

use std::path::Path;

use super::{Article, ImportError};
use crate::store::positions::line_col;

/// Longest title taken from a first line, in chars.
const MAX_TITLE: usize = 200;

/// A plain-text article: the title is the first non-blank line; the text is kept whole (the
/// headline is part of how an outlet frames a story).
pub fn convert(text: &str) -> Article {
    Article { title: title_from(text), text: text.to_owned(), ..Article::default() }
}

/// The text of a file: UTF-8 (with or without a byte-order mark), UTF-16 (by its byte-order
/// mark, or by the zero bytes of mostly-Latin text without one), else Windows-1252 (a superset of
/// Latin-1's printable characters, what old Windows and many news databases write). CRLF and lone
/// CR become LF. Returns the encoding assumed when it was not UTF-8, for the report. Nothing is
/// replaced silently: a byte Windows-1252 leaves undefined is an error with its place.
pub fn decode(bytes: &[u8], path: &Path) -> Result<(String, Option<&'static str>), ImportError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(ImportError::Invalid {
                path: path.to_owned(),
                message: format!("the file is not valid {}", enc.name()),
            });
        }
        let name = if enc == encoding_rs::UTF_8 { None } else { Some(enc.name()) };
        return Ok((normalize_newlines(&text), name));
    }
    // UTF-16 before UTF-8: Cyrillic or Chinese in UTF-16 without a mark can be valid UTF-8 byte
    // for byte (control characters and Latin letters), but no text is a third zero bytes.
    if let Some(enc) = utf16_without_bom(bytes) {
        // A file cut short (an odd last byte, half a surrogate pair) ends in one U+FFFD, not
        // a reason to read it otherwise.
        let even = &bytes[..bytes.len() & !1];
        for whole in [even, &even[..even.len().saturating_sub(2)]] {
            let (text, had_errors) = enc.decode_without_bom_handling(whole);
            if !had_errors {
                let mut text = normalize_newlines(&text);
                if whole.len() < bytes.len() {
                    text.push('\u{FFFD}');
                }
                return Ok((text, Some(enc.name())));
            }
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => return Ok((normalize_newlines(s), None)),
        Err(e) if cut_in_a_character(bytes, &e) => {
            // Cut off in the middle of a character (a truncated download): keep what is whole.
            let s = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            return Ok((normalize_newlines(s), None));
        }
        Err(_) => {}
    }
    let (text, had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\u{0}') {
        let at = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
        let good = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        return Err(ImportError::NotUtf8 { path: path.to_owned(), at: line_col(good, good.len()) });
    }
    Ok((normalize_newlines(&text), Some("Windows-1252")))
}

/// UTF-8 but for a character cut off at the very end (a truncated download).
fn cut_in_a_character(bytes: &[u8], e: &std::str::Utf8Error) -> bool {
    e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() && bytes.len() > 4
}

/// True when [`decode`] reads `bytes` without guessing: a byte-order mark, UTF-16's zero bytes,
/// or UTF-8 (perhaps cut in its last character).
pub fn unambiguous(bytes: &[u8]) -> bool {
    encoding_rs::Encoding::for_bom(bytes).is_some()
        || utf16_without_bom(bytes).is_some()
        || std::str::from_utf8(bytes).map_or_else(|e| cut_in_a_character(bytes, &e), |_| true)
}

/// UTF-16 without a byte-order mark shows as a zero byte beside most ASCII letters: at odd
/// positions for little-endian, even for big-endian. Text in one script outside ASCII
/// (Cyrillic, Greek, Hebrew, Arabic) has few zero bytes but the same high byte in most code
/// units (0x04 for Cyrillic); it is taken for UTF-16 only when the bytes make no sense as UTF-8
/// text: Cyrillic UTF-16 is valid UTF-8 byte for byte, as control characters and Latin letters
/// ("@57845=B" for "Президент"), and was read so.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zeros_odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    if zeros_odd * 10 > pairs * 3 && zeros_even * 10 < pairs {
        return Some(encoding_rs::UTF_16LE);
    }
    if zeros_even * 10 > pairs * 3 && zeros_odd * 10 < pairs {
        return Some(encoding_rs::UTF_16BE);
    }
    // Chinese, Japanese or Korean: few zero bytes (their line breaks and the odd ASCII), and
    // their other bytes read as pairs of Latin letters. But their high bytes keep to a few rows:
    // ASCII's 0x00, punctuation and kana's 0x30, the ideographs' 0x4E-0x9F, Hangul's 0xAC-0xD7,
    // fullwidth forms' 0xFF; a Latin text's every other byte (its spaces, capitals A-M,
    // punctuation) does not. With a zero byte or two there (no 8-bit text holds one) and a clean
    // decoding, it is UTF-16. (Such a file was refused as "not UTF-8": its zero bytes are no
    // Windows-1252 text either.)
    for (enc, high) in [(encoding_rs::UTF_16LE, 1), (encoding_rs::UTF_16BE, 0)] {
        let highs = || sample.iter().skip(high).step_by(2);
        let zeros = highs().filter(|&&b| b == 0).count();
        let cjk = highs().filter(|&&b| matches!(b, 0x00 | 0x30 | 0x4E..=0x9F | 0xAC..=0xD7 | 0xFF)).count();
        if zeros >= 2 && cjk * 20 >= pairs * 19 {
            let (text, had_errors) = enc.decode_without_bom_handling(&sample[..sample.len() - 2]);
            if !had_errors && controls(&text) * 100 < text.chars().count() {
                return Some(enc);
            }
        }
    }
    if pairs < 8 || std::str::from_utf8(bytes).is_ok_and(|s| controls(s) * 10 < s.chars().count()) {
        return None;
    }
    [(encoding_rs::UTF_16LE, 1), (encoding_rs::UTF_16BE, 0)].into_iter().find_map(|(enc, high)| {
        // The last code unit may be half of a pair cut by the sample.
        let (text, had_errors) = enc.decode_without_bom_handling(&sample[..sample.len() - 2]);
        let mut highs = [0usize; 256];
        for b in sample.iter().skip(high).step_by(2) {
            highs[usize::from(*b)] += 1;
        }
        // The scripts below U+2000 (Greek, Cyrillic, Hebrew, Arabic, Indic…): a high byte under
        // 0x20. (Above, a text of spaces every other byte read as UTF-16 was taken for one: a
        // Windows-1252 list of spaced digits came in as "‱′″".)
        let script = highs[1..0x20].iter().max().copied().unwrap_or(0);
        let one_script = (highs[0] + script) * 10 >= pairs * 9;
        (!had_errors && one_script && controls(&text) * 100 < text.chars().count()).then_some(enc)
    })
}

/// Control characters other than tab, line feed and carriage return.
fn controls(s: &str) -> usize {
    s.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')).count()
}

/// CRLF and lone CR to LF.
pub fn normalize_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_owned();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// True for a title that is a file's name ("expected.html", "report_final.pdf"): what a
/// browser's print dialog or a converter puts in the document information.
pub(crate) fn is_file_name(title: &str) -> bool {
    // Word's PDF printer names the document after the window: "Microsoft Word - memo.docx".
    let title = title.strip_prefix("Microsoft Word - ").unwrap_or(title).trim();
    let Some((stem, ext)) = title.rsplit_once('.') else { return false };
    let ext = ext.to_ascii_lowercase();
    !stem.is_empty()
        && !title.contains(' ')
        && ["html", "htm", "pdf", "doc", "docx", "odt", "rtf", "txt", "tex", "dvi", "ps", "aspx", "php", "md"]
            .contains(&ext.as_str())
}

/// The first non-blank line, trimmed and cut to a sensible length.
pub fn title_from(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("Untitled");
    if line.chars().count() > MAX_TITLE {
        let cut: String = line.chars().take(MAX_TITLE - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_bytes(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
        crate::import::article_from_bytes(bytes, path, title)
    }

    #[test]
    fn a_title_that_is_a_file_name_gives_way_to_the_first_line() {
        for name in ["expected.html", "Microsoft Word - memo.docx", "report_final.PDF"] {
            assert!(is_file_name(name), "{name}");
            let html = format!(
                "<html><head><title>{name}</title></head><body><h1>Strike on Baghdad</h1><p>Text of the article.</p></body></html>"
            );
            let a = from_bytes(html.as_bytes(), Path::new("page.html"), None).expect("reads");
            assert_eq!(a.title, "Strike on Baghdad", "{name}");
        }
        for title in ["U.S. strike", "Iran vows revenge", "Version 2.0 released"] {
            assert!(!is_file_name(title), "{title}");
        }
    }

    /// A page named only ".html" is a page; a character reference to nothing is counted.
    #[test]
    fn a_page_named_only_by_its_ending_is_a_page_and_references_to_nothing_are_counted() {
        let page = b"<html><body><article><p>The ministry said on Friday that the talks would go on &#0; next week.</p></article></body></html>";
        let a = from_bytes(page, Path::new("saved/.html"), None).expect("reads");
        assert!(!a.text.contains("<p>"), "read as a page: {}", a.text);
        assert!(a.text.contains("go on \u{FFFD} next week"), "{}", a.text);
        assert!(a.notes.iter().any(|n| n.starts_with("the text holds 1 replacement character")), "{:?}", a.notes);
        // A U+FFFD of the page outside the story (in a script, a menu) does not hide the story's.
        let page = "<html><head><script>var s = '\u{FFFD}\u{FFFD}';</script></head><body><nav>\u{FFFD}</nav><article>\
                    <p>The ministry said on Friday that the talks would go on &#0; next week, &#xD800; and after.</p></article></body></html>";
        let markdown = "The ministry said on Friday that the talks would go on &#0; next week, &#xD800; and after.";
        for (name, page) in [("a.html", page), ("a.md", markdown)] {
            let a = from_bytes(page.as_bytes(), Path::new(name), None).expect("reads");
            let held = a.text.matches('\u{FFFD}').count();
            assert!(held >= 2, "{name}: {}", a.text);
            let note = format!("the text holds {held} replacement character");
            assert!(a.notes.iter().any(|n| n.starts_with(&note)), "{name}: {:?}", a.notes);
        }
    }

    /// UTF-16 without a mark in one script outside ASCII: Cyrillic's bytes are valid UTF-8 (read
    /// as "@57845=B" before), Greek's are not (refused before); odd lengths and both byte orders.
    #[test]
    fn utf16_without_a_mark_in_cyrillic_or_greek_is_read() {
        let ru = "Президент заявил, что переговоры продолжатся в среду. ".repeat(20);
        let el = "Ο πρόεδρος δήλωσε ότι οι συνομιλίες θα συνεχιστούν την Τετάρτη. ".repeat(20);
        for text in [&ru, &el] {
            for (order, bytes) in [
                ("LE", text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()),
                ("BE", text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
            ] {
                let a = from_bytes(&bytes, Path::new("a.txt"), None).expect("reads");
                assert_eq!(a.text.trim(), text.trim(), "{order}");
                let mut odd = bytes.clone();
                odd.push(b'x');
                let a = from_bytes(&odd, Path::new("a.txt"), None).expect("reads");
                assert!(a.text.starts_with(text.trim()), "{order} odd: {}", a.text);
            }
        }
        let page = format!("<html><body><article><p>{ru}</p></article></body></html>");
        let bytes: Vec<u8> = page.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let a = from_bytes(&bytes, Path::new("a.html"), None).expect("reads");
        assert!(a.text.contains("Президент заявил"), "{}", a.text);
        // Cut inside its last surrogate pair, it is read still, with one U+FFFD.
        let mut cut: Vec<u8> = format!("{ru}𝄞").encode_utf16().flat_map(u16::to_le_bytes).collect();
        cut.truncate(cut.len() - 2);
        let a = from_bytes(&cut, Path::new("a.txt"), None).expect("reads");
        assert!(a.text.starts_with("Президент") && a.text.ends_with('\u{FFFD}'), "{}", a.text);
        // Spaced digits in Windows-1252 are not UTF-16.
        let digits = "1 2 3 4 5 6 7 8 9 café ".repeat(40);
        let (spaced, _, _) = encoding_rs::WINDOWS_1252.encode(&digits);
        let a = from_bytes(&spaced, Path::new("a.txt"), None).expect("reads");
        assert!(a.text.starts_with("1 2 3"), "{}", a.text);
        // Chinese and Japanese with their line breaks (read as Windows-1252 before).
        let zh = "总统周三表示，谈判将在下周继续进行。\n外交部发言人拒绝发表评论。\n".repeat(30);
        let ja = "大統領は水曜日、交渉は来週も続くと述べた。\n外務省の報道官はコメントを控えた。\n".repeat(30);
        for text in [&zh, &ja] {
            for bytes in [
                text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>(),
                text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            ] {
                let a = from_bytes(&bytes, Path::new("a.txt"), None).expect("reads");
                assert_eq!(a.text.trim(), text.trim());
            }
        }
        // Zero bytes in a Latin text are no UTF-16 (a damaged 8-bit file): refused as before.
        let mut damaged = b"Die Stra\xDFe f\xFChrt \x00\x00 weiter, sagte er am Montag.".repeat(20);
        damaged.truncate(damaged.len() & !1);
        assert!(matches!(from_bytes(&damaged, Path::new("a.txt"), None), Err(ImportError::NotUtf8 { .. })));
        // Latin-1 German is read as Windows-1252 still, not as UTF-16.
        let de = "Die Straße führt über die Brücke, sagte der Bürgermeister am Montag. ".repeat(20);
        let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&de);
        let a = from_bytes(&latin1, Path::new("a.txt"), None).expect("reads");
        assert_eq!(a.text.trim(), de.trim());
    }

    /// A file named as a format read by its first bytes, holding something else, is named as
    /// such (the message had said that .pdf files cannot be imported, beside "it reads .pdf").
    #[test]
    fn a_file_named_pdf_that_holds_a_page_says_so() {
        for name in ["a.pdf", "a.docx", "a.odt"] {
            let e = from_bytes(b"<html><body><p>x</p></body></html>", Path::new(name), None).expect_err("refused");
            assert!(e.to_string().contains("does not hold one"), "{name}: {e}");
        }
    }

    /// Text written decomposed (an accent as its own mark, Bengali vowel signs apart) is
    /// composed on import, so a search typed composed finds it; the report says so.
    #[test]
    fn decomposed_text_is_composed() {
        let decomposed =
            "Cafe\u{301} in Dhaka: \u{995}\u{9c7}\u{9be} said the minister, and Ha\u{300} No\u{323}\u{302}i agreed.";
        for name in ["a.txt", "a.html", "a.md"] {
            let a = from_bytes(decomposed.as_bytes(), Path::new(name), None).expect("reads");
            assert!(
                a.text.contains("Café in Dhaka: \u{995}\u{9cb} said") && a.text.contains("Hà Nội"),
                "{name}: {}",
                a.text
            );
            assert!(a.notes.iter().any(|n| n.contains("composed (NFC)")), "{name}: {:?}", a.notes);
        }
        let a = from_bytes("Café".as_bytes(), Path::new("b.txt"), None).expect("reads");
        assert!(a.notes.is_empty(), "{:?}", a.notes);
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        let a =
            from_bytes(b"\xEF\xBB\xBF\r\nTitle \xE2\x80\x9Cq\xE2\x80\x9D\r\nbody\rmore\r\n", Path::new("a.txt"), None)
                .expect("reads");
        assert_eq!(a.title, "Title “q”");
        assert_eq!(a.text, "\nTitle “q”\nbody\nmore\n");
    }

    #[test]
    fn other_encodings_are_decoded_and_said() {
        // Windows-1252: curly quotes and an e acute, as old Windows files have them.
        let a = from_bytes(b"\x93Caf\xe9\x94 attack\r\nbody", Path::new("w.txt"), None).expect("reads");
        assert_eq!(a.text, "“Café” attack\nbody");
        assert_eq!(a.notes, vec!["not UTF-8: read as Windows-1252".to_owned()]);
        // UTF-16 with and without a byte-order mark.
        let utf16: Vec<u8> = "Zürich “x”".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&utf16);
        for bytes in [with_bom, utf16] {
            let a = from_bytes(&bytes, Path::new("u.txt"), None).expect("reads");
            assert_eq!(a.text, "Zürich “x”");
            assert!(a.notes.iter().any(|n| n.contains("UTF-16LE")), "{:?}", a.notes);
        }
    }

    #[test]
    fn control_characters_are_removed_and_counted() {
        let a = from_bytes(b"Title\x1b[31m\nNUL\x00 here\x07", Path::new("c.txt"), None).expect("reads");
        assert_eq!(a.title, "Title[31m");
        assert_eq!(a.text, "Title[31m\nNUL here");
        assert_eq!(a.notes, vec!["3 control character(s) removed".to_owned()]);
    }

    #[test]
    fn blank_is_refused_and_given_title_wins() {
        assert!(matches!(from_bytes(b" \r\n ", Path::new("e.txt"), None), Err(ImportError::Empty { .. })));
        let a = from_bytes(b"first\nsecond", Path::new("t.txt"), Some(" Mine ")).expect("reads");
        assert_eq!(a.title, "Mine");
        assert_eq!(a.text, "first\nsecond");
    }

    #[test]
    fn long_first_line_is_cut() {
        let long = "word ".repeat(100);
        let t = title_from(&long);
        assert!(t.chars().count() <= MAX_TITLE && t.ends_with('…'));
    }
}
