//! NetBIOS Name Service (RFC 1002) on UDP 137: DNS-shaped messages whose names are
//! first-level encoded NetBIOS names (`WORKGROUP<1d>`), NB records with their flags and
//! addresses, and tshark's Info ("Name query NB WORKGROUP<1d>", "Registration NB …").

use std::net::Ipv4Addr;

use super::Dissector;
use super::dns_name;
use super::field::Field;
use super::netbios_name::{decode, suffix_name};
use super::reader::{Bytes, Short};
use super::value::Value;

const RESPONSE: u16 = 0x8000;
const OPCODE_WACK: u16 = 7;
/// Record types.
const T_NB: u16 = 32;
const T_NBSTAT: u16 = 33;
/// Bytes of the header.
const HEADER: usize = 12;

fn opcode_name(op: u16) -> String {
    String::from(match op {
        0 => "Name query",
        5 => "Registration",
        6 => "Release",
        7 => "Wait for acknowledgment",
        8 => "Refresh",
        9 => "Refresh (alternate opcode)",
        15 => "Multi-homed registration",
        _ => return format!("Unknown operation ({op})"),
    })
}

fn rcode_name(r: u16) -> &'static str {
    match r {
        0 => "No error",
        1 => "Request was invalidly formatted",
        2 => "Server failure",
        3 => "Requested name does not exist",
        4 => "Request is not implemented",
        5 => "Request was refused",
        6 => "Name is owned by another node",
        7 => "Name is in conflict",
        _ => "Unknown error",
    }
}

fn type_name(t: u16) -> &'static str {
    match t {
        T_NB => "NB",
        T_NBSTAT => "NBSTAT",
        _ => "unknown",
    }
}

/// Dissects an NBNS message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    d.set_protocol("NBNS");
    let node = d.tree.open_protocol(Field::Nbns, o..end);
    d.tree.label(node, || "NetBIOS Name Service".into());
    let result = message(d, o, end);
    d.tree.close();
    if let Err(e) = result {
        d.short("nbns", e);
    }
}

fn message(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let m = Bytes::new(d.frame.all().get(o..end).unwrap_or(&[]));
    let (id, flags) = (m.be_u16(0)?, m.be_u16(2)?);
    let opcode = (flags >> 11) & 0xf;
    let response = flags & RESPONSE != 0;
    let mut info = opcode_name(opcode);
    if response {
        info.push_str(" response");
    }
    let rcode = flags & 0xf;
    if response && rcode != 0 {
        info.push_str(&format!(", {}", rcode_name(rcode)));
    }
    d.set_info(|| info.clone());
    let t = &mut d.tree;
    t.add(Field::NbnsId, o..o + 2, Value::UInt(u64::from(id)));
    add_flags(t, o + 2, flags, false);
    let counts = [m.be_u16(4)?, m.be_u16(6)?, m.be_u16(8)?, m.be_u16(10)?];
    let count_fields = [
        Field::NbnsCountQueries,
        Field::NbnsCountAnswers,
        Field::NbnsCountAuthRr,
        Field::NbnsCountAddRr,
    ];
    for (k, (c, f)) in counts.iter().zip(count_fields).enumerate() {
        let at = o + 4 + 2 * k;
        d.tree.add(f, at..at + 2, Value::UInt(u64::from(*c)));
    }
    let mut at = HEADER;
    for _ in 0..counts[0] {
        at = question(d, m, o, at)?;
    }
    // Only the questions and the answers are shown in Info, as Wireshark does.
    for (section, &count) in counts.iter().enumerate().skip(1) {
        for _ in 0..count {
            at = record(d, m, o, at, opcode, section == 1)?;
        }
    }
    Ok(())
}

fn add_flags(t: &mut super::Tree, at: usize, flags: u16, wack: bool) {
    let response = flags & RESPONSE != 0;
    t.open(Field::NbnsFlags, at..at + 2, Value::UInt(u64::from(flags)));
    let bit = |mask: u16| Value::Bool(flags & mask != 0);
    t.add(Field::NbnsFlagsResponse, at..at + 2, bit(RESPONSE));
    t.add(
        Field::NbnsFlagsOpcode,
        at..at + 2,
        Value::UInt(u64::from((flags >> 11) & 0xf)),
    );
    if response {
        t.add(Field::NbnsFlagsAuthoritative, at..at + 2, bit(0x0400));
    }
    t.add(Field::NbnsFlagsTruncated, at..at + 2, bit(0x0200));
    t.add(Field::NbnsFlagsRecdesired, at..at + 2, bit(0x0100));
    if response {
        t.add(Field::NbnsFlagsRecavail, at..at + 2, bit(0x0080));
    }
    t.add(Field::NbnsFlagsBroadcast, at..at + 2, bit(0x0010));
    if response && !wack {
        t.add(
            Field::NbnsFlagsRcode,
            at..at + 2,
            Value::UInt(u64::from(flags & 0xf)),
        );
    }
    t.close();
}

/// Adds a name at `at` (message-relative); returns its text and the offset after it. A
/// record's name carries the suffix's description in its value too, as in Wireshark.
fn add_name(
    d: &mut Dissector,
    m: Bytes,
    (o, at): (usize, usize),
    in_record: bool,
) -> Result<(String, usize), Short> {
    let (text, next) = dns_name::read_name(m, at)?;
    let (name, suffix) = decode(&text);
    let described = match suffix {
        Some(s) => format!("{name} ({})", suffix_name(s)),
        None => name.clone(),
    };
    let value = if in_record { &described } else { &name };
    let n = d.tree.add(
        Field::NbnsName,
        o + at..o + next,
        Value::Str(value.as_str().into()),
    );
    d.tree.label(n, || format!("Name: {described}"));
    Ok((name, next))
}

fn add_type_class(d: &mut Dissector, m: Bytes, o: usize, at: usize) -> Result<u16, Short> {
    let (kind, class) = (m.be_u16(at)?, m.be_u16(at + 2)?);
    let t = &mut d.tree;
    let n = t.add(
        Field::NbnsType,
        o + at..o + at + 2,
        Value::UInt(u64::from(kind)),
    );
    t.label(n, || format!("Type: {} ({kind})", type_name(kind)));
    t.add(
        Field::NbnsClass,
        o + at + 2..o + at + 4,
        Value::UInt(u64::from(class)),
    );
    Ok(kind)
}

fn question(d: &mut Dissector, m: Bytes, o: usize, at: usize) -> Result<usize, Short> {
    let n = d.tree.open(Field::NbnsQuery, o + at..o + at, Value::None);
    let (name, next) = add_name(d, m, (o, at), false)?;
    let kind = add_type_class(d, m, o, next)?;
    d.tree.set_end(n, o + next + 4);
    d.tree.close();
    let piece = format!(" {} {name}", type_name(kind));
    d.tree.summary.info.push_str(&piece);
    Ok(next + 4)
}

fn record(
    d: &mut Dissector,
    m: Bytes,
    o: usize,
    at: usize,
    opcode: u16,
    in_info: bool,
) -> Result<usize, Short> {
    // Wireshark reads an NB answer's address for Info before it adds the record, so a record
    // cut short adds nothing.
    let (_, after_name) = dns_name::read_name(m, at)?;
    if in_info && opcode != OPCODE_WACK && m.be_u16(after_name)? == T_NB {
        m.array::<4>(after_name + 12)?;
    }
    let n = d.tree.open(Field::NbnsRecord, o + at..o + at, Value::None);
    let (_, next) = add_name(d, m, (o, at), true)?;
    let kind = add_type_class(d, m, o, next)?;
    let (ttl, len) = (m.be_u32(next + 4)?, usize::from(m.be_u16(next + 8)?));
    let t = &mut d.tree;
    t.add(
        Field::NbnsTtl,
        o + next + 4..o + next + 8,
        Value::UInt(u64::from(ttl)),
    );
    t.add(
        Field::NbnsDataLength,
        o + next + 8..o + next + 10,
        Value::UInt(len as u64),
    );
    let data = next + 10;
    let end = data + len;
    if kind == T_NB {
        if in_info && opcode != OPCODE_WACK {
            let addr = Ipv4Addr::from(m.array::<4>(data + 2)?);
            d.tree.summary.info.push_str(&format!(" NB {addr}"));
        }
        nb_entries(d, m, o, data, end, opcode)?;
    } else if in_info && kind == T_NBSTAT {
        d.tree.summary.info.push_str(" NBSTAT");
    }
    d.tree.set_end(n, o + end);
    d.tree.close();
    Ok(end)
}

/// The NB entries of a record: flags and address each (a WACK carries the request's flags).
fn nb_entries(
    d: &mut Dissector,
    m: Bytes,
    o: usize,
    mut at: usize,
    end: usize,
    opcode: u16,
) -> Result<(), Short> {
    while at + 2 <= end {
        let flags = m.be_u16(at)?;
        if opcode == OPCODE_WACK {
            add_flags(&mut d.tree, o + at, flags, true);
            at += 2;
            continue;
        }
        let t = &mut d.tree;
        t.open(
            Field::NbnsNbFlags,
            o + at..o + at + 2,
            Value::UInt(u64::from(flags)),
        );
        t.add(
            Field::NbnsNbFlagsGroup,
            o + at..o + at + 2,
            Value::Bool(flags & 0x8000 != 0),
        );
        t.add(
            Field::NbnsNbFlagsOnt,
            o + at..o + at + 2,
            Value::UInt(u64::from((flags >> 13) & 3)),
        );
        t.close();
        at += 2;
        if at + 4 > end {
            break;
        }
        let addr = Ipv4Addr::from(m.array::<4>(at)?);
        d.tree
            .add(Field::NbnsAddr, o + at..o + at + 4, Value::Ipv4(addr));
        at += 4;
    }
    Ok(())
}
