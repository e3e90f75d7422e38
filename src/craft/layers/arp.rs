//! ARP (RFC 826) for Ethernet and IPv4: the sizes follow the addresses unless given.

use super::{Layer, Settable, be, derived, plain};
use crate::dissect::Field;
use std::net::Ipv4Addr;

/// Fields, in wire order.
pub const FIELDS: &[Settable] = &[
    plain(Field::ArpHwType),
    plain(Field::ArpProtoType),
    derived(Field::ArpHwSize),
    derived(Field::ArpProtoSize),
    plain(Field::ArpOpcode),
    plain(Field::ArpSrcHwMac),
    plain(Field::ArpSrcProtoIpv4),
    plain(Field::ArpDstHwMac),
    plain(Field::ArpDstProtoIpv4),
];

/// The 28-byte body + anything carried after it.
pub fn encode(layer: &Layer, payload: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(28 + payload.len());
    out.extend_from_slice(&be::<2>(layer.uint(Field::ArpHwType, 1)));
    out.extend_from_slice(&be::<2>(layer.uint(Field::ArpProtoType, 0x0800)));
    out.push(layer.uint(Field::ArpHwSize, 6) as u8);
    out.push(layer.uint(Field::ArpProtoSize, 4) as u8);
    out.extend_from_slice(&be::<2>(layer.uint(Field::ArpOpcode, 1)));
    out.extend_from_slice(&layer.ether(Field::ArpSrcHwMac, [0; 6]));
    out.extend_from_slice(
        &layer
            .ipv4(Field::ArpSrcProtoIpv4, Ipv4Addr::UNSPECIFIED)
            .octets(),
    );
    out.extend_from_slice(&layer.ether(Field::ArpDstHwMac, [0; 6]));
    out.extend_from_slice(
        &layer
            .ipv4(Field::ArpDstProtoIpv4, Ipv4Addr::UNSPECIFIED)
            .octets(),
    );
    out.extend_from_slice(&payload);
    out
}
