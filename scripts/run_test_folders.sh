#!/usr/bin/env bash
# The whole suite as ./dev.sh test runs it with no arguments: one pytest process per test folder
# (tests/conformance, tests/e2e, …), inside the caller's keyring session. Why separate processes:
# twice, run after the conformance and e2e folders in one process, a GUI test's teardown crashed in
# the garbage collector (SIGSEGV, tests/gui/test_window_state.py) while tests/gui alone never did;
# one folder's leftovers must not take the next folder down. Exits with the first failing status.
#   scripts/run_test_folders.sh PYTHON [pytest options]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
python=$1
shift
status=0
for folder in tests/*/; do
  compgen -G "${folder}test_*.py" >/dev/null || continue  # helpers/, fixtures/: no tests
  echo "== ${folder%/}" >&2
  "$python" -m pytest "$@" "${folder%/}"
  code=$?
  if [ "$code" -ne 0 ] && [ "$status" -eq 0 ]; then
    status=$code
  fi
done
exit "$status"
