"""One report export, as the dialog runs it: read the decisions in scope from the review store,
write CSV or JSON (in a worker thread), or draw the PDF contact sheet (its drawing runs in a worker
thread, pictures come through the selected accounts' VOD clients). Nothing here blocks the GUI
thread. A file that cannot be written becomes an :class:`ExportError` whose sentence names the
file and the cause ("the folder is read-only"), never a traceback."""

from __future__ import annotations

import asyncio
import errno
import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.keys import VideoKey
from snapview.core.review.report import ReportScope
from snapview.services.app_services import AppServices
from snapview.services.reports.collect import collect_report
from snapview.services.reports.pdf_sheet import tr as sheet_tr
from snapview.services.reports.tabular import write_csv, write_json
from snapview.services.review_store.interface import DecisionQuery, ReviewStore
from snapview.services.snapshot_listing import SnapshotListing

if TYPE_CHECKING:
    from snapview.services.vod_client_pool import AnyVodClient

log = logging.getLogger("snapview.review")
_CONTEXT = "ReviewExport"
Step = Callable[[Message], None]


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    PDF = "pdf"


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    decisions: int
    videos: int


class ExportError(UserFacingError):
    """The report could not be written (the message names the file and why)."""


def _cause(exc: OSError) -> Message:
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewExport", "the folder is read-only"))
    if exc.errno == errno.ENOSPC:
        return Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewExport", "the disk is full"))
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewExport", "the folder does not exist"))
    return Message(_CONTEXT, "{reason}", {"reason": exc.strerror or type(exc).__name__})


def cannot_write(path: Path, exc: OSError) -> ExportError:
    return ExportError(
        Message(
            _CONTEXT,
            QT_TRANSLATE_NOOP(
                "ReviewExport", "The report could not be written to {path}: {reason}. "
                "Choose another folder and export again.",
            ),
            {"path": str(path), "reason": sheet_tr(_cause(exc))},
        )
    )  # fmt: skip


def check_target(path: Path) -> None:
    """Refuse before any work a file whose folder is missing (said the way a write failure is)."""
    if not path.parent.is_dir():
        raise cannot_write(path, FileNotFoundError(errno.ENOENT, "No such folder"))


async def export_report(
    services: AppServices,
    store: ReviewStore,
    fmt: ExportFormat,
    scope: ReportScope,
    path: Path,
    step: Step,
) -> ExportResult:
    """Write the report of ``scope`` as ``fmt`` to ``path``; ``step`` hears what is happening."""
    check_target(path)
    reviewer = services.reviewer
    try:
        if fmt is ExportFormat.PDF:
            return await _export_pdf(services, store, scope, path, reviewer, step)
        step(Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewExport", "Reading the decisions…")))
        report = await collect_report(
            store, scope, generated_by=reviewer, include_cleared=fmt is ExportFormat.JSON
        )
        step(Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewExport", "Writing the file…")))
        if fmt is ExportFormat.JSON:
            await asyncio.to_thread(write_json, report, path)
        else:
            await asyncio.to_thread(write_csv, report, path, sheet_tr)
    except OSError as exc:
        log.info("export to %s failed: %s", path, exc)
        raise cannot_write(path, exc) from None
    return ExportResult(path, report.decision_count, len(report.videos))


async def _export_pdf(
    services: AppServices,
    store: ReviewStore,
    scope: ReportScope,
    path: Path,
    reviewer: str,
    step: Step,
) -> ExportResult:
    from snapview.services.reports.pdf_export import export_pdf

    step(
        Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewExport", "Asking the clouds for the pictures…"))
    )
    query = DecisionQuery(video_ids=scope.video_ids, since=scope.since, until=scope.until)
    videos = await store.videos(query)
    clients = await _clients(services, videos)

    def open_listing(video: VideoKey, snapshot_type: str) -> SnapshotListing | None:
        client = clients.get(video.account.label)
        return None if client is None else client.pager(video.video_id, snapshot_type)

    step(Message(_CONTEXT, QT_TRANSLATE_NOOP("ReviewExport", "Drawing the contact sheet…")))
    result = await export_pdf(store, scope, path, generated_by=reviewer, open_listing=open_listing)
    return ExportResult(path, result.report.decision_count, len(result.report.videos))


async def _clients(services: AppServices, videos: list[VideoKey]) -> dict[str, AnyVodClient]:
    """A VOD client per account label that names a profile of this machine (others: placeholders)."""
    clients: dict[str, AnyVodClient] = {}
    for label in sorted({v.account.label for v in videos}):
        if services.credentials.find_profile(label) is None:
            continue
        try:
            clients[label] = await services.vod_clients.client(label)
        except Exception as exc:  # no secret, keyring locked: the sheet says "no credentials"
            log.info("no client for %s in the export: %s", label, type(exc).__name__)
    return clients
