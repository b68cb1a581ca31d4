//! Helpers the tests share (the library's unit tests and the integration tests alike).
//!
//! A test that needs a tool of the machine (git, mkfifo, `/proc`) must not pass by skipping
//! where CI is meant to run it: [`require`] says to skip on a developer's machine that lacks
//! the tool, and fails the test under `CI=true`.

use std::path::Path;

/// True when the test may use what `what` names (`available`); false (skip, with a message)
/// when it is missing on a developer's machine; a panic when it is missing under `CI=true`, so
/// that CI never passes a test it did not run.
pub fn require(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!ci, "{what} is missing, and CI=true: this test must run in CI");
    eprintln!("{what} is missing: test skipped (it fails under CI=true)");
    false
}

/// True when `tool --version` (or `tool --help`) runs.
pub fn has_tool(tool: &str) -> bool {
    ["--version", "--help"]
        .iter()
        .any(|a| std::process::Command::new(tool).arg(a).output().is_ok_and(|o| o.status.success()))
}

/// Makes a FIFO at `path` with the system's `mkfifo` (the workspace denies `unsafe` but for the
/// engine's matrix products and the program's allocator setting, so no `libc::mkfifo`). Panics
/// when it cannot, under the rules of [`require`]; returns false when the test should be skipped.
pub fn mkfifo(path: &Path) -> bool {
    if !require(has_tool("mkfifo"), "the mkfifo tool") {
        return false;
    }
    let made = std::process::Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success());
    assert!(made, "mkfifo {} failed", path.display());
    true
}

/// Sets a file's modification time, so that tests order files by time without sleeping (a
/// file system with coarse times would make sleeps too short).
pub fn set_modified(path: &Path, time: std::time::SystemTime) {
    let file = std::fs::OpenOptions::new().append(true).open(path).expect("open to set its time");
    file.set_modified(time).expect("set the modification time");
}

/// The sample project (`projects/soleimani.ron`), for the library's own unit tests.
#[cfg(test)]
pub(crate) fn sample_project() -> crate::model::project::Project {
    crate::store::load_str(include_str!("../../../projects/soleimani.ron"), Path::new("sample"))
        .expect("the sample loads")
        .project
}
