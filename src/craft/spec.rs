//! The text form of a packet: `eth(src=02:00:00:00:00:01)/ip(dst=198.18.0.2,ttl=7)/udp/data`.
//!
//! ```text
//! SPEC   := LAYER ( "/" LAYER )*
//! LAYER  := PROTO [ "(" [ ASSIGN ( "," ASSIGN )* ] ")" ]
//! ASSIGN := FIELD [ "=" VALUE ]
//! VALUE  := LITERAL | LITERAL ".." LITERAL | "random"
//! ```
//! PROTO is a display-filter protocol name, FIELD a display-filter field name with or without
//! the protocol prefix, LITERAL a display-filter literal. A range steps once per packet (and
//! wraps back to its start); `random` draws a new value per packet from a seeded generator.

use super::layers::Proto;
use crate::dissect::{Field, Value};
use std::ops::Range;

/// A parsed packet description.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Layers, outermost first.
    pub layers: Vec<LayerSpec>,
}

/// One layer and the fields given for it.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerSpec {
    /// Which protocol.
    pub proto: Proto,
    /// Its fields, in the order written (the order of options and DNS records).
    pub fields: Vec<Assign>,
    /// Where the layer is in the text (bytes).
    pub span: Range<usize>,
}

/// `FIELD=VALUE`, or a bare `FIELD` (a value-less item such as `options.sack_perm`).
#[derive(Debug, Clone, PartialEq)]
pub struct Assign {
    /// The field.
    pub field: Field,
    /// What it is set to.
    pub value: ValueSpec,
    /// Where it is in the text (bytes).
    pub span: Range<usize>,
}

/// A field's value, for one packet or stepping through several.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueSpec {
    /// A value-less item (its presence is the point).
    Present,
    /// One value.
    Fixed(Value),
    /// `A..B`: packet k gets the k-th value counting from A, back to A after B.
    Range {
        /// First value.
        from: Value,
        /// Last value.
        to: Value,
    },
    /// A new value for every packet, from the seeded generator.
    Random,
}

impl Spec {
    /// True when any field steps or is random (more than one distinct packet).
    pub fn varies(&self) -> bool {
        self.layers
            .iter()
            .flat_map(|l| &l.fields)
            .any(|a| matches!(a.value, ValueSpec::Range { .. } | ValueSpec::Random))
    }
}

impl std::fmt::Display for Spec {
    /// The canonical text: full field names without the protocol prefix, literals as the
    /// display filter writes them. Parsing it gives the same spec back.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (k, layer) in self.layers.iter().enumerate() {
            if k > 0 {
                f.write_str("/")?;
            }
            f.write_str(layer.proto.name())?;
            if layer.fields.is_empty() {
                continue;
            }
            f.write_str("(")?;
            for (i, a) in layer.fields.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                f.write_str(short_name(layer.proto, a.field))?;
                match &a.value {
                    ValueSpec::Present => {}
                    ValueSpec::Fixed(v) => write!(f, "={}", literal(a.field, v))?,
                    ValueSpec::Range { from, to } => {
                        write!(f, "={}..{}", literal(a.field, from), literal(a.field, to))?
                    }
                    ValueSpec::Random => f.write_str("=random")?,
                }
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// `ttl` for `ip.ttl` inside `ip(...)`; `seq`/`ack` for TCP's wire sequence numbers.
fn short_name(proto: Proto, field: Field) -> &'static str {
    match field {
        Field::TcpSeqRaw => return "seq",
        Field::TcpAckRaw => return "ack",
        _ => {}
    }
    let name = field.name();
    name.strip_prefix(proto.name())
        .and_then(|rest| rest.strip_prefix('.'))
        .unwrap_or(name)
}

/// A value as a display-filter literal that parses back to the same value.
pub fn literal(field: Field, v: &Value) -> String {
    match v {
        Value::Str(s) => quote(s.as_bytes()),
        Value::Bytes(b) if b.is_empty() || mostly_text(b) => quote(b),
        Value::Bytes(b) => crate::dissect::value::format_hex_sep(b, ':'),
        Value::Bool(b) => u8::from(*b).to_string(),
        Value::UInt(n) => match field.def().kind {
            crate::dissect::field::Kind::UInt {
                base: crate::dissect::field::Base::Hex,
                ..
            } => format!("0x{n:x}"),
            _ => n.to_string(),
        },
        other => crate::dissect::format::field_text(field, other),
    }
}

/// True for bytes that read better as text (an HTTP request, a greeting) than as hex.
fn mostly_text(bytes: &[u8]) -> bool {
    let text = bytes
        .iter()
        .filter(|b| b.is_ascii_graphic() || matches!(b, b' ' | b'\r' | b'\n' | b'\t'))
        .count();
    bytes.len() >= 4 && text * 10 >= bytes.len() * 9
}

/// `"text"` with `\` and `"` escaped, CR, LF and tab as `\r`, `\n`, `\t`, and other
/// non-printable bytes as `\xNN` (the display filter's string escapes).
fn quote(bytes: &[u8]) -> String {
    let mut s = String::from("\"");
    for &b in bytes {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(char::from(b)),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s.push('"');
    s
}
