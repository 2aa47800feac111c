"""Decisions in the preview window: it shows the snapshot's decision, reason, comment and who
decided it when; P, X (reason, comment), 1–9 and U decide on the snapshot shown there and the
preview steps on with auto-advance; the grid's tile shows the same mark."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from snapview.core.review.decisions import Verdict
from snapview.core.review.reasons import Reason
from snapview.emulator.catalog import SHORT_VIDEO_ID
from tests.helpers.review_gui import open_video
from tests.helpers.timeouts import WAIT_MS

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_ignore(
        "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
    ),
]


def test_the_preview_shows_and_takes_decisions(app_window, qtbot) -> None:
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    view = app.video.view
    qtbot.keyClick(view, Qt.Key.Key_X)
    picker = app.review.triage.picker
    qtbot.waitUntil(picker.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(picker, Qt.Key.Key_1)
    field = app.review.triage.comment_field
    qtbot.waitUntil(field.isVisible, timeout=WAIT_MS)
    qtbot.keyClicks(field, "fade from black")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    view.preview_requested.emit(0)
    preview = app.video.preview
    qtbot.waitUntil(preview.isVisible, timeout=WAIT_MS)
    fields = app.review.preview_decision.fields
    assert fields["decision"].text() == "Rejected: Black frame"
    assert fields["comment"].text() == "fade from black"
    assert fields["decided_by"].text().startswith(f"{services.reviewer}, 20")
    preview.step(1)
    assert fields["decision"].text() == "Not reviewed" and fields["comment"].text() == "—"
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(preview, Qt.Key.Key_P)
    assert session.board.mark(2).verdict is Verdict.APPROVED
    assert preview.row == 2  # auto-advance in the preview
    qtbot.keyClick(preview, Qt.Key.Key_5)  # the 5th reason, at once
    assert session.board.mark(3).reason is Reason.BROKEN_LINK
    preview.step(-1)
    assert fields["decision"].text() == "Rejected: Broken link"
    qtbot.keyClick(preview, Qt.Key.Key_U)
    assert session.board.mark(3).verdict is Verdict.NOT_REVIEWED
    tile = view.model().index(1, 0).data(view.model().ReviewMarkRole)
    assert tile.mark.verdict is Verdict.APPROVED  # the grid shows what the preview decided
