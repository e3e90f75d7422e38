//! ICMP (RFC 792): echo, errors with the quoted datagram, other types by number.

use super::checksum::{self, Sum};
use super::field::Field;
use super::reader::Short;
use super::value::Value;
use super::{Dissector, data, ipv4, names};

/// Types whose body quotes the offending datagram.
fn is_error(t: u8) -> bool {
    matches!(t, 3 | 4 | 5 | 11 | 12)
}

/// Types whose header carries an identifier and sequence number.
fn has_ident(t: u8) -> bool {
    matches!(t, 0 | 8 | 13 | 14 | 15 | 16 | 17 | 18 | 42 | 43)
}

/// Dissects an ICMP message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let node = d.tree.open_protocol(Field::Icmp, o..end.min(d.frame.len()));
    d.set_protocol("ICMP");
    let depth = d.tree.depth();
    let r = header(d, o, end);
    d.tree.set_depth(depth);
    d.tree.close();
    let (typ, code) = match r {
        Ok(tc) => tc,
        Err(e) => return d.short("icmp", e),
    };
    d.tree
        .label(node, || "Internet Control Message Protocol".into());
    if matches!(typ, 0 | 8) {
        echo(d, o, end, typ);
    } else if is_error(typ) && !d.in_icmp_error && d.frame.len() > o + 8 {
        d.set_info(|| {
            let name = names::icmp_type(typ).unwrap_or("Unknown");
            match (typ, names::icmp_unreach_code(code)) {
                (3, Some(c)) => format!("{name} ({c})"),
                _ => name.to_string(),
            }
        });
        d.in_icmp_error = true;
        d.tree.in_error_packet = true;
        let info = std::mem::take(&mut d.tree.summary.info);
        let endpoints = d.endpoints;
        let protocol = d.tree.summary.protocol.clone();
        let net = d.net;
        d.nested(|d| {
            ipv4::dissect(d, o + 8);
        });
        d.net = net;
        d.endpoints = endpoints;
        d.in_icmp_error = false;
        d.tree.in_error_packet = false;
        let s = &mut d.tree.summary;
        (s.info, s.protocol) = (info, protocol);
    } else {
        d.set_info(|| {
            names::icmp_type(typ)
                .unwrap_or("Unknown ICMP (obsolete or malformed?)")
                .to_string()
        });
    }
}

fn header(d: &mut Dissector, o: usize, end: usize) -> Result<(u8, u8), Short> {
    let f = d.frame;
    let (typ, code, sum) = (f.u8(o)?, f.u8(o + 1)?, f.be_u16(o + 2)?);
    let in_error = d.in_icmp_error;
    let t = &mut d.tree;
    let n = t.add(Field::IcmpType, o..o + 1, Value::UInt(u64::from(typ)));
    t.label(n, || {
        format!(
            "Type: {typ} ({})",
            names::icmp_type(typ).unwrap_or("Unknown")
        )
    });
    t.add(Field::IcmpCode, o + 1..o + 2, Value::UInt(u64::from(code)));
    let c = t.add(
        Field::IcmpChecksum,
        o + 2..o + 4,
        Value::UInt(u64::from(sum)),
    );
    // Always verified (as in Wireshark) when the whole message was captured, but not when
    // quoted by another ICMP message.
    let message = f.range(o..end).ok().filter(|_| end <= f.len() && !in_error);
    let (status, expected) = checksum::verify(sum, Sum::default(), message);
    let owner = ("icmp", super::tree::Severity::Warning);
    checksum::report(t, c, Field::IcmpChecksumStatus, status, expected, owner);
    if typ == 3 && code == 4 {
        let mtu = f.be_u16(o + 6)?;
        t.add(Field::IcmpMtu, o + 6..o + 8, Value::UInt(u64::from(mtu)));
    }
    if has_ident(typ) {
        let (id, seq) = (f.be_u16(o + 4)?, f.be_u16(o + 6)?);
        t.add(Field::IcmpIdent, o + 4..o + 6, Value::UInt(u64::from(id)));
        // Extended echo (RFC 8335) has an 8-bit sequence number of its own.
        if !matches!(typ, 42 | 43) {
            t.add(Field::IcmpSeq, o + 6..o + 8, Value::UInt(u64::from(seq)));
        }
    }
    Ok((typ, code))
}

fn echo(d: &mut Dissector, o: usize, end: usize, typ: u8) {
    let f = d.frame;
    let (id, seq) = (f.be_u16(o + 4).unwrap_or(0), f.be_u16(o + 6).unwrap_or(0));
    let ttl = d.ttl;
    let request_in = d.echo_reply_match(typ == 8, id, seq, Field::IcmpRespTo, o);
    d.set_info(|| {
        let name = names::icmp_type(typ).unwrap_or("Echo");
        let matched = request_in.map_or(String::new(), |n| format!(" (request in {n})"));
        format!(
            "{name:<21}id=0x{id:04x}, seq={seq}/{}, ttl={ttl}{matched}",
            seq.swap_bytes()
        )
    });
    d.nested(|d| data::dissect_range(d, o + 8, end));
}
