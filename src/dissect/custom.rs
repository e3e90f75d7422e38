//! The hook through which protocols described at run time (`crate::describe`) take part in
//! dissection: the dissector tables ask it first, and it dissects what it claims.
//! The active set is swapped atomically; each thread keeps its own handle and refreshes it
//! when the generation changes, so the hot path takes no lock.

use super::Dissector;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// A table a protocol can be found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// UDP port (either side; the lower port first).
    UdpPort,
    /// TCP port.
    TcpPort,
    /// EtherType.
    EtherType,
    /// IP protocol number.
    IpProto,
    /// Link-layer type (user DLTs).
    Link,
    /// SNAP protocol ID under Cisco's OUI 00:00:0c (CDP is 0x2000).
    CiscoPid,
}

impl Table {
    /// Every table, in the order descriptions list them.
    pub const ALL: [Table; 6] = [
        Table::UdpPort,
        Table::TcpPort,
        Table::EtherType,
        Table::IpProto,
        Table::CiscoPid,
        Table::Link,
    ];

    /// The name a binding or Decode As entry writes (`udp.port`, `eth.type` …).
    pub fn name(self) -> &'static str {
        match self {
            Table::UdpPort => "udp.port",
            Table::TcpPort => "tcp.port",
            Table::EtherType => "eth.type",
            Table::IpProto => "ip.proto",
            Table::CiscoPid => "llc.cisco_pid",
            Table::Link => "link",
        }
    }

    /// The table a name names.
    pub fn by_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The values the table takes (link: the user DLTs, 147–162).
    pub fn values(self) -> std::ops::RangeInclusive<u64> {
        match self {
            Table::UdpPort | Table::TcpPort | Table::EtherType | Table::CiscoPid => 0..=0xffff,
            Table::IpProto => 0..=0xff,
            Table::Link => 147..=162,
        }
    }

    /// `TABLE == VALUE` as a description writes it (EtherTypes and PIDs in hex).
    pub fn binding_text(self, value: u32) -> String {
        match self {
            Table::EtherType | Table::CiscoPid => format!("{} == 0x{value:04x}", self.name()),
            _ => format!("{} == {value}", self.name()),
        }
    }
}

/// Protocols loaded at run time.
pub trait Layers: Send + Sync {
    /// The protocol bound to `value` in `table`, if any.
    fn lookup(&self, table: Table, value: u32) -> Option<u32>;
    /// A heuristic protocol over UDP (`tcp` = false) or TCP that accepts `payload`.
    fn heuristic(&self, tcp: bool, payload: &[u8]) -> Option<u32>;
    /// Dissects `start..end` of the current data as protocol `id`; returns where its data
    /// ends when nothing follows it (so Ethernet can mark the rest as padding).
    fn dissect(&self, id: u32, d: &mut Dissector, start: usize, end: usize) -> Option<usize>;
    /// Length of the first message of protocol `id` in `bytes` (TCP reassembly).
    fn pdu_len(&self, id: u32, bytes: &[u8]) -> super::app::PduLen;
    /// Whether any heuristic protocol is registered over TCP (`tcp`) or UDP.
    fn any_heuristic(&self, tcp: bool) -> bool;
    /// A built-in application dissector Decode As chose for `value` in `table`.
    fn decode_as_builtin(&self, table: Table, value: u32) -> Option<super::app::App>;
}

static GENERATION: AtomicU64 = AtomicU64::new(0);
static ACTIVE: RwLock<Option<Arc<dyn Layers>>> = RwLock::new(None);

thread_local! {
    static CACHE: RefCell<(u64, Option<Arc<dyn Layers>>)> = const { RefCell::new((0, None)) };
}

/// Makes `layers` the active set (or none).
pub fn install(layers: Option<Arc<dyn Layers>>) {
    let mut a = ACTIVE.write().unwrap_or_else(|e| e.into_inner());
    *a = layers;
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// Calls `f` with this thread's handle on the active set, refreshed first when it changed.
fn cached<R>(f: impl FnOnce(&Option<Arc<dyn Layers>>) -> Option<R>) -> Option<R> {
    let generation = GENERATION.load(Ordering::Acquire);
    CACHE.with(|c| {
        let stale = c.try_borrow().map_or(true, |s| s.0 != generation);
        if stale && let Ok(mut slot) = c.try_borrow_mut() {
            let a = ACTIVE.read().unwrap_or_else(|e| e.into_inner());
            *slot = (generation, a.clone());
        }
        f(&c.try_borrow().ok()?.1)
    })
}

/// The active set (cloned: for dissecting, which may look tables up again inside).
fn current() -> Option<Arc<dyn Layers>> {
    cached(Option::clone)
}

/// Runs `f` on the active set without cloning it (cheap enough for every packet).
fn with<R>(f: impl FnOnce(&dyn Layers) -> Option<R>) -> Option<R> {
    if GENERATION.load(Ordering::Relaxed) == 0 {
        return None;
    }
    cached(|s| f(s.as_deref()?))
}

/// The described protocol bound to `value` in `table`.
pub fn lookup(table: Table, value: u32) -> Option<u32> {
    with(|l| l.lookup(table, value))
}

/// The described protocol for a UDP or TCP port pair: the lower port first, as Wireshark.
pub fn for_ports(tcp: bool, a: u16, b: u16) -> Option<u32> {
    let table = if tcp { Table::TcpPort } else { Table::UdpPort };
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    with(|l| {
        l.lookup(table, u32::from(lo))
            .or_else(|| l.lookup(table, u32::from(hi)))
    })
}

/// The built-in dissector Decode As chose for a UDP or TCP port pair (lower port first).
pub fn builtin_for_ports(tcp: bool, a: u16, b: u16) -> Option<super::app::App> {
    let table = if tcp { Table::TcpPort } else { Table::UdpPort };
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    with(|l| {
        l.decode_as_builtin(table, u32::from(lo))
            .or_else(|| l.decode_as_builtin(table, u32::from(hi)))
    })
}

/// A described heuristic protocol that accepts `payload`.
pub fn heuristic(tcp: bool, payload: &[u8]) -> Option<u32> {
    with(|l| {
        l.any_heuristic(tcp)
            .then(|| l.heuristic(tcp, payload))
            .flatten()
    })
}

/// Dissects `start..end` as described protocol `id`; returns where its data ends when
/// nothing follows it.
pub fn dissect(d: &mut Dissector, id: u32, start: usize, end: usize) -> Option<usize> {
    current()?.dissect(id, d, start, end)
}

/// The first message's length for described protocol `id`.
pub fn pdu_len(id: u32, bytes: &[u8]) -> super::app::PduLen {
    current().map_or(super::app::PduLen::NotPdu, |l| l.pdu_len(id, bytes))
}

/// Dissects `bytes` alone as described protocol `id` (a description's examples).
pub fn dissect_alone(id: u32, bytes: &[u8]) -> super::Tree {
    let info = super::FrameInfo::standalone(1, super::LinkType::ETHERNET, bytes.len());
    let ctx = super::FrameContext::default();
    let mut d = Dissector::new(&info, bytes, &ctx, super::Tree::new(true));
    dissect(&mut d, id, 0, bytes.len());
    d.tree
}
