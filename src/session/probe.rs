//! Send and match replies, as scapy's `sr()`: a second handle listens on the interface while
//! the probes go out (the sending handle never sees its own frames), then every probe is
//! paired with the first frame that answers it (`craft::answers`), with the round-trip time
//! measured between the two frames' capture time stamps.

use crate::capture::{CaptureError, CaptureEvent, CaptureOptions, CapturedPacket, LiveCapture};
use crate::craft::answers::{Signature, answers, signature};
use crate::dissect::LinkType;
use crate::dissect::context::TransportKind;
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

/// Bytes kept per listened frame (headers; enough to match).
const LISTEN_SNAPLEN: i32 = 512;
/// How far a frame's kernel time stamp may precede the send time read after sending, ns.
const CLOCK_SLACK_NS: i64 = 50_000_000;
/// Most frames kept while listening (a flood on the interface must not exhaust memory).
const MAX_LISTENED: usize = 2_000_000;

/// Frames captured while probing.
pub struct Listener {
    capture: LiveCapture,
    collector: Option<std::thread::JoinHandle<Vec<CapturedPacket>>>,
}

impl Listener {
    /// Starts listening on `interface`; frames sent after this returns are seen.
    pub fn start(interface: &str) -> Result<Listener, CaptureError> {
        let opts = CaptureOptions {
            interface: interface.into(),
            snaplen: LISTEN_SNAPLEN,
            promiscuous: false,
            buffer_bytes: 32 << 20,
            ..CaptureOptions::default()
        };
        let capture = LiveCapture::start(&opts)?;
        let events = capture.events.clone();
        let collector = std::thread::Builder::new()
            .name(format!("listen:{interface}"))
            .spawn(move || {
                let mut out: Vec<CapturedPacket> = Vec::new();
                while let Ok(e) = events.recv() {
                    match e {
                        CaptureEvent::Packets(batch) => {
                            let room = MAX_LISTENED.saturating_sub(out.len());
                            out.extend(batch.into_iter().take(room));
                        }
                        CaptureEvent::Stopped { .. } => break,
                        CaptureEvent::Stats { .. } => {}
                    }
                }
                out
            })
            .ok();
        Ok(Listener { capture, collector })
    }

    /// The interface's link type.
    pub fn link(&self) -> LinkType {
        LinkType(self.capture.link)
    }

    /// Listens `linger` more (for the last replies), then stops and returns every frame.
    pub fn finish(mut self, linger: Duration) -> Vec<CapturedPacket> {
        std::thread::sleep(linger);
        self.capture.join();
        self.collector
            .take()
            .and_then(|c| c.join().ok())
            .unwrap_or_default()
    }
}

/// A probe and what answered it.
#[derive(Debug, Clone, PartialEq)]
pub struct Probed {
    /// The probe's bytes.
    pub probe: Vec<u8>,
    /// The answer and the round-trip time, ns; `None`: unanswered.
    pub reply: Option<(CapturedPacket, i64)>,
}

/// A key that a probe and every frame that may answer it share (so matching is not a
/// comparison of every probe with every frame).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Echo(u64, u64),
    Ports(bool, u16, u16),
    Arp(IpAddr),
    Error(Option<(IpAddr, IpAddr)>),
}

fn probe_keys(p: &Signature) -> Vec<Key> {
    let mut keys = Vec::new();
    if let Some((_, id, seq)) = p.echo() {
        keys.push(Key::Echo(id, seq));
    }
    if let Some(t) = p.transport() {
        keys.push(Key::Ports(
            t.kind == TransportKind::Tcp,
            t.src_port,
            t.dst_port,
        ));
    }
    if let Some((_, _, target)) = p.arp() {
        keys.push(Key::Arp(target));
    }
    keys.push(Key::Error(p.net()));
    keys
}

fn reply_keys(r: &Signature) -> Vec<Key> {
    let mut keys = Vec::new();
    if let Some((_, id, seq)) = r.echo() {
        keys.push(Key::Echo(id, seq));
    }
    if let Some(t) = r.transport() {
        keys.push(Key::Ports(
            t.kind == TransportKind::Tcp,
            t.dst_port,
            t.src_port,
        ));
    }
    if let Some((_, sender, _)) = r.arp() {
        keys.push(Key::Arp(sender));
    }
    if r.is_error() {
        keys.push(Key::Error(r.quoted_net()));
    }
    keys
}

/// Pairs each probe with the first later frame that answers it. A probe's send time is its
/// own frame's time stamp when the listener saw it go out, else `sent_ns`.
pub fn match_replies(
    link: LinkType,
    probes: &[(Vec<u8>, i64)],
    heard: &[CapturedPacket],
) -> Vec<Probed> {
    let sigs: Vec<Signature> = heard.iter().map(|h| signature(link, &h.data)).collect();
    let mut by_key: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut by_bytes: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for (i, s) in sigs.iter().enumerate() {
        for k in reply_keys(s) {
            by_key.entry(k).or_default().push(i);
        }
        if let Some(h) = heard.get(i) {
            by_bytes.entry(h.data.as_slice()).or_default().push(i);
        }
    }
    let mut used = vec![false; heard.len()];
    probes
        .iter()
        .map(|(bytes, sent_ns)| {
            let p = signature(link, bytes);
            // The probe's own copy on the wire (the first not yet taken, sent about then).
            let copy = by_bytes.get(bytes.as_slice()).and_then(|v| {
                v.iter().copied().find(|&i| {
                    !used.get(i).copied().unwrap_or(true)
                        && heard
                            .get(i)
                            .is_some_and(|h| h.ts_ns >= sent_ns - CLOCK_SLACK_NS)
                })
            });
            if let Some(u) = copy.and_then(|i| used.get_mut(i)) {
                *u = true;
            }
            let t0 = copy
                .and_then(|i| heard.get(i))
                .map_or(*sent_ns, |h| h.ts_ns);
            let mut candidates: Vec<usize> = probe_keys(&p)
                .into_iter()
                .flat_map(|k| by_key.get(&k).cloned().unwrap_or_default())
                .collect();
            candidates.sort_unstable();
            let found = candidates.into_iter().find(|&i| {
                !used.get(i).copied().unwrap_or(true)
                    && heard.get(i).is_some_and(|h| h.ts_ns >= t0)
                    && sigs.get(i).is_some_and(|r| answers(&p, r))
            });
            let reply = found.and_then(|i| {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                heard.get(i).map(|h| (h.clone(), h.ts_ns - t0))
            });
            Probed {
                probe: bytes.clone(),
                reply,
            }
        })
        .collect()
}
