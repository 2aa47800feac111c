"""The inspector's Raw tab: the document's text, JSON-coloured, with the selected node, the current
search match or a parse error marked in place (a red wavy underline at the error's position, after
sqlitebrowser's EditDialog). Lines wrap by default; "Wrap lines" in its context menu turns that off.

Only the first ``RAW_LIMIT`` characters are shown and only modest texts are coloured: both run on
the GUI thread (``setPlainText`` of 1 MB blocks it for ~110 ms, measured). A large document keeps
no more of its source than that head (:meth:`JsonDocument.keep_head`); :attr:`RawView.note` says
so, and says when the selected node lies past it. The wrap choice is kept in the app's settings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFontMetricsF,
    QGuiApplication,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QWidget

from snapview.core.json_document import SHOWN_SOURCE_CHARS, JsonDocument, Path
from snapview.ui.inspector.highlighter import JsonHighlighter

if TYPE_CHECKING:
    from snapview.services.settings import Settings

RAW_LIMIT = SHOWN_SOURCE_CHARS  # characters shown in the Raw tab (and kept of a large document)
SPAN_TEXT_LIMIT = 1_000_000  # positions are found on the GUI thread: only in a text this long
WRAP_KEY = "inspector_raw_wrap"
HIGHLIGHT_LIMIT = 48_000  # colouring runs on the GUI thread, so only for modest documents
KEY_REACH = 16  # whitespace and punctuation allowed between a key's text and its value's span


class RawView(QPlainTextEdit):
    """Read-only, monospaced JSON text with one mark at a time; lines wrap unless turned off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectorRaw")
        self.setReadOnly(True)
        self.wrap_action = QAction(self.tr("&Wrap lines"), self)
        self.wrap_action.setObjectName("inspectorRawWrap")
        self.wrap_action.setCheckable(True)
        self.wrap_action.toggled.connect(self._set_wrap)
        self.wrap_action.setChecked(True)
        fixed = QGuiApplication.font()
        fixed.setFamilies(["Noto Sans Mono CJK SC", "DejaVu Sans Mono", "monospace"])
        self.setFont(fixed)
        # Vendor samples indent with tabs; Qt's default tab stop (80 px) pushes them off screen.
        self.setTabStopDistance(QFontMetricsF(fixed).horizontalAdvance(" ") * 4)
        self._highlighter: JsonHighlighter | None = None
        self._total = 0  # characters in the source whose head is shown
        self.note = QLabel()
        self.note.setObjectName("inspectorRawNote")
        self.note.setWordWrap(True)
        self.note.hide()

    def remember_wrap(self, settings: Settings) -> None:
        """Restore "Wrap lines" from ``settings`` and save it there whenever the user turns it."""
        self.wrap_action.setChecked(settings.get(WRAP_KEY, True) is not False)
        self.wrap_action.toggled.connect(lambda on: settings.set(WRAP_KEY, bool(on)))

    def show_source(self, text: str, total: int) -> None:
        """Show ``text``: a whole source, or the head of one of ``total`` characters."""
        self._total = total
        self.show_text(text)
        self._say_shown()

    def mark_node(self, document: JsonDocument, path: Path, needle: str) -> None:
        """Mark the node at ``path`` of the shown ``document`` (the search text ``needle`` in it
        when not empty), or say that it lies past the part shown."""
        if len(document.text) > SPAN_TEXT_LIMIT:
            return  # a whole large text, not a head: finding positions would freeze the GUI
        span = document.span(path)
        beyond = document.length > RAW_LIMIT and (span is None or span.start >= RAW_LIMIT)
        self._say_shown(beyond)
        if span is None or beyond:
            self.setExtraSelections([])
        elif needle:
            key = path[-1] if path and isinstance(path[-1], str) else None
            self.mark_match(span.start, span.end, needle, key)
        else:
            self.mark_span(span.start, span.end)

    def _say_shown(self, beyond: bool = False) -> None:
        if self._total <= RAW_LIMIT:
            self.note.hide()
            return
        if beyond:
            note = self.tr(
                "The selected node is beyond the first {shown} characters the Raw tab shows;"
                " the tree has it."
            )
        else:
            note = self.tr(
                "The Raw tab shows the first {shown} of {total} characters; the tree has everything."
            )
        self.note.setText(
            note.replace("{shown}", f"{RAW_LIMIT:,}").replace("{total}", f"{self._total:,}")
        )
        self.note.show()

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

    def mark_match(self, start: int, end: int, needle: str, key: str | None) -> None:
        """Highlight the search text ``needle`` in the node spanning ``start``–``end``: in its key (just
        before the span) when ``key`` contains it, else inside the value; the whole node as a fallback.
        """
        text = self.toPlainText()
        pattern = re.compile(re.escape(needle), re.IGNORECASE)
        found = None
        if key is not None and needle in key.casefold():
            reach = max(0, start - len(key) * 6 - KEY_REACH)  # \uXXXX escapes make a key longer
            hits = list(pattern.finditer(text, reach, start))
            found = hits[-1] if hits else None
        if found is None:
            found = pattern.search(text, start, end)
        if found is None:
            self.mark_span(start, end)
        else:
            self.mark_span(found.start(), found.end())
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

    def _set_wrap(self, on: bool) -> None:
        mode = QPlainTextEdit.LineWrapMode.WidgetWidth if on else QPlainTextEdit.LineWrapMode.NoWrap
        self.setLineWrapMode(mode)
        self.ensureCursorVisible()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        menu.setObjectName("inspectorRawMenu")
        menu.addSeparator()
        menu.addAction(self.wrap_action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def showEvent(self, event: QShowEvent) -> None:
        # A mark set while the tab was hidden could not scroll (no viewport size): scroll on show.
        super().showEvent(event)
        self.centerCursor()
