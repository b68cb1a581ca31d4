//! Where things are in a RON project file, for messages that name a line and column.
//!
//! serde does not tell where a value came from, so after a successful parse this scanner walks
//! the text once and records where each element of the top-level lists (`tags: [...]`,
//! `annotations: [...]`...) starts. It understands strings, raw strings, chars and (nested)
//! comments well enough not to be fooled by brackets inside them.

use std::collections::HashMap;

/// A 1-based line and column (columns count chars).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl std::fmt::Display for LineCol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Line and column of byte offset `at` in `src`.
pub fn line_col(src: &str, at: usize) -> LineCol {
    let at = at.min(src.len());
    let before = src.get(..at).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol { line, col: before[line_start..].chars().count() + 1 }
}

/// Start positions of the elements of each top-level list field, by field name.
pub fn list_elements(src: &str) -> HashMap<String, Vec<LineCol>> {
    let mut out: HashMap<String, Vec<usize>> = HashMap::new();
    let b = src.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    // The last identifier read at depth 1 (a field name), and the list being read.
    let mut last_ident: Option<String> = None;
    let mut current: Option<String> = None;
    let mut expect_element = false;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = skip_block_comment(b, i);
            continue;
        }
        if expect_element && depth == 2 && c != b']' {
            if let Some(name) = &current {
                out.entry(name.clone()).or_default().push(i);
            }
            expect_element = false;
        }
        match c {
            b'"' => i = skip_string(b, i + 1),
            b'r' if is_raw_string_start(b, i) => i = skip_raw_string(b, i + 1),
            b'b' if b.get(i + 1) == Some(&b'"') => i = skip_string(b, i + 2),
            b'\'' => i = skip_char(b, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                if c == b'[' && depth == 2 {
                    current = last_ident.take();
                    expect_element = true;
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                if depth == 2 {
                    current = None;
                    expect_element = false;
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b',' => {
                if depth == 2 && current.is_some() {
                    expect_element = true;
                }
                i += 1;
            }
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                if depth == 1 {
                    last_ident = Some(src[start..i].to_owned());
                }
            }
            _ => i += 1,
        }
    }
    out.into_iter().map(|(k, offsets)| (k, line_cols(src, &offsets))).collect()
}

/// Line and column of each of the ascending byte `offsets`, in one pass over `src`.
pub fn line_cols(src: &str, offsets: &[usize]) -> Vec<LineCol> {
    let mut out = Vec::with_capacity(offsets.len());
    let (mut line, mut line_start, mut scanned) = (1, 0, 0);
    for &o in offsets {
        let o = o.min(src.len());
        if o < scanned {
            out.push(line_col(src, o));
            continue;
        }
        for (k, byte) in src.as_bytes()[scanned..o].iter().enumerate() {
            if *byte == b'\n' {
                line += 1;
                line_start = scanned + k + 1;
            }
        }
        scanned = o;
        let col = src.get(line_start..o).map_or(1, |s| s.chars().count() + 1);
        out.push(LineCol { line, col });
    }
    out
}

fn skip_string(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

fn is_raw_string_start(b: &[u8], i: usize) -> bool {
    // `r"` or `r#...#"`, and not the end of an identifier such as `bar"`.
    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        return false;
    }
    let mut j = i + 1;
    while b.get(j) == Some(&b'#') {
        j += 1;
    }
    b.get(j) == Some(&b'"')
}

fn skip_raw_string(b: &[u8], mut i: usize) -> usize {
    let mut hashes = 0;
    while b.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    i += 1; // the opening quote
    while i < b.len() {
        if b[i] == b'"' && b.len() >= i + 1 + hashes && b[i + 1..i + 1 + hashes].iter().all(|&h| h == b'#') {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

fn skip_char(b: &[u8], i: usize) -> usize {
    // 'x', '\n', '\'' or a multi-byte char: find the closing quote within a few bytes.
    let mut j = i + 1;
    if b.get(j) == Some(&b'\\') {
        j += 2;
    }
    while j < b.len() && j < i + 12 {
        if b[j] == b'\'' {
            return j + 1;
        }
        j += 1;
    }
    i + 1
}

fn skip_block_comment(b: &[u8], mut i: usize) -> usize {
    let mut nest = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            nest += 1;
            i += 2;
        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            nest -= 1;
            i += 2;
            if nest == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_list_elements_past_tricky_strings() {
        let src = "(\n  name: \"a [b] (c)\",\n  tags: [\n    (id: 1, name: r#\"x\"] \"#),\n    // (not, this)\n    (id: 2, key: Some(']')),\n  ],\n  annotations: [],\n  documents: [ /* [ */ (id: 3, text: \"é\\\"[\") ],\n)";
        let e = list_elements(src);
        assert_eq!(e["tags"], vec![LineCol { line: 4, col: 5 }, LineCol { line: 6, col: 5 }]);
        assert!(e.get("annotations").is_none_or(Vec::is_empty));
        assert_eq!(e["documents"], vec![LineCol { line: 9, col: 24 }]);
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\n“é”x", 3 + 8), LineCol { line: 2, col: 4 });
    }
}
