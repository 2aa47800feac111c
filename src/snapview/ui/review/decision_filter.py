"""The grid's "Show:" filter: all tiles, the not reviewed, rejected or approved ones, or — once a
scan has run — the tiles it flagged (any, the flagged ones still to review, or one kind).

Filtering hides rows of the grid view rather than putting a proxy model between the grid and its
view: the loader, the preview and the inspector all speak in rows of the one model, and a hidden
row is simply never painted (so never fetched). A change of filter walks the whole set once; a
decision re-checks only the tiles it changed, and a running scan's refresh only the tiles whose
flags changed, so triage at key-repeat speed stays cheap.

The automatic flags come from the scan feature as plain :data:`FlagKind` tuples (wired in
``app.py``), so ui/review never imports ui/scan: its sibling, not a layer below.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QWidget

from snapview.core.review.board import DecisionFilter, ReviewBoard
from snapview.ui.grid.uniform_view import UniformTileView
from snapview.ui.tr import tr_format

FILTERS: tuple[DecisionFilter, ...] = (
    DecisionFilter.ALL,
    DecisionFilter.UNREVIEWED,
    DecisionFilter.REJECTED,
    DecisionFilter.APPROVED,
)

# One kind of automatic flag on the video on show: (kind id, the words a reviewer reads, the
# 1-based indices of the snapshots it flags). ``None`` instead of a sequence: no scan yet.
FlagKind = tuple[str, str, frozenset[int]]

ANY_FLAG = "*"  # the flag key of "Flagged by scan": any kind
FLAGGED = "flagged"
FLAGGED_UNREVIEWED = "flagged-unreviewed"
KIND_PREFIX = "flag:"
FIRST_KIND_ROW = len(FILTERS) + 3  # the decisions, a separator, the two "Flagged" entries


class DecisionFilterBox(QComboBox):
    """The "Show:" combo; :meth:`apply` hides the tiles the chosen filter leaves out."""

    def __init__(self, view: UniformTileView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewFilter")
        self.grid = view
        self.board: ReviewBoard | None = None
        self._flags: dict[str, frozenset[int]] | None = None  # flag key -> indices; None: no scan
        self._kinds: list[tuple[str, str]] = []  # (kind, label) of the entries after the two
        labels = {
            DecisionFilter.ALL: self.tr("All snapshots"),
            DecisionFilter.UNREVIEWED: self.tr("Not reviewed"),
            DecisionFilter.REJECTED: self.tr("Rejected"),
            DecisionFilter.APPROVED: self.tr("Approved"),
        }
        for wanted in FILTERS:
            self.addItem(labels[wanted], wanted.value)
        self.insertSeparator(len(FILTERS))
        self.addItem("", FLAGGED)
        self.addItem("", FLAGGED_UNREVIEWED)
        # The closed box keeps its width while counts and kinds come and go; the list is wider.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(22)  # "Flagged, not reviewed (20)"
        self.setToolTip(self.tr("Show only the snapshots with this review decision or scan flag"))
        self._update_flag_entries()
        self.currentIndexChanged.connect(lambda _: self.apply())

    # -- what is chosen ---------------------------------------------------------------------------

    @property
    def key(self) -> str:
        """The chosen entry: a decision's value, ``flagged``, ``flagged-unreviewed`` or ``flag:K``."""
        return str(self.currentData())

    @property
    def wanted(self) -> DecisionFilter:
        """The decision part of the chosen entry."""
        key = self.key
        if key == FLAGGED_UNREVIEWED:
            return DecisionFilter.UNREVIEWED
        if key == FLAGGED or key.startswith(KIND_PREFIX):
            return DecisionFilter.ALL
        return DecisionFilter(key)

    @property
    def flag(self) -> str | None:
        """The flag part of the chosen entry: None (no flag filter), ``*`` (any) or a kind."""
        key = self.key
        if key in (FLAGGED, FLAGGED_UNREVIEWED):
            return ANY_FLAG
        return key.removeprefix(KIND_PREFIX) if key.startswith(KIND_PREFIX) else None

    def select(self, wanted: DecisionFilter) -> None:
        self.setCurrentIndex(FILTERS.index(wanted))

    def select_key(self, key: str) -> bool:
        """Choose an entry by :attr:`key`; False when it is not there or disabled (no scan yet)."""
        row = self.findData(key)
        if row < 0 or not self._row_enabled(row):
            return False
        self.setCurrentIndex(row)
        return True

    # -- what it filters on -----------------------------------------------------------------------

    def set_board(self, board: ReviewBoard | None) -> None:
        self.board = board
        self.refresh_counts()
        self.apply()

    def set_flags(self, kinds: Sequence[FlagKind] | None) -> None:
        """The scan's flags for the video on show (``None``: it has none, not even a stored scan).
        Called when a scan starts, at each of its refreshes, at its end and when the video
        changes; only tiles whose flags changed are re-checked, unless the entry chosen goes away."""
        before = self._flags
        flag = self.flag
        if kinds is None:
            self._flags = None
        else:
            union: set[int] = set()
            for _, _, indices in kinds:
                union |= indices
            self._flags = {ANY_FLAG: frozenset(union)}
            self._flags.update({f"{KIND_PREFIX}{kind}": indices for kind, _, indices in kinds})
        old_key = self.key
        self.blockSignals(True)  # one walk of the tiles below, not one per rebuilt entry
        try:
            self._rebuild_kinds([(kind, label) for kind, label, _ in kinds or ()])
            if self.findData(old_key) < 0 or not self._row_enabled(self.findData(old_key)):
                self.setCurrentIndex(FILTERS.index(DecisionFilter.ALL))  # its flags went away
            else:
                self.setCurrentIndex(self.findData(old_key))
        finally:
            self.blockSignals(False)
        self.refresh_counts()
        if self.key != old_key:
            self.apply()
        elif flag is not None:
            self.apply(self._flag_set(before, flag) ^ self._flag_set(self._flags, flag))

    def refresh_counts(self) -> None:
        """The counts in the flag entries (the review feature calls this as decisions change,
        at most every COUNTS_MS: "Flagged, not reviewed" shrinks as the reviewer works)."""
        self._update_flag_entries()

    # -- filtering --------------------------------------------------------------------------------

    def shows(self, row: int) -> bool:
        index = row + 1
        flag = self.flag
        if flag is not None and index not in self._flag_set(self._flags, flag):
            return False
        board, wanted = self.board, self.wanted
        return board is None or wanted is DecisionFilter.ALL or board.matches(index, wanted)

    def apply(self, indices: Iterable[int] | None = None) -> None:
        """Hide or show the tiles of these 1-based indices (None: every tile)."""
        rows = self.grid.model().rowCount()
        if indices is None:
            if self.flag is None and (self.board is None or self.wanted is DecisionFilter.ALL):
                self.grid.show_all_rows()
                return
            targets: Iterable[int] = range(rows)
        else:
            targets = (i - 1 for i in indices)
        for row in targets:
            if 0 <= row < rows:
                hide = not self.shows(row)
                if hide != self.grid.isRowHidden(row):
                    self.grid.setRowHidden(row, hide)

    # -- the entries ------------------------------------------------------------------------------

    @staticmethod
    def _flag_set(flags: dict[str, frozenset[int]] | None, flag: str) -> frozenset[int]:
        if flags is None:
            return frozenset()
        return flags.get(flag if flag == ANY_FLAG else f"{KIND_PREFIX}{flag}", frozenset())

    def _rebuild_kinds(self, kinds: list[tuple[str, str]]) -> None:
        if kinds == self._kinds:
            return
        while self.count() > FIRST_KIND_ROW:
            self.removeItem(self.count() - 1)
        for kind, _ in kinds:
            self.addItem("", f"{KIND_PREFIX}{kind}")
        self._kinds = kinds

    def _update_flag_entries(self) -> None:
        flags = self._flags
        flagged_row, unreviewed_row = self.findData(FLAGGED), self.findData(FLAGGED_UNREVIEWED)
        if flags is None:
            self.setItemText(flagged_row, self.tr("Flagged by scan (no scan yet)"))
            self.setItemText(unreviewed_row, self.tr("Flagged, not reviewed"))
            tip = self.tr("Scan the video (Ctrl+Shift+S) to filter by what the scan finds")
            for row in (flagged_row, unreviewed_row):
                self._enable_row(row, False)
                self.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)
            return
        flagged = flags[ANY_FLAG]
        board = self.board
        to_review = (
            len(flagged)
            if board is None
            else sum(1 for i in flagged if board.matches(i, DecisionFilter.UNREVIEWED))
        )
        self.setItemText(
            flagged_row, tr_format(self.tr("Flagged by scan ({count})"), count=len(flagged))
        )
        self.setItemText(
            unreviewed_row,
            tr_format(self.tr("Flagged, not reviewed ({count})"), count=to_review),
        )
        self.setItemData(
            flagged_row,
            self.tr("Snapshots the scan flagged, whatever their decision"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.setItemData(
            unreviewed_row,
            self.tr("Snapshots the scan flagged that have no decision yet: what to triage next"),
            Qt.ItemDataRole.ToolTipRole,
        )
        for row in (flagged_row, unreviewed_row):
            self._enable_row(row, True)
        for offset, (kind, label) in enumerate(self._kinds):
            count = len(flags.get(f"{KIND_PREFIX}{kind}", ()))
            # Indented under "Flagged by scan" in the list: one kind of what it flagged.
            text = tr_format(self.tr("{kind} ({count})"), kind=label, count=count)
            self.setItemText(FIRST_KIND_ROW + offset, "    " + text)

    def _items(self) -> QStandardItemModel:
        return cast(QStandardItemModel, self.model())

    def _row_enabled(self, row: int) -> bool:
        return 0 <= row < self.count() and self._items().item(row).isEnabled()

    def _enable_row(self, row: int, enabled: bool) -> None:
        if 0 <= row < self.count():
            self._items().item(row).setEnabled(enabled)
