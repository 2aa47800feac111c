"""Where everything on the contact sheet goes: A4 portrait pages at a fixed resolution, a summary
first (its video table continues on further pages when long), then each video from a new page
with a grid of tiles, rejected first. Pure geometry, planned before anything is drawn, so every
footer can say "page 3 of 41" and the tests can count pages without rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from snapview.core.review.report import ReportData, rejected_first

DPI = 300
MM = DPI / 25.4


def mm(value: float) -> int:
    return round(value * MM)


@dataclass(frozen=True, slots=True)
class Geometry:
    """A4 at :data:`DPI`, in device pixels."""

    width: int = mm(210)
    height: int = mm(297)
    margin: int = mm(12)
    header: int = mm(17)  # a video page's heading band (first page of a video)
    running_head: int = mm(8)  # the one-line heading of its continuation pages
    footer: int = mm(8)
    columns: int = 4
    gap: int = mm(3)
    # Text under each thumbnail: the mark and reason, index and type, two lines of comment, and
    # who decided when (7 pt lines of Noto Sans CJK are 3.6 mm).
    caption: int = mm(22)
    line: int = mm(4.6)  # one line of body text, generously (8.5 pt Noto Sans CJK is ~4.4 mm)
    table_row: int = mm(7)
    table_head: int = mm(9)

    @property
    def content_width(self) -> int:
        return self.width - 2 * self.margin

    @property
    def tile_width(self) -> int:
        return (self.content_width - (self.columns - 1) * self.gap) // self.columns

    @property
    def thumb_height(self) -> int:
        return self.tile_width * 9 // 16

    @property
    def tile_height(self) -> int:
        return self.thumb_height + self.caption

    def rows(self, heading: int) -> int:
        usable = self.height - 2 * self.margin - self.footer - heading
        return max(1, (usable + self.gap) // (self.tile_height + self.gap))

    def tiles_per_page(self, *, first: bool) -> int:
        return self.columns * self.rows(self.header if first else self.running_head)

    def tile_origin(self, slot: int, *, first: bool) -> tuple[int, int]:
        """Top-left corner of the ``slot``-th tile on a video page."""
        row, column = divmod(slot, self.columns)
        top = self.margin + (self.header if first else self.running_head)
        return (
            self.margin + column * (self.tile_width + self.gap),
            top + row * (self.tile_height + self.gap),
        )

    def summary_block(self, reasons: int) -> int:
        """Height of the first page's title, totals and reviewer lines, above the video table:
        title and two lines of context, the three columns (their longest is the reason list, at
        most 11 lines, at least the 4 verdicts), and the reviewers."""
        columns = max(4, min(11, reasons))
        return (
            mm(10)
            + 2 * self.line
            + mm(4)
            + (1 + columns) * self.line
            + mm(5)
            + 2 * self.line
            + mm(6)
        )

    def table_rows(self, *, first: bool, reasons: int = 0) -> int:
        heading = self.summary_block(reasons) if first else self.running_head
        top = self.margin + heading + self.table_head
        usable = self.height - self.margin - self.footer - top
        return max(1, usable // self.table_row)


class PageKind(StrEnum):
    SUMMARY = "summary"
    VIDEO = "video"


@dataclass(frozen=True, slots=True)
class PagePlan:
    kind: PageKind
    number: int  # 1-based
    video: int = -1  # index into the sheet's video order, for video pages
    first: bool = True  # the first page of the summary, or of its video
    start: int = 0  # first table row, or first tile, on this page
    count: int = 0  # table rows, or tiles, on this page


def plan_pages(report: ReportData, geometry: Geometry) -> list[PagePlan]:
    """Every page of the sheet in order (the video order is :func:`rejected_first`)."""
    pages: list[PagePlan] = []
    total_rows = len(report.videos)
    start, first = 0, True
    while True:
        capacity = geometry.table_rows(first=first, reasons=len(report.by_reason))
        count = min(capacity, total_rows - start)
        pages.append(
            PagePlan(PageKind.SUMMARY, len(pages) + 1, first=first, start=start, count=count)
        )
        start += count
        first = False
        if start >= total_rows:
            break
    for position, video in enumerate(rejected_first(report.videos)):
        tiles = len(video.reviewed())
        start, first = 0, True
        while True:
            count = min(geometry.tiles_per_page(first=first), tiles - start)
            pages.append(PagePlan(PageKind.VIDEO, len(pages) + 1, position, first, start, count))
            start += count
            first = False
            if start >= tiles:
                break
    return pages
