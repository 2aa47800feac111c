"""The shared store's queue on this computer: decisions, verdicts and snapshot sets that could not
reach the server yet, in a small SQLite file beside the settings (one per server and database).

Memory alone is not enough for a server that is away: the app may be closed, or the laptop may run
out of battery, long before the server is back. So every batch the server did not take is saved
here (``synchronous=FULL``: it survives a power cut), loaded again when a store for the same
server opens, and deleted only after the server's transaction that took it has committed. A batch
written to the server but not yet deleted here (a crash in between) is simply sent again: the
server ignores a ``decision_id`` it has, so the replay happens exactly once in effect. The file
is only created when something has to wait.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from snapview.core.review.decisions import Decision, Mark, Verdict, format_time, parse_time
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey, video_ref_id
from snapview.core.review.reasons import Reason
from snapview.core.review.verdicts import SnapshotSet, VerdictOverride, VideoVerdict
from snapview.services.review_store.interface import PendingWrites

_TABLE = (
    "CREATE TABLE IF NOT EXISTS queued (entry_id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
    "body TEXT NOT NULL, queued_at TEXT NOT NULL)"
)


def queue_path(folder: Path, location: str) -> Path:
    """The queue file of the server ``location`` (a URL without password) in ``folder``."""
    digest = hashlib.sha256(location.encode("utf-8")).hexdigest()[:16]
    return folder / "review-queue" / f"{digest}.sqlite3"


def _video(video: VideoKey) -> dict[str, str]:
    account = video.account
    return {
        "provider": account.provider,
        "region": account.region,
        "account": account.label,
        "video_id": video.video_id,
    }


def _video_from(body: dict[str, Any]) -> VideoKey:
    return VideoKey(AccountRef(body["provider"], body["region"], body["account"]), body["video_id"])


def _decision_body(d: Decision) -> dict[str, Any]:
    return {
        **_video(d.key.video),
        "snapshot_type": d.key.snapshot_type,
        "index": d.key.index,
        "verdict": d.verdict.value,
        "reason": d.reason.value if d.reason else None,
        "comment": d.comment,
        "reviewer": d.reviewer,
        "decided_at": format_time(d.decided_at),
        "job_id": d.job_id,
        "decision_id": d.decision_id,
        "origin": d.origin,
    }


def _decision_from(b: dict[str, Any]) -> Decision:
    return Decision(
        SnapshotKey(_video_from(b), b["snapshot_type"], int(b["index"])),
        Mark(Verdict(b["verdict"]), Reason(b["reason"]) if b["reason"] else None, b["comment"]),
        b["reviewer"],
        parse_time(b["decided_at"]),
        job_id=b["job_id"],
        decision_id=b["decision_id"],
        origin=b["origin"],
    )


def _override_body(o: VerdictOverride) -> dict[str, Any]:
    return {
        **_video(o.video),
        "verdict": o.verdict.value if o.verdict else None,
        "comment": o.comment,
        "reviewer": o.reviewer,
        "decided_at": format_time(o.decided_at),
        "override_id": o.override_id,
    }


def _override_from(b: dict[str, Any]) -> VerdictOverride:
    return VerdictOverride(
        _video_from(b),
        VideoVerdict(b["verdict"]) if b["verdict"] else None,
        b["comment"],
        b["reviewer"],
        parse_time(b["decided_at"]),
        override_id=b["override_id"],
    )


def _set_body(s: SnapshotSet) -> dict[str, Any]:
    return {
        **_video(s.video),
        "snapshot_type": s.snapshot_type,
        "job_id": s.job_id,
        "total": s.total,
        "seen_at": format_time(s.seen_at),
    }


def _set_from(b: dict[str, Any]) -> SnapshotSet:
    return SnapshotSet(
        _video_from(b), b["snapshot_type"], b["job_id"], int(b["total"]), parse_time(b["seen_at"])
    )


def _set_id(s: SnapshotSet) -> str:
    return f"{video_ref_id(s.video)}:{s.snapshot_type}"


def _entries(batch: PendingWrites) -> Iterable[tuple[str, str, dict[str, Any]]]:
    for decision in batch.decisions:
        yield decision.decision_id, "decision", _decision_body(decision)
    for override in batch.overrides:
        yield override.override_id, "override", _override_body(override)
    for snapshot_set in batch.snapshot_sets:
        yield _set_id(snapshot_set), "set", _set_body(snapshot_set)


class OfflineQueue:
    """The queue file (module docstring). Used from the store's worker thread only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self.count = 0  # entries in the file, as far as this process knows

    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute(_TABLE)
            self._connection = connection
        return self._connection

    def load(self) -> PendingWrites:
        """What an earlier session left (nothing, without creating the file, when there is none)."""
        if self._connection is None and not self.path.exists():
            return PendingWrites()
        decisions: list[Decision] = []
        overrides: list[VerdictOverride] = []
        sets: list[SnapshotSet] = []
        rows = self._db().execute("SELECT kind, body FROM queued ORDER BY queued_at, entry_id")
        for kind, body in rows:
            data = json.loads(body)
            if kind == "decision":
                decisions.append(_decision_from(data))
            elif kind == "override":
                overrides.append(_override_from(data))
            elif kind == "set":
                sets.append(_set_from(data))
        self.count = len(decisions) + len(overrides) + len(sets)
        return PendingWrites(tuple(decisions), tuple(overrides), tuple(sets))

    def save(self, batch: PendingWrites) -> None:
        entries = [
            (entry_id, kind, json.dumps(body, ensure_ascii=False), format_time(datetime.now(UTC)))
            for entry_id, kind, body in _entries(batch)
        ]
        if not entries:
            return
        # A decision keeps its first queued row (its place in the order); a snapshot set is
        # replaced by the newer one the batch carries.
        self._change(
            "INSERT INTO queued VALUES (?, ?, ?, ?) ON CONFLICT (entry_id) DO UPDATE SET "
            "body = excluded.body WHERE queued.kind = 'set'",
            entries,
        )

    def remove(self, batch: PendingWrites) -> None:
        """Forget what the server has committed (a no-op while the file holds nothing)."""
        if not self.count:
            return
        ids = [(entry_id,) for entry_id, _, _ in _entries(batch)]
        self._change("DELETE FROM queued WHERE entry_id = ?", ids)

    def _change(self, sql: str, rows: Sequence[tuple[str, ...]]) -> None:
        """One transaction: ``sql`` for each row, then the new count."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(sql, rows)
            self.count = int(db.execute("SELECT COUNT(*) FROM queued").fetchone()[0])
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
