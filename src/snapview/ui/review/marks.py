"""How a review decision looks on a grid tile: a calm round mark in the picture's top-right corner
(a green tick for approved, a red cross for rejected) and, for a reject, its reason in red in the
tile's label row beside the number, so the picture itself is never covered. A decision made on an
earlier snapshot job is drawn dimmed with a dashed ring: it no longer vouches for the pictures on
screen. Nothing is drawn for "not reviewed", so an untouched grid looks exactly as before."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen

from snapview.core.review.board import TileMark
from snapview.core.review.decisions import Verdict
from snapview.ui.tr import tr_message

APPROVED_COLOUR = QColor(46, 125, 50)
REJECTED_COLOUR = QColor(198, 40, 40)
STALE_OPACITY = 0.45
MIN_DIAMETER = 14


def mark_diameter(image: QRect) -> int:
    """The mark grows with the zoom but stays small beside the picture."""
    return max(MIN_DIAMETER, min(28, image.width() // 9))


def paint_mark(painter: QPainter, image: QRect, tile_mark: TileMark) -> None:
    """Draw ``tile_mark`` over the picture rectangle ``image`` (nothing when not reviewed)."""
    verdict = tile_mark.mark.verdict
    if verdict is Verdict.NOT_REVIEWED:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if tile_mark.stale:
        painter.setOpacity(STALE_OPACITY)
    size = mark_diameter(image)
    circle = QRectF(image.right() - size - 3, image.top() + 3, size, size)
    colour = APPROVED_COLOUR if verdict is Verdict.APPROVED else REJECTED_COLOUR
    ring = QPen(QColor(255, 255, 255), 1.5)
    if tile_mark.stale:
        ring.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(ring)
    painter.setBrush(colour)
    painter.drawEllipse(circle)
    glyph = QPen(QColor(255, 255, 255), max(1.6, size / 9))
    glyph.setCapStyle(Qt.PenCapStyle.RoundCap)
    glyph.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(glyph)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    c, r = circle.center(), size * 0.24
    if verdict is Verdict.APPROVED:
        tick = QPainterPath(QPointF(c.x() - r, c.y()))
        tick.lineTo(c.x() - r * 0.25, c.y() + r * 0.75)
        tick.lineTo(c.x() + r, c.y() - r * 0.7)
        painter.drawPath(tick)
    else:
        painter.drawLine(QPointF(c.x() - r, c.y() - r), QPointF(c.x() + r, c.y() + r))
        painter.drawLine(QPointF(c.x() - r, c.y() + r), QPointF(c.x() + r, c.y() - r))
    painter.restore()


def paint_reason(
    painter: QPainter, rect: QRect, tile_mark: TileMark, font: QFont, on_highlight: bool
) -> None:
    """A reject's reason in the tile's label row (the picture itself stays uncovered)."""
    reason = tile_mark.mark.reason
    if tile_mark.mark.verdict is not Verdict.REJECTED or reason is None or rect.width() <= 0:
        return
    painter.save()
    if tile_mark.stale:
        painter.setOpacity(STALE_OPACITY)
    metrics = QFontMetrics(font)
    painter.setFont(font)
    painter.setPen(QColor(255, 220, 220) if on_highlight else REJECTED_COLOUR)
    text = metrics.elidedText(tr_message(reason.label), Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
    painter.restore()


def describe_mark(tile_mark: TileMark) -> str:
    """One line for a tile's tooltip and accessible text ("Rejected: Black frame (ana, 14:02)");
    who and when matter in a team, where the mark may be another reviewer's."""
    verdict = tile_mark.mark.verdict
    if verdict is Verdict.NOT_REVIEWED:
        return ""
    text = tr_message(verdict.label)
    if tile_mark.mark.reason is not None:
        text += f": {tr_message(tile_mark.mark.reason.label)}"
    when = _local_time(tile_mark.decided_at) if tile_mark.decided_at is not None else ""
    who = ", ".join(part for part in (tile_mark.reviewer, when) if part)
    if who:
        text += f" ({who})"
    if tile_mark.stale:
        text += "\n" + QCoreApplication.translate(
            "ReviewMarks", "Decided on an earlier snapshot job: the pictures have changed since"
        )
    return text


def _local_time(moment: datetime) -> str:
    """The decision's time on this computer's clock: the time alone today, else the date too."""
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M:%S")
    return local.strftime("%Y-%m-%d %H:%M")
