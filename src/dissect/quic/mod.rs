//! QUIC (RFC 9000, 9001, 9369) as tshark shows it without keys: every packet of a datagram
//! (long and short headers, Version Negotiation, Retry with its integrity tag), and the
//! Initial packets decrypted with the version's initial salt, so their frames and the TLS
//! ClientHello/ServerHello inside CRYPTO frames appear. Which connection a datagram belongs
//! to, and the keys and CRYPTO stream state, come from the first pass ([`connection`]).

pub mod connection;
pub mod frames;
pub mod header;
pub mod protection;

use super::Dissector;
use super::field::Field;
use super::reader::{Bytes, Short};
use super::tree::{Expert, Group, Severity};
use super::value::Value;
use connection::{OpenedPacket, QuicDatagram};
pub use header::looks_like_quic;
use header::{PacketKind, dcid_of, packet_end};

/// Dissects the QUIC packets of the UDP payload `start..end`.
/// `end` is the datagram's reported end (it may lie past the captured bytes).
pub fn dissect<'a>(d: &mut Dissector<'a>, start: usize, end: usize) {
    let end = end.max(start);
    d.set_protocol("QUIC");
    let context: &'a super::FrameContext = d.ctx;
    let ctx: Option<&'a QuicDatagram> = context.quic.as_deref();
    let short_len = ctx.map_or(0, |c| c.short_dcid_len);
    let datagram = d.frame.range(start..end.min(d.frame.len())).unwrap_or(&[]);
    let first_dcid = dcid_of(datagram, 0, short_len).map(<[u8]>::to_vec);
    let mut at = start;
    let mut index = 0;
    while at < end {
        let node = if index == 0 {
            d.tree.open_protocol(Field::Quic, at..end)
        } else {
            d.tree.open(Field::Quic, at..end, Value::None)
        };
        d.tree.label(node, || "QUIC IETF".into());
        if index == 0
            && let Some(number) = ctx.and_then(|c| c.connection)
        {
            let n = d.tree.add(
                Field::QuicConnectionNumber,
                at..at,
                Value::UInt(u64::from(number)),
            );
            d.tree.label(n, || format!("[Connection Number: {number}]"));
        }
        let rel = at - start;
        if index > 0 && dcid_of(datagram, rel, short_len).map(<[u8]>::to_vec) != first_dcid {
            padding_note(d, at);
            d.tree.close();
            break;
        }
        let pend = start + packet_end(datagram, rel, end - start);
        d.tree.set_extent(node, pend);
        let n = d.tree.add(
            Field::QuicPacketLength,
            at..at,
            Value::UInt((pend - at) as u64),
        );
        d.tree
            .label(n, || format!("[Packet Length: {}]", pend - at));
        let opened = ctx.and_then(|c| c.opened.iter().find(|p| p.index == index));
        let result = packet(d, at, pend, opened, ctx);
        match result {
            // What is left, as far as it was captured.
            Ok(done) if done < pend.min(d.frame.len()) => {
                let captured = pend.min(d.frame.len());
                d.tree
                    .add(Field::QuicRemainingPayload, done..captured, Value::Span);
            }
            Ok(_) => {}
            Err(e) => {
                d.tree.close();
                d.short("quic", e);
                return;
            }
        }
        d.tree.close();
        at = pend.max(at + 1);
        index += 1;
    }
}

fn padding_note(d: &mut Dissector, at: usize) {
    let e = Expert {
        severity: Severity::Note,
        group: Group::Protocol,
        layer: "quic",
        field: None,
    };
    d.tree.expert(
        e,
        at..at,
        "(Random) padding data appended to the datagram".into(),
    );
}

fn decryption_note(d: &mut Dissector, at: usize, message: &str) {
    let e = Expert {
        severity: Severity::Warning,
        group: Group::Decryption,
        layer: "quic",
        field: None,
    };
    d.tree.expert(e, at..at, message.into());
}

/// One packet in `o..pend`; returns where its dissected part ends.
fn packet<'a>(
    d: &mut Dissector<'a>,
    o: usize,
    pend: usize,
    opened: Option<&'a OpenedPacket>,
    ctx: Option<&QuicDatagram>,
) -> Result<usize, Short> {
    let f = d.frame;
    let first = f.u8(o)?;
    if first & 0x80 == 0 {
        return short_header(d, o, ctx);
    }
    add_bits(d, Field::QuicHeaderForm, o, 1, "Long Header (1)".into());
    let version = f.be_u32(o + 1)?;
    if version == 0 {
        return version_negotiation(d, o, pend);
    }
    let kind = PacketKind::of_long(first, version);
    if kind == PacketKind::Retry {
        return retry(d, o, pend, version, ctx);
    }
    long_header(d, o, pend, version, kind, opened)
}

/// Version, DCID and SCID with their lengths; returns the offset after the SCID.
fn ids(d: &mut Dissector, o: usize) -> Result<(usize, String), Short> {
    let f = d.frame;
    let version = f.be_u32(o + 1)?;
    let t = &mut d.tree;
    let n = t.add(
        Field::QuicVersion,
        o + 1..o + 5,
        Value::UInt(u64::from(version)),
    );
    t.label(n, || format!("Version: {}", version_name(version)));
    let (dcid, at) = connection_id(d, o + 5, Field::QuicDcil, Field::QuicDcid)?;
    let (scid, end) = connection_id(d, at, Field::QuicScil, Field::QuicScid)?;
    let mut info = String::new();
    if !dcid.is_empty() {
        info.push_str(&format!(", DCID={}", hex(dcid)));
    }
    if !scid.is_empty() {
        info.push_str(&format!(", SCID={}", hex(scid)));
    }
    Ok((end, info))
}

/// A connection ID after its length byte at `at`: the ID and the offset after it.
fn connection_id<'a>(
    d: &mut Dissector<'a>,
    at: usize,
    length: Field,
    id: Field,
) -> Result<(&'a [u8], usize), Short> {
    let f = d.frame;
    let len = usize::from(f.u8(at)?);
    d.tree.add(length, at..at + 1, Value::UInt(len as u64));
    let cid = f.slice(at + 1, len)?;
    if len > 0 {
        d.tree
            .add(id, at + 1..at + 1 + len, Value::Bytes(cid.into()));
    }
    Ok((cid, at + 1 + len))
}

fn version_name(version: u32) -> String {
    match version {
        0 => "Version Negotiation (0x00000000)".into(),
        1 => "1 (0x00000001)".into(),
        v if protection::is_v2(v) => format!("2 ({v:#010x})"),
        v if v >> 8 == 0xff0000 => format!("draft-{} ({v:#010x})", v & 0xff),
        v if protection::forces_negotiation(v) => {
            format!("Unknown ({v:#010x}) (Forcing Version Negotiation)")
        }
        v => format!("Unknown ({v:#010x})"),
    }
}

/// A bit field of the first byte at `o` with its bit pattern: `..00 .... = Packet Type: …`.
fn add_bits(d: &mut Dissector, field: Field, o: usize, value: u8, text: String) {
    add_bits_to(&mut d.tree, field, o, value, text);
}

fn add_bits_to(t: &mut super::tree::Tree, field: Field, o: usize, value: u8, text: String) {
    let n = t.add(field, o..o + 1, Value::UInt(u64::from(value)));
    let def = field.def();
    let placed = u64::from(value) << def.mask.trailing_zeros();
    let bits = super::format::bit_pattern(def.mask, placed);
    t.label(n, || format!("{bits}{}: {text}", def.display));
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn varint_field(d: &mut Dissector, field: Field, at: usize) -> Result<(u64, usize), Short> {
    let (v, n) = header::varint(d.frame.all(), at).ok_or(Short {
        needed_end: at + 1,
        have: d.frame.len(),
    })?;
    d.tree.add(field, at..at + n, Value::UInt(v));
    Ok((v, at + n))
}

fn version_negotiation(d: &mut Dissector, o: usize, pend: usize) -> Result<usize, Short> {
    let first = d.frame.u8(o)?;
    d.tree.add(
        Field::QuicVnUnused,
        o..o + 1,
        Value::UInt(u64::from(first & 0x7f)),
    );
    let (mut at, ids) = ids(d, o)?;
    d.set_info(|| format!("Version Negotiation{ids}"));
    while at + 4 <= pend {
        let v = d.frame.be_u32(at)?;
        d.tree.add(
            Field::QuicSupportedVersion,
            at..at + 4,
            Value::UInt(u64::from(v)),
        );
        at += 4;
    }
    Ok(at)
}

fn retry(
    d: &mut Dissector,
    o: usize,
    pend: usize,
    version: u32,
    ctx: Option<&QuicDatagram>,
) -> Result<usize, Short> {
    packet_type(d, o, version, false)?;
    let (at, ids) = ids(d, o)?;
    d.set_info(|| format!("Retry{ids}"));
    let tag_at = pend
        .checked_sub(protection::TAG_LEN)
        .filter(|t| *t >= at)
        .ok_or(Short {
            needed_end: at + protection::TAG_LEN,
            have: pend,
        })?;
    d.tree.add(Field::QuicRetryToken, at..tag_at, Value::Span);
    let n = d
        .tree
        .add(Field::QuicRetryIntegrityTag, tag_at..pend, Value::Span);
    if let Some(odcid) = ctx.and_then(|c| c.original_dcid.as_deref()) {
        let retry = d.frame.range(o..pend)?;
        let verdict = if protection::retry_tag_ok(version, odcid, retry) {
            "verified"
        } else {
            "incorrect"
        };
        let tag = hex(d.frame.range(tag_at..pend)?);
        d.tree
            .label(n, || format!("Retry Integrity Tag: {tag} [{verdict}]"));
    }
    Ok(pend)
}

/// The fixed bit (not shown for Retry) and packet type of a long header.
fn packet_type(d: &mut Dissector, o: usize, version: u32, fixed: bool) -> Result<u8, Short> {
    let first = d.frame.u8(o)?;
    let t = &mut d.tree;
    if fixed {
        t.add(
            Field::QuicFixedBit,
            o..o + 1,
            Value::Bool(first & 0x40 != 0),
        );
    }
    let field = if protection::is_v2(version) {
        Field::QuicLongPacketTypeV2
    } else {
        Field::QuicLongPacketType
    };
    let kind = PacketKind::of_long(first, version);
    let bits = (first >> 4) & 0x03;
    add_bits_to(t, field, o, bits, format!("{} ({bits})", kind.name()));
    Ok(first)
}

fn long_header<'a>(
    d: &mut Dissector<'a>,
    o: usize,
    pend: usize,
    version: u32,
    kind: PacketKind,
    opened: Option<&'a OpenedPacket>,
) -> Result<usize, Short> {
    packet_type(d, o, version, true)?;
    if let Some(p) = opened {
        let t = &mut d.tree;
        let reserved = (p.first_byte >> 2) & 0x03;
        add_bits_to(
            t,
            Field::QuicLongReserved,
            o,
            reserved,
            reserved.to_string(),
        );
        let pn_len = p.first_byte & 0x03;
        let text = format!("{} bytes ({pn_len})", pn_len + 1);
        add_bits_to(t, Field::QuicPacketNumberLength, o, pn_len, text);
    }
    let (mut at, ids) = ids(d, o)?;
    if kind == PacketKind::Initial {
        let (len, next) = varint_field(d, Field::QuicTokenLength, at)?;
        let token_end = usize::try_from(len)
            .ok()
            .and_then(|l| next.checked_add(l))
            .ok_or(Short {
                needed_end: usize::MAX,
                have: d.frame.len(),
            })?;
        d.frame.range(next..token_end)?;
        if len > 0 {
            d.tree.add(Field::QuicToken, next..token_end, Value::Span);
        }
        at = token_end;
    }
    let (_, pn_at) = varint_field(d, Field::QuicLength, at)?;
    let name = kind.name();
    let Some(p) = opened else {
        d.set_info(|| format!("{name}{ids}"));
        decryption_note(
            d,
            pn_at,
            "Failed to create decryption context: Secrets are not available",
        );
        return Ok(pn_at);
    };
    let pn_end = pn_at + p.pn_len;
    d.tree.add(
        Field::QuicPacketNumber,
        pn_at..pn_end,
        Value::UInt(p.packet_number),
    );
    d.tree
        .add(Field::QuicPayload, pn_end.min(pend)..pend, Value::Span);
    let pkn = p.packet_number;
    d.set_info(|| format!("{name}{ids}, PKN: {pkn}"));
    match &p.plaintext {
        Some(plain) => payload(d, plain, p),
        None => decryption_note(
            d,
            pend,
            "Decryption failed: Decryption (checktag) failed: Checksum error",
        ),
    }
    Ok(pend)
}

fn short_header(d: &mut Dissector, o: usize, ctx: Option<&QuicDatagram>) -> Result<usize, Short> {
    let f = d.frame;
    let first = f.u8(o)?;
    let dcid_len = ctx.map_or(0, |c| c.short_dcid_len);
    let dcid = f.slice(o + 1, dcid_len)?;
    let shown = hex(dcid);
    let t = &mut d.tree;
    let node = t.open(Field::QuicShort, o..o + 1 + dcid_len, Value::None);
    t.label(node, || {
        if shown.is_empty() {
            "QUIC Short Header".into()
        } else {
            format!("QUIC Short Header DCID={shown}")
        }
    });
    add_bits_to(t, Field::QuicHeaderForm, o, 0, "Short Header (0)".into());
    t.add(
        Field::QuicFixedBit,
        o..o + 1,
        Value::Bool(first & 0x40 != 0),
    );
    t.add(Field::QuicSpinBit, o..o + 1, Value::Bool(first & 0x20 != 0));
    if dcid_len > 0 {
        t.add(
            Field::QuicDcid,
            o + 1..o + 1 + dcid_len,
            Value::Bytes(dcid.into()),
        );
    }
    t.close();
    let at = o + 1 + dcid_len;
    d.set_info(|| {
        if shown.is_empty() {
            "Protected Payload (KP0)".into()
        } else {
            format!("Protected Payload (KP0), DCID={shown}")
        }
    });
    decryption_note(
        d,
        at,
        "Failed to create decryption context: Secrets are not available",
    );
    Ok(at)
}

/// The frames of a decrypted Initial payload (a data source of its own).
fn payload<'a>(d: &mut Dissector<'a>, plain: &'a std::sync::Arc<[u8]>, p: &'a OpenedPacket) {
    d.tree.push_source(
        format!("Decrypted QUIC ({} bytes)", plain.len()),
        plain.clone(),
    );
    let saved = std::mem::replace(&mut d.frame, Bytes::new(plain));
    let result = frames_of(d, p);
    d.frame = saved;
    d.tree.pop_source();
    if let Err(e) = result {
        d.short("quic", e);
    }
}

fn frames_of<'a>(d: &mut Dissector<'a>, p: &'a OpenedPacket) -> Result<(), Short> {
    let mut at = 0;
    let mut crypto_seen = 0;
    while at < d.frame.len() {
        let frame = frames::parse(d.frame.all(), at).map_err(|_| Short {
            needed_end: d.frame.len() + 1,
            have: d.frame.len(),
        })?;
        let node = d
            .tree
            .open(Field::QuicFrame, frame.range.clone(), Value::None);
        let label = frame.label.clone();
        d.tree.label(node, || label);
        for part in &frame.parts {
            match part {
                frames::Part::Int(Field::QuicFrameType, v, r) => {
                    let n = d.tree.add(Field::QuicFrameType, r.clone(), Value::UInt(*v));
                    let name = frames::name(*v);
                    d.tree
                        .label(n, || format!("Frame Type: {name} ({v:#018x})"));
                    n
                }
                frames::Part::Int(field, v, r) => d.tree.add(*field, r.clone(), Value::UInt(*v)),
                frames::Part::Bytes(field, r) => d.tree.add(*field, r.clone(), Value::Span),
                frames::Part::Text(field, r) => {
                    let text = String::from_utf8_lossy(d.frame.range(r.clone())?).into_owned();
                    d.tree.add(*field, r.clone(), Value::Str(text.into()))
                }
            };
        }
        if let Some((_, data)) = &frame.crypto {
            if let Some(delivery) = p.crypto.get(crypto_seen) {
                super::tls::quic_crypto(d, data.clone(), delivery);
            }
            crypto_seen += 1;
        }
        d.tree.close();
        let info = frame.info;
        d.append_info(&info);
        at = frame.range.end.max(at + 1);
    }
    Ok(())
}
