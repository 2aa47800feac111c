"""The review store's model, on both backends — a real SQLite file and a real PostgreSQL server
(the ``stores`` fixture runs every test on each): append-only history, one current decision per
key with a version, "the newer decision wins" whatever the order, reads by video, type and date,
per-video summaries aggregated in SQL, notices of other processes' writes, claims and
assignments, and the triage session the GUI drives (decide at once, write behind, undo/redo as
new decisions)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.server import ServerUrlError
from snapview.core.review.verdicts import (
    SnapshotSet,
    VerdictOverride,
    VideoVerdict,
    summarise_video,
)
from snapview.services.review_store import open_store
from snapview.services.review_store.interface import (
    DecisionQuery,
    ReviewStore,
    StoreEvent,
    WriteOutcome,
)
from snapview.services.review_store.session import ReviewSession
from snapview.services.review_store.worker_store import WorkerStore
from tests.helpers.review_stores import StoreFactory
from tests.helpers.timeouts import WAIT_MS

ACCOUNT = AccountRef("aliyun", "cn-shanghai", "QA")
VIDEO = VideoKey(ACCOUNT, "902a023c6286bad2f8962f203727f898")
OTHER = VideoKey(ACCOUNT, "159da4db5f6b575c484d3cb72ae440cf")
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def make(
    index: int,
    verdict: Verdict = Verdict.APPROVED,
    reason: Reason | None = None,
    *,
    at: datetime = T0,
    video: VideoKey = VIDEO,
    job: str = "job-1",
    reviewer: str = "li.wei",
    snapshot_type: str = "NormalSnapshot",
) -> Decision:
    return Decision(
        SnapshotKey(video, snapshot_type, index), Mark(verdict, reason), reviewer, at, job_id=job
    )


def with_store(
    stores: StoreFactory,
    body: Callable[[ReviewStore], Awaitable[Any]],
    name: str = "r",
    *,
    live: bool = False,
) -> Any:
    async def main() -> Any:
        store = stores(name, live=live)
        await store.open()
        try:
            return await body(store)
        finally:
            await store.aclose()

    return asyncio.run(asyncio.wait_for(main(), WAIT_MS / 1000))


def test_each_newer_decision_bumps_the_version_and_the_history_keeps_all(
    stores: StoreFactory,
) -> None:
    async def body(store: ReviewStore) -> None:
        first = make(1)
        second = make(1, Verdict.REJECTED, Reason.FROZEN, at=T0 + timedelta(seconds=1))
        report = await store.record([first])
        assert report.outcomes == {first.decision_id: WriteOutcome.CURRENT}
        assert report.current[first.key].version == 1
        report = await store.record([second])
        assert report.current[first.key].version == 2
        assert (await store.record([second])).outcomes == {
            second.decision_id: WriteOutcome.DUPLICATE
        }
        older = make(1, Verdict.NOT_REVIEWED, at=T0 - timedelta(days=1), reviewer="wang")
        report = await store.record([older])
        assert report.outcomes == {older.decision_id: WriteOutcome.SUPERSEDED}
        assert report.current[first.key].decision == second  # the newer stays, visibly
        assert [d.decision_id for d in await store.history(first.key)] == [
            older.decision_id, first.decision_id, second.decision_id,
        ]  # fmt: skip
        [row] = await store.current(DecisionQuery(videos=(VIDEO,)))
        assert (row.decision, row.version, row.pending) == (second, 2, False)

    with_store(stores, body)


def test_two_stores_merged_in_either_order_agree(stores: StoreFactory) -> None:
    decisions = [
        make(1, at=T0),
        make(1, Verdict.REJECTED, Reason.BLACK, at=T0 + timedelta(minutes=1), reviewer="wang"),
        make(2, Verdict.REJECTED, Reason.BLURRED, at=T0 + timedelta(minutes=2)),
        make(2, at=T0 + timedelta(minutes=1), reviewer="wang"),
    ]

    def merged(order: list[Decision], name: str) -> list[tuple[int, str]]:
        async def body(store: ReviewStore) -> list[tuple[int, str]]:
            for decision in order:
                await store.record([decision])
            return [
                (r.key.index, r.decision.decision_id) for r in await store.current(DecisionQuery())
            ]

        return with_store(stores, body, name)

    assert (
        merged(decisions, "a")
        == merged(decisions[::-1], "b")
        == [
            (1, decisions[1].decision_id),
            (2, decisions[2].decision_id),
        ]
    )


def test_everything_survives_closing_and_reopening_the_file(stores: StoreFactory) -> None:
    override = VerdictOverride(VIDEO, VideoVerdict.PASSED, "intro is black on purpose", "lead", T0)
    snapshot_set = SnapshotSet(VIDEO, "NormalSnapshot", "job-1", 48, T0)

    async def write(store: ReviewStore) -> None:
        await store.record([make(i) for i in range(1, 11)])
        await store.set_overrides([override])
        await store.note_snapshot_sets([snapshot_set])

    async def read(store: ReviewStore) -> tuple[Any, ...]:
        return (
            len(await store.current(DecisionQuery())),
            await store.overrides([VIDEO]),
            await store.snapshot_sets([VIDEO]),
        )

    with_store(stores, write)
    assert with_store(stores, read) == (10, {VIDEO: override}, [snapshot_set])


def test_queries_select_by_video_type_and_time(stores: StoreFactory) -> None:
    async def body(store: ReviewStore) -> None:
        await store.record(
            [
                make(1, at=T0),
                make(2, at=T0 + timedelta(days=1)),
                make(3, Verdict.NOT_REVIEWED, at=T0 + timedelta(days=1)),
                make(1, video=OTHER, at=T0 + timedelta(days=2)),
                make(1, snapshot_type="CoverSnapshot", at=T0 + timedelta(days=3)),
            ]
        )

        async def indices(query: DecisionQuery) -> list[tuple[str, str, int]]:
            return [
                (r.key.video.video_id[:4], r.key.snapshot_type[:5], r.key.index)
                for r in await store.current(query)
            ]

        assert await indices(DecisionQuery(video_ids=(OTHER.video_id,))) == [("159d", "Norma", 1)]
        assert await indices(DecisionQuery(videos=(VIDEO,), snapshot_type="CoverSnapshot")) == [
            ("902a", "Cover", 1)
        ]
        day2 = DecisionQuery(since=T0 + timedelta(days=1), until=T0 + timedelta(days=2))
        assert await indices(day2) == [("902a", "Norma", 2), ("902a", "Norma", 3)]
        assert await indices(
            DecisionQuery(
                since=T0 + timedelta(days=1), until=T0 + timedelta(days=2), include_cleared=False
            )
        ) == [("902a", "Norma", 2)]
        assert await store.videos(DecisionQuery(since=T0 + timedelta(days=2))) == sorted(
            [VIDEO, OTHER]
        )

    with_store(stores, body)


def test_summaries_from_sql_match_the_rules_computed_in_python(stores: StoreFactory) -> None:
    decisions = [
        make(1),
        make(2, Verdict.REJECTED, Reason.BLACK),
        make(3, Verdict.REJECTED, Reason.BLACK),
        make(4, Verdict.REJECTED, Reason.CORRUPT, job="job-0"),  # stale
        make(5, Verdict.NOT_REVIEWED),
        make(1, video=OTHER, job="job-9"),
        make(2, video=OTHER, job="job-9"),
    ]
    sets = [
        SnapshotSet(VIDEO, "NormalSnapshot", "job-1", 48, T0),
        SnapshotSet(OTHER, "NormalSnapshot", "job-9", 2, T0),
    ]
    override = VerdictOverride(OTHER, VideoVerdict.NEEDS_ATTENTION, "check audio", "lead", T0)

    async def body(store: ReviewStore) -> None:
        await store.record(decisions)
        await store.note_snapshot_sets(sets)
        await store.set_overrides([override])
        summaries = await store.summaries([VIDEO, OTHER])
        assert summaries[VIDEO] == summarise_video(VIDEO, decisions[:5], sets[:1])
        assert summaries[VIDEO].counts.by_reason == {Reason.BLACK: 2}
        assert (summaries[VIDEO].verdict, summaries[VIDEO].counts.stale) == (VideoVerdict.FAILED, 1)
        assert summaries[OTHER].derived is VideoVerdict.PASSED
        assert summaries[OTHER].verdict is VideoVerdict.NEEDS_ATTENTION

    with_store(stores, body)


def test_a_write_by_another_process_is_noticed(stores: StoreFactory) -> None:

    async def body(store: ReviewStore) -> None:
        noticed = asyncio.Event()
        store.add_listener(lambda event: noticed.set() if event.external else None)
        other = stores()  # its own connection, like the CLI's (or another reviewer's desktop)
        await other.open()
        await store.record([make(1)])  # our own write is not "another process"
        await other.record([make(2)])
        await other.aclose()
        await noticed.wait()
        assert len(await store.current(DecisionQuery())) == 2

    with_store(stores, body, live=True)


def test_a_server_url_with_a_password_is_refused_without_echoing_it() -> None:
    for url in (
        "postgresql://li:s3cretPassw0rd@db.example:5432/review",
        "postgresql://li@db.example/review?password=s3cretPassw0rd",
    ):
        with pytest.raises(ServerUrlError) as caught:
            open_store(url)
        assert "s3cret" not in str(caught.value)
        assert "snapview review login --db" in caught.value.user_message.english()


# -- the triage session ------------------------------------------------------------------------------


def test_a_session_shows_a_decision_at_once_and_writes_it_behind(stores: StoreFactory) -> None:
    async def body(store: ReviewStore) -> None:
        session = await ReviewSession.start(
            store, VIDEO, "NormalSnapshot", "li.wei", job_id="job-1", total=48
        )
        told: list[tuple[int, ...] | None] = []
        session.add_listener(lambda indices, event: told.append(indices))
        session.reject([5, 6], Reason.BLACK, "开场黑屏")
        # Before any await: the board shows it, as pending.
        assert session.board.tile(5).mark == Mark(Verdict.REJECTED, Reason.BLACK, "开场黑屏")
        assert session.board.tile(5).pending
        assert told == [(5, 6)]
        await session.drain()
        assert not session.board.tile(5).pending
        assert session.counts().rejected == 2 and session.next_unreviewed() == 1
        rows = await store.current(DecisionQuery(videos=(VIDEO,)))
        assert [(r.key.index, r.decision.comment) for r in rows] == [
            (5, "开场黑屏"),
            (6, "开场黑屏"),
        ]
        assert await store.snapshot_sets([VIDEO]) == [
            SnapshotSet(
                VIDEO,
                "NormalSnapshot",
                "job-1",
                48,
                (await store.snapshot_sets([VIDEO]))[0].seen_at,
            )
        ]
        session.close()

    with_store(stores, body)


def test_undo_and_redo_record_new_decisions_that_restore_each_mark(stores: StoreFactory) -> None:
    async def body(store: ReviewStore) -> None:
        await store.record([make(2, Verdict.REJECTED, Reason.BLURRED)])
        session = await ReviewSession.start(
            store, VIDEO, "NormalSnapshot", "li.wei", job_id="job-1", total=48
        )
        session.approve([1, 2, 3])
        session.undo()
        assert [session.board.mark(i).verdict for i in (1, 2, 3)] == [
            Verdict.NOT_REVIEWED, Verdict.REJECTED, Verdict.NOT_REVIEWED,
        ]  # fmt: skip
        session.redo()
        await session.drain()
        rows = {r.key.index: r for r in await store.current(DecisionQuery(videos=(VIDEO,)))}
        assert {i: r.decision.verdict for i, r in rows.items()} == {
            i: Verdict.APPROVED for i in (1, 2, 3)
        }
        assert rows[2].version == 4  # blurred, approved, blurred again (undo), approved (redo)
        history = await store.history(SnapshotKey(VIDEO, "NormalSnapshot", 2))
        assert [d.mark.reason for d in history] == [Reason.BLURRED, None, Reason.BLURRED, None]
        session.close()

    with_store(stores, body)


def test_a_newer_decision_by_someone_else_wins_on_the_board(stores: StoreFactory) -> None:

    async def body(store: ReviewStore) -> None:
        session = await ReviewSession.start(
            store, VIDEO, "NormalSnapshot", "li.wei", job_id="job-1", total=48
        )
        events: list[StoreEvent] = []
        session.add_listener(lambda indices, event: events.append(event) if event else None)
        # Another reviewer's decision, made "in the future" (their clock), lands first.
        other = stores()
        await other.open()
        await other.record(
            [
                make(
                    7,
                    Verdict.REJECTED,
                    Reason.FROZEN,
                    reviewer="wang",
                    at=datetime.now(UTC) + timedelta(hours=1),
                )
            ]
        )
        await other.aclose()
        session.approve([7])
        await session.drain()
        tile = session.board.tile(7)
        assert (tile.mark.verdict, tile.reviewer) == (Verdict.REJECTED, "wang")
        session.close()

    with_store(stores, body)


def test_a_new_job_makes_the_old_marks_stale_on_screen(stores: StoreFactory) -> None:
    async def body(store: ReviewStore) -> None:
        session = await ReviewSession.start(
            store, VIDEO, "NormalSnapshot", "li.wei", job_id="job-1", total=48
        )
        session.approve([1, 2])
        await session.drain()
        await session.set_listing("job-2", 36)
        assert session.board.tile(1).stale and session.counts().stale == 2
        assert session.next_unreviewed() == 1
        summary = (await store.summaries([VIDEO]))[VIDEO]
        assert (summary.counts.stale, summary.counts.total, summary.verdict) == (
            2,
            36,
            VideoVerdict.NEEDS_ATTENTION,
        )
        session.close()

    with_store(stores, body)


def test_a_verdict_set_in_a_session_overrides_the_derived_one_until_cleared(
    stores: StoreFactory,
) -> None:
    async def body(store: ReviewStore) -> None:
        session = await ReviewSession.start(
            store, VIDEO, "NormalSnapshot", "li.wei", job_id="job-1", total=2
        )
        session.reject([1], Reason.BLACK)
        await session.drain()
        await session.set_verdict(VideoVerdict.PASSED, "片头黑屏是设计如此")
        summary = (await store.summaries([VIDEO]))[VIDEO]
        assert (summary.verdict, summary.derived) == (VideoVerdict.PASSED, VideoVerdict.FAILED)
        assert summary.override is not None and summary.override.comment == "片头黑屏是设计如此"
        await session.set_verdict(None)
        assert (await store.summaries([VIDEO]))[VIDEO].verdict is VideoVerdict.FAILED
        session.close()

    with_store(stores, body)


# -- who works on what ---------------------------------------------------------------------------


def test_a_claim_shows_who_has_a_video_open_until_it_is_released(stores: StoreFactory) -> None:
    async def body(store: ReviewStore) -> None:
        other = stores()  # another reviewer's app
        await other.open()
        try:
            assert await store.claim(VIDEO, "li.wei") == ()  # nobody else has it open
            others = await other.claim(VIDEO, "wang")
            assert [(c.reviewer, c.holder) for c in others] == [("li.wei", store.client_id)]
            claims = await other.claims([VIDEO, OTHER])
            assert set(claims) == {VIDEO}  # a video nobody has open is left out
            assert sorted(c.reviewer for c in claims[VIDEO]) == ["li.wei", "wang"]
            assert all(c.expires_at > c.claimed_at for c in claims[VIDEO])
            await store.release(VIDEO)
            assert [c.reviewer for c in (await other.claims([VIDEO]))[VIDEO]] == ["wang"]
        finally:
            await other.aclose()  # releases wang's claim too
        assert await store.claims([VIDEO]) == {}

    with_store(stores, body)


def test_a_claim_nobody_refreshes_runs_out(stores: StoreFactory) -> None:
    from snapview.core.review.team import CLAIM_TTL

    async def body(store: ReviewStore) -> None:
        await store.claim(VIDEO, "li.wei")
        later = stores()
        await later.open()
        try:
            # The same store, read by a clock past the claim's expiry (a crashed app's claim).
            assert isinstance(later, WorkerStore)
            later._store_now = lambda: datetime.now(UTC) + CLAIM_TTL + timedelta(seconds=5)  # type: ignore[method-assign]
            assert await later.claims([VIDEO]) == {}
        finally:
            await later.aclose()

    with_store(stores, body)


def test_assignments_answer_assigned_to_me_and_can_be_replaced_or_cleared(
    stores: StoreFactory,
) -> None:
    async def body(store: ReviewStore) -> None:
        await store.assign([VIDEO, OTHER], "li.wei", "lead")
        mine = await store.assignments(assignee="li.wei")
        assert [(a.video, a.assigned_by) for a in mine] == sorted(
            [(VIDEO, "lead"), (OTHER, "lead")]
        )
        await store.assign([OTHER], "wang", "lead")  # reassigned: one assignee per video
        assert [a.video for a in await store.assignments(assignee="li.wei")] == [VIDEO]
        assert [a.assignee for a in await store.assignments(videos=[OTHER])] == ["wang"]
        await store.assign([VIDEO], None, "lead")
        assert await store.assignments(assignee="li.wei") == []
        assert len(await store.assignments()) == 1

    with_store(stores, body)
