"""Connecting to the shared review store on PostgreSQL: the connection settings and why, schema
creation and migration, and the translation of the server's and libpq's errors into sentences.

Settings and why:
- **A timeout on everything.** ``connect_timeout`` (5 s unless the URL says otherwise) bounds the
  connection; ``statement_timeout`` (15 s) and ``lock_timeout`` bound every statement on the
  server; TCP keepalives and ``tcp_user_timeout`` (Linux) notice a server or network that vanished
  without closing the connection, which would otherwise block a read for many minutes. The store
  adds an asyncio timeout around each call as well, so nothing can make the app wait.
- **Autocommit, explicit transactions.** Reads are single statements; writes open a transaction
  for the batch (``with connection.transaction()``), so no connection sits "idle in transaction".
- **Its own schema.** The tables live in the ``snapview`` schema (``search_path``), so a team may
  point snapview at a database that holds other things.
- The password is passed as a keyword, never as part of a URL or connection string that could be
  logged; libpq's errors never contain it.

Migrations are the same numbered files as for SQLite (:mod:`.schema`). Each runs in one
transaction with its ``schema_version`` row (PostgreSQL's DDL is transactional: a failed
migration leaves nothing behind) under an advisory lock, so twenty desktops starting at once
create the schema once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors as pg_errors

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.decisions import format_time
from snapview.core.review.server import ServerLocation
from snapview.services.review_store.interface import ProblemKind, ReviewStoreError
from snapview.services.review_store.schema import latest_version, pending_migrations
from snapview.services.review_store.sqlite_connection import store_error

log = logging.getLogger("snapview.review")
SCHEMA = "snapview"
CHANNEL = "snapview_review"
CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 15_000
LOCK_TIMEOUT_MS = 10_000
_MIGRATION_LOCK = 0x736E6170  # "snap": one advisory lock id for "migrating the review schema"
_CONTEXT = "ReviewStore"

_MESSAGES: dict[ProblemKind, str] = {
    ProblemKind.UNREACHABLE: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "Working offline: the shared review store {location} cannot be reached ({detail}). "
        "Decisions are kept on this computer in {queue} and uploaded when it is back.",
    ),
    ProblemKind.AUTH: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "The shared review store {location} refused the login ({detail}). Store the password "
        "with “snapview review login --db {location}”. Decisions are kept in {queue} meanwhile.",
    ),
    ProblemKind.READ_ONLY: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "The shared review store {location} does not let {user} write ({detail}). Decisions are "
        "kept in {queue}; ask whoever runs the server to grant the role access (docs/team.md).",
    ),
    ProblemKind.DISK_FULL: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "The server of the shared review store {location} is out of disk space. Decisions are "
        "kept in {queue} and uploaded when there is space.",
    ),
    ProblemKind.CANNOT_OPEN: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "Cannot open the shared review store {location} ({detail}). Decisions are kept in "
        "{queue} and uploaded once it can be opened.",
    ),
    ProblemKind.IO: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "The shared review store {location} reported an error ({detail}). Decisions are kept in "
        "{queue} and uploaded on the next attempt.",
    ),
    ProblemKind.NOT_A_STORE: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "The database {location} has a “snapview” schema that is not a snapview review store; "
        "choose another database.",
    ),
}


def server_error(
    kind: ProblemKind, server: ServerLocation, queue: str, detail: str = "", **params: object
) -> ReviewStoreError:
    location = server.display
    if kind not in _MESSAGES:  # the newer-schema sentence says the same for both backends
        return store_error(kind, location, detail, **params)
    values = {"location": location, "detail": detail, "queue": queue, "user": server.user}
    return ReviewStoreError(
        kind,
        Message(_CONTEXT, _MESSAGES[kind], {**values, **params}),
        location=location,
        detail=detail,
    )


def _detail(exc: BaseException) -> str:
    """The first informative line of a driver error (libpq prefixes and hints stripped)."""
    text = str(exc).strip() or type(exc).__name__
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    line = lines[0] if lines else text
    for prefix in ("connection failed: ", "FATAL:  ", "FATAL: ", "ERROR:  "):
        line = line.removeprefix(prefix)
    if ": FATAL:" in line:
        line = line.split(": FATAL:", 1)[1].strip()
    return line[:200]


def classify(exc: BaseException, server: ServerLocation, queue: str) -> ReviewStoreError:
    """The user's sentence for a failed call to the server; re-raises what is a bug."""
    if isinstance(exc, ReviewStoreError):
        return exc
    detail = _detail(exc)
    if isinstance(exc, TimeoutError):
        return server_error(ProblemKind.UNREACHABLE, server, queue, detail)
    if isinstance(exc, pg_errors.InsufficientPrivilege | pg_errors.ReadOnlySqlTransaction):
        return server_error(ProblemKind.READ_ONLY, server, queue, detail)
    if isinstance(exc, pg_errors.DiskFull):
        return server_error(ProblemKind.DISK_FULL, server, queue, detail)
    if isinstance(exc, pg_errors.InvalidPassword | pg_errors.InvalidAuthorizationSpecification):
        return server_error(ProblemKind.AUTH, server, queue, detail)
    if isinstance(exc, pg_errors.InvalidCatalogName):
        return server_error(ProblemKind.CANNOT_OPEN, server, queue, detail)
    if isinstance(
        exc, psycopg.IntegrityError | psycopg.ProgrammingError | psycopg.InterfaceError
    ) and not isinstance(exc, pg_errors.UndefinedTable):
        raise exc  # a bug in the statements or the validation, not something the user can fix
    if isinstance(exc, psycopg.OperationalError | OSError):
        text = str(exc).lower()
        if "password" in text or "authentication" in text or "no pg_hba.conf entry" in text:
            return server_error(ProblemKind.AUTH, server, queue, detail)
        if "does not exist" in text and ("database" in text or "role" in text):
            kind = ProblemKind.AUTH if "role" in text else ProblemKind.CANNOT_OPEN
            return server_error(kind, server, queue, detail)
        return server_error(ProblemKind.UNREACHABLE, server, queue, detail)
    if isinstance(exc, psycopg.Error):
        return server_error(ProblemKind.IO, server, queue, detail)
    raise exc


def connect(server: ServerLocation, password: str | None) -> psycopg.Connection[Any]:
    """An autocommit connection with the module's settings, its ``search_path`` on our schema."""
    params: dict[str, Any] = server.connection_parameters()
    params.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    params.setdefault("application_name", "snapview")
    params.update(
        keepalives=1,
        keepalives_idle=5,
        keepalives_interval=2,
        keepalives_count=3,
        tcp_user_timeout=10_000,
        options=(
            f"-c search_path={SCHEMA} -c statement_timeout={STATEMENT_TIMEOUT_MS} "
            f"-c lock_timeout={LOCK_TIMEOUT_MS} -c idle_in_transaction_session_timeout=60000"
        ),
    )
    if password:
        params["password"] = password
    return psycopg.connect(autocommit=True, **params)


@lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Synced:
    """A cursor of a pipelined transaction whose ``rowcount`` is read after the pipeline has
    delivered its result (fetching does that by itself; ``rowcount`` does not)."""

    def __init__(self, cursor: psycopg.Cursor[Any], pipeline: psycopg.Pipeline) -> None:
        self._cursor = cursor
        self._pipeline = pipeline

    @property
    def rowcount(self) -> int:
        self._pipeline.sync()
        return self._cursor.rowcount

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()


class PostgresSession:
    """A connection as the shared SQL wants it (:class:`~.sql_session.SqlSession`). A write
    transaction runs in psycopg's pipeline mode: statements whose results nobody reads yet are
    sent without waiting for each answer, so a batch costs a few round trips, not one per
    statement (a server across a network, twenty writers)."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self.connection = connection
        self._pipeline: psycopg.Pipeline | None = None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cursor = (
            self.connection.execute(_pg(sql), params) if params else self.connection.execute(sql)
        )
        return cursor if self._pipeline is None else _Synced(cursor, self._pipeline)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = list(rows)
        if batch:
            with self.connection.cursor() as cursor:
                cursor.executemany(_pg(sql), batch)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.pipeline() as pipeline, self.connection.transaction():
            self._pipeline = pipeline
            try:
                yield
            finally:
                self._pipeline = None


def schema_version(connection: psycopg.Connection[Any], server: ServerLocation, queue: str) -> int:
    """The store's version: 0 when our schema has no tables yet; tables without a
    ``schema_version`` are someone else's."""
    tables = {
        row[0]
        for row in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (SCHEMA,)
        )
    }
    if not tables:
        return 0
    if "schema_version" not in tables:
        raise server_error(ProblemKind.NOT_A_STORE, server, queue)
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0) if row else 0


def migrate(
    connection: psycopg.Connection[Any],
    server: ServerLocation,
    queue: str,
    *,
    target: int | None = None,
) -> int:
    """Bring the schema to ``target`` (default: the latest); returns the version now in effect."""
    target = latest_version() if target is None else target
    version = schema_version(connection, server, queue)
    if version > latest_version():
        raise server_error(
            ProblemKind.NEWER_SCHEMA, server, queue, found=version, known=latest_version()
        )
    while version < target:
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            exists = connection.execute(
                "SELECT 1 FROM pg_namespace WHERE nspname = %s", (SCHEMA,)
            ).fetchone()
            if not exists:
                connection.execute(f"CREATE SCHEMA {SCHEMA}")
            version = schema_version(connection, server, queue)
            todo = [m for m in pending_migrations(version) if m.version <= target]
            if not todo:
                break
            migration = todo[0]
            for statement in migration.statements():
                connection.execute(statement)
            connection.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (%s, %s)",
                (migration.version, format_time(datetime.now(UTC))),
            )
        log.info("review store %s migrated to schema %d", server.display, migration.version)
        version = migration.version
    return version
