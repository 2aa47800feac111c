"""Listing every page of a snapshot job so that one bad page costs that page, not the listing: the
walk both providers' pagers use for ``all_snapshots()``.

Pages are fetched a few at a time, each with its own retries and one retry budget for the whole
walk (:mod:`snapview.services.retry`). A page that still fails is recorded as missing, with its
error, and the walk goes on; the result holds every snapshot that was listed plus the missing page
ranges. ``Total`` is not trusted: the walk ends at the first short (or empty) page, never goes further
than :data:`MAX_LISTED_SNAPSHOTS` (a job claiming more is refused with a ``ResponseFormatError``
before anything is allocated for it) and only looks one page past what ``Total`` announces. It
stops early when the retry budget is used up or a page fails with an error a retry cannot fix;
the pages it did not reach are then missing too.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.listsnapshots import ResponseFormatError
from snapview.core.snapshots import Snapshot, SnapshotPage
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.services.retry import RetryBudget, RetryPolicy

log = logging.getLogger("snapview.vod")

# Far above any real job (a snapshot a second for 55 hours; Huawei pages at most 20,580 per task)
# and far below what would exhaust memory (a Snapshot with its signed URL is about 0.5 KB).
MAX_LISTED_SNAPSHOTS = 200_000
# Pages a walk keeps started, per request slot of its pager: a page waiting to retry gives its slot
# back, so a few more pages than slots keep the slots busy; far fewer than a task per page of Total.
WALK_WINDOW = 4


@dataclass(frozen=True)
class MissingPages:
    """Pages ``first``..``last`` (1-based, inclusive) that could not be listed, and why."""

    first: int
    last: int
    error: VodError

    def span(self) -> str:
        if self.last == self.first:
            return f"page {self.first}"
        return f"pages {self.first}–{self.last}"

    def as_dict(self) -> dict[str, object]:
        return {
            "first": self.first,
            "last": self.last,
            "error_class": str(self.error.error_class),
            "code": self.error.code,
            "message": self.error.message,
            "request_id": self.error.request_id,
            "attempts": self.error.attempts,
        }


@dataclass(frozen=True)
class ListingResult:
    """What a walk found: the snapshots in index order (from every page that arrived), the pages
    that did not, and the first page (job id, ``Total``, ``Regular``)."""

    snapshots: tuple[Snapshot, ...]
    missing: tuple[MissingPages, ...]
    first_page: SnapshotPage
    pages_listed: int

    @property
    def complete(self) -> bool:
        return not self.missing


class ListingIncomplete(VodError):
    """``all_snapshots()`` when some pages are missing: the error of the first missing page, with
    the partial result attached (``result``) so nothing listed is lost."""

    def __init__(self, result: ListingResult) -> None:
        first = result.missing[0]
        spans = ", ".join(m.span() for m in result.missing)
        super().__init__(
            "ListingIncomplete",
            f"{spans} could not be listed ({first.error.code}: {first.error.message}); "
            f"{len(result.snapshots)} snapshots were listed",
            request_id=first.error.request_id,
            error_class=first.error.error_class,
        )
        self.result = result
        self.attempts = first.error.attempts

    @property
    def user_message(self) -> Message:
        return Message(
            "VodError",
            QT_TRANSLATE_NOOP(
                "VodError",
                "Some pages of snapshots could not be listed ({pages}): {reason} The {count} "
                "snapshots that were listed are kept.",
            ),
            {
                "pages": ", ".join(m.span() for m in self.result.missing),
                "reason": self.result.missing[0].error.user_message.english(),
                "count": len(self.result.snapshots),
            },
        )


def check_total(page: SnapshotPage) -> None:
    """Refuse a job that claims more snapshots than any real one has (a broken or hostile gateway)."""
    if page.total > MAX_LISTED_SNAPSHOTS:
        raise ResponseFormatError(
            f"the server claims {page.total} snapshots for one job; more than "
            f"{MAX_LISTED_SNAPSHOTS} is not a real snapshot job, so the listing was not attempted",
            request_id=page.request_id,
        )


def _pages_of(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


async def walk_pages(
    first: SnapshotPage,
    fetch: Callable[[int, RetryBudget], Awaitable[SnapshotPage]],
    *,
    page_size: int,
    window: int,
    budget: RetryBudget,
) -> ListingResult:
    """Every page after ``first`` (page 1, already fetched) until a short page; ``fetch(page_no,
    budget)`` fetches one page with its retries. Never raises for a page that fails (only for a
    job claiming too many snapshots, or when cancelled)."""
    check_total(first)
    max_pages = MAX_LISTED_SNAPSHOTS // page_size + 1
    pages: dict[int, SnapshotPage] = {1: first}
    failed: dict[int, VodError] = {}
    end: int | None = 1 if len(first.snapshots) < page_size else None
    # Look at most one page past what Total announces; a full page there extends the look-ahead.
    horizon = _pages_of(first.total, page_size) + 1
    next_no = 2
    stopped: VodError | None = None
    running: dict[asyncio.Task[SnapshotPage], int] = {}
    try:
        while True:
            while (
                stopped is None
                and end is None
                and len(running) < window
                and next_no <= min(horizon, max_pages)
            ):
                task = asyncio.ensure_future(fetch(next_no, budget))
                running[task] = next_no
                next_no += 1
            if not running:
                break
            done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                page_no = running.pop(task)
                try:
                    page = task.result()
                except VodError as error:
                    if page_no > _pages_of(first.total, page_size) and not error.retryable:
                        # Past the announced end a refusal (PageNo out of range) is the end.
                        end = page_no if end is None else min(end, page_no)
                        continue
                    failed[page_no] = error
                    if not error.retryable or budget.exhausted:
                        stopped = stopped or error
                    continue
                check_total(page)
                pages[page_no] = page
                if len(page.snapshots) < page_size:
                    end = page_no if end is None else min(end, page_no)
                else:
                    announced = _pages_of(page.total, page_size)
                    # Past the announced end, Total is wrong: keep the window full from here on.
                    ahead = page_no + (window if page_no > announced else 1)
                    horizon = max(horizon, ahead, announced + 1)
            if end is not None:
                for task, page_no in list(running.items()):
                    if page_no > end:
                        task.cancel()
                        del running[task]
        if end is None and stopped is None and next_no > max_pages:
            raise ResponseFormatError(
                f"the job's pages did not end after {MAX_LISTED_SNAPSHOTS} snapshots; the server "
                "keeps sending full pages",
                request_id=first.request_id,
            )
    finally:
        for task in running:
            task.cancel()
    limit = end if end is not None else next_no - 1
    listed = [pages[n] for n in sorted(pages) if n <= limit]
    snapshots = sorted((s for page in listed for s in page.snapshots), key=lambda s: s.index)
    missing = _ranges(sorted(n for n in failed if n <= limit), failed)
    if end is None and stopped is not None:
        # The walk stopped before the end: everything after what it tried is missing as well.
        announced = _pages_of(max(p.total for p in listed), page_size)
        if next_no <= announced:
            missing = _merge(missing, MissingPages(next_no, announced, stopped))
    if missing:
        log.info(
            "%s %s: %d snapshots listed, missing %s",
            first.video_id, first.snapshot_type, len(snapshots),
            ", ".join(m.span() for m in missing),
        )  # fmt: skip
    return ListingResult(tuple(snapshots), tuple(missing), first, len(listed))


def _ranges(numbers: Sequence[int], errors: dict[int, VodError]) -> list[MissingPages]:
    """Consecutive failed pages as ranges, each with the error of its first page."""
    ranges: list[MissingPages] = []
    for n in numbers:
        if ranges and ranges[-1].last == n - 1:
            ranges[-1] = MissingPages(ranges[-1].first, n, ranges[-1].error)
        else:
            ranges.append(MissingPages(n, n, errors[n]))
    return ranges


def _merge(ranges: list[MissingPages], tail: MissingPages) -> list[MissingPages]:
    if ranges and ranges[-1].last >= tail.first - 1:
        return [*ranges[:-1], MissingPages(ranges[-1].first, tail.last, ranges[-1].error)]
    return [*ranges, tail]


class WalkingPager:
    """What both providers' pagers share: cached pages, one task per page in flight (concurrent
    callers of a page share it), and :meth:`list_all` over :func:`walk_pages`, started over when
    the job (Alibaba) or task (Huawei) is replaced while its pages are listed.

    A pager sets the attributes below in its ``__init__`` and supplies the hooks at the end."""

    MAX_JOB_RESTARTS = 3
    ERROR: type[VodError] = VodError  # the provider's error class
    JOB_NOUN = "job"  # what the provider calls the snapshot job (Huawei: "task")
    video_id: str
    page_size: int
    max_in_flight: int
    job_changes: int
    _pages: dict[int, SnapshotPage]
    _pending: dict[tuple[int, bool], asyncio.Task[SnapshotPage]]
    _cancels: int  # how often cancel() was called: a walk started before it stops
    total: int | None  # the job's Total, once a page told it

    @property
    def page_count(self) -> int | None:
        raise NotImplementedError

    def _check_page(self, page_no: int) -> None:
        count = self.page_count
        if page_no < 1 or (count is not None and page_no > count):
            raise self.ERROR(
                "InvalidParameter",
                f"page {page_no} is outside 1..{count if count is not None else '?'}",
                error_class=ErrorClass.INPUT,
            )

    def _check_index(self, index: int) -> None:
        if index < 1 or (self.total is not None and index > self.total):
            raise self.ERROR(
                "InvalidParameter",
                f"snapshot {index} is outside 1..{self.total if self.total is not None else '?'}",
                error_class=ErrorClass.INPUT,
            )

    async def all_snapshots(self) -> list[Snapshot]:
        """Every snapshot in index order, all from one job (restarts if it is replaced). Raises
        :class:`ListingIncomplete`, carrying what was listed, when some pages are missing."""
        result = await self.list_all()
        if result.missing:
            raise ListingIncomplete(result)
        return list(result.snapshots)

    async def list_all(self) -> ListingResult:
        """Every page until the job's end, keeping what arrived when some pages fail: the result
        says which pages are missing and why. Raises only when page 1 fails (nothing to list), the
        job claims more snapshots than a real one has, or the job keeps being replaced."""
        for _ in range(self.MAX_JOB_RESTARTS + 1):
            changes = self.job_changes
            budget = self._retry_policy().budget()
            cancels = self._cancels
            first = await self._first_page(cancels, budget)
            result = await walk_pages(
                first,
                functools.partial(self._walk_fetch, cancels),
                page_size=self.page_size,
                window=WALK_WINDOW * self.max_in_flight,
                budget=budget,
            )
            if self.job_changes == changes:
                return result
            log.info("%s: the snapshot job was replaced while paging; starting over", self.video_id)
        raise self._job_replaced()

    async def _walk_fetch(self, cancels: int, page_no: int, budget: RetryBudget) -> SnapshotPage:
        """A page for the walk: cached, else fetched with the listing's attempts and budget (the
        walk may look past ``Total``, so no range check). A walk that ``cancel()`` stopped starts
        nothing more, even from a fetch that was scheduled before the cancel."""
        if cancels != self._cancels:
            raise asyncio.CancelledError
        cached = self._pages.get(page_no)
        if cached is not None:
            return cached
        return await asyncio.shield(self._task(page_no, fresh=False, budget=budget))

    def _task(
        self, page_no: int, *, fresh: bool, budget: RetryBudget | None = None
    ) -> asyncio.Task[SnapshotPage]:
        key = (page_no, fresh)
        task = self._pending.get(key)
        if task is not None and not task.done() and not task.cancelling():
            return task
        task = asyncio.get_running_loop().create_task(
            self._fetch(page_no, budget), name=self._task_name(page_no)
        )
        self._pending[key] = task
        task.add_done_callback(functools.partial(self._finished, key))
        return task

    def _finished(self, key: tuple[int, bool], task: asyncio.Task[SnapshotPage]) -> None:
        if self._pending.get(key) is task:
            del self._pending[key]
        if not task.cancelled():
            task.exception()  # retrieved here, so an error nobody awaited is not reported as lost

    # --- what each pager supplies -----------------------------------------------------------------

    def _retry_policy(self) -> RetryPolicy:
        raise NotImplementedError

    async def _first_page(self, cancels: int, budget: RetryBudget) -> SnapshotPage:
        """Page 1 for a walk (from the cache when it is there)."""
        raise NotImplementedError

    async def _fetch(self, page_no: int, budget: RetryBudget | None = None) -> SnapshotPage:
        raise NotImplementedError

    def _task_name(self, page_no: int) -> str:
        raise NotImplementedError

    def _job_replaced(self) -> VodError:
        """The error when the job keeps being replaced while its pages are listed."""
        return self.ERROR(
            "JobReplaced",
            f"the snapshot {self.JOB_NOUN} kept changing while its pages were listed",
            error_class=ErrorClass.TRANSIENT,
        )
