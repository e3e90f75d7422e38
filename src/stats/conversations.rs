//! Conversations and endpoints for the GUI's Statistics ▸ Conversations / Endpoints window:
//! the same counts as `tshark -z conv,…` / `-z endpoints,…` (from [`conv_table`]), as rows
//! of text with a display filter each.

use super::conv_table::{self, Address, ConvRow, TableKind};
use crate::session::{JobControl, Session};
use rustc_hash::FxHashMap;
use std::net::IpAddr;

/// Traffic between two endpoints; A is the lower address (and port).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Conversation {
    /// Address A (with `:port` for TCP/UDP).
    pub a: String,
    /// Address B.
    pub b: String,
    /// Packets and bytes A → B.
    pub a_to_b: (u64, u64),
    /// Packets and bytes B → A.
    pub b_to_a: (u64, u64),
    /// First packet, ns since the epoch.
    pub start_ns: i64,
    /// Last packet, ns since the epoch.
    pub end_ns: i64,
    /// A display filter selecting it.
    pub filter: String,
}

impl Conversation {
    /// Packets both ways.
    pub fn packets(&self) -> u64 {
        self.a_to_b.0 + self.b_to_a.0
    }

    /// Bytes both ways.
    pub fn bytes(&self) -> u64 {
        self.a_to_b.1 + self.b_to_a.1
    }
}

/// One endpoint's totals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Endpoint {
    /// Address (with `:port` for TCP/UDP).
    pub address: String,
    /// Packets and bytes sent.
    pub tx: (u64, u64),
    /// Packets and bytes received.
    pub rx: (u64, u64),
    /// A display filter selecting it.
    pub filter: String,
}

/// Conversations of every kind, indexed like [`TableKind::ALL`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversations {
    /// Per kind.
    pub kinds: [Vec<Conversation>; 5],
    /// Distinct endpoints per kind.
    pub endpoint_counts: [usize; 5],
}

/// Counts conversations over every packet as `tshark -z conv` does (see [`conv_table`]);
/// `None` when cancelled.
pub fn conversations(s: &Session, control: &JobControl) -> Option<Conversations> {
    let all: Vec<usize> = (0..s.len()).collect();
    let tables = conv_table::tally(s, &all, &TableKind::ALL, control)?;
    let first = s.first_time_ns().unwrap_or(0);
    let mut out = Conversations::default();
    for (slot, table) in out.kinds.iter_mut().zip(&tables) {
        *slot = table
            .conversations
            .iter()
            .map(|row| conversation(table.kind, row, first))
            .collect();
        slot.sort_by(|x, y| y.bytes().cmp(&x.bytes()).then(x.a.cmp(&y.a)));
    }
    for (count, table) in out.endpoint_counts.iter_mut().zip(&tables) {
        *count = table.endpoints.len();
    }
    Some(out)
}

fn conversation(kind: TableKind, row: &ConvRow, first_ns: i64) -> Conversation {
    let end = |address: Address, port: u16| match (kind.has_ports(), address) {
        (false, _) => address.to_string(),
        (true, Address::Ip(IpAddr::V6(ip))) => format!("[{ip}]:{port}"),
        (true, _) => format!("{address}:{port}"),
    };
    let (a, b) = (end(row.src, row.ports.0), end(row.dst, row.ports.1));
    let filter = match (kind, row.stream) {
        (TableKind::Tcp, Some(n)) => format!("tcp.stream == {n}"),
        (TableKind::Udp, Some(n)) => format!("udp.stream == {n}"),
        _ => {
            let field = match kind {
                TableKind::Eth => "eth.addr",
                TableKind::Ipv6 => "ipv6.addr",
                _ => "ip.addr",
            };
            format!("{field} == {} && {field} == {}", row.src, row.dst)
        }
    };
    Conversation {
        a,
        b,
        a_to_b: row.tx,
        b_to_a: row.rx,
        start_ns: first_ns + row.start_ns,
        end_ns: first_ns + row.stop_ns,
        filter,
    }
}

/// Endpoints of one conversation kind: each side's sent and received totals.
pub fn endpoints(conversations: &[Conversation], kind: usize) -> Vec<Endpoint> {
    let mut map: FxHashMap<String, Endpoint> = FxHashMap::default();
    for c in conversations {
        for (address, tx, rx) in [(&c.a, c.a_to_b, c.b_to_a), (&c.b, c.b_to_a, c.a_to_b)] {
            let e = map.entry(address.clone()).or_insert_with(|| Endpoint {
                address: address.clone(),
                filter: endpoint_filter(address, kind),
                ..Endpoint::default()
            });
            e.tx.0 += tx.0;
            e.tx.1 += tx.1;
            e.rx.0 += rx.0;
            e.rx.1 += rx.1;
        }
    }
    let mut v: Vec<Endpoint> = map.into_values().collect();
    v.sort_by(|x, y| {
        (y.tx.1 + y.rx.1)
            .cmp(&(x.tx.1 + x.rx.1))
            .then(x.address.cmp(&y.address))
    });
    v
}

fn endpoint_filter(address: &str, kind: usize) -> String {
    match kind {
        0 => format!("eth.addr == {address}"),
        1 => format!("ip.addr == {address}"),
        2 => format!("ipv6.addr == {address}"),
        _ => {
            let proto = if kind == 3 { "tcp" } else { "udp" };
            let (ip, port) = address.rsplit_once(':').unwrap_or((address, "0"));
            let ip = ip.trim_start_matches('[').trim_end_matches(']');
            let field = if ip.contains(':') {
                "ipv6.addr"
            } else {
                "ip.addr"
            };
            format!("{field} == {ip} && {proto}.port == {port}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Conversation, endpoint_filter, endpoints};

    #[test]
    fn endpoints_add_up_both_directions() {
        let c = |a: &str, b: &str, ab: u64, ba: u64| Conversation {
            a: a.into(),
            b: b.into(),
            a_to_b: (ab, ab * 100),
            b_to_a: (ba, ba * 100),
            ..Conversation::default()
        };
        let e = endpoints(
            &[
                c("10.0.0.1", "10.0.0.2", 3, 1),
                c("10.0.0.1", "10.0.0.3", 2, 2),
            ],
            1,
        );
        let one = e
            .iter()
            .find(|e| e.address == "10.0.0.1")
            .expect("endpoint");
        assert_eq!(one.tx, (5, 500));
        assert_eq!(one.rx, (3, 300));
        assert_eq!(one.filter, "ip.addr == 10.0.0.1");
        assert_eq!(
            endpoint_filter("[2001:db8::1]:443", 3),
            "ipv6.addr == 2001:db8::1 && tcp.port == 443"
        );
    }
}
