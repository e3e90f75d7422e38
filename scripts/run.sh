#!/bin/sh
# Installs what is missing, builds wirelens in release mode and launches it. Arguments are
# passed on (e.g. a capture file). Until the GUI lands, with no arguments this shows the
# bundled sample capture with the CLI.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --release
if [ "$#" -eq 0 ]; then
    ./target/release/wirelens stats -r assets/samples/mixed-traffic.pcapng
    exec ./target/release/wirelens read -r assets/samples/mixed-traffic.pcapng -c 40
fi
exec ./target/release/wirelens "$@"
