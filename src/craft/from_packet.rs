//! The text form of a captured packet ("Copy as packet spec"), exact by construction: the
//! layers wirelens can build are read from the dissection, everything after them becomes
//! `data`, Ethernet padding and trailers become `eth(padding=…,trailer=…)`, and a derived
//! field (length, checksum, next protocol) is written only where the packet's value differs
//! from the computed one (a bad checksum stays bad). The result is built and compared with
//! the packet; a layer that does not reproduce its bytes (DNS name compression, an unknown
//! option) is written as `data` instead, so the spec always rebuilds the packet exactly.

use super::layers::{self, Layer, Proto};
use super::spec::{Assign, LayerSpec, Spec, ValueSpec};
use crate::dissect::field::Kind;
use crate::dissect::tree::Node;
use crate::dissect::{self, Field, FrameContext, FrameInfo, LinkType, Tree, Value};

/// Rounds of pinning derived fields before a layer is given up as `data`.
const PIN_ROUNDS: usize = 4;

/// A spec that builds exactly `frame` (of link type `link`).
pub fn spec_of(link: LinkType, frame: &[u8]) -> Spec {
    let tree = dissect_plain(link, frame);
    let chain = chain(link, &tree);
    for keep in (0..=chain.len()).rev() {
        if let Some(spec) = attempt(link, frame, &tree, chain.get(..keep).unwrap_or(&[])) {
            return spec;
        }
    }
    raw_spec(frame)
}

/// The whole frame as bytes.
fn raw_spec(frame: &[u8]) -> Spec {
    Spec {
        layers: vec![data_layer(frame)],
    }
}

fn data_layer(bytes: &[u8]) -> LayerSpec {
    LayerSpec {
        proto: Proto::Data,
        fields: vec![assign(Field::DataData, Value::Bytes(bytes.into()))],
        span: 0..0,
    }
}

fn assign(field: Field, value: Value) -> Assign {
    let value = match value {
        Value::None => ValueSpec::Present,
        v => ValueSpec::Fixed(v),
    };
    Assign {
        field,
        value,
        span: 0..0,
    }
}

/// A dissection without capture context (no reassembly, no streams): what the bytes alone
/// say, which is also how a rebuilt frame is dissected.
pub fn dissect_plain(link: LinkType, frame: &[u8]) -> Tree {
    let info = FrameInfo {
        number: 1,
        ts_ns: 0,
        timestamped: true,
        rel_ns: 0,
        delta_ns: 0,
        orig_len: u32::try_from(frame.len()).unwrap_or(u32::MAX),
        link,
        interface: 0,
    };
    dissect::dissect(&info, frame, &FrameContext::default(), false).tree
}

/// A buildable layer found in the dissection.
#[derive(Debug, Clone, Copy)]
struct Found {
    proto: Proto,
    /// Index of its protocol node.
    node: usize,
    /// Its first byte in the frame.
    start: usize,
    /// Where its node ends (a described layer's header is its node).
    end: usize,
}

/// The buildable layers from the start of the frame, each starting where the previous
/// one's header ends.
fn chain(link: LinkType, tree: &Tree) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let first_ok = matches!(link, LinkType::ETHERNET)
        || matches!(
            link,
            LinkType::RAW | LinkType::RAW_BSD | LinkType::IPV4 | LinkType::IPV6
        );
    if !first_ok {
        return out;
    }
    let mut depth = 0;
    for (i, n) in tree.nodes.iter().enumerate() {
        let is_layer = n.field.def().kind == Kind::Protocol;
        // `frame` and `raw` (a raw-IP link) are pseudo-layers with no bytes of their own.
        let pseudo = matches!(n.field, Field::Frame | Field::Raw);
        if n.depth != depth || n.source != 0 || pseudo || !is_layer {
            continue;
        }
        if matches!(n.field, Field::Icmp | Field::Icmpv6) {
            // The datagram an ICMP error quotes sits one level inside it.
            depth = 1;
        }
        let Some(proto) = Proto::of_field(n.field).filter(|p| *p != Proto::Data) else {
            break;
        };
        if out.is_empty() && n.range.start != 0 {
            break;
        }
        out.push(Found {
            proto,
            node: i,
            start: n.range.start,
            end: n.range.end,
        });
    }
    out
}

/// Where layer `f`'s header ends (its payload starts).
fn header_end(f: &Found, frame: &[u8], payload_end: usize) -> usize {
    let at = |k: usize| usize::from(frame.get(f.start + k).copied().unwrap_or(0));
    let len = match f.proto {
        Proto::Eth => 14,
        Proto::Vlan => 4,
        Proto::Arp => 8 + 2 * at(4) + 2 * at(5),
        Proto::Ip => (at(0) & 0x0f) * 4,
        Proto::Ipv6 => 40,
        Proto::Icmp | Proto::Icmpv6 | Proto::Udp => 8,
        Proto::Tcp => (at(12) >> 4) * 4,
        Proto::Dns | Proto::Data => return payload_end,
        Proto::Described(_) => return f.end.min(payload_end),
    };
    (f.start + len).min(payload_end)
}

/// Bytes after the network layer's end inside an Ethernet frame.
struct Tail {
    /// Padding to the 60-byte minimum: where it starts, and its bytes.
    padding: Option<(usize, Vec<u8>)>,
    /// Anything after the padding (trailers, FCS).
    trailer: Option<Vec<u8>>,
}

/// Ethernet padding and trailer as the dissector marked them.
fn tail(tree: &Tree, frame: &[u8]) -> Tail {
    let bytes = |field| {
        tree.nodes
            .iter()
            .enumerate()
            .find(|(_, n)| n.field == field && n.source == 0)
            .map(|(i, n)| (n.range.start, tree.node_bytes(i, frame).to_vec()))
    };
    Tail {
        padding: bytes(Field::EthPadding),
        trailer: bytes(Field::EthTrailer).map(|(_, b)| b),
    }
}

/// Tries the first `kept` layers plus `data`; `Some` when that rebuilds `frame` exactly.
fn attempt(link: LinkType, frame: &[u8], tree: &Tree, kept: &[Found]) -> Option<Spec> {
    let Tail {
        padding: pad,
        trailer,
    } = tail(tree, frame);
    let has_eth = kept.first().is_some_and(|f| f.proto == Proto::Eth);
    let payload_end = match (&pad, &trailer, has_eth) {
        (Some((at, _)), _, true) => *at,
        (None, Some(t), true) => frame.len().saturating_sub(t.len()),
        _ => frame.len(),
    };
    let mut layers: Vec<LayerSpec> = kept
        .iter()
        .map(|f| LayerSpec {
            proto: f.proto,
            fields: read_layer(tree, frame, f),
            span: 0..0,
        })
        .collect();
    if let Some(eth) = layers.first_mut().filter(|_| has_eth) {
        if let Some((_, p)) = &pad {
            eth.fields
                .push(assign(Field::EthPadding, Value::Bytes(p.as_slice().into())));
        }
        if let Some(t) = &trailer {
            eth.fields
                .push(assign(Field::EthTrailer, Value::Bytes(t.as_slice().into())));
        }
    }
    let rest_start = kept.last().map_or(0, |f| header_end(f, frame, payload_end));
    let rest = frame.get(rest_start..payload_end).unwrap_or(&[]);
    if !rest.is_empty() || layers.is_empty() {
        layers.push(data_layer(rest));
    }
    let mut spec = Spec { layers };
    for _ in 0..PIN_ROUNDS {
        let built = super::build(&spec, 0, 0).ok()?;
        if built == frame {
            minimize(&mut spec, frame);
            return Some(spec);
        }
        if !pin_differences(&mut spec, kept.len(), link, tree, &built) {
            return None;
        }
    }
    None
}

/// Drops every field whose default gives the same bytes (`version=4`, `urgent_pointer=0`),
/// so the spec says only what is particular to this packet.
fn minimize(spec: &mut Spec, frame: &[u8]) {
    for l in 0..spec.layers.len() {
        let count = spec.layers.get(l).map_or(0, |layer| layer.fields.len());
        for f in (0..count).rev() {
            let Some(layer) = spec.layers.get_mut(l) else {
                break;
            };
            if f >= layer.fields.len() || layer.proto == Proto::Data {
                continue;
            }
            let removed = layer.fields.remove(f);
            let same = super::build(spec, 0, 0).is_ok_and(|b| b == frame);
            if !same && let Some(layer) = spec.layers.get_mut(l) {
                layer.fields.insert(f, removed);
            }
        }
    }
}

/// The fields of one layer, in wire order, as the spec writes them.
fn read_layer(tree: &Tree, frame: &[u8], f: &Found) -> Vec<Assign> {
    let mut out = Vec::new();
    let nodes = layer_nodes(tree, f.node);
    let has = |field: Field| nodes.iter().any(|(_, n)| n.field == field);
    for (i, n) in &nodes {
        let field = n.field;
        if n.hidden || n.source != 0 || f.proto.is_derived(field) {
            continue;
        }
        if !f.proto.fields().iter().any(|s| s.field == field) || covered(field, &has) {
            continue;
        }
        let value = match (field, &n.value) {
            // The tree shows SACK edges relative to the stream; the spec writes wire values.
            (Field::TcpOptionsSackLe | Field::TcpOptionsSackRe, _) => {
                Value::UInt(be_int(tree.node_bytes(*i, frame)))
            }
            (_, Value::Span) => Value::Bytes(tree.node_bytes(*i, frame).into()),
            (_, v) => v.clone(),
        };
        if field.def().kind == Kind::Protocol || value != Value::None {
            out.push(assign(field, value));
        }
    }
    if f.proto == Proto::Tcp {
        tcp_options_or_raw(&mut out, tree, frame, &nodes);
    }
    out
}

/// An aggregate field is written; its parts are not (they are in it).
fn covered(field: Field, has: &impl Fn(Field) -> bool) -> bool {
    let parts_of = |whole: Field, parts: &[Field]| has(whole) && parts.contains(&field);
    parts_of(
        Field::IpFlags,
        &[Field::IpFlagsRb, Field::IpFlagsDf, Field::IpFlagsMf],
    ) || parts_of(
        Field::IpDsfield,
        &[Field::IpDsfieldDscp, Field::IpDsfieldEcn],
    ) || (has(Field::TcpFlags)
        && field != Field::TcpFlags
        && field.name().starts_with("tcp.flags."))
        || (has(Field::DnsFlags)
            && field != Field::DnsFlags
            && field.name().starts_with("dns.flags."))
        || (has(Field::TcpOptions) && field == Field::TcpOptions)
}

/// TCP options as items when they encode back to the same bytes, else as raw bytes.
fn tcp_options_or_raw(out: &mut Vec<Assign>, tree: &Tree, frame: &[u8], nodes: &[(usize, &Node)]) {
    let Some((i, _)) = nodes.iter().find(|(_, n)| n.field == Field::TcpOptions) else {
        return;
    };
    let raw = tree.node_bytes(*i, frame);
    let items: Vec<(Field, Value)> = out
        .iter()
        .filter(|a| a.field.name().starts_with("tcp.options."))
        .map(|a| match &a.value {
            ValueSpec::Fixed(v) => (a.field, v.clone()),
            _ => (a.field, Value::None),
        })
        .collect();
    let mut probe = Layer::new(Proto::Tcp);
    probe.fields = items;
    if layers::tcp_options(&probe) != raw {
        out.retain(|a| !a.field.name().starts_with("tcp.options."));
        out.push(assign(Field::TcpOptions, Value::Bytes(raw.into())));
    }
}

fn be_int(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take(8)
        .fold(0, |acc, b| (acc << 8) | u64::from(*b))
}

/// The nodes under protocol node `node` (up to the next top-level node).
fn layer_nodes(tree: &Tree, node: usize) -> Vec<(usize, &Node)> {
    tree.layer_fields(node).collect()
}

/// Pins every derived field whose value in `frame` differs from the one built; false when
/// nothing could be pinned (the difference is elsewhere).
fn pin_differences(
    spec: &mut Spec,
    kept: usize,
    link: LinkType,
    tree: &Tree,
    built: &[u8],
) -> bool {
    let rebuilt = dissect_plain(link, built);
    let (want, got) = (chain(link, tree), chain(link, &rebuilt));
    let mut pinned = false;
    for k in 0..kept {
        let (Some(w), Some(g), Some(layer)) = (want.get(k), got.get(k), spec.layers.get_mut(k))
        else {
            return pinned;
        };
        if w.proto != g.proto {
            return pinned;
        }
        let derived = |t: &Tree, f: &Found| -> Vec<(Field, Value)> {
            layer_nodes(t, f.node)
                .into_iter()
                .filter(|(_, n)| f.proto.is_derived(n.field) && !n.hidden)
                .map(|(_, n)| (n.field, n.value.clone()))
                .collect()
        };
        let (wv, gv) = (derived(tree, w), derived(&rebuilt, g));
        for (field, value) in &wv {
            let same = gv.iter().any(|(f, v)| f == field && v == value);
            let already = layer.fields.iter().any(|a| a.field == *field);
            if !same && !already {
                layer.fields.push(assign(*field, value.clone()));
                pinned = true;
            }
        }
    }
    pinned
}

#[cfg(test)]
mod tests {
    use super::spec_of;
    use crate::dissect::LinkType;

    fn rebuilds(frame: &[u8]) -> String {
        let spec = spec_of(LinkType::ETHERNET, frame);
        let text = spec.to_string();
        let again = crate::craft::parse(&text).expect("the spec parses");
        let bytes = crate::craft::build(&again, 0, 0).expect("builds");
        assert_eq!(bytes, frame, "{text}");
        text
    }

    #[test]
    fn a_udp_frame_with_a_bad_checksum_keeps_it_pinned() {
        let mut frame = crate::craft::build(
            &crate::craft::parse(
                "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ip(src=198.18.0.1,\
                 dst=198.18.0.2)/udp(srcport=1234,dstport=9)/data(data=\"hi\")",
            )
            .expect("parses"),
            0,
            0,
        )
        .expect("builds");
        let text = rebuilds(&frame);
        assert!(!text.contains("checksum"), "{text}");
        // Break the UDP checksum: the spec pins it, nothing else.
        frame[40] ^= 0xff;
        let text = rebuilds(&frame);
        assert!(
            text.contains("udp(srcport=1234,dstport=9,checksum=0x"),
            "{text}"
        );
    }

    #[test]
    fn padding_and_unknown_payloads_survive() {
        let mut frame = crate::craft::build(
            &crate::craft::parse(
                "eth(src=02:00:00:00:00:01,dst=ff:ff:ff:ff:ff:ff)/arp(opcode=1,\
                 src.hw_mac=02:00:00:00:00:01,src.proto_ipv4=198.18.0.1,\
                 dst.proto_ipv4=198.18.0.2)",
            )
            .expect("parses"),
            0,
            0,
        )
        .expect("builds");
        frame.extend_from_slice(&[0; 18]);
        let text = rebuilds(&frame);
        assert!(text.contains("padding=00:00"), "{text}");
        // Anything at all still rebuilds exactly.
        rebuilds(&[0xde, 0xad, 0xbe, 0xef]);
        rebuilds(&[]);
    }
}
