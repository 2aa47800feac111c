"""Review → Reviewer Name…: the name stamped on every decision from now on (the ``review.reviewer``
setting; empty means the operating-system user, which is also the default). The session on screen
takes the new name at once; the status line shows it, so a shared workstation never records
decisions under the previous person's name without it being visible."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from snapview.core.review.decisions import MAX_REVIEWER
from snapview.services.app_services import AppServices
from snapview.services.review_store.reviewer import os_user, reviewer_name, set_reviewer_name
from snapview.ui.review.binding import ReviewBinding
from snapview.ui.tr import tr_format


class ReviewerDialog(QDialog):
    def __init__(self, parent: QWidget | None, current: str, default: str) -> None:
        super().__init__(parent)
        self.setObjectName("reviewerDialog")
        self.setWindowTitle(self.tr("Reviewer Name"))
        layout = QVBoxLayout(self)
        note = QLabel(
            tr_format(
                self.tr(
                    "Your name is recorded with every decision and shown in reports. "
                    "Leave it empty to use your login name ({user})."
                ),
                user=default,
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.name = QLineEdit(current if current != default else "")
        self.name.setObjectName("reviewerName")
        self.name.setPlaceholderText(default)
        self.name.setMaxLength(MAX_REVIEWER)
        layout.addWidget(self.name)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)


class ReviewerControl(QObject):
    """The menu entry and the name in effect; ``changed(name)`` after the reviewer set one."""

    def __init__(
        self,
        parent: QWidget,
        services: AppServices,
        binding: ReviewBinding,
        changed: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.services = services
        self.binding = binding
        self._changed = changed
        self.dialog: ReviewerDialog | None = None
        self.action = QAction(self.tr("Reviewer &Name…"), parent)
        self.action.setObjectName("action_review_reviewer")
        self.action.triggered.connect(self.open_dialog)

    @property
    def name(self) -> str:
        return reviewer_name(self.services.settings)

    def open_dialog(self) -> None:
        self.dialog = ReviewerDialog(self.parent_widget, self.name, os_user())
        self.dialog.accepted.connect(self._accepted)
        self.dialog.open()

    def _accepted(self) -> None:
        assert self.dialog is not None
        name = set_reviewer_name(self.services.settings, self.dialog.name.text())
        if self.binding.session is not None:
            self.binding.session.reviewer = name  # the next decision carries the new name
        self._changed(name)
