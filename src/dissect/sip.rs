//! SIP (RFC 3261) on UDP and TCP 5060: the request or status line, the headers SIP users
//! filter on (From/To with their URI parts, Call-ID, CSeq, Via, Contact…; compact forms too),
//! and the body (SDP, text), with tshark's Info ("Request: INVITE sip:bob@… | ",
//! "Status: 200 OK (INVITE) | ").

use super::Dissector;
use super::app::PduLen;
use super::field::Field;
use super::rtp::session::SdpSeen;
use super::textline;
use super::value::Value;

/// The SIP port.
pub const PORT: u16 = 5060;

/// Methods a request line may start with (RFC 3261 and its extensions).
const METHODS: &[&str] = &[
    "INVITE",
    "ACK",
    "BYE",
    "CANCEL",
    "OPTIONS",
    "REGISTER",
    "PRACK",
    "SUBSCRIBE",
    "NOTIFY",
    "PUBLISH",
    "INFO",
    "REFER",
    "MESSAGE",
    "UPDATE",
];

/// Headers shown as fields, by their lower-case name and compact form.
const HEADERS: &[(&str, Option<&str>, Field)] = &[
    ("via", Some("v"), Field::SipVia),
    ("max-forwards", None, Field::SipMaxForwards),
    ("to", Some("t"), Field::SipTo),
    ("from", Some("f"), Field::SipFrom),
    ("call-id", Some("i"), Field::SipCallId),
    ("cseq", None, Field::SipCseq),
    ("contact", Some("m"), Field::SipContact),
    ("content-type", Some("c"), Field::SipContentType),
    ("content-length", Some("l"), Field::SipContentLength),
    ("user-agent", None, Field::SipUserAgent),
    ("server", None, Field::SipServer),
    ("allow", None, Field::SipAllow),
    ("expires", None, Field::SipExpires),
    ("subject", Some("s"), Field::SipSubject),
];

/// True when `b` starts with a SIP request or status line.
pub fn looks_like_sip(b: &[u8]) -> bool {
    let line = b.split(|&c| c == b'\n').next().unwrap_or(&[]);
    line.starts_with(b"SIP/2.0 ")
        || (METHODS
            .iter()
            .any(|m| line.starts_with(m.as_bytes()) && line.get(m.len()) == Some(&b' '))
            && line.windows(7).any(|w| w == b"SIP/2.0"))
}

/// Length of the first SIP message in `b` (over TCP): the headers plus Content-Length.
pub fn pdu_len(b: &[u8]) -> PduLen {
    if !looks_like_sip(b) {
        return PduLen::NotPdu;
    }
    let Some(head_end) = b.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4) else {
        return PduLen::NeedMore;
    };
    let head = String::from_utf8_lossy(b.get(..head_end).unwrap_or(&[]));
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| {
            matches!(
                n.trim().to_ascii_lowercase().as_str(),
                "content-length" | "l"
            )
        })
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    match head_end.checked_add(length) {
        Some(total) if total <= b.len() => PduLen::Complete(total),
        _ => PduLen::NeedMore,
    }
}

/// What the headers told, for Info and the body.
#[derive(Default)]
struct Heads {
    cseq_method: Option<String>,
    cseq: Option<u64>,
    call_id: Option<String>,
    contacts: Vec<String>,
    content_type: Option<String>,
    content_length: Option<usize>,
}

/// Dissects one SIP message in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let end = end.min(d.frame.len()).max(o);
    d.set_protocol("SIP");
    let node = d.tree.open_protocol(Field::Sip, o..end);
    d.tree.label(node, || "Session Initiation Protocol".into());
    let bytes = d.frame.range(o..end).unwrap_or(&[]);
    let lines = textline::lines(bytes, o);
    let Some(first) = lines.first() else {
        d.tree.close();
        return;
    };
    let first_text =
        String::from_utf8_lossy(d.frame.range(first.text()).unwrap_or(&[])).into_owned();
    let mut heads = Heads::default();
    let mut body_start = end;
    for line in lines.iter().skip(1) {
        if line.text_end == line.start {
            body_start = line.end;
            break;
        }
        header(d, line.start, line.text_end, &mut heads);
    }
    let response = first_text.starts_with("SIP/2.0 ");
    d.sdp_seen = heads.call_id.as_deref().map(|id| SdpSeen {
        call_id: Some(id.into()),
        cseq: heads.cseq,
        request: !response,
        media: Vec::new(),
    });
    let info = if let Some(status) = first_text.strip_prefix("SIP/2.0 ") {
        status_line(d, first.start, &first_text, status, &heads)
    } else {
        request_line(d, first.start, &first_text, &heads)
    };
    d.set_info(|| format!("{info} | "));
    d.tree.close();
    let body_end = heads
        .content_length
        .map_or(end, |n| body_start.saturating_add(n).min(end));
    if body_start < body_end {
        body(d, body_start, body_end, heads.content_type.as_deref());
    }
}

fn request_line(d: &mut Dissector, at: usize, line: &str, heads: &Heads) -> String {
    let mut words = line.split(' ');
    let method = words.next().unwrap_or("");
    let uri = words.next().unwrap_or("");
    let t = &mut d.tree;
    t.open(
        Field::SipRequestLine,
        at..at + line.len(),
        Value::Str(line.into()),
    );
    t.add(
        Field::SipMethod,
        at..at + method.len(),
        Value::Str(method.into()),
    );
    let u_at = at + method.len() + 1;
    t.add(
        Field::SipRUri,
        u_at..u_at + uri.len(),
        Value::Str(uri.into()),
    );
    uri_parts(t, u_at, uri, Some(Field::SipRUriUser), Field::SipRUriHost);
    t.close();
    let mut info = format!("Request: {method} {uri}");
    if method == "REGISTER" {
        info.push_str(&match heads.contacts.as_slice() {
            [] => "  (fetch bindings)".to_string(),
            [only] if only.trim() == "*" => "  (remove all bindings)".to_string(),
            all => format!(
                "  ({} binding{})",
                all.len(),
                if all.len() == 1 { "" } else { "s" }
            ),
        });
    }
    info
}

fn status_line(d: &mut Dissector, at: usize, line: &str, status: &str, heads: &Heads) -> String {
    let code = status.split(' ').next().unwrap_or("");
    let t = &mut d.tree;
    t.open(
        Field::SipStatusLine,
        at..at + line.len(),
        Value::Str(line.into()),
    );
    if let Ok(c) = code.parse::<u64>() {
        let c_at = at + "SIP/2.0 ".len();
        t.add(
            Field::SipStatusCode,
            c_at..c_at + code.len(),
            Value::UInt(c),
        );
    }
    t.close();
    let mut info = format!("Status: {status}");
    if code == "200"
        && let Some(m) = &heads.cseq_method
    {
        info.push_str(&format!(" ({m})"));
    }
    info
}

/// The user (when `user` is given) and host of a SIP URI at `at` (`sip:user@host:port;…`).
fn uri_parts(t: &mut super::Tree, at: usize, uri: &str, user: Option<Field>, host: Field) {
    let Some(colon) = uri.find(':') else {
        return;
    };
    let rest = uri.get(colon + 1..).unwrap_or("");
    let end = rest.find([';', '?', '>']).unwrap_or(rest.len());
    let hostport = rest.get(..end).unwrap_or("");
    let (user_part, host_part, host_at) = match hostport.split_once('@') {
        Some((u, h)) => (Some(u), h, colon + 1 + u.len() + 1),
        None => (None, hostport, colon + 1),
    };
    if let (Some(u), Some(field)) = (user_part, user) {
        let u_at = at + colon + 1;
        t.add(field, u_at..u_at + u.len(), Value::Str(u.into()));
    }
    let h = host_part.split(':').next().unwrap_or("");
    t.add(
        host,
        at + host_at..at + host_at + h.len(),
        Value::Str(h.into()),
    );
}

fn header(d: &mut Dissector, at: usize, text_end: usize, heads: &mut Heads) {
    let raw = d.frame.range(at..text_end).unwrap_or(&[]);
    let text = String::from_utf8_lossy(raw).into_owned();
    let Some((name, value)) = text.split_once(':') else {
        return;
    };
    let key = name.trim().to_ascii_lowercase();
    let Some((long, _, field)) = HEADERS
        .iter()
        .find(|(n, c, _)| *n == key || c.is_some_and(|c| c == key))
    else {
        return;
    };
    let value = value.trim_start();
    let v_at = text_end - value.len();
    let value = value.trim_end();
    let t = &mut d.tree;
    t.open(*field, v_at..v_at + value.len(), Value::Str(value.into()));
    match *long {
        // Wireshark 4.0 leaves out the user part of a compact-form From or To.
        "to" => address(t, v_at, value, ADDR_TO, key.len() == 1),
        "from" => address(t, v_at, value, ADDR_FROM, key.len() == 1),
        "cseq" => {
            let (seq, method) = value.split_once(' ').unwrap_or((value, ""));
            if let Ok(n) = seq.parse::<u64>() {
                t.add(Field::SipCseqSeq, v_at..v_at + seq.len(), Value::UInt(n));
                heads.cseq = Some(n);
            }
            let method = method.trim();
            let m_at = v_at + value.len() - method.len();
            t.add(
                Field::SipCseqMethod,
                m_at..m_at + method.len(),
                Value::Str(method.into()),
            );
            heads.cseq_method = Some(method.to_string());
        }
        "call-id" => heads.call_id = Some(value.to_string()),
        "contact" => heads.contacts.extend(value.split(',').map(str::to_string)),
        "content-type" => heads.content_type = Some(value.to_ascii_lowercase()),
        "content-length" => heads.content_length = value.parse().ok(),
        _ => {}
    }
    t.close();
}

/// The fields of a From or To header: address, user, host, tag.
struct AddrFields {
    addr: Field,
    user: Field,
    host: Field,
    tag: Option<Field>,
}

const ADDR_TO: AddrFields = AddrFields {
    addr: Field::SipToAddr,
    user: Field::SipToUser,
    host: Field::SipToHost,
    tag: Some(Field::SipToTag),
};
const ADDR_FROM: AddrFields = AddrFields {
    addr: Field::SipFromAddr,
    user: Field::SipFromUser,
    host: Field::SipFromHost,
    tag: Some(Field::SipFromTag),
};

fn address(t: &mut super::Tree, at: usize, value: &str, f: AddrFields, compact: bool) {
    let (uri_at, uri, params) = match (value.find('<'), value.find('>')) {
        (Some(lt), Some(gt)) if lt < gt => {
            let uri = value.get(lt + 1..gt).unwrap_or("");
            (lt + 1, uri, value.get(gt + 1..).unwrap_or(""))
        }
        _ => {
            let end = value.find(';').unwrap_or(value.len());
            (
                0,
                value.get(..end).unwrap_or(""),
                value.get(end..).unwrap_or(""),
            )
        }
    };
    t.add(
        f.addr,
        at + uri_at..at + uri_at + uri.len(),
        Value::Str(uri.into()),
    );
    let user = if compact { None } else { Some(f.user) };
    uri_parts(t, at + uri_at, uri, user, f.host);
    if let Some(tag_field) = f.tag
        && let Some(pos) = params.find("tag=")
    {
        let tag = params.get(pos + 4..).unwrap_or("");
        let tag = tag.split(';').next().unwrap_or("");
        let t_at = at + value.len() - params.len() + pos + 4;
        t.add(tag_field, t_at..t_at + tag.len(), Value::Str(tag.into()));
    }
}

fn body(d: &mut Dissector, start: usize, end: usize, content_type: Option<&str>) {
    let media = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim();
    if media == "application/sdp" {
        super::sdp::dissect(d, start, end);
        d.set_protocol("SIP/SDP");
    } else if media.starts_with("text/") {
        let n = d.tree.open_protocol(Field::DataTextLines, start..end);
        d.tree.label(n, || {
            format!("Line-based text data: {media} ({} bytes)", end - start)
        });
        d.tree.close();
        if d.tree.want_text {
            d.tree.summary.info.push_str(&format!(" ({media})"));
        }
    } else {
        super::data::dissect_range(d, start, end);
    }
}
