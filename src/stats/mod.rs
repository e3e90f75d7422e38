//! Capture statistics computed from the index alone: a capinfos-like summary and a protocol
//! hierarchy like `tshark -z io,phs`.

pub mod hierarchy;
pub mod summary;

pub use hierarchy::{HierarchyNode, protocol_hierarchy};
pub use summary::{CaptureSummary, summarize};
pub mod conv_report;
pub mod conv_table;
pub mod conversations;
pub mod dns_tree;
pub mod expert;
pub mod follow;
pub mod follow_layer;
pub mod http_tree;
pub mod io_stat;
mod io_stat_table;
pub mod stats_tree;

use crate::session::JobControl;
use rayon::prelude::*;
use std::sync::atomic::Ordering;

/// `each(i)` for every packet of `packets` (0-based), on all cores in chunks that count into
/// `control.done` and stop when it is cancelled (`None`); results in packet order, packets
/// where `each` gives `None` left out.
pub(crate) fn per_packet<T: Send>(
    packets: &[usize],
    control: &JobControl,
    each: impl Fn(usize) -> Option<T> + Sync,
) -> Option<Vec<T>> {
    const CHUNK: usize = 4096;
    let parts: Option<Vec<Vec<T>>> = packets
        .par_chunks(CHUNK)
        .map(|chunk| {
            if control.cancelled() {
                return None;
            }
            let done: Vec<T> = chunk.iter().filter_map(|&i| each(i)).collect();
            control.done.fetch_add(chunk.len(), Ordering::Relaxed);
            Some(done)
        })
        .collect();
    Some(parts?.into_iter().flatten().collect())
}

/// Milliseconds from the first frame of the capture to packet `index`, as tshark's taps
/// measure time.
pub(crate) fn relative_ms(session: &crate::session::Session, index: usize) -> f64 {
    let first = session.first_time_ns().unwrap_or(0);
    session
        .record(index)
        .map_or(0.0, |r| (r.ts_ns - first) as f64 / 1e6)
}
