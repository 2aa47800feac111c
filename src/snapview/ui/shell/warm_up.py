"""One-time costs of PySide6 paid in the first idle moment after the window is on screen, instead of
while the first thumbnails arrive.

PySide6 makes its Python wrappers lazily. The first ``viewport()`` of a scroll area resolves which
of the many QWidget subclasses the returned widget could be, creating each one's enum types; the
first ``QPainter.fillRect`` with a colour tries the QGradient overloads and builds QGradient's
enums (its ``Preset`` alone has 180 members); pens, fonts, pixmaps and palette roles are the same.
Measured (issue #14): 31 enum types and about 16 ms of GUI time inside the first viewport, where
every millisecond the GUI thread holds the GIL is a millisecond the image worker waits.

:func:`warm_up` does what a tile's first paint does, once, on a 1x1 image nobody sees.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QAbstractScrollArea, QStyle


def warm_up(view: QAbstractScrollArea) -> None:
    """Make the wrappers a grid's first paint and viewport checks need (call on the GUI thread)."""
    view.viewport()
    view.viewport().rect()
    palette = view.palette()
    for role in (
        QPalette.ColorRole.Base,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.Highlight,
        QPalette.ColorRole.HighlightedText,
        QPalette.ColorRole.PlaceholderText,
    ):
        palette.color(role)
    bool(QStyle.StateFlag.State_Selected)
    image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    pixmap = QPixmap.fromImage(image)
    painter = QPainter(image)
    try:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        rect = QRect(0, 0, 1, 1)
        painter.fillRect(rect, QColor(20, 20, 20))
        size = pixmap.size().scaled(QSize(1, 1), Qt.AspectRatioMode.KeepAspectRatio)
        painter.drawPixmap(QRect(0, 0, size.width(), size.height()), pixmap)
        painter.setPen(QPen(QColor(255, 255, 255), 1))
        painter.setBrush(QColor(0, 0, 0))
        painter.drawRoundedRect(rect, 1, 1)
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
        painter.drawText(rect, flags, "…")
        painter.drawRect(rect)
        painter.restore()
    finally:
        painter.end()
