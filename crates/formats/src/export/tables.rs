//! The comparison tables as text, CSV (RFC 4180, long format: one row per cell) and JSON, for
//! `claimscope compare` and the side view's Copy and Save buttons.

use serde_json::{Value, json};

use crate::analysis::compare::{ClaimsTable, Matrix};
use crate::model::{DocId, Project, short};

fn doc_label(p: &Project, d: DocId) -> (String, String) {
    p.document(d).map_or_else(Default::default, |d| (d.title.clone(), d.source.clone()))
}

fn tag_name(p: &Project, t: crate::model::TagId) -> String {
    p.tag(t).map(|t| t.name.clone()).unwrap_or_default()
}

/// Names as the text tables print them: control characters escaped, so that a title carrying a
/// terminal escape code cannot run it on the analyst's terminal.
fn shown(s: &str) -> String {
    crate::model::text::escape_controls(s)
}

/// An article's short name (outlet, else title), as the text tables print it.
fn shown_name(p: &Project, d: DocId) -> String {
    p.document(d).map(|d| shown(d.short_name())).unwrap_or_default()
}

/// CSV of `rows`, every cell guarded against running as a spreadsheet formula (see
/// [`super::csv::guard`]).
fn csv_text(rows: Vec<Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new().quote_style(super::csv::GUARDED_QUOTES).from_writer(Vec::new());
    for r in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(r.iter().map(|c| super::csv::guard(c).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Whether `m` is written as its filled cells only
/// ([`MAX_CELLS`](crate::analysis::compare::MAX_CELLS)). Absent cells are empty (no annotation).
pub fn only_filled(m: &Matrix) -> bool {
    m.too_many_cells()
}

/// The cells written of row `r` of `m`: (column, cell), all of them or the filled ones.
fn row_written(m: &Matrix, r: usize) -> Box<dyn Iterator<Item = (usize, &crate::analysis::compare::Cell)> + '_> {
    if only_filled(m) {
        Box::new(m.filled(r).iter().map(|(c, cell)| (*c, cell)))
    } else {
        Box::new((0..m.docs.len()).map(move |c| (c, m.cell(r, c))))
    }
}

/// The cells written of `m`: (row, column, cell), all of them or the filled ones.
fn written(m: &Matrix) -> impl Iterator<Item = (usize, usize, &crate::analysis::compare::Cell)> + '_ {
    (0..m.tags.len()).flat_map(move |r| row_written(m, r).map(move |(c, cell)| (r, c, cell)))
}

/// The matrix, one row per tag and article (per non-empty cell for a matrix of more than
/// [`MAX_CELLS`](crate::analysis::compare::MAX_CELLS)).
pub fn matrix_csv(p: &Project, m: &Matrix) -> String {
    let mut rows = vec![
        ["tag", "document", "title", "outlet", "annotations", "chars_covered", "share_of_text"]
            .map(String::from)
            .to_vec(),
    ];
    for (r, c, cell) in written(m) {
        let d = m.docs[c];
        let (title, outlet) = doc_label(p, d);
        rows.push(vec![
            tag_name(p, m.tags[r]),
            d.to_string(),
            title,
            outlet,
            cell.count.to_string(),
            cell.chars.to_string(),
            format!("{:.4}", cell.share),
        ]);
    }
    csv_text(rows)
}

/// The claims table, one row per claim and article that makes it.
pub fn claims_csv(p: &Project, t: &ClaimsTable) -> String {
    let mut rows = vec![
        [
            "claim",
            "label",
            "articles_disagree",
            "document",
            "title",
            "outlet",
            "main_tag",
            "tags",
            "speakers",
            "quote",
            "annotations",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for row in &t.rows {
        let label = p.claim(row.claim).map(|c| c.label.clone()).unwrap_or_default();
        for (c, f) in &row.framings {
            let Some(d) = t.docs.get(*c) else { continue };
            let (title, outlet) = doc_label(p, *d);
            rows.push(vec![
                row.claim.to_string(),
                label.clone(),
                row.disagrees.to_string(),
                d.to_string(),
                title,
                outlet,
                tag_name(p, f.main_tag),
                f.tags.iter().map(|t| tag_name(p, *t)).collect::<Vec<_>>().join("; "),
                f.speakers.join("; "),
                f.quote.clone(),
                f.annotations.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "),
            ]);
        }
    }
    csv_text(rows)
}

/// Both tables as JSON, with names alongside ids.
pub fn json(p: &Project, m: &Matrix, t: &ClaimsTable) -> Value {
    let docs: Vec<Value> = m
        .docs
        .iter()
        .map(|d| {
            let (title, outlet) = doc_label(p, *d);
            json!({"id": d.to_string(), "title": title, "outlet": outlet})
        })
        .collect();
    let filled = only_filled(m);
    let matrix: Vec<Value> = m
        .tags
        .iter()
        .enumerate()
        .map(|(r, tag)| {
            json!({
                "tag": tag_name(p, *tag),
                // Past MAX_CELLS the filled cells only, not every column passed over per row
                // (14,000 tags by 14,000 articles walked 196 million).
                "cells": row_written(m, r).map(|(c, cell)| json!({
                    "document": m.docs[c].to_string(), "annotations": cell.count, "chars_covered": cell.chars, "share_of_text": cell.share,
                })).collect::<Vec<_>>(),
                "total": {"annotations": m.row_totals[r].count, "share_of_text": m.row_totals[r].share},
            })
        })
        .collect();
    let claims: Vec<Value> = t
        .rows
        .iter()
        .map(|row| {
            json!({
                "id": row.claim.to_string(),
                "label": p.claim(row.claim).map(|c| c.label.clone()),
                "articles_disagree": row.disagrees,
                "framings": row.framings.iter().filter_map(|(c, f)| t.docs.get(*c).map(|d| json!({
                    "document": d.to_string(),
                    "main_tag": tag_name(p, f.main_tag),
                    "tags": f.tags.iter().map(|t| tag_name(p, *t)).collect::<Vec<_>>(),
                    "speakers": f.speakers,
                    "quote": f.quote,
                    "annotations": f.annotations.iter().map(ToString::to_string).collect::<Vec<_>>(),
                }))).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "documents": docs,
        "matrix": matrix,
        "column_totals": m.col_totals.iter().zip(&m.docs).map(|(c, d)| json!({
            "document": d.to_string(), "annotations": c.count, "share_of_text": c.share,
        })).collect::<Vec<_>>(),
        "total": m.total,
        "empty_cells_left_out": filled,
        "claims": claims,
    })
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w { s.chars().take(w).collect() } else { format!("{s}{}", " ".repeat(w - n)) }
}

/// Short column heads: the outlet, else the title.
fn heads(p: &Project, docs: &[DocId], w: usize) -> Vec<String> {
    docs.iter().map(|d| pad(&format!("{d} {}", shown_name(p, *d)), w)).collect()
}

/// The matrix as an aligned text table: "count (share%)" per cell.
pub fn matrix_text(p: &Project, m: &Matrix) -> String {
    const W: usize = 16;
    if only_filled(m) {
        // No terminal shows thousands of columns: the cells that hold something, a line each.
        let mut out = format!(
            "{} tags by {} articles: only the cells that hold annotations\n{}{}  {}\n",
            m.tags.len(),
            m.docs.len(),
            pad("tag", 14),
            pad("article", 2 * W),
            "count (share)"
        );
        for (r, c, cell) in written(m) {
            out += &format!(
                "{}{}  {:>4} ({:>4.1}%)\n",
                pad(&shown(&tag_name(p, m.tags[r])), 14),
                pad(&format!("{} {}", m.docs[c], shown_name(p, m.docs[c])), 2 * W),
                cell.count,
                cell.share * 100.0
            );
        }
        out += &format!("{}{}  {:>4}\n", pad("total", 14), pad("", 2 * W), m.total);
        return out;
    }
    let mut out = format!("{}{}  {}\n", pad("tag", 14), heads(p, &m.docs, W).join("  "), "total");
    for (r, t) in m.tags.iter().enumerate() {
        let cells: Vec<String> = (0..m.docs.len())
            .map(|c| m.cell(r, c))
            .map(|c| pad(&format!("{:>4} ({:>4.1}%)", c.count, c.share * 100.0), W))
            .collect();
        out += &format!("{}{}  {:>4}\n", pad(&shown(&tag_name(p, *t)), 14), cells.join("  "), m.row_totals[r].count);
    }
    let totals: Vec<String> =
        m.col_totals.iter().map(|c| pad(&format!("{:>4} ({:>4.1}%)", c.count, c.share * 100.0), W)).collect();
    out += &format!("{}{}  {:>4}\n", pad("total", 14), totals.join("  "), m.total);
    out
}

/// The claims table as text: one block per claim, one line per article that makes it.
pub fn claims_text(p: &Project, t: &ClaimsTable) -> String {
    let mut out = String::new();
    for row in &t.rows {
        let label = shown(&p.claim(row.claim).map(|c| c.label.clone()).unwrap_or_default());
        out += &format!("{} {label}{}\n", row.claim, if row.disagrees { "   [outlets disagree]" } else { "" });
        for (c, f) in &row.framings {
            let Some(d) = t.docs.get(*c) else { continue };
            let name = shown_name(p, *d);
            let speakers =
                if f.speakers.is_empty() { String::new() } else { format!(" ({})", shown(&f.speakers.join(", "))) };
            out += &format!(
                "    {} {}: {}{} “{}”\n",
                d,
                pad(&name, 24),
                pad(&shown(&tag_name(p, f.main_tag)), 11),
                speakers,
                shown(&short(&f.quote))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::compare::Filter;
    use crate::model::{NewAnnotation, Text};

    fn project() -> Project {
        let mut p = Project::new("t");
        let (d, e) = p
            .add_document("Title, with “quotes”", "Outlet", "", "", Text::new("He said “x”, then left.\r\nOK"))
            .expect("ids left");
        p.apply(e).expect("adds");
        let fact = p.tags()[0].id;
        let (a, e) =
            p.annotate(d, 0..11, fact, NewAnnotation { speaker: "Zarif".into(), ..Default::default() }).expect("valid");
        p.apply(e).expect("adds");
        let (_, e) = p.new_claim("A claim, “quoted”", "", &[a]).expect("valid");
        p.apply(e).expect("adds");
        p
    }

    #[test]
    fn csv_reads_back_with_the_csv_crate() {
        let p = project();
        let f = Filter::default();
        let m = Matrix::of(&p, &f);
        let text = matrix_csv(&p, &m);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().filter_map(Result::ok).collect();
        assert_eq!(rows.len(), 4, "one row per tag and article");
        assert_eq!(&rows[0][2], "Title, with “quotes”");
        assert_eq!(&rows[0][4], "1");
        let t = ClaimsTable::of(&p, &f);
        let text = claims_csv(&p, &t);
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().filter_map(Result::ok).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][1], "A claim, “quoted”");
        assert_eq!(&rows[0][9], "He said “x”");
        assert_eq!(&rows[0][8], "Zarif");
    }

    #[test]
    fn json_and_text_name_things() {
        let p = project();
        let f = Filter::default();
        let (m, t) = (Matrix::of(&p, &f), ClaimsTable::of(&p, &f));
        let v = json(&p, &m, &t);
        assert_eq!(v["claims"][0]["framings"][0]["speakers"][0], "Zarif");
        assert_eq!(v["matrix"][0]["cells"][0]["annotations"], 1);
        assert!(matrix_text(&p, &m).contains("Fact"));
        assert!(claims_text(&p, &t).contains("A claim"));
    }
}
