//! TLS (RFC 8446/5246): records, handshake headers, ClientHello/ServerHello with SNI, ALPN,
//! cipher suites and supported versions.

use super::app::PduLen;
use super::field::Field;
use super::reader::{Bytes, Short};
use super::value::Value;
use super::{Dissector, names};

const RECORD_HEADER: usize = 5;
const HANDSHAKE: u8 = 22;

fn plausible_header(b: Bytes, at: usize) -> Option<(u8, u16, usize)> {
    let (ct, version, len) = (
        b.u8(at).ok()?,
        b.be_u16(at + 1).ok()?,
        b.be_u16(at + 3).ok()?,
    );
    ((20..=24).contains(&ct) && version >> 8 == 3).then_some((ct, version, usize::from(len)))
}

/// True when `b` starts with a plausible TLS record header (any content type).
pub fn looks_like_record(b: &[u8]) -> bool {
    plausible_header(Bytes::new(b), 0).is_some()
}

/// The TCP heuristic: a handshake record with a TLS/SSLv3 version and a sane length.
pub fn looks_like_tls(b: &[u8]) -> bool {
    matches!(plausible_header(Bytes::new(b), 0), Some((HANDSHAKE, 0x0300..=0x0304, len)) if len <= 16384 + 2048)
}

/// Length of the first TLS record in `b`.
pub fn pdu_len(b: &[u8]) -> PduLen {
    let bytes = Bytes::new(b);
    if b.len() < RECORD_HEADER {
        let ok =
            b.first().is_none_or(|c| (20..=24).contains(c)) && b.get(1).is_none_or(|v| *v == 3);
        return if ok { PduLen::NeedMore } else { PduLen::NotPdu };
    }
    match plausible_header(bytes, 0) {
        Some((_, _, len)) => PduLen::Complete(RECORD_HEADER + len),
        None => PduLen::NotPdu,
    }
}

/// Short protocol-column name for a version.
fn column_name(v: u16) -> &'static str {
    match v {
        0x0300 => "SSLv3",
        0x0301 => "TLSv1",
        0x0302 => "TLSv1.1",
        0x0304 => "TLSv1.3",
        _ => "TLSv1.2",
    }
}

/// Dissects the TLS records in `start..end`.
pub fn dissect(d: &mut Dissector, start: usize, end: usize) {
    let end = end.min(d.frame.len());
    // A second TLS pass in one frame (records after a reassembled one) adds to the Info
    // column, as Wireshark's TLS does.
    let earlier_info = {
        let sm = &d.tree.summary;
        let by_tls = sm.protocol.starts_with("TLS") || sm.protocol.starts_with("SSL");
        (by_tls && !sm.info.is_empty()).then(|| sm.info.clone())
    };
    let node = d.tree.open_protocol(Field::Tls, start..end);
    let mut infos: Vec<String> = Vec::new();
    let mut column = None;
    let mut at = start;
    while at < end {
        let Some((ct, version, len)) = plausible_header(d.frame, at) else {
            if at == start {
                d.tree.label(node, || {
                    "Transport Layer Security (continuation data)".into()
                });
            }
            break;
        };
        let rec_end = (at + RECORD_HEADER + len).min(end);
        let (info, col) = record(d, at, ct, version, rec_end);
        infos.push(info);
        let record_version = if d.ctx.tls13 || d.tls13_negotiated {
            0x0304
        } else {
            version
        };
        column = Some(match (col, column) {
            (Some(v), _) => v,
            (None, Some(earlier)) if earlier == 0x0304 => earlier,
            _ => record_version,
        });
        at += RECORD_HEADER + len;
    }
    d.tree.close();
    if let Some(v) = column {
        d.tree.label(node, || {
            format!("Transport Layer Security ({})", column_name(v))
        });
    }
    let col = column.map_or("TLS", column_name);
    d.set_protocol(col);
    let info = if infos.is_empty() {
        "Continuation Data".to_string()
    } else {
        infos.join(", ")
    };
    match earlier_info {
        Some(earlier) => d.set_info(|| format!("{earlier}, {info}")),
        None => d.set_info(|| info),
    }
}

/// One record; returns its Info text and the version the protocol column should show.
fn record(d: &mut Dissector, at: usize, ct: u8, version: u16, end: usize) -> (String, Option<u16>) {
    // A Server Hello earlier in this frame counts too.
    let opaque = (d.ctx.tls13 || d.tls13_negotiated) && ct == 23;
    let t = &mut d.tree;
    let rec = t.open(Field::TlsRecord, at..end, Value::None);
    // TLS 1.3 hides the real type: Wireshark calls the outer one "opaque type".
    let type_field = if opaque {
        Field::TlsRecordOpaqueType
    } else {
        Field::TlsRecordContentType
    };
    t.add(type_field, at..at + 1, Value::UInt(u64::from(ct)));
    t.add(
        Field::TlsRecordVersion,
        at + 1..at + 3,
        Value::UInt(u64::from(version)),
    );
    let len = d.frame.be_u16(at + 3).unwrap_or(0);
    t.add(
        Field::TlsRecordLength,
        at + 3..at + 5,
        Value::UInt(u64::from(len)),
    );
    let body = at + RECORD_HEADER;
    let mut column = None;
    let info = match ct {
        HANDSHAKE => match handshakes(d, body, end) {
            Some((info, col)) => {
                column = col;
                info
            }
            None => "Encrypted Handshake Message".into(),
        },
        20 => "Change Cipher Spec".into(),
        21 => {
            if let (Ok(level), Ok(desc)) = (d.frame.u8(body), d.frame.u8(body + 1))
                && len == 2
            {
                d.tree.add(
                    Field::TlsAlertLevel,
                    body..body + 1,
                    Value::UInt(u64::from(level)),
                );
                d.tree.add(
                    Field::TlsAlertDesc,
                    body + 1..body + 2,
                    Value::UInt(u64::from(desc)),
                );
            }
            if len == 2 {
                "Alert".into()
            } else {
                "Encrypted Alert".into()
            }
        }
        23 => {
            d.tree.add(Field::TlsAppData, body..end, Value::Span);
            "Application Data".into()
        }
        _ => names::tls_content_type(ct).unwrap_or("Unknown").into(),
    };
    d.tree.close();
    let label = format!(
        "{} Record Layer: {}",
        column_name(version),
        names::tls_content_type(ct).unwrap_or("Unknown")
    );
    d.tree.label(rec, || label);
    (info, column)
}

/// Handshake messages in a record; `None` when they do not parse (encrypted).
fn handshakes(d: &mut Dissector, mut at: usize, end: usize) -> Option<(String, Option<u16>)> {
    let f = d.frame;
    let mut infos = Vec::new();
    let mut column = None;
    while at + 4 <= end {
        let typ = f.u8(at).ok()?;
        let len = usize::try_from(f.be_u24(at + 1).ok()?).ok()?;
        let name = names::tls_handshake(typ)?;
        if at + 4 + len > end && !infos.is_empty() {
            break;
        }
        if infos.is_empty() && at + 4 + len > end && typ > 2 {
            return None;
        }
        let t = &mut d.tree;
        let node = t.open(
            Field::TlsHandshake,
            at..(at + 4 + len).min(end),
            Value::None,
        );
        t.label(node, || format!("Handshake Protocol: {name}"));
        t.add(
            Field::TlsHandshakeType,
            at..at + 1,
            Value::UInt(u64::from(typ)),
        );
        t.add(
            Field::TlsHandshakeLength,
            at + 1..at + 4,
            Value::UInt(len as u64),
        );
        let body_end = (at + 4 + len).min(end);
        if (typ == 1 || typ == 2)
            && let Ok(v) = hello(d, at + 4, body_end, typ == 1)
        {
            column = column.or(v);
        }
        d.tree.close();
        infos.push(name.to_string());
        at += 4 + len;
    }
    (!infos.is_empty()).then(|| (infos.join(", "), column))
}

/// Client/ServerHello body; returns the version the session negotiates (ServerHello).
fn hello(d: &mut Dissector, o: usize, end: usize, client: bool) -> Result<Option<u16>, Short> {
    let b = Bytes::new(d.frame.range(o..end).unwrap_or(&[]));
    let t = &mut d.tree;
    let version = b.be_u16(0)?;
    t.add(
        Field::TlsHandshakeVersion,
        o..o + 2,
        Value::UInt(u64::from(version)),
    );
    t.add(Field::TlsHandshakeRandom, o + 2..o + 34, Value::Span);
    let sid_len = usize::from(b.u8(34)?);
    b.slice(35, sid_len)?;
    if sid_len > 0 {
        t.add(
            Field::TlsHandshakeSessionId,
            o + 35..o + 35 + sid_len,
            Value::Span,
        );
    }
    let mut at = 35 + sid_len;
    if client {
        let suites_len = usize::from(b.be_u16(at)?);
        for i in (0..suites_len / 2).map(|i| at + 2 + i * 2) {
            let s = b.be_u16(i)?;
            t.add(
                Field::TlsHandshakeCiphersuite,
                o + i..o + i + 2,
                Value::UInt(u64::from(s)),
            );
        }
        at += 2 + suites_len;
        at += 1 + usize::from(b.u8(at)?);
    } else {
        let s = b.be_u16(at)?;
        t.add(
            Field::TlsHandshakeCiphersuite,
            o + at..o + at + 2,
            Value::UInt(u64::from(s)),
        );
        at += 3;
    }
    if at + 2 > b.len() {
        return Ok(None);
    }
    let ext_len = usize::from(b.be_u16(at)?);
    let ext_end = (at + 2 + ext_len).min(b.len());
    at += 2;
    let mut negotiated = None;
    while at + 4 <= ext_end {
        let (typ, len) = (b.be_u16(at)?, usize::from(b.be_u16(at + 2)?));
        d.tree.add(
            Field::TlsHandshakeExtensionType,
            o + at..o + at + 2,
            Value::UInt(u64::from(typ)),
        );
        let body = at + 4;
        match typ {
            0 if client => server_name(d, b, o, body, body + len)?,
            16 => alpn(d, b, o, body, body + len)?,
            43 if client => {
                let n = usize::from(b.u8(body)?);
                for i in (0..n / 2).map(|i| body + 1 + i * 2) {
                    let v = b.be_u16(i)?;
                    d.tree.add(
                        Field::TlsHandshakeExtensionsSupportedVersion,
                        o + i..o + i + 2,
                        Value::UInt(u64::from(v)),
                    );
                }
            }
            43 => {
                let v = b.be_u16(body)?;
                if v == 0x0304 {
                    d.tls13_negotiated = true;
                }
                d.tree.add(
                    Field::TlsHandshakeExtensionsSupportedVersion,
                    o + body..o + body + 2,
                    Value::UInt(u64::from(v)),
                );
                negotiated = Some(v);
            }
            _ => {}
        }
        at = body + len;
    }
    Ok(if client {
        None
    } else {
        negotiated.or(Some(version))
    })
}

fn server_name(
    d: &mut Dissector,
    b: Bytes,
    o: usize,
    mut at: usize,
    end: usize,
) -> Result<(), Short> {
    at += 2;
    while at + 3 <= end {
        let len = usize::from(b.be_u16(at + 1)?);
        let name = b.slice(at + 3, len)?;
        let text = String::from_utf8_lossy(name).into_owned();
        d.tree.add(
            Field::TlsHandshakeExtensionsServerName,
            o + at + 3..o + at + 3 + len,
            Value::Str(text.into()),
        );
        at += 3 + len;
    }
    Ok(())
}

fn alpn(d: &mut Dissector, b: Bytes, o: usize, mut at: usize, end: usize) -> Result<(), Short> {
    at += 2;
    while at < end {
        let len = usize::from(b.u8(at)?);
        let s = String::from_utf8_lossy(b.slice(at + 1, len)?).into_owned();
        d.tree.add(
            Field::TlsHandshakeExtensionsAlpnStr,
            o + at + 1..o + at + 1 + len,
            Value::Str(s.into()),
        );
        at += 1 + len;
    }
    Ok(())
}

/// The TLS handshake carried by one QUIC CRYPTO frame (`data`, in the current bytes): whole
/// messages are dissected where they are, a message completed here from earlier frames from
/// its reassembled bytes, and a message that goes on in later frames is shown as a fragment.
/// QUIC's columns stay as they are.
pub fn quic_crypto<'a>(
    d: &mut Dissector<'a>,
    data: std::ops::Range<usize>,
    delivery: &'a super::quic::connection::CryptoDelivery,
) {
    use super::quic::connection::CryptoDelivery;
    let CryptoDelivery::Fresh(pieces) = delivery else {
        return;
    };
    let start = data.start + pieces.skip;
    let node = d.tree.open_protocol(Field::Tls, start..data.end);
    let mut names: Vec<String> = Vec::new();
    let continued_end = start + pieces.continued;
    if let Some(done) = &pieces.completed {
        let (bytes, parts) = (&done.bytes, &done.pieces);
        let name = bytes
            .first()
            .and_then(|t| names::tls_handshake(*t))
            .unwrap_or("Unknown");
        fragment_node(
            d,
            start..continued_end,
            format!("Handshake Protocol: {name} (last fragment)"),
        );
        let list: Vec<String> = parts.iter().map(|(f, n)| format!("#{f}({n})")).collect();
        let (count, len) = (parts.len(), bytes.len());
        let n = d.tree.add(
            Field::TlsHandshake,
            continued_end..continued_end,
            Value::None,
        );
        d.tree.label(n, || {
            format!(
                "[{count} Reassembled Handshake Fragments ({len} bytes): {}]",
                list.join(", ")
            )
        });
        d.tree.push_source(
            format!("Reassembled TLS Handshake ({len} bytes)"),
            bytes.clone(),
        );
        let saved = std::mem::replace(&mut d.frame, Bytes::new(bytes));
        if let Some((info, _)) = handshakes(d, 0, len) {
            names.push(info);
        }
        d.frame = saved;
        d.tree.pop_source();
    } else if pieces.continued > 0 {
        fragment_node(
            d,
            start..continued_end,
            "Handshake Protocol: (fragment)".into(),
        );
    }
    let whole = start + pieces.whole.start..start + pieces.whole.end;
    if !whole.is_empty()
        && let Some((info, _)) = handshakes(d, whole.start, whole.end)
    {
        names.push(info);
    }
    if pieces.starts_partial {
        let name = d
            .frame
            .u8(whole.end)
            .ok()
            .and_then(names::tls_handshake)
            .unwrap_or("Unknown");
        names.push(format!("{name} (fragment)"));
        fragment_node(
            d,
            whole.end..data.end,
            format!("Handshake Protocol: {name} (fragment)"),
        );
    }
    d.tree.close();
    d.tree.label(node, || {
        format!(
            "TLSv1.3 Record Layer: Handshake Protocol: {}",
            names.join(", ")
        )
    });
}

fn fragment_node(d: &mut Dissector, range: std::ops::Range<usize>, label: String) {
    let n = d.tree.add(Field::TlsHandshake, range, Value::None);
    d.tree.label(n, || label);
}
