//! What one dissection of a frame tells the index pass: its stack, transport, fragment,
//! the conversation facts (TLS 1.3, SSH, echo, DNS, SDP media) the in-order pass keeps.

use crate::dissect::Dissection;
use crate::dissect::context::Transport;
use crate::dissect::tree::ProtoStack;

/// A frame's DNS message: 0-based frame, time, transport, (id, is a response).
pub(super) type DnsSeen = (u32, i64, Transport, (u16, bool));

/// What dissecting a frame again, with its reassembled PDU, told.
pub(super) struct Redone {
    pub(super) index: u32,
    pub(super) protocols: ProtoStack,
    pub(super) dns: Option<DnsSeen>,
    pub(super) ssh: Option<crate::dissect::context::SshSeen>,
}

impl Redone {
    pub(super) fn of(index: u32, ts_ns: i64, d: Dissection) -> Self {
        let dns = d
            .transport
            .zip(d.dns_header)
            .map(|(t, header)| (index, ts_ns, t, header));
        Redone {
            index,
            protocols: d.tree.protocols,
            dns,
            ssh: d.ssh_seen,
        }
    }
}

#[derive(Debug)]
/// What the parallel phase learns about one packet (its tree is dropped there).
pub(super) struct PacketFacts {
    pub(super) protocols: ProtoStack,
    pub(super) transport: Option<Transport>,
    pub(super) fragment: Option<crate::dissect::context::FragmentInfo>,
    pub(super) quoted: Option<Transport>,
    pub(super) tls13: bool,
    pub(super) ssh: Option<crate::dissect::context::SshSeen>,
    pub(super) echo: Option<crate::dissect::Echo>,
    pub(super) dns_header: Option<(u16, bool)>,
    pub(super) sdp: Option<crate::dissect::rtp::session::SdpSeen>,
    pub(super) sctp: Option<crate::dissect::sctp::SctpSeen>,
    pub(super) ftp: Option<crate::dissect::ftp::conversation::FtpSeen>,
    pub(super) arp: Option<crate::dissect::arp::duplicates::ArpSeen>,
    pub(super) malformed: bool,
    pub(super) nested: bool,
}

impl PacketFacts {
    pub(super) fn of(d: Dissection) -> Self {
        let nested = d
            .tree
            .protocols
            .iter()
            .filter(|p| matches!(**p, "ip" | "ipv6"))
            .count()
            > 1;
        PacketFacts {
            malformed: d.tree.is_malformed(),
            nested,
            protocols: d.tree.protocols,
            transport: d.transport,
            fragment: d.fragment,
            quoted: d.quoted,
            tls13: d.tls13_negotiated,
            ssh: d.ssh_seen,
            echo: d.echo,
            dns_header: d.dns_header,
            sdp: d.sdp_seen,
            sctp: d.sctp_seen,
            ftp: d.ftp_seen,
            arp: d.arp_seen,
        }
    }
}
