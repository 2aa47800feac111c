"""The window comes back as the user left it: size, dock placement and visibility, zoom level; and a
damaged settings file never stops the window from opening."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from snapview.ui.shell.main_window import ZOOM_DEFAULT, ZOOM_MAX, ZOOM_MIN

pytestmark = pytest.mark.gui


@pytest.fixture
def start(app_window):
    """``start(settings_file, **args)``: one more start of the app, at the size it restores."""

    def start_app(settings_file: Path, **args):
        return app_window(settings_file=settings_file, **args).window

    return start_app


def _close(qtbot, window) -> None:
    with qtbot.waitSignal(window.closed):
        window.close()


def test_size_dock_layout_and_zoom_are_restored_on_next_start(start, qtbot, tmp_path) -> None:
    settings_file = tmp_path / "settings.json"
    first = start(settings_file)
    first.resize(720, 520)  # within the offscreen screen (800x600)
    qtbot.waitUntil(lambda: first.size().width() == 720)
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.inspector_dock)
    first.zoom_slider.setValue(300)
    _close(qtbot, first)

    second = start(settings_file)
    assert (second.width(), second.height()) == (720, 520)
    assert second.dockWidgetArea(second.inspector_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.zoom_slider.value() == 300


def test_the_launchers_shell_opens_at_the_saved_size_and_gets_its_dock_layout(
    app_window, qtbot, tmp_path
) -> None:
    """The launcher shows the shell before the features exist: the saved size applies before it
    shows, the dock layout once the features' docks are there."""
    settings_file = tmp_path / "settings.json"
    first = app_window(settings_file=settings_file).window
    first.resize(720, 520)
    qtbot.waitUntil(lambda: first.size().width() == 720)
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.inspector_dock)
    first.zoom_slider.setValue(300)
    _close(qtbot, first)

    second = app_window(settings_file=settings_file, shell_first=True).window
    assert (second.width(), second.height()) == (720, 520)
    assert second.dockWidgetArea(second.inspector_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.zoom_slider.value() == 300


def test_a_hidden_inspector_stays_hidden(start, qtbot, tmp_path) -> None:
    settings_file = tmp_path / "settings.json"
    first = start(settings_file)
    first.action_map["toggle_inspector"].trigger()
    qtbot.waitUntil(lambda: not first.inspector_dock.isVisible())
    _close(qtbot, first)

    second = start(settings_file)
    assert not second.inspector_dock.isVisible()
    assert not second.action_map["toggle_inspector"].isChecked()


def test_first_start_uses_the_defaults(start, qtbot, tmp_path) -> None:
    window = start(tmp_path / "settings.json")
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
    start, qtbot, tmp_path, stored, expected_zoom
) -> None:
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(json.dumps(stored), encoding="utf-8")
    window = start(settings_file)
    assert window.zoom_slider.value() == expected_zoom
    assert window.inspector_dock.isVisible()
    assert window.width() > 400 and window.height() > 300
    _close(qtbot, window)
    # Closing replaces the damaged values with good ones.
    saved = json.loads(settings_file.read_text(encoding="utf-8"))
    assert saved["zoom"] == expected_zoom
    assert isinstance(saved["window_geometry"], str) and len(saved["window_geometry"]) > 20


def test_a_screenshot_run_neither_uses_nor_changes_the_saved_layout(start, qtbot, tmp_path) -> None:
    settings_file = tmp_path / "settings.json"
    first = start(settings_file)
    first.zoom_slider.setValue(300)
    _close(qtbot, first)
    saved = settings_file.read_text(encoding="utf-8")

    unattended = start(settings_file, screenshot=str(tmp_path / "shot.png"))
    assert unattended.zoom_slider.value() == ZOOM_DEFAULT
    unattended.zoom_slider.setValue(100)
    _close(qtbot, unattended)
    assert settings_file.read_text(encoding="utf-8") == saved
