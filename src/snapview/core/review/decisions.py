"""A reviewer's decision on one snapshot, and the rules that order and compare decisions.

A :class:`Decision` is one event: *this* reviewer said *approved* / *rejected (reason, comment)* /
*not reviewed* (a cleared mark) about *this* snapshot key, at *this* time, looking at the pictures
of *this* snapshot job. Decisions are never edited: a new decision supersedes the current one and
both stay in the history (the store's audit trail and the merge rule depend on it).

Which decision is current is decided by :func:`newer` alone — the later ``decided_at`` wins, the
``decision_id`` breaks ties — so merging two histories gives the same result in any order (imports,
and later a shared server, rely on that). :class:`DecisionClock` hands out strictly increasing
times, so an undo made in the same millisecond as the decision it undoes still wins.

Times are timezone-aware UTC ``datetime`` values with millisecond precision; on disk and in exports
they are ISO 8601 strings (``2026-11-20T08:15:30.123Z``), which sort as text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from snapview.core.errors import UserFacingError
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.keys import SnapshotKey
from snapview.core.review.reasons import Reason

_CONTEXT = "ReviewDecision"
MAX_COMMENT = 2000
MAX_REVIEWER = 100
MAX_JOB_ID = 128
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab and newlines are fine in a comment
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")


class Verdict(StrEnum):
    """What a reviewer said about one snapshot (the value is stored and exported)."""

    APPROVED = "approved"
    REJECTED = "rejected"
    NOT_REVIEWED = "not_reviewed"

    @property
    def label(self) -> Message:
        return Message(_CONTEXT, _VERDICT_LABELS[self])


_VERDICT_LABELS = {
    Verdict.APPROVED: QT_TRANSLATE_NOOP("ReviewDecision", "Approved"),
    Verdict.REJECTED: QT_TRANSLATE_NOOP("ReviewDecision", "Rejected"),
    Verdict.NOT_REVIEWED: QT_TRANSLATE_NOOP("ReviewDecision", "Not reviewed"),
}


class InvalidDecisionError(UserFacingError):
    """A decision that cannot be recorded as given (reject without reason, over-long comment…)."""


def _invalid(template: str, **params: object) -> InvalidDecisionError:
    return InvalidDecisionError(Message(_CONTEXT, template, params))


@dataclass(frozen=True, slots=True)
class Mark:
    """The visible state of one snapshot: what the grid, the preview and the reports show."""

    verdict: Verdict = Verdict.NOT_REVIEWED
    reason: Reason | None = None
    comment: str = ""

    def __post_init__(self) -> None:
        if self.verdict is Verdict.REJECTED and self.reason is None:
            raise _invalid(QT_TRANSLATE_NOOP("ReviewDecision", "A rejection needs a reason."))
        if self.verdict is not Verdict.REJECTED and self.reason is not None:
            raise _invalid(
                QT_TRANSLATE_NOOP(
                    "ReviewDecision", "Only a rejection has a reason (got {reason})."
                ),
                reason=self.reason.value,
            )
        if len(self.comment) > MAX_COMMENT:
            raise _invalid(
                QT_TRANSLATE_NOOP(
                    "ReviewDecision", "The comment is longer than {limit} characters."
                ),
                limit=MAX_COMMENT,
            )
        if _CONTROL.search(self.comment):
            raise _invalid(
                QT_TRANSLATE_NOOP("ReviewDecision", "The comment contains control characters.")
            )

    @property
    def reviewed(self) -> bool:
        return self.verdict is not Verdict.NOT_REVIEWED


UNREVIEWED = Mark()


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision event about one snapshot key (immutable; see the module docstring)."""

    key: SnapshotKey
    mark: Mark
    reviewer: str
    decided_at: datetime
    job_id: str = ""  # the snapshot job whose pictures were judged; "" when unknown
    decision_id: str = ""  # filled by __post_init__ when empty: a random 32-hex id
    origin: str = "app"  # where it was recorded: app, cli, import

    def __post_init__(self) -> None:
        if not self.decision_id:
            object.__setattr__(self, "decision_id", new_decision_id())
        elif not re.fullmatch(r"[0-9a-f]{32}", self.decision_id):
            raise _invalid(
                QT_TRANSLATE_NOOP("ReviewDecision", "“{value}” is not a decision ID."),
                value=self.decision_id,
            )
        reviewer = self.reviewer.strip()
        if not reviewer or len(reviewer) > MAX_REVIEWER or _CONTROL.search(reviewer):
            raise _invalid(
                QT_TRANSLATE_NOOP(
                    "ReviewDecision",
                    "The reviewer name must be 1 to {limit} characters without control characters.",
                ),
                limit=MAX_REVIEWER,
            )
        object.__setattr__(self, "reviewer", reviewer)
        if len(self.job_id) > MAX_JOB_ID or any(c.isspace() for c in self.job_id):
            raise _invalid(
                QT_TRANSLATE_NOOP("ReviewDecision", "“{value}” is not a snapshot job ID."),
                value=self.job_id,
            )
        if self.decided_at.tzinfo is None:
            raise ValueError("decided_at must be timezone-aware")
        object.__setattr__(self, "decided_at", normalise_time(self.decided_at))

    @property
    def verdict(self) -> Verdict:
        return self.mark.verdict

    @property
    def reason(self) -> Reason | None:
        return self.mark.reason

    @property
    def comment(self) -> str:
        return self.mark.comment

    def order_key(self) -> tuple[datetime, str]:
        return (self.decided_at, self.decision_id)

    def with_origin(self, origin: str) -> Decision:
        return replace(self, origin=origin)


@dataclass(frozen=True, slots=True)
class StoredDecision:
    """A store's current decision for a key, with the version of that key's current row (1 for
    the first decision, +1 for each later one that became current) and whether it is saved yet."""

    decision: Decision
    version: int
    pending: bool = False  # in memory only: the store could not write it yet

    @property
    def key(self) -> SnapshotKey:
        return self.decision.key


def newer(candidate: Decision, current: Decision | None) -> bool:
    """Whether ``candidate`` supersedes ``current``: the later time wins, the larger id breaks ties."""
    return current is None or candidate.order_key() > current.order_key()


def is_stale(decision_job: str, current_job: str | None) -> bool:
    """A decision is stale when it was made on a job that is known not to be the current one.
    Unknown jobs (``""`` or ``None``) are not stale: nothing says the pictures changed."""
    return bool(decision_job) and bool(current_job) and decision_job != current_job


def new_decision_id() -> str:
    return uuid.uuid4().hex


def normalise_time(moment: datetime) -> datetime:
    """UTC, truncated to the millisecond (what ISO strings on disk keep)."""
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def format_time(moment: datetime) -> str:
    """``2026-11-20T08:15:30.123Z`` (sorts as text, parsed back by :func:`parse_time`)."""
    if moment.tzinfo is not UTC or moment.microsecond % 1000:
        moment = normalise_time(moment)
    return moment.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def parse_time(text: str) -> datetime:
    """An ISO 8601 time with a zone (``Z`` or ``±HH:MM``); ValueError otherwise."""
    text = text.strip()
    if not _ISO.match(text):
        raise ValueError(f"{text!r} is not an ISO 8601 time with a time zone")
    return normalise_time(datetime.fromisoformat(text.replace("Z", "+00:00")))


class DecisionClock:
    """Strictly increasing decision times: the wall clock, or 1 ms after the last time handed out
    (two decisions on one key in one millisecond must still be ordered)."""

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        self._now = now or (lambda: datetime.now(UTC))
        self._last: datetime | None = None

    def __call__(self) -> datetime:
        moment = normalise_time(self._now())
        if self._last is not None and moment <= self._last:
            moment = self._last + timedelta(milliseconds=1)
        self._last = moment
        return moment
