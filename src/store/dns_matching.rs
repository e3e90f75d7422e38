//! DNS transactions while indexing, as Wireshark keeps them per conversation: a query opens a
//! transaction by id unless it repeats an unanswered one within 5 seconds (a retransmission);
//! the first response answers it, a later one is a retransmission; a response to no query is
//! unsolicited.

use crate::dissect::context::{DnsMatch, Transport, TransportKind};
use rustc_hash::FxHashMap as HashMap;
use std::net::IpAddr;

/// Wireshark's `dns.retransmission_timer` default.
const RETRANSMISSION_WINDOW_NS: i64 = 5_000_000_000;

/// A conversation (either direction) and a DNS id.
type Key = ((bool, (IpAddr, u16), (IpAddr, u16)), u16);

/// One transaction: its query's frame (0-based) and time, and its first response's frame.
#[derive(Debug, Clone, Copy)]
struct Transaction {
    query: u32,
    query_ns: i64,
    response: Option<u32>,
}

/// The transactions so far and what each message was found to be.
#[derive(Debug, Default)]
pub struct DnsTracker {
    latest: HashMap<Key, Transaction>,
    /// By 0-based frame; frames that open a transaction are not listed.
    pub found: HashMap<u32, DnsMatch>,
}

impl DnsTracker {
    /// One DNS message (`id`, query or response) in frame `frame` at `ts_ns`.
    pub fn push(&mut self, t: &Transport, frame: u32, ts_ns: i64, id: u16, response: bool) {
        let ends = ((t.src, t.src_port), (t.dst, t.dst_port));
        let key = (
            (
                t.kind == TransportKind::Tcp,
                ends.0.min(ends.1),
                ends.0.max(ends.1),
            ),
            id,
        );
        let found = if response {
            Some(self.response(key, frame, ts_ns))
        } else {
            self.query(key, frame, ts_ns)
        };
        if let Some(found) = found {
            self.found.insert(frame, found);
        }
    }

    fn query(&mut self, key: Key, frame: u32, ts_ns: i64) -> Option<DnsMatch> {
        if let Some(open) = self.latest.get(&key)
            && open.response.is_none()
            && ts_ns - open.query_ns < RETRANSMISSION_WINDOW_NS
        {
            return Some(DnsMatch::QueryRetransmission {
                original: u64::from(open.query) + 1,
            });
        }
        let opened = Transaction {
            query: frame,
            query_ns: ts_ns,
            response: None,
        };
        self.latest.insert(key, opened);
        None
    }

    fn response(&mut self, key: Key, frame: u32, ts_ns: i64) -> DnsMatch {
        let Some(open) = self.latest.get_mut(&key) else {
            return DnsMatch::Unsolicited;
        };
        match open.response {
            Some(first) => DnsMatch::ResponseRetransmission {
                original: u64::from(first) + 1,
            },
            None => {
                open.response = Some(frame);
                DnsMatch::Answer {
                    request: u64::from(open.query) + 1,
                    rtt_ns: ts_ns - open.query_ns,
                }
            }
        }
    }
}
