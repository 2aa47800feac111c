"""The Defects panel: what the last scan of the video on show found, grouped by kind with counts,
a determinate progress bar with an ETA and Cancel while a scan runs, and a clear sentence when the
scan could not run.

The panel only shows; :class:`~snapview.ui.scan.feature.ScanFeature` runs scans and moves the
grid. A click (or Enter) on a snapshot's row emits :attr:`DefectsPanel.snapshot_activated` with
the snapshot's 1-based index.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from snapview.ui.scan.findings import FindingGroups, kind_label
from snapview.ui.tr import tr_format
from snapview.ui.widgets.labels import make_label

INDEX_ROLE = int(Qt.ItemDataRole.UserRole) + 1
KIND_ROLE = int(Qt.ItemDataRole.UserRole) + 2
# Rows listed per kind: a video with 10,000 failed snapshots needs its count and the first few,
# not 10,000 rows rebuilt four times a second (that alone took 70 ms, a visible stall).
MAX_ROWS_PER_GROUP = 200


def format_duration(seconds: float) -> str:
    """``45 s``, ``3 min 05 s``, ``1 h 02 min``: how long is left, to a reviewer."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return tr_format(
            QCoreApplication.translate("DefectsPanel", "{h} h {m} min"), h=hours, m=f"{minutes:02d}"
        )
    if minutes:
        return tr_format(
            QCoreApplication.translate("DefectsPanel", "{m} min {s} s"), m=minutes, s=f"{secs:02d}"
        )
    return tr_format(QCoreApplication.translate("DefectsPanel", "{s} s"), s=secs)


class DefectsPanel(QWidget):
    """Summary, progress and the grouped findings of one video's scan."""

    snapshot_activated = Signal(int)  # 1-based snapshot index
    scan_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("defectsPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        self.summary = make_label(object_name="scanSummary", selectable=True)
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.scan_button = QPushButton(self.tr("Scan video"))
        self.scan_button.setObjectName("scanButton")
        self.scan_button.clicked.connect(self.scan_requested)
        top.addWidget(self.scan_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setObjectName("scanProgress")
        self.progress.setFormat(self.tr("%v of %m"))
        row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("scanCancelButton")
        self.cancel_button.clicked.connect(self.cancel_requested)
        row.addWidget(self.cancel_button)
        layout.addWidget(self.progress_row)
        self.eta = make_label(object_name="scanEta")
        layout.addWidget(self.eta)
        self.progress_row.hide()
        self.eta.hide()

        self.error = make_label(object_name="scanError", selectable=True)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        layout.addWidget(self.error)

        self.tree = QTreeWidget()
        self.tree.setObjectName("defectsTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Finding"), self.tr("Detail")])
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        layout.addWidget(self.tree, 1)
        self._collapsed: set[str] = set()  # groups the reviewer folded stay folded
        self._idle_pending: bool | None = None  # _apply_idle(that) when the panel next shows
        self._apply_idle(False)

    def showEvent(self, event: QShowEvent) -> None:
        if self._idle_pending is not None:
            self._apply_idle(self._idle_pending)
        super().showEvent(event)

    # -- states -----------------------------------------------------------------------------------

    def show_idle(self, has_video: bool = False) -> None:
        """No scan of this video yet.

        While the panel is out of sight (its dock closed, or a tab behind the inspector) this
        waits until it shows: every video load says it twice, and the word-wrapped summary laid
        the hidden dock out again each time — 8-10 ms of the GUI thread just as a video's first
        pictures arrive (issue #14). Any other state shown meanwhile replaces the wait."""
        if self.isVisible():
            self._apply_idle(has_video)
        else:
            self._idle_pending = has_video

    def _apply_idle(self, has_video: bool) -> None:
        self._idle_pending = None
        self.tree.clear()
        self.error.hide()
        self.set_running(False)
        self.summary.setText(
            self.tr("Not scanned yet. Scan video checks every snapshot of the job.")
            if has_video
            else self.tr("Load a video, then scan it to find its defects.")
        )
        self.scan_button.setText(self.tr("Scan video"))
        self.scan_button.setEnabled(has_video)

    def set_running(self, running: bool, total: int = 0) -> None:
        if running:
            self._idle_pending = None
        self.progress_row.setVisible(running)
        self.eta.setVisible(running)
        self.scan_button.setEnabled(not running)
        if running:
            self.error.hide()
            self.progress.setRange(0, max(0, total))
            self.progress.setValue(0)
            self.eta.setText(self.tr("Listing the snapshots…"))

    def show_progress(self, done: int, total: int, eta_s: float | None) -> None:
        self._idle_pending = None
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        if eta_s is None:
            self.eta.setText(self.tr("Estimating the time left…"))
        else:
            self.eta.setText(tr_format(self.tr("About {time} left"), time=format_duration(eta_s)))

    def show_error(self, text: str) -> None:
        """The scan could not run (or not finish): why, in the user's words."""
        self._idle_pending = None
        self.set_running(False)
        self.error.setText(text)
        self.error.show()

    def show_findings(
        self,
        groups: FindingGroups,
        *,
        scanned: int,
        total: int | None,
        scanned_at: float | None = None,
        cancelled: bool = False,
        running: bool = False,
    ) -> None:
        """Fill the tree; ``scanned_at`` (``time.time()``) says when a finished scan ended."""
        self._idle_pending = None
        flagged = len(groups.flagged_indexes)
        parts = []
        if running:
            parts.append(tr_format(self.tr("Scanning: {flagged} flagged so far"), flagged=flagged))
        elif cancelled:
            parts.append(
                tr_format(
                    self.tr("Scan cancelled: {scanned} of {total} checked, {flagged} flagged"),
                    scanned=scanned,
                    total=total if total is not None else "?",
                    flagged=flagged,
                )
            )
        elif flagged or groups.count("job"):
            parts.append(
                tr_format(
                    self.tr("{flagged} of {total} snapshots flagged"),
                    flagged=flagged,
                    total=total if total is not None else scanned,
                )
            )
        else:
            parts.append(
                tr_format(
                    self.tr("No defects in {total} snapshots"),
                    total=total if total is not None else scanned,
                )
            )
        if scanned_at:
            when = QDateTime.fromSecsSinceEpoch(int(scanned_at)).toString("yyyy-MM-dd HH:mm")
            parts.append(tr_format(self.tr("scanned {when}"), when=when))
        self.summary.setText(" · ".join(parts))
        self.scan_button.setText(self.tr("Rescan") if scanned_at else self.tr("Scan video"))
        self._fill(groups)

    def _fill(self, groups: FindingGroups) -> None:
        current = self.selected_index()
        for item in self._heads():
            kind = str(item.data(0, KIND_ROLE))
            if item.isExpanded():
                self._collapsed.discard(kind)
            else:
                self._collapsed.add(kind)
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        for kind, findings in groups.ordered():
            head = QTreeWidgetItem(
                [tr_format(self.tr("{kind} ({count})"), kind=kind_label(kind), count=len(findings))]
            )
            head.setData(0, KIND_ROLE, kind)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(head)
            ordered = sorted(findings, key=lambda f: f.index or 0)
            for finding in ordered[:MAX_ROWS_PER_GROUP]:
                child = QTreeWidgetItem([finding.title, finding.detail])
                child.setData(0, KIND_ROLE, kind)
                if finding.index is not None:
                    child.setData(0, INDEX_ROLE, finding.index)
                child.setToolTip(1, finding.detail)
                head.addChild(child)
                if current is not None and finding.index == current:
                    child.setSelected(True)
            if len(ordered) > MAX_ROWS_PER_GROUP:
                more = QTreeWidgetItem(
                    [
                        tr_format(
                            self.tr("…and {count} more (F8 walks every one)"),
                            count=len(ordered) - MAX_ROWS_PER_GROUP,
                        )
                    ]
                )
                more.setData(0, KIND_ROLE, kind)
                more.setFirstColumnSpanned(True)
                head.addChild(more)
            head.setExpanded(kind not in self._collapsed)
        self.tree.setUpdatesEnabled(True)

    # -- rows -------------------------------------------------------------------------------------

    def _heads(self) -> Iterator[QTreeWidgetItem]:
        for n in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(n)
            if head is not None:
                yield head

    def _finding_items(self) -> Iterator[QTreeWidgetItem]:
        for head in self._heads():
            for c in range(head.childCount()):
                child = head.child(c)
                if child is not None:
                    yield child

    def rows(self) -> list[tuple[str, int | None]]:
        """Every finding row as (kind, index), in the order shown (what tests read)."""
        out = []
        for child in self._finding_items():
            index = child.data(0, INDEX_ROLE)
            out.append((str(child.data(0, KIND_ROLE)), int(index) if index else None))
        return out

    def item_for(self, kind: str, index: int) -> QTreeWidgetItem | None:
        for child in self._finding_items():
            if child.data(0, KIND_ROLE) == kind and child.data(0, INDEX_ROLE) == index:
                return child
        return None

    def selected_index(self) -> int | None:
        items = self.tree.selectedItems()
        value = items[0].data(0, INDEX_ROLE) if items else None
        return int(value) if value else None

    def mark_snapshot(self, index: int) -> None:
        """Select the first row of ``index`` (the grid moved there with F8)."""
        for child in self._finding_items():
            if child.data(0, INDEX_ROLE) == index:
                self.tree.setCurrentItem(child)
                self.tree.scrollToItem(child)
                return

    def _on_item(self, item: QTreeWidgetItem, column: int = 0) -> None:
        index = item.data(0, INDEX_ROLE)
        if index:
            self.snapshot_activated.emit(int(index))
