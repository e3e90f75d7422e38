//! QUIC packet headers as far as they are readable without keys (RFC 8999, RFC 9000 §17):
//! the long header's version, connection IDs, token and length, variable-length integers,
//! and where each packet of a datagram ends.

use super::protection::is_v2;
use std::ops::Range;

/// The longest connection ID QUIC v1 allows.
pub const MAX_CID_LEN: usize = 20;

/// What a packet is, from its first byte and version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketKind {
    /// Initial (carries the ClientHello/ServerHello).
    Initial,
    /// 0-RTT.
    ZeroRtt,
    /// Handshake.
    Handshake,
    /// Retry.
    Retry,
    /// Version Negotiation (version 0).
    VersionNegotiation,
    /// A short header (1-RTT).
    Short,
}

impl PacketKind {
    /// The long-header type bits' meaning for `version` (v2 rotates them).
    pub fn of_long(first: u8, version: u32) -> PacketKind {
        if version == 0 {
            return PacketKind::VersionNegotiation;
        }
        let bits = (first >> 4) & 0x03;
        let v1_bits = if is_v2(version) {
            (bits + 3) & 0x03
        } else {
            bits
        };
        match v1_bits {
            0 => PacketKind::Initial,
            1 => PacketKind::ZeroRtt,
            2 => PacketKind::Handshake,
            _ => PacketKind::Retry,
        }
    }

    /// The name tshark's Info column and tree use.
    pub fn name(self) -> &'static str {
        match self {
            PacketKind::Initial => "Initial",
            PacketKind::ZeroRtt => "0-RTT",
            PacketKind::Handshake => "Handshake",
            PacketKind::Retry => "Retry",
            PacketKind::VersionNegotiation => "Version Negotiation",
            PacketKind::Short => "Protected Payload",
        }
    }
}

/// Reads a variable-length integer at `at`: its value and length.
pub fn varint(b: &[u8], at: usize) -> Option<(u64, usize)> {
    let first = *b.get(at)?;
    let len = 1usize << (first >> 6);
    let bytes = b.get(at..at + len)?;
    let value = bytes
        .iter()
        .skip(1)
        .fold(u64::from(first & 0x3f), |v, x| (v << 8) | u64::from(*x));
    Some((value, len))
}

/// A long header read up to its packet number (which header protection hides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongHeader {
    /// The (protected) first byte.
    pub first: u8,
    /// Version.
    pub version: u32,
    /// Packet type.
    pub kind: PacketKind,
    /// Destination Connection ID (offsets into the datagram).
    pub dcid: Range<usize>,
    /// Source Connection ID.
    pub scid: Range<usize>,
    /// Token (Initial only) and its length field.
    pub token: Option<(Range<usize>, Range<usize>)>,
    /// The Length field's bytes and value (not in Retry or Version Negotiation).
    pub length: Option<(Range<usize>, u64)>,
}

impl LongHeader {
    /// Offset of the packet number (just after the Length field).
    pub fn pn_offset(&self) -> Option<usize> {
        self.length.as_ref().map(|(r, _)| r.end)
    }
}

/// Reads the long header of the packet at `at` (as far as `b` goes).
pub fn long_header(b: &[u8], at: usize) -> Option<LongHeader> {
    let first = *b.get(at)?;
    let version = u32::from_be_bytes(b.get(at + 1..at + 5)?.try_into().ok()?);
    let kind = PacketKind::of_long(first, version);
    let dcil = usize::from(*b.get(at + 5)?);
    let dcid = at + 6..at + 6 + dcil;
    let scil = usize::from(*b.get(dcid.end)?);
    let scid = dcid.end + 1..dcid.end + 1 + scil;
    b.get(scid.clone())?;
    let mut h = LongHeader {
        first,
        version,
        kind,
        dcid,
        scid,
        token: None,
        length: None,
    };
    if matches!(kind, PacketKind::Retry | PacketKind::VersionNegotiation) {
        return Some(h);
    }
    let mut pos = h.scid.end;
    if kind == PacketKind::Initial {
        let (len, n) = varint(b, pos)?;
        let start = pos + n;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        h.token = Some((pos..start, start..end));
        pos = end;
    }
    let (len, n) = varint(b, pos)?;
    h.length = Some((pos..pos + n, len));
    Some(h)
}

/// Where the packet starting at `at` ends in a datagram ending at `end` (Wireshark's rule:
/// a long header's length when it ends before the datagram does, else the whole rest).
pub fn packet_end(b: &[u8], at: usize, end: usize) -> usize {
    let Some(&first) = b.get(at) else {
        return end;
    };
    if first & 0x80 == 0 {
        return end;
    }
    let Some(h) = long_header(b, at) else {
        return end;
    };
    if h.kind == PacketKind::Retry || h.version == 0 {
        return end;
    }
    match (h.pn_offset(), h.length) {
        (Some(pn), Some((_, len))) => usize::try_from(len)
            .ok()
            .and_then(|l| pn.checked_add(l))
            .filter(|e| *e < end)
            .unwrap_or(end),
        _ => end,
    }
}

/// The Destination Connection ID of the packet at `at`, for comparing coalesced packets:
/// a long header names its own; a short header's is `short_len` bytes long.
pub fn dcid_of(b: &[u8], at: usize, short_len: usize) -> Option<&[u8]> {
    let first = *b.get(at)?;
    if first & 0x80 != 0 {
        let len = usize::from(*b.get(at + 5)?);
        return if len <= MAX_CID_LEN {
            b.get(at + 6..at + 6 + len)
        } else {
            Some(&[])
        };
    }
    b.get(at + 1..at + 1 + short_len)
}

/// Wireshark's UDP heuristic: a long header of an IETF QUIC version (draft 11 or later, v1,
/// v2, or a forcing version) with connection IDs of legal length.
pub fn looks_like_quic(b: &[u8]) -> bool {
    if b.len() < 13 || b.first().is_none_or(|f| f & 0x80 == 0) {
        return false;
    }
    let Some(version) = b.get(1..5).and_then(|v| v.try_into().ok()) else {
        return false;
    };
    if super::protection::draft_of(u32::from_be_bytes(version)) < 11 {
        return false;
    }
    let Some(dcil) = b.get(5).map(|l| usize::from(*l)) else {
        return false;
    };
    let scid_at = 6 + dcil;
    dcil <= MAX_CID_LEN
        && scid_at < b.len()
        && b.get(scid_at)
            .is_some_and(|l| usize::from(*l) <= MAX_CID_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_of_each_length() {
        // RFC 9000 §A.1's examples.
        let cases: &[(&[u8], u64, usize)] = &[
            (&[0x25], 37, 1),
            (&[0x7b, 0xbd], 15293, 2),
            (&[0x9d, 0x7f, 0x3e, 0x7d], 494_878_333, 4),
            (
                &[0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14, 0xe8, 0x8c],
                151_288_809_941_952_652,
                8,
            ),
        ];
        for (bytes, value, len) in cases {
            assert_eq!(varint(bytes, 0), Some((*value, *len)));
        }
        assert_eq!(varint(&[0x40], 0), None);
    }

    #[test]
    fn version_2_rotates_packet_types() {
        assert_eq!(PacketKind::of_long(0xc0, 1), PacketKind::Initial);
        assert_eq!(
            PacketKind::of_long(0xd0, super::super::protection::VERSION_2),
            PacketKind::Initial
        );
        assert_eq!(
            PacketKind::of_long(0xc0, super::super::protection::VERSION_2),
            PacketKind::Retry
        );
        assert_eq!(
            PacketKind::of_long(0xf0, super::super::protection::VERSION_2),
            PacketKind::Handshake
        );
        assert_eq!(PacketKind::of_long(0x80, 0), PacketKind::VersionNegotiation);
    }

    #[test]
    fn heuristic_wants_a_known_version_and_legal_ids() {
        let mut initial = vec![0xc0, 0, 0, 0, 1, 8];
        initial.extend([1u8; 8]);
        initial.extend([0, 0, 0x40, 0x20]);
        assert!(looks_like_quic(&initial));
        let mut unknown = initial.clone();
        unknown[4] = 7;
        assert!(!looks_like_quic(&unknown));
        let mut long_cid = initial.clone();
        long_cid[5] = 21;
        assert!(!looks_like_quic(&long_cid));
        assert!(!looks_like_quic(&[0x40; 40]));
    }
}
