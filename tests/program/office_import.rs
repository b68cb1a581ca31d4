//! Word, OpenDocument and news-database files: read whole, split into articles, furniture left
//! out; a folder imported recursively; `--dry-run` changes nothing; bad files named, never a
//! panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use claimscope::import::{self, ImportFile};

use crate::common;

use common::office::{docx, w_p, zip_of};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("folder");
    }
    std::fs::write(&p, bytes).expect("writes");
    p
}

fn article(path: &Path) -> import::Article {
    match import::read_any(path, None).expect("reads") {
        ImportFile::Article(a) => a,
        other => panic!("not one article: {other:?}"),
    }
}

fn articles(path: &Path) -> (&'static str, Vec<import::Article>) {
    match import::read_any(path, None).expect("reads") {
        ImportFile::Articles(d) => (d.from, d.articles),
        other => panic!("not a bulk file: {other:?}"),
    }
}

#[test]
fn a_word_file_keeps_paragraphs_joins_runs_and_puts_footnotes_last() {
    let dir = tempfile::tempdir().expect("tmp");
    let body = [
        w_p("Title", &["Strike ", "condemned"]),
        // A drop cap in its own run must not split the word.
        w_p("", &["Z", "imbabwe joined the 19", "th", " country to speak."]),
        // Tracked deletion and a field code are not text; a footnote reference is kept apart.
        r#"<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del><w:r><w:instrText>HYPERLINK x</w:instrText></w:r><w:r><w:tab/><w:t>text.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#.to_owned(),
        w_p("ListParagraph", &["A list item."]),
        "<w:tbl><w:tr><w:tc>".to_owned() + &w_p("", &["A cell."]) + "</w:tc></w:tr></w:tbl>",
        // A tracked move is read where it stands now, and an alternate content once (both had
        // come in twice).
        r#"<w:p><w:moveFrom><w:r><w:t>Moved </w:t></w:r></w:moveFrom><w:r><w:t>Stays.</w:t></w:r><w:moveTo><w:r><w:t xml:space="preserve"> Moved</w:t></w:r></w:moveTo></w:p>"#.to_owned(),
        r#"<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="w14"><w:t>Once</w:t></mc:Choice><mc:Fallback><w:t>Once</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#.to_owned(),
    ]
    .concat();
    let notes = format!(
        r#"<w:footnote w:id="0"><w:p><w:r><w:t>separator</w:t></w:r></w:p></w:footnote><w:footnote w:id="1">{}</w:footnote>"#,
        w_p("", &["The note."])
    );
    let p = write(
        dir.path(),
        "story.docx",
        &docx(&body, Some(&notes), Some(("Strike condemned", "Ana Ruiz", "2020-01-04T08:00:00Z"))),
    );
    let a = article(&p);
    assert_eq!(a.title, "Strike condemned");
    assert_eq!(a.byline, "Ana Ruiz");
    assert_eq!(a.published, "2020-01-04");
    assert_eq!(
        a.text,
        "Strike condemned\n\nZimbabwe joined the 19th country to speak.\n\nKept text.\n\nA list item.\n\nA cell.\n\nStays. Moved\n\nOnce\n\nThe note."
    );
}

#[test]
fn an_opendocument_file_reads_headings_spans_spaces_and_notes() {
    let dir = tempfile::tempdir().expect("tmp");
    let content = r#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h text:outline-level="1">Rapporteur speaks</text:h><text:p>The <text:span>Z</text:span>imbabwe envoy<text:s text:c="2"/>agreed.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Said in Geneva.</text:p></text:note-body></text:note></text:p><text:list><text:list-item><text:p>First point.</text:p></text:list-item></text:list></office:text></office:body></office:document-content>"#;
    let meta = r#"<?xml version="1.0"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>Rapporteur speaks</dc:title><meta:initial-creator>Tom Okafor</meta:initial-creator><meta:creation-date>2020-01-05T10:00:00</meta:creation-date></office:meta></office:document-meta>"#;
    let bytes = zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".to_owned()),
        ("content.xml", content.to_owned()),
        ("meta.xml", meta.to_owned()),
    ]);
    let a = article(&write(dir.path(), "speech.odt", &bytes));
    assert_eq!(a.title, "Rapporteur speaks");
    assert_eq!(a.byline, "Tom Okafor");
    assert_eq!(a.published, "2020-01-05");
    assert_eq!(a.text, "Rapporteur speaks\n\nThe Zimbabwe envoy agreed.\n\nFirst point.\n\nSaid in Geneva.");
}

/// A Nexis Uni download: a cover list, then three articles (the third repeats the first).
fn nexis_uni() -> Vec<u8> {
    let mut body = String::new();
    for line in ["Documents (3)", "1. Ministry defends strike", "Client/Matter: -None-", "Search Terms: soleimani"] {
        body += &w_p("", &[line]);
    }
    let stories = [
        (
            "Ministry defends strike",
            "The Daily Meridian",
            "January 4, 2020 Saturday",
            "Ana Ruiz",
            "The ministry called the strike self-defence.",
        ),
        (
            "Rapporteur doubts legal basis",
            "Harbour Times",
            "January 5, 2020 Sunday",
            "Tom Okafor",
            "A rapporteur said it was unlawful.",
        ),
        (
            "Ministry defends strike",
            "The Daily Meridian",
            "January 4, 2020 Saturday",
            "Ana Ruiz",
            "The ministry called the strike self-defence.",
        ),
    ];
    for (title, outlet, date, byline, text) in stories {
        for line in [
            title.to_owned(),
            outlet.to_owned(),
            date.to_owned(),
            "Copyright 2020 Invented Media Ltd. All Rights Reserved".to_owned(),
            "Section: WORLD; Pg. 3".to_owned(),
            "Length: 120 words".to_owned(),
            format!("Byline: {byline}"),
            "Body".to_owned(),
            text.to_owned(),
            "Officials gave no evidence.".to_owned(),
            "Load-Date: January 6, 2020".to_owned(),
            "End of Document".to_owned(),
        ] {
            body += &w_p("", &[&line]);
        }
    }
    docx(&body, None, None)
}

#[test]
fn a_nexis_uni_download_splits_into_articles_without_its_furniture() {
    let dir = tempfile::tempdir().expect("tmp");
    let (from, list) = articles(&write(dir.path(), "Files (3).DOCX", &nexis_uni()));
    assert_eq!(from, "Nexis Uni");
    assert_eq!(list.len(), 3);
    let a = &list[1];
    assert_eq!(
        (a.title.as_str(), a.source.as_str(), a.published.as_str(), a.byline.as_str()),
        ("Rapporteur doubts legal basis", "Harbour Times", "2020-01-05", "Tom Okafor")
    );
    assert_eq!(a.text, "A rapporteur said it was unlawful.\n\nOfficials gave no evidence.");
    for a in &list {
        for furniture in ["Length:", "Load-Date", "End of Document", "Copyright", "Byline:", "Section:"] {
            assert!(!a.text.contains(furniture), "{furniture} in {:?}", a.text);
        }
    }
}

/// The same download converted to OpenDocument (LibreOffice's "Save as .odt") splits as the
/// Word file does: it had come in as one article holding every story.
#[test]
fn a_nexis_uni_download_saved_as_opendocument_splits_the_same() {
    let dir = tempfile::tempdir().expect("tmp");
    let from_word = articles(&write(dir.path(), "Files (3).DOCX", &nexis_uni())).1;
    let paragraphs: String = from_word
        .iter()
        .flat_map(|a| {
            let mut lines = vec![
                a.title.clone(),
                a.source.clone(),
                "January 4, 2020 Saturday".to_owned(),
                "Length: 120 words".to_owned(),
                "Body".to_owned(),
            ];
            lines.extend(a.text.split("\n\n").map(str::to_owned));
            lines.extend(["Load-Date: January 6, 2020".to_owned(), "End of Document".to_owned()]);
            lines
        })
        .map(|l| format!("<text:p>{l}</text:p>"))
        .collect();
    let content = format!(
        r#"<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Documents (3)</text:p>{paragraphs}</office:text></office:body></office:document-content>"#
    );
    let bytes = zip_of(&[("mimetype", "application/vnd.oasis.opendocument.text".to_owned()), ("content.xml", content)]);
    let (from, list) = articles(&write(dir.path(), "Files (3).odt", &bytes));
    assert_eq!(from, "Nexis Uni");
    let titles: Vec<&str> = list.iter().map(|a| a.title.as_str()).collect();
    let word: Vec<&str> = from_word.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, word);
    assert_eq!(list[1].text, from_word[1].text);
}

#[test]
fn a_lexisnexis_download_splits_into_articles_without_its_furniture() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bulk/lexisnexis.txt");
    let (from, list) = articles(&path);
    assert_eq!(from, "LexisNexis");
    assert_eq!(list.len(), 3);
    let a = &list[0];
    assert_eq!(
        (a.title.as_str(), a.source.as_str(), a.published.as_str(), a.byline.as_str()),
        ("Ministry says the strike was lawful self-defence", "The Daily Meridian", "2020-01-04", "Ana Ruiz")
    );
    assert_eq!(
        a.text,
        "The foreign ministry said on Friday that the strike near the airport was an act of self-defence under Article 51 of the Charter.\n\nOfficials declined to say what evidence of an imminent attack they had seen."
    );
    assert_eq!(list[1].source, "Harbour Times");
    for a in &list {
        for furniture in ["LENGTH", "LOAD-DATE", "LANGUAGE", "Copyright", "DOCUMENTS", "BYLINE"] {
            assert!(!a.text.contains(furniture), "{furniture} in {:?}", a.text);
        }
    }
}

fn claimscope(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimscope")).args(args).output().expect("runs")
}

#[test]
fn a_folder_imports_recursively_and_dry_run_changes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let project = dir.path().join("p.ron");
    let p = project.to_str().expect("utf-8");
    assert!(claimscope(&["new", p]).status.success());
    let folder = dir.path().join("in");
    write(&folder, "a.txt", b"First article\n\nIts text.\n");
    write(&folder, "deeper/b.md", b"# Second article\n\nMore text.\n");
    write(&folder, "deeper/bulk.DOCX", &nexis_uni());
    let pdf = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/001-one-column.pdf"))
        .expect("pdf");
    write(&folder, "deeper/printed.pdf", &pdf);
    write(&folder, ".hidden.txt", b"Hidden\n\nNot imported.\n");
    write(&folder, "photo.jpg", b"\xFF\xD8\xFF not an article");
    let before = std::fs::read(&project).expect("reads");
    let dry = claimscope(&["import", p, folder.to_str().expect("utf-8"), "--dry-run"]);
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    assert!(out.contains("a.txt: added"), "{out}");
    assert!(out.contains("3 article(s) from Nexis Uni, 2020-01-04 to 2020-01-05"), "{out}");
    assert!(out.contains("1 skipped as duplicates: “Ministry defends strike”"), "{out}");
    assert!(out.contains("printed.pdf: added"), "{out}");
    assert!(out.contains("dry run: 5 article(s) would be added"), "{out}");
    assert!(!out.contains("Hidden"), "{out}");
    assert_eq!(std::fs::read(&project).expect("reads"), before, "a dry run writes nothing");
    let real = claimscope(&["import", p, folder.to_str().expect("utf-8")]);
    assert!(real.status.success(), "{}", String::from_utf8_lossy(&real.stderr));
    assert!(String::from_utf8_lossy(&real.stderr).contains("2 file(s) in the folders passed over"));
    let loaded = claimscope::store::load(&project).expect("loads").project;
    let titles: Vec<&str> = loaded.documents().iter().map(|d| d.title.as_str()).collect();
    let printed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/001-one-column.txt"))
            .expect("source");
    let printed_title = printed.lines().next().expect("title");
    assert_eq!(
        titles,
        ["First article", "Second article", "Ministry defends strike", "Rapporteur doubts legal basis", printed_title]
    );
    let rapporteur = &loaded.documents()[3];
    assert_eq!((rapporteur.source.as_str(), rapporteur.published.as_str()), ("Harbour Times", "2020-01-05"));
}

#[test]
fn broken_office_files_are_refused_by_name_and_leave_the_project_alone() {
    let dir = tempfile::tempdir().expect("tmp");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bad-xml.docx", zip_of(&[("word/document.xml", "<w:document><w:body>".to_owned())]), "not valid XML"),
        ("no-body.docx", zip_of(&[("other.txt", "x".to_owned())]), "claimscope cannot import zip archives"),
        ("cut.docx", nexis_uni()[..200].to_vec(), "cannot read this file"),
        (
            "empty.odt",
            zip_of(&[(
                "content.xml",
                r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>"#
                    .to_owned(),
            )]),
            "has no text",
        ),
    ];
    for (name, bytes, says) in cases {
        let path = write(dir.path(), name, &bytes);
        let e = import::read_any(&path, None).expect_err("refused").to_string();
        assert!(e.contains(says) && e.contains(name), "{name}: {e}");
    }
    // The same through the command line: an error naming the file, the project unchanged.
    let project = dir.path().join("p.ron");
    let p = project.to_str().expect("utf-8");
    assert!(claimscope(&["new", p]).status.success());
    let before = std::fs::read(&project).expect("reads");
    let out = claimscope(&["import", p, dir.path().join("bad-xml.docx").to_str().expect("utf-8")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad-xml.docx"));
    assert_eq!(std::fs::read(&project).expect("reads"), before);
}

fn office_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office").join(name)
}

/// Words of `text`, for comparing what was read with what was written.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

#[test]
fn files_written_by_libreoffice_read_back_word_for_word() {
    let truth = std::fs::read_to_string(office_fixture("article.txt")).expect("source");
    let title = truth.lines().next().expect("title");
    for name in ["article.odt", "article.docx"] {
        let a = article(&office_fixture(name));
        assert_eq!(a.title, title, "{name}");
        assert_eq!(words(&a.text), words(&truth), "{name}");
        assert_eq!(a.text.split("\n\n").count(), truth.trim().split("\n\n").count(), "{name}: paragraphs kept");
    }
    // LibreOffice's PDF leaves out the first line of the heading; the rest is there, in order.
    let a = article(&office_fixture("article.pdf"));
    assert_eq!(a.title, title, "from the document information");
    let (got, want) = (words(&a.text), words(&truth));
    assert_eq!(got, want[want.len() - got.len()..], "the PDF's words are the article's");
    assert!(got.len() + 8 >= want.len(), "{} of {} words", got.len(), want.len());
}

#[test]
fn a_nexis_uni_download_written_by_a_word_processor_splits_too() {
    let (from, list) = articles(&office_fixture("nexis-uni.docx"));
    assert_eq!(from, "Nexis Uni");
    let heads: Vec<(&str, &str, &str, &str)> =
        list.iter().map(|a| (a.title.as_str(), a.source.as_str(), a.published.as_str(), a.byline.as_str())).collect();
    assert_eq!(
        heads,
        [
            ("Ministry defends strike", "The Daily Meridian", "2020-01-04", "Ana Ruiz"),
            ("Rapporteur doubts legal basis", "Harbour Times", "2020-01-05", "Tom Okafor"),
            ("Ministry defends strike", "The Daily Meridian", "2020-01-04", "Ana Ruiz"),
        ]
    );
    assert_eq!(
        list[1].text,
        "A United Nations rapporteur said the killing appeared unlawful.\n\nShe asked the Security Council to act."
    );
}

#[test]
fn rich_text_written_by_libreoffice_reads_back_word_for_word() {
    let truth = std::fs::read_to_string(office_fixture("article.txt")).expect("source");
    let a = article(&office_fixture("article.rtf"));
    assert_eq!(a.title, truth.lines().next().expect("title"));
    assert_eq!(words(&a.text), words(&truth));
    assert_eq!(a.text.split("\n\n").count(), truth.trim().split("\n\n").count(), "paragraphs kept");
}

#[test]
fn factiva_exports_in_rtf_and_html_split_into_articles() {
    for name in ["factiva.rtf", "factiva.html"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bulk").join(name);
        let (from, list) = articles(&path);
        assert_eq!(from, "Factiva", "{name}");
        let heads: Vec<(&str, &str, &str, &str)> = list
            .iter()
            .map(|a| (a.title.as_str(), a.source.as_str(), a.published.as_str(), a.byline.as_str()))
            .collect();
        assert_eq!(
            heads,
            [
                ("Ministry defends strike", "The Daily Meridian", "2020-01-04", "Ana Ruiz"),
                ("Rapporteur doubts legal basis", "Harbour Times", "2020-01-05", ""),
            ],
            "{name}"
        );
        assert_eq!(
            list[0].text,
            "The ministry called the strike an act of self\u{2011}defence under Article 51, its spokesman said on Friday.\n\nOfficials gave no evidence of an imminent attack — and declined to say when they would.",
            "{name}"
        );
        for a in &list {
            for furniture in ["Document ", "words", "Copyright", "(c)", "DMER", "English"] {
                assert!(!a.text.contains(furniture), "{name}: {furniture} in {:?}", a.text);
            }
        }
    }
}
