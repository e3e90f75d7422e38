#!/usr/bin/env python3
"""Writes tests/captures/dns-transactions.pcap: DNS as a resolver sees it, for the request and
response matching of `-z dns,tree` -- answered queries over UDP and TCP, a query repeated before
its answer (a retransmission), a duplicated answer, an answer nobody asked for, the same id
reused after the answer, error rcodes, many query types and classes, NOTIFY and UPDATE opcodes,
and names from the root to five labels deep. scapy builds them (pip install scapy==2.6.1);
times are fixed so the capture is the same on every run.
Addresses: 198.18.0.0/15.
Usage: scripts/make-dns-capture.py [DIR]
"""
import sys

from scapy.all import DNS, DNSQR, DNSRR, IP, TCP, UDP, Ether, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
CLIENT, SERVER = "198.18.0.1", "198.18.0.53"
MACS = dict(src="02:00:00:00:00:01", dst="02:00:00:00:00:35")


def query(qid, name, qtype="A", sport=40000, qclass="IN", opcode=0):
    return Ether(**MACS) / IP(src=CLIENT, dst=SERVER) / UDP(sport=sport, dport=53) / DNS(
        id=qid, rd=1, opcode=opcode, qd=DNSQR(qname=name, qtype=qtype, qclass=qclass))


def answer(qid, name, qtype="A", sport=40000, rdata=None, rcode=0, opcode=0, extra=0):
    an = [DNSRR(rrname=name, type=qtype, ttl=300, rdata=r) for r in (rdata or [])]
    ar = [DNSRR(rrname="ns%d.example" % i, type="A", rdata="198.18.1.%d" % i)
          for i in range(extra)]
    return Ether(src=MACS["dst"], dst=MACS["src"]) / IP(src=SERVER, dst=CLIENT) / UDP(
        sport=53, dport=sport) / DNS(id=qid, qr=1, rd=1, ra=1, opcode=opcode, rcode=rcode,
                                     qd=DNSQR(qname=name, qtype=qtype), an=an or None,
                                     ar=ar or None)


def over_tcp(dns, to_server, seq):
    ends = (CLIENT, SERVER) if to_server else (SERVER, CLIENT)
    ports = (40100, 53) if to_server else (53, 40100)
    body = bytes(dns)
    return Ether(**MACS) / IP(src=ends[0], dst=ends[1]) / TCP(
        sport=ports[0], dport=ports[1], flags="PA", seq=seq, ack=1) / (
            len(body).to_bytes(2, "big") + body)


timeline = [
    (0.000, query(1, "www.example.com")),
    (0.021, answer(1, "www.example.com", rdata=["198.18.2.1"])),
    (0.100, query(2, "mail.example.org", "MX")),
    (0.900, query(2, "mail.example.org", "MX")),  # retransmitted before the answer
    (0.950, answer(2, "mail.example.org", "MX", rdata=[b"\x00\x0a\x02mx\xc0\x0c"])),
    (0.951, answer(2, "mail.example.org", "MX", rdata=[b"\x00\x0a\x02mx\xc0\x0c"])),
    (1.300, answer(77, "nobody.asked", rdata=["198.18.2.7"])),  # unsolicited
    (1.400, query(3, "missing.example.com", "AAAA", sport=40001)),
    (1.430, answer(3, "missing.example.com", "AAAA", sport=40001, rcode=3)),
    (1.500, query(4, "a.b.c.d.example", "TXT", sport=40002)),
    (1.620, answer(4, "a.b.c.d.example", "TXT", sport=40002, rdata=[b"\x05hello"], extra=2)),
    (2.000, query(5, "1.2.0.198.in-addr.arpa", "PTR")),
    (2.012, answer(5, "1.2.0.198.in-addr.arpa", "PTR", rdata=["host.example"])),
    (2.100, query(6, "_sip._udp.example", "SRV")),
    (2.130, answer(6, "_sip._udp.example", "SRV", rcode=2)),
    (2.200, query(7, "example", "HTTPS")),
    (2.210, answer(7, "example", "HTTPS", rcode=5)),
    (2.300, query(8, ".", "NS")),
    (2.301, answer(8, ".", "NS", rdata=["a.root-servers.net"])),
    (2.400, query(9, "version.bind", "TXT", qclass="CH")),
    (2.420, answer(9, "version.bind", "TXT", rdata=[b"\x049.18"])),
    (2.500, query(10, "any.example", "ALL")),
    (2.520, answer(10, "any.example", "ALL", rcode=4)),
    (2.600, query(11, "zone.example", "SOA", opcode=4)),
    (2.610, answer(11, "zone.example", "SOA", opcode=4)),
    (2.700, query(12, "zone.example", "SOA", opcode=5)),
    (2.720, answer(12, "zone.example", "SOA", opcode=5, rcode=9)),
    (3.000, query(1, "www.example.com")),  # the id again, a new transaction
    (3.015, answer(1, "www.example.com", rdata=["198.18.2.1"])),
    (9.000, query(13, "slow.example")),
    (15.000, query(13, "slow.example")),  # past the 5 s window: a new query
    (15.004, answer(13, "slow.example", rdata=["198.18.2.13"])),
]
tcp_query = DNS(id=20, rd=1, qd=DNSQR(qname="big.example", qtype="TXT"))
tcp_answer = DNS(id=20, qr=1, rd=1, ra=1, qd=DNSQR(qname="big.example", qtype="TXT"),
                 an=[DNSRR(rrname="big.example", type="TXT", rdata=[b"\x20" + b"x" * 32])] * 3)
timeline += [
    (16.000, over_tcp(tcp_query, True, 1)),
    (16.040, over_tcp(tcp_answer, False, 1)),
]

packets = []
for at, p in timeline:
    p.time = 1700000000 + at
    packets.append(p)
wrpcap(f"{DIR}/dns-transactions.pcap", packets)
