"""What every review store backend shares: one worker thread that owns the connection, group
commit, the pending queue with its retry timer, listeners, reads that show pending decisions, and
claims kept fresh while a video is open.

A backend (:class:`~.sqlite_store.SqliteReviewStore`, :class:`~.postgres_store.PostgresReviewStore`)
supplies the worker-thread half — open, write one batch, run a read, close, and how its errors read
to a user — and this class does the asyncio half, so both keep exactly the same model
(:mod:`.interface`): everything recorded enters the :class:`PendingQueue` first and leaves it only
after its transaction committed; decisions recorded while a transaction runs are written together
in the next one (auto-advance at key-repeat speed costs a few transactions a second, not one per
key); a write that fails leaves them pending, the status carries the sentence for the user, reads
keep showing them, and the write is retried — on the next decision, on :meth:`flush`, and on a
backoff timer — until it succeeds. ``call_timeout`` bounds every call a backend makes, so a stuck
server can make the store report a problem but never make the app wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any, TypeVar

from snapview.core.review.decisions import Decision, StoredDecision
from snapview.core.review.keys import SnapshotKey, VideoKey
from snapview.core.review.team import CLAIM_REFRESH, CLAIM_TTL, Assignment, Claim, check_person
from snapview.core.review.verdicts import (
    SnapshotSet,
    VerdictOverride,
    VideoSummary,
    summarise_counts,
    summarise_video,
)
from snapview.services.review_store import sql_reads, sql_scans, sql_team
from snapview.services.review_store.interface import (
    DecisionQuery,
    PendingWrites,
    ReviewStoreError,
    ScanRecord,
    StoreEvent,
    StoreListener,
    StoreStatus,
    WriteOutcome,
    WriteReport,
)
from snapview.services.review_store.pending import PendingQueue, matches
from snapview.services.review_store.sql_session import SqlSession
from snapview.services.review_store.sql_writes import BatchResult

log = logging.getLogger("snapview.review")
T = TypeVar("T")
RETRY_DELAYS_S = (1.0, 2.0, 5.0, 10.0, 30.0)

_Waiter = tuple["asyncio.Future[WriteReport]", tuple[str, ...], tuple[SnapshotKey, ...]]


class WorkerStore:
    """The shared asyncio half of a backend (module docstring)."""

    # Exceptions of the backend's driver that mean "a store problem" (classified for the user);
    # anything else escaping a worker call is a bug and surfaces as such.
    store_errors: tuple[type[Exception], ...] = (OSError,)

    def __init__(
        self,
        location: str,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS_S,
        call_timeout: float | None = None,
    ) -> None:
        self.location = location
        self.retry_delays = tuple(retry_delays)
        self.call_timeout = call_timeout
        self.client_id = uuid.uuid4().hex
        self._pending = PendingQueue()
        self._waiters: list[_Waiter] = []
        self._writer: asyncio.Task[None] | None = None
        self._retry: asyncio.TimerHandle | None = None
        self._failures = 0
        self._problem: ReviewStoreError | None = None
        self._listeners: list[StoreListener] = []
        self._background: set[asyncio.Task[Any]] = set()
        self._held: dict[VideoKey, str] = {}  # claims this store keeps fresh -> reviewer
        self._refresher: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.location!r}, pending={len(self._pending)})"

    # -- the backend's half (worker thread) --------------------------------------------------------

    def _submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        raise NotImplementedError

    def _shutdown_worker(self) -> None:
        raise NotImplementedError

    def _session_in_worker(self) -> SqlSession:
        """The open connection (opening and migrating it first if needed)."""
        raise NotImplementedError

    def _write_in_worker(
        self, batch: PendingWrites
    ) -> tuple[BatchResult, dict[SnapshotKey, StoredDecision]]:
        raise NotImplementedError

    def _close_in_worker(self) -> None:
        raise NotImplementedError

    def _classify(self, exc: BaseException) -> ReviewStoreError:
        """The user's sentence for a failed call; re-raises what is a bug, not a store problem."""
        raise NotImplementedError

    def _store_now(self) -> datetime:
        """The store's clock (claims expire by it)."""
        return datetime.now(UTC)

    async def _opened(self) -> None:
        """After a successful open (the backend's chance to report read-only, replay, listen…)."""
        self._set_problem(None)

    def _first_listener(self) -> None:
        """A listener was added for the first time (start watching for other processes' writes)."""

    # -- status and listeners ----------------------------------------------------------------------

    @property
    def status(self) -> StoreStatus:
        return StoreStatus(self.location, len(self._pending), self._problem)

    def pending(self) -> PendingWrites:
        return self._pending.snapshot()

    def add_listener(self, listener: StoreListener) -> Callable[[], None]:
        self._listeners.append(listener)
        if len(self._listeners) == 1 and not self._closed:
            self._first_listener()

        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove

    def _notify(self, event: StoreEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("review store listener failed")

    def _set_problem(self, problem: ReviewStoreError | None) -> None:
        changed = (problem is None) != (self._problem is None) or (
            problem is not None and self._problem is not None and problem.kind != self._problem.kind
        )
        self._problem = problem
        if problem is not None and changed:
            log.warning("review store %s: %s", self.location, problem)
        if changed:
            self._notify(StoreEvent(self.status))

    def _failures_to_report(self) -> tuple[type[Exception], ...]:
        """What a worker call may raise that is a store problem to tell the user about."""
        return (*self.store_errors, TimeoutError, ReviewStoreError)

    # -- calls into the worker ---------------------------------------------------------------------

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise RuntimeError("the review store is closed")
        future = asyncio.wrap_future(self._submit(fn, *args))
        if self.call_timeout is None:
            return await future
        try:
            return await asyncio.wait_for(future, self.call_timeout)
        except TimeoutError:
            raise TimeoutError(f"no answer within {self.call_timeout:g} s") from None

    def _run_in_worker(self, fn: Callable[..., T], *args: Any) -> T:
        return fn(self._session_in_worker(), *args)

    async def _read(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(session, *args)`` in the worker; a store problem is reported and raised."""
        try:
            return await self._call(self._run_in_worker, fn, *args)
        except self._failures_to_report() as exc:
            problem = self._classify(exc)
            self._set_problem(problem)
            raise problem from None

    # -- opening and closing -----------------------------------------------------------------------

    async def open(self) -> StoreStatus:
        self._loop = asyncio.get_running_loop()
        try:
            await self._call(self._session_in_worker)
        except self._failures_to_report() as exc:
            problem = self._classify(exc)
            self._set_problem(problem)
            if not problem.kind.retry_may_help:
                raise problem from None
            self._schedule_retry()
        else:
            await self._opened()
        return self.status

    async def aclose(self) -> None:
        if self._closed:
            return
        if self._retry is not None:
            self._retry.cancel()
            self._retry = None
        await self._stop_background()
        if self._held:
            with contextlib.suppress(ReviewStoreError, RuntimeError):
                await self._release([*self._held])
        if len(self._pending):
            await self.flush()
        if self._writer is not None:
            await asyncio.shield(self._writer)
        left = len(self._pending)
        if left:
            self._closing_with_pending(left)
        try:
            await self._call(self._close_in_worker)
        except TimeoutError:
            log.warning("review store %s did not close within the timeout", self.location)
        finally:
            self._closed = True
            self._shutdown_worker()
            self._listeners.clear()

    def _closing_with_pending(self, left: int) -> None:
        log.error("review store %s closed with %d decisions not saved", self.location, left)

    async def _stop_background(self) -> None:
        """Stop the timers and watchers (the backend adds its own)."""
        if self._refresher is not None:
            self._refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._refresher
            self._refresher = None

    # -- writing -----------------------------------------------------------------------------------

    async def record(self, decisions: Sequence[Decision]) -> WriteReport:
        keys = tuple(d.key for d in decisions)
        self._pending.add(decisions=decisions)
        return await self._enqueue(tuple(d.decision_id for d in decisions), keys)

    async def set_overrides(self, overrides: Sequence[VerdictOverride]) -> WriteReport:
        self._pending.add(overrides=overrides)
        return await self._enqueue(tuple(o.override_id for o in overrides), ())

    async def note_snapshot_sets(self, sets: Sequence[SnapshotSet]) -> WriteReport:
        self._pending.add(sets=sets)
        return await self._enqueue((), ())

    async def flush(self) -> StoreStatus:
        if len(self._pending) or self._waiters:
            await self._enqueue((), ())
        return self.status

    async def _enqueue(self, ids: tuple[str, ...], keys: tuple[SnapshotKey, ...]) -> WriteReport:
        future: asyncio.Future[WriteReport] = asyncio.get_running_loop().create_future()
        self._waiters.append((future, ids, keys))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(
                self._write_all(), name=f"review store write {self.location}"
            )
        return await asyncio.shield(future)

    async def _write_all(self) -> None:
        """Group commit: everything pending (and every waiter) at the start of a round is one
        transaction; decisions recorded meanwhile go into the next round."""
        while self._waiters:
            waiters, self._waiters = self._waiters, []
            batch = self._pending.snapshot()
            try:
                result, current = (
                    await self._call(self._write_in_worker, batch)
                    if len(batch)
                    else (BatchResult(), {})
                )
            except self._failures_to_report() as exc:
                try:
                    problem = self._classify(exc)
                except BaseException as bug:  # not a store problem: a bug, which must surface
                    for future, _, _ in waiters:
                        if not future.done():
                            future.set_exception(bug)
                    raise
                self._failures += 1
                self._set_problem(problem)
                self._schedule_retry()
                # Waiters that arrived during the failed attempt get the same answer, not a second
                # attempt in the same instant.
                waiters += self._waiters
                self._waiters = []
                for future, ids, _ in waiters:
                    if not future.done():
                        future.set_result(
                            WriteReport({i: WriteOutcome.PENDING for i in ids}, {}, self.status)
                        )
                pending_keys = tuple(key for _, _, keys in waiters for key in keys)
                if pending_keys:
                    self._notify(StoreEvent(self.status, pending_keys=pending_keys))
                return
            except BaseException as exc:
                for future, _, _ in waiters:
                    if not future.done():
                        future.set_exception(exc)
                raise
            self._failures = 0
            if self._retry is not None:
                self._retry.cancel()
                self._retry = None
            self._set_problem(None)
            for future, ids, keys in waiters:
                if not future.done():
                    outcomes = {i: result.outcomes.get(i, WriteOutcome.DUPLICATE) for i in ids}
                    touched = {k: current[k] for k in keys if k in current}
                    future.set_result(WriteReport(outcomes, touched, self.status))
            if current:
                self._notify(StoreEvent(self.status, rows=tuple(current.values())))

    def _current_after_write(
        self, session: SqlSession, batch: PendingWrites, result: BatchResult
    ) -> dict[SnapshotKey, StoredDecision]:
        """What each key shows after a write: the decision just written where it became current
        (no need to read it back), the stored one where a newer decision won or it was there."""
        current: dict[SnapshotKey, StoredDecision] = {}
        for decision in batch.decisions:
            version = result.versions.get(decision.decision_id)
            if version is None:
                continue
            known = current.get(decision.key)
            if known is None or decision.order_key() > known.decision.order_key():
                current[decision.key] = StoredDecision(decision, version)
        others = [item for key, item in result.touched.items() if key not in current]
        current.update(sql_reads.current_for_items(session, others))
        return current

    def _schedule_retry(self) -> None:
        if self._closed or self._retry is not None or not len(self._pending):
            return
        problem = self._problem
        if problem is not None and not problem.kind.retry_may_help:
            return
        delay = self.retry_delays[min(max(self._failures, 1) - 1, len(self.retry_delays) - 1)]
        loop = asyncio.get_running_loop()

        def retry() -> None:
            self._retry = None
            if not self._closed and len(self._pending):
                self._spawn(self.flush(), f"review store retry {self.location}")

        self._retry = loop.call_later(delay, retry)

    def _spawn(self, coroutine: Any, name: str) -> None:
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # -- reading -----------------------------------------------------------------------------------

    async def current(self, query: DecisionQuery) -> list[StoredDecision]:
        stored = await self._read(sql_reads.current, query)
        return self._pending.overlay(stored, query)

    async def history(self, key: SnapshotKey) -> list[Decision]:
        stored = await self._read(sql_reads.history, key)
        known = {d.decision_id for d in stored}
        extra = [
            d
            for d in self._pending.snapshot().decisions
            if d.key == key and d.decision_id not in known
        ]
        return sorted([*stored, *extra], key=lambda d: d.order_key())

    async def videos(self, query: DecisionQuery) -> list[VideoKey]:
        found = set(await self._read(sql_reads.videos, query))
        found.update(d.key.video for d in self._pending.snapshot().decisions if matches(d, query))
        return sorted(found)

    async def snapshot_sets(self, videos: Sequence[VideoKey]) -> list[SnapshotSet]:
        stored = {
            (s.video, s.snapshot_type): s for s in await self._read(sql_reads.snapshot_sets, videos)
        }
        wanted = set(videos)
        for snapshot_set in self._pending.snapshot().snapshot_sets:
            key = (snapshot_set.video, snapshot_set.snapshot_type)
            known = stored.get(key)
            if snapshot_set.video in wanted and (
                known is None or snapshot_set.seen_at >= known.seen_at
            ):
                stored[key] = snapshot_set
        return sorted(stored.values(), key=lambda s: (s.video, s.snapshot_type))

    async def overrides(self, videos: Sequence[VideoKey]) -> dict[VideoKey, VerdictOverride]:
        stored: dict[Any, VerdictOverride] = dict(await self._read(sql_reads.overrides, videos))
        wanted = set(videos)
        self._pending.overlay_overrides(stored, lambda o: o.video in wanted)
        return stored

    async def summaries(self, videos: Sequence[VideoKey]) -> dict[VideoKey, VideoSummary]:
        videos = list(dict.fromkeys(videos))
        counts = await self._read(sql_reads.counts, videos)
        overrides = await self.overrides(videos)
        pending_videos = {d.key.video for d in self._pending.snapshot().decisions}
        result: dict[VideoKey, VideoSummary] = {}
        slow = [v for v in videos if v in pending_videos]
        if slow:
            # Pending decisions are not in the SQL aggregate: count those videos from their rows.
            rows = await self.current(DecisionQuery(videos=tuple(slow)))
            sets = await self.snapshot_sets(slow)
            for video in slow:
                result[video] = summarise_video(
                    video,
                    [r.decision for r in rows if r.key.video == video],
                    [s for s in sets if s.video == video],
                    overrides.get(video),
                )
        for video in videos:
            if video not in result:
                result[video] = summarise_counts(video, counts.get(video, {}), overrides.get(video))
        return result

    # -- everything, for moving a store (snapview review push) ------------------------------------

    async def history_page(self, after: str = "", limit: int = 1000) -> list[Decision]:
        """The whole history by ``decision_id``, a page at a time: the ``limit`` after ``after``."""
        return await self._read(sql_reads.history_page, after, limit)

    async def all_overrides(self) -> list[VerdictOverride]:
        return await self._read(sql_reads.all_overrides)

    async def all_snapshot_sets(self) -> list[SnapshotSet]:
        return await self._read(sql_reads.all_snapshot_sets)

    # -- claims and assignments --------------------------------------------------------------------

    def _announce(self, session: SqlSession, kind: str, videos: Sequence[VideoKey]) -> None:
        """Tell other stores that claims (``c``) or assignments (``a``) of ``videos`` changed
        (the shared store notifies; the local file's readers see its data version change)."""

    def _claim_in_worker(self, session: SqlSession, videos: list[VideoKey], reviewer: str) -> None:
        now = self._store_now()
        sql_team.claim(session, videos, reviewer, self.client_id, now, now + CLAIM_TTL)
        self._announce(session, "c", videos)

    def _release_in_worker(self, session: SqlSession, videos: list[VideoKey]) -> None:
        sql_team.release(session, videos, self.client_id)
        self._announce(session, "c", videos)

    def _assign_in_worker(
        self, session: SqlSession, videos: list[VideoKey], assignee: str | None, by: str
    ) -> None:
        sql_team.assign(session, videos, assignee, by, self._store_now())
        self._announce(session, "a", videos)

    def _claims_in_worker(
        self, session: SqlSession, videos: list[VideoKey]
    ) -> dict[VideoKey, tuple[Claim, ...]]:
        return sql_team.claims(session, videos, self._store_now())

    def _changed_here(
        self, *, claims: Sequence[VideoKey] = (), assignments: Sequence[VideoKey] = ()
    ) -> None:
        """A claim or assignment made by this store (the shared store also tells the others)."""
        self._notify(StoreEvent(self.status, claims=tuple(claims), assignments=tuple(assignments)))

    async def claim(self, video: VideoKey, reviewer: str) -> tuple[Claim, ...]:
        reviewer = check_person(reviewer)
        self._held[video] = reviewer
        if self._refresher is None and not self._closed:
            self._refresher = asyncio.get_running_loop().create_task(
                self._refresh_claims(), name=f"review claims {self.location}"
            )
        await self._read(self._claim_in_worker, [video], reviewer)
        self._changed_here(claims=[video])
        found = await self._read(self._claims_in_worker, [video])
        return tuple(c for c in found.get(video, ()) if c.holder != self.client_id)

    async def release(self, video: VideoKey) -> None:
        if self._held.pop(video, None) is not None:
            await self._release([video])

    async def _release(self, videos: list[VideoKey]) -> None:
        for video in videos:
            self._held.pop(video, None)
        await self._read(self._release_in_worker, videos)
        self._changed_here(claims=videos)

    async def claims(self, videos: Sequence[VideoKey]) -> dict[VideoKey, tuple[Claim, ...]]:
        return await self._read(self._claims_in_worker, list(videos))

    async def _refresh_claims(self) -> None:
        """Keep this store's claims alive while their videos are open (a failure is reported by
        the status like any other, and the next round tries again)."""
        interval = CLAIM_REFRESH.total_seconds()
        while not self._closed:
            await asyncio.sleep(interval)
            by_reviewer: dict[str, list[VideoKey]] = {}
            for video, reviewer in self._held.items():
                by_reviewer.setdefault(reviewer, []).append(video)
            for reviewer, videos in by_reviewer.items():
                with contextlib.suppress(ReviewStoreError):
                    await self._read(self._claim_in_worker, videos, reviewer)

    async def assign(
        self, videos: Sequence[VideoKey], assignee: str | None, assigned_by: str
    ) -> None:
        who = check_person(assignee) if assignee is not None else None
        await self._read(self._assign_in_worker, list(videos), who, check_person(assigned_by))
        self._changed_here(assignments=list(videos))

    async def assignments(
        self, *, assignee: str | None = None, videos: Sequence[VideoKey] = ()
    ) -> list[Assignment]:
        return await self._read(sql_team.assignments, assignee, list(videos))

    # -- automatic scans ---------------------------------------------------------------------------

    def _save_scan_in_worker(self, scan: ScanRecord) -> bool:
        return sql_scans.save_scan(self._session_in_worker(), scan)

    async def save_scan(self, scan: ScanRecord) -> bool:
        """One transaction of its own, not the decisions' pending queue: a scan that cannot be
        written is handed back to the caller (raised, and reported in the status like any write
        problem), which keeps it in its file cache, so the queue never holds megabytes of JSON."""
        try:
            return await self._call(self._save_scan_in_worker, scan)
        except self._failures_to_report() as exc:
            problem = self._classify(exc)
            self._set_problem(problem)
            raise problem from None

    async def last_scan(self, video: VideoKey, snapshot_type: str) -> ScanRecord | None:
        return await self._read(sql_scans.last_scan, video, snapshot_type)
