#!/bin/sh
# Runs every test: installs the test tools (tshark is the oracle), then the whole suite in
# release mode (the tshark comparisons and the corpus sweeps are fast there).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
# Capture tests must not skip where we can capture (root or CAP_NET_RAW).
if [ "$(id -u)" -eq 0 ]; then export WIRELENS_REQUIRE_CAPTURE=1; fi
export WIRELENS_REQUIRE_TSHARK=1
export WIRELENS_REQUIRE_SCAPY=1
log=$(mktemp)
status=0
# Project convention: rustfmt-clean code.
if cargo fmt --version >/dev/null 2>&1; then
    if cargo fmt --check >/dev/null 2>&1; then
        echo "test result: ok. 1 passed; 0 failed; (cargo fmt --check)" >> "$log"
    else
        echo "cargo fmt --check: unformatted code"
        echo "test result: FAILED. 0 passed; 1 failed; (cargo fmt --check)" >> "$log"
        status=1
    fi
fi
rc=$(mktemp)
{ cargo test --release --locked --no-fail-fast; echo $? > "$rc"; } 2>&1 | tee -a "$log"
[ "$(cat "$rc")" -eq 0 ] || status=1
grep -q "test result" "$log" || status=1
rm -f "$rc"
# The real GUI binary under Xvfb (welcome, a capture, a live capture): window present,
# screenshots not blank.
smoke=$(mktemp)
{ scripts/gui-smoke.sh; echo $? > "$smoke"; } 2>&1 | tee -a "$log"
if [ "$(cat "$smoke")" -eq 0 ]; then
    echo "test result: ok. 1 passed; 0 failed; (gui smoke)" >> "$log"
else
    echo "test result: FAILED. 0 passed; 1 failed; (gui smoke)" >> "$log"
    status=1
fi
rm -f "$smoke"
# One closing line with the totals over all test binaries.
awk '/^test result:/ { p += $4; f += $6 } END { printf "all tests: %d passed, %d failed\n", p, f }' "$log"
rm -f "$log"
exit "$status"
