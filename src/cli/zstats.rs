//! tshark's `-z` statistics for `wirelens read -z …`: parsed once, reported after the packets.

use crate::dissect::context::TransportKind;
use crate::session::{JobControl, Session};
use crate::stats::{expert, follow};
use anyhow::{Context as _, bail};
use std::net::SocketAddr;

/// One `-z` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statistic {
    /// `expert`: the notes by severity, group, protocol and summary.
    Expert,
    /// `follow,tcp|udp,MODE,STREAM` or `…,ADDR:PORT,ADDR:PORT`.
    Follow {
        kind: TransportKind,
        mode: follow::Mode,
        stream: StreamRef,
    },
}

/// Which conversation to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamRef {
    /// By `tcp.stream` / `udp.stream`.
    Index(u32),
    /// By its two endpoints, in either order.
    Endpoints(SocketAddr, SocketAddr),
}

const SUPPORTED: &str = "expert, follow,tcp|udp,ascii|hex|raw|yaml,STREAM";

fn parse_follow(spec: &str, rest: &str) -> anyhow::Result<Statistic> {
    let mut parts = rest.splitn(3, ',');
    let kind = match parts.next() {
        Some("tcp") => TransportKind::Tcp,
        Some("udp") => TransportKind::Udp,
        _ => bail!("-z {spec}: follow supports tcp and udp"),
    };
    let mode = parts
        .next()
        .and_then(follow::Mode::parse)
        .with_context(|| format!("-z {spec}: the mode is ascii, hex, raw or yaml"))?;
    let target = parts.next().unwrap_or("");
    let stream = if let Ok(n) = target.parse::<u32>() {
        StreamRef::Index(n)
    } else {
        let (a, b) = target
            .split_once(',')
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .with_context(|| format!("-z {spec}: follow a stream number or ADDR:PORT,ADDR:PORT"))?;
        StreamRef::Endpoints(a, b)
    };
    Ok(Statistic::Follow { kind, mode, stream })
}

fn stream_index(session: &Session, kind: TransportKind, r: &StreamRef) -> Option<u32> {
    match r {
        StreamRef::Index(n) => Some(*n),
        StreamRef::Endpoints(a, b) => {
            let ends = |x: &SocketAddr| (x.ip(), x.port());
            let (a, b) = (ends(a), ends(b));
            session
                .flows
                .iter()
                .find(|f| f.kind == kind && ((f.a, f.b) == (a, b) || (f.a, f.b) == (b, a)))
                .map(|f| f.stream)
        }
    }
}

impl Statistic {
    /// Parses a `-z` argument.
    pub fn parse(spec: &str) -> anyhow::Result<Statistic> {
        match spec.split_once(',') {
            None if spec == "expert" => Ok(Statistic::Expert),
            Some(("follow", rest)) => parse_follow(spec, rest),
            _ => bail!("unknown statistic -z {spec:?} (supported: {SUPPORTED})"),
        }
    }

    /// The report over `packets` (0-based), as tshark prints it.
    pub fn report(&self, session: &Session, packets: &[usize]) -> anyhow::Result<String> {
        match self {
            Statistic::Expert => {
                let tally =
                    expert::collect(session, packets, &JobControl::default()).unwrap_or_default();
                Ok(expert::report(&tally))
            }
            Statistic::Follow { kind, mode, stream } => {
                let followed = stream_index(session, *kind, stream)
                    .and_then(|n| follow::follow(session, *kind, n))
                    .with_context(|| format!("no such {kind:?} stream: {stream:?}"))?;
                Ok(follow::render(&followed, *mode))
            }
        }
    }
}
