"""Decisions recorded but not yet written: the in-memory queue every backend keeps while its file
or server cannot be written, so that a full disk or a read-only file never loses a decision.

The queue is shared between the event loop's thread (which adds) and the store's worker thread
(which writes and removes), hence the lock. Entries leave the queue only after the transaction
that wrote them committed. Reads overlay pending decisions on what the store returned, so the app
shows every decision whether it is saved yet or not.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence

from snapview.core.review.decisions import Decision, StoredDecision, newer
from snapview.core.review.keys import SnapshotKey
from snapview.core.review.verdicts import SnapshotSet, VerdictOverride
from snapview.services.review_store.interface import DecisionQuery, PendingWrites


class PendingQueue:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._decisions: dict[str, Decision] = {}
        self._overrides: dict[str, VerdictOverride] = {}
        self._sets: dict[tuple[object, str], SnapshotSet] = {}

    def __len__(self) -> int:
        with self._lock:
            return len(self._decisions) + len(self._overrides) + len(self._sets)

    def add(
        self,
        decisions: Iterable[Decision] = (),
        overrides: Iterable[VerdictOverride] = (),
        sets: Iterable[SnapshotSet] = (),
    ) -> None:
        with self._lock:
            for decision in decisions:
                self._decisions.setdefault(decision.decision_id, decision)
            for override in overrides:
                self._overrides.setdefault(override.override_id, override)
            for snapshot_set in sets:
                key = (snapshot_set.video, snapshot_set.snapshot_type)
                known = self._sets.get(key)
                if known is None or snapshot_set.seen_at >= known.seen_at:
                    self._sets[key] = snapshot_set

    def snapshot(self) -> PendingWrites:
        with self._lock:
            return PendingWrites(
                tuple(self._decisions.values()),
                tuple(self._overrides.values()),
                tuple(self._sets.values()),
            )

    def remove(self, written: PendingWrites) -> None:
        """Drop what a committed transaction wrote (a set replaced meanwhile by a newer one stays)."""
        with self._lock:
            for decision in written.decisions:
                self._decisions.pop(decision.decision_id, None)
            for override in written.overrides:
                self._overrides.pop(override.override_id, None)
            for snapshot_set in written.snapshot_sets:
                key = (snapshot_set.video, snapshot_set.snapshot_type)
                if self._sets.get(key) == snapshot_set:
                    del self._sets[key]

    def overlay(
        self, stored: Sequence[StoredDecision], query: DecisionQuery
    ) -> list[StoredDecision]:
        """``stored`` with every matching pending decision shown in place of an older current one."""
        pending = self.snapshot().decisions
        if not pending:
            return list(stored)
        result: dict[SnapshotKey, StoredDecision] = {row.key: row for row in stored}
        for decision in pending:
            if not matches(decision, query):
                continue
            row = result.get(decision.key)
            if row is None or newer(decision, row.decision):
                version = row.version + 1 if row is not None else 1
                result[decision.key] = StoredDecision(decision, version, pending=True)
        return sorted(result.values(), key=lambda r: r.key)

    def overlay_overrides(
        self, stored: dict[object, VerdictOverride], wanted: Callable[[VerdictOverride], bool]
    ) -> None:
        for override in self.snapshot().overrides:
            if not wanted(override):
                continue
            known = stored.get(override.video)
            if known is None or override.order_key() > known.order_key():
                stored[override.video] = override


def matches(decision: Decision, query: DecisionQuery) -> bool:
    """Whether a decision falls in ``query`` (the same rules the backends apply in SQL)."""
    key = decision.key
    if query.video_ids and key.video.video_id not in query.video_ids:
        return False
    if query.videos and key.video not in query.videos:
        return False
    if query.snapshot_type is not None and key.snapshot_type != query.snapshot_type:
        return False
    if query.since is not None and decision.decided_at < query.since:
        return False
    if query.until is not None and decision.decided_at >= query.until:
        return False
    return query.include_cleared or decision.mark.reviewed
