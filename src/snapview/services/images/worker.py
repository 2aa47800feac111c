"""The image pipeline's network side: its own asyncio loop in its own thread, with its own HTTP
session (aiohttp: ``http_session.py`` says why), the scheduler, the downloads, the disk cache and
the decode threads.

Why a thread (issue #14): under qasync every asyncio callback is a Qt timer event on the GUI thread,
and one image through an HTTP client takes dozens of callbacks, so the GUI thread spent most of a
first viewport running the network. Here the downloads run on a plain selector loop, and the HTTP
client itself is imported here, not on the GUI thread.

What crosses between the pipeline (the "owner", on its loop's thread) and this thread:

- owner -> worker: :meth:`FetchWorker.submit` takes a batch of commands (bound methods of this
  class with their arguments). The pipeline sends one batch per turn of its loop, so the requests of
  one paint are queued together and the newest-first order holds for all of them.
- worker -> owner: finished results, one batch per turn of this loop, through the owner loop's
  ``call_soon_threadsafe`` (under qasync that is a queued Qt signal to the GUI thread). A result
  holds QImage and QSize values and plain data; this thread creates no QObject and calls none.
- a 403's fresh link comes from the owner's refresher (the pager lives on the owner loop):
  ``run_coroutine_threadsafe`` runs it there while the fetch awaits it here, and cancelling the
  fetch cancels it there too.

The disk cache is written after the results have been sent, once no fetch is running (or when
many bodies wait): writing a thumbnail costs about a millisecond of Python, which a first viewport
would otherwise wait for (issue #14). A fetch of a link whose body is still waiting writes it first
and reads it back (a preview opened right after the grid's download); bodies not yet written at
shutdown are written then.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize

from snapview.core.i18n import Message
from snapview.core.redaction import redact_url
from snapview.services.images.budget import PixelBudget
from snapview.services.images.deadlines import DownloadDeadlines
from snapview.services.images.decode import (
    DEFAULT_MAX_IMAGE_PIXELS,
    DecodeOutcome,
    Decoder,
    decode_cost,
    decode_image,
)
from snapview.services.images.failures import (
    ImageFetchError,
    local_failure,
    loggable,
    unexpected_failure,
)
from snapview.services.images.results import ImageResult, PipelineStats
from snapview.services.images.scheduler import HostScheduler, Job
from snapview.services.images.scratch import ScratchFiles

if TYPE_CHECKING:
    import aiohttp

    from snapview.services.images.cache_io import DiskCacheAccess
    from snapview.services.images.download import Downloader, RefreshLink

log = logging.getLogger("snapview.images")

# Runs on the owner loop: (key, ticket, link that got 403) -> a fresh link, or None.
OwnerRefresh = Callable[[Hashable, int, str], Coroutine[Any, Any, str | None]]
Command = tuple[Callable[..., None], tuple[Any, ...]]

# A downloaded body to keep in the disk cache: (url, bytes, response headers).
_Body = tuple[str, bytes, dict[str, str]]
# Bodies waiting to be written while fetches run; more than this are written at once anyway.
_UNWRITTEN_MAX = 64

# Tickets whose result is on its way to the owner: a request for one of them joins that result
# instead of fetching again. Far more than can be in transit at once.
_RECENT_TICKETS = 4096


@dataclass(frozen=True)
class Finished:
    """One fetch's result on its way to the owner, with the ticket of the request it answers."""

    ticket: int
    result: ImageResult
    tried_urls: frozenset[str]


@dataclass(frozen=True)
class WorkerSettings:
    per_host: int = 6
    decode_threads: int = 2
    disk_cache_dir: Path | None = None
    max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS
    max_decode_pixels: int | None = None
    deadlines: DownloadDeadlines = field(default_factory=DownloadDeadlines)
    scratch: ScratchFiles | None = None
    max_body_bytes: int = 32 * 2**20
    # Makes the worker's session, on the worker thread (tests: other timeouts); None: the default.
    http_factory: Callable[[], aiohttp.ClientSession] | None = None


class FetchWorker:
    """The thread, its loop and everything that runs there; see the module docstring.

    Methods named ``cmd_*`` run on the worker thread (sent through :meth:`submit`); ``submit``,
    :meth:`running_keys` and :meth:`aclose` are called from the owner.
    """

    def __init__(
        self,
        settings: WorkerSettings,
        stats: PipelineStats,
        *,
        deliver: Callable[[list[Finished]], None],
        problem: Callable[[Message | None], None],
        refresh: OwnerRefresh,
    ) -> None:
        self.settings = settings
        self._stats = stats  # the worker writes only its own counters (see PipelineStats)
        self._deliver = deliver
        self._problem = problem
        self._owner_refresh = refresh
        self._lock = threading.Lock()
        # Guarded by _lock: the commands not yet run, the owner's loop, the running fetches.
        self._inbox: list[Command] = []
        self._owner: asyncio.AbstractEventLoop | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake_pending = False
        self._running: dict[Hashable, Job] = {}
        # Worker thread only.
        self._outbox: list[Finished] = []
        self._flush_scheduled = False
        self._recent_tickets: OrderedDict[int, None] = OrderedDict()
        self._fetches: set[asyncio.Task[None]] = set()
        self._stores: set[asyncio.Task[None]] = set()
        self._unwritten: list[_Body] = []
        self._storing: set[str] = set()  # links of bodies not yet in the disk cache
        self._http: aiohttp.ClientSession | None = None
        self._downloader: Downloader | None = None
        self._disk: DiskCacheAccess | None = None
        self._decoder: ThreadPoolExecutor | None = None
        self._io: ThreadPoolExecutor | None = None
        self._budget = PixelBudget(settings.max_decode_pixels or settings.max_image_pixels)
        self._sched = HostScheduler(
            settings.per_host, settings.deadlines.slow_after, stats, self._run
        )
        self._stopped: concurrent.futures.Future[None] = concurrent.futures.Future()
        self.thread = threading.Thread(target=self._main, name="snapview-images", daemon=True)
        self.thread.start()

    # -- the owner's side ------------------------------------------------------------------------

    def submit(self, commands: list[Command], owner: asyncio.AbstractEventLoop) -> None:
        """Run ``commands`` on the worker thread, in order; results go to ``owner``'s loop."""
        with self._lock:
            self._owner = owner
            self._inbox.extend(commands)
            if self._loop is None or self._wake_pending:
                return  # the loop starts with a drain, or one is already on its way
            self._wake_pending = True
            loop = self._loop
        with contextlib.suppress(RuntimeError):  # closed: nothing runs any more
            loop.call_soon_threadsafe(self._drain)

    def running_keys(self) -> set[Hashable]:
        """Keys whose fetch has started and not ended (any thread)."""
        with self._lock:
            return set(self._running)

    async def aclose(self) -> None:
        """Cancel every fetch, close the client and the threads, and join the worker thread."""
        self.submit([(self.cmd_close, ())], asyncio.get_running_loop())
        await asyncio.wrap_future(self._stopped)
        self.thread.join()

    # -- the thread ------------------------------------------------------------------------------

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            self._setup(loop)
            with self._lock:
                self._loop = loop
                self._wake_pending = True
            loop.call_soon(self._drain)
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
        except Exception:  # a bug: logged, and the owner can still close
            log.exception("the image worker stopped")
        finally:
            with self._lock:
                self._loop = None
            asyncio.set_event_loop(None)
            loop.close()
            self._stopped.set_result(None)

    def _setup(self, loop: asyncio.AbstractEventLoop) -> None:
        # The HTTP client and its TLS trust store load here, off the GUI thread.
        from snapview.services.http_cache import HttpDiskCache
        from snapview.services.images.cache_io import DiskCacheAccess
        from snapview.services.images.download import Downloader
        from snapview.services.images.http_session import make_image_session

        settings = self.settings
        deadlines = settings.deadlines
        factory = settings.http_factory or (lambda: make_image_session(deadlines))

        async def made() -> aiohttp.ClientSession:
            return factory()  # aiohttp binds a session to the loop running when it is made

        self._http = loop.run_until_complete(made())
        self._decoder = ThreadPoolExecutor(
            max(1, settings.decode_threads), thread_name_prefix="snapview-decode"
        )
        self._io = ThreadPoolExecutor(1, thread_name_prefix="snapview-imgcache")
        cache_dir = settings.disk_cache_dir
        disk = HttpDiskCache(cache_dir) if cache_dir is not None else None
        self._disk = DiskCacheAccess(disk, self._io, self._stats, self._tell_problem)
        self._downloader = Downloader(
            self._http, self._disk, deadlines, self._stats, settings.max_body_bytes
        )

    def _drain(self) -> None:
        with self._lock:
            commands, self._inbox = self._inbox, []
            self._wake_pending = False
        for command, args in commands:
            try:
                command(*args)
            except Exception:  # one bad command must not stop the others
                log.exception("image worker command %s failed", command.__name__)

    def _to_owner(self, callback: Callable[..., None], *args: Any) -> None:
        owner = self._owner
        if owner is not None:
            with contextlib.suppress(RuntimeError):  # the owner's loop is closed: nobody listens
                owner.call_soon_threadsafe(callback, *args)

    def _tell_problem(self, problem: Message | None) -> None:
        self._to_owner(self._problem, problem)

    # -- commands (worker thread) ----------------------------------------------------------------

    def cmd_enqueue(
        self,
        key: Hashable,
        ticket: int,
        url: str,
        target: QSize,
        priority: int,
        view: bool,
        can_refresh: bool,
        decoder: Decoder | None = None,
    ) -> None:
        if ticket in self._recent_tickets:
            return  # finished: its result is on its way to the owner
        job = self._sched.jobs.get(key)
        if job is not None and job.ticket != ticket:
            self._sched.drop(job)  # a request the owner no longer waits for
        self._sched.enqueue(
            key,
            url,
            target,
            priority,
            view=view,
            ticket=ticket,
            can_refresh=can_refresh,
            decoder=decoder,
        )

    def cmd_cancel(self, tickets: list[tuple[Hashable, int]], compact: bool) -> None:
        for key, ticket in tickets:
            job = self._sched.jobs.get(key)
            if job is not None and job.ticket == ticket:
                self._sched.drop(job)
        if compact:
            self._sched.compact()

    def cmd_unview(self, key: Hashable) -> None:
        job = self._sched.jobs.get(key)
        if job is not None:
            job.wanted_by_view = False

    def cmd_retarget(self, target: QSize) -> None:
        for job in self._sched.jobs.values():
            if job.wanted_by_view:  # a load() caller asked for its own size: the zoom is not its
                job.target = QSize(target)

    def cmd_set_max_body_bytes(self, size: int) -> None:
        assert self._downloader is not None
        self._downloader.max_body_bytes = size

    def cmd_close(self) -> None:
        asyncio.get_running_loop().create_task(self._shutdown(), name="image-worker-shutdown")

    async def _shutdown(self) -> None:
        # Every fetch, started or about to start, is cancelled; the disk writes of results already
        # sent are short and finish (a tile shown now should not be downloaded again next time).
        jobs = self._sched.close()
        fetches = self._fetches | {job.task for job in jobs if job.task is not None}
        for task in fetches:
            task.cancel()
        await asyncio.gather(*fetches, return_exceptions=True)
        if self._unwritten:
            self._write_to_disk()
        await asyncio.gather(*self._stores, return_exceptions=True)
        if self._http is not None:
            await self._http.close()
        # Blocking here is fine (nothing else runs on this loop now), and keeps the loop open
        # while the threads end, so their last callbacks find it.
        for pool in (self._decoder, self._io):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self._outbox.clear()
        asyncio.get_running_loop().stop()

    # -- one fetch (worker thread) ---------------------------------------------------------------

    async def _run(self, job: Job) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._fetches.add(task)
        task.add_done_callback(self._fetches.discard)
        with self._lock:
            self._running[job.key] = job
        store: _Body | None = None
        try:
            result, store = await self._fetch_and_decode(job)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug, not a property of the image: keep the tile explainable
            log.exception("image pipeline error for %s", loggable(redact_url(job.url)))
            result = self._failure(job, unexpected_failure(exc))
        finally:
            self._sched.finished(job)
            with self._lock:
                if self._running.get(job.key) is job:
                    del self._running[job.key]
        self._send(job, result)
        if store is not None:
            self._unwritten.append(store)
            self._storing.add(store[0])
        if self._unwritten and (not self._sched.jobs or len(self._unwritten) >= _UNWRITTEN_MAX):
            self._write_to_disk()

    def _write_to_disk(self) -> None:
        """Store the bodies of finished downloads, now that the fetches are done (or many wait)."""
        assert self._disk is not None
        bodies, self._unwritten = self._unwritten, []
        writing = asyncio.get_running_loop().create_task(self._store_all(self._disk, bodies))
        self._stores.add(writing)
        writing.add_done_callback(self._stores.discard)

    async def _store_all(self, disk: DiskCacheAccess, bodies: list[_Body]) -> None:
        try:
            await disk.store_many(bodies)
        finally:
            self._storing.difference_update(body[0] for body in bodies)

    async def _stored(self, url: str) -> None:
        """A body of ``url`` still waiting for the disk cache is written before ``url`` is fetched
        again (a preview right after the grid's download reads the copy instead of the network)."""
        if url not in self._storing:
            return
        if any(body[0] == url for body in self._unwritten):
            self._write_to_disk()
        while url in self._storing and self._stores:
            # wait(), not gather(): cancelling this fetch must not cancel the writes.
            await asyncio.wait(set(self._stores), return_when=asyncio.FIRST_COMPLETED)

    async def _fetch_and_decode(self, job: Job) -> tuple[ImageResult, _Body | None]:
        assert self._downloader is not None and self._disk is not None
        try:
            await self._stored(job.url)
            body = await self._downloader.fetch(job.url, self._refresh_link(job), job.tried_urls)
        except ImageFetchError as failed:
            return self._failure(job, failed), None
        finally:
            self._sched.release(job)  # decoding needs no download slot
        job.url = body.url
        target = QSize(job.target)
        try:
            outcome, derived, digest = await self._decode(
                body.data, target, body.content_type, job.decoder
            )
        except OSError as exc:  # no scratch file could be written: this computer, not the network
            return self._failure(job, local_failure(exc), byte_size=len(body.data)), None
        elapsed = (time.perf_counter() - job.started_at) * 1000
        if outcome.image is None:
            assert outcome.failure is not None and outcome.reason is not None
            if body.from_cache:
                await self._disk.remove(body.url)
            refused = ImageFetchError(outcome.failure, outcome.reason, body.status)
            result = self._failure(
                job, refused, byte_size=len(body.data), pixel_size=outcome.pixel_size
            )
            return result, None
        result = ImageResult(
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
            content_sha256=digest,
            derived=derived,
        )
        return result, ((body.url, body.data, body.headers) if body.status == 200 else None)

    async def _decode(
        self, data: bytes, target: QSize, content_type: str, own: Decoder | None
    ) -> tuple[DecodeOutcome, object | None, bytes]:
        pool, settings = self._decoder, self.settings
        assert pool is not None
        cost = decode_cost(data, target) or self._budget.limit
        try:
            return await self._budget.run(
                cost,
                lambda: pool.submit(
                    _decode_and_derive,
                    own,
                    data,
                    target,
                    settings.max_image_pixels,
                    content_type,
                    settings.scratch,
                ),
            )
        finally:
            self._stats.peak_decode_pixels = self._budget.peak
            self._stats.decode_waits = self._budget.waits

    def _refresh_link(self, job: Job) -> RefreshLink | None:
        """After a 403: the owner's fresh link for this request, asked on the owner's loop."""
        owner = self._owner
        if not job.can_refresh or owner is None:
            return None
        key, ticket, ask = job.key, job.ticket, self._owner_refresh

        async def fresh_link(old_url: str) -> str | None:
            answer = asyncio.run_coroutine_threadsafe(ask(key, ticket, old_url), owner)
            try:
                return await asyncio.wrap_future(answer)
            finally:
                answer.cancel()  # this fetch was cancelled: so is the refresh (no-op when done)

        return fresh_link

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

    def _send(self, job: Job, result: ImageResult) -> None:
        """Queue ``result`` for the owner; what finishes in the same loop turn goes in one batch."""
        self._recent_tickets[job.ticket] = None
        if len(self._recent_tickets) > _RECENT_TICKETS:
            self._recent_tickets.popitem(last=False)
        self._outbox.append(Finished(job.ticket, result, frozenset(job.tried_urls)))
        if not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        batch, self._outbox = self._outbox, []
        if batch:
            self._to_owner(self._deliver, batch)


def _decode_and_derive(
    own: Decoder | None,
    data: bytes,
    target: QSize,
    max_pixels: int,
    content_type: str,
    scratch: ScratchFiles | None,
) -> tuple[DecodeOutcome, object | None, bytes]:
    """Decode with the load's own decoder (the scan's: luma and its analysis) or the grid's
    :func:`decode_image`. A failing decoder is a bug of its owner, not a fault of the picture:
    logged, and the picture is decoded the grid's way, without anything derived. The body's
    SHA-256 (the scan's name for the picture) is made here too, off the worker's loop, which
    every download of the pipeline waits for."""
    digest = hashlib.sha256(data).digest()
    if own is not None:
        try:
            outcome, derived = own(data, target, max_pixels, content_type)
            return outcome, derived, digest
        except Exception:
            log.exception("image pipeline decoder failed")
    outcome = decode_image(data, target, max_pixels, content_type, scratch=scratch)
    return outcome, None, digest
