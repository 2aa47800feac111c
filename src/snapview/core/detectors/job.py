"""Job checks: what is wrong with a snapshot job as a whole rather than with one picture —
``job_failed`` and ``processing`` (the provider says so), ``count_mismatch`` (``Total`` disagrees
with the snapshots listed), ``missing_index`` (gaps or repeats in ``Index``) — and the sprite
geometry check ``sprite_misaligned`` (a sheet whose size does not fit its cell grid, or WebVTT
``#xywh`` regions outside the sheet or overlapping), which is reported on the sheet's snapshot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from snapview.core.detectors.kinds import Flag, FrameFlag, JobFinding, JobFlag
from snapview.core.sprites import SpriteLayout

# Gaps are listed one by one up to this many (the count is always exact).
MAX_LISTED_INDEXES = 50


def count_mismatch(total: int, listed: int) -> JobFinding | None:
    """``Total`` says one number, the pages gave another."""
    if total == listed:
        return None
    return JobFinding(JobFlag.COUNT_MISMATCH, {"total": total, "listed": listed})


def missing_index(indexes: Sequence[int]) -> JobFinding | None:
    """Gaps in 1..max(Index) and indexes listed more than once (each page's Index is 1-based and
    consecutive across pages when the job is whole)."""
    if not indexes:
        return None
    seen = Counter(indexes)
    last = max(seen)
    missing = [i for i in range(1, last + 1) if i not in seen]
    repeated = sorted(i for i, n in seen.items() if n > 1)
    if not missing and not repeated:
        return None
    return JobFinding(
        JobFlag.MISSING_INDEX,
        {
            "missing": missing[:MAX_LISTED_INDEXES],
            "missing_count": len(missing),
            "repeated": repeated[:MAX_LISTED_INDEXES],
            "repeated_count": len(repeated),
        },
    )


def job_failed(code: str, message: str, exec_desc: str = "") -> JobFinding:
    """The provider reports the snapshot job (or the asset's thumbnail task) as failed;
    ``exec_desc`` is Huawei's own reason (``thumbnail_info.exec_desc``), when it gives one."""
    details = {"code": code, "message": message}
    if exec_desc:
        details["exec_desc"] = exec_desc
    return JobFinding(JobFlag.JOB_FAILED, details)


def processing(code: str, message: str) -> JobFinding:
    """The video is still being processed: there is nothing (or not everything) to check yet."""
    return JobFinding(JobFlag.PROCESSING, {"code": code, "message": message})


@dataclass(frozen=True, slots=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    def overlaps(self, other: Rect) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


def grid_from_regions(regions: Iterable[Rect]) -> SpriteLayout | None:
    """The sheet grid the WebVTT regions describe: the most common cell size, the margin (smallest
    x and y) and the padding (smallest step between cells minus the cell size)."""
    rects = list(regions)
    if not rects:
        return None
    (cell_w, cell_h), _ = Counter((r.w, r.h) for r in rects).most_common(1)[0]
    xs = sorted({r.x for r in rects})
    ys = sorted({r.y for r in rects})
    margin = min(xs[0], ys[0])
    # Padding is the gap between neighbouring cells; with a single cell, assume none.
    gaps = [b - a - cell_w for a, b in pairwise(xs)] + [b - a - cell_h for a, b in pairwise(ys)]
    padding = max(0, min(gaps)) if gaps else 0
    return SpriteLayout(
        cell_w,
        cell_h,
        columns=max(1, len(xs)),
        lines=max(1, len(ys)),
        padding=padding,
        margin=margin,
    )


def _fits(extent: int, cell: int, padding: int, margin: int) -> bool:
    """Whether ``extent`` pixels hold a whole number (≥ 1) of cells with this spacing."""
    inner = extent - 2 * margin + padding
    return inner > 0 and inner % (cell + padding) == 0


def check_sprite_sheet(
    sheet_size: tuple[int, int],
    regions: Sequence[Rect] = (),
    layout: SpriteLayout | None = None,
) -> Flag | None:
    """``sprite_misaligned`` for one sheet of ``sheet_size`` pixels, or None.

    ``regions`` are the WebVTT ``#xywh`` rectangles that point at this sheet; ``layout`` is the
    job's grid when known (``SpriteSnapshotConfig``, or :func:`grid_from_regions` over the whole
    track). Problems: a region outside the sheet, two regions overlapping, a sheet size that is
    not margin + whole cells + padding. With neither regions nor a layout nothing can be said.
    """
    width, height = sheet_size
    problems: list[str] = []
    outside = [r for r in regions if r.x + r.w > width or r.y + r.h > height]
    if outside:
        problems.append("region_outside_sheet")
    ordered = sorted(regions, key=lambda r: (r.y, r.x))
    overlapping: list[tuple[Rect, Rect]] = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.y >= a.y + a.h:
                break  # sorted by y: nothing further down can overlap a
            if a.overlaps(b):
                overlapping.append((a, b))
    if overlapping:
        problems.append("regions_overlap")
    if layout is not None and not (
        _fits(width, layout.cell_width, layout.padding, layout.margin)
        and _fits(height, layout.cell_height, layout.padding, layout.margin)
    ):
        problems.append("size_does_not_fit_grid")
    if not problems:
        return None
    details: dict[str, object] = {
        "problems": problems,
        "sheet_width": width,
        "sheet_height": height,
    }
    if layout is not None:
        details["cell"] = f"{layout.cell_width}×{layout.cell_height}"
        details["expected_size"] = "{}×{}".format(*layout.sheet_size)
    if outside:
        details["outside"] = [[r.x, r.y, r.w, r.h] for r in outside[:10]]
    if overlapping:
        details["overlapping"] = [
            [[a.x, a.y, a.w, a.h], [b.x, b.y, b.w, b.h]] for a, b in overlapping[:10]
        ]
    return Flag(FrameFlag.SPRITE_MISALIGNED, details)
