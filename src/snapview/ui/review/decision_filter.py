"""The grid's decision filter: all tiles, or only the not reviewed, rejected or approved ones.

Filtering hides rows of the grid view rather than putting a proxy model between the grid and its
view: the loader, the preview and the inspector all speak in rows of the one model, and a hidden
row is simply never painted (so never fetched). A change of filter walks the whole set once; a
decision re-checks only the tiles it changed, so triage at key-repeat speed stays cheap.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QWidget

from snapview.core.review.board import DecisionFilter, ReviewBoard
from snapview.ui.grid.uniform_view import UniformTileView

FILTERS: tuple[DecisionFilter, ...] = (
    DecisionFilter.ALL,
    DecisionFilter.UNREVIEWED,
    DecisionFilter.REJECTED,
    DecisionFilter.APPROVED,
)


class DecisionFilterBox(QComboBox):
    """The "Show:" combo; :meth:`apply` hides the tiles the chosen filter leaves out."""

    def __init__(self, view: UniformTileView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewFilter")
        self.grid = view
        self.board: ReviewBoard | None = None
        labels = {
            DecisionFilter.ALL: self.tr("All snapshots"),
            DecisionFilter.UNREVIEWED: self.tr("Not reviewed"),
            DecisionFilter.REJECTED: self.tr("Rejected"),
            DecisionFilter.APPROVED: self.tr("Approved"),
        }
        for wanted in FILTERS:
            self.addItem(labels[wanted], wanted.value)
        self.setToolTip(self.tr("Show only the snapshots with this review decision"))
        self.currentIndexChanged.connect(lambda _: self.apply())

    @property
    def wanted(self) -> DecisionFilter:
        return DecisionFilter(self.currentData())

    def select(self, wanted: DecisionFilter) -> None:
        self.setCurrentIndex(FILTERS.index(wanted))

    def set_board(self, board: ReviewBoard | None) -> None:
        self.board = board
        self.apply()

    def shows(self, row: int) -> bool:
        board, wanted = self.board, self.wanted
        return board is None or wanted is DecisionFilter.ALL or board.matches(row + 1, wanted)

    def apply(self, indices: Iterable[int] | None = None) -> None:
        """Hide or show the tiles of these 1-based indices (None: every tile)."""
        rows = self.grid.model().rowCount()
        if indices is None:
            if self.board is None or self.wanted is DecisionFilter.ALL:
                for row in range(rows):
                    if self.grid.isRowHidden(row):
                        self.grid.setRowHidden(row, False)
                return
            targets: Iterable[int] = range(rows)
        else:
            targets = (i - 1 for i in indices)
        for row in targets:
            if 0 <= row < rows:
                hide = not self.shows(row)
                if hide != self.grid.isRowHidden(row):
                    self.grid.setRowHidden(row, hide)
