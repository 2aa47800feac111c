"""The shared team review store: one PostgreSQL database every reviewer's desktop talks to.

It is the same store as the local file (:class:`~.worker_store.WorkerStore`: group commit, the
pending queue, reads that show pending decisions, claims), running the same SQL and migrations
through psycopg 3 on one worker thread of its own, plus what a server needs:

- **Live.** A listener thread (:mod:`.postgres_listener`) hears other stores' writes through
  ``LISTEN/NOTIFY`` and tells this store's listeners within a fraction of a second, as
  ``StoreEvent(external=True)`` with the current rows (who and when) of the snapshots concerned.
- **Offline.** A server that cannot be reached makes the status *offline*; decisions go on being
  recorded, into the :class:`~.offline_queue.OfflineQueue` file beside the settings as well as in
  memory, so neither closing the app nor a crash loses them. While offline, the store does not
  wait for the server on every decision: it tries again on the retry timer, at once when the
  listener's connection is back, and when asked (:meth:`flush`); then it uploads the queue —
  idempotent by ``decision_id``, so a replay interrupted halfway is simply replayed.
- **Faults.** A server restart breaks the connections; the next call reconnects. Deadlocks between
  writers are retried (rows are written in key order, which makes them rare). Every call is
  bounded (``call_timeout`` here, the connection's own timeouts in :mod:`.postgres_connection`).
- **The password** comes from the caller or from the OS keyring (``snapview review login``), and
  is kept in memory only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pg_errors

from snapview.core.review.decisions import StoredDecision, format_time
from snapview.core.review.keys import SnapshotKey, VideoKey, video_ref_id
from snapview.core.review.server import ServerLocation
from snapview.paths import config_dir
from snapview.services.review_store.interface import (
    PendingWrites,
    ProblemKind,
    ReviewStoreError,
    StoreEvent,
    StoreStatus,
)
from snapview.services.review_store.offline_queue import OfflineQueue, queue_path
from snapview.services.review_store.postgres_connection import (
    CHANNEL,
    PostgresSession,
    classify,
    connect,
    migrate,
)
from snapview.services.review_store.postgres_listener import Heard, Listener, payloads
from snapview.services.review_store.sql_session import SqlSession
from snapview.services.review_store.sql_writes import BatchResult, write_batch
from snapview.services.review_store.worker_store import WorkerStore

log = logging.getLogger("snapview.review")
T = TypeVar("T")
CALL_TIMEOUT_S = 30.0
RETRY_DELAYS_S = (1.0, 2.0, 5.0, 10.0, 30.0)
RECONNECT_PAUSE_S = 2.0  # while offline, decisions do not each wait for a connection attempt
DEADLOCK_RETRIES = 5
LISTEN_WAIT_S = 5.0
_NOTIFY = "SELECT pg_notify(?, ?)"


class DaemonWorker:
    """One daemon thread running submitted calls in order: like a one-thread executor, except that
    a call stuck on a dead network cannot keep the process from exiting."""

    def __init__(self, name: str) -> None:
        self._calls: queue.SimpleQueue[
            tuple[Future[Any], Callable[..., Any], tuple[Any, ...]] | None
        ]
        self._calls = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        future: Future[T] = Future()
        self._calls.put((future, fn, args))
        return future

    def shutdown(self, timeout: float = 5.0) -> None:
        self._calls.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while (call := self._calls.get()) is not None:
            future, fn, args = call
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:
                future.set_exception(exc)


class PostgresReviewStore(WorkerStore):
    """The PostgreSQL backend of :class:`~snapview.services.review_store.interface.ReviewStore`."""

    store_errors = (psycopg.Error, OSError)

    def __init__(
        self,
        server: ServerLocation,
        *,
        password: str | None = None,
        keyring: Any = None,
        queue_folder: Path | None = None,
        retry_delays: Sequence[float] = RETRY_DELAYS_S,
        call_timeout: float = CALL_TIMEOUT_S,
        listen: bool = True,
    ) -> None:
        super().__init__(server.display, retry_delays=retry_delays, call_timeout=call_timeout)
        self.server = server
        self.queue = OfflineQueue(queue_path(queue_folder or config_dir(), server.display))
        self._password = password
        self._keyring = keyring  # a KeyringAccess, asked at open when no password was given
        self._worker = DaemonWorker("review-store-postgres")
        self._connection: psycopg.Connection[Any] | None = None  # the worker thread's
        self._clock_offset = timedelta(0)
        self._next_connect = 0.0
        self._connect_error: BaseException | None = None
        self._listen = listen
        self._listener: Listener | None = None
        self._listener_lost = False
        self._listening = asyncio.Event()

    # -- the worker thread -------------------------------------------------------------------------

    def _submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        return self._worker.submit(fn, *args)

    def _shutdown_worker(self) -> None:
        self._worker.shutdown()

    def _classify(self, exc: BaseException) -> ReviewStoreError:
        return classify(exc, self.server, str(self.queue.path))

    def _store_now(self) -> datetime:
        return datetime.now(UTC) + self._clock_offset

    def _connect(self) -> psycopg.Connection[Any]:
        return connect(self.server, self._password)

    def _session_in_worker(self) -> SqlSession:
        connection = self._connection
        if connection is not None and not connection.closed and not connection.broken:
            return PostgresSession(connection)
        self._drop_connection()
        if self._connect_error is not None and time.monotonic() < self._next_connect:
            raise self._connect_error  # offline: answer at once; the retry timer reconnects
        try:
            connection = self._connect()
            try:
                migrate(connection, self.server, str(self.queue.path))
                row = connection.execute("SELECT clock_timestamp()").fetchone()
            except BaseException:
                connection.close()
                raise
        except (psycopg.Error, OSError) as exc:
            self._connect_error = exc
            self._next_connect = time.monotonic() + RECONNECT_PAUSE_S
            raise
        self._connect_error = None
        if row is not None and isinstance(row[0], datetime):
            self._clock_offset = row[0] - datetime.now(UTC)
        self._connection = connection
        return PostgresSession(connection)

    def _drop_connection(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def _write_in_worker(
        self, batch: PendingWrites
    ) -> tuple[BatchResult, dict[SnapshotKey, StoredDecision]]:
        # Key order everywhere, so two writers lock the same rows in the same order.
        ordered = PendingWrites(
            tuple(sorted(batch.decisions, key=lambda d: (d.key.item_id(), d.order_key()))),
            tuple(sorted(batch.overrides, key=lambda o: (video_ref_id(o.video), o.override_id))),
            tuple(
                sorted(batch.snapshot_sets, key=lambda s: (video_ref_id(s.video), s.snapshot_type))
            ),
        )
        try:
            session = self._session_in_worker()
            result = self._write_retrying(session, ordered)
        except BaseException as exc:
            self._keep_queued(batch, exc)
            raise
        self._pending.remove(batch)
        try:
            self.queue.remove(batch)
        except Exception:  # the server has them: a later replay of these is a no-op
            log.exception("review store queue %s: could not remove uploaded rows", self.queue.path)
        try:
            current = self._current_after_write(session, batch, result)
        except psycopg.Error:  # committed; only the read-back failed (the connection just broke)
            self._drop_connection()
            current = {}
        return result, current

    def _write_retrying(self, session: SqlSession, batch: PendingWrites) -> BatchResult:
        for attempt in range(DEADLOCK_RETRIES):
            try:
                return write_batch(
                    session,
                    batch.decisions,
                    batch.overrides,
                    batch.snapshot_sets,
                    recorded_at=format_time(self._store_now()),
                    before_commit=lambda s, result: self._announce_batch(s, batch, result),
                )
            except (pg_errors.DeadlockDetected, pg_errors.SerializationFailure):
                if attempt == DEADLOCK_RETRIES - 1:
                    raise
                log.info("review store %s: writers collided; writing again", self.location)
        raise AssertionError("unreachable")

    def _keep_queued(self, batch: PendingWrites, exc: BaseException) -> None:
        """A batch the server did not take goes to the queue file (unless the failure is a bug,
        which a replay would only repeat)."""
        if isinstance(exc, psycopg.OperationalError) or (
            self._connection is not None and self._connection.broken
        ):
            self._drop_connection()
        try:
            self._classify(exc)
        except BaseException:
            return
        try:
            self.queue.save(batch)
        except Exception:
            log.exception("review store queue %s cannot be written", self.queue.path)

    def _announce_batch(
        self, session: SqlSession, batch: PendingWrites, result: BatchResult
    ) -> None:
        new = set(result.new)
        decisions = [d.decision_id for d in batch.decisions if d.decision_id in new]
        videos = {o.video for o in batch.overrides if o.override_id in new}
        videos.update(s.video for s in batch.snapshot_sets)
        for payload in payloads(self.client_id, "d", decisions):
            session.execute(_NOTIFY, (CHANNEL, payload))
        self._announce(session, "v", sorted(videos))

    def _announce(self, session: SqlSession, kind: str, videos: Sequence[VideoKey]) -> None:
        refs = sorted({video_ref_id(v) for v in videos})
        for payload in payloads(self.client_id, kind, refs):
            session.execute(_NOTIFY, (CHANNEL, payload))

    def _close_in_worker(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        self._drop_connection()
        self.queue.close()

    def _closing_with_pending(self, left: int) -> None:
        log.warning(
            "review store %s closed offline: %d changes wait in %s for the next session",
            self.location, left, self.queue.path,
        )  # fmt: skip

    # -- opening -----------------------------------------------------------------------------------

    async def open(self) -> StoreStatus:
        if self._password is None and self._keyring is not None:
            from snapview.services.credentials import CredentialError

            try:
                self._password = await self._keyring.get(self.server.keyring_user)
            except CredentialError as exc:  # no keyring answer: try without (the server decides)
                log.warning("no password from the keyring for %s: %s", self.location, exc)
        try:
            queued = await self._call(self.queue.load)
        except Exception as exc:  # a damaged queue file must not keep the store from opening
            log.error("review store queue %s unreadable: %s", self.queue.path, exc)
        else:
            if len(queued):
                log.info("review store %s: %d queued changes to upload", self.location, len(queued))
                self._pending.add(queued.decisions, queued.overrides, queued.snapshot_sets)
        status = await super().open()
        if self._listen and self._listener is None and not self._closed:
            loop = self._loop
            assert loop is not None

            def deliver(heard: Heard) -> None:
                with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                    loop.call_soon_threadsafe(self._heard, heard)

            self._listener = Listener(self._connect, self.client_id, deliver)
            self._listener.start()
            if status.problem is None:
                # Listening before the first decision is written, so none is missed; a server
                # that answers the store but not a second connection is not waited for long.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._listening.wait(), LISTEN_WAIT_S)
        return status

    def use_password(self, password: str) -> None:
        """The password the user gave the app (already checked by ``check_login``): the next
        connections (writer and listener) use it instead of asking the keyring."""
        self._password = password
        self._next_connect = 0.0

    async def _opened(self) -> None:
        self._set_problem(None)
        if len(self._pending):
            self._spawn(self.flush(), f"review store replay {self.location}")

    async def flush(self) -> StoreStatus:
        self._next_connect = 0.0  # asked to try now: do not wait out the offline pause
        return await super().flush()

    # -- what the listener heard (event loop thread) -----------------------------------------------

    def _heard(self, heard: Heard) -> None:
        if self._closed:
            return
        if heard.lost is not None:
            self._listener_lost = True
            with contextlib.suppress(BaseException):
                if self._problem is None:
                    self._set_problem(self._classify(heard.lost))
            return
        if heard.connected:
            self._listening.set()
            if self._listener_lost:
                self._listener_lost = False
                self._spawn(self._back(), f"review store back {self.location}")
            return
        self._notify(
            StoreEvent(
                self.status,
                rows=heard.rows,
                external=True,
                videos=heard.videos,
                claims=heard.claims,
                assignments=heard.assignments,
            )
        )

    async def _back(self) -> None:
        """The server answers again: upload the queue, clear "offline", and have every view
        reload (what happened meanwhile was not heard)."""
        self._next_connect = 0.0
        if len(self._pending):
            await self.flush()
        elif self._problem is not None and self._problem.kind is ProblemKind.UNREACHABLE:
            with contextlib.suppress(ReviewStoreError):
                await self._read(lambda session: None)
                self._set_problem(None)
        self._notify(StoreEvent(self.status, external=True))

    def __repr__(self) -> str:
        return f"PostgresReviewStore({self.location!r}, pending={len(self._pending)})"
