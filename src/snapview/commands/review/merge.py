"""``snapview review import``: merge an exported JSON into the store and say what happened."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from snapview.commands.review.store_access import (
    EXIT_ERROR,
    FailedError,
    UsageError,
    note,
    open_store_for,
)


async def merge(args: argparse.Namespace) -> int:
    from snapview.core.review.interchange import MAX_PROBLEMS_LISTED, ImportFileError
    from snapview.services.reports.importer import import_file

    path = Path(args.file)  # run() expanded "~"
    store = await open_store_for(args)
    try:
        try:
            report = await import_file(store, path)
        except ImportFileError as exc:
            raise UsageError(f"{path}: {exc.user_message.english()}") from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        await store.aclose()
    for remark in report.notes:
        note(args, remark.english())
    print(
        f"{path}: {report.rows} decisions read: {report.current} now current, {report.older} older "
        f"than the ones here (kept in the history), {report.known} already here"
        + (f"; {report.overrides} video verdicts" if report.overrides else "")
        + f"; {report.skipped} rows skipped"
    )
    for skipped in report.problems[:MAX_PROBLEMS_LISTED]:
        print(f"  skipped {skipped.english()}", file=sys.stderr)
    if report.skipped > MAX_PROBLEMS_LISTED:
        print(f"  … and {report.skipped - MAX_PROBLEMS_LISTED} more", file=sys.stderr)
    status = report.status
    if report.pending or (status is not None and status.pending):
        problem = (
            status.problem.user_message.english()
            if status and status.problem
            else "unknown problem"
        )
        raise FailedError(f"NOT saved: {problem}")
    return EXIT_ERROR if report.skipped else 0
