//! IPv6 (RFC 8200) with hop-by-hop, routing, fragment and destination-options headers.

use super::field::Field;
use super::reader::{Bytes, Short};
use super::tree::Severity;
use super::value::Value;
use super::{Dissector, NetAddrs, data, ipproto, names};
use std::net::{IpAddr, Ipv6Addr};

const HEADER_LEN: usize = 40;

/// Dissects an IPv6 header at `o`; returns where the datagram ends.
pub fn dissect(d: &mut Dissector, o: usize) -> Option<usize> {
    let node = d.tree.open_protocol(Field::Ipv6, o..d.frame.len());
    d.set_protocol("IPv6");
    let depth = d.tree.depth();
    let fixed = fixed_header(d, o);
    d.tree.set_depth(depth);
    d.tree.close();
    let (plen, next, src, dst) = match fixed {
        Ok(Some(h)) => h,
        Ok(None) => return None,
        Err(e) => {
            d.short("ipv6", e);
            return None;
        }
    };
    d.tree.set_end(node, o + HEADER_LEN);
    d.tree.label(node, || {
        format!("Internet Protocol Version 6, Src: {src}, Dst: {dst}")
    });
    d.net = Some(NetAddrs {
        src: IpAddr::V6(src),
        dst: IpAddr::V6(dst),
    });
    d.final_destination = None;
    d.ip_depth = d.ip_depth.saturating_add(1);
    d.set_endpoints(
        super::Endpoint::Ip(IpAddr::V6(src)),
        super::Endpoint::Ip(IpAddr::V6(dst)),
    );
    let avail = d.frame.len();
    let declared_end = o + HEADER_LEN + plen;
    d.tree.set_extent(
        node,
        if plen == 0 {
            avail
        } else {
            declared_end.min(avail)
        },
    );
    // As for IPv4: a snapshot-length cut is noted only where a dissector runs out of bytes.
    let cut_by_snaplen = d.wire_len > d.frame.len();
    if plen != 0 && declared_end > avail && !d.in_icmp_error && !cut_by_snaplen {
        d.tree.truncated("ipv6", declared_end, avail);
    }
    let wire_end = d.wire_len.max(avail);
    // A zero payload length is a jumbogram only with a hop-by-hop header (RFC 2675).
    d.jumbogram = plen == 0 && next == 0;
    let end = match (plen, next) {
        (0, 0) => wire_end,
        (0, _) => o + HEADER_LEN,
        _ => declared_end.min(wire_end),
    };
    extensions(d, next, o + HEADER_LEN, end);
    Some(if plen == 0 { avail } else { declared_end })
}

type Fixed = Option<(usize, u8, Ipv6Addr, Ipv6Addr)>;

fn fixed_header(d: &mut Dissector, o: usize) -> Result<Fixed, Short> {
    let f = d.frame;
    let word = f.be_u32(o)?;
    let t = &mut d.tree;
    let version = word >> 28;
    t.add(
        Field::Ipv6Version,
        o..o + 1,
        Value::UInt(u64::from(version)),
    );
    t.add_hidden(Field::IpVersion, o..o + 1, Value::UInt(u64::from(version)));
    if version != 6 {
        t.note(
            Severity::Error,
            "ipv6",
            o..o + 1,
            format!("Bogus IP version ({version}, must be 6)"),
        );
        return Ok(None);
    }
    t.add(
        Field::Ipv6Tclass,
        o..o + 4,
        Value::UInt(u64::from((word >> 20) & 0xff)),
    );
    t.add(
        Field::Ipv6Flow,
        o + 1..o + 4,
        Value::UInt(u64::from(word & 0x000f_ffff)),
    );
    let plen = f.be_u16(o + 4)?;
    t.add(Field::Ipv6Plen, o + 4..o + 6, Value::UInt(u64::from(plen)));
    let next = f.u8(o + 6)?;
    let n = t.add(Field::Ipv6Nxt, o + 6..o + 7, Value::UInt(u64::from(next)));
    t.label(n, || {
        format!(
            "Next Header: {} ({next})",
            names::ip_proto(next).unwrap_or("Unknown")
        )
    });
    let hlim = f.u8(o + 7)?;
    d.ttl = hlim;
    let t = &mut d.tree;
    t.add(Field::Ipv6Hlim, o + 7..o + 8, Value::UInt(u64::from(hlim)));
    let src = Ipv6Addr::from(f.array::<16>(o + 8)?);
    t.add_aliased(
        Field::Ipv6Src,
        Field::Ipv6Addr,
        o + 8..o + 24,
        Value::Ipv6(src),
    );
    let dst = Ipv6Addr::from(f.array::<16>(o + 24)?);
    t.add_aliased(
        Field::Ipv6Dst,
        Field::Ipv6Addr,
        o + 24..o + 40,
        Value::Ipv6(dst),
    );
    Ok(Some((usize::from(plen), next, src, dst)))
}

/// Walks extension headers, then dispatches the upper layer.
fn extensions(d: &mut Dissector, mut next: u8, mut at: usize, end: usize) {
    let data_bytes = d.frame;
    let first = at;
    for _ in 0..16 {
        let name = match next {
            // Hop-by-hop options must come first (RFC 8200 §4.1); Wireshark stops otherwise.
            0 if at != first => return,
            0 => "ipv6.hopopts",
            43 => "ipv6.routing",
            60 => "ipv6.dstopts",
            44 => {
                d.tree.protocols.push("ipv6.fraghdr");
                return fragment(d, at, end);
            }
            _ => break,
        };
        d.tree.protocols.push(name);
        let Ok((nh, len)) = ext_len(data_bytes, at) else {
            d.tree.truncated("ipv6", at + 2, end);
            return;
        };
        if next == 0 && d.jumbogram && !has_jumbo_option(data_bytes, at, len) {
            d.tree.note(
                Severity::Error,
                "ipv6",
                at..at + len,
                "Payload length 0 without a Jumbo Payload option".into(),
            );
            return;
        }
        if next == 43 {
            d.final_destination = final_destination(data_bytes, at, len).or(d.final_destination);
        }
        let node = d
            .tree
            .open(Field::Ipv6ExtHdr, at..(at + len).min(end), Value::None);
        d.tree
            .label(node, || format!("{} ({len} bytes)", ext_title(next)));
        d.tree.close();
        next = nh;
        at += len;
        if at > end {
            d.tree.truncated("ipv6", at, end);
            return;
        }
    }
    ipproto::dispatch(d, next, at, end);
}

/// The last hop a routing header with segments left names (type 0 and 2: the last address;
/// type 4, segment routing: segment list entry 0).
fn final_destination(f: Bytes, at: usize, len: usize) -> Option<IpAddr> {
    let (kind, left) = (f.u8(at + 2).ok()?, f.u8(at + 3).ok()?);
    if left == 0 || len < 24 {
        return None;
    }
    let entry = match kind {
        0 | 2 => (len - 8) / 16 - 1,
        4 => 0,
        _ => return None,
    };
    let a = f.array::<16>(at + 8 + entry * 16).ok()?;
    Some(IpAddr::V6(Ipv6Addr::from(a)))
}

/// Looks for a well-formed Jumbo Payload option (type 0xC2, RFC 2675) in a hop-by-hop header.
fn has_jumbo_option(f: Bytes, at: usize, len: usize) -> bool {
    let mut i = at + 2;
    while i < at + len {
        match f.u8(i) {
            Ok(0) => i += 1,
            Ok(0xc2) => return f.u8(i + 1) == Ok(4) && f.be_u32(i + 2).is_ok_and(|v| v > 65_535),
            Ok(_) => i += 2 + usize::from(f.u8(i + 1).unwrap_or(0)),
            Err(_) => return false,
        }
    }
    false
}

fn ext_len(f: Bytes, at: usize) -> Result<(u8, usize), Short> {
    Ok((f.u8(at)?, (usize::from(f.u8(at + 1)?) + 1) * 8))
}

fn ext_title(next: u8) -> &'static str {
    match next {
        0 => "IPv6 Hop-by-Hop Option",
        43 => "Routing Header for IPv6",
        _ => "Destination Options for IPv6",
    }
}

/// The fragment header: reassembled datagrams are dissected, others shown as data.
fn fragment(d: &mut Dissector, at: usize, end: usize) {
    let f = d.frame;
    let (next, off_m, id) = match (f.u8(at), f.be_u16(at + 2), f.be_u32(at + 4)) {
        (Ok(n), Ok(m), Ok(i)) => (n, m, i),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return d.short("ipv6", e),
    };
    let node = d.tree.open(Field::Ipv6ExtHdr, at..at + 8, Value::None);
    d.tree.label(node, || "Fragment Header for IPv6".into());
    d.tree.add(
        Field::Ipv6FragmentOffset,
        at + 2..at + 4,
        Value::UInt(u64::from(off_m >> 3)),
    );
    d.tree.add(
        Field::Ipv6FragmentMore,
        at + 2..at + 4,
        Value::Bool(off_m & 1 != 0),
    );
    d.tree.add(
        Field::Ipv6FragmentId,
        at + 4..at + 8,
        Value::UInt(u64::from(id)),
    );
    d.tree.close();
    let start = at + 8;
    let is_fragment = off_m >> 3 != 0 || off_m & 1 != 0;
    if !is_fragment {
        return ipproto::dispatch(d, next, start, end);
    }
    if d.ip_depth <= 1
        && !d.in_icmp_error
        && d.fragment.is_none()
        && let Some(net) = d.net
    {
        d.fragment = Some(super::context::FragmentInfo {
            src: net.src,
            dst: net.dst,
            id,
            proto: next,
            offset: usize::from(off_m >> 3) * 8,
            more: off_m & 1 != 0,
            payload: start.min(d.frame.len())..end.min(d.frame.len()),
        });
    }
    if d.ip_depth <= 1 && !d.in_icmp_error && d.ctx.ip_reassembled.is_some() {
        return reassembled(d, next);
    }
    if d.ip_depth <= 1
        && let Some(frame) = d.ctx.ip_reassembled_in
    {
        d.tree
            .add(Field::Ipv6ReassembledIn, start..start, Value::UInt(frame));
    }
    if let Some(t) = &mut d.transport {
        t.fragment = true;
    }
    d.set_info(|| {
        format!(
            "IPv6 fragment (off={} more={} ident=0x{id:08x} nxt={next})",
            off_m >> 3,
            off_m & 1 != 0
        )
    });
    data::dissect_range(d, start, end);
}

fn reassembled<'a>(d: &mut Dissector<'a>, next: u8) {
    let ctx: &'a super::FrameContext = d.ctx;
    let Some(re) = &ctx.ip_reassembled else {
        return;
    };
    let len = re.payload.len();
    d.tree.push_source(
        format!("Reassembled IPv6 ({len} bytes)"),
        re.payload.clone(),
    );
    let saved = std::mem::replace(&mut d.frame, Bytes::new(&re.payload));
    ipproto::dispatch(d, next, 0, len);
    d.frame = saved;
    d.tree.pop_source();
}
