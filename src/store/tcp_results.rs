//! What the TCP sequence analysis found, kept with the session: compact per-segment results
//! (read when a packet is shown) and the rarer facts beside them.

use rustc_hash::FxHashMap as HashMap;

/// What the analysis found for one segment (frames 1-based, 0 = none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Found {
    /// `analysis` bits.
    pub flags: u16,
    /// Frame acknowledged by this segment.
    pub acks_frame: u32,
    /// Previous segment of the stream (for `tcp.time_delta`).
    pub prev_frame: u32,
    /// Bytes in flight (0 = not shown).
    pub bytes_in_flight: u32,
    /// Bytes since the last PSH.
    pub push_bytes_sent: u32,
    /// Per-segment analysis data exists (tshark's `tcp.analysis` tree).
    pub present: bool,
    /// For a FIN: 1 when it starts closing the connection, 2 when it answers the other side's.
    pub fin: u8,
}

/// Rarer per-segment facts, kept apart to keep [`Found`] small.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extra {
    /// Duplicate ACK number and the frame of the ACK it repeats.
    pub dupack: (u32, u32),
    /// Frame a retransmission resends (its RTO counts from there).
    pub rto_frame: u32,
}

/// What the analysis found, kept with the session.
#[derive(Debug, Default, Clone)]
pub struct TcpResults {
    /// Results by 0-based frame index, in frame order.
    pub(super) found: Vec<(u32, Found)>,
    /// Rare results by 0-based frame index.
    pub(super) extra: HashMap<u32, Extra>,
    /// Handshake RTT of each flow and the first frame (0-based) that shows it.
    pub(super) initial_rtt: HashMap<u32, (u32, i64)>,
}

impl TcpResults {
    /// The flags of the last analyzed segment (0 when there is none).
    pub fn last_flags(&self) -> u16 {
        self.found.last().map_or(0, |(_, f)| f.flags)
    }

    /// The result for a 0-based frame index.
    pub fn get(&self, frame: u32) -> Option<&Found> {
        let at = self.found.binary_search_by_key(&frame, |(f, _)| *f).ok()?;
        self.found.get(at).map(|(_, f)| f)
    }

    /// The rarer facts of a 0-based frame index.
    pub fn extra(&self, frame: u32) -> Extra {
        self.extra.get(&frame).copied().unwrap_or_default()
    }

    /// The handshake RTT of `flow` as frame `frame` (0-based) shows it.
    pub fn initial_rtt(&self, flow: u32, frame: u32) -> Option<i64> {
        self.initial_rtt
            .get(&flow)
            .filter(|(from, _)| *from <= frame)
            .map(|(_, rtt)| *rtt)
    }
}
