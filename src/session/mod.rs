//! One open capture: its bytes, interfaces, index and flows; used by the GUI and the CLI.

pub mod export;
pub mod feed;
mod index_source;
pub mod live;
pub mod merge;
pub mod probe;

pub use export::JobControl;
pub use feed::{Feed, FeedEvent};

use crate::dissect::context::{IpReassembly, PduRole, TcpAnalysis};
use crate::dissect::{self, Dissection, FrameContext, FrameInfo, LinkType};
use crate::pcapfile::{FileError, Format, Interface, Reader, Source, StopReason};
use crate::store::defrag::IpPlan;
use crate::store::indexer::IndexState;
use crate::store::reassembly::{Part, Plan};
use crate::store::{FlowTable, Indexer, PacketRecord, PacketStore, record::flags};
use rustc_hash::FxHashMap as HashMap;

use std::io;
use std::path::{Path, PathBuf};

/// An indexed capture.
#[derive(Debug)]
pub struct Session {
    /// Where it came from.
    pub path: PathBuf,
    /// Container format.
    pub format: Format,
    /// The bytes.
    pub source: Source,
    /// Capture interfaces.
    pub interfaces: Vec<Interface>,
    /// Per-packet records.
    pub store: PacketStore,
    /// Conversations.
    pub flows: FlowTable,
    /// Why loading stopped early, if it did.
    pub stop: Option<StopReason>,
    /// Size of the capture in bytes.
    pub file_bytes: u64,
    /// TCP reassembly plans by 0-based frame index.
    pub tcp_plans: HashMap<u32, Plan>,
    /// IP reassembly plans by 0-based frame index.
    pub ip_plans: HashMap<u32, IpPlan>,
    /// Streams quoted by ICMP errors, by 0-based frame index.
    pub quoted_streams: HashMap<u32, u32>,
    /// First frame after which each flow speaks TLS 1.3.
    pub tls13_from: HashMap<u32, u32>,
    /// What each SSH flow's frames showed, for the state before any frame.
    pub ssh: HashMap<u32, crate::dissect::ssh::SshConversation>,
    /// Echo replies (0-based frame) and the request each answers.
    pub echo_request_of: HashMap<u32, u32>,
    /// What each QUIC datagram's dissection needs, by 0-based frame.
    pub quic: HashMap<u32, std::sync::Arc<crate::dissect::quic::connection::QuicDatagram>>,
    /// What each RTP/RTCP datagram's dissection needs, by 0-based frame.
    pub rtp: HashMap<u32, crate::dissect::rtp::session::RtpFrame>,
    /// What each SCTP packet's dissection needs from its association, by 0-based frame.
    pub sctp: HashMap<u32, std::sync::Arc<crate::dissect::sctp::SctpFrame>>,
    /// What each FTP control or data frame shows of its conversation, by 0-based frame.
    pub ftp: HashMap<u32, crate::dissect::ftp::conversation::FtpFrame>,
    /// The duplicate addresses each ARP frame claims, by 0-based frame.
    pub arp: HashMap<u32, std::sync::Arc<crate::dissect::arp::duplicates::ArpFrame>>,
    /// How DNS messages matched their transactions, by 0-based frame (queries that opened
    /// one are not listed).
    pub dns_matches: HashMap<u32, crate::dissect::context::DnsMatch>,
    /// Interned protocol stacks.
    pub stacks: crate::store::indexer::Stacks,
    /// TCP sequence analysis results.
    pub tcp_analysis: crate::store::tcp_analysis::TcpResults,
    /// Time stamp of the first packet that has one (relative times count from it).
    first_time_ns: Option<i64>,
}

/// A packet's time and the times it is shown relative to, ns since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacketTimes {
    /// This packet.
    pub ts_ns: i64,
    /// The first time-stamped packet of the capture.
    pub first_ns: i64,
    /// The previous time-stamped packet (this one for the first).
    pub prev_ns: i64,
}

/// Where a session's bytes come from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Container format.
    pub format: Format,
    /// The bytes.
    pub source: Source,
    /// Capture interfaces.
    pub interfaces: Vec<Interface>,
    /// Size in bytes.
    pub file_bytes: u64,
}

impl Origin {
    /// What a reader has found so far.
    pub fn of(reader: &Reader) -> Origin {
        Origin {
            format: reader.format(),
            source: reader.source().clone(),
            interfaces: reader.interfaces().to_vec(),
            file_bytes: reader.total_bytes(),
        }
    }
}

impl Session {
    /// Opens and indexes a capture file completely.
    pub fn open(path: &Path) -> Result<Session, FileError> {
        let reader = Reader::open(path)?;
        let mut indexer = Indexer::new(reader);
        indexer.run();
        Ok(Session::from_indexer(path, indexer))
    }

    /// Wraps a finished indexer.
    pub fn from_indexer(path: &Path, indexer: Indexer) -> Session {
        let Indexer { reader, state } = indexer;
        let mut s = Session::from_state(path, Origin::of(&reader), state);
        s.stop = reader.stop_reason().cloned();
        s
    }

    /// A session over `source` from what an index pass has built.
    pub fn from_state(path: &Path, origin: Origin, state: IndexState) -> Session {
        let IndexState {
            store,
            flows,
            tcp,
            ip,
            quoted_streams,
            tls13_from,
            ssh,
            echo_request_of,
            stacks,
            analysis,
            dns,
            quic_datagrams,
            rtp_frames,
            sctp_frames,
            ftp_frames,
            arp_frames,
            ..
        } = state;
        Session {
            path: path.into(),
            format: origin.format,
            source: origin.source,
            interfaces: origin.interfaces,
            stop: None,
            file_bytes: origin.file_bytes,
            store,
            flows,
            tcp_plans: tcp.plans,
            ip_plans: ip.plans,
            quoted_streams,
            tls13_from,
            ssh,
            echo_request_of,
            quic: quic_datagrams,
            rtp: rtp_frames,
            sctp: sctp_frames,
            ftp: ftp_frames,
            arp: arp_frames,
            dns_matches: dns.found,
            stacks,
            tcp_analysis: analysis.results,
            first_time_ns: None,
        }
        .with_first_time()
    }

    /// Finds the first time stamp (usually packet 0's; a scan only past untimed packets).
    fn with_first_time(mut self) -> Session {
        self.first_time_ns = (0..self.len()).find_map(|i| self.record(i)?.time_ns());
        self
    }

    /// What an unfinished index pass has so far: records (shared, not copied), flows and
    /// stacks; reassembly plans come with the finished session.
    pub fn partial(path: &Path, origin: Origin, state: &IndexState) -> Session {
        let mut s = Session::from_state(path, origin, IndexState::default());
        s.store = PacketStore::from_snapshot(state.store.snapshot());
        s.flows = state.flows.clone();
        s.stacks = state.stacks.clone();
        s.with_first_time()
    }

    /// Number of packets.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// True when the capture has no packets.
    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// The record of packet `index` (0-based).
    pub fn record(&self, index: usize) -> Option<&PacketRecord> {
        self.store.get(index)
    }

    /// Link type of an interface.
    pub fn link(&self, interface: u16) -> LinkType {
        self.interfaces
            .get(usize::from(interface))
            .map_or(LinkType(u32::MAX), |i| i.link)
    }

    /// The time of packet `index` with the first and previous time stamps; `None` for a
    /// packet without one (those never count as first or previous).
    pub fn times(&self, index: usize) -> Option<PacketTimes> {
        let ts_ns = self.store.get(index)?.time_ns()?;
        let prev_ns = (0..index)
            .rev()
            .find_map(|p| self.store.get(p)?.time_ns())
            .unwrap_or(ts_ns);
        Some(PacketTimes {
            ts_ns,
            first_ns: self.first_time_ns.unwrap_or(ts_ns),
            prev_ns,
        })
    }

    /// Time stamp of the first packet that has one, ns since the epoch.
    pub fn first_time_ns(&self) -> Option<i64> {
        self.first_time_ns
    }

    /// Frame metadata for packet `index`.
    pub fn frame_info(&self, index: usize) -> Option<FrameInfo> {
        let r = self.store.get(index)?;
        let t = self.times(index);
        Some(FrameInfo {
            number: index as u64 + 1,
            ts_ns: r.ts_ns,
            timestamped: t.is_some(),
            rel_ns: t.map_or(0, |t| t.ts_ns - t.first_ns),
            delta_ns: t.map_or(0, |t| t.ts_ns - t.prev_ns),
            orig_len: r.orig_len,
            link: self.link(r.interface),
            interface: u32::from(r.interface),
        })
    }

    /// What the index knows that the dissectors need (streams, sequence bases).
    pub fn context(&self, index: usize) -> FrameContext {
        let mut ctx = FrameContext::default();
        let Some(r) = self.store.get(index) else {
            return ctx;
        };
        let reverse = r.flags & flags::REVERSE != 0;
        if let Some(flow) = self.flows.get(r.flow) {
            match flow.kind {
                dissect::context::TransportKind::Tcp => {
                    ctx.tcp = self.flows.tcp_context(r.flow, reverse);
                    ctx.tcp_analysis = self.tcp_analysis_of(index, r);
                }
                dissect::context::TransportKind::Udp => ctx.udp_stream = Some(flow.stream),
            }
        }
        let key = u32::try_from(index).unwrap_or(u32::MAX);
        ctx.quoted_stream = self.quoted_streams.get(&key).copied();
        ctx.tls13 = self.tls13_from.get(&r.flow).is_some_and(|from| *from < key);
        ctx.ssh = self.ssh.get(&r.flow).map(|c| c.context(key, reverse));
        ctx.echo_request_in = self.echo_request_of.get(&key).map(|f| u64::from(*f) + 1);
        ctx.quic = self.quic.get(&key).cloned();
        ctx.rtp = self.rtp.get(&key).cloned();
        ctx.sctp = self.sctp.get(&key).cloned();
        ctx.ftp = self.ftp.get(&key).cloned();
        ctx.arp = self.arp.get(&key).cloned();
        ctx.dns = self.dns_matches.get(&key).copied();
        match self.ip_plans.get(&key) {
            Some(IpPlan::FragmentOf(done)) => ctx.ip_reassembled_in = Some(u64::from(*done) + 1),
            Some(IpPlan::Completes(parts)) => {
                let mut payload = Vec::new();
                let all = self.parts_bytes(parts.iter().map(|(_, p)| p));
                for ((offset, _), bytes) in parts.iter().zip(all) {
                    let at = *offset as usize;
                    if payload.len() < at + bytes.len() {
                        payload.resize(at + bytes.len(), 0);
                    }
                    if let Some(dst) = payload.get_mut(at..at + bytes.len()) {
                        dst.copy_from_slice(&bytes);
                    }
                }
                let frames: Vec<u64> = parts.iter().map(|(_, p)| u64::from(p.frame) + 1).collect();
                ctx.ip_reassembled = Some(IpReassembly {
                    payload: payload.into(),
                    frames: frames.into(),
                });
            }
            None => {}
        }
        ctx.pdu = match self.tcp_plans.get(&key) {
            None => PduRole::Standalone,
            Some(Plan::Retransmission) => PduRole::Retransmission,
            Some(Plan::SegmentOf {
                completed_in,
                starts_pdu,
                leading,
                head_line,
            }) => PduRole::SegmentOf {
                reassembled_in: completed_in.map_or(0, |f| u64::from(f) + 1),
                starts_pdu: *starts_pdu,
                leading: leading.start as usize..leading.end as usize,
                head_line: head_line.clone(),
            },
            Some(Plan::Completes { parts, rest }) => {
                let data: Vec<u8> = self.parts_bytes(parts.iter()).concat();
                let frames: Vec<u64> = parts.iter().map(|p| u64::from(p.frame) + 1).collect();
                PduRole::Completes {
                    data: data.into(),
                    frames: frames.into(),
                    rest: rest.start as usize..rest.end as usize,
                }
            }
        };
        ctx
    }

    /// The TCP analysis of packet `key` (0-based) with its times resolved.
    fn tcp_analysis_of(&self, index: usize, r: &PacketRecord) -> Option<TcpAnalysis> {
        let key = u32::try_from(index).ok()?;
        let found = self.tcp_analysis.get(key)?;
        let extra = self.tcp_analysis.extra(key);
        let ts = |frame: u32| {
            frame
                .checked_sub(1)
                .and_then(|f| self.store.get(f as usize))
                .map_or(r.ts_ns, |p| p.ts_ns)
        };
        let flow = self.flows.get(r.flow)?;
        Some(TcpAnalysis {
            flags: found.flags,
            acks_frame: u64::from(found.acks_frame),
            ack_rtt_ns: r.ts_ns - ts(found.acks_frame),
            initial_rtt_ns: self.tcp_analysis.initial_rtt(r.flow, key),
            bytes_in_flight: found.bytes_in_flight,
            push_bytes_sent: found.push_bytes_sent,
            dupack_num: extra.dupack.0,
            dupack_frame: u64::from(extra.dupack.1),
            rto: (extra.rto_frame != 0)
                .then(|| (r.ts_ns - ts(extra.rto_frame), u64::from(extra.rto_frame))),
            time_relative_ns: r.ts_ns - flow.first_ns,
            time_delta_ns: r.ts_ns - ts(found.prev_frame),
            present: found.present,
            fin_initiates: (found.fin != 0).then_some(found.fin == 1),
        })
    }

    /// The bytes of reassembly parts (their frames read together), empty where unreadable.
    fn parts_bytes<'p>(&self, parts: impl Iterator<Item = &'p Part>) -> Vec<Vec<u8>> {
        let parts: Vec<&Part> = parts.collect();
        let frames: Vec<usize> = parts.iter().map(|p| p.frame as usize).collect();
        let spans = self.read_spans(&frames);
        parts
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let frame = spans.get(k).unwrap_or(&[]);
                frame
                    .get(p.range.start as usize..p.range.end as usize)
                    .unwrap_or(&[])
                    .to_vec()
            })
            .collect()
    }

    /// The captured bytes of packet `index`.
    pub fn bytes(&self, index: usize) -> io::Result<Vec<u8>> {
        let r = self
            .store
            .get(index)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such packet"))?;
        self.source.read_exact_at(r.offset, r.cap_len as usize)
    }

    /// Fully dissects packet `index`.
    pub fn dissect(&self, index: usize, want_text: bool) -> io::Result<Dissection> {
        let data = self.bytes(index)?;
        let info = self
            .frame_info(index)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such packet"))?;
        Ok(dissect::dissect(
            &info,
            &data,
            &self.context(index),
            want_text,
        ))
    }
}

impl Session {
    /// Indices (0-based) of the packets matching `filter`, in order. Runs on all cores; each
    /// packet is dissected only when the index cannot decide.
    pub fn filter(&self, filter: &crate::filter::Filter) -> Vec<usize> {
        self.filter_range(filter, 0..self.len(), &JobControl::default())
            .unwrap_or_default()
    }

    /// Indices in `range` matching `filter`; `control.done` counts packets checked. `None`
    /// when cancelled.
    pub fn filter_range(
        &self,
        filter: &crate::filter::Filter,
        range: std::ops::Range<usize>,
        control: &JobControl,
    ) -> Option<Vec<usize>> {
        use rayon::prelude::*;
        use std::sync::atomic::Ordering;
        const CHUNK: usize = 8192;
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        let chunks: Option<Vec<Vec<usize>>> = (0..(end - start).div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                if control.cancelled() {
                    return None;
                }
                let from = start + c * CHUNK;
                let to = (from + CHUNK).min(end);
                let hits = self.filter_chunk(filter, from..to);
                control.done.fetch_add(to - from, Ordering::Relaxed);
                Some(hits)
            })
            .collect();
        chunks.map(|c| c.concat())
    }

    /// Which of `packets` match `filter`, in ascending order: the index decides what it can;
    /// the rest are read with few system calls and dissected.
    pub fn filter_chunk(
        &self,
        filter: &crate::filter::Filter,
        packets: impl IntoIterator<Item = usize>,
    ) -> Vec<usize> {
        let mut hits = Vec::new();
        let mut undecided = Vec::new();
        for i in packets {
            let Some(r) = self.record(i) else { continue };
            let src = index_source::IndexSource {
                record: r,
                flows: &self.flows,
                number: i as u64 + 1,
            };
            match filter.eval(&src) {
                Some(true) => hits.push(i),
                Some(false) => {}
                None => undecided.push(i),
            }
        }
        let spans = self.read_spans(&undecided);
        for (k, &i) in undecided.iter().enumerate() {
            let (Ok(data), Some(info)) = (spans.get(k), self.frame_info(i)) else {
                continue;
            };
            let dissect = || dissect::dissect(&info, data, &self.context(i), false).tree;
            if filter
                .eval(&crate::filter::LazySource::new(data, &dissect))
                .unwrap_or(false)
            {
                hits.push(i);
            }
        }
        hits.sort_unstable();
        hits
    }
}

/// Packet bytes read in a few large runs (see [`Session::read_spans`]).
#[derive(Debug)]
pub struct Spans {
    buffers: Vec<Vec<u8>>,
    packets: Vec<Result<(usize, std::ops::Range<usize>), io::ErrorKind>>,
}

impl Spans {
    /// The bytes of the `k`-th requested packet.
    pub fn get(&self, k: usize) -> io::Result<&[u8]> {
        match self.packets.get(k) {
            Some(Ok((b, range))) => self
                .buffers
                .get(*b)
                .and_then(|buf| buf.get(range.clone()))
                .ok_or_else(|| io::Error::other("span out of range")),
            Some(Err(kind)) => Err(io::Error::from(*kind)),
            None => Err(io::Error::from(io::ErrorKind::NotFound)),
        }
    }
}

/// Spans read in one call are at most this long.
const MAX_SPAN_BYTES: u64 = 8 << 20;
/// Packets farther apart than this are read separately.
const MAX_GAP_BYTES: u64 = 64 << 10;

impl Session {
    /// The bytes of many packets, reading runs of nearby packets with one positional read each
    /// (far fewer system calls than one read per packet).
    pub fn bytes_many(&self, indices: &[usize]) -> Vec<io::Result<Vec<u8>>> {
        let spans = self.read_spans(indices);
        (0..indices.len())
            .map(|k| spans.get(k).map(<[u8]>::to_vec))
            .collect()
    }

    /// Reads the bytes of `indices` in runs; packets are then borrowed with [`Spans::get`].
    pub fn read_spans(&self, indices: &[usize]) -> Spans {
        let mut spans = Spans {
            buffers: Vec::new(),
            packets: Vec::with_capacity(indices.len()),
        };
        let mut k = 0;
        while k < indices.len() {
            let Some(first) = indices.get(k).and_then(|&i| self.record(i)) else {
                spans.packets.push(Err(io::ErrorKind::NotFound));
                k += 1;
                continue;
            };
            let start = first.offset;
            let mut end = start + u64::from(first.cap_len);
            let mut n = 1;
            while let Some(r) = indices.get(k + n).and_then(|&i| self.record(i)) {
                let r_end = r.offset + u64::from(r.cap_len);
                if r.offset < start
                    || r.offset > end + MAX_GAP_BYTES
                    || r_end - start > MAX_SPAN_BYTES
                {
                    break;
                }
                end = end.max(r_end);
                n += 1;
            }
            match self.source.read_exact_at(start, (end - start) as usize) {
                Ok(buf) => {
                    let b = spans.buffers.len();
                    spans.buffers.push(buf);
                    for &i in indices.get(k..k + n).unwrap_or(&[]) {
                        let r = self.record(i).copied().unwrap_or_default();
                        let at = (r.offset - start) as usize;
                        spans.packets.push(Ok((b, at..at + r.cap_len as usize)));
                    }
                }
                Err(e) => spans.packets.extend((0..n).map(|_| Err(e.kind()))),
            }
            k += n;
        }
        spans
    }
}
