"""The snapshots of one Huawei VOD asset as pages: the Huawei side of
:class:`~snapview.services.snapshot_listing.SnapshotListing`.

One :class:`HuaweiAssetSnapshots` per asset makes the calls its lists share: ``ShowAssetDetail``
(``thumbnail_info``: the task's ``thumbnail_status``, ``exec_desc`` and the ``sample``/``dots``/
``quantity`` lists) and ``ListThumbnailInfo`` (the asset's snapshot tasks with ``thumbnail_count``).
A :class:`HuaweiAssetPager` presents one list as pages of :class:`SnapshotPage`: ``index`` is the
1-based position in offset order, ``offset_s`` the seconds into the video, ``job_id`` the task id.

How the state of the snapshot task becomes what the UI shows (decided here, for both the GUI and
the CLI): ``THUMBNAIL_SUCCEED`` lists; ``THUMBNAILING`` and ``UN_THUMBNAIL`` (or no
``thumbnail_info`` at all) raise a ``NOT_READY`` :class:`HuaweiVodError` — the calm "still
processing" card an Alibaba video in transcoding gets, retryable by the user; ``THUMBNAIL_FAILED``
raises a ``JOB_FAILED`` one whose ``exec_desc`` says why — an error card without a retry loop. The
pager's ``thumbnail_status`` and ``exec_desc`` stay readable after the error.

Long lists: ShowAssetDetail is not documented to embed every snapshot, so when the task reports more
snapshots (``thumbnail_count``) than the embedded list holds, pages come from the paged
``ListThumbnailDetails`` API (``offset`` = position, ``limit`` ≤ 100) instead. A new task id for the
kind on a later look (the asset was snapshotted again) drops the cached pages, like a replaced
Alibaba job.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from snapview.core.huawei_errors import (
    THUMBNAIL_FAILED,
    THUMBNAIL_SUCCEED,
    THUMBNAILING,
    UN_THUMBNAIL,
    HuaweiVodError,
)
from snapview.core.huawei_models import AssetDetail, ThumbnailItem, ThumbnailTask
from snapview.core.huawei_requests import MAX_PAGE_SIZE, TASK_TYPE_OF_KIND
from snapview.core.snapshots import HuaweiSnapshotKind, Snapshot, SnapshotPage
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.services.listing_walk import WalkingPager
from snapview.services.retry import RetryBudget, RetryPolicy

if TYPE_CHECKING:
    from snapview.services.huawei_client import HuaweiVodClient

log = logging.getLogger("snapview.vod")

# Errors of ListThumbnailInfo after which the embedded lists are taken as complete: the account may
# not be allowed that API, or a region may not offer it; the snapshots are still worth showing.
_TASKS_OPTIONAL = (ErrorClass.PERMISSION, ErrorClass.INPUT, ErrorClass.NOT_FOUND)


@dataclass(frozen=True)
class AssetOverview:
    """What one look at the asset found: the detail and the snapshot task of each kind."""

    detail: AssetDetail
    tasks: dict[HuaweiSnapshotKind, ThumbnailTask]
    fetched_at: float


class HuaweiAssetSnapshots:
    """The snapshot lists of one asset; :meth:`pager` gives one pager per kind, sharing the calls."""

    def __init__(self, client: HuaweiVodClient, asset_id: str) -> None:
        self.client = client
        self.asset_id = asset_id
        self.overview: AssetOverview | None = None
        self._pending: dict[bool, asyncio.Task[AssetOverview]] = {}

    @property
    def thumbnail_status(self) -> str | None:
        """The task state of the last look (``THUMBNAIL_SUCCEED``…), None before the first."""
        if self.overview is None:
            return None
        info = self.overview.detail.thumbnail
        return info.thumbnail_status if info is not None else UN_THUMBNAIL

    @property
    def exec_desc(self) -> str:
        info = self.overview.detail.thumbnail if self.overview else None
        return info.exec_desc if info is not None else ""

    @property
    def detail(self) -> AssetDetail | None:
        """The last ShowAssetDetail answer (its ``raw`` is what the inspector shows)."""
        return self.overview.detail if self.overview else None

    def pager(
        self,
        kind: HuaweiSnapshotKind | str = HuaweiSnapshotKind.SAMPLE,
        *,
        page_size: int = MAX_PAGE_SIZE,
        max_in_flight: int = 4,
    ) -> HuaweiAssetPager:
        return HuaweiAssetPager(
            self, HuaweiSnapshotKind(kind), page_size=page_size, max_in_flight=max_in_flight
        )

    async def look(self, *, fresh: bool = False) -> AssetOverview:
        """The overview, fetched once (or again with ``fresh``); concurrent callers share one fetch.
        Raises the task-state error when the snapshots cannot be listed."""
        if self.overview is not None and not fresh:
            self._check(self.overview)
            return self.overview
        task = self._pending.get(fresh)
        if task is None or task.done():
            task = asyncio.get_running_loop().create_task(
                self._fetch(), name=f"ShowAssetDetail {self.asset_id}"
            )
            self._pending[fresh] = task
            task.add_done_callback(functools.partial(self._finished, fresh))
        overview = await asyncio.shield(task)
        self._check(overview)
        return overview

    def _finished(self, key: bool, task: asyncio.Task[AssetOverview]) -> None:
        if self._pending.get(key) is task:
            del self._pending[key]
        if not task.cancelled():
            task.exception()

    def cancel(self) -> None:
        for task in list(self._pending.values()):
            task.cancel()

    def pending_tasks(self) -> list[asyncio.Task[AssetOverview]]:
        return list(self._pending.values())

    async def _fetch(self) -> AssetOverview:
        detail = await self.client.show_asset_detail(self.asset_id, ("thumbnail_info",))
        tasks: dict[HuaweiSnapshotKind, ThumbnailTask] = {}
        if _status(detail) == THUMBNAIL_SUCCEED and any(
            detail.thumbnail.items(kind)  # type: ignore[union-attr]
            for kind in HuaweiSnapshotKind
        ):
            tasks = await self._tasks()
        overview = AssetOverview(detail, tasks, self.client.clock())
        self.overview = overview
        return overview

    async def _tasks(self) -> dict[HuaweiSnapshotKind, ThumbnailTask]:
        try:
            listing = await self.client.list_thumbnail_tasks(self.asset_id, limit=MAX_PAGE_SIZE)
        except VodError as error:
            if error.error_class not in _TASKS_OPTIONAL:
                raise
            log.info(
                "ListThumbnailInfo %s: %s; using the lists ShowAssetDetail embeds",
                self.asset_id,
                error.code,
            )
            return {}
        found: dict[HuaweiSnapshotKind, ThumbnailTask] = {}
        # The first task of each type is taken as the current one (the API lists newest first).
        for task in listing.tasks:
            for kind, task_type in TASK_TYPE_OF_KIND.items():
                if task.task_type == task_type and kind not in found:
                    found[kind] = task
        return found

    def _check(self, overview: AssetOverview) -> None:
        status = _status(overview.detail)
        if status == THUMBNAIL_SUCCEED:
            return
        info = overview.detail.thumbnail
        has_items = info is not None and any(info.items(k) for k in HuaweiSnapshotKind)
        if status in (THUMBNAILING, UN_THUMBNAIL, THUMBNAIL_FAILED) or not has_items:
            raise HuaweiVodError.thumbnail_state(
                status,
                self.asset_id,
                info.exec_desc if info is not None else "",
                request_id=overview.detail.request_id,
            )
        # An undocumented state with snapshots in it: show them rather than nothing.


def _status(detail: AssetDetail) -> str:
    info = detail.thumbnail
    return info.thumbnail_status if info is not None and info.thumbnail_status else UN_THUMBNAIL


class HuaweiAssetPager(WalkingPager):
    """One ``thumbnail_info`` list of an asset, page by page, cached; fulfils ``SnapshotListing``."""

    ERROR = HuaweiVodError
    JOB_NOUN = "task"

    def __init__(
        self,
        source: HuaweiAssetSnapshots,
        kind: HuaweiSnapshotKind,
        *,
        page_size: int = MAX_PAGE_SIZE,
        max_in_flight: int = 4,
    ) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}")
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self.source = source
        self.kind = kind
        self.provider = "huawei"
        self.video_id = source.asset_id
        self.snapshot_type: str = kind.value
        self.page_size = page_size
        self.max_in_flight = max_in_flight
        self.total: int | None = None
        self.job_id: str | None = None
        self.job_changes = 0
        self.paged = False  # True when pages come from ListThumbnailDetails
        self._items: tuple[ThumbnailItem, ...] = ()
        self._pages: dict[int, SnapshotPage] = {}
        self._pending: dict[tuple[int, bool], asyncio.Task[SnapshotPage]] = {}
        self._cancels = 0  # how often cancel() was called: a walk started before it stops
        self._slots = asyncio.Semaphore(max_in_flight)
        self._fetched_at = 0.0
        self._request_id = ""
        self._raw: dict[str, Any] = {}

    # --- what the UI reads ----------------------------------------------------------------------

    @property
    def thumbnail_status(self) -> str | None:
        return self.source.thumbnail_status

    @property
    def exec_desc(self) -> str:
        return self.source.exec_desc

    @property
    def page_count(self) -> int | None:
        if self.total is None:
            return None
        return max(1, -(-self.total // self.page_size))

    @property
    def pending(self) -> int:
        return sum(1 for t in self._pending.values() if not t.done() and not t.cancelling())

    def cached(self, page_no: int) -> SnapshotPage | None:
        return self._pages.get(page_no)

    def page_of_index(self, index: int) -> int:
        return (index - 1) // self.page_size + 1

    async def page(self, page_no: int) -> SnapshotPage:
        """Page ``page_no`` (1-based), from the cache when it is there."""
        if self.total is None:
            await self._adopt(await self.source.look())
        self._check_page(page_no)
        cached = self._pages.get(page_no)
        if cached is not None:
            return cached
        return await asyncio.shield(self._task(page_no, fresh=False))

    async def page_for_index(self, index: int) -> SnapshotPage:
        return await self.page(self.page_of_index(index))

    async def refresh_url(self, index: int) -> str:
        """A fresh URL for snapshot ``index`` (its CDN token expired): the API is asked again."""
        if self.total is None:
            await self._adopt(await self.source.look())
        self._check_index(index)
        page_no = self.page_of_index(index)
        if not self.paged:
            await self._adopt(await self.source.look(fresh=True))
        page = await asyncio.shield(self._task(page_no, fresh=self.paged))
        for snapshot in page.snapshots:
            if snapshot.index == index:
                return snapshot.url
        raise HuaweiVodError(
            "SnapshotNotFound",
            f"snapshot {index} is not in the current {self.kind} list of {self.video_id} "
            f"(total {self.total})",
            error_class=ErrorClass.NOT_FOUND,
        )

    def cancel(self) -> None:
        """Cancel every request in flight; cached pages stay."""
        self._cancels += 1
        for task in list(self._pending.values()):
            task.cancel()
        self.source.cancel()

    async def wait_idle(self) -> None:
        """Wait until every started request has ended, the asset's shared look included."""
        tasks = [*self._pending.values(), *self.source.pending_tasks()]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    # --- internals ------------------------------------------------------------------------------

    async def _adopt(self, overview: AssetOverview) -> None:
        """Take the list (or the task to page) from an overview; a new task drops the cache."""
        info = overview.detail.thumbnail
        items = info.items(self.kind) if info is not None else ()
        task = overview.tasks.get(self.kind)
        paged = task is not None and task.count > len(items)
        job_id = task.task_id if task is not None else ""
        offsets = [item.offset for item in items]
        replaced = self.job_id is not None and (
            job_id != self.job_id or (not paged and offsets != [i.offset for i in self._items])
        )
        if replaced:
            self.job_changes += 1
            log.info("%s %s: task %s replaced by %s", self.video_id, self.kind, self.job_id, job_id)
        if replaced or (not paged and items != self._items):
            self._pages.clear()  # embedded lists: fresh URLs make fresh pages
        self.job_id = job_id
        self.paged = paged
        self._items = items
        self.total = task.count if paged and task is not None else len(items)
        self._fetched_at = overview.fetched_at
        self._request_id = overview.detail.request_id
        self._raw = dict(overview.detail.raw)

    # --- the hooks of WalkingPager -------------------------------------------------------------

    def _retry_policy(self) -> RetryPolicy:
        return self.source.client.retry

    async def _first_page(self, cancels: int, budget: RetryBudget) -> SnapshotPage:
        return await self.page(1)

    def _task_name(self, page_no: int) -> str:
        return f"Huawei {self.video_id} {self.kind} page {page_no}"

    async def _fetch(self, page_no: int, budget: RetryBudget | None = None) -> SnapshotPage:
        start = (page_no - 1) * self.page_size
        if not self.paged:
            page = self._make_page(page_no, self._items[start : start + self.page_size])
        else:
            client = self.source.client
            details = await client.list_thumbnail_details(
                self.job_id or "",
                offset=start,
                limit=self.page_size,
                max_attempts=client.retry.page_attempts if budget else None,
                budget=budget,
                gate=lambda: self._slots,
            )
            if details.total and details.total != self.total:
                self.total = details.total
            page = self._make_page(
                page_no,
                details.items,
                request_id=details.request_id,
                raw=dict(details.raw),
                fetched_at=self.source.client.clock(),
            )
        self._pages[page_no] = page
        return page

    def _make_page(
        self,
        page_no: int,
        items: Sequence[ThumbnailItem],
        *,
        request_id: str | None = None,
        raw: dict[str, Any] | None = None,
        fetched_at: float | None = None,
    ) -> SnapshotPage:
        first = (page_no - 1) * self.page_size + 1
        ordered = sorted(items, key=lambda item: item.offset)
        return SnapshotPage(
            request_id=self._request_id if request_id is None else request_id,
            video_id=self.video_id,
            snapshot_type=self.kind,
            page_no=page_no,
            page_size=self.page_size,
            total=self.total or 0,
            job_id=self.job_id or "",
            creation_time="",
            regular="",
            snapshots=tuple(
                Snapshot(first + n, item.url, offset_s=item.offset)
                for n, item in enumerate(ordered)
            ),
            fetched_at=self._fetched_at if fetched_at is None else fetched_at,
            # Huawei URLs carry only their generation time; expiry is learned from the CDN's 403.
            auth_timeout=0,
            raw=self._raw if raw is None else raw,
        )
