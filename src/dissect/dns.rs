//! DNS (RFC 1035) over UDP and TCP, with compressed names and loop detection.

use super::app::PduLen;
use super::field::Field;
use super::reader::{Bytes, Short};
use super::tree::Severity;
use super::value::Value;
use super::{Dissector, names};
use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

const HEADER_LEN: usize = 12;
/// Compression pointers followed before a name is declared looping.
const MAX_POINTERS: usize = 64;
/// Longest name text we build (RFC 1035 limits names to 255 bytes).
const MAX_NAME: usize = 1024;
const TYPE_OPT: u16 = 41;
/// RFC 1035 §3.1: a name is at most 255 bytes on the wire.
const MAX_NAME_WIRE: usize = 255;

/// Wireshark's UDP heuristic: a standard query with one question and no answers, or a
/// response with at most one question.
pub fn looks_like_dns(b: &[u8]) -> bool {
    let m = Bytes::new(b);
    let (Ok(flags), Ok(qd), Ok(an), Ok(ns)) = (m.be_u16(2), m.be_u16(4), m.be_u16(6), m.be_u16(8))
    else {
        return false;
    };
    if b.len() <= HEADER_LEN || (flags >> 11) & 0xf != 0 {
        return false;
    }
    if flags & 0x8000 == 0 {
        qd == 1 && an == 0 && ns == 0
    } else {
        qd <= 1
    }
}

/// Length of the first length-prefixed DNS message in a TCP stream.
pub fn tcp_pdu_len(bytes: &[u8]) -> PduLen {
    match Bytes::new(bytes).be_u16(0) {
        Ok(n) => PduLen::Complete(usize::from(n) + 2),
        Err(_) => PduLen::NeedMore,
    }
}

/// Which protocol of the DNS family a message belongs to (the layer and column it shows as).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Plain DNS.
    Dns,
    /// Multicast DNS: the class's top bit is "QU" in questions and "cache flush" in records.
    Mdns,
    /// LLMNR.
    Llmnr,
}

impl Flavor {
    fn layer(self) -> (Field, &'static str, &'static str) {
        match self {
            Flavor::Dns => (Field::Dns, "DNS", "Domain Name System"),
            Flavor::Mdns => (Field::Mdns, "MDNS", "Multicast Domain Name System"),
            Flavor::Llmnr => (
                Field::Llmnr,
                "LLMNR",
                "Link-local Multicast Name Resolution",
            ),
        }
    }
}

/// Dissects DNS messages in `start..end` (TCP: each preceded by a 2-byte length).
pub fn dissect(d: &mut Dissector, start: usize, end: usize, over_tcp: bool, flavor: Flavor) {
    let end = end.min(d.frame.len());
    if !over_tcp {
        message(d, start, end, None, flavor);
        return;
    }
    let mut at = start;
    while at + 2 <= end {
        let Ok(len) = d.frame.be_u16(at) else { break };
        let msg_end = (at + 2 + usize::from(len)).min(end);
        message(d, at + 2, msg_end, Some(at), flavor);
        at += 2 + usize::from(len);
    }
}

/// One DNS message in `o..end`; `len_at` is the TCP length prefix position.
fn message(d: &mut Dissector, o: usize, end: usize, len_at: Option<usize>, flavor: Flavor) {
    let first = len_at.unwrap_or(o);
    let (layer, column, title) = flavor.layer();
    let node = d.tree.open_protocol(layer, first..end);
    d.set_protocol(column);
    let depth = d.tree.depth();
    let msg = Bytes::new(d.frame.range(o..end).unwrap_or(&[]));
    if let Some(at) = len_at
        && let Ok(len) = d.frame.be_u16(at)
    {
        d.tree
            .add(Field::DnsLength, at..at + 2, Value::UInt(u64::from(len)));
    }
    let mut info = String::new();
    let r = body(d, msg, o, &mut info, flavor == Flavor::Mdns);
    d.tree.set_depth(depth);
    let response = msg.be_u16(2).is_ok_and(|f| f & 0x8000 != 0);
    if r.is_ok() && d.dns_header.is_none() && !d.in_icmp_error {
        if let Ok(id) = msg.be_u16(0) {
            d.dns_header = Some((id, response));
        }
        transaction(d, flavor, o..end);
    }
    d.tree.close();
    let kind = if response { "response" } else { "query" };
    d.tree.label(node, || format!("{title} ({kind})"));
    if let Err(e) = r {
        d.tree.note(
            Severity::Error,
            "dns",
            o..end,
            format!(
                "Malformed DNS message: needed {} bytes, have {}",
                e.needed_end, e.have
            ),
        );
    }
    d.set_info(|| info);
}

/// What the index found about this message's transaction: the request a response answers
/// and the time it took, a retransmission (with Wireshark's expert warning), or a response
/// nobody asked for.
fn transaction(d: &mut Dissector, flavor: Flavor, range: std::ops::Range<usize>) {
    use super::context::DnsMatch;
    let Some(found) = d.ctx.dns else { return };
    let at = range.end..range.end;
    let (what, flag, original_in, original) = match found {
        DnsMatch::Answer { request, rtt_ns } => {
            d.tree
                .add(Field::DnsResponseTo, at.clone(), Value::UInt(request));
            d.tree
                .add(Field::DnsTime, at, Value::RelTime { ns: rtt_ns });
            return;
        }
        DnsMatch::Unsolicited => {
            d.tree.add(Field::DnsUnsolicited, at, Value::Bool(true));
            return;
        }
        DnsMatch::QueryRetransmission { original } => (
            "query retransmission. Original request",
            Field::DnsRetransmitRequest,
            Field::DnsRetransmitRequestIn,
            original,
        ),
        DnsMatch::ResponseRetransmission { original } => (
            "response retransmission. Original response",
            Field::DnsRetransmitResponse,
            Field::DnsRetransmitResponseIn,
            original,
        ),
    };
    let note = super::tree::Expert {
        severity: Severity::Warning,
        group: super::tree::Group::Protocol,
        layer: flavor.layer().0.name(),
        field: Some(flag),
    };
    d.tree
        .expert(note, range, format!("DNS {what} in frame {original}"));
    d.tree.add(original_in, at.clone(), Value::UInt(original));
    d.tree.add(Field::DnsRetransmission, at, Value::Bool(true));
}

fn body(
    d: &mut Dissector,
    m: Bytes,
    base: usize,
    info: &mut String,
    mdns: bool,
) -> Result<(), Short> {
    let id = m.be_u16(0)?;
    d.tree
        .add(Field::DnsId, base..base + 2, Value::UInt(u64::from(id)));
    let flags = m.be_u16(2)?;
    let counts = [
        m.be_u16(4).unwrap_or(0),
        m.be_u16(6).unwrap_or(0),
        m.be_u16(8).unwrap_or(0),
        m.be_u16(10).unwrap_or(0),
    ];
    let present = (0..4).filter(|i| m.be_u16(4 + 2 * i).is_ok()).count();
    let t = &mut d.tree;
    let r = base + 2..base + 4;
    t.open(Field::DnsFlags, r.clone(), Value::UInt(u64::from(flags)));
    let response = flags & 0x8000 != 0;
    let opcode = (flags >> 11) & 0xf;
    let rcode = flags & 0xf;
    t.add(Field::DnsFlagsResponse, r.clone(), Value::Bool(response));
    t.add(
        Field::DnsFlagsOpcode,
        r.clone(),
        Value::UInt(u64::from(opcode)),
    );
    if response {
        t.add(
            Field::DnsFlagsAuthoritative,
            r.clone(),
            Value::Bool(flags & 0x0400 != 0),
        );
    }
    t.add(
        Field::DnsFlagsTruncated,
        r.clone(),
        Value::Bool(flags & 0x0200 != 0),
    );
    t.add(
        Field::DnsFlagsRecdesired,
        r.clone(),
        Value::Bool(flags & 0x0100 != 0),
    );
    if response {
        t.add(
            Field::DnsFlagsRecavail,
            r.clone(),
            Value::Bool(flags & 0x0080 != 0),
        );
        t.add(Field::DnsFlagsRcode, r, Value::UInt(u64::from(rcode)));
    }
    t.close();
    let update = opcode == OPCODE_UPDATE;
    let count_fields = if update {
        [
            Field::DnsCountZones,
            Field::DnsCountPrerequisites,
            Field::DnsCountUpdates,
            Field::DnsCountAddRr,
        ]
    } else {
        [
            Field::DnsCountQueries,
            Field::DnsCountAnswers,
            Field::DnsCountAuthRr,
            Field::DnsCountAddRr,
        ]
    };
    for (i, (field, n)) in count_fields.iter().zip(counts).enumerate().take(present) {
        t.add(
            *field,
            base + 4 + 2 * i..base + 6 + 2 * i,
            Value::UInt(u64::from(n)),
        );
    }
    if present < 4 {
        return Err(Short {
            needed_end: HEADER_LEN,
            have: m.len(),
        });
    }
    let want = t.want_text;
    if want {
        let op = names::dns_opcode(opcode).unwrap_or("Unknown operation");
        let _ = write!(
            info,
            "{op}{} 0x{id:04x}",
            if response { " response" } else { "" }
        );
        if response && rcode != 0 {
            let _ = write!(
                info,
                " {}",
                names::dns_rcode(rcode).unwrap_or("Unknown error")
            );
        }
    }
    let mut at = HEADER_LEN;
    if counts[0] > 0 {
        let q = t.open(Field::DnsQry, base + at..base + at, Value::None);
        t.label(q, || if update { "Zone" } else { "Queries" }.into());
        for _ in 0..counts[0] {
            at = question(d, m, base, at, info, mdns)?;
        }
        d.tree.set_end(q, base + at);
        d.tree.close();
    }
    let titles = if update {
        ["Prerequisites", "Updates", "Additional records"]
    } else {
        ["Answers", "Authoritative nameservers", "Additional records"]
    };
    for (section, title) in (1usize..).zip(titles) {
        if counts[section] == 0 {
            continue;
        }
        let s = d
            .tree
            .open(Field::DnsResp, base + at..base + at, Value::None);
        d.tree.label(s, || title.into());
        let r = (0..counts[section]).try_for_each(|_| {
            at = record(d, m, base, at, info, (section == 1, mdns))?;
            Ok(())
        });
        d.tree.set_end(s, base + at);
        d.tree.close();
        r?;
    }
    Ok(())
}

/// The opcode of RFC 2136 updates, whose sections are zone, prerequisites and updates.
const OPCODE_UPDATE: u16 = 5;

fn question(
    d: &mut Dissector,
    m: Bytes,
    base: usize,
    at: usize,
    info: &mut String,
    mdns: bool,
) -> Result<usize, Short> {
    let (name, after) = read_name(m, at)?;
    let (qtype, raw_class) = (m.be_u16(after)?, m.be_u16(after + 2)?);
    // mDNS: the top bit asks for a unicast ("QU") answer; the class is the other 15 bits.
    let (qclass, qu) = split_class(raw_class, mdns);
    let t = &mut d.tree;
    let n = t.open(
        Field::DnsQryName,
        base + at..base + after,
        Value::Str(name.clone().into()),
    );
    let kind = qu.map_or("", |qu| {
        if qu {
            ", \"QU\" question"
        } else {
            ", \"QM\" question"
        }
    });
    t.label(n, || {
        format!(
            "{name}: type {}, class 0x{qclass:04x}{kind}",
            type_name(qtype)
        )
    });
    t.close();
    t.add(
        Field::DnsQryType,
        base + after..base + after + 2,
        Value::UInt(u64::from(qtype)),
    );
    t.add(
        Field::DnsQryClass,
        base + after + 2..base + after + 4,
        Value::UInt(u64::from(qclass)),
    );
    if let Some(qu) = qu {
        t.add(
            Field::DnsQryQu,
            base + after + 2..base + after + 4,
            Value::Bool(qu),
        );
    }
    if t.want_text {
        let _ = write!(info, " {} {name}{kind}", type_name(qtype));
    }
    Ok(after + 4)
}

fn record(
    d: &mut Dissector,
    m: Bytes,
    base: usize,
    at: usize,
    info: &mut String,
    (answer, mdns): (bool, bool),
) -> Result<usize, Short> {
    let (name, after) = read_name(m, at)?;
    let rtype = m.be_u16(after)?;
    let raw_class = m.be_u16(after + 2)?;
    // mDNS: the top bit tells caches to flush other records of this name and type.
    let (class, flush) = split_class(raw_class, mdns && rtype != TYPE_OPT);
    let ttl = m.be_u32(after + 4)?;
    let rdlen = usize::from(m.be_u16(after + 8)?);
    let rdata_at = after + 10;
    let rdata = m.slice(rdata_at, rdlen)?;
    let t = &mut d.tree;
    let b = |x: usize| base + x;
    // Wireshark names an SRV record by its parts: _service._proto.name.
    match name.splitn(3, '.').collect::<Vec<_>>().as_slice() {
        [service, proto, rest] if rtype == TYPE_SRV => {
            for (field, part) in [
                (Field::DnsSrvService, service),
                (Field::DnsSrvProto, proto),
                (Field::DnsSrvName, rest),
            ] {
                t.add(field, b(at)..b(after), Value::Str((*part).into()));
            }
        }
        _ => {
            t.add(
                Field::DnsRespName,
                b(at)..b(after),
                Value::Str(name.clone().into()),
            );
        }
    }
    t.add(
        Field::DnsRespType,
        b(after)..b(after + 2),
        Value::UInt(u64::from(rtype)),
    );
    if rtype != TYPE_OPT {
        t.add(
            Field::DnsRespClass,
            b(after + 2)..b(after + 4),
            Value::UInt(u64::from(class)),
        );
        if let Some(flush) = flush {
            t.add(
                Field::DnsRespCacheFlush,
                b(after + 2)..b(after + 4),
                Value::Bool(flush),
            );
        }
        t.add(
            Field::DnsRespTtl,
            b(after + 4)..b(after + 8),
            Value::UInt(u64::from(ttl)),
        );
    }
    t.add(
        Field::DnsRespLen,
        b(after + 8)..b(rdata_at),
        Value::UInt(rdlen as u64),
    );
    let r = b(rdata_at)..b(rdata_at + rdlen);
    let shown = rdata_value(d, m, rtype, rdata, rdata_at, r)?
        // Wireshark's mDNS leaves TXT data out of the Info column.
        .filter(|_| !(mdns && rtype == TYPE_TXT));
    if d.tree.want_text && (answer || rtype == TYPE_OPT) {
        let _ = write!(info, " {}", type_name(rtype));
        if flush == Some(true) {
            info.push_str(", cache flush");
        }
        if let Some(s) = shown {
            let _ = write!(info, " {s}");
        }
    }
    Ok(rdata_at + rdlen)
}

const TYPE_TXT: u16 = 16;
const TYPE_SRV: u16 = 33;

/// A class word as (class, mDNS top-bit flag): the flag only in mDNS.
fn split_class(raw: u16, mdns: bool) -> (u16, Option<bool>) {
    if mdns {
        (raw & 0x7fff, Some(raw & 0x8000 != 0))
    } else {
        (raw, None)
    }
}

/// Adds the typed RDATA field; returns its text for the Info column.
fn rdata_value(
    d: &mut Dissector,
    m: Bytes,
    rtype: u16,
    rdata: &[u8],
    at: usize,
    r: std::ops::Range<usize>,
) -> Result<Option<String>, Short> {
    let t = &mut d.tree;
    Ok(match (rtype, rdata.len()) {
        (1, 4) => {
            let a = Ipv4Addr::new(rdata[0], rdata[1], rdata[2], rdata[3]);
            t.add(Field::DnsA, r, Value::Ipv4(a));
            Some(a.to_string())
        }
        (28, 16) => {
            let a = Ipv6Addr::from(Bytes::new(rdata).array::<16>(0)?);
            t.add(Field::DnsAaaa, r, Value::Ipv6(a));
            Some(a.to_string())
        }
        (2 | 5 | 12, _) => {
            let (target, _) = read_name(m, at)?;
            let field = match rtype {
                2 => Field::DnsNs,
                5 => Field::DnsCname,
                _ => Field::DnsPtr,
            };
            t.add(field, r, Value::Str(target.clone().into()));
            Some(target)
        }
        (15, n) if n >= 3 => {
            let pref = Bytes::new(rdata).be_u16(0)?;
            t.add(
                Field::DnsMxPreference,
                r.start..r.start + 2,
                Value::UInt(u64::from(pref)),
            );
            let (target, _) = read_name(m, at + 2)?;
            t.add(Field::DnsMx, r, Value::Str(target.clone().into()));
            Some(target)
        }
        (33, n) if n >= 7 => {
            let word = |k: usize| Bytes::new(rdata).be_u16(k);
            let (priority, weight, port) = (word(0)?, word(2)?, word(4)?);
            for (k, field, v) in [
                (0, Field::DnsSrvPriority, priority),
                (2, Field::DnsSrvWeight, weight),
                (4, Field::DnsSrvPort, port),
            ] {
                t.add(
                    field,
                    r.start + k..r.start + k + 2,
                    Value::UInt(u64::from(v)),
                );
            }
            let (target, _) = read_name(m, at + 6)?;
            t.add(
                Field::DnsSrvTarget,
                r.start + 6..r.end,
                Value::Str(target.clone().into()),
            );
            Some(format!("{priority} {weight} {port} {target}"))
        }
        (16, _) => {
            let mut i = 0;
            let mut first = None;
            while i < rdata.len() {
                let n = usize::from(rdata[i]);
                let s = String::from_utf8_lossy(rdata.get(i + 1..i + 1 + n).unwrap_or(&[]))
                    .into_owned();
                first.get_or_insert_with(|| s.clone());
                t.add(
                    Field::DnsTxt,
                    r.start + i..r.start + i + 1 + n,
                    Value::Str(s.into()),
                );
                i += 1 + n;
            }
            first
        }
        _ => None,
    })
}

/// Reads a possibly compressed name at `at`; returns its text and the offset after it.
pub fn read_name(m: Bytes, at: usize) -> Result<(String, usize), Short> {
    let mut name = String::new();
    let mut pos = at;
    let mut after = None;
    let mut pointers = 0;
    let mut wire_len = 1;
    loop {
        let len = m.u8(pos)?;
        match len & 0xc0 {
            0x00 if len == 0 => {
                let end = after.unwrap_or(pos + 1);
                if name.is_empty() {
                    name.push_str("<Root>");
                } else if wire_len > MAX_NAME_WIRE {
                    name = "<Name too long>".into();
                }
                return Ok((name, end));
            }
            0x00 => {
                let label = m.slice(pos + 1, usize::from(len))?;
                wire_len += 1 + usize::from(len);
                if !name.is_empty() {
                    name.push('.');
                }
                if name.len() < MAX_NAME {
                    push_label(&mut name, label);
                }
                pos += 1 + usize::from(len);
            }
            0xc0 => {
                let target = usize::from(m.be_u16(pos)? & 0x3fff);
                after.get_or_insert(pos + 2);
                pointers += 1;
                if pointers > MAX_POINTERS {
                    return Err(Short {
                        needed_end: pos,
                        have: m.len(),
                    });
                }
                pos = target;
            }
            _ => {
                return Err(Short {
                    needed_end: pos + 1,
                    have: m.len(),
                });
            }
        }
    }
}

/// Appends a label the way Wireshark shows it: control bytes as `\ddd`, others as text
/// (invalid UTF-8 becomes U+FFFD).
fn push_label(name: &mut String, label: &[u8]) {
    let mut raw = Vec::with_capacity(label.len());
    for &c in label {
        if c < 0x20 || c == 0x7f {
            raw.extend_from_slice(format!("\\{c:03}").as_bytes());
        } else {
            raw.push(c);
        }
    }
    name.push_str(&String::from_utf8_lossy(&raw));
}

fn type_name(t: u16) -> String {
    names::dns_type(t).map_or_else(|| format!("Unknown ({t})"), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_pointers_and_loops() {
        // "a.b" at 0, then a pointer to it at 5, then a self-pointing loop at 7.
        let msg = [1, b'a', 1, b'b', 0, 0xc0, 0x00, 0xc0, 0x07];
        let m = Bytes::new(&msg);
        assert_eq!(read_name(m, 0), Ok(("a.b".to_string(), 5)));
        assert_eq!(read_name(m, 5), Ok(("a.b".to_string(), 7)));
        assert!(read_name(m, 7).is_err());
        assert_eq!(
            read_name(Bytes::new(&[0]), 0),
            Ok(("<Root>".to_string(), 1))
        );
    }
}
