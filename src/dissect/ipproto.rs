//! Dispatch on an IP protocol number (IPv4 protocol / IPv6 next header).

use super::{Dissector, data, icmp, icmpv6, ipv4, ipv6, tcp, udp};

/// Dissects `start..end` of the current data as IP protocol `proto`.
pub fn dispatch(d: &mut Dissector, proto: u8, start: usize, end: usize) {
    match proto {
        1 => icmp::dissect(d, start, end),
        6 => tcp::dissect(d, start, end),
        17 => udp::dissect(d, start, end),
        58 => icmpv6::dissect(d, start, end),
        4 => {
            ipv4::dissect(d, start);
        }
        41 => {
            ipv6::dissect(d, start);
        }
        _ => data::dissect_range(d, start, end),
    }
}
