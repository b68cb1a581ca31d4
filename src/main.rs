//! The claimscope binary: the workbench, or a subcommand of the command line.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let started = std::time::Instant::now();
    // PDFs are read in a process of this same program, with its memory capped.
    if let Ok(exe) = std::env::current_exe() {
        claimscope::import::pdf::use_worker(exe);
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
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
        || e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind)
            == Some(std::io::ErrorKind::BrokenPipe)
}
