#!/usr/bin/env bash
# Smoke test of the frozen app built by packaging/build.sh: runs the binary the way users and the
# demo do, offscreen, and fails on any non-zero exit, fatal error or traceback. CI runs it after the
# tests (.ci/run). Usage: packaging/smoke_test.sh [path/to/dist/snapview/snapview]
set -euo pipefail
cd "$(dirname "$0")/.."
APP=$(realpath "${1:-dist/snapview/snapview}")
[ -x "$APP" ] || { echo "smoke_test: $APP not found; run packaging/build.sh first" >&2; exit 1; }
WORK=$(mktemp -d -t snapview-smoke.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen SNAPVIEW_CONFIG_DIR="$WORK/config" SNAPVIEW_CACHE_DIR="$WORK/cache" \
       SNAPVIEW_LOG_DIR="$WORK/logs"
PY=${SNAPVIEW_VENV:-.venv}/bin/python

step() { echo "smoke_test: $*" >&2; }
no_crash() {  # no_crash FILE: the output of a run shows no crash
  if grep -E "Fatal Python error|Traceback \(most recent call last\)" "$1" >&2; then
    echo "smoke_test: crash output above" >&2; exit 1
  fi
}

step "--version and --help"
"$APP" --version | grep -qx "snapview [0-9.]*"
"$APP" --help >"$WORK/help.txt" && grep -q "emulator" "$WORK/help.txt"

step "python -m style launch (how the demo starts helper processes such as the emulator)"
"$APP" -m snapview --version | grep -q "^snapview "
"$APP" -m snapview emulator --help >"$WORK/emulator-help.txt" 2>&1 || { cat "$WORK/emulator-help.txt" >&2; exit 1; }
no_crash "$WORK/emulator-help.txt"

step "bundle self-test with a real Secret Service (keyring backend, round trip, Qt plugins, translations)"
SNAPVIEW_FROZEN_SELFTEST=keyring scripts/with-keyring.sh "$APP" >"$WORK/selftest.json" 2>"$WORK/selftest.err" || {
  cat "$WORK/selftest.json" "$WORK/selftest.err" >&2; exit 1; }
grep -q '"keyring_backend": "keyring.backends.SecretService.Keyring"' "$WORK/selftest.json"

step "the desktop app starts in Chinese, shows its window and quits cleanly on SIGTERM"
"$APP" --lang zh_CN >"$WORK/gui.out" 2>&1 &
pid=$!
for _ in $(seq 1 300); do  # up to 30 s for the first start of a cold bundle
  grep -qs "main window shown" "$WORK/logs/snapview.log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
grep -qs "main window shown" "$WORK/logs/snapview.log" || { cat "$WORK/gui.out" >&2; kill "$pid" 2>/dev/null; exit 1; }
kill -TERM "$pid"
status=0; wait "$pid" || status=$?
no_crash "$WORK/gui.out"
[ "$status" -eq 0 ] || { echo "smoke_test: app exited with $status" >&2; cat "$WORK/gui.out" >&2; exit 1; }
grep -q "shut down cleanly" "$WORK/logs/snapview.log"

step "snapview scan checks the planted-defect video in worker processes (spawned by the bundle itself)"
"$APP" -m snapview emulator >"$WORK/emulator.out" 2>&1 &
emulator=$!
for _ in $(seq 1 300); do
  grep -qs "^snapview emulator listening on " "$WORK/emulator.out" && break
  kill -0 "$emulator" 2>/dev/null || break
  sleep 0.1
done
endpoint=$(sed -n 's/^snapview emulator listening on //p' "$WORK/emulator.out")
[ -n "$endpoint" ] || { cat "$WORK/emulator.out" >&2; kill "$emulator" 2>/dev/null; exit 1; }
defects=$("$PY" -c "from snapview.emulator.catalog import DEFECTS_VIDEO_ID; print(DEFECTS_VIDEO_ID)")
status=0
ALIBABA_CLOUD_ACCESS_KEY_ID=$(sed -n 's/^ALIBABA_CLOUD_ACCESS_KEY_ID=//p' "$WORK/emulator.out") \
ALIBABA_CLOUD_ACCESS_KEY_SECRET=$(sed -n 's/^ALIBABA_CLOUD_ACCESS_KEY_SECRET=//p' "$WORK/emulator.out") \
  "$APP" scan --endpoint "$endpoint" --workers 2 --json "$defects" >"$WORK/scan.json" 2>"$WORK/scan.err" \
  || status=$?
kill "$emulator"; wait "$emulator" 2>/dev/null || true
no_crash "$WORK/scan.err"
[ "$status" -eq 1 ] || { echo "smoke_test: scan exited with $status" >&2; cat "$WORK/scan.err" >&2; exit 1; }
"$PY" - "$WORK/scan.json" <<'PYEOF'
import json, sys
report = json.load(open(sys.argv[1]))
summary = report["summary"]
print(f"smoke_test: scan {summary['scanned']} snapshots, {summary['failed']} failed, {summary['flagged']} flagged", file=sys.stderr)
# The planted-defect video: 72 snapshots, 8 that fail to load, 13 flagged (docs/emulator.md).
sys.exit(0 if (summary["scanned"], summary["failed"], summary["flagged"]) == (72, 8, 13) else 1)
PYEOF

# --- demo screenshot (on by default; SCREENSHOT_SMOKE=0 skips it) ---
SCREENSHOT_SMOKE=${SCREENSHOT_SMOKE:-1}
if [ "$SCREENSHOT_SMOKE" = 1 ]; then
  step "--demo --screenshot: the frozen app starts the bundled emulator and renders the grid"
  SNAPVIEW_CONFIG_DIR="$WORK/config-demo" "$APP" --demo --screenshot "$WORK/demo.png" >"$WORK/demo.out" 2>&1 || {
    cat "$WORK/demo.out" >&2; exit 1; }
  no_crash "$WORK/demo.out"
  "$PY" - "$WORK/demo.png" <<'PYEOF'
import sys
from PIL import Image
image = Image.open(sys.argv[1]).convert("RGB")
colours = len(image.resize((160, 100)).getcolors(maxcolors=160 * 100))
print(f"smoke_test: screenshot {image.size[0]}x{image.size[1]}, {colours} colours", file=sys.stderr)
# An empty or blank window has a handful of colours; a grid of video frames has thousands.
sys.exit(0 if image.size[0] >= 800 and colours > 500 else 1)
PYEOF
  if [ -n "${SNAPVIEW_SMOKE_SCREENSHOT_OUT:-}" ]; then cp "$WORK/demo.png" "$SNAPVIEW_SMOKE_SCREENSHOT_OUT"; fi
fi
step "passed"
