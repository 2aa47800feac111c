"""Marks survive a restart: decide with the keys, close the window (the app's shutdown: the session
drains, the store closes), build the app again on the same SQLite file, open the same video — the
tiles carry the same marks, painted on them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from snapview.core.review.decisions import Verdict
from snapview.core.review.reasons import Reason
from snapview.emulator.catalog import SHORT_VIDEO_ID
from snapview.ui.review.marks import APPROVED_COLOUR, REJECTED_COLOUR, mark_diameter
from tests.helpers.async_qt import run
from tests.helpers.review_gui import open_video

pytestmark = pytest.mark.gui


def mark_colour(view, row: int) -> QColor:
    """The colour inside the round mark of ``row``'s tile, left of its glyph, as painted on screen."""
    image = view.grab().toImage()
    delegate = view.tile_delegate
    rect = view.visualRect(view.model().index(row, 0))
    inner = rect.adjusted(delegate.MARGIN, delegate.MARGIN, -delegate.MARGIN, -delegate.MARGIN)
    inner.setHeight(delegate.image_height())
    size = mark_diameter(inner)
    centre_x, centre_y = inner.right() - 3 - size / 2, inner.top() + 3 + size / 2
    return image.pixelColor(round(centre_x - 0.3 * size), round(centre_y))


def close_app(qtbot, window, services) -> None:
    window.close()
    run(qtbot, services.aclose())


def test_marks_survive_closing_and_starting_the_app_again(app_window, qtbot, tmp_path) -> None:
    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    open_video(qtbot, window, app, SHORT_VIDEO_ID)
    view = app.video.view
    qtbot.keyClick(view, Qt.Key.Key_P)
    qtbot.keyClick(view, Qt.Key.Key_5)  # broken link
    close_app(qtbot, window, services)  # no drain by the test: quitting must not lose them
    assert (tmp_path / "data" / "review.sqlite3").exists()

    window, services, app = app_window(size=(1280, 800), demo_profile=True)
    session = open_video(qtbot, window, app, SHORT_VIDEO_ID)
    view = app.video.view
    assert session.board.mark(1).verdict is Verdict.APPROVED
    assert session.board.mark(2).reason is Reason.BROKEN_LINK
    assert session.board.mark(3).verdict is Verdict.NOT_REVIEWED
    model = view.model()
    assert model.index(1, 0).data(model.ReviewMarkRole).mark.reason is Reason.BROKEN_LINK
    assert mark_colour(view, 0) == APPROVED_COLOUR
    assert mark_colour(view, 1) == REJECTED_COLOUR
    assert mark_colour(view, 2) not in (APPROVED_COLOUR, REJECTED_COLOUR)
    assert "Approved 1" in app.review.status_line.text()  # the session's first count is at once
