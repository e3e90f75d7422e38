//! The Internet checksum (RFC 1071) and the pseudo-headers TCP, UDP and ICMPv6 checksums
//! cover (RFC 793 §3.1, RFC 768, RFC 8200 §8.1).

use std::net::IpAddr;

/// A running one's-complement sum of 16-bit big-endian words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sum(u64);

impl Sum {
    /// Adds `data` as big-endian 16-bit words (an odd last byte is padded with zero). Every
    /// call must start on an even offset of the summed data, which all headers do.
    pub fn add_bytes(mut self, data: &[u8]) -> Sum {
        let mut words = data.chunks_exact(2);
        for w in &mut words {
            if let [hi, lo] = w {
                self.0 += u64::from(u16::from_be_bytes([*hi, *lo]));
            }
        }
        if let [last] = words.remainder() {
            self.0 += u64::from(*last) << 8;
        }
        self
    }

    /// Adds one 16-bit value.
    pub fn add_u16(mut self, v: u16) -> Sum {
        self.0 += u64::from(v);
        self
    }

    /// Adds a 32-bit value as two words.
    pub fn add_u32(self, v: u32) -> Sum {
        self.add_u16((v >> 16) as u16).add_u16(v as u16)
    }

    /// The folded one's-complement sum (0xffff when everything sums to zero).
    pub fn folded(self) -> u16 {
        let mut s = self.0;
        while s > 0xffff {
            s = (s & 0xffff) + (s >> 16);
        }
        s as u16
    }

    /// The checksum to store: the complement of the folded sum.
    pub fn checksum(self) -> u16 {
        !self.folded()
    }
}

/// The checksum of `data` as an IPv4 header or ICMP message carries it (the checksum field
/// itself must be zero in `data`).
pub fn internet_checksum(data: &[u8]) -> u16 {
    Sum::default().add_bytes(data).checksum()
}

/// The sum of the pseudo-header for an upper-layer `protocol` carrying `length` bytes
/// between `src` and `dst` (IPv4: 12 bytes; IPv6: 40 bytes).
pub fn pseudo_header(src: IpAddr, dst: IpAddr, protocol: u8, length: u32) -> Sum {
    match (src, dst) {
        (IpAddr::V4(s), IpAddr::V4(d)) => Sum::default()
            .add_bytes(&s.octets())
            .add_bytes(&d.octets())
            .add_u16(u16::from(protocol))
            .add_u16(length as u16),
        (s, d) => Sum::default()
            .add_bytes(&v6_octets(s))
            .add_bytes(&v6_octets(d))
            .add_u32(length)
            .add_u16(u16::from(protocol)),
    }
}

fn v6_octets(a: IpAddr) -> [u8; 16] {
    match a {
        IpAddr::V4(v) => v.to_ipv6_mapped().octets(),
        IpAddr::V6(v) => v.octets(),
    }
}

/// The checksum of a TCP, UDP or ICMPv6 `segment` (checksum field zeroed) with its
/// pseudo-header. UDP sends 0xffff for a computed 0 (RFC 768); callers apply that rule.
pub fn transport_checksum(src: IpAddr, dst: IpAddr, protocol: u8, segment: &[u8]) -> u16 {
    let len = u32::try_from(segment.len()).unwrap_or(u32::MAX);
    pseudo_header(src, dst, protocol, len)
        .add_bytes(segment)
        .checksum()
}

/// True when `data` (checksum field included) sums to 0xffff, i.e. its checksum is right.
pub fn verifies(sum: Sum) -> bool {
    sum.folded() == 0xffff
}

/// Which checksums the dissectors verify: Wireshark's `ip.check_checksum`,
/// `udp.check_checksum` and `tcp.check_checksum` preferences, all off by default (a capture
/// taken on the sending host is full of checksums the NIC fills in later). ICMP and ICMPv6
/// checksums are always verified, as in Wireshark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Validation {
    /// Verify IPv4 header checksums.
    pub ip: bool,
    /// Verify UDP checksums.
    pub udp: bool,
    /// Verify TCP checksums.
    pub tcp: bool,
}

/// The process-wide preference (one per process, as Wireshark's preferences).
static VALIDATION: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

impl Validation {
    /// All three on.
    pub const ALL: Validation = Validation {
        ip: true,
        udp: true,
        tcp: true,
    };

    /// The preference in effect.
    pub fn current() -> Validation {
        let bits = VALIDATION.load(std::sync::atomic::Ordering::Relaxed);
        Validation {
            ip: bits & 1 != 0,
            udp: bits & 2 != 0,
            tcp: bits & 4 != 0,
        }
    }

    /// Makes this the preference for every dissection from now on.
    pub fn install(self) {
        let bits = u8::from(self.ip) | u8::from(self.udp) << 1 | u8::from(self.tcp) << 2;
        VALIDATION.store(bits, std::sync::atomic::Ordering::Relaxed);
    }
}

/// What Wireshark's `*.checksum.status` fields say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The checksum is wrong.
    Bad = 0,
    /// The checksum is right.
    Good = 1,
    /// Not checked (validation off, or not all bytes captured).
    Unverified = 2,
    /// No checksum sent (UDP over IPv4 with checksum 0).
    NotPresent = 3,
    /// A zero checksum where one is required (UDP over IPv6).
    Illegal = 4,
}

impl Status {
    /// How the tree shows it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Bad => "Bad",
            Status::Good => "Good",
            Status::Unverified => "Unverified",
            Status::NotPresent => "Not present",
            Status::Illegal => "Illegal",
        }
    }

    /// Good when `sum` (over the data with its checksum field) folds to 0xffff, else Bad.
    pub fn of(sum: Sum) -> Status {
        if verifies(sum) {
            Status::Good
        } else {
            Status::Bad
        }
    }
}

/// The value a checksum field should hold, given the stored one and the sum over the data
/// including it (Wireshark's `in_cksum_shouldbe`).
pub fn should_be(stored: u16, sum_with_stored: Sum) -> u16 {
    let without = Sum::default()
        .add_u16(sum_with_stored.folded())
        .add_u16(!stored)
        .folded();
    !without
}

/// The status of the checksum `stored` over `covered` (after `base`, a pseudo-header or
/// nothing) and the value it should hold; unverified when the bytes are not all there.
pub fn verify(stored: u16, base: Sum, covered: Option<&[u8]>) -> (Status, u16) {
    match covered.map(|m| base.add_bytes(m)) {
        Some(total) => (Status::of(total), should_be(stored, total)),
        None => (Status::Unverified, 0),
    }
}

/// Labels the checksum node `checksum` as Wireshark does, adds the `status` field after it,
/// and an expert note of `severity` when the checksum is bad or illegal.
pub(crate) fn report(
    tree: &mut super::Tree,
    checksum: usize,
    status_field: super::Field,
    status: Status,
    expected: u16,
    (layer, severity): (&'static str, super::tree::Severity),
) {
    let Some(node) = tree.nodes.get(checksum) else {
        return;
    };
    let (range, display) = (node.range.clone(), node.field.def().display);
    let stored = match node.value {
        super::Value::UInt(v) => v,
        _ => 0,
    };
    match status {
        Status::Good => tree.label(checksum, || format!("{display}: 0x{stored:04x} [correct]")),
        Status::Bad => tree.label(checksum, || {
            format!("{display}: 0x{stored:04x} incorrect, should be 0x{expected:04x}")
        }),
        _ => {}
    }
    let at = range.start..range.start;
    let n = tree.add(status_field, at, super::Value::UInt(status as u64));
    tree.label(n, || {
        format!("[{}: {}]", status_field.def().display, status.label())
    });
    let message = match status {
        Status::Bad => format!("Bad checksum [should be 0x{expected:04x}]"),
        Status::Illegal => "Illegal Checksum value (0)".to_string(),
        _ => return,
    };
    let expert = super::tree::Expert {
        severity,
        group: super::tree::Group::Checksum,
        layer,
        field: None,
    };
    tree.expert(expert, range, message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1071_example_and_an_ipv4_header() {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2.
        let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(Sum::default().add_bytes(&data).folded(), 0xddf2);
        // A real IPv4 header (checksum 0xb1e6 zeroed).
        let mut h = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
        ];
        assert_eq!(internet_checksum(&h), 0xb861);
        h[10..12].copy_from_slice(&0xb861_u16.to_be_bytes());
        assert!(verifies(Sum::default().add_bytes(&h)));
    }

    #[test]
    fn the_expected_value_is_what_fixes_the_sum() {
        let mut h = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x12, 0x34, 0xc0, 0xa8,
            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
        ];
        let sum = Sum::default().add_bytes(&h);
        assert_eq!(Status::of(sum), Status::Bad);
        assert_eq!(should_be(0x1234, sum), 0xb861);
        h[10..12].copy_from_slice(&0xb861_u16.to_be_bytes());
        assert_eq!(Status::of(Sum::default().add_bytes(&h)), Status::Good);
    }

    #[test]
    fn odd_lengths_pad_with_zero() {
        assert_eq!(
            Sum::default().add_bytes(&[0x12, 0x34, 0x56]).folded(),
            0x1234 + 0x5600
        );
    }

    #[test]
    fn udp_over_ipv4_matches_a_known_datagram() {
        // 198.18.0.1:1234 → 198.18.0.2:5353, payload "hi": etherparse computes the same.
        let src: IpAddr = "198.18.0.1".parse().expect("addr");
        let dst: IpAddr = "198.18.0.2".parse().expect("addr");
        let udp = [0x04, 0xd2, 0x14, 0xe9, 0x00, 0x0a, 0x00, 0x00, b'h', b'i'];
        let expected = etherparse::UdpHeader::with_ipv4_checksum(
            1234,
            5353,
            &etherparse::Ipv4Header::new(
                10,
                64,
                etherparse::IpNumber::UDP,
                [198, 18, 0, 1],
                [198, 18, 0, 2],
            )
            .expect("header"),
            b"hi",
        )
        .expect("udp")
        .checksum;
        assert_eq!(transport_checksum(src, dst, 17, &udp), expected);
    }
}
