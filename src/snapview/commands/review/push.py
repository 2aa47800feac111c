"""``snapview review push --db postgresql://…``: upload a local store's decisions (its whole
history), verdict overrides and snapshot sets into the shared store, so a reviewer who started
alone can join the team. Idempotent: what the server has (by ``decision_id``) is skipped, and an
older decision lands in the history without hiding a newer one. Nothing is pushed into the
offline queue: an unreachable server is an error, and pushing again later is always safe."""

from __future__ import annotations

import argparse
from pathlib import Path

from snapview.commands.review.store_access import (
    FailedError,
    UsageError,
    open_store_for,
    store_location,
)

PAGE = 1000  # decisions per transaction on the server


async def push(args: argparse.Namespace) -> int:
    from snapview.core.review.server import is_server_url
    from snapview.services.review_store import default_store_path
    from snapview.services.review_store.interface import WriteOutcome, WriteReport
    from snapview.services.review_store.sqlite_store import SqliteReviewStore

    target = store_location(args)
    if not target or not is_server_url(target):
        raise UsageError("push needs the shared store: --db postgresql://USER@HOST:PORT/DATABASE")
    source = Path(args.source).expanduser() if args.source else default_store_path()  # noqa: ASYNC240
    if not source.is_file():
        raise UsageError(f"{source} does not exist: there is nothing to push")
    local = SqliteReviewStore(source, watch_interval=0)
    await local.open()
    shared = await open_store_for(args, target)
    counts = dict.fromkeys(WriteOutcome, 0)
    read = overrides = sets = 0
    try:
        status = shared.status
        if status.problem is not None:
            raise FailedError(f"nothing pushed: {status.problem.user_message.english()}")

        def tally(report: WriteReport) -> None:
            if report.count(WriteOutcome.PENDING):
                problem = report.status.problem if report.status else None
                why = problem.user_message.english() if problem else "unknown problem"
                raise FailedError(
                    f"stopped after {read} decisions: {why} Run push again to send the rest."
                )
            for outcome in WriteOutcome:
                counts[outcome] += report.count(outcome)

        after = ""
        while page := await local.history_page(after, PAGE):
            read += len(page)
            tally(await shared.record(page))
            after = page[-1].decision_id
        verdicts = await local.all_overrides()
        if verdicts:
            overrides = len(verdicts)
            await shared.set_overrides(verdicts)
        snapshot_sets = await local.all_snapshot_sets()
        if snapshot_sets:
            sets = len(snapshot_sets)
            await shared.note_snapshot_sets(snapshot_sets)
        if shared.status.pending:
            problem = shared.status.problem
            raise FailedError(
                f"not all pushed: {problem.user_message.english() if problem else 'unknown problem'}"
            )
    finally:
        await shared.aclose()
        await local.aclose()
    added = counts[WriteOutcome.CURRENT] + counts[WriteOutcome.SUPERSEDED]
    print(
        f"{source}: {read} decisions read; {added} added to {shared.location} "
        f"({counts[WriteOutcome.CURRENT]} now current, {counts[WriteOutcome.SUPERSEDED]} behind a "
        f"newer decision), {counts[WriteOutcome.DUPLICATE]} already there; {overrides} video "
        f"verdicts and {sets} snapshot sets sent"
    )
    return 0
