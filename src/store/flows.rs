//! The flow table: one entry per TCP/UDP conversation, holding its addresses and ports once,
//! its `tcp.stream`/`udp.stream` index, the relative-sequence bases and per-direction counters.

use crate::dissect::context::{TcpContext, Transport, TransportKind};
use rustc_hash::FxHashMap as HashMap;
use std::net::IpAddr;

/// SYN flag bit.
const SYN: u16 = 0x002;
/// ACK flag bit.
const ACK: u16 = 0x010;
/// FIN | RST.
const FIN_RST: u16 = 0x005;

/// Direction-free identity of a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct FlowKey {
    kind: TransportKind,
    lo: (IpAddr, u16),
    hi: (IpAddr, u16),
}

impl FlowKey {
    /// The key of a header, the same in both directions.
    fn of(t: &Transport) -> FlowKey {
        let src = (t.src, t.src_port);
        let dst = (t.dst, t.dst_port);
        let (lo, hi) = if src <= dst { (src, dst) } else { (dst, src) };
        FlowKey {
            kind: t.kind,
            lo,
            hi,
        }
    }
}

/// One conversation. Side A is the sender of its first packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// TCP or UDP.
    pub kind: TransportKind,
    /// A's address and port.
    pub a: (IpAddr, u16),
    /// B's address and port.
    pub b: (IpAddr, u16),
    /// `tcp.stream` or `udp.stream`.
    pub stream: u32,
    /// Raw sequence number shown as relative 0, per direction (0 = A→B).
    pub seq_base: [Option<u32>; 2],
    /// ISN of a SYN seen per direction (detects port reuse).
    pub syn_seq: [Option<u32>; 2],
    /// A FIN or RST was seen.
    pub closing: bool,
    /// Per direction: the SYN was seen, with its window scale shift if it announced one.
    pub syn_wscale: [Option<Option<u8>>; 2],
    /// Packets per direction.
    pub packets: [u64; 2],
    /// Bytes on the wire per direction.
    pub bytes: [u64; 2],
    /// First packet time, ns.
    pub first_ns: i64,
    /// Last packet time, ns.
    pub last_ns: i64,
}

/// Where [`FlowTable::observe`] put a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observed {
    /// Flow id.
    pub flow: u32,
    /// The packet goes B→A.
    pub reverse: bool,
    /// A SYN started a new flow on the ports of an earlier one.
    pub reused: bool,
}

/// All flows of a capture.
#[derive(Debug, Default, Clone)]
pub struct FlowTable {
    flows: Vec<Flow>,
    by_key: HashMap<FlowKey, u32>,
    tcp_streams: u32,
    udp_streams: u32,
}

impl FlowTable {
    /// Number of flows.
    pub fn len(&self) -> usize {
        self.flows.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    /// A flow by id.
    pub fn get(&self, id: u32) -> Option<&Flow> {
        self.flows.get(id as usize)
    }

    /// All flows in creation order.
    pub fn iter(&self) -> impl Iterator<Item = &Flow> {
        self.flows.iter()
    }

    /// The flow a transport header belongs to, without creating one (ICMP-quoted headers).
    pub fn find(&self, t: &Transport) -> Option<u32> {
        self.by_key.get(&FlowKey::of(t)).copied()
    }

    /// Records one packet: its flow id, direction, and whether it reused an earlier flow's ports.
    pub fn observe(&mut self, t: &Transport, ts_ns: i64, wire_len: u32) -> Observed {
        let src = (t.src, t.src_port);
        let dst = (t.dst, t.dst_port);
        let key = FlowKey::of(t);
        let (id, reused) = match self.by_key.get(&key) {
            Some(&id) if !self.is_reuse(id, t, src) => (id, false),
            Some(_) => (self.create(key, t.kind, src, dst, ts_ns), true),
            None => (self.create(key, t.kind, src, dst, ts_ns), false),
        };
        let Some(flow) = self.flows.get_mut(id as usize) else {
            return Observed {
                flow: id,
                reverse: false,
                reused,
            };
        };
        let reverse = flow.a != src;
        let dir = usize::from(reverse);
        flow.packets[dir] += 1;
        flow.bytes[dir] += u64::from(wire_len);
        flow.last_ns = ts_ns;
        if t.kind == TransportKind::Tcp {
            Self::track_tcp(flow, t, dir);
        }
        Observed {
            flow: id,
            reverse,
            reused,
        }
    }

    /// Wireshark starts a new stream when a SYN reuses a finished conversation's ports.
    fn is_reuse(&self, id: u32, t: &Transport, src: (IpAddr, u16)) -> bool {
        let Some(flow) = self.flows.get(id as usize) else {
            return true;
        };
        if t.kind != TransportKind::Tcp || t.flags & (SYN | ACK) != SYN {
            return false;
        }
        let dir = usize::from(flow.a != src);
        flow.closing || flow.syn_seq[dir].is_some_and(|isn| isn != t.seq)
    }

    fn create(
        &mut self,
        key: FlowKey,
        kind: TransportKind,
        src: (IpAddr, u16),
        dst: (IpAddr, u16),
        ts_ns: i64,
    ) -> u32 {
        let counter = match kind {
            TransportKind::Tcp => &mut self.tcp_streams,
            TransportKind::Udp => &mut self.udp_streams,
        };
        let stream = *counter;
        *counter += 1;
        let id = u32::try_from(self.flows.len()).unwrap_or(u32::MAX - 1);
        self.flows.push(Flow {
            kind,
            a: src,
            b: dst,
            stream,
            seq_base: [None; 2],
            syn_seq: [None; 2],
            closing: false,
            syn_wscale: [None; 2],
            packets: [0; 2],
            bytes: [0; 2],
            first_ns: ts_ns,
            last_ns: ts_ns,
        });
        self.by_key.insert(key, id);
        id
    }

    /// Sets relative-sequence bases the way Wireshark does: a SYN's ISN, else one before the
    /// first sequence seen; an ACK seen first sets the other side's base to ack - 1.
    fn track_tcp(flow: &mut Flow, t: &Transport, dir: usize) {
        let syn = t.flags & SYN != 0;
        if syn {
            flow.syn_seq[dir] = Some(t.seq);
            flow.syn_wscale[dir] = Some(t.wscale);
        }
        if flow.seq_base[dir].is_none()
            || (syn && flow.seq_base[dir] != Some(t.seq) && flow.packets[dir] == 1)
        {
            flow.seq_base[dir] = Some(if syn { t.seq } else { t.seq.wrapping_sub(1) });
        }
        if t.flags & ACK != 0 && flow.seq_base[1 - dir].is_none() {
            flow.seq_base[1 - dir] = Some(t.ack.wrapping_sub(1));
        }
        if t.flags & FIN_RST != 0 {
            flow.closing = true;
        }
    }

    /// The dissector context for a TCP packet of `flow` going in direction `reverse`.
    pub fn tcp_context(&self, flow: u32, reverse: bool) -> Option<TcpContext> {
        let f = self.get(flow)?;
        if f.kind != TransportKind::Tcp {
            return None;
        }
        let dir = usize::from(reverse);
        // RFC 7323: scaling is used only when both SYNs carried the option.
        let window_shift = match f.syn_wscale {
            [Some(Some(a)), Some(Some(b))] => Some(if dir == 0 { a } else { b }),
            [Some(_), Some(_)] => Some(0),
            _ => None,
        };
        // Relative sequence numbers are part of the sequence analysis, as in Wireshark.
        let base = |d: usize| {
            let relative = crate::dissect::tcp_analysis::enabled();
            f.seq_base.get(d).copied().flatten().filter(|_| relative)
        };
        Some(TcpContext {
            stream: f.stream,
            seq_base: base(dir).unwrap_or(0),
            ack_base: base(1 - dir).unwrap_or(0),
            window_shift,
        })
    }
}
