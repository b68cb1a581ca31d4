//! RTF files (Factiva's usual download, and what word processors save as "Rich Text"): the
//! text with its paragraphs, by a reader of RTF's tokens (groups, control words, hex and Unicode
//! escapes) that skips the destinations that are not text (font and colour tables, style
//! sheets, document information, pictures, fields' instructions, `\*` destinations).
//!
//! Hand-written because the crate there is (rtf-parser 0.4) drops paragraph breaks and reads
//! the document information as text; this reader is one pass over the bytes with an explicit
//! group stack, so its time and memory grow linearly with the file, whatever its nesting.

use super::Article;

/// Destinations whose content is not the document's text. `listtext` and `pntext` hold the
/// marker a list item shows (a bullet drawn as "o" or "·" in a symbol font, a number): list
/// items are paragraphs, as the Word reader gives them.
const SKIPPED: [&str; 19] = [
    "listtext",
    "pntext",
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "fldinst",
    "header",
    "footer",
    "headerl",
    "headerr",
    "footerl",
    "footerr",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "xmlnstbl",
];

/// State of one group: skipped or not, and how many chars follow a `\u` escape.
#[derive(Clone, Copy)]
struct Group {
    skip: bool,
    uc: usize,
    /// Skipped only because it opened with `\*` (an ignorable destination), not for a skipped
    /// group around it: such a group that turns out to be a footnote (pandoc writes
    /// `{\*\footnote …}`) is read after all.
    starred: bool,
}

/// The text of an RTF document: paragraphs separated by blank lines, and the document
/// information's title.
pub fn text(bytes: &[u8]) -> Result<(String, String), String> {
    read(bytes).map(|(text, title, _)| (text, title))
}

/// [`text`], and a note when the file ends inside binary data a `\binN` announced (what
/// followed it, if anything, cannot be told from the picture's bytes).
fn read(bytes: &[u8]) -> Result<(String, String, Option<String>), String> {
    if !bytes.starts_with(b"{\\rtf") {
        return Err("it is not an RTF file".into());
    }
    let mut out = String::new();
    let mut title = String::new();
    let mut in_title = 0usize;
    // A footnote's text is read where the note stands and moved to the end, as a printed
    // footnote is read (and as the Word reader puts notes): its group depth and where it began.
    let mut footnote: Option<(usize, usize)> = None;
    let mut notes: Vec<String> = Vec::new();
    let mut stack: Vec<Group> = Vec::new();
    let mut group = Group { skip: false, uc: 1, starred: false };
    // Bytes of \'hh escapes waiting to be decoded together (a multi-byte character).
    let mut pending: Vec<u8> = Vec::new();
    let mut codepage: &'static encoding_rs::Encoding = encoding_rs::WINDOWS_1252;
    // Chars still to skip after a \u escape.
    let mut skip_chars = 0usize;
    let mut i = 0;
    let n = bytes.len();
    // Where a `\binN` ran past the end of the file, and its N.
    let mut cut: Option<(usize, usize)> = None;
    let flush = |pending: &mut Vec<u8>, out: &mut String, enc: &'static encoding_rs::Encoding| {
        if !pending.is_empty() {
            out.push_str(&enc.decode_without_bom_handling(pending).0);
            pending.clear();
        }
    };
    while i < n {
        let b = bytes[i];
        match b {
            b'{' => {
                flush(&mut pending, &mut out, codepage);
                stack.push(group);
                i += 1;
                group.starred = false;
                // A `\*` destination is one a reader may ignore.
                if bytes[i..].starts_with(b"\\*") {
                    group.starred = !group.skip;
                    group.skip = true;
                }
            }
            b'}' => {
                flush(&mut pending, &mut out, codepage);
                group = stack.pop().unwrap_or(Group { skip: false, uc: 1, starred: false });
                if stack.len() < in_title {
                    in_title = 0;
                }
                if let Some((depth, from)) = footnote
                    && stack.len() < depth
                {
                    notes.push(out.split_off(from.min(out.len())));
                    footnote = None;
                }
                i += 1;
            }
            b'\\' => {
                i += 1;
                let Some(&c) = bytes.get(i) else { break };
                if c.is_ascii_alphabetic() {
                    let start = i;
                    while i < n && bytes[i].is_ascii_alphabetic() && i - start < 32 {
                        i += 1;
                    }
                    let word = std::str::from_utf8(&bytes[start..i]).unwrap_or("");
                    let num_start = i;
                    if i < n && (bytes[i] == b'-' || bytes[i].is_ascii_digit()) {
                        i += 1;
                        while i < n && bytes[i].is_ascii_digit() && i - num_start < 12 {
                            i += 1;
                        }
                    }
                    let param: Option<i64> =
                        std::str::from_utf8(&bytes[num_start..i]).ok().and_then(|s| s.parse().ok());
                    if i < n && bytes[i] == b' ' {
                        i += 1;
                    }
                    if word == "bin" {
                        // `\binN`: N bytes of binary data follow (a picture's), which may hold
                        // any byte, braces too: skipped whole, never read as RTF (a picture's
                        // `}` closed its group early and the rest came in as text).
                        let len = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
                        if i.saturating_add(len) > n {
                            cut = Some((start.saturating_sub(1), len));
                        }
                        i = i.saturating_add(len).min(n);
                        continue;
                    }
                    if word != "'" {
                        flush(&mut pending, &mut out, codepage);
                    }
                    if SKIPPED.contains(&word) {
                        group.skip = true;
                    }
                    if word == "title" && stack.len() >= 2 {
                        in_title = stack.len();
                    }
                    if word == "footnote" && group.starred {
                        group.skip = false;
                    }
                    if word == "footnote" && !group.skip && footnote.is_none() {
                        footnote = Some((stack.len(), out.len()));
                        out.push_str("\n\n");
                        continue;
                    }
                    if group.skip && in_title == 0 {
                        continue;
                    }
                    match word {
                        "par" | "sect" | "page" | "row" => out.push_str("\n\n"),
                        "line" => out.push('\n'),
                        "tab" | "cell" => out.push(' '),
                        "emdash" => out.push('—'),
                        "endash" => out.push('–'),
                        "lquote" => out.push('‘'),
                        "rquote" => out.push('’'),
                        "ldblquote" => out.push('“'),
                        "rdblquote" => out.push('”'),
                        "bullet" => out.push('•'),
                        "uc" => group.uc = param.map_or(1, |p| p.clamp(0, 8) as usize),
                        "ansicpg" => {
                            if let Some(enc) = param.and_then(encoding_for) {
                                codepage = enc;
                            }
                        }
                        "u" => {
                            if let Some(p) = param {
                                // Negative values are the upper half of 16 bits.
                                let unit = if p < 0 { (p + 65_536) as u32 } else { p as u32 };
                                let c = char::from_u32(unit).unwrap_or('\u{fffd}');
                                if in_title > 0 {
                                    title.push(c);
                                } else {
                                    out.push(c);
                                }
                                skip_chars = group.uc;
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                // Control symbols.
                i += 1;
                match c {
                    b'\'' => {
                        let hex = bytes
                            .get(i..i + 2)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u8::from_str_radix(h, 16).ok());
                        i += 2;
                        if let Some(v) = hex
                            && (!group.skip || in_title > 0)
                        {
                            if skip_chars > 0 {
                                skip_chars -= 1;
                            } else if in_title > 0 {
                                title.push_str(&codepage.decode_without_bom_handling(&[v]).0);
                            } else {
                                pending.push(v);
                            }
                        }
                    }
                    b'~' if !group.skip => out.push('\u{a0}'),
                    b'_' if !group.skip => out.push('-'),
                    b'*' => {
                        group.starred = group.starred || !group.skip;
                        group.skip = true;
                    }
                    b'\n' | b'\r' if !group.skip => out.push_str("\n\n"),
                    b'\\' | b'{' | b'}' if !group.skip => out.push(char::from(c)),
                    _ => {}
                }
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                flush(&mut pending, &mut out, codepage);
                // A run of plain text: copied as it is (7-bit, or the codepage for high bytes).
                let start = i;
                while i < n && !matches!(bytes[i], b'{' | b'}' | b'\\' | b'\r' | b'\n') {
                    i += 1;
                }
                let mut run = &bytes[start..i];
                while skip_chars > 0 && !run.is_empty() {
                    run = &run[1..];
                    skip_chars -= 1;
                }
                if in_title > 0 && stack.len() >= in_title {
                    title.push_str(&codepage.decode_without_bom_handling(run).0);
                } else if !group.skip {
                    out.push_str(&codepage.decode_without_bom_handling(run).0);
                }
            }
        }
    }
    flush(&mut pending, &mut out, codepage);
    if let Some((_, from)) = footnote {
        notes.push(out.split_off(from.min(out.len())));
    }
    for n in notes {
        out.push_str("\n\n");
        out.push_str(&n);
    }
    let paragraphs: Vec<String> = out
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let note = cut.map(|(at, len)| {
        format!("the file ends inside the {len} bytes of binary data announced at byte {at} (\\bin): what followed them is not read")
    });
    Ok((paragraphs.join("\n\n"), title.trim().to_owned(), note))
}

/// The encoding of Windows code page `cp`, if encoding_rs knows it.
fn encoding_for(cp: i64) -> Option<&'static encoding_rs::Encoding> {
    let label = match cp {
        65001 => "utf-8".to_owned(),
        932 => "shift_jis".to_owned(),
        936 => "gbk".to_owned(),
        949 => "euc-kr".to_owned(),
        950 => "big5".to_owned(),
        10000 => "macintosh".to_owned(),
        cp => format!("windows-{cp}"),
    };
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// An article from an RTF file: the title from its information, else its first paragraph.
pub fn convert(bytes: &[u8]) -> Result<Article, String> {
    let (text, title, note) = read(bytes)?;
    let title = if title.is_empty() { text.lines().next().unwrap_or_default().to_owned() } else { title };
    Ok(Article { title, text, notes: note.into_iter().collect(), ..Article::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A picture's bytes after `\binN` may hold braces and backslashes: they are skipped, not read.
    #[test]
    fn binary_data_is_skipped_whole() {
        let mut rtf = br"{\rtf1\ansi Before.\par {\pict\pngblip\bin12 ".to_vec();
        rtf.extend_from_slice(b"}}\\par{X\'e9\x01");
        rtf.extend_from_slice(br"}After.\par}");
        let (text, _) = text(&rtf).expect("reads");
        assert_eq!(text, "Before.\n\nAfter.");
        // Binary data said to run past the end of the file: what came before is kept, and the
        // cut is said (the rest had gone unsaid).
        let cut = br"{\rtf1\ansi Before.\par {\pict\bin999999 xx}After.\par}";
        let a = convert(cut).expect("reads");
        assert_eq!(a.text, "Before.");
        assert!(a.notes.iter().any(|n| n.contains("ends inside the 999999 bytes")), "{:?}", a.notes);
    }

    #[test]
    fn paragraphs_escapes_and_skipped_destinations() {
        let rtf = br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Times;}}{\colortbl;\red0\green0\blue0;}{\info{\title Strike \'e9t\'e9 report}{\author X}}{\*\generator Word;}
\pard Caf\'e9 {\b society} said\par
A quote: \ldblquote self\_defence\rdblquote  and \u8212?\uc0\u8364 5\par
{\field{\*\fldinst HYPERLINK x}{\fldrslt link text}}\par}";
        let (text, title) = text(rtf).expect("reads");
        assert_eq!(title, "Strike été report");
        assert_eq!(text, "Café society said\n\nA quote: “self-defence” and —€5\n\nlink text");
    }

    #[test]
    fn list_markers_are_not_text_and_footnotes_go_to_the_end() {
        // As Word writes a bulleted list (the marker in a Symbol or Courier font) and a footnote.
        let rtf = br"{\rtf1\ansi{\fonttbl{\f0 Times;}{\f1 Symbol;}{\f2 Courier New;}}
\pard The strike was lawful{\super\chftn}{\footnote\pard{\super\chftn} Said the ministry.} under the Charter.\par
{\listtext\pard\plain\f1 \'b7\tab}\ls1 First point\par
{\listtext\pard\plain\f2 o\tab}\ls1\ilvl1 Second point\par
{\pntext\f1\'b7\tab}Third point\par}";
        let (text, _) = text(rtf).expect("reads");
        assert_eq!(
            text,
            "The strike was lawful under the Charter.\n\nFirst point\n\nSecond point\n\nThird point\n\nSaid the ministry."
        );
    }

    #[test]
    fn pandocs_footnotes_in_an_ignorable_destination_are_read_at_the_end() {
        let rtf = br"{\rtf1\ansi{\pard The minister spoke.{\super\chftn}{\*\footnote\chftn\~\plain\pard {\pard A statement on Friday.\par}
} Officials gave no evidence.\par}
{\pard \bullet \tx360\tab The first point.\par}}";
        let (text, _) = text(rtf).expect("reads");
        assert_eq!(
            text,
            "The minister spoke. Officials gave no evidence.\n\n• The first point.\n\nA statement on Friday."
        );
    }
}
