"""The ``stores`` fixture: every test that takes it runs twice, on a real SQLite file and on a
real PostgreSQL database (a fresh one per test, on the session's test server), through the same
:class:`~snapview.services.review_store.interface.ReviewStore` interface."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from snapview.services.review_store.interface import ReviewStore
from snapview.services.review_store.sqlite_store import SqliteReviewStore
from tests.helpers.postgres_server import PASSWORD

StoreFactory = Callable[..., ReviewStore]


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """``stores(name="r", live=False)``: a new (unopened) instance of the store called ``name`` —
    a file, or a database on the test server; the same name is the same store. ``live`` makes it
    notice other instances' writes (SQLite polls its data version, PostgreSQL listens)."""
    if request.param == "sqlite":

        def sqlite(name: str = "r", *, live: bool = False) -> ReviewStore:
            return SqliteReviewStore(
                tmp_path / f"{name}.sqlite3", watch_interval=0.02 if live else 0
            )

        yield sqlite
        return
    from snapview.services.review_store.postgres_store import PostgresReviewStore

    server = request.getfixturevalue("postgres_server")
    databases: dict[str, Any] = {}

    def postgres(name: str = "r", *, live: bool = False) -> ReviewStore:
        if name not in databases:
            databases[name] = server.create_database()
        return PostgresReviewStore(
            databases[name], password=PASSWORD, queue_folder=tmp_path / "queues", listen=live
        )

    yield postgres
