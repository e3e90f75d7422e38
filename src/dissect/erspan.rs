//! ERSPAN, Cisco's encapsulated remote SPAN, as GRE carries it: type I (GRE type 0x88be
//! without a sequence number: no header), type II (version, VLAN, CoS, encapsulation,
//! truncation, span ID, index) and type III (GRE type 0x22eb: timestamp, security group tag,
//! frame type, hardware ID, direction, granularity and the optional platform sub-header),
//! then the mirrored Ethernet frame, as Wireshark shows them. GRE (a bundled description)
//! hands the payload over through the EtherType table; its sequence-number flag, which tells
//! type I from type II, is read again from the GRE header's bytes.

use super::field::Field;
use super::reader::Short;
use super::value::Value;
use super::{Dissector, data, ethernet};

/// GRE protocol type of ERSPAN types I and II.
pub const TYPE_II: u16 = 0x88be;
/// GRE protocol type of ERSPAN type III.
pub const TYPE_III: u16 = 0x22eb;
/// GRE's flags: "sequence number present" (type II has a header only with it), and those
/// that add optional fields.
const GRE_SEQUENCE: u16 = 0x1000;
const GRE_CHECKSUM: u16 = 0x8000;
const GRE_ROUTING: u16 = 0x4000;
const GRE_KEY: u16 = 0x2000;
/// Frame type of a mirrored Ethernet frame.
const FT_ETHERNET: u16 = 0;

/// Dissects ERSPAN at `o`, carried in GRE protocol type `proto`; returns where the mirrored
/// frame's own length says it ends, when known.
pub fn dissect(d: &mut Dissector, proto: u16, o: usize) -> Option<usize> {
    let end = d.frame.len();
    d.set_protocol("ERSPAN");
    d.set_info(|| "ERSPAN:".into());
    if proto == TYPE_II && !gre_sequence_flag(d, o) {
        let node = d.tree.open_protocol(Field::Erspan, o..o);
        d.tree.label(node, || {
            "Encapsulated Remote Switch Packet ANalysis Type I".into()
        });
        d.tree.close();
        ethernet::dissect(d, o);
        return None;
    }
    let node = d.tree.open_protocol(Field::Erspan, o..end);
    let result = header(d, node, o);
    d.tree.close();
    match result {
        Ok(Some((payload, FT_ETHERNET))) => ethernet::dissect(d, payload),
        Ok(Some((payload, _))) => data::dissect_range(d, payload, end),
        Ok(None) => {}
        Err(e) => d.short("erspan", e),
    }
    None
}

/// The sequence-number flag of the GRE header that ends at `o`. GRE is a description, so
/// its header is found again from the bytes: the length its flags announce (4 to 16 bytes,
/// without source routes) must end at `o`, with ERSPAN's protocol type before that.
fn gre_sequence_flag(d: &Dissector, o: usize) -> bool {
    for len in [16, 12, 8, 4] {
        let Some(start) = o.checked_sub(len) else {
            continue;
        };
        let (Ok(flags), Ok(proto)) = (d.frame.be_u16(start), d.frame.be_u16(start + 2)) else {
            continue;
        };
        let optional = [GRE_CHECKSUM | GRE_ROUTING, GRE_KEY, GRE_SEQUENCE];
        let announced = 4 + 4 * optional.iter().filter(|m| flags & **m != 0).count();
        if proto == TYPE_II && flags & GRE_ROUTING == 0 && announced == len {
            return flags & GRE_SEQUENCE != 0;
        }
    }
    false
}

fn version_name(version: u16) -> &'static str {
    match version {
        1 => "Type II",
        2 => "Type III",
        _ => "Unknown",
    }
}

/// The header; returns where the mirrored frame starts and its frame type (None for an
/// unknown version, whose rest Wireshark leaves alone).
fn header(d: &mut Dissector, node: usize, o: usize) -> Result<Option<(usize, u16)>, Short> {
    let first = d.frame.be_u16(o)?;
    let version = first >> 12;
    d.tree.label(node, || {
        format!(
            "Encapsulated Remote Switch Packet ANalysis {}",
            version_name(version)
        )
    });
    bits(
        d,
        Field::ErspanVersion,
        o,
        first,
        Some(version_name(version)),
    );
    match version {
        1 => type_ii(d, o, first).map(|at| Some((at, FT_ETHERNET))),
        2 => type_iii(d, o, first).map(Some),
        _ => Ok(None),
    }
}

fn type_ii(d: &mut Dissector, o: usize, first: u16) -> Result<usize, Short> {
    bits(d, Field::ErspanVlan, o, first, None);
    let second = d.frame.be_u16(o + 2)?;
    bits(d, Field::ErspanCos, o + 2, second, None);
    let encap = match (second >> 11) & 3 {
        0 => "Originally without VLAN tag",
        1 => "Originally ISL encapsulated",
        2 => "Originally 802.1Q encapsulated",
        _ => "VLAN tag preserved in frame",
    };
    bits(d, Field::ErspanEncap, o + 2, second, Some(encap));
    truncated_and_span(d, o + 2, second);
    let word = d.frame.be_u32(o + 4)?;
    bits32(d, Field::ErspanReserved, o + 4, word);
    bits32(d, Field::ErspanIndex, o + 4, word);
    Ok(o + 8)
}

fn truncated_and_span(d: &mut Dissector, at: usize, word: u16) {
    let truncated = if word & 0x0400 != 0 {
        "Truncated"
    } else {
        "Not truncated"
    };
    bits(d, Field::ErspanTruncated, at, word, Some(truncated));
    bits(d, Field::ErspanSpanid, at, word, None);
}

/// Type III; returns where the frame starts and its frame type.
fn type_iii(d: &mut Dissector, o: usize, first: u16) -> Result<(usize, u16), Short> {
    bits(d, Field::ErspanVlan, o, first, None);
    let second = d.frame.be_u16(o + 2)?;
    bits(d, Field::ErspanCos, o + 2, second, None);
    let bso = match (second >> 11) & 3 {
        0 => "Good or unknown integrity",
        1 => "Short frame",
        2 => "Oversized frame",
        _ => "Bad frame (CRC or alignment error)",
    };
    bits(d, Field::ErspanBso, o + 2, second, Some(bso));
    truncated_and_span(d, o + 2, second);
    let timestamp = d.frame.be_u32(o + 4)?;
    bits32(d, Field::ErspanTimestamp, o + 4, timestamp);
    let sgt = d.frame.be_u16(o + 8)?;
    bits(d, Field::ErspanSgt, o + 8, sgt, None);
    let word = d.frame.be_u16(o + 10)?;
    let at = o + 10;
    bits(d, Field::ErspanP, at, word, None);
    let frame_type = (word >> 10) & 0x1f;
    let ft_name = match frame_type {
        0 => "Ethernet",
        2 => "IP",
        _ => "Unknown",
    };
    bits(d, Field::ErspanFt, at, word, Some(ft_name));
    bits(d, Field::ErspanHw, at, word, None);
    let direction = ["Ingress", "Egress"];
    d.tree.add_flag(
        Field::ErspanDirection,
        at..at + 2,
        (16, u64::from(word)),
        direction,
    );
    let granularity = match (word >> 1) & 3 {
        0 => "100 microseconds",
        1 => "100 nanoseconds",
        2 => "IEEE 1588",
        _ => "Custom granularity",
    };
    bits(d, Field::ErspanGra, at, word, Some(granularity));
    bits(d, Field::ErspanO, at, word, None);
    let mut next = o + 12;
    if word & 1 != 0 {
        next = platform(d, next)?;
    }
    Ok((next, frame_type))
}

/// The 8-byte platform-specific sub-header at `at`; returns the offset after it.
fn platform(d: &mut Dissector, at: usize) -> Result<usize, Short> {
    let word = d.frame.be_u32(at)?;
    bits32(d, Field::ErspanPlatid, at, word);
    let fields: &[Field] = match word >> 26 {
        1 => &[Field::ErspanPid1Rsvd1, Field::ErspanPid1Vsmid],
        3 => &[Field::ErspanPid3Rsvd1, Field::ErspanPid3PortIndex],
        4 => &[Field::ErspanPid4Rsvd1, Field::ErspanPid4Rsvd2],
        5 | 6 => &[Field::ErspanPid5Switchid, Field::ErspanPid5PortIndex],
        7 | 0 => &[Field::ErspanPid7Rsvd1, Field::ErspanPid7SourceIndex],
        _ => {
            let all = d.frame.array::<8>(at)?;
            let value = u64::from_be_bytes(all) & Field::ErspanPidRsvd.def().mask;
            d.tree
                .add(Field::ErspanPidRsvd, at..at + 8, Value::UInt(value));
            return Ok(at + 8);
        }
    };
    for field in fields {
        bits32(d, *field, at, word);
    }
    let second = d.frame.be_u32(at + 4)?;
    let last = match word >> 26 {
        1 => Field::ErspanPid1PortIndex,
        3 => Field::ErspanPid3Timestamp,
        4 => Field::ErspanPid4Rsvd3,
        5 | 6 => Field::ErspanPid5Timestamp,
        _ => Field::ErspanPid7Timestamp,
    };
    bits32(d, last, at + 4, second);
    Ok(at + 8)
}

/// A field under its mask in a 16-bit word at `at`, labelled with its bits (and a name).
fn bits(d: &mut Dissector, field: Field, at: usize, word: u16, name: Option<&str>) {
    d.tree
        .add_masked(field, at..at + 2, (16, u64::from(word)), name);
}

/// A field under its mask in a 32-bit word at `at`.
fn bits32(d: &mut Dissector, field: Field, at: usize, word: u32) {
    d.tree
        .add_masked(field, at..at + 4, (32, u64::from(word)), None);
}
