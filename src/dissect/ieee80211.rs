//! IEEE 802.11 MAC header: frame control, addresses by DS bits, sequence; data frames
//! continue into LLC/SNAP.

use super::field::Field;
use super::reader::Short;
use super::value::Value;
use super::{Dissector, Endpoint, data, ethernet};

const FCS_LEN: usize = 4;

/// Dissects an 802.11 frame at `o`; `has_fcs` strips the trailing 4-byte FCS.
pub fn dissect(d: &mut Dissector, o: usize, has_fcs: bool) {
    let end = if has_fcs {
        d.frame.len().saturating_sub(FCS_LEN)
    } else {
        d.frame.len()
    };
    let node = d.tree.open_protocol(Field::Wlan, o..end);
    d.set_protocol("802.11");
    let depth = d.tree.depth();
    let r = header(d, o);
    d.tree.set_depth(depth);
    d.tree.close();
    let (ftype, subtype, hdr_len, protected) = match r {
        Ok(v) => v,
        Err(e) => return d.short("wlan", e),
    };
    d.tree.set_end(node, o + hdr_len);
    d.tree.label(node, || {
        format!("IEEE 802.11 frame, type {ftype} subtype {subtype}")
    });
    let body = o + hdr_len;
    let info = summary(d, o, (ftype, subtype), has_fcs, body..end);
    d.set_info(|| info);
    if ftype == 2 && subtype & 0x4 == 0 && !protected && body < end {
        ethernet::llc(d, body, end);
    } else if ftype == 0 && !protected && body < end {
        // A management frame's body is Wireshark's "wlan.mgt" tree, not a layer of its own.
        let n = d.tree.open(Field::WlanMgt, body..end, Value::None);
        d.tree.label(n, || "IEEE 802.11 Wireless Management".into());
        d.tree.close();
    } else if body < end {
        data::dissect_range(d, body, end);
    }
}

fn frame_name(ftype: u8, subtype: u8) -> &'static str {
    match (ftype, subtype) {
        (0, 0) => "Association Request",
        (0, 1) => "Association Response",
        (0, 4) => "Probe Request",
        (0, 5) => "Probe Response",
        (0, 8) => "Beacon frame",
        (0, 10) => "Disassociate",
        (0, 11) => "Authentication",
        (0, 12) => "Deauthentication",
        (0, 13) => "Action",
        (1, 11) => "Request-to-send",
        (1, 12) => "Clear-to-send",
        (1, 13) => "Acknowledgement",
        (2, 0) => "Data",
        (2, 4) => "Null function (No data)",
        (2, 8) => "QoS Data",
        (2, 12) => "QoS Null function (No data)",
        (0, _) => "Management frame",
        (1, _) => "Control frame",
        _ => "Data frame",
    }
}

/// Adds the MAC header; returns (type, subtype, header length, protected).
/// tshark's Info: the frame's name, its sequence and fragment numbers, its flags as
/// `opmPRMFT` letters (and `C` when the frame carries its FCS), and for beacons, probes and
/// association requests the beacon interval and the SSID.
fn summary(
    d: &Dissector,
    o: usize,
    (ftype, subtype): (u8, u8),
    has_fcs: bool,
    body: std::ops::Range<usize>,
) -> String {
    let f = d.frame;
    let mut info = frame_name(ftype, subtype).to_string();
    let flags = f.u8(o + 1).unwrap_or(0);
    if ftype != 1
        && let Ok(seq) = f.le_u16(o + 22)
    {
        info.push_str(&format!(", SN={}, FN={}", seq >> 4, seq & 0xf));
    }
    let letters: String = "opmPRMFT"
        .chars()
        .enumerate()
        .map(|(i, c)| if flags & (0x80 >> i) != 0 { c } else { '.' })
        .collect();
    info.push_str(&format!(
        ", Flags={letters}{}",
        if has_fcs { "C" } else { "" }
    ));
    if ftype != 0 || flags & 0x40 != 0 {
        return info;
    }
    // Where the tagged parameters start: after the fixed ones of each subtype.
    let tags_at = match subtype {
        0 => 4,
        2 => 10,
        4 => 0,
        5 | 8 => {
            if let Ok(bi) = f.le_u16(body.start + 8) {
                info.push_str(&format!(", BI={bi}"));
            }
            12
        }
        _ => return info,
    };
    let mut at = body.start + tags_at;
    while at + 2 <= body.end {
        let (Ok(tag), Ok(len)) = (f.u8(at), f.u8(at + 1)) else {
            break;
        };
        let Ok(value) = f.slice(at + 2, usize::from(len)) else {
            break;
        };
        match tag {
            0 if value.is_empty() => info.push_str(", SSID=Wildcard (Broadcast)"),
            0 => info.push_str(&format!(", SSID=\"{}\"", String::from_utf8_lossy(value))),
            114 if !value.is_empty() => {
                info.push_str(&format!(", MESHID={}", String::from_utf8_lossy(value)));
            }
            _ => {}
        }
        at += 2 + usize::from(len);
    }
    info
}

fn header(d: &mut Dissector, o: usize) -> Result<(u8, u8, usize, bool), Short> {
    let f = d.frame;
    let fc = f.le_u16(o)?;
    let fc_be = fc.swap_bytes();
    let (ftype, subtype) = (((fc >> 2) & 0x3) as u8, ((fc >> 4) & 0xf) as u8);
    let (to_ds, from_ds) = (fc & 0x0100 != 0, fc & 0x0200 != 0);
    let protected = fc & 0x4000 != 0;
    let t = &mut d.tree;
    t.open(Field::WlanFc, o..o + 2, Value::UInt(u64::from(fc_be)));
    t.add(Field::WlanFcType, o..o + 1, Value::UInt(u64::from(ftype)));
    t.add(
        Field::WlanFcSubtype,
        o..o + 1,
        Value::UInt(u64::from(subtype)),
    );
    t.add(Field::WlanFcToDs, o + 1..o + 2, Value::Bool(to_ds));
    t.add(Field::WlanFcFromDs, o + 1..o + 2, Value::Bool(from_ds));
    t.add(Field::WlanFcProtected, o + 1..o + 2, Value::Bool(protected));
    t.close();
    t.add(
        Field::WlanFcTypeSubtype,
        o..o + 1,
        Value::UInt(u64::from(ftype) << 4 | u64::from(subtype)),
    );
    t.add(
        Field::WlanDuration,
        o + 2..o + 4,
        Value::UInt(u64::from(f.le_u16(o + 2)? & 0x7fff)),
    );
    let addr = |i: usize| f.array::<6>(o + 4 + 6 * i);
    let a1 = addr(0)?;
    let mut put = |field: Field, i: usize, mac: [u8; 6]| {
        let r = o + 4 + 6 * i..o + 10 + 6 * i;
        t.add(field, r.clone(), Value::Ether(mac));
        t.add_hidden(Field::WlanAddr, r, Value::Ether(mac));
    };
    put(Field::WlanRa, 0, a1);
    if ftype == 1 {
        // Control frames: ACK and CTS carry only the receiver address.
        let two = !matches!(subtype, 12 | 13);
        let mut len = 10;
        if two {
            let a2 = addr(1)?;
            put(Field::WlanTa, 1, a2);
            len = 16;
            d.set_endpoints(Endpoint::Mac(a2), Endpoint::Mac(a1));
        } else {
            d.set_endpoints(Endpoint::None, Endpoint::Mac(a1));
        }
        return Ok((ftype, subtype, len, protected));
    }
    let (a2, a3) = (addr(1)?, addr(2)?);
    put(Field::WlanTa, 1, a2);
    let seq = f.le_u16(o + 22)?;
    let (da, sa, bssid, mut len) = match (to_ds, from_ds) {
        (false, false) => (a1, a2, Some(a3), 24),
        (true, false) => (a3, a2, Some(a1), 24),
        (false, true) => (a1, a3, Some(a2), 24),
        (true, true) => (a3, addr(3)?, None, 30),
    };
    put(Field::WlanDa, if to_ds { 2 } else { 0 }, da);
    put(
        Field::WlanSa,
        if from_ds && !to_ds {
            2
        } else if to_ds && from_ds {
            3
        } else {
            1
        },
        sa,
    );
    if let Some(b) = bssid {
        let i = match (to_ds, from_ds) {
            (true, false) => 0,
            (false, true) => 1,
            _ => 2,
        };
        put(Field::WlanBssid, i, b);
    }
    t.add(
        Field::WlanFrag,
        o + 22..o + 24,
        Value::UInt(u64::from(seq & 0xf)),
    );
    t.add(
        Field::WlanSeq,
        o + 22..o + 24,
        Value::UInt(u64::from(seq >> 4)),
    );
    if ftype == 2 && subtype & 0x8 != 0 {
        // QoS Control, then the HT Control field when the +HTC/Order bit is set.
        len += 2;
        if fc & 0x8000 != 0 {
            len += 4;
        }
    }
    d.set_endpoints(Endpoint::Mac(sa), Endpoint::Mac(da));
    Ok((ftype, subtype, len, protected))
}
