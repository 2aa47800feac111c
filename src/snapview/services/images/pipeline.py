"""The thumbnail pipeline under the grid and the scanner: schedules image downloads, decodes them in
worker threads, keeps the results in a byte-bounded memory cache, and answers through a Qt signal
(the grid) or an awaitable (the scanner, the CLI).

The grid calls :meth:`ImagePipeline.request` from ``data()``/``paint()`` (calibre's pattern): a
cached result comes back at once, otherwise the request is queued and the result arrives later
through ``image_ready`` on the loop thread. :meth:`ImagePipeline.load` is the same request as a
coroutine. Queued requests are served newest first (calibre's LIFO), at most ``per_host``
downloads per host hold a slot at once, a download still running after ``slow_after`` gives its
slot to the next (at most ``per_host`` such per host), and tiles that scrolled away are cancelled,
queued or in flight (gwenview's ``removePendingItems``). Decodes wait for pixels, not for a count
(``budget.py``). Downloads, the disk cache and decoding are in ``download.py``, ``cache_io.py`` and
``decode.py``.

Needs a ``QCoreApplication`` (no widgets, no display) and a running asyncio loop: qasync's in the
app, or a plain ``asyncio.run`` in the CLI. Lives on that loop's thread.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImageReader

from snapview import __version__
from snapview.core.i18n import Message
from snapview.core.redaction import redact_url
from snapview.services.gc_guard import MainThreadGarbageCollector
from snapview.services.http_cache import HttpDiskCache
from snapview.services.image_cache import ByteLRU
from snapview.services.images.budget import PixelBudget
from snapview.services.images.cache_io import DiskCacheAccess
from snapview.services.images.decode import DecodeOutcome, decode_cost, decode_image
from snapview.services.images.download import DownloadDeadlines, Downloader, RefreshLink
from snapview.services.images.failures import (
    LINK_KINDS,
    FailureKind,
    ImageFetchError,
    local_failure,
    unexpected_failure,
)
from snapview.services.images.results import ImageResult, PipelineStats
from snapview.services.images.scheduler import HostScheduler, Job, Refresh
from snapview.services.images.scratch import ScratchFiles

log = logging.getLogger("snapview.images")

# Pipeline-wide: given a tile's key and the link that got a 403, a fresh link (or None).
UrlRefresher = Callable[[Hashable, str], Awaitable[str | None]]

DEFAULT_MEMORY_BYTES = 256 * 2**20


class PipelineClosed(RuntimeError):
    """:meth:`ImagePipeline.load` was awaited on, or across, :meth:`ImagePipeline.aclose`."""


@dataclass(frozen=True)
class _Negative:
    result: ImageResult
    urls: frozenset[str]  # links known to fail; a link failure does not stop a new link


class ImagePipeline(QObject):
    """Fetches, decodes and caches tile images; see the module docstring."""

    #: ``image_ready(ImageResult)``: every finished request (image or failure), on the loop thread.
    image_ready = Signal(ImageResult)
    #: ``local_problem_changed(Message | None)``: the disk cache cannot be written (a sentence that
    #: says the fault is local), or None when it can again. Images keep loading either way.
    local_problem_changed = Signal(object)

    # How long failures stay in the negative cache (seconds; None = for the session).
    transient_failure_ttl: float = 15.0
    expired_failure_ttl: float = 300.0
    # set_target_size re-decodes at most this many of the most recently used images.
    resize_recent_limit: int = 256

    def __init__(
        self,
        *,
        http: httpx.AsyncClient | None = None,
        per_host: int = 6,
        decode_threads: int = 2,
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
        disk_cache_dir: Path | None = None,
        max_image_pixels: int = 50_000_000,
        max_decode_pixels: int | None = None,
        deadlines: DownloadDeadlines | None = None,
        url_refresher: UrlRefresher | None = None,
        scratch: ScratchFiles | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.deadlines = deadlines or DownloadDeadlines()
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            # Connecting is httpx's to time; the first-byte and whole-body deadlines are the
            # downloader's (a byte a second never trips a per-read timeout), so these never
            # fire before them.
            timeout=httpx.Timeout(
                connect=self.deadlines.connect,
                read=self.deadlines.total,
                write=self.deadlines.total,
                pool=self.deadlines.total,
            ),
            limits=httpx.Limits(
                max_connections=64, max_keepalive_connections=32, keepalive_expiry=30.0
            ),
            follow_redirects=True,
            headers={"User-Agent": f"snapview/{__version__}"},
        )
        self._max_pixels = max_image_pixels
        self._refresher = url_refresher
        self._scratch = scratch
        self._memory: ByteLRU[ImageResult] = ByteLRU(memory_bytes)
        self._failures: ByteLRU[_Negative] = ByteLRU(max(2**20, memory_bytes // 64))
        self._sizes: dict[Hashable, tuple[int, int]] = {}
        self.stats = PipelineStats()
        self._decoder = ThreadPoolExecutor(
            max(1, decode_threads), thread_name_prefix="snapview-decode"
        )
        self._io = ThreadPoolExecutor(1, thread_name_prefix="snapview-imgcache")
        self._local_problem: Message | None = None
        disk = HttpDiskCache(disk_cache_dir) if disk_cache_dir is not None else None
        self._disk = DiskCacheAccess(disk, self._io, self.stats, self._set_local_problem)
        self._downloader = Downloader(
            self._http, self._disk, self.deadlines, self.stats, 32 * 2**20
        )
        self._budget = PixelBudget(max_decode_pixels or max_image_pixels)
        self._sched = HostScheduler(per_host, self.deadlines.slow_after, self.stats, self._run)
        self._target = QSize()
        self._closed = False
        self.setObjectName("imagePipeline")
        self._gc = MainThreadGarbageCollector(self)
        # Qt's own guard against decompression bombs is process-wide; restored in aclose().
        self._previous_allocation_limit = QImageReader.allocationLimit()
        QImageReader.setAllocationLimit(max(math.ceil(max_image_pixels * 4 / 2**20), 1))

    # -- settings ---------------------------------------------------------------------------------

    @property
    def url_refresher(self) -> UrlRefresher | None:
        """Pipeline-wide fallback, called with ``(key, url)`` when a fetch without its own
        ``refresh`` gets 403; returns a fresh URL or None.

        Kept until the grid passes ``refresh=`` with each request (then the 403 path never leaves
        services); new code should pass ``refresh`` instead.
        """
        return self._refresher

    @url_refresher.setter
    def url_refresher(self, refresher: UrlRefresher | None) -> None:
        self._refresher = refresher

    @property
    def max_body_bytes(self) -> int:
        """Downloads larger than this are refused (TOO_LARGE) without reading them to the end."""
        return self._downloader.max_body_bytes

    @max_body_bytes.setter
    def max_body_bytes(self, size: int) -> None:
        self._downloader.max_body_bytes = size

    @property
    def http(self) -> httpx.AsyncClient:
        """The long-lived HTTP client the pipeline downloads with (to share, never to close)."""
        return self._http

    @property
    def target_size(self) -> QSize:
        return QSize(self._target)

    @property
    def memory_bytes(self) -> int:
        return self._memory.total_bytes

    @property
    def local_problem(self) -> Message | None:
        """The current local fault that degrades the pipeline (an unwritable cache), if any."""
        return self._local_problem

    def pending_keys(self) -> set[Hashable]:
        """Keys queued or being fetched."""
        return set(self._sched.jobs)

    def in_flight_keys(self) -> set[Hashable]:
        return {k for k, job in self._sched.jobs.items() if job.task is not None}

    # -- requests ---------------------------------------------------------------------------------

    def request(
        self,
        key: Hashable,
        url: str,
        target: QSize,
        *,
        priority: int = 0,
        refresh: Refresh | None = None,
    ) -> ImageResult | None:
        """A cached result at once, or None and the fetch is scheduled (duplicates are coalesced).

        Higher ``priority`` first; among equals the newest request first. While an image of another
        target size is cached, it is returned with ``stale=True`` and the new size is fetched.
        ``refresh`` gives a fresh link for this image after a 403 (else ``url_refresher``).
        """
        if self._closed:
            return None
        size = QSize(target) if target.isValid() else QSize(self._target)
        hit = self._memory.get((key, size.width(), size.height()))  # the hot path: every paint
        if hit is not None:
            self.stats.cache_hits += 1
            return hit
        hit = self._cached_for(key, url, size)
        if hit is not None:
            return hit
        self._sched.enqueue(key, url, size, priority, refresh, view=True)
        old = self._sizes.get(key)
        if old is not None:
            previous = self._memory.get((key, *old))
            if previous is not None:
                return dataclasses.replace(previous, stale=True)
        return None

    async def load(
        self,
        url: str,
        target: QSize,
        *,
        refresh: Refresh | None = None,
        key: Hashable | None = None,
        priority: int = 0,
    ) -> ImageResult:
        """The result for ``url`` at ``target``, awaited: same queue, caches, limits as :meth:`request`.

        ``key`` defaults to the URL. Cancelling the awaiting task cancels the fetch, unless
        :meth:`request` or another ``load`` still wants the same key. Raises :class:`PipelineClosed`
        once the pipeline is closed.
        """
        if self._closed:
            raise PipelineClosed("the image pipeline is closed")
        key = url if key is None else key
        size = self._size_for(target)
        hit = self._cached_for(key, url, size)
        if hit is not None:
            return hit
        job = self._sched.enqueue(key, url, size, priority, refresh, view=False)
        waiter: asyncio.Future[ImageResult] = asyncio.get_running_loop().create_future()
        job.waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter in job.waiters:
                job.waiters.remove(waiter)
            if self._sched.jobs.get(key) is job and not job.waiters and not job.wanted_by_view:
                self._sched.drop(job)
            raise

    def cached(self, key: Hashable, target: QSize | None = None) -> ImageResult | None:
        """The cached result for ``key`` without scheduling anything."""
        size = target if target is not None else self._target
        hit = self._memory.peek((key, size.width(), size.height()))
        if hit is not None:
            return hit
        failed = self._failures.peek(key)
        return failed.result if failed is not None else None

    def forget(self, keys: Iterable[Hashable]) -> None:
        """Drop remembered failures (and images) of these keys, so the next request fetches again."""
        for key in keys:
            self._failures.pop(key)
            old = self._sizes.pop(key, None)
            if old is not None:
                self._memory.pop((key, *old))

    def cancel(self, key: Hashable) -> None:
        """Drop the queued or in-flight fetch of ``key`` (its tile scrolled away).

        A fetch that a :meth:`load` caller still awaits goes on; only the view's interest ends.
        """
        job = self._sched.jobs.get(key)
        if job is None:
            return
        if job.waiters:
            job.wanted_by_view = False
            return
        self._sched.drop(job)

    def cancel_all_except(self, keys: Iterable[Hashable]) -> None:
        """Cancel every pending fetch whose key is not in ``keys`` (the tiles still visible)."""
        keep = set(keys)
        for key in [k for k in self._sched.jobs if k not in keep]:
            self.cancel(key)
        self._sched.compact()

    def set_target_size(self, size: QSize) -> None:
        """Zoom changed: pending work decodes at the new size, recent images are fetched again."""
        if size == self._target:
            return
        self._target = QSize(size)
        for job in self._sched.jobs.values():
            if job.wanted_by_view:  # a load() caller asked for its own size: the zoom is not its
                job.target = QSize(size)
        wanted = (size.width(), size.height())
        # Least recently used first, so the LIFO queue serves the most recently seen tiles first.
        recent = [r for _, r in self._memory.items() if self._sizes.get(r.key) != wanted]
        for result in recent[-self.resize_recent_limit :]:
            if result.key not in self._sched.jobs:
                self._sched.enqueue(result.key, result.url, QSize(size), 0, None, view=True)

    async def aclose(self) -> None:
        """Cancel all work, close the HTTP client (if the pipeline made it), stop the worker threads."""
        if self._closed:
            return
        self._closed = True
        jobs = self._sched.close()
        for job in jobs:
            for waiter in job.waiters:
                if not waiter.done():
                    waiter.set_exception(PipelineClosed("the image pipeline was closed"))
            job.waiters.clear()
        tasks = [job.task for job in jobs if job.task is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        if self._owns_http:
            await self._http.aclose()
        self._decoder.shutdown(wait=True, cancel_futures=True)
        self._io.shutdown(wait=True, cancel_futures=True)
        self._gc.stop()
        QImageReader.setAllocationLimit(self._previous_allocation_limit)
        self._memory.clear()
        self._failures.clear()

    # -- caches -----------------------------------------------------------------------------------

    def _size_for(self, target: QSize) -> QSize:
        return QSize(target) if target.isValid() else QSize(self._target)

    def _cached_for(self, key: Hashable, url: str, size: QSize) -> ImageResult | None:
        hit = self._memory.get((key, size.width(), size.height()))
        if hit is not None:
            self.stats.cache_hits += 1
            return hit
        failed = self._failures.get(key)
        # A failure of one link (expired, unfetchable) does not stop a new link for the key.
        if failed is None or (failed.result.failure in LINK_KINDS and url not in failed.urls):
            return None
        self.stats.cache_hits += 1
        return failed.result

    def _set_local_problem(self, problem: Message | None) -> None:
        self._local_problem = problem
        self.local_problem_changed.emit(problem)

    # -- one fetch --------------------------------------------------------------------------------

    async def _run(self, job: Job) -> None:
        try:
            result = await self._fetch_and_decode(job)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug, not a property of the image: keep the tile explainable
            log.exception("image pipeline error for %s", _loggable(redact_url(job.url)))
            result = self._failure(job, unexpected_failure(exc))
        finally:
            self._sched.finished(job)
        self._deliver(result, frozenset(job.tried_urls))
        for waiter in job.waiters:
            if not waiter.done():
                waiter.set_result(result)

    async def _fetch_and_decode(self, job: Job) -> ImageResult:
        try:
            body = await self._downloader.fetch(job.url, self._refresh_for(job), job.tried_urls)
        except ImageFetchError as failed:
            return self._failure(job, failed)
        finally:
            self._sched.release(job)  # decoding needs no download slot
        job.url = body.url
        target = QSize(job.target)
        try:
            outcome = await self._decode(body.data, target, body.content_type)
        except OSError as exc:  # no scratch file could be written: this computer, not the network
            return self._failure(job, local_failure(exc), byte_size=len(body.data))
        elapsed = (time.perf_counter() - job.started_at) * 1000
        if outcome.image is None:
            assert outcome.failure is not None and outcome.reason is not None
            if body.from_cache:
                await self._disk.remove(body.url)
            return self._failure(
                job,
                ImageFetchError(outcome.failure, outcome.reason, body.status),
                byte_size=len(body.data),
                pixel_size=outcome.pixel_size,
            )
        if body.status == 200:
            await self._disk.store(body.url, body.data, body.headers)
        return ImageResult(
            key=job.key,
            url=body.url,
            image=outcome.image,
            http_status=body.status,
            byte_size=len(body.data),
            pixel_size=outcome.pixel_size,
            elapsed_ms=elapsed,
            from_cache=body.from_cache,
            target=target,
            signature=outcome.signature,
            is_black=outcome.is_black,
        )

    async def _decode(self, data: bytes, target: QSize, content_type: str) -> DecodeOutcome:
        cost = decode_cost(data, target) or self._budget.limit
        try:
            return await self._budget.run(
                cost,
                lambda: self._decoder.submit(
                    decode_image,
                    data,
                    target,
                    self._max_pixels,
                    content_type,
                    scratch=self._scratch,
                ),
            )
        finally:
            self.stats.peak_decode_pixels = self._budget.peak
            self.stats.decode_waits = self._budget.waits

    def _refresh_for(self, job: Job) -> RefreshLink | None:
        """The request's own refresher, else the pipeline-wide fallback, as "old link -> new link"."""
        own, shared, key = job.refresh, self._refresher, job.key
        if own is not None:

            async def fresh_link(_: str) -> str | None:
                return await own()

            return fresh_link
        if shared is not None:

            async def shared_link(old: str) -> str | None:
                return await shared(key, old)

            return shared_link
        return None

    # -- results ----------------------------------------------------------------------------------

    def _failure(
        self,
        job: Job,
        failed: ImageFetchError,
        *,
        byte_size: int = 0,
        pixel_size: QSize | None = None,
    ) -> ImageResult:
        return ImageResult(
            key=job.key,
            url=job.tried_urls[-1] if job.tried_urls else job.url,
            failure=failed.kind,
            reason=failed.user_message,
            http_status=failed.status,
            byte_size=byte_size,
            pixel_size=pixel_size or QSize(),
            elapsed_ms=(time.perf_counter() - job.started_at) * 1000,
            target=QSize(job.target),
        )

    def _deliver(self, result: ImageResult, tried_urls: frozenset[str] = frozenset()) -> None:
        if self._closed:
            return
        self.stats.requests_completed += 1
        key = result.key
        if result.failure is not None:
            self.stats.failures_by_kind[result.failure] += 1
            log.info(
                "image %s failed: %s",
                _loggable(redact_url(result.url)),
                _loggable(str(result.reason)),
            )
            if result.failure is FailureKind.EXPIRED:
                ttl: float | None = self.expired_failure_ttl
            elif result.is_transient:
                ttl = self.transient_failure_ttl
            else:
                ttl = None
            negative = _Negative(
                dataclasses.replace(result, from_cache=True), tried_urls | {result.url}
            )
            self._failures.put(key, negative, 256, ttl=ttl)
        else:
            assert result.image is not None
            self._failures.pop(key)
            size = (result.target.width(), result.target.height())
            old = self._sizes.get(key)
            if old is not None and old != size:
                self._memory.pop((key, *old))
            self._sizes[key] = size
            self._memory.put(
                (key, *size),
                dataclasses.replace(result, from_cache=True),
                result.image.sizeInBytes(),
            )
        self.image_ready.emit(result)
        self._gc.poll()  # collects on this thread even without a Qt event loop (asyncio.run)


def _loggable(text: str) -> str:
    """``text`` safe for any log handler: characters that cannot be encoded (lone surrogates) escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
