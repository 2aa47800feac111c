"""Help → Keyboard Shortcuts (F1): every shortcut of the window, in a searchable table.

The rows are collected from the window's own ``QAction`` and ``QShortcut`` objects each time the
dialog opens, so a shortcut a feature adds (or a feature removes) is listed without anyone keeping a
second list up to date. Next to each is where the user finds it: its menu (File, View…), its toolbar, or the dock it
belongs to (the inspector's copy commands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

_COLUMN_AIR = 16  # pixels beside a column's widest text, so no word touches the next column


@dataclass(frozen=True)
class ShortcutRow:
    """One line of the list: what the keys do, the keys as the user's platform writes them, where."""

    command: str
    keys: str
    where: str


def _plain(text: str) -> str:
    """A menu text without its mnemonic or its trailing ellipsis: "&Open Events…" → "Open Events",
    "加载(&L)" → "加载" (Chinese menus put the mnemonic in brackets after the text)."""
    text = re.sub(r"\s*\(&[^&)]\)", "", text)
    text = re.sub(r"&(?!&)", "", text).replace("&&", "&")
    return text.rstrip("….").strip()


def _keys(sequences: list[QKeySequence]) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(s.toString(native) for s in sequences if not s.isEmpty())


def _where(action: QAction) -> str:
    """Where the user finds the command: its menu, else its toolbar, else the dock (the
    inspector's copy commands) or dialog it belongs to."""
    for obj in action.associatedObjects():
        if isinstance(obj, QMenu) and obj.title():
            return _plain(obj.title())
    for obj in action.associatedObjects():
        if isinstance(obj, QToolBar) and obj.windowTitle():
            return obj.windowTitle()
    return _where_widget(action.parent())


def _where_widget(parent: object) -> str:
    while isinstance(parent, QWidget) and not parent.isWindow():
        if isinstance(parent, QDockWidget) and parent.windowTitle():
            return parent.windowTitle()
        parent = parent.parentWidget()
    return ""


def collect_shortcuts(window: QWidget) -> list[ShortcutRow]:
    """Every action and shortcut object under ``window`` that has keys, sorted by menu then name.

    One action registered twice (a menu and a toolbar) is one row; an action without text (a
    separator, an internal key) falls back to its tool tip or object name, so no key is unlisted."""
    rows: set[ShortcutRow] = set()
    for action in window.findChildren(QAction):
        keys = _keys(action.shortcuts())
        if not keys:
            continue
        name = _plain(action.text()) or _plain(action.toolTip()) or action.objectName()
        rows.add(ShortcutRow(name, keys, _where(action)))
    for shortcut in window.findChildren(QShortcut):
        keys = _keys(shortcut.keys())
        if keys and shortcut.isEnabled():
            name = shortcut.whatsThis() or shortcut.objectName() or keys
            rows.add(ShortcutRow(name, keys, _where_widget(shortcut.parent())))
    return sorted(rows, key=lambda r: (r.where == "", r.where, r.command.casefold(), r.keys))


class ShortcutsDialog(QDialog):
    """The shortcut list, with a search box that filters on the command, the keys and the place."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.resize(580, 560)
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("shortcutSearch")
        self.search.setPlaceholderText(self.tr("Search commands or keys"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.rows = collect_shortcuts(window)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Command"), self.tr("Keys"), self.tr("Where")]
        )
        for row in self.rows:
            items = [QStandardItem(row.command), QStandardItem(row.keys), QStandardItem(row.where)]
            for item in items:
                item.setEditable(False)
            self.model.appendRow(items)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)  # every column: "Ctrl+G" and "Go to" both find the row
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search.textChanged.connect(self._update_empty)
        self.table = QTableView()
        self.table.setObjectName("shortcutTable")
        self.table.setModel(self.proxy)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        layout.addWidget(self.table, 1)
        self._fit_columns()
        self.empty_label = QLabel(self.tr("No shortcut matches the search."))
        self.empty_label.setObjectName("shortcutsEmpty")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.search.setFocus()

    def _fit_columns(self) -> None:
        """Every column as wide as its widest cell or title plus some air, whatever the language
        ("主工具栏" ran into the edge of the Where column), the dialog wide enough for all three
        (up to the screen), and the command column taking any room left over."""
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()  # cells and header titles, every row
        needed = 0
        for column in range(self.model.columnCount()):
            width = header.sectionSize(column) + _COLUMN_AIR
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
            needed += width
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The table's frame, the vertical scroll bar and the dialog's margins around the columns.
        margins = self.contentsMargins()
        layout = self.layout()
        if layout is not None:
            margins = layout.contentsMargins()
        chrome = (
            2 * self.table.frameWidth()
            + self.table.verticalScrollBar().sizeHint().width()
            + margins.left()
            + margins.right()
        )
        screen = self.screen().availableGeometry().width()
        self.resize(max(self.width(), min(needed + chrome, screen)), self.height())

    def visible_commands(self) -> list[str]:
        """The commands the table shows now, top to bottom (what a user reads)."""
        return [str(self.proxy.index(r, 0).data()) for r in range(self.proxy.rowCount())]

    def _update_empty(self) -> None:
        self.empty_label.setVisible(self.proxy.rowCount() == 0)
