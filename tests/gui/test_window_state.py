"""The window comes back as the user left it: size, dock placement and visibility, zoom level; and a
damaged settings file never stops the window from opening."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from snapview.app import build_window, create_application
from snapview.services.app_services import AppServices
from snapview.services.settings import Settings
from snapview.ui.shell.main_window import ZOOM_DEFAULT, ZOOM_MAX, ZOOM_MIN
from tests.helpers.async_qt import run
from tests.helpers.qasync_loop import qasync_loop  # noqa: F401  (fixture)

pytestmark = pytest.mark.gui


# Every window's services (image pipeline, HTTP clients, tasks) are closed after the test, as the
# app closes them on quit; a pipeline left open would keep Python's automatic GC off for later tests.
_opened_services: list[AppServices] = []


@pytest.fixture(autouse=True)
def _services_closed_after_the_test(qtbot, qasync_loop):  # noqa: F811
    yield
    while _opened_services:
        run(qtbot, _opened_services.pop().aclose())


def _open(qtbot, settings_file: Path, **args):
    create_application()
    services = AppServices(Settings(settings_file))
    _opened_services.append(services)
    window = build_window(services, argparse.Namespace(**args)).window
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _close(qtbot, window) -> None:
    with qtbot.waitSignal(window.closed):
        window.close()


def test_size_dock_layout_and_zoom_are_restored_on_next_start(qtbot, tmp_path) -> None:
    settings_file = tmp_path / "settings.json"
    first = _open(qtbot, settings_file)
    first.resize(720, 520)  # within the offscreen screen (800x600)
    qtbot.waitUntil(lambda: first.size().width() == 720)
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.inspector_dock)
    first.zoom_slider.setValue(300)
    _close(qtbot, first)

    second = _open(qtbot, settings_file)
    assert (second.width(), second.height()) == (720, 520)
    assert second.dockWidgetArea(second.inspector_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.zoom_slider.value() == 300


def test_a_hidden_inspector_stays_hidden(qtbot, tmp_path) -> None:
    settings_file = tmp_path / "settings.json"
    first = _open(qtbot, settings_file)
    first.action_map["toggle_inspector"].trigger()
    qtbot.waitUntil(lambda: not first.inspector_dock.isVisible())
    _close(qtbot, first)

    second = _open(qtbot, settings_file)
    assert not second.inspector_dock.isVisible()
    assert not second.action_map["toggle_inspector"].isChecked()


def test_first_start_uses_the_defaults(qtbot, tmp_path) -> None:
    window = _open(qtbot, tmp_path / "settings.json")
    assert window.zoom_slider.value() == ZOOM_DEFAULT
    assert window.inspector_dock.isVisible()
    assert window.dockWidgetArea(window.inspector_dock) == Qt.DockWidgetArea.RightDockWidgetArea


@pytest.mark.parametrize(
    ("stored", "expected_zoom"),
    [
        ({"window_geometry": "not base64!", "window_state": "%%%", "zoom": "big"}, ZOOM_DEFAULT),
        ({"window_geometry": "AAAA", "window_state": "AAAA", "zoom": True}, ZOOM_DEFAULT),
        ({"window_geometry": 12, "window_state": ["x"], "zoom": 10_000}, ZOOM_MAX),
        ({"zoom": -5}, ZOOM_MIN),
    ],
)
def test_damaged_saved_state_opens_the_default_window(
    qtbot, tmp_path, stored, expected_zoom
) -> None:
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(json.dumps(stored), encoding="utf-8")
    window = _open(qtbot, settings_file)
    assert window.zoom_slider.value() == expected_zoom
    assert window.inspector_dock.isVisible()
    assert window.width() > 400 and window.height() > 300
    _close(qtbot, window)
    # Closing replaces the damaged values with good ones.
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert saved["zoom"] == expected_zoom
    assert isinstance(saved["window_geometry"], str) and len(saved["window_geometry"]) > 20


def test_a_screenshot_run_neither_uses_nor_changes_the_saved_layout(qtbot, tmp_path) -> None:
    settings_file = tmp_path / "settings.json"
    first = _open(qtbot, settings_file)
    first.zoom_slider.setValue(300)
    _close(qtbot, first)
    saved = settings_file.read_text(encoding="utf-8")

    unattended = _open(qtbot, settings_file, screenshot=str(tmp_path / "shot.png"))
    assert unattended.zoom_slider.value() == ZOOM_DEFAULT
    unattended.zoom_slider.setValue(100)
    _close(qtbot, unattended)
    assert settings_file.read_text(encoding="utf-8") == saved
