"""The library list's column widths, measured once from the words a column can hold (its header,
the provider's status words as shown (translated), a 32-character ID, a full timestamp) instead of from its rows.

Why not ``QHeaderView.ResizeToContents``: it measures up to a thousand rows of every such column
again on each inserted page and on each cover that arrives, so scrolling a large library became
quadratic (6,000 rows took minutes, nearly all of it in ``data()`` calls for rows nobody sees).
Measured widths keep the columns steady while pages arrive, and the user may still drag them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

from snapview.core.library import VideoState
from snapview.ui.library.model import Column, LibraryModel

# What the widest value of each column looks like (the ID of both providers is at most 32 chars).
_SAMPLES = {
    Column.ID: ("0123456789abcdef0123456789abcdef",),
    Column.DURATION: ("10:00:00",),
    Column.CREATED: ("2026-11-20 23:59:59",),
}
_PADDING = 18  # the cell's margins and the sort indicator's room
# At most this wide, so the duration stays in view beside it in the default dock's width; a longer
# status word ("Transcoding failed") ends in "…" and is whole in the cell's tooltip.
_MAX_WIDTH = {Column.STATUS: 110}
TITLE_MIN_WIDTH = 150  # a cover and a word or two


def fit_columns(view: QTableView, model: LibraryModel, statuses: Iterable[str] = ()) -> None:
    """Give every column but the title a fixed, measured width (user-resizable)."""
    header = view.horizontalHeader()
    cell = view.fontMetrics()
    head = header.fontMetrics()
    samples: dict[int, tuple[str, ...]] = dict(_SAMPLES)
    samples[Column.STATUS] = ("–", *(model.status_text(s) for s in statuses))
    samples[Column.JOB] = tuple(model.job_text(state) for state in VideoState)
    for column, texts in samples.items():
        title = str(model.headerData(column, header.orientation()) or "")
        width = max([head.horizontalAdvance(title)] + [cell.horizontalAdvance(t) for t in texts])
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, min(width + _PADDING, _MAX_WIDTH.get(column, 1 << 16)))


class TitleWidthFollower(QObject):
    """The title column takes what the list's width leaves beside the status and the duration,
    so a wider dock shows more of each title (at the default width it showed "Phys…"); the
    snapshot job, the date and the ID still scroll in after. Once the user drags the title's
    edge, that width is theirs and is kept."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.following = True
        self._setting = False
        view.horizontalHeader().sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)
        self.follow()

    def follow(self) -> None:
        if not self.following:
            return
        header = self.view.horizontalHeader()
        beside = header.sectionSize(Column.STATUS) + header.sectionSize(Column.DURATION)
        width = max(TITLE_MIN_WIDTH, self.view.viewport().width() - beside)
        if header.sectionSize(Column.TITLE) != width:
            self._setting = True
            try:
                header.resizeSection(Column.TITLE, width)
            finally:
                self._setting = False

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if column == Column.TITLE and not self._setting:
            self.following = False  # the user's drag

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.follow()
        return False
