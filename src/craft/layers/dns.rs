//! DNS (RFC 1035) queries and responses, names written without compression (as scapy).
//! `qry.name` starts a question (then `qry.type`, `qry.class`); `resp.name` starts a record
//! (then `resp.type`, `resp.class`, `resp.ttl` and its data: `a`, `aaaa`, `cname`, `ns`,
//! `ptr.domain_name`, `mx.preference` + `mx.mail_exchange`, `txt`). The counts follow the
//! questions and records (all records are answers) unless given; given counts also say how
//! the records split into answer, authority and additional sections. Over TCP the two-byte
//! length prefix is derived too.

use super::{Ctx, Layer, Proto, Settable, be, derived, masked, plain};
use crate::craft::CraftError;
use crate::dissect::{Field, Value};

/// Fields.
pub const FIELDS: &[Settable] = &[
    derived(Field::DnsLength),
    plain(Field::DnsId),
    plain(Field::DnsFlags),
    plain(Field::DnsFlagsResponse),
    plain(Field::DnsFlagsOpcode),
    plain(Field::DnsFlagsAuthoritative),
    plain(Field::DnsFlagsTruncated),
    plain(Field::DnsFlagsRecdesired),
    plain(Field::DnsFlagsRecavail),
    plain(Field::DnsFlagsRcode),
    derived(Field::DnsCountQueries),
    derived(Field::DnsCountAnswers),
    derived(Field::DnsCountAuthRr),
    derived(Field::DnsCountAddRr),
    plain(Field::DnsQryName),
    plain(Field::DnsQryType),
    plain(Field::DnsQryClass),
    plain(Field::DnsRespName),
    plain(Field::DnsRespType),
    plain(Field::DnsRespClass),
    plain(Field::DnsRespTtl),
    derived(Field::DnsRespLen),
    plain(Field::DnsA),
    plain(Field::DnsAaaa),
    plain(Field::DnsCname),
    plain(Field::DnsNs),
    plain(Field::DnsPtr),
    plain(Field::DnsMxPreference),
    plain(Field::DnsMx),
    plain(Field::DnsTxt),
];

/// Recursion desired, scapy's default flags.
const DEFAULT_FLAGS: u64 = 0x0100;

/// A question.
struct Question {
    name: String,
    qtype: u64,
    class: u64,
}

/// A resource record.
#[derive(Default)]
struct Record {
    name: String,
    rtype: Option<u64>,
    class: u64,
    ttl: u64,
    data: Vec<u8>,
    data_type: Option<u64>,
    rdlength: Option<u64>,
}

/// `www.example.com` as length-prefixed labels; `<Root>` and `` are the root.
fn name(text: &str) -> Result<Vec<u8>, CraftError> {
    let mut out = Vec::new();
    let trimmed = text.trim_end_matches('.');
    if !(trimmed.is_empty() || trimmed == "<Root>") {
        for label in trimmed.split('.') {
            let len = u8::try_from(label.len())
                .ok()
                .filter(|n| (1..=63).contains(n))
                .ok_or_else(|| {
                    CraftError::new(format!(
                        "DNS label \"{label}\" in \"{text}\" must be 1 to 63 bytes"
                    ))
                })?;
            out.push(len);
            out.extend_from_slice(label.as_bytes());
        }
    }
    out.push(0);
    if out.len() > 255 {
        return Err(CraftError::new(format!(
            "DNS name \"{text}\" is longer than 255 bytes"
        )));
    }
    Ok(out)
}

fn text(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        other => String::from_utf8_lossy(&other.to_bytes().unwrap_or_default()).into_owned(),
    }
}

fn num(v: &Value) -> u64 {
    match v {
        Value::UInt(n) => *n,
        Value::Bool(b) => u64::from(*b),
        _ => 0,
    }
}

/// Questions and records in the order their fields were given.
fn sections(layer: &Layer) -> Result<(Vec<Question>, Vec<Record>), CraftError> {
    let mut questions: Vec<Question> = Vec::new();
    let mut records: Vec<Record> = Vec::new();
    let need_q = |f: Field| CraftError::new(format!("{} needs a qry.name before it", f.name()));
    let need_r = |f: Field| CraftError::new(format!("{} needs a resp.name before it", f.name()));
    for (field, value) in &layer.fields {
        match *field {
            Field::DnsQryName => questions.push(Question {
                name: text(value),
                qtype: 1,
                class: 1,
            }),
            Field::DnsQryType => {
                questions.last_mut().ok_or_else(|| need_q(*field))?.qtype = num(value)
            }
            Field::DnsQryClass => {
                questions.last_mut().ok_or_else(|| need_q(*field))?.class = num(value)
            }
            Field::DnsRespName => records.push(Record {
                name: text(value),
                class: 1,
                ..Record::default()
            }),
            Field::DnsRespType
            | Field::DnsRespClass
            | Field::DnsRespTtl
            | Field::DnsRespLen
            | Field::DnsA
            | Field::DnsAaaa
            | Field::DnsCname
            | Field::DnsNs
            | Field::DnsPtr
            | Field::DnsMxPreference
            | Field::DnsMx
            | Field::DnsTxt => {
                let r = records.last_mut().ok_or_else(|| need_r(*field))?;
                record_field(r, *field, value)?;
            }
            _ => {}
        }
    }
    Ok((questions, records))
}

fn record_field(r: &mut Record, field: Field, value: &Value) -> Result<(), CraftError> {
    match field {
        Field::DnsRespType => r.rtype = Some(num(value)),
        Field::DnsRespClass => r.class = num(value),
        Field::DnsRespTtl => r.ttl = num(value),
        Field::DnsRespLen => r.rdlength = Some(num(value)),
        Field::DnsA | Field::DnsAaaa => {
            r.data_type = Some(if field == Field::DnsA { 1 } else { 28 });
            r.data
                .extend_from_slice(&value.to_bytes().unwrap_or_default());
        }
        Field::DnsCname | Field::DnsNs | Field::DnsPtr => {
            r.data_type = Some(match field {
                Field::DnsCname => 5,
                Field::DnsNs => 2,
                _ => 12,
            });
            r.data.extend_from_slice(&name(&text(value))?);
        }
        Field::DnsMxPreference => {
            r.data_type = Some(15);
            r.data.extend_from_slice(&be::<2>(num(value)));
        }
        Field::DnsMx => {
            if r.data_type != Some(15) {
                r.data.extend_from_slice(&be::<2>(10));
            }
            r.data_type = Some(15);
            r.data.extend_from_slice(&name(&text(value))?);
        }
        Field::DnsTxt => {
            let s = text(value);
            let len = u8::try_from(s.len())
                .map_err(|_| CraftError::new("a TXT string longer than 255 bytes"))?;
            r.data_type = Some(16);
            r.data.push(len);
            r.data.extend_from_slice(s.as_bytes());
        }
        _ => {}
    }
    Ok(())
}

/// The 16-bit flags word: `flags` first, then single flags if given.
fn flags(layer: &Layer) -> u64 {
    let mut word = layer.uint(Field::DnsFlags, DEFAULT_FLAGS);
    for field in [
        Field::DnsFlagsResponse,
        Field::DnsFlagsOpcode,
        Field::DnsFlagsAuthoritative,
        Field::DnsFlagsTruncated,
        Field::DnsFlagsRecdesired,
        Field::DnsFlagsRecavail,
        Field::DnsFlagsRcode,
    ] {
        if layer.pinned(field).is_some() {
            word = (word & !field.def().mask) | masked(layer, field, 0);
        }
    }
    word
}

/// Message (with the TCP length prefix over TCP) + payload.
pub fn encode(layer: &Layer, payload: Vec<u8>, ctx: &Ctx) -> Result<Vec<u8>, CraftError> {
    let (questions, records) = sections(layer)?;
    let count = |f: Field, n: usize| layer.pinned(f).unwrap_or(n as u64);
    let mut m = Vec::new();
    m.extend_from_slice(&be::<2>(layer.uint(Field::DnsId, 0)));
    m.extend_from_slice(&be::<2>(flags(layer)));
    m.extend_from_slice(&be::<2>(count(Field::DnsCountQueries, questions.len())));
    m.extend_from_slice(&be::<2>(count(Field::DnsCountAnswers, records.len())));
    m.extend_from_slice(&be::<2>(count(Field::DnsCountAuthRr, 0)));
    m.extend_from_slice(&be::<2>(count(Field::DnsCountAddRr, 0)));
    for q in &questions {
        m.extend_from_slice(&name(&q.name)?);
        m.extend_from_slice(&be::<2>(q.qtype));
        m.extend_from_slice(&be::<2>(q.class));
    }
    for r in &records {
        m.extend_from_slice(&name(&r.name)?);
        m.extend_from_slice(&be::<2>(r.rtype.or(r.data_type).unwrap_or(1)));
        m.extend_from_slice(&be::<2>(r.class));
        m.extend_from_slice(&be::<4>(r.ttl));
        m.extend_from_slice(&be::<2>(r.rdlength.unwrap_or(r.data.len() as u64)));
        m.extend_from_slice(&r.data);
    }
    m.extend_from_slice(&payload);
    if ctx.previous() == Some(Proto::Tcp) {
        let len = layer.pinned(Field::DnsLength).unwrap_or(m.len() as u64);
        let mut framed = be::<2>(len).to_vec();
        framed.extend_from_slice(&m);
        return Ok(framed);
    }
    Ok(m)
}
