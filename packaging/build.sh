#!/usr/bin/env bash
# Builds the one-folder desktop app into dist/snapview/ (run from anywhere):
#   packaging/build.sh            # uses .venv (or $SNAPVIEW_VENV), installs PyInstaller if missing
# The translations are compiled first, since the spec bundles the .qm files.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${SNAPVIEW_VENV:-.venv}
if [ ! -x "$VENV/bin/pyinstaller" ]; then
  "$VENV/bin/python" -m pip install -q -e ".[package]"
fi
"$VENV/bin/python" scripts/build_translations.py
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/snapview.spec
echo "built: dist/snapview/snapview"
