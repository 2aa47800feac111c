"""D8: the main window works on a 1024 px laptop screen with the inspector docked, and it never
widens itself because of what it shows (a long job line, a long status message, an event whose
header holds a long ``topic_urn``); F9 brings the inspector back at the width it had."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from snapview.emulator.catalog import LONG_VIDEO_ID, SHORT_VIDEO_ID
from tests.gui.test_video_flow import app, type_and_load, viewport_done  # noqa: F401 (fixture)
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui

LONG_URN = "urn:smn:cn-north-4:0a1b2c3d4e5f60718293a4b5c6d7e8f9:snapview_vod_snapshot_events_" + (
    "x" * 60
)


def fully_inside(widget: QWidget, window: QWidget) -> bool:
    """The widget is shown and its whole rectangle lies inside the window's (nothing cut off)."""
    if not widget.isVisible() or widget.width() <= 0:
        return False
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return window.rect().contains(top_left) and window.rect().contains(bottom_right)


def label_shows_all(label: QLabel) -> bool:
    """A wrapped label is tall enough for its text at its width; an unwrapped one wide enough."""
    if label.wordWrap():
        return label.heightForWidth(label.width()) <= label.height()
    return label.sizeHint().width() <= label.width()


def test_a_loaded_video_fits_1024_by_700_with_the_inspector_docked(app, qtbot) -> None:  # noqa: F811
    window, feature, _, _ = app
    type_and_load(qtbot, window, f"{LONG_VIDEO_ID} {SHORT_VIDEO_ID}")
    qtbot.waitUntil(lambda: viewport_done(feature), timeout=WAIT_MS)
    window.show_status("Loaded 100 of 10,000 snapshots of " + LONG_VIDEO_ID + " " * 3 + "x" * 80)
    window.inspector.show_document({"a": 1}, "SMN notification", header={"topic_urn": LONG_URN})
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1024
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    QApplication.processEvents()
    assert window.size().width() == 1024 and window.size().height() == 700
    assert not window.inspector_dock.isFloating()
    assert fully_inside(window.inspector_dock, window)
    assert window.inspector_dock.width() >= 240
    assert fully_inside(feature.view, window)
    assert feature.view.width() >= 400  # room for at least two tiles next to the inspector
    assert fully_inside(window.job_bar, window) and label_shows_all(window.job_label)
    assert LONG_VIDEO_ID in window.job_label.text()
    # Load, Scan video and the zoom slider are on screen, not behind the toolbar's "»" overflow.
    for action in ("load", "scan_video"):
        button = window.toolbar.widgetForAction(window.action_map[action])
        assert button is not None and fully_inside(button, window), action
    scan_button = window.toolbar.widgetForAction(window.action_map["scan_video"])
    assert scan_button.text() == "Scan" and "Ctrl+Shift+S" in scan_button.toolTip()
    assert fully_inside(window.zoom_slider, window)


def test_the_window_never_grows_itself_for_a_long_header(app_window, qtbot) -> None:
    window = app_window(size=(1024, 700)).window
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.set_job_info("VideoId " + "0123456789abcdef" * 8 + " · Job x · Total 10,000")
    window.inspector.show_document({"a": 1}, "SMN notification", header={"topic_urn": LONG_URN})
    window.show_status("y" * 400)
    QApplication.processEvents()
    QApplication.processEvents()
    assert window.width() == 1024
    assert window.minimumSizeHint().width() <= 1024
