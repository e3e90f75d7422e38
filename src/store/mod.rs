//! The indexed packet store: append-only chunks of compact records, frozen chunks shared
//! read-only (Arc) with worker threads, plus the flow table.

pub mod defrag;
pub mod dns_matching;
mod facts;
pub mod flows;
pub mod indexer;
pub mod protoset;
pub mod reassembly;
pub mod record;
mod stacks;
pub mod tcp_analysis;
mod tcp_results;

pub use flows::{Flow, FlowTable};
pub use indexer::Indexer;
pub use protoset::ProtoSet;
pub use record::{NO_FLOW, PacketRecord};

use std::sync::Arc;

/// Records per chunk.
pub const CHUNK_LEN: usize = 1 << 16;

/// Append-only packet records.
#[derive(Debug, Default, Clone)]
pub struct PacketStore {
    frozen: Vec<Arc<[PacketRecord]>>,
    open: Vec<PacketRecord>,
}

/// A read-only view of the store at one moment, cheap to send to workers.
#[derive(Debug, Clone)]
pub struct Snapshot {
    chunks: Vec<Arc<[PacketRecord]>>,
    len: usize,
}

impl PacketStore {
    /// Number of packets.
    pub fn len(&self) -> usize {
        self.frozen.len() * CHUNK_LEN + self.open.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends a record; a full chunk is frozen.
    pub fn push(&mut self, record: PacketRecord) {
        if self.open.capacity() == 0 {
            self.open.reserve_exact(CHUNK_LEN);
        }
        self.open.push(record);
        if self.open.len() == CHUNK_LEN {
            let full = std::mem::take(&mut self.open);
            self.frozen.push(full.into());
        }
    }

    /// The record of packet `index` (0-based).
    pub fn get(&self, index: usize) -> Option<&PacketRecord> {
        let (chunk, at) = (index / CHUNK_LEN, index % CHUNK_LEN);
        match self.frozen.get(chunk) {
            Some(c) => c.get(at),
            None if chunk == self.frozen.len() => self.open.get(at),
            None => None,
        }
    }

    /// Mutable access (marking, time references).
    pub fn get_mut(&mut self, index: usize) -> Option<&mut PacketRecord> {
        let (chunk, at) = (index / CHUNK_LEN, index % CHUNK_LEN);
        let frozen = self.frozen.len();
        if chunk == frozen {
            return self.open.get_mut(at);
        }
        self.frozen
            .get_mut(chunk)
            .and_then(|c| MakeMutSlice::make_mut_slice(c).get_mut(at))
    }

    /// A snapshot: frozen chunks are shared, the open chunk is copied (≤ one chunk).
    pub fn snapshot(&self) -> Snapshot {
        let mut chunks = self.frozen.clone();
        if !self.open.is_empty() {
            chunks.push(self.open.clone().into());
        }
        Snapshot {
            chunks,
            len: self.len(),
        }
    }

    /// A store holding a snapshot's records (frozen chunks shared, the last one copied).
    pub fn from_snapshot(snapshot: Snapshot) -> PacketStore {
        let mut frozen = snapshot.chunks;
        let open = match frozen.last() {
            Some(last) if last.len() < CHUNK_LEN => {
                let v = last.to_vec();
                frozen.pop();
                v
            }
            _ => Vec::new(),
        };
        PacketStore { frozen, open }
    }

    /// Bytes the stored records take (40 per packet).
    pub fn index_bytes(&self) -> usize {
        self.len() * std::mem::size_of::<PacketRecord>()
    }
}

/// `Arc<[T]>` has no `make_mut`; copy-on-write by hand.
trait MakeMutSlice<T> {
    fn make_mut_slice(this: &mut Self) -> &mut [T];
}

impl<T: Clone> MakeMutSlice<T> for Arc<[T]> {
    fn make_mut_slice(this: &mut Self) -> &mut [T] {
        if Arc::get_mut(this).is_none() {
            *this = this.iter().cloned().collect();
        }
        Arc::get_mut(this).unwrap_or(&mut [])
    }
}

impl Snapshot {
    /// Number of packets.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The chunks, in order (each `CHUNK_LEN` long except the last).
    pub fn chunks(&self) -> &[Arc<[PacketRecord]>] {
        &self.chunks
    }

    /// The record of packet `index`.
    pub fn get(&self, index: usize) -> Option<&PacketRecord> {
        self.chunks.get(index / CHUNK_LEN)?.get(index % CHUNK_LEN)
    }
}
