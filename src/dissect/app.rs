//! Application protocols above TCP/UDP: port tables, dispatch and PDU length probes
//! (used by the store's TCP reassembly).

use super::{Dissector, dhcp, dns, http, ntp, tls};

/// An application dissector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum App {
    /// DNS (length-prefixed over TCP).
    Dns,
    /// Multicast DNS (RFC 6762): DNS with the class's top bit as a flag.
    Mdns,
    /// Link-local Multicast Name Resolution (RFC 4795).
    Llmnr,
    /// HTTP/1.x.
    Http,
    /// TLS records.
    Tls,
    /// DHCP/BOOTP.
    Dhcp,
    /// NTP.
    Ntp,
    /// SSDP (HTTP over UDP).
    Ssdp,
    /// DHCPv6.
    Dhcpv6,
    /// NetBIOS Name Service.
    Nbns,
    /// NetBIOS Datagram Service (with SMB mailslots and the browser protocol).
    Nbdgm,
    /// FTP control connections.
    Ftp,
    /// SSH.
    Ssh,
    /// SIP (with SDP bodies).
    Sip,
    /// Cisco HSRP (versions 0 and 1).
    Hsrp,
    /// WireGuard.
    WireGuard,
    /// SMTP.
    Smtp,
    /// POP3.
    Pop,
    /// IMAP.
    Imap,
    /// An MPLS label stack (MPLS-in-UDP, RFC 7510).
    Mpls,
    /// QUIC (found by Wireshark's heuristic, then by its connection).
    Quic,
    /// RTP (on SDP-announced ports, or by Decode As).
    Rtp,
    /// RTCP (on the port after an SDP-announced RTP port, or by Decode As).
    Rtcp,
    /// A protocol of the loaded descriptions (see [`super::custom`]).
    Described(u32),
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

// Port tables as Wireshark 4.0 registers them (`tshark -G decodes`).
fn tcp_port(p: u16) -> Option<App> {
    Some(match p {
        53 | 5353 => App::Dns,
        21 => App::Ftp,
        22 => App::Ssh,
        5060 => App::Sip,
        25 | 587 => App::Smtp,
        110 => App::Pop,
        143 => App::Imap,
        80 | 631 | 1900 | 2710 | 2869 | 3128 | 3132 | 3689 | 5985 | 8080 | 8088 | 11371 => {
            App::Http
        }
        324
        | 443
        | 465
        | 636
        | 802
        | 853
        | 993
        | 995
        | 1300
        | 2221
        | 2443
        | 3249..=3252
        | 3496
        | 5061
        | 5671
        | 5684
        | 5868
        | 8883
        | 11207
        | 19999
        | 27017 => App::Tls,
        _ => return None,
    })
}

fn udp_port(p: u16) -> Option<App> {
    Some(match p {
        53 => App::Dns,
        123 => App::Ntp,
        1900 => App::Ssdp,
        6635 => App::Mpls,
        546 | 547 => App::Dhcpv6,
        137 => App::Nbns,
        138 => App::Nbdgm,
        1985 => App::Hsrp,
        51820 => App::WireGuard,
        5060 => App::Sip,
        5353 => App::Mdns,
        5355 => App::Llmnr,
        67 | 68 | 4011 => App::Dhcp,
        _ => return None,
    })
}

/// Heuristics tried when no port matches (enabled by default in Wireshark: QUIC, WireGuard
/// and DNS on UDP, HTTP and TLS on TCP).
pub fn heuristic_udp(payload: &[u8]) -> Option<App> {
    if super::quic::looks_like_quic(payload) {
        return Some(App::Quic);
    }
    if super::wireguard::looks_like_wireguard(payload) {
        return Some(App::WireGuard);
    }
    dns::looks_like_dns(payload).then_some(App::Dns)
}

/// TCP heuristics: an HTTP request/status line, or a TLS handshake record header.
pub fn heuristic_tcp(payload: &[u8]) -> Option<App> {
    if let Some(id) = super::custom::heuristic(true, payload) {
        return Some(App::Described(id));
    }
    if http::looks_like_http(payload) {
        return Some(App::Http);
    }
    tls::looks_like_tls(payload).then_some(App::Tls)
}

/// The built-in application dissector Decode As may name (`-d tcp.port==8888,http`).
pub fn by_name(name: &str) -> Option<App> {
    Some(match name {
        "dns" => App::Dns,
        "mdns" => App::Mdns,
        "llmnr" => App::Llmnr,
        "http" => App::Http,
        "tls" | "ssl" => App::Tls,
        "dhcp" | "bootp" => App::Dhcp,
        "ntp" => App::Ntp,
        "ssdp" => App::Ssdp,
        "mpls" => App::Mpls,
        "dhcpv6" => App::Dhcpv6,
        "nbns" => App::Nbns,
        "nbdgm" => App::Nbdgm,
        "ftp" => App::Ftp,
        "ssh" => App::Ssh,
        "sip" => App::Sip,
        "hsrp" => App::Hsrp,
        "wg" => App::WireGuard,
        "smtp" => App::Smtp,
        "pop" => App::Pop,
        "imap" => App::Imap,
        "quic" => App::Quic,
        "rtp" => App::Rtp,
        "rtcp" => App::Rtcp,
        _ => return None,
    })
}

/// The names [`by_name`] knows.
pub const DECODE_AS_NAMES: &[&str] = &[
    "dns", "mdns", "llmnr", "http", "tls", "dhcp", "ntp", "ssdp", "mpls", "dhcpv6", "nbns",
    "nbdgm", "ftp", "ssh", "smtp", "pop", "imap", "quic", "rtp", "rtcp",
];

/// Picks the dissector for a TCP port pair: the lower port first, as Wireshark does.
pub fn for_tcp_ports(a: u16, b: u16) -> Option<App> {
    if let Some(id) = super::custom::for_ports(true, a, b) {
        return Some(App::Described(id));
    }
    if let Some(app) = super::custom::builtin_for_ports(true, a, b) {
        return Some(app);
    }
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    tcp_port(lo).or_else(|| tcp_port(hi))
}

/// Picks the dissector for a UDP port pair: the lower port first.
pub fn for_udp_ports(a: u16, b: u16) -> Option<App> {
    if let Some(app) = super::custom::builtin_for_ports(false, a, b) {
        return Some(app);
    }
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    udp_port(lo).or_else(|| udp_port(hi))
}

/// Dissects `start..end` of the current data as `app`.
pub fn dissect(d: &mut Dissector, app: App, start: usize, end: usize, over_tcp: bool) {
    match app {
        App::Dns => dns::dissect(d, start, end, over_tcp, dns::Flavor::Dns),
        App::Mdns => dns::dissect(d, start, end, over_tcp, dns::Flavor::Mdns),
        App::Llmnr => dns::dissect(d, start, end, over_tcp, dns::Flavor::Llmnr),
        App::Http => http::dissect(d, start, end),
        App::Tls => tls::dissect(d, start, end),
        App::Dhcp => dhcp::dissect(d, start, end),
        App::Ntp => ntp::dissect(d, start, end),
        App::Ssdp => http::dissect_ssdp(d, start, end),
        App::Dhcpv6 => super::dhcpv6::dissect(d, start, end),
        App::Nbns => super::nbns::dissect(d, start, end),
        App::Nbdgm => super::nbdgm::dissect(d, start, end),
        App::Ftp => super::ftp::dissect(d, start, end),
        App::Ssh => super::ssh::dissect(d, start, end),
        App::Sip => super::sip::dissect(d, start, end),
        App::Hsrp => super::hsrp::dissect(d, start, end),
        App::WireGuard => super::wireguard::dissect(d, start, end),
        App::Smtp => super::smtp::dissect(d, start, end),
        App::Pop => super::pop::dissect(d, start, end),
        App::Imap => super::imap::dissect(d, start, end),
        App::Quic => super::quic::dissect(d, start, end),
        App::Rtp => super::rtp::dissect(d, start, end),
        App::Rtcp => super::rtcp::dissect(d, start, end),
        App::Mpls => {
            super::mpls::dissect(d, start);
        }
        App::Described(id) => {
            super::custom::dissect(d, id, start, end);
        }
    }
}

/// The layer a dissector shows on a segment where its PDU starts but does not end: TLS and
/// SSH ask TCP for more data themselves, so theirs appears (the others' does not).
pub fn segment_layer(app: Option<App>) -> Option<super::field::Field> {
    match app {
        Some(App::Tls) => Some(super::field::Field::Tls),
        Some(App::Ssh) => Some(super::field::Field::Ssh),
        _ => None,
    }
}

/// Length of the first PDU of `app` in `bytes` (TCP reassembly).
pub fn pdu_len(app: App, bytes: &[u8]) -> PduLen {
    match app {
        App::Dns | App::Mdns | App::Llmnr => dns::tcp_pdu_len(bytes),
        App::Http => http::pdu_len(bytes),
        App::Tls => tls::pdu_len(bytes),
        App::Ssh => super::ssh::pdu_len(bytes),
        App::Sip => super::sip::pdu_len(bytes),
        App::Dhcp
        | App::Ntp
        | App::Ssdp
        | App::Mpls
        | App::Dhcpv6
        | App::Nbns
        | App::Nbdgm
        | App::Hsrp
        | App::WireGuard
        | App::Quic
        | App::Rtp
        | App::Rtcp => PduLen::NotPdu,
        // Line protocols: each segment is dissected as it came (Wireshark's default for
        // FTP, POP and IMAP; SMTP's line reassembly is not done).
        App::Ftp | App::Smtp | App::Pop | App::Imap => PduLen::NotPdu,
        App::Described(id) => super::custom::pdu_len(id, bytes),
    }
}
