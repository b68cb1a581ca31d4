//! A standalone, printable HTML report: legend, the tag × article matrix, the claims table, and
//! each article with its highlights and notes. Inline CSS, no scripts, no external files.

use std::fmt::Write as _;

use super::{ExportError, Progress, Selection, tick};
use crate::analysis::compare::{ClaimsTable, Filter, Matrix};
use crate::model::{Annotation, Colour, Document, short};

/// Most highlights drawn one inside another over a piece of text.
const MAX_NESTED: usize = 8;

/// Escapes text for the report's element content and attribute values.
pub fn escape(s: &str) -> String {
    escape_with(s, true)
}

/// Escapes the markup characters only, every other character as it is (the REFI-QDA export's
/// XML, whose reader keeps line breaks and tabs).
pub fn escape_markup(s: &str) -> String {
    escape_with(s, false)
}

fn escape_with(s: &str, report: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // In the report, control characters are no HTML (NUL, ESC made parse errors), and a
            // bidirectional override or isolate from an imported text reordered the report's
            // text around it: each is shown as U+FFFD. Line breaks and tabs stay.
            c if report
                && c != '\n'
                && c != '\t'
                && (c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')) =>
            {
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    out
}

/// True for addresses that may become links in the report: `http` and `https` only.
pub fn is_web_link(url: &str) -> bool {
    let u = url.trim_start().to_ascii_lowercase();
    (u.starts_with("http://") || u.starts_with("https://")) && !url.chars().any(char::is_control)
}

fn rgba(c: Colour, alpha: f32) -> String {
    let [r, g, b] = c.0;
    format!("rgba({r},{g},{b},{alpha})")
}

const STYLE: &str = "
body{font:16px/1.6 Georgia,'Times New Roman',serif;color:#161616;background:#fff;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1,h2,h3{font-family:system-ui,sans-serif;line-height:1.25}
table{border-collapse:collapse;margin:1rem 0;font:14px/1.4 system-ui,sans-serif}
th,td{border:1px solid #bbb;padding:.3rem .5rem;vertical-align:top;text-align:left}
td.n{text-align:right;white-space:nowrap}
.chip{display:inline-block;padding:0 .4rem;border-radius:.3rem;font:600 13px/1.5 system-ui,sans-serif}
.article{page-break-before:always;margin-top:2rem}
.meta{color:#555;font:14px system-ui,sans-serif}
.text p{margin:.6rem 0}
mark{color:inherit;padding:.05rem 0;box-decoration-break:clone;-webkit-box-decoration-break:clone}
sup{font:600 11px system-ui,sans-serif}
.notes{font:14px/1.5 system-ui,sans-serif;border-top:1px solid #ccc;margin-top:1rem}
.notes li{margin:.3rem 0}
.disagree{color:#a04000;font-weight:600}
@media print{body{max-width:none;margin:0}a{color:inherit}}
";

pub fn write(sel: &Selection<'_>, progress: &dyn Progress) -> Result<Vec<u8>, ExportError> {
    let p = sel.project;
    let mut h = String::with_capacity(sel.documents.iter().map(|d| d.text.as_str().len()).sum::<usize>() * 2 + 8192);
    let title = escape(p.name());
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}: claimscope report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p class=\"meta\">{} articles, {} annotations, {} claims. Written by claimscope on {}.</p>\n",
        sel.documents.len(),
        sel.annotation_count(),
        sel.claims.len(),
        escape(&crate::clock::now_rfc3339())
    );
    // Legend.
    h += "<h2>Tags</h2>\n<table><tr><th>Tag</th><th>Key</th><th>Meaning</th></tr>\n";
    for t in &sel.tags {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            chip(&t.name, t.colour),
            escape(&t.key.map(String::from).unwrap_or_default()),
            escape(&t.description)
        );
    }
    h += "</table>\n";
    // The tables, over the same articles and annotations.
    let filter = Filter { docs: sel.documents.iter().map(|d| d.id).collect(), ..Filter::default() };
    let kept: std::collections::HashSet<_> = sel.all().map(|(_, a)| a.id).collect();
    let m = Matrix::of(p, &filter);
    // Once, not per row: it looks at every cell (a project of 3,000 tags and articles took 79 s).
    let max = m.max_share().max(f64::EPSILON);
    // No one reads a table of 3,000 columns: written whole it was 533 MB for a 0.6 MB project.
    if m.too_many_cells() {
        sparse_matrix(&mut h, sel, &m, max);
    } else {
        full_matrix(&mut h, sel, &m, max);
    }
    claims_table(&mut h, sel, &filter);

    // The articles.
    let total = sel.documents.len();
    for (k, (d, anns)) in sel.documents.iter().zip(&sel.annotations).enumerate() {
        tick(progress, k, total, &d.title)?;
        article(&mut h, sel, d, anns, &kept);
    }
    h += "</body>\n</html>\n";
    Ok(h.into_bytes())
}

/// Each tag's counts in each article, as a table with a column per article.
fn full_matrix(h: &mut String, sel: &Selection<'_>, m: &Matrix, max: f64) {
    let p = sel.project;
    *h += "<h2>Annotations per tag and article</h2>\n<p class=\"meta\">Count, and the share of the article's text the tag covers.</p>\n<table><tr><th>Tag</th>";
    for d in &m.docs {
        let _ = write!(h, "<th>{}</th>", escape(&p.document(*d).map(short_name).unwrap_or_default()));
    }
    *h += "<th>Total</th></tr>\n";
    for (r, t) in m.tags.iter().enumerate() {
        let Some(tag) = sel.tags.iter().find(|x| x.id == *t) else { continue };
        let _ = write!(h, "<tr><td>{}</td>", chip(&tag.name, tag.colour));
        for c in (0..m.docs.len()).map(|c| m.cell(r, c)) {
            let alpha = (c.share / max * 0.6) as f32;
            let _ = write!(
                h,
                "<td class=\"n\" style=\"background:{}\">{} · {:.0}%</td>",
                rgba(tag.colour, alpha),
                c.count,
                c.share * 100.0
            );
        }
        let _ = writeln!(h, "<td class=\"n\">{}</td></tr>", m.row_totals[r].count);
    }
    *h += "<tr><th>Total</th>";
    for c in &m.col_totals {
        let _ = write!(h, "<td class=\"n\">{} · {:.0}%</td>", c.count, c.share * 100.0);
    }
    let _ = writeln!(h, "<td class=\"n\">{}</td></tr>\n</table>", m.total);
}

/// The non-empty cells of a matrix too large for a table, article by article.
fn sparse_matrix(h: &mut String, sel: &Selection<'_>, m: &Matrix, max: f64) {
    let p = sel.project;
    let _ = write!(
        h,
        "<h2>Annotations per tag and article</h2>\n<p class=\"meta\">{} tags by {} articles are too many for one table: each article's tags that it holds, with the count and the share of its text the tag covers.</p>\n<table><tr><th>Article</th><th>Tag</th><th>Count · share</th></tr>\n",
        m.tags.len(),
        m.docs.len()
    );
    let tags: std::collections::HashMap<_, _> = sel.tags.iter().map(|t| (t.id, t)).collect();
    // The filled cells are held by tag; the list goes article by article.
    let mut cells: Vec<(usize, usize, &crate::analysis::compare::Cell)> =
        (0..m.tags.len()).flat_map(|r| m.filled(r).iter().map(move |(c, cell)| (*c, r, cell))).collect();
    cells.sort_by_key(|&(c, r, _)| (c, r));
    for (col, r, c) in cells {
        let (Some(d), Some(tag)) = (m.docs.get(col), m.tags.get(r).and_then(|t| tags.get(t))) else { continue };
        let name = escape(&p.document(*d).map(short_name).unwrap_or_default());
        let alpha = (c.share / max * 0.6) as f32;
        let _ = writeln!(
            h,
            "<tr><td>{name}</td><td>{}</td><td class=\"n\" style=\"background:{}\">{} · {:.0}%</td></tr>",
            chip(&tag.name, tag.colour),
            rgba(tag.colour, alpha),
            c.count,
            c.share * 100.0
        );
    }
    let _ = writeln!(h, "<tr><th colspan=\"2\">Total</th><td class=\"n\">{}</td></tr>\n</table>", m.total);
}

/// How each article frames each claim.
fn claims_table(h: &mut String, sel: &Selection<'_>, filter: &Filter) {
    let p = sel.project;
    let claims = ClaimsTable::of(p, filter);
    if !claims.rows.is_empty() {
        *h += "<h2>Claims</h2>\n<p class=\"meta\">How each article frames each claim. “Outlets disagree” marks a claim that articles report with different tags.</p>\n<table><tr><th>Claim</th><th>Article</th><th>Tag</th><th>Speaker</th><th>Quote</th></tr>\n";
        for row in &claims.rows {
            let Some(c) = p.claim(row.claim) else { continue };
            let framings: Vec<_> = row.framings.iter().collect();
            for (k, (col, f)) in framings.iter().enumerate() {
                *h += "<tr>";
                if k == 0 {
                    let _ = write!(
                        h,
                        "<td rowspan=\"{}\"><strong>{}</strong>{}</td>",
                        framings.len(),
                        escape(&c.label),
                        if row.disagrees { "<br><span class=\"disagree\">Outlets disagree</span>" } else { "" }
                    );
                }
                let doc = claims.docs.get(*col).and_then(|d| p.document(*d));
                let tags: Vec<String> =
                    f.tags.iter().filter_map(|t| p.tag(*t)).map(|t| chip(&t.name, t.colour)).collect();
                let _ = writeln!(
                    h,
                    "<td>{}</td><td>{}</td><td>{}</td><td>“{}”</td></tr>",
                    escape(&doc.map(short_name).unwrap_or_default()),
                    tags.join(" "),
                    escape(&f.speakers.join(", ")),
                    escape(&f.quote)
                );
            }
        }
        *h += "</table>\n";
    }
}

fn short_name(d: &Document) -> String {
    short(d.short_name())
}

fn chip(name: &str, c: Colour) -> String {
    let fg = if c.prefers_dark_text() { "#000" } else { "#fff" };
    format!("<span class=\"chip\" style=\"background:{c};color:{fg}\">{}</span>", escape(name))
}

/// One article: header, text with its highlights (nested where spans overlap), numbered notes.
fn article(
    h: &mut String,
    sel: &Selection<'_>,
    d: &Document,
    anns: &[&Annotation],
    kept: &std::collections::HashSet<crate::model::AnnotationId>,
) {
    let p = sel.project;
    let _ = write!(h, "<section class=\"article\" id=\"{}\">\n<h2>{}</h2>\n<p class=\"meta\">", d.id, escape(&d.title));
    let meta: Vec<String> = [&d.source, &d.published].iter().filter(|s| !s.is_empty()).map(|s| escape(s)).collect();
    *h += &meta.join(" · ");
    if !d.url.is_empty() {
        if is_web_link(&d.url) {
            let _ = write!(h, " · <a href=\"{0}\">{0}</a>", escape(&d.url));
        } else {
            // A `javascript:` or `data:` address from a page stays text: nothing in the report runs.
            let _ = write!(h, " · {}", escape(&d.url));
        }
    }
    h.push_str("</p>\n<div class=\"text\">\n");
    // Anchored annotations in reading order; each gets a note number.
    let anchored: Vec<&Annotation> =
        anns.iter().copied().filter(|a| a.is_anchored_in(&d.text) && kept.contains(&a.id)).collect();
    // Boundaries where the set of covering spans changes.
    let mut cuts: Vec<usize> = anchored.iter().flat_map(|a| [a.start, a.end]).collect();
    cuts.extend(d.text.paragraphs().iter().flat_map(|r| [r.start, r.end]));
    cuts.sort_unstable();
    cuts.dedup();
    let mut open_para = false;
    let paragraphs = d.text.paragraphs();
    let mut next_para = 0;
    let mut active: Vec<usize> = Vec::new();
    // The annotations by start, walked once as the cuts advance (a scan of all of them at every
    // cut took 10 s for 38,000 short spans, over a minute for 100,000).
    let mut by_start: Vec<usize> = (0..anchored.len()).collect();
    by_start.sort_by_key(|&i| anchored[i].start);
    let mut next_start = 0;
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        while next_para < paragraphs.len() && paragraphs[next_para].start <= s {
            if open_para {
                h.push_str("</p>\n");
                open_para = false;
            }
            if !paragraphs[next_para].is_empty() {
                h.push_str("<p>");
                open_para = true;
            }
            next_para += 1;
        }
        active.retain(|&i| anchored[i].end > s);
        while next_start < by_start.len() && anchored[by_start[next_start]].start <= s {
            if anchored[by_start[next_start]].start == s {
                active.push(by_start[next_start]);
            }
            next_start += 1;
        }
        let piece = d.text.slice(s..e);
        if piece == "\n" || piece.is_empty() {
            continue;
        }
        let text = escape(piece.trim_end_matches('\n'));
        if active.is_empty() {
            h.push_str(&text);
            continue;
        }
        // Nested marks, outermost (longest) first; each draws its own underline. At most
        // MAX_NESTED of them, the innermost: every mark is opened again at every cut, so 4,000
        // spans nested over one article wrote a 1.6 GB report. Every note number still shows.
        let mut order = active.clone();
        if order.len() > MAX_NESTED {
            order.select_nth_unstable_by_key(MAX_NESTED - 1, |&i| anchored[i].end - anchored[i].start);
            order.truncate(MAX_NESTED);
        }
        order.sort_by_key(|&i| std::cmp::Reverse(anchored[i].end - anchored[i].start));
        for &i in &order {
            let a = anchored[i];
            let colour = p.tag(a.tag).map_or(Colour([128, 128, 128]), |t| t.colour);
            let _ = write!(
                h,
                "<mark title=\"{}\" style=\"background:{};border-bottom:2px solid {colour}\">",
                escape(&tooltip(sel, a)),
                rgba(colour, 0.22)
            );
        }
        h.push_str(&text);
        for &i in order.iter().rev() {
            h.push_str("</mark>");
            if anchored[i].end == e {
                let _ = write!(h, "<sup>{}</sup>", i + 1);
            }
        }
        if active.len() > order.len() {
            for &i in active.iter().filter(|&&i| anchored[i].end == e && !order.contains(&i)) {
                let _ = write!(h, "<sup>{}</sup>", i + 1);
            }
        }
    }
    if open_para {
        h.push_str("</p>\n");
    }
    h.push_str("</div>\n<ol class=\"notes\">\n");
    for a in &anchored {
        let tag = p.tag(a.tag);
        let _ = write!(
            h,
            "<li>{} “{}”",
            tag.map(|t| chip(&t.name, t.colour)).unwrap_or_default(),
            escape(&short(&a.quote.exact))
        );
        if !a.speaker.is_empty() {
            let _ = write!(h, " — {}", escape(&a.speaker));
        }
        if let Some(c) = a.claim.and_then(|c| p.claim(c)) {
            let _ = write!(h, " · claim: <em>{}</em>", escape(&c.label));
        }
        if !a.note.is_empty() {
            let _ = write!(h, "<br>{}", escape(&a.note));
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ol>\n</section>\n");
}

fn tooltip(sel: &Selection<'_>, a: &Annotation) -> String {
    let mut t = sel.tag_name(a).to_owned();
    if !a.speaker.is_empty() {
        t += &format!(" · {}", a.speaker);
    }
    let claim = sel.claim_label(a);
    if !claim.is_empty() {
        t += &format!(" · claim: {claim}");
    }
    if !a.note.is_empty() {
        t += &format!(" · {}", a.note);
    }
    t
}

#[cfg(test)]
mod tests {
    /// The report shows control characters and bidirectional overrides as U+FFFD (they made
    /// parse errors and reordered the text around them); the XML export keeps them for its
    /// reader to judge; both escape markup.
    #[test]
    fn the_report_neutralises_controls_and_bidi_overrides() {
        let s = "a<b>\u{0}\u{1b}[31m\u{202E}txt\u{2066}\n\t";
        assert_eq!(super::escape(s), "a&lt;b&gt;\u{FFFD}\u{FFFD}[31m\u{FFFD}txt\u{FFFD}\n\t");
        assert_eq!(super::escape_markup(s), "a&lt;b&gt;\u{0}\u{1b}[31m\u{202E}txt\u{2066}\n\t");
    }
}
