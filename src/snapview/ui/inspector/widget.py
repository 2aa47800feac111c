"""The inspector dock: the JSON behind the loaded Alibaba page or Huawei event, as a tree and raw.

Text is parsed in a worker thread (:class:`snapview.ui.worker.Worker`), so the window keeps
painting while a large document opens. Search filters keys and values (:mod:`.filter`) and shows
the match count; a very large document is searched in the worker and stepped through instead. The
Raw tab shows the source with JSON colouring (:mod:`.highlighter`); a parse error is underlined in
red at its position with a line:column message (after sqlitebrowser's EditDialog).

The inspector is shared: whoever shows a document names itself as its ``owner``
(:meth:`InspectorWidget.show_document`) and hears the user's selection as
``path_activated`` as (path, owner), so a feature acts only on its own documents.
:meth:`InspectorWidget.reveal_path` selects a node from outside without echoing it back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from snapview.core.json_document import (
    JsonDocument,
    JsonSyntaxError,
    Path,
    format_path,
    parse_path,
)
from snapview.core.redaction import redact
from snapview.ui.inspector.filter import MATCH_REVEAL_LIMIT, JsonFilterProxy, count_matches
from snapview.ui.inspector.raw_view import RAW_LIMIT, RawView
from snapview.ui.inspector.tree_model import JsonNode, JsonTreeModel, value_text
from snapview.ui.widgets.labels import make_label
from snapview.ui.worker import Worker

log = logging.getLogger("snapview.inspector")

EXPAND_ALL_LIMIT = 5_000  # nodes "Expand all" will load before it stops
SEARCH_IN_WORKER_CHARS = 1_000_000  # larger documents are searched off the GUI thread

Parsed = JsonDocument | tuple[JsonSyntaxError, str]  # what parsing in the worker hands back


def _parse(data: bytes | str) -> Parsed:
    """Runs in the worker: the document, or the syntax error with the text to show it in."""
    try:
        document = JsonDocument.parse(data)
    except JsonSyntaxError as exc:
        return exc, data if isinstance(data, str) else data.decode("utf-8", errors="replace")
    document.keep_head(RAW_LIMIT)  # the Raw tab shows no more; the tree has everything
    return document


class InspectorWidget(QWidget):
    """Tree + Raw view of one JSON document at a time, on behalf of its :attr:`owner`."""

    # The user selected a node: ("$.a.b[3]", owner of the document). Path first, so slots that
    # take only the path (the callers from before owners, kept working until arch-wiring lands)
    # still get it: Qt passes a slot only as many arguments as it takes.
    path_activated = Signal(str, object)
    document_shown = Signal(str)  # title; after a document (or its parse error) is on screen
    search_finished = Signal(int)  # match count

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.document: JsonDocument | None = None
        self.error: JsonSyntaxError | None = None
        self.title = ""
        self.match_count = 0
        self.owner: object | None = None  # who showed the current document
        self._revealing = False
        # One worker thread: a parse and a search never compete for the GIL with each other.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._parser = Worker(self._pool, self)
        self._searcher = Worker(self._pool, self)
        self._match_paths: list[Path] = []
        self._match_at = -1
        self._match_needle = ""
        self._build()

    # -- construction --

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        self.title_label = make_label(object_name="inspectorTitle", bold=True, wrap=True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title_label)
        self.header_label = make_label(object_name="inspectorHeader", selectable=True, wrap=True)
        self.header_label.setTextFormat(Qt.TextFormat.PlainText)
        self.header_label.hide()
        layout.addWidget(self.header_label)
        self.error_label = make_label(object_name="inspectorError", wrap=True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet(
            "QLabel#inspectorError { color: #b00020; background: #fdecea; border: 1px solid #f5c2c0;"
            " border-radius: 3px; padding: 4px; }"
        )
        self.error_label.hide()
        layout.addWidget(self.error_label)

        search_row = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("inspectorSearch")
        self.search_edit.setPlaceholderText(self.tr("Filter keys and values…"))
        self.search_edit.setClearButtonEnabled(True)
        search_row.addWidget(self.search_edit, 1)
        self.match_label = QLabel()
        self.match_label.setObjectName("inspectorMatches")
        search_row.addWidget(self.match_label)
        self.expand_button = QToolButton()
        self.expand_button.setObjectName("inspectorExpandAll")
        self.expand_button.setText(self.tr("Expand all"))
        search_row.addWidget(self.expand_button)
        self.collapse_button = QToolButton()
        self.collapse_button.setObjectName("inspectorCollapseAll")
        self.collapse_button.setText(self.tr("Collapse all"))
        search_row.addWidget(self.collapse_button)
        layout.addLayout(search_row)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("inspectorTabs")
        self.tabs.setDocumentMode(True)
        self.model = JsonTreeModel(self)
        self.proxy = JsonFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setObjectName("inspectorTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 150)
        header.resizeSection(1, 60)
        self.tabs.addTab(self.tree, self.tr("Tree"))
        self.raw_edit = RawView()
        self.tabs.addTab(self.raw_edit, self.tr("Raw"))
        layout.addWidget(self.tabs, 1)
        self.raw_note = self.raw_edit.note  # what part of the source the Raw tab shows
        layout.addWidget(self.raw_note)

        self._search_timer = QTimer(self)
        self._search_timer.setObjectName("inspectorSearchTimer")
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._search_return)
        self.next_match_action = QAction(self.tr("Next match"), self)
        self.next_match_action.setShortcut(QKeySequence(QKeySequence.StandardKey.FindNext))
        self.next_match_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.next_match_action.triggered.connect(self._search_return)
        self.addAction(self.next_match_action)
        self.expand_button.clicked.connect(self.expand_all)
        self.collapse_button.clicked.connect(self.tree.collapseAll)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.verticalScrollBar().valueChanged.connect(self._load_more_at_end)
        self.tree.expanded.connect(lambda _index: self._load_more_at_end())
        self.tree.customContextMenuRequested.connect(self._context_menu)

        self.copy_value_action = self._tree_action(
            self.tr("Copy &value"), "Ctrl+C", self.copy_value
        )
        self.copy_path_action = self._tree_action(
            self.tr("Copy &path"), "Ctrl+Shift+C", self.copy_path
        )
        self.copy_subtree_action = self._tree_action(
            self.tr("Copy &subtree as JSON"), "Ctrl+Alt+C", self.copy_subtree
        )
        self.show_placeholder()

    def _tree_action(self, text: str, shortcut: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.tree)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.tree.addAction(action)
        return action

    # -- the tree's model: the filter proxy, or the plain model for very large documents --

    def _use_proxy(self, use: bool) -> None:
        """Large documents bypass the proxy: mapping 300,000 inserted rows through it blocked the
        GUI for ~5 s (measured) against ~0.3 s without; their search steps through matches instead."""
        wanted = self.proxy if use else self.model
        if self.tree.model() is wanted:
            return
        self.tree.setModel(wanted)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

    def _to_view(self, index: QModelIndex) -> QModelIndex:
        return self.proxy.mapFromSource(index) if self.tree.model() is self.proxy else index

    def _to_source(self, index: QModelIndex) -> QModelIndex:
        return self.proxy.mapToSource(index) if self.tree.model() is self.proxy else index

    def _load_more_at_end(self, *_args: object) -> None:
        """Qt fetches more rows only for the root; a big expanded array gets its next chunk here when
        its last loaded row scrolls into view."""
        view_model = self.tree.model()
        viewport = self.tree.viewport()
        index = self.tree.indexAt(QPoint(4, viewport.height() - 4))
        if not index.isValid():
            index = view_model.index(view_model.rowCount() - 1, 0)
            while index.isValid() and self.tree.isExpanded(index) and view_model.rowCount(index):
                index = view_model.index(view_model.rowCount(index) - 1, 0, index)
        while index.isValid():
            parent = index.parent()
            if view_model.canFetchMore(parent) and index.row() >= view_model.rowCount(parent) - 50:
                view_model.fetchMore(parent)
                return
            index = parent

    # -- public API --

    def show_placeholder(self) -> None:
        self.owner = None
        self._parser.drop_pending()
        self.title_label.setText(self.tr("Nothing to inspect yet"))
        self.header_label.hide()
        self.error_label.hide()
        self.raw_note.hide()
        self.model.set_value({})
        self.raw_edit.show_source("", 0)

    def show_document(
        self,
        obj_or_text: Any,
        title: str,
        source: str | None = None,
        header: Mapping[str, Any] | None = None,
        *,
        owner: object | None = None,
    ) -> None:
        """Show a document: text/bytes (parsed in a worker), a :class:`JsonDocument`, or any parsed
        JSON value (an API response). ``header`` are envelope fields shown above the tree, redacted.
        ``owner`` (the feature showing it) comes back with every ``path_activated``."""
        self._parser.drop_pending()
        self.owner = owner
        self.title = title
        self.title_label.setText(title if not source else f"{title} — {source}")
        self._set_header(header)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._search_timer.stop()
        self._searcher.drop_pending()
        self.proxy.set_needle("")
        self.match_label.clear()
        if isinstance(obj_or_text, bytes | str):
            self.error_label.hide()
            self.match_label.setText(self.tr("Reading…"))
            data = obj_or_text
            self._parser.run(lambda: _parse(data), self._parsed, self._parse_failed)
            return
        document = (
            obj_or_text
            if isinstance(obj_or_text, JsonDocument)
            else JsonDocument.from_value(obj_or_text)
        )
        self._show_parsed(document)

    def show_error_text(
        self,
        text: str,
        title: str,
        offset: int,
        line: int,
        column: int,
        message: str,
        source: str | None = None,
        *,
        owner: object | None = None,
    ) -> None:
        """Show a text that could not be read, its Raw tab open with the error place underlined."""
        self._parser.drop_pending()
        self.owner = owner
        self.title = title
        self.title_label.setText(title if not source else f"{title} — {source}")
        self._set_header(None)
        self._show_error(JsonSyntaxError(message, line, column, offset), text)

    def reveal_path(self, path: str | Path) -> bool:
        """Select the node at ``path`` (``"$.a.b[3]"`` or a tuple) without emitting ``path_activated``."""
        parts = parse_path(path) if isinstance(path, str) else tuple(path)
        source_index = self.model.ensure_path(parts)
        if not source_index.isValid():
            return False
        proxy_index = self._to_view(source_index)
        if not proxy_index.isValid():
            # The filter hides the node; the user asked for it, so show everything again.
            self.search_edit.clear()
            self._apply_search()
            proxy_index = self._to_view(source_index)
        self._revealing = True
        try:
            self.tree.selectionModel().setCurrentIndex(
                proxy_index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(proxy_index, QAbstractItemView.ScrollHint.PositionAtCenter)
        finally:
            self._revealing = False
        return True

    def current_path(self) -> str | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        return format_path(self.model.node_path(self._to_source(index)))

    def set_search(self, text: str) -> None:
        self.search_edit.setText(text)
        self._apply_search()

    # -- loading --

    def _set_header(self, header: Mapping[str, Any] | None) -> None:
        if not header:
            self.header_label.hide()
            return
        lines = [f"{key}: {value}" for key, value in header.items() if value not in (None, "")]
        self.header_label.setText(redact("\n".join(lines)))
        self.header_label.show()

    def _parsed(self, result: Parsed) -> None:
        self.match_label.clear()
        if isinstance(result, JsonDocument):
            self._show_parsed(result)
        else:
            error, text = result
            self._show_error(error, text)

    def _parse_failed(self, error: Exception) -> None:
        self.match_label.clear()
        self.error_label.setText(
            self.tr("This document could not be read: {error}").replace("{error}", str(error))
        )
        self.error_label.show()
        self.document_shown.emit(self.title)

    def _show_parsed(self, document: JsonDocument) -> None:
        self.document = document
        self.error = None
        self.error_label.hide()
        self._use_proxy(document.length <= SEARCH_IN_WORKER_CHARS)
        self.model.set_value(document.root)
        if self.model.rowCount() <= 50:
            # Open small top-level containers so the event's fields show at once; big ones stay lazy.
            for row in range(self.model.rowCount()):
                index = self.model.index(row, 0)
                if 0 < self.model.node(index).child_count() <= 200:
                    self.tree.expand(self._to_view(index))
        self._set_raw(document.text, document.length)
        self.tabs.setCurrentWidget(self.tree)
        self.document_shown.emit(self.title)

    def _show_error(self, error: JsonSyntaxError, text: str) -> None:
        self.document = None
        self.error = error
        self.model.set_value({})
        self.error_label.setText(
            self.tr("Not valid JSON — line {line}, column {column}: {message}")
            .replace("{line}", str(error.line))
            .replace("{column}", str(error.column))
            .replace("{message}", error.message)
        )
        self.error_label.show()
        self._set_raw(text, len(text))
        # The tab first: a hidden editor has no width to scroll the error place into view.
        self.tabs.setCurrentWidget(self.raw_edit)
        self.raw_edit.mark_error(error.offset)
        self.raw_edit.ensureCursorVisible()
        self.document_shown.emit(self.title)

    def _set_raw(self, text: str, total: int) -> None:
        self.raw_edit.show_source(text, total)

    # -- selection --

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        source = self._to_source(current)
        path = self.model.node_path(source)
        self._mark_raw(path)
        if not self._revealing:
            self.path_activated.emit(format_path(path), self.owner)

    def _mark_raw(self, path: Path) -> None:
        if self.document is None:
            return
        matched = bool(self._match_needle) and path in self._match_paths
        self.raw_edit.mark_node(self.document, path, self._match_needle if matched else "")

    # -- search --

    def _apply_search(self) -> None:
        self._search_timer.stop()
        needle = self.search_edit.text().strip().casefold()
        self._searcher.drop_pending()
        self._match_paths, self._match_at, self._match_needle = [], -1, needle
        if not needle:
            self.proxy.set_needle("")
            self.match_label.clear()
            self.match_count = 0
            self.search_finished.emit(0)
            return
        root = self.model.root_value()
        if self.document is not None and self.document.length > SEARCH_IN_WORKER_CHARS:
            # Walking millions of nodes takes seconds: count in the worker, filter when it is done.
            self.match_label.setText(self.tr("Searching…"))
            self._searcher.run(
                lambda: count_matches(root, needle, MATCH_REVEAL_LIMIT),
                lambda found: self._show_matches(needle, *found),
            )
            return
        self._show_matches(needle, *count_matches(root, needle, MATCH_REVEAL_LIMIT))

    def _show_matches(self, needle: str, count: int, paths: list[Path]) -> None:
        self.match_count = count
        if self.document is not None and self.document.length > SEARCH_IN_WORKER_CHARS:
            # Re-filtering hundreds of thousands of loaded rows would freeze the GUI for seconds
            # (measured 2.9 s on a 50 MB page): step through the matches instead (Enter = next).
            self._match_paths, self._match_at = paths, -1
            if count == 0:
                self.match_label.setText(self.tr("No matches"))
            else:
                self.next_match()
            self.search_finished.emit(count)
            return
        for path in paths:
            self.model.ensure_path(path)  # loads the match's ancestors and its siblings
        self.proxy.set_needle(needle)
        if count == 0:
            self.match_label.setText(self.tr("No matches"))
        elif count > len(paths):
            self.match_label.setText(
                self.tr("{count} matches (first {shown} shown)")
                .replace("{count}", f"{count:,}")
                .replace("{shown}", f"{len(paths):,}")
            )
        else:
            self.match_label.setText(
                self.tr("1 match")
                if count == 1
                else self.tr("{count} matches").replace("{count}", f"{count:,}")
            )
        if count and self.tree.model().rowCount() <= 200:
            self.tree.expandAll()
        self._match_paths = paths
        if count:
            self.next_match()  # selects the first match: the tree and the Raw tab scroll to it
        self.search_finished.emit(count)

    def next_match(self) -> None:
        """Select the next match of the search (Enter in the search box, F3)."""
        if not self._match_paths:
            return
        self._match_at = (self._match_at + 1) % len(self._match_paths)
        self.reveal_path(self._match_paths[self._match_at])
        self.match_label.setText(
            self.tr("match {n} of {count}")
            .replace("{n}", f"{self._match_at + 1:,}")
            .replace("{count}", f"{self.match_count:,}")
        )

    def _search_return(self) -> None:
        needle = self.search_edit.text().strip().casefold()
        if self._match_paths and needle == self._match_needle and not self._search_timer.isActive():
            self.next_match()
        else:
            self._apply_search()

    def expand_all(self) -> None:
        """Expand the tree, loading at most ``EXPAND_ALL_LIMIT`` nodes so a huge document stays usable."""
        loaded = 0
        queue = [QModelIndex()]
        while queue and loaded < EXPAND_ALL_LIMIT:
            parent = queue.pop(0)
            view_model = self.tree.model()
            if view_model.canFetchMore(parent):
                view_model.fetchMore(parent)
            rows = view_model.rowCount(parent)
            loaded += rows
            if parent.isValid():
                self.tree.expand(parent)
            for row in range(rows):
                child = view_model.index(row, 0, parent)
                if view_model.hasChildren(child):
                    queue.append(child)
        if queue:
            self.raw_note.setText(
                self.tr("Expanded the first {count} nodes; expand the rest by hand.").replace(
                    "{count}", f"{loaded:,}"
                )
            )
            self.raw_note.show()

    # -- clipboard --

    def _current_node(self) -> JsonNode | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        return self.model.node(self._to_source(index))

    def copy_value(self) -> None:
        node = self._current_node()
        if node is not None:
            QGuiApplication.clipboard().setText(value_text(node.value))

    def copy_path(self) -> None:
        path = self.current_path()
        if path is not None:
            QGuiApplication.clipboard().setText(path)

    def copy_subtree(self) -> None:
        node = self._current_node()
        if node is None:
            return
        QGuiApplication.clipboard().setText(json.dumps(node.value, ensure_ascii=False, indent=2))

    def _context_menu(self, pos: QPoint) -> None:
        if not self.tree.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.setObjectName("inspectorContextMenu")
        menu.addAction(self.copy_value_action)
        menu.addAction(self.copy_path_action)
        menu.addAction(self.copy_subtree_action)
        menu.addSeparator()
        menu.addAction(self.tr("Expand all"), self.expand_all)
        menu.addAction(self.tr("Collapse all"), self.tree.collapseAll)
        menu.popup(self.tree.viewport().mapToGlobal(pos))
