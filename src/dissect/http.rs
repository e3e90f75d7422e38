//! HTTP/1.x (RFC 9112): request/response line, headers, body by Content-Length or chunks.

use super::Dissector;
use super::app::PduLen;
use super::field::Field;
use super::reader::Bytes;
use super::value::Value;

/// Request methods Wireshark recognises (HTTP, WebDAV, DeltaV, MS-RPCH), after an optional
/// "M-" (the HTTP Extension Framework's mandatory prefix).
const REQUEST_METHODS: [&str; 39] = [
    "GET",
    "PUT",
    "COPY",
    "HEAD",
    "LOCK",
    "MOVE",
    "POLL",
    "POST",
    "BCOPY",
    "BMOVE",
    "MKCOL",
    "TRACE",
    "PATCH",
    "LABEL",
    "MERGE",
    "DELETE",
    "SEARCH",
    "UNLOCK",
    "REPORT",
    "UPDATE",
    "BDELETE",
    "CONNECT",
    "OPTIONS",
    "CHECKIN",
    "PROPFIND",
    "CHECKOUT",
    "CCM_POST",
    "PROPPATCH",
    "BPROPFIND",
    "BPROPPATCH",
    "UNCHECKOUT",
    "MKACTIVITY",
    "MKWORKSPACE",
    "RPC_CONNECT",
    "RPC_IN_DATA",
    "RPC_OUT_DATA",
    "VERSION-CONTROL",
    "BASELINE-CONTROL",
    "SSTP_DUPLEX_POST",
];
/// UPnP/GENA methods: Wireshark marks them `http.notification`, not `http.request`.
const NOTIFICATION_METHODS: [&str; 3] = ["NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE"];

/// How the first line of a message starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Request,
    Notification,
}

/// Whether `b` starts with a method Wireshark knows, followed by a space.
fn request_start(b: &[u8]) -> Option<Start> {
    let b = b.strip_prefix(b"M-").unwrap_or(b);
    let space = b.iter().position(|&c| c == b' ')?;
    let method = b.get(..space)?;
    let is = |list: &[&str]| list.iter().any(|m| m.as_bytes() == method);
    if is(&REQUEST_METHODS) {
        Some(Start::Request)
    } else if is(&NOTIFICATION_METHODS) {
        Some(Start::Notification)
    } else {
        None
    }
}
/// Header blocks larger than this are not waited for.
const MAX_HEADER: usize = 64 * 1024;

/// Position just after the blank line (`\r\n\r\n` or `\n\n`) that ends the header block.
/// One pass over the line ends; stops at the first blank line (bodies are not scanned).
pub(crate) fn header_end(b: &[u8]) -> Option<usize> {
    let mut prev_newline: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        if c != b'\n' {
            continue;
        }
        if let Some(p) = prev_newline {
            let between = b.get(p + 1..i).unwrap_or(&[]);
            if between.is_empty() || between == b"\r" {
                return Some(i + 1);
            }
        }
        prev_newline = Some(i);
    }
    None
}

/// The request or status line of a message, once that line is complete in `b` (what
/// Wireshark's Info column shows while it waits for the rest of the message).
pub fn head_line_if_complete(b: &[u8]) -> Option<String> {
    let end = b
        .get(..MAX_HEADER.min(b.len()))?
        .iter()
        .position(|&c| c == b'\n')?;
    let line = b.get(..end)?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Some(String::from_utf8_lossy(line).into_owned())
}

/// The TCP heuristic: the payload starts like an HTTP/1.x message.
pub fn looks_like_http(b: &[u8]) -> bool {
    starts_http(b)
        && b.get(..header_end(b).unwrap_or(b.len()).min(b.len()))
            .is_some_and(|h| h.contains(&b'\n') || b.starts_with(b"HTTP/1."))
}

fn starts_http(b: &[u8]) -> bool {
    b.starts_with(b"HTTP/") || request_start(b.get(..64).unwrap_or(b)).is_some()
}

fn header_value<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// Length of the first HTTP message in `b` (headers plus body).
pub fn pdu_len(b: &[u8]) -> PduLen {
    if !starts_http(b) {
        return PduLen::NotPdu;
    }
    let Some(head_len) = header_end(b) else {
        return if b.len() > MAX_HEADER {
            PduLen::NotPdu
        } else {
            PduLen::NeedMore
        };
    };
    let head = String::from_utf8_lossy(b.get(..head_len).unwrap_or(b));
    let status = head
        .strip_prefix("HTTP/")
        .and_then(|r| r.split_whitespace().nth(1))
        .and_then(|c| c.parse::<u16>().ok());
    if matches!(status, Some(100..=199 | 204 | 304)) {
        return PduLen::Complete(head_len);
    }
    if let Some(cl) = header_value(&head, "content-length").and_then(|v| v.parse::<usize>().ok()) {
        return PduLen::Complete(head_len.saturating_add(cl));
    }
    if header_value(&head, "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        return chunked_len(b, head_len);
    }
    PduLen::Complete(head_len)
}

fn chunked_len(b: &[u8], mut at: usize) -> PduLen {
    let bytes = Bytes::new(b);
    loop {
        let Some(line_end) = bytes.find(at, b"\r\n") else {
            return PduLen::NeedMore;
        };
        let line = String::from_utf8_lossy(bytes.range(at..line_end).unwrap_or(&[])).into_owned();
        let size_text = line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            return PduLen::NotPdu;
        };
        at = line_end + 2;
        if size == 0 {
            return match bytes.find(at, b"\r\n") {
                Some(end) => PduLen::Complete(end + 2),
                None => PduLen::NeedMore,
            };
        }
        at = at.saturating_add(size).saturating_add(2);
        if at > b.len() {
            return PduLen::NeedMore;
        }
    }
}

/// Dissects HTTP messages in `start..end`.
pub fn dissect(d: &mut Dissector, start: usize, end: usize) {
    messages(d, start, end, Layer::Http);
}

/// SSDP (UPnP discovery, UDP 1900): HTTP messages over UDP under their own layer.
pub fn dissect_ssdp(d: &mut Dissector, start: usize, end: usize) {
    messages(d, start, end, Layer::Ssdp);
}

/// The layer HTTP-formatted messages show as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layer {
    Http,
    Ssdp,
}

fn messages(d: &mut Dissector, start: usize, end: usize, layer: Layer) {
    let end = end.min(d.frame.len());
    let mut at = start;
    while at < end {
        let rest = d.frame.range(at..end).unwrap_or(&[]);
        let len = match pdu_len(rest) {
            PduLen::Complete(n) => n.min(rest.len()).max(1),
            _ => rest.len(),
        };
        // One call of Wireshark's dissector reads every message of the segment: the layer
        // appears once in `frame.protocols`.
        message(d, at, at + len, layer, at == start);
        at += len;
        if !starts_http(d.frame.range(at..end).unwrap_or(&[])) {
            break;
        }
    }
}

fn message(d: &mut Dissector, o: usize, end: usize, layer: Layer, opens_segment: bool) {
    let bytes = d.frame.range(o..end).unwrap_or(&[]);
    let (field, column, title) = match layer {
        Layer::Http => (Field::Http, "HTTP", "Hypertext Transfer Protocol"),
        Layer::Ssdp => (Field::Ssdp, "SSDP", "Simple Service Discovery Protocol"),
    };
    let node = if opens_segment {
        d.tree.open_protocol(field, o..end)
    } else {
        d.tree.open(field, o..end, Value::None)
    };
    d.set_protocol(column);
    if !starts_http(bytes) {
        d.tree.close();
        d.tree.label(node, || title.into());
        d.set_info(|| "Continuation".into());
        return;
    }
    let head_len = header_end(bytes).unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(bytes.get(..head_len).unwrap_or(bytes)).into_owned();
    let mut lines = head.split('\n');
    let first = lines.next().unwrap_or("").trim_end_matches('\r');
    let first_len = first.len();
    let info = first_line(d, o, first, layer);
    let mut line_at = o + first_len + 2;
    let mut content_type = None;
    for line in lines {
        let text = line.trim_end_matches('\r');
        let r = line_at..line_at + text.len();
        line_at += line.len() + 1;
        let Some((k, v)) = text.split_once(':') else {
            continue;
        };
        let v = v.trim();
        if d.tree.index_mode {
            // No fields are kept: only the content type (it decides the body's layer) matters.
            if k.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(v.to_string());
            }
            continue;
        }
        let field = match k.trim().to_ascii_lowercase().as_str() {
            "host" => Field::HttpHost,
            "user-agent" => Field::HttpUserAgent,
            "content-type" => {
                content_type = Some(v.to_string());
                Field::HttpContentType
            }
            "server" => Field::HttpServer,
            "connection" => Field::HttpConnection,
            "accept" => Field::HttpAccept,
            "referer" => Field::HttpReferer,
            "cookie" => Field::HttpCookie,
            "location" => Field::HttpLocation,
            "content-length" => {
                if let Ok(n) = v.parse::<u64>() {
                    d.tree
                        .add(Field::HttpContentLength, r.clone(), Value::UInt(n));
                }
                continue;
            }
            _ => continue,
        };
        let n = d.tree.add(field, r, Value::Str(v.into()));
        let (k, v) = (k.to_string(), v.to_string());
        d.tree.label(n, || format!("{k}: {v}"));
    }
    d.tree.close();
    // Wireshark shows the first line with its line end as a space; the body's dissector may
    // add to it.
    // Messages after the first in one segment add their lines to the column.
    if opens_segment {
        d.set_info(|| format!("{info} "));
    } else {
        append_info(d, &format!("{info} "));
    }
    if o + head_len < end {
        body(d, o + head_len, end, content_type.as_deref());
    }
}

/// Adds request/response line fields; returns the Info text.
fn first_line(d: &mut Dissector, o: usize, first: &str, layer: Layer) -> String {
    let t = &mut d.tree;
    let parts: Vec<&str> = first.splitn(3, ' ').collect();
    let mut at = o;
    let mut field_at = |s: &str| {
        let r = at..at + s.len();
        at += s.len() + 1;
        r
    };
    if first.starts_with("HTTP/") {
        t.add_hidden(Field::HttpResponse, o..o + first.len(), Value::Bool(true));
        let version = parts.first().copied().unwrap_or("");
        t.add(
            Field::HttpResponseVersion,
            field_at(version),
            Value::Str(version.into()),
        );
        if let Some(code) = parts.get(1) {
            let r = field_at(code);
            if let Ok(c) = code.parse::<u64>() {
                t.add(Field::HttpResponseCode, r, Value::UInt(c));
            }
        }
        if let Some(phrase) = parts.get(2) {
            t.add(
                Field::HttpResponsePhrase,
                field_at(phrase),
                Value::Str((*phrase).into()),
            );
        }
    } else {
        let kind = match request_start(first.as_bytes()) {
            Some(Start::Notification) => Field::HttpNotification,
            _ => Field::HttpRequest,
        };
        t.add_hidden(kind, o..o + first.len(), Value::Bool(true));
        let names = [
            Field::HttpRequestMethod,
            Field::HttpRequestUri,
            Field::HttpRequestVersion,
        ];
        for (field, part) in names.iter().zip(&parts) {
            t.add(*field, field_at(part), Value::Str((*part).into()));
        }
    }
    // Wireshark notes every request and status line (its line end shown escaped).
    if !d.tree.keeps_notes() {
        return first.to_string();
    }
    let chat = super::tree::Expert {
        severity: super::tree::Severity::Chat,
        group: super::tree::Group::Sequence,
        layer: match layer {
            Layer::Http => "http",
            Layer::Ssdp => "ssdp",
        },
        field: Some(Field::HttpChat),
    };
    d.tree
        .expert(chat, o..o + first.len(), format!("{first}\\r\\n"));
    first.to_string()
}

fn body(d: &mut Dissector, start: usize, end: usize, content_type: Option<&str>) {
    d.nested(|d| {
        d.tree.add(Field::HttpFileData, start..end, Value::Span);
    });
    let media = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match body_layer(&media) {
        BodyLayer::Xml => {
            d.tree.open_protocol(Field::Xml, start..end);
            d.tree.close();
            d.set_protocol("HTTP/XML");
        }
        BodyLayer::Json => {
            d.tree.open_protocol(Field::Json, start..end);
            d.tree.close();
            d.set_protocol("HTTP/JSON");
            append_info(d, &format!(", JavaScript Object Notation ({media})"));
        }
        BodyLayer::TextLines => {
            let n = d.tree.open_protocol(Field::DataTextLines, start..end);
            d.tree.label(n, || {
                format!("Line-based text data: {media} ({} bytes)", end - start)
            });
            d.tree.close();
            append_info(d, &format!(" ({media})"));
        }
        BodyLayer::Form => {
            super::urlencoded_form::dissect(d, start, end, &media);
            append_info(d, &format!(" ({media})"));
        }
        // Media types without a dissector of their own are shown as data, as in Wireshark.
        BodyLayer::Data => super::data::dissect_range(d, start, end),
    }
}

fn append_info(d: &mut Dissector, text: &str) {
    if d.tree.want_text {
        d.tree.summary.info.push_str(text);
    }
}

/// The layer Wireshark 4.0's media-type table gives a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyLayer {
    Xml,
    Json,
    TextLines,
    Form,
    Data,
}

fn body_layer(media: &str) -> BodyLayer {
    match media {
        "text/xml" | "application/xml" | "text/xml-external-parsed-entity" => BodyLayer::Xml,
        m if m.starts_with("application/") && m.ends_with("+xml") => BodyLayer::Xml,
        "application/json" | "application/json-rpc" | "application/jsonrequest" => BodyLayer::Json,
        "application/x-www-form-urlencoded" => BodyLayer::Form,
        m if m.starts_with("text/") => BodyLayer::TextLines,
        _ => BodyLayer::Data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdu_lengths() {
        assert_eq!(
            pdu_len(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
            PduLen::Complete(27)
        );
        assert_eq!(pdu_len(b"GET / HTTP/1.1\r\nHost: a\r\n"), PduLen::NeedMore);
        assert_eq!(
            pdu_len(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel"),
            PduLen::Complete(43)
        );
        assert_eq!(pdu_len(b"\x16\x03\x01"), PduLen::NotPdu);
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        assert_eq!(pdu_len(chunked), PduLen::Complete(chunked.len()));
        assert_eq!(pdu_len(&chunked[..chunked.len() - 3]), PduLen::NeedMore);
    }
}
