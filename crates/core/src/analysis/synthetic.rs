//! Generated projects of any size, for benchmarks and load tests. Deterministic for a seed.

use crate::model::annotation::{Annotation, Quote};
use crate::model::claim::Claim;
use crate::model::document::Document;
use crate::model::ids::{AnnotationId, ClaimId, DocId};
use crate::model::project::{Project, ProjectParts};
use crate::model::text::Text;

const WORDS: [&str; 48] = [
    "the",
    "strike",
    "was",
    "self-defence",
    "under",
    "Article",
    "51",
    "of",
    "Charter",
    "“unlawful”",
    "said",
    "Iran’s",
    "envoy",
    "—",
    "Pompeo",
    "rapporteur",
    "report",
    "killing",
    "drone",
    "Baghdad",
    "airport",
    "militias",
    "attacks",
    "escalating",
    "series",
    "armed",
    "forces",
    "interests",
    "region",
    "terrorism",
    "state",
    "accountable",
    "Security",
    "Council",
    "letter",
    "‘measured’",
    "response",
    "évidence",
    "imminent",
    "threat",
    "law",
    "international",
    "and",
    "in",
    "a",
    "to",
    "by",
    "🙂",
];

const SPEAKERS: [&str; 6] =
    ["Mike Pompeo", "Agnes Callamard", "Kelly Craft", "Majid Takht-Ravanchi", "Wang Wenbin", ""];

/// xorshift64*: small, fast, seeded, good enough for test data (and the tests' own mutations).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// An article of about `chars` chars: sentences of the word list in paragraphs.
pub fn article(chars: usize, seed: u64) -> String {
    let mut rng = Rng(seed.max(1));
    let mut s = String::with_capacity(chars * 11 / 10);
    let mut n = 0;
    let mut in_sentence = 0;
    while n < chars {
        let w = WORDS[rng.below(WORDS.len())];
        if in_sentence == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
        n += w.chars().count();
        in_sentence += 1;
        if in_sentence > 8 + rng.below(12) {
            s.push('.');
            in_sentence = 0;
            if rng.below(6) == 0 {
                s.push_str("\n\n");
                n += 3;
                continue;
            }
        }
        s.push(' ');
        n += 1;
    }
    s
}

/// A project of `docs` articles of about `chars_per_doc` chars with `annotations` annotations
/// spread evenly, the default tags and one claim per 500 annotations.
pub fn project(docs: usize, chars_per_doc: usize, annotations: usize, seed: u64) -> Project {
    let mut rng = Rng(seed.max(1));
    let base = Project::new("synthetic");
    let tags: Vec<_> = base.tags().iter().map(|t| t.id).collect();
    let mut next = base.next_id();
    let mut take = || {
        let id = next;
        next += 1;
        id
    };
    let documents: Vec<Document> = (0..docs)
        .map(|i| Document {
            id: DocId(take()),
            title: format!("Article {i}"),
            source: format!("Outlet {}", i % 7),
            url: format!("https://example.org/{i}"),
            published: "2020-01-03".into(),
            byline: String::new(),
            section: String::new(),
            text: Text::new(article(chars_per_doc, seed ^ (i as u64 + 1))),
        })
        .collect();
    let claims: Vec<Claim> = (0..annotations.div_ceil(500))
        .map(|i| Claim::new(ClaimId(take()), format!("Claim {i}"), String::new()))
        .collect();
    let mut anns = Vec::with_capacity(annotations);
    for i in 0..annotations {
        let d = &documents[i % docs.max(1)];
        let len = d.text.len_chars();
        if len < 2 {
            continue;
        }
        let start = rng.below(len - 1);
        let end = (start + 5 + rng.below(80)).min(len);
        anns.push(Annotation {
            id: AnnotationId(take()),
            doc: d.id,
            start,
            end,
            quote: Quote::of(&d.text, start..end),
            tag: tags[rng.below(tags.len())],
            note: if rng.below(4) == 0 { "Compare with the other outlets.".into() } else { Default::default() },
            speaker: SPEAKERS[rng.below(SPEAKERS.len())].into(),
            claim: if rng.below(5) == 0 && !claims.is_empty() {
                Some(claims[rng.below(claims.len())].id)
            } else {
                None
            },
            created: "2026-01-01T00:00:00Z".into(),
            created_by: Default::default(),
            modified: Default::default(),
            modified_by: Default::default(),
            linked: Default::default(),
            linked_by: Default::default(),
        });
    }
    let parts = ProjectParts {
        name: "synthetic".into(),
        uuid: String::new(),
        next_id: next,
        tags: base.tags().to_vec(),
        documents,
        claims,
        annotations: anns,
        ..ProjectParts::default()
    };
    match Project::from_parts(parts) {
        Ok((p, _)) => p,
        // The generator builds valid data by construction.
        Err(v) => unreachable!("generated project is invalid: {:?}", v.errors.first()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_project_is_valid_and_sized() {
        let p = super::project(10, 2000, 500, 7);
        assert_eq!(p.documents().len(), 10);
        assert_eq!(p.annotation_count(), 500);
        assert_eq!(p.orphans().count(), 0);
        assert!(p.documents()[0].text.len_chars() >= 2000);
    }
}
