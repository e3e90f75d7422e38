#!/bin/sh
# Sending benchmark (not a test): packets/s from one thread, wirelens vs tcpreplay
# --topspeed, the same file on the same veth pair between two network namespaces, in one run.
# Needs root; installs tcpreplay if missing. Usage: scripts/bench-send.sh [PACKETS] [RUNS]
set -eu
cd "$(dirname "$0")/.."
N=${1:-300000}
RUNS=${2:-3}
command -v tcpreplay >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpreplay; }
cargo build --release --quiet
BIN=target/release/wirelens
A=wlbench-a; B=wlbench-b
cleanup() { ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; rm -rf "$TMP"; }
TMP=$(mktemp -d); trap cleanup EXIT
ip netns add $A; ip netns add $B
ip link add wlba type veth peer name wlbb
ip link set wlba netns $A; ip link set wlbb netns $B
ip -n $A link set wlba up; ip -n $B link set wlbb up
MAC_A=$(ip -n $A -br link show wlba | awk '{print $3}')
MAC_B=$(ip -n $B -br link show wlbb | awk '{print $3}')
$BIN craft -c "$N" -w "$TMP/frames.pcap" -F pcap \
  "eth(src=$MAC_A,dst=$MAC_B)/ip(src=198.18.0.1,dst=198.18.0.2,id=0..65535)/udp(srcport=40000,dstport=9)/data(len=22)" 2>/dev/null
rx() { ip netns exec $B cat /sys/class/net/wlbb/statistics/rx_packets; }
for run in $(seq "$RUNS"); do
  before=$(rx)
  t=$(ip netns exec $A tcpreplay --topspeed -i wlba "$TMP/frames.pcap" 2>&1 | sed -n 's/.*Rated: [0-9.]* Bps, [0-9.]* Mbps, \([0-9.]*\) pps.*/\1/p')
  got_t=$(( $(rx) - before ))
  before=$(rx)
  w=$(ip netns exec $A $BIN send -i wlba -r "$TMP/frames.pcap" --topspeed | sed -n 's/.*s: \([0-9]*\) packets\/s.*/\1/p')
  got_w=$(( $(rx) - before ))
  ratio=$(awk -v w="$w" -v t="$t" 'BEGIN { printf "%.2f", w / t }')
  echo "run $run: tcpreplay $t pps ($got_t received), wirelens $w pps ($got_w received): ratio $ratio"
done
