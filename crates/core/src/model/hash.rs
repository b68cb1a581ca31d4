//! The one hash claimscope keeps in files and indexes: FNV-1a, 64 bits. It is stable across
//! runs, platforms and Rust versions (std's `DefaultHasher` is not promised to be), which is
//! what keys stored on disk need: embedding-cache keys, dismissed-suggestion keys, the cache's
//! checksum, anchor hashes.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// An FNV-1a hash being fed bytes.
#[derive(Clone, Copy, Debug)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(OFFSET)
    }
}

impl Fnv1a {
    pub fn new() -> Fnv1a {
        Fnv1a::default()
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

/// FNV-1a, 32 bits, of the chunks of `parts` one after the other: the short hash stored with
/// each annotation (its quote's context, `store::format::context_hash`).
pub fn fnv1a_32<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for part in parts {
        for &b in part {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// FNV-1a of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = Fnv1a::new();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        // The reference values of the FNV-1a 64 test suite.
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(super::fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
