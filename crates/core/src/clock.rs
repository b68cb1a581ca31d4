//! The time and the analyst stamped on new annotations.

use crate::model::time;

/// The variable that fixes the time stamped on edits (seconds since 1970), so that a scripted
/// build of the sample project, and the tests, give the same file every time. It is
/// claimscope's own: `SOURCE_DATE_EPOCH`, the reproducible-builds convention it once read, is
/// set in some users' shells by packaging tools and froze every edit's time stamp.
pub const FIXED_TIME: &str = "CLAIMSCOPE_FIXED_TIME";

/// Now, as RFC 3339 UTC, unless [`FIXED_TIME`] says otherwise.
pub fn now_rfc3339() -> String {
    let fixed = std::env::var(FIXED_TIME).ok().and_then(|s| s.trim().parse::<i64>().ok());
    let secs = fixed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    time::rfc3339_utc(secs)
}

/// Who is working: the name stamped on new annotations when no analyst name is set in the
/// preferences. The operating system's user (`USER`, `USERNAME` on Windows, `LOGNAME`), else
/// "analyst". `CLAIMSCOPE_ANALYST` overrides it, for scripts and the command line.
pub fn analyst() -> String {
    ["CLAIMSCOPE_ANALYST", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "analyst".to_owned())
}
