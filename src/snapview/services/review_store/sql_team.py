"""Claims and assignments (:mod:`snapview.core.review.team`) in portable SQL, shared by both
backends: the tables of migration 0003, written and read through a :class:`SqlSession`.

Claims are upserted by ``(video_ref, holder)`` with a new expiry each refresh, and expired rows are
swept whenever a claim is made (no server job needed). Times are the store's clock, passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from snapview.core.review.decisions import format_time, parse_time
from snapview.core.review.keys import AccountRef, VideoKey, video_ref_id
from snapview.core.review.team import Assignment, Claim
from snapview.services.review_store.sql_session import SqlSession, placeholders
from snapview.services.review_store.sql_writes import VIDEO_ROW

_CHUNK = 500
_CLAIM = (
    "INSERT INTO review_claim (video_ref, holder, reviewer, claimed_at, expires_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (video_ref, holder) DO UPDATE SET "
    "reviewer = excluded.reviewer, expires_at = excluded.expires_at"
)
_CLAIM_COLUMNS = (
    "SELECT v.provider, v.region, v.account, v.video_id, c.reviewer, c.holder, c.claimed_at, "
    "c.expires_at FROM review_claim c JOIN video v ON v.video_ref = c.video_ref"
)
_ASSIGN = (
    "INSERT INTO assignment (video_ref, assignee, assigned_by, assigned_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (video_ref) DO UPDATE SET assignee = excluded.assignee, "
    "assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at"
)
_ASSIGNMENT_COLUMNS = (
    "SELECT v.provider, v.region, v.account, v.video_id, a.assignee, a.assigned_by, a.assigned_at "
    "FROM assignment a JOIN video v ON v.video_ref = a.video_ref"
)


def _video_row(connection: SqlSession, video: VideoKey) -> str:
    ref = video_ref_id(video)
    account = video.account
    connection.execute(
        VIDEO_ROW, (ref, account.provider, account.region, account.label, video.video_id)
    )
    return ref


def _video(row: Sequence[object]) -> VideoKey:
    return VideoKey(AccountRef(str(row[0]), str(row[1]), str(row[2])), str(row[3]))


def claim(
    connection: SqlSession,
    videos: Sequence[VideoKey],
    reviewer: str,
    holder: str,
    now: datetime,
    expires: datetime,
) -> None:
    """Make or refresh ``holder``'s claims on ``videos``; sweep the expired ones of everybody."""
    with connection.transaction():
        connection.execute("DELETE FROM review_claim WHERE expires_at <= ?", (format_time(now),))
        for video in sorted(set(videos)):
            ref = _video_row(connection, video)
            connection.execute(
                _CLAIM, (ref, holder, reviewer, format_time(now), format_time(expires))
            )


def release(connection: SqlSession, videos: Sequence[VideoKey], holder: str) -> None:
    with connection.transaction():
        for video in videos:
            connection.execute(
                "DELETE FROM review_claim WHERE video_ref = ? AND holder = ?",
                (video_ref_id(video), holder),
            )


def claims(
    connection: SqlSession, videos: Sequence[VideoKey], now: datetime
) -> dict[VideoKey, tuple[Claim, ...]]:
    found: dict[VideoKey, list[Claim]] = {}
    refs = sorted({video_ref_id(v) for v in videos})
    for start in range(0, len(refs), _CHUNK):
        chunk = refs[start : start + _CHUNK]
        sql = (
            f"{_CLAIM_COLUMNS} WHERE c.video_ref IN ({placeholders(chunk)}) AND c.expires_at > ? "
            "ORDER BY c.claimed_at, c.holder"
        )
        for row in connection.execute(sql, [*chunk, format_time(now)]):
            video = _video(row)
            found.setdefault(video, []).append(
                Claim(video, row[4], row[5], parse_time(row[6]), parse_time(row[7]))
            )
    return {video: tuple(items) for video, items in found.items()}


def assign(
    connection: SqlSession,
    videos: Sequence[VideoKey],
    assignee: str | None,
    assigned_by: str,
    now: datetime,
) -> None:
    with connection.transaction():
        for video in sorted(set(videos)):
            if assignee is None:
                connection.execute(
                    "DELETE FROM assignment WHERE video_ref = ?", (video_ref_id(video),)
                )
            else:
                ref = _video_row(connection, video)
                connection.execute(_ASSIGN, (ref, assignee, assigned_by, format_time(now)))


def assignments(
    connection: SqlSession, assignee: str | None, videos: Sequence[VideoKey]
) -> list[Assignment]:
    clauses: list[str] = []
    params: list[object] = []
    if assignee is not None:
        clauses.append("a.assignee = ?")
        params.append(assignee)
    refs = sorted({video_ref_id(v) for v in videos})
    if refs:
        clauses.append(f"a.video_ref IN ({placeholders(refs)})")
        params.extend(refs)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    rows = connection.execute(f"{_ASSIGNMENT_COLUMNS}{where}", params)
    found = [Assignment(_video(row), row[4], row[5], parse_time(row[6])) for row in rows]
    return sorted(found, key=lambda a: a.video)  # in Python: the same order under any collation
