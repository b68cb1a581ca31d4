//! Web pages saved as one file (`.mhtml`, `.mht`: "Save page as… Webpage, single file"): a MIME
//! message whose first HTML part is the page, read by mailparse (quoted-printable, base64 and
//! charsets), then extracted like any saved page. The address the page was saved from comes
//! from `Snapshot-Content-Location` (Chromium) or the part's `Content-Location`.

use mailparse::{MailHeaderMap, ParsedMail};

use super::Article;

/// The HTML of the first `text/html` part, and the address it was saved from.
fn page(mail: &ParsedMail<'_>) -> Option<(String, String)> {
    // Breadth first, with a bound: a hostile file's nesting never drives a recursion.
    let mut queue = std::collections::VecDeque::from([mail]);
    let mut seen = 0;
    while let Some(part) = queue.pop_front() {
        seen += 1;
        if seen > 10_000 {
            return None;
        }
        if part.ctype.mimetype.eq_ignore_ascii_case("text/html") {
            let body = part.get_body().ok()?;
            let url = part.headers.get_first_value("Content-Location").unwrap_or_default();
            return Some((body, url));
        }
        queue.extend(part.subparts.iter());
    }
    None
}

/// An article from the bytes of an `.mhtml` file.
pub fn convert(bytes: &[u8]) -> Result<Article, String> {
    let mail = mailparse::parse_mail(bytes).map_err(|e| format!("it is not a saved web page (MHTML): {e}"))?;
    let (html, part_url) = page(&mail).ok_or("it holds no web page (no text/html part)")?;
    let mut article = super::html::convert(&html).map_err(|why| format!("cannot read this page: {why}"))?;
    if article.url.is_empty() {
        let saved = mail.headers.get_first_value("Snapshot-Content-Location").unwrap_or(part_url);
        if saved.starts_with("http://") || saved.starts_with("https://") {
            article.url = saved;
        }
    }
    Ok(article)
}
