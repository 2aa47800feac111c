"""Where review decisions are kept: one async interface (:mod:`.interface`), the asyncio half
every backend shares (:mod:`.worker_store`), the SQLite backend (:mod:`.sqlite_store`), the shared
PostgreSQL backend of a team (:mod:`.postgres_store`, docs/team.md), the SQL and the schema
migrations both run (:mod:`.sql_writes`, :mod:`.sql_reads`, :mod:`.sql_team`, :mod:`.schema`), the
queue of decisions not yet written (:mod:`.pending`, and :mod:`.offline_queue` on disk for the
server), the server password (:mod:`.server_login`), the reviewer's name (:mod:`.reviewer`) and
the triage session the GUI drives (:mod:`.session`).

:func:`open_store` picks the backend from a location: a file path (or nothing: the default file
in the platform data directory) is SQLite; a ``postgresql://USER@HOST:PORT/DB`` URL is the shared
store, its password taken from the OS keyring.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from snapview.core.review.server import is_server_url, parse_server_url
from snapview.paths import data_dir
from snapview.services.review_store.interface import ProblemKind, ReviewStore
from snapview.services.review_store.sqlite_connection import store_error

DEFAULT_FILE_NAME = "review.sqlite3"
SETTING_KEY = "review.store"  # the store location: a file path or a server URL (no password)


def default_store_path() -> Path:
    return data_dir() / DEFAULT_FILE_NAME


def open_store(location: str | Path | None = None, *, keyring: Any = None) -> ReviewStore:
    """The store at ``location`` (not opened yet: call ``await store.open()``). A server URL with
    a password in it is refused (:class:`~snapview.core.review.server.ServerUrlError`, which never
    echoes it); the password is looked up in ``keyring`` (a ``KeyringAccess``; default: the OS
    keyring) when the store opens."""
    from snapview.services.review_store.sqlite_store import SqliteReviewStore

    if location is None or location == "":
        return SqliteReviewStore(default_store_path())
    text = str(location)
    if is_server_url(text):
        from snapview.services.review_store.reviewer import os_user

        server = parse_server_url(text, default_user=os_user())
        try:
            from snapview.services.review_store.postgres_store import PostgresReviewStore
        except ImportError:  # a build without the driver
            raise store_error(ProblemKind.UNSUPPORTED, server.display) from None
        if keyring is None:
            from snapview.services.credentials.backend import KeyringAccess

            keyring = KeyringAccess()
        return PostgresReviewStore(server, keyring=keyring)
    return SqliteReviewStore(Path(text).expanduser())
