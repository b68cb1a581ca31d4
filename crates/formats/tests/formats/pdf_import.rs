//! PDFs printed from web pages (one, two and three columns, with the browser's running header
//! and footer; see `tests/fixtures/pdf/README.md`), scored against their source text with the
//! article-extraction benchmark's metric (4-word shingles); and bad PDFs refused by name.

use crate::common;

use claimscope::import::{self, ImportFile};

fn pdf_text(name: &str) -> import::Article {
    let path = common::root().join("tests/fixtures/pdf").join(name);
    match import::read_any(&path, None).expect("reads") {
        ImportFile::Article(a) => a,
        other => panic!("not an article: {other:?}"),
    }
}

#[test]
fn printed_pages_read_back_whole_and_in_order() {
    let dir = common::root().join("tests/fixtures/pdf");
    let mut pairs = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    for name in &names {
        let a = pdf_text(name);
        let truth = std::fs::read_to_string(dir.join(name.replace(".pdf", ".txt"))).expect("source text");
        let m = common::shingles::matching(&truth, &a.text);
        let (f1, p, r) = common::shingles::scores(&[m]);
        eprintln!("{name}: F1 {f1:.3} (precision {p:.3}, recall {r:.3})");
        assert!(f1 >= 0.95, "{name}: F1 {f1:.3}");
        // The browser's running header and footer are not part of the article.
        for furniture in ["file:", " AM ", "html"] {
            assert!(!a.text.contains(furniture), "{name}: {furniture:?} in the text");
        }
        assert_eq!(
            a.title,
            truth.lines().next().unwrap_or_default(),
            "{name}: the title from the document information"
        );
        pairs.push(m);
    }
    let (f1, precision, recall) = common::shingles::scores(&pairs);
    eprintln!("{} PDFs: F1 {f1:.3} (precision {precision:.3}, recall {recall:.3})", pairs.len());
    assert!(f1 >= 0.97, "F1 {f1:.3} is below the goal of 0.97");
}

#[test]
fn real_hyphens_at_line_ends_are_kept_and_paragraphs_run_over_pages() {
    let a = pdf_text("long-one-column.pdf");
    for word in ["self-defence", "Takht-Ravanchi", "non-binding", "al-Muhandis"] {
        assert!(a.text.contains(word), "{word} lost its hyphen or its second half");
    }
    // Page 2 ends "…the United States is prepared to" and page 3 goes on "take additional…".
    assert!(a.text.contains("is prepared to take additional actions"), "a paragraph cut by a page break");
    assert!(!a.text.contains("  "), "double spaces");
}

#[test]
fn bad_pdfs_are_refused_by_name_never_a_panic() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = std::fs::read(common::root().join("tests/fixtures/pdf/001-one-column.pdf")).expect("fixture");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.pdf", good[..good.len() / 3].to_vec(), "PDF"),
        ("header-only.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(), "PDF"),
        // A page with no text at all: what a scan without OCR is.
        ("scan.pdf", no_text_pdf(), "no text layer"),
    ];
    for (name, bytes, says) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("writes");
        let e = import::read_any(&path, None).expect_err("refused").to_string();
        assert!(e.contains(says) && e.contains(name), "{name}: {e}");
    }
}

/// A one-page PDF that draws a line and no text.
fn no_text_pdf() -> Vec<u8> {
    common::pathological::pdf_page(b"0 0 m 100 100 l S", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
}

#[test]
fn books_typeset_by_pdftex_read_whole_also_with_fonts_that_have_no_unicode_map() {
    let dir = common::root().join("tests/fixtures/pdf/tex");
    let truth = std::fs::read_to_string(dir.join("lecture.txt")).expect("source text");
    for name in ["lecture-type3.pdf", "lecture-type1.pdf"] {
        let a = match import::read_any(&dir.join(name), None).expect("reads") {
            ImportFile::Article(a) => a,
            other => panic!("not an article: {other:?}"),
        };
        let (f1, p, r) = common::shingles::scores(&[common::shingles::matching(&truth, &a.text)]);
        eprintln!("{name}: F1 {f1:.3} (precision {p:.3}, recall {r:.3}); notes {:?}", a.notes);
        assert!(f1 >= 0.95, "{name}: F1 {f1:.3}\n{}", a.text);
        assert!(a.text.contains("differently") && a.text.contains("The first reports"), "ligatures: {}", a.text);
        assert!(!a.text.contains('\u{FFFD}'), "{name}");
        if name == "lecture-type3.pdf" {
            assert!(a.notes.iter().any(|n| n.contains("read from their character codes")), "{:?}", a.notes);
        }
    }
}
