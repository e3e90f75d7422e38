//! Sending from the GUI — the Packet Builder's packet, or a replay of the displayed packets —
//! on a worker (one send at a time), with progress, Stop, and replies matched as the CLI's
//! `--replies` does. The result stays for the windows to show.

use super::app::WirelensApp;
use super::jobs::Job;
use crate::capture::{Outgoing, Pace, SendReport, Sender, send_all};
use crate::dissect::LinkType;
use crate::session::Session;
use crate::session::probe::{Listener, Probed, match_replies};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// What to send.
#[derive(Clone)]
pub enum SendSource {
    /// These frames, in order.
    Frames(Vec<Vec<u8>>),
    /// Packets of a capture (capture order), `loops` times over, with their time stamps.
    Replay {
        /// The capture.
        session: Arc<Session>,
        /// Packets (0-based).
        packets: Vec<usize>,
        /// Passes.
        loops: u64,
    },
}

/// A send the user asked for.
#[derive(Clone)]
pub struct SendRequest {
    /// Interface.
    pub interface: String,
    /// Frames or a replay.
    pub source: SendSource,
    /// Pacing.
    pub pace: Pace,
    /// Listen for replies this long after the last frame.
    pub replies: Option<Duration>,
}

/// Which window asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendOrigin {
    /// The Packet Builder.
    Builder,
    /// Capture ▸ Replay.
    Replay,
}

/// What a send did.
#[derive(Debug, Clone)]
pub struct SendOutcome {
    /// Who asked.
    pub origin: SendOrigin,
    /// Counters, or why nothing could be sent.
    pub result: Result<SendReport, String>,
    /// Probes and their replies (when replies were asked for).
    pub replies: Vec<Probed>,
    /// Link type of the interface.
    pub link: LinkType,
}

/// A send running on a worker.
pub struct SendJob {
    /// The worker.
    pub job: Job<SendOutcome>,
    /// Who asked.
    pub origin: SendOrigin,
}

impl WirelensApp {
    /// Starts sending on a worker (unless a send already runs).
    pub fn start_send(&mut self, origin: SendOrigin, request: SendRequest) {
        if self.jobs.send.is_some() {
            self.ui.message = Some("A send is running; stop it first.".into());
            return;
        }
        let total = match &request.source {
            SendSource::Frames(f) => f.len(),
            SendSource::Replay { packets, loops, .. } => packets
                .len()
                .saturating_mul(usize::try_from(*loops).unwrap_or(usize::MAX)),
        };
        let job = Job::spawn("Sending", total, self.env.waker(), move |control| {
            run(origin, &request, &|| control.cancelled(), &|n| {
                control.done.store(n as usize, Ordering::Relaxed);
            })
        });
        self.jobs.send = Some(SendJob { job, origin });
        self.ui.last_send = None;
    }

    /// Stops the running send (what was sent is reported).
    pub fn stop_send(&mut self) {
        if let Some(s) = &self.jobs.send {
            s.job.cancel();
        }
    }

    /// Keeps a finished send's result for its window.
    pub fn poll_send(&mut self) {
        let Some(outcome) = self.jobs.send.as_ref().and_then(|s| s.job.poll()) else {
            return;
        };
        self.jobs.send = None;
        self.ui.message = Some(match &outcome.result {
            Ok(r) => format!(
                "Sent {} packets ({:.0} packets/s), {} failed",
                r.sent,
                r.rate(),
                r.failures()
            ),
            Err(e) => format!("Not sent: {e}"),
        });
        self.ui.last_send = Some(outcome);
    }
}

fn frames(source: &SendSource) -> Vec<Outgoing> {
    match source {
        SendSource::Frames(f) => f
            .iter()
            .map(|b| Outgoing {
                bytes: b.clone(),
                ts_ns: 0,
            })
            .collect(),
        SendSource::Replay {
            session,
            packets,
            loops,
        } => {
            let one: Vec<Outgoing> = packets
                .iter()
                .filter_map(|&i| {
                    Some(Outgoing {
                        bytes: session.bytes(i).ok()?,
                        ts_ns: session.record(i)?.ts_ns,
                    })
                })
                .collect();
            let first = one.first().map_or(0, |o| o.ts_ns);
            let span = one.last().map_or(0, |o| o.ts_ns - first);
            (0..*loops)
                .flat_map(|pass| {
                    let shift = span * i64::try_from(pass).unwrap_or(0);
                    one.iter().map(move |o| Outgoing {
                        bytes: o.bytes.clone(),
                        ts_ns: o.ts_ns + shift,
                    })
                })
                .collect()
        }
    }
}

/// The worker's body.
fn run(
    origin: SendOrigin,
    request: &SendRequest,
    stop: &dyn Fn() -> bool,
    progress: &dyn Fn(u64),
) -> SendOutcome {
    let failed = |e: String| SendOutcome {
        origin,
        result: Err(e),
        replies: Vec::new(),
        link: LinkType::ETHERNET,
    };
    let mut sender = match Sender::open(&request.interface) {
        Ok(s) => s,
        Err(e) => return failed(e.to_string()),
    };
    let link = sender.link();
    let listener = match request.replies.map(|_| Listener::start(&request.interface)) {
        Some(Ok(l)) => Some(l),
        Some(Err(e)) => return failed(e.to_string()),
        None => None,
    };
    let frames = frames(&request.source);
    let sent_at = std::cell::RefCell::new(Vec::with_capacity(frames.len()));
    let report = send_all(&mut sender, frames.iter(), request.pace, stop, &|n| {
        sent_at
            .borrow_mut()
            .push(chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0));
        progress(n);
    });
    let replies = match (listener, request.replies) {
        (Some(l), Some(linger)) => {
            let heard = l.finish(linger);
            let probes: Vec<(Vec<u8>, i64)> = frames
                .iter()
                .zip(sent_at.into_inner())
                .map(|(f, t)| (f.bytes.clone(), t))
                .collect();
            match_replies(link, &probes, &heard)
        }
        _ => Vec::new(),
    };
    SendOutcome {
        origin,
        result: Ok(report),
        replies,
        link,
    }
}
