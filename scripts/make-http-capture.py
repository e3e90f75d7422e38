#!/usr/bin/env python3
"""Writes tests/captures/http-codings.pcap: HTTP/1.1 bodies as servers send them -- chunked
transfer coding split across segments, gzip and deflate content coding, a JSON body by
Content-Length, a POST with a form body, a 404 without a body, a 304, and two pipelined
requests in one segment. For Follow HTTP Stream (bodies decoded) and `-z http,tree`. scapy
builds the segments (pip install scapy==2.6.1); sequence numbers, times and gzip headers are
fixed, so the capture is the same on every run.
Addresses: 198.18.0.0/15.
Usage: scripts/make-http-capture.py [DIR]
"""
import gzip
import sys
import zlib

from scapy.all import IP, TCP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
CLIENT, SERVER = ("198.18.0.10", 40080), ("198.18.0.80", 80)


def chunked(body, sizes):
    out, at = b"", 0
    for size in sizes:
        out += b"%x\r\n" % size + body[at:at + size] + b"\r\n"
        at += size
    return out + b"0\r\n\r\n"


text = b"hello world, " * 30
packed = gzip.compress(text, mtime=0)
deflated = zlib.compress(b'{"deflated": true, "items": [1, 2, 3]}')
json_body = b'{"ok": true, "n": 42}'
form = b"user=alice&note=hi+there"
exchanges = [
    (b"GET /gzip HTTP/1.1\r\nHost: example.test\r\nAccept-Encoding: gzip\r\n\r\n",
     b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
     b"Transfer-Encoding: chunked\r\n\r\n" + chunked(packed, [16, len(packed) - 16]), 3),
    (b"GET /chunks HTTP/1.1\r\nHost: example.test\r\n\r\n",
     b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
     + chunked(b"<html><body>chunked page</body></html>\n", [6, 20, 13]), 2),
    (b"GET /deflate HTTP/1.1\r\nHost: example.test\r\n\r\n",
     b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: deflate\r\n"
     b"Content-Length: %d\r\n\r\n" % len(deflated) + deflated, 1),
    (b"POST /form HTTP/1.1\r\nHost: example.test\r\n"
     b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n"
     % len(form) + form,
     b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
     % len(json_body) + json_body, 1),
    (b"GET /missing HTTP/1.1\r\nHost: example.test\r\n\r\n"
     b"GET /cached HTTP/1.1\r\nHost: example.test\r\nIf-None-Match: \"x\"\r\n\r\n",
     b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
     b"HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n", 1),
]


def segment(src, dst, seq, ack, flags, data=b""):
    p = Ether(src="02:00:00:00:00:0a", dst="02:00:00:00:00:50") / IP(src=src[0], dst=dst[0]) / \
        TCP(sport=src[1], dport=dst[1], seq=seq, ack=ack, flags=flags, window=64240)
    return p / Raw(data) if data else p


packets = [segment(CLIENT, SERVER, 1000, 0, "S"), segment(SERVER, CLIENT, 5000, 1001, "SA"),
           segment(CLIENT, SERVER, 1001, 5001, "A")]
cseq, sseq = 1001, 5001
for request, response, pieces in exchanges:
    packets.append(segment(CLIENT, SERVER, cseq, sseq, "PA", request))
    cseq += len(request)
    step = -(-len(response) // pieces)
    for at in range(0, len(response), step):
        part = response[at:at + step]
        packets.append(segment(SERVER, CLIENT, sseq, cseq, "PA", part))
        sseq += len(part)
    packets.append(segment(CLIENT, SERVER, cseq, sseq, "A"))
packets += [segment(CLIENT, SERVER, cseq, sseq, "FA"), segment(SERVER, CLIENT, sseq, cseq + 1, "FA"),
            segment(CLIENT, SERVER, cseq + 1, sseq + 1, "A")]
for i, p in enumerate(packets):
    p.time = 1700000100 + i * 0.01
wrpcap(f"{DIR}/http-codings.pcap", packets)
