//! EAP, the Extensible Authentication Protocol (RFC 3748), as EAPOL carries it: code, id,
//! length and method type, with Info "Request, Identity" / "Success", and the methods
//! tshark users read most — Identity, Notification, Nak, MD5-Challenge, the TLS-based ones
//! (EAP-TLS, PEAP, TTLS, FAST: flags, length, the TLS records of an unfragmented message),
//! EAP-SIM/AKA/AKA' attributes, MS-CHAP-v2, Expanded types. Like tshark, EAP shows in the
//! Protocol column and the tree but not in `frame.protocols`.

mod methods;
mod names;

use super::Dissector;
use super::field::Field;
use super::reader::Short;
use super::value::Value;

/// EAP codes that carry a method type.
const REQUEST: u8 = 1;
const RESPONSE: u8 = 2;
/// Header bytes before the type.
const HEADER: usize = 4;

/// Dissects an EAP packet at `o`; `end` is where the enclosing EAPOL frame ends.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let b = d.frame;
    d.set_protocol("EAP");
    d.set_info(String::new);
    let code = b.u8(o)?;
    let code_name = names::code(code);
    d.set_info(|| match code_name {
        Some(name) => name.to_string(),
        None => format!("Unknown code (0x{code:02X})"),
    });
    let len = usize::from(b.be_u16(o + 2).unwrap_or(0));
    let stop = if len >= HEADER { o + len } else { end };
    let node = d.tree.open(Field::Eap, o..stop.min(b.len()), Value::None);
    d.tree
        .label(node, || "Extensible Authentication Protocol".into());
    let result = fields(d, o, stop, code);
    d.tree.close();
    result
}

fn fields(d: &mut Dissector, o: usize, stop: usize, code: u8) -> Result<(), Short> {
    let b = d.frame;
    let t = &mut d.tree;
    let n = t.add(Field::EapCode, o..o + 1, uint(code));
    t.label(n, || {
        format!("Code: {} ({code})", names::code(code).unwrap_or("Unknown"))
    });
    let id = b.u8(o + 1)?;
    t.add(Field::EapId, o + 1..o + 2, uint(id));
    let len = b.be_u16(o + 2)?;
    t.add(Field::EapLen, o + 2..o + 4, Value::UInt(u64::from(len)));
    if !matches!(code, REQUEST | RESPONSE) || usize::from(len) <= HEADER {
        return Ok(());
    }
    let kind = b.u8(o + HEADER)?;
    let name = names::method(kind);
    d.append_info(&match name {
        Some(name) => format!(", {name}"),
        None => format!(", Unknown type (0x{kind:02x})"),
    });
    let at = o + HEADER;
    let n = d.tree.open(Field::EapType, at..at + 1, uint(kind));
    d.tree.label(n, || {
        format!("Type: {} ({kind})", name.unwrap_or("Unknown"))
    });
    if kind == methods::MD5 {
        methods::mitm_warning(d, at);
    }
    d.tree.close();
    methods::dissect(d, kind, at + 1, stop)
}

fn uint(v: u8) -> Value {
    Value::UInt(u64::from(v))
}
