//! Sessions that grow on a background thread: a capture file being indexed, or a live capture
//! being spooled to disk and indexed. The thread owns the index; its consumer (the UI thread)
//! receives owned partial sessions a few times a second and the finished session at the end.

use super::{Origin, Session};
use crate::pcapfile::Reader;
use crate::store::Indexer;
use crossbeam_channel::{Receiver, Sender, TrySendError, bounded};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Partial sessions are published at most this often.
pub const PUBLISH_EVERY: Duration = Duration::from_millis(100);

/// What a growing session reports.
#[derive(Debug)]
pub enum FeedEvent {
    /// The packets indexed so far (flows included; reassembly plans come with `Finished`).
    Progress {
        /// The partial session.
        session: Box<Session>,
        /// Bytes of the file read so far (live: spooled).
        done_bytes: u64,
        /// Size of the file (live: 0, unknown).
        total_bytes: u64,
    },
    /// libpcap's counters during a live capture.
    CaptureStats {
        /// Packets the kernel saw.
        received: u64,
        /// Dropped by the kernel.
        dropped: u64,
        /// Dropped because the indexer fell behind.
        dropped_by_app: u64,
    },
    /// Indexing ended: the whole file, a cancelled load (the packets so far), or a stopped
    /// capture.
    Finished {
        /// The session, with reassembly plans.
        session: Box<Session>,
        /// The user cancelled loading.
        cancelled: bool,
        /// Why a live capture ended if nobody asked it to.
        error: Option<String>,
    },
    /// Nothing could be opened.
    Failed(String),
}

/// A background thread building a session.
#[derive(Debug)]
pub struct Feed {
    /// Events for the consumer.
    pub events: Receiver<FeedEvent>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Feed {
    /// Indexes `paths` in the background (several files are first merged in time order into a
    /// temporary pcapng). `notify` runs after each event is sent (e.g. to request a repaint).
    pub fn open(paths: Vec<PathBuf>, notify: impl Fn() + Send + 'static) -> Feed {
        Feed::spawn("index-file", move |tx, stop| {
            let path = match super::merge::merged_path(&paths) {
                Ok(p) => p,
                Err(e) => {
                    let _ = tx.send(FeedEvent::Failed(e.to_string()));
                    notify();
                    return;
                }
            };
            index_file(&path, tx, stop, &notify);
        })
    }

    /// Starts a thread running `body(events, stop flag)`.
    pub(super) fn spawn(
        name: &str,
        body: impl FnOnce(&Sender<FeedEvent>, &AtomicBool) + Send + 'static,
    ) -> Feed {
        let (tx, events) = bounded(4);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || body(&tx, &flag))
            .ok();
        Feed {
            events,
            stop,
            thread,
        }
    }

    /// Asks the thread to stop (cancel a load, stop a capture); `Finished` follows.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// True once the thread has been asked to stop.
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.stop();
        // Unblock a thread waiting to send, then wait for it.
        while self.events.try_recv().is_ok() {}
        if let Some(t) = self.thread.take() {
            let deadline = Instant::now() + Duration::from_secs(2);
            while !t.is_finished() && Instant::now() < deadline {
                while self.events.try_recv().is_ok() {}
                std::thread::sleep(Duration::from_millis(2));
            }
            if t.is_finished() {
                let _ = t.join();
            }
        }
    }
}

/// Sends a progress event unless the consumer is behind (it gets the next one).
pub(super) fn publish(tx: &Sender<FeedEvent>, event: FeedEvent, notify: &dyn Fn()) -> bool {
    match tx.try_send(event) {
        Ok(()) => {
            notify();
            true
        }
        Err(TrySendError::Full(_)) => true,
        Err(TrySendError::Disconnected(_)) => false,
    }
}

fn index_file(path: &Path, tx: &Sender<FeedEvent>, stop: &AtomicBool, notify: &dyn Fn()) {
    let reader = match Reader::open(path) {
        Ok(r) => r,
        Err(e) => {
            let _ = tx.send(FeedEvent::Failed(e.to_string()));
            notify();
            return;
        }
    };
    let mut indexer = Indexer::new(reader);
    let mut pacing = Pacing::default();
    let mut cancelled = false;
    indexer.run_until(|reader, state| {
        if stop.load(Ordering::Relaxed) {
            cancelled = true;
            return false;
        }
        if pacing.due() {
            let started = Instant::now();
            let event = FeedEvent::Progress {
                session: Box::new(Session::partial(path, Origin::of(reader), state)),
                done_bytes: reader.bytes_read(),
                total_bytes: reader.total_bytes(),
            };
            pacing.published(started.elapsed());
            return publish(tx, event, notify);
        }
        true
    });
    let session = Box::new(Session::from_indexer(path, indexer));
    let _ = tx.send(FeedEvent::Finished {
        session,
        cancelled,
        error: None,
    });
    notify();
}

/// When to publish the next partial session: every [`PUBLISH_EVERY`], but never spending more
/// than a tenth of the time on copying (a big flow table takes a while to copy).
#[derive(Debug)]
pub(super) struct Pacing {
    next: Instant,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing {
            next: Instant::now(),
        }
    }
}

impl Pacing {
    /// True when a partial session should be published now.
    pub(super) fn due(&self) -> bool {
        Instant::now() >= self.next
    }

    /// Records that publishing took `cost`.
    pub(super) fn published(&mut self, cost: Duration) {
        self.next = Instant::now() + PUBLISH_EVERY.max(cost * 10);
    }
}
