//! UDP (RFC 768): length and checksum (over the pseudo-header; a computed 0 is sent as
//! 0xffff) are derived unless given.

use super::{Ctx, Layer, Settable, be, derived, plain};
use crate::dissect::Field;
use crate::dissect::checksum::transport_checksum;

/// Fields, in wire order.
pub const FIELDS: &[Settable] = &[
    plain(Field::UdpSrcPort),
    plain(Field::UdpDstPort),
    derived(Field::UdpLength),
    derived(Field::UdpChecksum),
];

/// scapy's default ports (DNS).
const DEFAULT_PORT: u64 = 53;

/// Header + payload.
pub fn encode(layer: &Layer, payload: Vec<u8>, ctx: &Ctx) -> Vec<u8> {
    let len = layer
        .pinned(Field::UdpLength)
        .unwrap_or((8 + payload.len()) as u64 & 0xffff);
    let mut out = Vec::with_capacity(8 + payload.len());
    out.extend_from_slice(&be::<2>(layer.uint(Field::UdpSrcPort, DEFAULT_PORT)));
    let to = ctx
        .next()
        .and_then(super::Proto::udp_port)
        .map_or(DEFAULT_PORT, u64::from);
    out.extend_from_slice(&be::<2>(layer.uint(Field::UdpDstPort, to)));
    out.extend_from_slice(&be::<2>(len));
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(&payload);
    let sum = match (layer.pinned(Field::UdpChecksum), ctx.net()) {
        (Some(v), _) => v as u16,
        (None, Some((src, dst))) => match transport_checksum(src, dst, 17, &out) {
            0 => 0xffff,
            s => s,
        },
        (None, None) => 0,
    };
    if let Some(slot) = out.get_mut(6..8) {
        slot.copy_from_slice(&sum.to_be_bytes());
    }
    out
}
