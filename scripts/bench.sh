#!/bin/sh
# Benchmarks wirelens against tshark and tcpdump on the same generated capture, in one run.
# Reports the median wall time of RUNS runs (default 3) and the peak RSS, then the in-library
# numbers (open + index, bytes per packet, filter times over the loaded store).
# Usage: scripts/bench.sh [PACKETS] [RUNS]      (default 1000000 packets, 3 runs)
set -eu
cd "$(dirname "$0")/.."
PACKETS=${1:-1000000}
RUNS=${2:-3}
FILE=bench-data/mixed-$PACKETS.pcapng
mkdir -p bench-data
cargo build --release --quiet --bin wirelens --example bench_index --example bench_described
W=./target/release/wirelens
[ -f "$FILE" ] || $W generate -c "$PACKETS" --seed 1 -w "$FILE"
OUT=bench-data/out

# measure NAME CMD...: median seconds and max peak RSS over RUNS runs
measure() {
    name=$1; shift
    times=""; rss=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o bench-data/time.txt "$@" > /dev/null 2>&1 || true
        set -- "$@"
        t=$(cut -d' ' -f1 bench-data/time.txt); m=$(cut -d' ' -f2 bench-data/time.txt)
        times="$times $t"; [ "$m" -gt "$rss" ] && rss=$m
    done
    med=$(echo $times | tr ' ' '\n' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-58s %8.2f s  %8d MB\n' "$name" "$med" $((rss / 1024))
    eval "BENCH_$(echo "$name" | tr -c 'a-zA-Z0-9' '_')=$med"
}

echo "capture: $FILE ($PACKETS packets, $(du -h "$FILE" | cut -f1)), $RUNS runs each, $(nproc) cores"
echo
measure "wirelens stats -r"                         $W stats -r "$FILE"
measure "tshark -q -z io,phs -r"                    tshark -q -z io,phs -r "$FILE"
measure "wirelens read -q -z conv,tcp -r"             $W read -q -z conv,tcp -r "$FILE"
measure "tshark -n -q -z conv,tcp -r"               tshark -n -q -z conv,tcp -r "$FILE"
measure "wirelens read -q -z io,phs -r"              $W read -q -z io,phs -r "$FILE"
measure "wirelens read -r -Y 'tcp.port==443' -w"    $W read -r "$FILE" -Y 'tcp.port==443' -w "$OUT-w.pcapng"
measure "tshark -r -Y 'tcp.port==443' -w"           tshark -r "$FILE" -Y 'tcp.port==443' -w "$OUT-t.pcapng"
measure "wirelens read -r > /dev/null"              $W read -r "$FILE"
measure "tshark -r > /dev/null"                     tshark -r "$FILE"
measure "tcpdump -nn -r > /dev/null"                tcpdump -nn -r "$FILE"
echo
echo "in-library (median of $RUNS):"
./target/release/examples/bench_index "$FILE" "$RUNS" | sed 's/^/  /'
rm -f "$OUT"-*.pcapng bench-data/time.txt
echo
echo "a protocol description against the built-in dissector (1M ARP frames, one core):"
./target/release/examples/bench_described 1000000 | sed 's/^/  /'
