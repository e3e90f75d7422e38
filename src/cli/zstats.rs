//! tshark's `-z` statistics for `wirelens read -z …`: parsed once, reported after the packets.

use crate::dissect::context::TransportKind;
use crate::filter::Filter;
use crate::session::{JobControl, Session};
use crate::stats::conv_table::{self, TableKind};
use crate::stats::{conv_report, dns_tree, expert, follow, hierarchy, http_tree, io_stat};
use anyhow::{Context as _, bail};
use std::net::SocketAddr;

/// One `-z` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statistic {
    /// `expert`: the notes by severity, group, protocol and summary.
    Expert,
    /// `follow,tcp|udp|tls|http,MODE,STREAM` or `…,ADDR:PORT,ADDR:PORT`.
    Follow {
        what: follow::Follow,
        mode: follow::Mode,
        stream: StreamRef,
    },
    /// `conv,KIND[,FILTER]`: the conversations of one kind.
    Conversations(TableKind, Option<String>),
    /// `endpoints,KIND[,FILTER]`: the endpoints of one kind.
    Endpoints(TableKind, Option<String>),
    /// `io,phs[,FILTER]`: the protocol hierarchy.
    Hierarchy(Option<String>),
    /// `io,stat,INTERVAL[,COLUMN]…`: frames, bytes or field values per interval.
    IoStat(Box<io_stat::IoStat>),
    /// `http,tree[,FILTER]`: HTTP messages by method and status.
    HttpTree(Option<String>),
    /// `dns,tree[,FILTER]`: DNS messages by kind, with sizes and response times.
    DnsTree(Option<String>),
}

/// Which conversation to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamRef {
    /// By `tcp.stream` / `udp.stream`.
    Index(u32),
    /// By its two endpoints, in either order.
    Endpoints(SocketAddr, SocketAddr),
}

const SUPPORTED: &str = "expert, follow,tcp|udp|tls|http,ascii|hex|raw|yaml,STREAM, \
     conv|endpoints,eth|ip|ipv6|tcp|udp[,FILTER], io,phs[,FILTER], \
     io,stat,INTERVAL[,FILTER|FUNC(FIELD)FILTER]…, http,tree[,FILTER], dns,tree[,FILTER]";

/// `KIND[,FILTER]` of `conv` and `endpoints`.
fn parse_table(spec: &str, rest: &str) -> anyhow::Result<(TableKind, Option<String>)> {
    let (kind, filter) = match rest.split_once(',') {
        Some((k, f)) => (k, Some(f.to_string())),
        None => (rest, None),
    };
    let kind = TableKind::parse(kind)
        .with_context(|| format!("-z {spec}: the kinds are eth, ip, ipv6, tcp and udp"))?;
    if let Some(f) = &filter {
        check_filter(spec, f)?;
    }
    Ok((kind, filter))
}

fn check_filter(spec: &str, text: &str) -> anyhow::Result<Filter> {
    Filter::compile(text).map_err(|e| anyhow::anyhow!("-z {spec}: {}", e.render(text)))
}

/// `packets` that also match `filter`.
fn restrict(
    session: &Session,
    packets: &[usize],
    filter: Option<&str>,
) -> anyhow::Result<Vec<usize>> {
    let Some(text) = filter else {
        return Ok(packets.to_vec());
    };
    let f = check_filter(text, text)?;
    let matching: rustc_hash::FxHashSet<usize> = session.filter(&f).into_iter().collect();
    Ok(packets
        .iter()
        .copied()
        .filter(|i| matching.contains(i))
        .collect())
}

fn table(
    session: &Session,
    packets: &[usize],
    kind: TableKind,
    filter: Option<&str>,
) -> anyhow::Result<conv_table::Table> {
    let packets = restrict(session, packets, filter)?;
    conv_table::tally(session, &packets, &[kind], &JobControl::default())
        .and_then(|mut t| t.pop())
        .context("counting conversations")
}

/// The optional filter of `tree[,FILTER]`.
fn tree_filter(spec: &str, rest: &str) -> anyhow::Result<Option<String>> {
    let Some((_, filter)) = rest.split_once(',') else {
        return Ok(None);
    };
    check_filter(spec, filter)?;
    Ok(Some(filter.to_string()))
}

fn parse_follow(spec: &str, rest: &str) -> anyhow::Result<Statistic> {
    let mut parts = rest.splitn(3, ',');
    let what = parts
        .next()
        .and_then(follow::Follow::parse)
        .with_context(|| format!("-z {spec}: follow supports tcp, udp, tls and http"))?;
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
    Ok(Statistic::Follow { what, mode, stream })
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
            Some(("conv", rest)) => {
                parse_table(spec, rest).map(|(k, f)| Statistic::Conversations(k, f))
            }
            Some(("endpoints", rest)) => {
                parse_table(spec, rest).map(|(k, f)| Statistic::Endpoints(k, f))
            }
            Some(("io", "phs")) => Ok(Statistic::Hierarchy(None)),
            Some(("io", rest)) if rest.starts_with("stat,") => {
                let args = rest.trim_start_matches("stat,");
                let stat = io_stat::IoStat::parse(args).with_context(|| format!("-z {spec}"))?;
                Ok(Statistic::IoStat(Box::new(stat)))
            }
            Some(("io", rest)) if rest.starts_with("phs,") => {
                let f = rest.trim_start_matches("phs,");
                check_filter(spec, f)?;
                Ok(Statistic::Hierarchy(Some(f.to_string())))
            }
            Some(("http", rest)) if rest == "tree" || rest.starts_with("tree,") => {
                Ok(Statistic::HttpTree(tree_filter(spec, rest)?))
            }
            Some(("dns", rest)) if rest == "tree" || rest.starts_with("tree,") => {
                Ok(Statistic::DnsTree(tree_filter(spec, rest)?))
            }
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
            Statistic::Follow { what, mode, stream } => {
                let kind = what.transport();
                let followed = stream_index(session, kind, stream)
                    .and_then(|n| follow::follow_as(session, *what, n))
                    .with_context(|| format!("no such {kind:?} stream: {stream:?}"))?;
                Ok(follow::render(&follow::as_tshark_shows(followed), *mode))
            }
            Statistic::Conversations(kind, filter) => Ok(conv_report::conversations(
                &table(session, packets, *kind, filter.as_deref())?,
                filter.as_deref(),
            )),
            Statistic::Endpoints(kind, filter) => Ok(conv_report::endpoints(
                &table(session, packets, *kind, filter.as_deref())?,
                filter.as_deref(),
            )),
            Statistic::IoStat(stat) => stat.report(session, packets),
            Statistic::HttpTree(filter) => {
                let packets = restrict(session, packets, filter.as_deref())?;
                let tree = http_tree::tally(session, &packets, &JobControl::default())
                    .context("counting HTTP messages")?;
                Ok(tree.render())
            }
            Statistic::DnsTree(filter) => {
                let packets = restrict(session, packets, filter.as_deref())?;
                let tree = dns_tree::tally(session, &packets, &JobControl::default())
                    .context("counting DNS messages")?;
                Ok(tree.render())
            }
            Statistic::Hierarchy(filter) => {
                let packets = restrict(session, packets, filter.as_deref())?;
                let root =
                    hierarchy::dissected_hierarchy(session, &packets, &JobControl::default())
                        .context("counting protocols")?;
                Ok(hierarchy::render(&root, filter.as_deref()))
            }
        }
    }
}
