"""An item view of uniform tiles whose geometry is arithmetic (:mod:`.tile_layout`), not laid out.

It stands in for ``QListView`` in icon mode with the parts of its interface the grid uses —
``gridSize``/``setGridSize``, ``setRowHidden``/``isRowHidden`` — and does what an item view must:
paint the tiles under the exposed rectangle through the delegate, map points and rows both ways,
scroll a row into view with each hint, move the cursor for the arrow, Home/End and page keys, and
select what a rubber band covers. Everything else (selection model, keyboard search, tool tips
through the delegate, fetchMore when the last row shows) is ``QAbstractItemView``'s own.

Scrolling is per pixel; there is no horizontal scrolling (tiles wrap to the width).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPainter, QPaintEvent, QRegion
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyleOptionViewItem, QWidget

from snapview.ui.grid.tile_layout import TileLayout

ModelIndex = QModelIndex | QPersistentModelIndex
Hint = QAbstractItemView.ScrollHint
Move = QAbstractItemView.CursorAction


_SELECTED, _HAS_FOCUS = QStyle.StateFlag.State_Selected, QStyle.StateFlag.State_HasFocus


class UniformTileView(QAbstractItemView):
    """Tiles of one size, left to right and wrapping, in a vertically scrolling viewport."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile_layout = TileLayout()
        # A filter hides or shows thousands of rows in one go: the scroll range follows once, on
        # the next event-loop turn (or before a scroll that needs it), not once a row.
        self._pending_relayout = QTimer(self)
        self._pending_relayout.setSingleShot(True)
        self._pending_relayout.setInterval(0)
        self._pending_relayout.timeout.connect(self._relayout)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    # -- the QListView surface the grid uses ---------------------------------------------------------

    def gridSize(self) -> QSize:
        layout = self.tile_layout
        return QSize(layout.cell_width, layout.cell_height)

    def setGridSize(self, size: QSize) -> None:
        layout = self.tile_layout
        layout.cell_width, layout.cell_height = max(1, size.width()), max(1, size.height())
        self._relayout()

    def setRowHidden(self, row: int, hide: bool) -> None:
        if self.tile_layout.set_hidden(row, hide):
            self._relayout_soon()

    def isRowHidden(self, row: int) -> bool:
        return self.tile_layout.is_hidden(row)

    def show_all_rows(self) -> None:
        """Unhide every row at once (a filter turned off): no per-row walk of 100,000 rows."""
        if self.tile_layout.show_all():
            self._relayout_soon()

    def _relayout_soon(self) -> None:
        """Rows were hidden or shown: relayout once this event-loop turn is over (a filter over
        100,000 rows moves the scroll range once, not once a row)."""
        if not self._pending_relayout.isActive():
            self._pending_relayout.start()

    def isIndexHidden(self, index: ModelIndex) -> bool:
        return self.tile_layout.is_hidden(index.row())

    # -- model changes -------------------------------------------------------------------------------

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            old.rowsRemoved.disconnect(self._relayout)
        super().setModel(model)
        if model is not None:
            model.rowsRemoved.connect(self._relayout)
        self.tile_layout.reset(self._row_count())
        self._relayout()

    def reset(self) -> None:
        self.tile_layout.reset(self._row_count())
        super().reset()
        self._relayout()

    def rowsInserted(self, parent: ModelIndex, start: int, end: int) -> None:
        if parent == self.rootIndex():
            self.tile_layout.insert(start, end - start + 1)
        super().rowsInserted(parent, start, end)
        self._relayout()

    def rowsAboutToBeRemoved(self, parent: ModelIndex, start: int, end: int) -> None:
        if parent == self.rootIndex():
            self.tile_layout.remove(start, end - start + 1)
        super().rowsAboutToBeRemoved(parent, start, end)

    def _model(self) -> QAbstractItemModel | None:
        # Not typed Optional, but None while Qt tears the view down or after setModel(None).
        return self.model()

    def _row_count(self) -> int:
        model = self._model()
        return 0 if model is None else model.rowCount(self.rootIndex())

    def _relayout(self, *args: object) -> None:
        self._pending_relayout.stop()
        self.updateGeometries()
        self.viewport().update()

    # -- geometry ------------------------------------------------------------------------------------

    def updateGeometries(self) -> None:
        layout, viewport = self.tile_layout, self.viewport()
        layout.width = max(1, viewport.width())
        bar = self.verticalScrollBar()
        bar.setPageStep(viewport.height())
        bar.setRange(0, max(0, layout.height - viewport.height()))
        super().updateGeometries()  # Qt's own: fetchMore when the last row shows

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def _slot_rect(self, slot: int) -> QRect:
        layout = self.tile_layout
        x, y = layout.cell(slot)
        return QRect(x, y - self.verticalOffset(), layout.cell_width, layout.cell_height)

    def visualRect(self, index: ModelIndex) -> QRect:
        if not index.isValid() or index.parent() != self.rootIndex():
            return QRect()
        slot = self.tile_layout.slot_of(index.row())
        return QRect() if slot is None else self._slot_rect(slot)

    def indexAt(self, point: QPoint) -> QModelIndex:
        layout, model = self.tile_layout, self._model()
        slot = layout.slot_at(point.x(), point.y() + self.verticalOffset())
        row = None if slot is None else layout.row_at(slot)
        if row is None or model is None:
            return QModelIndex()
        return model.index(row, 0, self.rootIndex())

    def scrollTo(self, index: ModelIndex, hint: Hint = Hint.EnsureVisible) -> None:
        if self._pending_relayout.isActive():
            self._relayout()  # the scroll range must cover the rows shown now
        rect = self.visualRect(index)
        if not rect.isValid():
            return
        bar, height = self.verticalScrollBar(), self.viewport().height()
        top = rect.top() + self.verticalOffset()
        if hint == Hint.PositionAtTop:
            value = top
        elif hint == Hint.PositionAtBottom:
            value = top + rect.height() - height
        elif hint == Hint.PositionAtCenter:
            value = top + (rect.height() - height) // 2
        elif rect.top() < 0 or rect.height() > height:
            value = top
        elif rect.bottom() >= height:
            value = top + rect.height() - height
        else:
            return
        bar.setValue(value)

    def moveCursor(self, action: Move, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        layout, model = self.tile_layout, self._model()
        if model is None or layout.slots == 0:
            return QModelIndex()
        current = self.currentIndex()
        slot = layout.slot_of(current.row()) if current.isValid() else None
        if slot is None:
            target = 0
        else:
            columns, last = layout.columns, layout.slots - 1
            page = max(1, self.viewport().height() // layout.cell_height) * columns
            steps = {
                Move.MoveLeft: -1,
                Move.MovePrevious: -1,
                Move.MoveRight: 1,
                Move.MoveNext: 1,
                Move.MoveUp: -columns,
                Move.MoveDown: columns,
                Move.MovePageUp: -page,
                Move.MovePageDown: page,
            }
            if action == Move.MoveHome:
                target = 0
            elif action == Move.MoveEnd:
                target = last
            elif action == Move.MoveDown and slot + columns > last:
                # A shorter last line below: go to its end, as a file manager does.
                target = last if slot // columns < last // columns else slot
            else:
                target = max(0, min(last, slot + steps.get(action, 0)))
        row = layout.row_at(target)
        return QModelIndex() if row is None else model.index(row, 0, self.rootIndex())

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        model, selection_model = self._model(), self.selectionModel()
        if model is None:
            return
        layout, offset = self.tile_layout, self.verticalOffset()
        area = rect.normalized()
        first_column = max(0, area.left() // layout.cell_width)
        last_column = min(layout.columns - 1, area.right() // layout.cell_width)
        rows: list[int] = []
        for slot in layout.slots_between(area.top() + offset, area.bottom() + offset):
            if first_column <= slot % layout.columns <= last_column:
                row = layout.row_at(slot)
                if row is not None:
                    rows.append(row)
        selection, root = QItemSelection(), self.rootIndex()
        run_start = run_end = -2  # the run of consecutive rows being collected
        for row in rows:
            if row != run_end + 1:
                if run_start >= 0:
                    selection.select(model.index(run_start, 0, root), model.index(run_end, 0, root))
                run_start = row
            run_end = row
        if run_start >= 0:
            selection.select(model.index(run_start, 0, root), model.index(run_end, 0, root))
        selection_model.select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        for slot in self._exposed_slots(self.viewport().rect()):
            row = self.tile_layout.row_at(slot)
            model = self._model()
            if row is not None and model is not None:
                index = model.index(row, 0, self.rootIndex())
                if selection.contains(index):
                    region += self._slot_rect(slot)
        return region

    def _exposed_slots(self, area: QRect) -> range:
        offset = self.verticalOffset()
        return self.tile_layout.slots_between(area.top() + offset, area.bottom() + offset)

    # -- painting ------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        model, delegate = self._model(), self.itemDelegate()
        if model is None:
            return
        painter = QPainter(self.viewport())
        base = QStyleOptionViewItem()
        self.initViewItemOption(base)
        selection, current = self.selectionModel(), self.currentIndex()
        focused = self.hasFocus()
        root, layout = self.rootIndex(), self.tile_layout
        # The tiles in the region that changed, not in its bounding rectangle: two pictures that
        # arrive together at opposite corners must not repaint every tile between them.
        dirty = event.region()
        # One option for every tile, its rectangle and state set per tile: a copy of the base
        # option per tile (font, palette, icon and all) was a tenth of the paint.
        option = base
        state = base.state
        # Ended whatever a delegate raises: Qt warns of a painter still active after its paint event.
        try:
            for slot in self._exposed_slots(event.rect()):
                rect = self._slot_rect(slot)
                row = layout.row_at(slot)
                if row is None or not dirty.intersects(rect):
                    continue
                index = model.index(row, 0, root)
                option.rect = rect
                tile_state = state
                if selection.isSelected(index):
                    tile_state |= _SELECTED
                if focused and index == current:
                    tile_state |= _HAS_FOCUS
                option.state = tile_state
                delegate.paint(painter, option, index)
        finally:
            painter.end()

    def viewportSizeHint(self) -> QSize:
        layout = self.tile_layout
        return QSize(layout.cell_width * min(layout.columns, max(1, layout.slots)), layout.height)
