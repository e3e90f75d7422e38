//! DNS (RFC 1035) over UDP and TCP, with compressed names and loop detection.

use super::app::PduLen;
use super::dns_name::read_name;
use super::dns_record::{record, split_class, type_name};
use super::field::Field;
use super::reader::{Bytes, Short};
use super::tree::Severity;
use super::value::Value;
use super::{Dissector, names};
use std::fmt::Write as _;

const HEADER_LEN: usize = 12;

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
