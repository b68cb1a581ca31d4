//! Word files built part by part, in the structures Word and Nexis Uni write: for the tests and
//! for `benches/import.rs`.

use std::io::Write;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A zip archive of `parts` (name, content), deflated.
pub fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, c)| (*n, c.as_bytes())).collect();
    zip_with(&parts, zip::CompressionMethod::Deflated)
}

/// A zip archive of `parts` (name, bytes), compressed with `method`.
pub fn zip_with(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, content) in parts {
        z.start_file(*name, options).expect("starts");
        z.write_all(content).expect("writes");
    }
    z.finish().expect("finishes").into_inner()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A Word paragraph of `runs`, with style `style` if not empty.
pub fn w_p(style: &str, runs: &[&str]) -> String {
    let ppr = if style.is_empty() { String::new() } else { format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#) };
    let runs: String =
        runs.iter().map(|r| format!(r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#, escape(r))).collect();
    format!("<w:p>{ppr}{runs}</w:p>")
}

/// A .docx with `body` (Word paragraphs), optional footnotes and core properties (title,
/// creator, created).
pub fn docx(body: &str, footnotes: Option<&str>, core: Option<(&str, &str, &str)>) -> Vec<u8> {
    let mut parts = vec![
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#
                .to_owned(),
        ),
        (
            "word/document.xml",
            format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#),
        ),
    ];
    if let Some(f) = footnotes {
        parts.push((
            "word/footnotes.xml",
            format!(r#"<?xml version="1.0"?><w:footnotes xmlns:w="{W}">{f}</w:footnotes>"#),
        ));
    }
    if let Some((title, creator, created)) = core {
        parts.push((
            "docProps/core.xml",
            format!(
                r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator><dcterms:created>{created}</dcterms:created></cp:coreProperties>"#
            ),
        ));
    }
    zip_of(&parts)
}

/// A Word file of one article: a title paragraph, then `paragraphs`.
pub fn article_docx(title: &str, paragraphs: &[&str]) -> Vec<u8> {
    let mut body = w_p("Title", &[title]);
    for p in paragraphs {
        body += &w_p("", &[p]);
    }
    docx(&body, None, Some((title, "", "")))
}

/// A Nexis Uni download of `stories` (headline, outlet, date line, byline, paragraphs), after
/// a cover list.
pub fn nexis_uni(stories: &[(String, String, String, String, Vec<String>)]) -> Vec<u8> {
    let mut body = String::new();
    for line in
        [format!("Documents ({})", stories.len()), "Client/Matter: -None-".into(), "Search Terms: soleimani".into()]
    {
        body += &w_p("", &[&line]);
    }
    for (title, outlet, date, byline, paragraphs) in stories {
        let mut lines = vec![
            title.clone(),
            outlet.clone(),
            date.clone(),
            "Copyright 2020 Invented Media Ltd. All Rights Reserved".to_owned(),
            "Section: WORLD; Pg. 3".to_owned(),
            "Length: 120 words".to_owned(),
            format!("Byline: {byline}"),
            "Body".to_owned(),
        ];
        lines.extend(paragraphs.iter().cloned());
        lines.extend(["Load-Date: January 6, 2020".to_owned(), "End of Document".to_owned()]);
        for line in lines {
            body += &w_p("", &[&line]);
        }
    }
    docx(&body, None, None)
}
