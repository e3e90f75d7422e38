//! IPv6 (RFC 8200) without extension headers (carry them as `data` after pinning `nxt`):
//! payload length and next header are derived unless given.

use super::{Ctx, Layer, Settable, be, derived, plain};
use crate::craft::CraftError;
use crate::dissect::Field;
use std::net::{IpAddr, Ipv6Addr};

/// Fields, in wire order.
pub const FIELDS: &[Settable] = &[
    plain(Field::Ipv6Version),
    plain(Field::Ipv6Tclass),
    plain(Field::Ipv6Flow),
    derived(Field::Ipv6Plen),
    derived(Field::Ipv6Nxt),
    plain(Field::Ipv6Hlim),
    plain(Field::Ipv6Src),
    plain(Field::Ipv6Dst),
];

/// "No next header" (RFC 8200 §4.7), scapy's default when nothing follows.
const NO_NEXT_HEADER: u64 = 59;

/// Source and destination (defaults included).
pub fn addresses(layer: &Layer) -> (IpAddr, IpAddr) {
    (
        IpAddr::V6(layer.ipv6(Field::Ipv6Src, Ipv6Addr::LOCALHOST)),
        IpAddr::V6(layer.ipv6(Field::Ipv6Dst, Ipv6Addr::LOCALHOST)),
    )
}

/// Header + payload.
pub fn encode(layer: &Layer, payload: Vec<u8>, ctx: &Ctx) -> Result<Vec<u8>, CraftError> {
    let plen = match layer.pinned(Field::Ipv6Plen) {
        Some(v) => v,
        None => u64::try_from(payload.len())
            .ok()
            .filter(|n| *n <= 0xffff)
            .ok_or_else(|| CraftError::new("an IPv6 payload over 65535 bytes (no jumbograms)"))?,
    };
    let next = ctx.next().and_then(super::Proto::ip_proto);
    let nxt = layer
        .pinned(Field::Ipv6Nxt)
        .unwrap_or_else(|| next.map_or(NO_NEXT_HEADER, u64::from));
    let word = (layer.uint(Field::Ipv6Version, 6) & 0xf) << 28
        | (layer.uint(Field::Ipv6Tclass, 0) & 0xff) << 20
        | (layer.uint(Field::Ipv6Flow, 0) & 0xf_ffff);
    let (src, dst) = addresses(layer);
    let mut out = Vec::with_capacity(40 + payload.len());
    out.extend_from_slice(&be::<4>(word));
    out.extend_from_slice(&be::<2>(plen));
    out.push(nxt as u8);
    out.push(layer.uint(Field::Ipv6Hlim, 64) as u8);
    for a in [src, dst] {
        if let IpAddr::V6(v) = a {
            out.extend_from_slice(&v.octets());
        }
    }
    out.extend_from_slice(&payload);
    Ok(out)
}
