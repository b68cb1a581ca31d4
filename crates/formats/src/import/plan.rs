//! What an import adds: one plan from the files read, used by the command line and the workbench
//! alike. The plan is one edit (one undo step) and a report that says, file by file, what was
//! added, what was a duplicate of what, what was merged and what was refused and why.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{ImportError, ImportFile, json, merge};
use crate::analysis::duplicates::{self, NearIndex};
use crate::model::{DocId, Edit, EditError, NewDocument, Project, Text};

/// Metadata given for every article of an import (the command line's `--source` and friends);
/// empty fields leave what the files say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Given {
    pub source: String,
    pub url: String,
    pub published: String,
}

/// What happened to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Articles added, with their new ids and titles, and what the import assumed or repaired.
    Added { articles: Vec<(DocId, String)>, notes: Vec<String> },
    /// The article's text is already in the project (or earlier in this import).
    Duplicate { of: String },
    /// Annotations merged.
    Merged(merge::Report),
    /// Not imported, and why.
    Refused(String),
}

/// One file's line in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    pub path: PathBuf,
    pub outcome: Outcome,
    /// For a bulk download: how many articles it states and held, and what was not split.
    pub download: Option<DownloadCount>,
}

/// What a bulk download said it held, against what was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownloadCount {
    pub from: &'static str,
    pub read: usize,
    pub stated: Option<usize>,
    pub unsplit: Vec<super::Unsplit>,
    /// Articles the analyst chose not to import.
    pub left_out: usize,
}

impl DownloadCount {
    /// Whether the report has something to say of the count: fewer read than the file lists,
    /// parts not split, or articles left out by the analyst.
    pub fn remarkable(&self) -> bool {
        self.left_out > 0 || !self.unsplit.is_empty() || self.stated.is_some_and(|n| n != self.read + self.left_out)
    }
}

impl std::fmt::Display for FileReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = crate::model::text::escape_controls(&self.path.display().to_string());
        match &self.outcome {
            Outcome::Added { articles, notes } => {
                let titles: Vec<String> = articles
                    .iter()
                    .map(|(id, t)| format!("{id} “{}”", crate::model::text::escape_controls(t)))
                    .collect();
                if titles.is_empty() {
                    write!(f, "{name}: nothing new")?;
                } else {
                    write!(f, "{name}: added {}", titles.join(", "))?;
                }
                if !notes.is_empty() {
                    write!(f, " ({})", notes.join("; "))?;
                }
                Ok(())
            }
            Outcome::Duplicate { of } => {
                write!(f, "{name}: skipped, same text as “{}”", crate::model::text::escape_controls(of))
            }
            Outcome::Merged(r) => write!(f, "{name}: {r}"),
            Outcome::Refused(why) => write!(f, "{name}: not imported: {why}"),
        }
    }
}

/// An import ready to apply.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Everything the import adds, as one edit.
    pub edit: Edit,
    pub files: Vec<FileReport>,
}

impl Plan {
    /// The documents the plan adds, in order.
    pub fn added(&self) -> Vec<DocId> {
        self.files
            .iter()
            .filter_map(|f| match &f.outcome {
                Outcome::Added { articles, .. } => Some(articles.iter().map(|(id, _)| *id)),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// Number of files that were refused.
    pub fn refused(&self) -> usize {
        self.files.iter().filter(|f| matches!(f.outcome, Outcome::Refused(_))).count()
    }
}

/// What an article is compared by for duplicates: its words, so that line ends and spacing do
/// not hide a copy.
fn fingerprint(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The articles seen, by their text: each one's outlet as compared, title, and outlet as written.
type Seen = HashMap<String, Vec<(String, String, String)>>;

/// What an article is to those seen before.
enum Seen1 {
    New,
    /// A copy of the one titled so: skipped.
    Copy(String),
    /// The same words from another outlet: imported, and said ("“X” (Outlet) has the same text
    /// as …": the near-duplicate check needs a story of some length, and a short wire item had
    /// come in unflagged).
    SameText(String),
}

/// An outlet as compared: its words, in lower case ("The Daily  Meridian" is "the daily
/// meridian").
fn outlet_key(source: &str) -> String {
    source.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Records `a` as seen and says what it is to those seen before. The same text from another
/// outlet is not a copy but a wire story that outlet ran, which is what an analyst compares: it
/// is imported, and flagged (it had been skipped, the outlet lost). Where either outlet is
/// unknown, the text alone decides. (Its outlet as it will be stored: the one given for every
/// article, else its own.)
fn take(seen: &mut Seen, a: &super::Article, given: &Given) -> Seen1 {
    let written = if given.source.is_empty() { &a.source } else { &given.source };
    let source = outlet_key(written);
    let same = seen.entry(fingerprint(&a.text)).or_default();
    if let Some((_, of, _)) = same.iter().find(|(s, _, _)| s.is_empty() || source.is_empty() || *s == source) {
        return Seen1::Copy(of.clone());
    }
    let first = same.first().map(|(_, t, o)| if o.is_empty() { t.clone() } else { format!("{t} ({o})") });
    same.push((source, a.title.clone(), written.trim().to_owned()));
    match first {
        Some(of) => Seen1::SameText(of),
        None => Seen1::New,
    }
}

/// What the report says of an article imported: the same text as another outlet's, or a
/// near-duplicate of one (`flag` also records it for the next).
fn said(a: &super::Article, found: Seen1, flag: &mut impl FnMut(&super::Article) -> Option<String>) -> Option<String> {
    let near = flag(a);
    match found {
        Seen1::SameText(of) => Some(format!(
            "“{}”{} has the same text as “{of}”",
            crate::model::short(&a.title),
            if a.source.is_empty() { String::new() } else { format!(" ({})", a.source) }
        )),
        _ => near,
    }
}

/// The new document for article `a`, with what was `given` for every article.
fn document(a: super::Article, given: &Given) -> NewDocument {
    let pick = |given: &str, found: String| if given.is_empty() { found } else { given.to_owned() };
    NewDocument {
        title: a.title,
        source: pick(&given.source, a.source),
        url: pick(&given.url, a.url),
        published: pick(&given.published, a.published),
        byline: a.byline,
        section: a.section,
        text: Text::new(a.text),
    }
}

/// "37 articles from Nexis Uni, 2019-07-01 to 2019-07-04".
pub fn bulk_summary(from: &str, articles: &[super::Article]) -> String {
    let mut dates: Vec<&str> = articles.iter().map(|a| a.published.as_str()).filter(|d| !d.is_empty()).collect();
    dates.sort_unstable();
    let span = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a == b => format!(", {a}"),
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    format!("{} article(s) from {from}{span}", articles.len())
}

/// Plans the import of `files` (as read, each with its outcome) into `project`. Articles come
/// first, then annotation files are merged into the project as it will be with those articles,
/// so that an export and its articles can come in one import.
pub fn plan(
    project: &Project,
    files: Vec<(PathBuf, Result<ImportFile, ImportError>)>,
    given: &Given,
) -> Result<Plan, EditError> {
    let mut seen = Seen::new();
    for d in project.documents() {
        seen.entry(fingerprint(d.text.as_str())).or_default().push((
            outlet_key(&d.source),
            d.title.clone(),
            d.source.trim().to_owned(),
        ));
    }
    // Near-duplicates (the same wire story in two outlets) are imported and flagged.
    let mut near = NearIndex::default();
    for d in project.documents() {
        near.add(d.label(), &duplicates::shingles(d.text.as_str()));
    }
    let mut flag = |a: &super::Article| -> Option<String> {
        let set = duplicates::shingles(&a.text);
        let found = near.near(&set);
        near.add(if a.source.is_empty() { a.title.clone() } else { format!("{} ({})", a.title, a.source) }, &set);
        let (of, share) = found.first()?;
        Some(format!(
            "“{}” is a near-duplicate of “{of}” ({:.0}% shared)",
            crate::model::short(&a.title),
            share * 100.0
        ))
    };
    let mut reports: Vec<FileReport> = Vec::new();
    let mut new_docs: Vec<(usize, NewDocument)> = Vec::new();
    let mut incoming: Vec<(usize, merge::Incoming)> = Vec::new();
    for (path, read) in files {
        let k = reports.len();
        let download = match &read {
            Ok(ImportFile::Articles(d)) => Some(DownloadCount {
                from: d.from,
                read: d.articles.len(),
                stated: d.stated,
                unsplit: d.unsplit.clone(),
                left_out: d.left_out,
            }),
            _ => None,
        };
        let outcome = match read {
            Err(e) => Outcome::Refused(e.to_string()),
            Ok(ImportFile::Article(a)) => match take(&mut seen, &a, given) {
                Seen1::Copy(of) => Outcome::Duplicate { of },
                found => {
                    let mut notes = a.notes.clone();
                    notes.extend(said(&a, found, &mut flag));
                    new_docs.push((k, document(a, given)));
                    Outcome::Added { articles: Vec::new(), notes }
                }
            },
            Ok(ImportFile::Articles(download)) => {
                let mut notes = vec![bulk_summary(download.from, &download.articles)];
                notes.extend(download.shortfall());
                let articles = download.articles;
                let mut duplicates = Vec::new();
                for a in articles {
                    match take(&mut seen, &a, given) {
                        // Each skipped one named beside what it copies (the kept title had been
                        // named once for each, the skipped never).
                        Seen1::Copy(of) if of == a.title => duplicates.push(format!("“{}”", crate::model::short(&of))),
                        Seen1::Copy(of) => duplicates.push(format!("“{}” of “{of}”", crate::model::short(&a.title))),
                        found => {
                            notes.extend(a.notes.iter().map(|n| format!("“{}”: {n}", crate::model::short(&a.title))));
                            notes.extend(said(&a, found, &mut flag));
                            new_docs.push((k, document(a, given)));
                        }
                    }
                }
                if !duplicates.is_empty() {
                    notes.push(format!("{} skipped as duplicates: {}", duplicates.len(), duplicates.join("; ")));
                }
                Outcome::Added { articles: Vec::new(), notes }
            }
            Ok(ImportFile::Annotations(inc)) => {
                incoming.push((k, inc));
                Outcome::Merged(merge::Report::default())
            }
            Ok(ImportFile::Export(file)) => {
                incoming.push((k, json::to_incoming(&file)));
                Outcome::Merged(merge::Report::default())
            }
        };
        reports.push(FileReport { path, outcome, download });
    }
    // The merges see the project with the new articles, so that the whole import is one edit.
    let mut scratch = project.clone();
    let mut edits = Vec::new();
    if !new_docs.is_empty() {
        let (owners, docs): (Vec<usize>, Vec<NewDocument>) = new_docs.into_iter().unzip();
        let titles: Vec<String> = docs.iter().map(|d| d.title.clone()).collect();
        let (ids, edit) = scratch.add_documents(docs)?;
        scratch.apply(edit.clone())?;
        edits.push(edit);
        for ((k, id), title) in owners.into_iter().zip(ids).zip(titles) {
            if let Outcome::Added { articles, .. } = &mut reports[k].outcome {
                articles.push((id, title));
            }
        }
    }
    for (k, inc) in incoming {
        let (edit, report) = merge::merge(&scratch, &inc)?;
        scratch.apply(edit.clone())?;
        edits.push(edit);
        reports[k].outcome = Outcome::Merged(report);
    }
    Ok(Plan { edit: Edit::batch(edits), files: reports })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Article;

    fn article(title: &str, text: &str) -> Result<ImportFile, ImportError> {
        Ok(ImportFile::Article(Article { title: title.into(), text: text.into(), ..Article::default() }))
    }

    #[test]
    fn one_edit_with_a_line_per_file() {
        let mut p = Project::new("p");
        let (_, e) = p.add_document("Old", "", "", "", Text::new("Already  here.\n")).expect("ids");
        p.apply(e).expect("adds");
        let files = vec![
            (PathBuf::from("a.txt"), article("A", "First text.")),
            (PathBuf::from("b.txt"), article("B", "Already here.")),
            (PathBuf::from("c.txt"), article("C", "First   text.")),
            (PathBuf::from("d.pdf"), Err(ImportError::Empty { path: PathBuf::from("d.pdf") })),
        ];
        let plan = plan(&p, files, &Given { source: "Wire".into(), ..Given::default() }).expect("plans");
        let lines: Vec<String> = plan.files.iter().map(ToString::to_string).collect();
        assert!(lines[0].starts_with("a.txt: added d"), "{lines:?}");
        assert_eq!(lines[1], "b.txt: skipped, same text as “Old”");
        assert_eq!(lines[2], "c.txt: skipped, same text as “A”");
        assert!(lines[3].starts_with("d.pdf: not imported: the file has no text"), "{lines:?}");
        assert_eq!(plan.refused(), 1);
        let before = p.clone();
        let undo = p.apply(plan.edit.clone()).expect("applies");
        let added = plan.added();
        assert_eq!(added.len(), 1);
        assert_eq!(p.document(added[0]).map(|d| d.source.as_str()), Some("Wire"));
        p.apply(undo).expect("undo");
        assert_eq!(p, before);
    }

    /// The same text from two outlets is a wire story each ran: both come in, flagged; from one
    /// outlet twice it is a copy, skipped and named (tenth round: the second outlet's had been
    /// skipped, and the report named the kept title once for each copy, the copy never).
    #[test]
    fn the_same_text_from_another_outlet_is_imported_and_flagged() {
        let story = "BEIRUT (AP) -- A huge explosion at the port killed dozens of people and wounded thousands on \
            Tuesday, officials said, as rescuers searched the rubble for survivors and hospitals filled with the injured.";
        let from = |title: &str, source: &str| Article {
            title: title.into(),
            source: source.into(),
            text: story.into(),
            ..Article::default()
        };
        let d = super::super::Download::new(
            "LexisNexis",
            vec![
                from("Blast kills dozens in Beirut", "The Daily Meridian"),
                from("Port explosion devastates city", "Harbour Times"),
                // The same outlet written otherwise: a copy still.
                from("Blast kills dozens (copy)", "the Daily  MERIDIAN"),
            ],
        );
        let p = Project::new("p");
        let plan =
            plan(&p, vec![(PathBuf::from("wire.txt"), Ok(ImportFile::Articles(d)))], &Given::default()).expect("plans");
        assert_eq!(plan.added().len(), 2, "both outlets' articles");
        let line = plan.files[0].to_string();
        assert!(
            line.contains("“Port explosion devastates city” (Harbour Times) has the same text as “Blast kills dozens in Beirut (The Daily Meridian)”"),
            "{line}"
        );
        assert!(
            line.contains("1 skipped as duplicates: “Blast kills dozens (copy)” of “Blast kills dozens in Beirut”"),
            "{line}"
        );
    }

    #[test]
    fn a_near_duplicate_is_imported_and_flagged() {
        let story = "The foreign ministry said on Friday that the strike near the airport was an act of self-defence \
            under Article 51 of the Charter. Officials declined to say what evidence of an imminent attack they had seen, \
            and the opposition demanded that the government publish its legal advice before parliament meets again.";
        let p = Project::new("p");
        let files = vec![
            (
                PathBuf::from("wire.txt"),
                Ok(ImportFile::Article(Article {
                    title: "Wire".into(),
                    source: "Agency".into(),
                    text: story.into(),
                    ..Article::default()
                })),
            ),
            (PathBuf::from("paper.txt"), article("Paper", &format!("{story} A paper's own last line."))),
        ];
        let plan = plan(&p, files, &Given::default()).expect("plans");
        assert_eq!(plan.added().len(), 2, "both imported");
        let line = plan.files[1].to_string();
        assert!(line.contains("“Paper” is a near-duplicate of “Wire (Agency)”"), "{line}");
    }
}
