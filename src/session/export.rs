//! Writing a chosen set of packets to a new capture file, atomically, with progress and
//! cancellation for the GUI's workers.

use super::Session;
use crate::pcapfile::{FileError, OutputFormat, PacketToWrite, write_atomically};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Packets read from the capture per batch.
const CHUNK: usize = 4096;

/// Progress of a long job, shared with the thread doing it.
#[derive(Debug, Default)]
pub struct JobControl {
    /// Units done so far.
    pub done: AtomicUsize,
    /// Set to stop the job.
    pub cancel: AtomicBool,
}

impl JobControl {
    /// True once cancellation was asked for.
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl Session {
    /// Writes the packets `indices` (0-based, in that order) to `out`; nothing is left behind
    /// when it fails or is cancelled.
    pub fn export(
        &self,
        indices: &[usize],
        out: &Path,
        format: OutputFormat,
        control: &JobControl,
    ) -> Result<u64, FileError> {
        let packets = indices.chunks(CHUNK).flat_map(|chunk| {
            // A cancelled job yields one error, which makes the writer drop its temp file.
            let data = if control.cancelled() {
                vec![Err(std::io::Error::other("cancelled"))]
            } else {
                self.bytes_many(chunk)
            };
            control.done.fetch_add(chunk.len(), Ordering::Relaxed);
            chunk.iter().zip(data).map(|(&i, data)| {
                let r = self.record(i).copied().unwrap_or_default();
                Ok(PacketToWrite {
                    ts_ns: r.ts_ns,
                    data: data?.into(),
                    orig_len: r.orig_len,
                    interface: u32::from(r.interface),
                })
            })
        });
        write_atomically(out, format, &self.interfaces, packets)
    }
}
