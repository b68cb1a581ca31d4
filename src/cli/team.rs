//! Two analysts: agreement, the git merge driver, setting a repository up for it.

use super::shown;
use super::*;

pub(super) fn agree(first: &Path, second: &Path, format: Format) -> Result<()> {
    let (a, b) = (open(first)?, open(second)?);
    let r = claimscope::analysis::agreement::compare(&a, &b)
        .with_context(|| format!("comparing {} with {}", shown(first), shown(second)))?;
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

pub(super) fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    out: &Path,
    name: Option<&str>,
    force: bool,
    branches: &store::team::Branches,
) -> Result<()> {
    // As printed: git fills `--path` from a file's name in the repository, which can hold
    // escape sequences.
    let name = escape_controls(&name.map_or_else(|| out.display().to_string(), str::to_owned));
    // Never written through a link (git gives the driver its own files, never links): a link
    // there had the merged project written where it pointed, over any file with --force.
    super::project::refuse_link(out, "the output file's")?;
    if out.exists() && !force && ![base, ours, theirs].contains(&out) {
        bail!("{} already exists; pass --force to replace it, or name a new file", shown(out));
    }
    // Another kind of file under the driver's pattern (plain text, JSON, other RON): merged
    // line by line, as git would have.
    // Opened without waiting: a FIFO given as one of the three is refused, not read for ever.
    let head = |p: &Path| -> Vec<u8> {
        let Ok(f) = store::sidecar::open_named(p, u64::MAX) else { return Vec::new() };
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
        // Too large to open once merged: the lines of both sides would be larger still, a file
        // no claimscope opens (600 MB was written, said to be unchanged). Ours stays as it was.
        Err(e @ store::team::MergeError::Save(store::SaveError::TooLarge { .. })) if out == ours => {
            let e = e.to_string().replace("; the file that was there is unchanged", "");
            return Err(Refused(format!(
                "{name} could not be merged by id: {e}; it holds ours, unchanged, and theirs is in git (git checkout --theirs)"
            ))
            .into());
        }
        Err(e) if out == ours => {
            // What the file holds now, as it is ("nothing was written" had been said of a file
            // just rewritten by the line merge, and "conflict markers" of one that had none).
            let kept = match store::team::line_merge(base, ours, theirs, out) {
                Ok(0) => {
                    format!("{name} was merged line by line instead, cleanly: check that it opens (claimscope check)")
                }
                // The file named, not "it": after a load error naming another file, "it" read
                // as that one.
                Ok(n) => {
                    format!(
                        "both sides are kept in {name} line by line, with {n} conflict(s) marked, to settle by hand"
                    )
                }
                Err(_) => format!("{name} holds ours, unchanged; theirs is in git (git checkout --theirs)"),
            };
            let e = e.to_string().replace("; nothing was written", "");
            return Err(Refused(format!("{name} could not be merged by id: {e}; {kept}")).into());
        }
        Err(e) => {
            let unchanged = format!("merging {name}; {} is unchanged", shown(out));
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
            escape_controls(&c.ours.named(&done.merged)),
            escape_controls(&c.theirs.named(&done.merged)),
            escape_controls(&c.base.named(&done.merged))
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

pub(super) fn git_setup(repo: &Path, pattern: &str) -> Result<()> {
    let exe = std::env::current_exe().context("finding this program's path for the merge driver")?;
    let done = store::team::git_setup(repo, pattern, &exe)?;
    say!("merge driver set in {}'s git config: {}", shown(&done.top), escape_controls(&done.driver));
    if done.attributes_added {
        say!(
            "added “{pattern} merge={}” to {}; commit it so that every clone uses it",
            store::team::DRIVER,
            shown(&done.attributes)
        );
    } else {
        say!("{} already names the driver", shown(&done.attributes));
    }
    say!("{} leaves out the .bak, recovery and lock files claimscope keeps beside projects", shown(&done.ignore));
    say!("every other clone: run `claimscope git-setup` there once (git does not copy its config)");
    Ok(())
}
