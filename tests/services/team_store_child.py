"""A separate process writing into the shared store, for the concurrency test (twenty of them at
once, like twenty reviewers' desktops):

    python -m tests.services.team_store_child URL NAME COUNT SHARED
        reads the password from the first line of stdin, opens the store, waits for a second line
        ("go"), then records COUNT decisions on its own video, one store call each (the worst
        case for contention), plus one decision on each of SHARED snapshots every writer decides
        too; prints "done <saved> <shared ids>".
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.server import parse_server_url
from snapview.services.review_store.interface import WriteOutcome
from snapview.services.review_store.postgres_store import PostgresReviewStore

ACCOUNT = AccountRef("aliyun", "cn-shanghai", "team")
SHARED_VIDEO = VideoKey(ACCOUNT, "shared-video")


async def write(url: str, name: str, count: int, shared: int) -> None:
    password = sys.stdin.readline().strip()
    store = PostgresReviewStore(
        parse_server_url(url),
        password=password,
        queue_folder=Path(tempfile.mkdtemp()),
        listen=False,
    )
    await store.open()
    sys.stdin.readline()  # start together with the others
    saved = 0
    ids: list[str] = []
    video = VideoKey(ACCOUNT, name)
    for index in range(1, count + 1):
        mark = Mark(Verdict.REJECTED, Reason.BLACK) if index % 4 == 0 else Mark(Verdict.APPROVED)
        decision = Decision(
            SnapshotKey(video, "NormalSnapshot", index), mark, name, datetime.now(UTC)
        )
        report = await store.record([decision])
        saved += report.count(WriteOutcome.CURRENT)
        if index <= shared:
            contested = Decision(
                SnapshotKey(SHARED_VIDEO, "NormalSnapshot", index), mark, name, datetime.now(UTC)
            )
            report = await store.record([contested])
            if report.count(WriteOutcome.PENDING) == 0:
                ids.append(contested.decision_id)
    status = store.status
    await store.aclose()
    print(f"done {saved} {','.join(ids)} {status.pending}", flush=True)


if __name__ == "__main__":
    url, name, count, shared = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    asyncio.run(write(url, name, count, shared))
