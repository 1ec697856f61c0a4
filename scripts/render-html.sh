#!/usr/bin/env bash
# Renders an HTML page (a report written with --format html) to a PNG with
# headless Chromium, so the picture can be looked at. Chromium is for checks,
# not needed to build or test.
#
# Usage: scripts/render-html.sh PAGE.html OUT.png [WIDTH]
set -euo pipefail
page=$(realpath "$1")
out=$2
width=${3:-1200}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "render-html: no chromium here (apt-get install chromium)" >&2
  exit 1
fi
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$width,2400" \
  --screenshot="$out" "file://$page" >/dev/null 2>&1
echo "Wrote $out"
