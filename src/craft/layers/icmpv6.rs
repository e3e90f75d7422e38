//! ICMPv6 (RFC 4443): type, code, checksum over the IPv6 pseudo-header (derived), and the
//! echo identifier and sequence number.

use super::{Ctx, Layer, Settable, be, derived, plain};
use crate::dissect::Field;
use crate::dissect::checksum::transport_checksum;

/// Fields, in wire order.
pub const FIELDS: &[Settable] = &[
    plain(Field::Icmpv6Type),
    plain(Field::Icmpv6Code),
    derived(Field::Icmpv6Checksum),
    plain(Field::Icmpv6EchoIdentifier),
    plain(Field::Icmpv6EchoSequenceNumber),
];

/// Echo request, scapy's `ICMPv6EchoRequest`.
const ECHO_REQUEST: u64 = 128;

/// Header + payload.
pub fn encode(layer: &Layer, payload: Vec<u8>, ctx: &Ctx) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + payload.len());
    out.push(layer.uint(Field::Icmpv6Type, ECHO_REQUEST) as u8);
    out.push(layer.uint(Field::Icmpv6Code, 0) as u8);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&be::<2>(layer.uint(Field::Icmpv6EchoIdentifier, 0)));
    out.extend_from_slice(&be::<2>(layer.uint(Field::Icmpv6EchoSequenceNumber, 0)));
    out.extend_from_slice(&payload);
    let sum = match (layer.pinned(Field::Icmpv6Checksum), ctx.net()) {
        (Some(v), _) => v as u16,
        (None, Some((src, dst))) => transport_checksum(src, dst, 58, &out),
        (None, None) => 0,
    };
    if let Some(slot) = out.get_mut(2..4) {
        slot.copy_from_slice(&sum.to_be_bytes());
    }
    out
}
