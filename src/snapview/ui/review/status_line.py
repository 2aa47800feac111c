"""The review status line: how far the video on screen is reviewed and what its verdict is —
"Approved 12 · Rejected 3 · Not reviewed 85 of 100 · Verdict: Failed" — in the status bar, with
the store's problem (a read-only file, a full disk: decisions wait in memory) said in red beside it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from snapview.core.review.verdicts import (
    ReviewCounts,
    VerdictOverride,
    VideoVerdict,
    derive_verdict,
)
from snapview.ui.tr import tr_format, tr_message

_PROBLEM_STYLE = "color: #b3261e; font-weight: bold;"
MIN_WIDTH = 120  # the window must fit a 1024 px screen whatever the line says


class ElidingLabel(QLabel):
    """A one-line label that asks for little width and ends in "…" when squeezed; the whole
    text is in its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""

    def set_full_text(self, text: str) -> None:
        if text == self.full_text:
            return  # the same words: no relayout of the status bar (counts repeat per page)
        self.full_text = text
        self.setToolTip(text)
        self.updateGeometry()  # the size hint follows the text
        self._elide()

    def minimumSizeHint(self) -> QSize:
        return QSize(min(MIN_WIDTH, super().sizeHint().width()), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance(self.full_text) + 8, super().sizeHint().height()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self.full_text, Qt.TextElideMode.ElideRight, self.width()
        )
        if shown != super().text():
            super().setText(shown)


class ReviewStatusLine(ElidingLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewStatus")
        self.problem = ElidingLabel()
        self.problem.setObjectName("reviewProblem")
        self.problem.setStyleSheet(_PROBLEM_STYLE)
        self.problem.setWordWrap(False)
        self.override: VerdictOverride | None = None  # the reviewer's explicit verdict, if any
        self.reviewer = ""  # who decides (Review → Reviewer Name…)
        self.progress: tuple[int, int] | None = None  # (videos reviewed, videos in the list)

    def show_counts(self, counts: ReviewCounts | None, snapshot_type: str = "") -> None:
        if counts is None:
            self.set_full_text("")
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
        self.set_full_text("  ·  ".join(parts))

    def show_problem(self, text: str) -> None:
        self.problem.set_full_text(text)
        self.problem.setVisible(bool(text))
