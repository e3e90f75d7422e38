//! DNS resource records: owner name, type, class (with mDNS's cache-flush bit), TTL and the
//! typed RDATA, with the text the Info column shows.

use super::dns_name::read_name;
use super::field::Field;
use super::reader::{Bytes, Short};
use super::value::Value;
use super::{Dissector, names};
use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

/// EDNS's OPT pseudo-record.
pub(super) const TYPE_OPT: u16 = 41;

/// One resource record at `at`; returns the offset after it.
pub(super) fn record(
    d: &mut Dissector,
    m: Bytes,
    base: usize,
    at: usize,
    info: &mut String,
    (answer, mdns): (bool, bool),
) -> Result<usize, Short> {
    let (name, after) = read_name(m, at)?;
    let rtype = m.be_u16(after)?;
    let raw_class = m.be_u16(after + 2)?;
    // mDNS: the top bit tells caches to flush other records of this name and type.
    let (class, flush) = split_class(raw_class, mdns && rtype != TYPE_OPT);
    let ttl = m.be_u32(after + 4)?;
    let rdlen = usize::from(m.be_u16(after + 8)?);
    let rdata_at = after + 10;
    let rdata = m.slice(rdata_at, rdlen)?;
    let t = &mut d.tree;
    let b = |x: usize| base + x;
    // Wireshark names an SRV record by its parts: _service._proto.name.
    match name.splitn(3, '.').collect::<Vec<_>>().as_slice() {
        [service, proto, rest] if rtype == TYPE_SRV => {
            for (field, part) in [
                (Field::DnsSrvService, service),
                (Field::DnsSrvProto, proto),
                (Field::DnsSrvName, rest),
            ] {
                t.add(field, b(at)..b(after), Value::Str((*part).into()));
            }
        }
        _ => {
            t.add(
                Field::DnsRespName,
                b(at)..b(after),
                Value::Str(name.clone().into()),
            );
        }
    }
    t.add(
        Field::DnsRespType,
        b(after)..b(after + 2),
        Value::UInt(u64::from(rtype)),
    );
    if rtype != TYPE_OPT {
        t.add(
            Field::DnsRespClass,
            b(after + 2)..b(after + 4),
            Value::UInt(u64::from(class)),
        );
        if let Some(flush) = flush {
            t.add(
                Field::DnsRespCacheFlush,
                b(after + 2)..b(after + 4),
                Value::Bool(flush),
            );
        }
        t.add(
            Field::DnsRespTtl,
            b(after + 4)..b(after + 8),
            Value::UInt(u64::from(ttl)),
        );
    }
    t.add(
        Field::DnsRespLen,
        b(after + 8)..b(rdata_at),
        Value::UInt(rdlen as u64),
    );
    let r = b(rdata_at)..b(rdata_at + rdlen);
    let shown = rdata_value(d, m, rtype, rdata, rdata_at, r)?
        // Wireshark's mDNS leaves TXT data out of the Info column.
        .filter(|_| !(mdns && rtype == TYPE_TXT));
    if d.tree.want_text && (answer || rtype == TYPE_OPT) {
        let _ = write!(info, " {}", type_name(rtype));
        if flush == Some(true) {
            info.push_str(", cache flush");
        }
        if let Some(s) = shown {
            let _ = write!(info, " {s}");
        }
    }
    Ok(rdata_at + rdlen)
}

const TYPE_TXT: u16 = 16;
const TYPE_SRV: u16 = 33;

/// A class word as (class, mDNS top-bit flag): the flag only in mDNS.
pub(super) fn split_class(raw: u16, mdns: bool) -> (u16, Option<bool>) {
    if mdns {
        (raw & 0x7fff, Some(raw & 0x8000 != 0))
    } else {
        (raw, None)
    }
}

/// Adds the typed RDATA field; returns its text for the Info column.
fn rdata_value(
    d: &mut Dissector,
    m: Bytes,
    rtype: u16,
    rdata: &[u8],
    at: usize,
    r: std::ops::Range<usize>,
) -> Result<Option<String>, Short> {
    let t = &mut d.tree;
    Ok(match (rtype, rdata.len()) {
        (1, 4) => {
            let a = Ipv4Addr::new(rdata[0], rdata[1], rdata[2], rdata[3]);
            t.add(Field::DnsA, r, Value::Ipv4(a));
            Some(a.to_string())
        }
        (28, 16) => {
            let a = Ipv6Addr::from(Bytes::new(rdata).array::<16>(0)?);
            t.add(Field::DnsAaaa, r, Value::Ipv6(a));
            Some(a.to_string())
        }
        (2 | 5 | 12, _) => {
            let (target, _) = read_name(m, at)?;
            let field = match rtype {
                2 => Field::DnsNs,
                5 => Field::DnsCname,
                _ => Field::DnsPtr,
            };
            t.add(field, r, Value::Str(target.clone().into()));
            Some(target)
        }
        (15, n) if n >= 3 => {
            let pref = Bytes::new(rdata).be_u16(0)?;
            t.add(
                Field::DnsMxPreference,
                r.start..r.start + 2,
                Value::UInt(u64::from(pref)),
            );
            let (target, _) = read_name(m, at + 2)?;
            t.add(Field::DnsMx, r, Value::Str(target.clone().into()));
            Some(target)
        }
        (33, n) if n >= 7 => {
            let word = |k: usize| Bytes::new(rdata).be_u16(k);
            let (priority, weight, port) = (word(0)?, word(2)?, word(4)?);
            for (k, field, v) in [
                (0, Field::DnsSrvPriority, priority),
                (2, Field::DnsSrvWeight, weight),
                (4, Field::DnsSrvPort, port),
            ] {
                t.add(
                    field,
                    r.start + k..r.start + k + 2,
                    Value::UInt(u64::from(v)),
                );
            }
            let (target, _) = read_name(m, at + 6)?;
            t.add(
                Field::DnsSrvTarget,
                r.start + 6..r.end,
                Value::Str(target.clone().into()),
            );
            Some(format!("{priority} {weight} {port} {target}"))
        }
        (16, _) => {
            let mut i = 0;
            let mut first = None;
            while i < rdata.len() {
                let n = usize::from(rdata[i]);
                let s = String::from_utf8_lossy(rdata.get(i + 1..i + 1 + n).unwrap_or(&[]))
                    .into_owned();
                first.get_or_insert_with(|| s.clone());
                t.add(
                    Field::DnsTxt,
                    r.start + i..r.start + i + 1 + n,
                    Value::Str(s.into()),
                );
                i += 1 + n;
            }
            first
        }
        _ => None,
    })
}

/// A record type's name as Wireshark shows it.
pub(super) fn type_name(t: u16) -> String {
    names::dns_type(t).map_or_else(|| format!("Unknown ({t})"), str::to_string)
}
