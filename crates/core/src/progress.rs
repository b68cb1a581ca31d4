//! Long work (an export, reading meaning) says how far it has got and asks whether to go on.

/// Told how far work has got; asked whether to go on.
pub trait Progress: Sync {
    fn report(&self, done: usize, total: usize, what: &str);
    fn cancelled(&self) -> bool {
        false
    }
}

/// Progress nobody watches.
pub struct Silent;

impl Progress for Silent {
    fn report(&self, _: usize, _: usize, _: &str) {}
}
