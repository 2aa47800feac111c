"""The optional comment of a reject: after X and a reason, a small one-line field opens under the
tile. Enter records the reject with what was typed, Esc records it without a comment — either way
the reject is made, so the field never costs the reviewer a decision; clicking elsewhere counts as
Esc. The field is a child of the grid's viewport (not a popup) so it needs no keyboard grab, and a
line edit takes the printable keys before the grid's P/X/U shortcuts see them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from snapview.core.review.decisions import MAX_COMMENT

FIELD_WIDTH = 320


class CommentField(QLineEdit):
    """``done(comment)`` runs once per :meth:`ask`: the text on Enter, "" on Esc or focus loss."""

    def __init__(self, parent: QWidget, done: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.setObjectName("reviewCommentField")
        self.setMaxLength(MAX_COMMENT)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Comment (optional) — Enter saves, Esc skips"))
        self._done = done
        self._open = False
        self.returnPressed.connect(lambda: self._finish(self.text().strip()))
        self.hide()

    def ask(self, tile: QRect, prompt: str) -> None:
        """Open under ``tile`` (viewport coordinates), kept inside the viewport."""
        parent = self.parentWidget()
        width = min(FIELD_WIDTH, parent.width() - 8) if parent is not None else FIELD_WIDTH
        height = self.sizeHint().height()
        x = max(4, min(tile.left(), (parent.width() if parent else width) - width - 4))
        y = tile.bottom() + 2
        if parent is not None and y + height > parent.height():
            y = max(0, tile.top() - height - 2)
        self.setGeometry(x, y, width, height)
        self.setToolTip(prompt)
        self.clear()
        self._open = True
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    @property
    def asking(self) -> bool:
        return self._open

    def _finish(self, comment: str) -> None:
        if not self._open:
            return
        self._open = False
        self.hide()
        self._done(comment)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._finish("")
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # a tooltip or menu is no answer
            self._finish("")
