//! A live capture as a growing session: packets from the capture thread are appended to a
//! spool file (nanosecond pcap, unlinked at once so nothing is left behind) and indexed in
//! arrival order; partial sessions read their bytes back from the spool.

use super::feed::{Feed, FeedEvent, PUBLISH_EVERY, publish};
use super::{Origin, Session};
use crate::capture::{CaptureError, CaptureEvent, CaptureOptions, LiveCapture};
use crate::dissect::LinkType;
use crate::pcapfile::{Format, Interface, RawPacket, Source};
use crate::store::indexer::IndexState;
use crossbeam_channel::{RecvTimeoutError, Sender};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

static SPOOL_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The spool: written by the capture's session thread, read by every partial session.
struct Spool {
    out: BufWriter<File>,
    written: u64,
    origin: Origin,
}

impl Spool {
    fn create(dir: &Path, interface: &str, link: u32, snaplen: u32) -> std::io::Result<Spool> {
        let n = SPOOL_COUNTER.fetch_add(1, Ordering::Relaxed);
        let safe: String = interface
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let path = dir.join(format!("wirelens-{safe}-{}-{n}.pcap", std::process::id()));
        let file = File::options()
            .create_new(true)
            .write(true)
            .read(true)
            .open(&path)?;
        let reader = File::open(&path)?;
        std::fs::remove_file(&path)?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        let mut header = Vec::with_capacity(24);
        header.extend_from_slice(&0xa1b2_3c4d_u32.to_le_bytes());
        header.extend_from_slice(&2u16.to_le_bytes());
        header.extend_from_slice(&4u16.to_le_bytes());
        header.extend_from_slice(&[0; 8]);
        header.extend_from_slice(&snaplen.to_le_bytes());
        header.extend_from_slice(&link.to_le_bytes());
        out.write_all(&header)?;
        let origin = Origin {
            format: Format::Pcap {
                nanos: true,
                big_endian: false,
                modified: false,
            },
            source: Source::File(Arc::new(reader)),
            interfaces: vec![Interface {
                link: LinkType(link),
                snaplen,
                ts_units_per_sec: 1_000_000_000,
                ts_offset_s: 0,
                name: Some(interface.to_string()),
            }],
            file_bytes: 24,
        };
        Ok(Spool {
            out,
            written: 24,
            origin,
        })
    }

    /// Appends one packet; returns where its bytes are.
    fn append(&mut self, ts_ns: i64, orig_len: u32, data: &[u8]) -> std::io::Result<RawPacket> {
        let secs = ts_ns.div_euclid(1_000_000_000);
        let nanos = ts_ns.rem_euclid(1_000_000_000);
        let cap_len = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let mut header = [0u8; 16];
        header[..4].copy_from_slice(&(secs as u32).to_le_bytes());
        header[4..8].copy_from_slice(&(nanos as u32).to_le_bytes());
        header[8..12].copy_from_slice(&cap_len.to_le_bytes());
        header[12..].copy_from_slice(&orig_len.to_le_bytes());
        self.out.write_all(&header)?;
        self.out.write_all(data)?;
        let offset = self.written + 16;
        self.written = offset + u64::from(cap_len);
        Ok(RawPacket {
            ts_ns,
            timestamped: true,
            offset,
            cap_len,
            orig_len,
            interface: 0,
        })
    }

    /// Makes everything appended readable through the spool's source.
    fn origin(&mut self) -> std::io::Result<Origin> {
        self.out.flush()?;
        let mut o = self.origin.clone();
        o.file_bytes = self.written;
        Ok(o)
    }
}

impl Feed {
    /// Starts capturing; errors (permission, bad filter, no such interface) come back here,
    /// before any thread runs.
    pub fn capture(
        opts: &CaptureOptions,
        notify: impl Fn() + Send + 'static,
    ) -> Result<Feed, CaptureError> {
        let capture = LiveCapture::start(opts)?;
        let snaplen = u32::try_from(opts.snaplen).unwrap_or(262_144);
        let spool = Spool::create(
            &std::env::temp_dir(),
            &opts.interface,
            capture.link,
            snaplen,
        )
        .map_err(|e| CaptureError::Open {
            interface: opts.interface.clone(),
            detail: format!("cannot create the spool file: {e}"),
        })?;
        let label = PathBuf::from(format!("Capturing from {}", opts.interface));
        Ok(Feed::spawn("capture-session", move |tx, stop| {
            run(capture, spool, &label, tx, stop, &notify)
        }))
    }
}

fn run(
    mut capture: LiveCapture,
    mut spool: Spool,
    label: &Path,
    tx: &Sender<FeedEvent>,
    stop: &AtomicBool,
    notify: &dyn Fn(),
) {
    let mut state = IndexState::default();
    // An empty session at once: the packet list shows before the first packet arrives.
    let mut dirty = true;
    let mut last = Instant::now() - PUBLISH_EVERY;
    let mut error = None;
    loop {
        if stop.load(Ordering::Relaxed) {
            capture.stop();
        }
        match capture.events.recv_timeout(Duration::from_millis(20)) {
            Ok(CaptureEvent::Packets(batch)) => {
                for p in batch {
                    match spool.append(p.ts_ns, p.orig_len, &p.data) {
                        Ok(raw) => state.index(&raw, &p.data, &spool.origin.interfaces),
                        Err(e) => {
                            error = Some(format!("cannot write the spool file: {e}"));
                            capture.stop();
                            break;
                        }
                    }
                }
                dirty = true;
            }
            Ok(CaptureEvent::Stats {
                received,
                dropped,
                dropped_by_app,
            }) => {
                let stats = FeedEvent::CaptureStats {
                    received,
                    dropped,
                    dropped_by_app,
                };
                if !publish(tx, stats, notify) {
                    capture.stop();
                }
            }
            Ok(CaptureEvent::Stopped { error: e }) => {
                error = error.or(e);
                break;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if dirty && last.elapsed() >= PUBLISH_EVERY {
            last = Instant::now();
            dirty = false;
            match spool.origin() {
                Ok(origin) => {
                    let event = FeedEvent::Progress {
                        session: Box::new(Session::partial(label, origin, &state)),
                        done_bytes: spool.written,
                        total_bytes: 0,
                    };
                    if !publish(tx, event, notify) {
                        capture.stop();
                    }
                }
                Err(e) => {
                    error = Some(format!("cannot write the spool file: {e}"));
                    capture.stop();
                }
            }
        }
    }
    capture.join();
    let origin = spool.origin().unwrap_or_else(|_| spool.origin.clone());
    let _ = tx.send(FeedEvent::Finished {
        session: Box::new(Session::from_state(label, origin, state)),
        cancelled: false,
        error,
    });
    notify();
}
