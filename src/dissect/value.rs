//! Typed field values and their tshark-compatible text forms.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The value a dissected field carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A protocol or text node without a value of its own.
    None,
    /// A flag.
    Bool(bool),
    /// An unsigned integer (already shifted when the field has a bit mask).
    UInt(u64),
    /// A signed integer.
    Int(i64),
    /// An IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 address.
    Ipv6(Ipv6Addr),
    /// A 48-bit MAC address.
    Ether([u8; 6]),
    /// Raw bytes.
    Bytes(Box<[u8]>),
    /// Raw bytes that are the node's own range in its data source (no copy; see
    /// `Tree::node_bytes`).
    Span,
    /// Text.
    Str(Box<str>),
    /// Absolute time, nanoseconds since the Unix epoch (UTC).
    AbsTime { ns: i64 },
    /// A time difference in nanoseconds.
    RelTime { ns: i64 },
}

impl Value {
    /// The bytes the value is made of, as the filter's slice and `contains` see them.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        match self {
            Value::Bytes(b) => Some(b.to_vec()),
            Value::Str(s) => Some(s.as_bytes().to_vec()),
            Value::Ether(m) => Some(m.to_vec()),
            Value::Ipv4(a) => Some(a.octets().to_vec()),
            Value::Ipv6(a) => Some(a.octets().to_vec()),
            _ => None,
        }
    }
}

/// `1700000000.123456789` for a nanosecond count (tshark's epoch and relative time form).
pub fn format_seconds_ns(ns: i64) -> String {
    let sign = if ns < 0 { "-" } else { "" };
    let abs = ns.unsigned_abs();
    format!("{sign}{}.{:09}", abs / 1_000_000_000, abs % 1_000_000_000)
}

/// `00:11:22:aa:bb:cc`.
pub fn format_ether(mac: &[u8; 6]) -> String {
    format_hex_sep(mac, ':')
}

/// Lower-case hex bytes joined by `sep`.
pub fn format_hex_sep(bytes: &[u8], sep: char) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Lower-case hex bytes without separators.
pub fn format_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_keep_nine_digits() {
        assert_eq!(
            format_seconds_ns(1_591_780_863_720_289_000),
            "1591780863.720289000"
        );
        assert_eq!(format_seconds_ns(0), "0.000000000");
        assert_eq!(format_seconds_ns(-1_500_000_000), "-1.500000000");
    }

    #[test]
    fn hex_forms() {
        assert_eq!(
            format_ether(&[0, 0x1b, 0x21, 0xaa, 0xbb, 0xcc]),
            "00:1b:21:aa:bb:cc"
        );
        assert_eq!(format_hex(&[0xde, 0xad]), "dead");
    }
}
