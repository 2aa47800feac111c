"""An :class:`~snapview.services.scan_images.ImageSource` that loads and analyses the scan's
pictures in worker processes (``services/scan_worker_process.py``), for ``snapview scan`` and the
app's Scan video.

Each worker runs the image pipeline with the scan's decoder exactly as
:class:`~snapview.services.scan_images.PipelineImages` does in one process — same disk cache,
deadlines, failure kinds and messages — and sends back only what the scanner keeps: the outcome,
the frame's analysis and the body's SHA-256. On the two-core machine the scan is measured on, two
workers checked 1.5× the snapshots a second of the same pipeline in one process, where its four
threads wait on one GIL (docs/performance.md, scan run 14).

The parent keeps what needs the parent: the listing's fresh link after a 403 (a worker asks, the
parent answers), the analysis-cache lookups (:meth:`fingerprints` reads the disk cache here), and
the schedule: each load goes to the worker with the fewest in flight. A worker that stops
unexpectedly fails its loads as ``local`` (a fault of this computer, which the scanner retries and
never reports as a finding about the video); when no worker is left, or none could be started,
the scan goes on in this process, through a pipeline of its own.

POSIX only (the pipes are watched with ``add_reader``): :func:`default_workers` is 0 elsewhere.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.services.http_cache import HttpDiskCache
from snapview.services.images import ImagePipeline, ImageResult, Refresh
from snapview.services.images.failures import msg
from snapview.services.scan_images import PipelineImages, disk_fingerprints
from snapview.services.scan_worker_process import LoadedPicture, local_picture, serve

log = logging.getLogger("snapview.scan")

# The most worker processes picked for a machine: beyond four, the parent's loop and the server
# take the cores they would use (two were best on two cores; docs/performance.md, scan run 14).
DEFAULT_MOST = 4
# How long closing workers may take to finish their writes and say goodbye before they are ended.
CLOSE_TIMEOUT_S = 10.0


def workers_supported() -> bool:
    return sys.platform != "win32"


def default_workers(most: int = DEFAULT_MOST) -> int:
    """Worker processes for this machine: one per core the process may use, at most ``most``; 0
    (scan in this process) on a single core, where a worker only adds a process to feed, and
    where worker processes are not supported."""
    if not workers_supported():
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return 0 if cores < 2 else min(cores, most)


def scan_image_source(
    disk_cache_dir: Path,
    concurrency: int,
    workers: int | None = None,
    pipeline: ImagePipeline | None = None,
) -> PipelineImages | ProcessImages:
    """Where a scan gets its pictures, for ``snapview scan``, the app and the benchmark alike:
    ``workers`` processes (None: :func:`default_workers`), or with 0 this process — through
    ``pipeline`` when given (the app's own, shared with its grid), else a pipeline of its own."""
    count = default_workers() if workers is None else workers
    if count:
        return ProcessImages(disk_cache_dir=disk_cache_dir, concurrency=concurrency, workers=count)
    return PipelineImages(pipeline, disk_cache_dir=disk_cache_dir, concurrency=concurrency)


def worker_stopped(code: int | None) -> Message:
    return msg(
        QT_TRANSLATE_NOOP(
            "Images", "The scan's worker process stopped unexpectedly (exit status {code})"
        ),
        code="unknown" if code is None else code,
    )


@dataclass(eq=False)
class _Load:
    future: asyncio.Future[LoadedPicture]
    refresh: Refresh | None


@dataclass(eq=False)
class _Process:
    process: BaseProcess
    conn: Connection
    loads: dict[int, _Load] = field(default_factory=dict)
    alive: bool = True
    gone: asyncio.Event = field(default_factory=asyncio.Event)


class ProcessImages:
    """:class:`~snapview.services.scan_images.ImageSource` over ``workers`` processes; use it and
    :meth:`aclose` it on one event loop."""

    def __init__(
        self,
        *,
        disk_cache_dir: Path | None = None,
        concurrency: int = 8,
        workers: int = 2,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._disk_cache_dir = disk_cache_dir
        self._disk = HttpDiskCache(disk_cache_dir) if disk_cache_dir is not None else None
        self._concurrency = concurrency
        self._count = workers
        self._io = ThreadPoolExecutor(1, thread_name_prefix="snapview-scan-io")
        self._ids = itertools.count()
        # Started by the first load: a rescan whose verdicts are all in the analysis cache loads
        # nothing, and starts no process.
        self._workers: list[_Process] = []
        self._starting: asyncio.Future[None] | None = None
        self._here: PipelineImages | None = None  # when no worker is left (or none started)
        self._refreshes: set[asyncio.Task[None]] = set()
        self._closed = False
        # Peak RSS of each worker that said goodbye, in bytes (for the benchmark's memory figure).
        self.worker_peak_rss: list[int] = []

    async def load(self, key: Hashable, url: str, *, refresh: Refresh | None = None) -> ImageResult:
        if self._closed:
            return _result(key, local_picture(url, worker_stopped(None)))
        await self._started()
        live = [w for w in self._workers if w.alive]
        if not live:
            return await self._in_this_process().load(key, url, refresh=refresh)
        worker = min(live, key=lambda w: len(w.loads))
        rid = next(self._ids)
        load = _Load(asyncio.get_running_loop().create_future(), refresh)
        worker.loads[rid] = load
        # A worker that has died but whose end is not seen yet: the send fails, and _lost
        # answers this load as local (the scanner tries it again).
        self._send(worker, ("load", rid, key, url, refresh is not None))
        try:
            picture = await load.future
        except asyncio.CancelledError:
            if worker.loads.pop(rid, None) is not None and worker.alive:
                self._send(worker, ("cancel", rid))
            raise
        return _result(key, picture)

    def forget(self, key: Hashable) -> None:
        # A worker's load forgets its picture (and its failure) when it is done; this is for a
        # load in flight elsewhere, as the pipeline's own forget.
        for worker in self._workers:
            if worker.alive:
                self._send(worker, ("forget", key))
        if self._here is not None:
            self._here.forget(key)

    async def fingerprints(
        self, urls: list[str], sizes: list[int] | None = None
    ) -> list[bytes | None]:
        if self._disk is None or not urls:
            return [None] * len(urls)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._io, disk_fingerprints, self._disk, urls, sizes)

    async def aclose(self) -> None:
        """Tell every worker to finish and wait for them together (ending those still there
        after :data:`CLOSE_TIMEOUT_S`). Closing twice is a no-op."""
        if self._closed:
            return
        self._closed = True
        if self._starting is not None:  # workers being started are closed like the others
            await asyncio.gather(self._starting, return_exceptions=True)
        for task in list(self._refreshes):
            task.cancel()
        await asyncio.gather(*self._refreshes, return_exceptions=True)
        for worker in self._workers:
            if worker.alive:
                self._send(worker, ("close",))
        waiting = [asyncio.ensure_future(w.gone.wait()) for w in self._workers if w.alive]
        if waiting:
            _, late = await asyncio.wait(waiting, timeout=CLOSE_TIMEOUT_S)
            for wait in late:
                wait.cancel()
            if late:
                log.warning("%d scan worker(s) did not stop in time; ending them", len(late))
        loop = asyncio.get_running_loop()
        for worker in self._workers:
            await loop.run_in_executor(self._io, _end, worker.process)
            self._lost(worker)
        if self._here is not None:
            await self._here.aclose()
        if self._disk is not None and self._workers:
            # Each worker bounded the disk cache by its own count of what it wrote: together they
            # may have gone past the bound, which holds again once the scan is over.
            await loop.run_in_executor(self._io, self._disk.recount)
        self._io.shutdown(wait=True)

    # -- starting --------------------------------------------------------------------------------
    async def _started(self) -> None:
        """The workers, started once (by the first load; every other waits for the same start)."""
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._start())
        # Shielded: a load cancelled meanwhile must not cancel the start the others wait for.
        await asyncio.shield(self._starting)

    async def _start(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            # In a thread: starting a process from a large one (the app's window) is a fork and an
            # exec each, which on the GUI thread were a stall of their own.
            started = await loop.run_in_executor(self._io, self._spawn)
        except Exception as exc:  # no process could be made: the scan goes on in this process
            log.warning("cannot start the scan's worker processes (%s); scanning in-process", exc)
            return
        for process, conn in started:
            worker = _Process(process, conn)
            self._workers.append(worker)
            loop.add_reader(conn.fileno(), self._receive, worker)

    def _spawn(self) -> list[tuple[BaseProcess, Connection]]:
        # "spawn": a fresh interpreter, never a fork of a process running Qt and threads.
        context = multiprocessing.get_context("spawn")
        folder = str(self._disk_cache_dir) if self._disk_cache_dir is not None else None
        started: list[tuple[BaseProcess, Connection]] = []
        # Ctrl+C is blocked while a worker is made: it starts with SIGINT blocked (an exec keeps
        # the mask) until serve() ignores it, so a Ctrl+C during its start-up prints no traceback.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            for n in range(self._count):
                mine, theirs = context.Pipe(duplex=True)
                process = context.Process(
                    target=serve,
                    args=(theirs, folder, self._concurrency),
                    name=f"snapview-scan-worker-{n}",
                    daemon=True,  # never outlives this process, whatever happens to it
                )
                try:
                    process.start()
                except BaseException:
                    mine.close()
                    raise
                finally:
                    theirs.close()
                started.append((process, mine))
        except BaseException:
            for made, conn in started:  # those already made go again
                conn.close()
                _end(made)
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return started

    def _in_this_process(self) -> PipelineImages:
        if self._here is None:
            if self._workers:
                log.warning("no scan worker process is left; scanning in-process")
            self._here = PipelineImages(
                disk_cache_dir=self._disk_cache_dir, concurrency=self._concurrency
            )
        return self._here

    # -- talking to the workers ------------------------------------------------------------------
    def _send(self, worker: _Process, message: tuple[Any, ...]) -> None:
        try:
            worker.conn.send(message)
        except OSError:
            self._lost(worker, crashed=True)

    def _receive(self, worker: _Process) -> None:
        try:
            while worker.alive and worker.conn.poll():
                self._dispatch(worker, worker.conn.recv())
        except (EOFError, OSError):
            self._lost(worker, crashed=not self._closed)

    def _dispatch(self, worker: _Process, message: tuple[Any, ...]) -> None:
        what = message[0]
        if what == "result":
            load = worker.loads.pop(message[1], None)
            if load is not None and not load.future.done():
                load.future.set_result(message[2])
        elif what == "refresh":
            load = worker.loads.get(message[1])
            refresh = load.refresh if load is not None else None
            task = asyncio.get_running_loop().create_task(
                self._refresh(worker, message[1], refresh)
            )
            self._refreshes.add(task)
            task.add_done_callback(self._refreshes.discard)
        elif what == "bye":
            self.worker_peak_rss.append(message[1])
            self._lost(worker)

    async def _refresh(self, worker: _Process, rid: int, refresh: Refresh | None) -> None:
        """The listing's fresh link for a worker's 403; always answered, so that load ends."""
        fresh: str | None = None
        try:
            if refresh is not None:
                fresh = await refresh()
        except Exception as exc:  # the snapshot then fails as expired, as in the pipeline
            log.info("refreshing an expired snapshot link failed: %s", type(exc).__name__)
        finally:
            if worker.alive:
                self._send(worker, ("refreshed", rid, fresh))

    def _lost(self, worker: _Process, *, crashed: bool = False) -> None:
        """The worker is gone (goodbye, closed pipe or crash): its loads fail as ``local``."""
        if not worker.alive:
            return
        worker.alive = False
        worker.gone.set()
        asyncio.get_running_loop().remove_reader(worker.conn.fileno())
        worker.conn.close()
        loads, worker.loads = worker.loads, {}
        if not loads:
            return
        code = None
        if crashed:
            worker.process.join(1.0)  # its pipe closed as it died: its exit status, for the message
            code = worker.process.exitcode
            log.warning("scan worker %s stopped (exit status %s)", worker.process.name, code)
        for load in loads.values():
            if not load.future.done():
                load.future.set_result(local_picture("", worker_stopped(code)))


def _end(process: BaseProcess) -> None:
    """Wait for a worker that was told to close; end it if it does not."""
    process.join(0.5)
    if process.is_alive():
        process.terminate()
        process.join(2.0)
    if process.is_alive():
        process.kill()
        process.join()


def _result(key: Hashable, picture: LoadedPicture) -> ImageResult:
    width, height = picture.pixel_size or (-1, -1)
    return ImageResult(
        key=key,
        url=picture.url,
        failure=picture.failure,
        reason=picture.reason,
        http_status=picture.http_status,
        byte_size=picture.byte_size,
        pixel_size=QSize(width, height),
        from_cache=picture.from_cache,
        content_sha256=picture.content_sha256,
        derived=picture.analysis,
    )
