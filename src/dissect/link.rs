//! Link-layer types (pcap LINKTYPE_* numbers) and the dispatch to the first dissector.

use super::field::Field;
use super::value::Value;
use super::{Dissector, ethernet, ieee80211, ipv4, ipv6, null, radiotap, sll};
use std::fmt;

/// A pcap link-layer type; an open enum over the numbers (unknown ones print as numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkType(pub u32);

impl LinkType {
    /// BSD loopback (host byte order family).
    pub const NULL: LinkType = LinkType(0);
    /// Ethernet II / 802.3.
    pub const ETHERNET: LinkType = LinkType(1);
    /// PPP, with or without HDLC-like framing bytes.
    pub const PPP: LinkType = LinkType(9);
    /// PPP in HDLC-like framing (RFC 1662).
    pub const PPP_SERIAL: LinkType = LinkType(50);
    /// Raw IP (as on some BSDs).
    pub const RAW_BSD: LinkType = LinkType(12);
    /// Raw IP.
    pub const RAW: LinkType = LinkType(101);
    /// IEEE 802.11 without radio header.
    pub const IEEE802_11: LinkType = LinkType(105);
    /// OpenBSD loopback (network byte order family).
    pub const LOOP: LinkType = LinkType(108);
    /// Linux cooked capture v1.
    pub const LINUX_SLL: LinkType = LinkType(113);
    /// 802.11 with radiotap header.
    pub const RADIOTAP: LinkType = LinkType(127);
    /// Raw IPv4.
    pub const IPV4: LinkType = LinkType(228);
    /// Raw IPv6.
    pub const IPV6: LinkType = LinkType(229);
    /// Linux cooked capture v2.
    pub const LINUX_SLL2: LinkType = LinkType(276);

    /// Short name, like libpcap's `pcap_datalink_val_to_name`.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "NULL",
            1 => "EN10MB",
            9 => "PPP",
            50 => "PPP_SERIAL",
            12 | 101 => "RAW",
            105 => "IEEE802_11",
            108 => "LOOP",
            113 => "LINUX_SLL",
            127 => "IEEE802_11_RADIO",
            226 => "IPNET",
            228 => "IPV4",
            229 => "IPV6",
            276 => "LINUX_SLL2",
            _ => return None,
        })
    }

    /// Wireshark's encapsulation number for `frame.encap_type` (WTAP_ENCAP_*), when known.
    pub fn wtap_encap(self) -> i64 {
        match self.0 {
            0 | 108 => 15,
            1 => 1,
            9 | 50 => 4,
            12 | 101 | 228 | 229 => 7,
            105 => 20,
            113 => 25,
            127 => 23,
            276 => 210,
            n => -(i64::from(n)),
        }
    }
}

impl fmt::Display for LinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n} ({})", self.0),
            None => write!(f, "LINKTYPE {}", self.0),
        }
    }
}

/// Dissects the frame starting at the link layer.
pub fn dissect(d: &mut Dissector, link: LinkType) {
    match link {
        LinkType::ETHERNET => ethernet::dissect(d, 0),
        LinkType::NULL => null::dissect(d, false),
        LinkType::LOOP => null::dissect(d, true),
        LinkType::PPP | LinkType::PPP_SERIAL => super::ppp::dissect_link(d, 0),
        LinkType::RAW | LinkType::RAW_BSD => raw(d),
        LinkType::IPV4 => {
            ipv4::dissect(d, 0);
        }
        LinkType::IPV6 => {
            ipv6::dissect(d, 0);
        }
        LinkType::LINUX_SLL => sll::dissect_v1(d),
        LinkType::LINUX_SLL2 => sll::dissect_v2(d),
        LinkType::IEEE802_11 => ieee80211::dissect(d, 0, false),
        LinkType::RADIOTAP => radiotap::dissect(d),
        LinkType(226) => super::ipnet::dissect(d),
        other => match super::custom::lookup(super::custom::Table::Link, other.0) {
            Some(id) => {
                super::custom::dissect(d, id, 0, d.frame.len());
            }
            None => unknown(d, other),
        },
    }
}

fn raw(d: &mut Dissector) {
    let len = d.frame.len();
    let node = d.tree.open_protocol(Field::Raw, 0..len);
    d.tree.label(node, || "Raw packet data".into());
    d.tree.close();
    match d.frame.u8(0).map(|b| b >> 4) {
        Ok(4) => {
            ipv4::dissect(d, 0);
        }
        Ok(6) => {
            ipv6::dissect(d, 0);
        }
        Ok(_) => {}
        Err(e) => d.short("raw", e),
    }
}

fn unknown(d: &mut Dissector, link: LinkType) {
    let len = d.frame.len();
    let node = d.tree.add(Field::Raw, 0..0, Value::None);
    d.tree.label(node, || {
        format!("Link type {link} is not dissected; the frame is shown as data")
    });
    super::data::dissect(d, 0);
    d.set_protocol("UNKNOWN");
    d.set_info(|| format!("{len} bytes, link type {link}"));
}
