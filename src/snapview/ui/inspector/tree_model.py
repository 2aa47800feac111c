"""The inspector's tree: a JSON document as Key / Type / Value rows, in the document's key order.

Children are made on demand (``hasChildren`` + ``canFetchMore`` / ``fetchMore`` per parent, a
chunk at a time), so a 50 MB document costs only what the user expands, and a 300,000-item array
is not turned into rows at once. :meth:`JsonTreeModel.ensure_path` loads what lies on the way to
one node, for selecting it from elsewhere.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from snapview.core.json_document import Path, PathPart, format_path, json_type
from snapview.ui.inspector.filter import SEARCH_ROLE, scalar_text

ModelIndex = QModelIndex | QPersistentModelIndex

VALUE_PREVIEW = 300
FETCH_CHUNK = 1_000  # children turned into rows per fetchMore; more load as the user scrolls


class JsonNode:
    """One value of the document and where it sits; its children exist once they were shown."""

    __slots__ = ("by_key", "children", "key", "keys", "parent", "row", "value")

    def __init__(self, parent: JsonNode | None, key: PathPart | None, value: Any, row: int) -> None:
        self.parent = parent
        self.key = key
        self.value = value
        self.row = row
        self.children: list[JsonNode] | None = None
        self.by_key: dict[str, int] | None = None  # key -> row, for dicts
        self.keys: list[str] | None = None

    @property
    def is_container(self) -> bool:
        return isinstance(self.value, dict | list)

    def child_count(self) -> int:
        return len(self.value) if self.is_container else 0

    def path(self) -> Path:
        parts: list[PathPart] = []
        node: JsonNode | None = self
        while node is not None and node.key is not None:
            parts.append(node.key)
            node = node.parent
        return tuple(reversed(parts))


def value_preview(value: Any) -> str:
    """The Value column: a scalar as text (cut at ``VALUE_PREVIEW``), a container's size and a peek."""
    if isinstance(value, dict):
        # A peek at the first scalar members tells array items apart ("Index: 7 · Url: …").
        peek = [
            f"{k}: {value_preview(v)[:60]}"
            for k, v in itertools.islice(value.items(), 3)  # not a copy of a 300,000-key object
            if not isinstance(v, dict | list)
        ]
        return f"{{{len(value)}}}" + (f"  {' · '.join(peek)}" if peek else "")
    if isinstance(value, list):
        return f"[{len(value)}]"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > VALUE_PREVIEW:
        text = text[:VALUE_PREVIEW] + "…"
    return text.replace("\n", "⏎")


def value_text(value: Any) -> str:
    """What "Copy value" puts on the clipboard: strings bare, everything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(
        value, ensure_ascii=False, indent=2 if isinstance(value, dict | list) else None
    )


class JsonTreeModel(QAbstractItemModel):
    """Key / Type / Value columns over a parsed document, children created on demand."""

    COLUMNS = ("key", "type", "value")
    # Roles are documented by the string after them: lupdate would take "#:" for a translator note.
    PathRole = int(Qt.ItemDataRole.UserRole) + 1
    """Role returning the node's path as text ("$.thumbnail_info.sample[2]")."""
    SearchRole = SEARCH_ROLE
    """Role returning what search looks at: an object key and, for a scalar, its value as text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = JsonNode(None, None, {}, 0)
        self._scalar_root = False  # the document is one scalar, shown as a single "$" row
        self._headers = (self.tr("Key"), self.tr("Type"), self.tr("Value"))

    # -- content --

    def set_value(self, value: Any) -> None:
        self.beginResetModel()
        # A scalar document still shows as one row, so there is always something to select.
        holder = value if isinstance(value, dict | list) else {"$": value}
        self._root = JsonNode(None, None, holder, 0)
        self._scalar_root = not isinstance(value, dict | list)
        self._materialise(self._root)  # the top level is always on screen
        self.endResetModel()

    def root_value(self) -> Any:
        return self._root.value

    def node(self, index: ModelIndex) -> JsonNode:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        assert isinstance(node, JsonNode)
        return node

    def node_path(self, index: ModelIndex) -> Path:
        path = self.node(index).path()
        return () if self._scalar_root and path == ("$",) else path

    def _next_chunk(self, node: JsonNode) -> list[JsonNode]:
        """The next ``FETCH_CHUNK`` children of ``node`` as nodes (not yet inserted)."""
        loaded = node.children or []
        start = len(loaded)
        value = node.value
        if isinstance(value, dict):
            keys = node.keys if node.keys is not None else list(value)
            node.keys = keys
            return [
                JsonNode(node, k, value[k], i)
                for i, k in enumerate(keys[start : start + FETCH_CHUNK], start)
            ]
        if isinstance(value, list):
            return [
                JsonNode(node, i, v, i)
                for i, v in enumerate(value[start : start + FETCH_CHUNK], start)
            ]
        return []

    def _materialise(self, node: JsonNode) -> list[JsonNode]:
        if node.children is None:
            node.children = self._next_chunk(node)
        return node.children

    def is_fetched(self, node: JsonNode) -> bool:
        return not node.is_container or (
            node.children is not None and len(node.children) >= node.child_count()
        )

    def ensure_path(self, path: Path) -> QModelIndex:
        """Load every node along ``path`` and return its index (invalid if there is no such node)."""
        if self._scalar_root and path == ():
            path = ("$",)
        index = QModelIndex()
        node = self._root
        for part in path:
            value = node.value
            if isinstance(value, list):
                if not isinstance(part, int) or not 0 <= part < len(value):
                    return QModelIndex()
                position = part
            elif isinstance(value, dict):
                if not isinstance(part, str) or part not in value:
                    return QModelIndex()
                if node.keys is None:
                    node.keys = list(value)
                if node.by_key is None or len(node.by_key) != len(node.keys):
                    node.by_key = {k: i for i, k in enumerate(node.keys)}
                position = node.by_key[part]
            else:
                return QModelIndex()
            while len(node.children or []) <= position:
                self.fetchMore(index)
            child = (node.children or [])[position]
            node = child
            index = self.createIndex(child.row, 0, child)
        return index

    # -- QAbstractItemModel --

    def index(
        self,
        row: int,
        column: int,
        parent: ModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        node = self.node(parent)
        children = node.children
        if children is None or not 0 <= row < len(children) or not 0 <= column < 3:
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        children = self.node(parent).children
        return len(children) if children is not None else 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 3

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return False
        return self.node(parent).child_count() > 0

    def canFetchMore(self, parent: ModelIndex) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        return not self.is_fetched(self.node(parent))

    def fetchMore(self, parent: ModelIndex) -> None:
        """Load the next chunk of children: a 300,000-item array is not turned into rows at once."""
        node = self.node(parent)
        if self.is_fetched(node):
            return
        if parent.isValid() and parent.column() != 0:
            parent = self.index(parent.row(), 0, parent.parent())
        chunk = self._next_chunk(node)
        if not chunk:
            return
        start = len(node.children or [])
        self.beginInsertRows(parent, start, start + len(chunk) - 1)
        if node.children is None:
            node.children = chunk
        else:
            node.children.extend(chunk)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < 3
        ):
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self.node(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"[{node.key}]" if isinstance(node.key, int) else str(node.key)
            if column == 1:
                return json_type(node.value)
            return value_preview(node.value)
        if role == Qt.ItemDataRole.ToolTipRole and column == 2 and not node.is_container:
            text = value_text(node.value)
            return text if len(text) <= 2000 else text[:2000] + "…"
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor("#808080")
        if role == self.PathRole:
            return format_path(self.node_path(index))
        if role == self.SearchRole:
            # What search looks at: object keys (not array positions) and scalar values.
            key = node.key if isinstance(node.key, str) else ""
            return key if node.is_container else f"{key}\n{scalar_text(node.value)}"
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
