//! brat standoff: a folder with `NAME.txt` and `NAME.ann` per article, plus `annotation.conf`
//! (the tags as entity types, claims and speakers as attributes) and `visual.conf` (tag colours
//! and names). Offsets are char offsets, as brat counts them.
//!
//! brat spans may not cross a line break, so a span that does is written as discontinuous
//! fragments (`T1 Fact 0 10;11 20`), one per line, whose text is joined by single spaces. A
//! note becomes `#1 AnnotatorNotes T1 …` (one line: line breaks become " // "). A claim is the
//! attribute `Claim` with the claim's id as value; `claims.tsv` beside the files gives the
//! labels. A speaker is the attribute `Speaker` with spaces written as underscores (see
//! [`attribute_value`]).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::{ExportError, Progress, Selection, slug, tick};
use crate::model::{Annotation, Document, TagId};

/// A tag name as a brat type: no spaces or punctuation other than `_` and `-`.
pub fn type_name(tag: &str) -> String {
    let s: String = tag.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
    if s.is_empty() { "Tag".to_owned() } else { s }
}

/// Each tag's brat type, told apart: two tags whose names differ only where brat allows no
/// character ("Legal claim", "Legal/claim") got one type, and a re-import gave both
/// annotations one tag. The second becomes `Legal_claim_2`; `visual.conf` keeps each name.
fn type_names<'a>(tags: impl Iterator<Item = (TagId, &'a str)>) -> BTreeMap<TagId, String> {
    let mut taken = BTreeSet::new();
    let mut out = BTreeMap::new();
    for (id, name) in tags {
        let base = type_name(name);
        let mut ty = base.clone();
        let mut n = 1;
        while !taken.insert(ty.clone()) {
            n += 1;
            ty = format!("{base}_{n}");
        }
        out.insert(id, ty);
    }
    out
}

/// A free-text value as a brat attribute value: no whitespace, and none of the characters that
/// separate values in `annotation.conf` (`|`, `,`, `:`, `=`) or that no configuration line can
/// hold (control characters). A space is written `_`; an underscore, `%`, other white space and
/// those characters as `%XX` (their UTF-8 bytes), so the import reads the value back as it was
/// (each had become `_`, read back as a space: "UN_Watch" came back "UN Watch", "Smith, John"
/// "Smith  John", and "A B" and "A_B" became one speaker). Other letters stay as they are, so
/// brat shows names in any script.
pub fn attribute_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' {
            out.push('_');
        } else if c == '_'
            || c == '%'
            || c.is_whitespace()
            || c.is_control()
            || matches!(c, '|' | ',' | ':' | '=' | '<' | '>' | '#')
        {
            let mut bytes = [0u8; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A value written by [`attribute_value`] read back (and one written before it escaped
/// anything, where `_` stood for any space).
pub fn attribute_text(v: &str) -> String {
    percent_encoding::percent_decode_str(&v.replace('_', " ")).decode_utf8_lossy().into_owned()
}

/// A tag name as `visual.conf` shows it: one line, no `|` (which separates names there).
fn display_name(s: &str) -> String {
    s.chars().map(|c| if c.is_control() || c == '|' { ' ' } else { c }).collect::<String>().trim().to_owned()
}

/// The file stem of an article: its id and a slug of its title.
pub fn stem(d: &Document) -> String {
    let s = slug(&d.title, 40);
    if s.is_empty() { d.id.to_string() } else { format!("{}-{s}", d.id) }
}

/// The pieces of `r` between line breaks (empty pieces dropped).
pub fn fragments(d: &Document, r: Range<usize>) -> Vec<Range<usize>> {
    let text = d.text.slice(r.clone());
    let mut out = Vec::new();
    let mut start = r.start;
    for (i, c) in text.chars().enumerate() {
        if c == '\n' {
            let at = r.start + i;
            if at > start {
                out.push(start..at);
            }
            start = at + 1;
        }
    }
    if r.end > start {
        out.push(start..r.end);
    }
    out
}

/// Text as one field of an `.ann` line: a tab, a carriage return or another control character in
/// a note or a quote broke the line (claimscope's own brat import refused the folder), so each is
/// a space.
fn one_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().into()
    } else {
        s.into()
    }
}

fn ann_file(d: &Document, anns: &[&Annotation], types: &BTreeMap<TagId, String>) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(anns.len() * 96);
    for (n, a) in anns.iter().enumerate() {
        let t = n + 1;
        let ty = types.get(&a.tag).map_or("Tag", String::as_str);
        if a.quote.exact.contains('\n') || !a.is_anchored_in(&d.text) {
            let pieces = fragments(d, a.range());
            if pieces.is_empty() {
                continue;
            }
            let offsets: Vec<String> = pieces.iter().map(|p| format!("{} {}", p.start, p.end)).collect();
            let text: Vec<&str> = pieces.iter().map(|p| d.text.slice(p.clone())).collect();
            let _ = writeln!(out, "T{t}\t{ty} {}\t{}", offsets.join(";"), one_field(&text.join(" ")));
        } else {
            // One line: the quote is the text at the offsets.
            let _ = writeln!(out, "T{t}\t{ty} {} {}\t{}", a.start, a.end, one_field(&a.quote.exact));
        }
        if !a.note.is_empty() {
            let note = a.note.replace("\r\n", "\n").replace('\n', " // ");
            let _ = writeln!(out, "#{t}\tAnnotatorNotes T{t}\t{}", one_field(&note));
        }
        if let Some(c) = a.claim {
            let _ = writeln!(out, "A{}\tClaim T{t} {c}", 2 * t - 1);
        }
        if !a.speaker.is_empty() {
            let _ = writeln!(out, "A{}\tSpeaker T{t} {}", 2 * t, attribute_value(&a.speaker));
        }
    }
    out
}

fn annotation_conf(sel: &Selection<'_>, types: &BTreeMap<TagId, String>) -> String {
    let mut out = String::from("# Written by claimscope. Entity types are the project's tags.\n[entities]\n");
    for t in &sel.tags {
        out += types.get(&t.id).map_or("Tag", String::as_str);
        out.push('\n');
    }
    out += "\n[relations]\n\n# No relations: claims link annotations across articles, so they are attributes.\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n";
    let claims: BTreeSet<String> =
        sel.all().filter_map(|(_, a)| a.claim).collect::<BTreeSet<_>>().into_iter().map(|c| c.to_string()).collect();
    if !claims.is_empty() {
        out += &format!("Claim\tArg:<ENTITY>, Value:{}\n", claims.into_iter().collect::<Vec<_>>().join("|"));
    }
    let speakers: BTreeSet<String> = sel
        .all()
        .map(|(_, a)| a.speaker.as_str())
        .filter(|s| !s.is_empty())
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .map(attribute_value)
        .collect();
    if !speakers.is_empty() {
        out += &format!("Speaker\tArg:<ENTITY>, Value:{}\n", speakers.into_iter().collect::<Vec<_>>().join("|"));
    }
    out
}

fn visual_conf(sel: &Selection<'_>, types: &BTreeMap<TagId, String>) -> String {
    let ty = |id: &TagId| types.get(id).map_or("Tag", String::as_str).to_owned();
    let mut out = String::from("[labels]\n");
    for t in &sel.tags {
        out += &format!("{} | {}\n", ty(&t.id), display_name(&t.name));
    }
    out += "\n[drawing]\n";
    for t in &sel.tags {
        out += &format!("{}\tbgColor:{}\n", ty(&t.id), t.colour.to_string().to_lowercase());
    }
    out
}

pub fn write(sel: &Selection<'_>, progress: &dyn Progress) -> Result<BTreeMap<String, Vec<u8>>, ExportError> {
    let mut files = BTreeMap::new();
    let total = sel.documents.len();
    let types = type_names(sel.project.tags().iter().map(|t| (t.id, t.name.as_str())));
    for (k, (d, anns)) in sel.documents.iter().zip(&sel.annotations).enumerate() {
        tick(progress, k, total, &d.title)?;
        let stem = stem(d);
        files.insert(format!("{stem}.txt"), d.text.as_str().as_bytes().to_vec());
        files.insert(format!("{stem}.ann"), ann_file(d, anns, &types).into_bytes());
    }
    files.insert("annotation.conf".into(), annotation_conf(sel, &types).into_bytes());
    files.insert("visual.conf".into(), visual_conf(sel, &types).into_bytes());
    if !sel.claims.is_empty() {
        let mut tsv = String::from("id\tlabel\n");
        for c in &sel.claims {
            let label: String = c.label.chars().map(|ch| if ch.is_control() { ' ' } else { ch }).collect();
            tsv += &format!("{}\t{}\n", c.id, label);
        }
        files.insert("claims.tsv".into(), tsv.into_bytes());
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Speakers come back from a brat folder as they were written, and two that differ stay
    /// two ("UN_Watch" had come back "UN Watch", "A B" and "A_B" as one).
    #[test]
    fn attribute_values_read_back_as_they_were() {
        let names = [
            "UN_Watch",
            "Smith, John",
            "A B",
            "A_B",
            "  ",
            "50% off",
            "%5F",
            "Ιωάννης Παπαδόπουλος",
            "محمد جواد ظريف",
            "a|b:c=d<e>f#g",
            "tab\there\nline",
        ];
        let mut written = std::collections::HashSet::new();
        for n in names {
            let v = attribute_value(n);
            assert!(!v.is_empty(), "{n:?}");
            assert!(
                !v.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '|' | ',' | ':' | '=')),
                "{n:?} written {v:?}"
            );
            assert_eq!(attribute_text(&v), n, "written {v:?}");
            assert!(written.insert(v), "{n:?} written as another name");
        }
        assert_eq!(attribute_value("Ιωάννης Παπαδόπουλος"), "Ιωάννης_Παπαδόπουλος", "other scripts as they are");
        assert_eq!(attribute_text("Mike_Pompeo"), "Mike Pompeo", "a value written before escapes");
    }
}
