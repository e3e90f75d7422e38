//! The indexing pass: read packets, dissect each once without text, defragment IP, follow TCP
//! streams for PDU reassembly, fill the flow table and append compact records.

use super::defrag::{DatagramKey, Defragmenter, Fragment};
use super::reassembly::{Plan, Reassembler, Segment};
use super::record::{NO_FLOW, PacketRecord, flags};
use super::{FlowTable, PacketStore, ProtoSet};
use crate::dissect::app;
use crate::dissect::context::{IpReassembly, PduRole, TransportKind};
use crate::dissect::{self, Dissection, Field, FrameContext, FrameInfo, LinkType};
use crate::pcapfile::{Interface, RawPacket, ReadProgress, Reader};
use std::sync::Arc;

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
    /// Stream of the conversation quoted by an ICMP error, by 0-based frame index.
    pub quoted_streams: std::collections::HashMap<u32, u32>,
    /// First frame (0-based) after which each flow speaks TLS 1.3.
    pub tls13_from: std::collections::HashMap<u32, u32>,
    /// Distinct protocol stacks, indexed by `PacketRecord::stack`.
    pub stacks: Stacks,
}

/// Interned protocol stacks: captures have few distinct ones, so a record keeps a 16-bit id.
#[derive(Debug, Default, Clone)]
pub struct Stacks {
    /// Stack by id.
    pub list: Vec<Vec<&'static str>>,
    ids: std::collections::HashMap<Vec<&'static str>, u16>,
}

impl Stacks {
    /// The id of `stack`, interning it (id `u16::MAX` when the table is full).
    pub fn intern(&mut self, stack: &[&'static str]) -> u16 {
        if let Some(id) = self.ids.get(stack) {
            return *id;
        }
        let Ok(id) = u16::try_from(self.list.len()) else { return u16::MAX };
        if id == u16::MAX {
            return u16::MAX;
        }
        self.list.push(stack.to_vec());
        self.ids.insert(stack.to_vec(), id);
        id
    }

    /// The stack of an id.
    pub fn get(&self, id: u16) -> &[&'static str] {
        self.list.get(usize::from(id)).map_or(&[], Vec::as_slice)
    }
}

/// Incremental indexer over a [`Reader`].
#[derive(Debug)]
pub struct Indexer {
    /// The file being read.
    pub reader: Reader,
    /// What has been built.
    pub state: IndexState,
}

impl Indexer {
    /// Starts indexing `reader`.
    pub fn new(reader: Reader) -> Self {
        Indexer { reader, state: IndexState::default() }
    }

    /// Indexes up to `max_packets` more packets.
    pub fn step(&mut self, max_packets: usize) -> ReadProgress {
        let Indexer { reader, state } = self;
        reader.read_batch(max_packets, |raw, data, interfaces| state.index(raw, data, interfaces))
    }

    /// Indexes to the end.
    pub fn run(&mut self) {
        while self.step(16_384) == ReadProgress::More {}
    }
}

impl IndexState {
    /// Indexes one packet.
    pub fn index(&mut self, raw: &RawPacket, data: &[u8], interfaces: &[Interface]) {
        let link = interfaces.get(raw.interface as usize).map_or(LinkType(u32::MAX), |i| i.link);
        let index = u32::try_from(self.store.len()).unwrap_or(u32::MAX);
        let info = FrameInfo {
            number: u64::from(index) + 1,
            ts_ns: raw.ts_ns,
            rel_ns: 0,
            delta_ns: 0,
            orig_len: raw.orig_len,
            link,
            interface: raw.interface,
        };
        let mut ctx = FrameContext::default();
        let mut d = dissect::dissect(&info, data, &ctx, false);
        if let Some(payload) = self.defragment(index, &d, data) {
            ctx.ip_reassembled = Some(IpReassembly { payload: payload.into(), frames: Arc::new([]) });
            d = dissect::dissect(&info, data, &ctx, false);
        }
        let mut record = base_record(raw, &d);
        record.stack = self.stacks.intern(&d.tree.protocols);
        if let Some(q) = &d.quoted
            && let Some(flow) = self.flows.find(q).and_then(|f| self.flows.get(f))
        {
            self.quoted_streams.insert(index, flow.stream);
        }
        if let Some(t) = &d.transport {
            let (flow, reverse) = self.flows.observe(t, raw.ts_ns, raw.orig_len);
            record.flow = flow;
            if reverse {
                record.flags |= flags::REVERSE;
            }
            record.tcp_flags = t.flags;
            if d.tls13_negotiated {
                self.tls13_from.entry(flow).or_insert(index);
            }
            if t.fragment {
                record.flags |= flags::FRAGMENT;
            }
            let from_frame = ctx.ip_reassembled.is_none();
            if t.kind == TransportKind::Tcp && from_frame {
                let segment = Segment {
                    frame: index,
                    flow: (flow, reverse),
                    seq: t.seq,
                    flags: t.flags,
                    payload: data.get(t.payload.clone()).unwrap_or(&[]),
                    payload_range: t.payload.clone(),
                    app: app::for_tcp_ports(t.src_port, t.dst_port)
                        .or_else(|| app::heuristic_tcp(data.get(t.payload.clone()).unwrap_or(&[]))),
                };
                let plan = self.tcp.push(&segment).cloned();
                if let Some(plan) = plan {
                    ctx.pdu = self.role_for(&plan, data);
                    let again = dissect::dissect(&info, data, &ctx, false);
                    record.protocols = ProtoSet::from_names(&again.tree.protocols).0;
                    record.stack = self.stacks.intern(&again.tree.protocols);
                }
            }
        }
        self.store.push(record);
    }

    /// Feeds an IP fragment; returns the datagram payload when this frame completes it.
    fn defragment(&mut self, index: u32, d: &Dissection, data: &[u8]) -> Option<Vec<u8>> {
        let f = d.fragment.as_ref()?;
        let fragment = Fragment {
            frame: index,
            key: DatagramKey { src: f.src, dst: f.dst, id: f.id, proto: f.proto },
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
            Plan::SegmentOf { starts_pdu, .. } => PduRole::SegmentOf { reassembled_in: 0, starts_pdu: *starts_pdu },
            Plan::Retransmission => PduRole::Retransmission,
            Plan::Completes { rest, .. } => PduRole::Completes {
                data: self.tcp.last_pdu.clone().unwrap_or_else(|| Arc::from(data)),
                frames: Arc::new([]),
                rest: rest.start as usize..rest.end as usize,
            },
        }
    }
}

fn base_record(raw: &RawPacket, d: &Dissection) -> PacketRecord {
    let mut record = PacketRecord {
        ts_ns: raw.ts_ns,
        offset: raw.offset,
        cap_len: raw.cap_len,
        orig_len: raw.orig_len,
        flow: NO_FLOW,
        protocols: ProtoSet::from_names(&d.tree.protocols).0,
        interface: u16::try_from(raw.interface).unwrap_or(u16::MAX),
        flags: 0,
        tcp_flags: 0,
        stack: 0,
    };
    if d.tree.is_malformed() {
        record.flags |= flags::MALFORMED;
    }
    if d.tree.nodes.iter().filter(|n| matches!(n.field, Field::Ip | Field::Ipv6)).count() > 1 {
        record.flags |= flags::NESTED;
    }
    record
}
