#!/usr/bin/env python3
"""Writes tests/captures/ssh-sessions.pcap: SSH-2 sessions as OpenSSH runs them -- banners, KEXINITs
with their name lists, a Diffie-Hellman group exchange (aes128-ctr, so tshark shows
"Encrypted packet (len=N)" afterwards), a classic Diffie-Hellman exchange with a KEXINIT split
across two segments, an ECDH exchange with ChaCha20-Poly1305 (no text after NEWKEYS), and a
session joined mid-stream (Protocol "SSH"). For the SSH dissector and its per-conversation
state. scapy builds the segments (pip install scapy==2.6.1); all bytes and times are fixed.
Addresses: 198.18.0.0/15.
Usage: scripts/make-ssh-capture.py [DIR]
"""
import struct
import sys

from scapy.all import IP, TCP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"


def packet(code, payload):
    body = bytes([code]) + payload
    pad = 8 - (len(body) + 5) % 8
    pad += 8 if pad < 4 else 0
    return struct.pack(">IB", len(body) + pad + 1, pad) + body + bytes(pad)


def name_list(text):
    return struct.pack(">I", len(text)) + text.encode()


def kexinit(kex, cipher, seed):
    lists = [kex, "ssh-ed25519,rsa-sha2-512", cipher, cipher, "hmac-sha2-256,hmac-sha1",
             "hmac-sha2-256,hmac-sha1", "none,zlib@openssh.com", "none,zlib@openssh.com", "", ""]
    cookie = bytes((seed * 17 + i) % 256 for i in range(16))
    return packet(20, cookie + b"".join(name_list(x) for x in lists) + b"\x00" + bytes(4))


def mpint(n, seed):
    return struct.pack(">I", n) + bytes((seed + i) % 251 + 1 for i in range(n))


def string(b):
    return struct.pack(">I", len(b)) + b


def rsa_host_key(seed):
    return string(string(b"ssh-rsa") + mpint(3, seed) + mpint(257, seed + 1))


def rsa_signature(seed):
    return string(string(b"rsa-sha2-512") + string(noise(256, seed)))


def ed25519_host_key(seed):
    return string(string(b"ssh-ed25519") + string(noise(32, seed)))


def ed25519_signature(seed):
    return string(string(b"ssh-ed25519") + string(noise(64, seed)))


def noise(n, seed):
    return bytes((seed * 31 + i * 7) % 256 for i in range(n))


def segment(src, dst, seq, ack, flags, data=b""):
    p = Ether(src="02:00:00:00:00:0a", dst="02:00:00:00:00:16") / IP(src=src[0], dst=dst[0]) / \
        TCP(sport=src[1], dport=dst[1], seq=seq, ack=ack, flags=flags, window=64240)
    return p / Raw(data) if data else p


GEX = "diffie-hellman-group-exchange-sha256"
SESSIONS = [
    (40001, GEX + ",diffie-hellman-group14-sha1", GEX, "aes128-ctr,aes256-ctr", [
        (True, [b"SSH-2.0-OpenSSH_6.6.1\r\n"]),
        (False, [b"SSH-2.0-OpenSSH_6.6.1p1 Ubuntu-2ubuntu2\r\n"]),
        (True, ["KEXINIT"]), (False, ["KEXINIT"]),
        (True, [packet(34, struct.pack(">III", 2048, 3072, 8192))]),
        (False, [packet(31, mpint(129, 1) + mpint(1, 2))]),
        (True, [packet(32, mpint(129, 3))]),
        (False, [packet(33, rsa_host_key(4) + mpint(129, 5) + rsa_signature(6)), packet(21, b"")]),
        (True, [packet(21, b"")]),
        (True, [noise(64, 1)]), (False, [noise(80, 2)]), (True, [noise(48, 3)]),
    ]),
    (40002, "diffie-hellman-group14-sha1", "diffie-hellman-group14-sha1", "aes256-ctr", [
        (True, [b"SSH-2.0-PuTTY_Release_0.70\r\n"]),
        (False, [b"SSH-2.0-OpenSSH_7.4\r\n"]),
        (True, ["KEXINIT-SPLIT"]), (False, ["KEXINIT"]),
        (True, [packet(30, mpint(257, 7))]),
        (False, [packet(31, rsa_host_key(8) + mpint(257, 9) + rsa_signature(10))]),
        (False, [packet(21, b"")]), (True, [packet(21, b"")]),
        (True, [noise(96, 4)]), (False, [noise(112, 5)]),
    ]),
    (40003, "curve25519-sha256,ecdh-sha2-nistp256", "curve25519-sha256",
     "chacha20-poly1305@openssh.com,aes128-ctr", [
        (True, [b"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3\r\n"]),
        (False, [b"SSH-2.0-OpenSSH_8.4p1 Debian-5\r\n"]),
        (True, ["KEXINIT"]), (False, ["KEXINIT"]),
        (True, [packet(30, string(noise(32, 11)))]),
        (False, [packet(31, ed25519_host_key(12) + string(noise(32, 13)) + ed25519_signature(14)),
                 packet(21, b"")]),
        (True, [packet(21, b"")]),
        (True, [noise(52, 6)]), (False, [noise(28, 7)]),
    ]),
    (40004, None, None, None, [
        (True, [noise(52, 8)]), (False, [noise(100, 9)]), (True, [noise(36, 10)]),
    ]),
]

packets = []
for n, (cport, ckex, skex, cipher, talk) in enumerate(SESSIONS):
    client, server = ("198.18.0.10", cport), ("198.18.2.%d" % (20 + n), 22)
    cseq, sseq = 1001, 5001
    if ckex is not None:
        packets += [segment(client, server, 1000, 0, "S"), segment(server, client, 5000, 1001, "SA"),
                    segment(client, server, 1001, 5001, "A")]
    for from_client, parts in talk:
        kex = ckex if from_client else skex
        chunks = []
        for part in parts:
            if part == "KEXINIT":
                chunks.append(kexinit(kex, cipher, n * 2 + from_client))
            elif part == "KEXINIT-SPLIT":
                whole = kexinit(kex, cipher, n * 2 + from_client)
                chunks += [whole[:200], None, whole[200:]]
            else:
                chunks.append(part)
        data, pieces = b"", []
        for c in chunks:
            if c is None:
                pieces.append(data)
                data = b""
            else:
                data += c
        pieces.append(data)
        for piece in pieces:
            if from_client:
                packets.append(segment(client, server, cseq, sseq, "PA", piece))
                cseq += len(piece)
            else:
                packets.append(segment(server, client, sseq, cseq, "PA", piece))
                sseq += len(piece)
for i, p in enumerate(packets):
    p.time = 1700000400 + i * 0.01
wrpcap(f"{DIR}/ssh-sessions.pcap", packets)
