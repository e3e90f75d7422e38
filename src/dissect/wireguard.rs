//! WireGuard on UDP (found as Wireshark finds it: by each message's type, zero reserved bytes
//! and exact length, on any port): handshake initiation and response, cookie reply and
//! transport data, with tshark's Info ("Handshake Initiation, sender=0x1A2B3C4D").

use super::Dissector;
use super::field::Field;
use super::format::base64;
use super::reader::{Bytes, Short};
use super::value::Value;

const INITIATION: u8 = 1;
const RESPONSE: u8 = 2;
const COOKIE: u8 = 3;
const DATA: u8 = 4;
/// The whole length of each fixed-size message, and a transport header's.
const INITIATION_LEN: usize = 148;
const RESPONSE_LEN: usize = 92;
const COOKIE_LEN: usize = 64;
const DATA_HEADER: usize = 16;
/// Poly1305 tag after every encrypted part.
const TAG: usize = 16;

/// True when `b` is exactly one WireGuard message (Wireshark's heuristic).
pub fn looks_like_wireguard(b: &[u8]) -> bool {
    let (Some(&kind), Some(reserved)) = (b.first(), b.get(1..4)) else {
        return false;
    };
    if reserved != [0, 0, 0] {
        return false;
    }
    match kind {
        INITIATION => b.len() == INITIATION_LEN,
        RESPONSE => b.len() == RESPONSE_LEN,
        COOKIE => b.len() == COOKIE_LEN,
        DATA => b.len() >= DATA_HEADER + TAG && (b.len() - DATA_HEADER).is_multiple_of(16),
        _ => false,
    }
}

fn type_name(kind: u8) -> &'static str {
    match kind {
        INITIATION => "Handshake Initiation",
        RESPONSE => "Handshake Response",
        COOKIE => "Cookie Reply",
        DATA => "Transport Data",
        _ => "Unknown",
    }
}

/// Dissects one WireGuard message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    d.set_protocol("WireGuard");
    let node = d.tree.open_protocol(Field::Wg, o..end);
    d.tree.label(node, || "WireGuard Protocol".into());
    let m = Bytes::new(d.frame.range(o..end).unwrap_or(&[]));
    let result = message(d, m, o);
    d.tree.close();
    if let Err(e) = result {
        d.short("wg", e);
    }
}

/// A little-endian 32-bit index (`sender`, `receiver`), shown in hex.
fn add_index(d: &mut Dissector, m: Bytes, field: Field, o: usize, at: usize) -> Result<u32, Short> {
    let v = m.le_u32(at)?;
    d.tree
        .add(field, o + at..o + at + 4, Value::UInt(u64::from(v)));
    Ok(v)
}

fn add_bytes(
    d: &mut Dissector,
    m: Bytes,
    field: Field,
    o: usize,
    at: usize,
    len: usize,
) -> Result<(), Short> {
    let b = m.slice(at, len)?;
    d.tree
        .add(field, o + at..o + at + len, Value::Bytes(b.into()));
    Ok(())
}

/// An encrypted part: shown as a node over its bytes (its content is not decrypted).
fn add_sealed(
    d: &mut Dissector,
    m: Bytes,
    field: Field,
    o: usize,
    at: usize,
    len: usize,
) -> Result<(), Short> {
    m.slice(at, len)?;
    d.tree.add(field, o + at..o + at + len, Value::None);
    Ok(())
}

fn message(d: &mut Dissector, m: Bytes, o: usize) -> Result<(), Short> {
    let kind = m.u8(0)?;
    let t = &mut d.tree;
    let n = t.add(Field::WgType, o..o + 1, Value::UInt(u64::from(kind)));
    t.label(n, || format!("Type: {} ({kind})", type_name(kind)));
    add_bytes(d, m, Field::WgReserved, o, 1, 3)?;
    let info = match kind {
        INITIATION => {
            let sender = add_index(d, m, Field::WgSender, o, 4)?;
            let ephemeral = base64(m.slice(8, 32)?);
            d.tree.add(
                Field::WgEphemeral,
                o + 8..o + 40,
                Value::Str(ephemeral.into()),
            );
            add_sealed(d, m, Field::WgEncryptedStatic, o, 40, 32 + TAG)?;
            add_sealed(d, m, Field::WgEncryptedTimestamp, o, 88, 12 + TAG)?;
            add_bytes(d, m, Field::WgMac1, o, 116, 16)?;
            add_bytes(d, m, Field::WgMac2, o, 132, 16)?;
            format!("sender=0x{sender:08X}")
        }
        RESPONSE => {
            let sender = add_index(d, m, Field::WgSender, o, 4)?;
            let receiver = add_index(d, m, Field::WgReceiver, o, 8)?;
            let ephemeral = base64(m.slice(12, 32)?);
            d.tree.add(
                Field::WgEphemeral,
                o + 12..o + 44,
                Value::Str(ephemeral.into()),
            );
            add_sealed(d, m, Field::WgEncryptedEmpty, o, 44, TAG)?;
            add_bytes(d, m, Field::WgMac1, o, 60, 16)?;
            add_bytes(d, m, Field::WgMac2, o, 76, 16)?;
            format!("sender=0x{sender:08X}, receiver=0x{receiver:08X}")
        }
        COOKIE => {
            let receiver = add_index(d, m, Field::WgReceiver, o, 4)?;
            add_bytes(d, m, Field::WgNonce, o, 8, 24)?;
            add_bytes(d, m, Field::WgEncryptedCookie, o, 32, 16 + TAG)?;
            format!("receiver=0x{receiver:08X}")
        }
        DATA => return transport(d, m, o),
        _ => String::new(),
    };
    d.set_info(|| format!("{}, {info}", type_name(kind)));
    Ok(())
}

fn transport(d: &mut Dissector, m: Bytes, o: usize) -> Result<(), Short> {
    let receiver = add_index(d, m, Field::WgReceiver, o, 4)?;
    let counter = m.le_u64(8)?;
    d.tree
        .add(Field::WgCounter, o + 8..o + 16, Value::UInt(counter));
    let sealed = m.len().saturating_sub(DATA_HEADER);
    add_sealed(d, m, Field::WgEncryptedPacket, o, DATA_HEADER, sealed)?;
    let data_len = sealed.saturating_sub(TAG);
    if data_len == 0 {
        d.tree.add(
            Field::WgKeepalive,
            o + DATA_HEADER..o + DATA_HEADER,
            Value::None,
        );
        d.set_info(|| format!("Keepalive, receiver=0x{receiver:08X}, counter={counter}"));
    } else {
        d.set_info(|| {
            format!(
                "Transport Data, receiver=0x{receiver:08X}, counter={counter}, datalen={data_len}"
            )
        });
    }
    Ok(())
}
