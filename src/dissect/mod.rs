//! Protocol dissection: bytes in, a [`Tree`] of typed fields with byte ranges out.
//! Imports neither egui nor pcap; nothing here panics on any input.

pub mod app;
pub mod arp;
mod browser;
pub mod checksum;
pub mod context;
pub mod custom;
pub mod data;
pub mod dhcp;
pub mod dhcpv6;
pub mod dns;
mod dns_name;
mod dns_record;
mod eap;
pub mod eapol;
mod erspan;
pub mod ethernet;
pub mod ethertype;
pub mod field;
pub mod format;
pub mod frame;
pub mod ftp;
pub mod hsrp;
pub mod http;
pub mod http_body;
pub mod icmp;
pub mod icmpv6;
pub mod ieee80211;
pub mod igmp;
pub mod imap;
pub mod imf;
pub mod ipnet;
pub mod ipproto;
pub mod ipv4;
pub mod ipv6;
pub mod link;
mod mailslot;
pub mod mpls;
pub mod names;
pub mod nbdgm;
pub mod nbns;
mod netbios_name;
pub mod ntp;
pub mod null;
pub mod pop;
pub mod ppp;
pub mod pppoe;
pub mod quic;
pub mod radiotap;
pub mod reader;
pub mod rtcp;
pub mod rtp;
pub mod sctp;
pub mod sdp;
pub mod sip;
pub mod sll;
mod smb;
pub mod smtp;
pub mod ssh;
pub mod stp;
pub mod tcp;
pub mod tcp_analysis;
pub mod tcp_options;
pub mod textline;
pub mod tls;
pub mod tree;
mod tree_bits;
pub mod udp;
pub mod urlencoded_form;
pub mod value;
pub mod vlan;
pub mod vrrp;
pub mod wireguard;

pub use context::{FrameContext, FrameInfo, Transport};
pub use field::Field;
pub use link::LinkType;
pub use tree::Tree;
pub use value::Value;

use reader::{Bytes, Short};
use std::net::IpAddr;

/// An address for the Source/Destination columns, formatted only when text is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Endpoint {
    /// Empty column.
    #[default]
    None,
    /// A MAC address.
    Mac([u8; 6]),
    /// An IP address.
    Ip(IpAddr),
}

impl Endpoint {
    /// Column text.
    pub fn text(self) -> String {
        match self {
            Endpoint::None => String::new(),
            Endpoint::Mac(m) => value::format_ether(&m),
            Endpoint::Ip(a) => a.to_string(),
        }
    }
}

/// An ICMP or ICMPv6 echo request or reply, for matching replies to requests while indexing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Echo {
    /// A request (else a reply).
    pub request: bool,
    /// Sender and receiver.
    pub src: IpAddr,
    /// Receiver.
    pub dst: IpAddr,
    /// Identifier.
    pub id: u16,
    /// Sequence number.
    pub seq: u16,
}

impl Echo {
    /// The key a request is kept under and its reply looks up (request's direction).
    pub fn key(&self) -> (IpAddr, IpAddr, u16, u16) {
        if self.request {
            (self.src, self.dst, self.id, self.seq)
        } else {
            (self.dst, self.src, self.id, self.seq)
        }
    }
}

/// The network-layer addresses of the innermost IP header seen so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetAddrs {
    /// Source address.
    pub src: IpAddr,
    /// Destination address.
    pub dst: IpAddr,
}

/// State shared by the dissectors while one frame is dissected.
pub struct Dissector<'a> {
    /// The tree being built.
    pub tree: Tree,
    /// The frame bytes.
    pub frame: Bytes<'a>,
    /// What the store knows about this frame (streams, reassembly).
    pub ctx: &'a FrameContext,
    /// Innermost IP addresses.
    pub net: Option<NetAddrs>,
    /// How many IP headers were dissected (tunnels, ICMP errors).
    pub ip_depth: u8,
    /// The transport facts the store indexes (outermost TCP/UDP).
    pub transport: Option<Transport>,
    /// True inside an ICMP error's quoted datagram.
    pub in_icmp_error: bool,
    /// Fragment facts of the outer IP header.
    pub fragment: Option<context::FragmentInfo>,
    /// Length of the frame on the wire (a length field never reaches past it).
    pub wire_len: usize,
    /// The IPv6 header is a jumbogram (RFC 2675): UDP length 0 means "use the IP length".
    pub jumbogram: bool,
    /// The transport header quoted inside an ICMP error.
    pub quoted: Option<Transport>,
    /// A ServerHello in this frame negotiated TLS 1.3.
    pub tls13_negotiated: bool,
    /// What this frame's SSH segment tells its conversation.
    pub ssh_seen: Option<context::SshSeen>,
    /// The outer ICMP/ICMPv6 echo of this frame.
    pub echo: Option<Echo>,
    /// The first DNS message's id and whether it is a response (for matching while indexing).
    pub dns_header: Option<(u16, bool)>,
    /// The SIP message's transaction and the RTP media its SDP announces.
    pub sdp_seen: Option<rtp::session::SdpSeen>,
    /// The outermost SCTP packet's direction and DATA chunks (for the index pass).
    pub sctp_seen: Option<sctp::SctpSeen>,
    /// What an FTP control segment told its conversation (for the index pass).
    pub ftp_seen: Option<ftp::conversation::FtpSeen>,
    /// The address pairs an ARP request or reply claims (for duplicate detection).
    pub arp_seen: Option<arp::duplicates::ArpSeen>,
    /// TTL / hop limit of the innermost IP header (for the Info column).
    pub ttl: u8,
    /// The final destination an IPv6 routing header names: what upper-layer checksums cover
    /// instead of the header's destination (RFC 8200 §8.1).
    pub final_destination: Option<IpAddr>,
    /// Source and destination columns.
    pub endpoints: (Endpoint, Endpoint),
    /// Info text kept in front of whatever the dissectors write after it (Wireshark's
    /// column fence: TCP analysis prefixes such as `[TCP Retransmission] `).
    pub info_fence: String,
}

impl<'a> Dissector<'a> {
    /// A dissector for one frame, writing into `tree`.
    pub fn new(info: &FrameInfo, data: &'a [u8], ctx: &'a FrameContext, tree: Tree) -> Self {
        Dissector {
            tree,
            frame: Bytes::new(data),
            ctx,
            net: None,
            ip_depth: 0,
            transport: None,
            in_icmp_error: false,
            fragment: None,
            wire_len: (info.orig_len as usize).max(data.len()),
            jumbogram: false,
            quoted: None,
            tls13_negotiated: false,
            ssh_seen: None,
            echo: None,
            dns_header: None,
            sdp_seen: None,
            sctp_seen: None,
            ftp_seen: None,
            arp_seen: None,
            ttl: 0,
            final_destination: None,
            endpoints: (Endpoint::None, Endpoint::None),
            info_fence: String::new(),
        }
    }

    /// Dissects the frame and hands back the results.
    fn finish(mut self, info: &FrameInfo) -> Dissection {
        frame::dissect(&mut self, info);
        Dissection {
            tree: self.tree,
            transport: self.transport,
            fragment: self.fragment,
            quoted: self.quoted,
            tls13_negotiated: self.tls13_negotiated,
            ssh_seen: self.ssh_seen,
            echo: self.echo,
            dns_header: self.dns_header,
            sdp_seen: self.sdp_seen,
            sctp_seen: self.sctp_seen,
            ftp_seen: self.ftp_seen,
            arp_seen: self.arp_seen,
        }
    }

    /// Notes the outer echo of this frame (for the indexer to match replies) and, for a
    /// reply whose request the index found, adds `resp_to` and returns the request's number.
    fn echo_reply_match(
        &mut self,
        request: bool,
        id: u16,
        seq: u16,
        resp_to: Field,
        at: usize,
    ) -> Option<u64> {
        if self.in_icmp_error {
            return None;
        }
        let net = self.net?;
        self.echo = Some(Echo {
            request,
            src: net.src,
            dst: net.dst,
            id,
            seq,
        });
        let frame = self.ctx.echo_request_in.filter(|_| !request)?;
        self.nested(|d| {
            d.tree.add(resp_to, at..at, value::Value::UInt(frame));
        });
        Some(frame)
    }

    /// Records a short read in `layer` as a truncation note.
    pub fn short(&mut self, layer: &'static str, e: Short) {
        self.tree.truncated(layer, e.needed_end, e.have);
    }

    /// The addresses an upper-layer checksum's pseudo-header uses: the innermost IP header's,
    /// with an IPv6 routing header's final destination.
    pub fn pseudo_header_addrs(&self) -> Option<NetAddrs> {
        let net = self.net?;
        Some(NetAddrs {
            src: net.src,
            dst: self.final_destination.unwrap_or(net.dst),
        })
    }

    /// Runs `dissect` with its layers nested one level inside the current one (an ICMP
    /// error's quoted datagram and an echo's data sit inside the ICMP tree, as in Wireshark).
    pub fn nested(&mut self, dissect: impl FnOnce(&mut Dissector<'a>)) {
        let depth = self.tree.depth();
        self.tree.set_depth(depth.saturating_add(1));
        dissect(self);
        self.tree.set_depth(depth);
    }

    /// Sets the protocol column.
    pub fn set_protocol(&mut self, name: &str) {
        if self.tree.want_text {
            self.tree.summary.protocol.clear();
            self.tree.summary.protocol.push_str(name);
        }
    }

    /// Appends to the info column.
    pub fn append_info(&mut self, text: &str) {
        if self.tree.want_text {
            self.tree.summary.info.push_str(text);
        }
    }

    /// Sets the info column.
    pub fn set_info(&mut self, info: impl FnOnce() -> String) {
        if self.tree.want_text {
            self.tree.summary.info = info();
        }
    }

    /// Sets the source and destination columns (formatted once, at the end).
    pub fn set_endpoints(&mut self, src: Endpoint, dst: Endpoint) {
        self.endpoints = (src, dst);
    }
}

/// Dissects one frame. `want_text` builds labels and summary columns (for display);
/// without it only fields and values are produced (for filters and indexing).
pub fn dissect(info: &FrameInfo, data: &[u8], ctx: &FrameContext, want_text: bool) -> Dissection {
    let d = Dissector::new(info, data, ctx, Tree::new(want_text));
    d.finish(info)
}

/// Dissects one frame for a coloured packet-list row: every field (for the colouring rules)
/// and the summary columns, without node labels.
pub fn dissect_for_row(info: &FrameInfo, data: &[u8], ctx: &FrameContext) -> Dissection {
    let mut d = Dissector::new(info, data, ctx, Tree::new(true));
    d.tree.want_labels = false;
    d.finish(info)
}

/// Dissects one frame for the packet list: fields and the summary columns, no node labels.
pub fn dissect_summary(info: &FrameInfo, data: &[u8], ctx: &FrameContext) -> Dissection {
    let mut tree = Tree::default();
    tree.want_text = true;
    let mut d = Dissector::new(info, data, ctx, tree);
    d.tree.want_labels = false;
    // The summary is computed from local values; leaf fields are not needed.
    d.tree.index_mode = true;
    d.finish(info)
}

/// Dissects one frame for the index: the protocol stack, notes and transport facts only (leaf
/// fields are not stored, which makes it several times cheaper than [`dissect`]).
pub fn dissect_for_index(info: &FrameInfo, data: &[u8], ctx: &FrameContext) -> Dissection {
    let mut d = Dissector::new(info, data, ctx, Tree::default());
    d.tree.index_mode = true;
    d.finish(info)
}

/// "src → dst PROTO info" of a frame outside any capture.
pub fn summary_line(link: LinkType, bytes: &[u8]) -> String {
    let info = FrameInfo::standalone(1, link, bytes.len());
    let s = dissect_summary(&info, bytes, &FrameContext::default())
        .tree
        .summary;
    format!("{} → {} {} {}", s.source, s.destination, s.protocol, s.info)
}

/// The output of [`dissect`].
#[derive(Debug, Clone)]
pub struct Dissection {
    /// Fields, notes and summary.
    pub tree: Tree,
    /// Transport facts for the flow table.
    pub transport: Option<Transport>,
    /// Fragment facts for the defragmenter.
    pub fragment: Option<context::FragmentInfo>,
    /// The transport header quoted by an ICMP error.
    pub quoted: Option<Transport>,
    /// A ServerHello in this frame negotiated TLS 1.3.
    pub tls13_negotiated: bool,
    /// What this frame's SSH segment tells its conversation.
    pub ssh_seen: Option<context::SshSeen>,
    /// The outer ICMP/ICMPv6 echo of this frame.
    pub echo: Option<Echo>,
    /// The first DNS message's id and whether it is a response.
    pub dns_header: Option<(u16, bool)>,
    /// The SIP message's transaction and the RTP media its SDP announces.
    pub sdp_seen: Option<rtp::session::SdpSeen>,
    /// The outermost SCTP packet's direction and DATA chunks.
    pub sctp_seen: Option<sctp::SctpSeen>,
    /// What an FTP control segment told its conversation (for the index pass).
    pub ftp_seen: Option<ftp::conversation::FtpSeen>,
    /// The address pairs an ARP request or reply claims (for duplicate detection).
    pub arp_seen: Option<arp::duplicates::ArpSeen>,
}
