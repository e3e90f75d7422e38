//! What the app gets from the world around it, injected so tests can replace it: how workers
//! wake the UI thread, where interfaces come from, where preferences are saved.

use super::interfaces::{FixedInterfaces, InterfaceProbe, SystemInterfaces};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The app's surroundings.
pub struct Environment {
    /// The egui context, known from the first frame (clipboard, waking the UI).
    ctx: Arc<OnceLock<egui::Context>>,
    /// Workers ask for a repaint when they have news. Off for tests, which step the app
    /// themselves: a wake-up from another thread would make the number of frames a test
    /// harness runs depend on timing. (The app also repaints every 50 ms while busy.)
    wake_from_workers: bool,
    /// Where the welcome screen's interfaces come from.
    pub interfaces: Arc<dyn InterfaceProbe>,
    /// Where preferences are written (`None`: nowhere).
    pub prefs_file: Option<PathBuf>,
}

impl Environment {
    /// The program's: libpcap's interfaces, workers wake the UI, preferences in `prefs_file`.
    pub fn system(prefs_file: Option<PathBuf>) -> Environment {
        Environment {
            ctx: Arc::default(),
            wake_from_workers: true,
            interfaces: Arc::new(SystemInterfaces),
            prefs_file,
        }
    }

    /// For tests and benchmarks: no interfaces, no wake-ups from workers, nothing saved.
    pub fn detached() -> Environment {
        Environment {
            ctx: Arc::default(),
            wake_from_workers: false,
            interfaces: Arc::new(FixedInterfaces::default()),
            prefs_file: None,
        }
    }

    /// Remembers the egui context (the first frame gives it).
    pub fn attach(&self, ctx: &egui::Context) {
        let _ = self.ctx.set(ctx.clone());
    }

    /// The egui context, once a frame has run.
    pub fn ctx(&self) -> Option<&egui::Context> {
        self.ctx.get()
    }

    /// A closure background threads call when they have news for the UI.
    pub fn waker(&self) -> impl Fn() + Send + Sync + 'static {
        let slot = self.wake_from_workers.then(|| self.ctx.clone());
        move || {
            if let Some(ctx) = slot.as_ref().and_then(|s| s.get()) {
                ctx.request_repaint();
            }
        }
    }

    /// Puts `text` on the clipboard.
    pub fn copy(&self, text: String) {
        if let Some(ctx) = self.ctx.get() {
            ctx.copy_text(text);
        }
    }
}
