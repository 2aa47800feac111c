"""The Huawei library against the emulator over real HTTP: a search read to the API's 20,000-row
reach and then stopped with a notice (never a refused page, never a silent cut), filters that
return exactly the matching subset in order, ShowAssetMeta lookups that report unknown IDs, the
category tree, and the message for a category that does not exist."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TypeVar

import pytest

from snapview.core.credentials import HuaweiCredentials
from snapview.core.library import LibraryFilter, TimeBound, VideoState
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.emulator import huawei_catalog as hc
from snapview.services.huawei_client import HuaweiVodClient
from snapview.services.huawei_library import HuaweiLibrary, HuaweiSearchListing
from snapview.services.library import LibraryListing
from snapview.services.retry import RetryPolicy

T = TypeVar("T")
DEMO = HuaweiCredentials(hc.HUAWEI_DEMO_AK, hc.HUAWEI_DEMO_SK, hc.HUAWEI_DEMO_PROJECT_ID)
FAST = RetryPolicy(max_attempts=8, base_delay=0.01, max_delay=0.05, max_retry_after=0.05)


def with_library(base_url: str, body: Callable[[HuaweiLibrary], Awaitable[T]]) -> T:
    async def main() -> T:
        async with HuaweiVodClient(DEMO, endpoint=base_url, retry=FAST) as client:
            return await body(HuaweiLibrary(client))

    return asyncio.run(main())


async def ids_of(listing: LibraryListing) -> list[str]:
    return [video.video_id async for page in listing for video in page.videos]


def emulated(emulator) -> list[hc.ApiAsset]:
    return hc.HuaweiLibrary(emulator.catalog).assets


def test_a_search_past_20000_stops_at_the_limit_and_says_so(emulator) -> None:
    async def body(library: HuaweiLibrary) -> tuple[list[str], HuaweiSearchListing, int]:
        listing = library.search(LibraryFilter())
        return await ids_of(listing), listing, library.client.stats.failures

    ids, listing, failures = with_library(emulator.base_url, body)
    assets = emulated(emulator)
    assert len(assets) > 20_000
    assert ids == [a.asset_id for a in assets[:20_000]]
    assert failures == 0  # never asked for the page the API refuses
    assert listing.limit_reached and listing.exhausted
    notice = listing.limit_notice
    assert notice is not None and "more than 20,000" in notice.english()


def test_failed_snapshot_jobs_in_a_time_range_oldest_first(emulator) -> None:
    since = datetime(2026, 11, 15, tzinfo=UTC)
    library_filter = LibraryFilter(
        statuses=("THUMBNAIL_FAILED",), since=TimeBound(since), newest_first=False
    )

    async def body(library: HuaweiLibrary) -> tuple[list[str], HuaweiSearchListing]:
        listing = library.search(library_filter, page_size=7)
        return await ids_of(listing), listing

    ids, listing = with_library(emulator.base_url, body)
    stamp = since.strftime("%Y%m%d%H%M%S")
    expected = [
        a.asset_id
        for a in reversed(emulated(emulator))
        if "THUMBNAIL_FAILED" in a.statuses() and a.create_stamp >= stamp
    ]
    assert len(expected) > 14  # several pages
    assert ids == expected
    assert listing.total == len(expected) and not listing.limit_reached


def test_title_query_and_category(emulator) -> None:
    async def body(library: HuaweiLibrary) -> list[VideoState]:
        listing = library.search(LibraryFilter(text="Broken", category_id=None))
        return [
            v.state async for page in listing for v in page.videos if v.title == "Broken upload"
        ]

    assert with_library(emulator.base_url, body) == [VideoState.FAILED]

    category = next(a.category_id for a in emulated(emulator) if a.category_id)

    async def by_category(library: HuaweiLibrary) -> tuple[list[str], set[int | None]]:
        listing = library.search(LibraryFilter(category_id=category))
        rows = [v async for page in listing for v in page.videos]
        return [v.video_id for v in rows], {v.category_id for v in rows}

    ids, categories = with_library(emulator.base_url, by_category)
    expected = [a.asset_id for a in emulated(emulator) if a.category_id == category]
    assert ids == expected[:20_000] and categories == {category}


def test_pasted_ids_report_the_unknown_ones(emulator) -> None:
    known = [a.asset_id for a in emulated(emulator)[:12]]
    unknown = "0123456789abcdef0123456789abcdef"
    pasted = [known[0].upper(), unknown, *known[1:]]

    async def body(library: HuaweiLibrary) -> tuple[list[str], list[str], int]:
        listing = library.lookup(pasted)
        rows: list[str] = []
        missing: list[str] = []
        async for page in listing:
            rows += [v.video_id for v in page.videos]
            missing += page.unknown_ids
        return rows, missing, listing.pages_loaded

    rows, missing, pages = with_library(emulator.base_url, body)
    assert rows == known and missing == [unknown]
    assert pages == 2  # 13 IDs, 10 a call


def test_categories_and_an_unknown_category(emulator) -> None:
    async def body(library: HuaweiLibrary) -> tuple[list[str], str]:
        top = await library.categories()
        with pytest.raises(VodError) as caught:
            await library.category(987654)
        assert caught.value.error_class is ErrorClass.NOT_FOUND
        return [c.name for c in top.children], caught.value.user_message.english()

    names, message = with_library(emulator.base_url, body)
    assert names == [c["name"] for c in hc.CATEGORIES]
    assert message == "Category 987654 does not exist in this account."


def test_the_20000_row_reach_stops_a_walk_the_total_would_not(emulator) -> None:
    # The API's total never counts past 20,000, so with pages of 100 the "all of the total handed
    # out" check stops the walk at 20,000 on its own and would hide a broken reach check. Pages of
    # 99 end at 19,998 rows, short of the total: only the (page+1)*size ≤ 20,000 rule stops there,
    # without asking for the page the API refuses.
    async def body(library: HuaweiLibrary) -> tuple[list[str], HuaweiSearchListing, int]:
        listing = library.search(LibraryFilter(), page_size=99)
        return await ids_of(listing), listing, library.client.stats.failures

    ids, listing, failures = with_library(emulator.base_url, body)
    reach = (20_000 // 99) * 99
    assert reach == 19_998 and listing.total == 20_000
    assert ids == [a.asset_id for a in emulated(emulator)[:reach]]
    assert failures == 0
    assert listing.limit_reached and listing.exhausted
    assert listing.limit_notice is not None
