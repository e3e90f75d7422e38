//! An HTTP message body as its reader gets it: chunked transfer coding removed and gzip or
//! deflate content coding undone (what Wireshark's "De-chunked entity body" and "Uncompressed
//! entity body" hold).

use std::borrow::Cow;
use std::io::Read;

/// A decoded body is cut here: a hostile "zip bomb" cannot exhaust memory.
const MAX_DECODED: u64 = 64 << 20;

/// The value of header `name` in the header block `head` (first line skipped).
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// `raw` (the bytes after the header block) decoded as the headers in `head` say; left as it
/// is where a coding is unknown or the data does not decode.
pub fn decoded(head: &str, raw: &[u8]) -> Cow<'static, [u8]> {
    let chunked = header(head, "transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body: Vec<u8> = if chunked { dechunk(raw) } else { raw.to_vec() };
    let coding = header(head, "content-encoding").map(str::to_ascii_lowercase);
    let inflated = match coding.as_deref() {
        Some("gzip" | "x-gzip") => read_all(flate2::read::MultiGzDecoder::new(body.as_slice())),
        Some("deflate") => read_all(flate2::read::ZlibDecoder::new(body.as_slice()))
            .or_else(|| read_all(flate2::read::DeflateDecoder::new(body.as_slice()))),
        _ => None,
    };
    Cow::Owned(inflated.unwrap_or(body))
}

fn read_all(r: impl Read) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    r.take(MAX_DECODED).read_to_end(&mut out).ok()?;
    Some(out)
}

/// The data of the chunks in `raw` (as far as they are present), without sizes and trailers.
pub fn dechunk(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < raw.len() {
        let rest = raw.get(at..).unwrap_or(&[]);
        let Some(line_end) = rest.iter().position(|&b| b == b'\n') else {
            break;
        };
        let line = String::from_utf8_lossy(rest.get(..line_end).unwrap_or(&[])).into_owned();
        let size_text = line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            break;
        };
        if size == 0 {
            break;
        }
        let start = at + line_end + 1;
        let end = start.saturating_add(size).min(raw.len());
        out.extend_from_slice(raw.get(start..end).unwrap_or(&[]));
        at = end.saturating_add(2);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn chunks_are_joined_and_gzip_undone() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"hello world").expect("gzip");
        let packed = gz.finish().expect("gzip");
        let (a, b) = packed.split_at(5);
        let mut raw = format!("{:x}\r\n", a.len()).into_bytes();
        raw.extend_from_slice(a);
        raw.extend_from_slice(format!("\r\n{:x};ext=1\r\n", b.len()).as_bytes());
        raw.extend_from_slice(b);
        raw.extend_from_slice(b"\r\n0\r\n\r\n");
        let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n";
        assert_eq!(&*decoded(head, &raw), b"hello world");
    }

    #[test]
    fn unknown_or_broken_codings_leave_the_bytes() {
        let head = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n";
        assert_eq!(&*decoded(head, b"not gzip"), b"not gzip");
        let head = "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n";
        assert_eq!(&*decoded(head, b"\x01\x02"), b"\x01\x02");
        assert_eq!(dechunk(b"zz\r\nabc"), b"");
        assert_eq!(dechunk(b"10\r\nabc"), b"abc");
    }
}
