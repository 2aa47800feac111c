"""The library's category filter as a tree in a drop-down: "All categories", then the top level,
each node expandable in the popup; the children of a node the provider loads one level at a time
(Alibaba ``GetCategories`` with ``CateId``) are asked for only when the node is first expanded.

A node that may have children gets a "Loading…" placeholder child, so the tree shows its expander;
expanding emits :attr:`CategoryCombo.children_wanted` with the category ID, and the feature answers
with :meth:`CategoryCombo.set_children` (an empty answer removes the expander; a failure says so in
the placeholder). Clicking the expander expands or collapses without choosing; clicking a name
chooses it and closes the popup. ``currentData()`` is the chosen category ID (None: all).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QTreeView, QWidget

from snapview.core.library import Category

ID_ROLE = Qt.ItemDataRole.UserRole
PLACEHOLDER_ROLE = Qt.ItemDataRole.UserRole + 1  # a "Loading…" row, never choosable
POPUP_ROWS = 16


class CategoryCombo(QComboBox):
    """A category drop-down with a lazily filled tree (see the module docstring)."""

    children_wanted = Signal(int)  # a category ID whose children are not loaded yet

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree_model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.setModel(self.tree_model)
        self.setView(self.tree)
        self.setMaxVisibleItems(POPUP_ROWS)
        self.tree.expanded.connect(self._expanded)
        # Installed after the popup's own filter, so it runs first and keeps expander clicks.
        self.tree.viewport().installEventFilter(self)
        self._items: dict[int, QStandardItem] = {}
        self.set_categories(())

    # -- content ----------------------------------------------------------------------------------

    def set_categories(self, categories: tuple[Category, ...]) -> None:
        """The top level (Huawei's arrive as whole subtrees); the choice is kept when still there."""
        current = self.currentData()
        self.blockSignals(True)
        self.tree_model.clear()
        self._items = {}
        every = QStandardItem(self.tr("All categories"))
        every.setData(None, ID_ROLE)
        self.tree_model.appendRow(every)
        root = self.tree_model.invisibleRootItem()
        for category in categories:
            root.appendRow(self._item(category))
        self.setCurrentIndex(0)
        if isinstance(current, int) and current in self._items:
            self.select(current)
        self.blockSignals(False)

    def set_children(self, parent_id: int, children: tuple[Category, ...]) -> None:
        """The loaded children of ``parent_id`` in place of its placeholder."""
        parent = self._items.get(parent_id)
        if parent is None:
            return
        parent.removeRows(0, parent.rowCount())
        for child in children:
            parent.appendRow(self._item(child))

    def set_children_failed(self, parent_id: int, text: str) -> None:
        """Say in the placeholder that the children did not load (expanding again retries)."""
        parent = self._items.get(parent_id)
        if parent is not None and parent.rowCount() == 1:
            placeholder = parent.child(0)
            if placeholder.data(PLACEHOLDER_ROLE):
                placeholder.setText(text)
                placeholder.setData("failed", PLACEHOLDER_ROLE)
                self.tree.collapse(parent.index())

    def _item(self, category: Category) -> QStandardItem:
        item = QStandardItem(category.name)
        item.setData(category.category_id, ID_ROLE)
        item.setToolTip(f"{category.name} · {category.category_id}")
        self._items[category.category_id] = item
        if category.children is not None:
            for child in category.children:
                item.appendRow(self._item(child))
        elif category.may_have_children:
            placeholder = QStandardItem(self.tr("Loading…"))
            placeholder.setData(True, PLACEHOLDER_ROLE)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            item.appendRow(placeholder)
        return item

    def item_of(self, category_id: int) -> QStandardItem | None:
        return self._items.get(category_id)

    # -- choosing ---------------------------------------------------------------------------------

    def select(self, category_id: int) -> None:
        """Choose ``category_id`` (at any depth), as a click in the popup would."""
        item = self._items.get(category_id)
        if item is not None:
            self._choose(item.index())

    def _choose(self, index: QModelIndex) -> None:
        # QComboBox chooses rows of its root: point the root at the item's parent for a moment.
        self.setRootModelIndex(index.parent())
        self.setCurrentIndex(index.row())
        self.setRootModelIndex(QModelIndex())

    def _expanded(self, index: QModelIndex) -> None:
        item = self.tree_model.itemFromIndex(index)
        if item.rowCount() != 1:
            return
        placeholder = item.child(0)
        if not placeholder.data(PLACEHOLDER_ROLE):
            return
        placeholder.setText(self.tr("Loading…"))
        placeholder.setData(True, PLACEHOLDER_ROLE)
        category_id = item.data(ID_ROLE)
        if isinstance(category_id, int):
            self.children_wanted.emit(category_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.tree.viewport() and isinstance(event, QMouseEvent):
            point = event.position().toPoint()
            index = self.tree.indexAt(point)
            on_expander = index.isValid() and point.x() < self.tree.visualRect(index).x()
            if on_expander and kind == QEvent.Type.MouseButtonPress:
                self.tree.setExpanded(index, not self.tree.isExpanded(index))
                return True
            if on_expander and kind == QEvent.Type.MouseButtonRelease:
                return True  # the popup would take it as a choice and close
            if kind == QEvent.Type.MouseButtonRelease and index.isValid():
                if not index.flags() & Qt.ItemFlag.ItemIsSelectable:
                    return True  # a placeholder row
                self._choose(index)
                self.hidePopup()
                return True
        return super().eventFilter(watched, event)
