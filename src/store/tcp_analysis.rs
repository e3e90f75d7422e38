//! TCP sequence analysis while indexing, as tshark runs it in its one pass: per direction of
//! each stream it follows the next expected sequence number, the last ACK and window and the
//! unacknowledged segments, and flags retransmissions, gaps, duplicate ACKs, window events and
//! keep-alives (Wireshark's `tcp_analyze_sequence_number`, same rules and thresholds).
//! Results are kept compactly per segment; times are taken from the records when shown.

pub use super::tcp_results::{Extra, Found, TcpResults};
use crate::dissect::context::{Sack, analysis as a};

/// SYN, FIN, RST, PSH, ACK bits.
const SYN: u16 = 0x002;
const FIN: u16 = 0x001;
const RST: u16 = 0x004;
const PSH: u16 = 0x008;
const ACK: u16 = 0x010;

/// Unacknowledged segments kept per direction (tshark's TCP_MAX_UNACKED_SEGMENTS).
const MAX_UNACKED: usize = 10_000;
/// A retransmission this soon after the duplicate ACKs is a fast retransmission.
const FAST_RETRANSMIT_NS: u64 = 20_000_000;
/// Without a handshake RTT, an older segment this soon after the newest is out of order.
const DEFAULT_OOO_NS: u64 = 3_000_000;

/// One TCP segment as the analyzer sees it.
#[derive(Debug, Clone, Copy)]
pub struct SegmentIn {
    /// 0-based frame index.
    pub frame: u32,
    /// Flow id and direction.
    pub flow: u32,
    /// True when it goes B→A.
    pub reverse: bool,
    /// The flow table opened a new stream on ports of an earlier one (a reused SYN).
    pub reused: bool,
    /// Capture time, ns.
    pub ts_ns: i64,
    /// Raw sequence and acknowledgement numbers.
    pub seq: u32,
    /// Raw acknowledgement number.
    pub ack: u32,
    /// Segment length (the IP layer's, not the captured bytes); `None` for a fragment that
    /// was not reassembled (then only the stream's timestamps are kept).
    pub seg_len: Option<u32>,
    /// TCP flags.
    pub flags: u16,
    /// Raw window field.
    pub window: u16,
    /// Window scale option of a SYN.
    pub wscale: Option<u8>,
    /// SACK blocks of its options.
    pub sack: Sack,
}

/// How a direction scales its window (RFC 7323), as Wireshark tracks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Scale {
    #[default]
    Unknown,
    Unused,
    Shift(u8),
}

#[derive(Debug, Clone, Copy)]
struct Unacked {
    frame: u32,
    seq: u32,
    next: u32,
}

/// One direction's state (zero means "not seen yet", as in Wireshark).
#[derive(Debug, Default)]
struct Side {
    base_set: bool,
    base_seq: u32,
    next_seq: u32,
    next_seq_frame: u32,
    next_seq_ns: i64,
    max_to_be_acked: u32,
    last_ack: u32,
    last_ack_ns: i64,
    window: u16,
    window_from_syn: bool,
    scale: Scale,
    dupacks: u32,
    last_non_dup_ack: u32,
    last_flags: u16,
    segments: Vec<Unacked>,
    bif_valid: bool,
    push_bytes: u32,
    push_set_last: bool,
    closing_initiator: bool,
    /// The SACK blocks of this side's last segment.
    sack: Sack,
}

impl Side {
    /// Bytes in flight are tracked from the start (until a gap).
    fn new() -> Side {
        Side {
            bif_valid: true,
            ..Side::default()
        }
    }
}

#[derive(Debug)]
struct Conversation {
    sides: [Side; 2],
    last_syn_ns: Option<i64>,
    first_rtt_ns: Option<i64>,
    last_frame: u32,
}

/// The analyzer: per-conversation state and the results so far.
#[derive(Debug)]
pub struct TcpAnalyzer {
    /// By flow id (flow ids are dense); `None` for flows without TCP yet.
    conversations: Vec<Option<Box<Conversation>>>,
    /// What was found.
    pub results: TcpResults,
    /// The `tcp.analyze_sequence_numbers` preference when indexing started.
    enabled: bool,
}

impl Default for TcpAnalyzer {
    fn default() -> Self {
        TcpAnalyzer {
            conversations: Vec::new(),
            results: TcpResults::default(),
            enabled: crate::dissect::tcp_analysis::enabled(),
        }
    }
}

fn gt(a: u32, b: u32) -> bool {
    (b.wrapping_sub(a) as i32) < 0
}
fn lt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}
fn le(a: u32, b: u32) -> bool {
    !gt(a, b)
}
/// Nanoseconds from `then` to `now` as Wireshark's unsigned arithmetic has it.
fn since(now: i64, then: i64) -> u64 {
    now.wrapping_sub(then) as u64
}

/// The state for one segment: this direction, the other one, and the conversation.
struct Step<'c> {
    s: SegmentIn,
    seg_len: u32,
    fwd: &'c mut Side,
    rev: &'c mut Side,
    flags: u16,
    present: bool,
    extra: Extra,
}

impl TcpAnalyzer {
    /// Analyzes one segment, in capture order.
    pub fn push(&mut self, s: SegmentIn) {
        if !self.enabled {
            return;
        }
        let Some(conv) = self.conversation(s.flow) else {
            return;
        };
        let prev_frame = conv.last_frame;
        conv.last_frame = s.frame + 1;
        let Some(seg_len) = s.seg_len else {
            let found = Found {
                prev_frame,
                ..Found::default()
            };
            self.results.found.push((s.frame, found));
            return;
        };
        let first_rtt = conv.first_rtt_ns;
        let [a_side, b_side] = &mut conv.sides;
        let (fwd, rev) = if s.reverse {
            (b_side, a_side)
        } else {
            (a_side, b_side)
        };
        let mut step = Step {
            s,
            seg_len,
            fwd,
            rev,
            flags: 0,
            present: false,
            extra: Extra::default(),
        };
        step.reused_ports();
        step.sequence(first_rtt);
        let acks_frame = step.acknowledge();
        let (bytes_in_flight, push_bytes_sent) = step.in_flight();
        step.window_scale();
        let fin = step.closing();
        let (flags, mut present, extra) = (step.flags, step.present, step.extra);
        present |= acks_frame != 0 || flags != 0 || push_bytes_sent != 0;
        self.handshake_rtt(s);
        if extra != Extra::default() {
            self.results.extra.insert(s.frame, extra);
        }
        self.results.found.push((
            s.frame,
            Found {
                flags,
                acks_frame,
                prev_frame,
                bytes_in_flight,
                push_bytes_sent,
                present,
                fin,
            },
        ));
    }

    /// The state of `flow`, created on its first segment.
    fn conversation(&mut self, flow: u32) -> Option<&mut Conversation> {
        let at = usize::try_from(flow).ok()?;
        if at >= self.conversations.len() {
            self.conversations.resize_with(at + 1, || None);
        }
        let slot = self.conversations.get_mut(at)?;
        Some(slot.get_or_insert_with(|| {
            Box::new(Conversation {
                sides: [Side::new(), Side::new()],
                last_syn_ns: None,
                first_rtt_ns: None,
                last_frame: 0,
            })
        }))
    }

    /// The last SYN's time, and the pure ACK after it gives the handshake RTT.
    fn handshake_rtt(&mut self, s: SegmentIn) {
        let Some(conv) = self.conversation(s.flow) else {
            return;
        };
        if s.flags & (SYN | ACK) == SYN {
            conv.last_syn_ns = Some(s.ts_ns);
        }
        if s.flags & (SYN | ACK) == ACK
            && conv.first_rtt_ns.is_none()
            && let Some(syn) = conv.last_syn_ns
            && s.ts_ns != syn
        {
            conv.first_rtt_ns = Some(s.ts_ns - syn);
            self.results
                .initial_rtt
                .insert(s.flow, (s.frame, s.ts_ns - syn));
        }
    }
}

impl Step<'_> {
    fn flag(&mut self, bit: u16) {
        self.flags |= bit;
        self.present = true;
    }

    /// A FIN starts the closing unless the other side already did.
    fn closing(&mut self) -> u8 {
        if self.s.flags & FIN == 0 {
            return 0;
        }
        if self.rev.closing_initiator {
            2
        } else {
            self.fwd.closing_initiator = true;
            1
        }
    }

    /// A SYN/ACK whose sequence number differs from the one this side started with.
    fn reused_ports(&mut self) {
        let s = self.s;
        let syn_ack = s.flags & (SYN | ACK) == SYN | ACK;
        if s.reused && s.flags & (SYN | ACK) == SYN
            || syn_ack && self.fwd.base_set && s.seq != self.fwd.base_seq
        {
            self.flag(a::REUSED_PORTS);
        }
    }

    /// The flags about this segment's own sequence number, window and ACK.
    fn sequence(&mut self, first_rtt: Option<i64>) {
        let s = self.s;
        if !self.fwd.base_set {
            self.fwd.base_seq = if s.flags & SYN != 0 {
                s.seq
            } else {
                s.seq.wrapping_sub(1)
            };
            self.fwd.base_set = true;
        }
        if !self.rev.base_set && s.flags & ACK != 0 {
            self.rev.base_seq = s.ack.wrapping_sub(1);
            self.rev.base_set = true;
        }
        if s.flags & ACK != 0 {
            self.rev.bif_valid = true;
        }
        // A probe or a keep-alive/probe ACK skips the later window checks only.
        self.window_flags();
        self.acked_unseen();
        self.retransmission(first_rtt);
        self.remember(s);
    }

    /// Zero window probe, zero window, gap, keep-alive, window update and full, keep-alive
    /// and zero-window-probe ACKs, duplicate ACK (a probe or a keep-alive/probe ACK ends the
    /// list early, as tshark's `goto finished_fwd` does).
    fn window_flags(&mut self) {
        let s = self.s;
        let no_syn_fin_rst = s.flags & (SYN | FIN | RST) == 0;
        if self.seg_len == 1 && s.seq == self.fwd.next_seq && self.rev.window == 0 {
            self.flag(a::ZERO_WINDOW_PROBE);
            self.reset_dupacks();
            return;
        }
        if s.window == 0 && no_syn_fin_rst {
            self.flag(a::ZERO_WINDOW);
        }
        if self.fwd.next_seq != 0 && gt(s.seq, self.fwd.next_seq) && s.flags & RST == 0 {
            self.flag(a::LOST_PACKET);
            self.fwd.bif_valid = false;
        }
        let next_seq = self.fwd.next_seq;
        if self.seg_len <= 1 && s.seq == next_seq.wrapping_sub(1) && no_syn_fin_rst {
            self.flag(a::KEEP_ALIVE);
        }
        let same_place =
            self.seg_len == 0 && s.seq == next_seq && s.ack == self.fwd.last_ack && no_syn_fin_rst;
        if same_place && s.window != 0 && s.window != self.fwd.window {
            self.flag(a::WINDOW_UPDATE);
        }
        if self.seg_len > 0 && no_syn_fin_rst && self.fills_window() {
            self.flag(a::WINDOW_FULL);
        }
        let repeats = same_place && s.window == self.fwd.window;
        let rev_flags = self.rev.last_flags;
        if repeats && s.window != 0 && rev_flags & a::KEEP_ALIVE != 0 {
            self.flag(a::KEEP_ALIVE_ACK);
            self.reset_dupacks();
            return;
        }
        if repeats && s.window == 0 && rev_flags & a::ZERO_WINDOW_PROBE != 0 {
            self.flag(a::ZERO_WINDOW_PROBE_ACK);
            self.reset_dupacks();
            return;
        }
        if repeats && s.window != 0 {
            self.fwd.dupacks += 1;
            self.flag(a::DUPLICATE_ACK);
            self.extra.dupack = (self.fwd.dupacks, self.fwd.last_non_dup_ack);
        }
        self.reset_dupacks();
    }

    /// The segment ends exactly at the right edge of the window the receiver offered.
    fn fills_window(&self) -> bool {
        let rev = &*self.rev;
        let shift = match rev.scale {
            Scale::Unknown => return false,
            Scale::Shift(n) if !rev.window_from_syn => u32::from(n.min(14)),
            _ => 0,
        };
        let edge = rev.last_ack.wrapping_add(u32::from(rev.window) << shift);
        self.s.seq.wrapping_add(self.seg_len) == edge
    }

    /// A new ACK number starts a new duplicate count.
    fn reset_dupacks(&mut self) {
        if self.s.ack != self.fwd.last_ack {
            self.fwd.last_non_dup_ack = self.s.frame + 1;
            self.fwd.dupacks = 0;
        }
    }

    /// An ACK beyond anything the other side was seen sending (flagged once: the limit moves
    /// to what the other side has sent).
    fn acked_unseen(&mut self) {
        let s = self.s;
        let rev = &mut *self.rev;
        if rev.max_to_be_acked == 0 || !gt(s.ack, rev.max_to_be_acked) || s.flags & ACK == 0 {
            return;
        }
        rev.max_to_be_acked = rev.next_seq;
        self.flag(a::ACK_LOST_PACKET);
    }

    /// Retransmission, fast retransmission, spurious retransmission or out-of-order.
    fn retransmission(&mut self, first_rtt: Option<i64>) {
        let s = self.s;
        if self.seg_len == 0 && s.flags & (SYN | FIN) == 0 || self.flags & a::KEEP_ALIVE != 0 {
            return;
        }
        let (fwd, rev) = (&*self.fwd, &*self.rev);
        let mut not_advanced = fwd.next_seq != 0 && lt(s.seq, fwd.next_seq);
        if self.seg_len > 1 && fwd.next_seq.wrapping_sub(1) == s.seq {
            not_advanced = false;
        }
        if self.seg_len > 0
            && rev.last_ack != 0
            && le(s.seq.wrapping_add(self.seg_len), rev.last_ack)
        {
            self.flag(a::SPURIOUS_RETRANSMISSION);
            return;
        }
        if not_advanced
            && rev.dupacks >= 2
            && rev.last_ack == s.seq
            && since(s.ts_ns, rev.last_ack_ns) < FAST_RETRANSMIT_NS
        {
            self.flag(a::FAST_RETRANSMISSION);
            return;
        }
        let threshold = first_rtt
            .filter(|t| *t != 0)
            .map_or(DEFAULT_OOO_NS, |t| t as u64);
        let syn_fin = u32::from(s.flags & (SYN | FIN) != 0);
        if not_advanced
            && since(s.ts_ns, fwd.next_seq_ns) < threshold
            && fwd.next_seq != s.seq.wrapping_add(self.seg_len).wrapping_add(syn_fin)
        {
            self.flag(a::OUT_OF_ORDER);
            return;
        }
        if not_advanced {
            // The oldest unacknowledged segment is likely the one resent.
            self.extra.rto_frame = fwd
                .segments
                .first()
                .map_or(fwd.next_seq_frame, |u| u.frame + 1);
            self.flag(a::RETRANSMISSION);
        }
    }

    /// Remembers this segment: unacked list, next sequence number, ACK and window.
    fn remember(&mut self, s: SegmentIn) {
        let syn_fin = u32::from(s.flags & (SYN | FIN) != 0);
        let mut next = s.seq.wrapping_add(self.seg_len);
        let probe = self.flags & a::ZERO_WINDOW_PROBE != 0;
        let fwd = &mut *self.fwd;
        if (self.seg_len > 0 || syn_fin > 0) && fwd.segments.len() < MAX_UNACKED {
            next = next.wrapping_add(syn_fin);
            fwd.segments.push(Unacked {
                frame: s.frame,
                seq: s.seq,
                next,
            });
        }
        if (gt(next, fwd.next_seq) || fwd.next_seq == 0) && !probe {
            fwd.next_seq = next;
            fwd.next_seq_frame = s.frame + 1;
            fwd.next_seq_ns = s.ts_ns;
        }
        if (s.seq == fwd.max_to_be_acked || fwd.max_to_be_acked == 0) && !probe {
            fwd.max_to_be_acked = fwd.next_seq;
        }
        fwd.window = s.window;
        fwd.window_from_syn = s.flags & SYN != 0;
        fwd.last_ack = s.ack;
        fwd.last_ack_ns = s.ts_ns;
        fwd.last_flags = self.flags;
    }

    /// Drops the other side's segments this ACK covers; returns the frame (1-based) it
    /// acknowledges exactly, if any.
    fn acknowledge(&mut self) -> u32 {
        let ack = self.s.ack;
        let mut acked = 0;
        self.rev.segments.retain_mut(|u| {
            if ack == u.next {
                // Of several segments ending here, the first sent is the one acknowledged.
                if acked == 0 {
                    acked = u.frame + 1;
                }
                false
            } else if gt(ack, u.seq) && le(ack, u.next) {
                u.seq = ack;
                true
            } else {
                gt(u.next, ack)
            }
        });
        acked
    }

    /// Bytes in flight and bytes since the last PSH, for a segment with data.
    fn in_flight(&mut self) -> (u32, u32) {
        let s = self.s;
        let fwd = &*self.fwd;
        if self.seg_len == 0 || fwd.segments.is_empty() || !fwd.bif_valid {
            return (0, 0);
        }
        let rel = |v: u32| v.wrapping_sub(fwd.base_seq);
        let first = fwd.segments.iter().map(|u| rel(u.seq)).min().unwrap_or(0);
        let last = fwd.segments.iter().map(|u| rel(u.next)).max().unwrap_or(0);
        // Data the receiver reported with SACK has arrived.
        let delivered = self
            .rev
            .sack
            .iter()
            .fold(0u32, |sum, (l, r)| sum.wrapping_add(r.wrapping_sub(*l)));
        let in_flight = last.wrapping_sub(first).wrapping_sub(delivered);
        let mut shown = 0;
        if in_flight > 0 && in_flight < 2_000_000_000 {
            shown = in_flight - u32::from(s.flags & (SYN | FIN) != 0);
        }
        // A segment after a PSH starts counting again.
        let fwd = &mut *self.fwd;
        fwd.push_bytes = if fwd.push_set_last {
            self.seg_len
        } else {
            fwd.push_bytes.wrapping_add(self.seg_len)
        };
        fwd.push_set_last = s.flags & PSH != 0;
        (shown, fwd.push_bytes)
    }

    /// After the options: the SACK blocks, and a SYN's window scale checked against the
    /// other side's.
    fn window_scale(&mut self) {
        let s = self.s;
        self.fwd.sack = s.sack;
        if s.flags & SYN == 0 {
            return;
        }
        if let Some(shift) = s.wscale {
            self.fwd.scale = Scale::Shift(shift);
        }
        if self.fwd.scale == Scale::Unknown {
            self.fwd.scale = Scale::Unused;
            self.rev.scale = Scale::Unused;
        } else if s.flags & ACK != 0 && self.rev.scale == Scale::Unused {
            self.fwd.scale = Scale::Unused;
        }
    }
}
