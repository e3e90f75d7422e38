//! TCP (RFC 9293): header, options, relative sequence numbers, reassembled PDUs.

use super::checksum::{self, Status, Validation, pseudo_header, should_be};
use super::context::{PduRole, Sack, Transport, TransportKind};
use super::field::Field;
use super::ftp::conversation::FtpFrame;
use super::reader::{Bytes, Short};
use super::tree::Severity;
use super::value::Value;
use super::{Dissector, app, data};

const MIN_HEADER: usize = 20;

/// The fixed header as read from the wire.
struct Header {
    src_port: u16,
    dst_port: u16,
    seq_raw: u32,
    ack_raw: u32,
    hdr_len: usize,
    flags: u16,
    window: u16,
    urgent: u16,
    wscale: Option<u8>,
    sack: Sack,
    /// Checksum validation found the checksum wrong.
    checksum_bad: bool,
}

/// Dissects a TCP segment in `o..end` (`end` is where the IP layer says the segment ends).
pub fn dissect(d: &mut Dissector, o: usize, end: usize) {
    let captured_end = end.min(d.frame.len());
    let node = d.tree.open_protocol(Field::Tcp, o..captured_end);
    d.set_protocol("TCP");
    let depth = d.tree.depth();
    let outer = d.transport.is_none() && !d.in_icmp_error && d.ip_depth <= 1;
    let header = fields(d, o, end, outer);
    d.tree.set_depth(depth);
    d.tree.close();
    let h = match header {
        Ok(Some(h)) => h,
        Ok(None) => return,
        Err(e) => {
            if !d.in_icmp_error {
                d.short("tcp", e);
            }
            return;
        }
    };
    let payload_start = o + h.hdr_len;
    let seg_len = end.saturating_sub(payload_start);
    d.tree.set_extent(node, captured_end);
    d.tree.set_end(node, (o + h.hdr_len).min(captured_end));
    let (sp, dp) = (h.src_port, h.dst_port);
    d.tree.label(node, || {
        format!("Transmission Control Protocol, Src Port: {sp}, Dst Port: {dp}, Len: {seg_len}")
    });
    if let Some(net) = d.net
        && (outer || (d.in_icmp_error && d.quoted.is_none()))
    {
        let mut t = Transport::new(TransportKind::Tcp, net.src, net.dst, sp, dp);
        (t.seq, t.ack, t.flags) = (h.seq_raw, h.ack_raw, h.flags);
        if outer {
            t.payload = payload_start.min(captured_end)..captured_end;
            t.seg_len = u32::try_from(seg_len).unwrap_or(u32::MAX);
            t.window = h.window;
            t.wscale = if h.flags & 0x002 != 0 { h.wscale } else { None };
            t.sack = h.sack;
            d.transport = Some(t);
        } else {
            d.quoted = Some(t);
        }
    }
    info(d, &h, seg_len, o, outer);
    if d.in_icmp_error || seg_len == 0 || payload_start >= captured_end {
        return;
    }
    payload(d, &h, payload_start, captured_end, outer);
}

fn fields(d: &mut Dissector, o: usize, end: usize, outer: bool) -> Result<Option<Header>, Short> {
    let f = d.frame;
    let (src_port, dst_port) = (f.be_u16(o)?, f.be_u16(o + 2)?);
    let t = &mut d.tree;
    t.add_aliased(
        Field::TcpSrcPort,
        Field::TcpPort,
        o..o + 2,
        Value::UInt(u64::from(src_port)),
    );
    t.add_aliased(
        Field::TcpDstPort,
        Field::TcpPort,
        o + 2..o + 4,
        Value::UInt(u64::from(dst_port)),
    );
    let ctx = if outer { d.ctx.tcp } else { None };
    let stream = match ctx {
        Some(c) => Some(c.stream),
        None if d.in_icmp_error => d.ctx.quoted_stream,
        None => None,
    };
    if let Some(s) = stream {
        t.add(Field::TcpStream, o..o, Value::UInt(u64::from(s)));
    }
    let seq_raw = f.be_u32(o + 4)?;
    let ack_raw = f.be_u32(o + 8)?;
    let off_flags = f.be_u16(o + 12)?;
    let hdr_len = usize::from(off_flags >> 12) * 4;
    let flags = off_flags & 0x0fff;
    if hdr_len < MIN_HEADER {
        let t = &mut d.tree;
        t.add(
            Field::TcpSeqRaw,
            o + 4..o + 8,
            Value::UInt(u64::from(seq_raw)),
        );
        t.add(
            Field::TcpHdrLen,
            o + 12..o + 13,
            Value::UInt(hdr_len as u64),
        );
        t.note(
            Severity::Error,
            "tcp",
            o + 12..o + 13,
            format!("Bogus TCP header length ({hdr_len}, must be at least 20)"),
        );
        return Ok(None);
    }
    let seg_len = end.saturating_sub(o + hdr_len) as u64;
    let t = &mut d.tree;
    t.add(Field::TcpLen, o..o, Value::UInt(seg_len));
    let seq = ctx.map_or(seq_raw, |c| seq_raw.wrapping_sub(c.seq_base));
    t.add(Field::TcpSeq, o + 4..o + 8, Value::UInt(u64::from(seq)));
    t.add(
        Field::TcpSeqRaw,
        o + 4..o + 8,
        Value::UInt(u64::from(seq_raw)),
    );
    let syn_fin = u64::from(flags & 0x003 != 0);
    // With the sequence analysis off, Wireshark shows it on empty segments too.
    if seg_len > 0 || syn_fin > 0 || !super::tcp_analysis::enabled() {
        let next = u64::from(seq).wrapping_add(seg_len).wrapping_add(syn_fin) & 0xffff_ffff;
        t.add(Field::TcpNxtSeq, o..o, Value::UInt(next));
    }
    // Wireshark always shows the field; it is relative only when the ACK flag is set.
    let ack = match ctx {
        Some(c) if flags & 0x010 != 0 => ack_raw.wrapping_sub(c.ack_base),
        _ => ack_raw,
    };
    t.add(Field::TcpAck, o + 8..o + 12, Value::UInt(u64::from(ack)));
    t.add(
        Field::TcpAckRaw,
        o + 8..o + 12,
        Value::UInt(u64::from(ack_raw)),
    );
    let hl = t.add(
        Field::TcpHdrLen,
        o + 12..o + 13,
        Value::UInt(hdr_len as u64),
    );
    t.label(hl, || {
        format!(
            "{:04b} .... = Header Length: {hdr_len} bytes ({})",
            hdr_len / 4,
            hdr_len / 4
        )
    });
    flag_fields(t, o + 12..o + 14, flags);
    if outer {
        // Wireshark attaches the SYN/FIN/RST notes to the flags.
        super::tcp_analysis::connection_notes(d, flags, src_port, dst_port, o + 13);
    }
    let t = &mut d.tree;
    let window = f.be_u16(o + 14)?;
    t.add(
        Field::TcpWindowSizeValue,
        o + 14..o + 16,
        Value::UInt(u64::from(window)),
    );
    let stored = f.be_u16(o + 16)?;
    let c = t.add(
        Field::TcpChecksum,
        o + 16..o + 18,
        Value::UInt(u64::from(stored)),
    );
    let (status, expected) = checksum_status(d, o, end, stored);
    let checksum_bad = status == Status::Bad;
    let owner = ("tcp", Severity::Error);
    checksum::report(
        &mut d.tree,
        c,
        Field::TcpChecksumStatus,
        status,
        expected,
        owner,
    );
    let t = &mut d.tree;
    t.add(
        Field::TcpUrgentPointer,
        o + 18..o + 20,
        Value::UInt(u64::from(f.be_u16(o + 18)?)),
    );
    let urgent = f.be_u16(o + 18)?;
    let mut wscale = None;
    let mut sack = Sack::default();
    if hdr_len > MIN_HEADER {
        // Options cut off by the snapshot length still leave a usable header.
        let opts = f.rest(o + MIN_HEADER);
        let opts = opts.get(..hdr_len - MIN_HEADER).unwrap_or(opts);
        let acks = (flags & 0x010 != 0).then_some(ack_raw);
        (wscale, sack) =
            super::tcp_options::options(d, o + MIN_HEADER, opts, ctx.map(|c| c.ack_base), acks);
        if o + hdr_len > f.len() {
            d.tree.truncated("tcp", o + hdr_len, f.len());
        }
    }
    if outer {
        super::tcp_analysis::show(d, o);
    }
    Ok(Some(Header {
        src_port,
        dst_port,
        seq_raw,
        ack_raw,
        hdr_len,
        flags,
        window,
        urgent,
        wscale,
        sack,
        checksum_bad,
    }))
}

const FLAG_FIELDS: [(Field, u16); 10] = [
    (Field::TcpFlagsRes, 0x0e00),
    (Field::TcpFlagsAe, 0x0100),
    (Field::TcpFlagsCwr, 0x0080),
    (Field::TcpFlagsEce, 0x0040),
    (Field::TcpFlagsUrg, 0x0020),
    (Field::TcpFlagsAck, 0x0010),
    (Field::TcpFlagsPush, 0x0008),
    (Field::TcpFlagsReset, 0x0004),
    (Field::TcpFlagsSyn, 0x0002),
    (Field::TcpFlagsFin, 0x0001),
];

fn flag_fields(t: &mut super::Tree, r: std::ops::Range<usize>, flags: u16) {
    let node = t.open(Field::TcpFlags, r.clone(), Value::UInt(u64::from(flags)));
    t.label(node, || {
        format!("Flags: 0x{flags:03x} ({})", flag_names(flags))
    });
    for (field, mask) in FLAG_FIELDS {
        t.add(field, r.clone(), Value::Bool(flags & mask != 0));
    }
    t.close();
}

/// `SYN, ACK` for the Info column and the flags label.
pub fn flag_names(flags: u16) -> String {
    const NAMES: [(u16, &str); 10] = [
        (0x001, "FIN"),
        (0x002, "SYN"),
        (0x004, "RST"),
        (0x008, "PSH"),
        (0x010, "ACK"),
        (0x020, "URG"),
        (0x040, "ECE"),
        (0x080, "CWR"),
        (0x100, "AE"),
        (0xe00, "Reserved"),
    ];
    let names: Vec<&str> = NAMES
        .iter()
        .filter(|(m, _)| flags & m != 0)
        .map(|(_, n)| *n)
        .collect();
    if names.is_empty() {
        "<None>".into()
    } else {
        names.join(", ")
    }
}

fn info(d: &mut Dissector, h: &Header, seg_len: usize, o: usize, outer: bool) {
    if !d.tree.want_text {
        return;
    }
    let ctx = if outer { d.ctx.tcp } else { None };
    let seq = ctx.map_or(h.seq_raw, |c| h.seq_raw.wrapping_sub(c.seq_base));
    let ack = (h.flags & 0x010 != 0)
        .then(|| ctx.map_or(h.ack_raw, |c| h.ack_raw.wrapping_sub(c.ack_base)));
    let mut s = format!(
        "{} → {} [{}] Seq={seq}",
        h.src_port,
        h.dst_port,
        flag_names(h.flags)
    );
    if let Some(a) = ack {
        s.push_str(&format!(" Ack={a}"));
    }
    let shift = ctx
        .and_then(|c| c.window_shift)
        .filter(|_| h.flags & 0x002 == 0)
        .unwrap_or(0)
        .min(14);
    s.push_str(&format!(" Win={}", u64::from(h.window) << shift));
    if h.checksum_bad {
        s.push_str(" [TCP CHECKSUM INCORRECT]");
    }
    if h.flags & 0x020 != 0 {
        s.push_str(&format!(" Urg={}", h.urgent));
    }
    s.push_str(&format!(" Len={seg_len}"));
    let opts = d
        .frame
        .slice(o + MIN_HEADER, h.hdr_len.saturating_sub(MIN_HEADER))
        .unwrap_or(&[]);
    s.push_str(&super::tcp_options::option_info(
        opts,
        ctx.map(|c| c.ack_base),
    ));
    d.tree.summary.info = s;
}

/// Hands the payload to the application dissector, honouring the reassembly plan.
fn payload(d: &mut Dissector, h: &Header, start: usize, end: usize, outer: bool) {
    let bytes = d.frame.range(start..end).unwrap_or(&[]);
    d.nested(|d| {
        d.tree.add(Field::TcpPayload, start..end, Value::Span);
    });
    let application =
        app::for_tcp_ports(h.src_port, h.dst_port).or_else(|| app::heuristic_tcp(bytes));
    if h.flags & 0x004 != 0 {
        // Wireshark never hands RST payloads (RFC 9293 §3.5.3 diagnostics) to an application.
        return;
    }
    let role = if outer {
        d.ctx.pdu.clone()
    } else {
        PduRole::Standalone
    };
    // A data connection the FTP control connection announced (Wireshark's conversation
    // dissectors come before its port tables).
    if let (true, PduRole::Standalone, Some(FtpFrame::Data(info))) = (outer, &role, &d.ctx.ftp) {
        let info = info.clone();
        return super::ftp::dissect_data(d, &info, start, end);
    }
    match role {
        PduRole::Standalone => match application {
            Some(a) => app::dissect(d, a, start, end, true),
            None => data::dissect_range(d, start, end),
        },
        PduRole::SegmentOf {
            reassembled_in,
            starts_pdu,
            leading,
            head_line,
        } => segment_of(
            d,
            application,
            start..end,
            reassembled_in,
            (starts_pdu, head_line),
            leading,
        ),
        // Sequence analysis says what it is (the Info prefix comes from there).
        PduRole::Retransmission => {}
        PduRole::Completes { data: pdu, .. } => {
            let by_port = app::for_tcp_ports(h.src_port, h.dst_port);
            if let Some(a) = by_port.or_else(|| app::heuristic_tcp(&pdu)) {
                reassembled(d, a);
            }
        }
    }
}

/// A payload whose PDU completes later: whole PDUs leading it are dissected; the rest is
/// segment data, with the Info text Wireshark's dissectors leave for it.
fn segment_of(
    d: &mut Dissector,
    application: Option<app::App>,
    payload: std::ops::Range<usize>,
    reassembled_in: u64,
    (starts_pdu, head_line): (bool, Option<std::sync::Arc<str>>),
    leading: std::ops::Range<usize>,
) {
    let tail = leading.end.max(payload.start)..payload.end;
    let has_leading = !leading.is_empty() && leading.end <= payload.end;
    if let (Some(a), true) = (application, has_leading) {
        app::dissect(d, a, leading.start, leading.end, true);
    }
    // Inside the TCP tree as in Wireshark, unless a leading PDU's layers came in between
    // (this pre-order tree cannot go back into TCP's subtree; they stay beside them).
    let depth = d.tree.depth();
    if !has_leading {
        d.tree.set_depth(depth.saturating_add(1));
    }
    d.tree.add(Field::TcpSegmentData, tail.clone(), Value::Span);
    if reassembled_in > 0 {
        d.tree.add(
            Field::TcpReassembledIn,
            tail.clone(),
            Value::UInt(reassembled_in),
        );
    }
    d.tree.set_depth(depth);
    if has_leading {
        // The leading PDUs gave the Info column; no segment note is added.
        return;
    }
    if let Some(layer) = app::segment_layer(application).filter(|_| starts_pdu) {
        let n = d.tree.open_protocol(layer, tail.clone());
        let title = layer.def().display;
        d.tree
            .label(n, || format!("{title} (segment of a reassembled PDU)"));
        d.tree.close();
    }
    if d.tree.want_text {
        let head = match application {
            // TLS and SSH clear the Info column before asking for the rest of their PDU.
            Some(app::App::Tls | app::App::Ssh) if starts_pdu => Some(String::new()),
            // HTTP shows its first line, then waits for the rest of the message.
            Some(app::App::Http) if starts_pdu => d
                .frame
                .range(tail.clone())
                .ok()
                .and_then(super::http::head_line_if_complete)
                .map(|line| format!("{line} ")),
            // A later segment where HTTP reads the message so far again.
            Some(app::App::Http) => head_line.map(|line| format!("{line} ")),
            _ => None,
        };
        let info = &mut d.tree.summary.info;
        if let Some(head) = head {
            *info = head;
        }
        info.push_str(" [TCP segment of a reassembled PDU]");
        if info.starts_with(' ') {
            info.remove(0);
        }
    }
}

fn reassembled<'a>(d: &mut Dissector<'a>, application: app::App) {
    let ctx: &'a super::FrameContext = d.ctx;
    let PduRole::Completes {
        data: pdu,
        frames,
        rest,
    } = &ctx.pdu
    else {
        return;
    };
    let len = pdu.len();
    let node = d.tree.add(Field::TcpSegments, 0..0, Value::None);
    d.tree.label(node, || {
        let list = frames
            .iter()
            .map(|f| format!("#{f}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "[{} Reassembled TCP Segments ({len} bytes): {list}]",
            frames.len()
        )
    });
    d.tree
        .push_source(format!("Reassembled TCP ({len} bytes)"), pdu.clone());
    let saved = std::mem::replace(&mut d.frame, Bytes::new(pdu));
    app::dissect(d, application, 0, len, true);
    d.frame = saved;
    d.tree.pop_source();
    if !rest.is_empty() {
        app::dissect(d, application, rest.start, rest.end, true);
    }
}

/// Wireshark's TCP checksum verdict: verified when the preference is on and the whole
/// segment (as the IP layer announces it) was captured.
fn checksum_status(d: &Dissector, o: usize, end: usize, stored: u16) -> (Status, u16) {
    let (Some(net), true) = (d.pseudo_header_addrs(), Validation::current().tcp) else {
        return (Status::Unverified, 0);
    };
    let Some(segment) = d.frame.range(o..end).ok().filter(|_| end <= d.frame.len()) else {
        return (Status::Unverified, 0);
    };
    let length = u32::try_from(segment.len()).unwrap_or(u32::MAX);
    let sum = pseudo_header(net.src, net.dst, 6, length).add_bytes(segment);
    (Status::of(sum), should_be(stored, sum))
}
