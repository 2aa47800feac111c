"""The Alibaba library against the emulator over real HTTP: a walk of the whole generated library
past the 5,000 limit in exactly the catalogue's order; filters that return exactly the matching
subset; an expired ScrollToken picked up again without a duplicate (even in the middle of a burst
of uploads in one second); cancellation that keeps the listing's place; ID lookups that report
unknown IDs; the category tree one node at a time; and the messages a user reads when it fails."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest

from snapview.core.credentials import AliyunCredentials
from snapview.core.library import LibraryFilter, TimeBound
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.emulator import catalog as cat
from snapview.emulator.catalog import AccessKey
from snapview.emulator.library_catalog import BURST_AT, BURST_SIZE
from snapview.services.alibaba_library import AlibabaLibrary, LibraryRequestError, library_error
from snapview.services.library import LibraryListing
from snapview.services.retry import RetryPolicy
from snapview.services.vod_client import VodClient
from tests.helpers.library_expectations import expected_ids

T = TypeVar("T")
DEMO = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
FAST = RetryPolicy(max_attempts=8, base_delay=0.01, max_delay=0.05, max_retry_after=0.05)


def with_library(
    base_url: str,
    body: Callable[[AlibabaLibrary], Awaitable[T]],
    creds: AliyunCredentials = DEMO,
    retry: RetryPolicy = FAST,
) -> T:
    async def main() -> T:
        async with VodClient(creds, endpoint=base_url, retry=retry) as client:
            return await body(AlibabaLibrary(client))

    return asyncio.run(main())


async def ids_of(listing: LibraryListing) -> list[str]:
    return [video.video_id async for page in listing for video in page.videos]


def test_the_whole_library_in_order_past_5000(emulator) -> None:
    async def body(library: AlibabaLibrary) -> tuple[list[str], LibraryListing, dict[str, int]]:
        listing = library.search(LibraryFilter())
        return await ids_of(listing), listing, library.client.stats.as_dict()

    ids, listing, stats = with_library(emulator.base_url, body)
    expected = expected_ids(emulator.catalog)
    assert len(expected) > 6_000
    assert ids == expected
    assert listing.total == len(expected) and listing.exhausted and listing.restarts == 0
    assert listing.pages_loaded == -(-len(expected) // 100) == stats["requests"]


FILTERS = [
    pytest.param({"text": "city"}, {"words": ("city",)}, id="english-word"),
    pytest.param({"text": "城市 夜景"}, {"words": ("城市", "夜景")}, id="chinese-words"),
    pytest.param(
        {"statuses": ("TranscodeFail", "UploadFail", "ProduceFail")},
        {"statuses": ("TranscodeFail", "UploadFail", "ProduceFail")},
        id="failed",
    ),
    pytest.param({"category_id": 1011}, {"category": 1011}, id="category"),
    pytest.param(
        {
            "since": TimeBound(datetime(2026, 1, 1, tzinfo=UTC)),
            "until": TimeBound(BURST_AT, inclusive=True),
            "newest_first": False,
        },
        {
            "since": (datetime(2026, 1, 1, tzinfo=UTC), True),
            "until": (BURST_AT, True),
            "newest_first": False,
        },
        id="closed-range-oldest-first",
    ),
    pytest.param(
        {"until": TimeBound(BURST_AT, inclusive=False), "statuses": ("Normal",), "text": "vlog"},
        {"until": (BURST_AT, False), "statuses": ("Normal",), "words": ("vlog",)},
        id="open-end-with-status-and-text",
    ),
    pytest.param(
        {"text": "no such title anywhere"},
        {"words": ("no", "such", "title", "anywhere")},
        id="none",
    ),
]


@pytest.mark.parametrize(("flt", "independent"), FILTERS)
def test_filters_return_exactly_the_matching_subset(emulator, flt, independent) -> None:
    ids = with_library(emulator.base_url, lambda lib: ids_of(lib.search(LibraryFilter(**flt))))
    assert ids == expected_ids(emulator.catalog, **independent)


@pytest.mark.parametrize("newest_first", [True, False], ids=["newest-first", "oldest-first"])
def test_an_expired_token_in_the_middle_of_a_burst_resumes_without_duplicates(
    emulator_factory, newest_first: bool
) -> None:
    """Forty videos share one upload second. The token expires after the walk has handed out part
    of them; the walk searches again from that second and must skip exactly the ones it has."""
    emu = emulator_factory(scroll_token_ttl_s=30)
    window = LibraryFilter(
        since=TimeBound(BURST_AT - timedelta(hours=6)),
        until=TimeBound(BURST_AT + timedelta(hours=6)),
        newest_first=newest_first,
    )
    expected = expected_ids(
        emu.catalog,
        since=(BURST_AT - timedelta(hours=6), True),
        until=(BURST_AT + timedelta(hours=6), True),
        newest_first=newest_first,
    )
    burst = set(expected_ids(emu.catalog, since=(BURST_AT, True), until=(BURST_AT, True)))
    assert len(burst) == BURST_SIZE

    async def body(library: AlibabaLibrary) -> tuple[list[str], int, int]:
        listing = library.search(window, page_size=7)
        ids: list[str] = []
        while True:
            page = await listing.next_page()
            if page is None:
                return ids, listing.restarts, len(ids)
            ids += [v.video_id for v in page.videos]
            if listing.pages_loaded == 3:
                emu.advance_clock(31)  # every token handed out so far is now expired

    ids, restarts, _ = with_library(emu.base_url, body)
    assert restarts == 1
    assert ids == expected
    assert len(set(ids[:21]) & burst) > 0 and len(set(ids[21:]) & burst) > 0  # split mid-burst


def test_a_walk_survives_expiring_tokens_throttling_5xx_resets_and_truncation(
    emulator_factory,
) -> None:
    emu = emulator_factory(
        seed=5, scroll_expire_rate=0.1, fault_rate=0.05, throttle_rate=0.05, reset_rate=0.02,
        truncate_rate=0.02,
    )  # fmt: skip

    async def body(library: AlibabaLibrary) -> tuple[list[str], int, int]:
        listing = library.search(LibraryFilter(newest_first=False))
        return await ids_of(listing), listing.restarts, listing.rows_read

    ids, restarts, rows_read = with_library(emu.base_url, body)
    assert ids == expected_ids(emu.catalog, newest_first=False)
    assert restarts == emu.stats["scroll_expired"] > 0
    # Each restart went on from where the walk was, re-reading at most the rows of one second.
    assert rows_read <= len(ids) + restarts * 5
    assert emu.stats["faults"] > 0 and emu.stats["throttled"] > 0


def test_a_walk_whose_every_token_expires_still_reaches_the_end(emulator_factory) -> None:
    """Each restart goes on from the last row handed out, so even a token that never survives
    its first use only costs one extra request per page."""
    emu = emulator_factory(scroll_expire_rate=1.0)

    async def body(library: AlibabaLibrary) -> tuple[list[str], int]:
        listing = library.search(LibraryFilter(category_id=1010), page_size=10)
        return await ids_of(listing), listing.restarts

    ids, restarts = with_library(emu.base_url, body)
    expected = expected_ids(emu.catalog, category=1010)
    assert ids == expected and len(expected) > 100
    # The first page gives 10 rows; every restart re-reads the last row handed out (its second
    # is included) and gives 9 new ones — more restarts than the limit, none of them stalled.
    assert restarts == -(-(len(expected) - 10) // 9) > 20


def test_a_walk_that_cannot_get_past_one_second_says_so(emulator_factory) -> None:
    """Forty uploads in one second, seven a page, and every token expires: a restart from that
    second can never hand out a new row, so the walk stops with a sentence instead of looping."""
    emu = emulator_factory(scroll_expire_rate=1.0)
    burst = LibraryFilter(since=TimeBound(BURST_AT), until=TimeBound(BURST_AT))

    async def body(library: AlibabaLibrary) -> None:
        await ids_of(library.search(burst, page_size=7))

    with pytest.raises(LibraryRequestError) as excinfo:
        with_library(emu.base_url, body)
    assert excinfo.value.user_message.english() == (
        "The library walk kept losing its place (the ScrollToken expired 20 times). Try again."
    )
    assert excinfo.value.error_class is ErrorClass.TRANSIENT


async def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = asyncio.get_running_loop().time() + 10.0
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)


def test_cancelling_a_page_keeps_the_place_and_leaves_nothing_in_flight(emulator_factory) -> None:
    emu = emulator_factory(latency_ms=400)

    async def body(library: AlibabaLibrary) -> tuple[list[str], list[str], int]:
        listing = library.search(LibraryFilter(), page_size=10)
        pending = asyncio.create_task(listing.next_page())
        await _wait_for(lambda: library.client.stats.in_flight == 1)
        listing.cancel()
        with pytest.raises(asyncio.CancelledError):
            await pending
        in_flight = library.client.stats.in_flight
        first = await listing.next_page()
        second = await listing.next_page()
        assert first is not None and second is not None and first.page_no == 1
        await listing.aclose()
        assert await listing.next_page() is None
        return [v.video_id for v in first.videos], [v.video_id for v in second.videos], in_flight

    first, second, in_flight = with_library(emu.base_url, body)
    expected = expected_ids(emu.catalog)
    assert in_flight == 0
    assert first == expected[:10] and second == expected[10:20]


def test_callers_at_the_same_time_get_consecutive_pages(emulator) -> None:
    async def body(library: AlibabaLibrary) -> list[list[str]]:
        listing = library.search(LibraryFilter(), page_size=25)
        pages = await asyncio.gather(*(listing.next_page() for _ in range(3)))
        return [[v.video_id for v in p.videos] for p in pages if p is not None]

    pages = with_library(emulator.base_url, body)
    assert [i for page in pages for i in page] == expected_ids(emulator.catalog)[:75]


# --- ID lists ------------------------------------------------------------------------------------


def test_a_pasted_id_list_keeps_its_order_and_reports_unknown_ids(emulator) -> None:
    known = expected_ids(emulator.catalog)[:40]
    unknown = [f"{n:032x}" for n in range(1, 26)]  # the second batch of 20 is all unknown
    wanted = [*known[:19], unknown[0], *unknown[1:21], *known[19:], known[0], *unknown[21:]]

    async def body(library: AlibabaLibrary):
        listing = library.lookup(wanted)
        pages = [page async for page in listing]
        return pages, listing

    pages, listing = with_library(emulator.base_url, body)
    assert [v.video_id for p in pages for v in p.videos] == known
    assert [i for p in pages for i in p.unknown_ids] == unknown
    assert [len(p.videos) + len(p.unknown_ids) for p in pages] == [20, 20, 20, 5]
    assert listing.total == len(known) + len(unknown) and listing.unknown_ids == unknown


def test_an_id_list_narrowed_by_a_filter(emulator) -> None:
    entries = emulator.catalog.library.entries
    wanted = expected_ids(emulator.catalog)[:60]
    normal = [i for i in wanted if entries[i].status == "Normal"]
    narrow = LibraryFilter(statuses=("Normal",))
    ids = with_library(emulator.base_url, lambda lib: ids_of(lib.lookup(wanted, narrow=narrow)))
    assert ids == normal and 0 < len(normal) < len(wanted)


# --- categories ----------------------------------------------------------------------------------


def test_the_category_tree_loads_one_node_at_a_time(emulator) -> None:
    async def body(library: AlibabaLibrary):
        top = await library.categories()
        sport = await library.categories(1010)
        football = await library.categories(1011)
        return top, sport, football, library.client.stats.requests

    top, sport, football, requests = with_library(emulator.base_url, body)
    assert top.parent is None and {c.name for c in top.children} >= {"News", "体育", "Demo 演示"}
    assert all(c.level == 0 and c.parent_id is None for c in top.children)
    assert sport.parent is not None and sport.parent.name == "体育"
    assert [c.name for c in sport.children] == ["Football 足球", "Basketball"]
    assert [(c.name, c.level, c.may_have_children) for c in football.children] == [
        ("Premier League", 2, False),
        ("中超", 2, False),
    ]
    assert requests == 3


def test_an_unknown_category_says_so(emulator) -> None:
    async def body(library: AlibabaLibrary) -> None:
        await library.category(4242)

    with pytest.raises(VodError) as excinfo:
        with_library(emulator.base_url, body)
    assert excinfo.value.error_class is ErrorClass.NOT_FOUND
    assert excinfo.value.user_message.english() == "Category 4242 does not exist in this account."
    known = with_library(emulator.base_url, lambda lib: lib.category(1013))
    assert (known.name, known.level, known.parent_id) == ("中超", 2, 1011)


# --- what a user reads when it fails --------------------------------------------------------------


def test_a_key_that_may_only_list_snapshots_is_told_which_permission_it_needs(
    emulator_factory,
) -> None:
    limited = AccessKey(
        "LTAI5tSnapsOnly", "snapsOnlySecret0123456789abcdefg", ("vod:ListSnapshots",)
    )
    base = cat.default_catalog()
    emu = emulator_factory(
        catalog=replace(base, access_keys={**base.access_keys, limited.access_key_id: limited})
    )
    creds = AliyunCredentials(limited.access_key_id, limited.secret)
    for call in (
        lambda lib: ids_of(lib.search(LibraryFilter())),
        lambda lib: ids_of(lib.lookup([cat.SHORT_VIDEO_ID])),
        lambda lib: lib.categories(),
    ):
        with pytest.raises(LibraryRequestError) as excinfo:
            with_library(emu.base_url, call, creds=creds)
        message = excinfo.value.user_message.english()
        assert message.startswith(
            "This AccessKey may not read the media library (it needs the vod:"
        )
        assert excinfo.value.error_class is ErrorClass.PERMISSION and excinfo.value.attempts == 1


def test_a_match_the_service_rejects_gets_a_sentence_about_the_search(emulator) -> None:
    async def body(library: AlibabaLibrary) -> VodError:
        try:
            await library.client.call("SearchMedia", {"Match": "Title='unclosed"})
        except VodError as error:
            return library_error(error, "SearchMedia")
        raise AssertionError("the emulator accepted a broken Match")

    error = with_library(emulator.base_url, body, retry=RetryPolicy.never())
    assert error.code == "ErrorMatchSyntax" and error.error_class is ErrorClass.INPUT
    assert error.user_message.english() == (
        "The service rejected the search: The parameter Match.position 7 has an error syntax, "
        "please check it."
    )
