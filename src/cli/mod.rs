//! The command line: subcommands over the library, and the workbench when none is given.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};

use claimscope::analysis::stats::TagCounts;
use claimscope::import;
use claimscope::model::text::escape_controls;
use claimscope::model::{Edit, NewAnnotation, Project, truncate};
use claimscope::store;

/// Prints a line to standard output, returning an error (not panicking, as `println!` does)
/// when the reader has gone away, as `head` does.
macro_rules! say {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout(), $($arg)*)?
    };
}

mod export;
mod progress;
mod project;
mod report;
mod team;

use export::{ScopeArgs, export};
use progress::TerminalProgress;
use project::{annotate, check, import_files, new};
use report::{compare, similar, stats, suggest_claims, suggest_tags};
use team::{agree, git_setup, merge};

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
    /// Tags claimscope proposes for passages not tagged yet (Fact, Allegation, Legal claim,
    /// Rhetoric, and the project's own tags once it has a few passages of each), each with a
    /// score from 0 to 1, the speaker of reported speech and why: from the built-in word lists and
    /// patterns (crates/core/data/suggest), how each sentence reads (its meaning against example
    /// sentences of rhetoric and of reports) and what the project's annotations and rejected
    /// suggestions teach, on this machine. The sentences' vectors are made the first time and
    /// kept beside the project (its embedding cache). Offsets are char offsets into the
    /// article's text, half-open.
    SuggestTags {
        project: PathBuf,
        /// Only these articles (id or title); repeat for more. The whole project still teaches.
        #[arg(long)]
        doc: Vec<String>,
        /// Only these tags (name); repeat for more.
        #[arg(long)]
        tag: Vec<String>,
        /// Only suggestions scored at least this.
        #[arg(long, default_value_t = 0.0)]
        min_score: f32,
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
    PdfWorker {
        /// The process that started it: the worker ends when it is gone.
        #[arg(long)]
        parent: Option<u32>,
        /// How long it may read, in milliseconds (at most what a file of its size is given).
        #[arg(long)]
        millis: Option<u64>,
    },
    /// Reads an article file on standard input (a line naming it, then its bytes) and answers
    /// with its articles as JSON: the process the importers start for each file, with its
    /// memory capped at MEMORY bytes (not for people).
    #[command(hide = true)]
    ReadWorker {
        #[arg(long)]
        memory: u64,
        /// The process that started it: the worker ends when it is gone.
        #[arg(long)]
        parent: Option<u32>,
    },
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

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SearchMode {
    Lexical,
    Semantic,
    Hybrid,
}

impl From<SearchMode> for claimscope::analysis::semantic::Mode {
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
        Command::SuggestTags { project, doc, tag, min_score, format } => {
            suggest_tags(&project, &doc, &tag, min_score, format)
        }
        Command::Agree { first, second, format } => agree(&first, &second, format),
        Command::Merge { base, ours, theirs, output, path, force, ours_name, theirs_name } => {
            let branches = store::team::Branches::new(ours_name.as_deref(), theirs_name.as_deref());
            merge(&base, &ours, &theirs, &output, path.as_deref(), force, &branches)
        }
        Command::GitSetup { repo, pattern } => git_setup(&repo, &pattern),
        Command::PdfWorker { parent, millis } => match claimscope::import::pdf::worker_main(parent, millis) {
            0 => Ok(()),
            _ => Err(anyhow!("the PDF worker could not answer")),
        },
        Command::ReadWorker { memory, parent } => match claimscope::import::isolate::worker_main(memory, parent) {
            0 => Ok(()),
            _ => Err(anyhow!("the read worker could not answer")),
        },
    }
}

fn open(path: &Path) -> Result<Project> {
    let loaded = store::load(path)?;
    for w in &loaded.warnings {
        eprintln!("warning: {} ({})", escape_controls(&w.to_string()), shown(path));
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

/// A command that refused to do what was asked, for a reason it states: exit status 2 (1 is
/// for failures and conflicts).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// A path as the terminal should show it: a file's name may hold escape sequences or a line
/// break (`x\x1b]0;title\x07\nclaimscope: fake.ron` set the terminal's title and forged a line
/// of output), shown escaped.
pub(crate) fn shown(path: &std::path::Path) -> String {
    escape_controls(&path.display().to_string())
}
