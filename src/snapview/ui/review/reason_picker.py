"""The reject-reason picker X opens: the fixed list of reasons in their translated words, the
first nine numbered so a digit picks one (the same digits pick a reason straight from the grid)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from snapview.core.review.reasons import REASONS, Reason
from snapview.ui.tr import tr_message

DIGIT_REASONS = REASONS[:9]  # 1 = the first reason (core/review/reasons.py keeps the order)


def reason_text(position: int, reason: Reason) -> str:
    """A menu entry: "&1  Black frame" for the first nine, the bare label for the rest."""
    label = tr_message(reason.label).replace("&", "&&")
    return f"&{position}  {label}" if position <= len(DIGIT_REASONS) else f"     {label}"


class ReasonPicker(QMenu):
    """A popup menu of reasons; ``picked(reason)`` runs when one is chosen."""

    def __init__(self, parent: QWidget, picked: Callable[[Reason], None]) -> None:
        super().__init__(parent)
        self.setObjectName("reviewReasonPicker")
        self.setTitle(self.tr("Reject because…"))
        self.reason_actions: dict[Reason, QAction] = {}
        for position, reason in enumerate(REASONS, start=1):
            action = self.addAction(reason_text(position, reason))
            action.setObjectName(f"reviewReason_{reason.value}")
            action.triggered.connect(lambda _=False, r=reason: picked(r))
            self.reason_actions[reason] = action

    def show_at(self, point: QPoint) -> None:
        """Open beside the tile (non-blocking: the grid keeps painting)."""
        self.popup(point)
        if self.actions():
            self.setActiveAction(self.actions()[0])
