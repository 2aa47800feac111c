"""What the library pane and ``snapview videos`` need from "the videos of an account": the contract
each provider's library fulfils, and the page-by-page listing both of them read.

A :class:`VideoLibrary` searches (a :class:`~snapview.core.library.LibraryFilter` in, a
:class:`LibraryListing` out), looks up pasted ID lists (unknown IDs reported page by page, never
dropped) and loads the category tree one node at a time. A listing hands out pages strictly in order,
one request at a time: ``await listing.next_page()`` (the pane's fetch-more) or ``async for page in
listing`` (the CLI). Calls queue, so two callers never get the same page; ``cancel()`` aborts the
request in flight without losing the listing's place. Alibaba's implementation is
:mod:`snapview.services.alibaba_library`; Huawei's plugs into the same protocol.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from snapview.core.credentials import Provider
from snapview.core.library import Category, CategoryLevel, LibraryFilter, VideoPage, VideoSummary

log = logging.getLogger("snapview.library")


class LibraryListing(Protocol):
    """The videos of one search or one ID list, page by page, in the provider's order."""

    total: int | None  # matches as the provider counts them; None until the first page
    pages_loaded: int
    exhausted: bool  # True once the last page was handed out
    restarts: int  # times the walk lost its place and picked it up again (Alibaba ScrollToken)

    async def next_page(self) -> VideoPage | None:
        """The next page, or None after the last one. Raises ``VodError``; a failed call can be
        retried by calling again (nothing was consumed)."""
        ...

    def __aiter__(self) -> AsyncIterator[VideoPage]: ...

    def cancel(self) -> None:
        """Abort the request in flight (its caller gets ``CancelledError``); the place is kept."""
        ...

    async def aclose(self) -> None: ...


class VideoLibrary(Protocol):
    """One account's video library on one provider."""

    provider: Provider
    statuses: tuple[str, ...]  # the provider's status words, for the status filter

    def search(self, library_filter: LibraryFilter, *, page_size: int = 100) -> LibraryListing:
        """Every video that passes the filter, walked to the end (past any paging limit)."""
        ...

    def lookup(
        self, video_ids: Sequence[str], *, narrow: LibraryFilter | None = None
    ) -> LibraryListing:
        """Exactly these videos, in this order (``narrow``: only those that also pass a filter);
        each page lists the IDs of its batch that the account does not have."""
        ...

    async def categories(self, parent_id: int | None = None) -> CategoryLevel:
        """The children of ``parent_id`` (None: the top level), every page of them."""
        ...

    async def category(self, category_id: int) -> Category:
        """One category; a ``VodError`` of class NOT_FOUND when there is no such category."""
        ...


class PagedListing:
    """The queueing, cancellation and iteration every listing shares; subclasses implement
    :meth:`_advance`, which fetches the next page and moves the place only once it succeeded."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.total: int | None = None
        self.pages_loaded = 0
        self.exhausted = False
        self.restarts = 0
        self._lock = asyncio.Lock()
        self._current: asyncio.Task[VideoPage | None] | None = None
        self._closed = False

    async def next_page(self) -> VideoPage | None:
        async with self._lock:
            if self.exhausted or self._closed:
                return None
            task = asyncio.get_running_loop().create_task(
                self._advance(), name=f"{self.name} page {self.pages_loaded + 1}"
            )
            self._current = task
            try:
                page = await task
            finally:
                self._current = None
            if page is None:
                self.exhausted = True
                return None
            self.pages_loaded += 1
            return page

    async def __aiter__(self) -> AsyncIterator[VideoPage]:
        while True:
            page = await self.next_page()
            if page is None:
                return
            yield page

    def cancel(self) -> None:
        task = self._current
        if task is not None and not task.done():
            task.cancel()

    async def aclose(self) -> None:
        self._closed = True
        task = self._current
        self.cancel()
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)

    async def _advance(self) -> VideoPage | None:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class LookupBatch:
    """What a provider's ID lookup call gives back for one batch."""

    videos: tuple[VideoSummary, ...]
    unknown_ids: tuple[str, ...]
    request_id: str = ""


class IdListing(PagedListing):
    """A pasted ID list as a listing: batches of ``batch_size`` IDs (the provider's limit per call),
    the found videos in the order of the list, the unknown IDs of each batch on its page."""

    def __init__(
        self,
        video_ids: Sequence[str],
        fetch: Callable[[Sequence[str]], Awaitable[LookupBatch]],
        *,
        batch_size: int,
        narrow: LibraryFilter | None = None,
        name: str = "lookup",
    ) -> None:
        super().__init__(name)
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._ids = list(dict.fromkeys(video_ids))
        self._fetch = fetch
        self._batch_size = batch_size
        self._narrow = narrow
        self._next = 0
        self.total = len(self._ids)
        self.unknown_ids: list[str] = []

    async def _advance(self) -> VideoPage | None:
        if self._next >= len(self._ids):
            return None
        batch = self._ids[self._next : self._next + self._batch_size]
        result = await self._fetch(batch)
        found = {video.video_id: video for video in result.videos}
        videos = tuple(found[i] for i in batch if i in found)
        if self._narrow is not None:
            videos = tuple(v for v in videos if self._narrow.matches(v))
        # An ID the answer neither found nor reported is unknown too: never silently dropped.
        unknown = tuple(i for i in batch if i not in found)
        self._next += len(batch)
        self.unknown_ids.extend(unknown)
        return VideoPage(
            videos=videos,
            page_no=self.pages_loaded + 1,
            total=self.total,
            request_id=result.request_id,
            unknown_ids=unknown,
        )
