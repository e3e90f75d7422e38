//! IEEE 802.1Q / 802.1ad VLAN tags (QinQ nests by recursion through the EtherType dispatch).

use super::field::Field;
use super::value::Value;
use super::{Dissector, ethernet, ethertype};

const TAG_LEN: usize = 4;

/// Dissects one VLAN tag at `offset`; returns the end of the network payload when known.
pub fn dissect(d: &mut Dissector, offset: usize) -> Option<usize> {
    let (tci, etype) = match (d.frame.be_u16(offset), d.frame.be_u16(offset + 2)) {
        (Ok(tci), Ok(t)) => (tci, t),
        (Err(e), _) | (_, Err(e)) => {
            d.tree.open_protocol(Field::Vlan, offset..d.frame.len());
            d.tree.close();
            d.short("vlan", e);
            return None;
        }
    };
    let (prio, dei, id) = (tci >> 13, tci & 0x1000 != 0, tci & 0x0fff);
    let t = &mut d.tree;
    let node = t.open_protocol(Field::Vlan, offset..offset + TAG_LEN);
    t.label(node, || {
        format!(
            "802.1Q Virtual LAN, PRI: {prio}, DEI: {}, ID: {id}",
            u8::from(dei)
        )
    });
    t.add(
        Field::VlanPriority,
        offset..offset + 2,
        Value::UInt(u64::from(prio)),
    );
    t.add(Field::VlanDei, offset..offset + 2, Value::Bool(dei));
    t.add(
        Field::VlanId,
        offset..offset + 2,
        Value::UInt(u64::from(id)),
    );
    let payload = offset + TAG_LEN;
    if etype <= 1500 {
        t.add(
            Field::VlanLen,
            offset + 2..payload,
            Value::UInt(u64::from(etype)),
        );
        d.tree.close();
        let end = (payload + usize::from(etype)).min(d.frame.len());
        ethernet::llc(d, payload, end);
        return None;
    }
    t.add(
        Field::VlanEtype,
        offset + 2..payload,
        Value::UInt(u64::from(etype)),
    );
    d.tree.close();
    ethertype::dispatch(d, etype, payload)
}
