//! The claimscope binary: the workbench, or a subcommand of the command line.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let started = std::time::Instant::now();
    fix_mmap_threshold();
    // Articles and PDFs are read in processes of this same program, their memory capped.
    if let Ok(exe) = std::env::current_exe() {
        claimscope::import::isolate::use_worker(exe);
    }
    let args = cli::Cli::parse();
    let result = match args.command {
        Some(command) => cli::run(command),
        None => claimscope::ui::run(args.project, args.view == Some(cli::StartView::Compare), started)
            .map_err(|e| anyhow::anyhow!("could not open the window: {e}")),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        // A reader that stopped early (`claimscope stats … | head`) is not a failure.
        Err(e) if e.chain().any(is_broken_pipe) => std::process::ExitCode::SUCCESS,
        Err(e) if e.chain().any(<dyn std::error::Error>::is::<cli::Refused>) => {
            eprintln!("error: {}", printable(&format!("{e:#}")));
            std::process::ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {}", printable(&format!("{e:#}")));
            std::process::ExitCode::FAILURE
        }
    }
}

/// An error message as the terminal should show it: a file's name may hold escape sequences
/// (`\x1b[31m`), which are shown escaped, as the report's lines show them; line breaks the
/// message itself makes are kept.
fn printable(message: &str) -> String {
    message.split('\n').map(claimscope::model::text::escape_controls).collect::<Vec<_>>().join("\n")
}

/// Keeps glibc's malloc from holding freed memory. By default it raises its mmap threshold to the
/// size of the largest mapped block freed, up to 32 MiB: once a project file's bytes (24 MB for
/// 100k annotations) are freed after parsing, every later block under that size comes from the
/// heap, and the heap is only given back past twice that. Opening such a project then kept ~33
/// MiB it no longer used (resident memory at the first frame 270 -> 238 MiB; loading it peaks at
/// 158 MB instead of 189; same speed; BENCHMARKS.md). A fixed threshold is glibc's documented
/// switch for that (mallopt(3): setting it turns the adjustment off); 128 KiB is its default.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn fix_mmap_threshold() {
    // SAFETY: mallopt only sets a parameter of the allocator and takes plain integers; it is
    // called first in main, before this program starts any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_mmap_threshold() {}

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
        || e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind)
            == Some(std::io::ErrorKind::BrokenPipe)
}
