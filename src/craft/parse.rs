//! Parses the packet text form (see [`super::spec`]). Every error points at the part of the
//! text it is about, with the fields or layers that would have been accepted.

use super::CraftError;
use super::layers::Proto;
use super::spec::{Assign, LayerSpec, Spec, ValueSpec};
use super::values::max_value;
use crate::dissect::field::Kind;
use crate::dissect::{Field, Value};
use crate::filter::literal::{Lit, VType, parse_text};
use std::iter::Peekable;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;
use std::str::CharIndices;

/// Longest spec accepted (characters): a description, not a payload dump.
const MAX_TEXT: usize = 1 << 20;
/// Most layers in one spec.
const MAX_LAYERS: usize = 64;
/// Largest payload `data(len=…)` makes.
const MAX_DATA_LEN: u64 = 262_144;

/// Parses a spec.
pub fn parse(text: &str) -> Result<Spec, CraftError> {
    if text.len() > MAX_TEXT {
        return Err(CraftError::at(
            format!("The spec is longer than {MAX_TEXT} bytes."),
            0..1,
        ));
    }
    let mut p = Parser {
        text,
        chars: text.char_indices().peekable(),
    };
    let mut layers = Vec::new();
    loop {
        p.skip_spaces();
        if layers.len() >= MAX_LAYERS {
            return Err(p.error_here(format!("More than {MAX_LAYERS} layers.")));
        }
        layers.push(p.layer()?);
        p.skip_spaces();
        match p.chars.next() {
            None => break,
            Some((_, '/')) => {}
            Some((i, c)) => {
                return Err(CraftError::at(
                    format!("\"{c}\" was unexpected here: layers are separated by \"/\"."),
                    i..i + c.len_utf8(),
                ));
            }
        }
    }
    Ok(Spec { layers })
}

struct Parser<'a> {
    text: &'a str,
    chars: Peekable<CharIndices<'a>>,
}

impl Parser<'_> {
    fn pos(&mut self) -> usize {
        self.chars.peek().map_or(self.text.len(), |(i, _)| *i)
    }

    fn skip_spaces(&mut self) {
        while self.chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            self.chars.next();
        }
    }

    fn error_here(&mut self, message: String) -> CraftError {
        let at = self.pos();
        let end = self
            .text
            .get(at..)
            .and_then(|s| s.chars().next())
            .map_or(at, |c| at + c.len_utf8());
        CraftError::at(
            message,
            at..end.max(at + 1).min(self.text.len().max(at + 1)),
        )
    }

    /// A run of name characters.
    fn word(&mut self) -> (String, Range<usize>) {
        let start = self.pos();
        let mut s = String::new();
        while let Some(&(_, c)) = self.chars.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                s.push(c);
                self.chars.next();
            } else {
                break;
            }
        }
        let end = start + s.len();
        (s, start..end)
    }

    fn layer(&mut self) -> Result<LayerSpec, CraftError> {
        let (name, span) = self.word();
        if name.is_empty() {
            let known: Vec<&str> = Proto::ALL.iter().map(|p| p.name()).collect();
            return Err(self.error_here(format!(
                "A layer name was expected here ({}).",
                known.join(", ")
            )));
        }
        let proto = Proto::by_name(&name).ok_or_else(|| {
            let known: Vec<&str> = Proto::ALL.iter().map(|p| p.name()).collect();
            CraftError::at(
                format!(
                    "\"{name}\" is not a layer that can be built; layers: {}.",
                    known.join(", ")
                ),
                span.clone(),
            )
        })?;
        self.skip_spaces();
        let mut fields = Vec::new();
        if self.chars.peek().is_some_and(|(_, c)| *c == '(') {
            self.chars.next();
            fields = self.assignments(proto)?;
        }
        let end = self.pos();
        Ok(LayerSpec {
            proto,
            fields,
            span: span.start..end,
        })
    }

    fn assignments(&mut self, proto: Proto) -> Result<Vec<Assign>, CraftError> {
        let mut out = Vec::new();
        loop {
            self.skip_spaces();
            if self.chars.peek().is_some_and(|(_, c)| *c == ')') && out.is_empty() {
                self.chars.next();
                return Ok(out);
            }
            out.push(self.assignment(proto)?);
            self.skip_spaces();
            match self.chars.next() {
                Some((_, ',')) => {}
                Some((_, ')')) => return Ok(out),
                Some((i, c)) => {
                    return Err(CraftError::at(
                        format!("\"{c}\" was unexpected here: expected \",\" or \")\"."),
                        i..i + c.len_utf8(),
                    ));
                }
                None => {
                    return Err(self.error_here(format!(
                        "The field list of {} is missing its closing \")\".",
                        proto.name()
                    )));
                }
            }
        }
    }

    fn assignment(&mut self, proto: Proto) -> Result<Assign, CraftError> {
        let (name, span) = self.word();
        if name.is_empty() {
            return Err(self.error_here(format!("A field of {} was expected here.", proto.name())));
        }
        let field = proto
            .resolve(&name)
            .ok_or_else(|| CraftError::at(unknown_field(proto, &name), span.clone()))?;
        self.skip_spaces();
        if self.chars.peek().is_none_or(|(_, c)| *c != '=') {
            if field.def().kind == Kind::Protocol {
                return Ok(Assign {
                    field,
                    value: ValueSpec::Present,
                    span,
                });
            }
            return Err(CraftError::at(
                format!("{} needs a value: {name}=…", field.name()),
                span,
            ));
        }
        self.chars.next();
        self.skip_spaces();
        let (value, vspan) = self.value(field)?;
        Ok(Assign {
            field,
            value,
            span: span.start..vspan.end,
        })
    }

    /// A quoted string, `random`, `A..B`, or a literal, up to the next `,` or `)`.
    fn value(&mut self, field: Field) -> Result<(ValueSpec, Range<usize>), CraftError> {
        let start = self.pos();
        if self.chars.peek().is_some_and(|(_, c)| *c == '"') {
            self.chars.next();
            let tok = crate::filter::lexer::string(self.text, start, &mut self.chars)
                .map_err(|e| CraftError::at(e.message, e.span))?;
            let crate::filter::lexer::Tok::Str(bytes) = tok.tok else {
                return Err(CraftError::at("A string was expected.", tok.span));
            };
            let v = value_of(field, bytes, true, tok.span.clone())?;
            return Ok((ValueSpec::Fixed(v), tok.span));
        }
        let mut raw = String::new();
        while let Some(&(_, c)) = self.chars.peek() {
            if c == ',' || c == ')' {
                break;
            }
            raw.push(c);
            self.chars.next();
        }
        let trimmed = raw.trim_end();
        let span = start..start + trimmed.len();
        if trimmed.is_empty() {
            return Err(CraftError::at(
                format!("{} needs a value after \"=\".", field.name()),
                start..start + 1,
            ));
        }
        if trimmed == "random" {
            return random_of(field, span);
        }
        if let Some((a, b)) = trimmed.split_once("..") {
            let bstart = start + a.len() + 2;
            let from = value_of(field, a.as_bytes().to_vec(), false, start..start + a.len())?;
            let to = value_of(field, b.as_bytes().to_vec(), false, bstart..span.end)?;
            return range_of(field, from, to, span);
        }
        let v = value_of(field, trimmed.as_bytes().to_vec(), false, span.clone())?;
        Ok((ValueSpec::Fixed(v), span))
    }
}

/// One literal (or a quoted string) as a value of `field`: what an editor's text box holds.
pub fn value_text(field: Field, text: &str) -> Result<Value, CraftError> {
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    if trimmed.starts_with('"') {
        let mut chars = trimmed.char_indices().peekable();
        chars.next();
        let tok = crate::filter::lexer::string(trimmed, 0, &mut chars)
            .map_err(|e| CraftError::at(e.message, e.span))?;
        if chars.next().is_some() {
            return Err(CraftError::at(
                "Nothing may follow the closing quote.",
                tok.span.end..trimmed.len(),
            ));
        }
        let crate::filter::lexer::Tok::Str(bytes) = tok.tok else {
            return Err(CraftError::at("A string was expected.", tok.span));
        };
        return value_of(field, bytes, true, lead..lead + trimmed.len());
    }
    if trimmed.is_empty() {
        return Err(CraftError::at(
            format!("{} needs a value.", field.name()),
            0..text.len().max(1),
        ));
    }
    value_of(
        field,
        trimmed.as_bytes().to_vec(),
        false,
        lead..lead + trimmed.len(),
    )
}

/// "… is not a field of ip; its fields: version, hdr_len, …" (did you mean … first).
fn unknown_field(proto: Proto, name: &str) -> String {
    let prefix = format!("{}.", proto.name());
    let short: Vec<&str> = proto
        .fields()
        .iter()
        .map(|s| s.field.name())
        .map(|n| n.strip_prefix(prefix.as_str()).unwrap_or(n))
        .collect();
    let wanted = name.strip_prefix(prefix.as_str()).unwrap_or(name);
    let close = short.iter().find(|s| {
        s.starts_with(wanted) || wanted.starts_with(**s) || edit_distance(s, wanted) <= 2
    });
    let hint = close.map_or(String::new(), |c| format!(" Did you mean \"{c}\"?"));
    format!(
        "\"{name}\" is not a field of {}.{hint} Its fields: {}.",
        proto.name(),
        short.join(", ")
    )
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// A literal as a value of `field`, range-checked.
fn value_of(
    field: Field,
    text: Vec<u8>,
    quoted: bool,
    span: Range<usize>,
) -> Result<Value, CraftError> {
    if let Some(word) = tcp_flag_letters(field, &text) {
        return Ok(Value::UInt(word));
    }
    let kind = field.def().kind;
    let t = match kind {
        Kind::Protocol | Kind::Text | Kind::Flag => {
            return Err(CraftError::at(
                format!("{} takes no value; write it alone.", field.name()),
                span,
            ));
        }
        other => VType::of(other),
    };
    let lit = parse_text(t, text, quoted, span.clone()).map_err(|e| {
        let hint = if field == Field::TcpFlags {
            " Flags are a number (0x012) or scapy's letters FSRPAUECN (SA)."
        } else {
            ""
        };
        CraftError::at(format!("{}{hint}", e.message), span.clone())
    })?;
    let bad = |m: String| CraftError::at(m, span.clone());
    match (kind, lit) {
        (Kind::UInt { .. } | Kind::Int, Lit::UInt(v)) => check_uint(field, v).map_err(bad),
        (Kind::Bool, Lit::Bool(b)) => Ok(Value::Bool(b)),
        (Kind::Bool, Lit::UInt(v)) if v <= 1 => Ok(Value::Bool(v == 1)),
        (Kind::Ipv4, Lit::Ipv4 { addr, prefix: 32 }) => Ok(Value::Ipv4(Ipv4Addr::from(addr))),
        (Kind::Ipv6, Lit::Ipv6 { addr, prefix: 128 }) => Ok(Value::Ipv6(Ipv6Addr::from(addr))),
        (Kind::Ipv4 | Kind::Ipv6, _) => Err(bad(format!(
            "{} takes one address, not a network.",
            field.name()
        ))),
        (Kind::Ether, Lit::Bytes(b)) => <[u8; 6]>::try_from(b.as_slice())
            .map(Value::Ether)
            .map_err(|_| bad(format!("{} takes a 6-byte MAC address.", field.name()))),
        (Kind::Bytes, Lit::Bytes(b)) => Ok(Value::Bytes(b.into_boxed_slice())),
        (Kind::Str, Lit::Bytes(b)) => String::from_utf8(b)
            .map(|s| Value::Str(s.into_boxed_str()))
            .map_err(|_| bad(format!("{} takes UTF-8 text.", field.name()))),
        (_, other) => Err(bad(format!(
            "{:?} is not a value for {}.",
            other,
            field.name()
        ))),
    }
}

/// scapy's letters for TCP flags, lowest bit first: `flags=S`, `flags=SA`, `flags="FPU"`.
const TCP_FLAG_LETTERS: &[u8] = b"FSRPAUECN";

fn tcp_flag_letters(field: Field, text: &[u8]) -> Option<u64> {
    if field != Field::TcpFlags || text.is_empty() {
        return None;
    }
    text.iter().try_fold(0u64, |word, c| {
        let bit = TCP_FLAG_LETTERS.iter().position(|l| l == c)?;
        Some(word | 1 << bit)
    })
}

fn check_uint(field: Field, v: u64) -> Result<Value, String> {
    let max = max_value(field);
    if v > max {
        return Err(format!(
            "{v} does not fit in {} (at most {max}).",
            field.name()
        ));
    }
    if matches!(field, Field::IpHdrLen | Field::TcpHdrLen) && (!v.is_multiple_of(4) || v < 20) {
        return Err(format!(
            "{} is in bytes: a multiple of 4 from 20 to 60, not {v}.",
            field.name()
        ));
    }
    if field == Field::DataLen && v > MAX_DATA_LEN {
        return Err(format!("data.len is at most {MAX_DATA_LEN} bytes."));
    }
    Ok(Value::UInt(v))
}

fn range_of(
    field: Field,
    from: Value,
    to: Value,
    span: Range<usize>,
) -> Result<(ValueSpec, Range<usize>), CraftError> {
    let ordered = match (&from, &to) {
        (Value::UInt(a), Value::UInt(b)) => a <= b,
        (Value::Ipv4(a), Value::Ipv4(b)) => a <= b,
        (Value::Ipv6(a), Value::Ipv6(b)) => a <= b,
        (Value::Ether(a), Value::Ether(b)) => a <= b,
        _ => {
            return Err(CraftError::at(
                format!(
                    "{} cannot step through a range (numbers and addresses can).",
                    field.name()
                ),
                span,
            ));
        }
    };
    if !ordered {
        return Err(CraftError::at(
            "A range goes from the smaller value to the larger one.",
            span,
        ));
    }
    Ok((ValueSpec::Range { from, to }, span))
}

fn random_of(field: Field, span: Range<usize>) -> Result<(ValueSpec, Range<usize>), CraftError> {
    match field.def().kind {
        Kind::UInt { .. } | Kind::Bool | Kind::Ipv4 | Kind::Ipv6 | Kind::Ether => {
            Ok((ValueSpec::Random, span))
        }
        _ => Err(CraftError::at(
            format!(
                "{} cannot be random (numbers, flags and addresses can).",
                field.name()
            ),
            span,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::craft::spec::ValueSpec;
    use crate::dissect::{Field, Value};

    #[test]
    fn the_issue_example_parses_and_prints_back() {
        let text = "eth(src=02:00:00:00:00:01,dst=02:00:00:00:00:02)/ip(src=198.18.0.1,\
                    dst=198.18.0.2,ttl=7)/udp(srcport=1234,dstport=5353)/data(data=\"hi\")";
        let spec = parse(text).expect("parses");
        assert_eq!(spec.layers.len(), 4);
        let ttl = &spec.layers[1].fields[2];
        assert_eq!(ttl.field, Field::IpTtl);
        assert_eq!(ttl.value, ValueSpec::Fixed(Value::UInt(7)));
        assert_eq!(
            parse(&spec.to_string()).expect("reparses"),
            spec_without_spans(&spec)
        );
    }

    fn spec_without_spans(s: &crate::craft::Spec) -> crate::craft::Spec {
        // Spans differ between the two texts; compare layers and values only.
        let printed = parse(&s.to_string()).expect("reparses");
        assert_eq!(printed.to_string(), s.to_string());
        printed
    }

    #[test]
    fn scapy_flag_letters_and_field_names() {
        let flags = |text: &str| {
            let s = parse(&format!("tcp(dport=1,flags={text})")).expect("parses");
            assert_eq!(s.layers[0].fields[0].field, Field::TcpDstPort);
            s.layers[0].fields[1].value.clone()
        };
        assert_eq!(flags("S"), ValueSpec::Fixed(Value::UInt(0x002)));
        assert_eq!(flags("SA"), ValueSpec::Fixed(Value::UInt(0x012)));
        assert_eq!(flags("\"FPU\""), ValueSpec::Fixed(Value::UInt(0x029)));
        assert_eq!(flags("N"), ValueSpec::Fixed(Value::UInt(0x100)));
        assert_eq!(flags("0x18"), ValueSpec::Fixed(Value::UInt(0x018)));
        let e = parse("tcp(flags=SX)").expect_err("X is no flag");
        assert_eq!(e.span, Some(10..12));
        assert!(e.message.contains("letters FSRPAUECN"), "{}", e.message);
    }

    #[test]
    fn ranges_random_bare_items_and_prefixes() {
        let s = parse("ip(ip.src=198.18.0.1..198.18.0.9)/tcp(options.sack_perm,srcport=random)")
            .expect("parses");
        assert!(matches!(
            s.layers[0].fields[0].value,
            ValueSpec::Range { .. }
        ));
        assert_eq!(s.layers[1].fields[0].value, ValueSpec::Present);
        assert_eq!(s.layers[1].fields[1].value, ValueSpec::Random);
        assert!(s.varies());
    }

    /// (spec, column, start of the message)
    const ERRORS: &[(&str, usize, &str)] = &[
        (
            "ip(ttl=300)",
            8,
            "300 does not fit in ip.ttl (at most 255).",
        ),
        (
            "ip(tll=3)",
            4,
            "\"tll\" is not a field of ip. Did you mean \"ttl\"?",
        ),
        ("ipx/udp", 1, "\"ipx\" is not a layer that can be built"),
        ("ip(ttl=3", 9, "The field list of ip is missing its closing"),
        ("ip(ttl)", 4, "ip.ttl needs a value"),
        (
            "ip(src=10.0.0.0/8)",
            8,
            "ip.src takes one address, not a network.",
        ),
        (
            "ip/udp(dstport=\"x\")",
            16,
            "An unsigned integer cannot be converted",
        ),
        (
            "eth(src=02:00:00)",
            9,
            "\"02:00:00\" is not a valid MAC address.",
        ),
        ("ip(ttl=9..3)", 8, "A range goes from the smaller value"),
        ("ip ip", 4, "\"i\" was unexpected here"),
        ("ip(ttl=)", 8, "ip.ttl needs a value after"),
        (
            "tcp(options.sack_perm=1)",
            23,
            "tcp.options.sack_perm takes no value",
        ),
        ("data(data=random)", 11, "data.data cannot be random"),
        ("", 1, "A layer name was expected here"),
        ("ip/", 4, "A layer name was expected here"),
        ("ip(hdr_len=22)", 12, "ip.hdr_len is in bytes"),
        ("data(len=300000)", 10, "data.len is at most"),
        ("udp(srcport=1;2)", 13, "\"1;2\" is not a valid number."),
    ];

    #[test]
    fn errors_point_at_their_column() {
        let mut wrong = Vec::new();
        for (text, column, message) in ERRORS {
            match parse(text) {
                Err(e) if e.column(text) == Some(*column) && e.message.starts_with(message) => {}
                other => wrong.push(format!("{text}: {other:?}")),
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
