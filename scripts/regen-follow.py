#!/usr/bin/env python3
"""Regenerates tshark's Follow Stream output (the oracle) as fingerprints: for every TCP and
UDP stream of every capture under tests/captures, every TCP stream followed as TLS and as
HTTP too, and every mode (ascii, hex, raw, yaml),
tests/golden/follow/<capture>.tsv holds `proto mode stream length crc32` of what
`tshark -q -z follow,PROTO,MODE,STREAM` prints. Usage: scripts/regen-follow.py [capture ...]"""
import glob
import os
import subprocess
import sys
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MODES = ("ascii", "hex", "raw", "yaml")


def streams(cap, proto):
    out = subprocess.run(["tshark", "-n", "-r", cap, "-T", "fields", "-e", f"{proto}.stream"],
                         capture_output=True, text=True).stdout
    return sorted({int(s) for line in out.split() for s in line.split(",") if s})


def main():
    os.chdir(ROOT)
    caps = sys.argv[1:] or sorted(glob.glob("tests/captures/*.pcap*"))
    os.makedirs("tests/golden/follow", exist_ok=True)
    for cap in caps:
        lines = []
        for proto in ("tcp", "udp", "tls", "http"):
            for n in streams(cap, "udp" if proto == "udp" else "tcp"):
                for mode in MODES:
                    out = subprocess.run(["tshark", "-n", "-q", "-r", cap, "-z",
                                          f"follow,{proto},{mode},{n}"],
                                         capture_output=True).stdout
                    lines.append(f"{proto}\t{mode}\t{n}\t{len(out)}\t{zlib.crc32(out):08x}\n")
        name = os.path.basename(cap)
        with open(f"tests/golden/follow/{name}.tsv", "w") as f:
            f.writelines(lines)
        print(f"{name}: {len(lines)} follow outputs")


if __name__ == "__main__":
    main()
