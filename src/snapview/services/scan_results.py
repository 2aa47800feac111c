"""The last scan of each video, so reopening a video shows its findings without scanning again,
and what the app's scans share (the analysis cache, the images).

A stored scan is the very JSON object ``snapview scan --json`` prints
(:func:`~snapview.services.scan_document.scan_document`: URLs redacted, no secrets) plus when it was
made. It lives in the **review store** (table ``scan_result``, docs/review.md), keyed by provider,
account, video and snapshot type, beside the reviewers' decisions but never one of them: a scan
flag is what a detector thought, a decision is what a person said. The store is the app's one
(``review_store``: an opener the review feature shares, so it is opened once, and ``account``: the
account of the video on screen) and its calls run in its worker thread, never the GUI's.

The older home of scans, one small file per (provider, video, snapshot type) in
``<cache>/scans/``, stays as the fallback: without a review store (the opener is missing, the store
cannot be opened, the video has no account) or when a write fails (read-only file, full disk,
server away — the store reports it in its status), the scan goes to that file, logged, so
reopening the video still shows it. A file found on loading (an earlier snapview's, or a fallback
written meanwhile) is moved into the store when it is newer than the stored row, then deleted. A
file is a cache: one that cannot be read or parsed counts as "never scanned". Writes go to a
temporary file renamed into place, so a crash never leaves half a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from snapview import paths
from snapview.core.errors import UserFacingError

if TYPE_CHECKING:
    from snapview.core.review.keys import AccountRef, VideoKey
    from snapview.services.images import ImagePipeline
    from snapview.services.review_store.interface import ReviewStore, ScanRecord
    from snapview.services.scan_cache import AnalysisCache
    from snapview.services.scan_images import PipelineImages
    from snapview.services.scan_processes import ProcessImages

log = logging.getLogger("snapview.scan")

ANALYSIS_CACHE_FILE = "scan-analysis.sqlite3"  # the one `snapview scan` uses: verdicts are shared
RESULTS_FOLDER = "scans"
FORMAT = 1

ReviewStoreOpener = Callable[[], Awaitable["ReviewStore"]]
AccountOf = Callable[[], "AccountRef | None"]


@dataclass(frozen=True)
class StoredScan:
    """A scan document and when (``time.time()``) the scan ended."""

    document: dict[str, Any]
    scanned_at: float


class ScanResultStore:
    """The last scan of each video: in the review store ``review_store()`` opens, for the account
    ``account()`` names; else (or when writing there fails) one JSON file per video under
    ``folder`` (default ``<cache dir>/scans``). ``load``/``save`` take ``account=`` to name another
    account than the one on screen (the CLI)."""

    def __init__(
        self,
        folder: Path | None = None,
        *,
        review_store: ReviewStoreOpener | None = None,
        account: AccountOf | None = None,
    ) -> None:
        self.folder = folder if folder is not None else paths.cache_dir() / RESULTS_FOLDER
        self._open_review_store = review_store
        self._account = account

    def path_for(self, provider: str, video_id: str, snapshot_type: str) -> Path:
        # A video ID is the user's text: hashed, it can never name another place on the disk.
        name = hashlib.sha256(f"{provider}\0{video_id}\0{snapshot_type}".encode()).hexdigest()
        return self.folder / f"{name[:32]}.json"

    async def load(
        self,
        provider: str,
        video_id: str,
        snapshot_type: str,
        *,
        account: AccountRef | None = None,
    ) -> StoredScan | None:
        path = self.path_for(provider, video_id, snapshot_type)
        cached = await asyncio.to_thread(self._read, path, provider, video_id, snapshot_type)
        target = await self._target(provider, video_id, account)
        if target is None:
            return cached
        store, video = target
        try:
            record = await store.last_scan(video, snapshot_type)
        except UserFacingError as exc:
            # An offline team server, say: the review feature has said so; the file copy serves.
            log.info("the stored scan could not be read from the review store: %s", exc)
            return cached
        stored = None if record is None else _stored(record)
        if cached is not None and (stored is None or cached.scanned_at > stored.scanned_at):
            # An earlier snapview's file, or a fallback written while the store could not be:
            # moved into the store once, so the file does not outlive it.
            if await self._save_in(store, video, cached.document, cached.scanned_at):
                await asyncio.to_thread(_remove, path)
            return cached
        return stored

    async def save(
        self,
        document: dict[str, Any],
        scanned_at: float | None = None,
        *,
        account: AccountRef | None = None,
    ) -> bool:
        """Keep ``document`` as its video's last scan; False (logged) when it could not be written
        anywhere (then only the findings on screen remain)."""
        when = time.time() if scanned_at is None else scanned_at
        provider = str(document["provider"])
        video_id = str(document["video_id"])
        path = self.path_for(provider, video_id, str(document["snapshot_type"]))
        target = await self._target(provider, video_id, account)
        if target is not None and await self._save_in(*target, document, when):
            await asyncio.to_thread(_remove, path)  # an older fallback must not come back
            return True
        if target is not None:
            log.warning("the scan's findings are kept in the cache folder instead")
        return await asyncio.to_thread(self._write, path, document, when)

    async def _target(
        self, provider: str, video_id: str, account: AccountRef | None
    ) -> tuple[ReviewStore, VideoKey] | None:
        """The review store (opened) and the video's key there, or None: the file cache then."""
        if self._open_review_store is None:
            return None
        from snapview.core.review.keys import VideoKey

        try:
            account = account if account is not None else (self._account or _none)()
            if account is None or account.provider != provider:
                return None  # no profile on screen, or another cloud's: not this video's account
            video = VideoKey(account, video_id)
            store = await self._open_review_store()
        except (UserFacingError, RuntimeError) as exc:  # cannot open; or the app is closing
            # The review feature has told the user already; the scan still keeps, in a file.
            log.info("the review store is not available for scans (%s); using files", exc)
            return None
        return store, video

    @staticmethod
    async def _save_in(
        store: ReviewStore, video: VideoKey, document: dict[str, Any], when: float
    ) -> bool:
        try:
            await store.save_scan(_record(video, document, when))
        except UserFacingError as exc:  # reported in the store's status too
            log.warning("the scan's findings could not be stored in the review store: %s", exc)
            return False
        return True

    @staticmethod
    def _read(path: Path, provider: str, video_id: str, snapshot_type: str) -> StoredScan | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("a stored scan could not be read (%s); it is ignored", type(exc).__name__)
            return None
        document = data.get("document") if isinstance(data, dict) else None
        if (
            data.get("format") != FORMAT
            or not isinstance(document, dict)
            or (document.get("provider"), document.get("video_id"), document.get("snapshot_type"))
            != (provider, video_id, snapshot_type)
            or not isinstance(document.get("snapshots"), list)
        ):
            return None
        return StoredScan(document, float(data.get("scanned_at") or 0.0))

    @staticmethod
    def _write(path: Path, document: dict[str, Any], when: float) -> bool:
        scratch = path.with_suffix(".tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = {"format": FORMAT, "scanned_at": when, "document": document}
            scratch.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            os.replace(scratch, path)
            return True
        except OSError as exc:
            log.warning("the scan's findings could not be stored: %s", type(exc).__name__)
            with contextlib.suppress(OSError):
                scratch.unlink(missing_ok=True)
            return False


def _none() -> None:
    return None


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:  # it is older than the stored row, so a later load ignores it
        log.info("an imported scan file could not be removed: %s", type(exc).__name__)


def _count(summary: Any, name: str) -> int:
    value = summary.get(name) if isinstance(summary, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _record(video: VideoKey, document: dict[str, Any], when: float) -> ScanRecord:
    from snapview.services.review_store.interface import ScanRecord

    summary = document.get("summary")
    total = document.get("total")
    return ScanRecord(
        video,
        str(document["snapshot_type"]),
        job_id=str(document.get("job_id") or ""),
        scanned_at=datetime.fromtimestamp(when, UTC),
        document=document,
        total=total if isinstance(total, int) and total >= 0 else None,
        scanned=_count(summary, "scanned"),
        flagged=_count(summary, "flagged"),
        failed=_count(summary, "failed"),
    )


def _stored(record: ScanRecord) -> StoredScan:
    return StoredScan(record.document, record.scanned_at.timestamp())


def open_analysis_cache() -> AnalysisCache:
    """The analysis cache ``snapview scan`` uses, so the app and the CLI reuse each other's verdicts."""
    from snapview.services.scan_cache import AnalysisCache

    return AnalysisCache(paths.cache_dir() / ANALYSIS_CACHE_FILE)


def scan_images(pipeline: ImagePipeline, concurrency: int) -> PipelineImages | ProcessImages:
    """Where the app's scan gets its pictures: worker processes on a machine with two cores or
    more, as ``snapview scan`` (1.5× the snapshots a second, and the decoding leaves the window's
    process and its GIL); on one core, the app's own image pipeline. Both use the disk cache the
    factory places, so the grid shows what the scan downloaded without fetching it again."""
    from snapview.services.scan_processes import scan_image_source

    return scan_image_source(paths.cache_dir() / "images", concurrency, pipeline=pipeline)
