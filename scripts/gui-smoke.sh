#!/bin/sh
# Smoke test of the real GUI binary under Xvfb: the welcome screen, a sample capture with a
# selected packet and the traffic plot, the Packet Builder editing that packet, Follow TCP
# Stream, Expert Information, Conversations, and (when allowed to capture) a live capture on lo.
# Each time the window must exist and the screenshot must not be blank. Screenshots are kept
# in target/gui-smoke-*.png.
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-target/release/wirelens}
export WIRELENS_CONFIG_DIR="$(mktemp -d)"

# shot NAME SETUP ARGS...: as take_shot, once more if the X server was not ready the first time.
shot() {
    take_shot "$@" || { echo "gui smoke ($1): retrying once"; take_shot "$@"; }
}

# take_shot NAME SETUP ARGS...: start the binary with ARGS, run SETUP (shell, may use
# xdotool), take a screenshot, check it.
take_shot() {
    name=$1; setup=$2; shift 2
    out=target/gui-smoke-$name.png
    rm -f "$out" target/gui-smoke-window.txt
    xvfb-run -a -s '-screen 0 1280x900x24' sh -c "
      $BIN $* & PID=\$!
      for i in \$(seq 40); do
        xwininfo -root -tree | grep -q 'wirelens' && break
        sleep 0.25
      done
      sleep 2
      $setup
      xwininfo -root -tree | grep 'wirelens' > target/gui-smoke-window.txt || true
      import -window root $out
      kill \$PID"
    grep -q wirelens target/gui-smoke-window.txt || { echo "gui smoke ($name): no wirelens window"; return 1; }
    deviation=$(convert "$out" -colorspace Gray -format '%[fx:standard_deviation]' info:)
    echo "gui smoke ($name): window found, screenshot $out, grey-level deviation $deviation"
    awk -v d="$deviation" 'BEGIN { exit !(d > 0.02) }' || { echo "gui smoke ($name): blank screenshot"; return 1; }
}

click_row='command -v xdotool >/dev/null && { xdotool mousemove 400 383 click 1; sleep 0.7; } || true'
# Select the ICMP echo (row 3), then Capture ▸ Edit and Resend Packet…
open_builder='command -v xdotool >/dev/null && { xdotool mousemove 400 150 click 1; sleep 0.5;
  xdotool mousemove 169 12 click 1; sleep 0.5; xdotool mousemove 220 163 click 1; sleep 1.5; } || true'
# Select the HTTP request (row 12, TCP stream 0; rows are 18 px), Analyze ▸ Follow ▸ TCP Stream.
follow_stream='command -v xdotool >/dev/null && { xdotool mousemove 400 312 click 1; sleep 0.5;
  xdotool mousemove 226 12 click 1; sleep 0.5; xdotool mousemove 250 36; sleep 0.7;
  xdotool mousemove 380 39 click 1; sleep 1.5; } || true'
# Analyze ▸ Expert Information.
open_expert='command -v xdotool >/dev/null && { xdotool mousemove 229 12 click 1; sleep 0.5;
  xdotool mousemove 270 60 click 1; sleep 1.5; } || true'
# Statistics ▸ Conversations (the counts of tshark -z conv).
open_conversations='command -v xdotool >/dev/null && { xdotool mousemove 290 12 click 1; sleep 0.5;
  xdotool mousemove 310 85 click 1; sleep 2.5; } || true'
set +e
failed=0
shot welcome true || failed=1
shot main "$click_row" assets/samples/mixed-traffic.pcapng || failed=1
shot builder "$open_builder" assets/samples/mixed-traffic.pcapng || failed=1
shot follow "$follow_stream" assets/samples/mixed-traffic.pcapng || failed=1
shot expert "$open_expert" assets/samples/mixed-traffic.pcapng || failed=1
shot conversations "$open_conversations" assets/samples/mixed-traffic.pcapng || failed=1
# Analyze ▸ Protocol Descriptions with the l33t example loaded, its entry (listed first) opened.
open_protocols='command -v xdotool >/dev/null && { xdotool mousemove 400 150 click 1; sleep 0.5;
  xdotool mousemove 229 12 click 1; sleep 0.5; xdotool mousemove 280 117 click 1; sleep 1.0;
  xdotool mousemove 420 203 click 1; sleep 1.0; } || true'
shot protocols "$open_protocols" --protocols examples/protocols/l33t.wlp tests/captures/described/l33t.pcap || failed=1
if [ "$(id -u)" = 0 ]; then
    shot live 'scripts/lo-traffic.sh 80; sleep 1' -i lo -f "'udp port 9'" -k || failed=1
fi
exit $failed
