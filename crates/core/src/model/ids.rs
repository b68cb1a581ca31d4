//! Stable identifiers for everything a project holds.
//!
//! Ids are plain integers in the project file (so it diffs well) and are handed out from one
//! per-project counter that only ever grows: an id that was once used, even by an annotation that
//! was later deleted or undone, is never handed out again, so exports made earlier stay unambiguous.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $prefix:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl $name {
            /// The letter that starts this id's display form (`d3`, `t1`, `a57`, `c2`).
            pub const PREFIX: char = $prefix;
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", $prefix, self.0)
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;

            /// Accepts the display form (`a57`) or the bare number (`57`).
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let digits = s.strip_prefix($prefix).unwrap_or(s);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ParseIdError);
                }
                digits.parse().map($name).map_err(|_| ParseIdError)
            }
        }
    };
}

id_type!(
    /// Identifies a [`crate::model::Document`].
    DocId,
    'd'
);
id_type!(
    /// Identifies a [`crate::model::TagDef`].
    TagId,
    't'
);
id_type!(
    /// Identifies an [`crate::model::Annotation`].
    AnnotationId,
    'a'
);
id_type!(
    /// Identifies a [`crate::model::Claim`].
    ClaimId,
    'c'
);

/// The text was not an id of the expected kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an id")]
pub struct ParseIdError;

/// Hands out ids from one counter shared by all kinds of object.
///
/// The counter is a high-water mark: undoing an addition does not lower it (see the module comment).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdGen {
    next: u64,
}

impl IdGen {
    /// A generator whose first id is `next`.
    pub fn starting_at(next: u64) -> Self {
        Self { next: next.max(1) }
    }

    /// The number the next id will carry.
    pub fn peek(&self) -> u64 {
        self.next.max(1)
    }

    /// Takes the next number, or `None` once every number has been used: ids never wrap, so an
    /// id once handed out is never handed out again.
    pub fn take(&mut self) -> Option<u64> {
        let n = self.peek();
        if n == u64::MAX {
            return None;
        }
        self.next = n + 1;
        Some(n)
    }

    /// `n` numbers from the next one on, if that many are left (`u64::MAX` itself is never used).
    pub fn available(&self, n: usize) -> Option<std::ops::Range<u64>> {
        let first = self.peek();
        let end = first.checked_add(n as u64)?;
        Some(first..end)
    }

    /// Makes sure `used` will never be handed out. An id of `u64::MAX` leaves no id free.
    pub fn observe(&mut self, used: u64) {
        if used >= self.peek() {
            self.next = used.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        assert_eq!(AnnotationId(57).to_string(), "a57");
        assert_eq!("a57".parse::<AnnotationId>(), Ok(AnnotationId(57)));
        assert_eq!("57".parse::<AnnotationId>(), Ok(AnnotationId(57)));
        assert!("d57".parse::<AnnotationId>().is_err());
        assert!("a".parse::<AnnotationId>().is_err());
        assert!("a-1".parse::<AnnotationId>().is_err());
        assert!("a99999999999999999999999".parse::<AnnotationId>().is_err());
    }

    #[test]
    fn generator_never_goes_back() {
        let mut g = IdGen::default();
        assert_eq!(g.take(), Some(1));
        g.observe(10);
        assert_eq!(g.take(), Some(11));
        g.observe(3);
        assert_eq!(g.take(), Some(12));
    }

    #[test]
    fn the_counter_stops_at_the_top_instead_of_wrapping() {
        let mut g = IdGen::starting_at(u64::MAX - 2);
        assert_eq!(g.available(2), Some(u64::MAX - 2..u64::MAX));
        assert_eq!(g.available(3), None);
        assert_eq!(g.take(), Some(u64::MAX - 2));
        assert_eq!(g.take(), Some(u64::MAX - 1));
        assert_eq!(g.take(), None);
        assert_eq!(g.take(), None, "stays exhausted");
        let mut h = IdGen::default();
        h.observe(u64::MAX);
        assert_eq!(h.take(), None, "an id of u64::MAX in a file leaves none free");
    }
}
