//! Web-page extraction measured on real pages: 37 pages of the ScrapingHub article-extraction
//! benchmark with their hand-checked bodies (see `tests/fixtures/article-extraction/README.md`),
//! scored with the benchmark's own metric.

use crate::common;

use std::io::Read;

#[test]
fn benchmark_pages_are_extracted_at_the_top_of_the_board() {
    let dir = common::root().join("tests/fixtures/article-extraction");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json")).expect("read")).expect("json");
    let truth = truth.as_object().expect("an object");
    let mut pairs = Vec::new();
    for (key, t) in truth {
        let mut bytes = Vec::new();
        let file = std::fs::File::open(dir.join(format!("{key}.html.gz"))).expect("page");
        flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).expect("gunzip");
        let (html, _) = claimscope::import::text::decode(&bytes, std::path::Path::new(key)).expect("decodes");
        let body = claimscope::import::html::body(&html).expect("reads").join("\n");
        assert!(!body.trim().is_empty(), "page {key}: no text");
        pairs.push(common::shingles::matching(t["articleBody"].as_str().unwrap_or_default(), &body));
    }
    assert!(pairs.len() >= 30);
    let (f1, precision, recall) = common::shingles::scores(&pairs);
    eprintln!("{} pages: F1 {f1:.3} (precision {precision:.3}, recall {recall:.3})", pairs.len());
    assert!(f1 >= 0.97, "F1 {f1:.3} (precision {precision:.3}, recall {recall:.3}) is below the goal of 0.97");
}

#[test]
fn a_page_saved_as_mhtml_reads_as_the_page_does() {
    let key = "16c30add7e96315e9cc957d85aa876ccb6b70055f0ddab51547a586117cc1f56";
    let dir = common::root().join("tests/fixtures");
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("article-extraction/ground-truth.json")).expect("read"))
            .expect("json");
    let a = claimscope::import::read_article(&dir.join("mhtml/saved-page.mhtml"), None).expect("reads");
    let (f1, _, _) = common::shingles::scores(&[common::shingles::matching(
        truth[key]["articleBody"].as_str().unwrap_or_default(),
        &a.text,
    )]);
    assert!(f1 >= 0.9, "F1 {f1:.3}");
    assert!(a.title.contains("Delhi air pollution"), "{}", a.title);
    assert!(!a.text.contains("=E2=80=99") && a.text.contains('’'), "quoted-printable decoded");
    // A file that is not MIME is refused by name.
    let tmp = tempfile::tempdir().expect("tmp");
    let bad = tmp.path().join("broken.mhtml");
    std::fs::write(&bad, b"MIME-Version: 1.0\r\nContent-Type: image/png\r\n\r\n\x89PNG").expect("write");
    let e = claimscope::import::read_article(&bad, None).expect_err("refused").to_string();
    assert!(e.contains("no web page") && e.contains("broken.mhtml"), "{e}");
}
