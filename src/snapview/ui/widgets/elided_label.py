"""A one-line label that gives up width gracefully: squeezed, it is painted with "…" (at its end,
or in its middle for a URL whose host and query both matter) instead of being cut at the edge.

``text()`` stays the whole text (accessibility, copying and tests read it) and the tooltip carries
it too, so nothing is lost when the window is narrow. The status bar's message is one of these and
is in the launcher's first frame, so nothing here names PySide6's ``Qt`` namespace until a text
really has to be elided: naming it builds its ~95 enum classes (20-35 ms, the start-up budget).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    """Plain text on one line, elided at its end (or middle) when the label is narrower."""

    def __init__(
        self,
        text: str = "",
        *,
        elide_middle: bool = False,
        minimum_width: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.elide_middle = elide_middle
        self.minimum_width = minimum_width
        self.setProperty("textFormat", "PlainText")
        self.setWordWrap(False)
        self.setText(text)

    def setText(self, text: str) -> None:
        if text == self.text():
            return  # the same words: no relayout of the status bar (counts repeat per page)
        super().setText(text)
        self.setToolTip(text)
        self.update()

    def _room(self) -> int:
        return max(0, self.contentsRect().width() - 2 * max(0, self.margin()))

    def shown_text(self) -> str:
        """What is painted now: the text, or its elided form if the label is narrower."""
        text = self.text()
        if self.fontMetrics().horizontalAdvance(text) <= self._room():
            return text
        from PySide6.QtCore import Qt

        mode = Qt.TextElideMode.ElideMiddle if self.elide_middle else Qt.TextElideMode.ElideRight
        return self.fontMetrics().elidedText(text, mode, self._room())

    def minimumSizeHint(self) -> QSize:
        width = max(self.minimum_width, self.fontMetrics().horizontalAdvance("…") + 4)
        hint = super().minimumSizeHint()
        return QSize(min(width, super().sizeHint().width()), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        shown = self.shown_text()
        if shown == self.text():
            super().paintEvent(event)  # it fits: QLabel paints it as it is
            return
        from PySide6.QtCore import Qt

        painter = QPainter(self)
        rect = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )
        # Ended here, not when the last reference goes: a frame kept alive (a traceback, a profiler)
        # would keep the painter active past the paint event, which Qt warns about.
        painter.end()
