"""The pages of one Alibaba Cloud VOD snapshot job (``ListSnapshots``), fetched on demand: the
Alibaba side of :class:`~snapview.services.snapshot_listing.SnapshotListing`.

Pages are cached, concurrent callers of one page share one request, at most ``max_in_flight`` run
at once, and everything in flight can be cancelled. :meth:`SnapshotPager.list_all` walks every page
with :func:`snapview.services.listing_walk.walk_pages`: a page that fails after its retries is
reported as missing while every other page is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from snapview.core.listsnapshots import ListSnapshotsRequest
from snapview.core.snapshots import SnapshotPage
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.services.listing_walk import WalkingPager
from snapview.services.retry import RetryBudget, RetryPolicy

if TYPE_CHECKING:
    from snapview.services.vod_client import VodClient

log = logging.getLogger("snapview.services.vod_client")


class SnapshotPager(WalkingPager):
    """The pages of one video's snapshot job, fetched on demand.

    A page is fetched once and cached; concurrent callers of one page share one request; at most
    ``max_in_flight`` page requests run at once. ``total`` and ``job_id`` are known after the first
    page. When a later page reports a different ``JobId`` (a new snapshot job replaced the old
    one), the cache is dropped, ``job_changes`` counts up, and :meth:`all_snapshots` starts over.
    """

    def __init__(
        self, client: VodClient, request: ListSnapshotsRequest, *, max_in_flight: int = 4
    ) -> None:
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self._client = client
        self._request = request
        self.provider = "aliyun"
        self.video_id = request.video_id
        self.snapshot_type: str = request.snapshot_type
        self.page_size = request.page_size
        self.auth_timeout = request.auth_timeout
        self.max_in_flight = max_in_flight
        self.total: int | None = None
        self.job_id: str | None = None
        self.job_changes = 0
        self._pages: dict[int, SnapshotPage] = {}
        self._pending: dict[tuple[int, bool], asyncio.Task[SnapshotPage]] = {}
        self._cancels = 0  # how often cancel() was called: a walk started before it stops
        self._slots = asyncio.Semaphore(max_in_flight)
        self._running: set[asyncio.Task[Any]] = set()

    @property
    def request(self) -> ListSnapshotsRequest:
        return self._request

    @property
    def page_count(self) -> int | None:
        if self.total is None:
            return None
        return max(1, -(-self.total // self.page_size))

    @property
    def in_flight(self) -> int:
        """Page requests being sent now (holding one of the ``max_in_flight`` slots), not counting
        those already told to cancel."""
        return sum(1 for t in self._running if not t.cancelling())

    @property
    def pending(self) -> int:
        """Page requests started and not yet ended, including those waiting for a slot."""
        return sum(1 for t in self._pending.values() if not t.done() and not t.cancelling())

    def cached(self, page_no: int) -> SnapshotPage | None:
        return self._pages.get(page_no)

    def page_of_index(self, index: int) -> int:
        return (index - 1) // self.page_size + 1

    async def page(self, page_no: int) -> SnapshotPage:
        """Page ``page_no`` (1-based), from the cache when it is there."""
        self._check_page(page_no)
        cached = self._pages.get(page_no)
        if cached is not None:
            return cached
        return await asyncio.shield(self._task(page_no, fresh=False))

    async def page_for_index(self, index: int) -> SnapshotPage:
        """The page holding the 1-based snapshot ``index``."""
        self._check_index(index)
        return await self.page(self.page_of_index(index))

    async def refresh_url(self, index: int) -> str:
        """A fresh URL for snapshot ``index``: its page is fetched again, bypassing the cache (the old
        URL's CDN token expired). Raises :class:`VodError` when the current job has no such snapshot."""
        self._check_index(index)
        page = await asyncio.shield(self._task(self.page_of_index(index), fresh=True))
        for snapshot in page.snapshots:
            if snapshot.index == index:
                return snapshot.url
        raise VodError(
            "SnapshotNotFound",
            f"snapshot {index} is not in the current job {page.job_id or '-'} (total {page.total})",
            request_id=page.request_id,
            error_class=ErrorClass.NOT_FOUND,
        )

    async def __aiter__(self) -> AsyncIterator[SnapshotPage]:
        """Every page in order; the next pages are fetched while the current one is consumed."""
        first = await self.page(1)
        yield first
        count = self.page_count or 1
        for page_no in range(2, count + 1):
            for ahead in range(page_no, min(count, page_no + self.max_in_flight - 1) + 1):
                if ahead not in self._pages:
                    self._task(ahead, fresh=False)
            yield await self.page(page_no)

    def cancel(self) -> None:
        """Cancel every page request in flight (their HTTP requests are aborted); ``in_flight`` is 0
        afterwards. Cached pages stay; later calls start new requests."""
        self._cancels += 1
        for task in list(self._pending.values()):
            task.cancel()

    async def wait_idle(self) -> None:
        """Wait until every started page request has ended (finished, failed or cancelled)."""
        tasks = list(self._pending.values())
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    # --- the hooks of WalkingPager -------------------------------------------------------------

    def _retry_policy(self) -> RetryPolicy:
        return self._client.retry

    async def _first_page(self, cancels: int, budget: RetryBudget) -> SnapshotPage:
        return self._pages.get(1) or await self._walk_fetch(cancels, 1, budget)

    def _task_name(self, page_no: int) -> str:
        return f"ListSnapshots {self.video_id} page {page_no}"

    async def _fetch(self, page_no: int, budget: RetryBudget | None = None) -> SnapshotPage:
        page = await self._client.fetch(
            self._request.with_page(page_no),
            max_attempts=self._client.retry.page_attempts if budget else None,
            budget=budget,
            gate=self._slot,
        )
        self._accept(page)
        return page

    @contextlib.asynccontextmanager
    async def _slot(self) -> AsyncIterator[None]:
        """One of the ``max_in_flight`` slots for one attempt (not held while waiting to retry)."""
        async with self._slots:
            task = asyncio.current_task()
            if task is not None:
                self._running.add(task)
            try:
                yield
            finally:
                if task is not None:
                    self._running.discard(task)

    def _accept(self, page: SnapshotPage) -> None:
        if self.job_id is None:
            self.job_id = page.job_id
        elif page.job_id != self.job_id:
            self.job_changes += 1
            log.info(
                "ListSnapshots %s: job %s replaced by %s", self.video_id, self.job_id, page.job_id
            )
            self.job_id = page.job_id
            self._pages.clear()
        self.total = page.total
        self._pages[page.page_no] = page
