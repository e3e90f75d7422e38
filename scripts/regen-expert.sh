#!/bin/sh
# Regenerates tshark's `-q -z expert` report (the oracle) for every capture under
# tests/captures: tests/golden/expert/<capture>.txt.
# Usage: scripts/regen-expert.sh [capture ...]
set -eu
cd "$(dirname "$0")/.."
out=tests/golden/expert
mkdir -p "$out"
if [ "$#" -eq 0 ]; then
    set -- tests/captures/*.pcap*
fi
for cap in "$@"; do
    name=$(basename "$cap")
    tshark -n -q -r "$cap" -z expert > "$out/$name.txt" 2>/dev/null
done
echo "expert golden files: $(ls "$out" | wc -l)"
