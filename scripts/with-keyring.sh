#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (a real Secret
# Service), with every XDG directory in a throw-away folder so no test touches the user's files.
set -euo pipefail
if [ "${1:-}" != "--inner" ]; then
  SNAPVIEW_TEST_ROOT=$(mktemp -d -t snapview-test.XXXXXX)
  export SNAPVIEW_TEST_ROOT
  trap 'rm -rf "$SNAPVIEW_TEST_ROOT"' EXIT
  export XDG_CONFIG_HOME="$SNAPVIEW_TEST_ROOT/config" XDG_DATA_HOME="$SNAPVIEW_TEST_ROOT/data" \
         XDG_CACHE_HOME="$SNAPVIEW_TEST_ROOT/cache" XDG_STATE_HOME="$SNAPVIEW_TEST_ROOT/state" \
         XDG_RUNTIME_DIR="$SNAPVIEW_TEST_ROOT/runtime"
  mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
  mkdir -m 700 "$XDG_RUNTIME_DIR"  # the session root exists: mktemp made it
  status=0
  dbus-run-session -- "$0" --inner "$@" || status=$?
  exit $status
fi
shift
# --unlock reads the new login keyring's password from stdin and starts the secrets component.
eval "$(printf 'snapview-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
export SNAPVIEW_REAL_KEYRING=1
exec "$@"
