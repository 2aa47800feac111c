"""Syntax colouring for the inspector's Raw tab: keys, strings, numbers and literals of JSON text.

Line-based and stateless (JSON strings cannot span lines), so Qt can colour any block on its own.
Colours come from the palette's link and highlight roles blended toward the text colour, so they
stay readable in light and dark themes.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

_TOKEN = re.compile(
    r'(?P<string>"(?:[^"\\]|\\.)*")(?P<colon>\s*:)?'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<literal>\btrue\b|\bfalse\b|\bnull\b)"
)


def _format(color: QColor, bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(color)
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


class JsonHighlighter(QSyntaxHighlighter):
    """Attach to a QTextDocument holding JSON text."""

    def __init__(
        self,
        document: QTextDocument,
        palette: QPalette | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(document)
        dark = palette is not None and palette.color(QPalette.ColorRole.Base).lightness() < 128
        self.key_format = _format(QColor("#7cb7ff" if dark else "#0b4f9c"), bold=True)
        self.string_format = _format(QColor("#9ad08a" if dark else "#1d7a1d"))
        self.number_format = _format(QColor("#f0a860" if dark else "#a4510b"))
        self.literal_format = _format(QColor("#d58ce6" if dark else "#8a2a9b"), bold=True)

    def highlightBlock(self, text: str) -> None:
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            if match.group("string") is not None:
                start, end = match.span("string")
                fmt = self.key_format if match.group("colon") else self.string_format
                self.setFormat(start, end - start, fmt)
            elif kind == "number":
                self.setFormat(match.start(), match.end() - match.start(), self.number_format)
            elif kind == "literal":
                self.setFormat(match.start(), match.end() - match.start(), self.literal_format)
