//! The association state the in-order index pass keeps for SCTP, as tshark 4.0 keeps it:
//! each direction ("half association": source port, destination port, verification tag)
//! is paired with the first direction seen the other way between the same ports and
//! address; TSNs count from the first DATA TSN of their direction, SACKs from the peer's;
//! a TSN seen in an earlier frame of the direction is a retransmission; fragments of one
//! message (stream, sequence number or message id, ordering) are put back together in TSN
//! order once the first, the last and every one between have arrived.

use std::net::IpAddr;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;

/// Bytes of fragment payload the tracker holds at most (beyond it fragments stay fragments).
const MAX_BUFFERED: usize = 16 << 20;

/// One DATA or I-DATA chunk as the first dissection saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSeen {
    /// Its TSN as sent.
    pub tsn: u32,
    /// The message it belongs to: stream, sequence number (DATA) or message id (I-DATA),
    /// and whether it is unordered.
    pub message: (u16, u32, bool),
    /// The B (first fragment) and E (last fragment) bits.
    pub first: bool,
    /// See `first`.
    pub last: bool,
    /// Its user data in the frame.
    pub payload: Range<usize>,
}

/// What a packet tells the association tracker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SctpSeen {
    /// Source and destination addresses of the IP header.
    pub addrs: (IpAddr, IpAddr),
    /// Source and destination ports.
    pub ports: (u16, u16),
    /// The verification tag.
    pub vtag: u32,
    /// The packet carries an INIT (its tag is 0: it belongs to no direction yet).
    pub init: bool,
    /// Its DATA and I-DATA chunks, in order.
    pub data: Vec<DataSeen>,
}

/// What became of one DATA chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataFate {
    /// A whole message: its payload is the next layer.
    Whole,
    /// A fragment of a message not (yet) complete.
    Fragment,
    /// The fragment that completed a message: the message and its parts (frame, bytes).
    Reassembled {
        /// The message's bytes.
        message: Arc<[u8]>,
        /// Each fragment's frame number and length, in TSN order.
        parts: Vec<(u64, usize)>,
    },
    /// A TSN first sent in frame `of`.
    Retransmission {
        /// Frame number of the first transmission.
        of: u64,
    },
}

/// What one SCTP packet's dissection needs from the frames before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SctpFrame {
    /// The first DATA TSN of the packet's direction.
    pub own_base: Option<u32>,
    /// The first DATA TSN of the opposite direction (what SACKs acknowledge).
    pub peer_base: Option<u32>,
    /// Each DATA/I-DATA chunk's fate, in order.
    pub fates: Vec<DataFate>,
}

/// A fragment waiting for the rest of its message.
#[derive(Debug)]
struct Piece {
    tsn: u32,
    frame: u64,
    first: bool,
    last: bool,
    bytes: Vec<u8>,
}

/// One direction of an association.
#[derive(Debug, Default)]
struct Half {
    base: Option<u32>,
    peer: Option<usize>,
    /// Frame that first carried each TSN.
    sent_in: FxHashMap<u32, u64>,
    pieces: FxHashMap<(u16, u32, bool), Vec<Piece>>,
}

/// Association state over a capture, fed in frame order.
#[derive(Debug, Default)]
pub struct SctpTracker {
    halves: Vec<Half>,
    by_key: FxHashMap<(u16, u16, u32), usize>,
    /// Directions no reverse has claimed yet, by (their destination port, source port,
    /// destination address): the key a packet coming back would have.
    waiting: FxHashMap<(u16, u16, IpAddr), usize>,
    buffered: usize,
}

impl SctpTracker {
    /// Feeds the packet of frame number `frame` (its bytes are `data`); returns what its
    /// dissection needs.
    pub fn packet(&mut self, frame: u64, seen: &SctpSeen, data: &[u8]) -> SctpFrame {
        if seen.init {
            return SctpFrame {
                fates: seen.data.iter().map(whole_or_fragment).collect(),
                ..SctpFrame::default()
            };
        }
        let half = self.half(seen);
        let fates = seen
            .data
            .iter()
            .map(|chunk| self.chunk(half, frame, chunk, data))
            .collect();
        let own = self.halves.get(half);
        let peer = own.and_then(|h| h.peer).and_then(|p| self.halves.get(p));
        SctpFrame {
            own_base: own.and_then(|h| h.base),
            peer_base: peer.and_then(|h| h.base),
            fates,
        }
    }

    /// The direction of `seen`, paired with its reverse when that is waiting.
    fn half(&mut self, seen: &SctpSeen) -> usize {
        let (sport, dport) = seen.ports;
        let key = (sport, dport, seen.vtag);
        if let Some(&h) = self.by_key.get(&key) {
            return h;
        }
        let h = self.halves.len();
        self.halves.push(Half::default());
        self.by_key.insert(key, h);
        match self.waiting.remove(&(sport, dport, seen.addrs.0)) {
            Some(reverse) => {
                if let Some(r) = self.halves.get_mut(reverse) {
                    r.peer = Some(h);
                }
                if let Some(own) = self.halves.get_mut(h) {
                    own.peer = Some(reverse);
                }
            }
            None => {
                self.waiting.insert((dport, sport, seen.addrs.1), h);
            }
        }
        h
    }

    fn chunk(&mut self, half: usize, frame: u64, chunk: &DataSeen, data: &[u8]) -> DataFate {
        let Some(h) = self.halves.get_mut(half) else {
            return whole_or_fragment(chunk);
        };
        h.base.get_or_insert(chunk.tsn);
        match h.sent_in.get(&chunk.tsn) {
            Some(&of) if of != frame => return DataFate::Retransmission { of },
            Some(_) => {}
            None => {
                h.sent_in.insert(chunk.tsn, frame);
            }
        }
        if chunk.first && chunk.last {
            return DataFate::Whole;
        }
        let bytes = data.get(chunk.payload.clone()).unwrap_or(&[]);
        if self.buffered + bytes.len() > MAX_BUFFERED {
            return DataFate::Fragment;
        }
        self.buffered += bytes.len();
        let pieces = h.pieces.entry(chunk.message).or_default();
        pieces.push(Piece {
            tsn: chunk.tsn,
            frame,
            first: chunk.first,
            last: chunk.last,
            bytes: bytes.to_vec(),
        });
        let Some(done) = complete(pieces) else {
            return DataFate::Fragment;
        };
        h.pieces.remove(&chunk.message);
        self.buffered = self.buffered.saturating_sub(done.0.len());
        DataFate::Reassembled {
            message: done.0.into(),
            parts: done.1,
        }
    }
}

fn whole_or_fragment(chunk: &DataSeen) -> DataFate {
    match chunk.first && chunk.last {
        true => DataFate::Whole,
        false => DataFate::Fragment,
    }
}

/// The message and its parts when `pieces` hold a first, a last and every TSN between.
/// A reassembled message and, per part, its TSN and length.
type Reassembly = (Vec<u8>, Vec<(u64, usize)>);

fn complete(pieces: &mut [Piece]) -> Option<Reassembly> {
    pieces.sort_by_key(|p| p.tsn);
    let first = pieces.iter().position(|p| p.first)?;
    let run = pieces.get(first..)?;
    let mut message = Vec::new();
    let mut parts = Vec::new();
    let mut expected = run.first()?.tsn;
    for piece in run {
        if piece.tsn != expected {
            return None;
        }
        message.extend_from_slice(&piece.bytes);
        parts.push((piece.frame, piece.bytes.len()));
        if piece.last {
            return Some((message, parts));
        }
        expected = expected.wrapping_add(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn seen(from_a: bool, vtag: u32, data: Vec<DataSeen>) -> SctpSeen {
        let (a, b) = (
            IpAddr::V4(Ipv4Addr::new(198, 18, 0, 1)),
            IpAddr::V4(Ipv4Addr::new(198, 18, 0, 2)),
        );
        SctpSeen {
            addrs: if from_a { (a, b) } else { (b, a) },
            ports: if from_a { (1, 2) } else { (2, 1) },
            vtag,
            init: false,
            data,
        }
    }

    fn fragment(tsn: u32, first: bool, last: bool, payload: Range<usize>) -> DataSeen {
        DataSeen {
            tsn,
            message: (3, 1, false),
            first,
            last,
            payload,
        }
    }

    #[test]
    fn directions_pair_and_count_from_their_first_tsn() {
        let mut t = SctpTracker::default();
        let one = t.packet(
            1,
            &seen(true, 7, vec![fragment(100, true, true, 0..1)]),
            b"x",
        );
        assert_eq!((one.own_base, one.peer_base), (Some(100), None));
        let two = t.packet(
            2,
            &seen(false, 9, vec![fragment(5, true, true, 0..1)]),
            b"y",
        );
        assert_eq!((two.own_base, two.peer_base), (Some(5), Some(100)));
        let again = t.packet(
            3,
            &seen(true, 7, vec![fragment(100, true, true, 0..1)]),
            b"x",
        );
        assert_eq!(again.fates, vec![DataFate::Retransmission { of: 1 }]);
    }

    #[test]
    fn fragments_are_put_back_in_tsn_order() {
        let mut t = SctpTracker::default();
        let data = b"abcdef";
        let last = t.packet(
            1,
            &seen(true, 7, vec![fragment(12, false, true, 4..6)]),
            data,
        );
        assert_eq!(last.fates, vec![DataFate::Fragment]);
        let first = t.packet(
            2,
            &seen(true, 7, vec![fragment(10, true, false, 0..2)]),
            data,
        );
        assert_eq!(first.fates, vec![DataFate::Fragment]);
        let middle = t.packet(
            3,
            &seen(true, 7, vec![fragment(11, false, false, 2..4)]),
            data,
        );
        let want = DataFate::Reassembled {
            message: Arc::from(&b"abcdef"[..]),
            parts: vec![(2, 2), (3, 2), (1, 2)],
        };
        assert_eq!(middle.fates, vec![want]);
    }
}
