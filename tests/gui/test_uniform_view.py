"""The grid's item view without a layout pass: the keys, the mouse and scrolling find the tiles
the arithmetic puts on screen, with and without hidden rows, at 100,000 rows at once."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QPoint, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from snapview.ui.grid.uniform_view import UniformTileView

CELL = QSize(100, 80)


class Rows(QAbstractListModel):
    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.rows

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return str(index.row()) if role == Qt.ItemDataRole.DisplayRole else None

    def append(self, count: int) -> None:
        self.beginInsertRows(QModelIndex(), self.rows, self.rows + count - 1)
        self.rows += count
        self.endInsertRows()


def make_view(qtbot: QtBot, rows: int) -> UniformTileView:
    view = UniformTileView()
    qtbot.addWidget(view)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setModel(Rows(rows))
    view.setGridSize(CELL)
    frame = 2 * view.frameWidth()
    view.resize(400 + frame + view.verticalScrollBar().sizeHint().width(), 400 + frame)
    view.show()
    qtbot.waitExposed(view)
    assert view.tile_layout.columns == 4  # four tiles a line, five lines a screen
    return view


def current(view: UniformTileView) -> int:
    return view.currentIndex().row()


def centre_of(view: UniformTileView, row: int) -> QPoint:
    return view.visualRect(view.model().index(row, 0)).center()


def test_arrow_home_end_and_page_keys_walk_the_shown_tiles(qtbot: QtBot) -> None:
    view = make_view(qtbot, 30)
    for row in (1, 5, 6):  # a filter hid these
        view.setRowHidden(row, True)
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert current(view) == 2  # row 1 is skipped
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert current(view) == 8  # four shown tiles further: 3, 4, 7, 8
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert current(view) == 29
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert current(view) == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.tile_layout.slot_of(current(view)) == 20  # five lines of four


def test_a_click_selects_the_tile_under_the_mouse_and_a_drag_the_tiles_it_covers(
    qtbot: QtBot,
) -> None:
    view = make_view(qtbot, 40)
    view.setRowHidden(0, True)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(150, 40))
    assert current(view) == 2  # slot 1 shows row 2 once row 0 is hidden
    start, end = QPoint(390, 170), QPoint(150, 90)  # from the middle of line 2 up into line 1
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    selected = sorted(i.row() for i in view.selectionModel().selectedIndexes())
    assert selected == [6, 7, 8, 10, 11, 12]  # columns 1–3 of lines 1 and 2 (slots 5–7, 9–11)


def test_a_far_row_of_a_hundred_thousand_is_on_screen_at_once(qtbot: QtBot) -> None:
    view = make_view(qtbot, 100_000)
    last = view.model().index(99_999, 0)
    view.scrollTo(last, QAbstractItemView.ScrollHint.PositionAtCenter)
    assert view.viewport().rect().contains(view.visualRect(last).center())
    assert view.indexAt(centre_of(view, 99_999)).row() == 99_999
    assert view.verticalScrollBar().maximum() == 25_000 * CELL.height() - view.viewport().height()


def test_rows_appended_page_by_page_extend_the_scroll_range(qtbot: QtBot) -> None:
    view = make_view(qtbot, 20)  # exactly one screen: nothing to scroll yet
    assert view.verticalScrollBar().maximum() == 0
    model = view.model()
    assert isinstance(model, Rows)
    model.append(20)
    assert view.verticalScrollBar().maximum() == 5 * CELL.height()
    view.scrollTo(model.index(39, 0))
    assert view.indexAt(centre_of(view, 39)).row() == 39


def test_a_filter_over_a_hundred_thousand_rows_moves_the_scroll_range_once_and_scrolls_at_once(
    qtbot: QtBot,
) -> None:
    view = make_view(qtbot, 100_000)
    bar = view.verticalScrollBar()
    for row in range(100_000):
        if row % 10:  # a filter keeps one row in ten
            view.setRowHidden(row, True)
    qtbot.waitUntil(lambda: bar.maximum() == 2_500 * CELL.height() - view.viewport().height())
    assert view.indexAt(QPoint(150, 40)).row() == 10  # the second shown tile
    for row in range(100_000):  # back to every row: the last one is scrolled to at once
        view.setRowHidden(row, False)
    last = view.model().index(99_999, 0)
    view.scrollTo(last, QAbstractItemView.ScrollHint.PositionAtCenter)
    assert view.viewport().rect().contains(view.visualRect(last).center())
    assert view.indexAt(centre_of(view, 99_999)).row() == 99_999


def test_two_changed_tiles_at_opposite_corners_repaint_only_those_two(qtbot: QtBot) -> None:
    # Pictures arrive in batches; painting the bounding rectangle of a batch's tiles ran the
    # delegate for every tile between them (a paint of a tile is ~0.1-0.7 ms of the GUI thread).
    from PySide6.QtWidgets import QStyledItemDelegate

    painted: list[int] = []

    class Counting(QStyledItemDelegate):
        def paint(self, painter, option, index) -> None:
            painted.append(index.row())

    view = make_view(qtbot, 30)
    view.setItemDelegate(Counting(view))
    view.viewport().update()
    qtbot.waitUntil(lambda: sorted(painted) == list(range(20)))  # the whole screen once
    painted.clear()
    model = view.model()
    for row in (0, 19):  # top left and bottom right
        view.update(model.index(row, 0))
    qtbot.waitUntil(lambda: bool(painted))
    assert sorted(painted) == [0, 19]


def test_a_delegate_that_raises_leaves_no_painter_active(qtbot: QtBot, qtlog) -> None:
    """A tile whose painting fails must not leave the view's painter running past the paint event
    (Qt then warns that a painter is still active); the error itself still reaches the hook."""
    from PySide6.QtWidgets import QApplication, QStyledItemDelegate

    class Failing(QStyledItemDelegate):
        def paint(self, painter, option, index) -> None:
            raise RuntimeError("broken tile")

    view = make_view(qtbot, 8)
    view.setItemDelegate(Failing(view))
    with qtbot.capture_exceptions() as raised:
        view.viewport().repaint()
        QApplication.processEvents()  # the paint event's error reaches the hook on the next turn
    assert raised and "broken tile" in str(raised[0][1])
    warnings = [r.message for r in qtlog.records if "active painter" in r.message]
    assert warnings == []
