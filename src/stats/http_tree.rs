//! `-z http,tree`: HTTP messages by request method and response status, as tshark's
//! "HTTP/Packet Counter" counts them (one per HTTP message its tap sees, SSDP included).

use super::stats_tree::{NodeId, StatsTree};
use crate::dissect::field::Field;
use crate::dissect::tree::Tree;
use crate::dissect::value::Value;
use crate::session::{JobControl, Session};

/// What the HTTP tap reports for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpMessage {
    /// A request and its method.
    Request(String),
    /// A response and its status code.
    Response(u64),
    /// Neither (a continuation).
    Other,
}

/// The HTTP messages of one dissected frame, in order.
pub fn messages(tree: &Tree) -> Vec<HttpMessage> {
    let mut out = Vec::new();
    let mut current: Option<HttpMessage> = None;
    for n in &tree.nodes {
        if n.depth == 0 {
            out.extend(current.take());
            if n.field == Field::Http || n.field == Field::Ssdp {
                current = Some(HttpMessage::Other);
            }
            continue;
        }
        let Some(message) = current.as_mut() else {
            continue;
        };
        match (n.field, &n.value) {
            (Field::HttpResponseCode, Value::UInt(code)) if *message == HttpMessage::Other => {
                *message = HttpMessage::Response(*code);
            }
            (Field::HttpRequestMethod, Value::Str(m)) if *message == HttpMessage::Other => {
                // The tap names SSDP's M-SEARCH by what follows the "M-".
                let method = m.strip_prefix("M-").unwrap_or(m);
                *message = HttpMessage::Request(method.to_string());
            }
            _ => {}
        }
    }
    out.extend(current);
    out
}

/// The nodes tshark creates before any packet.
struct Nodes {
    packets: NodeId,
    requests: NodeId,
    responses: NodeId,
    /// "???: broken", then 1xx … 5xx.
    groups: [NodeId; 6],
    other: NodeId,
}

impl Nodes {
    fn new(t: &mut StatsTree) -> Self {
        let packets = t.node(None, "Total HTTP Packets");
        let requests = t.node(Some(packets), "HTTP Request Packets");
        let responses = t.node(Some(packets), "HTTP Response Packets");
        let groups = [
            "???: broken",
            "1xx: Informational",
            "2xx: Success",
            "3xx: Redirection",
            "4xx: Client Error",
            "5xx: Server Error",
        ]
        .map(|name| t.node(Some(responses), name));
        let other = t.node(Some(packets), "Other HTTP Packets");
        Nodes {
            packets,
            requests,
            responses,
            groups,
            other,
        }
    }

    fn count(&self, t: &mut StatsTree, message: &HttpMessage) {
        t.tick(self.packets);
        match message {
            HttpMessage::Response(code) => {
                t.tick(self.responses);
                let group = match code {
                    100..=599 => usize::try_from(code / 100).unwrap_or(0),
                    _ => 0,
                };
                let Some(&group) = self.groups.get(group) else {
                    return;
                };
                t.tick(group);
                let phrase = status_phrase(*code)
                    .map_or_else(|| format!("Unknown ({code})"), str::to_string);
                let leaf = t.child(group, &format!("{code} {phrase}"));
                t.tick(leaf);
            }
            HttpMessage::Request(method) => t.tick_pivot(self.requests, method),
            HttpMessage::Other => t.tick(self.other),
        }
    }
}

/// The tree over `packets` (0-based, ascending); `None` if cancelled.
pub fn tally(session: &Session, packets: &[usize], control: &JobControl) -> Option<StatsTree> {
    let per_frame = super::per_packet(packets, control, |i| {
        let d = session.dissect(i, false).ok()?;
        let found = messages(&d.tree);
        (!found.is_empty()).then(|| (super::relative_ms(session, i), found))
    })?;
    let mut tree = StatsTree::new("HTTP/Packet Counter");
    let nodes = Nodes::new(&mut tree);
    for (ms, found) in per_frame {
        for m in &found {
            tree.packet(ms);
            nodes.count(&mut tree, m);
        }
    }
    Some(tree)
}

/// Wireshark's names of HTTP status codes.
fn status_phrase(code: u64) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        199 => "Informational - Others",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        299 => "Success - Others",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        305 => "Use Proxy",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        399 => "Redirection - Others",
        _ => return client_or_server_phrase(code),
    })
}

fn client_or_server_phrase(code: u64) -> Option<&'static str> {
    Some(match code {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Time-out",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Requested Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        499 => "Client Error - Others",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Time-out",
        505 => "HTTP Version not supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        599 => "Server Error - Others",
        _ => return None,
    })
}
