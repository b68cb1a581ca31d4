//! Reading a brat folder (`NAME.txt` + `NAME.ann` pairs) as annotations to merge. Text-bound
//! annotations (`T`) become annotations (a discontinuous span covers its first to its last
//! fragment), `AnnotatorNotes` become notes, and the `Claim` and `Speaker` attributes that
//! claimscope writes come back as claim and speaker. Relations, events and normalisations are
//! counted in the report as not read.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::ImportError;
use super::merge::{Incoming, IncomingAnnotation, IncomingClaim, IncomingDoc};
use crate::model::TextQuote;

/// True if `dir` is a brat folder: it holds `.ann` files or brat's `annotation.conf`.
pub fn is_brat_folder(dir: &Path) -> bool {
    dir.join("annotation.conf").is_file()
        || std::fs::read_dir(dir).is_ok_and(|entries| {
            entries.filter_map(Result::ok).any(|e| e.path().extension().is_some_and(|x| x == "ann"))
        })
}

/// Reads every `.ann` file of `dir` with its `.txt`.
pub fn read_folder(dir: &Path) -> Result<Incoming, ImportError> {
    let io = |p: &Path| {
        let p = p.to_owned();
        move |error| ImportError::Io { path: p, error }
    };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    names.sort_by(|a, b| super::natural_order(a, b));
    if names.is_empty() {
        return Err(ImportError::Invalid { path: dir.to_owned(), message: "no .ann files in this folder".into() });
    }
    let mut inc = Incoming::default();
    // A folder claimscope exported lists the files it wrote: an article's files missing from
    // it are said (the rest had come in as if the folder were whole).
    let marker = dir.join(crate::export::BRAT_MARKER);
    if let Ok(list) = super::read_inside(&marker).map(|b| String::from_utf8_lossy(&b).into_owned()) {
        let present: HashSet<&str> = names.iter().map(String::as_str).collect();
        let missing: Vec<&str> = list
            .lines()
            .map(str::trim)
            .filter(|n| n.ends_with(".ann") && !n.contains(['/', '\\']) && !present.contains(n))
            .collect();
        if !missing.is_empty() {
            let shown: Vec<String> = missing.iter().take(5).map(|n| crate::model::short(n)).collect();
            let more = if missing.len() > 5 { format!(" and {} more", missing.len() - 5) } else { String::new() };
            inc.ignored.push(format!(
                "{} article(s) the export wrote are missing from the folder: {}{more}",
                missing.len(),
                shown.join(", ")
            ));
        }
    }
    // Claim labels, when claimscope wrote the folder.
    if let Ok(tsv) = super::read_inside(&dir.join("claims.tsv")).map(|b| String::from_utf8_lossy(&b).into_owned()) {
        for line in tsv.lines().skip(1) {
            if let Some((id, label)) = line.split_once('\t') {
                inc.claims.push(IncomingClaim { key: id.to_owned(), label: label.to_owned(), note: String::new() });
            }
        }
    }
    // Display names of entity types from visual.conf ("Legal_claim | Legal claim").
    let mut labels: HashMap<String, String> = HashMap::new();
    if let Ok(conf) = super::read_inside(&dir.join("visual.conf")).map(|b| String::from_utf8_lossy(&b).into_owned()) {
        let mut in_labels = false;
        for line in conf.lines() {
            let t = line.trim();
            if t.starts_with('[') {
                in_labels = t == "[labels]";
            } else if in_labels && let Some((ty, label)) = t.split_once('|') {
                // Cut as every import cuts a field: each annotation of the type holds its label
                // (a 900 KB label on 5,000 annotations took over 4 GB).
                labels.insert(ty.trim().to_owned(), crate::model::truncate(label.trim(), super::MAX_FIELD));
            }
        }
    }
    for name in names {
        let ann_path = dir.join(&name);
        let stem = name.trim_end_matches(".ann");
        let txt_path = dir.join(format!("{stem}.txt"));
        let text = super::text::decode(&super::read_inside(&txt_path)?, &txt_path)?.0;
        let ann = super::text::decode(&super::read_inside(&ann_path)?, &ann_path)?.0;
        inc.documents.push(IncomingDoc {
            key: stem.to_owned(),
            title: stem.to_owned(),
            text: Some(text),
            ..IncomingDoc::default()
        });
        parse_ann(&ann, stem, &labels, &mut inc, &ann_path)?;
    }
    // The claims the annotations name that `claims.tsv` does not, each once and labelled by its
    // key. Taken from the annotations as read, so a claim an A line gave and a later one for the
    // same span replaced is not made (it had been, linked to nothing), and looked up in a set
    // (the list searched at each A line took 7.4 s for 70,000 claims in a 1 MB file).
    let mut known: HashSet<String> = inc.claims.iter().map(|c| c.key.clone()).collect();
    let named: Vec<String> =
        inc.annotations.iter().filter_map(|a| a.claim.clone()).filter(|k| known.insert(k.clone())).collect();
    inc.claims.extend(named.into_iter().map(|key| IncomingClaim { label: key.clone(), key, note: String::new() }));
    Ok(inc)
}

/// Parses one `.ann` file into `inc`, for the document with key `doc`.
pub fn parse_ann(
    ann: &str,
    doc: &str,
    labels: &HashMap<String, String>,
    inc: &mut Incoming,
    path: &Path,
) -> Result<(), ImportError> {
    let mut by_t: HashMap<String, usize> = HashMap::new();
    let mut t_line: HashMap<&str, usize> = HashMap::new();
    let mut ignored = 0;
    // Attributes given again to a span that has one: the last is kept, and said.
    let mut given: HashSet<(&str, &str)> = HashSet::new();
    let mut again: Option<(usize, usize)> = None;
    // Notes and attributes naming no span: how many, and the first one's line.
    let mut unnamed: Option<(usize, usize)> = None;
    let mut no_span = |n: usize| {
        let (count, line) = unnamed.unwrap_or((0, n + 1));
        unnamed = Some((count + 1, line));
    };
    // Spans first, then what names them: brat reads the lines in any order, and a note or an
    // attribute given before its span's line was dropped unsaid.
    let lines = ann.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (spans, others): (Vec<_>, Vec<_>) = lines.partition(|(_, l)| l.starts_with('T'));
    for (n, line) in spans.into_iter().chain(others) {
        let bad =
            |what: &str| ImportError::Invalid { path: path.to_owned(), message: format!("line {}: {what}", n + 1) };
        let mut cols = line.splitn(3, '\t');
        let (Some(id), Some(mid)) = (cols.next(), cols.next()) else {
            return Err(bad("expected tab-separated fields"));
        };
        let rest = cols.next().unwrap_or_default();
        match id.chars().next() {
            Some('T') => {
                // brat refuses a file that gives one id to two spans; the notes and attributes
                // naming it went to the last, unsaid.
                if let Some(first) = t_line.insert(id, n + 1) {
                    let id = crate::model::short(id);
                    return Err(bad(&format!("the id {id} is given again (first at line {first})")));
                }
                let (ty, offsets) = mid.split_once(' ').ok_or_else(|| bad("expected “Type start end”"))?;
                let mut bounds = Vec::new();
                for frag in offsets.split(';') {
                    let (s, e) = frag.trim().split_once(' ').ok_or_else(|| bad("expected “start end”"))?;
                    let s: usize = s.parse().map_err(|_| bad("a start offset is not a number"))?;
                    let e: usize = e.parse().map_err(|_| bad("an end offset is not a number"))?;
                    bounds.push((s, e));
                }
                let start = bounds.iter().map(|b| b.0).min().unwrap_or(0);
                let end = bounds.iter().map(|b| b.1).max().unwrap_or(0);
                let tag = labels.get(ty).cloned().unwrap_or_else(|| ty.replace('_', " "));
                // The quote: the text at the offsets when one fragment; otherwise the fragments'
                // text joined as brat joins them (re-anchoring then finds the whole span).
                let exact = if bounds.len() == 1 { rest.to_owned() } else { String::new() };
                by_t.insert(id.to_owned(), inc.annotations.len());
                inc.annotations.push(IncomingAnnotation {
                    doc: doc.to_owned(),
                    start,
                    end,
                    quote: TextQuote { exact, ..TextQuote::default() },
                    tag,
                    ..IncomingAnnotation::default()
                });
            }
            Some('#') if mid.starts_with("AnnotatorNotes ") => {
                let target = mid.trim_start_matches("AnnotatorNotes ").trim();
                match by_t.get(target) {
                    // A second note on one span joins the first (it had replaced it, unsaid).
                    Some(&k) => {
                        let note = rest.replace(" // ", "\n");
                        let held = &mut inc.annotations[k].note;
                        if held.is_empty() {
                            *held = note;
                        } else if !note.is_empty() {
                            held.push_str("\n\n");
                            held.push_str(&note);
                        }
                    }
                    // A note on a relation or an event: not read, as they are not.
                    None if !target.starts_with('T') => ignored += 1,
                    None => no_span(n),
                }
            }
            Some('A' | 'M') => {
                let parts: Vec<&str> = mid.split(' ').collect();
                if let (Some(_), Some(&target)) = (parts.first(), parts.get(1))
                    && !by_t.contains_key(target)
                {
                    if target.starts_with('T') { no_span(n) } else { ignored += 1 }
                } else if parts.get(1).is_none() {
                    // An attribute naming nothing: counted as not read.
                    ignored += 1;
                } else if let (Some(&name), Some(&target)) = (parts.first(), parts.get(1))
                    && let Some(&k) = by_t.get(target)
                {
                    let value = parts.get(2).copied().unwrap_or_default();
                    if matches!(name, "Claim" | "Speaker") && !given.insert((target, name)) {
                        let (count, line) = again.unwrap_or((0, n + 1));
                        again = Some((count + 1, line));
                    }
                    match name {
                        "Claim" => inc.annotations[k].claim = Some(value.to_owned()),
                        "Speaker" => inc.annotations[k].speaker = crate::export::brat::attribute_text(value),
                        _ => ignored += 1,
                    }
                }
            }
            _ => ignored += 1,
        }
    }
    // Multi-fragment spans: the text between first start and last end is the quote; the merge
    // reads it from the article.
    if ignored > 0 {
        inc.ignored.push(format!("{ignored} relation, event or other line(s) in {}", path.display()));
    }
    if let Some((count, line)) = unnamed {
        inc.ignored.push(format!(
            "{count} note(s) or attribute(s) naming a span the file does not have (first at line {line} of {})",
            path.display()
        ));
    }
    if let Some((count, line)) = again {
        inc.ignored.push(format!(
            "{count} claim or speaker attribute(s) given again to a span that had one, the last kept (first at line {line} of {})",
            path.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// brat reads an `.ann` file's lines in any order: a note or an attribute given before its
    /// span's line was dropped unsaid, and one naming a span the file lacks was not reported.
    #[test]
    fn notes_and_attributes_before_their_span_are_read_and_those_naming_none_said() {
        let ann = "#1\tAnnotatorNotes T1\tsaid twice // on air\nA1\tSpeaker T1 Mike_Pompeo\n#2\tAnnotatorNotes T9\tlost\nT1\tFact 0 5\tHello\nA2\tClaim T1 c1\n#3\tAnnotatorNotes T1\tand again\n#4\tAnnotatorNotes R1\ton a relation\nA3\tNegated\n";
        let mut inc = Incoming::default();
        parse_ann(ann, "d", &HashMap::new(), &mut inc, Path::new("x.ann")).expect("parses");
        assert_eq!(inc.annotations.len(), 1);
        let a = &inc.annotations[0];
        assert_eq!(
            (a.note.as_str(), a.speaker.as_str(), a.claim.as_deref()),
            ("said twice\non air\n\nand again", "Mike Pompeo", Some("c1"))
        );
        assert!(inc.ignored.iter().any(|l| l.starts_with("2 relation, event or other line(s)")), "{:?}", inc.ignored);
        assert!(
            inc.ignored.iter().any(|l| l.contains("1 note(s) or attribute(s) naming a span") && l.contains("line 3")),
            "{:?}",
            inc.ignored
        );
    }
}
