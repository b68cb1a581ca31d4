//! The time stamped on new annotations.

use crate::model::time;

/// Now, as RFC 3339 UTC. `SOURCE_DATE_EPOCH` (the reproducible-builds convention) fixes it, so
/// that a scripted build of the sample project gives the same file every time.
pub fn now_rfc3339() -> String {
    let fixed = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let secs = fixed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    time::rfc3339_utc(secs)
}
