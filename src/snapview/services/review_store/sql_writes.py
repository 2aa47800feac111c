"""The store's write transactions, shared by both backends: decisions, verdict overrides and
snapshot sets.

One call is one transaction (SQLite: ``BEGIN IMMEDIATE … COMMIT``; PostgreSQL: ``BEGIN … COMMIT``):
either every row of the batch is stored or none is (a process killed in the middle leaves the
previous commit, which the tests check). The statements are portable SQL (``ON CONFLICT … DO
UPDATE … WHERE``, row-value comparison, ``RETURNING``), run through a :class:`SqlSession`:

- the history insert ignores a known ``decision_id`` (so replays, pushes and re-imports are no-ops);
- the current row is replaced only by a newer ``(decided_at, decision_id)``, and its ``version``
  grows by one each time — the rule of ``core.review.decisions.newer``, applied by the database.
  On PostgreSQL two reviewers deciding the same snapshot at once are serialised by the row lock of
  ``ON CONFLICT … DO UPDATE``: the second re-checks the ``WHERE`` against the first's committed
  row, so both land in the history, the later one is current and the version counts both.

Times and ids are fixed-width text (``2026-11-20T08:15:30.123Z``, 32 lower-case hex digits), so
their order is the same under SQLite's binary collation and any PostgreSQL collation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from snapview.core.review.decisions import Decision, format_time
from snapview.core.review.keys import SnapshotKey, VideoKey, video_ref_id
from snapview.core.review.verdicts import SnapshotSet, VerdictOverride
from snapview.services.review_store.interface import WriteOutcome
from snapview.services.review_store.sql_session import SqlSession, placeholders

VIDEO_ROW = (
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
    "(current_decision.decided_at, current_decision.decision_id)"
)
CHUNK = 256  # decisions per executemany round (and per IN list)
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
    versions: dict[str, int] = field(default_factory=dict)  # decision id -> version it became
    new: list[str] = field(default_factory=list)  # decision and override ids added to the history


class _Videos:
    """Inserts each video row once per batch."""

    def __init__(self, connection: SqlSession) -> None:
        self._connection = connection
        self._done: set[str] = set()

    def ref(self, video: VideoKey) -> str:
        ref = video_ref_id(video)
        if ref not in self._done:
            account = video.account
            self._connection.execute(
                VIDEO_ROW, (ref, account.provider, account.region, account.label, video.video_id)
            )
            self._done.add(ref)
        return ref


def write_batch(
    connection: SqlSession,
    decisions: Iterable[Decision] = (),
    overrides: Iterable[VerdictOverride] = (),
    sets: Iterable[SnapshotSet] = (),
    *,
    recorded_at: str,
    before_commit: Callable[[SqlSession, BatchResult], None] | None = None,
) -> BatchResult:
    """Write everything in one transaction (module docstring). ``decisions`` may be a generator:
    it is consumed inside the transaction. ``before_commit`` runs last inside it (the shared
    store sends its notifications there, delivered only if the transaction commits)."""
    result = BatchResult()
    with connection.transaction():
        videos = _Videos(connection)
        chunk: list[Decision] = []
        for decision in decisions:
            chunk.append(decision)
            if len(chunk) == CHUNK:
                _write_decisions(connection, videos, chunk, recorded_at, result)
                chunk = []
        if chunk:
            _write_decisions(connection, videos, chunk, recorded_at, result)
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
        if before_commit is not None:
            before_commit(connection, result)
    return result


def _write_decisions(
    connection: SqlSession,
    videos: _Videos,
    chunk: list[Decision],
    recorded_at: str,
    result: BatchResult,
) -> None:
    """One round of the batch: a few ``executemany`` calls and two lookups, so the worker spends
    its time in SQLite (which releases the GIL) rather than in Python between statements."""
    unique = list({d.decision_id: d for d in chunk}.values())
    items = {d.decision_id: d.key.item_id() for d in unique}
    connection.executemany(
        _ITEM,
        [
            (items[d.decision_id], videos.ref(d.key.video), d.key.snapshot_type, d.key.index)
            for d in unique
        ],
    )
    ids = [d.decision_id for d in unique]
    known = {
        row[0]
        for row in connection.execute(
            f"SELECT decision_id FROM decision WHERE decision_id IN ({placeholders(ids)})",
            ids,
        )
    }
    new = [d for d in unique if d.decision_id not in known]
    result.new.extend(d.decision_id for d in new)
    times = {d.decision_id: format_time(d.decided_at) for d in new}
    connection.executemany(
        _HISTORY,
        [
            (
                d.decision_id,
                items[d.decision_id],
                d.verdict.value,
                d.reason.value if d.reason else None,
                d.comment,
                d.reviewer,
                times[d.decision_id],
                d.job_id,
                recorded_at,
                d.origin,
            )
            for d in new
        ],
    )
    connection.executemany(
        _CURRENT, [(items[d.decision_id], d.decision_id, times[d.decision_id]) for d in new]
    )
    touched = sorted(set(items.values()))
    current = {
        item: (decision_id, version)
        for item, decision_id, version in connection.execute(
            "SELECT item_id, decision_id, version FROM current_decision "
            f"WHERE item_id IN ({placeholders(touched)})",
            touched,
        )
    }
    for decision in unique:
        item = items[decision.decision_id]
        result.touched[decision.key] = item
        if decision.decision_id in known:
            result.outcomes[decision.decision_id] = WriteOutcome.DUPLICATE
        elif current.get(item, ("", 0))[0] == decision.decision_id:
            result.outcomes[decision.decision_id] = WriteOutcome.CURRENT
            result.versions[decision.decision_id] = current[item][1]
        else:
            result.outcomes[decision.decision_id] = WriteOutcome.SUPERSEDED


def _write_override(
    connection: SqlSession,
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
    result.new.append(override.override_id)
    became_current = connection.execute(
        _CURRENT_VERDICT, (ref, override.override_id, decided_at)
    ).fetchall()
    result.outcomes[override.override_id] = (
        WriteOutcome.CURRENT if became_current else WriteOutcome.SUPERSEDED
    )
