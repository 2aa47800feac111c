"""Steps the review GUI tests share: open a video in the real window and wait for its review
session, with the grid focused on the first tile (where a reviewer starts pressing keys)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.helpers.grid_hooks import wait_grid_settled
from tests.helpers.timeouts import WAIT_MS


def open_video(qtbot: Any, window: Any, app: Any, text: str) -> Any:
    """Type ``text`` in the ID box, press Enter; the session of the first video once it is open."""
    window.video_edit.setText(text)
    qtbot.keyClick(window.video_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.review.binding.session is not None, timeout=WAIT_MS)
    view = app.video.view
    wait_grid_settled(qtbot, view)
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    return app.review.binding.session
