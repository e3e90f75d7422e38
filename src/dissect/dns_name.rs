//! DNS names (RFC 1035 §4.1.4): labels, compression pointers, loop detection, and the text
//! Wireshark shows for them.

use super::reader::{Bytes, Short};

/// Compression pointers followed before a name is declared looping.
const MAX_POINTERS: usize = 64;
/// Longest name text we build (RFC 1035 limits names to 255 bytes).
const MAX_NAME: usize = 1024;
/// RFC 1035 §3.1: a name is at most 255 bytes on the wire.
const MAX_NAME_WIRE: usize = 255;

/// Reads a possibly compressed name at `at`; returns its text and the offset after it.
pub(super) fn read_name(m: Bytes, at: usize) -> Result<(String, usize), Short> {
    let mut name = String::new();
    let mut pos = at;
    let mut after = None;
    let mut pointers = 0;
    let mut wire_len = 1;
    loop {
        let len = m.u8(pos)?;
        match len & 0xc0 {
            0x00 if len == 0 => {
                let end = after.unwrap_or(pos + 1);
                if name.is_empty() {
                    name.push_str("<Root>");
                } else if wire_len > MAX_NAME_WIRE {
                    name = "<Name too long>".into();
                }
                return Ok((name, end));
            }
            0x00 => {
                let label = m.slice(pos + 1, usize::from(len))?;
                wire_len += 1 + usize::from(len);
                if !name.is_empty() {
                    name.push('.');
                }
                if name.len() < MAX_NAME {
                    push_label(&mut name, label);
                }
                pos += 1 + usize::from(len);
            }
            0xc0 => {
                let target = usize::from(m.be_u16(pos)? & 0x3fff);
                after.get_or_insert(pos + 2);
                pointers += 1;
                if pointers > MAX_POINTERS {
                    return Err(Short {
                        needed_end: pos,
                        have: m.len(),
                    });
                }
                pos = target;
            }
            _ => {
                return Err(Short {
                    needed_end: pos + 1,
                    have: m.len(),
                });
            }
        }
    }
}

/// Appends a label the way Wireshark shows it: control bytes as `\ddd`, others as text
/// (invalid UTF-8 becomes U+FFFD).
fn push_label(name: &mut String, label: &[u8]) {
    let mut raw = Vec::with_capacity(label.len());
    for &c in label {
        if c < 0x20 || c == 0x7f {
            raw.extend_from_slice(format!("\\{c:03}").as_bytes());
        } else {
            raw.push(c);
        }
    }
    name.push_str(&String::from_utf8_lossy(&raw));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_pointers_and_loops() {
        // "a.b" at 0, then a pointer to it at 5, then a self-pointing loop at 7.
        let msg = [1, b'a', 1, b'b', 0, 0xc0, 0x00, 0xc0, 0x07];
        let m = Bytes::new(&msg);
        assert_eq!(read_name(m, 0), Ok(("a.b".to_string(), 5)));
        assert_eq!(read_name(m, 5), Ok(("a.b".to_string(), 7)));
        assert!(read_name(m, 7).is_err());
        assert_eq!(
            read_name(Bytes::new(&[0]), 0),
            Ok(("<Root>".to_string(), 1))
        );
    }
}
