#!/bin/sh
# Smoke test of the real GUI binary: under Xvfb it opens a sample capture, the window must exist
# and a screenshot must not be blank. The screenshot is kept in target/gui-smoke.png.
set -eu
cd "$(dirname "$0")/.."
BIN=${1:-target/release/wirelens}
SHOT=target/gui-smoke.png
rm -f "$SHOT"
xvfb-run -a -s '-screen 0 1280x800x24' sh -c "
  $BIN assets/samples/mixed-traffic.pcapng & PID=\$!
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    xwininfo -root -tree | grep -q '\"wirelens\"' && break
    sleep 0.5
  done
  sleep 2
  xwininfo -root -tree | grep '\"wirelens\"' > target/gui-smoke-window.txt || true
  import -window root $SHOT
  kill \$PID"
grep -q wirelens target/gui-smoke-window.txt || { echo "gui smoke: no wirelens window"; exit 1; }
# A blank screen has (almost) no variation in colour.
deviation=$(convert "$SHOT" -colorspace Gray -format '%[fx:standard_deviation]' info:)
echo "gui smoke: window found, screenshot $SHOT, grey-level deviation $deviation"
awk -v d="$deviation" 'BEGIN { exit !(d > 0.02) }' || { echo "gui smoke: the screenshot is blank"; exit 1; }
