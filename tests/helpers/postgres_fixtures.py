"""Fixtures for the shared review store's tests: ``postgres_server`` (one real server per test
session, see :mod:`tests.helpers.postgres_server`), ``pg_location`` (a fresh database on it for
each test) and ``postgres_server_factory`` (a server of the test's own, for tests that stop and
start it). Without an installed server the tests are skipped on a developer's machine and fail
in CI (``CI`` set), where ``.ci/run`` installs it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest

from snapview.core.review.server import ServerLocation
from tests.helpers.postgres_server import NoPostgresError, PostgresServer, running_server


def _unavailable(exc: NoPostgresError) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI needs a PostgreSQL server for these tests: {exc}")
    pytest.skip(str(exc))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        with running_server() as server:
            yield server
    except NoPostgresError as exc:
        _unavailable(exc)


@pytest.fixture
def pg_location(postgres_server: PostgresServer) -> ServerLocation:
    return postgres_server.create_database()


@pytest.fixture
def postgres_server_factory() -> Iterator[Callable[[], PostgresServer]]:
    with ExitStack() as stack:

        def make() -> PostgresServer:
            try:
                return stack.enter_context(running_server())
            except NoPostgresError as exc:
                _unavailable(exc)
                raise

        yield make
