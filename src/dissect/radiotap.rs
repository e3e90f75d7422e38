//! Radiotap (the 802.11 capture header): version, length, presence word and the FCS flag.

use super::field::Field;
use super::value::Value;
use super::{Dissector, ieee80211};

/// Presence bit of the TSFT field (8 bytes, 8-aligned).
const TSFT: u32 = 1 << 0;
/// Presence bit of the Flags field (1 byte).
const FLAGS: u32 = 1 << 1;
/// More presence words follow.
const EXT: u32 = 1 << 31;
/// Flags: the frame ends with a 4-byte FCS.
const FLAG_FCS: u8 = 0x10;

/// Dissects the radiotap header, then the 802.11 frame after it.
pub fn dissect(d: &mut Dissector) {
    let f = d.frame;
    let (version, len, present) = match (f.u8(0), f.le_u16(2), f.le_u32(4)) {
        (Ok(v), Ok(l), Ok(p)) => (v, usize::from(l), p),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            d.tree.open_protocol(Field::Radiotap, 0..f.len());
            d.tree.close();
            return d.short("radiotap", e);
        }
    };
    let node = d.tree.open_protocol(Field::Radiotap, 0..len.min(f.len()));
    d.tree
        .label(node, || format!("Radiotap Header v{version}, Length {len}"));
    d.tree.add(
        Field::RadiotapVersion,
        0..1,
        Value::UInt(u64::from(version)),
    );
    d.tree
        .add(Field::RadiotapLength, 2..4, Value::UInt(len as u64));
    d.tree.add(
        Field::RadiotapPresent,
        4..8,
        Value::UInt(u64::from(present)),
    );
    d.tree.close();
    if len < 8 || len > f.len() {
        d.tree.truncated("radiotap", len.max(8), f.len());
        return;
    }
    // Fields start after all presence words.
    let mut fields_at = 8;
    let mut word = present;
    while word & EXT != 0 {
        match f.le_u32(fields_at) {
            Ok(w) => word = w,
            Err(_) => break,
        }
        fields_at += 4;
    }
    let mut at = fields_at;
    if present & TSFT != 0 {
        at = at.next_multiple_of(8) + 8;
    }
    let has_fcs = present & FLAGS != 0 && f.u8(at).is_ok_and(|fl| fl & FLAG_FCS != 0);
    d.tree.protocols.push("wlan_radio");
    ieee80211::dissect(d, len, has_fcs);
}
