#!/bin/sh
# Regenerates tshark's expected output (the oracle) for every capture under tests/corpus and
# tests/captures: tests/golden/fields/<capture>.tsv holds `tshark -T fields` for the fields in
# tests/golden/FIELDS, one line per packet. Captures tshark cannot read get no golden file.
# Usage: scripts/regen-golden.sh [capture ...]
set -eu
cd "$(dirname "$0")/.."
out=tests/golden/fields
mkdir -p "$out"
args=""
for f in $(cat tests/golden/FIELDS); do args="$args -e $f"; done
if [ "$#" -eq 0 ]; then
    set -- tests/corpus/tcpdump/*.pcap* tests/captures/*.pcap*
fi
for cap in "$@"; do
    [ -f "$cap" ] || continue
    name=$(basename "$cap")
    # -o: the defaults tshark ships with, stated so a user's profile cannot change the oracle.
    # shellcheck disable=SC2086
    if tshark -n -r "$cap" -T fields -E header=y -E occurrence=a -E aggregator=, \
        -o tcp.desegment_tcp_streams:TRUE -o ip.defragment:TRUE \
        $args > "$out/$name.tsv.tmp" 2>/dev/null; then
        mv "$out/$name.tsv.tmp" "$out/$name.tsv"
    else
        rm -f "$out/$name.tsv.tmp" "$out/$name.tsv"
    fi
done
echo "golden files: $(ls "$out" | wc -l)"

# Display-filter oracle: for each capture in FILTER_CAPTURES, the frame numbers tshark selects
# for every filter in tests/golden/FILTERS (one line per filter: filter TAB frames).
fout=tests/golden/filters
mkdir -p "$fout"
for cap in $(cat tests/golden/FILTER_CAPTURES); do
    [ -f "$cap" ] || continue
    name=$(basename "$cap")
    : > "$fout/$name.tsv.tmp"
    while IFS= read -r flt; do
        [ -n "$flt" ] || continue
        frames=$(tshark -n -r "$cap" -Y "$flt" -T fields -e frame.number 2>/dev/null | paste -sd, -)
        printf '%s\t%s\n' "$flt" "$frames" >> "$fout/$name.tsv.tmp"
    done < tests/golden/FILTERS
    mv "$fout/$name.tsv.tmp" "$fout/$name.tsv"
done
echo "filter golden files: $(ls "$fout" | wc -l)"

# Checksum statuses with validation off (tshark's default) and on: one table per mode, each
# line prefixed with its capture's name.
cfields="frame.number frame.protocols tcp.port _ws.col.Protocol _ws.col.Info ip.checksum.status udp.checksum.status tcp.checksum.status icmp.checksum.status icmpv6.checksum.status"
cargs=""
for f in $cfields; do cargs="$cargs -e $f"; done
for mode in off on; do
    prefs=""
    if [ "$mode" = on ]; then
        prefs="-o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE"
    fi
    table=tests/golden/checksums-$mode.tsv
    printf 'capture\t%s\n' "$(echo $cfields | tr ' ' '\t')" > "$table.tmp"
    for cap in tests/corpus/tcpdump/*.pcap* tests/captures/*.pcap*; do
        name=$(basename "$cap")
        # shellcheck disable=SC2086
        tshark -n -r "$cap" -T fields -E occurrence=a -E aggregator=, \
            -o tcp.desegment_tcp_streams:TRUE -o ip.defragment:TRUE $prefs $cargs 2>/dev/null |
            sed "s|^|$name\t|" >> "$table.tmp" || true
    done
    mv "$table.tmp" "$table"
done
echo "checksum tables: $(wc -l < tests/golden/checksums-off.tsv) and $(wc -l < tests/golden/checksums-on.tsv) lines"

# scapy's bytes for every crafting case (tests/craft/scapy-cases.txt).
if python3 -c 'import scapy' 2>/dev/null; then
    python3 scripts/regen-scapy.py > tests/golden/craft/scapy.tsv.tmp
    mv tests/golden/craft/scapy.tsv.tmp tests/golden/craft/scapy.tsv
    echo "scapy cases: $(wc -l < tests/golden/craft/scapy.tsv)"
else
    echo "scapy is not installed (pip install scapy==2.6.1): tests/golden/craft/scapy.tsv kept" >&2
fi
