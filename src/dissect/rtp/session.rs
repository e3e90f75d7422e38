//! RTP sessions as Wireshark's SDP sets them up: each media line of an offer or answer opens
//! a conversation on its address and port (RTCP on the next port), from the frame of the
//! request that carried the offer on; a later datagram to or from that endpoint is RTP or
//! RTCP. Kept by the indexer in frame order, handed to the dissector per frame.

use rustc_hash::FxHashMap;
use std::net::IpAddr;
use std::sync::Arc;

use super::super::context::Transport;

/// One media line of a session description, with the address that applies to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaAnnounce {
    /// Where the announcing side receives media (`c=`).
    pub addr: IpAddr,
    /// The RTP port (`m=`).
    pub port: u16,
    /// RTP and RTCP share the port (`a=rtcp-mux`, RFC 5761).
    pub rtcp_mux: bool,
    /// Dynamic payload types named by `a=rtpmap` (payload type, encoding name).
    pub payloads: Vec<(u8, Box<str>)>,
}

/// What one SDP body (and the SIP message around it) tells the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SdpSeen {
    /// The SIP Call-ID, when SIP carried the description.
    pub call_id: Option<Box<str>>,
    /// The CSeq number, which pairs an answer with its request.
    pub cseq: Option<u64>,
    /// The SIP message is a request (an answer in a response is set up from its request's frame).
    pub request: bool,
    /// The RTP media lines.
    pub media: Vec<MediaAnnounce>,
}

/// How a conversation came to be RTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupMethod {
    /// An SDP offer or answer.
    Sdp,
    /// The user's Decode As.
    DecodeAs,
}

impl SetupMethod {
    /// Wireshark's `rtp.setup-method` text.
    pub fn name(self) -> &'static str {
        match self {
            SetupMethod::Sdp => "SDP",
            SetupMethod::DecodeAs => "DECODE AS",
        }
    }
}

/// An RTP session as its SDP described it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtpSession {
    /// Frame (1-based) that set it up.
    pub setup_frame: u64,
    /// How.
    pub method: SetupMethod,
    /// The SIP Call-ID of the call.
    pub call_id: Option<Box<str>>,
    /// Dynamic payload type names.
    pub payloads: Box<[(u8, Box<str>)]>,
    /// RTCP arrives on the RTP port.
    pub rtcp_mux: bool,
}

impl RtpSession {
    /// The encoding name `a=rtpmap` gave payload type `pt`.
    pub fn payload_name(&self, pt: u8) -> Option<&str> {
        self.payloads
            .iter()
            .find(|(p, _)| *p == pt)
            .map(|(_, n)| &**n)
    }
}

/// RTP or RTCP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// Media packets.
    Rtp,
    /// Control packets.
    Rtcp,
}

/// What the dissector of one datagram learns from its session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RtpFrame {
    /// RTP or RTCP.
    pub kind: MediaKind,
    /// The session; `None` for the first datagram of a Decode As conversation.
    pub session: Option<Arc<RtpSession>>,
    /// The 32-bit sequence number Wireshark extends the 16-bit one to, per conversation.
    pub extended_seq: Option<u32>,
}

/// One announced endpoint.
#[derive(Debug)]
struct Endpoint {
    kind: MediaKind,
    session: Arc<RtpSession>,
    last_seq: u32,
}

/// The endpoints announced so far, in frame order.
#[derive(Debug, Default)]
pub struct RtpTracker {
    endpoints: FxHashMap<(IpAddr, u16), Endpoint>,
    /// Frame (1-based) of each SIP request, by Call-ID and CSeq number.
    requests: FxHashMap<(Box<str>, u64), u64>,
    /// Decode As conversations by flow: their setup and sequence state.
    decoded: FxHashMap<u32, Endpoint>,
}

/// The extended sequence number before a conversation's first packet.
const FIRST_EXTENDED: u32 = 0x10000;

impl RtpTracker {
    /// Notes a SIP message's SDP in frame `frame` (1-based): its media endpoints become RTP
    /// and RTCP from now on.
    pub fn announce(&mut self, frame: u64, seen: &SdpSeen) {
        let key = seen.call_id.clone().zip(seen.cseq);
        let setup_frame = match (&key, seen.request) {
            (Some(k), true) => *self.requests.entry(k.clone()).or_insert(frame),
            (Some(k), false) => self.requests.get(k).copied().unwrap_or(frame),
            (None, _) => frame,
        };
        for m in &seen.media {
            let session = Arc::new(RtpSession {
                setup_frame,
                method: SetupMethod::Sdp,
                call_id: seen.call_id.clone(),
                payloads: m.payloads.clone().into(),
                rtcp_mux: m.rtcp_mux,
            });
            self.open((m.addr, m.port), MediaKind::Rtp, &session);
            if !m.rtcp_mux {
                self.open((m.addr, m.port.wrapping_add(1)), MediaKind::Rtcp, &session);
            }
        }
    }

    /// Notes a SIP request that carried no SDP (a later answer is set up from its frame).
    pub fn request(&mut self, frame: u64, call_id: &str, cseq: u64) {
        self.requests.entry((call_id.into(), cseq)).or_insert(frame);
    }

    /// A re-announced endpoint with the same setup frame keeps its conversation (and its
    /// sequence state), as Wireshark's `rtp_add_address` does.
    fn open(&mut self, key: (IpAddr, u16), kind: MediaKind, session: &Arc<RtpSession>) {
        if let Some(e) = self.endpoints.get(&key)
            && e.session.setup_frame == session.setup_frame
            && e.kind == kind
        {
            return;
        }
        self.endpoints.insert(
            key,
            Endpoint {
                kind,
                session: session.clone(),
                last_seq: FIRST_EXTENDED,
            },
        );
    }

    /// The session of a UDP datagram: its destination endpoint's, else its source's
    /// (Wireshark's wildcard conversation lookup order).
    pub fn datagram(&mut self, t: &Transport, payload: &[u8]) -> Option<RtpFrame> {
        let key = [(t.dst, t.dst_port), (t.src, t.src_port)]
            .into_iter()
            .find(|k| self.endpoints.contains_key(k))?;
        let e = self.endpoints.get_mut(&key)?;
        let kind = match e.kind {
            MediaKind::Rtp if e.session.rtcp_mux && super::looks_like_rtcp(payload) => {
                MediaKind::Rtcp
            }
            k => k,
        };
        Some(frame_of(e, kind, payload))
    }

    /// A datagram of `flow` that Decode As made RTP: the flow's first one sets the
    /// conversation up (and shows no setup), the later ones name it.
    pub fn decoded(&mut self, frame: u64, flow: u32, payload: &[u8]) -> RtpFrame {
        let e = self.decoded.entry(flow).or_insert_with(|| Endpoint {
            kind: MediaKind::Rtp,
            session: Arc::new(RtpSession {
                setup_frame: frame,
                method: SetupMethod::DecodeAs,
                call_id: None,
                payloads: Box::new([]),
                rtcp_mux: false,
            }),
            last_seq: FIRST_EXTENDED,
        });
        let mut f = frame_of(e, MediaKind::Rtp, payload);
        if e.session.setup_frame == frame {
            f.session = None;
        }
        f
    }

    /// True when nothing was announced (the indexer skips the lookups).
    pub fn is_empty(&self) -> bool {
        self.endpoints.is_empty()
    }
}

fn frame_of(e: &mut Endpoint, kind: MediaKind, payload: &[u8]) -> RtpFrame {
    let extended_seq = match (kind, super::header_seq(payload)) {
        (MediaKind::Rtp, Some(seq)) => {
            e.last_seq = extend(e.last_seq, seq);
            Some(e.last_seq)
        }
        _ => None,
    };
    RtpFrame {
        kind,
        session: Some(e.session.clone()),
        extended_seq,
    }
}

/// Wireshark's `calculate_extended_seqno`: the 16-bit number placed in the cycle of the
/// previous one, stepping a cycle on a wrap either way.
fn extend(previous: u32, raw: u16) -> u32 {
    let seq = (previous & 0xffff_0000) | u32::from(raw);
    if seq.wrapping_add(0x8000) < previous {
        seq.wrapping_add(0x10000)
    } else if previous.wrapping_add(0x8000) < seq {
        seq.wrapping_sub(0x10000)
    } else {
        seq
    }
}

#[cfg(test)]
mod tests {
    use super::extend;

    #[test]
    fn extended_sequence_numbers_step_cycles_on_wraps() {
        assert_eq!(extend(0x10000, 1000), 0x10000 + 1000);
        assert_eq!(extend(0x1ffff, 0), 0x20000);
        assert_eq!(extend(0x20001, 0xffff), 0x1ffff);
        assert_eq!(extend(0x10005, 3), 0x10003);
    }
}
