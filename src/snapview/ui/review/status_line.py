"""The review status line: how far the video on screen is reviewed and what its verdict is —
"Approved 12 · Rejected 3 · Not reviewed 85 of 100 · Verdict: Failed" — in the status bar, with
the store's problem (a read-only file, a full disk: decisions wait in memory) said in red beside it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from snapview.core.review.verdicts import (
    ReviewCounts,
    VerdictOverride,
    VideoVerdict,
    derive_verdict,
)
from snapview.ui.tr import tr_format, tr_message
from snapview.ui.widgets.elided_label import ElidedLabel

_PROBLEM_STYLE = "color: #b3261e; font-weight: bold;"
MIN_WIDTH = 120  # the window must fit a 1024 px screen whatever the line says


class ReviewStatusLine(ElidedLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(minimum_width=MIN_WIDTH, parent=parent)
        self.setObjectName("reviewStatus")
        self.problem = ElidedLabel(minimum_width=MIN_WIDTH)
        self.problem.setObjectName("reviewProblem")
        self.problem.setStyleSheet(_PROBLEM_STYLE)
        self.override: VerdictOverride | None = None  # the reviewer's explicit verdict, if any
        self.reviewer = ""  # who decides (Review → Reviewer Name…)
        self.progress: tuple[int, int] | None = None  # (videos reviewed, videos in the list)

    def show_counts(self, counts: ReviewCounts | None, snapshot_type: str = "") -> None:
        if counts is None:
            self.setText("")
            return
        total = "?" if counts.total is None else f"{counts.total:,}"
        unreviewed = "?" if counts.unreviewed is None else f"{counts.unreviewed:,}"
        parts = [
            tr_format(self.tr("Approved {n}"), n=f"{counts.approved:,}"),
            tr_format(self.tr("Rejected {n}"), n=f"{counts.rejected:,}"),
            tr_format(self.tr("Not reviewed {n} of {total}"), n=unreviewed, total=total),
        ]
        if counts.stale:
            parts.append(tr_format(self.tr("{n} from an earlier job"), n=f"{counts.stale:,}"))
        verdict = (
            derive_verdict({snapshot_type: counts}) if snapshot_type else VideoVerdict.NOT_REVIEWED
        )
        if self.override is not None and self.override.verdict is not None:
            parts.append(
                tr_format(
                    self.tr("Verdict: {verdict} (set by {reviewer})"),
                    verdict=tr_message(self.override.verdict.label),
                    reviewer=self.override.reviewer,
                )
                + (f" “{self.override.comment}”" if self.override.comment else "")
            )
        else:
            parts.append(
                tr_format(
                    self.tr("Verdict: {verdict} (derived)"), verdict=tr_message(verdict.label)
                )
            )
        if self.progress is not None:
            done, of = self.progress
            parts.append(tr_format(self.tr("{n} of {total} videos reviewed"), n=done, total=of))
        if self.reviewer:
            parts.append(tr_format(self.tr("Reviewer: {name}"), name=self.reviewer))
        self.setText("  ·  ".join(parts))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
