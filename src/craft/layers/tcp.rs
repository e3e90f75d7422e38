//! TCP (RFC 9293): ports, raw sequence and acknowledgment numbers (`seq`/`ack` mean the wire
//! values), flags, window, urgent pointer, options, with header length and checksum derived
//! unless given. Options are written in the order given: `options.mss_val=1460`,
//! `options.sack_perm`, `options.timestamp.tsval=1`, `options.timestamp.tsecr=0`,
//! `options.nop`, `options.wscale.shift=7`, `options.sack_le`/`options.sack_re` pairs, or the
//! whole list as bytes with `options=…`; padded with zeros (end of list) to 32 bits.

use super::{Ctx, Layer, Settable, be, derived, plain};
use crate::craft::CraftError;
use crate::dissect::checksum::transport_checksum;
use crate::dissect::{Field, Value};

/// Fields, in wire order.
pub const FIELDS: &[Settable] = &[
    plain(Field::TcpSrcPort),
    plain(Field::TcpDstPort),
    plain(Field::TcpSeqRaw),
    plain(Field::TcpAckRaw),
    derived(Field::TcpHdrLen),
    plain(Field::TcpFlags),
    plain(Field::TcpFlagsRes),
    plain(Field::TcpFlagsAe),
    plain(Field::TcpFlagsCwr),
    plain(Field::TcpFlagsEce),
    plain(Field::TcpFlagsUrg),
    plain(Field::TcpFlagsAck),
    plain(Field::TcpFlagsPush),
    plain(Field::TcpFlagsReset),
    plain(Field::TcpFlagsSyn),
    plain(Field::TcpFlagsFin),
    plain(Field::TcpWindowSizeValue),
    derived(Field::TcpChecksum),
    plain(Field::TcpUrgentPointer),
    plain(Field::TcpOptions),
    plain(Field::TcpOptionsMssVal),
    plain(Field::TcpOptionsWscaleShift),
    plain(Field::TcpOptionsSackPerm),
    plain(Field::TcpOptionsSackLe),
    plain(Field::TcpOptionsSackRe),
    plain(Field::TcpOptionsTimestampTsval),
    plain(Field::TcpOptionsTimestampTsecr),
    plain(Field::TcpOptionsNop),
    plain(Field::TcpOptionsEol),
];

/// scapy's defaults: FTP-data to HTTP, SYN, window 8192.
const DEFAULT_SRC_PORT: u64 = 20;
const DEFAULT_DST_PORT: u64 = 80;
const DEFAULT_FLAGS: u64 = 0x002;
const DEFAULT_WINDOW: u64 = 8192;

/// The 12-bit flags word: `flags` first, then single flags if given.
fn flags(layer: &Layer) -> u16 {
    let mut word = layer.uint(Field::TcpFlags, DEFAULT_FLAGS) as u16 & 0x0fff;
    for field in [
        Field::TcpFlagsRes,
        Field::TcpFlagsAe,
        Field::TcpFlagsCwr,
        Field::TcpFlagsEce,
        Field::TcpFlagsUrg,
        Field::TcpFlagsAck,
        Field::TcpFlagsPush,
        Field::TcpFlagsReset,
        Field::TcpFlagsSyn,
        Field::TcpFlagsFin,
    ] {
        let bit = field.def().mask as u16;
        match layer.pinned(field) {
            Some(0) => word &= !bit,
            Some(_) => word |= bit,
            None => {}
        }
    }
    word
}

/// The option list in the order given (or `options=…` verbatim), padded to 32 bits.
pub(crate) fn options(layer: &Layer) -> Vec<u8> {
    let mut out = match layer.bytes(Field::TcpOptions) {
        Some(raw) => raw,
        None => option_items(&layer.fields),
    };
    out.resize(out.len().div_ceil(4) * 4, 0);
    out
}

fn option_items(fields: &[(Field, Value)]) -> Vec<u8> {
    let mut out = Vec::new();
    let num = |v: &Value| match v {
        Value::UInt(n) => *n,
        _ => 0,
    };
    let mut sack: Option<usize> = None;
    let mut echo_reply: Option<usize> = None;
    for (field, value) in fields {
        if *field != Field::TcpOptionsSackLe && *field != Field::TcpOptionsSackRe {
            sack = None;
        }
        match *field {
            Field::TcpOptionsEol => out.push(0),
            Field::TcpOptionsNop => out.push(1),
            Field::TcpOptionsMssVal => {
                out.extend_from_slice(&[2, 4]);
                out.extend_from_slice(&be::<2>(num(value)));
            }
            Field::TcpOptionsWscaleShift => out.extend_from_slice(&[3, 3, num(value) as u8]),
            Field::TcpOptionsSackPerm => out.extend_from_slice(&[4, 2]),
            Field::TcpOptionsTimestampTsval => {
                out.extend_from_slice(&[8, 10]);
                out.extend_from_slice(&be::<4>(num(value)));
                echo_reply = Some(out.len());
                out.extend_from_slice(&[0; 4]);
            }
            Field::TcpOptionsTimestampTsecr => {
                // Fills the echo reply of the timestamp option written before it, or starts
                // one with a zero timestamp value.
                let at = *echo_reply.get_or_insert_with(|| {
                    out.extend_from_slice(&[8, 10, 0, 0, 0, 0]);
                    let at = out.len();
                    out.extend_from_slice(&[0; 4]);
                    at
                });
                if let Some(slot) = out.get_mut(at..at + 4) {
                    slot.copy_from_slice(&be::<4>(num(value)));
                }
            }
            Field::TcpOptionsSackLe | Field::TcpOptionsSackRe => {
                let start = *sack.get_or_insert_with(|| {
                    out.extend_from_slice(&[5, 2]);
                    out.len() - 2
                });
                out.extend_from_slice(&be::<4>(num(value)));
                if let Some(len) = out.get_mut(start + 1) {
                    *len = len.saturating_add(4);
                }
            }
            _ => {}
        }
    }
    out
}

/// Header + payload.
pub fn encode(layer: &Layer, payload: Vec<u8>, ctx: &Ctx) -> Result<Vec<u8>, CraftError> {
    let options = options(layer);
    let header_len = 20 + options.len();
    if header_len > 60 {
        return Err(CraftError::new(format!(
            "TCP options of {} bytes do not fit (at most 40)",
            options.len()
        )));
    }
    let offset = layer
        .pinned(Field::TcpHdrLen)
        .map_or(header_len as u64 / 4, |bytes| bytes / 4);
    let mut out = Vec::with_capacity(header_len + payload.len());
    out.extend_from_slice(&be::<2>(layer.uint(Field::TcpSrcPort, DEFAULT_SRC_PORT)));
    out.extend_from_slice(&be::<2>(layer.uint(Field::TcpDstPort, DEFAULT_DST_PORT)));
    out.extend_from_slice(&be::<4>(layer.uint(Field::TcpSeqRaw, 0)));
    out.extend_from_slice(&be::<4>(layer.uint(Field::TcpAckRaw, 0)));
    let word = ((offset as u16 & 0xf) << 12) | flags(layer);
    out.extend_from_slice(&word.to_be_bytes());
    out.extend_from_slice(&be::<2>(
        layer.uint(Field::TcpWindowSizeValue, DEFAULT_WINDOW),
    ));
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&be::<2>(layer.uint(Field::TcpUrgentPointer, 0)));
    out.extend_from_slice(&options);
    out.extend_from_slice(&payload);
    let sum = match (layer.pinned(Field::TcpChecksum), ctx.net()) {
        (Some(v), _) => v as u16,
        (None, Some((src, dst))) => transport_checksum(src, dst, 6, &out),
        (None, None) => 0,
    };
    if let Some(slot) = out.get_mut(16..18) {
        slot.copy_from_slice(&sum.to_be_bytes());
    }
    Ok(out)
}
