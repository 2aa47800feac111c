"""The Help menu's own commands: Keyboard Shortcuts (F1), Where is the log, and Report a problem…
(the redacted diagnostic bundle of :mod:`snapview.services.diagnostics`, saved where the user says).

They go above "About snapview". Each dialog is built when it is asked for, so the shortcut list is
the window's shortcuts of that moment. Tests replace :attr:`HelpMenu.choose_report_path` (the save
dialog) and :attr:`HelpMenu.open_folder` (the desktop's file manager).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from snapview.services import diagnostics
from snapview.services.settings import Settings
from snapview.ui.shell.actions import ActionId
from snapview.ui.shell.shortcuts_dialog import ShortcutsDialog
from snapview.ui.tr import tr_format, tr_message

if TYPE_CHECKING:
    from snapview.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


def _open_with_desktop(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class HelpMenu(QObject):
    """Adds the three commands to ``window``'s Help menu and runs them (a child of the window, so
    it lives as long as its menu entries)."""

    def __init__(self, window: MainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.setObjectName("helpMenu")
        self.window = window
        self.settings = settings
        self.choose_report_path: Callable[[Path], Path | None] = self._ask_report_path
        self.open_folder: Callable[[Path], bool] = _open_with_desktop
        self.dialog: ShortcutsDialog | QMessageBox | None = None
        about = window.action(ActionId.ABOUT)
        shortcuts = self._add(
            ActionId.SHORTCUTS, self.tr("&Keyboard Shortcuts"), QKeySequence("F1")
        )
        shortcuts.triggered.connect(self.show_shortcuts)
        where = self._add(ActionId.LOG_LOCATION, self.tr("Where Is the &Log?"))
        where.triggered.connect(self.show_log_location)
        report = self._add(ActionId.REPORT_PROBLEM, self.tr("&Report a Problem…"))
        report.triggered.connect(self.report_problem)
        menu = window.help_menu
        menu.insertActions(about, [shortcuts, where, report])
        menu.insertSeparator(about)

    def _add(self, key: ActionId, text: str, keys: QKeySequence | None = None) -> QAction:
        action = QAction(text, self.window)
        if keys is not None:
            action.setShortcut(keys)
        return self.window.add_action(key, action)

    # -- Keyboard Shortcuts -----------------------------------------------------------------------

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self.window)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- Where is the log -------------------------------------------------------------------------

    def show_log_location(self) -> QMessageBox:
        folder = diagnostics.log_folder()
        box = QMessageBox(self.window)
        box.setObjectName("logLocationBox")
        box.setWindowTitle(self.tr("Where Is the Log?"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(
            tr_format(
                self.tr(
                    "snapview writes its log to this folder ({file}, with older copies beside it). "
                    "Keys and secrets are never written to it."
                ),
                file=diagnostics.LOG_FILE_NAME,
            )
        )
        box.setInformativeText(QDir.toNativeSeparators(str(folder)))
        open_button = box.addButton(self.tr("Open Folder"), QMessageBox.ButtonRole.ActionRole)
        open_button.setObjectName("openLogFolder")
        copy_button = box.addButton(self.tr("Copy Path"), QMessageBox.ButtonRole.ActionRole)
        copy_button.setObjectName("copyLogPath")
        box.addButton(QMessageBox.StandardButton.Close)
        # Action buttons close the box by default; these two keep it open and report in it.
        open_button.clicked.disconnect()
        copy_button.clicked.disconnect()
        open_button.clicked.connect(lambda: self._open_log_folder(box, folder))
        copy_button.clicked.connect(lambda: self._copy_path(box, folder))
        self.dialog = box
        box.open()
        return box

    def _open_log_folder(self, box: QMessageBox, folder: Path) -> None:
        if not self.open_folder(folder):
            QGuiApplication.clipboard().setText(str(folder))
            box.setInformativeText(
                tr_format(
                    self.tr(
                        "{folder}\n\nNo file manager could be opened on this desktop; the path "
                        "was copied to the clipboard instead."
                    ),
                    folder=QDir.toNativeSeparators(str(folder)),
                )
            )

    def _copy_path(self, box: QMessageBox, folder: Path) -> None:
        QGuiApplication.clipboard().setText(str(folder))
        self.window.show_status(self.tr("Log folder path copied."))

    # -- Report a problem -------------------------------------------------------------------------

    def _ask_report_path(self, suggested: Path) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Save Diagnostic Report"),
            str(suggested),
            self.tr("Zip archive (*.zip);;Text file (*.txt)"),
        )
        return Path(chosen) if chosen else None

    def report_problem(self) -> Path | None:
        """Ask where, write the redacted bundle there, and say what happened."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        suggested = Path(QDir.homePath()) / f"snapview-report-{stamp}.zip"
        path = self.choose_report_path(suggested)
        if path is None:
            return None
        if path.suffix.casefold() not in (".zip", ".txt"):
            path = path.with_name(path.name + ".zip")
        bundle = diagnostics.collect(diagnostics.read_settings(self.settings.path))
        try:
            diagnostics.write_bundle(path, bundle)
        except diagnostics.DiagnosticsWriteError as exc:
            log.warning("diagnostic report not written: %s", exc.error)
            self._message(
                QMessageBox.Icon.Warning,
                self.tr("Report Not Saved"),
                tr_message(exc.user_message),
            )
            return None
        log.info("diagnostic report written to %s", path)
        self._message(
            QMessageBox.Icon.Information,
            self.tr("Report Saved"),
            tr_format(
                self.tr(
                    "The diagnostic report was saved to {path}.\n\nIt holds the version, the "
                    "platform, the settings and the last log lines, with every key and secret "
                    "removed. Read it before you send it."
                ),
                path=QDir.toNativeSeparators(str(path)),
            ),
        )
        return path

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("reportProblemBox")
        self.dialog = box
        box.open()
