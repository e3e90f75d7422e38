//! Which received frame answers which probe, as scapy's `sr()` decides: an ICMP or ICMPv6
//! echo reply with the probe's identifier and sequence number, a TCP SYN-ACK or RST for a SYN
//! (acknowledging its sequence number), a UDP reply on the swapped ports (a DNS response with
//! the query's id), an ICMP error quoting the probe, an ARP reply for the address asked about.

use crate::dissect::context::{Transport, TransportKind};
use crate::dissect::{self, Field, FrameContext, FrameInfo, LinkType, Tree, Value};
use std::net::IpAddr;

/// What matching needs to know about a frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// Outer IP source and destination.
    net: Option<(IpAddr, IpAddr)>,
    /// Outer TCP or UDP header.
    transport: Option<Transport>,
    /// The transport header an ICMP error quotes.
    quoted: Option<Transport>,
    /// ICMP/ICMPv6 echo: (is a request, identifier, sequence number).
    echo: Option<(bool, u64, u64)>,
    /// An ICMP or ICMPv6 error message.
    error: bool,
    /// The quoted datagram's source and destination (ICMP errors).
    quoted_net: Option<(IpAddr, IpAddr)>,
    /// DNS: (id, is a response).
    dns: Option<(u64, bool)>,
    /// ARP: (opcode, sender IP, target IP).
    arp: Option<(u64, IpAddr, IpAddr)>,
}

fn first(tree: &Tree, field: Field) -> Option<&Value> {
    tree.nodes
        .iter()
        .find(|n| n.field == field)
        .map(|n| &n.value)
}

fn nth_addr(tree: &Tree, field: Field, n: usize) -> Option<IpAddr> {
    tree.nodes
        .iter()
        .filter(|x| x.field == field)
        .nth(n)
        .and_then(|x| match x.value {
            Value::Ipv4(a) => Some(IpAddr::V4(a)),
            Value::Ipv6(a) => Some(IpAddr::V6(a)),
            _ => None,
        })
}

fn uint(tree: &Tree, field: Field) -> Option<u64> {
    match first(tree, field)? {
        Value::UInt(v) => Some(*v),
        Value::Bool(b) => Some(u64::from(*b)),
        _ => None,
    }
}

/// The signature of a frame.
pub fn signature(link: LinkType, frame: &[u8]) -> Signature {
    let info = FrameInfo::standalone(1, link, frame.len());
    let d = dissect::dissect(&info, frame, &FrameContext::default(), false);
    let t = &d.tree;
    let addrs = |n| {
        let v4 = nth_addr(t, Field::IpSrc, n).zip(nth_addr(t, Field::IpDst, n));
        v4.or_else(|| nth_addr(t, Field::Ipv6Src, n).zip(nth_addr(t, Field::Ipv6Dst, n)))
    };
    let icmp = uint(t, Field::IcmpType).map(|ty| (ty, false));
    let icmp6 = uint(t, Field::Icmpv6Type).map(|ty| (ty, true));
    let (echo, error) = match icmp.or(icmp6) {
        Some((ty @ (0 | 8), false)) => (
            uint(t, Field::IcmpIdent)
                .zip(uint(t, Field::IcmpSeq))
                .map(|(id, seq)| (ty == 8, id, seq)),
            false,
        ),
        Some((ty @ (128 | 129), true)) => (
            uint(t, Field::Icmpv6EchoIdentifier)
                .zip(uint(t, Field::Icmpv6EchoSequenceNumber))
                .map(|(id, seq)| (ty == 128, id, seq)),
            false,
        ),
        Some((3 | 4 | 5 | 11 | 12, false)) | Some((1..=4, true)) => (None, true),
        _ => (None, false),
    };
    let arp = uint(t, Field::ArpOpcode).and_then(|op| {
        let ip = |f| match first(t, f) {
            Some(Value::Ipv4(a)) => Some(IpAddr::V4(*a)),
            _ => None,
        };
        Some((op, ip(Field::ArpSrcProtoIpv4)?, ip(Field::ArpDstProtoIpv4)?))
    });
    let dns = uint(t, Field::DnsId).zip(uint(t, Field::DnsFlagsResponse).map(|r| r == 1));
    Signature {
        net: addrs(0),
        transport: d.transport,
        quoted: d.quoted,
        echo,
        error,
        quoted_net: if error { addrs(1) } else { None },
        dns,
        arp,
    }
}

impl Signature {
    /// ICMP/ICMPv6 echo: (is a request, identifier, sequence number).
    pub fn echo(&self) -> Option<(bool, u64, u64)> {
        self.echo
    }

    /// The outer TCP or UDP header.
    pub fn transport(&self) -> Option<&Transport> {
        self.transport.as_ref()
    }

    /// ARP: (opcode, sender IP, target IP).
    pub fn arp(&self) -> Option<(u64, IpAddr, IpAddr)> {
        self.arp
    }

    /// Outer IP source and destination.
    pub fn net(&self) -> Option<(IpAddr, IpAddr)> {
        self.net
    }

    /// An ICMP or ICMPv6 error message.
    pub fn is_error(&self) -> bool {
        self.error
    }

    /// The source and destination of the datagram an ICMP error quotes.
    pub fn quoted_net(&self) -> Option<(IpAddr, IpAddr)> {
        self.quoted_net
    }
}

/// True when `reply` answers `probe`.
pub fn answers(probe: &Signature, reply: &Signature) -> bool {
    if let (Some((1, p_sender, p_target)), Some((2, r_sender, r_target))) = (probe.arp, reply.arp) {
        return r_sender == p_target && r_target == p_sender;
    }
    let swapped = match (probe.net, reply.net) {
        (Some((ps, pd)), Some((rs, rd))) => rs == pd && rd == ps,
        _ => false,
    };
    if reply.error {
        // An error about the probe goes back to its source and quotes it.
        let back = probe
            .net
            .zip(reply.net)
            .is_some_and(|((ps, _), (_, rd))| rd == ps);
        let quotes_it = probe.net == reply.quoted_net
            && match (&probe.transport, &reply.quoted) {
                (Some(p), Some(q)) => p.src_port == q.src_port && p.dst_port == q.dst_port,
                (None, None) => true,
                _ => false,
            };
        return back && quotes_it;
    }
    if !swapped {
        return false;
    }
    if let (Some((true, id, seq)), Some((false, rid, rseq))) = (probe.echo, reply.echo) {
        return id == rid && seq == rseq;
    }
    match (&probe.transport, &reply.transport) {
        (Some(p), Some(r)) if p.kind == r.kind => {
            if p.src_port != r.dst_port || p.dst_port != r.src_port {
                return false;
            }
            match p.kind {
                TransportKind::Tcp => tcp_answers(p, r),
                TransportKind::Udp => match (probe.dns, reply.dns) {
                    (Some((id, false)), Some((rid, true))) => id == rid,
                    (Some(_), _) => false,
                    _ => true,
                },
            }
        }
        _ => false,
    }
}

/// A SYN is answered by a SYN-ACK or RST acknowledging it; other segments by any segment
/// back with RST or ACK.
fn tcp_answers(p: &Transport, r: &Transport) -> bool {
    const SYN: u16 = 0x002;
    const RST: u16 = 0x004;
    const ACK: u16 = 0x010;
    if p.flags & SYN != 0 && p.flags & ACK == 0 {
        let acks_it = r.flags & ACK != 0 && r.ack == p.seq.wrapping_add(1);
        let syn_ack = r.flags & (SYN | ACK) == SYN | ACK;
        return acks_it && (syn_ack || r.flags & RST != 0);
    }
    r.flags & (RST | ACK) != 0
}

#[cfg(test)]
mod tests {
    use super::{answers, signature};
    use crate::dissect::LinkType;

    fn frame(spec: &str) -> super::Signature {
        let bytes =
            crate::craft::build(&crate::craft::parse(spec).expect("parses"), 0, 0).expect("builds");
        signature(LinkType::ETHERNET, &bytes)
    }

    const A: &str = "ip(src=198.18.0.1,dst=198.18.0.2)";
    const B: &str = "ip(src=198.18.0.2,dst=198.18.0.1)";

    #[test]
    fn echo_replies_match_their_request_only() {
        let p = frame(&format!("eth/{A}/icmp(type=8,ident=7,seq=1)"));
        assert!(answers(
            &p,
            &frame(&format!("eth/{B}/icmp(type=0,ident=7,seq=1)"))
        ));
        assert!(!answers(
            &p,
            &frame(&format!("eth/{B}/icmp(type=0,ident=7,seq=2)"))
        ));
        assert!(!answers(
            &p,
            &frame(&format!("eth/{A}/icmp(type=0,ident=7,seq=1)"))
        ));
        // The probe itself (seen on the wire) is not its own answer.
        assert!(!answers(&p, &p));
    }

    #[test]
    fn syn_ack_and_rst_answer_a_syn() {
        let p = frame(&format!(
            "eth/{A}/tcp(srcport=40000,dstport=22,seq=100,flags=0x002)"
        ));
        let syn_ack = format!("eth/{B}/tcp(srcport=22,dstport=40000,seq=9,ack=101,flags=0x012)");
        let rst = format!("eth/{B}/tcp(srcport=22,dstport=40000,ack=101,flags=0x014)");
        let wrong = format!("eth/{B}/tcp(srcport=22,dstport=40000,ack=555,flags=0x014)");
        assert!(answers(&p, &frame(&syn_ack)));
        assert!(answers(&p, &frame(&rst)));
        assert!(!answers(&p, &frame(&wrong)));
    }

    #[test]
    fn udp_errors_dns_and_arp() {
        let p = frame(&format!(
            "eth/{A}/udp(srcport=40000,dstport=9)/data(data=\"x\")"
        ));
        let unreachable = format!(
            "eth/{B}/icmp(type=3,code=3)/{A}/udp(srcport=40000,dstport=9)/data(data=\"x\")"
        );
        assert!(answers(&p, &frame(&unreachable)));
        let q = frame(&format!(
            "eth/{A}/udp(srcport=5353,dstport=53)/dns(id=7,qry.name=\"a.b\")"
        ));
        let r =
            format!("eth/{B}/udp(srcport=53,dstport=5353)/dns(id=7,flags=0x8180,qry.name=\"a.b\")");
        let other = r.replace("id=7", "id=8");
        assert!(answers(&q, &frame(&r)));
        assert!(!answers(&q, &frame(&other)));
        let who_has =
            frame("eth/arp(opcode=1,src.proto_ipv4=198.18.0.1,dst.proto_ipv4=198.18.0.2)");
        let is_at = frame("eth/arp(opcode=2,src.proto_ipv4=198.18.0.2,dst.proto_ipv4=198.18.0.1)");
        assert!(answers(&who_has, &is_at));
        assert!(!answers(&is_at, &who_has));
    }
}
