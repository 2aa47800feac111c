"""The preview's loupe: a square that follows the mouse over the picture and shows the original
pixels under it enlarged, without smoothing, so a reviewer sees blocking, banding or a bad edge
without zooming the whole picture."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget

LOUPE_SIZE = 220  # on-screen pixels
LOUPE_FACTOR = 4  # original pixels are shown this many times larger


class Loupe(QLabel):
    """A child of ``parent`` (the preview's viewport), hidden until :meth:`show_at`."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("previewLoupe")
        self.setFixedSize(LOUPE_SIZE, LOUPE_SIZE)
        self.setStyleSheet("border: 2px solid #ffd54f; background: #000;")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.source_point: QPoint | None = None  # the original's pixel at the centre
        self.hide()

    def show_at(self, original: QPixmap, pixel: QPoint, where: QPoint) -> None:
        """Show the pixels of ``original`` around ``pixel``, the square centred on ``where``
        (viewport coordinates), kept inside the viewport."""
        side = LOUPE_SIZE // LOUPE_FACTOR
        source = QRect(pixel.x() - side // 2, pixel.y() - side // 2, side, side)
        part = original.copy(source)  # outside the picture comes out transparent: black here
        self.setPixmap(
            part.scaled(
                QSize(LOUPE_SIZE, LOUPE_SIZE),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )
        self.source_point = QPoint(pixel)
        parent = self.parentWidget()
        area = parent.rect() if parent is not None else QRect()
        x = min(max(0, where.x() - LOUPE_SIZE // 2), max(0, area.width() - LOUPE_SIZE))
        y = min(max(0, where.y() - LOUPE_SIZE // 2), max(0, area.height() - LOUPE_SIZE))
        self.move(x, y)
        self.show()
        self.raise_()
