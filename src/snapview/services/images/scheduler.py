"""Who downloads next: one job per key, newest-first queues per host, a bounded number of slots per
host, and a slow download giving its slot to the next tile.

Requests of one paint are queued before any starts (the pump is deferred to the next loop turn),
so the newest-first order holds for the whole batch. A host has ``per_host`` slots; while tiles
wait for one, a download still running after ``slow_after`` seconds leaves its slot (and goes on
under its deadlines), counted among at most ``per_host`` slow downloads of that host, so a server
node that trickles bytes costs a grid page a few seconds, not the rest of the session (issue #16,
I2), and a slow host never has more than twice ``per_host`` connections.

Lives on the pipeline's worker loop (``worker.py``). The pipeline owns the jobs' meaning (caches,
results, who waits for them); this module only orders and starts them.
"""

from __future__ import annotations

import asyncio
import heapq
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QSize

from snapview.services.images.decode import Decoder
from snapview.services.images.results import PipelineStats

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
    ticket: int = 0  # the pipeline's name for this fetch; its result carries it back
    can_refresh: bool = False  # a 403 may ask the pipeline for a fresh link
    task: asyncio.Task[None] | None = None
    started_at: float = 0.0
    tried_urls: list[str] = field(default_factory=list)
    wanted_by_view: bool = False  # request() wants it, not only load() callers
    holds_slot: bool = False  # counted in its host's ``per_host`` slots
    yielded: bool = False  # slow: gave its slot back, counted among the host's slow downloads
    decoder: Decoder | None = None  # a load's own decoder (the scan's); None: the grid's


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
        self._holders: dict[str, set[Job]] = {}  # the jobs holding each host's slots
        self._slow: Counter[str] = Counter()
        # One timer per host whose tiles wait for a slot (not one per download: a qasync timer is
        # a Qt timer, and most downloads end long before they could be slow).
        self._slow_checks: dict[str, asyncio.TimerHandle] = {}
        self._seq = 0
        self._pump_scheduled = False
        self._closed = False

    def enqueue(
        self,
        key: Hashable,
        url: str,
        target: QSize,
        priority: int,
        *,
        view: bool,
        ticket: int = 0,
        can_refresh: bool = False,
        decoder: Decoder | None = None,
    ) -> Job:
        """Queue (or re-queue, or join) the fetch of ``key``; duplicates are coalesced."""
        self._seq += 1
        job = self.jobs.get(key)
        if job is not None:
            self._stats.coalesced += 1
            job.target = target
            job.wanted_by_view = job.wanted_by_view or view
            job.can_refresh = job.can_refresh or can_refresh
            job.decoder = job.decoder or decoder
            if job.task is not None:
                return job
            job.priority, job.seq, job.url = priority, self._seq, url
        else:
            job = Job(key, url, target, priority, self._seq, host_of(url), ticket, can_refresh)
            job.wanted_by_view = view
            job.decoder = decoder
            self.jobs[key] = job
        heapq.heappush(self._queues.setdefault(job.host, []), (-job.priority, -job.seq, key))
        self._schedule_pump()
        return job

    def release(self, job: Job) -> None:
        """The job no longer downloads (done, failed or cancelled): free its slot. Idempotent."""
        if job.holds_slot:
            job.holds_slot = False
            self._holders[job.host].discard(job)
            self._schedule_pump()
        if job.yielded:
            job.yielded = False
            self._slow[job.host] -= 1
            if self._queues.get(job.host):
                self._schedule_pump()  # room among the slow ones: watch the host again

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
        for timer in self._slow_checks.values():
            timer.cancel()
        self._slow_checks.clear()
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
            holders = self._holders.setdefault(host, set())
            while heap and len(holders) < self.per_host:
                _, neg_seq, key = heapq.heappop(heap)
                job = self.jobs.get(key)
                if job is None or job.task is not None or job.seq != -neg_seq:
                    continue  # cancelled or re-queued with a newer sequence number
                self._start(job)
            if heap:
                self._watch_for_slow(host)  # tiles wait: a slow download should make room
            else:
                del self._queues[host]

    def _start(self, job: Job) -> None:
        self._holders[job.host].add(job)
        job.holds_slot = True
        job.started_at = time.perf_counter()
        self._stats.requests_started += 1
        loop = asyncio.get_event_loop()
        job.task = loop.create_task(self._run(job), name=f"image-fetch:{job.key!r}")

    def _watch_for_slow(self, host: str) -> None:
        holders = self._holders.get(host)
        if host in self._slow_checks or not holders:
            return
        due = min(job.started_at for job in holders) + self.slow_after
        delay = max(0.0, due - time.perf_counter())
        loop = asyncio.get_event_loop()
        self._slow_checks[host] = loop.call_later(delay, self._yield_slow, host)

    def _yield_slow(self, host: str) -> None:
        """Downloads of ``host`` running for ``slow_after`` give their slots to the waiting tiles."""
        del self._slow_checks[host]
        now = time.perf_counter()
        freed = False
        for job in sorted(self._holders.get(host, ()), key=lambda j: j.started_at):
            if now - job.started_at < self.slow_after:
                break
            if self._slow[host] >= self.per_host:
                return  # as many slow ones as slots: the next to end pumps, and watches again
            self._holders[host].discard(job)
            job.holds_slot, job.yielded = False, True
            self._slow[host] += 1
            self._stats.slow_yields += 1
            freed = True
        if freed:
            self._schedule_pump()  # starts the waiting tiles, and watches again if more wait
        elif self._queues.get(host):
            self._watch_for_slow(host)


def host_of(url: str) -> str:
    """The per-host queue of ``url``. A link Python cannot split (``http://[::1/a.jpg``) gets a
    queue of its own: its fetch then fails as a bad link, where raising here left the tile waiting
    for an answer that never came."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return url
