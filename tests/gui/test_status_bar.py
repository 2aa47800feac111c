"""The status bar's message as a reviewer reads it beside the permanent widgets (counts, zoom, the
review filter and status line): at 1500 px a scan finding's message is whole — the review line
gives way first — and at 1024 px a longer one ends in "…" with the whole text in its tooltip,
never widening the window, in English and Chinese."""

from __future__ import annotations

import contextlib

import pytest
from PySide6.QtCore import QRect

from snapview.app import create_application
from snapview.emulator.catalog import LONG_VIDEO_ID
from snapview.ui.shell.language import interface_language
from tests.gui.test_video_flow import viewport_done
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui

FINDING = "Snapshot #50 · Uniform colour: solid green (#008700)"  # a scan panel message


def open_long_video(app_window, qtbot, size: tuple[int, int]):
    """The window at ``size`` with the long video's first viewport and the review line drawn."""
    window, _services, app = app_window(size=size, demo_profile=True)
    window.video_edit.setText(LONG_VIDEO_ID)
    app.video.load(LONG_VIDEO_ID, "NormalSnapshot")
    qtbot.waitUntil(lambda: viewport_done(app.video), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(app.review.status_line.text()), timeout=WAIT_MS)
    return window, app


def on_the_bar(window) -> bool:
    label = window.status_message
    bar = window.statusBar()
    return bar.rect().contains(QRect(label.mapTo(bar, label.rect().topLeft()), label.size()))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_finding_is_whole_at_1500_px_and_the_review_line_gives_way(
    app_window, qtbot, language, tmp_path
) -> None:
    with contextlib.ExitStack() as stack:
        if language != "en":
            stack.enter_context(interface_language(create_application(), language))
        window, app = open_long_video(app_window, qtbot, (1500, 900))
        window.show_status(FINDING)
        qtbot.waitUntil(lambda: window.status_message.shown_text() == FINDING, timeout=WAIT_MS)
        label = window.status_message
        assert label.fontMetrics().horizontalAdvance(FINDING) <= label.width()
        assert on_the_bar(window)
        line = app.review.status_line
        assert line.isVisible() and line.width() >= 120  # still there, elided if need be
        assert window.width() == 1500
        window.statusBar().grab().save(str(tmp_path / f"status-1500-{language}.png"))


def test_a_long_message_at_1024_px_ends_in_an_ellipsis_with_the_whole_text_in_the_tooltip(
    app_window, qtbot
) -> None:
    window, _app = open_long_video(app_window, qtbot, (1024, 700))
    message = FINDING + " — " + "and a long explanation of it that no 1024 px status bar holds"
    window.show_status(message)
    label = window.status_message
    qtbot.waitUntil(lambda: label.shown_text().endswith("…"), timeout=WAIT_MS)
    shown = label.shown_text()
    assert message.startswith(shown.removesuffix("…")) and len(shown) > 20
    assert label.text() == message and label.toolTip() == message
    assert on_the_bar(window)
    assert window.width() == 1024  # the message never widens the window
