//! TCP desegmentation during indexing: follows each direction of each TCP flow in sequence
//! order and decides, per frame, whether its payload is dissected alone, is a segment of a PDU
//! completed later, completes one (from parts of earlier frames), or is a retransmission.
//! Plans keep (frame, byte range) parts, not copies, so memory stays bounded.

use crate::dissect::app::{self, App, PduLen};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Largest PDU we wait for; a bigger one is given up (and dissected segment by segment).
const MAX_PDU: usize = 16 * 1024 * 1024;

/// A piece of a reassembled PDU: bytes `range` of frame `frame` (0-based index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// 0-based frame index.
    pub frame: u32,
    /// Byte range inside that frame.
    pub range: Range<u32>,
}

/// What to do with one frame's TCP payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Part of a PDU completed in frame `completed_in` (0-based), or never completed (`None`);
    /// `starts_pdu` when the PDU begins in this frame. `leading` (frame byte range, often
    /// empty) holds whole PDUs before it, dissected here as Wireshark does (a Server Hello
    /// before the start of a Certificate record).
    SegmentOf {
        completed_in: Option<u32>,
        starts_pdu: bool,
        leading: Range<u32>,
        /// A later segment of an HTTP message whose length was still unknown: Wireshark
        /// reads the message so far again, and shows its first line.
        head_line: Option<Arc<str>>,
    },
    /// Completes a PDU made of `parts`; `rest` (frame byte range) follows it in this frame.
    Completes { parts: Vec<Part>, rest: Range<u32> },
    /// All bytes were seen before.
    Retransmission,
}

#[derive(Debug, Default)]
struct Direction {
    next_seq: Option<u32>,
    pending: Vec<u8>,
    parts: Vec<Part>,
    /// Length of the pending PDU once its header told us (saves re-parsing every segment).
    expected: Option<usize>,
}

/// The desegmenter's state and its output plans.
#[derive(Debug, Default)]
pub struct Reassembler {
    directions: HashMap<(u32, bool), Direction>,
    /// Plans by 0-based frame index (frames without a plan are dissected standalone).
    pub plans: HashMap<u32, Plan>,
    /// The bytes of the PDU completed by the last `push`, if it completed one.
    pub last_pdu: Option<std::sync::Arc<[u8]>>,
}

/// One TCP segment as the indexer saw it.
#[derive(Debug)]
pub struct Segment<'a> {
    /// 0-based frame index.
    pub frame: u32,
    /// Flow id and direction.
    pub flow: (u32, bool),
    /// Raw sequence number.
    pub seq: u32,
    /// TCP flags.
    pub flags: u16,
    /// Payload bytes.
    pub payload: &'a [u8],
    /// Where the payload sits in the frame.
    pub payload_range: Range<usize>,
    /// Dissector chosen by port.
    pub app: Option<App>,
    /// Sequence analysis called it a retransmission, spurious retransmission or out-of-order
    /// segment: like Wireshark (tcp.no_subdissector_on_error) its payload goes to no
    /// dissector and is not reassembled.
    pub suppressed: bool,
}

fn seq_before(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

impl Reassembler {
    /// Feeds one segment; returns the plan made for its frame, if any.
    pub fn push(&mut self, s: &Segment) -> Option<&Plan> {
        self.last_pdu = None;
        let dir = self.directions.entry(s.flow).or_default();
        let syn_fin = u32::from(s.flags & 0x003 != 0);
        let len = u32::try_from(s.payload.len()).unwrap_or(u32::MAX);
        let mut payload = s.payload;
        let mut start = s.payload_range.start;
        if s.suppressed && !payload.is_empty() {
            self.plans.insert(s.frame, Plan::Retransmission);
            return self.plans.get(&s.frame);
        }
        if let Some(next) = dir.next_seq {
            let overlap = next.wrapping_sub(s.seq) as usize;
            if seq_before(s.seq.wrapping_add(1), next) && !payload.is_empty() {
                // Old bytes the analysis did not suppress (a fast retransmission filling a
                // gap): dissected on their own, not reassembled.
                return None;
            } else if seq_before(s.seq, next) {
                // A one-byte overlap is not flagged by Wireshark; skip the repeated byte.
                payload = payload.get(overlap..).unwrap_or(&[]);
                start += overlap;
            } else if seq_before(next, s.seq) {
                // A gap: what was pending can never complete.
                Self::abandon(dir);
            }
        }
        if s.flags & 0x005 != 0 && len == 0 {
            // FIN or RST: nothing more will be reassembled; keep only the sequence number
            // (retransmissions may still come).
            dir.pending = Vec::new();
            dir.parts = Vec::new();
            dir.expected = None;
        }
        let end_seq = s.seq.wrapping_add(len).wrapping_add(syn_fin);
        if dir.next_seq.is_none_or(|n| seq_before(n, end_seq)) {
            dir.next_seq = Some(end_seq);
        }
        let app = s.app?;
        if payload.is_empty() {
            return None;
        }
        self.last_pdu = Self::feed(&mut self.plans, dir, s.frame, app, payload, start);
        self.plans.get(&s.frame)
    }

    fn abandon(dir: &mut Direction) {
        dir.pending = Vec::new();
        dir.parts.clear();
        dir.expected = None;
    }

    fn feed(
        plans: &mut HashMap<u32, Plan>,
        dir: &mut Direction,
        frame: u32,
        app: App,
        payload: &[u8],
        start: usize,
    ) -> Option<std::sync::Arc<[u8]>> {
        let range = |a: usize, b: usize| (a as u32)..(b as u32);
        if dir.pending.is_empty() {
            // Consume whole PDUs; a partial one at the end starts pending data.
            let mut at = 0;
            while at < payload.len() {
                let rest = payload.get(at..).unwrap_or(&[]);
                match app::pdu_len(app, rest) {
                    PduLen::Complete(n) if n > 0 && n <= rest.len() => at += n,
                    PduLen::NotPdu => return None,
                    _ => break,
                }
            }
            if at >= payload.len() {
                return None;
            }
            plans.insert(
                frame,
                Plan::SegmentOf {
                    completed_in: None,
                    starts_pdu: true,
                    leading: range(start, start + at),
                    head_line: None,
                },
            );
            dir.pending
                .extend_from_slice(payload.get(at..).unwrap_or(&[]));
            if let PduLen::Complete(n) = app::pdu_len(app, &dir.pending) {
                dir.expected = Some(n);
            }
            dir.parts.push(Part {
                frame,
                range: range(start + at, start + payload.len()),
            });
            return None;
        }
        let before = dir.pending.len();
        let length_unknown = dir.expected.is_none();
        dir.pending.extend_from_slice(payload);
        dir.parts.push(Part {
            frame,
            range: range(start, start + payload.len()),
        });
        let probe = match dir.expected {
            Some(n) if n > dir.pending.len() => PduLen::NeedMore,
            Some(n) => PduLen::Complete(n),
            None => app::pdu_len(app, &dir.pending),
        };
        if let PduLen::Complete(n) = probe
            && n > dir.pending.len()
        {
            dir.expected = Some(n);
        }
        match probe {
            PduLen::Complete(n) if n <= dir.pending.len() => {
                let used_here = n.saturating_sub(before);
                let mut parts = std::mem::take(&mut dir.parts);
                dir.parts.shrink_to_fit();
                if let Some(last) = parts.last_mut() {
                    last.range.end = (start + used_here) as u32;
                }
                for (k, p) in parts.iter().enumerate().filter(|(_, p)| p.frame != frame) {
                    Self::mark_completed(plans, p.frame, k == 0, frame);
                }
                let pdu: std::sync::Arc<[u8]> = dir.pending.get(..n).unwrap_or(&[]).into();
                dir.pending = Vec::new();
                dir.expected = None;
                // Whole PDUs after this one are dissected in this frame too.
                let tail = payload.get(used_here..).unwrap_or(&[]);
                let mut whole = 0;
                while whole < tail.len() {
                    match app::pdu_len(app, tail.get(whole..).unwrap_or(&[])) {
                        PduLen::Complete(m) if m > 0 && whole + m <= tail.len() => whole += m,
                        _ => break,
                    }
                }
                let rest_start = start + used_here;
                plans.insert(
                    frame,
                    Plan::Completes {
                        parts,
                        rest: range(rest_start, rest_start + whole),
                    },
                );
                if whole < tail.len()
                    && app::pdu_len(app, tail.get(whole..).unwrap_or(&[])) != PduLen::NotPdu
                {
                    dir.pending
                        .extend_from_slice(tail.get(whole..).unwrap_or(&[]));
                    dir.parts.push(Part {
                        frame,
                        range: range(rest_start + whole, start + payload.len()),
                    });
                }
                return Some(pdu);
            }
            PduLen::NotPdu => Self::abandon(dir),
            _ if dir.pending.len() > MAX_PDU => Self::abandon(dir),
            _ => {
                let head_line = (length_unknown && app == App::Http)
                    .then(|| crate::dissect::http::head_line_if_complete(&dir.pending))
                    .flatten()
                    .map(Arc::from);
                plans.insert(
                    frame,
                    Plan::SegmentOf {
                        completed_in: None,
                        starts_pdu: false,
                        leading: 0..0,
                        head_line,
                    },
                );
            }
        }
        None
    }

    /// Records in an earlier part's plan that its PDU completed in `completed_in`. A frame that
    /// itself completed a PDU before this one began keeps that plan; whole PDUs leading the
    /// frame stay dissected there.
    fn mark_completed(plans: &mut HashMap<u32, Plan>, frame: u32, first: bool, completed_in: u32) {
        let (starts_pdu, leading, head_line) = match plans.get(&frame) {
            Some(Plan::Completes { .. }) => return,
            Some(Plan::SegmentOf {
                starts_pdu,
                leading,
                head_line,
                ..
            }) => (first && *starts_pdu, leading.clone(), head_line.clone()),
            _ => (false, 0..0, None),
        };
        plans.insert(
            frame,
            Plan::SegmentOf {
                completed_in: Some(completed_in),
                starts_pdu,
                leading,
                head_line,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TLS record of `len` body bytes.
    fn record(len: usize) -> Vec<u8> {
        let mut r = vec![0x16, 0x03, 0x03, (len >> 8) as u8, len as u8];
        r.resize(5 + len, 0xab);
        r
    }

    fn push(r: &mut Reassembler, frame: u32, seq: u32, payload: &[u8]) -> Option<Plan> {
        let segment = Segment {
            frame,
            flow: (0, false),
            seq,
            flags: 0x018,
            payload,
            payload_range: 54..54 + payload.len(),
            app: Some(App::Tls),
            suppressed: false,
        };
        r.push(&segment).cloned()
    }

    #[test]
    fn whole_records_before_a_split_one_stay_in_their_frame() {
        // Frame 0: a 98-byte record, then the first 100 bytes of a 305-byte one.
        // Frame 1: the rest of it, then a whole 9-byte record, then 7 bytes of another.
        // Frame 2: the rest of that one.
        let (a, b, c, d) = (record(93), record(300), record(4), record(20));
        let frame0 = [&a[..], &b[..100]].concat();
        let frame1 = [&b[100..], &c[..], &d[..7]].concat();
        let frame2 = d[7..].to_vec();
        let mut r = Reassembler::default();
        let p0 = push(&mut r, 0, 1, &frame0);
        assert_eq!(
            p0,
            Some(Plan::SegmentOf {
                completed_in: None,
                starts_pdu: true,
                leading: 54..152,
                head_line: None,
            })
        );
        let seq1 = 1 + frame0.len() as u32;
        let Some(Plan::Completes { parts, rest }) = push(&mut r, 1, seq1, &frame1) else {
            panic!("frame 1 completes the split record");
        };
        assert_eq!(parts.len(), 2);
        assert_eq!(rest, 54 + 205..54 + 205 + 9);
        assert_eq!(r.last_pdu.as_deref(), Some(&b[..]));
        // Frame 0 now knows where its record completed; its leading record stays.
        assert_eq!(
            r.plans.get(&0),
            Some(&Plan::SegmentOf {
                completed_in: Some(1),
                starts_pdu: true,
                leading: 54..152,
                head_line: None,
            })
        );
        let seq2 = seq1 + frame1.len() as u32;
        assert!(matches!(
            push(&mut r, 2, seq2, &frame2),
            Some(Plan::Completes { .. })
        ));
        // Frame 1 completed a record itself: it keeps that plan.
        assert!(matches!(r.plans.get(&1), Some(Plan::Completes { .. })));
        assert_eq!(r.last_pdu.as_deref(), Some(&d[..]));
    }
}
