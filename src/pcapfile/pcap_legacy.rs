//! Classic pcap records (libpcap's savefile format).

use super::reader::{Interface, ParseState, RawPacket, Step};
use super::{Format, MAX_PACKET_BYTES};
use crate::dissect::LinkType;
use crate::dissect::reader::Bytes;

/// Size of the file header.
pub const FILE_HEADER_LEN: usize = 24;
/// libpcap keeps only these bits of the link-type field (the rest are FCS/extension flags).
const LINKTYPE_MASK: u32 = 0x03ff_ffff;

fn u32_at(b: Bytes, at: usize, big_endian: bool) -> Option<u32> {
    if big_endian {
        b.be_u32(at).ok()
    } else {
        b.le_u32(at).ok()
    }
}

/// Parses the 24-byte file header into the file's single interface.
pub fn parse_file_header(buf: &[u8], format: Format) -> Result<Interface, String> {
    let Format::Pcap {
        nanos, big_endian, ..
    } = format
    else {
        return Err("not pcap".into());
    };
    let header = pcap_parser::pcap::parse_pcap_header(buf)
        .map_err(|_| {
            format!(
                "the file has only {} of the 24 header bytes",
                buf.len().min(FILE_HEADER_LEN)
            )
        })?
        .1;
    let b = Bytes::new(buf);
    let snaplen = u32_at(b, 16, big_endian).unwrap_or(header.snaplen);
    if header.version_major != 2 {
        return Err(format!(
            "unsupported pcap version {}.{}",
            header.version_major, header.version_minor
        ));
    }
    let raw_link = header.network.0 as u32;
    Ok(Interface {
        link: LinkType(raw_link & LINKTYPE_MASK),
        snaplen,
        ts_units_per_sec: if nanos { 1_000_000_000 } else { 1_000_000 },
        ts_offset_s: 0,
        name: None,
    })
}

/// Parses one record header and locates its data.
pub(super) fn step(rest: &[u8], format: Format, state: &ParseState) -> Step {
    let Format::Pcap {
        nanos,
        big_endian,
        modified,
    } = format
    else {
        return Step::Bad("not pcap".into());
    };
    let header_len = if modified { 24 } else { 16 };
    let b = Bytes::new(rest);
    if rest.len() < header_len {
        return Step::Need { total: header_len };
    }
    let field = |i: usize| u32_at(b, i * 4, big_endian).unwrap_or(0);
    let (sec, frac, cap_len, orig_len) = (field(0), field(1), field(2), field(3));
    let limit = state
        .interfaces
        .first()
        .map_or(MAX_PACKET_BYTES, |i| max_packet_bytes(i.link));
    if cap_len > limit {
        return Step::Bad(format!(
            "the record claims {cap_len} captured bytes, more than the maximum of {limit}"
        ));
    }
    let total = header_len + cap_len as usize;
    if rest.len() < total {
        return Step::Need { total };
    }
    let frac_ns = if nanos {
        u64::from(frac)
    } else {
        u64::from(frac) * 1000
    };
    let ts_ns = i64::from(sec)
        .saturating_mul(1_000_000_000)
        .saturating_add(i64::try_from(frac_ns).unwrap_or(0));
    Step::Packet {
        consumed: total,
        data_start: header_len,
        packet: RawPacket {
            ts_ns,
            timestamped: true,
            offset: 0,
            cap_len,
            orig_len,
            interface: 0,
        },
    }
}

/// Wireshark allows bigger records for a few link types (D-Bus, USB, netlink).
pub(super) fn max_packet_bytes(link: LinkType) -> u32 {
    match link.0 {
        231 => 128 * 1024 * 1024,
        189 | 220 => 256 * 1024 + 64,
        _ => MAX_PACKET_BYTES,
    }
}
