"""Opening a SQLite review store: the connection settings, schema creation and migration, and the
translation of SQLite's and the OS's errors into :class:`ReviewStoreError` sentences.

Settings and why:
- ``journal_mode=WAL`` — the GUI and the CLI read and write the same file at once; readers never
  block the writer. WAL needs a local disk (SQLite's own guidance), so the file lives in the
  platform data directory, not on a share.
- ``synchronous=FULL`` — a committed decision survives a power cut, not just a killed process;
  writes are batched into one transaction so the extra fsync costs little.
- ``foreign_keys=ON`` — history rows cannot point at a slot that does not exist.
- ``cache_size`` 16 MB — keys are digests, inserted in random order.
- ``busy_timeout`` — another process holding the write lock is waited for (in the worker thread,
  never the GUI's), then reported as "busy", and the decisions stay pending.
- autocommit mode with explicit ``BEGIN IMMEDIATE`` — a write transaction takes the lock up front,
  so two writers never deadlock upgrading a read lock.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.review.decisions import format_time
from snapview.services.review_store.interface import ProblemKind, ReviewStoreError
from snapview.services.review_store.schema import latest_version, pending_migrations

log = logging.getLogger("snapview.review")
BUSY_TIMEOUT_S = 10.0
_CONTEXT = "ReviewStore"

_MESSAGES: dict[ProblemKind, str] = {
    ProblemKind.READ_ONLY: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "Cannot save review decisions: {location} is read-only. They are kept in memory and "
        "saved as soon as the file can be written.",
    ),
    ProblemKind.DISK_FULL: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "Cannot save review decisions: the disk holding {location} is full. They are kept in "
        "memory and saved as soon as there is space.",
    ),
    ProblemKind.BUSY: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "Cannot save review decisions: another program has locked {location} for more than "
        "{seconds} seconds. They are kept in memory and saved when it lets go.",
    ),
    ProblemKind.IO: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "Cannot save review decisions: the disk reported an error writing {location}. They are "
        "kept in memory and saved on the next attempt.",
    ),
    ProblemKind.CANNOT_OPEN: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "Cannot open the review store {location} ({detail}). Decisions are kept in memory and "
        "saved once it can be opened.",
    ),
    ProblemKind.CORRUPT: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "The review store {location} is damaged and cannot be used. Decisions are kept in memory; "
        "move the file aside (snapview then starts a new one) or export them.",
    ),
    ProblemKind.UNREACHABLE: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "Cannot reach the review store {location} ({detail}). Decisions are kept in memory and "
        "saved when it is back.",
    ),
    ProblemKind.UNSUPPORTED: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "{location}: this snapview was built without the PostgreSQL driver (psycopg), so it "
        "cannot use a shared review store. Give a file path, or install snapview with psycopg.",
    ),
    ProblemKind.NOT_A_STORE: QT_TRANSLATE_NOOP(
        "ReviewStore", "{location} is not a snapview review store; choose another file."
    ),
    ProblemKind.NEWER_SCHEMA: QT_TRANSLATE_NOOP(
        "ReviewStore",
        "The review store {location} was made by a newer snapview (schema {found}; this version "
        "knows up to {known}). Update snapview, or use another store.",
    ),
}


def store_error(
    kind: ProblemKind, location: str, detail: str = "", **params: object
) -> ReviewStoreError:
    values = {"location": location, "detail": detail, "seconds": int(BUSY_TIMEOUT_S), **params}
    return ReviewStoreError(
        kind, Message(_CONTEXT, _MESSAGES[kind], values), location=location, detail=detail
    )


def classify(exc: BaseException, location: str) -> ReviewStoreError:
    """The user's sentence for a failed SQLite call or file operation."""
    if isinstance(exc, ReviewStoreError):
        return exc
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
        raise exc  # a bug in the statements or the validation, not something the user can fix
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc).lower()
        if name.startswith("SQLITE_READONLY") or "readonly" in text or name == "SQLITE_PERM":
            kind = ProblemKind.READ_ONLY
        elif name == "SQLITE_FULL" or "disk is full" in text:
            kind = ProblemKind.DISK_FULL
        elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
            kind = ProblemKind.BUSY
        elif name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
            kind = ProblemKind.CANNOT_OPEN
        elif name.startswith("SQLITE_CORRUPT"):
            kind = ProblemKind.CORRUPT
        elif name == "SQLITE_NOTADB" or "not a database" in text:
            kind = ProblemKind.NOT_A_STORE
        elif name.startswith("SQLITE_IOERR") or "i/o error" in text:
            kind = ProblemKind.IO
        else:
            kind = ProblemKind.IO
        return store_error(kind, location, detail)
    if isinstance(exc, OSError):
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return store_error(ProblemKind.READ_ONLY, location, detail)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return store_error(ProblemKind.DISK_FULL, location, detail)
        return store_error(ProblemKind.CANNOT_OPEN, location, exc.strerror or detail)
    raise exc


def connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """An open connection with the module's settings (the file and its folder are created), and
    whether it is read-only.

    A store on a read-only filesystem cannot be opened the normal way once it is in WAL mode
    (SQLite needs to create the ``-shm`` file beside it), so it is opened ``immutable``: readable,
    and every write fails with "read-only" — the decisions then wait in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=True
        )
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()  # opens the file
    except sqlite3.OperationalError:
        if not (path.is_file() and _read_only_place(path)):
            raise
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=True)
        connection.execute("PRAGMA foreign_keys = ON")
        return connection, True
    try:
        schema_version(connection, str(path))  # someone else's database: refused, left as it was
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            # A read-only file that is not in WAL mode yet cannot switch; reading still works.
            log.info("review store %s stays in journal mode %s", path, mode)
        connection.execute("PRAGMA synchronous = FULL")
        # Keys are digests (random order): a larger page cache keeps their B-tree pages at hand.
        connection.execute("PRAGMA cache_size = -16000")
    except BaseException:
        connection.close()
        raise
    return connection, _read_only_place(path)


def _read_only_place(path: Path) -> bool:
    """The file, or the filesystem holding it, cannot be written by this process."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return True
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    return not os.access(path, os.W_OK)


def schema_version(connection: sqlite3.Connection, location: str) -> int:
    """The store's version: 0 for a new, empty file. A file holding other tables is not ours."""
    tables = {
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if not tables:
        return 0
    if "schema_version" not in tables:
        raise store_error(ProblemKind.NOT_A_STORE, location)
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(connection: sqlite3.Connection, location: str, *, target: int | None = None) -> int:
    """Bring the schema to ``target`` (default: the latest); returns the version now in effect.

    The version is checked again inside the write transaction, so two processes opening a new
    file at once create the schema once. Each migration commits with its ``schema_version`` row."""
    target = latest_version() if target is None else target
    version = schema_version(connection, location)
    if version > latest_version():
        raise store_error(ProblemKind.NEWER_SCHEMA, location, found=version, known=latest_version())
    while version < target:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(connection, location)
            todo = [m for m in pending_migrations(version) if m.version <= target]
            if not todo:
                connection.execute("COMMIT")
                break
            migration = todo[0]
            for statement in migration.statements():
                connection.execute(statement)
            connection.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (migration.version, format_time(datetime.now(UTC))),
            )
            connection.execute("COMMIT")
            log.info("review store %s migrated to schema %d", location, migration.version)
            version = migration.version
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return version


class SqliteSession:
    """A connection as the shared SQL wants it (:class:`~.sql_session.SqlSession`): ``?``
    placeholders as they are, and write transactions that take the lock up front."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.connection.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.connection.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.connection.execute("COMMIT")
        except BaseException:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise


def data_version(connection: sqlite3.Connection) -> int:
    """Changes when another connection commits (cheap; the GUI polls it to see the CLI's writes)."""
    return int(connection.execute("PRAGMA data_version").fetchone()[0])
