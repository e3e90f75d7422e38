#!/usr/bin/env python3
"""Writes tests/captures/wireguard.pcap: one WireGuard handshake and its traffic -- a handshake
initiation, the response, a cookie reply, transport data and a keepalive on UDP 51820, and an
initiation on other ports (found by the heuristic, as tshark finds it). For the WireGuard
dissector (Protocol and Info columns, indexes, counters). scapy builds the packets
(pip install scapy==2.6.1); all bytes and times are fixed.
Addresses: 198.18.0.0/15.
Usage: scripts/make-wireguard-capture.py [DIR]
"""
import struct
import sys

from scapy.all import IP, UDP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"


def noise(n, seed):
    return bytes((seed * 13 + i * 7) % 256 for i in range(n))


def header(kind):
    return struct.pack("<I", kind)


INITIATOR, RESPONDER = 0x1A2B3C4D, 0x55667788
initiation = (header(1) + struct.pack("<I", INITIATOR) + noise(32, 1) + noise(48, 2) + noise(28, 3)
              + noise(16, 4) + bytes(16))
response = (header(2) + struct.pack("<II", RESPONDER, INITIATOR) + noise(32, 5) + noise(16, 6)
            + noise(16, 7) + noise(16, 8))
cookie = header(3) + struct.pack("<I", INITIATOR) + noise(24, 9) + noise(32, 10)
data = header(4) + struct.pack("<IQ", RESPONDER, 0) + noise(96, 11)
keepalive = header(4) + struct.pack("<IQ", INITIATOR, 1) + noise(16, 12)

A, B = "198.18.0.10", "198.18.0.20"
messages = [(initiation, A, B, 40000, 51820), (response, B, A, 51820, 40000),
            (cookie, B, A, 51820, 40000), (data, A, B, 40000, 51820),
            (keepalive, B, A, 51820, 40000), (initiation, A, B, 41000, 41001)]
packets = []
for i, (body, src, dst, sport, dport) in enumerate(messages):
    p = Ether(src="02:00:00:00:00:0a", dst="02:00:00:00:00:14") / IP(src=src, dst=dst) / \
        UDP(sport=sport, dport=dport) / Raw(body)
    p.time = 1700000600 + i * 0.01
    packets.append(p)
wrpcap(f"{DIR}/wireguard.pcap", packets)
