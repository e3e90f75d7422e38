//! DHCP / BOOTP (RFC 2131, 2132).

use super::field::Field;
use super::reader::{Bytes, Short};
use super::value::Value;
use super::{Dissector, names};
use std::net::Ipv4Addr;

const OPTIONS_AT: usize = 240;
const MAGIC_COOKIE: u32 = 0x6382_5363;

/// Dissects a BOOTP/DHCP message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len());
    let node = d.tree.open_protocol(Field::Dhcp, o..end);
    d.set_protocol("DHCP");
    let depth = d.tree.depth();
    let m = Bytes::new(d.frame.range(o..end).unwrap_or(&[]));
    let r = fields(d, m, o);
    d.tree.set_depth(depth);
    d.tree.close();
    let (msg_type, xid) = match r {
        Ok(v) => v,
        Err(e) => {
            return d.short(
                "dhcp",
                Short {
                    needed_end: e.needed_end + o,
                    have: e.have + o,
                },
            );
        }
    };
    let name = msg_type.map(|t| names::dhcp_message_type(t).unwrap_or("Unknown"));
    d.tree.label(node, || {
        format!(
            "Dynamic Host Configuration Protocol ({})",
            name.unwrap_or("BOOTP")
        )
    });
    d.set_info(|| match name {
        Some(n) => format!("DHCP {n:<8} - Transaction ID 0x{xid:x}"),
        None => format!("Boot Request/Reply - Transaction ID 0x{xid:x}"),
    });
    if msg_type.is_none() {
        d.set_protocol("BOOTP");
    }
}

fn ipv4(m: Bytes, at: usize) -> Result<Ipv4Addr, Short> {
    m.array::<4>(at).map(Ipv4Addr::from)
}

fn cstring(m: Bytes, at: usize, len: usize) -> Result<String, Short> {
    let raw = m.slice(at, len)?;
    let text = raw.split(|b| *b == 0).next().unwrap_or(&[]);
    Ok(String::from_utf8_lossy(text).into_owned())
}

fn fields(d: &mut Dissector, m: Bytes, o: usize) -> Result<(Option<u8>, u32), Short> {
    let t = &mut d.tree;
    let r = |a: usize, n: usize| o + a..o + a + n;
    t.add(Field::DhcpType, r(0, 1), Value::UInt(u64::from(m.u8(0)?)));
    t.add(Field::DhcpHwType, r(1, 1), Value::UInt(u64::from(m.u8(1)?)));
    let hlen = m.u8(2)?;
    t.add(Field::DhcpHwLen, r(2, 1), Value::UInt(u64::from(hlen)));
    t.add(Field::DhcpHops, r(3, 1), Value::UInt(u64::from(m.u8(3)?)));
    let xid = m.be_u32(4)?;
    t.add(Field::DhcpId, r(4, 4), Value::UInt(u64::from(xid)));
    t.add(
        Field::DhcpSecs,
        r(8, 2),
        Value::UInt(u64::from(m.be_u16(8)?)),
    );
    t.add(
        Field::DhcpFlags,
        r(10, 2),
        Value::UInt(u64::from(m.be_u16(10)?)),
    );
    t.add(Field::DhcpIpClient, r(12, 4), Value::Ipv4(ipv4(m, 12)?));
    t.add(Field::DhcpIpYour, r(16, 4), Value::Ipv4(ipv4(m, 16)?));
    t.add(Field::DhcpIpServer, r(20, 4), Value::Ipv4(ipv4(m, 20)?));
    t.add(Field::DhcpIpRelay, r(24, 4), Value::Ipv4(ipv4(m, 24)?));
    if hlen == 6 {
        t.add(
            Field::DhcpHwMacAddr,
            r(28, 6),
            Value::Ether(m.array::<6>(28)?),
        );
    }
    t.add(
        Field::DhcpServer,
        r(44, 64),
        Value::Str(cstring(m, 44, 64)?.into()),
    );
    t.add(
        Field::DhcpFile,
        r(108, 128),
        Value::Str(cstring(m, 108, 128)?.into()),
    );
    if m.len() < OPTIONS_AT || m.be_u32(236)? != MAGIC_COOKIE {
        return Ok((None, xid));
    }
    t.add(Field::DhcpCookie, r(236, 4), Value::None);
    options(d, m, o).map(|t| (t, xid))
}

fn options(d: &mut Dissector, m: Bytes, o: usize) -> Result<Option<u8>, Short> {
    let mut at = OPTIONS_AT;
    let mut msg_type = None;
    while at < m.len() {
        let code = m.u8(at)?;
        if code == 0 {
            at += 1;
            continue;
        }
        if code == 255 {
            let n = d
                .tree
                .open(Field::DhcpOption, o + at..o + at + 1, Value::UInt(255));
            d.tree.label(n, || "Option: (255) End".into());
            d.tree
                .add(Field::DhcpOptionEnd, o + at..o + at + 1, Value::UInt(255));
            d.tree.close();
            break;
        }
        let len = usize::from(m.u8(at + 1)?);
        let body = m.slice(at + 2, len)?;
        let r = o + at + 2..o + at + 2 + len;
        let t = &mut d.tree;
        let n = t.open(
            Field::DhcpOption,
            o + at..o + at + 2 + len,
            Value::UInt(u64::from(code)),
        );
        t.add(
            Field::DhcpOptionLength,
            o + at + 1..o + at + 2,
            Value::UInt(len as u64),
        );
        let ip = || {
            body.get(..4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map(Ipv4Addr::from)
        };
        match (code, len) {
            (53, 1) => {
                msg_type = body.first().copied();
                t.add(
                    Field::DhcpOptionDhcp,
                    r,
                    Value::UInt(u64::from(msg_type.unwrap_or(0))),
                );
            }
            (12, _) => {
                t.add(
                    Field::DhcpOptionHostname,
                    r,
                    Value::Str(String::from_utf8_lossy(body).into()),
                );
            }
            (1, 4) | (3, _) | (50, 4) | (54, 4) if len >= 4 => {
                let field = match code {
                    1 => Field::DhcpOptionSubnetMask,
                    3 => Field::DhcpOptionRouter,
                    50 => Field::DhcpOptionRequestedIp,
                    _ => Field::DhcpOptionServerId,
                };
                if let Some(a) = ip() {
                    t.add(field, r, Value::Ipv4(a));
                }
            }
            (61, 7) if body.first() == Some(&1) => {
                if let Some(mac) = body.get(1..7).and_then(|m| <[u8; 6]>::try_from(m).ok()) {
                    t.add(Field::DhcpHwMacAddr, r, Value::Ether(mac));
                }
            }
            (51, 4) => {
                t.add(
                    Field::DhcpOptionLeaseTime,
                    r,
                    Value::UInt(u64::from(Bytes::new(body).be_u32(0)?)),
                );
            }
            _ => {}
        }
        t.close();
        t.label(n, || format!("Option: ({code})"));
        at += 2 + len;
    }
    Ok(msg_type)
}
