//! Sorting the packet list by a column, on a worker: numbers and times from the index,
//! addresses and text from summary dissections made on all cores.

use crate::dissect::dissect_summary;
use crate::session::{JobControl, Session};
use std::net::IpAddr;
use std::sync::atomic::Ordering;

/// Column numbers of the packet list.
pub mod column {
    /// No.
    pub const NUMBER: usize = 0;
    /// Time.
    pub const TIME: usize = 1;
    /// Source.
    pub const SOURCE: usize = 2;
    /// Destination.
    pub const DESTINATION: usize = 3;
    /// Protocol.
    pub const PROTOCOL: usize = 4;
    /// Length.
    pub const LENGTH: usize = 5;
    /// Info.
    pub const INFO: usize = 6;
}

/// A sort key: addresses order numerically, then text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Number(i64),
    Address(IpAddr),
    Text(String),
}

/// `rows` (packet indices) sorted by `column`; ties keep capture order. `None` if cancelled.
pub fn sort_rows(
    session: &Session,
    rows: Vec<usize>,
    column: usize,
    ascending: bool,
    control: &JobControl,
) -> Option<Vec<u32>> {
    use rayon::prelude::*;
    let keys: Option<Vec<(Key, usize)>> = rows
        .par_chunks(4096)
        .map(|chunk| {
            if control.cancelled() {
                return None;
            }
            let keys = chunk_keys(session, chunk, column);
            control.done.fetch_add(chunk.len(), Ordering::Relaxed);
            Some(keys)
        })
        .collect::<Option<Vec<_>>>()
        .map(|v| v.concat());
    let mut keys = keys?;
    keys.par_sort_by(|a, b| {
        let by_key = if ascending {
            a.0.cmp(&b.0)
        } else {
            b.0.cmp(&a.0)
        };
        by_key.then(a.1.cmp(&b.1))
    });
    Some(keys.into_iter().map(|(_, p)| p as u32).collect())
}

/// The sort keys of a chunk of packets; text columns read the chunk's bytes in one batch.
fn chunk_keys(session: &Session, chunk: &[usize], column: usize) -> Vec<(Key, usize)> {
    let record = |p: usize| session.record(p).copied().unwrap_or_default();
    match column {
        column::NUMBER | column::TIME => {
            chunk.iter().map(|&p| (Key::Number(p as i64), p)).collect()
        }
        column::LENGTH => chunk
            .iter()
            .map(|&p| (Key::Number(i64::from(record(p).orig_len)), p))
            .collect(),
        _ => {
            let spans = session.read_spans(chunk);
            chunk
                .iter()
                .enumerate()
                .map(|(k, &p)| {
                    let text = match (spans.get(k), session.frame_info(p)) {
                        (Ok(bytes), Some(info)) => {
                            let s = dissect_summary(&info, bytes, &session.context(p))
                                .tree
                                .summary;
                            match column {
                                column::SOURCE => s.source,
                                column::DESTINATION => s.destination,
                                column::PROTOCOL => s.protocol,
                                _ => s.info,
                            }
                        }
                        _ => String::new(),
                    };
                    let key = text.parse::<IpAddr>().map_or(Key::Text(text), Key::Address);
                    (key, p)
                })
                .collect()
        }
    }
}

/// Orders two cells the way [`sort_rows`] does.
#[cfg(test)]
fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    let k = |s: &str| {
        s.parse::<IpAddr>()
            .map_or(Key::Text(s.into()), Key::Address)
    };
    k(a).cmp(&k(b))
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering;

    #[test]
    fn addresses_sort_numerically_before_names() {
        assert_eq!(compare("10.0.0.2", "10.0.0.10"), Ordering::Less);
        assert_eq!(compare("10.0.0.10", "fe80::1"), Ordering::Less);
        assert_eq!(compare("ff:ff:ff:ff:ff:ff", "10.0.0.1"), Ordering::Greater);
    }
}
