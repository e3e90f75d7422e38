//! ICMP (RFC 792): type, code, checksum (derived), and the second header word as identifier
//! and sequence number (echo) or the next-hop MTU (fragmentation needed).

use super::{Layer, Settable, be, derived, plain};
use crate::dissect::Field;
use crate::dissect::checksum::internet_checksum;

/// Fields, in wire order.
pub const FIELDS: &[Settable] = &[
    plain(Field::IcmpType),
    plain(Field::IcmpCode),
    derived(Field::IcmpChecksum),
    plain(Field::IcmpIdent),
    plain(Field::IcmpSeq),
    plain(Field::IcmpMtu),
];

/// Echo request, scapy's default.
const ECHO_REQUEST: u64 = 8;

/// Header + payload.
pub fn encode(layer: &Layer, payload: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + payload.len());
    out.push(layer.uint(Field::IcmpType, ECHO_REQUEST) as u8);
    out.push(layer.uint(Field::IcmpCode, 0) as u8);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&be::<2>(layer.uint(Field::IcmpIdent, 0)));
    let second = match layer.pinned(Field::IcmpMtu) {
        Some(mtu) => mtu,
        None => layer.uint(Field::IcmpSeq, 0),
    };
    out.extend_from_slice(&be::<2>(second));
    out.extend_from_slice(&payload);
    let sum = layer
        .pinned(Field::IcmpChecksum)
        .map_or_else(|| internet_checksum(&out), |v| v as u16);
    if let Some(slot) = out.get_mut(2..4) {
        slot.copy_from_slice(&sum.to_be_bytes());
    }
    out
}
