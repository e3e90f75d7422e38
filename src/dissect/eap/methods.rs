//! The bodies of the EAP methods we decode (everything after the type byte).

use super::names;
use crate::dissect::field::Field;
use crate::dissect::reader::Short;
use crate::dissect::tree::{Expert, Group, Severity};
use crate::dissect::value::Value;
use crate::dissect::{Dissector, data, tls};

const IDENTITY: u8 = 1;
const NOTIFICATION: u8 = 2;
const NAK: u8 = 3;
pub const MD5: u8 = 4;
const TLS: u8 = 13;
const SIM: u8 = 18;
const TTLS: u8 = 21;
const AKA: u8 = 23;
const PEAP: u8 = 25;
const MS_AUTH: u8 = 26;
const MS_CHAP_V2: u8 = 29;
const FAST: u8 = 43;
const AKA_PRIME: u8 = 50;
const EXPANDED: u8 = 254;

/// EAP-TLS flag bits.
const LENGTH_INCLUDED: u8 = 0x80;
const MORE_FRAGMENTS: u8 = 0x40;
const START: u8 = 0x20;
/// The EAP-FAST Authority-ID TLV of a FAST start.
const FAST_AUTHORITY_ID: u16 = 4;

/// EAP-SIM/AKA attributes with a structure of their own.
const AT_NOTIFICATION: u8 = 12;
const AT_IDENTITY: u8 = 14;
const AT_CLIENT_ERROR_CODE: u8 = 22;

/// Dissects the body of method `kind` in `o..end`.
pub fn dissect(d: &mut Dissector, kind: u8, o: usize, end: usize) -> Result<(), Short> {
    let size = end.saturating_sub(o);
    match kind {
        IDENTITY | NOTIFICATION if size > 0 => {
            let field = if kind == IDENTITY {
                Field::EapIdentity
            } else {
                Field::EapNotification
            };
            add_text(d, field, o..end)
        }
        IDENTITY | NOTIFICATION => Ok(()),
        NAK => nak(d, o, end),
        MD5 => md5(d, o, end),
        TLS | TTLS | PEAP | FAST => tls_based(d, kind, o, end),
        SIM => sim_or_aka(d, o, end, &SIM_FIELDS),
        AKA | AKA_PRIME => sim_or_aka(d, o, end, &AKA_FIELDS),
        MS_AUTH | MS_CHAP_V2 => ms_chap_v2(d, o, end),
        EXPANDED => expanded(d, o, end),
        _ => {
            if size > 0 {
                d.frame.slice(o, size)?;
                d.tree.add(Field::EapData, o..end, Value::Span);
            }
            Ok(())
        }
    }
}

/// Adds the bytes in `range` as a text field (invalid UTF-8 replaced).
fn add_text(d: &mut Dissector, field: Field, range: std::ops::Range<usize>) -> Result<(), Short> {
    let text = String::from_utf8_lossy(d.frame.range(range.clone())?).into_owned();
    d.tree.add(field, range, Value::Str(text.into()));
    Ok(())
}

/// tshark's warning on MD5-Challenge, inside the type item.
pub fn mitm_warning(d: &mut Dissector, at: usize) {
    let e = Expert {
        severity: Severity::Warning,
        group: Group::Security,
        layer: "eap",
        field: Some(Field::EapMitmAttacks),
    };
    let message = "Vulnerable to MITM attacks. If possible, change EAP type.".to_string();
    d.tree.expert(e, at..at, message);
}

/// A Legacy Nak: the type the peer would rather use.
fn nak(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    // tshark shows the first (most wanted) type only.
    if o < end {
        let at = o;
        let t = d.frame.u8(at)?;
        let n = d
            .tree
            .add(Field::EapDesiredType, at..at + 1, Value::UInt(u64::from(t)));
        d.tree.label(n, || {
            let name = names::method(t).unwrap_or("Unknown");
            format!("Desired Auth Type: {name} ({t})")
        });
    }
    Ok(())
}

/// MD5-Challenge: the value's size, the value, and anything after it (the name).
fn md5(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let size = usize::from(d.frame.u8(o)?);
    d.tree
        .add(Field::EapMd5ValueSize, o..o + 1, Value::UInt(size as u64));
    let value = o + 1;
    d.frame.slice(value, size)?;
    d.tree
        .add(Field::EapMd5Value, value..value + size, Value::Span);
    let extra = value + size;
    if extra < end {
        d.frame.slice(extra, end - extra)?;
        d.tree.add(Field::EapMd5ExtraData, extra..end, Value::Span);
    }
    Ok(())
}

/// EAP-TLS, TTLS, PEAP and FAST: flags, the optional message length, and the TLS records
/// of a message that is not split over several EAP packets.
fn tls_based(d: &mut Dissector, kind: u8, o: usize, end: usize) -> Result<(), Short> {
    let flags = d.frame.u8(o)?;
    let t = &mut d.tree;
    let r = o..o + 1;
    t.open(Field::EapTlsFlags, r.clone(), Value::UInt(u64::from(flags)));
    t.add(
        Field::EapTlsFlagsLenIncluded,
        r.clone(),
        Value::Bool(flags & LENGTH_INCLUDED != 0),
    );
    t.add(
        Field::EapTlsFlagsMoreFragments,
        r.clone(),
        Value::Bool(flags & MORE_FRAGMENTS != 0),
    );
    t.add(
        Field::EapTlsFlagsStart,
        r.clone(),
        Value::Bool(flags & START != 0),
    );
    if kind != TLS {
        t.add(
            Field::EapTlsFlagsVersion,
            r,
            Value::UInt(u64::from(flags & 0x07)),
        );
    }
    t.close();
    let mut at = o + 1;
    if flags & LENGTH_INCLUDED != 0 {
        let len = d.frame.be_u32(at)?;
        d.tree
            .add(Field::EapTlsLen, at..at + 4, Value::UInt(u64::from(len)));
        at += 4;
    }
    if kind == FAST && flags & START != 0 {
        return fast_start(d, at, end);
    }
    if at < end && flags & MORE_FRAGMENTS == 0 {
        let message = d.frame.slice(at, end - at)?;
        if tls::looks_like_record(message) {
            tls::dissect(d, at, end);
        } else {
            // tshark hands any unfragmented rest to TLS, which finds no record in it.
            d.tree.open_protocol(Field::Tls, at..end);
            d.tree.close();
            d.set_protocol("SSL");
            d.set_info(String::new);
        }
    }
    Ok(())
}

/// A FAST start's TLVs (RFC 4851 §4.1: the server's Authority-ID).
fn fast_start(d: &mut Dissector, mut at: usize, end: usize) -> Result<(), Short> {
    while at < end {
        let (kind, len) = (d.frame.be_u16(at)?, usize::from(d.frame.be_u16(at + 2)?));
        let t = &mut d.tree;
        t.add(Field::EapFastType, at..at + 2, Value::UInt(u64::from(kind)));
        t.add(
            Field::EapFastLength,
            at + 2..at + 4,
            Value::UInt(len as u64),
        );
        let value = at + 4;
        d.frame.slice(value, len)?;
        d.tree.add(Field::EapData, value..value + len, Value::Span);
        if kind == FAST_AUTHORITY_ID {
            d.tree.add(
                Field::EapFastAuthorityIdData,
                value..value + len,
                Value::Span,
            );
        }
        at = value + len;
    }
    Ok(())
}

/// The field set of EAP-SIM or of EAP-AKA (the same layout under two names).
struct SimFields {
    subtype: Field,
    reserved: Field,
    attribute: Field,
    kind: Field,
    len: Field,
    notification: Field,
    error: Field,
    value: Field,
    label: &'static str,
    subtype_name: fn(u8) -> Option<&'static str>,
}

const SIM_FIELDS: SimFields = SimFields {
    subtype: Field::EapSimSubtype,
    reserved: Field::EapSimReserved,
    attribute: Field::EapSimAttribute,
    kind: Field::EapSimAttrType,
    len: Field::EapSimAttrLen,
    notification: Field::EapSimNotificationType,
    error: Field::EapSimErrorCode,
    value: Field::EapSimAttrValue,
    label: "EAP-SIM",
    subtype_name: names::sim_subtype,
};

const AKA_FIELDS: SimFields = SimFields {
    subtype: Field::EapAkaSubtype,
    reserved: Field::EapAkaReserved,
    attribute: Field::EapAkaAttribute,
    kind: Field::EapAkaAttrType,
    len: Field::EapAkaAttrLen,
    notification: Field::EapAkaNotificationType,
    error: Field::EapAkaErrorCode,
    value: Field::EapAkaAttrValue,
    label: "EAP-AKA",
    subtype_name: names::aka_subtype,
};

/// EAP-SIM (RFC 4186) and EAP-AKA (RFC 4187): subtype, reserved, then type-length-value
/// attributes whose length counts 4-byte words.
fn sim_or_aka(d: &mut Dissector, o: usize, end: usize, f: &SimFields) -> Result<(), Short> {
    let subtype = d.frame.u8(o)?;
    let n = d
        .tree
        .add(f.subtype, o..o + 1, Value::UInt(u64::from(subtype)));
    d.tree.label(n, || {
        let name = (f.subtype_name)(subtype).unwrap_or("Unknown");
        format!("{} Subtype: {name} ({subtype})", f.label)
    });
    let reserved = d.frame.be_u16(o + 1)?;
    d.tree
        .add(f.reserved, o + 1..o + 3, Value::UInt(u64::from(reserved)));
    let mut at = o + 3;
    while at < end {
        let (kind, words) = (d.frame.u8(at)?, d.frame.u8(at + 1)?);
        let len = usize::from(words) * 4;
        let name = names::sim_attribute(kind).unwrap_or("Unknown");
        let node = d.tree.open(f.attribute, at..at + len.max(2), Value::None);
        d.tree
            .label(node, || format!("{} Attribute: {name} ({kind})", f.label));
        let n = d.tree.add(f.kind, at..at + 1, Value::UInt(u64::from(kind)));
        d.tree
            .label(n, || format!("{} Type: {name} ({kind})", f.label));
        d.tree
            .add(f.len, at + 1..at + 2, Value::UInt(u64::from(words)));
        let result = attribute_value(d, kind, at + 2, at + len, f);
        d.tree.close();
        result?;
        if len == 0 {
            break;
        }
        at += len;
    }
    Ok(())
}

/// One attribute's value in `o..end`.
fn attribute_value(
    d: &mut Dissector,
    kind: u8,
    o: usize,
    end: usize,
    f: &SimFields,
) -> Result<(), Short> {
    if end <= o {
        return Ok(());
    }
    let b = d.frame;
    match kind {
        AT_IDENTITY => {
            let actual = usize::from(b.be_u16(o)?);
            d.tree.add(
                Field::EapIdentityActualLen,
                o..o + 2,
                Value::UInt(actual as u64),
            );
            add_text(d, Field::EapIdentity, o + 2..o + 2 + actual)?;
        }
        AT_NOTIFICATION | AT_CLIENT_ERROR_CODE => {
            let field = if kind == AT_NOTIFICATION {
                f.notification
            } else {
                f.error
            };
            let v = b.be_u16(o)?;
            d.tree.add(field, o..o + 2, Value::UInt(u64::from(v)));
        }
        _ => {
            b.slice(o, end - o)?;
            d.tree.add(f.value, o..end, Value::Span);
        }
    }
    Ok(())
}

/// MS-CHAP-v2 inside EAP (PEAP's inner method): opcode, id, length, then the opcode's body.
fn ms_chap_v2(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let b = d.frame;
    let opcode = b.u8(o)?;
    let t = &mut d.tree;
    let n = t.add(
        Field::EapMsChapV2Opcode,
        o..o + 1,
        Value::UInt(u64::from(opcode)),
    );
    t.label(n, || {
        let name = names::ms_chap_v2_opcode(opcode).unwrap_or("Unknown");
        format!("EAP-MS-CHAP-v2 OpCode: {name} ({opcode})")
    });
    let id = b.u8(o + 1)?;
    t.add(
        Field::EapMsChapV2Id,
        o + 1..o + 2,
        Value::UInt(u64::from(id)),
    );
    let len = b.be_u16(o + 2)?;
    t.add(
        Field::EapMsChapV2Length,
        o + 2..o + 4,
        Value::UInt(u64::from(len)),
    );
    let at = o + 4;
    match opcode {
        1 | 2 => challenge_or_response(d, opcode, at, end),
        3 | 4 if at < end => add_text(d, Field::EapMsChapV2Message, at..end),
        _ => Ok(()),
    }
}

/// An MS-CHAP-v2 Challenge (the authenticator's challenge and name) or Response (the peer's
/// challenge, NT-Response, flags and name).
fn challenge_or_response(d: &mut Dissector, opcode: u8, o: usize, end: usize) -> Result<(), Short> {
    let b = d.frame;
    let size = usize::from(b.u8(o)?);
    d.tree.add(
        Field::EapMsChapV2ValueSize,
        o..o + 1,
        Value::UInt(size as u64),
    );
    let at = o + 1;
    b.slice(at, size)?;
    if opcode == 1 {
        d.tree
            .add(Field::EapMsChapV2Challenge, at..at + size, Value::Span);
    } else {
        b.slice(at, 49)?;
        let t = &mut d.tree;
        t.add(Field::EapMsChapV2PeerChallenge, at..at + 16, Value::Span);
        t.add(Field::EapMsChapV2Reserved, at + 16..at + 24, Value::Span);
        t.add(Field::EapMsChapV2NtResponse, at + 24..at + 48, Value::Span);
        let flags = b.u8(at + 48)?;
        t.add(
            Field::EapMsChapV2Flags,
            at + 48..at + 49,
            Value::UInt(u64::from(flags)),
        );
    }
    let name = at + size;
    if name < end {
        add_text(d, Field::EapMsChapV2Name, name..end)?;
    }
    Ok(())
}

/// An Expanded type (RFC 3748 §5.7): vendor id and vendor type, the rest as data.
fn expanded(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let b = d.frame;
    let (vendor, kind) = (b.be_u24(o)?, b.be_u32(o + 3)?);
    d.tree.open(Field::EapExt, o..end.min(b.len()), Value::None);
    d.tree.add(
        Field::EapExtVendorId,
        o..o + 3,
        Value::UInt(u64::from(vendor)),
    );
    d.tree.add(
        Field::EapExtVendorType,
        o + 3..o + 7,
        Value::UInt(u64::from(kind)),
    );
    data::dissect_range(d, o + 7, end.min(b.len()));
    d.tree.close();
    Ok(())
}
