//! Follow Stream: the payload of one TCP or UDP conversation in order, as Wireshark's follow
//! taps build it (TCP: each new byte once, in sequence order; out-of-order segments wait for
//! the gap; a gap the other side acknowledges becomes "[N bytes missing in capture file]"),
//! and tshark's `-z follow` renderings (ascii, hex, raw, yaml). TLS and HTTP streams are in
//! [`super::follow_layer`].

use crate::dissect::context::TransportKind;
use crate::session::Session;
use crate::store::record::flags;
use std::net::IpAddr;

/// One piece of the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Frame number (1-based) it came in.
    pub frame: u64,
    /// Capture time, ns since the epoch.
    pub ts_ns: i64,
    /// Sent by the server (node 1), else by the client (node 0).
    pub from_server: bool,
    /// The bytes.
    pub data: Vec<u8>,
}

/// What a stream is followed as: its transport's payload or a layer's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Follow {
    /// Every TCP payload byte once, in order.
    #[default]
    Tcp,
    /// Every UDP payload.
    Udp,
    /// The payloads of TLS application-data records (encrypted: we hold no keys).
    Tls,
    /// HTTP messages: each header block, then each body decoded.
    Http,
}

impl Follow {
    /// Every kind, in the Follow menu's order.
    pub const ALL: [Follow; 4] = [Follow::Tcp, Follow::Udp, Follow::Tls, Follow::Http];

    /// The transport the stream number counts.
    pub fn transport(self) -> TransportKind {
        match self {
            Follow::Udp => TransportKind::Udp,
            _ => TransportKind::Tcp,
        }
    }

    /// tshark's name (`-z follow,http,…`).
    pub fn name(self) -> &'static str {
        match self {
            Follow::Tcp => "tcp",
            Follow::Udp => "udp",
            Follow::Tls => "tls",
            Follow::Http => "http",
        }
    }

    /// The transport's filter name (`tcp`).
    pub fn transport_name(self) -> &'static str {
        protocol(self.transport())
    }

    /// The menu's name (`HTTP`).
    pub fn title(self) -> &'static str {
        match self {
            Follow::Tcp => "TCP",
            Follow::Udp => "UDP",
            Follow::Tls => "TLS",
            Follow::Http => "HTTP",
        }
    }

    /// Parses tshark's name.
    pub fn parse(name: &str) -> Option<Follow> {
        Follow::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Follows stream `stream` as `what`; `None` when there is no such stream.
pub fn follow_as(session: &Session, what: Follow, stream: u32) -> Option<Followed> {
    match what {
        Follow::Tcp | Follow::Udp => follow(session, what.transport(), stream),
        Follow::Tls => super::follow_layer::follow_tls(session, stream),
        Follow::Http => super::follow_layer::follow_http(session, stream),
    }
}

/// What tshark shows of `f`: it follows decrypted TLS only, and we hold no keys, so a TLS
/// stream shows no data (the GUI shows the encrypted payloads).
pub fn as_tshark_shows(mut f: Followed) -> Followed {
    if f.what == Follow::Tls {
        f.chunks.clear();
    }
    f
}

/// A followed conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followed {
    /// What was followed.
    pub what: Follow,
    /// TCP or UDP.
    pub kind: TransportKind,
    /// `tcp.stream` / `udp.stream`.
    pub stream: u32,
    /// Node 0: the sender of the first packet.
    pub client: (IpAddr, u16),
    /// Node 1.
    pub server: (IpAddr, u16),
    /// The payload, in order.
    pub chunks: Vec<Chunk>,
}

impl Followed {
    /// The display filter that selects this conversation (`tcp.stream eq 3`).
    pub fn filter(&self) -> String {
        format!("{}.stream eq {}", protocol(self.kind), self.stream)
    }

    /// Bytes sent by each side (client, server).
    pub fn bytes(&self) -> (usize, usize) {
        self.chunks.iter().fold((0, 0), |(c, s), k| {
            if k.from_server {
                (c, s + k.data.len())
            } else {
                (c + k.data.len(), s)
            }
        })
    }
}

fn protocol(kind: TransportKind) -> &'static str {
    match kind {
        TransportKind::Tcp => "tcp",
        TransportKind::Udp => "udp",
    }
}

/// A segment as the follower sees it.
struct Piece {
    frame: u64,
    ts_ns: i64,
    from_server: bool,
    seq: u32,
    data: Vec<u8>,
}

fn lt(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

/// Per direction: next expected sequence number, bytes written, segments waiting.
#[derive(Default)]
struct Side {
    next: u32,
    written: usize,
    waiting: Vec<Piece>,
}

/// Wireshark's TCP follower.
#[derive(Default)]
struct TcpFollower {
    sides: [Side; 2],
    out: Vec<Chunk>,
}

impl TcpFollower {
    fn emit(&mut self, p: Piece) {
        self.out.push(Chunk {
            frame: p.frame,
            ts_ns: p.ts_ns,
            from_server: p.from_server,
            data: p.data,
        });
    }

    /// One segment: relative `seq` (SYN counted), announced length, captured payload.
    fn segment(&mut self, mut p: Piece, seg_len: u32, ack: Option<u32>) {
        let dir = usize::from(p.from_server);
        if let Some(ack) = ack {
            // The other side acknowledges data we may not have seen.
            while self.release(1 - dir, Some((ack, p.frame))) {}
        }
        let side = &mut self.sides[dir];
        if side.written == 0 && side.next == 0 {
            side.next = p.seq;
        }
        let mut length = seg_len;
        if lt(p.seq, side.next) {
            let end = p.seq.wrapping_add(length);
            if lt(side.next, end) {
                let skip = side.next.wrapping_sub(p.seq) as usize;
                p.data = p.data.get(skip..).unwrap_or(&[]).to_vec();
                p.seq = side.next;
                length = end.wrapping_sub(side.next);
            }
        }
        if p.data.is_empty() || lt(p.seq, side.next) {
            return;
        }
        if p.seq == side.next {
            side.next = side.next.wrapping_add(length);
            side.written += p.data.len();
            self.emit(p);
            while self.release(dir, None) {}
        } else {
            side.waiting.push(p);
        }
    }

    /// Delivers one waiting segment of direction `dir` that now fits; with an ACK, a gap the
    /// receiver acknowledged is closed by a placeholder. True when something happened.
    fn release(&mut self, dir: usize, acked: Option<(u32, u64)>) -> bool {
        let side = &mut self.sides[dir];
        let Some(lowest) = side
            .waiting
            .iter()
            .map(|p| p.seq)
            .reduce(|a, b| if lt(b, a) { b } else { a })
        else {
            return false;
        };
        let next = side.next;
        if let Some(k) = side
            .waiting
            .iter()
            .position(|p| lt(p.seq, next) || p.seq == next)
        {
            let mut p = side.waiting.remove(k);
            if p.seq == next {
                side.next = next.wrapping_add(p.data.len() as u32);
                if !p.data.is_empty() {
                    self.emit(p);
                }
                return true;
            }
            let end = p.seq.wrapping_add(p.data.len() as u32);
            if lt(next, end) {
                let skip = next.wrapping_sub(p.seq) as usize;
                side.next = end;
                p.data = p.data.get(skip..).unwrap_or(&[]).to_vec();
                if !p.data.is_empty() {
                    self.emit(p);
                }
            }
            return true;
        }
        let Some((_, frame)) = acked.filter(|(ack, _)| lt(lowest, *ack)) else {
            return false;
        };
        let missing = lowest.wrapping_sub(next) as i32;
        let mut data = format!("[{missing} bytes missing in capture file]").into_bytes();
        data.push(0);
        side.next = lowest;
        // The placeholder has no time of its own (tshark shows 0).
        self.emit(Piece {
            frame,
            ts_ns: 0,
            from_server: dir == 1,
            seq: lowest,
            data,
        });
        true
    }
}

/// The flow id and flow of stream `stream` of `kind`.
pub(super) fn flow_of(
    session: &Session,
    kind: TransportKind,
    stream: u32,
) -> Option<(u32, &crate::store::flows::Flow)> {
    let (id, flow) = session
        .flows
        .iter()
        .enumerate()
        .find(|(_, f)| f.kind == kind && f.stream == stream)?;
    Some((u32::try_from(id).ok()?, flow))
}

/// Follows stream `stream` of `kind`; `None` when there is no such stream.
pub fn follow(session: &Session, kind: TransportKind, stream: u32) -> Option<Followed> {
    let (flow_id, flow) = flow_of(session, kind, stream)?;
    let mut tcp = TcpFollower::default();
    let mut udp = Vec::new();
    for i in 0..session.len() {
        let Some(r) = session.record(i).filter(|r| r.flow == flow_id) else {
            continue;
        };
        let from_server = r.flags & flags::REVERSE != 0;
        // One read and one context per packet: the dissection and the payload share them.
        let (Ok(frame), Some(info)) = (session.bytes(i), session.frame_info(i)) else {
            continue;
        };
        let ctx = session.context(i);
        let d = crate::dissect::dissect(&info, &frame, &ctx, false);
        let Some(t) = d.transport.filter(|t| !t.fragment) else {
            continue;
        };
        // A reassembled datagram's payload lies in the reassembled bytes.
        let bytes = match &ctx.ip_reassembled {
            Some(re) => re.payload.to_vec(),
            None => frame,
        };
        let data = bytes.get(t.payload.clone()).unwrap_or(&[]).to_vec();
        let piece = |seq| Piece {
            frame: i as u64 + 1,
            ts_ns: r.ts_ns,
            from_server,
            seq,
            data,
        };
        match kind {
            TransportKind::Udp => udp.push(piece(0)),
            TransportKind::Tcp => {
                let ctx = ctx.tcp.unwrap_or_default();
                let syn = u32::from(t.flags & 0x002 != 0);
                let seq = t.seq.wrapping_sub(ctx.seq_base).wrapping_add(syn);
                let ack = (t.flags & 0x010 != 0).then(|| t.ack.wrapping_sub(ctx.ack_base));
                tcp.segment(piece(seq), t.seg_len, ack);
            }
        }
    }
    let chunks = match kind {
        TransportKind::Tcp => tcp.out,
        TransportKind::Udp => udp
            .into_iter()
            .filter(|p| !p.data.is_empty())
            .map(|p| Chunk {
                frame: p.frame,
                ts_ns: p.ts_ns,
                from_server: p.from_server,
                data: p.data,
            })
            .collect(),
    };
    Some(Followed {
        what: match kind {
            TransportKind::Tcp => Follow::Tcp,
            TransportKind::Udp => Follow::Udp,
        },
        kind,
        stream,
        client: flow.a,
        server: flow.b,
        chunks,
    })
}

/// How `-z follow` prints the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Printable bytes, others as `.`; each chunk after its length.
    Ascii,
    /// A hex dump per chunk, offsets counted per direction.
    Hex,
    /// Each chunk as one line of hex digits.
    Raw,
    /// YAML with base64 data.
    Yaml,
}

impl Mode {
    /// Parses tshark's mode name.
    pub fn parse(name: &str) -> Option<Mode> {
        match name {
            "ascii" => Some(Mode::Ascii),
            "hex" => Some(Mode::Hex),
            "raw" => Some(Mode::Raw),
            "yaml" => Some(Mode::Yaml),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Mode::Ascii => "ascii",
            Mode::Hex => "hex",
            Mode::Raw => "raw",
            Mode::Yaml => "yaml",
        }
    }
}

const SEPARATOR: &str = "===================================================================\n";

fn node(addr: (IpAddr, u16), v6: bool) -> String {
    if v6 {
        format!("[{}]:{}", addr.0, addr.1)
    } else {
        format!("{}:{}", addr.0, addr.1)
    }
}

/// A layer's follower learns the two nodes from its first message: with none, tshark prints
/// them empty.
fn nodes_unknown(f: &Followed) -> bool {
    f.chunks.is_empty() && matches!(f.what, Follow::Tls | Follow::Http)
}

/// The text tshark's `-q -z follow,PROTO,MODE,STREAM` prints.
pub fn render(f: &Followed, mode: Mode) -> String {
    if mode == Mode::Yaml {
        return yaml(f);
    }
    let v6 = f.client.0.is_ipv6();
    let unknown = nodes_unknown(f);
    let show = |addr| {
        if unknown {
            ":0".to_string()
        } else {
            node(addr, v6)
        }
    };
    let mut out = format!(
        "\n{SEPARATOR}Follow: {},{}\nFilter: {}\nNode 0: {}\nNode 1: {}\n",
        f.what.name(),
        mode.name(),
        f.filter(),
        show(f.client),
        show(f.server)
    );
    let mut offsets = [0usize; 2];
    for c in &f.chunks {
        let tab = if c.from_server { "\t" } else { "" };
        match mode {
            Mode::Ascii => {
                out.push_str(&format!("{tab}{}\n", c.data.len()));
                out.extend(c.data.iter().map(|&b| ascii(b)));
                out.push('\n');
            }
            Mode::Hex => {
                let at = &mut offsets[usize::from(c.from_server)];
                hex_dump(&mut out, tab, *at, &c.data);
                *at += c.data.len();
            }
            Mode::Raw => {
                out.push_str(tab);
                out.extend(c.data.iter().map(|b| format!("{b:02x}")));
                out.push('\n');
            }
            Mode::Yaml => {}
        }
    }
    out.push_str(SEPARATOR);
    out
}

/// A byte as the ascii view shows it: CR and LF kept, other unprintables as `.`.
pub fn ascii(b: u8) -> char {
    match b {
        b'\r' | b'\n' => char::from(b),
        0x20..=0x7e => char::from(b),
        _ => '.',
    }
}

/// tshark's hex dump of `data` starting at offset `start`, each line after `prefix`.
pub fn hex_dump(out: &mut String, prefix: &str, start: usize, data: &[u8]) {
    for (k, line) in data.chunks(16).enumerate() {
        let mut hex = String::with_capacity(49);
        let mut text = String::with_capacity(17);
        for (j, b) in line.iter().enumerate() {
            hex.push_str(&format!("{b:02x} "));
            text.push(if (0x20..0x7f).contains(b) {
                char::from(*b)
            } else {
                '.'
            });
            if j == 7 {
                hex.push(' ');
                text.push(' ');
            }
        }
        let text = text.strip_suffix(' ').unwrap_or(&text);
        let offset = start + k * 16;
        out.push_str(&format!("{prefix}{offset:08X}  {hex:<49} {text}\n"));
    }
}

fn yaml(f: &Followed) -> String {
    let mut out = String::from("peers:\n");
    let unknown = nodes_unknown(f);
    for (k, (addr, port)) in [f.client, f.server].iter().enumerate() {
        let (addr, port) = if unknown {
            (String::new(), 0)
        } else {
            (addr.to_string(), *port)
        };
        out.push_str(&format!(
            "  - peer: {k}\n    host: {addr}\n    port: {port}\n"
        ));
    }
    out.push_str("packets:\n");
    for c in &f.chunks {
        // tshark prints the time as a double (seconds + ns / 1e9), rounding included.
        let secs = c.ts_ns.div_euclid(1_000_000_000) as f64;
        let nanos = c.ts_ns.rem_euclid(1_000_000_000) as f64;
        let time = secs + nanos / 1e9;
        out.push_str(&format!(
            "  - packet: {}\n    peer: {}\n    timestamp: {time:.9}\n    data: !!binary |\n",
            c.frame,
            u8::from(c.from_server)
        ));
        let encoded = crate::dissect::format::base64(&c.data);
        for line in encoded.as_bytes().chunks(76) {
            out.push_str("      ");
            out.push_str(&String::from_utf8_lossy(line));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_dump_lines_are_tsharks() {
        let mut out = String::new();
        hex_dump(&mut out, "\t", 0xa0, b"GET /page/700 HTTP/1.1\r\n");
        assert_eq!(
            out,
            "\t000000A0  47 45 54 20 2f 70 61 67  65 2f 37 30 30 20 48 54  GET /pag e/700 HT\n\
             \t000000B0  54 50 2f 31 2e 31 0d 0a                           TP/1.1..\n"
        );
    }
}
