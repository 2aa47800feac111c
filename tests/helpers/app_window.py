"""The real app window for GUI tests: every feature installed, settings in the test's own folder, and
an in-memory profile for the emulator's demo account (never stored)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from snapview.app import AppWindow, build_window
from snapview.core.credentials import AliyunCredentials, Profile
from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from snapview.services.app_services import AppServices
from snapview.services.settings import Settings
from snapview.ui.profiles.feature import ProfilesFeature


def open_window(
    qtbot: Any, tmp_path: Path, size: tuple[int, int] = (1280, 800)
) -> tuple[AppWindow, AppServices]:
    """Build, size and show the window; the caller closes ``services`` at teardown."""
    services = AppServices(settings=Settings(tmp_path / "settings.json"))
    app = build_window(services, argparse.Namespace())
    window = app.window
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return app, services


def use_emulator_profile(
    profiles: ProfilesFeature,
    emulator: Any,
    name: str = "Emulator",
    secret: str = DEMO_ACCESS_KEY_SECRET,
) -> None:
    """Select a profile for ``emulator`` (``secret`` may be wrong on purpose)."""
    profile = Profile(name=name, endpoint=emulator.base_url, access_key_id=DEMO_ACCESS_KEY_ID)
    profiles.use_memory_profile(profile, AliyunCredentials(DEMO_ACCESS_KEY_ID, secret))
