//! IEEE 802.1Q: priority, DEI and VLAN id in the tag control word, then the EtherType of the
//! next layer. A second tag (QinQ) also announces itself as 0x8100 unless the layer below
//! pins its type (e.g. `eth(type=0x88a8)`).

use super::{Ctx, Layer, Settable, be, derived, masked, plain};
use crate::dissect::Field;

/// Fields, in wire order.
pub const FIELDS: &[Settable] = &[
    plain(Field::VlanPriority),
    plain(Field::VlanDei),
    plain(Field::VlanId),
    derived(Field::VlanEtype),
    derived(Field::VlanLen),
];

/// scapy's default VLAN id.
const DEFAULT_ID: u64 = 1;

/// Tag + payload.
pub fn encode(layer: &Layer, payload: Vec<u8>, ctx: &Ctx) -> Vec<u8> {
    let tci = masked(layer, Field::VlanPriority, 0)
        | masked(layer, Field::VlanDei, 0)
        | masked(layer, Field::VlanId, DEFAULT_ID);
    let next = ctx.next().and_then(super::Proto::ethertype);
    let etype = layer
        .pinned(Field::VlanLen)
        .or_else(|| layer.pinned(Field::VlanEtype))
        .unwrap_or_else(|| next.map_or(0x9000, u64::from));
    let mut out = Vec::with_capacity(4 + payload.len());
    out.extend_from_slice(&be::<2>(tci));
    out.extend_from_slice(&be::<2>(etype));
    out.extend_from_slice(&payload);
    out
}
