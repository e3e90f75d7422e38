//! IPv4 (RFC 791): header length, total length, protocol and header checksum are derived
//! unless given; options are raw bytes padded with zeros (end of list) to 32 bits.

use super::{Ctx, Layer, Settable, be, derived, masked, plain};
use crate::craft::CraftError;
use crate::dissect::Field;
use crate::dissect::checksum::internet_checksum;
use std::net::{IpAddr, Ipv4Addr};

/// Fields, in wire order.
pub const FIELDS: &[Settable] = &[
    plain(Field::IpVersion),
    derived(Field::IpHdrLen),
    plain(Field::IpDsfield),
    plain(Field::IpDsfieldDscp),
    plain(Field::IpDsfieldEcn),
    derived(Field::IpLen),
    plain(Field::IpId),
    plain(Field::IpFlags),
    plain(Field::IpFlagsRb),
    plain(Field::IpFlagsDf),
    plain(Field::IpFlagsMf),
    plain(Field::IpFragOffset),
    plain(Field::IpTtl),
    derived(Field::IpProto),
    derived(Field::IpChecksum),
    plain(Field::IpSrc),
    plain(Field::IpDst),
    plain(Field::IpOptions),
];

/// scapy's defaults.
const DEFAULT_ID: u64 = 1;
const DEFAULT_TTL: u64 = 64;
const LOCALHOST: Ipv4Addr = Ipv4Addr::LOCALHOST;

/// Source and destination (defaults included).
pub fn addresses(layer: &Layer) -> (IpAddr, IpAddr) {
    (
        IpAddr::V4(layer.ipv4(Field::IpSrc, LOCALHOST)),
        IpAddr::V4(layer.ipv4(Field::IpDst, LOCALHOST)),
    )
}

/// The type-of-service byte: the whole field, then DSCP and ECN if given.
fn tos(layer: &Layer) -> u8 {
    let mut tos = layer.uint(Field::IpDsfield, 0) as u8;
    if let Some(dscp) = layer.pinned(Field::IpDsfieldDscp) {
        tos = (tos & 0x03) | ((dscp as u8) << 2);
    }
    if let Some(ecn) = layer.pinned(Field::IpDsfieldEcn) {
        tos = (tos & 0xfc) | (ecn as u8 & 0x03);
    }
    tos
}

/// Flags and fragment offset: the 3-bit `ip.flags` first, then single flags if given.
fn flags_frag(layer: &Layer) -> u16 {
    let mut word = (layer.uint(Field::IpFlags, 0) as u16 & 0x7) << 13;
    for (field, bit) in [
        (Field::IpFlagsRb, 0x8000),
        (Field::IpFlagsDf, 0x4000),
        (Field::IpFlagsMf, 0x2000),
    ] {
        match layer.pinned(field) {
            Some(0) => word &= !bit,
            Some(_) => word |= bit,
            None => {}
        }
    }
    word | masked(layer, Field::IpFragOffset, 0) as u16
}

/// Header + payload.
pub fn encode(layer: &Layer, payload: Vec<u8>, ctx: &Ctx) -> Result<Vec<u8>, CraftError> {
    let mut options = layer.bytes(Field::IpOptions).unwrap_or_default();
    options.resize(options.len().div_ceil(4) * 4, 0);
    let header_len = 20 + options.len();
    if header_len > 60 {
        return Err(CraftError::new(format!(
            "IPv4 options of {} bytes do not fit (at most 40)",
            options.len()
        )));
    }
    let ihl = layer
        .pinned(Field::IpHdrLen)
        .map_or(header_len as u64 / 4, |bytes| bytes / 4);
    let total = header_len + payload.len();
    let total_len = match layer.pinned(Field::IpLen) {
        Some(v) => v,
        None => u64::try_from(total)
            .ok()
            .filter(|t| *t <= 0xffff)
            .ok_or_else(|| CraftError::new(format!("an IPv4 packet of {total} bytes")))?,
    };
    let next = ctx.next().and_then(super::Proto::ip_proto);
    let proto = layer
        .pinned(Field::IpProto)
        .unwrap_or_else(|| next.map_or(0, u64::from));
    let (src, dst) = (
        layer.ipv4(Field::IpSrc, LOCALHOST),
        layer.ipv4(Field::IpDst, LOCALHOST),
    );
    let mut h = Vec::with_capacity(total);
    h.push(((layer.uint(Field::IpVersion, 4) as u8) << 4) | (ihl as u8 & 0x0f));
    h.push(tos(layer));
    h.extend_from_slice(&be::<2>(total_len));
    h.extend_from_slice(&be::<2>(layer.uint(Field::IpId, DEFAULT_ID)));
    h.extend_from_slice(&flags_frag(layer).to_be_bytes());
    h.push(layer.uint(Field::IpTtl, DEFAULT_TTL) as u8);
    h.push(proto as u8);
    h.extend_from_slice(&[0, 0]);
    h.extend_from_slice(&src.octets());
    h.extend_from_slice(&dst.octets());
    h.extend_from_slice(&options);
    let sum = layer
        .pinned(Field::IpChecksum)
        .map_or_else(|| internet_checksum(&h), |v| v as u16);
    if let Some(slot) = h.get_mut(10..12) {
        slot.copy_from_slice(&sum.to_be_bytes());
    }
    h.extend_from_slice(&payload);
    Ok(h)
}
