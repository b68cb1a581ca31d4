//! REFI-QDA project exchange (QDA-XML 1.0): a ZIP holding `project.qde` and the article texts
//! under `sources/`, which ATLAS.ti, MAXQDA, NVivo and QualCoder import.
//!
//! Tags become codes; claims and speakers become codes too, grouped under the uncodable parents
//! "Claims" and "Speakers", so that a coded selection carries its tag, claim and speaker as
//! codings; a claim or speaker named like a tag gets "(claim)" or "(speaker)" after its name,
//! since readers match codes by name. Annotations are `PlainTextSelection`s (char positions in
//! the source's plain text); a note is the selection's `Description` and a dated project `Note`
//! referenced from both the selection and its source (QualCoder reads the latter). GUIDs are
//! derived from the ids, so exporting twice gives the same GUIDs (not yet unique across
//! projects: issue 11).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

use super::{ExportError, Progress, Selection, tick};
use crate::model::Document;

/// The XML namespace of QDA-XML project files.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// A GUID (8-4-4-4-12 hex) derived from `key` with FNV-1a, so it is stable across exports.
pub fn guid(key: &str) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for byte in key.bytes() {
        a ^= u64::from(byte);
        a = a.wrapping_mul(0x0000_0100_0000_01b3);
        b ^= u64::from(byte).rotate_left(3);
        b = b.wrapping_mul(0x0000_0100_0000_01b3).rotate_left(7);
    }
    let h = format!("{a:016X}{b:016X}");
    // Mark it as a version 4 style (random) UUID layout; the pattern allows any hex digits.
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn attr(s: &str) -> String {
    escape(s)
}

/// True for the characters XML 1.0 can hold.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for XML, dropping the characters XML 1.0 cannot hold at all (C0 controls other
/// than tab, newline and carriage return; U+FFFE and U+FFFF): a NUL in an article must not make
/// the whole project unreadable.
fn escape(s: &str) -> String {
    if s.chars().all(is_xml_char) {
        return super::html::escape(s);
    }
    super::html::escape(&s.chars().filter(|&c| is_xml_char(c)).collect::<String>())
}

/// The project file (`project.qde`) and the sources, by their path in the archive.
pub fn files(sel: &Selection<'_>, progress: &dyn Progress) -> Result<BTreeMap<String, Vec<u8>>, ExportError> {
    let p = sel.project;
    let user = guid("claimscope:user");
    let now = crate::clock::now_rfc3339();
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{NAMESPACE}\" name=\"{}\" origin=\"claimscope {}\" creatingUserGUID=\"{user}\" creationDateTime=\"{now}\">\n",
        attr(p.name()),
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(x, "  <Users>\n    <User guid=\"{user}\" name=\"claimscope\"/>\n  </Users>");

    // The code book.
    let speakers: Vec<String> = {
        let s: std::collections::BTreeSet<&str> =
            sel.all().map(|(_, a)| a.speaker.as_str()).filter(|s| !s.is_empty()).collect();
        s.into_iter().map(str::to_owned).collect()
    };
    // Code names never clash: QualCoder (and others) match codes by name, so a claim or a speaker
    // called like a tag would take the tag's codings. Such a name says what it is.
    let tag_names: std::collections::HashSet<String> = sel.tags.iter().map(|t| t.name.to_lowercase()).collect();
    let claim_name = |label: &str| {
        if tag_names.contains(&label.to_lowercase()) { format!("{label} (claim)") } else { label.to_owned() }
    };
    let claim_names: std::collections::HashSet<String> =
        sel.claims.iter().map(|c| claim_name(&c.label).to_lowercase()).collect();
    let speaker_name = |s: &str| {
        let l = s.to_lowercase();
        if tag_names.contains(&l) || claim_names.contains(&l) || l == "claims" || l == "speakers" {
            format!("{s} (speaker)")
        } else {
            s.to_owned()
        }
    };
    x += "  <CodeBook>\n    <Codes>\n";
    for t in &sel.tags {
        let _ = write!(
            x,
            "      <Code guid=\"{}\" name=\"{}\" isCodable=\"true\" color=\"{}\">",
            guid(&format!("tag:{}", t.id)),
            attr(&t.name),
            t.colour
        );
        if !t.description.is_empty() {
            let _ = write!(x, "<Description>{}</Description>", escape(&t.description));
        }
        x += "</Code>\n";
    }
    if !sel.claims.is_empty() {
        let _ = writeln!(x, "      <Code guid=\"{}\" name=\"Claims\" isCodable=\"false\">", guid("group:claims"));
        for c in &sel.claims {
            let _ = write!(
                x,
                "        <Code guid=\"{}\" name=\"{}\" isCodable=\"true\">",
                guid(&format!("claim:{}", c.id)),
                attr(&claim_name(&c.label))
            );
            if !c.note.is_empty() {
                let _ = write!(x, "<Description>{}</Description>", escape(&c.note));
            }
            x += "</Code>\n";
        }
        x += "      </Code>\n";
    }
    if !speakers.is_empty() {
        let _ = writeln!(x, "      <Code guid=\"{}\" name=\"Speakers\" isCodable=\"false\">", guid("group:speakers"));
        for s in &speakers {
            let _ = writeln!(
                x,
                "        <Code guid=\"{}\" name=\"{}\" isCodable=\"true\"/>",
                guid(&format!("speaker:{s}")),
                attr(&speaker_name(s))
            );
        }
        x += "      </Code>\n";
    }
    if sel.tags.is_empty() && sel.claims.is_empty() && speakers.is_empty() {
        // The schema wants at least one code in a code book.
        let _ = writeln!(x, "      <Code guid=\"{}\" name=\"Tags\" isCodable=\"false\"/>", guid("group:tags"));
    }
    x += "    </Codes>\n  </CodeBook>\n";

    // Sources, with their selections and codings.
    let mut files = BTreeMap::new();
    let mut notes = String::new();
    let total = sel.documents.len();
    if !sel.documents.is_empty() {
        x += "  <Sources>\n";
    }
    for (k, (d, anns)) in sel.documents.iter().zip(&sel.annotations).enumerate() {
        tick(progress, k, total, &d.title)?;
        let sg = guid(&format!("document:{}", d.id));
        files.insert(format!("sources/{sg}.txt"), d.text.as_str().as_bytes().to_vec());
        let _ = writeln!(
            x,
            "    <TextSource guid=\"{sg}\" name=\"{}\" plainTextPath=\"internal://{sg}.txt\" creatingUser=\"{user}\">",
            attr(&d.title)
        );
        let desc = description(d);
        if !desc.is_empty() {
            let _ = writeln!(x, "      <Description>{}</Description>", escape(&desc));
        }
        // The notes of this source's selections, referenced from the source too: QualCoder reads
        // a NoteRef there, not inside a selection.
        let mut source_notes = Vec::new();
        for a in anns {
            let ag = guid(&format!("annotation:{}", a.id));
            let _ = write!(
                x,
                "      <PlainTextSelection guid=\"{ag}\" name=\"{}\" startPosition=\"{}\" endPosition=\"{}\" creatingUser=\"{user}\"",
                attr(&crate::model::short(&a.quote.exact)),
                a.start,
                a.end
            );
            if is_datetime(&a.created) {
                let _ = write!(x, " creationDateTime=\"{}\"", a.created);
            }
            x += ">\n";
            // The note where readers look for a coding's memo (QualCoder shows it there).
            if !a.note.is_empty() {
                let _ = writeln!(x, "        <Description>{}</Description>", escape(&a.note));
            }
            let mut codes = vec![guid(&format!("tag:{}", a.tag))];
            if let Some(c) = a.claim {
                codes.push(guid(&format!("claim:{c}")));
            }
            if !a.speaker.is_empty() {
                codes.push(guid(&format!("speaker:{}", a.speaker)));
            }
            for (n, code) in codes.iter().enumerate() {
                let _ = writeln!(
                    x,
                    "        <Coding guid=\"{}\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{code}\"/></Coding>",
                    guid(&format!("coding:{}:{n}", a.id))
                );
            }
            if !a.note.is_empty() {
                let ng = guid(&format!("note:{}", a.id));
                let _ = writeln!(x, "        <NoteRef targetGUID=\"{ng}\"/>");
                source_notes.push(ng.clone());
                // Readers need the dates (QualCoder fails on a note without them).
                let when = if is_datetime(&a.created) { a.created.as_str() } else { now.as_str() };
                let _ = writeln!(
                    notes,
                    "    <Note guid=\"{ng}\" name=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{when}\" modifyingUser=\"{user}\" modifiedDateTime=\"{when}\"><PlainTextContent>{}</PlainTextContent></Note>",
                    attr(&format!("Note on “{}”", crate::model::short(&a.quote.exact))),
                    escape(&a.note)
                );
            }
            x += "      </PlainTextSelection>\n";
        }
        for ng in source_notes {
            let _ = writeln!(x, "      <NoteRef targetGUID=\"{ng}\"/>");
        }
        x += "    </TextSource>\n";
    }
    if !sel.documents.is_empty() {
        x += "  </Sources>\n";
    }
    if !notes.is_empty() {
        x += "  <Notes>\n";
        x += &notes;
        x += "  </Notes>\n";
    }
    let _ = writeln!(x, "  <Description>{}</Description>", escape(&format!("Exported from claimscope on {now}.")));
    x += "</Project>\n";
    files.insert("project.qde".into(), x.into_bytes());
    Ok(files)
}

/// Outlet, date and address of an article, for its source's description.
fn description(d: &Document) -> String {
    let mut parts = Vec::new();
    if !d.source.is_empty() {
        parts.push(format!("Outlet: {}", d.source));
    }
    if !d.published.is_empty() {
        parts.push(format!("Published: {}", d.published));
    }
    if !d.url.is_empty() {
        parts.push(format!("URL: {}", d.url));
    }
    parts.join("\n")
}

/// True for an `xsd:dateTime` such as `2026-01-05T14:03:00Z`.
fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && s.chars().enumerate().all(|(i, c)| matches!(i, 4 | 7 | 10 | 13 | 16) || i >= 19 || c.is_ascii_digit())
}

/// The `.qdpx` archive.
pub fn write(sel: &Selection<'_>, progress: &dyn Progress) -> Result<Vec<u8>, ExportError> {
    let files = files(sel, progress)?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // Fast compression: XML and plain text shrink well at any level, and the export must stay
    // quick on large projects.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, bytes) in &files {
        zip.start_file(name.as_str(), options).map_err(|e| ExportError::Zip(e.to_string()))?;
        zip.write_all(bytes).map_err(|e| ExportError::Zip(e.to_string()))?;
    }
    let cursor = zip.finish().map_err(|e| ExportError::Zip(e.to_string()))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_and_well_formed() {
        let g = guid("tag:t1");
        assert_eq!(g, guid("tag:t1"));
        assert_ne!(g, guid("tag:t2"));
        let parts: Vec<usize> = g.split('-').map(str::len).collect();
        assert_eq!(parts, vec![8, 4, 4, 4, 12]);
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn datetimes() {
        assert!(is_datetime("2026-01-05T14:03:00Z"));
        assert!(!is_datetime(""));
        assert!(!is_datetime("5 January 2026"));
    }
}
