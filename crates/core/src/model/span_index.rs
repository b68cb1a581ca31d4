//! Per-document index of annotation spans, for the questions the reader asks every frame.

use std::ops::Range;

use super::ids::AnnotationId;

/// One annotated span in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpanEntry {
    pub start: usize,
    pub end: usize,
    pub id: AnnotationId,
}

/// The anchored annotations of one document sorted by position, plus its orphans.
///
/// Sorted by `(start, end, id)`; `max_end[i]` is the largest `end` among the first `i + 1`
/// entries. That running maximum is monotonic, so the first entry that can reach a query range
/// is found by binary search, and an overlap query costs `O(log n + k)` for `k` candidates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanIndex {
    entries: Vec<SpanEntry>,
    max_end: Vec<usize>,
    orphans: Vec<AnnotationId>,
}

impl SpanIndex {
    /// Builds the index from anchored spans and the ids of orphaned annotations.
    pub fn new(mut entries: Vec<SpanEntry>, mut orphans: Vec<AnnotationId>) -> Self {
        entries.sort_unstable_by_key(|e| (e.start, e.end, e.id));
        // Pushed one at a time, the list kept up to half again its length spare: 0.7 MiB of a
        // 100,000-annotation project (issue 23).
        entries.shrink_to_fit();
        let mut running = 0;
        let max_end = entries
            .iter()
            .map(|e| {
                running = running.max(e.end);
                running
            })
            .collect();
        orphans.sort_unstable();
        Self { entries, max_end, orphans }
    }

    /// All anchored spans in reading order.
    pub fn entries(&self) -> &[SpanEntry] {
        &self.entries
    }

    /// Annotations of this document whose quote could not be found in its text.
    pub fn orphans(&self) -> &[AnnotationId] {
        &self.orphans
    }

    /// Spans that share at least one char with `r`, in reading order.
    pub fn overlapping(&self, r: Range<usize>) -> impl Iterator<Item = &SpanEntry> + '_ {
        let first = self.max_end.partition_point(|&e| e <= r.start);
        let last = self.entries.partition_point(|e| e.start < r.end);
        let slice = if first < last { &self.entries[first..last] } else { &[][..] };
        slice.iter().filter(move |e| e.end > r.start)
    }

    /// Spans that contain char offset `c`, innermost (shortest) first: the order a click cycles in.
    pub fn at(&self, c: usize) -> Vec<SpanEntry> {
        let mut hits: Vec<SpanEntry> = self.overlapping(c..c + 1).copied().collect();
        hits.sort_by_key(|e| (e.end - e.start, e.start, e.id));
        hits
    }

    /// Index (in reading order) of the first span starting at or after `c`.
    pub fn first_at_or_after(&self, c: usize) -> usize {
        self.entries.partition_point(|e| e.start < c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn idx(spans: &[(usize, usize)]) -> SpanIndex {
        let entries = spans
            .iter()
            .enumerate()
            .map(|(i, &(start, end))| SpanEntry { start, end, id: AnnotationId(i as u64 + 1) })
            .collect();
        SpanIndex::new(entries, Vec::new())
    }

    #[test]
    fn long_span_before_query_is_found() {
        let i = idx(&[(0, 100), (10, 12), (50, 60)]);
        let got: Vec<_> = i.overlapping(55..58).map(|e| (e.start, e.end)).collect();
        assert_eq!(got, vec![(0, 100), (50, 60)]);
    }

    #[test]
    fn half_open_edges_do_not_touch() {
        let i = idx(&[(0, 5), (10, 15)]);
        assert_eq!(i.overlapping(5..10).count(), 0);
        assert_eq!(i.overlapping(4..5).count(), 1);
        assert_eq!(i.overlapping(15..20).count(), 0);
    }

    #[test]
    fn click_order_is_innermost_first() {
        let i = idx(&[(0, 100), (10, 20), (12, 14)]);
        let got: Vec<_> = i.at(13).iter().map(|e| e.end - e.start).collect();
        assert_eq!(got, vec![2, 10, 100]);
    }

    proptest! {
        #[test]
        fn overlap_query_matches_brute_force(
            spans in proptest::collection::vec((0usize..200, 1usize..40), 0..60),
            qs in 0usize..240,
            ql in 0usize..50,
        ) {
            let spans: Vec<(usize, usize)> = spans.into_iter().map(|(s, l)| (s, s + l)).collect();
            let i = idx(&spans);
            let q = qs..qs + ql;
            let mut got: Vec<_> = i.overlapping(q.clone()).map(|e| e.id).collect();
            let mut want: Vec<_> = i.entries().iter()
                .filter(|e| e.start < q.end && e.end > q.start)
                .map(|e| e.id)
                .collect();
            got.sort();
            want.sort();
            prop_assert_eq!(got, want);
        }
    }
}
