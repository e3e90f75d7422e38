#!/usr/bin/env python3
"""Writes tests/captures/nbdgm.pcap: NetBIOS datagrams on UDP 138 as Windows hosts send
them -- SMB Trans requests to \\MAILSLOT\\BROWSE carrying every browser command (host, local
master and domain announcements, request announcement, election, backup list request and
response, become backup, master announcement, reset state, an unknown command), a LANMAN
announcement, a mailslot no dissector knows, a later fragment, the error, query and
query-response datagrams, a scoped name, and announcements cut short. OS versions vary so
the derived Windows version shows. For the NBDGM, SMB, MailSlot and BROWSER dissectors.
scapy builds the frames (pip install scapy==2.6.1); times are fixed, so the capture is the
same on every run.
Addresses: 198.18.0.0/15.
Usage: scripts/make-nbdgm-capture.py [DIR]
"""
import struct
import sys

from scapy.all import IP, UDP, Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
HOST, PEER, BCAST = "198.18.0.10", "198.18.0.11", "198.18.255.255"


def ip4(addr):
    return bytes(int(x) for x in addr.split("."))


def encode(name, suffix, scope=b""):
    raw = (name if isinstance(name, bytes) else name.encode()).ljust(15)[:15] + bytes([suffix])
    first = b"".join(bytes([ord("A") + (b >> 4), ord("A") + (b & 15)]) for b in raw)
    out = bytes([32]) + first
    for label in scope.split(b".") if scope else []:
        out += bytes([len(label)]) + label
    return out + b"\x00"


def datagram(kind, flags, dgram_id, body, src=HOST, offset=0):
    head = struct.pack(">BBH", kind, flags, dgram_id) + ip4(src) + struct.pack(">H", 138)
    return head + struct.pack(">HH", len(body), offset) + body


def names(source, dest):
    return encode(*source) + encode(*dest)


def smb_trans(mailslot, data, priority=1, klass=2, flags=0, flags2=0, timeout=1000, pad=0):
    """An SMB Trans request (command 0x25) writing `data` to `mailslot`; with the Unicode
    flag in `flags2` the name is UTF-16, after a byte that aligns it."""
    header = b"\xffSMB" + struct.pack("<BBBHBH", 0x25, 0, 0, 0, flags, flags2)
    header += struct.pack("<H", 0) + b"\x00" * 8 + b"\x00\x00" + struct.pack("<HHHH", 1, 2, 3, 4)
    setup = struct.pack("<HHH", 1, priority, klass)
    words_len = 1 + 2 * 14 + len(setup)
    if flags2 & 0x8000:
        name = b"\x00" + mailslot.decode().encode("utf-16-le") + b"\x00\x00"
    else:
        name = mailslot + b"\x00"
    name += b"\x00" * pad
    data_offset = len(header) + words_len + 2 + len(name)
    words = struct.pack("<BHHHHBBHIHHHHHBB", 17, 0, len(data), 0, 0, 0, 0, 0, timeout, 0,
                        0, 0, len(data), data_offset, 3, 0)
    bcc = struct.pack("<H", len(name) + len(data))
    return header + words + setup + bcc + name + data


def announce(cmd, name, major, minor, stype, tail, period=720000, count=0, comment=b""):
    body = struct.pack("<BBI", cmd, count, period) + name.ljust(16, b"\x00")[:16]
    return body + struct.pack("<BBI", major, minor, stype) + tail + comment + b"\x00"


VERSION_TAIL = struct.pack("<BBH", 15, 1, 0xAA55)
BROWSE = b"\\MAILSLOT\\BROWSE"
ME = ("FILESERVER", 0x00)
MSBROWSE = (b"\x01\x02__MSBROWSE__\x02", 0x01)
WORKGROUP_LMB = ("WORKGROUP", 0x1D)
WORKGROUP_ELECT = ("WORKGROUP", 0x1E)


def election(desire, uptime, server):
    criteria = struct.pack("<BBBB", desire, 15, 1, 0x10)
    return struct.pack("<BB", 8, 1) + criteria + struct.pack("<II", uptime, 0) + server + b"\x00"


browser_messages = [
    (0x11, WORKGROUP_LMB, announce(1, b"FILESERVER", 5, 1, 0x00051003, VERSION_TAIL,
                                   comment=b"Samba 4.17 on Debian")),
    (0x11, WORKGROUP_LMB, announce(15, b"FILESERVER", 6, 1, 0x00459A03, VERSION_TAIL,
                                   period=60000, count=3)),
    (0x11, MSBROWSE, announce(12, b"WORKGROUP", 3, 10, 0x80001000,
                              struct.pack("<I", 0x0304FE4C), comment=b"FILESERVER")),
    (0x11, MSBROWSE, announce(12, b"WORKGROUP", 6, 2, 0x80001000, VERSION_TAIL,
                              comment=b"FILESERVER")),
    (0x11, WORKGROUP_LMB, announce(1, b"LAPTOP", 10, 0, 0x40000000 | 0x2000 | 0x4000,
                                   VERSION_TAIL, period=3723004)),
    (0x11, WORKGROUP_LMB, announce(1, b"OLDBOX", 5, 0, 0x00400000, VERSION_TAIL)),
    (0x11, WORKGROUP_LMB, announce(1, b"OLDBOX2", 5, 2, 0x00800001, VERSION_TAIL)),
    (0x11, WORKGROUP_LMB, announce(1, b"VISTA", 6, 0, 0x1003, VERSION_TAIL)),
    (0x11, WORKGROUP_LMB, announce(1, b"EIGHT", 6, 3, 0x1003, VERSION_TAIL)),
    (0x11, WORKGROUP_LMB, announce(1, b"WIN8", 6, 2, 0x1003, VERSION_TAIL)),
    (0x11, WORKGROUP_LMB, b"\x02\x00LAPTOP\x00"),
    (0x11, WORKGROUP_ELECT, election(0x20, 353_005_337, b"FILESERVER")),
    (0x11, WORKGROUP_ELECT, election(0xAF, 0, b"DC01")),
    (0x10, ("FILESERVER", 0x1D), struct.pack("<BBI", 9, 4, 0x01020304)),
    (0x10, ME, struct.pack("<BBI", 10, 2, 0x01020304) + b"FILESERVER\x00BACKUP2\x00"),
    (0x10, ME, b"\x0bBACKUP2\x00"),
    (0x11, WORKGROUP_LMB, b"\x0dFILESERVER\x00"),
    (0x11, WORKGROUP_LMB, b"\x0e\x05"),
    (0x11, WORKGROUP_LMB, b"\x07\x01\x02\x03"),
    (0x11, WORKGROUP_LMB, announce(1, b"CUTSHORT", 5, 1, 0x3, VERSION_TAIL)[:20]),
]

datagrams = []
for kind, dest, data in browser_messages:
    datagrams.append((HOST, BCAST, datagram(kind, 0x02, 0x8000 + len(datagrams),
                                            names(ME, dest) + smb_trans(BROWSE, data))))
lanman = struct.pack("<BBIBBH", 1, 0, 0x00000203, 4, 0, 720) + b"PRINTSRV\x00HP LaserJet\x00"
datagrams += [
    (HOST, BCAST, datagram(0x11, 0x06, 0x9001, names(ME, ("WORKGROUP", 0x00))
                           + smb_trans(b"\\MAILSLOT\\LANMAN", lanman))),
    (HOST, BCAST, datagram(0x11, 0x0A, 0x9002, names(ME, ("WORKGROUP", 0x00))
                           + smb_trans(b"\\MAILSLOT\\TEMP\\NOTES", b"hello mailslot"))),
    (HOST, PEER, datagram(0x10, 0x03, 0x9003, names(ME, ("PEER", 0x00))
                          + smb_trans(BROWSE, b"\x0d" + b"A" * 40), offset=0)),
    (HOST, PEER, datagram(0x10, 0x00, 0x9003, b"B" * 30, offset=120)),
    (HOST, PEER, datagram(0x12, 0x02, 0x9004, names((b"SCOPED", 0x00, b"corp.test"),
                                                    ("*", 0x00)) + b"\x00\x01")),
    (PEER, HOST, struct.pack(">BBH", 0x13, 0x02, 0x9005) + ip4(PEER)
     + struct.pack(">HB", 138, 0x82)),
    (HOST, PEER, struct.pack(">BBH", 0x14, 0x02, 0x9006) + ip4(HOST)
     + struct.pack(">H", 138) + encode("PEER", 0x00)),
    (PEER, HOST, struct.pack(">BBH", 0x15, 0x02, 0x9006) + ip4(PEER)
     + struct.pack(">H", 138) + encode("PEER", 0x00)),
    (PEER, HOST, struct.pack(">BBH", 0x16, 0x02, 0x9007) + ip4(PEER)
     + struct.pack(">H", 138) + encode("NOBODY", 0x20)),
    (HOST, PEER, struct.pack(">BBH", 0x19, 0x02, 0x9008) + ip4(HOST) + b"\x00\x8a"),
    (HOST, BCAST, datagram(0x11, 0x02, 0x900B, names(ME, WORKGROUP_LMB) + smb_trans(
        BROWSE, b"\x0dFILESERVER\x00", flags=0x18, flags2=0xC003, timeout=0))),
    (HOST, BCAST, datagram(0x11, 0x02, 0x900C, names(ME, WORKGROUP_LMB) + smb_trans(
        BROWSE, b"\x0dFILESERVER\x00", timeout=0xFFFFFFFF, pad=3, klass=1))),
    (HOST, BCAST, datagram(0x11, 0x02, 0x900D, names(ME, WORKGROUP_LMB) + smb_trans(
        BROWSE, b""))),
    (HOST, PEER, datagram(0x10, 0x02, 0x9009, names(ME, ("PEER", 0x00))
                          + b"\xffSMB\x72" + b"\x00" * 10)),
    (HOST, PEER, datagram(0x10, 0x02, 0x900A, names(ME, ("PEER", 0x00)) + b"not smb at all")),
]

packets = []
for i, (src, dst, payload) in enumerate(datagrams):
    mac_src = "02:00:5e:10:00:0a" if src == HOST else "02:00:5e:10:00:0b"
    mac_dst = "ff:ff:ff:ff:ff:ff" if dst == BCAST else "02:00:5e:10:00:0b"
    p = Ether(src=mac_src, dst=mac_dst) / IP(src=src, dst=dst, id=0x300 + i) / UDP(
        sport=138, dport=138) / Raw(payload)
    p.time = 1_700_000_000 + i * 0.25
    packets.append(p)
wrpcap(f"{DIR}/nbdgm.pcap", packets)
print(f"wrote {len(packets)} packets to {DIR}/nbdgm.pcap")
