//! The sentence-embedding model as vendored (`models/minilm`), run by the engine: its vectors are
//! onnxruntime's, in a batch padded to its longest sentence as well as alone.

use claimscope::analysis::semantic::dot;
use claimscope::engine::{DIM, Embedder};

/// The first six components of each sentence's vector by onnxruntime 1.23 and tokenizers 0.22
/// in Python (mean pooling over the mask, L2-normalised), one sentence at a time.
const REFERENCE: [(&str, [f32; 6]); 3] = [
    (
        "The United States told the United Nations that the killing was self-defence.",
        [0.02322648, 0.10474048, -0.05656793, 0.01260191, 0.0767027, 0.02633853],
    ),
    ("Iran vowed revenge.", [-0.01811346, 0.10064813, 0.01257058, 0.01218023, -0.0777856, -0.04996752]),
    ("The weather in Paris was mild.", [0.0731222, 0.06166773, 0.1664509, 0.04256413, 0.11439031, -0.04922183]),
];

#[test]
fn vectors_are_onnxruntimes_alone_and_in_a_padded_batch() {
    let e = Embedder::load().expect("the vendored model loads");
    let texts: Vec<&str> = REFERENCE.iter().map(|r| r.0).collect();
    let batch = e.embed(&texts).expect("embeds");
    for ((text, want), got) in REFERENCE.iter().zip(&batch) {
        assert_eq!(got.len(), DIM);
        assert!((dot(got, got) - 1.0).abs() < 1e-4, "unit length");
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-3, "{text}: {:?} against {want:?}", &got[..6]);
        }
        let alone = e.embed(&[text]).expect("embeds");
        assert!(dot(&alone[0], got) > 0.9999, "padding changed {text}");
    }
    // Meaning, not words: the two sentences about the killing are closer than either to the weather.
    assert!(dot(&batch[0], &batch[1]) > dot(&batch[0], &batch[2]) + 0.2);
}

/// Each reading thread keeps one state of the model for all its batches, of every width: a long
/// list of texts of mixed lengths, read at once on two threads, gives each text its vector alone.
#[test]
fn one_state_per_thread_serves_batches_of_every_width() {
    let e = Embedder::load().expect("the vendored model loads");
    let words: Vec<&str> = "The ship ran aground in the canal on Tuesday and blocked the waterway for six days \
         while hundreds of vessels waited at both ends and tugs worked to free it"
        .split(' ')
        .collect();
    let texts: Vec<String> =
        (1..=40).map(|n| words.iter().cycle().take(n).copied().collect::<Vec<_>>().join(" ")).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let together = e.embed_on(&refs, 2).expect("embeds");
    for k in [0, 15, 16, 31, 39] {
        let alone = e.embed_on(&[refs[k]], 1).expect("embeds");
        assert!(dot(&alone[0], &together[k]) > 0.9999, "text {k} differs when read with the others");
    }
}

#[test]
fn no_text_and_empty_text_embed() {
    let e = Embedder::load().expect("the vendored model loads");
    assert!(e.embed(&[]).expect("nothing to do").is_empty());
    let v = e.embed(&[""]).expect("an empty text is only the start and end tokens");
    assert_eq!(v[0].len(), DIM);
}

fn sample() -> claimscope::model::Project {
    crate::sample_project()
}

/// The sample's vectors, as shipped beside it (`projects/soleimani.ron.embeddings`).
fn sample_cache() -> claimscope::analysis::semantic::Embeddings {
    let path = crate::common::root().join("projects/soleimani.ron");
    claimscope::store::embeddings::load_cache(&path, claimscope::engine::MODEL_ID, DIM)
        .expect("the sample's cache is shipped whole; rebuild it with `claimscope similar projects/soleimani.ron …`")
}

/// The shipped cache is the model's: every text the sample needs is in it, and the model run now
/// gives the same vectors (a cache made by another model or stale text would fail here).
#[test]
fn the_samples_cache_is_current_and_the_models() {
    let p = sample();
    let cache = sample_cache();
    let wanted = claimscope::analysis::semantic::wanted(&p);
    let missing: Vec<&String> = wanted.iter().filter(|t| cache.get(t).is_none()).collect();
    assert!(missing.is_empty(), "texts without a vector: {missing:?}");
    let e = Embedder::load().expect("loads");
    let some: Vec<&str> = wanted.iter().step_by(wanted.len() / 5).map(String::as_str).collect();
    for (t, v) in some.iter().zip(e.embed(&some).expect("embeds")) {
        assert!(dot(&v, cache.get(t).expect("cached")) > 0.9999, "{t}");
    }
}

/// Issue 12's evaluation, every mode, on the sample's own claims: for each annotation linked to
/// a claim with passages in other articles, is one of them in the top 3, and at what rank.
/// Figures (BENCHMARKS.md): lexical 0.634 / 0.518 as before; lexical with the claim's label
/// 0.756 / 0.630; semantic 0.683 / 0.606; hybrid (the default) 0.805 / 0.658. The issue's goal,
/// 0.85 / 0.75, is not reached; these floors catch a ranking that gets worse.
#[test]
fn every_mode_on_the_samples_claims() {
    use claimscope::analysis::semantic::{Mode, SemanticIndex, evaluate_mode};
    use claimscope::analysis::similar::{Index, evaluate};
    let p = sample();
    let cache = sample_cache();
    let index = Index::build(&p);
    let semantic = SemanticIndex::build(&p, &index, &cache);
    assert_eq!(semantic.coverage().0, semantic.coverage().1, "every passage has a vector");
    let run = |mode: Mode| evaluate_mode(&p, &index, &semantic, &cache, mode);
    let plain = evaluate(&p, |a| index.similar_to(a, 10));
    let (lexical, meaning, hybrid) = (run(Mode::Lexical), run(Mode::Semantic), run(Mode::Hybrid));
    eprintln!("plain {plain:?}\nlexical {lexical:?}\nsemantic {meaning:?}\nhybrid {hybrid:?}");
    assert_eq!(hybrid.queries, 41);
    assert!(lexical.recall_at_3 >= 0.75 && lexical.mrr_at_10 >= 0.62, "{lexical:?}");
    assert!(meaning.recall_at_3 >= 0.68 && meaning.mrr_at_10 >= 0.60, "{meaning:?}");
    assert!(hybrid.recall_at_3 >= 0.80 && hybrid.mrr_at_10 >= 0.65, "{hybrid:?}");
    assert!(hybrid.recall_at_3 > plain.recall_at_3 + 0.15 && hybrid.mrr_at_10 > plain.mrr_at_10 + 0.1);
}

/// Issue 12's claim suggestions, on the sample with its claims taken away (annotations kept):
/// how many of its multi-article claims the top 15 suggestions find, and how many of those 15
/// match one. Figures in BENCHMARKS.md; the floors are what was measured.
#[test]
fn claim_suggestions_find_the_samples_multi_article_claims() {
    use claimscope::analysis::suggest::{Links, score_suggestions, suggest, without_claims};
    let truth = sample();
    let cache = sample_cache();
    let bare = without_claims(&truth).expect("the sample's claims come off");
    let default = score_suggestions(&truth, &suggest(&bare, &Links::build(&bare, Some(&cache)), 15));
    let words = score_suggestions(&truth, &suggest(&bare, &Links::build(&bare, None), 15));
    eprintln!("suggestions top 15: default {default:?}; words alone {words:?}");
    assert_eq!(default.claims, 10);
    assert!(default.recall() >= 0.7 && default.precision() >= 0.45, "{default:?}");
    // On the sample words alone do as well (7 of 10 at 0.47); on the second set, where outlets
    // use other words, meaning finds twice as many (below).
    assert!(default.found >= words.found && default.matching >= words.matching, "{default:?} vs {words:?}");
    // The same project with its claims: those claims are not proposed again.
    let links = Links::build(&truth, Some(&cache));
    for c in suggest(&truth, &links, 50) {
        let linked: Vec<_> = c.members.iter().filter_map(|m| m.claim).collect();
        assert!(linked.is_empty() || linked.len() < c.members.len(), "{c:?}");
        assert!(linked.iter().all(|&id| Some(id) == c.claim), "{c:?}");
    }
}

/// A dismissal is kept in the project file, read back, and the field is written only when there
/// is one (files without dismissals look as they always have).
#[test]
fn dismissals_are_saved_and_read_back() {
    use claimscope::analysis::suggest::{Links, suggest};
    let mut p = sample();
    assert!(!claimscope::store::to_ron(&p).expect("writes").contains("dismissed:"));
    let links = Links::build(&p, None);
    let first = suggest(&p, &links, 1).remove(0);
    let edit = p.dismiss_suggestion(&first).expect("dismiss");
    p.apply(edit).expect("apply");
    let text = claimscope::store::to_ron(&p).expect("writes");
    assert!(text.contains("dismissed: ["), "{text}");
    let back = claimscope::store::load_str(&text, std::path::Path::new("t.ron")).expect("reads").project;
    assert_eq!(back.dismissed(), p.dismissed());
    let links = Links::build(&back, None);
    assert!(suggest(&back, &links, 50).iter().all(|c| c.key != first.key));
}

/// Issue 12's second evaluation set: four reports of the Ever Given's grounding in the Suez Canal
/// written in different words (`tests/fixtures/evergiven/`, sources in its README), nine claims
/// across them. The default ranking must beat words alone by a clear margin.
#[test]
fn every_mode_on_the_second_set() {
    use claimscope::analysis::semantic::{Mode, Query, SemanticIndex, WEIGHT, evaluate_mode, rank};
    use claimscope::analysis::similar::{Index, evaluate};
    let path = crate::common::root().join("tests/fixtures/evergiven/evergiven.ron");
    let p = claimscope::store::load(&path).expect("the set loads").project;
    let cache = claimscope::store::embeddings::load_cache(&path, claimscope::engine::MODEL_ID, DIM)
        .expect("its cache is shipped; rebuild with tests/fixtures/evergiven/build.sh");
    assert!(claimscope::analysis::semantic::wanted(&p).iter().all(|t| cache.get(t).is_some()), "the cache is current");
    let index = Index::build(&p);
    let semantic = SemanticIndex::build(&p, &index, &cache);
    let run = |mode: Mode| evaluate_mode(&p, &index, &semantic, &cache, mode);
    let plain = evaluate(&p, |a| index.similar_to(a, 10));
    let (lexical, meaning, hybrid) = (run(Mode::Lexical), run(Mode::Semantic), run(Mode::Hybrid));
    // The quote alone (an annotation not linked yet: no claim label to help).
    let unlabelled = evaluate(&p, |a| {
        let q = Query {
            terms: claimscope::analysis::similar::query_for(a),
            vector: cache.get(&a.quote.exact).map(<[f32]>::to_vec),
            skip: Some(a.doc),
        };
        rank(&p, &index, Some(&semantic), &q, Mode::Hybrid, WEIGHT, 10)
            .iter()
            .map(claimscope::analysis::semantic::Ranked::suggestion)
            .collect()
    });
    eprintln!("hybrid without the label {unlabelled:?}");
    assert!(unlabelled.recall_at_3 >= plain.recall_at_3 + 0.15, "{unlabelled:?} vs {plain:?}");
    assert!(unlabelled.mrr_at_10 >= plain.mrr_at_10 + 0.1, "{unlabelled:?} vs {plain:?}");
    eprintln!("second set:\nplain {plain:?}\nlexical {lexical:?}\nsemantic {meaning:?}\nhybrid {hybrid:?}");
    assert_eq!(hybrid.queries, 27);
    // Claim suggestions with the claims taken away.
    use claimscope::analysis::suggest::{Links, score_suggestions, suggest, without_claims};
    let bare = without_claims(&p).expect("claims come off");
    let found = score_suggestions(&p, &suggest(&bare, &Links::build(&bare, Some(&cache)), 15));
    let words = score_suggestions(&p, &suggest(&bare, &Links::build(&bare, None), 15));
    // Words scored and meaning gated: what the sample alone would have chosen.
    let gated =
        claimscope::analysis::suggest::Tuning { threshold: 0.7, weight: 0.0, min_meaning: 0.4, ..Default::default() };
    let gated = score_suggestions(&p, &suggest(&bare, &Links::build_at(&bare, Some(&cache), gated), 15));
    eprintln!("second set suggestions, top 15: {found:?}; words alone {words:?}; words gated by meaning {gated:?}");
    assert!(found.recall() >= 0.65 && found.precision() >= 0.7, "{found:?}");
    assert!(found.found > words.found && found.found > gated.found, "{found:?} {words:?} {gated:?}");
    assert!(hybrid.recall_at_3 >= plain.recall_at_3 + 0.15, "{hybrid:?} vs {plain:?}");
    assert!(hybrid.mrr_at_10 >= plain.mrr_at_10 + 0.15, "{hybrid:?} vs {plain:?}");
}

/// Issue 23: on every evaluation set (the sample, the Ever Given set, and the held-out Beirut
/// set, which chose nothing), claimscope's hybrid ranks at least as well as a plain 0.5/0.5
/// fusion of BM25 and MiniLM, and its lexical half at least as well as plain BM25, asked as the
/// workbench asks (claim label and quote) and with the quote alone. Figures in BENCHMARKS.md.
#[test]
fn rankings_at_least_as_good_as_their_plain_peers_on_every_set() {
    use claimscope::analysis::peers::{Asked, compare, figure};
    for file in
        ["projects/soleimani.ron", "tests/fixtures/evergiven/evergiven.ron", "tests/fixtures/heldout/heldout.ron"]
    {
        let path = crate::common::root().join(file);
        let p = claimscope::store::load(&path).expect("the set loads").project;
        let cache = claimscope::store::embeddings::load_cache(&path, claimscope::engine::MODEL_ID, DIM)
            .expect("its cache is shipped beside it");
        let wanted = claimscope::analysis::semantic::wanted(&p);
        assert!(wanted.iter().all(|t| cache.get(t).is_some()), "{file}: the cache is current");
        let rows = compare(&p, &cache);
        for r in &rows {
            eprintln!("{file} {:?} {}: {:?}", r.asked, r.ranking, r.figures);
        }
        for asked in [Asked::Labelled, Asked::QuoteAlone] {
            let get = |ranking: &str| figure(&rows, ranking, asked).expect("every ranking is measured");
            let (hybrid, fusion) = (get("claimscope hybrid"), get("plain fusion 0.5/0.5"));
            assert!(hybrid.recall_at_3 >= fusion.recall_at_3 - 1e-9, "{file} {asked:?}: {hybrid:?} vs {fusion:?}");
            assert!(hybrid.mrr_at_10 >= fusion.mrr_at_10 - 1e-9, "{file} {asked:?}: {hybrid:?} vs {fusion:?}");
            // The lexical mode is plain BM25 first (its additions order only what plain BM25
            // scores alike or misses): at least its figures, both of them, everywhere.
            let (lexical, bm25) = (get("claimscope lexical"), get("plain BM25"));
            assert!(lexical.recall_at_3 >= bm25.recall_at_3 - 1e-9, "{file} {asked:?}: {lexical:?} vs {bm25:?}");
            assert!(lexical.mrr_at_10 >= bm25.mrr_at_10 - 1e-9, "{file} {asked:?}: {lexical:?} vs {bm25:?}");
        }
    }
}

/// A safetensors file whose header claims 2^60 bytes, followed by a megabyte of `[` nesting.
fn safetensors_bomb() -> Vec<u8> {
    let mut bomb = (1u64 << 60).to_le_bytes().to_vec();
    bomb.extend(std::iter::repeat_n(b'[', 1 << 20));
    bomb
}

/// The weights reader behind the checksum (which the converter's own check uses unchecked):
/// hostile safetensors files are errors, never a panic, a hang or a large allocation.
#[test]
fn hostile_weight_files_are_errors() {
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/minilm");
    let tokenizer = std::fs::read(shipped.join("tokenizer.json")).expect("tokenizer");
    let header = |json: &str| {
        let mut b = (json.len() as u64).to_le_bytes().to_vec();
        b.extend_from_slice(json.as_bytes());
        b
    };
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("bomb", safetensors_bomb()),
        ("empty", Vec::new()),
        ("deep nesting", header(&nested)),
        ("no tensors", header("{}")),
        // A tensor whose data lies past the end of the file, and one whose shape claims 2^62 values.
        (
            "offsets past the end",
            header(
                r#"{"embeddings.token_type_embeddings.weight":{"dtype":"F32","shape":[2,384],"data_offsets":[0,3072]}}"#,
            ),
        ),
        (
            "huge shape",
            header(
                r#"{"embeddings.token_type_embeddings.weight":{"dtype":"F32","shape":[4611686018427387904,1],"data_offsets":[0,4]}}AAAA"#,
            ),
        ),
        // Well formed but the wrong model: a 2 x 2 word table.
        ("wrong shapes", {
            let mut b = header(
                r#"{"embeddings.token_type_embeddings.weight":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]}}"#,
            );
            b.extend_from_slice(&[0, 0, 0, 0]);
            b
        }),
    ];
    for (what, bytes) in cases {
        let t = std::time::Instant::now();
        let result = claimscope::engine::Embedder::from_unchecked_bytes(&bytes, &tokenizer);
        assert!(result.is_err(), "{what}: read as a model");
        assert!(t.elapsed() < std::time::Duration::from_secs(5), "{what}: took {:?}", t.elapsed());
    }
}

/// The model folder is read from outside (`CLAIMSCOPE_MODEL_DIR`, beside the program): whatever
/// stands there in place of the model or its tokenizer is refused with its name and a reason,
/// never waited on, never parsed unless it is the file claimscope ships. The folder's own name
/// starts with `-` and holds `%`, `$()` and quotes.
#[test]
fn a_hostile_model_folder_is_refused_without_parsing_or_waiting() {
    use claimscope::engine::MODEL_FILE;
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/minilm");
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("-model %s $(touch pwned) 'q\"");
    std::fs::create_dir(&dir).expect("folder");
    let tokenizer = dir.join("tokenizer.json");
    std::fs::copy(shipped.join("tokenizer.json"), &tokenizer).expect("tokenizer copied");
    let model = dir.join(MODEL_FILE);
    let refused = |why: &str| {
        let err = Embedder::load_from(&dir).err().unwrap_or_else(|| panic!("{why}: loaded"));
        let message = err.to_string();
        assert!(message.contains(&*dir.to_string_lossy()), "{why}: the file is named: {message}");
        message
    };

    // A safetensors bomb: a header that claims 2^60 bytes, then a megabyte of nesting.
    std::fs::write(&model, safetensors_bomb()).expect("bomb written");
    assert!(refused("safetensors bomb").contains("not the file claimscope ships"));

    // Larger than any model may be: refused from its length, not read (a sparse file).
    let big = std::fs::File::create(&model).expect("big file");
    big.set_len(1 << 30).expect("sparse length");
    drop(big);
    assert!(refused("1 GB file").contains("larger than"));

    // A folder, then a FIFO, then a link to a FIFO in the model's place.
    std::fs::remove_file(&model).expect("removed");
    std::fs::create_dir(&model).expect("folder in its place");
    refused("a folder");
    std::fs::remove_dir(&model).expect("removed");
    let fifo = tmp.path().join("fifo");
    if claimscope::testing::mkfifo(&fifo) {
        std::fs::rename(&fifo, &model).expect("FIFO in its place");
        refused("a FIFO");
        std::fs::remove_file(&model).expect("removed");
        assert!(claimscope::testing::mkfifo(&fifo));
        std::os::unix::fs::symlink(&fifo, &model).expect("link");
        refused("a link to a FIFO");
        std::fs::remove_file(&model).expect("removed");
    }

    // The real model beside a tokenizer that is not the shipped one.
    std::fs::copy(shipped.join(MODEL_FILE), &model).expect("model copied");
    std::fs::write(&tokenizer, b"{\"model\": {\"vocab\": {\"a\": 0}}}").expect("tokenizer replaced");
    assert!(refused("another tokenizer").contains("not the file claimscope ships"));
    assert!(!dir.join("pwned").exists() && !tmp.path().join("pwned").exists(), "the folder's name ran nothing");
}
