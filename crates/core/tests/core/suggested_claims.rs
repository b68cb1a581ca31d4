//! Claim suggestions past the size compared pairwise: on the evaluation sets' real sentence
//! vectors (MiniLM, from the caches beside them), the links found through the nearest-neighbour
//! index are the links comparing every pair finds.

use std::collections::HashSet;

use claimscope::analysis::suggest::{Links, Tuning};
use claimscope::store;

/// The model id the engine crate writes into the embedding cache.
const MODEL_ID: &str = "all-MiniLM-L6-v2 int8 8199be6f";

#[test]
fn links_through_nearest_neighbours_match_every_pair_on_real_vectors() {
    for rel in
        ["projects/soleimani.ron", "tests/fixtures/evergiven/evergiven.ron", "tests/fixtures/heldout/heldout.ron"]
    {
        let path = crate::common::root().join(rel);
        let p = store::load(&path).expect("loads").project;
        let (vectors, note) = store::embeddings::read_cache(&path, MODEL_ID, 384);
        assert!(note.is_none() && !vectors.is_empty(), "{rel}: {note:?}");
        let exact = Links::build(&p, Some(&vectors));
        let near = Links::build_at(&p, Some(&vectors), Tuning { exact_up_to: 10, ..Tuning::default() });
        assert_eq!((near.compared(), near.left_out()), (exact.compared(), 0), "{rel}");
        let pairs = |l: &Links| -> HashSet<(usize, usize)> { l.pairs().collect() };
        let (e, n) = (pairs(&exact), pairs(&near));
        let both = e.intersection(&n).count();
        eprintln!("{rel}: {} exact links, {} through the index, {both} in both", e.len(), n.len());
        assert!(both * 100 >= e.len() * 95, "{rel}: {both} of {} exact links found", e.len());
        assert!(n.len() * 100 <= e.len() * 105, "{rel}: {} links, {} exact", n.len(), e.len());
    }
}
