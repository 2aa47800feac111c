"""What every ``snapview review`` action shares: its two kinds of failure (bad input, exit 2;
work that could not be done, exit 1), notes on stderr, the store and the settings.

The store is ``--db`` (a file path, or a ``postgresql://USER@HOST:PORT/DB`` URL whose password
``snapview review login`` keeps in the keyring), else the ``review.store`` setting, else the
default file."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from snapview.core.review.report import ReportData, ReportScope
    from snapview.services.review_store.interface import ReviewStore

EXIT_ERROR = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input found before anything was written; exit status 2."""


class FailedError(Exception):
    """The work could not be done (store or file problem); exit status 1."""


def note(args: argparse.Namespace, text: str) -> None:
    print(f"snapview review {args.review_command}: note: {text}", file=sys.stderr)


def store_location(args: argparse.Namespace) -> str | None:
    """``--db``, else the ``review.store`` setting (None: the default file)."""
    from snapview.services.review_store import SETTING_KEY

    given = getattr(args, "db", None)
    if given:
        return str(given)
    stored = settings().get(SETTING_KEY)
    return stored if isinstance(stored, str) and stored.strip() else None


async def open_store_for(args: argparse.Namespace, location: str | None = None) -> ReviewStore:
    from snapview.core.review.server import ServerUrlError
    from snapview.services.review_store import open_store
    from snapview.services.review_store.interface import ReviewStoreError

    try:
        store = open_store(location or store_location(args))
    except (ReviewStoreError, ServerUrlError) as exc:
        raise UsageError(exc.user_message.english()) from None
    try:
        await store.open()
    except ReviewStoreError as exc:
        await store.aclose()
        raise FailedError(exc.user_message.english()) from None
    return store


def settings() -> Any:
    from snapview.services.settings import Settings

    return Settings()


async def collect(
    args: argparse.Namespace, scope: ReportScope, *, include_cleared: bool = True
) -> ReportData:
    from snapview.services.reports.collect import collect_report
    from snapview.services.review_store.reviewer import reviewer_name

    store = await open_store_for(args)
    try:
        return await collect_report(
            store, scope, generated_by=reviewer_name(settings()), include_cleared=include_cleared
        )
    finally:
        await store.aclose()
