//! IGMP (RFC 988, 1112, 2236, 3376) and multicast traceroute: the version from the type and
//! length as Wireshark decides it, queries, reports, leaves and v3 group records, with
//! tshark's Protocol (`IGMPv2`) and Info ("Membership Report / Join group … for any sources").

use std::net::Ipv4Addr;

use super::checksum::{self, Sum};
use super::field::Field;
use super::reader::Short;
use super::tree::Severity;
use super::value::Value;
use super::{Dissector, data};

const QUERY: u8 = 0x11;
const V1_REPORT: u8 = 0x12;
const V2_REPORT: u8 = 0x16;
const V2_LEAVE: u8 = 0x17;
const V3_REPORT: u8 = 0x22;
const TRACE_RESPONSE: u8 = 0x1e;
const TRACE_REQUEST: u8 = 0x1f;
/// Bytes of a multicast traceroute header and of one response block.
const TRACE_HEADER: usize = 24;
const TRACE_BLOCK: usize = 32;

/// How many bytes of a message `message` (starting with its type) the checksum covers: the
/// fixed 8 bytes of v1/v2 messages, 20 of v0's, else the whole message (v3, traceroute).
pub fn checksummed_len(message: &[u8]) -> usize {
    let typ = message.first().copied().unwrap_or(0);
    let v2_query = typ == QUERY && message.len() < 12;
    match typ {
        0..=15 => 20,
        V1_REPORT | V2_REPORT | V2_LEAVE => 8,
        _ if v2_query => 8,
        _ => message.len(),
    }
}

/// Wireshark's names of the message types.
fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "Create Group Request",
        1 => "Create Group Reply",
        2 => "Join Group Request",
        3 => "Join Group Reply",
        4 => "Leave Group Request",
        5 => "Leave Group Reply",
        6 => "Confirm Group Request",
        7 => "Confirm Group Reply",
        QUERY => "Membership Query",
        V1_REPORT | V2_REPORT | V3_REPORT => "Membership Report",
        0x13 => "DVMRP Protocol",
        0x14 => "PIM Routing Message",
        V2_LEAVE => "Leave Group",
        TRACE_RESPONSE => "Traceroute Response",
        TRACE_REQUEST => "Traceroute Query or Request",
        _ => return None,
    })
}

fn record_type_name(t: u8) -> &'static str {
    match t {
        1 => "Mode Is Include",
        2 => "Mode Is Exclude",
        3 => "Change To Include Mode",
        4 => "Change To Exclude Mode",
        5 => "Allow New Sources",
        6 => "Block Old Sources",
        _ => "",
    }
}

/// Dissects an IGMP message in `o..end` (the IP payload).
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len().max(o));
    let Ok(typ) = d.frame.u8(o) else {
        return data::dissect_range(d, o, end);
    };
    let node = d.tree.open_protocol(Field::Igmp, o..end);
    d.tree
        .label(node, || "Internet Group Management Protocol".into());
    let version = match typ {
        0..=15 => Some(0),
        V1_REPORT => Some(1),
        V2_REPORT | V2_LEAVE => Some(2),
        V3_REPORT => Some(3),
        QUERY if end - o >= 12 => Some(3),
        QUERY if d.frame.u8(o + 1).unwrap_or(0) != 0 => Some(2),
        QUERY => Some(1),
        _ => None,
    };
    let result = match (version, typ) {
        (Some(v), _) => {
            // The message type's own dissector is registered under IGMP again.
            d.tree.protocols.push("igmp");
            versioned(d, o, end, v, typ)
        }
        (None, TRACE_RESPONSE | TRACE_REQUEST) => {
            d.tree.protocols.push("igmp");
            traceroute(d, o, end, typ)
        }
        (None, _) => {
            unknown(d, o, end, typ);
            Ok(())
        }
    };
    d.tree.close();
    if let Err(e) = result {
        d.short("igmp", e);
    }
}

fn add_type(d: &mut Dissector, o: usize, typ: u8, name: String) {
    let n = d
        .tree
        .add(Field::IgmpType, o..o + 1, Value::UInt(u64::from(typ)));
    d.tree.label(n, || format!("Type: {name} (0x{typ:02x})"));
}

fn versioned(d: &mut Dissector, o: usize, end: usize, version: u8, typ: u8) -> Result<(), Short> {
    d.set_protocol(&format!("IGMPv{version}"));
    let name = type_name(typ).map_or_else(|| format!("Unknown Type:0x{typ:02x}"), String::from);
    d.set_info(|| name.clone());
    let v = d
        .tree
        .add(Field::IgmpVersion, o..o, Value::UInt(u64::from(version)));
    d.tree.label(v, || format!("[IGMP Version: {version}]"));
    add_type(d, o, typ, name);
    match version {
        0 => v0(d, o, end),
        1 => v1(d, o, end),
        2 => v2(d, o, end, typ),
        _ if typ == QUERY => v3_query(d, o, end),
        _ => v3_report(d, o, end),
    }
}

/// Adds the checksum over `len` bytes (the whole message when `len` is 0).
fn add_checksum(d: &mut Dissector, o: usize, end: usize, len: usize) -> Result<(), Short> {
    let f = d.frame;
    let sum = f.be_u16(o + 2)?;
    let len = if len == 0 { end - o } else { len };
    let c = d.tree.add(
        Field::IgmpChecksum,
        o + 2..o + 4,
        Value::UInt(u64::from(sum)),
    );
    let whole = f.range(o..o + len).ok().filter(|_| d.fragment.is_none());
    let (status, expected) = checksum::verify(sum, Sum::default(), whole);
    let owner = ("igmp", Severity::Error);
    checksum::report(
        &mut d.tree,
        c,
        Field::IgmpChecksumStatus,
        status,
        expected,
        owner,
    );
    Ok(())
}

fn add_ipv4(d: &mut Dissector, field: Field, at: usize) -> Result<Ipv4Addr, Short> {
    let a = Ipv4Addr::from(d.frame.array::<4>(at)?);
    d.tree.add(field, at..at + 4, Value::Ipv4(a));
    Ok(a)
}

fn add_reserved(d: &mut Dissector, at: usize, len: usize) -> Result<(), Short> {
    let bytes = d.frame.slice(at, len)?;
    d.tree.add(
        Field::IgmpReserved,
        at..at + len,
        Value::Bytes(bytes.into()),
    );
    Ok(())
}

fn v0(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    add_checksum(d, o, end, 20)?;
    let id = d.frame.be_u32(o + 4)?;
    d.tree.add(
        Field::IgmpIdentifier,
        o + 4..o + 8,
        Value::UInt(u64::from(id)),
    );
    add_ipv4(d, Field::IgmpMaddr, o + 8)?;
    let key = d.frame.slice(o + 12, 8)?;
    d.tree.add(
        Field::IgmpAccessKey,
        o + 12..o + 20,
        Value::Bytes(key.into()),
    );
    Ok(())
}

fn v1(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    add_reserved(d, o + 1, 1)?;
    add_checksum(d, o, end, 8)?;
    add_ipv4(d, Field::IgmpMaddr, o + 4)?;
    Ok(())
}

fn v2(d: &mut Dissector, o: usize, end: usize, typ: u8) -> Result<(), Short> {
    let tsecs = d.frame.u8(o + 1)?;
    let n = d.tree.add(
        Field::IgmpMaxResp,
        o + 1..o + 2,
        Value::UInt(u64::from(tsecs)),
    );
    d.tree.label(n, || {
        format!(
            "Max Resp Time: {:.1} sec (0x{tsecs:02x})",
            f64::from(tsecs) * 0.1
        )
    });
    add_checksum(d, o, end, 8)?;
    let group = add_ipv4(d, Field::IgmpMaddr, o + 4)?;
    let tail = if group.is_unspecified() {
        ", general".to_string()
    } else {
        match typ {
            V2_LEAVE => format!(" {group}"),
            QUERY => format!(", specific for group {group}"),
            _ => format!(" group {group}"),
        }
    };
    d.tree.summary.info.push_str(&tail);
    Ok(())
}

/// The v3 Max Resp Code: below 128 the time itself, else a floating-point form.
fn add_v3_max_resp(d: &mut Dissector, at: usize) -> Result<(), Short> {
    let bits = d.frame.u8(at)?;
    let tsecs = if bits & 0x80 != 0 {
        (u32::from(bits & 0x0f) | 0x10) << (u32::from((bits & 0x70) >> 4) + 3)
    } else {
        u32::from(bits)
    };
    let n = d.tree.open(
        Field::IgmpMaxResp,
        at..at + 1,
        Value::UInt(u64::from(tsecs)),
    );
    d.tree.label(n, || {
        format!(
            "Max Resp Time: {:.1} sec (0x{bits:02x})",
            f64::from(tsecs) * 0.1
        )
    });
    if bits & 0x80 != 0 {
        let t = &mut d.tree;
        t.add(
            Field::IgmpMaxRespExp,
            at..at + 1,
            Value::UInt(u64::from((bits & 0x70) >> 4)),
        );
        t.add(
            Field::IgmpMaxRespMant,
            at..at + 1,
            Value::UInt(u64::from(bits & 0x0f)),
        );
    }
    d.tree.close();
    Ok(())
}

/// Appends ` {a, b}` style source lists to Info and adds the addresses.
fn add_sources(d: &mut Dissector, mut at: usize, count: u16) -> Result<usize, Short> {
    for left in (0..count).rev() {
        let a = add_ipv4(d, Field::IgmpSaddr, at)?;
        let sep = if left > 0 { ", " } else { "}" };
        d.tree.summary.info.push_str(&format!("{a}{sep}"));
        at += 4;
    }
    Ok(at)
}

fn v3_query(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    add_v3_max_resp(d, o + 1)?;
    add_checksum(d, o, end, 0)?;
    let group = add_ipv4(d, Field::IgmpMaddr, o + 4)?;
    let tail = if group.is_unspecified() {
        ", general".to_string()
    } else {
        format!(", specific for group {group}")
    };
    d.tree.summary.info.push_str(&tail);
    let f = d.frame;
    let (sqrv, qqic, count) = (f.u8(o + 8)?, f.u8(o + 9)?, f.be_u16(o + 10)?);
    let t = &mut d.tree;
    t.add(Field::IgmpS, o + 8..o + 9, Value::Bool(sqrv & 0x08 != 0));
    t.add(
        Field::IgmpQrv,
        o + 8..o + 9,
        Value::UInt(u64::from(sqrv & 0x07)),
    );
    t.add(Field::IgmpQqic, o + 9..o + 10, Value::UInt(u64::from(qqic)));
    t.add(
        Field::IgmpNumSrc,
        o + 10..o + 12,
        Value::UInt(u64::from(count)),
    );
    if count > 0 {
        let plural = if count > 1 { "s" } else { "" };
        d.tree
            .summary
            .info
            .push_str(&format!(", source{plural} {{"));
    }
    add_sources(d, o + 12, count)?;
    Ok(())
}

fn v3_report(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    add_reserved(d, o + 1, 1)?;
    add_checksum(d, o, end, 0)?;
    add_reserved(d, o + 4, 2)?;
    let count = d.frame.be_u16(o + 6)?;
    if count == 0 {
        d.tree.summary.info.push_str(" - General query");
    }
    d.tree.add(
        Field::IgmpNumGrpRecs,
        o + 6..o + 8,
        Value::UInt(u64::from(count)),
    );
    let mut at = o + 8;
    for _ in 0..count {
        at = group_record(d, at)?;
    }
    Ok(())
}

/// The Info text a group record adds before its sources.
fn record_info(kind: u8, group: Ipv4Addr, sources: u16) -> String {
    let many = sources > 1;
    match (kind, sources) {
        (1 | 3, 0) => format!(" / Leave group {group}"),
        (2 | 4, 0) => format!(" / Join group {group} for any sources"),
        (5, 0) => format!(" / Group {group}, ALLOW_NEW_SOURCES but no source specified (?)"),
        (6, 0) => format!(" / Group {group}, BLOCK_OLD_SOURCES but no source specified (?)"),
        (_, 0) => format!(" / Group {group}, unknown record type (?)"),
        (1 | 3, _) => format!(
            " / Join group {group} for source{} {{",
            if many { "s in" } else { "" }
        ),
        (2 | 4, _) => format!(
            " / Join group {group}, for source{} {{",
            if many { "s not in" } else { " not" }
        ),
        (5, _) => format!(
            " / Group {group}, new source{} {{",
            if many { "s" } else { "" }
        ),
        (6, _) => format!(
            " / Group {group}, block source{} {{",
            if many { "s" } else { "" }
        ),
        _ => format!(" / Group {group}, unknown record type (?), sources {{"),
    }
}

fn group_record(d: &mut Dissector, o: usize) -> Result<usize, Short> {
    let f = d.frame;
    let (kind, aux_len, count) = (f.u8(o)?, f.u8(o + 1)?, f.be_u16(o + 2)?);
    let group = Ipv4Addr::from(f.array::<4>(o + 4)?);
    let n = d.tree.open(Field::IgmpGroupRecord, o..o + 8, Value::None);
    d.tree.label(n, || {
        format!("Group Record : {group}  {}", record_type_name(kind))
    });
    let t = &mut d.tree;
    t.add(
        Field::IgmpRecordType,
        o..o + 1,
        Value::UInt(u64::from(kind)),
    );
    t.add(
        Field::IgmpAuxDataLen,
        o + 1..o + 2,
        Value::UInt(u64::from(aux_len)),
    );
    t.add(
        Field::IgmpNumSrc,
        o + 2..o + 4,
        Value::UInt(u64::from(count)),
    );
    t.add(Field::IgmpMaddr, o + 4..o + 8, Value::Ipv4(group));
    d.tree
        .summary
        .info
        .push_str(&record_info(kind, group, count));
    let mut at = add_sources(d, o + 8, count);
    if let Ok(after) = at
        && aux_len > 0
    {
        let len = usize::from(aux_len) * 4;
        at = d.frame.slice(after, len).map(|aux| {
            d.tree.add(
                Field::IgmpAuxData,
                after..after + len,
                Value::Bytes(aux.into()),
            );
            after + len
        });
    }
    let close_at = *at.as_ref().unwrap_or(&(o + 8));
    d.tree.set_end(n, close_at);
    d.tree.close();
    at
}

fn traceroute(d: &mut Dissector, o: usize, end: usize, typ: u8) -> Result<(), Short> {
    d.set_protocol("IGMP");
    let len = end - o;
    let name = if typ == TRACE_RESPONSE {
        let blocks = len.saturating_sub(TRACE_HEADER) / TRACE_BLOCK;
        let plural = if blocks == 1 { "" } else { "s" };
        d.set_info(|| format!("Traceroute Response, {blocks} block{plural}"));
        "Traceroute Response"
    } else if len == TRACE_HEADER {
        d.set_info(|| "Traceroute Query".into());
        "Traceroute Query"
    } else {
        d.set_info(|| "Traceroute Request".into());
        "Traceroute Request"
    };
    add_type(d, o, typ, name.into());
    let hops = d.frame.u8(o + 1)?;
    d.tree.add(
        Field::IgmpMtraceMaxHops,
        o + 1..o + 2,
        Value::UInt(u64::from(hops)),
    );
    add_checksum(d, o, end, 0)?;
    add_ipv4(d, Field::IgmpMaddr, o + 4)?;
    add_ipv4(d, Field::IgmpMtraceSaddr, o + 8)?;
    add_ipv4(d, Field::IgmpMtraceRaddr, o + 12)?;
    add_ipv4(d, Field::IgmpMtraceRspaddr, o + 16)?;
    let f = d.frame;
    let (ttl, id) = (f.u8(o + 20)?, f.be_u24(o + 21)?);
    let t = &mut d.tree;
    t.add(
        Field::IgmpMtraceRespTtl,
        o + 20..o + 21,
        Value::UInt(u64::from(ttl)),
    );
    t.add(
        Field::IgmpMtraceQId,
        o + 21..o + 24,
        Value::UInt(u64::from(id)),
    );
    Ok(())
}

/// A type no IGMP version defines (or one another protocol owns): the type, then data.
fn unknown(d: &mut Dissector, o: usize, end: usize, typ: u8) {
    d.set_protocol("IGMP");
    let name = type_name(typ).map_or_else(|| format!("Unknown Type:0x{typ:02x}"), String::from);
    d.set_info(|| name.clone());
    add_type(d, o, typ, name);
    if let Ok(rest) = d.frame.range(o + 1..end)
        && !rest.is_empty()
    {
        d.tree
            .add(Field::IgmpData, o + 1..end, Value::Bytes(rest.into()));
    }
}
