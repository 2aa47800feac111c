"""A triage session: the review board of the snapshot set on screen, bound to a store and to the
window's undo history. This is the API the GUI's review keys call.

:meth:`ReviewSession.decide` is synchronous on purpose: the board changes at once (the tile is
repainted in the same frame) and the store write runs in the background; its outcome arrives
later through the listener — saved, superseded by a newer decision of another reviewer, or
pending because the store cannot be written (the status then carries the message). Undo and redo
record new decisions that put marks back; they act on any key the history holds, also of a video
no longer on screen. Starting a session claims its video ("being reviewed by …" in the others'
libraries); closing it releases the claim. Decisions other reviewers make on the set on screen
arrive as external store events with their rows and are applied like the session's own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from snapview.core.review.board import ReviewBoard
from snapview.core.review.decisions import Decision, DecisionClock, Mark, Verdict
from snapview.core.review.keys import SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.undo import DecisionCommand, MarkChange, UndoHistory
from snapview.core.review.verdicts import ReviewCounts, SnapshotSet, VerdictOverride, VideoVerdict
from snapview.services.review_store.interface import (
    DecisionQuery,
    ProblemKind,
    ReviewStore,
    ReviewStoreError,
    StoreEvent,
    WriteReport,
)

log = logging.getLogger("snapview.review")

# (indices of the board whose tiles changed, or None for "all of them"; the store event behind it,
# whose status says whether decisions are saved or pending and why)
SessionListener = Callable[[tuple[int, ...] | None, StoreEvent | None], None]


class ReviewSession:
    def __init__(
        self,
        store: ReviewStore,
        board: ReviewBoard,
        reviewer: str,
        *,
        undo: UndoHistory | None = None,
        clock: DecisionClock | None = None,
        origin: str = "app",
    ) -> None:
        self.store = store
        self.board = board
        self.reviewer = reviewer
        self.undo_history = undo if undo is not None else UndoHistory()
        self.clock = clock or DecisionClock()
        self.origin = origin
        self._listeners: list[SessionListener] = []
        self._writes: set[asyncio.Task[WriteReport]] = set()
        self._reloads: set[asyncio.Task[None]] = set()
        self._unsubscribe = store.add_listener(self._store_event)

    @classmethod
    async def start(
        cls,
        store: ReviewStore,
        video: VideoKey,
        snapshot_type: str,
        reviewer: str,
        *,
        job_id: str | None,
        total: int | None,
        undo: UndoHistory | None = None,
    ) -> ReviewSession:
        """A session on one snapshot set, loaded from the store (and the listing noted there)."""
        board = ReviewBoard(video, snapshot_type, job_id=job_id, total=total)
        session = cls(store, board, reviewer, undo=undo)
        await session.reload()
        try:
            await store.claim(video, reviewer)  # "being reviewed by …" for the others
        except ReviewStoreError as exc:  # advisory: reviewing goes on without it
            log.info("could not claim %s: %s", video.video_id, exc)
        if job_id is not None and total is not None:
            await store.note_snapshot_sets(
                [SnapshotSet(video, snapshot_type, job_id, total, datetime.now(UTC))]
            )
        return session

    # -- listening ---------------------------------------------------------------------------------

    def add_listener(self, listener: SessionListener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _tell(self, indices: tuple[int, ...] | None, event: StoreEvent | None = None) -> None:
        for listener in list(self._listeners):
            try:
                listener(indices, event)
            except Exception:
                log.exception("review session listener failed")

    def _store_event(self, event: StoreEvent) -> None:
        if event.external and not event.rows:
            if (event.claims or event.assignments) and not event.videos:
                return  # who has what open or assigned: the library's business, not the board's
            if event.videos and self.board.video not in event.videos:
                return
            # Another process or reviewer wrote, and the event does not say what: reload the
            # board (one query for one set).
            task = asyncio.get_running_loop().create_task(
                self.reload(), name="review session reload"
            )
            self._reloads.add(task)
            task.add_done_callback(self._reloads.discard)
            return
        shown: list[int] = []
        for row in event.rows:
            if self._on_board(row.key):
                self.board.apply(row.decision)  # older than what is shown: ignored
                self.board.mark_saved(row.decision)
                shown.append(row.key.index)
        shown.extend(k.index for k in event.pending_keys if self._on_board(k))
        self._tell(tuple(shown), event)

    async def reload(self) -> None:
        query = DecisionQuery(videos=(self.board.video,), snapshot_type=self.board.snapshot_type)
        try:
            rows = await self.store.current(query)
        except ReviewStoreError as exc:
            if exc.kind is not ProblemKind.UNREACHABLE:
                raise
            # Offline: review goes on with what this computer queued (oldest first, so the
            # newest of a key wins); the store's "back" event reloads from the server.
            self.board.load(())
            for decision in self.store.pending().decisions:
                self.board.apply(decision, pending=True)
            self._tell(None)
            return
        self.board.load(
            (r.decision for r in rows), pending=(r.key.index for r in rows if r.pending)
        )
        self._tell(None)

    # -- deciding ----------------------------------------------------------------------------------

    def decide(
        self,
        indices: Sequence[int],
        verdict: Verdict,
        reason: Reason | None = None,
        comment: str = "",
    ) -> DecisionCommand:
        """Mark ``indices`` now (undoable as one step); the write follows in the background."""
        command = self.board.plan(indices, verdict, reason, comment)
        if not command.empty:
            self.undo_history.push(command)
            self._apply(command.changes)
        return command

    def approve(self, indices: Sequence[int]) -> DecisionCommand:
        return self.decide(indices, Verdict.APPROVED)

    def reject(self, indices: Sequence[int], reason: Reason, comment: str = "") -> DecisionCommand:
        return self.decide(indices, Verdict.REJECTED, reason, comment)

    def clear(self, indices: Sequence[int]) -> DecisionCommand:
        return self.decide(indices, Verdict.NOT_REVIEWED)

    def undo(self) -> tuple[MarkChange, ...]:
        changes = self.undo_history.undo()
        self._apply(changes)
        return changes

    def redo(self) -> tuple[MarkChange, ...]:
        changes = self.undo_history.redo()
        self._apply(changes)
        return changes

    def _apply(self, changes: Iterable[MarkChange]) -> None:
        decisions = [self._decision(change.key, change.after, change.job_id) for change in changes]
        if not decisions:
            return
        shown: list[int] = []
        for decision in decisions:
            if self._on_board(decision.key):
                self.board.apply(decision, pending=True)
                shown.append(decision.key.index)
        self._tell(tuple(shown))
        task = asyncio.get_running_loop().create_task(
            self.store.record(decisions), name=f"review record {len(decisions)}"
        )
        self._writes.add(task)
        task.add_done_callback(self._written)

    def _decision(self, key: SnapshotKey, mark: Mark, job_id: str) -> Decision:
        return Decision(key, mark, self.reviewer, self.clock(), job_id=job_id, origin=self.origin)

    def _on_board(self, key: SnapshotKey) -> bool:
        return key.video == self.board.video and key.snapshot_type == self.board.snapshot_type

    def _written(self, task: asyncio.Task[WriteReport]) -> None:
        # The board learns the outcome from the store's event; here only a bug is left to log.
        self._writes.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("recording review decisions failed", exc_info=task.exception())

    async def drain(self) -> None:
        """Wait until every write started so far has an outcome (tests, quitting)."""
        while self._writes:
            await asyncio.gather(*list(self._writes), return_exceptions=True)

    # -- reading for the GUI -----------------------------------------------------------------------

    def counts(self) -> ReviewCounts:
        return self.board.counts()

    def next_unreviewed(self, after: int = 0, *, wrap: bool = False) -> int | None:
        return self.board.next_unreviewed(after, wrap=wrap)

    async def set_listing(self, job_id: str | None, total: int | None) -> None:
        """The listing answered again (a new job makes the old decisions stale, on screen now)."""
        self.board.set_listing(job_id, total)
        self._tell(None)
        if job_id is not None and total is not None:
            await self.store.note_snapshot_sets(
                [
                    SnapshotSet(
                        self.board.video, self.board.snapshot_type, job_id, total, datetime.now(UTC)
                    )
                ]
            )

    async def set_verdict(self, verdict: VideoVerdict | None, comment: str = "") -> WriteReport:
        """The reviewer's explicit verdict for the video on screen (None: back to the derived one)."""
        override = VerdictOverride(self.board.video, verdict, comment, self.reviewer, self.clock())
        return await self.store.set_overrides([override])

    def close(self) -> None:
        """Stop listening and release the claim on the video (in the background; the store
        releases every claim it still holds when it closes anyway)."""
        self._unsubscribe()
        self._listeners.clear()
        task = asyncio.get_running_loop().create_task(
            self._release(), name="review session release"
        )
        self._reloads.add(task)
        task.add_done_callback(self._reloads.discard)

    async def _release(self) -> None:
        try:
            await self.store.release(self.board.video)
        except (ReviewStoreError, RuntimeError) as exc:  # offline or closed: the claim runs out
            log.info("could not release the claim on %s: %s", self.board.video.video_id, exc)
