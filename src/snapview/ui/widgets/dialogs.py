"""Showing a dialog without blocking: ``open()``, never ``exec()`` (a nested event loop breaks
qasync, CRAFT practice 10), with the Python object kept alive until the dialog has finished."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog


def open_dialog(dialog: QDialog, keep: list[QDialog]) -> None:
    """Open ``dialog``; it stays in ``keep`` (the owner's list) until it finishes."""
    keep.append(dialog)
    dialog.finished.connect(lambda _result: keep.remove(dialog) if dialog in keep else None)
    dialog.open()
