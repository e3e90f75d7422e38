#!/usr/bin/env python3
"""Writes tests/captures/mdns-llmnr.pcap and tests/captures/ssdp.pcap: multicast name resolution as it fills real LANs --
mDNS (RFC 6762) queries asking for unicast ("QU") or multicast ("QM") answers, responses with
and without the cache-flush bit (A, AAAA, PTR, SRV, TXT), and LLMNR (RFC 4795) queries and
responses; SSDP (UPnP discovery) searches, notifications and answers. No program on this
machine speaks them, so scapy builds them (pip install scapy==2.6.1).
Addresses: 198.18.0.0/15, 2001:db8::/32 and the protocols' multicast groups.
Usage: scripts/make-name-captures.py [DIR]
"""
import sys

from scapy.all import (DNS, DNSQR, DNSRR, DNSRRSRV, IP, UDP, Ether, IPv6, Raw, wrpcap)

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
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
SSDP_M = Ether(src="02:00:00:00:00:02", dst="01:00:5e:7f:ff:fa") / IP(
    src="198.18.0.2", dst="239.255.255.250", ttl=4) / UDP(sport=50200, dport=1900)
SSDP_R = Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / IP(
    src="198.18.0.1", dst="198.18.0.2") / UDP(sport=1900, dport=50200)
ssdp = [
    SSDP_M / Raw(b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n"
                 b"MX: 2\r\nST: ssdp:all\r\nUSER-AGENT: wirelens-test/1.0\r\n\r\n"),
    SSDP_R / Raw(b"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
                 b"LOCATION: http://198.18.0.1:49152/desc.xml\r\nSERVER: Linux/6.1 UPnP/1.0 test/1\r\n"
                 b"ST: upnp:rootdevice\r\nUSN: uuid:1234::upnp:rootdevice\r\n\r\n"),
    SSDP_M / Raw(b"NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\n"
                 b"LOCATION: http://198.18.0.2:80/desc.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n"
                 b"SERVER: Linux/6.1 UPnP/1.0 test/1\r\nUSN: uuid:5678::upnp:rootdevice\r\n\r\n"),
]
for name, batch in (("mdns-llmnr.pcap", packets), ("ssdp.pcap", ssdp)):
    for k, p in enumerate(batch):
        p.time = 1700000000 + k * 0.25
    wrpcap(f"{DIR}/{name}", batch)
    print(f"wrote {DIR}/{name}: {len(batch)} packets")
