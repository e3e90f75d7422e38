#!/usr/bin/env python3
"""Compares wirelens with tshark packet by packet over a directory of captures: the share of
packets whose whole protocol stack (frame.protocols), Protocol column, and Protocol + Info
columns equal tshark's, over all packets and over the packets whose every layer wirelens
dissects (the DISSECTED list of tests/common/mod.rs); the packets skipped, with the
protocols that made them skipped; and the layers where stacks part most often.
A layer counts as dissected when it is in the DISSECTED list of tests/common/mod.rs, is
described by a bundled description (assets/protocols, loaded by the CLI), or is ERSPAN or
MPTCP (see ALSO_DISSECTED).
Usage: scripts/corpus-fidelity.py [DIR] [--wirelens PATH] [--jobs N]
(default DIR: tests/corpus/tcpdump; build first: cargo build --release)
"""
import argparse
import collections
import concurrent.futures
import os
import re
import subprocess

FIELDS = ["frame.protocols", "_ws.col.Protocol", "_ws.col.Info"]
TSHARK_PREFS = ["-o", "tcp.desegment_tcp_streams:TRUE", "-o", "ip.defragment:TRUE"]


ROOT = os.path.join(os.path.dirname(__file__), "..")
# Layers only reachable through a bundled description (ERSPAN under GRE) and the MPTCP
# option layers, which the library-level tests cannot count as dissected.
ALSO_DISSECTED = {"erspan", "mptcp"}


def dissected():
    """The DISSECTED list of tests/common/mod.rs, the protocols the bundled descriptions
    (assets/protocols/*.wlp, which the CLI loads) describe, and ALSO_DISSECTED."""
    text = open(os.path.join(ROOT, "tests", "common", "mod.rs")).read()
    block = re.search(r"const DISSECTED: &\[&str\] = &\[(.*?)\];", text, re.S).group(1)
    names = set(re.findall(r'"([^"]+)"', block)) | ALSO_DISSECTED
    described = os.path.join(ROOT, "assets", "protocols")
    for f in os.listdir(described):
        if f.endswith(".wlp"):
            names |= set(re.findall(r"^protocol (\S+)", open(os.path.join(described, f)).read(), re.M))
    return names


def rows(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=600)
    if out.returncode != 0:
        return None
    return [line.split("\t") for line in out.stdout.splitlines()]


def compare(path, wirelens):
    args = [a for f in FIELDS for a in ("-e", f)]
    theirs = rows(["tshark", "-n", "-r", path, "-T", "fields", *TSHARK_PREFS, *args])
    ours = rows([wirelens, "read", "-r", path, "-T", "fields", *args])
    return path, theirs, ours


def first_difference(a, b):
    for x, y in zip(a.split(":"), b.split(":")):
        if x != y:
            return f"{y} (ours {x})"
    return "length"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", nargs="?", default="tests/corpus/tcpdump")
    parser.add_argument("--wirelens", default="target/release/wirelens")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    opts = parser.parse_args()
    known = dissected()
    paths = sorted(
        os.path.join(opts.dir, f) for f in os.listdir(opts.dir)
        if re.search(r"\.(pcap|pcapng|cap)(\.gz)?$", f))
    total = stack = proto = both = 0
    compared = c_stack = c_proto = c_both = 0
    unreadable = 0
    skipped_by = collections.Counter()
    parted_at = collections.Counter()
    columns_differ = collections.Counter()
    with concurrent.futures.ThreadPoolExecutor(opts.jobs) as pool:
        for path, theirs, ours in pool.map(lambda p: compare(p, opts.wirelens), paths):
            if theirs is None or ours is None or len(theirs) != len(ours):
                unreadable += 1
                continue
            for t, o in zip(theirs, ours):
                t, o = (t + ["", "", ""])[:3], (o + ["", "", ""])[:3]
                total += 1
                same = [t[0] == o[0], t[1] == o[1], t[1:] == o[1:]]
                stack += same[0]
                proto += same[1]
                both += same[2]
                unknown = [p for p in t[0].split(":") if p and p not in known]
                if unknown:
                    skipped_by[unknown[0]] += 1
                    continue
                compared += 1
                c_stack += same[0]
                c_proto += same[1]
                c_both += same[2]
                if not same[0]:
                    parted_at[first_difference(o[0], t[0])] += 1
                elif not same[2]:
                    columns_differ[t[1]] += 1
    pct = lambda n, d: f"{100.0 * n / d:.2f} %" if d else "n/a"
    print(f"captures: {len(paths)} ({unreadable} unreadable by one side or of different lengths)")
    print(f"all packets: {total}; stack {pct(stack, total)}, Protocol {pct(proto, total)}, "
          f"Protocol+Info {pct(both, total)}")
    print(f"packets with only dissected layers: {compared}; stack {pct(c_stack, compared)}, "
          f"Protocol {pct(c_proto, compared)}, Protocol+Info {pct(c_both, compared)}")
    print(f"skipped (a layer wirelens does not dissect): {total - compared}")
    for name, n in skipped_by.most_common(25):
        print(f"  {n:6d}  {name}")
    print("stacks part at (tshark's layer, first difference):")
    for name, n in parted_at.most_common(15):
        print(f"  {n:6d}  {name}")
    print("same stack, other Protocol or Info (by tshark's Protocol column):")
    for name, n in columns_differ.most_common(20):
        print(f"  {n:6d}  {name}")


if __name__ == "__main__":
    main()
