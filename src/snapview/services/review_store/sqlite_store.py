"""The embedded review store: one SQLite file in the platform data directory, used from asyncio.

Every SQLite call runs in one worker thread that owns the connection, so the GUI's thread never
waits for the disk. Writes are group-committed: decisions recorded while a transaction is running
are written together in the next one (auto-advance at key-repeat speed costs a few transactions a
second, not one per key). Everything recorded enters the :class:`PendingQueue` first and leaves it
only after its transaction committed; when a write fails (read-only file, full disk, a lock held
too long) the decisions stay there, the status carries the sentence for the user, reads keep
showing them, and the write is retried — on the next decision, on :meth:`flush`, and on a backoff
timer — until it succeeds. While listeners are registered, the store also notices commits made by
other processes (the CLI, a second window) through ``PRAGMA data_version`` and tells them to reload.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from snapview.core.review.decisions import Decision, StoredDecision, format_time
from snapview.core.review.keys import SnapshotKey, VideoKey
from snapview.core.review.verdicts import (
    SnapshotSet,
    VerdictOverride,
    VideoSummary,
    summarise_counts,
    summarise_video,
)
from snapview.services.review_store import sqlite_reads
from snapview.services.review_store.interface import (
    DecisionQuery,
    PendingWrites,
    ProblemKind,
    ReviewStoreError,
    StoreEvent,
    StoreListener,
    StoreStatus,
    WriteOutcome,
    WriteReport,
)
from snapview.services.review_store.pending import PendingQueue, matches
from snapview.services.review_store.schema import latest_version
from snapview.services.review_store.sqlite_connection import (
    classify,
    connect,
    migrate,
    store_error,
)
from snapview.services.review_store.sqlite_writes import BatchResult, write_batch

log = logging.getLogger("snapview.review")
T = TypeVar("T")
RETRY_DELAYS_S = (1.0, 2.0, 5.0, 10.0, 30.0)
WATCH_INTERVAL_S = 1.0

_Waiter = tuple["asyncio.Future[WriteReport]", tuple[str, ...], tuple[SnapshotKey, ...]]


class SqliteReviewStore:
    """The SQLite backend of :class:`~snapview.services.review_store.interface.ReviewStore`."""

    def __init__(
        self,
        path: Path,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS_S,
        watch_interval: float = WATCH_INTERVAL_S,
    ) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.retry_delays = tuple(retry_delays)
        self.watch_interval = watch_interval
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="review-store")
        self._connection: sqlite3.Connection | None = None  # used in the worker thread only
        self._schema = 0
        self._read_only = False
        self._pending = PendingQueue()
        self._waiters: list[_Waiter] = []
        self._writer: asyncio.Task[None] | None = None
        self._retry: asyncio.TimerHandle | None = None
        self._failures = 0
        self._problem: ReviewStoreError | None = None
        self._listeners: list[StoreListener] = []
        self._watcher: asyncio.Task[None] | None = None
        self._data_version: int | None = None
        self._background: set[asyncio.Task[Any]] = set()
        self._closed = False

    def __repr__(self) -> str:
        return f"SqliteReviewStore({self.location!r}, pending={len(self._pending)})"

    # -- status and listeners ----------------------------------------------------------------------

    @property
    def status(self) -> StoreStatus:
        return StoreStatus(self.location, len(self._pending), self._problem)

    def pending(self) -> PendingWrites:
        return self._pending.snapshot()

    def add_listener(self, listener: StoreListener) -> Callable[[], None]:
        self._listeners.append(listener)
        if self._watcher is None and not self._closed and self.watch_interval > 0:
            self._watcher = asyncio.get_running_loop().create_task(
                self._watch(), name=f"review store watch {self.location}"
            )

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
        if problem is not None:
            log.warning("review store %s: %s", self.location, problem)
        if changed:
            self._notify(StoreEvent(self.status))

    # -- the worker thread -------------------------------------------------------------------------

    async def _call(self, fn: Callable[..., T], *args: Any) -> T:
        if self._closed:
            raise RuntimeError("the review store is closed")
        return await asyncio.wrap_future(self._executor.submit(fn, *args))

    def _open_in_worker(self) -> sqlite3.Connection:
        if self._connection is not None and self._schema == latest_version():
            return self._connection
        if self._connection is None:
            self._connection, self._read_only = connect(self.path)
        self._schema = migrate(self._connection, self.location)
        self._data_version = sqlite_reads.data_version(self._connection)
        return self._connection

    def _write_in_worker(
        self, batch: PendingWrites
    ) -> tuple[BatchResult, dict[SnapshotKey, StoredDecision]]:
        if self._read_only:
            self._close_in_worker()  # it may have become writable: look again
        connection = self._open_in_worker()
        try:
            result = write_batch(
                connection,
                batch.decisions,
                batch.overrides,
                batch.snapshot_sets,
                recorded_at=format_time(datetime.now(UTC)),
            )
        except BaseException:
            # The next attempt starts from a fresh connection: the file may have been made
            # writable, remounted, moved back, or freed of its lock meanwhile.
            self._close_in_worker()
            raise
        self._pending.remove(batch)
        # What each key shows now: the decision just written where it became current (no need to
        # read it back), the stored one where a newer decision won or it was already there.
        current: dict[SnapshotKey, StoredDecision] = {}
        for decision in batch.decisions:
            version = result.versions.get(decision.decision_id)
            if version is None:
                continue
            known = current.get(decision.key)
            if known is None or decision.order_key() > known.decision.order_key():
                current[decision.key] = StoredDecision(decision, version)
        others = [item for key, item in result.touched.items() if key not in current]
        current.update(sqlite_reads.current_for_items(connection, others))
        return result, current

    def _read_in_worker(self, fn: Callable[..., T], *args: Any) -> T:
        return fn(self._open_in_worker(), *args)

    def _close_in_worker(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
            self._schema = 0

    async def _read(self, fn: Callable[..., T], *args: Any) -> T:
        try:
            return await self._call(self._read_in_worker, fn, *args)
        except (sqlite3.Error, OSError) as exc:
            problem = classify(exc, self.location)
            self._set_problem(problem)
            raise problem from None

    # -- opening and closing -----------------------------------------------------------------------

    async def open(self) -> StoreStatus:
        try:
            await self._call(self._open_in_worker)
        except (sqlite3.Error, OSError, ReviewStoreError) as exc:
            problem = classify(exc, self.location)
            self._set_problem(problem)
            if not problem.kind.retry_may_help:
                raise problem from None
        else:
            # Say so now, not at the first decision: the reviewer may prefer another store.
            self._set_problem(
                store_error(ProblemKind.READ_ONLY, self.location) if self._read_only else None
            )
        return self.status

    async def aclose(self) -> None:
        if self._closed:
            return
        if self._retry is not None:
            self._retry.cancel()
            self._retry = None
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
            self._watcher = None
        if len(self._pending):
            await self.flush()
        if self._writer is not None:
            await asyncio.shield(self._writer)
        left = len(self._pending)
        if left:
            log.error("review store %s closed with %d decisions not saved", self.location, left)
        try:
            await self._call(self._close_in_worker)
        finally:
            self._closed = True
            self._executor.shutdown(wait=True)
            self._listeners.clear()

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
            except (sqlite3.Error, OSError, ReviewStoreError) as exc:
                try:
                    problem = classify(exc, self.location)
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

    def _schedule_retry(self) -> None:
        if self._closed or self._retry is not None or not len(self._pending):
            return
        problem = self._problem
        if problem is not None and not problem.kind.retry_may_help:
            return
        delay = self.retry_delays[min(self._failures - 1, len(self.retry_delays) - 1)]
        loop = asyncio.get_running_loop()

        def retry() -> None:
            self._retry = None
            if not self._closed and len(self._pending):
                task = loop.create_task(self.flush(), name=f"review store retry {self.location}")
                self._background.add(task)
                task.add_done_callback(self._background.discard)

        self._retry = loop.call_later(delay, retry)

    # -- reading -----------------------------------------------------------------------------------

    async def current(self, query: DecisionQuery) -> list[StoredDecision]:
        stored = await self._read(sqlite_reads.current, query)
        return self._pending.overlay(stored, query)

    async def history(self, key: SnapshotKey) -> list[Decision]:
        stored = await self._read(sqlite_reads.history, key)
        known = {d.decision_id for d in stored}
        extra = [
            d
            for d in self._pending.snapshot().decisions
            if d.key == key and d.decision_id not in known
        ]
        return sorted([*stored, *extra], key=lambda d: d.order_key())

    async def videos(self, query: DecisionQuery) -> list[VideoKey]:
        found = set(await self._read(sqlite_reads.videos, query))
        found.update(d.key.video for d in self._pending.snapshot().decisions if matches(d, query))
        return sorted(found)

    async def snapshot_sets(self, videos: Sequence[VideoKey]) -> list[SnapshotSet]:
        stored = {
            (s.video, s.snapshot_type): s
            for s in await self._read(sqlite_reads.snapshot_sets, videos)
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
        stored: dict[Any, VerdictOverride] = dict(await self._read(sqlite_reads.overrides, videos))
        wanted = set(videos)
        self._pending.overlay_overrides(stored, lambda o: o.video in wanted)
        return stored

    async def summaries(self, videos: Sequence[VideoKey]) -> dict[VideoKey, VideoSummary]:
        videos = list(dict.fromkeys(videos))
        counts = await self._read(sqlite_reads.counts, videos)
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

    # -- other processes' writes -------------------------------------------------------------------

    def _changed_in_worker(self) -> bool:
        if self._connection is None:
            return False
        version = sqlite_reads.data_version(self._connection)
        changed = self._data_version is not None and version != self._data_version
        self._data_version = version
        return changed

    async def _watch(self) -> None:
        while not self._closed:
            await asyncio.sleep(self.watch_interval)
            if not self._listeners:
                continue
            try:
                changed = await self._call(self._changed_in_worker)
            except (sqlite3.Error, OSError):
                continue  # a write will report the problem; watching is best effort
            except RuntimeError:
                return  # closed meanwhile
            if changed:
                self._notify(StoreEvent(self.status, external=True))
