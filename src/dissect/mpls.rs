//! MPLS (RFC 3032): the label stack down to the bottom-of-stack entry, then IPv4 or IPv6 by
//! the first nibble of the payload (anything else is data), as Wireshark's default.

use super::field::Field;
use super::reader::Short;
use super::value::Value;
use super::{Dissector, data, ipv4, ipv6};

/// Bytes of one label stack entry.
const ENTRY: usize = 4;

/// Dissects a label stack at `o`; returns where the payload's own length says it ends.
pub fn dissect(d: &mut Dissector, o: usize) -> Option<usize> {
    d.set_protocol("MPLS");
    d.set_info(|| "MPLS Label Switched Packet".into());
    let node = d.tree.open_protocol(Field::Mpls, o..d.frame.len());
    let mut at = o;
    let bottom = loop {
        let Ok(entry) = d.frame.be_u32(at) else {
            d.tree.set_end(node, at);
            d.tree.close();
            d.short(
                "mpls",
                Short {
                    needed_end: at + ENTRY,
                    have: d.frame.len(),
                },
            );
            return None;
        };
        add_entry(d, at, entry);
        at += ENTRY;
        if entry & 0x100 != 0 {
            break at;
        }
    };
    d.tree.set_end(node, bottom);
    d.tree.close();
    match d.frame.u8(bottom).map(|b| b >> 4) {
        Ok(4) => ipv4::dissect(d, bottom),
        Ok(6) => ipv6::dissect(d, bottom),
        Ok(_) => {
            data::dissect(d, bottom);
            None
        }
        Err(e) => {
            // Wireshark reads the payload's first nibble even when nothing follows.
            d.short("mpls", e);
            None
        }
    }
}

fn add_entry(d: &mut Dissector, at: usize, entry: u32) {
    let (label, exp, bottom, ttl) = (
        entry >> 12,
        (entry >> 9) & 7,
        (entry >> 8) & 1,
        entry & 0xff,
    );
    let r = at..at + ENTRY;
    let t = &mut d.tree;
    let n = t.open(Field::MplsEntry, r.clone(), Value::None);
    t.label(n, || {
        format!(
            "MultiProtocol Label Switching Header, Label: {label}, Exp: {exp}, S: {bottom}, TTL: {ttl}"
        )
    });
    let l = t.add(Field::MplsLabel, r.clone(), Value::UInt(u64::from(label)));
    t.label(l, || format!("MPLS Label: {label} (0x{label:05x})"));
    t.add(Field::MplsExp, r.clone(), Value::UInt(u64::from(exp)));
    t.add(Field::MplsBottom, r.clone(), Value::UInt(u64::from(bottom)));
    t.add(Field::MplsTtl, r, Value::UInt(u64::from(ttl)));
    t.close();
}
