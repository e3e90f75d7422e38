//! Long work (filtering, sorting, saving, statistics) on worker threads: the UI polls each
//! job once a frame, shows its progress and can cancel it; results arrive as owned values.

use crate::session::JobControl;
use crossbeam_channel::{Receiver, bounded};
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// A job running on a worker thread.
#[derive(Debug)]
pub struct Job<T> {
    /// What it is doing, for the status bar ("Filtering", "Saving").
    pub label: &'static str,
    /// Units of work in all (packets).
    pub total: usize,
    control: Arc<JobControl>,
    result: Receiver<T>,
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a new thread; `repaint` is called when it finishes.
    pub fn spawn(
        label: &'static str,
        total: usize,
        repaint: impl Fn() + Send + 'static,
        work: impl FnOnce(&JobControl) -> T + Send + 'static,
    ) -> Job<T> {
        let control = Arc::new(JobControl::default());
        let (tx, result) = bounded(1);
        let shared = control.clone();
        spawn_named(label, move || {
            let _ = tx.send(work(&shared));
            repaint();
        });
        Job {
            label,
            total,
            control,
            result,
        }
    }

    /// The result, once the worker is done.
    pub fn poll(&self) -> Option<T> {
        self.result.try_recv().ok()
    }

    /// Fraction done, 0..=1.
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            return 1.0;
        }
        (self.control.done.load(Ordering::Relaxed) as f32 / self.total as f32).min(1.0)
    }

    /// Asks the worker to stop (its result then says it was cancelled).
    pub fn cancel(&self) {
        self.control.cancel.store(true, Ordering::Relaxed);
    }
}

/// Runs `f` on a new thread named `name` (a failure to spawn is reported, not a panic: the
/// job then simply never finishes and can be cancelled).
pub fn spawn_named(name: &str, f: impl FnOnce() + Send + 'static) {
    if let Err(e) = std::thread::Builder::new().name(name.into()).spawn(f) {
        eprintln!("wirelens: cannot start a worker thread for {name}: {e}");
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.control.cancel.store(true, Ordering::Relaxed);
    }
}
