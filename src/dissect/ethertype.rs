//! Dispatch on an EtherType to the next dissector.

use super::{Dissector, arp, data, eapol, erspan, ipv4, ipv6, mpls, pppoe, vlan};

/// Dissects the payload at `offset` as `etype`; returns where the payload's own length says it
/// ends (so the caller can mark a trailer), when known.
pub fn dispatch(d: &mut Dissector, etype: u16, offset: usize) -> Option<usize> {
    d.tree.protocols.push("ethertype");
    dispatch_table(d, etype, offset)
}

/// Like [`dispatch`] but without the `ethertype` pseudo-layer (GRE-style protocol tables).
pub fn dispatch_table(d: &mut Dissector, etype: u16, offset: usize) -> Option<usize> {
    if let Some(id) = super::custom::lookup(super::custom::Table::EtherType, u32::from(etype)) {
        return super::custom::dissect(d, id, offset, d.frame.len());
    }
    // The dissectors of these types clear Info first (Wireshark's col_clear), so a header cut
    // short shows only the malformed tag; unknown types leave Ethernet's "Ethernet II".
    if matches!(
        etype,
        0x0800 | 0x86dd | 0x0806 | 0x8035 | 0x8100 | 0x88a8 | 0x9100 | 0x888e | 0x88c7
    ) {
        d.set_info(String::new);
    }
    match etype {
        0x0800 => ipv4::dissect(d, offset),
        // Wireshark's IPv6 dissector rejects a wrong version; the bytes become data.
        0x86dd if d.frame.u8(offset).is_ok_and(|b| b >> 4 != 6) => {
            let version = d.frame.u8(offset).map_or(0, |b| b >> 4);
            d.tree.add_hidden(
                super::field::Field::IpVersion,
                offset..offset + 1,
                super::value::Value::UInt(u64::from(version)),
            );
            data::dissect(d, offset);
            None
        }
        0x86dd => ipv6::dissect(d, offset),
        0x0806 => arp::dissect(d, offset),
        // RARP frames are ARP packets; the opcode names the Protocol column.
        0x8035 => arp::dissect(d, offset),
        0x8100 | 0x88a8 | 0x9100 => vlan::dissect(d, offset),
        0x8847 | 0x8848 => mpls::dissect(d, offset),
        // EAPOL, and RSN pre-authentication (the same frames between access points).
        0x888e | 0x88c7 => eapol::dissect(d, offset),
        // What GRE carries besides the EtherTypes above (Wireshark's `gre.proto` table).
        erspan::TYPE_II | erspan::TYPE_III | 0x6558 | 0x880b if after_gre(d) => {
            match etype {
                0x6558 => super::ethernet::dissect(d, offset),
                0x880b => super::ppp::dissect_link(d, offset),
                _ => return erspan::dissect(d, etype, offset),
            }
            None
        }
        0x8863 => pppoe::dissect_discovery(d, offset),
        0x8864 => pppoe::dissect_session(d, offset),
        _ => {
            d.set_protocol(&format!("0x{etype:04x}"));
            data::dissect(d, offset);
            None
        }
    }
}

/// True when the layer before is GRE (whose protocol types add a few to the EtherTypes).
fn after_gre(d: &Dissector) -> bool {
    d.tree.protocols.last() == Some(&"gre")
}
