//! Web pages saved as one file (`.mhtml`, `.mht`: "Save page as… Webpage, single file"): a MIME
//! message whose first HTML part is the page, read by mailparse (quoted-printable, base64 and
//! charsets), then extracted like any saved page. The address the page was saved from comes
//! from `Snapshot-Content-Location` (Chromium) or the part's `Content-Location`.

use std::collections::VecDeque;

use mailparse::MailHeaderMap;

use super::Article;

/// Deepest nesting of MIME parts followed. Browsers save a page as one `multipart/related`
/// with the page and its resources inside; deeper nesting is someone's doing.
const MAX_DEPTH: usize = 16;
/// Most parts looked at.
const MAX_PARTS: usize = 10_000;

/// The raw bytes (headers and body) of the first `text/html` part, and its headers' address.
///
/// The walk is ours, breadth first and iterative, with mailparse reading each part's headers:
/// `mailparse::parse_mail` recurses into every nested multipart without a bound, so 20,000
/// nested parts overflowed a thread's stack (an abort no panic handler catches), and it
/// re-scans the rest of the file at every level.
fn html_part(raw: &[u8]) -> Result<Option<&[u8]>, String> {
    let mut queue = VecDeque::from([(raw, 0usize)]);
    let mut seen = 0;
    while let Some((part, depth)) = queue.pop_front() {
        seen += 1;
        if seen > MAX_PARTS {
            return Err(format!("it holds more than {MAX_PARTS} parts before its page; a saved page has a few dozen"));
        }
        let Ok((headers, body_at)) = mailparse::parse_headers(part) else { continue };
        let ctype = headers.get_first_value("Content-Type").map(|s| mailparse::parse_content_type(&s));
        let Some(ctype) = ctype else { continue };
        if ctype.mimetype == "text/html" {
            return Ok(Some(part));
        }
        let Some(boundary) = ctype.params.get("boundary").filter(|_| ctype.mimetype.starts_with("multipart/")) else {
            continue;
        };
        if depth >= MAX_DEPTH {
            return Err(format!("its parts nest more than {MAX_DEPTH} deep; a saved page has one or two levels"));
        }
        queue.extend(parts(part, body_at, &format!("--{boundary}")).into_iter().map(|p| (p, depth + 1)));
    }
    Ok(None)
}

/// The parts of a multipart body: what lies between lines starting with `boundary`.
fn parts<'a>(raw: &'a [u8], from: usize, boundary: &str) -> Vec<&'a [u8]> {
    let b = boundary.as_bytes();
    // Starts of the lines that begin with the boundary, in one pass.
    let mut marks = Vec::new();
    let mut line = from;
    while line < raw.len() {
        // The boundary whole: "--b1" is not the start of "--b10" (RFC 2046: only "--" or
        // white space may follow it on its line).
        let whole = |at: usize| match raw.get(at) {
            None | Some(b'\r' | b'\n' | b' ' | b'\t') => true,
            Some(b'-') => raw.get(at + 1) == Some(&b'-'),
            Some(_) => false,
        };
        if raw[line..].starts_with(b) && whole(line + b.len()) {
            marks.push(line);
        }
        match raw[line..].iter().position(|&c| c == b'\n') {
            Some(i) => line += i + 1,
            None => break,
        }
    }
    let mut out = Vec::new();
    for (k, &m) in marks.iter().enumerate() {
        let after = m + b.len();
        if raw[after..].starts_with(b"--") {
            break;
        }
        let Some(start) = raw[after..].iter().position(|&c| c == b'\n').map(|i| after + i + 1) else { break };
        let mut end = marks.get(k + 1).copied().unwrap_or(raw.len()).max(start);
        // The line break before a boundary belongs to the boundary.
        if end > start && raw[end - 1] == b'\n' {
            end -= 1;
            if end > start && raw[end - 1] == b'\r' {
                end -= 1;
            }
        }
        out.push(&raw[start..end]);
    }
    out
}

/// The page an `.mhtml` file holds, decoded: read once, then looked at as a download or made
/// an article (each had parsed the file again).
pub struct Page {
    pub html: String,
    /// What the page was read as, when not as its label said.
    read_as: Option<String>,
    /// Where it was saved from: the file's `Snapshot-Content-Location`, else its part's
    /// `Content-Location`.
    saved_from: String,
}

/// The page of an `.mhtml` file's bytes.
pub fn page(bytes: &[u8]) -> Result<Page, String> {
    let (top, _) = mailparse::parse_headers(bytes).map_err(|e| format!("it is not a saved web page (MHTML): {e}"))?;
    let part = html_part(bytes)?.ok_or("it holds no web page (no text/html part)")?;
    // One part, not multipart: mailparse reads its headers and decodes its body, no recursion.
    let mail = mailparse::parse_mail(part).map_err(|e| format!("its page cannot be read: {e}"))?;
    // The part's bytes are read as a page's are (its label is a declaration to check, not a
    // fact: a part labelled windows-1252 over UTF-8 came in as mojibake, one labelled utf-16
    // over ASCII as CJK), and what it was read as said.
    let raw = mail.get_body_raw().map_err(|e| format!("its page cannot be decoded: {e}"))?;
    let label = mail.ctype.params.get("charset").map(String::as_str);
    let (html, read_as) = super::charset::decode_labelled(&raw, label);
    let part_url = mail.headers.get_first_value("Content-Location").unwrap_or_default();
    let saved_from = top.get_first_value("Snapshot-Content-Location").unwrap_or(part_url);
    Ok(Page { html, read_as, saved_from })
}

impl Page {
    /// The page as one article.
    pub fn article(self) -> Result<Article, String> {
        let mut article = super::html::convert(&self.html).map_err(|why| format!("cannot read this page: {why}"))?;
        article.notes.extend(self.read_as);
        if article.url.is_empty() && (self.saved_from.starts_with("http://") || self.saved_from.starts_with("https://"))
        {
            article.url = self.saved_from;
        }
        Ok(article)
    }
}

/// An article from the bytes of an `.mhtml` file.
pub fn convert(bytes: &[u8]) -> Result<Article, String> {
    page(bytes)?.article()
}

#[cfg(test)]
mod tests {
    /// A saved page whose one part is labelled `label` and holds `body`.
    fn saved(label: &str, body: &[u8]) -> Vec<u8> {
        let mut b = format!(
            "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/a\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/html; charset=\"{label}\"\r\nContent-Transfer-Encoding: binary\r\nContent-Location: https://example.org/a\r\n\r\n"
        )
        .into_bytes();
        b.extend_from_slice(body);
        b.extend_from_slice(b"\r\n--B--\r\n");
        b
    }

    /// A part's charset label is checked as a page's `<meta>` is: UTF-8 bytes labelled
    /// windows-1252 came in as mojibake, ASCII labelled utf-16 as CJK; a true label is used.
    #[test]
    fn a_part_s_charset_label_is_checked_against_its_bytes() {
        let page = "<html><head><title>T</title></head><body><article><h1>The minister’s visit</h1><p>The minister’s visit to Beirut was cut short on Tuesday, officials said, after the port’s managers asked for more time to count the damage.</p></article></body></html>";
        for label in ["windows-1252", "utf-16", "utf-8"] {
            let a = super::convert(&saved(label, page.as_bytes())).expect(label);
            assert!(a.text.contains("The minister’s visit to Beirut"), "{label}: {}", a.text);
        }
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        let a = super::convert(&saved("windows-1252", &latin)).expect("latin");
        assert!(a.text.contains("The minister’s visit to Beirut"), "{}", a.text);
        assert!(a.notes.iter().any(|n| n.contains("windows-1252")), "{:?}", a.notes);
    }
}
