"""The Alibaba video library: ``SearchMedia`` walked to the end, ``GetVideoInfos`` for pasted ID
lists, ``GetCategories`` one node at a time — on the one :class:`VodClient` (same signing, retries
and error classes as ListSnapshots), behind the :class:`~snapview.services.library.VideoLibrary`
protocol.

The walk follows the only rule the documentation guarantees (RESEARCH §1.1): strictly page by page,
each request carrying the previous answer's ``ScrollToken``, with Match, SortBy and PageSize
unchanged — so a library of any size is read to the end, past the 5,000 matches plain paging
reaches. When a token expires (``InvalidScrollToken.Expired``), the walk does not re-read what it
already handed out: it searches again from where it was, with the creation-time range narrowed to
"at or after the last row's time" in the walk's order, and skips the rows of that exact second it
already has. No row is handed out twice and none is lost, even if uploads arrive meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from snapview.core.credentials import Provider
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.library import Category, CategoryLevel, LibraryFilter, VideoPage, parse_utc
from snapview.core.listsnapshots import ResponseFormatError
from snapview.core.search_media import (
    ALIBABA_STATUSES,
    GET_CATEGORIES,
    GET_VIDEO_INFOS,
    MAX_INFO_IDS,
    MAX_PAGE_SIZE,
    PLAIN_PAGING_LIMIT,
    SEARCH_MEDIA,
    SearchMediaRequest,
    categories_params,
    category_level,
    parse_categories,
    parse_search_media,
    parse_video_infos,
    search_request,
    video_infos_params,
)
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.services.library import IdListing, LookupBatch, PagedListing
from snapview.services.vod_client import VodClient

log = logging.getLogger("snapview.library")

_CONTEXT = "Library"
# How often in a row a walk may lose its ScrollToken and pick up again without handing out a new
# row before it gives up. Restarts that make progress never count against it: a pane left open for
# an hour loses its token to expiry now and then and must simply go on.
MAX_RESTARTS = 20


class LibraryRequestError(VodError):
    """A library call's :class:`VodError` with the sentence that fits the library (the generic
    ones talk about listing snapshots). Everything else — code, RequestId, class — is the original's."""

    def __init__(
        self, source: VodError, message: Message, error_class: ErrorClass | None = None
    ) -> None:
        super().__init__(
            source.code,
            source.message,
            request_id=source.request_id,
            http_status=source.http_status,
            error_class=error_class or source.error_class,
            retry_after=source.retry_after,
            detail=source.detail,
            host_id=source.host_id,
            recommend=source.recommend,
            clock_skew=source.clock_skew,
            raw=source.raw,
        )
        self.attempts = source.attempts
        self.reason = message

    @property
    def user_message(self) -> Message:
        return self.reason


def _library_sentence(error: VodError, action: str) -> tuple[str, ErrorClass] | None:
    """The library's sentence (and class) for ``error``, where the generic one would mislead."""
    if error.error_class is ErrorClass.PERMISSION:
        return QT_TRANSLATE_NOOP(
            "Library",
            "This AccessKey may not read the media library (it needs the {permission} permission).",
        ), ErrorClass.PERMISSION
    if error.code in ("ErrorMatchSyntax", "SortByExceededMax") or (
        action == SEARCH_MEDIA and error.error_class is ErrorClass.INPUT and error.request_id
    ):
        return QT_TRANSLATE_NOOP(
            "Library", "The service rejected the search: {message}"
        ), ErrorClass.INPUT
    if error.code == "InvalidScrollToken.Expired":
        return QT_TRANSLATE_NOOP(
            "Library",
            "The library walk kept losing its place (the ScrollToken expired {count} times). Try again.",
        ), ErrorClass.TRANSIENT
    if error.code == "InvalidCateId.NotFound":
        return QT_TRANSLATE_NOOP(
            "Library", "Category {category} does not exist in this account."
        ), ErrorClass.NOT_FOUND
    return None


def library_error(error: VodError, action: str, **context: object) -> VodError:
    """``error`` with the library's sentence where the generic one would mislead (permissions that
    name ListSnapshots, a rejected Match, a category that does not exist), else ``error`` itself."""
    sentence = _library_sentence(error, action)
    if sentence is None:
        return error
    template, error_class = sentence
    params = {
        "code": error.code,
        "message": error.message,
        "permission": f"vod:{action}",
        **context,
    }
    return LibraryRequestError(error, Message(_CONTEXT, template, params), error_class)


class SearchListing(PagedListing):
    """One SearchMedia search, walked to the end with ScrollTokens (see the module docstring)."""

    def __init__(self, client: VodClient, library_filter: LibraryFilter, page_size: int) -> None:
        super().__init__("SearchMedia")
        self._client = client
        self.filter = library_filter
        self._page_size = page_size
        self._request = search_request(library_filter, page_size=page_size)
        # Where the walk is: rows handed out, the creation time of the last one, and the IDs of the
        # rows handed out at exactly that time (what a restart from that time must skip).
        self.handed_out = 0
        self.rows_read = 0  # rows the API answered, re-read ones after a restart included
        self._last_time: str = ""
        self._at_last_time: set[str] = set()
        self._seen_in_query = 0  # rows the current query has answered, skipped ones included
        self._skip_count = 0  # rows to drop after a restart that could not narrow by time
        self._done = False  # the last page of the search has been answered
        self._stalled = 0  # restarts since a row was last handed out

    async def _advance(self) -> VideoPage | None:
        while not self._done:
            request = self._request
            try:
                body, _meta = await self._client.call(
                    SEARCH_MEDIA, request.params(), label=f"page {request.page_no}"
                )
            except VodError as error:
                if error.code == "InvalidScrollToken.Expired" and self._stalled < MAX_RESTARTS:
                    self._restart()
                    continue
                raise library_error(error, SEARCH_MEDIA, count=self._stalled) from None
            answer = parse_search_media(body)
            rows = len(answer.videos) + answer.skipped
            seen = self._seen_in_query + rows
            done = rows < request.page_size or (answer.total is not None and seen >= answer.total)
            following = None if done else self._following(request, answer.scroll_token)
            # Nothing above changed the walk's place; from here on the answer is taken.
            if self.total is None:
                self.total = answer.total
            self._seen_in_query = seen
            self.rows_read += rows
            self._done = done
            if following is not None:
                self._request = following
            fresh = []
            for video in answer.videos:
                if self._skip_count:
                    self._skip_count -= 1
                elif (
                    video.creation_time == self._last_time and video.video_id in self._at_last_time
                ):
                    pass  # handed out before a restart from this very second
                else:
                    fresh.append(video)
                    if video.creation_time != self._last_time:
                        self._last_time, self._at_last_time = video.creation_time, set()
                    self._at_last_time.add(video.video_id)
            self.handed_out += len(fresh)
            if fresh:
                self._stalled = 0
                return VideoPage(
                    videos=tuple(fresh),
                    page_no=self.pages_loaded + 1,
                    total=self.total,
                    request_id=answer.request_id,
                )
            # A page of rows handed out before a restart only: ask on.
        return None

    def _following(self, request: SearchMediaRequest, token: str) -> SearchMediaRequest:
        if not token and (request.page_no + 1) * request.page_size > PLAIN_PAGING_LIMIT:
            raise ResponseFormatError(
                f"SearchMedia page {request.page_no} came without a ScrollToken, so the walk "
                f"cannot go past the first {PLAIN_PAGING_LIMIT:,} matches"
            )
        return request.following(token)

    def _restart(self) -> None:
        self.restarts += 1
        self._stalled += 1
        if self._last_time and (resumed := _resumed(self.filter, self._last_time)) is not None:
            self._request = search_request(resumed, page_size=self._page_size)
            self._skip_count = 0
        else:
            # No usable time to resume from: read the same search again and drop what we have.
            self._request = search_request(self.filter, page_size=self._page_size)
            self._skip_count = self.handed_out
            self._last_time, self._at_last_time = "", set()
        self._seen_in_query = 0
        log.info(
            "SearchMedia: ScrollToken expired after %d rows; walking on from %s (restart %d)",
            self.handed_out, self._last_time or "the start", self.restarts,
        )  # fmt: skip


def _resumed(library_filter: LibraryFilter, creation_time: str) -> LibraryFilter | None:
    when = parse_utc(creation_time)
    return library_filter.resumed_after(when) if when is not None else None


class AlibabaLibrary:
    """The media library of the account behind ``client`` (which it does not close)."""

    provider = Provider.ALIYUN
    statuses: tuple[str, ...] = ALIBABA_STATUSES

    def __init__(self, client: VodClient) -> None:
        self.client = client

    def search(
        self, library_filter: LibraryFilter, *, page_size: int = MAX_PAGE_SIZE
    ) -> SearchListing:
        return SearchListing(self.client, library_filter, page_size)

    def lookup(self, video_ids: Sequence[str], *, narrow: LibraryFilter | None = None) -> IdListing:
        return IdListing(
            video_ids,
            self._lookup_batch,
            batch_size=MAX_INFO_IDS,
            narrow=narrow,
            name="GetVideoInfos",
        )

    async def _lookup_batch(self, video_ids: Sequence[str]) -> LookupBatch:
        try:
            body, _meta = await self.client.call(
                GET_VIDEO_INFOS, video_infos_params(video_ids), label=f"{len(video_ids)} IDs"
            )
        except VodError as error:
            if error.code == "InvalidVideo.NotFound":  # none of the batch exists
                return LookupBatch((), tuple(video_ids), error.request_id)
            raise library_error(error, GET_VIDEO_INFOS) from None
        infos = parse_video_infos(body)
        return LookupBatch(infos.videos, infos.unknown_ids, infos.request_id)

    async def categories(self, parent_id: int | None = None) -> CategoryLevel:
        pages = []
        page_no = 1
        while True:
            try:
                body, _meta = await self.client.call(
                    GET_CATEGORIES,
                    categories_params(parent_id, page_no),
                    label=f"{parent_id if parent_id is not None else 'top'} page {page_no}",
                )
            except VodError as error:
                raise library_error(error, GET_CATEGORIES, category=parent_id) from None
            page = parse_categories(body)
            pages.append(page)
            count = sum(len(p.children) for p in pages)
            if not page.children or page.total is None or count >= page.total:
                return category_level(pages)
            page_no += 1

    async def category(self, category_id: int) -> Category:
        try:
            body, _meta = await self.client.call(
                GET_CATEGORIES, categories_params(category_id, 1, 1), label=f"{category_id}"
            )
        except VodError as error:
            raise library_error(error, GET_CATEGORIES, category=category_id) from None
        page = parse_categories(body)
        if page.parent is None:
            raise ResponseFormatError(
                f"GetCategories {category_id} answered without the category",
                request_id=page.request_id,
            )
        return page.parent
