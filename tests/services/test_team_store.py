"""The shared review store on a real PostgreSQL server, under what a team does to it: reviewers
deciding the same snapshots at once, twenty desktops writing together, a second app seeing a
decision live, the server stopped and started in the middle of a session, a server that cannot
be reached or does not answer, and a refused password. Nothing may be lost, the later decision
must win visibly, and the user must be told what is going on."""

from __future__ import annotations

import asyncio
import logging
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from snapview.core.review.decisions import Decision, Mark, StoredDecision, Verdict
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.server import ServerLocation
from snapview.services.review_store.interface import (
    DecisionQuery,
    ProblemKind,
    ReviewStoreError,
    StoreEvent,
    WriteOutcome,
)
from snapview.services.review_store.postgres_store import PostgresReviewStore
from tests.helpers.postgres_server import PASSWORD, PostgresServer
from tests.helpers.timeouts import WAIT_MS

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = AccountRef("aliyun", "cn-shanghai", "team")
VIDEO = VideoKey(ACCOUNT, "902a023c6286bad2f8962f203727f898")
LIVE_WITHIN_S = 1.0  # the issue's promise: others' decisions appear within a second


def make(index: int, reviewer: str, at: datetime, verdict: Verdict = Verdict.APPROVED) -> Decision:
    mark = Mark(verdict, Reason.FROZEN if verdict is Verdict.REJECTED else None)
    return Decision(SnapshotKey(VIDEO, "NormalSnapshot", index), mark, reviewer, at, job_id="j1")


def run(coroutine: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coroutine, WAIT_MS / 1000 * 2))


@pytest.fixture
def store_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The store logs each problem it reports to the user (a warning): expected in these tests."""
    with caplog.at_level(logging.WARNING, logger="snapview.review"):
        yield caplog


@pytest.fixture
def shared(pg_location: ServerLocation, tmp_path: Path) -> Callable[..., PostgresReviewStore]:
    """``shared(**options)``: another desktop's store on the test's database."""

    def make_store(**options: Any) -> PostgresReviewStore:
        options.setdefault("password", PASSWORD)
        options.setdefault("queue_folder", tmp_path / "config")
        return PostgresReviewStore(options.pop("location", pg_location), **options)

    return make_store


def waiter(store: PostgresReviewStore, condition: Callable[[StoreEvent], bool]) -> asyncio.Event:
    """An event set the first time ``store`` tells its listeners something that ``condition``
    accepts."""
    seen = asyncio.Event()
    store.add_listener(lambda event: seen.set() if condition(event) else None)
    return seen


def test_another_desktop_sees_a_decision_within_a_second_with_who_and_when(shared) -> None:
    async def scenario() -> None:
        watcher, reviewer = shared(), shared(listen=False)
        await watcher.open()
        await reviewer.open()
        heard: list[StoredDecision] = []
        arrived = asyncio.Event()

        def listen(event: StoreEvent) -> None:
            if event.external and event.rows:
                heard.extend(event.rows)
                arrived.set()

        watcher.add_listener(listen)
        decision = make(5, "li.wei", datetime.now(UTC), Verdict.REJECTED)
        await reviewer.record([decision])
        await asyncio.wait_for(arrived.wait(), LIVE_WITHIN_S)
        assert [(r.decision, r.decision.reviewer, r.version) for r in heard] == [
            (decision, "li.wei", 1)
        ]
        assert heard[0].decision.decided_at == decision.decided_at
        await reviewer.aclose()
        await watcher.aclose()

    run(scenario())


def test_two_reviewers_deciding_the_same_snapshots_at_once_both_land_and_the_later_wins(
    shared,
) -> None:
    keys = range(1, 201)

    async def scenario() -> None:
        li, wang = shared(), shared()
        await li.open()
        await wang.open()
        now = datetime.now(UTC)
        mine = [make(i, "li.wei", now) for i in keys]
        theirs = [make(i, "wang", now + timedelta(milliseconds=1), Verdict.REJECTED) for i in keys]
        # li sees wang's decision on every key: in its own write's report (wang's came first)
        # or told by the server (wang's came after).
        shown: dict[int, StoredDecision] = {}
        all_shown = asyncio.Event()

        def on_li(event: StoreEvent) -> None:
            for row in event.rows:
                if row.decision.reviewer == "wang":
                    shown[row.key.index] = row
            if len(shown) == len(keys):
                all_shown.set()

        li.add_listener(on_li)
        # Interleaved, and for every other key the later decision is sent first: the newer one
        # must win whatever order the server commits them in.
        calls = []
        for early, late in zip(mine, theirs, strict=True):
            pair = [li.record([early]), wang.record([late])]
            calls.extend(pair if early.key.index % 2 else pair[::-1])
        reports = await asyncio.gather(*calls)
        assert not any(r.count(WriteOutcome.PENDING) for r in reports)
        await all_shown.wait()
        assert all(row.decision.reviewer == "wang" for row in shown.values())
        rows = await li.current(DecisionQuery(videos=(VIDEO,)))
        assert [r.decision for r in rows] == theirs  # the later one wins, everywhere
        assert {r.version for r in rows} <= {1, 2}
        history = await wang.history(mine[0].key)
        assert [d.reviewer for d in history] == ["li.wei", "wang"]  # both land
        await li.aclose()
        await wang.aclose()

    run(scenario())


def test_twenty_desktops_writing_at_once_lose_nothing(pg_location: ServerLocation) -> None:
    writers, count, contested = 20, 60, 10
    url = pg_location.display
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.services.team_store_child",
                url,
                f"w{n:02d}",
                str(count),
                str(contested),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(writers)
    ]
    for child in children:
        assert child.stdin is not None
        child.stdin.write(f"{PASSWORD}\n")
        child.stdin.flush()
    for child in children:  # every one has opened (or failed); now all start together
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outputs = [child.communicate(timeout=WAIT_MS / 1000 * 12) for child in children]
    contested_ids: set[str] = set()
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        word, saved, ids, pending = out.split(" ")
        assert (word, saved, pending.strip()) == ("done", str(count), "0")
        contested_ids.update(ids.split(","))
    assert len(contested_ids) == writers * contested
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=pg_location.port, user=pg_location.user,
        dbname=pg_location.database, password=PASSWORD,
    ) as connection:  # fmt: skip
        connection.execute("SET search_path = snapview")
        counted = connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT decision_id) FROM decision"
        ).fetchone()
        assert counted == (writers * (count + contested),) * 2
        stored = {row[0] for row in connection.execute("SELECT decision_id FROM decision")}
        assert contested_ids <= stored
        # Each contested snapshot's current decision is the latest of the twenty.
        wrong = connection.execute(
            "SELECT c.item_id FROM current_decision c JOIN decision d ON d.decision_id = c.decision_id "
            "WHERE EXISTS (SELECT 1 FROM decision n WHERE n.item_id = c.item_id AND "
            "(n.decided_at, n.decision_id) > (d.decided_at, d.decision_id))"
        ).fetchall()
        assert wrong == []
        assert connection.execute("SELECT COUNT(*) FROM current_decision").fetchone() == (
            writers * count + contested,
        )


def test_a_server_restart_mid_session_loses_nothing_and_replays_the_queue_once(
    postgres_server_factory, tmp_path: Path, store_warnings
) -> None:
    server: PostgresServer = postgres_server_factory()
    location = server.create_database()
    config = tmp_path / "config"
    start = datetime.now(UTC)
    first = [make(i, "li.wei", start + timedelta(milliseconds=i)) for i in range(1, 11)]
    offline = [
        make(i, "li.wei", start + timedelta(seconds=1, milliseconds=i)) for i in range(11, 31)
    ]
    after_restart = [
        make(i, "li.wei", start + timedelta(seconds=2, milliseconds=i)) for i in range(31, 36)
    ]

    def queued() -> int:
        [path] = (config / "review-queue").glob("*.sqlite3")
        connection = sqlite3.connect(path)
        try:
            return int(connection.execute("SELECT COUNT(*) FROM queued").fetchone()[0])
        finally:
            connection.close()

    async def session() -> None:
        store = PostgresReviewStore(location, password=PASSWORD, queue_folder=config)
        assert (await store.open()).ok
        went_offline = waiter(store, lambda event: event.status.offline)
        assert (await store.record(first)).count(WriteOutcome.CURRENT) == 10
        server.stop("fast")
        await went_offline.wait()  # the listener noticed, before any write
        assert store.status.problem is not None
        assert store.status.problem.user_message.english().startswith(
            f"Working offline: the shared review store {location.display} cannot be reached ("
        )
        report = await store.record(offline)
        assert set(report.outcomes.values()) == {WriteOutcome.PENDING}
        assert queued() == 20  # on disk, not only in memory
        rows = await asyncio.gather(store.history(offline[0].key), return_exceptions=True)
        assert isinstance(rows[0], ReviewStoreError)  # reads say why, they do not hang
        await store.aclose()  # the app quits while the server is away

    async def next_session() -> None:
        # No retry timer to speak of: the listener's reconnection alone must replay the queue.
        store = PostgresReviewStore(
            location, password=PASSWORD, queue_folder=config, retry_delays=(3600,)
        )
        status = await store.open()
        assert status.offline and status.pending == 20  # the queue from the last session
        await store.record(after_restart)
        assert store.status.pending == 25 and queued() == 25
        back = waiter(store, lambda event: event.status.ok and event.external)
        server.start()
        await back.wait()  # reconnected, replayed, and told the views to reload
        assert queued() == 0 and store.status.ok
        rows = await store.current(DecisionQuery(videos=(VIDEO,)))
        assert [r.decision for r in rows] == first + offline + after_restart
        assert {r.version for r in rows} == {1}  # each decision landed once
        await store.aclose()
        again = PostgresReviewStore(location, password=PASSWORD, queue_folder=config)
        assert (await again.open()).pending == 0  # nothing left to replay
        await again.aclose()

    run(session())
    run(next_session())


def test_an_unreachable_server_means_offline_at_once_and_a_silent_one_within_its_timeout(
    tmp_path: Path, store_warnings
) -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections (the kernel does) but never says a word
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
    try:
        for sock, timeout in ((refused, None), (silent, "1")):
            params = (("connect_timeout", timeout),) if timeout else ()
            location = ServerLocation(
                "reviewer", "127.0.0.1", sock.getsockname()[1], "review", params
            )

            async def scenario(location: ServerLocation = location) -> None:
                store = PostgresReviewStore(
                    location, password=PASSWORD, queue_folder=tmp_path, listen=False
                )
                loop = asyncio.get_running_loop()
                began = loop.time()
                status = await store.open()
                assert status.offline
                assert status.problem is not None and "cannot be reached" in str(status.problem)
                report = await store.record([make(1, "li.wei", datetime.now(UTC))])
                assert set(report.outcomes.values()) == {WriteOutcome.PENDING}
                assert loop.time() - began < 10  # bounded by connect_timeout, never a hang
                await store.aclose()

            run(scenario())
    finally:
        silent.close()
        refused.close()


def test_a_wrong_password_is_refused_with_the_way_to_fix_it(
    pg_location: ServerLocation, tmp_path: Path, store_warnings
) -> None:
    async def scenario() -> None:
        store = PostgresReviewStore(
            pg_location, password="SvNotThePassword-123", queue_folder=tmp_path
        )
        with pytest.raises(ReviewStoreError) as caught:
            await store.open()
        await store.aclose()
        assert caught.value.kind is ProblemKind.AUTH
        message = caught.value.user_message.english()
        assert "password authentication failed" in message
        assert f"snapview review login --db {pg_location.display}" in message
        assert "SvNotThePassword" not in message

    run(scenario())
