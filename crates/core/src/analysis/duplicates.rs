//! Near-duplicate articles: the same wire story run by two outlets, give or take a headline, a
//! byline or a paragraph. Two texts are near-duplicates when at least [`NEAR`] of the word
//! 4-shingles of the shorter one are in the longer one (containment, so that an outlet that
//! trims the story's last paragraphs still counts).

use std::collections::HashSet;

use crate::model::{DocId, Project};

/// Share of shared shingles from which two articles are the same story.
pub const NEAR: f64 = 0.9;

/// Texts remembered per shingle by [`NearIndex`].
const POSTINGS: usize = 32;

/// Shingles shorter texts than this have too few to compare.
const MIN_SHINGLES: usize = 20;

/// Words of a text whose shingles are compared: a news article has a thousand; two texts that
/// are one story agree from their first words. Without a bound, one article of 36 MB of short
/// words (a 106 KB Word file) took 1 GB for its shingles (a `String` per word).
const MAX_WORDS: usize = 100_000;

/// The hashed word 4-shingles of `text` (words folded to lower case), of its first
/// [`MAX_WORDS`] words.
pub fn shingles(text: &str) -> HashSet<u64> {
    let mut out = HashSet::new();
    // The last four words' hashes, oldest first; a word is hashed once, from a reused buffer.
    let mut last = [0u64; 4];
    let mut lower = String::new();
    for (n, word) in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(MAX_WORDS).enumerate() {
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        let mut h = crate::model::hash::Fnv1a::new();
        h.write(lower.as_bytes());
        last.rotate_left(1);
        last[3] = h.finish();
        if n >= 3 {
            let mut s = crate::model::hash::Fnv1a::new();
            for w in last {
                s.write(&w.to_le_bytes());
            }
            out.insert(s.finish());
        }
    }
    out
}

/// Share of the smaller set's shingles found in the other (0 when either is too short).
pub fn containment(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.len() < MIN_SHINGLES {
        return 0.0;
    }
    small.iter().filter(|s| large.contains(s)).count() as f64 / small.len() as f64
}

/// Shingle sets of many texts, for finding near-duplicates of a new one without comparing it
/// with each: work grows with the new text's shingles and the texts that share them, and each
/// shingle keeps the first [`POSTINGS`] texts that have it. Without that bound, a folder of
/// thousands of short files sharing a boilerplate line made every file look at all before it
/// (8,000 files took 3 s, 4,000 0.9 s); a text near another shares most of its shingles with
/// it, so the first texts of each shingle are enough to find one such.
#[derive(Default)]
pub struct NearIndex<K> {
    postings: std::collections::HashMap<u64, Vec<usize>>,
    entries: Vec<(K, usize)>,
}

impl<K: Clone> NearIndex<K> {
    /// Adds the text known as `key` with shingles `set`.
    pub fn add(&mut self, key: K, set: &HashSet<u64>) {
        let k = self.entries.len();
        self.entries.push((key, set.len()));
        for s in set {
            let list = self.postings.entry(*s).or_default();
            if list.len() < POSTINGS {
                list.push(k);
            }
        }
    }

    /// The texts that `set` is a near-duplicate of, most alike first; of texts as alike, the
    /// one added first (in the map's order, an import's report named one or the other from run
    /// to run).
    pub fn near(&self, set: &HashSet<u64>) -> Vec<(K, f64)> {
        let mut shared = std::collections::HashMap::<usize, usize>::new();
        for s in set {
            for &k in self.postings.get(s).map_or(&[][..], Vec::as_slice) {
                *shared.entry(k).or_default() += 1;
            }
        }
        let mut found: Vec<(usize, f64)> = shared
            .into_iter()
            .filter_map(|(k, n)| {
                let smaller = self.entries[k].1.min(set.len());
                let share = if smaller < MIN_SHINGLES { 0.0 } else { n as f64 / smaller as f64 };
                (share >= NEAR).then_some((k, share))
            })
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found.into_iter().map(|(k, share)| (self.entries[k].0.clone(), share)).collect()
    }
}

/// The shingle sets of a project's articles, kept between calls and remade only for a text
/// that changed, so that asking for one article's near-duplicates again and again (a view
/// that shows them) costs a lookup per shingle, not a pass over every text.
#[derive(Default)]
pub struct ShingleCache {
    sets: std::collections::HashMap<DocId, (u64, HashSet<u64>)>,
}

impl ShingleCache {
    /// The near-duplicates of `doc` in `project`, most alike first.
    pub fn near(&mut self, project: &Project, doc: DocId) -> Vec<(DocId, f64)> {
        self.sets.retain(|id, _| project.document(*id).is_some());
        for d in project.documents() {
            let generation = d.text.generation();
            if self.sets.get(&d.id).is_none_or(|(g, _)| *g != generation) {
                self.sets.insert(d.id, (generation, shingles(d.text.as_str())));
            }
        }
        let Some((_, mine)) = self.sets.get(&doc) else { return Vec::new() };
        let mut out: Vec<(DocId, f64)> = self
            .sets
            .iter()
            .filter(|(id, _)| **id != doc)
            .map(|(id, (_, set))| (*id, containment(mine, set)))
            .filter(|(_, share)| *share >= NEAR)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

impl Project {
    /// The articles that are near-duplicates of `doc`, with their share of shared shingles,
    /// most alike first.
    pub fn near_duplicates(&self, doc: DocId) -> Vec<(DocId, f64)> {
        let Some(d) = self.document(doc) else { return Vec::new() };
        let mine = shingles(d.text.as_str());
        let mut out: Vec<(DocId, f64)> = self
            .documents()
            .iter()
            .filter(|o| o.id != doc)
            .map(|o| (o.id, containment(&mine, &shingles(o.text.as_str()))))
            .filter(|(_, share)| *share >= NEAR)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    const STORY: &str = "The foreign ministry said on Friday that the strike near the airport was an act of \
        self-defence under Article 51 of the Charter. Officials declined to say what evidence of an imminent \
        attack they had seen, and the opposition demanded that the government publish its legal advice \
        before parliament meets again next week.";

    #[test]
    fn the_same_story_trimmed_or_retitled_is_a_near_duplicate_and_another_is_not() {
        let mut p = Project::new("p");
        let texts = [
            format!("Strike was lawful, ministry says\n\n{STORY}"),
            format!("Ministry defends strike\n\n{}", STORY.replace(" next week", "")),
            "A different story about the weather in the capital, where it rained on Friday and the markets \
             closed early because of the floods that followed the storm on the coast for the third time this year."
                .to_owned(),
        ];
        let mut ids = Vec::new();
        for t in texts {
            let (id, e) = p.add_document("t", "", "", "", Text::new(t)).expect("ids");
            p.apply(e).expect("adds");
            ids.push(id);
        }
        let near = p.near_duplicates(ids[0]);
        assert_eq!(near.len(), 1, "{near:?}");
        assert_eq!(near[0].0, ids[1]);
        assert!(near[0].1 >= NEAR);
        assert!(p.near_duplicates(ids[2]).is_empty());
        // The cache gives the same, and follows a change of text.
        let mut cache = ShingleCache::default();
        assert_eq!(cache.near(&p, ids[1]).iter().map(|(d, _)| *d).collect::<Vec<_>>(), vec![ids[0]]);
        p.apply(crate::model::Edit::RemoveDocument(ids[0])).expect("removes");
        assert!(cache.near(&p, ids[1]).is_empty());
    }

    /// Two copies of one story: a third copy is a near-duplicate of both, alike, and the one
    /// added first is named first every time.
    #[test]
    fn texts_as_alike_are_listed_in_the_order_they_were_added() {
        for _ in 0..20 {
            let mut index = NearIndex::default();
            index.add("first", &shingles(STORY));
            index.add("second", &shingles(STORY));
            let found = index.near(&shingles(STORY));
            assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), vec!["first", "second"]);
        }
    }
}
