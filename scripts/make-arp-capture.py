#!/usr/bin/env python3
"""Writes tests/captures/arp-duplicates.pcap: ARP as tshark's duplicate-address detection
sees it -- requests and replies between hosts, a second MAC answering for an address another
host owns (and the owner answering again), a gratuitous request and reply, a probe and an
announcement, a reply whose target pair is a duplicate, reverse ARP, inverse ARP, DRARP,
MARS and unknown opcodes, and packets with unusual address sizes. For the ARP dissector's
Protocol and Info columns and its duplicate-address fields. scapy builds the frames
(pip install scapy==2.6.1); times are fixed, so the capture is the same on every run.
Addresses: 198.18.0.0/15.
Usage: scripts/make-arp-capture.py [DIR]
"""
import struct
import sys

from scapy.all import ARP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
A, B, C = "02:00:5e:10:00:0a", "02:00:5e:10:00:0b", "02:00:5e:10:00:0c"
BCAST, ZERO = "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00"
GW, H1, H2 = "198.18.0.1", "198.18.0.10", "198.18.0.11"


def arp(op, hwsrc, psrc, hwdst, pdst, eth_dst=BCAST, eth_src=None):
    return Ether(src=eth_src or hwsrc, dst=eth_dst) / ARP(
        op=op, hwsrc=hwsrc, psrc=psrc, hwdst=hwdst, pdst=pdst)


def raw_arp(htype, ptype, hlen, plen, op, addresses, etype=0x0806):
    body = struct.pack(">HHBBH", htype, ptype, hlen, plen, op) + addresses
    return Ether(src=A, dst=BCAST, type=etype) / Raw(body)


packets = [
    arp(1, A, H1, ZERO, GW),
    arp(2, C, GW, A, H1, eth_dst=A),
    arp(1, B, H2, ZERO, GW),
    # B answers for the gateway's address: a duplicate of C's.
    arp(2, B, GW, B, H2, eth_dst=B),
    arp(2, C, GW, B, H2, eth_dst=B),
    arp(2, B, GW, A, H1, eth_dst=A),
    # Gratuitous request and reply, a probe and an announcement.
    arp(1, A, H1, A, H1),
    arp(2, A, H1, BCAST, H1),
    arp(1, B, "0.0.0.0", ZERO, "198.18.0.20"),
    arp(1, B, "198.18.0.20", ZERO, "198.18.0.20"),
    # A reply whose target pair claims A's address for B.
    arp(2, C, GW, B, H1, eth_dst=B),
    # Reverse, dynamic reverse and inverse ARP; MARS; experimental, reserved and unknown.
    arp(3, A, "0.0.0.0", A, "0.0.0.0"),
    arp(4, C, GW, A, H1, eth_dst=A),
    arp(5, A, "0.0.0.0", A, "0.0.0.0"),
    arp(7, C, GW, A, "0.0.0.0", eth_dst=A),
    arp(8, A, H1, C, "0.0.0.0", eth_dst=C),
    arp(9, C, GW, A, H1, eth_dst=A),
    arp(11, A, H1, ZERO, "0.0.0.0"),
    arp(24, A, H1, ZERO, GW),
    arp(0, A, H1, ZERO, GW),
    arp(0x1234, A, H1, ZERO, GW),
    # RARP's EtherType with a reverse request, and with a plain request.
    arp(3, A, "0.0.0.0", A, "0.0.0.0") / Raw(b""),
    # Unusual sizes: no hardware address, an 8-byte one, IPv6 and unknown protocol types.
    raw_arp(1, 0x0800, 0, 4, 1, bytes([198, 18, 0, 10, 198, 18, 0, 1])),
    raw_arp(6, 0x0800, 8, 4, 2, bytes(range(8)) + bytes([198, 18, 0, 1]) + bytes(range(8, 16))
            + bytes([198, 18, 0, 10])),
    raw_arp(1, 0x86dd, 6, 16, 1, bytes(6) + bytes(15) + b"\x01" + bytes(6) + bytes(15) + b"\x02"),
    raw_arp(1, 0x1234, 6, 2, 1, bytes(6) + b"\xab\xcd" + bytes(6) + b"\xef\x01"),
    raw_arp(1, 0x0800, 6, 4, 1, bytes(3)),
]
packets[21].type = 0x8035
for i, p in enumerate(packets):
    p.time = 1_700_000_000 + i * 1.5
wrpcap(f"{DIR}/arp-duplicates.pcap", packets)
print(f"wrote {len(packets)} packets to {DIR}/arp-duplicates.pcap")
