//! An immutable string its copies share, for the short texts thousands of annotations repeat:
//! who said it, who made and changed it and when, a note.
//!
//! A `String` costs 24 bytes in the annotation and a heap block of its own for each copy, even
//! an empty one costs its 24; a project of 100,000 annotations held eight of them each, most
//! of them the same few speakers, coders and times. [`Shared`] is one pointer (8 bytes; an
//! `Arc<str>` takes 16), no block when empty, and one block for all the copies that an
//! [`Interner`] (used by the load) or a clone made. The pointer is `arcstr`'s `ArcStr`, which
//! keeps the length in the block.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use arcstr::ArcStr;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable string, shared by its clones; reads as a `&str`.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Shared(ArcStr);

impl Shared {
    /// The empty string (a static: no block).
    pub const EMPTY: Shared = Shared(ArcStr::new());

    pub fn new(s: &str) -> Shared {
        if s.is_empty() { Shared::EMPTY } else { Shared(ArcStr::from(s)) }
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// For serde's `skip_serializing_if` (a method of `str` is not a path serde can name here).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the two hold the very same block (for tests of sharing).
    pub fn ptr_eq(&self, other: &Shared) -> bool {
        ArcStr::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

// By the text, as `str` hashes, so that `Borrow<str>` lookups find it.
impl Hash for Shared {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Shared {
        Shared::new(s)
    }
}

impl From<&String> for Shared {
    fn from(s: &String) -> Shared {
        Shared::new(s)
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Shared {
        Shared::new(&s)
    }
}

impl From<&Shared> for String {
    fn from(s: &Shared) -> String {
        s.as_str().to_owned()
    }
}

impl From<Shared> for String {
    fn from(s: Shared) -> String {
        s.as_str().to_owned()
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Shared {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Shared> for str {
    fn eq(&self, other: &Shared) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Shared> for &str {
    fn eq(&self, other: &Shared) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Shared> for String {
    fn eq(&self, other: &Shared) -> bool {
        self == other.as_str()
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Shared, D::Error> {
        // Through `String`: RON hands escaped strings over owned, and a borrowed `&str` would
        // refuse them.
        String::deserialize(deserializer).map(Shared::from)
    }
}

/// Gives equal strings one shared block: each distinct text is kept once, however many
/// annotations hold it.
#[derive(Debug, Default)]
pub struct Interner(HashSet<Shared>);

impl Interner {
    pub fn new() -> Interner {
        Interner::default()
    }

    /// `s` itself or an earlier equal string, whose block then serves both.
    pub fn intern(&mut self, s: &mut Shared) {
        if s.is_empty() {
            return;
        }
        match self.0.get(s.as_str()) {
            Some(kept) => *s = kept.clone(),
            None => {
                self.0.insert(s.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pointer_wide_and_compares_as_str() {
        assert_eq!(std::mem::size_of::<Shared>(), 8);
        assert!(Shared::from(String::new()).is_empty());
        assert_eq!(Shared::from(""), Shared::default());
        assert_eq!(Shared::from("Pompeo"), "Pompeo");
        assert_eq!(&*Shared::from("Pompeo"), "Pompeo");
        let (empty, a, b) = (Shared::default(), Shared::new("a"), Shared::new("b"));
        assert!(empty < a && a < b, "ordered as their texts");
        assert_eq!(format!("{:>4}|{:?}", Shared::from("ab"), Shared::from("x\"")), "  ab|\"x\\\"\"");
    }

    #[test]
    fn the_interner_shares_equal_strings() {
        let mut interner = Interner::new();
        let (mut a, mut b, mut c) = (Shared::from("Kelly Craft"), Shared::from("Kelly Craft"), Shared::from("Wang"));
        assert!(!a.ptr_eq(&b));
        interner.intern(&mut a);
        interner.intern(&mut b);
        interner.intern(&mut c);
        assert!(a.ptr_eq(&b));
        assert!(!a.ptr_eq(&c));
        assert_eq!(b, "Kelly Craft");
    }

    #[test]
    fn reads_and_writes_as_a_string() {
        let s: Shared = ron::from_str("\"a \\\"b\\\"\"").expect("a RON string");
        assert_eq!(s, "a \"b\"");
        assert_eq!(ron::to_string(&s).expect("written"), "\"a \\\"b\\\"\"");
    }
}
