//! Conversations and endpoints (Statistics ▸ Conversations / Endpoints, like `tshark -z
//! conv,…`): Ethernet, IPv4 and IPv6 from each packet's outer headers (parsed with
//! etherparse), TCP and UDP from the flow table.

use crate::dissect::LinkType;
use crate::session::{JobControl, Session};
use etherparse::{LinkSlice, NetSlice, SlicedPacket};
use rustc_hash::FxHashMap;
use std::sync::atomic::Ordering;

/// The conversation kinds, in tab order.
pub const KINDS: [&str; 5] = ["Ethernet", "IPv4", "IPv6", "TCP", "UDP"];

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

/// Conversations of every kind, indexed like [`KINDS`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversations {
    /// Per kind.
    pub kinds: [Vec<Conversation>; 5],
    /// Distinct endpoints per kind.
    pub endpoint_counts: [usize; 5],
}

/// Source and destination address bytes.
type Key = (Vec<u8>, Vec<u8>);

#[derive(Default)]
struct Tally {
    ab: (u64, u64),
    ba: (u64, u64),
    start: i64,
    end: i64,
}

impl Tally {
    fn add(&mut self, forward: bool, len: u32, ts: i64) {
        let side = if forward { &mut self.ab } else { &mut self.ba };
        side.0 += 1;
        side.1 += u64::from(len);
        if self.ab.0 + self.ba.0 == 1 {
            self.start = ts;
        }
        self.start = self.start.min(ts);
        self.end = self.end.max(ts);
    }
}

/// Counts conversations over every packet; `None` when cancelled.
pub fn conversations(s: &Session, control: &JobControl) -> Option<Conversations> {
    let mut maps: [FxHashMap<Key, Tally>; 3] = Default::default();
    const CHUNK: usize = 4096;
    for start in (0..s.len()).step_by(CHUNK) {
        if control.cancelled() {
            return None;
        }
        let indices: Vec<usize> = (start..(start + CHUNK).min(s.len())).collect();
        let spans = s.read_spans(&indices);
        for (k, &i) in indices.iter().enumerate() {
            let (Ok(data), Some(r)) = (spans.get(k), s.record(i)) else {
                continue;
            };
            for (kind, (src, dst)) in addresses(s.link(r.interface), data) {
                let forward = src <= dst;
                let key = if forward { (src, dst) } else { (dst, src) };
                if let Some(m) = maps.get_mut(kind) {
                    m.entry(key).or_default().add(forward, r.orig_len, r.ts_ns);
                }
            }
        }
        control.done.fetch_add(indices.len(), Ordering::Relaxed);
    }
    let [eth, v4, v6] = maps;
    let mut out = Conversations::default();
    out.kinds[0] = finish(eth, format_mac, "eth.addr");
    out.kinds[1] = finish(v4, format_ip, "ip.addr");
    out.kinds[2] = finish(v6, format_ip, "ipv6.addr");
    let (tcp, udp) = flows(s);
    out.kinds[3] = tcp;
    out.kinds[4] = udp;
    out.endpoint_counts =
        [0, 1, 2, 3, 4].map(|k| out.kinds.get(k).map_or(0, |l| endpoint_count(l)));
    Some(out)
}

/// Outer Ethernet and IP address pairs of a frame: (kind index, (src, dst)).
fn addresses(link: LinkType, data: &[u8]) -> Vec<(usize, Key)> {
    let sliced = match link.0 {
        1 => SlicedPacket::from_ethernet(data),
        101 | 228 | 229 | 12 | 14 => SlicedPacket::from_ip(data),
        113 => SlicedPacket::from_linux_sll(data),
        0 | 108 => data
            .get(4..)
            .map_or(SlicedPacket::from_ip(&[]), SlicedPacket::from_ip),
        _ => return Vec::new(),
    };
    let Ok(p) = sliced else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(LinkSlice::Ethernet2(e)) = &p.link {
        out.push((0, (e.source().to_vec(), e.destination().to_vec())));
    }
    match &p.net {
        Some(NetSlice::Ipv4(ip)) => {
            let h = ip.header();
            out.push((1, (h.source().to_vec(), h.destination().to_vec())));
        }
        Some(NetSlice::Ipv6(ip)) => {
            let h = ip.header();
            out.push((2, (h.source().to_vec(), h.destination().to_vec())));
        }
        _ => {}
    }
    out
}

fn format_mac(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn format_ip(b: &[u8]) -> String {
    match b.len() {
        4 => {
            let a: [u8; 4] = b.try_into().unwrap_or_default();
            std::net::Ipv4Addr::from(a).to_string()
        }
        16 => {
            let a: [u8; 16] = b.try_into().unwrap_or_default();
            std::net::Ipv6Addr::from(a).to_string()
        }
        _ => String::new(),
    }
}

fn finish(
    map: FxHashMap<Key, Tally>,
    format: fn(&[u8]) -> String,
    field: &str,
) -> Vec<Conversation> {
    let mut v: Vec<Conversation> = map
        .into_iter()
        .map(|((a, b), t)| {
            let (a, b) = (format(&a), format(&b));
            Conversation {
                filter: format!("{field} == {a} && {field} == {b}"),
                a,
                b,
                a_to_b: t.ab,
                b_to_a: t.ba,
                start_ns: t.start,
                end_ns: t.end,
            }
        })
        .collect();
    v.sort_by(|x, y| y.bytes().cmp(&x.bytes()).then(x.a.cmp(&y.a)));
    v
}

/// TCP and UDP conversations straight from the flow table.
fn flows(s: &Session) -> (Vec<Conversation>, Vec<Conversation>) {
    use crate::dissect::context::TransportKind;
    let mut tcp = Vec::new();
    let mut udp = Vec::new();
    for f in s.flows.iter() {
        let (proto, list) = match f.kind {
            TransportKind::Tcp => ("tcp", &mut tcp),
            TransportKind::Udp => ("udp", &mut udp),
        };
        let end = |(ip, port): (std::net::IpAddr, u16)| match ip {
            std::net::IpAddr::V6(_) => format!("[{ip}]:{port}"),
            std::net::IpAddr::V4(_) => format!("{ip}:{port}"),
        };
        list.push(Conversation {
            a: end(f.a),
            b: end(f.b),
            a_to_b: (f.packets[0], f.bytes[0]),
            b_to_a: (f.packets[1], f.bytes[1]),
            start_ns: f.first_ns,
            end_ns: f.last_ns,
            filter: format!("{proto}.stream == {}", f.stream),
        });
    }
    for list in [&mut tcp, &mut udp] {
        list.sort_by(|x, y| y.bytes().cmp(&x.bytes()).then(x.a.cmp(&y.a)));
    }
    (tcp, udp)
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

/// How many distinct endpoints `conversations` have.
pub fn endpoint_count(conversations: &[Conversation]) -> usize {
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for c in conversations {
        seen.insert(&c.a);
        seen.insert(&c.b);
    }
    seen.len()
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
