"""The review store on a real SQLite file under the failures the issue names: two processes
writing at once, a process killed in the middle of a transaction, a read-only filesystem and a
full disk. Nothing committed may be lost, the file must stay consistent, and decisions that cannot
be written must stay in memory with a clear message and be written once the problem is gone."""

from __future__ import annotations

import asyncio
import logging
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.services.review_store.interface import DecisionQuery, ProblemKind, WriteOutcome
from snapview.services.review_store.sqlite_store import SqliteReviewStore
from tests.helpers.timeouts import WAIT_MS
from tests.helpers.tmpfs import mounted_tmpfs

ROOT = Path(__file__).resolve().parents[2]
VIDEO = VideoKey(AccountRef("aliyun", "cn-shanghai", "QA"), "902a023c6286bad2f8962f203727f898")


def decisions(count: int, start: int = 1, comment: str = "") -> list[Decision]:
    return [
        Decision(
            SnapshotKey(VIDEO, "NormalSnapshot", i),
            Mark(Verdict.APPROVED, comment=comment),
            "li",
            datetime.now(UTC),
        )
        for i in range(start, start + count)
    ]


def child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.services.review_store_child", *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def store_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The store logs each problem it reports to the user (a warning): expected in these tests."""
    with caplog.at_level(logging.WARNING, logger="snapview.review"):
        yield caplog


def integrity(db: Path) -> tuple[str, int, int]:
    connection = sqlite3.connect(db)
    try:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        history = connection.execute("SELECT COUNT(*) FROM decision").fetchone()[0]
        current = connection.execute("SELECT COUNT(*) FROM current_decision").fetchone()[0]
        fk = connection.execute("PRAGMA foreign_key_check").fetchall()
        assert fk == [], fk
        return check, history, current
    finally:
        connection.close()


def run(coroutine_fn: Callable[[], Any]) -> Any:
    return asyncio.run(asyncio.wait_for(coroutine_fn(), WAIT_MS / 1000))


def test_two_processes_writing_500_decisions_each_at_once_lose_none(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    writers = [child("write", str(db), name, "500") for name in ("alpha", "beta")]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outputs = [writer.communicate(timeout=WAIT_MS / 1000 * 8) for writer in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.strip() == "done 500"  # every decision became current, none was refused
    assert integrity(db) == ("ok", 1000, 1000)

    async def check() -> None:
        store = SqliteReviewStore(db, watch_interval=0)
        await store.open()
        rows = await store.current(DecisionQuery())
        await store.aclose()
        by_video = {
            v: sorted(r.key.index for r in rows if r.key.video.video_id == v)
            for v in ("alpha", "beta")
        }
        assert by_video == {"alpha": list(range(1, 501)), "beta": list(range(1, 501))}

    run(check)


def test_a_process_killed_inside_a_transaction_leaves_every_committed_batch(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    writer = child("batches", str(db), "200")
    assert writer.stdout is not None
    lines = [writer.stdout.readline().strip() for _ in range(4)]
    assert lines == ["committed 1", "committed 2", "committed 3", "mid"]
    writer.send_signal(signal.SIGKILL)  # 100 rows of batch 4 written, not committed
    writer.communicate(timeout=WAIT_MS / 1000)  # reaps it and closes the pipes
    assert writer.returncode == -signal.SIGKILL
    assert Path(f"{db}-wal").exists()  # the torn transaction really reached the WAL machinery
    assert integrity(db) == ("ok", 600, 600)

    async def check() -> None:
        store = SqliteReviewStore(db, watch_interval=0)
        await store.open()
        rows = await store.current(DecisionQuery())
        assert sorted({r.key.video.video_id for r in rows}) == ["batch1", "batch2", "batch3"]
        report = await store.record(decisions(1))  # and the file takes new decisions
        assert report.count(WriteOutcome.CURRENT) == 1
        await store.aclose()

    run(check)
    assert integrity(db) == ("ok", 601, 601)


def test_a_process_killed_at_any_moment_keeps_what_it_was_told_was_saved(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    writer = child("stream", str(db), "300")
    assert writer.stdout is not None
    confirmed: set[str] = set()
    for _ in range(5):
        confirmed.update(writer.stdout.readline().split())
    writer.send_signal(signal.SIGKILL)  # wherever it is: mid-transaction, between, in Python
    writer.communicate(timeout=WAIT_MS / 1000)
    assert len(confirmed) == 1500
    check, history, current = integrity(db)
    assert check == "ok" and history == current and history >= 1500 and history % 300 == 0
    connection = sqlite3.connect(db)
    stored = {row[0] for row in connection.execute("SELECT decision_id FROM decision")}
    connection.close()
    assert confirmed <= stored


def test_a_read_only_filesystem_keeps_decisions_pending_until_it_is_writable(
    store_warnings: pytest.LogCaptureFixture,
) -> None:
    with mounted_tmpfs("4m") as fs:
        db = fs.path / "review.sqlite3"

        async def scenario() -> None:
            store = SqliteReviewStore(db, watch_interval=0)
            await store.open()
            await store.record(decisions(3))
            await store.aclose()
            fs.remount("ro")

            store = SqliteReviewStore(db, watch_interval=0, retry_delays=(3600,))
            status = await store.open()
            assert status.problem is not None and status.problem.kind is ProblemKind.READ_ONLY
            assert status.problem.user_message.english() == (
                f"Cannot save review decisions: {db} is read-only. They are kept in memory and "
                "saved as soon as the file can be written."
            )
            report = await store.record(decisions(2, start=4))
            assert set(report.outcomes.values()) == {WriteOutcome.PENDING}
            assert store.status.pending == 2
            rows = await store.current(DecisionQuery())
            assert [(r.key.index, r.pending) for r in rows] == [
                (1, False), (2, False), (3, False), (4, True), (5, True),
            ]  # fmt: skip
            fs.remount("rw")
            status = await store.flush()
            assert status.ok
            await store.aclose()

        run(scenario)
        assert integrity(db) == ("ok", 5, 5)


def test_a_full_disk_keeps_decisions_pending_until_there_is_space(
    store_warnings: pytest.LogCaptureFixture,
) -> None:
    with mounted_tmpfs("1m") as fs:
        db = fs.path / "review.sqlite3"

        async def scenario() -> None:
            store = SqliteReviewStore(db, watch_interval=0, retry_delays=(3600,))
            await store.open()
            await store.record(decisions(1))
            filler = fs.fill()
            report = await store.record(decisions(300, start=2, comment="x" * 200))
            assert set(report.outcomes.values()) == {WriteOutcome.PENDING}
            problem = store.status.problem
            assert problem is not None and problem.kind is ProblemKind.DISK_FULL
            assert "the disk holding" in problem.user_message.english() and "is full" in str(
                problem
            )
            assert len(await store.current(DecisionQuery())) == 301  # shown while pending
            filler.unlink()
            assert (await store.flush()).ok
            await store.aclose()

        run(scenario)
        assert integrity(db) == ("ok", 301, 301)


def test_a_store_at_its_size_limit_behaves_like_a_full_disk(
    tmp_path: Path, store_warnings: pytest.LogCaptureFixture
) -> None:
    """The portable variant of the full-disk test (no mount needed): SQLite's own page limit."""
    db = tmp_path / "review.sqlite3"

    async def scenario() -> None:
        store = SqliteReviewStore(db, watch_interval=0, retry_delays=(3600,))
        await store.open()
        await store.record(decisions(1))

        def limit(pages: int | None) -> None:
            assert store._connection is not None
            count = store._connection.execute("PRAGMA page_count").fetchone()[0]
            store._connection.execute(f"PRAGMA max_page_count = {pages or count}")

        await store._call(limit, None)
        original = store._close_in_worker
        store._close_in_worker = lambda: None  # type: ignore[method-assign]  # keep the limited connection
        report = await store.record(decisions(200, start=2, comment="y" * 300))
        assert set(report.outcomes.values()) == {WriteOutcome.PENDING}
        assert (
            store.status.problem is not None and store.status.problem.kind is ProblemKind.DISK_FULL
        )
        store._close_in_worker = original  # type: ignore[method-assign]
        await store._call(limit, 1_000_000)
        assert (await store.flush()).ok
        await store.aclose()

    run(scenario)
    assert integrity(db) == ("ok", 201, 201)


def test_a_failed_write_is_retried_on_its_own_once_the_problem_is_gone(
    store_warnings: pytest.LogCaptureFixture,
) -> None:
    with mounted_tmpfs("1m") as fs:
        db = fs.path / "review.sqlite3"

        async def scenario() -> None:
            store = SqliteReviewStore(db, watch_interval=0, retry_delays=(0.05,))
            await store.open()
            await store.record(decisions(1))
            saved = asyncio.Event()
            store.add_listener(lambda event: saved.set() if event.status.ok else None)
            filler = fs.fill()
            report = await store.record(decisions(300, start=2, comment="z" * 200))
            assert set(report.outcomes.values()) == {WriteOutcome.PENDING}
            filler.unlink()
            await saved.wait()  # the backoff timer wrote them; nobody called flush()
            assert store.status.pending == 0
            await store.aclose()

        run(scenario)
        assert integrity(db) == ("ok", 301, 301)
