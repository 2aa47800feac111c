"""Reading what a report covers from a review store: the current decisions in scope, the whole
videos' summaries, their snapshot sets and verdict overrides (pending decisions included — a
report made while the disk is full still shows every decision)."""

from __future__ import annotations

from datetime import UTC, datetime

from snapview.core.review.report import ReportData, ReportScope, build_report
from snapview.services.review_store.interface import DecisionQuery, ReviewStore


async def collect_report(
    store: ReviewStore,
    scope: ReportScope,
    *,
    generated_by: str,
    include_cleared: bool = True,
    now: datetime | None = None,
) -> ReportData:
    query = DecisionQuery(
        video_ids=scope.video_ids,
        since=scope.since,
        until=scope.until,
        include_cleared=include_cleared,
    )
    rows = await store.current(query)
    videos = sorted({row.key.video for row in rows})
    summaries = await store.summaries(videos) if videos else {}
    sets = await store.snapshot_sets(videos) if videos else []
    overrides = await store.overrides(videos) if videos else {}
    return build_report(
        scope,
        (row.decision for row in rows),
        summaries=summaries,
        sets=sets,
        overrides=overrides,
        generated_at=now or datetime.now(UTC),
        generated_by=generated_by,
    )
