//! REFI-QDA project exchange (QDA-XML 1.0): a ZIP holding `project.qde` and the article texts
//! under `sources/`, which ATLAS.ti, MAXQDA, NVivo and QualCoder import.
//!
//! Tags become codes; claims and speakers become codes too, grouped under the uncodable parents
//! "Claims" and "Speakers", so that a coded selection carries its tag, claim and speaker as
//! codings; a claim or speaker named like a tag gets "(claim)" or "(speaker)" after its name,
//! since readers match codes by name. Annotations are `PlainTextSelection`s (char positions in
//! the source's plain text); a note is the selection's `Description` and a dated project `Note`
//! referenced from both the selection and its source (QualCoder reads the latter). GUIDs are
//! version 5 UUIDs of the project's own UUID and the object's id: the same in every export of
//! one project, and never shared with another project. Each analyst who made annotations is a
//! `User`; work with no recorded author is credited to the analyst exporting it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

use super::{ExportError, Progress, Selection, tick};
use crate::model::Document;

/// The XML namespace of QDA-XML project files.
pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// The GUID of the object `key` (such as `tag:3`) of the project with identity `project`: a
/// version 5 UUID, so the same in every export and distinct from every other project's.
pub fn guid(project: uuid::Uuid, key: &str) -> String {
    uuid::Uuid::new_v5(&project, key.as_bytes()).to_string()
}

/// Escapes text for an attribute value. A reader normalises a tab, line break or carriage
/// return written as it is in an attribute to a space (XML 1.0, 3.3.3), so tags named "Loaded
/// word" and "Loaded⇥word" came back as one code; as character references they stay.
fn attr(s: &str) -> String {
    let e = escape(s);
    if !e.contains(['\t', '\n', '\r']) {
        return e;
    }
    e.replace('\t', "&#9;").replace('\n', "&#10;").replace('\r', "&#13;")
}

/// True for the characters XML 1.0 can hold.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for XML, dropping the characters XML 1.0 cannot hold at all (C0 controls other
/// than tab, newline and carriage return; U+FFFE and U+FFFF): a NUL in an article must not make
/// the whole project unreadable.
/// A carriage return is written as a character reference: a reader turns one written as it is
/// (alone or before a line break) into a line break (XML 1.0, 2.11).
fn escape(s: &str) -> String {
    let e = if s.chars().all(is_xml_char) {
        super::html::escape_markup(s)
    } else {
        super::html::escape_markup(&s.chars().filter(|&c| is_xml_char(c)).collect::<String>())
    };
    if e.contains('\r') { e.replace('\r', "&#13;") } else { e }
}

/// The project file (`project.qde`) and the sources, by their path in the archive.
/// `exporter` is who exports (empty: the system's user).
pub fn files(
    sel: &Selection<'_>,
    exporter: &str,
    progress: &dyn Progress,
) -> Result<BTreeMap<String, Vec<u8>>, ExportError> {
    let p = sel.project;
    let uuid = p.uuid();
    let guid = |key: &str| guid(uuid, key);
    let now = crate::clock::now_rfc3339();
    // The analysts: whoever made the exported annotations, and the one exporting only if some
    // work records no author (it is credited with that). Neither the project nor its articles
    // name a creator: who exports did not make them, and claimscope does not record who
    // imported an article (naming the exporter made a re-import say "coded by" someone who
    // coded nothing).
    let exporter = if exporter.trim().is_empty() { crate::clock::analyst() } else { exporter.trim().to_owned() };
    let mut names: Vec<&str> = Vec::new();
    if sel.all().any(|(_, a)| a.created_by.is_empty()) {
        names.push(exporter.as_str());
    }
    for (_, a) in sel.all() {
        if !a.created_by.is_empty() && !names.contains(&a.created_by.as_str()) {
            names.push(&a.created_by);
        }
    }
    // REFI-QDA's schema wants at least one user: with no annotation exported (an article set
    // not coded yet), the one exporting, who codes nothing in it (an empty `<Users>` failed
    // the schema).
    if names.is_empty() {
        names.push(exporter.as_str());
    }
    // Each user's GUID made once, not once per annotation.
    let user_guids: std::collections::HashMap<&str, String> =
        names.iter().map(|n| (*n, guid(&format!("user:{n}")))).collect();
    let user_guid = |name: &str| user_guids.get(name).cloned().unwrap_or_default();
    let user = user_guid(&exporter);
    let by = |a: &crate::model::Annotation| {
        if a.created_by.is_empty() { user.clone() } else { user_guid(&a.created_by) }
    };
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"{NAMESPACE}\" name=\"{}\" origin=\"claimscope {}\" creationDateTime=\"{now}\">\n",
        attr(p.name()),
        env!("CARGO_PKG_VERSION")
    );
    x += "  <Users>\n";
    for n in &names {
        let _ = writeln!(x, "    <User guid=\"{}\" name=\"{}\"/>", user_guid(n), attr(n));
    }
    x += "  </Users>\n";

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
    write_tag_codes(&mut x, &sel.tags, uuid, 1);
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
            "    <TextSource guid=\"{sg}\" name=\"{}\" plainTextPath=\"internal://{sg}.txt\">",
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
            let user = by(a);
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
                // A note is a text source of its own; the passage it is about, inside it, is
                // where QualCoder reads an annotation's range (its memo on a stretch of text).
                let _ = writeln!(
                    notes,
                    "    <Note guid=\"{ng}\" name=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{when}\" modifyingUser=\"{user}\" modifiedDateTime=\"{when}\"><PlainTextContent>{}</PlainTextContent><PlainTextSelection guid=\"{}\" startPosition=\"{}\" endPosition=\"{}\"/></Note>",
                    attr(&format!("Note on “{}”", crate::model::short(&a.quote.exact))),
                    escape(&a.note),
                    guid(&format!("note-passage:{}", a.id)),
                    a.start,
                    a.end
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

/// The namespace of QDA-XML code books.
pub const CODEBOOK_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// Writes `tags` as `<Code>` elements at `depth` (below `<Codes>`): a tag named "Parent / Child"
/// as the code Child inside the code Parent (codable only if it is a tag too), as QDA programs
/// show hierarchies and as claimscope's import reads them back. True if there were none.
fn write_tag_codes(x: &mut String, tags: &[&crate::model::TagDef], uuid: uuid::Uuid, depth: usize) -> bool {
    // A tree of names: each node the tag at that path, if any, and its children in order.
    #[derive(Default)]
    struct Node<'a> {
        tag: Option<&'a crate::model::TagDef>,
        children: Vec<(String, Node<'a>)>,
    }
    fn child<'n, 'a>(node: &'n mut Node<'a>, part: &str) -> &'n mut Node<'a> {
        let i = match node.children.iter().position(|(n, _)| n == part) {
            Some(i) => i,
            None => {
                node.children.push((part.to_owned(), Node::default()));
                node.children.len() - 1
            }
        };
        &mut node.children[i].1
    }
    let mut root = Node::default();
    // Per path, the number the next tag that lands on it takes.
    let mut taken: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in tags {
        let parts: Vec<&str> = t.name.split(" / ").map(str::trim).collect();
        let Some((last, parents)) = parts.split_last() else { continue };
        let mut node = &mut root;
        for part in parents {
            node = child(node, part);
        }
        // Two tags whose names differ only in spaces ("Fact", "Fact ", "A / B" and "A /  B")
        // land on one path: the second is its own code, numbered ("Fact (2)"). It had replaced
        // the first, whose passages then named a code no code book held.
        let mut name = (*last).to_owned();
        if node.children.iter().any(|(n, c)| *n == name && c.tag.is_some()) {
            let next = taken.entry(parts.join(" / ")).or_insert(1);
            loop {
                *next += 1;
                name = format!("{last} ({next})");
                if !node.children.iter().any(|(n, _)| *n == name) {
                    break;
                }
            }
        }
        child(node, &name).tag = Some(t);
    }
    fn write_node(x: &mut String, name: &str, path: &str, n: &Node<'_>, uuid: uuid::Uuid, depth: usize) {
        let indent = "  ".repeat(depth + 2);
        let g = guid(uuid, &n.tag.map_or_else(|| format!("group:{path}"), |t| format!("tag:{}", t.id)));
        let _ = write!(x, "{indent}<Code guid=\"{g}\" name=\"{}\" isCodable=\"{}\"", attr(name), n.tag.is_some());
        if let Some(t) = n.tag {
            let _ = write!(x, " color=\"{}\"", t.colour);
        }
        x.push('>');
        if let Some(t) = n.tag.filter(|t| !t.description.is_empty()) {
            let _ = write!(x, "<Description>{}</Description>", escape(&t.description));
        }
        if !n.children.is_empty() {
            x.push('\n');
            for (child, c) in &n.children {
                write_node(x, child, &format!("{path} / {child}"), c, uuid, depth + 1);
            }
            x.push_str(&indent);
        }
        x.push_str("</Code>\n");
    }
    for (name, n) in &root.children {
        write_node(x, name, name, n, uuid, depth);
    }
    root.children.is_empty()
}

/// The selection's tags as a REFI-QDA code book (`.qdc`), the file QualCoder, Taguette and
/// MAXQDA exchange coding schemes in. A tag named "Parent / Child" is written as the code
/// Child inside the code Parent (not codable unless it is a tag too), as it was read.
pub fn codebook(sel: &Selection<'_>) -> String {
    let uuid = sel.project.uuid();
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"{CODEBOOK_NAMESPACE}\" origin=\"claimscope {}\">\n  <Codes>\n",
        env!("CARGO_PKG_VERSION")
    );
    let empty = write_tag_codes(&mut x, &sel.tags, uuid, 0);
    if empty {
        // The schema wants at least one code.
        let _ = writeln!(x, "    <Code guid=\"{}\" name=\"Tags\" isCodable=\"false\"/>", guid(uuid, "group:tags"));
    }
    x.push_str("  </Codes>\n</CodeBook>\n");
    x
}

/// Outlet, date, address and byline of an article, for its source's description (read back
/// by claimscope's own import, one field per line).
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
    if !d.byline.is_empty() {
        parts.push(format!("Byline: {}", d.byline));
    }
    if !d.section.is_empty() {
        parts.push(format!("Section: {}", d.section));
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
pub fn write(sel: &Selection<'_>, exporter: &str, progress: &dyn Progress) -> Result<Vec<u8>, ExportError> {
    let files = files(sel, exporter, progress)?;
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
        let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        let g = guid(a, "tag:t1");
        assert_eq!(g, guid(a, "tag:t1"));
        assert_ne!(g, guid(a, "tag:t2"));
        assert_ne!(g, guid(b, "tag:t1"), "another project, other GUIDs");
        let parts: Vec<usize> = g.split('-').map(str::len).collect();
        assert_eq!(parts, vec![8, 4, 4, 4, 12]);
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    /// Tags whose names differ only in spaces are each a code of their own (the last had
    /// replaced the others, whose passages then named codes no code book held).
    #[test]
    fn tags_named_alike_but_for_spaces_are_codes_of_their_own() {
        let tag = |id: u64, name: &str| crate::model::TagDef {
            id: crate::model::TagId(id),
            name: name.into(),
            colour: crate::model::PALETTE[0],
            key: None,
            description: String::new(),
        };
        let tags = [
            tag(1, "Fact"),
            tag(2, "Fact "),
            tag(3, " Fact\u{a0}"),
            tag(4, "A / B"),
            tag(5, "A /  B"),
            tag(6, "Fact (2)"),
        ];
        let refs: Vec<&crate::model::TagDef> = tags.iter().collect();
        let mut x = String::new();
        write_tag_codes(&mut x, &refs, uuid::Uuid::nil(), 0);
        let u = uuid::Uuid::nil();
        for t in &tags {
            let g = guid(u, &format!("tag:{}", t.id));
            assert_eq!(x.matches(&format!("guid=\"{g}\"")).count(), 1, "{} in {x}", t.name);
        }
        let names: Vec<&str> = x.split("name=\"").skip(1).filter_map(|r| r.split('"').next()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(names.len(), unique.len(), "{names:?}");
    }

    #[test]
    fn datetimes() {
        assert!(is_datetime("2026-01-05T14:03:00Z"));
        assert!(!is_datetime(""));
        assert!(!is_datetime("5 January 2026"));
    }
}
