"""Test hooks for the thumbnail grid: click a tile like a user, and wait until a viewport is done.

They lived in the production grid module before; tests are their only users.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPoint

from snapview.ui.grid.view import ThumbnailGridView
from tests.helpers.timeouts import WAIT_MS


def point_of_row(view: ThumbnailGridView, row: int) -> QPoint:
    """Centre of a tile in viewport coordinates, to click it like a user."""
    return view.visualRect(view.model().index(row, 0)).center()


def wait_grid_settled(qtbot: Any, view: ThumbnailGridView) -> Sequence[int]:
    """Wait until the viewport is complete (``view.viewport_complete``); the visible rows then."""
    qtbot.waitUntil(view.viewport_complete, timeout=WAIT_MS)
    return view.visible_rows()
