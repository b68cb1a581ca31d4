//! REFI-QDA projects (`.qdpx`, from QualCoder, ATLAS.ti, MAXQDA, NVivo and claimscope itself)
//! and code books (`.qdc`), read as annotations to merge.
//!
//! A `.qdpx` is a ZIP with `project.qde` (QDA-XML) and the sources' texts under `sources/`.
//! Text sources become articles (their text inline, inside the archive, or beside it; else
//! their `.docx` or `.odt` original read by claimscope's importers); a PDF source comes in
//! through its plain-text representation, else its PDF; pictures, audio and video are reported
//! as not read. Codes become tags, a nested code named by its path ("Parent / Child"),
//! with its colour and description. Each coded `PlainTextSelection` becomes one annotation per
//! code, with the selection's description and the notes it (or its source, for the selection)
//! refers to as its note, its coder as `created_by` and its creation time. Positions in QDA-XML
//! count Unicode code points, as claimscope's char offsets do; the quote is read from the text
//! at those positions, so that the merge places each annotation by its offsets and, should the
//! text differ, by its quote.
//!
//! A file claimscope wrote comes back whole, also after a pass through another program that
//! keeps codes and descriptions (QualCoder does): the codes under the top-level groups "Claims"
//! and "Speakers" return to the annotations' claim and speaker fields, selections of one
//! passage (QualCoder writes one per code) are gathered again, and a source description made
//! only of "Outlet: …", "Published: …", "URL: …" and "Byline: …" lines returns to the article.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use roxmltree::{Document, Node};

use super::merge::{Incoming, IncomingAnnotation, IncomingClaim, IncomingDoc, IncomingTag};
use super::zipped::Zipped;
use crate::model::{Colour, Text, TextQuote};

/// The largest `project.qde` read: room for about 700,000 annotations.
const MAX_QDE: u64 = 512 * 1024 * 1024;

/// The largest number of nested codes followed (a deeper code book is refused, not recursed).
const MAX_DEPTH: usize = 64;

/// Children of `n` that are elements named `name` (in whatever QDA-XML namespace version).
fn children<'a, 'i>(n: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &'static str) -> Option<Node<'a, 'i>> {
    children(n, name).next()
}

/// The text of the child element `name` of `n`, trimmed; empty if there is none.
fn child_text(n: Node<'_, '_>, name: &'static str, stripped: &Cell<usize>) -> String {
    child(n, name).and_then(|c| c.text()).map(|t| plain(t, stripped)).unwrap_or_default()
}

/// A name or memo as claimscope keeps it: trimmed, without the control characters XML lets
/// through (DEL, C1): written escaped, each took six bytes of the project for one of the file.
/// Tabs and line breaks stay, carriage returns too (a note keeps them, and names that differ
/// only by them stay apart). `stripped` counts the characters left out, for the import's report:
/// nothing the file held goes unsaid.
fn plain(s: &str, stripped: &Cell<usize>) -> String {
    let s = s.trim();
    if !s.chars().any(unwanted) {
        return s.to_owned();
    }
    let kept: String = s.chars().filter(|&c| !unwanted(c)).collect();
    stripped.set(stripped.get() + (s.chars().count() - kept.chars().count()));
    kept
}

/// The report's line for `n` control characters [`plain`] left out, if any.
fn stripped_line(n: usize) -> Option<String> {
    (n > 0).then(|| format!("{n} control character(s) (DEL, C1) left out of names, descriptions and notes"))
}

fn unwanted(c: char) -> bool {
    c != '\r' && crate::model::text::is_unwanted_control(c)
}

/// A GUID as the key it is looked up by: lower-cased; one longer than any GUID (they have 36
/// chars) stands in by its hash and length, the same wherever it is named. A source's 1 MB GUID
/// was its articles' key, copied into each of 5,000 passages: a 3.7 KB `.qdpx` aborted at 4 GB.
fn guid_key(guid: &str) -> String {
    const LONGEST: usize = 64;
    if guid.len() <= LONGEST {
        return guid.to_lowercase();
    }
    let lower = guid.to_lowercase();
    format!("long-guid-{:016x}-{}", crate::model::hash::fnv1a(lower.as_bytes()), lower.len())
}

/// A code of the code book, flattened.
struct Code {
    /// Its path of names, "Parent / Child" (at most [`MAX_FIELD`](super::MAX_FIELD) chars).
    path: String,
    /// How deep it is: 1 for a top-level code.
    depth: usize,
    /// The name of its top-level ancestor (its own at the top) and its own name.
    top: String,
    name: String,
    codable: bool,
    colour: Option<Colour>,
    description: String,
}

/// The codes under `codes` (a `<Codes>` element), depth first, by GUID. Names and paths are
/// cut at [`MAX_FIELD`](super::MAX_FIELD) chars, and a code holds its path, not a copy of each
/// ancestor's name: 60 nested codes of 14,000-char names with empty codes under the deepest
/// (a 1.7 KB `.qdpx`) took over 4 GB.
fn code_book(codes: Node<'_, '_>, stripped: &Cell<usize>) -> Result<Vec<(String, Code)>, String> {
    /// `above / name`, at most `MAX_FIELD` chars: past it the ancestors' part is cut from its
    /// start and the code's own name kept, and a cut path already given gets a number, so two
    /// codes never become one tag by the cut ("long parent / Alpha" and "long parent / Beta",
    /// cut at their end, were one).
    fn path_of(above: &str, name: &str, seen: &mut HashMap<String, usize>) -> String {
        let max = super::MAX_FIELD;
        let whole = format!("{above} / {name}");
        if whole.chars().count() <= max {
            seen.entry(whole.clone()).or_insert(1);
            return whole;
        }
        let own = crate::model::truncate(name, max / 2);
        // Room for "…", " / " and a number " (n)" after it.
        let room = max.saturating_sub(own.chars().count() + 16);
        let chars: Vec<char> = above.chars().collect();
        let tail: String = chars[chars.len().saturating_sub(room)..].iter().collect();
        let cut = format!("…{tail} / {own}");
        // The count given so far for this cut path: the next number, without trying each one
        // again (20,000 unnamed codes under one long parent).
        let n = seen.entry(cut.clone()).or_insert(0);
        *n += 1;
        let mut path = if *n == 1 { cut.clone() } else { format!("{cut} ({n})") };
        while seen.contains_key(&path) && path != cut {
            let n = seen.entry(cut.clone()).or_insert(0);
            *n += 1;
            path = format!("{cut} ({n})");
        }
        seen.entry(path.clone()).or_insert(1);
        path
    }
    fn walk(
        n: Node<'_, '_>,
        above: Option<(&str, &str)>,
        depth: usize,
        seen: &mut HashMap<String, usize>,
        out: &mut Vec<(String, Code)>,
        stripped: &Cell<usize>,
    ) -> Result<(), String> {
        if depth >= MAX_DEPTH {
            return Err(format!("its code book nests deeper than {MAX_DEPTH} levels"));
        }
        for c in children(n, "Code") {
            let name =
                crate::model::truncate(&plain(c.attribute("name").unwrap_or_default(), stripped), super::MAX_FIELD);
            let name = if name.is_empty() { "(unnamed code)".to_owned() } else { name };
            let (path, top) = match above {
                Some((path, top)) => (path_of(path, &name, seen), top.to_owned()),
                None => {
                    seen.entry(name.clone()).or_insert(1);
                    (name.clone(), name.clone())
                }
            };
            let colour = c.attribute("color").and_then(|s| parse_colour(s.trim()));
            out.push((
                guid_key(c.attribute("guid").unwrap_or_default()),
                Code {
                    path,
                    depth: depth + 1,
                    top,
                    name,
                    // isCodable is required; a reader that leaves it out means a code.
                    codable: c.attribute("isCodable").is_none_or(|v| v.trim() != "false" && v.trim() != "0"),
                    colour,
                    description: child_text(c, "Description", stripped),
                },
            ));
            let Some((_, here)) = out.last() else { continue };
            let (path, top) = (here.path.clone(), here.top.clone());
            walk(c, Some((&path, &top)), depth + 1, seen, out, stripped)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(codes, None, 0, &mut HashMap::new(), &mut out, stripped)?;
    Ok(out)
}

/// `#RRGGBB` or `#RGB`.
fn parse_colour(s: &str) -> Option<Colour> {
    let hex = s.strip_prefix('#')?;
    if hex.len() == 3 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        let d: Vec<char> = hex.chars().flat_map(|c| [c, c]).collect();
        return format!("#{}", d.into_iter().collect::<String>()).parse().ok();
    }
    s.parse().ok()
}

/// What a claimscope export writes after a claim's or speaker's name when it would clash with a
/// tag's, taken off again.
fn undisambiguated(name: &str, kind: &str) -> String {
    name.strip_suffix(&format!(" ({kind})")).unwrap_or(name).to_owned()
}

/// Parses a QDA-XML document, refusing a DTD (no entity expansion) and a tree that would not
/// fit in memory.
fn parse_xml<'i>(xml: &'i str, part: &str) -> Result<Document<'i>, String> {
    super::xml::parse(xml, part)
}

/// The tags of a code book (`.qdc`).
pub fn read_codebook(bytes: &[u8], path: &Path) -> Result<Incoming, super::ImportError> {
    let invalid = |message: String| super::ImportError::Invalid { path: path.to_owned(), message };
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| invalid(format!("the code book is not UTF-8 text (byte {})", e.valid_up_to())))?;
    let doc = parse_xml(text, "the code book").map_err(invalid)?;
    let root = doc.root_element();
    if root.tag_name().name() != "CodeBook" {
        return Err(invalid(format!("this is not a REFI-QDA code book (its root is <{}>)", root.tag_name().name())));
    }
    let codes = child(root, "Codes").ok_or_else(|| invalid("the code book has no <Codes>".into()))?;
    let mut inc = Incoming::default();
    let stripped = Cell::new(0);
    for (_, c) in code_book(codes, &stripped).map_err(invalid)? {
        if c.codable {
            inc.tags.push(IncomingTag { name: c.path, colour: c.colour, key: None, description: c.description });
        }
    }
    if inc.tags.is_empty() {
        return Err(invalid("the code book has no codes to use as tags".into()));
    }
    if let Some(line) = stripped_line(stripped.get()) {
        inc.ignored.push(line);
    }
    Ok(inc)
}

/// Which source files named outside a `.qdpx` archive may be read. Only what is inside the
/// archive is read unless the analyst says otherwise: a stranger's project could name
/// `/etc/passwd` or `~/.ssh/id_rsa` as a source, and its text would then travel with every
/// export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum External {
    /// None (the default).
    #[default]
    None,
    /// Every one the project names (the command line's `--external-sources`).
    All,
    /// These, as listed in [`ExternalSource::path`] (the workbench's ticked boxes).
    Only(Vec<PathBuf>),
}

impl External {
    fn allows(&self, path: &Path) -> bool {
        match self {
            External::None => false,
            External::All => true,
            External::Only(paths) => paths.iter().any(|p| p == path),
        }
    }
}

/// A source file a `.qdpx` names outside its archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalSource {
    /// The source's name in the project.
    pub source: String,
    /// The file, as it would be read.
    pub path: PathBuf,
    /// True when it was read.
    pub read: bool,
    /// Why it was not read though allowed (a link out of its folder, a device, missing).
    pub refused: Option<String>,
}

/// The most text a `.qdpx` import brings in, all sources together (a thousand long articles
/// are a tenth of it): a small archive naming one large file many times stops here.
const MAX_TEXT: usize = 64 << 20;
/// Titles longer than this are cut (a source's name is a title, not a text).
const MAX_TITLE: usize = 300;

/// Reads a `.qdpx` archive; source files outside it are read only as `external` allows.
pub fn read(bytes: &[u8], path: &Path, external: &External) -> Result<Incoming, super::ImportError> {
    let invalid = |message: String| super::ImportError::Invalid {
        path: path.to_owned(),
        message: format!("cannot read this REFI-QDA project: {message}"),
    };
    // Its rich sources (PDF, Word, OpenDocument) share the time one file is given (each PDF had
    // its own, so a 3 KB archive naming one slow PDF five times took 40 s).
    let given = super::isolate::deadline_for(bytes.len());
    let rich_time = (std::time::Instant::now() + given, given);
    let mut zip = Zipped::new(bytes).map_err(invalid)?;
    let qde = zip
        .names()
        .into_iter()
        .find(|n| !n.contains('/') && n.to_lowercase().ends_with(".qde"))
        .ok_or_else(|| invalid("the archive holds no project.qde".into()))?;
    let xml = zip.text_up_to(&qde, MAX_QDE).map_err(invalid)?.unwrap_or_default();
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(&xml);
    let doc = parse_xml(xml, &qde).map_err(invalid)?;
    let root = doc.root_element();
    if root.tag_name().name() != "Project" {
        return Err(invalid(format!("{qde} is not a QDA-XML project (its root is <{}>)", root.tag_name().name())));
    }
    let base = root.attribute("basePath").unwrap_or_default().to_owned();
    let mut outside = Outside { allowed: external, listed: Vec::new() };
    let mut text_left = MAX_TEXT;
    // A file named by many sources is read once.
    let mut read_before: HashMap<String, Result<String, String>> = HashMap::new();
    // The archive's parts by their lower-case names: `internal://` paths match whatever the
    // case of the `sources` folder.
    let parts: HashMap<String, String> = zip.names().into_iter().map(|n| (n.to_lowercase(), n)).collect();
    let folder = path.parent().map(Path::to_owned).unwrap_or_default();

    // Control characters left out of names and memos, counted for the report.
    let stripped = Cell::new(0);
    // Names are shared, not copied: each passage holds its coder's, speaker's and codes' names
    // (a 618 KB archive of 230,000 selections naming 1,000-char ones held 4.5 GB).
    let users: HashMap<String, Arc<str>> = child(root, "Users")
        .into_iter()
        .flat_map(|u| children(u, "User"))
        .map(|u| {
            let guid = guid_key(u.attribute("guid").unwrap_or_default());
            // Cut as a code's name is: each passage a user made holds their name (a 1 MB name
            // on 5,000 selections of a 5 KB archive took over 4 GB).
            let name = crate::model::truncate(
                &plain(u.attribute("name").or_else(|| u.attribute("id")).unwrap_or_default(), &stripped),
                super::MAX_FIELD,
            );
            (guid, Arc::from(name))
        })
        .collect();
    let user = |n: Node<'_, '_>| -> Arc<str> {
        n.attribute("creatingUser").and_then(|g| users.get(&guid_key(g)).cloned()).unwrap_or_default()
    };

    // The code book: tags, and (in claimscope's own files) claims and speakers.
    let codes = match child(root, "CodeBook").and_then(|c| child(c, "Codes")) {
        Some(c) => code_book(c, &stripped).map_err(invalid)?,
        None => Vec::new(),
    };
    enum Role {
        Tag(Arc<str>),
        Claim(Arc<str>),
        Speaker(Arc<str>),
    }
    let groups: Vec<String> = codes
        .iter()
        .filter(|(_, c)| c.depth == 1 && !c.codable && (c.path == "Claims" || c.path == "Speakers"))
        .map(|(_, c)| c.path.clone())
        .collect();
    let mut inc = Incoming::default();
    let mut role: HashMap<String, Role> = HashMap::new();
    for (guid, c) in codes {
        // claimscope's convention, which any program keeps when it passes the codes on: the
        // codes under a top-level group "Claims" are claims, under "Speakers" speakers.
        let group = if c.depth == 2 && groups.contains(&c.top) { c.top.as_str() } else { "" };
        match group {
            "Claims" => {
                let label = undisambiguated(&c.name, "claim");
                inc.claims.push(IncomingClaim { key: guid.clone(), label, note: c.description });
                role.insert(guid.clone(), Role::Claim(Arc::from(guid)));
            }
            "Speakers" => {
                role.insert(guid, Role::Speaker(Arc::from(undisambiguated(&c.name, "speaker"))));
            }
            _ if !c.codable => {}
            _ => {
                inc.tags.push(IncomingTag {
                    name: c.path.clone(),
                    colour: c.colour,
                    key: None,
                    description: c.description,
                });
                role.insert(guid, Role::Tag(Arc::from(c.path)));
            }
        }
    }

    // Notes, by GUID, with the passage each is about when it says.
    let notes: HashMap<String, NoteText> = child(root, "Notes")
        .into_iter()
        .flat_map(|n| children(n, "Note"))
        .map(|n| {
            let passage = child(n, "PlainTextSelection").and_then(|p| range(p, usize::MAX));
            (
                guid_key(n.attribute("guid").unwrap_or_default()),
                NoteText { text: Memo::new(child_text(n, "PlainTextContent", &stripped)), passage },
            )
        })
        .collect();

    // Sources.
    let mut placed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut read_sources: Vec<ReadSource> = Vec::new();
    let mut skipped: HashMap<&'static str, usize> = HashMap::new();
    let mut uncoded = 0;
    // Selections whose positions are not a span of their text: how many, and the first few.
    let (mut misplaced, mut misplaced_count): (Vec<String>, usize) = (Vec::new(), 0);
    let mut loose_notes = 0;
    let mut unreadable: Vec<String> = Vec::new();
    // Sources' descriptions that are memos, not claimscope's field lines.
    let mut described: Vec<String> = Vec::new();
    for s in child(root, "Sources").into_iter().flat_map(|s| s.children().filter(Node::is_element)) {
        let kind = s.tag_name().name();
        let text_source = match kind {
            "TextSource" => s,
            // A PDF's text, when the file carries it, is a TextSource inside it; else the PDF
            // itself is read (its selections, if any, are areas of the page: not read).
            "PDFSource" => child(s, "Representation").unwrap_or(s),
            "PictureSource" => {
                *skipped.entry("picture source(s)").or_default() += 1;
                continue;
            }
            "AudioSource" | "VideoSource" => {
                *skipped.entry("audio or video source(s)").or_default() += 1;
                continue;
            }
            _ => continue,
        };
        let name = crate::model::truncate(s.attribute("name").unwrap_or_default().trim(), MAX_TITLE);
        let source = Source { zip: &mut zip, parts: &parts, folder: &folder, base: &base, rich_time, text_left };
        let text = match source_text(text_source, source, &name, &mut outside, &mut read_before) {
            Ok(t) if t.len() > text_left => {
                unreadable.push(format!(
                    "“{name}” (the sources' text passes {} MB, the most one import brings in)",
                    MAX_TEXT >> 20
                ));
                continue;
            }
            Ok(t) => t,
            Err(why) => {
                unreadable.push(format!("“{name}” ({why})"));
                continue;
            }
        };
        text_left -= text.len();
        let key = guid_key(s.attribute("guid").unwrap_or_default());
        let mut d = IncomingDoc { key: key.clone(), title: name, ..IncomingDoc::default() };
        let description = child_text(s, "Description", &stripped);
        // claimscope writes an article's outlet, date, address and byline there, one per line
        // (and programs that pass the description on keep them); other descriptions are memos.
        let fields = ["Outlet", "Published", "URL", "Byline", "Section"];
        let known = |l: &str| l.split_once(": ").is_some_and(|(f, _)| fields.contains(&f));
        if !description.is_empty() && !description.lines().all(known) {
            // A memo about the whole source: an article has no place for one, so it is said.
            described.push(format!("“{}”: “{}”", crate::model::short(&d.title), crate::model::short(&description)));
        } else if !description.is_empty() {
            for line in description.lines() {
                let (field, value) = line.split_once(": ").unwrap_or_default();
                match field {
                    "Outlet" => d.source = value.to_owned(),
                    "Published" => d.published = value.to_owned(),
                    "URL" => d.url = value.to_owned(),
                    "Byline" => d.byline = value.to_owned(),
                    "Section" => d.section = value.to_owned(),
                    _ => {}
                }
            }
        }
        let text = Text::new(text);
        let len = text.len_chars();
        // One passage may come as several selections (QualCoder writes one per coding): they
        // are gathered by their range, so that its tag, claim, speaker and memo meet again.
        let mut passages: Vec<Passage> = Vec::new();
        let mut at: HashMap<(usize, usize), usize> = HashMap::new();
        for sel in children(text_source, "PlainTextSelection") {
            let (start, end) = match span(sel, len) {
                Ok(r) => r,
                Err(why) => {
                    // Said with the selection's place, not counted as uncoded (they were coded),
                    // and never clamped to the text (0 to 2^64 had become the whole article).
                    if misplaced.len() < 5 {
                        let at = |a: &str| sel.attribute(a).unwrap_or_default().chars().take(24).collect::<String>();
                        misplaced.push(format!(
                            "{why} ({}–{} in “{}”, {len} chars)",
                            at("startPosition"),
                            at("endPosition"),
                            crate::model::short(&d.title)
                        ));
                    }
                    misplaced_count += 1;
                    continue;
                }
            };
            let mut here = Passage {
                start,
                end,
                // A moment, not a text: cut where no date-time runs on (one of 400,000 chars,
                // copied to each of 5,000 codings, took over 4 GB).
                created: crate::model::truncate(sel.attribute("creationDateTime").unwrap_or_default().trim(), 64),
                created_by: user(sel),
                ..Passage::default()
            };
            // The memo: the selection's description, then the notes it refers to.
            let description = child_text(sel, "Description", &stripped);
            here.notes.push(Memo::new(description));
            for r in children(sel, "NoteRef") {
                let guid = guid_key(r.attribute("targetGUID").unwrap_or_default());
                if let Some(n) = notes.get(&guid) {
                    here.notes.push(n.text.clone());
                    placed.insert(guid);
                }
            }
            for coding in children(sel, "Coding") {
                let Some(code) = child(coding, "CodeRef").and_then(|r| r.attribute("targetGUID")) else { continue };
                match role.get(&guid_key(code)) {
                    Some(Role::Tag(t)) => {
                        here.tags.push(t.clone());
                    }
                    Some(Role::Claim(k)) => here.claim = Some(k.clone()),
                    Some(Role::Speaker(s)) => here.speaker.clone_from(s),
                    _ => {}
                }
            }
            // Joined to the passage last seen at this range, unless it repeats one of its tags
            // (two annotations of one tag over the same words stay two).
            let joins = at
                .get(&(start, end))
                .copied()
                .filter(|&k| !here.tags.items.iter().any(|t| passages[k].tags.contains(t)));
            match joins {
                Some(k) => {
                    let p = &mut passages[k];
                    for t in here.tags.items {
                        p.tags.push(t);
                    }
                    if here.claim.is_some() {
                        p.claim = here.claim;
                    }
                    if !here.speaker.is_empty() {
                        p.speaker = here.speaker;
                    }
                    for n in here.notes.items {
                        p.notes.push(n);
                    }
                }
                None => {
                    at.insert((start, end), passages.len());
                    passages.push(here);
                }
            }
        }
        // Notes the source refers to that are about a passage of it (QualCoder's annotations):
        // the memo of the coded passage with that range, if there is one.
        for r in children(s, "NoteRef").chain(children(text_source, "NoteRef")) {
            let guid = guid_key(r.attribute("targetGUID").unwrap_or_default());
            let Some(n) = notes.get(&guid) else { continue };
            let Some(range) = n.passage.map(|(a, b)| (a.min(len), b.min(len))) else { continue };
            match at.get(&range).map(|&k| &mut passages[k]) {
                Some(p) if !p.tags.is_empty() => {
                    p.notes.push(n.text.clone());
                    placed.insert(guid);
                }
                _ => loose_notes += 1,
            }
        }
        d.text = Some(text.as_str().to_owned());
        inc.documents.push(d);
        read_sources.push(ReadSource { key, text, passages, at });
    }
    // Notes about a passage that no source refers to (QualCoder writes one note reference per
    // source and leaves its other annotations' notes unattached): placed on the coded passage
    // at that span when exactly one source has one there; else on the one source whose text
    // holds the span and the passage the note quotes; else reported by their text.
    let mut unplaced: Vec<String> = Vec::new();
    let mut loose: Vec<(&String, &NoteText)> =
        notes.iter().filter(|(g, n)| !placed.contains(*g) && n.passage.is_some()).collect();
    loose.sort_by_key(|(g, _)| g.as_str());
    // The sources with a passage at each span, and how many of them coded it (with the first):
    // looked up per note, not scanned (notes times sources took minutes for a 195 KB archive).
    let mut at_span: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut coded_at: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
    for (k, s) in read_sources.iter().enumerate() {
        for (&span, &i) in &s.at {
            at_span.entry(span).or_default().push(k);
            if !s.passages[i].tags.is_empty() {
                let c = coded_at.entry(span).or_insert((0, k));
                c.0 += 1;
            }
        }
    }
    // Chars of passages compared with the passages notes quote, for all notes together.
    let mut compare_budget: usize = 256 << 20;
    for (_, n) in loose {
        let Some((a, b)) = n.passage else { continue };
        let chosen = match coded_at.get(&(a, b)) {
            Some(&(1, k)) => Some(k),
            _ => {
                let quoted = quoted_passage(&n.text.text);
                let candidates = at_span.get(&(a, b)).map_or(&[][..], Vec::as_slice);
                // A note that many sources could take is not placed by guessing among them.
                let mut fits = Vec::new();
                if candidates.len() <= MAX_NOTE_CANDIDATES {
                    for &k in candidates {
                        let t = &read_sources[k].text;
                        if b > t.len_chars() {
                            continue;
                        }
                        let Some(left) = compare_budget.checked_sub(b - a) else { break };
                        compare_budget = left;
                        if quoted.as_deref().is_none_or(|q| t.slice(a..b).contains(q)) {
                            fits.push(k);
                            if fits.len() > 1 {
                                break;
                            }
                        }
                    }
                }
                match fits.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                }
            }
        };
        match chosen.and_then(|k| read_sources[k].at.get(&(a, b)).map(|&i| (k, i))) {
            Some((k, i)) if !read_sources[k].passages[i].tags.is_empty() => {
                read_sources[k].passages[i].notes.push(n.text.clone());
            }
            _ if !n.text.text.is_empty() => unplaced.push(crate::model::short(&n.text.text)),
            _ => {}
        }
    }
    // Bytes of quotes and notes the annotations hold, each coding its own copy: one passage
    // with a 100 MB note coded 200 times (a 100 KB archive) aborted out of memory.
    let (mut held, mut over) = (0usize, 0usize);
    for s in read_sources {
        for p in s.passages {
            if p.tags.is_empty() {
                uncoded += 1;
                continue;
            }
            // Measured before anything is copied: the quote's bytes, its context's at most, the
            // memo's joined (80 selections of a 30 MB text, each with a 30 MB note, took 4 GB).
            // Counted as written (escaped), and a fixed share per coding for the annotation
            // itself: 1,030 one-char selections of 500 codes each (a 179 KB archive) held 1.15 GB.
            let written = crate::model::text::written_len;
            let each =
                written(s.text.slice(p.start..p.end)) + 2 * 4 * crate::model::QUOTE_CONTEXT + p.notes.joined_len();
            if held.saturating_add(each) > super::merge::MAX_HELD {
                over += p.tags.items.len();
                continue;
            }
            let quote = TextQuote::of(&s.text, p.start..p.end);
            let note = p.notes.join();
            let each = each - p.notes.joined_len() + written(&note) + PER_CODING;
            // What each coding copies besides: its code's path, speaker, claim, date and coder.
            // A user's, a speaker's and a code's name of 1,000 chars each, named by 230,000
            // selections (a 618 KB archive), held 4.5 GB and wrote a project too large to open.
            let shared = written(&p.speaker)
                + p.claim.as_deref().map_or(0, written)
                + written(&p.created)
                + written(&p.created_by);
            for tag in p.tags.items {
                let each = each + shared + written(&tag);
                if held.saturating_add(each) > super::merge::MAX_HELD {
                    over += 1;
                    continue;
                }
                held += each;
                inc.annotations.push(IncomingAnnotation {
                    doc: s.key.clone(),
                    start: p.start,
                    end: p.end,
                    quote: quote.clone(),
                    tag: tag.to_string(),
                    note: note.clone(),
                    speaker: p.speaker.to_string(),
                    claim: p.claim.as_deref().map(str::to_owned),
                    created: p.created.clone(),
                    created_by: p.created_by.to_string(),
                });
            }
        }
    }
    if over > 0 {
        inc.ignored.push(format!(
            "{over} coding(s) not read: the project's codings would hold more than {} MB (their quotes, notes and names, and the annotations themselves)",
            super::merge::MAX_HELD >> 20
        ));
    }
    if !unplaced.is_empty() {
        let shown: Vec<String> = unplaced.iter().take(5).map(|t| format!("“{t}”")).collect();
        let more = unplaced.len().saturating_sub(5);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        inc.ignored.push(format!(
            "{} note(s) that could not be placed on a coded passage: {}{more}",
            unplaced.len(),
            shown.join(", ")
        ));
    }
    let mut skipped: Vec<(&str, usize)> = skipped.into_iter().collect();
    skipped.sort_unstable();
    inc.ignored.extend(skipped.into_iter().map(|(what, n)| format!("{n} {what}")));
    if !unreadable.is_empty() {
        let shown: Vec<&str> = unreadable.iter().take(5).map(String::as_str).collect();
        let more = unreadable.len().saturating_sub(5);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        inc.ignored.push(format!("{} source(s) whose text is missing: {}{more}", unreadable.len(), shown.join(", ")));
    }
    if misplaced_count > 0 {
        let more = misplaced_count - misplaced.len();
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        inc.ignored
            .push(format!("{misplaced_count} selection(s) not a span of their text: {}{more}", misplaced.join("; ")));
    }
    if uncoded > 0 {
        inc.ignored.push(format!("{uncoded} passage(s) without a code"));
    }
    if let Some(line) = stripped_line(stripped.get()) {
        inc.ignored.push(line);
    }
    let not_read: Vec<&ExternalSource> = outside.listed.iter().filter(|e| !e.read).collect();
    if !not_read.is_empty() {
        let shown: Vec<String> = not_read
            .iter()
            .take(5)
            .map(|e| {
                let why = e.refused.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
                format!("{}{why}", e.path.display())
            })
            .collect();
        let more = not_read.len().saturating_sub(5);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        inc.ignored.push(format!(
            "refers to {} file(s) outside the archive, not read: {}{more}",
            not_read.len(),
            shown.join(", ")
        ));
    }
    inc.external = outside.listed;
    if loose_notes > 0 {
        inc.ignored.push(format!("{loose_notes} note(s) on passages without a code"));
    }
    // Memos about no passage (of a source, a code, the project): claimscope keeps memos on
    // annotations only, so they are named here rather than dropped unsaid.
    let mut whole: Vec<&str> =
        notes.values().filter(|n| n.passage.is_none() && !n.text.text.is_empty()).map(|n| &*n.text.text).collect();
    whole.sort_unstable();
    if !whole.is_empty() {
        let shown: Vec<String> = whole.iter().take(5).map(|t| format!("“{}”", crate::model::short(t))).collect();
        let more = whole.len().saturating_sub(5);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        inc.ignored.push(format!(
            "{} memo(s) about no passage (of a source, a code or the project), which claimscope has no place for: {}{more}",
            whole.len(),
            shown.join(", ")
        ));
    }
    if !described.is_empty() {
        let more = described.len().saturating_sub(5);
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        inc.ignored.push(format!(
            "{} source description(s), which an article has no place for: {}{more}",
            described.len(),
            described.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    // The coders: those who made the coded passages brought in, not every user the file lists
    // (a file's exporter, say, who coded nothing).
    let mut names: Vec<&str> =
        inc.annotations.iter().map(|a| a.created_by.as_str()).filter(|n| !n.is_empty()).collect();
    names.sort_unstable();
    names.dedup();
    inc.users = names.into_iter().map(str::to_owned).collect();
    Ok(inc)
}

/// A source read, its passages waiting for the notes that name no source.
/// Most sources a note without a source of its own is matched against by its quoted passage.
const MAX_NOTE_CANDIDATES: usize = 64;

struct ReadSource {
    key: String,
    text: Text,
    passages: Vec<Passage>,
    at: HashMap<(usize, usize), usize>,
}

/// The passage a note quotes, when it quotes one (“…” or "…").
fn quoted_passage(note: &str) -> Option<String> {
    for (open, close) in [('“', '”'), ('"', '"'), ('«', '»')] {
        if let Some((_, rest)) = note.split_once(open)
            && let Some((q, _)) = rest.split_once(close)
            && q.chars().count() >= 3
        {
            return Some(q.to_owned());
        }
    }
    None
}

/// A note's text, and the passage (start, end) it is about, if it says.
struct NoteText {
    text: Memo,
    passage: Option<(usize, usize)>,
}

/// A memo's text (a note, or a selection's description), shared and hashed once: a note that
/// selection after selection refers to is one text, not a copy and a hashing each (1,000
/// references to one 30 MB note took 49 s; 80 selections referring to it, 4 GB).
#[derive(Clone)]
struct Memo {
    text: std::rc::Rc<str>,
    hash: u64,
}

impl Memo {
    /// `text` as [`plain`] leaves it.
    fn new(text: String) -> Memo {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        text.hash(&mut h);
        Memo { text: text.into(), hash: h.finish() }
    }
}

/// A passage's memos in the order first seen, each text once (claimscope's own export writes a
/// note both as the selection's description and as a note), none empty.
#[derive(Default)]
struct Memos {
    items: Vec<Memo>,
    by_hash: HashMap<u64, Vec<usize>>,
}

impl Memos {
    fn push(&mut self, m: Memo) {
        if m.text.is_empty() {
            return;
        }
        let same = self.by_hash.get(&m.hash).is_some_and(|ix| {
            ix.iter().any(|&i| std::rc::Rc::ptr_eq(&self.items[i].text, &m.text) || self.items[i].text == m.text)
        });
        if !same {
            self.by_hash.entry(m.hash).or_default().push(self.items.len());
            self.items.push(m);
        }
    }

    /// The bytes of [`Memos::join`], without joining.
    fn joined_len(&self) -> usize {
        self.items.iter().map(|m| m.text.len()).sum::<usize>() + 2 * self.items.len().saturating_sub(1)
    }

    fn join(&self) -> String {
        let parts: Vec<&str> = self.items.iter().map(|m| &*m.text).collect();
        parts.join("\n\n")
    }
}

/// What an annotation costs besides its strings, counted against the import's budget for each
/// coding (the two structs a coding becomes, with their strings' headers, rounded up).
const PER_CODING: usize = 512;

/// Strings in the order first seen, each once, none empty; a lookup per push, so that a
/// selection with 100,000 note references or codings costs as many steps, not their square.
#[derive(Default)]
struct Unique {
    items: Vec<Arc<str>>,
    seen: std::collections::HashSet<Arc<str>>,
}

impl Unique {
    fn push(&mut self, s: Arc<str>) {
        if !s.is_empty() && self.seen.insert(Arc::clone(&s)) {
            self.items.push(s);
        }
    }

    fn contains(&self, s: &str) -> bool {
        self.seen.contains(s)
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// One passage of a source and what its selections say about it.
#[derive(Default)]
struct Passage {
    start: usize,
    end: usize,
    tags: Unique,
    claim: Option<Arc<str>>,
    speaker: Arc<str>,
    notes: Memos,
    created: String,
    created_by: Arc<str>,
}

/// The range of a selection, clamped to a text of `len` chars; `None` if it has none or is
/// empty.
fn span(sel: Node<'_, '_>, len: usize) -> Result<(usize, usize), &'static str> {
    let pos = |a: &str| sel.attribute(a).map(|v| v.trim().parse::<usize>());
    match (pos("startPosition"), pos("endPosition")) {
        (Some(Ok(start)), Some(Ok(end))) if start >= end => Err("empty or reversed"),
        (Some(Ok(_)), Some(Ok(end))) if end > len => Err("past the end of the text"),
        (Some(Ok(start)), Some(Ok(end))) => Ok((start, end)),
        (None, _) | (_, None) => Err("no position"),
        _ => Err("a position that is not a number"),
    }
}

/// The range of a selection, clamped to a text of `len` chars; `None` if it has none or is
/// empty. For a note's passage, which is only matched against coded ones.
fn range(sel: Node<'_, '_>, len: usize) -> Option<(usize, usize)> {
    let pos = |a: &str| sel.attribute(a).and_then(|v| v.trim().parse::<usize>().ok());
    let (start, end) = (pos("startPosition")?.min(len), pos("endPosition")?.min(len));
    (start < end).then_some((start, end))
}

/// Where a source's files are looked for.
struct Source<'z, 'a> {
    zip: &'z mut Zipped<'a>,
    /// The archive's parts by their lower-case names.
    parts: &'z HashMap<String, String>,
    /// The folder of the `.qdpx` file.
    folder: &'z Path,
    /// The project's `basePath` (a folder on the machine that made it).
    base: &'z str,
    /// When reading the archive's rich sources (PDF, Word, OpenDocument) must be done by, and
    /// the time that gave them.
    rich_time: (std::time::Instant, std::time::Duration),
    /// Bytes of text the archive's sources may still bring: a rich source's reader stops past
    /// it, before its text is sent back (a 3 KB archive's second 60 MB source took 870 MB here
    /// before it was refused).
    text_left: usize,
}

/// The source files named outside the archive, and which may be read.
struct Outside<'e> {
    allowed: &'e External,
    listed: Vec<ExternalSource>,
}

/// The plain text of a text source: inline, inside the archive, or (when allowed) a file
/// outside it; failing that, read from its rich-text original (`.docx`, `.odt`) or, for a PDF
/// source, its PDF by claimscope's own importers, which unpack from the same budget.
fn source_text(
    s: Node<'_, '_>,
    mut at: Source<'_, '_>,
    name: &str,
    outside: &mut Outside<'_>,
    read_before: &mut HashMap<String, Result<String, String>>,
) -> Result<String, String> {
    if let Some(c) = child(s, "PlainTextContent") {
        return Ok(c.text().unwrap_or_default().to_owned());
    }
    let path = |key: &str| s.attribute(key).map(str::trim).filter(|p| !p.is_empty());
    let (p, plain) = match (path("plainTextPath"), path("richTextPath").or_else(|| path("path"))) {
        (Some(p), _) => (p, true),
        (None, Some(p)) => (p, false),
        (None, None) => return Err("no plain text".into()),
    };
    // One key for one file however its path is written ("internal://a.docx", "internal:///a.docx"
    // were read again each: 200 sources of one docx, 2.5 KB, took 150 s).
    let key = match p.strip_prefix("internal://") {
        Some(rest) => format!("{plain}:internal://{}", rest.trim_start_matches('/').to_lowercase()),
        None => format!("{plain}:{p}"),
    };
    if let Some(done) = read_before.get(&key) {
        return done.clone();
    }
    let text = (|| {
        let bytes = file(p, &mut at, name, outside)?;
        if plain {
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            return String::from_utf8(text.to_vec())
                .map_err(|e| format!("its text is not UTF-8 (byte {})", e.utf8_error().valid_up_to()));
        }
        // The rich sources (PDF, Word, OpenDocument) share the time one file is given.
        let (until, given) = at.rich_time;
        let left = until.saturating_duration_since(std::time::Instant::now());
        if left < std::time::Duration::from_millis(500) {
            return Err(format!(
                "not read: the sources before it used up the {} s the whole archive is given",
                given.as_secs()
            ));
        }
        let deadline = left.min(super::isolate::deadline_for(bytes.len()));
        let article = if bytes.starts_with(b"%PDF") {
            super::pdf::convert_within(&bytes, deadline)?
        } else {
            super::isolate::rich_source(&bytes, at.zip.budget(), deadline, at.text_left)
                .map_err(|why| format!("{p}: {why}"))?
        };
        Ok(article.text)
    })();
    read_before.insert(key, text.clone());
    text
}

/// Folders no source file is read from, whatever a project names: the kernel's and devices'.
const NEVER: [&str; 3] = ["/proc", "/sys", "/dev"];

/// The bytes of a source file named by a REFI path. `internal://` is inside the archive and
/// always read. Anything else is outside it: `relative://` beside the archive (or under the
/// project's `basePath`), an absolute path, `absolute://` or `file://`. Such a file is listed
/// and read only when the analyst allowed it, and even then never from `/proc`, `/sys` or
/// `/dev`, never a link that leads out of the folder it is named in, never a `relative://`
/// path that leaves the folder it is relative to (the archive's, or `basePath`), and never
/// anything but a regular file.
fn file(p: &str, at: &mut Source<'_, '_>, source: &str, outside: &mut Outside<'_>) -> Result<Vec<u8>, String> {
    if let Some(rest) = p.strip_prefix("internal://") {
        let rest = rest.trim_start_matches('/');
        let name = [format!("sources/{rest}").to_lowercase(), rest.to_lowercase()]
            .iter()
            .find_map(|n| at.parts.get(n))
            .ok_or_else(|| format!("sources/{rest} is not in the archive"))?;
        return Ok(at.zip.bytes(name)?.unwrap_or_default());
    }
    let (relative, rest) = match p.strip_prefix("relative://") {
        Some(r) => (true, r),
        None => (false, p.strip_prefix("absolute://").or_else(|| p.strip_prefix("file://")).unwrap_or(p)),
    };
    let (candidate, inside) = if relative {
        let rest = rest.trim_start_matches('/');
        let beside = at.folder.join(rest);
        let under_base = Path::new(at.base).join(rest);
        if beside.exists() || at.base.is_empty() {
            (beside, Some(at.folder.to_owned()))
        } else {
            (under_base, Some(PathBuf::from(at.base)))
        }
    } else {
        (PathBuf::from(rest), None)
    };
    let mut entry = ExternalSource { source: source.to_owned(), path: candidate.clone(), read: false, refused: None };
    if !outside.allowed.allows(&candidate) {
        outside.listed.push(entry);
        return Err(format!("{p} is outside the archive; not read unless you allow it"));
    }
    let read = read_outside(&candidate, inside.as_deref());
    match &read {
        Ok(_) => entry.read = true,
        Err(why) => entry.refused = Some(why.clone()),
    }
    outside.listed.push(entry);
    read
}

/// Reads a file outside the archive that the analyst allowed, under the rules of [`file`].
fn read_outside(path: &Path, inside: Option<&Path>) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let lexical = path.to_string_lossy();
    if NEVER.iter().any(|n| lexical == *n || lexical.starts_with(&format!("{n}/"))) {
        return Err(format!("{shown} is a system file; never read"));
    }
    let real = std::fs::canonicalize(path).map_err(|e| format!("{shown} cannot be found ({e})"))?;
    if NEVER.iter().any(|n| real.starts_with(n)) {
        return Err(format!("{shown} leads to a system file; never read"));
    }
    // A link may not lead out of the folder the file is named in (its folder's own path may
    // hold links: that is where the analyst keeps it).
    let named_folder = path
        .parent()
        .and_then(|d| std::fs::canonicalize(if d.as_os_str().is_empty() { Path::new(".") } else { d }).ok());
    if named_folder.as_deref() != real.parent() {
        return Err(format!("{shown} is a link out of its folder; not read"));
    }
    if let Some(folder) = inside {
        let folder =
            std::fs::canonicalize(folder).map_err(|e| format!("{} cannot be found ({e})", folder.display()))?;
        if !real.starts_with(&folder) {
            return Err(format!("{shown} is outside the folder it is relative to; not read"));
        }
    }
    super::read_bytes(&real).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_short_and_long() {
        assert_eq!(parse_colour("#ABC"), Some(Colour([0xAA, 0xBB, 0xCC])));
        assert_eq!(parse_colour("#0072B2"), Some(Colour([0x00, 0x72, 0xB2])));
        assert_eq!(parse_colour("blue"), None);
    }

    #[test]
    fn a_code_book_too_deep_is_refused_not_recursed() {
        let mut xml = String::from("<CodeBook><Codes>");
        for i in 0..200 {
            xml += &format!("<Code guid=\"{i}\" name=\"c{i}\" isCodable=\"true\">");
        }
        xml += &"</Code>".repeat(200);
        xml += "</Codes></CodeBook>";
        let e = read_codebook(xml.as_bytes(), Path::new("deep.qdc")).expect_err("refused");
        assert!(e.to_string().contains("nests deeper"), "{e}");
    }

    #[test]
    fn control_characters_left_out_are_counted() {
        let xml = "<CodeBook><Codes><Code guid=\"a\" name=\"Fa\u{85}ct\" isCodable=\"true\"><Description>x\u{7f}\u{7f}\ty</Description></Code></Codes></CodeBook>";
        let inc = read_codebook(xml.as_bytes(), Path::new("c.qdc")).expect("read");
        assert_eq!(inc.tags[0].name, "Fact");
        assert_eq!(inc.tags[0].description, "x\ty", "the tab stays");
        assert_eq!(inc.ignored, ["3 control character(s) (DEL, C1) left out of names, descriptions and notes"]);
        let clean = "<CodeBook><Codes><Code guid=\"a\" name=\"Fact\" isCodable=\"true\"/></Codes></CodeBook>";
        assert!(read_codebook(clean.as_bytes(), Path::new("c.qdc")).expect("read").ignored.is_empty());
    }
}
