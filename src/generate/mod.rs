//! A deterministic traffic generator: mixed, realistic captures of any size for tests and
//! benchmarks (TCP handshakes, HTTP with segmented bodies, TLS with SNI, DNS over UDP and
//! TCP, ICMP echo and errors, ARP, IPv6, VLAN tags, DHCP, IP fragments, retransmissions, and
//! TCP transfers with loss, reordering, duplicate ACKs, zero windows and keep-alives).
//! Same seed, same bytes.

mod payloads;
mod trouble;

use etherparse::{
    ArpHardwareId, ArpOperation, ArpPacket, EtherType, IpNumber, Ipv4Header, PacketBuilder,
    TcpOptionElement, VlanId,
};
use std::collections::VecDeque;

/// One generated frame (Ethernet II).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenPacket {
    /// Capture time, ns since the epoch.
    pub ts_ns: i64,
    /// Frame bytes.
    pub data: Vec<u8>,
}

/// xorshift64*: small, fast and fully deterministic.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[derive(Debug, Clone, Copy)]
struct Host {
    mac: [u8; 6],
    v4: [u8; 4],
    v6: [u8; 16],
}

fn host(kind: u8, n: u16) -> Host {
    let [hi, lo] = n.to_be_bytes();
    let mut v6 = [
        0x20, 0x01, 0x0d, 0xb8, 0, kind, 0, 0, 0, 0, 0, 0, 0, 0, hi, lo,
    ];
    v6[7] = 1;
    Host {
        mac: [0x02, kind, 0, 0, hi, lo],
        v4: if kind == 1 {
            [10, 0, hi, lo]
        } else {
            [93, 184, hi, lo]
        },
        v6,
    }
}

const SITES: [&str; 8] = [
    "example.com",
    "wirelens.dev",
    "api.example.org",
    "cdn.example.net",
    "mail.example.com",
    "tcpdump.org",
    "www.wireshark.org",
    "login.example.io",
];

/// Endpoints and options of one conversation.
#[derive(Debug, Clone, Copy)]
struct Conn {
    client: Host,
    server: Host,
    cport: u16,
    sport: u16,
    v6: bool,
    vlan: Option<u16>,
}

/// TCP header values of one segment.
#[derive(Debug, Clone, Copy)]
struct Seg {
    seq: u32,
    ack: u32,
    syn: bool,
    fin: bool,
    psh: bool,
    has_ack: bool,
}

/// The generator; an iterator of frames.
#[derive(Debug)]
pub struct Generator {
    rng: Rng,
    ts_ns: i64,
    queue: VecDeque<GenPacket>,
    remaining: u64,
    next_port: u16,
}

impl Generator {
    /// `count` frames from `seed`, starting at 2024-01-01T00:00:00Z.
    pub fn new(count: u64, seed: u64) -> Self {
        Generator {
            rng: Rng(seed | 1),
            ts_ns: 1_704_067_200_000_000_000,
            queue: VecDeque::new(),
            remaining: count,
            next_port: 40_000,
        }
    }

    fn tick(&mut self, max_us: u64) -> i64 {
        self.ts_ns += i64::try_from(1 + self.rng.below(max_us * 1000)).unwrap_or(1);
        self.ts_ns
    }

    fn emit(&mut self, data: Vec<u8>, max_gap_us: u64) {
        let ts_ns = self.tick(max_gap_us);
        self.queue.push_back(GenPacket { ts_ns, data });
    }

    fn conn(&mut self, sport: u16) -> Conn {
        self.next_port = if self.next_port >= 60_999 {
            40_000
        } else {
            self.next_port + 1
        };
        let v6 = self.rng.below(5) == 0;
        let vlan = (self.rng.below(8) == 0).then(|| 100 + self.rng.below(4) as u16);
        Conn {
            client: host(1, 2 + self.rng.below(200) as u16),
            server: host(2, 1 + self.rng.below(40) as u16),
            cport: self.next_port,
            sport,
            v6,
            vlan,
        }
    }

    /// Generates the next conversation into the queue.
    fn scenario(&mut self) {
        match self.rng.below(100) {
            0..=29 => self.http(),
            30..=54 => self.tls(),
            55..=74 => self.dns_udp(),
            75..=78 => self.dns_tcp(),
            79..=85 => self.ping(),
            86..=89 => self.arp(),
            90..=92 => self.port_unreachable(),
            93..=95 => self.dhcp(),
            96 => self.troubled_transfer(),
            _ => self.fragmented_udp(),
        }
    }

    fn handshake(&mut self, c: &Conn, cseq: u32, sseq: u32) {
        let syn = Seg {
            seq: cseq,
            ack: 0,
            syn: true,
            fin: false,
            psh: false,
            has_ack: false,
        };
        self.emit(tcp_frame(c, true, syn, &[]), 20_000);
        let synack = Seg {
            seq: sseq,
            ack: cseq + 1,
            syn: true,
            fin: false,
            psh: false,
            has_ack: true,
        };
        self.emit(tcp_frame(c, false, synack, &[]), 30_000);
        self.emit(tcp_frame(c, true, ack(cseq + 1, sseq + 1), &[]), 500);
    }

    /// Sends `data` from one side in MSS-sized segments; returns the next sequence number.
    fn send(&mut self, c: &Conn, from_client: bool, seq: u32, peer: u32, data: &[u8]) -> u32 {
        let mut seq = seq;
        for chunk in data.chunks(1448) {
            let s = Seg {
                seq,
                ack: peer,
                syn: false,
                fin: false,
                psh: true,
                has_ack: true,
            };
            self.emit(tcp_frame(c, from_client, s, chunk), 2_000);
            if self.rng.below(200) == 0 {
                // A retransmission of the same segment.
                self.emit(tcp_frame(c, from_client, s, chunk), 200_000);
            }
            seq = seq.wrapping_add(chunk.len() as u32);
        }
        seq
    }

    fn close(&mut self, c: &Conn, cseq: u32, sseq: u32) {
        let fin = Seg {
            seq: cseq,
            ack: sseq,
            syn: false,
            fin: true,
            psh: false,
            has_ack: true,
        };
        self.emit(tcp_frame(c, true, fin, &[]), 5_000);
        let fin2 = Seg {
            seq: sseq,
            ack: cseq + 1,
            syn: false,
            fin: true,
            psh: false,
            has_ack: true,
        };
        self.emit(tcp_frame(c, false, fin2, &[]), 5_000);
        self.emit(tcp_frame(c, true, ack(cseq + 1, sseq + 1), &[]), 500);
    }

    fn http(&mut self) {
        let sport = if self.rng.below(4) == 0 { 8080 } else { 80 };
        let c = self.conn(sport);
        let (cseq, sseq) = (self.rng.next() as u32, self.rng.next() as u32);
        self.handshake(&c, cseq, sseq);
        let site = SITES[self.rng.below(SITES.len() as u64) as usize];
        let req = payloads::http_request(site, &format!("/page/{}", self.rng.below(1000)));
        let c1 = self.send(&c, true, cseq + 1, sseq + 1, &req);
        let body = 200 + self.rng.below(6000) as usize;
        let kind = if self.rng.below(3) == 0 {
            "application/octet-stream"
        } else {
            "text/html"
        };
        let s1 = self.send(
            &c,
            false,
            sseq + 1,
            c1,
            &payloads::http_response(body, kind),
        );
        self.emit(tcp_frame(&c, true, ack(c1, s1), &[]), 1_000);
        self.close(&c, c1, s1);
    }

    fn tls(&mut self) {
        let c = self.conn(443);
        let (cseq, sseq) = (self.rng.next() as u32, self.rng.next() as u32);
        self.handshake(&c, cseq, sseq);
        let site = SITES[self.rng.below(SITES.len() as u64) as usize];
        let random = self
            .rng
            .next()
            .to_be_bytes()
            .repeat(4)
            .try_into()
            .unwrap_or([7; 32]);
        let c1 = self.send(
            &c,
            true,
            cseq + 1,
            sseq + 1,
            &payloads::tls_client_hello(site, random),
        );
        let s1 = self.send(&c, false, sseq + 1, c1, &payloads::tls_server_hello(random));
        let mut cs = (c1, s1);
        for _ in 0..1 + self.rng.below(4) {
            let len = 50 + self.rng.below(3000) as usize;
            cs.1 = self.send(&c, false, cs.1, cs.0, &payloads::tls_app_data(len, 0xa5));
            cs.0 = self.send(&c, true, cs.0, cs.1, &payloads::tls_app_data(40, 0x3c));
        }
        self.close(&c, cs.0, cs.1);
    }

    fn dns_udp(&mut self) {
        let c = self.conn(53);
        let id = self.rng.next() as u16;
        let site = SITES[self.rng.below(SITES.len() as u64) as usize];
        let (qtype, addr) = if self.rng.below(3) == 0 {
            (28u16, c.server.v6.to_vec())
        } else {
            (1, c.server.v4.to_vec())
        };
        let cname = (self.rng.below(3) == 0).then_some("edge.cdn.example.net");
        self.emit(
            udp_frame(&c, true, &payloads::dns_query(id, site, qtype)),
            50_000,
        );
        self.emit(
            udp_frame(
                &c,
                false,
                &payloads::dns_response(id, site, qtype, cname, &addr),
            ),
            40_000,
        );
    }

    fn dns_tcp(&mut self) {
        let c = self.conn(53);
        let (cseq, sseq) = (self.rng.next() as u32, self.rng.next() as u32);
        self.handshake(&c, cseq, sseq);
        let id = self.rng.next() as u16;
        let framed = |m: Vec<u8>| [(m.len() as u16).to_be_bytes().to_vec(), m].concat();
        let q = framed(payloads::dns_query(id, "tcpdump.org", 1));
        let c1 = self.send(&c, true, cseq + 1, sseq + 1, &q);
        let r = framed(payloads::dns_response(
            id,
            "tcpdump.org",
            1,
            None,
            &c.server.v4,
        ));
        // Length prefix and message in separate segments: exercises reassembly.
        let s_mid = self.send(&c, false, sseq + 1, c1, r.get(..2).unwrap_or(&[]));
        let s1 = self.send(&c, false, s_mid, c1, r.get(2..).unwrap_or(&[]));
        self.close(&c, c1, s1);
    }

    fn ping(&mut self) {
        let c = self.conn(0);
        let (id, seq) = (self.rng.next() as u16, self.rng.below(100) as u16);
        let b = PacketBuilder::ethernet2(c.client.mac, c.server.mac)
            .ipv4(c.client.v4, c.server.v4, 64)
            .icmpv4_echo_request(id, seq);
        let payload = [0x42u8; 48];
        self.emit(
            write(b.size(payload.len()), |v| b.write(v, &payload).is_ok()),
            100_000,
        );
        let r = PacketBuilder::ethernet2(c.server.mac, c.client.mac)
            .ipv4(c.server.v4, c.client.v4, 57)
            .icmpv4(etherparse::Icmpv4Type::EchoReply(
                etherparse::IcmpEchoHeader { id, seq },
            ));
        self.emit(
            write(r.size(payload.len()), |v| r.write(v, &payload).is_ok()),
            30_000,
        );
    }

    fn arp(&mut self) {
        let c = self.conn(0);
        let Ok(req) = ArpPacket::new(
            ArpHardwareId::ETHERNET,
            EtherType::IPV4,
            ArpOperation::REQUEST,
            &c.client.mac,
            &c.client.v4,
            &[0; 6],
            &c.server.v4,
        ) else {
            return;
        };
        let b = PacketBuilder::ethernet2(c.client.mac, [0xff; 6]).arp(req);
        self.emit(write(b.size(), |v| b.write(v).is_ok()), 100_000);
        let Ok(rep) = ArpPacket::new(
            ArpHardwareId::ETHERNET,
            EtherType::IPV4,
            ArpOperation::REPLY,
            &c.server.mac,
            &c.server.v4,
            &c.client.mac,
            &c.client.v4,
        ) else {
            return;
        };
        let b = PacketBuilder::ethernet2(c.server.mac, c.client.mac).arp(rep);
        self.emit(write(b.size(), |v| b.write(v).is_ok()), 1_000);
    }

    fn port_unreachable(&mut self) {
        let port = 33_434 + self.rng.below(100) as u16;
        let mut c = self.conn(port);
        c.v6 = false;
        c.vlan = None;
        let probe = udp_frame(&c, true, b"probe");
        let quoted = probe
            .get(14..probe.len().min(14 + 28))
            .unwrap_or(&[])
            .to_vec();
        self.emit(probe, 50_000);
        let b = PacketBuilder::ethernet2(c.server.mac, c.client.mac)
            .ipv4(c.server.v4, c.client.v4, 64)
            .icmpv4(etherparse::Icmpv4Type::DestinationUnreachable(
                etherparse::icmpv4::DestUnreachableHeader::Port,
            ));
        self.emit(
            write(b.size(quoted.len()), |v| b.write(v, &quoted).is_ok()),
            1_000,
        );
    }

    fn dhcp(&mut self) {
        let client = host(1, 250);
        let xid = self.rng.next() as u32;
        for (kind, from_client) in [(1u8, true), (2, false), (3, true), (5, false)] {
            let msg = payloads::dhcp(
                kind,
                xid,
                client.mac,
                if from_client { [0; 4] } else { [10, 0, 0, 250] },
                "gen-laptop",
            );
            let (src, dst, sp, dp) = if from_client {
                ([0, 0, 0, 0], [255; 4], 68, 67)
            } else {
                ([10, 0, 0, 1], [255; 4], 67, 68)
            };
            let b = PacketBuilder::ethernet2(client.mac, [0xff; 6])
                .ipv4(src, dst, 64)
                .udp(sp, dp);
            self.emit(
                write(b.size(msg.len()), |v| b.write(v, &msg).is_ok()),
                300_000,
            );
        }
    }

    /// A 3000-byte UDP datagram sent as three IPv4 fragments.
    fn fragmented_udp(&mut self) {
        let c = self.conn(9000);
        let mut datagram = Vec::new();
        datagram.extend_from_slice(&c.cport.to_be_bytes());
        datagram.extend_from_slice(&c.sport.to_be_bytes());
        datagram.extend_from_slice(&3008u16.to_be_bytes());
        datagram.extend_from_slice(&[0, 0]);
        datagram.extend((0..3000u32).map(|i| (i % 251) as u8));
        let id = self.rng.next() as u16;
        for (k, chunk) in datagram.chunks(1480).enumerate() {
            let Ok(mut ip) = Ipv4Header::new(
                chunk.len() as u16,
                64,
                IpNumber::UDP,
                c.client.v4,
                c.server.v4,
            ) else {
                return;
            };
            ip.identification = id;
            ip.more_fragments = (k + 1) * 1480 < datagram.len();
            ip.fragment_offset =
                etherparse::IpFragOffset::try_new((k * 1480 / 8) as u16).unwrap_or_default();
            ip.header_checksum = ip.calc_header_checksum();
            let mut f = Vec::with_capacity(14 + 20 + chunk.len());
            f.extend_from_slice(&c.server.mac);
            f.extend_from_slice(&c.client.mac);
            f.extend_from_slice(&[0x08, 0x00]);
            f.extend_from_slice(&ip.to_bytes());
            f.extend_from_slice(chunk);
            self.emit(f, 300);
        }
    }
}

fn ack(seq: u32, ack: u32) -> Seg {
    Seg {
        seq,
        ack,
        syn: false,
        fin: false,
        psh: false,
        has_ack: true,
    }
}

fn write(size: usize, f: impl FnOnce(&mut Vec<u8>) -> bool) -> Vec<u8> {
    let mut v = Vec::with_capacity(size);
    if f(&mut v) { v } else { Vec::new() }
}

/// Ethernet [+ VLAN] + IPv4/IPv6 headers for one direction of `c`.
fn ip_step(c: &Conn, from_client: bool) -> etherparse::PacketBuilderStep<etherparse::IpHeaders> {
    let (a, b) = if from_client {
        (c.client, c.server)
    } else {
        (c.server, c.client)
    };
    let eth = PacketBuilder::ethernet2(a.mac, b.mac);
    let ttl = if from_client { 64 } else { 53 };
    match (c.vlan.and_then(|v| VlanId::try_new(v).ok()), c.v6) {
        (Some(v), false) => eth.single_vlan(v).ipv4(a.v4, b.v4, ttl),
        (Some(v), true) => eth.single_vlan(v).ipv6(a.v6, b.v6, ttl),
        (None, false) => eth.ipv4(a.v4, b.v4, ttl),
        (None, true) => eth.ipv6(a.v6, b.v6, ttl),
    }
}

fn tcp_frame(c: &Conn, from_client: bool, s: Seg, payload: &[u8]) -> Vec<u8> {
    let syn_options = [
        TcpOptionElement::MaximumSegmentSize(1460),
        TcpOptionElement::Noop,
        TcpOptionElement::WindowScale(7),
    ];
    let options: &[TcpOptionElement] = if s.syn { &syn_options } else { &[] };
    tcp_segment(c, from_client, s, 64_240, options, payload)
}

/// One TCP segment of `c` with this window and these options.
fn tcp_segment(
    c: &Conn,
    from_client: bool,
    s: Seg,
    window: u16,
    options: &[TcpOptionElement],
    payload: &[u8],
) -> Vec<u8> {
    let (sp, dp) = if from_client {
        (c.cport, c.sport)
    } else {
        (c.sport, c.cport)
    };
    let mut b = ip_step(c, from_client).tcp(sp, dp, s.seq, window);
    if s.syn {
        b = b.syn();
    }
    if s.fin {
        b = b.fin();
    }
    if s.psh {
        b = b.psh();
    }
    if s.has_ack {
        b = b.ack(s.ack);
    }
    if !options.is_empty() {
        b = match b.options(options) {
            Ok(b) => b,
            Err(_) => return Vec::new(),
        };
    }
    write(b.size(payload.len()), |v| b.write(v, payload).is_ok())
}

fn udp_frame(c: &Conn, from_client: bool, payload: &[u8]) -> Vec<u8> {
    let (sp, dp) = if from_client {
        (c.cport, c.sport)
    } else {
        (c.sport, c.cport)
    };
    let b = ip_step(c, from_client).udp(sp, dp);
    write(b.size(payload.len()), |v| b.write(v, payload).is_ok())
}

impl Iterator for Generator {
    type Item = GenPacket;

    fn next(&mut self) -> Option<GenPacket> {
        if self.remaining == 0 {
            return None;
        }
        while self.queue.is_empty() {
            self.scenario();
        }
        self.remaining -= 1;
        self.queue.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_nonempty() {
        let a: Vec<_> = Generator::new(500, 7).collect();
        let b: Vec<_> = Generator::new(500, 7).collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 500);
        assert!(a.iter().all(|p| p.data.len() >= 42));
        assert!(a.windows(2).all(|w| w[0].ts_ns < w[1].ts_ns));
    }
}
