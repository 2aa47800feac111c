"""Help → Keyboard Shortcuts (F1): every shortcut of the window, in a searchable table.

The rows are collected from the window's own ``QAction`` and ``QShortcut`` objects each time the
dialog opens, so a shortcut a feature adds (or a feature removes) is listed without anyone keeping a
second list up to date. Next to each is where it works: its menu (File, View…), its toolbar, the dock
it belongs to (the inspector's copy commands), the place its owner named (``set_shortcut_place``:
the review keys work in the grid and in the preview), else the main window as a whole.

The rows read in the order a user meets them, not by name: the menus in the menu bar's order,
each in its own order, then the other places in the order they are first met (the same in every
language), each in the order its owner made its keys (P, X, U, then the reason digits 1 to 9 in a
row). A command with the same keys in two places is one row naming both ("Grid, Preview").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

_COLUMN_AIR = 16  # pixels beside a column's widest text, so no word touches the next column
PLACE_PROPERTY = "shortcutPlace"
_LATER = 1 << 16  # the rank of the places after the menu bar's menus


def set_shortcut_place(action: QAction, place: str) -> None:
    """Name where ``action``'s keys work ("Grid"), in the user's language, for the list."""
    action.setProperty(PLACE_PROPERTY, place)


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


def _menu_of(action: QAction) -> QMenu | None:
    for obj in action.associatedObjects():
        if isinstance(obj, QMenu) and obj.title():
            return obj
    return None


def _where(action: QAction) -> str:
    """Where the command works: its menu, else its toolbar, else the place its owner named, else
    the dock (the inspector's copy commands) it belongs to, else the whole window."""
    menu = _menu_of(action)
    if menu is not None:
        return _plain(menu.title())
    for obj in action.associatedObjects():
        if isinstance(obj, QToolBar) and obj.windowTitle():
            return obj.windowTitle()
    place = action.property(PLACE_PROPERTY)
    if isinstance(place, str) and place:
        return place
    return _where_widget(action.parent())


def _where_widget(parent: object) -> str:
    while isinstance(parent, QWidget) and not parent.isWindow():
        if isinstance(parent, QDockWidget) and parent.windowTitle():
            return parent.windowTitle()
        parent = parent.parentWidget()
    return QCoreApplication.translate("ShortcutsDialog", "Main window")


def _rank(action: QAction, menu_bar: list[QAction]) -> tuple[int, int]:
    """(the menu's place in the menu bar, the action's place in its menu), or "after the menus"."""
    menu = _menu_of(action)
    if menu is not None and menu.menuAction() in menu_bar:
        return menu_bar.index(menu.menuAction()), menu.actions().index(action)
    return _LATER, 0


def collect_shortcuts(window: QWidget) -> list[ShortcutRow]:
    """Every action and shortcut object under ``window`` that has keys, in the order of the module
    docstring.

    One action registered twice (a menu and a toolbar) is one row; an action without text (a
    separator, an internal key) falls back to its tool tip or object name, so no key is unlisted."""
    bar = window.menuBar().actions() if isinstance(window, QMainWindow) else []
    # (command, keys) → the places, and the row's rank: its first place's; ``findChildren`` meets
    # the objects in the order they were made.
    places: dict[tuple[str, str], list[str]] = {}
    ranks: dict[tuple[str, str], tuple[int, int, int, int]] = {}
    # The places after the menus in the order they are first met, the same in every language.
    met: dict[str, int] = {}

    def add(name: str, keys: str, where: str, rank: tuple[int, int]) -> None:
        key = (name, keys)
        found = places.setdefault(key, [])
        if where not in found:
            found.append(where)
        place = met.setdefault(where, len(met)) if rank[0] == _LATER else 0
        ranks.setdefault(key, (rank[0], place, rank[1], len(ranks)))

    for action in window.findChildren(QAction):
        keys = _keys(action.shortcuts())
        if keys:
            name = _plain(action.text()) or _plain(action.toolTip()) or action.objectName()
            add(name, keys, _where(action), _rank(action, bar))
    for shortcut in window.findChildren(QShortcut):
        keys = _keys(shortcut.keys())
        if keys and shortcut.isEnabled():
            name = shortcut.whatsThis() or shortcut.objectName() or keys
            add(name, keys, _where_widget(shortcut.parent()), (_LATER, 0))
    ordered = sorted(ranks, key=ranks.__getitem__)
    # The list separator of the user's language ("Grid, Preview"; Chinese: "截图网格、预览").
    comma = QCoreApplication.translate("ShortcutsDialog", ", ")
    return [ShortcutRow(name, keys, comma.join(places[(name, keys)])) for name, keys in ordered]


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
