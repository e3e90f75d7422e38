//! Internet Message Format (RFC 5322) as SMTP carries it after DATA: the common header
//! fields and the message text, with tshark's Info ("from: …, subject: …, , first line  ").

use super::Dissector;
use super::field::Field;
use super::textline;
use super::value::Value;

/// Header fields shown as fields (lower-case name), and whether Info shows them.
const HEADERS: &[(&str, Field, bool)] = &[
    ("from", Field::ImfFrom, true),
    ("to", Field::ImfTo, false),
    ("cc", Field::ImfCc, false),
    ("subject", Field::ImfSubject, true),
    ("date", Field::ImfDate, false),
    ("message-id", Field::ImfMessageId, false),
    ("mime-version", Field::ImfMimeVersion, false),
    ("content-type", Field::ImfContentType, false),
    ("user-agent", Field::ImfUserAgent, false),
];

/// True when `bytes` start with a header field line (`Name: value`).
pub fn starts_with_header(bytes: &[u8]) -> bool {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
    match line.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => line
            .get(..colon)
            .is_some_and(|n| n.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')),
        _ => false,
    }
}

/// Appends `piece` to Info after ", " unless Info is still empty (Wireshark's
/// `col_append_sep_str`).
fn append(info: &mut String, piece: &str) {
    if !info.is_empty() {
        info.push_str(", ");
    }
    info.push_str(piece);
}

/// Dissects a message in `o..end` (without the terminating `.` line).
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    d.set_protocol("SMTP/IMF");
    let node = d.tree.open_protocol(Field::Imf, o..end);
    d.tree.label(node, || "Internet Message Format".into());
    let bytes = d.frame.range(o..end).unwrap_or(&[]);
    let lines = textline::lines(bytes, o);
    let mut info = String::new();
    let mut body = lines.len();
    for (k, line) in lines.iter().enumerate() {
        let text = d.frame.range(line.text()).unwrap_or(&[]);
        if text.is_empty() {
            body = k + 1;
            break;
        }
        header(d, line.start, text, &mut info);
    }
    if body <= lines.len() {
        append(&mut info, "");
        let start = lines.get(body).map_or(end, |l| l.start);
        d.tree.add(Field::ImfMessageText, start..end, Value::None);
        for line in lines.iter().skip(body) {
            let raw = d.frame.range(line.start..line.end).unwrap_or(&[]);
            let spaced: Vec<u8> = raw
                .iter()
                .map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b })
                .collect();
            append(&mut info, &textline::shown(&spaced));
        }
    }
    d.tree.close();
    d.set_info(|| info);
}

fn header(d: &mut Dissector, at: usize, text: &[u8], info: &mut String) {
    let Some(colon) = text.iter().position(|&b| b == b':') else {
        return;
    };
    let name = String::from_utf8_lossy(text.get(..colon).unwrap_or(&[])).to_ascii_lowercase();
    let raw = text.get(colon + 1..).unwrap_or(&[]);
    let skip = raw.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let value = textline::shown(raw.get(skip..).unwrap_or(&[]));
    let Some((_, field, in_info)) = HEADERS.iter().find(|(n, _, _)| *n == name) else {
        return;
    };
    if *in_info {
        append(info, &format!("{name}: {value}"));
    }
    let start = at + colon + 1 + skip;
    d.tree
        .add(*field, start..at + text.len(), Value::Str(value.into()));
}
