//! Follow TLS and HTTP Stream: what a layer above TCP carries, message by message, in the
//! order the dissection finds the messages (reassembled PDUs in the frame that completes them).
//! HTTP: each header block, then each body with chunking and gzip/deflate undone (tshark's
//! follow tap; node 0 is the sender of the first message). TLS: the application-data records'
//! payloads, still encrypted (we hold no keys).

use super::follow::{Chunk, Follow, Followed, flow_of};
use crate::dissect::context::TransportKind;
use crate::dissect::field::Field;
use crate::dissect::http_body;
use crate::dissect::tree::Tree;
use crate::session::Session;
use crate::store::record::flags;

/// One message's pieces: (sent by the flow's second endpoint, bytes).
type Pieces = Vec<(bool, Vec<u8>)>;

/// Follows TCP stream `stream` as HTTP.
pub fn follow_http(session: &Session, stream: u32) -> Option<Followed> {
    follow_layer(session, stream, Follow::Http, http_pieces)
}

/// Follows TCP stream `stream` as TLS.
pub fn follow_tls(session: &Session, stream: u32) -> Option<Followed> {
    follow_layer(session, stream, Follow::Tls, tls_pieces)
}

fn follow_layer(
    session: &Session,
    stream: u32,
    what: Follow,
    pieces: fn(&Tree, &[u8]) -> Vec<Vec<u8>>,
) -> Option<Followed> {
    let (flow_id, flow) = flow_of(session, TransportKind::Tcp, stream)?;
    let mut found: Vec<(u64, i64, Pieces)> = Vec::new();
    for i in 0..session.len() {
        let Some(r) = session.record(i).filter(|r| r.flow == flow_id) else {
            continue;
        };
        let (Ok(d), Ok(frame)) = (session.dissect(i, false), session.bytes(i)) else {
            continue;
        };
        let reverse = r.flags & flags::REVERSE != 0;
        let here: Pieces = pieces(&d.tree, &frame)
            .into_iter()
            .map(|p| (reverse, p))
            .collect();
        if !here.is_empty() {
            found.push((i as u64 + 1, r.ts_ns, here));
        }
    }
    // Node 0 is whoever sent the first message.
    let first_reverse = found
        .first()
        .and_then(|(_, _, p)| p.first())
        .is_some_and(|(reverse, _)| *reverse);
    let (client, server) = if first_reverse {
        (flow.b, flow.a)
    } else {
        (flow.a, flow.b)
    };
    let chunks = found
        .into_iter()
        .flat_map(|(frame, ts_ns, pieces)| {
            pieces.into_iter().map(move |(reverse, data)| Chunk {
                frame,
                ts_ns,
                from_server: reverse != first_reverse,
                data,
            })
        })
        .collect();
    Some(Followed {
        what,
        kind: TransportKind::Tcp,
        stream,
        client,
        server,
        chunks,
    })
}

/// The depth-0 nodes of `field` in `tree`.
fn layers(tree: &Tree, field: Field) -> impl Iterator<Item = usize> + '_ {
    tree.nodes
        .iter()
        .enumerate()
        .filter(move |(_, n)| n.depth == 0 && n.field == field)
        .map(|(i, _)| i)
}

/// Each HTTP message's header block, then its decoded body when it has one.
fn http_pieces(tree: &Tree, frame: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for node in layers(tree, Field::Http) {
        let bytes = tree.node_bytes(node, frame);
        // A request or response, not a continuation.
        let is_message = tree
            .nodes
            .iter()
            .skip(node + 1)
            .take_while(|n| n.depth > 0)
            .any(|n| matches!(n.field, Field::HttpResponseCode | Field::HttpRequestMethod));
        if !is_message {
            continue;
        }
        let head_len = crate::dissect::http::header_end(bytes).unwrap_or(bytes.len());
        let (head, raw) = bytes.split_at(head_len.min(bytes.len()));
        out.push(head.to_vec());
        let body = http_body::decoded(&String::from_utf8_lossy(head), raw);
        if !body.is_empty() {
            out.push(body.into_owned());
        }
    }
    out
}

/// The payload of each application-data record.
fn tls_pieces(tree: &Tree, frame: &[u8]) -> Vec<Vec<u8>> {
    tree.nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.field == Field::TlsAppData)
        .map(|(i, _)| tree.node_bytes(i, frame).to_vec())
        .collect()
}
