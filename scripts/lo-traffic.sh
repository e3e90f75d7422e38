#!/bin/bash
# Sends COUNT (default 80) small UDP datagrams to 127.0.0.1:9 (discard), 20 ms apart: bounded
# loopback traffic for the GUI smoke test's live capture.
for i in $(seq "${1:-80}"); do
    echo "wirelens-smoke-$i" > /dev/udp/127.0.0.1/9
    sleep 0.02
done
