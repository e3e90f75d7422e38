#!/bin/sh
# Regenerates the expected errors of the broken descriptions: for each
# tests/describe/broken/NAME.wlp, `wirelens proto check`'s stderr into NAME.err (review the
# diff: these goldens are ours, not an oracle's). Run from anywhere; paths are repo-relative.
set -eu
cd "$(dirname "$0")/.."
cargo build --quiet
export XDG_CONFIG_HOME="$(mktemp -d)"
for f in tests/describe/broken/*.wlp; do
    if ./target/debug/wirelens proto check "$f" > /dev/null 2> "${f%.wlp}.err"; then
        echo "$f: loads without an error" >&2
        exit 1
    fi
done
rmdir "$XDG_CONFIG_HOME"
echo "broken descriptions: $(ls tests/describe/broken/*.err | wc -l)"
