"""The event list's model: one row per loaded event, filtered by status and asset id.

A plain list model over the loaded events, not one ``QStandardItem`` per event: a row's text, icon,
tooltip and signature mark are made when the view asks for them (the rows on screen), so 200,000
events cost one list of row numbers, not 200,000 items with icons and tooltips. Filtering is one
pass over precomputed (status, asset) keys in Python, then one reset — tens of milliseconds for
200,000 events, where a sort-filter proxy asked ``filterAcceptsRow`` 200,000 times per keystroke
and froze the window for over a second.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from snapview.core.event_signatures import SignatureCheck, SignatureStatus
from snapview.core.huawei_events import Envelope, EventKind, VodEvent
from snapview.ui.tr import tr_message

AnyIndex = QModelIndex | QPersistentModelIndex


class EventRoles:
    """Item-data roles of the event list's rows."""

    # The event's position in the loaded list (int).
    INDEX = int(Qt.ItemDataRole.UserRole) + 21
    # The event's status ("FAILED", "SUCCEED"…), what the status filter compares.
    STATUS = int(Qt.ItemDataRole.UserRole) + 22
    # The asset id, what the asset filter searches.
    ASSET = int(Qt.ItemDataRole.UserRole) + 23


def _kind(event: VodEvent) -> str:
    return event.event_type or (
        event.smn_type or "text" if event.kind is EventKind.TEXT else "JSON"
    )


class EventListModel(QAbstractListModel):
    """The loaded events that pass the filters, in load order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: Sequence[VodEvent] = ()
        self._checks: Sequence[SignatureCheck] = ()
        self._keys: list[tuple[str, str]] = []  # (status, casefolded asset id) per event
        self._rows: list[int] = []  # event positions shown
        self._status = ""
        self._asset = ""
        self._icons: dict[str, QIcon] = {}

    @property
    def total(self) -> int:
        return len(self._events)

    def set_events(self, events: Sequence[VodEvent], checks: Sequence[SignatureCheck]) -> None:
        self.beginResetModel()
        self._events, self._checks = events, checks
        self._keys = [(e.status or "", (e.asset_id or "").casefold()) for e in events]
        self._rows = self._matching()
        self.endResetModel()

    def set_checks(self, checks: Sequence[SignatureCheck]) -> None:
        self._checks = checks
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def set_filter(self, status: str, asset: str) -> None:
        """Show the events with this status ("", "FAILED", "SUCCEED", "OTHER") whose asset id
        contains ``asset`` (any case)."""
        self._status, self._asset = status, asset.strip().casefold()
        rows = self._matching()
        if rows != self._rows:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def _matching(self) -> list[int]:
        status, asset = self._status, self._asset
        if not status and not asset:
            return list(range(len(self._keys)))
        if status == "OTHER":
            return [
                i
                for i, (s, a) in enumerate(self._keys)
                if s not in ("FAILED", "SUCCEED") and asset in a
            ]
        return [
            i for i, (s, a) in enumerate(self._keys) if (not status or s == status) and asset in a
        ]

    # -- Qt model API --

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        position = self._rows[index.row()]
        event = self._events[position]
        check = self._checks[position] if position < len(self._checks) else None
        invalid = check is not None and check.status is SignatureStatus.INVALID
        if role == Qt.ItemDataRole.DisplayRole:
            # The whole asset id (the list elides in the middle when narrow: ids differ at both
            # ends) and the envelope, so the bare, SMN and MFS copies of one event are told apart.
            text = f"{event.asset_id or '—'}  {_kind(event)}"
            if event.envelope is not Envelope.NONE:
                text += f"  · {event.envelope.upper()}"
            return text + ("  " + self.tr("✘ signature") if invalid else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(event)
        if role == Qt.ItemDataRole.ToolTipRole:
            asset = event.asset_id or event.envelope.upper()
            tip = f"{asset}\n{_kind(event)} · {event.status or '—'}\n{event.source}:{event.line}"
            return f"{tip}\n{tr_message(check.detail)}" if check is not None else tip
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#b00020") if invalid else None
        if role == EventRoles.INDEX:
            return position
        if role == EventRoles.STATUS:
            return event.status or ""
        if role == EventRoles.ASSET:
            return event.asset_id or ""
        return None

    def _icon(self, event: VodEvent) -> QIcon:
        if event.failed:
            name = "failed"
        elif event.status in ("SUCCEED", "SUCCESS"):
            name = "succeeded"
        else:
            name = "other"
        icon = self._icons.get(name)
        if icon is None:
            pixmap = {
                "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
                "succeeded": QStyle.StandardPixmap.SP_DialogApplyButton,
                "other": QStyle.StandardPixmap.SP_MessageBoxInformation,
            }[name]
            icon = self._icons[name] = QApplication.style().standardIcon(pixmap)
        return icon
