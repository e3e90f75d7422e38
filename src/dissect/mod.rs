//! Protocol dissection: bytes in, a [`Tree`] of typed fields with byte ranges out.
//! Imports neither egui nor pcap; nothing here panics on any input.

pub mod app;
pub mod arp;
pub mod context;
pub mod data;
pub mod dhcp;
pub mod dns;
pub mod ethernet;
pub mod ethertype;
pub mod field;
pub mod format;
pub mod frame;
pub mod http;
pub mod icmp;
pub mod icmpv6;
pub mod ipnet;
pub mod ipproto;
pub mod ieee80211;
pub mod ipv4;
pub mod ipv6;
pub mod link;
pub mod names;
pub mod null;
pub mod radiotap;
pub mod reader;
pub mod sll;
pub mod tcp;
pub mod tls;
pub mod tree;
pub mod udp;
pub mod value;
pub mod vlan;

pub use context::{FrameContext, FrameInfo, Transport};
pub use field::Field;
pub use link::LinkType;
pub use tree::Tree;
pub use value::Value;

use reader::{Bytes, Short};
use std::net::IpAddr;

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
}

impl<'a> Dissector<'a> {
    /// Records a short read in `layer` as a truncation note.
    pub fn short(&mut self, layer: &'static str, e: Short) {
        self.tree.truncated(layer, e.needed_end, e.have);
    }

    /// Sets the protocol column.
    pub fn set_protocol(&mut self, name: &str) {
        if self.tree.want_text {
            self.tree.summary.protocol.clear();
            self.tree.summary.protocol.push_str(name);
        }
    }

    /// Sets the info column.
    pub fn set_info(&mut self, info: impl FnOnce() -> String) {
        if self.tree.want_text {
            self.tree.summary.info = info();
        }
    }

    /// Sets source and destination columns.
    pub fn set_addresses(&mut self, src: impl FnOnce() -> (String, String)) {
        if self.tree.want_text {
            let (s, d) = src();
            self.tree.summary.source = s;
            self.tree.summary.destination = d;
        }
    }
}

/// Dissects one frame. `want_text` builds labels and summary columns (for display);
/// without it only fields and values are produced (for filters and indexing).
pub fn dissect(info: &FrameInfo, data: &[u8], ctx: &FrameContext, want_text: bool) -> Dissection {
    let mut d = Dissector {
        tree: Tree::new(want_text),
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
    };
    frame::dissect(&mut d, info);
    Dissection { tree: d.tree, transport: d.transport, fragment: d.fragment, quoted: d.quoted, tls13_negotiated: d.tls13_negotiated }
}

/// Dissects one frame for the index: the protocol stack, notes and transport facts only (leaf
/// fields are not stored, which makes it several times cheaper than [`dissect`]).
pub fn dissect_for_index(info: &FrameInfo, data: &[u8], ctx: &FrameContext) -> Dissection {
    let mut d = Dissector {
        tree: Tree::default(),
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
    };
    d.tree.index_mode = true;
    d.tree.nodes = Vec::with_capacity(12);
    frame::dissect(&mut d, info);
    Dissection { tree: d.tree, transport: d.transport, fragment: d.fragment, quoted: d.quoted, tls13_negotiated: d.tls13_negotiated }
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
}
