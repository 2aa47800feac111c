"""Qt-side translation of :class:`snapview.core.i18n.Message` values."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from snapview.core.i18n import Message


def tr_message(message: Message) -> str:
    """The message in the interface language, with its parameters filled in."""
    template = QCoreApplication.translate(message.context, message.template)
    return template.format(**message.params) if message.params else template
