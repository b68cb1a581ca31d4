//! Commands that report on a project: counts, comparison tables, similar passages, suggested claims.

use super::shown;
use super::*;

pub(super) fn stats(path: &Path, format: Format) -> Result<()> {
    let p = open(path)?;
    let counts = TagCounts::of(&p);
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let mut out = std::io::BufWriter::new(&mut out);
            serde_json::to_writer_pretty(&mut out, &claimscope::analysis::stats::json(&p, &counts))
                .context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Table => write!(out, "{}", stats_table(&p, &counts))?,
    }
    Ok(())
}

pub(super) fn stats_table(p: &Project, c: &TagCounts) -> String {
    const TITLE: usize = 40;
    let names: Vec<String> =
        c.tags.iter().map(|t| p.tag(*t).map(|t| escape_controls(&t.name)).unwrap_or_default()).collect();
    let widths: Vec<usize> = names.iter().map(|n| n.chars().count().max(5)).collect();
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    let summary = format!(
        "{} documents, {} annotations, {} claims, {} orphan(s)\n",
        p.documents().len(),
        p.annotation_count(),
        p.claims().len(),
        p.orphans().count()
    );
    let mut out = String::new();
    let label = |d: &claimscope::model::DocId| {
        let name = p.document(*d).map(|d| d.short_name().to_owned()).unwrap_or_default();
        format!("{}{}", pad(&d.to_string(), 6), pad(&truncate(&escape_controls(&name), TITLE), TITLE))
    };
    if c.too_many_cells() {
        // No terminal shows thousands of columns (a line of 14,000 tags for each of 14,000
        // articles was gigabytes): each article's tags that it uses, a line each.
        out += &format!(
            "{} tags by {} documents: only the counts that are not zero\n{}  {}  count\n",
            c.tags.len(),
            c.docs.len(),
            pad("document", TITLE + 6),
            pad("tag", 20)
        );
        for (col, d) in c.docs.iter().enumerate() {
            for &(row, n) in c.of_doc(col) {
                out += &format!("{}  {}  {n:>5}\n", label(d), pad(&names[row], 20));
            }
        }
        out += &format!("{}  {}  {:>5}\n\n", pad("total", TITLE + 6), pad("", 20), c.total());
        return out + &summary;
    }
    let mut line = pad("document", TITLE + 6);
    for (n, w) in names.iter().zip(&widths) {
        line += &format!("  {}", pad(n, *w));
    }
    out += &format!("{line}  total\n");
    for (col, d) in c.docs.iter().enumerate() {
        let mut line = label(d);
        for (row, w) in widths.iter().enumerate() {
            line += &format!("  {:>w$}", c.count(row, col));
        }
        out += &format!("{line}  {:>5}\n", c.doc_total(col));
    }
    let mut line = pad("total", TITLE + 6);
    for (row, w) in widths.iter().enumerate() {
        line += &format!("  {:>w$}", c.tag_total(row));
    }
    out += &format!("{line}  {:>5}\n\n", c.total());
    out + &summary
}

pub(super) fn compare(path: &Path, format: TableFormat, which: Which) -> Result<()> {
    use claimscope::analysis::compare::{ClaimsTable, Filter, Matrix};
    use claimscope::export::tables;
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

pub(super) fn similar(
    path: &Path,
    at: &QuoteArgs,
    top: usize,
    mode: claimscope::analysis::semantic::Mode,
    format: Format,
) -> Result<()> {
    use claimscope::analysis::semantic::{self as sem, Mode, Query, SemanticIndex};
    use claimscope::analysis::similar::Index;
    let QuoteArgs { doc, quote, occurrence } = at;
    let p = open(path)?;
    let d = p.find_document(doc).ok_or_else(|| anyhow!("no document “{doc}” in {}", shown(path)))?;
    let range = d.find_quote(quote, *occurrence).map_err(|e| anyhow!(e))?;
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
        match claimscope::engine::load_encoder() {
            Ok(encoder) => {
                let (embeddings, note) = embed(path, &p, encoder.as_ref()).map_err(|e| anyhow!(e))?;
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

/// The project's sentence vectors: those in the cache beside it, the missing ones made (their
/// progress on the terminal) and the cache saved; with a note when it could not be.
fn embed(
    path: &Path,
    p: &claimscope::model::Project,
    encoder: &dyn claimscope::analysis::semantic::Encoder,
) -> Result<(claimscope::analysis::semantic::Embeddings, Option<String>), String> {
    let progress = TerminalProgress::new("embedding");
    let made = claimscope::store::embeddings::embeddings_for(path, p, encoder, &progress);
    progress.done();
    made
}

pub(super) fn suggest_tags(
    path: &Path,
    docs: &[String],
    tags: &[String],
    min_score: f32,
    format: Format,
) -> Result<()> {
    use claimscope::analysis::tags::{Knowledge, Learned, Sources, suggest_for};
    let p = open(path)?;
    let mut ids = Vec::new();
    for d in docs {
        ids.push(p.find_document(d).ok_or_else(|| anyhow!("no document “{d}” in {}", shown(path)))?.id);
    }
    if ids.is_empty() {
        ids = p.documents().iter().map(|d| d.id).collect();
    }
    for t in tags {
        if !p.tags().iter().any(|x| x.name.eq_ignore_ascii_case(t)) {
            return Err(anyhow!("no tag “{t}” in {}", shown(path)));
        }
    }
    // The whole project teaches (its tags and rejections), with the meaning of its sentences:
    // read beside it, or made now and kept there (as the workbench does), so that how each
    // sentence reads counts as it does in the workbench; `--doc` only limits what is suggested.
    let cached =
        || claimscope::store::embeddings::read_cache(path, claimscope::engine::MODEL_ID, claimscope::engine::DIM);
    // Said as it is: a cache not saved still leaves every vector made for this run; without
    // the model only the cached sentences have one.
    let without = "suggesting without the meaning of the sentences not embedded";
    let (embeddings, note) = match claimscope::engine::load_encoder() {
        Ok(encoder) => embed(path, &p, encoder.as_ref())
            .unwrap_or_else(|e| (cached().0, Some(format!("the sentences could not be embedded ({e}); {without}")))),
        Err(e) => {
            let (cache, note) = cached();
            (cache, Some(note.map_or_else(|| format!("{e}; {without}"), |n| format!("{e}; {n}; {without}"))))
        }
    };
    if let Some(note) = note {
        eprintln!("claimscope: {note}");
    }
    let vectors = (!embeddings.is_empty()).then_some(&embeddings);
    let learned = Learned::train(&p, Knowledge::built_in(), vectors);
    let src = Sources { learned: Some(&learned), vectors, ..Sources::built_in() };
    let found: Vec<_> = ids
        .iter()
        .flat_map(|&d| suggest_for(&p, d, &src))
        .filter(|s| s.score >= min_score && (tags.is_empty() || tags.iter().any(|t| t.eq_ignore_ascii_case(&s.tag))))
        .collect();
    let quote = |s: &claimscope::analysis::tags::TagSuggestion| {
        p.document(s.doc).map(|d| d.text.slice(s.range.clone()).to_owned()).unwrap_or_default()
    };
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let v: Vec<serde_json::Value> = found
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "document": s.doc.to_string(),
                        "start": s.range.start,
                        "end": s.range.end,
                        "quote": quote(s),
                        "tag": s.tag,
                        "score": (s.score * 1000.0).round() / 1000.0,
                        "speaker": s.speaker,
                        "why": s.why,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "suggestions": v })).context("writing JSON")?;
            writeln!(out)?;
        }
        Format::Table => {
            for s in &found {
                let speaker = s.speaker.as_deref().map(|x| format!(" — {}", escape_controls(x))).unwrap_or_default();
                writeln!(
                    out,
                    "{} {}..{}  {} {:.2}{speaker}\n    “{}”\n    why: {}",
                    s.doc,
                    s.range.start,
                    s.range.end,
                    s.tag,
                    s.score,
                    escape_controls(&quote(s)),
                    escape_controls(&s.why.join("; "))
                )?;
            }
            writeln!(out, "{} suggestion(s)", found.len())?;
        }
    }
    Ok(())
}

pub(super) fn suggest_claims(path: &Path, top: usize, format: Format) -> Result<()> {
    use claimscope::analysis::suggest::{Links, suggest};
    let p = open(path)?;
    let (embeddings, note) =
        claimscope::store::embeddings::read_cache(path, claimscope::engine::MODEL_ID, claimscope::engine::DIM);
    if let Some(note) = note {
        eprintln!("claimscope: {note}; suggesting without similarity of meaning");
    }
    let links = Links::build(&p, Some(&embeddings));
    if links.left_out() > 0 {
        eprintln!("claimscope: {} passages beyond the first {} were not compared", links.left_out(), links.compared());
    }
    let found = suggest(&p, &links, top);
    let text_of = |m: &claimscope::analysis::suggest::Member| {
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
