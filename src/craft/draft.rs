//! Editing a packet in place: setting a field writes its value into exactly its bytes, then
//! a fix-up recomputes, innermost layer first, every derived field the user has not pinned —
//! IPv4 total length and header checksum, IPv6 payload length, UDP length and checksum, TCP,
//! ICMP and ICMPv6 checksums. Setting a derived field pins it (a deliberately bad checksum
//! stays bad). Editing the bytes directly pins the derived fields whose bytes were typed over
//! and fixes the rest.

use super::CraftError;
use super::from_packet::dissect_plain;
use super::wire;
#[cfg(test)]
use crate::dissect::checksum::Sum;
use crate::dissect::checksum::{internet_checksum, transport_checksum};
use crate::dissect::tree::Node;
use crate::dissect::{Field, LinkType, Tree, Value};
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::ops::Range;

/// A derived field by what it is, not where: the `n`-th occurrence of `field` in the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pin {
    /// The field.
    pub field: Field,
    /// Which occurrence (0 = the first; the second `ip.checksum` is a tunnelled header's).
    pub occurrence: usize,
}

/// Fields the fix-up recomputes.
pub const DERIVED: &[Field] = &[
    Field::IpLen,
    Field::IpChecksum,
    Field::Ipv6Plen,
    Field::UdpLength,
    Field::UdpChecksum,
    Field::TcpChecksum,
    Field::IcmpChecksum,
    Field::Icmpv6Checksum,
];

/// A packet being edited.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Link-layer type of the bytes.
    pub link: LinkType,
    /// The bytes as edited.
    pub bytes: Vec<u8>,
    /// The bytes before any edit (for the diff).
    pub original: Vec<u8>,
    /// The dissection of `bytes`, with labels.
    pub tree: Tree,
    /// Derived fields written as given rather than recomputed.
    pins: BTreeSet<Pin>,
    /// Bytes after the network layer (Ethernet padding, trailer): kept as they are, and not
    /// counted in the lengths.
    tail_len: usize,
}

impl Draft {
    /// A draft of `bytes` (nothing changed yet).
    pub fn new(link: LinkType, bytes: Vec<u8>) -> Draft {
        let tree = dissect_labeled(link, &bytes);
        let tail_len = tail_len(&tree);
        Draft {
            link,
            original: bytes.clone(),
            bytes,
            tree,
            pins: BTreeSet::new(),
            tail_len,
        }
    }

    /// True when the field the node shows is recomputed by the fix-up.
    pub fn is_derived(node: &Node) -> bool {
        DERIVED.contains(&node.field)
    }

    /// The pin key of tree node `index`.
    pub fn pin_of(&self, index: usize) -> Option<Pin> {
        let node = self.tree.nodes.get(index)?;
        let occurrence = self
            .tree
            .nodes
            .iter()
            .take(index)
            .filter(|n| n.field == node.field && n.source == 0)
            .count();
        Some(Pin {
            field: node.field,
            occurrence,
        })
    }

    /// True when node `index` is a pinned derived field.
    pub fn is_pinned(&self, index: usize) -> bool {
        self.pin_of(index).is_some_and(|p| self.pins.contains(&p))
    }

    /// Pins or unpins the derived field of node `index` (unpinning recomputes it).
    pub fn set_pinned(&mut self, index: usize, pinned: bool) {
        let Some(pin) = self.pin_of(index) else {
            return;
        };
        if pinned {
            self.pins.insert(pin);
        } else if self.pins.remove(&pin) {
            self.fix_up();
        }
    }

    /// Parses `text` as a display-filter literal for node `index`'s field and sets it.
    pub fn set_text(&mut self, index: usize, text: &str) -> Result<(), CraftError> {
        let node = self
            .tree
            .nodes
            .get(index)
            .ok_or_else(|| CraftError::new("no such field"))?;
        let value = parse_for(node.field, text)?;
        self.set(index, &value)
    }

    /// Sets node `index` to `value`, then fixes up the derived fields.
    pub fn set(&mut self, index: usize, value: &Value) -> Result<(), CraftError> {
        let node = self
            .tree
            .nodes
            .get(index)
            .ok_or_else(|| CraftError::new("no such field"))?;
        if let Some(why) = wire::not_editable(node) {
            return Err(CraftError::new(why));
        }
        let (field, range) = (node.field, node.range.clone());
        let new = wire::encode(&self.bytes, field, range.clone(), value)?;
        if Draft::is_derived(node)
            && let Some(pin) = self.pin_of(index)
        {
            self.pins.insert(pin);
        }
        self.bytes.splice(range, new);
        self.fix_up();
        Ok(())
    }

    /// Replaces the bytes (the hex view); derived fields typed over are pinned.
    pub fn set_bytes(&mut self, bytes: Vec<u8>) {
        let changed = changed_ranges(&self.bytes, &bytes);
        for (i, n) in self.tree.nodes.iter().enumerate() {
            let touched = changed
                .iter()
                .any(|c| c.start < n.range.end && n.range.start < c.end);
            if touched
                && n.source == 0
                && Draft::is_derived(n)
                && let Some(pin) = self.pin_of(i)
            {
                self.pins.insert(pin);
            }
        }
        self.bytes = bytes;
        self.fix_up();
    }

    /// Byte ranges that differ from the original (a change in length differs to the end).
    pub fn diff(&self) -> Vec<Range<usize>> {
        changed_ranges(&self.original, &self.bytes)
    }

    /// Recomputes every unpinned derived field: lengths outermost first (each layer ends
    /// where the frame's network data ends), then checksums innermost first.
    pub fn fix_up(&mut self) {
        let tree = dissect_plain(self.link, &self.bytes);
        let end = self.bytes.len().saturating_sub(self.tail_len);
        let layers = layers(&tree);
        for l in &layers {
            self.fix_length(&tree, l, end);
        }
        let tree = dissect_plain(self.link, &self.bytes);
        let layers = self::layers(&tree);
        for l in layers.iter().rev() {
            self.fix_checksum(&tree, l);
        }
        self.tree = dissect_labeled(self.link, &self.bytes);
    }

    fn fix_length(&mut self, tree: &Tree, l: &LayerAt, end: usize) {
        if l.quoted {
            // A datagram quoted by an ICMP error is cut short on purpose: its lengths stay.
            return;
        }
        let (field, value) = match l.field {
            Field::Ip => (Field::IpLen, end.saturating_sub(l.start)),
            Field::Ipv6 => (Field::Ipv6Plen, end.saturating_sub(l.start + 40)),
            Field::Udp => (Field::UdpLength, end.saturating_sub(l.start)),
            _ => return,
        };
        self.write_derived(tree, l, field, value as u64);
    }

    fn fix_checksum(&mut self, tree: &Tree, l: &LayerAt) {
        let Some(extent) = tree.extent(l.node) else {
            return;
        };
        let (start, stop) = (extent.start, extent.end.min(self.bytes.len()));
        let Some(data) = self.bytes.get(start..stop).map(<[u8]>::to_vec) else {
            return;
        };
        let sum_at = |off: usize| zeroed(&data, off);
        let value = match l.field {
            Field::Ip => {
                let ihl = usize::from(data.first().copied().unwrap_or(0x45) & 0x0f) * 4;
                let header = zeroed(data.get(..ihl.min(data.len())).unwrap_or(&[]), 10);
                (Field::IpChecksum, internet_checksum(&header))
            }
            Field::Icmp => (Field::IcmpChecksum, internet_checksum(&sum_at(2))),
            Field::Igmp => {
                let len = crate::dissect::igmp::checksummed_len(&data).min(data.len());
                let covered = zeroed(data.get(..len).unwrap_or(&[]), 2);
                (Field::IgmpChecksum, internet_checksum(&covered))
            }
            // VRRP v3 sums an IP pseudo-header too, v2 only the message.
            Field::Vrrp => {
                let v3 = data.first().is_some_and(|b| b >> 4 == 3);
                let sum = match l.net {
                    Some((src, dst)) if v3 => transport_checksum(src, dst, 112, &sum_at(6)),
                    _ => internet_checksum(&sum_at(6)),
                };
                (Field::VrrpChecksum, sum)
            }
            // A quoted segment's checksum covers bytes that are not here. (Every other layer
            // ends where its IP layer says, now that the lengths are fixed.)
            Field::Tcp | Field::Udp | Field::Icmpv6 if l.quoted => return,
            Field::Tcp | Field::Udp | Field::Icmpv6 => {
                let Some((src, dst)) = l.net else { return };
                let (field, proto, off) = match l.field {
                    Field::Tcp => (Field::TcpChecksum, 6, 16),
                    Field::Udp => (Field::UdpChecksum, 17, 6),
                    _ => (Field::Icmpv6Checksum, 58, 2),
                };
                let mut sum = transport_checksum(src, dst, proto, &sum_at(off));
                if l.field == Field::Udp && sum == 0 {
                    sum = 0xffff;
                }
                (field, sum)
            }
            _ => return,
        };
        self.write_derived(tree, l, value.0, u64::from(value.1));
    }

    /// Writes `value` into the first `field` node of layer `l`, unless that field is pinned.
    fn write_derived(&mut self, tree: &Tree, l: &LayerAt, field: Field, value: u64) {
        let found = tree
            .layer_fields(l.node)
            .find(|(_, n)| n.field == field && n.source == 0);
        let Some((index, node)) = found else { return };
        let occurrence = tree
            .nodes
            .iter()
            .take(index)
            .filter(|n| n.field == field && n.source == 0)
            .count();
        if self.pins.contains(&Pin { field, occurrence }) {
            return;
        }
        if let Ok(bytes) = wire::encode(&self.bytes, field, node.range.clone(), &Value::UInt(value))
            && let Some(slot) = self.bytes.get_mut(node.range.clone())
            && slot.len() == bytes.len()
        {
            slot.copy_from_slice(&bytes);
        }
    }
}

/// `data` with the 16-bit word at `off` zeroed (the checksum being computed).
fn zeroed(data: &[u8], off: usize) -> Vec<u8> {
    let mut v = data.to_vec();
    for b in v.iter_mut().skip(off).take(2) {
        *b = 0;
    }
    v
}

/// A protocol layer of a dissection that the fix-up knows.
#[derive(Debug, Clone, Copy)]
struct LayerAt {
    field: Field,
    node: usize,
    start: usize,
    /// Inside a datagram quoted by an ICMP error.
    quoted: bool,
    /// Pseudo-header addresses for transport checksums.
    net: Option<(IpAddr, IpAddr)>,
}

/// The layers in frame order, with what each one's checksum needs.
fn layers(tree: &Tree) -> Vec<LayerAt> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut net: Option<(IpAddr, IpAddr)> = None;
    for (i, n) in tree.nodes.iter().enumerate() {
        // A quoted datagram's layers sit one level inside the ICMP layer.
        let depth = if quoted { 1 } else { 0 };
        if n.depth != depth || n.source != 0 {
            continue;
        }
        let known = matches!(
            n.field,
            Field::Ip
                | Field::Ipv6
                | Field::Udp
                | Field::Tcp
                | Field::Icmp
                | Field::Icmpv6
                | Field::Igmp
                | Field::Vrrp
        );
        if !known {
            continue;
        }
        if matches!(n.field, Field::Ip | Field::Ipv6) {
            net = addresses(tree, i).or(net);
        }
        out.push(LayerAt {
            field: n.field,
            node: i,
            start: n.range.start,
            quoted,
            net,
        });
        if matches!(n.field, Field::Icmp | Field::Icmpv6) {
            // What follows an ICMP header is the datagram it quotes.
            quoted = true;
        }
    }
    out
}

/// Source and (final) destination of the IP header at node `i`.
fn addresses(tree: &Tree, i: usize) -> Option<(IpAddr, IpAddr)> {
    let mut src = None;
    let mut dst = None;
    for (_, n) in tree.layer_fields(i) {
        match (n.field, &n.value) {
            (Field::IpSrc, Value::Ipv4(a)) => src = Some(IpAddr::V4(*a)),
            (Field::IpDst, Value::Ipv4(a)) => dst = Some(IpAddr::V4(*a)),
            (Field::Ipv6Src, Value::Ipv6(a)) => src = Some(IpAddr::V6(*a)),
            (Field::Ipv6Dst, Value::Ipv6(a)) => dst = Some(IpAddr::V6(*a)),
            _ => {}
        }
    }
    Some((src?, dst?))
}

/// Bytes after the network layer (padding and trailer) in a dissection.
fn tail_len(tree: &Tree) -> usize {
    tree.nodes
        .iter()
        .filter(|n| matches!(n.field, Field::EthPadding | Field::EthTrailer) && n.source == 0)
        .map(|n| n.range.len())
        .sum()
}

/// A dissection with labels, for showing.
fn dissect_labeled(link: LinkType, bytes: &[u8]) -> Tree {
    let info = crate::dissect::FrameInfo::standalone(1, link, bytes.len());
    crate::dissect::dissect(&info, bytes, &crate::dissect::FrameContext::default(), true).tree
}

/// The ranges where `b` differs from `a` (from the first difference on when lengths differ).
pub fn changed_ranges(a: &[u8], b: &[u8]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let common = a.len().min(b.len());
    let mut k = 0;
    while k < common {
        if a.get(k) != b.get(k) {
            let start = k;
            while k < common && a.get(k) != b.get(k) {
                k += 1;
            }
            out.push(start..k);
        } else {
            k += 1;
        }
    }
    if a.len() != b.len() {
        let from = out.last().map_or(common, |r| r.start.min(common));
        out.retain(|r| r.end <= from);
        out.push(from..b.len().max(from));
    }
    out
}

/// `text` as a value of `field`, as the display filter reads literals.
pub fn parse_for(field: Field, text: &str) -> Result<Value, CraftError> {
    super::parse::value_text(field, text)
}

/// The sum of `data` (for tests of the fix-up).
#[cfg(test)]
fn verifies(data: &[u8]) -> bool {
    crate::dissect::checksum::verifies(Sum::default().add_bytes(data))
}

#[cfg(test)]
mod tests {
    use super::{Draft, changed_ranges, verifies};
    use crate::dissect::{Field, LinkType};

    fn built(spec: &str) -> Vec<u8> {
        crate::craft::build(&crate::craft::parse(spec).expect("parses"), 0, 0).expect("builds")
    }

    fn node(d: &Draft, field: Field) -> usize {
        d.tree
            .nodes
            .iter()
            .position(|n| n.field == field)
            .expect("field present")
    }

    const UDP: &str = "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ip(src=198.18.0.1,\
                       dst=198.18.0.2,ttl=64)/udp(srcport=1234,dstport=9)/data(data=\"hello\")";

    #[test]
    fn setting_the_ttl_changes_its_byte_and_the_header_checksum_only() {
        let mut d = Draft::new(LinkType::ETHERNET, built(UDP));
        d.set_text(node(&d, Field::IpTtl), "7").expect("set");
        assert_eq!(d.bytes[22], 7);
        assert_eq!(d.diff(), vec![22..23, 24..26]);
        assert!(verifies(&d.bytes[14..34]));
        // The same as building it with ttl=7 from the start.
        assert_eq!(d.bytes, built(&UDP.replace("ttl=64", "ttl=7")));
    }

    #[test]
    fn a_pinned_checksum_stays_as_typed_and_unpinning_fixes_it() {
        let mut d = Draft::new(LinkType::ETHERNET, built(UDP));
        let c = node(&d, Field::UdpChecksum);
        d.set_text(c, "0xdead").expect("set");
        assert!(d.is_pinned(c));
        d.set_text(node(&d, Field::UdpSrcPort), "4321")
            .expect("set");
        assert_eq!(&d.bytes[40..42], &[0xde, 0xad]);
        d.set_pinned(node(&d, Field::UdpChecksum), false);
        assert_eq!(d.bytes, built(&UDP.replace("srcport=1234", "srcport=4321")));
    }

    #[test]
    fn a_longer_payload_grows_every_length() {
        let mut d = Draft::new(LinkType::ETHERNET, built(UDP));
        d.set_text(node(&d, Field::DataData), "\"hello, world\"")
            .expect("set");
        assert_eq!(d.bytes, built(&UDP.replace("hello", "hello, world")));
    }

    #[test]
    fn hex_edits_pin_what_they_type_over() {
        let mut d = Draft::new(LinkType::ETHERNET, built(UDP));
        let mut bytes = d.bytes.clone();
        bytes[22] = 9; // the TTL: the IP checksum is recomputed
        bytes[40] = 0; // the UDP checksum's first byte: it is pinned
        d.set_bytes(bytes);
        assert!(verifies(&d.bytes[14..34]));
        assert_eq!(d.bytes[40], 0);
    }

    #[test]
    fn fields_that_are_not_stored_say_why() {
        let mut d = Draft::new(LinkType::ETHERNET, built(UDP));
        let e = d
            .set_text(node(&d, Field::FrameLen), "1")
            .expect_err("computed");
        assert!(e.message.contains("computed"), "{}", e.message);
        let e = d
            .set_text(node(&d, Field::IpTtl), "300")
            .expect_err("too big");
        assert!(e.message.contains("does not fit"), "{}", e.message);
        let e = d
            .set_text(node(&d, Field::IpSrc), "hello")
            .expect_err("not an address");
        assert!(e.message.contains("IPv4"), "{}", e.message);
    }

    #[test]
    fn ranges_of_change() {
        assert_eq!(changed_ranges(b"abcd", b"abxd"), vec![2..3]);
        assert_eq!(changed_ranges(b"abcd", b"abcdef"), vec![4..6]);
        assert!(changed_ranges(b"same", b"same").is_empty());
    }
}
