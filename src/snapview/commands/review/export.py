"""``snapview review export``: CSV, JSON or the PDF contact sheet of a scope (videos, dates)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from snapview.commands.review.cloud import Listings
from snapview.commands.review.store_access import (
    FailedError,
    UsageError,
    collect,
    note,
    open_store_for,
    settings,
)

if TYPE_CHECKING:
    from snapview.core.review.report import ReportScope


def parse_date(text: str, option: str, *, end: bool = False) -> datetime:
    """A date or time from the command line in local time unless a zone is given; a plain date
    as ``--until`` means the end of that day."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d")
            moment = day + timedelta(days=1) if end else day
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{option}: {text!r} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00]"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


async def export(args: argparse.Namespace) -> int:
    from snapview.core.review.report import ReportScope

    since = parse_date(args.since, "--since") if args.since else None
    until = parse_date(args.until, "--until", end=True) if args.until else None
    if since and until and since >= until:
        raise UsageError(f"--since {args.since} is not before --until {args.until}")
    if args.output == "-" and args.format == "pdf":
        raise UsageError("a PDF needs a file: -o report.pdf")
    output = _output_path(args.output)
    scope = ReportScope(tuple(v.strip() for v in args.video_ids), since, until)
    if args.format == "pdf":
        assert output is not None
        return await _export_pdf(args, scope, output)
    from snapview.services.reports.tabular import csv_text, json_text, write_csv, write_json

    report = await collect(args, scope, include_cleared=args.format == "json")
    translate = _translator(args) if args.format == "csv" else None
    if output is None:
        sys.stdout.write(
            json_text(report) if args.format == "json" else csv_text(report, translate or _english)
        )
    else:
        try:
            if args.format == "json":
                write_json(report, output)
            else:
                write_csv(report, output, translate or _english)
        except OSError as exc:
            raise FailedError(f"cannot write {output}: {exc.strerror or exc}") from None
    count = report.decision_count
    if not count:
        note(args, "no decisions in this scope; the file has none")
    elif output is not None:
        print(f"{count} decisions of {len(report.videos)} videos written to {output}")
    return 0


def _output_path(text: str) -> Path | None:
    if text == "-":
        return None
    output = Path(text).expanduser()
    if not output.parent.is_dir():
        raise UsageError(f"the folder of {output} does not exist")
    return output


def _english(message: Any) -> str:
    return str(message.english())


def _translator(args: argparse.Namespace) -> Any:
    """Labels in the chosen language (Qt's translator, without any window)."""
    language = language_of(args)
    if language == "en":
        return _english
    _gui_application(language)
    from snapview.services.reports.pdf_sheet import tr

    return tr


def language_of(args: argparse.Namespace) -> str:
    """The language of the words a command prints or writes: ``--lang``, else the settings'."""
    from snapview.core.language import LanguageError
    from snapview.ui.shell.language import resolve_language

    try:
        return str(resolve_language(args.lang, settings()))
    except LanguageError as exc:
        raise UsageError(str(exc)) from None


def _gui_application(language: str) -> Any:
    """The QGuiApplication fonts and translators need (offscreen: no display is required)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication

    from snapview.ui.shell.language import install_translators

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["snapview"])
        # A corrupt snapshot makes Qt's JPEG reader warn on stderr; the sheet already says so on
        # its tile, so those lines go to the debug log instead of the user's terminal.
        qInstallMessageHandler(_qt_message)
    install_translators(app, language)
    return app


def _qt_message(kind: Any, context: Any, text: str) -> None:
    import logging

    from PySide6.QtCore import QtMsgType

    category = str(getattr(context, "category", "") or "")
    quiet = category.startswith("qt.gui.imageio") or kind == QtMsgType.QtDebugMsg
    logging.getLogger("snapview.qt").log(
        logging.DEBUG if quiet else logging.WARNING, "%s: %s", category or "qt", text
    )


async def _export_pdf(args: argparse.Namespace, scope: ReportScope, output: Path) -> int:
    from snapview.services.reports.pdf_export import export_pdf
    from snapview.services.review_store.interface import DecisionQuery
    from snapview.services.review_store.reviewer import reviewer_name

    app = _gui_application(language_of(args))
    del app  # kept alive by Qt; fonts and translators need it for the whole export
    store = await open_store_for(args)
    try:
        async with Listings(args) as listings:
            query = DecisionQuery(
                video_ids=scope.video_ids, since=scope.since, until=scope.until,
                include_cleared=False,
            )  # fmt: skip
            videos = await store.videos(query)
            await listings.prepare(
                {v.account.provider for v in videos},
                {v.account.provider: v.account.region for v in videos},
            )
            for provider, why in sorted(listings.problems.items()):
                note(args, f"no {provider} pictures ({why}); their tiles show placeholders")
            try:
                result = await export_pdf(
                    store, scope, output, generated_by=reviewer_name(settings()),
                    open_listing=listings.open if listings.clients else None,
                )  # fmt: skip
            except OSError as exc:
                raise FailedError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        await store.aclose()
    stats = result.stats
    if not stats.cjk_font:
        note(args, "the Noto Sans CJK font is missing (fonts-noto-cjk); Chinese text may not show")
    if not result.report.decision_count:
        note(args, "no decisions in this scope; the PDF has the summary page only")
    print(
        f"{stats.tiles} snapshots of {len(result.report.videos)} videos on {stats.pages} pages "
        f"written to {output} ({stats.tiles - stats.placeholders} pictures, "
        f"{stats.placeholders} placeholders)"
    )
    return 0
