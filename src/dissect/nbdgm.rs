//! NetBIOS Datagram Service (RFC 1002 §4.4) on UDP 138: the datagram header, the encoded
//! source and destination names, the error and query messages, and the user data handed to
//! SMB when it starts with SMB's magic (else shown as data), as Wireshark's NBDS dissector.

use std::net::Ipv4Addr;

use super::Dissector;
use super::dns_name;
use super::field::Field;
use super::netbios_name::{decode, suffix_name};
use super::reader::{Bytes, Short};
use super::value::Value;

/// Bytes before the names or the error code: type, flags, id, source IP and port.
const HEADER: usize = 10;
const DIRECT_UNIQUE: u8 = 0x10;
const BROADCAST: u8 = 0x12;
const ERROR: u8 = 0x13;
const QUERY_REQUEST: u8 = 0x14;
const NEGATIVE_QUERY_RESPONSE: u8 = 0x16;

fn message_type_name(kind: u8) -> Option<&'static str> {
    Some(match kind {
        0x10 => "Direct_unique datagram",
        0x11 => "Direct_group datagram",
        0x12 => "Broadcast datagram",
        0x13 => "Datagram error",
        0x14 => "Datagram query request",
        0x15 => "Datagram positive query response",
        0x16 => "Datagram negative query response",
        _ => return None,
    })
}

fn node_type_name(node: u8) -> &'static str {
    match node {
        0 => "B node",
        1 => "P node",
        2 => "M node",
        _ => "NBDD",
    }
}

fn error_name(code: u8) -> &'static str {
    match code {
        0x82 => "Destination name not present",
        0x83 => "Invalid source name format",
        0x84 => "Invalid destination name format",
        _ => "Unknown",
    }
}

/// Dissects an NBDGM message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    d.set_protocol("NBDS");
    let node = d.tree.open_protocol(Field::Nbdgm, o..end);
    d.tree.label(node, || "NetBIOS Datagram Service".into());
    let result = message(d, node, o, end);
    d.tree.close();
    match result {
        Ok(Some(user_data)) => user_data_layer(d, user_data, end),
        Ok(None) => {}
        Err(e) => d.short("nbdgm", e),
    }
}

/// The header and names; returns where the user data starts, for the datagram types.
fn message(d: &mut Dissector, node: usize, o: usize, end: usize) -> Result<Option<usize>, Short> {
    let m = Bytes::new(d.frame.all().get(o..end).unwrap_or(&[]));
    let kind = m.u8(0)?;
    d.set_info(|| match message_type_name(kind) {
        Some(name) => name.into(),
        None => format!("Unknown message type (0x{kind:02X})"),
    });
    let t = &mut d.tree;
    let n = t.add(Field::NbdgmType, o..o + 1, Value::UInt(u64::from(kind)));
    let name = message_type_name(kind).unwrap_or("Unknown");
    t.label(n, || format!("Message Type: {name} ({kind})"));
    flags(d, o + 1, m.u8(1)?);
    let id = m.be_u16(2)?;
    let t = &mut d.tree;
    t.add(
        Field::NbdgmDgramId,
        o + 2..o + 4,
        Value::UInt(u64::from(id)),
    );
    let ip = Ipv4Addr::from(m.array::<4>(4)?);
    t.add(Field::NbdgmSrcIp, o + 4..o + 8, Value::Ipv4(ip));
    let port = m.be_u16(8)?;
    t.add(
        Field::NbdgmSrcPort,
        o + 8..o + 10,
        Value::UInt(u64::from(port)),
    );
    let mut at = HEADER;
    match kind {
        DIRECT_UNIQUE..=BROADCAST => {
            let (len, offset) = (m.be_u16(10)?, m.be_u16(12)?);
            let t = &mut d.tree;
            let n = t.add(
                Field::NbdgmDgramLen,
                o + 10..o + 12,
                Value::UInt(len.into()),
            );
            t.label(n, || format!("Datagram length: {len} bytes"));
            let n = t.add(
                Field::NbdgmPktOffset,
                o + 12..o + 14,
                Value::UInt(offset.into()),
            );
            t.label(n, || format!("Packet offset: {offset} bytes"));
            at = add_name(d, m, o, 14, Field::NbdgmSourceName)?;
            at = add_name(d, m, o, at, Field::NbdgmDestinationName)?;
            d.tree.set_end(node, o + at);
            return Ok(Some(o + at));
        }
        ERROR => {
            let code = m.u8(10)?;
            let n = d.tree.add(
                Field::NbdgmErrorCode,
                o + 10..o + 11,
                Value::UInt(code.into()),
            );
            let name = error_name(code);
            d.tree
                .label(n, || format!("Error code: {name} (0x{code:02x})"));
            at += 1;
        }
        QUERY_REQUEST..=NEGATIVE_QUERY_RESPONSE => {
            at = add_name(d, m, o, at, Field::NbdgmDestinationName)?;
        }
        _ => {}
    }
    d.tree.set_end(node, o + at);
    Ok(None)
}

fn flags(d: &mut Dissector, at: usize, flags: u8) {
    let node_type = (flags >> 2) & 3;
    let t = &mut d.tree;
    let n = t.open(Field::NbdgmFlags, at..at + 1, Value::UInt(u64::from(flags)));
    t.label(n, || {
        let mut label = format!("Flags: 0x{flags:02x}");
        if flags & 0x01 != 0 {
            label.push_str(", More fragments follow");
        }
        if flags & 0x02 != 0 {
            label.push_str(", This is first fragment");
        }
        format!("{label}, Node Type: {}", node_type_name(node_type))
    });
    let word = (8, u64::from(flags));
    t.add_flag(Field::NbdgmNext, at..at + 1, word, ["No", "Yes"]);
    t.add_flag(Field::NbdgmFirst, at..at + 1, word, ["No", "Yes"]);
    let n = t.add(
        Field::NbdgmNodeType,
        at..at + 1,
        Value::UInt(node_type.into()),
    );
    t.label(n, || {
        let bits = super::format::bit_pattern_of(8, 0x0c, u64::from(flags));
        format!(
            "{bits}Node Type: {} ({node_type})",
            node_type_name(node_type)
        )
    });
    t.close();
}

/// Adds an encoded name at `at` (message-relative); returns the offset after it.
fn add_name(
    d: &mut Dissector,
    m: Bytes,
    o: usize,
    at: usize,
    field: Field,
) -> Result<usize, Short> {
    let (text, next) = dns_name::read_name(m, at)?;
    let (name, suffix) = decode(&text);
    let description = suffix.map_or("Unknown", suffix_name);
    let n = d
        .tree
        .add(field, o + at..o + next, Value::Str(name.as_str().into()));
    let what = if field == Field::NbdgmSourceName {
        "Source"
    } else {
        "Destination"
    };
    d.tree
        .label(n, || format!("{what} name: {name} ({description})"));
    Ok(next)
}

/// The datagram's user data: SMB when it starts with SMB's magic, else data.
fn user_data_layer(d: &mut Dissector, at: usize, end: usize) {
    let bytes = d.frame.all().get(at..end).unwrap_or(&[]);
    if super::smb::looks_like_smb(bytes) {
        super::smb::dissect(d, at, end);
    } else {
        super::data::dissect_range(d, at, end);
    }
}
