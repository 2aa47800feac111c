"""Covers asked for a little ahead of the scroll: the rows just below (and above) the list's viewport,
so the next screen's covers are usually there when it is scrolled into view.

Only visible rows and this margin are ever requested — never every fetched row: a page of 100 rows
arriving at the end of the list costs no cover request until the user scrolls near it. The model
asks for a cover when its row is painted (:meth:`LibraryModel.data` with the decoration role); this
helper asks, on each scroll and each new page, for the visible rows' covers at the painted rows'
priority and for the margin's at a lower one, so the first screen's covers are never queued behind
the next screen's. The pipeline serves the newest request first among equals, so each group is
asked for from its far end inwards: the top visible row's cover is the first download, and the
margin's nearest rows come before its farthest.

A list that is not on screen (its dock closed) asks for nothing: its covers would be fetched and
decoded for no one, beside the grid's first viewport. :meth:`CoverPrefetch.schedule` runs again
when the dock is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QTableView

from snapview.ui.library.model import MARGIN_PRIORITY, VISIBLE_PRIORITY, LibraryModel

MARGIN_ROWS = 10  # about one screen of the list in a 800-pixel window


class CoverPrefetch(QObject):
    """Requests the covers of ``MARGIN_ROWS`` rows either side of ``view``'s viewport."""

    def __init__(self, view: QTableView, model: LibraryModel, margin: int = MARGIN_ROWS) -> None:
        super().__init__(view)
        self.view, self.model, self.margin = view, model, margin
        # Coalesced: a fast drag of the scroll bar asks once it pauses for an event-loop turn.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.prefetch)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())
        model.rowsInserted.connect(lambda *_a: self._timer.start())
        model.modelReset.connect(self._timer.start)

    def schedule(self) -> None:
        """Prefetch once the event loop turns (coalesced with any other reason to)."""
        self._timer.start()

    def visible_rows(self) -> range:
        """The rows in the viewport (empty without rows)."""
        count = self.model.rowCount()
        if count == 0:
            return range(0)
        first = self.view.rowAt(0)
        last = self.view.rowAt(self.view.viewport().height() - 1)
        first = 0 if first < 0 else first
        last = count - 1 if last < 0 else last
        return range(first, last + 1)

    def margin_rows(self) -> range:
        """The rows whose covers are asked for: the visible ones and the margin either side."""
        visible = self.visible_rows()
        if not visible:
            return visible
        count = self.model.rowCount()
        return range(max(0, visible.start - self.margin), min(count, visible.stop + self.margin))

    def prefetch(self) -> None:
        if not self.view.isVisible():
            return
        visible, around = self.visible_rows(), self.margin_rows()
        margin = [r for r in around if r not in visible]
        # Farthest first: the newest request of a priority is served first.
        for row in sorted(
            margin, key=lambda r: -min(abs(r - visible.start), abs(r - visible.stop))
        ):
            self.model.request_cover(row, MARGIN_PRIORITY)
        for row in reversed(visible):
            self.model.request_cover(row, VISIBLE_PRIORITY)
