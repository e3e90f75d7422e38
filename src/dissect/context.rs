//! What the dissectors get from the store (frame metadata, stream numbers, reassembled data)
//! and what they hand back to it (the transport facts of a frame).

use std::net::IpAddr;
use std::ops::Range;
use std::sync::Arc;

use super::link::LinkType;

/// Metadata of one captured frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameInfo {
    /// 1-based frame number.
    pub number: u64,
    /// Capture time, ns since the Unix epoch.
    pub ts_ns: i64,
    /// The frame has a time stamp (a pcapng Simple Packet Block has none: then the time
    /// fields are left out, as tshark does).
    pub timestamped: bool,
    /// Time since the first time-stamped frame, ns.
    pub rel_ns: i64,
    /// Time since the previous time-stamped frame, ns.
    pub delta_ns: i64,
    /// Length on the wire, bytes.
    pub orig_len: u32,
    /// Link-layer type.
    pub link: LinkType,
    /// Capture interface index.
    pub interface: u32,
}

impl FrameInfo {
    /// A frame outside any capture (built, imported or received): number `number`, no time
    /// stamp, captured whole.
    pub fn standalone(number: u64, link: LinkType, len: usize) -> FrameInfo {
        FrameInfo {
            number,
            ts_ns: 0,
            timestamped: false,
            rel_ns: 0,
            delta_ns: 0,
            orig_len: u32::try_from(len).unwrap_or(u32::MAX),
            link,
            interface: 0,
        }
    }
}

/// Relative sequence numbering and stream index for one TCP segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TcpContext {
    /// `tcp.stream`.
    pub stream: u32,
    /// Raw seq that shows as relative 0 in this direction.
    pub seq_base: u32,
    /// Raw seq that shows as relative 0 in the other direction (for `tcp.ack`).
    pub ack_base: u32,
    /// Window scale shift of this direction, when both SYNs were seen (0 = not used).
    pub window_shift: Option<u8>,
}

/// How this frame's TCP payload takes part in PDU reassembly.
#[derive(Debug, Clone, Default)]
pub enum PduRole {
    /// Dissect the payload as it is.
    #[default]
    Standalone,
    /// The payload is part of a PDU completed in a later frame.
    SegmentOf {
        /// Frame number that completes it (0 when it never completes).
        reassembled_in: u64,
        /// The PDU starts in this frame.
        starts_pdu: bool,
        /// Whole PDUs before it in this frame (dissected here), often empty.
        leading: std::ops::Range<usize>,
        /// The first line of the HTTP message so far, when HTTP reads it again here.
        head_line: Option<Arc<str>>,
    },
    /// This frame completes PDUs: dissect these bytes instead of (the tail of) the payload.
    Completes {
        /// Reassembled bytes (all segments, in stream order).
        data: Arc<[u8]>,
        /// Frame numbers whose bytes went in, in order.
        frames: Arc<[u64]>,
        /// Bytes of this frame's payload after the reassembled PDU(s) (dissected separately).
        rest: Range<usize>,
    },
    /// Retransmitted or already-delivered bytes: not dissected again.
    Retransmission,
}

/// Reassembled IP datagram for the fragment that completes it.
#[derive(Debug, Clone)]
pub struct IpReassembly {
    /// The full IP payload.
    pub payload: Arc<[u8]>,
    /// Frames that carried fragments.
    pub frames: Arc<[u64]>,
}

/// What the store knows about a frame beyond its bytes.
#[derive(Debug, Clone, Default)]
pub struct FrameContext {
    /// TCP stream data for the outermost TCP header.
    pub tcp: Option<TcpContext>,
    /// UDP stream index for the outermost UDP header.
    pub udp_stream: Option<u32>,
    /// TCP reassembly role of the outermost TCP payload.
    pub pdu: PduRole,
    /// IP reassembly: set on the final fragment.
    pub ip_reassembled: Option<IpReassembly>,
    /// For a non-final fragment: the frame that completes the datagram.
    pub ip_reassembled_in: Option<u64>,
    /// Stream index of the conversation an ICMP error quotes (its inner TCP/UDP header).
    pub quoted_stream: Option<u32>,
    /// The TCP connection negotiated TLS 1.3 in an earlier frame.
    pub tls13: bool,
    /// For an echo reply: the frame number of its request.
    pub echo_request_in: Option<u64>,
    /// How the frame's (first) DNS message matches the others of its conversation.
    pub dns: Option<DnsMatch>,
    /// TCP sequence analysis of the outermost TCP header.
    pub tcp_analysis: Option<TcpAnalysis>,
    /// The SSH conversation as the earlier frames left it.
    pub ssh: Option<SshContext>,
    /// The QUIC connection this datagram belongs to, with its Initial packets opened.
    pub quic: Option<Arc<super::quic::connection::QuicDatagram>>,
    /// The RTP or RTCP session an SDP (or Decode As) put this datagram's endpoint in.
    pub rtp: Option<super::rtp::session::RtpFrame>,
    /// What the SCTP association's earlier frames tell this packet (relative TSNs,
    /// retransmissions, reassembled messages).
    pub sctp: Option<Arc<super::sctp::SctpFrame>>,
    /// A control frame's working directory, or what a data connection's announcement tells.
    pub ftp: Option<super::ftp::conversation::FtpFrame>,
    /// The addresses an ARP packet claims that other MACs used before.
    pub arp: Option<Arc<super::arp::duplicates::ArpFrame>>,
}

/// How an SSH key exchange method names its messages 30-34.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SshKex {
    /// Not negotiated (yet).
    #[default]
    Unknown,
    /// `diffie-hellman-group*` and the methods Wireshark does not know.
    Dh,
    /// `diffie-hellman-group-exchange-*`.
    DhGex,
    /// `ecdh-sha2-*`, `curve25519-*`, `curve448-*`.
    Ecdh,
}

/// An SSH conversation's state before a frame, for one direction (from the first pass, as
/// Wireshark keeps it per conversation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SshContext {
    /// A version banner was seen in an earlier frame (Protocol column `SSHv2`).
    pub version_known: bool,
    /// The negotiated key exchange method.
    pub kex: SshKex,
    /// This direction sent NEWKEYS in an earlier frame: its packets are encrypted.
    pub encrypted: bool,
    /// Wireshark tries to decrypt this conversation (every key exchange method but group
    /// exchange): without keys it shows no "Encrypted packet" text.
    pub silent: bool,
}

/// What one SSH segment tells its conversation (read while indexing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SshSeen {
    /// The segment went from the server (port 22) to the client.
    pub from_server: bool,
    /// It carried a version banner.
    pub banner: bool,
    /// Its KEXINIT's key exchange methods and ciphers (client to server, server to client).
    pub kexinit: Option<Box<[String; 3]>>,
    /// It carried NEWKEYS.
    pub newkeys: bool,
}

/// How a DNS message relates to the earlier ones with its id in its conversation, as
/// Wireshark's DNS transactions tell (frames 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsMatch {
    /// A query repeated before its answer (within 5 s) of the query in `original`.
    QueryRetransmission { original: u64 },
    /// The answer to the query in `request`, `rtt_ns` later.
    Answer { request: u64, rtt_ns: i64 },
    /// An answer again, after the one in `original`.
    ResponseRetransmission { original: u64 },
    /// An answer to no query seen.
    Unsolicited,
}

/// The outer IP header's fragment facts, for the store's defragmenter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentInfo {
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// Identification (16 bits for IPv4, 32 for IPv6).
    pub id: u32,
    /// Upper-layer protocol.
    pub proto: u8,
    /// Offset of this fragment's data in the datagram payload, bytes.
    pub offset: usize,
    /// More fragments follow.
    pub more: bool,
    /// The fragment's data in the frame.
    pub payload: Range<usize>,
}

/// Transport layer protocol of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TransportKind {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
}

impl Transport {
    /// A header's facts with no sequence numbers, flags or payload yet.
    pub fn new(
        kind: TransportKind,
        src: IpAddr,
        dst: IpAddr,
        src_port: u16,
        dst_port: u16,
    ) -> Self {
        Transport {
            kind,
            src,
            dst,
            src_port,
            dst_port,
            seq: 0,
            ack: 0,
            flags: 0,
            payload: 0..0,
            seg_len: 0,
            window: 0,
            sack: Sack::default(),
            fragment: false,
            wscale: None,
        }
    }
}

/// Up to four SACK blocks (left, right edges, raw sequence numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sack {
    /// The blocks; only the first `count` are used.
    pub blocks: [(u32, u32); 4],
    /// How many blocks the option had (at most 4).
    pub count: u8,
}

impl Sack {
    /// Adds a block (a fifth one is ignored, as no option holds more).
    pub fn push(&mut self, left: u32, right: u32) {
        if let Some(b) = self.blocks.get_mut(usize::from(self.count)) {
            *b = (left, right);
            self.count += 1;
        }
    }

    /// The blocks.
    pub fn iter(&self) -> impl Iterator<Item = &(u32, u32)> {
        self.blocks.iter().take(usize::from(self.count))
    }
}

/// The facts of the outermost TCP/UDP header that the store indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transport {
    /// TCP or UDP.
    pub kind: TransportKind,
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Raw TCP sequence number.
    pub seq: u32,
    /// Raw TCP acknowledgement number.
    pub ack: u32,
    /// TCP flags (12 bits).
    pub flags: u16,
    /// Payload bytes in the frame.
    pub payload: Range<usize>,
    /// TCP segment length as the IP layer announces it (may exceed the captured payload).
    pub seg_len: u32,
    /// Raw TCP window field.
    pub window: u16,
    /// SACK blocks of the TCP options (raw edges).
    pub sack: Sack,
    /// Whether the IP layer above is a fragment that is not reassembled here.
    pub fragment: bool,
    /// Window scale shift announced in this SYN (RFC 7323), if any.
    pub wscale: Option<u8>,
}

/// What TCP sequence analysis found for one segment (tshark's `tcp.analysis.*`), resolved to
/// frame numbers and times for the dissector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TcpAnalysis {
    /// [`analysis`] bits.
    pub flags: u16,
    /// Frame number this segment acknowledges (0 = none).
    pub acks_frame: u64,
    /// Time since the acknowledged segment, ns (shown only when not 0).
    pub ack_rtt_ns: i64,
    /// The handshake's round trip time, once the third handshake segment was seen.
    pub initial_rtt_ns: Option<i64>,
    /// Unacknowledged bytes after this segment (0 = not shown).
    pub bytes_in_flight: u32,
    /// Bytes sent since the last PSH flag.
    pub push_bytes_sent: u32,
    /// Which duplicate of the last new ACK this is (0 = none).
    pub dupack_num: u32,
    /// Frame number of the ACK this one duplicates.
    pub dupack_frame: u64,
    /// For a retransmission: time since the original, ns, and its frame number.
    pub rto: Option<(i64, u64)>,
    /// Time since the first segment of the stream, ns.
    pub time_relative_ns: i64,
    /// Time since the previous segment of the stream, ns.
    pub time_delta_ns: i64,
    /// The analysis ran and created per-segment data (tshark's `tcp.analysis` tree).
    pub present: bool,
    /// For a FIN: whether it starts closing the connection (else it answers a FIN).
    pub fin_initiates: Option<bool>,
}

/// The bits of [`TcpAnalysis::flags`].
pub mod analysis {
    /// Retransmitted data.
    pub const RETRANSMISSION: u16 = 1 << 0;
    /// Retransmission after duplicate ACKs.
    pub const FAST_RETRANSMISSION: u16 = 1 << 1;
    /// Retransmission of data already acknowledged.
    pub const SPURIOUS_RETRANSMISSION: u16 = 1 << 2;
    /// Arrived before data it follows.
    pub const OUT_OF_ORDER: u16 = 1 << 3;
    /// A gap before this segment.
    pub const LOST_PACKET: u16 = 1 << 4;
    /// Acknowledges data that was not captured.
    pub const ACK_LOST_PACKET: u16 = 1 << 5;
    /// Only the window changed.
    pub const WINDOW_UPDATE: u16 = 1 << 6;
    /// Fills the receiver's window.
    pub const WINDOW_FULL: u16 = 1 << 7;
    /// Keep-alive.
    pub const KEEP_ALIVE: u16 = 1 << 8;
    /// Acknowledges a keep-alive.
    pub const KEEP_ALIVE_ACK: u16 = 1 << 9;
    /// Repeats the previous ACK.
    pub const DUPLICATE_ACK: u16 = 1 << 10;
    /// Advertises a zero window.
    pub const ZERO_WINDOW: u16 = 1 << 11;
    /// Probes a zero window.
    pub const ZERO_WINDOW_PROBE: u16 = 1 << 12;
    /// Acknowledges a zero-window probe.
    pub const ZERO_WINDOW_PROBE_ACK: u16 = 1 << 13;
    /// A new connection on the ports of an earlier one.
    pub const REUSED_PORTS: u16 = 1 << 14;
}
