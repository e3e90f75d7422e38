#!/bin/sh
# Installs what wirelens needs on Debian/Ubuntu: the Rust toolchain (rustup, if cargo is missing
# or older than 1.95) and the system packages for building, testing and capturing.
# Usage: scripts/install-deps.sh [--test]   (--test adds the oracles and tools the tests use:
# tshark, tcpdump, tcpreplay, scapy, Xvfb, ImageMagick, xdotool)
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
PKGS="build-essential pkg-config libpcap-dev libgl1 libegl1 libgl1-mesa-dri libx11-6 libxcursor1 libxi6 libxkbcommon-x11-0"
if [ "${1:-}" = "--test" ]; then
    PKGS="$PKGS tshark tcpdump tcpreplay python3-pip util-linux iproute2 xvfb imagemagick x11-utils xdotool"
fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    $SUDO apt-get update -qq
    # tshark asks whether non-root users may capture; the non-interactive answer is "no".
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing
fi
need_rust=1
if command -v cargo >/dev/null 2>&1; then
    v=$(cargo --version | awk '{print $2}')
    major=$(echo "$v" | cut -d. -f1); minor=$(echo "$v" | cut -d. -f2)
    if [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 95 ]; }; then need_rust=0; fi
fi
if [ "$need_rust" -eq 1 ]; then
    if command -v rustup >/dev/null 2>&1; then
        rustup toolchain install 1.95 && rustup default 1.95
    else
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --default-toolchain 1.95
        . "$HOME/.cargo/env"
    fi
fi
# scapy is the oracle for crafted bytes (tests/golden/craft/scapy.tsv was made with this version).
if [ "${1:-}" = "--test" ]; then
    if ! python3 -c 'import scapy, sys; sys.exit(scapy.VERSION != "2.6.1")' 2>/dev/null; then
        python3 -m pip install -q scapy==2.6.1 2>/dev/null \
            || python3 -m pip install -q --break-system-packages scapy==2.6.1
    fi
fi
