"""The window is built without loading what only a first load needs: httpx (and its TLS trust
store), the image pipeline, the VOD client, the emulator, ``cryptography`` (only an SMN signature
check needs it). Start-up to a shown window is a
documented budget (docs/performance.md, ≤ ×1.5 a bare PySide6 window); these imports alone would
spend a good part of it. Checked in a fresh interpreter, so no other test's imports count."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

LATE = (
    "cryptography",  # ~250 ms for x509 alone: loaded by the first SMN signature check
    "PIL",  # ~70 ms: the scan's detectors need it, the grid's badges do not
    "httpx",
    "aiohttp",
    "snapview.services.images",
    "snapview.services.vod_client",
    "snapview.services.huawei_client",
    "snapview.services.huawei_pager",
    "snapview.services.frames",
    "snapview.services.cert_fetcher",
    "snapview.emulator.process",
)

PROBE = """
import argparse, json, sys
from pathlib import Path
from snapview.app import build_window, create_application
from snapview.services.app_services import AppServices
from snapview.services.settings import Settings
app = create_application(["probe"])
services = AppServices(Settings(Path(sys.argv[1])))
window = build_window(services, argparse.Namespace()).window
window.show()
print(json.dumps(sorted(m for m in sys.modules if m in set(sys.argv[2:]))))
"""


def test_building_and_showing_the_window_loads_no_network_stack(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SNAPVIEW_CONFIG_DIR=str(tmp_path / "config"),
        SNAPVIEW_CACHE_DIR=str(tmp_path / "cache"),
        SNAPVIEW_LOG_DIR=str(tmp_path / "logs"),
    )
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "settings.json"), *LATE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
