"""The one way snapview sets up a ``QLabel``: object name (tests and style sheets find it by that),
alignment, emphasis, selection and wrapping, in one call instead of five lines per label; and
:class:`ElidedLabel`, the one-line label that ends in "…" instead of being cut off."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QWidget


def make_label(
    text: str = "",
    *,
    object_name: str = "",
    bold: bool = False,
    scale: float = 1.0,
    centered: bool = False,
    selectable: bool = False,
    wrap: bool = False,
    parent: QWidget | None = None,
) -> QLabel:
    """A label; ``scale`` multiplies the font size (titles), ``selectable`` lets users copy the text."""
    label = QLabel(text, parent)
    if object_name:
        label.setObjectName(object_name)
    if bold or scale != 1.0:
        font = label.font()
        if scale != 1.0:
            font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
    if centered:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    return label


class ElidedLabel(QLabel):
    """One line of plain text that gives up width gracefully: squeezed, it is painted with "…"
    (at its end, or in its middle for a URL whose host and query both matter) instead of being
    cut at the edge. ``text()`` stays the whole text (accessibility, copying, tests read it) and
    the tooltip carries it too, so nothing is lost when the window is narrow."""

    def __init__(
        self,
        text: str = "",
        *,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
        minimum_width: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.elide_mode = mode
        self.minimum_width = minimum_width
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.update()

    def shown_text(self) -> str:
        """What is painted now: the text, or its elided form if the label is narrower."""
        room = self.contentsRect().width() - 2 * max(0, self.margin())
        return self.fontMetrics().elidedText(self.text(), self.elide_mode, max(0, room))

    def minimumSizeHint(self) -> QSize:
        width = max(self.minimum_width, self.fontMetrics().horizontalAdvance("…") + 4)
        hint = super().minimumSizeHint()
        return QSize(min(width, super().sizeHint().width()), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
