//! Reading pasted hex: Wireshark's "Copy as Hex Dump" and text2pcap's form (`0000  45 00 …`
//! with an ASCII column), tcpdump's `-x` form (`0x0000:  4500 0054 …`), or a bare hex stream
//! (`45000054…`, with optional spaces, colons, dashes or `0x` prefixes). An offset of 0 after
//! some bytes starts another packet.

use std::fmt;

/// Why a paste is not hex, pointing at the line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HexError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for HexError {}

/// Most bytes in one paste (a jumbo frame is 9 KiB; this leaves room for several).
const MAX_BYTES: usize = 1 << 20;

/// The packets in `text`.
pub fn parse(text: &str) -> Result<Vec<Vec<u8>>, HexError> {
    let has_offsets = text.lines().any(|l| offset_of(l).is_some());
    let packets = if has_offsets {
        offset_dump(text)?
    } else {
        vec![bare(text)?]
    };
    let total: usize = packets.iter().map(Vec::len).sum();
    if total == 0 {
        return Err(HexError {
            line: 1,
            column: 1,
            message: "no hex bytes found".into(),
        });
    }
    if total > MAX_BYTES {
        return Err(HexError {
            line: 1,
            column: 1,
            message: format!("more than {MAX_BYTES} bytes"),
        });
    }
    Ok(packets)
}

/// `0000  `, `0x0010:`, `00a0 ` at the start of a line: the offset and where the bytes start.
fn offset_of(line: &str) -> Option<(usize, usize)> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let (digits_at, rest) = match trimmed.strip_prefix("0x") {
        Some(r) => (2, r),
        None => (0, trimmed),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
    if digits.len() < 3 {
        return None;
    }
    let after = rest.get(digits.len()..)?;
    let sep = if let Some(a) = after.strip_prefix(':') {
        1 + a.len() - a.trim_start().len()
    } else if after.starts_with("  ") || after.starts_with('\t') {
        after.len() - after.trim_start().len()
    } else {
        return None;
    };
    let offset = usize::from_str_radix(&digits, 16).ok()?;
    Some((offset, lead + digits_at + digits.len() + sep))
}

fn offset_dump(text: &str) -> Result<Vec<Vec<u8>>, HexError> {
    let mut packets: Vec<Vec<u8>> = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Some((offset, start)) = offset_of(line) else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(HexError {
                line: n + 1,
                column: 1,
                message: "expected an offset (like 0000 or 0x0010:) at the start of the line"
                    .into(),
            });
        };
        if offset == 0 && !current.is_empty() {
            packets.push(std::mem::take(&mut current));
        }
        if offset != current.len() {
            return Err(HexError {
                line: n + 1,
                column: 1,
                message: format!(
                    "offset 0x{offset:04x} does not follow the {} bytes before it",
                    current.len()
                ),
            });
        }
        current.extend(line_bytes(line.get(start..).unwrap_or("")));
    }
    if !current.is_empty() {
        packets.push(current);
    }
    Ok(packets)
}

/// The bytes of one dump line after its offset, up to the ASCII column: groups of 2 or 4 hex
/// digits separated by one space; two spaces, or a group that is not hex, end them.
fn line_bytes(rest: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut words = rest.split(' ').peekable();
    while let Some(w) = words.next() {
        if w.is_empty() {
            // Two spaces in a row: the ASCII column follows (Wireshark, text2pcap), unless
            // it is xxd's gap between two 8-byte halves.
            let more_hex = words.peek().is_some_and(|n| is_group(n)) && out.len() == 8;
            if more_hex {
                continue;
            }
            break;
        }
        if !is_group(w) || out.len() >= 16 {
            break;
        }
        for pair in w.as_bytes().chunks(2) {
            if let Some(b) = std::str::from_utf8(pair)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
            {
                out.push(b);
            }
        }
    }
    out
}

fn is_group(w: &str) -> bool {
    matches!(w.len(), 2 | 4) && w.chars().all(|c| c.is_ascii_hexdigit())
}

/// A bare hex stream.
fn bare(text: &str) -> Result<Vec<u8>, HexError> {
    let mut digits: Vec<u8> = Vec::new();
    let mut first: Option<(usize, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '0' && chars.peek().is_some_and(|(_, x)| *x == 'x' || *x == 'X') {
                chars.next();
                continue;
            }
            if c.is_ascii_hexdigit() {
                first.get_or_insert((n, i));
                digits.push(c as u8);
            } else if !(c.is_whitespace() || matches!(c, ':' | '-' | ',' | '.')) {
                let column = line.get(..i).map_or(i, |s| s.chars().count()) + 1;
                return Err(HexError {
                    line: n + 1,
                    column,
                    message: format!("\"{c}\" is not a hex digit"),
                });
            }
        }
    }
    if digits.len() % 2 == 1 {
        let (line, col) = first.unwrap_or((0, 0));
        return Err(HexError {
            line: line + 1,
            column: col + 1,
            message: format!("an odd number of hex digits ({})", digits.len()),
        });
    }
    Ok(digits
        .chunks(2)
        .filter_map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn wiresharks_copy_as_hex_dump_reads_back() {
        let bytes: Vec<u8> = (0u8..40).collect();
        let dump = crate::dissect::format::hex_dump(&bytes);
        assert_eq!(parse(&dump).expect("parses"), vec![bytes]);
    }

    #[test]
    fn tcpdump_and_xxd_forms() {
        let tcpdump = "\t0x0000:  4500 0054 b2f4 4000 4001 8a1a c0a8 0001\n\
                       \t0x0010:  c0a8 0002\n";
        let p = parse(tcpdump).expect("parses");
        assert_eq!(p[0].len(), 20);
        assert_eq!(&p[0][..4], &[0x45, 0x00, 0x00, 0x54]);
        // A second packet starts where the offset goes back to 0.
        let two = "0000  de ad\n0000  be ef\n";
        assert_eq!(
            parse(two).expect("parses"),
            vec![vec![0xde, 0xad], vec![0xbe, 0xef]]
        );
    }

    #[test]
    fn bare_streams_and_errors() {
        assert_eq!(
            parse("de:ad 0xbe ef").expect("parses"),
            vec![vec![0xde, 0xad, 0xbe, 0xef]]
        );
        let e = parse("dead\nbexf").expect_err("bad digit");
        assert_eq!((e.line, e.column), (2, 3));
        assert!(parse("abc").expect_err("odd").message.contains("odd"));
        assert!(
            parse("0000  00 01\n0004  02\n")
                .expect_err("gap")
                .message
                .contains("offset")
        );
        assert!(parse("").is_err());
    }
}
