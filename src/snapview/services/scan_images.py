"""How the scanner gets its pictures: every snapshot fetched, cached and decoded by the app's
:class:`~snapview.services.images.ImagePipeline` (so a second scan downloads nothing and an expired
link is refreshed once), awaited one at a time, and turned into a core
:class:`~snapview.core.detectors.frame.Frame`; the pipeline's failure kinds become the scan's
:class:`~snapview.core.detectors.kinds.FetchFailure` names.

The pipeline's public API today is a GUI one (``request()`` plus the ``image_ready`` signal, and a
garbage-collection timer that needs a running Qt event loop); :class:`PipelineImages` is the thin
adapter that makes it awaitable from plain asyncio too. When the ``load(url, target, *, refresh)``
facade of the images package lands, :meth:`PipelineImages.load` becomes a call to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
from collections.abc import Awaitable, Callable, Hashable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from snapview.core.detectors.frame import WORKING_WIDTH, Frame
from snapview.core.detectors.kinds import FetchFailure
from snapview.services.images import FailureKind, ImagePipeline, ImageResult

# Decode at the detectors' working width; the box is square so a portrait or 4:3 frame keeps its
# shape (the pipeline fits the image inside and never enlarges it).
SCAN_TARGET = QSize(WORKING_WIDTH, WORKING_WIDTH)
# The scanner looks at each image once: a small memory cache keeps RSS flat over 10,000 snapshots
# (the disk cache is what makes a second scan fast).
SCAN_MEMORY_BYTES = 8 * 2**20

Refresh = Callable[[], Awaitable[str | None]]


class ImageSource(Protocol):
    """What the scanner needs from an image loader (the images package's ``load()`` facade)."""

    async def load(self, key: Hashable, url: str, *, refresh: Refresh | None = None) -> ImageResult:
        """The decoded image (or the failure) of ``url`` at the scan's target size. ``refresh``
        gives a fresh link once when the first answers 403."""
        ...

    def forget(self, key: Hashable) -> None:
        """Drop what is remembered for ``key`` (a transient failure), so the next load fetches."""
        ...


class PipelineImages:
    """:class:`ImageSource` over an :class:`ImagePipeline` (its own, or a shared one)."""

    def __init__(
        self,
        pipeline: ImagePipeline | None = None,
        *,
        disk_cache_dir: Path | None = None,
        concurrency: int = 8,
    ) -> None:
        self._owns = pipeline is None
        self.pipeline = pipeline or ImagePipeline(
            per_host=concurrency,
            decode_threads=2,
            memory_bytes=SCAN_MEMORY_BYTES,
            disk_cache_dir=disk_cache_dir,
        )
        self._waiting: dict[Hashable, asyncio.Future[ImageResult]] = {}
        self._refreshers: dict[Hashable, Refresh] = {}
        self._previous_refresher = self.pipeline.url_refresher
        self.pipeline.url_refresher = self._refresh
        self.pipeline.image_ready.connect(self._ready)
        self._collector: asyncio.Task[None] | None = None

    async def _refresh(self, key: Hashable, url: str) -> str | None:
        refresh = self._refreshers.get(key)
        if refresh is not None:
            return await refresh()
        if self._previous_refresher is not None:  # a grid tile's key in a shared pipeline
            return await self._previous_refresher(key, url)
        return None

    def _ready(self, result: ImageResult) -> None:
        future = self._waiting.pop(result.key, None)
        if future is not None and not future.done() and not result.stale:
            future.set_result(result)

    async def load(self, key: Hashable, url: str, *, refresh: Refresh | None = None) -> ImageResult:
        self._ensure_collector()
        if refresh is not None:
            self._refreshers[key] = refresh
        try:
            future: asyncio.Future[ImageResult] = asyncio.get_running_loop().create_future()
            self._waiting[key] = future
            hit = self.pipeline.request(key, url, SCAN_TARGET)
            if hit is not None and not hit.stale:
                self._waiting.pop(key, None)
                return hit
            return await future
        except asyncio.CancelledError:
            # Cancelled scan: stop the download too. The disk cache only ever gains complete
            # entries (written to a temporary file, then renamed), so it stays consistent.
            self._waiting.pop(key, None)
            self.pipeline.cancel(key)
            raise
        finally:
            self._refreshers.pop(key, None)
            # The image has been handed over: do not keep it in the pipeline's memory too.
            if self._owns:
                self.pipeline.forget([key])

    def forget(self, key: Hashable) -> None:
        self.pipeline.forget([key])

    def _ensure_collector(self) -> None:
        # The pipeline turns Python's automatic garbage collection off and runs it from a Qt timer
        # on the GUI thread (see images._MainThreadGarbageCollector). Without a Qt event loop (the
        # CLI) that timer never fires, so collect from this loop, on the same (main) thread.
        if self._collector is None and self._owns:
            self._collector = asyncio.get_running_loop().create_task(
                self._collect_garbage(), name="scan-images-gc"
            )

    @staticmethod
    async def _collect_garbage() -> None:
        for tick in itertools.count():
            await asyncio.sleep(0.25)
            counts, thresholds = gc.get_count(), gc.get_threshold()
            if counts[0] > thresholds[0] or tick % 20 == 0:
                gc.collect(2 if tick % 20 == 0 else 0)

    async def aclose(self) -> None:
        if self._collector is not None:
            self._collector.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._collector
            self._collector = None
        for future in self._waiting.values():
            future.cancel()
        self._waiting.clear()
        self.pipeline.image_ready.disconnect(self._ready)
        self.pipeline.url_refresher = self._previous_refresher
        if self._owns:
            await self.pipeline.aclose()


def frame_from_qimage(image: QImage) -> Frame:
    """A core Frame (packed RGB) of a decoded QImage."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    raw = bytes(rgb.constBits())
    row = width * 3
    if stride == row:
        return Frame(width, height, raw[: row * height])
    return Frame(width, height, b"".join(raw[y * stride : y * stride + row] for y in range(height)))


def fetch_failure(result: ImageResult) -> FetchFailure:
    """The scan's name for a pipeline failure.

    The pipeline has no "empty" kind yet: a 0-byte body reaches its decoder and comes back as
    "not an image (text)" with no bytes. An HTML page refused on its Content-Type also reports no
    bytes, but names its media type, which is how the two are told apart here.
    """
    kind = result.failure
    status = result.http_status or 0
    if kind is FailureKind.NOT_FOUND:
        return FetchFailure.NOT_FOUND
    if kind is FailureKind.EXPIRED:
        return FetchFailure.EXPIRED
    if kind is FailureKind.TOO_LARGE:
        return FetchFailure.TOO_LARGE
    if kind is FailureKind.TIMEOUT:
        return FetchFailure.TIMEOUT
    if kind in (FailureKind.NOT_AN_IMAGE, FailureKind.UNDECODABLE):
        media = str((result.reason.params if result.reason else {}).get("content_type", ""))
        if result.byte_size == 0 and "/" not in media:
            return FetchFailure.EMPTY
        return FetchFailure.NOT_IMAGE if kind is FailureKind.NOT_AN_IMAGE else FetchFailure.CORRUPT
    if kind is FailureKind.HTTP and status in (401, 403):
        return FetchFailure.FORBIDDEN
    return FetchFailure.NETWORK  # network errors, and a server error that persisted
