"""The page walk behind ``all_snapshots()`` of both providers, over a scripted page source: where it
stops, what it keeps when pages fail, how it names the gaps, and what it refuses. (The same walk
against the real emulator over HTTP: tests/e2e/test_ls_listing_faults.py.)"""

from __future__ import annotations

import asyncio

import pytest

from snapview.core.listsnapshots import ResponseFormatError
from snapview.core.snapshots import Snapshot, SnapshotPage, SnapshotType
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.services.listing_walk import (
    MAX_LISTED_SNAPSHOTS,
    ListingIncomplete,
    ListingResult,
    walk_pages,
)
from snapview.services.retry import RetryBudget, RetryPolicy, VodStats

SIZE = 10


def _page(page_no: int, count: int, total: int) -> SnapshotPage:
    first = (page_no - 1) * SIZE + 1
    return SnapshotPage(
        request_id=f"R{page_no}",
        video_id="v",
        snapshot_type=SnapshotType.NORMAL,
        page_no=page_no,
        page_size=SIZE,
        total=total,
        job_id="J",
        creation_time="",
        regular="",
        snapshots=tuple(Snapshot(first + n, f"u{first + n}") for n in range(count)),
        fetched_at=0.0,
        auth_timeout=3600,
    )


class Source:
    """``snapshots`` real snapshots, pages claiming ``total``; ``failing`` pages always fail."""

    def __init__(
        self, snapshots: int, total: int | None = None, failing: dict[int, VodError] | None = None
    ) -> None:
        self.snapshots = snapshots
        self.total = snapshots if total is None else total
        self.failing = failing or {}
        self.asked: list[int] = []

    async def fetch(self, page_no: int, budget: RetryBudget) -> SnapshotPage:
        self.asked.append(page_no)
        await asyncio.sleep(0)
        if page_no in self.failing:
            budget.try_spend()
            raise self.failing[page_no]
        budget.earn()
        count = max(0, min(SIZE, self.snapshots - (page_no - 1) * SIZE))
        return _page(page_no, count, self.total)

    def walk(self, budget: RetryBudget | None = None) -> ListingResult:
        async def go() -> ListingResult:
            first = await self.fetch(1, RetryBudget())
            return await walk_pages(
                first, self.fetch, page_size=SIZE, window=4, budget=budget or RetryBudget()
            )

        return asyncio.run(go())


def _busy() -> VodError:
    return VodError("ServiceUnavailable", "busy", http_status=503)


def test_the_walk_ends_at_the_first_short_page_and_looks_one_page_past_total_at_most() -> None:
    source = Source(95)
    result = source.walk()
    assert [s.index for s in result.snapshots] == list(range(1, 96))
    assert result.complete and result.pages_listed == 10
    # Each page once, and never more than one page past what Total announces.
    assert sorted(source.asked) in (list(range(1, 11)), list(range(1, 12)))


def test_an_exact_multiple_ends_at_the_empty_page_after_it() -> None:
    source = Source(100)
    result = source.walk()
    assert len(result.snapshots) == 100 and result.complete
    assert max(source.asked) == 11


def test_failed_pages_become_ranges_and_everything_else_is_kept() -> None:
    source = Source(200, failing={4: _busy(), 5: _busy(), 9: _busy()})
    result = source.walk()
    assert [(m.first, m.last) for m in result.missing] == [(4, 5), (9, 9)]
    assert [m.span() for m in result.missing] == ["pages 4–5", "page 9"]
    listed = {s.index for s in result.snapshots}
    assert listed == set(range(1, 201)) - set(range(31, 51)) - set(range(81, 91))
    error = ListingIncomplete(result)
    assert error.error_class is ErrorClass.TRANSIENT  # the first gap's class: the UI says "retry"
    assert "pages 4–5, page 9" in error.user_message.english()
    assert "170 snapshots that were listed are kept" in error.user_message.english()


def test_a_permanent_error_stops_the_walk_and_the_rest_is_missing() -> None:
    denied = VodError("Forbidden.RAM", "no", http_status=403)
    assert denied.error_class is ErrorClass.PERMISSION
    source = Source(1000, failing={3: denied})
    result = source.walk()
    assert result.missing[0].first == 3 and result.missing[-1].last == 100
    assert max(source.asked) < 20  # not every announced page asked after a refusal


def test_a_used_up_budget_stops_launching_pages() -> None:
    source = Source(1000, failing={n: _busy() for n in range(2, 101)})
    result = source.walk(RetryBudget(initial=3, per_success=0))
    assert [(m.first, m.last) for m in result.missing] == [(2, 100)]
    assert len(source.asked) < 15


def test_a_total_larger_than_any_job_is_refused_before_walking() -> None:
    source = Source(50, total=MAX_LISTED_SNAPSHOTS + 1)
    with pytest.raises(ResponseFormatError, match="claims 200001 snapshots"):
        source.walk()
    assert source.asked == [1]


def test_a_total_that_is_too_small_is_walked_past() -> None:
    result = Source(120, total=15).walk()
    assert len(result.snapshots) == 120 and result.complete


def test_a_refusal_past_the_announced_end_is_the_end() -> None:
    past_end = VodError("InvalidParameter", "PageNo out of range", http_status=400)
    source = Source(100, failing={11: past_end})
    result = source.walk()
    assert result.complete and len(result.snapshots) == 100


def test_the_retry_runner_spends_the_budget_and_gives_up_when_it_is_gone() -> None:
    policy = RetryPolicy(base_delay=0.0, max_delay=0.0, page_attempts=50)
    budget = RetryBudget(initial=3, per_success=1)
    stats = VodStats()
    calls = 0

    async def always_busy() -> None:
        nonlocal calls
        calls += 1
        raise _busy()

    with pytest.raises(VodError) as caught:
        asyncio.run(
            policy.run(
                always_busy,
                label="x",
                stats=stats,
                max_attempts=policy.page_attempts,
                budget=budget,
            )
        )
    assert calls == 4 and caught.value.attempts == 4  # 1 try + the 3 retries the budget had
    assert stats.retries == 3 and stats.failures == 1 and budget.exhausted
