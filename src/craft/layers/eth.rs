//! Ethernet II: destination, source, EtherType (from the next layer), then the payload and
//! any padding or trailer given (frames are not padded to 60 bytes unless asked, as scapy).
//! An IEEE 802.3 frame gives `len` instead of `type`.

use super::{Ctx, Layer, Settable, be, derived, plain};
use crate::dissect::Field;

/// Fields, in wire order.
pub const FIELDS: &[Settable] = &[
    plain(Field::EthDst),
    plain(Field::EthSrc),
    derived(Field::EthType),
    derived(Field::EthLen),
    plain(Field::EthPadding),
    plain(Field::EthTrailer),
];

/// scapy's default destination when nothing is resolved.
const BROADCAST: [u8; 6] = [0xff; 6];
/// EtherType scapy uses when nothing follows (0x9000, Loopback).
const NO_PAYLOAD_TYPE: u64 = 0x9000;

/// Header + payload + padding + trailer.
pub fn encode(layer: &Layer, payload: Vec<u8>, ctx: &Ctx) -> Vec<u8> {
    let next = ctx.next().and_then(super::Proto::ethertype);
    let etype = layer
        .pinned(Field::EthLen)
        .or_else(|| layer.pinned(Field::EthType))
        .unwrap_or_else(|| next.map_or(NO_PAYLOAD_TYPE, u64::from));
    let mut out = Vec::with_capacity(14 + payload.len());
    out.extend_from_slice(&layer.ether(Field::EthDst, BROADCAST));
    out.extend_from_slice(&layer.ether(Field::EthSrc, [0; 6]));
    out.extend_from_slice(&be::<2>(etype));
    out.extend_from_slice(&payload);
    for f in [Field::EthPadding, Field::EthTrailer] {
        out.extend_from_slice(&layer.bytes(f).unwrap_or_default());
    }
    out
}
