//! Writing a field's value into exactly its bytes: big-endian under the field's bit mask
//! (other bits of the bytes are kept), with the few fields whose shown value is scaled
//! (header lengths in bytes) or computed (relative sequence numbers) handled here.

use super::CraftError;
use crate::dissect::field::Kind;
use crate::dissect::tree::Node;
use crate::dissect::{Field, Value};
use std::ops::Range;

/// How a field's value sits in its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bits {
    /// Which bits of the (big-endian) bytes hold it; 0 means all.
    mask: u64,
    /// The value shown is the stored one times this (header lengths are shown in bytes).
    scale: u64,
}

/// Why a field cannot be written, or how.
fn bits(field: Field) -> Result<Bits, &'static str> {
    let computed = "it is computed by the dissector, not stored in the packet";
    match field {
        Field::IpHdrLen => Ok(Bits {
            mask: 0x0f,
            scale: 4,
        }),
        Field::TcpHdrLen => Ok(Bits {
            mask: 0xf0,
            scale: 4,
        }),
        Field::IpFlags => Ok(Bits {
            mask: 0xe0,
            scale: 1,
        }),
        Field::TcpSeq | Field::TcpAck => {
            Err("it is relative to the stream's first sequence number; edit the raw value")
        }
        Field::TcpOptionsSackLe | Field::TcpOptionsSackRe => {
            Err("it is shown relative to the stream; edit the option bytes")
        }
        Field::TcpLen
        | Field::TcpNxtSeq
        | Field::TcpStream
        | Field::UdpStream
        | Field::TcpReassembledIn
        | Field::IpReassembledIn
        | Field::Ipv6ReassembledIn
        | Field::IpFragment
        | Field::DnsResponseIn
        | Field::DataLen
        | Field::IpChecksumStatus
        | Field::UdpChecksumStatus
        | Field::TcpChecksumStatus
        | Field::IcmpChecksumStatus
        | Field::Icmpv6ChecksumStatus => Err(computed),
        f if f.name().starts_with("frame.") => Err(computed),
        f => Ok(Bits {
            mask: f.def().mask,
            scale: 1,
        }),
    }
}

/// Why `node` cannot be edited, if it cannot.
pub fn not_editable(node: &Node) -> Option<String> {
    let kind = node.field.def().kind;
    if matches!(kind, Kind::Protocol | Kind::Text | Kind::Flag) {
        return Some(format!("{} has no value of its own", node.field.name()));
    }
    if let Err(why) = bits(node.field) {
        return Some(format!("{} cannot be set: {why}", node.field.name()));
    }
    if node.source != 0 {
        return Some("it is in reassembled data, not in this frame's bytes".into());
    }
    if node.range.is_empty() {
        return Some(format!("{} has no bytes in the frame", node.field.name()));
    }
    node.hidden
        .then(|| "it is an alias of another field".to_string())
}

/// Fields whose bytes may grow or shrink (payloads after every header).
pub fn resizable(field: Field) -> bool {
    matches!(
        field,
        Field::DataData | Field::TcpPayload | Field::UdpPayload | Field::HttpFileData
    )
}

/// The bytes that replace `range` of `frame` for `value` (same length unless resizable).
pub fn encode(
    frame: &[u8],
    field: Field,
    range: Range<usize>,
    value: &Value,
) -> Result<Vec<u8>, CraftError> {
    let old = frame
        .get(range.clone())
        .ok_or_else(|| CraftError::new("the field lies outside the frame"))?;
    let b = bits(field).map_err(|why| CraftError::new(format!("{}: {why}", field.name())))?;
    let fixed = |bytes: Vec<u8>| {
        if bytes.len() == old.len() || resizable(field) {
            Ok(bytes)
        } else {
            Err(CraftError::new(format!(
                "{} must stay {} bytes long (this value has {}); insert or remove bytes in \
                 the hex view",
                field.name(),
                old.len(),
                bytes.len()
            )))
        }
    };
    match value {
        Value::UInt(v) => integer(old, field, b, *v),
        Value::Int(v) => integer(old, field, b, *v as u64),
        Value::Bool(v) => integer(
            old,
            field,
            b,
            (u64::from(*v) * b.mask.max(1)) >> b.mask.trailing_zeros(),
        ),
        Value::Ipv4(a) => fixed(a.octets().to_vec()),
        Value::Ipv6(a) => fixed(a.octets().to_vec()),
        Value::Ether(m) => fixed(m.to_vec()),
        Value::Bytes(bytes) => fixed(bytes.to_vec()),
        Value::Str(s) => fixed(s.as_bytes().to_vec()),
        _ => Err(CraftError::new(format!(
            "{} takes no value of this kind",
            field.name()
        ))),
    }
}

/// `v` written under the field's mask into `old` (big-endian).
fn integer(old: &[u8], field: Field, b: Bits, v: u64) -> Result<Vec<u8>, CraftError> {
    if old.len() > 8 {
        return Err(CraftError::new(format!(
            "{} is {} bytes: too wide for a number",
            field.name(),
            old.len()
        )));
    }
    if !v.is_multiple_of(b.scale) {
        return Err(CraftError::new(format!(
            "{} must be a multiple of {}",
            field.name(),
            b.scale
        )));
    }
    let stored = v / b.scale;
    let width_mask = if old.len() == 8 {
        u64::MAX
    } else {
        (1u64 << (old.len() * 8)) - 1
    };
    let mask = if b.mask == 0 {
        width_mask
    } else {
        b.mask & width_mask
    };
    let shift = mask.trailing_zeros();
    let max = (mask >> shift) * b.scale;
    if stored > mask >> shift {
        return Err(CraftError::new(format!(
            "{v} does not fit in {} (at most {max})",
            field.name()
        )));
    }
    let current = old.iter().fold(0u64, |acc, x| (acc << 8) | u64::from(*x));
    let new = (current & !mask) | ((stored << shift) & mask);
    Ok(new.to_be_bytes()[8 - old.len()..].to_vec())
}

#[cfg(test)]
mod tests {
    use super::encode;
    use crate::dissect::{Field, Value};

    #[test]
    fn masks_keep_the_other_bits_and_scales_apply() {
        // Version 4, IHL 5 → header length 24 bytes keeps the version.
        let ip = [0x45u8];
        assert_eq!(
            encode(&ip, Field::IpHdrLen, 0..1, &Value::UInt(24)).expect("ok"),
            [0x46]
        );
        // VLAN id under 0x0fff keeps the priority bits.
        let tci = [0xa0u8, 0x64];
        assert_eq!(
            encode(&tci, Field::VlanId, 0..2, &Value::UInt(5)).expect("ok"),
            [0xa0, 0x05]
        );
        // A flag sets only its bit.
        let ff = [0x00u8, 0x00];
        assert_eq!(
            encode(&ff, Field::IpFlagsDf, 0..2, &Value::Bool(true)).expect("ok"),
            [0x40, 0x00]
        );
        assert!(encode(&[0u8], Field::IpTtl, 0..1, &Value::UInt(256)).is_err());
        assert!(
            encode(
                &[0u8; 4],
                Field::IpSrc,
                0..4,
                &Value::Bytes(vec![1, 2].into())
            )
            .is_err()
        );
        assert!(encode(&[0u8; 4], Field::TcpSeq, 0..4, &Value::UInt(1)).is_err());
    }
}
