//! ARP (RFC 826) and its relatives (RARP, DRARP, InARP, MARS): Ethernet/IPv4 addresses get
//! typed fields, other sizes stay bytes; Wireshark's Info for every opcode ([`info`]), and
//! its duplicate-address detection across frames ([`duplicates`]).

pub mod duplicates;
mod info;

use super::Dissector;
use super::field::Field;
use super::reader::Short;
use super::value::{Value, format_ether};
use duplicates::ArpSeen;
use std::net::Ipv4Addr;

const FIXED_LEN: usize = 8;
const DRARP_ERROR: u16 = 7;

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
    d.set_info(String::new);
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
        let packet = info::Packet {
            htype,
            ptype,
            op,
            sha: f.slice(sha, h)?,
            spa: f.slice(spa, p)?,
            tha: f.slice(tha, h)?,
            tpa: f.slice(tpa, p)?,
            tha6: f.array::<6>(tha).ok(),
        };
        d.set_protocol(info::protocol(op));
        d.set_info(|| packet.info());
        let kind = packet.kind();
        let t = &mut d.tree;
        let flags = [
            (
                Field::ArpIsGratuitous,
                matches!(kind, info::Kind::Gratuitous | info::Kind::Announcement),
            ),
            (Field::ArpIsProbe, kind == info::Kind::Probe),
            (Field::ArpIsAnnouncement, kind == info::Kind::Announcement),
        ];
        for (field, set) in flags.into_iter().filter(|(_, set)| *set) {
            t.add(field, o..o, Value::Bool(set));
        }
        let addresses = [
            (sha, h, hw_ether, Field::ArpSrcHwMac, Field::ArpSrcHw),
            (
                spa,
                p,
                proto_ipv4,
                Field::ArpSrcProtoIpv4,
                Field::ArpSrcProto,
            ),
            (tha, h, hw_ether, Field::ArpDstHwMac, Field::ArpDstHw),
            (
                tpa,
                p,
                proto_ipv4,
                Field::ArpDstProtoIpv4,
                Field::ArpDstProto,
            ),
        ];
        // A DRARP error carries its status where the target protocol address would be.
        let shown = if op == DRARP_ERROR { 3 } else { 4 };
        for (at, len, typed, typed_field, bytes_field) in addresses.into_iter().take(shown) {
            if len == 0 {
                continue;
            }
            let bytes = f.slice(at, len)?;
            let value = match (
                typed,
                <[u8; 6]>::try_from(bytes),
                <[u8; 4]>::try_from(bytes),
            ) {
                (true, Ok(mac), _) => (typed_field, Value::Ether(mac)),
                (true, _, Ok(ip)) => (typed_field, Value::Ipv4(Ipv4Addr::from(ip))),
                _ => (bytes_field, Value::Bytes(bytes.into())),
            };
            t.add(value.0, at..at + len, value.1);
        }
        if matches!(op, 1 | 2) && hw_ether && proto_ipv4 {
            d.arp_seen = Some(claims(&packet));
        }
        d.tree.label(node, || packet.label());
        Ok(end)
    })();
    d.tree.set_depth(depth);
    d.tree.close();
    if let Ok(end) = result {
        d.tree.set_end(node, end);
        duplicates_found(d, o);
    }
    result
}

/// The address pairs a request or reply claims, as Wireshark checks them: a unicast,
/// non-zero MAC with a non-zero IP; a request's target is not a claim.
fn claims(p: &info::Packet) -> ArpSeen {
    let pair = |ip: &[u8], mac: &[u8]| {
        let ip = <[u8; 4]>::try_from(ip).ok().map(Ipv4Addr::from)?;
        let mac = <[u8; 6]>::try_from(mac).ok()?;
        let unicast = mac.first().is_some_and(|b| b & 1 == 0) && mac != [0; 6];
        (unicast && !ip.is_unspecified()).then_some((ip, mac))
    };
    ArpSeen {
        sender: pair(p.spa, p.sha),
        target: pair(p.tpa, p.tha).filter(|_| p.op != 1),
    }
}

/// What the index pass found this packet's claims duplicate (after the ARP layer, at the
/// top of the tree, as in Wireshark), and Info's note.
fn duplicates_found(d: &mut Dissector, o: usize) {
    let Some(found) = d.ctx.arp.clone() else {
        return;
    };
    for dup in &found.duplicates {
        let t = &mut d.tree;
        let n = t.open(Field::ArpDuplicateAddressDetected, o..o, Value::None);
        t.label(n, || {
            format!(
                "Duplicate IP address detected for {} ({}) - also in use by {} (frame {})",
                dup.ip,
                format_ether(&dup.mac),
                format_ether(&dup.earlier_mac),
                dup.earlier_frame
            )
        });
        t.add(
            Field::ArpDuplicateAddressFrame,
            o..o,
            Value::UInt(dup.earlier_frame),
        );
        t.add(
            Field::ArpSecondsSinceDuplicateAddressFrame,
            o..o,
            Value::UInt(u64::from(dup.seconds)),
        );
        t.close();
    }
    if let Some(ip) = found.info_ip {
        d.append_info(&format!(" (duplicate use of {ip} detected!)"));
    }
}
