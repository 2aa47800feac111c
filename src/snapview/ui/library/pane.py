"""The library pane's widgets: the search box, the status, category, date and order filters, the
"paste IDs" box, the count line, the error line and the list itself.

The pane only shows and asks: it emits :attr:`LibraryPane.filters_changed` (the search box after a
pause in typing — 300 ms, so a search does not start on every key — and every other filter at
once), :attr:`ids_submitted` and :attr:`video_activated`; the feature (:mod:`.feature`) runs them.
An error is shown in the pane in the words the user can act on, with a Retry button — the list is
never left blank without a reason.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from snapview.core.library import Category
from snapview.ui.library.category_tree import CategoryCombo
from snapview.ui.library.columns import TitleWidthFollower, fit_columns
from snapview.ui.library.model import COVER_SIZE, Column, LibraryModel
from snapview.ui.widgets.labels import make_label

SEARCH_DEBOUNCE_MS = 300
# The width the dock asks for at first: a cover, the title, the status and the job state. Only a
# hint: a small window shrinks it, and the user may drag it either way (the layout is remembered).
PREFERRED_WIDTH = 520
# Below this the pane scrolls sideways rather than squeeze its filters further; at this width the
# list still shows the cover, the title, the status and the duration (the default layout of a
# 1280 px window gives the dock about this much, so the grid keeps three columns).
MINIMUM_WIDTH = 330


class LibraryPane(QWidget):
    """The library list and its filters (see the module docstring)."""

    filters_changed = Signal()
    ids_submitted = Signal(str)
    video_activated = Signal(str)  # a video ID

    def __init__(self, model: LibraryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.model = model
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("librarySearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Search titles…"))
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self.debounce.timeout.connect(self.filters_changed)
        self.search_edit.textChanged.connect(lambda _text: self.debounce.start())
        self.search_edit.returnPressed.connect(self._search_now)

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("libraryStatus")
        self.category_combo = CategoryCombo()
        self.category_combo.setObjectName("libraryCategory")
        self.order_combo = QComboBox()
        self.order_combo.setObjectName("libraryOrder")
        self.order_combo.addItem(self.tr("Newest first"), True)
        self.order_combo.addItem(self.tr("Oldest first"), False)
        self.since_edit = QLineEdit()
        self.since_edit.setObjectName("librarySince")
        self.since_edit.setPlaceholderText(self.tr("From (2026-11-20, today)"))
        self.until_edit = QLineEdit()
        self.until_edit.setObjectName("libraryUntil")
        self.until_edit.setPlaceholderText(self.tr("To"))
        for combo in (self.status_combo, self.category_combo, self.order_combo):
            combo.currentIndexChanged.connect(lambda _i: self.filters_changed.emit())
        for edit in (self.since_edit, self.until_edit):
            edit.editingFinished.connect(self.filters_changed)

        self.assigned_box = QCheckBox(self.tr("Assigned to me"))
        self.assigned_box.setObjectName("libraryAssigned")
        self.assigned_box.setToolTip(
            self.tr("Only the videos a lead assigned to you in the team's review store")
        )
        self.assigned_box.toggled.connect(lambda _on: self.filters_changed.emit())

        self.paste_button = QPushButton(self.tr("Paste IDs…"))
        self.paste_button.setObjectName("libraryPasteButton")
        self.paste_button.setCheckable(True)
        self.ids_edit = QPlainTextEdit()
        self.ids_edit.setObjectName("libraryIds")
        self.ids_edit.setPlaceholderText(self.tr("One or more video IDs per line"))
        self.ids_edit.setMaximumHeight(90)
        self.ids_edit.hide()
        self.show_ids_button = QPushButton(self.tr("Show These Videos"))
        self.show_ids_button.setObjectName("libraryShowIds")
        self.show_ids_button.hide()
        self.paste_button.toggled.connect(self._toggle_ids)
        self.show_ids_button.clicked.connect(
            lambda: self.ids_submitted.emit(self.ids_edit.toPlainText())
        )

        self.count_label = make_label(object_name="libraryCount")
        self.message_label = make_label(object_name="libraryMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setObjectName("libraryRetry")
        self.retry_button.hide()

        self.view = QTableView()
        self.view.setObjectName("libraryList")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setIconSize(COVER_SIZE)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(COVER_SIZE.height() + 6)
        # A long title wraps onto the cover's three lines and ends in "…" (whole in its tooltip).
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        # The title (its cover and as much of it as fits, the whole title in its tooltip) takes
        # the width beside the status and the duration, so both stay in view in the default dock.
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fit_columns(self.view, model)  # measured, never from the rows: see columns.py
        self.title_width = TitleWidthFollower(self.view)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)

        filters = QHBoxLayout()
        filters.addWidget(self.status_combo, 2)
        filters.addWidget(self.category_combo, 2)
        filters.addWidget(self.order_combo, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.since_edit)
        dates.addWidget(self.until_edit)
        dates.addWidget(self.assigned_box)
        dates.addWidget(self.paste_button)
        message = QHBoxLayout()
        message.addWidget(self.message_label, 1)
        message.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.ids_edit)
        layout.addWidget(self.show_ids_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(message)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)

    def sizeHint(self) -> QSize:
        return QSize(PREFERRED_WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), MINIMUM_WIDTH), hint.height())

    # -- filters ----------------------------------------------------------------------------------

    def set_statuses(self, statuses: tuple[str, ...]) -> None:
        self.status_combo.blockSignals(True)
        self.status_combo.clear()
        self.status_combo.addItem(self.tr("All statuses"), "")
        for status in statuses:
            # The Status column's words (one table: the model's), filtering by the raw API value.
            self.status_combo.addItem(self.model.status_text(status), status)
            index = self.status_combo.count() - 1
            self.status_combo.setItemData(
                index, self.model.status_tooltip(status), Qt.ItemDataRole.ToolTipRole
            )
        self.status_combo.blockSignals(False)
        fit_columns(self.view, self.model, statuses)
        self.title_width.follow()  # the status column's width may have changed

    def set_categories(self, categories: tuple[Category, ...]) -> None:
        self.category_combo.set_categories(categories)  # a lazily expanded tree: category_tree.py

    @property
    def status(self) -> str:
        return str(self.status_combo.currentData() or "")

    @property
    def category_id(self) -> int | None:
        value = self.category_combo.currentData()
        return int(value) if isinstance(value, int) else None

    @property
    def assigned_only(self) -> bool:
        return self.assigned_box.isChecked()

    @property
    def newest_first(self) -> bool:
        return bool(self.order_combo.currentData() is not False)

    def _search_now(self) -> None:
        self.debounce.stop()
        self.filters_changed.emit()

    def _toggle_ids(self, shown: bool) -> None:
        self.ids_edit.setVisible(shown)
        self.show_ids_button.setVisible(shown)
        if shown:
            self.ids_edit.setFocus()

    # -- state ------------------------------------------------------------------------------------

    def show_error(self, text: str, *, retry: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #c0392b;")
        self.message_label.show()
        self.retry_button.setVisible(retry)

    def show_notice(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color: #9a6700;")
        self.message_label.show()
        self.retry_button.hide()

    def clear_message(self) -> None:
        self.message_label.clear()
        self.message_label.hide()
        self.retry_button.hide()

    def focus_list(self) -> None:
        """Ctrl+1: the list when it has rows, else the search box."""
        if self.model.rowCount():
            self.view.setFocus()
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.model.index(0, 0))
        else:
            self.search_edit.setFocus()

    def _activated(self, index: QModelIndex) -> None:
        video = self.model.video(index.row())
        if video is not None:
            self.video_activated.emit(video.video_id)
