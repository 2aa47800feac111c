"""The store's queries, shared by both backends: current decisions by video, type and time; a
key's history; the videos, snapshot sets and overrides of a scope; and per-video counts aggregated
in SQL (the library asks for thousands of videos at once). Rows become core values here; a row
that no longer validates (edited by hand) is skipped with a log line rather than breaking every
read. Portable SQL with ``?`` placeholders, run through a :class:`SqlSession`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from snapview.core.review.decisions import (
    Decision,
    Mark,
    StoredDecision,
    Verdict,
    format_time,
    parse_time,
)
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey, video_ref_id
from snapview.core.review.reasons import Reason
from snapview.core.review.verdicts import (
    ReviewCounts,
    SnapshotSet,
    VerdictOverride,
    VideoVerdict,
)
from snapview.services.review_store.interface import DecisionQuery
from snapview.services.review_store.sql_session import SqlSession

log = logging.getLogger("snapview.review")
_CHUNK = 500  # values per IN (...) list, well under SQLite's parameter limit

_DECISION_COLUMNS = (
    "v.provider, v.region, v.account, v.video_id, i.snapshot_type, i.snapshot_index, "
    "d.decision_id, d.verdict, d.reason, d.comment, d.reviewer, d.decided_at, d.job_id, d.origin"
)
_CURRENT = (
    f"SELECT {_DECISION_COLUMNS}, c.version FROM current_decision c "
    "JOIN decision d ON d.decision_id = c.decision_id "
    "JOIN review_item i ON i.item_id = c.item_id "
    "JOIN video v ON v.video_ref = i.video_ref"
)
_ORDER = " ORDER BY v.provider, v.region, v.account, v.video_id, i.snapshot_type, i.snapshot_index"


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _decision(row: Sequence[Any]) -> Decision | None:
    try:
        video = VideoKey(AccountRef(row[0], row[1], row[2]), row[3])
        reason = Reason(row[8]) if row[8] else None
        return Decision(
            SnapshotKey(video, row[4], int(row[5])),
            Mark(Verdict(row[7]), reason, row[9]),
            row[10],
            parse_time(row[11]),
            job_id=row[12],
            decision_id=row[6],
            origin=row[13],
        )
    except (
        Exception
    ) as exc:  # a key or mark that no longer validates (ValueError, InvalidKeyError…)
        log.warning("skipping unreadable decision row %s: %s", row[6], exc)
        return None


def _where(
    query: DecisionQuery, video_ids: Sequence[str], refs: Sequence[str]
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if video_ids:
        clauses.append(f"v.video_id IN ({_placeholders(video_ids)})")
        params.extend(video_ids)
    if refs:
        clauses.append(f"v.video_ref IN ({_placeholders(refs)})")
        params.extend(refs)
    if query.snapshot_type is not None:
        clauses.append("i.snapshot_type = ?")
        params.append(query.snapshot_type)
    if query.since is not None:
        clauses.append("c.decided_at >= ?")
        params.append(format_time(query.since))
    if query.until is not None:
        clauses.append("c.decided_at < ?")
        params.append(format_time(query.until))
    if not query.include_cleared:
        clauses.append("d.verdict <> 'not_reviewed'")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _scoped(query: DecisionQuery) -> Iterator[tuple[Sequence[str], Sequence[str]]]:
    """(video_ids, video_refs) chunks covering the query's video lists."""
    refs = [video_ref_id(v) for v in query.videos]
    if query.video_ids:
        for chunk in _chunks(list(query.video_ids)):
            if refs:
                for ref_chunk in _chunks(refs):
                    yield chunk, ref_chunk
            else:
                yield chunk, ()
    elif refs:
        for ref_chunk in _chunks(refs):
            yield (), ref_chunk
    else:
        yield (), ()


def current(connection: SqlSession, query: DecisionQuery) -> list[StoredDecision]:
    rows: list[StoredDecision] = []
    for video_ids, refs in _scoped(query):
        where, params = _where(query, video_ids, refs)
        for row in connection.execute(_CURRENT + where + _ORDER, params):
            decision = _decision(row)
            if decision is not None:
                rows.append(StoredDecision(decision, int(row[14])))
    rows.sort(key=lambda r: r.key)
    return rows


def history(connection: SqlSession, key: SnapshotKey) -> list[Decision]:
    sql = (
        f"SELECT {_DECISION_COLUMNS} FROM decision d "
        "JOIN review_item i ON i.item_id = d.item_id JOIN video v ON v.video_ref = i.video_ref "
        "WHERE d.item_id = ? ORDER BY d.decided_at, d.decision_id"
    )
    found = (_decision(row) for row in connection.execute(sql, (key.item_id(),)))
    return [d for d in found if d is not None]


def videos(connection: SqlSession, query: DecisionQuery) -> list[VideoKey]:
    found: set[VideoKey] = set()
    for video_ids, refs in _scoped(query):
        where, params = _where(query, video_ids, refs)
        sql = (
            "SELECT DISTINCT v.provider, v.region, v.account, v.video_id FROM current_decision c "
            "JOIN decision d ON d.decision_id = c.decision_id "
            "JOIN review_item i ON i.item_id = c.item_id JOIN video v ON v.video_ref = i.video_ref"
            + where
        )
        for row in connection.execute(sql, params):
            found.add(VideoKey(AccountRef(row[0], row[1], row[2]), row[3]))
    return sorted(found)


def _by_ref(videos: Iterable[VideoKey]) -> dict[str, VideoKey]:
    return {video_ref_id(v): v for v in videos}


def snapshot_sets(connection: SqlSession, videos: Sequence[VideoKey]) -> list[SnapshotSet]:
    wanted = _by_ref(videos)
    result: list[SnapshotSet] = []
    for refs in _chunks(list(wanted)):
        sql = (
            "SELECT video_ref, snapshot_type, job_id, total, seen_at FROM snapshot_set "
            f"WHERE video_ref IN ({_placeholders(refs)}) ORDER BY video_ref, snapshot_type"
        )
        for ref, snapshot_type, job_id, total, seen_at in connection.execute(sql, list(refs)):
            result.append(
                SnapshotSet(wanted[ref], snapshot_type, job_id, int(total), parse_time(seen_at))
            )
    return result


def overrides(
    connection: SqlSession, videos: Sequence[VideoKey]
) -> dict[VideoKey, VerdictOverride]:
    wanted = _by_ref(videos)
    result: dict[VideoKey, VerdictOverride] = {}
    for refs in _chunks(list(wanted)):
        sql = (
            "SELECT c.video_ref, o.override_id, o.verdict, o.comment, o.reviewer, o.decided_at "
            "FROM current_verdict c JOIN verdict_override o ON o.override_id = c.override_id "
            f"WHERE c.video_ref IN ({_placeholders(refs)})"
        )
        for ref, override_id, verdict, comment, reviewer, decided_at in connection.execute(
            sql, list(refs)
        ):
            video = wanted[ref]
            result[video] = VerdictOverride(
                video,
                VideoVerdict(verdict) if verdict else None,
                comment,
                reviewer,
                parse_time(decided_at),
                override_id=override_id,
            )
    return result


def counts(
    connection: SqlSession, videos: Sequence[VideoKey]
) -> dict[VideoKey, dict[str, ReviewCounts]]:
    """Per video and snapshot type: approved / rejected (by reason) / stale, and the known Total."""
    wanted = _by_ref(videos)
    raw: dict[VideoKey, dict[str, dict[str, Any]]] = {}
    for refs in _chunks(list(wanted)):
        marks = _placeholders(refs)
        sql = (
            "SELECT i.video_ref, i.snapshot_type, d.verdict, d.reason, "
            "CASE WHEN d.job_id <> '' AND s.job_id IS NOT NULL AND s.job_id <> '' "
            "AND d.job_id <> s.job_id THEN 1 ELSE 0 END AS stale, COUNT(*) "
            "FROM current_decision c JOIN decision d ON d.decision_id = c.decision_id "
            "JOIN review_item i ON i.item_id = c.item_id "
            "LEFT JOIN snapshot_set s ON s.video_ref = i.video_ref "
            "AND s.snapshot_type = i.snapshot_type "
            f"WHERE i.video_ref IN ({marks}) AND d.verdict <> 'not_reviewed' "
            "GROUP BY i.video_ref, i.snapshot_type, d.verdict, d.reason, stale"
        )
        for ref, snapshot_type, verdict, reason, stale, number in connection.execute(
            sql, list(refs)
        ):
            entry = raw.setdefault(wanted[ref], {}).setdefault(
                snapshot_type, {"approved": 0, "rejected": 0, "stale": 0, "reasons": {}}
            )
            if stale:
                entry["stale"] += number
            elif verdict == "approved":
                entry["approved"] += number
            else:
                entry["rejected"] += number
                entry["reasons"][Reason(reason)] = entry["reasons"].get(Reason(reason), 0) + number
    totals = {(s.video, s.snapshot_type): s.total for s in snapshot_sets(connection, videos)}
    for video, snapshot_type in totals:
        raw.setdefault(video, {}).setdefault(
            snapshot_type, {"approved": 0, "rejected": 0, "stale": 0, "reasons": {}}
        )
    return {
        video: {
            snapshot_type: ReviewCounts(
                totals.get((video, snapshot_type)),
                entry["approved"],
                entry["rejected"],
                entry["stale"],
                entry["reasons"],
            )
            for snapshot_type, entry in by_type.items()
        }
        for video, by_type in raw.items()
    }


def current_for_items(
    connection: SqlSession, items: Iterable[str]
) -> dict[SnapshotKey, StoredDecision]:
    """The current rows of the given item ids (after a write: what each key shows now)."""
    result: dict[SnapshotKey, StoredDecision] = {}
    for chunk in _chunks(sorted(set(items))):
        sql = _CURRENT + f" WHERE c.item_id IN ({_placeholders(chunk)})"
        for row in connection.execute(sql, list(chunk)):
            decision = _decision(row)
            if decision is not None:
                result[decision.key] = StoredDecision(decision, int(row[14]))
    return result


def current_for_decisions(
    connection: SqlSession, decision_ids: Sequence[str]
) -> dict[SnapshotKey, StoredDecision]:
    """The current rows of the keys the given decisions are about (what another store's write
    changed: its notification names the decisions)."""
    result: dict[SnapshotKey, StoredDecision] = {}
    for chunk in _chunks(sorted(set(decision_ids))):
        sql = (
            _CURRENT + " WHERE c.item_id IN (SELECT item_id FROM decision "
            f"WHERE decision_id IN ({_placeholders(chunk)}))"
        )
        for row in connection.execute(sql, list(chunk)):
            decision = _decision(row)
            if decision is not None:
                result[decision.key] = StoredDecision(decision, int(row[14]))
    return result


def video_keys(connection: SqlSession, refs: Sequence[str]) -> dict[str, VideoKey]:
    """The videos behind ``video_ref`` ids (notifications name videos by their ref)."""
    result: dict[str, VideoKey] = {}
    for chunk in _chunks(sorted(set(refs))):
        sql = (
            "SELECT video_ref, provider, region, account, video_id FROM video "
            f"WHERE video_ref IN ({_placeholders(chunk)})"
        )
        for ref, provider, region, account, video_id in connection.execute(sql, list(chunk)):
            result[ref] = VideoKey(AccountRef(provider, region, account), video_id)
    return result


def history_page(connection: SqlSession, after: str, limit: int) -> list[Decision]:
    """Every decision in the history, by ``decision_id``, the ``limit`` after ``after`` (a push
    walks a whole store page by page without holding it in memory)."""
    sql = (
        f"SELECT {_DECISION_COLUMNS} FROM decision d "
        "JOIN review_item i ON i.item_id = d.item_id JOIN video v ON v.video_ref = i.video_ref "
        "WHERE d.decision_id > ? ORDER BY d.decision_id LIMIT ?"
    )
    found = (_decision(row) for row in connection.execute(sql, (after, limit)))
    return [d for d in found if d is not None]


def all_overrides(connection: SqlSession) -> list[VerdictOverride]:
    """Every verdict override ever recorded (the history, not only the current ones)."""
    sql = (
        "SELECT v.provider, v.region, v.account, v.video_id, o.override_id, o.verdict, o.comment, "
        "o.reviewer, o.decided_at FROM verdict_override o JOIN video v ON v.video_ref = o.video_ref "
        "ORDER BY o.decided_at, o.override_id"
    )
    return [
        VerdictOverride(
            VideoKey(AccountRef(provider, region, account), video_id),
            VideoVerdict(verdict) if verdict else None,
            comment,
            reviewer,
            parse_time(decided_at),
            override_id=override_id,
        )
        for provider, region, account, video_id, override_id, verdict, comment, reviewer, decided_at in (
            connection.execute(sql)
        )
    ]


def all_snapshot_sets(connection: SqlSession) -> list[SnapshotSet]:
    sql = (
        "SELECT v.provider, v.region, v.account, v.video_id, s.snapshot_type, s.job_id, s.total, "
        "s.seen_at FROM snapshot_set s JOIN video v ON v.video_ref = s.video_ref"
    )
    return [
        SnapshotSet(
            VideoKey(AccountRef(provider, region, account), video_id),
            snapshot_type,
            job_id,
            int(total),
            parse_time(seen_at),
        )
        for provider, region, account, video_id, snapshot_type, job_id, total, seen_at in (
            connection.execute(sql)
        )
    ]
