"""Session continuity like a user lives it: review a pasted list, close snapview, start it again
(the same settings file, a new window) and be back on the same video with the same tile selected."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from snapview.core.goto_target import GoToTarget
from snapview.emulator.catalog import DEFECTS_VIDEO_ID, LONG_VIDEO_ID, SHORT_VIDEO_ID
from snapview.ui.video.session import SESSION_KEY
from tests.helpers.async_qt import run
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore("Corrupt JPEG data", "Unsupported marker type"),
]


def test_the_last_list_position_and_selection_come_back_on_start(app_window, qtbot) -> None:
    window, services, built = app_window(size=(1280, 800), demo_profile=True)
    feature = built.video
    window.video_edit.setText(f"{SHORT_VIDEO_ID} {LONG_VIDEO_ID} {DEFECTS_VIDEO_ID}")
    qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: SHORT_VIDEO_ID in window.job_label.text(), timeout=WAIT_MS)
    window.action_map["next_video"].trigger()
    qtbot.waitUntil(
        lambda: LONG_VIDEO_ID in window.job_label.text() and feature.model.total == 10_000,
        timeout=WAIT_MS,
    )
    feature.navigation.go_to_target(GoToTarget(index=1234))
    assert feature.view.currentIndex().row() == 1233
    window.close()
    run(qtbot, services.aclose())

    # A new start: the same settings file, a new window and services.
    window, _services, built = app_window(size=(1280, 800), demo_profile=True)
    feature = built.video
    qtbot.waitUntil(lambda: LONG_VIDEO_ID in window.job_label.text(), timeout=WAIT_MS)
    assert feature.position_label.text() == "video 2 of 3"
    assert feature.videos == [SHORT_VIDEO_ID, LONG_VIDEO_ID, DEFECTS_VIDEO_ID]
    qtbot.waitUntil(lambda: feature.view.currentIndex().row() == 1233, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: 1233 in feature.view.visible_rows(), timeout=WAIT_MS)
    # Previous goes on through the restored list.
    window.action_map["previous_video"].trigger()
    qtbot.waitUntil(lambda: SHORT_VIDEO_ID in window.job_label.text(), timeout=WAIT_MS)


def test_a_damaged_session_is_ignored(app_window, qtbot, tmp_path) -> None:
    from snapview.services.settings import Settings

    Settings(tmp_path / "settings.json").set(SESSION_KEY, {"videos": "oops", "position": "x"})
    window, _services, built = app_window(size=(1280, 800), demo_profile=True)
    assert built.video.videos == [] and window.video_edit.text() == ""
