"""The thumbnail pipeline under the grid and the scanner: schedules image downloads, decodes them in
worker threads, keeps the results in a byte-bounded memory cache, and answers through a Qt signal
(the grid) or an awaitable (the scanner, the CLI).

The grid calls :meth:`ImagePipeline.request` from ``data()``/``paint()`` (calibre's pattern): a
cached result comes back at once, otherwise the request is queued and the result arrives later
through ``image_ready`` on the pipeline's thread. :meth:`ImagePipeline.load` is the same request as
a coroutine. Queued requests are served newest first (calibre's LIFO), at most ``per_host``
downloads per host hold a slot at once, a download still running after ``slow_after`` gives its
slot to the next (at most ``per_host`` such per host), and tiles that scrolled away are cancelled,
queued or in flight (gwenview's ``removePendingItems``). Decodes wait for pixels, not for a count
(``budget.py``).

This object is the owner's half: the caches, the requests and who waits for them, each request
named by a ticket. The network half, downloads, disk cache and decoding, runs on its own loop in
its own thread (``worker.py``); requests go there in one batch per turn of this loop, results come
back in batches, and a result whose ticket is no longer wanted (cancelled meanwhile) is dropped, so
a cancelled fetch never delivers.

Needs a ``QCoreApplication`` (no widgets, no display) and an asyncio loop on the thread that uses
it: qasync's in the app, or a plain ``asyncio.run`` in the CLI.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
from collections.abc import Awaitable, Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QImageReader

from snapview.core.i18n import Message
from snapview.core.redaction import redact_url
from snapview.services.gc_guard import MainThreadGarbageCollector
from snapview.services.image_cache import ByteLRU
from snapview.services.images.deadlines import DownloadDeadlines
from snapview.services.images.decode import DEFAULT_MAX_IMAGE_PIXELS, Decoder
from snapview.services.images.failures import LINK_KINDS, FailureKind, loggable
from snapview.services.images.results import ImageResult, PipelineStats
from snapview.services.images.scheduler import Refresh
from snapview.services.images.scratch import ScratchFiles
from snapview.services.images.worker import (
    Command,
    FetchWorker,
    Finished,
    WorkerSettings,
)

if TYPE_CHECKING:
    import aiohttp

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


@dataclass(eq=False)
class _Pending:
    """A key being fetched, as the owner sees it: its ticket and who waits for it."""

    ticket: int
    wanted_by_view: bool = False  # request() wants it, not only load() callers
    refresh: Refresh | None = None
    waiters: list[asyncio.Future[ImageResult]] = field(default_factory=list)


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
        per_host: int = 6,
        decode_threads: int = 2,
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
        disk_cache_dir: Path | None = None,
        max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS,
        max_decode_pixels: int | None = None,
        deadlines: DownloadDeadlines | None = None,
        url_refresher: UrlRefresher | None = None,
        scratch: ScratchFiles | None = None,
        http_factory: Callable[[], aiohttp.ClientSession] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``http_factory`` makes the worker's own aiohttp session, on the worker thread (default:
        one with the ``deadlines``); a session cannot be shared, it belongs to the worker's loop."""
        super().__init__(parent)
        self.setObjectName("imagePipeline")
        self.deadlines = deadlines or DownloadDeadlines()
        self._refresher = url_refresher
        self._memory: ByteLRU[ImageResult] = ByteLRU(memory_bytes)
        self._failures: ByteLRU[_Negative] = ByteLRU(max(2**20, memory_bytes // 64))
        self._sizes: dict[Hashable, tuple[int, int]] = {}
        self.stats = PipelineStats()
        self._local_problem: Message | None = None
        self._target = QSize()
        self._closed = False
        self._pending: dict[Hashable, _Pending] = {}
        self._tickets = 0
        self._commands: list[Command] = []
        self._send_scheduled = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._max_body_bytes = 32 * 2**20
        self._gc = MainThreadGarbageCollector(self)
        # Qt's own guard against decompression bombs is process-wide; restored in aclose().
        self._previous_allocation_limit = QImageReader.allocationLimit()
        QImageReader.setAllocationLimit(max(math.ceil(max_image_pixels * 4 / 2**20), 1))
        settings = WorkerSettings(
            per_host=per_host,
            decode_threads=decode_threads,
            disk_cache_dir=disk_cache_dir,
            max_image_pixels=max_image_pixels,
            max_decode_pixels=max_decode_pixels,
            deadlines=self.deadlines,
            scratch=scratch,
            max_body_bytes=self._max_body_bytes,
            http_factory=http_factory,
        )
        self._worker = FetchWorker(
            settings,
            self.stats,
            deliver=self._receive,
            problem=self._set_local_problem,
            refresh=self._fresh_link,
        )

    # -- settings ---------------------------------------------------------------------------------

    @property
    def url_refresher(self) -> UrlRefresher | None:
        """Pipeline-wide fallback, called with ``(key, url)`` when a fetch without its own
        ``refresh`` gets 403; returns a fresh URL or None. Runs on this pipeline's loop.

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
        return self._max_body_bytes

    @max_body_bytes.setter
    def max_body_bytes(self, size: int) -> None:
        self._max_body_bytes = size
        self._post(self._worker.cmd_set_max_body_bytes, size)

    @property
    def worker_thread(self) -> Any:
        """The ``threading.Thread`` the downloads run in (joined by :meth:`aclose`)."""
        return self._worker.thread

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
        """Keys queued or being fetched (whose result has not been delivered)."""
        return set(self._pending)

    def in_flight_keys(self) -> set[Hashable]:
        """Keys whose download or decode is running in the worker now."""
        return self._worker.running_keys()

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
        self._enqueue(key, url, size, priority, refresh, view=True)
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
        decoder: Decoder | None = None,
    ) -> ImageResult:
        """The result for ``url`` at ``target``, awaited: same queue, caches, limits as :meth:`request`.

        ``key`` defaults to the URL. ``decoder`` decodes this load's picture instead of the grid's
        decoder, in a decode thread, and what it derives is the result's ``derived`` (the scan
        decodes luma and analyses it there); a load joining a fetch already queued for ``key``
        without one gives it its decoder. Cancelling the awaiting task cancels the fetch, unless
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
        pending = self._enqueue(key, url, size, priority, refresh, view=False, decoder=decoder)
        waiter: asyncio.Future[ImageResult] = asyncio.get_running_loop().create_future()
        pending.waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter in pending.waiters:
                pending.waiters.remove(waiter)
            alone = not pending.waiters and not pending.wanted_by_view
            if alone and self._pending.get(key) is pending:
                self._drop([key], compact=False)
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
        """Drop the queued or in-flight fetch of ``key`` (its tile scrolled away); its result, if it
        is already on its way, is not delivered.

        A fetch that a :meth:`load` caller still awaits goes on; only the view's interest ends.
        """
        pending = self._pending.get(key)
        if pending is None:
            return
        if pending.waiters:
            pending.wanted_by_view = False
            self._post(self._worker.cmd_unview, key)
            return
        self._drop([key], compact=False)

    def cancel_many(self, keys: Iterable[Hashable]) -> None:
        """Cancel the pending fetches of ``keys`` in one go (the tiles that left the view).

        Only the named keys: the pipeline is shared, and the preview's picture or the library's
        covers must not be dropped because the grid settled somewhere else.
        """
        dropped: list[Hashable] = []
        for key in keys:
            pending = self._pending.get(key)
            if pending is None:
                continue
            if pending.waiters:
                pending.wanted_by_view = False
                self._post(self._worker.cmd_unview, key)
            else:
                dropped.append(key)
        self._drop(dropped, compact=True)

    def set_target_size(self, size: QSize) -> None:
        """Zoom changed: pending work decodes at the new size, recent images are fetched again."""
        if size == self._target:
            return
        self._target = QSize(size)
        self._post(self._worker.cmd_retarget, QSize(size))
        wanted = (size.width(), size.height())
        # Least recently used first, so the LIFO queue serves the most recently seen tiles first.
        recent = [r for _, r in self._memory.items() if self._sizes.get(r.key) != wanted]
        for result in recent[-self.resize_recent_limit :]:
            if result.key not in self._pending:
                self._enqueue(result.key, result.url, QSize(size), 0, None, view=True)

    async def aclose(self) -> None:
        """Cancel all work, then stop the worker: its client closed, its threads joined."""
        if self._closed:
            return
        self._closed = True
        for pending in self._pending.values():
            for waiter in pending.waiters:
                if not waiter.done():
                    waiter.set_exception(PipelineClosed("the image pipeline was closed"))
        self._pending.clear()
        self._commands.clear()
        await self._worker.aclose()
        self._gc.stop()
        QImageReader.setAllocationLimit(self._previous_allocation_limit)
        self._memory.clear()
        self._failures.clear()

    # -- to the worker ----------------------------------------------------------------------------

    def _enqueue(
        self,
        key: Hashable,
        url: str,
        size: QSize,
        priority: int,
        refresh: Refresh | None,
        *,
        view: bool,
        decoder: Decoder | None = None,
    ) -> _Pending:
        pending = self._pending.get(key)
        if pending is None:
            self._tickets += 1
            pending = self._pending[key] = _Pending(self._tickets)
        pending.wanted_by_view = pending.wanted_by_view or view
        if refresh is not None:
            pending.refresh = refresh
        can_refresh = pending.refresh is not None or self._refresher is not None
        self._post(
            self._worker.cmd_enqueue,
            key,
            pending.ticket,
            url,
            QSize(size),
            priority,
            view,
            can_refresh,
            decoder,
        )
        return pending

    def _drop(self, keys: list[Hashable], *, compact: bool) -> None:
        tickets = [(key, self._pending.pop(key).ticket) for key in keys]
        if tickets:
            self._post(self._worker.cmd_cancel, tickets, compact)

    def _post(self, command: Callable[..., None], *args: Any) -> None:
        """Queue a command for the worker; the commands of one loop turn go together."""
        if self._closed:
            return
        self._commands.append((command, args))
        if not self._send_scheduled:
            self._send_scheduled = True
            self._owner_loop().call_soon(self._send)

    def send_now(self) -> None:
        """Hand the queued requests to the worker now instead of at the end of this loop turn
        (a first page's visible tiles: the turn still has the first paint to do)."""
        self._send()

    def _send(self) -> None:
        self._send_scheduled = False
        commands, self._commands = self._commands, []
        if commands and not self._closed:
            self._worker.submit(commands, self._owner_loop())

    def _owner_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            try:
                self._loop = asyncio.get_running_loop()
            except RuntimeError:
                self._loop = asyncio.get_event_loop()
        return self._loop

    # -- from the worker (on this loop) -------------------------------------------------------------

    def _receive(self, batch: list[Finished]) -> None:
        """A batch of finished fetches: those still wanted are cached, delivered and awaited."""
        if self._closed:
            return
        for finished in batch:
            result = finished.result
            pending = self._pending.get(result.key)
            if pending is None or pending.ticket != finished.ticket:
                continue  # cancelled (or asked again) while on its way: never delivered
            del self._pending[result.key]
            self._deliver(result, finished.tried_urls)
            for waiter in pending.waiters:
                if not waiter.done():
                    waiter.set_result(result)
        self._gc.poll()  # collects on this thread even without a Qt event loop (asyncio.run)

    async def _fresh_link(self, key: Hashable, ticket: int, old_url: str) -> str | None:
        """The worker's 403, answered here: the request's own refresher, else ``url_refresher``."""
        pending = self._pending.get(key)
        own = pending.refresh if pending is not None and pending.ticket == ticket else None
        if own is not None:
            return await own()
        if self._refresher is not None:
            return await self._refresher(key, old_url)
        return None

    def _set_local_problem(self, problem: Message | None) -> None:
        if self._closed:
            return
        self._local_problem = problem
        self.local_problem_changed.emit(problem)

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

    def _deliver(self, result: ImageResult, tried_urls: frozenset[str] = frozenset()) -> None:
        self.stats.requests_completed += 1
        key = result.key
        if result.failure is not None:
            self.stats.failures_by_kind[result.failure] += 1
            log.info(
                "image %s failed: %s",
                loggable(redact_url(result.url)),
                loggable(str(result.reason)),
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
