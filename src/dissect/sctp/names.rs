//! Wireshark's names for SCTP chunk types, parameter types, error causes and payload
//! protocol identifiers.

/// A chunk type's name as tshark writes it in Info and labels.
pub fn chunk_name(kind: u8) -> &'static str {
    match kind {
        0 => "DATA",
        1 => "INIT",
        2 => "INIT_ACK",
        3 => "SACK",
        4 => "HEARTBEAT",
        5 => "HEARTBEAT_ACK",
        6 => "ABORT",
        7 => "SHUTDOWN",
        8 => "SHUTDOWN_ACK",
        9 => "ERROR",
        10 => "COOKIE_ECHO",
        11 => "COOKIE_ACK",
        12 => "ECNE",
        13 => "CWR",
        14 => "SHUTDOWN_COMPLETE",
        15 => "AUTH",
        16 => "NR_SACK",
        64 => "I_DATA",
        128 => "ASCONF_ACK",
        129 => "PKTDROP",
        130 => "RE_CONFIG",
        132 => "PAD",
        192 => "FORWARD_TSN",
        193 => "ASCONF",
        194 => "I_FORWARD_TSN",
        255 => "IETF_EXTENSION",
        _ => "RESERVED",
    }
}

/// A parameter type's name (`None` for one Wireshark does not know).
pub fn parameter_name(kind: u16) -> Option<&'static str> {
    Some(match kind {
        0x0001 => "Heartbeat info",
        0x0005 => "IPv4 address",
        0x0006 => "IPv6 address",
        0x0007 => "State cookie",
        0x0008 => "Unrecognized parameter",
        0x0009 => "Cookie preservative",
        0x000b => "Hostname address",
        0x000c => "Supported address types",
        0x000d => "Outgoing SSN reset request",
        0x000e => "Incoming SSN reset request",
        0x000f => "SSN/TSN reset request",
        0x0010 => "Re-configuration response",
        0x0011 => "Add outgoing streams request",
        0x0012 => "Add incoming streams request",
        0x8000 => "ECN",
        0x8002 => "Random",
        0x8003 => "Authenticated Chunk list",
        0x8004 => "Requested HMAC Algorithm",
        0x8008 => "Supported Extensions",
        0xc000 => "Forward TSN supported",
        0xc001 => "Add IP address",
        0xc002 => "Delete IP address",
        0xc003 => "Error cause indication",
        0xc004 => "Set primary address",
        0xc005 => "Success report",
        0xc006 => "Adaptation Layer Indication",
        _ => return None,
    })
}

/// An error cause's name (`None` for one Wireshark does not know).
pub fn cause_name(code: u16) -> Option<&'static str> {
    Some(match code {
        0x01 => "Invalid stream identifier",
        0x02 => "Missing mandatory parameter",
        0x03 => "Stale cookie error",
        0x04 => "Out of resource",
        0x05 => "Unresolvable address",
        0x06 => "Unrecognized chunk type",
        0x07 => "Invalid mandatory parameter",
        0x08 => "Unrecognized parameters",
        0x09 => "No user data",
        0x0a => "Cookie received while shutting down",
        0x0b => "Restart of an association with new addresses",
        0x0c => "User initiated ABORT",
        0x0d => "Protocol violation",
        0xa0 => "Request to delete last address",
        0xa1 => "Operation refused due to resource shortage",
        0xa2 => "Request to delete source address",
        0xa3 => "Association Aborted due to illegal ASCONF-ACK",
        0xa4 => "Request refused - no authorization",
        0x105 => "Unsupported HMAC identifier",
        _ => return None,
    })
}

/// A supported address type's name.
pub fn address_type_name(kind: u16) -> &'static str {
    match kind {
        5 => "IPv4 address",
        6 => "IPv6 address",
        11 => "Hostname address",
        _ => "Unknown",
    }
}

/// A payload protocol identifier's name, as the DATA chunk's field label shows it.
pub fn ppid_name(ppid: u32) -> &'static str {
    match ppid {
        0 => "not specified",
        1 => "IUA",
        2 => "M2UA",
        3 => "M3UA",
        4 => "SUA",
        5 => "M2PA",
        6 => "V5UA",
        7 => "H.248/MEGACO",
        8 => "BICC/Q.2150.3",
        9 => "TALI",
        10 => "DUA",
        11 => "ASAP",
        12 => "ENRP",
        13 => "H.323",
        14 => "Q.IPC/Q.2150.3",
        15 => "SIMCO",
        16 => "DDP Segment Chunk",
        17 => "DDP Stream Session Control",
        18 => "S1 Application Protocol (S1AP)",
        19 => "RUA",
        20 => "HNBAP",
        46 => "Diameter",
        47 => "Diameter DTLS",
        60 => "NG Application Protocol (NGAP)",
        99 => "M2TP",
        _ => "Unknown",
    }
}
