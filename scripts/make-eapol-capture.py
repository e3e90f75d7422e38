#!/usr/bin/env python3
"""Writes tests/captures/eapol.pcap: IEEE 802.1X on a wired port as a switch and a supplicant
exchange it -- EAPOL Start and Logoff, EAP Identity, Notification, Legacy Nak, MD5-Challenge,
EAP-TLS (start, an unfragmented ClientHello, a fragment with More Fragments set), PEAP, TTLS
and FAST starts, MS-CHAP-v2 challenge/response/success, EAP-SIM and EAP-AKA/AKA' with their
attributes (AT_IDENTITY, AT_NOTIFICATION, AT_CLIENT_ERROR_CODE...), an Expanded type, an
unknown type, Success and Failure; then the key descriptors: RC4 (802.1X-2001, with a key and
generated locally), the RSN 4-way handshake, the group handshake, a WPA key, a request and a
request with the error bit; and a frame whose EAP packet runs past the EAPOL length. For the
EAPOL and EAP dissectors. scapy builds the frames (pip install scapy==2.6.1); times are fixed,
so the capture is the same on every run.
Usage: scripts/make-eapol-capture.py [DIR]
"""
import struct
import sys

from scapy.all import Ether, Raw, wrpcap

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
AUTH, SUPP, PAE = "02:00:5e:10:00:01", "02:00:5e:10:00:02", "01:80:c2:00:00:03"


def eapol(kind, body, version=1):
    return struct.pack("!BBH", version, kind, len(body)) + body


def eap(code, ident, kind=None, data=b""):
    body = b"" if kind is None else bytes([kind]) + data
    return struct.pack("!BBH", code, ident, 4 + len(body)) + body


def attr(kind, value):
    """An EAP-SIM/AKA attribute: its length counts 4-byte words."""
    pad = (-(len(value) + 2)) % 4
    return bytes([kind, (len(value) + 2 + pad) // 4]) + value + b"\x00" * pad


def client_hello():
    body = b"\x03\x03" + bytes(range(32)) + b"\x00" + b"\x00\x04\x00\x2f\x00\x35" + b"\x01\x00"
    sni = b"\x00\x00\x00\x12\x00\x10\x00\x00\x0dradius.test.lan"
    body += struct.pack("!H", len(sni)) + sni
    hs = b"\x01" + struct.pack("!I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack("!H", len(hs)) + hs


def rsn_key(info, replay, nonce, mic, data, desc=2, key_len=16):
    return (bytes([desc]) + struct.pack("!HHQ", info, key_len, replay) + nonce + bytes(16)
            + bytes(8) + bytes(8) + mic + struct.pack("!H", len(data)) + data)


def rc4_key(key_len, replay, index, key):
    return (b"\x01" + struct.pack("!HQ", key_len, replay) + bytes(range(16, 32)) + bytes([index])
            + bytes(range(0x40, 0x50)) + key)


RSN_IE = bytes.fromhex("30140100000fac040100000fac040100000fac020000")
ANONCE, SNONCE = bytes(range(32)), bytes(range(0x80, 0xA0))
SIM_START = b"\x0a\x00\x00" + attr(15, b"\x00\x02\x00\x01") + attr(17, b"\x00\x00")
SIM_START_RESP = (b"\x0a\x00\x00" + attr(7, b"\x00\x00" + bytes(range(16)))
                  + attr(16, b"\x00\x01") + attr(14, b"\x00\x0ealice@sim.test"))
AKA_CHALLENGE = (b"\x01\x00\x00" + attr(1, b"\x00\x00" + bytes(range(16)))
                 + attr(2, b"\x00\x00" + bytes(range(16, 32))) + attr(11, b"\x00\x00" + bytes(16)))
AKA_ERROR = b"\x0e\x00\x00" + attr(22, b"\x00\x01")
SIM_NOTIFY = b"\x0c\x00\x00" + attr(12, b"\x40\x00")
MSCHAP_CHALLENGE = b"\x01\x07\x00\x1c\x10" + bytes(range(16)) + b"radius"
MSCHAP_RESPONSE = (b"\x02\x07\x00\x3f\x31" + bytes(range(16)) + bytes(8) + bytes(range(24))
                   + b"\x00" + b"alice@corp")
MSCHAP_SUCCESS = b"\x03\x07\x00\x2eS=0123456789ABCDEF0123456789ABCDEF01234567"

# (source, destination, EAPOL frame)
FRAMES = [
    (SUPP, PAE, eapol(1, b"")),
    (AUTH, SUPP, eapol(0, eap(1, 1, 1))),
    (SUPP, AUTH, eapol(0, eap(2, 1, 1, b"alice@example.test"))),
    (AUTH, SUPP, eapol(0, eap(1, 2, 2, b"Please authenticate"))),
    (SUPP, AUTH, eapol(0, eap(2, 2, 2))),
    (AUTH, SUPP, eapol(0, eap(1, 3, 4, b"\x10" + bytes(range(16)) + b"radius"))),
    (SUPP, AUTH, eapol(0, eap(2, 3, 3, b"\x0d\x19"))),
    (AUTH, SUPP, eapol(0, eap(1, 4, 13, b"\x20"))),
    (SUPP, AUTH, eapol(0, eap(2, 4, 13, b"\x80" + struct.pack("!I", len(client_hello()))
                              + client_hello()))),
    (AUTH, SUPP, eapol(0, eap(1, 5, 13, b"\xc0\x00\x00\x10\x00" + b"\x16\x03\x03\x10\x00"
                              + bytes(40)))),
    (SUPP, AUTH, eapol(0, eap(2, 5, 13, b"\x00"))),
    (AUTH, SUPP, eapol(0, eap(1, 6, 25, b"\x21"))),
    (SUPP, AUTH, eapol(0, eap(2, 6, 25, b"\x01" + client_hello()))),
    (AUTH, SUPP, eapol(0, eap(1, 7, 21, b"\x20"))),
    (AUTH, SUPP, eapol(0, eap(1, 8, 43, b"\x21\x00\x04\x00\x10" + bytes(range(16))))),
    (AUTH, SUPP, eapol(0, eap(1, 9, 26, MSCHAP_CHALLENGE))),
    (SUPP, AUTH, eapol(0, eap(2, 9, 26, MSCHAP_RESPONSE))),
    (AUTH, SUPP, eapol(0, eap(1, 10, 26, MSCHAP_SUCCESS))),
    (AUTH, SUPP, eapol(0, eap(1, 11, 18, SIM_START))),
    (SUPP, AUTH, eapol(0, eap(2, 11, 18, SIM_START_RESP))),
    (AUTH, SUPP, eapol(0, eap(1, 12, 18, SIM_NOTIFY))),
    (AUTH, SUPP, eapol(0, eap(1, 13, 23, AKA_CHALLENGE))),
    (SUPP, AUTH, eapol(0, eap(2, 13, 23, AKA_ERROR))),
    (AUTH, SUPP, eapol(0, eap(1, 14, 50, AKA_CHALLENGE))),
    (AUTH, SUPP, eapol(0, eap(1, 15, 254, b"\x00\x00\x09\x00\x00\x00\x01\xde\xad"))),
    (AUTH, SUPP, eapol(0, eap(1, 16, 99, b"opaque"))),
    (AUTH, SUPP, eapol(0, eap(4, 16))),
    (AUTH, SUPP, eapol(0, eap(3, 17))),
    (AUTH, SUPP, eapol(3, rc4_key(13, 1, 0x81, bytes(range(0x60, 0x6d))))),
    (AUTH, SUPP, eapol(3, rc4_key(5, 2, 0x02, b""))),
    (AUTH, SUPP, eapol(3, rsn_key(0x008a, 1, ANONCE, bytes(16), b""), 2)),
    (SUPP, AUTH, eapol(3, rsn_key(0x010a, 1, SNONCE, b"\x5a" * 16, RSN_IE), 2)),
    (AUTH, SUPP, eapol(3, rsn_key(0x13ca, 2, ANONCE, b"\xa5" * 16, bytes(range(56))), 2)),
    (SUPP, AUTH, eapol(3, rsn_key(0x030a, 2, bytes(32), b"\x3c" * 16, b""), 2)),
    (AUTH, SUPP, eapol(3, rsn_key(0x1382, 3, ANONCE, b"\x11" * 16, bytes(range(24))), 2)),
    (SUPP, AUTH, eapol(3, rsn_key(0x0302, 3, bytes(32), b"\x22" * 16, b""), 2)),
    (AUTH, SUPP, eapol(3, rsn_key(0x0089, 1, ANONCE, bytes(16), b"", desc=254, key_len=32))),
    (SUPP, AUTH, eapol(3, rsn_key(0x0b0a, 4, bytes(32), b"\x33" * 16, b""), 2)),
    (SUPP, AUTH, eapol(3, rsn_key(0x0f0a, 5, bytes(32), b"\x44" * 16, b""), 2)),
    (SUPP, PAE, eapol(2, b"")),
    (AUTH, SUPP, eapol(0, eap(1, 18, 1, b"abc"))[:-2]),
]


def main():
    packets = []
    for i, (src, dst, frame) in enumerate(FRAMES):
        p = Ether(src=src, dst=dst, type=0x888E) / Raw(frame)
        p.time = 1_700_000_000 + i * 0.25
        packets.append(p)
    wrpcap(f"{DIR}/eapol.pcap", packets)


if __name__ == "__main__":
    main()
