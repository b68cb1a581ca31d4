//! CSV: one row per annotation (RFC 4180 quoting by the `csv` crate, UTF-8, optionally with a
//! byte-order mark so that Excel does not guess another encoding).
//!
//! Article text is written by strangers: a quote or title that starts with `=`, `+`, `-`, `@`,
//! a tab or a carriage return is run as a formula by Excel, LibreOffice and Google Sheets (CSV
//! injection). By default such cells get a leading `'`, as OWASP advises, which spreadsheets show
//! as text and hide; `--raw-csv` turns the guard off for tools that read the file as data.

use std::borrow::Cow;

use super::{ExportError, Options, Progress, Selection, tick};

/// A cell made safe to open in a spreadsheet (see the module comment).
pub fn guard(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The header row.
pub const COLUMNS: [&str; 15] = [
    "id",
    "document",
    "title",
    "outlet",
    "tag",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "speaker",
    "claim",
    "note",
    "created",
    "created_by",
];

pub fn write(sel: &Selection<'_>, options: &Options, progress: &dyn Progress) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    if options.bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    let _ = w.write_record(COLUMNS);
    let total = sel.documents.len();
    for (k, (d, anns)) in sel.documents.iter().zip(&sel.annotations).enumerate() {
        tick(progress, k, total, &d.title)?;
        for a in anns {
            let (start, end) = (a.start.to_string(), a.end.to_string());
            let (id, doc) = (a.id.to_string(), d.id.to_string());
            let record = [
                id.as_str(),
                &doc,
                &d.title,
                &d.source,
                sel.tag_name(a),
                &start,
                &end,
                &a.quote.exact,
                &a.quote.prefix,
                &a.quote.suffix,
                &a.speaker,
                sel.claim_label(a),
                &a.note,
                &a.created,
                &a.created_by,
            ];
            // Writing into memory cannot fail.
            if options.raw_csv {
                let _ = w.write_record(record);
            } else {
                let _ = w.write_record(record.iter().map(|c| guard(c).into_owned()));
            }
        }
    }
    Ok(w.into_inner().unwrap_or_default())
}
