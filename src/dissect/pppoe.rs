//! PPPoE (RFC 2516) on EtherTypes 0x8863 (discovery: PADI, PADO, PADR, PADS, PADT and their
//! tags) and 0x8864 (session: the PPP frame the payload length bounds).

use super::field::Field;
use super::reader::Short;
use super::tree::Severity;
use super::value::Value;
use super::{Dissector, ppp};

/// Version/type, code, session ID and payload length.
const HEADER: usize = 6;
/// A tag's type and length.
const TAG_HEADER: usize = 4;
/// The tag that ends the list (RFC 2516 §A).
const END_OF_LIST: u16 = 0x0000;
/// The tag whose value the Info column repeats.
const AC_NAME: u16 = 0x0102;

/// Dissects a discovery packet at `o`; returns where its payload length says it ends.
pub fn dissect_discovery(d: &mut Dissector, o: usize) -> Option<usize> {
    d.set_protocol("PPPoED");
    let node = d.tree.open_protocol(Field::Pppoed, o..d.frame.len());
    let result = header(d, o).and_then(|(code, end)| {
        d.set_info(|| code_name(code).into());
        d.tree.set_end(node, end);
        tags(d, o + HEADER, end).map(|()| end)
    });
    d.tree.close();
    result.map_err(|e| d.short("pppoed", e)).ok()
}

/// Dissects a session packet at `o` and the PPP frame it carries; returns where its payload
/// length says it ends.
pub fn dissect_session(d: &mut Dissector, o: usize) -> Option<usize> {
    d.set_protocol("PPPoES");
    let node = d.tree.open_protocol(Field::Pppoes, o..o + HEADER);
    let result = header(d, o);
    d.tree.close();
    match result {
        Ok((code, end)) => {
            d.set_info(|| code_name(code).into());
            d.tree.set_extent(node, end);
            ppp::dissect(d, o + HEADER, end);
            Some(end)
        }
        Err(e) => {
            d.short("pppoes", e);
            None
        }
    }
}

/// The common header; returns the code and where the payload ends.
fn header(d: &mut Dissector, o: usize) -> Result<(u8, usize), Short> {
    let f = d.frame;
    let (vertype, code) = (f.u8(o)?, f.u8(o + 1)?);
    let (session, length) = (f.be_u16(o + 2)?, f.be_u16(o + 4)?);
    let t = &mut d.tree;
    let byte = o..o + 1;
    t.add(
        Field::PppoeVersion,
        byte.clone(),
        Value::UInt(u64::from(vertype >> 4)),
    );
    t.add(
        Field::PppoeType,
        byte,
        Value::UInt(u64::from(vertype & 0x0f)),
    );
    let c = t.add(Field::PppoeCode, o + 1..o + 2, Value::UInt(u64::from(code)));
    t.label(c, || format!("Code: {} (0x{code:02x})", code_name(code)));
    t.add(
        Field::PppoeSessionId,
        o + 2..o + 4,
        Value::UInt(u64::from(session)),
    );
    t.add(
        Field::PppoePayloadLength,
        o + 4..o + 6,
        Value::UInt(u64::from(length)),
    );
    let end = o + HEADER + usize::from(length);
    if end > f.len() {
        let message = format!("Payload length {length} runs past the frame's end");
        t.note(Severity::Error, "pppoed", o + 4..o + 6, message);
    }
    Ok((code, end.min(f.len())))
}

fn code_name(code: u8) -> &'static str {
    match code {
        0x00 => "Session Data",
        0x07 => "Active Discovery Offer (PADO)",
        0x09 => "Active Discovery Initiation (PADI)",
        0x19 => "Active Discovery Request (PADR)",
        0x65 => "Active Discovery Session-confirmation (PADS)",
        0xa7 => "Active Discovery Terminate (PADT)",
        0xd3 => "Active Discovery Message (PADM)",
        0xd4 => "Active Discovery Network (PADN)",
        _ => "Unknown",
    }
}

/// The tag list in `o..end`.
fn tags(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    if o >= end {
        return Ok(());
    }
    d.tree.open(Field::PppoedTags, o..end, Value::None);
    let mut at = o;
    let result = loop {
        if at + TAG_HEADER > end {
            break Ok(());
        }
        match tag(d, at, end) {
            Ok(Some(next)) => at = next,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    d.tree.close();
    result
}

/// One tag at `at`; returns where the next starts (`None`: the list ended).
fn tag(d: &mut Dissector, at: usize, end: usize) -> Result<Option<usize>, Short> {
    let f = d.frame;
    let (kind, length) = (f.be_u16(at)?, usize::from(f.be_u16(at + 2)?));
    let body = at + TAG_HEADER..at + TAG_HEADER + length;
    if body.end > end {
        let message = format!("Tag length {length} runs past the payload's end");
        d.tree
            .note(Severity::Error, "pppoed", at + 2..at + 4, message);
        return Ok(None);
    }
    let value = f.range(body.clone())?;
    let text = || Value::Str(String::from_utf8_lossy(value).into());
    let bytes = || Value::Bytes(value.into());
    let t = &mut d.tree;
    let field = match kind {
        END_OF_LIST => return Ok(None),
        0x0101 => Some((Field::PppoedServiceName, text())),
        AC_NAME => Some((Field::PppoedAcName, text())),
        0x0103 => Some((Field::PppoedHostUniq, bytes())),
        0x0104 => Some((Field::PppoedAcCookie, bytes())),
        0x0105 if value.len() >= 4 => {
            let vendor = f.be_u32(body.start)?;
            let id = body.start..body.start + 4;
            t.add(Field::PppoedVendorId, id, Value::UInt(u64::from(vendor)));
            let rest = value.get(4..).unwrap_or_default();
            if !rest.is_empty() {
                let r = body.start + 4..body.end;
                t.add(Field::PppoedVendorUnspecified, r, Value::Bytes(rest.into()));
            }
            None
        }
        0x0110 => Some((Field::PppoedRelaySessionId, bytes())),
        0x0201 => Some((Field::PppoedServiceNameError, text())),
        0x0202 => Some((Field::PppoedAcSystemError, text())),
        0x0203 => Some((Field::PppoedGenericError, text())),
        _ => Some((Field::PppoedTagUnknown, bytes())),
    };
    if let Some((field, value)) = field {
        if kind == AC_NAME
            && let Value::Str(name) = &value
        {
            let info = format!(" AC-Name='{name}'");
            d.append_info(&info);
        }
        d.tree.add(field, body.clone(), value);
    }
    Ok(Some(body.end))
}
