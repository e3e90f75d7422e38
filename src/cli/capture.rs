//! `wirelens capture`: live capture to a file or the terminal.

use super::WriteFormat;
use crate::capture::{CaptureEvent, CaptureOptions, CapturedPacket, LiveCapture};
use crate::dissect::{self, FrameContext, FrameInfo, LinkType};
use crate::pcapfile::{Interface, OutputFormat, PacketToWrite, write_atomically};
use anyhow::bail;
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Arguments of `capture`.
#[derive(Debug, Args)]
pub struct CaptureArgs {
    /// Interface to capture on (see `wirelens interfaces`).
    #[arg(short = 'i', long = "interface")]
    pub interface: String,
    /// Capture filter (BPF syntax, as tcpdump).
    #[arg(short = 'f', long = "capture-filter")]
    pub bpf: Option<String>,
    /// Stop after this many packets.
    #[arg(short = 'c', long = "count")]
    pub count: Option<u64>,
    /// Stop condition, `duration:SECONDS`.
    #[arg(short = 'a', long = "autostop")]
    pub autostop: Option<String>,
    /// Snapshot length, bytes.
    #[arg(short = 's', long = "snaplen", default_value_t = 262_144)]
    pub snaplen: i32,
    /// Do not put the interface in promiscuous mode.
    #[arg(short = 'p', long = "no-promiscuous")]
    pub no_promiscuous: bool,
    /// Write packets to this file (atomically, when the capture ends).
    #[arg(short = 'w', long = "write")]
    pub write: Option<PathBuf>,
    /// File format for `-w`.
    #[arg(short = 'F', long = "format", value_enum, default_value = "pcapng")]
    pub format: WriteFormat,
}

fn parse_autostop(s: &str) -> anyhow::Result<Duration> {
    let Some(v) = s.strip_prefix("duration:") else {
        bail!("unknown autostop condition \"{s}\" (use duration:SECONDS)")
    };
    let secs: f64 = v
        .parse()
        .map_err(|_| anyhow::anyhow!("\"{v}\" is not a number of seconds"))?;
    if !(secs.is_finite() && secs >= 0.0) {
        bail!("duration must be a non-negative number of seconds");
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Runs `capture`.
pub fn run(args: &CaptureArgs) -> anyhow::Result<i32> {
    let deadline = args
        .autostop
        .as_deref()
        .map(parse_autostop)
        .transpose()?
        .map(|d| Instant::now() + d);
    let opts = CaptureOptions {
        interface: args.interface.clone(),
        bpf: args.bpf.clone(),
        snaplen: args.snaplen,
        promiscuous: !args.no_promiscuous,
        ..CaptureOptions::default()
    };
    let mut cap = LiveCapture::start(&opts)?;
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    eprintln!("Capturing on '{}'", args.interface);
    let link = LinkType(cap.link);
    let limit = args.count.unwrap_or(u64::MAX);
    let mut stream = PacketStream {
        cap: &mut cap,
        pending: Vec::new(),
        taken: 0,
        limit,
        deadline,
        interrupted,
        stats: (0, 0, 0),
        error: None,
    };
    let taken = match &args.write {
        Some(out) => {
            let iface = Interface {
                link,
                snaplen: u32::try_from(args.snaplen).unwrap_or(0),
                ts_units_per_sec: 1_000_000_000,
                ts_offset_s: 0,
                name: Some(args.interface.clone()),
            };
            let format = match args.format {
                WriteFormat::Pcap => OutputFormat::Pcap,
                WriteFormat::PcapNs => OutputFormat::PcapNanos,
                WriteFormat::Pcapng => OutputFormat::PcapNg,
            };
            let packets = stream.by_ref().map(|p| {
                let orig_len = p.orig_len;
                Ok(PacketToWrite {
                    ts_ns: p.ts_ns,
                    data: p.data.into(),
                    orig_len,
                    interface: 0,
                })
            });
            write_atomically(out, format, &[iface], packets)?
        }
        None => print_packets(&mut stream, link),
    };
    stream.finish();
    let (received, dropped, app) = stream.stats;
    let error = stream.error.take();
    cap.join();
    eprintln!(
        "{taken} packets captured ({received} received, {dropped} dropped by the kernel, {app} dropped by wirelens)"
    );
    match error {
        Some(e) => bail!("capture stopped: {e}"),
        None => Ok(0),
    }
}

fn print_packets(stream: &mut PacketStream, link: LinkType) -> u64 {
    let mut first = None;
    let mut prev = None;
    let mut n = 0;
    for p in stream {
        n += 1;
        let first_ns = *first.get_or_insert(p.ts_ns);
        let info = FrameInfo {
            number: n,
            ts_ns: p.ts_ns,
            timestamped: true,
            rel_ns: p.ts_ns - first_ns,
            delta_ns: prev.map_or(0, |q| p.ts_ns - q),
            orig_len: p.orig_len,
            link,
            interface: 0,
        };
        prev = Some(p.ts_ns);
        let d = dissect::dissect(&info, &p.data, &FrameContext::default(), true);
        let s = &d.tree.summary;
        println!(
            "{n:>6} {:>12.6} {} → {} {} {} {}",
            info.rel_ns as f64 / 1e9,
            s.source,
            s.destination,
            s.protocol,
            p.orig_len,
            s.info
        );
    }
    n
}

/// Packets from a live capture until the count, the deadline, Ctrl-C or an error.
struct PacketStream<'a> {
    cap: &'a mut LiveCapture,
    pending: Vec<CapturedPacket>,
    taken: u64,
    limit: u64,
    deadline: Option<Instant>,
    interrupted: Arc<AtomicBool>,
    stats: (u64, u64, u64),
    error: Option<String>,
}

impl PacketStream<'_> {
    /// Stops the capture and reads its last events (final counters, the stop reason).
    fn finish(&mut self) {
        self.cap.stop();
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            match self.cap.events.recv_timeout(Duration::from_millis(50)) {
                Ok(CaptureEvent::Stats {
                    received,
                    dropped,
                    dropped_by_app,
                }) => self.stats = (received, dropped, dropped_by_app),
                Ok(CaptureEvent::Stopped { error }) => {
                    self.error = self.error.take().or(error);
                    return;
                }
                Ok(CaptureEvent::Packets(_))
                | Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return,
            }
        }
    }
}

impl Iterator for PacketStream<'_> {
    type Item = CapturedPacket;

    fn next(&mut self) -> Option<CapturedPacket> {
        loop {
            if self.taken >= self.limit {
                self.cap.stop();
                return None;
            }
            if let Some(p) = self.pending.pop() {
                self.taken += 1;
                return Some(p);
            }
            let expired = self.deadline.is_some_and(|d| Instant::now() >= d);
            if expired || self.interrupted.load(Ordering::Relaxed) {
                self.cap.stop();
            }
            match self.cap.events.recv_timeout(Duration::from_millis(20)) {
                Ok(CaptureEvent::Packets(mut batch)) => {
                    batch.reverse();
                    self.pending = batch;
                }
                Ok(CaptureEvent::Stats {
                    received,
                    dropped,
                    dropped_by_app,
                }) => self.stats = (received, dropped, dropped_by_app),
                Ok(CaptureEvent::Stopped { error }) => {
                    self.error = error;
                    self.cap.events = crossbeam_channel::never();
                    return None;
                }
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}
