//! Shared pieces of the line-based protocols (FTP, SMTP, POP, IMAP): lines with their byte
//! ranges, the direction from the server port, and text shown as tshark shows it.

use std::ops::Range;

use super::Dissector;

/// One line: where it starts, where its text ends (before CR LF) and where the next starts.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// First byte.
    pub start: usize,
    /// End of the text (the CR LF or LF excluded).
    pub text_end: usize,
    /// First byte after the line ending (or the data's end).
    pub end: usize,
}

impl Line {
    /// The text's range.
    pub fn text(&self) -> Range<usize> {
        self.start..self.text_end
    }
}

/// The lines of `bytes` (offsets relative to `base`); a last line without an ending counts.
pub fn lines(bytes: &[u8], base: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let rest = bytes.get(at..).unwrap_or(&[]);
        let (text_len, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(nl) => {
                let text = if nl > 0 && rest.get(nl - 1) == Some(&b'\r') {
                    nl - 1
                } else {
                    nl
                };
                (text, nl + 1)
            }
            None => (rest.len(), rest.len()),
        };
        out.push(Line {
            start: base + at,
            text_end: base + at + text_len,
            end: base + at + next,
        });
        at += next;
    }
    out
}

/// Text as tshark prints it: printable characters as they are, CR, LF and tab as `\r`,
/// `\n`, `\t`, other control bytes as `\xNN` (invalid UTF-8 as U+FFFD).
pub fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// True when the segment goes to `port` (the protocol's well-known port): a client request,
/// as Wireshark decides it (the matched port is the destination).
pub fn to_server(d: &Dissector, port: u16) -> bool {
    d.transport.as_ref().is_some_and(|t| t.dst_port == port)
}

/// The first token of `text` (up to a space) and the rest after the spaces that follow it.
pub fn split_token(text: &[u8]) -> (&[u8], Option<&[u8]>) {
    match text.iter().position(|&b| b == b' ') {
        Some(sp) => {
            let token = text.get(..sp).unwrap_or(&[]);
            let rest = text.get(sp..).unwrap_or(&[]);
            let skip = rest.iter().take_while(|&&b| b == b' ').count();
            let rest = rest.get(skip..).unwrap_or(&[]);
            (token, Some(rest))
        }
        None => (text, None),
    }
}

/// The three-digit code a reply line starts with (FTP, SMTP), when it has one.
pub fn reply_code(text: &[u8]) -> Option<u64> {
    text.get(..3)
        .filter(|c| c.iter().all(u8::is_ascii_digit))
        .and_then(|c| std::str::from_utf8(c).ok())
        .and_then(|c| c.parse().ok())
}
