"""How a grid tile looks: the picture scaled to the zoom, its index and time, badges, and a clear
state (a placeholder while loading, a red card with the reason when it failed).

Painting is also how the grid learns what is on screen: :meth:`TileDelegate.paint` tells the
model's loader which row it painted, so only painted tiles are ever fetched (calibre's
``CoverDelegate.paint``).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from snapview.ui.grid.model import SnapshotGridModel
from snapview.ui.grid.tiles import TILE_ASPECT, Tile, TileState, format_time_ms
from snapview.ui.review.marks import paint_mark, paint_reason

ModelIndex = QModelIndex | QPersistentModelIndex


class TileDelegate(QStyledItemDelegate):
    """Paints a tile: the picture scaled to the zoom, its index and time, and a clear state."""

    MARGIN = 4

    def __init__(self, model: SnapshotGridModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.zoom = 200
        self._small = QFont()
        self._small.setPointSizeF(max(7.0, self._small.pointSizeF() * 0.85))
        self._label_h = QFontMetrics(self._small).height() + 6

    def set_zoom(self, width: int) -> None:
        self.zoom = width

    def image_height(self) -> int:
        return max(16, round(self.zoom * TILE_ASPECT))

    def tile_size(self) -> QSize:
        return QSize(
            self.zoom + 2 * self.MARGIN, self.image_height() + self._label_h + 2 * self.MARGIN
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        return self.tile_size()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        # The model's own methods, not index.data(): a Python object through a QVariant and back
        # costs ~30 us a call, twice a tile, on every repaint while pictures arrive.
        row = index.row()
        model = self.model
        if not 0 <= row < model.rowCount():
            return
        tile = model.tile(row)
        rect = QRect(option.rect)
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if selected:
            painter.fillRect(
                rect.adjusted(1, 1, -1, -1), palette.color(QPalette.ColorRole.Highlight)
            )
        inner = rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        img = QRect(inner.x(), inner.y(), inner.width(), self.image_height())
        # Painting is asking (calibre's CoverDelegate): only painted tiles are ever fetched.
        self.model.loader.on_painted(row)
        pixmap = self.model.pixmap_for(row) if tile.state == TileState.LOADED else None
        base = palette.color(QPalette.ColorRole.Base)
        placeholder = base.darker(112) if base.lightness() > 128 else base.lighter(140)
        if pixmap is not None and not pixmap.isNull():
            painter.fillRect(img, QColor(20, 20, 20))
            scaled = pixmap.size().scaled(img.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(img.center())
            painter.drawPixmap(target, pixmap)
        elif tile.state == TileState.FAILED:
            painter.fillRect(img, QColor(110, 28, 28))
            painter.setPen(QPen(QColor(235, 90, 90), 2))
            painter.drawRect(img.adjusted(1, 1, -1, -1))
            painter.setPen(QColor(255, 235, 235))
            font = QFont(painter.font())
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(
                img.adjusted(6, 6, -6, -6),
                int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                "⚠ " + (tile.short_reason or self.tr("Failed")),
            )
        else:
            painter.fillRect(img, placeholder)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.setFont(self._small)
            painter.drawText(img, int(Qt.AlignmentFlag.AlignCenter), "…")
        self._paint_badges(painter, img, tile)
        review_mark = model.review_mark(row)
        if review_mark is not None:
            paint_mark(painter, img, review_mark)
        label = QRect(inner.x(), img.bottom() + 2, inner.width(), self._label_h - 2)
        painter.setFont(self._small)
        painter.setPen(
            palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            )
        )
        metrics = QFontMetrics(self._small)
        number = f"#{tile.index}"
        painter.drawText(
            label, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), number
        )
        when = format_time_ms(tile.start_ms)
        room = label.width() - metrics.horizontalAdvance(number) - 8
        if when:
            if tile.end_ms is not None:
                when += f"–{format_time_ms(tile.end_ms)}"
            when = metrics.elidedText(when, Qt.TextElideMode.ElideLeft, max(0, room))
            painter.drawText(
                label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), when
            )
            room -= metrics.horizontalAdvance(when) + 8
        if review_mark is not None:  # the reject reason, between the number and the time
            start = label.x() + metrics.horizontalAdvance(number) + 8
            reason_rect = QRect(start, label.y(), max(0, room), label.height())
            paint_reason(painter, reason_rect, review_mark, self._small, selected)
        painter.restore()

    def _paint_badges(self, painter: QPainter, img: QRect, tile: Tile) -> None:
        badges = tile_badges(tile)
        if not badges:
            return
        painter.setFont(self._small)
        metrics = QFontMetrics(self._small)
        x = img.x() + 4
        for text, colour in badges:
            width = metrics.horizontalAdvance(text) + 10
            pill = QRect(x, img.y() + 4, width, metrics.height() + 2)
            painter.setPen(QPen(QColor(255, 255, 255), 1))
            painter.setBrush(colour)
            painter.drawRoundedRect(pill, 4, 4)
            painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
            x += width + 4


def tile_badges(tile: Tile) -> list[tuple[str, QColor]]:
    """The pills on a tile's picture, left to right, with their colours."""
    if tile.scan_findings:
        # The whole-video scan's words replace the quick checks of what was on screen: one frame
        # must not read "BLACK DUP BLACK" because two checks saw the same thing.
        return [(badge, QColor(192, 32, 64)) for badge, _ in tile.scan_findings]
    badges: list[tuple[str, QColor]] = []
    if tile.is_black:
        badges.append((QCoreApplication.translate("TileDelegate", "BLACK"), QColor(0, 0, 0)))
    if tile.duplicate:
        badges.append((QCoreApplication.translate("TileDelegate", "DUP"), QColor(176, 96, 0)))
    return badges
