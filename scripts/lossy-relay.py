#!/usr/bin/env python3
"""A user-space netem: bridges two interfaces frame by frame; frames from the first to the
second are dropped (2 %), held back behind the next one (reordered, 3 %); all are delayed 2 ms,
with a seeded generator so runs are alike. Frames the other way pass unchanged.
Usage: lossy-relay.py IFACE_A IFACE_B SEED  (runs until killed)."""
import random
import select
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def open_raw(name):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((name, 0))
    return s


def main():
    a, b = open_raw(sys.argv[1]), open_raw(sys.argv[2])
    rng = random.Random(int(sys.argv[3]))
    held = None  # a frame A→B waiting to be sent after the next one
    delayed = []  # (due time, frame) A→B
    while True:
        timeout = 0.001 if delayed or held else 1.0
        ready, _, _ = select.select([a, b], [], [], timeout)
        now = time.monotonic()
        for s in ready:
            frame, addr = s.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            if s is b:
                a.send(frame)
                continue
            r = rng.random()
            if r < 0.02:
                continue
            if r < 0.05 and held is None:
                held = (now, frame)
                continue
            delayed.append((now + 0.002, frame))
        if held and (delayed or now - held[0] > 0.01):
            delayed.append((max(d for d, _ in delayed) if delayed else now, held[1]))
            held = None
        due = [f for d, f in delayed if d <= now]
        delayed = [(d, f) for d, f in delayed if d > now]
        for f in due:
            b.send(f)


if __name__ == "__main__":
    main()
