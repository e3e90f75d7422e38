#!/usr/bin/env python3
"""Writes tests/captures/pppoe-session.pcap: a PPPoE discovery (PADI, PADO, PADR, PADS with
service-name, AC-name, host-uniq, AC-cookie and vendor tags), the PPP session that follows
(LCP configure request/ack/nak/reject with MRU, magic-number, auth-protocol, PFC and ACFC options,
echo request/reply, PAP and CHAP authentication, IPCP and IPV6CP negotiation, IPv4/UDP/DNS and
IPv6/ICMPv6 inside the session, an unknown PPP protocol, LCP terminate), then a PADT; and
a PPP frame on the raw PPP link type. For the PPPoE/PPP dissectors (fields, Protocol and Info
columns against tshark). scapy builds the packets (pip install scapy==2.6.1); all bytes and
times are fixed. Addresses: 198.18.0.0/15 and documentation prefixes.
Usage: scripts/make-pppoe-capture.py [DIR]
"""
import sys

from scapy.all import (DNS, DNSQR, ICMPv6EchoRequest, IP, IPv6, PPP, PPP_CHAP,
                       PPP_CHAP_ChallengeResponse, PPP_IPCP, PPP_IPCP_Option_DNS1,
                       PPP_IPCP_Option_DNS2, PPP_IPCP_Option_IPAddress, PPP_LCP_ACCM_Option,
                       PPP_LCP_Auth_Protocol_Option, PPP_LCP_Configure, PPP_LCP_Echo,
                       PPP_LCP_Magic_Number_Option, PPP_LCP_MRU_Option, PPP_LCP_Option,
                       PPP_LCP_Terminate, PPP_PAP_Request, PPP_PAP_Response, PPPoED, PPPoED_Tags,
                       PPPoETag, PPPoE, UDP, Ether, Raw, wrpcap)

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
CLIENT, SERVER = "02:00:00:00:00:0a", "02:00:00:00:00:14"
BROADCAST = "ff:ff:ff:ff:ff:ff"
SESSION = 0x1234


def tags(*pairs):
    return PPPoED_Tags(tag_list=[PPPoETag(tag_type=t, tag_value=v) for t, v in pairs])


def discovery(src, dst, code, session, *pairs):
    return Ether(src=src, dst=dst, type=0x8863) / PPPoED(code=code, sessionid=session) / tags(*pairs)


def session(src, dst, payload):
    return Ether(src=src, dst=dst, type=0x8864) / PPPoE(sessionid=SESSION) / payload


def up(payload):
    return session(CLIENT, SERVER, payload)


def down(payload):
    return session(SERVER, CLIENT, payload)


uniq = bytes.fromhex("a1b2c3d4")
cookie = bytes(range(16))
vendor = bytes.fromhex("00000009") + b"\x01\x02\x03"
lcp_opts = [PPP_LCP_MRU_Option(max_recv_unit=1492), PPP_LCP_Magic_Number_Option(magic_number=0x1a2b3c4d),
            PPP_LCP_ACCM_Option(accm=0), PPP_LCP_Option(type=7), PPP_LCP_Option(type=8)]
server_opts = [PPP_LCP_MRU_Option(max_recv_unit=1480), PPP_LCP_Auth_Protocol_Option(auth_protocol=0xc023),
               PPP_LCP_Magic_Number_Option(magic_number=0x55667788)]
chap_opts = [PPP_LCP_Auth_Protocol_Option(auth_protocol=0xc223, data=b"\x05")]
ipcp_req = [PPP_IPCP_Option_IPAddress(data="0.0.0.0"), PPP_IPCP_Option_DNS1(data="0.0.0.0"),
            PPP_IPCP_Option_DNS2(data="0.0.0.0")]
ipcp_nak = [PPP_IPCP_Option_IPAddress(data="198.18.7.2"), PPP_IPCP_Option_DNS1(data="198.18.0.53"),
            PPP_IPCP_Option_DNS2(data="198.18.0.54")]
ipv6cp = bytes([1, 10]) + bytes.fromhex("0211223344556677")

packets = [
    discovery(CLIENT, BROADCAST, 0x09, 0, (0x0101, b""), (0x0103, uniq)),
    discovery(SERVER, CLIENT, 0x07, 0, (0x0101, b""), (0x0102, b"wirelens-ac"), (0x0103, uniq),
              (0x0104, cookie), (0x0105, vendor)),
    discovery(CLIENT, SERVER, 0x19, 0, (0x0101, b""), (0x0103, uniq), (0x0104, cookie)),
    discovery(SERVER, CLIENT, 0x65, SESSION, (0x0101, b"internet"), (0x0103, uniq)),
    up(PPP(proto=0xc021) / PPP_LCP_Configure(code=1, id=1, options=lcp_opts)),
    down(PPP(proto=0xc021) / PPP_LCP_Configure(code=1, id=1, options=server_opts)),
    up(PPP(proto=0xc021) / PPP_LCP_Configure(code=4, id=1, options=[PPP_LCP_Option(type=7),
                                                                     PPP_LCP_Option(type=8)])),
    up(PPP(proto=0xc021) / PPP_LCP_Configure(code=3, id=1, options=chap_opts)),
    down(PPP(proto=0xc021) / PPP_LCP_Configure(code=1, id=2, options=server_opts)),
    up(PPP(proto=0xc021) / PPP_LCP_Configure(code=2, id=2, options=server_opts)),
    up(PPP(proto=0xc021) / PPP_LCP_Configure(code=1, id=2, options=lcp_opts[:3])),
    down(PPP(proto=0xc021) / PPP_LCP_Configure(code=2, id=2, options=lcp_opts[:3])),
    up(PPP(proto=0xc021) / PPP_LCP_Echo(code=9, id=3, magic_number=0x1a2b3c4d)),
    down(PPP(proto=0xc021) / PPP_LCP_Echo(code=10, id=3, magic_number=0x55667788)),
    up(PPP(proto=0xc023) / PPP_PAP_Request(id=1, username="alice", password="s3cret")),
    down(PPP(proto=0xc023) / PPP_PAP_Response(code=2, id=1, message="Login ok")),
    down(PPP(proto=0xc223) / PPP_CHAP_ChallengeResponse(code=1, id=7, value=bytes(range(16)),
                                                         optional_name="bras")),
    up(PPP(proto=0xc223) / PPP_CHAP_ChallengeResponse(code=2, id=7, value=bytes(range(16, 32)),
                                                       optional_name="alice")),
    down(PPP(proto=0xc223) / PPP_CHAP(code=3, id=7, data=b"Welcome")),
    up(PPP(proto=0x8021) / PPP_IPCP(code=1, id=1, options=ipcp_req)),
    down(PPP(proto=0x8021) / PPP_IPCP(code=3, id=1, options=ipcp_nak)),
    up(PPP(proto=0x8021) / PPP_IPCP(code=1, id=2, options=ipcp_nak)),
    down(PPP(proto=0x8021) / PPP_IPCP(code=2, id=2, options=ipcp_nak)),
    up(PPP(proto=0x8057) / Raw(bytes([1, 1, 0, 14]) + ipv6cp)),
    down(PPP(proto=0x8057) / Raw(bytes([2, 1, 0, 14]) + ipv6cp)),
    up(PPP(proto=0x0021) / IP(src="198.18.7.2", dst="198.18.0.53") / UDP(sport=40001, dport=53) /
       DNS(id=0x4242, qd=DNSQR(qname="example.com"))),
    up(PPP(proto=0x0057) / IPv6(src="2001:db8::2", dst="2001:db8::1") / ICMPv6EchoRequest(id=1, seq=1)),
    up(PPP(proto=0x80fd) / Raw(bytes([1, 1, 0, 4]))),
    down(PPP(proto=0xc021) / Raw(bytes([8, 4, 0, 10, 0x80, 0xfd, 1, 1, 0, 4]))),
    up(PPP(proto=0x4321) / Raw(b"\x00\x01\x02")),
    up(PPP(proto=0x4023) / Raw(b"\x00\x01\x02")),
    up(PPP(proto=0xc021) / PPP_LCP_Terminate(code=5, id=5, data=b"User request")),
    down(PPP(proto=0xc021) / PPP_LCP_Terminate(code=6, id=5)),
    discovery(SERVER, CLIENT, 0xa7, SESSION, (0x0203, b"session closed")),
]
for i, p in enumerate(packets):
    p.time = 1700000700 + i * 0.01
wrpcap(f"{DIR}/pppoe-session.pcap", packets)
