//! `wirelens send`: send crafted packets or replay a capture on an interface, paced at a rate,
//! an interval or the capture's own timing, optionally matching the replies (as scapy's
//! `sr()`). Prints what was sent, what failed and the rate achieved.

use crate::capture::{Outgoing, Pace, SendReport, Sender, send_all};
use crate::dissect::LinkType;
use crate::session::Session;
use crate::session::probe::{Listener, Probed, match_replies};
use anyhow::{Context as _, bail};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How a replay is timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Timing {
    /// Keep the gaps between the capture's time stamps.
    Original,
}

/// Arguments of `send`.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// Interface to send on.
    #[arg(short = 'i', long = "interface")]
    pub interface: String,
    /// The packet to send, as `wirelens craft` takes it.
    pub spec: Option<String>,
    /// Replay this capture instead.
    #[arg(short = 'r', long = "read-file", conflicts_with = "spec")]
    pub read: Option<PathBuf>,
    /// Replay only the packets this display filter selects.
    #[arg(short = 'Y', long = "display-filter", requires = "read")]
    pub filter: Option<String>,
    /// Number of packets built from the spec.
    #[arg(short = 'c', long = "count", default_value_t = 1)]
    pub count: u64,
    /// Packets per second.
    #[arg(long, conflicts_with_all = ["interval", "topspeed", "timing", "speed"])]
    pub pps: Option<f64>,
    /// Seconds between packets.
    #[arg(long, conflicts_with_all = ["topspeed", "timing", "speed"])]
    pub interval: Option<f64>,
    /// Replay: keep the capture's gaps (the default for a replay).
    #[arg(long, value_enum, requires = "read")]
    pub timing: Option<Timing>,
    /// Replay: the capture's gaps divided by this (2 is twice as fast).
    #[arg(long, requires = "read", conflicts_with = "topspeed")]
    pub speed: Option<f64>,
    /// As fast as the interface takes them (the default for a spec).
    #[arg(long)]
    pub topspeed: bool,
    /// Replay: passes over the selected packets.
    #[arg(long = "loop", default_value_t = 1)]
    pub loops: u64,
    /// Seed for `random` values.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Pad Ethernet frames to the 60-byte minimum.
    #[arg(long)]
    pub pad: bool,
    /// Listen for replies, this many seconds after the last packet, and match them.
    #[arg(long)]
    pub replies: Option<f64>,
}

/// Most packets one run sends (the sum over loops).
const MAX_PACKETS: u64 = 100_000_000;

/// Runs `send`.
pub fn run(args: &SendArgs) -> anyhow::Result<i32> {
    let pace = pace(args)?;
    let mut sender = Sender::open(&args.interface)?;
    let frames = frames(args, sender.link())?;
    let listener = match args.replies {
        Some(_) => Some(Listener::start(&args.interface)?),
        None => None,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
    // When each frame went out (wall clock, to compare with capture time stamps).
    let keep_times = args.replies.is_some();
    let sent_at = std::cell::RefCell::new(Vec::with_capacity(frames.len()));
    let report = send_all(
        &mut sender,
        frames.iter(),
        pace,
        &|| stop.load(Ordering::Relaxed),
        &|_| {
            if keep_times {
                sent_at.borrow_mut().push(now_ns());
            }
        },
    );
    print_report(&report, &args.interface);
    if let (Some(listener), Some(wait)) = (listener, args.replies) {
        let linger = Duration::from_secs_f64(wait.clamp(0.0, 3600.0));
        let link = listener.link();
        let heard = listener.finish(linger);
        let probes: Vec<(Vec<u8>, i64)> = frames
            .iter()
            .zip(sent_at.into_inner())
            .map(|(f, at)| (f.bytes.clone(), at))
            .collect();
        print_replies(&match_replies(link, &probes, &heard), link);
    }
    Ok(i32::from(report.failures() > 0 || report.stopped))
}

fn now_ns() -> i64 {
    chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
}

fn pace(args: &SendArgs) -> anyhow::Result<Pace> {
    let positive = |v: f64, what: &str| {
        if v.is_finite() && v > 0.0 {
            Ok(v)
        } else {
            Err(anyhow::anyhow!("{what} must be a positive number, not {v}"))
        }
    };
    Ok(match (args.pps, args.interval, args.speed) {
        (Some(pps), _, _) => Pace::Rate {
            pps: positive(pps, "--pps")?,
        },
        (_, Some(s), _) => Pace::Rate {
            pps: 1.0 / positive(s, "--interval")?,
        },
        (_, _, Some(x)) => Pace::Original {
            speed: positive(x, "--speed")?,
        },
        _ if args.topspeed || args.read.is_none() => Pace::TopSpeed,
        _ => Pace::Original { speed: 1.0 },
    })
}

/// The frames to send, checked against the interface's link type.
fn frames(args: &SendArgs, link: LinkType) -> anyhow::Result<Vec<Outgoing>> {
    match (&args.spec, &args.read) {
        (Some(text), None) => {
            let spec = super::craft::parse_spec(text)?;
            let spec_link = crate::craft::link_of_spec(&spec);
            if spec_link != link {
                bail!(
                    "{} takes {} frames; this spec starts with {} (start it with {})",
                    args.interface,
                    link_name(link),
                    spec.layers.first().map_or("nothing", |l| l.proto.name()),
                    if link == LinkType::ETHERNET {
                        "eth(src=…,dst=…)"
                    } else {
                        "the interface's link layer"
                    }
                );
            }
            if args.count > MAX_PACKETS {
                bail!("-c {} is more than {MAX_PACKETS} packets", args.count);
            }
            (0..args.count)
                .map(|k| {
                    let bytes = super::craft::packet(&spec, k, args.seed, args.pad)?;
                    Ok(Outgoing { bytes, ts_ns: 0 })
                })
                .collect()
        }
        (None, Some(path)) => replay_frames(args, path, link),
        _ => bail!("give a packet spec or -r FILE to replay"),
    }
}

fn replay_frames(
    args: &SendArgs,
    path: &std::path::Path,
    link: LinkType,
) -> anyhow::Result<Vec<Outgoing>> {
    let session = Session::open(path)?;
    let selected = match &args.filter {
        Some(text) => {
            let f = crate::filter::Filter::compile(text)
                .map_err(|e| anyhow::anyhow!("{}", e.render(text)))?;
            session.filter(&f)
        }
        None => (0..session.len()).collect(),
    };
    let total = (selected.len() as u64).saturating_mul(args.loops);
    if total > MAX_PACKETS {
        bail!("{total} packets to send is more than {MAX_PACKETS}");
    }
    let mut one_pass = Vec::with_capacity(selected.len());
    for &i in &selected {
        let info = session
            .frame_info(i)
            .with_context(|| format!("packet {}", i + 1))?;
        if info.link != link {
            bail!(
                "packet {} is {} but {} takes {} frames",
                i + 1,
                link_name(info.link),
                args.interface,
                link_name(link)
            );
        }
        one_pass.push(Outgoing {
            bytes: session.bytes(i)?,
            ts_ns: info.ts_ns,
        });
    }
    let first = one_pass.first().map_or(0, |o| o.ts_ns);
    let span = one_pass.last().map_or(0, |o| o.ts_ns - first);
    let mut out = Vec::with_capacity(one_pass.len() * args.loops as usize);
    for pass in 0..args.loops {
        // Each pass starts where the previous one ended.
        let shift = span * i64::try_from(pass).unwrap_or(0);
        out.extend(one_pass.iter().map(|o| Outgoing {
            bytes: o.bytes.clone(),
            ts_ns: o.ts_ns + shift,
        }));
    }
    Ok(out)
}

/// "Ethernet", "raw IP", or libpcap's name of the link type.
fn link_name(link: LinkType) -> String {
    match link {
        LinkType::ETHERNET => "Ethernet".into(),
        LinkType::RAW | LinkType::RAW_BSD | LinkType::IPV4 | LinkType::IPV6 => "raw IP".into(),
        other => other
            .name()
            .map_or_else(|| format!("link type {}", other.0), str::to_string),
    }
}

fn print_report(r: &SendReport, interface: &str) {
    println!(
        "sent {} packets ({} bytes) on {interface} in {:.3} s: {:.0} packets/s; {} failed",
        r.sent,
        r.bytes,
        r.elapsed.as_secs_f64(),
        r.rate(),
        r.failures()
    );
    for (kind, n) in &r.failed {
        println!("  {n} failed: {kind}");
    }
    if let Some(e) = &r.first_error {
        eprintln!("wirelens: {e}");
    }
    if let Some((p50, p99, max)) = r.lateness_us {
        println!(
            "lateness against the schedule: p50 {p50:.1} µs, p99 {p99:.1} µs, max {max:.1} µs"
        );
    }
    if r.stopped {
        println!("stopped before the end");
    }
}

fn print_replies(matched: &[Probed], link: LinkType) {
    let answered = matched.iter().filter(|m| m.reply.is_some()).count();
    for (k, m) in matched.iter().enumerate() {
        match &m.reply {
            Some((reply, rtt_ns)) => println!(
                "{:>6} {}  ⇒  {}  rtt {:.3} ms",
                k + 1,
                crate::dissect::summary_line(link, &m.probe),
                crate::dissect::summary_line(link, &reply.data),
                *rtt_ns as f64 / 1e6
            ),
            None => println!(
                "{:>6} {}  ⇒  unanswered",
                k + 1,
                crate::dissect::summary_line(link, &m.probe)
            ),
        }
    }
    println!(
        "answered {answered} of {} probes ({} unanswered)",
        matched.len(),
        matched.len() - answered
    );
}
