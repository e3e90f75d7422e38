#!/bin/sh
# Writes tests/captures/ftp-data.pcap: real FTP sessions on loopback between curl and
# pyftpdlib (pip install pyftpdlib) on port 21 -- directory listings and a download over
# passive data connections found from PASV and EPSV replies, and an upload and a listing
# over active ones announced by PORT and EPRT. For FTP-DATA (the data connections tshark
# finds from the control connection) and the FTP fields that announce them. Needs root (port
# 21 and the capture); sends only to 127.0.0.1.
# Usage: scripts/make-ftp-capture.sh [DIR]
set -eu
dir=${1:-tests/captures}
work=$(mktemp -d)
trap 'kill $server $capture 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/root/pub"
printf 'wirelens FTP test file\nsecond line\n' > "$work/root/pub/readme.txt"
printf 'hello from the other side\n' > "$work/upload.txt"
python3 - "$work/root" <<'EOF' &
import logging, sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer
logging.disable(logging.CRITICAL)
auth = DummyAuthorizer()
auth.add_anonymous(sys.argv[1], perm="elrw")
FTPHandler.authorizer = auth
FTPHandler.passive_ports = range(60100, 60110)
FTPHandler.permit_foreign_addresses = True
FTPServer(("127.0.0.1", 21), FTPHandler).serve_forever()
EOF
server=$!
tcpdump -i lo -U -s 0 -w "$work/ftp.pcap" 'tcp port 21 or portrange 60100-60110 or portrange 60200-60210' 2>/dev/null &
capture=$!
sleep 1
for _ in $(seq 50); do
    curl -s --max-time 2 ftp://127.0.0.1/ > /dev/null && break
    sleep 0.1
done
sleep 1
ftp=ftp://127.0.0.1
curl -s --max-time 10 --disable-epsv "$ftp/pub/" > /dev/null
curl -s --max-time 10 "$ftp/pub/readme.txt" > /dev/null
curl -s --max-time 10 -P 127.0.0.1:60200 --disable-eprt -T "$work/upload.txt" "$ftp/pub/"
curl -s --max-time 10 -P 127.0.0.1:60201 "$ftp/pub/" > /dev/null
sleep 1
kill "$capture"
wait "$capture" 2>/dev/null || true
cp "$work/ftp.pcap" "$dir/ftp-data.pcap"
echo "wrote $(tcpdump -r "$dir/ftp-data.pcap" 2>/dev/null | wc -l) packets to $dir/ftp-data.pcap"
