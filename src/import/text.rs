//! Plain-text articles.

use std::path::Path;

use super::{Article, ImportError};
use crate::store::positions::line_col;

/// Longest title taken from a first line, in chars.
const MAX_TITLE: usize = 200;

/// Reads a plain-text article. The title is the first non-blank line unless `title` is given;
/// the text is kept whole (the headline is part of how an outlet frames a story).
pub fn read(path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io { path: path.to_owned(), source })?;
    from_bytes(&bytes, path, title)
}

/// Same as [`read`], on bytes already read; `path` is used in messages only.
pub fn from_bytes(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
    let text = decode(bytes, path)?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty { path: path.to_owned() });
    }
    let title = match title {
        Some(t) => t.trim().to_owned(),
        None => title_from(&text),
    };
    Ok(Article { title, text, ..Article::default() })
}

/// UTF-8 with or without a byte-order mark; CRLF and lone CR become LF. Invalid UTF-8 is refused
/// with its position rather than replaced, so no character is silently lost.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let s = std::str::from_utf8(bytes).map_err(|e| {
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        ImportError::NotUtf8 { path: path.to_owned(), at: line_col(good, good.len()) }
    })?;
    Ok(normalize_newlines(s))
}

/// CRLF and lone CR to LF.
pub fn normalize_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_owned();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
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

    #[test]
    fn bom_and_crlf_are_normalised() {
        let a =
            from_bytes(b"\xEF\xBB\xBF\r\nTitle \xE2\x80\x9Cq\xE2\x80\x9D\r\nbody\rmore\r\n", Path::new("a.txt"), None)
                .expect("reads");
        assert_eq!(a.title, "Title “q”");
        assert_eq!(a.text, "\nTitle “q”\nbody\nmore\n");
    }

    #[test]
    fn invalid_utf8_names_the_place() {
        let e = from_bytes(b"line one\nab\xFFcd", Path::new("bad.txt"), None).expect_err("refused");
        let m = e.to_string();
        assert!(m.contains("2:3") && m.ends_with("bad.txt"), "{m}");
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
