//! Commands that change or check one project: new, import, annotate, check.

use super::shown;
use super::*;

pub(super) fn new(path: &Path, name: Option<String>, force: bool) -> Result<()> {
    // A link there, dangling or not, would have the new project (and its lock) made where it
    // points: a name the analyst did not give.
    refuse_link(path, "the project file's")?;
    let _lock = lock(path, "new")?;
    if path.exists() && !force {
        bail!("{} already exists; pass --force to replace it (the old file is kept as .bak)", shown(path));
    }
    let name = name.unwrap_or_else(|| {
        path.file_stem().map_or_else(|| "Untitled".to_owned(), |s| s.to_string_lossy().into_owned())
    });
    store::save(&Project::new(name), path)?;
    say!("created {}", shown(path));
    Ok(())
}

/// Refuses `path` when it is a link, dangling or not: what is written there would go where it
/// points, a name the analyst did not give. `whose`: whose own name to give instead.
pub(super) fn refuse_link(path: &Path, whose: &str) -> Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Refused(format!("{} is a link; give {whose} own name (nothing was written)", shown(path))).into());
    }
    Ok(())
}

pub(super) fn import_files(path: &Path, given_paths: &[PathBuf], meta: &ImportMeta) -> Result<()> {
    // A dangling link: a project restored from an export (and its lock) would be made where it
    // points, as `new` refuses.
    if !path.exists() {
        refuse_link(path, "the project file's")?;
    }
    // Folders are walked for the files they hold (a brat folder is read as one).
    let (files, passed, too_deep) = import::expand(given_paths);
    if passed > 0 {
        eprintln!("{passed} file(s) in the folders passed over: hidden, linked, or not of a kind claimscope imports");
    }
    if too_deep > 0 {
        eprintln!(
            "{too_deep} folder(s) more than {} levels down not walked: import them by their own names",
            import::MAX_DEPTH
        );
    }
    if files.is_empty() {
        bail!("no files to import in {}", given_paths.iter().map(|p| shown(p)).collect::<Vec<_>>().join(", "));
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
        claimscope::export::Progress::report(&progress, k, files.len(), &shown(file));
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
                shown(path)
            );
        };
        let parts = import::json::to_parts(export, file)?;
        let (project, v) = claimscope::model::Project::from_parts(parts).map_err(|v| {
            let problems: Vec<String> = v.errors.iter().map(|p| p.message.clone()).collect();
            anyhow!("the export is not a valid project:\n  {}\n{}", problems.join("\n  "), shown(file))
        })?;
        for w in &v.warnings {
            eprintln!("warning: {}", w.message);
        }
        // A dry run writes nothing here either (it had made the project).
        if !meta.dry_run {
            store::save(&project, path)?;
        }
        let (documents, annotations, claims) =
            (project.documents().len(), project.annotation_count(), project.claims().len());
        if meta.report == Format::Json {
            let out = serde_json::json!({
                "dry_run": meta.dry_run,
                "restored": {"from": file.display().to_string(), "into": path.display().to_string(),
                    "documents": documents, "annotations": annotations, "claims": claims,
                    "warnings": v.warnings.iter().map(|w| w.message.clone()).collect::<Vec<_>>()},
            });
            serde_json::to_writer_pretty(std::io::stdout().lock(), &out)?;
            println!();
            return Ok(());
        }
        let verb = if meta.dry_run { "dry run: would restore" } else { "restored" };
        say!("{verb} {documents} documents, {annotations} annotations, {claims} claims into {}", shown(path));
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
        // Each file's line holds what the file said (titles, tag names): shown escaped.
        for f in &plan.files {
            say!("{}", escape_controls(&f.to_string()));
        }
        say!("dry run: {} article(s) would be added; {} is unchanged", plan.added().len(), shown(path));
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
            import::plan::Outcome::Merged(_) => say!("{}", escape_controls(&f.to_string())),
            _ => eprintln!("{}", escape_controls(&f.to_string())),
        }
    }
    let refused = plan.refused();
    if refused > 0 {
        bail!("{refused} of {} file(s) not imported (listed above); the others were added", plan.files.len());
    }
    Ok(())
}

/// The import's report as JSON.
pub(super) fn json_report(plan: &import::plan::Plan, dry_run: bool) -> Result<()> {
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

pub(super) fn annotate(path: &Path, args: &AnnotateArgs) -> Result<()> {
    let AnnotateArgs { at: QuoteArgs { doc, quote, occurrence }, tag, speaker, note, claim } = args;
    let (doc, quote, tag) = (doc.as_str(), quote.as_str(), tag.as_str());
    // Read, change and write under the lock, so that a concurrent writer's change is never lost.
    let _lock = lock(path, "annotate")?;
    let mut project = open(path)?;
    let d = project.find_document(doc).ok_or_else(|| anyhow!("no document “{doc}” in {}", shown(path)))?;
    let doc_id = d.id;
    let range = d.find_quote(quote, *occurrence).map_err(|e| anyhow!(e))?;
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

pub(super) fn check(path: &Path) -> Result<()> {
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
        shown(path)
    );
    Ok(())
}
