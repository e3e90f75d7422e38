//! Literal values typed by the field they are compared with.

use super::ast::Operand;
use super::error::FilterError;
use crate::dissect::field::Kind;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The value type of a field as the filter sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VType {
    /// Unsigned integer.
    UInt,
    /// Signed integer.
    Int,
    /// Boolean.
    Bool,
    /// IPv4 address.
    Ipv4,
    /// IPv6 address.
    Ipv6,
    /// MAC address (compared as 6 bytes).
    Ether,
    /// Bytes.
    Bytes,
    /// Text (compared as bytes).
    Str,
    /// Absolute time, ns since the epoch.
    AbsTime,
    /// Relative time, ns.
    RelTime,
    /// A protocol layer (its bytes).
    Protocol,
}

impl VType {
    /// The filter type of a field kind.
    pub fn of(kind: Kind) -> VType {
        match kind {
            Kind::Protocol | Kind::Text | Kind::Flag => VType::Protocol,
            Kind::Bool => VType::Bool,
            Kind::UInt { .. } => VType::UInt,
            Kind::Int => VType::Int,
            Kind::Ipv4 => VType::Ipv4,
            Kind::Ipv6 => VType::Ipv6,
            Kind::Ether => VType::Ether,
            Kind::Bytes => VType::Bytes,
            Kind::Str => VType::Str,
            Kind::AbsTime => VType::AbsTime,
            Kind::RelTime => VType::RelTime,
        }
    }
}

/// A typed literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lit {
    /// Unsigned integer.
    UInt(u64),
    /// Signed integer.
    Int(i64),
    /// Boolean.
    Bool(bool),
    /// IPv4 network (`prefix` 32 for a host).
    Ipv4 { addr: u32, prefix: u8 },
    /// IPv6 network (`prefix` 128 for a host).
    Ipv6 { addr: u128, prefix: u8 },
    /// Bytes (MACs, byte strings, text).
    Bytes(Vec<u8>),
    /// Time in ns (absolute: since the epoch).
    Time(i64),
}

/// Parses `op` as a literal of type `t`.
pub fn parse_literal(t: VType, op: &Operand) -> Result<Lit, FilterError> {
    let span = op.span();
    match op {
        Operand::Word { text, slice, .. } if slice.is_empty() => {
            parse_text(t, text.as_bytes().to_vec(), false, span)
        }
        Operand::Str { bytes, .. } => parse_text(t, bytes.clone(), true, span),
        _ => Err(FilterError::new("A value was expected here.", span)),
    }
}

/// Parses literal `text` as type `t`; `quoted` when it was written in double quotes (escapes
/// already resolved). Errors point at `span`.
pub fn parse_text(
    t: VType,
    text: Vec<u8>,
    quoted: bool,
    span: std::ops::Range<usize>,
) -> Result<Lit, FilterError> {
    let s = String::from_utf8_lossy(&text).into_owned();
    let bad =
        |what: &str| FilterError::new(format!("\"{s}\" is not a valid {what}."), span.clone());
    let no_string = |what: &str| {
        FilterError::new(
            format!("{what} cannot be converted from a string (\"{s}\")."),
            span.clone(),
        )
    };
    match t {
        VType::UInt if quoted => Err(no_string("An unsigned integer")),
        VType::UInt => parse_uint(&s).map(Lit::UInt).ok_or_else(|| bad("number")),
        VType::Int if quoted => Err(no_string("A signed integer")),
        VType::Int => parse_int(&s).map(Lit::Int).ok_or_else(|| bad("number")),
        VType::Bool => match s.as_str() {
            "1" | "True" | "TRUE" => Ok(Lit::Bool(true)),
            "0" | "False" | "FALSE" => Ok(Lit::Bool(false)),
            _ => Err(FilterError::new(
                format!("\"{s}\" is not a boolean (use True/False or 1/0)."),
                span,
            )),
        },
        VType::Ipv4 if quoted => Err(no_string("IPv4 address")),
        VType::Ipv4 => parse_ipv4(&s).ok_or_else(|| bad("IPv4 address")),
        VType::Ipv6 if quoted => Err(no_string("IPv6 address")),
        VType::Ipv6 => parse_ipv6(&s).ok_or_else(|| bad("IPv6 address")),
        VType::Ether => parse_bytes(&s)
            .filter(|b| b.len() == 6 && !quoted)
            .map(Lit::Bytes)
            .ok_or_else(|| bad("MAC address")),
        VType::Bytes | VType::Protocol if quoted => Ok(Lit::Bytes(text)),
        VType::Bytes | VType::Protocol => parse_bytes(&s)
            .map(Lit::Bytes)
            .ok_or_else(|| bad("byte string")),
        VType::Str => Ok(Lit::Bytes(text)),
        VType::RelTime => parse_seconds(&s)
            .map(Lit::Time)
            .ok_or_else(|| bad("time in seconds")),
        VType::AbsTime => parse_seconds(&s)
            .or_else(|| parse_date(&s))
            .map(Lit::Time)
            .ok_or_else(|| bad("time (epoch seconds or \"YYYY-MM-DD HH:MM:SS\" UTC)")),
    }
}

/// Decimal, `0x` hex or leading-zero octal, as Wireshark accepts.
pub fn parse_uint(s: &str) -> Option<u64> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return u64::from_str_radix(h, 16).ok();
    }
    if s.len() > 1 && s.starts_with('0') {
        return u64::from_str_radix(s.get(1..)?, 8).ok();
    }
    s.parse().ok()
}

fn parse_int(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(rest) => parse_uint(rest)
            .and_then(|v| i64::try_from(v).ok())
            .map(|v| -v),
        None => parse_uint(s).and_then(|v| i64::try_from(v).ok()),
    }
}

fn parse_ipv4(s: &str) -> Option<Lit> {
    let (a, p) = s.split_once('/').map_or((s, None), |(a, p)| (a, Some(p)));
    let addr: Ipv4Addr = a.parse().ok()?;
    let prefix = match p {
        Some(p) => p.parse::<u8>().ok().filter(|p| *p <= 32)?,
        None => 32,
    };
    Some(Lit::Ipv4 {
        addr: u32::from(addr),
        prefix,
    })
}

fn parse_ipv6(s: &str) -> Option<Lit> {
    let (a, p) = s.split_once('/').map_or((s, None), |(a, p)| (a, Some(p)));
    let addr: Ipv6Addr = a.parse().ok()?;
    let prefix = match p {
        Some(p) => p.parse::<u8>().ok().filter(|p| *p <= 128)?,
        None => 128,
    };
    Some(Lit::Ipv6 {
        addr: u128::from(addr),
        prefix,
    })
}

/// `aa:bb:cc`, `aa-bb-cc`, `aabb.ccdd`, or a single byte `aa`.
pub fn parse_bytes(s: &str) -> Option<Vec<u8>> {
    let parts: Vec<&str> = s.split([':', '-', '.']).collect();
    let groups_ok = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() % 2 == 0 && p.chars().all(|c| c.is_ascii_hexdigit()));
    if !groups_ok || (parts.len() == 1 && s.len() != 2) {
        return None;
    }
    let mut out = Vec::new();
    for p in parts {
        for i in (0..p.len()).step_by(2) {
            out.push(u8::from_str_radix(p.get(i..i + 2)?, 16).ok()?);
        }
    }
    Some(out)
}

/// Seconds with an optional fraction (`1.5`) as ns; no exponents (as in Wireshark).
pub fn parse_seconds(s: &str) -> Option<i64> {
    let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
        || frac.len() > 9
    {
        return None;
    }
    let w: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").parse().ok()?
    };
    let ns = w.checked_mul(1_000_000_000)?.checked_add(f)?;
    Some(if neg { -ns } else { ns })
}

/// `YYYY-MM-DD HH:MM:SS[.frac]` or `YYYY-MM-DDTHH:MM:SS[.frac]`, UTC.
fn parse_date(s: &str) -> Option<i64> {
    let (date, time) = s.split_once([' ', 'T'])?;
    let d: Vec<i64> = date
        .split('-')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
    let t: Vec<i64> = hms
        .split(':')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let (&[y, mo, da], &[h, mi, se]) = (d.as_slice(), t.as_slice()) else {
        return None;
    };
    let days = days_from_civil(y, mo, da);
    let secs = days * 86_400 + h * 3600 + mi * 60 + se;
    let f = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<9}").get(..9)?.parse().ok()?
    };
    Some(secs * 1_000_000_000 + f)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}
