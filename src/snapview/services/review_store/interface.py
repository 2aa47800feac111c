"""The review store's interface: what the GUI, the CLI and the reports need from wherever
decisions are kept, whichever backend keeps them.

Every backend (the embedded SQLite file; the shared PostgreSQL server of a team, docs/team.md)
offers the same async methods, never blocks the event loop's thread, and keeps the same model:

- an **append-only history** of decisions (every :class:`~snapview.core.review.decisions.Decision`
  ever recorded, identified by its ``decision_id``, so recording one twice is a no-op — imports,
  pushes and offline-queue replays are idempotent by construction);
- a **current row per snapshot key** with a ``version`` that grows by one each time a newer decision
  takes over; which one is newer is :func:`snapview.core.review.decisions.newer` (later time wins),
  so two stores merged in any order agree;
- the same for per-video verdict overrides, and the last known job and Total of each snapshot set;
- **nothing lost silently**: a write that cannot be made (read-only file, full disk, server away)
  keeps its decisions in memory as *pending*, reports a :class:`ReviewStoreError` with a sentence
  for the user in :attr:`StoreStatus.problem`, shows them in reads, and writes them on the next
  attempt (each write and :meth:`ReviewStore.flush` retries everything pending, oldest first);
  the shared store also keeps them in a queue file on this computer, so a server away for the
  rest of the day loses nothing either, and says it is *offline* (:attr:`StoreStatus.offline`);
- **live**: listeners hear of decisions made elsewhere (another reviewer, the CLI) as
  ``StoreEvent(external=True)`` with the rows, who and when;
- **who works on what**: claims ("being reviewed by") and assignments (:mod:`snapview.core.review.team`);
  on the local file they are rows like any other, shared by the app and the CLI of one computer;
- **the last automatic scan** of each snapshot set (:class:`ScanRecord`), kept apart from the
  decisions: a scan flag is what a detector thought, a decision is what a reviewer said, and
  storing a scan never creates, changes or hides a decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from snapview.core.errors import UserFacingError
from snapview.core.i18n import Message
from snapview.core.review.decisions import Decision, StoredDecision
from snapview.core.review.keys import SnapshotKey, VideoKey
from snapview.core.review.team import Assignment, Claim
from snapview.core.review.verdicts import SnapshotSet, VerdictOverride, VideoSummary


class ProblemKind(StrEnum):
    """Why a store cannot be written (or opened). ``retry_may_help``: the user can fix it and the
    pending decisions are then written (a full disk, a read-only file, a lock, a server away)."""

    READ_ONLY = "read-only"
    DISK_FULL = "disk-full"
    BUSY = "busy"
    IO = "io"
    UNREACHABLE = "unreachable"
    AUTH = "auth"  # the server refused the login (no or a wrong password): run "review login"
    CANNOT_OPEN = "cannot-open"
    CORRUPT = "corrupt"
    NOT_A_STORE = "not-a-store"
    NEWER_SCHEMA = "newer-schema"
    UNSUPPORTED = "unsupported"

    @property
    def retry_may_help(self) -> bool:
        return self in (
            ProblemKind.READ_ONLY,
            ProblemKind.DISK_FULL,
            ProblemKind.BUSY,
            ProblemKind.IO,
            ProblemKind.UNREACHABLE,
            ProblemKind.CANNOT_OPEN,
        )


class ReviewStoreError(UserFacingError):
    """A store problem with the sentence the user reads; ``detail`` is the technical cause (logs)."""

    def __init__(
        self, kind: ProblemKind, message: Message, *, location: str, detail: str = ""
    ) -> None:
        self.kind = kind
        self.location = location
        self.detail = detail
        super().__init__(message)

    def __str__(self) -> str:
        sentence = self.user_message.english()
        suffix = f" ({self.detail})" if self.detail and self.detail not in sentence else ""
        return f"{sentence}{suffix}"


@dataclass(frozen=True, slots=True)
class StoreStatus:
    """Whether the store is writing, and how much waits in memory."""

    location: str
    pending: int = 0
    problem: ReviewStoreError | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.pending == 0

    @property
    def offline(self) -> bool:
        """The shared store's server cannot be reached: decisions wait in the local queue."""
        return self.problem is not None and self.problem.kind is ProblemKind.UNREACHABLE


class WriteOutcome(StrEnum):
    """What became of one recorded decision (or override)."""

    CURRENT = "current"  # saved, and now the current decision of its key
    SUPERSEDED = "superseded"  # saved in the history; a newer decision stays current
    DUPLICATE = "duplicate"  # this decision_id was already in the store
    PENDING = "pending"  # not written yet; kept in memory (see StoreStatus.problem)


@dataclass(frozen=True, slots=True)
class WriteReport:
    """The result of one write: an outcome per decision id, the current rows of the keys touched
    (the GUI shows a "changed by X at T" when a newer decision won), and the store's status."""

    outcomes: dict[str, WriteOutcome] = field(default_factory=dict)
    current: dict[SnapshotKey, StoredDecision] = field(default_factory=dict)
    status: StoreStatus | None = None

    def count(self, outcome: WriteOutcome) -> int:
        return sum(1 for value in self.outcomes.values() if value is outcome)


@dataclass(frozen=True, slots=True)
class DecisionQuery:
    """Which current decisions to read. Empty tuples mean "any"; times bound ``decided_at``
    (``since`` inclusive, ``until`` exclusive)."""

    video_ids: tuple[str, ...] = ()
    videos: tuple[VideoKey, ...] = ()
    snapshot_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    include_cleared: bool = True  # "not reviewed" decisions (a cleared mark) too


@dataclass(frozen=True, slots=True)
class PendingWrites:
    """Everything recorded but not yet written, oldest first."""

    decisions: tuple[Decision, ...] = ()
    overrides: tuple[VerdictOverride, ...] = ()
    snapshot_sets: tuple[SnapshotSet, ...] = ()

    def __len__(self) -> int:
        return len(self.decisions) + len(self.overrides) + len(self.snapshot_sets)


@dataclass(frozen=True, slots=True)
class StoreEvent:
    """Told to listeners after every write attempt and status change: the current rows a write
    changed (``rows``), the keys whose decisions stay pending (``pending_keys``), or ``external``
    — another process or reviewer wrote. An external event with ``rows`` carries the current
    decisions of the keys that changed (each with its reviewer and time); one with ``videos``
    names videos whose verdict or snapshot sets changed; one with neither means "reload what is
    shown" (the store may have missed changes, e.g. while it was offline). ``claims`` and
    ``assignments`` name videos whose claims or assignment changed, here or elsewhere."""

    status: StoreStatus
    rows: tuple[StoredDecision, ...] = ()
    pending_keys: tuple[SnapshotKey, ...] = ()
    external: bool = False
    videos: tuple[VideoKey, ...] = ()
    claims: tuple[VideoKey, ...] = ()
    assignments: tuple[VideoKey, ...] = ()


StoreListener = Callable[[StoreEvent], None]


@dataclass(frozen=True, slots=True)
class ScanRecord:
    """The last scan of one snapshot set: ``document`` is the object ``snapview scan --json``
    prints for the video (URLs redacted, no secrets); the counts are its summary, kept beside it
    so a list of videos can show them without parsing every document."""

    video: VideoKey
    snapshot_type: str
    job_id: str
    scanned_at: datetime
    document: dict[str, Any]
    total: int | None = None
    scanned: int = 0
    flagged: int = 0
    failed: int = 0


class ReviewStore(Protocol):
    """The review store every backend implements (module docstring)."""

    location: str  # what the user is told: a path, or a URL without password
    client_id: str  # this open store: the holder of the claims it makes

    @property
    def status(self) -> StoreStatus: ...

    async def open(self) -> StoreStatus:
        """Connect, create or migrate the schema. Problems are reported in the status, not raised,
        except those no retry can fix (newer schema, not a store), which raise ReviewStoreError."""
        ...

    async def aclose(self) -> None:
        """Write what is pending (one last attempt) and release the connection and the worker."""
        ...

    async def record(self, decisions: Sequence[Decision]) -> WriteReport:
        """Append decisions to the history; each becomes current if newer than its key's current."""
        ...

    async def set_overrides(self, overrides: Sequence[VerdictOverride]) -> WriteReport: ...

    async def note_snapshot_sets(self, sets: Sequence[SnapshotSet]) -> WriteReport:
        """Remember what listings said (job and Total); a newer ``seen_at`` replaces an older one."""
        ...

    async def flush(self) -> StoreStatus:
        """Try to write everything pending now."""
        ...

    def pending(self) -> PendingWrites: ...

    async def current(self, query: DecisionQuery) -> list[StoredDecision]:
        """Current decisions (pending ones included, marked) in key order."""
        ...

    async def history(self, key: SnapshotKey) -> list[Decision]:
        """Every decision ever recorded for ``key``, oldest first."""
        ...

    async def videos(self, query: DecisionQuery) -> list[VideoKey]:
        """The videos that have current decisions matching ``query``."""
        ...

    async def snapshot_sets(self, videos: Sequence[VideoKey]) -> list[SnapshotSet]: ...

    async def overrides(self, videos: Sequence[VideoKey]) -> dict[VideoKey, VerdictOverride]: ...

    async def summaries(self, videos: Sequence[VideoKey]) -> dict[VideoKey, VideoSummary]:
        """Counts and verdicts per video, aggregated by the store (cheap for a whole library)."""
        ...

    def add_listener(self, listener: StoreListener) -> Callable[[], None]:
        """Call ``listener`` on every change and status change; returns the function that removes it."""
        ...

    # -- who works on what (core.review.team) ------------------------------------------------------

    async def claim(self, video: VideoKey, reviewer: str) -> tuple[Claim, ...]:
        """Say that ``reviewer`` has ``video`` open here (refreshed until :meth:`release` or
        :meth:`aclose`); returns the other live claims on it. Advisory: nothing is locked."""
        ...

    async def release(self, video: VideoKey) -> None:
        """Drop this store's claim on ``video``."""
        ...

    async def claims(self, videos: Sequence[VideoKey]) -> dict[VideoKey, tuple[Claim, ...]]:
        """The live claims on ``videos`` (this store's own too: compare ``holder`` with
        :attr:`client_id`); videos nobody has open are left out."""
        ...

    async def assign(
        self, videos: Sequence[VideoKey], assignee: str | None, assigned_by: str
    ) -> None:
        """Give ``videos`` to ``assignee`` (replacing an earlier assignment); None clears it."""
        ...

    async def assignments(
        self, *, assignee: str | None = None, videos: Sequence[VideoKey] = ()
    ) -> list[Assignment]:
        """Assignments to ``assignee`` ("assigned to me") and/or of ``videos``; all without either."""
        ...

    # -- automatic scans (never decisions) ---------------------------------------------------------

    async def save_scan(self, scan: ScanRecord) -> bool:
        """Keep ``scan`` as its snapshot set's last scan, unless a later one is stored already
        (False then). A store problem is reported in the status and raised as ReviewStoreError:
        the caller keeps the scan elsewhere (the scan results' file cache)."""
        ...

    async def last_scan(self, video: VideoKey, snapshot_type: str) -> ScanRecord | None:
        """The last scan stored for the snapshot set, or None."""
        ...
