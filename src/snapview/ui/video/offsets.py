"""Each tile shows when in the video its snapshot was taken, where the API says so.

Huawei Cloud gives every snapshot its ``offset`` in seconds (``Snapshot.offset_s``); the grid paints
a tile's ``start_ms`` as mm:ss beside its number and in its tooltip, and the preview shows it too.
When a page arrives, its offsets are put on its tiles (Alibaba's ListSnapshots has no offsets: its
tiles stay as they are).

This belongs in the grid model's own page handling (``SnapshotGridModel._apply_page``: ``tile.start_ms
= round(snap.offset_s * 1000)``); it lives beside the video feature until the grid package takes it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from snapview.services.snapshot_listing import SnapshotListing
from snapview.ui.thumbnail_grid import SnapshotGridModel


class OffsetTimes(QObject):
    """Puts the offsets of each loaded page of ``pager()`` on the tiles of ``model``."""

    def __init__(
        self, model: SnapshotGridModel, pager: Callable[[], SnapshotListing | None]
    ) -> None:
        super().__init__(model)
        self.model = model
        self.pager = pager
        model.page_loaded.connect(self._page_loaded)

    def _page_loaded(self, page_no: int) -> None:
        pager = self.pager()
        page = pager.cached(page_no) if pager is not None else None
        if page is None or self.model.showing_cells:
            return
        model = self.model
        rows: list[int] = []
        for snapshot in page.snapshots:
            row = snapshot.index - 1
            if snapshot.offset_s is None or not 0 <= row < model.rowCount():
                continue
            model.tile(row).start_ms = round(snapshot.offset_s * 1000)
            rows.append(row)
        if rows:
            model.dataChanged.emit(model.index(min(rows)), model.index(max(rows)))
