"""The little a backend's connection must offer for the shared SQL of :mod:`.sql_writes`,
:mod:`.sql_reads` and :mod:`.sql_team` to run on it: ``execute`` and ``executemany`` with ``?``
placeholders, and a write transaction.

The statements are written once, in the portable SQL both SQLite and PostgreSQL accept; each
backend wraps its connection (``SqliteSession``, ``PostgresSession``) so that placeholders,
transaction start (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's ``BEGIN``) and cursor handling are
its own business.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol


class Rows(Protocol):
    """A cursor after ``execute``: iterable rows (tuples), ``fetchone``/``fetchall`` and ``rowcount``."""

    @property
    def rowcount(self) -> int: ...

    def __iter__(self) -> Iterator[Any]: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class SqlSession(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Rows: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction: committed on leaving, rolled back on an exception."""
        ...


def placeholders(values: Sequence[Any]) -> str:
    """``?, ?, ?`` for an ``IN (...)`` list of ``values``."""
    return ", ".join("?" for _ in values)
