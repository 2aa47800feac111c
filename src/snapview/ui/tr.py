"""User text in the interface language: :class:`~snapview.core.i18n.Message` values from core and
services, any exception a user should read about, and placeholders in ``self.tr(...)`` templates.

Translators sometimes leave a stray brace in a template, so :func:`tr_format` fills ``{name}``
placeholders one by one instead of calling ``str.format`` on translated text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from snapview.core.errors import describe
from snapview.core.i18n import Message


def tr_format(text: str, **params: object) -> str:
    """``text`` (already translated, e.g. ``self.tr("Loading {video}…")``) with each ``{name}``
    replaced by ``str(params[name])``."""
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def tr_message(message: Message) -> str:
    """The message in the interface language, with its parameters filled in."""
    template = QCoreApplication.translate(message.context, message.template)
    return template.format(**message.params) if message.params else template


def tr_error(error: BaseException) -> str:
    """The sentence for any exception (:func:`snapview.core.errors.describe`), translated."""
    return tr_message(describe(error))
