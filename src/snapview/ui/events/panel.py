"""The list of loaded events beside the event view: one row per event with a status icon, filters by
status and asset id (the asset filter waits for a pause in typing, so a long list is filtered once per
word, not once per key), a forged or changed event marked in red, and the lines that could not be
read. The rows come from :class:`snapview.ui.events.list_model.EventListModel`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QListView, QVBoxLayout, QWidget

from snapview.core.event_signatures import SignatureCheck
from snapview.core.huawei_events import VodEvent
from snapview.ui.events.list_model import EventListModel, EventRoles
from snapview.ui.tr import tr_format
from snapview.ui.widgets.labels import make_label

MAX_PROBLEMS_SHOWN = 5
FILTER_DELAY_MS = 250  # the asset filter applies after this pause in typing

__all__ = ["EventRoles", "EventsPanel"]


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
        self.model = EventListModel(self)
        self.proxy = self.model  # what the list shows (the name callers and tests know)
        self.list = QListView()
        self.list.setObjectName("eventsList")
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.list, 1)
        self.problems_label = make_label(object_name="eventsProblems", selectable=True, wrap=True)
        self.problems_label.setStyleSheet("color: #b00020;")
        self.problems_label.hide()
        layout.addWidget(self.problems_label)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._refilter)
        self.status_combo.currentIndexChanged.connect(self._refilter)
        self.asset_edit.textChanged.connect(self._filter_timer.start)
        self.asset_edit.returnPressed.connect(self._refilter)

    def _refilter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(str(self.status_combo.currentData() or ""), self.asset_edit.text())
        self.count_label.setText(
            tr_format(
                self.tr("{shown} of {total} events"),
                shown=self.model.rowCount(),
                total=self.model.total,
            )
        )

    def show_events(self, events: Sequence[VodEvent], checks: Sequence[SignatureCheck]) -> None:
        """One row per event, with its status icon, its signature mark and its tooltip."""
        self.model.set_events(events, checks)
        self._refilter()

    def mark_signatures(self, checks: Sequence[SignatureCheck]) -> None:
        """Refresh every row's signature mark (a certificate or key was given)."""
        self.model.set_checks(checks)

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
