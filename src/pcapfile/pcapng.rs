//! pcapng blocks (draft-ietf-opsawg-pcapng): SHB, IDB, EPB, SPB, OPB; others are skipped.

use super::MAX_PACKET_BYTES;
use super::reader::{Interface, ParseState, RawPacket, Step, units_to_ns};
use crate::dissect::LinkType;
use crate::dissect::reader::Bytes;
use pcap_parser::pcapng::{Block, parse_block_be, parse_block_le};
use pcap_parser::traits::PcapNGPacketBlock;

const SHB: u32 = 0x0a0d_0d0a;
const OPB: u32 = 0x0000_0002;
const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;
/// Blocks larger than this are treated as corrupt (Wireshark uses 16 MiB as well).
const MAX_BLOCK: usize = 16 * 1024 * 1024;

/// Parses the block at the start of `rest`.
pub(super) fn step(rest: &[u8], state: &mut ParseState) -> Step {
    let b = Bytes::new(rest);
    let Ok(raw_type) = b.le_u32(0) else {
        return Step::Need { total: 12 };
    };
    if raw_type == SHB {
        let Ok(bom) = b.le_u32(8) else {
            return Step::Need { total: 12 };
        };
        state.big_endian = match bom {
            BYTE_ORDER_MAGIC => false,
            m if m.swap_bytes() == BYTE_ORDER_MAGIC => true,
            m => return Step::Bad(format!("section header has byte-order magic 0x{m:08x}")),
        };
    }
    let be = state.big_endian;
    let read32 = |at: usize| if be { b.be_u32(at) } else { b.le_u32(at) };
    let Ok(block_type) = read32(0) else {
        return Step::Need { total: 8 };
    };
    let Ok(block_len) = read32(4) else {
        return Step::Need { total: 8 };
    };
    let len = block_len as usize;
    if len < 12 || !len.is_multiple_of(4) || len > MAX_BLOCK {
        return Step::Bad(format!(
            "block of type 0x{block_type:08x} has invalid length {block_len}"
        ));
    }
    let Some(block) = rest.get(..len) else {
        return Step::Need { total: len };
    };
    if block_type == SHB {
        state.section_base = state.interfaces.len();
        return Step::Skip { consumed: len };
    }
    if block_type == OPB {
        return obsolete_packet(block, be, state);
    }
    let parsed = if be {
        parse_block_be(block)
    } else {
        parse_block_le(block)
    };
    let parsed = match parsed {
        Ok((_, blk)) => blk,
        Err(e) => {
            return Step::Bad(format!(
                "block of type 0x{block_type:08x} does not parse ({e:?})"
            ));
        }
    };
    match parsed {
        Block::InterfaceDescription(idb) => {
            let name = idb.if_name().and_then(Result::ok).map(str::to_string);
            state.interfaces.push(Interface {
                link: LinkType(u32::from(idb.linktype.0 as u16)),
                snaplen: idb.snaplen,
                ts_units_per_sec: idb.ts_resolution().unwrap_or(1_000_000),
                ts_offset_s: idb.ts_offset(),
                name,
            });
            Step::Skip { consumed: len }
        }
        Block::EnhancedPacket(epb) => {
            let data = epb.packet_data();
            let data_start = data.as_ptr() as usize - block.as_ptr() as usize;
            packet(
                state,
                epb.if_id,
                Some(u64::from(epb.ts_high) << 32 | u64::from(epb.ts_low)),
                data.len(),
                epb.origlen,
                data_start,
                len,
            )
        }
        Block::SimplePacket(spb) => {
            let data = spb.packet_data();
            let data_start = data.as_ptr() as usize - block.as_ptr() as usize;
            let snap = state
                .interfaces
                .get(state.section_base)
                .map_or(
                    u32::MAX,
                    |i| if i.snaplen == 0 { u32::MAX } else { i.snaplen },
                );
            let cap = data.len().min(spb.origlen as usize).min(snap as usize);
            // A Simple Packet Block has no time stamp: shown without one, as tshark does.
            packet(state, 0, None, cap, spb.origlen, data_start, len)
        }
        _ => Step::Skip { consumed: len },
    }
}

/// Builds a packet step after checking the interface and length; `units` is the time stamp
/// in the interface's units, if the block has one.
fn packet(
    state: &ParseState,
    if_id: u32,
    units: Option<u64>,
    cap: usize,
    orig_len: u32,
    data_start: usize,
    consumed: usize,
) -> Step {
    let index = state.section_base + if_id as usize;
    let Some(iface) = state.interfaces.get(index) else {
        let declared = state.interfaces.len() - state.section_base;
        return Step::Bad(format!(
            "packet refers to interface {if_id}, but the section declares {declared}"
        ));
    };
    let Ok(cap_len) = u32::try_from(cap) else {
        return Step::Bad("packet too large".into());
    };
    if cap_len > MAX_PACKET_BYTES.max(super::pcap_legacy::max_packet_bytes(iface.link)) {
        return Step::Bad(format!(
            "packet claims {cap_len} bytes, more than the maximum of {MAX_PACKET_BYTES}"
        ));
    }
    let ts_ns = units.map_or(0, |u| {
        units_to_ns(u, iface.ts_units_per_sec, iface.ts_offset_s)
    });
    let interface = u32::try_from(index).unwrap_or(u32::MAX);
    Step::Packet {
        consumed,
        data_start,
        packet: RawPacket {
            ts_ns,
            timestamped: units.is_some(),
            offset: 0,
            cap_len,
            orig_len,
            interface,
        },
    }
}

/// The Obsolete Packet Block (type 2), still written by old tools.
fn obsolete_packet(block: &[u8], be: bool, state: &ParseState) -> Step {
    let b = Bytes::new(block);
    let r16 = |at| if be { b.be_u16(at) } else { b.le_u16(at) };
    let r32 = |at| if be { b.be_u32(at) } else { b.le_u32(at) };
    let fields = (r16(8), r32(12), r32(16), r32(20), r32(24));
    let (Ok(if_id), Ok(hi), Ok(lo), Ok(cap), Ok(orig)) = fields else {
        return Step::Bad("obsolete packet block too short".into());
    };
    if 28 + cap as usize > block.len() {
        return Step::Bad(format!(
            "obsolete packet block claims {cap} bytes but holds {}",
            block.len() - 28
        ));
    }
    packet(
        state,
        u32::from(if_id),
        Some(u64::from(hi) << 32 | u64::from(lo)),
        cap as usize,
        orig,
        28,
        block.len(),
    )
}
