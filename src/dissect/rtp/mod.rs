//! RTP (RFC 3550) on the conversations SDP announced or Decode As chose: the fixed header,
//! CSRCs, header extensions (RFC 8285 one- and two-byte elements), payload and padding, with
//! tshark's Info ("PT=ITU-T G.711 PCMU, SSRC=0x6A1E3B0C, Seq=1000, Time=0, Mark") and the
//! payload handed to the RTP event dissector where the payload type says so.

mod event;
mod event_names;
pub mod session;

use super::Dissector;
use super::field::Field;
use super::reader::Short;
use super::value::Value;
use session::{RtpFrame, RtpSession};

/// Bytes of the fixed header.
const HEADER_LEN: usize = 12;
/// The only version in use.
const VERSION: u8 = 2;
/// The profile of RFC 8285 one-byte header extension elements.
const ONE_BYTE_PROFILE: u16 = 0xBEDE;

/// Wireshark's names of the static payload types (RFC 3551).
fn static_name(pt: u8) -> Option<&'static str> {
    Some(match pt {
        0 => "ITU-T G.711 PCMU",
        1 => "USA Federal Standard FS-1016",
        2 => "ITU-T G.721",
        3 => "GSM 06.10",
        4 => "ITU-T G.723",
        5 => "DVI4 8000 samples/s",
        6 => "DVI4 16000 samples/s",
        7 => "Experimental linear predictive encoding from Xerox PARC",
        8 => "ITU-T G.711 PCMA",
        9 => "ITU-T G.722",
        10 => "16-bit uncompressed audio, stereo",
        11 => "16-bit uncompressed audio, monaural",
        12 => "Qualcomm Code Excited Linear Predictive coding",
        13 => "Comfort noise",
        14 => "MPEG-I/II Audio",
        15 => "ITU-T G.728",
        16 => "DVI4 11025 samples/s",
        17 => "DVI4 22050 samples/s",
        18 => "ITU-T G.729",
        19 => "Comfort noise (old)",
        25 => "Sun CellB video encoding",
        26 => "JPEG-compressed video",
        28 => "'nv' program",
        31 => "ITU-T H.261",
        32 => "MPEG-I/II Video",
        33 => "MPEG-II transport streams",
        34 => "ITU-T H.263",
        72..=76 => "Reserved for RTCP conflict avoidance",
        _ => return None,
    })
}

/// The payload type's name as Info shows it: the SDP's `a=rtpmap` name for a dynamic type.
fn payload_type_name(pt: u8, session: Option<&RtpSession>) -> String {
    if pt >= 96 {
        if let Some(name) = session.and_then(|s| s.payload_name(pt)) {
            return name.to_string();
        }
        return format!("DynamicRTP-Type-{pt}");
    }
    static_name(pt).unwrap_or("Unassigned").to_string()
}

/// The payload carries RTP events: named so by the SDP, or on Wireshark's default event
/// payload types (101, and 100 for Cisco NSE) when the SDP names them nothing else.
fn is_event(pt: u8, session: Option<&RtpSession>) -> bool {
    match session.and_then(|s| s.payload_name(pt)) {
        Some(name) => name.eq_ignore_ascii_case("telephone-event"),
        None => matches!(pt, 100 | 101),
    }
}

/// The sequence number of an RTP version 2 header at the start of `payload`.
pub fn header_seq(payload: &[u8]) -> Option<u16> {
    let head = payload.get(..HEADER_LEN)?;
    let seq: [u8; 2] = head.get(2..4)?.try_into().ok()?;
    (head.first()? >> 6 == VERSION).then_some(u16::from_be_bytes(seq))
}

/// RFC 5761's test for RTCP on a multiplexed port: version 2 and packet type 192–223.
pub fn looks_like_rtcp(payload: &[u8]) -> bool {
    matches!(payload, [first, pt, ..] if first >> 6 == VERSION && (192..=223).contains(pt))
}

/// Adds the "Stream setup by …" subtree of an RTP or RTCP packet at `o`.
pub fn setup_tree(d: &mut Dissector, fields: [Field; 3], o: usize, rtp: &RtpFrame) {
    let Some(s) = &rtp.session else { return };
    let t = &mut d.tree;
    let node = t.open(fields[0], o..o, Value::Str("".into()));
    let method = s.method.name();
    t.label(node, || {
        format!("Stream setup by {method} (frame {})", s.setup_frame)
    });
    t.add(fields[1], o..o, Value::UInt(s.setup_frame));
    t.add(fields[2], o..o, Value::Str(method.into()));
    if fields[0] == Field::RtpSetup
        && let Some(call_id) = &s.call_id
    {
        t.add(Field::SipCallIdGenerated, o..o, Value::Str(call_id.clone()));
    }
    t.close();
}

/// Dissects an RTP packet in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len());
    let Ok(first) = d.frame.u8(o) else {
        let node = d.tree.open_protocol(Field::Rtp, o..end);
        d.tree.label(node, || "Real-Time Transport Protocol".into());
        d.tree.close();
        return d.short("rtp", short(o + 1, end));
    };
    let version = first >> 6;
    // A packet of another version shows its version but, as in tshark, is not an RTP layer
    // of `frame.protocols`: the datagram is data.
    let node = match version {
        VERSION => d.tree.open_protocol(Field::Rtp, o..end),
        _ => d.tree.open(Field::Rtp, o..end, Value::None),
    };
    d.tree.label(node, || "Real-Time Transport Protocol".into());
    d.set_protocol("RTP");
    let frame = d.ctx.rtp.clone();
    if let (Some(f), VERSION) = (&frame, version) {
        let fields = [Field::RtpSetup, Field::RtpSetupFrame, Field::RtpSetupMethod];
        setup_tree(d, fields, o, f);
    }
    d.tree
        .add(Field::RtpVersion, o..o + 1, Value::UInt(u64::from(version)));
    if version != VERSION {
        d.tree.close();
        d.set_info(|| format!("Unknown RTP version {version}"));
        return super::data::dissect_range(d, o, end);
    }
    let session = frame.as_ref().and_then(|f| f.session.as_deref());
    let extended = frame.as_ref().and_then(|f| f.extended_seq);
    let header = header(d, o, end, first, extended, session);
    d.tree.close();
    match header {
        Ok((pt, payload)) if is_event(pt, session) && payload.start < payload.end => {
            event::dissect(d, payload.start, payload.end);
        }
        Ok(_) => {}
        Err(e) => d.short("rtp", e),
    }
}

fn short(needed_end: usize, have: usize) -> Short {
    Short { needed_end, have }
}

/// The header fields; returns the payload type and the payload's range.
fn header(
    d: &mut Dissector,
    o: usize,
    end: usize,
    first: u8,
    extended: Option<u32>,
    session: Option<&RtpSession>,
) -> Result<(u8, std::ops::Range<usize>), Short> {
    let f = d.frame;
    if end < o + HEADER_LEN {
        return Err(short(o + HEADER_LEN, end));
    }
    let (second, seq, ts, ssrc) = (
        f.u8(o + 1)?,
        f.be_u16(o + 2)?,
        f.be_u32(o + 4)?,
        f.be_u32(o + 8)?,
    );
    let (padded, extension, cc) = (first & 0x20 != 0, first & 0x10 != 0, first & 0x0f);
    let (marker, pt) = (second & 0x80 != 0, second & 0x7f);
    let t = &mut d.tree;
    let b0 = o..o + 1;
    t.add(Field::RtpPadding, b0.clone(), Value::Bool(padded));
    t.add(Field::RtpExt, b0.clone(), Value::Bool(extension));
    t.add(Field::RtpCc, b0, Value::UInt(u64::from(cc)));
    t.add(Field::RtpMarker, o + 1..o + 2, Value::Bool(marker));
    t.add(Field::RtpPType, o + 1..o + 2, Value::UInt(u64::from(pt)));
    t.add(Field::RtpSeq, o + 2..o + 4, Value::UInt(u64::from(seq)));
    if let Some(x) = extended {
        t.add(Field::RtpExtseq, o + 2..o + 4, Value::UInt(u64::from(x)));
    }
    t.add(
        Field::RtpTimestamp,
        o + 4..o + 8,
        Value::UInt(u64::from(ts)),
    );
    t.add(Field::RtpSsrc, o + 8..o + 12, Value::UInt(u64::from(ssrc)));
    d.set_info(|| {
        let mark = if marker { ", Mark" } else { "" };
        let name = payload_type_name(pt, session);
        format!("PT={name}, SSRC=0x{ssrc:X}, Seq={seq}, Time={ts}{mark}")
    });
    let mut at = csrcs(d, o + HEADER_LEN, cc)?;
    if extension {
        at = header_extension(d, at, end)?;
    }
    let padding = if padded { padding(d, at, end)? } else { 0 };
    let payload = at..end.saturating_sub(padding).max(at);
    if payload.start < payload.end {
        d.tree.add(Field::RtpPayload, payload.clone(), Value::Span);
    }
    Ok((pt, payload))
}

/// The contributing sources after the fixed header; returns the offset after them.
fn csrcs(d: &mut Dissector, at: usize, count: u8) -> Result<usize, Short> {
    if count == 0 {
        return Ok(at);
    }
    let len = usize::from(count) * 4;
    d.frame.slice(at, len)?;
    let t = &mut d.tree;
    let node = t.open(Field::RtpCsrcItems, at..at + len, Value::None);
    t.label(node, || {
        format!("Contributing Source identifiers ({count} items)")
    });
    for i in 0..usize::from(count) {
        let item = d.frame.be_u32(at + i * 4)?;
        let n = d.tree.add(
            Field::RtpCsrcItem,
            at + i * 4..at + i * 4 + 4,
            Value::UInt(u64::from(item)),
        );
        d.tree.label(n, || format!("CSRC item {i}: 0x{item:08x}"));
    }
    d.tree.close();
    Ok(at + len)
}

/// The header extension at `at`: profile, length in words and the elements.
fn header_extension(d: &mut Dissector, at: usize, end: usize) -> Result<usize, Short> {
    let (profile, words) = (d.frame.be_u16(at)?, d.frame.be_u16(at + 2)?);
    let t = &mut d.tree;
    t.add(
        Field::RtpExtProfile,
        at..at + 2,
        Value::UInt(u64::from(profile)),
    );
    t.add(
        Field::RtpExtLen,
        at + 2..at + 4,
        Value::UInt(u64::from(words)),
    );
    let body = at + 4..at + 4 + usize::from(words) * 4;
    if body.end > end {
        return Err(short(body.end, end));
    }
    if body.is_empty() {
        return Ok(body.end);
    }
    d.tree.open(Field::RtpHdrExts, body.clone(), Value::None);
    if profile == ONE_BYTE_PROFILE {
        elements(d, body.clone(), true);
    } else if profile & 0xfff0 == 0x1000 {
        elements(d, body.clone(), false);
    } else {
        for w in body.clone().step_by(4) {
            let word = d.frame.be_u32(w)?;
            d.tree
                .add(Field::RtpHdrExt, w..w + 4, Value::UInt(u64::from(word)));
        }
    }
    d.tree.close();
    Ok(body.end)
}

/// RFC 8285 elements in `body`: one-byte (id and length-1 in a byte) or two-byte headers;
/// zero bytes between elements are padding, and id 15 of a one-byte header ends the list.
fn elements(d: &mut Dissector, body: std::ops::Range<usize>, one_byte: bool) {
    let mut at = body.start;
    while at < body.end {
        let Ok(b) = d.frame.u8(at) else { return };
        if b == 0 {
            at += 1;
            continue;
        }
        let (id, len, head) = if one_byte {
            (b >> 4, usize::from(b & 0x0f) + 1, 1)
        } else {
            let Ok(l) = d.frame.u8(at + 1) else { return };
            (b, usize::from(l), 2)
        };
        if one_byte && id == 15 {
            return;
        }
        let data = at + head..(at + head + len).min(body.end);
        let t = &mut d.tree;
        let node = t.open(Field::RtpExtRfc5285, at..data.end, Value::None);
        let kind = if one_byte { "One-Byte" } else { "Two-Byte" };
        t.label(node, || {
            format!("RFC 5285 Header Extension ({kind} Header)")
        });
        t.add(
            Field::RtpExtRfc5285Id,
            at..at + 1,
            Value::UInt(u64::from(id)),
        );
        t.add(
            Field::RtpExtRfc5285Len,
            at + head - 1..at + head,
            Value::UInt(len as u64),
        );
        if !data.is_empty() {
            t.add(Field::RtpExtRfc5285Data, data.clone(), Value::Span);
        }
        t.close();
        at = data.end;
    }
}

/// The padding at the end of the packet (its last byte counts it, itself included);
/// returns its length.
fn padding(d: &mut Dissector, at: usize, end: usize) -> Result<usize, Short> {
    let count = d.frame.u8(end.saturating_sub(1))?;
    let n = usize::from(count);
    if n == 0 || end.saturating_sub(n) < at {
        d.tree.note(
            super::tree::Severity::Warning,
            "rtp",
            end.saturating_sub(1)..end,
            format!("Bad padding count {count}"),
        );
        return Ok(0);
    }
    let start = end - n;
    if n > 1 {
        d.tree
            .add(Field::RtpPaddingData, start..end - 1, Value::Span);
    }
    d.tree.add(
        Field::RtpPaddingCount,
        end - 1..end,
        Value::UInt(u64::from(count)),
    );
    Ok(n)
}
