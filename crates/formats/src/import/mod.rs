//! Bringing articles and annotations into a project, one file per format.

pub mod brat;
pub mod charset;
pub mod dates;
pub mod docx;
pub mod factiva;
pub mod factiva_xml;
pub mod html;
pub mod isolate;
pub mod json;
pub mod lexis_html;
pub mod markdown;
pub mod merge;
pub mod mhtml;
pub mod nexis;
pub mod odt;
pub mod pdf;
pub mod plan;
pub mod qdpx;
pub mod rtf;
pub mod text;
pub mod w3c;
pub(crate) mod xml;
mod zipped;

use std::path::{Path, PathBuf};

use crate::store::LineCol;

/// Why something could not be imported. Each names the file; the path goes last. An OS error is
/// part of the message, not a `source`, so that printing the chain does not repeat it.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read ({error}): {}", shown(path))]
    Io { path: PathBuf, error: std::io::Error },
    #[error("the file is not UTF-8 text (invalid byte at {at}); convert it to UTF-8 first: {}", shown(path))]
    NotUtf8 { path: PathBuf, at: LineCol },
    #[error("the file has no text: {}", shown(path))]
    Empty { path: PathBuf },
    #[error("the file is not valid JSON at {at}: {message}: {}", shown(path))]
    Json { path: PathBuf, at: LineCol, message: String },
    #[error("{message}: {}", shown(path))]
    Invalid { path: PathBuf, message: String },
    #[error("claimscope cannot import {what}; it reads {READS}: {}", shown(path))]
    Unsupported { path: PathBuf, what: String },
    #[error("this is {kind}, not a file to import: {}", shown(path))]
    NotAFile { path: PathBuf, kind: &'static str },
    #[error("the file is too large to import ({size} MB; at most {MAX_MB} MB): {}", shown(path))]
    TooLarge { path: PathBuf, size: u64 },
}

/// A path as a message shows it: a file's name may hold escape sequences or line breaks
/// (`x\e]0;PWNED\a.html`), which reached the terminal raw at the end of a report line.
fn shown(path: &Path) -> String {
    crate::model::text::escape_controls(&path.display().to_string())
}

/// What claimscope imports, for messages.
pub const READS: &str = ".txt, .md, .html, .mhtml, .docx, .odt, .rtf and .pdf articles, Nexis Uni, LexisNexis and Factiva downloads (Factiva's XML too), claimscope .json \
     exports, W3C .jsonld annotations, brat folders, REFI-QDA projects (.qdpx) and code books (.qdc)";

/// Largest file read for import, in MB. Articles are far smaller; a larger file is refused
/// rather than read into memory whole.
pub const MAX_MB: u64 = 200;

/// Most chars of an article's title, outlet, address, date or byline.
pub const MAX_FIELD: usize = 1000;

/// An article ready to become a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    pub title: String,
    pub source: String,
    pub url: String,
    pub published: String,
    /// Who wrote it, as the page or file says.
    pub byline: String,
    /// The outlet's section ("Politik", "Foreign Desk"), when the file says.
    pub section: String,
    pub text: String,
    /// What the import had to assume or repair, for the report ("decoded as Windows-1252",
    /// "3 control characters removed").
    pub notes: Vec<String>,
}

impl Article {
    /// Removes control characters (other than newline and tab) from every field (a page's
    /// `&#0;` makes them too), noting how many went: `before` from the file itself, plus those in
    /// the text (fields such as the title repeat what is counted there).
    fn without_controls(mut self, before: usize) -> Article {
        let mut removed = before;
        for field in
            [&mut self.title, &mut self.source, &mut self.url, &mut self.published, &mut self.byline, &mut self.section]
        {
            // A field is a line, not a text: a file that puts its whole body in a title (a
            // 2 MB archive gave a 300 MB one) has it cut.
            *field = crate::model::truncate(&crate::model::text::strip_controls(field).0, MAX_FIELD);
        }
        let (text, n) = crate::model::text::strip_controls(&self.text);
        if n > 0 {
            self.text = text;
            removed += n;
        }
        if removed > 0 {
            self.notes.push(format!("{removed} control character(s) removed"));
        }
        // Composed (NFC), as the analyst types and as other outlets mostly write: a page in
        // decomposed Bengali did not match its own words typed in a search, nor another
        // outlet's same sentence. Before any annotation is made, so no offset moves.
        let mut composed = false;
        for field in [
            &mut self.text,
            &mut self.title,
            &mut self.source,
            &mut self.url,
            &mut self.published,
            &mut self.byline,
            &mut self.section,
        ] {
            if let Some(c) = composed_form(field) {
                *field = c;
                composed = true;
            }
        }
        if composed {
            self.notes.push("written in decomposed Unicode: composed (NFC)".into());
        }
        self
    }
}

/// `s` composed (Unicode NFC), or `None` when it is already.
pub fn composed_form(s: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    (!unicode_normalization::is_nfc(s)).then(|| s.nfc().collect())
}

/// Kinds of article file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleKind {
    Text,
    Markdown,
    Html,
}

impl ArticleKind {
    /// The kind of an article file, if its name says.
    pub fn of(path: &Path) -> Option<ArticleKind> {
        match extension(path).as_str() {
            "txt" | "text" => Some(ArticleKind::Text),
            "md" | "markdown" => Some(ArticleKind::Markdown),
            "html" | "htm" | "xhtml" => Some(ArticleKind::Html),
            _ => None,
        }
    }
}

/// The file name's ending, lower case, without the dot. A name that is only an ending read
/// here (".html": a page saved without a title) has it too, though the file system calls it
/// hidden; other dot-names (".notes") have none, and are read as text as before.
fn extension(path: &Path) -> String {
    match path.extension() {
        Some(e) => e.to_string_lossy().to_lowercase(),
        None => {
            let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
            name.strip_prefix('.').filter(|rest| IMPORTABLE.contains(rest)).unwrap_or_default().to_owned()
        }
    }
}

/// What one file (or brat folder) given to an import holds.
#[derive(Clone, Debug)]
pub enum ImportFile {
    Article(Article),
    /// A news database's bulk download, split into its articles (`from` names the database).
    Articles(Download),
    Annotations(merge::Incoming),
    /// A whole claimscope JSON export.
    Export(crate::interchange::ExportFile),
}

/// A news database's bulk download, split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Download {
    /// The database ("Nexis Uni", "Factiva").
    pub from: &'static str,
    pub articles: Vec<Article>,
    /// How many articles the file says it holds (its cover list, `N of M DOCUMENTS`, its
    /// `Document …` lines), when it says.
    pub stated: Option<usize>,
    /// What could not be split into an article, for the analyst to import as text or report.
    pub unsplit: Vec<Unsplit>,
    /// Articles the analyst chose not to import (unticked in the workbench's list): counted, so
    /// that the report does not read as articles lost.
    pub left_out: usize,
    /// The documents' numbers, first and last, and the size of the result list they are from,
    /// when the file holds only a part of it ("1 of 5" to "3 of 5"): a part chosen for download
    /// or a file cut short, which the numbers cannot tell apart, so it is said.
    pub listed: Option<(usize, usize, usize)>,
}

/// A part of a download that was not read as an article.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Unsplit {
    /// Its first line, shortened.
    pub first_line: String,
    /// Where it is ("document 12 of 50", "paragraph 340").
    pub at: String,
}

impl Download {
    pub fn new(from: &'static str, articles: Vec<Article>) -> Download {
        Download { from, articles, ..Download::default() }
    }

    /// "48 of the 50 articles the file lists were read; 2 could not be split: …", when the
    /// count read differs from the count stated, or parts were not read.
    pub fn shortfall(&self) -> Option<String> {
        let read = self.articles.len();
        let differs = self.stated.is_some_and(|n| n != read + self.left_out);
        let part = self.listed.map(|(first, last, of)| {
            format!("documents {first}–{last} of the {of} its result list holds: the rest are not in this file")
        });
        if !differs && self.unsplit.is_empty() && self.left_out == 0 {
            return part;
        }
        let mut s = match self.stated {
            Some(n) if n != read + self.left_out => {
                format!("{} of the {n} article(s) the file lists were read", read + self.left_out)
            }
            _ => format!("{} article(s) read", read + self.left_out),
        };
        if self.left_out > 0 {
            s += &format!("; {} left out by you", self.left_out);
        }
        if !self.unsplit.is_empty() {
            let shown: Vec<String> = self
                .unsplit
                .iter()
                .take(5)
                .map(|u| format!("{} (“{}”)", u.at, crate::model::short(&u.first_line)))
                .collect();
            let more = self.unsplit.len().saturating_sub(5);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            s += &format!(
                "; {} part(s) could not be split into articles: {}{more}",
                self.unsplit.len(),
                shown.join(", ")
            );
        }
        if let Some(part) = part {
            s += &format!("; {part}");
        }
        Some(s)
    }
}

/// What the first bytes of a file say it is, whatever its name.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(8)];
    if head.starts_with(b"PK\x03\x04") {
        Some("zip archives other than Word (.docx) and OpenDocument (.odt) files")
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("old Word or Excel (.doc, .xls) files")
    } else if head.starts_with(b"\x89PNG") || head.starts_with(b"\xFF\xD8\xFF") || head.starts_with(b"GIF8") {
        Some("images")
    } else if head.starts_with(b"\x1F\x8B") {
        Some("gzip archives")
    } else {
        None
    }
}

/// Reads the bytes of a file to import: only regular files (a device or a FIFO is refused at
/// once, not read until killed), at most [`MAX_MB`].
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, ImportError> {
    import_error(path, crate::store::sidecar::read_named(path, MAX_MB * 1_000_000))
}

/// Reads a file found inside a folder the analyst named (a brat folder's `.txt` and `.ann`), as
/// [`read_bytes`] but never through a link: a link there could lead anywhere (`doc.txt` ->
/// `/etc/passwd` was imported as an article and saved in the project).
pub(crate) fn read_inside(path: &Path) -> Result<Vec<u8>, ImportError> {
    import_error(path, crate::store::sidecar::read_regular(path, MAX_MB * 1_000_000))
}

fn import_error(
    path: &Path,
    read: Result<Vec<u8>, crate::store::sidecar::SidecarError>,
) -> Result<Vec<u8>, ImportError> {
    use crate::store::sidecar::SidecarError;
    read.map_err(|e| match e {
        SidecarError::NotAFile { kind, .. } => ImportError::NotAFile { path: path.to_owned(), kind },
        SidecarError::TooLarge { size, .. } => ImportError::TooLarge { path: path.to_owned(), size: size / 1_000_000 },
        SidecarError::Missing { error, .. } | SidecarError::Io { error, .. } => {
            ImportError::Io { path: path.to_owned(), error }
        }
        SidecarError::Link { .. } | SidecarError::HardLink { .. } => {
            ImportError::NotAFile { path: path.to_owned(), kind: "a link" }
        }
    })
}

/// File name endings an import reads from inside a folder.
pub const IMPORTABLE: [&str; 18] = [
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "mhtml", "mht", "docx", "odt", "rtf", "pdf", "json",
    "jsonld", "qdpx", "qdc", "xml",
];

/// Most files taken from the folders of one import, and the deepest folder walked.
const MAX_FILES: usize = 20_000;
pub const MAX_DEPTH: usize = 32;

/// File names in the order a person reads them: a run of digits by its value, so that
/// "article2.txt" comes before "article10.txt" (a folder of 22 articles was imported as a0, a1,
/// a10 … a19, a2, a20). Names equal so are ordered as written.
pub fn natural_order(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    /// A char, or a run of digits.
    fn tokens(s: &str) -> impl Iterator<Item = &str> {
        let mut rest = s;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let end = if first.is_ascii_digit() {
                rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())
            } else {
                first.len_utf8()
            };
            let (token, tail) = rest.split_at(end);
            rest = tail;
            Some(token)
        })
    }
    let number = |t: &str| t.starts_with(|c: char| c.is_ascii_digit());
    let (mut x, mut y) = (tokens(a), tokens(b));
    loop {
        let order = match (x.next(), y.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(p), Some(q)) if number(p) && number(q) => {
                let (p, q) = (p.trim_start_matches('0'), q.trim_start_matches('0'));
                p.len().cmp(&q.len()).then_with(|| p.cmp(q))
            }
            // A char against a number: as against the number's first digit.
            (Some(p), Some(q)) => p.chars().next().cmp(&q.chars().next()),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
}

/// The files an import of `paths` reads: files as given; a brat folder (one holding `.ann`
/// files) as itself; any other folder walked recursively for files whose names say they can be
/// imported, in name order. Hidden files and folders and symbolic links inside folders are
/// passed over (a link could lead out of the folder or round in a loop), and so are folders
/// more than [`MAX_DEPTH`] deep. Returns the files, the number of files passed over in
/// folders, and the number of folders too deep to walk.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, usize, usize) {
    let mut out = Vec::new();
    let (mut passed, mut too_deep) = (0, 0);
    for p in paths {
        if !p.is_dir() || brat::is_brat_folder(p) {
            out.push(p.clone());
            continue;
        }
        let mut stack = vec![(p.clone(), 0)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
            entries.sort_by(|a, b| natural_order(&a.file_name().to_string_lossy(), &b.file_name().to_string_lossy()));
            let mut dirs = Vec::new();
            for e in entries {
                let name = e.file_name();
                let Ok(kind) = e.file_type() else { continue };
                if name.to_string_lossy().starts_with('.') || kind.is_symlink() {
                    passed += usize::from(kind.is_file() || kind.is_symlink());
                    continue;
                }
                let path = e.path();
                if kind.is_dir() {
                    if brat::is_brat_folder(&path) {
                        out.push(path);
                    } else if depth < MAX_DEPTH {
                        dirs.push((path, depth + 1));
                    } else {
                        too_deep += 1;
                    }
                } else if kind.is_file()
                    && IMPORTABLE.contains(&extension(&path).as_str())
                    && (extension(&path) != "xml" || xml_is_factiva(&path))
                    && out.len() < MAX_FILES
                {
                    out.push(path);
                } else {
                    passed += 1;
                }
            }
            stack.extend(dirs.into_iter().rev());
        }
    }
    (out, passed, too_deep)
}

/// True for a `.xml` file in a folder that is a Factiva export (others are passed over).
fn xml_is_factiva(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = Vec::new();
    crate::store::sidecar::open_regular(path, u64::MAX)
        .and_then(|f| {
            f.take(4096)
                .read_to_end(&mut head)
                .map_err(|error| crate::store::sidecar::SidecarError::Io { path: path.to_owned(), error })
        })
        .is_ok_and(|_| factiva_xml::is_factiva_xml(&head))
}

/// Reads any importable file: a brat folder, a claimscope or W3C JSON file, or an article.
/// Files are recognised by their content where it says (a PDF named `.txt` is still a PDF) and
/// otherwise by their name; anything else is refused with what claimscope reads.
pub fn read_any(path: &Path, title: Option<&str>) -> Result<ImportFile, ImportError> {
    read_with(path, &ReadOptions { title: title.map(str::to_owned), ..ReadOptions::default() })
}

/// How a file is read: the title to give it, and which files outside a REFI-QDA archive may
/// be read (none unless the analyst says so).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    pub title: Option<String>,
    pub external: qdpx::External,
}

/// [`read_any`], with every option.
pub fn read_with(path: &Path, options: &ReadOptions) -> Result<ImportFile, ImportError> {
    if path.is_dir() {
        return Ok(ImportFile::Annotations(brat::read_folder(path)?));
    }
    let bytes = read_bytes(path)?;
    match route(&bytes, path) {
        Route::Refi => qdpx::read(&bytes, path, &options.external).map(ImportFile::Annotations),
        Route::Codebook => Ok(ImportFile::Annotations(qdpx::read_codebook(&bytes, path)?)),
        Route::Json => {
            let value = w3c::parse(&bytes, path)?;
            if value.get("format").and_then(|f| f.as_str()) == Some(crate::interchange::FORMAT) {
                return Ok(ImportFile::Export(json::parse(&bytes, path)?));
            }
            Ok(ImportFile::Annotations(w3c::to_incoming(&value, path)?))
        }
        Route::Articles => isolate::articles(&bytes, path, options.title.as_deref()),
    }
}

/// Which reader a file goes to. Annotation files are read in this process (what they hold
/// becomes edits of the open project); articles in a worker process when there is one
/// ([`isolate`]). Content first, as [`articles`] reads: a PDF named `.json` is a PDF.
enum Route {
    Refi,
    Codebook,
    Json,
    Articles,
}

fn route(bytes: &[u8], path: &Path) -> Route {
    if bytes.starts_with(b"PK\x03\x04")
        && zipped::Zipped::new(bytes)
            .is_ok_and(|zip| zip.names().iter().any(|n| !n.contains('/') && n.to_lowercase().ends_with(".qde")))
    {
        return Route::Refi;
    }
    let ext = extension(path);
    let article = bytes.starts_with(b"{\\rtf")
        || bytes.starts_with(b"%PDF")
        || matches!(ext.as_str(), "mhtml" | "mht" | "xml")
        || sniff(bytes).is_some()
        || factiva_xml::is_factiva_xml(bytes);
    match ext.as_str() {
        "qdc" if !article => Route::Codebook,
        "json" | "jsonld" if !article => Route::Json,
        _ => Route::Articles,
    }
}

/// The article (or download's articles) a file holds, from its bytes: what [`read_with`] reads
/// for every file that is not an annotation file, and what the worker process runs.
pub(crate) fn articles(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<ImportFile, ImportError> {
    if let Some(file) = packaged(bytes, path, title)? {
        return Ok(file);
    }
    if bytes.starts_with(b"{\\rtf") {
        let invalid = |message: String| ImportError::Invalid {
            path: path.to_owned(),
            message: format!("cannot read this RTF file: {message}"),
        };
        let article = rtf::convert(bytes).map_err(invalid)?;
        if let Some(d) = download_in(&article.text) {
            return download(d, path, Some(&article.text));
        }
        return finish(article, 0, path, title).map(ImportFile::Article);
    }
    if matches!(extension(path).as_str(), "mhtml" | "mht") {
        let invalid = |message: String| ImportError::Invalid { path: path.to_owned(), message };
        // A download saved by a browser as one file: read as the page would be.
        let page = mhtml::page(bytes).map_err(invalid)?;
        if let Some(file) = html_download(&page.html, path)? {
            return Ok(file);
        }
        let article = held_replacements(page.article().map_err(invalid)?);
        return finish(article, 0, path, title).map(ImportFile::Article);
    }
    if bytes.starts_with(b"%PDF") {
        let invalid = |message: String| ImportError::Invalid { path: path.to_owned(), message };
        let article = pdf::convert(bytes).map_err(invalid)?;
        if let Some(d) = download_in(&article.text) {
            return download(d, path, Some(&article.text));
        }
        return finish(article, 0, path, title).map(ImportFile::Article);
    }
    if let Some(what) = sniff(bytes) {
        return Err(ImportError::Unsupported { path: path.to_owned(), what: what.to_owned() });
    }
    let ext = extension(path);
    if ext == "xml" || factiva_xml::is_factiva_xml(bytes) {
        if !factiva_xml::is_factiva_xml(bytes) {
            return Err(ImportError::Unsupported {
                path: path.to_owned(),
                what: "XML files other than Factiva's XML export".into(),
            });
        }
        let (src, _) = text::decode(bytes, path)?;
        let d = factiva_xml::read(&src).map_err(|message| ImportError::Invalid {
            path: path.to_owned(),
            message: format!("cannot read this Factiva export: {message}"),
        })?;
        return download(d, path, None);
    }
    article_file(bytes, path, title)
}

/// A Word or OpenDocument file, recognised by its parts whatever its name; `None` for
/// anything that is not a zip archive of one (a REFI-QDA project is routed before).
fn packaged(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<Option<ImportFile>, ImportError> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(None);
    }
    let invalid = |message: String| ImportError::Invalid {
        path: path.to_owned(),
        message: format!("cannot read this file: {message}"),
    };
    let mut zip = zipped::Zipped::new(bytes).map_err(invalid)?;
    let article = if zip.has("word/document.xml") {
        let p = docx::paragraphs(&mut zip).map_err(invalid)?;
        let whole = p.paragraphs.join("\n\n");
        if let Some(d) = download_in(&whole) {
            return download(d, path, Some(&whole)).map(Some);
        }
        docx::convert(&mut zip).map_err(invalid)?
    } else if zip.has("content.xml") {
        // A download converted to OpenDocument (LibreOffice's "Save as .odt") splits as the
        // download does: it had come in as one article holding every story.
        let article = odt::convert(&mut zip).map_err(invalid)?;
        if let Some(d) = download_in(&article.text) {
            return download(d, path, Some(&article.text)).map(Some);
        }
        article
    } else {
        return Ok(None);
    };
    finish(article, 0, path, title).map(|a| Some(ImportFile::Article(a)))
}

/// An article as read from a file, with control characters stripped (`controls` already
/// removed from the file before), the given title, and refused if it has no text.
fn finish(article: Article, controls: usize, path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
    let mut article = article.without_controls(controls);
    if let Some(t) = title {
        article.title = t.trim().to_owned();
    } else if article.title.trim().is_empty() || text::is_file_name(article.title.trim()) {
        // "expected.html", "Microsoft Word - memo.docx": the name of a file, not of the article.
        article.title = text::title_from(&article.text);
    }
    if article.text.trim().is_empty() {
        // What the reader left out is why there is no text (an HTML block nested past the
        // guard's limit in a Markdown file): said, not "the file has no text".
        if !article.notes.is_empty() {
            return Err(ImportError::Invalid {
                path: path.to_owned(),
                message: format!("no text could be read from the file: {}", article.notes.join("; ")),
            });
        }
        return Err(ImportError::Empty { path: path.to_owned() });
    }
    Ok(article)
}

/// The articles of a bulk download, or an error if none could be read from it.
/// The articles of a bulk download. One that yields none is imported as one article holding
/// the whole text (`whole`), with a warning, rather than refused: the analyst can still read it
/// and report it.
fn download(mut d: Download, path: &Path, whole: Option<&str>) -> Result<ImportFile, ImportError> {
    d.articles = d.articles.into_iter().map(|a| held_replacements(a).without_controls(0)).collect();
    if d.articles.is_empty() {
        let why = format!("this looks like a {} download, but no article in it could be read", d.from);
        let Some(text) = whole.filter(|t| !t.trim().is_empty()) else {
            return Err(ImportError::Invalid { path: path.to_owned(), message: why });
        };
        let title = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let article = Article {
            title,
            text: text.to_owned(),
            notes: vec![format!("{why}: imported whole")],
            ..Article::default()
        };
        return finish(article, 0, path, None).map(ImportFile::Article);
    }
    Ok(ImportFile::Articles(d))
}

/// The download a text read from a file holds, whatever the file was (a LexisNexis or Factiva
/// export saved as RTF, Word or PDF, a Nexis Uni one as RTF or PDF): the database's own lines
/// tell, not the container (such files had come in as one article holding every story).
fn download_in(text: &str) -> Option<Download> {
    let paragraphs: Vec<String> = text.split("\n\n").map(str::to_owned).collect();
    if factiva::is_factiva(&paragraphs) {
        return Some(factiva::split(&paragraphs));
    }
    if nexis::is_nexis_uni(&paragraphs) {
        return Some(nexis::nexis_uni(&paragraphs));
    }
    nexis::is_lexisnexis(text).then(|| nexis::lexisnexis(text))
}

/// The download a web page holds (Nexis UK / LexisNexis Academic, Factiva), if it is one; for a
/// page file and for a page saved in an `.mhtml`.
fn html_download(src: &str, path: &Path) -> Result<Option<ImportFile>, ImportError> {
    // The download readers parse with html5ever as the page reader does: its guard first
    // (`html::convert` runs it for a plain page).
    if lexis_html::is_download(src) {
        html::guard(src).map_err(|why| cannot_read_page(path, why))?;
        let d = lexis_html::read(src);
        let whole =
            if d.articles.is_empty() { html::convert(src).map(|a| a.text).unwrap_or_default() } else { String::new() };
        return download(d, path, Some(&whole)).map(Some);
    }
    if factiva::may_be_export(src) {
        html::guard(src).map_err(|why| cannot_read_page(path, why))?;
        if let Some(d) = factiva::html(src) {
            let whole = if d.articles.is_empty() {
                html::convert(src).map(|a| a.text).unwrap_or_default()
            } else {
                String::new()
            };
            return download(d, path, Some(&whole)).map(Some);
        }
        let lines = factiva::html_lines(src);
        if factiva::is_factiva(&lines) {
            return download(factiva::split(&lines), path, None).map(Some);
        }
    }
    Ok(None)
}

/// An article from the bytes of a file named `path`.
/// What a text, Markdown or web-page file holds: an article, or (a LexisNexis text download, a
/// Factiva web-page export) many. The file is decoded once for both questions.
fn article_file(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<ImportFile, ImportError> {
    let kind = match extension(path).as_str() {
        "" => ArticleKind::Text,
        "ron" => {
            return Err(ImportError::Unsupported {
                path: path.to_owned(),
                what: "project files as articles (open it with File ▸ Open, or merge its JSON export)".into(),
            });
        }
        // Named as a format read by its content (its magic bytes) that the content is not: say
        // so, rather than that such files cannot be imported.
        ext @ ("pdf" | "docx" | "odt" | "qdpx") => {
            return Err(ImportError::Invalid {
                path: path.to_owned(),
                message: format!(
                    "this file is named .{ext} but does not hold one (its first bytes are not a .{ext} file's)"
                ),
            });
        }
        ext => ArticleKind::of(path)
            .ok_or_else(|| ImportError::Unsupported { path: path.to_owned(), what: format!(".{ext} files") })?,
    };
    // A page is read in the encoding it declares or that its bytes show (`charset`); other
    // texts as UTF-8, UTF-16 or Windows-1252.
    let (src, encoding) = if kind == ArticleKind::Html {
        charset::decode_page(bytes, path)?
    } else {
        let (src, assumed) = text::decode(bytes, path)?;
        (src, assumed.map(|e| format!("not UTF-8: read as {e}")))
    };
    let (src, controls) = crate::model::text::strip_controls(&src);
    let mut article = match kind {
        ArticleKind::Text if nexis::is_lexisnexis(&src) => {
            return download(nexis::lexisnexis(&src), path, Some(&src));
        }
        // The download readers parse with html5ever as the page reader does: its guard first
        // (`html::convert` runs it for a plain page).
        ArticleKind::Html => match html_download(&src, path)? {
            Some(file) => return Ok(file),
            None => held_replacements(html::convert(&src).map_err(|why| cannot_read_page(path, why))?),
        },
        ArticleKind::Text => text::convert(&src),
        ArticleKind::Markdown => held_replacements(markdown::convert(&src)),
    };
    if let Some(note) = encoding {
        article.notes.push(note);
    }
    finish(article, controls, path, title).map(ImportFile::Article)
}

/// Notes how many U+FFFD the text of a page (or Markdown) holds. Character references to no
/// character (`&#0;`, `&#xD800;`) become U+FFFD in the parse, as in a browser, beside any the
/// decoding made or the page held itself; which of them made a given one cannot be told after
/// the parse, so the note counts the text's, and never fewer than it holds (counting the page's
/// own U+FFFD off, from scripts and menus too, once hid those of the story).
fn held_replacements(mut a: Article) -> Article {
    let held = a.text.matches('\u{FFFD}').count();
    if held > 0 {
        a.notes.push(format!(
            "the text holds {held} replacement character(s) (U+FFFD): where the file had a character reference to \
             no character (such as &#0;), bytes that could not be decoded, or U+FFFD itself"
        ));
    }
    a
}

fn cannot_read_page(path: &Path, why: impl std::fmt::Display) -> ImportError {
    ImportError::Invalid { path: path.to_owned(), message: format!("cannot read this page: {why}") }
}

/// One article from a text, Markdown or web-page file.
fn article_from(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
    match article_file(bytes, path, title)? {
        ImportFile::Article(a) => Ok(a),
        _ => Err(ImportError::Invalid { path: path.to_owned(), message: "this file is not one article".into() }),
    }
}

/// Reads an article file of any supported kind (one article: a bulk download or an
/// annotation file is refused here).
pub fn read_article(path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
    match read_any(path, title)? {
        ImportFile::Article(a) => Ok(a),
        _ => Err(ImportError::Invalid { path: path.to_owned(), message: "this file is not one article".into() }),
    }
}

/// An article from file contents (tests and benches: no file needed); `path` names its kind.
pub fn article_from_bytes(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<Article, ImportError> {
    article_from(bytes, path, title)
}

#[cfg(test)]
mod tests {
    /// Articles the analyst unticked are counted as left out by them, not as articles the file
    /// lists that were not read (the report read as data lost).
    #[test]
    fn articles_left_out_by_the_analyst_are_not_a_shortfall() {
        let article = super::Article { title: "t".into(), text: "x".into(), ..super::Article::default() };
        let mut d = super::Download { stated: Some(2), ..super::Download::new("Factiva", vec![article]) };
        assert_eq!(d.shortfall().as_deref(), Some("1 of the 2 article(s) the file lists were read"));
        d.left_out = 1;
        assert_eq!(d.shortfall().as_deref(), Some("2 article(s) read; 1 left out by you"));
    }

    #[test]
    fn file_names_are_ordered_as_read_with_numbers_by_value() {
        let mut names =
            vec!["a10.txt", "a2.txt", "a1.txt", "b.txt", "a02.txt", "a.txt", "A3.txt", "a20.txt", "a2b.txt"];
        names.sort_by(|a, b| super::natural_order(a, b));
        assert_eq!(names, ["A3.txt", "a.txt", "a1.txt", "a02.txt", "a2.txt", "a2b.txt", "a10.txt", "a20.txt", "b.txt"]);
    }

    /// Names from someone else's folder: numbers longer than any integer type (compared by
    /// their digits, not parsed), leading zeros only, names holding -, %, $() and quotes.
    #[test]
    fn hostile_file_names_are_ordered_without_overflow() {
        let long = format!("a{}.txt", "9".repeat(100_000));
        let longer = format!("a1{}.txt", "0".repeat(100_000));
        let zeros = format!("a{}.txt", "0".repeat(50));
        let mut names = vec![longer.as_str(), "-rf %s $(x) \"q'.txt", long.as_str(), zeros.as_str(), "a7.txt"];
        names.sort_by(|a, b| super::natural_order(a, b));
        assert_eq!(names, ["-rf %s $(x) \"q'.txt", zeros.as_str(), "a7.txt", long.as_str(), longer.as_str()]);
    }
}
