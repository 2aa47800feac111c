"""The PDF export as one async call: read the scope, ask each video's listing for fresh URLs and
its current job (remembered in the store, so decisions on a replaced job show as stale), download
the pictures and draw the sheet in a worker thread — at the same time: pictures are fetched in the
order the sheet draws them, and the drawing thread waits for one only when it reaches its tile
(:class:`ThumbnailFeed`). Nothing here fails the export for a picture: a missing listing,
credential, link or image becomes a placeholder that says why."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.keys import SnapshotKey
from snapview.core.review.report import ReportData, ReportScope, rejected_first
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
    # The sheet's order: failed videos first, rejected snapshots first (see pdf_layout).
    order = [(video, d) for video in rejected_first(report.videos) for d in video.reviewed()]
    feed = ThumbnailFeed([d.key for _, d in order])
    wanted: dict[SnapshotKey, str] = {}
    for video, decision in order:
        key = decision.key
        if video.stale(decision):
            feed.put(Thumbnail(key))  # drawn as "decided on an earlier job" by the sheet
        elif key in resolved.urls:
            wanted[key] = resolved.urls[key]
        else:
            feed.put(Thumbnail(key, problem=resolved.problems.get(key)))
    folder, name = Path(path).parent, Path(path).name
    drawing = asyncio.ensure_future(asyncio.to_thread(_render_to_temp, report, feed, folder, name))
    try:
        if wanted:
            await fetch(wanted, deliver=feed.put)
    except BaseException:
        # The drawing must not wait for pictures that will not come, and its half-made file must
        # not replace the output: finish it, then throw it away.
        feed.close(problem(QT_TRANSLATE_NOOP("ReviewReport", "Not downloaded")))
        stats, temp = await asyncio.shield(drawing)
        await asyncio.to_thread(temp.unlink, missing_ok=True)
        raise
    feed.close(problem(QT_TRANSLATE_NOOP("ReviewReport", "Not downloaded")))
    stats, temp = await drawing
    await asyncio.to_thread(os.replace, temp, path)
    return PdfExport(report, stats, tuple(resolved.sets), feed.downloaded)


class ThumbnailFeed(Mapping[SnapshotKey, Thumbnail]):
    """Thumbnails that arrive while the sheet is drawn: ``put`` from the event loop, ``get`` from
    the drawing thread, which waits for a picture only when it reaches its tile."""

    WAIT_S = 120.0  # bounds one tile's wait (the fetch has its own timeouts; this is a backstop)

    def __init__(self, keys: list[SnapshotKey]) -> None:
        self._futures: dict[SnapshotKey, Future[Thumbnail]] = {key: Future() for key in keys}
        self.downloaded = 0

    def put(self, thumbnail: Thumbnail) -> None:
        future = self._futures.get(thumbnail.key)
        if future is not None and not future.done():
            if thumbnail.data is not None:
                self.downloaded += 1
            future.set_result(thumbnail)

    def close(self, reason: Message) -> None:
        for key, future in self._futures.items():
            if not future.done():
                future.set_result(Thumbnail(key, problem=reason))

    def __getitem__(self, key: SnapshotKey) -> Thumbnail:
        try:
            return self._futures[key].result(timeout=self.WAIT_S)
        except TimeoutError:
            return Thumbnail(key, problem=problem(QT_TRANSLATE_NOOP("ReviewReport", "Timed out")))

    def __iter__(self) -> Iterator[SnapshotKey]:
        return iter(self._futures)

    def __len__(self) -> int:
        return len(self._futures)


def _render_to_temp(
    report: ReportData, thumbnails: Mapping[SnapshotKey, Thumbnail], folder: Path, name: str
) -> tuple[SheetStats, Path]:
    """Draw into a temporary file beside the output (renamed over it only when all went well)."""
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    os.close(fd)
    try:
        return render_sheet(report, thumbnails, Path(temp)), Path(temp)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
