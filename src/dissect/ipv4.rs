//! IPv4 (RFC 791): header fields, options, fragments (reassembled by the store).

use super::checksum::{self, Status, Sum, Validation, should_be};
use super::field::Field;
use super::reader::Bytes;
use super::reader::Short;
use super::value::Value;
use super::{Dissector, NetAddrs, data, ipproto, names};
use std::net::{IpAddr, Ipv4Addr};

mod field {
    pub const VER_IHL: usize = 0;
    pub const TOS: usize = 1;
    pub const LEN: usize = 2;
    pub const ID: usize = 4;
    pub const FLAGS_FRAG: usize = 6;
    pub const TTL: usize = 8;
    pub const PROTO: usize = 9;
    pub const CHECKSUM: usize = 10;
    pub const SRC: usize = 12;
    pub const DST: usize = 16;
    pub const OPTIONS: usize = 20;
}

/// The parsed fixed header.
struct Header {
    ihl_bytes: usize,
    total_len: usize,
    id: u16,
    flags_frag: u16,
    proto: u8,
    src: Ipv4Addr,
    dst: Ipv4Addr,
    /// Checksum validation found the header checksum wrong (then, as in Wireshark, the
    /// fragment takes no part in reassembly).
    checksum_bad: bool,
}

/// Dissects an IPv4 header at `o`; returns where the datagram ends in the frame.
pub fn dissect(d: &mut Dissector, o: usize) -> Option<usize> {
    let node = d.tree.open_protocol(Field::Ip, o..d.frame.len());
    d.set_protocol("IPv4");
    let depth = d.tree.depth();
    let header = fields(d, o);
    d.tree.set_depth(depth);
    d.tree.close();
    let h = match header {
        Ok(Some(h)) => h,
        Ok(None) if d.frame.u8(o).is_ok_and(|b| b >> 4 == 6) => return super::ipv6::dissect(d, o),
        Ok(None) => return None,
        Err(e) => {
            d.short("ip", e);
            return None;
        }
    };
    let avail_end = d.frame.len();
    // Like Wireshark, a length field can shrink the datagram but never extend it past the wire.
    let wire_end = if d.frame.len() == d.wire_len {
        d.wire_len
    } else {
        d.wire_len.max(avail_end)
    };
    let end = if h.total_len == 0 {
        wire_end
    } else {
        (o + h.total_len).min(wire_end)
    };
    if h.total_len == 0
        && let Some(n) = d
            .tree
            .nodes
            .iter_mut()
            .rev()
            .find(|n| n.field == Field::IpLen)
    {
        n.value = Value::UInt(wire_end.saturating_sub(o) as u64);
    }
    d.tree.set_extent(node, end.min(d.frame.len()));
    d.tree.set_end(node, o + h.ihl_bytes);
    let (src, dst) = (h.src, h.dst);
    d.tree.label(node, || {
        format!("Internet Protocol Version 4, Src: {src}, Dst: {dst}")
    });
    d.net = Some(NetAddrs {
        src: IpAddr::V4(src),
        dst: IpAddr::V4(dst),
    });
    d.final_destination = None;
    d.ip_depth = d.ip_depth.saturating_add(1);
    d.set_endpoints(
        super::Endpoint::Ip(IpAddr::V4(src)),
        super::Endpoint::Ip(IpAddr::V4(dst)),
    );
    // A datagram cut by the snapshot length is no error of its own (Wireshark only notes
    // it when a dissector reads past the captured bytes).
    let cut_by_snaplen = d.wire_len > d.frame.len();
    if h.total_len != 0 && o + h.total_len > avail_end && !d.in_icmp_error && !cut_by_snaplen {
        d.tree.truncated("ip", o + h.total_len, avail_end);
    }
    payload(d, &h, o + h.ihl_bytes, end);
    Some(if h.total_len == 0 {
        avail_end
    } else {
        o + h.total_len
    })
}

/// Adds the header fields; `Ok(None)` when the header is bogus (already noted).
fn fields(d: &mut Dissector, o: usize) -> Result<Option<Header>, Short> {
    let f = d.frame;
    let ver_ihl = f.u8(o + field::VER_IHL)?;
    let (version, ihl_bytes) = (ver_ihl >> 4, usize::from(ver_ihl & 0x0f) * 4);
    let t = &mut d.tree;
    let raw_link = t.protocols.len() <= 2;
    if version == 6 && raw_link {
        // A raw-IPv4 link hands an IPv6 header straight to the IPv6 dissector.
        return Ok(None);
    }
    t.add(Field::IpVersion, o..o + 1, Value::UInt(u64::from(version)));
    if version == 6 {
        // Wireshark's IPv4 dissector passes an IPv6 header on to the IPv6 dissector.
        return Ok(None);
    }
    if version != 4 {
        t.note(
            super::tree::Severity::Error,
            "ip",
            o..o + 1,
            format!("Bogus IP version ({version}, must be 4)"),
        );
        return Ok(None);
    }
    let hl = t.add(Field::IpHdrLen, o..o + 1, Value::UInt(ihl_bytes as u64));
    t.label(hl, || {
        format!(
            ".... {:04b} = Header Length: {ihl_bytes} bytes ({})",
            ver_ihl & 0x0f,
            ihl_bytes / 4
        )
    });
    if ihl_bytes < field::OPTIONS {
        t.note(
            super::tree::Severity::Error,
            "ip",
            o..o + 1,
            format!("Bogus IP header length ({ihl_bytes}, must be at least 20)"),
        );
        return Ok(None);
    }
    let tos = f.u8(o + field::TOS)?;
    let r = o + field::TOS..o + field::LEN;
    t.open(Field::IpDsfield, r.clone(), Value::UInt(u64::from(tos)));
    t.add(
        Field::IpDsfieldDscp,
        r.clone(),
        Value::UInt(u64::from(tos >> 2)),
    );
    t.add(Field::IpDsfieldEcn, r, Value::UInt(u64::from(tos & 3)));
    t.close();
    let total_len = usize::from(f.be_u16(o + field::LEN)?);
    t.add(
        Field::IpLen,
        o + field::LEN..o + field::ID,
        Value::UInt(total_len as u64),
    );
    if total_len != 0 && total_len < ihl_bytes {
        t.note(
            super::tree::Severity::Error,
            "ip",
            o + 2..o + 4,
            format!("Bogus IP length ({total_len}, less than header length {ihl_bytes})"),
        );
        return Ok(None);
    }
    let id = f.be_u16(o + field::ID)?;
    t.add(
        Field::IpId,
        o + field::ID..o + field::FLAGS_FRAG,
        Value::UInt(u64::from(id)),
    );
    let flags_frag = f.be_u16(o + field::FLAGS_FRAG)?;
    let r = o + field::FLAGS_FRAG..o + field::TTL;
    t.open(
        Field::IpFlags,
        o + field::FLAGS_FRAG..o + field::FLAGS_FRAG + 1,
        Value::UInt(u64::from(flags_frag >> 13)),
    );
    t.add(
        Field::IpFlagsRb,
        r.clone(),
        Value::Bool(flags_frag & 0x8000 != 0),
    );
    t.add(
        Field::IpFlagsDf,
        r.clone(),
        Value::Bool(flags_frag & 0x4000 != 0),
    );
    t.add(
        Field::IpFlagsMf,
        r.clone(),
        Value::Bool(flags_frag & 0x2000 != 0),
    );
    t.close();
    t.add(
        Field::IpFragOffset,
        r,
        Value::UInt(u64::from(flags_frag & 0x1fff)),
    );
    let ttl = f.u8(o + field::TTL)?;
    d.ttl = ttl;
    let t = &mut d.tree;
    t.add(
        Field::IpTtl,
        o + field::TTL..o + field::PROTO,
        Value::UInt(u64::from(ttl)),
    );
    let proto = f.u8(o + field::PROTO)?;
    let p = t.add(
        Field::IpProto,
        o + field::PROTO..o + field::CHECKSUM,
        Value::UInt(u64::from(proto)),
    );
    t.label(p, || {
        format!(
            "Protocol: {} ({proto})",
            names::ip_proto(proto).unwrap_or("Unknown")
        )
    });
    let stored = f.be_u16(o + field::CHECKSUM)?;
    let c = t.add(
        Field::IpChecksum,
        o + field::CHECKSUM..o + field::SRC,
        Value::UInt(u64::from(stored)),
    );
    // Wireshark verifies a header captured whole (also one quoted by an ICMP error).
    let header = f.slice(o, ihl_bytes).ok();
    let sum = header.map(|h| Sum::default().add_bytes(h));
    let status = match sum {
        Some(sum) if Validation::current().ip => Status::of(sum),
        _ => Status::Unverified,
    };
    let expected = sum.map_or(0, |s| should_be(stored, s));
    let checksum_bad = status == Status::Bad;
    let owner = ("ip", super::tree::Severity::Error);
    checksum::report(t, c, Field::IpChecksumStatus, status, expected, owner);
    let src = Ipv4Addr::from(f.array::<4>(o + field::SRC)?);
    t.add_aliased(
        Field::IpSrc,
        Field::IpAddr,
        o + field::SRC..o + field::DST,
        Value::Ipv4(src),
    );
    let dst = Ipv4Addr::from(f.array::<4>(o + field::DST)?);
    t.add_aliased(
        Field::IpDst,
        Field::IpAddr,
        o + field::DST..o + field::OPTIONS,
        Value::Ipv4(dst),
    );
    if ihl_bytes > field::OPTIONS {
        f.slice(o + field::OPTIONS, ihl_bytes - field::OPTIONS)?;
        d.tree.add(
            Field::IpOptions,
            o + field::OPTIONS..o + ihl_bytes,
            Value::Span,
        );
    }
    Ok(Some(Header {
        ihl_bytes,
        total_len,
        id,
        flags_frag,
        proto,
        src,
        dst,
        checksum_bad,
    }))
}

/// Dissects the payload, or marks a fragment.
fn payload(d: &mut Dissector, h: &Header, start: usize, end: usize) {
    let more_fragments = h.flags_frag & 0x2000 != 0;
    let offset = usize::from(h.flags_frag & 0x1fff) * 8;
    // Inside an ICMP error only the first fragment's headers are dissected.
    // Wireshark reassembles only fragments captured whole and with a checksum that is not
    // found wrong; a first fragment it does not reassemble is dissected as if unfragmented.
    let whole = end <= d.frame.len();
    let is_fragment = if d.in_icmp_error || !whole || h.checksum_bad {
        offset > 0
    } else {
        more_fragments || offset > 0
    };
    if !is_fragment {
        ipproto::dispatch(d, h.proto, start, end);
        if more_fragments && let Some(t) = &mut d.transport {
            // A first fragment not captured whole: dissected, but TCP has no segment length.
            t.fragment = true;
        }
        return;
    }
    let outer = d.ip_depth <= 1 && !d.in_icmp_error;
    if outer && whole && d.fragment.is_none() && !h.checksum_bad {
        d.fragment = Some(super::context::FragmentInfo {
            src: IpAddr::V4(h.src),
            dst: IpAddr::V4(h.dst),
            id: u32::from(h.id),
            proto: h.proto,
            offset,
            more: more_fragments,
            payload: start.min(d.frame.len())..end.min(d.frame.len()),
        });
    }
    if outer && d.ctx.ip_reassembled.is_some() {
        reassembled(d, h.proto);
        return;
    }
    if outer && let Some(frame) = d.ctx.ip_reassembled_in {
        d.nested(|d| {
            d.tree
                .add(Field::IpReassembledIn, start..start, Value::UInt(frame));
        });
    }
    let (proto, id) = (h.proto, h.id);
    // tshark (one pass) does not yet know the completing frame when it prints this row; the
    // tree keeps it as ip.reassembled_in.
    d.set_info(|| {
        let name = names::ip_proto(proto).unwrap_or("Unknown");
        format!("Fragmented IP protocol (proto={name} {proto}, off={offset}, ID={id:04x})")
    });
    if let Some(t) = &mut d.transport {
        t.fragment = true;
    }
    data::dissect_range(d, start, end);
}

/// Dissects the reassembled datagram (on the fragment that completed it).
fn reassembled<'a>(d: &mut Dissector<'a>, proto: u8) {
    let ctx: &'a super::FrameContext = d.ctx;
    let Some(re) = &ctx.ip_reassembled else {
        return;
    };
    let frames = re.frames.clone();
    let len = re.payload.len();
    let node = d
        .tree
        .add(Field::IpFragment, 0..0, Value::UInt(frames.len() as u64));
    d.tree.label(node, || {
        let list = frames
            .iter()
            .map(|f| format!("#{f}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!("[{} IPv4 Fragments ({len} bytes): {list}]", frames.len())
    });
    d.tree.push_source(
        format!("Reassembled IPv4 ({len} bytes)"),
        re.payload.clone(),
    );
    let saved = std::mem::replace(&mut d.frame, Bytes::new(&re.payload));
    ipproto::dispatch(d, proto, 0, len);
    d.frame = saved;
    d.tree.pop_source();
}
