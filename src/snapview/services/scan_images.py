"""How the scanner gets its pictures: every snapshot through the app's
:class:`~snapview.services.images.ImagePipeline` (``load()``: its queue, deadlines, disk cache and
the one refreshed link after a 403), decoded at the detectors' working size and handed over as a
core :class:`~snapview.core.detectors.frame.Frame`; the pipeline's failure kinds become the scan's
:class:`~snapview.core.detectors.kinds.FetchFailure` names.

:meth:`PipelineImages.fingerprint` names a picture by its content — the SHA-256 of the body the
disk cache holds, fresh, for a URL (tokens do not matter there) — which is what the analysis cache
(``services/scan_cache.py``) is keyed by, so a rescan finds its verdicts without decoding.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSize

from snapview.core.detectors.analysis import FrameAnalysis
from snapview.core.detectors.frame import WORKING_WIDTH
from snapview.core.detectors.kinds import FetchFailure
from snapview.services.http_cache import HttpDiskCache
from snapview.services.images import FailureKind, ImagePipeline, ImageResult, Refresh
from snapview.services.images.failures import empty_body
from snapview.services.scan_decode import decode_and_analyse

# Decode at the detectors' working width; the box is square so a portrait or 4:3 frame keeps its
# shape (the pipeline fits the image inside and never enlarges it).
SCAN_TARGET = QSize(WORKING_WIDTH, WORKING_WIDTH)
# The scanner looks at each image once: a small memory cache keeps RSS flat over 10,000 snapshots
# (the disk cache is what makes a second scan fast).
SCAN_MEMORY_BYTES = 8 * 2**20
# The pipeline's sentence for a 200 with a 0-byte body (it has no kind of its own yet).
_EMPTY_BODY = empty_body().user_message.template


class ImageSource(Protocol):
    """What the scanner needs from an image loader."""

    async def load(self, key: Hashable, url: str, *, refresh: Refresh | None = None) -> ImageResult:
        """The decoded image (or the failure) of ``url`` at the scan's target size. ``refresh``
        gives a fresh link once when the first answers 403."""
        ...

    def forget(self, key: Hashable) -> None:
        """Drop what is remembered for ``key`` (a failure), so the next load fetches again."""
        ...

    async def fingerprints(
        self, urls: list[str], sizes: list[int] | None = None
    ) -> list[bytes | None]:
        """For each URL, the digest of the picture the disk cache holds fresh for it, or None
        (also when ``sizes`` is given and the stored body is not of that many bytes)."""
        ...


class PipelineImages:
    """:class:`ImageSource` over an :class:`ImagePipeline`: its own, or a shared one together with
    that pipeline's ``disk_cache_dir`` (needed for :meth:`fingerprints`)."""

    def __init__(
        self,
        pipeline: ImagePipeline | None = None,
        *,
        disk_cache_dir: Path | None = None,
        concurrency: int = 8,
    ) -> None:
        self._owns = pipeline is None
        # Own or shared, the pipeline decodes each of the scan's pictures with the scan's decoder
        # and analyses it in the decode thread that decoded it (no hop to another thread, and
        # both decode threads analyse): see load().
        self.pipeline = pipeline or ImagePipeline(
            per_host=concurrency,
            decode_threads=2,
            memory_bytes=SCAN_MEMORY_BYTES,
            disk_cache_dir=disk_cache_dir,
        )
        # Read-only: the pipeline writes the disk cache, this only looks entries up.
        self._disk = HttpDiskCache(disk_cache_dir) if disk_cache_dir is not None else None
        self._io = ThreadPoolExecutor(1, thread_name_prefix="snapview-scan-io")

    async def load(self, key: Hashable, url: str, *, refresh: Refresh | None = None) -> ImageResult:
        try:
            # Cancelling the awaiting task cancels the fetch; the disk cache only ever gains
            # complete entries (a temporary file, then a rename), so it stays consistent.
            return await self.pipeline.load(
                url, SCAN_TARGET, key=key, refresh=refresh, decoder=decode_and_analyse
            )
        finally:
            # The scan looks at each picture once: keep it out of the pipeline's memory (a shared
            # pipeline's memory holds the grid's tiles).
            self.pipeline.forget([key])

    def forget(self, key: Hashable) -> None:
        self.pipeline.forget([key])

    async def fingerprints(
        self, urls: list[str], sizes: list[int] | None = None
    ) -> list[bytes | None]:
        if self._disk is None or not urls:
            return [None] * len(urls)
        return await asyncio.get_running_loop().run_in_executor(
            self._io, disk_fingerprints, self._disk, urls, sizes
        )

    async def aclose(self) -> None:
        self._io.shutdown(wait=True)
        if self._owns:
            await self.pipeline.aclose()


def disk_fingerprints(
    disk: HttpDiskCache, urls: list[str], sizes: list[int] | None
) -> list[bytes | None]:
    """:meth:`ImageSource.fingerprints` read from ``disk`` (blocking: call it in a thread)."""
    out: list[bytes | None] = []
    for n, url in enumerate(urls):
        entry = disk.lookup(url)
        # Absent, or the server must be asked again (so what it holds is not known), or not the
        # body that was just decoded: no name for the picture.
        if entry is None or not entry.is_fresh() or (sizes and entry.size != sizes[n]):
            out.append(None)
            continue
        try:
            out.append(hashlib.sha256(entry.read_body()).digest())
        except OSError:
            out.append(None)
    return out


def placed(analysis: FrameAnalysis, position: int, index: int) -> FrameAnalysis:
    """``analysis`` of the snapshot at listing ``position`` with ``index``."""
    return FrameAnalysis(
        analysis.flags, dataclasses.replace(analysis.summary, position=position, index=index)
    )


# Retried by the scanner: they say nothing about the picture. The pipeline decides which failures
# may pass (timeouts, resets, 408/425/429/5xx, local faults); an expired link is not among them for
# a scan, because the pipeline has already tried a refreshed one.
def is_retryable(result: ImageResult) -> bool:
    return result.is_transient and result.failure is not FailureKind.EXPIRED


def fetch_failure(result: ImageResult) -> FetchFailure:
    """The scan's name for a pipeline failure (every :class:`FailureKind` has one)."""
    kind = result.failure
    status = result.http_status or 0
    if kind is FailureKind.NOT_AN_IMAGE:
        empty = result.reason is not None and result.reason.template == _EMPTY_BODY
        return FetchFailure.EMPTY if empty else FetchFailure.NOT_IMAGE
    if kind is FailureKind.HTTP:
        if status in (401, 403):
            return FetchFailure.FORBIDDEN
        return FetchFailure.NETWORK if result.is_transient else FetchFailure.HTTP_ERROR
    return _BY_KIND.get(kind, FetchFailure.NETWORK) if kind is not None else FetchFailure.NETWORK


_BY_KIND = {
    FailureKind.NOT_FOUND: FetchFailure.NOT_FOUND,
    FailureKind.EXPIRED: FetchFailure.EXPIRED,
    FailureKind.UNDECODABLE: FetchFailure.CORRUPT,
    FailureKind.TOO_LARGE: FetchFailure.TOO_LARGE,
    FailureKind.TIMEOUT: FetchFailure.TIMEOUT,
    FailureKind.NETWORK: FetchFailure.NETWORK,
    FailureKind.BAD_LINK: FetchFailure.BAD_LINK,
    FailureKind.LOCAL: FetchFailure.LOCAL,
}
