//! SCTP variable-length parameters (INIT, INIT ACK, HEARTBEAT) and error causes (ERROR,
//! ABORT): type-length-value items padded to four bytes, labelled as tshark labels them.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::names;
use crate::dissect::Dissector;
use crate::dissect::field::Field;
use crate::dissect::reader::Short;
use crate::dissect::value::Value;

/// Bytes of a parameter or cause header.
const TLV_HEADER: usize = 4;

/// The parameters in `range`.
pub(super) fn parameters(d: &mut Dissector, range: std::ops::Range<usize>) -> Result<(), Short> {
    let mut at = range.start;
    while at + TLV_HEADER <= range.end {
        let len = usize::from(d.frame.be_u16(at + 2)?);
        if len < TLV_HEADER {
            return Ok(());
        }
        parameter(d, at, len, range.end)?;
        at += len.next_multiple_of(4);
    }
    Ok(())
}

fn parameter(d: &mut Dissector, at: usize, len: usize, end: usize) -> Result<(), Short> {
    let f = d.frame;
    let kind = f.be_u16(at)?;
    let value = at + TLV_HEADER..at + len;
    f.range(value.clone())?;
    let node = d.tree.open(Field::SctpParameter, at..at + len, Value::None);
    let name = names::parameter_name(kind);
    let t = d.tree.open(
        Field::SctpParameterType,
        at..at + 2,
        Value::UInt(u64::from(kind)),
    );
    d.tree.label(t, || {
        format!(
            "Parameter type: {} (0x{kind:04x})",
            name.unwrap_or("Unknown")
        )
    });
    let stop = [
        "Stop processing of chunk",
        "Skip parameter and continue processing of the chunk",
    ];
    let (r, v) = (at..at + 2, u64::from(kind));
    d.tree
        .add_flag(Field::SctpParameterBit1, r.clone(), (16, v), stop);
    d.tree
        .add_flag(Field::SctpParameterBit2, r, (16, v), super::REPORT);
    d.tree.close();
    d.tree.add(
        Field::SctpParameterLength,
        at + 2..at + 4,
        Value::UInt(len as u64),
    );
    let summary = parameter_value(d, kind, value.clone())?;
    d.tree.label(node, || match (name, summary) {
        (None, _) => format!(
            "Unknown parameter (Type {kind}, value length: {} bytes)",
            value.len()
        ),
        (Some(name), Some(s)) => format!("{name} parameter ({s})"),
        (Some(name), None) => format!("{name} parameter"),
    });
    add_padding(d, Field::SctpParameterPadding, at, len, end);
    d.tree.close();
    Ok(())
}

/// The fields of one parameter's value, and what its label says about it.
fn parameter_value(
    d: &mut Dissector,
    kind: u16,
    value: std::ops::Range<usize>,
) -> Result<Option<String>, Short> {
    let f = d.frame;
    let t = &mut d.tree;
    let (start, len) = (value.start, value.len());
    Ok(match kind {
        0x0005 if len == 4 => {
            let a = Ipv4Addr::from(f.array::<4>(start)?);
            t.add(Field::SctpParameterIpv4Address, value, Value::Ipv4(a));
            Some(format!("Address: {a}"))
        }
        0x0006 if len == 16 => {
            let a = Ipv6Addr::from(f.array::<16>(start)?);
            t.add(Field::SctpParameterIpv6Address, value, Value::Ipv6(a));
            Some(format!("Address: {a}"))
        }
        0x0001 => {
            t.add(Field::SctpParameterHeartbeatInformation, value, Value::Span);
            Some(format!("Information: {len} bytes"))
        }
        0x0007 => {
            t.add(Field::SctpParameterStateCookie, value, Value::Span);
            Some(format!("Cookie length: {len} bytes"))
        }
        0x0009 if len == 4 => {
            let ms = f.be_u32(start)?;
            let v = Value::UInt(u64::from(ms));
            t.add(Field::SctpParameterCookiePreservativeIncr, value, v);
            Some(format!("Increment :{ms} msec"))
        }
        0x000b => {
            let name = f.text(value.clone());
            let name = name.trim_end_matches('\0').to_string();
            t.add(
                Field::SctpParameterHostname,
                value,
                Value::Str(name.clone().into()),
            );
            Some(format!("Hostname: {name}"))
        }
        0x000c => Some(address_types(d, value)?),
        0x8008 => Some(extensions(d, value)?),
        0x8000 | 0xc000 => None,
        _ => {
            if len > 0 {
                t.add(Field::SctpParameterValue, value, Value::Span);
            }
            None
        }
    })
}

fn address_types(d: &mut Dissector, value: std::ops::Range<usize>) -> Result<String, Short> {
    let mut short = Vec::new();
    for at in value.step_by(2) {
        let kind = d.frame.be_u16(at)?;
        let n = d.tree.add(
            Field::SctpParameterSupportedAddressType,
            at..at + 2,
            Value::UInt(u64::from(kind)),
        );
        d.tree.label(n, || {
            format!(
                "Supported address type: {} ({kind})",
                names::address_type_name(kind)
            )
        });
        short.push(match kind {
            5 => "IPv4",
            6 => "IPv6",
            11 => "hostname",
            _ => "unknown",
        });
    }
    Ok(format!("Supported types: {}", short.join(", ")))
}

fn extensions(d: &mut Dissector, value: std::ops::Range<usize>) -> Result<String, Short> {
    let mut listed = Vec::new();
    for at in value {
        let kind = d.frame.u8(at)?;
        let name = names::chunk_name(kind);
        let n = d.tree.add(
            Field::SctpSupportedChunkType,
            at..at + 1,
            Value::UInt(u64::from(kind)),
        );
        d.tree
            .label(n, || format!("Supported chunk type: {name} ({kind})"));
        listed.push(name);
    }
    Ok(format!("Supported types: {}", listed.join(", ")))
}

/// The error causes in `range` (ERROR and ABORT chunks).
pub(super) fn causes(d: &mut Dissector, range: std::ops::Range<usize>) -> Result<(), Short> {
    let mut at = range.start;
    while at + TLV_HEADER <= range.end {
        let (code, len) = (d.frame.be_u16(at)?, usize::from(d.frame.be_u16(at + 2)?));
        if len < TLV_HEADER {
            return Ok(());
        }
        d.frame.range(at..at + len)?;
        let node = d.tree.open(Field::SctpCause, at..at + len, Value::None);
        let name = names::cause_name(code).unwrap_or("Unknown");
        let c = d.tree.add(
            Field::SctpCauseCode,
            at..at + 2,
            Value::UInt(u64::from(code)),
        );
        d.tree
            .label(c, || format!("Cause code: {name} (0x{code:04x})"));
        d.tree.add(
            Field::SctpCauseLength,
            at + 2..at + 4,
            Value::UInt(len as u64),
        );
        let summary = cause_value(d, code, at + TLV_HEADER..at + len)?;
        d.tree.label(node, || match summary {
            Some(s) => format!("{name} cause ({s})"),
            None => format!("{name} cause"),
        });
        add_padding(d, Field::SctpCausePadding, at, len, range.end);
        d.tree.close();
        at += len.next_multiple_of(4);
    }
    Ok(())
}

fn cause_value(
    d: &mut Dissector,
    code: u16,
    value: std::ops::Range<usize>,
) -> Result<Option<String>, Short> {
    let f = d.frame;
    let start = value.start;
    Ok(match code {
        0x01 if value.len() == 4 => {
            let sid = f.be_u16(start)?;
            let t = &mut d.tree;
            t.add(
                Field::SctpCauseStreamIdentifier,
                start..start + 2,
                Value::UInt(u64::from(sid)),
            );
            let reserved = Value::UInt(u64::from(f.be_u16(start + 2)?));
            t.add(Field::SctpCauseReserved, start + 2..start + 4, reserved);
            Some(format!("SID: {sid}"))
        }
        0x03 if value.len() == 4 => {
            let us = f.be_u32(start)?;
            let v = Value::UInt(u64::from(us));
            d.tree.add(Field::SctpCauseMeasureOfStaleness, value, v);
            Some(format!("Measure: {us} usec"))
        }
        _ => {
            if !value.is_empty() {
                d.tree.add(Field::SctpCauseInformation, value, Value::Span);
            }
            None
        }
    })
}

/// The zero bytes that pad the `len` bytes of an item at `at` to four, when the packet
/// holds them.
fn add_padding(d: &mut Dissector, field: Field, at: usize, len: usize, end: usize) {
    let padded = at + len.next_multiple_of(4);
    if padded > at + len && padded <= end {
        d.tree.add(field, at + len..padded, Value::Span);
    }
}
