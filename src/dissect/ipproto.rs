//! Dispatch on an IP protocol number (IPv4 protocol / IPv6 next header).

use super::{Dissector, data, icmp, icmpv6, igmp, ipv4, ipv6, sctp, tcp, udp, vrrp};

/// Dissects `start..end` of the current data as IP protocol `proto`.
pub fn dispatch(d: &mut Dissector, proto: u8, start: usize, end: usize) {
    // Upper layers see only the datagram: reads past its end are short reads, as in Wireshark.
    let saved = d.frame;
    if end < saved.len() {
        d.frame = super::reader::Bytes::new(saved.all().get(..end).unwrap_or(saved.all()));
    }
    by_number(d, proto, start, end);
    d.frame = saved;
}

fn by_number(d: &mut Dissector, proto: u8, start: usize, end: usize) {
    if let Some(id) = super::custom::lookup(super::custom::Table::IpProto, u32::from(proto)) {
        super::custom::dissect(d, id, start, end);
        return;
    }
    match proto {
        1 => icmp::dissect(d, start, end),
        2 => igmp::dissect(d, start, end),
        6 => tcp::dissect(d, start, end),
        17 => udp::dissect(d, start, end),
        58 => icmpv6::dissect(d, start, end),
        112 => vrrp::dissect(d, start, end),
        132 => sctp::dissect(d, start, end),
        4 => {
            ipv4::dissect(d, start);
        }
        41 => {
            ipv6::dissect(d, start);
        }
        // RFC 8986: Ethernet carried directly in IPv6 (SRv6 L2 services).
        143 => super::ethernet::dissect(d, start),
        _ => data::dissect_range(d, start, end),
    }
}
