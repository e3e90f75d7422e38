#!/usr/bin/env python3
"""Writes tests/captures/quic-sessions.pcap: real QUIC connections between aioquic's client and
server on loopback, captured by tcpdump -- QUIC v1 on UDP 443 and on 4433 (found by the
heuristic), QUIC v2 (RFC 9369), a server that answers with Retry, and a client offering an
unknown version so the server sends Version Negotiation. Each client opens a stream, sends a
line and reads the echo. For the QUIC dissector: tshark decrypts the Initial packets with each
version's initial salt and shows the ClientHello inside (SNI, ALPN).
Needs root (tcpdump on lo) and: pip install aioquic==1.7.2
Usage: scripts/make-quic-capture.py [DIR]
"""
import asyncio
import os
import ssl
import subprocess
import sys
import tempfile
import time

from aioquic.asyncio import connect, serve
from aioquic.asyncio.protocol import QuicConnectionProtocol
from aioquic.quic.configuration import QuicConfiguration
from aioquic.quic.events import StreamDataReceived
from aioquic.quic.packet import QuicProtocolVersion

DIR = sys.argv[1] if len(sys.argv) > 1 else "tests/captures"
OUT = os.path.join(DIR, "quic-sessions.pcap")
GREASE_VERSION = 0x1A2A3A4A


class Echo(QuicConnectionProtocol):
    def quic_event_received(self, event):
        if isinstance(event, StreamDataReceived):
            self._quic.send_stream_data(event.stream_id, event.data, end_stream=event.end_stream)
            self.transmit()


def server_config(cert, key, versions):
    config = QuicConfiguration(is_client=False, alpn_protocols=["echo"])
    config.supported_versions = versions
    config.load_cert_chain(cert, key)
    return config


def client_config(name, versions, alpn=("echo",)):
    config = QuicConfiguration(is_client=True, alpn_protocols=list(alpn), server_name=name)
    config.verify_mode = ssl.CERT_NONE
    config.supported_versions = versions
    return config


async def session(port, name, versions, message, alpn=("echo",)):
    config = client_config(name, versions, alpn)
    async with connect("127.0.0.1", port, configuration=config) as client:
        reader, writer = await client.create_stream()
        writer.write(message)
        writer.write_eof()
        await asyncio.wait_for(reader.read(), 5)
        client.close()
        await client.wait_closed()


async def run(cert, key):
    v1 = [QuicProtocolVersion.VERSION_1]
    v2 = [QuicProtocolVersion.VERSION_2, QuicProtocolVersion.VERSION_1]
    servers = [
        await serve("127.0.0.1", 443, configuration=server_config(cert, key, v1),
                    create_protocol=Echo),
        await serve("127.0.0.1", 4433, configuration=server_config(cert, key, v1),
                    create_protocol=Echo),
        await serve("127.0.0.1", 4434, configuration=server_config(cert, key, v2),
                    create_protocol=Echo),
        await serve("127.0.0.1", 4435, configuration=server_config(cert, key, v1),
                    create_protocol=Echo, retry=True),
    ]
    await session(443, "quic.example.test", v1, b"hello over QUIC v1\n")
    await session(4433, "heuristic.example.test", v1, b"any port\n")
    await session(4434, "v2.example.test", [QuicProtocolVersion.VERSION_2], b"hello over v2\n")
    await session(4435, "retry.example.test", v1, b"after a retry\n")
    await session(4433, "negotiate.example.test", [GREASE_VERSION, QuicProtocolVersion.VERSION_1],
                  b"negotiated\n")
    # A ClientHello too long for one Initial packet: its CRYPTO data spans two datagrams.
    many = [f"proto-{i:03d}-padding-the-hello" for i in range(60)] + ["echo"]
    await session(443, "long-hello.example.test", v1, b"big hello\n", alpn=many)
    for server in servers:
        server.close()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                        "/CN=example.test", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        raw = os.path.join(tmp, "raw.pcap")
        dump = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "-w", raw,
                                 "udp and (port 443 or portrange 4433-4435)"],
                                stderr=subprocess.DEVNULL)
        time.sleep(1)
        try:
            asyncio.run(run(cert, key))
            time.sleep(1)
        finally:
            dump.terminate()
            dump.wait()
        subprocess.run(["editcap", "-F", "pcap", raw, OUT], check=True)
    print(OUT)


if __name__ == "__main__":
    main()
