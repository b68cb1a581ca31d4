//! The export command: what to keep, where to write, in which format.

use super::shown;
use super::*;

/// What `export` keeps, as given on the command line.
pub(super) struct ScopeArgs<'a> {
    pub(super) docs: &'a [String],
    pub(super) tags: &'a [String],
    pub(super) claims: &'a [String],
    pub(super) speakers: &'a [String],
}

pub(super) fn export(
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
        scope.docs.insert(p.find_document(d).ok_or_else(|| anyhow!("no document “{d}” in {}", shown(path)))?.id);
    }
    for t in args.tags {
        scope.tags.insert(p.find_tag(t).ok_or_else(|| anyhow!("no tag “{t}” in {}", shown(path)))?.id);
    }
    for c in args.claims {
        scope.claims.insert(p.find_claim(c).ok_or_else(|| anyhow!("no claim “{c}” in {}", shown(path)))?.id);
    }
    scope.speakers.extend(args.speakers.iter().cloned());
    let mut target = claimscope::export::Target::new(output).protecting(Some(path));
    target.overwrite = force;
    let progress = TerminalProgress::new("exporting");
    let summary = claimscope::export::export(&p, &scope, format, options, &target, &progress);
    progress.done();
    let summary = summary?;
    say!("wrote {} as {format}: {}", summary.what(), shown(&summary.path));
    if let Some(warning) = summary.too_large_to_import() {
        eprintln!("warning: {warning}");
    }
    Ok(())
}
