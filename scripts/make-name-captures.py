#!/usr/bin/env python3
"""Writes tests/captures/mdns-llmnr.pcap: multicast name resolution as it fills real LANs --
mDNS (RFC 6762) queries asking for unicast ("QU") or multicast ("QM") answers, responses with
and without the cache-flush bit (A, AAAA, PTR, SRV, TXT), and LLMNR (RFC 4795) queries and
responses. No program on this machine speaks them, so scapy builds them (pip install scapy==2.6.1).
Addresses: 198.18.0.0/15, 2001:db8::/32 and the protocols' multicast groups.
Usage: scripts/make-name-captures.py [OUT]
"""
import sys

from scapy.all import (DNS, DNSQR, DNSRR, DNSRRSRV, IP, UDP, Ether, IPv6, wrpcap)

OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/captures/mdns-llmnr.pcap"
MDNS4 = Ether(src="02:00:00:00:00:01", dst="01:00:5e:00:00:fb") / IP(
    src="198.18.0.1", dst="224.0.0.251", ttl=255) / UDP(sport=5353, dport=5353)
MDNS6 = Ether(src="02:00:00:00:00:01", dst="33:33:00:00:00:fb") / IPv6(
    src="2001:db8::1", dst="ff02::fb", hlim=255) / UDP(sport=5353, dport=5353)
LLMNR_Q = Ether(src="02:00:00:00:00:02", dst="01:00:5e:00:00:fc") / IP(
    src="198.18.0.2", dst="224.0.0.252", ttl=1) / UDP(sport=50123, dport=5355)
LLMNR_R = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IP(
    src="198.18.0.1", dst="198.18.0.2") / UDP(sport=5355, dport=50123)

packets = [
    MDNS4 / DNS(id=0, qd=[DNSQR(qname="_services._dns-sd._udp.local", qtype="PTR")]),
    MDNS4 / DNS(id=0, qd=[DNSQR(qname="printer.local", qtype="A", unicastresponse=1),
                          DNSQR(qname="printer.local", qtype="AAAA")]),
    MDNS4 / DNS(id=0, qr=1, aa=1, qd=[], an=[
        DNSRR(rrname="printer.local", type="A", cacheflush=1, ttl=120, rdata="198.18.0.1"),
        DNSRR(rrname="_ipp._tcp.local", type="PTR", ttl=4500, rdata="office._ipp._tcp.local"),
    ]),
    MDNS4 / DNS(id=0, qr=1, aa=1, qd=[], an=[
        DNSRRSRV(rrname="office._ipp._tcp.local", cacheflush=1, ttl=120, priority=0, weight=0,
                 port=631, target="printer.local"),
        DNSRR(rrname="office._ipp._tcp.local", type="TXT", cacheflush=1, ttl=4500,
              rdata=[b"txtvers=1", b"rp=ipp/print"]),
    ]),
    MDNS6 / DNS(id=0, qd=[DNSQR(qname="nas.local", qtype="AAAA", unicastresponse=1)]),
    MDNS6 / DNS(id=0, qr=1, aa=1, qd=[], an=[
        DNSRR(rrname="nas.local", type="AAAA", cacheflush=1, ttl=120, rdata="2001:db8::20"),
    ]),
    LLMNR_Q / DNS(id=0x4a21, qd=[DNSQR(qname="wpad", qtype="A")]),
    LLMNR_R / DNS(id=0x4a21, qr=1, qd=[DNSQR(qname="wpad", qtype="A")],
                  an=[DNSRR(rrname="wpad", type="A", ttl=30, rdata="198.18.0.1")]),
    LLMNR_Q / DNS(id=0x4a22, qd=[DNSQR(qname="fileserver", qtype="AAAA")]),
]
for k, p in enumerate(packets):
    p.time = 1700000000 + k * 0.25
wrpcap(OUT, packets)
print(f"wrote {OUT}: {len(packets)} packets")
