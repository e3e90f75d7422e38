//! PPP's control protocols (RFC 1661 §5 packet format): LCP with its options, echo, reject
//! and identification packets; IPCP (RFC 1332, RFC 1877 DNS/NBNS options), IPV6CP (RFC 5072)
//! and CCP (RFC 1962) with their option types. A malformed option length is an expert note
//! and ends the option list.

use std::net::Ipv4Addr;

use super::super::Dissector;
use super::super::field::Field;
use super::super::reader::Short;
use super::super::tree::Severity;
use super::super::tree::Summary;
use super::super::value::{Value, format_hex_sep};
use super::names;

/// The code, identifier and length before a control packet's data.
const HEADER: usize = 4;
/// An option's type and length bytes.
const OPTION_HEADER: usize = 2;
/// LCP's Protocol-Reject code: the rejected protocol and packet follow.
const PROTOCOL_REJECT: u8 = 8;

/// A control protocol: its layer, Protocol column and option fields.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Lcp,
    Ipcp,
    Ipv6cp,
    Ccp,
}

impl Protocol {
    /// The control protocol with PPP protocol number `number`.
    pub fn by_number(number: u16) -> Option<Self> {
        Some(match number {
            0xc021 => Self::Lcp,
            0x8021 => Self::Ipcp,
            0x8057 => Self::Ipv6cp,
            0x80fd | 0x80fb => Self::Ccp,
            _ => return None,
        })
    }

    fn layer(self) -> (Field, &'static str, &'static str) {
        match self {
            Self::Lcp => (Field::Lcp, "lcp", "PPP LCP"),
            Self::Ipcp => (Field::Ipcp, "ipcp", "PPP IPCP"),
            Self::Ipv6cp => (Field::Ipv6cp, "ipv6cp", "PPP IPV6CP"),
            Self::Ccp => (Field::Ccp, "ccp", "PPP CCP"),
        }
    }

    fn option_fields(self) -> (Field, Field) {
        match self {
            Self::Lcp => (Field::LcpOptType, Field::LcpOptLength),
            Self::Ipcp => (Field::IpcpOptType, Field::IpcpOptLength),
            Self::Ipv6cp => (Field::Ipv6cpOptType, Field::Ipv6cpOptLength),
            Self::Ccp => (Field::CcpOptType, Field::CcpOptLength),
        }
    }
}

/// The name of control packet code `code`.
fn code_name(code: u8) -> &'static str {
    match code {
        1 => "Configuration Request",
        2 => "Configuration Ack",
        3 => "Configuration Nak",
        4 => "Configuration Reject",
        5 => "Termination Request",
        6 => "Termination Ack",
        7 => "Code Reject",
        8 => "Protocol Reject",
        9 => "Echo Request",
        10 => "Echo Reply",
        11 => "Discard Request",
        12 => "Identification",
        13 => "Time Remaining",
        14 => "Reset Request",
        15 => "Reset Ack",
        _ => "Unknown",
    }
}

/// Dissects a `cp` packet in `o..end`.
pub fn dissect(d: &mut Dissector, cp: Protocol, o: usize, end: usize) {
    let (field, layer, column) = cp.layer();
    d.set_protocol(column);
    let node = d.tree.open_protocol(field, o..end.max(o));
    let result = packet(d, cp, node, o, end);
    d.tree.close();
    if let Err(e) = result {
        d.short(layer, e);
    }
}

fn packet(d: &mut Dissector, cp: Protocol, node: usize, o: usize, end: usize) -> Result<(), Short> {
    let f = d.frame;
    let code = f.u8(o)?;
    let name = code_name(code);
    d.set_info(|| name.into());
    let t = &mut d.tree;
    let c = t.add(Field::PppCode, o..o + 1, Value::UInt(u64::from(code)));
    t.label(c, || format!("Code: {name} ({code})"));
    let id = f.u8(o + 1)?;
    let i = t.add(
        Field::PppIdentifier,
        o + 1..o + 2,
        Value::UInt(u64::from(id)),
    );
    t.label(i, || format!("Identifier: {id} (0x{id:02x})"));
    let length = usize::from(f.be_u16(o + 2)?);
    t.add(Field::PppLength, o + 2..o + 4, Value::UInt(length as u64));
    let (layer, body) = (cp.layer().1, o + HEADER);
    if length < HEADER {
        let message = format!("Length {length} is less than the header's {HEADER} bytes");
        t.note(Severity::Error, layer, o + 2..o + 4, message);
        return Ok(());
    }
    let packet_end = (o + length).min(end.max(body));
    t.set_end(node, packet_end);
    match code {
        1..=4 => options(d, cp, body, packet_end),
        PROTOCOL_REJECT if cp == Protocol::Lcp => protocol_reject(d, body, packet_end),
        9..=13 if cp == Protocol::Lcp => lcp_magic(d, code, body, packet_end),
        _ => {
            rest(d, Field::PppData, body, packet_end);
            Ok(())
        }
    }
}

/// The bytes left in `o..end`, if any, as `field`.
fn rest(d: &mut Dissector, field: Field, o: usize, end: usize) {
    if let Ok(bytes) = d.frame.range(o..end)
        && !bytes.is_empty()
    {
        d.tree.add(field, o..end, Value::Bytes(bytes.into()));
    }
}

/// Echo, discard, identification and time-remaining packets: a magic number, then data.
fn lcp_magic(d: &mut Dissector, code: u8, o: usize, end: usize) -> Result<(), Short> {
    let f = d.frame;
    let magic = f.be_u32(o)?;
    let t = &mut d.tree;
    t.add(
        Field::LcpMagicNumber,
        o..o + 4,
        Value::UInt(u64::from(magic)),
    );
    let mut at = o + 4;
    if code == 13 {
        let secs = f.be_u32(at)?;
        t.add(
            Field::LcpSecsRemaining,
            at..at + 4,
            Value::UInt(u64::from(secs)),
        );
        at += 4;
    }
    if code >= 12 {
        let text = String::from_utf8_lossy(f.range(at..end.max(at))?).into_owned();
        if !text.is_empty() {
            t.add(Field::LcpMessage, at..end, Value::Str(text.into()));
        }
        return Ok(());
    }
    rest(d, Field::LcpData, at, end);
    Ok(())
}

/// LCP Protocol-Reject: the rejected protocol, then its packet dissected inside LCP with the
/// columns left as LCP's.
fn protocol_reject(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let rejected = d.frame.be_u16(o)?;
    let r = d.tree.add(
        Field::LcpRejProto,
        o..o + 2,
        Value::UInt(u64::from(rejected)),
    );
    d.tree.label(r, || {
        let name = names::protocol(rejected).unwrap_or("Unknown");
        format!("Rejected Protocol: {name} (0x{rejected:04x})")
    });
    if o + 2 < end {
        let summary: Summary = d.tree.summary.clone();
        d.nested(|d| super::payload(d, rejected, o + 2, end));
        d.tree.summary = summary;
    }
    Ok(())
}

/// Dissects the options in `o..end`.
fn options(d: &mut Dissector, cp: Protocol, o: usize, end: usize) -> Result<(), Short> {
    if o >= end {
        return Ok(());
    }
    let list = d.tree.open(Field::LcpOptions, o..end, Value::None);
    let mut names_seen: Vec<&'static str> = Vec::new();
    let mut at = o;
    let result = loop {
        if at + OPTION_HEADER > end {
            break Ok(());
        }
        match option(d, cp, at, end) {
            Ok(Some((name, next))) => {
                names_seen.push(name);
                at = next;
            }
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    d.tree.label(list, || {
        let mut label = format!("Options: ({} bytes)", end - o);
        for name in &names_seen {
            label.push_str(", ");
            label.push_str(name);
        }
        label
    });
    d.tree.close();
    result
}

/// One option at `at`; returns its name and where the next one starts (`None`: a bad
/// length ended the list).
fn option(
    d: &mut Dissector,
    cp: Protocol,
    at: usize,
    end: usize,
) -> Result<Option<(&'static str, usize)>, Short> {
    let f = d.frame;
    let (kind, length) = (f.u8(at)?, usize::from(f.u8(at + 1)?));
    let name = option_name(cp, kind);
    let (type_field, length_field) = cp.option_fields();
    if length < OPTION_HEADER || at + length > end {
        // Wireshark shows only a warning for it, not its type and length.
        let message = format!(
            "{name} (0x{kind:02x}) (option length = {length} bytes says option goes past end of options)"
        );
        let t = &mut d.tree;
        let n = t.open(Field::LcpOptData, at..end, Value::None);
        t.label(n, || message.clone());
        t.note(Severity::Warning, cp.layer().1, at..end, message);
        t.close();
        return Ok(None);
    }
    let body = at + OPTION_HEADER..at + length;
    if name == "Unknown" {
        // Wireshark shows an option type it does not know as text alone.
        let n = d.tree.open(Field::LcpOptData, at..at + length, Value::None);
        d.tree
            .label(n, || format!("Unknown (0x{kind:02x}) ({length} bytes)"));
        d.tree.close();
        return Ok(Some((name, at + length)));
    }
    let t = &mut d.tree;
    let node = t.open(Field::LcpOptData, at..at + length, Value::None);
    t.add(type_field, at..at + 1, Value::UInt(u64::from(kind)));
    t.add(length_field, at + 1..at + 2, Value::UInt(length as u64));
    let label = option_value(d, cp, kind, body);
    if let Ok(label) = &label {
        d.tree.label(node, || match label {
            Some(value) => format!("{name}: {value}"),
            None => name.into(),
        });
    }
    d.tree.close();
    label.map(|_| Some((name, at + length)))
}

/// Adds an option's value fields; returns the text the option's label shows after its name.
fn option_value(
    d: &mut Dissector,
    cp: Protocol,
    kind: u8,
    body: std::ops::Range<usize>,
) -> Result<Option<String>, Short> {
    let f = d.frame;
    let o = body.start;
    let uint =
        |field: Field, v: u64, r: std::ops::Range<usize>, t: &mut super::super::tree::Tree| {
            t.add(field, r, Value::UInt(v));
        };
    let t = &mut d.tree;
    match (cp, kind, body.len()) {
        (Protocol::Lcp, 1, 2..) => {
            let mru = f.be_u16(o)?;
            uint(Field::LcpOptMru, u64::from(mru), o..o + 2, t);
            Ok(Some(mru.to_string()))
        }
        (Protocol::Lcp, 2, 4..) => {
            let map = f.be_u32(o)?;
            uint(Field::LcpOptAsyncmap, u64::from(map), o..o + 4, t);
            Ok(Some(format!("0x{map:08x}")))
        }
        (Protocol::Lcp, 3 | 4, 2..) => {
            let protocol = f.be_u16(o)?;
            let field = if kind == 3 {
                Field::LcpOptAuthProtocol
            } else {
                Field::LcpOptQualityProtocol
            };
            uint(field, u64::from(protocol), o..o + 2, t);
            if kind == 3 && protocol == 0xc223 && body.len() >= 3 {
                let algorithm = f.u8(o + 2)?;
                uint(
                    Field::LcpOptAlgorithm,
                    u64::from(algorithm),
                    o + 2..o + 3,
                    t,
                );
            }
            let name = names::protocol(protocol).unwrap_or("Unknown");
            Ok(Some(format!("{name} (0x{protocol:04x})")))
        }
        (Protocol::Lcp, 5, 4..) => {
            let magic = f.be_u32(o)?;
            uint(Field::LcpOptMagicNumber, u64::from(magic), o..o + 4, t);
            Ok(Some(format!("0x{magic:08x}")))
        }
        (Protocol::Lcp, 17, 2..) => {
            let mrru = f.be_u16(o)?;
            uint(Field::LcpOptMrru, u64::from(mrru), o..o + 2, t);
            Ok(Some(mrru.to_string()))
        }
        (Protocol::Lcp, 7 | 8, _) => Ok(None),
        (Protocol::Ipcp, 2, 2..) => {
            let protocol = f.be_u16(o)?;
            uint(
                Field::IpcpOptCompressProto,
                u64::from(protocol),
                o..o + 2,
                t,
            );
            Ok(Some(format!("0x{protocol:04x}")))
        }
        (Protocol::Ipcp, 3 | 129..=132, 4..) => {
            let address = Ipv4Addr::from(f.array::<4>(o)?);
            let field = match kind {
                3 => Field::IpcpOptIpAddress,
                129 => Field::IpcpOptPriDns,
                130 => Field::IpcpOptPriNbns,
                131 => Field::IpcpOptSecDns,
                _ => Field::IpcpOptSecNbns,
            };
            t.add(field, o..o + 4, Value::Ipv4(address));
            Ok(None)
        }
        (Protocol::Ipv6cp, 1, 8..) => {
            let id = f.array::<8>(o)?;
            let text = format_hex_sep(&id, ':');
            t.add(Field::Ipv6cpInterfaceId, o..o + 8, Value::Str(text.into()));
            Ok(None)
        }
        _ => {
            let bytes = f.range(body.clone())?;
            if !bytes.is_empty() {
                let field = if cp == Protocol::Ipcp {
                    Field::IpcpData
                } else {
                    Field::LcpOptData
                };
                t.add(field, body, Value::Bytes(bytes.into()));
            }
            Ok(None)
        }
    }
}

/// The name of option `kind` of `cp`.
fn option_name(cp: Protocol, kind: u8) -> &'static str {
    match (cp, kind) {
        (Protocol::Lcp, 0) => "Vendor Specific",
        (Protocol::Lcp, 1) => "Maximum Receive Unit",
        (Protocol::Lcp, 2) => "Async Control Character Map",
        (Protocol::Lcp, 3) => "Authentication Protocol",
        (Protocol::Lcp, 4) => "Quality Protocol",
        (Protocol::Lcp, 5) => "Magic Number",
        (Protocol::Lcp, 7) => "Protocol Field Compression",
        (Protocol::Lcp, 8) => "Address and Control Field Compression",
        (Protocol::Lcp, 9) => "FCS Alternatives",
        (Protocol::Lcp, 10) => "Self Describing Pad",
        (Protocol::Lcp, 11) => "Numbered Mode",
        (Protocol::Lcp, 13) => "Callback",
        (Protocol::Lcp, 17) => "Multilink MRRU",
        (Protocol::Lcp, 18) => "Multilink Short Sequence Number Header",
        (Protocol::Lcp, 19) => "Multilink Endpoint Discriminator",
        (Protocol::Lcp, 23) => "Link Discriminator for BACP",
        (Protocol::Ipcp, 1) => "IP Addresses",
        (Protocol::Ipcp, 2) => "IP Compression Protocol",
        (Protocol::Ipcp, 3) => "IP Address",
        (Protocol::Ipcp, 4) => "Mobile Node's Home IP Address",
        (Protocol::Ipcp, 129) => "Primary DNS Server IP Address",
        (Protocol::Ipcp, 130) => "Primary NBNS Server IP Address",
        (Protocol::Ipcp, 131) => "Secondary DNS Server IP Address",
        (Protocol::Ipcp, 132) => "Secondary NBNS Server IP Address",
        (Protocol::Ipv6cp, 1) => "Interface Identifier",
        (Protocol::Ipv6cp, 2) => "IPv6 Compression Protocol",
        (Protocol::Ccp, 0) => "Organization Unique Identifier",
        (Protocol::Ccp, 17) => "Stac Electronics LZS",
        (Protocol::Ccp, 18) => "Microsoft PPE/PPC",
        (Protocol::Ccp, 21) => "BSD Compress",
        (Protocol::Ccp, 24) => "Deflate",
        _ => "Unknown",
    }
}
