//! DHCPv6 (RFC 8415) on UDP 546/547: client/server and relay messages, the options a
//! lease exchange carries (DUIDs, IA_NA/IA_TA/IA_PD with their addresses and prefixes, the
//! option request list, status codes, DNS and NTP servers, relayed messages), and tshark's
//! Info ("Solicit XID: 0x78244b CID: 0001… ").

use std::net::Ipv6Addr;

use super::Dissector;
use super::dns_name;
use super::field::Field;
use super::reader::{Bytes, Short};
use super::tree::{Expert, Group, Severity};
use super::value::Value;

const RELAY_FORW: u8 = 12;
const RELAY_REPL: u8 = 13;
/// Relayed messages nest at most this deep (each relay adds 34 bytes, so real ones stay far
/// below; the bound keeps a hostile packet from recursing without end).
const MAX_NESTING: u8 = 32;
/// Seconds from the Unix epoch to 2000-01-01, where DUID-LLT times count from.
const DUID_EPOCH: i64 = 946_684_800;

fn message_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Solicit",
        2 => "Advertise",
        3 => "Request",
        4 => "Confirm",
        5 => "Renew",
        6 => "Rebind",
        7 => "Reply",
        8 => "Release",
        9 => "Decline",
        10 => "Reconfigure",
        11 => "Information-request",
        RELAY_FORW => "Relay-forw",
        RELAY_REPL => "Relay-reply",
        14 => "Lease-query",
        15 => "Lease-query-reply",
        16 => "Lease-query-done",
        17 => "Lease-query-data",
        _ => return None,
    })
}

fn option_name(t: u16) -> Option<&'static str> {
    Some(match t {
        1 => "Client Identifier",
        2 => "Server Identifier",
        3 => "Identity Association for Non-temporary Address",
        4 => "Identity Association for Temporary Address",
        5 => "IA Address",
        6 => "Option Request",
        7 => "Preference",
        8 => "Elapsed time",
        9 => "Relay Message",
        11 => "Authentication",
        12 => "Server unicast",
        13 => "Status code",
        14 => "Rapid Commit",
        15 => "User Class",
        16 => "Vendor Class",
        17 => "Vendor-specific Information",
        18 => "Interface-Id",
        19 => "Reconfigure Message",
        20 => "Reconfigure Accept",
        21 => "SIP Server Domain Name List",
        22 => "SIP Servers IPv6 Address List",
        23 => "DNS recursive name server",
        24 => "Domain Search List",
        25 => "Identity Association for Prefix Delegation",
        26 => "IA Prefix",
        31 => "Simple Network Time Protocol Server",
        32 => "Lifetime",
        39 => "Fully Qualified Domain Name",
        56 => "NTP Server",
        64 => "Dual-Stack Lite AFTR Name",
        82 => "SOL_MAX_RT",
        83 => "INF_MAX_RT",
        _ => return None,
    })
}

/// Dissects a DHCPv6 message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    // `end` is the datagram's (reported) end: reads past the captured bytes are short reads.
    let end = end.max(o);
    d.set_protocol("DHCPv6");
    d.set_info(String::new);
    let node = d
        .tree
        .open_protocol(Field::Dhcpv6, o..end.min(d.frame.len()));
    d.tree.label(node, || "DHCPv6".into());
    let result = message(d, o, end, 0);
    d.tree.close();
    if let Err(e) = result {
        d.short("dhcpv6", e);
    }
}

fn info(d: &mut Dissector, text: impl FnOnce() -> String) {
    if d.tree.want_text {
        let t = text();
        d.tree.summary.info.push_str(&t);
    }
}

fn message(d: &mut Dissector, o: usize, end: usize, depth: u8) -> Result<(), Short> {
    let f = d.frame;
    let kind = f.u8(o)?;
    let name = message_name(kind).map_or_else(|| format!("Message Type {kind}"), String::from);
    info(d, || format!("{name} "));
    let n = d
        .tree
        .add(Field::Dhcpv6Msgtype, o..o + 1, Value::UInt(u64::from(kind)));
    d.tree.label(n, || format!("Message type: {name} ({kind})"));
    let body = if matches!(kind, RELAY_FORW | RELAY_REPL) {
        let hops = f.u8(o + 1)?;
        let link = Ipv6Addr::from(f.array::<16>(o + 2)?);
        let peer = Ipv6Addr::from(f.array::<16>(o + 18)?);
        let t = &mut d.tree;
        t.add(
            Field::Dhcpv6Hopcount,
            o + 1..o + 2,
            Value::UInt(u64::from(hops)),
        );
        t.add(Field::Dhcpv6Linkaddr, o + 2..o + 18, Value::Ipv6(link));
        t.add(Field::Dhcpv6Peeraddr, o + 18..o + 34, Value::Ipv6(peer));
        info(d, || format!("L: {link} "));
        o + 34
    } else {
        let xid = f.be_u24(o + 1)?;
        d.tree
            .add(Field::Dhcpv6Xid, o + 1..o + 4, Value::UInt(u64::from(xid)));
        info(d, || format!("XID: 0x{xid:06x} "));
        o + 4
    };
    options(d, body, end, depth).map(|_| ())
}

/// Walks the options in `o..end` (a message's, or those nested in an IA option). Returns
/// true when an option did not fit (Wireshark then stops every enclosing walk too).
fn options(d: &mut Dissector, mut o: usize, end: usize, depth: u8) -> Result<bool, Short> {
    let f = d.frame;
    while o < end {
        if end - o < 4 {
            return Ok(true);
        }
        let (code, len) = (f.be_u16(o)?, usize::from(f.be_u16(o + 2)?));
        let value = o + 4;
        if value + len > end {
            return Ok(true);
        }
        let n = d
            .tree
            .open(Field::Dhcpv6Option, o..value + len, Value::None);
        let name = option_name(code).map_or_else(|| format!("DHCP option {code}"), String::from);
        let t = &mut d.tree;
        let c = t.add(
            Field::Dhcpv6OptionType,
            o..o + 2,
            Value::UInt(u64::from(code)),
        );
        t.label(c, || format!("Option: {name} ({code})"));
        t.add(
            Field::Dhcpv6OptionLength,
            o + 2..value,
            Value::UInt(len as u64),
        );
        t.label(n, || name.clone());
        let result = option(d, code, value, value + len, depth);
        d.tree.close();
        match result {
            Ok(Body::Fine) => {}
            Ok(Body::NestedEnd) => return Ok(true),
            Ok(Body::Malformed(what)) => {
                let message = format!("{what}: malformed option");
                d.tree.expert(malformed(), o..value + len, message);
            }
            Err(e) => return Err(e),
        }
        o = value + len;
    }
    Ok(false)
}

/// How an option's body turned out.
enum Body {
    Fine,
    /// A nested option did not fit: every walk stops.
    NestedEnd,
    /// Too short for its kind (Wireshark's "X: malformed option" note).
    Malformed(&'static str),
}

/// The nested options of an IA option, as a [`Body`].
fn nested(d: &mut Dissector, o: usize, end: usize, depth: u8) -> Result<Body, Short> {
    Ok(if options(d, o, end, depth)? {
        Body::NestedEnd
    } else {
        Body::Fine
    })
}

fn malformed() -> Expert {
    Expert {
        severity: Severity::Error,
        group: Group::Malformed,
        layer: "dhcpv6",
        field: None,
    }
}

fn add_u32(d: &mut Dissector, field: Field, at: usize) -> Result<u32, Short> {
    let v = d.frame.be_u32(at)?;
    d.tree.add(field, at..at + 4, Value::UInt(u64::from(v)));
    Ok(v)
}

fn add_ipv6(d: &mut Dissector, field: Field, at: usize) -> Result<Ipv6Addr, Short> {
    let a = Ipv6Addr::from(d.frame.array::<16>(at)?);
    d.tree.add(field, at..at + 16, Value::Ipv6(a));
    Ok(a)
}

fn add_bytes(d: &mut Dissector, field: Field, r: std::ops::Range<usize>) -> Result<(), Short> {
    let b = d.frame.range(r.clone())?;
    d.tree.add(field, r, Value::Bytes(b.into()));
    Ok(())
}

fn option(d: &mut Dissector, code: u16, o: usize, end: usize, depth: u8) -> Result<Body, Short> {
    let f = d.frame;
    let len = end - o;
    let short = |min: usize, what| (len < min).then_some(Body::Malformed(what));
    match code {
        1 | 2 => {
            if code == 1 {
                let hex: String = f
                    .range(o..end)?
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                info(d, || format!("CID: {hex} "));
            }
            if let Some(bad) = short(2, "DUID") {
                return Ok(bad);
            }
            duid(d, o, end)
        }
        3 | 25 => {
            if let Some(bad) = short(12, if code == 3 { "IA_NA" } else { "IA_PD" }) {
                return Ok(bad);
            }
            add_id(d, Field::Dhcpv6Iaid, o)?;
            add_u32(d, Field::Dhcpv6IaidT1, o + 4)?;
            add_u32(d, Field::Dhcpv6IaidT2, o + 8)?;
            nested(d, o + 12, end, depth)
        }
        4 => {
            if let Some(bad) = short(4, "IA_TA") {
                return Ok(bad);
            }
            add_id(d, Field::Dhcpv6Iata, o)?;
            nested(d, o + 4, end, depth)
        }
        5 => {
            if let Some(bad) = short(24, "IA_TA") {
                return Ok(bad);
            }
            let a = add_ipv6(d, Field::Dhcpv6IaaddrIp, o)?;
            info(d, || format!("IAA: {a} "));
            add_u32(d, Field::Dhcpv6IaaddrPrefLifetime, o + 16)?;
            add_u32(d, Field::Dhcpv6IaaddrValidLifetime, o + 20)?;
            nested(d, o + 24, end, depth)
        }
        6 => {
            for at in (o..end.saturating_sub(1)).step_by(2) {
                let c = f.be_u16(at)?;
                d.tree.add(
                    Field::Dhcpv6RequestedOptionCode,
                    at..at + 2,
                    Value::UInt(u64::from(c)),
                );
            }
            Ok(Body::Fine)
        }
        7 => {
            if let Some(bad) = short(1, "PREFERENCE") {
                return Ok(bad);
            }
            let p = f.u8(o)?;
            d.tree.add(
                Field::Dhcpv6OptionPreference,
                o..o + 1,
                Value::UInt(u64::from(p)),
            );
            Ok(Body::Fine)
        }
        8 => {
            if let Some(bad) = short(2, "ELAPSED_TIME") {
                return Ok(bad);
            }
            let t = f.be_u16(o)?;
            d.tree.add(
                Field::Dhcpv6ElapsedTime,
                o..o + 2,
                Value::UInt(u64::from(t) * 10),
            );
            Ok(Body::Fine)
        }
        9 if depth < MAX_NESTING && end > o => {
            let n = d.tree.open(Field::Dhcpv6, o..end, Value::None);
            d.tree.label(n, || "DHCPv6".into());
            let r = message(d, o, end, depth + 1);
            d.tree.close();
            r.map(|()| Body::Fine)
        }
        13 => {
            if let Some(bad) = short(2, "DHCPV6_STATUS_CODE") {
                return Ok(bad);
            }
            let status = f.be_u16(o)?;
            d.tree.add(
                Field::Dhcpv6StatusCode,
                o..o + 2,
                Value::UInt(u64::from(status)),
            );
            let text = String::from_utf8_lossy(f.range(o + 2..end)?).into_owned();
            d.tree.add(
                Field::Dhcpv6StatusMessage,
                o + 2..end,
                Value::Str(text.into()),
            );
            Ok(Body::Fine)
        }
        18 => add_bytes(d, Field::Dhcpv6InterfaceId, o..end).map(|()| Body::Fine),
        23 => {
            for at in (o..end.saturating_sub(15)).step_by(16) {
                add_ipv6(d, Field::Dhcpv6DnsServer, at)?;
            }
            Ok(Body::Fine)
        }
        24 => names(d, Field::Dhcpv6SearchListEntry, o, end).map(|()| Body::Fine),
        26 => {
            if let Some(bad) = short(25, "IAPREFIX") {
                return Ok(bad);
            }
            add_u32(d, Field::Dhcpv6IaprefixPrefLifetime, o)?;
            add_u32(d, Field::Dhcpv6IaprefixValidLifetime, o + 4)?;
            let plen = f.u8(o + 8)?;
            d.tree.add(
                Field::Dhcpv6IaprefixPrefLen,
                o + 8..o + 9,
                Value::UInt(u64::from(plen)),
            );
            add_ipv6(d, Field::Dhcpv6IaprefixPrefAddr, o + 9)?;
            nested(d, o + 25, end, depth)
        }
        64 => names(d, Field::Dhcpv6AftrName, o, end).map(|()| Body::Fine),
        _ => Ok(Body::Fine),
    }
}

/// An IAID as tshark shows it: its four bytes in hex, no separators.
fn add_id(d: &mut Dissector, field: Field, at: usize) -> Result<(), Short> {
    let id = d.frame.array::<4>(at)?;
    let text: String = id.iter().map(|b| format!("{b:02x}")).collect();
    d.tree.add(field, at..at + 4, Value::Str(text.into()));
    Ok(())
}

/// A list of uncompressed DNS names (RFC 1035 §3.1), as tshark shows them (`a.example.`).
fn names(d: &mut Dissector, field: Field, mut o: usize, end: usize) -> Result<(), Short> {
    let m = Bytes::new(d.frame.all().get(..end).unwrap_or(&[]));
    while o < end {
        let (name, next) = dns_name::read_name(m, o)?;
        let shown = if name == "<Root>" {
            String::new()
        } else {
            format!("{name}.")
        };
        d.tree.add(field, o..next, Value::Str(shown.into()));
        if next <= o {
            break;
        }
        o = next;
    }
    Ok(())
}

/// A DUID (RFC 8415 §11): its bytes and type, then the type's own fields.
fn duid(d: &mut Dissector, o: usize, end: usize) -> Result<Body, Short> {
    let f = d.frame;
    let len = end - o;
    add_bytes(d, Field::Dhcpv6DuidBytes, o..end)?;
    let kind = f.be_u16(o)?;
    d.tree.add(
        Field::Dhcpv6DuidType,
        o..o + 2,
        Value::UInt(u64::from(kind)),
    );
    let fits = match kind {
        1 => len >= 8,
        2 => len >= 6,
        3 => len >= 4,
        4 => len == 18,
        _ => true,
    };
    if !fits {
        return Ok(Body::Malformed("DUID"));
    }
    match kind {
        1 => {
            let hw = f.be_u16(o + 2)?;
            d.tree.add(
                Field::Dhcpv6DuidlltHwtype,
                o + 2..o + 4,
                Value::UInt(u64::from(hw)),
            );
            let secs = i64::from(f.be_u32(o + 4)?);
            let ns = (secs + DUID_EPOCH).saturating_mul(1_000_000_000);
            d.tree.add(
                Field::Dhcpv6DuidlltTime,
                o + 4..o + 8,
                Value::AbsTime { ns },
            );
            link_layer(d, Field::Dhcpv6DuidlltLinkLayerAddr, hw, o + 8, end)?;
        }
        2 => {
            add_u32(d, Field::Dhcpv6DuidenEnterprise, o + 2)?;
            if len > 6 {
                add_bytes(d, Field::Dhcpv6DuidenIdentifier, o + 6..end)?;
            }
        }
        3 => {
            let hw = f.be_u16(o + 2)?;
            d.tree.add(
                Field::Dhcpv6DuidllHwtype,
                o + 2..o + 4,
                Value::UInt(u64::from(hw)),
            );
            link_layer(d, Field::Dhcpv6DuidllLinkLayerAddr, hw, o + 4, end)?;
        }
        4 => add_bytes(d, Field::Dhcpv6DuiduuidBytes, o + 2..end)?,
        _ => {}
    }
    Ok(Body::Fine)
}

/// A link-layer address: a MAC for Ethernet (hardware type 1) of six bytes, else bytes.
fn link_layer(d: &mut Dissector, field: Field, hw: u16, o: usize, end: usize) -> Result<(), Short> {
    if o >= end {
        return Ok(());
    }
    let b = d.frame.range(o..end)?;
    let value = match <[u8; 6]>::try_from(b) {
        Ok(mac) if hw == 1 => Value::Ether(mac),
        _ => Value::Bytes(b.into()),
    };
    d.tree.add(field, o..end, value);
    Ok(())
}
