//! A TCP transfer that goes wrong the ways real ones do, for the sequence analysis: a lost
//! segment with duplicate ACKs (SACK) and a fast retransmission, reordering, a window filled
//! to the edge, a zero window with a probe and its ACK, a window update, keep-alives, a
//! spurious and a timed-out retransmission. No window scaling, so windows are exact.

use super::{Conn, Generator, Seg, ack, tcp_segment};

/// The receiver's window: four full segments.
const WINDOW: u16 = 4 * MSS as u16;
const MSS: usize = 1448;

/// One segment with an explicit window and an optional SACK block (relative to nothing:
/// raw sequence numbers).
fn frame(
    c: &Conn,
    from_client: bool,
    s: Seg,
    window: u16,
    sack: Option<(u32, u32)>,
    payload: &[u8],
) -> Vec<u8> {
    use etherparse::TcpOptionElement as Opt;
    let options: Vec<Opt> = match (s.syn, sack) {
        (true, _) => vec![
            Opt::MaximumSegmentSize(1460),
            Opt::SelectiveAcknowledgementPermitted,
        ],
        (false, Some(block)) => vec![
            Opt::Noop,
            Opt::Noop,
            Opt::SelectiveAcknowledgement(block, [None, None, None]),
        ],
        (false, None) => Vec::new(),
    };
    tcp_segment(c, from_client, s, window, &options, payload)
}

fn data(seq: u32, peer: u32) -> Seg {
    Seg {
        seq,
        ack: peer,
        syn: false,
        fin: false,
        psh: true,
        has_ack: true,
    }
}

impl Generator {
    /// The server's segment `k` (0-based) of the transfer starting at `base`.
    fn trouble_segment(&mut self, c: &Conn, base: u32, k: u32, peer: u32, gap_us: u64) {
        let body = vec![b'x'; MSS];
        let seq = base.wrapping_add(k * MSS as u32);
        self.emit(
            frame(c, false, data(seq, peer), 64_240, None, &body),
            gap_us,
        );
    }

    /// The client's ACK of `upto` with `window` and an optional SACK block.
    fn trouble_ack(
        &mut self,
        c: &Conn,
        cseq: u32,
        upto: u32,
        window: u16,
        sack: Option<(u32, u32)>,
        gap_us: u64,
    ) {
        self.emit(frame(c, true, ack(cseq, upto), window, sack, &[]), gap_us);
    }

    /// The whole troubled transfer, as one conversation.
    pub(super) fn troubled_transfer(&mut self) {
        let port = 12_000 + self.rng.below(10) as u16;
        let c = self.conn(port);
        let (cseq, sseq) = (self.rng.next() as u32, self.rng.next() as u32);
        let syn = Seg {
            seq: cseq,
            ack: 0,
            syn: true,
            fin: false,
            psh: false,
            has_ack: false,
        };
        self.emit(frame(&c, true, syn, 64_240, None, &[]), 20_000);
        let synack = Seg {
            seq: sseq,
            ack: cseq + 1,
            has_ack: true,
            ..syn
        };
        self.emit(frame(&c, false, synack, 64_240, None, &[]), 30_000);
        let (cseq, base) = (cseq + 1, sseq + 1);
        self.trouble_ack(&c, cseq, base, WINDOW, None, 500);
        let at = |k: u32| base.wrapping_add(k * MSS as u32);
        // Segments 0 and 1 arrive; 2 is lost; 3 arrives and is SACKed three times.
        self.trouble_segment(&c, base, 0, cseq, 1_000);
        self.trouble_segment(&c, base, 1, cseq, 300);
        self.trouble_ack(&c, cseq, at(2), WINDOW, None, 300);
        self.trouble_segment(&c, base, 3, cseq, 300);
        for _ in 0..3 {
            self.trouble_ack(&c, cseq, at(2), WINDOW, Some((at(3), at(4))), 200);
        }
        self.trouble_segment(&c, base, 2, cseq, 2_000);
        self.trouble_ack(&c, cseq, at(4), WINDOW, None, 300);
        // Segment 5 overtakes 4.
        self.trouble_segment(&c, base, 5, cseq, 300);
        self.trouble_segment(&c, base, 4, cseq, 100);
        self.trouble_ack(&c, cseq, at(6), WINDOW, None, 300);
        // Four segments fill the window exactly; the receiver then closes it.
        for k in 6..10 {
            self.trouble_segment(&c, base, k, cseq, 100);
        }
        self.trouble_ack(&c, cseq, at(10), 0, None, 300);
        // A one-byte probe, its ACK (window still 0), then the window opens again.
        let probe = data(at(10), cseq);
        self.emit(frame(&c, false, probe, 64_240, None, b"x"), 200_000);
        self.trouble_ack(&c, cseq, at(10), 0, None, 300);
        self.trouble_ack(&c, cseq, at(10), WINDOW, None, 50_000);
        // Segment 10 is sent, resent much later without an ACK, then ACKed.
        self.trouble_segment(&c, base, 10, cseq, 300);
        self.trouble_segment(&c, base, 10, cseq, 300_000);
        self.trouble_ack(&c, cseq, at(11), WINDOW, None, 300);
        // Segment 9, long acknowledged, comes again.
        self.trouble_segment(&c, base, 9, cseq, 5_000);
        self.trouble_ack(&c, cseq, at(11), WINDOW, Some((at(9), at(10))), 300);
        // An idle connection: a keep-alive and its ACK.
        let keepalive = ack(cseq.wrapping_sub(1), at(11));
        self.emit(frame(&c, true, keepalive, WINDOW, None, &[]), 900_000);
        let reply = ack(at(11), cseq);
        self.emit(frame(&c, false, reply, 64_240, None, &[]), 300);
        self.close(&c, cseq, at(11));
    }
}
