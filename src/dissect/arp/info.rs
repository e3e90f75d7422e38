//! ARP's Protocol and Info columns as Wireshark writes them for every opcode: requests and
//! replies (gratuitous, probe, announcement), reverse, inverse and dynamic RARP, ATM NAK,
//! MARS and MAPOS, with addresses of any size shown as Wireshark shows them.

use std::net::Ipv4Addr;

use super::super::value::format_ether;

/// What Info and the tree label need of one ARP packet.
pub(super) struct Packet<'a> {
    pub htype: u16,
    pub ptype: u16,
    pub op: u16,
    pub sha: &'a [u8],
    pub spa: &'a [u8],
    pub tha: &'a [u8],
    pub tpa: &'a [u8],
    /// The six bytes at the target hardware address (Wireshark compares six, whatever the
    /// hardware size), when the frame has them.
    pub tha6: Option<[u8; 6]>,
}

/// A request or reply's kind beyond its opcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Plain,
    Gratuitous,
    Announcement,
    Probe,
}

impl Packet<'_> {
    pub fn kind(&self) -> Kind {
        let zero_tha = self.tha6 == Some([0; 6]);
        if matches!(self.op, 1 | 2) && self.spa == self.tpa {
            if self.op == 1 && zero_tha {
                Kind::Announcement
            } else {
                Kind::Gratuitous
            }
        } else if self.op == 1 && zero_tha && self.spa.get(..4) == Some(&[0, 0, 0, 0]) {
            Kind::Probe
        } else {
            Kind::Plain
        }
    }

    fn proto(&self, bytes: &[u8]) -> String {
        proto_address(self.ptype, bytes)
    }

    fn hw(&self, bytes: &[u8]) -> String {
        hw_address(self.htype, bytes)
    }

    /// The Info column.
    pub fn info(&self) -> String {
        let (sha, spa) = (self.hw(self.sha), self.proto(self.spa));
        let (tha, tpa) = (self.hw(self.tha), self.proto(self.tpa));
        let mars = |what: &str| format!("{what} from {sha} at {spa}");
        match (self.op, self.kind()) {
            (1, Kind::Announcement) => format!("ARP Announcement for {tpa}"),
            (1, Kind::Gratuitous) => format!("Gratuitous ARP for {tpa} (Request)"),
            (1, Kind::Probe) => format!("Who has {tpa}? (ARP Probe)"),
            (1, _) => format!("Who has {tpa}? Tell {spa}"),
            (2, Kind::Gratuitous) => format!("Gratuitous ARP for {spa} (Reply)"),
            (2, _) => format!("{spa} is at {sha}"),
            (3 | 5 | 8, _) => format!("Who is {tha}? Tell {sha}"),
            (4 | 6, _) => format!("{tha} is at {tpa}"),
            (7, _) => "DRARP Error".into(),
            (9, _) => format!("{sha} is at {spa}"),
            (10, _) => "ARP NAK".into(),
            (11, _) => mars("MARS request"),
            (12, _) => mars("MARS MULTI request"),
            (13, _) => mars("MARS MSERV request"),
            (14, _) => mars("MARS JOIN request"),
            (15, _) => mars("MARS LEAVE"),
            (16, _) => mars("MARS NAK"),
            (17, _) => mars("MARS UNSERV request"),
            (18, _) => mars("MARS SJOIN request"),
            (19, _) => mars("MARS SLEAVE"),
            (20, _) => mars("MARS grouplist request"),
            (21, _) => mars("MARS grouplist reply"),
            (22, _) => mars("MARS redirect map"),
            (23, _) => mars("MAPOS UNARP request"),
            (24, _) => format!("Experimental 1 ( opcode {} )", self.op),
            (25, _) => format!("Experimental 2 ( opcode {} )", self.op),
            (0 | 65535, _) => format!("Reserved opcode {}", self.op),
            _ => format!("Unknown ARP opcode 0x{:04x}", self.op),
        }
    }

    /// What the tree label names the packet: its opcode (or its kind).
    pub fn label(&self) -> String {
        let Some(name) = opcode_name(self.op) else {
            return format!("Address Resolution Protocol (opcode 0x{:04x})", self.op);
        };
        let name = match (self.op, self.kind()) {
            (_, Kind::Announcement) => "ARP Announcement",
            (_, Kind::Probe) => "ARP Probe",
            (1, Kind::Gratuitous) => "request/gratuitous ARP",
            (2, Kind::Gratuitous) => "reply/gratuitous ARP",
            _ => name,
        };
        format!("Address Resolution Protocol ({name})")
    }
}

/// The Protocol column for an opcode.
pub(super) fn protocol(op: u16) -> &'static str {
    match op {
        3 | 4 => "RARP",
        5..=7 => "DRARP",
        8 | 9 => "Inverse ARP",
        11..=22 => "MARS",
        23 => "MAPOS",
        _ => "ARP",
    }
}

/// Wireshark's opcode names (`op_vals`).
pub(super) fn opcode_name(op: u16) -> Option<&'static str> {
    Some(match op {
        1 => "request",
        2 => "reply",
        3 => "reverse request",
        4 => "reverse reply",
        5 => "DRARP request",
        6 => "DRARP reply",
        7 => "DRARP error",
        8 => "inverse request",
        9 => "inverse reply",
        10 => "NAK",
        11 => "MARS request",
        12 => "MARS multi",
        13 => "MARS mserv",
        14 => "MARS join",
        15 => "MARS leave",
        16 => "MARS NAK",
        17 => "MARS unserv",
        18 => "MARS sjoin",
        19 => "MARS sleave",
        20 => "MARS grouplist request",
        21 => "MARS grouplist reply",
        22 => "MARS redirect map",
        23 => "MAPOS UNARP",
        24 => "Experimental 1",
        25 => "Experimental 2",
        0 | 65535 => "Reserved",
        _ => return None,
    })
}

/// Bytes as Wireshark's `bytes_to_str` writes them: hex digits, cut to 36 bytes with `…`.
fn hex(bytes: &[u8]) -> String {
    const MAX: usize = 36;
    let shown: String = bytes.iter().take(MAX).map(|b| format!("{b:02x}")).collect();
    if bytes.len() > MAX {
        format!("{shown}…")
    } else {
        shown
    }
}

/// A protocol address: IPv4 typed, others (IPv6 too, as in Wireshark) as hex.
pub(super) fn proto_address(ptype: u16, bytes: &[u8]) -> String {
    match (ptype, <[u8; 4]>::try_from(bytes)) {
        _ if bytes.is_empty() => "<No address>".into(),
        (0x0800 | 0x00cc, Ok(v4)) => Ipv4Addr::from(v4).to_string(),
        _ => hex(bytes),
    }
}

/// A hardware address: Ethernet (and IEEE 802) typed, others as hex.
pub(super) fn hw_address(htype: u16, bytes: &[u8]) -> String {
    match (htype, <[u8; 6]>::try_from(bytes)) {
        _ if bytes.is_empty() => "<No address>".into(),
        (1 | 6, Ok(mac)) => format_ether(&mac),
        _ => hex(bytes),
    }
}
