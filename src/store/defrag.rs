//! IP defragmentation during indexing (IPv4 and IPv6 fragment headers), as Wireshark does by
//! default: the frame that completes a datagram is dissected with the whole payload; the
//! others point to it. Plans keep (frame, range) parts; fragment bytes are held only while a
//! datagram is incomplete, within a memory cap.

use super::reassembly::Part;
use rustc_hash::FxHashMap as HashMap;
use std::net::IpAddr;

/// Bytes of incomplete datagrams held at most; past it the oldest are dropped.
const MAX_HELD_BYTES: usize = 64 * 1024 * 1024;

/// Identity of a datagram (RFC 791 / RFC 8200).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatagramKey {
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// Identification.
    pub id: u32,
    /// Upper protocol.
    pub proto: u8,
}

/// One fragment as found in a frame.
#[derive(Debug)]
pub struct Fragment<'a> {
    /// 0-based frame index.
    pub frame: u32,
    /// Datagram identity.
    pub key: DatagramKey,
    /// Byte offset of this fragment in the datagram payload.
    pub offset: usize,
    /// More fragments follow.
    pub more: bool,
    /// The fragment's payload bytes.
    pub data: &'a [u8],
    /// Where they are in the frame.
    pub range: std::ops::Range<usize>,
}

/// What a frame is for IP reassembly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IpPlan {
    /// A fragment of a datagram completed in that frame (0-based).
    FragmentOf(u32),
    /// Completes a datagram: (offset in the datagram, part), in datagram order.
    Completes(Vec<(u32, Part)>),
}

#[derive(Debug, Default)]
struct Datagram {
    pieces: Vec<(usize, Part, Vec<u8>)>,
    total: Option<usize>,
}

/// Defragmenter state and its plans.
#[derive(Debug, Default)]
pub struct Defragmenter {
    open: HashMap<DatagramKey, Datagram>,
    held: usize,
    /// Plans by 0-based frame index.
    pub plans: HashMap<u32, IpPlan>,
}

impl Defragmenter {
    /// Adds a fragment; returns the reassembled payload when this fragment completes it.
    pub fn push(&mut self, f: &Fragment) -> Option<Vec<u8>> {
        if self.held + f.data.len() > MAX_HELD_BYTES {
            self.open.clear();
            self.held = 0;
        }
        let d = self.open.entry(f.key).or_default();
        let part = Part {
            frame: f.frame,
            range: (f.range.start as u32)..(f.range.end as u32),
        };
        d.pieces.push((f.offset, part, f.data.to_vec()));
        self.held += f.data.len();
        if !f.more {
            d.total = Some(f.offset + f.data.len());
        }
        let total = d.total?;
        d.pieces.sort_by_key(|(off, p, _)| (*off, p.frame));
        let mut covered = 0;
        for (off, _, data) in &d.pieces {
            if *off > covered {
                return None;
            }
            covered = covered.max(off + data.len());
        }
        if covered < total {
            return None;
        }
        let d = self.open.remove(&f.key)?;
        let mut payload = vec![0u8; total];
        let mut parts = Vec::new();
        for (off, part, data) in d.pieces {
            self.held = self.held.saturating_sub(data.len());
            let end = (off + data.len()).min(total);
            if let (Some(dst), Some(src)) = (
                payload.get_mut(off..end),
                data.get(..end.saturating_sub(off)),
            ) {
                dst.copy_from_slice(src);
            }
            if part.frame != f.frame {
                self.plans.insert(part.frame, IpPlan::FragmentOf(f.frame));
            }
            parts.push((off, part));
        }
        let parts = parts
            .into_iter()
            .map(|(off, p)| (u32::try_from(off).unwrap_or(u32::MAX), p))
            .collect();
        self.plans.insert(f.frame, IpPlan::Completes(parts));
        Some(payload)
    }
}
