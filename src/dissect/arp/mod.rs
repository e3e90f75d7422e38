//! ARP (RFC 826). Ethernet/IPv4 addresses get typed fields; other sizes stay bytes.

use super::field::Field;
use super::reader::Short;
use super::value::{Value, format_ether};
use super::{Dissector, names};
use std::net::Ipv4Addr;

const FIXED_LEN: usize = 8;

/// Dissects an ARP packet at `offset`; returns its end.
pub fn dissect(d: &mut Dissector, offset: usize) -> Option<usize> {
    match parse(d, offset) {
        Ok(end) => Some(end),
        Err(e) => {
            d.short("arp", e);
            None
        }
    }
}

fn parse(d: &mut Dissector, o: usize) -> Result<usize, Short> {
    let f = d.frame;
    let node = d.tree.open_protocol(Field::Arp, o..f.len());
    d.set_protocol("ARP");
    let depth = d.tree.depth();
    let result = (|| {
        let t = &mut d.tree;
        let htype = f.be_u16(o)?;
        t.add(Field::ArpHwType, o..o + 2, Value::UInt(u64::from(htype)));
        let ptype = f.be_u16(o + 2)?;
        t.add(
            Field::ArpProtoType,
            o + 2..o + 4,
            Value::UInt(u64::from(ptype)),
        );
        let hlen = f.u8(o + 4)?;
        t.add(Field::ArpHwSize, o + 4..o + 5, Value::UInt(u64::from(hlen)));
        let plen = f.u8(o + 5)?;
        t.add(
            Field::ArpProtoSize,
            o + 5..o + 6,
            Value::UInt(u64::from(plen)),
        );
        let op = f.be_u16(o + 6)?;
        t.add(Field::ArpOpcode, o + 6..o + 8, Value::UInt(u64::from(op)));
        let (h, p) = (usize::from(hlen), usize::from(plen));
        let sha = o + FIXED_LEN;
        let (spa, tha, tpa) = (sha + h, sha + h + p, sha + 2 * h + p);
        let end = tpa + p;
        f.slice(o, end - o)?;
        // Wireshark's ARP_HW_IS_ETHER / ARP_PRO_IS_IPv4 decide which addresses are typed.
        let hw_ether = matches!(htype, 1 | 6) && h == 6;
        let proto_ipv4 = matches!(ptype, 0x0800 | 0x00cc) && p == 4;
        let t = &mut d.tree;
        if hw_ether {
            t.add(
                Field::ArpSrcHwMac,
                sha..spa,
                Value::Ether(f.array::<6>(sha)?),
            );
        }
        if proto_ipv4 {
            t.add(
                Field::ArpSrcProtoIpv4,
                spa..tha,
                Value::Ipv4(Ipv4Addr::from(f.array::<4>(spa)?)),
            );
        }
        if hw_ether {
            t.add(
                Field::ArpDstHwMac,
                tha..tpa,
                Value::Ether(f.array::<6>(tha)?),
            );
        }
        if proto_ipv4 {
            t.add(
                Field::ArpDstProtoIpv4,
                tpa..end,
                Value::Ipv4(Ipv4Addr::from(f.array::<4>(tpa)?)),
            );
        }
        if hw_ether && proto_ipv4 {
            let (s_mac, s_ip, t_ip) = (
                f.array::<6>(sha)?,
                Ipv4Addr::from(f.array::<4>(spa)?),
                Ipv4Addr::from(f.array::<4>(tpa)?),
            );
            let t_mac_zero = f.array::<6>(tha)? == [0; 6];
            d.set_info(|| match op {
                1 if s_ip == t_ip && t_mac_zero => format!("ARP Announcement for {s_ip}"),
                1 if s_ip == t_ip => format!("Gratuitous ARP for {s_ip} (Request)"),
                1 if s_ip.is_unspecified() => format!("Who has {t_ip}? (ARP Probe)"),
                1 => format!("Who has {t_ip}? Tell {s_ip}"),
                2 => format!("{s_ip} is at {}", format_ether(&s_mac)),
                _ => names::arp_opcode(op)
                    .map_or_else(|| format!("Unknown ARP opcode 0x{op:04x}"), str::to_string),
            });
        } else {
            d.set_info(|| {
                names::arp_opcode(op)
                    .map_or_else(|| format!("Unknown ARP opcode 0x{op:04x}"), str::to_string)
            });
        }
        d.tree.label(node, || {
            format!(
                "Address Resolution Protocol ({})",
                names::arp_opcode(op).unwrap_or("unknown")
            )
        });
        Ok(end)
    })();
    d.tree.set_depth(depth);
    d.tree.close();
    if let Ok(end) = result {
        d.tree.set_end(node, end);
    }
    result
}
