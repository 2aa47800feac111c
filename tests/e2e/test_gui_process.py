"""snapview as a real process: starts, shows its window, and exits 0 on SIGTERM with no fatal error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.e2e


def _wait_for(predicate, proc: subprocess.Popen) -> None:
    import time

    deadline = time.monotonic() + WAIT_MS / 1000 * 2
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            errors = proc.stderr.read() if proc.stderr is not None else ""
            raise AssertionError(f"snapview exited early with {proc.returncode}: {errors}")
        # Polling a log file written by another process: a short blocking wait on the process.
        try:
            proc.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            pass
    raise AssertionError("condition not met in time")


def test_app_starts_and_quits_cleanly_on_sigterm(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SNAPVIEW_LOG_DIR=str(tmp_path))
    proc = subprocess.Popen(
        [sys.executable, "-m", "snapview"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    log_file = tmp_path / "snapview.log"
    try:
        _wait_for(lambda: log_file.exists() and "main window shown" in log_file.read_text(), proc)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=WAIT_MS / 1000)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "Fatal Python error" not in err
    assert "Traceback" not in err
    assert "shut down cleanly" in log_file.read_text()
