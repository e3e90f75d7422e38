#!/bin/sh
# Regenerates the oracle for the bundled protocol descriptions: tshark's `-T fields` output
# (the description's fields, then the Protocol and Info columns and frame.protocols) for each
# capture in tests/golden/described/FIELDS, from tests/captures/described (written by
# scripts/make-described-captures.py). Output: tests/golden/described/<capture>.tsv
# Usage: scripts/regen-described.sh [CAPTURE_DIR [OUT_DIR]]
set -eu
cd "$(dirname "$0")/.."
caps=${1:-tests/captures/described}
out=${2:-tests/golden/described}
mkdir -p "$out"
while IFS="$(printf '\t')" read -r cap fields; do
    set --
    for f in $fields _ws.col.Protocol _ws.col.Info frame.protocols; do
        set -- "$@" -e "$f"
    done
    tshark -n -r "$caps/$cap" -T fields "$@" > "$out/$cap.tsv" 2>/dev/null
done < tests/golden/described/FIELDS
echo "described golden files: $(ls "$out"/*.tsv | wc -l)"
