//! UDP (RFC 768).

use super::checksum::{self, Status, Validation, pseudo_header, should_be};
use super::context::{Transport, TransportKind};
use super::field::Field;
use super::reader::Short;
use super::value::Value;
use super::{Dissector, app, custom, data};

const HEADER_LEN: usize = 8;

/// Dissects a UDP datagram in `o..end`.
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let captured_end = end.min(d.frame.len());
    let node = d
        .tree
        .open_protocol(Field::Udp, o..(o + HEADER_LEN).min(captured_end));
    d.set_protocol("UDP");
    let depth = d.tree.depth();
    let outer = d.transport.is_none() && !d.in_icmp_error && d.ip_depth <= 1;
    let r = fields(d, o, outer, end);
    d.tree.set_depth(depth);
    d.tree.close();
    let (sp, dp, len) = match r {
        Ok(v) => v,
        Err(e) => {
            if !d.in_icmp_error {
                d.short("udp", e);
            }
            return;
        }
    };
    d.tree.label(node, || {
        format!("User Datagram Protocol, Src Port: {sp}, Dst Port: {dp}")
    });
    let start = o + HEADER_LEN;
    if len < HEADER_LEN && !d.jumbogram && !d.in_icmp_error {
        d.tree.note(
            super::tree::Severity::Error,
            "udp",
            o + 4..o + 6,
            format!("Bad UDP length ({len} < 8)"),
        );
        d.set_info(|| format!("{sp} → {dp} [BAD UDP LENGTH {len} < 8]"));
        return;
    }
    let declared_end = if len >= HEADER_LEN { o + len } else { end };
    let payload_end = declared_end.min(captured_end);
    d.tree.set_extent(
        node,
        payload_end.max(o + HEADER_LEN.min(captured_end.saturating_sub(o))),
    );
    if let Some(net) = d.net
        && (outer || (d.in_icmp_error && d.quoted.is_none()))
    {
        let mut t = Transport::new(TransportKind::Udp, net.src, net.dst, sp, dp);
        if outer {
            t.payload = start.min(payload_end)..payload_end;
            d.transport = Some(t);
        } else {
            d.quoted = Some(t);
        }
    }
    let payload_len = declared_end.saturating_sub(start);
    d.set_info(|| format!("{sp} → {dp} Len={payload_len}"));
    if d.in_icmp_error || start >= payload_end {
        return;
    }
    let bytes = d.frame.range(start..payload_end).unwrap_or(&[]);
    d.nested(|d| {
        d.tree
            .add(Field::UdpPayload, start..payload_end, Value::Span);
    });
    // A datagram of an RTP/RTCP conversation an SDP announced (Wireshark's conversation
    // dissectors come before its port tables).
    if outer && let Some(rtp) = &d.ctx.rtp {
        let app = match rtp.kind {
            super::rtp::session::MediaKind::Rtp => app::App::Rtp,
            super::rtp::session::MediaKind::Rtcp => app::App::Rtcp,
        };
        return app::dissect(d, app, start, payload_end, false);
    }
    if let Some(id) = custom::for_ports(false, sp, dp).or_else(|| custom::heuristic(false, bytes)) {
        custom::dissect(d, id, start, payload_end);
        return;
    }
    // A datagram of a QUIC connection seen earlier (Wireshark's conversation dissector).
    let quic = (d.ctx.quic.is_some() && outer).then_some(app::App::Quic);
    match quic
        .or_else(|| app::for_udp_ports(sp, dp))
        .or_else(|| app::heuristic_udp(bytes))
    {
        // DHCPv6 and QUIC read to the datagram's reported end: a cut capture is a short
        // read there (and QUIC's packet lengths count the bytes not captured).
        Some(a @ (app::App::Dhcpv6 | app::App::Quic)) => {
            let reported_end = declared_end.min(end.max(payload_end));
            app::dissect(d, a, start, reported_end, false);
        }
        Some(a) => app::dissect(d, a, start, payload_end, false),
        None => data::dissect_range(d, start, payload_end),
    }
}

fn fields(
    d: &mut Dissector,
    o: usize,
    outer: bool,
    end: usize,
) -> Result<(u16, u16, usize), Short> {
    let f = d.frame;
    let (sp, dp) = (f.be_u16(o)?, f.be_u16(o + 2)?);
    let t = &mut d.tree;
    t.add_aliased(
        Field::UdpSrcPort,
        Field::UdpPort,
        o..o + 2,
        Value::UInt(u64::from(sp)),
    );
    t.add_aliased(
        Field::UdpDstPort,
        Field::UdpPort,
        o + 2..o + 4,
        Value::UInt(u64::from(dp)),
    );
    traceroute_note(t, dp, o + 2);
    let len = f.be_u16(o + 4)?;
    t.add(Field::UdpLength, o + 4..o + 6, Value::UInt(u64::from(len)));
    if len < 8 && !d.jumbogram && !d.in_icmp_error {
        return Ok((sp, dp, usize::from(len)));
    }
    let stored = f.be_u16(o + 6)?;
    let c = t.add(
        Field::UdpChecksum,
        o + 6..o + 8,
        Value::UInt(u64::from(stored)),
    );
    let (status, expected) = status(d, o, end, usize::from(len), stored);
    let owner = ("udp", super::tree::Severity::Error);
    checksum::report(
        &mut d.tree,
        c,
        Field::UdpChecksumStatus,
        status,
        expected,
        owner,
    );
    let t = &mut d.tree;
    let stream = if outer {
        d.ctx.udp_stream
    } else if d.in_icmp_error {
        d.ctx.quoted_stream
    } else {
        None
    };
    if let Some(s) = stream {
        t.add(Field::UdpStream, o..o, Value::UInt(u64::from(s)));
    }
    Ok((sp, dp, usize::from(len)))
}

/// Wireshark's UDP checksum verdict: "not present" for a zero checksum over IPv4 (or in an
/// ICMP error), "illegal" for a zero one over IPv6; verified only when the preference is on
/// and the whole datagram (as the IP layer announces it) was captured.
fn status(d: &Dissector, o: usize, end: usize, len: usize, stored: u16) -> (Status, u16) {
    let Some(net) = d.pseudo_header_addrs() else {
        return (Status::Unverified, 0);
    };
    if stored == 0 {
        let ipv4 = net.src.is_ipv4();
        return match ipv4 || d.in_icmp_error {
            true => (Status::NotPresent, 0),
            false => (Status::Illegal, 0),
        };
    }
    let captured = end <= d.frame.len();
    let reported = end.saturating_sub(o);
    if !Validation::current().udp || !captured || len < 8 || reported < len {
        return (Status::Unverified, 0);
    }
    let Ok(segment) = d.frame.slice(o, len) else {
        return (Status::Unverified, 0);
    };
    let length = u32::try_from(len).unwrap_or(u32::MAX);
    let sum = pseudo_header(net.src, net.dst, 17, length).add_bytes(segment);
    let expected = match should_be(stored, sum) {
        0 => 0xffff,
        v => v,
    };
    (Status::of(sum), expected)
}

/// Wireshark's guess that a datagram to 33435–33479 is a traceroute probe: three probes per
/// hop, the port counting up from 33435.
fn traceroute_note(t: &mut super::Tree, port: u16, at: usize) {
    if !t.keeps_notes() || !(33_435..33_480).contains(&port) {
        return;
    }
    let n = port - 33_435;
    let expert = super::tree::Expert {
        severity: super::tree::Severity::Chat,
        group: super::tree::Group::Sequence,
        layer: "udp",
        field: Some(Field::UdpPossibleTraceroute),
    };
    let message = format!(
        "Possible traceroute: hop #{}, attempt #{}",
        n / 3 + 1,
        n % 3 + 1
    );
    t.expert(expert, at..at + 2, message);
}
