//! NTP (RFC 5905) on UDP 123: the header's flags, stratum, poll and precision, with
//! tshark's Info ("NTP Version 4, client").

use super::Dissector;
use super::field::Field;
use super::reader::Short;
use super::value::Value;

/// Bytes of the fixed header.
const HEADER_LEN: usize = 48;

/// Wireshark's names of the association modes.
fn mode_name(mode: u8) -> &'static str {
    match mode {
        1 => "symmetric active",
        2 => "symmetric passive",
        3 => "client",
        4 => "server",
        5 => "broadcast",
        6 => "control",
        7 => "private",
        _ => "reserved",
    }
}

/// Dissects an NTP message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len());
    let node = d.tree.open_protocol(Field::Ntp, o..end);
    d.tree.label(node, || "Network Time Protocol".into());
    d.set_protocol("NTP");
    let Ok(flags) = d.frame.u8(o) else {
        d.tree.close();
        return d.short(
            "ntp",
            Short {
                needed_end: o + 1,
                have: end,
            },
        );
    };
    let (li, vn, mode) = (flags >> 6, (flags >> 3) & 0x7, flags & 0x7);
    let r = o..o + 1;
    let t = &mut d.tree;
    t.open(Field::NtpFlags, r.clone(), Value::UInt(u64::from(flags)));
    if mode != 7 {
        // Private messages use the two top bits as response / more flags instead.
        t.add(Field::NtpFlagsLi, r.clone(), Value::UInt(u64::from(li)));
    }
    t.add(Field::NtpFlagsVn, r.clone(), Value::UInt(u64::from(vn)));
    t.add(Field::NtpFlagsMode, r, Value::UInt(u64::from(mode)));
    t.close();
    d.set_info(|| format!("NTP Version {vn}, {}", mode_name(mode)));
    // Control (6) and private (7) messages have their own layouts after the first byte.
    if mode < 6 {
        let f = d.frame;
        if let (Ok(stratum), Ok(poll), Ok(precision)) = (f.u8(o + 1), f.u8(o + 2), f.u8(o + 3)) {
            let t = &mut d.tree;
            t.add(
                Field::NtpStratum,
                o + 1..o + 2,
                Value::UInt(u64::from(stratum)),
            );
            t.add(Field::NtpPpoll, o + 2..o + 3, Value::UInt(u64::from(poll)));
            // A signed power of two, which tshark prints as the raw byte.
            t.add(
                Field::NtpPrecision,
                o + 3..o + 4,
                Value::UInt(u64::from(precision)),
            );
        }
        if end < o + HEADER_LEN {
            d.tree.close();
            return d.short(
                "ntp",
                Short {
                    needed_end: o + HEADER_LEN,
                    have: end,
                },
            );
        }
    }
    d.tree.close();
}
