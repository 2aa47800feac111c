"""The list of loaded events beside the event view: one row per event with a status icon, filters by
status and asset id, a forged or changed event marked in red, and the lines that could not be read.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from snapview.core.event_signatures import SignatureCheck, SignatureStatus
from snapview.core.huawei_events import EventKind, VodEvent
from snapview.ui.tr import tr_format, tr_message
from snapview.ui.widgets.labels import make_label

MAX_PROBLEMS_SHOWN = 5


class EventRoles:
    """Item-data roles of the event list's rows."""

    # The event's position in the loaded list (int).
    INDEX = int(Qt.ItemDataRole.UserRole) + 21
    # The event's status ("FAILED", "SUCCEED"…), what the status filter compares.
    STATUS = int(Qt.ItemDataRole.UserRole) + 22
    # The asset id, what the asset filter searches.
    ASSET = int(Qt.ItemDataRole.UserRole) + 23
    # The row's text and tooltip before a signature mark was added.
    BASE_TEXT = int(Qt.ItemDataRole.UserRole) + 24
    BASE_TIP = int(Qt.ItemDataRole.UserRole) + 25


class EventFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.status = ""  # "", "FAILED", "SUCCEED", "OTHER"
        self.asset = ""

    def set_filter(self, status: str, asset: str) -> None:
        self.status, self.asset = status, asset.strip().casefold()
        self.invalidate()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        status = str(index.data(EventRoles.STATUS) or "")
        if self.status == "OTHER" and status in ("FAILED", "SUCCEED"):
            return False
        if self.status in ("FAILED", "SUCCEED") and status != self.status:
            return False
        return not self.asset or self.asset in str(index.data(EventRoles.ASSET) or "").casefold()


class EventsPanel(QWidget):
    """The list of loaded events with status and asset filters, and what could not be read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventsPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        self.count_label = make_label(object_name="eventsCount")
        layout.addWidget(self.count_label)
        filters = QHBoxLayout()
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("eventsStatusFilter")
        self.status_combo.addItem(self.tr("All statuses"), "")
        self.status_combo.addItem(self.tr("Failed"), "FAILED")
        self.status_combo.addItem(self.tr("Succeeded"), "SUCCEED")
        self.status_combo.addItem(self.tr("Other"), "OTHER")
        filters.addWidget(self.status_combo)
        self.asset_edit = QLineEdit()
        self.asset_edit.setObjectName("eventsAssetFilter")
        self.asset_edit.setPlaceholderText(self.tr("Asset id…"))
        self.asset_edit.setClearButtonEnabled(True)
        filters.addWidget(self.asset_edit, 1)
        layout.addLayout(filters)
        self.model = QStandardItemModel(self)
        self.proxy = EventFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView()
        self.list.setObjectName("eventsList")
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.list, 1)
        self.problems_label = make_label(object_name="eventsProblems", selectable=True, wrap=True)
        self.problems_label.setStyleSheet("color: #b00020;")
        self.problems_label.hide()
        layout.addWidget(self.problems_label)
        self.status_combo.currentIndexChanged.connect(self._refilter)
        self.asset_edit.textChanged.connect(self._refilter)

    def _refilter(self) -> None:
        self.proxy.set_filter(str(self.status_combo.currentData() or ""), self.asset_edit.text())
        self.count_label.setText(
            tr_format(
                self.tr("{shown} of {total} events"),
                shown=self.proxy.rowCount(),
                total=self.model.rowCount(),
            )
        )

    def show_events(self, events: Sequence[VodEvent], checks: Sequence[SignatureCheck]) -> None:
        """One row per event, with its status icon, its signature mark and its tooltip."""
        self.model.clear()
        style = self.style()
        for index, event in enumerate(events):
            if event.failed:
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
            elif event.status in ("SUCCEED", "SUCCESS"):
                icon = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
            else:
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            kind = event.event_type or (
                event.smn_type or "text" if event.kind is EventKind.TEXT else "JSON"
            )
            asset = event.asset_id or event.envelope.upper()
            item = QStandardItem(icon, f"{asset[:12]}{'…' if len(asset) > 12 else ''}  {kind}")
            item.setToolTip(f"{asset}\n{kind} · {event.status or '—'}\n{event.source}:{event.line}")
            item.setData(index, EventRoles.INDEX)
            self._mark_signature(item, checks[index] if index < len(checks) else None)
            item.setData(event.status or "", EventRoles.STATUS)
            item.setData(event.asset_id or "", EventRoles.ASSET)
            self.model.appendRow(item)
        self._refilter()

    def mark_signatures(self, checks: Sequence[SignatureCheck]) -> None:
        """Refresh every row's signature mark (a certificate or key was given)."""
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            index = int(item.data(EventRoles.INDEX))
            self._mark_signature(item, checks[index] if index < len(checks) else None)

    def _mark_signature(self, item: QStandardItem, check: SignatureCheck | None) -> None:
        """A forged or changed event must stand out in the list, not only when selected."""
        base = str(item.data(EventRoles.BASE_TEXT) or item.text())
        item.setData(base, EventRoles.BASE_TEXT)
        if check is not None and check.status is SignatureStatus.INVALID:
            item.setText(base + "  " + self.tr("✘ signature"))
            item.setForeground(QColor("#b00020"))
        else:
            item.setText(base)
            item.setData(None, Qt.ItemDataRole.ForegroundRole)
        status = tr_message(check.detail) if check is not None else ""
        tip = str(item.data(EventRoles.BASE_TIP) or item.toolTip())
        item.setData(tip, EventRoles.BASE_TIP)
        item.setToolTip(f"{tip}\n{status}" if status else tip)

    def show_problems(self, problems: Sequence[str]) -> None:
        """The files and lines that could not be read (the first few), or nothing."""
        if not problems:
            self.problems_label.hide()
            return
        text = self.tr("Could not read:") + "\n" + "\n".join(problems[:MAX_PROBLEMS_SHOWN])
        if len(problems) > MAX_PROBLEMS_SHOWN:
            text += "\n" + tr_format(
                self.tr("…and {count} more"), count=len(problems) - MAX_PROBLEMS_SHOWN
            )
        self.problems_label.setText(text)
        self.problems_label.show()
        self.setVisible(True)
