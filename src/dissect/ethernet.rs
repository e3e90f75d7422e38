//! Ethernet II and IEEE 802.3 (+ LLC/SNAP) framing.

use super::field::Field;
use super::value::{Value, format_ether};
use super::{Dissector, Endpoint, data, ethertype};

const DST: usize = 0;
const SRC: usize = 6;
const TYPE: usize = 12;
const HEADER_LEN: usize = 14;
/// Minimum Ethernet frame without FCS; shorter payloads are padded to it.
const MIN_FRAME: usize = 60;

/// Dissects an Ethernet header at `offset`.
pub fn dissect(d: &mut Dissector, offset: usize) {
    let (dst, src, etype) = match (
        d.frame.array::<6>(offset + DST),
        d.frame.array::<6>(offset + SRC),
        d.frame.be_u16(offset + TYPE),
    ) {
        (Ok(dst), Ok(src), Ok(t)) => (dst, src, t),
        (_, _, Err(e)) | (_, Err(e), _) | (Err(e), _, _) => {
            d.set_protocol("Ethernet");
            let len = d.frame.len();
            d.tree.open_protocol(Field::Eth, offset..len);
            d.tree.close();
            d.short("eth", e);
            return;
        }
    };
    let t = &mut d.tree;
    let node = t.open_protocol(Field::Eth, offset..offset + HEADER_LEN);
    t.set_extent(node, d.frame.len());
    t.label(node, || {
        format!(
            "Ethernet II, Src: {}, Dst: {}",
            format_ether(&src),
            format_ether(&dst)
        )
    });
    t.add_aliased(
        Field::EthDst,
        Field::EthAddr,
        offset + DST..offset + SRC,
        Value::Ether(dst),
    );
    t.add_aliased(
        Field::EthSrc,
        Field::EthAddr,
        offset + SRC..offset + TYPE,
        Value::Ether(src),
    );
    let payload = offset + HEADER_LEN;
    if etype <= 1500 {
        t.add(
            Field::EthLen,
            offset + TYPE..payload,
            Value::UInt(u64::from(etype)),
        );
        t.label(node, || {
            format!(
                "IEEE 802.3 Ethernet, Src: {}, Dst: {}",
                format_ether(&src),
                format_ether(&dst)
            )
        });
        d.tree.close();
        d.set_endpoints(Endpoint::Mac(src), Endpoint::Mac(dst));
        let end = (payload + usize::from(etype)).min(d.frame.len());
        llc(d, payload, end);
        return;
    }
    t.add(
        Field::EthType,
        offset + TYPE..payload,
        Value::UInt(u64::from(etype)),
    );
    d.tree.close();
    d.set_protocol("Ethernet");
    // What Info keeps when no dissector of the payload writes one, as in Wireshark.
    d.set_info(|| "Ethernet II".into());
    d.set_endpoints(Endpoint::Mac(src), Endpoint::Mac(dst));
    let end = ethertype::dispatch(d, etype, payload);
    trailer(d, end);
}

/// Marks bytes after the network layer's end as padding/trailer.
fn trailer(d: &mut Dissector, end: Option<usize>) {
    let Some(end) = end else { return };
    let len = d.frame.len();
    if end >= len {
        return;
    }
    let pad_end = MIN_FRAME.clamp(end, len);
    if pad_end > end {
        d.tree.add(Field::EthPadding, end..pad_end, Value::Span);
    }
    if len > pad_end {
        d.tree.add(Field::EthTrailer, pad_end..len, Value::Span);
    }
}

/// IEEE 802.2 LLC, with SNAP carrying an EtherType.
pub fn llc(d: &mut Dissector, offset: usize, end: usize) {
    let (dsap, ssap, control) = match (
        d.frame.u8(offset),
        d.frame.u8(offset + 1),
        d.frame.u8(offset + 2),
    ) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        _ => {
            data::dissect_range(d, offset, end);
            return;
        }
    };
    let t = &mut d.tree;
    let node = t.open_protocol(Field::Llc, offset..(offset + 3).min(end));
    t.label(node, || {
        format!("Logical-Link Control, DSAP 0x{dsap:02x}, SSAP 0x{ssap:02x}")
    });
    t.add(
        Field::LlcDsap,
        offset..offset + 1,
        Value::UInt(u64::from(dsap)),
    );
    t.add(
        Field::LlcSsap,
        offset + 1..offset + 2,
        Value::UInt(u64::from(ssap)),
    );
    t.add(
        Field::LlcControl,
        offset + 2..offset + 3,
        Value::UInt(u64::from(control)),
    );
    d.tree.close();
    d.set_protocol("LLC");
    d.set_info(|| format!("DSAP 0x{dsap:02x} SSAP 0x{ssap:02x}"));
    if dsap == 0x42 && ssap == 0x42 && control == 0x03 {
        super::stp::dissect(d, offset + 3, end);
        return;
    }
    if dsap == 0xaa && ssap == 0xaa && control == 0x03 {
        // Cisco PVST+ BPDUs: SNAP with Cisco's OUI and PID 0x010b.
        if d.frame.range(offset + 3..offset + 8) == Ok(&[0x00, 0x00, 0x0c, 0x01, 0x0b][..]) {
            d.tree.set_end(node, offset + 8);
            super::stp::dissect(d, offset + 8, end);
            return;
        }
        // Cisco's OUI has its own table of protocol IDs (CDP, VTP, DTP …), not EtherTypes.
        if d.frame.range(offset + 3..offset + 6) == Ok(&[0x00, 0x00, 0x0c][..])
            && let Ok(pid) = d.frame.be_u16(offset + 6)
        {
            d.tree.set_end(node, offset + 8);
            match super::custom::lookup(super::custom::Table::CiscoPid, u32::from(pid)) {
                Some(id) => {
                    super::custom::dissect(d, id, offset + 8, end);
                }
                None => data::dissect_range(d, offset + 8, end),
            }
            return;
        }
        // SNAP looks the EtherType up in the table itself: no `ethertype` layer.
        if let Ok(etype) = d.frame.be_u16(offset + 6) {
            d.tree.set_end(node, offset + 8);
            ethertype::dispatch_table(d, etype, offset + 8);
        }
        return;
    }
    data::dissect_range(d, offset + 3, end);
}
