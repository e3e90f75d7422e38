#!/bin/sh
# Regenerates tshark's `-q -z SPEC` reports (the oracle) for every statistic listed in
# tests/golden/zstats/SPECS and every capture under tests/captures:
# tests/golden/zstats/<capture>/<n>.txt, where n is the spec's line number in SPECS.
# tshark 4.0 prints 0 for SUM/MIN/MAX/AVG of a field, so those are not among the specs.
# Usage: scripts/regen-zstats.sh [capture ...]
set -eu
cd "$(dirname "$0")/.."
dir=tests/golden/zstats
if [ "$#" -eq 0 ]; then
    set -- tests/captures/*.pcap*
fi
for cap in "$@"; do
    out="$dir/$(basename "$cap")"
    mkdir -p "$out"
    n=0
    while IFS= read -r spec; do
        n=$((n + 1))
        tshark -n -q -r "$cap" -z "$spec" > "$out/$n.txt" 2>/dev/null
    done < "$dir/SPECS"
done
echo "zstats golden files: $(find "$dir" -name '*.txt' | wc -l)"
