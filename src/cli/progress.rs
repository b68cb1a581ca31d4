//! Progress on standard error, for long commands.

/// Progress on standard error, when it is a terminal; nothing when it is piped.
pub struct TerminalProgress {
    what: &'static str,
    on: bool,
    last: std::sync::Mutex<Option<std::time::Instant>>,
}

impl TerminalProgress {
    pub fn new(what: &'static str) -> Self {
        use std::io::IsTerminal;
        TerminalProgress { what, on: std::io::stderr().is_terminal(), last: std::sync::Mutex::new(None) }
    }

    /// Clears the progress line.
    pub fn done(&self) {
        if self.on {
            eprint!("\r\x1b[2K");
        }
    }
}

impl claimscope::export::Progress for TerminalProgress {
    fn report(&self, done: usize, total: usize, item: &str) {
        if !self.on {
            return;
        }
        let Ok(mut last) = self.last.lock() else { return };
        let now = std::time::Instant::now();
        if last.is_some_and(|t| now.duration_since(t).as_millis() < 100) && done + 1 < total {
            return;
        }
        *last = Some(now);
        let item: String = item.chars().take(50).collect();
        eprint!("\r\x1b[2K{} {}/{} {item}", self.what, done + 1, total);
    }
}
