//! Opening files and capturing: the background feed's events become the app's session, the
//! file dialogs run on workers, and an unsaved capture is not thrown away without asking.

use super::app::{FeedState, WirelensApp};
use super::view::View;
use super::windows::{DialogResult, Prompt};
use crate::session::{Feed, FeedEvent, Session};
use std::path::PathBuf;
use std::sync::Arc;

impl WirelensApp {
    /// Starts indexing `paths` in the background (several are merged in time order).
    pub fn open(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        if self.unsaved && !self.quit_confirmed {
            self.windows.prompt = Some(Prompt::Unsaved(super::windows::AfterPrompt::Open(paths)));
            return;
        }
        self.quit_confirmed = false;
        self.reset();
        if let Some(settings) = &mut self.settings {
            for p in &paths {
                settings.add_recent(p);
            }
            settings.save_quietly();
        }
        self.message = Some(match paths.as_slice() {
            [one] => format!("Opening {}", one.display()),
            many => format!("Merging {} files", many.len()),
        });
        self.feed = Some(Feed::open(paths, self.repainter()));
        self.feed_state = FeedState::Loading { done: 0, total: 0 };
    }

    /// Forgets the current capture and everything about it.
    fn reset(&mut self) {
        self.feed = None;
        self.feed_state = FeedState::Idle;
        self.session = None;
        self.generation += 1;
        self.capture_id += 1;
        self.plot_dirty();
        self.view = View::default();
        self.covered = 0;
        self.view_job = None;
        self.selection = None;
        self.marks.clear();
        self.time_refs.clear();
        self.conversations = None;
        self.conversations_job = None;
        self.table.reset();
        self.unsaved = false;
        self.capture_counts = None;
    }

    /// Shows the system file dialog on a worker; without a dialog backend the welcome screen's
    /// path field is offered instead.
    pub fn open_dialog(&mut self) {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let repaint = self.repainter();
        super::jobs::spawn_named("open-dialog", move || {
            let picked = rfd::FileDialog::new()
                .set_title("Open capture")
                .add_filter("Captures", &["pcap", "pcapng", "cap", "gz", "ntar"])
                .add_filter("All files", &["*"])
                .pick_files();
            let _ = tx.send(DialogResult::Open(picked));
            repaint();
        });
        self.dialog = Some(rx);
    }

    /// Applies a finished file dialog.
    pub fn poll_dialog(&mut self) {
        let Some(result) = self.dialog.as_ref().and_then(|rx| rx.try_recv().ok()) else {
            return;
        };
        self.dialog = None;
        match result {
            DialogResult::Open(Some(paths)) if !paths.is_empty() => self.open(paths),
            DialogResult::Save(Some(path), request) => {
                self.export(super::windows::ExportRequest { path, ..request })
            }
            DialogResult::Open(_) | DialogResult::Save(None, _) => {
                self.windows.path_fallback = true;
                self.message = Some(
                    "No file chosen. If no dialog appeared, this system has no file-dialog \
                     backend (xdg-desktop-portal or zenity): type the path instead."
                        .into(),
                );
            }
        }
    }

    /// Stops loading; the packets indexed so far stay open.
    pub fn cancel_load(&mut self) {
        if let Some(f) = &self.feed {
            f.stop();
        }
    }

    /// Applies what the feed sent since the last frame.
    pub fn poll_feed(&mut self) {
        let mut events = Vec::new();
        if let Some(feed) = &self.feed {
            while let Ok(e) = feed.events.try_recv() {
                let last = matches!(e, FeedEvent::Finished { .. } | FeedEvent::Failed(_));
                events.push(e);
                if last {
                    break;
                }
            }
        }
        for e in events {
            self.apply_feed_event(e);
        }
    }

    fn apply_feed_event(&mut self, event: FeedEvent) {
        match event {
            FeedEvent::Progress {
                session,
                done_bytes,
                total_bytes,
            } => {
                if let FeedState::Loading { .. } = self.feed_state {
                    self.feed_state = FeedState::Loading {
                        done: done_bytes,
                        total: total_bytes,
                    };
                }
                self.set_session(*session, false);
            }
            FeedEvent::CaptureStats {
                received,
                dropped,
                dropped_by_app,
            } => {
                self.feed_state = FeedState::Capturing {
                    received,
                    dropped,
                    dropped_by_app,
                };
                self.capture_counts = Some((received, dropped + dropped_by_app));
            }
            FeedEvent::Finished {
                session,
                cancelled,
                error,
            } => self.finish_feed(*session, cancelled, error),
            FeedEvent::Failed(message) => {
                self.feed = None;
                self.feed_state = FeedState::Idle;
                self.message = Some(message);
            }
        }
    }

    fn finish_feed(&mut self, session: Session, cancelled: bool, error: Option<String>) {
        let was_capture = self.capturing();
        self.feed = None;
        self.feed_state = FeedState::Idle;
        self.message = match (&error, cancelled, &session.stop) {
            (Some(e), _, _) => Some(format!("Capture stopped: {e}")),
            (None, true, _) => Some(format!("Loading cancelled after {} packets", session.len())),
            (None, false, Some(stop)) => Some(format!("Loaded {} packets; {stop}", session.len())),
            (None, false, None) => None,
        };
        if was_capture && !session.is_empty() {
            self.unsaved = true;
        }
        self.set_session(session, true);
    }

    /// Replaces the session with a newer one of the same capture (more packets, or the final
    /// index); the view follows.
    fn set_session(&mut self, session: Session, finished: bool) {
        let len = session.len();
        let old = self.session.replace(Arc::new(session));
        // A big index (flow table) takes milliseconds to free: not on the UI thread.
        if let Some(old) = old {
            super::jobs::spawn_named("drop-session", move || drop(old));
        }
        self.generation += 1;
        if finished {
            // Reassembly is known only now: rows may read differently.
            self.table.invalidate_rows();
        }
        if finished && !self.filter.applied.is_empty() {
            // Reassembly is known only now: filter everything again.
            self.refilter();
        } else {
            self.grow_view(len);
        }
        if finished
            && let Some(sel) = self.selection.as_ref().map(|s| s.packet)
            && let Some(row) = self.view.row_of(sel)
        {
            self.select_row(row);
        }
        if finished {
            self.plot_dirty();
        }
    }

    /// Starts a live capture with the welcome screen's options.
    pub fn start_capture(&mut self) {
        if self.unsaved && !self.quit_confirmed {
            self.windows.prompt = Some(Prompt::Unsaved(super::windows::AfterPrompt::Capture));
            return;
        }
        self.quit_confirmed = false;
        let mut opts = self.capture_options.clone();
        let bpf = self.capture_filter.trim();
        opts.bpf = (!bpf.is_empty()).then(|| bpf.to_string());
        if opts.interface.is_empty() {
            self.message = Some("Choose an interface to capture on.".into());
            return;
        }
        match Feed::capture(&opts, self.repainter()) {
            Ok(feed) => {
                self.reset();
                self.feed = Some(feed);
                self.feed_state = FeedState::Capturing {
                    received: 0,
                    dropped: 0,
                    dropped_by_app: 0,
                };
                self.table.follow = true;
                self.message = Some(format!("Capturing on {}", opts.interface));
                if let Some(s) = &mut self.settings {
                    s.remember_capture(&opts);
                    s.save_quietly();
                }
            }
            Err(e) => {
                self.message = Some(e.to_string());
                self.windows.capture_error = Some(e.to_string());
            }
        }
    }

    /// Stops the live capture; the packets stay open (unsaved).
    pub fn stop_capture(&mut self) {
        if let Some(f) = &self.feed
            && self.capturing()
        {
            f.stop();
        }
    }

    pub fn restart_capture(&mut self) {
        if self.capturing() {
            // Dropping the feed stops it; the new capture replaces the old packets.
            self.feed = None;
            self.unsaved = false;
        }
        self.quit_confirmed = true;
        self.start_capture();
    }

    /// Closes the capture or quits; an unsaved live capture asks first.
    pub fn request_close(&mut self, quit: bool) {
        let after = if quit {
            super::windows::AfterPrompt::Quit
        } else {
            super::windows::AfterPrompt::Close
        };
        if (self.unsaved || self.capturing()) && !self.quit_confirmed {
            self.windows.prompt = Some(Prompt::Unsaved(after));
            return;
        }
        self.quit_confirmed = false;
        if quit {
            self.windows.quit_now = true;
        } else {
            self.reset();
            self.message = None;
        }
    }
}
