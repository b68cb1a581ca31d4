//! The sample project that ships in `projects/` and opens on a first run.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use claimscope::model::{DocId, Project};
use claimscope::store;

fn sample() -> Project {
    let path = common::root().join("projects/soleimani.ron");
    let loaded = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.warnings.is_empty(), "the sample loads without repairs: {:?}", loaded.warnings);
    loaded.project
}

#[test]
fn every_quote_matches_the_text_at_its_offsets() {
    let p = sample();
    for a in p.annotations() {
        let d = p.document(a.doc).expect("document exists");
        assert_eq!(d.text.slice(a.range()), a.quote.exact, "{}", a.id);
        // Standing on its quote, it holds no context of its own: the text's is read.
        assert!(a.quote.context_is_the_texts(), "{}", a.id);
        let q = a.text_quote(&d.text);
        let before = d.text.slice(a.start.saturating_sub(32)..a.start);
        assert_eq!(before, q.prefix, "{} prefix", a.id);
        assert_eq!(d.text.slice(a.end..a.end + 32), q.suffix, "{} suffix", a.id);
    }
    assert_eq!(p.orphans().count(), 0);
}

#[test]
fn texts_are_the_shipped_articles() {
    let p = sample();
    let dir = common::root().join("projects/sources");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("sources folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5);
    for (doc, file) in p.documents().iter().zip(&names) {
        let text = std::fs::read_to_string(file).expect("readable");
        assert_eq!(doc.text.as_str(), text, "{}", file.display());
    }
}

#[test]
fn annotated_as_a_careful_analyst_would() {
    let p = sample();
    assert!(p.annotation_count() >= 60, "{} annotations", p.annotation_count());
    let used: BTreeSet<&str> = p.annotations().filter_map(|a| p.tag(a.tag)).map(|t| t.name.as_str()).collect();
    assert_eq!(used, BTreeSet::from(["Allegation", "Fact", "Legal claim", "Rhetoric"]));
    let speakers: BTreeSet<&str> = p.annotations().map(|a| a.speaker.as_str()).filter(|s| !s.is_empty()).collect();
    for who in ["Mike Pompeo", "Agnes Callamard", "Kelly Craft", "Majid Takht-Ravanchi", "Wang Wenbin"] {
        assert!(speakers.contains(who), "no annotation attributed to {who}");
    }
    assert!(p.annotations().filter(|a| !a.note.is_empty()).count() >= 15);
    let mut docs_per_claim: BTreeMap<&str, BTreeSet<DocId>> = BTreeMap::new();
    for a in p.annotations() {
        if let Some(c) = a.claim.and_then(|c| p.claim(c)) {
            docs_per_claim.entry(c.label.as_str()).or_default().insert(a.doc);
        }
    }
    let shared = docs_per_claim.values().filter(|d| d.len() >= 2).count();
    assert!(shared >= 5, "{shared} claims are linked from two or more articles: {docs_per_claim:?}");
    assert_eq!(p.documents().iter().map(|d| d.source.as_str()).filter(|s| !s.is_empty()).count(), 5);
}

#[test]
fn the_file_is_what_the_build_script_and_the_saver_write() {
    // Saving the loaded sample gives the same bytes: the checked-in file is canonical, so a
    // rebuild or a save shows up in git only where something changed.
    let path = common::root().join("projects/soleimani.ron");
    let on_disk = std::fs::read_to_string(&path).expect("readable");
    assert_eq!(store::to_ron(&sample()).expect("serialises"), on_disk);
}

#[test]
fn find_in_other_articles_puts_reuters_self_defence_and_article_51_first() {
    use claimscope::analysis::similar::Index;
    let p = sample();
    let mee = p.find_document("d5").expect("Middle East Eye");
    let reuters = p.find_document("d6").expect("Reuters");
    assert_eq!(reuters.source, "Reuters");
    let idx = Index::build(&p);
    for quote in ["explaining that its actions were in \"self-defense\"", "reiterates 'self-defence' claim"] {
        let a = p.annotations().find(|a| a.doc == mee.id && a.quote.exact == quote).expect("the MEE annotation");
        let top = idx.similar_to(a, 3);
        let texts: Vec<String> = top
            .iter()
            .map(|s| {
                format!(
                    "{} {:.3} {}",
                    s.doc,
                    s.score,
                    p.document(s.doc).map(|d| d.text.slice(s.range.clone())).unwrap_or_default()
                )
            })
            .collect();
        eprintln!("{quote}:\n  {}", texts.join("\n  "));
        let on_topic = top
            .iter()
            .filter(|s| s.doc == reuters.id)
            .map(|s| reuters.text.slice(s.range.clone()).to_lowercase())
            .filter(|t| t.contains("self-defen") || t.contains("article 51"))
            .count();
        assert_eq!(
            on_topic,
            3,
            "Reuters' self-defence and Article 51 passages lead for “{quote}”:\n{}",
            texts.join("\n")
        );
    }
}

#[test]
fn the_claims_table_shows_outlets_disagreeing() {
    use claimscope::analysis::compare::{ClaimsTable, Filter};
    let p = sample();
    let t = ClaimsTable::of(&p, &Filter::default());
    let disagreeing: Vec<&str> =
        t.rows.iter().filter(|r| r.disagrees).filter_map(|r| p.claim(r.claim)).map(|c| c.label.as_str()).collect();
    assert!(disagreeing.contains(&"Soleimani was behind attacks on US forces"), "{disagreeing:?}");
}
