"""The review state of the snapshot set on screen, in memory: what triage reads and changes.

A :class:`ReviewBoard` holds the current mark of every decided snapshot of one video's snapshot
set (one type, one listing), plus the listing's job and Total. It answers what the GUI asks between
two frames — the mark of a tile, the counts for the status bar, which tiles a filter keeps, the
next unreviewed index — and turns a key press on a selection into a :class:`DecisionCommand`
(:meth:`plan`), which the review session applies here at once and writes to the store behind.
Pure and synchronous: a dict lookup per tile, no I/O, so marks paint within the frame.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from snapview.core.review.decisions import UNREVIEWED, Decision, Mark, Verdict, is_stale
from snapview.core.review.keys import SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.undo import DecisionCommand, MarkChange
from snapview.core.review.verdicts import ReviewCounts


class DecisionFilter(StrEnum):
    """What the grid's decision filter keeps."""

    ALL = "all"
    UNREVIEWED = "unreviewed"
    APPROVED = "approved"
    REJECTED = "rejected"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class TileMark:
    """What one tile shows: the mark, who made it and whether an older job's pictures were judged."""

    mark: Mark
    stale: bool = False
    reviewer: str = ""
    pending: bool = False  # not yet saved in the store
    decided_at: datetime | None = None  # when (the tooltip's "who and when")


class ReviewBoard:
    """Current marks of one video's snapshot set (see the module docstring)."""

    def __init__(
        self, video: VideoKey, snapshot_type: str, *, job_id: str | None, total: int | None
    ) -> None:
        self.video = video
        self.snapshot_type = snapshot_type
        self.job_id = job_id
        self.total = total
        self._decisions: dict[int, Decision] = {}
        # How many current decisions there are of each (job, verdict, reason): kept as decisions
        # change, so the status bar's counts cost a few buckets, not a walk over every decision
        # (10,000 of them took 10-25 ms of the GUI thread per count while P was held down).
        self._tally: Counter[tuple[str, Verdict, Reason | None]] = Counter()
        self._pending: set[int] = set()
        # Indices the automatic checks flagged (set by the scanner), for the grid's flag filter.
        self.flags: frozenset[int] = frozenset()

    def key(self, index: int) -> SnapshotKey:
        return SnapshotKey(self.video, self.snapshot_type, index)

    # -- loading and applying ----------------------------------------------------------------------

    def load(self, decisions: Iterable[Decision], pending: Iterable[int] = ()) -> None:
        """Replace the marks with ``decisions`` (a store read); other videos' decisions are ignored."""
        self._decisions = {
            d.key.index: d
            for d in decisions
            if d.key.video == self.video and d.key.snapshot_type == self.snapshot_type
        }
        self._tally = Counter(_bucket(d) for d in self._decisions.values())
        self._pending = set(pending)

    def apply(self, decision: Decision, *, pending: bool = False) -> None:
        """Show ``decision`` (made here, or arriving from the store or another reviewer)."""
        if decision.key.video != self.video or decision.key.snapshot_type != self.snapshot_type:
            return
        index = decision.key.index
        current = self._decisions.get(index)
        if current is not None and current.order_key() >= decision.order_key():
            return  # an older decision arriving late never hides a newer one
        if current is not None:
            self._tally[_bucket(current)] -= 1
        self._tally[_bucket(decision)] += 1
        self._decisions[index] = decision
        if pending:
            self._pending.add(index)
        else:
            self._pending.discard(index)

    def mark_saved(self, decision: Decision) -> bool:
        """``decision`` is in the store now: its tile stops showing "pending" unless a newer
        decision (made since) waits. Returns whether the tile changed."""
        index = decision.key.index
        shown = self._decisions.get(index)
        if (
            index in self._pending
            and shown is not None
            and shown.decision_id == decision.decision_id
        ):
            self._pending.discard(index)
            return True
        return False

    def set_listing(self, job_id: str | None, total: int | None) -> None:
        """The listing answered (or a new job replaced the old one): staleness follows."""
        self.job_id = job_id
        self.total = total

    # -- reading -----------------------------------------------------------------------------------

    def decision(self, index: int) -> Decision | None:
        return self._decisions.get(index)

    def mark(self, index: int) -> Mark:
        decision = self._decisions.get(index)
        return decision.mark if decision is not None and not self.stale(index) else UNREVIEWED

    def tile(self, index: int) -> TileMark:
        decision = self._decisions.get(index)
        if decision is None:
            return TileMark(UNREVIEWED)
        return TileMark(
            decision.mark,
            stale=self.stale(index),
            reviewer=decision.reviewer,
            pending=index in self._pending,
            decided_at=decision.decided_at,
        )

    def stale(self, index: int) -> bool:
        decision = self._decisions.get(index)
        return (
            decision is not None
            and decision.mark.reviewed
            and is_stale(decision.job_id, self.job_id)
        )

    def counts(self) -> ReviewCounts:
        approved = rejected = stale = 0
        reasons: Counter[Reason] = Counter()
        for (job_id, verdict, reason), count in self._tally.items():
            if count == 0 or verdict is Verdict.NOT_REVIEWED:
                continue
            if is_stale(job_id, self.job_id):
                stale += count
            elif verdict is Verdict.APPROVED:
                approved += count
            else:
                rejected += count
                if reason is not None:
                    reasons[reason] += count
        return ReviewCounts(self.total, approved, rejected, stale, dict(reasons))

    def matches(self, index: int, wanted: DecisionFilter, flagged: bool | None = None) -> bool:
        """Whether the tile passes the decision filter (and, when given, the automatic-flag filter)."""
        if flagged is not None and flagged is not self._flagged(index):
            return False
        if wanted is DecisionFilter.ALL:
            return True
        if wanted is DecisionFilter.STALE:
            return self.stale(index)
        verdict = self.mark(index).verdict
        return {
            DecisionFilter.UNREVIEWED: Verdict.NOT_REVIEWED,
            DecisionFilter.APPROVED: Verdict.APPROVED,
            DecisionFilter.REJECTED: Verdict.REJECTED,
        }[wanted] is verdict

    def _flagged(self, index: int) -> bool:
        return index in self.flags

    def filtered(
        self, wanted: DecisionFilter, indices: Iterable[int] | None = None
    ) -> Iterator[int]:
        """The indices (default 1..Total) that pass ``wanted``."""
        for index in indices if indices is not None else self._all_indices():
            if self.matches(index, wanted):
                yield index

    def next_unreviewed(self, after: int = 0, *, wrap: bool = False) -> int | None:
        """The first unreviewed (or stale) index after ``after``; from the start when ``wrap``.
        None when every snapshot of the set has a current mark (or Total is unknown and every
        decided index is reviewed: then ``after + 1`` if it is undecided)."""
        limit = self.total
        if limit is None:
            candidate = after + 1
            return candidate if self.mark(candidate).verdict is Verdict.NOT_REVIEWED else None
        for index in range(after + 1, limit + 1):
            if self.mark(index).verdict is Verdict.NOT_REVIEWED:
                return index
        if wrap:
            for index in range(1, min(after, limit) + 1):
                if self.mark(index).verdict is Verdict.NOT_REVIEWED:
                    return index
        return None

    def _all_indices(self) -> range:
        return range(1, (self.total or max(self._decisions, default=0)) + 1)

    # -- deciding ----------------------------------------------------------------------------------

    def plan(
        self,
        indices: Sequence[int],
        verdict: Verdict,
        reason: Reason | None = None,
        comment: str = "",
    ) -> DecisionCommand:
        """The command a key press on ``indices`` means. Snapshots that already show exactly this
        mark are left out, so pressing P twice records one decision, and undo restores the rest."""
        after = Mark(verdict, reason, comment)
        changes: list[MarkChange] = []
        seen: set[int] = set()
        for index in indices:
            if index in seen:
                continue
            seen.add(index)
            before = self.mark(index)
            if before == after:
                continue
            changes.append(MarkChange(self.key(index), before, after, self.job_id or ""))
        return DecisionCommand(tuple(changes), after)


def next_video_to_review(
    order: Sequence[VideoKey],
    progress: Mapping[VideoKey, ReviewCounts],
    current: VideoKey | None,
) -> VideoKey | None:
    """The next video after ``current`` in the library's ``order`` that still has something to
    review ("next unreviewed" crossing videos). A video without known progress, with an unknown
    Total, with unreviewed or with stale snapshots qualifies; None at the end of the list."""
    start = order.index(current) + 1 if current is not None and current in order else 0
    for video in order[start:]:
        counts = progress.get(video)
        if counts is None or counts.total is None or counts.stale or (counts.unreviewed or 0) > 0:
            return video
    return None


def _bucket(decision: Decision) -> tuple[str, Verdict, Reason | None]:
    """What the counts need of a decision (its tally bucket in the board)."""
    return decision.job_id, decision.verdict, decision.reason
