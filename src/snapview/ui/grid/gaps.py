"""The gaps in a snapshot grid: pages of the job that could not be listed, and the Retry that asks
for them again.

A page that fails after its retries leaves its tiles failed with the reason (the grid stays usable
around them). :class:`GridGaps` follows the model's ``page_failed``/``page_loaded``, merges
neighbouring failed pages into ranges of snapshots ("Snapshots #101–#300 are missing: …") and
retries only those pages: their failures are forgotten, their tiles wait again, and the loader asks
for the pages that are on screen (the others when they are scrolled to). :class:`GapBar` is the
status-bar strip with the message and its Retry button; the grid's context menu offers the same
Retry on a gap tile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from snapview.ui.grid.tiles import describe_error
from snapview.ui.widgets.elided_label import ElidedLabel

if TYPE_CHECKING:
    from snapview.ui.grid.model import SnapshotGridModel


@dataclass(frozen=True)
class Gap:
    """Pages ``first_page``..``last_page`` failed; they hold snapshots ``first``..``last``."""

    first_page: int
    last_page: int
    first: int
    last: int
    error: BaseException

    @property
    def pages(self) -> range:
        return range(self.first_page, self.last_page + 1)


class GridGaps(QObject):
    """The failed pages of ``model`` as gaps, and the Retry of exactly those pages."""

    changed = Signal()

    def __init__(self, model: SnapshotGridModel) -> None:
        super().__init__(model)
        self.model = model
        model.page_failed.connect(self._changed)
        model.page_loaded.connect(self._changed)
        model.modelReset.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    def gaps(self) -> list[Gap]:
        """The failed pages after page 1's (page 1 failing is the message panel's, with its own
        Retry), consecutive pages merged, each with the error of its first page."""
        model = self.model
        total = model.total
        if total is None or model.showing_cells:
            return []
        loader = model.loader
        found: list[Gap] = []
        # Only the failed pages are walked: every page that arrives asks again, and a 100,000-
        # snapshot job has 1,000 pages.
        for page_no in model.failed_page_numbers():
            error = model.page_failure(page_no)
            rows = loader.rows_of_page(page_no)
            last = min(rows.stop, total)
            if error is None or rows.start >= last:
                continue
            if found and found[-1].last_page == page_no - 1:
                prev = found[-1]
                found[-1] = Gap(prev.first_page, page_no, prev.first, last, prev.error)
            else:
                found.append(Gap(page_no, page_no, rows.start + 1, last, error))
        return found

    def gap_of_row(self, row: int) -> Gap | None:
        for gap in self.gaps():
            if gap.first <= row + 1 <= gap.last:
                return gap
        return None

    def describe(self, gap: Gap) -> str:
        """Which snapshots are missing and why, in the user's language."""
        if gap.first == gap.last:
            span = self.tr("Snapshot #{first} is missing").replace("{first}", f"{gap.first:,}")
        else:
            span = (
                self.tr("Snapshots #{first}–#{last} are missing")
                .replace("{first}", f"{gap.first:,}")
                .replace("{last}", f"{gap.last:,}")
            )
        return f"{span}: {describe_error(gap.error)}"

    def summary(self) -> str:
        """One line for the status bar: the first gap, and how many more there are."""
        gaps = self.gaps()
        if not gaps:
            return ""
        text = self.describe(gaps[0])
        if len(gaps) > 1:
            text += " " + self.tr("(and {count} more gaps)").replace("{count}", str(len(gaps) - 1))
        return text

    def retry(self, gaps: list[Gap] | None = None) -> list[int]:
        """Ask for the pages of ``gaps`` (all of them by default) again; returns those pages. Pages
        that are not failed are not touched, so a listed page is never fetched twice."""
        loader = self.model.loader
        pages = [p for gap in (self.gaps() if gaps is None else gaps) for p in gap.pages]
        loader.retry(loader.rows_of_page(p).start for p in pages)  # the loader retries whole pages
        self.changed.emit()
        return pages


GAP_TEXT_MIN_WIDTH = 80


class GapBar(QWidget):
    """The status-bar strip: what is missing and why, with Retry; hidden when nothing is."""

    def __init__(self, gaps: GridGaps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gridGapBar")
        self.gaps = gaps
        # Elided, not as wide as its words: beside the other status-bar items a long gap text
        # made the status bar wider than the window, and the window grew (1280 -> 1895 px).
        self.label = ElidedLabel(minimum_width=GAP_TEXT_MIN_WIDTH)
        self.label.setObjectName("gridGapText")
        self.label.setMaximumWidth(520)
        self.label.setStyleSheet("color: #b3261e;")
        self.retry_button = QPushButton(self.tr("Retry missing"))
        self.retry_button.setObjectName("gridGapRetry")
        self.retry_button.setToolTip(self.tr("List the missing pages of snapshots again"))
        self.retry_button.clicked.connect(lambda: self.gaps.retry())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.retry_button)
        gaps.changed.connect(self.update_text)
        self.update_text()

    def update_text(self) -> None:
        text = self.gaps.summary()
        self.label.setText(text)
        # The whole text of every gap (after setText, which puts the summary there).
        self.label.setToolTip("\n".join(self.gaps.describe(g) for g in self.gaps.gaps()))
        self.setVisible(bool(text))
