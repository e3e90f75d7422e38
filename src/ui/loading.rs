//! Opening files and capturing: the background feed's events become the document's session,
//! the file dialogs run on workers, and an unsaved capture is not thrown away without asking.

use super::app::WirelensApp;
use super::background::Tagged;
use super::document::{CaptureCounts, FeedState};
use super::windows::{AfterPrompt, DialogResult, Prompt, PromptAnswer};
use crate::session::{Feed, FeedEvent, Session};
use std::path::PathBuf;
use std::sync::Arc;

impl WirelensApp {
    /// Starts indexing `paths` in the background (several are merged in time order).
    pub fn open(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        if self.doc.unsaved && !self.ui.quit_confirmed {
            self.ui.windows.prompt = Some(Prompt::Unsaved(AfterPrompt::Open(paths)));
            return;
        }
        self.ui.quit_confirmed = false;
        self.reset();
        self.doc.files = paths.clone();
        self.ui.message = Some(match paths.as_slice() {
            [one] => format!("Opening {}", one.display()),
            many => format!("Merging {} files", many.len()),
        });
        let feed = Feed::open(paths, self.env.waker());
        self.jobs.feed = Some(Tagged::new(self.doc.id, feed));
        self.doc.feed_state = FeedState::Loading { done: 0, total: 0 };
    }

    /// Shows the system file dialog on a worker; without a dialog backend the welcome screen's
    /// path field is offered instead.
    pub fn open_dialog(&mut self) {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let wake = self.env.waker();
        super::jobs::spawn_named("open-dialog", move || {
            let picked = rfd::FileDialog::new()
                .set_title("Open capture")
                .add_filter("Captures", &["pcap", "pcapng", "cap", "gz", "ntar"])
                .add_filter("All files", &["*"])
                .pick_files();
            tx.send(DialogResult::Open(picked)).ok();
            wake();
        });
        self.jobs.dialog = Some(Tagged::new(self.doc.id, rx));
    }

    /// Applies a finished file dialog.
    pub fn poll_dialog(&mut self) {
        let Some(result) = self
            .jobs
            .dialog
            .as_ref()
            .and_then(|d| d.job.try_recv().ok())
        else {
            return;
        };
        let Some(dialog) = self.jobs.dialog.take() else {
            return;
        };
        match result {
            DialogResult::Open(Some(paths)) if !paths.is_empty() => self.open(paths),
            DialogResult::Save { .. } if dialog.doc != self.doc.id => {
                self.ui.message = Some("Not saved: another capture was opened meanwhile.".into());
            }
            DialogResult::Save {
                path: Some(path),
                request,
            } => self.export(super::windows::ExportRequest { path, ..request }),
            DialogResult::Open(_) | DialogResult::Save { path: None, .. } => {
                self.ui.windows.path_fallback = true;
                self.ui.message = Some(
                    "No file chosen. If no dialog appeared, this system has no file-dialog \
                     backend (xdg-desktop-portal or zenity): type the path instead."
                        .into(),
                );
            }
        }
    }

    /// Stops loading; the packets indexed so far stay open.
    pub fn cancel_load(&mut self) {
        if let Some(f) = &self.jobs.feed {
            f.job.stop();
        }
    }

    /// Applies what the feed sent since the last frame.
    pub fn poll_feed(&mut self) {
        let mut events = Vec::new();
        if let Some(feed) = &self.jobs.feed {
            if feed.doc != self.doc.id {
                // Cannot happen (the feed is dropped with its document), but never apply
                // another capture's packets.
                self.jobs.feed = None;
                return;
            }
            while let Ok(e) = feed.job.events.try_recv() {
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
                if let FeedState::Loading { .. } = self.doc.feed_state {
                    self.doc.feed_state = FeedState::Loading {
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
                self.doc.feed_state = FeedState::Capturing {
                    received,
                    dropped,
                    dropped_by_app,
                };
                self.doc.capture_counts = Some(CaptureCounts {
                    received,
                    dropped: dropped + dropped_by_app,
                });
            }
            FeedEvent::Finished {
                session,
                cancelled,
                error,
            } => self.finish_feed(*session, cancelled, error),
            FeedEvent::Failed(message) => {
                self.jobs.feed = None;
                self.doc.feed_state = FeedState::Idle;
                self.ui.message = Some(message);
            }
        }
    }

    fn finish_feed(&mut self, session: Session, cancelled: bool, error: Option<String>) {
        let was_capture = self.doc.capturing();
        self.jobs.feed = None;
        self.doc.feed_state = FeedState::Idle;
        self.ui.message = match (&error, cancelled, &session.stop) {
            (Some(e), _, _) => Some(format!("Capture stopped: {e}")),
            (None, true, _) => Some(format!("Loading cancelled after {} packets", session.len())),
            (None, false, Some(stop)) => Some(format!("Loaded {} packets; {stop}", session.len())),
            (None, false, None) => None,
        };
        if was_capture && !session.is_empty() {
            self.doc.unsaved = true;
        }
        // Like Wireshark, only a file that opened goes to the recent list.
        if !self.doc.files.is_empty() {
            for p in &self.doc.files {
                self.prefs.add_recent(p);
            }
            self.save_prefs();
        }
        self.set_session(session, true);
    }

    /// Replaces the session with a newer one of the same capture (more packets, or the final
    /// index); the view follows.
    fn set_session(&mut self, session: Session, finished: bool) {
        let len = session.len();
        let old = self.doc.session.replace(Arc::new(session));
        // A big index (flow table) takes milliseconds to free: not on the UI thread.
        if let Some(old) = old {
            super::jobs::spawn_named("drop-session", move || drop(old));
        }
        self.doc.version += 1;
        if finished {
            // Reassembly is known only now: rows may read differently.
            self.doc.table.invalidate_rows();
        }
        if finished && !self.ui.filter.applied.is_empty() {
            // Reassembly is known only now: filter everything again.
            self.refilter();
        } else {
            self.grow_view(len);
        }
        if finished && let Some(sel) = self.doc.selection.as_ref().map(|s| s.packet) {
            self.doc.select_packet(sel);
        }
        if finished {
            self.doc.caches.plot.dirty = true;
        }
    }

    /// Starts a live capture with the welcome screen's options.
    pub fn start_capture(&mut self) {
        if self.doc.unsaved && !self.ui.quit_confirmed {
            self.ui.windows.prompt = Some(Prompt::Unsaved(AfterPrompt::Capture));
            return;
        }
        self.ui.quit_confirmed = false;
        let mut opts = self.prefs.capture.clone();
        let bpf = self.prefs.capture_filter.trim();
        opts.bpf = (!bpf.is_empty()).then(|| bpf.to_string());
        if opts.interface.is_empty() {
            self.ui.message = Some("Choose an interface to capture on.".into());
            return;
        }
        match Feed::capture(&opts, self.env.waker()) {
            Ok(feed) => {
                self.reset();
                self.jobs.feed = Some(Tagged::new(self.doc.id, feed));
                self.doc.feed_state = FeedState::Capturing {
                    received: 0,
                    dropped: 0,
                    dropped_by_app: 0,
                };
                self.doc.table.follow = true;
                self.ui.message = Some(format!("Capturing on {}", opts.interface));
                self.save_prefs();
            }
            Err(e) => {
                self.ui.message = Some(e.to_string());
                self.ui.windows.capture_error = Some(e.to_string());
            }
        }
    }

    /// Stops the live capture; the packets stay open (unsaved).
    pub fn stop_capture(&mut self) {
        if let Some(f) = &self.jobs.feed
            && self.doc.capturing()
        {
            f.job.stop();
        }
    }

    /// Stops the capture, throws its packets away and starts a new one with the same options.
    pub fn restart_capture(&mut self) {
        if self.doc.capturing() {
            // Dropping the feed stops it; the new capture replaces the old packets.
            self.jobs.feed = None;
            self.doc.unsaved = false;
        }
        self.ui.quit_confirmed = true;
        self.start_capture();
    }

    /// Closes the capture or quits; an unsaved live capture asks first.
    pub fn request_close(&mut self, quit: bool) {
        let after = if quit {
            AfterPrompt::Quit
        } else {
            AfterPrompt::Close
        };
        if (self.doc.unsaved || self.doc.capturing()) && !self.ui.quit_confirmed {
            self.ui.windows.prompt = Some(Prompt::Unsaved(after));
            return;
        }
        self.ui.quit_confirmed = false;
        if quit {
            self.ui.windows.quit_now = true;
        } else {
            self.reset();
            self.ui.message = None;
        }
    }

    /// Applies the answer to "Save the captured packets before …?".
    pub fn answer_prompt(&mut self, answer: PromptAnswer) {
        self.ui.windows.prompt = None;
        match answer {
            PromptAnswer::Save => {
                self.stop_capture();
                self.save();
            }
            PromptAnswer::Discard(after) => {
                self.ui.quit_confirmed = true;
                // Stops a running capture; its packets are not wanted.
                self.jobs.feed = None;
                self.doc.feed_state = FeedState::Idle;
                match after {
                    AfterPrompt::Close => self.request_close(false),
                    AfterPrompt::Quit => self.request_close(true),
                    AfterPrompt::Open(paths) => self.open(paths),
                    AfterPrompt::Capture => self.start_capture(),
                }
            }
            PromptAnswer::Cancel => {}
        }
    }
}
