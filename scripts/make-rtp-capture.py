#!/usr/bin/env python3
"""Writes tests/captures/rtp-call.pcap: a SIP call whose SDP offer and answer announce the
media ports, then RTP and RTCP on them as phones send it -- G.711 PCMU/PCMA voice with a
marker bit, a DTMF digit as telephone-event (RFC 4733) on the payload type the rtpmap names,
comfort noise, G.729, a dynamic payload type with no rtpmap, padding, CSRCs, an RFC 5285
header extension, a wrong version, RTCP compound packets (SR+SDES, RR+SDES, BYE with reason,
APP) on port + 1, and an RTP packet sent before the SDP announced its port (plain UDP, as in
tshark's one pass). For the RTP/RTCP dissectors and the SDP-announced conversations. scapy
builds the packets (pip install scapy==2.6.1); times are fixed, so the capture is the same on
every run. Addresses: 198.18.0.0/15.
Usage: scripts/make-rtp-capture.py [DIR]
"""
import struct
import sys

from scapy.all import IP, UDP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
ALICE, BOB = "198.18.0.10", "198.18.0.20"
A_RTP, B_RTP = 49170, 3456
SSRC_A, SSRC_B = 0x6A1E3B0C, 0x0BADCAFE


def sdp(addr, port, formats, maps):
    lines = [b"v=0", b"o=- 2890844526 2890844526 IN IP4 " + addr, b"s=call",
             b"c=IN IP4 " + addr, b"t=0 0", b"m=audio %d RTP/AVP %s" % (port, formats)]
    lines += [b"a=rtpmap:" + m for m in maps]
    return b"\r\n".join(lines) + b"\r\n"


def sip(first, cseq, body=b""):
    head = (first + b"\r\nVia: SIP/2.0/UDP 198.18.0.10:5060;branch=z9hG4bK74bf9\r\n"
            b"From: <sip:alice@example.test>;tag=9fxced76sl\r\nTo: <sip:bob@example.test>\r\n"
            b"Call-ID: 3848276298220188511@198.18.0.10\r\nCSeq: " + cseq + b"\r\n")
    if body:
        head += b"Content-Type: application/sdp\r\n"
    return head + b"Content-Length: %d\r\n\r\n" % len(body) + body


def rtp(pt, seq, ts, ssrc, payload, marker=False, version=2, pad=0, csrcs=(), ext=None):
    first = version << 6 | (0x20 if pad else 0) | (0x10 if ext else 0) | len(csrcs)
    head = struct.pack("!BBHII", first, (0x80 if marker else 0) | pt, seq, ts, ssrc)
    head += b"".join(struct.pack("!I", c) for c in csrcs)
    if ext:
        profile, body = ext
        head += struct.pack("!HH", profile, len(body) // 4) + body
    padding = (b"\x00" * (pad - 1) + bytes([pad])) if pad else b""
    return head + payload + padding


def dtmf(event, end, volume, duration):
    return struct.pack("!BBH", event, (0x80 if end else 0) | volume, duration)


def rtcp(pt, count, body):
    return struct.pack("!BBH", 0x80 | count, pt, (len(body) + 4) // 4 - 1) + body


def sdes(ssrc, cname):
    item = bytes([1, len(cname)]) + cname
    chunk = struct.pack("!I", ssrc) + item + b"\x00"
    chunk += b"\x00" * (-len(chunk) % 4)
    return rtcp(202, 1, chunk)


def report_block(ssrc, lost_fraction, lost, highest, jitter):
    return struct.pack("!IB", ssrc, lost_fraction) + lost.to_bytes(3, "big") + \
        struct.pack("!IIII", highest, jitter, 0x11223344, 0x00010000)


def sender_report(ssrc, blocks):
    info = struct.pack("!IIIIII", ssrc, 0xE8A1B2C3, 0x40000000, 8000, 50, 8000)
    return rtcp(200, len(blocks), info + b"".join(blocks))


def receiver_report(ssrc, blocks):
    return rtcp(201, len(blocks), struct.pack("!I", ssrc) + b"".join(blocks))


def bye(ssrc, reason):
    body = struct.pack("!I", ssrc) + bytes([len(reason)]) + reason
    return rtcp(203, 1, body + b"\x00" * (-len(body) % 4))


def app(ssrc, name, data):
    return rtcp(204, 3, struct.pack("!I", ssrc) + name + data)


VOICE = bytes(range(160))
ext = (0xBEDE, bytes([0x10, 0xAA, 0x21, 0xBB, 0xCC, 0x00, 0x00, 0x00]))
offer = sdp(ALICE.encode(), A_RTP, b"0 8 101", [b"101 telephone-event/8000"])
answer = sdp(BOB.encode(), B_RTP, b"0 101 96", [b"101 telephone-event/8000", b"96 opus/48000/2"])
flows = [
    (BOB, ALICE, B_RTP, A_RTP, rtp(0, 7, 0, SSRC_B, VOICE)),
    (ALICE, BOB, 5060, 5060, sip(b"INVITE sip:bob@example.test SIP/2.0", b"1 INVITE", offer)),
    (BOB, ALICE, 5060, 5060, sip(b"SIP/2.0 200 OK", b"1 INVITE", answer)),
    (ALICE, BOB, 5060, 5060, sip(b"ACK sip:bob@198.18.0.20 SIP/2.0", b"1 ACK")),
    (ALICE, BOB, A_RTP, B_RTP, rtp(0, 1000, 0, SSRC_A, VOICE, marker=True)),
    (BOB, ALICE, B_RTP, A_RTP, rtp(0, 8, 160, SSRC_B, VOICE)),
    (ALICE, BOB, A_RTP, B_RTP, rtp(0, 1001, 160, SSRC_A, VOICE)),
    (ALICE, BOB, A_RTP, B_RTP, rtp(8, 1002, 320, SSRC_A, VOICE)),
    (ALICE, BOB, A_RTP, B_RTP, rtp(101, 1003, 480, SSRC_A, dtmf(1, False, 10, 160), marker=True)),
    (ALICE, BOB, A_RTP, B_RTP, rtp(101, 1004, 480, SSRC_A, dtmf(1, False, 10, 320))),
    (ALICE, BOB, A_RTP, B_RTP, rtp(101, 1005, 480, SSRC_A, dtmf(1, True, 10, 480))),
    (ALICE, BOB, A_RTP, B_RTP, rtp(101, 1006, 480, SSRC_A, dtmf(11, True, 63, 800))),
    (BOB, ALICE, B_RTP, A_RTP, rtp(13, 9, 320, SSRC_B, b"\x40")),
    (BOB, ALICE, B_RTP, A_RTP, rtp(18, 10, 480, SSRC_B, bytes(20))),
    (BOB, ALICE, B_RTP, A_RTP, rtp(96, 11, 640, SSRC_B, bytes(40))),
    (BOB, ALICE, B_RTP, A_RTP, rtp(97, 12, 800, SSRC_B, bytes(12))),
    (ALICE, BOB, A_RTP, B_RTP, rtp(0, 1007, 640, SSRC_A, VOICE[:80], pad=4)),
    (ALICE, BOB, A_RTP, B_RTP, rtp(0, 1008, 800, SSRC_A, VOICE[:80], csrcs=(0x11111111, 0x22222222))),
    (ALICE, BOB, A_RTP, B_RTP, rtp(0, 1009, 960, SSRC_A, VOICE[:80], ext=ext)),
    (ALICE, BOB, A_RTP, B_RTP, rtp(0, 1010, 1120, SSRC_A, VOICE[:40], version=1)),
    (ALICE, BOB, A_RTP + 1, B_RTP + 1,
     sender_report(SSRC_A, [report_block(SSRC_B, 0, 0, 0x10012, 35)]) + sdes(SSRC_A, b"alice@198.18.0.10")),
    (BOB, ALICE, B_RTP + 1, A_RTP + 1,
     receiver_report(SSRC_B, [report_block(SSRC_A, 64, 3, 0x3F2, 12)]) + sdes(SSRC_B, b"bob@pbx")),
    (BOB, ALICE, B_RTP + 1, A_RTP + 1, receiver_report(SSRC_B, [])),
    (ALICE, BOB, A_RTP + 1, B_RTP + 1, app(SSRC_A, b"TEST", b"\x00\x01\x02\x03")),
    (ALICE, BOB, A_RTP + 1, B_RTP + 1, receiver_report(SSRC_A, []) + bye(SSRC_A, b"hangup")),
    (ALICE, BOB, 5060, 5060, sip(b"BYE sip:bob@198.18.0.20 SIP/2.0", b"2 BYE")),
]

packets = []
for i, (src, dst, sport, dport, payload) in enumerate(flows):
    p = Ether(src="02:00:00:00:00:0a", dst="02:00:00:00:00:14") / IP(src=src, dst=dst) / \
        UDP(sport=sport, dport=dport) / Raw(payload)
    p.time = 1700000700 + i * 0.02
    packets.append(p)
wrpcap(f"{DIR}/rtp-call.pcap", packets)
