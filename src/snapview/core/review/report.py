"""What a review report holds, assembled from a store's rows: the scope asked for, each video's
summary, snapshot sets and decisions (rejected first), and the totals of the summary page.

Two kinds of numbers, on purpose: a video's verdict and counts describe the *whole* video (its
every current decision), because "passed" must not depend on the date range someone exported;
the summary page's counts by reason and by reviewer describe the *decisions in the report* (for
a date range: what was decided in it). Pure: the reports service reads the store and writes files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.decisions import Decision, Verdict, is_stale
from snapview.core.review.keys import VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.verdicts import (
    SnapshotSet,
    VerdictOverride,
    VideoSummary,
    VideoVerdict,
    summarise_video,
)


@dataclass(frozen=True, slots=True)
class ReportScope:
    """Which decisions: of these video IDs (any account; empty = every video) decided in
    ``[since, until)`` (either open)."""

    video_ids: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None

    def describe(self) -> Message:
        if self.video_ids and len(self.video_ids) == 1:
            return Message(
                "ReviewReport",
                QT_TRANSLATE_NOOP("ReviewReport", "Video {video}"),
                {"video": self.video_ids[0]},
            )
        if self.video_ids:
            return Message(
                "ReviewReport",
                QT_TRANSLATE_NOOP("ReviewReport", "{count} videos"),
                {"count": len(self.video_ids)},
            )
        return Message("ReviewReport", QT_TRANSLATE_NOOP("ReviewReport", "Every reviewed video"))


@dataclass(frozen=True, slots=True)
class VideoReport:
    summary: VideoSummary
    sets: tuple[SnapshotSet, ...]
    decisions: tuple[Decision, ...]  # current decisions in scope, cleared ones included

    @property
    def video(self) -> VideoKey:
        return self.summary.video

    def current_job(self, snapshot_type: str) -> str | None:
        return next((s.job_id for s in self.sets if s.snapshot_type == snapshot_type), None)

    def stale(self, decision: Decision) -> bool:
        return decision.mark.reviewed and is_stale(
            decision.job_id, self.current_job(decision.key.snapshot_type)
        )

    def reviewed(self) -> list[Decision]:
        """The decisions a person reads (cleared marks left out), rejected first, then approved,
        each in snapshot order; stale ones last (their pictures are gone)."""
        order = {Verdict.REJECTED: 0, Verdict.APPROVED: 1}
        return sorted(
            (d for d in self.decisions if d.mark.reviewed),
            key=lambda d: (self.stale(d), order[d.verdict], d.key.snapshot_type, d.key.index),
        )


@dataclass(frozen=True, slots=True)
class ReportData:
    scope: ReportScope
    generated_at: datetime
    generated_by: str
    videos: tuple[VideoReport, ...]
    by_reason: Mapping[Reason, int] = field(default_factory=dict)
    by_reviewer: Mapping[str, int] = field(default_factory=dict)
    by_verdict: Mapping[VideoVerdict, int] = field(default_factory=dict)
    first_decision: datetime | None = None
    last_decision: datetime | None = None

    @property
    def decision_count(self) -> int:
        return sum(len(v.reviewed()) for v in self.videos)

    def count(self, verdict: Verdict, *, stale: bool = False) -> int:
        return sum(
            1
            for video in self.videos
            for d in video.decisions
            if d.verdict is verdict and d.mark.reviewed and video.stale(d) is stale
        )

    def stale_count(self) -> int:
        return sum(1 for v in self.videos for d in v.decisions if v.stale(d))


def build_report(
    scope: ReportScope,
    decisions: Iterable[Decision],
    *,
    summaries: Mapping[VideoKey, VideoSummary],
    sets: Iterable[SnapshotSet],
    overrides: Mapping[VideoKey, VerdictOverride] | None = None,
    generated_at: datetime,
    generated_by: str,
) -> ReportData:
    """The report of ``decisions`` (the current ones in scope). ``summaries`` are the whole
    videos' (from the store); a video missing there is summarised from the decisions given."""
    by_video: dict[VideoKey, list[Decision]] = {}
    for decision in decisions:
        by_video.setdefault(decision.key.video, []).append(decision)
    sets_by_video: dict[VideoKey, list[SnapshotSet]] = {}
    for snapshot_set in sets:
        sets_by_video.setdefault(snapshot_set.video, []).append(snapshot_set)
    overrides = overrides or {}
    videos: list[VideoReport] = []
    for video in sorted(by_video):
        video_sets = tuple(sets_by_video.get(video, ()))
        summary = summaries.get(video) or summarise_video(
            video, by_video[video], video_sets, overrides.get(video)
        )
        ordered = tuple(sorted(by_video[video], key=lambda d: (d.key.snapshot_type, d.key.index)))
        videos.append(VideoReport(summary, video_sets, ordered))
    reasons: Counter[Reason] = Counter()
    reviewers: Counter[str] = Counter()
    times: list[datetime] = []
    for report in videos:
        for decision in report.reviewed():
            reviewers[decision.reviewer] += 1
            times.append(decision.decided_at)
            if decision.reason is not None and not report.stale(decision):
                reasons[decision.reason] += 1
    verdicts = Counter(v.summary.verdict for v in videos)
    return ReportData(
        scope,
        generated_at,
        generated_by,
        tuple(videos),
        dict(reasons),
        dict(reviewers),
        dict(verdicts),
        min(times, default=None),
        max(times, default=None),
    )


def rejected_first(videos: Sequence[VideoReport]) -> list[VideoReport]:
    """Videos for the contact sheet: failed ones first, then needs attention, passed, the rest."""
    rank = {
        VideoVerdict.FAILED: 0,
        VideoVerdict.NEEDS_ATTENTION: 1,
        VideoVerdict.PASSED: 2,
        VideoVerdict.NOT_REVIEWED: 3,
    }
    return sorted(videos, key=lambda v: (rank[v.summary.verdict], v.video))
