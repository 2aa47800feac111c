"""The PDF export as one async call: read the scope, ask each video's listing for fresh URLs and
its current job (remembered in the store, so decisions on a replaced job show as stale), download
the pictures, and draw the sheet in a worker thread. Nothing here fails the export for a picture:
a missing listing, credential, link or image becomes a placeholder that says why."""

from __future__ import annotations

import asyncio
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from snapview.core.i18n import QT_TRANSLATE_NOOP
from snapview.core.review.keys import SnapshotKey
from snapview.core.review.report import ReportData, ReportScope
from snapview.core.review.verdicts import SnapshotSet
from snapview.services.reports.collect import collect_report
from snapview.services.reports.pdf_sheet import SheetStats, render_sheet
from snapview.services.reports.thumbnails import (
    ListingFactory,
    ResolvedUrls,
    Thumbnail,
    ThumbnailFetcher,
    fetch_thumbnails,
    problem,
    resolve_urls,
)
from snapview.services.review_store.interface import ReviewStore


@dataclass(frozen=True, slots=True)
class PdfExport:
    report: ReportData
    stats: SheetStats
    fresh_sets: tuple[SnapshotSet, ...]
    downloaded: int  # images fetched (a corrupt one is fetched but drawn as a placeholder)


async def export_pdf(
    store: ReviewStore,
    scope: ReportScope,
    path: Path,
    *,
    generated_by: str,
    open_listing: ListingFactory | None,
    fetch: ThumbnailFetcher = fetch_thumbnails,
) -> PdfExport:
    """Write the contact sheet of ``scope`` to ``path`` (atomically). ``open_listing`` None: no
    cloud access at all (every tile a placeholder saying so)."""
    report = await collect_report(store, scope, generated_by=generated_by, include_cleared=False)
    keys = [d.key for video in report.videos for d in video.reviewed()]
    if open_listing is not None and keys:
        resolved = await resolve_urls(keys, open_listing)
    else:
        reason = problem(QT_TRANSLATE_NOOP("ReviewReport", "No cloud access for this export"))
        resolved = ResolvedUrls(problems=dict.fromkeys(keys, reason))
    if resolved.sets:
        # What the listings say now decides staleness: a job replaced since the decisions were made
        # shows on the sheet (and from now on in the app too).
        await store.note_snapshot_sets(resolved.sets)
        report = await collect_report(
            store, scope, generated_by=generated_by, include_cleared=False
        )
    current = {d.key for video in report.videos for d in video.reviewed() if not video.stale(d)}
    wanted = {key: url for key, url in resolved.urls.items() if key in current}
    thumbnails: dict[SnapshotKey, Thumbnail] = dict(await fetch(wanted)) if wanted else {}
    for key, reason_message in resolved.problems.items():
        thumbnails.setdefault(key, Thumbnail(key, problem=reason_message))
    downloaded = sum(1 for t in thumbnails.values() if t.data is not None)
    stats = await asyncio.to_thread(_render_atomically, report, thumbnails, Path(path))
    return PdfExport(report, stats, tuple(resolved.sets), downloaded)


def _render_atomically(
    report: ReportData, thumbnails: dict[SnapshotKey, Thumbnail], path: Path
) -> SheetStats:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        stats = render_sheet(report, thumbnails, Path(temp))
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return stats
