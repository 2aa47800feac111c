"""Test hooks for the thumbnail grid: click a tile like a user, and wait until a viewport is done.

They lived in the production grid module before; tests are their only users.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint

from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.grid.view import ThumbnailGridView
from tests.helpers.timeouts import WAIT_MS


def point_of_row(view: ThumbnailGridView, row: int) -> QPoint:
    """Centre of a tile in viewport coordinates, to click it like a user."""
    return view.visualRect(view.model().index(row, 0)).center()


def grid_settled(view: ThumbnailGridView, model: SnapshotGridModel) -> bool:
    """What a user sees as done: scrolling stopped and every visible tile is loaded or failed."""
    visible = view.visible_rows()
    return (
        model.total is not None
        and len(visible) > 0
        and not model.loader.paused
        and not view.settling
        and model.final_rows(visible)
    )


def wait_grid_settled(qtbot: Any, view: ThumbnailGridView, model: SnapshotGridModel) -> range:
    """Wait for :func:`grid_settled`; the visible rows then."""
    qtbot.waitUntil(lambda: grid_settled(view, model), timeout=WAIT_MS)
    return view.visible_rows()
