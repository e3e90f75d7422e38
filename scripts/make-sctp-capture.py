#!/usr/bin/env python3
"""Writes tests/captures/sctp.pcap: an SCTP association between 198.18.0.1:40001 and
198.18.0.2:40002 -- the four-way handshake (INIT with IPv4/IPv6/supported-address/cookie
preservative/ECN/forward-TSN/unknown parameters, INIT ACK with a state cookie, COOKIE ECHO
bundled with DATA, COOKIE ACK), DATA both ways with unknown payload protocols, SACK with gap
blocks and duplicate TSNs, a message in three fragments (one sent twice), a retransmitted
DATA, I-DATA, HEARTBEAT/HEARTBEAT ACK, FORWARD TSN, ECNE/CWR, ERROR and ABORT with causes,
an unknown chunk type, SHUTDOWN, SHUTDOWN ACK, SHUTDOWN COMPLETE, and a chunk whose length
runs past the packet. For the SCTP dissector. scapy builds the frames (pip install
scapy==2.6.1) and computes the CRC32c checksums; times are fixed, so the capture is the
same on every run.
Usage: scripts/make-sctp-capture.py [DIR]
"""
import struct
import sys

from scapy.all import IP, SCTP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
A, B = "198.18.0.1", "198.18.0.2"
MAC_A, MAC_B = "02:00:5e:10:00:01", "02:00:5e:10:00:02"
TAG_A, TAG_B = 0x1A2B3C4D, 0x5E6F7081
TSN_A, TSN_B = 1000, 7000000


def chunk(kind, flags, value):
    pad = (-len(value)) % 4
    return struct.pack("!BBH", kind, flags, 4 + len(value)) + value + b"\x00" * pad


def param(kind, value):
    pad = (-len(value)) % 4
    return struct.pack("!HH", kind, 4 + len(value)) + value + b"\x00" * pad


def data(tsn, sid, ssn, ppid, payload, flags=3):
    return chunk(0, flags, struct.pack("!IHHI", tsn, sid, ssn, ppid) + payload)


def idata(tsn, sid, mid, ppid, payload, flags=3):
    return chunk(64, flags, struct.pack("!IHHII", tsn, sid, 0, mid, ppid) + payload)


def sack(cum, rwnd, gaps=(), dups=()):
    body = struct.pack("!IIHH", cum, rwnd, len(gaps), len(dups))
    body += b"".join(struct.pack("!HH", s, e) for s, e in gaps)
    body += b"".join(struct.pack("!I", t) for t in dups)
    return chunk(3, 0, body)


def cause(code, value):
    pad = (-len(value)) % 4
    return struct.pack("!HH", code, 4 + len(value)) + value + b"\x00" * pad


def init_body(tag, tsn, params):
    return struct.pack("!IIHHI", tag, 65536, 10, 10, tsn) + b"".join(params)


def packet(from_a, tag, chunks):
    src, dst = (A, B) if from_a else (B, A)
    smac, dmac = (MAC_A, MAC_B) if from_a else (MAC_B, MAC_A)
    sport, dport = (40001, 40002) if from_a else (40002, 40001)
    return (
        Ether(src=smac, dst=dmac)
        / IP(src=src, dst=dst)
        / SCTP(sport=sport, dport=dport, tag=tag)
        / Raw(b"".join(chunks))
    )


def frames():
    v6 = bytes.fromhex("20010db8000000000000000000000001")
    init = init_body(TAG_A, TSN_A, [
        param(5, bytes([198, 18, 0, 1])),
        param(6, v6),
        param(12, struct.pack("!HHH", 5, 6, 11)),
        param(9, struct.pack("!I", 5000)),
        param(0x8000, b""),
        param(0xC000, b""),
        param(0x8008, bytes([0, 192, 193])),
        param(0x7777, b"\x01\x02\x03"),
    ])
    cookie = bytes(range(24))
    init_ack = init_body(TAG_B, TSN_B, [param(7, cookie), param(5, bytes([198, 18, 0, 2]))])
    yield packet(True, 0, [chunk(1, 0, init)])
    yield packet(False, TAG_A, [chunk(2, 0, init_ack)])
    yield packet(True, TAG_B, [chunk(10, 0, cookie), data(TSN_A, 0, 0, 0, b"hello")])
    yield packet(False, TAG_A, [chunk(11, 0, b""), sack(TSN_A, 65531)])
    yield packet(True, TAG_B, [data(TSN_A + 1, 1, 0, 1234, b"first message")])
    yield packet(False, TAG_A, [data(TSN_B, 0, 0, 0, b"reply one"),
                                data(TSN_B + 1, 2, 0, 77, b"reply two"),
                                sack(TSN_A + 1, 65000)])
    # A message in three fragments; the middle one arrives twice.
    yield packet(True, TAG_B, [data(TSN_A + 2, 3, 1, 3999, b"fragment-one-", flags=2)])
    yield packet(True, TAG_B, [data(TSN_A + 3, 3, 1, 3999, b"fragment-two-", flags=0)])
    yield packet(True, TAG_B, [data(TSN_A + 3, 3, 1, 3999, b"fragment-two-", flags=0)])
    yield packet(True, TAG_B, [data(TSN_A + 4, 3, 1, 3999, b"fragment-three", flags=1)])
    yield packet(False, TAG_A, [sack(TSN_A + 2, 64000, gaps=[(2, 2)], dups=[TSN_A + 3])])
    # DATA sent again.
    yield packet(True, TAG_B, [data(TSN_A + 1, 1, 0, 1234, b"first message")])
    yield packet(True, TAG_B, [data(TSN_A + 5, 4, 2, 4321, b"unordered", flags=7)])
    yield packet(False, TAG_A, [sack(TSN_A + 5, 63000, gaps=[(2, 3), (5, 5)])])
    yield packet(True, TAG_B, [idata(TSN_A + 6, 5, 0, 4000, b"interleaved data")])
    yield packet(True, TAG_B, [chunk(4, 0, param(1, b"heartbeat-info-1"))])
    yield packet(False, TAG_A, [chunk(5, 0, param(1, b"heartbeat-info-1"))])
    yield packet(True, TAG_B, [chunk(192, 0, struct.pack("!IHH", TSN_A + 9, 4, 3))])
    yield packet(False, TAG_A, [chunk(12, 0, struct.pack("!I", TSN_A + 3))])
    yield packet(True, TAG_B, [chunk(13, 0, struct.pack("!I", TSN_A + 3))])
    yield packet(False, TAG_A, [chunk(9, 0, cause(1, struct.pack("!HH", 9, 0))
                                            + cause(3, struct.pack("!I", 1000)))])
    yield packet(True, TAG_B, [chunk(0x49, 0x01, b"\xde\xad\xbe\xef")])
    yield packet(True, TAG_B, [chunk(7, 0, struct.pack("!I", TSN_B + 1))])
    yield packet(False, TAG_A, [chunk(8, 0, b"")])
    yield packet(True, TAG_B, [chunk(14, 0, b"")])
    yield packet(False, TAG_A, [chunk(6, 1, cause(12, b"user gone"))])
    # A DATA chunk whose length claims more than the packet holds.
    bad = struct.pack("!BBH", 0, 3, 200) + struct.pack("!IHHI", TSN_A + 7, 0, 5, 0) + b"cut"
    yield packet(True, TAG_B, [bad])


def main():
    out = []
    for number, frame in enumerate(frames()):
        frame.time = 1700000000 + number * 0.25
        out.append(frame)
    wrpcap(f"{DIR}/sctp.pcap", out)


if __name__ == "__main__":
    main()
