#!/usr/bin/env python3
"""Writes tests/captures/sip.pcap: SIP as phones and proxies send it -- a call (INVITE with
SDP, 100 Trying, 180 Ringing, 200 OK with SDP, ACK, BYE, 200 OK), registrations fetching,
adding and removing bindings, a 401 challenge, OPTIONS, a MESSAGE with a text body, a request
in compact header form, and an OPTIONS over TCP. For the SIP and SDP dissectors (Protocol and
Info columns, request/status lines, From/To/Call-ID/CSeq, SDP lines). scapy builds the
packets (pip install scapy==2.6.1); times are fixed, so the capture is the same on every run.
Addresses: 198.18.0.0/15.
Usage: scripts/make-sip-capture.py [DIR]
"""
import sys

from scapy.all import IP, TCP, UDP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
ALICE, BOB = "198.18.0.10", "198.18.0.20"
SDP = (b"v=0\r\no=alice 2890844526 2890844526 IN IP4 198.18.0.10\r\ns=-\r\n"
       b"c=IN IP4 198.18.0.10\r\nt=0 0\r\na=sendrecv\r\nm=audio 49170 RTP/AVP 0 8 101\r\n"
       b"a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n")


def msg(first, extra, body=b"", content_type=b"application/sdp"):
    head = (first + b"\r\nVia: SIP/2.0/UDP 198.18.0.10:5060;branch=z9hG4bK776asdhds\r\n"
            b"Max-Forwards: 70\r\nTo: Bob <sip:bob@example.test>\r\n"
            b"From: Alice <sip:alice@example.test>;tag=1928301774\r\n"
            b"Call-ID: a84b4c76e66710@198.18.0.10\r\n" + extra)
    if body:
        head += b"Content-Type: " + content_type + b"\r\n"
    return head + b"Content-Length: %d\r\n\r\n" % len(body) + body


answer = SDP.replace(b"198.18.0.10", b"198.18.0.20").replace(b"49170", b"3456")
UDP_MESSAGES = [
    msg(b"INVITE sip:bob@example.test SIP/2.0",
        b"CSeq: 314159 INVITE\r\nContact: <sip:alice@198.18.0.10>\r\nUser-Agent: softphone/1.0\r\n", SDP),
    msg(b"SIP/2.0 100 Trying", b"CSeq: 314159 INVITE\r\n"),
    msg(b"SIP/2.0 180 Ringing", b"CSeq: 314159 INVITE\r\n"),
    msg(b"SIP/2.0 200 OK", b"CSeq: 314159 INVITE\r\nContact: <sip:bob@198.18.0.20>\r\n", answer),
    msg(b"ACK sip:bob@198.18.0.20 SIP/2.0", b"CSeq: 314159 ACK\r\n"),
    msg(b"BYE sip:bob@198.18.0.20 SIP/2.0", b"CSeq: 314160 BYE\r\n"),
    msg(b"SIP/2.0 200 OK", b"CSeq: 314160 BYE\r\n"),
    msg(b"REGISTER sip:example.test SIP/2.0", b"CSeq: 1 REGISTER\r\n"),
    msg(b"SIP/2.0 401 Unauthorized",
        b"CSeq: 1 REGISTER\r\nWWW-Authenticate: Digest realm=\"example.test\", nonce=\"abc\"\r\n"),
    msg(b"REGISTER sip:example.test SIP/2.0",
        b"CSeq: 2 REGISTER\r\nContact: <sip:alice@198.18.0.10>\r\nExpires: 3600\r\n"),
    msg(b"REGISTER sip:example.test SIP/2.0", b"CSeq: 3 REGISTER\r\nContact: *\r\nExpires: 0\r\n"),
    msg(b"SIP/2.0 202 Accepted", b"CSeq: 5 REFER\r\n"),
    msg(b"SIP/2.0 486 Busy Here", b"CSeq: 6 INVITE\r\nServer: pbx/2.1\r\n"),
    msg(b"OPTIONS sip:bob@example.test SIP/2.0", b"CSeq: 7 OPTIONS\r\nAllow: INVITE, ACK, BYE\r\n"),
    msg(b"MESSAGE sip:bob@example.test SIP/2.0", b"CSeq: 9 MESSAGE\r\n", b"hello bob",
        b"text/plain"),
    b"INVITE sip:bob@example.test SIP/2.0\r\nv: SIP/2.0/UDP h\r\ni: compact1\r\n"
    b"f: <sip:a@x>;tag=9\r\nt: <sip:b@y>\r\nl: 0\r\n\r\n",
]

packets = []
for m in UDP_MESSAGES:
    src, dst = (BOB, ALICE) if m.startswith(b"SIP/2.0") else (ALICE, BOB)
    packets.append(Ether(src="02:00:00:00:00:0a", dst="02:00:00:00:00:14") / IP(src=src, dst=dst) /
                   UDP(sport=5060, dport=5060) / Raw(m))
options = msg(b"OPTIONS sip:bob@example.test SIP/2.0", b"CSeq: 8 OPTIONS\r\n")


def tcp(src, dst, sport, dport, seq, ack, flags, data=b""):
    p = Ether(src="02:00:00:00:00:0a", dst="02:00:00:00:00:14") / IP(src=src, dst=dst) / \
        TCP(sport=sport, dport=dport, seq=seq, ack=ack, flags=flags, window=64240)
    return p / Raw(data) if data else p


packets += [tcp(ALICE, BOB, 40060, 5060, 1000, 0, "S"), tcp(BOB, ALICE, 5060, 40060, 5000, 1001, "SA"),
            tcp(ALICE, BOB, 40060, 5060, 1001, 5001, "A"),
            tcp(ALICE, BOB, 40060, 5060, 1001, 5001, "PA", options[:100]),
            tcp(ALICE, BOB, 40060, 5060, 1101, 5001, "PA", options[100:])]
for i, p in enumerate(packets):
    p.time = 1700000500 + i * 0.01
wrpcap(f"{DIR}/sip.pcap", packets)
