//! RTCP (RFC 3550 §6) on the port after an SDP-announced RTP port: every packet of a compound
//! datagram — sender and receiver reports with their report blocks, source descriptions,
//! goodbye, application-defined and feedback packets — with tshark's Info (each packet's
//! type name followed by three spaces) and its frame length check.

use super::Dissector;
use super::field::Field;
use super::reader::Short;
use super::value::Value;

/// Bytes of the common header.
const HEADER_LEN: usize = 4;
/// Seconds from the NTP era (1900) to the Unix epoch.
const NTP_UNIX_OFFSET: i64 = 2_208_988_800;

/// Wireshark's names of the packet types (`rtcp.pt`).
fn type_name(pt: u8) -> Option<&'static str> {
    Some(match pt {
        192 => "Full Intra-frame Request (H.261)",
        193 => "Negative Acknowledgement (H.261)",
        194 => "SMPTE time-code mapping",
        195 => "Extended inter-arrival jitter report",
        200 => "Sender Report",
        201 => "Receiver Report",
        202 => "Source description",
        203 => "Goodbye",
        204 => "Application specific",
        205 => "Generic RTP Feedback",
        206 => "Payload-specific Feedback",
        207 => "Extended report (RFC 3611)",
        208 => "AVB RTCP packet (IEEE1733)",
        209 => "Receiver Summary Information",
        210 => "Port Mapping",
        _ => return None,
    })
}

/// Wireshark's names of the SDES item types.
fn sdes_name(kind: u8) -> &'static str {
    match kind {
        0 => "END",
        1 => "CNAME (user and domain)",
        2 => "NAME (common name)",
        3 => "EMAIL (e-mail address)",
        4 => "PHONE (phone number)",
        5 => "LOC (geographic location)",
        6 => "TOOL (name/version of source app)",
        7 => "NOTE (note about source)",
        8 => "PRIV (private extensions)",
        9 => "H323-CADDR (H.323 callable address)",
        10 => "Application Specific Identifier",
        _ => "Unknown",
    }
}

/// Dissects the RTCP packets of `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len());
    d.set_protocol("RTCP");
    d.set_info(String::new);
    let mut at = o;
    let mut first = true;
    while at + HEADER_LEN <= end {
        let Ok(len) = d.frame.be_u16(at + 2) else {
            break;
        };
        let packet_end = at + (usize::from(len) + 1) * 4;
        let node_end = packet_end.min(end);
        let node = if first {
            d.tree.open_protocol(Field::Rtcp, at..node_end)
        } else {
            d.tree.open(Field::Rtcp, at..node_end, Value::None)
        };
        first = false;
        let name = packet(d, at, node_end);
        d.tree.label(node, || {
            format!(
                "Real-time Transport Control Protocol ({})",
                name.unwrap_or("Unknown")
            )
        });
        d.tree.close();
        at = packet_end;
        if packet_end > end || name.is_none() {
            break;
        }
    }
    if first {
        let node = d.tree.open_protocol(Field::Rtcp, o..end);
        d.tree
            .label(node, || "Real-time Transport Control Protocol".into());
        d.tree.close();
        return d.short(
            "rtcp",
            Short {
                needed_end: o + HEADER_LEN,
                have: end,
            },
        );
    }
    let ok = at == end;
    let n = d
        .tree
        .add(Field::RtcpLengthCheck, end..end, Value::Bool(ok));
    let total = at - o;
    d.tree.label(n, || {
        let verdict = if ok { "OK" } else { "Wrong" };
        format!("RTCP frame length check: {verdict} - {total} bytes")
    });
    if !ok {
        d.tree.note(
            super::tree::Severity::Warning,
            "rtcp",
            o..end,
            format!("Incorrect RTCP packet length information (expected {total} bytes)"),
        );
    }
}

/// One packet at `o` (its declared end cut to the data, `end`); returns its type's name.
fn packet(d: &mut Dissector, o: usize, end: usize) -> Option<&'static str> {
    if let Some(f) = d.ctx.rtp.clone() {
        let fields = [
            Field::RtcpSetup,
            Field::RtcpSetupFrame,
            Field::RtcpSetupMethod,
        ];
        super::rtp::setup_tree(d, fields, o, &f);
    }
    let f = d.frame;
    let (first, pt, len) = (f.u8(o).ok()?, f.u8(o + 1).ok()?, f.be_u16(o + 2).ok()?);
    let count = first & 0x1f;
    let t = &mut d.tree;
    let b0 = o..o + 1;
    t.add(
        Field::RtcpVersion,
        b0.clone(),
        Value::UInt(u64::from(first >> 6)),
    );
    t.add(
        Field::RtcpPadding,
        b0.clone(),
        Value::Bool(first & 0x20 != 0),
    );
    let count_field = match pt {
        202 | 203 => Field::RtcpSc,
        204 => Field::RtcpAppSubtype,
        _ => Field::RtcpRc,
    };
    t.add(count_field, b0, Value::UInt(u64::from(count)));
    t.add(Field::RtcpPt, o + 1..o + 2, Value::UInt(u64::from(pt)));
    let n = t.add(Field::RtcpLength, o + 2..o + 4, Value::UInt(u64::from(len)));
    t.label(n, || {
        format!("Length: {len} ({} bytes)", (usize::from(len) + 1) * 4)
    });
    let name = type_name(pt);
    if let Some(name) = name {
        d.append_info(name);
        d.append_info("   ");
    }
    let body = o + HEADER_LEN;
    let result = match pt {
        200 => sender_report(d, body, end, count),
        201 => receiver_report(d, body, end, count),
        202 => source_description(d, body, end, count),
        203 => goodbye(d, body, end, count),
        204 => application(d, body, end, count),
        205 | 206 => feedback(d, body, end),
        _ => Ok(()),
    };
    if let Err(e) = result {
        d.short("rtcp", e);
    }
    name
}

/// Adds the 32-bit big-endian `field` at `at` (an SSRC, a count, a time stamp).
fn uint32(d: &mut Dissector, field: Field, at: usize) -> Result<u32, Short> {
    let v = d.frame.be_u32(at)?;
    d.tree.add(field, at..at + 4, Value::UInt(u64::from(v)));
    Ok(v)
}

fn sender_report(d: &mut Dissector, o: usize, end: usize, count: u8) -> Result<(), Short> {
    uint32(d, Field::RtcpSenderssrc, o)?;
    let (msw, lsw) = (d.frame.be_u32(o + 4)?, d.frame.be_u32(o + 8)?);
    let t = &mut d.tree;
    t.add(
        Field::RtcpTimestampNtpMsw,
        o + 4..o + 8,
        Value::UInt(u64::from(msw)),
    );
    t.add(
        Field::RtcpTimestampNtpLsw,
        o + 8..o + 12,
        Value::UInt(u64::from(lsw)),
    );
    let fraction_ns = (u64::from(lsw) * 1_000_000_000) >> 32;
    let ns = (i64::from(msw) - NTP_UNIX_OFFSET) * 1_000_000_000 + fraction_ns as i64;
    t.add(
        Field::RtcpTimestampNtp,
        o + 4..o + 12,
        Value::AbsTime { ns },
    );
    for (field, at) in [
        (Field::RtcpTimestampRtp, o + 12),
        (Field::RtcpSenderPacketcount, o + 16),
        (Field::RtcpSenderOctetcount, o + 20),
    ] {
        uint32(d, field, at)?;
    }
    report_blocks(d, o + 24, end, count)
}

fn receiver_report(d: &mut Dissector, o: usize, end: usize, count: u8) -> Result<(), Short> {
    uint32(d, Field::RtcpSenderssrc, o)?;
    report_blocks(d, o + 4, end, count)
}

/// Report blocks of 24 bytes each ("Source 1", …).
fn report_blocks(d: &mut Dissector, o: usize, end: usize, count: u8) -> Result<(), Short> {
    for i in 0..usize::from(count) {
        let at = o + i * 24;
        if at + 24 > end {
            return Err(Short {
                needed_end: at + 24,
                have: end,
            });
        }
        let node = d.tree.open(Field::RtcpReport, at..at + 24, Value::None);
        d.tree.label(node, || format!("Source {}", i + 1));
        uint32(d, Field::RtcpSsrcIdentifier, at)?;
        let (fraction, lost) = (d.frame.u8(at + 4)?, d.frame.be_u24(at + 5)?);
        let t = &mut d.tree;
        t.open(Field::RtcpSsrcContents, at + 4..at + 8, Value::None);
        let n = t.add(
            Field::RtcpSsrcFraction,
            at + 4..at + 5,
            Value::UInt(u64::from(fraction)),
        );
        t.label(n, || format!("Fraction lost: {fraction} / 256"));
        // A 24-bit two's complement count.
        let lost = (i64::from(lost) << 40) >> 40;
        t.add(Field::RtcpSsrcCumNr, at + 5..at + 8, Value::Int(lost));
        t.close();
        let (cycles, high) = (d.frame.be_u16(at + 8)?, d.frame.be_u16(at + 10)?);
        let ext = (u64::from(cycles) << 16) | u64::from(high);
        let t = &mut d.tree;
        t.open(Field::RtcpSsrcExtHigh, at + 8..at + 12, Value::UInt(ext));
        t.add(
            Field::RtcpSsrcHighCycles,
            at + 8..at + 10,
            Value::UInt(u64::from(cycles)),
        );
        t.add(
            Field::RtcpSsrcHighSeq,
            at + 10..at + 12,
            Value::UInt(u64::from(high)),
        );
        t.close();
        uint32(d, Field::RtcpSsrcJitter, at + 12)?;
        uint32(d, Field::RtcpSsrcLsr, at + 16)?;
        uint32(d, Field::RtcpSsrcDlsr, at + 20)?;
        d.tree.close();
    }
    Ok(())
}

/// SDES chunks: an SSRC, then items up to an END item and the padding to a 32-bit boundary.
fn source_description(d: &mut Dissector, o: usize, end: usize, count: u8) -> Result<(), Short> {
    let mut at = o;
    for i in 0..usize::from(count) {
        if at + 4 > end {
            return Err(Short {
                needed_end: at + 4,
                have: end,
            });
        }
        let id = d.frame.be_u32(at)?;
        let chunk = d.tree.open(Field::RtcpSdesChunk, at..end, Value::None);
        d.tree
            .label(chunk, || format!("Chunk {}, SSRC/CSRC 0x{id:X}", i + 1));
        uint32(d, Field::RtcpSsrcIdentifier, at)?;
        let items_start = at + 4;
        let items = d
            .tree
            .open(Field::RtcpSdesItems, items_start..end, Value::None);
        let after = sdes_items(d, items_start, end);
        d.tree.set_end(items, after);
        d.tree.close();
        // Chunks are padded to 32 bits after the END item.
        let next = (o + (after - o).div_ceil(4) * 4).min(end);
        d.tree.set_end(chunk, next);
        d.tree.close();
        at = next;
    }
    Ok(())
}

/// Items from `at` to the END item; returns the offset after it.
fn sdes_items(d: &mut Dissector, mut at: usize, end: usize) -> usize {
    while at < end {
        let Ok(kind) = d.frame.u8(at) else { return end };
        let n = d.tree.add(
            Field::RtcpSdesType,
            at..at + 1,
            Value::UInt(u64::from(kind)),
        );
        d.tree
            .label(n, || format!("Type: {} ({kind})", sdes_name(kind)));
        if kind == 0 {
            return at + 1;
        }
        let Ok(len) = d.frame.u8(at + 1) else {
            return end;
        };
        let len = usize::from(len);
        d.tree.add(
            Field::RtcpSdesLength,
            at + 1..at + 2,
            Value::UInt(len as u64),
        );
        let text = at + 2..(at + 2 + len).min(end);
        let mut text_at = text.start;
        if kind == 8
            && let Ok(prefix) = d.frame.u8(text_at)
        {
            let p = usize::from(prefix);
            d.tree.add(
                Field::RtcpSdesPrefixLength,
                text_at..text_at + 1,
                Value::UInt(p as u64),
            );
            let s = text_at + 1..(text_at + 1 + p).min(text.end);
            let v = d.frame.text(s.clone());
            d.tree
                .add(Field::RtcpSdesPrefixString, s.clone(), Value::Str(v.into()));
            text_at = s.end;
        }
        let s = text_at..text.end;
        let v = d.frame.text(s.clone());
        d.tree.add(Field::RtcpSdesText, s, Value::Str(v.into()));
        at = text.end;
    }
    end
}

/// BYE: the sources leaving, then an optional length-prefixed reason.
fn goodbye(d: &mut Dissector, o: usize, end: usize, count: u8) -> Result<(), Short> {
    let mut at = o;
    for _ in 0..count {
        uint32(d, Field::RtcpSsrcIdentifier, at)?;
        at += 4;
    }
    if at < end {
        let len = usize::from(d.frame.u8(at)?);
        d.tree
            .add(Field::RtcpSdesLength, at..at + 1, Value::UInt(len as u64));
        let s = at + 1..(at + 1 + len).min(end);
        let v = d.frame.text(s.clone());
        d.tree.add(Field::RtcpSdesText, s, Value::Str(v.into()));
    }
    Ok(())
}

/// APP: source, four-character name, application data.
fn application(d: &mut Dissector, o: usize, end: usize, subtype: u8) -> Result<(), Short> {
    uint32(d, Field::RtcpSsrcIdentifier, o)?;
    let name = d.frame.slice(o + 4, 4)?;
    let name = String::from_utf8_lossy(name).into_owned();
    d.tree.add(
        Field::RtcpAppName,
        o + 4..o + 8,
        Value::Str(name.as_str().into()),
    );
    d.append_info(&format!("( {name} ) subtype={subtype}"));
    if o + 8 < end {
        d.tree.add(Field::RtcpAppData, o + 8..end, Value::Span);
    }
    Ok(())
}

/// RTPFB / PSFB (RFC 4585): sender and media source, then the feedback control information.
fn feedback(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    uint32(d, Field::RtcpSenderssrc, o)?;
    uint32(d, Field::RtcpMediassrc, o + 4)?;
    if o + 8 < end {
        d.tree.add(Field::RtcpFci, o + 8..end, Value::Span);
    }
    Ok(())
}
