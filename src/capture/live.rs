//! The capture thread. libpcap runs in non-blocking mode: the thread drains what is available,
//! sends it as one owned batch, and naps 5 ms when idle, so it notices "stop" within
//! milliseconds even on an idle interface (the blocking read timeout never fires there); it
//! then reads what the kernel still holds (≤ 60 ms) before it ends.

use crossbeam_channel::{Receiver, Sender, TrySendError, bounded};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Batches buffered between the capture thread and its consumer (≈ 64 × 1024 packets).
pub const CHANNEL_BATCHES: usize = 64;
/// Largest batch, packets.
pub const BATCH_PACKETS: usize = 1024;
/// Longest a packet waits in an unsent batch.
pub const BATCH_AGE: Duration = Duration::from_millis(50);
/// The kernel hands over a partly filled ring block after this long (TPACKET_V3's block
/// timeout: immediate mode would use one ring frame per packet, and with a 256 KiB snaplen a
/// 4 MiB buffer holds only 16 packets, which drops packets at a few thousand per second).
const BLOCK_TIMEOUT_MS: i32 = 40;
/// Nap when nothing is available.
const IDLE_NAP: Duration = Duration::from_millis(5);

/// How to capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureOptions {
    /// Interface name.
    pub interface: String,
    /// BPF capture filter.
    pub bpf: Option<String>,
    /// Bytes kept per packet.
    pub snaplen: i32,
    /// Promiscuous mode.
    pub promiscuous: bool,
    /// Kernel buffer, bytes.
    pub buffer_bytes: i32,
}

impl Default for CaptureOptions {
    fn default() -> Self {
        CaptureOptions {
            interface: String::new(),
            bpf: None,
            snaplen: 262_144,
            promiscuous: true,
            buffer_bytes: 4 << 20,
        }
    }
}

/// One captured packet, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedPacket {
    /// Capture time, ns since the epoch.
    pub ts_ns: i64,
    /// Length on the wire.
    pub orig_len: u32,
    /// Captured bytes.
    pub data: Vec<u8>,
}

/// What the capture thread reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptureEvent {
    /// New packets.
    Packets(Vec<CapturedPacket>),
    /// libpcap's counters (approximate, see pcap_stats(3PCAP)).
    Stats {
        /// Packets the kernel saw.
        received: u64,
        /// Dropped for lack of buffer space.
        dropped: u64,
        /// Packets the consumer was too slow for (channel full), dropped here.
        dropped_by_app: u64,
    },
    /// The thread ended; `error` says why if it was not asked to.
    Stopped {
        /// The failure, if any.
        error: Option<String>,
    },
}

/// Why a capture could not start.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The process lacks CAP_NET_RAW.
    #[error(
        "no permission to capture on {interface}: capturing needs CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode).\n  \
         Grant it once:  sudo setcap cap_net_raw,cap_net_admin=eip {exe}\n  \
         or run as root. (libpcap said: {detail})"
    )]
    Permission {
        /// Interface.
        interface: String,
        /// This executable, for the setcap command.
        exe: String,
        /// libpcap's message.
        detail: String,
    },
    /// The BPF expression does not compile.
    #[error("invalid capture filter \"{filter}\": {detail}")]
    BadFilter {
        /// The expression.
        filter: String,
        /// libpcap's message.
        detail: String,
    },
    /// Any other libpcap failure.
    #[error("cannot capture on {interface}: {detail}")]
    Open {
        /// Interface.
        interface: String,
        /// libpcap's message.
        detail: String,
    },
}

/// Checks a BPF expression with libpcap before any capture starts.
pub fn check_bpf(filter: &str, link: i32) -> Result<(), CaptureError> {
    let bad = |e: pcap::Error| CaptureError::BadFilter {
        filter: filter.into(),
        detail: e.to_string(),
    };
    let dead = pcap::Capture::dead(pcap::Linktype(link)).map_err(bad)?;
    dead.compile(filter, true).map(|_| ()).map_err(bad)
}

fn is_permission(e: &pcap::Error) -> bool {
    let text = e.to_string().to_ascii_lowercase();
    text.contains("permitted") || text.contains("permission")
}

/// What a failure to open `interface` means: missing CAP_NET_RAW (with the command that
/// grants it), or libpcap's own message.
pub fn open_error(interface: &str, e: &pcap::Error) -> CaptureError {
    if is_permission(e) {
        let exe = std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "wirelens".into());
        CaptureError::Permission {
            interface: interface.into(),
            exe,
            detail: e.to_string(),
        }
    } else {
        CaptureError::Open {
            interface: interface.into(),
            detail: e.to_string(),
        }
    }
}

/// A running capture.
#[derive(Debug)]
pub struct LiveCapture {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// Events from the capture thread.
    pub events: Receiver<CaptureEvent>,
    /// Link type of the interface.
    pub link: u32,
}

impl LiveCapture {
    /// Opens the interface (errors are reported here, before any thread starts) and starts
    /// the capture thread.
    pub fn start(opts: &CaptureOptions) -> Result<LiveCapture, CaptureError> {
        if let Some(f) = &opts.bpf {
            check_bpf(f, 1)?;
        }
        let open_err = |e: pcap::Error| open_error(&opts.interface, &e);
        let mut cap = pcap::Capture::from_device(opts.interface.as_str())
            .map_err(open_err)?
            .snaplen(opts.snaplen)
            .promisc(opts.promiscuous)
            .buffer_size(opts.buffer_bytes)
            .immediate_mode(false)
            .timeout(BLOCK_TIMEOUT_MS)
            .precision(pcap::Precision::Nano)
            .open()
            .map_err(open_err)?;
        if let Some(f) = &opts.bpf {
            cap.filter(f, true).map_err(|e| CaptureError::BadFilter {
                filter: f.clone(),
                detail: e.to_string(),
            })?;
        }
        let link = u32::try_from(cap.get_datalink().0).unwrap_or(1);
        let cap = cap.setnonblock().map_err(open_err)?;
        let (tx, events) = bounded(CHANNEL_BATCHES);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name(format!("capture-live:{}", opts.interface))
            .spawn(move || run(cap, &tx, &flag))
            .map_err(|e| CaptureError::Open {
                interface: opts.interface.clone(),
                detail: e.to_string(),
            })?;
        Ok(LiveCapture {
            stop,
            thread: Some(thread),
            events,
            link,
        })
    }

    /// Asks the thread to stop; it sends final stats and `Stopped` within a few ms.
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// Stops and waits for the thread.
    pub fn join(&mut self) {
        self.stop();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for LiveCapture {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(mut cap: pcap::Capture<pcap::Active>, tx: &Sender<CaptureEvent>, stop: &AtomicBool) {
    let app_drops = AtomicU64::new(0);
    let mut batch: Vec<CapturedPacket> = Vec::new();
    let mut oldest: Option<Instant> = None;
    let mut last_stats = Instant::now();
    // After "stop", packets already in the ring (a block not yet handed over) are still read:
    // the thread drains until the block timeout has passed, then gives up after a grace period.
    let drain = Duration::from_millis(BLOCK_TIMEOUT_MS as u64 + 20);
    let mut stop_at: Option<Instant> = None;
    let error = loop {
        if stop_at.is_none() && stop.load(Ordering::Relaxed) {
            stop_at = Some(Instant::now());
        }
        if stop_at.is_some_and(|t| t.elapsed() >= drain * 3) {
            break None;
        }
        match cap.next_packet() {
            Ok(p) => {
                let ts_ns = p.header.ts.tv_sec * 1_000_000_000 + p.header.ts.tv_usec;
                batch.push(CapturedPacket {
                    ts_ns,
                    orig_len: p.header.len,
                    data: p.data.to_vec(),
                });
                oldest.get_or_insert_with(Instant::now);
                if batch.len() >= BATCH_PACKETS {
                    send(tx, &mut batch, &app_drops);
                    oldest = None;
                }
            }
            Err(pcap::Error::TimeoutExpired) if stop_at.is_some_and(|t| t.elapsed() >= drain) => {
                break None;
            }
            Err(pcap::Error::TimeoutExpired) => {
                if oldest.is_some_and(|t| t.elapsed() >= BATCH_AGE) || (!batch.is_empty()) {
                    send(tx, &mut batch, &app_drops);
                    oldest = None;
                }
                std::thread::sleep(IDLE_NAP);
            }
            Err(e) => break Some(e.to_string()),
        }
        if last_stats.elapsed() >= Duration::from_millis(500) {
            let _ = tx.try_send(stats_event(&mut cap, &app_drops));
            last_stats = Instant::now();
        }
    };
    send(tx, &mut batch, &app_drops);
    let _ = tx.send(stats_event(&mut cap, &app_drops));
    let _ = tx.send(CaptureEvent::Stopped { error });
}

/// Sends a batch without ever blocking the capture: a full channel counts as dropped packets.
fn send(tx: &Sender<CaptureEvent>, batch: &mut Vec<CapturedPacket>, drops: &AtomicU64) {
    if batch.is_empty() {
        return;
    }
    let n = batch.len() as u64;
    match tx.try_send(CaptureEvent::Packets(std::mem::take(batch))) {
        Ok(()) => {}
        Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {
            drops.fetch_add(n, Ordering::Relaxed);
        }
    }
}

fn stats_event(cap: &mut pcap::Capture<pcap::Active>, drops: &AtomicU64) -> CaptureEvent {
    let (received, dropped) = cap
        .stats()
        .map_or((0, 0), |s| (u64::from(s.received), u64::from(s.dropped)));
    CaptureEvent::Stats {
        received,
        dropped,
        dropped_by_app: drops.load(Ordering::Relaxed),
    }
}
