"""File → Import Decisions… (also in the Review menu): merge a JSON file another reviewer exported
into the app's review store, the way ``snapview review import`` does (the same
:func:`~snapview.services.reports.importer.import_file`: the newer decision of each snapshot
becomes current, the older one stays in the history). Reading, parsing and writing run off the GUI
thread; the window stays usable meanwhile. A window-modal message box (opened, never ``exec``-ed)
then says what happened in the CLI's counts — how many were read, how many are now current, how
many older ones left the reviewer's own decision in place, which rows were skipped and why — or,
for a file that cannot be imported at all, the specific reason, with nothing changed. When the
video on screen was among them, its tiles, filter and counts are redrawn from the store.
"""

from __future__ import annotations

import asyncio
import errno
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from snapview.core.errors import UserFacingError
from snapview.core.review.interchange import ImportFileError
from snapview.services.app_services import AppServices
from snapview.services.reports.importer import ImportReport, import_file
from snapview.services.review_store.interface import ReviewStoreError
from snapview.ui.review.binding import ReviewBinding
from snapview.ui.tr import tr_format, tr_message

log = logging.getLogger("snapview.review")

PROBLEMS_SHOWN = 3  # in the sentence; the rest are behind "Show Details…"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What the message box says: a headline, the lines under it, and every skipped row."""

    icon: QMessageBox.Icon
    text: str
    informative: str = ""
    details: str = ""


class ImportControl(QObject):
    """The Import Decisions… action, its file dialog, the background import and its message."""

    def __init__(self, window: QWidget, services: AppServices, binding: ReviewBinding) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.binding = binding
        self.action = QAction(self.tr("&Import Decisions…"), window)
        self.action.setObjectName("action_review_import")
        self.action.setStatusTip(
            self.tr("Merge decisions another reviewer exported as JSON; the newer decision wins")
        )
        self.action.triggered.connect(self.choose)
        self.task: asyncio.Task[ImportSummary] | None = None
        self.message_box: QMessageBox | None = None
        self._folder = ""

    def choose(self) -> None:
        """Ask for the file (the documents folder first, then wherever the last one was)."""
        folder = self._folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import Review Decisions"),
            folder,
            self.tr("Review exports (*.json);;All files (*)"),
        )
        if name:
            self.start(Path(name))

    def start(self, path: Path) -> asyncio.Task[ImportSummary]:
        self._folder = str(path.parent)
        self.action.setEnabled(False)  # one import at a time
        self.window_status(tr_format(self.tr("Importing {file}…"), file=path.name))
        self.task = self.services.tasks.spawn(self._run(path), name="review-import", replace=True)
        return self.task

    async def _run(self, path: Path) -> ImportSummary:
        try:
            summary = await self._import(path)
        finally:
            self.action.setEnabled(True)
        self.window_status("")
        self._show(summary)
        return summary

    async def _import(self, path: Path) -> ImportSummary:
        failed = self.tr("Nothing was imported from {file}.")
        try:
            store = await self.binding.store()
            # The box's headline names the folder-less name too; a full path would wrap in it.
            report = await import_file(store, path, path.name)
        except ImportFileError as exc:  # not JSON, not an export, no decisions list
            return self._failure(failed, path, tr_message(exc.user_message))
        except OSError as exc:
            log.info("cannot read the import file %s: %s", path, exc)
            return self._failure(failed, path, self._unreadable(path, exc))
        except UserFacingError as exc:  # the store cannot be opened
            return self._failure(failed, path, tr_message(exc.user_message))
        if report.current or report.overrides:
            await self._refresh_screen()
        return self.summarize(path, report)

    def _failure(self, headline: str, path: Path, why: str) -> ImportSummary:
        return ImportSummary(QMessageBox.Icon.Critical, tr_format(headline, file=path.name), why)

    def _unreadable(self, path: Path, exc: OSError) -> str:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            reason = self.tr("the file does not exist")
        elif exc.errno in (errno.EACCES, errno.EPERM):
            reason = self.tr("you may not read it")
        elif exc.errno == errno.EISDIR:
            reason = self.tr("it is a folder")
        else:
            reason = exc.strerror or type(exc).__name__
        return tr_format(
            self.tr("The file {path} could not be read: {reason}."), path=str(path), reason=reason
        )

    async def _refresh_screen(self) -> None:
        """The store's write events already repainted the decisions on the board; reading the
        set again also brings the verdict, the filter and the counts (and the list's progress)."""
        session = self.binding.session
        if session is None:
            return
        try:
            await session.reload()
        except ReviewStoreError as exc:
            log.info("no reload after the import: %s", exc)
            return
        if self.binding.session is session:
            self.binding.session_changed.emit()

    # -- saying what happened --------------------------------------------------------------------

    def summarize(self, path: Path, report: ImportReport) -> ImportSummary:
        """The message of one import, in the counts ``snapview review import`` prints."""
        parts = [tr_format(self.tr("{count} now current"), count=f"{report.current:,}")]
        if report.older:
            parts.append(
                tr_format(
                    self.tr("{count} older than yours (yours kept; theirs in the history)"),
                    count=f"{report.older:,}",
                )
            )
        if report.known:
            parts.append(tr_format(self.tr("{count} already here"), count=f"{report.known:,}"))
        if report.overrides:
            parts.append(
                tr_format(self.tr("{count} video verdicts"), count=f"{report.overrides:,}")
            )
        text = tr_format(
            self.tr("Imported {rows} decisions from {file} ({parts})."),
            rows=f"{report.rows:,}",
            file=path.name,
            parts=self.tr(", ").join(parts),
        )
        lines = [tr_message(note) for note in report.notes]  # e.g. written by a newer snapview
        problems = [f"{p.where}: {tr_message(p.message)}" for p in report.problems]
        if problems:
            # One row per line: each reason is a sentence of its own (with its full stop).
            shown = [f"• {problem}" for problem in problems[:PROBLEMS_SHOWN]]
            more = len(problems) - PROBLEMS_SHOWN
            if more > 0:
                shown.append(tr_format(self.tr("… and {count} more"), count=f"{more:,}"))
            lines.append(
                tr_format(
                    self.tr("{count} rows skipped:\n{reasons}"),
                    count=f"{len(problems):,}",
                    reasons="\n".join(shown),
                )
            )
        status = report.status
        if report.pending or (status is not None and status.pending):
            problem = (
                tr_message(status.problem.user_message)
                if status is not None and status.problem is not None
                else ""
            )
            lines.append(
                tr_format(
                    self.tr(
                        "Not saved yet: {problem} The decisions are kept and written as soon as "
                        "the review store can be written."
                    ),
                    problem=problem,
                )
            )
        warn = bool(problems or report.notes or report.pending)
        return ImportSummary(
            QMessageBox.Icon.Warning if warn else QMessageBox.Icon.Information,
            text,
            "\n\n".join(lines),
            "\n".join(problems) if len(problems) > PROBLEMS_SHOWN else "",
        )

    def _show(self, summary: ImportSummary) -> None:
        if self.message_box is not None:
            self.message_box.close()
        box = QMessageBox(self.window)
        box.setObjectName("reviewImportMessage")
        box.setWindowTitle(self.tr("Import Review Decisions"))
        box.setIcon(summary.icon)
        box.setText(summary.text)
        box.setInformativeText(summary.informative)
        if summary.details:
            box.setDetailedText(summary.details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.message_box = box
        box.open()  # window-modal, and the event loop (the store's writes) keeps running

    def window_status(self, text: str) -> None:
        show = getattr(self.window, "show_status", None)
        if show is not None:
            show(text)
