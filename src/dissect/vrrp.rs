//! VRRP (RFC 3768 version 2, RFC 5798 version 3) as IP protocol 112: the virtual router's id,
//! priority and addresses, v2's authentication, v3's advertisement interval, the checksum
//! verified as Wireshark does (v3 over the IP pseudo-header), Info "Announcement (v2)".

use std::net::{Ipv4Addr, Ipv6Addr};

use super::Dissector;
use super::checksum::{self, Sum};
use super::field::Field;
use super::reader::Short;
use super::tree::Severity;
use super::value::Value;

/// IP protocol number of VRRP.
const PROTO: u8 = 112;
/// Authentication type "simple text": eight bytes of password follow the addresses.
const AUTH_SIMPLE_TEXT: u8 = 1;

/// Dissects a VRRP message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    d.set_protocol("VRRP");
    let node = d.tree.open_protocol(Field::Vrrp, o..end);
    d.tree
        .label(node, || "Virtual Router Redundancy Protocol".into());
    let result = message(d, o, end);
    d.tree.close();
    if let Err(e) = result {
        d.short("vrrp", e);
    }
}

fn message(d: &mut Dissector, o: usize, end: usize) -> Result<(), Short> {
    let f = d.frame;
    let typever = f.u8(o)?;
    let (version, kind) = (typever >> 4, typever & 0x0f);
    d.set_info(|| format!("Announcement (v{version})"));
    let (vrid, prio, count) = (f.u8(o + 1)?, f.u8(o + 2)?, f.u8(o + 3)?);
    let t = &mut d.tree;
    let n = t.open(
        Field::VrrpTypever,
        o..o + 1,
        Value::UInt(u64::from(typever)),
    );
    t.label(n, || {
        format!("Version {version}, Packet type {kind} (Advertisement)")
    });
    t.add(
        Field::VrrpVersion,
        o..o + 1,
        Value::UInt(u64::from(version)),
    );
    t.add(Field::VrrpType, o..o + 1, Value::UInt(u64::from(kind)));
    t.close();
    t.add(
        Field::VrrpVirtRtrId,
        o + 1..o + 2,
        Value::UInt(u64::from(vrid)),
    );
    t.add(Field::VrrpPrio, o + 2..o + 3, Value::UInt(u64::from(prio)));
    t.add(
        Field::VrrpAddrCount,
        o + 3..o + 4,
        Value::UInt(u64::from(count)),
    );
    let auth = if version == 3 {
        let word = f.be_u16(o + 4)?;
        t.add(
            Field::VrrpReservedMbz,
            o + 4..o + 5,
            Value::UInt(u64::from(word >> 12)),
        );
        let interval = Value::UInt(u64::from(word & 0x0fff));
        t.add(Field::VrrpShortAdverInt, o + 4..o + 6, interval);
        None
    } else {
        let (auth, interval) = (f.u8(o + 4)?, f.u8(o + 5)?);
        t.add(
            Field::VrrpAuthType,
            o + 4..o + 5,
            Value::UInt(u64::from(auth)),
        );
        t.add(
            Field::VrrpAdverInt,
            o + 5..o + 6,
            Value::UInt(u64::from(interval)),
        );
        Some(auth)
    };
    add_checksum(d, o, end, version)?;
    let v6 = version == 3 && d.net.is_some_and(|n| n.src.is_ipv6());
    let mut at = o + 8;
    for _ in 0..count {
        if v6 {
            let a = Ipv6Addr::from(d.frame.array::<16>(at)?);
            d.tree.add(Field::VrrpIpv6Addr, at..at + 16, Value::Ipv6(a));
            at += 16;
        } else {
            let a = Ipv4Addr::from(d.frame.array::<4>(at)?);
            d.tree.add(Field::VrrpIpAddr, at..at + 4, Value::Ipv4(a));
            at += 4;
        }
    }
    if auth == Some(AUTH_SIMPLE_TEXT) {
        let raw = d.frame.slice(at, 8)?;
        let text =
            String::from_utf8_lossy(raw.split(|&b| b == 0).next().unwrap_or(&[])).into_owned();
        d.tree
            .add(Field::VrrpAuthString, at..at + 8, Value::Str(text.into()));
    }
    Ok(())
}

/// The checksum: v2 over the message, v3 with the IP pseudo-header too.
fn add_checksum(d: &mut Dissector, o: usize, end: usize, version: u8) -> Result<(), Short> {
    let f = d.frame;
    let stored = f.be_u16(o + 6)?;
    let c = d.tree.add(
        Field::VrrpChecksum,
        o + 6..o + 8,
        Value::UInt(u64::from(stored)),
    );
    let whole = f.range(o..end).ok().filter(|_| d.fragment.is_none());
    let base = match (version, d.pseudo_header_addrs()) {
        (3, Some(a)) => checksum::pseudo_header(a.src, a.dst, PROTO, (end - o) as u32),
        _ => Sum::default(),
    };
    let (status, expected) = checksum::verify(stored, base, whole);
    let owner = ("vrrp", Severity::Warning);
    checksum::report(
        &mut d.tree,
        c,
        Field::VrrpChecksumStatus,
        status,
        expected,
        owner,
    );
    Ok(())
}
