"""A separate process that writes review decisions into a store, for the durability tests: two of
them writing at once, and one killed with SIGKILL in the middle of a transaction.

    python -m tests.services.review_store_child write DB PREFIX COUNT
        waits for a line on stdin, then records COUNT decisions one transaction each (the worst
        case for lock contention) through the real async store, and prints "done N".
    python -m tests.services.review_store_child batches DB BATCH_SIZE
        commits batches through the store's own transaction function, printing "committed K" after
        each; in batch 4 it prints "mid" halfway through the rows and blocks on stdin, so the
        parent can kill it with an open, uncommitted transaction.
    python -m tests.services.review_store_child stream DB BATCH_SIZE
        records batches through the async store forever, printing the ids of each batch once the
        store said they were saved; the parent kills it at an arbitrary moment.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.services.review_store.interface import WriteOutcome
from snapview.services.review_store.sql_writes import write_batch
from snapview.services.review_store.sqlite_connection import SqliteSession, connect, migrate
from snapview.services.review_store.sqlite_store import SqliteReviewStore

ACCOUNT = AccountRef("aliyun", "cn-shanghai", "durability")


def decision(video: str, index: int) -> Decision:
    mark = (
        Mark(Verdict.REJECTED, Reason.BLACK, f"{video} #{index}")
        if index % 3 == 0
        else Mark(Verdict.APPROVED)
    )
    return Decision(
        SnapshotKey(VideoKey(ACCOUNT, video), "NormalSnapshot", index),
        mark,
        f"writer-{video}",
        datetime.now(UTC),
        job_id="job-1",
        origin="cli",
    )


async def write(db: Path, prefix: str, count: int) -> None:
    store = SqliteReviewStore(db, watch_interval=0)
    await store.open()
    sys.stdin.readline()  # start together with the other writer
    saved = 0
    for index in range(1, count + 1):
        report = await store.record([decision(prefix, index)])
        saved += report.count(WriteOutcome.CURRENT)
    await store.aclose()
    print(f"done {saved}", flush=True)


def batches(db: Path, size: int) -> None:
    connection, _ = connect(db)
    migrate(connection, str(db))
    for batch in range(1, 4):
        write_batch(
            SqliteSession(connection),
            [decision(f"batch{batch}", i) for i in range(1, size + 1)],
            recorded_at="2026-11-20T00:00:00.000Z",
        )
        print(f"committed {batch}", flush=True)

    def rows() -> Iterator[Decision]:
        for i in range(1, size + 1):
            if i == size // 2:
                print("mid", flush=True)
                sys.stdin.readline()  # the parent kills us here, inside the transaction
            yield decision("batch4", i)

    write_batch(SqliteSession(connection), rows(), recorded_at="2026-11-20T00:00:00.000Z")
    print("committed 4", flush=True)


async def stream(db: Path, size: int) -> None:
    store = SqliteReviewStore(db, watch_interval=0)
    await store.open()
    batch = 0
    while True:
        batch += 1
        decisions = [decision(f"stream{batch}", i) for i in range(1, size + 1)]
        report = await store.record(decisions)
        saved = [i for i, outcome in report.outcomes.items() if outcome is WriteOutcome.CURRENT]
        print(" ".join(saved), flush=True)


def main(argv: list[str]) -> None:
    mode, db = argv[0], Path(argv[1])
    if mode == "write":
        asyncio.run(write(db, argv[2], int(argv[3])))
    elif mode == "batches":
        batches(db, int(argv[2]))
    elif mode == "stream":
        asyncio.run(stream(db, int(argv[2])))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
