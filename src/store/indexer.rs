//! The indexing pass: read packets, dissect each once without text, defragment IP, follow TCP
//! streams for PDU reassembly, fill the flow table and append compact records.

use super::defrag::{DatagramKey, Defragmenter, Fragment};
use super::facts::{DnsSeen, PacketFacts, Redone};
use super::reassembly::{Plan, Reassembler, Segment};
use super::record::{NO_FLOW, PacketRecord, flags};
pub use super::stacks::Stacks;
use super::tcp_analysis::{SegmentIn, TcpAnalyzer};
use super::{FlowTable, PacketStore};
use crate::dissect::app;
use crate::dissect::context::{IpReassembly, PduRole, Transport, TransportKind};
use crate::dissect::{self, FrameContext, FrameInfo, LinkType};
use crate::pcapfile::{Interface, RawPacket, ReadProgress, Reader};
use rayon::prelude::*;
use std::sync::Arc;

/// Analysis flags whose segments Wireshark hands to no dissector.
const NOT_DISSECTED: u16 = crate::dissect::context::analysis::RETRANSMISSION
    | crate::dissect::context::analysis::SPURIOUS_RETRANSMISSION
    | crate::dissect::context::analysis::OUT_OF_ORDER;

/// Everything the index pass builds besides the reader.
#[derive(Debug, Default)]
pub struct IndexState {
    /// Records so far.
    pub store: PacketStore,
    /// Flows so far.
    pub flows: FlowTable,
    /// TCP desegmentation state and plans.
    pub tcp: Reassembler,
    /// IP defragmentation state and plans.
    pub ip: Defragmenter,
    /// TCP sequence analysis state and results.
    pub analysis: TcpAnalyzer,
    /// Stream of the conversation quoted by an ICMP error, by 0-based frame index.
    pub quoted_streams: rustc_hash::FxHashMap<u32, u32>,
    /// First frame (0-based) after which each flow speaks TLS 1.3.
    pub tls13_from: rustc_hash::FxHashMap<u32, u32>,
    /// What each SSH flow's frames showed (banners, KEXINITs, NEWKEYS).
    pub ssh: rustc_hash::FxHashMap<u32, crate::dissect::ssh::SshConversation>,
    /// QUIC connections in capture order.
    pub quic: crate::dissect::quic::connection::QuicTracker,
    /// What each QUIC datagram's dissection needs, by 0-based frame.
    pub quic_datagrams:
        rustc_hash::FxHashMap<u32, Arc<crate::dissect::quic::connection::QuicDatagram>>,
    /// RTP/RTCP endpoints the SDP bodies so far announced.
    pub rtp: crate::dissect::rtp::session::RtpTracker,
    /// What each RTP/RTCP datagram's dissection needs, by 0-based frame.
    pub rtp_frames: rustc_hash::FxHashMap<u32, crate::dissect::rtp::session::RtpFrame>,
    /// SCTP associations in capture order.
    pub sctp: crate::dissect::sctp::SctpTracker,
    /// What each SCTP packet's dissection needs, by 0-based frame.
    pub sctp_frames: rustc_hash::FxHashMap<u32, Arc<crate::dissect::sctp::SctpFrame>>,
    /// FTP control and data connections in capture order.
    pub ftp: crate::dissect::ftp::conversation::FtpTracker,
    /// What each FTP control or data frame shows of its conversation, by 0-based frame.
    pub ftp_frames: rustc_hash::FxHashMap<u32, crate::dissect::ftp::conversation::FtpFrame>,
    /// The MAC that owns each IPv4 address, as ARP claims them.
    pub arp: crate::dissect::arp::duplicates::ArpTracker,
    /// The duplicate addresses each ARP frame claims, by 0-based frame.
    pub arp_frames: rustc_hash::FxHashMap<u32, Arc<crate::dissect::arp::duplicates::ArpFrame>>,
    /// The last echo request (0-based frame) of each (source, destination, id, seq).
    echo_requests: rustc_hash::FxHashMap<(std::net::IpAddr, std::net::IpAddr, u16, u16), u32>,
    /// Echo replies (0-based frame) and the request each answers.
    pub echo_request_of: rustc_hash::FxHashMap<u32, u32>,
    /// DNS transactions and how each message matched.
    pub dns: super::dns_matching::DnsTracker,
    /// Distinct protocol stacks, indexed by `PacketRecord::stack`.
    pub stacks: Stacks,
    /// Packets whose protocol stack depends on a reassembly plan: re-dissected after the
    /// in-order pass, in parallel.
    redo: Vec<(u32, FrameContext)>,
    /// DNS messages of the frames applied so far, matched in frame order once the frames
    /// dissected again (with their reassembled PDUs) have told theirs.
    dns_pending: Vec<DnsSeen>,
}

/// Incremental indexer over a [`Reader`].
#[derive(Debug)]
pub struct Indexer {
    /// The file being read.
    pub reader: Reader,
    /// What has been built.
    pub state: IndexState,
}

/// Packets read but not yet indexed: metadata plus their bytes in one buffer.
#[derive(Debug, Default)]
struct Batch {
    packets: Vec<(RawPacket, LinkType, std::ops::Range<usize>)>,
    bytes: Vec<u8>,
}

impl Indexer {
    /// Starts indexing `reader`.
    pub fn new(reader: Reader) -> Self {
        Indexer {
            reader,
            state: IndexState::default(),
        }
    }

    /// Indexes up to `max_packets` more packets: dissection runs on all cores, then flows,
    /// defragmentation and reassembly are applied in order.
    pub fn step(&mut self, max_packets: usize) -> ReadProgress {
        let first = self.state.store.len() as u64;
        let prepared = prepare(&mut self.reader, max_packets, first, Batch::default());
        let progress = prepared.progress;
        let _ = self.state.apply_batch(prepared);
        progress
    }

    /// Indexes to the end, reading and dissecting the next batch while the previous one is
    /// applied in order.
    pub fn run(&mut self) {
        self.run_until(|_, _| true);
    }

    /// As [`Indexer::run`], calling `after_batch` after each batch is applied; indexing stops
    /// early when it returns false (a cancelled load).
    pub fn run_until(&mut self, mut after_batch: impl FnMut(&Reader, &IndexState) -> bool) {
        const BATCH: usize = 16_384;
        let Indexer { reader, state } = self;
        // Two batches alternate: one is applied while the other is filled (buffers reused).
        let mut current = prepare(reader, BATCH, 0, Batch::default());
        let mut spare = Batch::default();
        loop {
            let done = current.progress == ReadProgress::Done;
            let next_first = state.store.len() as u64 + current.batch.packets.len() as u64;
            let (used, next) = rayon::join(
                || state.apply_batch(current),
                || (!done).then(|| prepare(reader, BATCH, next_first, std::mem::take(&mut spare))),
            );
            spare = used;
            if !after_batch(reader, state) {
                break;
            }
            match next {
                Some(n) => current = n,
                None => break,
            }
        }
    }
}

/// A batch read and dissected, waiting to be applied in order.
struct Prepared {
    batch: Batch,
    facts: Vec<PacketFacts>,
    first: u64,
    progress: ReadProgress,
}

/// Reads up to `max_packets` and dissects them on all cores (numbered from `first` + 1).
fn prepare(reader: &mut Reader, max_packets: usize, first: u64, mut batch: Batch) -> Prepared {
    batch.packets.clear();
    batch.bytes.clear();
    let progress = reader.read_batch(max_packets, |raw, data, interfaces| {
        let link = interfaces
            .get(raw.interface as usize)
            .map_or(LinkType(u32::MAX), |i| i.link);
        let at = batch.bytes.len();
        batch.bytes.extend_from_slice(data);
        batch.packets.push((*raw, link, at..batch.bytes.len()));
    });
    let facts = batch
        .packets
        .par_iter()
        .enumerate()
        .with_min_len(256)
        .map(|(k, (raw, link, range))| {
            let data = batch.bytes.get(range.clone()).unwrap_or(&[]);
            let info = frame_info(first + k as u64 + 1, raw, *link);
            PacketFacts::of(dissect::dissect_for_index(
                &info,
                data,
                &FrameContext::default(),
            ))
        })
        .collect();
    Prepared {
        batch,
        facts,
        first,
        progress,
    }
}

impl IndexState {
    /// Applies a prepared batch in order, then re-dissects (in parallel) the packets whose
    /// stack depends on a reassembly plan.
    fn apply_batch(&mut self, prepared: Prepared) -> Batch {
        let Prepared {
            batch,
            facts,
            first,
            ..
        } = prepared;
        for ((raw, link, range), f) in batch.packets.iter().zip(facts) {
            self.apply(raw, batch.bytes.get(range.clone()).unwrap_or(&[]), *link, f);
        }
        let redo = std::mem::take(&mut self.redo);
        let redone: Vec<Redone> = redo
            .par_iter()
            .with_min_len(64)
            .filter_map(|(index, ctx)| {
                let k = (u64::from(*index)).checked_sub(first)? as usize;
                let (raw, link, range) = batch.packets.get(k)?;
                let info = frame_info(u64::from(*index) + 1, raw, *link);
                let d = dissect::dissect_for_index(
                    &info,
                    batch.bytes.get(range.clone()).unwrap_or(&[]),
                    ctx,
                );
                Some(Redone::of(*index, raw.ts_ns, d))
            })
            .collect();
        for r in redone {
            self.settle(r);
        }
        self.match_dns();
        batch
    }

    /// Takes in a frame dissected again with its reassembled PDU: its stack, its DNS
    /// message and what its SSH segment showed.
    fn settle(&mut self, redone: Redone) {
        let Redone {
            index,
            protocols,
            dns,
            ssh,
        } = redone;
        self.dns_pending.extend(dns);
        let stack = self.stacks.intern(&protocols);
        let set = self.stacks.set(stack);
        let Some(r) = self.store.get_mut(index as usize) else {
            return;
        };
        r.protocols = set.0;
        r.stack = stack;
        if let Some(seen) = ssh {
            let reverse = r.flags & flags::REVERSE != 0;
            self.ssh
                .entry(r.flow)
                .or_default()
                .push(index, reverse, &seen);
        }
    }

    /// Matches the pending DNS messages, in frame order.
    fn match_dns(&mut self) {
        let mut pending = std::mem::take(&mut self.dns_pending);
        pending.sort_by_key(|p| p.0);
        for (index, ts_ns, t, (id, response)) in pending {
            self.dns.push(&t, index, ts_ns, id, response);
        }
    }
}

/// The stack of a frame whose TCP payload is not dissected: everything up to the outer TCP
/// layer (and Multipath TCP, which lives in its options), plus `layer` when given (TLS and
/// SSH show theirs on the segment that starts a PDU).
fn up_to_tcp(protocols: &[&'static str], layer: Option<&'static str>) -> Vec<&'static str> {
    let end = protocols
        .iter()
        .position(|p| *p == "tcp")
        .map_or(protocols.len(), |i| i + 1);
    let mut stack = protocols.get(..end).unwrap_or(protocols).to_vec();
    if protocols.get(end) == Some(&"mptcp") {
        stack.push("mptcp");
    }
    stack.extend(layer);
    stack
}

fn frame_info(number: u64, raw: &RawPacket, link: LinkType) -> FrameInfo {
    FrameInfo {
        number,
        ts_ns: raw.ts_ns,
        timestamped: raw.timestamped,
        rel_ns: 0,
        delta_ns: 0,
        orig_len: raw.orig_len,
        link,
        interface: raw.interface,
    }
}

impl IndexState {
    /// Indexes one packet (a live capture's arrival order; the batch path dissects in parallel).
    pub fn index(&mut self, raw: &RawPacket, data: &[u8], interfaces: &[Interface]) {
        let link = interfaces
            .get(raw.interface as usize)
            .map_or(LinkType(u32::MAX), |i| i.link);
        let info = frame_info(self.store.len() as u64 + 1, raw, link);
        let facts = PacketFacts::of(dissect::dissect_for_index(
            &info,
            data,
            &FrameContext::default(),
        ));
        self.apply(raw, data, link, facts);
        for (index, ctx) in std::mem::take(&mut self.redo) {
            let d = dissect::dissect_for_index(&info, data, &ctx);
            self.settle(Redone::of(index, raw.ts_ns, d));
        }
        self.match_dns();
    }

    /// The in-order part of indexing one packet.
    fn apply(&mut self, raw: &RawPacket, data: &[u8], link: LinkType, mut facts: PacketFacts) {
        let index = u32::try_from(self.store.len()).unwrap_or(u32::MAX);
        let info = frame_info(u64::from(index) + 1, raw, link);
        let mut ctx = FrameContext::default();
        if let Some(payload) = self.defragment(index, &facts, data) {
            ctx.ip_reassembled = Some(IpReassembly {
                payload: payload.into(),
                frames: Arc::new([]),
            });
            facts = PacketFacts::of(dissect::dissect_for_index(&info, data, &ctx));
        }
        let mut record = base_record(raw, &facts);
        record.stack = self.stacks.intern(&facts.protocols);
        record.protocols = self.stacks.set(record.stack).0;
        if let Some(q) = &facts.quoted
            && let Some(flow) = self.flows.find(q).and_then(|f| self.flows.get(f))
        {
            self.quoted_streams.insert(index, flow.stream);
        }
        if let Some(seen) = &facts.arp {
            let found = self.arp.packet(
                u64::from(index) + 1,
                raw.ts_ns.div_euclid(1_000_000_000),
                seen,
            );
            if !found.duplicates.is_empty() {
                self.arp_frames.insert(index, Arc::new(found));
            }
        }
        if let Some(echo) = &facts.echo {
            if echo.request {
                self.echo_requests.insert(echo.key(), index);
            } else if let Some(request) = self.echo_requests.get(&echo.key()) {
                self.echo_request_of.insert(index, *request);
            }
        }
        if let (Some(seen), None) = (&facts.sctp, &ctx.ip_reassembled) {
            let found = self.sctp.packet(u64::from(index) + 1, seen, data);
            if found != crate::dissect::sctp::SctpFrame::default() {
                let found = Arc::new(found);
                self.sctp_frames.insert(index, found.clone());
                ctx.sctp = Some(found);
                self.redo.push((index, ctx.clone()));
            }
        }
        if let Some(t) = &facts.transport {
            let seen = self.flows.observe(t, raw.ts_ns, raw.orig_len);
            let (flow, reverse) = (seen.flow, seen.reverse);
            record.flow = flow;
            if t.kind == TransportKind::Tcp {
                self.analysis.push(SegmentIn {
                    frame: index,
                    flow,
                    reverse,
                    reused: seen.reused,
                    ts_ns: raw.ts_ns,
                    seq: t.seq,
                    ack: t.ack,
                    seg_len: (!t.fragment).then_some(t.seg_len),
                    flags: t.flags,
                    window: t.window,
                    wscale: t.wscale,
                    sack: t.sack,
                });
            }
            if reverse {
                record.flags |= flags::REVERSE;
            }
            record.tcp_flags = t.flags;
            if facts.tls13 {
                self.tls13_from.entry(flow).or_insert(index);
            }
            if let Some(seen) = &facts.ssh {
                self.ssh.entry(flow).or_default().push(index, reverse, seen);
            }
            if t.fragment {
                record.flags |= flags::FRAGMENT;
            }
            if t.kind == TransportKind::Tcp && ctx.ip_reassembled.is_none() {
                self.ftp_conversation(index, flow, t, &facts, &mut ctx);
            }
            if t.kind == TransportKind::Udp && ctx.ip_reassembled.is_none() {
                self.media(index, flow, t, &facts, data, &mut ctx);
            }
            if t.kind == TransportKind::Udp
                && ctx.ip_reassembled.is_none()
                && (facts.protocols.contains(&"quic") || self.quic.knows_flow(flow))
            {
                let payload = data.get(t.payload.clone()).unwrap_or(&[]);
                if let Some(datagram) =
                    self.quic
                        .datagram(u64::from(index) + 1, flow, reverse, payload)
                {
                    let datagram = Arc::new(datagram);
                    self.quic_datagrams.insert(index, datagram.clone());
                    ctx.quic = Some(datagram);
                    self.redo.push((index, std::mem::take(&mut ctx)));
                }
            }
            if t.kind == TransportKind::Tcp && ctx.ip_reassembled.is_none() {
                let payload = data.get(t.payload.clone()).unwrap_or(&[]);
                let segment = Segment {
                    frame: index,
                    flow: (flow, reverse),
                    seq: t.seq,
                    flags: t.flags,
                    payload,
                    payload_range: t.payload.clone(),
                    app: app::for_tcp_ports(t.src_port, t.dst_port)
                        .or_else(|| app::heuristic_tcp(payload)),
                    suppressed: self.analysis.results.last_flags() & NOT_DISSECTED != 0,
                };
                let asking = app::segment_layer(segment.app).map(|f| f.name());
                let plan = self.tcp.push(&segment).cloned();
                match plan {
                    // The payload goes to no dissector: the stack ends at TCP (TLS shows its
                    // layer on the first segment of a record).
                    Some(Plan::SegmentOf {
                        starts_pdu,
                        leading,
                        ..
                    }) if leading.is_empty() => {
                        let stack = up_to_tcp(&facts.protocols, asking.filter(|_| starts_pdu));
                        record.stack = self.stacks.intern(&stack);
                        record.protocols = self.stacks.set(record.stack).0;
                    }
                    Some(Plan::Retransmission) => {
                        let stack = up_to_tcp(&facts.protocols, None);
                        record.stack = self.stacks.intern(&stack);
                        record.protocols = self.stacks.set(record.stack).0;
                    }
                    Some(plan) => {
                        ctx.pdu = self.role_for(&plan, data);
                        self.redo.push((index, ctx));
                    }
                    None => {}
                }
            }
        }
        // A frame dissected again with its reassembled PDU tells its DNS message then.
        let redone = self.redo.last().is_some_and(|(i, _)| *i == index);
        if let (Some(t), Some(header), false) = (facts.transport, facts.dns_header, redone) {
            self.dns_pending.push((index, raw.ts_ns, t, header));
        }
        self.store.push(record);
    }

    /// Notes the media an SDP announces, and finds the RTP/RTCP session of a datagram to or
    /// from an announced endpoint (or of a flow Decode As made RTP): such a frame is
    /// dissected again with it.
    fn media(
        &mut self,
        index: u32,
        flow: u32,
        t: &Transport,
        facts: &PacketFacts,
        data: &[u8],
        ctx: &mut FrameContext,
    ) {
        let frame = u64::from(index) + 1;
        if let Some(seen) = &facts.sdp {
            self.rtp.announce(frame, seen);
            return;
        }
        let payload = data.get(t.payload.clone()).unwrap_or(&[]);
        let found = match self.rtp.is_empty() {
            true => None,
            false => self.rtp.datagram(t, payload),
        };
        let found = found.or_else(|| {
            let decoded = facts.protocols.contains(&"rtp");
            decoded.then(|| self.rtp.decoded(frame, flow, payload))
        });
        if let Some(rtp) = found {
            self.rtp_frames.insert(index, rtp.clone());
            ctx.rtp = Some(rtp);
            self.redo.push((index, ctx.clone()));
        }
    }

    /// Follows FTP control connections, and finds the data connection a TCP segment belongs
    /// to: a data segment is dissected again as FTP-DATA.
    fn ftp_conversation(
        &mut self,
        index: u32,
        flow: u32,
        t: &Transport,
        facts: &PacketFacts,
        ctx: &mut FrameContext,
    ) {
        use crate::dissect::ftp::conversation::FtpFrame;
        // Wireshark hands retransmitted segments to no dissector.
        if self.analysis.results.last_flags() & NOT_DISSECTED != 0 {
            return;
        }
        let frame = u64::from(index) + 1;
        if let Some(seen) = &facts.ftp {
            let shown = FtpFrame::Control(self.ftp.control(frame, flow, seen));
            self.ftp_frames.insert(index, shown.clone());
            ctx.ftp = Some(shown);
            return;
        }
        if let Some(data) = self.ftp.data(flow, t).filter(|_| !t.payload.is_empty()) {
            let shown = FtpFrame::Data(data);
            self.ftp_frames.insert(index, shown.clone());
            ctx.ftp = Some(shown);
            self.redo.push((index, ctx.clone()));
        }
    }

    /// Feeds an IP fragment; returns the datagram payload when this frame completes it.
    fn defragment(&mut self, index: u32, facts: &PacketFacts, data: &[u8]) -> Option<Vec<u8>> {
        let f = facts.fragment.as_ref()?;
        let fragment = Fragment {
            frame: index,
            key: DatagramKey {
                src: f.src,
                dst: f.dst,
                id: f.id,
                proto: f.proto,
            },
            offset: f.offset,
            more: f.more,
            data: data.get(f.payload.clone()).unwrap_or(&[]),
            range: f.payload.clone(),
        };
        self.ip.push(&fragment)
    }

    /// The dissector role for a plan made while indexing (bytes of earlier parts come from the
    /// reassembler's buffer, which still holds them at this point).
    fn role_for(&self, plan: &Plan, data: &[u8]) -> PduRole {
        match plan {
            Plan::SegmentOf {
                starts_pdu,
                leading,
                head_line,
                ..
            } => PduRole::SegmentOf {
                reassembled_in: 0,
                starts_pdu: *starts_pdu,
                leading: leading.start as usize..leading.end as usize,
                head_line: head_line.clone(),
            },
            Plan::Retransmission => PduRole::Retransmission,
            Plan::Completes { rest, .. } => PduRole::Completes {
                data: self.tcp.last_pdu.clone().unwrap_or_else(|| Arc::from(data)),
                frames: Arc::new([]),
                rest: rest.start as usize..rest.end as usize,
            },
        }
    }
}

fn base_record(raw: &RawPacket, facts: &PacketFacts) -> PacketRecord {
    let mut record = PacketRecord {
        ts_ns: raw.ts_ns,
        offset: raw.offset,
        cap_len: raw.cap_len,
        orig_len: raw.orig_len,
        flow: NO_FLOW,
        protocols: 0,
        interface: u16::try_from(raw.interface).unwrap_or(u16::MAX),
        flags: 0,
        tcp_flags: 0,
        stack: 0,
    };
    if facts.malformed {
        record.flags |= flags::MALFORMED;
    }
    if facts.nested {
        record.flags |= flags::NESTED;
    }
    if !raw.timestamped {
        record.flags |= flags::UNTIMED;
    }
    record
}
