//! Where background work runs: on threads in the app, or queued and run when a test says so.
//!
//! Tests must never race a thread against the clock: a test that checks "Indexing…" shows while
//! an index is built cannot know when a thread finishes. With [`Runner::manual`] nothing runs
//! until the test calls [`Runner::run_pending`], so it can look at the window before and after.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

type Task = Box<dyn FnOnce() + Send + 'static>;

/// Stack of a background thread: as large as a main thread's (8 MB on Linux), reserved, not
/// used, unless the work recurses.
pub const JOB_STACK: usize = 8 << 20;

/// Runs background tasks.
#[derive(Clone, Default)]
pub enum Runner {
    /// Each task on a thread of its own.
    #[default]
    Threads,
    /// Tasks wait in a queue until [`Runner::run_pending`] (tests).
    Manual(Arc<Mutex<VecDeque<Task>>>),
}

impl Runner {
    /// A runner whose tasks run only when asked.
    pub fn manual() -> Runner {
        Runner::Manual(Arc::default())
    }

    /// Starts `task`.
    pub fn spawn(&self, task: impl FnOnce() + Send + 'static) {
        match self {
            Runner::Threads => {
                // The stack a program's main thread has (the command line runs the same
                // readers there): a spawned thread's default 2 MB let inputs abort the
                // workbench that the command line read.
                let spawned = std::thread::Builder::new().stack_size(JOB_STACK).spawn(task);
                if let Err(e) = spawned {
                    eprintln!("could not start background work: {e}");
                }
            }
            Runner::Manual(queue) => {
                if let Ok(mut q) = queue.lock() {
                    q.push_back(Box::new(task));
                }
            }
        }
    }

    /// Runs the queued tasks (and any they queue) on this thread; returns how many ran. Nothing
    /// for a threaded runner.
    pub fn run_pending(&self) -> usize {
        let Runner::Manual(queue) = self else { return 0 };
        let mut ran = 0;
        loop {
            // Not holding the lock while a task runs: a task may queue another.
            let next = queue.lock().ok().and_then(|mut q| q.pop_front());
            let Some(task) = next else { return ran };
            task();
            ran += 1;
        }
    }

    /// Drops the queued tasks unrun, as a thread that died would leave them (tests of how the
    /// window takes background work that stops without a result); returns how many.
    pub fn drop_pending(&self) -> usize {
        let Runner::Manual(queue) = self else { return 0 };
        queue.lock().map(|mut q| q.drain(..).count()).unwrap_or(0)
    }

    /// Number of tasks waiting (a manual runner's queue).
    pub fn pending(&self) -> usize {
        match self {
            Runner::Threads => 0,
            Runner::Manual(queue) => queue.lock().map_or(0, |q| q.len()),
        }
    }
}

/// Runs `work`, turning a panic into an error that says what it said.
pub fn catching<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an unknown error".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_runner_runs_nothing_until_asked() {
        let r = Runner::manual();
        let (tx, rx) = std::sync::mpsc::channel();
        let again = r.clone();
        r.spawn(move || {
            let _ = tx.send(1);
            again.spawn(|| {});
        });
        assert!(rx.try_recv().is_err());
        assert_eq!(r.pending(), 1);
        assert_eq!(r.run_pending(), 2, "the task and the one it queued");
        assert_eq!(rx.try_recv().ok(), Some(1));
    }

    #[test]
    fn a_panic_becomes_its_message() {
        let r: Result<(), String> = catching(|| panic!("the parser broke"));
        assert_eq!(r, Err("the parser broke".to_owned()));
    }
}
