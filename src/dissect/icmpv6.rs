//! ICMPv6 (RFC 4443): echo, errors with the quoted packet, neighbour discovery by type.

use super::checksum::{self, Status, pseudo_header, should_be};
use super::field::Field;
use super::reader::Short;
use super::value::{Value, format_ether};
use super::{Dissector, data, ipv6, names};

/// Dissects an ICMPv6 message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let node = d
        .tree
        .open_protocol(Field::Icmpv6, o..end.min(d.frame.len()));
    d.set_protocol("ICMPv6");
    let depth = d.tree.depth();
    let r = header(d, o, end);
    d.tree.set_depth(depth);
    d.tree.close();
    let typ = match r {
        Ok(t) => t,
        Err(e) => return d.short("icmpv6", e),
    };
    d.tree
        .label(node, || "Internet Control Message Protocol v6".into());
    d.set_info(|| {
        names::icmpv6_type(typ)
            .unwrap_or("Unknown ICMPv6 type")
            .to_string()
    });
    match typ {
        128 | 129 => {
            let f = d.frame;
            let (id, seq) = (f.be_u16(o + 4).unwrap_or(0), f.be_u16(o + 6).unwrap_or(0));
            if f.len() >= o + 8 {
                let t = &mut d.tree;
                let depth = t.depth();
                t.set_depth(depth + 1);
                t.add(
                    Field::Icmpv6EchoIdentifier,
                    o + 4..o + 6,
                    Value::UInt(u64::from(id)),
                );
                t.add(
                    Field::Icmpv6EchoSequenceNumber,
                    o + 6..o + 8,
                    Value::UInt(u64::from(seq)),
                );
                t.set_depth(depth);
            }
            let hlim = d.ttl;
            let request_in = d.echo_reply_match(typ == 128, id, seq, Field::Icmpv6RespTo, o);
            d.set_info(|| {
                let name = names::icmpv6_type(typ).unwrap_or("Echo");
                let matched = request_in.map_or(String::new(), |n| format!(" (request in {n})"));
                format!("{name} id=0x{id:04x}, seq={seq}, hop limit={hlim}{matched}")
            });
            d.nested(|d| data::dissect_range(d, o + 8, end));
        }
        133..=135 => neighbour_discovery_info(d, typ, o, end),
        1..=4 if !d.in_icmp_error && d.frame.len() > o + 8 => {
            d.in_icmp_error = true;
            d.tree.in_error_packet = true;
            let keep = d.tree.summary.clone();
            let (net, endpoints) = (d.net, d.endpoints);
            d.nested(|d| {
                ipv6::dissect(d, o + 8);
            });
            (d.net, d.endpoints) = (net, endpoints);
            d.in_icmp_error = false;
            d.tree.in_error_packet = false;
            d.tree.summary = keep;
        }
        _ => {}
    }
}

fn header(d: &mut Dissector, o: usize, end: usize) -> Result<u8, Short> {
    let f = d.frame;
    let (typ, code, sum) = (f.u8(o)?, f.u8(o + 1)?, f.be_u16(o + 2)?);
    let t = &mut d.tree;
    let n = t.add(Field::Icmpv6Type, o..o + 1, Value::UInt(u64::from(typ)));
    t.label(n, || {
        format!(
            "Type: {} ({typ})",
            names::icmpv6_type(typ).unwrap_or("Unknown")
        )
    });
    t.add(
        Field::Icmpv6Code,
        o + 1..o + 2,
        Value::UInt(u64::from(code)),
    );
    let c = t.add(
        Field::Icmpv6Checksum,
        o + 2..o + 4,
        Value::UInt(u64::from(sum)),
    );
    // Always verified (as in Wireshark) when the whole message was captured.
    let message = f.range(o..end).ok().filter(|_| end <= f.len());
    let (status, expected) = match (message, d.pseudo_header_addrs()) {
        (Some(m), Some(net)) => {
            let len = u32::try_from(m.len()).unwrap_or(u32::MAX);
            let total = pseudo_header(net.src, net.dst, 58, len).add_bytes(m);
            (Status::of(total), should_be(sum, total))
        }
        _ => (Status::Unverified, 0),
    };
    let owner = ("icmpv6", super::tree::Severity::Warning);
    checksum::report(
        &mut d.tree,
        c,
        Field::Icmpv6ChecksumStatus,
        status,
        expected,
        owner,
    );
    Ok(typ)
}

/// Wireshark's Info additions for router and neighbour discovery: a solicitation's target
/// ("for …"), and the link-layer addresses of the options ("from …", "is at …").
fn neighbour_discovery_info(d: &mut Dissector, typ: u8, o: usize, end: usize) {
    let f = d.frame;
    let end = end.min(f.len());
    let options = match typ {
        133 => o + 8,
        134 => o + 16,
        _ => {
            let Ok(target) = f.array::<16>(o + 8) else {
                return;
            };
            let target = std::net::Ipv6Addr::from(target);
            d.append_info(&format!(" for {target}"));
            o + 24
        }
    };
    let mut at = options;
    while at + 2 <= end {
        let (Ok(kind), Ok(units)) = (f.u8(at), f.u8(at + 1)) else {
            return;
        };
        if units == 0 {
            return;
        }
        let mac = f.array::<6>(at + 2).ok().filter(|_| units == 1);
        match (kind, mac) {
            (1, Some(mac)) => d.append_info(&format!(" from {}", format_ether(&mac))),
            (2, Some(mac)) => d.append_info(&format!(" is at {}", format_ether(&mac))),
            _ => {}
        }
        at += 8 * usize::from(units);
    }
}
