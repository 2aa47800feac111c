"""The review status line: how far the video on screen is reviewed and what its verdict is —
"Approved 12 · Rejected 3 · Not reviewed 85 of 100 · Verdict: Failed" — in the status bar, with
the store's problem (a read-only file, a full disk: decisions wait in memory) said in red beside it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from snapview.core.review.verdicts import ReviewCounts, VideoVerdict, derive_verdict
from snapview.ui.tr import tr_format, tr_message

_PROBLEM_STYLE = "color: #b3261e; font-weight: bold;"


class ReviewStatusLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewStatus")
        self.problem = QLabel()
        self.problem.setObjectName("reviewProblem")
        self.problem.setStyleSheet(_PROBLEM_STYLE)
        self.problem.setWordWrap(False)

    def show_counts(self, counts: ReviewCounts | None, snapshot_type: str = "") -> None:
        if counts is None:
            self.clear()
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
        parts.append(tr_format(self.tr("Verdict: {verdict}"), verdict=tr_message(verdict.label)))
        self.setText("  ·  ".join(parts))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setToolTip(text)
        self.problem.setVisible(bool(text))
