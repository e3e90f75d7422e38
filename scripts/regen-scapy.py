#!/usr/bin/env python3
"""Builds every case of tests/craft/scapy-cases.txt with scapy and prints NAME<TAB>SPEC<TAB>HEX.

scripts/regen-golden.sh writes the output to tests/golden/craft/scapy.tsv; the crafting tests
compare wirelens' bytes with it, and (when scapy is installed, as in CI) with a fresh run.
Usage: scripts/regen-scapy.py [CASES]   (needs scapy: pip install scapy==2.6.1)
"""
import sys

from scapy.all import (ARP, DNS, DNSQR, DNSRR, ICMP, IP, TCP, UDP, UDPerror, TCPerror,
                       Dot1Q, Ether, ICMPv6EchoReply, ICMPv6EchoRequest, IPerror, IPOption,
                       IPv6, Padding, Raw, raw)

CASES = sys.argv[1] if len(sys.argv) > 1 else "tests/craft/scapy-cases.txt"

for line in open(CASES, encoding="utf-8"):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    name, spec, expr = (part.strip() for part in line.split(" | ", 2))
    packet = eval(expr)  # the cases file is ours, not user input
    print(f"{name}\t{spec}\t{raw(packet).hex()}")
