#!/bin/sh
# Installs what is missing, builds wirelens in release mode and launches the GUI. Arguments are
# passed on (a capture file to open, or a CLI subcommand such as `read -r FILE`).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cargo build --release
exec ./target/release/wirelens "$@"
