//! Work on many items spread over the machine's cores (scoped threads, results in order), for
//! the few places where one pass over every annotation is much of the wait: loading a large
//! project.

/// How many threads the parallel passes use: the cores, at most 8.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 8)
}

/// `items` mapped by `f`, in order, on several threads when there are many.
pub fn par_map<A: Send, B: Send>(mut items: Vec<A>, f: impl Fn(A) -> B + Sync) -> Vec<B> {
    const MIN_CHUNK: usize = 8192;
    let per = items.len().div_ceil(threads()).max(MIN_CHUNK);
    if items.len() <= per {
        return items.into_iter().map(f).collect();
    }
    let mut chunks = Vec::new();
    while items.len() > per {
        chunks.push(items.split_off(items.len() - per));
    }
    chunks.push(items);
    chunks.reverse();
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> =
            chunks.into_iter().map(|c| s.spawn(move || c.into_iter().map(f).collect::<Vec<B>>())).collect();
        // A panic in `f` is a panic here too, as it would be without threads.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// `f` of each of `items`, in order; on several threads when there are at least `min_chunk`
/// items for each.
pub fn par_map_ref<T: Sync, B: Send>(items: &[T], min_chunk: usize, f: impl Fn(&T) -> B + Sync) -> Vec<B> {
    let per = items.len().div_ceil(threads()).max(min_chunk.max(1));
    if items.len() <= per {
        return items.iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(per).map(|c| s.spawn(move || c.iter().map(f).collect::<Vec<B>>())).collect();
        // A panic in `f` is a panic here too, as it would be without threads.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_whatever_the_chunks() {
        let items: Vec<u32> = (0..10_000).collect();
        for min in [1, 7, 4096, 20_000] {
            assert_eq!(super::par_map_ref(&items, min, |x| x * 2), items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
    }
}
