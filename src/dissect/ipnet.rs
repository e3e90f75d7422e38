//! Solaris ipnet encapsulation (LINKTYPE_IPNET, 226): a 24-byte header before IPv4/IPv6.

use super::field::Field;
use super::value::Value;
use super::{Dissector, data, ipv4, ipv6};

const HEADER_LEN: usize = 24;
/// Solaris address families.
const AF_INET: u8 = 2;
const AF_INET6: u8 = 26;

/// Dissects the ipnet header and the IP packet after it.
pub fn dissect(d: &mut Dissector) {
    let (version, family) = match (d.frame.u8(0), d.frame.u8(1)) {
        (Ok(v), Ok(f)) => (v, f),
        (Err(e), _) | (_, Err(e)) => {
            d.tree.open_protocol(Field::Ipnet, 0..d.frame.len());
            d.tree.close();
            return d.short("ipnet", e);
        }
    };
    let node = d
        .tree
        .open_protocol(Field::Ipnet, 0..HEADER_LEN.min(d.frame.len()));
    d.tree
        .label(node, || format!("Solaris ipnet, family {family}"));
    d.tree
        .add(Field::IpnetVersion, 0..1, Value::UInt(u64::from(version)));
    d.tree
        .add(Field::IpnetFamily, 1..2, Value::UInt(u64::from(family)));
    d.tree.close();
    d.set_protocol("ipnet");
    match family {
        AF_INET => {
            ipv4::dissect(d, HEADER_LEN);
        }
        AF_INET6 => {
            ipv6::dissect(d, HEADER_LEN);
        }
        _ => data::dissect(d, HEADER_LEN),
    }
}
