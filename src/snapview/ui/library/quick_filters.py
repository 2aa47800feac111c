"""The quick filters at the top of the library pane: "Today's uploads" and "Snapshot job failed" —
the two lists a QA person opens first — as one click each instead of three fields.

Each sets the pane's own fields (so the user sees what the quick filter means, and can change it
from there) and starts the search. "Snapshot job failed" is Huawei's ``THUMBNAIL_FAILED`` status;
Alibaba's SearchMedia has no filter for a failed snapshot job (RESEARCH §1), so on an Alibaba
profile the button is disabled and its tooltip says why, rather than showing a list that means
something else.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from snapview.ui.library.pane import LibraryPane

FAILED_STATUS = "THUMBNAIL_FAILED"  # Huawei ListAssetList: the snapshot (thumbnail) job failed


class QuickFilters(QWidget):
    """Two buttons that fill in the pane's filters (see the module docstring)."""

    def __init__(self, pane: LibraryPane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryQuickFilters")
        self.pane = pane
        self.today_button = QPushButton(self.tr("Today's Uploads"))
        self.today_button.setObjectName("libraryToday")
        self.today_button.setToolTip(self.tr("Videos created today, newest first"))
        self.failed_button = QPushButton(self.tr("Snapshot Job Failed"))
        self.failed_button.setObjectName("libraryFailed")
        self.today_button.clicked.connect(self.show_today)
        self.failed_button.clicked.connect(self.show_failed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.today_button)
        layout.addWidget(self.failed_button)
        layout.addStretch(1)
        self.set_statuses(())

    def set_statuses(self, statuses: tuple[str, ...]) -> None:
        """Enable "Snapshot job failed" where the provider can filter by it."""
        can = FAILED_STATUS in statuses
        self.failed_button.setEnabled(can)
        self.failed_button.setToolTip(
            self.tr("Videos whose snapshot job failed (status THUMBNAIL_FAILED)")
            if can
            else self.tr(
                "Alibaba Cloud cannot search for a failed snapshot job; use a Huawei Cloud "
                "profile, or paste the IDs to check."
            )
        )

    def show_today(self) -> None:
        pane = self.pane
        pane.search_edit.blockSignals(True)
        pane.search_edit.clear()
        pane.search_edit.blockSignals(False)
        pane.since_edit.setText(self.tr("today"))
        pane.until_edit.clear()
        pane.order_combo.blockSignals(True)
        pane.order_combo.setCurrentIndex(0)  # newest first
        pane.order_combo.blockSignals(False)
        pane.filters_changed.emit()

    def show_failed(self) -> None:
        pane = self.pane
        index = pane.status_combo.findData(FAILED_STATUS)
        if index < 0:
            return
        pane.status_combo.blockSignals(True)
        pane.status_combo.setCurrentIndex(index)
        pane.status_combo.blockSignals(False)
        pane.filters_changed.emit()
