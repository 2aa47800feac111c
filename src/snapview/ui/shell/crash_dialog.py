"""The dialog shown when something unexpected fails: a plain sentence, the redacted details, and
where the log file is. Never modal-blocking (``open()``), so a coroutine can never be stuck in it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from snapview.core.redaction import redact
from snapview.ui.tr import tr_format


def show_crash_dialog(
    parent: QWidget | None, summary: str, details: str, log_file: str | None
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("crashDialog")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("CrashDialog", "snapview — unexpected error"))
    text = tr_format(
        QCoreApplication.translate("CrashDialog", "Something went wrong: {summary}"),
        summary=redact(summary),
    )
    box.setText(text)
    info = QCoreApplication.translate(
        "CrashDialog", "Your work is kept. The details below were also written to the log."
    )
    if log_file:
        info += "\n" + tr_format(
            QCoreApplication.translate("CrashDialog", "Log file: {path}"), path=log_file
        )
    box.setInformativeText(info)
    box.setDetailedText(redact(details))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.open()
    return box
