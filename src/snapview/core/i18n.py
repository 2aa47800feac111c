"""Translatable messages from code that must not import Qt (core, services, emulator).

Mark text with ``QT_TRANSLATE_NOOP("Context", "text")`` so ``pyside6-lupdate`` extracts it, and carry
it as a :class:`Message` (template + named parameters). The UI turns it into the user's language with
``snapview.ui.tr.tr_message``; the CLI and logs use :meth:`Message.english`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for extraction into the ``context`` of the translation files; returns it unchanged."""
    del context
    return text


@dataclass(frozen=True, slots=True)
class Message:
    """A user-facing sentence: ``template`` uses ``{name}`` placeholders filled from ``params``."""

    context: str
    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self.template.format(**self.params) if self.params else self.template

    def __str__(self) -> str:
        return self.english()
