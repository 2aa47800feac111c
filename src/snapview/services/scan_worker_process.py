"""The child side of :class:`~snapview.services.scan_processes.ProcessImages`: one scan worker
process, which loads the pictures its parent asks for through its own
:class:`~snapview.services.scan_images.PipelineImages` (the image pipeline with the scan's decoder:
disk cache, deadlines, size limits, failure kinds, the one refreshed link after a 403) and sends
back what the scanner keeps of each — never the pixels.

Why a process: in one process every picture's download, decode, analysis and cache write share one
GIL between four threads, and on a two-core machine the hand-offs between them, not the cores, set
the pace (docs/performance.md, scan). Each worker has its own interpreter; the parent only lists,
schedules and records.

The protocol, over one :func:`multiprocessing.Pipe` (pickled tuples):

parent → worker: ``("load", rid, key, url, can_refresh)``, ``("cancel", rid)``, ``("forget", key)``,
``("refreshed", rid, url | None)``, ``("close",)``;
worker → parent: ``("result", rid, LoadedPicture)``, ``("refresh", rid)`` (a 403: the parent asks
its listing for a fresh link and answers ``refreshed``), ``("bye", peak_rss_bytes)`` last.

Ctrl+C is the parent's to handle (the terminal sends SIGINT to the whole process group): a worker
ignores it (from its first instruction: it is started with SIGINT blocked) and stops when told to
close, or when its pipe is closed because the parent is gone. It logs errors to stderr through the
app's redacting formatter, never to the parent's log file.
The disk cache only ever gains complete entries, so a worker stopped at any point leaves it
consistent.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Hashable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from snapview.core.detectors.analysis import FrameAnalysis
from snapview.core.i18n import Message
from snapview.services.images import FailureKind, ImageResult
from snapview.services.images.failures import unexpected_failure

log = logging.getLogger("snapview.scan")


@dataclass(frozen=True, slots=True)
class LoadedPicture:
    """What crosses back to the parent for one load: an :class:`ImageResult` without the image."""

    url: str
    failure: FailureKind | None
    reason: Message | None
    http_status: int | None
    byte_size: int
    pixel_size: tuple[int, int] | None
    from_cache: bool
    content_sha256: bytes | None
    analysis: FrameAnalysis | None

    @classmethod
    def of(cls, result: ImageResult) -> LoadedPicture:
        analysis = result.derived if isinstance(result.derived, FrameAnalysis) else None
        if result.failure is None and analysis is None and result.image is not None:
            # The scan's decoder failed and the grid's decoded it: analyse it here, as the
            # scanner would (rare; the pixels never leave this process).
            from snapview.services.scan_decode import analyse_decoded

            analysis = analyse_decoded(result.image, result.pixel_size)
        size = result.pixel_size
        return cls(
            url=result.url,
            failure=result.failure,
            reason=result.reason,
            http_status=result.http_status,
            byte_size=result.byte_size,
            pixel_size=(size.width(), size.height()) if size.isValid() else None,
            from_cache=result.from_cache,
            content_sha256=result.content_sha256,
            analysis=analysis,
        )


def local_picture(url: str, reason: Message) -> LoadedPicture:
    """A load that failed because of this computer (``local``: retried, never a finding)."""
    return LoadedPicture(url, FailureKind.LOCAL, reason, None, 0, None, False, None, None)


def serve(conn: Connection, disk_cache_dir: str | None, concurrency: int) -> None:
    """The worker's main function (the target of its :class:`multiprocessing.Process`)."""
    # The parent starts a worker with SIGINT blocked: ignored from here on, then unblocked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    import resource

    from PySide6.QtCore import QCoreApplication

    from snapview.logconfig import setup_logging
    from snapview.services.gil_switch import shorten_gil_switch

    # Errors on stderr, redacted, as the parent's own without -v; no second writer of its log file.
    setup_logging(0, to_file=False)
    shorten_gil_switch()  # as `snapview scan` sets it in the parent
    app = QCoreApplication.instance() or QCoreApplication(["snapview-scan-worker"])
    try:
        asyncio.run(_Worker(conn, disk_cache_dir, concurrency).run())
    finally:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        try:
            conn.send(("bye", peak))
        except OSError:
            pass  # the parent is gone
        conn.close()
        del app


class _Worker:
    def __init__(self, conn: Connection, disk_cache_dir: str | None, concurrency: int) -> None:
        from snapview.services.scan_images import PipelineImages

        self._conn = conn
        self._images = PipelineImages(
            disk_cache_dir=Path(disk_cache_dir) if disk_cache_dir else None,
            concurrency=concurrency,
        )
        self._loads: dict[int, asyncio.Task[None]] = {}
        self._refreshes: dict[int, asyncio.Future[str | None]] = {}
        self._closing: asyncio.Event | None = None

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        self._closing = asyncio.Event()
        loop.add_reader(self._conn.fileno(), self._receive)
        try:
            await self._closing.wait()
        finally:
            loop.remove_reader(self._conn.fileno())
            for task in self._loads.values():
                task.cancel()
            await asyncio.gather(*self._loads.values(), return_exceptions=True)
            await self._images.aclose()

    def _receive(self) -> None:
        assert self._closing is not None
        try:
            while self._conn.poll():
                self._dispatch(self._conn.recv())
        except (EOFError, OSError):
            self._closing.set()  # the parent is gone: stop

    def _dispatch(self, message: tuple[Any, ...]) -> None:
        assert self._closing is not None
        what = message[0]
        if what == "load":
            _, rid, key, url, can_refresh = message
            task = asyncio.get_running_loop().create_task(self._load(rid, key, url, can_refresh))
            self._loads[rid] = task
        elif what == "cancel":
            running = self._loads.pop(message[1], None)
            if running is not None:
                running.cancel()
        elif what == "refreshed":
            waiting = self._refreshes.pop(message[1], None)
            if waiting is not None and not waiting.done():
                waiting.set_result(message[2])
        elif what == "forget":
            self._images.forget(message[1])
        elif what == "close":
            self._closing.set()

    async def _load(self, rid: int, key: Hashable, url: str, can_refresh: bool) -> None:
        async def fresh_link() -> str:
            waiting = asyncio.get_running_loop().create_future()
            self._refreshes[rid] = waiting
            self._conn.send(("refresh", rid))
            fresh = await waiting
            if not fresh:
                raise LookupError("no fresh link")  # the pipeline then reports the 403
            return str(fresh)

        try:
            result = await self._images.load(key, url, refresh=fresh_link if can_refresh else None)
            picture = LoadedPicture.of(result)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug: this snapshot is a scan error, and the scan goes on
            log.exception("scan worker error")
            picture = local_picture(url, unexpected_failure(exc).user_message)
        finally:
            self._loads.pop(rid, None)
            self._refreshes.pop(rid, None)
        try:
            self._conn.send(("result", rid, picture))
        except OSError:
            assert self._closing is not None
            self._closing.set()
