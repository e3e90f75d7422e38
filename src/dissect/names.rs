//! Value names for labels and the Info column (Wireshark's value_string tables, abridged).

/// EtherType name.
pub fn ethertype(t: u16) -> Option<&'static str> {
    Some(match t {
        0x0800 => "IPv4",
        0x0806 => "ARP",
        0x86dd => "IPv6",
        0x8100 => "802.1Q Virtual LAN",
        0x88a8 => "802.1ad Provider Bridge (Q-in-Q)",
        0x9100 => "VLAN tag protocol identifier",
        0x8035 => "RARP",
        0x8847 => "MPLS label switched packet",
        0x8863 => "PPPoE Discovery",
        0x8864 => "PPPoE Session",
        0x888e => "802.1X Authentication",
        0x88cc => "802.1 Link Layer Discovery Protocol (LLDP)",
        0x22f3 => "TRILL",
        0x6558 => "Transparent Ethernet bridging",
        0x9000 => "Configuration Test Protocol (loopback)",
        _ => return None,
    })
}

/// IP protocol number name.
pub fn ip_proto(p: u8) -> Option<&'static str> {
    Some(match p {
        0 => "IPv6 Hop-by-Hop Option",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        17 => "UDP",
        41 => "IPv6",
        43 => "Routing Header for IPv6",
        44 => "Fragment Header for IPv6",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        58 => "ICMPv6",
        59 => "IPv6 No Next Header",
        60 => "Destination Options for IPv6",
        88 => "EIGRP",
        89 => "OSPFIGP",
        103 => "PIM",
        112 => "VRRP",
        132 => "SCTP",
        _ => return None,
    })
}

/// ARP opcode name.
pub fn arp_opcode(op: u16) -> Option<&'static str> {
    Some(match op {
        1 => "request",
        2 => "reply",
        3 => "reverse request",
        4 => "reverse reply",
        8 => "inverse request",
        9 => "inverse reply",
        _ => return None,
    })
}

/// ICMP type name.
pub fn icmp_type(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "Echo (ping) reply",
        3 => "Destination unreachable",
        4 => "Source quench (flow control)",
        5 => "Redirect",
        8 => "Echo (ping) request",
        9 => "Router advertisement",
        10 => "Router solicitation",
        11 => "Time-to-live exceeded",
        12 => "Parameter problem",
        13 => "Timestamp request",
        14 => "Timestamp reply",
        17 => "Address mask request",
        18 => "Address mask reply",
        _ => return None,
    })
}

/// ICMP destination-unreachable code name.
pub fn icmp_unreach_code(c: u8) -> Option<&'static str> {
    Some(match c {
        0 => "Network unreachable",
        1 => "Host unreachable",
        2 => "Protocol unreachable",
        3 => "Port unreachable",
        4 => "Fragmentation needed",
        5 => "Source route failed",
        13 => "Communication administratively filtered",
        _ => return None,
    })
}

/// ICMPv6 type name.
pub fn icmpv6_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Destination Unreachable",
        2 => "Packet Too Big",
        3 => "Time Exceeded",
        4 => "Parameter Problem",
        128 => "Echo (ping) request",
        129 => "Echo (ping) reply",
        130 => "Multicast Listener Query",
        131 => "Multicast Listener Report",
        132 => "Multicast Listener Done",
        133 => "Router Solicitation",
        134 => "Router Advertisement",
        135 => "Neighbor Solicitation",
        136 => "Neighbor Advertisement",
        137 => "Redirect",
        143 => "Multicast Listener Report Message v2",
        _ => return None,
    })
}

/// DNS RR type mnemonic.
pub fn dns_type(t: u16) -> Option<&'static str> {
    Some(match t {
        1 => "A",
        2 => "NS",
        5 => "CNAME",
        6 => "SOA",
        12 => "PTR",
        13 => "HINFO",
        15 => "MX",
        16 => "TXT",
        28 => "AAAA",
        33 => "SRV",
        35 => "NAPTR",
        41 => "OPT",
        43 => "DS",
        46 => "RRSIG",
        47 => "NSEC",
        48 => "DNSKEY",
        50 => "NSEC3",
        64 => "SVCB",
        65 => "HTTPS",
        99 => "SPF",
        255 => "ANY",
        256 => "URI",
        257 => "CAA",
        _ => return None,
    })
}

/// DNS opcode name.
pub fn dns_opcode(op: u16) -> Option<&'static str> {
    Some(match op {
        0 => "Standard query",
        1 => "Inverse query",
        2 => "Server status request",
        4 => "Zone change notification",
        5 => "Dynamic update",
        _ => return None,
    })
}

/// DNS rcode name.
pub fn dns_rcode(rc: u16) -> Option<&'static str> {
    Some(match rc {
        0 => "No error",
        1 => "Format error",
        2 => "Server failure",
        3 => "No such name",
        4 => "Not implemented",
        5 => "Refused",
        6 => "Name exists",
        7 => "RRset exists",
        8 => "RRset does not exist",
        9 => "Not authoritative",
        10 => "Name out of zone",
        11 => "DSO-Type not implemented",
        _ => return None,
    })
}

/// TLS version name for `0x0301` etc.
pub fn tls_version(v: u16) -> Option<&'static str> {
    Some(match v {
        0x0300 => "SSL 3.0",
        0x0301 => "TLS 1.0",
        0x0302 => "TLS 1.1",
        0x0303 => "TLS 1.2",
        0x0304 => "TLS 1.3",
        _ => return None,
    })
}

/// TLS handshake message name.
pub fn tls_handshake(t: u8) -> Option<&'static str> {
    Some(match t {
        0 => "Hello Request",
        1 => "Client Hello",
        2 => "Server Hello",
        4 => "New Session Ticket",
        8 => "Encrypted Extensions",
        11 => "Certificate",
        12 => "Server Key Exchange",
        13 => "Certificate Request",
        14 => "Server Hello Done",
        15 => "Certificate Verify",
        16 => "Client Key Exchange",
        20 => "Finished",
        _ => return None,
    })
}

/// TLS record content type name.
pub fn tls_content_type(t: u8) -> Option<&'static str> {
    Some(match t {
        20 => "Change Cipher Spec",
        21 => "Alert",
        22 => "Handshake",
        23 => "Application Data",
        24 => "Heartbeat",
        _ => return None,
    })
}

/// DHCP message type name (option 53).
pub fn dhcp_message_type(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "Discover",
        2 => "Offer",
        3 => "Request",
        4 => "Decline",
        5 => "ACK",
        6 => "NAK",
        7 => "Release",
        8 => "Inform",
        _ => return None,
    })
}

/// Linux SLL packet type name.
pub fn sll_pkttype(t: u16) -> Option<&'static str> {
    Some(match t {
        0 => "Unicast to us",
        1 => "Broadcast",
        2 => "Multicast",
        3 => "Unicast to another host",
        4 => "Sent by us",
        _ => return None,
    })
}

/// The named values of a field, for filters such as `tcp.checksum.status == "Bad"`.
pub fn value_strings(field: super::Field) -> &'static [(u64, &'static str)] {
    use super::Field as F;
    const CHECKSUM_STATUS: &[(u64, &str)] = &[
        (0, "Bad"),
        (1, "Good"),
        (2, "Unverified"),
        (3, "Not present"),
        (4, "Illegal"),
    ];
    match field {
        F::IpChecksumStatus
        | F::UdpChecksumStatus
        | F::TcpChecksumStatus
        | F::IcmpChecksumStatus
        | F::Icmpv6ChecksumStatus => CHECKSUM_STATUS,
        _ => &[],
    }
}

/// Wireshark's short protocol name for one of our layer names.
pub fn protocol_short_name(layer: &'static str) -> &'static str {
    match layer {
        "ip" => "IPv4",
        "ipv6" => "IPv6",
        "icmpv6" => "ICMPv6",
        "tcp" => "TCP",
        "udp" => "UDP",
        "icmp" => "ICMP",
        "dns" => "DNS",
        "mdns" => "mDNS",
        "ssdp" => "SSDP",
        "http" => "HTTP",
        "tls" => "TLS",
        "arp" => "ARP/RARP",
        "dhcp" => "DHCP",
        "ntp" => "NTP",
        "eap" => "EAP",
        "eapol" => "EAPOL",
        "nbdgm" => "NBDS",
        "smb" => "SMB",
        "mailslot" => "SMB Mailslot",
        "browser" => "BROWSER",
        "eth" => "ETH",
        "frame" => "Frame",
        other => other,
    }
}
