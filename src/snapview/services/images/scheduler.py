"""Who downloads next: one job per key, newest-first queues per host, a bounded number of slots per
host, and a slow download giving its slot to the next tile.

Requests of one paint are queued before any starts (the pump is deferred to the next loop turn),
so the newest-first order holds for the whole batch. A host has ``per_host`` slots; a download
still running after ``slow_after`` seconds leaves its slot (and goes on under its deadlines),
counted among at most ``per_host`` slow downloads of that host, so a server node that trickles
bytes costs a grid page a few seconds, not the rest of the session (issue #16, I2).

Lives on the event loop thread. The pipeline owns the jobs' meaning (caches, results); this module
only orders and starts them.
"""

from __future__ import annotations

import asyncio
import heapq
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PySide6.QtCore import QSize

from snapview.services.images.results import PipelineStats

if TYPE_CHECKING:
    from snapview.services.images.results import ImageResult

# Per request: a fresh link for this one image, e.g. ``functools.partial(pager.refresh_url, index)``.
Refresh = Callable[[], Awaitable[str]]


@dataclass(eq=False)
class Job:
    """One key's pending fetch: queued until a slot of its host is free, then its task runs."""

    key: Hashable
    url: str
    target: QSize
    priority: int
    seq: int
    host: str
    refresh: Refresh | None = None
    task: asyncio.Task[None] | None = None
    started_at: float = 0.0
    tried_urls: list[str] = field(default_factory=list)
    waiters: list[asyncio.Future[ImageResult]] = field(default_factory=list)
    wanted_by_view: bool = False  # request() wants it, not only load() callers
    holds_slot: bool = False  # counted in its host's ``per_host`` slots
    yielded: bool = False  # slow: gave its slot back, counted among the host's slow downloads
    slow_timer: asyncio.TimerHandle | None = None


class HostScheduler:
    """The jobs by key, and the queues and slots that decide when each one's task starts."""

    def __init__(
        self,
        per_host: int,
        slow_after: float,
        stats: PipelineStats,
        run: Callable[[Job], Coroutine[Any, Any, None]],
    ) -> None:
        self.per_host = max(1, per_host)
        self.slow_after = slow_after
        self.jobs: dict[Hashable, Job] = {}
        self._stats = stats
        self._run = run
        self._queues: dict[str, list[tuple[int, int, Hashable]]] = {}
        self._active: Counter[str] = Counter()
        self._slow: Counter[str] = Counter()
        self._seq = 0
        self._pump_scheduled = False
        self._closed = False

    def enqueue(
        self,
        key: Hashable,
        url: str,
        target: QSize,
        priority: int,
        refresh: Refresh | None,
        *,
        view: bool,
    ) -> Job:
        """Queue (or re-queue, or join) the fetch of ``key``; duplicates are coalesced."""
        self._seq += 1
        job = self.jobs.get(key)
        if job is not None:
            self._stats.coalesced += 1
            job.target = target
            job.wanted_by_view = job.wanted_by_view or view
            job.refresh = refresh or job.refresh
            if job.task is not None:
                return job
            job.priority, job.seq, job.url = priority, self._seq, url
        else:
            host = urlsplit(url).netloc.lower()
            job = Job(key, url, target, priority, self._seq, host, refresh, wanted_by_view=view)
            self.jobs[key] = job
        heapq.heappush(self._queues.setdefault(job.host, []), (-job.priority, -job.seq, key))
        self._schedule_pump()
        return job

    def release(self, job: Job) -> None:
        """The job no longer downloads (done, failed or cancelled): free its slot. Idempotent."""
        if job.slow_timer is not None:
            job.slow_timer.cancel()
            job.slow_timer = None
        if job.holds_slot:
            job.holds_slot = False
            self._active[job.host] -= 1
            self._schedule_pump()
        if job.yielded:
            job.yielded = False
            self._slow[job.host] -= 1

    def finished(self, job: Job) -> None:
        """The job's task is over: forget it (unless a newer job took its key meanwhile)."""
        self.release(job)
        if self.jobs.get(job.key) is job:
            del self.jobs[job.key]

    def drop(self, job: Job) -> None:
        """Forget the job now and cancel its task (its tile scrolled away)."""
        del self.jobs[job.key]
        self._stats.cancelled += 1
        if job.task is not None:
            job.task.cancel()

    def compact(self) -> None:
        """Remove dropped and superseded entries from the queues (after a mass cancel)."""
        for host, heap in list(self._queues.items()):
            live = [e for e in heap if (j := self.jobs.get(e[2])) is not None and j.seq == -e[1]]
            if live:
                heapq.heapify(live)
                self._queues[host] = live
            else:
                del self._queues[host]

    def close(self) -> list[Job]:
        """Stop starting jobs; returns the jobs that were pending (their tasks still to cancel)."""
        self._closed = True
        jobs = list(self.jobs.values())
        self.jobs.clear()
        self._queues.clear()
        for job in jobs:
            if job.slow_timer is not None:
                job.slow_timer.cancel()
        return jobs

    def _schedule_pump(self) -> None:
        if not self._pump_scheduled and not self._closed:
            self._pump_scheduled = True
            asyncio.get_event_loop().call_soon(self._pump)

    def _pump(self) -> None:
        self._pump_scheduled = False
        if self._closed:
            return
        for host, heap in list(self._queues.items()):
            while heap and self._active[host] < self.per_host:
                _, neg_seq, key = heapq.heappop(heap)
                job = self.jobs.get(key)
                if job is None or job.task is not None or job.seq != -neg_seq:
                    continue  # cancelled or re-queued with a newer sequence number
                self._start(job)
            if not heap:
                del self._queues[host]

    def _start(self, job: Job) -> None:
        loop = asyncio.get_event_loop()
        self._active[job.host] += 1
        job.holds_slot = True
        job.started_at = time.perf_counter()
        job.slow_timer = loop.call_later(self.slow_after, self._on_slow, job)
        self._stats.requests_started += 1
        job.task = loop.create_task(self._run(job), name=f"image-fetch:{job.key!r}")

    def _on_slow(self, job: Job) -> None:
        """Still downloading after ``slow_after``: let the host's next tile start meanwhile."""
        job.slow_timer = None
        if job.holds_slot and self._slow[job.host] < self.per_host:
            job.holds_slot, job.yielded = False, True
            self._active[job.host] -= 1
            self._slow[job.host] += 1
            self._stats.slow_yields += 1
            self._schedule_pump()
