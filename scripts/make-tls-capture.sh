#!/bin/sh
# Makes tests/captures/tls-segments.pcap: real TLS 1.2 and 1.3 handshakes (openssl s_server,
# curl) over a veth pair between two network namespaces with a 1500-byte MTU and segmentation
# offloads off, so records span segments and segments hold several records, as on a real
# network. Needs root, openssl, curl, tcpdump, ethtool. Addresses: 198.18.5.0/24 only.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-tests/captures/tls-segments.pcap}
A=wltls-a; B=wltls-b
TMP=$(mktemp -d)
cleanup() {
    [ -f "$TMP/server.pid" ] && kill "$(cat "$TMP/server.pid")" 2>/dev/null || true
    ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; rm -rf "$TMP"
}
trap cleanup EXIT
ip netns add $A; ip netns add $B
ip link add wltlsa type veth peer name wltlsb
ip link set wltlsa netns $A; ip link set wltlsb netns $B
ip -n $A addr add 198.18.5.1/24 dev wltlsa; ip -n $B addr add 198.18.5.2/24 dev wltlsb
for ns in $A $B; do ip -n $ns link set lo up; done
ip -n $A link set wltlsa up; ip -n $B link set wltlsb up
ip netns exec $A ethtool -K wltlsa tso off gso off gro off tx off >/dev/null
ip netns exec $B ethtool -K wltlsb tso off gso off gro off tx off >/dev/null
openssl req -x509 -newkey rsa:4096 -nodes -keyout "$TMP/k.pem" -out "$TMP/c.pem" -days 3650 \
    -subj "/C=US/ST=Somewhere/L=Town/O=wirelens test/OU=fidelity/CN=server.wirelens.test" \
    -addext "subjectAltName=DNS:server.wirelens.test,DNS:alt.wirelens.test" 2>/dev/null
ip netns exec $A openssl s_server -accept 198.18.5.1:443 -cert "$TMP/c.pem" -key "$TMP/k.pem" \
    -www -quiet >/dev/null 2>&1 &
echo $! > "$TMP/server.pid"
ip netns exec $B tcpdump -i wltlsb -w "$TMP/out.pcap" -U --immediate-mode 'tcp port 443' >/dev/null 2>&1 &
dump=$!
# Wait for the server to listen and tcpdump to open the interface (bounded).
for _ in $(seq 50); do
    ip netns exec $A ss -ltn | grep -q 198.18.5.1:443 && [ -s "$TMP/out.pcap" ] && break
    sleep 0.1
done
for v in 1.2 1.3; do
    ip netns exec $B curl -skS --max-time 5 --tls-max $v --tlsv$v https://198.18.5.1/ -o /dev/null
done
sleep 0.5
kill $dump; wait $dump 2>/dev/null || true
cp "$TMP/out.pcap" "$OUT"
echo "wrote $OUT: $(tcpdump -r "$OUT" 2>/dev/null | wc -l) packets"
