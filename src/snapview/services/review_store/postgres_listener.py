"""Hearing other reviewers live: a thread that ``LISTEN``s on the shared store's channel and turns
each notification into what changed — the current rows of the snapshots another store decided
(with who and when), or the videos whose verdict, snapshot sets, claims or assignment changed.

Every write of a shared store sends, inside its transaction, ``NOTIFY snapview_review`` with a
payload ``1 <client id> <kind> <id>,<id>,…`` (kind ``d``: decision ids; ``v``, ``c``, ``a``: video
refs whose verdict or sets, claims, or assignment changed). PostgreSQL delivers it only when that
transaction commits, to every listening session, at once. The thread skips its own store's
notifications, reads the rows on its own connection (so a long group commit on the writer's
connection never delays them), and hands the result to the event loop.

A lost connection (server restart, network) is reported at once, retried every second, and after
it is back the store is told to reload everything and to upload what it queued meanwhile:
notifications sent while nobody listened are gone, so "reload" is the only honest answer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg

from snapview.core.review.decisions import StoredDecision
from snapview.core.review.keys import VideoKey
from snapview.services.review_store import sql_reads
from snapview.services.review_store.postgres_connection import CHANNEL, PostgresSession

log = logging.getLogger("snapview.review")
PAYLOAD_VERSION = "1"
MAX_IDS_PER_NOTIFY = 200  # 200 x 33 characters: well under PostgreSQL's 8000-byte payload limit
RECONNECT_DELAY_S = 1.0
POLL_S = 0.5
MAX_PAYLOADS_PER_READ = (
    500  # how often the thread looks up from waiting to see whether it should stop
)


def payloads(client_id: str, kind: str, ids: list[str]) -> list[str]:
    """The notification payloads announcing ``ids`` of ``kind`` (several when there are many)."""
    return [
        f"{PAYLOAD_VERSION} {client_id} {kind} {','.join(ids[i : i + MAX_IDS_PER_NOTIFY])}"
        for i in range(0, len(ids), MAX_IDS_PER_NOTIFY)
    ]


@dataclass(frozen=True, slots=True)
class Heard:
    """What the thread tells the store: changes, or that its connection was lost or is back."""

    rows: tuple[StoredDecision, ...] = ()
    videos: tuple[VideoKey, ...] = ()
    claims: tuple[VideoKey, ...] = ()
    assignments: tuple[VideoKey, ...] = ()
    lost: BaseException | None = None
    connected: bool = False


class Listener:
    def __init__(
        self,
        connect: Callable[[], psycopg.Connection[Any]],
        client_id: str,
        deliver: Callable[[Heard], None],
    ) -> None:
        self._connect = connect
        self._client_id = client_id
        self._deliver = deliver  # called in this thread; must be thread-safe
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="review-store-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            connection: psycopg.Connection[Any] | None = None
            try:
                connection = self._connect()
                connection.execute(f"LISTEN {CHANNEL}")
                self._deliver(Heard(connected=True))
                self._listen(connection)
            except psycopg.Error as exc:
                if not self._stop.is_set():
                    self._deliver(Heard(lost=exc))
            except Exception:  # a bug: log it, and keep listening rather than go deaf silently
                log.exception("review store listener failed")
            finally:
                if connection is not None:
                    connection.close()
            self._stop.wait(RECONNECT_DELAY_S)

    def _listen(self, connection: psycopg.Connection[Any]) -> None:
        while not self._stop.is_set():
            # stop_after=1: back as soon as something arrives (more may come in the same packet);
            # the generator holds the connection's lock, so the rows are read after it ends.
            heard = [n.payload for n in connection.notifies(timeout=POLL_S, stop_after=1)]
            if not heard:
                continue
            # Under load many commits arrive at once: take what is already here (without
            # waiting), so one query answers them all and the listener never falls behind.
            while len(heard) < MAX_PAYLOADS_PER_READ:
                more = [n.payload for n in connection.notifies(timeout=0.0)]
                if not more:
                    break
                heard.extend(more)
            self._handle(connection, heard)

    def _handle(self, connection: psycopg.Connection[Any], payloads: list[str]) -> None:
        ids: dict[str, list[str]] = {"d": [], "v": [], "c": [], "a": []}
        for payload in payloads:
            parts = payload.split(" ")
            if len(parts) != 4 or parts[0] != PAYLOAD_VERSION or parts[1] == self._client_id:
                continue  # our own write (already told), or a newer snapview's format
            if parts[2] in ids:
                ids[parts[2]].extend(i for i in parts[3].split(",") if i)
        session = PostgresSession(connection)
        rows = (
            tuple(sql_reads.current_for_decisions(session, ids["d"]).values()) if ids["d"] else ()
        )
        refs = ids["v"] + ids["c"] + ids["a"]
        videos = sql_reads.video_keys(session, refs) if refs else {}

        def named(kind: str) -> tuple[VideoKey, ...]:
            return tuple(dict.fromkeys(videos[r] for r in ids[kind] if r in videos))

        heard = Heard(rows, named("v"), named("c"), named("a"))
        if heard.rows or heard.videos or heard.claims or heard.assignments:
            self._deliver(heard)
