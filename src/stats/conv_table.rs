//! Conversation and endpoint tables counted the way tshark's taps count them (`-z conv,…`,
//! `-z endpoints,…` and the GUI's Conversations and Endpoints windows): every layer of a
//! packet that carries addresses is one hit (a tunnelled packet counts in its outer and its
//! inner conversation), a datagram quoted by an ICMP error is not, TCP and UDP conversations
//! are told apart by their stream index, and rows keep the order of their first packet.

use crate::dissect::Field;
use crate::dissect::tree::Tree;
use crate::dissect::value::Value;
use crate::session::{JobControl, Session};
use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::net::IpAddr;

/// The tables, in the order of the GUI's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// Ethernet addresses.
    Eth,
    /// IPv4 addresses.
    Ipv4,
    /// IPv6 addresses.
    Ipv6,
    /// TCP address and port pairs.
    Tcp,
    /// UDP address and port pairs.
    Udp,
}

impl TableKind {
    /// Every kind, in tab order.
    pub const ALL: [TableKind; 5] = [
        TableKind::Eth,
        TableKind::Ipv4,
        TableKind::Ipv6,
        TableKind::Tcp,
        TableKind::Udp,
    ];

    /// The kind tshark names `eth`, `ip`, `ipv6`, `tcp` or `udp`.
    pub fn parse(name: &str) -> Option<TableKind> {
        Some(match name {
            "eth" => TableKind::Eth,
            "ip" => TableKind::Ipv4,
            "ipv6" => TableKind::Ipv6,
            "tcp" => TableKind::Tcp,
            "udp" => TableKind::Udp,
            _ => return None,
        })
    }

    /// The title tshark prints (`IPv4 Conversations`).
    pub fn title(self) -> &'static str {
        match self {
            TableKind::Eth => "Ethernet",
            TableKind::Ipv4 => "IPv4",
            TableKind::Ipv6 => "IPv6",
            TableKind::Tcp => "TCP",
            TableKind::Udp => "UDP",
        }
    }

    /// Whether rows carry ports.
    pub fn has_ports(self) -> bool {
        matches!(self, TableKind::Tcp | TableKind::Udp)
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// An endpoint address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Address {
    /// A MAC address.
    Mac([u8; 6]),
    /// An IPv4 or IPv6 address.
    Ip(IpAddr),
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Mac(m) => f.write_str(&crate::dissect::value::format_ether(m)),
            Address::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

/// One layer's source and destination, as its tap reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Which table it counts in.
    pub kind: TableKind,
    /// Sender.
    pub src: Address,
    /// Receiver.
    pub dst: Address,
    /// Source and destination ports (0 for address-only tables).
    pub ports: (u16, u16),
    /// `tcp.stream` / `udp.stream`.
    pub stream: Option<u32>,
}

/// Addresses met in one top-level layer.
#[derive(Default)]
struct Layer {
    src: Option<Address>,
    dst: Option<Address>,
    src_port: Option<u16>,
    dst_port: Option<u16>,
    stream: Option<u32>,
    kind: Option<TableKind>,
}

impl Layer {
    fn hit(&self, ip: Option<(Address, Address)>) -> Option<Hit> {
        let kind = self.kind?;
        let (src, dst, ports) = if kind.has_ports() {
            let (src, dst) = ip?;
            (src, dst, (self.src_port?, self.dst_port?))
        } else {
            (self.src?, self.dst?, (0, 0))
        };
        Some(Hit {
            kind,
            src,
            dst,
            ports,
            stream: self.stream,
        })
    }
}

/// The hits of one dissected packet, outermost first. Only top-level layers count: what an
/// ICMP error quotes sits deeper in the tree.
pub fn hits(tree: &Tree) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut layer = Layer::default();
    let mut last_ip: Option<(Address, Address)> = None;
    let mut flush = |layer: &mut Layer, last_ip: &mut Option<(Address, Address)>| {
        if let Some(h) = layer.hit(*last_ip) {
            if matches!(h.kind, TableKind::Ipv4 | TableKind::Ipv6) {
                *last_ip = Some((h.src, h.dst));
            }
            out.push(h);
        }
        *layer = Layer::default();
    };
    for node in &tree.nodes {
        if node.depth == 0 {
            flush(&mut layer, &mut last_ip);
            continue;
        }
        if node.depth == 1 {
            take(&mut layer, node.field, &node.value);
        }
    }
    flush(&mut layer, &mut last_ip);
    out
}

/// Notes what `field` says about the layer's addresses.
fn take(layer: &mut Layer, field: Field, value: &Value) {
    use TableKind as K;
    let set_kind = |layer: &mut Layer, kind| {
        layer.kind.get_or_insert(kind);
    };
    match (field, value) {
        (Field::EthSrc, Value::Ether(m)) => {
            set_kind(layer, K::Eth);
            layer.src = Some(Address::Mac(*m));
        }
        (Field::EthDst, Value::Ether(m)) => {
            set_kind(layer, K::Eth);
            layer.dst = Some(Address::Mac(*m));
        }
        (Field::IpSrc, Value::Ipv4(a)) => {
            set_kind(layer, K::Ipv4);
            layer.src = Some(Address::Ip(IpAddr::V4(*a)));
        }
        (Field::IpDst, Value::Ipv4(a)) => {
            set_kind(layer, K::Ipv4);
            layer.dst = Some(Address::Ip(IpAddr::V4(*a)));
        }
        (Field::Ipv6Src, Value::Ipv6(a)) => {
            set_kind(layer, K::Ipv6);
            layer.src = Some(Address::Ip(IpAddr::V6(*a)));
        }
        (Field::Ipv6Dst, Value::Ipv6(a)) => {
            set_kind(layer, K::Ipv6);
            layer.dst = Some(Address::Ip(IpAddr::V6(*a)));
        }
        (Field::TcpSrcPort | Field::UdpSrcPort, Value::UInt(p)) => {
            set_kind(layer, transport(field));
            layer.src_port = u16::try_from(*p).ok();
        }
        (Field::TcpDstPort | Field::UdpDstPort, Value::UInt(p)) => {
            set_kind(layer, transport(field));
            layer.dst_port = u16::try_from(*p).ok();
        }
        (Field::TcpStream | Field::UdpStream, Value::UInt(s)) => {
            layer.stream = u32::try_from(*s).ok();
        }
        _ => {}
    }
}

fn transport(field: Field) -> TableKind {
    if matches!(field, Field::TcpSrcPort | Field::TcpDstPort) {
        TableKind::Tcp
    } else {
        TableKind::Udp
    }
}

/// Frames and bytes.
pub type Count = (u64, u64);

fn bump(c: &mut Count, len: u64) {
    c.0 += 1;
    c.1 += len;
}

/// One conversation; the source is the sender of its first packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvRow {
    /// First sender.
    pub src: Address,
    /// First receiver.
    pub dst: Address,
    /// Their ports (0 for address-only tables).
    pub ports: (u16, u16),
    /// The stream index of TCP and UDP conversations.
    pub stream: Option<u32>,
    /// Sent by `src`.
    pub tx: Count,
    /// Sent by `dst`.
    pub rx: Count,
    /// First packet, ns after the capture's first packet.
    pub start_ns: i64,
    /// Last packet, ns after the capture's first packet.
    pub stop_ns: i64,
}

impl ConvRow {
    /// Frames both ways.
    pub fn frames(&self) -> u64 {
        self.tx.0 + self.rx.0
    }
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRow {
    /// Its address.
    pub address: Address,
    /// Its port (TCP and UDP tables).
    pub port: Option<u16>,
    /// Sent.
    pub tx: Count,
    /// Received.
    pub rx: Count,
}

impl EndpointRow {
    /// Frames both ways.
    pub fn frames(&self) -> u64 {
        self.tx.0 + self.rx.0
    }
}

type ConvKey = (Option<u32>, (Address, u16), (Address, u16));

/// The conversations and endpoints of one kind.
#[derive(Debug, Clone)]
pub struct Table {
    /// Which kind.
    pub kind: TableKind,
    /// Conversations, by first packet.
    pub conversations: Vec<ConvRow>,
    /// Endpoints, by first packet.
    pub endpoints: Vec<EndpointRow>,
    conv_index: HashMap<ConvKey, usize>,
    endpoint_index: HashMap<(Address, Option<u16>), usize>,
}

impl Table {
    /// An empty table.
    pub fn new(kind: TableKind) -> Table {
        Table {
            kind,
            conversations: Vec::new(),
            endpoints: Vec::new(),
            conv_index: HashMap::default(),
            endpoint_index: HashMap::default(),
        }
    }

    /// Counts one hit of `len` bytes at `rel_ns` after the first packet.
    pub fn add(&mut self, hit: &Hit, len: u64, rel_ns: i64) {
        self.add_conversation(hit, len, rel_ns);
        let port = |p| self.kind.has_ports().then_some(p);
        let (src, dst) = ((hit.src, port(hit.ports.0)), (hit.dst, port(hit.ports.1)));
        bump(&mut self.endpoint(src).tx, len);
        bump(&mut self.endpoint(dst).rx, len);
    }

    fn add_conversation(&mut self, hit: &Hit, len: u64, rel_ns: i64) {
        let (a, b) = ((hit.src, hit.ports.0), (hit.dst, hit.ports.1));
        let key = if a <= b {
            (hit.stream, a, b)
        } else {
            (hit.stream, b, a)
        };
        let rows = &mut self.conversations;
        let at = *self.conv_index.entry(key).or_insert_with(|| {
            rows.push(ConvRow {
                src: hit.src,
                dst: hit.dst,
                ports: hit.ports,
                stream: hit.stream,
                tx: (0, 0),
                rx: (0, 0),
                start_ns: rel_ns,
                stop_ns: rel_ns,
            });
            rows.len() - 1
        });
        let Some(row) = rows.get_mut(at) else { return };
        if rel_ns > row.stop_ns {
            row.stop_ns = rel_ns;
        } else if rel_ns < row.start_ns {
            row.start_ns = rel_ns;
        }
        if (row.src, row.ports.0, row.dst, row.ports.1)
            == (hit.src, hit.ports.0, hit.dst, hit.ports.1)
        {
            bump(&mut row.tx, len);
        } else {
            bump(&mut row.rx, len);
        }
    }

    fn endpoint(&mut self, key: (Address, Option<u16>)) -> &mut EndpointRow {
        let rows = &mut self.endpoints;
        let at = *self.endpoint_index.entry(key).or_insert_with(|| {
            rows.push(EndpointRow {
                address: key.0,
                port: key.1,
                tx: (0, 0),
                rx: (0, 0),
            });
            rows.len() - 1
        });
        &mut rows[at]
    }
}

/// One frame's length, time after the first packet and hits.
type FrameHits = (u64, i64, Vec<Hit>);

/// The tables of `kinds` over `packets` (0-based, ascending), dissected on all cores; `None`
/// if cancelled.
pub fn tally(
    session: &Session,
    packets: &[usize],
    kinds: &[TableKind],
    control: &JobControl,
) -> Option<Vec<Table>> {
    let first = session.first_time_ns().unwrap_or(0);
    let frames: Vec<FrameHits> = super::per_packet(packets, control, |i| {
        let r = session.record(i)?;
        let d = session.dissect(i, false).ok()?;
        Some((u64::from(r.orig_len), r.ts_ns - first, hits(&d.tree)))
    })?;
    let mut slots: [Option<Table>; 5] = Default::default();
    for &k in kinds {
        if let Some(s) = slots.get_mut(k.slot()) {
            *s = Some(Table::new(k));
        }
    }
    for (len, rel_ns, frame_hits) in frames {
        for h in &frame_hits {
            if let Some(Some(t)) = slots.get_mut(h.kind.slot()) {
                t.add(h, len, rel_ns);
            }
        }
    }
    Some(
        kinds
            .iter()
            .filter_map(|k| slots.get_mut(k.slot()).and_then(Option::take))
            .collect(),
    )
}

/// Indices of `rows` by total frames, most first, ties in first-packet order (tshark's order).
pub fn by_frames<T>(rows: &[T], frames: impl Fn(&T) -> u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(rows.get(i).map_or(0, &frames)));
    order
}
