//! PPP authentication: PAP (RFC 1334 §2, peer ID and password in the clear, then a message)
//! and CHAP (RFC 1994, a challenge or response value and a name, then a message), with the
//! Info column as Wireshark's (`Authenticate-Request (Peer-ID='alice', Password='…')`).

use super::super::Dissector;
use super::super::field::Field;
use super::super::reader::Short;
use super::super::tree::Severity;
use super::super::value::{Value, format_hex};

/// The code, identifier and length before the data.
const HEADER: usize = 4;

/// A packet's body reader: the layer's node, the packet's start and the data's end.
type Packet = fn(&mut Dissector, usize, usize, usize) -> Result<(), Short>;

/// Dissects a PAP packet in `o..end`.
pub fn pap(d: &mut Dissector, o: usize, end: usize) {
    layer(d, (Field::Pap, "pap", "PPP PAP"), pap_packet, o, end);
}

/// Dissects a CHAP packet in `o..end`.
pub fn chap(d: &mut Dissector, o: usize, end: usize) {
    layer(d, (Field::Chap, "chap", "PPP CHAP"), chap_packet, o, end);
}

fn layer(
    d: &mut Dissector,
    (field, name, column): (Field, &'static str, &str),
    packet: Packet,
    o: usize,
    end: usize,
) {
    d.set_protocol(column);
    let node = d.tree.open_protocol(field, o..end.max(o));
    let result = packet(d, node, o, end);
    d.tree.close();
    if let Err(e) = result {
        d.short(name, e);
    }
}

/// The header fields of either protocol; returns the code and where the data ends.
fn header(
    d: &mut Dissector,
    fields: [Field; 3],
    layer: &'static str,
    node: usize,
    o: usize,
    end: usize,
) -> Result<(u8, usize), Short> {
    let f = d.frame;
    let (code, id, length) = (f.u8(o)?, f.u8(o + 1)?, usize::from(f.be_u16(o + 2)?));
    let t = &mut d.tree;
    t.add(fields[0], o..o + 1, Value::UInt(u64::from(code)));
    t.add(fields[1], o + 1..o + 2, Value::UInt(u64::from(id)));
    t.add(fields[2], o + 2..o + 4, Value::UInt(length as u64));
    if length < HEADER {
        let message = format!("Length {length} is less than the header's {HEADER} bytes");
        t.note(Severity::Error, layer, o + 2..o + 4, message);
        return Ok((code, o + HEADER));
    }
    let packet_end = (o + length).min(end.max(o + HEADER));
    t.set_end(node, packet_end);
    Ok((code, packet_end))
}

/// A one-byte length, then that many bytes of text at `at`; returns the text and its end.
fn counted_text(
    d: &mut Dissector,
    fields: (Field, Field),
    at: usize,
) -> Result<(String, usize), Short> {
    let length = usize::from(d.frame.u8(at)?);
    d.tree.add(fields.0, at..at + 1, Value::UInt(length as u64));
    let text = String::from_utf8_lossy(d.frame.slice(at + 1, length)?).into_owned();
    d.tree.add(
        fields.1,
        at + 1..at + 1 + length,
        Value::Str(text.clone().into()),
    );
    Ok((text, at + 1 + length))
}

fn pap_packet(d: &mut Dissector, node: usize, o: usize, end: usize) -> Result<(), Short> {
    let fields = [Field::PapCode, Field::PapIdentifier, Field::PapLength];
    // Wireshark reads PAP's data to the frame's end whatever the length says.
    let (code, _) = header(d, fields, "pap", node, o, end)?;
    let name = match code {
        1 => "Authenticate-Request",
        2 => "Authenticate-Ack",
        3 => "Authenticate-Nak",
        _ => "Unknown",
    };
    d.set_info(|| name.into());
    let body = o + HEADER;
    if body >= end {
        return Ok(());
    }
    d.tree.open(Field::PapData, body..end, Value::None);
    let result = match code {
        1 => {
            let fields = (Field::PapPeerIdLength, Field::PapPeerId);
            counted_text(d, fields, body).and_then(|(peer, at)| {
                let fields = (Field::PapPasswordLength, Field::PapPassword);
                let (password, _) = counted_text(d, fields, at)?;
                d.set_info(|| format!("{name} (Peer-ID='{peer}', Password='{password}')"));
                Ok(())
            })
        }
        2 | 3 => {
            let fields = (Field::PapMessageLength, Field::PapMessage);
            counted_text(d, fields, body).map(|(message, _)| {
                d.set_info(|| format!("{name} (Message='{message}')"));
            })
        }
        _ => Ok(()),
    };
    d.tree.close();
    result
}

fn chap_packet(d: &mut Dissector, node: usize, o: usize, end: usize) -> Result<(), Short> {
    let fields = [Field::ChapCode, Field::ChapIdentifier, Field::ChapLength];
    let (code, end) = header(d, fields, "chap", node, o, end)?;
    let name = match code {
        1 => "Challenge",
        2 => "Response",
        3 => "Success",
        4 => "Failure",
        _ => "Unknown",
    };
    d.set_info(|| name.into());
    let body = o + HEADER;
    if body >= end {
        return Ok(());
    }
    let f = d.frame;
    match code {
        1 | 2 => {
            let size = usize::from(f.u8(body)?);
            let value = f.slice(body + 1, size)?;
            let name_at = body + 1 + size;
            let peer = String::from_utf8_lossy(f.range(name_at..end.max(name_at))?).into_owned();
            let t = &mut d.tree;
            t.open(Field::ChapData, body..end, Value::None);
            t.add(
                Field::ChapValueSize,
                body..body + 1,
                Value::UInt(size as u64),
            );
            t.add(
                Field::ChapValue,
                body + 1..name_at,
                Value::Bytes(value.into()),
            );
            if name_at < end {
                t.add(
                    Field::ChapName,
                    name_at..end,
                    Value::Str(peer.clone().into()),
                );
            }
            t.close();
            let hex = format_hex(value);
            d.set_info(|| format!("{name} (NAME='{peer}', VALUE=0x{hex})"));
        }
        3 | 4 => {
            let message = String::from_utf8_lossy(f.range(body..end)?).into_owned();
            d.tree.add(
                Field::ChapMessage,
                body..end,
                Value::Str(message.clone().into()),
            );
            d.set_info(|| format!("{name} (MESSAGE='{message}')"));
        }
        _ => {}
    }
    Ok(())
}
