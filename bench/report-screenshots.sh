#!/usr/bin/env bash
# Screenshots of the demo's HTML report at 1366x768 with headless Chromium, for docs/img/:
#   bench/report-screenshots.sh [SECAUDIT_CMD]   # default: 'secaudit' on PATH (./install.sh)
# Writes docs/img/report-first-screen.png (the first screen) and docs/img/report-filtered.png
# (the findings filtered to high-severity failures, scrolled to the table). Only file: URLs are
# opened; background networking, component updates and sync are off.
set -euo pipefail
cd "$(dirname "$0")/.."
secaudit=${1:-secaudit}
chromium=/usr/bin/chromium
[ -x "$chromium" ] || { echo "bench: apt-get install chromium" >&2; exit 1; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
$secaudit demo -o "$work/demo" -q --color never >/dev/null
shot() {
  local profile; profile="$(mktemp -d "$work/profile.XXXX")"
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1366,768 --hide-scrollbars \
    --screenshot="$1" "$2" >/dev/null 2>&1
}
mkdir -p docs/img
shot docs/img/report-first-screen.png "file://$work/demo/report.html"
# Headless Chromium paints nothing when its screenshot starts scrolled to an anchor; a page that
# frames the report at the window's size scrolls inside the frame instead.
cat >"$work/demo/frame.html" <<'HTML'
<!DOCTYPE html><html><head><style>html,body{margin:0;overflow:hidden}iframe{border:0;width:1366px;height:768px;display:block}</style></head>
<body><iframe src="report.html?status=FAIL&amp;severity=HIGH#findings"></iframe></body></html>
HTML
shot docs/img/report-filtered.png "file://$work/demo/frame.html"
# Small files: the palette is a handful of colours.
if command -v pngquant >/dev/null; then
  pngquant --force --skip-if-larger --ext .png 64 docs/img/report-*.png || true
fi
ls -l docs/img/report-*.png
