//! The egui workbench. `app.rs` owns the state and runs the frame; each panel is a small view
//! type in its own file that draws from `&Project` and pushes [`Intent`]s.

pub mod app;
mod article_details;
mod article_list;
mod bulk_preview;
pub mod commands;
pub mod compare;
pub mod dialogs;
mod export_dialog;
mod file_picker;
mod files;
mod inspector;
pub mod intent;
pub mod jobs;
pub mod meaning;
mod menu;
mod paste_article;
pub mod reader;
pub mod runner;
pub mod session;
mod status_bar;
mod suggestions;
pub mod tag_bar;
mod tag_choice;
mod tag_editor;
pub mod tag_suggestions;
pub mod team;
pub mod theme;
mod widgets;

use std::path::PathBuf;

pub use app::{App, Folders, Settings, Workbench};
pub use intent::Intent;

/// The window icon.
const ICON: &[u8] = include_bytes!("../../../../icons/claimscope.png");

/// Set to make the workbench report its start-up (time from `started` until its first frame is
/// on the screen, resident memory) on stderr and close: `CLAIMSCOPE_STARTUP_PROBE=1 claimscope`.
pub const STARTUP_PROBE: &str = "CLAIMSCOPE_STARTUP_PROBE";

/// Opens the workbench window on `project` (or the last or sample project) and runs until it
/// closes. `started` is when the process began, for the start-up probe.
pub fn run(project: Option<PathBuf>, compare: bool, started: std::time::Instant) -> eframe::Result {
    let probe = std::env::var_os(STARTUP_PROBE).is_some().then_some(started);
    if let Some(dir) = eframe::storage_dir("claimscope")
        && let Some(why) = set_aside_unsafe_settings(&dir.join("app.ron"))
    {
        eprintln!("warning: {why}");
    }
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title("claimscope")
        .with_app_id("claimscope")
        .with_inner_size([1360.0, 860.0])
        .with_min_inner_size([760.0, 480.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "claimscope",
        options,
        Box::new(move |cc| {
            let settings: Settings =
                cc.storage.and_then(|s| eframe::get_value(s, app::SETTINGS_KEY)).unwrap_or_default();
            let mut bench = Workbench::open_initial(project, settings);
            bench.compare.open = compare;
            bench.search_meaning(runner::Runner::Threads);
            Ok(Box::new(App { bench, probe, probed: false }))
        }),
    )
}

/// Largest settings file eframe is left to read (ours is a few KB).
const MAX_SETTINGS: u64 = 1 << 20;

/// eframe reads and writes its settings file as it finds it: through a link (the settings were
/// written into the file a planted link named), waiting on a FIFO (no window, ever), and whole
/// whatever its size (a link to /dev/zero took 2 GB). So before it opens, a settings file that
/// is not a regular file of at most [`MAX_SETTINGS`] is renamed aside (a link is renamed
/// itself, its target untouched), and the workbench starts with its defaults. Returns what was
/// done, for a warning.
pub fn set_aside_unsafe_settings(path: &std::path::Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let what = if meta.file_type().is_symlink() {
        "a link"
    } else if !meta.is_file() {
        crate::store::kind_of(&meta)
    } else if meta.len() > MAX_SETTINGS {
        "too large"
    } else {
        return None;
    };
    let aside = crate::store::with_suffix(path, ".set-aside");
    let _ = std::fs::remove_file(&aside);
    match std::fs::rename(path, &aside) {
        Ok(()) => Some(format!(
            "the settings file {} was {what}: renamed to {}, and the defaults used",
            crate::model::text::escape_controls(&path.display().to_string()),
            crate::model::text::escape_controls(&aside.display().to_string())
        )),
        Err(e) => Some(format!(
            "the settings file {} is {what} and could not be renamed aside ({e})",
            crate::model::text::escape_controls(&path.display().to_string())
        )),
    }
}

/// Resident memory of this process in KiB (Linux; `None` elsewhere), for the start-up probe:
/// all of it, then its two parts, the program's own (anonymous) and mapped files (the program
/// and its libraries: under Mesa's software renderer, libLLVM alone is ~55 MiB of them).
fn resident_kib() -> Option<[u64; 3]> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some([field("VmRSS:")?, field("RssAnon:")?, field("RssFile:")?])
}
