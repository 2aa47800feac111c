#!/usr/bin/env bash
# snapview's two front-door commands, safe to run on a fresh machine:
#   ./dev.sh demo   install what is missing, then run the desktop app on the built-in emulator
#   ./dev.sh test   install what is missing, then run the whole test suite (lint, types, tests)
# Anything after the command is passed on (to snapview for demo, to pytest for test).
# PYTHON=python3.12 picks the interpreter (default: the newest supported one found); the venv in
# $SNAPVIEW_VENV (default .venv) must have been made with that interpreter.
set -euo pipefail
cd "$(dirname "$0")"
VENV=${SNAPVIEW_VENV:-.venv}

# Debian packages: Qt's xcb/EGL runtime, CJK fonts, and for the tests Xvfb, D-Bus, gnome-keyring,
# the linter for these scripts, poppler-utils (pdftoppm) to look at exported PDFs, and postgresql:
# the shared review store's tests start their own throw-away server from it.
RUNTIME_DEBS=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libfontconfig1 libdbus-1-3 fonts-noto-cjk fonts-dejavu-core)
TEST_DEBS=(xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools desktop-file-utils appstream binutils
  shellcheck poppler-utils postgresql)
# Every shell script of the repository, for shellcheck.
SHELL_SCRIPTS=(dev.sh .ci/run scripts/*.sh packaging/*.sh packaging/linux/*.sh)

need_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "dev.sh: please install these packages with your system's package manager: ${missing[*]}" >&2
    return 0
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "dev.sh: installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

supported() {  # supported PY: PY is a Python that snapview runs on
  "$1" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))'
}

pick_python() {
  if [ -n "${PYTHON:-}" ]; then
    command -v "$PYTHON" >/dev/null || { echo "dev.sh: PYTHON=$PYTHON not found" >&2; exit 1; }
    supported "$PYTHON" || { echo "dev.sh: PYTHON=$PYTHON does not run Python 3.11, 3.12 or 3.13" >&2; exit 1; }
    echo "$PYTHON"; return 0
  fi
  for py in python3.13 python3.12 python3.11 python3; do
    if command -v "$py" >/dev/null && supported "$py"; then
      echo "$py"; return 0
    fi
  done
  echo "dev.sh: snapview needs Python 3.11, 3.12 or 3.13" >&2
  exit 1
}

version_of() {  # version_of PY: "3.12"
  "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])'
}

venv() {
  local extras=$1 py
  if [ ! -x "$VENV/bin/python" ]; then
    py=$(pick_python)
    "$py" -m venv "$VENV" 2>/dev/null || { need_debs "$(basename "$py")-venv"; "$py" -m venv "$VENV"; }
  elif [ -n "${PYTHON:-}" ]; then
    py=$(pick_python)
    if [ "$(version_of "$VENV/bin/python")" != "$(version_of "$py")" ]; then
      echo "dev.sh: $VENV has Python $(version_of "$VENV/bin/python"), not PYTHON=$PYTHON;" \
        "set SNAPVIEW_VENV to another folder or remove $VENV" >&2
      exit 1
    fi
  fi
  local stamp="$VENV/.installed-${extras:-app}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".${extras:+[$extras]}"
    touch "$stamp"
  fi
}

case "${1:-}" in
  demo)
    shift
    need_debs "${RUNTIME_DEBS[@]}"
    venv ""
    "$VENV/bin/python" scripts/build_translations.py
    exec "$VENV/bin/snapview" --demo "$@"
    ;;
  test)
    shift
    need_debs "${RUNTIME_DEBS[@]}" "${TEST_DEBS[@]}"
    venv test
    "$VENV/bin/python" scripts/build_translations.py
    "$VENV/bin/ruff" format --check src tests benchmarks packaging scripts
    "$VENV/bin/ruff" check src tests benchmarks packaging scripts
    command -v shellcheck >/dev/null || { echo "dev.sh: the tests need shellcheck; install it" >&2; exit 1; }
    shellcheck "${SHELL_SCRIPTS[@]}"
    "$VENV/bin/mypy"
    if [ $# -eq 0 ]; then  # the whole suite: one process per test folder
      exec scripts/with-keyring.sh scripts/run_test_folders.sh "$VENV/bin/python"
    fi
    exec scripts/with-keyring.sh "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: ./dev.sh demo [snapview options] | ./dev.sh test [pytest options]" >&2
    exit 2
    ;;
esac
