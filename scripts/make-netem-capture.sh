#!/bin/sh
# Makes tests/captures/tcp-netem.pcap: real TCP transfers between two network namespaces
# through a third one that bridges them in user space and, like tc netem (which this kernel
# lacks), drops, reorders and delays packets going from A to B (a seeded relay, scripts/
# lossy-relay.py). The receiver reads one transfer slowly through a small buffer (zero windows,
# window updates) and one connection idles with keep-alives. Captured on B, headers only
# (snaplen 96). Needs root, tcpdump, ethtool, python3. Addresses: 198.18.6.0/24 only.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-tests/captures/tcp-netem.pcap}
A=wlnetem-a; M=wlnetem-m; B=wlnetem-b
TMP=$(mktemp -d)
cleanup() {
    [ -n "${relay:-}" ] && kill "$relay" 2>/dev/null || true
    for ns in $A $M $B; do ip netns del $ns 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT
for ns in $A $M $B; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add wlna type veth peer name wlnma
ip link add wlnb type veth peer name wlnmb
ip link set wlna netns $A; ip link set wlnma netns $M
ip link set wlnb netns $B; ip link set wlnmb netns $M
ip -n $A addr add 198.18.6.1/24 dev wlna; ip -n $B addr add 198.18.6.2/24 dev wlnb
for pair in "$A wlna" "$M wlnma" "$M wlnmb" "$B wlnb"; do
    set -- $pair
    ip -n "$1" link set "$2" up
    ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off >/dev/null
done
ip netns exec $M python3 scripts/lossy-relay.py wlnma wlnmb 7 &
relay=$!
cat > "$TMP/peer.py" <<'PY'
import socket, sys, time
role, port = sys.argv[1], int(sys.argv[2])
if role == "server":
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("198.18.6.1", port)); s.listen(4); s.settimeout(20)
    for mode in ("bulk", "slow", "idle"):
        c, _ = s.accept()
        if mode == "idle":
            c.recv(100); time.sleep(4.5); c.close(); continue
        data = b"wirelens-netem-" * 70_000  # about 1 MiB
        c.sendall(data if mode == "bulk" else data[:300_000]); c.close()
else:
    for mode in ("bulk", "slow", "idle"):
        c = socket.socket()
        if mode == "slow":
            c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        if mode == "idle":
            c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
        c.settimeout(20); c.connect(("198.18.6.1", port))
        if mode == "idle":
            c.send(b"hello"); c.recv(10); c.close(); continue
        while True:
            chunk = c.recv(1024 if mode == "slow" else 65536)
            if not chunk: break
            if mode == "slow": time.sleep(0.002)
        c.close()
PY
ip netns exec $B tcpdump -i wlnb -s 96 -w "$TMP/out.pcap" -U --immediate-mode 'tcp port 5201' >/dev/null 2>&1 &
dump=$!
ip netns exec $A python3 "$TMP/peer.py" server 5201 &
server=$!
for _ in $(seq 50); do
    ip netns exec $A ss -ltn | grep -q 198.18.6.1:5201 && [ -s "$TMP/out.pcap" ] \
        && ip netns exec $B ping -c1 -W1 198.18.6.1 >/dev/null 2>&1 && break
    sleep 0.1
done
timeout 60 ip netns exec $B python3 "$TMP/peer.py" client 5201
wait $server
sleep 0.5
kill $dump; wait $dump 2>/dev/null || true
cp "$TMP/out.pcap" "$OUT"
echo "wrote $OUT: $(tcpdump -r "$OUT" 2>/dev/null | wc -l) packets"
