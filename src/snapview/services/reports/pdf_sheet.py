"""The PDF contact sheet, drawn with ``QPdfWriter`` (QtGui, no extra dependency).

Page one is the summary a lead reads: scope, who and when, the videos by verdict, snapshots
approved / rejected / stale, rejections by reason, decisions by reviewer, then a table of the
videos. Then every video from a new page: its verdict and counts, and its reviewed snapshots as
tiles, rejected first — the picture (or a labelled placeholder saying why there is none), a calm
mark (a small coloured check or cross, the verdict and reason), the comment and who decided when.

Text uses the Noto Sans CJK family the app depends on (``fonts-noto-cjk``), so Chinese comments and
the Chinese interface language render; the fonts are embedded (subset) by Qt. Thumbnails are
decoded by the image pipeline's decoder at the size they are drawn, which keeps a 1,000-snapshot
sheet fast and small. Drawing may run in a worker thread (QPainter on a QPdfWriter is allowed off
the GUI thread); a ``QGuiApplication`` must exist for the fonts.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QMarginsF,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.decisions import Decision, Verdict
from snapview.core.review.keys import SnapshotKey
from snapview.core.review.report import ReportData, VideoReport, rejected_first
from snapview.core.review.verdicts import VideoVerdict
from snapview.services.images import DecodeOutcome, decode_image
from snapview.services.reports.pdf_layout import DPI, Geometry, PageKind, PagePlan, mm, plan_pages
from snapview.services.reports.thumbnails import Thumbnail

_CONTEXT = "ReviewReport"
MAX_PIXELS = 40_000_000  # a snapshot larger than this is not drawn (a decompression bomb)
# Pictures are embedded at about this resolution: sharp on paper and on screen at 200 %, and a
# third of the bytes (and of the compression time) of embedding them at the page's 300 dpi.
IMAGE_DPI = 170
FONT_FAMILIES = [
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
]
INK = QColor("#1f2328")
MUTED = QColor("#656d76")
RULE = QColor("#d0d7de")
PLACEHOLDER = QColor("#eef1f4")
COLOURS = {
    Verdict.APPROVED: QColor("#2e7d32"),
    Verdict.REJECTED: QColor("#c62828"),
    VideoVerdict.PASSED: QColor("#2e7d32"),
    VideoVerdict.FAILED: QColor("#c62828"),
    VideoVerdict.NEEDS_ATTENTION: QColor("#b26a00"),
    VideoVerdict.NOT_REVIEWED: QColor("#656d76"),
}
STALE = QColor("#b26a00")


def T(text: str) -> str:
    """A sheet label in the interface language (``QT_TRANSLATE_NOOP`` marks it for lupdate)."""
    return QCoreApplication.translate(_CONTEXT, text)


def tr(message: Message) -> str:
    template = QCoreApplication.translate(message.context, message.template)
    return template.format(**message.params) if message.params else template


@dataclass(frozen=True, slots=True)
class SheetStats:
    pages: int
    tiles: int
    placeholders: int
    cjk_font: bool  # False: no Noto Sans CJK here, Chinese may show as boxes


def cjk_font_available() -> bool:
    return any(f in QFontDatabase.families() for f in FONT_FAMILIES[:4])


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %z")


class _Sheet:
    """One rendering: the painter, the plan, and the current page's state."""

    def __init__(
        self,
        report: ReportData,
        thumbnails: Mapping[SnapshotKey, Thumbnail],
        painter: QPainter,
        geometry: Geometry,
    ) -> None:
        self.report = report
        self.thumbnails = thumbnails
        self.p = painter
        self.g = geometry
        self.videos = rejected_first(report.videos)
        self.reviewed = [video.reviewed() for video in self.videos]
        self.pages = plan_pages(report, geometry)
        # Pictures of this page and the next are decoded by a small pool while the painter draws
        # (QImageReader releases the GIL); two pages' worth of images are in memory at most.
        self.decoder = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sheet-decode")
        self.decoded: dict[SnapshotKey, Future[DecodeOutcome]] = {}
        self.placeholders = 0
        self.tiles = 0
        self.body = _font(8.5)
        self.small = _font(7)
        self.bold = _font(8.5, bold=True)
        # A QFontMetrics on the PDF device looks the font engine up each time it is made: made
        # once per font, not per line of text (3,000 lines on a 1,000-snapshot sheet).
        self._metrics: dict[int, QFontMetrics] = {}

    def metrics(self, font: QFont) -> QFontMetrics:
        found = self._metrics.get(id(font))
        if found is None:
            found = self._metrics[id(font)] = QFontMetrics(font, self.p.device())
        return found

    # -- text helpers -------------------------------------------------------------------------------

    def text(
        self, x: int, y: int, text: str, font: QFont, colour: QColor = INK, width: int = 0
    ) -> int:
        """Draw one line with its top at ``y`` (elided to ``width``); returns the next line's top."""
        self.p.setFont(font)
        self.p.setPen(colour)
        metrics = self.metrics(font)
        if width:
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        self.p.drawText(QPointF(x, y + metrics.ascent()), text)
        return y + metrics.height()

    def wrapped(
        self, x: int, y: int, text: str, font: QFont, width: int, lines: int, colour: QColor = INK
    ) -> int:
        """Up to ``lines`` lines broken to ``width`` (by character where there is no space, so
        Chinese wraps too); the last line is elided."""
        metrics = self.metrics(font)
        remaining = " ".join(text.split())
        for line in range(lines):
            if not remaining:
                break
            if line == lines - 1 or metrics.horizontalAdvance(remaining) <= width:
                return self.text(x, y, remaining, font, colour, width)
            cut = _fitting(metrics, remaining, width)
            space = remaining.rfind(" ", 0, cut + 1)
            if space > cut // 2:
                cut = space
            y = self.text(x, y, remaining[:cut].rstrip(), font, colour)
            remaining = remaining[cut:].lstrip()
        return y

    def mark(self, x: int, y: int, size: int, verdict: Verdict, colour: QColor) -> None:
        """A small filled circle with a check or a cross, drawn as paths (no glyph needed)."""
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(colour)
        self.p.drawEllipse(QRect(x, y, size, size))
        pen = QPen(QColor("white"), max(2, size // 7))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.p.setPen(pen)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        if verdict is Verdict.APPROVED:
            path.moveTo(x + size * 0.27, y + size * 0.52)
            path.lineTo(x + size * 0.44, y + size * 0.69)
            path.lineTo(x + size * 0.74, y + size * 0.34)
        else:
            path.moveTo(x + size * 0.32, y + size * 0.32)
            path.lineTo(x + size * 0.68, y + size * 0.68)
            path.moveTo(x + size * 0.68, y + size * 0.32)
            path.lineTo(x + size * 0.32, y + size * 0.68)
        self.p.drawPath(path)

    def rule(self, y: int) -> None:
        self.p.setPen(QPen(RULE, max(1, mm(0.25))))
        self.p.drawLine(self.g.margin, y, self.g.width - self.g.margin, y)

    # -- pages ---------------------------------------------------------------------------------------

    def footer(self, page: PagePlan, left: str) -> None:
        y = self.g.height - self.g.margin - self.g.footer + mm(3)
        self.rule(y - mm(1.5))
        self.text(self.g.margin, y, left, self.small, MUTED, self.g.content_width // 2)
        label = T(QT_TRANSLATE_NOOP("ReviewReport", "Page {page} of {pages}")).format(
            page=page.number, pages=len(self.pages)
        )
        metrics = QFontMetrics(self.small, self.p.device())
        self.text(
            self.g.width - self.g.margin - metrics.horizontalAdvance(label),
            y,
            label,
            self.small,
            MUTED,
        )

    def summary(self, page: PagePlan) -> None:
        g, report = self.g, self.report
        x, y = g.margin, g.margin
        title = T(QT_TRANSLATE_NOOP("ReviewReport", "Snapshot review report"))
        if page.first:
            y = self.text(x, y, title, _font(18, bold=True))
            y += mm(1)
            meta = T(
                QT_TRANSLATE_NOOP("ReviewReport", "{scope} · generated {time} by {reviewer}")
            ).format(
                scope=tr(report.scope.describe()),
                time=_local(report.generated_at),
                reviewer=report.generated_by,
            )
            y = self.text(x, y, meta, self.body, MUTED, g.content_width)
            if report.first_decision and report.last_decision:
                span = T(
                    QT_TRANSLATE_NOOP("ReviewReport", "Decisions from {first} to {last}")
                ).format(first=_local(report.first_decision), last=_local(report.last_decision))
                y = self.text(x, y, span, self.body, MUTED)
            y += mm(4)
            y = self.totals(x, y)
        else:
            y = self.text(x, y, title, self.bold, MUTED) + mm(2)
        block = g.summary_block(len(report.by_reason)) if page.first else g.running_head
        top = max(y + mm(4), g.margin + block)
        self.video_table(top, page.start, page.count)

    def totals(self, x: int, y: int) -> int:
        g, report = self.g, self.report
        column = g.content_width // 3
        verdict_lines = [
            (tr(v.label), report.by_verdict.get(v, 0), COLOURS[v])
            for v in (
                VideoVerdict.FAILED,
                VideoVerdict.NEEDS_ATTENTION,
                VideoVerdict.PASSED,
                VideoVerdict.NOT_REVIEWED,
            )
        ]
        snapshot_lines = [
            (tr(Verdict.REJECTED.label), report.count(Verdict.REJECTED), COLOURS[Verdict.REJECTED]),
            (tr(Verdict.APPROVED.label), report.count(Verdict.APPROVED), COLOURS[Verdict.APPROVED]),
            (
                T(QT_TRANSLATE_NOOP("ReviewReport", "Stale (job replaced)")),
                report.stale_count(),
                STALE,
            ),
        ]
        reasons = sorted(report.by_reason.items(), key=lambda item: (-item[1], item[0]))
        reviewers = sorted(report.by_reviewer.items(), key=lambda item: (-item[1], item[0]))
        blocks: list[tuple[str, list[tuple[str, int, QColor]]]] = [
            (
                T(QT_TRANSLATE_NOOP("ReviewReport", "Videos: {count}")).format(
                    count=len(report.videos)
                ),
                verdict_lines,
            ),
            (
                T(QT_TRANSLATE_NOOP("ReviewReport", "Snapshots reviewed: {count}")).format(
                    count=report.decision_count
                ),
                snapshot_lines,
            ),
            (
                T(QT_TRANSLATE_NOOP("ReviewReport", "Rejections by reason")),
                [(tr(r.label), n, INK) for r, n in reasons]
                or [(T(QT_TRANSLATE_NOOP("ReviewReport", "None")), 0, MUTED)],
            ),
        ]
        bottom = y
        for number, (heading, lines) in enumerate(blocks):
            bx, by = x + number * column, y
            by = self.text(bx, by, heading, self.bold, INK, column - mm(3)) + mm(1)
            for label, count, colour in lines[:11]:
                self.text(bx, by, label, self.body, colour, column - mm(16))
                by = self.text(bx + column - mm(14), by, f"{count:>6}", self.body, INK)
            bottom = max(bottom, by)
        y = bottom + mm(4)
        y = self.text(
            x, y, T(QT_TRANSLATE_NOOP("ReviewReport", "Decisions by reviewer")), self.bold
        ) + mm(1)
        shown = reviewers[:6]
        line = "   ".join(f"{name}: {count}" for name, count in shown)
        if len(reviewers) > len(shown):
            line += "   " + T(QT_TRANSLATE_NOOP("ReviewReport", "and {count} more")).format(
                count=len(reviewers) - len(shown)
            )
        return self.text(x, y, line or "—", self.body, INK, g.content_width)

    def video_table(self, top: int, start: int, count: int) -> None:
        g = self.g
        widths = [0.34, 0.22, 0.14, 0.12, 0.09, 0.09]
        heads = [
            T(QT_TRANSLATE_NOOP("ReviewReport", "Video")),
            T(QT_TRANSLATE_NOOP("ReviewReport", "Account")),
            T(QT_TRANSLATE_NOOP("ReviewReport", "Verdict")),
            T(QT_TRANSLATE_NOOP("ReviewReport", "Reviewed")),
            tr(Verdict.REJECTED.label),
            T(QT_TRANSLATE_NOOP("ReviewReport", "Stale")),
        ]
        xs = [g.margin]
        for share in widths[:-1]:
            xs.append(xs[-1] + int(g.content_width * share))
        for column, head in enumerate(heads):
            self.text(
                xs[column],
                top,
                head,
                self.bold,
                MUTED,
                int(g.content_width * widths[column]) - mm(2),
            )
        self.rule(top + g.table_head - mm(2))
        y = top + g.table_head
        for video in self.videos[start : start + count]:  # the order of the pages that follow
            summary, counts = video.summary, video.summary.counts
            total = f" / {counts.total}" if counts.total is not None else ""
            verdict = tr(summary.verdict.label) + (" *" if summary.overridden else "")
            cells = [
                (video.video.video_id, INK),
                (video.video.account.display(), MUTED),
                (verdict, COLOURS[summary.verdict]),
                (f"{counts.reviewed}{total}", INK),
                (str(counts.rejected), INK),
                (str(counts.stale), INK),
            ]
            for column, (cell, colour) in enumerate(cells):
                self.text(
                    xs[column],
                    y,
                    cell,
                    self.body,
                    colour,
                    int(g.content_width * widths[column]) - mm(2),
                )
            y += g.table_row

    def video_page(self, page: PagePlan) -> None:
        g = self.g
        video = self.videos[page.video]
        summary, counts = video.summary, video.summary.counts
        x, y = g.margin, g.margin
        if page.first:
            self.text(x, y, video.video.video_id, _font(13, bold=True))
            verdict = tr(summary.verdict.label)
            metrics = QFontMetrics(_font(13, bold=True), self.p.device())
            self.text(
                g.width - g.margin - metrics.horizontalAdvance(verdict),
                y,
                verdict,
                _font(13, bold=True),
                COLOURS[summary.verdict],
            )
            y += metrics.height()
            total = counts.total if counts.total is not None else "?"
            line = T(
                QT_TRANSLATE_NOOP(
                    "ReviewReport",
                    "{account} · reviewed {reviewed} of {total} · approved {approved} · rejected {rejected} · stale {stale}",  # noqa: E501 - one literal for lupdate
                )
            ).format(
                account=video.video.account.display(),
                reviewed=counts.reviewed,
                total=total,
                approved=counts.approved,
                rejected=counts.rejected,
                stale=counts.stale,
            )
            y = self.text(x, y, line, self.body, MUTED, g.content_width)
            if summary.override is not None and summary.overridden:
                note = T(
                    QT_TRANSLATE_NOOP(
                        "ReviewReport", "Verdict set by {reviewer} (derived: {derived}): {comment}"
                    )
                ).format(
                    reviewer=summary.override.reviewer,
                    derived=tr(summary.derived.label),
                    comment=summary.override.comment or "—",
                )
                self.text(x, y, note, self.body, INK, g.content_width)
        else:
            cont = T(QT_TRANSLATE_NOOP("ReviewReport", "{video} (continued)")).format(
                video=video.video.video_id
            )
            self.text(x, y, cont, self.bold, MUTED, g.content_width)
        decisions = self.reviewed[page.video][page.start : page.start + page.count]
        for slot, decision in enumerate(decisions):
            tx, ty = g.tile_origin(slot, first=page.first)
            self.tile(tx, ty, video, decision)

    def tile(self, x: int, y: int, video: VideoReport, decision: Decision) -> None:
        g = self.g
        self.tiles += 1
        width, height = g.tile_width, g.thumb_height
        stale = video.stale(decision)
        box = QRect(x, y, width, height)
        pixels = QSize(width * IMAGE_DPI // DPI, height * IMAGE_DPI // DPI)
        image, reason = self.picture(decision.key, pixels, stale)
        if image is not None:
            target = QSize(image.width(), image.height()).scaled(
                box.size(), Qt.AspectRatioMode.KeepAspectRatio
            )
            self.p.fillRect(box, QColor("#000000"))
            left = x + (width - target.width()) // 2
            top = y + (height - target.height()) // 2
            self.p.drawImage(QRect(left, top, target.width(), target.height()), image)
        else:
            self.placeholders += 1
            self.p.fillRect(box, PLACEHOLDER)
            self.p.setFont(self.small)
            self.p.setPen(MUTED)
            inner = box.adjusted(mm(3), mm(3), -mm(3), -mm(3))
            self.p.drawText(
                inner, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), reason
            )
        colour = STALE if stale else COLOURS[decision.verdict]
        self.p.setPen(QPen(colour, mm(0.5) if decision.verdict is Verdict.REJECTED else mm(0.25)))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(box)
        size = mm(4.2)
        line_y = y + height + mm(1.2)
        self.mark(x, line_y, size, decision.verdict, colour)
        # The cross already says "rejected": its line names the reason, which is what people read.
        label = tr(decision.reason.label) if decision.reason else tr(decision.verdict.label)
        if stale:
            label = T(QT_TRANSLATE_NOOP("ReviewReport", "Stale")) + " · " + label
        self.text(
            x + size + mm(1.5), line_y + mm(0.1), label, self.bold, colour, width - size - mm(1.5)
        )
        line_y += size + mm(0.8)
        where = f"#{decision.key.index} · {decision.key.snapshot_type}"
        line_y = self.text(x, line_y, where, self.small, MUTED, width)
        if decision.comment:
            line_y = self.wrapped(x, line_y, decision.comment, self.small, width, 2)
        who = f"{decision.reviewer} · {_local(decision.decided_at)}"
        self.text(x, y + g.tile_height - mm(3.6), who, self.small, MUTED, width)

    def picture(self, key: SnapshotKey, size: QSize, stale: bool) -> tuple[QImage | None, str]:
        if stale:
            return None, T(
                QT_TRANSLATE_NOOP(
                    "ReviewReport",
                    "Decided on an earlier snapshot job; its picture is no longer available",
                )
            )
        thumbnail = self.thumbnails.get(key)
        if thumbnail is None:
            return None, T(QT_TRANSLATE_NOOP("ReviewReport", "No picture"))
        if thumbnail.data is None:
            return None, tr(thumbnail.problem) if thumbnail.problem else T(
                QT_TRANSLATE_NOOP("ReviewReport", "No picture")
            )
        future = self.decoded.pop(key, None)
        outcome = future.result() if future else decode_image(thumbnail.data, size, MAX_PIXELS)
        if outcome.image is None:
            return None, tr(outcome.reason) if outcome.reason else T(
                QT_TRANSLATE_NOOP("ReviewReport", "Corrupt image (cannot be decoded)")
            )
        return outcome.image, ""

    def prefetch(self, page: PagePlan) -> None:
        if page.kind is not PageKind.VIDEO:
            return
        video = self.videos[page.video]
        g = self.g
        pixels = QSize(g.tile_width * IMAGE_DPI // DPI, g.thumb_height * IMAGE_DPI // DPI)
        for decision in self.reviewed[page.video][page.start : page.start + page.count]:
            thumbnail = self.thumbnails.get(decision.key)
            if thumbnail is None or thumbnail.data is None or video.stale(decision):
                continue
            if decision.key not in self.decoded:
                self.decoded[decision.key] = self.decoder.submit(
                    decode_image, thumbnail.data, pixels, MAX_PIXELS
                )

    def draw(self, writer: QPdfWriter) -> None:
        for number, page in enumerate(self.pages):
            for ahead in self.pages[number : number + 2]:
                self.prefetch(ahead)
            if page.number > 1:
                writer.newPage()
            if page.kind is PageKind.SUMMARY:
                self.summary(page)
                self.footer(page, T(QT_TRANSLATE_NOOP("ReviewReport", "snapview review report")))
            else:
                self.video_page(page)
                self.footer(page, self.videos[page.video].video.video_id)


def _fitting(metrics: QFontMetrics, text: str, width: int) -> int:
    """The longest prefix of ``text`` (at least one character) no wider than ``width``."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.horizontalAdvance(text[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def render_sheet(
    report: ReportData,
    thumbnails: Mapping[SnapshotKey, Thumbnail],
    path: Path,
    *,
    title: str = "",
) -> SheetStats:
    """Draw the sheet into ``path`` (overwritten). Needs a QGuiApplication (fonts)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(title or T(QT_TRANSLATE_NOOP("ReviewReport", "Snapshot review report")))
    writer.setCreator("snapview")
    painter = QPainter(writer)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        sheet = _Sheet(report, thumbnails, painter, Geometry())
        try:
            sheet.draw(writer)
        finally:
            sheet.decoder.shutdown(wait=True, cancel_futures=True)
    finally:
        painter.end()
    return SheetStats(len(sheet.pages), sheet.tiles, sheet.placeholders, cjk_font_available())
