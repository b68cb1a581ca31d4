//! The command line: subcommands over the library, and the workbench when none is given.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use claimscope::import;
use claimscope::model::text::escape_controls;
use claimscope::model::{Edit, NewAnnotation, Project, short, stats::TagCounts, truncate};
use claimscope::store;

/// A workbench for close reading of the news: tag facts, allegations, legal claims and rhetoric
/// across articles, link them into claims, and compare how outlets frame one event.
#[derive(Parser, Debug)]
#[command(name = "claimscope", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Project file to open in the workbench (default: the last one opened, or the sample project).
    pub project: Option<PathBuf>,
    /// Panel to show beside the reader on start.
    #[arg(long, value_enum)]
    pub view: Option<StartView>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Panels the workbench can open with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StartView {
    Compare,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create an empty project with the default tags.
    New {
        project: PathBuf,
        /// Project name (default: the file name).
        #[arg(long)]
        name: Option<String>,
        /// Overwrite an existing file (it is kept as .bak).
        #[arg(long)]
        force: bool,
    },
    /// Import articles (.txt, .md, .html, .mhtml, .docx, .odt, .rtf, .pdf), news-database
    /// downloads (Nexis Uni, LexisNexis, Factiva), or annotations (a claimscope .json export, W3C
    /// .json/.jsonld, a brat folder, a REFI-QDA .qdpx project or .qdc code book) into a project;
    /// folders are walked for such files. A claimscope export given alone restores a project
    /// that does not exist yet.
    Import {
        project: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        meta: ImportMeta,
    },
    /// Add an annotation found by its quote.
    Annotate {
        project: PathBuf,
        #[command(flatten)]
        args: AnnotateArgs,
    },
    /// Validate a project file: exit 0 with a summary, or non-zero listing every problem.
    Check { project: PathBuf },
    /// Annotation counts per tag per document.
    Stats {
        project: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The tag × article matrix and the claims × articles table.
    Compare {
        project: PathBuf,
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        /// Which table (CSV prints both, separated by an empty line, unless one is chosen).
        #[arg(long, value_enum, default_value_t = Which::All)]
        table: Which,
    },
    /// Export annotations: json, csv, w3c, brat (a folder), html, qdpx (REFI-QDA project), qdc
    /// (the tags as a REFI-QDA code book).
    Export {
        project: PathBuf,
        #[arg(long)]
        format: claimscope::export::Format,
        /// Output file (a folder for brat).
        #[arg(short, long)]
        output: PathBuf,
        /// Only these documents (id or title); repeat for more.
        #[arg(long)]
        doc: Vec<String>,
        /// Only these tags (name or id); repeat for more.
        #[arg(long)]
        tag: Vec<String>,
        /// Only annotations linked to these claims (label or id); repeat for more.
        #[arg(long)]
        claim: Vec<String>,
        /// Only annotations attributed to these speakers; repeat for more.
        #[arg(long)]
        speaker: Vec<String>,
        /// CSV: start with a byte-order mark (for Excel).
        #[arg(long)]
        bom: bool,
        /// CSV: write cells as they are, without the guard that makes cells starting with = + - @
        /// safe to open in a spreadsheet.
        #[arg(long)]
        raw_csv: bool,
        /// Replace an existing file at OUTPUT (never the project itself).
        #[arg(long)]
        force: bool,
    },
    /// Passages of the other articles ranked by similarity to a quote of one article.
    Similar {
        project: PathBuf,
        #[command(flatten)]
        at: QuoteArgs,
        /// How many passages to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// What ranks the passages: shared words (lexical), meaning (semantic, the sentence
        /// model), or both fused (hybrid). Semantic and hybrid embed what the cache beside the
        /// project lacks, and save the cache.
        #[arg(long, value_enum, default_value_t = SearchMode::Hybrid)]
        mode: SearchMode,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Claims the analyst has not linked yet: groups of passages (annotated spans and sentences)
    /// from different articles that say the same thing, best first, each with its evidence.
    /// Dismissed suggestions are left out. The embedding cache beside the project, when there
    /// is one, adds each group's similarity of meaning to the evidence.
    SuggestClaims {
        project: PathBuf,
        /// How many suggestions to list.
        #[arg(long, default_value_t = 15)]
        top: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Agreement between two analysts' projects of one article set: Krippendorff's unitizing
    /// alpha, Cohen's kappa on matched spans, per-tag F1 and claim agreement.
    Agree {
        first: PathBuf,
        second: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Three-way merge of project files by id: what OURS and THEIRS each did to BASE. Exit 0 when
    /// clean; 1 when conflicts are left (written into the result, to settle in the workbench) or
    /// nothing could be merged. Git runs it as a merge driver (see git-setup).
    Merge {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// Where to write the result: a new file, or one of the three (git passes OURS).
        #[arg(short, long)]
        output: PathBuf,
        /// The file's name in the repository, for messages (git's %P).
        #[arg(long)]
        path: Option<String>,
        /// The names of our and their side (git's %X and %Y: the branches), noted on each
        /// conflict so the Team view can say whose change is whose.
        #[arg(long)]
        ours_name: Option<String>,
        #[arg(long)]
        theirs_name: Option<String>,
        /// Replace an existing OUTPUT that is none of the three, and merge two projects that are
        /// not versions of one (their UUIDs differ), which is otherwise refused (exit 2).
        #[arg(long)]
        force: bool,
    },
    /// Reads a PDF on standard input and answers with its text as JSON: the process the
    /// importers start for each PDF, with its memory capped (not for people).
    #[command(hide = true)]
    PdfWorker,
    /// Set a git repository up to merge project files with `claimscope merge`: a line in
    /// .gitattributes (commit it) and the driver in the repository's git config (run once in
    /// every clone).
    GitSetup {
        /// A folder in the repository (default: the current one).
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Which files are project files.
        #[arg(long, default_value = "*.ron")]
        pattern: String,
    },
}

/// Output format of `compare`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Csv,
    Json,
}

/// Which comparison table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Which {
    All,
    Matrix,
    Claims,
}

/// Where imported articles come from.
#[derive(Args, Debug)]
pub struct ImportMeta {
    /// Title (only with one file; default: the first line of the text).
    #[arg(long)]
    title: Option<String>,
    /// Outlet that published the article.
    #[arg(long)]
    source: Option<String>,
    #[arg(long)]
    url: Option<String>,
    /// Publication date, ISO 8601 or free text.
    #[arg(long)]
    published: Option<String>,
    /// List what the import would do, file by file, and change nothing (no lock is taken: it
    /// works in a folder you cannot write).
    #[arg(long)]
    dry_run: bool,
    /// Read the source files a REFI-QDA project (.qdpx) names outside its archive (by default
    /// only what is inside the archive is read, and the others are listed). Even then no link
    /// out of its folder, no special file and nothing under /proc, /sys or /dev is read.
    #[arg(long)]
    external_sources: bool,
    /// Print the report as JSON on standard output (each file: what it added, what a bulk
    /// download stated against what was read, and what could not be split).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    report: Format,
}

/// A passage of a document, found by its quote.
#[derive(Args, Debug)]
pub struct QuoteArgs {
    /// Document id (d3) or title.
    #[arg(long)]
    doc: String,
    /// The quote (spaces and quote marks may differ from the article's).
    #[arg(long)]
    quote: String,
    /// Which occurrence, from 1, when the quote appears more than once.
    #[arg(long)]
    occurrence: Option<usize>,
}

/// What to annotate and how.
#[derive(Args, Debug)]
pub struct AnnotateArgs {
    #[command(flatten)]
    at: QuoteArgs,
    /// Tag name or id.
    #[arg(long)]
    tag: String,
    #[arg(long)]
    speaker: Option<String>,
    #[arg(long)]
    note: Option<String>,
    /// Claim label or id; a new claim is made when no claim has this label.
    #[arg(long)]
    claim: Option<String>,
}

/// Output format of the reporting commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// Prints a line to standard output, returning an error (not panicking, as `println!` does)
/// when the reader has gone away, as `head` does.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout(), $($arg)*)?
    };
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SearchMode {
    Lexical,
    Semantic,
    Hybrid,
}

impl From<SearchMode> for claimscope::model::semantic::Mode {
    fn from(m: SearchMode) -> Self {
        match m {
            SearchMode::Lexical => Self::Lexical,
            SearchMode::Semantic => Self::Semantic,
            SearchMode::Hybrid => Self::Hybrid,
        }
    }
}

/// Runs a subcommand.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::New { project, name, force } => new(&project, name, force),
        Command::Import { project, files, meta } => import_files(&project, &files, &meta),
        Command::Annotate { project, args } => annotate(&project, &args),
        Command::Check { project } => check(&project),
        Command::Stats { project, format } => stats(&project, format),
        Command::Compare { project, format, table } => compare(&project, format, table),
        Command::Export { project, format, output, doc, tag, claim, speaker, bom, raw_csv, force } => {
            let scope = ScopeArgs { docs: &doc, tags: &tag, claims: &claim, speakers: &speaker };
            let options = claimscope::export::Options { bom, raw_csv, ..Default::default() };
            export(&project, format, &output, &scope, &options, force)
        }
        Command::Similar { project, at, top, mode, format } => similar(&project, &at, top, mode.into(), format),
        Command::SuggestClaims { project, top, format } => suggest_claims(&project, top, format),
        Command::Agree { first, second, format } => agree(&first, &second, format),
        Command::Merge { base, ours, theirs, output, path, force, ours_name, theirs_name } => {
            let branches = store::team::Branches::new(ours_name.as_deref(), theirs_name.as_deref());
            merge(&base, &ours, &theirs, &output, path.as_deref(), force, &branches)
        }
        Command::GitSetup { repo, pattern } => git_setup(&repo, &pattern),
        Command::PdfWorker => match claimscope::import::pdf::worker_main() {
            0 => Ok(()),
            _ => Err(anyhow!("the PDF worker could not answer")),
        },
    }
}

fn open(path: &Path) -> Result<Project> {
    let loaded = store::load(path)?;
    for w in &loaded.warnings {
        eprintln!("warning: {} ({})", escape_controls(&w.to_string()), path.display());
    }
    Ok(loaded.project)
}

fn apply(project: &mut Project, edit: Edit) -> Result<()> {
    project.apply(edit).map(|_| ()).map_err(|e| anyhow!(e))
}

/// Takes the project's lock for the length of a read-modify-write, waiting a little for another
/// command to finish (not for the workbench, which holds it while the project is open).
fn lock(path: &Path, command: &str) -> Result<store::ProjectLock> {
    Ok(store::ProjectLock::acquire(path, &format!("claimscope {command}"), store::lock::CLI_WAIT)?)
}

fn new(path: &Path, name: Option<String>, force: bool) -> Result<()> {
    let _lock = lock(path, "new")?;
    if path.exists() && !force {
        bail!("{} already exists; pass --force to replace it (the old file is kept as .bak)", path.display());
    }
    let name = name.unwrap_or_else(|| {
        path.file_stem().map_or_else(|| "Untitled".to_owned(), |s| s.to_string_lossy().into_owned())
    });
    store::save(&Project::new(name), path)?;
    say!("created {}", path.display());
    Ok(())
}

fn import_files(path: &Path, given_paths: &[PathBuf], meta: &ImportMeta) -> Result<()> {
    // Folders are walked for the files they hold (a brat folder is read as one).
    let (files, passed) = import::expand(given_paths);
    if passed > 0 {
        eprintln!("{passed} file(s) in the folders passed over: hidden, linked, or not of a kind claimscope imports");
    }
    if files.is_empty() {
        bail!(
            "no files to import in {}",
            given_paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let files = files.as_slice();
    if meta.title.is_some() && files.len() > 1 {
        bail!("--title names one article; import the files one at a time to give each a title");
    }
    let options = import::ReadOptions {
        title: meta.title.clone(),
        external: if meta.external_sources { import::qdpx::External::All } else { import::qdpx::External::None },
    };
    let progress = TerminalProgress::new("importing");
    // A file named on the command line that cannot be read stops the import, nothing added. One
    // found by walking a folder is reported and the others are imported, as the workbench does
    // (a folder of downloads often holds a stray file); the exit status says so.
    let mut read = Vec::with_capacity(files.len());
    for (k, file) in files.iter().enumerate() {
        claimscope::export::Progress::report(&progress, k, files.len(), &file.display().to_string());
        let r = import::read_with(file, &options);
        read.push((file, if given_paths.contains(file) { Ok(r?) } else { r }));
    }
    progress.done();
    // A dry run changes nothing, so it takes no lock.
    let _lock = if meta.dry_run { None } else { Some(lock(path, "import")?) };
    // A claimscope export into a project that does not exist yet: the project, restored whole.
    if !path.exists() {
        let [(file, Ok(import::ImportFile::Export(export)))] = read.as_slice() else {
            bail!(
                "{} does not exist; create it with `claimscope new` first (only a claimscope JSON export can make a project on its own)",
                path.display()
            );
        };
        let parts = import::json::to_parts(export, file)?;
        let (project, v) = claimscope::model::Project::from_parts(parts).map_err(|v| {
            let problems: Vec<String> = v.errors.iter().map(|p| p.message.clone()).collect();
            anyhow!("the export is not a valid project:\n  {}\n{}", problems.join("\n  "), file.display())
        })?;
        for w in v.warnings {
            eprintln!("warning: {}", w.message);
        }
        store::save(&project, path)?;
        say!(
            "restored {} documents, {} annotations, {} claims into {}",
            project.documents().len(),
            project.annotation_count(),
            project.claims().len(),
            path.display()
        );
        return Ok(());
    }
    let mut project = open(path)?;
    let given = import::plan::Given {
        source: meta.source.clone().unwrap_or_default(),
        url: meta.url.clone().unwrap_or_default(),
        published: meta.published.clone().unwrap_or_default(),
    };
    let files = read.into_iter().map(|(f, r)| (f.clone(), r)).collect();
    let plan = import::plan::plan(&project, files, &given).map_err(|e| anyhow!(e))?;
    if meta.dry_run {
        if meta.report == Format::Json {
            return json_report(&plan, true);
        }
        for f in &plan.files {
            say!("{f}");
        }
        say!("dry run: {} article(s) would be added; {} is unchanged", plan.added().len(), path.display());
        return Ok(());
    }
    apply(&mut project, plan.edit.clone())?;
    store::save(&project, path)?;
    if meta.report == Format::Json {
        json_report(&plan, false)?;
        let refused = plan.refused();
        if refused > 0 {
            bail!("{refused} of {} file(s) not imported; the others were added", plan.files.len());
        }
        return Ok(());
    }
    for id in plan.added() {
        let title = project.document(id).map(|d| d.title.as_str()).unwrap_or_default();
        say!("{id}\t{}", escape_controls(title));
    }
    // What was merged is the result (standard output); what was assumed or skipped is news.
    for f in &plan.files {
        match &f.outcome {
            import::plan::Outcome::Added { notes, .. } if notes.is_empty() => {}
            import::plan::Outcome::Merged(_) => say!("{f}"),
            _ => eprintln!("{f}"),
        }
    }
    let refused = plan.refused();
    if refused > 0 {
        bail!("{refused} of {} file(s) not imported (listed above); the others were added", plan.files.len());
    }
    Ok(())
}

/// The import's report as JSON.
fn json_report(plan: &import::plan::Plan, dry_run: bool) -> Result<()> {
    use import::plan::Outcome;
    let files: Vec<serde_json::Value> = plan
        .files
        .iter()
        .map(|f| {
            let (outcome, detail) = match &f.outcome {
                Outcome::Added { articles, notes } => (
                    "added",
                    serde_json::json!({
                        "articles": articles.iter().map(|(id, t)| serde_json::json!({"id": id.to_string(), "title": t})).collect::<Vec<_>>(),
                        "notes": notes,
                    }),
                ),
                Outcome::Duplicate { of } => ("duplicate", serde_json::json!({ "of": of })),
                Outcome::Merged(r) => ("merged", serde_json::json!({ "report": r.to_string() })),
                Outcome::Refused(why) => ("refused", serde_json::json!({ "why": why })),
            };
            let download = f.download.as_ref().map(|d| {
                serde_json::json!({
                    "from": d.from,
                    "read": d.read,
                    "stated": d.stated,
                    "unsplit": d.unsplit.iter().map(|u| serde_json::json!({"at": u.at, "first_line": u.first_line})).collect::<Vec<_>>(),
                })
            });
            serde_json::json!({"path": f.path.display().to_string(), "outcome": outcome, "detail": detail, "download": download})
        })
        .collect();
    let out = serde_json::json!({"dry_run": dry_run, "added": plan.added().len(), "files": files});
    serde_json::to_writer_pretty(std::io::stdout().lock(), &out)?;
    println!();
    Ok(())
}

fn annotate(path: &Path, args: &AnnotateArgs) -> Result<()> {
    let AnnotateArgs { at: QuoteArgs { doc, quote, occurrence }, tag, speaker, note, claim } = args;
    let (doc, quote, tag) = (doc.as_str(), quote.as_str(), tag.as_str());
    // Read, change and write under the lock, so that a concurrent writer's change is never lost.
    let _lock = lock(path, "annotate")?;
    let mut project = open(path)?;
    let d = project.find_document(doc).ok_or_else(|| anyhow!("no document “{doc}” in {}", path.display()))?;
    let doc_id = d.id;
    let range = find_quote(d, quote, *occurrence)?;
    let tag_id = project.find_tag(tag).map(|t| t.id).ok_or_else(|| {
        let names: Vec<&str> = project.tags().iter().map(|t| t.name.as_str()).collect();
        anyhow!("no tag “{tag}”; the tags are: {}", names.join(", "))
    })?;
    let claim_id = match claim.as_deref() {
        None => None,
        Some(label) => match project.find_claim(label) {
            Some(c) => Some(c.id),
            None => {
                let (id, edit) = project.new_claim(label, "", &[]).map_err(|e| anyhow!(e))?;
                apply(&mut project, edit)?;
                eprintln!("created claim {id} “{label}”");
                Some(id)
            }
        },
    };
    let extra = NewAnnotation {
        note: note.clone().unwrap_or_default(),
        speaker: speaker.clone().unwrap_or_default(),
        claim: claim_id,
        created: claimscope::clock::now_rfc3339(),
        created_by: claimscope::clock::analyst(),
    };
    let (id, edit) = project.annotate(doc_id, range.clone(), tag_id, extra).map_err(|e| anyhow!(e))?;
    apply(&mut project, edit)?;
    store::save(&project, path)?;
    say!("{id}\t{doc_id}\t{}..{}", range.start, range.end);
    Ok(())
}

/// Where `quote` is in document `d`: exactly, else with spaces and quote marks folded; the
/// `occurrence` (from 1) picks one of several.
fn find_quote(
    d: &claimscope::model::Document,
    quote: &str,
    occurrence: Option<usize>,
) -> Result<std::ops::Range<usize>> {
    let doc_id = d.id;
    let len = quote.chars().count();
    let mut hits: Vec<std::ops::Range<usize>> = d.text.find_all(quote).into_iter().map(|s| s..s + len).collect();
    if hits.is_empty() {
        // Typed or copied quotes often differ from the article in spaces and quote marks only.
        hits = d.text.find_loose(quote);
    }
    let range = match (hits.len(), occurrence) {
        (0, _) => bail!("the quote “{}” is not in document {doc_id} ({})", short(quote), d.title),
        (_, Some(0)) => bail!("--occurrence counts from 1"),
        (n, Some(k)) if k > n => bail!("the quote “{}” occurs {n} time(s) in {doc_id}, not {k}", short(quote)),
        (_, Some(k)) => hits[k - 1].clone(),
        (1, None) => hits[0].clone(),
        (n, None) => bail!(
            "the quote “{}” occurs {n} times in {doc_id} (at chars {}); pass --occurrence N",
            short(quote),
            hits.iter().map(|r| r.start.to_string()).collect::<Vec<_>>().join(", ")
        ),
    };
    Ok(range)
}

fn check(path: &Path) -> Result<()> {
    let loaded = store::load(path)?;
    for w in &loaded.warnings {
        say!("warning: {}", escape_controls(&w.to_string()));
    }
    let p = &loaded.project;
    let orphans = p.orphans().count();
    say!(
        "ok: {} documents, {} annotations, {} claims, {} tags, {orphans} orphan(s): {}",
        p.documents().len(),
        p.annotation_count(),
        p.claims().len(),
        p.tags().len(),
        path.display()
    );
    Ok(())
}

fn agree(first: &Path, second: &Path, format: Format) -> Result<()> {
    let (a, b) = (open(first)?, open(second)?);
    let r = claimscope::model::agreement::compare(&a, &b)
        .with_context(|| format!("comparing {} with {}", first.display(), second.display()))?;
    let mut out = std::io::stdout().lock();
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &r).context("writing JSON")?;
        writeln!(out)?;
        return Ok(());
    }
    let num = |x: Option<f64>| x.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"));
    writeln!(out, "{} article(s) in both; {} in only one (left out)", r.documents.len(), r.only_in_one.len())?;
    writeln!(out, "Krippendorff's unitizing alpha (characters, all tags): {}", num(r.alpha))?;
    writeln!(
        out,
        "Cohen's kappa on tags: {} over {} exactly matching spans; {} over {} overlapping pairs",
        num(r.kappa_exact),
        r.pairs_exact,
        num(r.kappa_overlap),
        r.pairs_overlap
    )?;
    writeln!(
        out,
        "Claim agreement (F1 over same-claim links): {} ({} and {} links)",
        num(r.claim_f1),
        r.claim_links.0,
        r.claim_links.1
    )?;
    writeln!(out, "\ntag\talpha\tF1 exact\tF1 overlap")?;
    for (tag, (exact, overlap)) in &r.f1_by_tag {
        let alpha = r.alpha_by_tag.get(tag).copied().flatten();
        writeln!(out, "{}\t{}\t{}\t{}", escape_controls(tag), num(alpha), num(*exact), num(*overlap))?;
    }
    writeln!(out, "\narticle\talpha")?;
    for (title, alpha) in &r.alpha_by_document {
        writeln!(out, "{}\t{}", escape_controls(title), num(*alpha))?;
    }
    Ok(())
}

/// A command that refused to do what was asked, for a reason it states: exit status 2 (1 is
/// for failures and conflicts).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    out: &Path,
    name: Option<&str>,
    force: bool,
    branches: &store::team::Branches,
) -> Result<()> {
    let name = name.map_or_else(|| out.display().to_string(), str::to_owned);
    if out.exists() && !force && ![base, ours, theirs].contains(&out) {
        bail!("{} already exists; pass --force to replace it, or name a new file", out.display());
    }
    // Another kind of file under the driver's pattern (plain text, JSON, other RON): merged
    // line by line, as git would have.
    let head = |p: &Path| -> Vec<u8> {
        let Ok(f) = std::fs::File::open(p) else { return Vec::new() };
        let mut b = Vec::new();
        let _ = std::io::Read::read_to_end(&mut std::io::Read::take(f, 4096), &mut b);
        b
    };
    if ![base, ours, theirs].iter().any(|p| store::team::looks_like_project(&head(p))) {
        let n = store::team::line_merge(base, ours, theirs, out)?;
        if n > 0 {
            bail!("{name} is not a claimscope project; merged line by line with {n} conflict(s) marked");
        }
        eprintln!("{name} is not a claimscope project; merged line by line, cleanly");
        return Ok(());
    }
    let done = match store::team::merge_files(base, ours, theirs, out, force, branches) {
        Ok(done) => done,
        // As git's merge driver, the file left behind must hold both sides: a conflicted file
        // that holds ours only would lose theirs at the next `git add`. So both are kept,
        // line by line with conflict markers, to settle by hand (or with --force).
        Err(e) if out == ours => {
            let kept = match store::team::line_merge(base, ours, theirs, out) {
                Ok(_) => "both sides are kept in it line by line, with conflict markers, to settle by hand",
                Err(_) => "it holds ours; theirs is in git (git checkout --theirs)",
            };
            return Err(Refused(format!("{name} could not be merged by id: {e}; {kept}")).into());
        }
        Err(e) => {
            let unchanged = format!("merging {name}; {} is unchanged", out.display());
            return Err(if matches!(e, store::team::MergeError::Unrelated { .. }) {
                anyhow!(Refused(e.to_string())).context(unchanged)
            } else {
                anyhow!(e).context(unchanged)
            });
        }
    };
    let r = &done.report;
    eprintln!(
        "{name}: merged by id: {} added on our side, {} on theirs ({} renumbered, {} added on both), {} changed on both sides",
        r.ours_added, r.theirs_added, r.renumbered, r.unified, r.merged
    );
    for w in &done.warnings {
        eprintln!("warning: {}", escape_controls(w));
    }
    if done.conflicts.is_empty() {
        return Ok(());
    }
    eprintln!("{} conflict(s), our value kept, theirs recorded in the file:", done.conflicts.len());
    for c in done.conflicts.iter().take(20) {
        eprintln!(
            "  {} {}: ours {}, theirs {} (base {})",
            c.subject,
            c.field,
            escape_controls(&c.ours.to_string()),
            escape_controls(&c.theirs.to_string()),
            escape_controls(&c.base.to_string())
        );
    }
    if done.conflicts.len() > 20 {
        eprintln!("  … and {} more", done.conflicts.len() - 20);
    }
    bail!(
        "{name}: {} conflict(s) to settle: open it in claimscope, where the Team view lists them",
        done.conflicts.len()
    )
}

fn git_setup(repo: &Path, pattern: &str) -> Result<()> {
    let exe = std::env::current_exe().context("finding this program's path for the merge driver")?;
    let done = store::team::git_setup(repo, pattern, &exe)?;
    say!("merge driver set in {}'s git config: {}", done.top.display(), done.driver);
    if done.attributes_added {
        say!(
            "added “{pattern} merge={}” to {}; commit it so that every clone uses it",
            store::team::DRIVER,
            done.attributes.display()
        );
    } else {
        say!("{} already names the driver", done.attributes.display());
    }
    say!("{} leaves out the .bak, recovery and lock files claimscope keeps beside projects", done.ignore.display());
    say!("every other clone: run `claimscope git-setup` there once (git does not copy its config)");
    Ok(())
}

fn stats(path: &Path, format: Format) -> Result<()> {
    let p = open(path)?;
    let counts = TagCounts::of(&p);
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let json = stats_json(&p, &counts);
            serde_json::to_writer_pretty(&mut out, &json).context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Table => write!(out, "{}", stats_table(&p, &counts))?,
    }
    Ok(())
}

fn stats_json(p: &Project, c: &TagCounts) -> serde_json::Value {
    use serde_json::json;
    let tag_names: Vec<String> = c.tags.iter().map(|t| p.tag(*t).map(|t| t.name.clone()).unwrap_or_default()).collect();
    let docs: Vec<serde_json::Value> = c
        .docs
        .iter()
        .enumerate()
        .map(|(col, d)| {
            let doc = p.document(*d);
            let counts: serde_json::Map<String, serde_json::Value> =
                tag_names.iter().enumerate().map(|(row, name)| (name.clone(), json!(c.cells[row][col]))).collect();
            json!({
                "id": d.to_string(),
                "title": doc.map(|d| d.title.clone()),
                "source": doc.map(|d| d.source.clone()),
                "counts": counts,
                "total": c.doc_total(col),
            })
        })
        .collect();
    let totals: serde_json::Map<String, serde_json::Value> =
        tag_names.iter().enumerate().map(|(row, name)| (name.clone(), json!(c.tag_total(row)))).collect();
    json!({
        "project": p.name(),
        "tags": c.tags.iter().zip(&tag_names).map(|(id, n)| json!({"id": id.to_string(), "name": n})).collect::<Vec<_>>(),
        "documents": docs,
        "totals": totals,
        "total": c.total(),
        "document_count": p.documents().len(),
        "annotation_count": p.annotation_count(),
        "claim_count": p.claims().len(),
        "orphan_count": p.orphans().count(),
    })
}

fn stats_table(p: &Project, c: &TagCounts) -> String {
    const TITLE: usize = 40;
    let names: Vec<String> =
        c.tags.iter().map(|t| p.tag(*t).map(|t| escape_controls(&t.name)).unwrap_or_default()).collect();
    let widths: Vec<usize> = names.iter().map(|n| n.chars().count().max(5)).collect();
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    let mut out = String::new();
    let mut line = pad("document", TITLE + 6);
    for (n, w) in names.iter().zip(&widths) {
        line += &format!("  {}", pad(n, *w));
    }
    out += &format!("{line}  total\n");
    for (col, d) in c.docs.iter().enumerate() {
        let doc = p.document(*d);
        let label = doc.map(|d| d.short_name().to_owned()).unwrap_or_default();
        let mut line = format!("{}{}", pad(&d.to_string(), 6), pad(&truncate(&escape_controls(&label), TITLE), TITLE));
        for (row, w) in widths.iter().enumerate() {
            line += &format!("  {:>w$}", c.cells[row][col]);
        }
        out += &format!("{line}  {:>5}\n", c.doc_total(col));
    }
    let mut line = pad("total", TITLE + 6);
    for (row, w) in widths.iter().enumerate() {
        line += &format!("  {:>w$}", c.tag_total(row));
    }
    out += &format!("{line}  {:>5}\n\n", c.total());
    out += &format!(
        "{} documents, {} annotations, {} claims, {} orphan(s)\n",
        p.documents().len(),
        p.annotation_count(),
        p.claims().len(),
        p.orphans().count()
    );
    out
}

fn compare(path: &Path, format: TableFormat, which: Which) -> Result<()> {
    use claimscope::export::tables;
    use claimscope::model::compare::{ClaimsTable, Filter, Matrix};
    let p = open(path)?;
    let filter = Filter::default();
    let (m, t) = (Matrix::of(&p, &filter), ClaimsTable::of(&p, &filter));
    let mut out = std::io::stdout().lock();
    let (show_matrix, show_claims) = (which != Which::Claims, which != Which::Matrix);
    match format {
        TableFormat::Json => {
            let mut v = tables::json(&p, &m, &t);
            if !show_claims {
                v["claims"] = serde_json::Value::Null;
            }
            if !show_matrix {
                v["matrix"] = serde_json::Value::Null;
            }
            serde_json::to_writer_pretty(&mut out, &v).context("writing JSON")?;
            writeln!(out)?;
        }
        TableFormat::Csv => {
            if show_matrix {
                write!(out, "{}", tables::matrix_csv(&p, &m))?;
            }
            if show_matrix && show_claims {
                writeln!(out)?;
            }
            if show_claims {
                write!(out, "{}", tables::claims_csv(&p, &t))?;
            }
        }
        TableFormat::Table => {
            if show_matrix {
                writeln!(out, "Annotations per tag and article (share of the article's text covered)\n")?;
                write!(out, "{}", tables::matrix_text(&p, &m))?;
            }
            if show_matrix && show_claims {
                writeln!(out)?;
            }
            if show_claims {
                writeln!(out, "Claims and how each article frames them\n")?;
                write!(out, "{}", tables::claims_text(&p, &t))?;
            }
        }
    }
    Ok(())
}

fn similar(
    path: &Path,
    at: &QuoteArgs,
    top: usize,
    mode: claimscope::model::semantic::Mode,
    format: Format,
) -> Result<()> {
    use claimscope::model::semantic::{self as sem, Mode, Query, SemanticIndex};
    use claimscope::model::similar::Index;
    let QuoteArgs { doc, quote, occurrence } = at;
    let p = open(path)?;
    let d = p.find_document(doc).ok_or_else(|| anyhow!("no document “{doc}” in {}", path.display()))?;
    let range = find_quote(d, quote, *occurrence)?;
    // The annotation over exactly this quote, when there is one (its claim's label joins the
    // query, as in the workbench); else a probe annotation over the quote.
    let probe =
        p.annotations().find(|a| a.doc == d.id && a.start == range.start && a.end == range.end).cloned().unwrap_or(
            claimscope::model::Annotation::over(
                claimscope::model::AnnotationId(0),
                d.id,
                &d.text,
                range.clone(),
                claimscope::model::TagId(0),
            ),
        );
    let index = Index::build(&p);
    let mut query = Query::for_annotation(&p, &probe, None);
    let mut semantic = None;
    if mode != Mode::Lexical {
        match claimscope::semantic::load_encoder() {
            Ok(encoder) => {
                let progress = TerminalProgress::new("embedding");
                let (embeddings, note) =
                    claimscope::store::embeddings::embeddings_for(path, &p, encoder.as_ref(), &progress)
                        .map_err(|e| anyhow!(e))?;
                progress.done();
                if let Some(note) = note {
                    eprintln!("claimscope: {note}");
                }
                let text = sem::query_text(&p, &probe);
                query.vector = match embeddings.get(&text) {
                    Some(v) => Some(v.to_vec()),
                    None => encoder.encode(&[&text], claimscope::model::par::threads()).map_err(|e| anyhow!(e))?.pop(),
                };
                semantic = Some(SemanticIndex::build(&p, &index, &embeddings));
            }
            Err(e) if mode == Mode::Semantic => return Err(anyhow!(e)),
            Err(e) => eprintln!("claimscope: {e}; ranking by shared words only"),
        }
    }
    let ranked = sem::rank(&p, &index, semantic.as_ref(), &query, mode, sem::WEIGHT, top);
    let mut out = std::io::stdout().lock();
    let text_of =
        |s: &sem::Ranked| p.document(s.doc).map(|d| d.text.slice(s.range.clone()).to_owned()).unwrap_or_default();
    match format {
        Format::Json => {
            let v: Vec<serde_json::Value> = ranked
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    serde_json::json!({
                        "rank": i + 1,
                        "document": s.doc.to_string(),
                        "title": p.document(s.doc).map(|d| d.title.clone()),
                        "outlet": p.document(s.doc).map(|d| d.source.clone()),
                        "start": s.range.start,
                        "end": s.range.end,
                        "score": s.score,
                        "mode": mode.name(),
                        "why": {
                            "summary": s.why.summary(),
                            "shared": s.why.shared,
                            "lexical": s.why.lexical,
                            "meaning": s.why.meaning,
                        },
                        "text": text_of(s),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &v).context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Table => {
            for (i, s) in ranked.iter().enumerate() {
                let outlet = p.document(s.doc).map(|d| escape_controls(&d.source)).unwrap_or_default();
                writeln!(
                    out,
                    "{:>2}. {} {} {}..{} score {:.2} ({})",
                    i + 1,
                    s.doc,
                    outlet,
                    s.range.start,
                    s.range.end,
                    s.score,
                    escape_controls(&s.why.summary())
                )?;
                writeln!(out, "    {}", escape_controls(&text_of(s)))?;
            }
            if ranked.is_empty() {
                writeln!(out, "no similar passages in the other articles")?;
            }
        }
    }
    Ok(())
}

fn suggest_claims(path: &Path, top: usize, format: Format) -> Result<()> {
    use claimscope::model::suggest::{Links, suggest};
    let p = open(path)?;
    let (embeddings, note) =
        claimscope::store::embeddings::read_cache(path, claimscope::semantic::MODEL_ID, claimscope::semantic::DIM);
    if let Some(note) = note {
        eprintln!("claimscope: {note}; suggesting without similarity of meaning");
    }
    let links = Links::build(&p, Some(&embeddings));
    if links.left_out() > 0 {
        eprintln!(
            "claimscope: {} passages beyond the first {} were not compared",
            links.left_out(),
            claimscope::model::suggest::MAX_PASSAGES
        );
    }
    let found = suggest(&p, &links, top);
    let text_of = |m: &claimscope::model::suggest::Member| {
        p.document(m.doc).map(|d| d.text.slice(m.range.clone()).to_owned()).unwrap_or_default()
    };
    let claim_label = |c: Option<claimscope::model::ClaimId>| c.and_then(|c| p.claim(c)).map(|c| c.label.clone());
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let v: Vec<serde_json::Value> = found
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    serde_json::json!({
                        "rank": i + 1,
                        "key": c.key,
                        "label": c.label,
                        "score": c.score,
                        "articles": c.articles(),
                        "extends_claim": c.claim.map(|id| id.to_string()),
                        "extends_claim_label": claim_label(c.claim),
                        "why": {
                            "summary": c.why.summary(),
                            "shared": c.why.shared,
                            "meaning": c.why.meaning,
                        },
                        "passages": c.members.iter().map(|m| serde_json::json!({
                            "document": m.doc.to_string(),
                            "outlet": p.document(m.doc).map(|d| d.source.clone()),
                            "start": m.range.start,
                            "end": m.range.end,
                            "annotation": m.annotation.map(|a| a.to_string()),
                            "claim": m.claim.map(|c| c.to_string()),
                            "text": text_of(m),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &v).context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Table => {
            for (i, c) in found.iter().enumerate() {
                let what = match claim_label(c.claim) {
                    Some(l) => format!("extends “{}”", escape_controls(&l)),
                    None => "new claim".to_owned(),
                };
                writeln!(
                    out,
                    "{:>2}. {} articles, score {:.2}, {what} ({})",
                    i + 1,
                    c.articles(),
                    c.score,
                    escape_controls(&c.why.summary())
                )?;
                for m in &c.members {
                    let outlet = p.document(m.doc).map(|d| escape_controls(&d.source)).unwrap_or_default();
                    let state = if m.annotation.is_some() { "annotated" } else { "to tag" };
                    writeln!(
                        out,
                        "    {} {} {}..{} [{state}] {}",
                        m.doc,
                        outlet,
                        m.range.start,
                        m.range.end,
                        escape_controls(&claimscope::model::truncate(&text_of(m), 100))
                    )?;
                }
            }
            if found.is_empty() {
                writeln!(out, "no claim suggestions: no passages of different articles are close enough")?;
            }
        }
    }
    Ok(())
}

/// Progress on standard error, when it is a terminal; nothing when it is piped.
pub struct TerminalProgress {
    what: &'static str,
    on: bool,
    last: std::sync::Mutex<Option<std::time::Instant>>,
}

impl TerminalProgress {
    pub fn new(what: &'static str) -> Self {
        use std::io::IsTerminal;
        TerminalProgress { what, on: std::io::stderr().is_terminal(), last: std::sync::Mutex::new(None) }
    }

    /// Clears the progress line.
    pub fn done(&self) {
        if self.on {
            eprint!("\r\x1b[2K");
        }
    }
}

impl claimscope::export::Progress for TerminalProgress {
    fn report(&self, done: usize, total: usize, item: &str) {
        if !self.on {
            return;
        }
        let Ok(mut last) = self.last.lock() else { return };
        let now = std::time::Instant::now();
        if last.is_some_and(|t| now.duration_since(t).as_millis() < 100) && done + 1 < total {
            return;
        }
        *last = Some(now);
        let item: String = item.chars().take(50).collect();
        eprint!("\r\x1b[2K{} {}/{} {item}", self.what, done + 1, total);
    }
}

/// What `export` keeps, as given on the command line.
struct ScopeArgs<'a> {
    docs: &'a [String],
    tags: &'a [String],
    claims: &'a [String],
    speakers: &'a [String],
}

fn export(
    path: &Path,
    format: claimscope::export::Format,
    output: &Path,
    args: &ScopeArgs<'_>,
    options: &claimscope::export::Options,
    force: bool,
) -> Result<()> {
    let p = open(path)?;
    let mut scope = claimscope::export::Scope::default();
    for d in args.docs {
        scope.docs.insert(p.find_document(d).ok_or_else(|| anyhow!("no document “{d}” in {}", path.display()))?.id);
    }
    for t in args.tags {
        scope.tags.insert(p.find_tag(t).ok_or_else(|| anyhow!("no tag “{t}” in {}", path.display()))?.id);
    }
    for c in args.claims {
        scope.claims.insert(p.find_claim(c).ok_or_else(|| anyhow!("no claim “{c}” in {}", path.display()))?.id);
    }
    scope.speakers.extend(args.speakers.iter().cloned());
    let mut target = claimscope::export::Target::new(output).protecting(Some(path));
    target.overwrite = force;
    let progress = TerminalProgress::new("exporting");
    let summary = claimscope::export::export(&p, &scope, format, options, &target, &progress);
    progress.done();
    let summary = summary?;
    say!("wrote {} as {format}: {}", summary.what(), summary.path.display());
    Ok(())
}
