"""Where review decisions are kept: one async interface (:mod:`.interface`), the SQLite backend
(:mod:`.sqlite_store`), the schema migrations shared by every backend (:mod:`.schema`), the
in-memory queue of decisions not yet written (:mod:`.pending`), the reviewer's name
(:mod:`.reviewer`) and the triage session the GUI drives (:mod:`.session`).

:func:`open_store` picks the backend from a location: a file path (or nothing: the default file
in the platform data directory) is SQLite. A ``postgresql://`` URL is the shared team store of a
later version; this one says so instead of guessing.
"""

from __future__ import annotations

from pathlib import Path

from snapview.paths import data_dir
from snapview.services.review_store.interface import ProblemKind, ReviewStore
from snapview.services.review_store.sqlite_connection import store_error

DEFAULT_FILE_NAME = "review.sqlite3"
_SERVER_SCHEMES = ("postgresql://", "postgres://")


def default_store_path() -> Path:
    return data_dir() / DEFAULT_FILE_NAME


def open_store(location: str | Path | None = None) -> ReviewStore:
    """The store at ``location`` (not opened yet: call ``await store.open()``)."""
    from snapview.services.review_store.sqlite_store import SqliteReviewStore

    if location is None or location == "":
        return SqliteReviewStore(default_store_path())
    text = str(location)
    if text.lower().startswith(_SERVER_SCHEMES):
        # Never echo the URL: it might carry a password.
        raise store_error(ProblemKind.UNSUPPORTED, "postgresql://…")
    return SqliteReviewStore(Path(text).expanduser())
