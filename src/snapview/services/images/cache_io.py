"""The pipeline's side of the disk cache: every call on the cache's own I/O thread (but the one
``stat`` that tells a miss), and a fault of the cache folder (deleted, full, read-only) turned into
one notice instead of a failed tile.

A disk cache is an optimisation, so nothing it does may cost a tile its picture (issue #16, issue
#15 D1): a lookup or read that fails is a miss, a store that fails is skipped. The first failed
store of an episode logs a warning and tells the pipeline (which emits ``local_problem`` with a
sentence that says the fault is local); the next store that works ends the episode. A deleted
folder needs nothing: the next store makes it again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from snapview.core.i18n import Message
from snapview.services.http_cache import CachedResponse, HttpDiskCache
from snapview.services.images.failures import cache_not_writable, os_error_text
from snapview.services.images.results import PipelineStats

log = logging.getLogger("snapview.images")
T = TypeVar("T")


class DiskCacheAccess:
    """Async wrappers over :class:`HttpDiskCache` (or no-ops when the pipeline has no disk cache)."""

    def __init__(
        self,
        cache: HttpDiskCache | None,
        io: ThreadPoolExecutor,
        stats: PipelineStats,
        on_problem: Callable[[Message | None], None],
    ) -> None:
        self.cache = cache
        self._io = io
        self._stats = stats
        self._on_problem = on_problem
        self._failing = False

    @property
    def failing(self) -> bool:
        """Whether the last store failed (the cache is being skipped)."""
        return self._failing

    async def _call(self, fn: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._io, fn, *args)

    async def lookup(self, url: str) -> tuple[CachedResponse | None, bytes | None]:
        """The entry for ``url`` and, when it is fresh, its body — in one trip to
        the I/O thread, and in none for a link the cache does not hold: that answer is one
        ``stat`` on the calling thread, where the trip there and back (a thread hop each way)
        cost the worker's loop more than the miss itself, once per image of a cold scan. A body
        that cannot be read is None (the entry is then revalidated or fetched again)."""
        cache = self.cache
        if cache is None or not cache.may_hold(url):
            return None, None
        return await self._call(self._lookup_and_read, cache, url)

    @staticmethod
    def _lookup_and_read(
        cache: HttpDiskCache, url: str
    ) -> tuple[CachedResponse | None, bytes | None]:
        cached = cache.lookup(url)  # unreadable entries are misses already
        if cached is None or not cached.is_fresh():
            return cached, None
        try:
            return cached, cached.read_body()
        except OSError:
            return cached, None

    async def read(self, cached: CachedResponse) -> bytes | None:
        """The stored body, or None when it vanished or cannot be read (then it is fetched again)."""
        try:
            return await self._call(cached.read_body)
        except OSError:
            return None

    async def store(self, url: str, body: bytes | None, headers: dict[str, str]) -> None:
        await self.store_many([(url, body, headers)])

    async def store_many(self, bodies: Sequence[tuple[str, bytes | None, dict[str, str]]]) -> None:
        """Store several bodies in one trip to the I/O thread: a trip per image (a thread hop
        each way) was a measurable share of a whole-video scan. Each entry is still written on its
        own, atomically, so a crash in between leaves complete entries only."""
        if self.cache is None or not bodies:
            return
        for outcome in await self._call(self._store_each, self.cache, bodies):
            self._note(outcome)

    @staticmethod
    def _store_each(
        cache: HttpDiskCache, bodies: Sequence[tuple[str, bytes | None, dict[str, str]]]
    ) -> list[CachedResponse | OSError | None]:
        out: list[CachedResponse | OSError | None] = []
        for body in bodies:
            try:
                out.append(cache.store(*body))
            except OSError as exc:
                out.append(exc)
        return out

    def _note(self, written: CachedResponse | OSError | None) -> None:
        """Start or end an episode of a folder that cannot be written."""
        assert self.cache is not None
        if isinstance(written, OSError):
            exc = written
            self._stats.local_errors += 1
            if not self._failing:
                self._failing = True
                log.warning(
                    "image cache folder %s cannot be written (%s); images are shown but not kept",
                    self.cache.directory,
                    os_error_text(exc),
                )
                self._on_problem(cache_not_writable(str(self.cache.directory), exc))
            return
        if self._failing and written is not None:
            self._failing = False
            log.info("image cache folder %s can be written again", self.cache.directory)
            self._on_problem(None)

    async def remove(self, url: str) -> None:
        if self.cache is not None:
            await self._call(self.cache.remove, url)
