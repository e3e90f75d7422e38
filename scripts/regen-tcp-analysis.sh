#!/bin/sh
# Regenerates tshark's TCP sequence analysis (the oracle) for every capture with TCP under
# tests/corpus and tests/captures: tests/golden/tcp-analysis/<capture>.tsv holds
# `tshark -T fields` for tests/golden/TCP_ANALYSIS_FIELDS, one line per TCP packet.
# Usage: scripts/regen-tcp-analysis.sh [capture ...]
set -eu
cd "$(dirname "$0")/.."
out=tests/golden/tcp-analysis
mkdir -p "$out"
args=""
for f in $(cat tests/golden/TCP_ANALYSIS_FIELDS); do args="$args -e $f"; done
if [ "$#" -eq 0 ]; then
    set -- tests/corpus/tcpdump/*.pcap* tests/captures/*.pcap*
fi
for cap in "$@"; do
    [ -f "$cap" ] || continue
    name=$(basename "$cap")
    # The defaults tshark ships with, stated so a user's profile cannot change the oracle.
    # shellcheck disable=SC2086
    if tshark -n -r "$cap" -Y tcp -T fields -E header=y -E occurrence=a -E aggregator=, \
        -o tcp.analyze_sequence_numbers:TRUE -o tcp.calculate_timestamps:TRUE \
        -o tcp.desegment_tcp_streams:TRUE -o ip.defragment:TRUE \
        $args > "$out/$name.tsv.tmp" 2>/dev/null && [ "$(wc -l < "$out/$name.tsv.tmp")" -gt 1 ]; then
        mv "$out/$name.tsv.tmp" "$out/$name.tsv"
    else
        rm -f "$out/$name.tsv.tmp" "$out/$name.tsv"
    fi
done
echo "tcp analysis golden files: $(ls "$out" | wc -l)"
# With the analysis turned off (tcp.analyze_sequence_numbers:FALSE): absolute sequence numbers,
# no tcp.analysis fields, no [TCP …] prefixes.
tshark -n -r tests/captures/tcp-netem.pcap -T fields -o tcp.analyze_sequence_numbers:FALSE \
    -e frame.number -e tcp.analysis.flags -e tcp.seq -e tcp.ack -e tcp.nxtseq -e _ws.col.Info \
    > tests/golden/tcp-analysis-off.tsv
