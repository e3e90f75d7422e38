//! Text forms of field values: exactly as `tshark -T fields` prints them, and tree labels.

use super::field::{Base, Field, Kind};
use super::tree::Node;
use super::value::{Value, format_ether, format_hex, format_seconds_ns};

/// The value as `tshark -T fields` prints it.
pub fn field_text(field: Field, value: &Value) -> String {
    let def = field.def();
    match (value, def.kind) {
        (
            Value::UInt(v),
            Kind::UInt {
                bits,
                base: Base::Hex,
            },
        ) => {
            let width = usize::from(bits.div_ceil(4));
            format!("0x{v:0width$x}")
        }
        (Value::UInt(v), _) => v.to_string(),
        (Value::Int(v), _) => v.to_string(),
        (Value::Bool(b), _) => u8::from(*b).to_string(),
        (Value::Ipv4(a), _) => a.to_string(),
        (Value::Ipv6(a), _) => a.to_string(),
        (Value::Ether(m), _) => format_ether(m),
        (Value::Bytes(b), _) => format_hex(b),
        (Value::Str(s), _) => s.to_string(),
        (Value::AbsTime { ns }, _) | (Value::RelTime { ns }, _) => format_seconds_ns(*ns),
        (Value::None, Kind::Flag) => "1".into(),
        (Value::None, _) | (Value::Span, _) => String::new(),
    }
}

/// The label the tree shows for a node.
pub fn label(node: &Node) -> String {
    if let Some(l) = &node.label {
        return l.to_string();
    }
    let def = node.field.def();
    match (&node.value, def.kind) {
        (Value::None, _) => def.display.to_string(),
        (Value::Bool(b), _) => {
            let bits = bit_pattern(def.mask, u64::from(*b) * def.mask);
            format!(
                "{bits}{}: {}",
                def.display,
                if *b { "Set" } else { "Not set" }
            )
        }
        (Value::Bytes(b), _) => {
            let shown = format_hex(b.get(..32).unwrap_or(b));
            let more = if b.len() > 32 { "…" } else { "" };
            format!("{}: {shown}{more}", def.display)
        }
        (Value::Span, _) => format!("{} ({} bytes)", def.display, node.range.len()),
        (v, _) => format!("{}: {}", def.display, field_text(node.field, v)),
    }
}

/// `.... ..1. = ` style prefix for 16-bit masked fields (empty for unmasked ones).
pub fn bit_pattern(mask: u64, value: u64) -> String {
    if mask == 0 || mask > 0xffff {
        return String::new();
    }
    let width = if mask > 0xff { 16 } else { 8 };
    bit_pattern_of(width, mask, value)
}

/// `.... ..1. = ` style prefix for a field `width` bits wide (a 16-bit word's low flags).
pub fn bit_pattern_of(width: u32, mask: u64, value: u64) -> String {
    let mut s = String::new();
    for i in (0..width).rev() {
        let bit = 1u64 << i;
        s.push(if mask & bit == 0 {
            '.'
        } else if value & bit != 0 {
            '1'
        } else {
            '0'
        });
        if i % 4 == 0 && i > 0 {
            s.push(' ');
        }
    }
    s.push_str(" = ");
    s
}

/// Bytes as the hex view's ASCII column shows them: printable ASCII, else `.`.
pub fn ascii(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        })
        .collect()
}

/// `offset  hex bytes  ascii` lines, as Wireshark's "Copy as Hex Dump".
pub fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (r, chunk) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        out.push_str(&format!(
            "{:04x}  {:<47}  {}\n",
            r * 16,
            hex.join(" "),
            ascii(chunk)
        ));
    }
    out
}

/// A signed millisecond count as Wireshark's `signed_time_msecs_to_str` writes it:
/// `4 days, 2 hours, 20 minutes, 5.337 seconds`, `1 minute`, `0 seconds`.
pub fn msecs_text(ms: i32) -> String {
    if ms == 0 {
        return "0 seconds".into();
    }
    let magnitude = i64::from(ms).abs();
    let (whole, frac) = (magnitude / 1000, magnitude % 1000);
    // Wireshark negates the whole seconds only, so -1 ms shows without its sign.
    let sign = if ms < 0 && whole != 0 { "-" } else { "" };
    let plural = |n: i64| if n == 1 { "" } else { "s" };
    let (secs, mins, hours, days) = (
        whole % 60,
        whole / 60 % 60,
        whole / 3600 % 24,
        whole / 86400,
    );
    let mut parts = Vec::new();
    if days != 0 {
        parts.push(format!("{days} day{}", plural(days)));
    }
    if hours != 0 {
        parts.push(format!("{hours} hour{}", plural(hours)));
    }
    if mins != 0 {
        parts.push(format!("{mins} minute{}", plural(mins)));
    }
    if frac != 0 {
        parts.push(format!("{secs}.{frac:03} seconds"));
    } else if secs != 0 {
        parts.push(format!("{secs} second{}", plural(secs)));
    }
    format!("{sign}{}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tshark_field_forms() {
        assert_eq!(field_text(Field::TcpFlags, &Value::UInt(0x12)), "0x0012");
        assert_eq!(field_text(Field::Ipv6Tclass, &Value::UInt(0)), "0x00000000");
        assert_eq!(field_text(Field::Ipv6Flow, &Value::UInt(0)), "0x000000");
        assert_eq!(field_text(Field::EthType, &Value::UInt(0x800)), "0x0800");
        assert_eq!(field_text(Field::IpFlagsDf, &Value::Bool(true)), "1");
        assert_eq!(field_text(Field::TcpSrcPort, &Value::UInt(443)), "443");
    }

    #[test]
    fn durations_read_as_wiresharks() {
        assert_eq!(msecs_text(0), "0 seconds");
        assert_eq!(msecs_text(60_000), "1 minute");
        assert_eq!(msecs_text(720_000), "12 minutes");
        assert_eq!(msecs_text(1000), "1 second");
        assert_eq!(
            msecs_text(353_005_337),
            "4 days, 2 hours, 3 minutes, 25.337 seconds"
        );
        assert_eq!(
            msecs_text(353_605_337),
            "4 days, 2 hours, 13 minutes, 25.337 seconds"
        );
        assert_eq!(msecs_text(3_723_004), "1 hour, 2 minutes, 3.004 seconds");
        assert_eq!(msecs_text(-1500), "-1.500 seconds");
        assert_eq!(msecs_text(-1), "0.001 seconds");
    }
}

/// Standard base64 with padding (RFC 4648).
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for group in data.chunks(3) {
        let b = [
            group.first().copied().unwrap_or(0),
            group.get(1).copied().unwrap_or(0),
            group.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= group.len() {
                let i = (n >> (18 - 6 * k)) & 63;
                out.push(char::from(
                    ALPHABET.get(i as usize).copied().unwrap_or(b'='),
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod base64_tests {
    use super::base64;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }
}
