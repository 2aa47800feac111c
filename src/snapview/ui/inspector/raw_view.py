"""The inspector's Raw tab: the document's text, JSON-coloured, with the selected node or a parse
error marked in place (a red wavy underline at the error's position, after sqlitebrowser's
EditDialog).

Only the first ``RAW_LIMIT`` characters are shown and only modest texts are coloured: both run on
the GUI thread (``setPlainText`` of 1 MB blocks it for ~110 ms, measured).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontMetricsF, QGuiApplication, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from snapview.ui.inspector.highlighter import JsonHighlighter

RAW_LIMIT = 256_000  # characters shown in the Raw tab
HIGHLIGHT_LIMIT = 48_000  # colouring runs on the GUI thread, so only for modest documents


class RawView(QPlainTextEdit):
    """Read-only, unwrapped, monospaced JSON text with one mark at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorRaw")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        fixed = QGuiApplication.font()
        fixed.setFamilies(["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"])
        self.setFont(fixed)
        # Vendor samples indent with tabs; Qt's default tab stop (80 px) pushes them off screen.
        self.setTabStopDistance(QFontMetricsF(fixed).horizontalAdvance(" ") * 4)
        self._highlighter: JsonHighlighter | None = None

    def show_text(self, text: str) -> bool:
        """Show ``text`` (its first ``RAW_LIMIT`` characters); True when it was cut."""
        shown = text if len(text) <= RAW_LIMIT else text[:RAW_LIMIT]
        if self._highlighter is not None:
            self._highlighter.setDocument(None)
            self._highlighter = None
        self.setExtraSelections([])
        self.setPlainText(shown)
        if len(shown) <= HIGHLIGHT_LIMIT:
            self._highlighter = JsonHighlighter(self.document(), self.palette())
        return len(text) > RAW_LIMIT

    def mark_error(self, offset: int) -> None:
        """Underline the character at ``offset`` (the one after it at a line end) and centre it."""
        length = len(self.toPlainText())
        if offset > length:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(offset, max(0, length - 1)))
        cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor)
        if not cursor.hasSelection() or cursor.selectedText() in ("", "\u2029"):
            cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, 2)
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor("#d00000"))
        fmt.setBackground(QColor(255, 0, 0, 40))
        self._mark(cursor, fmt)
        self.centerCursor()

    def mark_span(self, start: int, end: int) -> None:
        """Highlight the text of one node and scroll to it."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(min(end, len(self.toPlainText())), QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(self.palette().highlight().color().lighter(170))
        self._mark(cursor, fmt)
        self.ensureCursorVisible()

    def _mark(self, cursor: QTextCursor, fmt: QTextCharFormat) -> None:
        mark = QTextEdit.ExtraSelection()
        mark.format = fmt
        mark.cursor = cursor
        self.setExtraSelections([mark])
        place = QTextCursor(self.document())
        place.setPosition(cursor.anchor())
        self.setTextCursor(place)
