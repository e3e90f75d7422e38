#!/usr/bin/env python3
"""Writes captures of the protocols wirelens ships as descriptions (assets/protocols/*.wlp)
and of the l33t example: VXLAN, GRE, TFTP, RIP v1/v2, LLDP, l33t — built by scapy with
values drawn from a seeded generator, so a new seed gives new captures for a live
comparison with tshark. Addresses: 198.18.0.0/15, 2001:db8::/32.
Usage: scripts/make-described-captures.py [DIR] [SEED]
"""
import random
import sys

from scapy.all import (GRE, ICMP, IP, TCP, TFTP, TFTP_ACK, TFTP_DATA, TFTP_ERROR, TFTP_RRQ,
                       TFTP_WRQ, UDP, VXLAN, Ether, IPv6, RIP, RIPEntry, Raw, wrpcap)
from scapy.all import LLC, SNAP, Dot3
from scapy.contrib.cdp import (CDPAddrRecordIPv4, CDPMsgAddr, CDPMsgCapabilities,
                               CDPMsgDeviceID, CDPMsgDuplex, CDPMsgNativeVLAN, CDPMsgPlatform,
                               CDPMsgPortID, CDPv2_HDR)
from scapy.contrib.dtp import DTP, DTPDomain, DTPNeighbor, DTPStatus, DTPType
from scapy.contrib.lldp import (LLDPDUChassisID, LLDPDUEndOfLLDPDU, LLDPDUPortID,
                                LLDPDUSystemDescription, LLDPDUSystemName, LLDPDUTimeToLive)

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures/described"
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 2001
rng = random.Random(SEED)


def mac(i):
    return "02:00:00:%02x:%02x:%02x" % (i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff)


def base(i=1):
    return Ether(src=mac(i), dst=mac(i + 1)) / IP(src="198.18.0.%d" % (i % 250 + 1),
                                                  dst="198.18.1.%d" % (i % 250 + 1))


def vxlan():
    out = []
    for i in range(20):
        inner = Ether(src=mac(100 + i), dst=mac(200 + i)) / IP(
            src="198.19.0.1", dst="198.19.0.%d" % (i + 2)) / ICMP(id=i, seq=rng.randint(0, 65535))
        flags = 0x08 | (0x80 if rng.random() < 0.3 else 0)
        out.append(base(i) / UDP(sport=rng.randint(1024, 65000), dport=4789) /
                   VXLAN(vni=rng.randint(0, 2**24 - 1), flags=flags,
                         gpid=rng.randint(0, 65535) if flags & 0x80 else 0) / inner)
    return out


def gre():
    out = []
    for i in range(20):
        kw = {}
        if rng.random() < 0.5:
            kw.update(key_present=1, key=rng.randint(0, 2**32 - 1))
        if rng.random() < 0.4:
            kw.update(seqnum_present=1, sequence_number=rng.randint(0, 2**32 - 1))
        if rng.random() < 0.5:
            inner = IP(src="198.19.1.1", dst="198.19.1.2") / UDP(
                sport=41000 + i, dport=40000) / Raw(bytes(rng.randint(0, 20)))
            g = GRE(proto=0x0800, **kw)
        else:
            inner = IPv6(src="2001:db8::1", dst="2001:db8::%x" % (i + 2)) / UDP(
                sport=41000 + i, dport=40000)
            g = GRE(proto=0x86dd, **kw)
        out.append(base(i) / g / inner)
    return out


def name(n):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789._-") for _ in range(n))


def tftp():
    out = []
    for i in range(20):
        port = rng.randint(1024, 65000)
        kind = rng.choice(["rrq", "wrq", "data", "ack", "error"])
        mode = rng.choice([b"octet", b"netascii", b"mail"])
        if kind == "rrq":
            msg = TFTP_RRQ(filename=name(rng.randint(1, 30)).encode(), mode=mode)
        elif kind == "wrq":
            msg = TFTP_WRQ(filename=name(rng.randint(1, 30)).encode(), mode=mode)
        elif kind == "data":
            msg = TFTP_DATA(block=rng.randint(0, 65535)) / Raw(bytes(rng.choice([1, 100, 511, 512])))
        elif kind == "ack":
            msg = TFTP_ACK(block=rng.randint(0, 65535))
        else:
            msg = TFTP_ERROR(errorcode=rng.randint(0, 8), errormsg=name(rng.randint(0, 20)).encode())
        sport, dport = (port, 69) if kind in ("rrq", "wrq", "ack") else (69, port)
        out.append(base(i) / UDP(sport=sport, dport=dport) / TFTP() / msg)
    return out


def rip():
    out = []
    for i in range(20):
        v = rng.choice([1, 2])
        entries = None
        for _ in range(rng.randint(1, 5)):
            e = RIPEntry(AF=2, addr="198.%d.%d.0" % (rng.choice([18, 19]), rng.randint(0, 255)),
                         metric=rng.randint(1, 16))
            if v == 2:
                e.mask = "255.255.%d.0" % rng.choice([0, 128, 255])
                e.nextHop = "198.18.0.%d" % rng.randint(0, 254)
                e.RouteTag = rng.randint(0, 65535)
            else:
                e.mask = "0.0.0.0"
                e.nextHop = "0.0.0.0"
            entries = e if entries is None else entries / e
        out.append(base(i) / UDP(sport=520, dport=520) / RIP(cmd=rng.choice([1, 2]), version=v) / entries)
    return out


def lldp():
    out = []
    for i in range(20):
        if rng.random() < 0.5:
            port = LLDPDUPortID(subtype=3, id=mac(rng.randint(0, 2**24 - 1)))
        else:
            port = LLDPDUPortID(subtype=rng.choice([1, 5, 7]), id=name(rng.randint(1, 12)).encode())
        system = LLDPDUTimeToLive(ttl=rng.randint(0, 65535))
        if rng.random() < 0.5:
            system = system / LLDPDUSystemName(system_name=name(rng.randint(1, 20)).encode())
        if rng.random() < 0.3:
            desc = "%s\n%s" % (name(rng.randint(1, 30)), name(rng.randint(1, 30)))
            system = system / LLDPDUSystemDescription(description=desc.encode())
        out.append(Ether(src=mac(i + 1), dst="01:80:c2:00:00:0e", type=0x88cc) /
                   LLDPDUChassisID(subtype=4, id=mac(rng.randint(0, 2**24 - 1))) / port /
                   system / LLDPDUEndOfLLDPDU())
    return out


def cdp():
    out = []
    for i in range(20):
        msgs = [CDPMsgDeviceID(val=name(rng.randint(1, 16)).encode())]
        if rng.random() < 0.8:
            msgs.append(CDPMsgPortID(iface=("Gi0/%d" % rng.randint(0, 48)).encode()))
        if rng.random() < 0.6:
            msgs.append(CDPMsgPlatform(val=("cisco " + name(8)).encode()))
        msgs.append(CDPMsgCapabilities(cap=rng.randint(0, 0x7ff)))
        if rng.random() < 0.5:
            msgs.append(CDPMsgNativeVLAN(vlan=rng.randint(1, 4094)))
        if rng.random() < 0.5:
            msgs.append(CDPMsgDuplex(duplex=rng.randint(0, 1)))
        addrs = [CDPAddrRecordIPv4(addr="198.18.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254)))
                 for _ in range(rng.randint(1, 3))]
        msgs.append(CDPMsgAddr(addr=addrs))
        out.append(Dot3(src=mac(i + 1), dst="01:00:0c:cc:cc:cc") / LLC(dsap=0xaa, ssap=0xaa, ctrl=3) /
                   SNAP(OUI=0x0c, code=0x2000) /
                   CDPv2_HDR(vers=rng.choice([1, 2]), ttl=rng.randint(0, 255), msg=msgs))
    return out


def dtp():
    out = []
    for i in range(20):
        tlvs = [DTPDomain(domain=name(rng.randint(0, 12)).encode() + b"\x00")]
        tlvs.append(DTPStatus(status=bytes([rng.choice([0x00, 0x80]) | rng.randint(1, 4)])))
        tlvs.append(DTPType(dtptype=bytes([rng.choice([0x20, 0x40, 0xa0, 0xc0]) | rng.choice([1, 2, 5, 6])])))
        tlvs.append(DTPNeighbor(neighbor=mac(rng.randint(0, 2**24 - 1))))
        out.append(Dot3(src=mac(i + 1), dst="01:00:0c:cc:cc:cc") / LLC(dsap=0xaa, ssap=0xaa, ctrl=3) /
                   SNAP(OUI=0x0c, code=0x2004) / DTP(ver=1, tlvlist=tlvs))
    return out


def ntp():
    out = []
    for i in range(20):
        mode = rng.choice([1, 2, 3, 4, 5, 6, 7]) if i % 4 == 0 else rng.choice([3, 4])
        first = rng.randint(0, 3) << 6 | rng.randint(1, 4) << 3 | mode
        body = bytes([first, rng.randint(0, 16), rng.randint(0, 17), rng.randint(0, 255)])
        length = 48 if mode < 6 else rng.choice([8, 12, 48])
        if i == 7:
            length = 20  # a truncated header: malformed, as tshark says
        payload = body + bytes(rng.randint(0, 255) for _ in range(max(length - 4, 0)))
        out.append(base(i) / UDP(sport=rng.choice([123, 40123]), dport=123) / Raw(payload[:length]))
    return out


def l33t():
    out = []
    for i in range(20):
        extra = 0 if i == 0 else rng.randint(0, 10)  # the first has no payload after the two bytes
        payload = bytes([rng.randint(0, 255), rng.randint(0, 255)]) + name(extra).encode()
        out.append(base(i) / UDP(sport=rng.randint(1024, 65000), dport=2001) / Raw(payload))
    return out


def lenmsg():
    """Messages of tests/describe/lenmsg.wlp over one TCP connection: two in one segment,
    one split over three segments, then one whole."""
    def msg(kind, body):
        return (len(body) + 1).to_bytes(2, "big") + bytes([kind]) + body
    c, s = ("198.18.0.1", 40001), ("198.18.0.2", 7777)
    seq = {c: 1000, s: 5000}
    out = []

    def seg(src, dst, flags, data=b""):
        pkt = Ether(src=mac(1), dst=mac(2)) / IP(src=src[0], dst=dst[0]) / TCP(
            sport=src[1], dport=dst[1], flags=flags, seq=seq[src], ack=seq[dst]) / Raw(data)
        seq[src] += len(data) + (1 if "S" in flags or "F" in flags else 0)
        out.append(pkt)
    seg(c, s, "S")
    seg(s, c, "SA")
    seg(c, s, "A")
    seg(c, s, "PA", msg(1, b"hi") + msg(2, b"two in one"))
    big = msg(2, bytes(range(256)) * 4)
    seg(c, s, "A", big[:1])
    seg(c, s, "A", big[1:600])
    seg(c, s, "PA", big[600:])
    seg(c, s, "PA", msg(1, b"last"))
    seg(s, c, "A")
    return out


for proto in (vxlan, gre, tftp, rip, lldp, cdp, dtp, ntp, l33t, lenmsg):
    rng.seed("%d-%s" % (SEED, proto.__name__))  # each capture its own draws: adding one changes no other
    packets = proto()
    for i, p in enumerate(packets):
        p.time = 1764633600 + i / 1000  # fixed times: the same seed writes the same file
    wrpcap("%s/%s.pcap" % (DIR, proto.__name__), packets)
