"""``snapview --demo --screenshot PATH`` as a real process: the smoke test of a packaged build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.e2e


def test_demo_screenshot_exits_0_with_timings_and_a_non_blank_png(tmp_path: Path, qapp) -> None:
    shot = tmp_path / "demo.png"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SNAPVIEW_LOG_DIR=str(tmp_path / "logs"),
        SNAPVIEW_CONFIG_DIR=str(tmp_path / "config"),
        SNAPVIEW_CACHE_DIR=str(tmp_path / "cache"),
    )
    proc = subprocess.run(
        [sys.executable, "-m", "snapview", "--demo", "--screenshot", str(shot)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Fatal Python error" not in proc.stderr and "Traceback" not in proc.stderr
    timings = json.loads(proc.stdout.strip().splitlines()[-1])
    for key in (
        "process_start_to_window_ms",
        "to_first_page_ms",
        "to_first_viewport_ms",
        "tiles",
        "image_requests",
        "page_requests",
    ):
        assert key in timings
    assert timings["tiles"] > 0 and timings["page_requests"] >= 1
    # Taken once the library's covers and the review status line were drawn, not half-way.
    assert timings["settled"] is True
    assert timings["image_requests"] >= timings["tiles"]
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 800
    # Not blank: the tiles put many different colours on the screen.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)
    }
    assert len(colours) > 50
    # The demo secret never reaches the settings file.
    settings = tmp_path / "config" / "settings.json"
    if settings.exists():
        from snapview.emulator.catalog import DEMO_ACCESS_KEY_SECRET

        assert DEMO_ACCESS_KEY_SECRET not in settings.read_text()
