"""The SQLite store's write transactions: decisions, verdict overrides and snapshot sets.

One call is one ``BEGIN IMMEDIATE … COMMIT``: either every row of the batch is in the file or none
is (a process killed in the middle leaves the previous commit, which the tests check with
``PRAGMA integrity_check``). The statements are portable SQL (``ON CONFLICT … DO UPDATE … WHERE``,
row-value comparison, ``RETURNING``), the same a PostgreSQL backend runs with ``%s`` placeholders:

- the history insert ignores a known ``decision_id`` (so replays and re-imports are no-ops);
- the current row is replaced only by a newer ``(decided_at, decision_id)``, and its ``version``
  grows by one each time — the rule of ``core.review.decisions.newer``, applied by the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from snapview.core.review.decisions import Decision, format_time
from snapview.core.review.keys import SnapshotKey, VideoKey, video_ref_id
from snapview.core.review.verdicts import SnapshotSet, VerdictOverride
from snapview.services.review_store.interface import WriteOutcome

_VIDEO = (
    "INSERT INTO video (video_ref, provider, region, account, video_id) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (video_ref) DO NOTHING"
)
_ITEM = (
    "INSERT INTO review_item (item_id, video_ref, snapshot_type, snapshot_index) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (item_id) DO NOTHING"
)
_HISTORY = (
    "INSERT INTO decision (decision_id, item_id, verdict, reason, comment, reviewer, decided_at, "
    "job_id, recorded_at, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (decision_id) DO NOTHING"
)
_CURRENT = (
    "INSERT INTO current_decision (item_id, decision_id, decided_at, version) VALUES (?, ?, ?, 1) "
    "ON CONFLICT (item_id) DO UPDATE SET decision_id = excluded.decision_id, "
    "decided_at = excluded.decided_at, version = current_decision.version + 1 "
    "WHERE (excluded.decided_at, excluded.decision_id) > "
    "(current_decision.decided_at, current_decision.decision_id) "
    "RETURNING version"
)
_OVERRIDE = (
    "INSERT INTO verdict_override (override_id, video_ref, verdict, comment, reviewer, decided_at, "
    "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (override_id) DO NOTHING"
)
_CURRENT_VERDICT = (
    "INSERT INTO current_verdict (video_ref, override_id, decided_at, version) VALUES (?, ?, ?, 1) "
    "ON CONFLICT (video_ref) DO UPDATE SET override_id = excluded.override_id, "
    "decided_at = excluded.decided_at, version = current_verdict.version + 1 "
    "WHERE (excluded.decided_at, excluded.override_id) > "
    "(current_verdict.decided_at, current_verdict.override_id) "
    "RETURNING version"
)
_SNAPSHOT_SET = (
    "INSERT INTO snapshot_set (video_ref, snapshot_type, job_id, total, seen_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (video_ref, snapshot_type) DO UPDATE SET "
    "job_id = excluded.job_id, total = excluded.total, seen_at = excluded.seen_at "
    "WHERE excluded.seen_at >= snapshot_set.seen_at"
)


@dataclass(slots=True)
class BatchResult:
    outcomes: dict[str, WriteOutcome] = field(default_factory=dict)
    touched: dict[SnapshotKey, str] = field(default_factory=dict)  # key -> item_id


class _Videos:
    """Inserts each video row once per batch."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._done: set[str] = set()

    def ref(self, video: VideoKey) -> str:
        ref = video_ref_id(video)
        if ref not in self._done:
            account = video.account
            self._connection.execute(
                _VIDEO, (ref, account.provider, account.region, account.label, video.video_id)
            )
            self._done.add(ref)
        return ref


def write_batch(
    connection: sqlite3.Connection,
    decisions: Iterable[Decision] = (),
    overrides: Iterable[VerdictOverride] = (),
    sets: Iterable[SnapshotSet] = (),
    *,
    recorded_at: str,
) -> BatchResult:
    """Write everything in one transaction (module docstring). ``decisions`` may be a generator:
    it is consumed inside the transaction."""
    result = BatchResult()
    connection.execute("BEGIN IMMEDIATE")
    try:
        videos = _Videos(connection)
        for decision in decisions:
            _write_decision(connection, videos, decision, recorded_at, result)
        for override in overrides:
            _write_override(connection, videos, override, recorded_at, result)
        for snapshot_set in sets:
            connection.execute(
                _SNAPSHOT_SET,
                (
                    videos.ref(snapshot_set.video),
                    snapshot_set.snapshot_type,
                    snapshot_set.job_id,
                    snapshot_set.total,
                    format_time(snapshot_set.seen_at),
                ),
            )
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    return result


def _write_decision(
    connection: sqlite3.Connection,
    videos: _Videos,
    decision: Decision,
    recorded_at: str,
    result: BatchResult,
) -> None:
    key = decision.key
    item = key.item_id()
    connection.execute(_ITEM, (item, videos.ref(key.video), key.snapshot_type, key.index))
    decided_at = format_time(decision.decided_at)
    inserted = connection.execute(
        _HISTORY,
        (
            decision.decision_id,
            item,
            decision.verdict.value,
            decision.reason.value if decision.reason else None,
            decision.comment,
            decision.reviewer,
            decided_at,
            decision.job_id,
            recorded_at,
            decision.origin,
        ),
    ).rowcount
    result.touched[key] = item
    if not inserted:
        result.outcomes[decision.decision_id] = WriteOutcome.DUPLICATE
        return
    # fetchall(): the RETURNING statement must finish before the next one (and the COMMIT).
    became_current = connection.execute(
        _CURRENT, (item, decision.decision_id, decided_at)
    ).fetchall()
    result.outcomes[decision.decision_id] = (
        WriteOutcome.CURRENT if became_current else WriteOutcome.SUPERSEDED
    )


def _write_override(
    connection: sqlite3.Connection,
    videos: _Videos,
    override: VerdictOverride,
    recorded_at: str,
    result: BatchResult,
) -> None:
    ref = videos.ref(override.video)
    decided_at = format_time(override.decided_at)
    inserted = connection.execute(
        _OVERRIDE,
        (
            override.override_id,
            ref,
            override.verdict.value if override.verdict else None,
            override.comment,
            override.reviewer,
            decided_at,
            recorded_at,
        ),
    ).rowcount
    if not inserted:
        result.outcomes[override.override_id] = WriteOutcome.DUPLICATE
        return
    became_current = connection.execute(
        _CURRENT_VERDICT, (ref, override.override_id, decided_at)
    ).fetchall()
    result.outcomes[override.override_id] = (
        WriteOutcome.CURRENT if became_current else WriteOutcome.SUPERSEDED
    )
