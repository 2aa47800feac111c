"""The per-video verdict: passed, failed or needs attention, derived from the video's snapshot
decisions and overridable by a reviewer with a comment.

The derivation (documented in docs/review.md):

- **not reviewed** — no snapshot of the video has a decision yet;
- **failed** — any snapshot is rejected on its current job;
- **passed** — every snapshot of every known snapshot set is approved on its current job;
- **needs attention** — anything else: partly reviewed, a set whose total is unknown, or decisions
  left stale by a newer snapshot job.

A :class:`VerdictOverride` (the reviewer's explicit verdict and comment) wins over the derived one;
the derived verdict is still reported next to it, so a report shows "passed (overridden; derived:
failed)". A :class:`SnapshotSet` is what a listing said about one snapshot type of a video: its
current job and Total; without one, staleness and "every snapshot reviewed" cannot be known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.decisions import (
    Decision,
    InvalidDecisionError,
    Verdict,
    is_stale,
    normalise_time,
)
from snapview.core.review.keys import VideoKey
from snapview.core.review.reasons import Reason

_CONTEXT = "ReviewVerdict"
MAX_OVERRIDE_COMMENT = 2000


class VideoVerdict(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NEEDS_ATTENTION = "needs_attention"
    NOT_REVIEWED = "not_reviewed"

    @property
    def label(self) -> Message:
        return Message(_CONTEXT, _LABELS[self])


_LABELS = {
    VideoVerdict.PASSED: QT_TRANSLATE_NOOP("ReviewVerdict", "Passed"),
    VideoVerdict.FAILED: QT_TRANSLATE_NOOP("ReviewVerdict", "Failed"),
    VideoVerdict.NEEDS_ATTENTION: QT_TRANSLATE_NOOP("ReviewVerdict", "Needs attention"),
    VideoVerdict.NOT_REVIEWED: QT_TRANSLATE_NOOP("ReviewVerdict", "Not reviewed"),
}


@dataclass(frozen=True, slots=True)
class SnapshotSet:
    """One snapshot type of a video as its listing last showed it: current job and Total."""

    video: VideoKey
    snapshot_type: str
    job_id: str
    total: int
    seen_at: datetime

    def __post_init__(self) -> None:
        if self.total < 0:
            raise ValueError("total must not be negative")
        object.__setattr__(self, "seen_at", normalise_time(self.seen_at))


@dataclass(frozen=True, slots=True)
class VerdictOverride:
    """A reviewer's explicit verdict for a video. ``verdict`` None clears an earlier override (an
    event too, so the history keeps who cleared it)."""

    video: VideoKey
    verdict: VideoVerdict | None
    comment: str
    reviewer: str
    decided_at: datetime
    override_id: str = ""

    def __post_init__(self) -> None:
        from snapview.core.review.decisions import new_decision_id

        if self.verdict is VideoVerdict.NOT_REVIEWED:
            raise InvalidDecisionError(
                Message(
                    _CONTEXT,
                    QT_TRANSLATE_NOOP(
                        "ReviewVerdict",
                        "A video's verdict can be set to passed, failed or needs attention.",
                    ),
                )
            )
        if len(self.comment) > MAX_OVERRIDE_COMMENT:
            raise InvalidDecisionError(
                Message(
                    _CONTEXT,
                    QT_TRANSLATE_NOOP(
                        "ReviewVerdict", "The comment is longer than {limit} characters."
                    ),
                    {"limit": MAX_OVERRIDE_COMMENT},
                )
            )
        if not self.override_id:
            object.__setattr__(self, "override_id", new_decision_id())
        object.__setattr__(self, "decided_at", normalise_time(self.decided_at))

    def order_key(self) -> tuple[datetime, str]:
        return (self.decided_at, self.override_id)


@dataclass(frozen=True, slots=True)
class ReviewCounts:
    """Progress of a set of snapshots: what the status bar and the report summary show.

    ``total`` is None when no listing said how many snapshots there are. ``stale`` decisions are
    counted apart and not in ``approved``/``rejected`` (their pictures are gone)."""

    total: int | None = None
    approved: int = 0
    rejected: int = 0
    stale: int = 0
    by_reason: Mapping[Reason, int] = field(default_factory=dict)

    @property
    def reviewed(self) -> int:
        return self.approved + self.rejected

    @property
    def unreviewed(self) -> int | None:
        return None if self.total is None else max(0, self.total - self.reviewed)

    def __add__(self, other: ReviewCounts) -> ReviewCounts:
        total = None if self.total is None or other.total is None else self.total + other.total
        reasons = Counter(self.by_reason)
        reasons.update(other.by_reason)
        return ReviewCounts(
            total,
            self.approved + other.approved,
            self.rejected + other.rejected,
            self.stale + other.stale,
            dict(reasons),
        )


def count_decisions(
    decisions: Iterable[Decision], current_job: str | None, total: int | None
) -> ReviewCounts:
    """Counts for the current decisions of one snapshot set."""
    approved = rejected = stale = 0
    reasons: Counter[Reason] = Counter()
    for decision in decisions:
        if decision.verdict is Verdict.NOT_REVIEWED:
            continue
        if is_stale(decision.job_id, current_job):
            stale += 1
        elif decision.verdict is Verdict.APPROVED:
            approved += 1
        else:
            rejected += 1
            if decision.reason is not None:
                reasons[decision.reason] += 1
    return ReviewCounts(total, approved, rejected, stale, dict(reasons))


@dataclass(frozen=True, slots=True)
class VideoSummary:
    """A video's counts, derived verdict, override and the verdict in effect."""

    video: VideoKey
    counts: ReviewCounts
    derived: VideoVerdict
    override: VerdictOverride | None = None

    @property
    def verdict(self) -> VideoVerdict:
        if self.override is not None and self.override.verdict is not None:
            return self.override.verdict
        return self.derived

    @property
    def overridden(self) -> bool:
        return self.override is not None and self.override.verdict is not None


def derive_verdict(counts_by_type: Mapping[str, ReviewCounts]) -> VideoVerdict:
    """The derived verdict of a video from the counts of each of its snapshot sets (module rules)."""
    if not counts_by_type or all(c.reviewed == 0 and c.stale == 0 for c in counts_by_type.values()):
        return VideoVerdict.NOT_REVIEWED
    if any(c.rejected for c in counts_by_type.values()):
        return VideoVerdict.FAILED
    complete = all(
        c.total is not None and c.stale == 0 and c.approved >= c.total
        for c in counts_by_type.values()
    )
    return VideoVerdict.PASSED if complete else VideoVerdict.NEEDS_ATTENTION


def summarise_video(
    video: VideoKey,
    decisions: Iterable[Decision],
    sets: Iterable[SnapshotSet] = (),
    override: VerdictOverride | None = None,
) -> VideoSummary:
    """Counts and verdict for one video from its current decisions and known snapshot sets."""
    by_type: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_type.setdefault(decision.key.snapshot_type, []).append(decision)
    known = {s.snapshot_type: s for s in sets}
    counts: dict[str, ReviewCounts] = {}
    for snapshot_type in sorted(set(by_type) | set(known)):
        snapshot_set = known.get(snapshot_type)
        counts[snapshot_type] = count_decisions(
            by_type.get(snapshot_type, ()),
            snapshot_set.job_id if snapshot_set else None,
            snapshot_set.total if snapshot_set else None,
        )
    return summarise_counts(video, counts, override)


def summarise_counts(
    video: VideoKey, counts: Mapping[str, ReviewCounts], override: VerdictOverride | None = None
) -> VideoSummary:
    """A video's summary from the counts of each snapshot type (what a store aggregates in SQL)."""
    # A set listed as empty (Total 0) has nothing to review and does not hold the verdict back.
    relevant = {t: c for t, c in counts.items() if c.total != 0 or c.reviewed or c.stale}
    total = ReviewCounts(0)
    for each in counts.values():
        total = total + each
    return VideoSummary(video, total, derive_verdict(relevant), override)
