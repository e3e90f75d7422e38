//! The data connections FTP control lines announce, parsed as Wireshark parses them: the
//! six numbers of a PORT command or a 227 reply (RFC 959), an EPRT command's
//! `|af|address|port|` and a 229 reply's `(|||port|)` (RFC 2428).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::ops::Range;

/// An address and port in a PORT command or a 227 reply, with where they sit in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPort {
    /// The address (the first four numbers).
    pub ip: Ipv4Addr,
    /// The port (`p1 * 256 + p2`).
    pub port: u16,
    /// The address's text, as Wireshark measures it (from the numbers' digit counts).
    pub ip_range: Range<usize>,
    /// The port's text (`p1,p2`), measured the same way.
    pub port_range: Range<usize>,
}

/// Digits Wireshark counts for a number of a PORT/PASV address (1, 2 or 3).
fn width(n: i64) -> usize {
    if n < 10 {
        1
    } else if n < 100 {
        2
    } else {
        3
    }
}

/// An integer as `sscanf("%d")` reads it at `at`: optional white space and sign, then
/// digits. Returns the value and the offset after it.
fn scan_int(text: &[u8], at: usize) -> Option<(i64, usize)> {
    let mut i = at;
    while text.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    let negative = match text.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let start = i;
    let mut value: i64 = 0;
    while let Some(d) = text.get(i).filter(|c| c.is_ascii_digit()) {
        value = (value * 10 + i64::from(d - b'0')).min(i64::from(i32::MAX));
        i += 1;
    }
    (i > start).then_some((if negative { -value } else { value }, i))
}

/// Six comma-separated numbers at `at`.
fn six_numbers(text: &[u8], at: usize) -> Option<[i64; 6]> {
    let mut numbers = [0i64; 6];
    let mut i = at;
    for (k, slot) in numbers.iter_mut().enumerate() {
        if k > 0 {
            if text.get(i) != Some(&b',') {
                return None;
            }
            i += 1;
        }
        let (value, next) = scan_int(text, i)?;
        *slot = value;
        i = next;
    }
    Some(numbers)
}

/// The address and port of a PORT argument or 227 reply text: the first run of six
/// comma-separated numbers that starts at a digit.
pub fn port_pasv(text: &[u8]) -> Option<HostPort> {
    let mut i = 0;
    loop {
        while text.get(i).is_some_and(|c| !c.is_ascii_digit()) {
            i += 1;
        }
        if i >= text.len() {
            return None;
        }
        if let Some([a, b, c, d, p1, p2]) = six_numbers(text, i) {
            // As Wireshark's int arithmetic does: each number shifted into place, no masks.
            let ip = (a << 24) | (b << 16) | (c << 8) | d;
            let ip = Ipv4Addr::from(u32::try_from(ip & 0xffff_ffff).unwrap_or(0));
            let port = u16::try_from(((p1 & 0xff) << 8) | (p2 & 0xff)).unwrap_or(0);
            let ip_len = width(a) + width(b) + width(c) + width(d) + 3;
            let port_len = width(p1) + 1 + width(p2);
            return Some(HostPort {
                ip,
                port,
                ip_range: i..i + ip_len,
                port_range: i + ip_len + 1..i + ip_len + 1 + port_len,
            });
        }
        while text.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
}

/// RFC 2428 §2: a delimiter is a printable character that is not a digit, a hex letter,
/// `.` or `:`.
fn is_delimiter(c: u8) -> bool {
    c.is_ascii_graphic() && !b"0123456789abcdef.:".contains(&c.to_ascii_lowercase())
}

/// An EPRT argument (`|1|192.0.2.1|6275|`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eprt {
    /// Address family: 1 IPv4, 2 IPv6.
    pub af: u8,
    /// The address.
    pub ip: IpAddr,
    /// The port.
    pub port: u16,
    /// Where the address and the port sit in the argument.
    pub ip_range: Range<usize>,
    /// Where the port sits.
    pub port_range: Range<usize>,
}

/// Parses an EPRT argument: exactly four delimiters around family, address and port.
pub fn eprt(text: &[u8]) -> Option<Eprt> {
    let text = text.split(|&c| c == 0).next().unwrap_or(&[]);
    let delimiter = *text.first().filter(|&&c| is_delimiter(c))?;
    if text.len() < 4 || text.iter().filter(|&&c| c == delimiter).count() != 4 {
        return None;
    }
    let fields: Vec<&[u8]> = text.split(|&c| c == delimiter).collect();
    let (family, address, port) = match fields.as_slice() {
        [_, f, a, p, _] if !f.is_empty() && !a.is_empty() && !p.is_empty() => (*f, *a, *p),
        _ => return None,
    };
    let af: u8 = std::str::from_utf8(family).ok()?.parse().ok()?;
    let address_text = std::str::from_utf8(address).ok()?;
    let ip = match af {
        1 => IpAddr::V4(address_text.parse::<Ipv4Addr>().ok()?),
        2 => IpAddr::V6(address_text.parse::<Ipv6Addr>().ok()?),
        _ => return None,
    };
    let port = std::str::from_utf8(port).ok()?.parse().ok()?;
    let ip_start = 2 + family.len();
    let port_start = ip_start + address.len() + 1;
    Some(Eprt {
        af,
        ip,
        port,
        ip_range: ip_start..ip_start + address.len(),
        port_range: port_start..port_start + fields.get(3).map_or(0, |p| p.len()),
    })
}

/// The port of a 229 reply's text (`Entering Extended Passive Mode (|||6446|)`), and where
/// its digits sit.
pub fn epsv(text: &[u8]) -> Option<(u16, Range<usize>)> {
    let text = text.split(|&c| c == 0).next().unwrap_or(&[]);
    let open = text.iter().position(|&c| c == b'(')?;
    let mut i = open + 1;
    let mut delimiter = None;
    for _ in 0..3 {
        let Some(&c) = text.get(i) else { break };
        if delimiter.is_none() && is_delimiter(c) {
            delimiter = Some(c);
        }
        if Some(c) != delimiter {
            break;
        }
        i += 1;
    }
    let digits = text
        .get(i..)
        .unwrap_or(&[])
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let port = std::str::from_utf8(text.get(i..i + digits)?)
        .ok()
        .and_then(|s| s.parse::<u16>().ok());
    let port = match port {
        Some(p) => p,
        // Wireshark takes an empty number before the closing delimiter as port 0.
        None if digits == 0 && text.get(i) == Some(&b'|') => 0,
        None => return None,
    };
    let close = i + text.get(i..)?.iter().position(|&c| c == b')')?;
    Some((port, i..close.saturating_sub(1).max(i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_numbers_anywhere_in_the_text() {
        let hp = port_pasv(b"Entering passive mode (127,0,0,1,234,204).").expect("test value");
        assert_eq!(hp.ip, Ipv4Addr::new(127, 0, 0, 1));
        assert_eq!(hp.port, 60108);
        assert_eq!(hp.ip_range, 23..32);
        assert_eq!(hp.port_range, 33..40);
        let hp = port_pasv(b"Data transfer will listen to 10, 1,2,3,4,1").expect("test value");
        assert_eq!((hp.ip, hp.port), (Ipv4Addr::new(10, 1, 2, 3), 1025));
        assert_eq!(port_pasv(b"227 nothing here 1,2,3"), None);
    }

    #[test]
    fn eprt_needs_four_delimiters_and_a_known_family() {
        let e = eprt(b"|1|127.0.0.1|60201|").expect("test value");
        assert_eq!((e.af, e.port), (1, 60201));
        assert_eq!(e.ip_range, 3..12);
        assert_eq!(e.port_range, 13..18);
        assert_eq!(
            eprt(b"|2|::1|5282|").expect("test value").ip,
            "::1".parse::<IpAddr>().expect("test value")
        );
        assert_eq!(eprt(b"|3|1.2.3.4|5|"), None);
        assert_eq!(eprt(b"|1|1.2.3.4|"), None);
        assert_eq!(eprt(b"1|1.2.3.4|5|"), None);
    }

    #[test]
    fn epsv_port_between_delimiters() {
        let text = b"Entering extended passive mode (|||60101|).";
        assert_eq!(epsv(text), Some((60101, 35..40)));
        assert_eq!(epsv(b"Extended passive (x) (|||7|)"), None);
        assert_eq!(epsv(b"no parenthesis"), None);
    }
}
