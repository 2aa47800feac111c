"""The embedded review store: one SQLite file in the platform data directory, used from asyncio.

Every SQLite call runs in one worker thread that owns the connection, so the GUI's thread never
waits for the disk; the asyncio half — group commit, the pending queue and its retries, reads that
show pending decisions, claims — is :class:`~.worker_store.WorkerStore`, shared with the team
server's backend. When a write fails (read-only file, full disk, a lock held too long) the decisions
stay pending in memory and are written once the problem is gone. While listeners are registered,
the store also notices commits made by other processes (the CLI, a second window) through
``PRAGMA data_version`` and tells them to reload.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from snapview.core.review.decisions import StoredDecision, format_time
from snapview.core.review.keys import SnapshotKey
from snapview.services.review_store.interface import (
    PendingWrites,
    ProblemKind,
    ReviewStoreError,
    ScanRecord,
    StoreEvent,
)
from snapview.services.review_store.schema import latest_version
from snapview.services.review_store.sql_writes import BatchResult, write_batch
from snapview.services.review_store.sqlite_connection import (
    SqliteSession,
    classify,
    connect,
    data_version,
    migrate,
    store_error,
)
from snapview.services.review_store.worker_store import RETRY_DELAYS_S, WorkerStore

T = TypeVar("T")
WATCH_INTERVAL_S = 1.0


class SqliteReviewStore(WorkerStore):
    """The SQLite backend of :class:`~snapview.services.review_store.interface.ReviewStore`."""

    store_errors = (sqlite3.Error, OSError)

    def __init__(
        self,
        path: Path,
        *,
        retry_delays: Sequence[float] = RETRY_DELAYS_S,
        watch_interval: float = WATCH_INTERVAL_S,
    ) -> None:
        self.path = Path(path)
        super().__init__(str(self.path), retry_delays=retry_delays)
        self.watch_interval = watch_interval
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="review-store")
        self._connection: sqlite3.Connection | None = None  # used in the worker thread only
        self._schema = 0
        self._read_only = False
        self._watcher: asyncio.Task[None] | None = None
        self._data_version: int | None = None

    # -- the worker thread -------------------------------------------------------------------------

    def _submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        return self._executor.submit(fn, *args)

    def _shutdown_worker(self) -> None:
        self._executor.shutdown(wait=True)

    def _classify(self, exc: BaseException) -> ReviewStoreError:
        return classify(exc, self.location)

    def _open_in_worker(self) -> sqlite3.Connection:
        if self._connection is not None and self._schema == latest_version():
            return self._connection
        if self._connection is None:
            self._connection, self._read_only = connect(self.path)
        self._schema = migrate(self._connection, self.location)
        self._data_version = data_version(self._connection)
        return self._connection

    def _session_in_worker(self) -> SqliteSession:
        return SqliteSession(self._open_in_worker())

    def _write_in_worker(
        self, batch: PendingWrites
    ) -> tuple[BatchResult, dict[SnapshotKey, StoredDecision]]:
        if self._read_only:
            self._close_in_worker()  # it may have become writable: look again
        session = self._session_in_worker()
        try:
            result = write_batch(
                session,
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
        return result, self._current_after_write(session, batch, result)

    def _save_scan_in_worker(self, scan: ScanRecord) -> bool:
        if self._read_only:
            self._close_in_worker()  # as for decisions: it may have become writable
        try:
            return super()._save_scan_in_worker(scan)
        except BaseException:
            self._close_in_worker()
            raise

    def _close_in_worker(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
            self._schema = 0

    async def _opened(self) -> None:
        # Say so now, not at the first decision: the reviewer may prefer another store.
        self._set_problem(
            store_error(ProblemKind.READ_ONLY, self.location) if self._read_only else None
        )

    # -- other processes' writes -------------------------------------------------------------------

    def _first_listener(self) -> None:
        if self._watcher is None and self.watch_interval > 0:
            self._watcher = asyncio.get_running_loop().create_task(
                self._watch(), name=f"review store watch {self.location}"
            )

    async def _stop_background(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
            self._watcher = None
        await super()._stop_background()

    def _changed_in_worker(self) -> bool:
        if self._connection is None:
            return False
        version = data_version(self._connection)
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
