"""``snapview review import``: merge an exported JSON into the store and say what happened.

A file that cannot be imported at all is refused in the user's language (``--lang``, else the
language setting, else the system's), as the app's Import dialog words it; the counts stay English
(scripts read them)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from snapview.commands.review.store_access import (
    EXIT_ERROR,
    FailedError,
    UsageError,
    note,
    open_store_for,
)

if TYPE_CHECKING:
    from snapview.core.i18n import Message


def _in_language(args: argparse.Namespace, message: Message) -> str:
    from snapview.commands.review.export import language_of

    language = language_of(args)
    if language == "en":
        return message.english()
    # Qt's translator needs an application object; a core one (no display, no window) will do.
    from PySide6.QtCore import QCoreApplication

    from snapview.ui.shell.language import install_translators
    from snapview.ui.tr import tr_message

    app = QCoreApplication.instance() or QCoreApplication(["snapview"])
    install_translators(app, language)
    return tr_message(message)


async def merge(args: argparse.Namespace) -> int:
    from snapview.core.review.interchange import MAX_PROBLEMS_LISTED, ImportFileError
    from snapview.services.reports.importer import import_file

    path = Path(args.file)  # run() expanded "~"
    store = await open_store_for(args)
    try:
        try:
            report = await import_file(store, path)
        except ImportFileError as exc:
            message = exc.user_message
            text = _in_language(args, message)
            # A sentence that names the file itself ("notes.txt is not JSON…") gets no prefix.
            raise UsageError(text if "file" in message.params else f"{path}: {text}") from None
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
