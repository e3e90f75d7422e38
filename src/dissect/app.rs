//! Application protocols above TCP/UDP: port tables, dispatch and PDU length probes
//! (used by the store's TCP reassembly).

use super::{Dissector, dhcp, dns, http, tls};

/// An application dissector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App {
    /// DNS (length-prefixed over TCP).
    Dns,
    /// HTTP/1.x.
    Http,
    /// TLS records.
    Tls,
    /// DHCP/BOOTP.
    Dhcp,
}

/// What a PDU probe says about bytes at the start of a PDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PduLen {
    /// The first PDU is this many bytes long.
    Complete(usize),
    /// More bytes are needed to know or to complete the PDU.
    NeedMore,
    /// These bytes do not start a PDU of this protocol.
    NotPdu,
}

fn tcp_port(p: u16) -> Option<App> {
    Some(match p {
        53 => App::Dns,
        80 | 1900 | 2869 | 3128 | 3132 | 5985 | 8080 | 8088 | 11371 => App::Http,
        443 | 465 | 563 | 636 | 853 | 989 | 990 | 992 | 993 | 994 | 995 | 3269 | 4433 | 5061 | 5223 | 8443 => App::Tls,
        _ => return None,
    })
}

fn udp_port(p: u16) -> Option<App> {
    Some(match p {
        53 => App::Dns,
        67 | 68 => App::Dhcp,
        _ => return None,
    })
}

/// Picks the dissector for a TCP port pair: the lower port first, as Wireshark does.
pub fn for_tcp_ports(a: u16, b: u16) -> Option<App> {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    tcp_port(lo).or_else(|| tcp_port(hi))
}

/// Picks the dissector for a UDP port pair: the lower port first.
pub fn for_udp_ports(a: u16, b: u16) -> Option<App> {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    udp_port(lo).or_else(|| udp_port(hi))
}

/// Dissects `start..end` of the current data as `app`.
pub fn dissect(d: &mut Dissector, app: App, start: usize, end: usize, over_tcp: bool) {
    match app {
        App::Dns => dns::dissect(d, start, end, over_tcp),
        App::Http => http::dissect(d, start, end),
        App::Tls => tls::dissect(d, start, end),
        App::Dhcp => dhcp::dissect(d, start, end),
    }
}

/// Length of the first PDU of `app` in `bytes` (TCP reassembly).
pub fn pdu_len(app: App, bytes: &[u8]) -> PduLen {
    match app {
        App::Dns => dns::tcp_pdu_len(bytes),
        App::Http => http::pdu_len(bytes),
        App::Tls => tls::pdu_len(bytes),
        App::Dhcp => PduLen::NotPdu,
    }
}
