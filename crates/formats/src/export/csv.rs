//! CSV: one row per annotation (RFC 4180 quoting by the `csv` crate, UTF-8, optionally with a
//! byte-order mark so that Excel does not guess another encoding).
//!
//! Article text is written by strangers: a quote or title that starts with `=`, `+`, `-`, `@`,
//! a tab or a carriage return is run as a formula by Excel, LibreOffice and Google Sheets (CSV
//! injection). By default such cells get a leading `'`, as OWASP advises, which spreadsheets show
//! as text and hide; `--raw-csv` turns the guard off for tools that read the file as data.
//! Guarded files also quote every cell that is not a number: a spreadsheet set to split at `;`
//! (German, French Excel) split an unquoted `Doc;=cmd|…` at its `;` and ran the second half.
//! Control characters other than tab and line breaks (NUL, ESC) become U+FFFD: they are no
//! spreadsheet text, and `compare --format csv` wrote them raw to the terminal.

use std::borrow::Cow;

use super::{ExportError, Options, Progress, Selection, tick};

/// A cell made safe to open in a spreadsheet (see the module comment).
pub fn guard(cell: &str) -> Cow<'_, str> {
    let cell: Cow<'_, str> = if cell.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        Cow::Owned(
            cell.chars()
                .map(|c| if c.is_control() && !matches!(c, '\t' | '\n' | '\r') { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(cell)
    };
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => cell,
    }
}

/// How a guarded file quotes: every cell that is not a number (see the module comment).
pub const GUARDED_QUOTES: ::csv::QuoteStyle = ::csv::QuoteStyle::NonNumeric;

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
    let quotes = if options.raw_csv { csv::QuoteStyle::Necessary } else { GUARDED_QUOTES };
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).quote_style(quotes).from_writer(out);
    let _ = w.write_record(COLUMNS);
    let total = sel.documents.len();
    for (k, (d, anns)) in sel.documents.iter().zip(&sel.annotations).enumerate() {
        tick(progress, k, total, &d.title)?;
        for a in anns {
            let (start, end) = (a.start.to_string(), a.end.to_string());
            let (id, doc) = (a.id.to_string(), d.id.to_string());
            let (prefix, suffix) = a.quote.context_in(&d.text, a.range());
            let record = [
                id.as_str(),
                &doc,
                &d.title,
                &d.source,
                sel.tag_name(a),
                &start,
                &end,
                &a.quote.exact,
                prefix,
                suffix,
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

#[cfg(test)]
mod tests {
    /// A cell a spreadsheet set to split at `;` would cut before a formula is quoted whole, and
    /// control characters become U+FFFD; a leading formula character still gets its `'`.
    #[test]
    fn guarded_cells_are_quoted_and_hold_no_control_characters() {
        assert_eq!(super::guard("Doc\u{1b}[31m\u{0}x"), "Doc\u{FFFD}[31m\u{FFFD}x");
        assert_eq!(super::guard("=1+1"), "'=1+1");
        assert_eq!(super::guard("a\tb\nc"), "a\tb\nc");
        let mut w = csv::WriterBuilder::new().quote_style(super::GUARDED_QUOTES).from_writer(Vec::new());
        let _ = w.write_record(["Doc;=cmd|'/C calc'!A0", "12"].iter().map(|c| super::guard(c).into_owned()));
        let out = String::from_utf8(w.into_inner().expect("written")).expect("utf-8");
        assert_eq!(out, "\"Doc;=cmd|'/C calc'!A0\",12\n");
    }
}
