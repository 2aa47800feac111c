"""The real app window for GUI tests: every feature installed, settings in the test's own folder, and
an in-memory profile for the emulator's demo account (never stored)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from snapview.app import build_window
from snapview.core.credentials import AliyunCredentials, Profile
from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from snapview.services.context import AppServices
from snapview.services.settings import Settings
from snapview.ui.main_window import MainWindow


def open_window(
    qtbot: Any, tmp_path: Path, size: tuple[int, int] = (1280, 800)
) -> tuple[MainWindow, AppServices]:
    """Build, size and show the window; the caller closes ``services`` at teardown."""
    services = AppServices(settings=Settings(tmp_path / "settings.json"))
    window = build_window(services, argparse.Namespace())
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window, services


def use_emulator_profile(
    feature: Any, emulator: Any, name: str = "Emulator", secret: str = DEMO_ACCESS_KEY_SECRET
) -> None:
    """Give the video feature a profile for ``emulator`` (``secret`` may be wrong on purpose)."""
    profile = Profile(name=name, endpoint=emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID)
    feature.add_memory_profile(profile, AliyunCredentials(DEMO_ACCESS_KEY_ID, secret))
