"""The Huawei Cloud video library: ``ListAssetList`` paged within its limit, ``ShowAssetMeta`` for
pasted ID lists, ``ListAssetCategory`` for the category tree — on the one :class:`HuaweiVodClient`
(same signing, retries and error classes as the snapshot lists), behind the
:class:`~snapview.services.library.VideoLibrary` protocol.

``ListAssetList`` pages with ``page`` (0-based) and ``size`` and refuses any page with
``(page + 1) * size > 20,000``; its ``total`` never counts more than 20,000 (RESEARCH §2). A search
is therefore read to the end only when it has at most 20,000 matches. Past that the listing stops
and says so: :attr:`HuaweiSearchListing.limit_reached` is set and :attr:`limit_notice` is the
sentence to show ("narrow the search by date or status"), so nobody mistakes the first 20,000 for
all of them. A Huawei asset has four statuses (asset, transcode, thumbnail, review); the row shows the
one that matters for a snapshot reviewer (see :func:`row_status`), and the status filter matches any
of the four, as the API does.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from snapview.core.credentials import Provider
from snapview.core.huawei_models import AssetMeta, AssetSummary
from snapview.core.huawei_models import Category as HuaweiCategory
from snapview.core.huawei_requests import ASSET_STATUSES, MAX_IDS, AssetListQuery
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.library import (
    Category,
    CategoryLevel,
    LibraryFilter,
    VideoPage,
    VideoState,
    VideoSummary,
    normalize_time,
)
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.services.alibaba_library import LibraryRequestError
from snapview.services.huawei_client import HuaweiVodClient
from snapview.services.library import IdListing, LookupBatch, PagedListing

log = logging.getLogger("snapview.library")

MAX_ROWS = 20_000  # (page + 1) * size may not exceed this; total never counts more
MAX_PAGE_SIZE = 100
HUAWEI_STATUSES: tuple[str, ...] = ASSET_STATUSES

_STATE_OF = {
    "FAILED": VideoState.FAILED,
    "TRANSCODE_FAILED": VideoState.FAILED,
    "THUMBNAIL_FAILED": VideoState.FAILED,
    "CREATING": VideoState.PROCESSING,
    "TRANSCODING": VideoState.PROCESSING,
    "THUMBNAILING": VideoState.PROCESSING,
    "REVIEW_BLOCKED": VideoState.BLOCKED,
    "THUMBNAIL_SUCCEED": VideoState.READY,
    "PUBLISHED": VideoState.READY,
    "CREATED": VideoState.READY,
    "TRANSCODE_SUCCEED": VideoState.READY,
}


def row_status(asset: AssetSummary) -> str:
    """The one status word a reviewer needs: a failure or a job in progress wins (asset, then
    transcode, then thumbnail), then a review block, then the thumbnail status, then the asset's."""
    words = (asset.asset_status, asset.transcode_status, asset.thumbnail_status)
    for word in words:
        if _STATE_OF.get(word) is VideoState.FAILED:
            return word
    for word in words:
        if _STATE_OF.get(word) is VideoState.PROCESSING:
            return word
    if asset.review_status == "REVIEW_BLOCKED":
        return asset.review_status
    return asset.thumbnail_status or asset.asset_status or asset.transcode_status


def state_of(status: str) -> VideoState:
    return _STATE_OF.get(status, VideoState.UNKNOWN)


def summary_of(asset: AssetSummary, category_id: int | None = None) -> VideoSummary:
    """A ListAssetList row as a library row (its rows name the category, not its ID)."""
    status = row_status(asset)
    return VideoSummary(
        provider=Provider.HUAWEI,
        video_id=asset.asset_id,
        title=asset.title,
        status=status,
        state=state_of(status),
        duration=float(asset.duration_s) if asset.duration_s else None,
        creation_time=normalize_time(asset.create_time) if asset.create_time else "",
        cover_url=asset.cover_url,
        category_id=category_id,
        category_name=asset.category,
        detail=asset.exec_desc,
        raw=asset.raw,
    )


def meta_summary(meta: AssetMeta) -> VideoSummary:
    """A ShowAssetMeta entry as a library row."""
    return VideoSummary(
        provider=Provider.HUAWEI,
        video_id=meta.asset_id,
        title=meta.title,
        status=meta.status,
        state=state_of(meta.status),
        duration=float(meta.duration_s) if meta.duration_s else None,
        creation_time=normalize_time(meta.create_time) if meta.create_time else "",
        cover_url=meta.cover_url,
        category_id=meta.category_id if meta.category_id >= 0 else None,
        category_name=meta.category_name,
        raw=meta.raw,
    )


def _stamp(bound_text: str) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` as ListAssetList's ``yyyymmddhhmmss`` (UTC)."""
    return "".join(ch for ch in bound_text if ch.isdigit())


def asset_query(library_filter: LibraryFilter, page: int, size: int) -> AssetListQuery:
    """The ListAssetList query of one page of a filter. An exclusive bound becomes the next or the
    previous second, the API's bounds being inclusive whole seconds."""
    from datetime import timedelta

    since = until = None
    if library_filter.since is not None:
        at = library_filter.since.at
        since = at if library_filter.since.inclusive else at + timedelta(seconds=1)
    if library_filter.until is not None:
        at = library_filter.until.at
        until = at if library_filter.until.inclusive else at - timedelta(seconds=1)
    return AssetListQuery(
        statuses=library_filter.statuses,
        start_time=since.strftime("%Y%m%d%H%M%S") if since else None,
        end_time=until.strftime("%Y%m%d%H%M%S") if until else None,
        category_id=library_filter.category_id,
        query_string=" ".join(library_filter.terms) or None,
        page=page,
        size=size,
        order="desc" if library_filter.newest_first else "asc",
    )


def _library_error(error: VodError, action: str, **context: object) -> VodError:
    """``error`` with the library's sentence where the generic one would mislead."""
    if error.error_class is ErrorClass.PERMISSION:
        template = QT_TRANSLATE_NOOP(
            "Library",
            "This access key may not read the media library (it needs the {permission} permission).",
        )
        params: dict[str, object] = {"permission": f"vod:asset:{action}"}
        return LibraryRequestError(error, Message("Library", template, params))
    if error.code == "VOD.10064":
        template = QT_TRANSLATE_NOOP(
            "Library", "Category {category} does not exist in this account."
        )
        return LibraryRequestError(error, Message("Library", template, dict(context)))
    return error


class HuaweiSearchListing(PagedListing):
    """One ListAssetList search, page by page, up to the API's 20,000-row reach."""

    def __init__(
        self, client: HuaweiVodClient, library_filter: LibraryFilter, page_size: int
    ) -> None:
        super().__init__("ListAssetList")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1–{MAX_PAGE_SIZE}")
        self._client = client
        self.filter = library_filter
        self._size = page_size
        self._page = 0
        self.handed_out = 0
        self.limit_reached = False  # more matches than ListAssetList lets anyone page to

    @property
    def limit_notice(self) -> Message | None:
        """What to tell the user once the listing stopped at the API's limit."""
        if not self.limit_reached:
            return None
        return Message(
            "Library",
            QT_TRANSLATE_NOOP(
                "Library",
                "This search has more than {limit} videos, and Huawei Cloud lists only the first "
                "{limit}. Narrow it by date, status or category to see the rest.",
            ),
            {"limit": f"{MAX_ROWS:,}"},
        )

    async def _advance(self) -> VideoPage | None:
        if self.handed_out and (
            (self.total is not None and self.handed_out >= self.total)
            or (self._page + 1) * self._size > MAX_ROWS
        ):
            if self.total is not None and self.total >= MAX_ROWS:
                self.limit_reached = True
                log.info("ListAssetList: stopped at the API's %d-row limit", MAX_ROWS)
            return None
        query = asset_query(self.filter, self._page, self._size)
        try:
            page = await self._client.list_assets(query)
        except VodError as error:
            raise _library_error(error, "list", category=self.filter.category_id) from None
        if self.total is None or page.total > self.total:
            self.total = page.total
        if not page.assets:
            return None
        self._page += 1
        self.handed_out += len(page.assets)
        if len(page.assets) < self._size:
            self.total = self.handed_out  # the last page: the exact count
        videos = tuple(summary_of(a, self.filter.category_id) for a in page.assets)
        return VideoPage(
            videos=videos,
            page_no=self.pages_loaded + 1,
            total=self.total,
            request_id=page.request_id,
        )


def _category(node: HuaweiCategory, level: int, parent_id: int | None) -> Category:
    category_id = int(node.category_id) if node.category_id.lstrip("-").isdigit() else -1
    children = tuple(_category(c, level + 1, category_id) for c in node.children)
    return Category(
        category_id=category_id,
        name=node.name,
        level=level,
        parent_id=parent_id,
        child_count=len(children),
        children=children,
    )


class HuaweiLibrary:
    """The media library of the project behind ``client`` (which it does not close)."""

    provider = Provider.HUAWEI
    statuses: tuple[str, ...] = HUAWEI_STATUSES

    def __init__(self, client: HuaweiVodClient) -> None:
        self.client = client

    def search(
        self, library_filter: LibraryFilter, *, page_size: int = MAX_PAGE_SIZE
    ) -> HuaweiSearchListing:
        return HuaweiSearchListing(self.client, library_filter, page_size)

    def lookup(self, video_ids: Sequence[str], *, narrow: LibraryFilter | None = None) -> IdListing:
        return IdListing(
            [v.strip().lower() for v in video_ids],
            self._lookup_batch,
            batch_size=MAX_IDS,
            narrow=narrow,
            name="ShowAssetMeta",
        )

    async def _lookup_batch(self, video_ids: Sequence[str]) -> LookupBatch:
        try:
            page = await self.client.show_asset_meta(video_ids, size=len(video_ids))
        except VodError as error:
            if error.code == "VOD.10062":  # none of the batch exists
                return LookupBatch((), tuple(video_ids), error.request_id)
            raise _library_error(error, "show") from None
        found = tuple(meta_summary(m) for m in page.assets if m.status != "NO_ASSET")
        known = {v.video_id for v in found}
        unknown = tuple(i for i in video_ids if i not in known)
        return LookupBatch(found, unknown, page.request_id)

    async def categories(self, parent_id: int | None = None) -> CategoryLevel:
        try:
            nodes = await self.client.list_asset_categories(parent_id or 0)
        except VodError as error:
            raise _library_error(error, "category", category=parent_id) from None
        if parent_id is None:
            return CategoryLevel(None, tuple(_category(n, 0, None) for n in nodes))
        parent = _category(nodes[0], 0, None) if nodes else None
        return CategoryLevel(parent, parent.children if parent and parent.children else ())

    async def category(self, category_id: int) -> Category:
        level = await self.categories(category_id)
        if level.parent is None:
            raise _library_error(
                VodError(
                    "VOD.10064",
                    "Media asset classification does not exist.",
                    error_class=ErrorClass.NOT_FOUND,
                ),
                "category",
                category=category_id,
            )
        return level.parent
