#!/usr/bin/env python3
"""Writes tests/captures/nbns.pcap: NetBIOS Name Service as Windows hosts send it -- a
broadcast name query and its positive response, a negative response, a registration with
its NB record, a release, a refresh, a wait-for-acknowledgement, a node status query, and a
name with a scope ID. For the NBNS dissector (Protocol and Info columns, names, NB flags and
addresses). scapy builds the packets (pip install scapy==2.6.1); times are fixed, so the
capture is the same on every run.
Addresses: 198.18.0.0/15.
Usage: scripts/make-nbns-capture.py [DIR]
"""
import struct
import sys

from scapy.all import IP, UDP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"


def encode(name, suffix, scope=b""):
    raw = name.ljust(15)[:15].encode() + bytes([suffix])
    first = bytes(ord("A") + (b >> 4) for b in raw for _ in [0]) and b"".join(
        bytes([ord("A") + (b >> 4), ord("A") + (b & 15)]) for b in raw)
    out = bytes([32]) + first
    for label in scope.split(b".") if scope else []:
        out += bytes([len(label)]) + label
    return out + b"\x00"


def message(tid, flags, questions=(), answers=(), additional=()):
    body = struct.pack(">HHHHHH", tid, flags, len(questions), len(answers), 0, len(additional))
    for name, qtype in questions:
        body += name + struct.pack(">HH", qtype, 1)
    for name, rtype, ttl, data in list(answers) + list(additional):
        body += name + struct.pack(">HHIH", rtype, 1, ttl, len(data)) + data
    return body


def nb(flags, addr):
    return struct.pack(">H", flags) + bytes(int(x) for x in addr.split("."))


host, server, bcast = "198.18.0.10", "198.18.0.1", "198.18.255.255"
wks = encode("WORKGROUP", 0x1d)
pc = encode("FILESERVER", 0x20)
msgs = [
    (host, bcast, message(0x1001, 0x0110, [(wks, 32)])),
    (server, host, message(0x1001, 0x8500, answers=[(wks, 32, 300000, nb(0x6000, server))])),
    (host, bcast, message(0x1002, 0x0110, [(encode("NOSUCHHOST", 0x20), 32)])),
    (server, host, message(0x1002, 0x8503, answers=[(encode("NOSUCHHOST", 0x20), 32, 0, b"")])),
    (host, bcast, message(0x1003, 0x2910, [(pc, 32)],
                          additional=[(b"\xc0\x0c", 32, 300000, nb(0x6000, host))])),
    (host, server, message(0x1004, 0x3000, [(pc, 32)],
                           additional=[(b"\xc0\x0c", 32, 0, nb(0x6000, host))])),
    (host, server, message(0x1005, 0x4000, [(pc, 32)],
                           additional=[(b"\xc0\x0c", 32, 300000, nb(0xe000, host))])),
    (server, host, message(0x1003, 0xbc00, answers=[(pc, 32, 2, struct.pack(">H", 0x2910))])),
    (host, server, message(0x1006, 0x0000, [(encode("*", 0x00).replace(b"CA", b"CK", 1), 33)])),
    (host, bcast, message(0x1007, 0x0110, [(encode("PRINTER", 0x20, b"corp.test"), 32)])),
]
packets = []
for i, (src, dst, body) in enumerate(msgs):
    p = Ether(src="02:00:00:00:00:0a", dst="ff:ff:ff:ff:ff:ff") / IP(src=src, dst=dst) / \
        UDP(sport=137, dport=137) / Raw(body)
    p.time = 1700000300 + i * 0.01
    packets.append(p)
wrpcap(f"{DIR}/nbns.pcap", packets)
